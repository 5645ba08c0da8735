//! Tables of contents printed in the text (class 3 of the recognition issue): `目录` / `目　　录` and the entry
//! lines under it (`第一章　总则`, `1.1 编制目的……3`), or a run of entries without the label. One block of
//! `Contents` lines, never headings: the real headings come after it, and they are what the entries name.
//! [`mark_contents`] sets the role of the lines [`find`] picks.

use super::chars::{char_len, has_sentence_punct, is_layout_space};
use super::headings::{marker, Marker};
use super::Item;
use crate::model::Role;
use std::collections::BTreeMap;

/// The entries of a table of contents: how many lines of a run must name a later line.
const NAMED_SHARE: (usize, usize) = (2, 3);

/// The longest table of contents taken, in entries.
const MAX_ENTRIES: usize = 400;

/// The first six characters of a key.
fn opening(key: &str) -> &str {
    key.char_indices().nth(6).map_or(key, |(at, _)| &key[..at])
}

/// Whether `text` is the label of a table of contents: `目录`, `目　　录`, `目錄`, Taiwan's `目次`, a novel
/// site's `章节目录`, with or without a colon.
pub fn is_label(text: &str) -> bool {
    // Every line is asked: a long one is answered before anything is copied.
    if text.len() > 48 {
        return false;
    }
    let letters: String = text.chars().filter(|c| !c.is_whitespace() && !is_layout_space(*c)).collect();
    let label = letters.trim_end_matches(['：', ':']);
    let label = label.strip_prefix("章节").or_else(|| label.strip_prefix("章節")).unwrap_or(label);
    // The document's name glued to it (`…应急预案目录`): a name that ends on its genre, not a site's link
    // (`政府信息公开目录`).
    let named = ["目录", "目錄"].iter().any(|l| {
        label
            .strip_suffix(l)
            .is_some_and(|name| !name.is_empty() && super::title_shape::ends_with_genre(name))
    });
    named || matches!(label, "目录" | "目錄" | "目次")
}

/// An entry's text as it names a heading: no spaces, no dot leaders, no page number at the end.
pub fn entry_key(text: &str) -> String {
    let unspaced: String = text.chars().filter(|c| !c.is_whitespace() && !is_layout_space(*c)).collect();
    let trimmed = unspaced
        .trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, '(' | ')' | '（' | '）'))
        .trim_end_matches(['.', '…', '·', '．', '-', '—', '_']);
    trimmed.to_owned()
}

/// A line that can be an entry: short, no sentence punctuation (dot leaders aside). A chapter's title may
/// follow a colon (`第一章：总则`) and, as a novel's 回目 does, hold a comma.
fn is_entry_shaped(text: &str) -> bool {
    // Fifty characters and a line of leaders at most: a paragraph is answered before anything is copied.
    if text.len() > 360 {
        return false;
    }
    let key = entry_key(text);
    let n = char_len(&key);
    let t = text.trim_matches(is_layout_space);
    let (title, chapter) = match marker(t) {
        Some((Marker::Part | Marker::Chapter | Marker::Section | Marker::Subsection, len)) => {
            (entry_key(&t[len..]), true)
        }
        _ => (key, false),
    };
    (2..=50).contains(&n) && !has_sentence_punct(&title) && (chapter || !title.contains('，'))
}

/// Indices (into `texts`) of the lines of tables of contents. `texts` are the body paragraphs in order.
pub fn find(texts: &[&str]) -> Vec<usize> {
    // Only short lines can be entries or the headings they name; a paragraph's key stays empty (and a 2 MB
    // novel's paragraphs cost no copy).
    let keys: Vec<String> =
        texts.iter().map(|t| if t.len() <= 80 * 3 { entry_key(t) } else { String::new() }).collect();
    // The last place of each line and of each six-character opening: one pass, so that a 2 MB novel of
    // short lines stays linear.
    let mut last: BTreeMap<&str, usize> = BTreeMap::new();
    let mut last_opening: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, key) in keys.iter().enumerate().filter(|(_, k)| !k.is_empty()) {
        last.insert(key.as_str(), i);
        last_opening.insert(opening(key), i);
    }
    // Whether the entry at `i` names a line from `from` on (the heading it points to), or one that opens
    // the same way (an entry shortened, or a heading with its page number lost).
    let names_later = |i: usize, from: usize| {
        let key = keys[i].as_str();
        last.get(key).is_some_and(|&at| at >= from)
            || (char_len(key) >= 6 && last_opening.get(opening(key)).is_some_and(|&at| at >= from))
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < texts.len() {
        let labelled = is_label(texts[i]);
        let start = if labelled { i + 1 } else { i };
        // The run of entry-shaped lines, ending where a line of it comes back (the body has started).
        let mut seen = BTreeMap::new();
        let mut end = start;
        let mut repeat_of = None;
        while end < texts.len()
            && end - start < MAX_ENTRIES
            && is_entry_shaped(texts[end])
            && !is_label(texts[end])
        {
            if let Some(&earlier) = seen.get(keys[end].as_str()) {
                repeat_of = Some(earlier);
                break;
            }
            // The first entry's opening again (its entries run together on one line, lost line breaks):
            // the body has started.
            let key = keys[end].as_str();
            if end > start
                && char_len(key) >= 4
                && keys[start].len() > key.len()
                && keys[start].starts_with(key)
            {
                break;
            }
            seen.insert(keys[end].as_str(), end);
            end += 1;
        }
        // A run that comes back to one of its own lines is a contents list and then the body's first
        // headings: walking back from both, the lines that pair up (`总则` and `1 总则`) split the two.
        // Under a label, every line up to that split is an entry, even of headings a truncated text lost.
        if let Some(earlier) = repeat_of {
            let mut k = 0;
            while earlier > start + k && same_entry(&keys[earlier - k - 1], &keys[end - k - 1]) {
                k += 1;
            }
            let (first, last) = (if labelled { start } else { earlier - k }, end - k);
            let numbered = (first..last).filter(|&j| marker(texts[j]).is_some()).count();
            if last - first >= 5 && numbered * 2 >= last - first {
                if labelled {
                    found.push(i);
                }
                found.extend(first..last);
                i = last;
                continue;
            }
        }
        // Lines at the ends of the run that name nothing are the title above it or a heading of the body.
        let mut last_entry = end;
        while last_entry > start && !names_later(last_entry - 1, end) {
            last_entry -= 1;
        }
        let mut first_entry = start;
        while !labelled && first_entry < last_entry && !names_later(first_entry, end) {
            first_entry += 1;
        }
        let run = last_entry - first_entry;
        let named = (first_entry..last_entry).filter(|&j| names_later(j, end)).count();
        // A labelled contents of a truncated text names nothing that follows; its leaders and numbers show it.
        let shaped = (start..end).filter(|&j| looks_like_entry(texts[j])).count();
        // Chapter lines one after another with no text between them (a book's index page, the chapters
        // themselves not on it): chapters always hold text, so these are entries.
        // Of one kind: a part, its chapter and its section stand one after another as headings.
        let chapters = [Marker::Part, Marker::Chapter, Marker::Section]
            .iter()
            .map(|&kind| (start..end).filter(|&j| marker(texts[j]).is_some_and(|(k, _)| k == kind)).count())
            .max()
            .unwrap_or(0);
        let listed = !labelled && chapters >= 3 && chapters * 4 >= (end - start) * 3;
        let names_enough = run >= 3 && named * NAMED_SHARE.1 >= run * NAMED_SHARE.0;
        let enough = if labelled {
            (run >= 1 && named * 2 >= run) || (end - start >= 2 && shaped * 2 >= end - start)
        } else {
            names_enough
        };
        if listed && !names_enough {
            // The last chapter line directly over a paragraph is the body's first heading, not an entry.
            let over_text = texts.get(end).is_some_and(|t| !is_entry_shaped(t) && char_len(t) > 30);
            let last = if over_text { end - 1 } else { end };
            found.extend(start..last);
            i = last.max(i + 1);
        } else if enough {
            let last = if labelled && named * 2 < run.max(1) { end } else { last_entry };
            if labelled {
                found.push(i);
            }
            found.extend(first_entry..last);
            i = last.max(i + 1);
        } else {
            i = end.max(i + 1);
        }
    }
    found
}

/// Two entries naming the same heading, numbered or not (`总则`, `1 总则`).
fn same_entry(a: &str, b: &str) -> bool {
    let unnumbered = |s: &str| s.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.').to_owned();
    a == b || unnumbered(a) == unnumbered(b)
}

/// A line with dot leaders (`1.1 编制目的……………3`): an entry of a table of contents, a line of its own.
pub fn has_leaders(text: &str) -> bool {
    ["……", "...", "···", "．．．", "———"].iter().any(|l| text.contains(l))
        && char_len(text) <= 80
        && !has_sentence_punct(&entry_key(text))
}

/// An entry by its own form: dot leaders or a page number at the end, or a numbering marker at the start.
fn looks_like_entry(text: &str) -> bool {
    let t = text.trim_end_matches(is_layout_space);
    has_leaders(t) || t.ends_with(|c: char| c.is_ascii_digit()) || marker(t).is_some()
}

/// Tables of contents: their lines become `Contents`, so that no later pass takes an entry for a heading.
pub(super) fn mark_contents(items: &mut Vec<Item>) {
    split_joined_entries(items);
    // A contents copied from a web page's table comes as rows of two or three cells (`第一章\t总则`).
    let entry_row = |item: &Item| {
        item.role == Role::Body
            && item.heading.is_none()
            && item.content.is_none()
            && item.cells.as_ref().is_some_and(|cells| cells.len() <= 3)
    };
    let body: Vec<usize> =
        (0..items.len()).filter(|&i| items[i].is_plain_body() || entry_row(&items[i])).collect();
    let texts: Vec<&str> = body.iter().map(|&i| items[i].text.as_str()).collect();
    for k in find(&texts) {
        if let Some(item) = body.get(k).and_then(|&i| items.get_mut(i)) {
            item.role = Role::Contents;
            if let Some(cells) = item.cells.take() {
                item.text =
                    cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect::<Vec<_>>().join(" ");
            }
        }
    }
}

/// The fewest entries, each closed by leaders and a page number, that make a line a contents run together.
const JOINED_ENTRIES: usize = 3;

/// A contents whose line breaks were lost (`目 录前 言......51 总则......61.1 编制目的......6`): one line
/// per entry again, each closed by its leaders and page number (class 3), and the label on its own line;
/// what stands before the label, and a stray line run into an entry (a download ad before `2.4 …`), stay
/// paragraphs for the later passes to judge.
fn split_joined_entries(items: &mut Vec<Item>) {
    let mut i = 0;
    while i < items.len() {
        let pieces =
            items.get(i).filter(|item| item.is_plain_body()).and_then(|item| joined_entries(&item.text));
        let Some(pieces) = pieces else {
            i += 1;
            continue;
        };
        let no = items[i].no;
        let new: Vec<Item> =
            pieces.into_iter().map(|(text, role)| Item::new(text.to_owned(), no, role)).collect();
        let count = new.len();
        items.splice(i..=i, new);
        i += count;
    }
}

/// The pieces of a contents run together on one line, each with its role: text before the label, the
/// label, the entries (and stray text between them).
fn joined_entries(text: &str) -> Option<Vec<(&str, Role)>> {
    // Leaders are what announces it; most lines are answered here.
    if !["......", "……", "···"].iter().any(|l| text.contains(l)) || text.contains('。') {
        return None;
    }
    let mut pieces = Vec::new();
    let rest = match find_label(text) {
        Some((at, end)) => {
            let before = text[..at].trim_matches(is_layout_space);
            if !before.is_empty() {
                pieces.push((before, Role::Body));
            }
            pieces.push((&text[at..end], Role::Contents));
            &text[end..]
        }
        None => text,
    };
    let mut entries = 0;
    let mut rest = rest.trim_start_matches(is_layout_space);
    let mut prev_major = None;
    while let Some(end) = entry_end(rest, prev_major) {
        let mut entry = rest[..end].trim_matches(is_layout_space);
        if let Some(at) = prev_major.filter(|_| major(entry).is_none()).and_then(|p| numbered_from(entry, p))
        {
            pieces.push((entry[..at].trim_matches(is_layout_space), Role::Body));
            entry = &entry[at..];
        }
        // An unnumbered entry (`前言`) keeps the count.
        prev_major = major(entry).or(prev_major);
        if !is_entry_shaped(entry) {
            return None;
        }
        pieces.push((entry, Role::Contents));
        entries += 1;
        rest = rest[end..].trim_start_matches(is_layout_space);
    }
    if entries < JOINED_ENTRIES {
        return None;
    }
    // What follows the last page number: the heading of the body (`第一章 总则`), or an entry cut off
    // with the page (`4.7`), as the line ends.
    let rest = rest.trim_end_matches(is_layout_space);
    if !rest.is_empty() {
        if char_len(rest) > 50 {
            return None;
        }
        pieces.push((rest, Role::Contents));
    }
    Some(pieces)
}

/// Where, inside an entry that does not start with a number, the number continuing the outline (major
/// `prev` or the next) begins: what stands before it is a stray line run in.
fn numbered_from(entry: &str, prev: u32) -> Option<usize> {
    entry.char_indices().skip(1).find_map(|(at, c)| {
        let before = entry[..at].chars().next_back();
        let fresh = c.is_ascii_digit() && before.is_some_and(|b| !b.is_ascii_digit() && b != '.');
        (fresh && major(&entry[at..]).is_some_and(|n| n == prev || n == prev + 1)).then_some(at)
    })
}

/// Where a contents label stands inside a line (`目录`, `目 录`, `目錄`): its start and end.
fn find_label(text: &str) -> Option<(usize, usize)> {
    let at = text.find('目')?;
    let after = &text[at + '目'.len_utf8()..];
    let spaced = after.trim_start_matches(|c: char| c.is_whitespace() || is_layout_space(c));
    let end = text.len() - spaced.len();
    let second = spaced.chars().next().filter(|c| matches!(c, '录' | '錄'))?;
    Some((at, end + second.len_utf8()))
}

/// The end of the first entry in `text`, after its leaders and page number. A page number runs into the
/// next entry's number (`…61.1 编制目的`): the split that continues the outline (`6`, then `1.1` after an
/// entry numbered 1) is taken.
fn entry_end(text: &str, prev_major: Option<u32>) -> Option<usize> {
    // Leaders, not the dot of the entry's own number (`1.1 编制目的......6`).
    let lead = text.char_indices().find_map(|(i, c)| {
        let doubled = text[i + c.len_utf8()..].starts_with(c);
        (c == '…' || (matches!(c, '.' | '·') && doubled)).then_some(i)
    })?;
    let after_leaders = text[lead..].trim_start_matches(['.', '…', '·', ' ']);
    let at = text.len() - after_leaders.len();
    let numbers_end =
        after_leaders.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(after_leaders.len());
    let numbers = &after_leaders[..numbers_end];
    let digits = numbers.find('.').unwrap_or(numbers.len());
    if digits == 0 || char_len(&text[..lead]) < 2 {
        return None;
    }
    let expected = prev_major.map_or(1, |m| m + 1);
    let continues = (1..digits).find(|&k| {
        let next = &numbers[k..];
        !next.starts_with('0') && major(next).is_some_and(|n| Some(n) == prev_major || n == expected)
    });
    Some(at + continues.unwrap_or(digits))
}

/// The first number of an entry (`2.3 工作机构` → 2).
fn major(entry: &str) -> Option<u32> {
    let digits = &entry[..entry.find(|c: char| !c.is_ascii_digit()).unwrap_or(entry.len())];
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::plain::read_plain;
    use crate::read::plain::tests::outline;

    #[test]
    fn a_labelled_contents_ends_where_the_body_starts() {
        let texts = [
            "目　　录",
            "第一章　总　　则",
            "第二章　职责",
            "第三章　附则",
            "第一章　总则",
            "第一条　为了规范管理，制定本办法。",
            "第二章　职责",
            "第三章　附则",
        ];
        assert_eq!(find(&texts), vec![0, 1, 2, 3]);
    }

    #[test]
    fn entries_with_leaders_and_without_a_label() {
        let texts = [
            "1 总则……………………1",
            "1.1 编制目的………………1",
            "2 组织体系…………………3",
            "1 总则",
            "1.1 编制目的",
            "为了做好应急工作，制定本预案。",
            "2 组织体系",
        ];
        assert_eq!(find(&texts), vec![0, 1, 2]);
    }

    #[test]
    fn headings_that_do_not_recur_are_no_contents() {
        let texts = ["一、总体要求", "二、主要任务", "三、保障措施", "各地要抓好落实。"];
        assert!(find(&texts).is_empty());
        assert!(is_label("目 录") && is_label("目錄") && !is_label("目录如下"));
        assert!(is_label("目次") && is_label("目录：") && is_label("章节目录"));
    }

    #[test]
    fn entries_with_a_colon_or_a_couplet() {
        let texts = [
            "目录：",
            "第一章：总则",
            "第二章：附则",
            "第一章：总则",
            "本办法所称事项，是指某某事项。",
            "第二章：附则",
        ];
        assert_eq!(find(&texts), vec![0, 1, 2]);
        let texts = [
            "章节目录",
            "第一回 灵根育孕源流出，心性修持大道生",
            "第二回 悟彻菩提真妙理，断魔归本合元神",
            "第一回 灵根育孕源流出，心性修持大道生",
            "诗曰：混沌未分天地乱，茫茫渺渺无人见。",
            "第二回 悟彻菩提真妙理，断魔归本合元神",
        ];
        assert_eq!(find(&texts), vec![0, 1, 2]);
    }

    #[test]
    fn entries_run_together_end_where_the_first_comes_back() {
        let texts =
            ["目录", "第一篇 总体要求 第一章 发展基础 第二章 指导思想", "第一篇 总体要求", "第一章 发展基础"];
        assert_eq!(find(&texts), vec![0, 1]);
    }

    #[test]
    fn a_book_index_page_lists_chapters_with_no_text_between() {
        let texts = [
            "第1章 初入江湖",
            "第2章 风起云涌",
            "第3章 群雄逐鹿",
            "第4章 一统天下",
            "第5章 归隐山林",
            "这一年的春天来得特别早，山下的桃花开了一片又一片，村里的孩子们都跑去看。",
        ];
        // The last chapter over its text is the body's first heading.
        assert_eq!(find(&texts), vec![0, 1, 2, 3]);
        // A part, its chapter and its section one after another are headings, not a list.
        assert!(find(&[
            "第一编 总则",
            "第一章 一般规定",
            "第一节 适用范围",
            "第一条 为了规范某某事项，制定本法。"
        ])
        .is_empty());
    }

    #[test]
    fn a_label_glued_to_the_title_and_a_truncated_text() {
        // The page lost the text after 1.2: entries whose headings never come are entries all the same,
        // up to the body's first heading (`1.总则` pairs with `1 总则`).
        let texts = [
            "某县煤矿事故应急预案目录",
            "1 总则",
            "1.1 编制目的",
            "1.2 编制依据",
            "2 组织体系",
            "2.1 领导机构",
            "3 预警",
            "1.总则",
            "1.1 编制目的",
            "为了做好应急工作，制定本预案。",
        ];
        assert_eq!(find(&texts), vec![0, 1, 2, 3, 4, 5, 6]);
        assert!(is_label("某县煤矿事故应急预案目录") && !is_label("政府信息公开目录"));
    }

    #[test]
    fn a_contents_copied_from_a_table_is_contents() {
        let text = "某某条例\n\n目  录\n第一章\t总则\n第二章\t附则\n\n第一章　总则\n\
                    第一条　为了规范某某事项，制定本条例。\n第二章　附则\n第二条　本条例自公布之日起施行。\n";
        let (doc, _) = read_plain(text);
        assert!(doc.meta.authors.is_empty());
        assert_eq!(
            outline(text)[..4],
            ["Contents 目  录", "Contents 第一章 总则", "Contents 第二章 附则", "H1 第一章\u{3000}总则"]
        );
    }

    #[test]
    fn a_contents_run_together_on_one_line_is_one_entry_a_line() {
        let text = "某某区防汛应急预案编制说明目  录第一章 总则……………1第二章 组织体系……………4\
                    第三章 预防预警…………12第四章 应急响应…………20第五章 附则";
        let out = outline(text);
        let contents: Vec<&str> = out.iter().filter_map(|l| l.strip_prefix("Contents ")).collect();
        assert_eq!(
            contents,
            [
                "目  录",
                "第一章 总则……………1",
                "第二章 组织体系……………4",
                "第三章 预防预警…………12",
                "第四章 应急响应…………20",
                "第五章 附则"
            ],
            "{out:?}"
        );
        let decimal = joined_entries("目录 1 总则......11.1 目的......1扫码阅读2 机构......32.1 领导......3");
        let contents = Role::Contents;
        assert_eq!(
            decimal,
            Some(vec![
                ("目录", contents),
                ("1 总则......1", contents),
                ("1.1 目的......1", contents),
                ("扫码阅读", Role::Body),
                ("2 机构......3", contents),
                ("2.1 领导......3", contents)
            ])
        );
    }
}
