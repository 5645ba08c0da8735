//! Images of a Markdown document: resolved against the file's folder, confined to the input root, sniffed
//! and loaded into [`Document::resources`]. Anything that cannot be used safely stays its alt text, with a
//! warning saying why.
//!
//! Confinement is checked twice: lexically (so `../x.png` is refused even when it does not exist) and on the
//! canonical path (so a symlink inside the root that points outside is refused too). Remote URLs are never
//! fetched: converting a document must not talk to the network.

use crate::diag::{Diagnostic, Kind};
use crate::model::{Block, Document, Inline, Resource};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

/// Larger images are refused: a document is not the place for them, and reading them costs memory per job.
const MAX_IMAGE_BYTES: u64 = 32 * 1024 * 1024;

/// Where a document's images may come from.
#[derive(Debug, Clone, Copy)]
pub struct ImageBase<'a> {
    /// The Markdown file's folder: relative `src` paths are resolved against it.
    pub dir: &'a Path,
    /// The input root: no image may be read from outside it.
    pub root: &'a Path,
}

/// Loads every image `doc` refers to into `doc.resources`; without a base nothing is loaded (and that is
/// reported once).
pub fn load_images(doc: &mut Document, base: Option<ImageBase<'_>>) -> Vec<Diagnostic> {
    let mut sources = BTreeSet::new();
    collect_blocks(&doc.blocks, &mut sources);
    let mut diagnostics = Vec::new();
    if sources.is_empty() {
        return diagnostics;
    }
    let Some(base) = base else {
        diagnostics.push(Diagnostic::warning(
            Kind::Resource,
            format!("{} image(s) not loaded: no input folder is known; shown as alt text", sources.len()),
        ));
        return diagnostics;
    };
    for src in sources {
        match load(&src, base) {
            Ok(resource) => {
                doc.resources.insert(src, resource);
            }
            Err(reason) => diagnostics.push(Diagnostic::warning(
                Kind::Resource,
                format!("image `{src}` {reason}; shown as its alt text"),
            )),
        }
    }
    diagnostics
}

fn load(src: &str, base: ImageBase<'_>) -> Result<Resource, String> {
    if is_remote(src) {
        return Err("is a URL and remote files are never fetched".to_owned());
    }
    let decoded = percent_decode(src.split(['?', '#']).next().unwrap_or(src));
    if decoded.is_empty() {
        return Err("has no path".to_owned());
    }
    let relative = Path::new(&decoded);
    if relative.has_root() || decoded.starts_with('\\') || has_drive_letter(&decoded) {
        return Err("is an absolute path; only paths relative to the document are allowed".to_owned());
    }
    let root = normalize(base.root);
    let joined = normalize(&base.dir.join(relative));
    if !joined.starts_with(&root) {
        return Err("is outside the input folder".to_owned());
    }
    let canonical = joined.canonicalize().map_err(|_| "was not found".to_owned())?;
    let canonical_root = base.root.canonicalize().map_err(|_| "has no readable input folder".to_owned())?;
    if !canonical.starts_with(&canonical_root) {
        return Err("leads outside the input folder through a symbolic link".to_owned());
    }
    let size = std::fs::metadata(&canonical).map_err(|e| format!("could not be read ({e})"))?;
    if !size.is_file() {
        return Err("is not a file".to_owned());
    }
    if size.len() > MAX_IMAGE_BYTES {
        return Err(format!("is larger than {} MiB", MAX_IMAGE_BYTES / 1024 / 1024));
    }
    let data = std::fs::read(&canonical).map_err(|e| format!("could not be read ({e})"))?;
    let media_type = sniff(&data).ok_or("is not a PNG, JPEG, GIF or SVG image")?;
    Ok(Resource { media_type: media_type.to_owned(), data })
}

/// `scheme:` (http, https, data, file, …) or protocol-relative `//host/…`.
fn is_remote(src: &str) -> bool {
    if src.starts_with("//") {
        return true;
    }
    match src.split_once(':') {
        Some((scheme, _)) => {
            scheme.len() > 1
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

fn has_drive_letter(path: &str) -> bool {
    let bytes = path.as_bytes();
    bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':'
}

/// `a/./b/../c` → `a/c`, without touching the file system. `..` above the start is kept, so the result
/// then no longer starts with the root.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// `%20` → space; invalid escapes are kept as written. Also used for `#anchor` links in the PDF.
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (byte, hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(value)) => {
                out.push(value);
                i += 3;
            }
            _ => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The media type from the first bytes, never from the file name.
pub fn sniff(data: &[u8]) -> Option<&'static str> {
    if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some("image/png");
    }
    if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some("image/jpeg");
    }
    if data.starts_with(b"GIF87a") || data.starts_with(b"GIF89a") {
        return Some("image/gif");
    }
    let head = &data[..data.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{FEFF}').trim_start();
    let xml_like = text.starts_with("<?xml") || text.starts_with("<!--") || text.starts_with("<!DOCTYPE");
    if text.starts_with("<svg") || xml_like && text.contains("<svg") {
        return Some("image/svg+xml");
    }
    None
}

fn collect_blocks(blocks: &[Block], out: &mut BTreeSet<String>) {
    for block in blocks {
        match block {
            Block::Heading { content, .. } | Block::Paragraph { content, .. } => {
                collect_inlines(content, out)
            }
            Block::List { items, .. } => items.iter().for_each(|item| collect_blocks(item, out)),
            Block::Quote { blocks } => collect_blocks(blocks, out),
            Block::Table(table) => {
                table.head.iter().chain(&table.body).flatten().for_each(|cell| collect_inlines(cell, out))
            }
            Block::Figure { image, caption } => {
                out.insert(image.src.clone());
                collect_inlines(caption, out);
            }
            Block::Code { .. } | Block::Rule | Block::PageBreak => {}
        }
    }
}

fn collect_inlines(inlines: &[Inline], out: &mut BTreeSet<String>) {
    for inline in inlines {
        match inline {
            Inline::Image(image) => {
                out.insert(image.src.clone());
            }
            Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) | Inline::Link { content: c, .. } => {
                collect_inlines(c, out)
            }
            Inline::Note(blocks) => collect_blocks(blocks, out),
            Inline::Text(_) | Inline::Code(_) | Inline::LineBreak => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_are_sniffed_from_bytes() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\nrest"), Some("image/png"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(sniff(b"GIF89a...."), Some("image/gif"));
        assert_eq!(sniff(b"<?xml version=\"1.0\"?>\n<svg xmlns=\"\"/>"), Some("image/svg+xml"));
        assert_eq!(sniff(b"\xEF\xBB\xBF <svg/>"), Some("image/svg+xml"));
        assert_eq!(sniff(b"BM\x00\x00"), None);
        assert_eq!(sniff(b"<html></html>"), None);
    }

    #[test]
    fn urls_and_drive_letters_are_recognised() {
        for remote in
            ["https://a.org/x.png", "http://a/x", "//cdn/x.png", "data:image/png;base64,AA", "file:///x"]
        {
            assert!(is_remote(remote), "{remote}");
        }
        assert!(!is_remote("img/a.png"));
        assert!(has_drive_letter("C:/x.png"));
        assert_eq!(percent_decode("my%20pic%E5%9B%BE.png"), "my pic图.png");
        assert_eq!(percent_decode("100%.png"), "100%.png");
        assert_eq!(normalize(Path::new("a/./b/../../../c")), PathBuf::from("../c"));
    }
}
