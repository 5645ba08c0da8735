//! Packaging fixes on top of epub-builder: our own navigation document and NCX (nested headings, `lang`),
//! patches to `content.opf`, and the deterministic container.
//!
//! epub-builder 0.8.3 (CRATES.md): `<dc:language>` and `<dc:creator>` share the id `epub-creator-0` (epubcheck
//! RSC-005), and every zip entry carries the wall-clock time. Its nav and NCX nest headings only one file deep
//! and leave out `lang` and `dtb:uid`, so both are replaced here.

use super::xhtml::{escape_attr, escape_text, NavEntry};
use crate::backend::container::{Container, Method};
use crate::backend::Timestamp;
use crate::diag::Error;
use crate::subset::Packed;
use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use zip::ZipArchive;

/// Words the navigation shows, in the script of the book.
pub(super) struct Labels {
    /// 目录
    pub contents: &'static str,
    /// 标题页
    pub title_page: &'static str,
    /// 正文
    pub body: &'static str,
    /// 封面
    pub cover: &'static str,
}

impl Labels {
    /// Traditional characters for `zh-Hant`, `zh-TW`, `zh-HK` and `zh-MO`; simplified otherwise.
    pub fn for_lang(lang: &str) -> Labels {
        let lower = lang.to_ascii_lowercase();
        let traditional = lower.starts_with("zh")
            && ["hant", "tw", "hk", "mo"].iter().any(|tag| lower.split('-').any(|sub| sub == *tag));
        if traditional {
            Labels { contents: "目錄", title_page: "標題頁", body: "正文", cover: "封面" }
        } else {
            Labels { contents: "目录", title_page: "标题页", body: "正文", cover: "封面" }
        }
    }
}

/// One entry of the table of contents with the entries nested under it.
#[derive(Debug)]
struct Node<'a> {
    entry: &'a NavEntry,
    children: Vec<Node<'a>>,
}

/// Entries in reading order → a tree: each entry holds the following entries of a deeper level.
fn tree<'a>(entries: &'a [NavEntry], next: &mut usize, parent_level: u8) -> Vec<Node<'a>> {
    let mut nodes = Vec::new();
    while let Some(entry) = entries.get(*next) {
        if entry.level <= parent_level {
            break;
        }
        *next += 1;
        let children = tree(entries, next, entry.level);
        nodes.push(Node { entry, children });
    }
    nodes
}

fn depth(nodes: &[Node]) -> usize {
    nodes.iter().map(|n| 1 + depth(&n.children)).max().unwrap_or(0)
}

fn nav_list(nodes: &[Node], out: &mut String) {
    out.push_str("<ol>\n");
    for node in nodes {
        out.push_str(&format!(
            "<li><a href=\"{}\">{}</a>",
            escape_attr(&node.entry.href),
            escape_text(&node.entry.title)
        ));
        if !node.children.is_empty() {
            out.push('\n');
            nav_list(&node.children, out);
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n");
}

/// The EPUB 3 navigation document: the nested table of contents and landmarks (title page, start of text).
/// `entries` starts with the title page; `body_start` is the first chapter's file, if any; `cover` the cover
/// page's, if the book has one.
pub(super) fn nav_xhtml(
    lang: &str,
    entries: &[NavEntry],
    body_start: Option<&str>,
    cover: Option<&str>,
) -> String {
    let mut next = 0;
    let nodes = tree(entries, &mut next, 0);
    let mut toc = String::new();
    nav_list(&nodes, &mut toc);
    let labels = Labels::for_lang(lang);
    let mut landmarks = String::new();
    if let Some(href) = cover {
        landmarks.push_str(&format!(
            "<li><a epub:type=\"cover\" href=\"{}\">{}</a></li>\n",
            escape_attr(href),
            labels.cover
        ));
    }
    landmarks.push_str(&format!(
        "<li><a epub:type=\"titlepage\" href=\"titlepage.xhtml\">{}</a></li>\n",
        labels.title_page
    ));
    // No `toc` landmark: the navigation document is not in the spine, and epubcheck (RSC-011) rejects
    // landmarks that point outside it.
    if let Some(href) = body_start {
        landmarks.push_str(&format!(
            "<li><a epub:type=\"bodymatter\" href=\"{}\">{}</a></li>\n",
            escape_attr(href),
            labels.body
        ));
    }
    let contents = labels.contents;
    let lang = escape_attr(lang);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" \
         xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\">\n<head>\n<title>{contents}</title>\n\
         <link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n<body>\n\
         <nav epub:type=\"toc\" id=\"toc\">\n<h1>{contents}</h1>\n{toc}</nav>\n\
         <nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n<ol>\n{landmarks}</ol>\n</nav>\n\
         </body>\n</html>\n"
    )
}

fn nav_points(nodes: &[Node], order: &mut usize, indent: usize, out: &mut String) {
    for node in nodes {
        *order += 1;
        let pad = "  ".repeat(indent);
        out.push_str(&format!(
            "{pad}<navPoint id=\"navPoint-{order}\" playOrder=\"{order}\">\n{pad}  <navLabel><text>{}</text></navLabel>\n\
             {pad}  <content src=\"{}\"/>\n",
            escape_text(&node.entry.title),
            escape_attr(&node.entry.href),
        ));
        nav_points(&node.children, order, indent + 1, out);
        out.push_str(&format!("{pad}</navPoint>\n"));
    }
}

/// The EPUB 2 NCX, for reading systems that predate the navigation document.
pub(super) fn toc_ncx(lang: &str, uid: &str, title: &str, entries: &[NavEntry]) -> String {
    let mut next = 0;
    let nodes = tree(entries, &mut next, 0);
    let mut points = String::new();
    nav_points(&nodes, &mut 0, 2, &mut points);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" \
         version=\"2005-1\" xml:lang=\"{}\">\n  <head>\n    <meta name=\"dtb:uid\" content=\"{}\"/>\n    \
         <meta name=\"dtb:depth\" content=\"{}\"/>\n    <meta name=\"dtb:totalPageCount\" content=\"0\"/>\n    \
         <meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n  </head>\n  <docTitle><text>{}</text></docTitle>\n  \
         <navMap>\n{points}  </navMap>\n</ncx>\n",
        escape_attr(lang),
        escape_attr(uid),
        depth(&nodes).max(1),
        escape_text(title),
    )
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

/// The stylesheet's manifest item as epub-builder writes it; `resources` follow it.
const STYLESHEET_ITEM: &str = "href=\"stylesheet.css\"/>";

/// `content.opf` with the duplicate id fixed, `dc:date` added (epub-builder can only write a full
/// timestamp there, while documents often give just a year or month) and the manifest items of
/// `resources` after the stylesheet's.
pub(super) fn patch_opf(opf: &str, date: Option<&str>, resources: &[Resource]) -> String {
    let mut opf = opf.replace("<dc:language id=\"epub-creator-", "<dc:language id=\"epub-language-");
    if !resources.is_empty() {
        if let Some(at) = opf.find(STYLESHEET_ITEM) {
            let items: String = resources.iter().map(|r| format!("\n    {}", manifest_item(r))).collect();
            opf.insert_str(at + STYLESHEET_ITEM.len(), &items);
        }
    }
    if let Some(date) = date {
        if let Some(end) = opf.find("</dc:title>") {
            let at = end + "</dc:title>".len();
            opf.insert_str(at, &format!("\n    <dc:date>{}</dc:date>", escape_text(date)));
        }
    }
    opf
}

fn zip_error(e: impl std::fmt::Display) -> Error {
    Error::backend("epub", format!("zip container: {e}"))
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

/// Writes the final container from epub-builder's zip `raw`, once: `mimetype` first and stored, the other
/// entries in their original order with `resources` after the stylesheet, all with the same timestamp. An
/// entry named in `parts` gets those bytes (epub-builder was given an empty placeholder for it, so nothing
/// is inflated or compressed twice); any other entry is read from `raw` and passed through `patch`.
pub(super) fn repack(
    raw: &[u8],
    timestamp: Timestamp,
    parts: &BTreeMap<String, &[u8]>,
    resources: &[Resource],
    mut patch: impl FnMut(&str, Vec<u8>) -> Vec<u8>,
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
    let mut bytes = Vec::new();
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).map_err(zip_error)?;
        let name = file.name().to_owned();
        if name == "mimetype" || file.is_dir() {
            continue;
        }
        if let Some(part) = parts.get(&name) {
            drop(file);
            out.add(&name, part, method(&name)).map_err(zip_error)?;
            if name == "OEBPS/stylesheet.css" {
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
        let patched = patch(&name, std::mem::take(&mut bytes));
        out.add(&name, &patched, method(&name)).map_err(zip_error)?;
    }
    out.finish().map_err(zip_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(level: u8, href: &str) -> NavEntry {
        NavEntry { level, href: href.to_owned(), title: href.to_owned() }
    }

    #[test]
    fn nav_nests_deeper_headings_under_shallower_ones() {
        let entries = [entry(1, "a"), entry(2, "b"), entry(3, "c"), entry(2, "d"), entry(1, "e")];
        let mut next = 0;
        let nodes = tree(&entries, &mut next, 0);
        assert_eq!(nodes.len(), 2);
        assert_eq!(nodes[0].children.len(), 2);
        assert_eq!(nodes[0].children[0].children.len(), 1);
        assert_eq!(depth(&nodes), 3);
    }

    #[test]
    fn opf_patch_renames_language_id_and_adds_date() {
        let opf = "<dc:title>T</dc:title>\n<dc:language id=\"epub-creator-0\">zh-CN</dc:language>\n\
                   <dc:creator id=\"epub-creator-0\">A</dc:creator>";
        let patched = patch_opf(opf, Some("2022-07-15"), &[]);
        assert!(patched.contains("<dc:language id=\"epub-language-0\">"));
        assert!(patched.contains("<dc:creator id=\"epub-creator-0\">"));
        assert!(patched.contains("<dc:date>2022-07-15</dc:date>"));
    }
}
