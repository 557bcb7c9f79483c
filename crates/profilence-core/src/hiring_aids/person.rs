//! Who a person is for the aids: the publics the counsellor records and those that follow
//! from the birth date on the day read, and the person as the rules weigh them.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The publics that open rights to hiring aids (PRODUCT.md §1) and that the counsellor
/// records. The age publics are not among them: they follow from the birth date on the
/// day they are read (`Person::has`), never from a tick that would go stale.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Eligibility {
    /// Recognised disabled worker (RQTH).
    pub rqth: bool,
    /// RSA recipient.
    pub rsa: bool,
    /// Lives in a priority neighbourhood (QPV).
    pub qpv: bool,
    /// Registered as unemployed for 12 months or more.
    pub long_term_unemployed: bool,
}

/// A public of the aids, the pool's filter and the dashboards: four recorded
/// (`Eligibility`), two read from the birth date on the day asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Public {
    Rqth,
    Rsa,
    Under26,
    Over50,
    Qpv,
    LongTermUnemployed,
}

impl Public {
    pub const ALL: [Public; 6] =
        [Self::Rqth, Self::Rsa, Self::Under26, Self::Over50, Self::Qpv, Self::LongTermUnemployed];

    pub fn label(self) -> &'static str {
        match self {
            Self::Rqth => "RQTH",
            Self::Rsa => "Bénéficiaire du RSA",
            Self::Under26 => "Moins de 26 ans",
            Self::Over50 => "50 ans et plus",
            Self::Qpv => "Résident QPV",
            Self::LongTermUnemployed => "Demandeur d'emploi de longue durée",
        }
    }

    /// As the UI and the JSON name it (`under26`, `longTermUnemployed`…).
    pub fn code(self) -> &'static str {
        match self {
            Self::Rqth => "rqth",
            Self::Rsa => "rsa",
            Self::Under26 => "under26",
            Self::Over50 => "over50",
            Self::Qpv => "qpv",
            Self::LongTermUnemployed => "longTermUnemployed",
        }
    }

    /// The database column of a recorded public; `None` for an age public, read from
    /// `birth_date` (`Age`).
    pub fn column(self) -> Option<&'static str> {
        match self {
            Self::Rqth => Some("rqth"),
            Self::Rsa => Some("rsa"),
            Self::Qpv => Some("qpv"),
            Self::LongTermUnemployed => Some("long_term_unemployed"),
            Self::Under26 | Self::Over50 => None,
        }
    }

    /// Whether belonging to this public says something the person may not want an
    /// employer to know, so that it (and the aids reserved to it) leaves the app only when
    /// the counsellor ticks it for a promotion, the person having agreed:
    /// - RQTH: a disability, health data (RGPD art. 9);
    /// - RSA: the person's income and social situation;
    /// - QPV: where they live, a ground of discrimination (« lieu de résidence », Code pénal
    ///   art. 225-1);
    /// - long-term unemployment: a gap in the career that employers hold against people.
    ///
    /// The age publics are not sensitive: they are read from the birth date, and the aids
    /// open to them by age alone reveal nothing else. Every recorded public is sensitive.
    pub fn is_sensitive(self) -> bool {
        match self {
            Self::Rqth | Self::Rsa | Self::Qpv | Self::LongTermUnemployed => true,
            Self::Under26 | Self::Over50 => false,
        }
    }

    /// The age bound of an age public: under 26, or 50 and over.
    pub fn age(self) -> Option<Age> {
        match self {
            Self::Under26 => Some(Age::Under(UNDER_26)),
            Self::Over50 => Some(Age::AtLeast(OVER_50)),
            _ => None,
        }
    }
}

/// « Moins de 26 ans »: younger than this.
pub const UNDER_26: u32 = 26;
/// « 50 ans et plus »: this age or older.
pub const OVER_50: u32 = 50;

/// An age public's bound, in full years on the day asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Age {
    Under(u32),
    AtLeast(u32),
}

impl Age {
    pub fn holds(self, age: u32) -> bool {
        match self {
            Self::Under(years) => age < years,
            Self::AtLeast(years) => age >= years,
        }
    }

    /// Whether someone born on `birth_date` is within the bound on `day`; nobody is
    /// without a birth date.
    pub fn holds_on(self, birth_date: Option<NaiveDate>, day: NaiveDate) -> bool {
        birth_date.and_then(|birth| day.years_since(birth)).is_some_and(|age| self.holds(age))
    }

    /// The birth dates within the bound on `day`, for SQL on `birth_date` (an indexed
    /// range): `(">", d)` born after `d` for « under », `("<=", d)` for « at least ». As
    /// `years_since`: one born on 29 February is a year older on 1 March.
    pub fn birth_dates_on(self, day: NaiveDate) -> (&'static str, NaiveDate) {
        let back = |years: u32| day.checked_sub_months(chrono::Months::new(years * 12)).unwrap_or(NaiveDate::MIN);
        match self {
            Self::Under(years) => (">", back(years)),
            Self::AtLeast(years) => ("<=", back(years)),
        }
    }
}

/// The day someone born on `birth_date` turns `years`, as `years_since` counts: one born on
/// 29 February turns a year older on 1 March of a common year.
pub fn birthday(birth_date: NaiveDate, years: u32) -> Option<NaiveDate> {
    let year = birth_date.year().checked_add(i32::try_from(years).ok()?)?;
    NaiveDate::from_ymd_opt(year, birth_date.month(), birth_date.day()).or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
}

impl Eligibility {
    /// What a sheet or pitch may reveal: everything when `sensitive` was ticked, else none of
    /// the sensitive publics (`Public::is_sensitive`) — the aids read from it then leave out
    /// those reserved to them.
    pub fn disclosed(self, sensitive: bool) -> Self {
        if sensitive {
            return self;
        }
        let keep = |public: Public, ticked: bool| ticked && !public.is_sensitive();
        Self {
            rqth: keep(Public::Rqth, self.rqth),
            rsa: keep(Public::Rsa, self.rsa),
            qpv: keep(Public::Qpv, self.qpv),
            long_term_unemployed: keep(Public::LongTermUnemployed, self.long_term_unemployed),
        }
    }

    /// Whether a recorded public is ticked; an age public never is (`Person::has`).
    pub fn has(&self, public: Public) -> bool {
        match public {
            Public::Rqth => self.rqth,
            Public::Rsa => self.rsa,
            Public::Qpv => self.qpv,
            Public::LongTermUnemployed => self.long_term_unemployed,
            Public::Under26 | Public::Over50 => false,
        }
    }
}

/// Someone an employer might hire, as the aids weigh them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Person {
    pub eligibility: Eligibility,
    /// Full years on the day asked; `None` when the birth date is not known.
    pub age: Option<u32>,
}

impl Person {
    /// The person on `today`; a birth date after `today` gives no age.
    pub fn new(eligibility: Eligibility, birth_date: Option<NaiveDate>, today: NaiveDate) -> Self {
        Self { eligibility, age: birth_date.and_then(|birth| today.years_since(birth)) }
    }

    /// As the candidate form holds them while it is typed: a birth date that is not (yet) a
    /// `YYYY-MM-DD` date gives no age — the form's own check says what is wrong with it.
    pub fn from_form(eligibility: Eligibility, birth_date: &str, today: NaiveDate) -> Self {
        Self::new(eligibility, NaiveDate::parse_from_str(birth_date.trim(), "%Y-%m-%d").ok(), today)
    }

    /// Whether the person belongs to `public`: recorded, or by their age on the day.
    pub fn has(&self, public: Public) -> bool {
        match public.age() {
            Some(bound) => self.age.is_some_and(|age| bound.holds(age)),
            None => self.eligibility.has(public),
        }
    }

    /// Every public the person belongs to, in `Public::ALL`'s order.
    pub fn publics(&self) -> Vec<Public> {
        Public::ALL.into_iter().filter(|p| self.has(*p)).collect()
    }

    /// The age and the age publics it gives, as the form shows them: « 24 ans — moins de
    /// 26 ans », « 38 ans », or why there is none.
    pub fn age_text(&self) -> String {
        let Some(age) = self.age else {
            return "Âge inconnu sans date de naissance : ni moins de 26 ans ni 50 ans et plus.".to_owned();
        };
        let mut text = format!("{age} an{}", if age > 1 { "s" } else { "" });
        for public in Public::ALL.into_iter().filter(|p| p.age().is_some() && self.has(*p)) {
            text.push_str(" — ");
            text.push_str(&public.label().to_lowercase());
        }
        text
    }
}

/// Full years from `birth_date` to `day` (0 before the birth).
pub fn age_on(birth_date: NaiveDate, day: NaiveDate) -> u32 {
    day.years_since(birth_date).unwrap_or(0)
}
