import { describe, expect, it } from "vitest";
import { addOneYear, countLabel, formatDate, formatMoment, formatMomentDate, formatSiret, todayIso } from "./format";

describe("format", () => {
  it("shows dates as dd/mm/yyyy", () => {
    expect(formatDate("2027-03-12")).toBe("12/03/2027");
    expect(formatDate(null)).toBe("");
  });

  it("adds one year without going past it", () => {
    expect(addOneYear("2026-05-20")).toBe("2027-05-20");
    expect(addOneYear("2028-02-29")).toBe("2029-02-28");
    expect(addOneYear("")).toBe("");
  });

  it("gives today's local date", () => {
    expect(todayIso(new Date(2026, 0, 5))).toBe("2026-01-05");
  });

  it("groups SIRET digits", () => {
    expect(formatSiret("12345678900012")).toBe("123 456 789 00012");
    expect(formatSiret("123")).toBe("123");
  });

  it("pluralises counts the French way", () => {
    expect(countLabel(60, "candidat", "candidats")).toBe("60 candidats");
    expect(countLabel(1, "candidat", "candidats")).toBe("1 candidat");
    expect(countLabel(0, "candidat", "candidats")).toBe("0 candidat");
    expect(countLabel(100000, "candidat", "candidats")).toMatch(/^100\s000 candidats$/);
  });
});

describe("stored moments", () => {
  it("shows the local day and time of a UTC moment", () => {
    const moment = new Date(2026, 10, 22, 9, 5).toISOString();
    expect(formatMomentDate(moment)).toBe("22/11/2026");
    expect(formatMoment(moment)).toBe("22/11/2026 à 09:05");
    expect(formatMoment(null)).toBe("");
    expect(formatMomentDate("hier")).toBe("hier");
  });
});
