//! `profilence-cli inbox`: the inbox the employers' replies are read from — its settings,
//! a reading, and the replies waiting for the counsellor. The password is read from
//! --password-file FILE (never from the command line), else from the OS keychain.

use std::path::PathBuf;

use clap::Subcommand;
use profilence_core::{
    Database,
    mail::{
        inbox::{self, InboxSecurity, InboxSettingsInput},
        password::{InboxKeychain, Memory, PasswordStore},
        received,
    },
};

#[derive(Subcommand)]
pub enum InboxAction {
    /// Set the IMAP server (TLS or STARTTLS only); an empty --host turns the reading off.
    Set {
        #[arg(long)]
        host: String,
        #[arg(long, default_value_t = 993)]
        port: u32,
        /// tls (usually 993) or starttls (usually 143).
        #[arg(long, default_value = "tls")]
        security: String,
        #[arg(long)]
        username: String,
        /// The password, read from FILE, for this command only (the keychain is left alone).
        #[arg(long, value_name = "FILE")]
        password_file: Option<PathBuf>,
    },
    /// Read the new messages once (read-only: nothing moved, flagged or marked read) and
    /// keep the replies to promotions.
    Check {
        /// The password, read from FILE, instead of the OS keychain's.
        #[arg(long, value_name = "FILE")]
        password_file: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// The replies waiting for the counsellor: answers to confirm, words to read.
    Replies {
        #[arg(long)]
        json: bool,
    },
}

fn password(file: Option<&PathBuf>) -> Result<Box<dyn PasswordStore>, Box<dyn std::error::Error>> {
    Ok(match file {
        Some(file) => {
            let memory = Memory::default();
            let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
            memory.set(text.trim_end_matches(['\r', '\n']))?;
            Box::new(memory)
        }
        None => Box::new(InboxKeychain),
    })
}

pub fn run(db: &Database, action: InboxAction) -> Result<(), Box<dyn std::error::Error>> {
    let now = chrono::Local::now();
    match action {
        InboxAction::Set { host, port, security, username, password_file } => {
            let security = match security.as_str() {
                "tls" => InboxSecurity::Tls,
                "starttls" => InboxSecurity::StartTls,
                other => return Err(format!("--security: tls or starttls, not {other}").into()),
            };
            let store = password(password_file.as_ref())?;
            let input = InboxSettingsInput { host, port, security, username, password: None };
            let saved = db.write(|tx| inbox::update_settings(tx, &input, store.as_ref()))?;
            println!("inbox: {}:{} ({:?}), account {}", saved.host, saved.port, saved.security, saved.username);
        }
        InboxAction::Check { password_file, json } => {
            let store = password(password_file.as_ref())?;
            let reading = inbox::check(db, store.as_ref(), now)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&reading)?);
            } else {
                println!(
                    "{} messages read: {} answers to confirm, {} replies to read, {} read before",
                    reading.read, reading.answers, reading.replies, reading.known
                );
            }
        }
        InboxAction::Replies { json } => {
            let pending = db.read(received::pending)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&pending)?);
            } else {
                for reply in &pending {
                    let what = reply.answer_label.as_deref().unwrap_or("réponse libre");
                    println!(
                        "{:>5}  {}  {}  {what}",
                        reply.id,
                        &reply.received_at[..10.min(reply.received_at.len())],
                        reply.label
                    );
                }
                println!("{} replies waiting", pending.len());
            }
        }
    }
    Ok(())
}
