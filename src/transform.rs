//! Pure document → document passes applied between reading and rendering.

use crate::model::{Block, Document, Role};

/// Removes boilerplate paragraphs (QR-code captions, site navigation, download ads) everywhere in the
/// document and returns how many were removed, so the caller can report the omission.
pub fn omit_boilerplate(doc: &mut Document) -> usize {
    omit_in(&mut doc.blocks)
}

fn omit_in(blocks: &mut Vec<Block>) -> usize {
    let before = blocks.len();
    blocks.retain(|b| !matches!(b, Block::Paragraph { role: Role::Boilerplate, .. }));
    let mut removed = before - blocks.len();
    for block in blocks.iter_mut() {
        match block {
            Block::Quote { blocks } => removed += omit_in(blocks),
            Block::List { items, .. } => removed += items.iter_mut().map(omit_in).sum::<usize>(),
            _ => {}
        }
    }
    removed
}

/// Turns boilerplate paragraphs into body text, for users who asked to keep them in the outputs.
pub fn keep_boilerplate(doc: &mut Document) {
    fn keep_in(blocks: &mut [Block]) {
        for block in blocks {
            match block {
                Block::Paragraph { role, .. } if *role == Role::Boilerplate => *role = Role::Body,
                Block::Quote { blocks } => keep_in(blocks),
                Block::List { items, .. } => items.iter_mut().for_each(|item| keep_in(item)),
                _ => {}
            }
        }
    }
    keep_in(&mut doc.blocks);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Inline;

    fn boilerplate(text: &str) -> Block {
        Block::Paragraph { role: Role::Boilerplate, content: vec![Inline::Text(text.into())] }
    }

    fn sample() -> Document {
        Document {
            blocks: vec![
                boilerplate("扫描二维码关注"),
                Block::paragraph("正文"),
                Block::Quote { blocks: vec![boilerplate("打印本页"), Block::paragraph("引文")] },
            ],
            ..Document::default()
        }
    }

    #[test]
    fn boilerplate_is_removed_everywhere_and_counted() {
        let mut doc = sample();
        assert_eq!(omit_boilerplate(&mut doc), 2);
        assert_eq!(doc.blocks.len(), 2);
        assert!(matches!(&doc.blocks[1], Block::Quote { blocks } if blocks.len() == 1));
    }

    #[test]
    fn kept_boilerplate_becomes_body_text() {
        let mut doc = sample();
        keep_boilerplate(&mut doc);
        assert_eq!(omit_boilerplate(&mut doc), 0);
        assert_eq!(doc.blocks.len(), 3);
    }
}
