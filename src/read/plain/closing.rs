//! The closing block by its shape and place (class 5 of the recognition issue): the 成文日期 in any of its
//! forms (a date line, a date with its signer on the same line, the printing line of the 版记), the
//! signature lines above it, and a signature that closes the text with no date under it.

use super::chars::{
    char_len, ends_sentence, is_layout_space, is_personal_name, parse_date_line, parse_date_prefix,
};
use super::roles::{is_paren_note, is_record_line, is_strong_boilerplate, is_weak_boilerplate};
use super::{furniture, header, headings, Item};
use crate::model::Role;
use crate::zh::closing::is_signature;

/// A date with its signer after it on the same line (`中華民國十四年二月二十四日 孫文`): its ISO date. A
/// will, a letter or a preface is signed so; the signer is a person's or an office's name, not what was
/// done that day (`…日印发`, `…日上午召开`).
pub fn dated_signature(text: &str) -> Option<String> {
    let (iso, rest) = parse_date_prefix(text.trim_matches(is_layout_space))?;
    let signer = rest.trim_matches(is_layout_space);
    let named = is_personal_name(signer) || header::issuer_line(signer).is_some();
    (iso.len() == 10 && char_len(signer) <= 12 && is_signature(signer) && named).then_some(iso)
}

/// A date written with figures and separators (`2019-03-05`, `2019.3.5`, `2019/3/5`): its ISO date. A web
/// copy closes so, under its signature; with a clock time it is a page's timestamp instead.
pub fn numeric_date(text: &str) -> Option<String> {
    let t = text.trim_matches(is_layout_space);
    if let Some(iso) = run_together_date(t) {
        return Some(iso);
    }
    let sep = t.chars().find(|c| matches!(c, '-' | '.' | '/'))?;
    let parts: Vec<&str> = t.split(sep).collect();
    let [y, m, d] = parts.as_slice() else { return None };
    if y.len() != 4
        || !parts.iter().all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    crate::zh::dates::iso_day(y, m, d).filter(|_| (1949..=2099).contains(&y))
}

/// A date whose 年月日 a pasted copy lost together with a month's or a day's leading zero (`2018525`,
/// `201856`): the ISO date, when only one reading of the figures after the year is a day of the calendar
/// (`2018111` could be 1 November or 11 January: none). Read under a signature only, where a date stands.
fn run_together_date(t: &str) -> Option<String> {
    if !(6..=7).contains(&t.len()) || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: u32 = t[..4].parse().ok()?;
    let rest = &t[4..];
    let mut readings = (1..rest.len()).filter_map(|split| {
        let (month, day) = rest.split_at(split);
        // A two-figure part is written without its leading zero or not at all (`05` was not lost).
        if [month, day].iter().any(|p| p.len() > 2 || (p.len() == 2 && p.starts_with('0'))) {
            return None;
        }
        crate::zh::dates::iso_day(year, month.parse().ok()?, day.parse().ok()?)
    });
    let iso = readings.next()?;
    (readings.next().is_none() && (1949..=2099).contains(&year)).then_some(iso)
}

/// The printing line of the 版记 with nothing but its date (`2018年9月13日印发`, `××办公室　2003年10月16日印发`):
/// the date. It dates a document whose closing gives no other.
pub fn printed_on(text: &str) -> Option<String> {
    printing_line(text).map(|(_, iso, _)| iso)
}

/// The printing line of the 版记 (§7.4.3) read as its parts: the printing office as written (`None` when
/// the line gives only the date), the ISO date, and the date as written.
pub fn printing_line(text: &str) -> Option<(Option<&str>, String, &str)> {
    let t = text.trim_matches(is_layout_space);
    let body = t.strip_suffix("印发").or_else(|| t.strip_suffix("印發"))?.trim_end_matches(is_layout_space);
    let date_at = body.char_indices().map(|(at, _)| at).find(|&at| parse_date_line(&body[at..]).is_some())?;
    let iso = is_record_line(t)
        .then(|| parse_date_line(&body[date_at..]))
        .flatten()
        .filter(|iso| iso.len() == 10)?;
    let office = body[..date_at].trim_matches(is_layout_space);
    Some(((!office.is_empty()).then_some(office), iso, &body[date_at..]))
}

/// Whether the printing line names only its date, as a signature line above it then shows who printed it.
fn printed_date_only(text: &str) -> bool {
    let t = text.trim_matches(is_layout_space);
    t.strip_suffix("印发")
        .or_else(|| t.strip_suffix("印發"))
        .and_then(parse_date_line)
        .is_some_and(|iso| iso.len() == 10)
}

/// Marks the signature lines above the closing date at `date`: up to three short name lines (joint
/// issuers), over a parenthesised note set between them and the date (`（此件公开发布）`).
pub(super) fn sign_above(items: &mut [Item], date: usize) {
    let mut at = date;
    if let Some(note) = date.checked_sub(1).filter(|&j| is_body(items, j) && is_paren_note(&items[j].text)) {
        if note.checked_sub(1).is_some_and(|j| is_signer(items, j)) {
            items[note].role = Role::Note;
            at = note;
        }
    }
    for back in 1..=3 {
        let Some(j) = at.checked_sub(back).filter(|&j| is_signer(items, j)) else { break };
        items[j].role = Role::Signature;
    }
}

/// Marks the signature above a printing line that holds only its date (`福建省某某局` / `2018年9月13日印发`).
pub(super) fn sign_above_printing(items: &mut [Item], at: usize) {
    if printed_date_only(&items[at].text) {
        sign_above(items, at);
    }
}

/// A document with no closing date may still be signed: an office's name (`国务院办公厅`) on the line right
/// after the last paragraph of prose, with nothing after it but page furniture or the 版记. A truncated
/// copy, or a page that printed the date in its furniture, closes so.
pub(super) fn sign_undated(items: &mut [Item]) {
    if items.iter().any(|i| matches!(i.role, Role::Date | Role::Signature)) {
        return;
    }
    let trailing = |item: &Item| {
        let t = item.text.as_str();
        item.role != Role::Body
            || is_paren_note(t)
            || is_record_line(t)
            || is_strong_boilerplate(t)
            || is_weak_boilerplate(t)
            || furniture::evidence(t) >= 2
            || (furniture::is_label_value(t) && !furniture::reads_as_prose(t))
    };
    let Some(last) = items.iter().rposition(|item| !trailing(item)) else { return };
    let closes_prose = last.checked_sub(1).and_then(|j| items.get(j)).is_some_and(|p| {
        p.role == Role::Body && furniture::reads_as_prose(&p.text) && ends_sentence(&p.text)
    });
    if closes_prose && is_signer(items, last) && header::issuer_line(&items[last].text).is_some() {
        items[last].role = Role::Signature;
    }
}

fn is_body(items: &[Item], j: usize) -> bool {
    items.get(j).is_some_and(|i| i.role == Role::Body && i.cells.is_none())
}

/// A sentence closed by a half-width full stop right after a Han character (`…2024年6月底前完成.`): the
/// mark of a copy whose punctuation went half-width, still the end of a sentence of prose.
pub(super) fn ends_half_width_sentence(text: &str) -> bool {
    let t = text.trim_end_matches(is_layout_space);
    let mut back = t.chars().rev();
    back.next() == Some('.')
        && back.next().is_some_and(super::chars::is_han)
        && t.chars().filter(|&c| super::chars::is_han(c)).count() >= 6
}

pub(super) fn is_signer(items: &[Item], j: usize) -> bool {
    is_body(items, j) && is_signature(&items[j].text) && headings::marker(&items[j].text).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::plain::read_plain;
    use crate::read::plain::tests::{outline, LONG};

    #[test]
    fn dates_with_their_signer_and_printing_lines() {
        assert_eq!(dated_signature("民國三年五月一日 林某某").as_deref(), Some("1914-05-01"));
        assert_eq!(dated_signature("2020年1月2日上午召开会议"), None);
        assert_eq!(printed_on("某某县人民政府办公室　　2016年3月8日印发").as_deref(), Some("2016-03-08"));
        assert_eq!(printed_on("二〇一六年三月八日印发").as_deref(), Some("2016-03-08"));
        assert_eq!(printed_on("现将方案印发"), None);
        assert!(printed_date_only("2016年3月8日印发") && !printed_date_only("某某办公室 2016年3月8日印发"));
    }

    #[test]
    fn a_figure_date_closes_under_its_signature_only() {
        assert_eq!(numeric_date("2016.3.8").as_deref(), Some("2016-03-08"));
        assert_eq!(numeric_date("2016-03-08 10:20"), None);
        assert_eq!(numeric_date("1.2.3"), None);
        // Figures run together, one reading only.
        assert_eq!(numeric_date("2016525").as_deref(), Some("2016-05-25"));
        assert_eq!(numeric_date("201638").as_deref(), Some("2016-03-08"));
        assert_eq!(numeric_date("2016111"), None, "1 November or 11 January");
        let text = format!("某某通知\n{LONG}\n某某县人民政府办公室      \n2016525        \n");
        assert_eq!(outline(&text)[1..], ["Signature 某某县人民政府办公室", "Date 2016525"]);
        let text = format!("某某通知\n{LONG}\n某某区教育局\n2016-03-08\n");
        assert_eq!(outline(&text)[1..], ["Signature 某某区教育局", "Date 2016-03-08"]);
        let text = format!("某某通知\n{LONG}\n2016-03-08\n");
        assert!(!outline(&text).iter().any(|l| l.starts_with("Date")), "no signature above");
    }

    #[test]
    fn template_and_month_dates_close_under_a_signature() {
        let text = format!("关于某事的通知\n各单位：\n{LONG}\n××市人民政府办公室\n2024年×月×日\n");
        let (doc, _) = read_plain(&text);
        assert_eq!(outline(&text)[2..], ["Signature ××市人民政府办公室", "Date 2024年×月×日"]);
        assert_eq!(doc.meta.date, None, "a template's date dates nothing");
        let text = format!("关于某事的通知\n各单位：\n{LONG}\n某某市人民政府\n2024年5月\n");
        assert_eq!(outline(&text)[2..], ["Signature 某某市人民政府", "Date 2024年5月"]);
        // Without a signer above, a month is text.
        let text = format!("关于某事的通知\n{LONG}\n2024年5月\n");
        assert!(!outline(&text).iter().any(|l| l.starts_with("Date")));
    }

    #[test]
    fn a_half_width_full_stop_still_closes_the_text_above_a_signature() {
        let text =
            "关于某事的通知\n各部门:\n经研究,决定如下:\n具体工作由办公室负责.\n某某公司\n2024年5月6日\n";
        assert_eq!(outline(text)[3..], ["Signature 某某公司", "Date 2024年5月6日"]);
        assert!(ends_half_width_sentence("具体工作由办公室负责.") && !ends_half_width_sentence("见第3.2"));
    }

    #[test]
    fn a_will_dated_and_signed_on_one_line() {
        let text = format!("遗嘱\n{LONG}\n{LONG}\n民國三年五月一日 林某某\n（一）注释：某事。\n");
        let (doc, _) = read_plain(&text);
        assert_eq!(doc.meta.date.as_deref(), Some("1914-05-01"));
        assert!(outline(&text).contains(&"Date 民國三年五月一日 林某某".to_owned()), "{:?}", outline(&text));
    }

    #[test]
    fn a_placeholder_signature_over_a_note_and_a_damaged_date() {
        let text = format!(
            "关于某事的通知\n各有关单位：\n{LONG}\n××县人民政府办公室\n（此件公开发布）\n【 2016 3 8\n"
        );
        let out = outline(&text);
        assert_eq!(
            out[2..],
            ["Signature ××县人民政府办公室", "Note （此件公开发布）", "Date 【 2016 3 8"],
            "{out:?}"
        );
    }

    #[test]
    fn an_office_under_the_last_paragraph_signs_an_undated_copy() {
        let text =
            format!("某某通知\n各有关单位：\n{LONG}\n某某省交通运输厅\n来源：某某日报\n2016-03-08 10:20\n");
        assert!(outline(&text).contains(&"Signature 某某省交通运输厅".to_owned()), "{:?}", outline(&text));
        // A short line of the text after its last sentence is not a signature: it is no office's name.
        let text = format!("某某通知\n{LONG}\n以上是全部内容\n");
        assert!(!outline(&text).iter().any(|l| l.starts_with("Signature")));
    }

    #[test]
    fn a_signature_over_a_printing_line_that_dates_the_document() {
        let text = format!("某某办法\n{LONG}\n某某市港口管理局\n2016年3月8日印发\n");
        let (doc, _) = read_plain(&text);
        assert_eq!(doc.meta.date.as_deref(), Some("2016-03-08"));
        assert_eq!(doc.meta.printed_on.as_deref(), Some("2016-03-08"));
        assert_eq!(outline(&text).last().map(String::as_str), Some("Signature 某某市港口管理局"));
    }
}
