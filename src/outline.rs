//! The `paiban parse` outline: a stable, line-oriented view of a [`Document`] that people read and other
//! tools parse. Keep the format exactly: metadata `key: value` lines, one empty line, then one line per
//! block (`TAG text`), nested blocks indented two spaces per level.

use crate::model::{plain_text, Block, Document, Inline, Role};
use crate::title_block::{record, Record};
use std::fmt::Write;

/// Renders the outline of `doc`.
pub fn outline(doc: &Document) -> String {
    let mut out = String::new();
    let meta = &doc.meta;
    let mut field = |key: &str, value: &str| {
        let _ = writeln!(out, "{key}: {}", collapse(value));
    };
    if let Some(title) = &meta.title {
        field("title", title);
    }
    if let Some(subtitle) = &meta.subtitle {
        field("subtitle", subtitle);
    }
    for person in &meta.authors {
        match &person.role {
            Some(role) => field("author", &format!("{} ({role})", person.name)),
            None => field("author", &person.name),
        }
    }
    if let Some(date) = &meta.date {
        field("date", date);
    }
    if let Some(series) = &meta.series {
        match series.index {
            Some(index) => field("series", &format!("{} #{index}", series.name)),
            None => field("series", &series.name),
        }
    }
    for (key, value) in [
        ("letterhead", &meta.letterhead),
        ("decree", &meta.decree),
        ("doc_number", &meta.doc_number),
        ("classification", &meta.classification),
        ("urgency", &meta.urgency),
        ("issuer", &meta.issuer),
    ] {
        if let Some(value) = value {
            field(key, value);
        }
    }
    if meta.sealed {
        field("sealed", "true");
    }
    field("lang", &meta.lang);
    if let Some(encoding) = &meta.source.encoding {
        field("encoding", encoding);
    }
    out.push('\n');
    // The 版记 closes the document, after its last block and before the page furniture a copy kept after it.
    let furniture = doc
        .blocks
        .iter()
        .rev()
        .take_while(|b| matches!(b, Block::Paragraph { role: Role::Boilerplate, .. }))
        .count();
    let (text, after) = doc.blocks.split_at(doc.blocks.len() - furniture);
    for block in text {
        push_block(&mut out, block, 0);
    }
    push_record(&mut out, &record(meta));
    for block in after {
        push_block(&mut out, block, 0);
    }
    out
}

/// The 版记 as the evaluation's outlines write it: `NOTE 抄送：…`, then `NOTE <office> <date>印发`.
fn push_record(out: &mut String, record: &Record) {
    if let Some(copy_to) = &record.copy_to {
        let _ = writeln!(out, "NOTE {}", collapse(copy_to));
    }
    let printing: Vec<&str> =
        [&record.printed_by, &record.printed_on].into_iter().flatten().map(String::as_str).collect();
    if !printing.is_empty() {
        let _ = writeln!(out, "NOTE {}", collapse(&printing.join(" ")));
    }
}

fn push_block(out: &mut String, block: &Block, depth: usize) {
    let indent = "  ".repeat(depth);
    let mut line = |tag: &str, text: &str| {
        let text = collapse(text);
        if text.is_empty() {
            let _ = writeln!(out, "{indent}{tag}");
        } else {
            let _ = writeln!(out, "{indent}{tag} {text}");
        }
    };
    match block {
        Block::Heading { level, content } => line(&format!("H{level}"), &inline_text(content)),
        Block::Paragraph { role, content } => line(role_tag(*role), &inline_text(content)),
        Block::Code { text, .. } => line("CODE", text),
        Block::Table(table) => {
            let rows: Vec<String> = table
                .head
                .iter()
                .chain(&table.body)
                .map(|row| row.iter().map(|cell| inline_text(cell)).collect::<Vec<_>>().join(" | "))
                .collect();
            line("TABLE", &rows.join(" / "));
        }
        Block::Figure { image, caption } => {
            let caption = inline_text(caption);
            line("FIGURE", if caption.is_empty() { &image.alt } else { &caption });
        }
        // Set out as the evaluation's outlines write an attachment: its label, its title, its text.
        Block::Attachment { label, title, blocks } => {
            line("ATTACHMENT", label);
            if !title.is_empty() {
                line("H1", &inline_text(title));
            }
            for inner in blocks {
                push_block(out, inner, depth);
            }
        }
        Block::Rule => line("RULE", ""),
        Block::PageBreak => line("PAGEBREAK", ""),
        Block::Quote { blocks } => {
            line("QUOTE", "");
            for inner in blocks {
                push_block(out, inner, depth + 1);
            }
        }
        Block::List { items, .. } => {
            line("LIST", "");
            for item in items {
                let _ = writeln!(out, "{indent}  ITEM");
                for inner in item {
                    push_block(out, inner, depth + 2);
                }
            }
        }
    }
}

fn role_tag(role: Role) -> &'static str {
    match role {
        Role::Body => "P",
        Role::Salutation => "SALUTATION",
        Role::Signature => "SIGNATURE",
        Role::Date => "DATE",
        Role::Attachment => "ATTACHMENT",
        Role::Note => "NOTE",
        Role::Boilerplate => "BOILERPLATE",
        Role::Contents => "TOC",
    }
}

/// Inline text as the outline shows it: footnote bodies in brackets after their anchor, so no text hides.
fn inline_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            Inline::Note(blocks) => {
                let texts: Vec<String> = blocks
                    .iter()
                    .filter_map(|b| match b {
                        Block::Paragraph { content, .. } => Some(inline_text(content)),
                        _ => None,
                    })
                    .collect();
                let _ = write!(out, "[^{}]", texts.join(" "));
            }
            other => out.push_str(&plain_text(std::slice::from_ref(other))),
        }
    }
    out
}

/// Whitespace runs (including line breaks and ideographic spaces) collapsed to one ASCII space.
fn collapse(text: &str) -> String {
    text.split(|c: char| c.is_whitespace()).filter(|part| !part.is_empty()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Meta, Person, Series, Source};

    #[test]
    fn outline_lists_meta_then_blocks_with_nesting() {
        let doc = Document {
            resources: Default::default(),
            meta: Meta {
                title: Some("在市委人大工作会议上的讲话".into()),
                authors: vec![Person { name: "闫晨曦".into(), role: Some("市委书记".into()) }],
                date: Some("2022-07-15".into()),
                series: Some(Series { name: "日新月异".into(), index: Some(4193) }),
                source: Source { path: None, encoding: Some("UTF-8".into()) },
                ..Meta::default()
            },
            blocks: vec![
                Block::Paragraph {
                    role: Role::Salutation, content: vec![Inline::Text("同志们：".into())]
                },
                Block::Heading { level: 1, content: vec![Inline::Text("一、 总体  要求".into())] },
                Block::List { ordered: true, start: 1, items: vec![vec![Block::paragraph("第一项")]] },
                Block::Quote { blocks: vec![Block::paragraph("引文\n第二行")] },
            ],
        };
        let expected = "title: 在市委人大工作会议上的讲话\nauthor: 闫晨曦 (市委书记)\ndate: 2022-07-15\n\
                        series: 日新月异 #4193\nlang: zh-CN\nencoding: UTF-8\n\nSALUTATION 同志们：\n\
                        H1 一、 总体 要求\nLIST\n  ITEM\n    P 第一项\nQUOTE\n  P 引文 第二行\n";
        assert_eq!(outline(&doc), expected);
    }

    #[test]
    fn the_record_closes_the_text_before_trailing_furniture() {
        let doc = Document {
            meta: Meta {
                decree: Some("某某市人民政府令".into()),
                copy_to: Some("市委各部门。".into()),
                printed_by: Some("某某市人民政府办公室".into()),
                printed_on: Some("2022-04-20".into()),
                ..Meta::default()
            },
            blocks: vec![
                Block::paragraph("正文。"),
                Block::Paragraph {
                    role: Role::Boilerplate, content: vec![Inline::Text("版权所有".into())]
                },
            ],
            ..Document::default()
        };
        let expected = "decree: 某某市人民政府令\nlang: zh-CN\n\nP 正文。\nNOTE 抄送：市委各部门。\n\
                        NOTE 某某市人民政府办公室 2022年4月20日印发\nBOILERPLATE 版权所有\n";
        assert_eq!(outline(&doc), expected);
    }
}
