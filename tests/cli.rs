//! The command line: `paiban parse`, usage errors and exit codes.

mod common;

use common::{paiban, shared_dir};

#[test]
fn parse_prints_the_outline_of_a_sample() {
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/input/notice.txt");
    let result = paiban().args(["parse", sample]).output().expect("runs");
    assert!(result.status.success());
    let stdout = String::from_utf8(result.stdout).expect("utf-8");
    let mut lines = stdout.lines();
    assert_eq!(lines.next(), Some("title: 关于做好2026年冬季校园安全工作的通知"));
    assert!(stdout.contains("\nlang: zh-CN\nencoding: UTF-8\n\n"), "{stdout}");
    assert!(stdout.contains("\nSALUTATION 各区教育局，市属各学校：\n"), "{stdout}");
}

#[test]
fn parse_json_prints_the_document_model() {
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/input/article.md");
    let result = paiban().args(["parse", "--json", sample]).output().expect("runs");
    assert!(result.status.success());
    let doc: paiban::Document = serde_json::from_slice(&result.stdout).expect("JSON document");
    assert!(!doc.blocks.is_empty());
    assert_eq!(doc.meta.source.encoding.as_deref(), Some("UTF-8"));
}

/// `paiban parse` on `file`: its standard output.
fn parse_outline(file: &std::path::Path) -> String {
    let result = paiban().arg("parse").arg(file).output().expect("runs");
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    String::from_utf8(result.stdout).expect("utf-8")
}

#[test]
fn parse_reports_the_detected_encoding() {
    // The project's speech stored as GB18030, its zh-Hant Markdown as Big5.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("tempdir");
    for (fixture, encoding, name, stored, needle) in [
        ("speech-rural-water.txt", encoding_rs::GB18030, "GB18030", "speech.gb18030.txt", "同志们："),
        ("markdown-hant.md", encoding_rs::BIG5, "Big5", "notice.big5.md", "社區共讀計畫說明"),
    ] {
        let text = std::fs::read_to_string(root.join("tests/fixtures").join(fixture)).expect("fixture");
        let file = dir.path().join(stored);
        std::fs::write(&file, common::encoded(&text, encoding).expect("encodable")).expect("write");
        let stdout = parse_outline(&file);
        assert!(stdout.contains(&format!("\nencoding: {name}\n")), "{stdout}");
        assert!(stdout.contains(needle), "{stdout}");
    }
    let Some(shared) = shared_dir("parse_reports_the_detected_encoding (corpus part)") else { return };
    let stdout = parse_outline(&shared.join("corpus/encodings/seed-speech.gbk.txt"));
    assert!(stdout.contains("\nencoding: GB18030\n"), "{stdout}");
    assert!(stdout.contains("同志们："), "{stdout}");
}

#[test]
fn usage_errors_exit_with_2() {
    let no_input = paiban().output().expect("runs");
    assert_eq!(no_input.status.code(), Some(2));
    let bad_flag = paiban().args(["--no-such-flag", "x"]).output().expect("runs");
    assert_eq!(bad_flag.status.code(), Some(2));
    let missing = paiban().arg("/nonexistent/paiban-input").output().expect("runs");
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no such file or folder"));
    let bad_encoding = paiban().args(["--encoding", "klingon", "input"]).output().expect("runs");
    assert_eq!(bad_encoding.status.code(), Some(2));
}

#[test]
fn help_has_examples_and_version_prints() {
    let help = paiban().arg("--help").output().expect("runs");
    assert!(String::from_utf8_lossy(&help.stdout).contains("Examples:"));
    let version = paiban().arg("--version").output().expect("runs");
    assert!(String::from_utf8_lossy(&version.stdout).starts_with("paiban "));
}
