//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// `../shared` beside the checkout (CI puts it there), or `None` with a message so the test can skip.
pub fn shared_dir(test: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if dir.join("corpus").is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping {test}: ../shared/corpus is not present");
        None
    }
}

/// Whether a command is on PATH.
pub fn have(command: &str) -> bool {
    std::process::Command::new("sh")
        .args(["-c", &format!("command -v {command}")])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// The paiban binary built for these tests.
pub fn paiban() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_paiban"));
    command.env_remove("SOURCE_DATE_EPOCH");
    command
}

/// Every file below `dir`, relative, sorted.
pub fn files_below(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.push(path.strip_prefix(root).expect("below root").to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// An outline as the snapshots store it: block texts longer than 30 characters cut to their first 24 plus
/// their length, so a snapshot stays reviewable and small and is not a second copy of the corpus text (the
/// no-text-lost tests guard the full text).
pub fn abbreviated(outline: &str) -> String {
    let mut out = String::with_capacity(outline.len() / 4);
    let mut in_blocks = false;
    for line in outline.lines() {
        if line.is_empty() {
            in_blocks = true;
        }
        let indent = line.len() - line.trim_start().len();
        match line[indent..].split_once(' ') {
            Some((tag, text)) if in_blocks && text.chars().count() > 30 => {
                let head: String = text.chars().take(24).collect();
                out.push_str(&format!("{}{tag} {head}…[{}]", &line[..indent], text.chars().count()));
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// Compares the abbreviated outline of each `(corpus path, name)` with its reviewed snapshot
/// `tests/snapshots/<kind>/<name>.outline`. `UPDATE_GOLDEN=1` rewrites them; a missing snapshot fails.
pub fn check_outline_snapshots(corpus: &Path, kind: &str, files: &[(&str, &str)]) {
    let snapshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots").join(kind);
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for (file, name) in files {
        let parsed = paiban::read::read_path(&corpus.join(file), paiban::read::ReadOptions::default())
            .expect("corpus file parses");
        let actual = abbreviated(&paiban::outline::outline(&parsed.document));
        let snapshot = snapshots.join(format!("{name}.outline"));
        if update {
            std::fs::create_dir_all(&snapshots).expect("mkdir");
            std::fs::write(&snapshot, &actual).expect("write snapshot");
            continue;
        }
        match std::fs::read_to_string(&snapshot) {
            Ok(expected) if expected == actual => {}
            Ok(_) => {
                failures.push(format!("{name}: outline differs (UPDATE_GOLDEN=1 rewrites after review)"))
            }
            Err(_) => failures.push(format!("{name}: snapshot {} is missing", snapshot.display())),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
