//! Furniture by where it stands (class 1 of the recognition issue): anywhere, a line whose shallow features
//! ([`furniture::evidence`]) leave no doubt, or that repeats as a printed page's header or footer does;
//! outside the main text ([`main_text`]), a line with less evidence; at the end, the page's footer and what
//! hangs from it.

use super::chars::{self, char_len, has_sentence_punct};
use super::main_text::{self, Slot};
use super::{furniture, header, headings, roles, Item};
use crate::model::Role;

/// Evidence enough for a line anywhere.
const ANYWHERE: u32 = 3;

/// Evidence enough for a line outside the main text, not next to it.
const OUTSIDE: u32 = 2;

/// A short line: jusText's "short" paragraph, a link or a label rather than a sentence.
const SHORT: usize = 30;

/// Marks the site furniture among the body's paragraphs.
pub(super) fn mark(items: &mut [Item]) {
    // Each line's own evidence, read once: the score, the main text and the lines outside it use it.
    let evidence: Vec<u32> = items
        .iter()
        .map(|item| if item.is_plain_body() { furniture::evidence(&item.text) } else { 0 })
        .collect();
    let score: Vec<u32> = (0..items.len()).map(|i| score(items, i, &evidence)).collect();
    for (item, &score) in items.iter_mut().zip(&score) {
        if score >= ANYWHERE {
            item.role = Role::Boilerplate;
        }
    }
    if let Some(span) = main_text_span(items, &evidence) {
        outside_main_text(items, &score, span);
    }
    footer(items, &evidence);
}

/// Where the main text runs among the items, judged before the lines outside it are.
fn main_text_span<'a>(items: &'a [Item], evidence: &[u32]) -> Option<(usize, usize)> {
    let slots: Vec<Slot<'a>> = items
        .iter()
        .zip(evidence)
        .map(|(item, &evidence)| match item.role {
            Role::Boilerplate => Slot::Furniture,
            _ if item.is_plain_body() => Slot::Text(&item.text, evidence),
            _ => Slot::Role,
        })
        .collect();
    main_text::span(&slots)
}

/// The lines above and below the main text, judged on a lower threshold (class 1): evidence of chrome, or
/// any evidence on a short line with no sentence in it, makes furniture of a line that is not next to the
/// text and stands beside other furniture; so does a teaser cut short below the text, beside another or
/// under furniture. The line next to the
/// text may be its title, heading, byline or signature and keeps the strict threshold, as do lines that
/// could hold such a role wherever they stand.
fn outside_main_text(items: &mut [Item], score: &[u32], (first, last): (usize, usize)) {
    // Judged only for the lines outside the text: most of a long book is inside it.
    let plain: Vec<bool> = (0..items.len())
        .map(|i| {
            let item = &items[i];
            (i < first || i > last)
                && candidate(item)
                && !could_hold_a_role(&item.text)
                && !attaches(items, i)
        })
        .collect();
    let next_to_text = |i: usize| {
        let between = if i < first { i + 1..first } else { last + 1..i };
        // Only lines the text holds (a salutation, a heading) may stand between.
        !items[between].iter().any(|b| b.is_plain_body() || b.role == Role::Boilerplate)
    };
    // Furniture stands together (a menu, a toolbar, a footer): a line is judged low only beside another.
    let chrome = |j: usize| items.get(j).is_some_and(|n| n.role == Role::Boilerplate || score[j] >= OUTSIDE);
    let beside_chrome = |i: usize| i.checked_sub(1).is_some_and(chrome) || chrome(i + 1);
    let outside = (0..first).chain(last + 1..items.len());
    let mut found: Vec<usize> = Vec::new();
    for i in outside.filter(|&i| plain[i] && !next_to_text(i) && beside_chrome(i)) {
        let t = items[i].text.as_str();
        let short = char_len(t) <= SHORT && !has_sentence_punct(t) && !chars::ends_sentence(t);
        if score[i] >= OUTSIDE || (score[i] >= 1 && short) {
            found.push(i);
        }
    }
    for i in found {
        items[i].role = Role::Boilerplate;
    }
    // Teasers below the text, judged by their neighbours.
    let below_text = last + 1..items.len();
    let beside = |j: Option<usize>| {
        j.and_then(|j| items.get(j)).is_some_and(|n| {
            n.role == Role::Boilerplate || (n.is_plain_body() && main_text::is_cut_short(&n.text))
        })
    };
    let teasers: Vec<usize> = below_text
        .filter(|&i| plain[i] && main_text::is_cut_short(&items[i].text))
        .filter(|&i| beside(i.checked_sub(1)) || beside(Some(i + 1)))
        .collect();
    for i in teasers {
        items[i].role = Role::Boilerplate;
    }
}

/// A line that may be the text's heading, byline, signature, date or attachment wherever it stands: a
/// chapter's label, a letter-spaced title, a person's or an office's name, a date, `附件`, a number alone;
/// and one labelled field (`時間：民國110年4月13日上午8時`, `作者：某某`), which minutes and poems set as
/// their own. A page's info line holds several fields, or its words of chrome, or stands next to them.
fn could_hold_a_role(t: &str) -> bool {
    let one_field = furniture::info_label(t).is_some()
        && furniture::label_count(t) <= 1
        && furniture::chrome_words(t) == 0;
    one_field
        || t.trim().chars().all(|c| c.is_ascii_digit())
        || chars::unspace_letter_spaced(t).is_some()
        || headings::chapter_prefix(t).is_some()
        || furniture::names_a_chapter(t)
        || chars::is_personal_name(t)
        || chars::is_date_line(t)
        || header::issuer_line(t).is_some()
        || roles::is_attachment_start(t)
}

/// The text's attachments as a web page lists them (class 1, class 5): a line announcing attachments
/// (`详细内容见附件:`, `附件下载：`) and the file names under it (`某某方案.pdf`) are the document's, though a
/// file name alone is a download page's heading.
fn attaches(items: &[Item], i: usize) -> bool {
    let announces = |t: &str| t.contains("附件") && t.trim_end().ends_with([':', '：']);
    let mut at = i;
    while let Some(item) = items.get(at).filter(|item| item.is_plain_body()) {
        if announces(&item.text) {
            return true;
        }
        if !furniture::is_file_name(&item.text) || at == 0 {
            return false;
        }
        at -= 1;
    }
    false
}

/// A paragraph the pass may judge: plain body text that no numbering marks as the document's (a posting
/// time `07.12.2018 13:40` only looks numbered).
fn candidate(item: &Item) -> bool {
    item.is_plain_body() && (headings::marker(&item.text).is_none() || furniture::is_page_line(&item.text))
}

/// A line's evidence, with one more when it repeats (digits aside) elsewhere in the document: a printed
/// page's header or footer (`https://… 3/29`), or the page's info line above and below the text. A text
/// may repeat a line (a refrain, a chorus); it has no other evidence of furniture then.
fn score(items: &[Item], i: usize, evidence: &[u32]) -> u32 {
    let Some(item) = items.get(i).filter(|item| candidate(item)) else { return 0 };
    let own = evidence.get(i).copied().unwrap_or(0);
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
fn footer(items: &mut [Item], evidence: &[u32]) {
    const LIST: usize = 12;
    const TAIL: usize = 3;
    let open_label = |t: &str| char_len(t) <= 12 && !t.ends_with(|c: char| chars::is_sentence_end(c));
    let mut seen = false;
    let mut listed = 0;
    let mut pending: Vec<usize> = Vec::new();
    for i in (0..items.len()).rev() {
        let Some(item) = items.get(i) else { continue };
        if attaches(items, i) {
            break;
        }
        // Furniture, found before (`上一页 目录 下一章`) or here: what hangs below it is the page's too.
        if item.role == Role::Boilerplate
            || (item.is_plain_body() && evidence.get(i).is_some_and(|&e| e >= 2))
        {
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
        // A numbered line is the text's heading or item (`三、主要任务`), never a link under its footer.
        let numbered = headings::marker(t).is_some() && !furniture::is_page_line(t);
        if signs || named || numbered {
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

    #[test]
    fn outside_the_main_text_furniture_needs_less_evidence_and_the_line_next_to_it_keeps_its_own() {
        let prose = "某某局今天召开专题会议，研究部署下一阶段安全生产工作，要求各单位压实责任。";
        let mut doc = items(&[
            "某某网 | 新闻中心",
            "English 设为首页",
            "首页 | 新闻 | 通知",
            prose,
            prose,
            "SOME NEWS LIMITED",
            "以下是某某局长今日在某某会议上就某某报告致谢议案辩论的发言…",
            "以下是某某署长今日在某某会议上就某某报告致谢议案辩论的致辞…",
        ]);
        mark(&mut doc);
        let roles: Vec<Role> = doc.iter().map(|i| i.role).collect();
        let (b, p) = (Role::Boilerplate, Role::Body);
        assert_eq!(roles, [b, b, b, p, p, b, b, b]);
    }

    #[test]
    fn the_files_a_page_attaches_to_the_text_are_kept_under_their_announcement() {
        let text = "这是正文的第一段，讲了许多事情，内容很长很长，也有标点符号。";
        let mut page =
            items(&[text, text, "详细内容见附件:", "某某工作方案.pdf", "某某申报表.docx", "版权所有 某某网"]);
        mark(&mut page);
        let roles: Vec<Role> = page.iter().map(|item| item.role).collect();
        let kept = [Role::Body, Role::Body, Role::Body, Role::Body, Role::Body, Role::Boilerplate];
        assert_eq!(roles, kept, "{page:?}");
        // A file name with nothing announcing it stays a download page's furniture.
        let mut page = items(&[text, text, "某某工作方案.pdf", "版权所有 某某网"]);
        mark(&mut page);
        assert_eq!(page[2].role, Role::Boilerplate, "{page:?}");
    }

    #[test]
    fn a_single_labelled_field_and_a_chapter_outside_the_text_are_kept() {
        let prose = "那一年冬天，雪下得格外大，村口的老槐树被压断了好几根枝丫，孩子们却很高兴。";
        let mut doc =
            items(&["首页 | 书库 | 排行", "作者：某某", "上一章 目录 下一章", "第三回", prose, prose]);
        mark(&mut doc);
        assert_eq!(doc[1].role, Role::Body);
        assert_eq!(doc[3].role, Role::Body);
    }
}
