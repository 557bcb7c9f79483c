import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  followUpsList: vi.fn(),
  promotionsRecordEvent: vi.fn(),
  referentialsChoices: vi.fn(),
}));

import FollowUps from "./FollowUps.svelte";
import { followUpsList, IpcError, promotionsRecordEvent, referentialsChoices } from "../ipc";
import { resetChoices } from "../choices";
import { choices } from "../test-utils";
import { followUp, followUpPage, promotion, promotionSettings } from "../test-utils-promotions";

const REMINDED = {
  kind: "reminded",
  on: "",
  comment: "",
  reason: null,
  interviewAt: "",
  contractType: null,
  startDate: "",
} as const;

/** Three promotions waiting, oldest first; the first one is urgent. */
function threeWaiting() {
  return followUpPage(
    [
      followUp(promotion(1, { candidateName: "Léa Martin", companyName: "Boulangerie Kerbrat", reminders: 2 }), {
        waitingDays: 21,
        daysSinceContact: 8,
        urgent: true,
      }),
      followUp(
        promotion(2, {
          candidateName: "Hugo Petit",
          companyName: "Fournil du Port",
          contact: { name: "Anne Le Goff", role: "responsable RH", email: "rh@fournil.example", phone: null },
        }),
        { waitingDays: 9 },
      ),
      followUp(promotion(3, { candidateName: "Inès Roux", companyName: "Crêperie Morvan", contact: null }), { waitingDays: 7 }),
    ],
    { total: 3, urgent: 1 },
  );
}

describe("Relances page", () => {
  beforeEach(() => {
    vi.resetAllMocks();
    resetChoices();
    vi.mocked(referentialsChoices).mockResolvedValue(choices());
  });

  it("says when there is nothing to follow up, with the rules", async () => {
    vi.mocked(followUpsList).mockResolvedValue(followUpPage([], { settings: promotionSettings({ reminderDays: 10 }) }));
    render(FollowUps);
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Relances");
    expect(await screen.findByTestId("followups-empty")).toHaveTextContent("Aucune relance à faire aujourd'hui.");
    expect(screen.getByTestId("page-relances")).toHaveTextContent("sans réponse depuis 10 jours ou plus après le dernier contact");
    expect(screen.queryByTestId("followups-count")).not.toBeInTheDocument();
    expect(screen.queryByTestId("followup-row")).not.toBeInTheDocument();
    expect(followUpsList).toHaveBeenCalledWith({ paging: { offset: 0, limit: 50 }, mine: false });
  });

  it("shows the counsellor's own promotions, or all of them, from the first page", async () => {
    const user = userEvent.setup();
    vi.mocked(followUpsList).mockResolvedValue(threeWaiting());
    render(FollowUps);
    await screen.findAllByTestId("followup-row");
    expect(screen.getByTestId("followups-scope-all")).toBeChecked();
    await user.click(screen.getByLabelText("Mes promotions"));
    await waitFor(() => expect(followUpsList).toHaveBeenLastCalledWith({ paging: { offset: 0, limit: 50 }, mine: true }));
    expect(screen.getByTestId("followups-scope-mine")).toBeChecked();
    await user.click(screen.getByLabelText("Toutes"));
    await waitFor(() => expect(followUpsList).toHaveBeenLastCalledWith({ paging: { offset: 0, limit: 50 }, mine: false }));
  });

  it("counts the follow-ups and explains the thresholds", async () => {
    vi.mocked(followUpsList).mockResolvedValue(threeWaiting());
    render(FollowUps);
    expect(await screen.findByTestId("followups-count")).toHaveTextContent("3 promotions à relancer, dont 1 urgente");
    expect(screen.getByTestId("followups-rules")).toHaveTextContent(
      "sans réponse depuis 7 jours ou plus après le dernier contact ; urgentes après 15 jours d'attente",
    );
  });

  it("lists the rows oldest first with contact links, waiting time, urgency and reminders", async () => {
    vi.mocked(followUpsList).mockResolvedValue(threeWaiting());
    render(FollowUps);
    const rows = await screen.findAllByTestId("followup-row");
    expect(rows.map((r) => within(r).getByTestId("followup-candidate").textContent?.trim())).toEqual([
      "Léa Martin",
      "Hugo Petit",
      "Inès Roux",
    ]);
    const [first, second, third] = rows;
    expect(first).toHaveTextContent("Boulangerie Kerbrat");
    expect(first).toHaveTextContent("Paul Durand");
    expect(first).toHaveTextContent("gérant");
    const phone = within(first).getByTestId("followup-phone");
    expect(phone).toHaveAttribute("href", "tel:0612345678");
    expect(phone).toHaveTextContent("06 12 34 56 78");
    expect(within(first).getByRole("link", { name: "paul.durand@example.fr" })).toHaveAttribute(
      "href",
      "mailto:paul.durand@example.fr",
    );
    expect(first).toHaveTextContent("02/11/2026");
    expect(within(first).getByTestId("followup-waiting")).toHaveTextContent("En attente depuis 21 jours");
    expect(within(first).getByTestId("followup-urgent")).toHaveTextContent("Urgent");
    expect(within(first).getByTestId("followup-reminders")).toHaveTextContent("2 relances");

    expect(within(second).queryByTestId("followup-urgent")).not.toBeInTheDocument();
    expect(within(second).queryByTestId("followup-phone")).not.toBeInTheDocument();
    expect(within(second).getByRole("link", { name: "rh@fournil.example" })).toHaveAttribute("href", "mailto:rh@fournil.example");
    expect(within(second).getByTestId("followup-reminders")).toHaveTextContent("Aucune relance");
    expect(third).toHaveTextContent("Aucun contact désigné");
    expect(within(third).getByTestId("followup-waiting")).toHaveTextContent("En attente depuis 7 jours");
  });

  it("records a call's result in one dialog, then reloads and confirms", async () => {
    const page = threeWaiting();
    vi.mocked(followUpsList)
      .mockResolvedValueOnce(page)
      .mockResolvedValueOnce(followUpPage(page.items.slice(1), { total: 2, urgent: 0 }));
    vi.mocked(promotionsRecordEvent).mockResolvedValue([promotion(1, { status: "interested" })]);
    const user = userEvent.setup();
    render(FollowUps);
    const rows = await screen.findAllByTestId("followup-row");
    await user.click(within(rows[0]).getByTestId("followup-record"));

    const dialog = screen.getByTestId("event-dialog");
    expect(dialog).toHaveTextContent("Léa Martin → Boulangerie Kerbrat");
    expect(within(dialog).getByTestId("event-kind")).toHaveValue("reminded");
    await user.selectOptions(within(dialog).getByTestId("event-kind"), "interested");
    await user.click(within(dialog).getByTestId("event-save"));

    expect(await screen.findByTestId("followups-notice")).toHaveTextContent("Employeur intéressé");
    expect(promotionsRecordEvent).toHaveBeenCalledTimes(1);
    expect(promotionsRecordEvent).toHaveBeenCalledWith([1], { ...REMINDED, kind: "interested" });
    expect(screen.queryByTestId("event-dialog")).not.toBeInTheDocument();
    expect(followUpsList).toHaveBeenCalledTimes(2);
    expect(screen.getAllByTestId("followup-row")).toHaveLength(2);
    expect(screen.getByTestId("followups-count")).toHaveTextContent("2 promotions à relancer, dont 0 urgente");
  });

  it("marks the selected promotions reminded in one action and reloads", async () => {
    const page = threeWaiting();
    vi.mocked(followUpsList).mockResolvedValueOnce(page).mockResolvedValueOnce(followUpPage([page.items[1]]));
    vi.mocked(promotionsRecordEvent).mockResolvedValue([
      promotion(1, { status: "reminded" }),
      promotion(3, { status: "reminded" }),
    ]);
    const user = userEvent.setup();
    render(FollowUps);
    const rows = await screen.findAllByTestId("followup-row");
    expect(screen.queryByTestId("followups-bulk-reminded")).not.toBeInTheDocument();
    await user.click(within(rows[0]).getByTestId("followup-select"));
    await user.click(within(rows[2]).getByTestId("followup-select"));
    const bulk = screen.getByTestId("followups-bulk-reminded");
    expect(bulk).toHaveTextContent("Marquer relancées (2)");
    await user.click(bulk);

    expect(await screen.findByTestId("followups-notice")).toHaveTextContent("2 promotions marquées relancées.");
    expect(promotionsRecordEvent).toHaveBeenCalledWith([1, 3], REMINDED);
    expect(followUpsList).toHaveBeenCalledTimes(2);
    expect(screen.getAllByTestId("followup-row")).toHaveLength(1);
    expect(screen.queryByTestId("followups-bulk-reminded")).not.toBeInTheDocument();
  });

  it("records any common event on the selected promotions", async () => {
    vi.mocked(followUpsList).mockResolvedValue(threeWaiting());
    vi.mocked(promotionsRecordEvent).mockResolvedValue([promotion(2), promotion(3)]);
    const user = userEvent.setup();
    render(FollowUps);
    const rows = await screen.findAllByTestId("followup-row");
    await user.click(within(rows[1]).getByTestId("followup-select"));
    await user.click(within(rows[2]).getByTestId("followup-select"));
    await user.click(screen.getByTestId("followups-bulk-event"));
    const dialog = screen.getByTestId("event-dialog");
    expect(dialog).toHaveTextContent("2 promotions");
    expect(within(dialog).getByTestId("event-kind")).toHaveValue("");
    await user.selectOptions(within(dialog).getByTestId("event-kind"), "withdrawn");
    await user.click(within(dialog).getByTestId("event-save"));
    expect(await screen.findByTestId("followups-notice")).toHaveTextContent("Événement noté sur 2 promotions.");
    expect(promotionsRecordEvent).toHaveBeenCalledWith([2, 3], { ...REMINDED, kind: "withdrawn" });
    await waitFor(() => expect(followUpsList).toHaveBeenCalledTimes(2));
  });

  it("shows a bulk refusal naming the refused promotions and keeps the selection", async () => {
    vi.mocked(followUpsList).mockResolvedValue(threeWaiting());
    vi.mocked(promotionsRecordEvent).mockRejectedValue(
      new IpcError("rule", "Aucun événement enregistré : 1 promotion(s) sur 2 ne le permettent pas. Inès Roux → Crêperie Morvan : déjà refusée"),
    );
    const user = userEvent.setup();
    render(FollowUps);
    const rows = await screen.findAllByTestId("followup-row");
    await user.click(within(rows[1]).getByTestId("followup-select"));
    await user.click(within(rows[2]).getByTestId("followup-select"));
    await user.click(screen.getByTestId("followups-bulk-reminded"));
    expect(await screen.findByTestId("followups-error")).toHaveTextContent("Inès Roux → Crêperie Morvan : déjà refusée");
    expect(screen.getByTestId("followups-bulk-reminded")).toHaveTextContent("Marquer relancées (2)");
    expect(screen.queryByTestId("followups-notice")).not.toBeInTheDocument();
    expect(followUpsList).toHaveBeenCalledTimes(1);
  });

  it("pages 50 at a time", async () => {
    const items = Array.from({ length: 50 }, (_, i) => followUp(promotion(i + 1)));
    vi.mocked(followUpsList).mockResolvedValue(followUpPage(items, { total: 120, urgent: 4 }));
    const user = userEvent.setup();
    render(FollowUps);
    expect(await screen.findByTestId("followups-count")).toHaveTextContent("120 promotions à relancer, dont 4 urgentes");
    await user.click(screen.getByTestId("pagination-next"));
    await waitFor(() => expect(followUpsList).toHaveBeenLastCalledWith({ paging: { offset: 50, limit: 50 }, mine: false }));
  });
});
