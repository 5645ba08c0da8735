//! A speech as DOCX, read back by other programs: pandoc must find the series line, the title, every heading
//! at its level and the model's text, and LibreOffice must lay the gongwen file out in pages of 22 body
//! lines with `— n —` page numbers outside. The checks run on the speech written for the project
//! (`tests/fixtures/speech-rural-water.txt`) and, when `../shared/corpus` is present, on the seed speech
//! too. Each check skips with a message when its tool is absent.

mod common;

use common::{have, shared_dir};
use paiban::fonts::FontBook;
use paiban::model::{plain_text, Block, Document, Role};
use paiban::style::{Style, StyleName};
use paiban::{RenderOptions, Timestamp};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The speech at `path` as the pipeline gives it to backends (boilerplate omitted).
fn speech(path: &Path) -> Document {
    let mut doc = paiban::read::read_path(path, Default::default()).expect("the speech reads").document;
    paiban::transform::omit_boilerplate(&mut doc);
    doc
}

/// The speeches the checks run on: (name, document) of the fixture, and of the corpus seed when
/// `../shared/corpus` is present (else a one-line message names `test`).
fn speeches(test: &str) -> Vec<(&'static str, Document)> {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/speech-rural-water.txt");
    let mut out = vec![("speech-rural-water", speech(&fixture))];
    if let Some(shared) = shared_dir(&format!("{test} on the corpus seed")) {
        out.push(("seed-speech", speech(&shared.join("corpus/seed-speech.txt"))));
    }
    out
}

fn write_docx(doc: &Document, name: StyleName, dir: &Path) -> PathBuf {
    let style = Style::preset(name);
    let fonts = FontBook::new(&[]);
    let options =
        RenderOptions { style: &style, fonts: &fonts, timestamp: Timestamp::DEFAULT, embed_fonts: false };
    let out = paiban::backend::docx::render(doc, &options).expect("renders");
    let path = dir.join("seed.docx");
    std::fs::write(&path, out.bytes).expect("write");
    path
}

fn run(command: &mut Command) -> String {
    let out = command.output().expect("runs");
    assert!(out.status.success(), "{command:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn pandoc_reads_the_title_headings_and_text_of_a_speech() {
    if !have("pandoc") {
        paiban::skip!("skipping: pandoc is not installed");
        return;
    }
    for (name, doc) in speeches("pandoc_reads_the_title_headings_and_text_of_a_speech") {
        pandoc_reads_the_title_headings_and_text(name, &doc);
    }
}

fn pandoc_reads_the_title_headings_and_text(name: &str, doc: &Document) {
    let dir = tempfile::tempdir().expect("tempdir");
    let docx = write_docx(doc, StyleName::Gongwen, dir.path());
    let markdown =
        run(Command::new("pandoc").args(["-f", "docx", "-t", "markdown", "-s", "--wrap=none"]).arg(&docx));
    // The title block is body text, series line first, as in PDF and EPUB (pandoc reads no page header, and
    // takes Title-styled paragraphs as metadata only when they lead, so the title is a paragraph here).
    let title = doc.meta.title.clone().expect("the speech has a title");
    let series = doc.meta.series.as_ref().expect("the speech has a series line");
    let number = format!("№{}", series.index.expect("a series number"));
    let leading: Vec<&str> = markdown.lines().filter(|l| !l.trim().is_empty()).take(2).collect();
    assert_eq!(leading.len(), 2, "{name}: {markdown}");
    assert!(
        leading[0].contains(&series.name) && leading[0].contains(&number) && leading[1] == title,
        "{name}: {leading:?}"
    );
    // Every heading at its level: `#` for 一、, `##` for （一）.
    let headings: Vec<(usize, &str)> = markdown
        .lines()
        .filter_map(|l| {
            let level = l.chars().take_while(|c| *c == '#').count();
            Some((level, l.get(level..)?.strip_prefix(' ')?)).filter(|_| level > 0)
        })
        .collect();
    let expected: Vec<(usize, String)> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level, content } => Some((usize::from(*level), plain_text(content))),
            _ => None,
        })
        .collect();
    assert!(expected.iter().filter(|(level, _)| *level == 1).count() == 3, "{name}: three sections");
    let expected: Vec<(usize, &str)> = expected.iter().map(|(level, text)| (*level, text.as_str())).collect();
    assert_eq!(headings, expected, "{name}");

    // Text: every heading and paragraph of the model, in order, as pandoc's plain text lines.
    let plain = run(Command::new("pandoc").args(["-f", "docx", "-t", "plain", "--wrap=none"]).arg(&docx));
    let lines: Vec<&str> = plain.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let texts: Vec<String> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { content, .. } => Some(plain_text(content)),
            Block::Paragraph { role, content } if *role != Role::Boilerplate => Some(plain_text(content)),
            _ => None,
        })
        .collect();
    // The title-block lines lead the plain text (pandoc prints no metadata there).
    let body = &lines[lines.len() - texts.len()..];
    // pandoc's plain writer turns curly quotes straight; compare with them normalised.
    let straight = |s: &str| s.replace(['“', '”'], "\"").replace(['‘', '’'], "'");
    for (got, want) in body.iter().zip(&texts) {
        assert_eq!(straight(got), straight(want), "{name}");
    }
}

#[test]
fn libreoffice_sets_gongwen_pages_of_22_lines_with_outside_page_numbers() {
    if !have("soffice") || !have("pdftotext") {
        paiban::skip!("skipping: LibreOffice (soffice) or pdftotext is not installed");
        return;
    }
    for (name, doc) in speeches("libreoffice_sets_gongwen_pages_of_22_lines_with_outside_page_numbers") {
        libreoffice_sets_gongwen_pages(name, &doc);
    }
}

fn libreoffice_sets_gongwen_pages(name: &str, doc: &Document) {
    let dir = tempfile::tempdir().expect("tempdir");
    let docx = write_docx(doc, StyleName::Gongwen, dir.path());
    let profile = format!("-env:UserInstallation=file://{}/profile", dir.path().display());
    run(Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&docx));
    let text = run(Command::new("pdftotext").arg("-layout").arg(dir.path().join("seed.pdf")).arg("-"));
    let pages: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    assert!(pages.len() >= 3, "{name} fills several pages");
    let is_number = |l: &str| {
        let t: String = l.chars().filter(|c| !c.is_whitespace()).collect();
        t.starts_with('—') && t.ends_with('—') && t.trim_matches('—').chars().all(|c| c.is_ascii_digit())
    };
    for (index, page) in pages.iter().enumerate() {
        let n = index + 1;
        let number =
            page.lines().find(|l| is_number(l)).unwrap_or_else(|| panic!("{name}: page {n} has no — n —"));
        let digits: String = number.chars().filter(char::is_ascii_digit).collect();
        assert_eq!(digits, n.to_string(), "{name}");
        // Odd numbers sit right, even ones left (pdftotext keeps the horizontal position as indentation).
        let indent = number.chars().take_while(|c| c.is_whitespace()).count();
        if n % 2 == 0 {
            assert!(indent < 4, "{name}: page {n}'s number is at the left: {number:?}");
        } else {
            assert!(indent > 20, "{name}: page {n}'s number is at the right: {number:?}");
        }
        let body_lines = page.lines().filter(|l| !l.trim().is_empty() && !is_number(l)).count();
        // Full pages (not the first with its title block and header, not the last) hold 22 lines.
        if n > 1 && n < pages.len() {
            assert_eq!(body_lines, 22, "{name}: page {n}:\n{page}");
        }
    }
}

/// A real 40 × 20 RGB PNG (stored, uncompressed deflate blocks), so viewers can decode it.
fn red_png() -> Vec<u8> {
    fn crc(data: &[u8]) -> u32 {
        let mut c = 0xFFFF_FFFFu32;
        for &b in data {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 == 1 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            }
        }
        !c
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(&u32::try_from(data.len()).expect("small").to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc(&body).to_be_bytes());
    }
    let (w, h) = (40u32, 20u32);
    // Each row: filter type 0, then the pixels.
    let row: Vec<u8> = std::iter::once(0).chain((0..w).flat_map(|_| [200, 30, 30])).collect();
    let raw: Vec<u8> = (0..h).flat_map(|_| row.iter().copied()).collect();
    // zlib stream with one stored block, and its Adler-32.
    let mut z = vec![0x78, 0x01, 0x01];
    let len = u16::try_from(raw.len()).expect("small");
    z.extend_from_slice(&len.to_le_bytes());
    z.extend_from_slice(&(!len).to_le_bytes());
    z.extend_from_slice(&raw);
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in &raw {
        a = (a + u32::from(byte)) % 65521;
        b = (b + a) % 65521;
    }
    z.extend_from_slice(&((b << 16) | a).to_be_bytes());
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &z);
    chunk(&mut png, b"IEND", &[]);
    png
}

#[test]
fn markdown_with_list_table_link_image_and_footnote_survives_pandoc_and_libreoffice() {
    let source = "# 样例\n\n正文含[链接](https://example.org/)。\n\n- 第一项\n- 第二项\n\n\
                  | 名称 | 数量 |\n|:---|---:|\n| 苹果 | 3 |\n\n![红色方块](red.png)\n";
    let (mut doc, _) = paiban::read::markdown::read_markdown(source);
    // The footnote is added to the model directly: this test is about the DOCX, not the Markdown reader.
    doc.blocks.push(Block::Paragraph {
        role: Role::Body,
        content: vec![
            paiban::model::Inline::Text("脚注在此".into()),
            paiban::model::Inline::Note(vec![Block::paragraph("脚注内容。")]),
        ],
    });
    doc.resources
        .insert("red.png".into(), paiban::image::check(red_png(), u64::MAX).expect("a sound PNG").resource);
    let dir = tempfile::tempdir().expect("tempdir");
    let docx = write_docx(&doc, StyleName::Report, dir.path());
    if have("pandoc") {
        let media = dir.path().join("media");
        let markdown = run(Command::new("pandoc")
            .args(["-f", "docx", "-t", "markdown", "--wrap=none", "--extract-media"])
            .arg(&media)
            .arg(&docx));
        for needle in ["https://example.org/", "[^1]", "脚注内容。", "-   第一项", "苹果", "![", "红色方块"]
        {
            assert!(markdown.contains(needle), "missing {needle} in\n{markdown}");
        }
        assert!(
            markdown.contains("width=\"0.41") || markdown.contains("width=\"0.42"),
            "40 px at 96 dpi: {markdown}"
        );
    } else {
        paiban::skip!("skipping the pandoc part: pandoc is not installed");
    }
    if have("soffice") && have("pdftotext") {
        let profile = format!("-env:UserInstallation=file://{}/profile", dir.path().display());
        run(Command::new("soffice")
            .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
            .arg(dir.path())
            .arg(&docx));
        let text = run(Command::new("pdftotext").arg(dir.path().join("seed.pdf")).arg("-"));
        assert!(text.contains("苹果") && text.contains("脚注内容"), "{text}");
    } else {
        paiban::skip!("skipping the LibreOffice part: soffice or pdftotext is not installed");
    }
}
