import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  importPreview: vi.fn(),
  importRun: vi.fn(),
  importCancel: vi.fn(),
  importSaveReport: vi.fn(),
  pickTracker: vi.fn(),
  dialogsChoose: vi.fn(),
  referentialsChoices: vi.fn(),
}));

import Import from "./Import.svelte";
import type { ImportReport } from "../bindings/ImportReport";
import type { ImportOptions } from "../bindings/ImportOptions";
import {
  importCancel,
  importPreview,
  importRun,
  importSaveReport,
  IpcError,
  dialogsChoose,
  pickTracker,
  referentialsChoices,
} from "../ipc";
import { resetChoices } from "../choices";
import { choices } from "../test-utils";

const COUNTS = {
  rows: 3,
  imported: 2,
  rejected: 1,
  doubtful: 0,
  skipped: 1,
  candidatesCreated: 2,
  candidatesUpdated: 0,
  candidatesUnchanged: 0,
  companiesCreated: 1,
  companiesUpdated: 0,
  companiesUnchanged: 0,
  promotionsCreated: 2,
  promotionsUpdated: 0,
  promotionsUnchanged: 0,
};

function report(overrides: Partial<ImportReport> = {}): ImportReport {
  return {
    file: "suivi.xlsx",
    kind: "tracker",
    fields: [
      { field: "lastName", label: "Nom du candidat", group: "Candidat" },
      { field: "companyName", label: "Entreprise", group: "Entreprise" },
      { field: "status", label: "Retour / suite donnée", group: "Promotion" },
    ],
    availableSheets: ["Suivi"],
    sheets: [{ name: "Suivi", headerRow: 3, dataRows: 3, blankRows: 1, totalRows: 0, repeatedHeaders: 0 }],
    columns: [
      { header: "Nom", field: "lastName", source: "recognised", places: ["Suivi : A"], samples: ["MARTIN", "PETIT"] },
      { header: "Boîte", field: null, source: "unknown", places: ["Suivi : B"], samples: ["Pains & Co"] },
    ],
    statuses: [{ text: "voir avec Paul", rows: 1, event: null, source: "unknown" }],
    warnings: ["Les promotions du fichier sont reprises comme historique."],
    rows: [
      {
        sheet: "Suivi",
        row: 4,
        values: [{ field: "lastName", value: "MARTIN" }],
        outcome: "Candidat créé · Entreprise créée · Promotion créée (Envoyée)",
        rejected: false,
      },
    ],
    issues: [
      {
        sheet: "Suivi",
        row: 6,
        column: "C – SIRET",
        value: "73282932000075",
        reason: "Ce SIRET n'existe pas : la clé de contrôle (Luhn) est fausse.",
        severity: "rejected",
      },
    ],
    counts: COUNTS,
    needsConsentChannel: false,
    noConsentColumn: false,
    unstatedConsents: [],
    committed: false,
    ...overrides,
  };
}

function lastOptions(mock: typeof importPreview | typeof importRun): ImportOptions {
  const calls = vi.mocked(mock).mock.calls;
  return calls[calls.length - 1][1];
}

async function previewOf(user: ReturnType<typeof userEvent.setup>, file = "/home/claire/suivi.xlsx") {
  await user.type(screen.getByTestId("import-path"), file);
  await user.click(screen.getByTestId("import-analyse"));
  await screen.findByTestId("import-preview");
}

describe("Import page", () => {
  beforeEach(() => {
    vi.resetAllMocks();
    resetChoices();
    vi.mocked(referentialsChoices).mockResolvedValue(choices());
  });

  it("asks for a file before anything else", async () => {
    const user = userEvent.setup();
    render(Import);
    await user.click(screen.getByTestId("import-analyse"));
    expect(screen.getByTestId("error-import-path")).toHaveTextContent("Indiquez le fichier à importer.");
    expect(importPreview).not.toHaveBeenCalled();
  });

  it("shows the preview: counts, columns, statuses, first rows and the rejected row with its reason", async () => {
    vi.mocked(importPreview).mockResolvedValue(report());
    const user = userEvent.setup();
    render(Import);
    await previewOf(user);
    expect(importPreview).toHaveBeenCalledWith(
      "/home/claire/suivi.xlsx",
      {
        kind: null,
        sheets: [],
        columns: [],
        statuses: [],
        consentChannel: null,
        channel: null,
        signedBy: "",
        consentAttestation: null,
      },
      expect.any(Function),
    );
    expect(screen.getByTestId("import-preview")).toHaveTextContent("rien n'est encore enregistré");
    expect(screen.getByTestId("import-counts")).toHaveTextContent("3 lignes lues");
    const candidates = within(screen.getByTestId("import-count-candidates")).getAllByRole("cell");
    expect(candidates.map((c) => c.textContent)).toEqual(["2", "0", "0"]);
    const columns = screen.getAllByTestId("import-column");
    expect(columns[1]).toHaveTextContent("Boîte");
    expect(columns[1]).toHaveTextContent("non reconnue");
    expect(screen.getByTestId<HTMLSelectElement>("import-column-0").value).toBe("lastName");
    expect(screen.getByTestId("import-status")).toHaveTextContent("« voir avec Paul »");
    expect(within(screen.getByTestId("import-status")).getByText("non reconnu")).toBeInTheDocument();
    expect(screen.getByTestId("import-row")).toHaveTextContent("Nom du candidat MARTIN");
    const issue = screen.getByTestId("import-issue");
    expect(issue).toHaveTextContent("6");
    expect(issue).toHaveTextContent("C – SIRET");
    expect(issue).toHaveTextContent("clé de contrôle (Luhn) est fausse");
    expect(issue).toHaveTextContent("Rejetée");
    expect(screen.getByTestId("import-warnings")).toHaveTextContent("historique");
    expect(screen.getByTestId("import-run")).toHaveTextContent("Importer 2 lignes");
  });

  it("a corrected column or status refreshes the preview with the correction", async () => {
    vi.mocked(importPreview).mockResolvedValue(report());
    const user = userEvent.setup();
    render(Import);
    await previewOf(user);
    await user.selectOptions(screen.getByTestId("import-column-1"), "companyName");
    await waitFor(() => expect(importPreview).toHaveBeenCalledTimes(2));
    expect(lastOptions(importPreview).columns).toEqual([{ header: "Boîte", field: "companyName" }]);
    await user.selectOptions(screen.getByTestId("import-status-0"), "interested");
    await waitFor(() => expect(importPreview).toHaveBeenCalledTimes(3));
    expect(lastOptions(importPreview).statuses).toEqual([{ text: "voir avec Paul", event: "interested" }]);
    expect(lastOptions(importPreview).columns).toEqual([{ header: "Boîte", field: "companyName" }]);
  });

  it("imports with the corrections, then shows the counts and offers to save the report", async () => {
    vi.mocked(importPreview).mockResolvedValue(report());
    vi.mocked(importRun).mockResolvedValue(report({ committed: true }));
    vi.mocked(dialogsChoose).mockResolvedValue("/home/claire/rapport.xlsx");
    vi.mocked(importSaveReport).mockResolvedValue();
    const user = userEvent.setup();
    render(Import);
    await previewOf(user);
    await user.selectOptions(screen.getByTestId("import-column-1"), "companyName");
    await waitFor(() => expect(importPreview).toHaveBeenCalledTimes(2));
    await user.click(screen.getByTestId("import-run"));
    await screen.findByTestId("import-done");
    expect(lastOptions(importRun).columns).toEqual([{ header: "Boîte", field: "companyName" }]);
    expect(screen.getByTestId("import-notice")).toHaveTextContent("Import terminé : 2 lignes importées, 1 ligne rejetée.");
    expect(screen.getByTestId("import-counts")).toHaveTextContent("2 importées");
    expect(screen.queryByTestId("import-columns")).toBeNull();
    expect(screen.getByTestId("import-issue")).toHaveTextContent("Luhn");
    await user.click(screen.getByTestId("import-save"));
    // The app's save dialog keeps the path; the command that writes takes none.
    await waitFor(() => expect(importSaveReport).toHaveBeenCalledWith());
    expect(dialogsChoose).toHaveBeenCalledWith("importReport", "rapport-import-suivi.xlsx");
    expect(screen.getByTestId("import-notice")).toHaveTextContent("Rapport enregistré");
  });

  it("the native picker fills the path and opens the preview", async () => {
    vi.mocked(pickTracker).mockResolvedValue("/home/claire/suivi.ods");
    vi.mocked(importPreview).mockResolvedValue(report({ file: "suivi.ods" }));
    const user = userEvent.setup();
    render(Import);
    await user.click(screen.getByTestId("import-browse"));
    await screen.findByTestId("import-preview");
    expect(screen.getByTestId<HTMLInputElement>("import-path").value).toBe("/home/claire/suivi.ods");
    expect(vi.mocked(importPreview).mock.calls[0][0]).toBe("/home/claire/suivi.ods");
  });

  it("a file that cannot be read says why and that nothing was written", async () => {
    vi.mocked(importPreview).mockRejectedValue(
      new IpcError("import", "Le fichier « suivi.xlsx » est protégé par un mot de passe : ouvrez-le…"),
    );
    const user = userEvent.setup();
    render(Import);
    await user.type(screen.getByTestId("import-path"), "/home/claire/suivi.xlsx");
    await user.click(screen.getByTestId("import-analyse"));
    const alert = await screen.findByTestId("import-error");
    expect(alert).toHaveTextContent("protégé par un mot de passe");
    expect(alert).toHaveTextContent("Rien n'a été enregistré.");
  });

  it("shows progress with counts and cancels", async () => {
    let finish: (r: ImportReport) => void = () => {};
    vi.mocked(importPreview).mockImplementation((_path, _options, onProgress) => {
      onProgress({ phase: "importing", done: 1200, total: 5000, counts: { ...COUNTS, rejected: 3 } });
      return new Promise((resolve) => (finish = resolve));
    });
    vi.mocked(importCancel).mockResolvedValue();
    const user = userEvent.setup();
    render(Import);
    await user.type(screen.getByTestId("import-path"), "/home/claire/gros.xlsx");
    await user.click(screen.getByTestId("import-analyse"));
    const progress = await screen.findByTestId("import-progress");
    expect(progress).toHaveTextContent(/Vérification : 1\s200 \/ 5\s000 lignes \(3 rejetées\)/);
    expect(within(progress).getByRole("progressbar")).toHaveAttribute("value", "24");
    await user.click(screen.getByTestId("import-cancel"));
    expect(importCancel).toHaveBeenCalled();
    finish(report());
    await screen.findByTestId("import-preview");
  });

  it("a cancelled import is an information, not an error", async () => {
    vi.mocked(importPreview).mockRejectedValue(new IpcError("cancelled", "Import annulé : rien n'a été enregistré."));
    const user = userEvent.setup();
    render(Import);
    await user.type(screen.getByTestId("import-path"), "/home/claire/suivi.xlsx");
    await user.click(screen.getByTestId("import-analyse"));
    expect(await screen.findByTestId("import-notice")).toHaveTextContent("Import annulé");
    expect(screen.queryByTestId("import-error")).toBeNull();
  });

  it("asks how consents were collected when the file does not say, and sends the answer", async () => {
    vi.mocked(importPreview).mockResolvedValue(report({ needsConsentChannel: true }));
    const user = userEvent.setup();
    render(Import);
    await previewOf(user);
    await user.selectOptions(screen.getByTestId("import-consent-channel"), "written");
    await waitFor(() => expect(importPreview).toHaveBeenCalledTimes(2));
    expect(lastOptions(importPreview).consentChannel).toBe("written");
  });

  it("attests the consents a file does not state only when asked, row by row, and shows the core's refusal", async () => {
    const unstated = [
      { sheet: "Suivi", row: 4, name: "Gwenaëlle LE DÛ", attested: false },
      { sheet: "Suivi", row: 5, name: "Yannick QUÉRÉ", attested: false },
    ];
    vi.mocked(importPreview).mockResolvedValue(report({ noConsentColumn: true, unstatedConsents: unstated }));
    const user = userEvent.setup();
    render(Import);
    await previewOf(user);
    const panel = screen.getByTestId("import-attestation");
    expect(panel).toHaveTextContent("Ce fichier n'a pas de colonne de consentement : 2 lignes créeraient un candidat");
    expect(lastOptions(importPreview).consentAttestation).toBeNull();
    // Without a channel, nothing is sent.
    await user.click(screen.getByTestId("import-attest"));
    await user.click(screen.getByTestId("import-attest-apply"));
    expect(screen.getByTestId("import-attest-error")).toHaveTextContent("Indiquez comment");
    expect(importPreview).toHaveBeenCalledTimes(1);
    await user.selectOptions(screen.getByTestId("import-attest-channel"), "written");
    await user.click(screen.getAllByTestId("import-attest-row")[1]);
    await user.click(screen.getByTestId("import-attest-apply"));
    await waitFor(() => expect(importPreview).toHaveBeenCalledTimes(2));
    expect(lastOptions(importPreview).consentAttestation).toEqual({
      on: { kind: "firstPromotion" },
      channel: "written",
      excluded: [{ sheet: "Suivi", row: 5 }],
    });
    // One date for all, which the core refuses: its message shows in the panel.
    vi.mocked(importPreview).mockRejectedValueOnce(
      new IpcError("validation", "Le consentement attesté ne peut pas être daté dans le futur.", [
        { field: "consentAttestation", message: "Le consentement attesté ne peut pas être daté dans le futur." },
      ]),
    );
    await user.click(screen.getByTestId("import-attest-one"));
    await user.type(screen.getByTestId("import-attest-date"), "2027-01-01");
    await user.click(screen.getByTestId("import-attest-apply"));
    expect(await screen.findByTestId("import-attest-error")).toHaveTextContent("dans le futur");
    expect(lastOptions(importPreview).consentAttestation?.on).toEqual({ kind: "date", date: "2027-01-01" });
    // Another file: the attestation and the core's refusal of it are forgotten.
    await user.clear(screen.getByTestId("import-path"));
    await user.type(screen.getByTestId("import-path"), "/home/claire/autre.xlsx");
    await user.click(screen.getByTestId("import-analyse"));
    await waitFor(() => expect(importPreview).toHaveBeenCalledTimes(4));
    expect(lastOptions(importPreview).consentAttestation).toBeNull();
    expect(screen.queryByTestId("import-attest-error")).toBeNull();
    expect(screen.getByTestId("import-attest")).not.toBeChecked();
  });

  it("a company list told by its columns: said so, companies counted alone, the notice counts companies", async () => {
    const list = report({
      file: "annuaire.xlsx",
      kind: "companyList",
      fields: [
        { field: "siret", label: "SIRET", group: "Entreprise" },
        { field: "nafCode", label: "Code NAF (APE)", group: "Entreprise" },
      ],
      columns: [
        { header: "SIRET", field: "siret", source: "recognised", places: ["Établissements : A"], samples: [] },
        { header: "Code APE", field: "nafCode", source: "recognised", places: ["Établissements : D"], samples: ["1071C"] },
      ],
      statuses: [],
      warnings: ["Liste d'entreprises : chaque ligne crée l'entreprise de son SIRET…"],
      rows: [],
      issues: [
        {
          sheet: "Établissements",
          row: 10,
          column: "D – Code APE",
          value: "99.99Z",
          reason: "Code NAF « 99.99Z » inconnu de la nomenclature NAF : vérifiez-le (ex. 10.71C).",
          severity: "rejected",
        },
      ],
      counts: { ...COUNTS, rows: 5, imported: 4, candidatesCreated: 0, promotionsCreated: 0, companiesCreated: 3, companiesUpdated: 1 },
    });
    vi.mocked(importPreview).mockResolvedValue(list);
    vi.mocked(importRun).mockResolvedValue({ ...list, committed: true });
    const user = userEvent.setup();
    render(Import);
    await previewOf(user, "/home/claire/annuaire.xlsx");
    expect(screen.getByTestId("import-kind-companyList")).toBeChecked();
    expect(screen.getByTestId("import-kind-tracker")).not.toBeChecked();
    expect(screen.getByTestId("import-kind-source")).toHaveTextContent("Reconnu d'après ses colonnes");
    expect(screen.queryByTestId("import-count-candidates")).toBeNull();
    expect(screen.queryByTestId("import-count-promotions")).toBeNull();
    const companies = within(screen.getByTestId("import-count-companies")).getAllByRole("cell");
    expect(companies.map((c) => c.textContent)).toEqual(["3", "1", "0"]);
    expect(screen.getByTestId("import-issue")).toHaveTextContent("Code NAF « 99.99Z » inconnu");
    const options = within(screen.getByTestId("import-column-1")).getAllByRole("option");
    expect(options.map((o) => o.textContent)).toEqual(["Ne pas importer", "SIRET", "Code NAF (APE)"]);
    await user.click(screen.getByTestId("import-run"));
    await screen.findByTestId("import-done");
    expect(screen.getByTestId("import-notice")).toHaveTextContent(
      "Import terminé : 3 entreprises créées, 1 mise à jour, 1 ligne rejetée.",
    );
  });

  it("the counsellor says the file is a company list; a new file is told by its columns again", async () => {
    vi.mocked(importPreview).mockResolvedValue(report());
    const user = userEvent.setup();
    render(Import);
    await previewOf(user);
    expect(screen.getByTestId("import-kind-tracker")).toBeChecked();
    vi.mocked(importPreview).mockResolvedValue(report({ kind: "companyList" }));
    await user.click(screen.getByTestId("import-kind-companyList"));
    await waitFor(() => expect(importPreview).toHaveBeenCalledTimes(2));
    expect(lastOptions(importPreview).kind).toBe("companyList");
    expect(await screen.findByTestId("import-kind-source")).toHaveTextContent("Choisi par vous.");
    expect(screen.getByTestId("import-kind-companyList")).toBeChecked();
    await user.clear(screen.getByTestId("import-path"));
    await user.type(screen.getByTestId("import-path"), "/home/claire/autre.xlsx");
    await user.click(screen.getByTestId("import-analyse"));
    await waitFor(() => expect(importPreview).toHaveBeenCalledTimes(3));
    expect(lastOptions(importPreview).kind).toBeNull();
  });

  it("with several sheets, leaving one out previews the others only", async () => {
    vi.mocked(importPreview).mockResolvedValue(
      report({
        availableSheets: ["2026", "2025", "Notes"],
        sheets: [
          { name: "2026", headerRow: 2, dataRows: 4, blankRows: 0, totalRows: 0, repeatedHeaders: 0 },
          { name: "2025", headerRow: 2, dataRows: 1, blankRows: 0, totalRows: 0, repeatedHeaders: 0 },
          { name: "Notes", headerRow: 0, dataRows: 0, blankRows: 0, totalRows: 0, repeatedHeaders: 0 },
        ],
      }),
    );
    const user = userEvent.setup();
    render(Import);
    await previewOf(user);
    const boxes = screen.getAllByTestId("import-sheet");
    expect(screen.getByTestId("import-sheets")).toHaveTextContent("aucun tableau reconnu");
    await user.click(boxes[1]);
    await waitFor(() => expect(importPreview).toHaveBeenCalledTimes(2));
    expect(lastOptions(importPreview).sheets).toEqual(["2026", "Notes"]);
  });
});
