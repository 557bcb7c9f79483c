import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  retentionSettingsGet: vi.fn(),
  retentionSettingsUpdate: vi.fn(),
  retentionDue: vi.fn(),
  candidatesRenewConsent: vi.fn(),
}));

import RetentionPanel from "./RetentionPanel.svelte";
import { candidatesRenewConsent, retentionDue, retentionSettingsGet, retentionSettingsUpdate } from "../ipc";
import type { Candidate } from "../bindings/Candidate";

describe("RetentionPanel", () => {
  beforeEach(() => {
    vi.resetAllMocks();
    vi.mocked(retentionSettingsGet).mockResolvedValue({ candidateMonths: 24, contactMonths: 24, lastRunOn: "2026-12-01" });
  });

  it("lists what falls due, renews a consent there, and saves the durations", async () => {
    const user = userEvent.setup();
    vi.mocked(retentionDue)
      .mockResolvedValueOnce([
        { kind: "candidate", id: 7, companyId: null, name: "Léa Martin", dueOn: "2026-12-20", reason: "consentement expiré le 20/12/2024" },
        { kind: "contact", id: 3, companyId: 2, name: "Sophie Lambert", dueOn: "2026-12-28", reason: "dernière activité le 28/12/2024" },
      ])
      .mockResolvedValue([]);
    vi.mocked(candidatesRenewConsent).mockResolvedValue({} as Candidate);
    vi.mocked(retentionSettingsUpdate).mockResolvedValue({ candidateMonths: 36, contactMonths: 12, lastRunOn: "2026-12-01" });
    render(RetentionPanel);

    const lea = await screen.findByTestId("retention-due-candidate-7");
    expect(lea).toHaveTextContent("Léa Martin");
    expect(lea).toHaveTextContent("20/12/2026");
    expect(lea).toHaveTextContent("consentement expiré le 20/12/2024");
    expect(screen.getByTestId("retention-due-contact-3")).toHaveTextContent("interlocuteur d'entreprise");
    expect(screen.getByTestId("retention-candidate-months")).toHaveValue("24");

    await user.click(screen.getByTestId("retention-renew-7"));
    await user.selectOptions(screen.getByTestId("consent-action-channel"), "written");
    await user.click(screen.getByTestId("consent-action-submit"));
    await waitFor(() =>
      expect(candidatesRenewConsent).toHaveBeenCalledWith(7, expect.objectContaining({ channel: "written", expiry: "" })),
    );
    expect(await screen.findByTestId("retention-due-empty")).toBeInTheDocument();

    await user.clear(screen.getByTestId("retention-candidate-months"));
    await user.type(screen.getByTestId("retention-candidate-months"), "36");
    await user.clear(screen.getByTestId("retention-contact-months"));
    await user.type(screen.getByTestId("retention-contact-months"), "12");
    await user.click(screen.getByTestId("retention-save"));
    await waitFor(() => expect(retentionSettingsUpdate).toHaveBeenCalledWith(36, 12));
    expect(await screen.findByTestId("settings-retention-saved")).toBeInTheDocument();
  });

  it("refuses a duration that is not a whole number without calling the core", async () => {
    const user = userEvent.setup();
    vi.mocked(retentionDue).mockResolvedValue([]);
    render(RetentionPanel);
    const field = await screen.findByTestId("retention-contact-months");
    await waitFor(() => expect(field).toHaveValue("24"));
    await user.clear(field);
    await user.type(field, "deux ans");
    await user.click(screen.getByTestId("retention-save"));
    expect(await screen.findByTestId("error-contactMonths")).toHaveTextContent("Indiquez un nombre entier de mois.");
    expect(retentionSettingsUpdate).not.toHaveBeenCalled();
  });
});
