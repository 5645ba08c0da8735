//! Test fixture: the project's speech (`tests/fixtures/speech-rural-water.txt`) built into a `Document` by
//! hand, as the plain-text reader builds it, so the layout and backend tests neither depend on the reader nor
//! on the shared corpus: the text is compiled in and is there in every clone.

use crate::model::{Block, Document, Inline, Person, Role, Series};

/// The speech written for the project: series line, a QR-code caption, title, speaker, date, 同志们：, three
/// `一、` sections with `（一）` subsections, `一是…四是…` points, about 2,500 characters (five gongwen pages).
pub const SPEECH: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/speech-rural-water.txt"));

/// The speech as a document: the title block in `meta`, the QR-code caption a boilerplate paragraph,
/// `同志们：` the salutation, `一、` and `（一）` headings of levels 1 and 2, and the lead sentence of each
/// `一是…` point a run-in heading (`Strong`), as the design's enumerated points are.
pub fn speech_document() -> Document {
    let lines: Vec<&str> =
        SPEECH.lines().map(|l| l.trim().trim_start_matches('\u{3000}')).filter(|l| !l.is_empty()).collect();
    let mut doc = Document::default();
    doc.meta.title = Some("在全县农村供水保障工作会议上的讲话".into());
    doc.meta.authors =
        vec![Person { name: "程远航".into(), role: Some("县人民政府副县长".into()) }];
    doc.meta.date = Some("2025-04-09".into());
    doc.meta.series = Some(Series { name: "基层讲堂".into(), index: Some(27) });
    doc.meta.source.path = Some("speech-rural-water.txt".into());
    let text = |s: &str| vec![Inline::Text(s.to_owned())];
    // Lines 1–5 are the title block; the QR-code caption among them is kept as boilerplate.
    let caption = lines.iter().find(|l| l.starts_with("扫描二维码")).expect("the fixture has a QR caption");
    doc.blocks.push(Block::Paragraph { role: Role::Boilerplate, content: text(caption) });
    let start = lines.iter().position(|l| *l == "同志们：").expect("the fixture has a salutation");
    for line in &lines[start..] {
        let point = ["一是", "二是", "三是", "四是"].iter().any(|p| line.starts_with(p));
        let block = if *line == "同志们：" {
            Block::Paragraph { role: Role::Salutation, content: text(line) }
        } else if line.starts_with('（') {
            Block::Heading { level: 2, content: text(line) }
        } else if !line.ends_with(['。', '！', '？', '：']) && line.chars().count() < 40 {
            Block::Heading { level: 1, content: text(line) }
        } else if let Some((lead, rest)) = line.split_once('。').filter(|_| point) {
            Block::Paragraph {
                role: Role::Body,
                content: vec![Inline::Strong(text(&format!("{lead}。"))), Inline::Text(rest.to_owned())],
            }
        } else {
            Block::paragraph(*line)
        };
        doc.blocks.push(block);
    }
    doc
}

#[test]
fn the_speech_has_its_sections_points_and_closing() {
    let doc = speech_document();
    let headings =
        |n: u8| doc.blocks.iter().filter(move |b| matches!(b, Block::Heading { level, .. } if *level == n));
    assert_eq!((headings(1).count(), headings(2).count()), (3, 10));
    let run_in = |b: &&Block| matches!(b, Block::Paragraph { content, .. } if matches!(content.first(), Some(Inline::Strong(_))));
    assert_eq!(doc.blocks.iter().filter(run_in).count(), 4, "一是…四是…");
    assert_eq!(doc.blocks.last(), Some(&Block::paragraph("谢谢大家！")));
}
