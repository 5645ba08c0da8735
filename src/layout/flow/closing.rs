//! The close of a document's text (GB/T 9704 §7.3.4–7.3.5): the names of an attachment note aligned on
//! their first characters, and the closing block, whose signature and date stand where
//! [`Closing::insets`](crate::style::Closing::insets) puts them for their measured widths, below the blank
//! lines [`Closing::space_lines`](crate::style::Closing::space_lines) asks for.

use super::Flow;
use crate::diag::Error;
use crate::layout::paragraph::StyledChar;
use crate::model::{plain_text, Block, Role};
use crate::style::Align;

/// Whether `block` belongs to a closing block: a signature (署名) or a date (成文日期).
pub(super) fn is_closing(block: &Block) -> bool {
    matches!(block, Block::Paragraph { role: Role::Signature | Role::Date, .. })
}

impl Flow<'_> {
    /// Sets `blocks` (signatures and dates, [`is_closing`]) as one closing block. The widest signature and
    /// the widest date, measured with the faces that draw them in body cells, give the right insets of
    /// every signature line and every date line: joint issuers' signatures (§7.3.5.2) end on one line
    /// down the page. The block is kept on one page.
    pub(super) fn closing(&mut self, blocks: &[Block]) -> Result<(), Error> {
        let s = self.style;
        let ts = self.text_style_for(Role::Signature);
        let cell = self.cell(ts.size_pt);
        let (mut signature_em, mut date_em) = (0.0f32, 0.0f32);
        for block in blocks {
            let Block::Paragraph { role, content } = block else { continue };
            let chars = self.styled(&plain_text(content), ts.face, ts.size_pt);
            let em = self.measure(&chars)? / cell;
            let widest = if *role == Role::Date { &mut date_em } else { &mut signature_em };
            *widest = widest.max(em);
        }
        let (signature_right, date_right) = s.closing.insets(signature_em, date_em, self.sealed);
        let first_row = self.rows.len();
        // The blank lines above the signature (§7.3.5.2: one; sealed, room for the seal's top).
        self.pending_space += s.closing.space_lines(self.sealed) * s.body.line_pitch_pt;
        for block in blocks {
            let Block::Paragraph { role, content } = block else { continue };
            let right = if *role == Role::Date { date_right } else { signature_right };
            let outer = self.marking.open_block(block);
            let mut chars = Vec::new();
            self.inlines(content, ts.face, ts.size_pt, &mut chars);
            self.paragraph(&chars, ts, Align::Right, 0.0, 0.0, right * cell, None)?;
            self.marking.close(outer);
        }
        // Signatures and date stay together on one page.
        if let Some((_, kept)) = self.rows.get_mut(first_row..).and_then(|rows| rows.split_last_mut()) {
            for row in kept {
                row.keep_with_next = true;
            }
        }
        self.after_attachment = false;
        Ok(())
    }

    /// How far the name on a line of an attachment note stands from the line's start: past `附件：` and the
    /// item's number (`附件：1.`, `2.`), measured, so that a wrapped name aligns with its own first
    /// character (§7.3.4). Never so far that the names' measure falls below the style's narrowest.
    pub(super) fn attachment_name_offset(&mut self, chars: &[StyledChar], start: f32) -> Result<f32, Error> {
        let text: Vec<char> = chars.iter().map(|c| c.ch).collect();
        let offset = self.measure(chars.get(..name_start(&text)).unwrap_or_default())?;
        let narrowest = self.width_pt * self.style.nesting.min_measure_share;
        Ok(offset.min((self.width_pt - narrowest - self.left_pt - start).max(0.0)))
    }
}

/// Where the name starts on a line of an attachment note: after `附件` and its colon, then after an item
/// number (`1.` `1．` `1、`), spaces skipped.
fn name_start(text: &[char]) -> usize {
    let spaces_from = |k: usize| k + text.iter().skip(k).take_while(|c| c.is_whitespace()).count();
    let mut k = spaces_from(0);
    if text.get(k..k + 2) == Some(&['附', '件']) {
        k += 2;
        if matches!(text.get(k), Some('：' | ':')) {
            k += 1;
        }
        k = spaces_from(k);
    }
    let digits = text.iter().skip(k).take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && matches!(text.get(k + digits), Some('.' | '．' | '、')) {
        k = spaces_from(k + digits + 1);
    }
    k
}

#[cfg(test)]
mod tests {
    use super::name_start;
    use crate::fonts::FontBook;
    use crate::layout::flow::lay_out;
    use crate::model::{Block, Document, Inline, Role};
    use crate::style::{Style, StyleName};

    #[test]
    fn signature_and_date_are_never_split_by_a_page_break() {
        let style = Style::preset(StyleName::Gongwen);
        let closing = |role, text: &str| Block::Paragraph { role, content: vec![Inline::Text(text.into())] };
        // However much text comes before, one of these lengths puts the signature on a page's last line.
        for lines in 14..24 {
            let blocks = (0..lines).map(|_| Block::paragraph("一行。")).collect();
            let mut doc = Document { blocks, ..Document::default() };
            doc.blocks.push(closing(Role::Signature, "市教育局"));
            doc.blocks.push(closing(Role::Date, "2026年11月20日"));
            let layout = lay_out(&doc, &style, &FontBook::new(&[])).expect("lays out");
            let page_of = |text: &str| {
                layout.pages.iter().position(|p| p.lines.iter().any(|l| l.line.text() == text)).expect(text)
            };
            assert_eq!(page_of("市教育局"), page_of("2026年11月20日"), "after {lines} lines");
        }
    }

    fn start(text: &str) -> usize {
        name_start(&text.chars().collect::<Vec<_>>())
    }

    #[test]
    fn a_name_starts_after_the_label_and_the_number() {
        assert_eq!(start("附件：1.检查表"), 5);
        assert_eq!(start("附件：检查表"), 3);
        assert_eq!(start("2.值班表"), 2);
        assert_eq!(start("12．值班表"), 3);
        assert_eq!(start("附件: 1. 值班表"), 7);
        // A figure that opens a name is part of it.
        assert_eq!(start("2026年值班表"), 0);
    }
}
