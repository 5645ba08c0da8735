//! The stylesheet's rules for the parts of an official document around its body (GB/T 9704-2012 §7.2–7.4,
//! §10.2), from `style.official`, `style.closing` and `style.accents.run_in`: what reflowable text can keep
//! of them. Distances the standard gives in blank lines are margins of that many body line pitches.

use super::{ems, font_family, num, text_rules};
use crate::style::{Style, PT_PER_MM};
use std::fmt::Write as _;

/// `lines` blank lines of the body's pitch in ems of an element `size_pt` large (a margin's ems are its
/// own element's).
fn blank_lines(style: &Style, lines: f32, size_pt: f32) -> String {
    ems(lines * style.body.line_pitch_pt / size_pt)
}

/// The rules of the 版头, the closing block, the attachments, the run-in leads and the 版记, for a document
/// `sealed` or not.
pub(in crate::backend::epub) fn official_rules(css: &mut String, style: &Style, sealed: bool) {
    header_rules(css, style);
    closing_rules(css, style, sealed);
    attachment_rules(css, style);
    run_in_rules(css, style);
    record_rules(css, style);
}

/// The title page's 版头: the 发文机关标志 in red (§7.2.4), a decree's header (§10.2) red (`.red`) when
/// the document asks for a letterhead, the header then standing for the 发文机关标志, the 发文字号 centred (§7.2.5) with the red rule under it (§7.2.7).
/// `p.letterhead` is written only when the document asks for a 版头, so the sibling selectors hold exactly
/// when one is printed. Its place on the page (`letterhead_top_mm`, `decree_top_mm`) has no meaning in
/// reflowable text, nor has shrinking the mark to the measure: a long one wraps.
fn header_rules(css: &mut String, style: &Style) {
    let official = &style.official;
    let (fonts, base) = (&style.fonts, style.body.size_pt);
    let red = format!("#{}", official.letterhead_color.hex());
    let _ =
        writeln!(css, "p.letterhead {{ {} color: {red}; }}", text_rules(fonts, &official.letterhead, base));
    let _ = writeln!(css, "p.decree {{ {} }}", text_rules(fonts, &official.decree, base));
    let _ = writeln!(css, "p.decree.red {{ color: {red}; }}");
    let number = &official.doc_number;
    let _ = writeln!(css, "p.doc-number {{ {} }}", text_rules(fonts, number, base));
    // §7.2.5, §10.2: two blank lines between the mark (or the decree's header) and the number.
    let _ = writeln!(
        css,
        "p.letterhead ~ p.doc-number, p.decree ~ p.doc-number {{ margin-top: {}; }}",
        blank_lines(style, official.number_space_lines, number.size_pt)
    );
    // §7.2.7: the red rule 4 mm below the number, as wide as the type area (the paragraph's box).
    let _ = writeln!(
        css,
        "p.letterhead ~ p.doc-number, p.decree.red ~ p.doc-number {{ padding-bottom: {}; border-bottom: {}pt solid {red}; }}",
        ems(official.rule_below_number_mm * PT_PER_MM / number.size_pt),
        num(official.rule_pt)
    );
    // §7.3.1, §10.2: two blank lines between the rule (or a decree's number) and what follows.
    let _ = writeln!(
        css,
        "p.letterhead ~ h1.title, p.decree ~ h1.title {{ margin-top: {}; }}",
        blank_lines(style, official.title_space_lines, style.title.size_pt)
    );
}

/// Signature and date (§7.3.5): right-aligned, each as far in from the right as [`crate::style::Closing::insets`]
/// puts it (a `margin-right` on the paragraph itself, since it depends on the texts' widths), the first line
/// of the block after blank lines of the body's pitch (`p.closing`).
fn closing_rules(css: &mut String, style: &Style, sealed: bool) {
    let _ = writeln!(css, "p.signature, p.date {{ text-indent: 0; text-align: right; }}");
    let _ = writeln!(
        css,
        "p.closing {{ margin-top: {}; }}",
        blank_lines(style, style.closing.space_lines(sealed), style.body.size_pt)
    );
}

/// An attachment (§7.3.7): its label flush left, its title centred on the style's line of the file's
/// first page. Each attachment is a file of its own, which starts a page where reading systems paginate.
fn attachment_rules(css: &mut String, style: &Style) {
    let official = &style.official;
    let (fonts, base) = (&style.fonts, style.body.size_pt);
    let _ = writeln!(css, "p.attachment-label {{ {} }}", text_rules(fonts, &official.attachment_label, base));
    // The label takes the first line: the title's line less the label's and its own leaves the blank ones.
    let blank = official.attachment_title_line.saturating_sub(2) as f32;
    let title = &official.attachment_title;
    let _ = writeln!(
        css,
        "h1.attachment-title {{ {} margin-top: {}; }}",
        text_rules(fonts, title, base),
        blank_lines(style, blank, title.size_pt)
    );
}

/// Run-in leads (§7.3.3): `strong.run-in-N` in the face (and weight) of a number of level N.
fn run_in_rules(css: &mut String, style: &Style) {
    let Some(run_in) = style.accents.run_in else { return };
    for (level, lead) in run_in.iter().enumerate() {
        let weight = if lead.bold || lead.face.is_bold() { "bold" } else { "normal" };
        let _ = writeln!(
            css,
            "strong.run-in-{level} {{ font-family: {}; font-weight: {weight}; }}",
            font_family(&style.fonts, lead.face)
        );
    }
}

/// The 版记 (§7.4): its lines in the record's text style, a character in from either side, between rules
/// (the outer ones heavier); the printing office left and the printing date right on one line. Reflowable
/// text has no page bottom to stand it on, as print does: it follows the document's last text.
fn record_rules(css: &mut String, style: &Style) {
    let official = &style.official;
    let record = &official.record;
    let outer = num(official.record_outer_rule_mm);
    let _ = writeln!(
        css,
        "div.record {{ margin-top: {}; border-top: {outer}mm solid; border-bottom: {outer}mm solid; }}",
        ems(record.space_before_pt / style.body.size_pt)
    );
    let _ = writeln!(
        css,
        "div.record p {{ {} padding: 0 {}; }}",
        text_rules(&style.fonts, record, style.body.size_pt),
        ems(official.record_inset_em)
    );
    let _ =
        writeln!(css, "div.record p + p {{ border-top: {}mm solid; }}", num(official.record_inner_rule_mm));
    // Where flexible boxes are not supported the two follow each other on the line, a space apart.
    let _ = writeln!(css, "p.printing {{ display: flex; flex-wrap: wrap; justify-content: space-between; }}");
    let _ = writeln!(css, "p.printing span.printed-on {{ margin-left: auto; }}");
}
