//! Readers: bytes → [`Document`]. Dispatch by file extension; readers know only the model.

pub mod decode;
pub mod markdown;
pub mod plain;

use crate::diag::{Diagnostic, Error};
use crate::model::Document;
use encoding_rs::Encoding;
use std::path::Path;

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

/// Parses `bytes` as `format`; `source` is the path recorded in `meta.source.path`.
pub fn read_bytes(
    bytes: &[u8],
    format: InputFormat,
    source: &str,
    options: ReadOptions,
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
            let (document, reader_diagnostics) = markdown::read_markdown(&decoded.text);
            diagnostics.extend(reader_diagnostics);
            document
        }
    };
    document.meta.source.path = Some(source.to_owned());
    document.meta.source.encoding = Some(decoded.encoding.to_owned());
    Ok(Parsed { document, diagnostics })
}

/// Reads and parses the file at `path`, choosing the reader by extension (plain text when unknown).
pub fn read_path(path: &Path, options: ReadOptions) -> Result<Parsed, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let format = InputFormat::from_path(path).unwrap_or(InputFormat::Plain);
    read_bytes(&bytes, format, &path.to_string_lossy(), options)
}
