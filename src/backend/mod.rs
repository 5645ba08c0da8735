//! Backends: pure functions from a [`Document`] and options to bytes plus diagnostics. They never touch the
//! filesystem and never print; the pipeline writes what they return.

pub mod docx;
pub mod epub;
pub mod pdf;

// Zip containers for EPUB and DOCX (one pass).
pub(crate) mod container;
// XML text for EPUB and DOCX: escaping, and the one rule for characters XML cannot carry.
pub(crate) mod xml;

use crate::diag::{Diagnostic, Error};
use crate::fonts::FontBook;
use crate::model::Document;
use crate::style::Style;
use crate::subset::{self, FontPlan};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// Print-ready PDF.
    Pdf,
    /// Word document.
    Docx,
    /// EPUB 3 e-book.
    Epub,
}

impl Format {
    /// All formats, in the order outputs are reported.
    pub const ALL: [Format; 3] = [Format::Pdf, Format::Docx, Format::Epub];

    /// File extension, also the name users type after `--to`.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Epub => "epub",
        }
    }
}

/// The one moment written into every output of a run (creation and modification dates), so that the same
/// input gives the same bytes. Seconds since the Unix epoch, UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// 2026-01-01T00:00:00Z: used when neither `--timestamp` nor `SOURCE_DATE_EPOCH` is given.
    pub const DEFAULT: Timestamp = Timestamp(1_767_225_600);

    /// Calendar fields in UTC: (year, month, day, hour, minute, second).
    pub fn to_utc(self) -> (i64, u32, u32, u32, u32, u32) {
        let days = self.0.div_euclid(86_400);
        let secs = self.0.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        // secs < 86_400, so each field fits in u32.
        let secs = u32::try_from(secs).unwrap_or(0);
        (year, month, day, secs / 3600, secs / 60 % 60, secs % 60)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`.
    pub fn to_rfc3339(self) -> String {
        let (y, mo, d, h, mi, s) = self.to_utc();
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
    }
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, u32::try_from(month).unwrap_or(1), u32::try_from(day).unwrap_or(1))
}

/// Everything a backend needs besides the document.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions<'a> {
    /// The typographic preset.
    pub style: &'a Style,
    /// Fonts, shared by every worker of the run.
    pub fonts: &'a FontBook,
    /// The run's timestamp.
    pub timestamp: Timestamp,
    /// Embed (subsetted) fonts in formats where that is optional (EPUB).
    pub embed_fonts: bool,
}

/// What a backend returns: the file's bytes and anything worth telling the user.
#[derive(Debug, Clone, Default)]
pub struct Output {
    /// The complete file.
    pub bytes: Vec<u8>,
    /// Warnings about this output.
    pub diagnostics: Vec<Diagnostic>,
}

/// Renders `doc` in `format`.
pub fn render(format: Format, doc: &Document, options: &RenderOptions) -> Result<Output, Error> {
    match format {
        Format::Pdf => pdf::render(doc, options),
        Format::Docx => docx::render(doc, options),
        Format::Epub => epub::render(doc, options),
    }
}

/// Whether the EPUB made with `formats` marks the pages of a PDF made in the same run: when both are made.
pub fn epub_marks_pdf_pages(formats: &[Format]) -> bool {
    formats.contains(&Format::Pdf) && formats.contains(&Format::Epub)
}

/// Renders `doc` in each of `formats` (results in the same order). The PDF and the EPUB share their fonts:
/// a face both set nearly the same characters in ([`subset::unify`]) is planned with the characters of
/// both, and cut and its outlines deflated once, for both ([`subset::cut_pair`]). Each output is then what
/// [`render`] gives alone but for those few glyphs of the other (so a PDF made with an EPUB may differ from
/// one made alone by a few glyphs; each is deterministic). The EPUB made with the PDF marks where each of
/// the PDF's pages begins (its page list); one made alone has none.
pub fn render_all(formats: &[Format], doc: &Document, options: &RenderOptions) -> Vec<Result<Output, Error>> {
    use rayon::prelude::*;
    let wants = |format| formats.contains(&format);
    if !epub_marks_pdf_pages(formats) {
        return formats.par_iter().map(|&format| render(format, doc, options)).collect();
    }
    // One after the other, not side by side: the PDF's layout peaks at some 90 bytes a character while it
    // sets a paragraph, and the EPUB's chapters must not add to that peak (a paragraph of 4 million
    // characters: 499 MB side by side, 445 MB in turn). In a batch the other files keep the cores busy.
    let pdf = pdf::prepare(doc, options);
    // The EPUB marks where the PDF's pages begin, and lists them for going to a page.
    let pages = pdf.as_ref().map(pdf::Prepared::page_map).unwrap_or_default();
    let epub = epub::prepare(doc, options, pages);
    let (pdf_usage, epub_usage) = subset::unify(
        pdf.as_ref().map(pdf::Prepared::usage).unwrap_or_default(),
        epub.as_ref().map(epub::Prepared::usage).unwrap_or_default(),
    );
    let (pdf_plan, epub_plan) =
        (FontPlan::new(&pdf_usage, options.fonts), FontPlan::new(&epub_usage, options.fonts));
    let (pdf_cuts, epub_cuts) = subset::cut_pair(&pdf_plan, &epub_plan);
    let (pdf, epub) = rayon::join(
        || pdf.and_then(|p| pdf::write(doc, p, &pdf_plan, Some(&pdf_cuts), options)),
        || epub.and_then(|e| epub::write(e, &epub_cuts, options)),
    );
    // The DOCX needs no fonts, and is made after the others rather than beside them, for the same reason:
    // the PDF's pages and the EPUB's chapters hold their whole document until written.
    let docx = wants(Format::Docx).then(|| docx::render(doc, options));
    let (mut pdf, mut docx, mut epub) = (Some(pdf), docx, Some(epub));
    formats
        .iter()
        .map(|format| {
            let taken = match format {
                Format::Pdf => pdf.take(),
                Format::Docx => docx.take(),
                Format::Epub => epub.take(),
            };
            // A format listed twice is rendered again.
            taken.unwrap_or_else(|| render(*format, doc, options))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Block;
    use crate::read::{read_bytes, InputFormat, ReadOptions};
    use std::io::Read;

    fn speech() -> Document {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("input/speech.txt");
        let bytes = std::fs::read(path).expect("the bundled sample");
        read_bytes(&bytes, InputFormat::Plain, "speech.txt", ReadOptions::default()).expect("reads").document
    }

    /// Every `FontFile2` program of the PDF, inflated.
    fn pdf_font_programs(pdf: &[u8]) -> Vec<Vec<u8>> {
        let lo = lopdf::Document::load_mem(pdf).expect("lopdf reads it");
        let programs =
            lo.objects.values().filter_map(|o| o.as_dict().ok()?.get(b"FontFile2").ok()?.as_reference().ok());
        programs
            .filter_map(|id| lo.get_object(id).ok()?.as_stream().ok()?.decompressed_content().ok())
            .collect()
    }

    /// Runs `f` with the report preset and fonts embedded.
    fn with_report_options(f: impl FnOnce(&RenderOptions)) {
        let fonts = FontBook::new(&[]);
        let style = Style::preset(crate::style::StyleName::Report);
        f(&RenderOptions { style: &style, fonts: &fonts, timestamp: Timestamp::DEFAULT, embed_fonts: true });
    }

    #[test]
    fn pdf_and_epub_made_together_embed_one_cut_of_the_body_face() {
        let doc = speech();
        with_report_options(|options| {
            let outputs: Vec<Output> =
                render_all(&Format::ALL, &doc, options).into_iter().map(|o| o.expect("renders")).collect();
            let again: Vec<Output> =
                render_all(&Format::ALL, &doc, options).into_iter().map(|o| o.expect("renders")).collect();
            for (a, b) in outputs.iter().zip(&again) {
                assert!(a.bytes == b.bytes, "the same document gives the same bytes");
            }
            let mut epub = zip::ZipArchive::new(std::io::Cursor::new(&outputs[2].bytes)).expect("a zip");
            let mut serif = Vec::new();
            epub.by_name("OEBPS/fonts/NotoSerifSC-Regular-subset.ttf")
                .expect("the body face is embedded")
                .read_to_end(&mut serif)
                .expect("inflates");
            // Both forms end with the outline tables (glyf is most of them), byte for byte.
            let programs = pdf_font_programs(&outputs[0].bytes);
            let tail = &serif[serif.len() - serif.len() / 2..];
            assert!(
                programs.iter().any(|p| p.ends_with(tail)),
                "the PDF embeds the same outlines as the EPUB"
            );
        });
    }

    #[test]
    fn one_format_made_alone_is_what_render_gives() {
        let doc = speech();
        with_report_options(|options| {
            for format in Format::ALL {
                let alone = render_all(&[format], &doc, options).pop().expect("one output").expect("renders");
                assert!(alone.bytes == render(format, &doc, options).expect("renders").bytes, "{format:?}");
            }
        });
    }

    #[test]
    fn timestamps_format_as_utc() {
        assert_eq!(Timestamp::DEFAULT.to_rfc3339(), "2026-01-01T00:00:00Z");
        assert_eq!(Timestamp(0).to_rfc3339(), "1970-01-01T00:00:00Z");
        assert_eq!(Timestamp(951_782_400).to_rfc3339(), "2000-02-29T00:00:00Z");
    }

    /// Documents exactly [`MAX_DEPTH`](crate::model::MAX_DEPTH) deep, each nesting a different way: quotes,
    /// lists in quotes in lists, inline markup and links, footnotes in footnotes, and all of these mixed in
    /// a table cell. Each is built by wrapping its innermost paragraph until one more wrap would be too deep.
    fn deepest_documents() -> Vec<(&'static str, Document)> {
        use crate::model::{Inline, Role, Table, MAX_DEPTH};
        let paragraph = |content: Vec<Inline>| Block::Paragraph { role: Role::Body, content };
        let inline_wraps: [fn(Vec<Inline>) -> Inline; 7] = [
            Inline::Emph,
            Inline::Strong,
            Inline::Strike,
            Inline::Superscript,
            Inline::Subscript,
            |c| Inline::Link { url: "https://example.org/".into(), content: c },
            |c| Inline::Note(vec![Block::Paragraph { role: Role::Body, content: c }]),
        ];
        let block_wraps: [fn(Block) -> Block; 3] = [
            |b| Block::Quote { blocks: vec![b] },
            |b| Block::List { ordered: true, start: 1, items: vec![vec![b, Block::paragraph("后")]] },
            |b| Block::Paragraph { role: Role::Body, content: vec![Inline::Note(vec![b])] },
        ];
        let depth = |block: &Block| Document { blocks: vec![block.clone()], ..Document::default() }.depth();
        let deepest = |wrap: &dyn Fn(Block, usize) -> Block| {
            let mut block = paragraph(vec![Inline::Text("最深处".into())]);
            for k in 0.. {
                let next = wrap(block.clone(), k);
                if depth(&next) > MAX_DEPTH || depth(&next) <= depth(&block) {
                    break;
                }
                block = next;
            }
            Document {
                blocks: vec![Block::Heading { level: 1, content: vec![Inline::Text("深".into())] }, block],
                ..Document::default()
            }
        };
        let inline_wrap = |block: Block, k: usize| match block {
            Block::Paragraph { content, .. } => {
                paragraph(vec![inline_wraps[k % inline_wraps.len()](content)])
            }
            other => other,
        };
        let in_cell = |block: Block| match block {
            Block::Paragraph { content, .. } => {
                Block::Table(Table { body: vec![vec![content]], ..Table::default() })
            }
            other => other,
        };
        let mixed = |block: Block, k: usize| match block {
            Block::Paragraph { .. } if k % 2 == 1 => inline_wrap(block, k / 2),
            other => block_wraps[k / 2 % 3](other),
        };
        let mut in_a_cell = deepest(&inline_wrap);
        in_a_cell.blocks = in_a_cell.blocks.into_iter().map(in_cell).collect();
        vec![
            ("quotes", deepest(&|b, _| block_wraps[0](b))),
            ("lists and quotes", deepest(&|b, k| block_wraps[k % 2](b))),
            ("notes", deepest(&|b, _| block_wraps[2](b))),
            ("inline markup", deepest(&inline_wrap)),
            ("everything", deepest(&mixed)),
            // A table cell holds inlines as a paragraph does, at the same depth.
            ("a table cell", in_a_cell),
        ]
    }

    #[test]
    fn every_backend_renders_the_deepest_document_on_an_ordinary_2_mb_stack() {
        with_report_options(|options| {
            for (shape, doc) in deepest_documents() {
                // Notes add two levels at a time: one short of the limit is as deep as they can go.
                let depth = doc.depth();
                assert!(
                    (crate::model::MAX_DEPTH - 1..=crate::model::MAX_DEPTH).contains(&depth),
                    "{shape}: {depth}"
                );
                std::thread::scope(|scope| {
                    let worker = std::thread::Builder::new()
                        .stack_size(2 << 20)
                        .spawn_scoped(scope, || {
                            let mut doc = doc.clone();
                            crate::link::enforce(&mut doc);
                            Format::ALL.map(|format| render(format, &doc, options).map(|o| o.bytes.len()))
                        })
                        .expect("a thread");
                    let sizes = worker.join().expect("no overflow");
                    assert!(sizes.iter().all(|s| s.as_ref().is_ok_and(|&n| n > 0)), "{shape}: {sizes:?}");
                });
            }
        });
    }
}
