//! The plain-text reader: Chinese `.txt` documents → [`Document`], recognising structure as a careful typist
//! would.
//!
//! Passes, each in its own module: [`lines`] (trimmed lines, giant lines split, hard wraps and link
//! fragments re-joined), [`title`] (the title block → `Meta`), [`roles`] (boilerplate, salutation, signature,
//! date, attachments, notes), [`headings`] (numbering levels, run-in leads, enumerated points), [`table`]
//! (TAB-separated rows). When unsure, every pass prefers the conservative reading: a paragraph.

mod chars;
mod headings;
mod lines;
mod roles;
mod table;
mod title;

use crate::diag::{Diagnostic, Kind};
use crate::model::{Block, Document, Inline, Role};
use chars::{char_len, ends_sentence, has_sentence_punct, is_han, is_private_use, starts_with_closing_punct};
use headings::{Marked, Marker};

/// One block in the making.
#[derive(Debug)]
struct Item {
    text: String,
    no: usize,
    role: Role,
    heading: Option<Marker>,
    /// Content other than the plain text (run-in leads).
    content: Option<Vec<Inline>>,
    cells: Option<Vec<String>>,
}

impl Item {
    fn new(text: String, no: usize, role: Role) -> Item {
        Item { text, no, role, heading: None, content: None, cells: None }
    }

    fn is_plain_body(&self) -> bool {
        self.role == Role::Body && self.heading.is_none() && self.content.is_none() && self.cells.is_none()
    }
}

/// Parses plain text (already decoded and normalised to `\n` line ends). Diagnostics report repairs (split
/// giant lines), unusual characters and the boilerplate found.
pub fn read_plain(text: &str) -> (Document, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    report_private_use(text, &mut diagnostics);
    let lines = lines::split_lines(text, &mut diagnostics);
    let header = title::read_title_block(&lines);
    let mut meta = header.meta;
    meta.lang = chars::script_lang(text).to_owned();
    let mut items: Vec<Item> =
        header.boilerplate.into_iter().map(|(text, no)| Item::new(text, no, Role::Boilerplate)).collect();
    let body = lines.get(header.consumed..).unwrap_or_default();
    let layout = lines::measure(body);
    let paras = lines::join(body, layout, starts_block, ends_block);
    for para in paras {
        push_para(&mut items, para);
    }
    assign_roles(&mut items, &mut meta);
    assign_headings(&mut items);
    report_boilerplate(&items, &mut diagnostics);
    let blocks = into_blocks(items);
    (Document { meta, blocks, ..Document::default() }, diagnostics)
}

/// Lines that begin a block whatever the layout suggests, so that re-joining never swallows them.
fn starts_block(text: &str) -> bool {
    headings::marker(text).is_some()
        || headings::chapter_prefix(text).is_some()
        || roles::is_strong_boilerplate(text)
        || roles::is_attachment_start(text)
        || roles::is_date_line(text)
        || roles::is_paren_note(text)
}

/// Paragraphs that nothing may continue: a numbered line without sentence punctuation is a heading, and a
/// heading ends at its line end (even where a comma in it, or the wrap width, would suggest otherwise).
fn ends_block(text: &str) -> bool {
    headings::marker(text).is_some_and(|(kind, len)| {
        kind != Marker::Article
            && text.get(len..).is_some_and(|rest| !rest.is_empty() && !chars::has_sentence_punct(rest))
            && !text.ends_with(['，', '、', ','])
    })
}

fn push_para(items: &mut Vec<Item>, para: lines::Para) {
    let lines::Para { text, no, cells } = para;
    if cells.is_some() {
        items.push(Item { cells, ..Item::new(text, no, Role::Body) });
        return;
    }
    if let Some(parts) = roles::split_boilerplate_items(&text) {
        items.extend(parts.into_iter().map(|p| Item::new(p.to_owned(), no, Role::Boilerplate)));
        return;
    }
    if roles::is_strong_boilerplate(&text) {
        items.push(Item::new(text, no, Role::Boilerplate));
        return;
    }
    if let Some((prefix, chapter)) = headings::chapter_prefix(&text) {
        let chapter = chapter.to_owned();
        items.push(Item::new(prefix.to_owned(), no, Role::Boilerplate));
        items.push(Item::new(chapter, no, Role::Body));
        return;
    }
    items.push(Item::new(text, no, Role::Body));
}

/// Salutation near the start; date, signature, notes and attachment notes at the close.
fn assign_roles(items: &mut [Item], meta: &mut crate::model::Meta) {
    // The salutation is among the first few body paragraphs (after a news lead or a photo caption).
    for item in items.iter_mut().filter(|i| i.role == Role::Body && i.cells.is_none()).take(3) {
        if headings::marker(&item.text).is_some() {
            break;
        }
        if roles::is_salutation(&item.text) {
            item.role = Role::Salutation;
            break;
        }
    }
    let texts: Vec<&str> = items.iter().map(|i| i.text.as_str()).collect();
    if let Some(start) = roles::licence_footer_start(&texts) {
        for item in items.iter_mut().skip(start) {
            item.role = Role::Boilerplate;
        }
    }
    let mut seen_date = false;
    let mut in_attachment_note = false;
    let count = items.len();
    for i in 0..count {
        let Some(item) = items.get(i) else { break };
        if item.role != Role::Body || item.cells.is_some() {
            in_attachment_note = false;
            continue;
        }
        let text = item.text.clone();
        if roles::is_attachment_label(&text) || (!seen_date && roles::is_attachment_start(&text)) {
            set_role(items, i, Role::Attachment);
            in_attachment_note = !roles::is_attachment_label(&text) || !seen_date;
            continue;
        }
        if in_attachment_note
            && matches!(headings::marker(&text), Some((Marker::Num | Marker::ParenNum, _)))
            && char_len(&text) <= 100
        {
            set_role(items, i, Role::Attachment);
            continue;
        }
        in_attachment_note = false;
        if i > 0 && roles::is_date_line(&text) {
            set_role(items, i, Role::Date);
            if meta.date.is_none() {
                meta.date = chars::parse_date_line(&text);
            }
            seen_date = true;
            // The signature: one or two short name lines just above the date.
            for back in 1..=2 {
                let Some(prev) = i.checked_sub(back).and_then(|j| items.get_mut(j)) else { break };
                if prev.role == Role::Body
                    && prev.cells.is_none()
                    && roles::is_signature(&prev.text)
                    && headings::marker(&prev.text).is_none()
                {
                    prev.role = Role::Signature;
                } else {
                    break;
                }
            }
            continue;
        }
        if roles::is_paren_note(&text) && (seen_date || i + 1 == count) {
            set_role(items, i, Role::Note);
        }
    }
}

fn set_role(items: &mut [Item], i: usize, role: Role) {
    if let Some(item) = items.get_mut(i) {
        item.role = role;
    }
}

/// Numbered headings and run-in leads, then (in documents without numbered sections) unnumbered headings.
fn assign_headings(items: &mut [Item]) {
    let toc = table_of_contents(items);
    let count = items.len();
    for i in 0..count {
        if toc.contains(&i) {
            continue;
        }
        let prev_kind = i
            .checked_sub(1)
            .and_then(|p| items.get(p))
            .and_then(|p| headings::marker(&p.text))
            .map(|(k, _)| k);
        // The next block's marker kind, if it is body text: a one-sentence numbered line over a paragraph
        // (or over deeper numbering) is a heading that ends in a full stop (`（一）“双重”负责的原则。`).
        let next_kind = items
            .get(i + 1)
            .filter(|n| n.role == Role::Body && n.cells.is_none())
            .map(|n| headings::marker(&n.text).map(|(k, _)| k));
        let Some(item) = items.get_mut(i).filter(|i| i.role == Role::Body && i.cells.is_none()) else {
            continue;
        };
        if let Some((kind, len)) = headings::marker(&item.text) {
            let over_text = match next_kind {
                Some(None) => true,
                Some(Some(next)) => next > kind,
                None => false,
            };
            // … but not the last item of a list (`（4）其他事项。` after `（3）…`).
            if over_text && prev_kind != Some(kind) && headings::is_stopped_heading(&item.text, kind, len) {
                item.heading = Some(kind);
                continue;
            }
            match headings::classify(&item.text, kind, len) {
                Marked::Heading(kind) => item.heading = Some(kind),
                Marked::RunIn(content) => item.content = Some(content),
                Marked::Text => {}
            }
        } else if let Some(content) = headings::enumerated_point(&item.text) {
            item.content = Some(content);
        }
    }
    // A one-level decimal `1 总则` is a heading only where deeper levels (`1.1`) confirm the outline.
    let has_deep_decimal = items.iter().any(|i| matches!(i.heading, Some(Marker::Decimal(d)) if d >= 2));
    if !has_deep_decimal {
        for item in items.iter_mut().filter(|i| i.heading == Some(Marker::Decimal(1))) {
            item.heading = None;
        }
    }
    let sectioned = items.iter().any(|i| {
        matches!(
            i.heading,
            Some(Marker::Part | Marker::Chapter | Marker::Section | Marker::Cn | Marker::Decimal(_))
        )
    });
    if !sectioned {
        for i in 0..items.len() {
            if is_unnumbered_heading(items, i) {
                if let Some(item) = items.get_mut(i) {
                    item.heading = Some(Marker::Unnumbered);
                }
            }
        }
    }
}

/// Indices of the entries of a table of contents: after a `目录` line, up to the line before the first
/// entry's second appearance (where the body starts). Entries stay paragraphs, not headings.
fn table_of_contents(items: &[Item]) -> std::ops::Range<usize> {
    let unspaced = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let Some(at) = items.iter().position(|i| i.role == Role::Body && unspaced(&i.text) == "目录") else {
        return 0..0;
    };
    let Some(first) = items.get(at + 1).map(|i| unspaced(&i.text)) else { return 0..0 };
    let end = items.iter().skip(at + 2).position(|i| unspaced(&i.text) == first).map(|p| p + at + 2);
    end.map_or(0..0, |end| at + 1..end)
}

/// A short line without sentence punctuation standing between paragraphs, followed by a real paragraph.
fn is_unnumbered_heading(items: &[Item], i: usize) -> bool {
    let (Some(item), Some(prev), Some(next)) =
        (items.get(i), i.checked_sub(1).and_then(|p| items.get(p)), items.get(i + 1))
    else {
        return false;
    };
    if !item.is_plain_body() || !is_heading_shaped(&item.text) {
        return false;
    }
    let prev_ok = match prev.role {
        Role::Salutation | Role::Boilerplate => true,
        Role::Body => prev.cells.is_none() && (prev.heading.is_some() || ends_sentence(&prev.text)),
        _ => false,
    };
    let n = char_len(&item.text);
    let next_ok = next.role == Role::Body
        && next.heading.is_none()
        && next.cells.is_none()
        && char_len(&next.text) >= (n * 3 / 2).max(40)
        && ends_sentence(&next.text)
        && !is_heading_shaped(&next.text);
    prev_ok && next_ok
}

fn is_heading_shaped(text: &str) -> bool {
    let n = char_len(text);
    let han = text.chars().filter(|&c| is_han(c)).count();
    (4..=50).contains(&n)
        && han * 5 >= n * 3
        && !has_sentence_punct(text)
        && !text.ends_with(['，', '、', ',', '）', ')'])
        && !text.starts_with(['（', '(', '“', '"', '—', '―', '《', '['])
        && !starts_with_closing_punct(text)
        && !text.contains("[图片]")
        && !(text.starts_with(['图', '表']) && text.chars().nth(1).is_some_and(|c| c.is_ascii_digit()))
        && chars::parse_date_line(text).is_none()
}

fn report_private_use(text: &str, diagnostics: &mut Vec<Diagnostic>) {
    let mut count = 0usize;
    let mut first: Option<(char, usize)> = None;
    for (no, line) in text.split('\n').enumerate() {
        for ch in line.chars().filter(|&c| is_private_use(c)) {
            count += 1;
            first.get_or_insert((ch, no + 1));
        }
    }
    if let Some((ch, no)) = first {
        diagnostics.push(
            Diagnostic::warning(
                Kind::Encoding,
                format!(
                    "{count} Private-Use-Area character(s) kept (first U+{:04X}); they are encoder-specific \
                     glyphs that most fonts show as blank boxes",
                    u32::from(ch)
                ),
            )
            .at(format!("line {no}")),
        );
    }
}

fn report_boilerplate(items: &[Item], diagnostics: &mut Vec<Diagnostic>) {
    let mut found = items.iter().filter(|i| i.role == Role::Boilerplate);
    let Some(first) = found.next() else { return };
    let count = 1 + found.count();
    let mut example: String = first.text.chars().take(30).collect();
    if char_len(&first.text) > 30 {
        example.push('…');
    }
    diagnostics.push(
        Diagnostic::info(
            Kind::Dropped,
            format!(
                "{count} boilerplate line(s) recognised (site furniture, QR-code captions, download ads; first: \
                 “{example}”); kept in the document, omitted from outputs unless --keep-boilerplate"
            ),
        )
        .at(format!("line {}", first.no)),
    );
}

/// Final blocks: heading levels by the hierarchy of the markers present; table rows grouped.
fn into_blocks(items: Vec<Item>) -> Vec<Block> {
    let mut kinds: Vec<Marker> = items.iter().filter_map(|i| i.heading).collect();
    kinds.sort();
    kinds.dedup();
    let level = |kind: Marker| -> u8 {
        let rank = kinds.iter().position(|&k| k == kind).unwrap_or(0);
        u8::try_from(rank + 1).unwrap_or(6).min(6)
    };
    let mut blocks = Vec::with_capacity(items.len());
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    let flush = |rows: &mut Vec<(String, Vec<String>)>, blocks: &mut Vec<Block>| {
        match rows.len() {
            0 => {}
            1 => {
                if let Some((text, _)) = rows.pop() {
                    blocks.push(Block::paragraph(text.replace('\t', "　")));
                }
            }
            _ => blocks.push(Block::Table(table::build(rows.drain(..).map(|(_, cells)| cells).collect()))),
        }
        rows.clear();
    };
    for item in items {
        if let Some(cells) = item.cells {
            rows.push((item.text, cells));
            continue;
        }
        flush(&mut rows, &mut blocks);
        let content = item.content.unwrap_or_else(|| vec![Inline::Text(item.text)]);
        blocks.push(match item.heading {
            Some(kind) => Block::Heading { level: level(kind), content },
            None => Block::Paragraph { role: item.role, content },
        });
    }
    flush(&mut rows, &mut blocks);
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::plain_text;

    fn outline(text: &str) -> Vec<String> {
        let (doc, _) = read_plain(text);
        doc.blocks
            .iter()
            .map(|b| match b {
                Block::Heading { level, content } => format!("H{level} {}", plain_text(content)),
                Block::Paragraph { role, content } => format!("{role:?} {}", plain_text(content)),
                Block::Table(t) => format!("Table {}x{}", t.head.len() + t.body.len(), t.columns.len()),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn four_numbered_levels_follow_gb9704() {
        let text = "关于做好工作的通知\n\n各单位：\n现将有关事项通知如下。\n一、总体要求\n（一）工作目标\n\
                    1.基本原则\n（1）具体措施\n要认真落实。\n";
        assert_eq!(
            outline(text),
            [
                "Salutation 各单位：",
                "Body 现将有关事项通知如下。",
                "H1 一、总体要求",
                "H2 （一）工作目标",
                "H3 1.基本原则",
                "H4 （1）具体措施",
                "Body 要认真落实。"
            ]
        );
    }

    #[test]
    fn levels_are_relative_to_the_markers_present() {
        let text = "（一）工作目标\n要认真落实这一目标，确保各项任务按期完成。\n1.基本原则\n要认真落实。\n";
        assert_eq!(outline(text)[0], "H1 （一）工作目标");
        assert_eq!(outline(text)[2], "H2 1.基本原则");
    }

    #[test]
    fn closing_signature_date_note_and_attachments() {
        let text = "关于某事的通知\n各省人民政府：\n现将有关事项通知如下，请认真贯彻执行。\n\
                    附件：1.深圳湾口岸界址点坐标\n2.深圳湾公路大桥界址点坐标\n国务院\n二〇〇六年十二月三十日\n（此件公开发布）\n";
        let (doc, _) = read_plain(text);
        assert_eq!(doc.meta.date.as_deref(), Some("2006-12-30"));
        assert_eq!(
            outline(text),
            [
                "Salutation 各省人民政府：",
                "Body 现将有关事项通知如下，请认真贯彻执行。",
                "Attachment 附件：1.深圳湾口岸界址点坐标",
                "Attachment 2.深圳湾公路大桥界址点坐标",
                "Signature 国务院",
                "Date 二〇〇六年十二月三十日",
                "Note （此件公开发布）"
            ]
        );
    }

    #[test]
    fn unnumbered_headings_stand_between_paragraphs() {
        let long = "这是一个很长的段落，说明了很多情况，内容充实，结构完整，足以成为正文段落的样子。";
        let text = format!("同志们：\n{long}\n提高政治站位，坚定正确方向\n{long}\n短句不成标题\n");
        assert_eq!(outline(&text)[2], "H1 提高政治站位，坚定正确方向");
        assert_eq!(outline(&text)[4], format!("Body 短句不成标题"));
    }

    #[test]
    fn novel_chapters_with_scraper_prefix() {
        let text = "《西游记》\n\n《》目录 第一回　灵根育孕源流出　心性修持大道生\n\n    诗曰：\n\n    混沌未分天地乱。\n\n\
                    《》目录 第一百回　径回东土　五圣成真\n\n    话表八大金刚。\n";
        let (doc, _) = read_plain(text);
        assert_eq!(doc.meta.title.as_deref(), Some("西游记"));
        let out = outline(text);
        assert_eq!(out.iter().filter(|l| l.starts_with("H1 第")).count(), 2, "{out:?}");
        assert_eq!(out[0], "Boilerplate 《》目录");
    }

    #[test]
    fn tab_rows_become_a_table_and_text_is_kept() {
        let text = "说明如下。\n序号\t名称\t说明\n1\t甲\n2\t乙\t备注\n后记。\n";
        assert_eq!(outline(text), ["Body 说明如下。", "Table 3x3", "Body 后记。"]);
    }

    #[test]
    fn private_use_characters_are_kept_and_reported() {
        let (doc, diags) = read_plain("他拿起\u{E7C7}刀。\n");
        assert!(plain_text(match &doc.blocks[0] {
            Block::Paragraph { content, .. } => content,
            _ => panic!(),
        })
        .contains('\u{E7C7}'));
        assert!(diags.iter().any(|d| d.message.contains("Private-Use-Area")));
    }
}
