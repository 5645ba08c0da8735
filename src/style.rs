//! Typographic presets: the one place where page, faces, sizes, indents and spacing are decided.
//!
//! PDF applies a preset exactly, DOCX maps it to Word styles and section properties, EPUB maps it to CSS.
//! Numbers for `gongwen` are GB/T 9704-2012 (see `TYPOGRAPHY.md` §2): A4, type area 156 × 225 mm at
//! (28 mm, 37 mm), 22 lines × 28 characters of 3号 FangSong.

use crate::fonts::Face;
use crate::model::{plain_text, Inline};
use serde::{Deserialize, Serialize};

mod dump;
mod families;
mod kind;
mod load;
mod official;
mod presets;
mod print;

pub use dump::dump;
pub use families::{css_string, Families};
pub use load::{line_of, load, StyleFileError};
pub use official::{opens_attachment_note, Closing, Official, Placement, Roles};
pub use print::{check_combination, parse_length_mm, PdfStandard, Print};

/// Chinese type sizes (字号) in points.
pub mod size {
    /// 二号
    pub const ER: f32 = 22.0;
    /// 小二
    pub const XIAO_ER: f32 = 18.0;
    /// 三号
    pub const SAN: f32 = 16.0;
    /// 小三
    pub const XIAO_SAN: f32 = 15.0;
    /// 四号
    pub const SI: f32 = 14.0;
    /// 小四
    pub const XIAO_SI: f32 = 12.0;
    /// 五号
    pub const WU: f32 = 10.5;
    /// 小五
    pub const XIAO_WU: f32 = 9.0;
}

/// The presets a user can pick with `--style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StyleName {
    /// GB/T 9704-2012 official document (党政机关公文).
    Gongwen,
    /// A5 book, Song body.
    Book,
    /// A4 report, Song body, Hei headings.
    #[default]
    Report,
}

/// Horizontal alignment of a paragraph style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    /// Justified on both sides, last line flush left (Chinese body text).
    Justify,
    /// Flush left.
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
}

/// Page geometry in millimetres.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageGeometry {
    /// Paper width.
    pub width_mm: f32,
    /// Paper height.
    pub height_mm: f32,
    /// Top margin (天头).
    pub top_mm: f32,
    /// Bottom margin.
    pub bottom_mm: f32,
    /// Left margin (订口).
    pub left_mm: f32,
    /// Right margin.
    pub right_mm: f32,
}

impl PageGeometry {
    /// Width of the type area.
    pub fn text_width_mm(&self) -> f32 {
        self.width_mm - self.left_mm - self.right_mm
    }

    /// Height of the type area.
    pub fn text_height_mm(&self) -> f32 {
        self.height_mm - self.top_mm - self.bottom_mm
    }
}

/// How one kind of paragraph is set.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextStyle {
    /// Font face.
    pub face: Face,
    /// Type size in points.
    pub size_pt: f32,
    /// Baseline-to-baseline distance in points.
    pub line_pitch_pt: f32,
    /// Alignment.
    pub align: Align,
    /// First-line indent in ems of this style's size.
    pub indent_em: f32,
    /// Extra space above, in points.
    pub space_before_pt: f32,
    /// Extra space below, in points.
    pub space_after_pt: f32,
}

/// How page numbers are printed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageNumbers {
    /// `— 1 —` (GB/T 9704 §7.5) rather than a bare `1`.
    pub dashed: bool,
    /// Odd pages right, even pages left (the outer edge); otherwise centred.
    pub outside: bool,
    /// How far in from the outer edge an `outside` number stands, in ems of its size (GB/T 9704: one).
    pub inset_em: f32,
    /// Face of the number.
    pub face: Face,
    /// Size in points.
    pub size_pt: f32,
    /// Distance from the bottom of the type area to the number's baseline region, in millimetres.
    pub below_text_mm: f32,
    /// `第 1 页 共 9 页` (the page of the total) rather than the number alone: what Chinese reports often
    /// print. DOCX only, where Word and LibreOffice count the pages (`PAGE`, `NUMPAGES`); the PDF and the
    /// EPUB print the number as `dashed` says.
    #[serde(default)]
    pub of_total: bool,
}

impl PageNumbers {
    /// How far above the baseline the number's dashes stand, in ems of its size (about a third): the
    /// point `below_text_mm` is measured to, in the PDF and the DOCX alike.
    pub const DASH_RISE_EM: f32 = 0.35;
}

/// A running head (书眉): a line of small type above the type area with a thin rule under it, the book's
/// title on even (verso) pages and the current chapter's on odd (recto) pages, left off a chapter's first
/// page and the title page.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunningHead {
    /// Face of the head.
    pub face: Face,
    /// Size in points.
    pub size_pt: f32,
    /// Distance from the head's baseline down to the top of the type area, in millimetres.
    pub baseline_above_text_mm: f32,
    /// Distance from the rule down to the top of the type area, in millimetres.
    pub rule_above_text_mm: f32,
    /// Weight of the rule in points.
    pub rule_width_pt: f32,
}

/// Which names the DOCX gives the faces ([`crate::fonts::FaceNames`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfficeFonts {
    /// Windows' standard faces: 宋体, 黑体, 仿宋, 楷体.
    Standard,
    /// The GB2312 faces of government templates: 仿宋_GB2312, 楷体_GB2312, 方正小标宋简体 (GB/T 9704).
    Gb2312,
}

/// How inline emphasis is set, the same in the PDF, the DOCX and the EPUB.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accents {
    /// `Strong` text in a face that has a bold ([`Face::has_bold`]) is set bold. In one that has none
    /// (仿宋, 楷体) it is set in this face instead: 黑体, as Chinese practice sets the lead sentences of an
    /// official document (`一是……。`).
    pub strong_without_bold: Face,
    /// `Emph` text is set in this face: 楷体, the traditional Chinese emphasis face …
    pub emph: Face,
    /// … and in this one when the text around it is already in [`Accents::emph`] (仿宋 inside 楷体).
    pub emph_within: Face,
    /// Whether the Latin letters of `Emph` text are also slanted. Han characters never are (clreq), and no
    /// bundled face has an italic, so the slant is synthetic, on Latin runs only.
    pub emph_slants_latin: bool,
    /// Run-in leads by their number's level (`一、`, `（一）`, `1.`, `（1）`); `None` (`false`) sets them as
    /// any `Strong` text. Leads without such a number (`一是…`) are `Strong` text.
    #[serde(with = "load::switch")]
    pub run_in: Option<[RunIn; 4]>,
}

/// How the PDF draws what a face's files lack ([`crate::fonts::Synthetic`]): bold by stroking the outlines,
/// italic by slanting them. Word and browsers synthesise their own bold and italic from the run's
/// properties, so only the PDF reads these.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Synthesis {
    /// Stroke width of synthetic bold, in ems of the type size: 0.03 em thickens a Song stem (≈ 0.05 em in
    /// Noto Serif SC) by about half, what a bold Song adds over the regular.
    pub bold_stroke_em: f32,
    /// Horizontal skew of synthetic oblique (the tangent of its angle): tan 12°, the slant of a typical
    /// italic.
    pub slant: f32,
}

/// An sRGB colour, written `"#0563C1"` in a style file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub [u8; 3]);

impl Rgb {
    /// The six hex digits, upper case, without `#` (as OOXML writes a colour).
    pub fn hex(self) -> String {
        let [r, g, b] = self.0;
        format!("{r:02X}{g:02X}{b:02X}")
    }

    /// The three components from 0 to 1, as PDF colour operators take them.
    pub fn unit(self) -> [f32; 3] {
        self.0.map(|c| f32::from(c) / 255.0)
    }

    /// Reads `#RRGGBB` (the `#` optional).
    pub fn parse(text: &str) -> Option<Rgb> {
        let digits = text.trim().strip_prefix('#').unwrap_or(text.trim());
        if digits.len() != 6 || !digits.is_ascii() {
            return None;
        }
        let channel = |k: usize| u8::from_str_radix(digits.get(k..k + 2)?, 16).ok();
        Some(Rgb([channel(0)?, channel(2)?, channel(4)?]))
    }
}

impl Serialize for Rgb {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format!("#{}", self.hex()))
    }
}

impl<'de> Deserialize<'de> for Rgb {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Rgb, D::Error> {
        let text = String::deserialize(deserializer)?;
        Rgb::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("`{text}` is not a colour; write one as \"#RRGGBB\""))
        })
    }
}

/// How the text of links (the document's own, [`Inline::Link`]) looks, the same in the PDF (the glyphs'
/// fill colour, an underline stroked under them), the DOCX (the `Hyperlink` character style) and the EPUB
/// (`a.link` in CSS). Footnote references are not links in this sense: they keep their superscript look.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Links {
    /// The colour of link text; `None` (`false` in a style file) sets it in the text's own colour.
    #[serde(with = "load::switch")]
    pub color: Option<Rgb>,
    /// Whether link text is underlined.
    pub underline: bool,
}

impl Accents {
    /// The face of `Strong` text inside text set in `face`, and whether it is made bold.
    pub fn strong(&self, face: Face) -> (Face, bool) {
        if face.has_bold() {
            (face, true)
        } else {
            (self.strong_without_bold, false)
        }
    }

    /// The number level and look of the run-in lead `content` opens with: a `Strong` first run whose text
    /// starts with a number of level n ([`crate::zh::numbering::level`]) takes [`Accents::run_in`]`[n]`
    /// (GB/T 9704 §7.3.3: `一、` 黑体, `（一）` 楷体, `1.` `（1）` 仿宋). `None` when the paragraph opens
    /// otherwise or the style sets leads as any `Strong` text. Every backend asks here.
    pub fn run_in_lead(&self, content: &[Inline]) -> Option<(usize, RunIn)> {
        let Some(Inline::Strong(lead)) = content.first() else { return None };
        let level = crate::zh::numbering::level(&plain_text(lead))?;
        Some((level, *self.run_in?.get(level)?))
    }

    /// The face of `Emph` text inside text set in `face`.
    pub fn emph(&self, face: Face) -> Face {
        if face == self.emph {
            self.emph_within
        } else {
            self.emph
        }
    }
}

/// How a run-in lead (a paragraph that opens with a `Strong` numbered lead, `（一）加强管理。…`) is set, by
/// its number's level: GB/T 9704 §7.3.3 sets `一、` in 黑体, `（一）` in 楷体, `1.` and `（1）` in 仿宋.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunIn {
    /// The lead's face.
    pub face: Face,
    /// Whether it is made bold (synthetic where the face has no bold).
    pub bold: bool,
}

/// The weights of the rules the backends draw, and the span of the thematic break.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Table borders, and the rule that closes a table's part on a page it continues from, in points.
    pub table_pt: f32,
    /// The thematic break (`***`), in points.
    pub horizontal_pt: f32,
    /// The share of the measure the thematic break spans, centred (a half: from a quarter to three quarters).
    pub horizontal_share: f32,
}

/// How tables are set.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tables {
    /// The space on either side of a cell's text, in ems of the body size.
    pub cell_padding_em: f32,
    /// Alignment of the cells of a column the table gives no alignment of its own; a column's own
    /// (Markdown `:--`, `:-:`, `--:`) applies to all of its cells, its header cell too.
    pub cell_align: Align,
    /// Alignment of header cells in a column without an alignment of its own.
    pub head_align: Align,
    /// Header cells are set as strong text ([`Accents::strong`]: bold, or 黑体 in a face without a bold).
    pub head_strong: bool,
}

/// How far nested quotes and lists are indented.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Nesting {
    /// A block quote's indent from the text around it, in ems of the quote's size.
    pub quote_em: f32,
    /// The indent of each level of a list, in ems of its text's size: an item's text starts this far in
    /// from the text around the list (further when its marker is wider), its number or bullet in the indent,
    /// in front of it: right before the text in the PDF and the EPUB, at the start of the indent in the DOCX
    /// (Word's hanging number).
    pub list_em: f32,
    /// The narrowest measure nested quotes and lists may leave, as a share of the text width: deeper levels
    /// stop indenting there. Without a floor, twenty quotes set their text off the right edge of the page.
    pub min_measure_share: f32,
}

/// How figures are set.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figures {
    /// The face of a figure's caption, centred below it at the body size.
    pub caption_face: Face,
    /// Lines of the body's pitch kept free under an image as tall as the text area, for its caption: a
    /// taller image is scaled down (never below half the text height). The EPUB, which has no pages, lets
    /// the reading system fit the image to the screen.
    pub caption_room_lines: f32,
}

/// Where footnotes sit at the foot of a page (PDF), and how the notes at the end of an EPUB chapter are set
/// off from its text. The DOCX leaves the separator to the word processor (Word's own short rule).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notes {
    /// Space between the text and the notes, the separator rule in its middle, in points.
    pub separation_pt: f32,
    /// The separator's weight in points.
    pub rule_pt: f32,
    /// The separator's length, as a share of the measure, from the left.
    pub rule_share: f32,
    /// The most of a page's text height notes take while they wait for room; the rest continue overleaf.
    pub max_page_share: f32,
}

/// Superscript and subscript: set smaller and off the baseline by the PDF and the EPUB; the DOCX marks the
/// runs (`w:vertAlign`), and Word and LibreOffice place them by their own, similar numbers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scripts {
    /// Their size, as a share of the text around them.
    pub size_ratio: f32,
    /// How far a superscript's baseline is raised, in ems of the text around it.
    pub superscript_rise_em: f32,
    /// How far a subscript's baseline is lowered, in ems of the text around it.
    pub subscript_drop_em: f32,
}

impl Scripts {
    /// What every preset uses: about the proportions of Word's and browsers' superscripts.
    pub const USUAL: Scripts =
        Scripts { size_ratio: 0.65, superscript_rise_em: 0.35, subscript_drop_em: 0.15 };
}

/// A complete typographic preset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Style {
    /// The preset this style is, or starts from (`base` in a style file).
    #[serde(rename = "base")]
    pub name: StyleName,
    /// Paper and margins.
    pub page: PageGeometry,
    /// Body paragraphs.
    pub body: TextStyle,
    /// Document title.
    pub title: TextStyle,
    /// Subtitle (`——在…上的讲话`).
    pub subtitle: TextStyle,
    /// Title-block lines: speaker, date, series.
    pub byline: TextStyle,
    /// Headings by level 1..=4; deeper levels use the last.
    pub headings: [TextStyle; 4],
    /// Block quotes.
    pub quote: TextStyle,
    /// Footnotes, at the foot of the page that references them.
    pub footnote: TextStyle,
    /// Code blocks and inline code: a monospace face for the Latin, whose Chinese falls back to 黑体.
    pub code: TextStyle,
    /// Characters per full body line when the preset sets text on a character grid (gongwen: 28).
    #[serde(with = "load::switch")]
    pub grid_chars: Option<u32>,
    /// Page numbers.
    pub page_numbers: PageNumbers,
    /// Level-1 headings (chapters) start a new page, sunk this far (points) below the top of the type area;
    /// `None` keeps them in the flow. The PDF breaks and sinks; the DOCX gives `heading 1` a page break
    /// before and the sink as space above. The EPUB sinks the heading; it opens a file of its own at every
    /// level-1 heading whatever this says (that is how an EPUB's chapters are navigated, and paginating
    /// reading systems start each file on a new page).
    #[serde(with = "load::switch")]
    pub chapter_sink_pt: Option<f32>,
    /// A title block standing alone on the first page (the first chapter broke to the next) is a title
    /// page: sunk like a chapter opening ([`Style::chapter_sink_pt`]), without running head or folio, its
    /// back left blank so that the text opens on a recto page. PDF only: the DOCX's title stands alone when
    /// the first chapter breaks, without head or folio but also without sink or blank back; the EPUB, which always has a title page of its
    /// own, sinks it as the PDF does when this is on.
    pub title_page: bool,
    /// Running heads, if the preset has them: in the PDF, and in the DOCX (a section per chapter, whose odd
    /// header holds its title); the EPUB has none.
    #[serde(with = "load::switch")]
    pub running_head: Option<RunningHead>,
    /// Widow and orphan control (clreq §1.6): a paragraph's first line is kept with its second and its last
    /// with the one before, so that no single line of it is left alone at a page edge. Off on a character
    /// grid: GB/T 9704 wants every full page to hold exactly 22 lines, as Word's grid documents do. The
    /// PDF binds the lines, the DOCX sets `w:widowControl`; the EPUB's CSS `widows` and `orphans` are 2
    /// (their default) when on, 1 when off.
    pub widow_orphan_guard: bool,
    /// Tables.
    pub table: Tables,
    /// Rules.
    pub rules: Rules,
    /// Indents of quotes and lists.
    pub nesting: Nesting,
    /// Where salutations, notes, attachment notes and lines of contents sit.
    pub roles: Roles,
    /// Pixels per inch of an image that does not fit the text width (CSS's 96, what Word assumes without a
    /// density): its size on the page. The EPUB writes an image's width only when this is not 96, the
    /// density CSS gives an image by itself.
    pub image_px_per_inch: f32,
    /// Strong and emphasised text.
    pub accents: Accents,
    /// How the PDF synthesises bold and italic.
    pub synthesis: Synthesis,
    /// How links look.
    pub links: Links,
    /// Signature and date.
    pub closing: Closing,
    /// A title longer than a line breaks between words into lines of about equal length (GB/T 9704
    /// §7.3.1: whole words, a symmetric shape), not as full as the first line allows.
    pub balanced_titles: bool,
    /// Vertical writing (竖排): columns from top to bottom, set right to left, pages turned to the right.
    /// EPUB only (`writing-mode: vertical-rl`, Latin and digits upright or rotated, punctuation in its
    /// vertical forms); the PDF and the DOCX stay horizontal. `--vertical` turns it on for the book style.
    #[serde(default)]
    pub vertical: bool,
    /// 版头, 发文字号, attachments, 版记 and decrees.
    pub official: Official,
    /// Superscript and subscript.
    pub scripts: Scripts,
    /// The separator and room of footnotes.
    pub notes: Notes,
    /// Figures and their captions.
    pub figures: Figures,
    /// The face names the DOCX writes.
    pub office_fonts: OfficeFonts,
    /// The font family of each face.
    pub fonts: Families,
    /// PDF standards, bleed and crop marks (PDF only).
    pub print: Print,
    /// Printed on both sides and bound, as a book is: `page.left_mm` is the inner (binding) margin and
    /// `page.right_mm` the outer one on a recto (odd) page, swapped on a verso (even) page; the two pages of
    /// a spread end on the same line. PDF only.
    pub facing_pages: bool,
    /// Which page a chapter (a level-1 heading that opens a page, [`Style::chapter_sink_pt`]) may open on.
    /// PDF, and DOCX with running heads (a section per chapter); the EPUB asks it of reading systems.
    pub chapter_start: ChapterStart,
    /// Tables and code blocks, set off from the text around them.
    pub displays: Displays,
}

/// Which page a chapter opens on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChapterStart {
    /// The next page, recto or verso (Chinese novels, whose 回 follow one another).
    Any,
    /// A recto (odd) page, a blank verso before it when the text ends on a recto.
    Recto,
}

/// How tables and code blocks stand apart from the text around them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Displays {
    /// Space above and below a table or a code block, in points.
    pub space_pt: f32,
    /// A code block's indent from the text's left edge, in ems of the body size.
    pub code_inset_em: f32,
    /// Space between a code block's shading and its text, in points.
    pub code_padding_pt: f32,
    /// A code block's background; `None` (`false`) leaves it unshaded. PDF only.
    #[serde(with = "load::switch")]
    pub code_shade: Option<Rgb>,
    /// The mark that begins each continuation of a code line too long for the measure (which breaks
    /// after a `/`, `.`, `_` or space where it can).
    pub code_wrap_mark: char,
}

impl Style {
    /// Why a table of `columns` columns cannot be set as a grid in a measure of `width_pt`, if it cannot: a
    /// column narrower than one body character and its padding shows no text (glyphs overflow into the next
    /// cell; 500 columns print as a black block). The paged backends then set it as one line of text per
    /// row, cells separated by `|`.
    pub fn table_too_wide(&self, columns: usize, width_pt: f32) -> Option<String> {
        let column_pt = self.body.size_pt * (1.0 + 2.0 * self.table.cell_padding_em);
        let fitting = (width_pt / column_pt).floor().max(1.0) as usize;
        (columns > fitting).then(|| {
            format!(
                "a table of {columns} columns is wider than the page can show ({fitting} columns of one \
                 character at most); it is set as one line of text per row, cells separated by `|`"
            )
        })
    }

    /// How many nested quotes and lists, each indented `step_em` body ems, fit before the measure reaches
    /// [`Nesting::min_measure_share`] of the text width: deeper levels are not indented further. For
    /// backends that indent by level rather than by measured width (the DOCX's quotes).
    pub fn nested_levels_indented(&self, step_em: f32) -> usize {
        (self.nesting_room_em() / step_em).floor().max(0.0) as usize
    }

    /// How many body ems nested quotes and lists may indent in all before the measure reaches
    /// [`Nesting::min_measure_share`] of the text width (the EPUB adds up its levels' indents against it).
    pub fn nesting_room_em(&self) -> f32 {
        let width_em = self.page.text_width_mm() * PT_PER_MM / self.body.size_pt;
        width_em * (1.0 - self.nesting.min_measure_share)
    }

    /// The preset called `name`.
    pub fn preset(name: StyleName) -> Style {
        match name {
            StyleName::Gongwen => presets::gongwen(),
            StyleName::Book => presets::book(),
            StyleName::Report => presets::report(),
        }
    }

    /// The style of a heading of `level` (1-based; levels past 4 share level 4's style).
    pub fn heading(&self, level: u8) -> &TextStyle {
        let index = usize::from(level.clamp(1, 4)) - 1;
        &self.headings[index]
    }
}

impl StyleName {
    /// The name users type after `--style`.
    pub fn as_str(self) -> &'static str {
        match self {
            StyleName::Gongwen => "gongwen",
            StyleName::Book => "book",
            StyleName::Report => "report",
        }
    }
}

/// How far the ideographic em box of a line's type reaches above its baseline, in ems …
pub const EM_BOX_ASCENT: f32 = 0.88;
/// … and below it: where a line sits in its line box (centred), in the PDF's layout and the DOCX's footer.
pub const EM_BOX_DEPTH: f32 = 0.12;

/// Millimetres per point.
const MM_PER_PT: f32 = 25.4 / 72.0;
/// Points per millimetre.
pub const PT_PER_MM: f32 = 72.0 / 25.4;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_insets_follow_gbt_9704() {
        let closing = Style::preset(StyleName::Gongwen).closing;
        // 市教育局 (4) over 2026年11月20日 (7: the digits are half-width): the date is longer, so it
        // stands 右空二字 and the signature moves left to start two characters before it.
        assert_eq!(closing.insets(4.0, 7.0, false), (7.0, 2.0));
        // A long signature: 右空二字, the date starting two characters right of its start.
        assert_eq!(closing.insets(10.0, 7.0, false), (2.0, 3.0));
        // Sealed: the date 右空四字, the signature centred over it.
        assert_eq!(closing.insets(4.0, 7.0, true), (5.5, 4.0));
        assert_eq!(Closing::FLUSH_RIGHT.insets(4.0, 7.0, false), (0.0, 0.0));
    }

    #[test]
    fn gongwen_grid_is_22_lines_of_28_characters() {
        let style = Style::preset(StyleName::Gongwen);
        assert_eq!(style.page.text_width_mm(), 156.0);
        assert_eq!(style.page.text_height_mm(), 225.0);
        let lines = style.page.text_height_mm() / MM_PER_PT / style.body.line_pitch_pt;
        assert!((lines - 22.0).abs() < 1e-3, "{lines}");
        assert_eq!(style.grid_chars, Some(28));
    }
}
