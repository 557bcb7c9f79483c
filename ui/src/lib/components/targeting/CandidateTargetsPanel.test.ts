import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../ipc")>()),
  targetingForCandidate: vi.fn(),
  referentialsChoices: vi.fn(),
}));

import CandidateTargetsPanel from "./CandidateTargetsPanel.svelte";
import { IpcError, referentialsChoices, targetingForCandidate } from "../../ipc";
import { resetChoices } from "../../choices";
import { choices } from "../../test-utils";
import { candidateTargets, companyTarget, factor, targetAid } from "../../test-utils-targeting";

/** Without the spaces, which differ between ICU builds. */
const bare = (el: HTMLElement) => el.textContent?.replace(/\s/g, "");

function renderPanel() {
  const onpromote = vi.fn();
  const onclose = vi.fn();
  render(CandidateTargetsPanel, { props: { candidateId: 7, onpromote, onclose } });
  return { onpromote, onclose };
}

async function rows() {
  return screen.findAllByTestId("target-row");
}

describe("CandidateTargetsPanel", () => {
  beforeEach(() => {
    vi.resetAllMocks();
    resetChoices();
    vi.mocked(referentialsChoices).mockResolvedValue(choices());
    vi.mocked(targetingForCandidate).mockResolvedValue(candidateTargets(5));
  });

  it("shows each target with its score, its reason and, on demand, every factor and aid", async () => {
    const user = userEvent.setup();
    vi.mocked(targetingForCandidate).mockResolvedValue(
      candidateTargets(2, {
        targets: [
          companyTarget(1, {
            name: "Boulangerie Kerbrat",
            score: 71,
            factors: [
              factor("sector", "Boulangerie et boulangerie-pâtisserie : 78 % des embauches pour Boulanger / Boulangère", 40),
              factor("distance", "3,5 km", 17),
              factor("history", "Refus il y a 2 mois", -5),
            ],
            aids: [targetAid({ toCheck: "Effectif non renseigné" })],
          }),
          companyTarget(2),
        ],
      }),
    );
    renderPanel();

    const [first] = await rows();
    expect(targetingForCandidate).toHaveBeenCalledWith(7, { limit: null, radiusKm: null, withNeighbours: false });
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Cibler des entreprises pour Léa Martin");
    expect(screen.getByTestId("target-radius")).toHaveTextContent("Rayon de 20 km (voiture).");
    expect(screen.getByTestId("target-job")).toHaveTextContent("Boulanger / Boulangère — Tension du métier : 61,9 sur 100");

    expect(within(first).getByLabelText("Choisir Boulangerie Kerbrat")).toBe(within(first).getByTestId("target-tick"));
    expect(within(first).getByTestId("target-score")).toHaveTextContent("71 pts");
    expect(bare(within(first).getByTestId("target-details"))).toBe("Quimper·1km·Boulanger/Boulangère");
    expect(within(first).getByTestId("target-reason")).toHaveTextContent(
      "Boulangerie et boulangerie-pâtisserie : 78 % des embauches pour Boulanger / Boulangère · 1 km · 3 à 5 salariés",
    );

    const why = within(first).getByTestId("target-why");
    expect(why).not.toHaveAttribute("open");
    await user.click(within(why).getByText("Pourquoi ?"));
    expect(why).toHaveAttribute("open");
    expect(within(why).getAllByTestId("target-factor").map((li) => li.textContent)).toEqual([
      "+40 Secteur — Boulangerie et boulangerie-pâtisserie : 78 % des embauches pour Boulanger / Boulangère",
      "+17 Distance — 3,5 km",
      "−5 Historique — Refus il y a 2 mois",
    ]);
    const aid = within(why).getByTestId("target-aid");
    expect(aid).toHaveTextContent("Emploi franc — Personne résidant dans un quartier prioritaire");
    expect(aid).toHaveTextContent("À vérifier : Effectif non renseigné");
  });

  it("shows what goes against the candidate's constraints on the rows concerned, never leaving them out", async () => {
    const weekend = "Travail le week-end fréquent dans ce métier (ROME : travail les week-ends et jours fériés)";
    const avoided = "Secteur que le candidat souhaite éviter : Fabrication de pain et de pâtisserie fraîche (10.71)";
    vi.mocked(targetingForCandidate).mockResolvedValue(
      candidateTargets(2, {
        targets: [companyTarget(1, { warnings: [weekend, avoided] }), companyTarget(2)],
        beyondRadius: [companyTarget(3, { warnings: [weekend] })],
      }),
    );
    renderPanel();

    const [first, second] = await rows();
    expect(within(first).getAllByTestId("target-warning").map((li) => li.textContent?.trim())).toEqual([weekend, avoided]);
    expect(within(first).getByRole("list", { name: "Contraintes du candidat" })).toBeInTheDocument();
    expect(within(second).queryByTestId("target-warning")).not.toBeInTheDocument();
    expect(within(screen.getByTestId("target-beyond")).getByTestId("target-warning")).toHaveTextContent(weekend);
  });

  it("lets up to the core's limit be ticked, then hands them to « Promouvoir »", async () => {
    const user = userEvent.setup();
    vi.mocked(targetingForCandidate).mockResolvedValue(candidateTargets(7));
    const { onpromote } = renderPanel();
    const found = await rows();
    expect(found).toHaveLength(7);
    await waitFor(() => expect(screen.getByTestId("target-limit")).toHaveTextContent("Cochez jusqu'à 5 entreprises"));

    const promote = screen.getByTestId("target-promote");
    expect(promote).toBeDisabled();
    const ticks = screen.getAllByTestId("target-tick");
    for (const i of [2, 0, 4, 1, 3]) await user.click(ticks[i]);
    expect(promote).toBeEnabled();
    expect(promote).toHaveTextContent("Promouvoir (5)");
    expect(screen.getByTestId("target-limit")).toHaveTextContent("5 entreprises au plus");
    expect(ticks[5]).toBeDisabled();
    expect(ticks[6]).toBeDisabled();
    expect(ticks[5]).not.toBeChecked();

    // Unticking one frees a place.
    await user.click(ticks[3]);
    expect(ticks[5]).toBeEnabled();
    await user.click(ticks[6]);
    expect(ticks[6]).toBeChecked();

    await user.click(promote);
    expect(onpromote).toHaveBeenCalledTimes(1);
    const [options, name] = onpromote.mock.calls[0];
    expect(name).toBe("Léa Martin");
    expect(options.map((o: { id: number }) => o.id)).toEqual([3, 1, 5, 2, 7]);
    expect(options[0]).toEqual({ id: 3, name: "Boulangerie 3", details: ["Quimper", "3\u00a0km", "Boulangerie et boulangerie-pâtisserie"], expired: false });
  });

  it("lets the counsellor look but not promote when the consent forbids it, saying why", async () => {
    const user = userEvent.setup();
    const problem = "Le consentement de Léa Martin a expiré le 01/10/2026 : renouvelez-le avant de la promouvoir.";
    vi.mocked(targetingForCandidate).mockResolvedValue(candidateTargets(3, { consentProblem: problem }));
    const { onpromote } = renderPanel();
    await rows();

    const alert = screen.getByTestId("target-consent");
    expect(alert).toHaveClass("fr-alert--error");
    expect(alert).toHaveTextContent("Léa Martin ne peut pas être promu·e aujourd'hui");
    expect(alert).toHaveTextContent(problem);

    await user.click(screen.getAllByTestId("target-tick")[0]);
    const promote = screen.getByTestId("target-promote");
    expect(promote).toBeDisabled();
    expect(promote).toHaveAccessibleDescription(`Promotion impossible : ${problem}`);
    expect(onpromote).not.toHaveBeenCalled();
  });

  it("widens the radius to take in the companies just beyond it", async () => {
    const user = userEvent.setup();
    vi.mocked(targetingForCandidate).mockResolvedValueOnce(
      candidateTargets(3, {
        beyondRadius: [companyTarget(24, { name: "Fournil de l'Odet", distanceKm: 24 })],
        widen: { radiusKm: 25, companies: 1 },
        shortfall: "Seulement 3 entreprises de la base correspondent à ses métiers dans un rayon de 20 km.",
      }),
    );
    vi.mocked(targetingForCandidate).mockResolvedValueOnce(
      candidateTargets(4, { radiusKm: 25, radiusText: "rayon élargi à 25 km (le sien : 20 km) (voiture)" }),
    );
    renderPanel();
    await rows();

    const beyond = screen.getByTestId("target-beyond");
    expect(beyond).toHaveTextContent("Fournil de l'Odet");
    expect(within(beyond).queryByTestId("target-tick")).not.toBeInTheDocument();
    const shortfall = screen.getByTestId("target-shortfall");
    expect(shortfall).toHaveTextContent("Seulement 3 entreprises");
    expect(within(shortfall).getByTestId("target-import")).toHaveAttribute("href", "#/import");

    await user.click(screen.getAllByTestId("target-tick")[1]);
    const widen = screen.getByTestId("target-widen");
    expect(bare(widen)).toBe("Élargirlerayonà25km(1entreprisedeplus)");
    await user.click(widen);

    await waitFor(() => expect(screen.getAllByTestId("target-row")).toHaveLength(4));
    expect(targetingForCandidate).toHaveBeenLastCalledWith(7, { limit: null, radiusKm: 25, withNeighbours: false });
    expect(screen.getByTestId("target-radius")).toHaveTextContent("Rayon élargi à 25 km (le sien : 20 km)");
    expect(screen.queryByTestId("target-widen")).not.toBeInTheDocument();
    // What was ticked and is still listed stays ticked.
    expect(screen.getAllByTestId("target-tick")[1]).toBeChecked();
    expect(screen.getByTestId("target-promote")).toHaveTextContent("Promouvoir (1)");

    await user.click(screen.getByTestId("target-radius-reset"));
    await waitFor(() => expect(targetingForCandidate).toHaveBeenLastCalledWith(7, { limit: null, radiusKm: null, withNeighbours: false }));
  });

  it("shows 20 companies when asked, and those the promotion gate left out", async () => {
    const user = userEvent.setup();
    vi.mocked(targetingForCandidate).mockResolvedValueOnce(
      candidateTargets(5, { leftOut: [{ id: 9, name: "Pâtisserie Le Goff", why: "Léa Martin y a déjà été promu·e le 02/11/2026 (moins de 90 jours)" }] }),
    );
    vi.mocked(targetingForCandidate).mockResolvedValueOnce(candidateTargets(12));
    renderPanel();
    await rows();

    expect(screen.getByTestId("target-left-out")).toHaveTextContent(
      "Pâtisserie Le Goff : Léa Martin y a déjà été promu·e le 02/11/2026 (moins de 90 jours)",
    );
    const wide = screen.getByTestId("target-wide");
    expect(wide).toHaveAccessibleName("Voir 20 entreprises");
    await user.click(wide);
    await waitFor(() => expect(screen.getAllByTestId("target-row")).toHaveLength(12));
    expect(targetingForCandidate).toHaveBeenLastCalledWith(7, { limit: 20, radiusKm: null, withNeighbours: false });
    expect(wide).toBeChecked();
  });

  it("says when the core cannot rank, and goes back to the record", async () => {
    const user = userEvent.setup();
    vi.mocked(targetingForCandidate).mockRejectedValue(new IpcError("notFound", "Candidat introuvable."));
    const { onclose } = renderPanel();
    expect(await screen.findByTestId("targets-error")).toHaveTextContent("Candidat introuvable.");
    await user.click(screen.getByTestId("targets-close"));
    expect(onclose).toHaveBeenCalled();
  });
});
