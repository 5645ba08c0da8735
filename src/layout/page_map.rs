//! Where each printed page begins in the document model: what an e-book made in the same run turns into its
//! page list, so that a reader of the e-book can follow a class reading the print. The map speaks of the
//! model only (top-level blocks and characters of their text), never of a format.

use super::marks::glyph_sources;
use super::page::Page;
use super::paragraph::{Line, StyledChar};

/// A place in the document model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Anchor {
    /// The title block, before the body.
    Title,
    /// `offset` characters into the plain text ([`crate::model::plain_text`]) of `Document::blocks[block]`.
    /// Only a paragraph is entered inside (where one of its lines starts); any other block at its start.
    Block {
        /// Index of the top-level block.
        block: usize,
        /// Characters of its plain text before the place.
        offset: usize,
    },
    /// After the body: the end notes and the 版记.
    End,
}

/// Where one page begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageStart {
    /// Its number, as the folio prints it (or would, on a page that shows none: the title page, a blank).
    pub folio: usize,
    /// Where its first line comes from.
    pub at: Anchor,
}

/// The start of every page of `pages`, in order: where its first body line comes from. A page without
/// one (a blank verso, a page of footnotes carried over) begins where the next page with text does, which
/// is where the text broke; pages after the last text begin at the end.
pub(super) fn page_map(pages: &[Page]) -> Vec<PageStart> {
    let mut next = Anchor::End;
    let mut map: Vec<PageStart> = pages
        .iter()
        .enumerate()
        .rev()
        .map(|(index, page)| {
            next = page.start.unwrap_or(next);
            PageStart { folio: index + 1, at: next }
        })
        .collect();
    map.reverse();
    map
}

/// For each of `lines` set from `chars`, where it starts in `text`, the plain text of the model the
/// characters were made from. The characters hold more than the text (a footnote's marker, an inline
/// image's bracketed alt text) and spell its tabs and newlines as spaces; a line breaking inside such an
/// addition starts where the text resumes. `None` for a line whose glyphs cannot be traced to characters.
pub(super) fn line_offsets(text: &str, chars: &[StyledChar], lines: &[Line]) -> Vec<Option<usize>> {
    let starts: Vec<Option<usize>> =
        glyph_sources(chars, lines).iter().map(|sources| sources.iter().flatten().copied().min()).collect();
    let mut wanted: Vec<usize> = starts.iter().flatten().copied().collect();
    wanted.sort_unstable();
    let offsets = text_offsets(text, chars, &wanted);
    starts
        .iter()
        .map(|start| {
            let k = wanted.binary_search(&(*start)?).ok()?;
            offsets.get(k).copied()
        })
        .collect()
}

/// The offset in `text` of each character index of `chars` in `wanted` (ascending), walking both once: a
/// character that matches the next of the text is that character, any other is an addition of the layout.
fn text_offsets(text: &str, chars: &[StyledChar], wanted: &[usize]) -> Vec<usize> {
    let mut offsets = Vec::with_capacity(wanted.len());
    let mut wanted = wanted.iter().peekable();
    let mut text = text.chars().peekable();
    let mut at = 0usize;
    for (index, styled) in chars.iter().enumerate() {
        // The layout drops carriage returns.
        while text.next_if_eq(&'\r').is_some() {
            at += 1;
        }
        while wanted.next_if(|&&w| w == index).is_some() {
            offsets.push(at);
        }
        let same = |t: &char| *t == styled.ch || (matches!(t, '\n' | '\t') && styled.ch == ' ');
        if text.next_if(same).is_some() {
            at += 1;
        }
    }
    // Past the last character: the end of the text.
    offsets.extend(wanted.map(|_| at));
    offsets
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::{Face, FontBook};
    use crate::layout::lay_out;
    use crate::model::{Block, Document, Inline, Role};
    use crate::style::{Style, StyleName};

    fn styled(text: &str) -> Vec<StyledChar> {
        text.chars().map(|ch| StyledChar::plain(ch, Face::Serif, 10.0, 0.0)).collect()
    }

    #[test]
    fn additions_of_the_layout_are_skipped_and_spaces_stand_for_tabs() {
        // The text `甲乙\t丙` with a note marker after 乙: the layout sets `甲乙① 丙`.
        let chars = styled("甲乙① 丙");
        assert_eq!(text_offsets("甲乙\t丙", &chars, &[0, 2, 3, 4, 5]), [0, 2, 2, 3, 4]);
        assert_eq!(text_offsets("甲\r\n乙", &styled("甲 乙"), &[2]), [3], "a carriage return still counts");
    }

    #[test]
    fn every_page_starts_where_its_first_line_comes_from_in_the_model() {
        let sentence = "春风又绿江南岸，明月何时照我还。".repeat(40);
        let mut doc = Document::default();
        doc.meta.title = Some("页码对照".into());
        for k in 0..12 {
            let note = Inline::Note(vec![Block::paragraph("注文。")]);
            let content = vec![Inline::Text(sentence.clone()), note, Inline::Text(format!("第{k}段完。"))];
            doc.blocks.push(Block::Paragraph { role: Role::Body, content });
        }
        let style = Style::preset(StyleName::Report);
        let layout = lay_out(&doc, &style, &FontBook::new(&[])).expect("lays out");
        let map = &layout.page_map;
        assert_eq!(map.len(), layout.pages.len());
        assert!(map.len() >= 4, "{} pages", map.len());
        assert_eq!(map.first().map(|p| p.at), Some(Anchor::Title), "the title block opens page 1");
        let mut inside = 0;
        for (start, page) in map.iter().zip(&layout.pages).skip(1) {
            let Anchor::Block { block, offset } = start.at else { panic!("{start:?}") };
            let Some(Block::Paragraph { content, .. }) = doc.blocks.get(block) else { panic!("{block}") };
            let text: String = crate::model::plain_text(content).chars().skip(offset).take(8).collect();
            let first_line = page.lines.first().map(|l| l.line.text()).unwrap_or_default();
            assert!(first_line.starts_with(&text), "page {}: {first_line} / {text}", start.folio);
            inside += usize::from(offset > 0);
        }
        assert!(inside > 0, "pages break inside paragraphs: {map:?}");
        let anchors: Vec<Anchor> = map.iter().map(|p| p.at).collect();
        assert!(anchors.windows(2).all(|w| w[0] <= w[1]), "in document order");
    }
}
