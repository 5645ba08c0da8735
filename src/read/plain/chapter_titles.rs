//! A chapter's title on the line after its label: `第一回` over `甄士隐梦幻识通灵　贾雨村风尘怀闺秀`, `第一章` over
//! `总　　则`, and the second half of a 回目 couplet wrapped under the first (`第一回　土不制水历年成患` /
//! `风能鼓浪到处可危`). One heading, as the printed book sets it (classes 3 and 4 of the recognition issue).

use super::chars::{char_len, has_sentence_punct, is_han, is_layout_space};
use super::headings::{self, Marker};
use super::Item;

/// The longest title taken from the next line, in characters.
const TITLE_MAX: usize = 40;

/// Joins each chapter label with the title on the line after it.
pub(super) fn join(items: &mut Vec<Item>) {
    let mut i = 0;
    while i + 1 < items.len() {
        let joined = match (items.get(i), items.get(i + 1)) {
            (Some(label), Some(next)) if label.is_plain_body() && next.is_plain_body() => {
                title_after(&label.text, &next.text)
            }
            _ => None,
        };
        if let Some(text) = joined {
            items[i].text = text;
            items.remove(i + 1);
        }
        i += 1;
    }
}

/// The chapter line `label` with the title `next` run on, when `next` completes it.
fn title_after(label: &str, next: &str) -> Option<String> {
    let (kind, len) = headings::marker(label)?;
    if !matches!(kind, Marker::Part | Marker::Chapter | Marker::Section) || headings::is_book_part(label) {
        return None;
    }
    let title = label[len..].trim_matches(is_layout_space);
    let candidate = next.trim_matches(is_layout_space);
    let n = char_len(candidate);
    let shaped = (1..=TITLE_MAX).contains(&n)
        && !has_sentence_punct(candidate)
        // `总　　则` is a division's name of its own, and here the name of this one.
        && (headings::marker(candidate).is_none() || headings::is_book_part(candidate))
        && !candidate.starts_with(['“', '「', '"', '（', '('])
        && candidate.chars().filter(|&c| is_han(c)).count() * 4
            >= candidate.chars().filter(|&c| !is_layout_space(c)).count() * 3;
    if !shaped {
        return None;
    }
    // A label alone takes the line after it as its title; a title already there takes only the other half
    // of its couplet, as long as the half it has.
    let other_half = || {
        let last = title.rsplit(is_layout_space).next().unwrap_or(title);
        kind == Marker::Chapter && char_len(last) == n && n >= 4 && candidate.chars().all(is_han)
    };
    (title.is_empty() || other_half()).then(|| format!("{label}　{candidate}"))
}

#[cfg(test)]
mod tests {
    use crate::read::plain::tests::outline;

    #[test]
    fn a_chapter_label_takes_its_title_from_the_next_line() {
        let text = "某某演义\n第三回\n议温明董卓叱丁原　馈金珠李肃说吕布\n且说曹操当日引兵追赶，走了一程，方才回来。\n\
                    第四回　废汉帝陈留践位\n谋董贼孟德献刀\n却说董卓欲杀袁绍，李儒止之曰：“事未可定，不可妄杀。”\n";
        let out = outline(text);
        assert_eq!(out[0], "H1 第三回　议温明董卓叱丁原　馈金珠李肃说吕布", "{out:?}");
        assert_eq!(out[2], "H1 第四回　废汉帝陈留践位　谋董贼孟德献刀", "{out:?}");
    }

    #[test]
    fn a_statute_chapter_label_over_its_name_is_one_heading() {
        let text = "某某条例\n第一章\n总　　则\n第一条　为了规范某某事项，制定本条例。\n第二章\n监督管理\n\
                    第二条　主管部门负责监督管理。\n";
        let out = outline(text);
        assert_eq!(out[0], "H1 第一章　总　　则", "{out:?}");
        assert_eq!(out[2], "H1 第二章　监督管理", "{out:?}");
    }

    #[test]
    fn a_chapter_line_is_not_joined_with_text_or_a_longer_line() {
        let text = "某某小说\n第一章　归来\n他推开门走了进去\n屋里空荡荡的，只有一张旧桌子。\n";
        let out = outline(text);
        assert_eq!(out[0], "H1 第一章　归来", "{out:?}");
    }
}
