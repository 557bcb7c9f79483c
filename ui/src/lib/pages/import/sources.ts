// How the import came to read a column or a status: the badge beside each choice, its
// word agreeing with « colonne » (feminine) or « statut » (masculine).
import type { ColumnSource } from "../../bindings/ColumnSource";

type Badge = { label: string; badge: string };

export const COLUMN_SOURCES: Record<ColumnSource, Badge> = {
  recognised: { label: "reconnue", badge: "fr-badge--info" },
  remembered: { label: "mémorisée", badge: "fr-badge--purple-glycine" },
  chosen: { label: "corrigée", badge: "fr-badge--success" },
  unknown: { label: "non reconnue", badge: "fr-badge--warning" },
};

export const STATUS_SOURCES: Record<ColumnSource, Badge> = {
  recognised: { label: "reconnu", badge: COLUMN_SOURCES.recognised.badge },
  remembered: { label: "mémorisé", badge: COLUMN_SOURCES.remembered.badge },
  chosen: { label: "corrigé", badge: COLUMN_SOURCES.chosen.badge },
  unknown: { label: "non reconnu", badge: COLUMN_SOURCES.unknown.badge },
};
