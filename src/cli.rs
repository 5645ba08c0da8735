//! The command line, declared with clap's derive API: only argument definitions and help texts live here.

use clap::{Args, Parser, Subcommand, ValueEnum};
use paiban::pipeline::ShardArg;
use paiban::style::StyleName;
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  paiban input/                         convert every .txt/.md under input/ into output/
  paiban speech.txt -t pdf --style gongwen
                                        one PDF laid out as a GB/T 9704 official document
  paiban docs/ -o build/ -t epub,docx   EPUB and DOCX only, into build/
  paiban old.txt --encoding gbk         override encoding detection
  paiban parse speech.txt               show the structure paiban recognised
  paiban parse notes.md --json          the same as the JSON document model
  paiban style --dump gongwen > mine.toml
                                        the gongwen preset as a style file to edit
  paiban docs/ --style mine.toml        convert with your own style
  paiban archive/ --shard auto/16 --report report.json
                                        this process's share of 16 (Kubernetes Indexed Job or Slurm array)

A rerun converts only the inputs whose outputs are missing or would change (see manifest.d/ in the output
folder); --force converts everything again.

Exit status: 0 all files converted or up to date, 1 some failed, 2 usage error.";

/// paiban (排版): Chinese documents to print-ready PDF, DOCX and EPUB.
///
/// Reads plain text (UTF-8, UTF-16, GB18030/GBK or Big5, detected) and Markdown, recognises the document's
/// structure, and writes one PDF, DOCX and EPUB per input file, converting a whole folder in parallel.
#[derive(Debug, Parser)]
#[command(name = "paiban", version, after_help = EXAMPLES, args_conflicts_with_subcommands = true)]
#[command(subcommand_negates_reqs = true)]
pub struct Cli {
    /// A subcommand; without one, paiban converts its inputs.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Conversion options.
    #[command(flatten)]
    pub convert: ConvertArgs,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the structure paiban recognises in a document (metadata, then one line per block).
    Parse(ParseArgs),
    /// Write a preset, or a style file completed with its base preset, as a commented style file (TOML).
    Style(StyleArgs),
}

/// Arguments of `paiban style`.
#[derive(Debug, Args)]
pub struct StyleArgs {
    /// The preset (gongwen, book, report) or style file to write out in full.
    #[arg(long, value_name = "STYLE", value_parser = parse_style)]
    pub dump: StyleArg,
}

/// Arguments of `paiban parse`.
#[derive(Debug, Args)]
pub struct ParseArgs {
    /// The document to parse (.txt, .text, .md, .markdown).
    pub file: PathBuf,
    /// Print the document model as JSON instead of the outline.
    #[arg(long)]
    pub json: bool,
    /// Decode the input with this encoding (e.g. utf-8, gb18030, gbk, big5, utf-16le) instead of detecting it.
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,
}

/// Arguments of a conversion run.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// Files and folders to convert; folders are searched recursively for .txt, .text, .md and .markdown.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Output folder; the input folder structure is mirrored inside it [default: output].
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,

    /// Output formats, comma-separated [default: pdf,docx,epub].
    #[arg(short = 't', long = "to", value_enum, value_delimiter = ',')]
    pub formats: Option<Vec<FormatArg>>,

    /// Typographic style: gongwen (GB/T 9704-2012 official document), book (A5), report (A4), a style file
    /// (.toml, see `paiban style --dump`), or auto: chosen per document (official documents gongwen,
    /// novels and long prose book, the rest report) [default: auto].
    #[arg(long, value_name = "STYLE", value_parser = parse_style)]
    pub style: Option<StyleArg>,

    /// Settings file (TOML) with defaults for this run [default: paiban.toml in an input folder, if any];
    /// options given on the command line win.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Decode every input with this encoding (e.g. utf-8, gb18030, gbk, big5, utf-16le) instead of detecting it.
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,

    /// Number of parallel workers [default: one per core].
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,

    /// Extra folder to look for fonts in, before the bundled ones (repeatable; also PAIBAN_FONT_DIR).
    #[arg(long, value_name = "DIR")]
    pub font_dir: Vec<PathBuf>,

    /// Date written into every output, as seconds since 1970-01-01 UTC [default: SOURCE_DATE_EPOCH, else
    /// 2026-01-01], so that the same input always gives the same bytes.
    #[arg(long, value_name = "SECONDS")]
    pub timestamp: Option<i64>,

    /// Keep boilerplate lines (QR-code captions, site navigation, download ads) in the outputs; by default
    /// they are omitted, and each omission is reported.
    #[arg(long)]
    pub keep_boilerplate: bool,

    /// Print a red 版头 (GB/T 9704 §7.2) with this 发文机关标志 (`某某市人民政府文件`); without TEXT, the
    /// issuer's name (or the signature's) followed by 文件. Only an issuing office prints its 红头.
    #[arg(long, value_name = "TEXT", num_args = 0..=1, default_missing_value = "")]
    pub letterhead: Option<String>,

    /// The documents will be sealed: set the signature and date with room for the seal (GB/T 9704
    /// §7.3.5.1) instead of the unsealed layout (§7.3.5.2).
    #[arg(long)]
    pub seal: bool,

    /// PDF standards the PDF files conform to, comma-separated: x4 (PDF/X-4, print), a2b or a2u (PDF/A-2,
    /// archive), ua1 (PDF/UA-1, accessibility); e.g. `x4,a2u,ua1` [default: the style's print.pdf_standards].
    #[arg(long, value_name = "LIST", value_parser = paiban::style::PdfStandard::parse_list)]
    pub pdf_standard: Option<std::vec::Vec<paiban::style::PdfStandard>>,

    /// Bleed around the trimmed page of the PDF (3mm, 0.125in) [default: the style's print.bleed_mm].
    #[arg(long, value_name = "LENGTH", value_parser = paiban::style::parse_length_mm)]
    pub bleed: Option<f32>,

    /// Draw crop marks outside the bleed of the PDF's pages.
    #[arg(long)]
    pub marks: bool,
    /// Set book-style documents vertically (竖排: columns from top to bottom, right to left) in the EPUB;
    /// the PDF and the DOCX stay horizontal.
    #[arg(long)]
    pub vertical: bool,

    /// Do not embed fonts in EPUB files.
    #[arg(long)]
    pub no_embed_fonts: bool,

    /// Convert only this process's share of the inputs: I/N (0 ≤ I < N), or auto/N to take I from
    /// JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or SLURM_ARRAY_TASK_ID (Slurm job array). N processes
    /// with the same inputs write disjoint outputs that together are those of one run.
    #[arg(long, value_name = "I/N", value_parser = ShardArg::parse)]
    pub shard: Option<ShardArg>,

    /// Convert every input again, even those whose outputs the manifest shows up to date.
    #[arg(long)]
    pub force: bool,

    /// Also write the outcome of every input as JSON to FILE (status, outputs, warnings, error, time).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// Print only errors.
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Also print notes and every file written.
    #[arg(short, long)]
    pub verbose: bool,
}

/// `--to` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// PDF with embedded subset fonts.
    Pdf,
    /// Word document.
    Docx,
    /// EPUB 3 e-book.
    Epub,
}

/// `--style` values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StyleArg {
    /// Chosen per document from its kind (front matter `style:` first).
    Auto,
    /// A preset.
    Preset(StyleName),
    /// A style file.
    File(PathBuf),
}

/// Reads a `--style` value: `auto`, a preset's name, or a path ending in `.toml`.
pub fn parse_style(value: &str) -> Result<StyleArg, String> {
    if value.trim().eq_ignore_ascii_case("auto") {
        return Ok(StyleArg::Auto);
    }
    if let Some(name) = StyleName::from_name(value) {
        return Ok(StyleArg::Preset(name));
    }
    if value.to_ascii_lowercase().ends_with(".toml") {
        return Ok(StyleArg::File(PathBuf::from(value)));
    }
    Err("expected auto, gongwen, book, report, or a style file ending in .toml".to_owned())
}
