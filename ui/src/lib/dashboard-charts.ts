// The Chart.js configurations of the Tableau de bord: the funnel, the trend, the companies
// that answer and hire, the refusals by reason. Each chart draws a table shown beside it;
// the series keep the figure they stand for, so a click opens the promotions behind it.
import type { ChartConfiguration } from "chart.js";
import type { CompanyFigures } from "./bindings/CompanyFigures";
import type { Figure } from "./bindings/Figure";
import type { ReasonCount } from "./bindings/ReasonCount";
import type { TrendPoint } from "./bindings/TrendPoint";

const BLUE = "#000091";
const LIGHT_BLUE = "#6a6af4";
const GREEN = "#18753c";
const ORANGE = "#c3992a";
const RED = "#ce0500";
const LIGHT_RED = "#f95c5e";

/** One step of the funnel, from promotions sent to hires. */
export interface FunnelStep {
  figure: Figure;
  label: string;
  value: number;
}

export function funnelChart(steps: FunnelStep[]): ChartConfiguration {
  return {
    type: "bar",
    data: {
      labels: steps.map((s) => s.label),
      datasets: [{ label: "Promotions", data: steps.map((s) => s.value), backgroundColor: [BLUE, LIGHT_BLUE, ORANGE, GREEN] }],
    },
    options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
  };
}

/** The trend's series, in the chart's order, with the figure each one opens. */
export const TREND_SERIES: { figure: Figure; label: string; color: string }[] = [
  { figure: "promotions", label: "Promotions envoyées", color: LIGHT_BLUE },
  { figure: "answered", label: "Réponses", color: ORANGE },
  { figure: "hires", label: "Embauches", color: GREEN },
];

export function trendChart(trend: TrendPoint[]): ChartConfiguration {
  return {
    type: "bar",
    data: {
      labels: trend.map((t) => t.label),
      datasets: [
        { type: "bar", label: TREND_SERIES[0].label, data: trend.map((t) => t.promotions), backgroundColor: LIGHT_BLUE },
        {
          type: "line",
          label: TREND_SERIES[1].label,
          data: trend.map((t) => t.answered),
          borderColor: ORANGE,
          backgroundColor: ORANGE,
        },
        {
          type: "line",
          label: TREND_SERIES[2].label,
          data: trend.map((t) => t.hires),
          borderColor: GREEN,
          backgroundColor: GREEN,
        },
      ],
    },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { position: "bottom" } } },
  } as ChartConfiguration;
}

/** Answers (series 0) and hires (series 1) of each company. */
export function companiesChart(companies: CompanyFigures[]): ChartConfiguration {
  return {
    type: "bar",
    data: {
      labels: companies.map((c) => c.name),
      datasets: [
        { label: "Réponses", data: companies.map((c) => c.answered), backgroundColor: ORANGE },
        { label: "Embauches", data: companies.map((c) => c.hires), backgroundColor: GREEN },
      ],
    },
    options: {
      indexAxis: "y",
      plugins: { legend: { position: "bottom" } },
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  };
}

/** Refusals (series 0) and candidates not retained (series 1), by reason. */
export function reasonsChart(refusals: ReasonCount[]): ChartConfiguration {
  return {
    type: "bar",
    data: {
      labels: refusals.map((r) => r.label),
      datasets: [
        { label: "Refus de l'employeur", data: refusals.map((r) => r.refused), backgroundColor: RED },
        { label: "Non retenus", data: refusals.map((r) => r.notRetained), backgroundColor: LIGHT_RED },
      ],
    },
    options: {
      indexAxis: "y",
      plugins: { legend: { position: "bottom" } },
      scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } },
    },
  };
}
