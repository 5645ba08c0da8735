//! The title block: the 版头 of an official document (GB/T 9704 §7.2: the red 发文机关标志 35 mm below the
//! top of the type area, the 发文字号 two lines under it, the red rule 4 mm under that) or a decree's header
//! (§10.2: 20 mm down, its 令号 two lines under it), then the title broken between whole words (§7.3.1) and
//! the lines under it. After a header the title is set back on the body's line grid, so that every body line
//! of the first page stands where it would on any other.

use super::Flow;
use crate::diag::Error;
use crate::layout::marks::StructKind;
use crate::layout::page::{Stroke, PT_PER_MM};
use crate::layout::paragraph::StyledChar;
use crate::layout::title_lines::title_lines;
use crate::model::{Block, Meta};
use crate::style::{Align, Rgb, TextStyle};
use crate::title_block::{self, LineKind};

/// How much narrower than the measure a title is broken for again when its glyphs turn out wider than a
/// grid counts them (digits and Latin letters wider than half an em), in ems; and how often.
const NARROWER_EM: f32 = 0.5;
const RETRIES: usize = 4;

impl Flow<'_> {
    pub(super) fn title_block(&mut self, meta: &Meta, blocks: &[Block]) -> Result<(), Error> {
        let s = self.style;
        let official = &s.official;
        let lines = title_block::lines(meta, blocks);
        if lines.is_empty() {
            // An untitled document opens with its body, with no space for a title it lacks.
            return Ok(());
        }
        let has = |kind| lines.iter().any(|l| l.kind == kind);
        let (letterhead, decree) = (has(LineKind::Letterhead), has(LineKind::Decree));
        let red = letterhead.then_some(official.letterhead_color);
        let blank = s.body.line_pitch_pt;
        // Where the next line's box starts, from the top of the type area, once a header has placed it.
        let mut next_top: Option<f32> = None;
        for line in lines {
            let ts = match line.kind {
                // A decree's header is its 发文机关标志 (§10.2): a letterhead only makes it red.
                LineKind::Letterhead if decree => continue,
                LineKind::Letterhead | LineKind::Decree => {
                    let (ts, top_mm) = match line.kind {
                        LineKind::Decree => (&official.decree, official.decree_top_mm),
                        _ => (&official.letterhead, official.letterhead_top_mm),
                    };
                    let bottom = self.mark(&line.text, ts, top_mm * PT_PER_MM, red)?;
                    next_top = Some(bottom + official.number_space_lines * blank);
                    continue;
                }
                LineKind::DocNumber => &official.doc_number,
                LineKind::Title => &s.title,
                LineKind::Subtitle => &s.subtitle,
                LineKind::Series | LineKind::Author | LineKind::Date => &s.byline,
            };
            if let Some(top) = next_top.take() {
                self.start_at(top);
            }
            let chars = match line.kind {
                LineKind::Title => self.broken_title(&line.text, ts)?,
                _ => self.styled(&line.text, ts.face, ts.size_pt),
            };
            // The title is the document's first-level heading in the structure tree.
            let outer =
                (line.kind == LineKind::Title).then(|| self.marking.open(StructKind::Heading(1), None));
            self.paragraph(&chars, ts, ts.align, 0.0, 0.0, 0.0, None)?;
            if let Some(outer) = outer {
                self.marking.close(outer);
            }
            // Spacing inside the title block is the lines' own pitch; the title's space after ends the block.
            self.pending_space = 0.0;
            if line.kind == LineKind::DocNumber && (letterhead || decree) {
                // The number's em box ends half the pitch's leading above its line box's foot.
                let row_top = self.stacked() - ts.line_pitch_pt.max(ts.size_pt);
                let em_bottom = row_top + (ts.line_pitch_pt.max(ts.size_pt) + ts.size_pt) / 2.0;
                let below = match red {
                    Some(color) => self.red_rule(em_bottom - row_top, color),
                    None => self.stacked(),
                };
                // The title (or a decree's text) two blank lines down, back on the line grid.
                let top = below + official.title_space_lines * blank;
                next_top = Some(((top / blank).round() * blank).max(self.stacked()));
            }
        }
        if let Some(top) = next_top {
            self.start_at(top);
        }
        self.pending_space += s.title.space_after_pt;
        Ok(())
    }

    /// Sets a 发文机关标志 or a decree's header: centred, shrunk to the measure when longer, its em box's top
    /// `top` below the type area's, in `color`. Returns the em box's foot.
    fn mark(&mut self, text: &str, ts: &TextStyle, top: f32, color: Option<Rgb>) -> Result<f32, Error> {
        let natural = self.styled(text, ts.face, ts.size_pt);
        let natural = self.measure(&natural)?;
        // A hair under the measure, so that rounding never wraps the shrunk line.
        let size =
            if natural > self.width_pt { ts.size_pt * self.width_pt / natural * 0.999 } else { ts.size_pt };
        let ts = TextStyle {
            size_pt: size,
            line_pitch_pt: size,
            space_before_pt: 0.0,
            space_after_pt: 0.0,
            align: Align::Center,
            ..*ts
        };
        self.start_at(top);
        let first = self.rows.len();
        let chars = self.styled(text, ts.face, size);
        self.paragraph(&chars, &ts, Align::Center, 0.0, 0.0, 0.0, None)?;
        for row in self.rows.get_mut(first..).unwrap_or_default() {
            for line in &mut row.lines {
                line.line.color = color;
            }
        }
        self.pending_space = 0.0;
        Ok(self.stacked())
    }

    /// Draws the 版头's red rule (§7.2.7), as wide as the type area, the style's distance below `em_bottom`
    /// (from the top of the last row); returns its position from the type area's top.
    fn red_rule(&mut self, em_bottom: f32, color: Rgb) -> f32 {
        let official = &self.style.official;
        let y = em_bottom + official.rule_below_number_mm * PT_PER_MM;
        let stacked = self.stacked();
        let width = self.width_pt;
        let Some(row) = self.rows.last_mut() else { return stacked };
        let top = stacked - row.height_pt;
        row.strokes.push(Stroke {
            x1_pt: 0.0,
            y1_pt: y,
            x2_pt: width,
            y2_pt: y,
            width_pt: official.rule_pt,
            color: Some(color),
        });
        top + y
    }

    /// Puts the top of the next line's box `top` below the type area's top: an empty row at the very top
    /// (space above the first row of a page is dropped), space above it after that.
    fn start_at(&mut self, top: f32) {
        let gap = (top - self.stacked()).max(0.0);
        if self.rows.is_empty() {
            if gap > 0.0 {
                self.push_row(super::Row { height_pt: gap, keep_with_next: true, ..super::Row::default() });
            }
        } else {
            self.pending_space = gap;
        }
    }

    /// The height the rows so far take from the top of the type area (the title block opens the document).
    fn stacked(&self) -> f32 {
        self.rows
            .iter()
            .enumerate()
            .map(|(i, r)| r.height_pt + if i > 0 { r.space_before_pt } else { 0.0 })
            .sum()
    }

    /// The title broken into lines between whole words (§7.3.1), with line breaks between them: balanced
    /// when the style asks, and narrower again while its glyphs are wider than the grid counts them.
    fn broken_title(&mut self, title: &str, ts: &TextStyle) -> Result<Vec<StyledChar>, Error> {
        let cell = self.cell(ts.size_pt);
        let mut measure_em = self.width_pt / cell;
        let mut lines = title_lines(title, measure_em, self.style.balanced_titles);
        for _ in 0..RETRIES {
            let mut widest = 0.0f32;
            for line in &lines {
                let chars = self.styled(line, ts.face, ts.size_pt);
                widest = widest.max(self.measure(&chars)?);
            }
            if widest <= self.width_pt || measure_em <= 2.0 {
                break;
            }
            measure_em -= NARROWER_EM;
            lines = title_lines(title, measure_em, self.style.balanced_titles);
        }
        let mut chars = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                let tracking = self.tracking(ts.size_pt);
                chars.push(StyledChar::plain('\n', ts.face, ts.size_pt, tracking));
            }
            chars.extend(self.styled(line, ts.face, ts.size_pt));
        }
        Ok(chars)
    }
}
