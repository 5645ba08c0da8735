//! Writing the finished file (PDF 1.5 and later, ISO 32000-1 §7.5): streams as indirect objects, every other
//! object packed a hundred at a time into deflated object streams (§7.5.7), then a cross-reference stream
//! deflated with the PNG Up predictor (§7.5.8, §7.4.4.4).
//!
//! lopdf's `save_modern` writes the same structure, but it first clones every object into its object
//! streams, so a document's objects are held twice at the peak (460 MB of 1.1 GB for 100 000 headings).
//! Here each object is serialised once and dropped, and the parts made of many small dictionaries (the
//! structure tree, the outline, link annotations) never become lopdf objects at all: their makers hand
//! them over already serialised ([`Serialised`]), some 100 bytes each instead of a kilobyte.

use crate::diag::Error;
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use std::collections::BTreeMap;

/// Objects per object stream: a reader inflates a whole stream to reach one of its objects, so a few
/// hundred bytes of dictionaries each, as lopdf and most writers do.
const PER_OBJECT_STREAM: usize = 100;

/// Bytes per cross-reference stream entry: type (1), offset or object stream number (4), generation or
/// index in the object stream (2), as `/W [1 4 2]` says.
const XREF_COLUMNS: usize = 7;

/// Sixteen bytes written as the `/ID` before the real one is known; hex-encoded they are unique in the file.
pub(super) const ID_PLACEHOLDER: &[u8; 16] = b"paiban-id-pl@ce!";

/// Objects already serialised by whoever made them, by object number (generation 0). They must not be
/// streams, and may refer to any object of the document.
#[derive(Debug, Default)]
pub(super) struct Serialised {
    objects: BTreeMap<u32, Vec<u8>>,
}

impl Serialised {
    /// Serialises `object` as object `id`, a number taken from the document (`new_object_id`).
    pub(super) fn insert(&mut self, id: ObjectId, object: &Object) {
        let mut bytes = Vec::new();
        write_object(&mut bytes, object);
        self.objects.insert(id.0, bytes);
    }

    /// Takes `bytes`, written with [`write_object`], as object `id`.
    pub(super) fn insert_bytes(&mut self, id: ObjectId, bytes: Vec<u8>) {
        self.objects.insert(id.0, bytes);
    }

    /// Serialises `object` under a new number of `lo`; returns its id.
    pub(super) fn add(&mut self, lo: &mut lopdf::Document, object: impl Into<Object>) -> ObjectId {
        let id = lo.new_object_id();
        self.insert(id, &object.into());
        id
    }
}

/// Where the cross-reference stream says an object is.
#[derive(Debug, Clone, Copy)]
enum Entry {
    /// At this byte offset of the file.
    Direct(usize),
    /// The `index`-th object of object stream `stream`.
    Packed { stream: u32, index: usize },
}

/// The whole file: `lo`'s objects (consumed one by one) and `serialised`, with `lo`'s trailer entries
/// `/Root`, `/Info` and `/ID` in the cross-reference stream's dictionary. `deflate` compresses the object
/// streams and the cross-reference stream as zlib streams.
pub(super) fn save(
    mut lo: lopdf::Document,
    mut serialised: Serialised,
    deflate: fn(&[u8]) -> Option<Vec<u8>>,
) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    out.extend_from_slice(format!("%PDF-{}\n", lo.version).as_bytes());
    // Four bytes above 127 mark the file as binary for transfer programs (§7.5.2).
    out.extend_from_slice(b"%\xE2\xE3\xCF\xD3\n");
    let mut entries: BTreeMap<u32, Entry> = BTreeMap::new();
    for ((id, generation), object) in std::mem::take(&mut lo.objects) {
        match object {
            Object::Stream(_) => {
                entries.insert(id, Entry::Direct(out.len()));
                out.extend_from_slice(format!("{id} {generation} obj\n").as_bytes());
                write_object(&mut out, &object);
                out.extend_from_slice(b"\nendobj\n");
            }
            other if generation == 0 => serialised.insert((id, 0), &other),
            other => {
                entries.insert(id, Entry::Direct(out.len()));
                out.extend_from_slice(format!("{id} {generation} obj\n").as_bytes());
                write_object(&mut out, &other);
                out.extend_from_slice(b"\nendobj\n");
            }
        }
    }
    let highest = serialised.objects.keys().next_back().copied().unwrap_or(0).max(lo.max_id);
    let mut next_id = highest + 1;
    let packed: Vec<(u32, Vec<u8>)> = serialised.objects.into_iter().collect();
    for group in packed.chunks(PER_OBJECT_STREAM) {
        let stream = next_id;
        next_id += 1;
        let mut header = String::new();
        let mut body = Vec::new();
        for (index, (id, bytes)) in group.iter().enumerate() {
            header.push_str(&format!("{id} {} ", body.len()));
            body.extend_from_slice(bytes);
            body.push(b'\n');
            entries.insert(*id, Entry::Packed { stream, index });
        }
        let first = header.len();
        let mut content = header.into_bytes();
        content.extend_from_slice(&body);
        let deflated =
            deflate(&content).ok_or_else(|| Error::backend("pdf", "cannot deflate an object stream"))?;
        entries.insert(stream, Entry::Direct(out.len()));
        out.extend_from_slice(
            format!(
                "{stream} 0 obj\n<</Type/ObjStm/N {}/First {first}/Filter/FlateDecode/Length {}>>stream\n",
                group.len(),
                deflated.len()
            )
            .as_bytes(),
        );
        out.extend_from_slice(&deflated);
        out.extend_from_slice(b"\nendstream\nendobj\n");
    }
    let xref_id = next_id;
    let xref_at = out.len();
    entries.insert(xref_id, Entry::Direct(xref_at));
    let table = xref_rows(&entries, xref_id)?;
    let deflated =
        deflate(&table).ok_or_else(|| Error::backend("pdf", "cannot deflate the cross-reference stream"))?;
    let mut dict = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"XRef".to_vec())),
        ("Size", Object::Integer(i64::from(xref_id) + 1)),
        ("W", Object::Array(vec![Object::Integer(1), Object::Integer(4), Object::Integer(2)])),
    ]);
    for key in [b"Root".as_slice(), b"Info"] {
        if let Ok(value) = lo.trailer.get(key) {
            dict.set(key.to_vec(), value.clone());
        }
    }
    let placeholder = Object::String(ID_PLACEHOLDER.to_vec(), StringFormat::Hexadecimal);
    dict.set("ID", Object::Array(vec![placeholder.clone(), placeholder]));
    dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    let columns = i64::try_from(XREF_COLUMNS).unwrap_or(7);
    dict.set(
        "DecodeParms",
        Dictionary::from_iter(vec![
            ("Predictor", Object::Integer(12)),
            ("Columns", Object::Integer(columns)),
        ]),
    );
    dict.set("Length", Object::Integer(i64::try_from(deflated.len()).unwrap_or(0)));
    out.extend_from_slice(format!("{xref_id} 0 obj\n").as_bytes());
    write_object(&mut out, &Object::Dictionary(dict));
    out.extend_from_slice(b"stream\n");
    out.extend_from_slice(&deflated);
    out.extend_from_slice(format!("\nendstream\nendobj\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
    set_content_id(&mut out, xref_at);
    Ok(out)
}

/// Replaces both placeholder `/ID`s, in the dictionary of the cross-reference stream at `xref_at`, with the
/// first 16 bytes of the SHA-256 of the whole file: the same bytes give the same identifier, and the
/// replacement has the placeholder's length, so no offset moves.
fn set_content_id(out: &mut [u8], xref_at: usize) {
    use sha2::{Digest, Sha256};
    let placeholder: String = ID_PLACEHOLDER.iter().map(|b| format!("{b:02X}")).collect();
    let digest = Sha256::digest(&*out);
    let id: String = digest.iter().take(16).map(|b| format!("{b:02X}")).collect();
    let needle = placeholder.as_bytes();
    let mut from = xref_at;
    while let Some(at) = out.get(from..).and_then(|tail| tail.windows(needle.len()).position(|w| w == needle))
    {
        let start = from + at;
        if let Some(slot) = out.get_mut(start..start + needle.len()) {
            slot.copy_from_slice(id.as_bytes());
        }
        from = start + needle.len();
    }
}

/// The cross-reference stream's rows for objects 0 to `last`, each prefixed by the PNG Up predictor's
/// filter byte and given as its difference from the row above.
fn xref_rows(entries: &BTreeMap<u32, Entry>, last: u32) -> Result<Vec<u8>, Error> {
    let too_large =
        || Error::backend("pdf", "the file is larger than 4 GB, beyond its cross-reference stream");
    let mut rows = Vec::with_capacity((last as usize + 1) * (XREF_COLUMNS + 1));
    let mut above = [0u8; XREF_COLUMNS];
    for id in 0..=last {
        let mut row = [0u8; XREF_COLUMNS];
        match entries.get(&id) {
            Some(Entry::Direct(offset)) => {
                row[0] = 1;
                row[1..5].copy_from_slice(&u32::try_from(*offset).map_err(|_| too_large())?.to_be_bytes());
            }
            Some(Entry::Packed { stream, index }) => {
                row[0] = 2;
                row[1..5].copy_from_slice(&stream.to_be_bytes());
                row[5..7].copy_from_slice(&u16::try_from(*index).map_err(|_| too_large())?.to_be_bytes());
            }
            // Object 0 heads the free list with generation 65535; unused numbers are free.
            None if id == 0 => row[5..7].copy_from_slice(&u16::MAX.to_be_bytes()),
            None => {}
        }
        rows.push(2);
        for (b, a) in row.iter().zip(above.iter_mut()) {
            rows.push(b.wrapping_sub(*a));
            *a = *b;
        }
    }
    Ok(rows)
}

/// Whether `byte` is a PDF white-space or delimiter character (ISO 32000-1 Tables 1 and 2).
fn is_separator(byte: u8) -> bool {
    b"\0\t\n\x0C\r ()<>[]{}/%".contains(&byte)
}

/// Appends a regular token (a number, a keyword), with a space before it if the last byte would run into it.
fn token(out: &mut Vec<u8>, text: &[u8]) {
    if out.last().is_some_and(|&b| !is_separator(b)) {
        out.push(b' ');
    }
    out.extend_from_slice(text);
}

/// Appends `object` to `out` in its shortest usual form: no spaces but where two tokens would run together
/// (also with what `out` already ends with, so an object can be written piece by piece).
pub(super) fn write_object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => token(out, b"null"),
        Object::Boolean(value) => token(out, if *value { b"true" } else { b"false" }),
        Object::Integer(value) => token(out, value.to_string().as_bytes()),
        // Rust prints floats without an exponent, as PDF wants; a non-finite number has no PDF form.
        Object::Real(value) => {
            token(out, if value.is_finite() { value.to_string() } else { "0".into() }.as_bytes())
        }
        Object::Name(name) => write_name(out, name),
        Object::String(bytes, StringFormat::Literal) => {
            out.push(b'(');
            for &byte in bytes {
                match byte {
                    b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', byte]),
                    // A bare line end inside a string reads as `\n` (§7.3.4.2): keep the byte as it is.
                    b'\r' => out.extend_from_slice(b"\\r"),
                    b'\n' => out.extend_from_slice(b"\\n"),
                    _ => out.push(byte),
                }
            }
            out.push(b')');
        }
        Object::String(bytes, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for byte in bytes {
                out.extend_from_slice(format!("{byte:02X}").as_bytes());
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for item in items {
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => write_dictionary(out, dict, None),
        Object::Stream(stream) => {
            write_dictionary(out, &stream.dict, Some(stream.content.len()));
            out.extend_from_slice(b"stream\n");
            out.extend_from_slice(&stream.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((id, generation)) => token(out, format!("{id} {generation} R").as_bytes()),
    }
}

/// `/name`, the bytes a name may not hold as they are written `#XX` (§7.3.5).
fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &byte in name {
        if is_separator(byte) || byte == b'#' || !(33..=126).contains(&byte) {
            out.extend_from_slice(format!("#{byte:02X}").as_bytes());
        } else {
            out.push(byte);
        }
    }
}

/// `<<…>>`; a stream's dictionary gets its `/Length` from the content it precedes.
fn write_dictionary(out: &mut Vec<u8>, dict: &Dictionary, length: Option<usize>) {
    out.extend_from_slice(b"<<");
    for (key, value) in dict.iter().filter(|(key, _)| length.is_none() || key.as_slice() != b"Length") {
        write_name(out, key);
        write_object(out, value);
    }
    if let Some(length) = length {
        out.extend_from_slice(format!("/Length {length}").as_bytes());
    }
    out.extend_from_slice(b">>");
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    fn zlib(data: &[u8]) -> Option<Vec<u8>> {
        crate::deflate::zlib(6, data).ok()
    }

    /// The dictionary of the cross-reference stream `startxref` points to.
    pub(in crate::backend::pdf) fn xref_dictionary(pdf: &[u8]) -> String {
        let tail = String::from_utf8_lossy(&pdf[pdf.len() - 40..]).into_owned();
        let offset: usize = tail
            .rsplit("startxref")
            .next()
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .expect("a startxref offset");
        let object = String::from_utf8_lossy(&pdf[offset..]).into_owned();
        object.split("stream\n").next().expect("a dictionary").to_owned()
    }

    fn serialised(object: &Object) -> String {
        let mut out = Vec::new();
        write_object(&mut out, object);
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn objects_are_written_compactly_and_escaped() {
        let dict = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Annot".to_vec())),
            ("Rect", Object::Array(vec![Object::Real(1.5), Object::Integer(-2), Object::Real(f32::NAN)])),
            ("K", Object::Array(vec![Object::Integer(0), Object::Integer(1), Object::Reference((7, 0))])),
            ("N", Object::Name(b"a b#(".to_vec())),
            ("S", Object::String(b"(x)\\\r\n".to_vec(), StringFormat::Literal)),
            ("H", Object::String(vec![0xFE, 0xFF], StringFormat::Hexadecimal)),
            ("B", Object::Boolean(true)),
            ("Z", Object::Null),
        ]);
        assert_eq!(
            serialised(&Object::Dictionary(dict)),
            "<</Type/Annot/Rect[1.5 -2 0]/K[0 1 7 0 R]/N/a#20b#23#28/S(\\(x\\)\\\\\\r\\n)/H<FEFF>/B true/Z null>>"
        );
    }

    #[test]
    fn a_saved_file_reads_back_with_every_object() {
        let mut lo = lopdf::Document::with_version("1.7");
        let pages_id = lo.new_object_id();
        let mut kids = Vec::new();
        for k in 0..250 {
            let content = lopdf::Stream::new(Dictionary::new(), format!("BT ({k}) Tj ET").into_bytes());
            let content_id = lo.add_object(content);
            let page = lopdf::dictionary! {"Type" => "Page", "Parent" => pages_id, "Contents" => content_id};
            kids.push(Object::Reference(lo.add_object(page)));
        }
        let count = kids.len() as i64;
        lo.objects.insert(
            pages_id,
            Object::Dictionary(lopdf::dictionary! {"Type" => "Pages", "Kids" => kids, "Count" => count}),
        );
        let mut extra = Serialised::default();
        let note = extra.add(&mut lo, Dictionary::from_iter(vec![("Note", Object::string_literal("(已)"))]));
        let catalog =
            lo.add_object(lopdf::dictionary! {"Type" => "Catalog", "Pages" => pages_id, "X" => note});
        lo.trailer.set("Root", catalog);
        let bytes = save(lo, extra, zlib).expect("saves");
        let back = lopdf::Document::load_mem(&bytes).expect("lopdf reads it back");
        assert_eq!(back.get_pages().len(), 250);
        let catalog = back.catalog().expect("catalog");
        let note = catalog.get(b"X").and_then(Object::as_reference).expect("a reference");
        let note = back.get_dictionary(note).expect("the serialised object");
        assert_eq!(note.get(b"Note").and_then(Object::as_str).expect("a string"), "(已)".as_bytes());
        let dict = xref_dictionary(&bytes);
        assert!(dict.contains("/Filter/FlateDecode/DecodeParms<</Predictor 12/Columns 7>>"), "{dict}");
        let mut file = tempfile::NamedTempFile::new().expect("temp file");
        std::io::Write::write_all(&mut file, &bytes).expect("write");
        let Ok(result) = std::process::Command::new("qpdf").arg("--check").arg(file.path()).output() else {
            crate::skip!("skipping: qpdf not available");
            return;
        };
        assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stdout));
    }
}
