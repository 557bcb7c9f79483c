//! Team mode's accounts on the test server: an agency's counsellors share their pool, no
//! other agency's counsellor finds any of it (through the app's own queries and through raw
//! SQL), the companies and the history of contacts are the whole team's, and each account
//! signs its own journal and settings. Needs `PROFILENCE_TEST_POSTGRES` (`common::store`).

mod common;

use chrono::TimeZone;
use common::{BOULANGER, store, today, world::World};
use profilence_core::{
    Database, Error,
    candidates::{self, CandidateQuery},
    companies::{self, CompanyQuery},
    list::Paging,
    promotions::{self, follow_ups::FollowUpQuery},
    reference_update, settings,
    stats::{self, Period, StatsQuery, breakdown::BreakdownKey},
    store::postgres::TeamServer,
    team::{
        self,
        moving_in::{self, Twin},
    },
};

const PASSWORD: &str = "kouign-amann-2026";

/// A team's database made by `team::init` (as the administrator), with the small
/// referentials, agencies at Rennes and Brest (Bretagne) and Nantes (Pays de la Loire), and
/// four counsellors: Claire and Léa at Rennes, Julien at Brest, Inès at Nantes. Account
/// names carry the process id: roles are the server's.
struct Team {
    server: TeamServer,
    admin: Database,
    claire: World,
    lea: World,
    julien: World,
    ines: World,
}

fn account(name: &str) -> String {
    format!("{name}.{}", store::unique("a").replace('_', "-"))
}

fn team() -> Team {
    let server = TeamServer { database: store::unique("team"), ..store::team_server("postgres") };
    let admin = team::init(&server, &store::password()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let folder = common::write_referentials(&dir.path().join("ref"), 460);
    admin.write(|tx| reference_update::install_folder(tx, &folder)).unwrap();
    team::add_agency(&admin, "Agence de Rennes", "Bretagne").unwrap();
    team::add_agency(&admin, "Agence de Brest", "Bretagne").unwrap();
    team::add_agency(&admin, "Agence de Nantes", "Pays de la Loire").unwrap();
    let sign_in = |name: &str, agency: &str, full_name: &str| {
        let account = account(name);
        team::add_counsellor(&admin, &account, PASSWORD, agency).unwrap();
        let db = Database::connect_team(&TeamServer { user: account, ..server.clone() }, PASSWORD).unwrap();
        let world = World { dir: tempfile::tempdir().unwrap(), db };
        world.sign(&common::world::counsellor(full_name, agency, "0299000000", "conseil@agence.example"));
        world
    };
    let claire = sign_in("claire", "Agence de Rennes", "Claire Morel");
    let lea = sign_in("lea", "Agence de Rennes", "Léa Guillou");
    let julien = sign_in("julien", "Agence de Brest", "Julien Lefèvre");
    let ines = sign_in("ines", "Agence de Nantes", "Inès Baudry");
    Team { server, admin, claire, lea, julien, ines }
}

fn names(db: &Database, search: &str) -> Vec<String> {
    let query = CandidateQuery { search: search.into(), paging: Paging::first(20), ..CandidateQuery::default() };
    db.read(|c| candidates::list(c, &query, today())).unwrap().items.into_iter().map(|c| c.last_name).collect()
}

fn count(db: &Database, table: &str) -> i64 {
    db.read(|c| Ok(c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)).unwrap()
}

#[test]
fn an_agencys_counsellors_share_its_pool_and_no_other_agency_finds_any_of_it() {
    let t = team();
    let anne = t.claire.candidate(&common::candidate("Le Goff", "Anne", &[BOULANGER]), today());

    // Léa, at the same agency, finds her as Claire left her.
    assert_eq!(names(&t.lea.db, ""), ["Le Goff"]);
    assert_eq!(names(&t.lea.db, "boulanger"), ["Le Goff"]);
    let seen = t.lea.db.read(|c| candidates::get(c, anne, today())).unwrap();
    assert_eq!((seen.first_name.as_str(), seen.target_jobs.len()), ("Anne", 1));

    // Julien, at Brest, finds nothing: not through the app's queries…
    assert_eq!(names(&t.julien.db, ""), Vec::<String>::new());
    assert_eq!(names(&t.julien.db, "Le Goff"), Vec::<String>::new());
    let hidden = t.julien.db.read(|c| candidates::get(c, anne, today())).unwrap_err();
    assert!(matches!(hidden, Error::NotFound { .. }), "{hidden:?}");
    // …nor through raw SQL, in any table of hers.
    for table in ["candidates", "candidate_target_jobs", "consent_events", "candidates_fts"] {
        assert_eq!(count(&t.julien.db, table), 0, "{table} seen from Brest");
        assert!(count(&t.lea.db, table) > 0, "{table} not seen from Rennes");
    }
    // Nor can he write her a target job, or move her to his agency.
    let written = t.julien.db.write(|tx| {
        Ok(tx.execute(
            "INSERT INTO candidate_target_jobs (candidate_id, position, job_title_code, label, rome_code) \
             VALUES (?1, 9, ?2, 'Boulanger', 'D1102')",
            rusqlite::params![anne, BOULANGER],
        )?)
    });
    assert!(matches!(&written, Err(Error::Server { code: Some(code), .. }) if code == "42501"), "{written:?}");
    let moved = t.julien.db.write(|tx| Ok(tx.execute("UPDATE candidates SET agency_id = NULL", [])?)).unwrap();
    assert_eq!(moved, 0);
    // The administrator sees her, at Rennes.
    let agency: String = t
        .admin
        .read(|c| {
            Ok(c.query_row("SELECT a.name FROM candidates c JOIN agencies a ON a.id = c.agency_id", [], |r| r.get(0))?)
        })
        .unwrap();
    assert_eq!(agency, "Agence de Rennes");
    let status = team::status(&t.admin).unwrap();
    let rennes = status.agencies.iter().find(|a| a.name == "Agence de Rennes").unwrap();
    assert_eq!((rennes.candidates, rennes.counsellors.len()), (1, 2));
    assert_eq!(status.schema_version, status.latest_version);
}

#[test]
fn the_companies_and_the_contacts_they_had_are_the_whole_teams() {
    let t = team();
    let anne = t.claire.candidate(&common::candidate("Le Goff", "Anne", &[BOULANGER]), today());
    let firm = t.claire.firms(1)[0];
    let seen = t.julien.db.read(|c| companies::get(c, firm)).unwrap();
    // With its référent: the colleague to ask before writing to it.
    assert_eq!((seen.name.as_str(), seen.referent.as_str()), ("Boulangerie Kerbrat", "Claire Morel"));

    t.claire.db.write(|tx| promotions::promote(tx, &common::marked_sent(anne, firm, None), later(0))).unwrap();
    // The contact Claire made counts in Julien's limit for that company.
    let info = t.julien.db.read(|c| promotions::target_info(c, None, &[firm], today())).unwrap();
    assert_eq!(info[0].contacts_this_month, 1);
    // Its reminder is Rennes's to make: in Claire's and Léa's Relances, not in Julien's.
    let due = |w: &World, mine: bool| {
        let query = FollowUpQuery { paging: Paging::first(20), mine };
        promotions::follow_ups::due(&w.db, &query, later(10)).unwrap().total
    };
    assert_eq!((due(&t.claire, true), due(&t.lea, false), due(&t.lea, true), due(&t.julien, false)), (1, 1, 0, 0));
    // The dashboards are the agency's: Léa's counts Claire's promotion, by her name in the
    // counsellors' comparison; Julien's, at Brest, does not count Rennes's.
    let dashboard = |w: &World| {
        let query = StatsQuery { period: Period::Month { on: Some(today()) }, ..StatsQuery::default() };
        stats::dashboard(&w.db, &query, later(1)).unwrap()
    };
    let seen = dashboard(&t.lea);
    assert_eq!(seen.indicators.promotions, 1);
    let by_counsellor = seen.breakdowns.iter().find(|b| b.key == BreakdownKey::Counsellors).unwrap();
    assert_eq!(by_counsellor.rows.iter().map(|r| r.label.as_str()).collect::<Vec<_>>(), ["Claire Morel"]);
    assert_eq!(dashboard(&t.julien).indicators.promotions, 0);
}

/// The agencies side by side over the whole team's promotions: each agency's, by the
/// counsellors who made them, the agencies with none at zero; an agency's own dashboard
/// counts what its row does. Nobody sees another agency's candidates for it.
#[test]
fn the_agencies_are_compared_over_the_whole_teams_promotions() {
    let t = team();
    let anne = t.claire.candidate(&common::candidate("Le Goff", "Anne", &[BOULANGER]), today());
    let yann = t.julien.candidate(&common::candidate("Kerouac", "Yann", &[BOULANGER]), today());
    let firms = t.claire.firms(2);
    for firm in &firms {
        t.claire.db.write(|tx| promotions::promote(tx, &common::marked_sent(anne, *firm, None), later(0))).unwrap();
    }
    t.julien.db.write(|tx| promotions::promote(tx, &common::marked_sent(yann, firms[0], None), later(0))).unwrap();

    let query = stats::team::TeamQuery { period: Period::Month { on: Some(today()) }, channel: None };
    let seen = stats::team::team(&t.ines.db, &query, later(1)).unwrap();
    assert_eq!(seen.total.promotions, 3);
    let rows: Vec<(&str, u32, bool, u32)> =
        seen.agencies.iter().map(|a| (a.figures.key.as_str(), a.figures.promotions, a.own, a.accounts)).collect();
    assert_eq!(
        rows,
        [("Agence de Rennes", 2, false, 2), ("Agence de Brest", 1, false, 1), ("Agence de Nantes", 0, true, 1)]
    );
    let signers = |agency: usize| {
        seen.agencies[agency].counsellors.iter().map(|c| (c.label.clone(), c.promotions)).collect::<Vec<_>>()
    };
    assert_eq!(signers(0), [("Claire Morel".to_owned(), 2)]);
    assert_eq!(signers(1), [("Julien Lefèvre".to_owned(), 1)]);
    // Rennes's own dashboard counts what its row does; Inès still sees none of its people.
    let dashboard =
        stats::dashboard(&t.lea.db, &StatsQuery { period: query.period.clone(), ..StatsQuery::default() }, later(1))
            .unwrap();
    assert_eq!(dashboard.indicators.promotions, 2);
    assert_eq!(count(&t.ines.db, "candidates"), 0);
    // A candidate the administrator moves leaves their promotions to the agency that made them.
    t.admin
        .write(|tx| {
            Ok(tx.execute(
                "UPDATE candidates SET agency_id = (SELECT id FROM agencies WHERE name = 'Agence de Nantes') WHERE id = ?1",
                [anne],
            )?)
        })
        .unwrap();
    let again = stats::team::team(&t.ines.db, &query, later(2)).unwrap();
    assert_eq!((again.agencies[0].figures.key.as_str(), again.agencies[0].figures.promotions), ("Agence de Rennes", 2));
    // The administrator's own dashboard is the whole team's.
    let whole =
        stats::dashboard(&t.admin, &StatsQuery { period: query.period.clone(), ..StatsQuery::default() }, later(2));
    assert_eq!(whole.unwrap().indicators.promotions, 3);
}

/// On a desktop's own database there is no team to compare.
#[test]
fn a_desktop_has_no_agencies_to_compare() {
    let (_dir, db) = common::database();
    if db.read(|c| Ok(c.is_postgres())).unwrap() {
        return;
    }
    let query = stats::team::TeamQuery { period: Period::Month { on: Some(today()) }, channel: None };
    let refused = stats::team::team(&db, &query, later(0)).unwrap_err();
    assert!(matches!(&refused, Error::Rule(message) if message.contains("mode équipe")), "{refused:?}");
}

/// Companies are the territory's: Inès, at Nantes, finds none of Bretagne's (through the
/// app's queries nor raw SQL) and may enter the same establishment as a company of her own;
/// Bretagne keeps seeing its own once.
#[test]
fn companies_are_shared_by_the_agencies_of_a_territory() {
    let t = team();
    t.claire.firms(1);
    let listed = |w: &World, search: &str| {
        let query = CompanyQuery { search: search.into(), paging: Paging::first(20), ..CompanyQuery::default() };
        w.db.read(|c| companies::list(c, &query)).unwrap().items.into_iter().map(|c| c.name).collect::<Vec<_>>()
    };
    assert_eq!(listed(&t.julien, "kerbrat"), ["Boulangerie Kerbrat"], "Brest is in Bretagne too");
    assert_eq!(listed(&t.ines, ""), Vec::<String>::new());
    assert_eq!(listed(&t.ines, "kerbrat"), Vec::<String>::new());
    for table in ["companies", "company_contacts", "company_commitments", "companies_fts"] {
        assert_eq!(count(&t.ines.db, table), 0, "{table} seen from Nantes");
        assert!(count(&t.julien.db, table) > 0, "{table} not seen from Brest");
    }
    let hers = t.ines.firms(1)[0];
    assert_eq!(t.ines.db.read(|c| companies::get(c, hers)).unwrap().referent, "Inès Baudry");
    assert_eq!(listed(&t.ines, "kerbrat"), ["Boulangerie Kerbrat"]);
    assert_eq!(listed(&t.lea, "kerbrat"), ["Boulangerie Kerbrat"], "Rennes sees its own, once");
    assert_eq!(count(&t.admin, "companies"), 2);
}

/// 22 November 2026 at 10:00, local time, `days` later.
fn later(days: u64) -> chrono::DateTime<chrono::Local> {
    chrono::Local.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap().checked_add_days(chrono::Days::new(days)).unwrap()
}

#[test]
fn each_account_signs_its_journal_and_keeps_its_own_settings() {
    let t = team();
    t.claire.candidate(&common::candidate("Le Goff", "Anne", &[BOULANGER]), today());
    let (who, name): (String, String) = t
        .admin
        .read(|c| {
            Ok(c.query_row("SELECT os_user, counsellor FROM journal ORDER BY id DESC LIMIT 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?)
        })
        .unwrap();
    assert_eq!((who, name.as_str()), (t.claire.db.read(|c| Ok(c.account()?.unwrap())).unwrap(), "Claire Morel"));
    let mine = |w: &World| w.db.read(settings::get).unwrap().name;
    assert_eq!(
        (mine(&t.claire), mine(&t.lea), mine(&t.julien)),
        ("Claire Morel".into(), "Léa Guillou".into(), "Julien Lefèvre".into())
    );
}

#[test]
fn a_counsellor_changes_the_data_not_the_schema_nor_the_agencies() {
    let t = team();
    for sql in
        ["DROP TABLE candidates", "INSERT INTO agencies (name) VALUES ('Agence pirate')", "DELETE FROM counsellors"]
    {
        let refused = t.julien.db.write(|tx| Ok(tx.execute_batch(sql)?)).unwrap_err();
        assert!(matches!(&refused, Error::Server { code: Some(code), .. } if code == "42501"), "{sql}: {refused:?}");
    }
    let wrong = Database::connect_team(&TeamServer { user: account("nobody"), ..t.server.clone() }, PASSWORD);
    assert!(matches!(wrong, Err(Error::TeamServer { .. })), "{wrong:?}");
}

/// « Rejoindre une équipe »: Léa's desktop database moves into the team's. What the team
/// had (Anne, whom Claire entered; the bakery) is shown beside the desktop's record and not
/// entered again: the desktop's promotions go onto the team's records; what is new (Marc, the
/// second company) comes with its job and contacts. The desktop file is left as it was.
#[test]
fn a_desktop_moves_in_without_entering_twice_what_the_team_had() {
    let t = team();
    let anne = common::candidate("Le Goff", "Anne", &[BOULANGER]);
    t.claire.candidate(&anne, today());
    let bakery = t.claire.firms(1)[0];
    let desktop = World::signed(&common::world::counsellor(
        "Léa Guillou",
        "Agence de Rennes",
        "0299000000",
        "lea@agence.example",
    ));
    let anne_here = desktop.candidate(&anne, today());
    let marc = desktop.candidate(&common::candidate("Riou", "Marc", &[BOULANGER]), today());
    let firms = desktop.firms(2);
    for (who, firm, day) in [(anne_here, firms[0], 0), (marc, firms[1], 1)] {
        desktop.db.write(|tx| promotions::promote(tx, &common::marked_sent(who, firm, None), later(day))).unwrap();
    }
    let desktop_counts = |db: &Database| {
        ["candidates", "companies", "company_contacts", "promotions", "promotion_events", "journal"]
            .map(|t| count(db, t))
    };
    let before = desktop_counts(&desktop.db);

    let plan = moving_in::preview(&desktop.db, &t.lea.db).unwrap();
    assert_eq!((plan.candidates, plan.companies, plan.promotions), (1, 1, 2));
    assert_eq!(plan.events as i64, count(&desktop.db, "promotion_events"));
    assert_eq!(plan.same_candidates.len(), 1);
    assert_eq!(
        (plan.same_candidates[0].desktop.as_str(), plan.same_candidates[0].reason.as_str()),
        ("Anne Le Goff", "même adresse e-mail")
    );
    let twin =
        Twin {
            desktop: "Boulangerie Kerbrat".into(), team: "Boulangerie Kerbrat".into(), reason: "même SIRET".into()
        };
    assert_eq!(plan.same_companies, [twin]);
    assert_eq!(names(&t.lea.db, ""), ["Le Goff"], "the preview writes nothing");

    assert_eq!(moving_in::move_in(&desktop.db, &t.lea.db).unwrap(), plan);
    // Claire finds Marc, by his job too (his search document was written), and Anne once.
    assert_eq!(names(&t.claire.db, ""), ["Le Goff", "Riou"]);
    assert_eq!(names(&t.claire.db, "boulanger"), ["Le Goff", "Riou"]);
    // Anne's promotion to the bakery is on the team's Anne and the team's bakery: it counts
    // in the contact limit every counsellor sees.
    let info = t.julien.db.read(|c| promotions::target_info(c, None, &[bakery], today())).unwrap();
    assert_eq!(info[0].contacts_this_month, 1);
    let on_team: (i64, i64, i64) = t
        .admin
        .read(|c| {
            Ok(c.query_row(
                "SELECT (SELECT count(*) FROM companies), (SELECT count(*) FROM company_contacts),                  (SELECT count(*) FROM promotions p JOIN candidates c ON c.id = p.candidate_id)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?)
        })
        .unwrap();
    assert_eq!(on_team, (2, 2, 2), "companies, contacts (the bakery's Sophie Lambert once), promotions");
    assert_eq!(count(&t.admin, "promotion_events"), count(&desktop.db, "promotion_events"));
    // Brest sees none of Rennes's people, moved in or not.
    assert_eq!(names(&t.julien.db, ""), Vec::<String>::new());
    assert_eq!(desktop_counts(&desktop.db), before, "the desktop database is left as it was");

    // Joined again later (after going back to the desktop's database): everything is the
    // team's already, nothing is entered twice.
    let again = moving_in::move_in(&desktop.db, &t.lea.db).unwrap();
    assert_eq!((again.candidates, again.companies, again.promotions, again.events), (0, 0, 0, 0));
    assert_eq!((again.same_candidates.len(), again.same_companies.len(), again.same_promotions), (2, 2, 2));
    assert_eq!(count(&t.admin, "promotion_events"), count(&desktop.db, "promotion_events"));
    assert_eq!(names(&t.claire.db, ""), ["Le Goff", "Riou"]);
}

#[test]
fn accounts_are_refused_with_what_is_wrong() {
    let t = team();
    let fields = |result: profilence_core::Result<()>| common::fields(result.unwrap_err());
    assert_eq!(fields(team::add_counsellor(&t.admin, "Claire Morel", PASSWORD, "Agence de Rennes"))[0].0, "account");
    assert_eq!(fields(team::add_counsellor(&t.admin, &account("x"), "court", "Agence de Rennes"))[0].0, "password");
    let unknown = fields(team::add_counsellor(&t.admin, &account("x"), PASSWORD, "Agence de Lorient"));
    assert!(unknown[0].1.contains("Agence de Lorient"), "{unknown:?}");
    assert_eq!(fields(team::add_agency(&t.admin, "  ", "").map(|_| ()))[0].0, "agency");
}
