//! Dangerous and malformed links through the real binary (issue 15, item 6): whatever the link policy
//! refuses — script and data schemes, file URLs, paths to other files, URLs a browser would have to repair,
//! over-long ones, anchors that name no heading — is in no output as a link (DOCX relationships, PDF `/URI`
//! actions, EPUB `href`s), its text is kept, and it is reported once. Accepted links still work, anchors to
//! headings included, and every output validates (qpdf, EPUBCheck, xmllint when installed).

mod common;

use common::{have, paiban, validate_outputs};
use std::path::{Path, PathBuf};
use std::process::Output;

/// Targets no output may link to, with what each stands for.
fn refused() -> Vec<(String, &'static str)> {
    let long_label = "a".repeat(64);
    let long = format!("https://example.org/{}", "x".repeat(9000));
    vec![
        ("javascript:alert(document.cookie)".into(), "script"),
        ("JavaScript:alert(1)".into(), "script, mixed case"),
        ("vbscript:msgbox(1)".into(), "script"),
        ("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==".into(), "data"),
        ("file://host/share/secret.txt".into(), "file share"),
        ("file:///etc/passwd".into(), "local file"),
        ("other.md".into(), "another file"),
        ("../notes/a.md#part".into(), "another file"),
        ("http://example.org:99999/".into(), "port out of range"),
        ("http://example.org/%zz".into(), "bad % escape"),
        ("<http://exa mple.org/>".into(), "space in the host"),
        ("http:///path".into(), "empty host"),
        (format!("https://{long_label}.example.org/"), "64-byte label"),
        ("https://user:pass@example.org/".into(), "credentials before the host"),
        ("mailto:nobody".into(), "no address"),
        ("#无此标题".into(), "no such heading"),
        (long, "longer than 8 KB"),
    ]
}

/// The link's text in the document: unique, so that each can be found in outputs and warnings.
fn text_of(k: usize) -> String {
    format!("链接文字{k}号")
}

/// A Markdown file with every refused link as `[text](target)`, two bare refused URLs, an accepted web
/// link, an accepted mail link and an anchor to a heading that exists.
fn markdown() -> String {
    let mut md = String::from("# 链接测试\n\n## 存在的标题\n\n");
    for (k, (url, _)) in refused().iter().enumerate() {
        let destination = if url.starts_with('<') { url.clone() } else { format!("<{url}>") };
        md.push_str(&format!("第{k}条：[{}]({destination})。\n\n", text_of(k)));
    }
    md.push_str("裸链接：http://example.org:99999/bare 与 http://example.org/%zzbare 。\n\n");
    md.push_str("好链接：[官网](https://example.org/好)、[来信](mailto:someone@example.org)、[回到标题](#存在的标题)。\n");
    md
}

/// Warnings, one per refused link: the Markdown links and the two bare URLs.
fn expected_warnings() -> usize {
    refused().len() + 2
}

fn convert(input: &Path, output: &Path) -> Output {
    paiban().arg(input).arg("-o").arg(output).output().expect("paiban runs")
}

/// The parts of the zip file at `path` whose names end in `suffix`, with their text.
fn zip_entries(path: &Path, suffix: &str) -> Vec<(String, String)> {
    let bytes = std::fs::read(path).expect("open");
    let names = common::zip_names(&bytes).into_iter().filter(|n| n.ends_with(suffix));
    names
        .map(|name| {
            let text = common::zip_text(&bytes, &name).expect("utf-8");
            (name, text)
        })
        .collect()
}

/// The values of `attribute="…"` in `xml`.
fn attribute_values(xml: &str, attribute: &str) -> Vec<String> {
    let needle = format!("{attribute}=\"");
    xml.split(&needle).skip(1).filter_map(|rest| rest.split('"').next()).map(str::to_owned).collect()
}

/// Every `/URI` of the PDF's actions, and the number of link annotations.
fn pdf_links(path: &Path) -> (Vec<String>, usize) {
    let pdf = lopdf::Document::load(path).expect("lopdf reads it");
    let mut uris = Vec::new();
    let mut annotations = 0;
    for object in pdf.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        if let Ok(uri) = dict.get(b"URI").and_then(lopdf::Object::as_str) {
            uris.push(String::from_utf8_lossy(uri).into_owned());
        }
        if dict.get(b"Subtype").and_then(lopdf::Object::as_name).ok() == Some(b"Link".as_slice()) {
            annotations += 1;
        }
    }
    (uris, annotations)
}

/// Whether `text` holds any refused target, or a telling piece of one.
fn holds_refused(text: &str) -> Option<String> {
    let schemes = ["javascript", "vbscript", "data:", "file:"];
    let files = ["other.md", "notes/a.md"];
    let malformed =
        ["99999", "%zz", "exa mple", "exa%20mple", "http:///", &"a".repeat(64), "user:pass", "nobody"];
    let lower = text.to_ascii_lowercase();
    let piece = schemes.iter().chain(&files).chain(&malformed).find(|p| lower.contains(*p));
    piece.map(|p| (*p).to_owned()).or_else(|| lower.contains("xxxxxxxxxx").then(|| "the long URL".to_owned()))
}

fn run_tool(command: &str, args: &[&str], file: &Path) -> Option<Output> {
    if !have(command) {
        paiban::skip!("skipping {command}: not installed");
        return None;
    }
    Some(std::process::Command::new(command).args(args).arg(file).output().expect("runs"))
}

fn pdftotext(path: &Path) -> Option<String> {
    let out = run_tool("pdftotext", &["-enc", "UTF-8"], path)?;
    let text_file = path.with_extension("txt");
    assert!(out.status.success());
    Some(std::fs::read_to_string(text_file).expect("pdftotext wrote the text"))
}

fn batch(name: &str, text: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).expect("mkdir");
    std::fs::write(input.join(name), text).expect("write");
    let output = dir.path().join("out");
    (dir, input, output)
}

#[test]
fn refused_links_are_text_in_every_output_and_reported_once_each() {
    let (_dir, input, output) = batch("links.md", &markdown());
    let result = convert(&input, &output);
    let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
    assert_eq!(result.status.code(), Some(0), "{stderr}");

    // One warning per refused link, naming it; none for the accepted ones.
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("is kept as text")).collect();
    assert_eq!(warnings.len(), expected_warnings(), "{stderr}");
    for k in 0..refused().len() {
        let mentions = warnings.iter().filter(|l| l.contains(&text_of(k))).count();
        assert_eq!(mentions, 1, "{}: {stderr}", refused()[k].1);
    }
    assert!(warnings
        .iter()
        .all(|l| l.starts_with(&format!("{}: warning:", input.join("links.md").display()))));
    assert!(!stderr.contains("example.org/好") && !stderr.contains("someone@"), "{stderr}");

    // DOCX: the only external relationships are the accepted links; the texts are all there.
    let docx = output.join("links.docx");
    let rels = common::zip_part(&docx, "word/_rels/document.xml.rels");
    let targets: Vec<String> =
        attribute_values(&rels, "Target").into_iter().filter(|t| t.contains(':')).collect();
    assert_eq!(targets, ["https://example.org/%E5%A5%BD", "mailto:someone@example.org"], "{rels}");
    let body = common::zip_part(&docx, "word/document.xml");
    let anchors = attribute_values(&body, "w:anchor");
    assert_eq!(anchors.len(), 1, "the anchor to an existing heading is an internal link");
    assert!(body.contains(&format!("w:name=\"{}\"", anchors[0])), "its bookmark is there");
    for k in 0..refused().len() {
        assert!(body.contains(&text_of(k)), "DOCX lost {}", text_of(k));
    }
    assert_eq!(holds_refused(&rels), None);

    // PDF: URI actions only for the accepted links; a destination for the anchor.
    let pdf = output.join("links.pdf");
    let (uris, annotations) = pdf_links(&pdf);
    assert_eq!(uris, ["https://example.org/%E5%A5%BD", "mailto:someone@example.org"]);
    assert_eq!(annotations, 3, "two web links and one to the heading");
    if let Some(text) = pdftotext(&pdf) {
        let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        for k in 0..refused().len() {
            assert!(text.contains(&text_of(k)), "PDF lost {}", text_of(k));
        }
    }

    // EPUB: hrefs only for the accepted links, the notes and the heading.
    let epub = output.join("links.epub");
    let chapters = zip_entries(&epub, ".xhtml");
    let all: String = chapters.iter().map(|(_, xhtml)| xhtml.as_str()).collect();
    let hrefs: Vec<String> =
        attribute_values(&all, "href").into_iter().filter(|h| !h.ends_with(".css")).collect();
    assert!(hrefs.contains(&"https://example.org/%E5%A5%BD".to_owned()), "{hrefs:?}");
    assert!(hrefs.contains(&"mailto:someone@example.org".to_owned()), "{hrefs:?}");
    assert!(hrefs.iter().any(|h| h.contains(".xhtml#h-")), "the anchor reaches its heading: {hrefs:?}");
    for href in &hrefs {
        assert_eq!(holds_refused(href), None, "{href}");
    }
    for k in 0..refused().len() {
        assert!(all.contains(&text_of(k)), "EPUB lost {}", text_of(k));
    }
    validate_outputs(&output);
}

#[test]
fn dangerous_targets_in_plain_text_are_text_and_nothing_else() {
    let mut text = String::from("关于链接的说明\n\n");
    for (url, _) in refused() {
        text.push_str(&format!("请勿访问{url}这个地址。\n\n"));
    }
    let (_dir, input, output) = batch("plain.txt", &text);
    let result = convert(&input, &output);
    let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
    assert_eq!(result.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("is kept as text"), "plain text has no links to refuse: {stderr}");
    let rels = common::zip_part(&output.join("plain.docx"), "word/_rels/document.xml.rels");
    assert!(!rels.contains("hyperlink"), "{rels}");
    assert_eq!(pdf_links(&output.join("plain.pdf")), (Vec::new(), 0));
    let body = common::zip_part(&output.join("plain.docx"), "word/document.xml");
    assert!(body.contains("javascript:alert(document.cookie)") && body.contains("file:///etc/passwd"));
    let chapters: String =
        zip_entries(&output.join("plain.epub"), ".xhtml").into_iter().map(|(_, x)| x).collect();
    assert!(!chapters.contains("<a href=\"javascript") && chapters.contains("vbscript:msgbox(1)"));
    validate_outputs(&output);
}
