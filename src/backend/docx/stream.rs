//! The body serialised as it is built: each block's docx-rs elements become XML at once and are dropped,
//! so that the backend's memory follows the size of the output, not the size of docx-rs's structs (a
//! `Paragraph` is 2.4 KB before its children, a `Run` 0.7 KB), of which `Docx::build` would otherwise hold
//! the whole body, and then copies.
//!
//! docx-rs stays the element builder: every paragraph, table row, footnote and picture is written by its
//! `BuildXML`. What `Docx::build` collects from a whole body is collected here as the blocks stream past,
//! with docx-rs's rules: the footnotes (as `w:footnote` elements, for `footnotes.xml`), the lists'
//! numbering instances (`w:num` elements, for `numbering.xml`), the external
//! hyperlinks' relationships, the pictures' media parts (one part per distinct content, as docx-rs's media
//! registry keeps them, later uses pointing at the first one's relationship) and whether any paragraph is
//! numbered. A table is written row by row: its rows are the bulk of a long table. The body's fix-ups
//! (`package`) are applied to each piece as it comes; `package::assemble` splices the body into the
//! `document.xml` docx-rs writes for the section alone.

use super::package;
use docx_rs::{BuildXML, DocumentRels, Docx, Footnote, Numbering, Paragraph, Table, TableRow};
use std::collections::BTreeMap;

/// The start tag of the body, after which blocks go.
const BODY_OPEN: &[u8] = b"<w:body>";
/// The end tag of a table, before which its rows go.
const TABLE_CLOSE: &[u8] = b"</w:tbl>";

/// The body as XML, and what the package needs to know of it.
pub(super) struct Stream<'a> {
    /// `word/document.xml` so far: docx-rs's opening of the part up to `<w:body>`, then the blocks.
    pub document: Vec<u8>,
    /// Length of the opening of `document`, which docx-rs's own build of the part must repeat.
    pub head_len: usize,
    /// The `w:footnote` elements written so far.
    pub footnotes: Vec<u8>,
    /// The `w:num` elements written so far, one per list (a list restarts its count): a document of many
    /// short lists has as many of these as paragraphs, and docx-rs holds some 3 KB for each.
    pub numberings: Vec<u8>,
    /// Alt text of each picture placed, in document order.
    pub picture_alts: Vec<String>,
    /// Pictures described so far by the document fix-up (see `package::fix_document_into`).
    pictures_described: usize,
    /// The media parts: id and bytes, each distinct content once, in order of first use.
    pub media: Vec<(String, &'a [u8])>,
    /// Media parts by length and CRC-32 of their bytes, to find equal content without comparing with all.
    media_by_content: BTreeMap<(usize, u32), Vec<usize>>,
    /// Media parts by the address and length of the bytes they were given: a resource used again is found
    /// without hashing its bytes again.
    media_by_source: BTreeMap<(usize, usize), usize>,
    /// Relationship id and target of each media part.
    image_relationships: Vec<(String, String)>,
    /// Relationship id and address of each external hyperlink.
    hyperlinks: Vec<(String, String, String)>,
    /// Some paragraph is numbered: the document's relationships then name `numbering.xml`.
    numbered: bool,
}

impl<'a> Stream<'a> {
    pub fn new() -> Self {
        // The part's opening is fixed (declaration, namespaces, `<w:body>`): docx-rs's own, from an empty
        // document.
        let empty = docx_rs::Document::new().build();
        let head_len = memchr::memmem::find(&empty, BODY_OPEN).map_or(0, |at| at + BODY_OPEN.len());
        let mut document = Vec::with_capacity(64 * 1024);
        document.extend_from_slice(empty.get(..head_len).unwrap_or_default());
        Stream {
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
        }
    }

    /// Appends body XML docx-rs wrote, fixed up.
    fn append(&mut self, xml: &[u8]) {
        package::fix_document_into(xml, &self.picture_alts, &mut self.pictures_described, &mut self.document);
    }

    /// Writes a body paragraph.
    pub fn paragraph(&mut self, p: Paragraph) {
        self.numbered |= p.has_numbering;
        self.append(&p.build());
    }

    /// Writes the opening of `table` (its properties and grid; it must have no rows yet). Its rows follow
    /// with [`Stream::table_row`], then [`Stream::table_end`].
    pub fn table_start(&mut self, table: &Table) {
        let xml = table.build();
        let head = memchr::memmem::rfind(&xml, TABLE_CLOSE).map_or(xml.as_slice(), |at| &xml[..at]);
        self.append(head);
    }

    /// Writes one row of the table opened last.
    pub fn table_row(&mut self, row: TableRow) {
        self.numbered |= row.has_numbering;
        self.append(&row.build());
    }

    /// Closes the table opened last.
    pub fn table_end(&mut self) {
        self.append(TABLE_CLOSE);
    }

    /// Writes a footnote for `footnotes.xml`.
    pub fn footnote(&mut self, note: &Footnote) {
        self.footnotes.extend_from_slice(&package::fix_footnote(&note.build()));
    }

    /// Writes a list's numbering instance for `numbering.xml`.
    pub fn numbering(&mut self, numbering: &Numbering) {
        self.numberings.extend_from_slice(&numbering.build());
    }

    /// Registers the relationship of an external hyperlink.
    pub fn hyperlink(&mut self, id: String, address: String) {
        self.hyperlinks.push((id, address, "External".to_owned()));
    }

    /// Registers a picture of `bytes` whose preferred relationship id is `id`, with its alt text; returns
    /// the relationship id its `Pic` must carry. As docx-rs's media registry does: bytes equal to an
    /// earlier picture's are stored once, and the picture then uses that picture's relationship.
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

    /// What `Docx::build` would have collected from the body, given to the skeleton `docx` (everything but
    /// the body: section, footers, numbering) before it is built; returns its document relationships, to
    /// replace the part docx-rs writes (which lists the pictures of the skeleton's empty body, none).
    pub fn prepare(&mut self, docx: &mut Docx) -> DocumentRels {
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
