//! `paiban style --dump NAME`: a preset written out whole as commented TOML, for users to read and copy.
//! Reading the file back ([`super::load`]) gives the same style, so `--style file.toml` and `--style NAME`
//! make byte-identical outputs.

use super::Style;

/// The preset `style` as a complete, commented style file.
pub fn dump(style: &Style) -> String {
    // Style is plain data with string keys: serialisation cannot fail, short of a bug caught by the tests.
    let body = toml::to_string_pretty(style).unwrap_or_else(|e| format!("# cannot write this style: {e}\n"));
    let mut out = String::from(HEADER.replace("{base}", style.name.as_str()).as_str());
    let mut table = String::new();
    let mut commented = std::collections::BTreeSet::new();
    for line in body.lines() {
        let trimmed = line.trim();
        if let Some(name) = trimmed.strip_prefix('[').map(|t| t.trim_matches(|c| c == '[' || c == ']')) {
            table = name.to_owned();
            if commented.insert(table.clone()) {
                push_comment(&mut out, &table);
            }
        } else if let Some((key, _)) = trimmed.split_once(" = ") {
            let group = group_of(&table);
            let path = if table.is_empty() { key.to_owned() } else { format!("{group}.{key}") };
            if commented.insert(path.clone()) {
                push_comment(&mut out, &path);
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn push_comment(out: &mut String, path: &str) {
    if let Some((_, text)) = COMMENTS.iter().find(|(key, _)| *key == path) {
        for line in text.lines() {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
    }
}

const HEADER: &str = "\
# paiban style file: the `{base}` preset, complete. Change what you like and load it with
#   paiban --style this.toml …
# A style file needs only `base` and the keys it changes; every other value is the base preset's.
# Units: sizes in points (二号 22, 三号 16, 小三 15, 四号 14, 小四 12, 五号 10.5, 小五 9), lengths on the page
# in millimetres, indents in ems of the text's own size.
# Faces: serif (宋体), serif_bold (titles), sans (黑体), sans_bold, fang (仿宋), kai (楷体), mono (code);
# the [fonts] table names the font family that draws each.

";

/// Tables of the [`super::TextStyle`] kind, whose keys are explained once, under `[body]`.
const TEXT_TABLES: [&str; 14] = [
    "body",
    "title",
    "subtitle",
    "byline",
    "headings",
    "quote",
    "footnote",
    "code",
    "official.doc_number",
    "official.letterhead",
    "official.decree",
    "official.attachment_label",
    "official.attachment_title",
    "official.record",
];

/// Tables of the [`super::Placement`] kind, whose keys are explained once, under `[roles.salutation]`.
const PLACEMENT_TABLES: [&str; 5] =
    ["roles.salutation", "roles.contents", "roles.note", "roles.attachment", "roles.attachment_more"];

/// The table whose comments explain the keys of `table` (a dotted path): its own, or the one of its kind.
fn group_of(table: &str) -> &str {
    if TEXT_TABLES.contains(&table) {
        "body"
    } else if PLACEMENT_TABLES.contains(&table) {
        "roles.salutation"
    } else {
        table
    }
}

/// One comment per key of a style file; the tests check that every key written has one.
const COMMENTS: &[(&str, &str)] = &[
    ("base", "The preset this file starts from: gongwen, book or report."),
    (
        "grid_chars",
        "Characters per full body line when text is set on a character grid (GB/T 9704: 28), or false.\n\
         On a grid every line holds exactly this many body characters.",
    ),
    (
        "chapter_sink_pt",
        "Level-1 headings open a new page, this far (pt) below the top of the text area; false keeps them\n\
         in the flow.",
    ),
    (
        "running_head",
        "Running heads (书眉): the book's title on even pages, the chapter's on odd pages; false for none.",
    ),
    (
        "title_page",
        "A title alone on the first page (the first chapter broke to the next) becomes a title page: sunk\n\
         like a chapter, without head or folio, its back left blank (PDF only).",
    ),
    (
        "widow_orphan_guard",
        "Keep a paragraph's first two and last two lines together, so that no single line is left alone\n\
         at a page edge. Off on a character grid, whose full pages hold exactly their lines.",
    ),
    (
        "vertical",
        "Vertical writing (竖排), columns right to left: the EPUB only; the PDF and DOCX stay horizontal.",
    ),
    (
        "image_px_per_inch",
        "Pixels per inch of an image narrower than the text: its size on the page (CSS and Word: 96).",
    ),
    ("table", "Tables."),
    ("table.cell_padding_em", "Space on either side of a table cell's text, in body ems."),
    (
        "table.cell_align",
        "Alignment of the cells of a column without an alignment of its own (Markdown :--, :-:, --:).",
    ),
    ("table.head_align", "Alignment of a header cell in a column without an alignment of its own."),
    ("table.head_strong", "Header cells set as strong text (bold, or 黑体 in a face without a bold)."),
    ("rules", "Rules, in points."),
    ("rules.table_pt", "Table borders."),
    ("rules.horizontal_pt", "The thematic break (*** in Markdown)."),
    ("rules.horizontal_share", "The share of the text width the thematic break spans, centred."),
    ("nesting", "Quotes and lists."),
    ("nesting.quote_em", "A block quote's indent, in ems of its size."),
    ("nesting.list_em", "The indent of each level of a list; the number or bullet stands in it."),
    (
        "nesting.min_measure_share",
        "The narrowest measure nested quotes and lists may leave, as a share of the text width.",
    ),
    (
        "roles",
        "Where the paragraphs around the body text sit, in characters of their size (on a grid, grid cells).",
    ),
    (
        "roles.attachment_space_lines",
        "Blank lines above an attachment note (GB/T 9704: one); none between its lines.",
    ),
    (
        "roles.salutation",
        "The addressee or salutation (GB/T 9704: 顶格). The keys below are those of every role.",
    ),
    ("roles.salutation.align", "justify, left, center or right."),
    ("roles.salutation.left_em", "Indent of every line."),
    ("roles.salutation.first_em", "Indent of the first line from the others; negative hangs it."),
    ("roles.contents", "A line of a table of contents printed in the source."),
    ("roles.note", "A note (附注, （此件公开发布）)."),
    (
        "roles.attachment",
        "The first line of an attachment note (附件：1. …), or an attachment's label (附件1).\n\
         GB/T 9704: two characters in, a long name wrapping under its first character.",
    ),
    ("roles.attachment_more", "The further lines of an attachment note (2. …), under the first name."),
    ("office_fonts", "The face names the DOCX writes: standard (宋体, 仿宋, 楷体) or gb2312 (仿宋_GB2312, 方正小标宋简体)."),
    ("page", "Paper and margins, in millimetres."),
    ("page.width_mm", "Paper width (A4 210, A5 148)."),
    ("page.height_mm", "Paper height (A4 297, A5 210)."),
    ("page.top_mm", "Top margin (天头)."),
    ("page.bottom_mm", "Bottom margin."),
    ("page.left_mm", "Left margin (订口)."),
    ("page.right_mm", "Right margin."),
    ("body", "Body paragraphs. The keys below are those of every text style ([title], [[headings]], …)."),
    ("body.face", "Face: serif, serif_bold, sans, sans_bold, fang, kai or mono."),
    ("body.size_pt", "Type size in points."),
    ("body.line_pitch_pt", "Baseline-to-baseline distance in points."),
    ("body.align", "justify, left, center or right."),
    ("body.indent_em", "First-line indent, in ems of this size."),
    ("body.space_before_pt", "Extra space above, in points."),
    ("body.space_after_pt", "Extra space below, in points."),
    ("title", "The document's title."),
    ("subtitle", "A subtitle (——在…上的讲话)."),
    ("byline", "Title-block lines: speaker, date, series."),
    ("headings", "Headings, one [[headings]] per level from 1 to 4; deeper levels use the fourth."),
    ("quote", "Block quotes."),
    ("footnote", "Footnotes, at the foot of the page."),
    ("code", "Code blocks and inline code (the Latin in mono; its Chinese falls back to 黑体)."),
    ("page_numbers", "Page numbers."),
    ("page_numbers.dashed", "`— 1 —` (GB/T 9704) rather than a bare `1`."),
    ("page_numbers.outside", "Odd pages right, even pages left (the outer edge); false centres them."),
    ("page_numbers.inset_em", "How far in from the outer edge an outside number stands, in ems of its size."),
    ("page_numbers.face", "Face of the number."),
    ("page_numbers.size_pt", "Size in points."),
    ("page_numbers.below_text_mm", "Distance from the bottom of the text area to the number, in millimetres."),
    ("page_numbers.of_total", "`第 1 页 共 9 页` rather than the number alone (DOCX only: Word counts the pages)."),
    ("running_head.face", "Face of the head."),
    ("running_head.size_pt", "Size in points."),
    ("running_head.baseline_above_text_mm", "From the head's baseline down to the text area, in millimetres."),
    ("running_head.rule_above_text_mm", "From the rule under the head down to the text area, in millimetres."),
    ("running_head.rule_width_pt", "Weight of the rule in points."),
    ("accents", "Strong and emphasised text, the same in the PDF, the DOCX and the EPUB."),
    (
        "accents.strong_without_bold",
        "Strong text is bold where the face has a bold; in fang or kai (no bold) it is set in this face.",
    ),
    ("accents.emph", "Emphasised text is set in this face (楷体, the Chinese emphasis face) …"),
    ("accents.emph_within", "… and in this one when the text around it is already in that face."),
    ("accents.emph_slants_latin", "Whether the Latin letters of emphasised text are slanted (Han never are)."),
    (
        "synthesis",
        "How the PDF draws bold and italic a face has no file for. Word and browsers synthesise their own\n\
         from the run's bold and italic, so only the PDF reads these.",
    ),
    ("synthesis.bold_stroke_em", "Synthetic bold strokes the outlines with a line this wide, in ems of the size."),
    ("synthesis.slant", "Synthetic italic slants Latin letters by this much (the tangent of the angle; 12°: 0.2126)."),
    (
        "links",
        "The text of links, the same in the PDF, the DOCX (its Hyperlink style) and the EPUB.\n\
         Footnote references keep their superscript look.",
    ),
    ("links.color", "Its colour, as \"#RRGGBB\", or false for the colour of the text around it."),
    ("links.underline", "Whether it is underlined."),
    (
        "closing",
        "The signature and date of an official document, in body characters (GB/T 9704 §7.3.5).\n\
         A document to be sealed (front matter `seal: true`, --seal) takes the sealed_ values.",
    ),
    ("closing.space_lines", "Blank lines between the text (or the attachment note) and the signature (GB/T 9704: 1)."),
    ("closing.signature_right_em", "The signature's right inset (右空二字: 2)."),
    (
        "closing.date_after_signature_em",
        "The date starts this far right of the signature's start (GB/T 9704: 2); a longer date is set\n\
         signature_right_em in and moves the signature left. false: the date on its own, date_right_em in.",
    ),
    ("closing.date_right_em", "The date's right inset when it is not placed after the signature."),
    ("closing.sealed_space_lines", "Sealed: blank lines above the signature, room for the seal."),
    ("closing.sealed_date_right_em", "Sealed: the date's right inset (右空四字: 4); the signature centred over it."),
    (
        "balanced_titles",
        "A title longer than a line breaks between words into lines of about equal length (GB/T 9704\n\
         §7.3.1), not as full as the first line allows.",
    ),
    (
        "official",
        "The parts of an official document around its body (GB/T 9704 §7.2, §7.3.7, §7.4, §10.2), used by\n\
         every preset when a document has them.",
    ),
    ("official.letterhead_top_mm", "The top of a red 版头's 发文机关标志 below the top of the text area (35 mm)."),
    ("official.letterhead_color", "The red of the 版头's mark and rule, as \"#RRGGBB\"."),
    ("official.number_space_lines", "Blank lines between the 发文机关标志 and the 发文字号 (two)."),
    ("official.rule_below_number_mm", "The red rule under the 发文字号: its distance below the number (4 mm) …"),
    ("official.rule_pt", "… and its weight in points."),
    ("official.title_space_lines", "Blank lines between the red rule and the title (two)."),
    ("official.decree_top_mm", "The top of a decree's header (…令) below the top of the text area (20 mm)."),
    ("official.attachment_new_page", "Each attachment (附件) starts a new page."),
    ("official.attachment_title_line", "The line of its page an attachment's title is centred on (the third)."),
    ("official.record_inset_em", "The 版记's lines stand this far in from both sides, in ems of their size."),
    ("official.record_outer_rule_mm", "The 版记's first and last rules, in millimetres (0.35) …"),
    ("official.record_inner_rule_mm", "… and the rules between its lines (0.25)."),
    ("official.doc_number", "The 发文字号 and a decree's 令号, centred."),
    ("official.letterhead", "The 发文机关标志 of a red 版头, printed only when asked for (--letterhead)."),
    ("official.decree", "A decree's header (某某市人民政府令)."),
    ("official.attachment_label", "An attachment's label (附件1): 黑体, 顶格, on the first line of its page."),
    ("official.attachment_title", "An attachment's title, centred."),
    ("official.record", "The 版记's lines: 抄送, and the printing office and date."),
    (
        "accents.run_in",
        "Run-in leads by their number's level (一、, （一）, 1., （1）), one table each; false sets them as\n\
         strong text.",
    ),
    ("accents.run_in.face", "The lead's face."),
    ("accents.run_in.bold", "Whether it is made bold."),
    ("figures", "Figures and their captions."),
    ("figures.caption_face", "The face of a caption, centred below its figure at the body size."),
    (
        "figures.caption_room_lines",
        "Body lines kept free under an image as tall as the text area, for its caption (PDF, DOCX).",
    ),
    ("notes", "Footnotes: the PDF's separator and room at the foot of the page, the EPUB's notes after a chapter."),
    ("notes.separation_pt", "Space between the text and the notes, the separator in its middle, in points."),
    ("notes.rule_pt", "The separator's weight in points."),
    ("notes.rule_share", "The separator's length, as a share of the measure."),
    ("notes.max_page_share", "The most of a page's text height notes take; the rest continue overleaf (PDF)."),
    ("scripts", "Superscript and subscript (the DOCX marks them; Word places them by similar numbers)."),
    ("scripts.size_ratio", "Their size, as a share of the text around them."),
    ("scripts.superscript_rise_em", "How far a superscript is raised, in ems of the text around it."),
    ("scripts.subscript_drop_em", "How far a subscript is lowered, in ems of the text around it."),
    (
        "fonts",
        "The font family that draws each face, looked up in --font-dir, the bundled fonts, then the fonts\n\
         installed on this computer (e.g. \"方正小标宋简体\", \"仿宋_GB2312\", \"Source Han Serif SC\"). A family\n\
         not found is replaced by the bundled face, with a warning; the DOCX and EPUB still name it.",
    ),
    ("fonts.serif", "宋体: body text of books and reports, and the fallback for characters a face lacks."),
    ("fonts.serif_bold", "Titles (小标宋's stand-in); a family with a bold weight uses it."),
    ("fonts.sans", "黑体."),
    ("fonts.sans_bold", "Bold 黑体; a family with a bold weight uses it."),
    ("fonts.fang", "仿宋."),
    ("fonts.kai", "楷体."),
    ("fonts.mono", "The Latin of code."),
    (
        "print",
        "Print production (PDF only; the DOCX and the EPUB ignore it). Also --pdf-standard, --bleed, --marks.",
    ),
    (
        "print.pdf_standards",
        "The standards the PDF conforms to: any of \"x4\" (PDF/X-4, for a print shop: grey and CMYK colour\n\
         only, an output intent), \"a2b\" or \"a2u\" (PDF/A-2, for an archive), \"ua1\" (PDF/UA-1, tagged\n\
         for assistive technology). [] writes a plain PDF.",
    ),
    ("print.bleed_mm", "How far the page reaches beyond the trim (the paper size) for the printer to cut off, in mm."),
    ("print.marks", "Crop marks at the corners of the trim, outside the bleed."),
    ("print.mark_offset_mm", "How far from the trim a crop mark starts, in mm (at least the bleed)."),
    ("print.mark_length_mm", "How long a crop mark is, in mm."),
    ("print.mark_width_pt", "A crop mark's weight in points."),
    (
        "facing_pages",
        "Printed on both sides and bound: page.left_mm is the inner (binding) margin of an odd page and\n\
         page.right_mm its outer one, swapped on even pages; both pages of a spread end on the same line (PDF).",
    ),
    ("chapter_start", "Which page a chapter opens on: any, or recto (odd; a blank even page before it) (PDF, DOCX; EPUB: break-before: recto)."),
    ("displays", "Tables and code blocks, set off from the text."),
    ("displays.space_pt", "Space above and below a table or a code block, in points."),
    ("displays.code_inset_em", "A code block's indent, in body ems."),
    ("displays.code_padding_pt", "Space between a code block's shading and its text, in points."),
    ("displays.code_shade", "A code block's background, \"#RRGGBB\", or false for none (PDF)."),
    (
        "displays.code_wrap_mark",
        "The mark that begins each continuation of a code line too long for the measure.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::{load::parse, StyleName};
    use std::collections::BTreeSet;

    const ALL: [StyleName; 3] = [StyleName::Gongwen, StyleName::Book, StyleName::Report];

    #[test]
    fn a_dumped_preset_reads_back_as_the_same_style() {
        for name in ALL {
            let style = Style::preset(name);
            let text = dump(&style);
            assert_eq!(parse(&text).expect("the dump reads back"), style, "{text}");
        }
    }

    /// The comment key of every key in `table`, as [`dump`] looks it up.
    fn comment_keys(table: &toml::Table, group: &str, into: &mut BTreeSet<String>) {
        for (key, value) in table {
            let path = if group.is_empty() { key.clone() } else { format!("{group}.{key}") };
            into.insert(path.clone());
            let group = group_of(&path);
            match value {
                toml::Value::Table(inner) => comment_keys(inner, group, into),
                toml::Value::Array(items) => {
                    for item in items.iter().filter_map(toml::Value::as_table) {
                        comment_keys(item, group, into);
                    }
                }
                _ => {}
            }
        }
    }

    #[test]
    fn every_key_written_has_a_comment_and_every_comment_a_key() {
        let mut keys = BTreeSet::new();
        for name in ALL {
            let text = dump(&Style::preset(name));
            comment_keys(&toml::from_str(&text).expect("valid TOML"), "", &mut keys);
        }
        let comments: BTreeSet<String> = COMMENTS.iter().map(|(key, _)| (*key).to_owned()).collect();
        assert_eq!(keys, comments);
        assert_eq!(comments.len(), COMMENTS.len(), "a key is explained twice");
    }
}
