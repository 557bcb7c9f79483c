import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  mailSettingsGet: vi.fn(),
  mailSettingsUpdate: vi.fn(),
  mailTest: vi.fn(),
}));

import MailSettingsPanel from "./MailSettingsPanel.svelte";
import { IpcError, mailSettingsGet, mailSettingsUpdate, mailTest } from "../ipc";
import { validationError } from "../test-utils";
import type { MailSettings } from "../bindings/MailSettings";

function settings(overrides: Partial<MailSettings> = {}): MailSettings {
  return {
    host: "",
    port: 587,
    security: "startTls",
    username: "",
    fromAddress: "",
    fromName: "",
    subjectTemplate: "Proposition de candidature : {métier}",
    passwordSaved: false,
    configured: false,
    ...overrides,
  };
}

describe("MailSettingsPanel", () => {
  beforeEach(() => {
    vi.resetAllMocks();
  });

  it("saves the server, sends the password once and never shows it back", async () => {
    const user = userEvent.setup();
    vi.mocked(mailSettingsGet).mockResolvedValue(settings());
    const saved = settings({
      host: "smtp.agence.example",
      username: "claire.morel",
      fromAddress: "claire.morel@agence.example",
      passwordSaved: true,
      configured: true,
    });
    vi.mocked(mailSettingsUpdate).mockResolvedValue(saved);
    render(MailSettingsPanel);
    await user.type(await screen.findByTestId("field-host"), "smtp.agence.example");
    await user.type(screen.getByTestId("field-username"), "claire.morel");
    await user.type(screen.getByTestId("field-password"), "s3cret!");
    await user.type(screen.getByTestId("field-fromAddress"), "claire.morel@agence.example");
    expect(screen.getByTestId("mail-password-state")).toHaveTextContent("Aucun mot de passe enregistré.");
    await user.click(screen.getByTestId("settings-mail-save"));
    await waitFor(() =>
      expect(mailSettingsUpdate).toHaveBeenCalledWith({
        host: "smtp.agence.example",
        port: 587,
        security: "startTls",
        username: "claire.morel",
        password: "s3cret!",
        fromAddress: "claire.morel@agence.example",
        fromName: "",
        subjectTemplate: "Proposition de candidature : {métier}",
      }),
    );
    expect(await screen.findByTestId("settings-mail-saved")).toHaveTextContent("Messagerie enregistrée.");
    expect(screen.getByTestId("field-password")).toHaveValue("");
    expect(screen.getByTestId("mail-password-state")).toHaveTextContent("Enregistré dans le trousseau");

    // Saved again without typing it: the password stays as it is (null), or is forgotten ("").
    await user.click(screen.getByTestId("settings-mail-save"));
    await waitFor(() => expect(vi.mocked(mailSettingsUpdate).mock.lastCall?.[0].password).toBeNull());
    await user.click(screen.getByTestId("mail-forget-password"));
    await user.click(screen.getByTestId("settings-mail-save"));
    await waitFor(() => expect(vi.mocked(mailSettingsUpdate).mock.lastCall?.[0].password).toBe(""));
  });

  it("moves the usual port with the security, and shows the core's refusal next to the field", async () => {
    const user = userEvent.setup();
    vi.mocked(mailSettingsGet).mockResolvedValue(settings({ host: "smtp.agence.example" }));
    vi.mocked(mailSettingsUpdate).mockRejectedValue(
      validationError("security", "Sans chiffrement, seul un serveur sur cet ordinateur (127.0.0.1, localhost) est accepté."),
    );
    render(MailSettingsPanel);
    await user.selectOptions(await screen.findByTestId("field-security"), "tls");
    expect(screen.getByTestId("field-port")).toHaveValue("465");
    await user.selectOptions(screen.getByTestId("field-security"), "none");
    expect(screen.getByTestId("field-port")).toHaveValue("25");
    await user.click(screen.getByTestId("settings-mail-save"));
    expect(await screen.findByTestId("error-security")).toHaveTextContent("seul un serveur sur cet ordinateur");
  });

  it("tests the connection and shows the server's answer", async () => {
    const user = userEvent.setup();
    vi.mocked(mailSettingsGet).mockResolvedValue(settings({ host: "smtp.agence.example", configured: true }));
    vi.mocked(mailTest)
      .mockRejectedValueOnce(new IpcError("mail", "Connexion à smtp.agence.example:587 impossible : 535 5.7.8 invalid"))
      .mockResolvedValueOnce("Connexion réussie à smtp.agence.example:587.");
    render(MailSettingsPanel);
    await user.click(await screen.findByTestId("settings-mail-test"));
    expect(await screen.findByTestId("settings-mail-test-result")).toHaveTextContent("535 5.7.8 invalid");
    await user.click(screen.getByTestId("settings-mail-test"));
    await waitFor(() => expect(screen.getByTestId("settings-mail-test-result")).toHaveTextContent("Connexion réussie"));
  });
});
