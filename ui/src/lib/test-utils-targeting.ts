// Builders of the targeting tests (« Cibler », « Candidats à proposer », the replay),
// kept apart from `test-utils.ts`. Names and communes are invented.
import type { CandidateTargets } from "./bindings/CandidateTargets";
import type { CompanyCandidates } from "./bindings/CompanyCandidates";
import type { CompanyTarget } from "./bindings/CompanyTarget";
import type { Evaluation } from "./bindings/Evaluation";
import type { Factor } from "./bindings/Factor";
import type { HiringAid } from "./bindings/HiringAid";
import type { PersonTarget } from "./bindings/PersonTarget";

export function factor(kind: Factor["kind"], text: string, points: number): Factor {
  return { kind, text, points };
}

export function targetAid(overrides: Partial<HiringAid> = {}): HiringAid {
  return {
    code: "emploi_franc",
    name: "Emploi franc",
    description: "Aide pour l'embauche d'une personne résidant en QPV.",
    conditions: "Personne résidant dans un quartier prioritaire de la politique de la ville.",
    checkedOn: "2026-12-04",
    toCheck: null,
    ...overrides,
  };
}

/** Company n, a bakery `n` km away, scored 80 − n, with its factors and the reason they make. */
export function companyTarget(n: number, overrides: Partial<CompanyTarget> = {}): CompanyTarget {
  const factors = [
    factor("sector", "Boulangerie et boulangerie-pâtisserie : 78 % des embauches pour Boulanger / Boulangère", 40),
    factor("distance", `${n} km`, 20 - n),
    factor("history", "Jamais sollicitée par l'agence", 0),
    factor("size", "3 à 5 salariés", 3),
    factor("contact", "Pas de limite de sollicitations", 0),
  ];
  return {
    companyId: n,
    name: `Boulangerie ${n}`,
    commune: "Quimper",
    nafCode: "10.71C",
    nafLabel: "Boulangerie et boulangerie-pâtisserie",
    headcountBand: "02",
    distanceKm: n,
    job: "Boulanger / Boulangère",
    neighbourOf: null,
    score: factors.reduce((sum, f) => sum + f.points, 0),
    reason: `Boulangerie et boulangerie-pâtisserie : 78 % des embauches pour Boulanger / Boulangère · ${n} km · 3 à 5 salariés`,
    factors,
    aids: [],
    contactsLeft: null,
    warnings: [],
    ...overrides,
  };
}

/** Léa Martin's targets: companies 1 to `count`, within her 20 km, nothing left out. */
export function candidateTargets(count = 5, overrides: Partial<CandidateTargets> = {}): CandidateTargets {
  return {
    candidateId: 7,
    candidateName: "Léa Martin",
    radiusKm: 20,
    radiusText: "rayon de 20 km (voiture)",
    consentProblem: null,
    jobs: [
      {
        label: "Boulanger / Boulangère",
        romeCode: "D1102",
        tension: "Tension du métier : 61,9 sur 100 (Boulangers, pâtissiers), au-dessus de la médiane des métiers (52,9)",
        withoutHiringData: false,
        neighbourOf: null,
      },
    ],
    targets: Array.from({ length: count }, (_, i) => companyTarget(i + 1)),
    leftOut: [],
    beyondRadius: [],
    widen: null,
    shortfall: null,
    ...overrides,
  };
}

/** Person n, `n` km from the company, never promoted. */
export function personTarget(n: number, overrides: Partial<PersonTarget> = {}): PersonTarget {
  const factors = [
    factor("sector", "Boulangerie et boulangerie-pâtisserie : 78 % des embauches pour Boulanger / Boulangère", 40),
    factor("distance", `${n} km`, 20 - n),
    factor("history", "jamais promu·e", 0),
  ];
  return {
    candidateId: 100 + n,
    name: `Candidate ${n}`,
    commune: "Ergué-Gabéric",
    distanceKm: n,
    job: "Boulanger / Boulangère",
    promotions: 0,
    score: factors.reduce((sum, f) => sum + f.points, 0),
    reason: `Boulanger / Boulangère : 78 % des embauches du secteur · ${n} km · jamais promu·e`,
    factors,
    aids: [],
    warnings: [],
    ...overrides,
  };
}

/** The people to offer company 3: persons 1 to `count`. */
export function companyCandidates(count = 4, overrides: Partial<CompanyCandidates> = {}): CompanyCandidates {
  return {
    companyId: 3,
    companyName: "Boulangerie Kerbrat",
    people: Array.from({ length: count }, (_, i) => personTarget(i + 1)),
    leftOut: [],
    shortfall: null,
    ...overrides,
  };
}

export function evaluation(overrides: Partial<Evaluation> = {}): Evaluation {
  return {
    successes: 40,
    ranked: 34,
    targeting: { top5: 18, top5Rate: 0.45, meanReciprocalRank: 0.4167 },
    baseline: { top5: 8, top5Rate: 0.2, meanReciprocalRank: 0.1825 },
    note: "Sur 40 succès seulement, ces chiffres sont indicatifs ; sur des données de démonstration, ils ne disent rien de la qualité du ciblage.",
    ...overrides,
  };
}
