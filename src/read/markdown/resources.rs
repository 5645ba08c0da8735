//! Images of a Markdown document: resolved against the file's folder, confined to the input root, checked
//! by [`crate::image::check`] and loaded into [`Document::resources`], one resource per file. Anything that
//! cannot be used safely stays its alt text, with one warning saying why.
//!
//! Confinement is checked twice: lexically (so `../x.png` is refused even when it does not exist) and on the
//! canonical path (so a symlink inside the root that points outside is refused too). Remote URLs are never
//! fetched: converting a document must not talk to the network.
//!
//! Images are keyed by the file they resolve to, not by how `src` spells it: `a.png`, `./a.png`,
//! `a.png?1`, `a.png#x` and `%61.png` are one file, read and checked once, and every [`Image::src`] that
//! names it is rewritten to its key (see [`Document::resources`]). A document's images share two budgets,
//! [`image::MAX_DOCUMENT_BYTES`] read and [`image::MAX_DOCUMENT_PIXELS`] decoded, spent in the order the
//! images first appear; each problem is reported once per file, here, and never again by a backend.

use crate::diag::{Diagnostic, Kind};
use crate::image;
use crate::model::{Block, Document, Image, Inline, Resource};
use crate::percent;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// Where a document's images may come from.
#[derive(Debug, Clone, Copy)]
pub struct ImageBase<'a> {
    /// The Markdown file's folder: relative `src` paths are resolved against it.
    pub dir: &'a Path,
    /// The input root: no image may be read from outside it.
    pub root: &'a Path,
}

/// Loads every image `doc` refers to (and a front-matter `cover`) into `doc.resources`, rewriting each
/// `src` to its resource key, or to nothing where the image was refused. Without a base nothing is loaded
/// and the `src`s stay as written (that is reported once).
pub fn load_images(doc: &mut Document, base: Option<ImageBase<'_>>) -> Vec<Diagnostic> {
    let mut sources = Sources::default();
    collect_blocks(&doc.blocks, &mut sources);
    if let Some(cover) = doc.meta.extra.get("cover") {
        sources.add(cover.trim());
    }
    if sources.order.is_empty() {
        return Vec::new();
    }
    let Some(base) = base else {
        return vec![Diagnostic::warning(
            Kind::Resource,
            format!(
                "{} image(s) not loaded: no input folder is known; shown as alt text",
                sources.order.len()
            ),
        )];
    };
    let mut loader = Loader::new(base);
    let keys: BTreeMap<String, String> = sources
        .order
        .into_iter()
        .map(|src| {
            let key = loader.load(&src);
            (src, key)
        })
        .collect();
    rewrite_blocks(&mut doc.blocks, &keys);
    if let Some(cover) = doc.meta.extra.get("cover").map(|c| c.trim().to_owned()) {
        match keys.get(&cover).filter(|key| !key.is_empty()) {
            Some(key) => {
                doc.meta.extra.insert("cover".to_owned(), key.clone());
            }
            None => {
                doc.meta.extra.remove("cover");
            }
        }
    }
    doc.resources = loader.resources;
    loader.diagnostics
}

/// The distinct `src`s of a document, in the order they first appear (which is the order the budgets are
/// spent in, so the same document always keeps the same images).
#[derive(Default)]
struct Sources {
    seen: BTreeSet<String>,
    order: Vec<String>,
}

impl Sources {
    fn add(&mut self, src: &str) {
        if self.seen.insert(src.to_owned()) {
            self.order.push(src.to_owned());
        }
    }
}

/// Loads files for one document, each at most once, within the document's budgets.
struct Loader<'a> {
    base: ImageBase<'a>,
    /// The input root, canonical; `None` (and every image refused) when it cannot be resolved.
    canonical_root: Option<PathBuf>,
    /// Each file met so far, by canonical path: its key, or empty when it was refused.
    files: BTreeMap<PathBuf, String>,
    /// Paths (lexical, below the document's folder) already reported as unusable.
    reported: BTreeSet<PathBuf>,
    bytes_left: u64,
    pixels_left: u64,
    resources: BTreeMap<String, Resource>,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Loader<'a> {
    fn new(base: ImageBase<'a>) -> Self {
        Loader {
            base,
            canonical_root: base.root.canonicalize().ok(),
            files: BTreeMap::new(),
            reported: BTreeSet::new(),
            bytes_left: image::MAX_DOCUMENT_BYTES,
            pixels_left: image::MAX_DOCUMENT_PIXELS,
            resources: BTreeMap::new(),
            diagnostics: Vec::new(),
        }
    }

    fn refuse(&mut self, src: &str, reason: &str) {
        self.diagnostics.push(Diagnostic::warning(
            Kind::Resource,
            format!("image `{src}` {reason}; shown as its alt text"),
        ));
    }

    /// The key of the file `src` names, loading it on first use; empty when it cannot be used.
    fn load(&mut self, src: &str) -> String {
        let canonical = match self.resolve(src) {
            Ok(canonical) => canonical,
            Err((lexical, reason)) => {
                // Several spellings of one missing path are one problem.
                if lexical.as_ref().is_none_or(|path| self.reported.insert(path.clone())) {
                    self.refuse(src, &reason);
                }
                return String::new();
            }
        };
        if let Some(key) = self.files.get(&canonical) {
            return key.clone();
        }
        let key = match self.read(src, &canonical) {
            Ok(key) => key,
            Err(reason) => {
                self.refuse(src, &reason);
                String::new()
            }
        };
        self.files.insert(canonical, key.clone());
        key
    }

    /// The canonical path of the file `src` names, or why it may not be read, with the path it names
    /// lexically when there is one (so that its other spellings are not reported again).
    fn resolve(&self, src: &str) -> Result<PathBuf, (Option<PathBuf>, String)> {
        let refused = |reason: &str| Err((None, reason.to_owned()));
        if is_remote(src) {
            return refused("is a URL and remote files are never fetched");
        }
        let decoded = percent::decode(src.split(['?', '#']).next().unwrap_or(src));
        if decoded.is_empty() {
            return refused("has no path");
        }
        let relative = Path::new(&decoded);
        if relative.has_root() || decoded.starts_with('\\') || has_drive_letter(&decoded) {
            return refused("is an absolute path; only paths relative to the document are allowed");
        }
        let root = normalize(self.base.root);
        let joined = normalize(&self.base.dir.join(relative));
        if !joined.starts_with(&root) {
            return refused("is outside the input folder");
        }
        let Some(canonical_root) = &self.canonical_root else {
            return Err((Some(joined), "has no readable input folder".to_owned()));
        };
        let Ok(canonical) = joined.canonicalize() else {
            return Err((Some(joined), "was not found".to_owned()));
        };
        if !canonical.starts_with(canonical_root) {
            return Err((Some(joined), "leads outside the input folder through a symbolic link".to_owned()));
        }
        Ok(canonical)
    }

    /// Reads and checks the file at `canonical` within the budgets; its key once recorded.
    fn read(&mut self, src: &str, canonical: &Path) -> Result<String, String> {
        let key = self
            .canonical_root
            .as_deref()
            .and_then(|root| canonical.strip_prefix(root).ok())
            .and_then(|relative| {
                let parts: Option<Vec<&str>> =
                    relative.components().map(|c| c.as_os_str().to_str()).collect();
                parts.map(|parts| parts.join("/"))
            })
            .ok_or("leads to a file whose name is not UTF-8")?;
        let metadata = std::fs::metadata(canonical).map_err(|e| format!("could not be read ({e})"))?;
        if !metadata.is_file() {
            return Err("is not a file".to_owned());
        }
        let len = metadata.len();
        if len > image::MAX_FILE_BYTES {
            return Err(format!("is larger than {} MiB", image::MAX_FILE_BYTES >> 20));
        }
        if len > self.bytes_left {
            return Err(format!(
                "would take the document's images past {} MiB read",
                image::MAX_DOCUMENT_BYTES >> 20
            ));
        }
        let data = read_file(canonical, len)?;
        let checked = image::check(data, self.pixels_left)?;
        if !checked.removed.is_empty() {
            self.diagnostics.push(Diagnostic::warning(
                Kind::Resource,
                format!("image `{src}` was sanitised: removed {}", checked.removed.join(", ")),
            ));
        }
        self.bytes_left -= len;
        self.pixels_left -= checked.decoded_pixels;
        self.resources.insert(key.clone(), checked.resource);
        Ok(key)
    }
}

/// The file's bytes, `len` of them as its metadata said: the buffer is reserved fallibly, so a file that
/// memory cannot hold is one refused image, not an aborted process.
fn read_file(path: &Path, len: u64) -> Result<Vec<u8>, String> {
    let unreadable = |e: std::io::Error| format!("could not be read ({e})");
    let mut data = Vec::new();
    data.try_reserve_exact(usize::try_from(len).unwrap_or(usize::MAX))
        .map_err(|_| format!("needs {} MiB of memory that is not available", len >> 20))?;
    let file = std::fs::File::open(path).map_err(unreadable)?;
    // A file that grows while it is read stops at the size that was checked.
    file.take(len).read_to_end(&mut data).map_err(unreadable)?;
    Ok(data)
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

fn collect_blocks(blocks: &[Block], out: &mut Sources) {
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
                out.add(&image.src);
                collect_inlines(caption, out);
            }
            Block::Attachment { title, blocks, .. } => {
                collect_inlines(title, out);
                collect_blocks(blocks, out);
            }
            Block::Code { .. } | Block::Rule | Block::PageBreak => {}
        }
    }
}

fn collect_inlines(inlines: &[Inline], out: &mut Sources) {
    for inline in inlines {
        match inline {
            Inline::Image(image) => out.add(&image.src),
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c)
            | Inline::Link { content: c, .. } => collect_inlines(c, out),
            Inline::Note(blocks) => collect_blocks(blocks, out),
            Inline::Text(_) | Inline::Code(_) | Inline::LineBreak => {}
        }
    }
}

/// Sets every image's `src` to the key its `src` was loaded under (empty where it was refused).
fn rewrite_blocks(blocks: &mut [Block], keys: &BTreeMap<String, String>) {
    for block in blocks {
        match block {
            Block::Heading { content, .. } | Block::Paragraph { content, .. } => {
                rewrite_inlines(content, keys)
            }
            Block::List { items, .. } => items.iter_mut().for_each(|item| rewrite_blocks(item, keys)),
            Block::Quote { blocks } => rewrite_blocks(blocks, keys),
            Block::Table(table) => table
                .head
                .iter_mut()
                .chain(&mut table.body)
                .flatten()
                .for_each(|cell| rewrite_inlines(cell, keys)),
            Block::Figure { image, caption } => {
                rewrite_image(image, keys);
                rewrite_inlines(caption, keys);
            }
            Block::Attachment { title, blocks, .. } => {
                rewrite_inlines(title, keys);
                rewrite_blocks(blocks, keys);
            }
            Block::Code { .. } | Block::Rule | Block::PageBreak => {}
        }
    }
}

fn rewrite_inlines(inlines: &mut [Inline], keys: &BTreeMap<String, String>) {
    for inline in inlines {
        match inline {
            Inline::Image(image) => rewrite_image(image, keys),
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c)
            | Inline::Link { content: c, .. } => rewrite_inlines(c, keys),
            Inline::Note(blocks) => rewrite_blocks(blocks, keys),
            Inline::Text(_) | Inline::Code(_) | Inline::LineBreak => {}
        }
    }
}

fn rewrite_image(image: &mut Image, keys: &BTreeMap<String, String>) {
    if let Some(key) = keys.get(&image.src) {
        image.src.clone_from(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_drive_letters_are_recognised() {
        for remote in
            ["https://a.org/x.png", "http://a/x", "//cdn/x.png", "data:image/png;base64,AA", "file:///x"]
        {
            assert!(is_remote(remote), "{remote}");
        }
        assert!(!is_remote("img/a.png"));
        assert!(has_drive_letter("C:/x.png"));
        assert_eq!(normalize(Path::new("a/./b/../../../c")), PathBuf::from("../c"));
    }
}
