import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  settingsGet: vi.fn(),
  settingsUpdate: vi.fn(),
}));

import Settings from "./Settings.svelte";
import { settingsGet, settingsUpdate } from "../ipc";
import { validationError } from "../test-utils";
import type { AppStatus } from "../bindings/AppStatus";

const status: AppStatus = {
  databasePath: "/home/conseil/.local/share/profilence/profilence.db",
  schemaVersion: 3,
  error: null,
  startChoice: "empty",
};

describe("Settings page", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.mocked(settingsGet).mockResolvedValue({ name: "Camille Bernard", agency: "", phone: "", email: "" });
  });

  it("saves the counsellor settings and confirms", async () => {
    const user = userEvent.setup();
    vi.mocked(settingsUpdate).mockImplementation(async (input) => input);
    render(Settings, { status });

    const name = await screen.findByTestId("field-name");
    expect(name).toHaveValue("Camille Bernard");
    expect(screen.getByLabelText(/^Structure \/ agence/)).toBe(screen.getByTestId("field-agency"));
    await user.type(screen.getByTestId("field-agency"), "France Travail Lyon Part-Dieu");
    await user.type(screen.getByTestId("field-email"), "camille.bernard@example.fr");
    await user.click(screen.getByTestId("form-submit"));

    expect(await screen.findByTestId("notice-success")).toHaveTextContent("Paramètres enregistrés.");
    expect(settingsUpdate).toHaveBeenCalledWith({
      name: "Camille Bernard",
      agency: "France Travail Lyon Part-Dieu",
      phone: "",
      email: "camille.bernard@example.fr",
    });
    expect(screen.getByTestId("settings-form")).toBeInTheDocument();
  });

  it("shows field errors and no success notice", async () => {
    const user = userEvent.setup();
    vi.mocked(settingsUpdate).mockRejectedValue(validationError("phone", "Numéro de téléphone invalide."));
    render(Settings, { status });
    await user.type(await screen.findByTestId("field-phone"), "12");
    await user.click(screen.getByTestId("form-submit"));
    expect(await screen.findByTestId("error-phone")).toHaveTextContent("Numéro de téléphone invalide.");
    expect(screen.getByTestId("field-phone")).toHaveValue("12");
    await waitFor(() => expect(screen.getByTestId("field-phone")).toHaveFocus());
    expect(screen.queryByTestId("notice-success")).not.toBeInTheDocument();
  });

  it("shows where the encrypted database lives", async () => {
    render(Settings, { status });
    expect(screen.getByTestId("settings-database-path")).toHaveTextContent(status.databasePath);
    expect(screen.getByText("Chiffrée (SQLCipher), clé conservée dans le trousseau du système.")).toBeInTheDocument();
    expect(screen.getByTestId("settings-schema-version")).toHaveTextContent("3");
    await screen.findByTestId("field-name");
  });
});
