//! The stylesheet: the shared preset (`style`) mapped to CSS. Sizes and spacing are relative to the body size
//! (em, unitless line heights) so that the reader's font-size setting still scales everything.

use crate::fonts::Face;
use crate::style::{Align, ChapterStart, Families, Placement, Style, TextStyle};
use std::borrow::Cow;
use std::fmt::Write as _;

mod official;
mod vertical;
pub(super) use official::official_rules;
pub(super) use vertical::vertical;

/// `font-family` for a face: the chosen family, if any, before the face table's list ([`Families::css`]).
fn font_family(fonts: &Families, face: Face) -> Cow<'static, str> {
    fonts.css(face)
}

fn align(align: Align) -> &'static str {
    match align {
        Align::Justify => "justify",
        Align::Left => "left",
        Align::Center => "center",
        Align::Right => "right",
    }
}

/// A number for CSS: at most three decimals, no trailing zeros.
pub(super) fn num(value: f32) -> String {
    let text = format!("{:.3}", value);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text.is_empty() || text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

/// An indent in ems: `0` bare, as CSS allows.
pub(super) fn ems(value: f32) -> String {
    let n = num(value);
    if n == "0" {
        n
    } else {
        format!("{n}em")
    }
}

/// The declarations placing a paragraph as `placement` says.
fn placement_rules(placement: &Placement) -> String {
    let left = if placement.left_em == 0.0 {
        String::new()
    } else {
        format!("margin-left: {}; ", ems(placement.left_em))
    };
    format!("{left}text-indent: {}; text-align: {};", ems(placement.first_em), align(placement.align))
}

/// A block's `margin` above and below (none at the sides): `before_pt` and `after_pt` in ems of `size_pt`,
/// the size of the element the margin is on. These are the spaces the PDF puts around the same block.
fn spaced(before_pt: f32, after_pt: f32, size_pt: f32) -> String {
    match (ems(before_pt / size_pt), ems(after_pt / size_pt)) {
        (before, after) if before == "0" && after == "0" => "margin: 0;".to_owned(),
        (before, after) => format!("margin: {before} 0 {after} 0;"),
    }
}

/// The declarations of one text style, relative to the body size `base_pt`.
fn text_rules(fonts: &Families, style: &TextStyle, base_pt: f32) -> String {
    let size = style.size_pt / base_pt;
    // Spacing in the preset is in points; em here are of this element's own font size.
    let em = |pt: f32| num(pt / style.size_pt);
    format!(
        "font-family: {}; font-weight: {}; font-size: {}em; line-height: {}; text-align: {}; text-indent: {}em; \
         margin: {}em 0 {}em 0;",
        font_family(fonts, style.face),
        if style.face.is_bold() { "bold" } else { "normal" },
        num(size),
        num(style.line_pitch_pt / style.size_pt),
        align(style.align),
        num(style.indent_em),
        em(style.space_before_pt),
        em(style.space_after_pt),
    )
}

/// The whole stylesheet for `style`.
pub(super) fn stylesheet(style: &Style) -> String {
    let body = &style.body;
    let base = body.size_pt;
    let mut css = String::new();
    // `line-break: strict` applies the clreq kinsoku rules; `text-spacing-trim` and `text-autospace` (CSS Text 4)
    // compress adjacent full-width punctuation and add the ¼ em CJK–Latin gap where reading systems support them.
    // Widows and orphans: CSS's default of 2 is the style's guard; without it, a single line may stand alone.
    let lone_lines = if style.widow_orphan_guard { "" } else { " widows: 1; orphans: 1;" };
    let _ = writeln!(
        css,
        "body {{ font-family: {}; line-height: {}; text-align: {}; line-break: strict; word-break: normal; \
         text-spacing-trim: space-first; text-autospace: normal; margin: 0; padding: 0;{lone_lines} }}",
        font_family(&style.fonts, body.face),
        num(body.line_pitch_pt / base),
        align(body.align),
    );
    let _ = writeln!(
        css,
        "p {{ {} text-indent: {}em; }}",
        spaced(body.space_before_pt, body.space_after_pt, base),
        num(body.indent_em)
    );
    for level in 1..=6u8 {
        let mut heading = *style.heading(level);
        if let (1, Some(sink)) = (level, style.chapter_sink_pt) {
            // Every level-1 heading opens a file, a new page where reading systems paginate: sunk there as
            // the style sinks chapters.
            heading.space_before_pt += sink;
        }
        // A chapter asked to open on a recto page says so to the reading systems that paginate by spreads.
        let recto = if level == 1 && style.chapter_start == ChapterStart::Recto {
            " page-break-before: right; break-before: recto;"
        } else {
            ""
        };
        let _ = writeln!(css, "h{level} {{ {}{recto} }}", text_rules(&style.fonts, &heading, base));
    }
    // The cover: the image alone, as large as the screen allows.
    let _ = writeln!(css, "section.cover {{ margin: 0; padding: 0; text-align: center; text-indent: 0; }}");
    let _ = writeln!(css, "section.cover img {{ max-width: 100%; max-height: 100vh; }}");
    // The title page, sunk like a chapter opening where the style makes the PDF's first page a title page.
    let title_sink = if style.title_page { style.chapter_sink_pt.unwrap_or(0.0) } else { 0.0 };
    let _ = writeln!(css, "section.titlepage {{ margin-top: {}; }}", ems(title_sink / base));
    let _ = writeln!(css, "h1.title {{ {} }}", text_rules(&style.fonts, &style.title, base));
    // A title's last two characters are never parted: no one character alone on its last line.
    let _ = writeln!(css, "h1.title span.keep {{ white-space: nowrap; }}");
    let _ = writeln!(css, "p.subtitle {{ {} }}", text_rules(&style.fonts, &style.subtitle, base));
    let _ = writeln!(
        css,
        "p.byline, p.series {{ {} white-space: pre-wrap; }}",
        text_rules(&style.fonts, &style.byline, base)
    );
    // The addressee placed as the style's roles say (GB/T 9704 §7.3.2); the signature and the date are
    // `official::official_rules`'.
    let roles = &style.roles;
    let _ = writeln!(css, "p.salutation {{ {} }}", placement_rules(&roles.salutation));
    // A blank line above the attachment note (GB/T 9704 §7.3.4), none between its lines: the further items
    // (`attachment-more`) stand under the first item's number.
    let _ = writeln!(
        css,
        "p.attachment {{ margin-top: {}; margin-bottom: 0; {} }}",
        ems(roles.attachment_space_lines * body.line_pitch_pt / base),
        placement_rules(&roles.attachment)
    );
    let _ = writeln!(css, "p.attachment + p.attachment {{ margin-top: 0; }}");
    let _ = writeln!(
        css,
        "p.attachment-more {{ margin-top: 0; margin-bottom: 0; {} }}",
        placement_rules(&roles.attachment_more)
    );
    let _ = writeln!(css, "p.note {{ {} }}", placement_rules(&roles.note));
    let _ = writeln!(css, "p.contents {{ {} }}", placement_rules(&roles.contents));
    // A quote adds only its indent, as many of the quote's ems as the PDF indents it; its paragraphs are
    // set as the quote's text style says (`text_rules`, sized against the body as every `blockquote` is
    // body-sized, so quotes in quotes do not shrink again), as in the PDF and the DOCX's Quote style.
    let quote = &style.quote;
    let _ = writeln!(
        css,
        "blockquote {{ margin: 0 0 0 {}; padding: 0; }}",
        ems(style.nesting.quote_em * quote.size_pt / base)
    );
    let _ = writeln!(css, "blockquote p {{ {} }}", text_rules(&style.fonts, quote, base));
    let code = &style.code;
    // A code block stands apart as in the PDF (`displays`): space above and below, inset, padding and
    // shade; in ems of the code's own size.
    let displays = &style.displays;
    let code_em = |pt: f32| ems(pt / code.size_pt);
    let shade = displays.code_shade.map(|c| format!(" background-color: #{};", c.hex())).unwrap_or_default();
    let _ = writeln!(
        css,
        "pre {{ font-family: {}; font-size: {}em; line-height: {}; text-align: left; \
         white-space: pre-wrap; margin: {} 0 {} {}; padding: {};{shade} }}",
        font_family(&style.fonts, code.face),
        num(code.size_pt / base),
        num(code.line_pitch_pt / code.size_pt),
        code_em(code.space_before_pt + displays.space_pt),
        code_em(code.space_after_pt + displays.space_pt),
        code_em(displays.code_inset_em * base),
        code_em(displays.code_padding_pt),
    );
    let _ = writeln!(css, "code {{ font-family: {}; }}", font_family(&style.fonts, code.face));
    accent_rules(&mut css, style);
    // A list adds only its indent: its items' paragraphs are spaced as body text, as in the PDF.
    let _ = writeln!(css, "ol, ul {{ margin: 0; padding-left: {}em; }}", num(style.nesting.list_em));
    // Nested past the levels the style indents: no further indent, the list markers inside the text.
    let _ = writeln!(css, "blockquote.flat {{ margin-left: 0; }}");
    let _ = writeln!(css, "ol.flat, ul.flat {{ padding-left: 0; list-style-position: inside; }}");
    let _ = writeln!(css, "li p, td p, th p, aside p {{ text-indent: 0; }}");
    // A table is spaced below as body text is, and set off by the displays' space; its rows are their lines' pitch, without padding above or
    // below the text, as in the PDF.
    let _ = writeln!(
        css,
        "table {{ border-collapse: collapse; margin: {} auto {} auto; }}",
        ems(style.displays.space_pt / base),
        ems((body.space_after_pt + style.displays.space_pt) / base)
    );
    let table = &style.table;
    let _ = writeln!(
        css,
        "th, td {{ border: {}pt solid; padding: 0 {}em; text-indent: 0; text-align: {}; }}",
        num(style.rules.table_pt),
        num(table.cell_padding_em),
        align(table.cell_align)
    );
    // Header cells as the body face's strong text (`Accents::strong`), or as the text around them.
    let head_face = if table.head_strong {
        let (face, bold) = style.accents.strong(body.face);
        let weight = if bold || face.is_bold() { "bold" } else { "normal" };
        format!("font-family: {}; font-weight: {weight}; ", font_family(&style.fonts, face))
    } else {
        "font-weight: normal; ".to_owned()
    };
    let _ = writeln!(css, "th {{ {head_face}text-align: {}; }}", align(table.head_align));
    for side in ["left", "center", "right"] {
        let _ = writeln!(css, "th.align-{side}, td.align-{side} {{ text-align: {side}; }}");
    }
    // Images never wider than the page; a figure centred with its caption below.
    let _ = writeln!(css, "img {{ max-width: 100%; height: auto; }}");
    let _ = writeln!(
        css,
        "figure {{ {} text-indent: 0; text-align: center; }}",
        spaced(body.space_before_pt, body.space_after_pt, base)
    );
    let _ = writeln!(
        css,
        "figure p, figcaption {{ font-family: {}; text-indent: 0; text-align: center; }}",
        font_family(&style.fonts, style.figures.caption_face)
    );
    // The thematic break: centred, the style's share of the measure wide, in the middle of a line of the
    // body's pitch as the PDF draws it.
    let _ = writeln!(
        css,
        "hr {{ margin: {} {}%; border: none; border-top: {}pt solid; }}",
        ems(body.line_pitch_pt / 2.0 / base),
        num((1.0 - style.rules.horizontal_share) * 50.0),
        num(style.rules.horizontal_pt)
    );
    let _ = writeln!(css, "div.page-break {{ page-break-after: always; break-after: page; }}");
    let _ = writeln!(css, "sup {{ line-height: 0; }}");
    let _ = writeln!(css, "a.noteref {{ text-decoration: none; }}");
    link_rules(&mut css, style);
    // The notes after a chapter: set off as the PDF sets off a page's (the style's space and short rule), in
    // the style's footnote size.
    let notes = style.notes;
    let half_space_em = num(notes.separation_pt / 2.0 / base);
    let _ = writeln!(
        css,
        "section.footnotes {{ margin-top: {half_space_em}em; font-size: {}em; }}",
        num(style.footnote.size_pt / base)
    );
    let _ = writeln!(
        css,
        "section.footnotes::before {{ content: \"\"; display: block; width: {}%; border-top: {}pt solid; \
         margin-bottom: {half_space_em}em; }}",
        num(notes.rule_share * 100.0),
        num(notes.rule_pt)
    );
    // Each note opens with its number, spaced above as the PDF spaces a note (the footnote style).
    let footnote = &style.footnote;
    let _ = writeln!(
        css,
        "p.note-number {{ margin-top: {}; }}",
        ems(footnote.space_before_pt / footnote.size_pt)
    );
    css
}

/// The text of the document's links (`a.link`) as the style's links look says ([`crate::style::Links`]):
/// without a colour of its own it inherits the text's, so the reading system's blue never shows.
fn link_rules(css: &mut String, style: &Style) {
    let links = style.links;
    let color = links.color.map_or_else(|| "inherit".to_owned(), |c| format!("#{}", c.hex()));
    let decoration = if links.underline { "underline" } else { "none" };
    let _ = writeln!(css, "a.link {{ color: {color}; text-decoration: {decoration}; }}");
}

/// Superscript and subscript at the style's size and distances ([`crate::style::Scripts`]). `vertical-align`
/// lengths are in ems of the raised text's own, smaller size; `line-height: 0` keeps them from spreading
/// the lines apart.
pub(super) fn script_rules(css: &mut String, style: &Style) {
    let scripts = style.scripts;
    let own = |em: f32| num(em / scripts.size_ratio);
    let _ = writeln!(css, "sup, sub {{ font-size: {}em; line-height: 0; }}", num(scripts.size_ratio));
    let _ = writeln!(css, "sup {{ vertical-align: {}em; }}", own(scripts.superscript_rise_em));
    let _ = writeln!(css, "sub {{ vertical-align: -{}em; }}", own(scripts.subscript_drop_em));
}

/// Strong and emphasised text as the style's accents set them ([`crate::style::Accents`]), in each element
/// whose face the stylesheet sets: bold where the face has a bold, else another face at normal weight;
/// emphasis in its face, upright, with only its Latin runs (`span.latin`, marked by the writer) slanted.
fn accent_rules(css: &mut String, style: &Style) {
    let accents = &style.accents;
    let contexts = [
        ("", style.body.face),
        ("h1 ", style.heading(1).face),
        ("h2 ", style.heading(2).face),
        ("h3 ", style.heading(3).face),
        ("h4 ", style.heading(4).face),
        ("h5 ", style.heading(5).face),
        ("h6 ", style.heading(6).face),
        ("h1.title ", style.title.face),
        ("p.subtitle ", style.subtitle.face),
        ("p.byline ", style.byline.face),
        ("blockquote ", style.quote.face),
    ];
    for (context, face) in contexts {
        let (strong, bold) = accents.strong(face);
        let weight = if bold || strong.is_bold() { "bold" } else { "normal" };
        let _ = writeln!(
            css,
            "{context}strong {{ font-family: {}; font-weight: {weight}; }}",
            font_family(&style.fonts, strong)
        );
        let _ = writeln!(
            css,
            "{context}em {{ font-family: {}; font-style: normal; }}",
            font_family(&style.fonts, accents.emph(face))
        );
    }
    if accents.emph_slants_latin {
        let _ = writeln!(css, "em span.latin {{ font-style: italic; }}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::StyleName;

    #[test]
    fn chapters_asked_to_open_on_a_recto_say_so_to_paginating_reading_systems() {
        let book = Style::preset(StyleName::Book);
        assert!(!stylesheet(&book).contains("break-before: recto"));
        let recto = Style { chapter_start: ChapterStart::Recto, ..book };
        let css = stylesheet(&recto);
        let h1 = css.lines().find(|l| l.starts_with("h1 {")).expect("an h1 rule");
        assert!(h1.contains("page-break-before: right; break-before: recto;"), "{h1}");
        assert!(!css.lines().any(|l| l.starts_with("h2 {") && l.contains("recto")));
    }

    #[test]
    fn gongwen_stylesheet_sets_fangsong_body_with_indent_and_kinsoku() {
        let css = stylesheet(&Style::preset(StyleName::Gongwen));
        assert!(css.contains("body { font-family: FandolFang"), "{css}");
        assert!(css.contains("line-break: strict"));
        assert!(css.contains("text-indent: 2em"));
        assert!(css.contains("text-align: justify"));
        // 225 mm / 22 lines over 16 pt.
        assert!(css.contains("line-height: 1.812"), "{css}");
        assert!(!css.contains("direction"));
    }

    #[test]
    fn the_looks_of_the_style_reach_the_stylesheet() {
        let gongwen = stylesheet(&Style::preset(StyleName::Gongwen));
        // Attachment note: a blank line of the body's pitch above, 附件 two characters in, names aligned.
        assert!(
            gongwen.contains(
                "p.attachment { margin-top: 1.812em; margin-bottom: 0; margin-left: 5em; text-indent: -3em;"
            ),
            "{gongwen}"
        );
        assert!(
            gongwen.contains(
                "p.attachment-more { margin-top: 0; margin-bottom: 0; margin-left: 6em; text-indent: -1em;"
            ),
            "{gongwen}"
        );
        assert!(gongwen.contains("p.salutation { text-indent: 0; text-align: left; }"), "{gongwen}");
        // Header cells as strong 仿宋 is: 黑体, not bold.
        assert!(gongwen.contains("th { font-family: \"Noto Sans SC\""), "{gongwen}");
        assert!(gongwen.contains("font-weight: normal; text-align: center; }"), "{gongwen}");
        assert!(
            gongwen.contains("hr { margin: 0.906em 25%; border: none; border-top: 0.5pt solid; }"),
            "{gongwen}"
        );
        assert!(gongwen.contains("widows: 1; orphans: 1;"), "no widow control on the grid");
        let mut report = Style::preset(StyleName::Report);
        report.rules.table_pt = 1.0;
        report.rules.horizontal_share = 0.8;
        report.nesting.quote_em = 3.0;
        let css = stylesheet(&report);
        assert!(css.contains("th, td { border: 1pt solid;"), "{css}");
        // Half a line of the body's pitch above and below: the rule in the middle of a line, as in the PDF.
        assert!(css.contains("hr { margin: 0.75em 10%;"), "{css}");
        assert!(
            css.contains("blockquote p { font-family: FandolKai")
                && css.contains("blockquote { margin: 0 0 0 3em;"),
            "{css}"
        );
        let mut spaced = Style::preset(StyleName::Report);
        spaced.quote.space_after_pt = 6.0;
        spaced.code.space_before_pt = 5.25;
        let css = stylesheet(&spaced);
        assert!(
            css.contains("text-align: justify; text-indent: 2em; margin: 0em 0 0.5em 0; }"),
            "the quote's own indent and space, in ems of its size: {css}"
        );
        let (code, d) = (&spaced.code, &spaced.displays);
        let code_margin = format!(
            "margin: {} 0 {} {}; padding: {};",
            ems((5.25 + d.space_pt) / code.size_pt),
            ems((code.space_after_pt + d.space_pt) / code.size_pt),
            ems(d.code_inset_em * spaced.body.size_pt / code.size_pt),
            ems(d.code_padding_pt / code.size_pt)
        );
        assert!(
            css.contains(&code_margin),
            "code spaced in ems of its own size, set off as a display: {css}"
        );
        assert!(css.contains("background-color: #"), "the code's shade: {css}");
        let mut small = Style::preset(StyleName::Report);
        small.quote.size_pt = 10.5;
        small.quote.line_pitch_pt = 15.75;
        let smaller = stylesheet(&small);
        assert!(
            smaller.contains("blockquote { margin: 0 0 0 1.75em;")
                && smaller
                    .contains("font-size: 0.875em; line-height: 1.5; text-align: justify; text-indent: 2em;"),
            "quote size: {smaller}"
        );
        assert!(!css.contains("widows"), "CSS's own default is the guard");
        let book = stylesheet(&Style::preset(StyleName::Book));
        assert!(book.contains("margin: 7.55em 0 0.8em 0;"), "chapters sunk: {book}");
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(1.5), "1.5");
        assert_eq!(num(2.0), "2");
        assert_eq!(num(0.0), "0");
        assert_eq!(num(1.8118), "1.812");
    }
}
