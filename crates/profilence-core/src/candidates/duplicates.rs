//! What makes two records the same person, for the candidate form and the import alike.
//!
//! **Strong keys** make the same person: the same France Travail identifier, the same
//! e-mail address (case ignored), the same names and birth date, the same phone number
//! and names (names with accents and case ignored). Two different France Travail
//! identifiers are two people, whatever else they share.
//!
//! An import also weighs what a tracker often holds instead (`Identities::find`): the
//! same names where the person lives or for the job they look for **corroborate** —
//! the same person when nothing contradicts it, a *doubt* to show the counsellor when
//! another identifier differs; names alone designate the one candidate of those names
//! when the row gives no identifier and nothing (birth date, commune) contradicts it.
//!
//! The form asks the database for the records that share a key (`duplicates_of`); the
//! import holds the whole pool in memory (`Identities`). Both decide with `same_person`.

use std::collections::HashMap;

use crate::store::Conn;
use chrono::NaiveDate;

use super::{CandidateInput, DuplicateMatch, validation};
use crate::{
    Result,
    text::fold,
    validation::{Checker, normalize_phone},
};

/// Why a record is taken for another one, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Reason {
    FranceTravailId,
    Email,
    NamesAndBirthDate,
    PhoneAndNames,
    /// The same names where they live or for the job they look for, nothing against
    /// them, for an import row that brings an identifier the record lacks.
    NamesCorroborated,
    /// Names alone, for an import row that gives no identifier and nothing against them.
    Names,
}

impl Reason {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::FranceTravailId => "même identifiant France Travail",
            Self::Email => "même adresse e-mail",
            Self::NamesAndBirthDate => "mêmes nom, prénom et date de naissance",
            Self::PhoneAndNames => "mêmes nom, prénom et téléphone",
            Self::NamesCorroborated => "mêmes nom et prénom, même commune ou même métier",
            Self::Names => "mêmes nom et prénom",
        }
    }
}

/// A strong key of a person: two records sharing one are the same person (unless their
/// France Travail identifiers differ).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Key {
    FranceTravailId(String),
    Email(String),
    PhoneAndNames(String, String),
    NamesAndBirthDate(String, NaiveDate),
}

/// What identifies a person, in the form the rules compare.
#[derive(Debug, Clone, Default)]
pub(crate) struct Identity {
    france_travail_id: Option<String>,
    /// Lower case.
    email: Option<String>,
    /// Its ten digits: `0647693305` whether typed `06 47 69 33 05`, `+33 647693305`…
    phone: Option<String>,
    /// Last and first names folded: `"martin|lea"`.
    names: String,
    birth_date: Option<NaiveDate>,
    /// Where they live (an INSEE code, else the commune's name folded): corroborates.
    commune: Option<String>,
    /// The ROME job sheets they look for: corroborate.
    jobs: Vec<String>,
}

impl Identity {
    pub(crate) fn new(
        france_travail_id: Option<&str>,
        email: Option<&str>,
        phone: Option<&str>,
        last_name: &str,
        first_name: &str,
        birth_date: Option<NaiveDate>,
    ) -> Self {
        Self {
            france_travail_id: france_travail_id.map(str::to_owned),
            email: email.map(|e| e.trim().to_lowercase()).filter(|e| !e.is_empty()),
            phone: phone.and_then(normalize_phone).map(|p| p.replace(' ', "")),
            names: format!("{}|{}", fold(last_name.trim()), fold(first_name.trim())),
            birth_date,
            commune: None,
            jobs: Vec::new(),
        }
    }

    /// Where the person lives: the commune's INSEE code, else its name.
    pub(crate) fn living_in(mut self, insee_code: Option<&str>, name: &str) -> Self {
        self.commune = insee_code.map(str::to_owned).or_else(|| Some(fold(name.trim())).filter(|n| !n.is_empty()));
        self
    }

    /// The ROME job sheets the person looks for.
    pub(crate) fn looking_for<'a>(mut self, rome_codes: impl IntoIterator<Item = &'a str>) -> Self {
        self.jobs = rome_codes.into_iter().map(str::to_owned).collect();
        self
    }

    pub(crate) fn france_travail_id(&self) -> Option<&str> {
        self.france_travail_id.as_deref()
    }

    /// The names as the pool sorts and indexes them (`candidates.sort_name`).
    fn sort_name(&self) -> String {
        self.names.replacen('|', " ", 1)
    }

    fn has_identifier(&self) -> bool {
        self.france_travail_id.is_some() || self.email.is_some() || self.phone.is_some()
    }

    /// The strong keys it carries.
    pub(crate) fn keys(&self) -> Vec<Key> {
        let mut keys = Vec::new();
        if let Some(id) = &self.france_travail_id {
            keys.push(Key::FranceTravailId(id.clone()));
        }
        if let Some(email) = &self.email {
            keys.push(Key::Email(email.clone()));
        }
        if let Some(phone) = &self.phone {
            keys.push(Key::PhoneAndNames(phone.clone(), self.names.clone()));
        }
        if let Some(birth) = self.birth_date {
            keys.push(Key::NamesAndBirthDate(self.names.clone(), birth));
        }
        keys
    }

    /// An identifier both records have and that differs: France Travail identifier,
    /// e-mail, phone or birth date.
    fn contradicts(&self, other: &Self) -> Option<&'static str> {
        let differ = |a: &Option<String>, b: &Option<String>| matches!((a, b), (Some(a), Some(b)) if a != b);
        if differ(&self.france_travail_id, &other.france_travail_id) {
            Some("un autre identifiant France Travail")
        } else if differ(&self.email, &other.email) {
            Some("une autre adresse e-mail")
        } else if differ(&self.phone, &other.phone) {
            Some("un autre téléphone")
        } else if matches!((self.birth_date, other.birth_date), (Some(a), Some(b)) if a != b) {
            Some("une autre date de naissance")
        } else {
            None
        }
    }

    fn corroborates(&self, other: &Self) -> bool {
        matches!((&self.commune, &other.commune), (Some(a), Some(b)) if a == b)
            || self.jobs.iter().any(|job| other.jobs.contains(job))
    }
}

/// The strong rule: why `stored` is the person `new` describes, if it surely is.
fn same_person(new: &Identity, stored: &Identity) -> Option<Reason> {
    let differ = matches!((&new.france_travail_id, &stored.france_travail_id), (Some(a), Some(b)) if a != b);
    let both = |a: &Option<String>, b: &Option<String>| a.is_some() && a == b;
    if both(&new.france_travail_id, &stored.france_travail_id) {
        Some(Reason::FranceTravailId)
    } else if differ {
        None
    } else if both(&new.email, &stored.email) {
        Some(Reason::Email)
    } else if new.birth_date.is_some() && new.birth_date == stored.birth_date && new.names == stored.names {
        Some(Reason::NamesAndBirthDate)
    } else if both(&new.phone, &stored.phone) && new.names == stored.names {
        Some(Reason::PhoneAndNames)
    } else {
        None
    }
}

/// What an import row's person is to a stored one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    Same(Reason),
    /// The same names, corroborated, but `why` differs: maybe the same person.
    Doubt(&'static str),
    Different,
}

/// The import's rule, strong keys first, then what corroborates or contradicts the names.
fn compare(new: &Identity, stored: &Identity) -> Verdict {
    if let Some(reason) = same_person(new, stored) {
        return Verdict::Same(reason);
    }
    if new.names != stored.names {
        return Verdict::Different;
    }
    let corroborated = new.corroborates(stored);
    match new.contradicts(stored) {
        Some(why) if corroborated => Verdict::Doubt(why),
        Some(_) => Verdict::Different,
        // A row that brings an identifier the record lacks is matched by what corroborates
        // the names (and says so); a row without any, by its names as before.
        None if corroborated && new.has_identifier() => Verdict::Same(Reason::NamesCorroborated),
        None => {
            let elsewhere = matches!((&new.commune, &stored.commune), (Some(a), Some(b)) if a != b);
            if new.has_identifier() || elsewhere { Verdict::Different } else { Verdict::Same(Reason::Names) }
        }
    }
}

/// Existing candidates the form seems to repeat (strong keys only: the counsellor sees the
/// list as they type). `exclude` is the candidate being edited.
pub fn duplicates_of(conn: &Conn, input: &CandidateInput, exclude: Option<i64>) -> Result<Vec<DuplicateMatch>> {
    let mut check = Checker::new();
    let who = Identity::new(
        validation::france_travail_id(&mut check, &input.france_travail_id).as_deref(),
        check.email("email", &input.email).as_deref(),
        check.phone("phone", &input.phone).as_deref(),
        &input.last_name,
        &input.first_name,
        check.date("birthDate", &input.birth_date),
    );
    find_duplicates(conn, &who, exclude)
}

/// The candidates that may share a strong key with `?1` (France Travail id), `?2` (e-mail)
/// or `?3` (names, as `sort_name`: the strong keys other than the identifier and the
/// e-mail all need the same names), each by an index of its own (a partial index serves a
/// term of its own query, not one side of an `OR`).
const DUPLICATES_SQL: &str = "\
    SELECT id, first_name, last_name, france_travail_id, email, phone, birth_date FROM candidates \
    WHERE france_travail_id = ?1 AND erased_at IS NULL \
    UNION SELECT id, first_name, last_name, france_travail_id, email, phone, birth_date FROM candidates \
    WHERE email = ?2 COLLATE NOCASE AND erased_at IS NULL \
    UNION SELECT id, first_name, last_name, france_travail_id, email, phone, birth_date FROM candidates \
    WHERE sort_name = ?3 AND erased_at IS NULL";

/// The stored candidates `who` repeats, strongest reason first.
pub(crate) fn find_duplicates(conn: &Conn, who: &Identity, exclude: Option<i64>) -> Result<Vec<DuplicateMatch>> {
    let mut statement = conn.prepare_cached(DUPLICATES_SQL)?;
    let rows = statement.query_map(rusqlite::params![who.france_travail_id, who.email, who.sort_name()], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, Option<NaiveDate>>(6)?,
        ))
    })?;
    let mut found: Vec<(Reason, i64, String)> = Vec::new();
    for row in rows {
        let (id, first, last, ft, email, phone, birth) = row?;
        let stored = Identity::new(ft.as_deref(), email.as_deref(), phone.as_deref(), &last, &first, birth);
        if let Some(reason) = same_person(who, &stored).filter(|_| Some(id) != exclude) {
            found.push((reason, id, format!("{first} {last}")));
        }
    }
    found.sort();
    Ok(found
        .into_iter()
        .map(|(reason, id, name)| DuplicateMatch { id, name, reason: reason.label().to_owned() })
        .collect())
}

impl validation::Valid {
    /// What identifies the checked candidate, where they live and what they look for.
    pub(crate) fn identity(&self) -> Identity {
        Identity::new(
            self.france_travail_id.as_deref(),
            self.email.as_deref(),
            self.phone.as_deref(),
            &self.last_name,
            &self.first_name,
            self.birth_date,
        )
        .living_in(self.place.as_ref().map(|p| p.insee_code.as_str()), self.commune.as_deref().unwrap_or(""))
        .looking_for(self.target_jobs.iter().filter_map(|j| j.rome_code.as_deref()))
    }
}

/// Who an import row designates in the pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Found {
    Nobody,
    /// The same person; `also`: other candidates of the pool the row designates as
    /// strongly (duplicates already there), for the counsellor to merge.
    Same {
        id: i64,
        reason: Reason,
        also: Vec<i64>,
    },
    /// Nobody surely, but maybe these candidates (each with what differs).
    Doubtful(Vec<(i64, &'static str)>),
}

/// How a candidate of the pool is named in a doubt: "n° 12 (Léa Martin, Lyon)".
#[derive(Debug, Clone, Default)]
struct Shown {
    name: String,
    commune: String,
}

/// The whole pool by what identifies each person, held in memory so that an import needs
/// no query per row; kept up to date with what the import writes.
#[derive(Default)]
pub(crate) struct Identities {
    people: HashMap<i64, (Identity, Shown)>,
    by_key: HashMap<Key, Vec<i64>>,
    by_names: HashMap<String, Vec<i64>>,
}

impl Identities {
    pub(crate) fn load(conn: &Conn) -> Result<Self> {
        let mut jobs: HashMap<i64, Vec<String>> = HashMap::new();
        let mut statement =
            conn.prepare("SELECT candidate_id, rome_code FROM candidate_target_jobs WHERE rome_code IS NOT NULL")?;
        for row in statement.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (id, rome) = row?;
            jobs.entry(id).or_default().push(rome);
        }
        let mut me = Self::default();
        let mut statement = conn.prepare(
            "SELECT id, france_travail_id, email, phone, last_name, first_name, birth_date, commune_code, commune \
             FROM candidates WHERE erased_at IS NULL",
        )?;
        let rows = statement.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<NaiveDate>>(6)?,
                r.get::<_, Option<String>>(7)?,
                r.get::<_, Option<String>>(8)?,
            ))
        })?;
        for row in rows {
            let (id, ft, email, phone, last, first, birth, code, commune) = row?;
            let commune = commune.unwrap_or_default();
            let who = Identity::new(ft.as_deref(), email.as_deref(), phone.as_deref(), &last, &first, birth)
                .living_in(code.as_deref(), &commune)
                .looking_for(jobs.get(&id).into_iter().flatten().map(String::as_str));
            me.add(id, who, &format!("{first} {last}"), &commune);
        }
        Ok(me)
    }

    /// Records (or updates) what identifies candidate `id`, named `name` in `commune`.
    pub(crate) fn add(&mut self, id: i64, who: Identity, name: &str, commune: &str) {
        for key in who.keys() {
            let ids = self.by_key.entry(key).or_default();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        let ids = self.by_names.entry(who.names.clone()).or_default();
        if !ids.contains(&id) {
            ids.push(id);
        }
        self.people.insert(id, (who, Shown { name: name.to_owned(), commune: commune.to_owned() }));
    }

    /// "n° 12 (Léa Martin, Lyon)".
    pub(crate) fn describe(&self, id: i64) -> String {
        match self.people.get(&id) {
            Some((_, shown)) if shown.commune.is_empty() => format!("n° {id} ({})", shown.name),
            Some((_, shown)) => format!("n° {id} ({}, {})", shown.name, shown.commune),
            None => format!("n° {id}"),
        }
    }

    /// Who the rows of one person of a file designate: the candidate most of them name by
    /// a strong key; else by their names corroborated or alone (`compare`), the first row
    /// deciding; else the candidates they may be.
    pub(crate) fn find(&self, rows: &[Identity]) -> Found {
        let mut strong: HashMap<i64, (usize, Reason)> = HashMap::new();
        for who in rows {
            let mut ids: Vec<i64> = who.keys().iter().filter_map(|k| self.by_key.get(k)).flatten().copied().collect();
            ids.sort_unstable();
            ids.dedup();
            for id in ids {
                let Some((stored, _)) = self.people.get(&id) else { continue };
                if let Some(reason) = same_person(who, stored) {
                    let entry = strong.entry(id).or_insert((0, reason));
                    entry.0 += 1;
                    entry.1 = entry.1.min(reason);
                }
            }
        }
        if !strong.is_empty() {
            let mut ranked: Vec<(i64, usize, Reason)> = strong.into_iter().map(|(id, (n, r))| (id, n, r)).collect();
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)).then(a.0.cmp(&b.0)));
            let (id, _, reason) = ranked[0];
            return Found::Same { id, reason, also: ranked[1..].iter().map(|(id, ..)| *id).collect() };
        }
        let Some(first) = rows.first() else { return Found::Nobody };
        let mut same: Vec<(i64, Reason)> = Vec::new();
        let mut doubts: Vec<(i64, &'static str)> = Vec::new();
        for &id in self.by_names.get(&first.names).into_iter().flatten() {
            let Some((stored, _)) = self.people.get(&id) else { continue };
            match compare(first, stored) {
                Verdict::Same(reason) => same.push((id, reason)),
                Verdict::Doubt(why) => doubts.push((id, why)),
                Verdict::Different => {}
            }
        }
        same.sort_by_key(|(id, reason)| (*reason, *id));
        match same.as_slice() {
            [(id, reason), rest @ ..] => {
                Found::Same { id: *id, reason: *reason, also: rest.iter().map(|(i, _)| *i).collect() }
            }
            [] if doubts.is_empty() => Found::Nobody,
            [] => Found::Doubtful(doubts),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    fn lea(ft: Option<&str>, email: Option<&str>, phone: Option<&str>) -> Identity {
        Identity::new(ft, email, phone, "MARTIN", "Léa", None)
    }

    #[test]
    fn the_duplicate_check_reads_indexes_not_the_whole_pool() {
        let mut conn = crate::db::open_in_memory().unwrap();
        crate::migrations::apply(&mut conn).unwrap();
        let plan: Vec<String> = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {DUPLICATES_SQL}"))
            .unwrap()
            .query_map(rusqlite::params!["1234567A", "lea@courriel.example", "martin lea"], |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(plan.iter().all(|step| !step.starts_with("SCAN")), "{plan:?}");
    }

    #[test]
    fn phones_are_one_number_however_written() {
        let keys = |phone| lea(None, None, Some(phone)).keys();
        assert_eq!(keys("06 47 69 33 05"), keys("+33 647693305"));
        assert_eq!(keys("647693305"), keys("06.47.69.33.05"));
        assert_eq!(keys("06 47 69 33 05")[0], Key::PhoneAndNames("0647693305".into(), "martin|lea".into()));
    }

    #[test]
    fn strong_keys_make_the_same_person_unless_the_identifiers_differ() {
        let by_ft = lea(Some("1234567A"), None, None);
        let by_mail = lea(None, Some("Lea.Martin@courriel.example"), None);
        assert_eq!(same_person(&by_ft, &lea(Some("1234567A"), None, None)), Some(Reason::FranceTravailId));
        assert_eq!(same_person(&by_mail, &lea(None, Some("lea.martin@courriel.example"), None)), Some(Reason::Email));
        let phone = lea(None, None, Some("0647693305"));
        assert_eq!(same_person(&phone, &lea(None, None, Some("+33 6 47 69 33 05"))), Some(Reason::PhoneAndNames));
        let sister = Identity::new(None, None, Some("0647693305"), "MARTIN", "Zoé", None);
        assert_eq!(same_person(&phone, &sister), None, "a phone shared in a family is not a person");
        let other_id = lea(Some("7654321B"), Some("lea.martin@courriel.example"), None);
        assert_eq!(same_person(&other_id, &lea(Some("1234567A"), Some("lea.martin@courriel.example"), None)), None);
        let born = |d| Identity::new(None, None, None, "Martin", "Lea", d);
        assert_eq!(same_person(&born(day(1994, 5, 17)), &born(day(1994, 5, 17))), Some(Reason::NamesAndBirthDate));
    }

    #[test]
    fn names_are_weighed_with_where_people_live_and_what_they_look_for() {
        let in_lyon =
            |email: Option<&str>| lea(None, email, None).living_in(Some("69383"), "Lyon").looking_for(["D1102"]);
        // Nothing against it, the commune and the job agree: the same person.
        assert_eq!(
            compare(&in_lyon(Some("lea@courriel.example")), &in_lyon(None)),
            Verdict::Same(Reason::NamesCorroborated)
        );
        // A typo in the e-mail: maybe the same person, for the counsellor to say.
        assert_eq!(
            compare(&in_lyon(Some("lea.martin@courriel.example")), &in_lyon(Some("lea.matrin@courriel.example"))),
            Verdict::Doubt("une autre adresse e-mail")
        );
        // The same names in another commune, for another job: someone else.
        let in_brest = lea(None, None, None).living_in(Some("29019"), "Brest").looking_for(["G1602"]);
        assert_eq!(compare(&lea(None, None, None).living_in(Some("69383"), "Lyon"), &in_brest), Verdict::Different);
        // Names alone, when the row gives nothing else and nothing contradicts them.
        assert_eq!(compare(&lea(None, None, None), &in_brest), Verdict::Same(Reason::Names));
        assert_eq!(compare(&lea(Some("1234567A"), None, None), &in_brest), Verdict::Different);
    }

    #[test]
    fn the_rows_of_one_person_find_the_candidate_most_of_them_name() {
        let mut pool = Identities::default();
        pool.add(1, lea(Some("1234567A"), None, None), "Léa Martin", "Lyon");
        pool.add(2, lea(None, Some("lea.martin@courriel.example"), None), "Léa Martin", "Lyon");
        let rows = [
            lea(Some("1234567A"), None, Some("0647693305")),
            lea(None, Some("lea.martin@courriel.example"), Some("0647693305")),
            lea(None, Some("lea.martin@courriel.example"), None),
        ];
        assert_eq!(pool.find(&rows), Found::Same { id: 2, reason: Reason::Email, also: vec![1] });
        assert_eq!(pool.describe(2), "n° 2 (Léa Martin, Lyon)");
        assert_eq!(pool.find(&[Identity::new(None, None, None, "Petit", "Hugo", None)]), Found::Nobody);
    }
}
