import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  promotionsList: vi.fn(),
  promotionsRecordEvent: vi.fn(),
  referentialsChoices: vi.fn(),
  statsFigurePromotions: vi.fn(),
}));

import Promotions from "./Promotions.svelte";
import { IpcError, promotionsList, promotionsRecordEvent, referentialsChoices, statsFigurePromotions } from "../ipc";
import { resetChoices } from "../choices";
import { choices } from "../test-utils";
import { promotion } from "../test-utils-promotions";
import type { Page } from "../bindings/Page";
import type { Promotion } from "../bindings/Promotion";
import type { PromotionQuery } from "../bindings/PromotionQuery";
import type { FigureQuery } from "../bindings/FigureQuery";
import { handOver } from "../stats.svelte";
import { dashboard } from "../test-utils-stats";

type User = ReturnType<typeof userEvent.setup>;

const page = (items: Promotion[], total = items.length): Page<Promotion> => ({ items, total });

/** Three promotions at different stages, latest first as the core sends them. */
function rows(): Promotion[] {
  return [
    promotion(3, {
      candidateName: "Léa Martin",
      companyName: "Boulangerie Kerbrat",
      channel: "visit",
      status: "hired",
      sentAt: "2026-10-05T09:00:00Z",
      statusAt: "2026-11-12T10:00:00Z",
      nextEvents: ["note", "correction"],
    }),
    promotion(2, {
      candidateName: "Karim Benali",
      companyName: "Transports Le Goff",
      channel: "phone",
      status: "refused",
      sentAt: "2026-10-20T09:00:00Z",
      statusAt: "2026-11-04T15:00:00Z",
      reason: "no_vacancy",
      nextEvents: ["note", "correction"],
    }),
    promotion(1, {
      candidateName: "Sophie Le Bihan",
      companyName: "Garage Morvan",
      channel: "email",
      status: "sent",
      sentAt: "2026-11-02T09:00:00Z",
      statusAt: "2026-11-02T09:00:00Z",
    }),
  ];
}

/** The query as the page first sends it: every promotion, first page. */
function query(overrides: Partial<PromotionQuery> = {}): PromotionQuery {
  return { search: "", statuses: [], candidateId: null, companyId: null, paging: { offset: 0, limit: 50 }, ...overrides };
}

const lastQuery = () => vi.mocked(promotionsList).mock.lastCall?.[0];

const cellTexts = (row: HTMLElement) => [...row.querySelectorAll("td")].map((td) => td.textContent?.trim());

async function select(user: User, name: string) {
  await user.click(screen.getByRole("checkbox", { name }));
}

describe("Promotions page", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    resetChoices();
    vi.mocked(referentialsChoices).mockResolvedValue(choices());
    vi.mocked(promotionsList).mockResolvedValue(page(rows()));
  });

  it("lists every promotion with its company, channel, status, dates and refusal reason", async () => {
    render(Promotions);
    const page_ = screen.getByTestId("page-promotions");
    expect(within(page_).getByRole("heading", { level: 1 })).toHaveTextContent("Promotions");

    const found = await screen.findAllByTestId("promotion-row");
    expect(found).toHaveLength(3);
    expect(promotionsList).toHaveBeenCalledWith(query());
    expect(screen.getByTestId("promotions-total")).toHaveTextContent("3 promotions");
    expect(screen.getByLabelText("Rechercher une promotion")).toHaveAttribute("placeholder", "Nom du candidat ou de l'entreprise…");

    const headers = within(screen.getByTestId("promotions-table"))
      .getAllByRole("columnheader")
      .map((th) => th.textContent?.trim());
    expect(headers.slice(1)).toEqual(["Candidat", "Entreprise", "Canal", "Statut", "Envoyée le", "Dernier changement", "Motif"]);

    await waitFor(() => expect(screen.getAllByTestId("promotion-status").map((b) => b.textContent?.trim())).toEqual([
      "Embauche",
      "Refusée",
      "Envoyée",
    ]));
    expect(cellTexts(found[1]).slice(1)).toEqual([
      "Karim Benali",
      "Transports Le Goff",
      "Téléphone",
      "Refusée",
      "20/10/2026",
      "04/11/2026",
      "Pas de poste à pourvoir",
    ]);
    expect(cellTexts(found[0])[3]).toBe("Visite en entreprise");
    expect(cellTexts(found[2]).at(-1)).toBe("");

    const badges = screen.getAllByTestId("promotion-status");
    expect(badges[0]).toHaveClass("fr-badge", "fr-badge--success");
    expect(badges[1]).toHaveClass("fr-badge", "fr-badge--error");
    expect(badges[2]).not.toHaveClass("fr-badge--success", "fr-badge--error", "fr-badge--info", "fr-badge--new");

    // Promotions are made from a candidate's page: no add button, rows do not open a form.
    expect(within(screen.getByTestId("promotions-table")).queryByRole("button")).not.toBeInTheDocument();
  });

  it("says the date of a status a tracker gave without one is not known, rather than a date", async () => {
    const imported = promotion(4, {
      candidateName: "Manon Lefebvre",
      companyName: "Fournil du Rhône",
      status: "refused",
      reason: "other",
      pitch: "",
      sentAt: "2026-10-06T10:00:00Z",
      // Only the log's order: the sending's moment.
      statusAt: "2026-10-06T10:00:00Z",
      statusUndated: true,
      nextEvents: ["note", "correction"],
    });
    vi.mocked(promotionsList).mockResolvedValue(page([imported, ...rows()]));
    render(Promotions);
    const found = await screen.findAllByTestId("promotion-row");
    const statusAt = found.map((row) => within(row).getByTestId("promotion-status-at").textContent?.trim());
    expect(statusAt).toEqual(["Date non indiquée", "12/11/2026", "04/11/2026", "02/11/2026"]);
    expect(within(found[0]).getByTestId("promotion-sent")).toHaveTextContent("06/10/2026");
  });

  it("colours the answers: information for the positive ones, new for a kept profile", async () => {
    vi.mocked(promotionsList).mockResolvedValue(
      page([
        promotion(1, { status: "interview_planned" }),
        promotion(2, { status: "kept_on_file" }),
        promotion(3, { status: "no_answer" }),
        promotion(4, { status: "not_retained", reason: "distance" }),
      ]),
    );
    render(Promotions);
    await waitFor(() => expect(screen.getAllByTestId("promotion-status")[0]).toHaveTextContent("Entretien prévu"));
    const badges = screen.getAllByTestId("promotion-status");
    expect(badges[0]).toHaveClass("fr-badge--info");
    expect(badges[1]).toHaveClass("fr-badge--new");
    expect(badges[1]).toHaveTextContent("Profil conservé");
    expect(badges[2]).toHaveClass("fr-badge--error");
    expect(badges[3]).toHaveClass("fr-badge--error");
    expect(screen.getAllByTestId("promotion-reason")[3]).toHaveTextContent("Distance");
  });

  it("says where promotions come from when there is none", async () => {
    vi.mocked(promotionsList).mockResolvedValue(page([]));
    render(Promotions);
    const empty = await screen.findByTestId("promotions-empty");
    expect(empty).toHaveTextContent(
      "Aucune promotion pour l'instant — ouvrez la fiche d'un candidat et cliquez sur « Promouvoir ».",
    );
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
    expect(screen.queryByTestId("promotions-status-filter")).not.toBeInTheDocument();
  });

  it("sends the statuses of the chosen filter, from the first page", async () => {
    const user = userEvent.setup();
    render(Promotions);
    await screen.findAllByTestId("promotion-row");
    const filter = screen.getByTestId("promotions-status-filter");
    expect(filter).toHaveAccessibleName("Statut");
    expect([...filter.querySelectorAll("option")].map((o) => o.textContent)).toEqual([
      "Tous les statuts",
      "En attente de réponse",
      "Réponse positive",
      "Embauches",
      "Refus et non retenus",
      "Sans réponse",
      "Brouillons",
      "Retirées",
    ]);

    const expected: [string, PromotionQuery["statuses"]][] = [
      ["En attente de réponse", ["sent", "reminded"]],
      ["Réponse positive", ["interested", "interview_planned", "information_requested", "kept_on_file"]],
      ["Embauches", ["hired"]],
      ["Refus et non retenus", ["refused", "not_retained"]],
      ["Sans réponse", ["no_answer"]],
      ["Brouillons", ["draft"]],
      ["Retirées", ["withdrawn"]],
      ["Tous les statuts", []],
    ];
    for (const [label, statuses] of expected) {
      await user.selectOptions(filter, label);
      await waitFor(() => expect(lastQuery()).toEqual(query({ statuses })));
    }
  });

  it("says when no promotion has the chosen status", async () => {
    const user = userEvent.setup();
    render(Promotions);
    await screen.findAllByTestId("promotion-row");
    vi.mocked(promotionsList).mockResolvedValue(page([]));
    await user.selectOptions(screen.getByTestId("promotions-status-filter"), "Brouillons");
    expect(await screen.findByTestId("promotions-no-match")).toHaveTextContent("Aucune promotion n'a ce statut.");
    expect(screen.queryByTestId("promotions-empty")).not.toBeInTheDocument();
    expect(screen.getByTestId("promotions-status-filter")).toHaveValue("draft");
  });

  it("lists the promotions behind a dashboard figure until asked for all of them", async () => {
    const user = userEvent.setup();
    const figure: FigureQuery = {
      query: { period: { kind: "month", on: "2026-11-15" }, counsellor: "Claire Morel", agency: null, domain: null, publics: [], channel: null, department: null, commune: null, territoryOf: "candidate" },
      figure: "hires",
      companyId: null,
      reason: null,
      asOf: "2026-12-10T08:00:00Z",
    };
    window.location.hash = "";
    handOver.open(dashboard({ query: figure.query }), "hires");
    expect(window.location.hash).toBe("#/promotions");
    vi.mocked(statsFigurePromotions).mockResolvedValue(page([]));
    render(Promotions);
    expect(await screen.findByTestId("promotions-figure-description")).toHaveTextContent("Embauches · novembre 2026 · Claire Morel");
    expect(statsFigurePromotions).toHaveBeenLastCalledWith(figure, query());
    expect(promotionsList).not.toHaveBeenCalled();
    // Nothing behind the figure: said so, not the empty list's invitation.
    expect(await screen.findByTestId("promotions-no-match")).toHaveTextContent("Aucune promotion derrière ce chiffre.");
    expect(screen.getByTestId("promotions-figure-back")).toHaveAttribute("href", "#/tableau-de-bord");
    await user.click(screen.getByTestId("promotions-figure-clear"));
    await waitFor(() => expect(lastQuery()).toEqual(query()));
    expect(screen.queryByTestId("promotions-figure")).not.toBeInTheDocument();
    // Taken once: the next visit from the menu lists every promotion.
    expect(handOver.take()).toBeNull();
  });

  it("searches by candidate or company name", async () => {
    const user = userEvent.setup();
    render(Promotions);
    await screen.findAllByTestId("promotion-row");
    await user.type(screen.getByTestId("promotions-search"), "kerbrat");
    await waitFor(() => expect(lastQuery()).toEqual(query({ search: "kerbrat" })));
  });

  it("shows the load error when the list cannot be read", async () => {
    vi.mocked(promotionsList).mockRejectedValue(new IpcError("database", "Base indisponible."));
    render(Promotions);
    const alert = await screen.findByTestId("list-error");
    expect(alert).toHaveTextContent("La liste des promotions n'a pas pu être chargée.");
    expect(alert).toHaveTextContent("Base indisponible.");
  });

  describe("bulk event", () => {
    it("records one event on the selected promotions, then reloads and clears the selection", async () => {
      const user = userEvent.setup();
      const waiting = [
        promotion(11, { candidateName: "Léa Martin", companyName: "Boulangerie Kerbrat" }),
        promotion(12, { candidateName: "Karim Benali", companyName: "Transports Le Goff" }),
        promotion(13, { candidateName: "Sophie Le Bihan", companyName: "Garage Morvan" }),
      ];
      vi.mocked(promotionsList).mockResolvedValue(page(waiting));
      const interested = waiting.map((p) => ({ ...p, status: "interested" as const }));
      vi.mocked(promotionsRecordEvent).mockResolvedValue([interested[0], interested[2]]);
      render(Promotions);
      await screen.findAllByTestId("promotion-row");
      expect(screen.queryByTestId("promotions-bulk-event")).not.toBeInTheDocument();

      await select(user, "Sélectionner la promotion de Léa Martin chez Boulangerie Kerbrat");
      await select(user, "Sélectionner la promotion de Sophie Le Bihan chez Garage Morvan");
      expect(screen.getAllByTestId("promotion-select").map((c) => (c as HTMLInputElement).checked)).toEqual([
        true,
        false,
        true,
      ]);
      expect(screen.getByTestId("selection-count")).toHaveTextContent("2 promotions sélectionnées");
      const bulk = screen.getByTestId("promotions-bulk-event");
      expect(bulk).toHaveTextContent("Noter un événement pour la sélection (2)");

      await user.click(bulk);
      const dialog = await screen.findByTestId("event-dialog");
      expect(within(dialog).getByTestId("event-who")).toHaveTextContent("2 promotions");

      vi.mocked(promotionsList).mockClear();
      vi.mocked(promotionsList).mockResolvedValue(page([interested[0], waiting[1], interested[2]]));
      await user.selectOptions(within(dialog).getByTestId("event-kind"), "interested");
      await user.click(within(dialog).getByTestId("event-save"));

      expect(await screen.findByTestId("promotions-notice")).toHaveTextContent("Événement enregistré pour 2 promotions.");
      expect(promotionsRecordEvent).toHaveBeenCalledWith([11, 13], expect.objectContaining({ kind: "interested" }));
      expect(promotionsList).toHaveBeenCalledTimes(1);
      expect(lastQuery()).toEqual(query());
      expect(screen.queryByTestId("event-dialog")).not.toBeInTheDocument();
      expect(screen.queryByTestId("selection-bar")).not.toBeInTheDocument();
      expect(screen.queryByTestId("promotions-bulk-event")).not.toBeInTheDocument();
      expect(screen.getAllByTestId("promotion-select").some((c) => (c as HTMLInputElement).checked)).toBe(false);
      expect(screen.getAllByTestId("promotion-status").map((b) => b.textContent?.trim())).toEqual([
        "Employeur intéressé",
        "Envoyée",
        "Employeur intéressé",
      ]);
    });

    it("gives the dialog the promotions ticked before a search changed the rows", async () => {
      const user = userEvent.setup();
      const lea = promotion(21, { candidateName: "Léa Martin", companyName: "Boulangerie Kerbrat" });
      const karim = promotion(22, { candidateName: "Karim Benali", companyName: "Transports Le Goff" });
      vi.mocked(promotionsList).mockResolvedValue(page([lea]));
      vi.mocked(promotionsRecordEvent).mockResolvedValue([lea, karim]);
      render(Promotions);
      await screen.findAllByTestId("promotion-row");
      await select(user, "Sélectionner la promotion de Léa Martin chez Boulangerie Kerbrat");

      vi.mocked(promotionsList).mockResolvedValue(page([karim]));
      await user.type(screen.getByTestId("promotions-search"), "benali");
      await screen.findByRole("checkbox", { name: "Sélectionner la promotion de Karim Benali chez Transports Le Goff" });
      await select(user, "Sélectionner la promotion de Karim Benali chez Transports Le Goff");

      await user.click(screen.getByTestId("promotions-bulk-event"));
      const dialog = await screen.findByTestId("event-dialog");
      expect(within(dialog).getByTestId("event-who")).toHaveTextContent("2 promotions");
      await user.selectOptions(within(dialog).getByTestId("event-kind"), "reminded");
      await user.click(within(dialog).getByTestId("event-save"));
      await screen.findByTestId("promotions-notice");
      expect(promotionsRecordEvent).toHaveBeenCalledWith([21, 22], expect.objectContaining({ kind: "reminded" }));
    });

    it("keeps the selection when the dialog is closed without recording", async () => {
      const user = userEvent.setup();
      render(Promotions);
      await screen.findAllByTestId("promotion-row");
      await select(user, "Sélectionner la promotion de Sophie Le Bihan chez Garage Morvan");
      await user.click(screen.getByTestId("promotions-bulk-event"));
      const dialog = await screen.findByTestId("event-dialog");
      expect(within(dialog).getByTestId("event-who")).toHaveTextContent("Sophie Le Bihan → Garage Morvan");
      await user.click(within(dialog).getByTestId("event-cancel"));

      expect(screen.queryByTestId("event-dialog")).not.toBeInTheDocument();
      expect(screen.getByTestId("promotions-bulk-event")).toHaveTextContent("Noter un événement pour la sélection (1)");
      expect(promotionsRecordEvent).not.toHaveBeenCalled();
      expect(promotionsList).toHaveBeenCalledTimes(1);
      expect(screen.queryByTestId("promotions-notice")).not.toBeInTheDocument();
    });
  });
  it("writes the sheets of the selected promotions into a folder", async () => {
    const user = userEvent.setup();
    vi.mocked(promotionsList).mockResolvedValue(
      page([
        promotion(21, { candidateName: "Léa Martin", companyName: "Boulangerie Kerbrat" }),
        promotion(22, { candidateName: "Karim Benali", companyName: "Transports Le Goff" }),
      ]),
    );
    render(Promotions);
    await screen.findAllByTestId("promotion-row");
    await user.click(screen.getByRole("checkbox", { name: "Sélectionner la promotion de Karim Benali chez Transports Le Goff" }));
    await user.click(screen.getByTestId("promotions-bulk-sheets"));
    const dialog = await screen.findByTestId("sheets-batch-dialog");
    expect(dialog).toHaveTextContent("1 fiche envoyée avec sa promotion");
    expect(within(dialog).queryByTestId("sheets-batch-anonymous")).not.toBeInTheDocument();
    await user.click(within(dialog).getByTestId("sheets-batch-close"));
    expect(screen.queryByTestId("sheets-batch-dialog")).not.toBeInTheDocument();
  });
});
