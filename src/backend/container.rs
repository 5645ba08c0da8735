//! The zip containers of EPUB (OCF) and DOCX (OPC), written in one pass into one buffer; parts are deflated
//! by [`crate::deflate`].
//!
//! paiban writes the final, deterministic container of both formats here (fixed times, `mimetype` first,
//! its own compression), each part once, into an output sized up front. The DOCX parts come straight from
//! the DOCX writer's XML (its own zip is never written); the EPUB packager is asked only for its package
//! document and `META-INF` files, in a zip of empty placeholders that is read back for them (both behind
//! their backend's `vendor` file).
//!
//! The entries are written as the `zip` crate writes them (no extra fields, made by Unix with mode 0644,
//! version 1.0 stored / 2.0 deflated, the UTF-8 flag only for non-ASCII names). No zip64: a part or a
//! container over 4 GiB, or more than 65,535 parts, is an error.

use crate::backend::Timestamp;
use crate::deflate::deflate_into;
use crate::subset::Packed;

/// The date every entry of a container carries, from the run's `timestamp`. DOS dates cover 1980–2107: a
/// moment before is dated 1980-01-01, one after 2107-01-01, both at midnight.
pub(crate) fn zip_time(timestamp: Timestamp) -> zip::DateTime {
    let (year, month, day, hour, minute, second) = timestamp.to_utc();
    let narrow = |v: u32, default: u8| u8::try_from(v).unwrap_or(default);
    let fields = if (1980..=2107).contains(&year) {
        (narrow(month, 1), narrow(day, 1), narrow(hour, 0), narrow(minute, 0), narrow(second, 0))
    } else {
        (1, 1, 0, 0, 0)
    };
    let year = u16::try_from(year.clamp(1980, 2107)).unwrap_or(1980);
    let (month, day, hour, minute, second) = fields;
    zip::DateTime::from_date_and_time(year, month, day, hour, minute, second).unwrap_or_default()
}

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
        let size = u32::try_from(data.len()).map_err(|_| too_large(name))?;
        let crc = libdeflater::crc32(data);
        let (method_id, start) = self.local_header(name, method, crc, size)?;
        match method {
            Method::Stored => self.out.extend_from_slice(data),
            Method::Deflated(level) => deflate_into(level, data, &mut self.out)?,
        }
        self.close_entry(name, method_id, crc, size, start)
    }

    /// Appends the part `name` already deflated (a font cut for both PDF and EPUB, [`Packed`]).
    pub fn add_packed(&mut self, name: &str, packed: &Packed) -> Result<(), String> {
        let size = u32::try_from(packed.len).map_err(|_| too_large(name))?;
        let (method_id, start) = self.local_header(name, Method::Deflated(6), packed.crc32, size)?;
        self.out.extend_from_slice(&packed.deflated);
        self.close_entry(name, method_id, packed.crc32, size, start)
    }

    /// Writes the local file header of an entry whose compressed size is patched in by
    /// [`Container::close_entry`]; returns the method's id and where the data starts.
    fn local_header(
        &mut self,
        name: &str,
        method: Method,
        crc: u32,
        size: u32,
    ) -> Result<(u16, usize), String> {
        u32::try_from(self.out.len()).map_err(|_| too_large("the container"))?;
        let name_len = u16::try_from(name.len()).map_err(|_| too_large("a part name"))?;
        if self.entries.len() >= usize::from(u16::MAX) {
            return Err(too_large("the number of parts"));
        }
        let (method_id, version) = match method {
            Method::Stored => (0u16, 10u16),
            Method::Deflated(_) => (8, 20),
        };
        let out = &mut self.out;
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&version.to_le_bytes());
        out.extend_from_slice(&flags(name).to_le_bytes());
        out.extend_from_slice(&method_id.to_le_bytes());
        out.extend_from_slice(&self.time.to_le_bytes());
        out.extend_from_slice(&self.date.to_le_bytes());
        out.extend_from_slice(&crc.to_le_bytes());
        // The compressed size, patched in by `close_entry`.
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&name_len.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        Ok((method_id, out.len()))
    }

    /// Patches the compressed size of the entry whose data began at `start` and records it for the
    /// central directory.
    fn close_entry(
        &mut self,
        name: &str,
        method: u16,
        crc: u32,
        size: u32,
        start: usize,
    ) -> Result<(), String> {
        let compressed = u32::try_from(self.out.len() - start).map_err(|_| too_large(name))?;
        // The header's compressed-size field: before the uncompressed size, the two lengths and the name.
        let at = start - name.len() - 12;
        self.out[at..at + 4].copy_from_slice(&compressed.to_le_bytes());
        let offset = u32::try_from(at - 18).map_err(|_| too_large("the container"))?;
        self.entries.push(Entry { name: name.to_owned(), method, crc, compressed, size, offset });
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zip_time_clamps_to_the_dos_range() {
        let date = |t: zip::DateTime| (t.year(), t.month(), t.day(), t.hour(), t.minute());
        assert_eq!(date(zip_time(Timestamp(0))), (1980, 1, 1, 0, 0));
        assert_eq!(date(zip_time(Timestamp::DEFAULT)).0, 2026);
        assert_eq!(date(zip_time(Timestamp(5_000_000_000))), (2107, 1, 1, 0, 0));
    }
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
}
