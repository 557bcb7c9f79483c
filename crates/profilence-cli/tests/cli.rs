//! The CLI end to end, on temporary databases.

use assert_cmd::Command;

fn cli(dir: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("profilence-cli").unwrap();
    cmd.arg("--db").arg(dir.join("p.db"));
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let output = cmd.output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn demo_then_info_and_lists_with_a_key_file() {
    let dir = tempfile::tempdir().unwrap();
    let (key, out) = demo_db(dir.path(), (12, 4, 10));
    // Some draws fall outside a candidate's consent and are skipped: at most 10.
    let promoted: u32 = out.split(" promotions").next().and_then(|s| s.rsplit(' ').next()).unwrap().parse().unwrap();
    assert!(out.contains("added 12 candidates, 4 companies and ") && (1..=10).contains(&promoted), "{out}");

    let info = stdout(cli(dir.path()).arg("--key-file").arg(&key).arg("info"));
    assert!(info.contains("candidates: 12") && info.contains("companies:  4"), "{info}");

    let json = stdout(cli(dir.path()).arg("--key-file").arg(&key).args(["companies", "list", "--json"]));
    let page: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(page["total"], 4);
    assert_eq!(page["items"][0]["siret"].as_str().unwrap().len(), 14);
}

#[test]
fn referentials_import_reports_versions_and_refuses_an_incomplete_folder() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("p.key");
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    let out = stdout(cli(dir.path()).arg("--key-file").arg(&key).args(["referentials", "import"]).arg(&data));
    assert!(out.contains("ROME 4.0 version 60") && out.contains("13120 items, version 460"), "{out}");

    // A ROME folder without its job titles file is refused, naming it; v460 stays.
    let broken = dir.path().join("rome-v461");
    std::fs::create_dir(&broken).unwrap();
    for entry in std::fs::read_dir(data.join("rome4")).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().replace("_v460_", "_v461_");
        if !name.contains("appellation") {
            std::fs::copy(entry.path(), broken.join(name)).unwrap();
        }
    }
    let output =
        cli(dir.path()).arg("--key-file").arg(&key).args(["referentials", "import"]).arg(&broken).output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unix_referentiel_appellation_v461_utf8.csv"), "{stderr}");
    let status = stdout(cli(dir.path()).arg("--key-file").arg(&key).args(["referentials", "status"]));
    assert!(status.contains("rome") && status.contains("13120 items"), "{status}");
}

#[test]
fn without_a_keychain_or_key_file_nothing_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let output = cli(dir.path())
        .arg("info")
        // No D-Bus session: the Secret Service cannot be reached.
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/profilence-test-bus")
        .env_remove("DISPLAY")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("trousseau") && stderr.contains("--key-file"), "{stderr}");
    assert!(!dir.path().join("p.db").exists(), "no database without a key");
}

#[test]
fn an_existing_database_refuses_a_new_key_file() {
    let dir = tempfile::tempdir().unwrap();
    stdout(cli(dir.path()).arg("--key-file").arg(dir.path().join("a.key")).arg("info"));
    let output = cli(dir.path()).arg("--key-file").arg(dir.path().join("b.key")).arg("info").output().unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("introuvable"));
    assert!(!dir.path().join("b.key").exists(), "no key is made up for an existing database");
}

#[test]
fn import_a_tracker_dry_run_then_for_real_with_its_report() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("p.key");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    stdout(
        cli(dir.path()).arg("--key-file").arg(&key).args(["referentials", "import"]).arg(root.join("../shared/data")),
    );
    let tracker = root.join("tests/fixtures/import/suivi-1252.csv");
    let mapping = dir.path().join("mapping.json");
    std::fs::write(
        &mapping,
        r#"{"consentChannel": "written", "statuses": [{"text": "Entretien le 14/10", "event": "interested"}]}"#,
    )
    .unwrap();
    let import = |extra: &[&str]| {
        let mut cmd = cli(dir.path());
        cmd.arg("--key-file").arg(&key).arg("import").arg(&tracker).arg("--mapping").arg(&mapping);
        cmd.args(["--signed-by", "Claire Morel"]).args(extra);
        cmd
    };
    let dry = stdout(&mut import(&["--dry-run"]));
    assert!(dry.contains("dry run: nothing written"), "{dry}");
    assert!(dry.contains("Nom prénom") && dry.contains("→ Nom et prénom"), "{dry}");
    assert!(dry.contains("rows: 2 read, 2 imported (1 doubtful), 0 rejected"), "{dry}");
    assert!(
        dry.contains("check    suivi-1252 row 3, A – Nom prénom « Éloïse Carré »: Nom et prénom séparés au mieux"),
        "{dry}"
    );
    let info = stdout(cli(dir.path()).arg("--key-file").arg(&key).arg("info"));
    assert!(info.contains("candidates: 0"), "a dry run writes nothing: {info}");

    let report = dir.path().join("rapport.csv");
    let json = stdout(import(&["--json", "--report"]).arg(&report));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["committed"], true);
    assert_eq!(value["counts"]["candidatesCreated"], 2);
    assert_eq!(value["counts"]["promotionsCreated"], 2);
    let saved = std::fs::read_to_string(&report).unwrap();
    assert!(saved.contains("suivi-1252;3;A – Nom prénom;Éloïse Carré;"), "{saved}");
    let list = stdout(cli(dir.path()).arg("--key-file").arg(&key).args(["candidates", "list"]));
    assert!(list.contains("LE GALL") && list.contains("Carré"), "{list}");

    // The same file again: nothing new.
    let again = stdout(&mut import(&[]));
    assert!(
        again.contains("candidates: 0 created, 0 updated, 2 unchanged") && again.contains("promotions: 0 created"),
        "{again}"
    );
}

#[test]
fn companies_import_a_chamber_of_commerce_list_dry_run_then_once() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("p.key");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    stdout(
        cli(dir.path()).arg("--key-file").arg(&key).args(["referentials", "import"]).arg(root.join("../shared/data")),
    );
    let list = dir.path().join("cci-entreprises.csv");
    std::fs::write(
        &list,
        "Raison sociale;SIRET;Code NAF;Effectif;Adresse;CP;Ville;Contact;Téléphone\n\
         Boulangerie Kerbrat;732 829 320 00074;1071C;12;12 rue de Saint-Malo;35200;Rennes;Yann Kerbrat;0299451278\n\
         Fournil du Rhône;34167211100018;10.71C;3 à 5 salariés;45 cours Émile Zola;69100;VILLEURBANNE;;\n\
         Pains & Co;73282932000075;1071C;;;35000;Rennes;;\n",
    )
    .unwrap();
    let import = |extra: &[&str]| {
        let mut cmd = cli(dir.path());
        cmd.arg("--key-file").arg(&key).args(["companies", "import"]).arg(&list).args(extra);
        cmd
    };
    let json = |extra: &[&str]| -> serde_json::Value { serde_json::from_str(&stdout(&mut import(extra))).unwrap() };
    let dry = json(&["--dry-run", "--json"]);
    assert_eq!(dry["committed"], false);
    assert_eq!(
        (dry["created"].as_u64(), dry["updated"].as_u64(), dry["unchanged"].as_u64()),
        (Some(2), Some(0), Some(0))
    );
    assert_eq!(dry["rejectedRows"], 1);
    assert_eq!(dry["rejected"][0]["row"], 4);
    assert_eq!(dry["rejected"][0]["column"], "B – SIRET");
    assert_eq!(
        dry["rejected"][0]["reason"],
        "Ce SIRET n'existe pas : la clé de contrôle (Luhn) est fausse. Vérifiez les chiffres."
    );
    let info = stdout(cli(dir.path()).arg("--key-file").arg(&key).arg("info"));
    assert!(info.contains("companies:  0"), "a dry run writes nothing: {info}");

    let done = json(&["--json"]);
    assert_eq!((done["committed"].as_bool(), done["created"].as_u64()), (Some(true), Some(2)));
    let companies = stdout(cli(dir.path()).arg("--key-file").arg(&key).args(["companies", "list", "--json"]));
    let page: serde_json::Value = serde_json::from_str(&companies).unwrap();
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["name"], "Boulangerie Kerbrat");
    assert_eq!((items[0]["nafCode"].as_str(), items[0]["headcountBand"].as_str()), (Some("10.71C"), Some("11")));
    assert_eq!((items[0]["postcode"].as_str(), items[0]["commune"].as_str()), (Some("35200"), Some("Rennes")));
    assert_eq!(items[1]["commune"], "Villeurbanne");
    assert_eq!(items[1]["headcountBand"], "02");

    // The same list again: nothing created, nothing changed.
    let again = stdout(&mut import(&[]));
    assert!(again.contains("companies: 0 created, 0 updated, 2 unchanged; rows: 3 read, 1 rejected"), "{again}");
}

#[test]
fn a_tracker_without_consent_is_imported_only_with_the_attestation() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("p.key");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    stdout(
        cli(dir.path()).arg("--key-file").arg(&key).args(["referentials", "import"]).arg(root.join("../shared/data")),
    );
    let tracker = root.join("tests/fixtures/import/sans-consentement.xlsx");
    let import = |extra: &[&str]| {
        let mut cmd = cli(dir.path());
        cmd.arg("--key-file").arg(&key).arg("import").arg(&tracker).args(["--signed-by", "Claire Morel"]).args(extra);
        cmd
    };
    let refused = stdout(&mut import(&[]));
    assert!(refused.contains("rows: 3 read, 0 imported (0 doubtful), 3 rejected"), "{refused}");
    assert!(refused.contains("the file has no consent column: 3 row(s) of new candidates"), "{refused}");
    assert!(refused.contains("--attest-consent"), "{refused}");

    let attested = stdout(&mut import(&[
        "--attest-consent",
        "first-promotion",
        "--attested-channel",
        "written",
        "--not-attested",
        "sans-consentement:5",
    ]));
    assert!(attested.contains("rows: 3 read, 2 imported"), "{attested}");
    assert!(attested.contains("candidates: 1 created"), "{attested}");
    let list = stdout(cli(dir.path()).arg("--key-file").arg(&key).args(["candidates", "list"]));
    assert!(list.contains("LE DÛ") && !list.contains("QUÉRÉ"), "{list}");
}

#[test]
fn sheet_writes_one_page_named_or_anonymised() {
    let dir = tempfile::tempdir().unwrap();
    let (key, _) = demo_db(dir.path(), (3, 1, 0));
    let json = stdout(cli(dir.path()).arg("--key-file").arg(&key).args(["candidates", "list", "--json"]));
    let page: serde_json::Value = serde_json::from_str(&json).unwrap();
    let first = &page["items"][0];
    let id = first["id"].as_i64().unwrap().to_string();
    let last_name = first["lastName"].as_str().unwrap().to_owned();

    let named = dir.path().join("named.pdf");
    let out = stdout(cli(dir.path()).arg("--key-file").arg(&key).args(["sheet", &id, "--out"]).arg(&named));
    assert!(out.contains("bytes"), "{out}");
    let anonymous = dir.path().join("anonymous.pdf");
    stdout(cli(dir.path()).arg("--key-file").arg(&key).args(["sheet", &id, "--anonymous", "--out"]).arg(&anonymous));
    let text = |path: &std::path::Path| {
        let out =
            std::process::Command::new("pdftotext").arg(path).arg("-").output().expect("pdftotext (poppler-utils)");
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(text(&named).contains(&last_name));
    let hidden = text(&anonymous);
    assert!(hidden.contains("Candidat·e") && !hidden.contains(&last_name), "{hidden}");

    let output =
        cli(dir.path()).arg("--key-file").arg(&key).args(["sheet", "999999", "--out"]).arg(&named).output().unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("introuvable"));
}

#[test]
fn company_sheet_writes_one_page_without_a_candidate_name() {
    let dir = tempfile::tempdir().unwrap();
    let (key, _) = demo_db(dir.path(), (12, 2, 20));
    let list = |what: &str| -> serde_json::Value {
        let json = stdout(cli(dir.path()).arg("--key-file").arg(&key).args([what, "list", "--json"]));
        serde_json::from_str(&json).unwrap()
    };
    let companies = list("companies");
    let firm = &companies["items"][0];
    let id = firm["id"].as_i64().unwrap().to_string();
    let out = dir.path().join("entreprise.pdf");
    let printed = stdout(cli(dir.path()).arg("--key-file").arg(&key).args(["company-sheet", &id, "--out"]).arg(&out));
    assert!(printed.contains("bytes"), "{printed}");
    let info = std::process::Command::new("pdfinfo").arg(&out).output().expect("pdfinfo (poppler-utils)");
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    assert_eq!(info.lines().find_map(|l| l.strip_prefix("Pages:")).map(str::trim), Some("1"), "{info}");
    let text = std::process::Command::new("pdftotext").arg(&out).arg("-").output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    let name = firm["name"].as_str().unwrap();
    assert!(text.contains("FICHE ENTREPRISE") && text.contains(name.split(' ').next().unwrap()), "{text}");
    assert!(text.contains("Promotions envoyées et leurs suites") && text.contains("Aides à l'embauche"), "{text}");
    // Full names: the demo's contacts draw their surnames from the candidates' list.
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for person in list("candidates")["items"].as_array().unwrap() {
        let name = format!("{} {}", person["firstName"].as_str().unwrap(), person["lastName"].as_str().unwrap());
        assert!(!text.contains(&name), "{name} on the company sheet:\n{text}");
    }

    let output = cli(dir.path())
        .arg("--key-file")
        .arg(&key)
        .args(["company-sheet", "999999", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("introuvable"));
}

/// The import benchmark at a small size: every row imported, and both floors take the
/// rows it stored out of a copy and insert them again (an error there fails the run).
#[test]
fn the_import_benchmark_prints_parse_floors_and_end_to_end_in_one_run() {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    let mut cmd = Command::cargo_bin("profilence-cli").unwrap();
    let out = stdout(cmd.args(["bench", "--candidates", "0", "--import-rows", "300", "--data-dir"]).arg(&data));
    let figure = |line: &str| out.lines().find(|l| l.contains(line)).unwrap_or_else(|| panic!("no {line}: {out}"));
    figure("calamine bare parse");
    figure("import end to end");
    assert!(figure("300 rows:").contains("300 imported, 0 rejected"), "{out}");
    figure("one INSERT … SELECT per table");
    figure("one INSERT … VALUES per row");
    assert!(figure("import / (bare parse + floor)").contains("(target ≤ 1.5×)"), "{out}");
}

/// The journal lists what was done, verifies whole, and a tampered entry (triggers dropped,
/// as someone holding the key could) makes `journal verify` fail, naming the entry.
#[test]
fn journal_list_verify_and_a_tampered_entry_found() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("p.key");
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    stdout(cli(dir.path()).arg("--key-file").arg(&key).args(["referentials", "import"]).arg(&data));
    stdout(cli(dir.path()).arg("--key-file").arg(&key).args(["referentials", "import"]).arg(&data));
    let list = stdout(cli(dir.path()).arg("--key-file").arg(&key).args(["journal", "list"]));
    assert!(list.starts_with("2 entries") && list.contains("Import") && list.contains("Référentiels : rome"), "{list}");
    let json = stdout(cli(dir.path()).arg("--key-file").arg(&key).args(["journal", "list", "--json"]));
    let page: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!((page["items"][0]["id"].as_i64(), page["items"][0]["action"].as_str()), (Some(2), Some("import")));
    let ok = stdout(cli(dir.path()).arg("--key-file").arg(&key).args(["journal", "verify"]));
    assert!(ok.contains("journal intact: 2 entries"), "{ok}");
    let csv = dir.path().join("journal.csv");
    stdout(cli(dir.path()).arg("--key-file").arg(&key).args(["journal", "export", "--out"]).arg(&csv));
    assert_eq!(std::fs::read_to_string(&csv).unwrap().lines().count(), 3);

    {
        let keys = profilence_core::keys::KeySource::KeyFile(key.clone());
        let db = profilence_core::Database::open(&dir.path().join("p.db"), &keys).unwrap();
        db.write(|tx| {
            tx.execute_batch("DROP TRIGGER journal_no_update; UPDATE journal SET detail = 'rien' WHERE id = 1;")?;
            Ok(())
        })
        .unwrap();
    }
    let output = cli(dir.path()).arg("--key-file").arg(&key).args(["journal", "verify"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success() && stderr.contains("journal broken at entry 1"), "{stderr}");
}

/// A database in `dir` filled by `demo` with so many candidates, companies and promotions
/// (the key in a file): the key's path and what `demo` printed.
fn demo_db(
    dir: &std::path::Path,
    (candidates, companies, promotions): (u32, u32, u32),
) -> (std::path::PathBuf, String) {
    let key = dir.join("p.key");
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    let (candidates, companies, promotions) = (candidates.to_string(), companies.to_string(), promotions.to_string());
    let out = stdout(
        cli(dir)
            .arg("--key-file")
            .arg(&key)
            .args(["demo", "--candidates", &candidates, "--companies", &companies, "--promotions", &promotions])
            .arg("--data-dir")
            .arg(&data),
    );
    (key, out)
}

#[test]
fn candidates_erase_asks_first_then_erases() {
    let dir = tempfile::tempdir().unwrap();
    let (key, _) = demo_db(dir.path(), (6, 3, 6));
    let json = stdout(cli(dir.path()).arg("--key-file").arg(&key).args(["candidates", "list", "--json"]));
    let page: serde_json::Value = serde_json::from_str(&json).unwrap();
    let first = &page["items"][0];
    let (id, last) = (first["id"].as_i64().unwrap(), first["lastName"].as_str().unwrap().to_owned());

    // Without --yes, "n" keeps everything.
    let out = stdout(
        cli(dir.path()).arg("--key-file").arg(&key).args(["candidates", "erase", &id.to_string()]).write_stdin("n\n"),
    );
    assert!(out.contains("Goes:") && out.contains("Stays:") && out.contains("Nothing erased."), "{out}");
    let list = stdout(cli(dir.path()).arg("--key-file").arg(&key).args(["candidates", "list", "--json"]));
    assert!(list.contains(&last));

    // "y" erases.
    let out = stdout(
        cli(dir.path()).arg("--key-file").arg(&key).args(["candidates", "erase", &id.to_string()]).write_stdin("y\n"),
    );
    assert!(out.contains(&format!("Candidate {id} erased: ")), "{out}");
    let list: serde_json::Value = serde_json::from_str(&stdout(cli(dir.path()).arg("--key-file").arg(&key).args([
        "candidates",
        "list",
        "--json",
    ])))
    .unwrap();
    assert_eq!(list["total"], 5);
    assert!(list["items"].as_array().unwrap().iter().all(|c| c["id"].as_i64() != Some(id)));

    // Again, with --yes: refused, the person is already gone.
    let output = cli(dir.path())
        .arg("--key-file")
        .arg(&key)
        .args(["candidates", "erase", &id.to_string(), "--yes"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("déjà été effacée"));
}

#[test]
fn retention_due_and_apply() {
    let dir = tempfile::tempdir().unwrap();
    let (key, _) = demo_db(dir.path(), (6, 3, 6));
    let json = stdout(cli(dir.path()).arg("--key-file").arg(&key).args(["retention", "due", "--days", "30", "--json"]));
    let due: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(due.is_array(), "{json}");
    let text = stdout(cli(dir.path()).arg("--key-file").arg(&key).args(["retention", "due"]));
    assert!(text.contains("due within 30 days"), "{text}");
    let applied = stdout(cli(dir.path()).arg("--key-file").arg(&key).args(["retention", "apply"]));
    assert!(applied.starts_with("anonymised "), "{applied}");
    // What was due today is gone: nothing is due any more on this day.
    let json = stdout(cli(dir.path()).arg("--key-file").arg(&key).args(["retention", "due", "--days", "0", "--json"]));
    assert_eq!(serde_json::from_str::<serde_json::Value>(&json).unwrap(), serde_json::json!([]));
}

#[test]
fn candidates_export_writes_the_pdf_the_json_and_the_sheets_of_one_person() {
    let dir = tempfile::tempdir().unwrap();
    let (key, _) = demo_db(dir.path(), (3, 3, 12));
    // Each person; the one with the most files is looked at closer.
    let list = stdout(cli(dir.path()).arg("--key-file").arg(&key).args(["candidates", "list", "--json"]));
    let page: serde_json::Value = serde_json::from_str(&list).unwrap();
    let ids: Vec<i64> = page["items"].as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect();
    let out = dir.path().join("acces");
    std::fs::create_dir(&out).unwrap();
    let mut best = (0, 0, String::new());
    let mut promotions = 0;
    for &id in &ids {
        let sub = out.join(id.to_string());
        std::fs::create_dir(&sub).unwrap();
        let printed = stdout(
            cli(dir.path())
                .arg("--key-file")
                .arg(&key)
                .args(["candidates", "export", &id.to_string(), "--out"])
                .arg(&sub),
        );
        let files: Vec<&str> = printed.lines().filter(|l| l.starts_with(sub.to_str().unwrap())).collect();
        for file in &files {
            assert!(std::path::Path::new(file).is_file(), "{file} printed but not written");
        }
        assert!(files[0].ends_with(".pdf") && files[1].ends_with(".json"), "{printed}");
        promotions +=
            printed.split(" promotions").next().and_then(|s| s.rsplit(' ').next()).unwrap().parse::<u32>().unwrap();
        if files.len() > best.1 {
            best = (id, files.len(), printed.clone());
        }
    }
    let (id, files, printed) = best;
    assert!(promotions > 0, "the demo's promotions are in the exports");
    assert!(printed.contains(&format!("candidate {id}: {files} files written")), "{printed}");
    let json_file = printed.lines().find(|l| l.ends_with(".json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(json_file).unwrap()).unwrap();
    assert_eq!(json["candidate"]["id"], id);
    assert_eq!(json["sheets"].as_array().unwrap().len(), files - 2, "a sheet file for each stored sheet");
    let listed = json["promotions"].as_array().unwrap().len();
    assert!(printed.contains(&format!("; {listed} promotions,")), "{printed}");

    // A folder that does not exist: refused, naming it, nothing created.
    let missing = dir.path().join("nulle-part");
    let output = cli(dir.path())
        .arg("--key-file")
        .arg(&key)
        .args(["candidates", "export", &id.to_string(), "--out"])
        .arg(&missing)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success() && stderr.contains("nulle-part"), "{stderr}");
    assert!(!missing.exists());
}

/// `backup`: a code made and kept beside the key file, a backup created, listed, verified
/// with the code as written down, restored into a new database with a new key; a typo and
/// another database's code refused, nothing written.
#[test]
fn backup_create_list_verify_and_restore_with_a_recovery_file() {
    let dir = tempfile::tempdir().unwrap();
    let (key, _) = demo_db(dir.path(), (8, 3, 6));
    let share = dir.path().join("partage");
    std::fs::create_dir(&share).unwrap();
    let backup = |args: &[&str]| {
        let mut cmd = cli(dir.path());
        cmd.arg("--key-file").arg(&key).arg("backup").args(args);
        cmd
    };
    let share_arg = share.to_str().unwrap();
    let output = backup(&["create", "--to", share_arg]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success() && stderr.contains("Aucun code de récupération"), "{stderr}");

    let made = stdout(&mut backup(&["code", "new"]));
    let code = made.lines().map(str::trim).find(|l| l.len() == 34 && l.matches('-').count() == 6).unwrap();
    let id = stdout(&mut backup(&["code", "show-id"]));
    assert!(made.contains(id.split(" (").next().unwrap()), "{made} / {id}");
    assert!(dir.path().join("p.recovery").exists());

    let out = stdout(&mut backup(&["create", "--to", share_arg]));
    assert!(out.contains("holds:    8 candidats, 3 entreprises") && out.contains("verified"), "{out}");
    let list = stdout(&mut backup(&["list", share_arg]));
    assert!(list.contains("1 backups in") && list.contains("8 candidats"), "{list}");
    let name = std::fs::read_dir(&share)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with(".db"))
        .unwrap();
    let file = share.join(&name);

    // The code as written down, in lower case with spaces: verified, then restored.
    let written = dir.path().join("code.txt");
    std::fs::write(&written, format!("{}\n", code.replace('-', " ").to_lowercase())).unwrap();
    let verified = stdout(backup(&["verify"]).arg(&file).arg("--recovery-file").arg(&written));
    assert!(verified.contains("sound") && verified.contains("8 candidats"), "{verified}");
    let elsewhere = |db: &str, key: &str| {
        let mut cmd = Command::cargo_bin("profilence-cli").unwrap();
        cmd.arg("--db").arg(dir.path().join(db)).arg("--key-file").arg(dir.path().join(key));
        cmd
    };
    let restored = stdout(
        elsewhere("nouveau/p.db", "nouveau/p.key")
            .args(["backup", "restore"])
            .arg(&file)
            .arg("--recovery-file")
            .arg(&written),
    );
    assert!(restored.contains("restored into") && restored.contains("schema version"), "{restored}");
    let info = stdout(elsewhere("nouveau/p.db", "nouveau/p.key").arg("info"));
    assert!(info.contains("candidates: 8") && info.contains("companies:  3"), "{info}");

    // A typo in the code, then another database's code: refused, nothing written.
    let mut typo = code.to_owned();
    let last = if typo.ends_with('0') { "1" } else { "0" };
    typo.replace_range(typo.len() - 1.., last);
    std::fs::write(&written, typo).unwrap();
    let output = elsewhere("autre.db", "autre.key")
        .args(["backup", "restore"])
        .arg(&file)
        .arg("--recovery-file")
        .arg(&written)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success() && stderr.contains("faute de frappe"), "{stderr}");
    let other = dir.path().join("other.json");
    stdout(elsewhere("autre.db", "autre.key").args(["backup", "code", "new", "--out"]).arg(&other));
    let output = elsewhere("autre.db", "autre.key")
        .args(["backup", "restore"])
        .arg(&file)
        .arg("--recovery-file")
        .arg(&other)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let needed = id.split(" (").next().unwrap();
    assert!(!output.status.success() && stderr.contains(&format!("elle demande le {needed}")), "{stderr}");
    assert!(!dir.path().join("autre.db").exists() && !dir.path().join("autre.key").exists());
}

/// An agency's pitch templates go from one database to another as a file; a second import
/// adds nothing, and a file that is not ours fails, saying so, with nothing added.
#[test]
fn templates_export_then_import_once_and_a_bad_file_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (from, to) = (dir.path().join("agence"), dir.path().join("antenne"));
    std::fs::create_dir_all(&from).unwrap();
    std::fs::create_dir_all(&to).unwrap();
    let file = dir.path().join("modeles.json");
    std::fs::write(
        &file,
        r#"{"format": "profilence.modeles-argumentaire", "version": 1, "templates": [
            {"title": "Bâtiment — Finistère", "subject": "Candidature : {prénom}, {métier}",
             "body": "Bonjour, je vous présente {prénom}, disponible {disponibilité}."}]}"#,
    )
    .unwrap();
    let run = |db: &std::path::Path, args: &[&str], path: &std::path::Path| {
        let mut cmd = cli(db);
        cmd.arg("--key-file").arg(db.join("p.key")).args(args).arg(path);
        cmd.output().unwrap()
    };
    let out = run(&from, &["templates", "import"], &file);
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 modèle(s) ajouté(s) : « Bâtiment — Finistère »."));
    let shared = dir.path().join("partage.json");
    let out = run(&from, &["templates", "export"], &shared);
    assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).contains("1 template(s) written"));

    let out = run(&to, &["templates", "import"], &shared);
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 modèle(s) ajouté(s)"), "{out:?}");
    let again = run(&to, &["templates", "import"], &shared);
    assert!(String::from_utf8_lossy(&again.stdout).contains("déjà présent(s) à l'identique, non repris"), "{again:?}");

    std::fs::write(&file, "Titre;Objet\n").unwrap();
    let bad = run(&to, &["templates", "import"], &file);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("Modèles non importés, rien n'a été ajouté"), "{bad:?}");
}

#[test]
fn export_writes_the_lists_that_import_back_and_refuses_another_extension() {
    let dir = tempfile::tempdir().unwrap();
    let (key, _) = demo_db(dir.path(), (10, 4, 12));
    let export = |list: &str, out: &std::path::Path| {
        let mut cmd = cli(dir.path());
        cmd.arg("--key-file").arg(&key).args(["export", list, "--out"]).arg(out);
        cmd
    };
    let promotions = dir.path().join("promotions.xlsx");
    let said = stdout(&mut export("promotions", &promotions));
    let rows: u32 = said.split(" rows written").next().unwrap().trim().parse().unwrap();
    assert!(rows > 0 && said.contains("promotions.xlsx"), "{said}");
    let pool = dir.path().join("vivier.csv");
    assert!(stdout(&mut export("candidates", &pool)).starts_with("10 rows written"));
    assert!(std::fs::read_to_string(&pool).unwrap().starts_with("\u{feff}Nom;Prénom;"));
    assert!(stdout(&mut export("companies", &dir.path().join("entreprises.xlsx"))).starts_with("4 rows written"));

    let output = export("companies", &dir.path().join("entreprises.ods")).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success() && stderr.contains("must end in .xlsx or .csv"), "{stderr}");
    assert!(!dir.path().join("entreprises.ods").exists());

    let journal = stdout(cli(dir.path()).arg("--key-file").arg(&key).args(["journal", "list"]));
    assert!(journal.contains(&format!("Liste : promotions (xlsx), {rows} ligne(s)")), "{journal}");

    // Into an empty database: the same number of promotions, nothing rejected.
    let other = tempfile::tempdir().unwrap();
    let other_key = other.path().join("p.key");
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    stdout(cli(other.path()).arg("--key-file").arg(&other_key).args(["referentials", "import"]).arg(&data));
    let json = stdout(cli(other.path()).arg("--key-file").arg(&other_key).arg("import").arg(&promotions).args([
        "--json",
        "--signed-by",
        "Claire Morel",
    ]));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["counts"]["rejected"], 0, "{json}");
    assert_eq!(value["counts"]["promotionsCreated"], rows);
}

#[test]
fn stats_by_the_companys_place_says_so_and_refuses_another_territory() {
    let dir = tempfile::tempdir().unwrap();
    let (key, _) = demo_db(dir.path(), (12, 4, 10));
    let stats = |territory: &[&str]| -> serde_json::Value {
        let mut cmd = cli(dir.path());
        cmd.arg("--key-file").arg(&key).args([
            "stats",
            "--period",
            "custom",
            "--from",
            "2021-01-01",
            "--to",
            "2028-12-31",
        ]);
        serde_json::from_str(&stdout(cmd.args(territory).arg("--json"))).unwrap()
    };
    let title = |d: &serde_json::Value, key: &str| {
        d["breakdowns"].as_array().unwrap().iter().find(|t| t["key"] == key).unwrap()["title"].clone()
    };
    let by_default = stats(&[]);
    assert_eq!(by_default["query"]["territoryOf"], "candidate");
    assert_eq!(title(&by_default, "departments"), "Par département de résidence du candidat");
    let by_company = stats(&["--territory", "company"]);
    assert_eq!(by_company["query"]["territoryOf"], "company");
    assert_eq!(title(&by_company, "communes"), "Par commune de l'entreprise");
    // The same promotions, each in one company department.
    let promotions = by_company["indicators"]["promotions"].as_u64().unwrap();
    assert!(promotions > 0 && promotions == by_default["indicators"]["promotions"].as_u64().unwrap());
    let departments = by_company["breakdowns"].as_array().unwrap().iter().find(|t| t["key"] == "departments").unwrap();
    let sum: u64 = departments["rows"].as_array().unwrap().iter().map(|r| r["promotions"].as_u64().unwrap()).sum();
    assert_eq!(sum, promotions);
    let text = stdout(cli(dir.path()).arg("--key-file").arg(&key).args(["stats", "--territory", "company"]));
    assert!(text.contains("territory         lieu de l'entreprise"), "{text}");
    let output =
        cli(dir.path()).arg("--key-file").arg(&key).args(["stats", "--territory", "ailleurs"]).output().unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--territory ailleurs: candidate or company"));
}
