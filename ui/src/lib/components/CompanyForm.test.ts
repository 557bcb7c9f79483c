import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  companiesCreate: vi.fn(),
  companiesUpdate: vi.fn(),
  companiesGet: vi.fn(),
}));

import CompanyForm from "./CompanyForm.svelte";
import { companiesCreate, companiesGet, companiesUpdate } from "../ipc";
import { company, validationError } from "../test-utils";

describe("CompanyForm", () => {
  beforeEach(() => vi.clearAllMocks());

  it("shows the SIRET error next to the field and keeps the input", async () => {
    const user = userEvent.setup();
    vi.mocked(companiesCreate).mockRejectedValue(validationError("siret", "Le SIRET doit comporter 14 chiffres."));
    render(CompanyForm, { companyId: null, onsaved: vi.fn(), oncancel: vi.fn() });

    expect(screen.getByLabelText(/^SIRET/)).toHaveAccessibleName(/14 chiffres/);
    await user.type(screen.getByTestId("field-name"), "Boulangerie Dupain");
    await user.type(screen.getByTestId("field-siret"), "1234");
    await user.click(screen.getByTestId("form-submit"));

    const message = await screen.findByTestId("error-siret");
    expect(message).toHaveTextContent("Le SIRET doit comporter 14 chiffres.");
    expect(message).toHaveClass("fr-error-text");
    const siret = screen.getByTestId("field-siret");
    expect(siret).toHaveAttribute("aria-invalid", "true");
    expect(siret).toHaveAttribute("aria-describedby", message.id);
    expect(siret).toHaveValue("1234");
    expect(screen.getByTestId("field-name")).toHaveValue("Boulangerie Dupain");
    expect(screen.getByTestId("form-error")).toHaveTextContent("SIRET : Le SIRET doit comporter 14 chiffres.");
    await waitFor(() => expect(siret).toHaveFocus());
  });

  it("sends the company as typed", async () => {
    const user = userEvent.setup();
    const saved = company(3);
    vi.mocked(companiesCreate).mockResolvedValue(saved);
    const onsaved = vi.fn();
    render(CompanyForm, { companyId: null, onsaved, oncancel: vi.fn() });
    await user.type(screen.getByTestId("field-name"), "Boulangerie Dupain");
    await user.type(screen.getByTestId("field-siret"), "12345678900012");
    await user.type(screen.getByTestId("field-contactName"), "Paul Durand");
    await user.click(screen.getByTestId("form-submit"));
    await waitFor(() => expect(onsaved).toHaveBeenCalledWith(saved));
    expect(companiesCreate).toHaveBeenCalledWith({
      name: "Boulangerie Dupain",
      siret: "12345678900012",
      postcode: "",
      commune: "",
      contactName: "Paul Durand",
      contactEmail: "",
      contactPhone: "",
    });
  });

  it("edits an existing company", async () => {
    const user = userEvent.setup();
    vi.mocked(companiesGet).mockResolvedValue(company(4, { name: "Garage Central", contactPhone: null }));
    vi.mocked(companiesUpdate).mockResolvedValue(company(4));
    const onsaved = vi.fn();
    render(CompanyForm, { companyId: 4, onsaved, oncancel: vi.fn() });
    expect(await screen.findByRole("heading", { level: 1, name: "Modifier : Garage Central" })).toBeInTheDocument();
    expect(screen.getByTestId("field-contactPhone")).toHaveValue("");
    await user.click(screen.getByTestId("form-submit"));
    await waitFor(() => expect(onsaved).toHaveBeenCalled());
    expect(companiesUpdate).toHaveBeenCalledWith(4, expect.objectContaining({ name: "Garage Central", contactPhone: "" }));
  });
});
