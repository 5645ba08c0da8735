//! Readers: bytes → [`Document`]. Dispatch by file extension; readers know only the model.

pub mod decode;
pub mod markdown;
pub mod plain;

use crate::diag::{Diagnostic, Error};
use crate::model::Document;
use encoding_rs::Encoding;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest input read, in MiB, unless `PAIBAN_MAX_INPUT_MB` says otherwise. Converting holds the file,
/// its text, the model and three outputs in memory: measured, the peak is about 0.25 GB plus 45 times the
/// file's size (2.5 MB novel: 0.3 GB; 20 MB: 1.1 GB), per file being converted at once. 32 MB bounds one file
/// near 1.7 GB; the longest Chinese novels are under 10 MB of text.
///
/// Memory for the file and its decoded text is reserved fallibly, so a file too large for the memory left
/// fails alone with one line. What later stages allocate (the model, the layout, the outputs) is not: Rust
/// aborts the process when such an allocation fails, and this limit, with the per-document budgets of the
/// readers and backends, is what keeps those allocations within the figures above.
pub const DEFAULT_MAX_INPUT_MB: u64 = 32;

/// The input size limit in bytes: `PAIBAN_MAX_INPUT_MB` when it is a whole number, else
/// [`DEFAULT_MAX_INPUT_MB`].
pub fn max_input_bytes() -> u64 {
    let mb = std::env::var("PAIBAN_MAX_INPUT_MB")
        .ok()
        .and_then(|value| value.trim().parse::<u64>().ok())
        .unwrap_or(DEFAULT_MAX_INPUT_MB);
    mb.saturating_mul(1 << 20)
}

/// An input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// Plain Chinese text (`.txt`, `.text`).
    Plain,
    /// Markdown (`.md`, `.markdown`).
    Markdown,
}

impl InputFormat {
    /// The format a file name implies, or `None` for files paiban does not read.
    pub fn from_path(path: &Path) -> Option<InputFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(InputFormat::Plain),
            "md" | "markdown" => Some(InputFormat::Markdown),
            _ => None,
        }
    }
}

/// Reading options.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// Decode with this encoding instead of detecting one.
    pub encoding: Option<&'static Encoding>,
}

/// A parsed document and what the reader has to say about it.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The document.
    pub document: Document,
    /// Warnings: undecodable bytes, dropped or degraded content.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses `bytes` as `format`; `source` is the path recorded in `meta.source.path`. No images are loaded,
/// since there is no folder to load them from: see [`read_bytes_in`].
pub fn read_bytes(
    bytes: &[u8],
    format: InputFormat,
    source: &str,
    options: ReadOptions,
) -> Result<Parsed, Error> {
    read_bytes_in(bytes, format, source, options, None)
}

/// Parses `bytes` as `format`, loading the images a Markdown document refers to from `images` (the file's
/// folder, confined to the input root).
pub fn read_bytes_in(
    bytes: &[u8],
    format: InputFormat,
    source: &str,
    options: ReadOptions,
    images: Option<markdown::ImageBase<'_>>,
) -> Result<Parsed, Error> {
    let decoded = decode::decode(bytes, options.encoding)?;
    if decoded.text.chars().all(char::is_whitespace) {
        // Nothing to typeset: an error, so that no empty outputs are written.
        return Err(Error::Input("no text: the file is empty or holds only whitespace".to_owned()));
    }
    let mut diagnostics = decoded.diagnostics();
    let mut document = match format {
        InputFormat::Plain => {
            let (document, reader_diagnostics) = plain::read_plain(&decoded.text);
            diagnostics.extend(reader_diagnostics);
            document
        }
        InputFormat::Markdown => {
            let (document, reader_diagnostics) = markdown::read_markdown_with(&decoded.text, images);
            diagnostics.extend(reader_diagnostics);
            document
        }
    };
    document.meta.source.path = Some(source.to_owned());
    document.meta.source.encoding = Some(decoded.encoding.to_owned());
    Ok(Parsed { document, diagnostics })
}

/// Reads and parses the file at `path`, choosing the reader by extension (plain text when unknown). Images
/// are loaded from the file's own folder and below.
pub fn read_path(path: &Path, options: ReadOptions) -> Result<Parsed, Error> {
    read_path_in(path, &folder_of(path), options)
}

/// Reads and parses the file at `path`, which lies under the input folder `root`: images are resolved
/// against the file's folder and must stay inside `root`.
pub fn read_path_in(path: &Path, root: &Path, options: ReadOptions) -> Result<Parsed, Error> {
    let bytes = read_bounded(path, max_input_bytes())?;
    let format = InputFormat::from_path(path).unwrap_or(InputFormat::Plain);
    let dir = folder_of(path);
    let images = markdown::ImageBase { dir: &dir, root };
    read_bytes_in(&bytes, format, &path.to_string_lossy(), options, Some(images))
}

/// The folder a file is in; `.` for a bare file name.
pub fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Reads at most `limit` bytes of the file, refusing a larger one with a sentence that says what to do.
///
/// Only regular files are read: a named pipe would block until some other program writes to it (forever,
/// if none does), and a device (`/dev/zero`, a terminal) is no document. The limit is enforced while
/// reading too, not only from the size on disk, for a file that grows while it is read.
fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, Error> {
    let unreadable = |e: std::io::Error| {
        let advice = match e.kind() {
            std::io::ErrorKind::PermissionDenied => "check its permissions (chmod u+r)",
            std::io::ErrorKind::IsADirectory => "name the files in it, or the folder itself",
            _ => "check that it exists and is a readable file",
        };
        Error::Input(format!("cannot read this file: {e}; {advice}"))
    };
    let too_large = |size: &str| {
        Error::Input(format!(
            "too large ({size} MB, the limit is {} MB): split the file, or set PAIBAN_MAX_INPUT_MB to raise \
             the limit",
            limit >> 20
        ))
    };
    // Checked before opening: opening a named pipe is what blocks.
    let metadata = std::fs::metadata(path).map_err(unreadable)?;
    if metadata.is_dir() {
        return Err(unreadable(std::io::Error::from(std::io::ErrorKind::IsADirectory)));
    }
    if !metadata.is_file() {
        return Err(Error::Input(format!(
            "not a regular file but {}: only files are read, never pipes or devices (which may never end); \
             save the data to a file first",
            not_a_file(&metadata.file_type())
        )));
    }
    let size = metadata.len();
    if size > limit {
        return Err(too_large(&format!("{:.1}", size as f64 / f64::from(1 << 20))));
    }
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let mut bytes = Vec::new();
    // The size is the user's (up to the limit they set): without memory for it, refuse this file alone
    // instead of aborting the batch.
    bytes.try_reserve_exact(usize::try_from(size).unwrap_or(usize::MAX)).map_err(|_| {
        Error::Input(format!(
            "not enough memory to read this file ({} MB): close other programs, or convert fewer files at \
             once with -j",
            size >> 20
        ))
    })?;
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(unreadable)?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > limit {
        // The file grew while it was read.
        return Err(too_large(&format!("more than {}", limit >> 20)));
    }
    Ok(bytes)
}

/// What a file that is not a regular file is, for a message.
pub fn not_a_file(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        } else if kind.is_socket() {
            return "a socket";
        } else if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}
