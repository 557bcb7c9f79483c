// Builders shared by the UI tests.
import type { Candidate } from "./bindings/Candidate";
import type { CandidateSummary } from "./bindings/CandidateSummary";
import type { Choices } from "./bindings/Choices";
import type { Company } from "./bindings/Company";
import type { CompanySummary } from "./bindings/CompanySummary";
import type { Eligibility } from "./bindings/Eligibility";
import type { AidsPreview } from "./bindings/AidsPreview";
import type { HiringAid } from "./bindings/HiringAid";
import { IpcError } from "./ipc";

export function candidateSummary(n: number, overrides: Partial<CandidateSummary> = {}): CandidateSummary {
  return {
    id: n,
    lastName: `Nom${n}`,
    firstName: `Prénom${n}`,
    commune: "Lyon",
    postcode: "69003",
    targetJobs: ["Cariste"],
    availableFrom: null,
    consentDate: "2026-03-12",
    consentExpiry: "2027-03-12",
    consentValid: true,
    consentWithdrawnOn: null,
    publics: [],
    counsellor: "Claire Morel",
    distanceKm: null,
    lastSentOn: null,
    ...overrides,
  };
}

export function candidate(overrides: Partial<Candidate> = {}): Candidate {
  return {
    id: 7,
    lastName: "Martin",
    firstName: "Léa",
    birthDate: null,
    email: "lea.martin@example.fr",
    phone: null,
    franceTravailId: null,
    postcode: "69003",
    commune: "Lyon 3e Arrondissement",
    communeCode: "69383",
    consent: { date: "2026-03-12", channel: "written", expiry: "2027-03-12", withdrawnOn: null },
    consentValid: true,
    consentHistory: [
      {
        kind: "given",
        label: "Consentement donné",
        givenOn: "2026-03-12",
        channel: "written",
        expiry: "2027-03-12",
        recordedAt: "2026-03-12T10:00:00Z",
        recordedBy: "Claire Morel",
        note: "",
      },
    ],
    targetJobs: [{ code: 11573, label: "Boulanger / Boulangère", romeCode: "D1102" }],
    skills: [],
    experience: "",
    qualifications: "",
    drivingLicences: [],
    languages: [],
    availableFrom: null,
    wantedContracts: [],
    workingTime: null,
    mobilityRadiusKm: null,
    mobilityMeans: [],
    workConstraints: [],
    sectorsAvoided: [],
    sectorsPreferred: [],
    constraints: [],
    eligibility: { rqth: false, rsa: false, qpv: false, longTermUnemployed: false },
    hiringAids: [],
    pitch: "",
    counsellor: "Claire Morel",
    createdAt: "2026-03-12T10:00:00Z",
    updatedAt: "2026-03-12T10:00:00Z",
    version: 3,
    ...overrides,
  };
}

export function companySummary(n: number, overrides: Partial<CompanySummary> = {}): CompanySummary {
  return {
    id: n,
    name: `Entreprise ${n}`,
    siret: "12345678900012",
    nafCode: "10.71C",
    nafLabel: "Boulangerie et boulangerie-pâtisserie",
    headcountBand: "02",
    legalNature: "private",
    commune: "Lyon",
    postcode: "69007",
    hiringPotential: 60,
    commitments: [],
    mainContact: "Paul Durand (gérant)",
    distanceKm: null,
    ...overrides,
  };
}

export function company(n: number, overrides: Partial<Company> = {}): Company {
  return {
    id: n,
    name: `Entreprise ${n}`,
    siret: "12345678900012",
    siren: "123456789",
    nafCode: "10.71C",
    nafLabel: "Boulangerie et boulangerie-pâtisserie",
    headcountBand: "02",
    legalNature: "private",
    address: "12 rue de la Gare",
    postcode: "69007",
    commune: "Lyon 7e Arrondissement",
    communeCode: "69387",
    contacts: [
      { id: 1, name: "Paul Durand", role: "gérant", email: "paul.durand@example.fr", phone: null, preferredChannel: "email" },
    ],
    hiringPotential: 60,
    commitments: [],
    maxContactsPerMonth: null,
    notes: "",
    referent: "Claire Morel",
    createdAt: "2026-03-12T10:00:00Z",
    updatedAt: "2026-03-12T10:00:00Z",
    version: 3,
    ...overrides,
  };
}

/** The fixed lists as the core sends them (a representative subset). */
export function choices(): Choices {
  return {
    contractTypes: [
      { code: "cdi", label: "CDI" },
      { code: "cdd", label: "CDD" },
      { code: "interim", label: "Intérim" },
    ],
    workingTimes: [
      { code: "full_time", label: "Temps plein" },
      { code: "part_time", label: "Temps partiel" },
      { code: "either", label: "Temps plein ou partiel" },
    ],
    mobilityMeans: [
      { code: "car", label: "Voiture" },
      { code: "public_transport", label: "Transports en commun" },
    ],
    workConstraints: [
      { code: "no_weekend", label: "Pas de travail le week-end" },
      { code: "no_night", label: "Pas de travail de nuit" },
      { code: "no_shifts", label: "Pas de travail posté ni d'horaires décalés" },
      { code: "no_travel", label: "Pas de déplacements professionnels" },
      { code: "part_time_only", label: "Temps partiel uniquement" },
      { code: "no_driving_licence", label: "Pas de permis de conduire" },
      { code: "no_vehicle", label: "Pas de véhicule" },
    ],
    drivingLicences: [
      { code: "B", label: "B (voiture)" },
      { code: "C", label: "C (poids lourd)" },
    ],
    headcountBands: [
      { code: "01", label: "1 ou 2 salariés" },
      { code: "02", label: "3 à 5 salariés" },
    ],
    legalNatures: [
      { code: "private", label: "Entreprise privée" },
      { code: "association", label: "Association" },
      { code: "public", label: "Collectivité ou établissement public" },
      { code: "insertion", label: "Structure d'insertion (SIAE)" },
      { code: "adapted", label: "Entreprise adaptée ou ESAT" },
    ],
    contactChannels: [
      { code: "email", label: "E-mail" },
      { code: "phone", label: "Téléphone" },
    ],
    publics: [
      { code: "rqth", label: "RQTH" },
      { code: "rsa", label: "Bénéficiaire du RSA" },
      { code: "under26", label: "Moins de 26 ans" },
      { code: "over50", label: "50 ans et plus" },
      { code: "qpv", label: "Résident QPV" },
      { code: "longTermUnemployed", label: "Demandeur d'emploi de longue durée" },
    ],
    recordedPublics: [
      { code: "rqth", label: "RQTH" },
      { code: "rsa", label: "Bénéficiaire du RSA" },
      { code: "qpv", label: "Résident QPV" },
      { code: "longTermUnemployed", label: "Demandeur d'emploi de longue durée" },
    ],
    promotionChannels: [
      { code: "email", label: "E-mail" },
      { code: "phone", label: "Téléphone" },
      { code: "visit", label: "Visite en entreprise" },
      { code: "event", label: "Événement (job dating, forum)" },
      { code: "online_platform", label: "Plateforme en ligne" },
    ],
    refusalReasons: [
      { code: "no_vacancy", label: "Pas de poste à pourvoir" },
      { code: "profile_mismatch", label: "Profil ne correspondant pas" },
      { code: "experience", label: "Expérience insuffisante" },
      { code: "availability", label: "Disponibilité" },
      { code: "distance", label: "Distance" },
      { code: "already_recruited", label: "Recrutement déjà effectué" },
      { code: "other", label: "Autre motif" },
    ],
    promotionStatuses: [
      { code: "draft", label: "Brouillon" },
      { code: "sent", label: "Envoyée" },
      { code: "reminded", label: "Relancée" },
      { code: "interested", label: "Employeur intéressé" },
      { code: "interview_planned", label: "Entretien prévu" },
      { code: "information_requested", label: "Informations demandées" },
      { code: "refused", label: "Refusée" },
      { code: "no_answer", label: "Sans réponse" },
      { code: "hired", label: "Embauche" },
      { code: "kept_on_file", label: "Profil conservé" },
      { code: "not_retained", label: "Non retenu" },
      { code: "withdrawn", label: "Retirée" },
    ],
    eventKinds: [
      { code: "created", label: "Préparée (brouillon)" },
      { code: "sent", label: "Envoyée" },
      { code: "reminded", label: "Relance" },
      { code: "interested", label: "Employeur intéressé" },
      { code: "interview_planned", label: "Entretien prévu" },
      { code: "information_requested", label: "Informations demandées" },
      { code: "refused", label: "Refus de l'employeur" },
      { code: "no_answer", label: "Sans réponse" },
      { code: "hired", label: "Embauche" },
      { code: "kept_on_file", label: "Profil conservé" },
      { code: "not_retained", label: "Non retenu" },
      { code: "withdrawn", label: "Promotion retirée" },
      { code: "note", label: "Note" },
      { code: "correction", label: "Correction" },
    ],
    checkinKinds: [
      { code: "one_month", label: "Point à 1 mois" },
      { code: "trial_end", label: "Point de fin de période d'essai" },
      { code: "six_months", label: "Point à 6 mois" },
    ],
    leftReasons: [
      { code: "trial_by_employer", label: "Fin de la période d'essai à l'initiative de l'employeur" },
      { code: "trial_by_employee", label: "Fin de la période d'essai à l'initiative du salarié" },
      { code: "other", label: "Autre motif" },
    ],
    commitments: ["Les entreprises s'engagent", "Employeur inclusif"],
    constraints: ["Pas de port de charges lourdes", "Temps partiel thérapeutique"],
    limits: { maxTargetJobs: 3, maxSectors: 10, maxCompanies: 5, maxCandidates: 10, maxContacts: 20, maxTargets: 20, consentMonths: 12, maxFollowUpDays: 3650 },
  };
}

/** An aid as the core sends it, its conditions checked on 04/12/2026. */
function aid(code: string, name: string, description: string, conditions: string): HiringAid {
  return { code, name, description, conditions, checkedOn: "2026-12-04", toCheck: null };
}

/** A few hiring aids, each for everyone (`null`) or for some publics, in the core's order. */
const HIRING_AIDS: { aid: HiringAid; publics: (keyof Eligibility)[] | null }[] = [
  {
    aid: aid("agefiph_embauche", "Aides de l'Agefiph", "Aides de l'Agefiph.", "Personne reconnue travailleur handicapé."),
    publics: ["rqth"],
  },
  {
    aid: aid("pec", "Parcours emploi compétences (PEC)", "Contrat aidé.", "Employeur du secteur non marchand."),
    publics: ["qpv"],
  },
  {
    aid: aid("pmsmp", "Immersion professionnelle (PMSMP)", "Immersion.", "Tout employeur."),
    publics: null,
  },
];

/**
 * As the core's `candidates_hiring_aids` answers: the aids for everyone or for a ticked
 * public (the birth date, which the core also weighs, plays no part in these few), and no
 * age without a birth date.
 */
export async function hiringAids(eligibility: Eligibility): Promise<AidsPreview> {
  const aids = HIRING_AIDS.filter(({ publics }) => publics === null || publics.some((p) => eligibility[p])).map(
    ({ aid }) => ({ ...aid }),
  );
  return { age: null, agePublics: [], ageText: NO_AGE, aids };
}

/** The core's `ageText` without a birth date. */
export const NO_AGE = "Âge inconnu sans date de naissance : ni moins de 26 ans ni 50 ans et plus.";

export function validationError(field: string, message: string): IpcError {
  return new IpcError("validation", "Le formulaire contient des erreurs.", [{ field, message }]);
}
