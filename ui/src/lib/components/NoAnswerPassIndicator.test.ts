import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/svelte";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  promotionsNoAnswerPass: vi.fn(),
}));

import NoAnswerPassIndicator from "./NoAnswerPassIndicator.svelte";
import { promotionsNoAnswerPass } from "../ipc";
import { PROMOTIONS_SETTLED } from "../settled";

describe("NoAnswerPassIndicator", () => {
  beforeEach(() => {
    vi.resetAllMocks();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it("shows a long pass's progress, then what it marked, and tells the views to read again", async () => {
    vi.mocked(promotionsNoAnswerPass)
      .mockResolvedValueOnce({ running: { marked: 10000, due: 203160 }, finished: 0, lastMarked: 0 })
      .mockResolvedValueOnce({ running: { marked: 200000, due: 203160 }, finished: 0, lastMarked: 0 })
      .mockResolvedValue({ running: null, finished: 1, lastMarked: 203160 });
    const settled = vi.fn();
    window.addEventListener(PROMOTIONS_SETTLED, settled);
    render(NoAnswerPassIndicator);

    await vi.advanceTimersByTimeAsync(0);
    expect(screen.getByTestId("no-answer-pass-running")).toHaveTextContent("Mise à jour des promotions sans réponse");
    expect(screen.getByTestId("no-answer-pass-progress")).toHaveTextContent("10 000 sur 203 160");
    expect(screen.getByRole("progressbar").getAttribute("aria-valuetext")).toMatch(/^10\s000 sur 203\s160$/);

    await vi.advanceTimersByTimeAsync(2000);
    expect(screen.getByTestId("no-answer-pass-progress")).toHaveTextContent("200 000 sur 203 160");
    expect(settled).not.toHaveBeenCalled();

    await vi.advanceTimersByTimeAsync(2000);
    expect(screen.queryByTestId("no-answer-pass-running")).toBeNull();
    expect(screen.queryByRole("progressbar")).toBeNull();
    expect(screen.getByTestId("no-answer-pass-done")).toHaveTextContent(
      "203 160 promotions marquées « sans réponse » : Relances, Promotions et tableau de bord sont à jour.",
    );
    expect(settled).toHaveBeenCalledTimes(1);

    // Said for a while, then gone; no second word without a second pass.
    await vi.advanceTimersByTimeAsync(22000);
    expect(screen.queryByTestId("no-answer-pass-done")).toBeNull();
    expect(settled).toHaveBeenCalledTimes(1);
    window.removeEventListener(PROMOTIONS_SETTLED, settled);
  });

  it("says nothing when no long pass has run", async () => {
    vi.mocked(promotionsNoAnswerPass).mockResolvedValue({ running: null, finished: 0, lastMarked: 0 });
    const settled = vi.fn();
    window.addEventListener(PROMOTIONS_SETTLED, settled);
    render(NoAnswerPassIndicator);
    await vi.advanceTimersByTimeAsync(4000);
    expect(screen.getByTestId("no-answer-pass")).toHaveTextContent("");
    expect(screen.queryByRole("progressbar")).toBeNull();
    expect(settled).not.toHaveBeenCalled();
    window.removeEventListener(PROMOTIONS_SETTLED, settled);
  });

  it("says a pass that ended before its first question, once: a view may have read before it ended", async () => {
    vi.mocked(promotionsNoAnswerPass).mockResolvedValue({ running: null, finished: 1, lastMarked: 25000 });
    const settled = vi.fn();
    window.addEventListener(PROMOTIONS_SETTLED, settled);
    render(NoAnswerPassIndicator);
    await vi.advanceTimersByTimeAsync(4000);
    expect(screen.getByTestId("no-answer-pass-done")).toHaveTextContent("25 000 promotions marquées « sans réponse »");
    expect(settled).toHaveBeenCalledTimes(1);
    window.removeEventListener(PROMOTIONS_SETTLED, settled);
  });
});
