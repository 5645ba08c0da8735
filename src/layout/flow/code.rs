//! Code blocks: set off from the text (space above and below, an indent, a shaded ground) and kept line for
//! line. A line too long for the measure breaks after a `/`, `.`, `_` or space (or between Chinese
//! characters) where it can, not in the middle of a name, and each continuation opens with the style's wrap
//! mark.

use super::Flow;
use crate::diag::Error;
use crate::layout::page::Stroke;
use crate::layout::paragraph::StyledChar;
use crate::style::Align;
use crate::zh::chars::is_wide;

/// The characters a long code line may break after: path and name separators, and spaces.
const BREAKS_AFTER: [char; 4] = ['/', '.', '_', ' '];

impl Flow<'_> {
    /// Lays out a code block of `text`.
    pub(super) fn code_block(&mut self, text: &str) -> Result<(), Error> {
        let style = self.style;
        let (ts, displays) = (&style.code, &style.displays);
        let padding = displays.code_padding_pt;
        let inset = self.indent_by(displays.code_inset_em * style.body.size_pt);
        let first_row = self.rows.len();
        self.pending_space += displays.space_pt + padding;
        let room = self.width_pt - self.left_pt - padding;
        for line in text.split('\n') {
            let chars: Vec<StyledChar> = line
                .chars()
                .filter(|&c| c != '\r')
                .flat_map(|c| if c == '\t' { vec![' '; 4] } else { vec![c] })
                .map(|ch| StyledChar::plain(ch, ts.face, ts.size_pt, 0.0))
                .collect();
            for segment in self.code_segments(chars, room)? {
                self.paragraph(&segment, ts, Align::Left, 0.0, 0.0, padding, None)?;
                self.pending_space = 0.0;
            }
        }
        if let Some(shade) = displays.code_shade {
            // The ground: a band behind each row, from the padding left of the text to the measure's right
            // edge, reaching the padding above the first row and below the last.
            let x1 = self.left_pt - padding;
            let last = self.rows.len().saturating_sub(1);
            for (k, row) in self.rows.iter_mut().enumerate().skip(first_row) {
                let top = if k == first_row { -padding } else { 0.0 };
                let bottom = row.height_pt + if k == last { padding } else { 0.0 };
                let middle = (top + bottom) / 2.0;
                row.shades.push(Stroke {
                    x1_pt: x1,
                    y1_pt: middle,
                    x2_pt: self.width_pt,
                    y2_pt: middle,
                    width_pt: bottom - top,
                    color: Some(shade),
                });
            }
        }
        self.left_pt -= inset;
        self.pending_space = ts.space_after_pt + padding + displays.space_pt;
        Ok(())
    }

    /// `chars` (one line of code) cut into pieces that fit `room` points, each after the first opening with
    /// the wrap mark: a piece ends after the last [`BREAKS_AFTER`] character that fits, or where the room
    /// ends when none does.
    fn code_segments(&mut self, chars: Vec<StyledChar>, room: f32) -> Result<Vec<Vec<StyledChar>>, Error> {
        let ts = &self.style.code;
        let mark: Vec<StyledChar> = [self.style.displays.code_wrap_mark, ' ']
            .into_iter()
            .map(|ch| StyledChar::plain(ch, ts.face, ts.size_pt, 0.0))
            .collect();
        let mark_width = self.measure(&mark)?;
        let mut widths = Vec::with_capacity(chars.len());
        for c in &chars {
            widths.push(self.measure(std::slice::from_ref(c))?);
        }
        let mut pieces: Vec<Vec<StyledChar>> = Vec::new();
        let mut start = 0;
        while start < chars.len() {
            let room = if pieces.is_empty() { room } else { room - mark_width };
            let (mut end, mut width) = (start, 0.0);
            while let Some(&w) = widths.get(end).filter(|&&w| width + w <= room + 0.01) {
                width += w;
                end += 1;
            }
            if end < chars.len() {
                // The last break that keeps the piece at least half full; Chinese text in code (comments,
                // strings) breaks between its characters.
                let may_break = |k: usize| {
                    let (before, after) = (chars.get(k - 1), chars.get(k));
                    before.is_some_and(|c| BREAKS_AFTER.contains(&c.ch) || is_wide(c.ch))
                        || after.is_some_and(|c| is_wide(c.ch))
                };
                let half = start + (end - start) / 2;
                end = (half.max(start + 1)..=end).rev().find(|&k| may_break(k)).unwrap_or(end).max(start + 1);
            }
            let mut piece = if pieces.is_empty() { Vec::new() } else { mark.clone() };
            piece.extend_from_slice(chars.get(start..end).unwrap_or_default());
            pieces.push(piece);
            start = end;
        }
        if pieces.is_empty() {
            pieces.push(Vec::new());
        }
        Ok(pieces)
    }
}

#[cfg(test)]
mod tests {
    use crate::fonts::{Face, FontBook};
    use crate::layout::flow::lay_out;
    use crate::layout::page::PlacedLine;
    use crate::model::{Block, Document};
    use crate::style::{Style, StyleName, PT_PER_MM};

    #[test]
    fn a_code_block_is_indented_shaded_spaced_and_breaks_a_long_path_after_a_slash() {
        let style = Style::preset(StyleName::Report);
        let mut doc = Document::default();
        doc.blocks.push(Block::paragraph("正文。"));
        let path = "/usr/local/share/paiban/fonts/".repeat(6) + "NotoSerifSC-Regular.ttf";
        doc.blocks.push(Block::Code { lang: None, text: format!("let x = 1;\n{path}") });
        doc.blocks.push(Block::paragraph("正文。"));
        let layout = lay_out(&doc, &style, &FontBook::new(&[])).expect("lays out");
        let page = &layout.pages[0];
        let in_mono = |l: &&PlacedLine| l.line.glyphs.first().is_some_and(|g| g.face == Face::Mono);
        let code: Vec<String> = page.lines.iter().filter(in_mono).map(|l| l.line.text()).collect();
        assert!(code.len() >= 3, "the path wraps: {code:?}");
        let mark = style.displays.code_wrap_mark;
        for piece in &code[1..code.len() - 1] {
            assert!(piece.ends_with('/'), "a piece ends after a slash: {piece}");
        }
        assert!(code[2..].iter().all(|t| t.starts_with(mark)), "continuations open with {mark}: {code:?}");
        let left = style.page.left_mm * PT_PER_MM;
        let inset = style.displays.code_inset_em * style.body.size_pt;
        let first = page.lines.iter().find(|l| l.line.text().starts_with("let")).expect("code line");
        assert!((first.x_pt + first.line.left_pt() - left - inset).abs() < 0.01, "indented");
        assert_eq!(page.shades.len(), code.len(), "a band behind each code row");
        let body: Vec<f32> =
            page.lines.iter().filter(|l| l.line.text() == "正文。").map(|l| l.baseline_pt).collect();
        let gap = body[1] - body[0];
        let rows = code.len() as f32 * style.code.line_pitch_pt;
        assert!(gap > rows + 2.0 * style.displays.space_pt, "space above and below: {gap} for {rows}");
    }
}
