//! Document → pages: the title block from `Meta`, every block styled by the preset, footnotes as end notes,
//! then page breaking and page numbers. The result is plain data that any drawing backend can paint.
//!
//! The flow itself (inline runs, blocks, paragraphs as rows) is here; what it hands off has a file each:
//! `looks` (faces of strong and emphasised runs), `code` (code blocks), `table`, `figure`, `notes` (footnotes and end notes),
//! `closing` (attachment note, signature and date), `official` (attachments and the 版记), `marking`
//! (structure elements and links), `title` (the title block and the 版头) and `furniture` (title page,
//! running heads, folios).

use super::marks::StructKind;
use super::page::{mirror_versos, paginate, Bookmark, OutlineEntry, Page, Row, RowLine, Stroke, PT_PER_MM};
use super::page_map::{self, page_map, Anchor, PageStart};
use super::paragraph::{set_paragraph, Line, MissingGlyphs, ParagraphSpec, StyledChar};
use crate::diag::{Diagnostic, Error, Kind};
use crate::fonts::FontBook;
use crate::model::{self, Block, Document, Inline, Role};
use crate::style::{Align, ChapterStart, Style, TextStyle, EM_BOX_ASCENT};
use looks::Look;

mod closing;
mod code;
mod figure;
mod furniture;
mod looks;
mod marking;
mod notes;
mod official;
mod table;
mod title;

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
    /// Where each page begins in the document, in page order.
    pub page_map: Vec<PageStart>,
}

/// Lays out `doc` with `style`.
pub fn lay_out(doc: &Document, style: &Style, fonts: &FontBook) -> Result<Layout, Error> {
    let mut flow = Flow::new(style, fonts);
    flow.marking.resources = Some(&doc.resources);
    flow.marking.anchors = crate::link::Anchors::new(doc);
    flow.sealed = doc.meta.sealed;
    flow.source = Some(Anchor::Title);
    flow.title_block(&doc.meta, &doc.blocks)?;
    let title_rows = flow.rows.len();
    flow.body(&doc.blocks)?;
    flow.source = Some(Anchor::End);
    flow.end_notes()?;
    flow.record(&doc.meta)?;
    let Flow { rows, missing, mut diagnostics, marking, .. } = flow;
    // Facing pages keep their spreads even: the planner must know which pages are versos, and a title page
    // (a title block alone before the first chapter) is followed by its blank back.
    let title_page =
        style.title_page && title_rows > 0 && rows.get(title_rows).is_some_and(|r| r.page_break_before);
    let first_number = if title_page { 2 } else { 1 };
    let (mut pages, mut outline) =
        paginate(rows, &style.page, &style.notes, first_number, style.facing_pages);
    furniture::furnish(&mut pages, &mut outline, title_rows, &doc.meta, style, fonts)?;
    if style.facing_pages {
        mirror_versos(&mut pages, &style.page);
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
    let page_map = page_map(&pages);
    Ok(Layout { pages, outline, diagnostics, structure: marking.elems, links: marking.targets, page_map })
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
    /// The block just laid out is a line of an attachment note: the next one gets no space above.
    after_attachment: bool,
    /// The document will be sealed: its closing block leaves room for the seal (GB/T 9704 §7.3.5.1).
    sealed: bool,
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
    /// Where the rows pushed now come from, for the page map.
    source: Option<Anchor>,
    /// The block `block_with_prefix` is given next is one of the body's own.
    top_block: bool,
    /// The plain text of the body paragraph being set, whose lines the page map may enter at.
    source_text: Option<String>,
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
            after_attachment: false,
            sealed: false,
            notes: Vec::new(),
            placed: Vec::new(),
            note_refs: Vec::new(),
            footnote_depth: 0,
            in_end_notes: false,
            headings: 0,
            missing: MissingGlyphs::new(),
            diagnostics: Vec::new(),
            marking: marking::Marking::default(),
            source: None,
            top_block: false,
            source_text: None,
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
            .map(|ch| StyledChar {
                synthetic: look.synthetic(ch),
                ..StyledChar::plain(ch, look.face, size_pt, tracking_pt)
            })
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
                Inline::Superscript(c) => {
                    let rise_em = self.style.scripts.superscript_rise_em;
                    self.shifted(c, look, size_pt, rise_em, out)
                }
                Inline::Subscript(c) => {
                    let drop_em = self.style.scripts.subscript_drop_em;
                    self.shifted(c, look, size_pt, -drop_em, out)
                }
                Inline::Code(t) => out.extend(self.styled(t, self.style.code.face, size_pt)),
                Inline::Link { content, url } => {
                    let start = out.len();
                    self.inlines(content, look, size_pt, out);
                    if self.marking.link(start, out.len(), url) {
                        // Inked as the style's links look: the same text the DOCX and the EPUB mark.
                        for ch in out.get_mut(start..).unwrap_or_default() {
                            ch.link = true;
                        }
                    }
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
                    out.extend(self.styled(&notes::note_marker(self.notes.len()), look, size_pt));
                }
            }
        }
    }

    /// A superscript or subscript: `content` at the style's smaller size, `rise_em` (of `size_pt`) off the
    /// baseline. Nested ones add up: a superscript's superscript sits higher still.
    fn shifted(
        &mut self,
        content: &[Inline],
        look: Look,
        size_pt: f32,
        rise_em: f32,
        out: &mut Vec<StyledChar>,
    ) {
        let start = out.len();
        self.inlines(content, look, size_pt * self.style.scripts.size_ratio, out);
        for ch in out.get_mut(start..).unwrap_or_default() {
            ch.rise_pt += size_pt * rise_em;
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
    /// [`crate::style::Nesting::min_measure_share`]); returns the indent given, to take back after.
    fn indent_by(&mut self, by: f32) -> f32 {
        let narrowest = self.width_pt * self.style.nesting.min_measure_share;
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
        let sources = self.line_sources(chars, &lines);
        let elem = self.marking.paragraph_elem();
        let links = self.marking.take_links(chars, &lines, elem);
        // Each footnote goes with the line its marker is on, to the foot of that line's page.
        let mut notes = self.notes_by_line(chars, &lines)?;
        let pitch = ts.line_pitch_pt.max(ts.size_pt);
        let keep = heading.is_some();
        // Widows and orphans (clreq §1.6, [`Style::widow_orphan_guard`]): the first line is kept with the
        // second and the last but one with the last, so neither is left alone at a page edge.
        let count = lines.len();
        let guard = self.style.widow_orphan_guard && self.footnote_depth == 0 && count >= 2;
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
                source: sources.get(i).copied().flatten(),
                ..Row::default()
            });
        }
        self.pending_space = ts.space_after_pt;
        Ok(())
    }

    /// Where each of `lines` (set from `chars`) starts in the document, when they are a body paragraph's.
    fn line_sources(&mut self, chars: &[StyledChar], lines: &[Line]) -> Vec<Option<Anchor>> {
        let (Some(text), Some(Anchor::Block { block, .. })) = (self.source_text.take(), self.source) else {
            return Vec::new();
        };
        let offsets = page_map::line_offsets(&text, chars, lines);
        offsets.into_iter().map(|offset| offset.map(|offset| Anchor::Block { block, offset })).collect()
    }

    fn push_row(&mut self, mut row: Row) {
        if self.footnote_depth == 0 {
            row.source = row.source.or(self.source);
        }
        if self.page_break {
            row.page_break_before = true;
            self.page_break = false;
        }
        self.rows.push(row);
    }

    fn block(&mut self, block: &Block) -> Result<(), Error> {
        self.block_with_prefix(block, None)
    }

    /// Lays out the document's body: [`Flow::blocks`], each block an anchor of the page map.
    fn body(&mut self, blocks: &[Block]) -> Result<(), Error> {
        self.blocks_of(blocks, true)
    }

    /// Lays out `blocks` in order, each run of signature and date paragraphs as one closing block.
    fn blocks(&mut self, blocks: &[Block]) -> Result<(), Error> {
        self.blocks_of(blocks, false)
    }

    /// [`Flow::blocks`]; with `body`, the blocks are the body's own and anchors of the page map. Only those
    /// are: what they hold (an attachment's blocks) is entered at their start.
    fn blocks_of(&mut self, blocks: &[Block], body: bool) -> Result<(), Error> {
        let mut rest = blocks;
        while let Some((first, after)) = rest.split_first() {
            if body {
                self.source = Some(Anchor::Block { block: blocks.len() - rest.len(), offset: 0 });
            }
            self.top_block = body;
            if closing::is_closing(first) {
                let run = rest.iter().take_while(|b| closing::is_closing(b)).count();
                let (closing, after) = rest.split_at(run);
                self.closing(closing)?;
                rest = after;
            } else {
                self.block(first)?;
                rest = after;
            }
        }
        self.top_block = false;
        Ok(())
    }

    /// Lays out `block`; a list item's or note's marker is passed as `prefix` and hangs in the left margin
    /// of the first paragraph.
    fn block_with_prefix(&mut self, block: &Block, prefix: Option<&str>) -> Result<(), Error> {
        let top = std::mem::take(&mut self.top_block);
        if matches!(block, Block::Paragraph { role: Role::Boilerplate, .. }) {
            // Left out, and so not between the lines of an attachment note either.
            return Ok(());
        }
        if closing::is_closing(block) {
            return self.closing(std::slice::from_ref(block));
        }
        let s = self.style;
        let outer = self.marking.open_block(block);
        match block {
            Block::Heading { level, content } => {
                let ts = s.heading(*level);
                if let (1, Some(sink)) = (*level, s.chapter_sink_pt) {
                    // A chapter opens a new page, its heading sunk below the top of the type area.
                    self.page_break = true;
                    let recto = s.chapter_start == ChapterStart::Recto;
                    self.push_row(Row { height_pt: sink, keep_with_next: true, recto, ..Row::default() });
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
                let ts = self.text_style_for(*role);
                let cell = self.cell(ts.size_pt);
                let (align, left, indent, right) = match s.roles.placement(*role, content) {
                    Some(p) => (p.align, p.left_em * cell, p.first_em * cell, 0.0),
                    None => (ts.align, 0.0, ts.indent_em * cell, 0.0),
                };
                if *role == Role::Attachment && !self.after_attachment {
                    // A blank line (or as many as the style says) above the note, none between its lines.
                    self.pending_space += s.roles.attachment_space_lines * s.body.line_pitch_pt;
                }
                if top {
                    self.source_text = Some(model::plain_text(content));
                }
                let mut chars = Vec::new();
                let mut hang = 0.0;
                // A list item's marker is its label in the structure: (element, characters).
                let mut label = None;
                if let Some(p) = prefix {
                    chars = self.styled(p, ts.face, ts.size_pt);
                    hang = self.measure(&chars)?;
                    label = self.marking.take_label().map(|elem| (elem, chars.len()));
                }
                match (content.split_first(), s.accents.run_in_lead(content)) {
                    (Some((Inline::Strong(lead), rest)), Some((_, run_in))) => {
                        self.inlines(lead, Look::from(ts.face).run_in(run_in), ts.size_pt, &mut chars);
                        self.inlines(rest, ts.face, ts.size_pt, &mut chars);
                    }
                    _ => self.inlines(content, ts.face, ts.size_pt, &mut chars),
                }
                if prefix.is_some() {
                    let first_row = self.rows.len();
                    self.paragraph(&chars, ts, align, -hang, left + hang, right, None)?;
                    if let (Some((elem, marker_len)), Some(row)) = (label, self.rows.get_mut(first_row)) {
                        marking::mark_label(row, &chars, marker_len, elem);
                    }
                } else if *role == Role::Attachment {
                    // The names of an attachment note align on their first characters (§7.3.4).
                    let start = left + indent;
                    let hang = self.attachment_name_offset(&chars, start)?;
                    // The note is kept on one page: an item is bound to the one before it, and its own
                    // lines to each other, so that no item stands alone at the top of the next page.
                    if self.after_attachment {
                        if let Some(last) = self.rows.last_mut() {
                            last.keep_with_next = true;
                        }
                    }
                    let first_row = self.rows.len();
                    self.paragraph(&chars, ts, align, -hang, start + hang, right, None)?;
                    if let Some((_, kept)) = self.rows.get_mut(first_row..).and_then(|r| r.split_last_mut()) {
                        kept.iter_mut().for_each(|row| row.keep_with_next = true);
                    }
                } else {
                    self.paragraph(&chars, ts, align, indent, left, right, None)?;
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
                    // An item's text starts one list indent in, its marker hanging in front of it inside
                    // the indent (the text further in when the marker is wider).
                    let marker_chars = self.styled(&marker, ts.face, ts.size_pt);
                    let hang = self.measure(&marker_chars)?;
                    let step = s.nesting.list_em * self.cell(ts.size_pt);
                    let indent = self.indent_by((step - hang).max(0.0));
                    let item_outer = self.marking.open(StructKind::ListItem, None);
                    self.marking.open_label();
                    self.marking.open(StructKind::ListBody, None);
                    let mut hung = None;
                    for b in item {
                        if hung.is_none() {
                            self.block_with_prefix(b, Some(&marker))?;
                            // Only a paragraph sets the marker: after any other block the label stays empty.
                            self.marking.take_label();
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
                let indent = self.indent_by(s.nesting.quote_em * self.cell(s.quote.size_pt));
                self.quote_depth += 1;
                for b in blocks {
                    self.block(b)?;
                }
                self.quote_depth -= 1;
                self.left_pt -= indent;
            }
            Block::Code { text, .. } => self.code_block(text)?,
            Block::Table(table) => self.table(table)?,
            Block::Figure { image, caption } => self.figure(image, caption)?,
            Block::Attachment { label, title, blocks } => self.attachment(label, title, blocks)?,
            Block::Rule => {
                let pitch = s.body.line_pitch_pt;
                // Centred in the measure, as wide as the style's share of it.
                let margin = (self.width_pt - self.left_pt) * (1.0 - s.rules.horizontal_share) / 2.0;
                let (x1, x2) = (self.left_pt + margin, self.width_pt - margin);
                self.push_row(Row {
                    height_pt: pitch,
                    space_before_pt: self.pending_space,
                    strokes: vec![Stroke {
                        x1_pt: x1,
                        y1_pt: pitch / 2.0,
                        x2_pt: x2,
                        y2_pt: pitch / 2.0,
                        width_pt: s.rules.horizontal_pt,
                        color: None,
                    }],
                    ..Row::default()
                });
                self.pending_space = 0.0;
            }
            Block::PageBreak => self.page_break = true,
        }
        self.marking.close(outer);
        self.after_attachment = matches!(block, Block::Paragraph { role: Role::Attachment, .. });
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

/// Baseline of a line of `size_pt` centred in a line box of `pitch`: the ideographic em box runs from
/// [`EM_BOX_DEPTH`] below the baseline to [`EM_BOX_ASCENT`] above it.
fn baseline_in(pitch: f32, size_pt: f32) -> f32 {
    (pitch - size_pt) / 2.0 + EM_BOX_ASCENT * size_pt
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::Face;
    use crate::style::StyleName;
    use crate::testdoc::speech_document;

    #[test]
    fn a_gongwen_page_holds_at_most_22_body_lines_and_full_pages_hold_22() {
        let doc = speech_document();
        let style = Style::preset(StyleName::Gongwen);
        let layout = lay_out(&doc, &style, &FontBook::new(&[])).expect("lays out");
        assert!(layout.pages.len() >= 3, "{} pages", layout.pages.len());
        for (i, page) in layout.pages.iter().enumerate() {
            assert!(page.rows <= 22, "page {} has {} rows", i + 1, page.rows);
        }
        // The middle pages are full (22 lines, or 21 when a heading was kept off the last line).
        assert!(layout.pages[1].rows >= 21, "page 2 has {} rows", layout.pages[1].rows);
        let levels: Vec<u8> = layout.outline.iter().map(|e| e.level).collect();
        assert_eq!(levels, [1, 2, 2, 2, 1, 2, 2, 2, 2, 1, 2, 2, 2], "every heading becomes a bookmark");
    }

    #[test]
    fn the_title_block_comes_first_and_nothing_is_lost() {
        let doc = speech_document();
        let style = Style::preset(StyleName::Gongwen);
        let layout = lay_out(&doc, &style, &FontBook::new(&[])).expect("lays out");
        let first: Vec<String> = layout.pages[0].lines.iter().take(4).map(|l| l.line.text()).collect();
        assert_eq!(
            first,
            [
                "“基层讲堂”系列№27",
                "在全县农村供水保障工作会议上的讲话",
                "县人民政府副县长  程远航",
                "（2025年4月9日）"
            ]
        );
        let all: String = layout.pages.iter().flat_map(|p| &p.lines).map(|l| l.line.text()).collect();
        for block in &doc.blocks {
            if let Block::Paragraph { content, role } = block {
                if *role == Role::Boilerplate {
                    let text = model::plain_text(content);
                    assert!(!all.contains(&text), "boilerplate is left out: {text}");
                    continue;
                }
            }
            if let Block::Paragraph { content, .. } | Block::Heading { content, .. } = block {
                let text = model::plain_text(content);
                let head: String = text.chars().take(20).collect();
                assert!(all.contains(&head), "lost: {head}");
            }
        }
        assert!(layout.diagnostics.is_empty(), "{:?}", layout.diagnostics);
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

    /// The body lines of `layout` as (text, left edge of the text from the type area's, baseline), in order.
    fn placed_lines(layout: &Layout, style: &Style) -> Vec<(String, f32, f32)> {
        let left = style.page.left_mm * PT_PER_MM;
        let body = layout.pages.iter().flat_map(|p| &p.lines[..p.lines.len() - p.furniture]);
        body.map(|l| (l.line.text(), l.x_pt + l.line.left_pt() - left, l.baseline_pt)).collect()
    }

    #[test]
    fn an_attachment_note_stands_a_line_below_the_body_two_characters_in_its_names_aligned() {
        let style = Style::preset(StyleName::Gongwen);
        let mut doc = Document::default();
        let para = |role, text: &str| Block::Paragraph { role, content: vec![Inline::Text(text.into())] };
        doc.blocks.push(Block::paragraph("特此通知。"));
        doc.blocks.push(para(Role::Attachment, &format!("附件：1.{}", "某某市冬季校园安全检查".repeat(3))));
        doc.blocks.push(para(Role::Attachment, "2.值班表"));
        let layout = lay_out(&doc, &style, &FontBook::new(&[])).expect("lays out");
        let lines = placed_lines(&layout, &style);
        // An untitled document opens with its body.
        let [body, first, wrapped, second] = lines.as_slice() else { panic!("{lines:?}") };
        let cell = style.page.text_width_mm() * PT_PER_MM / 28.0;
        let pitch = style.body.line_pitch_pt;
        let near = |a: f32, b: f32| (a - b).abs() < 0.05;
        assert!(near(first.1, 2.0 * cell), "附件 two characters in: {first:?}");
        let mut all = layout.pages.iter().flat_map(|p| &p.lines);
        let opening = all.find(|l| l.line.text().starts_with("附件")).expect("the note");
        let name = opening.line.glyphs.iter().find(|g| g.ch == '某').expect("the name");
        let name_x = opening.x_pt + name.x_pt - style.page.left_mm * PT_PER_MM;
        assert!(near(wrapped.1, name_x), "a long name wraps under its first character: {wrapped:?}");
        assert!(near(second.1, 5.0 * cell), "`2.` under `1.`: {second:?}");
        assert!(near(first.2 - body.2, 2.0 * pitch), "one blank line above the note");
        assert!(near(second.2 - wrapped.2, pitch), "no blank line between its lines");
    }

    #[test]
    fn an_attachment_note_is_kept_on_one_page() {
        let style = Style::preset(StyleName::Gongwen);
        let para = |role, text: &str| Block::Paragraph { role, content: vec![Inline::Text(text.into())] };
        // However much body comes before it, the note's three lines are never split between two pages.
        for body_lines in 14..30 {
            let mut doc = Document::default();
            doc.blocks.extend((0..body_lines).map(|_| Block::paragraph("特此通知。")));
            doc.blocks
                .push(para(Role::Attachment, &format!("附件：1.{}", "某某市冬季校园安全检查".repeat(3))));
            doc.blocks.push(para(Role::Attachment, "2.值班表"));
            let layout = lay_out(&doc, &style, &FontBook::new(&[])).expect("lays out");
            let pages_with = |needle: &str| {
                let holds =
                    |p: &&crate::layout::page::Page| p.lines.iter().any(|l| l.line.text().contains(needle));
                layout.pages.iter().position(|p| holds(&p)).expect(needle)
            };
            let (first, last) = (pages_with("附件："), pages_with("值班表"));
            assert_eq!(first, last, "{body_lines} body lines: the note split over pages {first} and {last}");
        }
    }

    #[test]
    fn a_list_item_s_text_starts_one_list_indent_in_its_marker_hanging_in_front() {
        let style = Style::preset(StyleName::Report);
        let mut doc = Document::default();
        let item = |text: &str| vec![Block::paragraph(text)];
        doc.blocks
            .push(Block::List { ordered: true, start: 1, items: vec![item("第一项"), item("第二项")] });
        let layout = lay_out(&doc, &style, &FontBook::new(&[])).expect("lays out");
        let lines = placed_lines(&layout, &style);
        let indent = style.nesting.list_em * style.body.size_pt;
        let items: Vec<&(String, f32, f32)> = lines.iter().filter(|l| l.0.contains('项')).collect();
        assert_eq!(items.len(), 2, "{lines:?}");
        for (text, left, _) in items {
            let layout = &layout.pages[0].lines;
            let line = layout.iter().find(|l| l.line.text() == *text).expect("the line");
            let start = line.line.glyphs.iter().find(|g| g.ch == '第').expect("text").x_pt + line.x_pt;
            let start = start - style.page.left_mm * PT_PER_MM;
            assert!((start - indent).abs() < 0.05, "{text}: text at {start}, not {indent}");
            assert!(*left > 0.0 && *left < indent, "{text}: the marker hangs in the indent, at {left}");
        }
    }

    #[test]
    fn a_list_item_s_marker_is_recorded_as_the_label_of_its_first_line() {
        let style = Style::preset(StyleName::Report);
        let mut doc = Document::default();
        let long = "很长的一项".repeat(20);
        let items = vec![vec![Block::paragraph(&long)], vec![Block::paragraph("短项")]];
        doc.blocks.push(Block::List { ordered: true, start: 9, items });
        let layout = lay_out(&doc, &style, &FontBook::new(&[])).expect("lays out");
        let page = &layout.pages[0];
        assert_eq!(page.labels.len(), 2, "one label an item, none on the wrapped lines");
        for (label, marker) in page.labels.iter().zip(["9.", "10."]) {
            let glyphs = &page.lines[label.line].line.glyphs;
            let text: String = glyphs[..label.glyphs].iter().map(|g| g.ch).collect();
            assert_eq!(text.trim_end(), marker);
            assert_eq!(
                glyphs.get(label.glyphs).map(|g| g.ch),
                Some(if marker == "9." { '很' } else { '短' })
            );
            let kind = |e: Option<usize>| e.map(|e| layout.structure[e].kind);
            assert_eq!(kind(Some(label.elem)), Some(StructKind::Label));
            assert_eq!(kind(layout.structure[label.elem].parent), Some(StructKind::ListItem));
            assert_eq!(kind(page.structure[label.line]), Some(StructKind::Paragraph), "the rest is the text");
        }
    }

    #[test]
    fn table_rules_and_the_thematic_break_are_as_wide_as_the_style_says() {
        let mut style = Style::preset(StyleName::Report);
        style.rules.table_pt = 1.25;
        style.rules.horizontal_pt = 0.75;
        style.rules.horizontal_share = 0.4;
        let cell = |t: &str| vec![Inline::Text(t.into())];
        let mut doc = Document::default();
        doc.blocks.push(Block::Table(model::Table {
            columns: Vec::new(),
            head: vec![vec![cell("甲"), cell("乙")]],
            body: vec![vec![cell("1"), cell("2")]],
        }));
        doc.blocks.push(Block::Rule);
        let layout = lay_out(&doc, &style, &FontBook::new(&[])).expect("lays out");
        let strokes = &layout.pages[0].strokes;
        let (rule, table): (Vec<&Stroke>, Vec<&Stroke>) = strokes.iter().partition(|s| s.width_pt == 0.75);
        assert_eq!(rule.len(), 1, "{strokes:?}");
        assert!(!table.is_empty() && table.iter().all(|s| s.width_pt == 1.25), "{strokes:?}");
        let width = style.page.text_width_mm() * PT_PER_MM;
        assert!((rule[0].x2_pt - rule[0].x1_pt - 0.4 * width).abs() < 0.01, "{rule:?}");
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
