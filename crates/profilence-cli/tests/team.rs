//! `profilence-cli team` against the throwaway PostgreSQL server of the tests
//! (`PROFILENCE_TEST_POSTGRES`, its admin URL, and `PROFILENCE_TEST_POSTGRES_CA`: `make
//! test`, or `make postgres-up` and source what it prints). Each test works on a database
//! of its own, and names its accounts with the process id: roles are the whole server's.

use std::{
    path::{Path, PathBuf},
    sync::atomic::{AtomicU32, Ordering},
};

use assert_cmd::Command;
use profilence_core::{Database, referentials, store::postgres::TeamServer};

const COUNSELLOR_PASSWORD: &str = "kouign-amann-2026";

/// The test server as its administrator reaches it, and a database name of this test's.
struct Server {
    user: String,
    password: String,
    host_port: String,
    ca: Option<PathBuf>,
    database: String,
}

fn unique(prefix: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    format!("{prefix}_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed))
}

/// `postgres://USER:PASSWORD@HOST:PORT/postgres`, as `scripts/postgres-test-server.sh` writes it.
fn server() -> Server {
    let url = std::env::var("PROFILENCE_TEST_POSTGRES").expect(
        "PROFILENCE_TEST_POSTGRES, the test server's admin URL: run the tests through `make test`, or \
         `make postgres-up` and source what it prints",
    );
    let rest = url.strip_prefix("postgres://").expect("PROFILENCE_TEST_POSTGRES is a postgres:// URL");
    let (credentials, address) = rest.rsplit_once('@').expect("the admin URL names its account");
    let (user, password) = credentials.split_once(':').expect("the admin URL has a password");
    let host_port = address.split_once('/').map_or(address, |(host_port, _)| host_port);
    Server {
        user: user.to_owned(),
        password: password.to_owned(),
        host_port: host_port.to_owned(),
        ca: std::env::var_os("PROFILENCE_TEST_POSTGRES_CA").map(Into::into),
        database: unique("cli_team"),
    }
}

impl Server {
    /// `profilence-cli team ACTION … --server URL [--ca FILE]`, the admin's password in the
    /// environment.
    fn team(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("profilence-cli").unwrap();
        cmd.arg("team").args(args);
        cmd.arg("--server").arg(format!("postgres://{}@{}/{}", self.user, self.host_port, self.database));
        if let Some(ca) = &self.ca {
            cmd.arg("--ca").arg(ca);
        }
        cmd.env("PROFILENCE_TEAM_PASSWORD", &self.password).env_remove("PROFILENCE_COUNSELLOR_PASSWORD");
        cmd
    }

    /// What `cmd` printed, once it succeeded; no password in it.
    fn stdout(&self, cmd: &mut Command) -> String {
        let output = cmd.output().unwrap();
        let (stdout, stderr) = (String::from_utf8(output.stdout).unwrap(), String::from_utf8_lossy(&output.stderr));
        assert!(output.status.success(), "{stdout}{stderr}");
        assert!(!stdout.contains(&self.password) && !stdout.contains(COUNSELLOR_PASSWORD), "{stdout}");
        stdout
    }

    /// What `cmd` said on failing; no password in it.
    fn stderr(&self, cmd: &mut Command) -> String {
        let output = cmd.output().unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(!output.status.success(), "it should have failed: {stderr}");
        assert!(!stderr.contains(&self.password) && !stderr.contains(COUNSELLOR_PASSWORD), "{stderr}");
        stderr
    }

    /// The team's database as `account` signs in to it, over TLS as the app does.
    fn connect(&self, account: &str, password: &str) -> profilence_core::Result<Database> {
        let (host, port) = self.host_port.rsplit_once(':').unwrap();
        let server = TeamServer {
            host: host.to_owned(),
            port: port.parse().unwrap(),
            database: self.database.clone(),
            user: account.to_owned(),
            ca_certificate: self.ca.clone(),
        };
        Database::connect_team(&server, password)
    }

    fn init_with_an_agency(&self) {
        self.stdout(&mut self.team(&["init"]));
        self.stdout(&mut self.team(&["agency", "Agence de Rennes", "--territory", "Bretagne"]));
    }
}

/// A counsellor's account of this test: roles are the server's, shared by every database.
fn account(name: &str) -> String {
    unique(name).replace('_', "-")
}

/// A referential folder of the NAF alone: the real referentials take some 20 s to load.
fn small_referentials(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir.join("naf")).unwrap();
    std::fs::write(
        dir.join("naf").join("naf.json"),
        r#"[{"id":"10","label":"Industries alimentaires"},{"id":"10.71","label":"Fabrication de pain et de pâtisserie fraîche"},{"id":"10.71C","label":"Boulangerie et boulangerie-pâtisserie"},{"id":"10.71D","label":"Pâtisserie"}]"#,
    )
    .unwrap();
    dir.to_owned()
}

fn journal_entries(db: &Database) -> i64 {
    db.read(|c| Ok(c.query_row("SELECT count(*) FROM journal", [], |r| r.get(0))?)).unwrap()
}

#[test]
fn init_twice_then_an_agency_and_a_counsellor_who_signs_in() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    let data = small_referentials(&dir.path().join("data"));

    let first = s.stdout(&mut s.team(&["init", "--data", data.to_str().unwrap()]));
    let latest = profilence_core::store::postgres::latest_version();
    assert!(first.contains(&format!("/{}: schema version {latest} (latest {latest})", s.database)), "{first}");
    assert!(first.contains("loaded naf") && first.contains("(2 items"), "{first}");

    // Again, without --data: the schema's version said, the referentials kept, nothing
    // written (the journal would have a new entry).
    let admin = s.connect(&s.user, &s.password).unwrap();
    let entries = journal_entries(&admin);
    let second = s.stdout(&mut s.team(&["init"]));
    assert!(second.contains(&format!("schema version {latest} (latest {latest})")), "{second}");
    assert!(second.contains("kept   naf") && !second.contains("loaded"), "{second}");
    assert_eq!(journal_entries(&admin), entries);

    let agency = s.stdout(&mut s.team(&["agency", "Agence de Rennes", "--territory", "Bretagne"]));
    assert!(agency.starts_with("agency Agence de Rennes (Bretagne): number "), "{agency}");
    s.stdout(&mut s.team(&["agency", "Agence de Brest"]));

    let claire = account("claire");
    let added = s.stdout(
        s.team(&["add-counsellor", &claire, "--agency", "Agence de Rennes"])
            .env("PROFILENCE_COUNSELLOR_PASSWORD", COUNSELLOR_PASSWORD),
    );
    assert!(
        added.contains(&format!("counsellor {claire} of Agence de Rennes signs in to postgres://{claire}@")),
        "{added}"
    );

    let status: serde_json::Value = serde_json::from_str(&s.stdout(&mut s.team(&["status", "--json"]))).unwrap();
    assert_eq!(status["schemaVersion"], latest);
    assert_eq!(status["latestVersion"], latest);
    assert!(status["server"].as_str().unwrap().ends_with(&format!("/{}", s.database)), "{status}");
    let agencies = status["agencies"].as_array().unwrap();
    assert_eq!(agencies.len(), 2, "{status}");
    assert_eq!(
        agencies[1],
        serde_json::json!({"name": "Agence de Rennes", "territory": "Bretagne", "counsellors": [claire], "candidates": 0})
    );
    assert_eq!(agencies[0]["counsellors"], serde_json::json!([]));

    let text = s.stdout(&mut s.team(&["status"]));
    assert!(text.contains("Agence de Rennes — Bretagne") && text.contains(&format!("counsellors: {claire}")), "{text}");
    assert!(text.contains("agencies: 2") && text.contains("counsellors: none yet"), "{text}");

    // Claire signs in with her own account: she is herself, at Rennes, with the
    // referentials init loaded.
    let db = s.connect(&claire, COUNSELLOR_PASSWORD).unwrap();
    let (me, at): (String, String) = db
        .read(|c| {
            Ok(c.query_row(
                "SELECT session_user::text, (SELECT name FROM agencies WHERE id = profilence_agency())",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap();
    assert_eq!((me.as_str(), at.as_str()), (claire.as_str(), "Agence de Rennes"));
    let kinds: Vec<String> = db.read(referentials::versions).unwrap().into_iter().map(|v| v.kind).collect();
    assert_eq!(kinds, ["naf"]);
    // With another password, she does not.
    assert!(s.connect(&claire, "pas-le-bon-mot-de-passe").is_err());
}

#[test]
fn a_missing_password_is_refused_before_anything_is_done() {
    let s = server();
    let stderr = s.stderr(s.team(&["status"]).env_remove("PROFILENCE_TEAM_PASSWORD"));
    assert!(stderr.contains("PROFILENCE_TEAM_PASSWORD is not set"), "{stderr}");
    let stderr = s.stderr(s.team(&["init"]).env("PROFILENCE_TEAM_PASSWORD", ""));
    assert!(stderr.contains("PROFILENCE_TEAM_PASSWORD is not set"), "{stderr}");
    let stderr = s.stderr(&mut s.team(&["add-counsellor", "lea", "--agency", "Agence de Rennes"]));
    assert!(stderr.contains("PROFILENCE_COUNSELLOR_PASSWORD is not set"), "{stderr}");
    // Nothing was created: the database is not there.
    assert!(s.connect(&s.user, &s.password).is_err());
}

#[test]
fn a_password_in_the_url_is_refused_without_being_repeated() {
    let s = server();
    let mut cmd = Command::cargo_bin("profilence-cli").unwrap();
    cmd.args(["team", "status", "--server"])
        .arg(format!("postgres://{}:{}@{}/{}", s.user, s.password, s.host_port, s.database));
    let stderr = s.stderr(&mut cmd);
    assert!(stderr.contains("must not hold a password"), "{stderr}");
}

#[test]
fn a_bad_account_or_agency_gets_the_cores_message() {
    let s = server();
    s.init_with_an_agency();
    let add = |account: &str, agency: &str, password: &str| {
        s.stderr(
            s.team(&["add-counsellor", account, "--agency", agency]).env("PROFILENCE_COUNSELLOR_PASSWORD", password),
        )
    };
    let stderr = add("Claire Morel", "Agence de Rennes", COUNSELLOR_PASSWORD);
    assert!(stderr.contains("« Claire Morel » ne peut pas être un compte"), "{stderr}");
    let stderr = add(&account("lea"), "Agence de Lorient", COUNSELLOR_PASSWORD);
    assert!(stderr.contains("L'agence « Agence de Lorient » n'existe pas"), "{stderr}");
    let stderr = add(&account("lea"), "Agence de Rennes", "court");
    assert!(stderr.contains("au moins 12 caractères"), "{stderr}");
    let stderr = s.stderr(&mut s.team(&["agency", "  "]));
    assert!(stderr.contains("Le nom de l'agence est obligatoire"), "{stderr}");

    let status: serde_json::Value = serde_json::from_str(&s.stdout(&mut s.team(&["status", "--json"]))).unwrap();
    assert_eq!(status["agencies"][0]["counsellors"], serde_json::json!([]));
}

#[test]
fn a_wrong_admin_password_names_the_server_not_the_password() {
    let s = server();
    s.init_with_an_agency();
    let stderr = s.stderr(s.team(&["status"]).env("PROFILENCE_TEAM_PASSWORD", "pas-le-bon-mot-de-passe"));
    assert!(stderr.contains("Connexion au serveur de l'équipe impossible") && stderr.contains(&s.database), "{stderr}");
    assert!(!stderr.contains("pas-le-bon-mot-de-passe"), "{stderr}");
}
