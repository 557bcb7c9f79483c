// The dashboard's French formats, what its figures are called (as the core names them),
// and the hand-over from a figure to the promotions behind it: the dashboard leaves the
// figure's query here and opens the Promotions page, which takes it once; the dashboard's
// own filters stay here for the way back.
import type { Dashboard } from "./bindings/Dashboard";
import type { Figure } from "./bindings/Figure";
import type { FigureLabel } from "./bindings/FigureLabel";
import type { FigureQuery } from "./bindings/FigureQuery";
import type { IndicatorValue } from "./bindings/IndicatorValue";
import type { RefusalReason } from "./bindings/RefusalReason";
import type { StatsQuery } from "./bindings/StatsQuery";
import { formatNumber } from "./format";
import { hashFor } from "./pages";

const PERCENT = new Intl.NumberFormat("fr-FR", { style: "percent", maximumFractionDigits: 1 });
const DECIMAL = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });

/** `0.125` → `12,5 %`; an absent rate (no promotion) → `—`. */
export function formatRate(rate: number | null): string {
  return rate === null ? "—" : PERCENT.format(rate);
}

/** `7.5` → `7,5 j`; absent → `—`. */
export function formatDays(days: number | null): string {
  return days === null ? "—" : `${DECIMAL.format(days)} j`;
}

/** A figure's value as French writes it: `1 234`, `12,5 %`, `7,5 j`, `—` when absent. */
export function formatValue(value: IndicatorValue): string {
  switch (value.kind) {
    case "count":
      return formatNumber(value.value);
    case "rate":
      return formatRate(value.value);
    case "days":
      return formatDays(value.value);
  }
}

/**
 * What `figure` is called among the dashboard's `figures`: in full (a title, a list's
 * description) or short (a column, a chart's legend).
 */
export function figureName(figures: readonly FigureLabel[], figure: Figure, form: "label" | "short" = "label"): string {
  const named = figures.find((f) => f.figure === figure);
  return named ? named[form] : figure;
}

/** The promotions behind a figure, with the words that say which. */
export interface Drilldown {
  figure: FigureQuery;
  /** E.g. "Embauches · novembre 2026 · Claire Morel". */
  description: string;
}

export interface FigureScope {
  companyId?: number;
  reason?: RefusalReason;
  /** A step of the trend instead of the whole period. */
  from?: string;
  to?: string;
  /** Added to the description: the company, the reason, the step or the row compared. */
  detail?: string;
  /** More filters: a row of the comparisons (a counsellor, a department…). */
  narrow?: Partial<StatsQuery>;
}

class StatsHandOver {
  /** The dashboard's query, kept while the counsellor looks at promotions. */
  query = $state<StatsQuery | null>(null);
  #pending: Drilldown | null = null;

  /** Leaves the figure for the Promotions page and opens it. */
  open(dashboard: Dashboard, figure: Figure, scope: FigureScope = {}): void {
    const base: StatsQuery = { ...dashboard.query, ...scope.narrow };
    const query: StatsQuery = scope.from && scope.to ? { ...base, period: { kind: "custom", from: scope.from, to: scope.to } } : base;
    const parts = [figureName(dashboard.figures, figure), scope.detail, scope.from ? null : dashboard.period.label];
    parts.push(dashboard.query.counsellor, dashboard.query.agency);
    // The territory chosen on the dashboard (a row of the comparisons names its own).
    const department = dashboard.query.department;
    if (department && scope.narrow?.department === undefined) {
      const whose = dashboard.query.territoryOf === "company" ? "département de l'entreprise" : "département";
      parts.push(department === "inconnu" ? `${whose} non renseigné` : `${whose} ${department}`);
    }
    this.query = dashboard.query;
    this.#pending = {
      figure: { query, figure, companyId: scope.companyId ?? null, reason: scope.reason ?? null, asOf: dashboard.asOf },
      description: parts.filter((p): p is string => !!p).join(" · "),
    };
    window.location.hash = hashFor("promotions");
  }

  /** The figure left for the Promotions page, once. */
  take(): Drilldown | null {
    const pending = this.#pending;
    this.#pending = null;
    return pending;
  }
}

export const handOver = new StatsHandOver();
