import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  promotionsRecordEvent: vi.fn(),
  referentialsChoices: vi.fn(),
}));

import EventDialog from "./EventDialog.svelte";
import { IpcError, promotionsRecordEvent, referentialsChoices } from "../ipc";
import { resetChoices } from "../choices";
import { choices } from "../test-utils";
import { promotion } from "../test-utils-promotions";
import type { EventInput } from "../bindings/EventInput";
import type { EventKind } from "../bindings/EventKind";
import type { Promotion } from "../bindings/Promotion";

/** The input of an event with nothing but its kind. */
function input(overrides: Partial<EventInput>): EventInput {
  return { kind: null, on: "", comment: "", reason: null, interviewAt: "", contractType: null, startDate: "", ...overrides };
}

const INTERESTED_NEXT: EventKind[] = [
  "interview_planned",
  "information_requested",
  "refused",
  "hired",
  "kept_on_file",
  "not_retained",
  "withdrawn",
  "note",
  "correction",
];

function setup(promotions: Promotion[], initialKind: EventKind | null = null) {
  const onrecorded = vi.fn();
  const onclose = vi.fn();
  render(EventDialog, { props: { promotions, initialKind, onrecorded, onclose } });
  return { onrecorded, onclose, user: userEvent.setup() };
}

const optionLabels = (select: HTMLElement) =>
  within(select)
    .getAllByRole("option")
    .filter((o) => (o as HTMLOptionElement).value !== "")
    .map((o) => o.textContent?.trim());

describe("EventDialog", () => {
  beforeEach(() => {
    vi.resetAllMocks();
    resetChoices();
    vi.mocked(referentialsChoices).mockResolvedValue(choices());
  });

  it("is a labelled modal naming the promotion", async () => {
    setup([promotion(1)]);
    const dialog = screen.getByRole("dialog", { name: /Noter un événement/ });
    expect(dialog).toHaveAttribute("data-testid", "event-dialog");
    expect(dialog).toHaveAttribute("aria-modal", "true");
    expect(dialog).toHaveTextContent("Léa Martin → Boulangerie Kerbrat");
    expect(screen.getByTestId("event-kind")).toHaveFocus();
    expect(screen.getByLabelText(/Date \(si ce n'est pas aujourd'hui\)/)).toHaveAttribute("data-testid", "event-on");
  });

  it("offers only the events every promotion allows, with their labels", async () => {
    setup([promotion(1), promotion(2, { status: "interested", nextEvents: INTERESTED_NEXT })]);
    expect(screen.getByTestId("event-dialog")).toHaveTextContent("2 promotions");
    await waitFor(() => expect(optionLabels(screen.getByTestId("event-kind"))).toContain("Entretien prévu"));
    expect(optionLabels(screen.getByTestId("event-kind"))).toEqual([
      "Entretien prévu",
      "Informations demandées",
      "Refus de l'employeur",
      "Profil conservé",
      "Promotion retirée",
      "Note",
      "Corriger : annuler le dernier événement",
    ]);
  });

  it("records a reminder call's result in one step: open, choose, save", async () => {
    const updated = [promotion(1, { status: "interested" })];
    vi.mocked(promotionsRecordEvent).mockResolvedValue(updated);
    const { user, onrecorded } = setup([promotion(1)], "reminded");
    expect(screen.getByTestId("event-kind")).toHaveValue("reminded");
    await user.selectOptions(screen.getByTestId("event-kind"), "interested");
    await user.type(screen.getByTestId("event-comment"), "Veut la rencontrer.");
    await user.click(screen.getByTestId("event-save"));
    await waitFor(() => expect(onrecorded).toHaveBeenCalledWith(updated));
    expect(promotionsRecordEvent).toHaveBeenCalledWith([1], input({ kind: "interested", comment: "Veut la rencontrer." }));
  });

  it("ignores an initial kind some promotion does not allow", () => {
    setup([promotion(1, { status: "interested", nextEvents: INTERESTED_NEXT })], "reminded");
    expect(screen.getByTestId("event-kind")).toHaveValue("");
  });

  it("asks the interview's date and time and sends it", async () => {
    vi.mocked(promotionsRecordEvent).mockResolvedValue([promotion(1)]);
    const { user, onrecorded } = setup([promotion(1)]);
    expect(screen.queryByTestId("event-interview-at")).not.toBeInTheDocument();
    await user.selectOptions(screen.getByTestId("event-kind"), "interview_planned");
    const at = screen.getByTestId("event-interview-at");
    expect(at).toHaveAttribute("type", "datetime-local");
    expect(screen.queryByTestId("event-reason")).not.toBeInTheDocument();
    expect(screen.queryByTestId("event-contract")).not.toBeInTheDocument();
    await fireEvent.input(at, { target: { value: "2026-12-03T14:30" } });
    await fireEvent.input(screen.getByTestId("event-on"), { target: { value: "2026-11-20" } });
    await user.click(screen.getByTestId("event-save"));
    await waitFor(() => expect(onrecorded).toHaveBeenCalled());
    expect(promotionsRecordEvent).toHaveBeenCalledWith(
      [1],
      input({ kind: "interview_planned", interviewAt: "2026-12-03T14:30", on: "2026-11-20" }),
    );
  });

  it("asks the refusal's reason and sends it", async () => {
    vi.mocked(promotionsRecordEvent).mockResolvedValue([promotion(1)]);
    const { user, onrecorded } = setup([promotion(1)]);
    await user.selectOptions(screen.getByTestId("event-kind"), "refused");
    const reason = await screen.findByTestId("event-reason");
    await waitFor(() => expect(optionLabels(reason)).toContain("Distance"));
    await user.selectOptions(reason, "distance");
    expect(screen.queryByTestId("event-interview-at")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("event-save"));
    await waitFor(() => expect(onrecorded).toHaveBeenCalled());
    expect(promotionsRecordEvent).toHaveBeenCalledWith([1], input({ kind: "refused", reason: "distance" }));
  });

  it("asks the hire's contract and start date and sends them", async () => {
    vi.mocked(promotionsRecordEvent).mockResolvedValue([promotion(1)]);
    const { user, onrecorded } = setup([promotion(1, { status: "interested", nextEvents: INTERESTED_NEXT })]);
    await user.selectOptions(screen.getByTestId("event-kind"), "hired");
    const contract = screen.getByTestId("event-contract");
    await waitFor(() => expect(optionLabels(contract)).toEqual(["CDI", "CDD", "Intérim"]));
    await user.selectOptions(contract, "cdd");
    await fireEvent.input(screen.getByTestId("event-start-date"), { target: { value: "2027-01-04" } });
    expect(screen.queryByTestId("event-reason")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("event-save"));
    await waitFor(() => expect(onrecorded).toHaveBeenCalled());
    expect(promotionsRecordEvent).toHaveBeenCalledWith(
      [1],
      input({ kind: "hired", contractType: "cdd", startDate: "2027-01-04" }),
    );
  });

  it("does not send the fields of a kind chosen then left", async () => {
    vi.mocked(promotionsRecordEvent).mockResolvedValue([promotion(1)]);
    const { user } = setup([promotion(1)]);
    await user.selectOptions(screen.getByTestId("event-kind"), "interview_planned");
    await fireEvent.input(screen.getByTestId("event-interview-at"), { target: { value: "2026-12-03T14:30" } });
    await user.selectOptions(screen.getByTestId("event-kind"), "note");
    await user.type(screen.getByTestId("event-comment"), "Rappeler lundi");
    await user.click(screen.getByTestId("event-save"));
    await waitFor(() => expect(promotionsRecordEvent).toHaveBeenCalledWith([1], input({ kind: "note", comment: "Rappeler lundi" })));
  });

  it("shows the field errors under their fields", async () => {
    vi.mocked(promotionsRecordEvent).mockRejectedValue(
      new IpcError("validation", "Le formulaire contient des erreurs.", [
        { field: "interviewAt", message: "Indiquez la date de l'entretien." },
        { field: "on", message: "La date ne peut pas être dans le futur." },
      ]),
    );
    const { user, onrecorded } = setup([promotion(1)]);
    await user.selectOptions(screen.getByTestId("event-kind"), "interview_planned");
    await user.click(screen.getByTestId("event-save"));
    expect(await screen.findByTestId("event-interviewAt-error")).toHaveTextContent("Indiquez la date de l'entretien.");
    expect(screen.getByTestId("event-interview-at")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("event-on-error")).toHaveTextContent("La date ne peut pas être dans le futur.");
    expect(screen.queryByTestId("event-error")).not.toBeInTheDocument();
    expect(onrecorded).not.toHaveBeenCalled();
  });

  it("asks for a kind before sending anything", async () => {
    const { user } = setup([promotion(1)]);
    await user.click(screen.getByTestId("event-save"));
    expect(screen.getByTestId("event-kind-error")).toHaveTextContent("Choisissez ce qui s'est passé.");
    expect(promotionsRecordEvent).not.toHaveBeenCalled();
  });

  it("shows a rule refusal naming each refused promotion in an alert", async () => {
    const message =
      "Aucun événement enregistré : 2 promotion(s) sur 3 ne le permettent pas. Léa Martin → Boulangerie Kerbrat : déjà refusée\nHugo Petit → Fournil : déjà refusée";
    vi.mocked(promotionsRecordEvent).mockRejectedValue(new IpcError("rule", message));
    const { user, onrecorded } = setup([promotion(1), promotion(2), promotion(3)], "reminded");
    await user.click(screen.getByTestId("event-save"));
    const alert = await screen.findByTestId("event-error");
    expect(alert).toHaveAttribute("role", "alert");
    expect(alert.textContent).toContain("Léa Martin → Boulangerie Kerbrat : déjà refusée\nHugo Petit → Fournil : déjà refusée");
    expect(alert.querySelector("p")).toHaveClass("event-dialog__message");
    expect(onrecorded).not.toHaveBeenCalled();
    expect(screen.getByTestId("event-save")).toBeEnabled();
  });

  it("records the same event on every promotion of a bulk action", async () => {
    vi.mocked(promotionsRecordEvent).mockResolvedValue([promotion(4), promotion(5), promotion(6)]);
    const { user, onrecorded } = setup([promotion(4), promotion(5), promotion(6)]);
    await user.selectOptions(screen.getByTestId("event-kind"), "kept_on_file");
    await user.click(screen.getByTestId("event-save"));
    await waitFor(() => expect(onrecorded).toHaveBeenCalled());
    expect(promotionsRecordEvent).toHaveBeenCalledWith([4, 5, 6], input({ kind: "kept_on_file" }));
  });

  it("keeps the keyboard focus inside the dialog", async () => {
    const { user } = setup([promotion(1)]);
    screen.getByTestId("event-cancel").focus();
    await user.tab();
    expect(screen.getByTitle("Fermer")).toHaveFocus();
    await user.tab({ shift: true });
    expect(screen.getByTestId("event-cancel")).toHaveFocus();
  });

  it("closes on cancel and on Escape without recording", async () => {
    const { user, onclose } = setup([promotion(1)]);
    await user.click(screen.getByTestId("event-cancel"));
    expect(onclose).toHaveBeenCalledTimes(1);
    await user.keyboard("{Escape}");
    expect(onclose).toHaveBeenCalledTimes(2);
    expect(promotionsRecordEvent).not.toHaveBeenCalled();
  });
});
