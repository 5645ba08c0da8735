//! The document body as Word elements (built through [`vendor`](super::vendor)): title block, blocks,
//! inline runs, lists with real numbering definitions, tables, footnotes, and the section (page, margins,
//! grid, footer). Each block is handed to the [`Body`] as soon as it is built, which writes it as XML and
//! drops it; the [`Skeleton`] keeps only what is not body (section, footers, numbering definitions).
//!
//! Paragraphs carry a style id and nothing else where a style can say it; the only direct formatting is
//! what belongs to one spot of text (bold inside an emphasis, strike-through, a table column's alignment,
//! the indent of a list item's continuation paragraph and of a quote inside a quote).

use super::image;
use super::parts::{id, line_twips, mm_twips, twips};
use super::vendor::{Body, Link, ListLevel, Margins, Para, Run, Section, Skeleton};
use crate::backend::xml::{self, sanitize};
use crate::diag::{Diagnostic, Kind};
use crate::link::{Anchors, Target};
use crate::model::{plain_text, Block, Document, Image, Inline, Meta, Resource, Role, Table};
use crate::style::{opens_attachment_note, Style, PT_PER_MM};
use crate::title_block::{self, LineKind};
use crate::zh::chars::wide_runs;
use std::collections::BTreeMap;

/// What the body builder hands to packaging.
pub(super) struct Built<'a> {
    /// Everything but the body (section, footers, numbering).
    pub skeleton: Skeleton,
    /// The body, written.
    pub body: Body<'a>,
    /// Everything that was degraded.
    pub diagnostics: Vec<Diagnostic>,
}

/// Builds the body of `doc` and the skeleton of the rest, with the diagnostics of everything that was
/// degraded.
pub(super) fn build<'a>(doc: &'a Document, style: &'a Style) -> Built<'a> {
    let mut b = Builder::new(style, &doc.resources);
    b.anchors = Anchors::new(doc);
    b.title_block(&doc.meta);
    for block in &doc.blocks {
        b.block(block, Context::default());
    }
    b.finish()
}

/// The writer always writes abstract numbering 1 and numbering 1 (its default list), so ours start at 2.
const FIRST_NUMBERING_ID: usize = 2;
const ORDERED_ABSTRACT: usize = 2;
const BULLET_ABSTRACT: usize = 3;
/// Word supports list levels 0..=8.
const MAX_LIST_LEVEL: usize = 8;

/// Where a block sits, which decides the style of its paragraphs.
#[derive(Clone, Copy, Default)]
struct Context {
    /// How many block quotes it is inside: body paragraphs in one take the Quote style.
    quote: usize,
    /// List nesting: `Some(level)` inside a list item.
    list_level: Option<usize>,
}

/// Inline formatting in effect for a run.
#[derive(Clone, Copy, Default)]
struct Fmt {
    strong: bool,
    emph: bool,
    strike: bool,
    /// Superscript or subscript, whichever is innermost.
    shift: Option<Shift>,
    code: bool,
    link: bool,
    /// The `Strong` lead of a paragraph: a run-in heading (`一要坚持党的全面领导，`).
    run_in: bool,
}

/// A run raised or lowered from the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shift {
    Up,
    Down,
}

/// Per-document ids for everything the writer would otherwise number from process-wide counters.
struct Ids {
    paragraph: u32,
    hyperlink: usize,
    footnote: usize,
    numbering: usize,
    picture: usize,
    /// Headings given a bookmark, in the order [`Anchors`] numbers them.
    heading: usize,
}

/// The bookmark a link to heading `ordinal` (from 0, as [`Target::Heading`] counts) goes to. A leading `_`
/// hides it from Word's bookmark list, as Word's own heading references (`_Toc…`, `_Ref…`) are hidden.
fn heading_bookmark(ordinal: usize) -> String {
    format!("_Heading{}", ordinal + 1)
}

struct Builder<'a> {
    style: &'a Style,
    resources: &'a BTreeMap<String, Resource>,
    /// The body written so far.
    out: Body<'a>,
    /// Numbering definitions; the section is added at the end.
    skeleton: Skeleton,
    ids: Ids,
    diagnostics: Vec<Diagnostic>,
    ordered_defined: bool,
    bullet_defined: bool,
    /// Characters replaced because XML cannot carry them.
    replaced_chars: usize,
    /// Inside a footnote: links cannot get relationships there, and notes cannot nest.
    in_note: bool,
    /// The headings links may point to.
    anchors: Anchors,
}

impl<'a> Builder<'a> {
    fn new(style: &'a Style, resources: &'a BTreeMap<String, Resource>) -> Self {
        Builder {
            style,
            resources,
            out: Body::new(),
            skeleton: Skeleton::new(),
            ids: Ids {
                paragraph: 0,
                hyperlink: 0,
                footnote: 0,
                numbering: FIRST_NUMBERING_ID,
                picture: 0,
                heading: 0,
            },
            diagnostics: Vec::new(),
            ordered_defined: false,
            bullet_defined: false,
            replaced_chars: 0,
            in_note: false,
            anchors: Anchors::default(),
        }
    }

    /// A new paragraph with the next per-document `w14:paraId`.
    fn paragraph(&mut self) -> Para {
        self.ids.paragraph += 1;
        Para::new(self.ids.paragraph)
    }

    fn styled(&mut self, style_id: &str) -> Para {
        self.paragraph().style(style_id)
    }

    fn push(&mut self, p: Para) {
        self.out.paragraph(p);
    }

    fn warn(&mut self, kind: Kind, message: String) {
        self.diagnostics.push(Diagnostic::warning(kind, message).at("docx"));
    }

    // ---- title block -------------------------------------------------------------------------------

    /// The title block, line for line as PDF and EPUB set it: series, title, subtitle, authors, date. The
    /// series line is a body paragraph (not a page header), so every reader — pandoc included, which reads no
    /// headers — sees the whole text; pandoc then keeps the title as the first heading-like paragraph rather
    /// than as metadata.
    fn title_block(&mut self, meta: &Meta) {
        for line in title_block::lines(meta) {
            let style_id = match line.kind {
                LineKind::Series => id::SERIES,
                LineKind::Title => id::TITLE,
                LineKind::Subtitle => id::SUBTITLE,
                LineKind::Author => id::AUTHOR,
                LineKind::Date => id::TITLE_DATE,
            };
            self.text_paragraph(style_id, &line.text);
        }
    }

    fn text_paragraph(&mut self, style_id: &str, text: &str) {
        let p = self.styled(style_id);
        let p = self.inlines(p, &[Inline::Text(text.to_owned())], Fmt::default());
        self.push(p);
    }

    // ---- blocks ------------------------------------------------------------------------------------

    fn block(&mut self, block: &Block, cx: Context) {
        match block {
            Block::Heading { level, content } => {
                let index = usize::from(level.clamp(&1, &6) - 1);
                let style_id = id::HEADINGS.get(index).copied().unwrap_or("Heading6");
                // Every heading here is one links may point to (those in footnotes are set as footnote text).
                let ordinal = self.ids.heading;
                self.ids.heading += 1;
                let p = self.styled(style_id).bookmark_start(ordinal, heading_bookmark(ordinal));
                let p = self.inlines(p, content, Fmt::default()).bookmark_end(ordinal);
                self.push(p);
            }
            Block::Paragraph { role, content } => {
                let Some(mut style_id) = role_style(*role, cx) else { return };
                if *role == Role::Attachment && !opens_attachment_note(content) {
                    // GB/T 9704 §7.3.4: the second and later attachment names line up under the first.
                    style_id = id::ATTACHMENT_LIST;
                }
                let mut p = self.styled(style_id);
                if style_id == id::QUOTE && cx.quote > 1 {
                    // A quote in a quote: one more quote indent for each, as far as the style lets nesting
                    // narrow the measure (the Quote style holds the first).
                    let step = self.style.nesting.quote_em;
                    let levels = cx.quote.min(self.style.nested_levels_indented(step).max(1));
                    let chars = step * levels as f32;
                    let twips = i32::try_from(twips(chars * self.style.quote.size_pt)).unwrap_or(0);
                    p = p.indent_left_chars(twips, (f64::from(chars) * 100.0).round() as i32);
                }
                let p = match content.split_first() {
                    Some((Inline::Strong(lead), rest)) => {
                        let p = self.inlines(p, lead, Fmt { strong: true, run_in: true, ..Fmt::default() });
                        self.inlines(p, rest, Fmt::default())
                    }
                    _ => self.inlines(p, content, Fmt::default()),
                };
                self.push(p);
            }
            Block::List { ordered, start, items } => self.list(*ordered, *start, items, cx),
            Block::Quote { blocks } => {
                for inner in blocks {
                    self.block(inner, Context { quote: cx.quote + 1, ..cx });
                }
            }
            Block::Code { text, .. } => {
                // One paragraph per line: Word has no preformatted block, and a line break inside one
                // paragraph would make the whole block one unit for keep-together and numbering.
                for line in text.split('\n') {
                    let p = self.styled(id::CODE);
                    let p = self.text_runs(p, line.trim_end_matches('\r'), Fmt::default());
                    self.push(p);
                }
            }
            Block::Table(table) => self.table(table),
            Block::Figure { image, caption } => {
                let p = self.styled(id::FIGURE);
                let p = self.image(p, image, Fmt::default());
                self.push(p);
                if !caption.is_empty() {
                    let p = self.styled(id::CAPTION);
                    let p = self.inlines(p, caption, Fmt::default());
                    self.push(p);
                }
            }
            Block::Rule => {
                let p = self.styled(id::RULE);
                self.push(p);
            }
            Block::PageBreak => {
                let p = self.paragraph().page_break();
                self.push(p);
            }
        }
    }

    fn list(&mut self, ordered: bool, start: u32, items: &[Vec<Block>], cx: Context) {
        let level = cx.list_level.map_or(0, |l| (l + 1).min(MAX_LIST_LEVEL));
        let abstract_id = self.define_abstract(ordered);
        // One `w:num` per list, so every list restarts its count; the start override makes `3.` lists work.
        let num_id = self.ids.numbering;
        self.ids.numbering += 1;
        let start = usize::try_from(start).unwrap_or(1);
        self.out.numbering(num_id, abstract_id, level, if ordered { start } else { 1 });
        let inner = Context { list_level: Some(level), ..cx };
        for item in items {
            let mut numbered = false;
            for block in item {
                match block {
                    Block::Paragraph { role, content } if !numbered => {
                        if *role == Role::Boilerplate {
                            continue;
                        }
                        let p = self.styled(id::LIST).numbered(num_id, level);
                        let p = self.inlines(p, content, Fmt::default());
                        self.push(p);
                        numbered = true;
                    }
                    Block::Paragraph { role, content } => {
                        if *role == Role::Boilerplate {
                            continue;
                        }
                        // A continuation paragraph: aligned with the item's text, not numbered.
                        let left = self.list_indent(level).0;
                        let p = self.styled(id::LIST).indent_left(left);
                        let p = self.inlines(p, content, Fmt::default());
                        self.push(p);
                    }
                    other => {
                        if !numbered && !matches!(other, Block::List { .. }) {
                            // The number must sit on a paragraph of its own when the item opens otherwise.
                            let p = self.styled(id::LIST).numbered(num_id, level);
                            self.push(p);
                            numbered = true;
                        }
                        self.block(other, inner);
                    }
                }
            }
        }
    }

    /// Left indent and hanging indent (twips) of list level `level`: each level steps in the style's list
    /// indent ([`crate::style::Nesting::list_em`]), the number hanging in it to the left of the text.
    fn list_indent(&self, level: usize) -> (i32, i32) {
        let step = twips(self.style.nesting.list_em * self.style.body.size_pt);
        let step = i32::try_from(step).unwrap_or(480);
        let level = i32::try_from(level).unwrap_or(0);
        (step * (level + 1), step)
    }

    fn define_abstract(&mut self, ordered: bool) -> usize {
        let (defined, abstract_id) = if ordered {
            (&mut self.ordered_defined, ORDERED_ABSTRACT)
        } else {
            (&mut self.bullet_defined, BULLET_ABSTRACT)
        };
        if *defined {
            return abstract_id;
        }
        *defined = true;
        let levels: Vec<ListLevel> = (0..=MAX_LIST_LEVEL)
            .map(|level| {
                let (format, text) = if ordered {
                    // 1. → （1） → ① repeating: the hierarchy Chinese documents number lists with.
                    match level % 3 {
                        0 => ("decimal", format!("%{}.", level + 1)),
                        1 => ("decimal", format!("（%{}）", level + 1)),
                        _ => ("decimalEnclosedCircle", format!("%{}", level + 1)),
                    }
                } else {
                    let bullet = ["●", "○", "■"].get(level % 3).copied().unwrap_or("●");
                    ("bullet", bullet.to_owned())
                };
                let (left, hanging) = self.list_indent(level);
                ListLevel { format, text, left, hanging }
            })
            .collect();
        self.skeleton.abstract_numbering(abstract_id, levels);
        abstract_id
    }

    fn table(&mut self, table: &Table) {
        let columns =
            table.head.iter().chain(&table.body).map(Vec::len).max().unwrap_or(0).max(table.columns.len());
        if columns == 0 {
            return;
        }
        let text_width_mm = self.style.page.text_width_mm();
        if let Some(message) = self.style.table_too_wide(columns, text_width_mm * PT_PER_MM) {
            self.warn(Kind::Unsupported, message);
            self.table_as_lines(table);
            return;
        }
        let width = usize::try_from(mm_twips(text_width_mm)).unwrap_or(9000);
        let column_width = width / columns;
        // Written row by row: a long table's rows are most of a document. No direct borders: the Table Grid
        // style draws them.
        self.out.table_start(id::TABLE, width, vec![column_width; columns]);
        for (is_head, row) in
            table.head.iter().map(|r| (true, r)).chain(table.body.iter().map(|r| (false, r)))
        {
            let mut cells = Vec::with_capacity(columns);
            for index in 0..columns {
                let style_id = if is_head { id::TABLE_HEADING } else { id::TABLE_TEXT };
                let mut p = self.styled(style_id);
                if let Some(&align) = table.columns.get(index) {
                    // A column's own alignment holds for its header cell too (`Default` leaves the style's).
                    p = p.align(align);
                }
                if let Some(content) = row.get(index) {
                    p = self.inlines(p, content, Fmt::default());
                }
                cells.push((column_width, p));
            }
            self.out.table_row(cells, is_head);
        }
        self.out.table_end();
    }

    /// A table too wide to show as a grid (see [`Style::table_too_wide`]): one paragraph per row, its cells
    /// separated by `|`, the header rows bold.
    fn table_as_lines(&mut self, table: &Table) {
        for (is_head, row) in
            table.head.iter().map(|r| (true, r)).chain(table.body.iter().map(|r| (false, r)))
        {
            let fmt = Fmt { strong: is_head && self.style.table.head_strong, ..Fmt::default() };
            let mut p = self.styled(id::TABLE_TEXT);
            for (index, cell) in row.iter().enumerate() {
                if index > 0 {
                    p = self.text_runs(p, " | ", fmt);
                }
                p = self.inlines(p, cell, fmt);
            }
            self.push(p);
        }
    }

    // ---- inline content ----------------------------------------------------------------------------

    fn inlines(&mut self, mut p: Para, inlines: &[Inline], fmt: Fmt) -> Para {
        for inline in inlines {
            p = match inline {
                Inline::Text(text) => self.text_runs(p, text, fmt),
                Inline::Emph(content) => self.inlines(p, content, Fmt { emph: true, ..fmt }),
                Inline::Strong(content) => self.inlines(p, content, Fmt { strong: true, ..fmt }),
                Inline::Strike(content) => self.inlines(p, content, Fmt { strike: true, ..fmt }),
                Inline::Superscript(content) => {
                    self.inlines(p, content, Fmt { shift: Some(Shift::Up), ..fmt })
                }
                Inline::Subscript(content) => {
                    self.inlines(p, content, Fmt { shift: Some(Shift::Down), ..fmt })
                }
                Inline::Code(text) => self.text_runs(p, text, Fmt { code: true, ..fmt }),
                Inline::Link { url, content } => self.link(p, url, content, fmt),
                Inline::Image(image) => self.image(p, image, fmt),
                Inline::LineBreak => p.line_break(),
                Inline::Note(blocks) => self.footnote(p, blocks, fmt),
            };
        }
        p
    }

    /// The picture for `image`, embedded from the document's resources and scaled to fit the type area
    /// with its aspect ratio; where it cannot be embedded, its alt text in brackets and a diagnostic. An
    /// image that is not among the resources was reported by the reader, and is not reported again.
    fn image(&mut self, p: Para, image: &Image, fmt: Fmt) -> Para {
        let alt = match (image.alt.trim().is_empty(), image.src.is_empty()) {
            (false, _) => image.alt.as_str(),
            (true, false) => image.src.as_str(),
            (true, true) => "图",
        };
        let problem = match self.resources.get(&image.src) {
            None => None,
            // Footnotes are a part without relationships of their own in the writer: no pictures there.
            Some(_) if self.in_note => {
                Some("is inside a footnote, where pictures are not supported".to_owned())
            }
            Some(resource) => match image::picture(resource) {
                Ok(picture) => {
                    let (cx, cy) = self.fit(picture.width_px, picture.height_px);
                    self.ids.picture += 1;
                    let (alt, replaced) = sanitize(alt);
                    self.replaced_chars += replaced;
                    // The writer numbers pictures from a process-wide counter: renumbered per document.
                    let preferred = format!("rIdImage{}", self.ids.picture);
                    let rid = self.out.picture(preferred, picture.bytes, alt.into_owned());
                    return p.picture(rid, (picture.width_px, picture.height_px), (cx, cy));
                }
                Err(reason) => Some(reason),
            },
        };
        if let Some(problem) = problem {
            // One warning per image and problem, however often the image is used.
            let message = format!("image `{}` {problem}; its alt text stands in its place", image.src);
            if !self.diagnostics.iter().any(|d| d.message == message) {
                self.warn(Kind::Unsupported, message);
            }
        }
        self.text_runs(p, &format!("［图：{alt}］"), fmt)
    }

    /// Size in EMU of a `width` × `height` pixel image at the style's pixels to the inch (Word assumes 96
    /// without a density), shrunk to the type area's width and height when larger, aspect ratio kept.
    fn fit(&self, width: u32, height: u32) -> (u32, u32) {
        const EMU_PER_INCH: f64 = 914_400.0;
        const EMU_PER_MM: f64 = 36_000.0;
        let emu_per_px = EMU_PER_INCH / f64::from(self.style.image_px_per_inch);
        let page = &self.style.page;
        let max_w = f64::from(page.text_width_mm()) * EMU_PER_MM;
        // A little under the type area's height, so a figure and its caption can share a page.
        let max_h = f64::from(page.text_height_mm()) * EMU_PER_MM * 0.8;
        let (w, h) = (f64::from(width) * emu_per_px, f64::from(height) * emu_per_px);
        let scale = (max_w / w).min(max_h / h).min(1.0);
        let emu = |v: f64| (v * scale).round().clamp(1.0, f64::from(u32::MAX)) as u32;
        (emu(w), emu(h))
    }

    /// A link as the link policy allows it: a web address becomes an external hyperlink (in a footnote,
    /// which has no relationships of its own in the writer, the text followed by the address in brackets),
    /// a heading an internal hyperlink to its bookmark; a refused link (reported by `link::enforce`) its text.
    fn link(&mut self, p: Para, url: &str, content: &[Inline], fmt: Fmt) -> Para {
        let link = match self.anchors.resolve(url) {
            Ok(Target::Web(href)) if self.in_note => {
                let p = self.inlines(p, content, fmt);
                return if plain_text(content).trim() == url.trim() {
                    p
                } else {
                    self.text_runs(p, &format!("（{href}）"), fmt)
                };
            }
            Ok(Target::Web(href)) => {
                self.ids.hyperlink += 1;
                self.out.external_link(self.ids.hyperlink, &href)
            }
            Ok(Target::Heading(ordinal)) => Link::internal(&heading_bookmark(ordinal)),
            Err(_) => return self.inlines(p, content, fmt),
        };
        // Runs are built on a scratch paragraph (same code path as everywhere else), then moved into the link.
        let scratch = self.inlines(Para::scratch(), content, Fmt { link: true, ..fmt });
        p.link(link, scratch)
    }

    fn footnote(&mut self, p: Para, blocks: &[Block], fmt: Fmt) -> Para {
        if self.in_note {
            // Word has no footnotes inside footnotes: the inner note becomes bracketed text.
            let text: Vec<String> = blocks.iter().map(block_text).collect();
            return self.text_runs(p, &format!("（{}）", text.join(" ")), fmt);
        }
        self.in_note = true;
        let mut content = Vec::new();
        for block in blocks {
            let np = self.styled(id::FOOTNOTE_TEXT);
            let np = match block {
                Block::Paragraph { content: inlines, .. } | Block::Heading { content: inlines, .. } => {
                    self.inlines(np, inlines, Fmt::default())
                }
                other => self.text_runs(np, &block_text(other), Fmt::default()),
            };
            content.push(np);
        }
        if content.is_empty() {
            content.push(self.styled(id::FOOTNOTE_TEXT));
        }
        self.in_note = false;
        self.ids.footnote += 1;
        let id = self.ids.footnote;
        self.out.footnote(id, content);
        p.footnote_reference(id)
    }

    /// Runs for `text` in format `fmt`: tabs become `w:tab`, newlines `w:br`; spaces are kept (the writer
    /// writes `xml:space="preserve"`).
    fn text_runs(&mut self, p: Para, text: &str, fmt: Fmt) -> Para {
        if text.is_empty() {
            return p;
        }
        let (text, replaced) = sanitize(text);
        self.replaced_chars += replaced;
        if fmt.emph && self.style.accents.emph_slants_latin {
            // The Latin of emphasised text is slanted, its Han never (clreq): one run per script.
            let mut p = p;
            for (piece, wide) in wide_runs(&text) {
                let run = if wide { styled_run(fmt) } else { styled_run(fmt).italic() };
                p = with_text(p, piece, run);
            }
            return p;
        }
        with_text(p, &text, styled_run(fmt))
    }

    // ---- section -----------------------------------------------------------------------------------

    /// A footer's paragraph holding the page number (`PAGE` field) in paragraph style `style_id`.
    fn footer(&mut self, style_id: &str) -> Para {
        let dashed = self.style.page_numbers.dashed;
        let mut p = self.styled(style_id);
        if dashed {
            // GB/T 9704 §7.5: “— 1 —”, an em dash on each side of the number.
            p = p.run(Run::new().text("— "));
        }
        p = p.page_number();
        if dashed {
            p = p.run(Run::new().text(" —"));
        }
        p
    }

    fn finish(mut self) -> Built<'a> {
        let style = self.style;
        let page = &style.page;
        let to_i32 = |v: i64| i32::try_from(v).unwrap_or(0);
        let to_u32 = |v: i64| u32::try_from(v).unwrap_or(0);
        let pn = &style.page_numbers;
        // The footer's bottom edge: the number's top sits `below_text_mm` under the type area.
        let number_mm = pn.size_pt * 25.4 / 72.0 * 1.25;
        let footer_mm = (page.bottom_mm - pn.below_text_mm - number_mm).max(5.0);
        let margins = Margins {
            top: to_i32(mm_twips(page.top_mm)),
            bottom: to_i32(mm_twips(page.bottom_mm)),
            left: to_i32(mm_twips(page.left_mm)),
            right: to_i32(mm_twips(page.right_mm)),
            header: to_i32(mm_twips((page.top_mm / 2.0).min(15.0))),
            footer: to_i32(mm_twips(footer_mm)),
        };

        // GB/T 9704 §7.5: odd page numbers right and even ones left, one character in (`outside`), which
        // Word can only do with a footer per parity and `w:evenAndOddHeaders` in settings; else centred.
        let (odd_style, even_style) =
            if pn.outside { (id::FOOTER_ODD, Some(id::FOOTER_EVEN)) } else { (id::FOOTER, None) };
        let odd = self.footer(odd_style);
        let even = even_style.map(|s| self.footer(s));
        let line_pitch = usize::try_from(line_twips(style.body.line_pitch_pt)).unwrap_or(360);
        // `linesAndChars` with a character space, or `lines` only.
        let char_space = match style.grid_chars {
            Some(chars) if chars > 0 => {
                // TYPOGRAPHY.md §2: charSpace = (pitch − body size) × 4096, pitch = type width / chars;
                // rounded down so that `chars` characters always fit.
                let width_pt = f64::from(page.text_width_mm()) / 25.4 * 72.0;
                let pitch = width_pt / f64::from(chars);
                Some(((pitch - f64::from(style.body.size_pt)) * 4096.0).floor() as isize)
            }
            _ => None,
        };
        self.skeleton.section(Section {
            width: to_u32(mm_twips(page.width_mm)),
            height: to_u32(mm_twips(page.height_mm)),
            margins,
            line_pitch,
            char_space,
            footer: odd,
            even_footer: even,
        });

        if self.replaced_chars > 0 {
            let n = self.replaced_chars;
            self.diagnostics.push(xml::replaced(n, "docx"));
        }
        Built { skeleton: self.skeleton, body: self.out, diagnostics: self.diagnostics }
    }
}

/// The paragraph style of a role, or `None` for boilerplate (kept in the model, omitted from outputs).
fn role_style(role: Role, cx: Context) -> Option<&'static str> {
    Some(match role {
        Role::Boilerplate => return None,
        Role::Body if cx.quote > 0 => id::QUOTE,
        Role::Body if cx.list_level.is_some() => id::LIST,
        Role::Body => "Normal",
        Role::Salutation => id::SALUTATION,
        Role::Signature => id::SIGNATURE,
        Role::Date => id::DATE,
        Role::Attachment => id::ATTACHMENT,
        Role::Note => id::NOTE,
        Role::Contents => id::CONTENTS,
    })
}

/// A run with the character style for `fmt`. A run has one `rStyle`, so the most specific wins (code,
/// then emphasis, then link, then strong) and the rest is added as direct formatting.
fn styled_run(fmt: Fmt) -> Run {
    let style = if fmt.code {
        Some(id::CODE_CHAR)
    } else if fmt.emph {
        Some(id::EMPHASIS)
    } else if fmt.link {
        Some(id::HYPERLINK)
    } else if fmt.strong && fmt.run_in {
        Some(id::RUN_IN)
    } else if fmt.strong {
        Some(id::STRONG)
    } else {
        None
    };
    let mut run = Run::new();
    if let Some(style) = style {
        run = run.style(style);
    }
    if fmt.strong && !matches!(style, Some(id::STRONG | id::RUN_IN)) {
        run = run.bold();
    }
    if fmt.strike {
        run = run.strike();
    }
    match fmt.shift {
        Some(Shift::Up) => run = run.superscript(),
        Some(Shift::Down) => run = run.subscript(),
        None => {}
    }
    run
}

/// `p` with `run` holding `text` added: tabs become `w:tab`, newlines `w:br`.
fn with_text(p: Para, text: &str, mut run: Run) -> Para {
    for (i, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if i > 0 {
            run = run.line_break();
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                run = run.tab();
            }
            if !piece.is_empty() {
                run = run.text(piece);
            }
        }
    }
    p.run(run)
}

/// The plain text of a block, for places that can only hold text (footnotes).
fn block_text(block: &Block) -> String {
    match block {
        Block::Heading { content, .. } | Block::Paragraph { content, .. } => plain_text(content),
        Block::List { items, .. } => items.iter().flatten().map(block_text).collect::<Vec<_>>().join(" "),
        Block::Quote { blocks } => blocks.iter().map(block_text).collect::<Vec<_>>().join(" "),
        Block::Code { text, .. } => text.clone(),
        Block::Table(table) => table
            .head
            .iter()
            .chain(&table.body)
            .map(|row| row.iter().map(|c| plain_text(c)).collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>()
            .join(" "),
        Block::Figure { image, caption } => format!("{} {}", image.alt, plain_text(caption)),
        Block::Rule | Block::PageBreak => String::new(),
    }
}
