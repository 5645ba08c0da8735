//! The title area of a gongwen PDF, read back from the page (issue 18 items 1, 2, 9): the 版头's red
//! 发文机关标志 35 mm below the type area's top, the 发文字号 printed once and centred, the red rule 4 mm
//! under it, a decree's header 20 mm down, and the body after them on the seed's line grid (22 × 28 at
//! 28.99 pt) again.

mod common;

use common::pdf::{render_preset, stroked_lines, text_runs, TextRun};
use paiban::model::{Block, Document, Meta, Role};
use paiban::style::{StyleName, EM_BOX_ASCENT, EM_BOX_DEPTH};
use std::process::Command;

const PT_PER_MM: f32 = 72.0 / 25.4;
const PAGE_HEIGHT: f32 = 297.0 * PT_PER_MM;
const TOP: f32 = 37.0 * PT_PER_MM;
const LEFT: f32 = 28.0 * PT_PER_MM;
const WIDTH: f32 = 156.0 * PT_PER_MM;
const PITCH: f32 = 225.0 * PT_PER_MM / 22.0;

fn notice(meta: Meta) -> Document {
    let para =
        |role, text: &str| Block::Paragraph { role, content: vec![paiban::model::Inline::Text(text.into())] };
    let mut doc = Document { meta, ..Document::default() };
    doc.blocks.push(para(Role::Salutation, "各区教育局，市属各学校："));
    doc.blocks.push(Block::paragraph("为切实做好今冬明春校园安全工作，现将有关事项通知如下。"));
    doc.blocks.push(para(Role::Date, "2026年11月20日"));
    doc
}

fn render(doc: &Document) -> Vec<u8> {
    render_preset(doc, StyleName::Gongwen)
}

/// The run showing `text` on page 1, and its baseline from the type area's top.
fn run<'a>(runs: &'a [TextRun], text: &str) -> (&'a TextRun, f32) {
    let found: Vec<&TextRun> = runs.iter().filter(|r| r.text == text).collect();
    assert_eq!(found.len(), 1, "{text:?} printed once: {runs:#?}");
    (found[0], PAGE_HEIGHT - found[0].y - TOP)
}

/// The horizontal centre of the line `text` as `pdftotext -bbox` measures it, from the paper's left edge.
fn centre_of(bytes: &[u8], text: &str) -> Option<f32> {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("title.pdf");
    std::fs::write(&file, bytes).expect("write");
    let out = Command::new("pdftotext")
        .args(["-f", "1", "-l", "1", "-bbox", "-enc", "UTF-8"])
        .arg(&file)
        .arg("-")
        .output()
        .ok()?;
    let html = String::from_utf8_lossy(&out.stdout);
    let attr = |tag: &str, name: &str| -> f32 {
        let key = format!("{name}=\"");
        let rest = &tag[tag.find(&key).expect("attribute") + key.len()..];
        rest.split('"').next().and_then(|v| v.parse().ok()).expect("a number")
    };
    // The words of the line that starts with the number's first word (`某教发〔2026〕12号` may come out as
    // several).
    let words: Vec<(String, f32, f32, f32)> = html
        .split("<word ")
        .skip(1)
        .filter_map(|w| {
            let (_, rest) = w.split_once('>')?;
            Some((
                rest.split("</word>").next()?.to_owned(),
                attr(w, "xMin"),
                attr(w, "xMax"),
                attr(w, "yMin"),
            ))
        })
        .collect();
    let y = words.iter().find(|w| text.starts_with(&w.0))?.3;
    let words: Vec<(f32, f32)> = words.iter().filter(|w| (w.3 - y).abs() < 1.0).map(|w| (w.1, w.2)).collect();
    let min = words.iter().map(|w| w.0).reduce(f32::min)?;
    let max = words.iter().map(|w| w.1).reduce(f32::max)?;
    Some((min + max) / 2.0)
}

#[test]
fn a_letterhead_stands_red_at_35_mm_its_number_centred_the_red_rule_4_mm_under_it() {
    let meta = Meta {
        title: Some("关于做好2026年冬季校园安全工作的通知".into()),
        doc_number: Some("某教发〔2026〕12号".into()),
        letterhead: Some("某某市教育局文件".into()),
        ..Meta::default()
    };
    let bytes = render(&notice(meta));
    let runs = text_runs(&bytes, 1);
    let (mark, mark_baseline) = run(&runs, "某某市教育局文件");
    assert_eq!(mark.fill, [1.0, 0.0, 0.0], "the 发文机关标志 is red");
    let mark_top = mark_baseline - EM_BOX_ASCENT * mark.size;
    assert!((mark_top - 35.0 * PT_PER_MM).abs() < 0.05, "its top {mark_top} pt below the type area's");
    let (number, number_baseline) = run(&runs, "某教发〔2026〕12号");
    assert_eq!(number.fill, [0.0, 0.0, 0.0], "the number is black");
    // Two blank lines of the body's pitch between the mark's foot and the number's line box.
    let number_box = number_baseline - EM_BOX_ASCENT * 16.0 - (PITCH - 16.0) / 2.0;
    assert!((number_box - (mark_top + mark.size) - 2.0 * PITCH).abs() < 0.05, "number's box at {number_box}");
    let rules = stroked_lines(&bytes, 1);
    let [rule] = rules.as_slice() else { panic!("one rule: {rules:?}") };
    assert_eq!(rule.color, [1.0, 0.0, 0.0], "the rule is red");
    assert!((rule.to.0 - rule.from.0 - WIDTH).abs() < 0.05 && (rule.from.0 - LEFT).abs() < 0.05, "{rule:?}");
    let rule_y = PAGE_HEIGHT - rule.from.1 - TOP;
    let number_foot = number_baseline + EM_BOX_DEPTH * 16.0;
    assert!(
        (rule_y - number_foot - 4.0 * PT_PER_MM).abs() < 0.05,
        "rule {rule_y}, number's foot {number_foot}"
    );
    // The title two blank lines or so under the rule, and every line after it on the body's grid.
    let (_, title_baseline) = run(&runs, "关于做好2026年冬季校园安全工作的通知");
    assert!(
        title_baseline - 22.0 * EM_BOX_ASCENT - rule_y > 2.0 * PITCH - 0.5 * PITCH,
        "title at {title_baseline}"
    );
    let (_, body) = run(&runs, "各区教育局，市属各学校：");
    let line_box = body - EM_BOX_ASCENT * 16.0 - (PITCH - 16.0) / 2.0;
    let k = (line_box / PITCH).round();
    assert!((line_box - k * PITCH).abs() < 0.05, "the first body line's box at {line_box} is on the grid");
    if let Some(centre) = centre_of(&bytes, "某教发〔2026〕12号") {
        assert!((centre - (LEFT + WIDTH / 2.0)).abs() < 1.0, "number centred: {centre}");
    }
}

#[test]
fn without_a_letterhead_the_number_is_printed_once_centred_on_the_line_above_the_title() {
    let meta = Meta {
        title: Some("关于做好2026年冬季校园安全工作的通知".into()),
        doc_number: Some("某教发〔2026〕12号".into()),
        ..Meta::default()
    };
    let bytes = render(&notice(meta));
    let runs = text_runs(&bytes, 1);
    let (number, number_baseline) = run(&runs, "某教发〔2026〕12号");
    assert_eq!(number.fill, [0.0, 0.0, 0.0]);
    let (_, title_baseline) = run(&runs, "关于做好2026年冬季校园安全工作的通知");
    let (number_box, title_box) = (
        number_baseline - EM_BOX_ASCENT * 16.0 - (PITCH - 16.0) / 2.0,
        title_baseline - EM_BOX_ASCENT * 22.0 - (PITCH - 22.0) / 2.0,
    );
    assert!(
        number_box.abs() < 0.05 && (title_box - PITCH).abs() < 0.05,
        "number {number_box}, title {title_box}"
    );
    assert!(stroked_lines(&bytes, 1).is_empty(), "no red rule without a letterhead");
    if let Some(centre) = centre_of(&bytes, "某教发〔2026〕12号") {
        assert!((centre - (LEFT + WIDTH / 2.0)).abs() < 1.0, "number centred: {centre}");
    }
}

#[test]
fn a_decree_s_header_stands_20_mm_down_black_without_a_letterhead_its_text_on_the_grid() {
    let meta = Meta {
        title: Some("某某条例".into()),
        decree: Some("某某市人民政府令".into()),
        doc_number: Some("第82号".into()),
        ..Meta::default()
    };
    let bytes = render(&notice(meta.clone()));
    let runs = text_runs(&bytes, 1);
    let (header, baseline) = run(&runs, "某某市人民政府令");
    assert_eq!(header.fill, [0.0, 0.0, 0.0], "black without a letterhead");
    let top = baseline - EM_BOX_ASCENT * header.size;
    assert!((top - 20.0 * PT_PER_MM).abs() < 0.05, "header's top at {top}");
    let (_, number_baseline) = run(&runs, "第82号");
    let number_box = number_baseline - EM_BOX_ASCENT * 16.0 - (PITCH - 16.0) / 2.0;
    assert!(
        (number_box - (top + header.size) - 2.0 * PITCH).abs() < 0.05,
        "令号 two lines under: {number_box}"
    );
    assert!(stroked_lines(&bytes, 1).is_empty(), "no rule for a decree without a letterhead");
    let (_, body) = run(&runs, "各区教育局，市属各学校：");
    let line_box = body - EM_BOX_ASCENT * 16.0 - (PITCH - 16.0) / 2.0;
    assert!((line_box - (line_box / PITCH).round() * PITCH).abs() < 0.05, "on the grid: {line_box}");

    let red = Meta { letterhead: Some("某某市人民政府令".into()), ..meta };
    let bytes = render(&notice(red));
    let runs = text_runs(&bytes, 1);
    let (header, _) = run(&runs, "某某市人民政府令");
    assert_eq!(header.fill, [1.0, 0.0, 0.0], "red with a letterhead, printed once");
    assert_eq!(stroked_lines(&bytes, 1).len(), 1, "and the red rule");
}

#[test]
fn a_long_title_breaks_between_words_into_balanced_centred_lines() {
    let meta = Meta {
        title: Some("国务院关于河北雄安新区总体规划（2018—2035年）的批复".into()),
        doc_number: Some("国函〔2018〕159号".into()),
        ..Meta::default()
    };
    let bytes = render(&notice(meta));
    let runs = text_runs(&bytes, 1);
    let titles: Vec<&TextRun> = runs.iter().filter(|r| r.size == 22.0).collect();
    let texts: String = titles.iter().map(|r| r.text.as_str()).collect::<Vec<_>>().join("|");
    // Runs split where the face changes (digits): the lines are told apart by their baselines.
    let mut lines: Vec<(f32, String)> = Vec::new();
    for r in &titles {
        match lines.last_mut() {
            Some((y, text)) if (*y - r.y).abs() < 0.1 => text.push_str(&r.text),
            _ => lines.push((r.y, r.text.clone())),
        }
    }
    let lines: Vec<&str> = lines.iter().map(|(_, t)| t.as_str()).collect();
    let [first, second] = lines.as_slice() else { panic!("two lines: {texts}") };
    assert_eq!(format!("{first}{second}"), "国务院关于河北雄安新区总体规划（2018—2035年）的批复");
    assert!(second.contains("（2018—2035年）的批复"), "the parenthesis whole, with the genre: {lines:?}");
    let em = |line: &str| line.chars().map(|c| if c.is_ascii() { 0.5 } else { 1.0 }).sum::<f32>();
    assert!((em(first) - em(second)).abs() <= 4.0, "balanced, not a full line and a stub: {lines:?}");
}
