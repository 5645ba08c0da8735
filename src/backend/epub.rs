//! EPUB 3 backend: a title page from `Meta`, one XHTML chapter per level-1 heading, a stylesheet mapped from
//! the preset, a nested navigation document and NCX; packaged by epub-builder and then re-zipped so that the
//! same document gives the same bytes (CRATES.md lists the epub-builder bugs worked around here).

mod css;
mod embed;
mod package;
mod xhtml;

use super::{Output, RenderOptions};
use crate::diag::{Diagnostic, Error, Kind};
use crate::fonts::Face;
use crate::model::{Block, Document, Meta};
use crate::subset::{Cuts, FontPlan};
use crate::title_block;
use epub_builder::{EpubBuilder, EpubContent, EpubVersion, MetadataOpfV3, ReferenceType, ZipLibrary};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use xhtml::{clean_label, escape_text, NavEntry, Page};

const TITLE_PAGE: &str = "titlepage.xhtml";
const COVER_PAGE: &str = "cover.xhtml";
/// The cover image's path without its extension; body images are `images/image-NNN.ext`.
const COVER_IMAGE: &str = "images/cover.";

/// The cover image: `meta.extra["cover"]` naming an image of `Document.resources` that every reader can
/// show, with its resource key. The model has no cover field of its own; a reader that finds one (e.g.
/// front matter `cover:`) records its key there.
fn cover_image(doc: &Document) -> Option<(&str, xhtml::ImageFile<'_>)> {
    let key = doc.meta.extra.get("cover")?.trim();
    let resource = doc.resources.get(key)?;
    let ext = xhtml::image_extension(&resource.media_type)?;
    let file = xhtml::ImageFile {
        href: format!("{COVER_IMAGE}{ext}"),
        media_type: resource.media_type.as_str(),
        data: resource.data.as_slice(),
    };
    Some((key, file))
}

/// Whether `href` is the cover image's, which epub-builder declares itself.
fn is_cover(href: &str) -> bool {
    href.starts_with(COVER_IMAGE)
}

fn builder_error(e: epub_builder::Error) -> Error {
    Error::backend("epub", e)
}

/// Renders `doc` as an EPUB 3 file.
pub fn render(doc: &Document, options: &RenderOptions) -> Result<Output, Error> {
    let prepared = prepare(doc, options)?;
    let plan = FontPlan::new(&prepared.usage(), options.fonts);
    let cuts = plan.cut();
    write(prepared, &cuts, options)
}

/// The book written but not packaged, its fonts not yet planned: [`crate::backend::render_all`] plans them
/// with the PDF's.
pub(crate) struct Prepared<'a> {
    doc: &'a Document,
    diagnostics: Vec<Diagnostic>,
    lang: String,
    title: String,
    uuid: uuid::Uuid,
    uid: String,
    writer: xhtml::Writer<'a>,
    title_page: Page,
    chapters: Vec<Page>,
    nav: Vec<NavEntry>,
    body_start: Option<String>,
    /// The characters set in each face, after fallback; empty when fonts are not embedded.
    usage: BTreeMap<Face, BTreeSet<char>>,
}

impl Prepared<'_> {
    /// The characters set in each face.
    pub fn usage(&self) -> BTreeMap<Face, BTreeSet<char>> {
        self.usage.clone()
    }
}

/// Writes the pages of `doc` and collects the characters of each face.
pub(crate) fn prepare<'a>(doc: &'a Document, options: &RenderOptions<'a>) -> Result<Prepared<'a>, Error> {
    let mut diagnostics = Vec::new();
    let meta = &doc.meta;
    let lang = language(&meta.lang, &mut diagnostics);
    let title = clean_label(&meta.display_title());
    let uuid = content_uuid(doc);
    let uid = uuid.urn().to_string();

    let style = options.style;
    let mut writer = xhtml::Writer::new(style, &doc.resources);
    // A cover that the body shows too is one file: the body's `<img>` points at the cover image.
    if let Some((key, file)) = cover_image(doc) {
        writer.images.insert(key.to_owned(), file);
    }
    let title_page = xhtml::title_page(meta, &lang, style, &mut writer.usage);
    let parts: Vec<(String, &[Block])> = split_chapters(&doc.blocks)
        .into_iter()
        .enumerate()
        .map(|(i, blocks)| (format!("chapter-{:03}.xhtml", i + 1), blocks))
        .collect();
    writer.link_headings(crate::link::Anchors::new(doc), &parts);
    let chapters: Vec<Page> =
        parts.iter().map(|(href, blocks)| writer.chapter(href, &lang, &title, blocks)).collect();
    diagnostics.append(&mut writer.diagnostics);

    let mut nav = vec![NavEntry { level: 1, href: TITLE_PAGE.to_owned(), title: title.clone() }];
    nav.extend(chapters.iter().flat_map(|c| c.headings.iter().cloned()));
    let body_start = chapters.first().map(|c| c.href.clone());

    if writer.usage.illegal > 0 {
        diagnostics.push(
            Diagnostic::warning(
                Kind::Encoding,
                format!("{} character(s) not allowed in XML removed", writer.usage.illegal),
            )
            .at("epub"),
        );
    }

    let usage = if options.embed_fonts {
        // The navigation document is shown too: its heading in the level-1 face, its entries in the body face.
        let labels = package::Labels::for_lang(&lang);
        writer.usage.add(style.heading(1).face, labels.contents);
        for entry in &nav {
            writer.usage.add(style.body.face, &entry.title);
        }
        embed::plan(&writer.usage, options.fonts, &mut diagnostics)
    } else {
        BTreeMap::new()
    };
    Ok(Prepared {
        doc,
        diagnostics,
        lang,
        title,
        uuid,
        uid,
        writer,
        title_page,
        chapters,
        nav,
        body_start,
        usage,
    })
}

/// Embeds the faces of [`Prepared::usage`] from `cuts` (of a font plan that holds at least that usage) and
/// packages the book.
pub(crate) fn write(prepared: Prepared<'_>, cuts: &Cuts, options: &RenderOptions) -> Result<Output, Error> {
    let Prepared {
        doc,
        mut diagnostics,
        lang,
        title,
        uuid,
        uid,
        writer,
        title_page,
        chapters,
        nav,
        body_start,
        usage,
    } = prepared;
    let meta = &doc.meta;
    let style = options.style;
    let mut stylesheet = css::stylesheet(style);
    let fonts = embed::embed(usage.keys().copied(), options.fonts, cuts, &mut diagnostics);
    // An embedded face goes by the family the style chose only when that family was found: a bundled
    // stand-in keeps its own name, so a reader that has the chosen family installed still uses it.
    let embedded_as = style.fonts.keeping(|face| options.fonts.draws_chosen(face));
    stylesheet.insert_str(0, &embed::font_face_rules(&fonts, &embedded_as));

    let mut builder = EpubBuilder::new(ZipLibrary::new().map_err(builder_error)?).map_err(builder_error)?;
    // EPUB 3.3 keeps `version="3.0"` in the package document; epub-builder writes the same files for both.
    builder.epub_version(EpubVersion::V33);
    builder.set_title(title.as_str());
    builder.add_language(lang.as_str());
    for person in &meta.authors {
        let name = clean_label(&person.name);
        if !name.is_empty() {
            // epub-builder refines each creator with the MARC relator `aut`; the office (`role`) is shown on
            // the title page, as it is not a relator.
            builder.add_author(name);
        }
    }
    builder.set_generator("paiban");
    builder.set_toc_name(package::Labels::for_lang(&lang).contents);
    builder.set_uuid(uuid);
    let modified = chrono::DateTime::from_timestamp(options.timestamp.0, 0).unwrap_or_default();
    builder.set_modified_date(modified);
    add_series(&mut builder, meta);
    add_accessibility(&mut builder, !writer.images.is_empty());
    // epub-builder writes the manifest, spine and guide (content.opf) and the container; every other part
    // it is given as an empty placeholder, and the real bytes go straight into the final container
    // (`package::repack`): handing it the stylesheet, fonts, images and chapters would have them deflated
    // into a zip only for `repack` to inflate them again. Fonts and images (but the cover) are not given to
    // it at all: they need only a manifest item, which `package::patch_opf` adds, and each entry of its zip
    // costs a fresh deflate state (~270 KB allocated and zeroed) even when empty.
    let mut parts: BTreeMap<String, &[u8]> = BTreeMap::new();
    let oebps = |href: &str| format!("OEBPS/{href}");
    builder.stylesheet(&[][..]).map_err(builder_error)?;
    parts.insert(oebps("stylesheet.css"), stylesheet.as_bytes());
    let resources: Vec<package::Resource> = fonts
        .iter()
        .map(|font| package::Resource {
            href: &font.href,
            media_type: font.media_type,
            data: package::Data::Packed(font.packed),
        })
        .chain(writer.images.values().filter(|image| !is_cover(&image.href)).map(|image| package::Resource {
            href: &image.href,
            media_type: image.media_type,
            data: package::Data::Raw(image.data),
        }))
        .collect();
    let cover = cover_image(doc).map(|(_, file)| file);
    let cover_page = cover.as_ref().map(|file| xhtml::cover_page(&lang, &title, &file.href));
    if let (Some(file), Some(page)) = (&cover, &cover_page) {
        builder.add_cover_image(file.href.as_str(), &[][..], file.media_type).map_err(builder_error)?;
        parts.insert(oebps(&file.href), file.data);
        builder
            .add_content(
                EpubContent::new(COVER_PAGE, &[][..]).title(title.as_str()).reftype(ReferenceType::Cover),
            )
            .map_err(builder_error)?;
        parts.insert(oebps(COVER_PAGE), page.as_bytes());
    }
    builder
        .add_content(
            EpubContent::new(TITLE_PAGE, &[][..]).title(title.as_str()).reftype(ReferenceType::TitlePage),
        )
        .map_err(builder_error)?;
    parts.insert(oebps(TITLE_PAGE), title_page.xhtml.as_bytes());
    for (i, chapter) in chapters.iter().enumerate() {
        let mut content = EpubContent::new(chapter.href.as_str(), &[][..]);
        if i == 0 {
            // Titled so that the guide gets its `text` reference; the navigation document is our own.
            let first = chapter.headings.first().map_or(title.as_str(), |h| h.title.as_str());
            content = content.title(first).reftype(ReferenceType::Text);
        }
        builder.add_content(content).map_err(builder_error)?;
        parts.insert(oebps(&chapter.href), chapter.xhtml.as_bytes());
    }
    let mut raw = Vec::new();
    builder.generate(&mut raw).map_err(builder_error)?;

    let nav_xhtml =
        package::nav_xhtml(&lang, &nav, body_start.as_deref(), cover.as_ref().map(|_| COVER_PAGE));
    parts.insert(oebps("nav.xhtml"), nav_xhtml.as_bytes());
    let toc_ncx = package::toc_ncx(&lang, &uid, &title, &nav);
    parts.insert(oebps("toc.ncx"), toc_ncx.as_bytes());
    let date = meta.date.as_deref().map(str::trim).filter(|d| title_block::parse_iso_date(d).is_some());
    // epub-builder already writes `META-INF/com.apple.ibooks.display-options.xml` with `specified-fonts`
    // true, without which Apple Books ignores the embedded fonts.
    let bytes = package::repack(&raw, options.timestamp, &parts, &resources, |name, bytes| match name {
        "OEBPS/content.opf" => {
            package::patch_opf(&String::from_utf8_lossy(&bytes), date, &resources).into_bytes()
        }
        _ => bytes,
    })?;
    Ok(Output { bytes, diagnostics })
}

/// The body split before every level-1 heading after the first; what precedes the first heading stays with
/// it, so a document without level-1 headings is one chapter.
fn split_chapters(blocks: &[Block]) -> Vec<&[Block]> {
    let mut chapters = Vec::new();
    let mut start = 0;
    let mut seen_top = false;
    for (i, block) in blocks.iter().enumerate() {
        if matches!(block, Block::Heading { level, .. } if *level <= 1) {
            if seen_top {
                chapters.push(blocks.get(start..i).unwrap_or_default());
                start = i;
            }
            seen_top = true;
        }
    }
    if start < blocks.len() {
        chapters.push(blocks.get(start..).unwrap_or_default());
    }
    chapters
}

/// `meta.lang` if it is a well-formed language tag (epubcheck rejects others in `dc:language`), else `zh-CN`.
fn language(lang: &str, diagnostics: &mut Vec<Diagnostic>) -> String {
    let lang = lang.trim();
    let mut subtags = lang.split('-');
    let primary_ok = subtags
        .next()
        .is_some_and(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()));
    if primary_ok
        && subtags.all(|s| (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()))
    {
        return lang.to_owned();
    }
    diagnostics.push(
        Diagnostic::warning(Kind::Unsupported, format!("language tag `{lang}` is not BCP 47; using zh-CN"))
            .at("epub"),
    );
    "zh-CN".to_owned()
}

/// A name-based (version 5 layout) UUID from the SHA-256 of the document, so the identifier is stable across
/// runs and differs between documents.
fn content_uuid(doc: &Document) -> uuid::Uuid {
    /// Feeds the JSON straight into the hash: no copy of the whole document as a string (~2× its text).
    struct Hashing<'a>(&'a mut Sha256);
    impl std::io::Write for Hashing<'_> {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.update(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut hasher = Sha256::new();
    if serde_json::to_writer(std::io::BufWriter::with_capacity(16_384, Hashing(&mut hasher)), doc).is_err() {
        // Serialising a plain data model cannot fail in practice; the title and text still identify it.
        hasher = Sha256::new();
        hasher.update(doc.meta.display_title().as_bytes());
        hasher.update(format!("{:?}", doc.blocks).as_bytes());
    }
    let digest = hasher.finalize();
    let mut bytes = [0u8; 16];
    for (slot, byte) in bytes.iter_mut().zip(digest.iter()) {
        *slot = *byte;
    }
    uuid::Builder::from_sha1_bytes(bytes).into_uuid()
}

/// Schema.org accessibility metadata (EPUB Accessibility 1.1): the book is text with structure and a
/// navigable table of contents; images, when there are any, carry alt text; nothing flashes or moves.
fn add_accessibility(builder: &mut EpubBuilder<ZipLibrary>, has_images: bool) {
    let mut entries = vec![("schema:accessMode", "textual")];
    if has_images {
        entries.push(("schema:accessMode", "visual"));
    }
    entries.extend([
        ("schema:accessModeSufficient", "textual"),
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "readingOrder"),
    ]);
    if has_images {
        entries.push(("schema:accessibilityFeature", "alternativeText"));
    }
    entries.push(("schema:accessibilityHazard", "none"));
    let summary = if has_images {
        "Reflowable text with headings, a navigable table of contents and alternative text for images."
    } else {
        "Reflowable text with headings and a navigable table of contents; no images."
    };
    entries.push(("schema:accessibilitySummary", summary));
    for (property, value) in entries {
        builder.add_metadata_opf(Box::new(MetadataOpfV3::new(property.to_owned(), value.to_owned())));
    }
}

/// The series as an EPUB 3 collection. `MetadataOpfV3::add_refines` sets `id` instead of `refines`
/// (CRATES.md), so the fields are assigned directly; its content is not escaped by the crate, so it is here.
fn add_series(builder: &mut EpubBuilder<ZipLibrary>, meta: &Meta) {
    let Some(series) = &meta.series else { return };
    let name = clean_label(&series.name);
    if name.is_empty() {
        return;
    }
    let mut collection = MetadataOpfV3::new("belongs-to-collection".to_owned(), escape_text(&name));
    collection.id = Some("series".to_owned());
    builder.add_metadata_opf(Box::new(collection));
    let mut kind = MetadataOpfV3::new("collection-type".to_owned(), "series".to_owned());
    kind.refines = Some("#series".to_owned());
    builder.add_metadata_opf(Box::new(kind));
    if let Some(index) = series.index {
        let mut position = MetadataOpfV3::new("group-position".to_owned(), index.to_string());
        position.refines = Some("#series".to_owned());
        builder.add_metadata_opf(Box::new(position));
    }
}

#[cfg(test)]
mod tests;
