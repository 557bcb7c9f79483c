import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../ipc")>()),
  targetingForCompany: vi.fn(),
  referentialsChoices: vi.fn(),
}));

import CompanyCandidatesPanel from "./CompanyCandidatesPanel.svelte";
import { referentialsChoices, targetingForCompany } from "../../ipc";
import { resetChoices } from "../../choices";
import { choices } from "../../test-utils";
import { companyCandidates, factor, personTarget } from "../../test-utils-targeting";

/** Without the spaces, which differ between ICU builds. */
const bare = (el: HTMLElement) => el.textContent?.replace(/\s/g, "");

function renderPanel() {
  const onpromote = vi.fn();
  const onclose = vi.fn();
  render(CompanyCandidatesPanel, { props: { companyId: 3, onpromote, onclose } });
  return { onpromote, onclose };
}

describe("CompanyCandidatesPanel", () => {
  beforeEach(() => {
    vi.resetAllMocks();
    resetChoices();
    const limited = choices();
    limited.limits.maxCandidates = 2;
    vi.mocked(referentialsChoices).mockResolvedValue(limited);
    vi.mocked(targetingForCompany).mockResolvedValue(companyCandidates(4));
  });

  it("lists the people to offer, each with where, job, promotions, score, reason and factors", async () => {
    const user = userEvent.setup();
    vi.mocked(targetingForCompany).mockResolvedValue(
      companyCandidates(2, {
        people: [
          personTarget(1, {
            name: "Yanis Le Bihan",
            commune: "Quimper",
            distanceKm: 2.5,
            promotions: 2,
            score: 58,
            factors: [factor("sector", "78 % des embauches du secteur", 40), factor("distance", "2,5 km", 18)],
          }),
          personTarget(2),
        ],
        leftOut: [{ id: 140, name: "Nora Kerlo", why: "déjà promu·e auprès de cette entreprise le 02/11/2026 (moins de 90 jours)" }],
      }),
    );
    renderPanel();

    const [first, second] = await screen.findAllByTestId("candidate-offer-row");
    expect(targetingForCompany).toHaveBeenCalledWith(3);
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Candidats à proposer à Boulangerie Kerbrat");
    expect(within(first).getByLabelText("Choisir Yanis Le Bihan")).toBe(within(first).getByTestId("candidate-offer-tick"));
    expect(bare(within(first).getByTestId("target-details"))).toBe("Quimper·2,5km·Boulanger/Boulangère·promu·e2fois");
    expect(within(second).getByTestId("target-details")).toHaveTextContent("jamais promu·e");
    expect(within(first).getByTestId("target-score")).toHaveTextContent("58 pts");
    expect(within(first).getByTestId("target-reason")).toHaveTextContent("Boulanger / Boulangère : 78 % des embauches du secteur");
    await user.click(within(first).getByText("Pourquoi ?"));
    expect(within(first).getAllByTestId("target-factor").map((li) => li.textContent)).toEqual([
      "+40 Secteur — 78 % des embauches du secteur",
      "+18 Distance — 2,5 km",
    ]);
    expect(screen.getByTestId("candidate-offer-left-out")).toHaveTextContent(
      "Nora Kerlo : déjà promu·e auprès de cette entreprise le 02/11/2026 (moins de 90 jours)",
    );
  });

  it("lets up to the core's limit of candidates be ticked, then hands them to « Promouvoir »", async () => {
    const user = userEvent.setup();
    const { onpromote } = renderPanel();
    await screen.findAllByTestId("candidate-offer-row");
    await waitFor(() => expect(screen.getByTestId("candidate-offer-limit")).toHaveTextContent("Cochez jusqu'à 2 candidats"));

    const promote = screen.getByTestId("candidate-offer-promote");
    expect(promote).toBeDisabled();
    const ticks = screen.getAllByTestId("candidate-offer-tick");
    await user.click(ticks[1]);
    await user.click(ticks[0]);
    expect(ticks[2]).toBeDisabled();
    expect(ticks[3]).toBeDisabled();
    expect(screen.getByTestId("candidate-offer-limit")).toHaveTextContent("2 candidats au plus");

    await user.click(promote);
    expect(onpromote).toHaveBeenCalledWith(
      [
        { id: 102, name: "Candidate 2", details: ["Boulanger / Boulangère", "Ergué-Gabéric"], expired: false },
        { id: 101, name: "Candidate 1", details: ["Boulanger / Boulangère", "Ergué-Gabéric"], expired: false },
      ],
      "Boulangerie Kerbrat",
    );
  });

  it("shows on each person what goes against their constraints", async () => {
    const night = "Travail de nuit dans ce métier (ROME : travail de nuit)";
    vi.mocked(targetingForCompany).mockResolvedValue(
      companyCandidates(2, { people: [personTarget(1, { warnings: [night] }), personTarget(2)] }),
    );
    renderPanel();

    const [first, second] = await screen.findAllByTestId("candidate-offer-row");
    expect(within(first).getByTestId("target-warning")).toHaveTextContent(night);
    expect(within(second).queryByTestId("target-warning")).not.toBeInTheDocument();
  });

  it("says why nobody fits", async () => {
    const user = userEvent.setup();
    const why = "Renseignez le code NAF de l'entreprise : c'est son secteur qui dit pour quels métiers elle embauche.";
    vi.mocked(targetingForCompany).mockResolvedValue(companyCandidates(0, { shortfall: why }));
    const { onclose } = renderPanel();

    expect(await screen.findByTestId("candidate-offer-shortfall")).toHaveTextContent(why);
    expect(screen.queryByTestId("candidate-offer-row")).not.toBeInTheDocument();
    expect(screen.getByTestId("candidate-offer-promote")).toBeDisabled();
    await user.click(screen.getByTestId("company-candidates-close"));
    expect(onclose).toHaveBeenCalled();
  });
});
