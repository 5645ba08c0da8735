//! EPUB 3 backend: a title page from `Meta`, one XHTML chapter per level-1 heading and per attachment (the
//! last closed by the 版记), a stylesheet mapped from the preset, a nested navigation document (with the
//! page list of the PDF made in the same run) and NCX; packaged through `vendor` (the mandated packager,
//! whose output is fixed up and re-zipped there so that the same document gives the same bytes).

mod css;
mod embed;
mod package;
mod vendor;
mod xhtml;

use super::{Output, RenderOptions};
use crate::diag::{Diagnostic, Error, Kind};
use crate::fonts::Face;
use crate::layout::page_map::PageStart;
use crate::model::{Block, Document, Meta};
use crate::subset::{Cuts, FontPlan};
use crate::title_block;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use xhtml::{clean_label, NavEntry, Page};

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

/// Whether `href` is the cover image's, which the packager declares itself.
fn is_cover(href: &str) -> bool {
    href.starts_with(COVER_IMAGE)
}

/// Renders `doc` as an EPUB 3 file.
pub fn render(doc: &Document, options: &RenderOptions) -> Result<Output, Error> {
    let prepared = prepare(doc, options, &[])?;
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
    /// `None` for an untitled document, whose book opens with its body.
    title_page: Option<Page>,
    chapters: Vec<Page>,
    nav: Vec<NavEntry>,
    body_start: Option<String>,
    /// How many pages the print edition whose page breaks the book marks has (0: none marked).
    print_pages: usize,
    /// The characters set in each face, after fallback; empty when fonts are not embedded.
    usage: BTreeMap<Face, BTreeSet<char>>,
}

impl Prepared<'_> {
    /// The characters set in each face.
    pub fn usage(&self) -> BTreeMap<Face, BTreeSet<char>> {
        self.usage.clone()
    }
}

/// Writes the pages of `doc` and collects the characters of each face. `print_pages` is where each page
/// of the PDF made from `doc` in the same run begins (empty when there is none): the book marks them and
/// lists them in its page list.
pub(crate) fn prepare<'a>(
    doc: &'a Document,
    options: &RenderOptions<'a>,
    print_pages: &[PageStart],
) -> Result<Prepared<'a>, Error> {
    let mut diagnostics = Vec::new();
    let meta = &doc.meta;
    let lang = language(&meta.lang, &mut diagnostics);
    let title = clean_label(&meta.display_title());
    let uuid = content_uuid(doc);
    let uid = uuid.urn().to_string();

    let style = options.style;
    let mut writer = xhtml::Writer::new(style, &doc.resources);
    writer.sealed = meta.sealed;
    writer.page_breaks = xhtml::PageBreaks::new(print_pages, doc.blocks.len());
    // A cover that the body shows too is one file: the body's `<img>` points at the cover image.
    if let Some((key, file)) = cover_image(doc) {
        writer.images.insert(key.to_owned(), file);
    }
    let title_page =
        xhtml::title_page(meta, &doc.blocks, &lang, style, &mut writer.usage, &mut writer.page_breaks);
    let record = title_block::record(meta);
    let mut split =
        split_chapters(&doc.blocks, style.chapter_sink_pt.is_some(), style.official.attachment_new_page);
    if split.is_empty() && (!record.is_empty() || title_page.is_none()) {
        // A 版记 alone still needs a file to stand in, and a book at least one page.
        split.push(&[]);
    }
    let parts: Vec<(String, &[Block])> = split
        .into_iter()
        .enumerate()
        .map(|(i, blocks)| (format!("chapter-{:03}.xhtml", i + 1), blocks))
        .collect();
    writer.link_headings(crate::link::Anchors::new(doc), &parts);
    let last = parts.len().saturating_sub(1);
    let chapters: Vec<Page> = parts
        .iter()
        .enumerate()
        .map(|(i, (href, blocks))| {
            let record = (i == last && !record.is_empty()).then_some(&record);
            writer.chapter(href, &lang, &title, blocks, record)
        })
        .collect();
    diagnostics.append(&mut writer.diagnostics);

    let body_start = chapters.first().map(|c| c.href.clone());
    let labels = package::Labels::for_lang(&lang);
    let mut nav = Vec::new();
    if title_page.is_some() {
        nav.push(NavEntry { level: 1, href: TITLE_PAGE.to_owned(), title: title.clone() });
    } else if let Some((href, _)) =
        parts.first().filter(|(_, b)| !matches!(b.first(), Some(Block::Heading { .. })))
    {
        // An untitled book's contents open at its text, named as the landmarks name it, not by the file.
        nav.push(NavEntry { level: 1, href: href.clone(), title: labels.body.to_owned() });
    }
    nav.extend(chapters.iter().flat_map(|c| c.headings.iter().cloned()));

    if writer.usage.illegal > 0 {
        diagnostics.push(super::xml::replaced(writer.usage.illegal, "epub"));
    }

    let usage = if options.embed_fonts {
        // The navigation document is shown too: its heading in the level-1 face, its entries in the body face.
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
        print_pages: print_pages.len(),
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
        print_pages,
        usage,
    } = prepared;
    let meta = &doc.meta;
    let style = options.style;
    let mut stylesheet = css::stylesheet(style);
    css::official_rules(&mut stylesheet, style, meta.sealed);
    if writer.scripts_used {
        css::script_rules(&mut stylesheet, style);
    }
    if style.vertical {
        stylesheet = css::vertical(&stylesheet);
    }
    let fonts = embed::embed(usage.keys().copied(), options.fonts, cuts, &mut diagnostics);
    // An embedded face goes by the family the style chose only when that family was found: a bundled
    // stand-in keeps its own name, so a reader that has the chosen family installed still uses it.
    let embedded_as = style.fonts.keeping(|face| options.fonts.draws_chosen(face));
    stylesheet.insert_str(0, &embed::font_face_rules(&fonts, &embedded_as));

    let resources: Vec<vendor::Resource> = fonts
        .iter()
        .map(|font| vendor::Resource {
            href: &font.href,
            media_type: font.media_type,
            data: vendor::Data::Packed(font.packed),
        })
        .chain(writer.images.values().filter(|image| !is_cover(&image.href)).map(|image| vendor::Resource {
            href: &image.href,
            media_type: image.media_type,
            data: vendor::Data::Raw(image.data),
        }))
        .collect();
    let cover = cover_image(doc).map(|(_, file)| file);
    let cover_page = cover.as_ref().map(|file| xhtml::cover_page(&lang, &title, &file.href));
    let cover_part = match (&cover, &cover_page) {
        (Some(file), Some(page)) => Some(vendor::Cover {
            image_href: &file.href,
            media_type: file.media_type,
            image: file.data,
            page: vendor::Page {
                href: COVER_PAGE,
                xhtml: page.as_bytes(),
                landmark: Some((&title, vendor::Landmark::Cover)),
            },
        }),
        _ => None,
    };
    let mut pages: Vec<vendor::Page> = title_page
        .iter()
        .map(|page| vendor::Page {
            href: TITLE_PAGE,
            xhtml: page.xhtml.as_bytes(),
            landmark: Some((&title, vendor::Landmark::TitlePage)),
        })
        .collect();
    for (i, chapter) in chapters.iter().enumerate() {
        // The first is titled so that the guide gets its `text` reference; the navigation document is our own.
        let landmark = (i == 0).then(|| {
            let first = chapter.headings.first().map_or(title.as_str(), |h| h.title.as_str());
            (first, vendor::Landmark::Text)
        });
        pages.push(vendor::Page { href: &chapter.href, xhtml: chapter.xhtml.as_bytes(), landmark });
    }
    let page_breaks = &writer.page_breaks.placed;
    let cover_href = cover.as_ref().map(|_| COVER_PAGE);
    let nav_xhtml =
        package::nav_xhtml(&lang, &nav, title_page.is_some(), body_start.as_deref(), cover_href, page_breaks);
    let paginated = !page_breaks.is_empty();
    let source = paginated.then(|| print_source(&lang, &title, print_pages));
    let toc_ncx = package::toc_ncx(&lang, &uid, &title, &nav);
    let date = meta.date.as_deref().map(str::trim).filter(|d| title_block::parse_iso_date(d).is_some());
    // The packager refines each creator with the MARC relator `aut`; the office (`role`) is shown on the
    // title page, as it is not a relator.
    let authors =
        meta.authors.iter().map(|person| clean_label(&person.name)).filter(|name| !name.is_empty()).collect();
    let mut properties = series(meta);
    let images = writer.images.values().filter(|image| !is_cover(&image.href)).count();
    if paginated {
        properties.push(vendor::Property {
            property: "source-of",
            value: "pagination".to_owned(),
            id: None,
            refines: Some(vendor::SOURCE_REF),
        });
    }
    properties.extend(accessibility(&lang, images, writer.undescribed.len(), paginated));
    if !writer.undescribed.is_empty() {
        let list: Vec<&str> = writer.undescribed.iter().map(String::as_str).take(5).collect();
        let more = writer.undescribed.len().saturating_sub(list.len());
        let more = if more > 0 { format!(" and {more} more") } else { String::new() };
        diagnostics.push(
            Diagnostic::warning(
                Kind::Resource,
                format!(
                    "{} image(s) have no alt text ({}{more}): screen readers can only say \"image\"; describe \
                     each (![描述](file) in Markdown). The EPUB does not claim alternative text or EPUB \
                     Accessibility conformance",
                    writer.undescribed.len(),
                    list.join(", ")
                ),
            )
            .at("epub"),
        );
    }
    let book = vendor::Book {
        title: &title,
        lang: &lang,
        authors,
        date,
        uuid,
        toc_name: package::Labels::for_lang(&lang).contents,
        timestamp: options.timestamp,
        properties,
        stylesheet: stylesheet.as_bytes(),
        resources: &resources,
        cover: cover_part,
        pages,
        nav: nav_xhtml.as_bytes(),
        ncx: toc_ncx.as_bytes(),
        rtl: style.vertical,
        source: source.as_deref(),
    };
    let bytes = vendor::package(&book)?;
    Ok(Output { bytes, diagnostics })
}

/// The body split into files, each a new page where reading systems paginate: with `chapters_apart` (the
/// style opens chapters on a new page, [`crate::style::Style::chapter_sink_pt`]) before every level-1
/// heading after the first, what precedes the first heading staying with it; else the body is one file, as
/// the PDF runs its sections on. With `attachments_apart` (GB/T 9704 §7.3.7: each attachment starts a new
/// page) every attachment is a file of its own.
fn split_chapters(blocks: &[Block], chapters_apart: bool, attachments_apart: bool) -> Vec<&[Block]> {
    let mut chapters = Vec::new();
    let mut start = 0;
    let mut seen_top = false;
    let mut after_attachment = false;
    for (i, block) in blocks.iter().enumerate() {
        let top = chapters_apart && matches!(block, Block::Heading { level, .. } if *level <= 1);
        let attachment = attachments_apart && matches!(block, Block::Attachment { .. });
        if i > start && (attachment || after_attachment || (top && seen_top)) {
            chapters.push(blocks.get(start..i).unwrap_or_default());
            start = i;
        }
        seen_top |= top;
        after_attachment = attachment;
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
        return crate::zh::script::region_tag(lang);
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

/// What EPUB Accessibility 1.1 conformance is claimed as (`dcterms:conformsTo`), when it holds.
const CONFORMANCE: &str = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA";

/// What the book names as the source of its page breaks (`dc:source`): the PDF of the same run, by the
/// title and page count they share, in the book's script.
fn print_source(lang: &str, title: &str, pages: usize) -> String {
    let page = if crate::zh::script::is_traditional(lang) { "頁" } else { "页" };
    format!("{title}（PDF，共 {pages} {page}）")
}

/// Schema.org accessibility metadata (EPUB Accessibility 1.1), as true as the book makes it: text with
/// structure, a navigable table of contents and a reading order; `images` pictures of which `undescribed`
/// have no text alternative; the print edition's page breaks and page list when `paginated`; nothing that
/// flashes or moves. The summary is in the book's language. The book claims conformance to EPUB
/// Accessibility 1.1 (WCAG 2.1 AA) when every image is described: its language, headings, navigation,
/// reading order and black-on-white text hold for every book it writes.
fn accessibility(lang: &str, images: usize, undescribed: usize, paginated: bool) -> Vec<vendor::Property> {
    let described = undescribed == 0;
    let mut entries = vec![("schema:accessMode", "textual")];
    if images > 0 {
        entries.push(("schema:accessMode", "visual"));
    }
    entries.push(("schema:accessModeSufficient", if described { "textual" } else { "textual,visual" }));
    entries.extend([
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "readingOrder"),
    ]);
    if images > 0 && described {
        entries.push(("schema:accessibilityFeature", "alternativeText"));
    }
    if paginated {
        entries.push(("schema:accessibilityFeature", "pageBreakMarkers"));
        entries.push(("schema:accessibilityFeature", "pageNavigation"));
    }
    entries.push(("schema:accessibilityHazard", "none"));
    let mut properties: Vec<vendor::Property> = entries
        .into_iter()
        .map(|(property, value)| vendor::Property {
            property,
            value: value.to_owned(),
            id: None,
            refines: None,
        })
        .collect();
    let traditional = crate::zh::script::is_traditional(lang);
    let opening = if traditional {
        "可重排的文字，有標題層級、可導覽的目錄和閱讀順序；"
    } else {
        "可重排的文字，有标题层级、可导航的目录和阅读顺序；"
    };
    let images_said = match (images, undescribed, traditional) {
        (0, _, false) => "没有图片。".to_owned(),
        (0, _, true) => "沒有圖片。".to_owned(),
        (_, 0, false) => "每幅图片都有替代文字。".to_owned(),
        (_, 0, true) => "每幅圖片都有替代文字。".to_owned(),
        (_, n, false) => format!("{images} 幅图片中有 {n} 幅没有替代文字。"),
        (_, n, true) => format!("{images} 幅圖片中有 {n} 幅沒有替代文字。"),
    };
    let pages_said = match (paginated, traditional) {
        (false, _) => "",
        (true, false) => "页码与同时生成的 PDF 一致，可按页码跳转。",
        (true, true) => "頁碼與同時產生的 PDF 一致，可依頁碼跳轉。",
    };
    properties.push(vendor::Property {
        property: "schema:accessibilitySummary",
        value: format!("{opening}{images_said}{pages_said}"),
        id: None,
        refines: None,
    });
    if described {
        properties.push(vendor::Property {
            property: "dcterms:conformsTo",
            value: CONFORMANCE.to_owned(),
            id: None,
            refines: None,
        });
    }
    properties
}

/// The series as an EPUB 3 collection: `belongs-to-collection` with id `series`, refined by its type and
/// the book's position in it.
fn series(meta: &Meta) -> Vec<vendor::Property> {
    let Some(series) = &meta.series else { return Vec::new() };
    let name = clean_label(&series.name);
    if name.is_empty() {
        return Vec::new();
    }
    let refining =
        |property, value: String| vendor::Property { property, value, id: None, refines: Some("#series") };
    let mut properties = vec![
        vendor::Property {
            property: "belongs-to-collection",
            value: name,
            id: Some("series"),
            refines: None,
        },
        refining("collection-type", "series".to_owned()),
    ];
    if let Some(index) = series.index {
        properties.push(refining("group-position", index.to_string()));
    }
    properties
}

#[cfg(test)]
mod official_tests;
#[cfg(test)]
mod page_list_tests;
#[cfg(test)]
mod tests;
