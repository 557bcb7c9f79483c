import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  checkinsDue: vi.fn(),
  checkinsRecord: vi.fn(),
  checkinsReschedule: vi.fn(),
  referentialsChoices: vi.fn(),
}));

import HireCheckins from "./HireCheckins.svelte";
import { checkinsDue, checkinsRecord, checkinsReschedule, IpcError, referentialsChoices } from "../ipc";
import type { Checkin } from "../bindings/Checkin";
import type { DueCheckin } from "../bindings/DueCheckin";
import { resetChoices } from "../choices";
import { choices } from "../test-utils";

function checkin(id: number, overrides: Partial<Checkin> = {}): Checkin {
  return {
    id,
    promotionId: 10 + id,
    kind: "one_month",
    dueOn: "2027-01-07",
    doneOn: null,
    inJob: null,
    leftReason: null,
    comment: "",
    author: null,
    recordedAt: null,
    ...overrides,
  };
}

function due(id: number, candidateName: string, companyName: string, overrides: Partial<DueCheckin> = {}): DueCheckin {
  return {
    checkin: checkin(id),
    candidateId: 100 + id,
    candidateName,
    companyId: 200 + id,
    companyName,
    contractType: "cdi",
    startDate: "2026-12-07",
    daysLate: 0,
    ...overrides,
  };
}

const maelys = due(1, "Maëlys Le Goff", "Boulangerie Le Guen");
const erwan = due(2, "Erwan Tanguy", "Fournil de l'Odet", {
  checkin: checkin(2, { kind: "trial_end", dueOn: "2027-01-02" }),
  contractType: "cdd",
  daysLate: 5,
});

describe("HireCheckins", () => {
  beforeEach(() => {
    vi.resetAllMocks();
    resetChoices();
    vi.mocked(referentialsChoices).mockResolvedValue(choices());
  });

  it("says when no check-in is due", async () => {
    vi.mocked(checkinsDue).mockResolvedValue({ items: [], total: 0 });
    render(HireCheckins);
    expect(await screen.findByTestId("checkins-empty")).toHaveTextContent("Aucun point de suivi à faire aujourd'hui.");
  });

  it("says how many are due when it lists only the oldest", async () => {
    vi.mocked(checkinsDue).mockResolvedValue({ items: [erwan, maelys], total: 13254 });
    render(HireCheckins);
    expect((await screen.findByTestId("checkins-count")).textContent?.replace(/\s+/g, " ").trim()).toBe(
      "13 254 points de suivi à faire (les 2 plus anciens ci-dessous)",
    );
  });

  it("records « Toujours en poste » in one click and reloads", async () => {
    const user = userEvent.setup();
    vi.mocked(checkinsDue)
      .mockResolvedValueOnce({ items: [erwan, maelys], total: 2 })
      .mockResolvedValue({ items: [erwan], total: 1 });
    vi.mocked(checkinsRecord).mockResolvedValue(checkin(1, { doneOn: "2027-01-07", inJob: true }));
    const onchanged = vi.fn();
    render(HireCheckins, { onchanged });

    expect(await screen.findByTestId("checkins-count")).toHaveTextContent("2 points de suivi à faire");
    const rows = screen.getAllByTestId("checkin-row");
    const cell = (row: HTMLElement, id: string) => within(row).getByTestId(id).textContent?.replace(/\s+/g, " ").trim();
    expect(cell(rows[0], "checkin-kind")).toBe("Point de fin de période d'essai");
    expect(cell(rows[0], "checkin-candidate")).toBe("Erwan Tanguy");
    expect(cell(rows[0], "checkin-company")).toBe("Fournil de l'Odet");
    expect(cell(rows[0], "checkin-contract")).toBe("CDD débuté le 07/12/2026");
    expect(cell(rows[0], "checkin-late")).toBe("En retard de 5 jours");
    expect(cell(rows[1], "checkin-contract")).toBe("CDI débuté le 07/12/2026");
    expect(cell(rows[1], "checkin-when")).toBe("07/01/2027");
    expect(within(rows[1]).queryByTestId("checkin-late")).toBeNull();

    await user.click(within(rows[1]).getByTestId("checkin-in-job"));
    expect(checkinsRecord).toHaveBeenCalledWith({ id: 1, inJob: true, leftReason: null, comment: "", on: "" });
    expect(await screen.findByTestId("checkins-notice")).toHaveTextContent(
      "Point à 1 mois noté : Maëlys Le Goff toujours en poste chez Boulangerie Le Guen.",
    );
    await waitFor(() => expect(screen.getAllByTestId("checkin-row")).toHaveLength(1));
    expect(onchanged).toHaveBeenCalledOnce();
  });

  it("shows the core's refusal beside each field of « A quitté le poste » and keeps the form", async () => {
    const user = userEvent.setup();
    vi.mocked(checkinsDue).mockResolvedValue({ items: [maelys], total: 1 });
    vi.mocked(checkinsRecord)
      .mockRejectedValueOnce(
        new IpcError("validation", "Le formulaire contient des erreurs.", [
          { field: "comment", message: "Précisez le motif dans le commentaire." },
        ]),
      )
      .mockResolvedValue(checkin(1, { doneOn: "2027-01-07", inJob: false, leftReason: "other" }));
    render(HireCheckins);

    await user.click(await screen.findByTestId("checkin-left"));
    await user.selectOptions(screen.getByTestId("checkin-left-reason"), "other");
    await user.click(screen.getByTestId("checkin-save"));
    expect(checkinsRecord).toHaveBeenLastCalledWith({ id: 1, inJob: false, leftReason: "other", comment: "", on: "" });
    expect(await screen.findByTestId("checkin-error-comment")).toHaveTextContent("Précisez le motif dans le commentaire.");
    expect(screen.getByTestId("checkin-form")).toBeInTheDocument();

    await user.type(screen.getByTestId("checkin-left-comment"), "Déménagement à Brest");
    await user.click(screen.getByTestId("checkin-save"));
    expect(checkinsRecord).toHaveBeenLastCalledWith({
      id: 1,
      inJob: false,
      leftReason: "other",
      comment: "Déménagement à Brest",
      on: "",
    });
    expect(await screen.findByTestId("checkins-notice")).toHaveTextContent("a quitté le poste chez Boulangerie Le Guen");
  });

  it("moves a check-in to another day", async () => {
    const user = userEvent.setup();
    vi.mocked(checkinsDue).mockResolvedValue({ items: [maelys], total: 1 });
    vi.mocked(checkinsReschedule).mockResolvedValue(checkin(1, { dueOn: "2027-01-14" }));
    render(HireCheckins);

    await user.click(await screen.findByTestId("checkin-move"));
    const field = screen.getByTestId("checkin-due-on");
    await user.clear(field);
    await user.type(field, "2027-01-14");
    await user.click(screen.getByTestId("checkin-save"));
    expect(checkinsReschedule).toHaveBeenCalledWith({ id: 1, dueOn: "2027-01-14" });
    expect(await screen.findByTestId("checkins-notice")).toHaveTextContent("reporté au 14/01/2027");
  });
});
