//! The manifest: what a run wrote, kept in the output folder so that the next run can skip the inputs whose
//! outputs would come out the same.
//!
//! It lives in `manifest.d/` of the output folder as one part per shard, `shard-I-of-N.jsonl` (a run
//! without `--shard` is shard 0 of 1), so that no two processes ever write one file; each part is written
//! atomically at the end of its run. A part holds one JSON line per output, sorted by output path:
//! `{"input", "key", "output", "sha256", "size", "warnings"}` (see [`Line`]). Reading every part gives the
//! whole. A shard reads its own part and those left by runs with another shard count; since a line only
//! counts while the output on disk still has its hash, an outdated line never causes a skip.

use super::key::content_hash;
use super::output::write_atomically;
use super::shard::Shard;
use crate::diag::{shown, Diagnostic, Error, Kind};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The manifest's folder inside the output folder.
pub const FOLDER: &str = "manifest.d";

/// One output, as recorded in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    /// The input, as the run named it.
    pub input: String,
    /// The input key ([`super::key::input_key`]), lowercase hex.
    pub key: String,
    /// The output's path below the output folder, `/`-separated.
    pub output: String,
    /// The SHA-256 of the output's bytes, lowercase hex.
    pub sha256: String,
    /// The output's length in bytes.
    pub size: u64,
    /// What the run said about the input and this output.
    pub warnings: Vec<Diagnostic>,
}

/// The lines of every part, by output path.
#[derive(Debug, Default)]
pub(super) struct Manifest {
    lines: BTreeMap<String, Vec<Line>>,
}

/// An output the run would write: its path and its path below the output folder, as in [`Line::output`].
pub(super) struct Target<'a> {
    pub path: &'a Path,
    pub relative: String,
}

/// `path` below `root`, `/`-separated, as the manifest names outputs.
pub(super) fn relative_name(path: &Path, root: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> =
        relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    parts.join("/")
}

impl Manifest {
    /// Reads the parts in `output`'s manifest folder that may describe `shard`'s files, in name order: its
    /// own and those of other shard counts, not those of the other shards of its count, whose files are
    /// never its own (so each of N processes reads a 1/N of the manifest). A line that cannot be read (a
    /// part cut short, edited by hand) is left out with a warning: whichever input it described is converted
    /// again.
    pub(super) fn read(output: &Path, shard: Shard) -> (Manifest, Vec<Diagnostic>) {
        let mut manifest = Manifest::default();
        let mut warnings = Vec::new();
        let siblings = format!("-of-{}.jsonl", shard.count());
        let own = shard.part_name();
        let parts = parts(&output.join(FOLDER)).into_iter().filter(|part| {
            let name = part.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
            name == own || !name.ends_with(&siblings)
        });
        for part in parts {
            let (lines, problems) = read_part(&part);
            warnings.extend(problems);
            for line in lines {
                manifest.lines.entry(line.output.clone()).or_default().push(line);
            }
        }
        (manifest, warnings)
    }

    /// The lines of `targets` when every one is recorded with `key` and the file on disk still has the
    /// recorded length and hash; `None` when any output must be made again.
    pub(super) fn up_to_date(&self, key: &str, targets: &[Target]) -> Option<Vec<Line>> {
        targets
            .iter()
            .map(|target| {
                let length = std::fs::symlink_metadata(target.path).ok().filter(|m| m.is_file())?.len();
                let recorded: Vec<&Line> = self
                    .lines
                    .get(&target.relative)?
                    .iter()
                    .filter(|line| line.key == key && line.size == length)
                    .collect();
                if recorded.is_empty() {
                    return None;
                }
                let hash = content_hash(&std::fs::read(target.path).ok()?);
                recorded.into_iter().find(|line| line.sha256 == hash).cloned()
            })
            .collect()
    }
}

/// The lines of one part, and a warning for each line that cannot be read or for the part as a whole.
fn read_part(part: &Path) -> (Vec<Line>, Vec<Diagnostic>) {
    let mut bytes = Vec::new();
    if let Err(e) = std::fs::File::open(part).and_then(|mut f| f.read_to_end(&mut bytes)) {
        if e.kind() == std::io::ErrorKind::NotFound {
            return (Vec::new(), Vec::new());
        }
        let message = format!("the manifest part cannot be read ({e}); its inputs are converted again");
        return (Vec::new(), vec![Diagnostic::warning(Kind::Output, message).at(shown(part))]);
    }
    let mut lines = Vec::new();
    let mut warnings = Vec::new();
    for (number, text) in bytes.split(|&b| b == b'\n').enumerate() {
        if text.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Line>(text) {
            Ok(line) => lines.push(line),
            Err(e) => {
                let message = format!(
                    "an unreadable manifest line ({e}) is ignored; the input it described is converted again"
                );
                let at = format!("{}:{}", shown(part), number + 1);
                warnings.push(Diagnostic::warning(Kind::Output, message).at(at));
            }
        }
    }
    (lines, warnings)
}

/// The part files in `folder`, sorted; none when it does not exist.
fn parts(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else { return Vec::new() };
    let mut parts: Vec<PathBuf> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.file_name().and_then(|n| n.to_str()).is_some_and(is_part_name))
        .collect();
    parts.sort();
    parts
}

fn is_part_name(name: &str) -> bool {
    name.strip_prefix("shard-").and_then(|n| n.strip_suffix(".jsonl")).is_some_and(|n| n.contains("-of-"))
}

/// Writes `shard`'s part of the manifest in `output`: `lines`, and the lines of the part as it was for
/// outputs this run did not plan (another run over other inputs into the same folder) whose files are
/// still there. Sorted by output, so that the same outputs always give the same part.
pub(super) fn write_part(
    output: &Path,
    shard: Shard,
    mut lines: Vec<Line>,
    planned: &BTreeSet<String>,
) -> Result<PathBuf, Error> {
    let path = output.join(FOLDER).join(shard.part_name());
    // Its unreadable lines were reported when the run began.
    let (previous, _) = read_part(&path);
    lines.extend(
        previous
            .into_iter()
            .filter(|line| !planned.contains(&line.output) && output.join(&line.output).is_file()),
    );
    lines.sort_by(|a, b| (&a.output, &a.input, &a.key).cmp(&(&b.output, &b.input, &b.key)));
    lines.dedup();
    let mut text = String::new();
    for line in &lines {
        // Plain data with string keys: serialisation cannot fail.
        text.push_str(&serde_json::to_string(line).map_err(|e| Error::Bug { message: e.to_string() })?);
        text.push('\n');
    }
    write_atomically(&path, text.as_bytes())?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(output: &str) -> String {
        let line = Line {
            input: format!("in/{output}.txt"),
            key: "k".into(),
            output: output.into(),
            sha256: content_hash(b""),
            size: 0,
            warnings: Vec::new(),
        };
        serde_json::to_string(&line).expect("JSON") + "\n"
    }

    #[test]
    fn a_shard_reads_its_own_part_and_other_counts_parts_and_reports_damaged_lines() {
        let dir = tempfile::tempdir().expect("tempdir");
        let folder = dir.path().join(FOLDER);
        std::fs::create_dir_all(&folder).expect("mkdir");
        let write = |name: &str, text: String| std::fs::write(folder.join(name), text).expect("write");
        write("shard-0-of-2.jsonl", line("a.pdf") + "{\"input\": \"cut sh");
        write("shard-1-of-2.jsonl", line("b.pdf"));
        write("shard-0-of-1.jsonl", line("c.pdf"));
        write("notes.jsonl", line("d.pdf"));
        let shard = Shard::new(0, 2).expect("shard");
        let (manifest, warnings) = Manifest::read(dir.path(), shard);
        let outputs: Vec<&String> = manifest.lines.keys().collect();
        assert_eq!(outputs, ["a.pdf", "c.pdf"]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].location.ends_with("shard-0-of-2.jsonl:2"), "{warnings:?}");
    }

    #[test]
    fn an_output_is_up_to_date_only_with_its_key_length_and_hash() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.pdf");
        std::fs::write(&path, b"%PDF").expect("write");
        let recorded = Line {
            input: "in/a.txt".into(),
            key: "k".into(),
            output: "a.pdf".into(),
            sha256: content_hash(b"%PDF"),
            size: 4,
            warnings: Vec::new(),
        };
        let manifest = Manifest { lines: [("a.pdf".to_owned(), vec![recorded.clone()])].into() };
        let targets = [Target { path: &path, relative: "a.pdf".into() }];
        assert_eq!(manifest.up_to_date("k", &targets), Some(vec![recorded]));
        assert_eq!(manifest.up_to_date("other key", &targets), None);
        std::fs::write(&path, b"%PDX").expect("write");
        assert_eq!(manifest.up_to_date("k", &targets), None, "same length, other bytes");
        std::fs::remove_file(&path).expect("rm");
        assert_eq!(manifest.up_to_date("k", &targets), None);
    }
}
