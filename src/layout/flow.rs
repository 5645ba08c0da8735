//! Document → pages: the title block from `Meta`, every block styled by the preset, footnotes as end notes,
//! then page breaking and page numbers. The result is plain data that any drawing backend can paint.

use super::marks::{glyph_sources, StructKind};
use super::page::{
    page_number_position, page_number_text, paginate, Bookmark, OutlineEntry, Page, PlacedLine, Row, RowLine,
    Stroke, TableContinuation, PT_PER_MM,
};
use super::paragraph::{set_paragraph, Line, MissingGlyphs, ParagraphSpec, StyledChar};
use crate::diag::{Diagnostic, Error, Kind};
use crate::fonts::{Face, FontBook, Synthetic};
use crate::model::{self, Block, Document, Inline, Role};
use crate::style::{Accents, Align, PageGeometry, RunningHead, Style, TextStyle};
use crate::title_block::{self, LineKind};
use crate::zh::chars::is_wide;

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
    /// Every link target, each once; the pages' link areas refer to them by index.
    pub links: Vec<crate::link::Target>,
}

/// Lays out `doc` with `style`.
pub fn lay_out(doc: &Document, style: &Style, fonts: &FontBook) -> Result<Layout, Error> {
    let mut flow = Flow::new(style, fonts);
    flow.marking.resources = Some(&doc.resources);
    flow.marking.anchors = crate::link::Anchors::new(doc);
    flow.title_block(&doc.meta)?;
    let title_rows = flow.rows.len();
    for block in &doc.blocks {
        flow.block(block)?;
    }
    flow.end_notes()?;
    let Flow { rows, missing, mut diagnostics, marking, .. } = flow;
    let (mut pages, mut outline) = paginate(rows, &style.page);
    // A book whose title block stands alone on the first page (the first chapter broke to the next) has a
    // title page: the title is sunk like a chapter opening, the page carries no running head or folio, and
    // its back is left blank so that the text opens on a recto page, as a printed book's does.
    let title_page = style.chapter_sink_pt.is_some()
        && title_rows > 0
        && pages.len() > 1
        && pages.first().is_some_and(|p| p.rows == title_rows);
    if let (true, Some(sink), Some(first)) = (title_page, style.chapter_sink_pt, pages.first_mut()) {
        for line in &mut first.lines {
            line.baseline_pt += sink;
        }
        for stroke in &mut first.strokes {
            stroke.y1_pt += sink;
            stroke.y2_pt += sink;
        }
    }
    if title_page {
        pages.insert(1, Page::default());
        for entry in &mut outline {
            entry.page += 1;
        }
    }
    let mut page_missing = MissingGlyphs::new();
    let book_title = doc.meta.display_title();
    let mut chapters = outline.iter().filter(|e| e.level == 1).peekable();
    let mut chapter: Option<&str> = None;
    for (index, page) in pages.iter_mut().enumerate() {
        let n = index + 1;
        let mut opens_chapter = false;
        while let Some(entry) = chapters.next_if(|e| e.page <= index) {
            opens_chapter |= entry.page == index;
            chapter = Some(&entry.title);
        }
        if let Some(head) = &style.running_head {
            if index > 0 && !opens_chapter && !(title_page && index == 1) {
                // Verso (even) pages name the book, recto (odd) pages the chapter they are in.
                let text = if n % 2 == 0 { &book_title } else { chapter.unwrap_or(&book_title) };
                running_head(page, head, &style.page, text, fonts, &mut page_missing)?;
            }
        }
        if title_page && index <= 1 {
            continue;
        }
        let numbers = &style.page_numbers;
        let line = furniture_line(
            &page_number_text(numbers, n),
            numbers.face,
            numbers.size_pt,
            fonts,
            &mut page_missing,
        )?;
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
    Ok(Layout { pages, outline, diagnostics, structure: marking.elems, links: marking.targets })
}

/// `text` set on one line in `face` at `size_pt`, for page furniture.
fn furniture_line(
    text: &str,
    face: Face,
    size_pt: f32,
    fonts: &FontBook,
    missing: &mut MissingGlyphs,
) -> Result<Line, Error> {
    let chars: Vec<StyledChar> = text.chars().map(|ch| StyledChar::plain(ch, face, size_pt, 0.0)).collect();
    let spec = ParagraphSpec {
        width_pt: 1.0e4,
        left_pt: 0.0,
        right_pt: 0.0,
        first_indent_pt: 0.0,
        align: Align::Left,
        on_grid: false,
    };
    Ok(set_paragraph(&chars, &spec, fonts, missing)?.into_iter().next().unwrap_or_default())
}

/// Adds a running head to `page`: `text` centred above the type area (cut short with `…` to fit), a thin
/// rule under it across the type area. The head is furniture, like the folio.
fn running_head(
    page: &mut Page,
    head: &RunningHead,
    geometry: &PageGeometry,
    text: &str,
    fonts: &FontBook,
    missing: &mut MissingGlyphs,
) -> Result<(), Error> {
    let left = geometry.left_mm * PT_PER_MM;
    let width = geometry.text_width_mm() * PT_PER_MM;
    let top = geometry.top_mm * PT_PER_MM;
    // A heading's inner spacing (`第一回  甄士隐…　贾雨村…`) becomes one ideographic space (one Latin space
    // in a Latin title).
    let gap = if text.is_ascii() { " " } else { "\u{3000}" };
    let text = text.split_whitespace().collect::<Vec<_>>().join(gap);
    let mut line = furniture_line(&text, head.face, head.size_pt, fonts, missing)?;
    if line.right_pt() > width {
        // Too long: keep what fits with room for an ellipsis of one em, measured once, not char by char.
        let room = width - head.size_pt;
        let kept: String =
            line.glyphs.iter().take_while(|g| g.x_pt + g.advance_pt <= room).map(|g| g.ch).collect();
        let shortened = format!("{}…", kept.trim_end());
        line = furniture_line(&shortened, head.face, head.size_pt, fonts, missing)?;
    }
    let x = left + (width - line.right_pt()) / 2.0;
    page.lines.push(PlacedLine { x_pt: x, baseline_pt: top - head.baseline_above_text_mm * PT_PER_MM, line });
    page.furniture += 1;
    let y = top - head.rule_above_text_mm * PT_PER_MM;
    page.strokes.push(Stroke {
        x1_pt: left,
        y1_pt: y,
        x2_pt: left + width,
        y2_pt: y,
        width_pt: head.rule_width_pt,
    });
    Ok(())
}

/// The face of a run of text, and what the renderer adds to it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Look {
    face: Face,
    bold: bool,
    /// Asked for italic: Latin characters are slanted, Chinese ones never are (clreq).
    italic: bool,
}

impl From<Face> for Look {
    fn from(face: Face) -> Self {
        Look { face, bold: false, italic: false }
    }
}

impl Look {
    /// What the renderer adds to `ch` in this look.
    fn synthetic(self, ch: char) -> Synthetic {
        Synthetic { bold: self.bold, slant: self.italic && !is_wide(ch) && !ch.is_whitespace() }
    }

    /// The look of `Strong` ([`Accents::strong`]). Made bold, 黑体 takes its bold file; Song is drawn by
    /// stroking the regular face as Word and xeCJK do for 宋体: a real bold face would add a subset of its
    /// own for a few lead sentences (12 KB of the seed's PDF).
    fn strong(self, accents: &Accents) -> Look {
        match accents.strong(self.face) {
            (face, false) => Look { face, ..self },
            (Face::Sans, true) => Look { face: Face::SansBold, ..self },
            (Face::SerifBold | Face::SansBold, true) => self,
            (_, true) => Look { bold: true, ..self },
        }
    }

    /// The look of `Emph` ([`Accents::emph`]), its Latin letters slanted if the style says so.
    fn emph(self, accents: &Accents) -> Look {
        Look { face: accents.emph(self.face), italic: self.italic || accents.emph_slants_latin, ..self }
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
    /// Every footnote so far, numbered in order; `placed` says which are laid out.
    notes: Vec<Vec<Block>>,
    placed: Vec<bool>,
    /// The footnotes referenced in the text being gathered: (index of the marker's first character among
    /// the gathered characters, note index).
    note_refs: Vec<(usize, usize)>,
    /// Greater than 0 while a footnote's own text is laid out.
    footnote_depth: usize,
    /// While the end notes are laid out: their headings, like those of footnotes, are no link targets.
    in_end_notes: bool,
    /// How many headings links may point to were laid out: the next one's ordinal.
    headings: usize,
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
            placed: Vec::new(),
            note_refs: Vec::new(),
            footnote_depth: 0,
            in_end_notes: false,
            headings: 0,
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

    fn styled(&self, text: &str, look: impl Into<Look>, size_pt: f32) -> Vec<StyledChar> {
        let look = look.into();
        let tracking_pt = self.tracking(size_pt);
        text.chars()
            .filter(|&c| c != '\r')
            .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
            .map(|ch| StyledChar { ch, face: look.face, synthetic: look.synthetic(ch), size_pt, tracking_pt })
            .collect()
    }

    fn inlines(
        &mut self,
        inlines: &[Inline],
        look: impl Into<Look>,
        size_pt: f32,
        out: &mut Vec<StyledChar>,
    ) {
        let look = look.into();
        for inline in inlines {
            match inline {
                Inline::Text(t) => out.extend(self.styled(t, look, size_pt)),
                Inline::Emph(c) => self.inlines(c, look.emph(&self.style.accents), size_pt, out),
                Inline::Strong(c) => self.inlines(c, look.strong(&self.style.accents), size_pt, out),
                Inline::Strike(c) => self.inlines(c, look, size_pt, out),
                Inline::Code(t) => out.extend(self.styled(t, self.style.code.face, size_pt)),
                Inline::Link { content, url } => {
                    let start = out.len();
                    self.inlines(content, look, size_pt, out);
                    self.marking.link(start, out.len(), url);
                }
                Inline::Image(image) => out.extend(self.inline_image(image, look, size_pt)),
                Inline::LineBreak => {
                    let tracking_pt = self.tracking(size_pt);
                    out.push(StyledChar {
                        synthetic: look.synthetic('\n'),
                        ..StyledChar::plain('\n', look.face, size_pt, tracking_pt)
                    });
                }
                Inline::Note(blocks) => {
                    self.notes.push(blocks.clone());
                    self.placed.push(false);
                    self.note_refs.push((out.len(), self.notes.len() - 1));
                    out.extend(self.styled(&note_marker(self.notes.len()), look, size_pt));
                }
            }
        }
    }

    fn text_style_for(&self, role: Role) -> &'a TextStyle {
        if self.footnote_depth > 0 {
            &self.style.footnote
        } else if self.quote_depth > 0 && role == Role::Body {
            &self.style.quote
        } else {
            &self.style.body
        }
    }

    /// Indents what follows by `by` points, as far as the style lets nesting narrow the measure (see
    /// [`crate::style::Style::nested_measure_min_share`]); returns the indent given, to take back after.
    fn indent_by(&mut self, by: f32) -> f32 {
        let narrowest = self.width_pt * self.style.nested_measure_min_share;
        let given = by.min((self.width_pt - narrowest - self.left_pt).max(0.0));
        self.left_pt += given;
        given
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
        heading: Option<Bookmark>,
    ) -> Result<(), Error> {
        let spec = ParagraphSpec {
            width_pt: self.width_pt,
            left_pt: self.left_pt + extra_left_pt,
            right_pt,
            first_indent_pt,
            align,
            on_grid: self.grid_pitch.is_some() && self.footnote_depth == 0,
        };
        let lines = set_paragraph(chars, &spec, self.fonts, &mut self.missing)?;
        let elem = self.marking.paragraph_elem();
        let links = self.marking.take_links(chars, &lines, elem);
        // Each footnote goes with the line its marker is on, to the foot of that line's page.
        let mut notes: Vec<Vec<Row>> = vec![Vec::new(); lines.len()];
        let refs = std::mem::take(&mut self.note_refs);
        let reach = if refs.is_empty() { Vec::new() } else { line_reach(&glyph_sources(chars, &lines)) };
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
        let pitch = ts.line_pitch_pt.max(ts.size_pt);
        let keep = heading.is_some();
        // Widows and orphans (clreq §1.6): the first line is kept with the second and the last but one with
        // the last, so neither is left alone at a page edge. Not on a character grid: GB/T 9704 wants every
        // full page to hold exactly 22 lines, as Word's grid documents do.
        let count = lines.len();
        let guard = self.grid_pitch.is_none() && self.footnote_depth == 0 && count >= 2;
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
                notes: notes.get_mut(i).map(std::mem::take).unwrap_or_default(),
                ..Row::default()
            });
        }
        self.pending_space = ts.space_after_pt;
        Ok(())
    }

    /// Lays out footnote `index` (its marker, then its text in the footnote style) as rows of its own, for
    /// the foot of the page that references it.
    fn footnote(&mut self, index: usize) -> Result<Vec<Row>, Error> {
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
                if let (1, Some(sink)) = (*level, s.chapter_sink_pt) {
                    // A chapter opens a new page, its heading sunk below the top of the type area.
                    self.page_break = true;
                    self.push_row(Row { height_pt: sink, keep_with_next: true, ..Row::default() });
                    self.pending_space = 0.0;
                }
                let mut chars = Vec::new();
                self.inlines(content, ts.face, ts.size_pt, &mut chars);
                let indent = ts.indent_em * self.cell(ts.size_pt);
                if ts.align == Align::Center && self.measure(&chars)? > self.width_pt - self.left_pt - indent
                {
                    break_at_middle_space(&mut chars);
                }
                // Headings are numbered as `link::Anchors` numbers them: those outside footnotes.
                let linkable = self.footnote_depth == 0 && !self.in_end_notes;
                let heading = linkable.then(|| {
                    self.headings += 1;
                    self.headings - 1
                });
                let bookmark = Bookmark { level: *level, title: model::plain_text(content), heading };
                self.paragraph(&chars, ts, ts.align, indent, 0.0, 0.0, Some(bookmark))?;
            }
            Block::Paragraph { role, content } => {
                if *role == Role::Boilerplate {
                    return Ok(());
                }
                let ts = self.text_style_for(*role);
                let cell = self.cell(ts.size_pt);
                let (align, indent, right) = match role {
                    Role::Salutation | Role::Contents => (Align::Left, 0.0, 0.0),
                    Role::Signature => (Align::Right, 0.0, s.closing.signature_right_em * cell),
                    Role::Date => (Align::Right, 0.0, s.closing.date_right_em * cell),
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
                    // Items sit at the paragraph indent; their markers hang in front of the text.
                    let indent = self.indent_by(ts.indent_em * self.cell(ts.size_pt));
                    let marker_chars = self.styled(&marker, ts.face, ts.size_pt);
                    let hang = self.measure(&marker_chars)?;
                    let item_outer = self.marking.open(StructKind::ListItem, None);
                    self.marking.open(StructKind::ListBody, None);
                    let mut hung = None;
                    for b in item {
                        if hung.is_none() {
                            self.block_with_prefix(b, Some(&marker))?;
                            hung = Some(self.indent_by(hang));
                        } else {
                            self.block(b)?;
                        }
                    }
                    if item.is_empty() {
                        self.block_with_prefix(&Block::paragraph(""), Some(&marker))?;
                        hung = Some(self.indent_by(hang));
                    }
                    self.left_pt -= indent + hung.unwrap_or(0.0);
                    self.marking.close(item_outer);
                }
            }
            Block::Quote { blocks } => {
                let indent = self.indent_by(2.0 * self.cell(s.quote.size_pt));
                self.quote_depth += 1;
                for b in blocks {
                    self.block(b)?;
                }
                self.quote_depth -= 1;
                self.left_pt -= indent;
            }
            Block::Code { text, .. } => {
                let ts = &s.code;
                for line in text.split('\n') {
                    // Code keeps its lines and spaces; long lines wrap flush left.
                    let chars: Vec<StyledChar> = line
                        .chars()
                        .filter(|&c| c != '\r')
                        .flat_map(|c| if c == '\t' { vec![' '; 4] } else { vec![c] })
                        .map(|ch| StyledChar::plain(ch, ts.face, ts.size_pt, 0.0))
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
        let pad = ts.size_pt * self.style.table_cell_padding_em;
        if let Some(message) = self.style.table_too_wide(columns, total) {
            self.diagnostics.push(Diagnostic::warning(Kind::Unsupported, message).at("pdf"));
            return self.table_as_lines(table);
        }
        let pitch = ts.line_pitch_pt;
        let head_rows = table.head.len();
        let rows: Vec<(usize, &Vec<Vec<Inline>>)> =
            table.head.iter().chain(&table.body).enumerate().collect();
        let count = rows.len();
        // The header rows as they are repeated on later pages: artifacts, without structure or links.
        let mut repeated_head: Vec<Row> = Vec::new();
        let mut continuation: Option<TableContinuation> = None;
        for (r, cells) in rows {
            let look =
                if r < head_rows { Look::from(ts.face).strong(&self.style.accents) } else { ts.face.into() };
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
                    self.inlines(std::slice::from_ref(inline), look, ts.size_pt, &mut chars);
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
            let mut notes = Vec::new();
            for (_, note) in std::mem::take(&mut self.note_refs) {
                notes.extend(self.footnote(note)?);
            }
            let row = Row {
                notes,
                height_pt: height,
                space_before_pt: space,
                lines: row_lines,
                strokes,
                links: row_links,
                structure: row_structure,
                ..Row::default()
            };
            if r < head_rows {
                repeated_head.push(Row {
                    space_before_pt: 0.0,
                    links: Vec::new(),
                    structure: Vec::new(),
                    ..row.clone()
                });
                // A header never ends a page: it goes with the first body row.
                self.push_row(Row { keep_with_next: true, ..row });
            } else {
                let table = continuation.get_or_insert_with(|| TableContinuation {
                    head: std::mem::take(&mut repeated_head).into(),
                    rule_x_pt: (x_left, x_right),
                    rule_width_pt: 0.5,
                });
                self.push_row(Row { table: Some(table.clone()), ..row });
            }
            self.marking.close(table_outer);
        }
        self.pending_space = ts.space_after_pt;
        Ok(())
    }

    /// A table too wide for the page, as text: each row one paragraph of its cells separated by ` | `
    /// (header rows bold), in the table's structure as a row of one cell.
    fn table_as_lines(&mut self, table: &model::Table) -> Result<(), Error> {
        let ts = &self.style.body;
        let head_rows = table.head.len();
        for (r, cells) in table.head.iter().chain(&table.body).enumerate() {
            let look =
                if r < head_rows { Look::from(ts.face).strong(&self.style.accents) } else { ts.face.into() };
            let mut chars = Vec::new();
            for (c, cell) in cells.iter().enumerate() {
                if c > 0 {
                    chars.extend(self.styled(" | ", look, ts.size_pt));
                }
                self.inlines(cell, look, ts.size_pt, &mut chars);
            }
            let row = self.marking.open(StructKind::TableRow, None);
            let cell_kind = if r < head_rows { StructKind::HeaderCell } else { StructKind::DataCell };
            let cell = self.marking.open(cell_kind, None);
            self.paragraph(&chars, ts, Align::Left, 0.0, 0.0, 0.0, None)?;
            self.marking.close(cell);
            self.marking.close(row);
        }
        Ok(())
    }

    /// Notes whose marker no laid-out line carries (none are expected) still reach the reader, as end notes
    /// under a `注释` line, so no text is lost.
    fn end_notes(&mut self) -> Result<(), Error> {
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

/// A centred heading too long for one line breaks at the space nearest its middle, not wherever the line
/// fills: `第九十六回 瞒消息凤姐设奇谋　泄机关颦儿迷本性` becomes the number and first half of the couplet
/// over the second half, instead of a line and a stranded `本性`. The run of spaces becomes the break.
fn break_at_middle_space(chars: &mut Vec<StyledChar>) {
    let is_space = |c: &StyledChar| c.ch == ' ' || c.ch == '\u{3000}';
    let middle = chars.len() / 2;
    let best = chars
        .iter()
        .enumerate()
        .filter(|&(i, c)| is_space(c) && i > 0 && i + 1 < chars.len())
        .min_by_key(|&(i, _)| i.abs_diff(middle))
        .map(|(i, _)| i);
    let Some(at) = best else { return };
    let start =
        chars.get(..at).map_or(at, |head| head.len() - head.iter().rev().take_while(|c| is_space(c)).count());
    let end = at + chars.get(at..).map_or(0, |tail| tail.iter().take_while(|c| is_space(c)).count());
    if let Some(first) = chars.get_mut(start) {
        first.ch = '\n';
    }
    chars.drain(start + 1..end);
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

    /// A novel: a title, then `chapters` chapters of `paragraphs` long paragraphs each.
    fn novel(chapters: usize, paragraphs: usize) -> Document {
        let mut doc = Document::default();
        doc.meta.title = Some("石头记".into());
        for c in 1..=chapters {
            doc.blocks.push(Block::Heading {
                level: 1,
                content: vec![Inline::Text(format!("第{c}回　甄士隐梦幻识通灵　贾雨村风尘怀闺秀"))],
            });
            for _ in 0..paragraphs {
                doc.blocks.push(Block::paragraph(
                    "列位看官：你道此书从何而来？说起根由虽近荒唐，细按则深有趣味。".repeat(6),
                ));
            }
        }
        doc
    }

    /// The text of each page's furniture lines (running head, folio).
    fn furniture(page: &Page) -> Vec<String> {
        page.lines.iter().skip(page.lines.len() - page.furniture).map(|l| l.line.text()).collect()
    }

    #[test]
    fn a_book_opens_with_a_title_page_and_a_blank_verso_then_chapters_on_new_pages() {
        let style = Style::preset(StyleName::Book);
        let layout = lay_out(&novel(3, 12), &style, &FontBook::new(&[])).expect("lays out");
        let pages = &layout.pages;
        assert_eq!(pages[0].lines.iter().map(|l| l.line.text()).collect::<Vec<_>>(), ["石头记"]);
        assert_eq!(pages[0].furniture, 0, "no head or folio on the title page");
        assert!(pages[1].lines.is_empty(), "the title page's back is blank");
        let openings: Vec<usize> = layout.outline.iter().map(|e| e.page).collect();
        assert_eq!(openings[0], 2, "the first chapter opens on a recto page");
        for &page in &openings {
            let first = &pages[page].lines[0];
            assert!(first.line.text().starts_with('第'), "a chapter begins its page: {}", first.line.text());
            let sink = style.chapter_sink_pt.expect("book sinks chapters");
            assert!(first.baseline_pt > style.page.top_mm * PT_PER_MM + sink, "the opening is sunk");
        }
        assert!(openings.windows(2).all(|w| w[1] > w[0] + 1), "chapters span pages: {openings:?}");
    }

    #[test]
    fn book_running_heads_name_the_book_on_verso_and_the_chapter_on_recto_but_not_on_openings() {
        let style = Style::preset(StyleName::Book);
        let layout = lay_out(&novel(3, 12), &style, &FontBook::new(&[])).expect("lays out");
        let openings: Vec<usize> = layout.outline.iter().map(|e| e.page).collect();
        for (index, page) in layout.pages.iter().enumerate().skip(2) {
            let n = index + 1;
            let furniture = furniture(page);
            if openings.contains(&index) {
                assert_eq!(furniture, [n.to_string()], "page {n}: an opening has only its folio");
                continue;
            }
            let chapter = openings.iter().filter(|&&p| p <= index).count();
            let head = if n % 2 == 0 {
                "石头记".to_owned()
            } else {
                format!("第{chapter}回\u{3000}甄士隐梦幻识通灵\u{3000}贾雨村风尘怀闺秀")
            };
            assert_eq!(furniture, [head, n.to_string()], "page {n}");
            // The head sits above the type area, with its rule between it and the text.
            let top = style.page.top_mm * PT_PER_MM;
            let head_line = &page.lines[page.lines.len() - 2];
            assert!(head_line.baseline_pt < top);
            assert!(page.strokes.iter().any(|s| s.y1_pt < top && s.y1_pt > head_line.baseline_pt));
        }
    }

    #[test]
    fn book_folios_stand_at_the_outer_edge() {
        let style = Style::preset(StyleName::Book);
        let layout = lay_out(&novel(1, 12), &style, &FontBook::new(&[])).expect("lays out");
        let left = style.page.left_mm * PT_PER_MM;
        let right = left + style.page.text_width_mm() * PT_PER_MM;
        for (index, page) in layout.pages.iter().enumerate().skip(2) {
            let folio = page.lines.last().expect("folio");
            if index % 2 == 0 {
                // Odd page number: recto, right edge.
                assert!((folio.x_pt + folio.line.right_pt() - right).abs() < 0.01, "page {}", index + 1);
            } else {
                assert!((folio.x_pt - left).abs() < 0.01, "page {}", index + 1);
            }
        }
    }

    #[test]
    fn a_running_head_too_long_for_the_type_area_is_cut_short_with_an_ellipsis() {
        let style = Style::preset(StyleName::Book);
        let head = style.running_head.expect("book has running heads");
        let mut page = Page::default();
        let long = "很长的章回标题".repeat(20);
        let fonts = FontBook::new(&[]);
        running_head(&mut page, &head, &style.page, &long, &fonts, &mut MissingGlyphs::new()).expect("sets");
        let line = &page.lines[0];
        let width = style.page.text_width_mm() * PT_PER_MM;
        assert!(line.line.right_pt() <= width, "{} > {width}", line.line.right_pt());
        assert!(line.line.text().ends_with('…') && line.line.text().starts_with("很长的"));
        assert_eq!(page.furniture, 1);
    }

    #[test]
    fn a_centred_heading_too_long_for_a_line_breaks_at_its_middle_space() {
        let mut chars: Vec<StyledChar> = "第九十六回  瞒消息凤姐设奇谋　泄机关颦儿迷本性"
            .chars()
            .map(|ch| StyledChar::plain(ch, Face::Sans, 15.0, 0.0))
            .collect();
        break_at_middle_space(&mut chars);
        let text: String = chars.iter().map(|c| c.ch).collect();
        assert_eq!(text, "第九十六回  瞒消息凤姐设奇谋\n泄机关颦儿迷本性");
    }

    #[test]
    fn report_and_gongwen_have_no_running_heads_and_keep_chapters_in_the_flow() {
        for name in [StyleName::Report, StyleName::Gongwen] {
            let style = Style::preset(name);
            let layout = lay_out(&novel(2, 2), &style, &FontBook::new(&[])).expect("lays out");
            assert!(layout.pages.iter().all(|p| p.furniture == 1), "{name:?}: only folios");
            assert_eq!(layout.outline[1].page, layout.outline[0].page, "{name:?}: no chapter break");
        }
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

    /// The glyphs of `layout` from the first `from` on (past the title block), with their face and what is
    /// synthesised, in reading order.
    fn glyphs(layout: &Layout, from: char) -> Vec<(char, Face, Synthetic)> {
        let lines = layout.pages.iter().flat_map(|p| &p.lines);
        let all = lines.flat_map(|l| &l.line.glyphs).map(|g| (g.ch, g.face, g.synthetic));
        all.skip_while(|g| g.0 != from).collect()
    }

    fn paragraph_of(content: Vec<Inline>, role: Role) -> Document {
        let mut doc = Document::default();
        doc.blocks.push(Block::Paragraph { role, content });
        doc
    }

    #[test]
    fn strong_song_is_synthetic_bold_of_the_body_face_and_strong_fangsong_is_hei() {
        let content =
            vec![Inline::Strong(vec![Inline::Text("一要坚持，".into())]), Inline::Text("全面".into())];
        let doc = paragraph_of(content, Role::Body);
        let fonts = FontBook::new(&[]);
        let report = lay_out(&doc, &Style::preset(StyleName::Report), &fonts).expect("lays out");
        let bold = Synthetic { bold: true, slant: false };
        let got = glyphs(&report, '一');
        assert!(got.iter().take(5).all(|g| g.1 == Face::Serif && g.2 == bold), "{got:?}");
        assert!(
            got.iter().skip(5).take(2).all(|g| g.1 == Face::Serif && g.2 == Synthetic::default()),
            "{got:?}"
        );
        let gongwen = lay_out(&doc, &Style::preset(StyleName::Gongwen), &fonts).expect("lays out");
        let got = glyphs(&gongwen, '一');
        assert!(got.iter().take(5).all(|g| g.1 == Face::Sans && g.2 == Synthetic::default()), "{got:?}");
    }

    #[test]
    fn emphasis_is_kai_with_only_its_latin_letters_slanted() {
        let doc = paragraph_of(vec![Inline::Emph(vec![Inline::Text("见Nature 7".into())])], Role::Body);
        let layout = lay_out(&doc, &Style::preset(StyleName::Report), &FontBook::new(&[])).expect("lays out");
        let slanted: String = glyphs(&layout, '见').iter().filter(|g| g.2.slant).map(|g| g.0).collect();
        assert_eq!(slanted, "Nature7");
        assert!(glyphs(&layout, '见').iter().filter(|g| g.0 == '见').all(|g| g.1 == Face::Kai && !g.2.slant));
    }

    #[test]
    fn a_table_broken_across_pages_repeats_its_header_as_an_artifact_and_closes_each_page() {
        let cell = |t: String| vec![Inline::Text(t)];
        let table = model::Table {
            columns: Vec::new(),
            head: vec![vec![cell("序号".into()), cell("项目".into())]],
            body: (1..=80).map(|i| vec![cell(i.to_string()), cell(format!("第{i}项工作"))]).collect(),
        };
        let mut doc = Document::default();
        doc.blocks.push(Block::Table(table));
        let layout = lay_out(&doc, &Style::preset(StyleName::Report), &FontBook::new(&[])).expect("lays out");
        let body_pages: Vec<&Page> = layout.pages.iter().filter(|p| p.lines.len() > p.furniture).collect();
        assert!(body_pages.len() >= 2, "80 rows take more than a page");
        let header_lines = |p: &Page| p.lines.iter().filter(|l| l.line.text() == "序号").count();
        for page in &body_pages[1..] {
            let first = page.lines.first().expect("a line");
            assert_eq!(first.line.text(), "序号", "each later page opens with the header");
            assert_eq!(page.structure.first().copied().flatten(), None, "the repeat is outside the tree");
            assert_eq!(header_lines(page), 1);
        }
        // Every page but the last ends with a rule under its last row, not only the table's final row.
        for page in &body_pages[..body_pages.len() - 1] {
            let body = &page.lines[..page.lines.len() - page.furniture];
            let lowest_text = body.iter().map(|l| l.baseline_pt).fold(0.0, f32::max);
            assert!(
                page.strokes.iter().any(|s| s.y1_pt == s.y2_pt && s.y1_pt > lowest_text),
                "no closing rule"
            );
        }
        let numbered: usize =
            layout.pages.iter().flat_map(|p| &p.lines).filter(|l| l.line.text().starts_with("第")).count();
        assert_eq!(numbered, 80, "no row lost or doubled");
    }

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
