//! One paragraph → justified lines of positioned glyphs: per-character font fallback, greedy line filling
//! on the opportunities of [`linebreak`](super::linebreak), punctuation compression only where a line must
//! absorb a closing mark (clreq §1.2), and even distribution of the leftover width (clreq §1.4).
//!
//! The stages, one file each: `measure` (faces, advances, what compression may take, neighbours' spacing),
//! `breaking` (where the lines end), `justify` (each line's glyph positions) and `direction` (right-to-left
//! runs drawn in reading order).

mod breaking;
mod direction;
mod ink;
mod justify;
mod measure;

use crate::diag::Error;
use crate::fonts::{Face, FontBook, Synthetic};
use crate::style::Align;
use std::collections::BTreeMap;

/// Widths are compared with this slack (points) so rounding never pushes a full line over.
const EPS: f32 = 0.01;

/// One character to set, as the flow asks for it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StyledChar {
    /// The character.
    pub ch: char,
    /// The face wanted; the font book may substitute a fallback per character.
    pub face: Face,
    /// What the renderer adds to the face (synthetic bold or slant).
    pub synthetic: Synthetic,
    /// Type size in points.
    pub size_pt: f32,
    /// Extra advance after every glyph (negative on the gongwen grid, where 28 cells fill 156 mm).
    pub tracking_pt: f32,
    /// How far above the line's baseline it sits (superscript; negative for subscript), in points.
    pub rise_pt: f32,
    /// Part of the text of a link the document makes ([`crate::model::Inline::Link`]), which the renderer
    /// inks as the style's links look.
    pub link: bool,
}

impl StyledChar {
    /// `ch` in `face` as its file draws it, nothing synthesised, on the baseline.
    pub fn plain(ch: char, face: Face, size_pt: f32, tracking_pt: f32) -> Self {
        StyledChar {
            ch,
            face,
            synthetic: Synthetic::default(),
            size_pt,
            tracking_pt,
            rise_pt: 0.0,
            link: false,
        }
    }
}

/// A glyph placed on a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// The character it shows.
    pub ch: char,
    /// The face that draws it (after fallback).
    pub face: Face,
    /// Glyph id in that face; `None` when no face covers the character (drawn as `.notdef`, reported).
    pub gid: Option<u16>,
    /// What the renderer adds to the face.
    pub synthetic: Synthetic,
    /// Type size in points.
    pub size_pt: f32,
    /// How far above the line's baseline it sits (superscript; negative for subscript), in points.
    pub rise_pt: f32,
    /// Part of a link's text ([`StyledChar::link`]).
    pub link: bool,
    /// Left edge of the glyph, in points from the paragraph box's left edge.
    pub x_pt: f32,
    /// The distance to the next glyph's natural position after compression and justification.
    pub advance_pt: f32,
    /// The glyph's own advance in the font, in ems (what a PDF viewer advances by before adjustments).
    pub width_em: f32,
}

/// One set line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    /// Its glyphs, left to right.
    pub glyphs: Vec<Glyph>,
    /// The colour of its text, black when `None` (a red 发文机关标志, GB/T 9704 §7.2.4); a link's colour
    /// goes before it.
    pub color: Option<crate::style::Rgb>,
}

impl Line {
    /// The characters of the line.
    pub fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.ch).collect()
    }

    /// Right edge of the rightmost glyph's advance, in points from the box's left edge.
    pub fn right_pt(&self) -> f32 {
        // Not always the last glyph: a right-to-left run is drawn from right to left.
        self.glyphs.iter().map(|g| g.x_pt + g.advance_pt).reduce(f32::max).unwrap_or(0.0)
    }

    /// Left edge of the leftmost glyph.
    pub fn left_pt(&self) -> f32 {
        self.glyphs.iter().map(|g| g.x_pt).reduce(f32::min).unwrap_or(0.0)
    }

    /// Largest type size on the line (0 when empty).
    pub fn size_pt(&self) -> f32 {
        self.glyphs.iter().map(|g| g.size_pt).fold(0.0, f32::max)
    }
}

/// How a paragraph's lines are measured and aligned.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParagraphSpec {
    /// Width of the box (the type area, or a table cell).
    pub width_pt: f32,
    /// Left indent of every line.
    pub left_pt: f32,
    /// Right indent of every line.
    pub right_pt: f32,
    /// Extra indent of the first line (negative for a hanging indent).
    pub first_indent_pt: f32,
    /// Alignment; `Justify` sets every line but the last (and those ended by a forced break) flush both sides.
    pub align: Align,
    /// Text sits on a character grid (gongwen: 28 cells a line): every character keeps its whole cell, so
    /// adjacent punctuation is not compressed and no Han–Latin gaps are added.
    pub on_grid: bool,
}

/// Counts characters that no face covers, so the document reports each once with its count.
pub type MissingGlyphs = BTreeMap<char, usize>;

/// Breaks and sets one paragraph. `\n` in `chars` is a forced line break.
pub fn set_paragraph(
    chars: &[StyledChar],
    spec: &ParagraphSpec,
    fonts: &FontBook,
    missing: &mut MissingGlyphs,
) -> Result<Vec<Line>, Error> {
    let mut measured = measure::measure(chars, fonts, missing)?;
    measure::adjust_neighbours(&mut measured, spec.on_grid);
    // A paragraph may be millions of characters long: what only the breaking needed (the characters, their
    // break opportunities) is freed inside `line_breaks`, before the lines are made.
    let breaks = breaking::line_breaks(&measured, spec);
    let lines = breaks
        .iter()
        .enumerate()
        .map(|(k, &(start, end, _, last))| {
            let indent = if k == 0 { spec.first_indent_pt } else { 0.0 };
            let slice = measured.get(start..end).unwrap_or(&[]);
            justify::set_line(
                slice,
                spec,
                indent,
                available(spec, k == 0),
                !last && spec.align == Align::Justify,
            )
        })
        .collect();
    Ok(lines)
}

fn available(spec: &ParagraphSpec, first: bool) -> f32 {
    let indent = if first { spec.first_indent_pt } else { 0.0 };
    spec.width_pt - spec.left_pt - spec.right_pt - indent
}

/// What the tests of the stages share: characters to set, boxes to set them in, a paragraph to set.
#[cfg(test)]
mod fixtures {
    use super::{Line, ParagraphSpec, StyledChar};
    use crate::fonts::Face;
    use crate::style::Align;

    pub(super) fn chars(text: &str, size: f32, tracking: f32) -> Vec<StyledChar> {
        styled(text, Face::Fang, size, tracking)
    }

    pub(super) fn styled(text: &str, face: Face, size: f32, tracking: f32) -> Vec<StyledChar> {
        text.chars().map(|ch| StyledChar::plain(ch, face, size, tracking)).collect()
    }

    pub(super) fn spec(width: f32, indent: f32) -> ParagraphSpec {
        ParagraphSpec {
            width_pt: width,
            left_pt: 0.0,
            right_pt: 0.0,
            first_indent_pt: indent,
            align: Align::Justify,
            on_grid: false,
        }
    }

    pub(super) const SAMPLE: &str = "今天，市委召开人大工作会议，主要任务是深入学习贯彻习近平法治思想和习近平总书记关于坚持和完善人民代表大会制度的重要思想，认真贯彻落实中央、省委人大工作会议精神（简称“两个精神”），对我市人大工作进行安排部署——更好地把人大制度优势转化为治理效能……为我市在全方位推动高质量发展中走在全省第一方阵广泛凝聚智慧和力量。";

    pub(super) fn left(width: f32) -> ParagraphSpec {
        ParagraphSpec { align: Align::Left, ..spec(width, 0.0) }
    }

    pub(super) fn advance_of(line: &Line, ch: char) -> f32 {
        line.glyphs.iter().find(|g| g.ch == ch).map(|g| g.advance_pt).expect("glyph present")
    }
}
