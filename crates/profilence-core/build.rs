//! Embeds every numbered `.sql` file of `/migrations` in the core, in order, so that a new
//! migration can never be silently left out of the build.

use std::{env, fs, path::PathBuf};

fn main() {
    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let dir = manifest_dir.join("../../migrations");
    println!("cargo:rerun-if-changed={}", dir.display());

    let mut files: Vec<(u32, String, PathBuf)> = fs::read_dir(&dir)
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

    let mut out = String::from(
        "/// Every migration, in order: (version, name, SQL).\npub const MIGRATIONS: &[(u32, &str, &str)] = &[\n",
    );
    for (version, name, path) in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        out.push_str(&format!("    ({version}, {name:?}, include_str!({:?})),\n", path.display().to_string()));
    }
    out.push_str("];\n");
    let out_path = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("migrations.rs");
    fs::write(out_path, out).expect("OUT_DIR is writable");
}
