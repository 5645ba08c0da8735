//! Furniture by where it stands (class 1 of the recognition issue): anywhere, a line whose shallow features
//! ([`furniture::evidence`]) leave no doubt, or that repeats as a printed page's header or footer does; at
//! the end, the page's footer and what hangs from it.

use super::chars::{self, char_len, has_sentence_punct};
use super::{furniture, header, headings, Item};
use crate::model::Role;

/// Evidence enough for a line anywhere.
const ANYWHERE: u32 = 3;

/// Marks the site furniture among the body's paragraphs.
pub(super) fn mark(items: &mut [Item]) {
    let score: Vec<u32> = (0..items.len()).map(|i| score(items, i)).collect();
    for (item, score) in items.iter_mut().zip(score) {
        if score >= ANYWHERE {
            item.role = Role::Boilerplate;
        }
    }
    footer(items);
}

/// A paragraph the pass may judge: plain body text that no numbering marks as the document's (a posting
/// time `07.12.2018 13:40` only looks numbered).
fn candidate(item: &Item) -> bool {
    item.is_plain_body() && (headings::marker(&item.text).is_none() || furniture::is_page_line(&item.text))
}

/// A line's evidence, with one more when it repeats (digits aside) elsewhere in the document: a printed
/// page's header or footer (`https://… 3/29`), or the page's info line above and below the text. A text
/// may repeat a line (a refrain, a chorus); it has no other evidence of furniture then.
fn score(items: &[Item], i: usize) -> u32 {
    let Some(item) = items.get(i).filter(|item| candidate(item)) else { return 0 };
    let own = furniture::evidence(&item.text);
    let key = digitless(&item.text);
    // Not a rule between a collection's pieces, nor a label the text repeats for each (`作者：某某`), nor
    // a chapter's heading set between links to its neighbours, at its top and again at its foot.
    let repeated = own >= 1
        && char_len(&item.text) >= 6
        && item.text.chars().any(char::is_alphanumeric)
        && furniture::info_label(&item.text).is_none()
        && !furniture::is_label_value(&item.text)
        && !furniture::names_a_chapter(&item.text)
        && items
            .iter()
            .enumerate()
            .any(|(j, other)| j != i && candidate(other) && digitless(&other.text) == key);
    own + u32::from(repeated)
}

/// The text without digits or spacing: lines that differ only in a page number or a date are one.
fn digitless(t: &str) -> String {
    t.chars().filter(|c| !c.is_ascii_digit() && !c.is_whitespace()).collect()
}

/// The page's footer and what hangs from it, read upwards from the last line to the document's own last
/// text or closing block: furniture, and the short unpunctuated lines and labels among it (a related-reading
/// list, `链接：`), at most `LIST` of those in a row; at the very end, up to `TAIL` such lines when furniture
/// stands above them (`資料來源:` / `法務部公報 第 256 期`, `相关推荐` / a book's name).
fn footer(items: &mut [Item]) {
    const LIST: usize = 12;
    const TAIL: usize = 3;
    let open_label = |t: &str| char_len(t) <= 12 && !t.ends_with(|c: char| chars::is_sentence_end(c));
    let mut seen = false;
    let mut listed = 0;
    let mut pending: Vec<usize> = Vec::new();
    for i in (0..items.len()).rev() {
        let Some(item) = items.get(i) else { continue };
        // Furniture, found before (`上一页 目录 下一章`) or here: what hangs below it is the page's too.
        if item.role == Role::Boilerplate || (item.is_plain_body() && furniture::evidence(&item.text) >= 2) {
            for j in pending.drain(..).chain([i]) {
                if let Some(found) = items.get_mut(j) {
                    found.role = Role::Boilerplate;
                }
            }
            seen = true;
            listed = 0;
            continue;
        }
        if !item.is_plain_body() {
            break;
        }
        let t = item.text.as_str();
        let short = char_len(t) <= 40 && !chars::ends_sentence(t) && !has_sentence_punct(t);
        // An office or a person right under the last paragraph signs the document, dated or not.
        let signs = (header::issuer_line(t).is_some() || chars::is_personal_name(t))
            && i.checked_sub(1)
                .and_then(|p| items.get(p))
                .is_some_and(|p| furniture::reads_as_prose(&p.text));
        // A document named whole in 《》 (`《某某申请表》`): the text's attachment or reference, not a link.
        let named = t.starts_with('《') && t.ends_with('》');
        if signs || named {
            break;
        }
        if seen && listed < LIST && (short || open_label(t)) {
            if let Some(listed_item) = items.get_mut(i) {
                listed_item.role = Role::Boilerplate;
            }
            listed += 1;
        } else if !seen && pending.len() < TAIL && (open_label(t) || short) {
            pending.push(i);
        } else {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(lines: &[&str]) -> Vec<Item> {
        lines.iter().enumerate().map(|(no, t)| Item::new((*t).to_owned(), no, Role::Body)).collect()
    }

    #[test]
    fn a_printed_pages_header_repeated_with_its_page_number_is_furniture() {
        let mut doc = items(&[
            "第一条 为了规范某某工作，制定本办法。",
            "某某网 news.example.org 第 1 页",
            "第二条 本办法适用于本市行政区域。",
            "某某网 news.example.org 第 2 页",
            "第三条 本办法自发布之日起施行。",
        ]);
        mark(&mut doc);
        let roles: Vec<Role> = doc.iter().map(|i| i.role).collect();
        assert_eq!(roles, [Role::Body, Role::Boilerplate, Role::Body, Role::Boilerplate, Role::Body]);
    }

    #[test]
    fn a_chapter_heading_between_its_links_at_top_and_foot_is_kept() {
        let nav = "上一章 第七回 某某夜访旧宅 下一章";
        let mut doc = items(&[nav, "却说那人推门进来，四下望了一望，并不言语。", nav]);
        mark(&mut doc);
        assert_eq!(doc[0].role, Role::Body);
    }

    #[test]
    fn a_label_repeated_for_each_piece_is_the_texts() {
        let mut doc =
            items(&["作者：某某", "山高月小，水落石出。", "作者：某某", "江流天地外，山色有无中。"]);
        mark(&mut doc);
        assert!(doc.iter().all(|i| i.role == Role::Body));
    }

    #[test]
    fn the_footer_stops_at_a_signature_and_at_a_named_attachment() {
        let mut doc = items(&[
            "请各单位认真贯彻执行，确保各项工作落到实处。",
            "某某县人民政府办公室",
            "《某某申请表》",
            "版权所有：某某县人民政府 备案号：某ICP备00000000号",
        ]);
        mark(&mut doc);
        let roles: Vec<Role> = doc.iter().map(|i| i.role).collect();
        assert_eq!(roles, [Role::Body, Role::Body, Role::Body, Role::Boilerplate]);
    }
}
