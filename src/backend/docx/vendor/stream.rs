//! The body, streamed: [`Body`] writes each block as XML as soon as it is built and drops it, fixed up on
//! the way ([`fix_document_into`]), and collects what `Docx::build` would have collected from a whole body
//! (footnotes, numbering instances, hyperlink and picture relationships, media parts), with docx-rs's rules.

use super::elements::{Link, Para};
use super::fixups::{add_right_chars, drop_empty_paragraph_run_properties, fix_document_into, fix_footnote};
use super::heads::{section_end, Heads};
use super::order::in_schema_order;
use super::{BODY_OPEN, TABLE_CLOSE};
use docx_rs::{
    BorderType, BuildXML, DocumentRels, Docx, Footnote, Hyperlink, HyperlinkData, HyperlinkType,
    LevelOverride, Numbering, Table, TableCell, TableCellBorder, TableCellBorderPosition, TableCellBorders,
    TableCellMargins, TablePositionProperty, TableRow, WidthType,
};

/// A row of a [`Body::foot_table`]: its cells (width in twips, paragraph) and the rules above and below it,
/// in eighths of a point.
pub(in crate::backend::docx) struct RuledRow {
    /// The cells, left to right.
    pub cells: Vec<(usize, Para)>,
    /// The rule above the row.
    pub above: usize,
    /// The rule below it, if any (the last row's).
    pub below: Option<usize>,
}
use memchr::memmem;
use std::collections::BTreeMap;

/// The body as XML, fixed up as it is written, and what the package needs to know of it.
pub(in crate::backend::docx) struct Body<'a> {
    /// `word/document.xml` so far: docx-rs's opening of the part up to `<w:body>`, then the blocks.
    pub(super) document: Vec<u8>,
    /// Length of the opening of `document`, which docx-rs's own build of the part must repeat (0: docx-rs
    /// wrote no [`BODY_OPEN`]).
    pub(super) head_len: usize,
    /// The `w:footnote` elements written so far.
    pub(super) footnotes: Vec<u8>,
    /// The `w:num` elements written so far, one per list (a list restarts its count): a document of many
    /// short lists has as many of these as paragraphs, and docx-rs holds some 3 KB for each.
    pub(super) numberings: Vec<u8>,
    /// Alt text of each picture placed, in document order.
    pub(super) picture_alts: Vec<String>,
    /// Pictures described so far by fix-up 5.
    pub(super) pictures_described: usize,
    /// The media parts: id and bytes, each distinct content once, in order of first use.
    pub(super) media: Vec<(String, &'a [u8])>,
    /// Media parts by length and CRC-32 of their bytes, to find equal content without comparing with all.
    pub(super) media_by_content: BTreeMap<(usize, u32), Vec<usize>>,
    /// Media parts by the address and length of the bytes they were given: a resource used again is found
    /// without hashing its bytes again.
    pub(super) media_by_source: BTreeMap<(usize, usize), usize>,
    /// Relationship id and target of each media part.
    pub(super) image_relationships: Vec<(String, String)>,
    /// Relationship id, address and mode of each external hyperlink.
    pub(super) hyperlinks: Vec<(String, String, String)>,
    /// Some paragraph is numbered: the document's relationships then name `numbering.xml`.
    pub(super) numbered: bool,
    /// What docx-rs wrote in a form the splicing cannot take, if anything: the package would be broken.
    pub(super) unexpected: Option<&'static str>,
    /// The running heads, one section per chapter, if the document has them.
    pub(super) heads: Option<Heads>,
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
            heads: None,
        }
    }

    /// Gives the document running heads (see [`heads`](super::heads)): even pages name `book` (the chapter
    /// when there is none), odd pages the chapter, from [`Body::chapter`] on, each chapter on a recto page
    /// when `recto`; `folio` is the footer paragraph of a chapter's opening page.
    pub fn running_heads(&mut self, book: Option<String>, title_page: bool, recto: bool, folio: Para) {
        let folio = drop_empty_paragraph_run_properties(&folio.0.build());
        self.heads = Some(Heads::new(book, title_page, recto, folio));
    }

    /// Opens every chapter on a recto page, in a section of its own, for a style without running heads.
    pub fn recto_sections(&mut self) {
        self.heads = Some(Heads::recto_sections());
    }

    /// Opens a chapter titled `title`, the head of its odd pages, in a section of its own (when the
    /// document has running heads or recto sections; nothing otherwise).
    pub fn chapter(&mut self, title: &str) {
        let Some(heads) = &mut self.heads else { return };
        if self.document.len() == self.head_len {
            // Nothing before the first chapter: its section is the first.
            if let Some(first) = heads.sections.last_mut() {
                *first = title.to_owned();
            }
            return;
        }
        self.document.extend_from_slice(&section_end(heads.sections.len() - 1));
        heads.sections.push(title.to_owned());
    }

    /// Appends body XML docx-rs wrote, fixed up (`header_row`: the XML is a table's header row).
    fn append(&mut self, xml: &[u8], header_row: bool) {
        let alts = &self.picture_alts;
        let xml = in_schema_order(xml);
        fix_document_into(&xml, header_row, alts, &mut self.pictures_described, &mut self.document);
    }

    /// Writes a body paragraph.
    pub fn paragraph(&mut self, p: Para) {
        self.numbered |= p.0.has_numbering;
        let xml = match p.1 {
            Some(hundredths) => add_right_chars(p.0.build(), hundredths),
            None => p.0.build(),
        };
        self.append(&xml, false);
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

    /// Writes a table floated to the foot of the type area (`w:tblpPr` anchored to the bottom margin),
    /// `left` twips from the page's left edge, as wide as `grid`'s columns, no cell margins and no borders
    /// but the rules each [`RuledRow`] asks for. Word places no paragraph at a page's foot; a floating table
    /// it does. Placed from the page's edge rather than the margin: LibreOffice keeps a table anchored to
    /// the margin as wide as the text in the flow.
    pub fn foot_table(&mut self, left: i32, grid: Vec<usize>, rows: Vec<RuledRow>) {
        let width = grid.iter().sum();
        let rule = |position, eighths| {
            TableCellBorder::new(position).border_type(BorderType::Single).size(eighths).color("auto")
        };
        let rows = rows.into_iter().map(|row| {
            let mut borders =
                TableCellBorders::with_empty().set(rule(TableCellBorderPosition::Top, row.above));
            if let Some(below) = row.below {
                borders = borders.set(rule(TableCellBorderPosition::Bottom, below));
            }
            let cells = row.cells.into_iter().map(|(width, p)| {
                TableCell::new().width(width, WidthType::Dxa).set_borders(borders.clone()).add_paragraph(p.0)
            });
            TableRow::new(cells.collect())
        });
        let position = TablePositionProperty::new()
            .vertical_anchor("margin")
            .horizontal_anchor("page")
            .position_y_alignment("bottom")
            .position_x(left);
        let margins = TableCellMargins::new().margin_left(0, WidthType::Dxa).margin_right(0, WidthType::Dxa);
        let table = Table::without_borders(rows.collect())
            .width(width, WidthType::Dxa)
            .set_grid(grid)
            .position(position)
            .margins(margins);
        self.numbered |= table.has_numbering;
        self.append(&table.build(), false);
    }

    /// Writes footnote `id` of `paragraphs`, for `footnotes.xml`.
    pub fn footnote(&mut self, id: usize, paragraphs: Vec<Para>) {
        let note = Footnote { id, content: paragraphs.into_iter().map(|p| p.0).collect() };
        self.footnotes.extend_from_slice(&fix_footnote(&in_schema_order(&note.build())));
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
    pub(super) fn prepare(&mut self, docx: &mut Docx) -> DocumentRels {
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

#[cfg(test)]
mod tests {
    use super::super::fixups::{
        add_footnote_marks, drop_empty_paragraph_run_properties, fix_document_into, order_section_properties,
        sort_relationships,
    };
    use super::super::package::drop_empty_parts;
    use super::super::testing::{skeleton, styled, text};
    use super::super::{assemble, OwnParts, Run};
    use super::*;
    use crate::backend::Timestamp;
    use std::io::Read;

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
        let mut theirs = whole.build();
        // Fix-ups 10 and 12 on theirs too: children in order, no empty parts, separator notes first.
        theirs.document = in_schema_order(&theirs.document).into_owned();
        drop_empty_parts(&mut theirs, false).expect("as docx-rs writes them");
        let numberings = drop_empty_paragraph_run_properties(&theirs.numberings);
        let settings = b"<w:settings><w:compat></w:compat></w:settings>".to_vec();
        let ours = assemble(
            skeleton(),
            body,
            OwnParts { styles: vec![], settings, core: vec![], app: vec![], font_table: vec![] },
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
        assert_eq!(part("word/numbering.xml"), text(&numberings));
        let notes = text(&drop_empty_paragraph_run_properties(&add_footnote_marks(&theirs.footnotes)));
        let first_note = notes.find("<w:footnote ").expect("a note");
        let separators = text(super::super::FOOTNOTE_SEPARATORS);
        assert_eq!(
            part("word/footnotes.xml"),
            format!("{}{separators}{}", &notes[..first_note], &notes[first_note..])
        );
        assert_eq!(part("word/_rels/document.xml.rels"), text(&sort_relationships(&theirs.document_rels)));
        assert_eq!(part("[Content_Types].xml"), text(&theirs.content_type));
    }
}
