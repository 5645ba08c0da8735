//! Numbered headings read as sequences. Numbering that restarts or runs backwards inside a section is a
//! list, not new headings; the items of one sequence are set alike (a one-sentence heading among paragraphs
//! of its sequence is one more item, and a run-in lead is not singled out where most items have none); and
//! numbered lines one directly after another, with no text under any of them, are a list.

use super::chars::char_len;
use super::headings::{self, Marker};
use super::outline::{demote, demote_at};
use super::{roles, Item};
use crate::model::Role;

/// Numbering restarts (or runs backwards) inside a section: a list, not new headings. Each marker kind's
/// count resets under a heading of a higher kind or an attachment label; a heading whose number is not
/// above the last one of its kind is demoted to a paragraph. One-sentence headings (`二、…水平。`) are also
/// demoted when another item of their sequence is a paragraph: the items of one sequence are alike.
pub(super) fn demote_broken_sequences(items: &mut [Item]) {
    let mut last: [Option<u32>; 4] = [None; 4];
    let mut run: [usize; 4] = [0, 1, 2, 3];
    let mut fresh = 4usize;
    // The numbering of each kind as written, whatever the headings around it: a sequence ends only where
    // its numbers start again (`一、` … `五十、` across chapters is one sequence).
    let mut seen: [Option<u32>; 4] = [None; 4];
    let mut sequence: [usize; 4] = [0; 4];
    // (item index, run, is a heading, ends in a full stop, sequence)
    let mut members: Vec<(usize, usize, bool, bool, usize)> = Vec::new();
    for i in 0..items.len() {
        let Some(item) = items.get_mut(i) else { break };
        if item.role == Role::Attachment && roles::is_attachment_label(&item.text) {
            reset_below(Marker::Title, &mut last, &mut run, &mut fresh);
            continue;
        }
        if item.role != Role::Body || item.cells.is_some() {
            continue;
        }
        let numbered = headings::marker(&item.text).and_then(|(kind, len)| {
            Some((kind, len, marker_slot(kind)?, headings::marker_number(&item.text, kind, len)?))
        });
        let Some((kind, len, slot, n)) = numbered else {
            if let Some(heading) = item.heading {
                reset_below(heading, &mut last, &mut run, &mut fresh);
            }
            continue;
        };
        let backwards = last.get(slot).copied().flatten().is_some_and(|l| n <= l);
        if backwards || n == 1 {
            // A new sequence of this kind starts here.
            if let Some(r) = run.get_mut(slot) {
                *r = fresh;
                fresh += 1;
            }
        }
        let run_id = run.get(slot).copied().unwrap_or(0);
        if seen.get(slot).copied().flatten().is_none_or(|l| n <= l) {
            if let Some(q) = sequence.get_mut(slot) {
                *q = fresh;
                fresh += 1;
            }
        }
        if let Some(l) = seen.get_mut(slot) {
            *l = Some(n);
        }
        let seq = sequence.get(slot).copied().unwrap_or(0);
        if item.heading != Some(kind) {
            members.push((i, run_id, false, false, seq));
            continue;
        }
        if backwards {
            demote(item, kind, len);
            members.push((i, run_id, false, false, seq));
            continue;
        }
        members.push((i, run_id, true, item.text.ends_with('。'), seq));
        if let Some(l) = last.get_mut(slot) {
            *l = Some(n);
        }
        reset_below(kind, &mut last, &mut run, &mut fresh);
    }
    // Runs and written sequences that hold a paragraph: a one-sentence heading among them is one more item
    // (`（二十）允许…执行。` alone under `四、`, after nineteen paragraphs `（一）`…`（十九）`).
    let mixed: std::collections::BTreeSet<usize> = members.iter().filter(|m| !m.2).map(|m| m.1).collect();
    let mixed_seq: std::collections::BTreeSet<usize> = members.iter().filter(|m| !m.2).map(|m| m.4).collect();
    // Per run: (headings, paragraphs). A numbered line without its full stop among siblings that are
    // mostly sentences (`2.去年底…尚未形成系统化的方案`) is one more item, not a heading (class 6).
    let mut kinds: std::collections::BTreeMap<usize, (usize, usize)> = std::collections::BTreeMap::new();
    for m in &members {
        let entry = kinds.entry(m.1).or_default();
        if m.2 {
            entry.0 += 1;
        } else {
            entry.1 += 1;
        }
    }
    // A line that ends on a colon opens a list as its sentence siblings open theirs.
    let sentence_like =
        |text: &str| text.contains(['，', ',']) || char_len(text) > 25 || text.ends_with(['：', ':']);
    for &(i, run_id, heading, stopped, seq) in &members {
        // Judged from the siblings, the line itself left out: most of the others are paragraphs.
        let among_sentences = kinds.get(&run_id).is_some_and(|&(h, p)| p >= 2 && p >= h);
        let sentence = items.get(i).is_some_and(|item| sentence_like(&item.text));
        let mixed = mixed.contains(&run_id) || mixed_seq.contains(&seq);
        if heading && ((stopped && mixed) || (among_sentences && sentence)) {
            demote_at(items, i);
        }
    }
    // A list, not headings: `1.` `（1）` lines one directly after another, with no text under any of them
    // (`1.完善制度建设` / `2.加强队伍建设` / `3.强化督促检查`). A heading stands over text.
    let mut adjacent: std::collections::BTreeMap<usize, (usize, usize)> = std::collections::BTreeMap::new();
    for pair in members.windows(2) {
        let [(i, run_a, heading, ..), (j, run_b, ..)] = pair else { continue };
        let kind = items.get(*i).and_then(|item| item.heading);
        if *heading && matches!(kind, Some(Marker::Num | Marker::ParenNum)) {
            let entry = adjacent.entry(*run_a).or_default();
            entry.0 += 1;
            if run_a == run_b && *j == i + 1 {
                entry.1 += 1;
            }
        }
    }
    for &(i, run_id, heading, ..) in &members {
        let listed = adjacent.get(&run_id).is_some_and(|&(pairs, next)| pairs >= 2 && next * 3 >= pairs * 2);
        if heading && listed {
            demote_at(items, i);
        }
    }
    // Run-in leads are set alike through a sequence: where most items of a sequence are plain numbered
    // paragraphs (rules whose first sentence is long, as in 国务院工作规则), the few with a short first
    // sentence are not singled out in bold.
    let mut tally: std::collections::BTreeMap<usize, (usize, usize)> = std::collections::BTreeMap::new();
    for &(i, _, heading, _, seq) in &members {
        if heading {
            continue;
        }
        let entry = tally.entry(seq).or_insert((0, 0));
        entry.0 += 1;
        if items.get(i).is_some_and(|item| item.content.is_some()) {
            entry.1 += 1;
        }
    }
    // And where most items have a lead, an item whose first sentence runs longer than a lead usually does
    // gets one too, up to its first sentence's end (GB/T 9704 §7.3.3: siblings are set in one face).
    for &(i, _, heading, _, seq) in &members {
        let Some(&(count, leads)) = tally.get(&seq) else { continue };
        let Some(item) = items.get_mut(i).filter(|_| !heading) else { continue };
        if leads * 2 < count {
            item.content = None;
        } else if item.content.is_none() && leads * 2 > count {
            item.content = headings::run_in(&item.text, LONG_LEAD);
        }
    }
}

/// The longest first sentence set as a run-in lead where its siblings have leads, in characters.
const LONG_LEAD: usize = 80;

/// The counter slot of a numbered marker kind.
fn marker_slot(kind: Marker) -> Option<usize> {
    match kind {
        Marker::Cn => Some(0),
        Marker::ParenCn => Some(1),
        Marker::Num => Some(2),
        Marker::ParenNum => Some(3),
        _ => None,
    }
}

/// Starts new sequences for every numbered kind below `kind`.
fn reset_below(kind: Marker, last: &mut [Option<u32>; 4], run: &mut [usize; 4], fresh: &mut usize) {
    let kinds = [Marker::Cn, Marker::ParenCn, Marker::Num, Marker::ParenNum];
    for (slot, k) in kinds.iter().enumerate() {
        if *k > kind {
            if let Some(l) = last.get_mut(slot) {
                *l = None;
            }
            if let Some(r) = run.get_mut(slot) {
                *r = *fresh;
                *fresh += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::read::plain::read_plain;
    use crate::read::plain::tests::{first_strong, outline, LONG};

    #[test]
    fn restarted_numbering_inside_a_section_is_not_new_headings() {
        let text = format!(
            "各单位：\n{LONG}\n一、总体要求\n{LONG}\n二、主要任务\n{LONG}\n三、工作安排\n{LONG}\n\
             一、提高保障水平。\n{LONG}\n二、扩大服务供给。\n{LONG}\n"
        );
        let out = outline(&text);
        assert_eq!(out.iter().filter(|l| l.starts_with("H1")).count(), 3, "{out:?}");
        assert!(out.contains(&"Body 一、提高保障水平。".to_owned()), "{out:?}");
        let (doc, _) = read_plain(&text);
        assert_eq!(first_strong(&doc, 8).as_deref(), Some("一、提高保障水平。"));
    }

    #[test]
    fn run_in_leads_are_set_alike_through_a_sequence() {
        let long_first =
            "国务院组成人员要履行宪法和法律赋予的职责，坚持解放思想，实事求是，与时俱进，坚持执政为民，\
                          求真务实，开拓创新，努力建设人民满意的政府。各部门要依法行政。";
        let text = format!(
            "第一章　总则\n一、{long_first}\n二、{long_first}\n三、{long_first}\n\
             四、秘书长负责日常工作。副秘书长协助秘书长工作。\n"
        );
        let (doc, _) = read_plain(&text);
        assert_eq!(first_strong(&doc, 4), None, "the one short lead is not singled out");
        let leads = "一、牢固树立安全思想。煤矿安全生产事关人民群众生命财产安全。\n\
                     二、建立长效机制。各地区要把加强煤矿安全生产作为一项长期任务。\n";
        let (doc, _) = read_plain(leads);
        assert_eq!(first_strong(&doc, 0).as_deref(), Some("一、牢固树立安全思想。"));
    }

    #[test]
    fn an_item_whose_first_sentence_is_long_gets_its_lead_where_its_siblings_have_theirs() {
        let text = "一、牢固树立安全思想。煤矿安全生产事关人民群众生命财产安全。\n\
                    二、建立健全覆盖全省各级各类煤矿企业的安全生产长效机制和隐患排查治理体系。各地区要把加强煤矿安全生产作为一项长期任务。\n\
                    三、强化监督检查。各地区要加强检查。\n";
        let (doc, _) = read_plain(text);
        assert_eq!(
            first_strong(&doc, 1).as_deref(),
            Some("二、建立健全覆盖全省各级各类煤矿企业的安全生产长效机制和隐患排查治理体系。")
        );
    }

    #[test]
    fn a_one_sentence_item_of_a_sequence_of_paragraphs_is_no_heading() {
        let items: String = (1..=3).map(|n| format!("（{}）{LONG}\n", ["一", "二", "三"][n - 1])).collect();
        let text = format!("一、关于财税\n{items}二、关于工商管理\n（四）允许投资人以知识产权出资组建企业，具体按国家规定执行。\n{LONG}\n");
        let out = outline(&text);
        assert!(out.iter().any(|l| l.starts_with("Body （四）允许")), "{out:?}");
    }

    #[test]
    fn a_numbered_line_opening_a_list_among_sentence_items_is_an_item() {
        let items: String = (0..3).map(|n| format!("{}、{LONG}\n", ["一", "二", "三"][n])).collect();
        let text = format!("壹、依據\n{items}{LONG}\n四、本要點適用於下列機關:\n(一)本府及所屬機關。\n(二)市立各級學校。\n五、{LONG}\n");
        let out = outline(&text);
        assert!(out.iter().any(|l| l.starts_with("Body 四、本要點")), "{out:?}");
    }

    #[test]
    fn numbered_lines_with_no_text_under_them_are_a_list() {
        let text = format!(
            "各单位：\n{LONG}\n一、主要任务\n（一）完善制度\n1.完善制度建设\n2.加强队伍建设\n3.强化督促检查\n\
             （二）加强保障\n{LONG}\n"
        );
        let out = outline(&text);
        assert_eq!(out[4..7], ["Body 1.完善制度建设", "Body 2.加强队伍建设", "Body 3.强化督促检查"]);
        assert_eq!(out[7], "H2 （二）加强保障");
    }

    #[test]
    fn a_numbered_line_without_its_full_stop_among_sentence_items_is_an_item() {
        let text = "关于开展优秀作品评选的通知\n各学院：\n现将有关事项通知如下：\n\
                    1.参评作品须为本年度公开发表的原创作品，由各学院择优推荐。\n\
                    2.各学院推荐数量原则上不超过本学院在校学生人数的百分之一\n\
                    3.学校组织专家进行评审，评审结果在校内公示七天。\n\
                    4.公示无异议后，由学校发文公布结果并颁发证书\n请各学院按时报送。\n";
        let out = outline(text);
        assert!(out.iter().all(|l| !l.starts_with('H')), "{out:?}");
    }
}
