//! Unnumbered section titles over numbered headings: `过去一年的工作` over `一、` … `二、`, then `今年的主要任务`
//! over `三、` (or over `一、` again); a plan's `主要任务` right over its `一、`. Such a title is one level above
//! the numbering under it, and where it is missed every numbered heading moves up a level (and numbering
//! that starts again under the next title reads as a list). The titles are found by the numbering they
//! stand over, not by one line alone: a short line is a title where the top numbering of its document
//! follows it at once (or after one introductory paragraph), and where two such lines vouch for each other
//! or the one line stands right over the first heading of that numbering.

use super::chars::{char_len, ends_sentence};
use super::headings::{self, Marker};
use super::outline::{is_closed_paragraph, is_heading_shaped};
use super::Item;
use crate::model::Role;

/// The most blocks of text between a section title and the first heading of its numbering: an
/// introductory paragraph or two (`过去一年，…。` under `过去一年的工作`, before `一、`).
const INTRO_BLOCKS: usize = 2;

/// Marks the section titles over the numbering of each document of the file (the text before any title
/// inside it, and each document under its title, which numbers afresh).
pub(super) fn mark_section_titles(items: &mut [Item]) {
    let mut start = 0;
    while start < items.len() {
        let end = items[start + 1..]
            .iter()
            .position(|i| i.heading == Some(Marker::Title))
            .map_or(items.len(), |p| start + 1 + p);
        mark_in_document(items, start, end);
        start = end;
    }
}

/// What stands under a candidate title: the first numbered heading before the next candidate, and how far.
struct Under {
    at: usize,
    /// The heading's kind and number, if a numbered heading follows before the next candidate.
    first: Option<(Marker, Option<u32>)>,
    /// Blocks of text between the title and that heading.
    intro: usize,
    /// Whether a paragraph of text stands right under the title.
    over_text: bool,
}

fn mark_in_document(items: &mut [Item], start: usize, end: usize) {
    let Some(top) = items[start..end].iter().filter_map(|i| i.heading.filter(|&k| is_numbering(k))).min()
    else {
        return;
    };
    let candidates: Vec<usize> = (start..end).filter(|&i| is_candidate(items, i, start)).collect();
    let under: Vec<Under> = candidates
        .iter()
        .enumerate()
        .map(|(n, &c)| {
            let stop = candidates.get(n + 1).copied().unwrap_or(end);
            let found = (c + 1..stop).find(|&j| items[j].heading.is_some_and(is_numbering));
            let first = found.and_then(|j| {
                let kind = items[j].heading?;
                let number = headings::marker(&items[j].text)
                    .filter(|(k, _)| *k == kind)
                    .and_then(|(k, len)| headings::marker_number(&items[j].text, k, len));
                Some((kind, number))
            });
            let intro = found.map_or(0, |j| j - c - 1);
            Under { at: c, first, intro, over_text: is_over_text(items, c) }
        })
        .collect();
    // Titles right over the top numbering, or over an introduction to it: of any length where the
    // numbering starts again at one under the title (report 1988: `过去五年国内工作的基本总结`, pages of text,
    // then `一、`), of a paragraph or two where it runs on.
    let over_top = |u: &Under| match u.first {
        Some((kind, number)) if kind == top => {
            (u.intro == 0 || u.over_text) && (number == Some(1) || u.intro <= INTRO_BLOCKS)
        }
        _ => false,
    };
    let titles: Vec<&Under> = under.iter().filter(|u| over_top(u)).collect();
    // The numbering starts under the first title: a line inside a section (over the next heading) is not
    // taken for a title over all the numbering.
    let starts_under_first = titles.first().is_some_and(|u| u.first.is_some_and(|(_, n)| n == Some(1)));
    let accepted: Vec<usize> = if titles.len() >= 2 && starts_under_first {
        // The sections after the last numbered one (`关于外交工作`) are taken along once the pattern holds.
        let trailing = under.iter().filter(|u| u.first.is_none() && u.over_text).map(|u| u.at);
        titles.iter().map(|u| u.at).chain(trailing).collect()
    } else {
        // One line alone: right over the first heading of the top numbering.
        titles.iter().filter(|u| u.intro == 0 && u.first == Some((top, Some(1)))).map(|u| u.at).collect()
    };
    for i in accepted {
        items[i].heading = Some(Marker::Unnumbered);
    }
}

/// The numbering systems a section title stands over (chapters and parts have titles of their own).
fn is_numbering(kind: Marker) -> bool {
    matches!(kind, Marker::Cn | Marker::ParenCn | Marker::Num | Marker::ParenNum | Marker::Decimal(_))
}

/// A short line that could title a section: heading-shaped (a quoted name may open it: `“十三五”…`), not a
/// clause (no comma) nor a lead-in (`现将有关事项通知如下`), after a closed block.
fn is_candidate(items: &[Item], i: usize, start: usize) -> bool {
    let Some(item) = items.get(i) else { return false };
    let unquoted = item.text.strip_prefix('“').filter(|rest| rest.contains('”')).unwrap_or(&item.text);
    item.is_plain_body()
        && headings::marker(&item.text).is_none()
        && is_heading_shaped(unquoted)
        && !item.text.contains(['，', ','])
        && !item.text.ends_with("如下")
        && closed_before(items, i, start)
}

/// Whether the block before item `i` is closed: a paragraph that ends its sentence (not the closing formula
/// that ends a document), a heading, the salutation, a closing, furniture, or nothing (the start of the
/// document).
fn closed_before(items: &[Item], i: usize, start: usize) -> bool {
    let Some(prev) = i.checked_sub(1).filter(|&p| p >= start).and_then(|p| items.get(p)) else {
        return true;
    };
    match prev.role {
        // After `特此通知。` a document ends: what follows is its issuer or the title of a document it issues
        // (read as such where it is one), not a section of it.
        Role::Body if crate::zh::closing::is_closing_formula(&prev.text) => false,
        Role::Body => prev.cells.is_none() && (prev.heading.is_some() || is_closed_paragraph(&prev.text)),
        Role::Salutation | Role::Boilerplate | Role::Date | Role::Signature | Role::Note => true,
        _ => false,
    }
}

/// Whether a paragraph of text (a closed sentence, longer than the title) stands right under item `i`.
fn is_over_text(items: &[Item], i: usize) -> bool {
    let (Some(item), Some(next)) = (items.get(i), items.get(i + 1)) else { return false };
    next.is_plain_body()
        && headings::marker(&next.text).is_none()
        && char_len(&next.text) >= (char_len(&item.text) * 3 / 2).max(20)
        && ends_sentence(&next.text)
        && !is_heading_shaped(&next.text)
}

#[cfg(test)]
mod tests {
    use crate::read::plain::tests::{outline, LONG};

    fn headings(text: &str) -> Vec<String> {
        outline(text).into_iter().filter(|l| l.starts_with('H')).collect()
    }

    #[test]
    fn titles_over_restarting_numbering_right_after_the_title() {
        let text = format!(
            "某某县工作总结\n\n一年来工作情况\n一、经济运行平稳\n{LONG}\n二、改革持续深化\n{LONG}\n\
             明年工作安排\n一、抓好项目建设\n{LONG}\n二、改善民生福祉\n{LONG}\n"
        );
        assert_eq!(
            headings(&text),
            [
                "H1 一年来工作情况",
                "H2 一、经济运行平稳",
                "H2 二、改革持续深化",
                "H1 明年工作安排",
                "H2 一、抓好项目建设",
                "H2 二、改善民生福祉"
            ]
        );
    }

    #[test]
    fn titles_over_continuing_numbering_with_an_introduction() {
        let text = format!(
            "某某报告\n\n各位代表：\n{LONG}\n过去一年的工作\n{LONG}\n一、经济运行平稳\n{LONG}\n\
             二、改革持续深化\n{LONG}\n今年的主要任务\n{LONG}\n三、抓好项目建设\n{LONG}\n"
        );
        assert_eq!(
            headings(&text),
            [
                "H1 过去一年的工作",
                "H2 一、经济运行平稳",
                "H2 二、改革持续深化",
                "H1 今年的主要任务",
                "H2 三、抓好项目建设"
            ]
        );
    }

    #[test]
    fn one_title_right_over_the_first_heading_after_a_short_sentence() {
        let text = format!("某某通知\n\n各单位：\n现将有关事项通知如下。\n主要任务\n一、加强领导\n{LONG}\n二、落实责任\n{LONG}\n");
        assert_eq!(headings(&text), ["H1 主要任务", "H2 一、加强领导", "H2 二、落实责任"]);
    }

    #[test]
    fn short_lines_inside_sections_are_not_titles_over_the_numbering() {
        // Subheads under `一、` stand over the next `二、` after a paragraph, but the numbering did not
        // start under them.
        let text = format!(
            "某某总结\n\n一、经济运行\n{LONG}\n工业生产加快\n{LONG}\n二、社会事业\n{LONG}\n教育事业发展\n{LONG}\n\
             三、生态环境\n{LONG}\n"
        );
        let out = headings(&text);
        assert!(out.contains(&"H1 一、经济运行".to_owned()), "{out:?}");
        assert!(out.contains(&"H1 二、社会事业".to_owned()), "{out:?}");
        assert!(!out.iter().any(|h| h.contains("工业生产加快")), "{out:?}");
    }
}
