import { describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { createRawSnippet } from "svelte";
import ListView from "./ListView.svelte";
import { PagedList } from "../paged-list.svelte";
import type { Page } from "../bindings/Page";

type Item = { id: number; name: string; town: string };

const head = createRawSnippet(() => ({ render: () => `<th scope="col">Nom</th>` }));
const cells = createRawSnippet((item: () => Item) => ({ render: () => `<td>${item().town}</td>` }));

/** A list already loaded with `page`; `pageSize` 2 so that 3 items make two pages. */
async function loadedList(page: Page<Item>, search = ""): Promise<PagedList<Item>> {
  const list = new PagedList<Item>(vi.fn().mockResolvedValue(page), 2);
  list.search = search;
  list.searchInput = search;
  await list.load();
  return list;
}

const filters = createRawSnippet(() => ({ render: () => `<section data-testid="things-filters">Filtres</section>` }));

function renderView(list: PagedList<Item>, extra: Record<string, unknown> = {}) {
  return render(ListView<Item>, {
    props: {
      list,
      testid: "things",
      addTestid: "thing-add",
      title: "Choses",
      countSingular: "chose",
      countPlural: "choses",
      searchLabel: "Rechercher une chose",
      searchPlaceholder: "Nom…",
      addLabel: "Ajouter une chose",
      emptyTitle: "Aucune chose pour l'instant",
      noMatch: "Aucune chose ne correspond à",
      caption: "Liste des choses",
      errorTitle: "La liste des choses n'a pas pu être chargée.",
      loadingText: "Chargement des choses…",
      paginationLabel: "Pagination des choses",
      rowTestid: "thing-row",
      rowName: (item: Item) => item.name,
      editLabel: (item: Item) => `Modifier ${item.name}`,
      head,
      cells,
      ...extra,
    },
  });
}

const items = (n: number): Item[] => Array.from({ length: n }, (_, i) => ({ id: i + 1, name: `Chose ${i + 1}`, town: "Brest" }));

describe("ListView", () => {
  it("shows the empty state, with one add button and no toolbar or table, when there is nothing at all", async () => {
    renderView(await loadedList({ items: [], total: 0 }));
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Choses");
    const empty = screen.getByTestId("things-empty");
    expect(empty).toHaveTextContent("Aucune chose pour l'instant");
    expect(within(empty).getByTestId("thing-add")).toHaveTextContent("Ajouter une chose");
    expect(screen.getAllByTestId("thing-add")).toHaveLength(1);
    expect(screen.queryByTestId("things-total")).not.toBeInTheDocument();
    expect(screen.queryByTestId("things-search")).not.toBeInTheDocument();
    expect(screen.queryByTestId("things-table")).not.toBeInTheDocument();
  });

  it("renders the head cells and one row per item, with the count and caption", async () => {
    renderView(await loadedList({ items: items(2), total: 2 }));
    const table = screen.getByTestId("things-table");
    expect(table.closest(".fr-table")).toHaveClass("fr-table--no-caption", "list-table");
    expect(table.querySelector("caption")).toHaveTextContent("Liste des choses");
    expect(within(table).getAllByRole("columnheader").map((th) => th.textContent)).toEqual(["Nom"]);
    const rows = screen.getAllByTestId("thing-row");
    expect(rows.map((r) => within(r).getByRole("button").textContent)).toEqual(["Chose 1", "Chose 2"]);
    expect(rows.map((r) => r.querySelectorAll("td")[1]?.textContent)).toEqual(["Brest", "Brest"]);
    expect(screen.getByTestId("things-total")).toHaveTextContent("2 choses");
    expect(screen.getByRole("search")).toContainElement(screen.getByLabelText("Rechercher une chose"));
    expect(screen.getByTestId("thing-add")).toHaveTextContent("Ajouter une chose");
    expect(screen.queryByTestId("things-empty")).not.toBeInTheDocument();
    expect(screen.queryByTestId("things-no-match")).not.toBeInTheDocument();
  });

  it("says when nothing matches the search, instead of the table or the empty state", async () => {
    renderView(await loadedList({ items: [], total: 0 }, "zorro"));
    expect(screen.getByTestId("things-no-match")).toHaveTextContent("Aucune chose ne correspond à « zorro »");
    expect(screen.getByTestId("things-search")).toHaveValue("zorro");
    expect(screen.queryByTestId("things-empty")).not.toBeInTheDocument();
    expect(screen.queryByTestId("things-table")).not.toBeInTheDocument();
  });

  it("passes what is typed in the search box to setSearch", async () => {
    const user = userEvent.setup();
    const list = await loadedList({ items: items(1), total: 1 });
    const setSearch = vi.spyOn(list, "setSearch");
    renderView(list);
    await user.type(screen.getByTestId("things-search"), "ab");
    expect(setSearch).toHaveBeenNthCalledWith(1, "a");
    expect(setSearch).toHaveBeenLastCalledWith("ab");
  });

  it("opens the create form from the add button", async () => {
    const user = userEvent.setup();
    const list = await loadedList({ items: items(1), total: 1 });
    renderView(list);
    await user.click(screen.getByTestId("thing-add"));
    expect(list.mode).toEqual({ kind: "create" });
  });

  it("opens an item's form from its row, by mouse on the row or by the labelled name button", async () => {
    const user = userEvent.setup();
    const list = await loadedList({ items: items(2), total: 2 });
    renderView(list);
    await user.click(screen.getByRole("button", { name: "Modifier Chose 2" }));
    expect(list.mode).toEqual({ kind: "edit", id: 2 });
    list.closeForm();
    await user.click(screen.getAllByTestId("thing-row")[0].querySelectorAll("td")[1]);
    expect(list.mode).toEqual({ kind: "edit", id: 1 });
  });

  it("shows the pagination only when there is more than one page", async () => {
    const { unmount } = renderView(await loadedList({ items: items(2), total: 2 }));
    expect(screen.queryByRole("navigation", { name: "Pagination des choses" })).not.toBeInTheDocument();
    unmount();

    renderView(await loadedList({ items: items(2), total: 3 }));
    expect(screen.getByRole("navigation", { name: "Pagination des choses" })).toBeInTheDocument();
    expect(screen.getByTestId("pagination-status")).toHaveTextContent("Page 1 sur 2");
  });

  it("shows the load error and the loading line", async () => {
    const list = new PagedList<Item>(() => new Promise(() => {}), 2);
    void list.load();
    list.error = "Base indisponible";
    renderView(list);
    expect(screen.getByRole("status")).toHaveTextContent("Chargement des choses…");
    const alert = screen.getByTestId("list-error");
    expect(alert).toHaveTextContent("La liste des choses n'a pas pu être chargée.");
    expect(alert).toHaveTextContent("Base indisponible");
  });
  it("shows the filters under the search, and says when they match nothing", async () => {
    const list = await loadedList({ items: [], total: 0 });
    list.filtered = true;
    renderView(list, { filters, noMatchFiltered: "Aucune chose ne correspond aux filtres." });
    expect(screen.getByTestId("things-filters")).toBeInTheDocument();
    expect(screen.getByTestId("things-no-match")).toHaveTextContent("Aucune chose ne correspond aux filtres.");
    expect(screen.queryByTestId("things-empty")).not.toBeInTheDocument();
  });

  it("names the search words when both search and filters match nothing", async () => {
    const list = await loadedList({ items: [], total: 0 }, "zorro");
    list.filtered = true;
    renderView(list, { filters, noMatchFiltered: "Aucune chose ne correspond aux filtres." });
    expect(screen.getByTestId("things-no-match")).toHaveTextContent("Aucune chose ne correspond à « zorro »");
  });

  it("has no selection column unless asked", async () => {
    renderView(await loadedList({ items: items(2), total: 2 }));
    expect(screen.queryByRole("checkbox")).not.toBeInTheDocument();
    expect(screen.queryByTestId("things-select-all")).not.toBeInTheDocument();
  });

  it("selects rows without opening them, counts them, and selects or clears the whole page", async () => {
    const user = userEvent.setup();
    const list = await loadedList({ items: items(2), total: 3 });
    list.selected.add(99); // a row of another page
    renderView(list, {
      selectLabel: (item: Item) => `Sélectionner ${item.name}`,
      selectTestid: "thing-select",
      selectionLabel: (n: number) => `${n} choses sélectionnées`,
    });
    const table = screen.getByTestId("things-table");
    expect(within(table).getAllByRole("columnheader").map((th) => th.textContent?.trim())).toEqual([
      "Sélectionner toutes les lignes de la page",
      "Nom",
    ]);
    expect(screen.getByTestId("selection-count")).toHaveTextContent("1 choses sélectionnées");

    const boxes = screen.getAllByTestId("thing-select");
    expect(boxes[1]).toHaveAccessibleName("Sélectionner Chose 2");
    await user.click(boxes[1]);
    expect([...list.selected]).toEqual([99, 2]);
    expect(list.mode).toEqual({ kind: "list" });
    await user.click(boxes[1].closest("td")!);
    expect(list.mode).toEqual({ kind: "list" });
    expect(screen.getAllByTestId("thing-row")[1]).toHaveClass("is-selected");
    expect(screen.getByTestId("selection-count")).toHaveTextContent("2 choses sélectionnées");

    await user.click(screen.getByTestId("things-select-all"));
    expect([...list.selected].sort()).toEqual([1, 2, 99]);
    await user.click(screen.getByTestId("things-select-all"));
    expect([...list.selected]).toEqual([99]);

    await user.click(screen.getByTestId("selection-clear"));
    expect(list.selected.size).toBe(0);
    expect(screen.queryByTestId("selection-count")).not.toBeInTheDocument();
  });

  it("shows the page's bulk actions in the selection bar", async () => {
    const user = userEvent.setup();
    const list = await loadedList({ items: items(2), total: 2 });
    const selectionActions = createRawSnippet(() => ({ render: () => `<button type="button" data-testid="things-bulk">Agir</button>` }));
    renderView(list, { selectLabel: (item: Item) => `Sélectionner ${item.name}`, selectTestid: "thing-select", selectionActions });
    expect(screen.queryByTestId("things-bulk")).not.toBeInTheDocument();
    await user.click(screen.getAllByTestId("thing-select")[0]);
    expect(within(screen.getByTestId("selection-bar")).getByTestId("things-bulk")).toBeInTheDocument();
  });

  it("shows the success notice under the page's test id", async () => {
    const list = await loadedList({ items: items(1), total: 1 });
    list.notice = "C'est fait.";
    renderView(list, { noticeTestid: "things-notice" });
    expect(screen.getByTestId("things-notice")).toHaveTextContent("C'est fait.");
    expect(screen.queryByTestId("notice-success")).not.toBeInTheDocument();
  });

  describe("for rows made elsewhere (no add label, no edit label)", () => {
    async function renderReadOnly(page: Page<Item>) {
      const list = await loadedList(page);
      renderView(list, { addTestid: undefined, addLabel: undefined, editLabel: undefined });
      return list;
    }

    it("has no add button, in the empty state or the toolbar", async () => {
      await renderReadOnly({ items: [], total: 0 });
      const empty = screen.getByTestId("things-empty");
      expect(empty).toHaveTextContent("Aucune chose pour l'instant");
      expect(within(empty).queryByRole("button")).not.toBeInTheDocument();
      expect(empty.querySelector(".fr-mt-3w")).toBeNull();
    });

    it("shows the names as text and does not open rows", async () => {
      const user = userEvent.setup();
      const list = await renderReadOnly({ items: items(2), total: 2 });
      expect(screen.getByTestId("things-search")).toBeInTheDocument();
      expect(screen.queryByRole("button")).not.toBeInTheDocument();
      const rows = screen.getAllByTestId("thing-row");
      expect(rows.map((r) => r.querySelector("td")?.textContent?.trim())).toEqual(["Chose 1", "Chose 2"]);
      expect(rows[0]).not.toHaveClass("clickable-row");
      await user.click(rows[0].querySelectorAll("td")[1]);
      expect(list.mode).toEqual({ kind: "list" });
    });
  });
});
