import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  inboxSettingsGet: vi.fn(),
  inboxSettingsUpdate: vi.fn(),
  inboxCheckNow: vi.fn(),
}));

import InboxSettingsPanel from "./InboxSettingsPanel.svelte";
import { IpcError, inboxCheckNow, inboxSettingsGet, inboxSettingsUpdate } from "../ipc";
import type { InboxSettings } from "../bindings/InboxSettings";

const empty: InboxSettings = {
  host: "",
  port: 993,
  security: "tls",
  username: "",
  passwordSaved: false,
  configured: false,
  checkedAt: null,
  lastError: null,
};
const configured: InboxSettings = { ...empty, host: "imap.agence.example", username: "claire.morel", passwordSaved: true, configured: true };

describe("InboxSettingsPanel", () => {
  beforeEach(() => vi.resetAllMocks());

  it("saves the inbox, reads it now and says what it found", async () => {
    const user = userEvent.setup();
    vi.mocked(inboxSettingsGet).mockResolvedValueOnce(empty).mockResolvedValue({ ...configured, checkedAt: "2026-12-06T09:00:00Z" });
    vi.mocked(inboxSettingsUpdate).mockResolvedValue(configured);
    vi.mocked(inboxCheckNow).mockResolvedValue({ read: 3, answers: 1, replies: 1, known: 0 });
    render(InboxSettingsPanel);

    expect(await screen.findByTestId("inbox-check-now")).toBeDisabled();
    await user.type(screen.getByTestId("field-imapHost"), "imap.agence.example");
    await user.selectOptions(screen.getByTestId("field-imapSecurity"), "startTls");
    expect(screen.getByTestId("field-imapPort")).toHaveValue("143");
    await user.type(screen.getByTestId("field-imapUsername"), "claire.morel");
    await user.type(screen.getByTestId("field-imapPassword"), "secret");
    await user.click(screen.getByTestId("settings-inbox-save"));
    await waitFor(() =>
      expect(inboxSettingsUpdate).toHaveBeenCalledWith({
        host: "imap.agence.example",
        port: 143,
        security: "startTls",
        username: "claire.morel",
        password: "secret",
      }),
    );
    expect(await screen.findByTestId("settings-inbox-saved")).toHaveTextContent("toutes les cinq minutes");

    await user.click(screen.getByTestId("inbox-check-now"));
    expect(await screen.findByTestId("inbox-check-result")).toHaveTextContent(
      "3 messages lus : 1 réponse en un clic et 1 réponse libre, à traiter dans Relances.",
    );
    expect(await screen.findByTestId("inbox-checked-at")).toHaveTextContent("06/12/2026");
  });

  it("says why a reading failed, and a field the core refused", async () => {
    const user = userEvent.setup();
    vi.mocked(inboxSettingsGet).mockResolvedValue({ ...configured, lastError: "La boîte de réception imap.agence.example:993 refuse l'identifiant ou le mot de passe." });
    vi.mocked(inboxSettingsUpdate).mockRejectedValue(
      new IpcError("validation", "L'identifiant de la boîte de réception est obligatoire.", [
        { field: "imapUsername", message: "L'identifiant de la boîte de réception est obligatoire." },
      ]),
    );
    render(InboxSettingsPanel);
    expect(await screen.findByTestId("inbox-last-error")).toHaveTextContent("refuse l'identifiant ou le mot de passe");
    await user.clear(screen.getByTestId("field-imapUsername"));
    await user.click(screen.getByTestId("settings-inbox-save"));
    expect(await screen.findByTestId("error-imapUsername")).toHaveTextContent("obligatoire");
  });
});
