//! Rows → pages: stacks rows (one line of text, or a table row) down the type area, breaks pages, keeps a
//! heading off the last line of a page, and places page numbers as the preset says.

use super::marks::{Label, LinkArea, PlacedImage};
use super::page_map::Anchor;
use super::paragraph::Line;
use crate::style::{Notes, PageGeometry, PageNumbers, Rgb};
use std::sync::Arc;

mod plan;

/// Slack in points so that 22 gongwen lines of 28.99 pt fit 225 mm despite rounding.
const EPS: f32 = 0.05;

pub use crate::style::PT_PER_MM;

/// A line placed inside a row.
#[derive(Debug, Clone, PartialEq)]
pub struct RowLine {
    /// Left edge of the line's box, in points from the type area's left edge.
    pub x_pt: f32,
    /// Baseline, in points below the row's top.
    pub baseline_pt: f32,
    /// The line.
    pub line: Line,
}

/// A straight stroke (rules, table borders).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    /// Start, points from the left edge (of the type area in a row, of the paper on a page).
    pub x1_pt: f32,
    /// Start, points down from the top (of the row, or of the paper).
    pub y1_pt: f32,
    /// End x.
    pub x2_pt: f32,
    /// End y.
    pub y2_pt: f32,
    /// Line width.
    pub width_pt: f32,
    /// Its colour, black when `None` (the red rule of a 版头, GB/T 9704 §7.2.7).
    pub color: Option<Rgb>,
}

/// The unit of page breaking: never split across pages.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    /// Height it takes.
    pub height_pt: f32,
    /// Space above it, dropped at the top of a page.
    pub space_before_pt: f32,
    /// Its lines.
    pub lines: Vec<RowLine>,
    /// Its strokes, relative to the row's top-left.
    pub strokes: Vec<Stroke>,
    /// Start a new page before this row.
    pub page_break_before: bool,
    /// Do not end a page with this row (headings, and the lines widow and orphan control binds).
    pub keep_with_next: bool,
    /// A bookmark for this row (a heading's first line).
    pub outline: Option<Bookmark>,
    /// Clickable link areas, relative to the row's top-left.
    pub links: Vec<LinkArea>,
    /// Images, relative to the row's top-left.
    pub images: Vec<PlacedImage>,
    /// The structure element (index into [`Layout::structure`](super::Layout::structure)) of each of
    /// `lines`, in the same order; missing entries mean none.
    pub structure: Vec<Option<usize>>,
    /// A table body row: its table's header rows, repeated at the top of a page this row starts (as
    /// artifacts: no structure, no links), and the x range of the rule that closes it when a page ends
    /// after it.
    pub table: Option<TableContinuation>,
    /// Footnotes referenced on this row, set at the foot of the page it lands on (their own notes after
    /// them).
    pub notes: Vec<Row>,
    /// Bands painted under its text (a code block's ground), relative to the row's top-left.
    pub shades: Vec<Stroke>,
    /// It opens a recto page: a blank verso goes before it when the page would be even.
    pub recto: bool,
    /// The page it lands on is a verso: a document printed on both sides ends its 版记 on an even page
    /// (GB/T 9704 §7.4.3), after a blank page when the text ends on an even page that has no room for it.
    pub verso: bool,
    /// Set at the foot of the type area: the first such row and every row after it are pushed down so
    /// that the last ends on the type area's bottom edge, together on a new page when they do not fit
    /// below the text (the 版记, GB/T 9704 §7.4.1).
    pub at_foot: bool,
    /// List item markers at the start of its lines (`line` counts in `lines`).
    pub labels: Vec<Label>,
    /// Where in the document its first line comes from; `None` for footnotes.
    pub source: Option<Anchor>,
}

/// What a table row needs when the table breaks across pages.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableContinuation {
    /// The header rows to repeat (shared by every body row of the table).
    pub head: Arc<[Row]>,
    /// Left and right end of the table's bottom rule, from the type area's left edge.
    pub rule_x_pt: (f32, f32),
    /// Its width.
    pub rule_width_pt: f32,
}

/// A line on a page, in page coordinates (points from the paper's top-left corner).
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedLine {
    /// Left edge of the line's box.
    pub x_pt: f32,
    /// Baseline, from the top of the paper.
    pub baseline_pt: f32,
    /// The line; glyph x positions are relative to `x_pt`.
    pub line: Line,
}

/// One page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    /// Text lines, including the page number.
    pub lines: Vec<PlacedLine>,
    /// Strokes in page coordinates.
    pub strokes: Vec<Stroke>,
    /// Number of body rows on the page (for tests and statistics).
    pub rows: usize,
    /// How many of the last `lines` are page furniture (the folio), not document text.
    pub furniture: usize,
    /// Clickable link areas in page coordinates.
    pub links: Vec<LinkArea>,
    /// Images in page coordinates.
    pub images: Vec<PlacedImage>,
    /// The structure element of each body line (the first `lines.len() - furniture`), in order.
    pub structure: Vec<Option<usize>>,
    /// Bands painted under the text (code blocks' grounds), in page coordinates: straight strokes as wide
    /// as the bands are high.
    pub shades: Vec<Stroke>,
    /// Left blank so that the next page is a recto, or the 版记 a verso: no running head, no folio.
    pub blank: bool,
    /// No folio: the 版记's page after a blank one (GB/T 9704 §7.5).
    pub unnumbered: bool,
    /// List item markers at the start of body lines (`line` counts in `lines`).
    pub labels: Vec<Label>,
    /// Where in the document its first body row comes from, if any does ([`super::page_map`]).
    pub start: Option<Anchor>,
}

/// A heading as the outline and links know it, carried by the heading's first row.
#[derive(Debug, Clone, PartialEq)]
pub struct Bookmark {
    /// Heading level (1 is outermost).
    pub level: u8,
    /// Heading text.
    pub title: String,
    /// Its ordinal among the headings links may point to ([`crate::link::Target::Heading`]); `None` for a
    /// heading no link can reach.
    pub heading: Option<usize>,
}

/// A bookmark: heading level, title, 0-based page index and its top in points from the paper's top.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    /// Heading level (1 is outermost).
    pub level: u8,
    /// Heading text.
    pub title: String,
    /// Its ordinal among the headings links may point to, if any.
    pub heading: Option<usize>,
    /// 0-based page index.
    pub page: usize,
    /// Top of the heading row, points from the top of the paper.
    pub top_pt: f32,
}

/// Stacks `rows` into pages of `geometry`, footnotes at the foot of each as `area` says, the first page
/// numbered `first_number` (rows kept to a recto open odd pages). With `facing` the pages face each other
/// and each spread ends on one line. Returns the pages and the outline.
pub fn paginate(
    rows: Vec<Row>,
    geometry: &PageGeometry,
    area: &Notes,
    first_number: usize,
    facing: bool,
) -> (Vec<Page>, Vec<OutlineEntry>) {
    let top = geometry.top_mm * PT_PER_MM;
    let left = geometry.left_mm * PT_PER_MM;
    let full_height = geometry.text_height_mm() * PT_PER_MM;
    let width = geometry.text_width_mm() * PT_PER_MM;
    let opens = plan::Planner::new(&rows, full_height, area).plan(first_number, facing);
    let mut pages = vec![Page::default()];
    let mut outline = Vec::new();
    let mut y = 0.0f32;
    let mut fresh = true;
    // The table the row just placed belongs to, if any.
    let mut previous_table: Option<TableContinuation> = None;
    // The current page's footnotes and their height (kept as a sum: a page may carry many).
    let mut foot: Vec<Row> = Vec::new();
    let mut foot_height = 0.0f32;
    // Where the rows kept at the foot of the last page start, and the height they take together.
    let at_foot = rows.iter().position(|r| r.at_foot);
    let at_foot_height: f32 = at_foot.map_or(0.0, |k| rows.iter().skip(k).map(|r| r.height_pt).sum());
    for (index, mut row) in rows.into_iter().enumerate() {
        let notes = flatten_notes(std::mem::take(&mut row.notes));
        let notes_height = notes.iter().map(|r| r.height_pt).sum::<f32>();
        // What the body may fill on this page once this row's footnotes join those already at its foot;
        // notes past their share of the page continue overleaf.
        let reserved = (foot_height + notes_height).min(full_height * area.max_page_share);
        let height = if reserved > 0.0 { full_height - reserved - area.separation_pt } else { full_height };
        let mut before = if fresh { 0.0 } else { row.space_before_pt };
        let opening = opens.get(index).copied().unwrap_or(plan::Opens::No);
        let needs_new = opening != plan::Opens::No;
        if needs_new {
            // A table broken here: close the last row on this page with the table's bottom rule.
            let same_table =
                |t: &TableContinuation| row.table.as_ref().is_some_and(|r| Arc::ptr_eq(&r.head, &t.head));
            if let (Some(table), Some(page)) =
                (previous_table.as_ref().filter(|t| same_table(t)), pages.last_mut())
            {
                let (x1, x2) = table.rule_x_pt;
                let y_rule = top + y;
                let width_pt = table.rule_width_pt;
                page.strokes.push(Stroke {
                    x1_pt: left + x1,
                    y1_pt: y_rule,
                    x2_pt: left + x2,
                    y2_pt: y_rule,
                    width_pt,
                    color: None,
                });
            }
            if let Some(page) = pages.last_mut() {
                foot =
                    place_foot(page, std::mem::take(&mut foot), y, (left, top), (width, full_height), area);
            }
            foot_height = foot.iter().map(|r| r.height_pt).sum();
            if opening == plan::Opens::AfterBlank {
                pages.push(Page { blank: true, ..Page::default() });
            }
            let unnumbered = opening == plan::Opens::AfterBlank && row.verso;
            pages.push(Page { unnumbered, ..Page::default() });
            y = 0.0;
            before = 0.0;
            // …and open the next page with its header rows again.
            if let Some(table) = &row.table {
                for head in table.head.iter() {
                    let Some(page) = pages.last_mut() else { break };
                    place(page, head.clone(), left, top + y);
                    page.rows += 1;
                    y += head.height_pt;
                }
            }
        }
        if at_foot == Some(index) {
            before = (height - y - at_foot_height).max(0.0);
        }
        let row_top = y + before;
        let page_index = pages.len() - 1;
        let Some(page) = pages.last_mut() else { continue };
        if let Some(Bookmark { level, title, heading }) = row.outline.take() {
            outline.push(OutlineEntry { level, title, heading, page: page_index, top_pt: top + row_top });
        }
        y = row_top + row.height_pt;
        previous_table = row.table.clone();
        place(page, row, left, top + row_top);
        page.rows += 1;
        foot.extend(notes);
        foot_height += notes_height;
        fresh = false;
    }
    // The last page's notes, and pages of notes alone for those that do not fit under its text.
    let mut body_height = y;
    while let Some(page) = pages.last_mut() {
        foot = place_foot(page, foot, body_height, (left, top), (width, full_height), area);
        if foot.is_empty() {
            break;
        }
        pages.push(Page::default());
        body_height = 0.0;
    }
    (pages, outline)
}

/// Puts `row` on `page` with its top at `top_pt` and its left at `left_pt` (points from the paper's edges).
fn place(page: &mut Page, row: Row, left_pt: f32, top_pt: f32) {
    page.start = page.start.or(row.source);
    page.structure.extend((0..row.lines.len()).map(|k| row.structure.get(k).copied().flatten()));
    let first_line = page.lines.len();
    page.labels.extend(row.labels.iter().map(|l| Label { line: first_line + l.line, ..*l }));
    page.links.extend(row.links.iter().map(|l| l.moved(left_pt, top_pt)));
    page.images.extend(row.images.iter().map(|i| i.moved(left_pt, top_pt)));
    for rl in row.lines {
        page.lines.push(PlacedLine {
            x_pt: left_pt + rl.x_pt,
            baseline_pt: top_pt + rl.baseline_pt,
            line: rl.line,
        });
    }
    let moved = |s: Stroke| Stroke {
        x1_pt: left_pt + s.x1_pt,
        y1_pt: top_pt + s.y1_pt,
        x2_pt: left_pt + s.x2_pt,
        y2_pt: top_pt + s.y2_pt,
        ..s
    };
    page.strokes.extend(row.strokes.into_iter().map(moved));
    page.shades.extend(row.shades.into_iter().map(moved));
}

/// `notes` in reading order, each followed by the notes its own text references.
fn flatten_notes(notes: Vec<Row>) -> Vec<Row> {
    let mut out = Vec::with_capacity(notes.len());
    for mut note in notes {
        let inner = std::mem::take(&mut note.notes);
        out.push(note);
        out.extend(flatten_notes(inner));
    }
    out
}

/// Sets as many of `foot` (in order) as fit below the `body_height` points of text at the bottom of the
/// page's type area (`origin` is its top-left corner on the paper, `size` its width and height), under a
/// short rule; returns the notes that did not fit, for the next page. A page without body text takes at
/// least one, so notes always move on.
fn place_foot(
    page: &mut Page,
    mut foot: Vec<Row>,
    body_height: f32,
    origin: (f32, f32),
    size: (f32, f32),
    area: &Notes,
) -> Vec<Row> {
    let (left, top) = origin;
    let (width, height) = size;
    let fitting = fitting_notes(foot.iter().map(|r| r.height_pt), body_height, height, area);
    let rest = foot.split_off(fitting);
    if foot.is_empty() {
        return rest;
    }
    let used: f32 = foot.iter().map(|r| r.height_pt).sum();
    let mut y = top + height - used;
    let rule_y = y - area.separation_pt / 2.0;
    page.strokes.push(Stroke {
        x1_pt: left,
        y1_pt: rule_y,
        x2_pt: left + width * area.rule_share,
        y2_pt: rule_y,
        width_pt: area.rule_pt,
        color: None,
    });
    for row in foot {
        let h = row.height_pt;
        place(page, row, left, y);
        y += h;
    }
    rest
}

/// Moves the verso (even) pages of a two-sided document, laid out in a recto's margins (`left_mm` inner,
/// `right_mm` outer), to a verso's: the inner margin on the right. Everything on them moves alike.
pub fn mirror_versos(pages: &mut [Page], geometry: &PageGeometry) {
    let dx = (geometry.right_mm - geometry.left_mm) * PT_PER_MM;
    for page in pages.iter_mut().skip(1).step_by(2) {
        page.shift_x(dx);
    }
}

impl Page {
    /// Moves everything on the page `dx` points to the right.
    fn shift_x(&mut self, dx: f32) {
        for line in &mut self.lines {
            line.x_pt += dx;
        }
        for stroke in self.strokes.iter_mut().chain(&mut self.shades) {
            stroke.x1_pt += dx;
            stroke.x2_pt += dx;
        }
        for link in &mut self.links {
            *link = link.moved(dx, 0.0);
        }
        for image in &mut self.images {
            *image = image.moved(dx, 0.0);
        }
    }
}

/// How many of the notes of `heights` (in order) fit under `body_height` points of text in a type area
/// `height` deep. A page without body text takes at least one, so notes always move on.
fn fitting_notes(heights: impl Iterator<Item = f32>, body_height: f32, height: f32, area: &Notes) -> usize {
    let room = height - body_height - area.separation_pt;
    let mut used = 0.0f32;
    let mut fitting = 0;
    for h in heights {
        let first_on_empty_page = fitting == 0 && body_height <= 0.0;
        if used + h > room + EPS && !first_on_empty_page {
            break;
        }
        used += h;
        fitting += 1;
    }
    fitting
}

/// The text of page number `n` (1-based): `— 1 —` (GB/T 9704 §7.5) or a bare `1`.
pub fn page_number_text(numbers: &PageNumbers, n: usize) -> String {
    if numbers.dashed {
        format!("— {n} —")
    } else {
        n.to_string()
    }
}

/// Where page number `n`'s line goes: (left edge of the line box, baseline), both from the paper's top-left,
/// given the number's set width.
pub fn page_number_position(
    numbers: &PageNumbers,
    geometry: &PageGeometry,
    n: usize,
    width_pt: f32,
) -> (f32, f32) {
    let left = geometry.left_mm * PT_PER_MM;
    let text_width = geometry.text_width_mm() * PT_PER_MM;
    let bottom = (geometry.top_mm + geometry.text_height_mm()) * PT_PER_MM;
    // The dashes (at about a third of the em above the baseline) sit `below_text_mm` under the type area.
    let baseline = bottom + numbers.below_text_mm * PT_PER_MM + PageNumbers::DASH_RISE_EM * numbers.size_pt;
    let inset = numbers.inset_em * numbers.size_pt;
    let x = if numbers.outside {
        if n % 2 == 1 {
            left + text_width - inset - width_pt
        } else {
            left + inset
        }
    } else {
        left + (text_width - width_pt) / 2.0
    };
    (x, baseline)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::{Style, StyleName};

    /// A type area exactly `rows` rows of 10 pt high.
    fn geometry(rows: f32) -> PageGeometry {
        let mm = 10.0 * rows / PT_PER_MM;
        PageGeometry {
            width_mm: 100.0,
            height_mm: mm + 20.0,
            top_mm: 10.0,
            bottom_mm: 10.0,
            left_mm: 10.0,
            right_mm: 10.0,
        }
    }

    /// A paragraph of `n` lines, bound as the flow binds them (first with second, last but one with last).
    fn paragraph(n: usize) -> Vec<Row> {
        (0..n)
            .map(|i| Row {
                height_pt: 10.0,
                keep_with_next: n >= 2 && (i == 0 || i + 2 == n),
                ..Row::default()
            })
            .collect()
    }

    fn rows_per_page(rows: Vec<Row>, capacity: f32) -> Vec<usize> {
        paginate(rows, &geometry(capacity), &Style::preset(StyleName::Report).notes, 1, false)
            .0
            .iter()
            .map(|p| p.rows)
            .collect()
    }

    #[test]
    fn a_first_line_is_never_left_alone_at_the_foot_of_a_page() {
        // Nine lines fill nine of ten rows; the next paragraph's first line would sit alone in the tenth.
        let mut rows = paragraph(9);
        rows.extend(paragraph(5));
        assert_eq!(rows_per_page(rows, 10.0), [9, 5]);
    }

    #[test]
    fn a_last_line_is_never_left_alone_at_the_head_of_a_page() {
        // Six lines, then a five-line paragraph: four would fit, leaving its last line alone overleaf.
        let mut rows = paragraph(6);
        rows.extend(paragraph(5));
        assert_eq!(rows_per_page(rows, 10.0), [9, 2]);
    }

    #[test]
    fn facing_pages_end_on_one_line_when_a_bond_moves_a_line() {
        let mut rows = paragraph(9);
        rows.extend(paragraph(30));
        rows.extend(paragraph(9));
        // Alone, the first page ends a line short (the next paragraph's first line would be left alone).
        assert_eq!(rows_per_page(rows.clone(), 10.0)[0], 9);
        // Facing pages from an even (verso) first page: each spread moves a line on both of its pages.
        let facing = paginate(rows, &geometry(10.0), &Style::preset(StyleName::Report).notes, 2, true).0;
        let counts: Vec<usize> = facing.iter().map(|p| p.rows).collect();
        assert_eq!(counts.iter().sum::<usize>(), 48, "{counts:?}");
        for spread in counts.chunks(2).take(counts.len() / 2 - 1) {
            assert_eq!(spread[0], spread[1], "{counts:?}");
        }
    }

    #[test]
    fn a_paragraph_taller_than_a_page_still_breaks() {
        assert_eq!(rows_per_page(paragraph(25), 10.0), [10, 10, 5]);
    }

    #[test]
    fn rows_at_the_foot_end_on_the_bottom_edge_on_a_new_page_when_they_do_not_fit() {
        // Rows of one line whose baseline is the row's bottom edge.
        let row = |at_foot: bool| Row {
            height_pt: 10.0,
            lines: vec![RowLine { x_pt: 0.0, baseline_pt: 10.0, line: Line::default() }],
            at_foot,
            ..Row::default()
        };
        let geometry = geometry(10.0);
        let bottom = (geometry.top_mm + geometry.text_height_mm()) * PT_PER_MM;
        for (text, pages_rows) in [(5, vec![7]), (9, vec![9, 2])] {
            let mut rows: Vec<Row> = (0..text).map(|_| row(false)).collect();
            rows.extend([row(true), row(true)]);
            let (pages, _) = paginate(rows, &geometry, &Style::preset(StyleName::Report).notes, 1, false);
            assert_eq!(pages.iter().map(|p| p.rows).collect::<Vec<_>>(), pages_rows, "{text} lines of text");
            let last = pages.last().and_then(|p| p.lines.last()).expect("the foot's last line");
            assert!((last.baseline_pt - bottom).abs() < EPS, "{text}: {} not {bottom}", last.baseline_pt);
        }
    }

    #[test]
    fn a_heading_moves_with_its_bound_first_lines() {
        let mut rows = paragraph(8);
        rows.push(Row { height_pt: 10.0, keep_with_next: true, ..Row::default() });
        rows.extend(paragraph(4));
        // Heading and the first line would fit (rows 9 and 10), but the first line is bound to the second.
        assert_eq!(rows_per_page(rows, 10.0), [8, 5]);
    }

    #[test]
    fn footnotes_taller_than_the_page_continue_on_the_next_pages_without_overlapping_the_text() {
        let geometry = geometry(10.0);
        let top = geometry.top_mm * PT_PER_MM;
        let bottom = top + geometry.text_height_mm() * PT_PER_MM;
        // Body lines carry no structure element here, notes carry their number.
        let line = |structure: Option<usize>| Row {
            height_pt: 10.0,
            lines: vec![RowLine { x_pt: 0.0, baseline_pt: 8.0, line: Line::default() }],
            structure: vec![structure],
            ..Row::default()
        };
        let mut rows: Vec<Row> = (0..6).map(|_| line(None)).collect();
        rows[1].notes = (0..30).map(|k| line(Some(k))).collect();
        let (pages, _) = paginate(rows, &geometry, &Style::preset(StyleName::Report).notes, 1, false);
        let notes: Vec<usize> = pages.iter().flat_map(|p| p.structure.iter().copied().flatten()).collect();
        assert_eq!(notes, (0..30).collect::<Vec<_>>(), "every note once, in order");
        let body: usize = pages.iter().map(|p| p.structure.iter().filter(|s| s.is_none()).count()).sum();
        assert_eq!(body, 6, "every line of text once");
        for page in &pages {
            assert!(page.lines.iter().all(|l| l.baseline_pt > top && l.baseline_pt <= bottom + EPS));
            let placed = page.lines.iter().zip(&page.structure);
            let lowest_text =
                placed.clone().filter(|(_, s)| s.is_none()).map(|(l, _)| l.baseline_pt).fold(0.0, f32::max);
            assert!(placed.filter(|(_, s)| s.is_some()).all(|(l, _)| l.baseline_pt > lowest_text));
        }
        assert!(pages.len() >= 4, "36 lines in 10-line pages: {}", pages.len());
    }
}
