import { describe, expect, it } from "vitest";
import { sameText } from "./text";

describe("sameText", () => {
  it("ignores case, accents and surrounding spaces", () => {
    expect(sameText("Anglais", " ANGLAIS ")).toBe(true);
    expect(sameText("Pétrir la pâte", "petrir la pate")).toBe(true);
    expect(sameText("Été", "ete")).toBe(true);
  });

  it("tells different words apart", () => {
    expect(sameText("Anglais", "Allemand")).toBe(false);
    expect(sameText("Cuire", "Cuire les produits")).toBe(false);
    expect(sameText("", "a")).toBe(false);
  });
});
