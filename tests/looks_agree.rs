//! The PDF, the DOCX and the EPUB of one gongwen agree on the looks its style decides, each read back from
//! the file itself: the run-in lead sentence in 黑体 (仿宋 has no bold), emphasis in 楷体 with only its Latin
//! slanted, and the signature and date set flush right, 2 and 4 characters in from the right margin.

mod common;

use common::have;
use paiban::fonts::{Face, FontBook};
use paiban::model::{Block, Document, Inline, Role};
use paiban::style::{Style, StyleName};
use paiban::{Format, RenderOptions, Timestamp};
use std::io::Read;

const LEAD: &str = "一是统一标准。";
const EMPHASISED: &str = "参见Nature论文";
const SIGNATURE: &str = "某某市人民政府办公室";
const DATE: &str = "2026年12月7日";

fn document() -> Document {
    let mut doc = Document::default();
    doc.meta.title = Some("关于做好排版工作的通知".into());
    let text = |t: &str| Inline::Text(t.into());
    doc.blocks = vec![
        Block::Paragraph {
            role: Role::Body,
            content: vec![Inline::Strong(vec![text(LEAD)]), text("各单位要按照要求执行。")],
        },
        Block::Paragraph {
            role: Role::Body,
            content: vec![text("正文"), Inline::Emph(vec![text(EMPHASISED)]), text("。")],
        },
        Block::Paragraph { role: Role::Signature, content: vec![text(SIGNATURE)] },
        Block::Paragraph { role: Role::Date, content: vec![text(DATE)] },
    ];
    doc
}

fn render(style: &Style, format: Format) -> Vec<u8> {
    let fonts = FontBook::new(&[]);
    let options = RenderOptions { style, fonts: &fonts, timestamp: Timestamp::DEFAULT, embed_fonts: true };
    paiban::backend::render(format, &document(), &options).expect("renders").bytes
}

/// The text of page 1 of a PDF as runs: (the font's base name, whether it is slanted, the text), runs of
/// one font and slant merged.
fn pdf_runs(bytes: &[u8]) -> Vec<(String, bool, String)> {
    let mut runs: Vec<(String, bool, String)> = Vec::new();
    for run in common::pdf::text_runs(bytes, 1) {
        match runs.last_mut() {
            Some(last) if last.0 == run.font && last.1 == run.slanted => last.2.push_str(&run.text),
            _ => runs.push((run.font, run.slanted, run.text)),
        }
    }
    runs
}

/// The PDF font of the run holding `text`, and whether that run is slanted.
fn pdf_face_of<'a>(runs: &'a [(String, bool, String)], text: &str) -> (&'a str, bool) {
    runs.iter()
        .find(|(_, _, t)| t.contains(text))
        .map(|(font, slanted, _)| (font.as_str(), *slanted))
        .unwrap_or_else(|| panic!("no run holds {text}: {runs:?}"))
}

/// The PostScript name of a bundled face, as a PDF's `BaseFont` ends.
fn postscript(face: Face) -> &'static str {
    match face {
        Face::Sans => "NotoSansSC-Regular",
        Face::Kai => "FandolKai-Regular",
        Face::Fang => "FandolFang-Regular",
        other => panic!("not used here: {other:?}"),
    }
}

#[test]
fn lead_sentence_emphasis_and_closing_block_agree_in_pdf_docx_and_epub() {
    let style = Style::preset(StyleName::Gongwen);
    let accents = style.accents;
    let lead_face = accents.strong(style.body.face).0;
    let emph_face = accents.emph(style.body.face);
    assert_eq!(
        (lead_face, emph_face),
        (Face::Sans, Face::Kai),
        "GB/T 9704 practice: 黑体 leads, 楷体 emphasis"
    );

    // PDF: the fonts the text is drawn in, read from the content stream and each font's ToUnicode map.
    let runs = pdf_runs(&render(&style, Format::Pdf));
    let (font, _) = pdf_face_of(&runs, "统一标准");
    assert!(font.ends_with(postscript(lead_face)), "PDF lead sentence in {font}");
    let (font, slanted) = pdf_face_of(&runs, "论文");
    assert!(font.ends_with(postscript(emph_face)) && !slanted, "PDF emphasised Han in {font}, upright");
    let (font, slanted) = pdf_face_of(&runs, "Nature");
    assert!(font.ends_with(postscript(emph_face)) && slanted, "PDF emphasised Latin in {font}, slanted");

    // DOCX: the character styles name the same office faces; only the Latin run is italic.
    let docx = render(&style, Format::Docx);
    let styles = common::zip_text(&docx, "word/styles.xml").expect("word/styles.xml");
    let char_style = |id: &str| {
        let start = styles.find(&format!(r#"w:styleId="{id}""#)).expect(id);
        styles[start..].split("</w:style>").next().expect("style").to_owned()
    };
    let office = |face: Face| face.names().office_gb2312.name;
    assert!(char_style("RunInHeading").contains(&format!(r#"w:eastAsia="{}""#, office(lead_face))));
    let emphasis = char_style("Emphasis");
    assert!(emphasis.contains(&format!(r#"w:eastAsia="{}""#, office(emph_face))), "{emphasis}");
    assert!(!emphasis.contains("<w:i/>") && !emphasis.contains("w:em "), "{emphasis}");
    let body = common::zip_text(&docx, "word/document.xml").expect("word/document.xml");
    let run_of = |text: &str| {
        let at = body.find(text).unwrap_or_else(|| panic!("{text} in the DOCX"));
        let start = body[..at].rfind("<w:r>").expect("run start");
        body[start..at].to_owned()
    };
    assert!(
        run_of("Nature").contains("<w:i />") || run_of("Nature").contains("<w:i/>"),
        "{}",
        run_of("Nature")
    );
    assert!(!run_of("论文").contains("<w:i"), "{}", run_of("论文"));

    // EPUB: the stylesheet sets the same faces, upright, and only the Latin run is marked for slanting.
    let epub = render(&style, Format::Epub);
    let css = common::zip_text(&epub, "OEBPS/stylesheet.css").expect("OEBPS/stylesheet.css");
    let rule = |selector: &str| {
        css.lines()
            .find(|l| l.starts_with(&format!("{selector} {{")))
            .unwrap_or_else(|| panic!("{selector}"))
            .to_owned()
    };
    assert!(rule("strong").contains(lead_face.names().css) && rule("strong").contains("font-weight: normal"));
    assert!(rule("em").contains(emph_face.names().css) && rule("em").contains("font-style: normal"));
    assert!(rule("em span.latin").contains("italic"));
    let xhtml = (1..=9).map(|n| format!("OEBPS/chapter-{n:03}.xhtml")).find_map(|name| {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&epub)).ok()?;
        let mut text = String::new();
        archive.by_name(&name).ok()?.read_to_string(&mut text).ok()?;
        text.contains("Nature").then_some(text)
    });
    let xhtml = xhtml.expect("a chapter holds the text");
    assert!(xhtml.contains(r#"<em>参见<span class="latin">Nature</span>论文</em>"#), "{xhtml}");

    // Signature and date: the style's distances, in characters, in all three.
    let closing = style.closing;
    assert_eq!((closing.signature_right_em, closing.date_right_em), (2.0, 4.0));
    for (selector, em) in [("p.signature", closing.signature_right_em), ("p.date", closing.date_right_em)] {
        assert!(rule(selector).contains(&format!("margin-right: {em}em")), "{}", rule(selector));
    }
    for (id, em) in [("Signature", closing.signature_right_em), ("ClosingDate", closing.date_right_em)] {
        let s = char_style(id);
        assert!(s.contains(&format!(r#"w:rightChars="{}""#, em * 100.0)), "{s}");
    }
    if !have("pdftotext") {
        paiban::skip!("skipping the PDF closing-block positions: pdftotext is not installed");
        return;
    }
    let file = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(file.path(), render(&style, Format::Pdf)).expect("write");
    let out = std::process::Command::new("pdftotext").args(["-bbox"]).arg(file.path()).arg("-").output();
    let html = String::from_utf8(out.expect("pdftotext runs").stdout).expect("utf-8");
    let right_edge = |word: &str| {
        html.lines()
            .find(|l| l.contains(&format!(">{word}</word>")))
            .and_then(|l| l.split("xMax=\"").nth(1))
            .and_then(|r| r.split('"').next())
            .and_then(|v| v.parse::<f32>().ok())
            .unwrap_or_else(|| panic!("{word} in the PDF"))
    };
    // The type area's right edge, and the body size (the grid's character cell is a hair wider).
    let right_margin_pt = (style.page.width_mm - style.page.right_mm) * 72.0 / 25.4;
    let cell = style.page.text_width_mm() * 72.0 / 25.4 / 28.0;
    for (word, em) in [(SIGNATURE, closing.signature_right_em), (DATE, closing.date_right_em)] {
        let inset = (right_margin_pt - right_edge(word)) / cell;
        assert!((inset - em).abs() < 0.2, "{word} sits {inset:.2} characters in, not {em}");
    }
}
