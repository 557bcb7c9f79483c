import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Page } from "./bindings/Page";
import { IpcError } from "./ipc";
import { PagedList, SEARCH_DEBOUNCE_MS, type ListFetch } from "./paged-list.svelte";

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const page = (items: string[], total = items.length): Page<string> => ({ items, total });

describe("PagedList", () => {
  let list: ReturnType<typeof vi.fn<ListFetch<string>>>;

  beforeEach(() => {
    list = vi.fn<ListFetch<string>>();
  });
  afterEach(() => vi.useRealTimers());

  it("loads the current page and counts the pages", async () => {
    list.mockResolvedValue(page(["a"], 120));
    const paged = new PagedList(list);
    expect(paged.pageCount).toBe(1);
    const loading = paged.load();
    expect(paged.loading).toBe(true);
    await loading;
    expect(list).toHaveBeenCalledWith("", { offset: 0, limit: 50 });
    expect(paged.result).toEqual(page(["a"], 120));
    expect(paged.pageCount).toBe(3);
    expect(paged.loading).toBe(false);
    expect(paged.isEmpty).toBe(false);
  });

  it("uses the page size it is given", async () => {
    list.mockResolvedValue(page(["a"], 25));
    const paged = new PagedList(list, 10);
    await paged.setPage(2);
    expect(list).toHaveBeenCalledWith("", { offset: 20, limit: 10 });
    expect(paged.pageCount).toBe(3);
  });

  it("ignores a response that arrives after a newer request", async () => {
    const first = deferred<Page<string>>();
    list.mockReturnValueOnce(first.promise).mockResolvedValueOnce(page(["page 2"], 60));
    const paged = new PagedList(list);
    const stale = paged.load();
    await paged.setPage(1);
    expect(paged.result).toEqual(page(["page 2"], 60));

    first.resolve(page(["page 1"], 60));
    await stale;
    expect(paged.result).toEqual(page(["page 2"], 60));
    expect(paged.loading).toBe(false);
  });

  it("stays loading until the latest request settles, and ignores a stale failure", async () => {
    const first = deferred<Page<string>>();
    const second = deferred<Page<string>>();
    list.mockReturnValueOnce(first.promise).mockReturnValueOnce(second.promise);
    const paged = new PagedList(list);
    const stale = paged.load();
    const latest = paged.setPage(1);

    first.reject(new IpcError("database", "Base verrouillée."));
    await stale;
    expect(paged.error).toBeNull();
    expect(paged.loading).toBe(true);

    second.resolve(page(["b"], 60));
    await latest;
    expect(paged.loading).toBe(false);
    expect(paged.result).toEqual(page(["b"], 60));
  });

  it("reports a failure, and clears it on the next success", async () => {
    list.mockRejectedValueOnce(new IpcError("database", "Base verrouillée.")).mockResolvedValueOnce(page([]));
    const paged = new PagedList(list);
    await paged.load();
    expect(paged.error).toBe("Base verrouillée.");
    expect(paged.result).toBeNull();
    await paged.load();
    expect(paged.error).toBeNull();
  });

  it("searches once typing pauses, trimmed, from the first page", async () => {
    vi.useFakeTimers();
    list.mockResolvedValue(page(["a"], 60));
    const paged = new PagedList(list);
    await paged.setPage(1);
    list.mockClear();

    paged.setSearch("zo");
    paged.setSearch(" zorro ");
    expect(paged.searchInput).toBe(" zorro ");
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS - 1);
    expect(list).not.toHaveBeenCalled();

    await vi.advanceTimersByTimeAsync(1);
    expect(list).toHaveBeenCalledTimes(1);
    expect(list).toHaveBeenCalledWith("zorro", { offset: 0, limit: 50 });
    expect(paged.search).toBe("zorro");
    expect(paged.page).toBe(0);
  });

  it("does not fetch again when the search ends up unchanged on the first page", async () => {
    vi.useFakeTimers();
    list.mockResolvedValue(page(["a"]));
    const paged = new PagedList(list);
    await paged.load();
    list.mockClear();

    paged.setSearch("  ");
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS);
    expect(list).not.toHaveBeenCalled();
    await paged.setPage(0);
    expect(list).not.toHaveBeenCalled();
  });

  it("drops a pending search once disposed", async () => {
    vi.useFakeTimers();
    const paged = new PagedList(list);
    paged.setSearch("zorro");
    paged.dispose();
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS);
    expect(list).not.toHaveBeenCalled();
    expect(paged.search).toBe("");
  });

  it("is empty only when nothing is listed without a search", async () => {
    vi.useFakeTimers();
    list.mockResolvedValue(page([], 0));
    const paged = new PagedList(list);
    expect(paged.isEmpty).toBe(false);
    await paged.load();
    expect(paged.isEmpty).toBe(true);
    paged.setSearch("zorro");
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS);
    expect(paged.isEmpty).toBe(false);
  });

  it("opens the form without the previous notice, and shows the new one only after the list reloads", async () => {
    list.mockResolvedValueOnce(page([]));
    const paged = new PagedList(list);
    await paged.load();
    paged.notice = "Ancien message.";
    paged.openEdit(7);
    expect(paged.mode).toEqual({ kind: "edit", id: 7 });
    expect(paged.notice).toBeNull();

    const refresh = deferred<Page<string>>();
    list.mockReturnValueOnce(refresh.promise);
    const saving = paged.saved("Enregistré.");
    await Promise.resolve();
    expect(paged.notice).toBeNull();
    expect(paged.mode).toEqual({ kind: "edit", id: 7 });

    refresh.resolve(page(["a"]));
    await saving;
    expect(paged.result).toEqual(page(["a"]));
    expect(paged.notice).toBe("Enregistré.");
    expect(paged.mode).toEqual({ kind: "list" });

    paged.openCreate();
    expect(paged.mode).toEqual({ kind: "create" });
    expect(paged.notice).toBeNull();
    paged.closeForm();
    expect(paged.mode).toEqual({ kind: "list" });
  });
  it("refreshes from the first page, with the filters as they are at that moment", async () => {
    let consent = "valid";
    const fetch = vi.fn((search: string, paging: { offset: number; limit: number }) =>
      list(`${search}|${consent}`, paging),
    );
    list.mockResolvedValue(page(["a"], 120));
    const paged = new PagedList(fetch);
    await paged.setPage(2);
    expect(list).toHaveBeenLastCalledWith("|valid", { offset: 100, limit: 50 });

    consent = "expired";
    const refreshing = paged.refresh();
    expect(paged.page).toBe(0);
    await refreshing;
    expect(list).toHaveBeenLastCalledWith("|expired", { offset: 0, limit: 50 });
  });

  it("is not empty when filters narrow the list to nothing: that is no match", async () => {
    list.mockResolvedValue(page([], 0));
    const paged = new PagedList(list);
    paged.filtered = true;
    await paged.load();
    expect(paged.isEmpty).toBe(false);
    paged.filtered = false;
    expect(paged.isEmpty).toBe(true);
  });

  it("toggles rows in the selection, and keeps it across pages", async () => {
    list.mockResolvedValue(page(["a"], 120));
    const paged = new PagedList(list);
    paged.toggleSelected(3);
    paged.toggleSelected(5);
    await paged.setPage(1);
    expect([...paged.selected]).toEqual([3, 5]);
    paged.toggleSelected(3);
    expect([...paged.selected]).toEqual([5]);
  });
});
