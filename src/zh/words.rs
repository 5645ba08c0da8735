//! Where a line of Chinese may end without cutting a word: GB/T 9704 §7.3.1 breaks a title between whole
//! words (`关于2019 / 年`, `巴东 / 县`, `大督 / 查` are the failures it forbids).
//!
//! The text is cut into words by the fewest words of a lexicon ([`LEXICON`]) that cover it, numbers and
//! Latin runs whole; a gap is a place to break only between two words, never next to a lone character
//! that is no function word (an unknown name, a place's `县`, a number's `年`: it belongs to its
//! neighbour), and the gaps are ranked as title setters rank them: after a pause mark, at the issuer's
//! `关于`, before the closing `的通知`, at a book title, before the rest.
//!
//! The lexicon is looked up in place (a binary search over sorted lines), so it costs nothing to load: a
//! segmenter crate with its full dictionary took 150–250 ms to start, three times a whole conversion.

use super::kinsoku;
use std::ops::Range;

/// 71 879 words of two to seven Han characters, one a line in byte order: those of jieba's dictionary
/// (MIT licence, © 2013 Sun Junyi) used at least 20 times in its corpus, less any with `的` (a particle
/// that [`break_costs`] ranks itself).
static LEXICON: &str = include_str!("words.txt");

/// Characters longer than any lexicon word are never looked up.
const LONGEST_WORD: usize = 7;

/// Single characters that are words of their own — particles, conjunctions, prepositions — and so may
/// stand next to a break; any other lone character is part of the word beside it.
const FUNCTION_CHARS: &str = "的和与及对在为等并或将向从由";

/// Lone characters that belong to the word before them: a place's or an office's suffix, a number's unit
/// (`巴东县`, `2019年`, `第五次`); any other lone character belongs to both neighbours.
const SUFFIX_CHARS: &str = "省市县区州盟旗镇乡村年月日号次届批期个项条级类种起";

/// Lone characters that belong to the word after them (`第4626号`).
const PREFIX_CHARS: &str = "第";

/// Verbs after which a title turns to the document it forwards (`关于印发 / 《…》的通知`).
const FORWARDING: [&str; 4] = ["印发", "转发", "批转", "发布"];

/// Whether `word` is in the lexicon.
fn is_word(word: &str) -> bool {
    let bytes = LEXICON.as_bytes();
    let (mut lo, mut hi) = (0usize, bytes.len());
    // Invariant: `lo` and `hi` are line starts (or the end); the word, if present, starts in lo..hi.
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = bytes.get(..mid).and_then(|b| b.iter().rposition(|&c| c == b'\n')).map_or(0, |p| p + 1);
        let start = start.max(lo);
        let end = bytes
            .get(start..)
            .and_then(|b| b.iter().position(|&c| c == b'\n'))
            .map_or(bytes.len(), |p| start + p);
        let line = LEXICON.get(start..end).unwrap_or("");
        match line.cmp(word) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => lo = end + 1,
            std::cmp::Ordering::Greater => hi = start,
        }
    }
    false
}

/// The words of `chars`, as ranges of character indices covering them in order: the fewest lexicon words,
/// ASCII letter and digit runs whole, anything else a character of its own.
pub fn words(chars: &[char]) -> Vec<Range<usize>> {
    let n = chars.len();
    // best[i]: the fewest words covering chars[..i], and where the last of them starts.
    let mut best: Vec<(usize, usize)> = vec![(usize::MAX, 0); n + 1];
    if let Some(first) = best.first_mut() {
        *first = (0, 0);
    }
    for i in 0..n {
        let Some(&(count, _)) = best.get(i).filter(|b| b.0 != usize::MAX) else { continue };
        let mut candidates = Vec::new();
        let run = chars.get(i..).unwrap_or(&[]).iter().take_while(|c| c.is_ascii_alphanumeric()).count();
        if run > 0 {
            candidates.push(i + run);
        } else {
            let han = chars
                .get(i..)
                .unwrap_or(&[])
                .iter()
                .take(LONGEST_WORD)
                .take_while(|&&c| super::chars::is_han(c))
                .count();
            let mut word = String::new();
            for (k, ch) in chars.iter().skip(i).take(han).enumerate() {
                word.push(*ch);
                if k > 0 && is_word(&word) {
                    candidates.push(i + k + 1);
                }
            }
            candidates.push(i + 1);
        }
        for end in candidates {
            if let Some(slot) = best.get_mut(end).filter(|slot| count + 1 < slot.0) {
                *slot = (count + 1, i);
            }
        }
    }
    let mut out = Vec::new();
    let mut end = n;
    while end > 0 {
        let start = best.get(end).map_or(0, |b| b.1);
        out.push(start..end);
        end = start;
    }
    out.reverse();
    out
}

/// How good a place to end a line each gap of `chars` is: entry `g` is the gap before `chars[g]` (so the
/// first and the last entry, the text's ends, are `None`), `Some(cost)` where a line may end (0 is best)
/// and `None` where it would cut a word or break a line-breaking rule (clreq §1.1).
pub fn break_costs(chars: &[char]) -> Vec<Option<u32>> {
    let n = chars.len();
    let words = words(chars);
    // The word each character belongs to.
    let mut word_of = vec![0usize; n];
    for (w, range) in words.iter().enumerate() {
        for slot in word_of.get_mut(range.clone()).unwrap_or_default() {
            *slot = w;
        }
    }
    let text = |range: &Range<usize>| chars.get(range.clone()).unwrap_or(&[]).iter().collect::<String>();
    let is_wordlike = |c: char| super::chars::is_han(c) || c.is_ascii_alphanumeric();
    // The lone character that is no function word making up word `w`, if it is one.
    let lone = |w: usize| {
        let range = words.get(w).filter(|r| r.len() == 1)?;
        chars.get(range.start).copied().filter(|&c| super::chars::is_han(c) && !FUNCTION_CHARS.contains(c))
    };
    let mut costs = vec![None; n + 1];
    for g in 1..n {
        let (Some(&a), Some(&b)) = (chars.get(g - 1), chars.get(g)) else { continue };
        let (before, after) =
            (word_of.get(g - 1).copied().unwrap_or(0), word_of.get(g).copied().unwrap_or(0));
        if kinsoku::is_no_line_start(b) || kinsoku::is_no_line_end(a) || kinsoku::is_inseparable(a, b) {
            continue;
        }
        if before == after {
            continue;
        }
        // A lone character that is no function word belongs to the word beside it: `巴东县`, `2019年`.
        let holds_on = |c: Option<char>, other_side: &str| c.is_some_and(|c| !other_side.contains(c));
        if is_wordlike(a)
            && is_wordlike(b)
            && (holds_on(lone(before), SUFFIX_CHARS) || holds_on(lone(after), PREFIX_CHARS))
        {
            continue;
        }
        // A parenthesis qualifies the word before it (`西藏班（校）`, `总体规划（2018—2035年）`), and counted
        // parts run on (`十届四次会议`).
        let counted =
            |i: usize| chars.get(i).is_some_and(|&c| c.is_ascii_digit() || super::numerals::is_cn_numeral(c));
        if (b == '（' && is_wordlike(a))
            || (SUFFIX_CHARS.contains(a) && g >= 2 && counted(g - 2) && counted(g))
        {
            continue;
        }
        let next = words.get(after).map(&text).unwrap_or_default();
        let previous = words.get(before).map(&text).unwrap_or_default();
        // The genre that closes the title (`通知`, `批复`, `函`) when it is the last word after `的`.
        let closing_genre = |at: usize| at + 1 == words.len();
        let cost = if "、，；：".contains(a) {
            0
        } else if next == "关于" {
            // Between the issuer and its `关于`.
            0
        } else if b == '的' {
            // `… / 的通知`: the particle goes down with the genre it introduces, and only then.
            if !closing_genre(after + 1) {
                continue;
            }
            0
        } else if a == '的' {
            if closing_genre(after) {
                continue;
            }
            2
        } else if previous == "关于" || FORWARDING.contains(&previous.as_str()) {
            1
        } else if b == '《' || a == '》' {
            2
        } else if a == '）' || FUNCTION_CHARS.contains(a) || FUNCTION_CHARS.contains(b) {
            3
        } else {
            5
        };
        if let Some(slot) = costs.get_mut(g) {
            *slot = Some(cost);
        }
    }
    costs
}

/// The outermost bracketed spans of `chars` (`《…》`, `（…）`, `“…”`, `〔…〕`), as character ranges from
/// the opening mark to the closing one inclusive: a line should not break inside one that fits on it.
pub fn bracket_spans(chars: &[char]) -> Vec<Range<usize>> {
    let closer = |c: char| match c {
        '《' => Some('》'),
        '（' => Some('）'),
        '“' => Some('”'),
        '〔' => Some('〕'),
        _ => None,
    };
    let mut open: Vec<(usize, char)> = Vec::new();
    let mut spans = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if let Some(close) = closer(c) {
            open.push((i, close));
        } else if open.last().is_some_and(|&(_, close)| close == c) {
            if let Some((start, _)) = open.pop().filter(|_| open.is_empty()) {
                spans.push(start..i + 1);
            }
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        words(&chars).into_iter().map(|r| chars[r].iter().collect::<String>()).collect::<Vec<_>>().join("/")
    }

    /// `text` with a `|` at every gap where a line may end.
    fn breakable(text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let costs = break_costs(&chars);
        let mut out = String::new();
        for (i, c) in chars.iter().enumerate() {
            if i > 0 && costs[i].is_some() {
                out.push('|');
            }
            out.push(*c);
        }
        out
    }

    #[test]
    fn the_lexicon_is_sorted_and_looked_up_in_place() {
        let lines: Vec<&str> = LEXICON.lines().collect();
        assert!(lines.windows(2).all(|w| w[0] < w[1]), "sorted, no duplicates");
        assert!(
            is_word("关于")
                && is_word("中华人民共和国")
                && is_word(lines[0])
                && is_word(lines[lines.len() - 1])
        );
        assert!(!is_word("于国") && !is_word("") && !is_word("的通知"));
    }

    #[test]
    fn words_are_the_fewest_that_cover_the_text() {
        assert_eq!(
            cut("国务院办公厅关于2019年部分节假日安排的通知"),
            "国务院办公厅/关于/2019/年/部分/节假日/安排/的/通知"
        );
        assert_eq!(cut("《中华人民共和国药品管理法"), "《/中华人民共和国/药品/管理法");
    }

    #[test]
    fn no_break_cuts_a_word_a_number_s_unit_or_a_place_s_suffix() {
        assert_eq!(breakable("关于2019年部分"), "关于|2019年|部分");
        assert_eq!(breakable("湖北省巴东县地质灾害"), "湖北省|巴东县|地质|灾害");
        assert_eq!(
            breakable("第五次大督查发现"),
            "第五次大督查|发现",
            "an unknown lone 大 holds on to both sides"
        );
        assert_eq!(breakable("印发《中华人民共和国》的通知"), "印发|《中华人民共和国》|的通知");
        assert_eq!(breakable("全国政协十届四次会议"), "全国政协|十届四次|会议");
        assert_eq!(breakable("西藏班（校）扩大"), "西藏班（校）|扩大");
    }

    #[test]
    fn the_gaps_title_setters_prefer_cost_least() {
        let chars: Vec<char> = "国务院办公厅关于山西、安徽省事故的通报".chars().collect();
        let costs = break_costs(&chars);
        let at = |prefix: &str| costs[prefix.chars().count()];
        assert_eq!(at("国务院办公厅"), Some(0), "issuer | 关于");
        assert_eq!(at("国务院办公厅关于山西、"), Some(0), "after a pause mark");
        assert_eq!(at("国务院办公厅关于山西、安徽省事故"), Some(0), "| 的通报");
        assert_eq!(at("国务院办公厅关于山西、安徽省事故的"), None, "的 | 通报");
        assert_eq!(at("国务院办公厅关于"), Some(1));
        assert_eq!(at("国务院办公厅关于山西、安徽省"), Some(5), "between two other words");
        assert_eq!(at("国务院"), None, "国务院办公厅 is one word");
    }

    #[test]
    fn bracketed_spans_are_outermost() {
        let chars: Vec<char> = "关于《〈甲〉乙》（2018年）".chars().collect();
        assert_eq!(bracket_spans(&chars), [2..8, 8..15]);
    }
}
