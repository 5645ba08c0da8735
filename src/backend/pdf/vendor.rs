//! The one door to printpdf 0.12.8, pinned exactly in `Cargo.toml`: every call into it and every fix-up of
//! what it makes is in this file, so that an upgrade means reading this file and running its tests.
//!
//! What printpdf does for the backend: it turns each page's painting operations ([`Content`], in the
//! backend's own terms) into a content stream, and makes the page tree and the image XObjects ([`paint`]).
//! The result is a `lopdf::Document` (lopdf 0.44, printpdf's own), which the rest of the backend finishes.
//! What printpdf writes that the file must not keep, and what is done about it:
//! 1. it labels every file PDF 1.3, but `/Lang` and page labels are PDF 1.4: [`paint`] declares ISO
//!    32000-1's 1.7;
//! 2. its document info carries `GTS_PDFXVersion` and a 1970 date, its catalog may claim PDF/X
//!    (`OutputIntents`, and an XMP `Metadata` stream with a random id), its outline is flat and sorted by
//!    name, and its trailer `/ID` is random: [`paint`] unhooks all of these ([`UNWANTED_CATALOG_KEYS`],
//!    [`UNWANTED_TRAILER_KEYS`]); the objects themselves go when the backend prunes what nothing reaches,
//!    and the backend writes its own info, outline and content-derived `/ID`;
//! 3. it writes every glyph of a `TJ` array as a hex string of its own (`[<0089><0197> -250<0047>] TJ`, six
//!    bytes a glyph): [`compact_content`] has the backend's `compact` pass merge them into literal strings.
//!    This is the one byte-level fix-up; its anchor is [`GLYPH_HEX_STRING`], guarded by the test
//!    `printpdf_writes_each_glyph_as_a_hex_string_of_a_tj_array`;
//! 4. what the backend does not hand to printpdf at all: fonts (its subsetting reads every glyph record of a
//!    15 MB face per document; `fonts` embeds them itself, and pages name them as external fonts) and link
//!    annotations (its own draw a cyan border; `links` writes borderless ones).
//!
//! printpdf holds every operation of its pages until it writes them (some 2 KB a line), so a long document
//! is painted [`PAGES_PER_PAINT`] pages at a time, each batch by a printpdf document of its own whose
//! content streams are moved into the pages of the one that holds the page tree.

use super::colour::Ink;
use crate::diag::Error;
use lopdf::{Object, ObjectId};
use printpdf::{
    Cmyk, Codepoint, Color, DictItem, ExternalStream, ExternalXObject, FontId, Greyscale, Line, LinePoint,
    Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rgb, TextItem, TextMatrix,
    TextRenderingMode, XObject, XObjectId, XObjectTransform,
};
use std::collections::BTreeMap;

/// The writer's name and version, for the document info's `/Producer`.
pub(super) const WRITER: &str = "printpdf 0.12.8";

/// Pages painted per printpdf document: printpdf holds every operation of its pages until it writes them
/// (some 2 KB a line), so a long document is painted a few pages at a time, its memory bounded by these.
const PAGES_PER_PAINT: usize = 32;

/// Catalog entries printpdf may write that the file must not keep: a PDF/X claim (the file is not PDF/X),
/// its XMP (with a random id) and its flat outline.
const UNWANTED_CATALOG_KEYS: [&[u8]; 3] = [b"OutputIntents", b"Metadata", b"Outlines"];

/// Trailer entries printpdf writes that the backend replaces: its info dictionary (`GTS_PDFXVersion`, a
/// 1970 date) and a random `/ID`.
const UNWANTED_TRAILER_KEYS: [&[u8]; 2] = [b"Info", b"ID"];

/// How printpdf opens a glyph's string in a `TJ` array: a hex string (`<`, four hex digits, `>`), which
/// `compact` rewrites. The anchor of fix-up 3.
const GLYPH_HEX_STRING: &[u8] = b"[<";

/// One page's painting operations, in the backend's terms. Coordinates are PDF points from the bottom left.
#[derive(Debug, Default)]
pub(super) struct Content {
    ops: Vec<Op>,
    /// The images drawn, by resource name, in order (one per draw).
    images: Vec<String>,
}

impl Content {
    /// An empty page with room for `capacity` operations.
    pub(super) fn with_capacity(capacity: usize) -> Self {
        Content { ops: Vec::with_capacity(capacity), images: Vec::new() }
    }

    /// `BT`.
    pub(super) fn begin_text(&mut self) {
        self.ops.push(Op::StartTextSection);
    }

    /// `ET`.
    pub(super) fn end_text(&mut self) {
        self.ops.push(Op::EndTextSection);
    }

    /// `Tf`: the font with resource name `resource` (embedded by the backend) at `size_pt`.
    pub(super) fn set_font(&mut self, resource: &str, size_pt: f32) {
        self.ops.push(Op::SetFont {
            font: PdfFontHandle::External(FontId(resource.to_owned())),
            size: Pt(size_pt),
        });
    }

    /// `w`: the line width, for strokes and stroked text.
    pub(super) fn set_line_width(&mut self, pt: f32) {
        self.ops.push(Op::SetOutlineThickness { pt: Pt(pt) });
    }

    /// `rg`, `g` or `k`: the colour text and shapes are filled with.
    pub(super) fn set_fill_color(&mut self, ink: Ink) {
        self.ops.push(Op::SetFillColor { col: color(ink) });
    }

    /// `RG`, `G` or `K`: the colour lines are stroked with.
    pub(super) fn set_stroke_color(&mut self, ink: Ink) {
        self.ops.push(Op::SetOutlineColor { col: color(ink) });
    }

    /// `Tr`: text filled and stroked (`true`, mode 2) or only filled (`false`, mode 0).
    pub(super) fn set_text_stroked(&mut self, stroked: bool) {
        let mode = if stroked { TextRenderingMode::FillStroke } else { TextRenderingMode::Fill };
        self.ops.push(Op::SetTextRenderingMode { mode });
    }

    /// `Td`: moves the text line matrix by (`dx`, `dy`).
    pub(super) fn move_text(&mut self, dx: f32, dy: f32) {
        self.ops.push(Op::SetTextCursor { pos: Point { x: Pt(dx), y: Pt(dy) } });
    }

    /// `Tm`: sets the text matrix outright.
    pub(super) fn set_text_matrix(&mut self, matrix: [f32; 6]) {
        self.ops.push(Op::SetTextMatrix { matrix: TextMatrix::Raw(matrix) });
    }

    /// `Tc`: the character spacing, in unscaled text space units.
    pub(super) fn set_char_spacing(&mut self, spacing: f32) {
        self.ops.push(Op::SetCharacterSpacing { multiplier: spacing });
    }

    /// `TJ`: glyphs by their code in the current font, each with the adjustment (thousandths of an em, as
    /// `TJ` numbers go) that follows it.
    pub(super) fn show_glyphs(&mut self, glyphs: impl Iterator<Item = (u16, f32)>) {
        // printpdf writes the code of a glyph of an external font as it is given (no remapping).
        let codepoints = glyphs.map(|(gid, offset)| Codepoint { gid, offset, cid: None }).collect();
        self.ops.push(Op::ShowText { items: vec![TextItem::GlyphIds(codepoints)] });
    }

    /// `/Artifact BMC`: content outside the structure tree (ISO 32000-1 §14.8.2.2).
    pub(super) fn begin_artifact(&mut self) {
        self.ops.push(Op::BeginMarkedContent { tag: "Artifact".to_owned() });
    }

    /// The `EMC` of [`Content::begin_artifact`].
    pub(super) fn end_artifact(&mut self) {
        self.ops.push(Op::EndMarkedContent);
    }

    /// `/tag <</MCID mcid>> BDC`: marked content of a structure element.
    pub(super) fn begin_tagged(&mut self, tag: &str, mcid: usize) {
        let mcid = i64::try_from(mcid).unwrap_or(0);
        self.ops.push(Op::BeginMarkedContentWithProperties {
            tag: tag.to_owned(),
            properties: DictItem::Dict { map: BTreeMap::from([("MCID".to_owned(), DictItem::Int(mcid))]) },
        });
    }

    /// The `EMC` of [`Content::begin_tagged`].
    pub(super) fn end_tagged(&mut self) {
        self.ops.push(Op::EndMarkedContentWithProperties);
    }

    /// `q`.
    pub(super) fn save_state(&mut self) {
        self.ops.push(Op::SaveGraphicsState);
    }

    /// `Q`.
    pub(super) fn restore_state(&mut self) {
        self.ops.push(Op::RestoreGraphicsState);
    }

    /// A stroked straight line from `from` to `to`.
    pub(super) fn line(&mut self, from: (f32, f32), to: (f32, f32)) {
        let point = |(x, y): (f32, f32)| LinePoint { p: Point { x: Pt(x), y: Pt(y) }, bezier: false };
        self.ops.push(Op::DrawLine { line: Line { points: vec![point(from), point(to)], is_closed: false } });
    }

    /// Draws the image named `name` (one of those given to [`paint`]) `width` × `height` points large with
    /// its bottom-left corner at (`left`, `bottom`).
    pub(super) fn draw_image(&mut self, name: &str, left: f32, bottom: f32, width: f32, height: f32) {
        // The image fills the unit square; `cm` scales it to its size and moves it to its bottom-left corner.
        let transform = XObjectTransform {
            translate_x: Some(Pt(left)),
            translate_y: Some(Pt(bottom)),
            scale_x: Some(width),
            scale_y: Some(height),
            ..XObjectTransform::default()
        };
        self.ops.push(Op::UseXobject { id: XObjectId(name.to_owned()), transform });
        self.images.push(name.to_owned());
    }
}

/// printpdf's colour for `ink`.
fn color(ink: Ink) -> Color {
    match ink {
        Ink::Rgb([r, g, b]) => Color::Rgb(Rgb::new(r, g, b, None)),
        Ink::Gray(level) => Color::Greyscale(Greyscale::new(level, None)),
        Ink::Cmyk([c, m, y, k]) => Color::Cmyk(Cmyk::new(c, m, y, k, None)),
    }
}

/// A value of an image's dictionary.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value {
    /// A name (`/DeviceRGB`).
    Name(&'static str),
    /// An integer.
    Int(i64),
    /// A string, written in hex.
    Bytes(Vec<u8>),
    /// An array.
    Array(Vec<Value>),
    /// A dictionary.
    Dict(BTreeMap<String, Value>),
    /// A stream (a soft mask).
    Stream(ImageStream),
}

/// An image XObject's stream: its dictionary (without `/Length`) and its data, filtered already.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ImageStream {
    /// The dictionary.
    pub dict: BTreeMap<String, Value>,
    /// The data, as its `/Filter` says.
    pub content: Vec<u8>,
}

fn dict_item(value: &Value) -> DictItem {
    match value {
        Value::Name(name) => DictItem::Name(name.as_bytes().to_vec()),
        Value::Int(n) => DictItem::Int(*n),
        Value::Bytes(data) => DictItem::String { data: data.clone(), literal: false },
        Value::Array(items) => DictItem::Array(items.iter().map(dict_item).collect()),
        Value::Dict(map) => DictItem::Dict { map: dict_items(map) },
        Value::Stream(stream) => DictItem::Stream { stream: external_stream(stream) },
    }
}

fn dict_items(map: &BTreeMap<String, Value>) -> BTreeMap<String, DictItem> {
    map.iter().map(|(key, value)| (key.clone(), dict_item(value))).collect()
}

fn external_stream(stream: &ImageStream) -> ExternalStream {
    // Not compressed again: image data is deflated (or DCT-coded) already.
    ExternalStream { dict: dict_items(&stream.dict), content: stream.content.clone(), compress: false }
}

fn xobject(stream: &ImageStream) -> XObject {
    // No width or height: the page's `cm` alone sizes the unit square the image fills.
    XObject::External(ExternalXObject {
        stream: external_stream(stream),
        width: None,
        height: None,
        dpi: None,
    })
}

/// What printpdf is told when it writes a document: no optimising or subsetting (the backend embeds the
/// fonts and deflates the streams itself) and no image re-encoding.
fn save_options() -> PdfSaveOptions {
    PdfSaveOptions { optimize: false, subset_fonts: false, secure: true, image_optimization: None }
}

fn backend_error(message: String) -> Error {
    Error::backend("pdf", message)
}

/// The content stream of the page `page` of `doc` (one stream, as printpdf writes pages).
/// The dictionary the trailer's `key` refers to (`Root`, `Info`).
pub(super) fn trailer_dict<'a>(
    lo: &'a mut lopdf::Document,
    key: &[u8],
) -> lopdf::Result<&'a mut lopdf::Dictionary> {
    let id = lo.trailer.get(key).and_then(Object::as_reference)?;
    lo.get_object_mut(id).and_then(Object::as_dict_mut)
}

fn content_stream(doc: &mut lopdf::Document, page: ObjectId) -> lopdf::Result<&mut lopdf::Stream> {
    let id =
        doc.get_dictionary(page).and_then(|page| page.get(b"Contents")).and_then(Object::as_reference)?;
    doc.get_object_mut(id).and_then(Object::as_stream_mut)
}

/// The document of `pages` pages of `width_mm` × `height_mm`, titled `title`, each page's content made by
/// `content(index)`, with the images `images` (name and stream) as XObjects: its page tree, its images and
/// one unfiltered content stream per page, and none of what printpdf writes that the file must not keep
/// (fix-ups 1 and 2 of the module). The document's fonts are left to the caller, who named them.
pub(super) fn paint(
    title: &str,
    (width_mm, height_mm): (f32, f32),
    images: &[(String, ImageStream)],
    pages: usize,
    mut content: impl FnMut(usize) -> Content,
) -> Result<lopdf::Document, Error> {
    let (width, height) = (printpdf::Mm(width_mm), printpdf::Mm(height_mm));
    let save = save_options();
    let mut pdf = PdfDocument::new(title);
    for (name, stream) in images {
        pdf.resources.xobjects.map.insert(XObjectId(name.clone()), xobject(stream));
    }
    pdf.with_pages((0..pages).map(|_| PdfPage::new(width, height, Vec::new())).collect());
    let mut lo = pdf.to_lopdf_document(&save, &mut Vec::new());
    drop(pdf);
    // Fix-up 1: `/Lang` and page labels are PDF 1.4.
    lo.version = "1.7".to_owned();
    // Fix-up 2: unhooked here, pruned with everything else nothing reaches once the backend has finished.
    for key in UNWANTED_TRAILER_KEYS {
        lo.trailer.remove(key);
    }
    let catalog = trailer_dict(&mut lo, b"Root")
        .map_err(|e| backend_error(format!("printpdf wrote no catalog: {e}")))?;
    for key in UNWANTED_CATALOG_KEYS {
        catalog.remove(key);
    }
    let page_ids: Vec<ObjectId> = lo.get_pages().into_values().collect();
    if page_ids.len() != pages {
        return Err(backend_error(format!("printpdf wrote {} pages of {pages}", page_ids.len())));
    }
    for (batch, ids) in page_ids.chunks(PAGES_PER_PAINT).enumerate() {
        let first = batch * PAGES_PER_PAINT;
        let painted: Vec<Content> = (first..first + ids.len()).map(&mut content).collect();
        let mut part = PdfDocument::new("");
        // The images these pages show: printpdf sizes an image from its object.
        for name in painted.iter().flat_map(|c| &c.images) {
            if let Some((name, stream)) = images.iter().find(|(known, _)| known == name) {
                part.resources.xobjects.map.insert(XObjectId(name.clone()), xobject(stream));
            }
        }
        part.with_pages(painted.into_iter().map(|c| PdfPage::new(width, height, c.ops)).collect());
        let mut part = part.to_lopdf_document(&save, &mut Vec::new());
        for (from, &to) in part.get_pages().into_values().zip(ids) {
            // printpdf writes one unfiltered stream per page: moved over as it is.
            let content = content_stream(&mut part, from)
                .map(|stream| std::mem::take(&mut stream.content))
                .map_err(|e| backend_error(format!("a painted page without content: {e}")))?;
            content_stream(&mut lo, to)
                .map_err(|e| backend_error(format!("a page without its content stream: {e}")))?
                .set_content(content);
        }
    }
    Ok(lo)
}

/// A page's content stream as [`paint`] left it, compacted (fix-up 3: the backend's `compact` pass, which
/// merges the hex strings of `TJ` arrays into literal strings).
pub(super) fn compact_content(content: &[u8]) -> Vec<u8> {
    let compacted = super::compact::compact(content);
    // Every `TJ` printpdf writes shows glyphs (none from the input: text is glyph codes), so a page with
    // one and nothing compacted means printpdf no longer writes what `compact` rewrites.
    debug_assert!(
        compacted.len() < content.len() || memchr::memmem::find(content, b"TJ").is_none(),
        "printpdf's TJ arrays no longer hold hex strings (`{}`): `compact` does nothing",
        String::from_utf8_lossy(GLYPH_HEX_STRING)
    );
    compacted
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document of one page showing two glyphs, as printpdf writes it, and that page's content stream.
    fn one_page() -> (lopdf::Document, Vec<u8>) {
        let mut content = Content::default();
        content.begin_text();
        content.set_font("SERIFR", 12.0);
        content.move_text(90.0, 700.0);
        content.show_glyphs([(0x89, 0.0), (0x197, -250.0), (0x47, 0.0)].into_iter());
        content.end_text();
        let ops = content.ops;
        let mut pdf = PdfDocument::new("标题");
        pdf.with_pages(vec![PdfPage::new(printpdf::Mm(210.0), printpdf::Mm(297.0), ops)]);
        let mut lo = pdf.to_lopdf_document(&save_options(), &mut Vec::new());
        let page = *lo.get_pages().values().next().expect("a page");
        let stream = content_stream(&mut lo, page).expect("one content stream").content.clone();
        (lo, stream)
    }

    #[test]
    fn printpdf_writes_each_glyph_as_a_hex_string_of_a_tj_array() {
        let (_, raw) = one_page();
        let text = String::from_utf8_lossy(&raw);
        // The anchor of fix-up 3, and the glyph codes as given (printpdf does not remap external fonts).
        assert!(raw.windows(GLYPH_HEX_STRING.len()).any(|w| w == GLYPH_HEX_STRING), "{text}");
        assert!(text.contains("[<0089><0197> -250<0047>] TJ"), "{text}");
        // …and the fix-up's result: one literal string per run of glyphs, the adjustment kept.
        let compacted = compact_content(&raw);
        let expected: &[u8] = b"[(\0\x89\x01\x97)-250(\0G)]TJ";
        assert!(
            compacted.windows(expected.len()).any(|w| w == expected),
            "{}",
            String::from_utf8_lossy(&compacted)
        );
        assert!(compacted.len() < raw.len());
    }

    #[test]
    fn printpdf_writes_what_paint_unhooks() {
        let (lo, raw) = one_page();
        // Fix-up 1: printpdf's version.
        assert_eq!(lo.version, "1.3");
        // Fix-up 2: what printpdf writes and `paint` unhooks is there to unhook.
        for key in UNWANTED_TRAILER_KEYS {
            assert!(lo.trailer.has(key), "printpdf's trailer has no {}", String::from_utf8_lossy(key));
        }
        let info = lo.trailer.get(b"Info").and_then(Object::as_reference).expect("an info reference");
        assert!(lo.get_dictionary(info).expect("info").has(b"GTS_PDFXVersion"));
        assert!(!raw.is_empty() && !lo.catalog().expect("a catalog").has(b"StructTreeRoot"));
        // …and the fix-up's result.
        let painted = paint("标题", (210.0, 297.0), &[], 1, |_| Content::default()).expect("paints");
        assert_eq!(painted.version, "1.7");
        for key in UNWANTED_TRAILER_KEYS {
            assert!(!painted.trailer.has(key));
        }
        let catalog = painted.catalog().expect("a catalog");
        for key in UNWANTED_CATALOG_KEYS {
            assert!(!catalog.has(key));
        }
        assert!(catalog.has(b"Pages"));
    }

    #[test]
    fn pages_are_painted_in_batches_into_one_page_tree() {
        let pages = PAGES_PER_PAINT + 3;
        let image = ImageStream {
            dict: BTreeMap::from([
                ("Type".to_owned(), Value::Name("XObject")),
                ("Subtype".to_owned(), Value::Name("Image")),
                ("Width".to_owned(), Value::Int(1)),
                ("Height".to_owned(), Value::Int(1)),
                ("ColorSpace".to_owned(), Value::Name("DeviceGray")),
                ("BitsPerComponent".to_owned(), Value::Int(8)),
            ]),
            content: vec![0x80],
        };
        let images = [("Im1".to_owned(), image)];
        let mut lo = paint("", (100.0, 100.0), &images, pages, |k| {
            let mut content = Content::default();
            content.begin_text();
            content.set_char_spacing(k as f32);
            content.end_text();
            if k == pages - 1 {
                content.draw_image("Im1", 1.0, 2.0, 3.0, 4.0);
            }
            content
        })
        .expect("paints");
        let ids: Vec<ObjectId> = lo.get_pages().into_values().collect();
        assert_eq!(ids.len(), pages);
        for (k, id) in ids.into_iter().enumerate() {
            let content = content_stream(&mut lo, id).expect("content").content.clone();
            let text = String::from_utf8_lossy(&content).into_owned();
            assert!(text.contains(&format!("{k} Tc")), "page {k}: {text}");
            assert_eq!(text.contains("/Im1 Do"), k == pages - 1, "page {k}: {text}");
        }
    }

    #[test]
    fn a_missing_anchor_is_reported() {
        // Glyphs in literal strings, which `compact` leaves alone: printpdf no longer writes what it rewrites.
        if cfg!(debug_assertions) {
            assert!(
                std::panic::catch_unwind(|| compact_content(b"BT /F 12 Tf [(ab) -250(cd)] TJ ET")).is_err()
            );
        }
        // No text at all: nothing to compact, nothing to report.
        assert_eq!(compact_content(b"q 1 0 0 1 0 0 cm Q"), b"q 1 0 0 1 0 0 cm Q");
    }
}
