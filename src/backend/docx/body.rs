//! The document body as docx-rs elements: title block, blocks, inline runs, lists with real numbering
//! definitions, tables, footnotes, and the section (page, margins, grid, footer). Each block is handed to
//! the [`Stream`] as soon as it is built, which writes it as XML and drops it; the `Docx` keeps only what
//! is not body (section, footers, numbering definitions).
//!
//! Paragraphs carry a style id and nothing else where a style can say it; the only direct formatting is
//! what belongs to one spot of text (bold inside an emphasis, strike-through, a table column's alignment,
//! the indent of a list item's continuation paragraph).

use super::image;
use super::parts::{id, line_twips, mm_twips, twips};
use super::sanitize;
use super::stream::Stream;
use crate::diag::{Diagnostic, Kind};
use crate::link::{Anchors, Target};
use crate::model::{
    plain_text, Align as ColumnAlign, Block, Document, Image, Inline, Meta, Resource, Role, Table,
};
use crate::style::{Style, PT_PER_MM};
use crate::title_block::{self, LineKind};
use crate::zh::chars::wide_runs;
use docx_rs::{
    AbstractNumbering, AlignmentType, BreakType, DocGrid, DocGridType, Docx, Footer, Footnote, Hyperlink,
    HyperlinkData, HyperlinkType, IndentLevel, Level, LevelJc, LevelOverride, LevelText, NumberFormat,
    Numbering, NumberingId, PageMargin, PageNum, Paragraph, Pic, Run, SpecialIndentType, Start, TableCell,
    TableRow, WidthType,
};
use std::collections::BTreeMap;

/// What the body builder hands to packaging.
pub(super) struct Built<'a> {
    /// Everything but the body (section, footers, numbering), to be built by docx-rs.
    pub docx: Docx,
    /// The body, written.
    pub body: Stream<'a>,
    /// Everything that was degraded.
    pub diagnostics: Vec<Diagnostic>,
}

/// Builds the body of `doc` and the docx-rs document of the rest, with the diagnostics of everything that
/// was degraded.
pub(super) fn build<'a>(doc: &'a Document, style: &'a Style) -> Built<'a> {
    let mut b = Builder::new(style, &doc.resources);
    b.anchors = Anchors::new(doc);
    b.title_block(&doc.meta);
    for block in &doc.blocks {
        b.block(block, Context::default());
    }
    b.finish()
}

/// docx-rs always writes abstract numbering 1 and numbering 1 (its default list), so ours start at 2.
const FIRST_NUMBERING_ID: usize = 2;
const ORDERED_ABSTRACT: usize = 2;
const BULLET_ABSTRACT: usize = 3;
/// Word supports list levels 0..=8.
const MAX_LIST_LEVEL: usize = 8;

/// Where a block sits, which decides the style of its paragraphs.
#[derive(Clone, Copy, Default)]
struct Context {
    /// Inside a block quote: body paragraphs take the Quote style.
    quote: bool,
    /// List nesting: `Some(level)` inside a list item.
    list_level: Option<usize>,
}

/// Inline formatting in effect for a run.
#[derive(Clone, Copy, Default)]
struct Fmt {
    strong: bool,
    emph: bool,
    strike: bool,
    code: bool,
    link: bool,
    /// The `Strong` lead of a paragraph: a run-in heading (`一要坚持党的全面领导，`).
    run_in: bool,
}

/// Per-document ids for everything docx-rs would otherwise number from process-wide counters.
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
    out: Stream<'a>,
    /// Numbering definitions; the section is added at the end.
    docx: Docx,
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
            out: Stream::new(),
            docx: Docx::new(),
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

    /// A new paragraph with the next per-document `w14:paraId` (8 hex digits below 0x80000000).
    fn paragraph(&mut self) -> Paragraph {
        self.ids.paragraph += 1;
        Paragraph::new().id(format!("{:08X}", self.ids.paragraph))
    }

    fn styled(&mut self, style_id: &str) -> Paragraph {
        self.paragraph().style(style_id)
    }

    fn push(&mut self, p: Paragraph) {
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
                let p = self.styled(style_id).add_bookmark_start(ordinal, heading_bookmark(ordinal));
                let p = self.inlines(p, content, Fmt::default()).add_bookmark_end(ordinal);
                self.push(p);
            }
            Block::Paragraph { role, content } => {
                let Some(mut style_id) = role_style(*role, cx) else { return };
                if *role == Role::Attachment && !plain_text(content).trim_start().starts_with("附件") {
                    // GB/T 9704 §7.3.4: the second and later attachment names line up under the first.
                    style_id = id::ATTACHMENT_LIST;
                }
                let p = self.styled(style_id);
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
                    self.block(inner, Context { quote: true, ..cx });
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
                let p = self.paragraph().add_run(Run::new().add_break(BreakType::Page));
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
        let numbering = Numbering::new(num_id, abstract_id)
            .add_override(LevelOverride::new(level).start(if ordered { start } else { 1 }));
        self.out.numbering(&numbering);
        let inner = Context { list_level: Some(level), ..cx };
        for item in items {
            let mut numbered = false;
            for block in item {
                match block {
                    Block::Paragraph { role, content } if !numbered => {
                        if *role == Role::Boilerplate {
                            continue;
                        }
                        let p = self
                            .styled(id::LIST)
                            .numbering(NumberingId::new(num_id), IndentLevel::new(level));
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
                        let p = self.styled(id::LIST).indent(Some(left), None, None, None);
                        let p = self.inlines(p, content, Fmt::default());
                        self.push(p);
                    }
                    other => {
                        if !numbered && !matches!(other, Block::List { .. }) {
                            // The number must sit on a paragraph of its own when the item opens otherwise.
                            let p = self
                                .styled(id::LIST)
                                .numbering(NumberingId::new(num_id), IndentLevel::new(level));
                            self.push(p);
                            numbered = true;
                        }
                        self.block(other, inner);
                    }
                }
            }
        }
    }

    /// Left indent and hanging indent (twips) of list level `level`: the number hangs two body characters
    /// to the left of the text, and each level steps in two characters.
    fn list_indent(&self, level: usize) -> (i32, i32) {
        let em = i32::try_from(twips(self.style.body.size_pt)).unwrap_or(240);
        let step = em * 2;
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
        let mut abs = AbstractNumbering::new(abstract_id);
        for level in 0..=MAX_LIST_LEVEL {
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
            let lvl = Level::new(
                level,
                Start::new(1),
                NumberFormat::new(format),
                LevelText::new(text),
                LevelJc::new("left"),
            )
            .indent(Some(left), Some(SpecialIndentType::Hanging(hanging)), None, None);
            abs = abs.add_level(lvl);
        }
        self.docx = std::mem::take(&mut self.docx).add_abstract_numbering(abs);
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
        // No direct borders (docx-rs's `Table::new` writes its own): the Table Grid style draws them.
        let opening = docx_rs::Table::without_borders(Vec::new())
            .style(id::TABLE)
            .width(width, WidthType::Dxa)
            .set_grid(vec![column_width; columns]);
        // Written row by row: a long table's rows are most of a document.
        self.out.table_start(&opening);
        for (is_head, row) in
            table.head.iter().map(|r| (true, r)).chain(table.body.iter().map(|r| (false, r)))
        {
            let mut cells = Vec::with_capacity(columns);
            for index in 0..columns {
                let style_id = if is_head { id::TABLE_HEADING } else { id::TABLE_TEXT };
                let mut p = self.styled(style_id);
                if let Some(align) = table.columns.get(index).and_then(|a| alignment(*a)) {
                    if !is_head {
                        p = p.align(align);
                    }
                }
                if let Some(content) = row.get(index) {
                    p = self.inlines(p, content, Fmt::default());
                }
                cells.push(TableCell::new().width(column_width, WidthType::Dxa).add_paragraph(p));
            }
            self.out.table_row(TableRow::new(cells));
        }
        self.out.table_end();
    }

    /// A table too wide to show as a grid (see [`Style::table_too_wide`]): one paragraph per row, its cells
    /// separated by `|`, the header rows bold.
    fn table_as_lines(&mut self, table: &Table) {
        for (is_head, row) in
            table.head.iter().map(|r| (true, r)).chain(table.body.iter().map(|r| (false, r)))
        {
            let fmt = Fmt { strong: is_head, ..Fmt::default() };
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

    fn inlines(&mut self, mut p: Paragraph, inlines: &[Inline], fmt: Fmt) -> Paragraph {
        for inline in inlines {
            p = match inline {
                Inline::Text(text) => self.text_runs(p, text, fmt),
                Inline::Emph(content) => self.inlines(p, content, Fmt { emph: true, ..fmt }),
                Inline::Strong(content) => self.inlines(p, content, Fmt { strong: true, ..fmt }),
                Inline::Strike(content) => self.inlines(p, content, Fmt { strike: true, ..fmt }),
                Inline::Code(text) => self.text_runs(p, text, Fmt { code: true, ..fmt }),
                Inline::Link { url, content } => self.link(p, url, content, fmt),
                Inline::Image(image) => self.image(p, image, fmt),
                Inline::LineBreak => p.add_run(Run::new().add_break(BreakType::TextWrapping)),
                Inline::Note(blocks) => self.footnote(p, blocks, fmt),
            };
        }
        p
    }

    /// The picture for `image`, embedded from the document's resources and scaled to fit the type area
    /// with its aspect ratio; where it cannot be embedded, its alt text in brackets and a diagnostic. An
    /// image that is not among the resources was reported by the reader, and is not reported again.
    fn image(&mut self, p: Paragraph, image: &Image, fmt: Fmt) -> Paragraph {
        let alt = match (image.alt.trim().is_empty(), image.src.is_empty()) {
            (false, _) => image.alt.as_str(),
            (true, false) => image.src.as_str(),
            (true, true) => "图",
        };
        let problem = match self.resources.get(&image.src) {
            None => None,
            // Footnotes are a part without relationships of their own in docx-rs: no pictures there.
            Some(_) if self.in_note => {
                Some("is inside a footnote, where pictures are not supported".to_owned())
            }
            Some(resource) => match image::picture(resource) {
                Ok(picture) => {
                    let (cx, cy) = self.fit(picture.width_px, picture.height_px);
                    self.ids.picture += 1;
                    let (alt, replaced) = sanitize(alt);
                    self.replaced_chars += replaced;
                    // docx-rs numbers pictures from a process-wide counter: renumber per document. The bytes
                    // go into the media part from the stream, once, not into every use's element.
                    let preferred = format!("rIdImage{}", self.ids.picture);
                    let rid = self.out.picture(preferred, picture.bytes, alt.into_owned());
                    let pic = Pic::new_with_dimensions(Vec::new(), picture.width_px, picture.height_px)
                        .size(cx, cy)
                        .id(rid);
                    return p.add_run(Run::new().add_image(pic));
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

    /// Size in EMU of a `width` × `height` pixel image: 96 pixels to the inch (what Word assumes without a
    /// density), shrunk to the type area's width and height when larger, aspect ratio kept.
    fn fit(&self, width: u32, height: u32) -> (u32, u32) {
        const EMU_PER_PX: f64 = 9525.0;
        const EMU_PER_MM: f64 = 36_000.0;
        let page = &self.style.page;
        let max_w = f64::from(page.text_width_mm()) * EMU_PER_MM;
        // A little under the type area's height, so a figure and its caption can share a page.
        let max_h = f64::from(page.text_height_mm()) * EMU_PER_MM * 0.8;
        let (w, h) = (f64::from(width) * EMU_PER_PX, f64::from(height) * EMU_PER_PX);
        let scale = (max_w / w).min(max_h / h).min(1.0);
        let emu = |v: f64| (v * scale).round().clamp(1.0, f64::from(u32::MAX)) as u32;
        (emu(w), emu(h))
    }

    /// A link as the link policy allows it: a web address becomes an external hyperlink (in a footnote,
    /// which has no relationships of its own in docx-rs, the text followed by the address in brackets), a
    /// heading an internal hyperlink to its bookmark; a refused link (reported by `link::enforce`) its text.
    fn link(&mut self, p: Paragraph, url: &str, content: &[Inline], fmt: Fmt) -> Paragraph {
        let mut link = match self.anchors.resolve(url) {
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
                let mut link = Hyperlink::new(href, HyperlinkType::External);
                // docx-rs numbers link relationships from a process-wide counter: renumber per document.
                if let HyperlinkData::External { rid, path } = &mut link.link {
                    *rid = format!("rIdHyperlink{}", self.ids.hyperlink);
                    self.out.hyperlink(rid.clone(), path.clone());
                }
                link
            }
            Ok(Target::Heading(ordinal)) => Hyperlink::new(heading_bookmark(ordinal), HyperlinkType::Anchor),
            Err(_) => return self.inlines(p, content, fmt),
        };
        // Runs are built on a scratch paragraph (same code path as everywhere else), then moved into the link.
        let scratch = self.inlines(Paragraph::new(), content, Fmt { link: true, ..fmt });
        link.children = scratch.children;
        p.add_hyperlink(link)
    }

    fn footnote(&mut self, p: Paragraph, blocks: &[Block], fmt: Fmt) -> Paragraph {
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
        self.out.footnote(&Footnote { id, content });
        // The reference writes its id only: the note's paragraphs are written already.
        p.add_run(Run::new().add_footnote_reference(Footnote { id, content: Vec::new() }))
    }

    /// Runs for `text` in format `fmt`: tabs become `w:tab`, newlines `w:br`; spaces are kept (docx-rs
    /// writes `xml:space="preserve"`).
    fn text_runs(&mut self, p: Paragraph, text: &str, fmt: Fmt) -> Paragraph {
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

    /// A footer holding the page number (`PAGE` field) in paragraph style `style_id`.
    fn footer(&mut self, style_id: &str) -> Footer {
        let dashed = self.style.page_numbers.dashed;
        let mut p = self.styled(style_id);
        if dashed {
            // GB/T 9704 §7.5: “— 1 —”, an em dash on each side of the number.
            p = p.add_run(Run::new().add_text("— "));
        }
        p = p.add_page_num(PageNum::new());
        if dashed {
            p = p.add_run(Run::new().add_text(" —"));
        }
        Footer::new().add_paragraph(p)
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
        let margin = PageMargin::new()
            .top(to_i32(mm_twips(page.top_mm)))
            .bottom(to_i32(mm_twips(page.bottom_mm)))
            .left(to_i32(mm_twips(page.left_mm)))
            .right(to_i32(mm_twips(page.right_mm)))
            .header(to_i32(mm_twips((page.top_mm / 2.0).min(15.0))))
            .footer(to_i32(mm_twips(footer_mm)))
            .gutter(0);

        // GB/T 9704 §7.5: odd page numbers right and even ones left, one character in (`outside`), which
        // Word can only do with a footer per parity and `w:evenAndOddHeaders` in settings; else centred.
        let (odd_style, even_style) =
            if pn.outside { (id::FOOTER_ODD, Some(id::FOOTER_EVEN)) } else { (id::FOOTER, None) };
        let odd = self.footer(odd_style);
        let even = even_style.map(|s| self.footer(s));
        let line_pitch = usize::try_from(line_twips(style.body.line_pitch_pt)).unwrap_or(360);
        let grid = match style.grid_chars {
            Some(chars) if chars > 0 => {
                // TYPOGRAPHY.md §2: charSpace = (pitch − body size) × 4096, pitch = type width / chars;
                // rounded down so that `chars` characters always fit.
                let width_pt = f64::from(page.text_width_mm()) / 25.4 * 72.0;
                let pitch = width_pt / f64::from(chars);
                let space = ((pitch - f64::from(style.body.size_pt)) * 4096.0).floor() as isize;
                DocGrid::new().grid_type(DocGridType::LinesAndChars).line_pitch(line_pitch).char_space(space)
            }
            _ => DocGrid::new().grid_type(DocGridType::Lines).line_pitch(line_pitch),
        };

        let mut docx = std::mem::take(&mut self.docx)
            .page_size(to_u32(mm_twips(page.width_mm)), to_u32(mm_twips(page.height_mm)))
            .page_margin(margin)
            .footer(odd);
        if let Some(even) = even {
            docx = docx.even_footer(even);
        }
        docx.document.section_property = std::mem::take(&mut docx.document.section_property).doc_grid(grid);

        if self.replaced_chars > 0 {
            let n = self.replaced_chars;
            self.diagnostics.push(
                Diagnostic::warning(
                    Kind::Encoding,
                    format!("{n} control character(s) that XML cannot hold were replaced with U+FFFD"),
                )
                .at("docx"),
            );
        }
        Built { docx, body: self.out, diagnostics: self.diagnostics }
    }
}

/// The paragraph style of a role, or `None` for boilerplate (kept in the model, omitted from outputs).
fn role_style(role: Role, cx: Context) -> Option<&'static str> {
    Some(match role {
        Role::Boilerplate => return None,
        Role::Body if cx.quote => id::QUOTE,
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

fn alignment(align: ColumnAlign) -> Option<AlignmentType> {
    match align {
        ColumnAlign::Default => None,
        ColumnAlign::Left => Some(AlignmentType::Left),
        ColumnAlign::Center => Some(AlignmentType::Center),
        ColumnAlign::Right => Some(AlignmentType::Right),
    }
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
    run
}

/// `p` with `run` holding `text` added: tabs become `w:tab`, newlines `w:br`.
fn with_text(p: Paragraph, text: &str, mut run: Run) -> Paragraph {
    for (i, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                run = run.add_tab();
            }
            if !piece.is_empty() {
                run = run.add_text(piece);
            }
        }
    }
    p.add_run(run)
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
