//! clreq's line-breaking prohibitions (行首行尾禁则, TYPOGRAPHY.md §1.1): the marks that may not start a
//! line, those that may not end one, and the pairs that never split. Layout breaks lines by them; the DOCX
//! backend hands Word the same sets as its custom kinsoku.

/// Marks that must not start a line (clreq "basic" level plus the practical Chinese list in TYPOGRAPHY.md
/// §1.1): pause and stop marks, closing quotes and brackets, connectors, interpuncts.
pub const NO_LINE_START: &str =
    "、，；：。！？）】》」』”’…·〕］｝〉〗．～—–‐‑｡､,.;:!?)]}%‰℃°′″・ー゛゜ゝゞ々〃";

/// Marks that must not end a line: opening quotes and brackets.
pub const NO_LINE_END: &str = "（【《「『“‘〔［｛〈〖([{$£¥￥";

/// Whether `ch` may not begin a line: a character of [`NO_LINE_START`], spelled out as patterns because
/// layout asks for every character pair (searching the string costs ~100 instructions a time).
pub fn is_no_line_start(ch: char) -> bool {
    matches!(ch, '、' | '，' | '；' | '：' | '。' | '！' | '？' | '）' | '】' | '》')
        || matches!(ch, '」' | '』' | '”' | '’' | '…' | '·' | '〕' | '］' | '｝' | '〉')
        || matches!(ch, '〗' | '．' | '～' | '—' | '–' | '‐' | '‑' | '｡' | '､' | ',')
        || matches!(ch, '.' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '%' | '‰')
        || matches!(ch, '℃' | '°' | '′' | '″' | '・' | 'ー' | '゛' | '゜' | 'ゝ' | 'ゞ')
        || matches!(ch, '々' | '〃')
}

/// Whether `ch` may not end a line: a character of [`NO_LINE_END`] (patterns, as for the start).
pub fn is_no_line_end(ch: char) -> bool {
    matches!(ch, '（' | '【' | '《' | '「' | '『' | '“' | '‘' | '〔' | '［' | '｛')
        || matches!(ch, '〈' | '〖' | '(' | '[' | '{' | '$' | '£' | '¥' | '￥')
}

/// Whether the pair (`a`, `b`) is one unbreakable unit: `——` and `……` never split (clreq §1.7).
pub fn is_inseparable(a: char, b: char) -> bool {
    a == b && matches!(a, '—' | '…' | '⸺' | '⋯')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kinsoku_tests_match_exactly_the_published_tables() {
        // Every Unicode scalar value: the `match`es and the strings Word is given agree on all of them.
        for ch in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_no_line_start(ch), NO_LINE_START.contains(ch), "{ch:?} starting a line");
            assert_eq!(is_no_line_end(ch), NO_LINE_END.contains(ch), "{ch:?} ending a line");
        }
    }
}
