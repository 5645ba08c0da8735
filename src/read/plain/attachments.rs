//! Attachments (附件, GB/T 9704 §7.3.7): after the closing block, a label line (`附件`, `附件1`, `附件2：`)
//! opens an attachment that runs to the next label, its title on the line under the label; each becomes one
//! [`Block::Attachment`], so that the backends can start it on a page of its own. Its text was read by the
//! same rules as the document's. The 附件说明 above the signature (`附件：1. …`) stays where it is.

use super::chars::{char_len, has_sentence_punct, is_layout_space};
use super::roles::is_attachment_label;
use crate::model::{plain_text, Block, Inline, Role};

/// Groups the blocks after the closing block into attachments, each from its label to the next (the last
/// one to the page furniture a copy kept after the text).
pub(super) fn group(blocks: Vec<Block>) -> Vec<Block> {
    let closing =
        blocks.iter().rposition(|b| matches!(b, Block::Paragraph { role: Role::Date | Role::Signature, .. }));
    let Some(closing) = closing else { return blocks };
    let furniture = blocks.iter().rev().take_while(|b| is_role(b, Role::Boilerplate)).count();
    let end = blocks.len() - furniture;
    let labels: Vec<usize> = (closing + 1..end).filter(|&i| label_of(&blocks[i]).is_some()).collect();
    if labels.is_empty() {
        return blocks;
    }
    let mut out = Vec::with_capacity(blocks.len());
    let mut rest = blocks.into_iter().enumerate().peekable();
    while let Some((i, block)) = rest.next() {
        let Some(label) = labels.contains(&i).then(|| label_of(&block)).flatten() else {
            out.push(block);
            continue;
        };
        let next = labels.iter().copied().find(|&l| l > i).unwrap_or(end);
        let mut inner: Vec<Block> = Vec::new();
        while let Some((_, block)) = rest.next_if(|(j, _)| *j < next) {
            inner.push(block);
        }
        let title = match inner.first() {
            Some(first) if is_title(first) => match inner.remove(0) {
                Block::Heading { content, .. } | Block::Paragraph { content, .. } => content,
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        out.push(Block::Attachment { label, title, blocks: inner });
    }
    out
}

fn is_role(block: &Block, wanted: Role) -> bool {
    matches!(block, Block::Paragraph { role, .. } if *role == wanted)
}

/// The label of a label line, without its trailing punctuation (`附件2：` → `附件2`).
fn label_of(block: &Block) -> Option<String> {
    let Block::Paragraph { role: Role::Attachment, content } = block else { return None };
    let text = plain_text(content);
    let label = text.trim_matches(is_layout_space).trim_end_matches(['：', ':', '.', '．', '、']);
    is_attachment_label(&text).then(|| label.to_owned())
}

/// The attachment's title under its label: a heading, or a short line that is no sentence.
fn is_title(block: &Block) -> bool {
    match block {
        Block::Heading { .. } => true,
        Block::Paragraph { role: Role::Body, content } => {
            let text = plain_text(content);
            let short = char_len(&text) <= 60;
            short && !has_sentence_punct(&text) && content.iter().all(|i| matches!(i, Inline::Text(_)))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{plain_text, Block};
    use crate::read::plain::read_plain;
    use crate::read::plain::tests::LONG;

    #[test]
    fn labels_after_the_closing_open_attachments() {
        let text = format!(
            "关于某事的通知\n各有关单位：\n{LONG}\n附件：1.某某推荐表\n2.某某名额表\n某某局\n2016年3月8日\n\
             附件1.\n某某推荐表\n{LONG}\n附件2：\n某某名额表\n姓名\t单位\n张三\t某某局\n"
        );
        let (doc, _) = read_plain(&text);
        let attachments: Vec<(&str, String, usize)> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Attachment { label, title, blocks } => {
                    Some((label.as_str(), plain_text(title), blocks.len()))
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            attachments,
            [("附件1", "某某推荐表".to_owned(), 1), ("附件2", "某某名额表".to_owned(), 1)]
        );
        // The 附件说明 above the signature stays a run of lines.
        assert!(doc
            .blocks
            .iter()
            .any(|b| matches!(b, Block::Paragraph { role: crate::model::Role::Attachment, .. })));
    }

    #[test]
    fn without_a_closing_a_label_stays_a_line() {
        let text = format!("某某说明\n{LONG}\n附件\n某某表\n{LONG}\n");
        let (doc, _) = read_plain(&text);
        assert!(!doc.blocks.iter().any(|b| matches!(b, Block::Attachment { .. })));
    }
}
