import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  promotionsTimeline: vi.fn(),
  promotionsRecordEvent: vi.fn(),
  referentialsChoices: vi.fn(),
  mailSend: vi.fn(),
  mailDraft: vi.fn(),
  sheetsOpen: vi.fn(),
  repliesOf: vi.fn(),
}));

import Timeline from "./Timeline.svelte";
import { mailDraft, mailSend, promotionsRecordEvent, promotionsTimeline, referentialsChoices, repliesOf, sheetsOpen } from "../ipc";
import type { SheetSummary } from "../bindings/SheetSummary";
import { resetChoices } from "../choices";
import { choices } from "../test-utils";
import { promotion, promotionEvent } from "../test-utils-promotions";
import type { PromotionHistory } from "../bindings/PromotionHistory";

const sentOnly = (id: number, overrides: Parameters<typeof promotion>[1] = {}): PromotionHistory => ({
  promotion: promotion(id, overrides),
  events: [promotionEvent(id * 10, { kind: "created" }), promotionEvent(id * 10 + 1, { kind: "sent" })],
  sheet: null,
  checkins: [],
});

function sheet(promotionId: number, overrides: Partial<SheetSummary> = {}): SheetSummary {
  return {
    promotionId,
    anonymous: false,
    fileName: "fiche-profil-lea-martin-boulangere.pdf",
    size: 41_800,
    sha256: "ab".repeat(32),
    cuts: [],
    createdAt: "2026-11-02T09:00:00Z",
    ...overrides,
  };
}

const draftByEmail = (id: number): PromotionHistory => ({
  promotion: promotion(id, { status: "draft", sentAt: null, channel: "email", nextEvents: ["sent", "withdrawn", "note"] }),
  events: [promotionEvent(id * 10, { kind: "created" })],
  sheet: sheet(id, { anonymous: true, cuts: ["L'expérience a été raccourcie."] }),
  checkins: [],
});

describe("Timeline", () => {
  beforeEach(() => {
    vi.resetAllMocks();
    vi.mocked(repliesOf).mockResolvedValue([]);
    resetChoices();
    vi.mocked(referentialsChoices).mockResolvedValue(choices());
  });

  it("says when there is no promotion yet", async () => {
    vi.mocked(promotionsTimeline).mockResolvedValue({ items: [], total: 0 });
    render(Timeline, { props: { of: { kind: "candidate", id: 7 } } });
    expect(await screen.findByTestId("timeline-empty")).toHaveTextContent("Aucune promotion pour l'instant.");
    expect(promotionsTimeline).toHaveBeenCalledWith({ kind: "candidate", id: 7 });
    expect(screen.queryByTestId("timeline-promotion")).not.toBeInTheDocument();
  });

  it("shows each promotion's company, status badge, answer reason and facts on a candidate's page", async () => {
    vi.mocked(promotionsTimeline).mockResolvedValue({
      items: [
        sentOnly(1, { companyName: "Fournil du Port", status: "hired" }),
        sentOnly(2, { companyName: "Boulangerie Kerbrat", status: "refused", reason: "distance", channel: "phone" }),
        sentOnly(3, { companyName: "Pâtisserie Le Goff", status: "interview_planned" }),
        sentOnly(4, { companyName: "Crêperie Morvan", status: "kept_on_file" }),
        sentOnly(5, { companyName: "Hôtel Ker Moor", status: "sent", pitch: "" }),
      ],
      total: 5,
    });
    render(Timeline, { props: { of: { kind: "candidate", id: 7 } } });
    await waitFor(() => expect(screen.getAllByTestId("timeline-status")[0]).toHaveTextContent("Embauche"));
    const cards = screen.getAllByTestId("timeline-promotion");
    expect(cards.map((c) => within(c).getByRole("heading").textContent?.trim())).toEqual([
      "Fournil du Port",
      "Boulangerie Kerbrat",
      "Pâtisserie Le Goff",
      "Crêperie Morvan",
      "Hôtel Ker Moor",
    ]);
    const badges = screen.getAllByTestId("timeline-status");
    expect(badges.map((b) => b.textContent?.trim())).toEqual([
      "Embauche",
      "Refusée",
      "Entretien prévu",
      "Profil conservé",
      "Envoyée",
    ]);
    expect(badges[0]).toHaveClass("fr-badge--success");
    expect(badges[1]).toHaveClass("fr-badge--error");
    expect(badges[2]).toHaveClass("fr-badge--info");
    expect(badges[3]).toHaveClass("fr-badge--new");
    expect(badges[4].className).not.toMatch(/fr-badge--(success|error|info|new|warning)/);

    const refused = cards[1];
    expect(within(refused).getByTestId("timeline-reason")).toHaveTextContent("Motif : Distance");
    expect(within(cards[0]).queryByTestId("timeline-reason")).not.toBeInTheDocument();
    expect(refused).toHaveTextContent("Envoyée le 02/11/2026");
    expect(refused).toHaveTextContent("Téléphone");
    expect(within(refused).getByTestId("timeline-contact")).toHaveTextContent("Paul Durand (gérant)");
    const pitch = within(refused).getByTestId("timeline-pitch");
    expect(pitch.tagName).toBe("DETAILS");
    expect(pitch).toHaveTextContent("Léa est boulangère depuis 5 ans.");
    expect(within(cards[4]).queryByTestId("timeline-pitch")).not.toBeInTheDocument();
  });

  it("names the candidate on a company's page and says when older promotions are left out", async () => {
    vi.mocked(promotionsTimeline).mockResolvedValue({
      items: [sentOnly(1, { candidateName: "Hugo Petit" }), sentOnly(2)],
      total: 130,
    });
    render(Timeline, { props: { of: { kind: "company", id: 3 } } });
    const cards = await screen.findAllByTestId("timeline-promotion");
    expect(within(cards[0]).getByRole("heading")).toHaveTextContent("Hugo Petit");
    expect(within(cards[1]).getByRole("heading")).toHaveTextContent("Léa Martin");
    expect(screen.getByTestId("timeline-more")).toHaveTextContent("Les 2 dernières promotions sur 130.");
    expect(promotionsTimeline).toHaveBeenCalledWith({ kind: "company", id: 3 });
  });

  it("says « date non indiquée » for an event a tracker gave without a date, never the sending's day", async () => {
    vi.mocked(promotionsTimeline).mockResolvedValue({
      items: [
        {
          promotion: promotion(1, { status: "interview_planned", statusUndated: true, pitch: "" }),
          sheet: null,
          checkins: [],
          events: [
            promotionEvent(1, { kind: "created", at: "2026-10-08T10:00:00Z" }),
            promotionEvent(2, { kind: "sent", at: "2026-10-08T10:00:00Z" }),
            // Undated: it stands at the sending's moment, for the log's order only.
            promotionEvent(3, {
              kind: "interview_planned",
              at: "2026-10-08T10:00:00Z",
              undated: true,
              interviewAt: "2026-10-20",
              comment: "Tableau de suivi : « entretien le 20/10 »",
            }),
            promotionEvent(4, { kind: "note", at: "2026-10-21T10:00:00Z", comment: "Entretien passé." }),
          ],
        },
      ],
      total: 1,
    });
    render(Timeline, { props: { of: { kind: "candidate", id: 7 } } });
    await waitFor(() => expect(screen.getAllByTestId("timeline-event")[2]).toHaveTextContent("Entretien prévu"));
    const events = screen.getAllByTestId("timeline-event");
    const undated = events[2];
    expect(within(undated).getByTestId("timeline-event-undated")).toHaveTextContent("Date non indiquée");
    expect(undated.querySelector("time")).not.toBeInTheDocument();
    expect(undated).not.toHaveTextContent("08/10/2026");
    // The interview's own day, which the file gave, is a date.
    expect(within(undated).getByTestId("timeline-event-details")).toHaveTextContent("Entretien le 20/10/2026");
    // The dated events keep their date.
    expect(events[1]).toHaveTextContent("08/10/2026 à");
    expect(events[3]).toHaveTextContent("21/10/2026 à");
    expect(within(events[1]).queryByTestId("timeline-event-undated")).not.toBeInTheDocument();
    expect(screen.getAllByTestId("timeline-event-undated")).toHaveLength(1);
  });

  it("shows the employers' replies under their promotion, a pending one saying where to settle it", async () => {
    vi.mocked(promotionsTimeline).mockResolvedValue({
      items: [{ promotion: promotion(1, { status: "sent" }), sheet: null, checkins: [], events: [promotionEvent(1, { kind: "sent" })] }],
      total: 1,
    });
    vi.mocked(repliesOf).mockResolvedValue([
      {
        id: 9,
        promotionId: 1,
        label: "Léa Martin → Boulangerie Kerbrat",
        receivedAt: "2026-11-26T15:40:00Z",
        sender: "Sophie Lambert <sophie.lambert@boulangerie-lambert.example>",
        subject: "Réponse [PRF-3F9A2B7C1D4E/RENCONTRE]",
        words: "Jeudi 14 h ?",
        answerLabel: "Je souhaite rencontrer cette personne",
        proposed: "interested",
        reason: null,
        status: "pending",
        promotion: null,
      },
    ]);
    render(Timeline, { props: { of: { kind: "candidate", id: 7 } } });
    const reply = await screen.findByTestId("timeline-reply");
    expect(reply).toHaveTextContent("26/11/2026 à");
    expect(reply).toHaveTextContent("Réponse de l'employeur par e-mail de Sophie Lambert");
    expect(reply).toHaveTextContent("« Je souhaite rencontrer cette personne »");
    expect(reply).toHaveTextContent("Jeudi 14 h ?");
    expect(screen.getByTestId("timeline-reply-pending")).toHaveTextContent("À confirmer dans Relances : Employeur intéressé");
    expect(repliesOf).toHaveBeenCalledWith({ kind: "candidate", id: 7 });
  });

  it("lists the events with their details, and strikes the cancelled ones", async () => {
    vi.mocked(promotionsTimeline).mockResolvedValue({
      items: [
        {
          promotion: promotion(1, { status: "interview_planned" }),
          sheet: null,
          checkins: [],
          events: [
            promotionEvent(1, { kind: "created" }),
            promotionEvent(2, { kind: "sent", at: "2026-11-02T12:00:00Z" }),
            promotionEvent(3, { kind: "refused", reason: "distance", cancelled: true, author: "Paul Durand" }),
            promotionEvent(4, { kind: "correction", corrects: 3, comment: "Erreur de fiche" }),
            promotionEvent(5, { kind: "interview_planned", interviewAt: "2026-12-03T14:30", comment: "Apporter le CV" }),
            promotionEvent(6, { kind: "hired", contractType: "cdd", startDate: "2027-01-04" }),
          ],
        },
      ],
      total: 1,
    });
    render(Timeline, { props: { of: { kind: "candidate", id: 7 } } });
    await waitFor(() => expect(screen.getAllByTestId("timeline-event")[1]).toHaveTextContent("Envoyée"));
    const events = screen.getAllByTestId("timeline-event");
    expect(events).toHaveLength(6);
    expect(events[1]).toHaveTextContent("02/11/2026 à");
    expect(events[1]).toHaveTextContent("par Claire Morel");

    const cancelled = events[2];
    expect(cancelled).toHaveTextContent("Refus de l'employeur (annulé)");
    expect(cancelled.querySelector("s")).toHaveTextContent("Refus de l'employeur");
    expect(cancelled).toHaveTextContent("Motif : Distance");
    expect(cancelled).toHaveTextContent("par Paul Durand");
    for (const kept of [events[0], events[1], events[3], events[4], events[5]]) {
      expect(kept).not.toHaveTextContent("(annulé)");
      expect(kept.querySelector("s")).toBeNull();
    }

    expect(events[3]).toHaveTextContent("Erreur de fiche");
    expect(events[4]).toHaveTextContent("Entretien prévu");
    expect(events[4]).toHaveTextContent("Entretien le 03/12/2026 à 14:30");
    expect(events[4]).toHaveTextContent("Apporter le CV");
    expect(events[5]).toHaveTextContent("CDD à partir du 04/01/2027");
  });

  it("records an event from a promotion and reloads the timeline", async () => {
    vi.mocked(promotionsTimeline)
      .mockResolvedValueOnce({ items: [sentOnly(1)], total: 1 })
      .mockResolvedValueOnce({
        items: [
          {
            promotion: promotion(1, { status: "interested" }),
            sheet: null,
            checkins: [],
            events: [...sentOnly(1).events, promotionEvent(12, { kind: "interested" })],
          },
        ],
        total: 1,
      });
    vi.mocked(promotionsRecordEvent).mockResolvedValue([promotion(1, { status: "interested" })]);
    const user = userEvent.setup();
    render(Timeline, { props: { of: { kind: "candidate", id: 7 } } });
    await user.click(await screen.findByTestId("timeline-add-event"));
    const dialog = screen.getByTestId("event-dialog");
    expect(dialog).toHaveTextContent("Léa Martin → Boulangerie Kerbrat");
    await user.selectOptions(within(dialog).getByTestId("event-kind"), "interested");
    await user.click(within(dialog).getByTestId("event-save"));
    await waitFor(() => expect(screen.getByTestId("timeline-status")).toHaveTextContent("Employeur intéressé"));
    expect(promotionsRecordEvent).toHaveBeenCalledWith([1], expect.objectContaining({ kind: "interested" }));
    expect(promotionsTimeline).toHaveBeenCalledTimes(2);
    expect(screen.queryByTestId("event-dialog")).not.toBeInTheDocument();
    expect(screen.getAllByTestId("timeline-event")).toHaveLength(3);
  });

  it("closes the dialog on cancel without reloading", async () => {
    vi.mocked(promotionsTimeline).mockResolvedValue({ items: [sentOnly(1)], total: 1 });
    const user = userEvent.setup();
    render(Timeline, { props: { of: { kind: "candidate", id: 7 } } });
    await user.click(await screen.findByTestId("timeline-add-event"));
    await user.click(screen.getByTestId("event-cancel"));
    expect(screen.queryByTestId("event-dialog")).not.toBeInTheDocument();
    expect(promotionsTimeline).toHaveBeenCalledTimes(1);
  });

  it("reloads when refresh changes", async () => {
    vi.mocked(promotionsTimeline).mockResolvedValue({ items: [], total: 0 });
    const { rerender } = render(Timeline, { props: { of: { kind: "candidate", id: 7 }, refresh: 0 } });
    await screen.findByTestId("timeline-empty");
    expect(promotionsTimeline).toHaveBeenCalledTimes(1);
    vi.mocked(promotionsTimeline).mockResolvedValue({ items: [sentOnly(1)], total: 1 });
    await rerender({ of: { kind: "candidate", id: 7 }, refresh: 1 });
    expect(await screen.findByTestId("timeline-promotion")).toBeInTheDocument();
    expect(promotionsTimeline).toHaveBeenCalledTimes(2);
  });

  it("shows a load failure", async () => {
    const { IpcError } = await import("../ipc");
    vi.mocked(promotionsTimeline).mockRejectedValue(new IpcError("database", "Base de données indisponible."));
    render(Timeline, { props: { of: { kind: "candidate", id: 7 } } });
    expect(await screen.findByTestId("timeline-error")).toHaveTextContent("Base de données indisponible.");
  });
  it("shows the sheet each promotion was sent with and opens it to read or print", async () => {
    const user = userEvent.setup();
    vi.mocked(promotionsTimeline).mockResolvedValue({ items: [{ ...sentOnly(1), sheet: sheet(1) }, sentOnly(2)], total: 2 });
    vi.mocked(sheetsOpen).mockResolvedValue("/cache/fiches/fiche-profil-lea-martin-boulangere.pdf");
    render(Timeline, { props: { of: { kind: "candidate", id: 7 } } });
    const [first, second] = await screen.findAllByTestId("timeline-promotion");
    expect(within(first).getByTestId("timeline-sheet")).toHaveTextContent("Fiche profil nominative · 41 Ko");
    expect(within(second).queryByTestId("timeline-sheet")).not.toBeInTheDocument();
    expect(within(first).queryByTestId("timeline-draft-actions")).not.toBeInTheDocument();
    await user.click(within(first).getByTestId("timeline-sheet-open"));
    expect(sheetsOpen).toHaveBeenCalledWith(1);
    expect(await within(first).findByTestId("timeline-outcome")).toHaveTextContent("Fiche ouverte");
  });

  it("says whether each sheet showed the sensitive information, and why", async () => {
    const ticked = { ...sentOnly(1, { sensitiveShown: true, sensitiveReason: "La personne a donné son accord pour que ces informations figurent sur la fiche." }), sheet: sheet(1) };
    const plain = { ...sentOnly(2, { sensitiveShown: false }), sheet: sheet(2) };
    const older = { ...sentOnly(3, { sensitiveShown: null }), sheet: sheet(3) };
    vi.mocked(promotionsTimeline).mockResolvedValue({ items: [ticked, plain, older], total: 3 });
    render(Timeline, { props: { of: { kind: "candidate", id: 7 } } });
    const [first, second, third] = await screen.findAllByTestId("timeline-promotion");
    expect(within(first).getByTestId("timeline-sensitive")).toHaveTextContent(
      "Informations sensibles (RQTH, RSA, QPV…) incluses — La personne a donné son accord",
    );
    expect(within(second).getByTestId("timeline-sensitive")).toHaveTextContent("Sans informations sensibles");
    expect(within(third).queryByTestId("timeline-sensitive")).not.toBeInTheDocument();
  });

  it("sends a draft by e-mail, and shows the server's refusal when it comes", async () => {
    const user = userEvent.setup();
    vi.mocked(promotionsTimeline).mockResolvedValue({ items: [draftByEmail(4)], total: 1 });
    vi.mocked(mailSend).mockResolvedValueOnce([
      { promotionId: 4, label: "Entreprise 4", sent: false, message: "Le serveur de messagerie a refusé l'envoi : 535 5.7.8" },
    ]);
    render(Timeline, { props: { of: { kind: "candidate", id: 7 } } });
    const card = await screen.findByTestId("timeline-promotion");
    expect(within(card).getByTestId("timeline-sheet")).toHaveTextContent("Fiche profil anonymisée");
    expect(within(card).getByTestId("timeline-sheet-cuts")).toHaveTextContent("L'expérience a été raccourcie.");
    await user.click(within(card).getByTestId("timeline-send-email"));
    expect(mailSend).toHaveBeenCalledWith([4]);
    await waitFor(() => expect(screen.getByTestId("timeline-outcome")).toHaveTextContent("535 5.7.8"));
    expect(screen.getByTestId("timeline-outcome")).toHaveClass("fr-message--error");

    vi.mocked(mailSend).mockResolvedValueOnce([{ promotionId: 4, label: "Entreprise 4", sent: true, message: "c@x.example" }]);
    await user.click(screen.getByTestId("timeline-send-email"));
    await waitFor(() => expect(screen.getByTestId("timeline-outcome")).toHaveTextContent("Envoyée par e-mail à c@x.example."));
    expect(promotionsTimeline).toHaveBeenCalledTimes(3);
  });

  it("opens a draft in the mail client, then records the sending once confirmed", async () => {
    const user = userEvent.setup();
    vi.mocked(promotionsTimeline).mockResolvedValue({ items: [draftByEmail(5)], total: 1 });
    vi.mocked(mailDraft).mockResolvedValue(["/cache/brouillons/promotion-5.eml"]);
    vi.mocked(promotionsRecordEvent).mockResolvedValue([promotion(5)]);
    render(Timeline, { props: { of: { kind: "candidate", id: 7 } } });
    await user.click(await screen.findByTestId("timeline-draft"));
    expect(mailDraft).toHaveBeenCalledWith([5]);
    expect(await screen.findByTestId("timeline-outcome")).toHaveTextContent("Brouillon ouvert dans votre messagerie");
    await user.click(screen.getByTestId("timeline-confirm-sent"));
    await waitFor(() => expect(promotionsRecordEvent).toHaveBeenCalledWith([5], expect.objectContaining({ kind: "sent" })));
    expect(await screen.findByText("Promotion marquée envoyée.")).toBeInTheDocument();
  });
});
