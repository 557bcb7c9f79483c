// Comparing what the counsellor types with what is already there, as French reads it.

/**
 * Whether two texts say the same thing, whatever their case, accents and surrounding
 * spaces (`Anglais` and ` anglais `, `Été` and `ete`): the locale's collation decides.
 */
export function sameText(a: string, b: string): boolean {
  return a.trim().localeCompare(b.trim(), "fr", { sensitivity: "base" }) === 0;
}
