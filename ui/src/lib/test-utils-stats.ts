// Builders of dashboards for the UI tests.
import type { Dashboard } from "./bindings/Dashboard";
import type { Indicators } from "./bindings/Indicators";

export function indicators(overrides: Partial<Indicators> = {}): Indicators {
  return {
    promotions: 7,
    candidates: 3,
    pool: 4,
    poolShare: 0.75,
    answered: 4,
    answerRate: 4 / 7,
    answerDelayMedian: 7,
    answerDelayMean: 7.5,
    interviews: 2,
    hires: 1,
    hireRate: 1 / 7,
    keptOnFile: 1,
    refused: 1,
    notRetained: 1,
    noAnswer: 0,
    withdrawn: 1,
    waitingReminder: 2,
    ...overrides,
  };
}

/** November 2026, computed on 10 December, as the core sends it. */
export function dashboard(overrides: Partial<Dashboard> = {}): Dashboard {
  return {
    query: { period: { kind: "month", on: "2026-11-15" }, counsellor: null, agency: null, domain: null, publics: [], channel: null },
    period: {
      current: { kind: "month", on: "2026-11-15" },
      from: "2026-11-01",
      to: "2026-11-30",
      label: "novembre 2026",
      granularity: "week",
      previous: { kind: "month", on: "2026-10-31" },
      next: { kind: "month", on: "2026-12-01" },
    },
    asOf: "2026-12-10T08:00:00Z",
    reminderDays: 7,
    sentEver: 9,
    indicators: indicators(),
    trend: [
      { from: "2026-11-02", to: "2026-11-08", label: "sem. du 02/11", promotions: 3, answered: 2, interviews: 1, hires: 1 },
      { from: "2026-11-09", to: "2026-11-15", label: "sem. du 09/11", promotions: 4, answered: 2, interviews: 1, hires: 0 },
    ],
    topCompanies: [
      { companyId: 11, name: "Boulangerie Kerbrat", promotions: 3, answered: 2, hires: 1 },
      { companyId: 12, name: "Fournil du Rhône", promotions: 2, answered: 1, hires: 0 },
    ],
    refusals: [
      { reason: "distance", label: "Distance", refused: 1, notRetained: 0 },
      { reason: "experience", label: "Expérience insuffisante", refused: 0, notRetained: 1 },
    ],
    ...overrides,
  };
}
