//! The two channels for problems: [`Error`] ends the work on one file; [`Diagnostic`] is a warning that is
//! collected, carried back to the pipeline and printed after the batch, in input order.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};

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
    /// An output written by this run was replaced before the run ended (by another program writing the
    /// same folder, or by a name this disk takes for the same one), so it is not counted as written.
    Replaced {
        /// The output concerned.
        path: PathBuf,
    },
    /// The run itself could not be set up (e.g. the worker threads could not be started).
    Run(String),
    /// A bug in paiban (a panic) while working on one file, caught so that the rest of the batch goes on.
    Bug {
        /// The panic's message, and where it happened when known.
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
            Error::Io { path, source } => write!(f, "{}: {source}", shown(path)),
            Error::Input(message) => f.write_str(message),
            Error::Write { path, source } => {
                write!(f, "cannot write {}: {source}; {}", shown(path), write_advice(source.kind()))
            }
            Error::Font(message) => write!(f, "font problem: {message}"),
            Error::Backend { format, message } => write!(f, "{format} output failed: {message}"),
            Error::Replaced { path } => write!(
                f,
                "{} was replaced by another file while this run was writing (another program writing the same \
                 folder, or two names this disk takes for one); convert this file again, or choose another \
                 folder with -o",
                shown(path)
            ),
            Error::Run(message) => f.write_str(message),
            Error::Bug { message } => write!(
                f,
                "internal error, a bug in paiban: {message}; the other files are not affected; please report \
                 it with this file"
            ),
        }
    }
}

/// A path as report lines show it: control characters (a newline would forge a report line of its own),
/// bidirectional-text controls and line separators are escaped as `\n`, `\t`, `\u{202e}`, and bytes that are
/// not UTF-8 as `\xff`, the way ripgrep and `ls` quote file names. Everything else is shown as it is.
pub fn shown(path: &Path) -> String {
    let mut out = String::new();
    for chunk in path_bytes(path).utf8_chunks() {
        for ch in chunk.valid().chars() {
            match ch {
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                _ if is_disguising(ch) => out.extend(ch.escape_unicode()),
                _ => out.push(ch),
            }
        }
        for byte in chunk.invalid() {
            out.push_str(&format!("\\x{byte:02x}"));
        }
    }
    out
}

/// Characters that change how a line looks without being seen: controls (C0, DEL, C1), the bidirectional
/// embeddings, overrides and isolates, and the Unicode line and paragraph separators.
fn is_disguising(ch: char) -> bool {
    ch.is_control()
        || matches!(ch, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        || matches!(ch, '\u{2028}' | '\u{2029}' | '\u{061C}')
}

#[cfg(unix)]
fn path_bytes(path: &Path) -> std::borrow::Cow<'_, [u8]> {
    use std::os::unix::ffi::OsStrExt;
    std::borrow::Cow::Borrowed(path.as_os_str().as_bytes())
}

#[cfg(not(unix))]
fn path_bytes(path: &Path) -> std::borrow::Cow<'_, [u8]> {
    std::borrow::Cow::Owned(path.to_string_lossy().into_owned().into_bytes())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_paths_cannot_forge_report_lines() {
        assert_eq!(shown(Path::new("in/a\nb.txt")), "in/a\\nb.txt");
        assert_eq!(shown(Path::new("in/\t\r\u{1b}[31m.txt")), "in/\\t\\r\\u{1b}[31m.txt");
        assert_eq!(shown(Path::new("in/\u{202e}txt.exe")), "in/\\u{202e}txt.exe");
        assert_eq!(shown(Path::new("文件/通知 2026.txt")), "文件/通知 2026.txt");
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let name = std::ffi::OsStr::from_bytes(b"bad\xff\xfe.txt");
            assert_eq!(shown(Path::new(name)), "bad\\xff\\xfe.txt");
        }
    }
}
