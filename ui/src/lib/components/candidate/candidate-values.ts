// The candidate form's values as typed, from and to the core's types, with the field
// labels. The limits and defaults (target jobs, consent's length) come with the choices.
import type { Candidate } from "../../bindings/Candidate";
import type { CandidateInput } from "../../bindings/CandidateInput";
import type { ConsentChannel } from "../../bindings/ConsentChannel";
import type { Eligibility } from "../../bindings/Eligibility";
import { todayIso } from "../../format";

/** Field labels, in form order (also used by the error summary). */
export const LABELS: Record<string, string> = {
  lastName: "Nom",
  firstName: "Prénom",
  birthDate: "Date de naissance",
  email: "Adresse e-mail",
  phone: "Téléphone",
  franceTravailId: "Identifiant France Travail",
  consentDate: "Date du consentement",
  consentChannel: "Mode de recueil",
  consentExpiry: "Valable jusqu'au",
  targetJobs: "Métiers visés",
  skills: "Compétences",
  experience: "Expérience professionnelle",
  qualifications: "Diplômes et formations",
  drivingLicences: "Permis de conduire",
  languages: "Langues",
  availableFrom: "Disponible à partir du",
  wantedContracts: "Contrats recherchés",
  workingTime: "Temps de travail",
  commune: "Commune",
  postcode: "Code postal",
  mobilityRadiusKm: "Rayon de mobilité (km)",
  mobilityMeans: "Moyens de déplacement",
  workConstraints: "Contraintes prises en compte",
  sectorsAvoided: "Secteurs à éviter",
  sectorsPreferred: "Secteurs souhaités",
  constraints: "Autres contraintes",
  eligibility: "Éligibilité aux aides",
  rqth: "RQTH",
  rsa: "Bénéficiaire du RSA",
  qpv: "Résident QPV",
  longTermUnemployed: "Demandeur d'emploi de longue durée",
  pitch: "Argumentaire",
  counsellor: "Conseiller·ère référent·e",
};

/** The form as typed; `consentChannel` is "" until one is chosen. */
export type CandidateFormValues = Omit<CandidateInput, "consentChannel"> & { consentChannel: ConsentChannel | "" };

function noEligibility(): Eligibility {
  return { rqth: false, rsa: false, qpv: false, longTermUnemployed: false };
}

/** A new candidate: consent given today; its end is set once the core's default is known. */
export function blankForm(): CandidateFormValues {
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
    consentChannel: "",
    consentExpiry: "",
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
    eligibility: noEligibility(),
    pitch: "",
    counsellor: "",
    version: null,
  };
}

export function fromCandidate(c: Candidate): CandidateFormValues {
  return {
    lastName: c.lastName,
    firstName: c.firstName,
    birthDate: c.birthDate ?? "",
    email: c.email ?? "",
    phone: c.phone ?? "",
    franceTravailId: c.franceTravailId ?? "",
    postcode: c.postcode ?? "",
    commune: c.commune ?? "",
    communeCode: c.communeCode ?? "",
    consentDate: c.consent.date,
    consentChannel: c.consent.channel,
    consentExpiry: c.consent.expiry,
    targetJobs: c.targetJobs,
    skills: c.skills,
    experience: c.experience,
    qualifications: c.qualifications,
    drivingLicences: c.drivingLicences,
    languages: c.languages,
    availableFrom: c.availableFrom ?? "",
    wantedContracts: c.wantedContracts,
    workingTime: c.workingTime,
    mobilityRadiusKm: c.mobilityRadiusKm === null ? "" : String(c.mobilityRadiusKm),
    mobilityMeans: c.mobilityMeans,
    workConstraints: c.workConstraints,
    sectorsAvoided: c.sectorsAvoided,
    sectorsPreferred: c.sectorsPreferred,
    constraints: c.constraints,
    eligibility: { ...c.eligibility },
    pitch: c.pitch,
    counsellor: c.counsellor,
    version: c.version,
  };
}
