//! The plain-text reader: Chinese `.txt` documents → [`Document`].
//!
//! First version: one paragraph per non-empty line, presentation whitespace (leading `　　`, tabs, NBSP,
//! trailing spaces) stripped, the first line taken as the title. Structure recognition (title block,
//! headings, roles, hard-wrapped lines) is built on this in its own module later.

use crate::model::{Block, Document, Meta};

/// Whitespace that is presentation, not content, at the start or end of a line: ASCII space and tab,
/// ideographic space U+3000 (the typed two-character indent), NBSP, and the BOM/ZWNBSP some editors leave.
fn is_layout_space(ch: char) -> bool {
    matches!(ch, ' ' | '\t' | '\u{3000}' | '\u{A0}' | '\u{FEFF}')
}

/// Parses plain text (already decoded and normalised to `\n` line ends).
pub fn read_plain(text: &str) -> Document {
    let mut lines =
        text.lines().map(|line| line.trim_matches(is_layout_space)).filter(|line| !line.is_empty());
    let title = lines.next().map(str::to_owned);
    let blocks = lines.map(Block::paragraph).collect();
    Document { meta: Meta { title, ..Meta::default() }, blocks }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::plain_text;

    fn texts(doc: &Document) -> Vec<String> {
        doc.blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph { content, .. } => plain_text(content),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn first_line_is_title_and_each_line_a_paragraph() {
        let doc = read_plain("\n\n关于做好春节工作的通知\n\n　　各单位：\n　　现将有关事项通知如下。  \n");
        assert_eq!(doc.meta.title.as_deref(), Some("关于做好春节工作的通知"));
        assert_eq!(texts(&doc), ["各单位：", "现将有关事项通知如下。"]);
    }

    #[test]
    fn inner_spaces_are_kept() {
        let doc = read_plain("标题\n市委书记  闫晨曦\n");
        assert_eq!(texts(&doc), ["市委书记  闫晨曦"]);
    }

    #[test]
    fn empty_text_gives_an_empty_document() {
        let doc = read_plain(" \n\t\n");
        assert_eq!(doc.meta.title, None);
        assert!(doc.blocks.is_empty());
    }
}
