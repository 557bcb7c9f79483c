// State of a list page: a searchable, filterable, paged list with a row selection,
// plus the form it opens to create or edit a row. Shared so every list page behaves
// the same way.
import { SvelteSet } from "svelte/reactivity";
import type { Page } from "./bindings/Page";
import type { Paging } from "./bindings/Paging";
import { toIpcError } from "./ipc";

/** Fetches one page for the search words; the page adds its own filters and order. */
export type ListFetch<T> = (search: string, paging: Paging) => Promise<Page<T>>;

export const PAGE_SIZE = 50;
export const SEARCH_DEBOUNCE_MS = 250;

/** What the page shows: the list, or the form for a new or an existing row. */
export type ListMode = { kind: "list" } | { kind: "create" } | { kind: "edit"; id: number };

export class PagedList<T> {
  #list: ListFetch<T>;
  #pageSize: number;

  mode = $state<ListMode>({ kind: "list" });
  /** Success message shown above the list. */
  notice = $state<string | null>(null);
  /** What is typed in the search box; `search` follows it after a pause. */
  searchInput = $state("");
  search = $state("");
  /** Zero-based page index. */
  page = $state(0);
  result = $state<Page<T> | null>(null);
  error = $state<string | null>(null);
  loading = $state(false);
  /** Whether the page's filters narrow the list (then an empty result is "no match"). */
  filtered = $state(false);
  /** Ids of the rows ticked for a bulk action; kept across pages and searches. */
  readonly selected = new SvelteSet<number>();

  readonly pageCount: number;
  /** Nothing at all to list (as opposed to nothing matching the search). */
  readonly isEmpty = $derived(
    this.result !== null && this.result.total === 0 && this.search === "" && !this.filtered,
  );

  #requestSeq = 0;
  #debounce: ReturnType<typeof setTimeout> | undefined;

  constructor(list: ListFetch<T>, pageSize = PAGE_SIZE) {
    this.#list = list;
    this.#pageSize = pageSize;
    this.pageCount = $derived(this.result ? Math.max(1, Math.ceil(this.result.total / pageSize)) : 1);
  }

  /** Fetches the current page; only the latest request may update the state. */
  async load(): Promise<void> {
    const seq = ++this.#requestSeq;
    this.loading = true;
    try {
      const page = await this.#list(this.search, { offset: this.page * this.#pageSize, limit: this.#pageSize });
      if (seq !== this.#requestSeq) return;
      this.result = page;
      this.error = null;
    } catch (reason) {
      if (seq !== this.#requestSeq) return;
      this.error = toIpcError(reason).message;
    } finally {
      if (seq === this.#requestSeq) this.loading = false;
    }
  }

  /** Records what was typed and searches once typing pauses, from the first page. */
  setSearch(input: string): void {
    this.searchInput = input;
    clearTimeout(this.#debounce);
    this.#debounce = setTimeout(() => {
      const search = this.searchInput.trim();
      if (search === this.search && this.page === 0) return; // same query: nothing new to fetch
      this.search = search;
      this.page = 0;
      void this.load();
    }, SEARCH_DEBOUNCE_MS);
  }

  /** Reloads from the first page, after a filter or the order changed. */
  refresh(): Promise<void> {
    this.page = 0;
    return this.load();
  }

  toggleSelected(id: number): void {
    if (this.selected.has(id)) this.selected.delete(id);
    else this.selected.add(id);
  }

  setPage(page: number): Promise<void> {
    if (page === this.page) return Promise.resolve();
    this.page = page;
    return this.load();
  }

  openCreate(): void {
    this.notice = null;
    this.mode = { kind: "create" };
  }

  openEdit(id: number): void {
    this.notice = null;
    this.mode = { kind: "edit", id };
  }

  closeForm(): void {
    this.mode = { kind: "list" };
  }

  /** Refreshes the list before leaving the form, so the notice and the new rows show together. */
  async saved(notice: string): Promise<void> {
    await this.load();
    this.notice = notice;
    this.mode = { kind: "list" };
  }

  /** Drops a pending search; call when the page goes away. */
  dispose(): void {
    clearTimeout(this.#debounce);
  }
}
