//! The command line, declared with clap's derive API: only argument definitions and help texts live here.

use clap::{Args, Parser, Subcommand, ValueEnum};
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

Exit status: 0 all files converted, 1 some failed, 2 usage error.";

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

    /// Output folder; the input folder structure is mirrored inside it.
    #[arg(short, long, value_name = "DIR", default_value = "output")]
    pub output: PathBuf,

    /// Output formats, comma-separated.
    #[arg(short = 't', long = "to", value_enum, value_delimiter = ',', default_value = "pdf,docx,epub")]
    pub formats: Vec<FormatArg>,

    /// Typographic preset: gongwen (GB/T 9704-2012 official document), book (A5), report (A4), or auto:
    /// chosen per document (official documents gongwen, novels and long prose book, the rest report).
    #[arg(long, value_enum, default_value = "auto")]
    pub style: StyleArg,

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

    /// Do not embed fonts in EPUB files.
    #[arg(long)]
    pub no_embed_fonts: bool,

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StyleArg {
    /// Chosen per document from its kind (front matter `style:` first).
    Auto,
    /// GB/T 9704-2012 official document: A4, 仿宋 3号, 22 lines × 28 characters.
    Gongwen,
    /// Book: A5, 宋体 五号.
    Book,
    /// Report: A4, 宋体 小四, 黑体 headings.
    Report,
}

impl StyleArg {
    /// The preset asked for; `None` for `auto`, which leaves the choice to each document.
    pub fn name(self) -> Option<StyleName> {
        match self {
            StyleArg::Auto => None,
            StyleArg::Gongwen => Some(StyleName::Gongwen),
            StyleArg::Book => Some(StyleName::Book),
            StyleArg::Report => Some(StyleName::Report),
        }
    }
}
