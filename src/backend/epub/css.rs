//! The stylesheet: the shared preset (`style`) mapped to CSS. Sizes and spacing are relative to the body size
//! (em, unitless line heights) so that the reader's font-size setting still scales everything.

use crate::fonts::Face;
use crate::style::{Align, Families, Style, TextStyle};
use std::borrow::Cow;
use std::fmt::Write as _;

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

/// The indent of each nested quote and list, in ems.
pub(super) const NESTING_STEP_EM: f32 = 2.0;

/// A number for CSS: at most three decimals, no trailing zeros.
fn num(value: f32) -> String {
    let text = format!("{:.3}", value);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text.is_empty() || text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
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
    let _ = writeln!(
        css,
        "body {{ font-family: {}; line-height: {}; text-align: {}; line-break: strict; word-break: normal; \
         text-spacing-trim: space-first; text-autospace: normal; margin: 0; padding: 0; }}",
        font_family(&style.fonts, body.face),
        num(body.line_pitch_pt / base),
        align(body.align),
    );
    let _ = writeln!(css, "p {{ margin: 0; text-indent: {}em; }}", num(body.indent_em));
    for level in 1..=6u8 {
        let _ = writeln!(css, "h{level} {{ {} }}", text_rules(&style.fonts, style.heading(level), base));
    }
    // The cover: the image alone, as large as the screen allows.
    let _ = writeln!(css, "section.cover {{ margin: 0; padding: 0; text-align: center; text-indent: 0; }}");
    let _ = writeln!(css, "section.cover img {{ max-width: 100%; max-height: 100vh; }}");
    // The title page.
    let _ = writeln!(css, "section.titlepage {{ margin-top: 3em; }}");
    let _ = writeln!(css, "h1.title {{ {} }}", text_rules(&style.fonts, &style.title, base));
    let _ = writeln!(css, "p.subtitle {{ {} }}", text_rules(&style.fonts, &style.subtitle, base));
    let _ = writeln!(
        css,
        "p.byline, p.series {{ {} white-space: pre-wrap; }}",
        text_rules(&style.fonts, &style.byline, base)
    );
    // Closing elements of a Chinese document (GB/T 9704 §7.3): the addressee flush left, signature and date
    // right, as far in from the right margin as the style's closing block says.
    let _ = writeln!(css, "p.salutation {{ text-indent: 0; text-align: left; }}");
    let _ = writeln!(
        css,
        "p.signature {{ text-indent: 0; text-align: right; margin-right: {}em; }}",
        num(style.closing.signature_right_em)
    );
    let _ = writeln!(
        css,
        "p.date {{ text-indent: 0; text-align: right; margin-right: {}em; }}",
        num(style.closing.date_right_em)
    );
    // One blank line above the attachment note (GB/T 9704 §7.3.4), not between its numbered lines.
    let _ = writeln!(css, "p.attachment {{ margin-top: 1em; text-align: left; }}");
    let _ = writeln!(css, "p.attachment + p.attachment {{ margin-top: 0; }}");
    let _ = writeln!(css, "p.note {{ text-align: left; }}");
    let _ = writeln!(css, "p.contents {{ text-indent: 0; text-align: left; }}");
    let _ = writeln!(
        css,
        "blockquote {{ font-family: {}; margin: 0.5em 0 0.5em {}em; padding: 0; }}",
        font_family(&style.fonts, style.quote.face),
        num(NESTING_STEP_EM)
    );
    let code = &style.code;
    let _ = writeln!(
        css,
        "pre {{ font-family: {}; font-size: {}em; line-height: {}; text-align: left; \
         white-space: pre-wrap; margin: 0.5em 0; }}",
        font_family(&style.fonts, code.face),
        num(code.size_pt / base),
        num(code.line_pitch_pt / code.size_pt),
    );
    let _ = writeln!(css, "code {{ font-family: {}; }}", font_family(&style.fonts, code.face));
    accent_rules(&mut css, style);
    let _ = writeln!(css, "ol, ul {{ margin: 0.3em 0; padding-left: {}em; }}", num(NESTING_STEP_EM));
    // Nested past the levels the style indents: no further indent, the list markers inside the text.
    let _ = writeln!(css, "blockquote.flat {{ margin-left: 0; }}");
    let _ = writeln!(css, "ol.flat, ul.flat {{ padding-left: 0; list-style-position: inside; }}");
    let _ = writeln!(css, "li p, td p, th p, aside p {{ text-indent: 0; }}");
    let _ = writeln!(css, "table {{ border-collapse: collapse; margin: 0.5em auto; }}");
    let _ = writeln!(
        css,
        "th, td {{ border: 1px solid; padding: 0.2em {}em; text-indent: 0; text-align: left; }}",
        num(style.table.cell_padding_em)
    );
    let _ = writeln!(css, "th {{ font-weight: bold; }}");
    for side in ["left", "center", "right"] {
        let _ = writeln!(css, "th.align-{side}, td.align-{side} {{ text-align: {side}; }}");
    }
    // Images never wider than the page; a figure centred with its caption below.
    let _ = writeln!(css, "img {{ max-width: 100%; height: auto; }}");
    let _ = writeln!(css, "figure {{ margin: 0.5em 0; text-indent: 0; text-align: center; }}");
    let _ = writeln!(css, "figure p, figcaption {{ text-indent: 0; text-align: center; }}");
    let _ = writeln!(css, "hr {{ margin: 1em 20%; border: none; border-top: 1px solid; }}");
    let _ = writeln!(css, "div.page-break {{ page-break-after: always; break-after: page; }}");
    let _ = writeln!(css, "sup {{ line-height: 0; }}");
    let _ = writeln!(css, "a.noteref {{ text-decoration: none; }}");
    let _ =
        writeln!(css, "section.footnotes {{ margin-top: 2em; border-top: 1px solid; font-size: 0.9em; }}");
    let _ = writeln!(css, "p.note-number {{ margin-top: 0.5em; }}");
    css
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
    fn numbers_are_short() {
        assert_eq!(num(1.5), "1.5");
        assert_eq!(num(2.0), "2");
        assert_eq!(num(0.0), "0");
        assert_eq!(num(1.8118), "1.812");
    }
}
