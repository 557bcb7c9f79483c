//! The world of an integration test: a database with the small referentials, a counsellor
//! signed in Paramètres, and the candidates and companies the test adds. Each test file
//! names what it builds; none repeats how.

use chrono::NaiveDate;
use profilence_core::{
    Database,
    candidates::{self, CandidateInput},
    companies,
    settings::{self, CounsellorSettings},
};

/// Companies with valid SIRETs, each with a contact who has an e-mail (see `company`).
pub const FIRMS: [(&str, &str); 4] = [
    ("Boulangerie Kerbrat", "73282932000074"),
    ("Fournil du Rhône", "34167211100018"),
    ("Pains & Co", "06840388000013"),
    ("Électricité Morvan", "54214304500012"),
];

pub struct World {
    pub dir: tempfile::TempDir,
    pub db: Database,
}

/// A counsellor as Paramètres holds them.
pub fn counsellor(name: &str, agency: &str, phone: &str, email: &str) -> CounsellorSettings {
    CounsellorSettings { name: name.into(), agency: agency.into(), phone: phone.into(), email: email.into() }
}

/// Claire Morel, who signs most tests' promotions, at `agency`.
pub fn claire(agency: &str) -> CounsellorSettings {
    counsellor("Claire Morel", agency, "0299000000", "claire.morel@agence.example")
}

impl World {
    /// The small referentials loaded, `who` signed in Paramètres.
    pub fn signed(who: &CounsellorSettings) -> Self {
        let (dir, db) = super::database_with_referentials();
        let world = Self { dir, db };
        world.sign(who);
        world
    }

    /// From now on, `who` signs (another counsellor, another agency).
    pub fn sign(&self, who: &CounsellorSettings) {
        self.db.write(|tx| settings::update(tx, who)).unwrap();
    }

    /// Stores a candidate (refused as a duplicate like the form does).
    pub fn candidate(&self, input: &CandidateInput, today: NaiveDate) -> i64 {
        self.db.write(|tx| candidates::create(tx, input, today, false)).unwrap().id
    }

    /// Stores the first `n` of `FIRMS`.
    pub fn firms(&self, n: usize) -> Vec<i64> {
        FIRMS[..n]
            .iter()
            .map(|(name, siret)| self.db.write(|tx| companies::create(tx, &super::company(name, siret))).unwrap().id)
            .collect()
    }
}
