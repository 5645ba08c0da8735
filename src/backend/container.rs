//! The zip containers of EPUB (OCF) and DOCX (OPC), written in one pass into one buffer.
//!
//! Both backends used to zip twice: epub-builder and docx-rs write a zip with the `zip` crate, and paiban
//! re-zipped it deterministically (fixed times, `mimetype` first, its own compression). That cost more than
//! everything else in those backends together: each entry of each pass set up a fresh deflate state (zlib-rs
//! zeroes ~256 KB of window and hash tables per entry), epub-builder deflated every XHTML file only for the
//! repack to inflate it again, and the buffers grew by copying. Here each part is written once, with a
//! deflate compressor per level and thread that is reset (not rebuilt) between entries, into an output
//! sized up front.
//!
//! The entries are written as the `zip` crate wrote them before (same deflate levels through the same
//! zlib-rs, no extra fields, made by Unix with mode 0644, version 1.0 stored / 2.0 deflated, the UTF-8 flag
//! only for non-ASCII names): DOCX files are byte-identical to the earlier ones, and an EPUB's level-1 font
//! entries differ by a byte or two, as each part is now deflated in one call instead of in 32 KB pieces. No
//! zip64: a part or a container over 4 GiB, or more than 65,535 parts, is an error.

use flate2::{Compress, Compression, FlushCompress, Status};
use std::cell::RefCell;

/// How a part is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    /// As it is (`mimetype`, images that are compressed already).
    Stored,
    /// Deflated at this zlib level (1 fastest … 9 smallest).
    Deflated(u32),
}

/// One finished entry, for the central directory.
struct Entry {
    name: String,
    method: u16,
    crc: u32,
    compressed: u32,
    size: u32,
    offset: u32,
}

/// A zip archive being written; [`Container::finish`] returns its bytes.
pub(crate) struct Container {
    out: Vec<u8>,
    entries: Vec<Entry>,
    /// MS-DOS date and time fields of every entry.
    date: u16,
    time: u16,
}

/// Unix regular file, rw-r--r--, in the high half of the external attributes.
const EXTERNAL_ATTRIBUTES: u32 = 0o100_644 << 16;
/// “Made by” Unix (3, high byte); the low byte is the zip version, as for “needed to extract”.
const MADE_BY_UNIX: u16 = 3 << 8;

fn too_large(what: &str) -> String {
    format!("{what} is too large for a zip container without zip64")
}

impl Container {
    /// An empty archive whose parts will total about `capacity` bytes, dated `date`/`time` (MS-DOS fields,
    /// e.g. `zip::DateTime::datepart`/`timepart`).
    pub fn new(capacity: usize, date: u16, time: u16) -> Container {
        // Headers: 30 + name per local header, 46 + name per central one; names are short.
        Container { out: Vec::with_capacity(capacity + 4096), entries: Vec::new(), date, time }
    }

    /// Appends the part `name` with `data`.
    pub fn add(&mut self, name: &str, data: &[u8], method: Method) -> Result<(), String> {
        let offset = u32::try_from(self.out.len()).map_err(|_| too_large("the container"))?;
        let size = u32::try_from(data.len()).map_err(|_| too_large(name))?;
        let name_len = u16::try_from(name.len()).map_err(|_| too_large("a part name"))?;
        if self.entries.len() >= usize::from(u16::MAX) {
            return Err(too_large("the number of parts"));
        }
        let mut crc = flate2::Crc::new();
        crc.update(data);
        let crc = crc.sum();
        let (method_id, version) = match method {
            Method::Stored => (0u16, 10u16),
            Method::Deflated(_) => (8, 20),
        };
        // Local file header; the compressed size is patched in once known.
        let out = &mut self.out;
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&version.to_le_bytes());
        out.extend_from_slice(&flags(name).to_le_bytes());
        out.extend_from_slice(&method_id.to_le_bytes());
        out.extend_from_slice(&self.time.to_le_bytes());
        out.extend_from_slice(&self.date.to_le_bytes());
        out.extend_from_slice(&crc.to_le_bytes());
        let compressed_at = out.len();
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&name_len.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        let start = out.len();
        match method {
            Method::Stored => out.extend_from_slice(data),
            Method::Deflated(level) => deflate_into(level, data, out)?,
        }
        let compressed = u32::try_from(out.len() - start).map_err(|_| too_large(name))?;
        out[compressed_at..compressed_at + 4].copy_from_slice(&compressed.to_le_bytes());
        self.entries.push(Entry { name: name.to_owned(), method: method_id, crc, compressed, size, offset });
        Ok(())
    }

    /// The central directory and its end record; the archive's bytes.
    pub fn finish(mut self) -> Result<Vec<u8>, String> {
        let directory_at = u32::try_from(self.out.len()).map_err(|_| too_large("the container"))?;
        let out = &mut self.out;
        for entry in &self.entries {
            let version: u16 = if entry.method == 0 { 10 } else { 20 };
            out.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            out.extend_from_slice(&(MADE_BY_UNIX | version).to_le_bytes());
            out.extend_from_slice(&version.to_le_bytes());
            out.extend_from_slice(&flags(&entry.name).to_le_bytes());
            out.extend_from_slice(&entry.method.to_le_bytes());
            out.extend_from_slice(&self.time.to_le_bytes());
            out.extend_from_slice(&self.date.to_le_bytes());
            out.extend_from_slice(&entry.crc.to_le_bytes());
            out.extend_from_slice(&entry.compressed.to_le_bytes());
            out.extend_from_slice(&entry.size.to_le_bytes());
            // Checked in `add`.
            out.extend_from_slice(&(entry.name.len() as u16).to_le_bytes());
            // Extra field, comment, disk number, internal attributes.
            out.extend_from_slice(&[0; 8]);
            out.extend_from_slice(&EXTERNAL_ATTRIBUTES.to_le_bytes());
            out.extend_from_slice(&entry.offset.to_le_bytes());
            out.extend_from_slice(entry.name.as_bytes());
        }
        let directory_size = u32::try_from(out.len()).map_err(|_| too_large("the container"))? - directory_at;
        // Checked in `add`.
        let count = self.entries.len() as u16;
        out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        out.extend_from_slice(&[0; 4]);
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&directory_size.to_le_bytes());
        out.extend_from_slice(&directory_at.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        Ok(self.out)
    }
}

/// General purpose flags: bit 11 (names are UTF-8) when the name is not plain ASCII.
fn flags(name: &str) -> u16 {
    if name.is_ascii() {
        0
    } else {
        1 << 11
    }
}

thread_local! {
    /// Raw-deflate compressors of this thread, one per level used. Setting one up (zlib-rs allocates and
    /// zeroes ~270 KB, often fresh pages) costs more than compressing a small part, so they are reset and
    /// kept for the life of the thread.
    static COMPRESSORS: RefCell<Vec<((u32, bool), Compress)>> = const { RefCell::new(Vec::new()) };
}

/// Appends the raw deflate stream of `data` at `level` to `out` (what a zip entry holds).
pub(crate) fn deflate_into(level: u32, data: &[u8], out: &mut Vec<u8>) -> Result<(), String> {
    compress_into((level.min(9), false), data, out)
}

/// `data` as a zlib stream (what a PDF `FlateDecode` stream holds) at `level`, from this thread's reused
/// compressor: the PDF backend's large streams, which would otherwise set up a fresh zlib-rs state each (in
/// a batch those allocations fault fresh pages in again and again).
pub(crate) fn zlib(level: u32, data: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    compress_into((level.min(9), true), data, &mut out)?;
    Ok(out)
}

fn compress_into(key: (u32, bool), data: &[u8], out: &mut Vec<u8>) -> Result<(), String> {
    COMPRESSORS.with(|cell| {
        let mut compressors = cell.borrow_mut();
        let index = match compressors.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                compressors.push((key, Compress::new(Compression::new(key.0), key.1)));
                compressors.len() - 1
            }
        };
        let compress = &mut compressors[index].1;
        compress.reset();
        // zlib's compressBound: one call is enough unless the data grows more than that.
        out.reserve(data.len() + (data.len() >> 12) + (data.len() >> 14) + 64);
        loop {
            let consumed = usize::try_from(compress.total_in()).unwrap_or(data.len()).min(data.len());
            let status = compress
                .compress_vec(&data[consumed..], out, FlushCompress::Finish)
                .map_err(|e| format!("deflate failed: {e}"))?;
            if status == Status::StreamEnd {
                return Ok(());
            }
            out.reserve(out.capacity().max(4096));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Read};

    #[test]
    fn parts_read_back_with_their_methods_names_and_times() {
        let time = zip::DateTime::from_date_and_time(2026, 1, 1, 12, 30, 0).expect("valid");
        let mut zip = Container::new(0, time.datepart(), time.timepart());
        let text = "中文 text ".repeat(2000);
        zip.add("mimetype", b"application/epub+zip", Method::Stored).expect("adds");
        zip.add("OEBPS/章.xhtml", text.as_bytes(), Method::Deflated(6)).expect("adds");
        zip.add("fonts/a.ttf", &[7u8; 70_000], Method::Deflated(1)).expect("adds");
        zip.add("empty", b"", Method::Deflated(6)).expect("adds");
        let bytes = zip.finish().expect("finishes");
        assert_eq!(&bytes[30..38], b"mimetype", "the first local header's name at offset 30");
        assert_eq!(&bytes[38..58], b"application/epub+zip");
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a valid zip");
        let names: Vec<&str> = archive.file_names().collect();
        assert_eq!(names.len(), 4);
        let mut read = |name: &str| {
            let mut file = archive.by_name(name).expect("present");
            let mut data = Vec::new();
            file.read_to_end(&mut data).expect("inflates and the CRC matches");
            (data, file.compression(), file.last_modified(), file.unix_mode())
        };
        let (data, method, modified, mode) = read("OEBPS/章.xhtml");
        assert_eq!(data, text.as_bytes());
        assert_eq!(method, zip::CompressionMethod::Deflated);
        assert_eq!(modified, Some(time));
        assert_eq!(mode, Some(0o100_644));
        assert_eq!(read("mimetype").1, zip::CompressionMethod::Stored);
        assert_eq!(read("fonts/a.ttf").0, vec![7u8; 70_000]);
        assert!(read("empty").0.is_empty());
    }

    #[test]
    fn zlib_streams_inflate_back() {
        let text = "甄士隐梦幻识通灵 ".repeat(300);
        for _ in 0..2 {
            let packed = zlib(6, text.as_bytes()).expect("compresses");
            let mut back = String::new();
            flate2::read::ZlibDecoder::new(packed.as_slice()).read_to_string(&mut back).expect("inflates");
            assert_eq!(back, text);
        }
    }

    #[test]
    fn a_reused_compressor_gives_the_same_stream() {
        let a = "第一回 甄士隐梦幻识通灵 ".repeat(500);
        let mut first = Vec::new();
        deflate_into(6, a.as_bytes(), &mut first).expect("deflates");
        let mut other = Vec::new();
        deflate_into(6, b"something else entirely", &mut other).expect("deflates");
        let mut again = Vec::new();
        deflate_into(6, a.as_bytes(), &mut again).expect("deflates");
        assert_eq!(first, again);
    }
}
