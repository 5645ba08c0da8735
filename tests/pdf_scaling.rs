//! The PDF at sizes that used to be quadratic, and its text layer, through the real binary (issue 15,
//! items 2, 8 and 9). Structure only, no timing (`benches/pathological.rs` measures the time): a hundred
//! thousand headings give a hundred thousand bookmarks, twenty thousand table rows all reach the pages, a
//! long link's URL is written once however many lines it spans, characters no bundled face has keep their
//! identity in the text layer, and a table too wide for the page is set as text with a warning. Every PDF
//! passes `qpdf --check` when qpdf is installed.

mod common;

use common::{have, paiban};
use lopdf::Object;
use std::path::{Path, PathBuf};

/// Converts `markdown` (saved as `name.md`) to a PDF; returns the temp folder, the PDF's path and stderr.
fn pdf_of(name: &str, markdown: &str) -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join(format!("{name}.md"));
    std::fs::write(&input, markdown).expect("write");
    let output = dir.path().join("out");
    let result = paiban().arg(&input).arg("-o").arg(&output).args(["-t", "pdf"]).output().expect("runs");
    let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
    assert_eq!(result.status.code(), Some(0), "{stderr}");
    let pdf = output.join(format!("{name}.pdf"));
    if have("qpdf") {
        let check = std::process::Command::new("qpdf").arg("--check").arg(&pdf).output().expect("qpdf runs");
        assert!(check.status.success(), "qpdf: {}", String::from_utf8_lossy(&check.stdout));
    } else {
        paiban::skip!("skipping qpdf --check: qpdf is not installed");
    }
    (dir, pdf, stderr)
}

/// The text of pages `first..=last` (all when `None`), if pdftotext is installed.
fn pdftotext(pdf: &Path, pages: Option<(usize, usize)>) -> Option<String> {
    if !have("pdftotext") {
        paiban::skip!("skipping the text layer: pdftotext is not installed");
        return None;
    }
    let mut command = std::process::Command::new("pdftotext");
    command.args(["-enc", "UTF-8"]);
    if let Some((first, last)) = pages {
        command.args(["-f", &first.to_string(), "-l", &last.to_string()]);
    }
    let out = command.arg(pdf).arg("-").output().expect("pdftotext runs");
    assert!(out.status.success());
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The outline's root dictionary and the titles of its top-level items, in order.
fn outline(pdf: &lopdf::Document) -> (i64, Vec<String>) {
    let catalog = pdf.catalog().expect("catalog");
    let root_id = catalog.get(b"Outlines").and_then(Object::as_reference).expect("an outline");
    let root = pdf.get_dictionary(root_id).expect("outline root");
    let count = root.get(b"Count").and_then(Object::as_i64).expect("a count");
    let mut titles = Vec::new();
    let mut next = root.get(b"First").and_then(Object::as_reference).ok();
    while let Some(id) = next {
        let item = pdf.get_dictionary(id).expect("an outline item");
        let title = item.get(b"Title").and_then(Object::as_str).expect("a title");
        let units: Vec<u16> = title.chunks(2).skip(1).map(|p| u16::from_be_bytes([p[0], p[1]])).collect();
        titles.push(String::from_utf16_lossy(&units));
        next = item.get(b"Next").and_then(Object::as_reference).ok();
    }
    (count, titles)
}

#[test]
fn a_hundred_thousand_headings_give_a_hundred_thousand_bookmarks() {
    const HEADINGS: usize = 100_000;
    let markdown: String = (0..HEADINGS).map(|k| format!("## 标题{k}\n\n")).collect();
    let (_dir, path, _) = pdf_of("headings", &markdown);
    let pdf = lopdf::Document::load(&path).expect("lopdf reads it");
    let (count, titles) = outline(&pdf);
    assert_eq!(count, HEADINGS as i64);
    assert_eq!(titles.len(), HEADINGS, "all at the top level, each linked to the next");
    assert_eq!(titles.first().map(String::as_str), Some("标题0"));
    assert_eq!(titles.last().map(String::as_str), Some("标题99999"));
    let pages = pdf.get_pages().len();
    assert!(pages > HEADINGS / 40, "{pages} pages");
    // pdftotext shows the ¼ em between Chinese and digits as a space.
    let last = pdftotext(&path, Some((pages, pages))).map(|t| t.replace(' ', ""));
    assert!(last.is_none_or(|text| text.contains("标题99999")));
}

#[test]
fn twenty_thousand_table_rows_all_reach_the_pages_with_their_header_on_each() {
    const ROWS: usize = 20_000;
    let rows: String = (0..ROWS).map(|k| format!("| {k} | 第{k}项 |\n")).collect();
    let (_dir, path, _) = pdf_of("rows", &format!("| 序号 | 项目 |\n|---|---|\n{rows}"));
    let pdf = lopdf::Document::load(&path).expect("lopdf reads it");
    let pages = pdf.get_pages().len();
    assert!(pages > ROWS / 40, "{pages} pages");
    let Some(text) = pdftotext(&path, None).map(|t| t.replace(' ', "")) else { return };
    // `第k项` once for every k: each row once, none lost or doubled.
    let mut seen = vec![0usize; ROWS];
    for piece in text.split('第').skip(1) {
        let digits: String = piece.chars().take_while(char::is_ascii_digit).collect();
        if let (Ok(k), true) = (digits.parse::<usize>(), piece[digits.len()..].starts_with('项')) {
            seen[k] += 1;
        }
    }
    assert!(seen.iter().all(|&n| n == 1), "rows missing or doubled: {:?}", seen.iter().position(|&n| n != 1));
    assert_eq!(text.matches("序号").count(), pages, "the header opens every page");
}

#[test]
fn a_long_link_writes_its_url_once_however_many_lines_it_spans() {
    // 600 characters, 5 400 bytes percent-encoded: under the link policy's bound.
    let url = format!("https://example.org/{}", "路径".repeat(300));
    let text = "很长的链接文字".repeat(200);
    let others: String = (0..50).map(|k| format!("[短链接{k}](https://example.org/{k}) ")).collect();
    let (_dir, path, _) = pdf_of("long", &format!("[{text}]({url})\n\n{others}\n"));
    let pdf = lopdf::Document::load(&path).expect("lopdf reads it");
    let mut uris = Vec::new();
    let mut pieces = 0;
    for object in pdf.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        if let Ok(uri) = dict.get(b"URI").and_then(Object::as_str) {
            uris.push(uri.len());
        }
        let action = dict.get(b"A").and_then(Object::as_reference).ok();
        let long = action.and_then(|a| pdf.get_dictionary(a).ok()).and_then(|a| a.get(b"URI").ok());
        if long.and_then(|u| u.as_str().ok()).is_some_and(|u| u.len() > 1000) {
            pieces += 1;
        }
    }
    assert!(pieces > 20, "the link spans many lines: {pieces} annotations");
    assert_eq!(uris.len(), 51, "one URI action per target: {uris:?}");
    assert_eq!(uris.iter().filter(|&&n| n > 1000).count(), 1);
}

#[test]
fn a_url_over_the_bound_stays_text_with_a_warning() {
    let url = format!("https://example.org/{}", "a".repeat(200_000));
    let (_dir, path, stderr) = pdf_of("huge", &format!("见 {url} 。\n"));
    assert_eq!(stderr.matches("is kept as text").count(), 1, "{}", &stderr[..stderr.len().min(2000)]);
    assert!(stderr.lines().all(|l| l.len() < 1000), "the warning does not copy the URL");
    let pdf = lopdf::Document::load(&path).expect("lopdf reads it");
    assert!(!pdf.objects.values().any(|o| o.as_dict().is_ok_and(|d| d.has(b"URI"))));
    if let Some(text) = pdftotext(&path, None) {
        let letters = text.chars().filter(|&c| c == 'a').count();
        assert!(letters >= 200_000, "the URL is kept as text: {letters}");
    }
}

#[test]
fn characters_no_face_has_keep_their_own_place_in_the_text_layer() {
    let line = "希伯来文שלום与阿拉伯文مرحبا，表情😀🎉，扩展B区𠀀𠀁𪚥和中文混排，私用区\u{E000}\u{E001}。";
    let (_dir, path, stderr) = pdf_of("scripts", &format!("# 文字层\n\n{line}\n"));
    for ch in ['ש', 'م', '😀', '\u{E001}'] {
        let hex = format!("U+{:04X}", ch as u32);
        assert!(stderr.contains(&hex), "{hex} is reported: {stderr}");
    }
    let Some(text) = pdftotext(&path, None) else { return };
    // pdftotext marks right-to-left runs with embedding controls; the characters are what matter.
    let text: String =
        text.chars().filter(|c| !c.is_whitespace() && !('\u{202A}'..='\u{202E}').contains(c)).collect();
    for word in ["希伯来文", "שלום", "مرحبا", "😀🎉", "𠀀𠀁𪚥和中文混排", "\u{E000}\u{E001}"]
    {
        assert!(text.contains(word), "{word} not in the text layer: {text}");
    }
}

#[test]
fn a_table_wider_than_the_page_is_set_as_text_with_a_warning() {
    const COLUMNS: usize = 500;
    let row =
        |f: &dyn Fn(usize) -> String| format!("|{}|\n", (0..COLUMNS).map(f).collect::<Vec<_>>().join("|"));
    let markdown =
        format!("{}{}{}", row(&|c| format!("列{c}")), row(&|_| "---".into()), row(&|c| format!("值{c}")));
    let (_dir, path, stderr) = pdf_of("wide", &markdown);
    assert_eq!(stderr.matches("500 columns").count(), 1, "{stderr}");
    let Some(text) = pdftotext(&path, None) else { return };
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(text.contains("列0|列1|列2") && text.contains("值498|值499"), "{text}");
}

#[test]
fn deep_quotes_and_lists_stop_indenting_and_keep_their_text_on_the_page() {
    // Twenty quotes, or lists, of two characters each used to set their text past the right edge of the
    // page, where no reader sees it and pdftotext finds nothing.
    let quotes = format!("{} 引文{}。\n", ">".repeat(40), "x".repeat(300));
    let lists: String =
        (0..30).map(|level| format!("{}- 第{level}层{}\n", "  ".repeat(level), "y".repeat(20))).collect();
    let (_dir, path, _) = pdf_of("deep", &format!("{quotes}\n{lists}"));
    let Some(text) = pdftotext(&path, None) else { return };
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert_eq!(text.matches('x').count(), 300, "{text}");
    assert_eq!(text.matches('y').count(), 600, "{text}");
    assert!(text.contains("第29层"), "{text}");
}
