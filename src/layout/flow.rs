//! Document → pages: the title block from `Meta`, every block styled by the preset, footnotes as end notes,
//! then page breaking and page numbers. The result is plain data that any drawing backend can paint.

use super::marks::StructKind;
use super::page::{
    page_number_position, page_number_text, paginate, OutlineEntry, Page, PlacedLine, Row, RowLine, Stroke,
    PT_PER_MM,
};
use super::paragraph::{set_paragraph, MissingGlyphs, ParagraphSpec, StyledChar};
use crate::diag::{Diagnostic, Error, Kind};
use crate::fonts::{Face, FontBook};
use crate::model::{self, Block, Document, Inline, Role};
use crate::style::{Align, Style, StyleName, TextStyle};
use crate::title_block::{self, LineKind};

mod figure;
mod marking;

/// A laid-out document.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// Pages in order, page numbers included.
    pub pages: Vec<Page>,
    /// Bookmarks from headings, in document order.
    pub outline: Vec<OutlineEntry>,
    /// Warnings: missing glyphs, degraded images.
    pub diagnostics: Vec<Diagnostic>,
    /// The logical structure: elements in document order, referred to by the pages' lines and images.
    pub structure: Vec<super::marks::StructElem>,
}

/// Lays out `doc` with `style`.
pub fn lay_out(doc: &Document, style: &Style, fonts: &FontBook) -> Result<Layout, Error> {
    let mut flow = Flow::new(style, fonts);
    flow.marking.resources = Some(&doc.resources);
    flow.title_block(&doc.meta)?;
    for block in &doc.blocks {
        flow.block(block)?;
    }
    flow.end_notes()?;
    let Flow { rows, missing, mut diagnostics, marking, .. } = flow;
    let (mut pages, outline) = paginate(rows, &style.page);
    let mut page_missing = MissingGlyphs::new();
    for (index, page) in pages.iter_mut().enumerate() {
        let n = index + 1;
        let numbers = &style.page_numbers;
        let chars: Vec<StyledChar> = page_number_text(numbers, n)
            .chars()
            .map(|ch| StyledChar { ch, face: numbers.face, size_pt: numbers.size_pt, tracking_pt: 0.0 })
            .collect();
        let spec = ParagraphSpec {
            width_pt: 1.0e4,
            left_pt: 0.0,
            right_pt: 0.0,
            first_indent_pt: 0.0,
            align: Align::Left,
            on_grid: false,
        };
        let line =
            set_paragraph(&chars, &spec, fonts, &mut page_missing)?.into_iter().next().unwrap_or_default();
        let (x, baseline) = page_number_position(numbers, &style.page, n, line.right_pt());
        page.lines.push(PlacedLine { x_pt: x, baseline_pt: baseline, line });
        page.furniture += 1;
    }
    for (ch, count) in &missing {
        diagnostics.push(
            Diagnostic::warning(
                Kind::MissingGlyph,
                format!(
                    "U+{:04X} {ch:?} occurs {count} time{} but no bundled font has a glyph for it; it is drawn as an empty box (the text layer keeps it)",
                    *ch as u32,
                    if *count == 1 { "" } else { "s" }
                ),
            )
            .at("pdf"),
        );
    }
    Ok(Layout { pages, outline, diagnostics, structure: marking.elems })
}

/// The bold counterpart used for `Strong` (there is no bold FangSong or Kai: 黑体 is the usual emphasis).
fn strong_face(face: Face) -> Face {
    match face {
        Face::Serif | Face::SerifBold => Face::SerifBold,
        Face::Sans | Face::SansBold => Face::SansBold,
        Face::Fang | Face::Kai => Face::Sans,
    }
}

/// The face used for `Emph`: 楷体, the traditional Chinese emphasis face (FangSong inside Kai text).
fn emph_face(face: Face) -> Face {
    match face {
        Face::Kai => Face::Fang,
        _ => Face::Kai,
    }
}

fn note_marker(n: usize) -> String {
    // ①…⑳ as in Chinese books; beyond twenty a bracketed number.
    match u32::try_from(n).ok().filter(|n| (1..=20).contains(n)).and_then(|n| char::from_u32(0x2460 + n - 1))
    {
        Some(c) => c.to_string(),
        None => format!("[{n}]"),
    }
}

struct Flow<'a> {
    style: &'a Style,
    fonts: &'a FontBook,
    width_pt: f32,
    /// Grid cell width when the preset sets text on a character grid.
    grid_pitch: Option<f32>,
    rows: Vec<Row>,
    pending_space: f32,
    page_break: bool,
    left_pt: f32,
    quote_depth: usize,
    notes: Vec<Vec<Block>>,
    missing: MissingGlyphs,
    diagnostics: Vec<Diagnostic>,
    marking: marking::Marking<'a>,
}

impl<'a> Flow<'a> {
    fn new(style: &'a Style, fonts: &'a FontBook) -> Self {
        let width_pt = style.page.text_width_mm() * PT_PER_MM;
        let grid_pitch = style.grid_chars.filter(|&n| n > 0).map(|n| width_pt / n as f32);
        Flow {
            style,
            fonts,
            width_pt,
            grid_pitch,
            rows: Vec::new(),
            pending_space: 0.0,
            page_break: false,
            left_pt: 0.0,
            quote_depth: 0,
            notes: Vec::new(),
            missing: MissingGlyphs::new(),
            diagnostics: Vec::new(),
            marking: marking::Marking::default(),
        }
    }

    /// Extra advance per glyph: on a character grid, text of the body size snaps to the grid's cells.
    fn tracking(&self, size_pt: f32) -> f32 {
        match self.grid_pitch {
            Some(pitch) if (size_pt - self.style.body.size_pt).abs() < 0.01 => pitch - size_pt,
            _ => 0.0,
        }
    }

    /// One character cell (em plus tracking) of `size_pt`.
    fn cell(&self, size_pt: f32) -> f32 {
        size_pt + self.tracking(size_pt)
    }

    fn styled(&self, text: &str, face: Face, size_pt: f32) -> Vec<StyledChar> {
        let tracking_pt = self.tracking(size_pt);
        text.chars()
            .filter(|&c| c != '\r')
            .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
            .map(|ch| StyledChar { ch, face, size_pt, tracking_pt })
            .collect()
    }

    fn inlines(&mut self, inlines: &[Inline], face: Face, size_pt: f32, out: &mut Vec<StyledChar>) {
        for inline in inlines {
            match inline {
                Inline::Text(t) => out.extend(self.styled(t, face, size_pt)),
                Inline::Emph(c) => self.inlines(c, emph_face(face), size_pt, out),
                Inline::Strong(c) => self.inlines(c, strong_face(face), size_pt, out),
                Inline::Strike(c) => self.inlines(c, face, size_pt, out),
                Inline::Code(t) => out.extend(self.styled(t, Face::Sans, size_pt)),
                Inline::Link { content, url } => {
                    let start = out.len();
                    self.inlines(content, face, size_pt, out);
                    self.marking.link(start, out.len(), url);
                }
                Inline::Image(image) => out.extend(self.inline_image(image, face, size_pt)),
                Inline::LineBreak => {
                    let tracking_pt = self.tracking(size_pt);
                    out.push(StyledChar { ch: '\n', face, size_pt, tracking_pt });
                }
                Inline::Note(blocks) => {
                    self.notes.push(blocks.clone());
                    out.extend(self.styled(&note_marker(self.notes.len()), face, size_pt));
                }
            }
        }
    }

    fn text_style_for(&self, role: Role) -> &'a TextStyle {
        if self.quote_depth > 0 && role == Role::Body {
            &self.style.quote
        } else {
            &self.style.body
        }
    }

    /// Sets `chars` as one paragraph and appends its lines as rows.
    #[allow(clippy::too_many_arguments)]
    fn paragraph(
        &mut self,
        chars: &[StyledChar],
        ts: &TextStyle,
        align: Align,
        first_indent_pt: f32,
        extra_left_pt: f32,
        right_pt: f32,
        heading: Option<(u8, String)>,
    ) -> Result<(), Error> {
        let spec = ParagraphSpec {
            width_pt: self.width_pt,
            left_pt: self.left_pt + extra_left_pt,
            right_pt,
            first_indent_pt,
            align,
            on_grid: self.grid_pitch.is_some(),
        };
        let lines = set_paragraph(chars, &spec, self.fonts, &mut self.missing)?;
        let elem = self.marking.paragraph_elem();
        let links = self.marking.take_links(chars, &lines, elem);
        let pitch = ts.line_pitch_pt.max(ts.size_pt);
        let keep = heading.is_some();
        // Widows and orphans (clreq §1.6): the first line is kept with the second and the last but one with
        // the last, so neither is left alone at a page edge. Not on a character grid: GB/T 9704 wants every
        // full page to hold exactly 22 lines, as Word's grid documents do.
        let count = lines.len();
        let guard = self.grid_pitch.is_none() && count >= 2;
        let mut outline = heading;
        for (i, line) in lines.into_iter().enumerate() {
            let binds = guard && (i == 0 || i + 2 == count);
            let baseline = baseline_in(pitch, line.size_pt().max(ts.size_pt));
            self.push_row(Row {
                height_pt: pitch,
                space_before_pt: if i == 0 { self.pending_space + ts.space_before_pt } else { 0.0 },
                lines: vec![RowLine { x_pt: 0.0, baseline_pt: baseline, line }],
                keep_with_next: keep || binds,
                outline: outline.take(),
                links: marking::place(links.get(i), 0.0, baseline),
                structure: vec![elem],
                ..Row::default()
            });
        }
        self.pending_space = ts.space_after_pt;
        Ok(())
    }

    fn push_row(&mut self, mut row: Row) {
        if self.page_break {
            row.page_break_before = true;
            self.page_break = false;
        }
        self.rows.push(row);
    }

    fn title_block(&mut self, meta: &model::Meta) -> Result<(), Error> {
        let s = self.style;
        let lines = title_block::lines(meta).into_iter().map(|line| {
            let ts = match line.kind {
                LineKind::Title => &s.title,
                LineKind::Subtitle => &s.subtitle,
                LineKind::Series | LineKind::Author | LineKind::Date => &s.byline,
            };
            (line.text, ts)
        });
        for (text, ts) in lines {
            let chars = self.styled(&text, ts.face, ts.size_pt);
            // The title is the document's first-level heading in the structure tree.
            let outer = std::ptr::eq(ts, &s.title).then(|| self.marking.open(StructKind::Heading(1), None));
            self.paragraph(&chars, ts, ts.align, 0.0, 0.0, 0.0, None)?;
            if let Some(outer) = outer {
                self.marking.close(outer);
            }
            // Spacing inside the title block is the lines' own pitch; the title's space after ends the block.
            self.pending_space = 0.0;
        }
        self.pending_space = s.title.space_after_pt;
        Ok(())
    }

    fn block(&mut self, block: &Block) -> Result<(), Error> {
        self.block_with_prefix(block, None)
    }

    /// Lays out `block`; a list item's or note's marker is passed as `prefix` and hangs in the left margin
    /// of the first paragraph.
    fn block_with_prefix(&mut self, block: &Block, prefix: Option<&str>) -> Result<(), Error> {
        let s = self.style;
        let outer = self.marking.open_block(block);
        match block {
            Block::Heading { level, content } => {
                let ts = s.heading(*level);
                let mut chars = Vec::new();
                self.inlines(content, ts.face, ts.size_pt, &mut chars);
                let indent = ts.indent_em * self.cell(ts.size_pt);
                let title = model::plain_text(content);
                self.paragraph(&chars, ts, ts.align, indent, 0.0, 0.0, Some((*level, title)))?;
            }
            Block::Paragraph { role, content } => {
                if *role == Role::Boilerplate {
                    return Ok(());
                }
                let ts = self.text_style_for(*role);
                let cell = self.cell(ts.size_pt);
                let gongwen = s.name == StyleName::Gongwen;
                let (align, indent, right) = match role {
                    Role::Salutation => (Align::Left, 0.0, 0.0),
                    // GB/T 9704 §7.3.5: the date 右空四字; the signature sits above it, two cells further in.
                    Role::Signature => (Align::Right, 0.0, if gongwen { 2.0 * cell } else { 0.0 }),
                    Role::Date => (Align::Right, 0.0, if gongwen { 4.0 * cell } else { 0.0 }),
                    Role::Note => (Align::Left, ts.indent_em * cell, 0.0),
                    Role::Body | Role::Attachment | Role::Boilerplate => (ts.align, ts.indent_em * cell, 0.0),
                };
                let mut chars = Vec::new();
                let mut hang = 0.0;
                if let Some(p) = prefix {
                    chars = self.styled(p, ts.face, ts.size_pt);
                    hang = self.measure(&chars)?;
                }
                self.inlines(content, ts.face, ts.size_pt, &mut chars);
                if prefix.is_some() {
                    self.paragraph(&chars, ts, align, -hang, hang, right, None)?;
                } else {
                    self.paragraph(&chars, ts, align, indent, 0.0, right, None)?;
                }
            }
            Block::List { ordered, start, items } => {
                for (k, item) in items.iter().enumerate() {
                    let marker = if *ordered {
                        format!("{}. ", u64::from(*start) + k as u64)
                    } else {
                        "• ".to_owned()
                    };
                    let ts = self.text_style_for(Role::Body);
                    let indent = ts.indent_em * self.cell(ts.size_pt);
                    // Items sit at the paragraph indent; their markers hang in front of the text.
                    self.left_pt += indent;
                    let marker_chars = self.styled(&marker, ts.face, ts.size_pt);
                    let hang = self.measure(&marker_chars)?;
                    let item_outer = self.marking.open(StructKind::ListItem, None);
                    self.marking.open(StructKind::ListBody, None);
                    let mut first = true;
                    for b in item {
                        if first {
                            self.block_with_prefix(b, Some(&marker))?;
                            first = false;
                            self.left_pt += hang;
                        } else {
                            self.block(b)?;
                        }
                    }
                    if item.is_empty() {
                        self.block_with_prefix(&Block::paragraph(""), Some(&marker))?;
                        self.left_pt += hang;
                    }
                    self.left_pt -= indent + hang;
                    self.marking.close(item_outer);
                }
            }
            Block::Quote { blocks } => {
                let cell = self.cell(s.quote.size_pt);
                self.left_pt += 2.0 * cell;
                self.quote_depth += 1;
                for b in blocks {
                    self.block(b)?;
                }
                self.quote_depth -= 1;
                self.left_pt -= 2.0 * cell;
            }
            Block::Code { text, .. } => {
                let ts = &s.code;
                for line in text.split('\n') {
                    // Code keeps its lines and spaces; long lines wrap flush left.
                    let chars: Vec<StyledChar> = line
                        .chars()
                        .filter(|&c| c != '\r')
                        .flat_map(|c| if c == '\t' { vec![' '; 4] } else { vec![c] })
                        .map(|ch| StyledChar { ch, face: ts.face, size_pt: ts.size_pt, tracking_pt: 0.0 })
                        .collect();
                    self.paragraph(&chars, ts, Align::Left, 0.0, 0.0, 0.0, None)?;
                    self.pending_space = 0.0;
                }
                self.pending_space = ts.space_after_pt;
            }
            Block::Table(table) => self.table(table)?,
            Block::Figure { image, caption } => self.figure(image, caption)?,
            Block::Rule => {
                let pitch = s.body.line_pitch_pt;
                let (x1, x2) = (self.left_pt + self.width_pt * 0.25, self.width_pt * 0.75);
                self.push_row(Row {
                    height_pt: pitch,
                    space_before_pt: self.pending_space,
                    strokes: vec![Stroke {
                        x1_pt: x1,
                        y1_pt: pitch / 2.0,
                        x2_pt: x2,
                        y2_pt: pitch / 2.0,
                        width_pt: 0.5,
                    }],
                    ..Row::default()
                });
                self.pending_space = 0.0;
            }
            Block::PageBreak => self.page_break = true,
        }
        self.marking.close(outer);
        Ok(())
    }

    /// Natural width of `chars` on one line (spaces included), with the faces that will draw them.
    fn measure(&mut self, chars: &[StyledChar]) -> Result<f32, Error> {
        let mut width = 0.0;
        for c in chars {
            let em = self.fonts.resolve(c.face, c.ch)?.and_then(|f| f.advance_em(c.ch)).unwrap_or(1.0);
            width += em * c.size_pt + c.tracking_pt;
        }
        Ok(width)
    }

    /// A simple grid: equal columns, every cell set in its column, borders around every cell.
    fn table(&mut self, table: &model::Table) -> Result<(), Error> {
        let ts = &self.style.body;
        let columns =
            table.head.iter().chain(&table.body).map(Vec::len).max().unwrap_or(0).max(table.columns.len());
        if columns == 0 {
            return Ok(());
        }
        let total = self.width_pt - self.left_pt;
        let col_w = total / columns as f32;
        let pad = ts.size_pt * 0.3;
        let pitch = ts.line_pitch_pt;
        let head_rows = table.head.len();
        let rows: Vec<(usize, &Vec<Vec<Inline>>)> =
            table.head.iter().chain(&table.body).enumerate().collect();
        let count = rows.len();
        for (r, cells) in rows {
            let face = if r < head_rows { strong_face(ts.face) } else { ts.face };
            let table_outer = self.marking.open(StructKind::TableRow, None);
            let (mut row_links, mut row_structure) = (Vec::new(), Vec::new());
            let mut row_lines = Vec::new();
            let mut max_lines = 1usize;
            for (c, cell) in cells.iter().enumerate() {
                let align = match table.columns.get(c) {
                    Some(model::Align::Center) => Align::Center,
                    Some(model::Align::Right) => Align::Right,
                    _ if r < head_rows => Align::Center,
                    _ => Align::Left,
                };
                let mut chars = Vec::new();
                // Cells are not on the grid: plain em widths.
                for inline in cell {
                    self.inlines(std::slice::from_ref(inline), face, ts.size_pt, &mut chars);
                }
                for ch in &mut chars {
                    ch.tracking_pt = 0.0;
                }
                let spec = ParagraphSpec {
                    width_pt: col_w,
                    left_pt: pad,
                    right_pt: pad,
                    first_indent_pt: 0.0,
                    align,
                    on_grid: false,
                };
                let lines = set_paragraph(&chars, &spec, self.fonts, &mut self.missing)?;
                max_lines = max_lines.max(lines.len());
                let x0 = self.left_pt + c as f32 * col_w;
                let cell_kind = if r < head_rows { StructKind::HeaderCell } else { StructKind::DataCell };
                let row_elem = self.marking.open(cell_kind, None);
                let cell_elem = self.marking.current();
                let links = self.marking.take_links(&chars, &lines, cell_elem);
                self.marking.close(row_elem);
                for (k, line) in lines.into_iter().enumerate() {
                    let baseline = k as f32 * pitch + baseline_in(pitch, ts.size_pt);
                    row_links.extend(marking::place(links.get(k), x0, baseline));
                    row_structure.push(cell_elem);
                    row_lines.push(RowLine {
                        x_pt: x0,
                        baseline_pt: k as f32 * pitch + baseline_in(pitch, ts.size_pt),
                        line,
                    });
                }
            }
            let height = max_lines as f32 * pitch;
            let mut strokes = Vec::new();
            let (x_left, x_right) = (self.left_pt, self.left_pt + total);
            strokes.push(Stroke { x1_pt: x_left, y1_pt: 0.0, x2_pt: x_right, y2_pt: 0.0, width_pt: 0.5 });
            if r + 1 == count {
                strokes.push(Stroke {
                    x1_pt: x_left,
                    y1_pt: height,
                    x2_pt: x_right,
                    y2_pt: height,
                    width_pt: 0.5,
                });
            }
            for c in 0..=columns {
                let x = x_left + c as f32 * col_w;
                strokes.push(Stroke { x1_pt: x, y1_pt: 0.0, x2_pt: x, y2_pt: height, width_pt: 0.5 });
            }
            let space = if r == 0 { self.pending_space } else { 0.0 };
            self.push_row(Row {
                height_pt: height,
                space_before_pt: space,
                lines: row_lines,
                strokes,
                links: row_links,
                structure: row_structure,
                ..Row::default()
            });
            self.marking.close(table_outer);
        }
        self.pending_space = ts.space_after_pt;
        Ok(())
    }

    /// Footnotes degrade to end notes: a `注释` line, then each note with its marker.
    fn end_notes(&mut self) -> Result<(), Error> {
        if self.notes.is_empty() {
            return Ok(());
        }
        let ts = &self.style.body;
        let chars = self.styled("注释", strong_face(ts.face), ts.size_pt);
        self.paragraph(&chars, ts, Align::Left, 0.0, 0.0, 0.0, None)?;
        let mut index = 0;
        // Notes may contain notes: keep going until none are left.
        while let Some(blocks) = self.notes.get(index).cloned() {
            index += 1;
            let marker = format!("{} ", note_marker(index));
            match blocks.split_first() {
                Some((first @ Block::Paragraph { .. }, rest)) => {
                    self.block_with_prefix(first, Some(&marker))?;
                    for b in rest {
                        self.block(b)?;
                    }
                }
                _ => {
                    self.block_with_prefix(&Block::paragraph(""), Some(&marker))?;
                    for b in &blocks {
                        self.block(b)?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// Baseline of a line of `size_pt` centred in a line box of `pitch`: the ideographic em box runs from 0.12 em
/// below the baseline to 0.88 em above it.
fn baseline_in(pitch: f32, size_pt: f32) -> f32 {
    (pitch - size_pt) / 2.0 + 0.88 * size_pt
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::testdoc::seed_document;
    use crate::style::StyleName;

    #[test]
    fn a_gongwen_page_holds_at_most_22_body_lines_and_full_pages_hold_22() {
        let Some(doc) = seed_document() else { return };
        let style = Style::preset(StyleName::Gongwen);
        let layout = lay_out(&doc, &style, &FontBook::new(&[])).expect("lays out");
        assert!(layout.pages.len() >= 3, "{} pages", layout.pages.len());
        for (i, page) in layout.pages.iter().enumerate() {
            assert!(page.rows <= 22, "page {} has {} rows", i + 1, page.rows);
        }
        // The middle pages are full (22 lines, or 21 when a heading was kept off the last line).
        assert!(layout.pages[1].rows >= 21, "page 2 has {} rows", layout.pages[1].rows);
        assert_eq!(layout.outline.len(), 3, "three headings become bookmarks");
    }

    #[test]
    fn the_title_block_comes_first_and_nothing_is_lost() {
        let Some(doc) = seed_document() else { return };
        let style = Style::preset(StyleName::Gongwen);
        let layout = lay_out(&doc, &style, &FontBook::new(&[])).expect("lays out");
        let first: Vec<String> = layout.pages[0].lines.iter().take(4).map(|l| l.line.text()).collect();
        assert_eq!(
            first,
            ["“日新月异”系列№4193", "在市委人大工作会议上的讲话", "市委书记  闫晨曦", "（2022年7月15日）"]
        );
        let all: String = layout.pages.iter().flat_map(|p| &p.lines).map(|l| l.line.text()).collect();
        for block in &doc.blocks {
            if let Block::Paragraph { content, .. } | Block::Heading { content, .. } = block {
                let text = model::plain_text(content);
                let head: String = text.chars().take(20).collect();
                assert!(all.contains(&head), "lost: {head}");
            }
        }
        assert!(layout.diagnostics.is_empty(), "{:?}", layout.diagnostics);
    }

    #[test]
    fn missing_glyphs_are_reported_once_with_their_count() {
        let mut doc = Document::default();
        doc.blocks.push(Block::paragraph("私用区\u{E000}字符\u{E000}"));
        let style = Style::preset(StyleName::Report);
        let layout = lay_out(&doc, &style, &FontBook::new(&[])).expect("lays out");
        let missing: Vec<&Diagnostic> =
            layout.diagnostics.iter().filter(|d| d.kind == Kind::MissingGlyph).collect();
        assert_eq!(missing.len(), 1);
        assert!(
            missing[0].message.contains("U+E000") && missing[0].message.contains("2 times"),
            "{}",
            missing[0].message
        );
    }
}
