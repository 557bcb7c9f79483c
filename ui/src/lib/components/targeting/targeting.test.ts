import { describe, expect, it } from "vitest";
import {
  capitalised,
  companyOption,
  decimalLabel,
  factorLine,
  kmLabel,
  percentLabel,
  personOption,
  promotedLabel,
  scoreLabel,
  signedPoints,
  whereLabel,
} from "./targeting";
import { companyTarget, factor, personTarget } from "../../test-utils-targeting";

/** With plain spaces, which differ between ICU builds. */
const plain = (text: string) => text.replace(/\s/g, " ");

describe("targeting words", () => {
  it("signs the points of a factor and names its kind", () => {
    expect(signedPoints(40)).toBe("+40");
    expect(signedPoints(-5)).toBe("−5");
    expect(signedPoints(0)).toBe("0");
    expect(factorLine(factor("sector", "Boulangerie : 78 % des embauches", 40))).toBe("+40 Secteur — Boulangerie : 78 % des embauches");
    expect(factorLine(factor("history", "Refus récent", -10))).toBe("−10 Historique — Refus récent");
  });

  it("says scores, distances, rates and ranks in French", () => {
    expect(scoreLabel(71)).toBe("71 pts");
    expect(scoreLabel(1)).toBe("1 pt");
    expect(plain(kmLabel(3.45))).toBe("3,5 km");
    expect(kmLabel(null)).toBe("");
    expect(plain(percentLabel(0.45))).toBe("45 %");
    expect(plain(percentLabel(0.125))).toBe("12,5 %");
    expect(decimalLabel(0.4167)).toBe("0,42");
    expect(decimalLabel(0)).toBe("0,00");
    expect(promotedLabel(0)).toBe("jamais promu·e");
    expect(promotedLabel(3)).toBe("promu·e 3 fois");
    expect(plain(whereLabel("Quimper", 12))).toBe("Quimper · 12 km");
    expect(whereLabel(null, null)).toBe("");
    expect(capitalised("rayon de 20 km")).toBe("Rayon de 20 km");
  });

  it("hands a ticked company or person to the promote panel as its picker would", () => {
    expect(companyOption(companyTarget(2))).toEqual({
      id: 2,
      name: "Boulangerie 2",
      details: ["Quimper", "2\u00a0km", "Boulangerie et boulangerie-pâtisserie"],
      expired: false,
    });
    expect(personOption(personTarget(1, { commune: null }))).toEqual({
      id: 101,
      name: "Candidate 1",
      details: ["Boulanger / Boulangère"],
      expired: false,
    });
  });
});
