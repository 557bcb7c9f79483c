import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  candidatesCreate: vi.fn(),
  candidatesUpdate: vi.fn(),
  candidatesGet: vi.fn(),
  candidatesHiringAids: vi.fn(),
  referentialsChoices: vi.fn(),
  referentialsJobTitles: vi.fn(),
  referentialsJobSkills: vi.fn(),
  referentialsCommunes: vi.fn(),
  referentialsSectors: vi.fn(),
  settingsGet: vi.fn(),
}));

import CandidateForm from "./CandidateForm.svelte";
import {
  candidatesCreate,
  candidatesGet,
  candidatesHiringAids,
  candidatesUpdate,
  IpcError,
  referentialsChoices,
  referentialsCommunes,
  referentialsJobSkills,
  referentialsJobTitles,
  referentialsSectors,
  settingsGet,
} from "../ipc";
import { resetChoices } from "../choices";
import { addMonths, todayIso } from "../format";
import { NO_AGE, candidate, choices, hiringAids, validationError } from "../test-utils";
import type { CandidateInput } from "../bindings/CandidateInput";
import type { JobTitleOption } from "../bindings/JobTitleOption";
import type { SkillOption } from "../bindings/SkillOption";

type User = ReturnType<typeof userEvent.setup>;

const BAKER: JobTitleOption = { code: 11573, label: "Boulanger / Boulangère", romeCode: "D1102", romeLabel: "Boulangerie - viennoiserie" };
const PASTRY: JobTitleOption = { code: 11574, label: "Boulanger-pâtissier / Boulangère-pâtissière", romeCode: "D1102", romeLabel: "Boulangerie - viennoiserie" };
const CASHIER: JobTitleOption = { code: 12001, label: "Caissier / Caissière", romeCode: "D1505", romeLabel: "Personnel de caisse" };
const DRIVER: JobTitleOption = { code: 13002, label: "Chauffeur-livreur / Chauffeuse-livreuse", romeCode: "N4105", romeLabel: "Conduite et livraison" };
const JOBS = [BAKER, PASTRY, CASHIER, DRIVER];

function skill(code: number, label: string, overrides: Partial<SkillOption> = {}): SkillOption {
  return { code, label, kind: "knowHow", category: "Préparer les produits", core: false, ...overrides };
}

const BAKER_SKILLS: SkillOption[] = [
  skill(1, "Pétrir la pâte", { core: true }),
  skill(2, "Cuire les produits", { core: true }),
  skill(3, "Façonner les pâtons"),
  skill(4, "Décorer les viennoiseries", { category: "Finir les produits" }),
  skill(5, "Travailler en équipe", { kind: "softSkill", category: "" }),
  skill(6, "Règles d'hygiène alimentaire", { kind: "knowledge", category: "Hygiène" }),
];

/** Nine know-how skills: two core, seven others in two categories (more than the form shows in full). */
const MANY_SKILLS: SkillOption[] = [
  skill(1, "Pétrir la pâte", { core: true }),
  skill(2, "Cuire les produits", { core: true }),
  ...[3, 4, 5, 6].map((n) => skill(n, `Préparer ${n}`)),
  ...[7, 8, 9].map((n) => skill(n, `Vendre ${n}`, { category: "Vendre" })),
];

function emptyInput(): CandidateInput {
  return {
    lastName: "",
    firstName: "",
    birthDate: "",
    email: "",
    phone: "",
    franceTravailId: "",
    postcode: "",
    commune: "",
    communeCode: "",
    consentDate: todayIso(),
    consentChannel: null,
    consentExpiry: addMonths(todayIso(), choices().limits.consentMonths),
    targetJobs: [],
    skills: [],
    experience: "",
    qualifications: "",
    drivingLicences: [],
    languages: [],
    availableFrom: "",
    wantedContracts: [],
    workingTime: null,
    mobilityRadiusKm: "",
    mobilityMeans: [],
    workConstraints: [],
    sectorsAvoided: [],
    sectorsPreferred: [],
    constraints: [],
    eligibility: { rqth: false, rsa: false, qpv: false, longTermUnemployed: false },
    pitch: "",
    counsellor: "Claire Morel",
    version: null,
  };
}

function renderForm(props: Partial<{ candidateId: number | null; onopen: (id: number) => void }> = {}) {
  const onsaved = vi.fn();
  const oncancel = vi.fn();
  render(CandidateForm, { candidateId: null, onsaved, oncancel, ...props });
  return { onsaved, oncancel };
}

/** Types in the job search and picks the suggestion labelled `label`. */
async function chooseJob(user: User, typed: string, label: string) {
  await user.type(screen.getByTestId("field-targetJobs"), typed);
  const options = await screen.findAllByTestId("field-targetJobs-option");
  const option = options.find((o) => o.textContent?.startsWith(label));
  if (!option) throw new Error(`no option ${label}`);
  await user.click(option);
}

async function fillRequired(user: User) {
  await user.type(screen.getByTestId("field-lastName"), "Martin");
  await user.type(screen.getByTestId("field-firstName"), "Léa");
  await chooseJob(user, "boul", BAKER.label);
  await user.selectOptions(screen.getByTestId("field-consentChannel"), "written");
}

/** Text content with its white space collapsed. */
const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, " ").trim();

const aidNames = () => screen.queryAllByTestId("hiring-aid").map((li) => li.querySelector("strong")?.textContent);

describe("CandidateForm", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    resetChoices();
    vi.mocked(referentialsChoices).mockResolvedValue(choices());
    vi.mocked(candidatesHiringAids).mockImplementation(hiringAids);
    vi.mocked(settingsGet).mockResolvedValue({ name: "Claire Morel", agency: "", phone: "", email: "" });
    vi.mocked(referentialsJobTitles).mockImplementation(async (text) =>
      JOBS.filter((j) => j.label.toLowerCase().includes(text.toLowerCase())),
    );
    vi.mocked(referentialsJobSkills).mockImplementation(async (codes) => (codes.includes("D1102") ? BAKER_SKILLS : []));
    vi.mocked(referentialsCommunes).mockResolvedValue([]);
  });

  it("labels every field in French, in sections, with the defaults of a new candidate", async () => {
    renderForm();
    // The limits and defaults come with the core's choices.
    await waitFor(() => expect(screen.getByTestId("field-consentExpiry")).not.toHaveValue(""));
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Nouveau candidat");
    for (const legend of [
      "Identité et contact",
      "Consentement à la promotion du profil",
      "Métiers visés (1 à 3)",
      "Compétences",
      "Parcours",
      "Disponibilité et souhaits",
      "Lieu et mobilité",
      "Contraintes",
      "Éligibilité aux aides à l'embauche",
      "Argumentaire et suivi",
    ]) {
      expect(screen.getByRole("group", { name: legend })).toBeInTheDocument();
    }
    for (const label of [
      "Nom",
      "Prénom",
      "Date de naissance",
      "Identifiant France Travail",
      "Adresse e-mail",
      "Téléphone",
      "Date du consentement",
      "Mode de recueil",
      "Valable jusqu'au",
      "Ajouter un métier visé",
      "Ajouter une compétence",
      "Expérience professionnelle",
      "Diplômes et formations",
      "Langues",
      "Disponible à partir du",
      "Commune",
      "Code postal",
      "Rayon de mobilité \\(km\\)",
      "Secteurs à éviter",
      "Secteurs souhaités",
      "Autres contraintes",
      "Argumentaire",
      "Conseiller·ère référent·e",
    ]) {
      expect(screen.getByLabelText(new RegExp(`^${label}`))).toBeInTheDocument();
    }
    expect(screen.getByTestId("field-consentDate")).toHaveValue(todayIso());
    expect(screen.getByTestId("field-consentExpiry")).toHaveValue(addMonths(todayIso(), choices().limits.consentMonths));
    expect(screen.getByTestId("field-birthDate")).toHaveAttribute("type", "date");
    expect(screen.getByTestId("field-mobilityRadiusKm")).toHaveAttribute("type", "number");
    // The counsellor defaults to the one set in Paramètres; the fixed lists come from the core.
    await waitFor(() => expect(screen.getByTestId("field-counsellor")).toHaveValue("Claire Morel"));
    const licences = screen.getByRole("group", { name: "Permis de conduire" });
    expect(within(licences).getAllByRole("checkbox").map((c) => c.closest("div")?.textContent?.trim())).toEqual([
      "B (voiture)",
      "C (poids lourd)",
    ]);
    expect(within(screen.getByRole("group", { name: "Temps de travail" })).getByLabelText("Non précisé")).toBeChecked();
    expect(screen.getByTestId("skills-none")).toHaveTextContent("Choisissez d'abord un métier visé");
  });

  it("shows the validation error next to the e-mail field and keeps what was typed", async () => {
    const user = userEvent.setup();
    vi.mocked(candidatesCreate).mockRejectedValue(validationError("email", "Adresse e-mail invalide."));
    const { onsaved } = renderForm();

    await fillRequired(user);
    await user.type(screen.getByTestId("field-email"), "lea.martin@");
    await user.click(screen.getByTestId("form-submit"));

    const message = await screen.findByTestId("error-email");
    expect(message).toHaveTextContent("Adresse e-mail invalide.");
    const email = screen.getByTestId("field-email");
    expect(email).toHaveAttribute("aria-invalid", "true");
    expect(email).toHaveAttribute("aria-describedby", message.id);
    expect(email.closest(".fr-input-group")).toHaveClass("fr-input-group--error");
    expect(email.closest(".fr-input-group")).toContainElement(message);
    expect(screen.getByTestId("form-error")).toHaveTextContent("Adresse e-mail : Adresse e-mail invalide.");
    await waitFor(() => expect(email).toHaveFocus());

    // Nothing typed is lost.
    expect(email).toHaveValue("lea.martin@");
    expect(screen.getByTestId("field-lastName")).toHaveValue("Martin");
    expect(screen.getByTestId("field-firstName")).toHaveValue("Léa");
    expect(screen.getByTestId("field-consentChannel")).toHaveValue("written");
    expect(screen.getByTestId("target-job")).toHaveTextContent(BAKER.label);
    expect(screen.queryByTestId("error-lastName")).not.toBeInTheDocument();
    expect(screen.getByTestId("field-lastName")).not.toHaveAttribute("aria-invalid");
    expect(onsaved).not.toHaveBeenCalled();
  });

  it("focuses the first invalid field in form order, and names every field in the summary", async () => {
    const user = userEvent.setup();
    vi.mocked(candidatesCreate).mockRejectedValue(
      new IpcError("validation", "Erreurs", [
        { field: "mobilityRadiusKm", message: "Rayon en kilomètres, de 0 à 200." },
        { field: "targetJobs", message: "Choisissez au moins un métier visé dans le ROME." },
        { field: "rqth", message: "Cochez RQTH seulement si elle est attestée." },
        { field: "consentExpiry", message: "La fin doit suivre le consentement." },
        { field: "firstName", message: "Le prénom est obligatoire." },
      ]),
    );
    renderForm();
    await user.click(screen.getByTestId("form-submit"));
    await screen.findByTestId("error-firstName");
    expect(screen.getByTestId("error-consentExpiry")).toBeInTheDocument();
    expect(screen.getByTestId("error-targetJobs")).toHaveTextContent("Choisissez au moins un métier visé dans le ROME.");
    expect(screen.getByTestId("field-targetJobs")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("error-rqth")).toHaveTextContent("seulement si elle est attestée");
    expect(screen.getByTestId("eligibility-rqth")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("error-mobilityRadiusKm")).toBeInTheDocument();
    const items = within(screen.getByTestId("form-error")).getAllByRole("listitem").map((li) => li.textContent);
    expect(items).toEqual([
      "Prénom : Le prénom est obligatoire.",
      "Valable jusqu'au : La fin doit suivre le consentement.",
      "Métiers visés : Choisissez au moins un métier visé dans le ROME.",
      "Rayon de mobilité (km) : Rayon en kilomètres, de 0 à 200.",
      "RQTH : Cochez RQTH seulement si elle est attestée.",
    ]);
    await waitFor(() => expect(screen.getByTestId("field-firstName")).toHaveFocus());
  });

  it("shows other errors in the alert at the top", async () => {
    const user = userEvent.setup();
    vi.mocked(candidatesCreate).mockRejectedValue(new IpcError("database", "La base de données est verrouillée."));
    renderForm();
    await fillRequired(user);
    await user.click(screen.getByTestId("form-submit"));
    expect(await screen.findByTestId("form-error")).toHaveTextContent("La base de données est verrouillée.");
    expect(screen.getByTestId("field-lastName")).toHaveValue("Martin");
  });

  it("sends every field as typed and reports the saved candidate", async () => {
    const user = userEvent.setup();
    const saved = candidate();
    vi.mocked(candidatesCreate).mockResolvedValue(saved);
    const { onsaved } = renderForm();
    await waitFor(() => expect(screen.getByTestId("field-counsellor")).toHaveValue("Claire Morel"));
    await fillRequired(user);
    await user.type(screen.getByTestId("field-franceTravailId"), "1234567A");
    await user.click(screen.getByLabelText("B (voiture)"));
    await user.type(screen.getByTestId("field-languages"), "Anglais courant{Enter}");
    await user.type(screen.getByTestId("field-experience"), "Six ans de fournil");
    await user.click(screen.getByLabelText("CDI"));
    await user.click(screen.getByLabelText("Temps plein"));
    await user.type(screen.getByTestId("field-mobilityRadiusKm"), "15");
    await user.click(screen.getByLabelText("Voiture"));
    await user.click(screen.getByTestId("constraint-noWeekend"));
    await user.click(screen.getAllByTestId("constraints-suggestion")[0]);
    await user.click(screen.getByTestId("eligibility-qpv"));
    await user.type(screen.getByTestId("field-pitch"), "Ponctuelle.");
    await user.click(screen.getByTestId("form-submit"));

    await waitFor(() => expect(onsaved).toHaveBeenCalledWith(saved));
    expect(candidatesCreate).toHaveBeenCalledWith(
      {
        ...emptyInput(),
        lastName: "Martin",
        firstName: "Léa",
        franceTravailId: "1234567A",
        consentChannel: "written",
        targetJobs: [{ code: BAKER.code, label: BAKER.label, romeCode: "D1102" }],
        experience: "Six ans de fournil",
        drivingLicences: ["B"],
        languages: ["Anglais courant"],
        wantedContracts: ["cdi"],
        workingTime: "full_time",
        mobilityRadiusKm: "15",
        mobilityMeans: ["car"],
        workConstraints: ["no_weekend"],
        constraints: ["Pas de port de charges lourdes"],
        eligibility: { ...emptyInput().eligibility, qpv: true },
        pitch: "Ponctuelle.",
      },
      false,
    );
  });

  it("moves the default expiry along with the consent date, but not a chosen one", async () => {
    const user = userEvent.setup();
    renderForm();
    const date = screen.getByTestId("field-consentDate");
    const expiry = screen.getByTestId("field-consentExpiry");
    await user.clear(date);
    await user.type(date, "2026-01-15");
    expect(expiry).toHaveValue("2027-01-15");

    await user.clear(expiry);
    await user.type(expiry, "2026-12-31");
    await user.clear(date);
    await user.type(date, "2026-02-01");
    expect(expiry).toHaveValue("2026-12-31");
  });

  it("adds up to three target jobs from the ROME as removable tags", async () => {
    const user = userEvent.setup();
    renderForm();
    await user.type(screen.getByTestId("field-targetJobs"), "boul");
    const options = await screen.findAllByTestId("field-targetJobs-option");
    expect(referentialsJobTitles).toHaveBeenLastCalledWith("boul");
    expect(options.map((o) => o.textContent)).toEqual([
      `${BAKER.label} D1102 · Boulangerie - viennoiserie`,
      `${PASTRY.label} D1102 · Boulangerie - viennoiserie`,
    ]);
    await user.click(options[0]);
    expect(screen.getAllByTestId("target-job").map(text)).toEqual([`${BAKER.label} (D1102)`]);
    expect(screen.getByTestId("field-targetJobs")).toHaveValue("");

    await chooseJob(user, "caiss", CASHIER.label);
    await chooseJob(user, "livr", DRIVER.label);
    expect(screen.getAllByTestId("target-job")).toHaveLength(3);
    expect(screen.getByTestId("field-targetJobs")).toBeDisabled();

    await user.click(screen.getByRole("button", { name: `Retirer le métier ${CASHIER.label}` }));
    expect(screen.getAllByTestId("target-job").map((t) => t.textContent)).toEqual([
      expect.stringContaining(BAKER.label),
      expect.stringContaining(DRIVER.label),
    ]);
    expect(screen.getByTestId("field-targetJobs")).toBeEnabled();
  });

  it("says when the ROME has no such job", async () => {
    const user = userEvent.setup();
    vi.mocked(referentialsJobTitles).mockResolvedValue([]);
    renderForm();
    await user.type(screen.getByTestId("field-targetJobs"), "zorro");
    expect(await screen.findByRole("listbox")).toHaveTextContent("Aucun résultat");
    expect(screen.queryByTestId("target-job")).not.toBeInTheDocument();
  });

  it("offers the skills of the chosen jobs, by kind, core skills first, and keeps the ticked ones", async () => {
    const user = userEvent.setup();
    vi.mocked(candidatesCreate).mockResolvedValue(candidate());
    renderForm();
    await fillRequired(user);

    await waitFor(() => expect(screen.getAllByTestId("skill-option")).toHaveLength(6));
    expect(referentialsJobSkills).toHaveBeenLastCalledWith(["D1102"]);
    const sections = screen.getAllByTestId("skill-section");
    expect(sections.map((s) => s.querySelector("legend")?.textContent)).toEqual([
      "Savoir-faire",
      "Savoir-être professionnels",
      "Savoirs",
    ]);
    const knowHow = within(sections[0]);
    expect(knowHow.getAllByTestId("skill-option").map((i) => text(i.closest(".skill-item")))).toEqual([
      "Pétrir la pâte cœur de métier",
      "Cuire les produits cœur de métier",
      "Façonner les pâtons",
      "Décorer les viennoiseries",
    ]);
    expect(knowHow.getByRole("group", { name: "Finir les produits" })).toHaveTextContent("Décorer les viennoiseries");
    expect(knowHow.getAllByTestId("skill-core")).toHaveLength(2);

    // Ticked by clicking the label, as the counsellor does.
    await user.click(screen.getByText("Pétrir la pâte"));
    await user.click(screen.getByLabelText("Travailler en équipe"));
    expect(screen.getByLabelText(/^Pétrir la pâte/)).toBeChecked();
    await user.type(screen.getByTestId("skill-add-input"), "Conduite du four à sole");
    await user.click(screen.getByTestId("skill-add"));
    // A skill the jobs list is ticked rather than added twice.
    await user.type(screen.getByTestId("skill-add-input"), "regles d'hygiene alimentaire{Enter}");
    expect(screen.getByLabelText("Règles d'hygiène alimentaire")).toBeChecked();
    expect(screen.getAllByTestId("skill-tag").map((t) => t.textContent?.trim())).toEqual(["Conduite du four à sole"]);

    await user.click(screen.getByTestId("form-submit"));
    await waitFor(() => expect(candidatesCreate).toHaveBeenCalled());
    expect(vi.mocked(candidatesCreate).mock.calls[0][0].skills).toEqual([
      { code: 1, label: "Pétrir la pâte" },
      { code: 5, label: "Travailler en équipe" },
      { code: null, label: "Conduite du four à sole" },
      { code: 6, label: "Règles d'hygiène alimentaire" },
    ]);
  });

  it("keeps ticked skills as removable tags once their job is removed", async () => {
    const user = userEvent.setup();
    renderForm();
    await chooseJob(user, "boul", BAKER.label);
    await user.click(await screen.findByLabelText(/^Cuire les produits/));
    await user.click(screen.getByRole("button", { name: `Retirer le métier ${BAKER.label}` }));

    await waitFor(() => expect(screen.queryAllByTestId("skill-option")).toHaveLength(0));
    expect(screen.getAllByTestId("skill-tag").map((t) => t.textContent?.trim())).toEqual(["Cuire les produits"]);
    await user.click(screen.getByRole("button", { name: "Retirer la compétence Cuire les produits" }));
    expect(screen.queryByTestId("skill-tag")).not.toBeInTheDocument();
  });

  it("shows a long list's core skills, and the others on demand", async () => {
    const user = userEvent.setup();
    vi.mocked(referentialsJobSkills).mockResolvedValue(MANY_SKILLS);
    renderForm();
    await chooseJob(user, "boul", BAKER.label);

    await waitFor(() => expect(screen.getAllByTestId("skill-option")).toHaveLength(2));
    const toggle = screen.getByTestId("skills-toggle");
    expect(toggle).toHaveTextContent("Voir les 7 autres compétences");
    expect(toggle).toHaveAttribute("aria-expanded", "false");

    await user.click(toggle);
    expect(screen.getAllByTestId("skill-option")).toHaveLength(9);
    expect(toggle).toHaveAttribute("aria-expanded", "true");
    await user.click(screen.getByLabelText("Vendre 8"));

    // Folded again: the ticked one stays in view, under its category.
    await user.click(toggle);
    expect(screen.getAllByTestId("skill-option")).toHaveLength(3);
    expect(screen.getByRole("group", { name: "Vendre" })).toContainElement(screen.getByLabelText("Vendre 8"));
    expect(toggle).toHaveTextContent("Voir les 6 autres compétences");
  });

  it("shows the hiring aids the ticked publics open, as the core computes them", async () => {
    const user = userEvent.setup();
    renderForm();
    const panel = screen.getByTestId("hiring-aids");
    expect(panel).toHaveTextContent("Aides mobilisables par l'employeur");
    await waitFor(() => expect(aidNames()).toEqual(["Immersion professionnelle (PMSMP)"]));
    expect(screen.queryByText(/Agefiph/)).not.toBeInTheDocument();

    await user.click(screen.getByTestId("eligibility-rqth"));
    expect(screen.getByTestId("eligibility-rqth")).toBeChecked();
    expect(aidNames()).toEqual(["Aides de l'Agefiph", "Immersion professionnelle (PMSMP)"]);
    expect(within(panel).getAllByTestId("hiring-aid")[0]).toHaveTextContent("Aides de l'Agefiph — Aides de l'Agefiph.");
    expect(screen.getByTestId("hiring-aids-count")).toHaveTextContent("2 aides possibles");

    await user.click(screen.getByTestId("eligibility-rsa"));
    expect(aidNames()).toHaveLength(2);
    await user.click(screen.getByTestId("eligibility-rqth"));
    expect(aidNames()).toEqual(["Immersion professionnelle (PMSMP)"]);
  });

  it("asks the aids again with the birth date, and shows each aid's conditions and when they were checked", async () => {
    const user = userEvent.setup();
    vi.mocked(candidatesHiringAids).mockImplementation(async (_, birthDate) => ({
      age: birthDate === "1981-05-17" ? 45 : null,
      agePublics: [],
      ageText: birthDate === "1981-05-17" ? "45 ans" : NO_AGE,
      aids: [
        {
          code: "professionnalisation_45",
          name: "Contrat de professionnalisation, 45 ans et plus",
          description: "Aide pour l'embauche d'un demandeur d'emploi de 45 ans et plus.",
          conditions: "Demandeur d'emploi de 45 ans et plus au début du contrat.",
          checkedOn: "2026-12-04",
          toCheck: null,
        },
      ],
    }));
    renderForm();
    await waitFor(() => expect(screen.getByTestId("age-publics")).toHaveTextContent("Âge inconnu sans date de naissance"));
    await user.type(screen.getByTestId("field-birthDate"), "1981-05-17");
    // The core reads the age from the birth date: the 45+ aid needs no box ticked.
    await waitFor(() => expect(candidatesHiringAids).toHaveBeenLastCalledWith(emptyInput().eligibility, "1981-05-17"));
    await waitFor(() => expect(screen.getByTestId("age-publics")).toHaveTextContent("Âge : 45 ans"));
    // The age publics are read, never ticked.
    expect(screen.queryByTestId("eligibility-under26")).not.toBeInTheDocument();
    expect(screen.queryByTestId("eligibility-over50")).not.toBeInTheDocument();
    expect(screen.getByTestId("eligibility-rqth")).toBeInTheDocument();
    const conditions = await screen.findByTestId("hiring-aid-conditions");
    expect(text(conditions)).toBe(
      "Conditions : Demandeur d'emploi de 45 ans et plus au début du contrat. (vérifié le 04/12/2026)",
    );
    expect(screen.getByTestId("hiring-aids-count")).toHaveTextContent("1 aide possible d'après les publics cochés et l'âge.");
  });

  it("shows the age and the age publics the core reads from the birth date", async () => {
    const user = userEvent.setup();
    vi.mocked(candidatesHiringAids).mockImplementation(async (eligibility, birthDate) => ({
      ...(await hiringAids(eligibility)),
      ...(birthDate === "2002-03-14" ? { age: 24, agePublics: ["under26"], ageText: "24 ans — moins de 26 ans" } : {}),
    }));
    renderForm();
    await user.type(screen.getByTestId("field-birthDate"), "2002-03-14");
    await waitFor(() => expect(text(screen.getByTestId("age-publics"))).toContain("Âge : 24 ans — moins de 26 ans"));
    await user.clear(screen.getByTestId("field-birthDate"));
    await waitFor(() => expect(screen.getByTestId("age-publics")).toHaveTextContent(NO_AGE));
  });

  it("takes its limits and defaults from the core's choices", async () => {
    const user = userEvent.setup();
    vi.mocked(referentialsChoices).mockResolvedValue({
      ...choices(),
      limits: { ...choices().limits, maxTargetJobs: 2, consentMonths: 6 },
    });
    renderForm();
    expect(await screen.findByRole("group", { name: "Métiers visés (1 à 2)" })).toBeInTheDocument();
    expect(screen.getByTestId("field-consentExpiry")).toHaveValue(addMonths(todayIso(), 6));
    expect(screen.getByLabelText(/^Valable jusqu'au/)).toHaveAccessibleName(/Par défaut, 6 mois après le consentement/);
    // The default end follows the consent's date until one is typed.
    await user.clear(screen.getByTestId("field-consentDate"));
    await user.type(screen.getByTestId("field-consentDate"), "2026-01-31");
    expect(screen.getByTestId("field-consentExpiry")).toHaveValue("2026-07-31");

    await chooseJob(user, "boul", BAKER.label);
    await chooseJob(user, "caiss", CASHIER.label);
    expect(screen.getByTestId("field-targetJobs")).toBeDisabled();
    expect(screen.getByLabelText(/^Ajouter un métier visé/)).toHaveAccessibleName(/2 métiers choisis : retirez-en un/);
  });

  it("keeps a consent end typed before the choices are in", async () => {
    const user = userEvent.setup();
    let loaded: (c: ReturnType<typeof choices>) => void = () => {};
    vi.mocked(referentialsChoices).mockReturnValue(new Promise((resolve) => (loaded = resolve)));
    renderForm();
    expect(screen.getByRole("group", { name: "Métiers visés" })).toBeInTheDocument();
    expect(screen.getByTestId("field-consentExpiry")).toHaveValue("");
    await user.type(screen.getByTestId("field-consentExpiry"), "2026-12-31");
    loaded(choices());
    expect(await screen.findByRole("group", { name: "Métiers visés (1 à 3)" })).toBeInTheDocument();
    expect(screen.getByTestId("field-consentExpiry")).toHaveValue("2026-12-31");
  });

  it("asks the core for the aids at each change: the latest answer wins, a failure shows none", async () => {
    const user = userEvent.setup();
    renderForm();
    await waitFor(() => expect(aidNames()).toEqual(["Immersion professionnelle (PMSMP)"]));
    expect(candidatesHiringAids).toHaveBeenLastCalledWith(emptyInput().eligibility, "");

    // A slow answer for RQTH, overtaken by the answer for RQTH and QPV.
    let slow: () => void = () => {};
    vi.mocked(candidatesHiringAids).mockImplementationOnce(
      (eligibility) => new Promise((resolve) => (slow = () => void hiringAids(eligibility).then(resolve))),
    );
    await user.click(screen.getByTestId("eligibility-rqth"));
    await user.click(screen.getByTestId("eligibility-qpv"));
    expect(candidatesHiringAids).toHaveBeenLastCalledWith(expect.objectContaining({ rqth: true, qpv: true }), "");
    await waitFor(() => expect(aidNames()).toEqual(["Aides de l'Agefiph", "Parcours emploi compétences (PEC)", "Immersion professionnelle (PMSMP)"]));
    slow();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(aidNames()).toEqual(["Aides de l'Agefiph", "Parcours emploi compétences (PEC)", "Immersion professionnelle (PMSMP)"]);

    vi.mocked(candidatesHiringAids).mockRejectedValueOnce(new IpcError("internal", "Erreur inattendue."));
    await user.click(screen.getByTestId("eligibility-qpv"));
    await waitFor(() => expect(aidNames()).toEqual([]));
    expect(screen.getByTestId("hiring-aids-count")).toHaveTextContent("0 aide possible");
    expect(screen.getByTestId("candidate-form")).toBeInTheDocument();
  });

  it("warns of a probable duplicate, opens the existing record or creates anyway", async () => {
    const user = userEvent.setup();
    const saved = candidate({ id: 12 });
    vi.mocked(candidatesCreate)
      .mockRejectedValueOnce(
        new IpcError("duplicate", "Ce candidat semble déjà exister.", [], [
          { id: 7, name: "Léa Martin", reason: "même adresse e-mail" },
          { id: 9, name: "Léa Martin", reason: "même nom et même date de naissance" },
        ]),
      )
      .mockResolvedValueOnce(saved);
    const onopen = vi.fn();
    const { onsaved } = renderForm({ onopen });
    await fillRequired(user);
    await user.click(screen.getByTestId("form-submit"));

    const warning = await screen.findByTestId("duplicate-warning");
    expect(warning).toHaveClass("fr-alert", "fr-alert--warning");
    expect(warning).toHaveTextContent("Léa Martin — même adresse e-mail");
    expect(warning).toHaveTextContent("Léa Martin — même nom et même date de naissance");
    await waitFor(() => expect(warning).toHaveFocus());
    expect(screen.queryByTestId("form-error")).not.toBeInTheDocument();
    expect(onsaved).not.toHaveBeenCalled();

    const open = within(warning).getAllByTestId("duplicate-open");
    expect(open).toHaveLength(2);
    await user.click(open[1]);
    expect(onopen).toHaveBeenCalledWith(9);

    await user.click(screen.getByTestId("duplicate-confirm"));
    await waitFor(() => expect(onsaved).toHaveBeenCalledWith(saved));
    expect(candidatesCreate).toHaveBeenCalledTimes(2);
    expect(vi.mocked(candidatesCreate).mock.calls[0][1]).toBe(false);
    expect(vi.mocked(candidatesCreate).mock.calls[1][1]).toBe(true);
    expect(vi.mocked(candidatesCreate).mock.calls[1][0]).toEqual(vi.mocked(candidatesCreate).mock.calls[0][0]);
    expect(screen.queryByTestId("duplicate-warning")).not.toBeInTheDocument();
  });

  it("sets the commune and postcode from the referential, and drops the code when typed by hand", async () => {
    const user = userEvent.setup();
    vi.mocked(candidatesCreate).mockResolvedValue(candidate());
    vi.mocked(referentialsCommunes).mockResolvedValue([
      { inseeCode: "29232", postcode: "29000", name: "Quimper", department: "Finistère", lat: 47.99, lng: -4.1, population: 63000 },
    ]);
    renderForm();
    await fillRequired(user);
    await user.type(screen.getByTestId("field-commune"), "quim");
    const option = await screen.findByTestId("field-commune-option");
    expect(option).toHaveTextContent("Quimper (29000)");
    await user.click(option);
    expect(screen.getByTestId("field-commune")).toHaveValue("Quimper");
    expect(screen.getByTestId("field-postcode")).toHaveValue("29000");
    expect(screen.getByTestId("commune-chosen")).toHaveTextContent("Quimper (29000), code INSEE 29232");

    await user.click(screen.getByTestId("form-submit"));
    await waitFor(() => expect(candidatesCreate).toHaveBeenCalledTimes(1));
    expect(vi.mocked(candidatesCreate).mock.calls[0][0]).toMatchObject({ commune: "Quimper", postcode: "29000", communeCode: "29232" });

    await user.clear(screen.getByTestId("field-postcode"));
    await user.type(screen.getByTestId("field-postcode"), "29100");
    expect(screen.queryByTestId("commune-chosen")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("form-submit"));
    await waitFor(() => expect(candidatesCreate).toHaveBeenCalledTimes(2));
    expect(vi.mocked(candidatesCreate).mock.calls[1][0]).toMatchObject({ commune: "Quimper", postcode: "29100", communeCode: "" });
  });

  it("adds and removes free tags for languages and constraints", async () => {
    const user = userEvent.setup();
    renderForm();
    await user.type(screen.getByTestId("field-languages"), "Anglais{Enter}");
    await user.type(screen.getByTestId("field-languages"), "Breton");
    await user.click(screen.getByTestId("languages-add"));
    await user.type(screen.getByTestId("field-languages"), "ANGLAIS{Enter}");
    expect(screen.getAllByTestId("languages-tag").map((t) => t.textContent?.trim())).toEqual(["Anglais", "Breton"]);
    await user.click(screen.getByRole("button", { name: "Retirer la langue Anglais" }));
    expect(screen.getAllByTestId("languages-tag").map((t) => t.textContent?.trim())).toEqual(["Breton"]);

    const suggestions = await screen.findAllByTestId("constraints-suggestion");
    const suggested = () => screen.getAllByTestId("constraints-suggestion").map((s) => s.textContent?.replace("+", "").trim());
    expect(suggested()).toEqual(["Pas de port de charges lourdes", "Temps partiel thérapeutique"]);
    await user.click(suggestions[0]);
    expect(screen.getAllByTestId("constraints-tag").map((t) => t.textContent?.trim())).toEqual(["Pas de port de charges lourdes"]);
    expect(suggested()).toEqual(["Temps partiel thérapeutique"]);
  });

  it("ticks the constraints the core compares and picks sectors to avoid or prefer in the NAF", async () => {
    const user = userEvent.setup();
    vi.mocked(candidatesCreate).mockResolvedValue(candidate());
    vi.mocked(referentialsSectors).mockImplementation((typed) =>
      Promise.resolve(
        typed.startsWith("boul")
          ? [
              { code: "10.71", label: "Fabrication de pain et de pâtisserie fraîche" },
              { code: "10.71C", label: "Boulangerie et boulangerie-pâtisserie" },
            ]
          : [{ code: "47", label: "Commerce de détail, à l'exception des automobiles et des motocycles" }],
      ),
    );
    renderForm();
    await waitFor(() => expect(screen.getByTestId("field-counsellor")).toHaveValue("Claire Morel"));
    await fillRequired(user);
    // Every choice of the core, in its order and words.
    const boxes = within(screen.getByTestId("group-workConstraints")).getAllByRole("checkbox");
    expect(boxes.map((b) => b.getAttribute("data-testid"))).toEqual([
      "constraint-noWeekend",
      "constraint-noNight",
      "constraint-noShifts",
      "constraint-noTravel",
      "constraint-partTimeOnly",
      "constraint-noDrivingLicence",
      "constraint-noVehicle",
    ]);
    expect(screen.getByLabelText("Pas de travail de nuit")).toBe(screen.getByTestId("constraint-noNight"));
    await user.click(screen.getByTestId("constraint-noNight"));
    await user.click(screen.getByTestId("constraint-noVehicle"));
    await user.click(screen.getByTestId("constraint-noWeekend"));
    await user.click(screen.getByTestId("constraint-noVehicle"));

    await user.type(screen.getByTestId("field-sectorsAvoided"), "boul");
    const options = await screen.findAllByTestId("field-sectorsAvoided-option");
    expect(options.map((o) => o.textContent?.trim())).toEqual([
      "10.71 — Fabrication de pain et de pâtisserie fraîche",
      "10.71C — Boulangerie et boulangerie-pâtisserie",
    ]);
    await user.click(options[0]);
    expect(referentialsSectors).toHaveBeenLastCalledWith("boul");
    await user.type(screen.getByTestId("field-sectorsPreferred"), "comm");
    await user.click((await screen.findAllByTestId("field-sectorsPreferred-option"))[0]);
    expect(screen.getAllByTestId("sectorsAvoided-tag").map(text)).toEqual(["Fabrication de pain et de pâtisserie fraîche (10.71)"]);
    expect(screen.getAllByTestId("sectorsPreferred-tag").map(text)).toEqual([
      "Commerce de détail, à l'exception des automobiles et des motocycles (47)",
    ]);
    await user.click(screen.getByTestId("form-submit"));

    await waitFor(() => expect(candidatesCreate).toHaveBeenCalledTimes(1));
    expect(vi.mocked(candidatesCreate).mock.calls[0][0]).toMatchObject({
      workConstraints: ["no_night", "no_weekend"],
      sectorsAvoided: [{ code: "10.71", label: "Fabrication de pain et de pâtisserie fraîche" }],
      sectorsPreferred: [{ code: "47", label: "Commerce de détail, à l'exception des automobiles et des motocycles" }],
      constraints: [],
    });
  });

  it("shows a candidate's constraints and sectors, removes one, and the core's refusal beside its field", async () => {
    const user = userEvent.setup();
    vi.mocked(candidatesGet).mockResolvedValue(
      candidate({
        workConstraints: ["part_time_only"],
        sectorsAvoided: [
          { code: "56", label: "Restauration" },
          { code: "47.11F", label: "Hypermarchés" },
        ],
        constraints: ["Garde d'enfants le mercredi"],
      }),
    );
    vi.mocked(candidatesUpdate).mockRejectedValue(
      validationError("workingTime", "« Temps partiel uniquement » est coché dans les contraintes : choisissez « Temps partiel » comme temps de travail souhaité."),
    );
    renderForm({ candidateId: 7 });
    await waitFor(() => expect(screen.getByTestId("constraint-partTimeOnly")).toBeChecked());
    expect(screen.getByTestId("constraint-noWeekend")).not.toBeChecked();
    expect(screen.getAllByTestId("constraints-tag").map(text)).toEqual(["Garde d'enfants le mercredi"]);
    await user.click(screen.getByRole("button", { name: "Retirer le secteur Restauration" }));
    expect(screen.getAllByTestId("sectorsAvoided-tag").map(text)).toEqual(["Hypermarchés (47.11F)"]);
    await user.click(screen.getByLabelText("Temps plein"));
    await user.click(screen.getByTestId("form-submit"));

    expect(await screen.findByTestId("error-workingTime")).toHaveTextContent("« Temps partiel uniquement » est coché");
    expect(vi.mocked(candidatesUpdate).mock.calls[0][1]).toMatchObject({
      workConstraints: ["part_time_only"],
      workingTime: "full_time",
      sectorsAvoided: [{ code: "47.11F", label: "Hypermarchés" }],
    });
  });

  it("shows the consent's history on an existing candidate, an attestation with its note", async () => {
    vi.mocked(candidatesGet).mockResolvedValue(
      candidate({
        consentHistory: [
          {
            kind: "attested",
            label: "Consentement attesté à l'import",
            givenOn: "2026-10-06",
            channel: "written",
            expiry: "2027-10-06",
            recordedAt: "2026-11-22T09:00:00Z",
            recordedBy: "Claire Morel",
            note: "Consentement attesté à l'import par Claire Morel le 22/11/2026 : le tableau de suivi « suivi.xlsx » ne l'indiquait pas.",
          },
        ],
      }),
    );
    renderForm({ candidateId: 7 });
    const events = await screen.findAllByTestId("consent-event");
    expect(events).toHaveLength(1);
    expect(events[0]).toHaveAttribute("data-kind", "attested");
    expect(events[0]).toHaveTextContent("Consentement attesté à l'import : consentement du 06/10/2026 (écrit), valable jusqu'au 06/10/2027.");
    expect(events[0]).toHaveTextContent("par Claire Morel. Consentement attesté à l'import par Claire Morel le 22/11/2026");
  });

  it("a new candidate has no consent history yet", async () => {
    renderForm();
    await screen.findByTestId("field-consentDate");
    expect(screen.queryByTestId("consent-history")).toBeNull();
  });

  it("refuses a save over someone else's, says who, and reloads the record on demand", async () => {
    const user = userEvent.setup();
    vi.mocked(candidatesGet)
      .mockResolvedValueOnce(candidate({ pitch: "Six ans de fournil.", version: 3 }))
      .mockResolvedValueOnce(candidate({ pitch: "Six ans de fournil, puis un CAP.", version: 4 }));
    const message =
      "Léa Guillou a enregistré ce dossier le 06/12/2026 à 14:02, pendant que vous le modifiiez : vos changements ne sont pas enregistrés. Rechargez la fiche pour partir de sa version actuelle.";
    vi.mocked(candidatesUpdate).mockRejectedValueOnce(new IpcError("conflict", message));
    const { onsaved } = renderForm({ candidateId: 7 });
    await waitFor(() => expect(screen.getByTestId("field-pitch")).toHaveValue("Six ans de fournil."));

    await user.type(screen.getByTestId("field-pitch"), " Permis B.");
    await user.click(screen.getByTestId("form-submit"));
    const alert = await screen.findByTestId("form-error");
    expect(alert).toHaveTextContent("Le candidat n'a pas été enregistré.");
    expect(alert).toHaveTextContent(message);
    expect(candidatesUpdate).toHaveBeenCalledWith(7, expect.objectContaining({ version: 3 }));
    expect(onsaved).not.toHaveBeenCalled();
    // What was typed stays until the counsellor reloads.
    expect(screen.getByTestId("field-pitch")).toHaveValue("Six ans de fournil. Permis B.");

    await user.click(within(alert).getByTestId("form-reload"));
    await waitFor(() => expect(screen.getByTestId("field-pitch")).toHaveValue("Six ans de fournil, puis un CAP."));
    expect(screen.queryByTestId("form-error")).not.toBeInTheDocument();
    vi.mocked(candidatesUpdate).mockResolvedValue(candidate({ version: 5 }));
    await user.click(screen.getByTestId("form-submit"));
    await waitFor(() => expect(onsaved).toHaveBeenCalled());
    expect(candidatesUpdate).toHaveBeenLastCalledWith(7, expect.objectContaining({ version: 4 }));
  });

  it("offers no reload for other errors", async () => {
    const user = userEvent.setup();
    vi.mocked(candidatesGet).mockResolvedValue(candidate());
    vi.mocked(candidatesUpdate).mockRejectedValue(new IpcError("database", "La base de données est verrouillée."));
    renderForm({ candidateId: 7 });
    await screen.findByRole("heading", { level: 1, name: "Modifier : Léa Martin" });
    await user.click(screen.getByTestId("form-submit"));
    expect(await screen.findByTestId("form-error")).toHaveTextContent("La base de données est verrouillée.");
    expect(screen.queryByTestId("form-reload")).not.toBeInTheDocument();
  });

  it("loads the candidate to edit with every field, and updates it", async () => {
    const user = userEvent.setup();
    vi.mocked(candidatesGet).mockResolvedValue(
      candidate({
        skills: [
          { code: 1, label: "Pétrir la pâte" },
          { code: null, label: "Conduite du four à sole" },
        ],
        drivingLicences: ["B"],
        languages: ["Anglais"],
        workingTime: "part_time",
        mobilityRadiusKm: 20,
        eligibility: { rqth: true, rsa: false, qpv: false, longTermUnemployed: false },
        pitch: "Six ans de fournil.",
        counsellor: "Paul Durand",
      }),
    );
    vi.mocked(candidatesUpdate).mockResolvedValue(candidate({ commune: "Villeurbanne" }));
    const { onsaved } = renderForm({ candidateId: 7 });

    expect(await screen.findByRole("heading", { level: 1, name: "Modifier : Léa Martin" })).toBeInTheDocument();
    expect(candidatesGet).toHaveBeenCalledWith(7);
    expect(settingsGet).not.toHaveBeenCalled();
    expect(screen.getByTestId("field-birthDate")).toHaveValue("");
    expect(screen.getByTestId("field-consentChannel")).toHaveValue("written");
    expect(screen.getByTestId("target-job")).toHaveTextContent("Boulanger / Boulangère (D1102)");
    expect(await screen.findByLabelText(/^Pétrir la pâte/)).toBeChecked();
    expect(screen.getAllByTestId("skill-tag").map((t) => t.textContent?.trim())).toEqual(["Conduite du four à sole"]);
    expect(await screen.findByLabelText("B (voiture)")).toBeChecked();
    expect(screen.getByLabelText("Temps partiel")).toBeChecked();
    expect(screen.getByTestId("field-mobilityRadiusKm")).toHaveValue(20);
    expect(screen.getByTestId("eligibility-rqth")).toBeChecked();
    expect(aidNames()).toContain("Aides de l'Agefiph");
    expect(screen.getByTestId("field-pitch")).toHaveValue("Six ans de fournil.");
    expect(screen.getByTestId("field-counsellor")).toHaveValue("Paul Durand");
    expect(screen.getByTestId("commune-chosen")).toHaveTextContent("69383");

    await user.clear(screen.getByTestId("field-commune"));
    await user.type(screen.getByTestId("field-commune"), "Villeurbanne");
    await user.click(screen.getByTestId("form-submit"));
    await waitFor(() => expect(onsaved).toHaveBeenCalled());
    expect(candidatesUpdate).toHaveBeenCalledWith(
      7,
      expect.objectContaining({
        commune: "Villeurbanne",
        communeCode: "",
        phone: "",
        birthDate: "",
        mobilityRadiusKm: "20",
        skills: [
          { code: 1, label: "Pétrir la pâte" },
          { code: null, label: "Conduite du four à sole" },
        ],
        targetJobs: [{ code: 11573, label: "Boulanger / Boulangère", romeCode: "D1102" }],
        version: 3,
      }),
    );
    expect(candidatesCreate).not.toHaveBeenCalled();
  });
});
