//! Books and reports to a typesetter's standard (issue 22): measures of whole characters, so that a full
//! line of Han text is set solid; mirrored margins with the binding margin inside; both pages of every
//! spread ending on the same line; the title page crediting `罗贯中 著`.

mod common;

use lopdf::Object;
use paiban::backend::{pdf, RenderOptions, Timestamp};
use paiban::fonts::FontBook;
use paiban::layout::lay_out;
use paiban::model::{Block, Document, Inline};
use paiban::style::{Style, StyleName, PT_PER_MM};
use std::process::Command;

fn render(doc: &Document, style: &Style) -> Vec<u8> {
    let fonts = FontBook::new(&[]);
    let options = RenderOptions { style, fonts: &fonts, timestamp: Timestamp::DEFAULT, embed_fonts: true };
    pdf::render(doc, &options).expect("renders").bytes
}

/// A novel of `chapters` chapters of long paragraphs of Han characters only: every full line is set solid
/// or not at all.
fn novel(chapters: usize) -> Document {
    let mut doc = Document::default();
    doc.meta.title = Some("石头记".into());
    for c in 1..=chapters {
        doc.blocks.push(Block::Heading { level: 1, content: vec![Inline::Text(format!("第{c}回"))] });
        for _ in 0..12 {
            doc.blocks.push(Block::paragraph("天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏".repeat(7)));
        }
    }
    doc
}

#[test]
fn book_and_report_measures_are_whole_numbers_of_body_characters() {
    for name in [StyleName::Book, StyleName::Report] {
        let style = Style::preset(name);
        let chars = style.page.text_width_mm() * PT_PER_MM / style.body.size_pt;
        assert!((chars - chars.round()).abs() < 1e-3, "{name:?}: {chars} characters a line");
    }
}

#[test]
fn a_full_line_of_han_text_is_set_without_tracking() {
    for name in [StyleName::Book, StyleName::Report] {
        let style = Style::preset(name);
        let bytes = render(&novel(1), &style);
        let pdf = lopdf::Document::load_mem(&bytes).expect("lopdf reads it");
        // The body's runs (those at its size), with the character spacing they are shown with.
        let mut lines = 0;
        for (_, page) in pdf.get_pages() {
            let content = pdf.get_and_decode_page_content(page).expect("content");
            let (mut size, mut spacing) = (0.0, 0.0);
            for op in &content.operations {
                let number = |i: usize| op.operands.get(i).and_then(|o| o.as_float().ok()).unwrap_or(0.0);
                match (op.operator.as_str(), op.operands.as_slice()) {
                    ("Tf", _) => size = number(1),
                    ("Tc", _) => spacing = number(0),
                    ("TJ", [Object::Array(items)]) if (size - style.body.size_pt).abs() < 0.01 => {
                        lines += 1;
                        assert!(spacing.abs() < 1e-3, "{name:?}: character spacing {spacing}");
                        let moved: Vec<f32> = items.iter().filter_map(|o| o.as_float().ok()).collect();
                        assert!(moved.iter().all(|m| m.abs() < 0.01), "{name:?}: a glyph moved by {moved:?}");
                    }
                    _ => {}
                }
            }
        }
        assert!(lines > 20, "{name:?}: {lines} lines of body text");
    }
}

#[test]
fn book_pages_have_mirrored_margins_the_inner_one_wider() {
    let style = Style::preset(StyleName::Book);
    let (inner, outer) = (style.page.left_mm, style.page.right_mm);
    assert!(inner > outer, "inner {inner} mm, outer {outer} mm");
    let layout = lay_out(&novel(2), &style, &FontBook::new(&[])).expect("lays out");
    let mut seen = [false; 2];
    for (index, page) in layout.pages.iter().enumerate() {
        let body = &page.lines[..page.lines.len() - page.furniture];
        // The full lines of text: they start at the type area's left edge.
        let width = style.page.text_width_mm() * PT_PER_MM;
        let full = body.iter().filter(|l| l.line.right_pt() - l.line.left_pt() > width - 0.01);
        let Some(left) = full.map(|l| l.x_pt + l.line.left_pt()).reduce(f32::min) else { continue };
        let recto = index % 2 == 0;
        let margin = if recto { inner } else { outer };
        assert!((left - margin * PT_PER_MM).abs() < 0.01, "page {}: text at {left} pt", index + 1);
        seen[usize::from(recto)] = true;
    }
    assert_eq!(seen, [true, true], "rectos and versos both checked");
}

/// The depth of each page's text: the bottom of its lowest line as `pdftotext -bbox` measures it, and
/// whether a chapter opens on it (its text starts sunk below the top fifth of the page); the running head
/// (above `top`) and the folio (below `bottom`) left out.
fn page_depths(pdf_path: &std::path::Path, top: f32, bottom: f32) -> Option<Vec<Option<(f32, bool)>>> {
    let out =
        Command::new("pdftotext").args(["-bbox", "-enc", "UTF-8"]).arg(pdf_path).arg("-").output().ok()?;
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    let attr = |tag: &str, name: &str| -> f32 {
        let key = format!("{name}=\"");
        let at = tag.find(&key).map_or(0, |k| k + key.len());
        tag[at..].split('"').next().and_then(|v| v.parse().ok()).unwrap_or(0.0)
    };
    let sink = top + (bottom - top) / 5.0;
    let pages = html.split("<page ").skip(1).map(|page| {
        let words: Vec<(f32, f32)> = page
            .split("<word ")
            .skip(1)
            .map(|w| (attr(w, "yMin"), attr(w, "yMax")))
            .filter(|&(y_min, _)| y_min > top && y_min < bottom)
            .collect();
        let first = words.iter().map(|w| w.0).reduce(f32::min)?;
        Some((words.iter().map(|w| w.1).fold(0.0, f32::max), first > sink))
    });
    Some(pages.collect())
}

#[test]
fn sanguoyanyi_spreads_end_on_one_line_and_its_title_page_credits_the_author_after_the_name() {
    let Some(shared) = common::shared_dir("the 三国演义 spreads") else { return };
    if !common::have("pdftotext") {
        paiban::skip!("skipping the 三国演义 spreads: pdftotext is not installed");
        return;
    }
    let doc = common::parse(&shared.join("corpus/literature/sanguoyanyi.txt"));
    let style = Style::preset(StyleName::Book);
    let bytes = render(&doc, &style);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("sanguoyanyi.pdf");
    std::fs::write(&path, &bytes).expect("write");
    let top = style.page.top_mm * PT_PER_MM - 1.0;
    let bottom = (style.page.height_mm - style.page.bottom_mm) * PT_PER_MM + 1.0;
    let pages = page_depths(&path, top, bottom).expect("pdftotext runs");
    // Full mid-chapter spreads: an even page and the odd one after it, neither opening a chapter nor
    // ending one (the page after the spread continues the chapter).
    let (mut full, mut even) = (0, 0);
    for n in (2..pages.len().saturating_sub(1)).step_by(2) {
        let (Some(Some(verso)), Some(Some(recto)), Some(Some(after))) =
            (pages.get(n - 1), pages.get(n), pages.get(n + 1))
        else {
            continue;
        };
        if verso.1 || recto.1 || after.1 {
            continue;
        }
        full += 1;
        even += usize::from((verso.0 - recto.0).abs() < 0.5);
    }
    assert!(full > 200, "{full} full spreads");
    assert!(even * 100 >= full * 99, "{even} of {full} full mid-chapter spreads end on one line");
    let title =
        Command::new("pdftotext").args(["-f", "1", "-l", "1", "-enc", "UTF-8"]).arg(&path).arg("-").output();
    let title = String::from_utf8_lossy(&title.expect("pdftotext runs").stdout).into_owned();
    assert!(title.lines().any(|l| l.trim() == "罗贯中 著"), "{title}");
}
