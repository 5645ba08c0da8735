//! The one door to epub-builder 0.8.3, pinned exactly in `Cargo.toml`: every call into it and every fix-up of
//! what it makes is in this file, so that an upgrade means reading this file and running its tests.
//!
//! What epub-builder does for the backend: from a [`Book`] it writes the package document (`content.opf`:
//! metadata, manifest, spine, guide), the OCF container and Apple's display options
//! (`META-INF/com.apple.ibooks.display-options.xml` with `specified-fonts` true, without which Apple Books
//! ignores embedded fonts). Every other part it is given as an empty placeholder, and the real bytes go
//! straight into the final container ([`repack`]): handing it the stylesheet, fonts, images and chapters
//! would have them deflated into a zip only to be inflated again. Fonts and images (but the cover) are not
//! given to it at all: they need only a manifest item, and each entry of its zip costs a fresh deflate state
//! (~270 KB allocated and zeroed) even when empty.
//!
//! What it gets wrong (CRATES.md), and the fix-ups, each guarded by a test named after it:
//! 1. `<dc:language>` and `<dc:creator>` share the id `epub-creator-0` (epubcheck RSC-005): the language's
//!    is renamed ([`LANGUAGE_ID`]; `epub_builder_gives_language_and_creator_one_id`);
//! 2. `dc:date` can only be a full timestamp, while documents often give just a year or a month: ours goes
//!    after [`TITLE_END`] (`epub_builder_writes_the_anchors_the_opf_patch_needs`);
//! 3. the manifest items of fonts and images, which it is not told of, go after the stylesheet's
//!    ([`STYLESHEET_ITEM`]), written as it writes its own (`manifest_items_are_written_as_epub_builder_writes_its_own`);
//! 4. every zip entry carries the wall-clock time, and its `mimetype` is not guaranteed first and stored: the
//!    container is written again ([`repack`]) with the run's timestamp, placeholders swapped for the parts
//!    (`epub_builder_writes_every_part_it_is_told_of`);
//! 5. `MetadataOpfV3::add_refines` sets `id` instead of `refines` (the fields are assigned directly;
//!    `add_refines_still_sets_the_id`), and a meta's content is not escaped (it is escaped here;
//!    `epub_builder_does_not_escape_meta_content`);
//! 6. the spine always says `page-progression-direction="ltr"` ([`LTR_SPINE`]): a vertical book's pages turn
//!    to the right, so it is made `rtl` there (`a_vertical_book_turns_its_pages_to_the_right`).
//!
//! Its navigation document and NCX nest headings only one file deep and leave out `lang` and `dtb:uid`: the
//! backend writes both (`package`), and they replace epub-builder's like every other part.

use super::xhtml::{escape_attr, escape_text};
use crate::backend::container::{Container, Method};
use crate::backend::Timestamp;
use crate::diag::Error;
use crate::subset::Packed;
use epub_builder::{EpubBuilder, EpubContent, EpubVersion, MetadataOpfV3, ReferenceType, ZipLibrary};
use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use zip::ZipArchive;

/// The language's id as epub-builder writes it, the same as the first creator's (fix-up 1).
const LANGUAGE_ID: &str = "<dc:language id=\"epub-creator-";
/// The language's id after fix-up 1.
const LANGUAGE_ID_FIXED: &str = "<dc:language id=\"epub-language-";
/// The end of the title, after which `dc:date` goes (fix-up 2).
const TITLE_END: &str = "</dc:title>";
/// The end of the stylesheet's manifest item as epub-builder writes it; resources follow it (fix-up 3).
const STYLESHEET_ITEM: &str = "href=\"stylesheet.css\"/>";
/// The stylesheet's entry in the container, after which the resources' entries go.
const STYLESHEET_ENTRY: &str = "OEBPS/stylesheet.css";
/// The package document's entry in the container.
const OPF_ENTRY: &str = "OEBPS/content.opf";
/// The spine's reading direction as epub-builder writes it (fix-up 6).
const LTR_SPINE: &str = "page-progression-direction=\"ltr\"";

/// What a landmark page is, for the guide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Landmark {
    /// The cover page.
    Cover,
    /// The title page.
    TitlePage,
    /// The start of the text.
    Text,
}

/// A content document in the spine.
pub(super) struct Page<'a> {
    /// Path inside `OEBPS/`.
    pub href: &'a str,
    /// The XHTML.
    pub xhtml: &'a [u8],
    /// Its title and role in the guide, if it has one.
    pub landmark: Option<(&'a str, Landmark)>,
}

/// A metadata property of the package document (EPUB 3 `meta`).
pub(super) struct Property {
    /// The property (`schema:accessMode`, `belongs-to-collection`…).
    pub property: &'static str,
    /// Its value, as text (escaped here).
    pub value: String,
    /// Its id, for others to refine.
    pub id: Option<&'static str>,
    /// The element it refines (`#series`).
    pub refines: Option<&'static str>,
}

/// A part epub-builder is not told about: a font or an image (not the cover), which needs only its manifest
/// item and its entry in the container, both right after the stylesheet's.
pub(super) struct Resource<'a> {
    /// Path inside `OEBPS/` (ASCII: `fonts/…-subset.ttf`, `images/image-001.png`).
    pub href: &'a str,
    /// Media type for the manifest.
    pub media_type: &'a str,
    /// The file.
    pub data: Data<'a>,
}

/// A resource's bytes: as they are, or a font deflated already (cut once for PDF and EPUB).
pub(super) enum Data<'a> {
    /// Compressed by the container (or stored, for images).
    Raw(&'a [u8]),
    /// Deflated already.
    Packed(&'a Packed),
}

/// The cover: its image and its page.
pub(super) struct Cover<'a> {
    /// The image's path inside `OEBPS/`.
    pub image_href: &'a str,
    /// The image's media type.
    pub media_type: &'a str,
    /// The image.
    pub image: &'a [u8],
    /// The cover page.
    pub page: Page<'a>,
}

/// Everything the book is made of.
pub(super) struct Book<'a> {
    /// `dc:title`.
    pub title: &'a str,
    /// `dc:language` (a well-formed BCP 47 tag).
    pub lang: &'a str,
    /// `dc:creator`s, each refined with the MARC relator `aut`.
    pub authors: Vec<String>,
    /// `dc:date`, as the document gives it (ISO 8601, possibly just a year or a month).
    pub date: Option<&'a str>,
    /// `dc:identifier`.
    pub uuid: uuid::Uuid,
    /// The title of the guide's table of contents.
    pub toc_name: &'a str,
    /// The run's timestamp: `dcterms:modified` and the container's entry times.
    pub timestamp: Timestamp,
    /// Further metadata, in order.
    pub properties: Vec<Property>,
    /// `stylesheet.css`.
    pub stylesheet: &'a [u8],
    /// Fonts and images but the cover's.
    pub resources: &'a [Resource<'a>],
    /// The cover, if the book has one.
    pub cover: Option<Cover<'a>>,
    /// The spine after the cover: the title page, then the chapters.
    pub pages: Vec<Page<'a>>,
    /// The navigation document, `nav.xhtml`.
    pub nav: &'a [u8],
    /// The NCX, `toc.ncx`.
    pub ncx: &'a [u8],
    /// Pages turn to the right (`page-progression-direction="rtl"`): a vertical book.
    pub rtl: bool,
    /// `dc:source` with id [`SOURCE_ID`]: the print edition whose page breaks the book marks.
    pub source: Option<&'a str>,
}

/// The id of `dc:source`, which the `source-of` property refines as the source of the pagination.
const SOURCE_ID: &str = "pagination-source";
/// [`SOURCE_ID`] as a property refines it.
pub(super) const SOURCE_REF: &str = "#pagination-source";

fn builder_error(e: epub_builder::Error) -> Error {
    Error::backend("epub", e)
}

fn zip_error(e: impl std::fmt::Display) -> Error {
    Error::backend("epub", format!("zip container: {e}"))
}

/// A fix-up whose anchor epub-builder no longer writes.
fn anchor_missing(what: &str) -> Error {
    Error::backend("epub", format!("epub-builder 0.8.3 wrote {what} in an unexpected form"))
}

/// The book as an EPUB 3 file.
pub(super) fn package(book: &Book) -> Result<Vec<u8>, Error> {
    let raw = generate(book)?;
    let mut parts: BTreeMap<String, &[u8]> = BTreeMap::new();
    let oebps = |href: &str| format!("OEBPS/{href}");
    parts.insert(STYLESHEET_ENTRY.to_owned(), book.stylesheet);
    if let Some(cover) = &book.cover {
        parts.insert(oebps(cover.image_href), cover.image);
    }
    for page in book.cover.iter().map(|c| &c.page).chain(&book.pages) {
        parts.insert(oebps(page.href), page.xhtml);
    }
    parts.insert(oebps("nav.xhtml"), book.nav);
    parts.insert(oebps("toc.ncx"), book.ncx);
    repack(&raw, book.timestamp, &parts, book.resources, |opf| {
        let opf = patch_opf(opf, book.date, book.source, book.resources)?;
        if book.rtl {
            right_to_left(&opf)
        } else {
            Ok(opf)
        }
    })
}

/// epub-builder's zip of `book`, every part but the package document an empty placeholder.
fn generate(book: &Book) -> Result<Vec<u8>, Error> {
    let mut builder = EpubBuilder::new(ZipLibrary::new().map_err(builder_error)?).map_err(builder_error)?;
    // EPUB 3.3 keeps `version="3.0"` in the package document; epub-builder writes the same files for both.
    builder.epub_version(EpubVersion::V33);
    builder.set_title(book.title);
    builder.add_language(book.lang);
    for author in &book.authors {
        builder.add_author(author.as_str());
    }
    builder.set_generator("paiban");
    builder.set_toc_name(book.toc_name);
    // Its defaults are a random v4 uuid and the current time.
    builder.set_uuid(book.uuid);
    let modified = chrono::DateTime::from_timestamp(book.timestamp.0, 0).unwrap_or_default();
    builder.set_modified_date(modified);
    for p in &book.properties {
        // Fix-up 5: the content is written as given, so it is escaped here; `add_refines` would set the id.
        let mut meta = MetadataOpfV3::new(p.property.to_owned(), escape_text(&p.value));
        meta.id = p.id.map(str::to_owned);
        meta.refines = p.refines.map(str::to_owned);
        builder.add_metadata_opf(Box::new(meta));
    }
    builder.stylesheet(&[][..]).map_err(builder_error)?;
    if let Some(cover) = &book.cover {
        builder.add_cover_image(cover.image_href, &[][..], cover.media_type).map_err(builder_error)?;
    }
    for page in book.cover.iter().map(|c| &c.page).chain(&book.pages) {
        let mut content = EpubContent::new(page.href, &[][..]);
        if let Some((title, landmark)) = page.landmark {
            let reftype = match landmark {
                Landmark::Cover => ReferenceType::Cover,
                Landmark::TitlePage => ReferenceType::TitlePage,
                Landmark::Text => ReferenceType::Text,
            };
            content = content.title(title).reftype(reftype);
        }
        builder.add_content(content).map_err(builder_error)?;
    }
    let mut raw = Vec::new();
    builder.generate(&mut raw).map_err(builder_error)?;
    Ok(raw)
}

/// The manifest item of a resource, as epub-builder writes its own (id `id_` + the path with every
/// character that is not a name character replaced by `_`).
fn manifest_item(resource: &Resource) -> String {
    let id: String = resource
        .href
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_') { c } else { '_' })
        .collect();
    format!(
        "<item media-type=\"{}\" id=\"id_{}\" href=\"{}\"/>",
        escape_attr(resource.media_type),
        escape_attr(&id),
        escape_attr(resource.href)
    )
}

/// `content.opf` with fix-ups 1 to 3: the duplicate id fixed, `dc:date` and `dc:source` added and the
/// manifest items of `resources` after the stylesheet's. An anchor that is missing is an error where the
/// book would lose something (the resources' items, the source its `source-of` refines), and a debug
/// assertion where it would only keep epub-builder's flaw.
fn patch_opf(
    opf: &str,
    date: Option<&str>,
    source: Option<&str>,
    resources: &[Resource],
) -> Result<String, Error> {
    debug_assert!(opf.contains(LANGUAGE_ID), "epub-builder no longer writes `{LANGUAGE_ID}`");
    let mut opf = opf.replace(LANGUAGE_ID, LANGUAGE_ID_FIXED);
    if !resources.is_empty() {
        let at = opf.find(STYLESHEET_ITEM).ok_or_else(|| anchor_missing("the stylesheet's manifest item"))?;
        let items: String = resources.iter().map(|r| format!("\n    {}", manifest_item(r))).collect();
        opf.insert_str(at + STYLESHEET_ITEM.len(), &items);
    }
    if let Some(date) = date {
        let end = opf.find(TITLE_END);
        debug_assert!(end.is_some(), "epub-builder no longer writes `{TITLE_END}`");
        if let Some(end) = end {
            let at = end + TITLE_END.len();
            opf.insert_str(at, &format!("\n    <dc:date>{}</dc:date>", escape_text(date)));
        }
    }
    if let Some(source) = source {
        let at = opf.find(TITLE_END).ok_or_else(|| anchor_missing("`dc:title`"))? + TITLE_END.len();
        let element = format!("\n    <dc:source id=\"{SOURCE_ID}\">{}</dc:source>", escape_text(source));
        opf.insert_str(at, &element);
    }
    Ok(opf)
}

/// Fix-up 6: the spine of `opf` turned right to left. Without it a vertical book would turn its pages the
/// wrong way, so a spine written otherwise is an error.
fn right_to_left(opf: &str) -> Result<String, Error> {
    if !opf.contains(LTR_SPINE) {
        return Err(anchor_missing("the spine's page-progression-direction"));
    }
    Ok(opf.replacen(LTR_SPINE, "page-progression-direction=\"rtl\"", 1))
}

/// How an entry of the e-book is compressed. Fonts are most of its bytes and compress only ~25 %: the
/// fastest deflate level costs a few per cent of size and saves most of the time (4 ms → 1.5 ms for a
/// 200 KB subset). Raster images are compressed already and are stored as they are.
fn method(name: &str) -> Method {
    match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("ttf" | "otf") => Method::Deflated(1),
        Some("png" | "jpg" | "gif" | "webp") => Method::Stored,
        _ => Method::Deflated(6),
    }
}

/// Fix-up 4: writes the final container from epub-builder's zip `raw`, once: `mimetype` first and stored,
/// the other entries in their original order with `resources` after the stylesheet, all with the same
/// timestamp. An entry named in `parts` gets those bytes (epub-builder was given an empty placeholder for
/// it, so nothing is inflated or compressed twice); the package document is read from `raw` and passed
/// through `patch_opf`; any other entry is copied. A part or the package document that epub-builder did
/// not write is an error: the book would lack it.
fn repack(
    raw: &[u8],
    timestamp: Timestamp,
    parts: &BTreeMap<String, &[u8]>,
    resources: &[Resource],
    patch_opf: impl Fn(&str) -> Result<String, Error>,
) -> Result<Vec<u8>, Error> {
    let mut archive = ZipArchive::new(Cursor::new(raw)).map_err(zip_error)?;
    let time = crate::backend::container::zip_time(timestamp);
    let capacity = raw.len()
        + parts.values().map(|p| p.len()).sum::<usize>()
        + resources
            .iter()
            .map(|r| match r.data {
                Data::Raw(data) => data.len(),
                Data::Packed(packed) => packed.deflated.len(),
            })
            .sum::<usize>();
    let mut out = Container::new(capacity, time.datepart(), time.timepart());
    // OCF: `mimetype` must be the first entry, uncompressed, so readers can sniff the type at offset 38.
    out.add("mimetype", b"application/epub+zip", Method::Stored).map_err(zip_error)?;
    let mut placed = 0;
    let mut patched = false;
    let mut bytes = Vec::new();
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).map_err(zip_error)?;
        let name = file.name().to_owned();
        if name == "mimetype" || file.is_dir() {
            continue;
        }
        if let Some(part) = parts.get(&name) {
            drop(file);
            placed += 1;
            out.add(&name, part, method(&name)).map_err(zip_error)?;
            if name == STYLESHEET_ENTRY {
                for resource in resources {
                    let name = format!("OEBPS/{}", resource.href);
                    match resource.data {
                        Data::Raw(data) => out.add(&name, data, method(&name)),
                        Data::Packed(packed) => out.add_packed(&name, packed),
                    }
                    .map_err(zip_error)?;
                }
            }
            continue;
        }
        bytes.clear();
        file.read_to_end(&mut bytes).map_err(zip_error)?;
        drop(file);
        if name == OPF_ENTRY {
            patched = true;
            let opf = patch_opf(&String::from_utf8_lossy(&bytes))?;
            out.add(&name, opf.as_bytes(), method(&name)).map_err(zip_error)?;
        } else {
            out.add(&name, &bytes, method(&name)).map_err(zip_error)?;
        }
    }
    if placed != parts.len() {
        let missing: Vec<&str> =
            parts.keys().map(String::as_str).filter(|name| archive.index_for_name(name).is_none()).collect();
        return Err(anchor_missing(&format!("no entry for {}", missing.join(", "))));
    }
    if !patched {
        return Err(anchor_missing(&format!("no {OPF_ENTRY}")));
    }
    out.finish().map_err(zip_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small book with every kind of part: an author, a date, a series, a cover, a font and an image.
    fn book<'a>(resources: &'a [Resource<'a>]) -> Book<'a> {
        Book {
            title: "标题",
            lang: "zh-CN",
            authors: vec!["作者".to_owned()],
            date: Some("2022-07"),
            uuid: uuid::Uuid::from_u128(0x1234),
            toc_name: "目录",
            timestamp: Timestamp::DEFAULT,
            properties: vec![
                Property {
                    property: "belongs-to-collection",
                    value: "甲 & 乙".to_owned(),
                    id: Some("series"),
                    refines: None,
                },
                Property {
                    property: "group-position",
                    value: "4".to_owned(),
                    id: None,
                    refines: Some("#series"),
                },
            ],
            stylesheet: b"p { margin: 0 }",
            resources,
            cover: Some(Cover {
                image_href: "images/cover.png",
                media_type: "image/png",
                image: b"\x89PNG cover",
                page: Page {
                    href: "cover.xhtml",
                    xhtml: b"<cover/>",
                    landmark: Some(("标题", Landmark::Cover)),
                },
            }),
            pages: vec![
                Page {
                    href: "titlepage.xhtml",
                    xhtml: b"<title/>",
                    landmark: Some(("标题", Landmark::TitlePage)),
                },
                Page { href: "chapter-001.xhtml", xhtml: b"<one/>", landmark: Some(("一", Landmark::Text)) },
                Page { href: "chapter-002.xhtml", xhtml: b"<two/>", landmark: None },
            ],
            nav: b"<nav/>",
            ncx: b"<ncx/>",
            rtl: false,
            source: None,
        }
    }

    fn resources() -> Vec<Resource<'static>> {
        vec![
            Resource { href: "fonts/Serif-subset.ttf", media_type: "font/ttf", data: Data::Raw(b"font") },
            Resource { href: "images/image-001.png", media_type: "image/png", data: Data::Raw(b"\x89PNG") },
        ]
    }

    /// An entry of a zip: name, whether stored, modification time (year, month, day, hour), bytes.
    type Entry = (String, bool, (u16, u8, u8, u8), Vec<u8>);

    fn entries(zip: &[u8]) -> Vec<Entry> {
        let mut archive = ZipArchive::new(Cursor::new(zip)).expect("a zip");
        (0..archive.len())
            .map(|i| {
                let mut file = archive.by_index(i).expect("entry");
                let mut bytes = Vec::new();
                file.read_to_end(&mut bytes).expect("reads");
                let t = file.last_modified().unwrap_or_default();
                let stored = file.compression() == zip::CompressionMethod::Stored;
                (file.name().to_owned(), stored, (t.year(), t.month(), t.day(), t.hour()), bytes)
            })
            .collect()
    }

    fn raw_opf(book: &Book) -> String {
        let raw = generate(book).expect("generates");
        let entries = entries(&raw);
        let opf = entries.iter().find(|e| e.0 == OPF_ENTRY).expect("a package document");
        String::from_utf8(opf.3.clone()).expect("utf-8")
    }

    #[test]
    fn epub_builder_gives_language_and_creator_one_id() {
        let resources = resources();
        let raw = raw_opf(&book(&resources));
        assert!(raw.contains("<dc:language id=\"epub-creator-0\">zh-CN</dc:language>"), "{raw}");
        assert!(raw.contains("<dc:creator id=\"epub-creator-0\">作者</dc:creator>"), "{raw}");
        let patched = patch_opf(&raw, None, None, &[]).expect("patches");
        assert!(patched.contains("<dc:language id=\"epub-language-0\">zh-CN</dc:language>"), "{patched}");
        assert!(patched.contains("<dc:creator id=\"epub-creator-0\">作者</dc:creator>"), "{patched}");
        assert_eq!(patched.matches("id=\"epub-creator-0\"").count(), 1);
    }

    #[test]
    fn epub_builder_writes_the_anchors_the_opf_patch_needs() {
        let resources = resources();
        let raw = raw_opf(&book(&resources));
        assert_eq!(raw.matches(TITLE_END).count(), 1, "{raw}");
        assert_eq!(raw.matches(STYLESHEET_ITEM).count(), 1, "{raw}");
        assert!(!raw.contains("<dc:date>"), "epub-builder writes a date of its own now: {raw}");
        let patched = patch_opf(&raw, Some("2022-07"), Some("源"), &resources).expect("patches");
        assert!(patched.contains("<dc:title>标题</dc:title>\n    <dc:source id=\"pagination-source\">源</dc:source>\n    <dc:date>2022-07</dc:date>"), "{patched}");
        let items = format!(
            "{STYLESHEET_ITEM}\n    {}\n    {}",
            manifest_item(&resources[0]),
            manifest_item(&resources[1])
        );
        assert!(patched.contains(&items), "{patched}");
        // Without its anchor, the resources' items cannot go in: an error, not a book without them.
        assert!(patch_opf(&raw.replace(STYLESHEET_ITEM, ""), None, None, &resources).is_err());
    }

    #[test]
    fn a_vertical_book_turns_its_pages_to_the_right() {
        let raw = raw_opf(&book(&resources()));
        assert_eq!(raw.matches(LTR_SPINE).count(), 1, "{raw}");
        let turned = right_to_left(&raw).expect("turns");
        assert!(turned.contains("<spine toc=\"ncx\" page-progression-direction=\"rtl\">"), "{turned}");
        assert!(right_to_left(&raw.replace(LTR_SPINE, "")).is_err());
    }

    #[test]
    fn manifest_items_are_written_as_epub_builder_writes_its_own() {
        let mut builder = EpubBuilder::new(ZipLibrary::new().expect("zip")).expect("builder");
        builder.epub_version(EpubVersion::V33);
        let resources = resources();
        for r in &resources {
            builder.add_resource(r.href, &b"x"[..], r.media_type).expect("adds");
        }
        let mut raw = Vec::new();
        builder.generate(&mut raw).expect("generates");
        let opf = entries(&raw).into_iter().find(|e| e.0 == OPF_ENTRY).expect("opf").3;
        let opf = String::from_utf8(opf).expect("utf-8");
        for r in &resources {
            assert!(
                opf.contains(&manifest_item(r)),
                "{} not as epub-builder writes it: {opf}",
                manifest_item(r)
            );
        }
    }

    #[test]
    fn epub_builder_does_not_escape_meta_content() {
        let mut meta = MetadataOpfV3::new("belongs-to-collection".to_owned(), "甲 & 乙".to_owned());
        meta.id = Some("series".to_owned());
        let mut builder = EpubBuilder::new(ZipLibrary::new().expect("zip")).expect("builder");
        builder.epub_version(EpubVersion::V33);
        builder.add_metadata_opf(Box::new(meta));
        let mut raw = Vec::new();
        builder.generate(&mut raw).expect("generates");
        let opf = entries(&raw).into_iter().find(|e| e.0 == OPF_ENTRY).expect("opf").3;
        assert!(String::from_utf8_lossy(&opf).contains(">甲 & 乙<"), "epub-builder escapes meta content now");
        // …so `generate` escapes it, once.
        let resources = resources();
        let ours = raw_opf(&book(&resources));
        assert!(ours.contains(">甲 &amp; 乙<") && ours.contains("refines=\"#series\""), "{ours}");
    }

    #[test]
    fn add_refines_still_sets_the_id() {
        let mut meta = MetadataOpfV3::new("group-position".to_owned(), "4".to_owned());
        meta.add_refines("#series".to_owned());
        assert_eq!((meta.id.as_deref(), meta.refines.as_deref()), (Some("#series"), None));
    }

    #[test]
    fn epub_builder_writes_every_part_it_is_told_of() {
        let resources = resources();
        let book = book(&resources);
        let raw = generate(&book).expect("generates");
        let names: Vec<String> = entries(&raw).into_iter().map(|e| e.0).collect();
        for name in [
            "mimetype",
            "META-INF/container.xml",
            "META-INF/com.apple.ibooks.display-options.xml",
            OPF_ENTRY,
            STYLESHEET_ENTRY,
            "OEBPS/images/cover.png",
            "OEBPS/cover.xhtml",
            "OEBPS/titlepage.xhtml",
            "OEBPS/chapter-001.xhtml",
            "OEBPS/chapter-002.xhtml",
            "OEBPS/nav.xhtml",
            "OEBPS/toc.ncx",
        ] {
            assert!(names.iter().any(|n| n == name), "{name} missing from {names:?}");
        }
        let ibooks =
            entries(&raw).into_iter().find(|e| e.0.ends_with("display-options.xml")).expect("ibooks").3;
        assert!(String::from_utf8_lossy(&ibooks).contains("\"specified-fonts\">true<"));
        // …and the repacked book: mimetype first and stored, every entry of the run's time, the parts in
        // place of the placeholders, the resources after the stylesheet.
        let bytes = package(&book).expect("packages");
        let out = entries(&bytes);
        assert_eq!((out[0].0.as_str(), out[0].1), ("mimetype", true));
        let (year, ..) = out[0].2;
        assert!(
            out.iter().all(|e| e.2 == out[0].2) && year < 2030,
            "{:?}",
            out.iter().map(|e| e.2).collect::<Vec<_>>()
        );
        let at = |name: &str| out.iter().position(|e| e.0 == name).unwrap_or_else(|| panic!("{name}"));
        assert_eq!(at("OEBPS/fonts/Serif-subset.ttf"), at(STYLESHEET_ENTRY) + 1);
        assert_eq!(at("OEBPS/images/image-001.png"), at(STYLESHEET_ENTRY) + 2);
        assert_eq!(out[at("OEBPS/chapter-002.xhtml")].3, b"<two/>");
        assert_eq!(out[at("OEBPS/nav.xhtml")].3, b"<nav/>");
        assert_eq!(out.len(), names.len() + resources.len());
        // A part epub-builder did not write is an error, not a book without it.
        let mut parts = BTreeMap::new();
        parts.insert("OEBPS/missing.xhtml".to_owned(), &b""[..]);
        assert!(repack(&raw, book.timestamp, &parts, &[], |opf| Ok(opf.to_owned())).is_err());
    }

    #[test]
    fn a_missing_anchor_is_reported() {
        let opf = "<dc:title>T</dc:title>\n<dc:language id=\"epub-creator-0\">zh</dc:language>";
        assert!(patch_opf(opf, Some("2022"), None, &[]).is_ok());
        // Where the book would lose something: an error (see also the tests above).
        assert!(patch_opf(opf, None, None, &resources()).is_err());
        // Where only epub-builder's flaw would stay: a debug assertion.
        if cfg!(debug_assertions) {
            let panics = |f: fn() -> Result<String, Error>| std::panic::catch_unwind(f).is_err();
            assert!(panics(|| patch_opf("<dc:title>T</dc:title>", None, None, &[])));
            assert!(panics(|| patch_opf(
                "<dc:language id=\"epub-creator-0\">zh</dc:language>",
                Some("2022"),
                None,
                &[]
            )));
        }
    }
}
