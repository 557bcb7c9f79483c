// The Chart.js configurations of the Tableau de bord: the funnel, the trend, the companies
// that answer and hire, the refusals by reason. Each chart draws a table shown beside it;
// the series keep the figure they stand for, so a click opens the promotions behind it.
// The legends name the figures as the core does (`Dashboard.figures`, short form).
import type { ChartConfiguration } from "chart.js";
import type { CompanyFigures } from "./bindings/CompanyFigures";
import type { Figure } from "./bindings/Figure";
import type { FunnelStep } from "./bindings/FunnelStep";
import type { NeverPromotedPoint } from "./bindings/NeverPromotedPoint";
import type { ReasonCount } from "./bindings/ReasonCount";
import type { TrendPoint } from "./bindings/TrendPoint";

const BLUE = "#000091";
const LIGHT_BLUE = "#6a6af4";
const GREEN = "#18753c";
const ORANGE = "#c3992a";
const RED = "#ce0500";
const LIGHT_RED = "#f95c5e";

/** What a figure is called in a legend. */
export type FigureNamer = (figure: Figure) => string;

/** The funnel's steps, each bar named by its step; the series counts promotions. */
export function funnelChart(steps: FunnelStep[], name: FigureNamer): ChartConfiguration {
  return {
    type: "bar",
    data: {
      labels: steps.map((s) => s.label),
      datasets: [
        { label: name("promotions"), data: steps.map((s) => s.count), backgroundColor: [BLUE, LIGHT_BLUE, ORANGE, GREEN] },
      ],
    },
    options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
  };
}

/** The trend's series, in the chart's order, with the figure each one opens. */
export const TREND_SERIES: readonly Figure[] = ["promotions", "answered", "hires"];

export function trendChart(trend: TrendPoint[], name: FigureNamer): ChartConfiguration {
  return {
    type: "bar",
    data: {
      labels: trend.map((t) => t.label),
      datasets: [
        { type: "bar", label: name("promotions"), data: trend.map((t) => t.promotions), backgroundColor: LIGHT_BLUE },
        {
          type: "line",
          label: name("answered"),
          data: trend.map((t) => t.answered),
          borderColor: ORANGE,
          backgroundColor: ORANGE,
        },
        {
          type: "line",
          label: name("hires"),
          data: trend.map((t) => t.hires),
          borderColor: GREEN,
          backgroundColor: GREEN,
        },
      ],
    },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { position: "bottom" } } },
  } as ChartConfiguration;
}

/** The companies chart's series, in its order: answers, then hires. */
export const COMPANY_SERIES: readonly Figure[] = ["answered", "hires"];

/** Answers (series 0) and hires (series 1) of each company. */
export function companiesChart(companies: CompanyFigures[], name: FigureNamer): ChartConfiguration {
  return {
    type: "bar",
    data: {
      labels: companies.map((c) => c.name),
      datasets: [
        { label: name("answered"), data: companies.map((c) => c.answered), backgroundColor: ORANGE },
        { label: name("hires"), data: companies.map((c) => c.hires), backgroundColor: GREEN },
      ],
    },
    options: {
      indexAxis: "y",
      plugins: { legend: { position: "bottom" } },
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  };
}

/** The reasons chart's series, in its order: refusals, then candidates not retained. */
export const REASON_SERIES: readonly Figure[] = ["refused", "notRetained"];

/** Refusals (series 0) and candidates not retained (series 1), by reason. */
export function reasonsChart(refusals: ReasonCount[], name: FigureNamer): ChartConfiguration {
  return {
    type: "bar",
    data: {
      labels: refusals.map((r) => r.label),
      datasets: [
        { label: name("refused"), data: refusals.map((r) => r.refused), backgroundColor: RED },
        { label: name("notRetained"), data: refusals.map((r) => r.notRetained), backgroundColor: LIGHT_RED },
      ],
    },
    options: {
      indexAxis: "y",
      plugins: { legend: { position: "bottom" } },
      scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } },
    },
  };
}

/** The share of the consenting pool never promoted at each month's end, in per cent. */
export function neverPromotedChart(trend: NeverPromotedPoint[]): ChartConfiguration {
  return {
    type: "line",
    data: {
      labels: trend.map((t) => t.label),
      datasets: [
        {
          label: "Part jamais promue (%)",
          data: trend.map((t) => (t.share === null ? null : Math.round(t.share * 1000) / 10)),
          borderColor: RED,
          backgroundColor: RED,
        },
      ],
    },
    options: {
      plugins: { legend: { position: "bottom" } },
      scales: { y: { beginAtZero: true, max: 100, ticks: { precision: 0 } } },
    },
  };
}
