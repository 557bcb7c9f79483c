//! Embeds every numbered `.sql` file of `/migrations` (the embedded database's) and of
//! `/migrations/postgres` (the team server's) in the core, in order, so that a new
//! migration can never be silently left out of the build.

use std::{
    env, fs,
    path::{Path, PathBuf},
};

fn main() {
    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let dir = manifest_dir.join("../../migrations");
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    embed(&dir, "MIGRATIONS", &out.join("migrations.rs"));
    embed(&dir.join("postgres"), "POSTGRES_MIGRATIONS", &out.join("postgres_migrations.rs"));
}

/// Writes `constant`, every migration of `dir` in order, into `out`.
fn embed(dir: &Path, constant: &str, out: &Path) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<(u32, String, PathBuf)> = fs::read_dir(dir)
        .expect("the migrations folder exists")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let name = path.file_name()?.to_str()?.to_owned();
            let stem = name.strip_suffix(".sql")?;
            let (number, _) = stem.split_once('_')?;
            Some((number.parse().ok()?, stem.to_owned(), path.canonicalize().ok()?))
        })
        .collect();
    files.sort();
    for (index, (version, name, _)) in files.iter().enumerate() {
        assert_eq!(*version as usize, index + 1, "migration {name}: numbers must run 1, 2, 3… without gaps");
    }

    let mut text = format!(
        "/// Every migration, in order: (version, name, SQL).\npub const {constant}: &[(u32, &str, &str)] = &[\n"
    );
    for (version, name, path) in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        text.push_str(&format!("    ({version}, {name:?}, include_str!({:?})),\n", path.display().to_string()));
    }
    text.push_str("];\n");
    fs::write(out, text).expect("OUT_DIR is writable");
}
