// Whose place the dashboard's territory reads (`StatsQuery.territoryOf`), in French: the
// filter panel's choice, the comparisons' note and the filters' labels.
import type { TerritoryOf } from "../../bindings/TerritoryOf";

export const TERRITORY_LABELS: Record<TerritoryOf, string> = {
  candidate: "Lieu de résidence du candidat",
  company: "Lieu de l'entreprise",
};

/** The department and commune filters' labels for each territory. */
export const PLACE_LABELS: Record<TerritoryOf, { department: string; commune: string }> = {
  candidate: { department: "Département de résidence du candidat", commune: "Commune de résidence du candidat" },
  company: { department: "Département de l'entreprise", commune: "Commune de l'entreprise" },
};
