//! The reference data a file names in words: the commune of a postcode, of an INSEE code
//! or of a name alone, whether a NAF code exists, the ROME job title of a job's name or
//! code. Each distinct text is looked up once per import.

use rusqlite::OptionalExtension;

use super::{importer::Importer, register::Place};
use crate::{Result, candidates::TargetJob, referentials, text::fold};

impl Importer<'_> {
    /// Whether the NAF referential knows `code` (`10.71C`); `None` when none is loaded.
    pub(super) fn naf_known(&mut self, code: &str) -> Result<Option<bool>> {
        if let Some(known) = self.register_cache.naf.get(code) {
            return Ok(*known);
        }
        let known = match referentials::version(self.conn, "naf")? {
            None => None,
            Some(_) => Some(referentials::naf_label(self.conn, code)?.is_some()),
        };
        self.register_cache.naf.insert(code.to_owned(), known);
        Ok(known)
    }

    /// Whether the communes referential is loaded (a commune not found in it is news).
    pub(super) fn communes_loaded(&mut self) -> Result<bool> {
        if let Some(loaded) = self.register_cache.communes_loaded {
            return Ok(loaded);
        }
        let loaded = referentials::version(self.conn, "communes")?.is_some();
        self.register_cache.communes_loaded = Some(loaded);
        Ok(loaded)
    }

    /// The commune of an INSEE code: with `postcode` when it has it, else the one `name`
    /// names, else its first postcode.
    pub(super) fn commune_by_code(&mut self, code: &str, postcode: Option<&str>, name: &str) -> Result<Option<Place>> {
        if !self.register_cache.by_code.contains_key(code) {
            let rows: Vec<Place> = self
                .conn
                .prepare_cached(
                    "SELECT insee_code, postcode, name FROM communes WHERE insee_code = ?1 ORDER BY postcode",
                )?
                .query_map([code], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            self.register_cache.by_code.insert(code.to_owned(), rows);
        }
        let rows = &self.register_cache.by_code[code];
        let wanted = fold(name.trim());
        let found = rows
            .iter()
            .find(|(_, p, _)| Some(p.as_str()) == postcode)
            .or_else(|| rows.iter().find(|(_, _, n)| fold(n) == wanted))
            .or_else(|| rows.first());
        Ok(found.cloned())
    }

    /// The communes (one row per postcode) whose name, accents, case and hyphens aside,
    /// is `name` (« SAINT-MALO », « Saint Malo »).
    pub(super) fn communes_named(&mut self, name: &str) -> Result<&[Place]> {
        let key = fold(name).replace(['-', '\''], " ").split_whitespace().collect::<Vec<_>>().join(" ");
        if !self.register_cache.by_name.contains_key(&key) {
            let rows: Vec<Place> = self
                .conn
                .prepare_cached(
                    "SELECT insee_code, postcode, name FROM communes \
                     WHERE replace(replace(folded, '-', ' '), '''', ' ') = ?1 ORDER BY insee_code, postcode",
                )?
                .query_map([&key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            self.register_cache.by_name.insert(key.clone(), rows);
        }
        Ok(&self.register_cache.by_name[&key])
    }

    /// The commune of a postcode (and name, when the postcode has several): its INSEE
    /// code and official name.
    pub(super) fn commune(&mut self, postcode: Option<&str>, name: &str) -> Result<Option<(String, String)>> {
        let Some(postcode) = postcode else { return Ok(None) };
        let key = (postcode.to_owned(), fold(name.trim()));
        if let Some(found) = self.communes.get(&key) {
            return Ok(found.clone());
        }
        let rows: Vec<(String, String, String)> = self
            .conn
            .prepare_cached("SELECT insee_code, name, folded FROM communes WHERE postcode = ?1")?
            .query_map([postcode], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let wanted = fold(name.trim());
        let found = match rows.as_slice() {
            [(code, name, _)] => Some((code.clone(), name.clone())),
            many => many.iter().find(|(_, _, folded)| *folded == wanted).map(|(c, n, _)| (c.clone(), n.clone())),
        };
        self.communes.insert(key, found.clone());
        Ok(found)
    }

    /// The ROME job title a tracker's job names: its label (either form, "Boulanger" or
    /// "Boulangère"), its code, or a ROME job sheet code; `false` when only approached.
    pub(super) fn job_title(&mut self, text: &str) -> Result<Option<(TargetJob, bool)>> {
        let key = fold(text.trim());
        if let Some(found) = self.jobs.get(&key) {
            return Ok(found.clone());
        }
        let one = |sql: &str, value: &dyn rusqlite::ToSql| -> Result<Option<TargetJob>> {
            Ok(self
                .conn
                .prepare_cached(sql)?
                .query_row([value], |r| Ok(TargetJob { code: Some(r.get(0)?), label: r.get(1)?, rome_code: r.get(2)? }))
                .optional()?)
        };
        let upper = text.trim().to_uppercase();
        let is_rome = upper.len() == 5
            && upper.as_bytes()[0].is_ascii_uppercase()
            && upper.as_bytes()[1..].iter().all(u8::is_ascii_digit);
        let escaped = key.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        let found = if is_rome {
            one(
                "SELECT t.code, t.label, t.rome_code FROM job_titles t LEFT JOIN rome_jobs j ON j.code = t.rome_code \
                 WHERE t.rome_code = ?1 ORDER BY t.label = j.label DESC, length(t.label), t.code LIMIT 1",
                &upper,
            )?
            .map(|job| (job, false))
        } else if let Ok(code) = key.parse::<i64>() {
            one("SELECT code, label, rome_code FROM job_titles WHERE code = ?1", &code)?.map(|job| (job, true))
        } else if let Some(job) = one("SELECT code, label, rome_code FROM job_titles WHERE folded = ?1", &key)? {
            Some((job, true))
        } else if let Some(job) = one(
            "SELECT code, label, rome_code FROM job_titles WHERE folded LIKE ?1 || ' /%' ESCAPE '\\' \
             OR folded LIKE '%/ ' || ?1 ESCAPE '\\' ORDER BY length(label), code LIMIT 1",
            &escaped,
        )? {
            Some((job, true))
        } else {
            self.job_by_words(&key)?
        };
        self.jobs.insert(key, found.clone());
        Ok(found)
    }

    /// A job title holding every typed word ("électricien du bâtiment" is "Électricien /
    /// Électricienne du bâtiment"), the shortest; approached when a word is only a prefix.
    fn job_by_words(&self, key: &str) -> Result<Option<(TargetJob, bool)>> {
        let words = crate::text::words(key);
        let Some(longest) = words.iter().max_by_key(|w| w.len()).filter(|w| w.len() >= 4) else { return Ok(None) };
        let mut statement = self.conn.prepare_cached(
            "SELECT code, label, rome_code, folded FROM job_titles WHERE folded LIKE ?1 ESCAPE '\\' \
             ORDER BY length(label), code LIMIT 200",
        )?;
        let rows: Vec<(TargetJob, String)> = statement
            .query_map([crate::text::contains_pattern(longest)], |r| {
                Ok((TargetJob { code: Some(r.get(0)?), label: r.get(1)?, rome_code: r.get(2)? }, r.get(3)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let whole = |label: &str| {
            let label_words = crate::text::words(label);
            words.iter().all(|w| label_words.contains(w))
        };
        let prefixed = |label: &str| {
            let label_words = crate::text::words(label);
            words.iter().all(|w| label_words.iter().any(|l| l.starts_with(w.as_str())))
        };
        if let Some((job, _)) = rows.iter().find(|(_, folded)| whole(folded)) {
            return Ok(Some((job.clone(), true)));
        }
        Ok(rows.into_iter().find(|(_, folded)| prefixed(folded)).map(|(job, _)| (job, false)))
    }
}
