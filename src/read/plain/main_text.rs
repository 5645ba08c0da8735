//! The main text as a block (class 1 of the recognition issue): where a pasted web page's document runs,
//! found once from the lines that read as prose, so that the lines outside it can be judged on a lower
//! threshold than the lines inside it. Boilerplate detection works so (Kohlschütter et al., WSDM 2010;
//! jusText): the text is a dense region of long, punctuated lines; the page's chrome stands around it in
//! short lines with few sentence marks, and a short line far from the text is judged by its neighbours.

use super::chars::{char_len, ends_sentence};
use super::furniture;

/// Evidence that ends a region of text: a line no text holds (`上一篇：…`, `版权所有`, a skip link).
const SEPARATES: u32 = 3;

/// Evidence of a line of chrome: two such lines in a row end a region as well (a menu, a footer).
const CHROME: u32 = 2;

/// A line of the text's own prose (jusText's "good" paragraph): it reads as prose, is long or ends a
/// sentence, and is no teaser the page cut short.
/// `evidence` is the line's [`furniture::evidence`].
pub fn is_good(t: &str, evidence: u32) -> bool {
    evidence < CHROME
        && (char_len(t) >= 24 || ends_sentence(t))
        && !is_cut_short(t)
        && furniture::reads_as_prose(t)
}

/// A line the page cut short to tease another page (`以下是局長今日在立法會會議上就…致謝…`): it ends in a
/// single ellipsis mark or three dots. A writer's own ellipsis is `……`, two marks.
pub fn is_cut_short(t: &str) -> bool {
    let t = t.trim_end();
    (t.ends_with('…') && !t.ends_with("……")) || t.ends_with("...")
}

/// A line as the main text sees it.
#[derive(Clone, Copy)]
pub enum Slot<'a> {
    /// Plain text no pass has judged yet, with its [`furniture::evidence`] (computed once by the caller).
    Text(&'a str, u32),
    /// A line an earlier pass gave a role (a heading, a signature, a table of contents): the text's, not
    /// prose.
    Role,
    /// A line already found to be furniture: it ends a region.
    Furniture,
}

/// The main text's first and last line among `lines`, or `None` when no line reads as prose.
///
/// Lines are grouped in regions, split where the page's chrome stands (one line of strong evidence, or two
/// lines of chrome in a row); the region that holds the most characters of prose is the main text, from its
/// first good line to its last. Headings, items and the closing block between good lines belong to it.
pub fn span(lines: &[Slot]) -> Option<(usize, usize)> {
    let evidence: Vec<u32> = lines
        .iter()
        .map(|l| match l {
            Slot::Text(_, evidence) => *evidence,
            Slot::Role => 0,
            Slot::Furniture => SEPARATES,
        })
        .collect();
    let mut best: Option<(usize, usize, usize)> = None;
    let mut region: Option<(usize, usize, usize)> = None;
    let mut close = |region: &mut Option<(usize, usize, usize)>| {
        if let Some(r) = region.take() {
            if best.is_none_or(|b| r.2 > b.2) {
                best = Some(r);
            }
        }
    };
    for (i, line) in lines.iter().enumerate() {
        let chrome_run = evidence[i] >= CHROME && evidence.get(i + 1).is_some_and(|&e| e >= CHROME);
        if evidence[i] >= SEPARATES || chrome_run {
            close(&mut region);
            continue;
        }
        let Slot::Text(t, evidence) = *line else { continue };
        if !is_good(t, evidence) {
            continue;
        }
        let weight = char_len(t);
        region = Some(match region {
            Some((first, _, chars)) => (first, i, chars + weight),
            None => (i, i, weight),
        });
    }
    close(&mut region);
    best.map(|(first, last, _)| (first, last))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROSE: &str = "为进一步规范本县突发事件应急处置工作，健全应急响应机制，现将有关事项通知如下。";

    fn span_of(lines: &[&str]) -> Option<(usize, usize)> {
        span(&lines.iter().map(|l| text(l)).collect::<Vec<_>>())
    }

    fn text(t: &str) -> Slot<'_> {
        Slot::Text(t, furniture::evidence(t))
    }

    #[test]
    fn the_text_runs_from_its_first_prose_line_to_its_last() {
        let page = [
            "首页 > 通知公告",
            "来源：某某局 发布时间：2024-01-15",
            PROSE,
            "一、总体要求",
            PROSE,
            "返回顶部",
        ];
        assert_eq!(span_of(&page), Some((2, 4)));
    }

    #[test]
    fn the_largest_region_of_prose_wins_over_a_teaser_beyond_the_pages_chrome() {
        let page = [
            PROSE,
            PROSE,
            "上一篇：某某新闻",
            "版权所有：某某网站",
            "某某局召开会议，研究部署下一阶段安全生产工作。",
        ];
        assert_eq!(span_of(&page), Some((0, 1)));
    }

    #[test]
    fn teasers_cut_short_are_not_the_texts_prose() {
        assert!(is_cut_short("以下是教育局局长今日在立法会会议上就《施政报告》致谢议案…"));
        assert!(!is_cut_short("他沉默了很久，终于开口：“其实……”") && !is_cut_short("她望着远方……"));
        let page = [PROSE, "以下是局长今日在立法会会议上就《施政报告》致谢议案辩论的发言…"];
        assert_eq!(span_of(&page), Some((0, 0)));
    }

    #[test]
    fn lines_with_roles_neither_count_nor_break_the_text() {
        let lines = [text(PROSE), Slot::Role, Slot::Role, text(PROSE)];
        assert_eq!(span(&lines), Some((0, 3)));
        let split = [text(PROSE), Slot::Furniture, text(PROSE), text(PROSE)];
        assert_eq!(span(&split), Some((2, 3)));
        assert_eq!(span_of(&["首页", "登录", "注册"]), None);
    }
}
