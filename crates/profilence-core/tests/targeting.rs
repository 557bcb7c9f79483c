//! Targeting on small hand-built bases: each expected order is worked out by hand from the
//! weights of `targeting::score` (sector 40 × √(share ÷ best share), distance 25 × (1 −
//! d ÷ radius), history, aids 3, size by headcount band, potential).

mod common;

use chrono::{DateTime, Local, TimeZone};
use common::{BOULANGER, PATISSIER, candidate, world::World};
use profilence_core::{
    candidates::{self, CandidateInput, NafSector},
    choices::{EventKind, HeadcountBand, MobilityMeans, PromotionChannel, WorkConstraint},
    companies::{self, CompanyInput},
    promotions::{self, Confirmations, Delivery, EventInput, PromoteInput, PromotionTarget},
    reference_update,
    targeting::{self, CandidateTargets, FactorKind, TargetQuery},
};

/// 22 November 2026 at 10:00, local time, plus `days`.
fn at(days: u64) -> DateTime<Local> {
    Local.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap().checked_add_days(chrono::Days::new(days)).unwrap()
}

/// Communes around Lyon, NAF codes and the hiring data the tests weigh, over the small
/// referentials: boulangers are hired 900 times by bakeries (10.71C), 150 by hypermarkets
/// (47.11F), 100 by fast food (56.10C); pâtissiers 500 by pâtisseries (10.71D), 300 by bakeries.
fn load_hiring(world: &World) {
    let dir = world.dir.path().join("hiring-ref");
    let original = std::fs::read_to_string(world.dir.path().join("ref/geo/communes.csv")).unwrap();
    std::fs::create_dir_all(dir.join("geo")).unwrap();
    std::fs::write(
        dir.join("geo/communes.csv"),
        format!(
            "{original}38544,84,38,Vienne,Vienne,38200,COM,,45.5255,4.8744,22.6,30059\n\
             69029,84,69,Bron,Bron,69500,COM,,45.7386,4.9131,10.3,42544\n\
             69259,84,69,Vénissieux,Vénissieux,69200,COM,,45.6975,4.8867,15.3,67129\n"
        ),
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("naf")).unwrap();
    std::fs::write(
        dir.join("naf/naf.json"),
        r#"[{"id":"10.71C","label":"Boulangerie et boulangerie-pâtisserie"},{"id":"10.71D","label":"Pâtisserie"},
            {"id":"47.11F","label":"Hypermarchés"},{"id":"64.19Z","label":"Autres intermédiations monétaires"},
            {"id":"43.21A","label":"Travaux d'installation électrique dans tous locaux"}]"#,
    )
    .unwrap();
    common::write_hiring(&dir);
    world.db.write(|tx| reference_update::install_folder(tx, &dir)).unwrap();
}

const LYON: (&str, &str, &str) = ("69003", "Lyon 3e Arrondissement", "69383");
const VILLEURBANNE: (&str, &str, &str) = ("69100", "Villeurbanne", "69266");
const VIENNE: (&str, &str, &str) = ("38200", "Vienne", "38544");
const BRON: (&str, &str, &str) = ("69500", "Bron", "69029");
const VENISSIEUX: (&str, &str, &str) = ("69200", "Vénissieux", "69259");
const RENNES: (&str, &str, &str) = ("35000", "Rennes", "35238");

fn firm(world: &World, name: &str, siret: &str, naf: &str, band: HeadcountBand, place: (&str, &str, &str)) -> i64 {
    let input = CompanyInput {
        naf_code: naf.into(),
        headcount_band: Some(band),
        postcode: place.0.into(),
        commune: place.1.into(),
        commune_code: place.2.into(),
        hiring_potential: String::new(),
        commitments: Vec::new(),
        max_contacts_per_month: String::new(),
        ..common::company(name, siret)
    };
    world.db.write(|tx| companies::create(tx, &input)).unwrap().id
}

fn person(
    world: &World,
    last: &str,
    first: &str,
    job: i64,
    place: (&str, &str, &str),
    edit: impl FnOnce(&mut CandidateInput),
) -> i64 {
    let mut input = candidate(last, first, &[job]);
    input.postcode = place.0.into();
    input.commune = place.1.into();
    input.commune_code = place.2.into();
    input.mobility_radius_km = "20".into();
    input.mobility_means = vec![MobilityMeans::Car];
    edit(&mut input);
    world.candidate(&input, at(0).date_naive())
}

fn promote(world: &World, candidate: i64, company: i64, now: DateTime<Local>) -> i64 {
    let input = PromoteInput {
        candidate_ids: vec![candidate],
        targets: vec![PromotionTarget { company_id: company, contact_id: None }],
        channel: PromotionChannel::Email,
        job_offer_ref: String::new(),
        pitch_template: "Je vous présente {prénom}.".into(),
        subject_template: String::new(),
        send: true,
        confirmations: Confirmations { repeat_reason: String::new(), over_contact_limit: true },
        anonymous: false,
        sensitive: false,
        delivery: Delivery::Marked,
    };
    world.db.write(|tx| promotions::promote(tx, &input, now)).unwrap()[0].id
}

struct Lyon {
    world: World,
    lea: i64,
    parc: i64,
    bank: i64,
    vienne: i64,
    hyper: i64,
    fournil: i64,
    pains: i64,
    saint_jean: i64,
}

/// Léa, a boulangère of Lyon 3e (20 km by car, RQTH), and the companies around her:
/// - Fournil de Vénissieux, bakery, 7.5 km, 6–9 employees, which hired Hugo (a boulanger):
///   40 + 16 (distance) + 8 (a hire in the domain) + 3 (an aid for her) + 4 (size) = 71;
/// - Boulangerie du Parc, bakery, 3.5 km, 3–5 employees: 40 + 21 + 3 + 3 = 67;
/// - Hyper Bron, hypermarket, 5.5 km, 250–499 employees, potential 100 and two
///   commitments: 16 + 18 + 3 + 9 + 5 + 4 = 55;
/// - Crédit Rhodanien, a bank at her door: its sector does not hire boulangers;
/// - Boulangerie Viennoise, 26 km: beyond her radius;
/// - Pains du Rhône (bakery at her door, one contact a month, which Hugo used) and
///   Boulangerie Saint-Jean (at her door, where she was sent two days ago): left out.
fn lyon() -> Lyon {
    let world = World::signed(&common::world::claire("Agence de Lyon Part-Dieu"));
    load_hiring(&world);
    let lea = person(&world, "Martin", "Léa", BOULANGER, LYON, |c| c.eligibility.rqth = true);
    let hugo = person(&world, "Petit", "Hugo", BOULANGER, LYON, |_| {});
    let parc = firm(&world, "Boulangerie du Parc", "09281590139629", "1071C", HeadcountBand::From3, VILLEURBANNE);
    let bank = firm(&world, "Crédit Rhodanien", "03340187801755", "6419Z", HeadcountBand::From50, LYON);
    let vienne = firm(&world, "Boulangerie Viennoise", "62889751402612", "1071C", HeadcountBand::From3, VIENNE);
    let hyper = firm(&world, "Hyper Bron", "17047187463312", "4711F", HeadcountBand::From250, BRON);
    let fournil = firm(&world, "Fournil de Vénissieux", "62833125815356", "1071C", HeadcountBand::From6, VENISSIEUX);
    let pains = firm(&world, "Pains du Rhône", "65630481373435", "1071C", HeadcountBand::From3, LYON);
    let saint_jean = firm(&world, "Boulangerie Saint-Jean", "52611491316775", "1071C", HeadcountBand::From3, LYON);
    world
        .db
        .write(|tx| {
            tx.execute("UPDATE companies SET max_contacts_per_month = 1 WHERE id = ?1", [pains])?;
            tx.execute("UPDATE companies SET hiring_potential = 100 WHERE id = ?1", [hyper])?;
            for commitment in ["Les entreprises s'engagent", "Charte de la diversité"] {
                tx.execute("INSERT INTO company_commitments VALUES (?1, ?2)", rusqlite::params![hyper, commitment])?;
            }
            Ok(())
        })
        .unwrap();
    let hired = promote(&world, hugo, fournil, at(0));
    for kind in [EventKind::InterviewPlanned, EventKind::Hired] {
        let event = EventInput {
            kind: Some(kind),
            interview_at: "2026-11-22T14:00".into(),
            contract_type: Some(profilence_core::choices::ContractType::Cdi),
            start_date: "2026-12-01".into(),
            ..EventInput::default()
        };
        world.db.write(|tx| promotions::record_event(tx, &[hired], &event, at(1))).unwrap();
    }
    promote(&world, hugo, pains, at(0));
    promote(&world, lea, saint_jean, at(0));
    Lyon { world, lea, parc, bank, vienne, hyper, fournil, pains, saint_jean }
}

fn targets(l: &Lyon, candidate: i64, query: TargetQuery) -> CandidateTargets {
    l.world.db.read(|c| targeting::for_candidate(c, candidate, &query, at(2))).unwrap()
}

#[test]
fn the_bakery_nearby_that_hired_here_comes_first_and_the_bank_never() {
    let l = lyon();
    let t = targets(&l, l.lea, TargetQuery::default());
    let ids: Vec<i64> = t.targets.iter().map(|t| t.company_id).collect();
    assert_eq!(ids, [l.fournil, l.parc, l.hyper], "{t:#?}");
    let scores: Vec<i32> = t.targets.iter().map(|t| t.score).collect();
    assert_eq!(scores, [71, 67, 55]);
    assert!(!ids.contains(&l.bank));
    assert!(t.targets.iter().all(|x| x.factors.iter().map(|f| f.points).sum::<i32>() == x.score));

    let parc = &t.targets[1];
    assert_eq!(parc.distance_km, Some(3.5));
    assert!(
        parc.reason.starts_with("Boulangerie et boulangerie-pâtisserie : 78\u{a0}% des embauches pour "),
        "{}",
        parc.reason
    );
    assert!(parc.reason.contains("3,5\u{a0}km") || parc.reason.contains("4\u{a0}km"), "{}", parc.reason);
    let fournil = &t.targets[0];
    assert!(fournil.reason.contains("a embauché 1 personne suivie ici dans ce domaine"), "{}", fournil.reason);

    // Left out, saying why: the monthly limit, the repeat window.
    let left: Vec<(i64, &str)> = t.left_out.iter().map(|l| (l.id, l.why.as_str())).collect();
    assert_eq!(left.len(), 2, "{left:?}");
    assert_eq!(left[0].0, l.pains);
    assert!(left[0].1.contains("limite de 1 sollicitation par mois atteinte"), "{}", left[0].1);
    assert_eq!(left[1].0, l.saint_jean);
    assert!(left[1].1.contains("déjà été promu·e le 22/11/2026"), "{}", left[1].1);

    // Beyond the radius, with the radius that brings it in.
    assert_eq!(t.beyond_radius.iter().map(|b| b.company_id).collect::<Vec<_>>(), [l.vienne]);
    let widen = t.widen.clone().unwrap();
    assert_eq!((widen.radius_km, widen.companies), (30, 1));
    assert_eq!(t.radius_km, 20);
    assert!(t.shortfall.as_deref().unwrap().starts_with("Seulement 3 entreprises"), "{:?}", t.shortfall);
    assert!(t.consent_problem.is_none());

    // Widened, Vienne joins the list (and the shortfall shrinks).
    let wide = targets(&l, l.lea, TargetQuery { radius_km: Some(30), ..TargetQuery::default() });
    assert!(wide.targets.iter().any(|t| t.company_id == l.vienne));
    assert!(wide.radius_text.starts_with("rayon élargi à 30 km (le sien : 20 km)"), "{}", wide.radius_text);
    let one = targets(&l, l.lea, TargetQuery { limit: Some(1), ..TargetQuery::default() });
    assert_eq!(one.targets.len(), 1);
    assert!(one.shortfall.is_none(), "one asked, one found: no shortfall to say");
}

#[test]
fn every_factor_that_moved_a_rank_is_in_its_reason() {
    let l = lyon();
    let t = targets(&l, l.lea, TargetQuery { radius_km: Some(30), limit: Some(20), ..TargetQuery::default() });
    assert!(t.targets.len() >= 4);
    for target in &t.targets {
        for factor in target.factors.iter().filter(|f| f.points != 0) {
            assert!(target.reason.contains(&factor.text), "{:?} missing from « {} »", factor.kind, target.reason);
        }
        assert!(target.factors.iter().any(|f| f.kind == FactorKind::Contact));
    }
}

/// Léa prefers hypermarkets (47.11F) and would rather avoid bakeries (10.71C): Hyper Bron
/// gains the preference's 5 points (55 + 5 = 60), the bakeries keep theirs and their rank,
/// each with a warning.
#[test]
fn a_preferred_sector_earns_points_and_an_avoided_one_warns_without_leaving_out() {
    let l = lyon();
    let mut input = candidate("Martin", "Léa", &[BOULANGER]);
    (input.postcode, input.commune, input.commune_code) = (LYON.0.into(), LYON.1.into(), LYON.2.into());
    input.mobility_radius_km = "20".into();
    input.mobility_means = vec![MobilityMeans::Car];
    input.eligibility.rqth = true;
    let sector = |code: &str| NafSector { code: code.into(), label: String::new() };
    input.sectors_preferred = vec![sector("47.11F")];
    input.sectors_avoided = vec![sector("10.71C")];
    l.world.db.write(|tx| candidates::update(tx, l.lea, &input, at(0).date_naive())).unwrap();
    let t = targets(&l, l.lea, TargetQuery::default());
    let rows: Vec<(i64, i32, Vec<String>)> =
        t.targets.iter().map(|t| (t.company_id, t.score, t.warnings.clone())).collect();
    let avoided =
        || vec!["Secteur que le candidat souhaite éviter : Boulangerie et boulangerie-pâtisserie (10.71C)".to_owned()];
    assert_eq!(rows, [(l.fournil, 71, avoided()), (l.parc, 67, avoided()), (l.hyper, 60, Vec::new())]);
    let preference = t.targets[2].factors.iter().find(|f| f.kind == FactorKind::Preference).unwrap();
    assert_eq!(preference.text, "Secteur souhaité par le candidat : Hypermarchés (47.11F)");
    let elsewhere = t.targets[0].factors.iter().find(|f| f.kind == FactorKind::Preference).unwrap();
    assert_eq!((elsewhere.points, elsewhere.text.as_str()), (0, "Hors des secteurs souhaités (Hypermarchés (47.11F))"));
    assert!(t.targets.iter().all(|x| x.factors.iter().map(|f| f.points).sum::<i32>() == x.score));
}

/// Nathan gave no radius and ticked the car and the bicycle, but has no vehicle: he is
/// weighed at a bicycle's 10 km, not a car's 30, and the radius says why.
#[test]
fn without_a_vehicle_the_car_left_ticked_does_not_set_the_radius() {
    let l = lyon();
    let nathan = person(&l.world, "Roux", "Nathan", BOULANGER, LYON, |c| {
        c.mobility_radius_km = String::new();
        c.mobility_means = vec![MobilityMeans::Car, MobilityMeans::Bicycle];
        c.work_constraints = vec![WorkConstraint::NoVehicle];
    });
    let t = targets(&l, nathan, TargetQuery::default());
    assert_eq!(t.radius_km, 10);
    assert_eq!(
        t.radius_text,
        "rayon non renseigné : 10 km d'après ses moyens de transport (vélo ; voiture non comptée : pas de véhicule)"
    );
    // Hyper Bron (5.5 km) is within a bicycle's reach; Vienne (26 km), within a car's 30,
    // is beyond his.
    assert!(t.targets.iter().any(|x| x.company_id == l.hyper));
    assert!(t.targets.iter().all(|x| x.company_id != l.vienne));
    assert!(t.beyond_radius.iter().any(|x| x.company_id == l.vienne));
}

#[test]
fn aids_follow_the_company_size() {
    let l = lyon();
    let t = targets(&l, l.lea, TargetQuery::default());
    let aids = |id: i64| -> Vec<String> {
        t.targets.iter().find(|x| x.company_id == id).unwrap().aids.iter().map(|a| a.code.clone()).collect()
    };
    // The disabled workers' obligation counts from 20 employees: the hypermarket, not the bakery.
    assert!(aids(l.hyper).contains(&"oeth".to_owned()), "{:?}", aids(l.hyper));
    assert!(!aids(l.parc).contains(&"oeth".to_owned()), "{:?}", aids(l.parc));
    assert!(aids(l.parc).contains(&"agefiph_embauche".to_owned()));
}

#[test]
fn an_expired_consent_is_said_and_the_job_tension_given() {
    let l = lyon();
    let jade = person(&l.world, "Roux", "Jade", BOULANGER, LYON, |c| {
        c.consent_date = "2025-01-10".into();
        c.consent_expiry = "2025-12-31".into();
    });
    let t = targets(&l, jade, TargetQuery::default());
    assert!(t.consent_problem.as_deref().unwrap().contains("a expiré le 31/12/2025"), "{:?}", t.consent_problem);
    let tension = t.jobs[0].tension.as_deref().unwrap();
    assert!(tension.starts_with("Tension du métier : 61,9 sur 100"), "{tension}");
}

#[test]
fn a_company_is_offered_the_least_promoted_people_within_their_own_radius() {
    let l = lyon();
    let ines = person(&l.world, "Benali", "Inès", PATISSIER, VILLEURBANNE, |_| {});
    let _noe = person(&l.world, "Le Gall", "Noé", BOULANGER, RENNES, |c| c.mobility_radius_km = "30".into());
    let _sami = person(&l.world, "Haddad", "Sami", BOULANGER, LYON, |c| c.available_from = "2027-03-01".into());
    let _jade = person(&l.world, "Roux", "Jade", BOULANGER, LYON, |c| {
        c.consent_date = "2025-01-10".into();
        c.consent_expiry = "2025-12-31".into();
    });
    let hugo = l
        .world
        .db
        .read(|c| Ok(c.query_row("SELECT id FROM candidates WHERE first_name = 'Hugo'", [], |r| r.get(0))?))
        .unwrap();

    let offer = l.world.db.read(|c| targeting::for_company(c, l.parc, &TargetQuery::default(), at(2))).unwrap();
    let ids: Vec<i64> = offer.people.iter().map(|p| p.candidate_id).collect();
    // Inès was never promoted, Léa once, Hugo twice; Noé lives too far, Sami is not
    // available yet, Jade's consent expired.
    assert_eq!(ids, [ines, l.lea, hugo], "{offer:#?}");
    assert_eq!(offer.people[0].promotions, 0);
    assert!(offer.people[0].reason.contains("jamais promu·e"), "{}", offer.people[0].reason);
    // A pâtissière for a bakery: 300 of the 800 pâtissier hirings, against 500 for pâtisseries.
    assert!(offer.people[0].reason.contains("38\u{a0}% des embauches pour"), "{}", offer.people[0].reason);
    assert_eq!(offer.people[0].factors[0].points, 31);

    // Sent there two days ago: left out of Saint-Jean's list, saying why.
    let offer = l.world.db.read(|c| targeting::for_company(c, l.saint_jean, &TargetQuery::default(), at(2))).unwrap();
    assert!(!offer.people.iter().any(|p| p.candidate_id == l.lea));
    assert!(offer.left_out.iter().any(|x| x.id == l.lea && x.why.contains("22/11/2026")));

    // A bank hires no boulanger.
    let offer = l.world.db.read(|c| targeting::for_company(c, l.bank, &TargetQuery::default(), at(2))).unwrap();
    assert!(offer.people.is_empty() && offer.shortfall.is_some());
}

#[test]
fn the_history_is_replayed_with_what_was_known_the_day_before() {
    let l = lyon();
    // Hugo's hire at the Fournil, replayed the day before he was sent: no history yet, so
    // Pains du Rhône and Saint-Jean (68, at his door), the Parc (64) come first and the
    // Fournil (40 + 16 + 4 = 60) is 4th; the nearest-first baseline puts it 5th, after Hyper Bron.
    let e = l.world.db.read(|c| targeting::evaluate(c, None, at(2))).unwrap();
    assert_eq!((e.successes, e.ranked), (1, 1));
    assert_eq!((e.targeting.top5, e.baseline.top5), (1, 1));
    assert!((e.targeting.mean_reciprocal_rank - 0.25).abs() < 1e-9, "{e:?}");
    assert!((e.baseline.mean_reciprocal_rank - 0.2).abs() < 1e-9, "{e:?}");
    assert!(e.note.contains("indicatifs"), "{}", e.note);
}
