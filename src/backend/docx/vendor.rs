//! The one door to docx-rs 0.4.22, pinned exactly in `Cargo.toml`: every call into it and every fix-up of
//! what it writes is in this file, so that an upgrade means reading this file and running its tests.
//!
//! What docx-rs does for the backend: it writes every element of the body ([`Para`], [`Run`], [`Link`],
//! tables, footnotes, pictures, list numbering) and the rest of the package (section, footers, numbering
//! definitions, relationships, content types: [`Skeleton`]). The body is not held in a `Docx`: [`Body`]
//! writes each block as XML as soon as it is built and drops it, so that memory follows the output, not
//! docx-rs's structs (a `Paragraph` is 2.4 KB before its children, a `Run` 0.7 KB), of which `Docx::build`
//! would hold the whole body, and then copies. What `Docx::build` collects from a whole body is collected
//! as the blocks stream past, with docx-rs's rules: the footnotes, the lists' numbering instances, the
//! external hyperlinks' relationships, the pictures' media parts (one part per distinct content, later uses
//! pointing at the first one's relationship) and whether any paragraph is numbered.
//!
//! docx-rs takes paragraph ids from a thread-local counter and hyperlink, footnote and picture ids from
//! process-global atomics: every such id is given here by the caller, per document, so two renders of one
//! document give the same bytes on any thread.
//!
//! The fix-ups of what docx-rs writes, each with its anchor (the exact text it depends on) and the test that
//! fails when docx-rs no longer writes that text:
//! 0. splicing: the streamed body goes into the `document.xml` docx-rs writes for the section alone, after
//!    the part's opening ([`BODY_OPEN`]), a table's rows before its end tag ([`TABLE_CLOSE`]), the footnotes
//!    into docx-rs's empty `footnotes.xml`, the numbering instances before [`NUMBERING_CLOSE`]
//!    (`docx_rs_writes_the_parts_the_body_is_spliced_into`, `the_streamed_body_is_what_docx_rs_would_write`);
//! 1. docx-rs opens every `w:pPr` with an empty `w:rPr` ([`EMPTY_PPR`]), which ECMA-376 places last: dropped
//!    (`docx_rs_opens_paragraph_properties_with_empty_run_properties`);
//! 2. a footnote has no `w:footnoteRef` mark (Word would show the note without its number): one goes after
//!    the first paragraph's properties (`docx_rs_writes_footnotes_without_their_mark`);
//! 3. `document.xml.rels` lists hyperlinks from a `HashMap`, in an order that changes from run to run: the
//!    `<Relationship …/>` elements are sorted (`docx_rs_writes_relationships_as_self_closed_elements`);
//! 4. no `w:tblHeader`: a header row's empty [`EMPTY_TR_PR`] gets one, so Word repeats the row on every page
//!    and pandoc reads it as the table head (`docx_rs_writes_rows_with_empty_properties`);
//! 5. pictures: every `wp:docPr` is [`DOC_PR`] (id 1, no description): each gets its own id and its alt
//!    text (`docx_rs_writes_every_picture_as_figure_1`); every media part is named `.png` whatever it holds:
//!    JPEG and GIF parts get their own extension, relationship target and content type
//!    (`docx_rs_names_every_media_part_png`);
//! 6. the body's `w:sectPr` children are out of ECMA-376 sequence (header and footer references and
//!    `w:titlePg` after `w:docGrid`): reordered (`docx_rs_writes_section_references_after_the_grid`);
//! 7. the container: docx-rs's zip stores every part with mode 0755 and the writer's time; the parts go
//!    into a deterministic container (`crate::backend::container`) under the names and in the order
//!    `XMLDocx::pack` gives them (`the_container_holds_what_docx_rs_would_pack`).
//!
//! Parts docx-rs cannot write as Word needs them are written whole by `parts` and swapped in ([`OwnParts`]).
//! Measured on 0.4.22 (CRATES.md): its styles drop `firstLineChars`, cannot express `w:lang` or `w:em`, and
//! write style children out of ECMA-376 order (rPr before pPr, basedOn last); its settings put
//! `w:characterSpacingControl` *inside* `w:compat`, where Word ignores it; its core properties cannot carry
//! a title, creator or language.
//!
//! A missing anchor that would break the file (splicing, media names) is an error; one that would only keep
//! docx-rs's flaw a debug assertion.

use super::image;
use super::xml_escape;
use crate::backend::container::{Container, Method};
use crate::backend::Timestamp;
use crate::diag::Error;
use crate::model::Align;
use docx_rs::{
    AbstractNumbering, AlignmentType, BreakType, BuildXML, DocGrid, DocGridType, DocumentRels, Docx, Footer,
    Footnote, Hyperlink, HyperlinkData, HyperlinkType, IndentLevel, Level, LevelJc, LevelOverride, LevelText,
    NumberFormat, Numbering, NumberingId, PageMargin, PageNum, Paragraph, Pic, SpecialIndentType, Start,
    Table, TableCell, TableRow, WidthType, XMLDocx,
};
use memchr::memmem;
use std::collections::BTreeMap;

/// The start tag of the body, after which blocks go.
const BODY_OPEN: &[u8] = b"<w:body>";
/// The end tag of a table, before which its rows go.
const TABLE_CLOSE: &[u8] = b"</w:tbl>";
/// The end of `numbering.xml`, before which the lists' numbering instances go.
const NUMBERING_CLOSE: &[u8] = b"</w:numbering>";
/// How docx-rs opens every paragraph's properties (fix-up 1).
const EMPTY_PPR: &[u8] = b"<w:pPr><w:rPr />";
/// What [`EMPTY_PPR`] becomes.
const PPR: &[u8] = b"<w:pPr>";
/// The number mark of a footnote, which docx-rs does not write (fix-up 2).
const FOOTNOTE_MARK: &str =
    r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>"#;
/// docx-rs writes each picture's `wp:docPr` as this (fix-up 5); Word wants ids unique in the document.
const DOC_PR: &[u8] = br#"<wp:docPr id="1" name="Figure" />"#;
/// An empty row-properties element, where a header row gets `w:tblHeader` (fix-up 4).
const EMPTY_TR_PR: &[u8] = b"<w:trPr />";
/// What [`EMPTY_TR_PR`] becomes in a header row.
const HEADER_TR_PR: &[u8] = b"<w:trPr><w:tblHeader /></w:trPr>";

// ---- elements ------------------------------------------------------------------------------------------

/// A paragraph being built.
#[derive(Debug)]
pub(super) struct Para(Paragraph);

impl Para {
    /// A paragraph with the per-document `w14:paraId` `n` (8 hex digits below 0x80000000).
    pub fn new(n: u32) -> Self {
        Para(Paragraph::new().id(format!("{n:08X}")))
    }

    /// A paragraph whose runs go into a link ([`Para::link`]); it is never written itself.
    pub fn scratch() -> Self {
        Para(Paragraph::new())
    }

    /// In paragraph style `id`.
    pub fn style(self, id: &str) -> Self {
        Para(self.0.style(id))
    }

    /// Aligned as `align` says, against its style (`Default`: as the style says).
    pub fn align(self, align: Align) -> Self {
        let alignment = match align {
            Align::Default => return self,
            Align::Left => AlignmentType::Left,
            Align::Center => AlignmentType::Center,
            Align::Right => AlignmentType::Right,
        };
        Para(self.0.align(alignment))
    }

    /// Numbered by numbering instance `num_id` at list level `level`.
    pub fn numbered(self, num_id: usize, level: usize) -> Self {
        Para(self.0.numbering(NumberingId::new(num_id), IndentLevel::new(level)))
    }

    /// With a left indent of `twips`.
    pub fn indent_left(self, twips: i32) -> Self {
        Para(self.0.indent(Some(twips), None, None, None))
    }

    /// With a left indent of `hundredths` of a character (`w:leftChars`, which Word reads before the
    /// twips), `twips` for readers that do not.
    pub fn indent_left_chars(self, twips: i32, hundredths: i32) -> Self {
        Para(self.0.indent(Some(twips), None, None, Some(hundredths)))
    }

    /// Opens bookmark `id` named `name`.
    pub fn bookmark_start(self, id: usize, name: String) -> Self {
        Para(self.0.add_bookmark_start(id, name))
    }

    /// Closes bookmark `id`.
    pub fn bookmark_end(self, id: usize) -> Self {
        Para(self.0.add_bookmark_end(id))
    }

    /// With `run` added.
    pub fn run(self, run: Run) -> Self {
        Para(self.0.add_run(run.0))
    }

    /// With a line break (`w:br`) in a run of its own.
    pub fn line_break(self) -> Self {
        self.run(Run::new().line_break())
    }

    /// With a page break.
    pub fn page_break(self) -> Self {
        Para(self.0.add_run(docx_rs::Run::new().add_break(BreakType::Page)))
    }

    /// With the page number (a `PAGE` field).
    pub fn page_number(self) -> Self {
        Para(self.0.add_page_num(PageNum::new()))
    }

    /// With `link`, holding the runs of `content`.
    pub fn link(self, link: Link, content: Para) -> Self {
        let mut link = link.0;
        link.children = content.0.children;
        Para(self.0.add_hyperlink(link))
    }

    /// With the reference to footnote `id` (written by [`Body::footnote`]).
    pub fn footnote_reference(self, id: usize) -> Self {
        // The reference writes its id only: the note's paragraphs are written already.
        let note = Footnote { id, content: Vec::new() };
        Para(self.0.add_run(docx_rs::Run::new().add_footnote_reference(note)))
    }

    /// With a picture of `width_px` × `height_px` pixels shown `cx` × `cy` EMU large, its media part the
    /// relationship `rid` ([`Body::picture`]).
    pub fn picture(self, rid: String, (width_px, height_px): (u32, u32), (cx, cy): (u32, u32)) -> Self {
        // The bytes go into the media part from the body, once, not into every use's element.
        let pic = Pic::new_with_dimensions(Vec::new(), width_px, height_px).size(cx, cy).id(rid);
        Para(self.0.add_run(docx_rs::Run::new().add_image(pic)))
    }
}

/// A run being built.
#[derive(Debug)]
pub(super) struct Run(docx_rs::Run);

impl Run {
    /// An empty run.
    pub fn new() -> Self {
        Run(docx_rs::Run::new())
    }

    /// In character style `id`.
    pub fn style(self, id: &str) -> Self {
        Run(self.0.style(id))
    }

    /// Bold.
    pub fn bold(self) -> Self {
        Run(self.0.bold())
    }

    /// Italic.
    pub fn italic(self) -> Self {
        Run(self.0.italic())
    }

    /// Struck through.
    pub fn strike(self) -> Self {
        Run(self.0.strike())
    }

    /// Raised and smaller (`w:vertAlign superscript`).
    pub fn superscript(mut self) -> Self {
        self.0.run_property = self.0.run_property.vert_align(docx_rs::VertAlignType::SuperScript);
        self
    }

    /// Lowered and smaller (`w:vertAlign subscript`).
    pub fn subscript(mut self) -> Self {
        self.0.run_property = self.0.run_property.vert_align(docx_rs::VertAlignType::SubScript);
        self
    }

    /// With `text` (docx-rs escapes it and writes `xml:space="preserve"`).
    pub fn text(self, text: &str) -> Self {
        Run(self.0.add_text(text))
    }

    /// With a tab (`w:tab`).
    pub fn tab(self) -> Self {
        Run(self.0.add_tab())
    }

    /// With a line break (`w:br`).
    pub fn line_break(self) -> Self {
        Run(self.0.add_break(BreakType::TextWrapping))
    }
}

/// A hyperlink, to hold runs ([`Para::link`]).
#[derive(Debug)]
pub(super) struct Link(Hyperlink);

impl Link {
    /// A link to the bookmark `anchor`.
    pub fn internal(anchor: &str) -> Self {
        Link(Hyperlink::new(anchor, HyperlinkType::Anchor))
    }
}

/// One level of a list's numbering definition.
pub(super) struct ListLevel {
    /// `w:numFmt` (`decimal`, `bullet`…).
    pub format: &'static str,
    /// `w:lvlText` (`%1.`, `●`…).
    pub text: String,
    /// Left indent of the text, in twips.
    pub left: i32,
    /// How far the number hangs to the left of the text, in twips.
    pub hanging: i32,
}

/// Page margins, in twips.
pub(super) struct Margins {
    /// Top margin.
    pub top: i32,
    /// Bottom margin.
    pub bottom: i32,
    /// Left margin.
    pub left: i32,
    /// Right margin.
    pub right: i32,
    /// From the page's top edge to the header.
    pub header: i32,
    /// From the page's bottom edge to the footer.
    pub footer: i32,
}

/// The section: page, margins, grid and footers.
pub(super) struct Section {
    /// Page width, twips.
    pub width: u32,
    /// Page height, twips.
    pub height: u32,
    /// Margins.
    pub margins: Margins,
    /// The document grid's line pitch, twips.
    pub line_pitch: usize,
    /// The document grid's character space (`linesAndChars`), or none (`lines` only).
    pub char_space: Option<isize>,
    /// The footer's paragraph (of every page, or of odd pages when there is an even one).
    pub footer: Para,
    /// The even pages' footer paragraph, if they have their own.
    pub even_footer: Option<Para>,
}

/// Everything of the package but the body: numbering definitions and the section.
pub(super) struct Skeleton(Docx);

impl Skeleton {
    /// An empty document. docx-rs always writes abstract numbering 1 and numbering 1 (its default list).
    pub fn new() -> Self {
        Skeleton(Docx::new())
    }

    /// Adds abstract numbering `id` with `levels` (level 0 first).
    pub fn abstract_numbering(&mut self, id: usize, levels: Vec<ListLevel>) {
        let mut abs = AbstractNumbering::new(id);
        for (level, def) in levels.into_iter().enumerate() {
            let lvl = Level::new(
                level,
                Start::new(1),
                NumberFormat::new(def.format),
                LevelText::new(def.text),
                LevelJc::new("left"),
            )
            .indent(Some(def.left), Some(SpecialIndentType::Hanging(def.hanging)), None, None);
            abs = abs.add_level(lvl);
        }
        self.0 = std::mem::take(&mut self.0).add_abstract_numbering(abs);
    }

    /// Sets the section.
    pub fn section(&mut self, section: Section) {
        let m = &section.margins;
        let margin = PageMargin::new()
            .top(m.top)
            .bottom(m.bottom)
            .left(m.left)
            .right(m.right)
            .header(m.header)
            .footer(m.footer)
            .gutter(0);
        let grid = match section.char_space {
            Some(space) => DocGrid::new()
                .grid_type(DocGridType::LinesAndChars)
                .line_pitch(section.line_pitch)
                .char_space(space),
            None => DocGrid::new().grid_type(DocGridType::Lines).line_pitch(section.line_pitch),
        };
        let mut docx = std::mem::take(&mut self.0)
            .page_size(section.width, section.height)
            .page_margin(margin)
            .footer(Footer::new().add_paragraph(section.footer.0));
        if let Some(even) = section.even_footer {
            docx = docx.even_footer(Footer::new().add_paragraph(even.0));
        }
        docx.document.section_property = std::mem::take(&mut docx.document.section_property).doc_grid(grid);
        self.0 = docx;
    }
}

// ---- the body, streamed --------------------------------------------------------------------------------

/// The body as XML, fixed up as it is written, and what the package needs to know of it.
pub(super) struct Body<'a> {
    /// `word/document.xml` so far: docx-rs's opening of the part up to `<w:body>`, then the blocks.
    document: Vec<u8>,
    /// Length of the opening of `document`, which docx-rs's own build of the part must repeat (0: docx-rs
    /// wrote no [`BODY_OPEN`]).
    head_len: usize,
    /// The `w:footnote` elements written so far.
    footnotes: Vec<u8>,
    /// The `w:num` elements written so far, one per list (a list restarts its count): a document of many
    /// short lists has as many of these as paragraphs, and docx-rs holds some 3 KB for each.
    numberings: Vec<u8>,
    /// Alt text of each picture placed, in document order.
    picture_alts: Vec<String>,
    /// Pictures described so far by fix-up 5.
    pictures_described: usize,
    /// The media parts: id and bytes, each distinct content once, in order of first use.
    media: Vec<(String, &'a [u8])>,
    /// Media parts by length and CRC-32 of their bytes, to find equal content without comparing with all.
    media_by_content: BTreeMap<(usize, u32), Vec<usize>>,
    /// Media parts by the address and length of the bytes they were given: a resource used again is found
    /// without hashing its bytes again.
    media_by_source: BTreeMap<(usize, usize), usize>,
    /// Relationship id and target of each media part.
    image_relationships: Vec<(String, String)>,
    /// Relationship id, address and mode of each external hyperlink.
    hyperlinks: Vec<(String, String, String)>,
    /// Some paragraph is numbered: the document's relationships then name `numbering.xml`.
    numbered: bool,
    /// What docx-rs wrote in a form the splicing cannot take, if anything: the package would be broken.
    unexpected: Option<&'static str>,
}

impl<'a> Body<'a> {
    /// An empty body.
    pub fn new() -> Self {
        // The part's opening is fixed (declaration, namespaces, `<w:body>`): docx-rs's own, from an empty
        // document.
        let empty = docx_rs::Document::new().build();
        let head_len = memmem::find(&empty, BODY_OPEN).map_or(0, |at| at + BODY_OPEN.len());
        let mut document = Vec::with_capacity(64 * 1024);
        document.extend_from_slice(empty.get(..head_len).unwrap_or_default());
        Body {
            document,
            head_len,
            footnotes: Vec::new(),
            numberings: Vec::new(),
            picture_alts: Vec::new(),
            pictures_described: 0,
            media: Vec::new(),
            media_by_content: BTreeMap::new(),
            media_by_source: BTreeMap::new(),
            image_relationships: Vec::new(),
            hyperlinks: Vec::new(),
            numbered: false,
            unexpected: None,
        }
    }

    /// Appends body XML docx-rs wrote, fixed up (`header_row`: the XML is a table's header row).
    fn append(&mut self, xml: &[u8], header_row: bool) {
        let alts = &self.picture_alts;
        fix_document_into(xml, header_row, alts, &mut self.pictures_described, &mut self.document);
    }

    /// Writes a body paragraph.
    pub fn paragraph(&mut self, p: Para) {
        self.numbered |= p.0.has_numbering;
        self.append(&p.0.build(), false);
    }

    /// Opens a table in style `style`, `width` twips wide, of columns `grid` twips wide. Its rows follow with
    /// [`Body::table_row`], then [`Body::table_end`].
    pub fn table_start(&mut self, style: &str, width: usize, grid: Vec<usize>) {
        // No direct borders (docx-rs's `Table::new` writes its own): the table style draws them.
        let table =
            Table::without_borders(Vec::new()).style(style).width(width, WidthType::Dxa).set_grid(grid);
        let xml = table.build();
        match memmem::rfind(&xml, TABLE_CLOSE) {
            Some(at) => self.append(xml.get(..at).unwrap_or_default(), false),
            None => self.unexpected = Some("a table"),
        }
    }

    /// Writes a row of the table opened last: each cell `width` twips wide holding one paragraph. A header
    /// row is repeated on every page (fix-up 4).
    pub fn table_row(&mut self, cells: Vec<(usize, Para)>, header: bool) {
        let cells = cells
            .into_iter()
            .map(|(width, p)| TableCell::new().width(width, WidthType::Dxa).add_paragraph(p.0));
        let row = TableRow::new(cells.collect());
        self.numbered |= row.has_numbering;
        self.append(&row.build(), header);
    }

    /// Closes the table opened last.
    pub fn table_end(&mut self) {
        self.append(TABLE_CLOSE, false);
    }

    /// Writes footnote `id` of `paragraphs`, for `footnotes.xml`.
    pub fn footnote(&mut self, id: usize, paragraphs: Vec<Para>) {
        let note = Footnote { id, content: paragraphs.into_iter().map(|p| p.0).collect() };
        self.footnotes.extend_from_slice(&fix_footnote(&note.build()));
    }

    /// Writes numbering instance `num_id` of abstract numbering `abstract_id`, starting list level `level`
    /// at `start`, for `numbering.xml`.
    pub fn numbering(&mut self, num_id: usize, abstract_id: usize, level: usize, start: usize) {
        let numbering =
            Numbering::new(num_id, abstract_id).add_override(LevelOverride::new(level).start(start));
        self.numberings.extend_from_slice(&numbering.build());
    }

    /// A link to the web address `href`, the document's `n`-th (its relationship `rIdHyperlink{n}`).
    pub fn external_link(&mut self, n: usize, href: &str) -> Link {
        let mut link = Hyperlink::new(href, HyperlinkType::External);
        // docx-rs numbers link relationships from a process-wide counter: renumbered per document.
        if let HyperlinkData::External { rid, path } = &mut link.link {
            *rid = format!("rIdHyperlink{n}");
            self.hyperlinks.push((rid.clone(), path.clone(), "External".to_owned()));
        }
        Link(link)
    }

    /// Registers a picture of `bytes` whose preferred relationship id is `id`, with its alt text; returns
    /// the relationship id its [`Para::picture`] must carry. As docx-rs's media registry does: bytes equal
    /// to an earlier picture's are stored once, and the picture then uses that picture's relationship.
    pub fn picture(&mut self, id: String, bytes: &'a [u8], alt: String) -> String {
        self.picture_alts.push(alt);
        let source = (bytes.as_ptr() as usize, bytes.len());
        let index = match self.media_by_source.get(&source) {
            Some(&index) => index,
            None => {
                let content = (bytes.len(), libdeflater::crc32(bytes));
                let equal = self.media_by_content.get(&content).and_then(|candidates| {
                    candidates.iter().copied().find(|&i| self.media.get(i).is_some_and(|(_, m)| *m == bytes))
                });
                let index = equal.unwrap_or_else(|| {
                    let index = self.media.len();
                    self.media_by_content.entry(content).or_default().push(index);
                    self.image_relationships.push((id.clone(), format!("media/{id}.png")));
                    self.media.push((id.clone(), bytes));
                    index
                });
                self.media_by_source.insert(source, index);
                index
            }
        };
        self.media.get(index).map_or(id, |(first, _)| first.clone())
    }

    /// What `Docx::build` would have collected from the body, given to the skeleton `docx` before it is
    /// built; returns its document relationships, to replace the part docx-rs writes (which lists the
    /// pictures of the skeleton's empty body, none).
    fn prepare(&mut self, docx: &mut Docx) -> DocumentRels {
        if self.numbered {
            docx.document_rels.has_numberings = true;
        }
        if !self.footnotes.is_empty() {
            docx.content_type = std::mem::take(&mut docx.content_type).add_footnotes();
            docx.document_rels.has_footnotes = true;
        }
        let mut rels = docx.document_rels.clone();
        rels.images = std::mem::take(&mut self.image_relationships);
        rels.hyperlinks.append(&mut self.hyperlinks);
        rels
    }
}

// ---- the package ---------------------------------------------------------------------------------------

/// The parts written whole instead of docx-rs's (see `parts`).
pub(super) struct OwnParts {
    /// `word/styles.xml`.
    pub styles: Vec<u8>,
    /// `word/settings.xml`.
    pub settings: Vec<u8>,
    /// `docProps/core.xml`.
    pub core: Vec<u8>,
    /// `docProps/app.xml`.
    pub app: Vec<u8>,
    /// `word/fontTable.xml`.
    pub font_table: Vec<u8>,
}

/// The DOCX bytes of `skeleton` (everything but the body) with the streamed `body` and our own parts, the
/// container's entries dated `timestamp`.
pub(super) fn assemble(
    skeleton: Skeleton,
    mut body: Body,
    own: OwnParts,
    timestamp: Timestamp,
) -> Result<Vec<u8>, Error> {
    let unexpected =
        |part: &str| Error::backend("docx", format!("docx-rs wrote {part} in an unexpected form"));
    if let Some(what) = body.unexpected {
        return Err(unexpected(what));
    }
    let mut docx = skeleton.0;
    let relationships = body.prepare(&mut docx);
    let mut xml = docx.build();
    xml.document_rels = relationships.build();
    xml.styles = own.styles;
    xml.settings = own.settings;
    xml.doc_props.core = own.core;
    xml.doc_props.app = own.app;
    xml.font_table = own.font_table;
    if !body.numberings.is_empty() {
        // After docx-rs's own `w:num` (its default list), where docx-rs would have put them.
        xml.numberings = with_last_children(&xml.numberings, &body.numberings, NUMBERING_CLOSE)
            .ok_or_else(|| unexpected("numbering.xml"))?;
    }
    if !body.footnotes.is_empty() {
        xml.footnotes =
            with_children(&xml.footnotes, &body.footnotes).ok_or_else(|| unexpected("footnotes.xml"))?;
    }
    debug_assert_eq!(
        body.pictures_described,
        body.picture_alts.len(),
        "docx-rs no longer writes each picture's `wp:docPr` as `{}`",
        String::from_utf8_lossy(DOC_PR)
    );
    // The body goes where docx-rs's document of the section alone has none: after the part's opening,
    // which the body began with, and before the section properties.
    let mut document = std::mem::take(&mut body.document);
    let section = xml
        .document
        .get(body.head_len..)
        .filter(|_| body.head_len > 0 && xml.document.get(..body.head_len) == document.get(..body.head_len))
        .ok_or_else(|| unexpected("document.xml"))?;
    let mut described = 0;
    fix_document_into(section, false, &[], &mut described, &mut document);
    xml.document = order_section_properties(document);
    for part in xml.headers.iter_mut().chain(xml.footers.iter_mut()) {
        *part = drop_empty_paragraph_run_properties(part);
    }
    let renames =
        media_extensions(&mut xml, &body.media).ok_or_else(|| unexpected("the media's relationships"))?;
    xml.document_rels = sort_relationships(&xml.document_rels);
    write_container(xml, &body.media, timestamp, &renames).map_err(|e| Error::backend("docx", e))
}

/// The part `empty`, an element written without children (`<root … />`), with `children` inside it: as
/// docx-rs writes the element when it has children (`<root …>children</root>`).
fn with_children(empty: &[u8], children: &[u8]) -> Option<Vec<u8>> {
    let open = empty.strip_suffix(b" />")?;
    let root_at = memchr::memrchr(b'<', open)?;
    let name_end = open.get(root_at + 1..)?.iter().position(|&b| b == b' ').map(|n| root_at + 1 + n)?;
    let name = open.get(root_at + 1..name_end)?;
    let mut out = Vec::with_capacity(open.len() + children.len() + name.len() + 4);
    out.extend_from_slice(open);
    out.push(b'>');
    out.extend_from_slice(children);
    out.extend_from_slice(b"</");
    out.extend_from_slice(name);
    out.push(b'>');
    Some(out)
}

/// The part `xml`, which ends with the end tag `close`, with `children` before that tag.
fn with_last_children(xml: &[u8], children: &[u8], close: &[u8]) -> Option<Vec<u8>> {
    let open = xml.strip_suffix(close)?;
    let mut out = Vec::with_capacity(xml.len() + children.len());
    out.extend_from_slice(open);
    out.extend_from_slice(children);
    out.extend_from_slice(close);
    Some(out)
}

/// A footnote element as docx-rs writes it, finished: its number mark (fix-up 2) and no empty paragraph run
/// properties (fix-up 1).
fn fix_footnote(xml: &[u8]) -> Vec<u8> {
    drop_empty_paragraph_run_properties(&add_footnote_marks(xml))
}

/// Fix-up 1: [`EMPTY_PPR`] → `<w:pPr>` throughout a part (headers, footers, footnotes). An empty `w:rPr`
/// says nothing, and dropping it puts `w:pStyle` first, where strict readers expect it.
fn drop_empty_paragraph_run_properties(xml: &[u8]) -> Vec<u8> {
    debug_assert_eq!(
        memmem::find_iter(xml, PPR).count(),
        memmem::find_iter(xml, EMPTY_PPR).count(),
        "docx-rs no longer opens every `w:pPr` with an empty `w:rPr`"
    );
    let mut out = Vec::with_capacity(xml.len());
    let mut copied = 0;
    for at in memmem::find_iter(xml, EMPTY_PPR) {
        out.extend_from_slice(xml.get(copied..at).unwrap_or_default());
        out.extend_from_slice(PPR);
        copied = at + EMPTY_PPR.len();
    }
    out.extend_from_slice(xml.get(copied..).unwrap_or_default());
    out
}

/// The body's fix-ups in one pass over a piece of `word/document.xml` (whole blocks or table rows, as the
/// body streams), appended to `out`, tag by tag, rather than a pass, a UTF-8 check and a copy each:
/// - fix-up 1: [`EMPTY_PPR`] becomes `<w:pPr>`;
/// - fix-up 4: in a header row (`header_row`: the piece is one), the empty `<w:trPr />` becomes
///   `<w:trPr><w:tblHeader /></w:trPr>`;
/// - fix-up 5: when there are alt texts, the n-th [`DOC_PR`] of the part gets the id n and the n-th alt
///   text as its description (what screen readers and Word's “Alt Text” pane show); `described` counts
///   them across pieces.
fn fix_document_into(
    xml: &[u8],
    header_row: bool,
    alts: &[String],
    described: &mut usize,
    out: &mut Vec<u8>,
) {
    // `xml[..copied]` is in `out`; tags are looked for from `at`.
    let mut copied = 0;
    let mut at = 0;
    // A header row whose `<w:trPr />` is still to be marked.
    let mut header_pending = header_row;
    while let Some(found) = xml.get(at..).and_then(|rest| memchr::memchr(b'<', rest)) {
        let start = at + found;
        let tag = xml.get(start..).unwrap_or_default();
        let replaced: Option<(usize, std::borrow::Cow<[u8]>)> = if tag.starts_with(EMPTY_PPR) {
            Some((EMPTY_PPR.len(), PPR.into()))
        } else if header_pending && tag.starts_with(EMPTY_TR_PR) {
            header_pending = false;
            Some((EMPTY_TR_PR.len(), HEADER_TR_PR.into()))
        } else if !alts.is_empty() && tag.starts_with(DOC_PR) {
            let alt = alts.get(*described).map_or(String::new(), |a| xml_escape(a));
            *described += 1;
            let n = *described;
            let with_alt = format!(r#"<wp:docPr id="{n}" name="Picture {n}" descr="{alt}" />"#);
            Some((DOC_PR.len(), with_alt.into_bytes().into()))
        } else {
            debug_assert!(!tag.starts_with(PPR), "docx-rs no longer opens `w:pPr` with an empty `w:rPr`");
            None
        };
        match replaced {
            Some((len, with)) => {
                out.extend_from_slice(xml.get(copied..start).unwrap_or_default());
                out.extend_from_slice(&with);
                at = start + len;
                copied = at;
            }
            None => at = start + 1,
        }
    }
    debug_assert!(!header_pending, "docx-rs no longer writes a row's empty properties as `<w:trPr />`");
    out.extend_from_slice(xml.get(copied..).unwrap_or_default());
}

/// Fix-up 6: puts the body's `w:sectPr` children in ECMA-376 sequence: docx-rs writes the header and footer
/// references and `w:titlePg` after `w:docGrid`, but they come first (references) and just before it.
/// The body's section properties are its last element, so only the part's tail is read and rewritten.
fn order_section_properties(mut xml: Vec<u8>) -> Vec<u8> {
    const OPEN: &[u8] = b"<w:sectPr>";
    const CLOSE: &[u8] = b"</w:sectPr>";
    let unexpected = |xml| {
        debug_assert!(false, "docx-rs no longer writes `w:sectPr` as a list of self-closed children");
        xml
    };
    let (Some(start), Some(end)) = (memmem::rfind(&xml, OPEN), memmem::rfind(&xml, CLOSE)) else {
        return unexpected(xml);
    };
    let inner_start = start + OPEN.len();
    let Some(inner) = xml.get(inner_start..end).and_then(|inner| std::str::from_utf8(inner).ok()) else {
        return unexpected(xml);
    };
    let mut references = Vec::new();
    let mut others = Vec::new();
    let mut title_page = false;
    let mut rest = inner;
    while let Some(open) = rest.find('<') {
        // Every child docx-rs writes here is self-closed.
        let Some(close) = rest[open..].find("/>").map(|c| open + c + 2) else { return unexpected(xml) };
        let element = &rest[open..close];
        if element.starts_with("<w:headerReference") || element.starts_with("<w:footerReference") {
            references.push(element);
        } else if element.starts_with("<w:titlePg") {
            title_page = true;
        } else {
            others.push(element);
        }
        rest = &rest[close..];
    }
    if !rest.trim().is_empty() {
        return unexpected(xml);
    }
    // Headers before footers; their relative order otherwise as written.
    references.sort_by_key(|r| r.starts_with("<w:footerReference"));
    let mut ordered = String::with_capacity(inner.len() + 16);
    for r in references {
        ordered.push_str(r);
    }
    for element in others {
        if title_page && element.starts_with("<w:docGrid") {
            ordered.push_str("<w:titlePg />");
        }
        ordered.push_str(element);
    }
    xml.splice(inner_start..end, ordered.into_bytes());
    xml
}

/// Fix-up 5, media parts holding JPEG or GIF: docx-rs names them all `.png`. Points the relationships at the
/// right extension, declares its content type, and returns the (old, new) part names for
/// [`write_container`]; `None` if the relationships or content types are not as docx-rs writes them.
fn media_extensions(xml: &mut XMLDocx, media: &[(String, &[u8])]) -> Option<Vec<(String, String)>> {
    let mut renames = Vec::new();
    let mut kinds: Vec<crate::image::Kind> = Vec::new();
    let mut rels = String::from_utf8(xml.document_rels.clone()).ok()?;
    let mut types = String::from_utf8(xml.content_type.clone()).ok()?;
    for (id, bytes) in media {
        let Some(kind) = image::media_kind(bytes).filter(|k| *k != crate::image::Kind::Png) else {
            continue;
        };
        let ext = kind.extension();
        let target = format!(r#"Target="media/{id}.png""#);
        if !rels.contains(&target) {
            return None;
        }
        rels = rels.replace(&target, &format!(r#"Target="media/{id}.{ext}""#));
        renames.push((format!("word/media/{id}.png"), format!("word/media/{id}.{ext}")));
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    if !kinds.is_empty() {
        let at = types.find("<Default ")?;
        for kind in kinds {
            let decl = format!(
                r#"<Default Extension="{}" ContentType="{}" />"#,
                kind.extension(),
                kind.media_type()
            );
            types.insert_str(at, &decl);
        }
    }
    xml.document_rels = rels.into_bytes();
    xml.content_type = types.into_bytes();
    Some(renames)
}

/// Fix-up 2: inserts [`FOOTNOTE_MARK`] at the start of the first paragraph of every footnote (after its
/// `w:pPr`), where Word expects the note's number.
fn add_footnote_marks(xml: &[u8]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(xml) else { return xml.to_vec() };
    let mut out = String::with_capacity(text.len() + 256);
    let mut rest = text;
    while let Some(start) = rest.find("<w:footnote ") {
        let (before, from_note) = rest.split_at(start);
        out.push_str(before);
        let end_of_note = from_note.find("</w:footnote>");
        // The first paragraph's properties end at the first `</w:pPr>` (or a self-closed `<w:pPr />`),
        // looked for inside this note only: searching the rest of the part for each note is quadratic.
        let note = from_note.get(..end_of_note.unwrap_or(0)).unwrap_or_default();
        let end_of_ppr = match (note.find("</w:pPr>"), note.find("<w:pPr />")) {
            (Some(close), _) => Some(close + "</w:pPr>".len()),
            (None, Some(empty)) => Some(empty + "<w:pPr />".len()),
            (None, None) => None,
        };
        match (end_of_ppr, end_of_note) {
            (Some(at), Some(note_end)) if at < note_end => {
                let (head, tail) = from_note.split_at(at);
                out.push_str(head);
                out.push_str(FOOTNOTE_MARK);
                rest = tail;
            }
            _ => {
                debug_assert!(false, "docx-rs no longer writes a footnote's paragraph properties");
                out.push_str("<w:footnote ");
                rest = from_note.get("<w:footnote ".len()..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out.into_bytes()
}

/// Fix-up 3: sorts the `<Relationship …/>` elements of a relationships part, and drops exact duplicates, so
/// that their order no longer depends on docx-rs's `HashMap` iteration.
fn sort_relationships(xml: &[u8]) -> Vec<u8> {
    let unexpected = || {
        debug_assert!(false, "docx-rs no longer writes relationships as self-closed elements");
        xml.to_vec()
    };
    let Ok(text) = std::str::from_utf8(xml) else { return unexpected() };
    let (Some(first), Some(close)) = (text.find("<Relationship "), text.rfind("</Relationships>")) else {
        return unexpected();
    };
    let (head, rest) = text.split_at(first);
    let (body, tail) = rest.split_at(close - first);
    let mut items: Vec<&str> = Vec::new();
    let mut remaining = body;
    while let Some(start) = remaining.find("<Relationship ") {
        let from = remaining.get(start..).unwrap_or("");
        let Some(end) = from.find("/>") else { return unexpected() };
        let (item, after) = from.split_at(end + 2);
        items.push(item);
        remaining = after;
    }
    if !remaining.trim().is_empty() {
        // Something other than self-closed relationships: leave the part as docx-rs wrote it.
        return unexpected();
    }
    items.sort_unstable();
    items.dedup();
    let mut out = String::with_capacity(text.len());
    out.push_str(head);
    for item in items {
        out.push_str(item);
    }
    out.push_str(tail);
    out.into_bytes()
}

/// The names and bytes of the parts, as docx-rs's `XMLDocx::pack` gives them (its `zipper::zip`: same names,
/// same order; its directory entries left out, as OPC has no folders; media parts renamed as `renames`
/// says).
fn part_list<'x>(
    xml: &'x XMLDocx,
    media: &[(String, &'x [u8])],
    renames: &[(String, String)],
) -> Vec<(String, &'x [u8])> {
    let mut parts: Vec<(String, &[u8])> = vec![
        ("[Content_Types].xml".into(), &xml.content_type),
        ("_rels/.rels".into(), &xml.rels),
        ("docProps/app.xml".into(), &xml.doc_props.app),
        ("docProps/core.xml".into(), &xml.doc_props.core),
        ("docProps/custom.xml".into(), &xml.doc_props.custom),
        ("word/_rels/document.xml.rels".into(), &xml.document_rels),
        ("word/document.xml".into(), &xml.document),
        ("word/styles.xml".into(), &xml.styles),
        ("word/settings.xml".into(), &xml.settings),
        ("word/fontTable.xml".into(), &xml.font_table),
        ("word/comments.xml".into(), &xml.comments),
        ("word/numbering.xml".into(), &xml.numberings),
        ("word/commentsExtended.xml".into(), &xml.comments_extended),
        ("word/footnotes.xml".into(), &xml.footnotes),
    ];
    for (kind, bodies, rels) in
        [("header", &xml.headers, &xml.header_rels), ("footer", &xml.footers, &xml.footer_rels)]
    {
        for (i, body) in bodies.iter().enumerate() {
            let n = i + 1;
            parts.push((format!("word/{kind}{n}.xml"), body));
            if let Some(rels) = rels.get(i) {
                parts.push((format!("word/_rels/{kind}{n}.xml.rels"), rels));
            }
        }
    }
    for &(ref id, data) in media {
        let name = format!("word/media/{id}.png");
        let name = renames.iter().find(|(old, _)| *old == name).map_or(name, |(_, new)| new.clone());
        parts.push((name, data));
    }
    if let Some(taskpanes) = &xml.taskpanes {
        parts.push(("word/webextensions/taskpanes.xml".into(), taskpanes));
        parts.push(("word/webextensions/_rels/taskpanes.xml.rels".into(), &xml.taskpanes_rels));
        for (i, extension) in xml.web_extensions.iter().enumerate() {
            parts.push((format!("word/webextensions/webextension{}.xml", i + 1), extension));
        }
    }
    for (i, item) in xml.custom_items.iter().enumerate() {
        let n = i + 1;
        if let Some(rels) = xml.custom_item_rels.get(i) {
            parts.push((format!("customXml/_rels/item{n}.xml.rels"), rels));
        }
        parts.push((format!("customXml/item{n}.xml"), item));
        if let Some(props) = xml.custom_item_props.get(i) {
            parts.push((format!("customXml/itemProps{n}.xml"), props));
        }
    }
    parts
}

/// Fix-up 7: writes the parts ([`part_list`]) every one deflated, dated `timestamp` and given mode 0644 —
/// so the bytes depend on the content only (docx-rs's own zip stores them with mode 0755 and the writer's
/// time, and reading it back cost more than writing it).
fn write_container(
    xml: XMLDocx,
    media: &[(String, &[u8])],
    timestamp: Timestamp,
    renames: &[(String, String)],
) -> Result<Vec<u8>, String> {
    let parts = part_list(&xml, media, renames);
    let when = crate::backend::container::zip_time(timestamp);
    let capacity = parts.iter().map(|(_, data)| data.len()).sum();
    let mut out = Container::new(capacity, when.datepart(), when.timepart());
    for (name, data) in &parts {
        out.add(name, data, Method::Deflated(6))?;
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn text(xml: &[u8]) -> String {
        String::from_utf8(xml.to_vec()).expect("utf-8")
    }

    fn contains(xml: &[u8], needle: &[u8]) -> bool {
        memmem::find(xml, needle).is_some()
    }

    /// A paragraph as the body builder makes them.
    fn styled(n: u32, text: &str) -> Para {
        Para::new(n).style("Normal").run(Run::new().text(text))
    }

    /// A skeleton as the body builder finishes it: a list definition, a section with odd and even footers.
    fn skeleton() -> Skeleton {
        let mut skeleton = Skeleton::new();
        let level = |l: i32| ListLevel {
            format: "decimal",
            text: format!("%{}.", l + 1),
            left: 640 * (l + 1),
            hanging: 640,
        };
        skeleton.abstract_numbering(2, (0..2).map(level).collect());
        skeleton.section(Section {
            width: 11906,
            height: 16838,
            margins: Margins { top: 2098, bottom: 1984, left: 1587, right: 1474, header: 850, footer: 992 },
            line_pitch: 579,
            char_space: Some(0),
            footer: Para::new(90).style("FooterOdd").page_number(),
            even_footer: Some(Para::new(91).style("FooterEven").page_number()),
        });
        skeleton
    }

    #[test]
    fn docx_rs_writes_the_parts_the_body_is_spliced_into() {
        // Fix-up 0: the opening of `document.xml`, repeated by the skeleton's own build.
        let empty = docx_rs::Document::new().build();
        assert!(contains(&empty, BODY_OPEN), "{}", text(&empty));
        let body = Body::new();
        assert!(body.head_len > 0);
        let xml = skeleton().0.build();
        assert_eq!(xml.document.get(..body.head_len), body.document.get(..body.head_len));
        // …a table's end tag, last, before which its rows go…
        let table = Table::without_borders(Vec::new()).style("TableGrid").build();
        assert!(table.ends_with(TABLE_CLOSE), "{}", text(&table));
        // …`numbering.xml` ending with its end tag, and `footnotes.xml` an empty element.
        assert!(xml.numberings.ends_with(NUMBERING_CLOSE), "{}", text(&xml.numberings));
        assert!(xml.footnotes.ends_with(b" />"), "{}", text(&xml.footnotes));
        let filled = with_children(&xml.footnotes, b"<w:footnote w:id=\"1\"></w:footnote>").expect("fills");
        assert!(
            text(&filled).ends_with("><w:footnote w:id=\"1\"></w:footnote></w:footnotes>"),
            "{}",
            text(&filled)
        );
    }

    #[test]
    fn docx_rs_opens_paragraph_properties_with_empty_run_properties() {
        let raw = styled(1, "正文").0.build();
        assert!(contains(&raw, b"<w:pPr><w:rPr /><w:pStyle w:val=\"Normal\" />"), "{}", text(&raw));
        let mut body = Body::new();
        body.paragraph(styled(1, "正文"));
        let fixed = text(&body.document);
        assert!(
            fixed.contains("<w:pPr><w:pStyle w:val=\"Normal\" />") && !fixed.contains("<w:pPr><w:rPr />"),
            "{fixed}"
        );
        let footer = drop_empty_paragraph_run_properties(&raw);
        assert!(!contains(&footer, EMPTY_PPR) && contains(&footer, b"<w:pPr><w:pStyle"));
    }

    #[test]
    fn docx_rs_writes_footnotes_without_their_mark() {
        let raw = Footnote { id: 1, content: vec![styled(2, "注文").0] }.build();
        let raw_text = text(&raw);
        assert!(raw_text.starts_with("<w:footnote ") && raw_text.contains("</w:pPr>"), "{raw_text}");
        assert!(!raw_text.contains("w:footnoteRef"), "docx-rs writes the mark itself now: {raw_text}");
        let fixed = text(&fix_footnote(&raw));
        let expected = format!("<w:pStyle w:val=\"Normal\" /></w:pPr>{FOOTNOTE_MARK}<w:r>");
        assert!(fixed.contains(&expected), "{fixed}");
        assert_eq!(fixed.matches("w:footnoteRef").count(), 1);
    }

    #[test]
    fn docx_rs_writes_relationships_as_self_closed_elements() {
        let mut body = Body::new();
        let links: Vec<Link> =
            (1..=3).rev().map(|n| body.external_link(n, &format!("https://example.com/{n}?a&b"))).collect();
        let mut p = Para::new(1);
        for link in links {
            p = p.link(link, Para::scratch().run(Run::new().text("链接")));
        }
        body.paragraph(p);
        let mut docx = skeleton().0;
        let raw = body.prepare(&mut docx).build();
        let raw_text = text(&raw);
        assert!(raw_text.contains("<Relationship ") && raw_text.ends_with("</Relationships>"), "{raw_text}");
        assert_eq!(raw_text.matches("<Relationship ").count(), raw_text.matches("/>").count(), "{raw_text}");
        assert!(raw_text.contains(r#"Target="https://example.com/1?a&amp;b""#), "{raw_text}");
        let sorted = text(&sort_relationships(&raw));
        let at = |id: &str| sorted.find(&format!("Id=\"{id}\"")).unwrap_or_else(|| panic!("{id}: {sorted}"));
        assert!(at("rIdHyperlink1") < at("rIdHyperlink2") && at("rIdHyperlink2") < at("rIdHyperlink3"));
        assert_eq!(sorted.len(), raw.len());
        // The unit case: sorted and deduplicated.
        let xml = br#"<?xml version="1.0"?><Relationships xmlns="x"><Relationship Id="b" /><Relationship Id="a" /><Relationship Id="b" /></Relationships>"#;
        assert_eq!(
            text(&sort_relationships(xml)),
            r#"<?xml version="1.0"?><Relationships xmlns="x"><Relationship Id="a" /><Relationship Id="b" /></Relationships>"#
        );
    }

    #[test]
    fn docx_rs_writes_rows_with_empty_properties() {
        let cells = || vec![(1000, styled(1, "甲")), (1000, styled(2, "乙"))];
        let raw = TableRow::new(
            cells()
                .into_iter()
                .map(|(w, p)| TableCell::new().width(w, WidthType::Dxa).add_paragraph(p.0))
                .collect(),
        )
        .build();
        assert!(raw.starts_with(b"<w:tr>") && contains(&raw, EMPTY_TR_PR), "{}", text(&raw));
        let mut body = Body::new();
        body.table_start("TableGrid", 2000, vec![1000, 1000]);
        body.table_row(cells(), true);
        body.table_row(cells(), false);
        body.table_end();
        let fixed = text(&body.document[body.head_len..]);
        assert_eq!(fixed.matches("<w:trPr><w:tblHeader /></w:trPr>").count(), 1, "{fixed}");
        assert!(fixed.find("<w:tblHeader />") < fixed.rfind("<w:trPr />"), "only the header row: {fixed}");
        assert!(fixed.starts_with("<w:tbl>") && fixed.ends_with("</w:tr></w:tbl>"), "{fixed}");
    }

    #[test]
    fn docx_rs_writes_every_picture_as_figure_1() {
        let picture = |rid: &str| Para::new(1).picture(rid.to_owned(), (40, 30), (381_000, 285_750));
        let raw = picture("rIdImage1").0.build();
        assert!(contains(&raw, DOC_PR), "{}", text(&raw));
        let mut body = Body::new();
        let png: &[u8] = b"\x89PNG\r\n\x1a\n";
        let first = body.picture("rIdImage1".to_owned(), png, "猫 & 狗".to_owned());
        body.paragraph(picture(&first));
        let again = body.picture("rIdImage2".to_owned(), png, String::new());
        assert_eq!(again, "rIdImage1", "equal bytes, one media part");
        body.paragraph(picture(&again));
        let fixed = text(&body.document[body.head_len..]);
        assert!(fixed.contains(r#"<wp:docPr id="1" name="Picture 1" descr="猫 &amp; 狗" />"#), "{fixed}");
        assert!(fixed.contains(r#"<wp:docPr id="2" name="Picture 2" descr="" />"#), "{fixed}");
        assert_eq!(body.pictures_described, 2);
        // Without alt texts, pictures stay as docx-rs wrote them.
        let (mut out, mut described) = (Vec::new(), 0);
        fix_document_into(DOC_PR, false, &[], &mut described, &mut out);
        assert_eq!(out, DOC_PR);
    }

    #[test]
    fn docx_rs_names_every_media_part_png() {
        let mut body = Body::new();
        let jpeg: &[u8] = b"\xFF\xD8\xFF\xE0jpeg";
        let rid = body.picture("rIdImage1".to_owned(), jpeg, String::new());
        body.paragraph(Para::new(1).picture(rid, (4, 3), (38_100, 28_575)));
        let mut docx = skeleton().0;
        let rels = body.prepare(&mut docx).build();
        let mut xml = docx.build();
        xml.document_rels = rels;
        assert!(
            contains(&xml.document_rels, br#"Target="media/rIdImage1.png""#),
            "{}",
            text(&xml.document_rels)
        );
        assert!(contains(&xml.content_type, b"<Default "), "{}", text(&xml.content_type));
        let renames = media_extensions(&mut xml, &body.media).expect("renamed");
        assert_eq!(renames, [("word/media/rIdImage1.png".to_owned(), "word/media/rIdImage1.jpg".to_owned())]);
        assert!(contains(&xml.document_rels, br#"Target="media/rIdImage1.jpg""#));
        assert!(
            contains(&xml.content_type, br#"<Default Extension="jpg" ContentType="image/jpeg" />"#),
            "{}",
            text(&xml.content_type)
        );
        // Relationships not as docx-rs writes them: no renaming that would break the reference.
        xml.document_rels = b"<Relationships/>".to_vec();
        assert!(media_extensions(&mut xml, &body.media).is_none());
    }

    #[test]
    fn docx_rs_writes_section_references_after_the_grid() {
        let raw = text(&skeleton().0.build().document);
        let section = &raw[raw.rfind("<w:sectPr>").expect("a section")..];
        let grid = section.find("<w:docGrid").expect("a grid");
        assert!(section.find("<w:footerReference").is_some_and(|f| f > grid), "{section}");
        let ordered = text(&order_section_properties(raw.clone().into_bytes()));
        let section = &ordered[ordered.rfind("<w:sectPr>").expect("a section")..];
        assert!(section.starts_with("<w:sectPr><w:footerReference"), "{section}");
        assert_eq!(ordered.len(), raw.len());
        // The unit case, with a header and a title page.
        let xml = br#"<w:body><w:sectPr><w:pgSz /><w:docGrid /><w:footerReference a="1" /><w:headerReference b="2" /><w:titlePg /></w:sectPr></w:body>"#;
        assert_eq!(
            text(&order_section_properties(xml.to_vec())),
            r#"<w:body><w:sectPr><w:headerReference b="2" /><w:footerReference a="1" /><w:pgSz /><w:titlePg /><w:docGrid /></w:sectPr></w:body>"#
        );
    }

    #[test]
    fn the_container_holds_what_docx_rs_would_pack() {
        let xml = skeleton().0.build();
        let mut packed = std::io::Cursor::new(Vec::new());
        skeleton().0.build().pack(&mut packed).expect("docx-rs packs");
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(packed.into_inner())).expect("a zip");
        let theirs: Vec<String> = (0..archive.len())
            .filter_map(|i| {
                let file = archive.by_index(i).expect("entry");
                (!file.is_dir()).then(|| file.name().to_owned())
            })
            .collect();
        let ours: Vec<String> = part_list(&xml, &[], &[]).into_iter().map(|(name, _)| name).collect();
        assert_eq!(ours, theirs);
        // …written with one time and content alone.
        let bytes = write_container(xml, &[], Timestamp::DEFAULT, &[]).expect("writes");
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
        let mut document = String::new();
        archive.by_name("word/document.xml").expect("document").read_to_string(&mut document).expect("reads");
        assert!(document.contains("<w:body>"));
    }

    #[test]
    fn the_streamed_body_is_what_docx_rs_would_write() {
        // The same body through docx-rs's own `Docx::build` and through `Body`, fix-ups applied to both.
        let blocks = || {
            vec![
                styled(1, "一、标题"),
                Para::new(2).style("List").numbered(2, 0).run(Run::new().text("条目")),
                Para::new(3).style("Normal").line_break().page_break(),
            ]
        };
        let note = || vec![Para::new(50).style("FootnoteText").run(Run::new().text("注"))];
        let mut body = Body::new();
        body.numbering(2, 2, 0, 3);
        for p in blocks() {
            body.paragraph(p);
        }
        body.footnote(1, note());
        body.paragraph(Para::new(4).style("Normal").footnote_reference(1));
        // docx-rs's own way: the reference carries the note, which `Docx::build` collects.
        let mut whole =
            skeleton().0.add_numbering(Numbering::new(2, 2).add_override(LevelOverride::new(0).start(3)));
        for p in blocks() {
            whole = whole.add_paragraph(p.0);
        }
        let note = Footnote { id: 1, content: note().into_iter().map(|p| p.0).collect() };
        let reference = docx_rs::Run::new().add_footnote_reference(note);
        whole = whole.add_paragraph(Para::new(4).style("Normal").0.add_run(reference));
        let theirs = whole.build();
        let ours = assemble(
            skeleton(),
            body,
            OwnParts { styles: vec![], settings: vec![], core: vec![], app: vec![], font_table: vec![] },
            Timestamp::DEFAULT,
        )
        .expect("assembles");
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(ours)).expect("a zip");
        let mut part = |name: &str| {
            let mut s = String::new();
            archive.by_name(name).expect(name).read_to_string(&mut s).expect("reads");
            s
        };
        let mut document = Vec::new();
        fix_document_into(&theirs.document, false, &[], &mut 0, &mut document);
        assert_eq!(part("word/document.xml"), text(&order_section_properties(document)));
        assert_eq!(part("word/numbering.xml"), text(&theirs.numberings));
        assert_eq!(
            part("word/footnotes.xml"),
            text(&drop_empty_paragraph_run_properties(&add_footnote_marks(&theirs.footnotes)))
        );
        assert_eq!(part("word/_rels/document.xml.rels"), text(&sort_relationships(&theirs.document_rels)));
        assert_eq!(part("[Content_Types].xml"), text(&theirs.content_type));
    }

    #[test]
    fn a_missing_anchor_is_reported() {
        // Where the package would break: an error.
        let mut body = Body::new();
        body.unexpected = Some("a table");
        let own =
            || OwnParts { styles: vec![], settings: vec![], core: vec![], app: vec![], font_table: vec![] };
        assert!(assemble(skeleton(), body, own(), Timestamp::DEFAULT).is_err());
        let mut body = Body::new();
        body.head_len = 0;
        assert!(assemble(skeleton(), body, own(), Timestamp::DEFAULT).is_err());
        // Where only docx-rs's flaw would stay: a debug assertion.
        if cfg!(debug_assertions) {
            let panics = |f: fn()| std::panic::catch_unwind(f).is_err();
            assert!(panics(|| {
                drop_empty_paragraph_run_properties(br#"<w:p><w:pPr><w:pStyle w:val="x" /></w:pPr></w:p>"#);
            }));
            assert!(panics(|| {
                fix_document_into(
                    b"<w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr>",
                    true,
                    &[],
                    &mut 0,
                    &mut Vec::new(),
                );
            }));
            assert!(panics(|| {
                add_footnote_marks(br#"<w:footnote w:id="1"><w:p></w:p></w:footnote>"#);
            }));
            assert!(panics(|| {
                sort_relationships(b"<Relationships></Relationships>");
            }));
            assert!(panics(|| {
                order_section_properties(b"<w:sectPr><w:pgSz></w:pgSz></w:sectPr>".to_vec());
            }));
        }
    }
}
