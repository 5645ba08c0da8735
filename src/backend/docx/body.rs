//! The document body as Word elements (built through [`vendor`](super::vendor)): title block, blocks,
//! lists with real numbering definitions, tables, and the section (page, margins, grid, footer); inline
//! content (runs, pictures, links, footnotes) is built by [`inline`]. Each block is handed to the [`Body`] as soon as it is built, which writes it as XML and
//! drops it; the [`Skeleton`] keeps only what is not body (section, footers, numbering definitions).
//!
//! Paragraphs carry a style id and nothing else where a style can say it; the only direct formatting is
//! what belongs to one spot of text (bold inside an emphasis, strike-through, a table column's alignment,
//! the indent of a list item's continuation paragraph and of a quote inside a quote).

mod inline;
mod official;

use super::parts::{id, line_twips, mm_twips, twips};
use super::vendor::{Body, ListLevel, Margins, Para, Run, Section, Skeleton};
use crate::backend::xml;
use crate::diag::{Diagnostic, Kind};
use crate::layout::title_lines::title_lines;
use crate::link::Anchors;
use crate::model::{plain_text, Block, Document, Inline, Meta, Resource, Role, Table};
use crate::style::{
    opens_attachment_note, ChapterStart, PageNumbers, Style, EM_BOX_ASCENT, EM_BOX_DEPTH, PT_PER_MM,
};
use crate::title_block::{self, LineKind};
use inline::Fmt;
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
    b.sealed = doc.meta.sealed;
    b.running_heads(&doc.meta, &doc.blocks);
    b.title_block(&doc.meta, &doc.blocks);
    b.contents(&doc.blocks);
    b.sequence(&doc.blocks);
    b.record(&doc.meta);
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
    /// Where a signature or date paragraph of the closing block sits.
    closing: Option<official::ClosingLine>,
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

/// The bookmark a link to heading `ordinal` (from 0, as [`Target::Heading`](crate::link::Target::Heading) counts) goes to. A leading `_`
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
    /// The document will be sealed: the closing block as GB/T 9704 §7.3.5.1 sets it, not §7.3.5.2.
    sealed: bool,
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
            sealed: false,
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
    fn title_block(&mut self, meta: &Meta, blocks: &[Block]) {
        let lines = title_block::lines(meta, blocks);
        // GB/T 9704 §7.2.7: the red rule under the 发文字号 belongs to the red 版头.
        let ruled = lines.iter().any(|line| line.kind == LineKind::Letterhead);
        // A decree's header is its 发文机关标志 (§10.2): a letterhead only makes it red.
        let decree = lines.iter().any(|line| line.kind == LineKind::Decree);
        for line in lines {
            let style_id = match line.kind {
                LineKind::Letterhead if decree => continue,
                LineKind::Letterhead => id::LETTERHEAD,
                LineKind::Decree if ruled => id::DECREE_RED,
                LineKind::Decree => id::DECREE,
                LineKind::DocNumber if ruled => id::DOC_NUMBER_RULED,
                LineKind::DocNumber => id::DOC_NUMBER,
                LineKind::Series => id::SERIES,
                LineKind::Title => id::TITLE,
                LineKind::Subtitle => id::SUBTITLE,
                LineKind::Author => id::AUTHOR,
                LineKind::Date => id::TITLE_DATE,
            };
            if line.kind == LineKind::Title {
                self.title_paragraph(&line.text);
            } else {
                self.text_paragraph(style_id, &line.text);
            }
        }
    }

    /// The title broken between whole words as the PDF breaks it (GB/T 9704 §7.3.1), its lines counted on
    /// the grid of the title's size: Word and LibreOffice would otherwise end a line inside a word.
    fn title_paragraph(&mut self, title: &str) {
        let measure_em = self.style.page.text_width_mm() * PT_PER_MM / self.style.title.size_pt;
        let mut content = Vec::new();
        for (i, line) in title_lines(title, measure_em, self.style.balanced_titles).into_iter().enumerate() {
            if i > 0 {
                content.push(Inline::LineBreak);
            }
            content.push(Inline::Text(line));
        }
        let p = self.styled(id::TITLE);
        let p = self.inlines(p, &content, Fmt::default());
        self.push(p);
    }

    /// The style's running heads (书眉), as the PDF sets them: the book's title on even pages, the
    /// chapter's on odd pages, none on a chapter's opening page; the title block on a title page of its
    /// own when the first chapter breaks to the next page, without head or folio.
    fn running_heads(&mut self, meta: &Meta, blocks: &[Block]) {
        let recto = self.style.chapter_start == ChapterStart::Recto;
        if self.style.running_head.is_none() {
            // Sections are what open a chapter on an odd page, heads or not.
            if recto {
                self.out.recto_sections();
            }
            return;
        }
        let first_is_chapter = matches!(blocks.first(), Some(Block::Heading { level: 1, .. }));
        let title_page = self.style.title_page
            && self.style.chapter_sink_pt.is_some()
            && first_is_chapter
            && !title_block::lines(meta, blocks).is_empty();
        let folio = self.footer(id::FOOTER);
        self.out.running_heads(meta.own_title().map(str::to_owned), title_page, recto, folio);
    }

    /// A table of contents after the title block, for a book or report of three or more headings of levels
    /// 1 to 3: a `TOC` field, marked dirty so that Word fills in the page numbers when the file is opened,
    /// holding the headings as its current result, which is what LibreOffice and readers that do not update
    /// fields show.
    fn contents(&mut self, blocks: &[Block]) {
        const MIN_HEADINGS: usize = 3;
        let headings: Vec<(usize, String)> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { level, content } if (1..=3).contains(level) => {
                    Some((usize::from(*level), plain_text(content)))
                }
                _ => None,
            })
            .collect();
        if !super::has_contents_field(self.style) || headings.len() < MIN_HEADINGS {
            return;
        }
        self.text_paragraph(id::TOC_HEADING, "目录");
        let last = headings.len() - 1;
        for (i, (level, text)) in headings.iter().enumerate() {
            let style_id = id::TOC_LEVELS.get(level - 1).copied().unwrap_or(id::TOC_LEVELS[0]);
            let mut p = self.styled(style_id);
            if i == 0 {
                p = p.field_start(r#"TOC \o "1-3" \h \z \u"#);
            }
            let (text, replaced) = xml::sanitize(text);
            self.replaced_chars += replaced;
            p = p.run(Run::new().text(&text));
            if i == last {
                p = p.field_end();
            }
            self.push(p);
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
                if index == 0 && cx.quote == 0 && cx.list_level.is_none() {
                    self.out.chapter(&plain_text(content));
                }
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
                if let Some(line) = cx.closing {
                    p = self.place_closing(p, line);
                }
                let p = match content.split_first() {
                    Some((Inline::Strong(lead), rest)) => {
                        // GB/T 9704 §7.3.3: a numbered lead in the face of its number's level.
                        let level = self.style.accents.run_in_lead(content).map(|(level, _)| level);
                        let fmt = Fmt { strong: true, run_in: Some(level), ..Fmt::default() };
                        let p = self.inlines(p, lead, fmt);
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
            Block::Attachment { label, title, blocks } => self.attachment(label, title, blocks),
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

    // ---- section -----------------------------------------------------------------------------------

    /// A footer's paragraph holding the page number (`PAGE` field) in paragraph style `style_id`, of the
    /// page count when the style says so.
    fn footer(&mut self, style_id: &str) -> Para {
        let dashed = self.style.page_numbers.dashed;
        let mut p = self.styled(style_id);
        if self.style.page_numbers.of_total {
            // `第 1 页 共 9 页`: Word and LibreOffice count the pages (`NUMPAGES`).
            p = p.run(Run::new().text("第 ")).page_number().run(Run::new().text(" 页 共 "));
            return p.page_count().run(Run::new().text(" 页"));
        }
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
        // The footer's one line is the number's em box (its style's exact pitch is the size), placed where the
        // PDF draws it: the dashes `below_text_mm` under the type area. Its bottom edge is the footer
        // distance, from the paper's edge (never off the paper).
        let baseline_mm = pn.below_text_mm + PageNumbers::DASH_RISE_EM * pn.size_pt / PT_PER_MM;
        let footer_mm = (page.bottom_mm - baseline_mm - EM_BOX_DEPTH * pn.size_pt / PT_PER_MM).max(0.0);
        // The DOCX prints no running head, but a header an office adds sits where the PDF's would: the
        // head's em box top; without one, as far from the top edge as the folio from the bottom.
        let header_mm = match &style.running_head {
            Some(head) => {
                page.top_mm - head.baseline_above_text_mm - EM_BOX_ASCENT * head.size_pt / PT_PER_MM
            }
            None => footer_mm,
        };
        let margins = Margins {
            top: to_i32(mm_twips(page.top_mm)),
            bottom: to_i32(mm_twips(page.bottom_mm)),
            left: to_i32(mm_twips(page.left_mm)),
            right: to_i32(mm_twips(page.right_mm)),
            header: to_i32(mm_twips(header_mm.max(0.0))),
            footer: to_i32(mm_twips(footer_mm)),
        };

        // GB/T 9704 §7.5: odd page numbers right and even ones left, one character in (`outside`), which
        // Word can only do with a footer per parity and `w:evenAndOddHeaders` in settings; else centred.
        // Running heads alternate too, so then even pages need a footer of their own even when centred.
        let (odd_style, even_style) = if pn.outside {
            (id::FOOTER_ODD, Some(id::FOOTER_EVEN))
        } else if style.running_head.is_some() {
            (id::FOOTER, Some(id::FOOTER))
        } else {
            (id::FOOTER, None)
        };
        let odd = self.footer(odd_style);
        let even = even_style.map(|s| self.footer(s));
        let line_pitch = usize::try_from(line_twips(style.body.line_pitch_pt)).unwrap_or(360);
        self.skeleton.section(Section {
            width: to_u32(mm_twips(page.width_mm)),
            height: to_u32(mm_twips(page.height_mm)),
            margins,
            line_pitch,
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
