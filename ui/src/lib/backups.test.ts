import { describe, expect, it } from "vitest";
import { codeLabel, countsLabel, currentFailure, lastBackupLabel } from "./backups";
import type { BackupSettings } from "./bindings/BackupSettings";
import type { BackupFacts } from "./bindings/BackupFacts";

const base: BackupSettings = {
  enabled: true,
  folder: "/partage/sauvegardes",
  lastSuccessAt: null,
  lastSuccessFile: null,
  lastFailureAt: null,
  lastFailureReason: null,
};

describe("backups", () => {
  it("says the last good backup, or that there is none", () => {
    expect(lastBackupLabel(base)).toBe("Aucune sauvegarde");
    expect(lastBackupLabel({ ...base, lastSuccessAt: "2026-12-06T09:15:00Z" })).toMatch(/^Dernière sauvegarde : 06\/12\/2026 à \d\d:15$/);
  });

  it("shows a failure only when it came after the last good backup", () => {
    const failed = { ...base, lastFailureAt: "2026-12-06T10:00:00Z", lastFailureReason: "Le disque est plein." };
    expect(currentFailure(failed)?.reason).toBe("Le disque est plein.");
    expect(currentFailure({ ...failed, lastSuccessAt: "2026-12-06T09:00:00Z" })).not.toBeNull();
    expect(currentFailure({ ...failed, lastSuccessAt: "2026-12-06T11:00:00Z" })).toBeNull();
    expect(currentFailure(base)).toBeNull();
  });

  it("words a backup's counts and code", () => {
    const facts = {
      counts: { candidates: 1, companies: 25, promotions: 0 },
      recoveryCode: { id: "K7QF", made: "2026-12-05", kind: "passphrase" },
    } as BackupFacts;
    expect(countsLabel(facts)).toBe("1 candidat, 25 entreprises, 0 promotion");
    expect(codeLabel(facts.recoveryCode)).toBe("phrase de passe K7QF du 05/12/2026");
  });
});
