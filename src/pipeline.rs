//! The batch pipeline: walk the inputs and plan one output name per file ([`plan()`]), keep this process's
//! share of them (`shard`), skip the inputs whose outputs the manifest shows up to date (`key`,
//! `manifest`), convert the rest on a pool of workers (`worker`) where a bug in one file's work fails only
//! that file, write each output atomically (`output`), record them in the manifest, and collect a report
//! in input order that counts only what is on disk (`report` writes it as JSON). This is the only module
//! that writes output files; workers never print. `outcome` holds what the run did.

mod key;
mod manifest;
mod outcome;
mod output;
mod plan;
mod report;
mod shard;
mod worker;

pub use manifest::FOLDER as MANIFEST_FOLDER;
pub use outcome::{FileReport, Report, Status};
pub use output::abandon_temporary_files;
pub use plan::plan;
pub use report::write_json_report;
pub use shard::{Shard, ShardArg, INDEX_VARIABLES};
pub use worker::{catch, on_worker_stack, WORKER_STACK_BYTES};

use crate::backend::{self, Format, RenderOptions, Timestamp};
use crate::diag::{shown, Diagnostic, Error, Kind};
use crate::fonts::FontBook;
use crate::model::Document;
use crate::read::{self, ReadOptions};
use crate::style::{Style, StyleName};
use crate::transform;
use encoding_rs::Encoding;
use manifest::Manifest;

use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Everything one run needs to know.
#[derive(Debug, Clone)]
pub struct Config {
    /// Files and folders to convert.
    pub inputs: Vec<PathBuf>,
    /// Folder the outputs go to (mirroring the input tree).
    pub output: PathBuf,
    /// Formats to produce.
    pub formats: Vec<Format>,
    /// The style of every document (a preset or a style file); `None` chooses one per document: the
    /// front matter's `style:` (a preset's name or a style file beside the document), else the preset
    /// that suits the document ([`StyleName::for_document`]).
    pub style: Option<Style>,
    /// Forced input encoding.
    pub encoding: Option<&'static Encoding>,
    /// Worker threads; `None` for one per core.
    pub jobs: Option<usize>,
    /// Extra font folders, searched first.
    pub font_dirs: Vec<PathBuf>,
    /// The one timestamp written into every output.
    pub timestamp: Timestamp,
    /// Embed subsetted fonts where optional (EPUB).
    pub embed_fonts: bool,
    /// Render boilerplate lines (QR-code captions, site navigation) instead of omitting them.
    pub keep_boilerplate: bool,
    /// The parts of an official document the run asks for over what each document says (`--letterhead`,
    /// `--seal`).
    pub official: transform::Official,
    /// The PDF standards, bleed and marks the run asks for over every style's `print` table.
    pub print: PrintOverride,
    /// Show a progress bar (the caller decides: only on a terminal).
    pub progress: bool,
    /// This process's share of the planned files.
    pub shard: Shard,
    /// Convert every input, even those the manifest shows up to date.
    pub force: bool,
    /// Set book-style documents vertically where the format can (`--vertical`: the EPUB).
    pub vertical: bool,
}

/// What the command line or `paiban.toml` sets of a style's [`Print`](crate::style::Print) table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PrintOverride {
    /// `--pdf-standard`.
    pub pdf_standards: Option<Vec<crate::style::PdfStandard>>,
    /// `--bleed`.
    pub bleed_mm: Option<f32>,
    /// `--marks`.
    pub marks: Option<bool>,
}

impl PrintOverride {
    /// `style` with what was asked for; the style itself when nothing was.
    fn apply(&self, mut style: Style) -> Style {
        if let Some(standards) = &self.pdf_standards {
            style.print.pdf_standards.clone_from(standards);
        }
        style.print.bleed_mm = self.bleed_mm.unwrap_or(style.print.bleed_mm);
        style.print.marks = self.marks.unwrap_or(style.print.marks);
        style
    }
}

/// One input file and where its outputs go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedFile {
    /// The input file.
    pub input: PathBuf,
    /// Output path without extension, e.g. `output/sub/notice`.
    pub output_stem: PathBuf,
    /// The input root the file was found under: the folder given on the command line, or the file's own
    /// folder for a named file. Resources (images) may not be read from outside it.
    pub root: PathBuf,
}

impl PlannedFile {
    /// Where the output in `format` goes. The extension is appended, not substituted, because stems may
    /// contain dots (`hongloumeng.gb18030` → `hongloumeng.gb18030.pdf`).
    pub fn output_path(&self, format: Format) -> PathBuf {
        let mut name = self.output_stem.clone().into_os_string();
        name.push(".");
        name.push(format.extension());
        PathBuf::from(name)
    }

    /// The input's path below its root: what decides its shard, and what its outputs record as its source.
    pub fn relative(&self) -> &Path {
        self.input.strip_prefix(&self.root).unwrap_or(&self.input)
    }
}

/// What the walk found.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Files to convert, in input order.
    pub files: Vec<PlannedFile>,
    /// Warnings about the plan itself (renamed outputs, skipped paths).
    pub diagnostics: Vec<Diagnostic>,
}

/// Runs the whole batch. Fails only when the plan cannot be made (an input that does not exist), the
/// output folder cannot be written at all, or the workers cannot be started; each file's own problems are
/// in its [`FileReport`].
pub fn run(config: &Config) -> Result<Report, Error> {
    let started = Instant::now();
    let mut plan = plan(&config.inputs, &config.output)?;
    let planned = plan.files.len();
    if planned > 0 {
        check_output_folder(&config.output)?;
    }
    take_shard(&mut plan, config.shard);
    let manifest_folder = config.output.join(manifest::FOLDER);
    // Only the folders this run writes into: those of other runs are theirs to clean.
    let mut folders: BTreeSet<&Path> =
        plan.files.iter().filter_map(|file| file.output_stem.parent()).collect();
    folders.insert(&manifest_folder);
    let removed = output::remove_abandoned_temporary_files(folders);
    if removed > 0 {
        plan.diagnostics.push(Diagnostic::warning(
            Kind::Output,
            format!(
                "removed {removed} unfinished output(s) (.paiban-*.part) that an earlier run left when it was \
                 killed"
            ),
        ));
    }
    // Replaced per document below when no style was asked for.
    let style =
        config.print.apply(config.style.clone().unwrap_or_else(|| Style::preset(StyleName::default())));
    let (fonts, font_warnings) = FontBook::choosing(&config.font_dirs, style.fonts.chosen());
    plan.diagnostics.extend(font_warnings);
    let options = RenderOptions {
        style: &style,
        fonts: &fonts,
        timestamp: config.timestamp,
        embed_fonts: config.embed_fonts,
    };
    let read_options = ReadOptions { encoding: config.encoding };
    let (manifest, manifest_warnings) = Manifest::read(&config.output, config.shard);
    plan.diagnostics.extend(manifest_warnings);
    let manifest = (!config.force).then_some(&manifest);

    let total = u64::try_from(plan.files.len() * config.formats.len()).unwrap_or(u64::MAX);
    let progress = if config.progress {
        let bar = indicatif::ProgressBar::new(total);
        if let Ok(template) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}") {
            bar.set_style(template);
        }
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };

    let files = run_each(&plan.files, config.jobs, |file| {
        let started = Instant::now();
        let mut report = convert_file(file, config, &options, read_options, manifest);
        report.elapsed = started.elapsed();
        progress.inc(u64::try_from(config.formats.len()).unwrap_or(0));
        report
    })?;
    progress.finish_and_clear();
    let manifest =
        if planned > 0 { write_manifest(config, &plan.files, &files) } else { Ok(manifest_folder) };
    Ok(Report {
        files,
        planned,
        shard: config.shard,
        plan_diagnostics: plan.diagnostics,
        manifest,
        elapsed: started.elapsed(),
    })
}

/// Keeps in `plan` only the files of `shard`, and only the warnings that are not about another shard's
/// files (those are that shard's to give).
fn take_shard(plan: &mut Plan, shard: Shard) {
    let (mine, others): (Vec<PlannedFile>, Vec<PlannedFile>) =
        std::mem::take(&mut plan.files).into_iter().partition(|file| shard.takes(file.relative()));
    let elsewhere: BTreeSet<String> = others.iter().map(|file| shown(&file.input)).collect();
    plan.diagnostics.retain(|diagnostic| !elsewhere.contains(&diagnostic.location));
    plan.files = mine;
}

/// Writes this shard's part of the manifest: a line for each output written or kept.
fn write_manifest(config: &Config, planned: &[PlannedFile], files: &[FileReport]) -> Result<PathBuf, Error> {
    let outputs: BTreeSet<String> = planned
        .iter()
        .flat_map(|file| config.formats.iter().map(|&format| file.output_path(format)))
        .map(|path| manifest::relative_name(&path, &config.output))
        .collect();
    let lines = files.iter().flat_map(|file| file.lines.iter().cloned()).collect();
    manifest::write_part(&config.output, config.shard, lines, &outputs)
}

/// Runs `work` on every file, in parallel on the worker pool ([`worker::pool`]), and returns the reports
/// in the files' order. A panic in one file's work (a bug) is caught: that file gets one error saying so,
/// its temporary files are deleted as the work unwinds, and the other files go on. At the end every output
/// reported as written is checked to still be the file this run wrote ([`FileReport::check_written`]).
fn run_each<W>(files: &[PlannedFile], jobs: Option<usize>, work: W) -> Result<Vec<FileReport>, Error>
where
    W: Fn(&PlannedFile) -> FileReport + Sync,
{
    let pool = worker::pool(jobs)?;
    let mut reports: Vec<FileReport> = pool.install(|| {
        files
            .par_iter()
            .map(|file| {
                worker::catch(|| work(file)).unwrap_or_else(|bug| FileReport::failed(&file.input, bug))
            })
            .collect()
    });
    for report in &mut reports {
        report.check_written();
    }
    Ok(reports)
}

/// Reads, renders and writes one file. Everything that can go wrong with the file itself ends up in the
/// report; what is written is complete or absent.
fn convert_file(
    file: &PlannedFile,
    config: &Config,
    options: &RenderOptions,
    read_options: ReadOptions,
    manifest: Option<&Manifest>,
) -> FileReport {
    let mut report = FileReport::new(&file.input);
    let parsed = match read::read_path_in(&file.input, &file.root, read_options) {
        Ok(parsed) => parsed,
        Err(error) => return FileReport::failed(&file.input, error),
    };

    report.diagnostics.extend(parsed.diagnostics);
    let mut document = parsed.document;
    // Outputs depend on the document only, and the same file must give the same bytes wherever it lies
    // (the EPUB identifier hashes the model): record its path below the input folder, not the path typed.
    document.meta.source.path = Some(file.relative().to_string_lossy().replace('\\', "/"));
    if let Some(diagnostic) = config.official.apply(&mut document) {
        report.diagnostics.push(diagnostic);
    }
    if config.keep_boilerplate {
        transform::keep_boilerplate(&mut document);
    } else {
        let omitted = transform::omit_boilerplate(&mut document);
        if omitted > 0 && document.blocks.is_empty() && document.meta.title.is_none() {
            // Empty outputs would look like a success; the user can ask for the lines to be kept.
            return FileReport::failed(
                &file.input,
                Error::Input(format!(
                    "nothing to typeset: all {omitted} line(s) of this file are boilerplate (site furniture, \
                     QR-code captions, download ads); --keep-boilerplate converts them as text"
                )),
            );
        }
        if omitted > 0 {
            report.diagnostics.push(Diagnostic::warning(
                Kind::Dropped,
                format!(
                    "{omitted} boilerplate line(s) (QR-code captions, site navigation, ads) omitted from the \
                     outputs; --keep-boilerplate keeps them"
                ),
            ));
        }
    }
    // Links the policy refuses become text, reported here once for all formats.
    report.diagnostics.extend(crate::link::enforce(&mut document));
    // One choice per document, shared by all its formats.
    let chosen = match config.style {
        Some(_) => None,
        None => match document_style(&document, file, &mut report.diagnostics) {
            Ok(style) => Some(config.print.apply(style)),
            Err(error) => return FileReport { errors: vec![(None, error)], ..report },
        },
    };
    // A Traditional Chinese document is set in the Traditional faces, where no family was chosen for them;
    // a book, vertically when asked.
    let traditional = crate::zh::script::is_traditional(&document.meta.lang);
    let vertical = config.vertical
        && chosen.as_ref().unwrap_or(options.style).name == StyleName::Book
        && !chosen.as_ref().unwrap_or(options.style).vertical;
    let chosen = if traditional || vertical {
        let mut style = chosen.unwrap_or_else(|| options.style.clone());
        if traditional {
            style.fonts = style.fonts.traditional();
        }
        style.vertical |= vertical;
        Some(style)
    } else {
        chosen
    };
    // A style file of the document's own may draw faces with families of its choice.
    let own_fonts = chosen.as_ref().filter(|style| style.fonts.chosen().next().is_some()).map(|style| {
        let (fonts, warnings) = FontBook::choosing(&config.font_dirs, style.fonts.chosen());
        report.diagnostics.extend(warnings);
        fonts
    });
    let options = &RenderOptions {
        style: chosen.as_ref().unwrap_or(options.style),
        fonts: own_fonts.as_ref().unwrap_or(options.fonts),
        ..*options
    };
    let key = key::input_key(&document, options, backend::epub_marks_pdf_pages(&config.formats));
    let paths: Vec<PathBuf> = config.formats.iter().map(|&format| file.output_path(format)).collect();
    let targets: Vec<manifest::Target> = paths
        .iter()
        .map(|path| manifest::Target { path, relative: manifest::relative_name(path, &config.output) })
        .collect();
    if let Some(lines) = manifest.and_then(|manifest| manifest.up_to_date(&key, &targets)) {
        return skipped(report, paths, lines);
    }
    // What the file says whatever the format; each output's line records these and its own.
    let common = report.diagnostics.len();
    // All formats at once: the PDF and the EPUB share their font subsets.
    let outputs = backend::render_all(&config.formats, &document, options);
    // Written one after the other: writing is quick next to rendering, and a file's outputs then appear in
    // a fixed order.
    for ((&format, output), target) in config.formats.iter().zip(outputs).zip(targets) {
        let path = target.path.to_path_buf();
        match output.and_then(|output| Ok((output::write_atomically(&path, &output.bytes)?, output))) {
            Ok((identity, output)) => {
                let diagnostics: Vec<Diagnostic> =
                    output.diagnostics.into_iter().map(|d| tag_location(d, format.extension())).collect();
                let line = manifest::Line {
                    input: shown(&file.input),
                    key: key.clone(),
                    output: target.relative,
                    sha256: key::content_hash(&output.bytes),
                    size: output.bytes.len() as u64,
                    warnings: report.diagnostics[..common].iter().chain(&diagnostics).cloned().collect(),
                };
                report.wrote(path, format, identity, line);
                report.diagnostics.extend(diagnostics);
            }
            Err(error) => report.errors.push((Some(format), error)),
        }
    }
    report
}

/// The report of a file whose outputs (`paths`) the manifest shows up to date (`lines`): its warnings are
/// those of the reading just done and those its outputs recorded of their own.
fn skipped(mut report: FileReport, paths: Vec<PathBuf>, mut lines: Vec<manifest::Line>) -> FileReport {
    let common = report.diagnostics.len();
    for line in &mut lines {
        report.diagnostics.extend(line.warnings.iter().skip(common).cloned());
        line.input = shown(&report.input);
    }
    report.kept = paths;
    report.lines = lines;
    report
}

/// The style of a document when the run names none: the front matter's `style:`, a preset's name or a
/// style file (`.toml`) beside the document, inside the input folder; else the preset that suits it.
fn document_style(
    document: &Document,
    file: &PlannedFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Style, Error> {
    let Some(named) = document.meta.extra.get("style").map(|s| s.trim()) else {
        return Ok(Style::preset(StyleName::for_document(document)));
    };
    if let Some(name) = StyleName::from_name(named) {
        return Ok(Style::preset(name));
    }
    if !named.to_ascii_lowercase().ends_with(".toml") {
        diagnostics.push(Diagnostic::warning(
            Kind::Unsupported,
            format!(
                "front matter `style: {named}` names no preset (gongwen, book, report) and no style file \
                 (.toml); the style is chosen from the document"
            ),
        ));
        return Ok(Style::preset(StyleName::for_document(document)));
    }
    let folder = file.input.parent().unwrap_or(Path::new("."));
    let path = folder.join(named);
    let inside = |p: &Path| p.canonicalize().ok();
    match (inside(&path), inside(&file.root)) {
        (Some(style_file), Some(root)) if style_file.starts_with(&root) => {
            crate::style::load(&path).map_err(|e| Error::Input(format!("style file {e}")))
        }
        (None, _) => Err(Error::Input(format!(
            "front matter `style: {named}`: there is no such style file beside the document ({})",
            path.display()
        ))),
        _ => Err(Error::Input(format!(
            "front matter `style: {named}`: the style file is outside the input folder, so it is not read \
             (copy it next to the document)"
        ))),
    }
}

/// Prefixes a backend's diagnostic with its format, unless the backend already named it.
fn tag_location(diagnostic: Diagnostic, format: &str) -> Diagnostic {
    if diagnostic.location.is_empty() {
        diagnostic.at(format)
    } else if diagnostic.location == format || diagnostic.location.starts_with(&format!("{format}:")) {
        diagnostic
    } else {
        let location = format!("{format}: {}", diagnostic.location);
        diagnostic.at(location)
    }
}

/// Makes sure the output folder exists and takes a file, before any work is done: when it cannot (a file
/// of that name, no permission, a read-only disk), every output would fail the same way, so the run stops
/// with one line instead of one per output.
fn check_output_folder(output: &Path) -> Result<(), Error> {
    let write_error = |source| Error::Write { path: output.to_path_buf(), source };
    std::fs::create_dir_all(output).map_err(write_error)?;
    output::temporary_file_in(output).map_err(write_error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn planned(dir: &Path, names: &[&str]) -> Vec<PlannedFile> {
        names
            .iter()
            .map(|name| PlannedFile {
                input: dir.join(name),
                output_stem: dir.join("out").join(name),
                root: dir.to_path_buf(),
            })
            .collect()
    }

    fn dir_of(file: &PlannedFile) -> &Path {
        file.output_stem.parent().expect("folder")
    }

    /// Per-file work for the tests: writes the file's PDF, then, for `bug.txt`, panics as a bug in a backend
    /// would, with a temporary file open.
    fn write_or_panic(file: &PlannedFile) -> FileReport {
        let mut report = FileReport::new(&file.input);
        let target = file.output_path(Format::Pdf);
        let identity = output::write_atomically(&target, b"%PDF-1.7").expect("write");
        let line = manifest::Line {
            input: shown(&file.input),
            key: String::new(),
            output: manifest::relative_name(&target, dir_of(file)),
            sha256: key::content_hash(b"%PDF-1.7"),
            size: 8,
            warnings: Vec::new(),
        };
        report.wrote(target, Format::Pdf, identity, line);
        let temp = output::temporary_file_in(file.output_stem.parent().expect("folder")).expect("temp");
        if file.input.ends_with("bug.txt") {
            let index = file.input.as_os_str().len();
            let _ = [0u8; 4][index % 8 + 4];
        }
        drop(temp);
        report
    }

    #[test]
    fn a_panic_in_one_files_work_fails_that_file_alone_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let files = planned(dir.path(), &["a.txt", "bug.txt", "c.txt"]);
        let reports = run_each(&files, Some(2), write_or_panic).expect("runs");
        assert_eq!(reports.len(), 3);
        assert!(reports[0].errors.is_empty() && reports[2].errors.is_empty());
        assert_eq!(reports[0].written, [dir.path().join("out/a.txt.pdf")]);
        let [(None, error)] = reports[1].errors.as_slice() else {
            panic!("one error: {:?}", reports[1].errors)
        };
        let line = error.to_string();
        assert!(line.contains("a bug in paiban: index out of bounds"), "{line}");
        assert!(line.contains("(at src/pipeline.rs:"), "{line}");
        assert!(line.contains("please report it with this file"), "{line}");
        let left: BTreeSet<String> = std::fs::read_dir(dir.path().join("out"))
            .expect("ls")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        // The PDF written before the panic is complete; no temporary file is left.
        assert_eq!(left, ["a.txt.pdf", "bug.txt.pdf", "c.txt.pdf"].map(String::from).into());
    }

    #[test]
    fn an_output_replaced_during_the_run_is_not_counted_as_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        let files = planned(dir.path(), &["a.txt", "b.txt"]);
        let stolen = files[1].output_path(Format::Pdf);
        let reports = run_each(&files, Some(1), |file| {
            let report = write_or_panic(file);
            if file.input.ends_with("b.txt") {
                // Another program renames its own file over this output before the run ends.
                let other = dir.path().join("other.pdf");
                std::fs::write(&other, b"%PDF-1.7").expect("write");
                std::fs::rename(&other, &stolen).expect("rename");
            }
            report
        })
        .expect("runs");
        assert_eq!(reports[0].written.len(), 1);
        assert!(reports[1].written.is_empty());
        let [(Some(Format::Pdf), error)] = reports[1].errors.as_slice() else {
            panic!("{:?}", reports[1].errors)
        };
        assert!(
            error.to_string().contains("was replaced by another file while this run was writing"),
            "{error}"
        );
    }
}
