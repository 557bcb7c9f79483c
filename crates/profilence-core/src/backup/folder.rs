//! The backups of a folder, newest first, as their names and the facts beside them say
//! (nothing is decrypted: listing needs no code).

use std::{fs, path::Path};

use chrono::NaiveDateTime;
use serde::Serialize;
use ts_rs::TS;

use super::{BackupFacts, parse_name, read};
use crate::{Error, Result, error::BackupError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "BackupEntry")]
pub struct Entry {
    /// The file name (no folder).
    pub file: String,
    /// When it was made (local time), from its name.
    pub made: NaiveDateTime,
    /// The id of the code it needs, from its name.
    pub code_id: String,
    #[ts(type = "number")]
    pub size: u64,
    /// The facts beside it, when they are there.
    pub facts: Option<BackupFacts>,
}

/// The app's backups in `folder`, newest first; a missing folder is said.
pub fn list(folder: &Path) -> Result<Vec<Entry>> {
    if !folder.is_dir() {
        return Err(BackupError::FolderMissing { folder: folder.display().to_string() }.into());
    }
    let mut entries = Vec::new();
    for item in fs::read_dir(folder).map_err(|e| Error::io(folder, e))? {
        let item = item.map_err(|e| Error::io(folder, e))?;
        let file = item.file_name().to_string_lossy().into_owned();
        let Some((made, code_id)) = parse_name(&file) else { continue };
        let metadata = item.metadata().map_err(|e| Error::io(&item.path(), e))?;
        if !metadata.is_file() {
            continue;
        }
        let facts = read::sidecar(&item.path());
        entries.push(Entry { file, made, code_id, size: metadata.len(), facts });
    }
    entries.sort_by(|a, b| b.made.cmp(&a.made).then_with(|| b.file.cmp(&a.file)));
    Ok(entries)
}
