// Builders of dashboards for the UI tests: the tiles, funnel, rows and figure labels are
// made from the indicators as the core makes them (stats::indicators).
import type { Breakdown } from "./bindings/Breakdown";
import type { BreakdownRow } from "./bindings/BreakdownRow";
import type { ProfileRow } from "./bindings/ProfileRow";
import type { Dashboard } from "./bindings/Dashboard";
import type { Figure } from "./bindings/Figure";
import type { FigureLabel } from "./bindings/FigureLabel";
import type { FunnelStep } from "./bindings/FunnelStep";
import type { IndicatorRow } from "./bindings/IndicatorRow";
import type { Indicators } from "./bindings/Indicators";
import type { Tile } from "./bindings/Tile";
import { countLabel } from "./format";
import { formatDays, formatRate } from "./stats.svelte";

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
    answerDelayBasis: 4,
    answeredByEmail: 1,
    answerDelayMedianEmail: 3,
    answerDelayMedianTyped: 8,
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

/** What each figure is called, in full and short. */
export function figures(): FigureLabel[] {
  const named: [Figure, string, string][] = [
    ["promotions", "Promotions envoyées", "Promotions"],
    ["answered", "Réponses des employeurs", "Réponses"],
    ["answeredDated", "Réponses datées (base du délai)", "Réponses datées"],
    ["interviews", "Entretiens", "Entretiens"],
    ["hires", "Embauches", "Embauches"],
    ["keptOnFile", "Profils conservés", "Conservés"],
    ["refused", "Refus de l'employeur", "Refus"],
    ["notRetained", "Non retenus", "Non retenus"],
    ["noAnswer", "Sans réponse", "Sans réponse"],
    ["withdrawn", "Retirées", "Retirées"],
    ["waitingReminder", "À relancer", "À relancer"],
  ];
  return named.map(([figure, label, short]) => ({ figure, label, short }));
}

const HIRE_RATE_TARGET = 0.12;

/** The six headline tiles. */
export function headline(i: Indicators): Tile[] {
  const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
  return [
    {
      key: "promotions",
      label: "Promotions envoyées",
      value: { kind: "count", value: i.promotions },
      detail: countLabel(i.candidates, "candidat promu", "candidats promus"),
      figure: "promotions",
    },
    {
      key: "poolShare",
      label: "Part du vivier promue",
      value: { kind: "rate", value: i.poolShare },
      detail: `${countLabel(i.pool, "candidat", "candidats")} dans le vivier`,
      figure: "promotions",
    },
    {
      key: "answerRate",
      label: "Taux de retour employeur",
      value: { kind: "rate", value: i.answerRate },
      detail: countLabel(i.answered, "réponse", "réponses"),
      figure: "answered",
    },
    {
      key: "answerDelayMedian",
      label: "Délai de retour",
      value: { kind: "days", value: i.answerDelayMedian },
      detail: `médiane · moyenne ${formatDays(i.answerDelayMean)} · ${countLabel(i.answerDelayBasis, "réponse datée", "réponses datées")}`,
      figure: "answeredDated",
    },
    {
      key: "interviews",
      label: "Entretiens",
      value: { kind: "count", value: i.interviews },
      detail: `${formatRate(ratio(i.interviews, i.promotions))} des promotions`,
      figure: "interviews",
    },
    {
      key: "hires",
      label: "Embauches",
      value: { kind: "count", value: i.hires },
      detail: `${formatRate(i.hireRate)} · objectif ${formatRate(HIRE_RATE_TARGET)}`,
      figure: "hires",
    },
  ];
}

/** Promoted → answered → interview → hired. */
export function funnel(i: Indicators): FunnelStep[] {
  const steps: [Figure, string, number][] = [
    ["promotions", "Promotions envoyées", i.promotions],
    ["answered", "Réponses", i.answered],
    ["interviews", "Entretiens", i.interviews],
    ["hires", "Embauches", i.hires],
  ];
  return steps.map(([figure, label, count]) => ({ figure, label, count, share: i.promotions > 0 ? count / i.promotions : null }));
}

/** Every row of the indicators table, in the core's order. */
export function rows(i: Indicators, reminderDays: number): IndicatorRow[] {
  const count = (value: number) => ({ kind: "count", value }) as const;
  const rate = (value: number | null) => ({ kind: "rate", value }) as const;
  const days = (value: number | null) => ({ kind: "days", value }) as const;
  return [
    { key: "promotions", label: "Promotions envoyées", value: count(i.promotions), figure: "promotions" },
    { key: "candidates", label: "Candidats promus", value: count(i.candidates), figure: "promotions" },
    { key: "pool", label: "Vivier de la période", value: count(i.pool), figure: null },
    { key: "poolShare", label: "Part du vivier promue", value: rate(i.poolShare), figure: "promotions" },
    { key: "answered", label: "Réponses des employeurs", value: count(i.answered), figure: "answered" },
    { key: "answerRate", label: "Taux de retour employeur", value: rate(i.answerRate), figure: "answered" },
    { key: "answerDelayMedian", label: "Délai de retour médian", value: days(i.answerDelayMedian), figure: "answeredDated" },
    { key: "answerDelayMean", label: "Délai de retour moyen", value: days(i.answerDelayMean), figure: "answeredDated" },
    {
      key: "answerDelayBasis",
      label: "Réponses datées (base du délai)",
      value: count(i.answerDelayBasis),
      figure: "answeredDated",
    },
    { key: "answeredByEmail", label: "Dont réponses reçues par e-mail", value: count(i.answeredByEmail), figure: null },
    {
      key: "answerDelayMedianEmail",
      label: "Délai de retour médian, réponses par e-mail (jours)",
      value: days(i.answerDelayMedianEmail),
      figure: null,
    },
    {
      key: "answerDelayMedianTyped",
      label: "Délai de retour médian, réponses saisies (jours)",
      value: days(i.answerDelayMedianTyped),
      figure: null,
    },
    { key: "interviews", label: "Entretiens", value: count(i.interviews), figure: "interviews" },
    { key: "hires", label: "Embauches", value: count(i.hires), figure: "hires" },
    { key: "hireRate", label: "Taux de transformation (objectif 12 %)", value: rate(i.hireRate), figure: "hires" },
    { key: "keptOnFile", label: "Profils conservés", value: count(i.keptOnFile), figure: "keptOnFile" },
    { key: "refused", label: "Refus de l'employeur", value: count(i.refused), figure: "refused" },
    { key: "notRetained", label: "Non retenus", value: count(i.notRetained), figure: "notRetained" },
    { key: "noAnswer", label: "Sans réponse", value: count(i.noAnswer), figure: "noAnswer" },
    { key: "withdrawn", label: "Retirées après l'envoi", value: count(i.withdrawn), figure: "withdrawn" },
    {
      key: "waitingReminder",
      label: `À relancer (${reminderDays} jours sans contact)`,
      value: count(i.waitingReminder),
      figure: "waitingReminder",
    },
  ];
}

/** A row of profiles from (pool, promoted, promotions, interviews, hires), its rates worked out. */
export function profile(key: string, label: string, [pool, promoted, promotions, interviews, hires]: number[]): ProfileRow {
  return {
    key,
    label,
    pool,
    promoted,
    promotedShare: pool > 0 ? promoted / pool : null,
    promotions,
    interviews,
    interviewRate: promotions > 0 ? interviews / promotions : null,
    hires,
  };
}

/** A row of the comparisons from (promotions, answered, interviews, hires, median delay, its basis), its rates worked out. */
export function compared(
  key: string,
  label: string,
  [promotions, answered, interviews, hires]: number[],
  median: number | null = null,
  basis = 0,
  openable = true,
): BreakdownRow {
  return {
    key,
    label,
    openable,
    promotions,
    answered,
    answerRate: promotions > 0 ? answered / promotions : null,
    interviews,
    hires,
    hireRate: promotions > 0 ? hires / promotions : null,
    answerDelayMedian: median,
    answerDelayBasis: basis,
  };
}

/** The comparisons of November: two counsellors, one unnamed; the Rhône and Finistère; RQTH. */
export function breakdowns(): Breakdown[] {
  const table = (key: Breakdown["key"], title: string, heading: string, rows: BreakdownRow[], extra: Partial<Breakdown> = {}): Breakdown => ({
    key,
    title,
    heading,
    overlapping: key === "publics" || key === "domains",
    rows,
    omitted: 0,
    omittedPromotions: 0,
    ...extra,
  });
  return [
    table("counsellors", "Par conseiller", "Conseiller", [
      compared("Claire Morel", "Claire Morel", [4, 3, 2, 1], 5, 3),
      compared("", "Sans conseiller signataire", [1, 0, 0, 0], null, 0, false),
    ]),
    table("agencies", "Par agence ou équipe", "Agence ou équipe", [compared("Agence de Lyon", "Agence de Lyon", [5, 3, 2, 1], 5, 3)]),
    table("publics", "Par public", "Public", [compared("rqth", "RQTH", [2, 1, 1, 1], 4, 1)]),
    table("domains", "Par domaine du métier visé", "Domaine", []),
    table("departments", "Par département de résidence du candidat", "Département", [
      compared("29", "29 — Finistère", [1, 1, 1, 1], 21, 1),
      compared("69", "69 — Rhône", [4, 2, 1, 0], 4.5, 2),
    ]),
    table("communes", "Par commune de résidence du candidat", "Commune", [compared("29232", "Quimper (29)", [1, 1, 1, 1], 21, 1)], {
      omitted: 12,
      omittedPromotions: 30,
    }),
  ];
}

/** November 2026, computed on 10 December, as the core sends it (tiles and rows follow `indicators`). */
export function dashboard(overrides: Partial<Dashboard> = {}): Dashboard {
  const i = overrides.indicators ?? indicators();
  return {
    query: { period: { kind: "month", on: "2026-11-15" }, counsellor: null, agency: null, domain: null, publics: [], channel: null, department: null, commune: null, territoryOf: "candidate" },
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
    sentEver: 9,
    indicators: i,
    headline: headline(i),
    funnel: funnel(i),
    rows: rows(i, 7),
    figures: figures(),
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
    neverPromoted: {
      now: { on: "2026-11-30", label: "nov. 2026", pool: 11, never: 4, share: 4 / 11 },
      trend: [
        { on: "2026-10-31", label: "oct. 2026", pool: 11, never: 10, share: 10 / 11 },
        { on: "2026-11-30", label: "nov. 2026", pool: 11, never: 4, share: 4 / 11 },
      ],
    },
    profiles: {
      minPool: 5,
      minPromotions: 5,
      tables: [
        {
          key: "jobsMostPromoted",
          title: "Métiers visés les plus promus",
          profile: "Métier visé",
          rows: [profile("F1602", "Électricien / Électricienne du bâtiment (F1602)", [5, 4, 5, 1, 0])],
        },
        { key: "jobsLeastPromoted", title: "Métiers visés les moins promus", profile: "Métier visé", rows: [] },
        {
          key: "publics",
          title: "Publics",
          profile: "Public",
          rows: [profile("under26", "Moins de 26 ans", [2, 2, 2, 1, 0])],
        },
      ],
    },
    breakdowns: breakdowns(),
    retention: {
      hires: 3,
      total: { key: "total", label: "Toutes les embauches suivies", hires: 2, checked: 2, inJob: 1, share: 0.5 },
      byContract: [{ key: "cdi", label: "CDI", hires: 2, checked: 2, inJob: 1, share: 0.5 }],
      byCompany: [{ key: "11", label: "Boulangerie Kerbrat", hires: 2, checked: 2, inJob: 1, share: 0.5 }],
      unmeasured: null,
    },
    ...overrides,
  };
}
