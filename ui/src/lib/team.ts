// Team mode (Paramètres → Équipe): what joining a team moves, in French, and the port typed.
import type { MovingIn } from "./bindings/MovingIn";
import { countLabel } from "./format";
import { IpcError, toIpcError } from "./ipc";

/**
 * The core's field → the form's: Paramètres also holds the mail settings, whose fields are
 * `host`, `port` and `password`, so the team's carry a prefix (`field-teamHost`…).
 */
const FORM_FIELDS: Record<string, string> = {
  host: "teamHost",
  port: "teamPort",
  database: "teamDatabase",
  account: "teamAccount",
  password: "teamPassword",
};

/** A failure of `teamPreview` or `teamJoin`, its fields named as in the form. */
export function teamError(reason: unknown): IpcError {
  const error = toIpcError(reason);
  if (error.kind !== "validation") return error;
  const fields = error.fields.map((f) => ({ field: FORM_FIELDS[f.field] ?? f.field, message: f.message }));
  return new IpcError("validation", error.message, fields);
}

/** « 12 candidat·es, 8 entreprises et 30 promotions ». */
export function movingLabel(m: Pick<MovingIn, "candidates" | "companies" | "promotions">): string {
  return (
    `${countLabel(m.candidates, "candidat·e", "candidat·es")}, ` +
    `${countLabel(m.companies, "entreprise", "entreprises")} et ` +
    `${countLabel(m.promotions, "promotion", "promotions")}`
  );
}

/** Whether joining would send nothing new (everything is already in the team). */
export function nothingNew(m: MovingIn): boolean {
  return m.candidates === 0 && m.companies === 0 && m.promotions === 0;
}

/** The port typed, as a number; 0 when it is not one, so that the core names the field. */
export function portNumber(typed: string): number {
  const text = typed.trim();
  const port = /^\d{1,5}$/.test(text) ? Number(text) : 0;
  return port <= 65535 ? port : 0;
}
