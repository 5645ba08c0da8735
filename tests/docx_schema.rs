//! Every DOCX paiban makes of `input/` (in each preset) and of the corpus (each document in the preset
//! `auto` picks) against the ECMA-376 rules of [`ooxml`], plus the package rules the schema cannot say:
//! no empty parts docx-rs leaves (comments, commentsExtended, custom properties), and a footnote separator
//! wherever there are footnotes.

mod common;
#[path = "docx_schema/ooxml.rs"]
mod ooxml;

use std::path::{Path, PathBuf};

/// Parts that a package may hold only when they say something.
const PARTS_NOT_EMPTY: &[&str] = &["word/comments.xml", "word/commentsExtended.xml", "docProps/custom.xml"];

/// The violations in one DOCX.
fn check_docx(name: &str, bytes: &[u8]) -> Vec<String> {
    let mut errors = Vec::new();
    for part in common::zip_names(bytes) {
        if !part.ends_with(".xml") {
            continue;
        }
        let label = format!("{name}:{part}");
        if PARTS_NOT_EMPTY.contains(&part.as_str()) {
            errors.push(format!("{label}: an empty part docx-rs leaves"));
        }
        let Some(xml) = common::zip_text(bytes, &part) else {
            errors.push(format!("{label}: not UTF-8"));
            continue;
        };
        errors.extend(ooxml::check_part(&label, &xml));
        if part == "word/footnotes.xml" && !xml.contains(r#"w:type="separator""#) {
            errors.push(format!("{label}: no separator note (LibreOffice then draws no 脚注线)"));
        }
    }
    errors
}

/// Converts `files` to DOCX in `style` into a fresh folder and returns the DOCX files made.
fn convert(files: &[PathBuf], style: &str, out: &Path) -> Vec<PathBuf> {
    let status = common::paiban()
        .args(["-q", "--keep-boilerplate", "-t", "docx", "--style", style, "-o"])
        .arg(out)
        .args(files)
        .status()
        .expect("paiban runs");
    assert!(status.code().is_some_and(|c| c <= 1), "paiban exited {status}");
    common::files_below(out)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .map(|p| out.join(p))
        .collect()
}

fn sources_in(dir: &Path, recursive: bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let path = entry.path();
        if path.is_dir() && recursive {
            out.extend(sources_in(&path, true));
        } else if path.extension().is_some_and(|e| e == "txt" || e == "md") {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn assert_valid(docx: &[PathBuf]) {
    let mut errors = Vec::new();
    for path in docx {
        let bytes = std::fs::read(path).expect("reads");
        let name = path.file_name().map_or(String::new(), |n| n.to_string_lossy().into_owned());
        errors.extend(check_docx(&name, &bytes));
    }
    // Each kind of violation once, with how often it occurs: the file name is the message's first field.
    let mut kinds: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for e in &errors {
        *kinds.entry(e.split_once(':').map_or(e.as_str(), |(_, rule)| rule)).or_default() += 1;
    }
    assert!(errors.is_empty(), "{} violations in {} files:\n{kinds:#?}", errors.len(), docx.len());
}

#[test]
fn every_docx_of_the_samples_follows_the_schema_in_every_preset() {
    let input = sources_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join("input"), false);
    let dir = tempfile::tempdir().expect("tempdir");
    let mut docx = Vec::new();
    for style in ["gongwen", "report", "book"] {
        docx.extend(convert(&input, style, &dir.path().join(style)));
    }
    assert_eq!(docx.len(), input.len() * 3);
    assert_valid(&docx);
}

#[test]
fn every_docx_of_the_corpus_follows_the_schema() {
    let Some(shared) = common::shared_dir("the schema check of the corpus's DOCX") else { return };
    let sources = sources_in(&shared.join("corpus"), true);
    let dir = tempfile::tempdir().expect("tempdir");
    let docx = convert(&sources, "auto", dir.path());
    assert!(docx.len() >= sources.len() * 9 / 10, "{} DOCX of {} sources", docx.len(), sources.len());
    assert_valid(&docx);
}
