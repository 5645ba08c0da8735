//! What a run did: per input, the outputs written or kept, its warnings and errors ([`FileReport`]), and
//! for the whole run the counts and the summary line ([`Report`]).

use super::manifest;
use super::output::Identity;
use super::shard::Shard;
use crate::backend::Format;
use crate::diag::{Diagnostic, Error};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The outcome for one input file.
#[derive(Debug)]
pub struct FileReport {
    /// The input file.
    pub input: PathBuf,
    /// Outputs written, each checked at the end of the run to still be the file this run wrote.
    pub written: Vec<PathBuf>,
    /// Warnings from reading and rendering, in order.
    pub diagnostics: Vec<Diagnostic>,
    /// Fatal problems: reading (format `None`) or one output format.
    pub errors: Vec<(Option<Format>, Error)>,
    /// Outputs left as they were: the manifest shows them made from this very input (the file skipped).
    pub kept: Vec<PathBuf>,
    /// Wall time of the file's work.
    pub elapsed: Duration,
    /// For each of `written`: its format and the identity of the file written.
    pub(super) written_as: Vec<(Format, Identity)>,
    /// The manifest lines of `written`, or of `kept` for a skipped file, in the same order.
    pub(super) lines: Vec<manifest::Line>,
}

/// What became of one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Its outputs were written.
    Converted,
    /// Its outputs were up to date and left alone.
    Skipped,
    /// At least one of its outputs could not be made.
    Failed,
}

impl FileReport {
    pub(super) fn new(input: &Path) -> FileReport {
        FileReport {
            input: input.to_path_buf(),
            written: Vec::new(),
            diagnostics: Vec::new(),
            errors: Vec::new(),
            kept: Vec::new(),
            elapsed: Duration::ZERO,
            written_as: Vec::new(),
            lines: Vec::new(),
        }
    }

    /// What became of the input.
    pub fn status(&self) -> Status {
        if !self.errors.is_empty() {
            Status::Failed
        } else if !self.kept.is_empty() {
            Status::Skipped
        } else {
            Status::Converted
        }
    }

    /// A file whose work failed as a whole (`error`), nothing written.
    pub(super) fn failed(input: &Path, error: Error) -> FileReport {
        FileReport { errors: vec![(None, error)], ..FileReport::new(input) }
    }

    pub(super) fn wrote(&mut self, path: PathBuf, format: Format, identity: Identity, line: manifest::Line) {
        self.written.push(path);
        self.written_as.push((format, identity));
        self.lines.push(line);
    }

    /// Keeps in `written` only the outputs that are still the files this run wrote; any other became an
    /// error. Names are unique within a run, but another program (another run into the same folder) or a
    /// disk that takes two names for one can still replace a file before the run ends.
    pub(super) fn check_written(&mut self) {
        if !self.kept.is_empty() {
            return;
        }
        let written = std::mem::take(&mut self.written);
        let written_as = std::mem::take(&mut self.written_as);
        let lines = std::mem::take(&mut self.lines);
        for ((path, (format, identity)), line) in written.into_iter().zip(written_as).zip(lines) {
            if identity.is_at(&path) {
                self.wrote(path, format, identity, line);
            } else {
                self.errors.push((Some(format), Error::Replaced { path }));
            }
        }
    }
}

/// The outcome of a run.
#[derive(Debug)]
pub struct Report {
    /// Per file of this shard, in input order.
    pub files: Vec<FileReport>,
    /// How many files the plan found, in every shard.
    pub planned: usize,
    /// The share of the plan this run took.
    pub shard: Shard,
    /// Warnings about the plan and the manifest.
    pub plan_diagnostics: Vec<Diagnostic>,
    /// The manifest part written, or why it could not be.
    pub manifest: Result<PathBuf, Error>,
    /// Wall time of the whole run.
    pub elapsed: Duration,
}

impl Report {
    /// Files with at least one error.
    pub fn failed(&self) -> usize {
        self.count(Status::Failed)
    }

    /// Files whose outputs were up to date.
    pub fn skipped(&self) -> usize {
        self.count(Status::Skipped)
    }

    /// Files with `status`.
    pub fn count(&self, status: Status) -> usize {
        self.files.iter().filter(|f| f.status() == status).count()
    }

    /// Outputs written.
    pub fn outputs(&self) -> usize {
        self.files.iter().map(|f| f.written.len()).sum()
    }

    /// `converted 12 files → 36 outputs in 0.84 s; 3 skipped (unchanged); 1 failed`, and the shard when
    /// there are several.
    pub fn summary(&self) -> String {
        let converted = self.count(Status::Converted);
        let mut line = format!(
            "converted {converted} file{} → {} output{} in {:.2} s",
            plural(converted),
            self.outputs(),
            plural(self.outputs()),
            self.elapsed.as_secs_f64()
        );
        if self.skipped() > 0 {
            line.push_str(&format!("; {} skipped (unchanged)", self.skipped()));
        }
        if self.failed() > 0 {
            line.push_str(&format!("; {} failed", self.failed()));
        }
        if self.shard.count() > 1 {
            line.push_str(&format!(
                " (shard {}: {} of {} files)",
                self.shard,
                self.files.len(),
                self.planned
            ));
        }
        line
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
