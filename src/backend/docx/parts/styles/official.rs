//! The paragraph styles of an official document's parts around its body: 版头, decree header, attachment
//! label and title, 版记 (GB/T 9704 §7.2, §7.3.7, §7.4, §10.2).

use super::{border_eighths, id, mm_twips, para_style, para_style_on, twips, Border, Extra};
use crate::style::{Style, TextStyle, PT_PER_MM};

/// The styles of the parts of an official document around its body (GB/T 9704 §7.2, §7.3.7, §7.4, §10.2),
/// from the style's `official` fields; blank lines are lines of the body's pitch (the grid's).
pub(super) fn official_styles(out: &mut String, style: &Style) {
    let official = &style.official;
    let pitch = style.body.line_pitch_pt;
    let none = Extra::default();
    let number = official.doc_number;
    para_style(out, (id::DOC_NUMBER, "Document Number"), Some(id::TITLE), &number, style, none);
    // §7.2.5–7.2.7: under a 版头 the number stands two lines below the 发文机关标志 (the mark's space
    // below), the red rule 4 mm under it, the title two lines under the rule.
    let ruled = TextStyle { space_after_pt: official.title_space_lines * pitch, ..number };
    let red_rule = Border {
        eighths: border_eighths(official.rule_pt),
        space_pt: (official.rule_below_number_mm * PT_PER_MM).round().clamp(0.0, 31.0) as u32,
        color: Some(official.letterhead_color),
    };
    let ruled_extra = Extra { bottom_border: Some(red_rule), ..none };
    para_style_on(
        out,
        (id::DOC_NUMBER_RULED, "Document Number Ruled"),
        id::DOC_NUMBER,
        Some(id::TITLE),
        &ruled,
        style,
        ruled_extra,
    );
    // §7.2.4: the mark's top 35 mm below the top of the type area, in red. Its line is taller than the
    // mark, which stands in the middle of it.
    let half_leading = |ts: &TextStyle| (ts.line_pitch_pt - ts.size_pt).max(0.0) / 2.0;
    let letterhead = TextStyle {
        space_before_pt: official.letterhead_top_mm * PT_PER_MM - half_leading(&official.letterhead),
        space_after_pt: official.number_space_lines * pitch,
        ..official.letterhead
    };
    let red = Extra { color: Some(official.letterhead_color), keep_next: true, ..none };
    para_style(out, (id::LETTERHEAD, "Letterhead"), Some(id::DOC_NUMBER_RULED), &letterhead, style, red);
    // §10.2: a decree's header 20 mm below the top of the type area.
    let decree = TextStyle {
        space_before_pt: official.decree_top_mm * PT_PER_MM - half_leading(&official.decree),
        ..official.decree
    };
    let keep = Extra { keep_next: true, ..none };
    para_style(out, (id::DECREE, "Decree"), Some(id::DOC_NUMBER), &decree, style, keep);
    // A letterhead asked of a decree colours its header, which is its 发文机关标志; the 令号 under it is ruled.
    let red_decree = Extra { color: Some(official.letterhead_color), ..keep };
    para_style_on(
        out,
        (id::DECREE_RED, "Decree Red"),
        id::DECREE,
        Some(id::DOC_NUMBER_RULED),
        &decree,
        style,
        red_decree,
    );
    // §7.3.7: an attachment opens a page (另面编排), its label on the page's first line, its title on
    // line `attachment_title_line`.
    let label_extra = Extra { page_break_before: official.attachment_new_page, ..keep };
    let label = official.attachment_label;
    para_style(
        out,
        (id::ATTACHMENT_LABEL, "Attachment Label"),
        Some(id::ATTACHMENT_TITLE),
        &label,
        style,
        label_extra,
    );
    let lines_above = official.attachment_title_line.saturating_sub(2) as f32;
    let title = TextStyle { space_before_pt: lines_above * pitch, ..official.attachment_title };
    para_style(out, (id::ATTACHMENT_TITLE, "Attachment Title"), Some("Normal"), &title, style, keep);
    // §7.4: the 版记's lines stand `record_inset_em` in from both ends of its rules (indents: the table's
    // cells have no margins); the printing date ends at the right inset, on a right tab.
    let record = official.record;
    let inset = twips(official.record_inset_em * record.size_pt);
    let tab = mm_twips(style.page.text_width_mm()) - inset;
    let record_extra = Extra { right_tab: Some(tab), sides_twips: Some((inset, inset)), ..none };
    para_style(out, (id::RECORD, "Record"), Some(id::RECORD), &record, style, record_extra);
}
