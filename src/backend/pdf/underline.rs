//! Underlines under the text of links, where the style's links look has them ([`crate::style::Links`]): one
//! stroke under each stretch of link glyphs on a line, where and as thick as the face's own `post` table
//! puts its underline.

use crate::fonts::{Face, FontBook};
use crate::layout::page::Page;

/// Where (below the baseline) and how thick a face without underline metrics has its underline, in ems:
/// about what the bundled faces give.
const FALLBACK_EM: (f32, f32) = (-0.1, 0.05);

/// One underline, in PDF coordinates (points from the bottom-left of the page).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Underline {
    /// Left end.
    pub x1: f32,
    /// Right end.
    pub x2: f32,
    /// Height of its middle.
    pub y: f32,
    /// Its thickness.
    pub width: f32,
}

/// The underlines of `page`'s link text.
pub(super) fn underlines(page: &Page, page_height: f32, fonts: &FontBook) -> Vec<Underline> {
    let mut out = Vec::new();
    for placed in &page.lines {
        let glyphs = &placed.line.glyphs;
        for run in glyphs.chunk_by(|a, b| a.link == b.link) {
            let Some(first) = run.first().filter(|g| g.link) else { continue };
            // Right-to-left text is drawn in reading order: the ends are the outermost glyph edges.
            let x1 = run.iter().map(|g| g.x_pt).fold(f32::INFINITY, f32::min);
            let x2 = run.iter().map(|g| g.x_pt + g.width_em * g.size_pt).fold(f32::NEG_INFINITY, f32::max);
            let size = run.iter().map(|g| g.size_pt).fold(0.0, f32::max);
            let (position, thickness) = metrics_em(fonts, first.face);
            out.push(Underline {
                x1: placed.x_pt + x1,
                x2: placed.x_pt + x2,
                y: page_height - placed.baseline_pt + position * size,
                width: thickness * size,
            });
        }
    }
    out
}

/// The underline position (negative: below the baseline) and thickness of `face`, in ems.
fn metrics_em(fonts: &FontBook, face: Face) -> (f32, f32) {
    let Ok(file) = fonts.get(face) else { return FALLBACK_EM };
    let per_em = file.units_per_em();
    match file.parsed().underline_metrics() {
        Some(m) if per_em > 0.0 && m.thickness > 0 => {
            (f32::from(m.position) / per_em, f32::from(m.thickness) / per_em)
        }
        _ => FALLBACK_EM,
    }
}
