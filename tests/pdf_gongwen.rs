//! GB/T 9704 proof: a speech in the `gongwen` style, read back from the PDF with `pdftotext -bbox-layout`,
//! has 22 lines on every full page, 28 characters on every full body line, and its type area at (28 mm,
//! 37 mm). Runs on the speech written for the project (`tests/fixtures/speech-rural-water.txt`) and, when
//! `../shared/corpus` is present, on the seed speech too; skips with a message when poppler is absent.

mod common;

use paiban::backend::{pdf, RenderOptions, Timestamp};
use paiban::fonts::FontBook;
use paiban::read::{read_path, ReadOptions};
use paiban::style::{Style, StyleName};
use std::path::Path;
use std::process::Command;

const PT_PER_MM: f64 = 72.0 / 25.4;

/// One text line as pdftotext sees it: its box in points from the page's top-left, and its text.
#[derive(Debug)]
struct TextLine {
    x_min: f64,
    y_min: f64,
    /// Height of the box: ascent plus descent of the line's font, which tells FangSong body lines apart.
    height: f64,
    text: String,
}

fn attr(tag: &str, name: &str) -> f64 {
    let key = format!("{name}=\"");
    tag.find(&key)
        .and_then(|i| tag.get(i + key.len()..))
        .and_then(|rest| rest.split('"').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN)
}

/// Pages of lines from `pdftotext -bbox-layout` output (XHTML: page > flow > block > line > word).
fn parse_pages(html: &str) -> Vec<Vec<TextLine>> {
    let mut pages = Vec::new();
    for page in html.split("<page ").skip(1) {
        let mut lines = Vec::new();
        for chunk in page.split("<line ").skip(1) {
            let tag = chunk.split('>').next().unwrap_or("");
            let text: String = chunk
                .split("<word ")
                .skip(1)
                .filter_map(|w| w.split_once('>').and_then(|(_, rest)| rest.split("</word>").next()))
                .collect::<Vec<_>>()
                .join("");
            let y_min = attr(tag, "yMin");
            lines.push(TextLine { x_min: attr(tag, "xMin"), y_min, height: attr(tag, "yMax") - y_min, text });
        }
        // A change of face inside a line (a run-in heading in Hei) may come out as two lines on one baseline.
        lines.sort_by(|a, b| a.y_min.total_cmp(&b.y_min).then(a.x_min.total_cmp(&b.x_min)));
        let mut merged: Vec<TextLine> = Vec::new();
        for line in lines {
            match merged.last_mut() {
                Some(prev) if (prev.y_min - line.y_min).abs() < 1.0 => prev.text.push_str(&line.text),
                _ => merged.push(line),
            }
        }
        pages.push(merged);
    }
    pages
}

#[test]
fn a_speech_in_gongwen_has_22_lines_of_28_characters_at_28_by_37_mm() {
    if !common::have("pdftotext") {
        paiban::skip!("skipping: pdftotext not available");
        return;
    }
    let mut speeches =
        vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/speech-rural-water.txt")];
    if let Some(shared) = common::shared_dir("the gongwen grid on the corpus seed") {
        speeches.push(shared.join("corpus/seed-speech.txt"));
    }
    for speech in speeches {
        let parsed = read_path(&speech, ReadOptions::default()).expect("the speech reads");
        has_22_lines_of_28_characters_at_28_by_37_mm(&speech.display().to_string(), &parsed.document);
    }
}

fn has_22_lines_of_28_characters_at_28_by_37_mm(name: &str, doc: &paiban::model::Document) {
    let style = Style::preset(StyleName::Gongwen);
    let fonts = FontBook::new(&[]);
    let options =
        RenderOptions { style: &style, fonts: &fonts, timestamp: Timestamp::DEFAULT, embed_fonts: true };
    let output = pdf::render(doc, &options).expect("renders");
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("speech.pdf");
    std::fs::write(&file, &output.bytes).expect("write");
    let result = Command::new("pdftotext")
        .args(["-bbox-layout", "-enc", "UTF-8"])
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(result.status.success(), "{name}");
    let pages = parse_pages(&String::from_utf8_lossy(&result.stdout));
    assert!(pages.len() >= 3, "{name}: {} pages", pages.len());

    let (top, bottom) = (37.0 * PT_PER_MM, (37.0 + 225.0) * PT_PER_MM);
    let (left, width) = (28.0 * PT_PER_MM, 156.0 * PT_PER_MM);
    let pitch = 225.0 * PT_PER_MM / 22.0;
    let size = 16.0;
    let cell = width / 28.0;
    // Body lines are those inside the type area; the page number sits 7 mm below it.
    // pdftotext's box is the font's ascent and descent: for FangSong exactly the 16 pt em (its top is the
    // em box's top), so only those lines tell where the line box lies.
    let body = |page: &Vec<TextLine>| -> Vec<(f64, f64, String)> {
        page.iter()
            .filter(|l| l.y_min > top - 1.0 && l.y_min < bottom)
            .map(|l| {
                (l.x_min, if (l.height - size).abs() < 0.01 { l.y_min } else { f64::NAN }, l.text.clone())
            })
            .collect()
    };
    let last = pages.len() - 1;
    let mut full_lines = 0;
    for (n, page) in pages.iter().enumerate() {
        let lines = body(page);
        if n == 0 || n == last {
            assert!(lines.len() <= 22, "{name}: page {} has {} lines", n + 1, lines.len());
            continue;
        }
        assert_eq!(lines.len(), 22, "{name}: full page {} holds 22 lines: {:#?}", n + 1, lines);
        // Line boxes (one pitch each, the em centred in it) start at 37 mm and step by 225 mm / 22.
        for (k, (_, y, _)) in lines.iter().enumerate().filter(|(_, (_, y, _))| !y.is_nan()) {
            let box_top = y - (pitch - size) / 2.0;
            let expected = top + k as f64 * pitch;
            assert!(
                (box_top - expected).abs() < 0.3,
                "{name}: page {} line {k}: box top {box_top}, not {expected}",
                n + 1
            );
        }
        // Every line that runs to the right edge of the type area is a full line of 28 cells; a closing mark
        // pulled up by compression (at most two, set half width in the last cell) may follow the 28th.
        for (x, _, text) in &lines {
            let chars: Vec<char> = text.chars().collect();
            let flush_left = (x - left).abs() < 0.5;
            let indented = (x - left - 2.0 * cell).abs() < 0.5;
            assert!(flush_left || indented || chars.len() < 28, "{name}: line at x {x}: {text}");
            // Digits and Latin letters are half-width: two take one cell.
            let own: f64 = chars.iter().map(|c| if c.is_ascii() { 0.5 } else { 1.0 }).sum();
            let cells = own + if indented { 2.0 } else { 0.0 };
            if cells >= 28.0 {
                let over = (cells - 28.0).ceil() as usize;
                let extra = &chars[chars.len() - over..];
                assert!(
                    over <= 2 && extra.iter().all(|c| "。，、；：！？”’）》」』".contains(*c)),
                    "{name}: full line of {cells} cells: {text}"
                );
                full_lines += 1;
            }
        }
    }
    assert!(full_lines >= 30, "{name}: only {full_lines} full lines checked");
    // The type area's origin: the first body page's flush-left lines start at 28 mm, its first line box at 37 mm.
    let first_page = body(&pages[1]);
    assert!(first_page.iter().any(|(x, _, _)| (x - left).abs() < 0.3), "{name}: no line starts at 28 mm");
    let (_, y0, _) = &first_page[0];
    assert!(
        ((y0 - (pitch - size) / 2.0) - top).abs() < 0.3,
        "{name}: first line box at {y0}, type area top {top}"
    );
}
