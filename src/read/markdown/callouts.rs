//! Callouts: GitHub alerts (`> [!NOTE]`) and docsify's `!>` and `?>` paragraphs become quotes headed by a
//! label paragraph. The model has no callout block; a labelled quote says the same in every output. The
//! label is bold only where the depth bound ([`MAX_DEPTH`]) leaves room for it.

use super::Builder;
use crate::model::{Block, Inline, Role, MAX_DEPTH};
use pulldown_cmark::BlockQuoteKind;

impl Builder {
    /// A quote's first line: its label, in bold when `depth` (where the label paragraph goes) leaves room.
    pub(super) fn label_paragraph(&mut self, label: Vec<Inline>, depth: usize) -> Block {
        let content = if depth + 2 <= MAX_DEPTH {
            vec![Inline::Strong(label)]
        } else {
            self.note_flattened();
            label
        };
        Block::Paragraph { role: Role::Body, content }
    }

    /// docsify's callouts: a paragraph (whose content sits at `depth`) starting `!> ` is an important
    /// notice, `?> ` a general tip: a quote headed by its label. Only where the quote still fits under
    /// [`MAX_DEPTH`], as it puts the paragraph one level deeper.
    pub(super) fn docsify_callout(&mut self, content: &mut Vec<Inline>, depth: usize) -> Option<Block> {
        let Some(Inline::Text(first)) = content.first() else { return None };
        let label = if first.starts_with("!>") {
            "重要"
        } else if first.starts_with("?>") {
            "提示"
        } else {
            return None;
        };
        // The quote takes the paragraph's place (depth - 1); its label paragraph needs two levels below it.
        if depth + 2 > MAX_DEPTH || depth + inline_depth(content) > MAX_DEPTH {
            self.note_flattened();
            return None;
        }
        if let Some(Inline::Text(first)) = content.first_mut() {
            *first = first[2..].trim_start().to_owned();
        }
        let paragraph = Block::Paragraph { role: Role::Body, content: std::mem::take(content) };
        let label = self.label_paragraph(vec![Inline::Text(label.to_owned())], depth);
        Some(Block::Quote { blocks: vec![label, paragraph] })
    }
}

/// How deep inline content goes (content at 1). The reader built it at most [`MAX_DEPTH`] deep, which bounds
/// the recursion.
fn inline_depth(content: &[Inline]) -> usize {
    content
        .iter()
        .map(|inline| match inline {
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c)
            | Inline::Link { content: c, .. } => 1 + inline_depth(c),
            // Notes are placeholders until the footnotes are resolved, and fitted then.
            _ => 1,
        })
        .max()
        .unwrap_or(0)
}

/// GitHub's own Chinese labels for its alerts; the same characters serve zh-Hans and zh-Hant.
pub(super) fn alert_label(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "注意",
        BlockQuoteKind::Tip => "提示",
        BlockQuoteKind::Important => "重要",
        BlockQuoteKind::Warning => "警告",
        BlockQuoteKind::Caution => "小心",
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Block, Inline};
    use crate::read::markdown::read_markdown;
    use crate::read::markdown::tests::texts;

    #[test]
    fn github_alerts_and_docsify_callouts_are_labelled_quotes() {
        let md = "> [!NOTE]\n> 说明文字。\n\n> [!WARNING]\n> 小心。\n\n!> **重要**内容\n\n?> 一般提示\n";
        let (doc, _) = read_markdown(md);
        assert_eq!(
            texts(&doc.blocks),
            [
                "QUOTE",
                "  P 注意",
                "  P 说明文字。",
                "QUOTE",
                "  P 警告",
                "  P 小心。",
                "QUOTE",
                "  P 重要",
                "  P 重要内容",
                "QUOTE",
                "  P 提示",
                "  P 一般提示"
            ]
        );
        let Block::Quote { blocks } = &doc.blocks[0] else { panic!() };
        assert!(
            matches!(&blocks[0], Block::Paragraph { content, .. } if matches!(content[0], Inline::Strong(_)))
        );
    }
}
