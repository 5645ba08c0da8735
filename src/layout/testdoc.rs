//! Test fixture: the seed speech built into a `Document` by hand, as the plain-text reader will build it.

use crate::model::{Block, Document, Inline, Person, Role, Series};

/// Path of the seed text in the shared corpus.
pub const SEED: &str = "/work/shared/corpus/seed-speech.txt";

/// The seed speech as a document, or `None` (with a message) when the shared corpus is absent.
pub fn seed_document() -> Option<Document> {
    let Ok(text) = std::fs::read_to_string(SEED) else {
        crate::skip!("skipping: {SEED} not found");
        return None;
    };
    let lines: Vec<String> = text
        .lines()
        .map(|l| l.trim().trim_start_matches('\u{3000}').to_owned())
        .filter(|l| !l.is_empty())
        .collect();
    let mut doc = Document::default();
    doc.meta.title = Some("在市委人大工作会议上的讲话".into());
    doc.meta.authors = vec![Person { name: "闫晨曦".into(), role: Some("市委书记".into()) }];
    doc.meta.date = Some("2022-07-15".into());
    doc.meta.series = Some(Series { name: "“日新月异”系列".into(), index: Some(4193) });
    // Lines 1–6 are the title block (and one boilerplate line); the body starts at the salutation.
    for line in lines.iter().skip(6) {
        let ends_sentence = line.ends_with(['。', '！', '？', '：']);
        let block = if line == "同志们：" {
            Block::Paragraph { role: Role::Salutation, content: vec![Inline::Text(line.clone())] }
        } else if !ends_sentence && line.chars().count() < 60 {
            Block::Heading { level: 1, content: vec![Inline::Text(line.clone())] }
        } else if let Some((lead, rest)) = line
            .split_once('，')
            .filter(|(l, _)| l.ends_with('要') || l.chars().count() < 20 && l.contains('要'))
        {
            Block::Paragraph {
                role: Role::Body,
                content: vec![
                    Inline::Strong(vec![Inline::Text(format!("{lead}，"))]),
                    Inline::Text(rest.to_owned()),
                ],
            }
        } else {
            Block::paragraph(line.clone())
        };
        doc.blocks.push(block);
    }
    Some(doc)
}
