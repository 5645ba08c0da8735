//! The 版记 (GB/T 9704 §7.4) that ends a document: its `抄送：` line (§7.4.2) and its printing line
//! (`××市人民政府办公室　　2022年4月20日印发`, §7.4.3) leave the body for the metadata (`copy_to`,
//! `printed_by`, `printed_on`), from which every backend prints the 版记 with its rules on the last page
//! and the outline lists it. Only a 版记 that ends the document moves: one a web copy set before its
//! attachments stays where it stands, as notes, so that nothing changes place. The older labels (`抄报：`,
//! `报：`, `送：`) have no place in the 2012 版记 and stay notes.

use super::chars::is_layout_space;
use super::closing::printing_line;
use super::Item;
use crate::model::{Meta, Role};

/// Moves the 版记 lines that end the document into `meta`.
pub(super) fn take_record(items: &mut Vec<Item>, meta: &mut Meta) {
    let Some(mut last) = record_end(items) else { return };
    if let Some((office, iso, written)) = printing_line(&items[last].text) {
        meta.printed_by = meta.printed_by.take().or_else(|| office.map(str::to_owned));
        meta.printed_on.get_or_insert(iso);
        // The date as written (`二〇〇三年十月十六日`), as the title block keeps a dateline's: nothing is lost.
        meta.extra.insert("printed_on_text".into(), written.to_owned());
        items.remove(last);
        let Some(above) = last.checked_sub(1) else { return };
        last = above;
    }
    let copy = items.get(last).filter(|i| i.role == Role::Note).and_then(|i| copy_to(&i.text));
    if let Some(names) = copy {
        meta.copy_to.get_or_insert(names);
        items.remove(last);
    }
}

/// The last note of the text when nothing of the document follows it: at the end of the items, or with only
/// the page's furniture after it.
fn record_end(items: &[Item]) -> Option<usize> {
    let last = items.iter().rposition(|i| i.role == Role::Note)?;
    let followed_by_text = items.get(last + 1).is_some_and(|i| i.role != Role::Boilerplate);
    (!followed_by_text).then_some(last)
}

/// The names of a `抄送：` line, without the label.
fn copy_to(text: &str) -> Option<String> {
    let t = text.trim_matches(is_layout_space);
    let names = t.strip_prefix("抄送")?.strip_prefix(['：', ':'])?.trim_matches(is_layout_space);
    (!names.is_empty()).then(|| names.to_owned())
}

#[cfg(test)]
mod tests {
    use crate::read::plain::read_plain;
    use crate::read::plain::tests::{outline, LONG};

    #[test]
    fn the_record_that_ends_a_notice_is_metadata() {
        let text = format!(
            "某某市人民政府关于某事的通知\n各区人民政府：\n{LONG}\n某某市人民政府\n2022年4月18日\n（此件公开发布）\n\
             抄送：市委各部门，市人大常委会办公室。\n某某市人民政府办公室　　2022年4月20日印发\n"
        );
        let (doc, _) = read_plain(&text);
        assert_eq!(doc.meta.copy_to.as_deref(), Some("市委各部门，市人大常委会办公室。"));
        assert_eq!(doc.meta.printed_by.as_deref(), Some("某某市人民政府办公室"));
        assert_eq!(doc.meta.printed_on.as_deref(), Some("2022-04-20"));
        assert_eq!(doc.meta.date.as_deref(), Some("2022-04-18"));
        assert_eq!(outline(&text).last().map(String::as_str), Some("Note （此件公开发布）"));
    }

    #[test]
    fn a_date_only_printing_line_under_furniture_and_an_old_label_kept() {
        let text = format!(
            "某某办法\n{LONG}\n某某市港口管理局\n报：某某委员会\n2016年3月8日印发\n版权所有：某某网站\n"
        );
        let (doc, _) = read_plain(&text);
        assert_eq!((doc.meta.printed_by, doc.meta.printed_on.as_deref()), (None, Some("2016-03-08")));
        assert_eq!(doc.meta.copy_to, None);
        let out = outline(&text);
        assert!(out.contains(&"Note 报：某某委员会".to_owned()), "{out:?}");
        assert!(!out.iter().any(|l| l.contains("印发")), "{out:?}");
    }

    #[test]
    fn a_record_before_the_attachments_stays_in_place() {
        let text = format!(
            "某某通知\n{LONG}\n某某局\n2016年3月8日\n抄送：某某委员会\n某某局办公室　2016年3月9日印发\n\
             附件1\n某某推荐表\n{LONG}\n"
        );
        let (doc, _) = read_plain(&text);
        assert_eq!((doc.meta.copy_to, doc.meta.printed_on), (None, None));
    }
}
