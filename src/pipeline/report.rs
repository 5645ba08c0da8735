//! `--report FILE`: the run's outcome as JSON for the programs that drive batches, one entry per input of
//! this shard, in input order:
//!
//! ```json
//! {"paiban": "0.1.0", "shard": "0/1", "planned": 4, "converted": 1, "skipped": 3, "failed": 0,
//!  "elapsed_ms": 41, "manifest": "out/manifest.d/shard-0-of-1.jsonl", "manifest_error": null,
//!  "warnings": ["…"],
//!  "files": [{"input": "in/a.txt", "status": "converted", "outputs": ["out/a.pdf"],
//!             "warnings": ["warning: line 3: …"], "error": null, "ms": 12}, …]}
//! ```
//!
//! `outputs` are the files written, or for a skipped input the files left as they were; `error` joins the
//! input's errors in one line (`null` when there is none); `warnings` hold notes too, each with its label.

use super::output::write_atomically;
use super::{FileReport, Report, Status};
use crate::diag::{shown, Error};
use serde::Serialize;
use std::path::Path;

#[derive(Serialize)]
struct Json<'a> {
    paiban: &'static str,
    shard: String,
    planned: usize,
    converted: usize,
    skipped: usize,
    failed: usize,
    elapsed_ms: u128,
    manifest: Option<String>,
    manifest_error: Option<String>,
    warnings: Vec<String>,
    files: Vec<FileJson<'a>>,
}

#[derive(Serialize)]
struct FileJson<'a> {
    input: String,
    status: &'a str,
    outputs: Vec<String>,
    warnings: Vec<String>,
    error: Option<String>,
    ms: f64,
}

fn file_json(file: &FileReport) -> FileJson<'static> {
    let status = match file.status() {
        Status::Converted => "converted",
        Status::Skipped => "skipped",
        Status::Failed => "failed",
    };
    let errors: Vec<String> = file
        .errors
        .iter()
        .map(|(format, error)| match format {
            Some(format) => format!("{}: {error}", format.extension()),
            None => error.to_string(),
        })
        .collect();
    let outputs = if file.kept.is_empty() { &file.written } else { &file.kept };
    FileJson {
        input: shown(&file.input),
        status,
        outputs: outputs.iter().map(|p| shown(p)).collect(),
        warnings: file.diagnostics.iter().map(ToString::to_string).collect(),
        error: (!errors.is_empty()).then(|| errors.join("; ")),
        // To the microsecond: a skipped file takes well under a millisecond.
        ms: (file.elapsed.as_secs_f64() * 1e6).round() / 1e3,
    }
}

/// The report as JSON text, one line.
pub(super) fn json(report: &Report) -> String {
    let json = Json {
        paiban: env!("CARGO_PKG_VERSION"),
        shard: report.shard.to_string(),
        planned: report.planned,
        converted: report.count(Status::Converted),
        skipped: report.skipped(),
        failed: report.failed(),
        elapsed_ms: report.elapsed.as_millis(),
        manifest: report.manifest.as_ref().ok().map(|p| shown(p)),
        manifest_error: report.manifest.as_ref().err().map(ToString::to_string),
        warnings: report.plan_diagnostics.iter().map(ToString::to_string).collect(),
        files: report.files.iter().map(file_json).collect(),
    };
    // Strings and numbers only: serialisation cannot fail short of a bug.
    serde_json::to_string(&json)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot write the report: {e}\"}}"))
}

/// Writes `report` as JSON to `path`, atomically: a pipeline reading it never sees half a report.
pub fn write_json_report(report: &Report, path: &Path) -> Result<(), Error> {
    let mut text = json(report);
    text.push('\n');
    write_atomically(path, text.as_bytes()).map(|_| ())
}
