//! The input key: one hash of everything an input's outputs are made from, so that a rerun can tell an
//! input whose outputs would come out the same (and skip it) from one that changed.
//!
//! The key covers the paiban version; the document as read (its text and structure after the reader, the
//! boilerplate pass and the link policy, its path below the input folder, and the bytes of every image it
//! embeds, so an image changed beside a Markdown file changes the key too, and so does `--encoding` or
//! `--keep-boilerplate` wherever they change the document); the style it is set in, complete; the options of
//! the renderers (timestamp, font embedding) and whether the EPUB marks the pages of a PDF made with it;
//! and every face of its font book (file name, length and the checksum the font declares for itself, read
//! from its header without reading the whole file).

use crate::backend::RenderOptions;
use crate::fonts::{Face, FontBook};
use crate::model::Document;
use sha2::{Digest, Sha256};
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// The key of `document` rendered with `options`, as lowercase hex; `pages_marked` when the EPUB marks the
/// pages of a PDF made in the same run ([`crate::backend::epub_marks_pdf_pages`]).
pub(super) fn input_key(document: &Document, options: &RenderOptions, pages_marked: bool) -> String {
    let mut hasher = Sha256::new();
    let mut field = |name: &str, value: &[u8]| {
        // Length-prefixed, so that no two different sets of fields hash alike.
        hasher.update(name.as_bytes());
        hasher.update((value.len() as u64).to_be_bytes());
        hasher.update(value);
    };
    field("version", env!("CARGO_PKG_VERSION").as_bytes());
    // Plain data with string keys and BTreeMaps: serialisation is deterministic and cannot fail short of a
    // bug; should it fail, the key holds the error and simply never matches a good one.
    field("document", &serde_json::to_vec(document).unwrap_or_else(|e| e.to_string().into_bytes()));
    field("style", &serde_json::to_vec(options.style).unwrap_or_else(|e| e.to_string().into_bytes()));
    field("timestamp", &options.timestamp.0.to_be_bytes());
    field("embed_fonts", &[u8::from(options.embed_fonts)]);
    field("pages_marked", &[u8::from(pages_marked)]);
    for face in Face::ALL {
        field(face.key(), fingerprint(options.fonts, face).as_bytes());
    }
    hex(&hasher.finalize())
}

/// SHA-256 of `bytes` as lowercase hex: the hash of an output in the manifest.
pub(super) fn content_hash(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What identifies the font of `face` without reading it whole: its file name (not its folder, so that
/// machines that keep the fonts in different places agree), its length, its index in a collection and the
/// `checkSumAdjustment` of its `head` table, which a font tool sets from the whole file's contents.
fn fingerprint(fonts: &FontBook, face: Face) -> String {
    let Some((path, index)) = fonts.source(face) else { return "missing".to_owned() };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    match header_checksum(&path, index) {
        Ok((length, checksum)) => format!("{name}:{index}:{length}:{checksum:08x}"),
        Err(e) => format!("{name}:{index}:unreadable ({e})"),
    }
}

/// The length of the font file at `path` and the `head.checkSumAdjustment` of its face `index`.
fn header_checksum(path: &Path, index: u32) -> std::io::Result<(u64, u32)> {
    let invalid = || std::io::Error::new(std::io::ErrorKind::InvalidData, "not an OpenType font");
    let mut file = std::fs::File::open(path)?;
    let length = file.metadata()?.len();
    let mut read_at = |at: u64, buf: &mut [u8]| -> std::io::Result<()> {
        file.seek(SeekFrom::Start(at))?;
        file.read_exact(buf)
    };
    let mut word = [0u8; 4];
    read_at(0, &mut word)?;
    // A collection (`ttcf`) lists the offset of each face's table directory after its 12-byte header.
    let directory = if &word == b"ttcf" {
        read_at(12 + 4 * u64::from(index), &mut word)?;
        u64::from(u32::from_be_bytes(word))
    } else {
        0
    };
    let mut header = [0u8; 12];
    read_at(directory, &mut header)?;
    let tables = u16::from_be_bytes([header[4], header[5]]);
    let mut records = vec![0u8; usize::from(tables) * 16];
    read_at(directory + 12, &mut records)?;
    let head = records.chunks_exact(16).find(|record| &record[..4] == b"head").ok_or_else(invalid)?;
    let offset = u32::from_be_bytes([head[8], head[9], head[10], head[11]]);
    read_at(u64::from(offset) + 8, &mut word)?;
    Ok((length, u32::from_be_bytes(word)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::Timestamp;
    use crate::style::{Style, StyleName};

    #[test]
    fn the_key_changes_with_the_document_the_style_the_options_and_nothing_else() {
        let fonts = FontBook::new(&[]);
        let style = Style::preset(StyleName::Report);
        let options =
            RenderOptions { style: &style, fonts: &fonts, timestamp: Timestamp::DEFAULT, embed_fonts: true };
        let document = crate::testdoc::speech_document();
        let key = input_key(&document, &options, true);
        assert_eq!(key.len(), 64);
        assert_eq!(key, input_key(&document.clone(), &options, true), "the same inputs give the same key");
        // An EPUB made without the PDF has no page list: not the file a run making both leaves.
        assert_ne!(key, input_key(&document, &options, false));
        let mut moved = document.clone();
        moved.meta.source.path = Some("elsewhere/speech.txt".into());
        assert_ne!(
            key,
            input_key(&moved, &options, true),
            "the path below the input folder reaches the EPUB"
        );
        let mut image = document.clone();
        image.resources.insert("a.png".into(), crate::model::Resource::default());
        assert_ne!(key, input_key(&image, &options, true));
        let book = Style::preset(StyleName::Book);
        assert_ne!(key, input_key(&document, &RenderOptions { style: &book, ..options }, true));
        assert_ne!(key, input_key(&document, &RenderOptions { timestamp: Timestamp(0), ..options }, true));
        assert_ne!(key, input_key(&document, &RenderOptions { embed_fonts: false, ..options }, true));
    }

    #[test]
    fn a_bundled_font_is_known_by_its_own_checksum() {
        let fonts = FontBook::new(&[]);
        let print = fingerprint(&fonts, Face::Mono);
        assert!(print.starts_with("DejaVuSansMono.ttf:0:"), "{print}");
        let data = fonts.get(Face::Mono).expect("bundled").data();
        let parsed = ttf_parser::RawFace::parse(data, 0).expect("font");
        let head = parsed.table(ttf_parser::Tag::from_bytes(b"head")).expect("head table");
        let checksum = u32::from_be_bytes([head[8], head[9], head[10], head[11]]);
        assert_eq!(print, format!("DejaVuSansMono.ttf:0:{}:{checksum:08x}", data.len()));
    }
}
