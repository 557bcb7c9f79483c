import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  referentialsCommunes: vi.fn(),
}));

import NearFilter, { nearOf } from "./NearFilter.svelte";
import { referentialsCommunes } from "../ipc";
import { commune } from "../test-utils-companies";

const NO_COORDINATES = commune({ inseeCode: "29000", name: "Sans-Coordonnées", lat: null, lng: null });

describe("nearOf", () => {
  it("gives the point and radius of a commune with coordinates, else nothing", () => {
    expect(nearOf(commune(), 30)).toEqual({ lat: 47.996, lng: -4.102, radiusKm: 30 });
    expect(nearOf(NO_COORDINATES, 30)).toBeNull();
    expect(nearOf(null, 30)).toBeNull();
  });
});

describe("NearFilter", () => {
  beforeEach(() => {
    vi.resetAllMocks();
    vi.mocked(referentialsCommunes).mockResolvedValue([commune(), NO_COORDINATES]);
  });

  it("offers only communes with coordinates, then shows the one chosen as a tag", async () => {
    const user = userEvent.setup();
    const onchange = vi.fn();
    render(NearFilter, { props: { idPrefix: "filter", onchange } });

    await user.type(screen.getByTestId("filter-commune"), "quim");
    const options = await screen.findAllByTestId("filter-commune-option");
    expect(options).toHaveLength(1);
    expect(options[0]).toHaveTextContent("Quimper (29000)");
    await user.click(options[0]);
    expect(onchange).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId("filter-commune")).toHaveValue("");
    expect(screen.getByTestId("filter-near")).toHaveTextContent("Quimper (29000)");

    await user.selectOptions(screen.getByTestId("filter-radius"), "50");
    expect(onchange).toHaveBeenCalledTimes(2);

    await user.click(screen.getByTestId("filter-near"));
    expect(onchange).toHaveBeenCalledTimes(3);
    expect(screen.queryByTestId("filter-near")).not.toBeInTheDocument();
  });

  it("does not call back for a radius without a commune", async () => {
    const user = userEvent.setup();
    const onchange = vi.fn();
    render(NearFilter, { props: { idPrefix: "things", onchange, radiusKm: 10 } });
    const radius = screen.getByTestId("things-radius");
    expect(radius).toHaveValue("10");
    expect([...radius.querySelectorAll("option")].map((o) => o.textContent)).toEqual(["5 km", "10 km", "20 km", "30 km", "50 km"]);
    await user.selectOptions(radius, "30");
    expect(onchange).not.toHaveBeenCalled();
  });

  it("keeps the commune in the field, and typing again drops it", async () => {
    const user = userEvent.setup();
    const onchange = vi.fn();
    render(NearFilter, { props: { idPrefix: "companies", onchange, chosen: "field" } });

    await user.type(screen.getByTestId("companies-commune"), "quim");
    await user.click((await screen.findAllByTestId("companies-commune-option"))[0]);
    expect(screen.getByTestId("companies-commune")).toHaveValue("Quimper (29000)");
    expect(screen.queryByTestId("companies-near")).not.toBeInTheDocument();
    expect(onchange).toHaveBeenCalledTimes(1);

    await user.type(screen.getByTestId("companies-commune"), "x");
    await waitFor(() => expect(onchange).toHaveBeenCalledTimes(2));
    await user.type(screen.getByTestId("companies-commune"), "y");
    expect(onchange).toHaveBeenCalledTimes(2);
  });
});
