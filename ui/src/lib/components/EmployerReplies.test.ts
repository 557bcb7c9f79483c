import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  repliesPending: vi.fn(),
  replyConfirm: vi.fn(),
  replyCorrect: vi.fn(),
  replyClose: vi.fn(),
  referentialsChoices: vi.fn(),
}));

import EmployerReplies from "./EmployerReplies.svelte";
import { IpcError, referentialsChoices, replyClose, replyConfirm, replyCorrect, repliesPending } from "../ipc";
import type { EmployerReply } from "../bindings/EmployerReply";
import { resetChoices } from "../choices";
import { choices } from "../test-utils";
import { promotion } from "../test-utils-promotions";

const meet: EmployerReply = {
  id: 4,
  promotionId: 11,
  label: "Léa Martin → Boulangerie Kerbrat",
  receivedAt: "2026-11-26T15:40:00Z",
  sender: "Sophie Lambert <sophie.lambert@boulangerie-lambert.example>",
  subject: "Réponse [PRF-3F9A2B7C1D4E/RENCONTRE] Je souhaite rencontrer cette personne",
  words: "Je souhaite rencontrer Léa. Jeudi 14 h ?",
  answerLabel: "Je souhaite rencontrer cette personne",
  proposed: "interested",
  reason: null,
  status: "pending",
  promotion: promotion(11, { status: "sent", nextEvents: ["reminded", "interested", "refused", "kept_on_file", "note"] }),
};
const plain: EmployerReply = {
  ...meet,
  id: 5,
  subject: "RE: Candidature",
  words: "Merci, je regarde.",
  answerLabel: null,
  proposed: null,
};

describe("EmployerReplies", () => {
  beforeEach(() => {
    vi.resetAllMocks();
    resetChoices();
    vi.mocked(referentialsChoices).mockResolvedValue(choices());
  });

  it("confirms a one-click answer in one click and reads a free-text reply", async () => {
    const user = userEvent.setup();
    vi.mocked(repliesPending).mockResolvedValueOnce([meet, plain]).mockResolvedValueOnce([plain]).mockResolvedValue([]);
    vi.mocked(replyConfirm).mockResolvedValue(promotion(11, { status: "interested" }));
    vi.mocked(replyClose).mockResolvedValue({ ...plain, status: "read" });
    const onchanged = vi.fn();
    render(EmployerReplies, { onchanged });

    const card = await screen.findByTestId("employer-reply-4");
    expect(card).toHaveTextContent("Léa Martin → Boulangerie Kerbrat");
    expect(card).toHaveTextContent("« Je souhaite rencontrer cette personne »");
    expect(card).toHaveTextContent("Jeudi 14 h ?");
    expect(screen.getByTestId("employer-reply-5")).toHaveTextContent("Réponse libre, à lire");

    await user.click(screen.getByTestId("reply-confirm-4"));
    expect(replyConfirm).toHaveBeenCalledWith(4);
    await waitFor(() => expect(screen.queryByTestId("employer-reply-4")).not.toBeInTheDocument());
    expect(onchanged).toHaveBeenCalledTimes(1);

    await user.click(screen.getByTestId("reply-close-5"));
    expect(replyClose).toHaveBeenCalledWith(5);
    expect(await screen.findByTestId("employer-replies-empty")).toBeInTheDocument();
  });

  it("shows the promotion's refusal of a late answer and keeps it, then corrects another way", async () => {
    const user = userEvent.setup();
    vi.mocked(repliesPending).mockResolvedValue([meet]);
    vi.mocked(replyConfirm).mockRejectedValue(
      new IpcError("rule", "Léa Martin → Boulangerie Kerbrat : Impossible d'enregistrer « Employeur intéressé » : la promotion est « Embauche »."),
    );
    vi.mocked(replyCorrect).mockResolvedValue(promotion(11, { status: "kept_on_file" }));
    render(EmployerReplies, {});

    await user.click(await screen.findByTestId("reply-confirm-4"));
    expect(await screen.findByTestId("employer-reply-outcome")).toHaveTextContent("la promotion est « Embauche »");
    expect(screen.getByTestId("employer-reply-4")).toBeInTheDocument();

    await user.click(screen.getByTestId("reply-correct-4"));
    const kind = await screen.findByTestId("event-kind");
    expect(kind).toHaveValue("interested");
    await user.selectOptions(kind, "kept_on_file");
    await user.click(screen.getByTestId("event-save"));
    await waitFor(() => expect(replyCorrect).toHaveBeenCalledWith(4, expect.objectContaining({ kind: "kept_on_file" })));
  });
});
