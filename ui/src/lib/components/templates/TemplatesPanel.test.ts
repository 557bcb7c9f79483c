import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../ipc")>()),
  promotionsPitchTemplates: vi.fn(),
  templatesCreate: vi.fn(),
  templatesUpdate: vi.fn(),
  templatesDuplicate: vi.fn(),
  templatesDelete: vi.fn(),
  templatesSetDefault: vi.fn(),
  templatesExport: vi.fn(),
  templatesImport: vi.fn(),
}));

import TemplatesPanel from "./TemplatesPanel.svelte";
import {
  promotionsPitchTemplates,
  templatesCreate,
  templatesDelete,
  templatesDuplicate,
  templatesImport,
  templatesSetDefault,
  templatesUpdate,
} from "../../ipc";
import { validationError } from "../../test-utils";
import type { PitchTemplate } from "../../bindings/PitchTemplate";
import type { PitchTemplates } from "../../bindings/PitchTemplates";

const SHORT: PitchTemplate = {
  reference: { kind: "builtin", id: "short" },
  key: "builtin-short",
  title: "Présentation courte",
  subject: "Proposition de candidature : {métier}",
  body: "Bonjour, je vous présente {prénom}.",
  builtin: true,
  defaultFor: ["F"],
};

const MINE: PitchTemplate = {
  reference: { kind: "stored", id: 4 },
  key: "stored-4",
  title: "Métiers de bouche",
  subject: "Candidature de {prénom}",
  body: "Bonjour, {prénom} est {métier}.",
  builtin: false,
  defaultFor: ["D"],
};

function loaded(templates: PitchTemplate[] = [SHORT, MINE]): PitchTemplates {
  return {
    templates,
    fields: [
      { field: "{prénom}", description: "Prénom du candidat" },
      { field: "{entreprise}", description: "Nom de l'entreprise" },
    ],
    domains: [
      { domain: "D", label: "Commerce, Vente et Grande distribution", templateKey: "stored-4", chosen: true },
      { domain: "F", label: "Construction, Bâtiment et Travaux publics", templateKey: "builtin-short", chosen: false },
    ],
    suggested: "builtin-short",
    maxTitle: 80,
    maxSubject: 200,
    maxBody: 5000,
  };
}

const rowOf = async (title: string) =>
  (await screen.findAllByTestId("template-row")).find((r) => within(r).getByTestId("template-title").textContent === title)!;

describe("TemplatesPanel", () => {
  beforeEach(() => {
    vi.resetAllMocks();
    vi.mocked(promotionsPitchTemplates).mockResolvedValue(loaded());
  });

  it("lists built-in and own templates; only one's own are edited and deleted", async () => {
    render(TemplatesPanel);
    const builtin = await rowOf("Présentation courte");
    expect(builtin).toHaveTextContent("intégré");
    expect(within(builtin).queryByTestId("template-edit")).not.toBeInTheDocument();
    expect(within(builtin).queryByTestId("template-delete")).not.toBeInTheDocument();
    expect(within(builtin).getByTestId("template-duplicate")).toBeInTheDocument();
    const mine = await rowOf("Métiers de bouche");
    expect(within(mine).getByTestId("template-edit")).toBeInTheDocument();
    expect(mine).toHaveTextContent("D");
    expect(screen.getByTestId("template-domain-D")).toHaveValue("stored-4");
  });

  it("creates a template with a chip inserted at the cursor, and shows the core's field errors", async () => {
    const user = userEvent.setup();
    vi.mocked(templatesCreate)
      .mockRejectedValueOnce(validationError("body", "Champ de fusion inconnu : {toto}. Champs possibles : {prénom}."))
      .mockResolvedValueOnce({ ...MINE, key: "stored-5", title: "Relance BTP" });
    render(TemplatesPanel);
    await user.click(await screen.findByTestId("template-new"));
    const editor = screen.getByTestId("template-editor");
    await user.type(within(editor).getByTestId("field-title"), "Relance BTP");
    const subject = within(editor).getByTestId("field-subject");
    await user.type(subject, "Candidature  pour vous");
    (subject as HTMLInputElement).setSelectionRange(12, 12);
    await user.click(within(editor).getAllByTestId("template-chip")[0]);
    expect(subject).toHaveValue("Candidature {prénom} pour vous");
    const body = within(editor).getByTestId("field-body");
    await user.type(body, "Bonjour {{toto}");
    await user.click(within(editor).getByTestId("template-save"));
    expect(await within(editor).findByTestId("error-body")).toHaveTextContent("{toto}");
    expect(templatesCreate).toHaveBeenLastCalledWith({ title: "Relance BTP", subject: "Candidature {prénom} pour vous", body: "Bonjour {toto}" });

    await user.clear(body);
    await user.click(body);
    await user.click(within(editor).getAllByTestId("template-chip")[1]);
    expect(body).toHaveValue("{entreprise}");
    await user.click(within(editor).getByTestId("template-save"));
    expect(await screen.findByTestId("templates-notice")).toHaveTextContent("Modèle « Relance BTP » enregistré.");
    expect(screen.queryByTestId("template-editor")).not.toBeInTheDocument();
  });

  it("edits one's own, duplicates a built-in one, deletes after a confirmation", async () => {
    const user = userEvent.setup();
    vi.mocked(templatesUpdate).mockResolvedValue({ ...MINE, title: "Bouche" });
    vi.mocked(templatesDuplicate).mockResolvedValue({ ...MINE, key: "stored-6", title: "Présentation courte (copie)" });
    render(TemplatesPanel);
    await user.click(within(await rowOf("Métiers de bouche")).getByTestId("template-edit"));
    const title = within(screen.getByTestId("template-editor")).getByTestId("field-title");
    expect(title).toHaveValue("Métiers de bouche");
    await user.clear(title);
    await user.type(title, "Bouche");
    await user.click(screen.getByTestId("template-save"));
    await waitFor(() => expect(templatesUpdate).toHaveBeenCalledWith(MINE.reference, { title: "Bouche", subject: MINE.subject, body: MINE.body }));

    await user.click(within(await rowOf("Présentation courte")).getByTestId("template-duplicate"));
    await waitFor(() => expect(templatesDuplicate).toHaveBeenCalledWith(SHORT.reference));
    expect(await screen.findByTestId("templates-notice")).toHaveTextContent("« Présentation courte (copie) » créé");

    await user.click(within(await rowOf("Métiers de bouche")).getByTestId("template-delete"));
    const confirmation = screen.getByTestId("template-delete-confirmation");
    expect(confirmation).toHaveTextContent("Les domaines D reprendront « Présentation courte »");
    expect(templatesDelete).not.toHaveBeenCalled();
    await user.click(within(confirmation).getByTestId("template-delete-confirm"));
    await waitFor(() => expect(templatesDelete).toHaveBeenCalledWith(MINE.reference));
  });

  it("sets a domain's default and says what an import did", async () => {
    const user = userEvent.setup();
    vi.mocked(templatesSetDefault).mockResolvedValue([]);
    vi.mocked(templatesImport).mockResolvedValue({
      added: ["Relance BTP"],
      renamed: [],
      unchanged: [],
      defaultsSet: [],
      defaultsKept: [],
      defaultsUnknown: [],
      summary: ["1 modèle(s) ajouté(s) : « Relance BTP »."],
    });
    render(TemplatesPanel);
    await user.selectOptions(await screen.findByTestId("template-domain-F"), "stored-4");
    await waitFor(() => expect(templatesSetDefault).toHaveBeenCalledWith("F", MINE.reference));
    await user.selectOptions(screen.getByTestId("template-domain-D"), "builtin-short");
    await waitFor(() => expect(templatesSetDefault).toHaveBeenLastCalledWith("D", null));

    await user.click(screen.getByTestId("templates-import"));
    expect(await screen.findByTestId("templates-imported")).toHaveTextContent("1 modèle(s) ajouté(s) : « Relance BTP ».");
  });
});
