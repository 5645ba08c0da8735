//! Notes: footnotes numbered ①…⑳ as Chinese books number them, each set in the footnote style as rows that
//! go with the line carrying its marker to the foot of that line's page; notes no line carries (none are
//! expected) are set at the end under `注释`, so no text is lost.

use super::{Flow, Look};
use crate::diag::Error;
use crate::layout::marks::{glyph_sources, StructKind};
use crate::layout::page::Row;
use crate::layout::paragraph::{Line, StyledChar};
use crate::model::Block;
use crate::style::Align;

/// The marker of note `n` (counted from 1).
pub(super) fn note_marker(n: usize) -> String {
    // ①…⑳ as in Chinese books; beyond twenty a bracketed number.
    match u32::try_from(n).ok().filter(|n| (1..=20).contains(n)).and_then(|n| char::from_u32(0x2460 + n - 1))
    {
        Some(c) => c.to_string(),
        None => format!("[{n}]"),
    }
}

impl Flow<'_> {
    /// For each of `lines`, set from `chars`, the rows of the footnotes whose markers it carries (the notes
    /// referenced in `chars`, which are taken).
    pub(super) fn notes_by_line(
        &mut self,
        chars: &[StyledChar],
        lines: &[Line],
    ) -> Result<Vec<Vec<Row>>, Error> {
        let mut notes: Vec<Vec<Row>> = vec![Vec::new(); lines.len()];
        let refs = std::mem::take(&mut self.note_refs);
        let reach = if refs.is_empty() { Vec::new() } else { line_reach(&glyph_sources(chars, lines)) };
        for (char_index, note) in refs {
            // A paragraph without lines leaves its notes to the end notes.
            let Some(line) = line_of_char(&reach, char_index).or(lines.len().checked_sub(1)) else {
                continue;
            };
            let rows = self.footnote(note)?;
            if let Some(slot) = notes.get_mut(line) {
                slot.extend(rows);
            }
        }
        Ok(notes)
    }

    /// Lays out footnote `index` (its marker, then its text in the footnote style) as rows of its own, for
    /// the foot of the page that references it.
    pub(super) fn footnote(&mut self, index: usize) -> Result<Vec<Row>, Error> {
        let Some(blocks) = self.notes.get(index).cloned() else { return Ok(Vec::new()) };
        if let Some(placed) = self.placed.get_mut(index) {
            *placed = true;
        }
        let saved_rows = std::mem::take(&mut self.rows);
        let saved_space = std::mem::replace(&mut self.pending_space, 0.0);
        let saved_break = std::mem::replace(&mut self.page_break, false);
        let saved_left = std::mem::replace(&mut self.left_pt, 0.0);
        self.footnote_depth += 1;
        let outer = self.marking.open(StructKind::Note, None);
        let laid = self.note_blocks(index, &blocks);
        self.marking.close(outer);
        self.footnote_depth -= 1;
        self.left_pt = saved_left;
        self.page_break = saved_break;
        self.pending_space = saved_space;
        let rows = std::mem::replace(&mut self.rows, saved_rows);
        laid?;
        // Footnote lines stay together at the foot; nothing in them breaks a page.
        Ok(rows.into_iter().map(|r| Row { keep_with_next: false, page_break_before: false, ..r }).collect())
    }

    /// Note `index`'s blocks, the first paragraph led by its marker.
    fn note_blocks(&mut self, index: usize, blocks: &[Block]) -> Result<(), Error> {
        let marker = format!("{} ", note_marker(index + 1));
        match blocks.split_first() {
            Some((first @ Block::Paragraph { .. }, rest)) => {
                self.block_with_prefix(first, Some(&marker))?;
                for b in rest {
                    self.block(b)?;
                }
            }
            _ => {
                self.block_with_prefix(&Block::paragraph(""), Some(&marker))?;
                for b in blocks {
                    self.block(b)?;
                }
            }
        }
        Ok(())
    }

    /// Notes whose marker no laid-out line carries (none are expected) still reach the reader, as end notes
    /// under a `注释` line, so no text is lost.
    pub(super) fn end_notes(&mut self) -> Result<(), Error> {
        if self.placed.iter().all(|&p| p) {
            return Ok(());
        }
        let ts = &self.style.body;
        let chars = self.styled("注释", Look::from(ts.face).strong(&self.style.accents), ts.size_pt);
        self.paragraph(&chars, ts, Align::Left, 0.0, 0.0, 0.0, None)?;
        self.in_end_notes = true;
        let mut index = 0;
        while let Some(blocks) = self.notes.get(index).cloned() {
            if !self.placed.get(index).copied().unwrap_or(true) {
                if let Some(placed) = self.placed.get_mut(index) {
                    *placed = true;
                }
                self.note_blocks(index, &blocks)?;
            }
            index += 1;
        }
        Ok(())
    }
}

/// For each line, the highest character index shown on it or on a line before (`None` before the first
/// shown), from the lines' glyph sources ([`glyph_sources`]); it never decreases, so it can be searched.
fn line_reach(sources: &[Vec<Option<usize>>]) -> Vec<Option<usize>> {
    let mut highest = None;
    sources
        .iter()
        .map(|line| {
            highest = line.iter().flatten().copied().max().max(highest);
            highest
        })
        .collect()
}

/// The first line showing character `index` or a later one, given [`line_reach`]: the line of `index` when
/// it is shown (spaces at a break are not), by binary search, so many notes in one paragraph cost little.
fn line_of_char(reach: &[Option<usize>], index: usize) -> Option<usize> {
    let line = reach.partition_point(|r| r.is_none_or(|r| r < index));
    (line < reach.len()).then_some(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontBook;
    use crate::layout::flow::lay_out;
    use crate::model::{Document, Inline, Role};
    use crate::style::{Style, StyleName};

    #[test]
    fn footnotes_stand_at_the_foot_of_the_page_that_references_them() {
        let sentence =
            "党的十八大以来，以习近平同志为核心的党中央立足新的历史方位，推动人大工作取得历史性成就。";
        let mut doc = Document::default();
        for i in 1..=12 {
            let note = vec![Block::paragraph(format!("第{i}条注文。"))];
            let content =
                vec![Inline::Text(sentence.repeat(4)), Inline::Note(note), Inline::Text("正文继续。".into())];
            doc.blocks.push(Block::Paragraph { role: Role::Body, content });
        }
        let layout = lay_out(&doc, &Style::preset(StyleName::Report), &FontBook::new(&[])).expect("lays out");
        assert!(layout.pages.len() >= 2);
        let mut seen = 0;
        for page in &layout.pages {
            let body = &page.lines[..page.lines.len() - page.furniture];
            let texts: Vec<String> = body.iter().map(|l| l.line.text()).collect();
            for (k, text) in texts.iter().enumerate() {
                let Some((_, n)) = text.split_once('第').filter(|_| text.contains("条注文")) else {
                    continue;
                };
                let number: String = n.chars().take_while(char::is_ascii_digit).collect();
                let marker = note_marker(number.parse().expect("a number"));
                // The reference is on this page, above its note; the note is below every body line.
                let reference = texts[..k].iter().position(|t| t.contains(&marker) && !t.contains("注文"));
                assert!(reference.is_some(), "note {number} is not on its reference's page");
                let note_top = body[k].baseline_pt;
                assert!(body
                    .iter()
                    .filter(|l| !l.line.text().contains("注文"))
                    .all(|l| l.baseline_pt < note_top));
                seen += 1;
            }
            if texts.iter().any(|t| t.contains("注文")) {
                assert!(page.strokes.iter().any(|s| s.y1_pt == s.y2_pt), "a rule above the notes");
            }
        }
        assert_eq!(seen, 12, "every note once");
        assert!(!layout.pages.iter().flat_map(|p| &p.lines).any(|l| l.line.text() == "注释"), "no end notes");
    }
}
