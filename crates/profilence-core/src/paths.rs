//! Where Profilence keeps its files by default.

use std::path::PathBuf;

/// The application identifier, shared with `tauri.conf.json` so that the app and the CLI
/// find the same database.
pub const APP_IDENTIFIER: &str = "fr.profilence.app";
pub const DATABASE_FILE: &str = "profilence.db";

/// The OS's per-user application data folder (`~/.local/share/fr.profilence.app`,
/// `%APPDATA%\fr.profilence.app`, `~/Library/Application Support/fr.profilence.app`).
pub fn default_data_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|dir| dir.join(APP_IDENTIFIER))
}

pub fn default_database_path() -> Option<PathBuf> {
    default_data_dir().map(|dir| dir.join(DATABASE_FILE))
}

/// Creates `folder` (and its parents) readable by the user only: 0700 on Unix, also when
/// it already existed. On Windows, the folders Profilence writes to (the per-user
/// `%LOCALAPPDATA%` cache) are private to the user by their default ACL.
pub fn private_folder(folder: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(folder)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Writes `bytes` to `path` readable by the user only (0600 on Unix, set at creation, so
/// the file is never readable by others even for a moment), in a private folder.
pub fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(folder) = path.parent() {
        private_folder(folder)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        // A file already there keeps its mode through `open`: narrowed first.
        if path.exists() {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
        }
    }
    options.open(path)?.write_all(bytes)
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn private_files_and_folders_are_the_users_only() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("apercus");
        let file = folder.join("fiche-12.pdf");
        write_private(&file, b"%PDF").unwrap();
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&folder), 0o700);
        assert_eq!(mode(&file), 0o600);
        // A file left readable by others is narrowed when written again.
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_private(&file, b"%PDF-1.7").unwrap();
        assert_eq!(mode(&file), 0o600);
        assert_eq!(std::fs::read(&file).unwrap(), b"%PDF-1.7");
    }
}
