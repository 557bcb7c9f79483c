//! What the app holds while it runs: the open database, or why it could not be opened. A
//! desktop that joined a team (Paramètres → Équipe) opens the team's database on its server
//! instead of its own file, which stays as it was.

use std::{
    path::PathBuf,
    sync::{Arc, Mutex, MutexGuard},
    time::{Duration, Instant},
};

use profilence_core::{
    Database,
    backup::CodeStore,
    clock::Clock,
    keys::KeySource,
    team::membership::{self, Membership, PasswordStore},
};

use crate::error::AppError;

type Opened = Result<Arc<Database>, AppError>;

pub struct AppState {
    pub database_path: PathBuf,
    /// The time every date rule runs at: the system's, or `--clock FILE` for tests (debug
    /// builds only).
    pub clock: Clock,
    keys: KeySource,
    /// The open database, or why it could not be opened; shared with `retry`'s task.
    database: Arc<Mutex<Opened>>,
    /// The team the desktop joined, read from its file when it is opened.
    team: Arc<Mutex<Option<Membership>>>,
}

impl AppState {
    /// Opens the database with its key from the OS keychain; a failure is kept and shown
    /// by the UI rather than ending the app.
    pub fn open(database_path: PathBuf, clock: Clock) -> Self {
        Self::open_with(database_path, clock, KeySource::Keychain)
    }

    fn open_with(database_path: PathBuf, clock: Clock, keys: KeySource) -> Self {
        let team = Arc::new(Mutex::new(None));
        let database = Arc::new(Mutex::new(open(&database_path, &keys, &team)));
        Self { database_path, clock, keys, database, team }
    }

    /// The team this desktop joined, if it did (even when its server could not be reached).
    pub fn team(&self) -> Option<Membership> {
        lock(&self.team).clone()
    }

    /// The desktop's own database file, opened beside whatever the app works on.
    pub fn desktop(&self) -> profilence_core::Result<Database> {
        Database::open(&self.database_path, &self.keys)
    }

    pub fn database(&self) -> Opened {
        lock(&self.database).clone()
    }

    /// Where the recovery code of the backups is kept: beside the database key.
    pub fn code_store(&self) -> CodeStore {
        CodeStore::beside(&self.keys)
    }

    pub fn keys(&self) -> &KeySource {
        &self.keys
    }

    /// What the daily threads hold: the database of the moment, read at each of their
    /// turns, so that a restore can close it.
    pub fn handle(&self) -> DatabaseHandle {
        DatabaseHandle(Arc::clone(&self.database))
    }

    /// Closes the database (waiting for the work under way on it, up to `CLOSE_WAIT`), runs
    /// `swap` on its files, and opens it again — the restored one, or the former one if
    /// `swap` failed. Commands arriving meanwhile are told to wait.
    pub fn replace<T>(&self, swap: impl FnOnce() -> profilence_core::Result<T>) -> Result<T, AppError> {
        let busy = || AppError::Database {
            message: "La base est en cours de remplacement (restauration d'une sauvegarde, passage en équipe) : \
                      réessayez dans un instant."
                .into(),
        };
        let former = std::mem::replace(&mut *lock(&self.database), Err(busy()));
        if let Ok(db) = former
            && let Err(db) = wait_alone(db)
        {
            *lock(&self.database) = Ok(db);
            return Err(AppError::Database {
                message: "Une opération est en cours sur la base (import, envoi, export…) : attendez qu'elle soit \
                              finie, puis réessayez."
                    .into(),
            });
        }
        let swapped = swap().map_err(AppError::from);
        *lock(&self.database) = open(&self.database_path, &self.keys, &self.team);
        swapped
    }

    pub fn startup_error(&self) -> Option<AppError> {
        lock(&self.database).as_ref().err().cloned()
    }

    /// The work of opening the database again if it could not be opened (the keychain still
    /// locked at login, another program holding it…), to run off the UI thread; an open
    /// database is kept as it is. Returns the database newly opened, if this attempt did.
    pub fn retry(&self) -> impl FnOnce() -> Option<Arc<Database>> + Send + 'static {
        let (slot, path, keys) = (Arc::clone(&self.database), self.database_path.clone(), self.keys.clone());
        let team = Arc::clone(&self.team);
        move || {
            if lock(&slot).is_ok() {
                return None;
            }
            // Opened outside the lock: the keychain may take its time (an unlock prompt).
            let opened = open(&path, &keys, &team);
            let mut current = lock(&slot);
            if current.is_ok() {
                return None;
            }
            *current = opened;
            current.as_ref().ok().cloned()
        }
    }
}

/// The desktop's database, or the team's when the desktop joined one (`team` says which).
fn open(path: &std::path::Path, keys: &KeySource, team: &Mutex<Option<Membership>>) -> Opened {
    let desktop = Database::open(path, keys).map_err(AppError::from)?;
    let joined = membership::get(&desktop).map_err(AppError::from)?;
    *lock(team) = joined.clone();
    let db = match joined {
        None => desktop,
        Some(joined) => {
            drop(desktop);
            connect(&joined, keys)?
        }
    };
    // A long "no answer" pass is the thread's (`unanswered`), never a view's wait.
    db.defer_passes_over(crate::unanswered::inline());
    Ok(Arc::new(db))
}

/// The team's database, signed in with the account's password from the keychain.
fn connect(joined: &Membership, keys: &KeySource) -> Result<Database, AppError> {
    let server = joined.server();
    let store = PasswordStore::beside(keys);
    let password = store.load(&server).map_err(AppError::from)?.ok_or_else(|| AppError::Team {
        message: format!(
            "Le mot de passe du compte {} n'est plus dans le trousseau du système : rejoignez l'équipe à nouveau \
             (Paramètres → Équipe), ou travaillez sur la base de ce poste.",
            server.user
        ),
    })?;
    Database::connect_team(&server, &password).map_err(AppError::from)
}

/// How long a restore waits for the work under way on the database to end.
const CLOSE_WAIT: Duration = Duration::from_secs(30);

/// Drops `db` once no one else holds it (its connections close with it), or gives it back
/// if others still do after `CLOSE_WAIT`.
fn wait_alone(mut db: Arc<Database>) -> Result<(), Arc<Database>> {
    let started = Instant::now();
    loop {
        match Arc::try_unwrap(db) {
            Ok(alone) => {
                drop(alone);
                return Ok(());
            }
            Err(shared) if started.elapsed() >= CLOSE_WAIT => return Err(shared),
            Err(shared) => {
                db = shared;
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }
}

/// The database of the moment, for a thread that outlives a restore.
#[derive(Clone)]
pub struct DatabaseHandle(Arc<Mutex<Opened>>);

impl DatabaseHandle {
    /// The open database, if it is open; hold it for one turn of work only.
    pub fn get(&self) -> Option<Arc<Database>> {
        lock(&self.0).as_ref().ok().cloned()
    }
}

fn lock<T>(slot: &Mutex<T>) -> MutexGuard<'_, T> {
    // Only whole values are stored: a panic elsewhere cannot leave one half-written.
    slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs `f` on the database off the UI thread (rusqlite blocks).
pub async fn with_db<T, F>(state: &AppState, f: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&Database) -> profilence_core::Result<T> + Send + 'static,
{
    let db = state.database()?;
    tauri::async_runtime::spawn_blocking(move || f(&db)).await.map_err(AppError::internal)?.map_err(AppError::from)
}

/// The value of `--name VALUE` or `--name=VALUE` on the command line. The app's switches
/// (`--db`, `--clock`, `--demo-seed`, `--no-answer-inline`) are for the end-to-end tests:
/// a release build reads none of them, so nobody can point the app at another database or
/// move its clock.
#[cfg(debug_assertions)]
pub(crate) fn argument(name: &str) -> Result<Option<String>, AppError> {
    let mut args = std::env::args().skip(1);
    let prefix = format!("{name}=");
    while let Some(arg) = args.next() {
        if arg == name {
            return args
                .next()
                .map(Some)
                .ok_or_else(|| AppError::Internal { message: format!("{name} attend un chemin.") });
        }
        if let Some(value) = arg.strip_prefix(&prefix) {
            return Ok(Some(value.to_owned()));
        }
    }
    Ok(None)
}

/// A release build takes no switch.
#[cfg(not(debug_assertions))]
pub(crate) fn argument(_name: &str) -> Result<Option<String>, AppError> {
    Ok(None)
}

/// The database path: `--db PATH` on the command line (debug builds), else the app data
/// folder.
pub fn database_path(app_data_dir: Option<PathBuf>) -> Result<PathBuf, AppError> {
    if let Some(path) = argument("--db")? {
        return Ok(PathBuf::from(path));
    }
    app_data_dir
        .map(|dir| dir.join(profilence_core::paths::DATABASE_FILE))
        .ok_or_else(|| AppError::Internal { message: "Dossier de données de l'application introuvable.".into() })
}

/// `--clock FILE` (debug builds): the app's time is read from that file (end-to-end tests
/// move it).
pub fn clock() -> Result<Clock, AppError> {
    Ok(argument("--clock")?.map_or(Clock::System, |path| Clock::File(PathBuf::from(path))))
}

#[cfg(test)]
mod tests {
    use profilence_core::{clock::Clock, keys::KeySource};

    use super::AppState;
    use crate::error::AppError;

    /// A database whose key cannot be had at start (here: its key file is missing, as the
    /// keychain is when still locked) opens on retry once the key is back, without a restart.
    #[test]
    fn a_database_that_could_not_be_opened_opens_on_retry() -> Result<(), Box<dyn std::error::Error>> {
        let dir = std::env::temp_dir().join(format!("profilence-retry-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let path = dir.join("profilence.db");
        let key_file = dir.join("key");
        drop(profilence_core::Database::open(&path, &KeySource::KeyFile(key_file.clone()))?);
        let saved = std::fs::read(&key_file)?;
        std::fs::remove_file(&key_file)?;

        let state = AppState::open_with(path, Clock::System, KeySource::KeyFile(key_file.clone()));
        assert!(matches!(state.startup_error(), Some(AppError::Keychain { .. })));
        assert!(state.retry()().is_none(), "still no key: still not open");
        assert!(state.startup_error().is_some());

        std::fs::write(&key_file, saved)?;
        assert!(state.retry()().is_some());
        assert!(state.startup_error().is_none());
        assert!(state.database().is_ok());
        assert!(state.retry()().is_none(), "an open database is kept, not opened again");
        drop(state);
        std::fs::remove_dir_all(&dir)?;
        Ok(())
    }

    /// A restore's swap runs with the database closed (no one holds it any more), then the
    /// file in place is opened; the daily threads' handle sees the new one.
    #[test]
    fn replace_closes_the_database_swaps_and_opens_the_new_one() -> Result<(), Box<dyn std::error::Error>> {
        let dir = std::env::temp_dir().join(format!("profilence-replace-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let path = dir.join("profilence.db");
        let state = AppState::open_with(path.clone(), Clock::System, KeySource::KeyFile(dir.join("key")));
        let handle = state.handle();
        let former = std::sync::Arc::downgrade(&state.database()?);
        let aside = dir.join("aside.db");
        state.replace(|| {
            assert!(former.upgrade().is_none(), "the database is closed during the swap");
            assert!(handle.get().is_none(), "the threads get no database meanwhile");
            std::fs::rename(&path, &aside).map_err(|e| profilence_core::Error::io(&path, e))
        })?;
        assert!(aside.is_file() && path.is_file(), "a new database was opened in place");
        let now = handle.get().ok_or("no database after the swap")?;
        assert!(former.upgrade().is_none_or(|f| !std::sync::Arc::ptr_eq(&f, &now)));
        drop(now);
        // A swap that fails still leaves a database open, and says why.
        let failed = state.replace(|| Err::<(), _>(profilence_core::Error::Invariant("x".into())));
        assert!(matches!(failed, Err(AppError::Internal { .. })), "{failed:?}");
        assert!(state.database().is_ok());
        drop((state, handle));
        std::fs::remove_dir_all(&dir)?;
        Ok(())
    }

    /// The app (Tauri's app_data_dir, from the identifier) and the CLI (the core's
    /// constant) must find the same database.
    #[test]
    fn the_app_identifier_is_the_cores() -> Result<(), serde_json::Error> {
        let config: serde_json::Value = serde_json::from_str(include_str!("../../tauri.conf.json"))?;
        assert_eq!(config["identifier"], profilence_core::paths::APP_IDENTIFIER);
        Ok(())
    }
}
