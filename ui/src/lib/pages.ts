// The main navigation: one entry per page, in menu order.
export type PageKey =
  | "vivier"
  | "entreprises"
  | "promotions"
  | "relances"
  | "tableau-de-bord"
  | "import"
  | "parametres";

export interface PageEntry {
  key: PageKey;
  label: string;
}

export const PAGES: readonly PageEntry[] = [
  { key: "vivier", label: "Vivier" },
  { key: "entreprises", label: "Entreprises" },
  { key: "promotions", label: "Promotions" },
  { key: "relances", label: "Relances" },
  { key: "tableau-de-bord", label: "Tableau de bord" },
  { key: "import", label: "Import" },
  { key: "parametres", label: "Paramètres" },
];

export const DEFAULT_PAGE: PageKey = "vivier";

/** `#/entreprises` → `entreprises`; `null` for any other hash (e.g. the skip link `#main`). */
export function pageFromHash(hash: string): PageKey | null {
  const key = hash.replace(/^#\/?/, "");
  return PAGES.find((p) => p.key === key)?.key ?? null;
}

export function hashFor(page: PageKey): string {
  return `#/${page}`;
}
