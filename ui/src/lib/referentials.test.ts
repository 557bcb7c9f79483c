import { describe, expect, it } from "vitest";
import { importSummaryLines, itemsLabel, kindLabel } from "./referentials";
import { importSummary, referentialVersion } from "./test-utils-companies";

/** With plain spaces, which differ between ICU builds. */
const plain = (text: string) => text.replace(/\s/g, " ");

describe("referentials", () => {
  it("names and counts each kind, the hiring data included", () => {
    expect(kindLabel("rome")).toBe("ROME 4.0");
    expect(kindLabel("naf")).toBe("NAF rév. 2");
    expect(kindLabel("hiring")).toBe("Embauches par secteur");
    expect(kindLabel("autre")).toBe("autre");

    const hiring = referentialVersion("naf", { kind: "hiring", title: "Embauches par secteur et métier (DPAE)", items: 1450 });
    expect(plain(itemsLabel(hiring))).toBe("1 450 métiers");
    expect(itemsLabel({ ...hiring, items: 1 })).toBe("1 métier");
    expect(plain(itemsLabel(referentialVersion("rome")))).toBe("13 120 appellations");
    expect(itemsLabel({ ...hiring, kind: "autre", items: 2 })).toBe("2 éléments");
  });

  it("says what an import loaded", () => {
    const hiring = referentialVersion("naf", { kind: "hiring", title: "Embauches par secteur et métier", items: 2 });
    expect(importSummaryLines(importSummary([hiring], 1))).toEqual([
      "Embauches par secteur : Embauches par secteur et métier (2 métiers)",
      "1 candidat a pris les nouveaux libellés.",
    ]);
  });
});
