//! What makes two records the same person, for the candidate form and the import alike:
//! the same France Travail identifier, the same e-mail address (case ignored), or the same
//! names and birth date (accents and case ignored). An import row that gives neither
//! identifier also designates the one candidate of its names whose birth date does not
//! contradict it: a tracker often holds nothing else.
//!
//! The form asks the database for the records that share a key (`duplicates_of`); the
//! import holds the whole pool in memory (`Identities`). Both decide with `same_person`.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::{CandidateInput, DuplicateMatch, validation};
use crate::{Result, text::fold, validation::Checker};

/// Why a record is taken for another one, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Reason {
    FranceTravailId,
    Email,
    NamesAndBirthDate,
    /// Only for an import row without identifier (see the module's documentation).
    Names,
}

impl Reason {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::FranceTravailId => "même identifiant France Travail",
            Self::Email => "même adresse e-mail",
            Self::NamesAndBirthDate => "mêmes nom, prénom et date de naissance",
            Self::Names => "mêmes nom et prénom",
        }
    }
}

/// What identifies a person, in the form the rules compare.
#[derive(Debug, Clone)]
pub(crate) struct Identity {
    france_travail_id: Option<String>,
    /// Lower case.
    email: Option<String>,
    /// Last and first names folded: `"martin|lea"`.
    names: String,
    birth_date: Option<NaiveDate>,
}

impl Identity {
    pub(crate) fn new(
        france_travail_id: Option<&str>,
        email: Option<&str>,
        last_name: &str,
        first_name: &str,
        birth_date: Option<NaiveDate>,
    ) -> Self {
        Self {
            france_travail_id: france_travail_id.map(str::to_owned),
            email: email.map(|e| e.trim().to_lowercase()),
            names: format!("{}|{}", fold(last_name.trim()), fold(first_name.trim())),
            birth_date,
        }
    }

    fn has_identifier(&self) -> bool {
        self.france_travail_id.is_some() || self.email.is_some()
    }
}

impl validation::Valid {
    /// What identifies the checked candidate.
    pub(crate) fn identity(&self) -> Identity {
        Identity::new(
            self.france_travail_id.as_deref(),
            self.email.as_deref(),
            &self.last_name,
            &self.first_name,
            self.birth_date,
        )
    }
}

/// The rule: why `stored` is the person `new` describes, if it is.
fn same_person(new: &Identity, stored: &Identity) -> Option<Reason> {
    if new.france_travail_id.is_some() && new.france_travail_id == stored.france_travail_id {
        Some(Reason::FranceTravailId)
    } else if new.email.is_some() && new.email == stored.email {
        Some(Reason::Email)
    } else if new.birth_date.is_some() && new.birth_date == stored.birth_date && new.names == stored.names {
        Some(Reason::NamesAndBirthDate)
    } else {
        None
    }
}

/// Names alone, when `new` gives no identifier: the same names, and no two birth dates
/// to tell them apart.
fn same_names(new: &Identity, stored: &Identity) -> bool {
    !new.has_identifier() && new.names == stored.names && (new.birth_date.is_none() || stored.birth_date.is_none())
}

/// Existing candidates the form seems to repeat (names alone are not enough here: the
/// counsellor sees the list as they type). `exclude` is the candidate being edited.
pub fn duplicates_of(conn: &Connection, input: &CandidateInput, exclude: Option<i64>) -> Result<Vec<DuplicateMatch>> {
    let mut check = Checker::new();
    let who = Identity::new(
        validation::france_travail_id(&mut check, &input.france_travail_id).as_deref(),
        check.email("email", &input.email).as_deref(),
        &input.last_name,
        &input.first_name,
        check.date("birthDate", &input.birth_date),
    );
    find_duplicates(conn, &who, exclude)
}

/// The stored candidates `who` repeats, strongest reason first.
pub(crate) fn find_duplicates(conn: &Connection, who: &Identity, exclude: Option<i64>) -> Result<Vec<DuplicateMatch>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, first_name, last_name, france_travail_id, email, birth_date FROM candidates \
         WHERE france_travail_id = ?1 OR email = ?2 COLLATE NOCASE OR birth_date = ?3",
    )?;
    let rows = statement.query_map(rusqlite::params![who.france_travail_id, who.email, who.birth_date], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, Option<NaiveDate>>(5)?,
        ))
    })?;
    let mut found: Vec<(Reason, i64, String)> = Vec::new();
    for row in rows {
        let (id, first, last, ft, email, birth) = row?;
        let stored = Identity::new(ft.as_deref(), email.as_deref(), &last, &first, birth);
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

/// The whole pool by what identifies each person, held in memory so that an import needs
/// no query per row; kept up to date with what the import writes.
#[derive(Default)]
pub(crate) struct Identities {
    people: HashMap<i64, Identity>,
    by_france_travail_id: HashMap<String, Vec<i64>>,
    by_email: HashMap<String, Vec<i64>>,
    by_names: HashMap<String, Vec<i64>>,
}

impl Identities {
    pub(crate) fn load(conn: &Connection) -> Result<Self> {
        let mut me = Self::default();
        let mut statement =
            conn.prepare("SELECT id, france_travail_id, email, last_name, first_name, birth_date FROM candidates")?;
        let rows = statement.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<NaiveDate>>(5)?,
            ))
        })?;
        for row in rows {
            let (id, ft, email, last, first, birth) = row?;
            me.add(id, Identity::new(ft.as_deref(), email.as_deref(), &last, &first, birth));
        }
        Ok(me)
    }

    /// Records (or updates) what identifies candidate `id`.
    pub(crate) fn add(&mut self, id: i64, who: Identity) {
        let index = |map: &mut HashMap<String, Vec<i64>>, key: &Option<String>| {
            if let Some(key) = key {
                let ids = map.entry(key.clone()).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        };
        index(&mut self.by_france_travail_id, &who.france_travail_id);
        index(&mut self.by_email, &who.email);
        index(&mut self.by_names, &Some(who.names.clone()));
        self.people.insert(id, who);
    }

    /// The candidates `who` designates, with the reason, strongest first.
    pub(crate) fn find(&self, who: &Identity) -> Vec<(i64, Reason)> {
        let keyed = |map: &HashMap<String, Vec<i64>>, key: &Option<String>| {
            key.as_ref().and_then(|k| map.get(k)).into_iter().flatten().copied().collect::<Vec<i64>>()
        };
        let mut ids = keyed(&self.by_france_travail_id, &who.france_travail_id);
        ids.extend(keyed(&self.by_email, &who.email));
        let named = keyed(&self.by_names, &Some(who.names.clone()));
        ids.extend(&named);
        let mut found: Vec<(Reason, i64)> = Vec::new();
        for id in ids {
            let Some(stored) = self.people.get(&id) else { continue };
            if let Some(reason) = same_person(who, stored)
                && !found.iter().any(|(_, f)| *f == id)
            {
                found.push((reason, id));
            }
        }
        if found.is_empty() {
            found.extend(
                named
                    .into_iter()
                    .filter(|id| self.people.get(id).is_some_and(|s| same_names(who, s)))
                    .map(|id| (Reason::Names, id)),
            );
        }
        found.sort();
        found.into_iter().map(|(reason, id)| (id, reason)).collect()
    }
}
