import { describe, expect, it } from "vitest";
import { addMonths, countLabel, formatDate, formatMoment, formatMomentDate, formatSiret, monthsLabel, todayIso } from "./format";

describe("format", () => {
  it("shows dates as dd/mm/yyyy", () => {
    expect(formatDate("2027-03-12")).toBe("12/03/2027");
    expect(formatDate(null)).toBe("");
  });

  it("adds months without going past the month's last day", () => {
    expect(addMonths("2026-05-20", 12)).toBe("2027-05-20");
    expect(addMonths("2028-02-29", 12)).toBe("2029-02-28");
    expect(addMonths("", 12)).toBe("");
    expect(addMonths("2026-05", 12)).toBe("");
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2026-11-15", 3)).toBe("2027-02-15");
    expect(addMonths("2026-12-31", 6)).toBe("2027-06-30");
    expect(addMonths("2026-05-20", 0)).toBe("2026-05-20");
  });

  it("says a span of months in French", () => {
    expect(monthsLabel(12)).toBe("un an");
    expect(monthsLabel(24)).toBe("2 ans");
    expect(monthsLabel(18)).toBe("18 mois");
    expect(monthsLabel(1)).toBe("1 mois");
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
