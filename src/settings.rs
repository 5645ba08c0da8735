//! `paiban.toml`: defaults for a batch, kept with the documents (or named with `--config`), so that an
//! office converts its folder the same way every time. Command-line options win over the file; paths in
//! it are relative to the file's own folder.

use crate::cli::{parse_style, FormatArg, StyleArg};
use anyhow::{anyhow, bail};
use clap::ValueEnum;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The name looked for in each input folder.
pub const FILE_NAME: &str = "paiban.toml";

/// What a settings file may set: the conversion options of the command line.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    style: Option<String>,
    to: Option<Vec<String>>,
    output: Option<PathBuf>,
    encoding: Option<String>,
    font_dir: Option<Vec<PathBuf>>,
    jobs: Option<usize>,
    timestamp: Option<i64>,
    keep_boilerplate: Option<bool>,
    embed_fonts: Option<bool>,
    letterhead: Option<String>,
    seal: Option<bool>,
    pdf_standard: Option<String>,
    bleed: Option<String>,
    marks: Option<bool>,
    vertical: Option<bool>,
}

/// Settings read from a file, paths made relative to the current folder.
#[derive(Debug, Default)]
pub struct Settings {
    /// Where they were read from.
    pub path: Option<PathBuf>,
    /// `--style`.
    pub style: Option<StyleArg>,
    /// `--to`.
    pub formats: Option<Vec<FormatArg>>,
    /// `--output`.
    pub output: Option<PathBuf>,
    /// `--encoding`.
    pub encoding: Option<String>,
    /// `--font-dir`, searched after those of the command line.
    pub font_dirs: Vec<PathBuf>,
    /// `--jobs`.
    pub jobs: Option<usize>,
    /// `--timestamp`.
    pub timestamp: Option<i64>,
    /// `--keep-boilerplate`.
    pub keep_boilerplate: Option<bool>,
    /// The opposite of `--no-embed-fonts`.
    pub embed_fonts: Option<bool>,
    /// `--letterhead TEXT` (an empty text: from the issuer).
    pub letterhead: Option<String>,
    /// `--seal`.
    pub seal: Option<bool>,
    /// `--pdf-standard`.
    pub pdf_standards: Option<Vec<paiban::style::PdfStandard>>,
    /// `--bleed`, in millimetres.
    pub bleed_mm: Option<f32>,
    /// `--marks`.
    pub marks: Option<bool>,
    /// `--vertical`.
    pub vertical: Option<bool>,
}

/// The settings of this run: `explicit` (`--config`), else the `paiban.toml` of the input folders. Two
/// folders with different files are an error, since either choice would surprise someone.
pub fn find(explicit: Option<&Path>, inputs: &[PathBuf]) -> anyhow::Result<Settings> {
    if let Some(path) = explicit {
        return read(path);
    }
    let mut found: Vec<PathBuf> =
        inputs.iter().map(|input| input.join(FILE_NAME)).filter(|p| p.is_file()).collect();
    found.dedup_by(|a, b| std::fs::read(&*a).ok() == std::fs::read(&*b).ok());
    match found.as_slice() {
        [] => Ok(Settings::default()),
        [one] => read(one),
        [first, second, ..] => bail!(
            "{} and {} differ: convert the folders one at a time, or choose one with --config",
            first.display(),
            second.display()
        ),
    }
}

fn read(path: &Path) -> anyhow::Result<Settings> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow!("{}: cannot read the settings ({e})", path.display()))?;
    let at = |span: Option<std::ops::Range<usize>>| {
        let line = span.map(|s| paiban::style::line_of(&text, s.start));
        match line {
            Some(line) => format!("{}:{line}", path.display()),
            None => path.display().to_string(),
        }
    };
    let raw: Raw = toml::from_str(&text).map_err(|e| {
        anyhow!("{}: {} (the keys are style, to, output, encoding, font_dir, jobs, timestamp, keep_boilerplate, embed_fonts, letterhead, seal, pdf_standard, bleed, marks, vertical)", at(e.span()), e.message().trim())
    })?;
    let folder = path.parent().unwrap_or(Path::new(""));
    let relative = |p: PathBuf| if p.is_absolute() { p } else { folder.join(p) };
    let style = match raw.style {
        None => None,
        Some(value) => {
            Some(match parse_style(&value).map_err(|e| anyhow!("{}: style: {e}", path.display()))? {
                StyleArg::File(file) => StyleArg::File(relative(file)),
                other => other,
            })
        }
    };
    let formats = match raw.to {
        None => None,
        Some(names) => Some(
            names
                .iter()
                .map(|name| {
                    FormatArg::from_str(name, true).map_err(|_| {
                        anyhow!("{}: to: `{name}` is not a format; use pdf, docx and epub", path.display())
                    })
                })
                .collect::<anyhow::Result<Vec<_>>>()?,
        ),
    };
    let pdf_standards = match raw.pdf_standard {
        None => None,
        Some(list) => Some(
            paiban::style::PdfStandard::parse_list(&list)
                .map_err(|e| anyhow!("{}: pdf_standard: {e}", path.display()))?,
        ),
    };
    let bleed_mm = match raw.bleed {
        None => None,
        Some(length) => Some(
            paiban::style::parse_length_mm(&length).map_err(|e| anyhow!("{}: bleed: {e}", path.display()))?,
        ),
    };
    Ok(Settings {
        path: Some(path.to_path_buf()),
        style,
        formats,
        output: raw.output.map(relative),
        encoding: raw.encoding,
        font_dirs: raw.font_dir.unwrap_or_default().into_iter().map(relative).collect(),
        jobs: raw.jobs,
        timestamp: raw.timestamp,
        keep_boilerplate: raw.keep_boilerplate,
        embed_fonts: raw.embed_fonts,
        letterhead: raw.letterhead,
        seal: raw.seal,
        pdf_standards,
        bleed_mm,
        marks: raw.marks,
        vertical: raw.vertical,
    })
}
