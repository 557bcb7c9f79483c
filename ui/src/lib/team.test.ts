import { describe, expect, it } from "vitest";
import { IpcError } from "./ipc";
import { movingLabel, portNumber, teamError } from "./team";

describe("team", () => {
  it("counts what joining sends, in French", () => {
    expect(movingLabel({ candidates: 12, companies: 1, promotions: 0 })).toBe("12 candidat·es, 1 entreprise et 0 promotion");
  });

  it("reads the port typed, 0 when it is not one", () => {
    expect(portNumber(" 5433 ")).toBe(5433);
    expect(portNumber("cinq")).toBe(0);
    expect(portNumber("")).toBe(0);
    expect(portNumber("70000")).toBe(0);
  });

  it("names the core's fields as the form does, and leaves the other errors alone", () => {
    const refused = teamError(
      new IpcError("validation", "Champs à corriger.", [
        { field: "host", message: "Indiquez l'adresse." },
        { field: "password", message: "Indiquez le mot de passe." },
        { field: "other", message: "Autre." },
      ]),
    );
    expect(refused.kind).toBe("validation");
    expect(refused.fields.map((f) => f.field)).toEqual(["teamHost", "teamPassword", "other"]);
    const unreachable = new IpcError("team", "Connexion au serveur de l'équipe impossible.");
    expect(teamError(unreachable)).toBe(unreachable);
  });
});
