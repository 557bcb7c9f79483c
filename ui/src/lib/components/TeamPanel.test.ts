import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  teamState: vi.fn(),
  teamPreview: vi.fn(),
  teamJoin: vi.fn(),
  teamLeave: vi.fn(),
  dialogsChoose: vi.fn(),
}));

import TeamPanel from "./TeamPanel.svelte";
import { IpcError, dialogsChoose, teamJoin, teamLeave, teamPreview, teamState } from "../ipc";
import type { Membership } from "../bindings/Membership";
import type { MovingIn } from "../bindings/MovingIn";
import type { TeamState } from "../bindings/TeamState";

const alone: TeamState = { membership: null, signedIn: null };
const membership: Membership = {
  host: "serveur.agence.local",
  port: 5433,
  database: "profilence",
  account: "lea.guillou",
  caCertificate: "/home/lea/agence-ca.pem",
};
const member: TeamState = {
  membership,
  signedIn: { server: "postgres://lea.guillou@serveur.agence.local:5433/profilence", account: "lea.guillou", agency: "Agence de Lyon Part-Dieu" },
};

function movingIn(overrides: Partial<MovingIn> = {}): MovingIn {
  return {
    desktop: "profilence.db",
    candidates: 12,
    companies: 8,
    promotions: 30,
    events: 95,
    samePromotions: 0,
    sameCandidates: [],
    sameCompanies: [],
    ...overrides,
  };
}

type User = ReturnType<typeof userEvent.setup>;

/** Types the membership above (its port and certificate) and the password. */
async function fillIn(user: User) {
  await user.type(await screen.findByTestId("field-teamHost"), membership.host);
  await user.clear(screen.getByTestId("field-teamPort"));
  await user.type(screen.getByTestId("field-teamPort"), "5433");
  await user.type(screen.getByTestId("field-teamAccount"), membership.account);
  await user.type(screen.getByTestId("field-teamPassword"), "secret");
  vi.mocked(dialogsChoose).mockResolvedValueOnce(membership.caCertificate);
  await user.click(screen.getByTestId("team-certificate-choose"));
  await waitFor(() => expect(screen.getByTestId("team-certificate")).toHaveTextContent(membership.caCertificate ?? ""));
}

describe("TeamPanel", () => {
  beforeEach(() => {
    vi.resetAllMocks();
    vi.mocked(teamState).mockResolvedValue(alone);
  });

  it("offers to join a team, with the usual port and base name", async () => {
    render(TeamPanel);
    expect(screen.getByRole("heading", { level: 2, name: "Équipe" })).toBeInTheDocument();
    expect(await screen.findByTestId("team-form")).toBeInTheDocument();
    expect(screen.getByLabelText(/^Adresse du serveur/)).toBe(screen.getByTestId("field-teamHost"));
    expect(screen.getByLabelText(/^Port/)).toHaveValue("5432");
    expect(screen.getByLabelText(/^Nom de la base/)).toHaveValue("profilence");
    expect(screen.getByLabelText(/^Votre compte/)).toHaveValue("");
    expect(screen.getByLabelText(/^Mot de passe/)).toBe(screen.getByTestId("field-teamPassword"));
    expect(screen.getByTestId("field-teamPassword")).toHaveAttribute("type", "password");
    expect(screen.getByTestId("team-certificate")).toHaveTextContent("Aucun : le certificat du serveur doit être reconnu par le système");
    expect(screen.queryByTestId("team-certificate-remove")).not.toBeInTheDocument();
    expect(screen.queryByTestId("team-preview-result")).not.toBeInTheDocument();
  });

  it("shows what joining would send, the records the team already has, and forgets it after an edit", async () => {
    const user = userEvent.setup();
    vi.mocked(teamPreview).mockResolvedValue(
      movingIn({
        samePromotions: 3,
        sameCandidates: [{ desktop: "Léa Martin", team: "Léa MARTIN", reason: "même adresse e-mail" }],
        sameCompanies: [
          { desktop: "Boulangerie Durand", team: "Boulangerie Durand SARL", reason: "même SIRET" },
          { desktop: "Transports Morel", team: "Morel Transports", reason: "même SIRET" },
        ],
      }),
    );
    render(TeamPanel);
    await fillIn(user);
    await user.click(screen.getByTestId("team-preview"));

    expect(teamPreview).toHaveBeenCalledWith(membership, "secret");
    const result = await screen.findByTestId("team-preview-result");
    expect(result).toHaveTextContent("12 candidat·es, 8 entreprises et 30 promotions (95 événements) seront envoyés dans la base de l'équipe.");
    expect(result).toHaveTextContent("Déjà dans l'équipe : ces dossiers ne seront pas saisis une seconde fois");
    expect(result).toHaveFocus();
    const candidates = screen.getByTestId("team-same-candidates");
    expect(within(candidates).getAllByRole("columnheader").map((th) => th.textContent)).toEqual(["Sur ce poste", "Dans l'équipe", "Pourquoi"]);
    expect(within(candidates).getAllByRole("row")[1]).toHaveTextContent(/Léa Martin\s*Léa MARTIN\s*même adresse e-mail/);
    expect(within(screen.getByTestId("team-same-companies")).getAllByRole("row")).toHaveLength(3);
    expect(screen.getByTestId("team-same-promotions")).toHaveTextContent("3 promotions sont déjà dans l'équipe (envoyées lors d'un précédent passage).");
    expect(result).toHaveTextContent("La base de ce poste est conservée telle quelle.");
    expect(screen.getByTestId("team-join")).toHaveTextContent("Rejoindre l'équipe et envoyer ces dossiers");

    await user.type(screen.getByTestId("field-teamAccount"), "2");
    expect(screen.queryByTestId("team-preview-result")).not.toBeInTheDocument();
    expect(teamJoin).not.toHaveBeenCalled();
  });

  it("says nothing of twins when the team has none, and says when the check is running", async () => {
    const user = userEvent.setup();
    let answer: (m: MovingIn) => void = () => {};
    vi.mocked(teamPreview).mockReturnValue(new Promise((resolve) => (answer = resolve)));
    render(TeamPanel);
    await fillIn(user);
    await user.click(screen.getByTestId("team-preview"));
    expect(screen.getByTestId("team-preview")).toBeDisabled();
    expect(screen.getByTestId("team-preview")).toHaveTextContent("Connexion…");

    answer(movingIn({ candidates: 1, companies: 0, promotions: 1, events: 1 }));
    const result = await screen.findByTestId("team-preview-result");
    expect(result).toHaveTextContent("1 candidat·e, 0 entreprise et 1 promotion (1 événement) seront envoyés");
    expect(result).not.toHaveTextContent("Déjà dans l'équipe");
    expect(screen.queryByTestId("team-same-candidates")).not.toBeInTheDocument();
    expect(screen.queryByTestId("team-same-promotions")).not.toBeInTheDocument();
    expect(screen.getByTestId("team-preview")).toHaveTextContent("Vérifier et voir ce qui sera envoyé");
  });

  it("still gives the counts when this desktop has nothing new for the team", async () => {
    const user = userEvent.setup();
    const onswitched = vi.fn();
    const nothing = movingIn({ candidates: 0, companies: 0, promotions: 0, events: 0 });
    vi.mocked(teamPreview).mockResolvedValue(nothing);
    vi.mocked(teamJoin).mockResolvedValue(nothing);
    render(TeamPanel, { onswitched });
    await fillIn(user);
    await user.click(screen.getByTestId("team-preview"));
    expect(await screen.findByTestId("team-preview-result")).toHaveTextContent(
      "0 candidat·e, 0 entreprise et 0 promotion : rien de nouveau à envoyer dans la base de l'équipe.",
    );
    await user.click(screen.getByTestId("team-join"));
    await waitFor(() => expect(onswitched).toHaveBeenCalledWith(expect.stringContaining("Vous travaillez maintenant sur la base de l'équipe")));
  });

  it("joins with what was checked, then says the app works on the team's database", async () => {
    const user = userEvent.setup();
    const onswitched = vi.fn();
    let finish: (m: MovingIn) => void = () => {};
    vi.mocked(teamPreview).mockResolvedValue(movingIn());
    vi.mocked(teamJoin).mockReturnValue(new Promise((resolve) => (finish = resolve)));
    render(TeamPanel, { onswitched });
    await fillIn(user);
    await user.click(screen.getByTestId("team-preview"));
    await user.click(await screen.findByTestId("team-join"));

    expect(teamJoin).toHaveBeenCalledWith(membership, "secret");
    expect(screen.getByTestId("team-join")).toBeDisabled();
    expect(screen.getByTestId("team-join")).toHaveTextContent("Envoi en cours…");
    expect(onswitched).not.toHaveBeenCalled();

    finish(movingIn());
    await waitFor(() =>
      expect(onswitched).toHaveBeenCalledWith(
        "Vous travaillez maintenant sur la base de l'équipe : 12 candidat·es, 8 entreprises et 30 promotions envoyés.",
      ),
    );
  });

  it("sends port 0 for a port that is not a number, and no certificate once removed", async () => {
    const user = userEvent.setup();
    vi.mocked(teamPreview).mockResolvedValue(movingIn());
    render(TeamPanel);
    await fillIn(user);
    await user.click(screen.getByTestId("team-certificate-remove"));
    expect(screen.getByTestId("team-certificate")).toHaveTextContent("Aucun");
    await user.clear(screen.getByTestId("field-teamPort"));
    await user.type(screen.getByTestId("field-teamPort"), "cinq");
    await user.click(screen.getByTestId("team-preview"));
    expect(teamPreview).toHaveBeenCalledWith({ ...membership, port: 0, caCertificate: null }, "secret");
  });

  it("shows the fields the core refused, on the fields and in a summary", async () => {
    const user = userEvent.setup();
    vi.mocked(teamPreview).mockRejectedValue(
      new IpcError("validation", "Champs à corriger.", [
        { field: "host", message: "Indiquez l'adresse du serveur de l'équipe (par exemple serveur.agence.local)." },
        { field: "password", message: "Indiquez le mot de passe de votre compte." },
      ]),
    );
    render(TeamPanel);
    await screen.findByTestId("team-form");
    await user.click(screen.getByTestId("team-preview"));

    expect(await screen.findByTestId("error-teamHost")).toHaveTextContent("Indiquez l'adresse du serveur de l'équipe");
    expect(screen.getByTestId("error-teamPassword")).toHaveTextContent("Indiquez le mot de passe de votre compte.");
    expect(screen.getByTestId("field-teamPassword")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("field-teamPassword")).toHaveAccessibleDescription("Indiquez le mot de passe de votre compte.");
    const alert = screen.getByTestId("team-error");
    expect(alert).toHaveTextContent("Rien n'a été envoyé dans la base de l'équipe : 2 champs à corriger.");
    expect(alert).toHaveTextContent("Adresse du serveur : Indiquez l'adresse");
    expect(alert).toHaveTextContent("Mot de passe : Indiquez le mot de passe");
    await waitFor(() => expect(screen.getByTestId("field-teamHost")).toHaveFocus());
    expect(screen.queryByTestId("team-preview-result")).not.toBeInTheDocument();
  });

  it("says why the server could not be reached", async () => {
    const user = userEvent.setup();
    const message =
      "Connexion au serveur de l'équipe impossible (postgres://lea.guillou@serveur.agence.local:5433/profilence) : compte ou mot de passe refusé par le serveur.";
    vi.mocked(teamPreview).mockRejectedValue(new IpcError("team", message));
    render(TeamPanel);
    await fillIn(user);
    await user.click(screen.getByTestId("team-preview"));

    const alert = await screen.findByTestId("team-error");
    expect(alert).toHaveAttribute("role", "alert");
    expect(alert).toHaveTextContent(message);
    await waitFor(() => expect(alert).toHaveFocus());
    expect(screen.queryByTestId("team-preview-result")).not.toBeInTheDocument();
    expect(screen.getByTestId("team-preview")).toBeEnabled();
  });

  it("shows the team a member works in, and asks before going back to this desktop's database", async () => {
    const user = userEvent.setup();
    const onswitched = vi.fn();
    vi.mocked(teamState).mockResolvedValueOnce(member).mockResolvedValue(alone);
    vi.mocked(teamLeave).mockResolvedValue();
    render(TeamPanel, { onswitched });

    expect(await screen.findByTestId("team-server")).toHaveTextContent("postgres://lea.guillou@serveur.agence.local:5433/profilence");
    expect(screen.getByTestId("team-account")).toHaveTextContent("lea.guillou");
    expect(screen.getByTestId("team-agency")).toHaveTextContent("Agence de Lyon Part-Dieu");
    expect(screen.getByTestId("settings-team")).toHaveTextContent("partagés avec les conseillers et conseillères de votre agence");
    expect(screen.queryByTestId("team-form")).not.toBeInTheDocument();

    await user.click(screen.getByTestId("team-leave"));
    expect(teamLeave).not.toHaveBeenCalled();
    const confirmation = screen.getByTestId("team-leave-confirmation");
    expect(confirmation).toHaveTextContent("Profilence travaillera de nouveau sur la base de ce poste, telle qu'elle était quand vous avez rejoint l'équipe");
    expect(confirmation).toHaveFocus();
    await user.click(screen.getByTestId("team-leave-cancel"));
    expect(screen.queryByTestId("team-leave-confirmation")).not.toBeInTheDocument();
    expect(screen.getByTestId("team-leave")).toHaveFocus();

    await user.click(screen.getByTestId("team-leave"));
    await user.click(screen.getByTestId("team-leave-confirm"));
    expect(teamLeave).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(onswitched).toHaveBeenCalledWith("Vous travaillez de nouveau sur la base de ce poste."));
  });

  it("shows « — » for a member with no agency, and why leaving failed", async () => {
    const user = userEvent.setup();
    vi.mocked(teamState).mockResolvedValue({ ...member, signedIn: { ...member.signedIn!, agency: null } });
    vi.mocked(teamLeave).mockRejectedValue(new IpcError("database", "La base de ce poste est illisible."));
    const onswitched = vi.fn();
    render(TeamPanel, { onswitched });
    expect(await screen.findByTestId("team-agency")).toHaveTextContent("—");
    await user.click(screen.getByTestId("team-leave"));
    await user.click(screen.getByTestId("team-leave-confirm"));
    expect(await screen.findByTestId("team-error")).toHaveTextContent("La base de ce poste est illisible.");
    expect(onswitched).not.toHaveBeenCalled();
  });

  it("offers the way back when this desktop joined a team it is not signed in to", async () => {
    vi.mocked(teamState).mockResolvedValue({ membership, signedIn: null });
    render(TeamPanel);
    expect(await screen.findByTestId("team-server")).toHaveTextContent("serveur.agence.local:5433/profilence");
    expect(screen.getByTestId("team-account")).toHaveTextContent("lea.guillou");
    expect(screen.getByTestId("team-leave")).toBeEnabled();
    expect(screen.queryByTestId("team-form")).not.toBeInTheDocument();
  });
});
