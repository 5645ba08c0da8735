//! What a page carries besides glyphs and strokes: the clickable areas of links, placed images, and the
//! logical structure (headings, paragraphs, lists, tables, figures) each line belongs to, so a backend can
//! write link annotations, image objects and a tagged-PDF structure tree without knowing the model.

use super::paragraph::{Line, StyledChar};
use crate::style::{EM_BOX_ASCENT, EM_BOX_DEPTH};

/// A standard structure type (ISO 32000-1 §14.8.4), the role a run of content plays in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StructKind {
    /// A heading of level 1–6 (deeper levels are written as `H6`).
    Heading(u8),
    /// A paragraph (also title-block lines, code lines and table-less text).
    Paragraph,
    /// A list.
    List,
    /// One item of a list.
    ListItem,
    /// A list item's label, its marker (`1.`, `•`): the first glyphs of the item's first line (see
    /// [`Label`]).
    Label,
    /// The body of a list item: its text, after the marker.
    ListBody,
    /// A block quote.
    Quote,
    /// A code block.
    Code,
    /// A table.
    Table,
    /// A table row.
    TableRow,
    /// A header cell.
    HeaderCell,
    /// A data cell.
    DataCell,
    /// An image shown as a block; its alternative text goes with it.
    Figure,
    /// The caption under a figure.
    Caption,
    /// A note (end notes).
    Note,
}

impl StructKind {
    /// The standard structure type name, as written in `/S` and as the marked-content tag.
    pub fn tag(self) -> &'static str {
        match self {
            StructKind::Heading(1) => "H1",
            StructKind::Heading(2) => "H2",
            StructKind::Heading(3) => "H3",
            StructKind::Heading(4) => "H4",
            StructKind::Heading(5) => "H5",
            StructKind::Heading(_) => "H6",
            StructKind::Paragraph => "P",
            StructKind::List => "L",
            StructKind::ListItem => "LI",
            StructKind::Label => "Lbl",
            StructKind::ListBody => "LBody",
            StructKind::Quote => "BlockQuote",
            StructKind::Code => "Code",
            StructKind::Table => "Table",
            StructKind::TableRow => "TR",
            StructKind::HeaderCell => "TH",
            StructKind::DataCell => "TD",
            StructKind::Figure => "Figure",
            StructKind::Caption => "Caption",
            StructKind::Note => "Note",
        }
    }
}

/// One element of the logical structure. Elements are numbered in document order, and a parent always
/// comes before its children.
#[derive(Debug, Clone, PartialEq)]
pub struct StructElem {
    /// What it is.
    pub kind: StructKind,
    /// Index of the enclosing element; `None` at the top (under the document).
    pub parent: Option<usize>,
    /// Alternative text (figures).
    pub alt: Option<String>,
}

/// A list item's marker at the start of a line, which shares the line with the item's text: the line's
/// first `glyphs` glyphs belong to element `elem` (a [`StructKind::Label`]), the rest to the line's own
/// element, so a tagged PDF can mark the two apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label {
    /// The line: an index into the row's lines, or the page's.
    pub line: usize,
    /// How many glyphs the marker is.
    pub glyphs: usize,
    /// Its `Lbl` element.
    pub elem: usize,
}

/// The clickable area of a link on one line, a rectangle in points from the top-left corner of the row
/// (in a [`Row`](super::page::Row)) or of the paper (on a [`Page`](super::page::Page)).
#[derive(Debug, Clone, PartialEq)]
pub struct LinkArea {
    /// Index of its target in [`Layout::links`](super::Layout::links): every piece of a link shares it.
    pub link: usize,
    /// Left edge.
    pub left_pt: f32,
    /// Top edge.
    pub top_pt: f32,
    /// Right edge.
    pub right_pt: f32,
    /// Bottom edge.
    pub bottom_pt: f32,
    /// The structure element whose text the link is part of.
    pub elem: Option<usize>,
}

impl LinkArea {
    /// The same area moved by (`dx`, `dy`).
    pub fn moved(&self, dx: f32, dy: f32) -> LinkArea {
        LinkArea {
            left_pt: self.left_pt + dx,
            top_pt: self.top_pt + dy,
            right_pt: self.right_pt + dx,
            bottom_pt: self.bottom_pt + dy,
            ..self.clone()
        }
    }
}

/// An image placed as a block, in points from the top-left corner of the row or of the paper.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedImage {
    /// Key of the image's bytes in [`Document::resources`](crate::model::Document::resources).
    pub src: String,
    /// Left edge.
    pub left_pt: f32,
    /// Top edge.
    pub top_pt: f32,
    /// Width it is drawn at.
    pub width_pt: f32,
    /// Height it is drawn at.
    pub height_pt: f32,
    /// Its `Figure` structure element.
    pub elem: Option<usize>,
}

impl PlacedImage {
    /// The same image moved by (`dx`, `dy`).
    pub fn moved(&self, dx: f32, dy: f32) -> PlacedImage {
        PlacedImage { left_pt: self.left_pt + dx, top_pt: self.top_pt + dy, ..self.clone() }
    }
}

/// A link in a paragraph's characters: `chars[start..end]` point to target `link`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinkRange {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// Index of the target in [`Layout::links`](super::Layout::links).
    pub link: usize,
}

/// For every glyph of `lines`, the index of the character of `chars` it shows. Setting a paragraph only
/// drops spaces and forced breaks, so the glyphs are the characters in order with some of those left out;
/// should that ever not hold, the glyphs from there on map to `None` (no link area rather than a wrong one).
pub(crate) fn glyph_sources(chars: &[StyledChar], lines: &[Line]) -> Vec<Vec<Option<usize>>> {
    let mut next = 0usize;
    let mut lost = false;
    lines
        .iter()
        .map(|line| {
            line.glyphs
                .iter()
                .map(|glyph| {
                    if lost {
                        return None;
                    }
                    while chars.get(next).is_some_and(|c| c.ch != glyph.ch && matches!(c.ch, ' ' | '\n')) {
                        next += 1;
                    }
                    if chars.get(next).is_some_and(|c| c.ch == glyph.ch) {
                        next += 1;
                        Some(next - 1)
                    } else {
                        lost = true;
                        None
                    }
                })
                .collect()
        })
        .collect()
}

/// The areas of `links` on each of `lines`, relative to the line box's left edge and the baseline: one
/// rectangle per line piece, spanning the glyphs' em boxes ([`EM_BOX_ASCENT`] above the baseline, [`EM_BOX_DEPTH`] below).
/// Links nest (a link's range lies inside another's or apart from it); a glyph belongs to the innermost.
pub fn link_areas(
    chars: &[StyledChar],
    links: &[LinkRange],
    lines: &[Line],
    elem: Option<usize>,
) -> Vec<Vec<LinkArea>> {
    if links.is_empty() {
        return vec![Vec::new(); lines.len()];
    }
    let sources = glyph_sources(chars, lines);
    // One sweep over the glyphs, whose sources only grow: links open in order of their start (outer before
    // inner), the ones open form a stack, and the innermost is on top.
    let mut by_start: Vec<(usize, &LinkRange)> = links.iter().enumerate().collect();
    by_start.sort_by_key(|(_, l)| (l.start, std::cmp::Reverse(l.end)));
    let mut waiting = by_start.into_iter().peekable();
    let mut open: Vec<(usize, &LinkRange)> = Vec::new();
    lines
        .iter()
        .zip(&sources)
        .map(|(line, sources)| {
            let mut areas: Vec<LinkArea> = Vec::new();
            // The link (index into `links`) the previous glyph belonged to.
            let mut current: Option<usize> = None;
            for (glyph, source) in line.glyphs.iter().zip(sources) {
                let Some(s) = *source else {
                    current = None;
                    continue;
                };
                while let Some(link) = waiting.next_if(|(_, l)| l.start <= s) {
                    open.push(link);
                }
                while open.last().is_some_and(|(_, l)| l.end <= s) {
                    open.pop();
                }
                let Some(&(k, link)) = open.last() else {
                    current = None;
                    continue;
                };
                let right = glyph.x_pt + glyph.width_em * glyph.size_pt;
                let (top, bottom) = (-EM_BOX_ASCENT * glyph.size_pt, EM_BOX_DEPTH * glyph.size_pt);
                match areas.last_mut() {
                    Some(area) if current == Some(k) => {
                        area.right_pt = area.right_pt.max(right);
                        area.top_pt = area.top_pt.min(top);
                        area.bottom_pt = area.bottom_pt.max(bottom);
                    }
                    _ => areas.push(LinkArea {
                        link: link.link,
                        left_pt: glyph.x_pt,
                        top_pt: top,
                        right_pt: right,
                        bottom_pt: bottom,
                        elem,
                    }),
                }
                current = Some(k);
            }
            areas
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::Face;
    use crate::layout::paragraph::Glyph;

    fn styled(text: &str) -> Vec<StyledChar> {
        text.chars().map(|ch| StyledChar::plain(ch, Face::Serif, 10.0, 0.0)).collect()
    }

    fn line(text: &str) -> Line {
        let glyphs = text
            .chars()
            .enumerate()
            .map(|(i, ch)| Glyph {
                ch,
                face: Face::Serif,
                gid: Some(1),
                synthetic: Default::default(),
                size_pt: 10.0,
                rise_pt: 0.0,
                link: false,
                x_pt: i as f32 * 10.0,
                advance_pt: 10.0,
                width_em: 1.0,
            })
            .collect();
        Line { glyphs, color: None }
    }

    #[test]
    fn a_link_broken_across_lines_gets_one_area_per_line() {
        // "看 见链接文字 了": the space at the break is dropped from the second line.
        let chars = styled("看见链接 文字了");
        let lines = [line("看见链接"), line("文字了")];
        let links = [LinkRange { start: 2, end: 7, link: 4 }];
        let areas = link_areas(&chars, &links, &lines, Some(3));
        assert_eq!(areas.len(), 2);
        assert_eq!(areas[0].len(), 1);
        assert_eq!((areas[0][0].left_pt, areas[0][0].right_pt), (20.0, 40.0));
        assert_eq!((areas[1][0].left_pt, areas[1][0].right_pt), (0.0, 20.0));
        assert!((areas[1][0].top_pt + 8.8).abs() < 1e-4 && (areas[1][0].bottom_pt - 1.2).abs() < 1e-4);
        assert_eq!(areas[1][0].elem, Some(3));
        assert_eq!(areas[1][0].link, 4);
    }

    #[test]
    fn glyphs_that_do_not_match_the_characters_get_no_area() {
        let chars = styled("甲乙丙");
        let lines = [line("甲丁丙")];
        let links = [LinkRange { start: 0, end: 3, link: 0 }];
        let areas = link_areas(&chars, &links, &lines, None);
        // 甲 is linked; from 丁 on the mapping is lost, so nothing after it is claimed.
        assert_eq!(areas[0].len(), 1);
        assert_eq!(areas[0][0].right_pt, 10.0);
    }
}
