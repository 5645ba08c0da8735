//! Pure document → document passes applied between reading and rendering.

use crate::diag::{Diagnostic, Kind};
use crate::model::{plain_text, Block, Document, Role};

/// The parts of an official document a run asks for over what each document says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Official {
    /// Print a red 版头 with this 发文机关标志; an empty text takes the issuer's name (or the closing
    /// signature's) followed by `文件`.
    pub letterhead: Option<String>,
    /// The documents will be sealed.
    pub seal: bool,
}

impl Official {
    /// Sets what was asked for on `doc`; a warning when a letterhead was asked for a document that names no
    /// issuer to print it from.
    pub fn apply(&self, doc: &mut Document) -> Option<Diagnostic> {
        doc.meta.sealed |= self.seal;
        let asked = self.letterhead.as_deref()?.trim();
        if !asked.is_empty() {
            doc.meta.letterhead = Some(asked.to_owned());
            return None;
        }
        let signature = doc.blocks.iter().find_map(|b| match b {
            Block::Paragraph { role: Role::Signature, content } => Some(plain_text(content)),
            _ => None,
        });
        match doc
            .meta
            .issuer
            .clone()
            .or(signature)
            .map(|name| name.trim().to_owned())
            .filter(|n| !n.is_empty())
        {
            Some(issuer) => {
                doc.meta.letterhead = Some(format!("{issuer}文件"));
                None
            }
            None => Some(Diagnostic::warning(
                Kind::Dropped,
                "--letterhead: the document names no issuer, so no 版头 is printed; give its text \
                 (--letterhead 某某市人民政府文件)"
                    .to_owned(),
            )),
        }
    }
}

/// With no title in the metadata, a document whose first block is its only level-1 heading takes that
/// heading as its title, and the remaining headings move up one level (pandoc's
/// `--shift-heading-level-by=-1`), so the outline is not "title + everything under one H1".
pub fn promote_title(doc: &mut Document) {
    if doc.meta.title.is_some() {
        return;
    }
    let level_one = doc.blocks.iter().filter(|b| matches!(b, Block::Heading { level: 1, .. })).count();
    let Some(Block::Heading { level: 1, content }) = doc.blocks.first() else { return };
    if level_one != 1 {
        return;
    }
    let title = plain_text(content).trim().to_owned();
    if title.is_empty() {
        return;
    }
    doc.meta.title = Some(title);
    doc.blocks.remove(0);
    for block in &mut doc.blocks {
        if let Block::Heading { level, .. } = block {
            *level = level.saturating_sub(1).max(1);
        }
    }
}

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

    #[test]
    fn a_letterhead_asked_without_text_takes_the_issuer_or_the_signature() {
        let signed = |issuer: Option<&str>| Document {
            meta: crate::model::Meta { issuer: issuer.map(str::to_owned), ..Default::default() },
            blocks: vec![Block::Paragraph {
                role: Role::Signature,
                content: vec![crate::model::Inline::Text("某市教育局".into())],
            }],
            ..Document::default()
        };
        let asked = Official { letterhead: Some(String::new()), seal: true };
        let mut doc = signed(Some("某市人民政府"));
        assert!(asked.apply(&mut doc).is_none());
        assert_eq!(doc.meta.letterhead.as_deref(), Some("某市人民政府文件"));
        assert!(doc.meta.sealed);
        let mut doc = signed(None);
        asked.apply(&mut doc);
        assert_eq!(doc.meta.letterhead.as_deref(), Some("某市教育局文件"));
        let mut bare = Document::default();
        assert!(asked.apply(&mut bare).is_some_and(|d| d.message.contains("--letterhead")));
        assert_eq!(bare.meta.letterhead, None);
        let given = Official { letterhead: Some("某某委员会文件".into()), seal: false };
        let mut doc = signed(Some("某市人民政府"));
        given.apply(&mut doc);
        assert_eq!(doc.meta.letterhead.as_deref(), Some("某某委员会文件"));
        assert!(!doc.meta.sealed);
    }
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
    fn a_single_leading_h1_becomes_the_title_and_headings_shift_up() {
        let heading = |level, text: &str| Block::Heading { level, content: vec![Inline::Text(text.into())] };
        let mut doc = Document {
            blocks: vec![heading(1, "书名"), heading(2, "第一章"), heading(3, "一节")],
            ..Document::default()
        };
        promote_title(&mut doc);
        assert_eq!(doc.meta.title.as_deref(), Some("书名"));
        assert_eq!(doc.blocks, [heading(1, "第一章"), heading(2, "一节")]);

        let mut two_h1 =
            Document { blocks: vec![heading(1, "甲"), heading(1, "乙")], ..Document::default() };
        promote_title(&mut two_h1);
        assert_eq!(two_h1.meta.title, None);
        assert_eq!(two_h1.blocks.len(), 2);
    }

    #[test]
    fn kept_boilerplate_becomes_body_text() {
        let mut doc = sample();
        keep_boilerplate(&mut doc);
        assert_eq!(omit_boilerplate(&mut doc), 0);
        assert_eq!(doc.blocks.len(), 3);
    }
}
