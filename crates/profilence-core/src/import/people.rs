//! One person across the rows of a file: rows that share a strong key (France Travail
//! identifier, e-mail, phone and names, names and birth date — `candidates::Key`) are one
//! person, even when no single key is on all of them (a row with the identifier, another
//! with the e-mail, a third with both). Read before any row is stored, so that the first
//! row of a person finds the candidate the others name.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::candidates::{Identity, Key};

/// The persons of a file: for each row (in the order the import reads them), its
/// identity and the person it belongs to.
#[derive(Default)]
pub(super) struct People {
    identities: Vec<Option<Identity>>,
    /// The first row of each row's person (a row without identity: none).
    person: Vec<Option<usize>>,
    /// The rows of each person, by its first row.
    rows: HashMap<usize, Vec<usize>>,
    /// The day of each person's first promotion in the file.
    first_promotion: HashMap<usize, NaiveDate>,
}

impl People {
    /// Groups the rows whose identities share a strong key; `promoted`: the day of each
    /// row's promotion, when it has one.
    pub(super) fn group(identities: Vec<Option<Identity>>, promoted: &[Option<NaiveDate>]) -> Self {
        let mut parent: Vec<usize> = (0..identities.len()).collect();
        fn root(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        // The France Travail identifier of each person so far (by its root): two different
        // identifiers are two people, whatever else their rows share (`same_person`).
        let mut identifier: Vec<Option<&str>> =
            identities.iter().map(|who| who.as_ref().and_then(Identity::france_travail_id)).collect();
        let mut first_with: HashMap<Key, usize> = HashMap::new();
        for (row, who) in identities.iter().enumerate() {
            for key in who.iter().flat_map(Identity::keys) {
                match first_with.get(&key) {
                    Some(&other) => {
                        let (a, b) = (root(&mut parent, row), root(&mut parent, other));
                        if matches!((identifier[a], identifier[b]), (Some(x), Some(y)) if x != y) {
                            continue;
                        }
                        // The earlier row stays the root: the person is named after its first row.
                        let (first, later) = (a.min(b), a.max(b));
                        parent[later] = first;
                        identifier[first] = identifier[first].or(identifier[later]);
                    }
                    None => {
                        first_with.insert(key, row);
                    }
                }
            }
        }
        let mut person = vec![None; identities.len()];
        let mut rows: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut first_promotion: HashMap<usize, NaiveDate> = HashMap::new();
        for (row, who) in identities.iter().enumerate() {
            if who.is_some() {
                let first = root(&mut parent, row);
                person[row] = Some(first);
                rows.entry(first).or_default().push(row);
                if let Some(day) = promoted.get(row).copied().flatten() {
                    let earliest = first_promotion.entry(first).or_insert(day);
                    *earliest = (*earliest).min(day);
                }
            }
        }
        Self { identities, person, rows, first_promotion }
    }

    /// The day of the first promotion of row `row`'s person in the file.
    pub(super) fn first_promotion(&self, row: usize) -> Option<NaiveDate> {
        self.of(row).and_then(|p| self.first_promotion.get(&p)).copied()
    }

    /// The person of row `row` (its first row), if the row names someone.
    pub(super) fn of(&self, row: usize) -> Option<usize> {
        self.person.get(row).copied().flatten()
    }

    /// The identities of the person of `row`: that row's first, then the person's others.
    pub(super) fn identities(&self, row: usize) -> Vec<Identity> {
        let own = self.identities.get(row).cloned().flatten();
        let others = self
            .of(row)
            .and_then(|p| self.rows.get(&p))
            .into_iter()
            .flatten()
            .filter(|&&r| r != row)
            .filter_map(|&r| self.identities[r].clone());
        own.into_iter().chain(others).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lea(ft: Option<&str>, email: Option<&str>, phone: Option<&str>) -> Option<Identity> {
        Some(Identity::new(ft, email, phone, "MARTIN", "Léa", None))
    }

    #[test]
    fn rows_sharing_a_key_are_one_person_through_any_chain() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 9, d);
        let people = People::group(
            vec![
                lea(Some("1234567A"), None, Some("06 47 69 33 05")),
                Some(Identity::new(None, None, None, "PETIT", "Hugo", None)),
                lea(None, Some("lea.martin@courriel.example"), None),
                None,
                // Links the first and third rows: the identifier of one, the e-mail of the other.
                lea(Some("1234567A"), Some("lea.martin@courriel.example"), None),
                // The same phone written otherwise, and the same names.
                lea(None, None, Some("+33 647693305")),
            ],
            &[day(20), None, day(14), None, None, day(16)],
        );
        let persons: Vec<Option<usize>> = (0..6).map(|r| people.of(r)).collect();
        assert_eq!(persons, [Some(0), Some(1), Some(0), None, Some(0), Some(0)]);
        assert_eq!(people.identities(2).len(), 4, "row 2 first, then the person's three other rows");
        assert_eq!(people.identities(1).len(), 1);
        assert_eq!(people.first_promotion(2), day(14), "the earliest of the person's rows, wherever it is");
        assert_eq!((people.first_promotion(1), people.first_promotion(3)), (None, None));
    }

    #[test]
    fn two_identifiers_are_two_people_whatever_else_their_rows_share() {
        let shared = Some("famille.martin@courriel.example");
        let people = People::group(
            vec![
                lea(Some("1234567A"), shared, None),
                lea(Some("7654321B"), shared, None),
                // The e-mail alone: the first row that gave it.
                lea(None, shared, None),
                // Joins the second person by its identifier, not the first through the e-mail.
                lea(Some("7654321B"), None, Some("06 47 69 33 05")),
            ],
            &[None, None, None, None],
        );
        let persons: Vec<Option<usize>> = (0..4).map(|r| people.of(r)).collect();
        assert_eq!(persons, [Some(0), Some(1), Some(0), Some(1)]);
    }
}
