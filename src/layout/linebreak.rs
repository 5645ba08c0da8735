//! Line-break opportunities: UAX #14 for Latin text, tailored by clreq's basic prohibition rules (行首行尾禁则)
//! for Chinese, where UAX #14 alone is not enough (it classes “ ” as QU and so never breaks around them).

use crate::zh::chars::is_wide_at;
use crate::zh::kinsoku::{is_inseparable, is_no_line_end, is_no_line_start};

/// For each character of `chars`, whether a line may break *before* it. Index 0 is always false; a
/// mandatory break (`\n`) is reported as allowed after it and handled by the caller.
pub fn break_opportunities(chars: &[char]) -> Vec<bool> {
    let mut allowed = vec![false; chars.len()];
    // First the pairs the Chinese rules decide; UAX #14 is run only if some pair is left to it (most
    // paragraphs of a Chinese document have none, and it is the costlier part).
    let mut needs_uax = false;
    let wide: Vec<bool> = (0..chars.len()).map(|i| is_wide_at(chars, i)).collect();
    let rule_at = |index: usize| -> Option<bool> {
        let (&prev, &next) = (chars.get(index.wrapping_sub(1))?, chars.get(index)?);
        let wide_at = |k: usize| wide.get(k).copied().unwrap_or(false);
        let wide_pair = wide_at(index.wrapping_sub(1)) || wide_at(index);
        pair_rule(prev, next, wide_pair)
    };
    for (index, slot) in allowed.iter_mut().enumerate().skip(1) {
        match rule_at(index) {
            Some(ok) => *slot = ok,
            None => needs_uax = true,
        }
    }
    if needs_uax {
        let text: String = chars.iter().collect();
        // UAX #14 reports, in increasing order, the byte offset of the position after which a break may
        // happen: walk the characters alongside to turn it into the index of the character after it.
        let (mut index, mut byte) = (0, 0);
        for (offset, _) in unicode_linebreak::linebreaks(&text) {
            while byte < offset {
                let Some(ch) = chars.get(index) else { break };
                byte += ch.len_utf8();
                index += 1;
            }
            if index > 0 && index < chars.len() && rule_at(index).is_none() {
                if let Some(slot) = allowed.get_mut(index) {
                    *slot = true;
                }
            }
        }
    }
    allowed
}

/// Whether a line may break between `prev` and `next` by the Chinese rules, `None` when neither is
/// ideographic (`wide_pair` false: neither [`is_wide_at`] its place) and UAX #14 decides.
fn pair_rule(prev: char, next: char, wide_pair: bool) -> Option<bool> {
    if is_inseparable(prev, next) {
        Some(false)
    } else if wide_pair {
        // clreq basic: closing marks never start a line, opening marks never end one. Spaces are
        // handled by UAX #14 (a break after a space is always allowed there).
        Some(!is_no_line_start(next) && !is_no_line_end(prev) && !next.is_whitespace())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zh::kinsoku::{NO_LINE_END, NO_LINE_START};

    fn allowed_before(text: &str) -> Vec<(char, bool)> {
        let chars: Vec<char> = text.chars().collect();
        chars.iter().copied().zip(break_opportunities(&chars)).collect()
    }

    #[test]
    fn closing_marks_never_start_and_opening_marks_never_end_a_line() {
        for (ch, ok) in allowed_before("他说：“好。”（注）《书》") {
            if is_no_line_start(ch) {
                assert!(!ok, "break allowed before {ch}");
            }
        }
        let chars: Vec<char> = "甲“乙（丙《丁".chars().collect();
        let ops = break_opportunities(&chars);
        for i in 1..chars.len() {
            if is_no_line_end(chars[i - 1]) {
                assert!(!ops[i], "break allowed after {}", chars[i - 1]);
            }
        }
    }

    #[test]
    fn every_mark_of_the_kinsoku_tables_is_honoured_between_hanzi() {
        for mark in NO_LINE_START.chars() {
            let chars = ['汉', mark, '字'];
            assert!(!break_opportunities(&chars)[1], "break allowed before {mark}");
        }
        for mark in NO_LINE_END.chars() {
            let chars = ['汉', mark, '字'];
            assert!(!break_opportunities(&chars)[2], "break allowed after {mark}");
        }
        // The lists are all in the tables (clreq basic level, TYPOGRAPHY.md §1.1).
        for mark in "、，；：。！？）】》」』”’…·〕］｝〉〗".chars() {
            assert!(is_no_line_start(mark), "{mark} may start a line");
        }
        for mark in "（【《「『“‘〔［｛〈〖".chars() {
            assert!(is_no_line_end(mark), "{mark} may end a line");
        }
        // Plain hanzi break anywhere.
        assert_eq!(break_opportunities(&['汉', '字', '排']), [false, true, true]);
    }

    #[test]
    fn a_url_stays_whole_except_after_a_slash() {
        let text = "见https://www.w3.org/TR/clreq/一文";
        let chars: Vec<char> = text.chars().collect();
        let ops = break_opportunities(&chars);
        let url_start = 1;
        let url_end = text.chars().count() - 2;
        for i in url_start + 1..url_end {
            if ops[i] {
                assert_eq!(chars[i - 1], '/', "break inside the URL before {}", chars[i]);
            }
        }
        assert!((url_start + 1..url_end).any(|i| ops[i]), "a long URL may break after a slash");
    }

    #[test]
    fn dashes_and_ellipses_never_split() {
        let chars: Vec<char> = "甲——乙……丙".chars().collect();
        let ops = break_opportunities(&chars);
        assert!(!ops[2], "—|— split");
        assert!(!ops[5], "…|… split");
        // Like the brief's list (and clreq's strict level), dashes and ellipses do not start a line either.
        assert!(!ops[1] && ops[3], "no break before a dash pair, but after it");
    }

    #[test]
    fn latin_words_and_numbers_stay_whole_and_han_breaks_anywhere() {
        let chars: Vec<char> = "汉字Typst 2022年".chars().collect();
        let ops = break_opportunities(&chars);
        assert!(ops[1], "between two hanzi");
        assert!(!ops[3] && !ops[4] && !ops[5], "inside a Latin word");
        assert!(ops[8], "after a space");
        assert!(!ops[9] && !ops[10], "inside a number");
    }
}
