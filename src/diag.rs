//! The two channels for problems: [`Error`] ends the work on one file; [`Diagnostic`] is a warning that is
//! collected, carried back to the pipeline and printed after the batch, in input order.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::PathBuf;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    /// Worth knowing, nothing lost (e.g. the detected encoding).
    Info,
    /// Something was changed, dropped or degraded; the output is still produced.
    Warning,
}

/// What a diagnostic is about, so that callers can filter and count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Kind {
    /// Bytes that could not be decoded, or characters that were normalised away.
    Encoding,
    /// Text the reader dropped or set aside (e.g. boilerplate lines).
    Dropped,
    /// Text the reader repaired (e.g. a file that lost its line breaks, split at sentence ends).
    Repair,
    /// A character that no available font can show.
    MissingGlyph,
    /// Something the output format cannot express, rendered in a degraded form.
    Unsupported,
    /// An image or other resource that could not be used.
    Resource,
    /// Fonts: a face that could not be found or loaded.
    Font,
    /// The output plan: e.g. two inputs that map to the same output name.
    Output,
}

/// A structured warning: what, where, and a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// How serious.
    pub severity: Severity,
    /// What it is about.
    pub kind: Kind,
    /// Where, e.g. `line 12` or `pdf`; empty when it concerns the whole file.
    pub location: String,
    /// One sentence written for people.
    pub message: String,
}

impl Diagnostic {
    /// A warning of `kind` with no particular location.
    pub fn warning(kind: Kind, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, kind, location: String::new(), message: message.into() }
    }

    /// An informational note of `kind`.
    pub fn info(kind: Kind, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Info, kind, location: String::new(), message: message.into() }
    }

    /// The same diagnostic with a location.
    pub fn at(mut self, location: impl Into<String>) -> Self {
        self.location = location.into();
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Info => "note",
            Severity::Warning => "warning",
        };
        if self.location.is_empty() {
            write!(f, "{label}: {}", self.message)
        } else {
            write!(f, "{label}: {}: {}", self.location, self.message)
        }
    }
}

/// A fatal problem for one file. Its `Display` is one line a person can act on.
#[derive(Debug)]
pub enum Error {
    /// Reading an input or writing an output failed.
    Io {
        /// The file concerned.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The input is not a document we can read (e.g. binary data).
    Input(String),
    /// An output (or the output folder) could not be written; its `Display` says what the user can do.
    Write {
        /// The file or folder concerned.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// A font needed for the output is missing or unusable.
    Font(String),
    /// A backend could not produce its output.
    Backend {
        /// `pdf`, `docx` or `epub`.
        format: &'static str,
        /// What went wrong.
        message: String,
    },
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }

    /// A backend failure.
    pub fn backend(format: &'static str, message: impl fmt::Display) -> Self {
        Error::Backend { format, message: message.to_string() }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Input(message) => f.write_str(message),
            Error::Write { path, source } => {
                write!(f, "cannot write {}: {source}; {}", path.display(), write_advice(source.kind()))
            }
            Error::Font(message) => write!(f, "font problem: {message}"),
            Error::Backend { format, message } => write!(f, "{format} output failed: {message}"),
        }
    }
}

/// What to do about a failed write, by its cause.
fn write_advice(kind: std::io::ErrorKind) -> &'static str {
    use std::io::ErrorKind as K;
    match kind {
        K::StorageFull | K::FileTooLarge | K::QuotaExceeded => {
            "the disk is full or a file size limit was reached: free some space or choose another folder with -o"
        }
        K::PermissionDenied | K::ReadOnlyFilesystem => "choose a folder you may write to with -o",
        K::NotADirectory | K::AlreadyExists => {
            "a file is in the way where a folder should be: move it or choose another folder with -o"
        }
        _ => "check the output folder, or choose another with -o",
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } | Error::Write { source, .. } => Some(source),
            _ => None,
        }
    }
}
