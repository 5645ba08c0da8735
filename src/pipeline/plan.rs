//! The plan of a batch: the files to convert, found by walking the input folders without ever leaving
//! them, and an output name for each that no other output of the run shares.

use super::{Plan, PlannedFile};
use crate::backend::Format;
use crate::diag::{shown, Diagnostic, Error, Kind};
use crate::read::{self, InputFormat};
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// A file the walk found: the file, its path below the output folder, and its input root.
struct Found {
    input: PathBuf,
    relative: PathBuf,
    root: PathBuf,
}

/// Walks the inputs: folders recursively (sorted, hidden entries and the output folder skipped), keeping
/// the regular `.txt`, `.text`, `.md` and `.markdown` files inside them. A named file is taken whatever its
/// extension, wherever it is: naming it is the user's choice.
///
/// What a folder's walk finds stays inside that folder: a link whose target lies outside it (however it
/// gets there: an absolute path, `..`, a chain of links) is skipped with a warning, and so is a named pipe,
/// socket or device with a document's name. Links to folders are not followed (what they point to inside
/// the folder is walked anyway, and following them could loop).
///
/// Outputs mirror each file's path below its input folder (a named file goes to the top of the output
/// folder); names that collide are told apart as `output_stems` describes. A file reached twice (named
/// twice, or named and inside a named folder) is converted once, with a warning; a subfolder that cannot
/// be read is skipped with a warning.
pub fn plan(inputs: &[PathBuf], output: &Path) -> Result<Plan, Error> {
    let output_canonical = output.canonicalize().ok();
    let mut found: Vec<Found> = Vec::new();
    let mut diagnostics = Vec::new();
    // Canonical paths of the files taken, to take each once; kept for the check against the output folder.
    // Compared as strings, not as paths: canonical paths are normal already, and comparing paths component
    // by component was most of the time of planning 100 000 files.
    let mut seen: BTreeSet<OsString> = BTreeSet::new();
    let mut first_seen = |file: &Path, canonical: PathBuf, diagnostics: &mut Vec<Diagnostic>| {
        let first = seen.insert(canonical.into_os_string());
        if !first {
            diagnostics.push(
                Diagnostic::warning(
                    Kind::Output,
                    "this file is among the inputs more than once; converted once",
                )
                .at(shown(file)),
            );
        }
        first
    };
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|e| Error::io(input, e))?;
        if meta.is_dir() {
            let root = input.canonicalize().map_err(|e| Error::io(input, e))?;
            let mut walk = Walk {
                root: &root,
                skip: output_canonical.as_deref(),
                files: Vec::new(),
                diagnostics: &mut diagnostics,
            };
            walk.folder(input, root.clone()).map_err(|e| Error::io(input, e))?;
            for (file, canonical) in walk.files {
                if !first_seen(&file, canonical, &mut diagnostics) {
                    continue;
                }
                let relative =
                    file.strip_prefix(input).map(Path::to_path_buf).unwrap_or_else(|_| file.clone());
                found.push(Found { input: file, relative, root: input.clone() });
            }
        } else if first_seen(input, input.canonicalize().unwrap_or_else(|_| input.clone()), &mut diagnostics)
        {
            let name = input.file_name().map(PathBuf::from).unwrap_or_else(|| input.clone());
            found.push(Found { input: input.clone(), relative: name, root: read::folder_of(input) });
        }
    }
    // Inputs that lie inside the output folder: no output may be written over one of them.
    let inputs_in_output: Vec<PathBuf> = match &output_canonical {
        Some(out) => {
            seen.iter().filter_map(|p| Path::new(p).strip_prefix(out).ok().map(Path::to_path_buf)).collect()
        }
        None => Vec::new(),
    };
    let stems = output_stems(&found, &inputs_in_output, output, &mut diagnostics);
    let files: Vec<PlannedFile> = found
        .into_iter()
        .zip(stems)
        .map(|(found, stem)| PlannedFile {
            input: found.input,
            output_stem: output.join(stem),
            root: found.root,
        })
        .collect();
    assert_one_job_per_output(&files)?;
    Ok(Plan { files, diagnostics })
}

/// One folder walk, confined to `root` (canonical).
struct Walk<'a> {
    root: &'a Path,
    /// The output folder (canonical), never walked.
    skip: Option<&'a Path>,
    /// The files found, each with its canonical path.
    files: Vec<(PathBuf, PathBuf)>,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Walk<'_> {
    /// Collects the convertible files below `dir`. Only the top folder must be readable: a subfolder that
    /// is not is reported and skipped, so one locked folder does not stop the batch.
    /// `canonical` is `dir`'s canonical path: the walk never follows a link to a folder, so an entry's
    /// canonical path is its folder's and its name, with no call to resolve it.
    fn folder(&mut self, dir: &Path, canonical: PathBuf) -> std::io::Result<()> {
        let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(|entry| entry.file_name());
        for entry in entries {
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            // file_type does not follow links: a link is judged by where it leads, below.
            let kind = entry.file_type()?;
            if kind.is_dir() {
                let canonical = canonical.join(entry.file_name());
                if self.skip == Some(canonical.as_path()) {
                    continue;
                }
                if let Err(e) = self.folder(&path, canonical) {
                    self.warn(
                        &path,
                        format!("folder skipped, it cannot be read: {e}; check its permissions"),
                    );
                }
            } else if kind.is_symlink() {
                self.link(path);
            } else if InputFormat::from_path(&path).is_some() {
                if kind.is_file() {
                    self.files.push((path, canonical.join(entry.file_name())));
                } else {
                    let what = read::not_a_file(&kind);
                    self.warn(&path, format!("skipped: {what}, not a regular file"));
                }
            }
        }
        Ok(())
    }

    /// A link found in the walk: taken when it leads to a regular document file inside the root.
    fn link(&mut self, path: PathBuf) {
        let convertible = InputFormat::from_path(&path).is_some();
        let Ok(target) = path.canonicalize() else {
            if convertible {
                self.warn(&path, "skipped: a link that leads nowhere (its target does not exist)".to_owned());
            }
            return;
        };
        let Ok(meta) = std::fs::metadata(&target) else { return };
        if !convertible && !meta.is_dir() {
            return;
        }
        if !target.starts_with(self.root) {
            let message = format!(
                "skipped: a link to {}, outside the input folder; name it on the command line to convert it",
                shown(&target)
            );
            self.warn(&path, message);
        } else if meta.is_file() && convertible {
            self.files.push((path, target));
        } else if !meta.is_dir() {
            let what = read::not_a_file(&meta.file_type());
            self.warn(&path, format!("skipped: a link to {what}, not to a regular file"));
        }
        // A link to a folder inside the root is not followed: that folder is walked where it is.
    }

    fn warn(&mut self, path: &Path, message: String) {
        self.diagnostics.push(Diagnostic::warning(Kind::Output, message).at(shown(path)));
    }
}

/// How output paths compare on the disks they may land on: without regard to case (macOS and Windows disks,
/// USB sticks), so that a run gives the same names everywhere and never writes two files that such a disk
/// takes for one.
fn key(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/").to_lowercase()
}

/// `stem` + `.` + the format's extension: the output path of `stem` in `format`.
fn with_format(stem: &Path, format: Format) -> PathBuf {
    let mut name = stem.as_os_str().to_owned();
    name.push(".");
    name.push(format.extension());
    PathBuf::from(name)
}

/// Why a file could not have its usual output name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Clash {
    /// Another input has it (`a.txt` and `a.md`; `a.txt.md` and the renamed `a.txt`; `A.txt` and `a.txt`).
    Input,
    /// A folder of outputs (`x.pdf/` mirrored from an input folder) or an input inside the output folder
    /// is at that path.
    Occupied,
}

/// The output stem of each found file (its path below the output folder without extension), unique by
/// construction and the same on every run and for every `--to`:
/// - a file keeps its path without its extension (`sub/notice.txt` → `sub/notice`) unless that name is
///   shared, ignoring case, with another file's name (`notice.md`), or its outputs would land on a
///   folder of outputs or on an input inside the output folder;
/// - then it keeps its whole name (`sub/notice.txt`), and a name it takes that way pushes any other file
///   that wanted it to its whole name too (`notice.txt.md` → `notice.txt.md`), until no name is shared;
/// - a whole name still shared (the same file name reached from two folders) gets `-2`, `-3`… in input
///   order.
///
/// Every file not written under its usual name gets a warning saying where it goes.
fn output_stems(
    found: &[Found],
    inputs_in_output: &[PathBuf],
    output: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<PathBuf> {
    let usual: Vec<PathBuf> = found.iter().map(|f| f.relative.with_extension("")).collect();
    let whole: Vec<&Path> = found.iter().map(|f| f.relative.as_path()).collect();
    // Paths no output may take: folders the outputs are written into, and inputs in the output folder.
    let mut occupied: BTreeSet<String> = inputs_in_output.iter().map(|p| key(p)).collect();
    for file in found {
        occupied.extend(file.relative.ancestors().skip(1).filter(|a| !a.as_os_str().is_empty()).map(key));
    }
    let lands_on_occupied =
        |stem: &Path| Format::ALL.iter().any(|&f| occupied.contains(&key(&with_format(stem, f))));

    let mut clash: Vec<Option<Clash>> =
        usual.iter().map(|stem| lands_on_occupied(stem).then_some(Clash::Occupied)).collect();
    loop {
        let mut owners: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, stem) in usual.iter().enumerate() {
            let name = if clash[i].is_some() { whole[i] } else { stem.as_path() };
            owners.entry(key(name)).or_default().push(i);
        }
        let mut changed = false;
        for shared in owners.values().filter(|owners| owners.len() > 1) {
            for &i in shared {
                if clash[i].is_none() {
                    clash[i] = Some(Clash::Input);
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }

    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut stems = Vec::with_capacity(found.len());
    for (i, file) in found.iter().enumerate() {
        let mut stem = if clash[i].is_some() { whole[i].to_path_buf() } else { usual[i].clone() };
        let mut n = 1;
        while taken.contains(&key(&stem)) || lands_on_occupied(&stem) {
            n += 1;
            let mut numbered = whole[i].as_os_str().to_owned();
            numbered.push(format!("-{n}"));
            stem = PathBuf::from(numbered);
            clash[i].get_or_insert(Clash::Input);
        }
        taken.insert(key(&stem));
        if let Some(reason) = clash[i] {
            let why = match reason {
                Clash::Input => "another input has the same output name",
                Clash::Occupied => "a folder or an input file is where its output would go",
            };
            let message = format!("{why}; this one is written as {}.*", shown(&output.join(&stem)));
            diagnostics.push(Diagnostic::warning(Kind::Output, message).at(shown(&file.input)));
        }
        stems.push(stem);
    }
    stems
}

/// No two jobs of a plan may write one path (as a disk that ignores case sees it): the naming rules make
/// it so, and this check keeps a mistake in them from ever losing an output silently.
fn assert_one_job_per_output(files: &[PlannedFile]) -> Result<(), Error> {
    let mut targets = BTreeSet::new();
    for file in files {
        for format in Format::ALL {
            let target = file.output_path(format);
            if !targets.insert(key(&target)) {
                return Err(Error::Run(format!(
                    "internal error, a bug in paiban: two inputs were planned to write {}; nothing was \
                     written; please report it with the list of inputs",
                    shown(&target)
                )));
            }
        }
    }
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

    /// The output stems of a plan, relative to `out`.
    fn stems(plan: &Plan, out: &Path) -> Vec<PathBuf> {
        plan.files.iter().map(|f| f.output_stem.strip_prefix(out).expect("under out").to_path_buf()).collect()
    }

    fn paths(list: &[&str]) -> Vec<PathBuf> {
        list.iter().map(PathBuf::from).collect()
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
        assert_eq!(stems(&plan, &out), paths(&["a", "novel.gb18030", "sub/b"]));
        assert!(plan.diagnostics.is_empty());
        assert_eq!(plan.files[1].output_path(Format::Pdf), out.join("novel.gb18030.pdf"));
        assert!(plan.files.iter().all(|f| f.root == root), "a folder's files keep the folder as their root");
    }

    #[test]
    fn colliding_output_names_are_all_kept_with_a_warning() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("in");
        touch(&root.join("notice.txt"));
        touch(&root.join("notice.md"));
        let out = dir.path().join("out");
        let plan = plan(&[root.clone(), root.join("notice.txt")], &out).expect("plan");
        assert_eq!(stems(&plan, &out), paths(&["notice.md", "notice.txt"]));
        // One for notice.txt reached twice (in the folder and by name), two for the shared name.
        assert_eq!(plan.diagnostics.len(), 3);
        assert!(plan.diagnostics[0].message.contains("more than once"), "{:?}", plan.diagnostics);
        assert!(plan.files.iter().all(|f| f.root == root));
    }

    #[test]
    fn a_whole_name_taken_by_a_renamed_file_pushes_the_other_to_its_whole_name() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("in");
        for name in ["a.txt", "a.md", "a.txt.md", "a.txt.md.md", "b.txt"] {
            touch(&root.join(name));
        }
        let out = dir.path().join("out");
        let plan = plan(std::slice::from_ref(&root), &out).expect("plan");
        assert_eq!(stems(&plan, &out), paths(&["a.md", "a.txt", "a.txt.md", "a.txt.md.md", "b"]));
        assert_eq!(plan.diagnostics.len(), 4, "{:?}", plan.diagnostics);
    }

    #[test]
    fn names_that_differ_only_in_case_get_different_outputs() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("in");
        let upper = root.join("Notice.txt");
        touch(&upper);
        if root.join("notice.txt").exists() {
            eprintln!("skipping: this disk ignores case, so the two inputs cannot both exist");
            return;
        }
        touch(&root.join("notice.txt"));
        touch(&root.join("Sub/x.txt"));
        touch(&root.join("sub/X.txt"));
        let out = dir.path().join("out");
        let plan = plan(std::slice::from_ref(&root), &out).expect("plan");
        assert_eq!(stems(&plan, &out), paths(&["Notice.txt", "Sub/x.txt", "notice.txt-2", "sub/X.txt-2"]));
    }

    #[test]
    fn an_output_never_lands_on_a_folder_of_outputs_or_an_input() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("in");
        // in/a.pdf/ is a folder of inputs, so out/a.pdf/ is a folder of outputs: a.txt cannot write out/a.pdf.
        touch(&root.join("a.txt"));
        touch(&root.join("a.pdf/b.txt"));
        let plan_a = plan(std::slice::from_ref(&root), &dir.path().join("out")).expect("plan");
        assert_eq!(stems(&plan_a, &dir.path().join("out")), paths(&["a.pdf/b", "a.txt"]));
        // Writing into the input folder: a named input called x.epub is not overwritten by its own EPUB.
        let named = root.join("x.epub");
        touch(&named);
        let plan_b = plan(&[named], &root).expect("plan");
        assert_eq!(stems(&plan_b, &root), paths(&["x.epub"]));
    }

    #[test]
    fn the_same_file_name_from_two_folders_is_numbered_in_input_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        touch(&dir.path().join("x/a.txt"));
        touch(&dir.path().join("y/a.txt"));
        let out = dir.path().join("out");
        let plan = plan(&[dir.path().join("x/a.txt"), dir.path().join("y")], &out).expect("plan");
        assert_eq!(stems(&plan, &out), paths(&["a.txt", "a.txt-2"]));
    }

    #[cfg(unix)]
    #[test]
    fn links_leading_out_of_the_folder_are_skipped_with_a_warning() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("in");
        touch(&root.join("sub/inner.txt"));
        touch(&dir.path().join("secret/id_rsa"));
        touch(&dir.path().join("secret/notes.txt"));
        symlink(dir.path().join("secret/id_rsa"), root.join("absolute.txt")).expect("symlink");
        symlink("../secret/notes.txt", root.join("relative.md")).expect("symlink");
        symlink("../in/../secret", root.join("folder")).expect("symlink");
        symlink("absolute.txt", root.join("chain.txt")).expect("symlink");
        symlink("sub/inner.txt", root.join("inside.txt")).expect("symlink");
        symlink("missing.txt", root.join("dangling.txt")).expect("symlink");
        let out = dir.path().join("out");
        let plan = plan(std::slice::from_ref(&root), &out).expect("plan");
        // A link inside the folder is taken (once: the file it leads to is the same file).
        assert_eq!(stems(&plan, &out), paths(&["inside"]));
        let lines: Vec<String> =
            plan.diagnostics.iter().map(|d| format!("{}: {}", d.location, d.message)).collect();
        assert_eq!(lines.len(), 6, "{lines:#?}");
        assert!(lines.iter().any(|l| l.contains("inner.txt: this file is among the inputs more than once")));
        for name in ["absolute.txt", "chain.txt", "folder", "relative.md"] {
            assert!(
                lines.iter().any(|l| l.starts_with(&root.join(name).display().to_string())
                    && l.contains("outside the input folder")),
                "{name}: {lines:#?}"
            );
        }
        assert!(
            lines.iter().any(|l| l.contains("dangling.txt: skipped: a link that leads nowhere")),
            "{lines:#?}"
        );
    }
}
