// The company form's values as typed, to the core's input, with the field labels (the
// number of contacts the core accepts comes with the choices).
import type { CompanyInput } from "../../bindings/CompanyInput";
import type { ContactChannel } from "../../bindings/ContactChannel";
import type { HeadcountBand } from "../../bindings/HeadcountBand";
import type { LegalNature } from "../../bindings/LegalNature";

/** A contact's fields, named as in `ContactInput`, with their labels. */
export const CONTACT_LABELS = {
  name: "Nom et prénom",
  role: "Fonction",
  email: "Adresse e-mail",
  phone: "Téléphone",
  preferredChannel: "Canal préféré",
} as const;

function contactLabels(count: number): Record<string, string> {
  const labels: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    for (const [field, label] of Object.entries(CONTACT_LABELS)) {
      labels[`contacts.${i}.${field}`] = `Interlocuteur ${i + 1} : ${label.toLowerCase()}`;
    }
  }
  return labels;
}

/** Field labels, in form order (also used by the error summary), for a form of `contacts` rows. */
export function companyLabels(contacts: number): Record<string, string> {
  return {
    name: "Raison sociale",
    siret: "SIRET",
    nafCode: "Code NAF (activité)",
    headcountBand: "Effectif salarié",
    legalNature: "Nature juridique",
    address: "Adresse",
    postcode: "Code postal",
    commune: "Commune",
    contacts: "Interlocuteurs",
    ...contactLabels(contacts),
    hiringPotential: "Potentiel d'embauche",
    maxContactsPerMonth: "Sollicitations par mois au maximum",
    commitments: "Engagements",
    notes: "Notes",
    referent: "Conseiller·ère référent·e",
  };
}

/** A contact row as typed; `key` tells the rows apart, `id` is the stored contact's. */
export interface ContactRow {
  key: number;
  id: number | null;
  name: string;
  role: string;
  email: string;
  phone: string;
  preferredChannel: ContactChannel | "";
}

/** The form as typed: "" for a select left on "Non renseigné". */
export type CompanyFormValues = Omit<CompanyInput, "headcountBand" | "legalNature" | "contacts"> & {
  headcountBand: HeadcountBand | "";
  legalNature: LegalNature | "";
  contacts: ContactRow[];
};

export function toInput(v: CompanyFormValues): CompanyInput {
  return {
    ...v,
    nafCode: v.nafCode.trim(),
    headcountBand: v.headcountBand === "" ? null : v.headcountBand,
    legalNature: v.legalNature === "" ? null : v.legalNature,
    contacts: v.contacts.map((c) => ({
      id: c.id,
      name: c.name,
      role: c.role,
      email: c.email,
      phone: c.phone,
      preferredChannel: c.preferredChannel === "" ? null : c.preferredChannel,
    })),
    commitments: [...v.commitments],
  };
}
