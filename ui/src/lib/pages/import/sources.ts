// How the import came to read a column or a status: the badge beside each choice.
import type { ColumnSource } from "../../bindings/ColumnSource";

export const SOURCES: Record<ColumnSource, { label: string; badge: string }> = {
  recognised: { label: "reconnue", badge: "fr-badge--info" },
  remembered: { label: "mémorisée", badge: "fr-badge--purple-glycine" },
  chosen: { label: "corrigée", badge: "fr-badge--success" },
  unknown: { label: "non reconnue", badge: "fr-badge--warning" },
};
