import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { createRawSnippet } from "svelte";
import FilterPanel from "./FilterPanel.svelte";

const children = createRawSnippet(() => ({ render: () => `<p data-testid="things-filter">Un filtre</p>` }));

function renderPanel(active: number, onreset = vi.fn()) {
  render(FilterPanel, {
    props: {
      testid: "things-filters",
      label: "Filtres",
      panelId: "things-filters-panel",
      toggleTestid: "things-toggle",
      countTestid: "things-count",
      resetTestid: "things-reset",
      active,
      onreset,
      children,
    },
  });
  return onreset;
}

describe("FilterPanel", () => {
  it("unfolds and folds the filters", async () => {
    const user = userEvent.setup();
    renderPanel(0);
    const toggle = screen.getByTestId("things-toggle");
    expect(toggle).toHaveTextContent("Filtrer la liste");
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    expect(toggle).toHaveAttribute("aria-controls", "things-filters-panel");
    expect(screen.queryByTestId("things-filter")).not.toBeInTheDocument();

    await user.click(toggle);
    expect(toggle).toHaveTextContent("Masquer les filtres");
    expect(toggle).toHaveAttribute("aria-expanded", "true");
    expect(screen.getByTestId("things-filter")).toBeInTheDocument();
    expect(document.getElementById("things-filters-panel")).toContainElement(screen.getByTestId("things-filter"));

    await user.click(toggle);
    expect(screen.queryByTestId("things-filter")).not.toBeInTheDocument();
  });

  it("shows no count nor reset without an active filter", () => {
    renderPanel(0);
    expect(screen.getByTestId("things-filters")).toHaveAttribute("aria-label", "Filtres");
    expect(screen.queryByTestId("things-count")).not.toBeInTheDocument();
    expect(screen.queryByTestId("things-reset")).not.toBeInTheDocument();
  });

  it("counts the active filters and resets them, folded", async () => {
    const user = userEvent.setup();
    const onreset = renderPanel(2);
    expect(screen.getByTestId("things-count")).toHaveTextContent("2 filtres actifs");
    await user.click(screen.getByTestId("things-reset"));
    expect(onreset).toHaveBeenCalledOnce();
  });
});
