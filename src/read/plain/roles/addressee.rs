//! The addressee (主送机关) of a document further down the page — a 公文 a writing guide quotes, one a
//! notice issues, a page that prints its title again — right under that document's title or number and
//! over its first paragraph (class 5). The page's own first lines are read by [`super::mark_salutation`].

use super::is_salutation;
use crate::model::Role;
use crate::read::plain::chars::{char_len, has_sentence_punct, is_han, is_layout_space};
use crate::read::plain::header::is_doc_number;
use crate::read::plain::headings::marker;
use crate::read::plain::title_shape::ends_with_genre;
use crate::read::plain::{furniture, Item};

/// Marks each addressee standing under a title or a document number, over prose.
pub(super) fn mark(items: &mut [Item]) {
    for i in 1..items.len().saturating_sub(1) {
        let (prev, item, next) = (&items[i - 1], &items[i], &items[i + 1]);
        if item.role != Role::Body || item.cells.is_some() || next.role != Role::Body {
            continue;
        }
        // The cheap test first: few lines of a long text read as an addressee.
        if !(is_salutation(&item.text) || is_bare_office_list(&item.text)) {
            continue;
        }
        let head = prev.text.trim_matches(is_layout_space);
        if (is_doc_number(head) || is_gongwen_title(head)) && furniture::reads_as_prose(&next.text) {
            items[i].role = Role::Salutation;
        }
    }
}

/// A 公文's title: its matter after `关于`, then its genre (`某县人民政府关于…的批复`), no sentence. A
/// section's heading (`（二）表彰性决定`) or a guide's label names no document.
fn is_gongwen_title(t: &str) -> bool {
    (t.contains("关于") || t.contains("關於") || t.contains("關于"))
        && ends_with_genre(t)
        && char_len(t) <= 60
        && !has_sentence_punct(t)
        && marker(t).is_none()
}

/// An addressee whose colon a copy lost (`各街道办事处,区级各部门,某某管委会`): `各…` bodies named one after
/// another, nothing but their names and the marks between them.
fn is_bare_office_list(text: &str) -> bool {
    let t = text.trim_matches(is_layout_space);
    t.starts_with('各')
        && char_len(t) <= 60
        && t.contains(['，', ',', '、'])
        && t.chars().all(|c| is_han(c) || matches!(c, '，' | ',' | '、'))
}

#[cfg(test)]
mod tests {
    use crate::read::plain::tests::{outline, LONG};

    #[test]
    fn the_addressee_of_a_document_further_down_the_page() {
        let text = format!(
            "公文写作范例\n{LONG}\n范文二\n某省人民政府关于同意某县设立某镇的批复\n某政复〔2001〕5号\n某县人民政府：\n{LONG}\n"
        );
        assert!(outline(&text).contains(&"Salutation 某县人民政府：".to_owned()), "{:?}", outline(&text));
        // Its colon lost: offices named one after another under the title.
        let text = format!("某某汇编\n{LONG}\n某县人民政府办公室关于印发某办法的通知\n各乡镇,县级各部门,某某管委会\n{LONG}\n");
        assert!(outline(&text).contains(&"Salutation 各乡镇,县级各部门,某某管委会".to_owned()));
        // Under a heading that is no title, a label over a list stays a paragraph.
        let text = format!("某某通知\n{LONG}\n（二）表彰性决定\n表彰性决定的写法:\n{LONG}\n");
        assert!(!outline(&text).iter().any(|l| l.starts_with("Salutation")), "{:?}", outline(&text));
    }
}
