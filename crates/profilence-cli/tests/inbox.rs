//! Reading the inbox against a real IMAP server: Dovecot from Debian's packages, started on
//! loopback by the test (`tests/e2e/imap_server.py`, which the end-to-end suite uses too),
//! over TLS and STARTTLS with a certificate the test makes and trusts through OpenSSL's
//! SSL_CERT_FILE. A one-click answer and a plain reply to a promotion are kept, a
//! newsletter left alone, nothing marked read on the server; reading again records nothing
//! twice; a wrong password and an untrusted certificate are said in French.

use std::{
    io::{BufRead, BufReader},
    path::{Path, PathBuf},
    process::{Child, Command as Process, Stdio},
};

use assert_cmd::Command;
use profilence_core::{Database, keys::KeySource, mail::answers};

const USER: &str = "claire.morel";
const PASSWORD: &str = "Mot-de-passe-IMAP";

struct Dovecot {
    child: Child,
    starttls: u16,
    tls: u16,
    maildir: PathBuf,
    owner: (u32, u32),
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        // Its standard input closed: it stops Dovecot.
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

fn certificate(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    let (cert, key) = (dir.join(format!("{name}.pem")), dir.join(format!("{name}.key")));
    let status = Process::new("openssl")
        .args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost"])
        .args(["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stderr(Stdio::null())
        .status()
        .expect("openssl is needed");
    assert!(status.success());
    (cert, key)
}

fn free_port_pair() -> u16 {
    for _ in 0..50 {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        if port < 65000 && std::net::TcpListener::bind(("127.0.0.1", port + 1)).is_ok() {
            return port;
        }
    }
    panic!("no two free ports")
}

fn dovecot(cert: &Path, key: &Path) -> Dovecot {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/e2e/imap_server.py");
    let port = free_port_pair();
    let mut child = Process::new("python3")
        .arg(script)
        .args(["--port", &port.to_string(), "--user", USER, "--password", PASSWORD])
        .arg("--cert")
        .arg(cert)
        .arg("--key")
        .arg(key)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 and Dovecot (dovecot-imapd) are needed");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let words: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(words.first(), Some(&"ready"), "Dovecot did not start: {line}");
    Dovecot {
        child,
        starttls: words[1].parse().unwrap(),
        tls: words[2].parse().unwrap(),
        maildir: PathBuf::from(words[3]),
        owner: (words[4].parse().unwrap(), words[5].parse().unwrap()),
    }
}

impl Dovecot {
    fn deliver(&self, name: &str, message: &str) {
        let path = self.maildir.join("new").join(format!("{name}.profilence-test"));
        std::fs::write(&path, message).unwrap();
        std::os::unix::fs::chown(&path, Some(self.owner.0), Some(self.owner.1)).unwrap();
    }

    /// Every message file and its flags (`:2,S` is « read »).
    fn files(&self) -> Vec<String> {
        ["new", "cur"]
            .iter()
            .flat_map(|sub| std::fs::read_dir(self.maildir.join(sub)).unwrap())
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    }
}

struct Cli {
    dir: PathBuf,
    key: PathBuf,
    trusted: PathBuf,
}

impl Cli {
    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("profilence-cli").unwrap();
        cmd.arg("--db").arg(self.dir.join("p.db")).arg("--key-file").arg(&self.key).args(args);
        cmd.env("SSL_CERT_FILE", &self.trusted);
        cmd
    }

    fn ok(&self, args: &[&str]) -> String {
        let output = self.command(args).output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    }

    fn fails(&self, args: &[&str], cert: Option<&Path>) -> String {
        let mut cmd = self.command(args);
        if let Some(cert) = cert {
            cmd.env("SSL_CERT_FILE", cert);
        }
        let output = cmd.output().unwrap();
        assert!(!output.status.success(), "{args:?} should fail");
        String::from_utf8(output.stderr).unwrap()
    }
}

#[test]
fn replies_are_read_from_a_real_imap_server_and_kept_once() {
    let dir = tempfile::tempdir().unwrap();
    let (trusted, trusted_key) = certificate(dir.path(), "trusted");
    let (untrusted, _) = certificate(dir.path(), "untrusted");
    let server = dovecot(&trusted, &trusted_key);
    let cli = Cli { dir: dir.path().to_owned(), key: dir.path().join("p.key"), trusted };
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    cli.ok(&[
        "demo",
        "--candidates",
        "12",
        "--companies",
        "4",
        "--promotions",
        "10",
        "--data-dir",
        data.to_str().unwrap(),
    ]);

    // A promotion e-mailed: its reference and the Message-ID it went with.
    let (reference, message_id) = {
        let db = Database::open(&dir.path().join("p.db"), &KeySource::KeyFile(cli.key.clone())).unwrap();
        db.write(|tx| {
            let id: i64 = tx.query_row(
                "SELECT id FROM promotions WHERE status IN ('sent', 'reminded') ORDER BY id LIMIT 1",
                [],
                |r| r.get(0),
            )?;
            let reference = answers::reference(tx, id)?;
            tx.execute("UPDATE promotions SET message_id = 'envoi-1@agence.example' WHERE id = ?1", [id])?;
            Ok((reference, "envoi-1@agence.example".to_owned()))
        })
        .unwrap()
    };
    let password = dir.path().join("imap-password");
    std::fs::write(&password, format!("{PASSWORD}\n")).unwrap();
    let password = password.to_str().unwrap();
    let tls = server.tls.to_string();
    cli.ok(&[
        "inbox",
        "set",
        "--host",
        "localhost",
        "--port",
        &tls,
        "--security",
        "tls",
        "--username",
        USER,
        "--password-file",
        password,
    ]);

    server.deliver(
        "1",
        &format!(
            "From: Sophie Lambert <sophie.lambert@boulangerie-lambert.example>\r\nTo: claire.morel@agence.example\r\n\
             Subject: =?UTF-8?Q?R=C3=A9ponse_=5B{}=2FRENCONTRE=5D_Je_souhaite_rencontrer_cette_personne?=\r\n\
             Message-ID: <rep-1@boulangerie-lambert.example>\r\nDate: Tue, 24 Nov 2026 09:12:00 +0100\r\n\
             Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\
             Bonjour, je souhaite la rencontrer jeudi apr=C3=A8s-midi.\r\n",
            reference.replace('-', "=2D")
        ),
    );
    server.deliver(
        "2",
        &format!(
            "From: contact@fournil.example\r\nSubject: RE: Candidature\r\nIn-Reply-To: <{message_id}>\r\n\
             Message-ID: <rep-2@fournil.example>\r\nDate: Wed, 25 Nov 2026 10:00:00 +0100\r\n\r\nMerci, je regarde.\r\n"
        ),
    );
    server.deliver(
        "3",
        "From: info@cci.example\r\nSubject: Lettre d'information\r\nMessage-ID: <n-3@cci.example>\r\n\
         Date: Wed, 25 Nov 2026 11:00:00 +0100\r\n\r\nNouveautés.\r\n",
    );

    let reading: serde_json::Value =
        serde_json::from_str(&cli.ok(&["inbox", "check", "--password-file", password, "--json"])).unwrap();
    assert_eq!(reading, serde_json::json!({ "read": 3, "answers": 1, "replies": 1, "known": 0 }));
    let pending: serde_json::Value = serde_json::from_str(&cli.ok(&["inbox", "replies", "--json"])).unwrap();
    let pending = pending.as_array().unwrap();
    assert_eq!(pending.len(), 2);
    assert_eq!(pending[0]["proposed"], "interested");
    assert_eq!(pending[0]["words"], "Bonjour, je souhaite la rencontrer jeudi après-midi.");
    assert_eq!(pending[1]["proposed"], serde_json::Value::Null);
    // Read-only: three messages still there, none marked read.
    let files = server.files();
    assert_eq!(files.len(), 3, "{files:?}");
    assert!(files.iter().all(|f| !f.rsplit_once(":2,").is_some_and(|(_, flags)| flags.contains('S'))), "{files:?}");

    // Again: nothing new. Then from the start (another server name, same server): the
    // replies are known, nothing is recorded twice.
    let again: serde_json::Value =
        serde_json::from_str(&cli.ok(&["inbox", "check", "--password-file", password, "--json"])).unwrap();
    assert_eq!(again["read"], 0);
    cli.ok(&[
        "inbox",
        "set",
        "--host",
        "127.0.0.1",
        "--port",
        &tls,
        "--security",
        "tls",
        "--username",
        USER,
        "--password-file",
        password,
    ]);
    let from_start: serde_json::Value =
        serde_json::from_str(&cli.ok(&["inbox", "check", "--password-file", password, "--json"])).unwrap();
    assert_eq!(from_start, serde_json::json!({ "read": 3, "answers": 0, "replies": 0, "known": 2 }));
    let pending: serde_json::Value = serde_json::from_str(&cli.ok(&["inbox", "replies", "--json"])).unwrap();
    assert_eq!(pending.as_array().unwrap().len(), 2);

    // STARTTLS on the other port.
    let starttls = server.starttls.to_string();
    cli.ok(&[
        "inbox",
        "set",
        "--host",
        "localhost",
        "--port",
        &starttls,
        "--security",
        "starttls",
        "--username",
        USER,
        "--password-file",
        password,
    ]);
    let over_starttls: serde_json::Value =
        serde_json::from_str(&cli.ok(&["inbox", "check", "--password-file", password, "--json"])).unwrap();
    assert_eq!(over_starttls["known"], 2);

    // A wrong password, an untrusted certificate: said, nothing recorded.
    let wrong = dir.path().join("wrong");
    std::fs::write(&wrong, "pas-le-bon").unwrap();
    let refused = cli.fails(&["inbox", "check", "--password-file", wrong.to_str().unwrap()], None);
    assert!(refused.contains("refuse l'identifiant ou le mot de passe"), "{refused}");
    let untrusted = cli.fails(&["inbox", "check", "--password-file", password], Some(&untrusted));
    assert!(untrusted.contains("le certificat du serveur n'est pas reconnu par cet ordinateur"), "{untrusted}");
}
