//! The batch pipeline: walk the inputs, plan one job per (file × format), run the jobs on rayon, write each
//! output atomically (temporary file in the target folder, then rename), and collect a report in input
//! order. This is the only module that writes output files; workers never print.

use crate::backend::{self, Format, RenderOptions, Timestamp};
use crate::diag::{Diagnostic, Error, Kind};
use crate::fonts::FontBook;
use crate::read::{self, InputFormat, ReadOptions};
use crate::style::{Style, StyleName};
use crate::transform;
use encoding_rs::Encoding;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Everything one run needs to know.
#[derive(Debug, Clone)]
pub struct Config {
    /// Files and folders to convert.
    pub inputs: Vec<PathBuf>,
    /// Folder the outputs go to (mirroring the input tree).
    pub output: PathBuf,
    /// Formats to produce.
    pub formats: Vec<Format>,
    /// Typographic preset; `None` chooses one per document ([`StyleName::for_document`]).
    pub style: Option<StyleName>,
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
    /// Show a progress bar (the caller decides: only on a terminal).
    pub progress: bool,
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
}

/// What the walk found.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Files to convert, in input order.
    pub files: Vec<PlannedFile>,
    /// Warnings about the plan itself (renamed outputs, skipped paths).
    pub diagnostics: Vec<Diagnostic>,
}

/// The outcome for one input file.
#[derive(Debug)]
pub struct FileReport {
    /// The input file.
    pub input: PathBuf,
    /// Outputs written.
    pub written: Vec<PathBuf>,
    /// Warnings from reading and rendering, in order.
    pub diagnostics: Vec<Diagnostic>,
    /// Fatal problems: reading (format `None`) or one output format.
    pub errors: Vec<(Option<Format>, Error)>,
}

/// The outcome of a run.
#[derive(Debug)]
pub struct Report {
    /// Per file, in input order.
    pub files: Vec<FileReport>,
    /// Warnings about the plan.
    pub plan_diagnostics: Vec<Diagnostic>,
    /// Wall time of the whole run.
    pub elapsed: Duration,
}

impl Report {
    /// Files with at least one error.
    pub fn failed(&self) -> usize {
        self.files.iter().filter(|f| !f.errors.is_empty()).count()
    }

    /// Outputs written.
    pub fn outputs(&self) -> usize {
        self.files.iter().map(|f| f.written.len()).sum()
    }

    /// `converted 12 files → 36 outputs in 0.84 s; 1 failed`.
    pub fn summary(&self) -> String {
        let converted = self.files.len() - self.failed();
        let mut line = format!(
            "converted {converted} file{} → {} output{} in {:.2} s",
            plural(converted),
            self.outputs(),
            plural(self.outputs()),
            self.elapsed.as_secs_f64()
        );
        if self.failed() > 0 {
            line.push_str(&format!("; {} failed", self.failed()));
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

/// Walks the inputs: folders recursively (sorted, hidden entries and the output folder skipped), keeping
/// `.txt`, `.text`, `.md` and `.markdown` files. A named file is taken whatever its extension.
///
/// Outputs mirror each file's path below its input folder (a named file goes to the top of the output
/// folder). When two inputs would produce the same output name, both are kept: each colliding output takes
/// its source extension (`notice.txt.pdf`, `notice.md.pdf`), and a numeric suffix if it still collides.
/// A file reached twice (named twice, or named and inside a named folder) is converted once, with a
/// warning; a subfolder that cannot be read is skipped with a warning.
pub fn plan(inputs: &[PathBuf], output: &Path) -> Result<Plan, Error> {
    let output_canonical = output.canonicalize().ok();
    // (input file, path relative to output root, input root)
    let mut found: Vec<(PathBuf, PathBuf, PathBuf)> = Vec::new();
    let mut diagnostics = Vec::new();
    let mut seen: BTreeSet<PathBuf> = BTreeSet::new();
    let mut first_seen = |file: &Path, diagnostics: &mut Vec<Diagnostic>| {
        let key = file.canonicalize().unwrap_or_else(|_| file.to_path_buf());
        let first = seen.insert(key);
        if !first {
            diagnostics.push(
                Diagnostic::warning(
                    Kind::Output,
                    "this file is among the inputs more than once; converted once",
                )
                .at(file.display().to_string()),
            );
        }
        first
    };
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|e| Error::io(input, e))?;
        if meta.is_dir() {
            let mut files = Vec::new();
            walk(input, output_canonical.as_deref(), &mut files, &mut diagnostics)
                .map_err(|e| Error::io(input, e))?;
            for file in files {
                if !first_seen(&file, &mut diagnostics) {
                    continue;
                }
                let relative =
                    file.strip_prefix(input).map(Path::to_path_buf).unwrap_or_else(|_| file.clone());
                found.push((file, relative, input.clone()));
            }
        } else if first_seen(input, &mut diagnostics) {
            let name = input.file_name().map(PathBuf::from).unwrap_or_else(|| input.clone());
            found.push((input.clone(), name, read::folder_of(input)));
        }
    }

    let mut by_stem: BTreeMap<PathBuf, Vec<usize>> = BTreeMap::new();
    for (index, (_, relative, _)) in found.iter().enumerate() {
        by_stem.entry(relative.with_extension("")).or_default().push(index);
    }
    let mut stems: Vec<PathBuf> = found.iter().map(|(_, relative, _)| relative.with_extension("")).collect();
    for indices in by_stem.values().filter(|indices| indices.len() > 1) {
        let mut taken: Vec<PathBuf> = Vec::new();
        for &index in indices {
            let (input, relative, _) = &found[index];
            let mut stem = PathBuf::from(relative.as_os_str());
            let mut n = 1;
            while taken.contains(&stem) {
                n += 1;
                stem = PathBuf::from(format!("{}-{n}", relative.display()));
            }
            taken.push(stem.clone());
            diagnostics.push(
                Diagnostic::warning(
                    Kind::Output,
                    format!(
                        "another input has the same output name; this one is written as {}.*",
                        output.join(&stem).display()
                    ),
                )
                .at(input.display().to_string()),
            );
            stems[index] = stem;
        }
    }
    let files = found
        .into_iter()
        .zip(stems)
        .map(|((input, _, root), stem)| PlannedFile { input, output_stem: output.join(stem), root })
        .collect();
    Ok(Plan { files, diagnostics })
}

/// Collects the convertible files below `dir`. Only `dir` itself must be readable: a subfolder that is not
/// is reported and skipped, so one locked folder does not stop the batch.
fn walk(
    dir: &Path,
    skip: Option<&Path>,
    out: &mut Vec<PathBuf>,
    diagnostics: &mut Vec<Diagnostic>,
) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        // file_type does not follow symlinks, so a linked folder can never make the walk loop.
        let kind = entry.file_type()?;
        if kind.is_dir() {
            if skip.is_some_and(|skip| path.canonicalize().is_ok_and(|p| p == skip)) {
                continue;
            }
            if let Err(e) = walk(&path, skip, out, diagnostics) {
                diagnostics.push(
                    Diagnostic::warning(
                        Kind::Output,
                        format!("folder skipped, it cannot be read: {e}; check its permissions"),
                    )
                    .at(path.display().to_string()),
                );
            }
        } else if (kind.is_file() || kind.is_symlink() && path.is_file())
            && InputFormat::from_path(&path).is_some()
        {
            out.push(path);
        }
    }
    Ok(())
}

/// Runs the whole batch. Fails only when the plan cannot be made (an input that does not exist) or the
/// output folder cannot be written at all; each file's own problems are in its [`FileReport`].
pub fn run(config: &Config) -> Result<Report, Error> {
    let started = Instant::now();
    let plan = plan(&config.inputs, &config.output)?;
    if !plan.files.is_empty() {
        check_output_folder(&config.output)?;
    }
    let fonts = FontBook::new(&config.font_dirs);
    // Replaced per document below when no preset was asked for.
    let style = Style::preset(config.style.unwrap_or_default());
    let options = RenderOptions {
        style: &style,
        fonts: &fonts,
        timestamp: config.timestamp,
        embed_fonts: config.embed_fonts,
    };
    let read_options = ReadOptions { encoding: config.encoding };

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

    let convert_all = || -> Vec<FileReport> {
        plan.files
            .par_iter()
            .map(|file| convert_file(file, config, &options, read_options, &progress))
            .collect()
    };
    let files = match config.jobs {
        Some(n) => match rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build() {
            Ok(pool) => pool.install(convert_all),
            Err(_) => convert_all(),
        },
        None => convert_all(),
    };
    progress.finish_and_clear();
    Ok(Report { files, plan_diagnostics: plan.diagnostics, elapsed: started.elapsed() })
}

/// An output written, with the backend's diagnostics.
type Written = (PathBuf, Vec<Diagnostic>);

fn convert_file(
    file: &PlannedFile,
    config: &Config,
    options: &RenderOptions,
    read_options: ReadOptions,
    progress: &indicatif::ProgressBar,
) -> FileReport {
    let mut report = FileReport {
        input: file.input.clone(),
        written: Vec::new(),
        diagnostics: Vec::new(),
        errors: Vec::new(),
    };
    let parsed = match read::read_path_in(&file.input, &file.root, read_options) {
        Ok(parsed) => parsed,
        Err(error) => {
            report.errors.push((None, error));
            progress.inc(u64::try_from(config.formats.len()).unwrap_or(0));
            return report;
        }
    };
    report.diagnostics.extend(parsed.diagnostics);
    let mut document = parsed.document;
    // Outputs depend on the document only, and the same file must give the same bytes wherever it lies
    // (the EPUB identifier hashes the model): record its path below the input folder, not the path typed.
    let relative = file.input.strip_prefix(&file.root).unwrap_or(&file.input);
    document.meta.source.path = Some(relative.to_string_lossy().replace('\\', "/"));
    if config.keep_boilerplate {
        transform::keep_boilerplate(&mut document);
    } else {
        let omitted = transform::omit_boilerplate(&mut document);
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
    let chosen = config.style.is_none().then(|| Style::preset(StyleName::for_document(&document)));
    let options = &RenderOptions { style: chosen.as_ref().unwrap_or(options.style), ..*options };
    // All formats at once: the PDF and the EPUB share their font subsets.
    let outputs = backend::render_all(&config.formats, &document, options);
    let results: Vec<(Format, Result<Written, Error>)> = config
        .formats
        .par_iter()
        .zip(outputs)
        .map(|(&format, output)| {
            let target = file.output_path(format);
            let result = output.and_then(|output| {
                write_atomically(&target, &output.bytes)?;
                Ok((target, output.diagnostics))
            });
            progress.inc(1);
            (format, result)
        })
        .collect();
    for (format, result) in results {
        match result {
            Ok((path, diagnostics)) => {
                report.written.push(path);
                report
                    .diagnostics
                    .extend(diagnostics.into_iter().map(|d| tag_location(d, format.extension())));
            }
            Err(error) => report.errors.push((Some(format), error)),
        }
    }
    report
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
    tempfile::Builder::new().prefix(".paiban-").suffix(".part").tempfile_in(output).map_err(write_error)?;
    Ok(())
}

/// Temporary files being written right now. An interrupt (see [`abandon_temporary_files`]) deletes them
/// before the process exits, so that nothing half-written is left behind.
static LIVE_TEMPORARY_FILES: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

fn live_temporary_files() -> MutexGuard<'static, BTreeSet<PathBuf>> {
    // The set stays valid even if a thread panicked while holding it (insert and remove cannot tear it).
    LIVE_TEMPORARY_FILES.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// For the signal handler of the command: deletes every temporary output being written and keeps any
/// new one from being created (the registry stays locked for the rest of the process), so the caller can
/// exit at once. Outputs already renamed into place are complete and stay. Returns how many were deleted.
pub fn abandon_temporary_files() -> usize {
    let live = live_temporary_files();
    let removed = live.iter().filter(|path| std::fs::remove_file(path).is_ok()).count();
    // Never unlocked: a worker that wants to create or finish a temporary file now waits until the exit.
    std::mem::forget(live);
    removed
}

/// Writes `bytes` to a temporary file beside `target` and renames it into place, so `target` is either
/// absent, the old file, or the complete new one; a failure leaves no temporary file behind, and neither
/// does an interrupt (see [`abandon_temporary_files`]).
///
/// The file's data is flushed to the disk (`fsync`) before the rename, so that after a power cut the name
/// never points at an empty or partial file. The folder is not synced: a rename lost that way leaves the
/// old file, which the promise allows, and syncing it per output would cost more than it saves.
pub fn write_atomically(target: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let write_error = |path: &Path, source| Error::Write { path: path.to_path_buf(), source };
    std::fs::create_dir_all(dir).map_err(|e| write_error(dir, e))?;
    let temp = {
        // Created and registered under the lock, so an interrupt sees every temporary file that exists.
        let mut live = live_temporary_files();
        let temp = tempfile::Builder::new()
            .prefix(".paiban-")
            .suffix(".part")
            .tempfile_in(dir)
            .map_err(|e| write_error(dir, e))?;
        live.insert(temp.path().to_path_buf());
        temp
    };
    let temp_path = temp.path().to_path_buf();
    let result = fill_and_rename(temp, target, bytes);
    live_temporary_files().remove(&temp_path);
    result.map_err(|e| write_error(target, e))
}

/// The part of [`write_atomically`] that can fail after the temporary file exists; on failure the file is
/// dropped, which deletes it.
fn fill_and_rename(mut temp: tempfile::NamedTempFile, target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    temp.write_all(bytes)?;
    #[cfg(unix)]
    {
        // tempfile creates files readable by the owner only; outputs are ordinary documents.
        use std::os::unix::fs::PermissionsExt;
        temp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    temp.as_file().sync_all()?;
    temp.persist(target).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(path: &Path) {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(path, "标题\n正文").expect("write");
    }

    #[test]
    fn plan_mirrors_folders_and_skips_hidden_output_and_other_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("in");
        touch(&root.join("a.txt"));
        touch(&root.join("sub/b.md"));
        touch(&root.join(".hidden.txt"));
        touch(&root.join(".git/c.txt"));
        touch(&root.join("image.png"));
        touch(&root.join("out/old.txt"));
        touch(&root.join("novel.gb18030.txt"));
        let out = root.join("out");
        let plan = plan(std::slice::from_ref(&root), &out).expect("plan");
        let stems: Vec<_> =
            plan.files.iter().map(|f| f.output_stem.strip_prefix(&out).expect("under out")).collect();
        assert_eq!(stems, [Path::new("a"), Path::new("novel.gb18030"), Path::new("sub/b")]);
        assert!(plan.diagnostics.is_empty());
        assert_eq!(plan.files[1].output_path(Format::Pdf), out.join("novel.gb18030.pdf"));
        assert!(plan.files.iter().all(|f| f.root == root), "a folder's files keep the folder as their root");
    }

    #[test]
    fn colliding_output_names_are_both_kept_with_a_warning() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("in");
        touch(&root.join("notice.txt"));
        touch(&root.join("notice.md"));
        let out = dir.path().join("out");
        let plan = plan(&[root.clone(), root.join("notice.txt")], &out).expect("plan");
        let stems: Vec<_> =
            plan.files.iter().map(|f| f.output_stem.strip_prefix(&out).expect("under out")).collect();
        assert_eq!(stems, [Path::new("notice.md"), Path::new("notice.txt")]);
        // Two for the shared name, one for notice.txt reached twice (in the folder and by name).
        assert_eq!(plan.diagnostics.len(), 3);
        assert!(plan.diagnostics[0].message.contains("more than once"), "{:?}", plan.diagnostics);
        // A named file's root is its own folder.
        assert!(plan.files.iter().all(|f| f.root == root));
    }

    #[test]
    fn atomic_write_leaves_only_the_target() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("deep/x.pdf");
        write_atomically(&target, b"%PDF").expect("write");
        assert_eq!(std::fs::read(&target).expect("read"), b"%PDF");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("deep"))
            .expect("ls")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["x.pdf"]);
    }
}
