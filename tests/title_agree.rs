//! A title too long for one line is broken the same way in the PDF and the DOCX (GB/T 9704 §7.3.1): between
//! whole words, keeping the lines the source gave it where they fall between words. The DOCX carries the
//! breaks as `w:br`, so Word and LibreOffice do not end a line inside a word of their own accord.

mod common;

use common::pdf::{text_runs, TextRun};
use common::zip_text;
use paiban::fonts::FontBook;
use paiban::model::{Block, Document, Meta, Role, TITLE_AS_WRITTEN};
use paiban::style::{Style, StyleName};
use paiban::{RenderOptions, Timestamp};

/// A notice titled `title`, written over the lines `written` gives (joined by `\n`) when it is set.
fn notice(title: &str, written: Option<&str>) -> Document {
    let mut meta = Meta { title: Some(title.into()), ..Meta::default() };
    if let Some(written) = written {
        meta.extra.insert(TITLE_AS_WRITTEN.into(), written.into());
    }
    let mut doc = Document { meta, ..Document::default() };
    doc.blocks.push(Block::paragraph("为切实做好有关工作，现将有关事项通知如下。"));
    doc.blocks.push(Block::Paragraph {
        role: Role::Date,
        content: vec![paiban::model::Inline::Text("2026年11月20日".into())],
    });
    doc
}

fn options<'a>(style: &'a Style, fonts: &'a FontBook) -> RenderOptions<'a> {
    RenderOptions { style, fonts, timestamp: Timestamp::DEFAULT, embed_fonts: true }
}

/// The title's lines on the PDF's first page: the runs in the title's size, by baseline.
fn pdf_lines(doc: &Document, style: &Style, fonts: &FontBook) -> Vec<String> {
    let bytes = paiban::backend::pdf::render(doc, &options(style, fonts)).expect("PDF").bytes;
    let runs = text_runs(&bytes, 1);
    let mut lines: Vec<(f32, String)> = Vec::new();
    for r in runs.iter().filter(|r: &&TextRun| r.size == style.title.size_pt) {
        match lines.last_mut() {
            Some((y, text)) if (*y - r.y).abs() < 0.1 => text.push_str(&r.text),
            _ => lines.push((r.y, r.text.clone())),
        }
    }
    lines.into_iter().map(|(_, t)| t).collect()
}

/// The title's lines in the DOCX: the Title paragraph's text, split at its `w:br`s.
fn docx_lines(doc: &Document, style: &Style, fonts: &FontBook) -> Vec<String> {
    let bytes = paiban::backend::docx::render(doc, &options(style, fonts)).expect("DOCX").bytes;
    let xml = zip_text(&bytes, "word/document.xml").expect("document.xml");
    let start = xml.find("<w:pStyle w:val=\"Title\"").expect("a Title paragraph");
    let para = &xml[start..start + xml[start..].find("</w:p>").expect("its end")];
    let mut lines = vec![String::new()];
    for piece in para.split('<').skip(1) {
        if piece.starts_with("w:br") {
            lines.push(String::new());
        } else if let Some(text) = piece.strip_prefix("w:t>").or_else(|| {
            piece.split_once('>').and_then(|(tag, text)| (tag.starts_with("w:t ")).then_some(text))
        }) {
            lines.last_mut().expect("a line").push_str(text);
        }
    }
    lines
}

#[test]
fn the_pdf_and_the_docx_break_a_long_title_alike_between_words() {
    let style = Style::preset(StyleName::Gongwen);
    let fonts = FontBook::new(&[]);
    let cases: [(&str, Option<&str>, &[&str]); 4] = [
        // The source's own break, between words: kept.
        (
            "国务院关于河北雄安新区总体规划（2018—2035年）的批复",
            Some("国务院关于河北雄安新区\n总体规划（2018—2035年）的批复"),
            &["国务院关于河北雄安新区", "总体规划（2018—2035年）的批复"],
        ),
        // A source break inside a cited name: the title is broken anew, the name whole.
        (
            "国务院办公厅关于印发《政府网站集约化试点工作方案》的通知",
            Some("国务院办公厅关于印发《政府网站集约化\n试点工作方案》的通知"),
            &["国务院办公厅关于印发", "《政府网站集约化试点工作方案》的通知"],
        ),
        // No source lines: balanced lines between words.
        (
            "国务院办公厅关于湖北省巴东县地质灾害险情有关问题的复函",
            None,
            &["国务院办公厅关于湖北省巴东县", "地质灾害险情有关问题的复函"],
        ),
        // A title that fits: one line, no break.
        ("关于做好冬季校园安全工作的通知", None, &["关于做好冬季校园安全工作的通知"]),
    ];
    for (title, written, expected) in cases {
        let doc = notice(title, written);
        assert_eq!(pdf_lines(&doc, &style, &fonts), expected, "PDF of {title}");
        assert_eq!(docx_lines(&doc, &style, &fonts), expected, "DOCX of {title}");
    }
}
