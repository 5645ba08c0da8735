//! Character classes: Han, wide, layout spaces, sentence punctuation. Hand-written scans over `char`s
//! rather than regular expressions: the readers ask them of every line of a 2 MB novel, and layout of every
//! pair of characters.

/// Whitespace that is presentation, not content, at the start or end of a line: ASCII space and tab,
/// ideographic space U+3000 (the typed two-character indent), NBSP, en/em spaces, and the BOM/ZWNBSP some
/// editors leave.
pub fn is_layout_space(ch: char) -> bool {
    matches!(ch, ' ' | '\t' | '\u{3000}' | '\u{A0}' | '\u{FEFF}' | '\u{2000}'..='\u{200B}' | '\u{C}' | '\r')
}

/// Marks that end a whole sentence: full stop, question and exclamation mark, full-width and ASCII (`．` is
/// used as a full stop in some old e-texts).
pub fn is_full_stop(ch: char) -> bool {
    matches!(ch, '。' | '．' | '！' | '？' | '!' | '?')
}

/// Marks that end a sentence or a clause: the full stops, semicolons and the ellipsis.
pub fn is_sentence_end(ch: char) -> bool {
    is_full_stop(ch) || matches!(ch, '；' | ';' | '…')
}

/// Closing marks that may follow a sentence end (`。”`).
pub fn is_closer(ch: char) -> bool {
    matches!(ch, '”' | '’' | '」' | '』' | '）' | ')' | '》' | '】' | '〕' | '"' | '\'')
}

/// Whether `text` ends a sentence or a clause that introduces what follows (`：`), ignoring closing quotes.
pub fn ends_sentence(text: &str) -> bool {
    let last = text.trim_end_matches(|c: char| is_closer(c) || is_layout_space(c)).chars().next_back();
    matches!(last, Some(c) if is_sentence_end(c) || c == '：' || c == ':')
}

/// Whether a line starting with `text` continues the previous line: typography never starts a line (let
/// alone a paragraph) with closing punctuation (clreq 3.1.7).
pub fn starts_with_closing_punct(text: &str) -> bool {
    matches!(
        text.chars().next(),
        Some(
            '，' | '。'
                | '、'
                | '；'
                | '：'
                | '！'
                | '？'
                | '）'
                | '」'
                | '』'
                | '”'
                | '’'
                | '》'
                | '…'
                | '．'
                | ','
                | ';'
                | '!'
                | '?'
                | ')'
        )
    )
}

/// Sentence punctuation a heading never contains: full stops, question and exclamation marks, semicolons,
/// colons.
pub fn has_sentence_punct(text: &str) -> bool {
    text.chars().any(|c| is_sentence_end(c) || c == '：' || c == ':')
}

/// A Han character (汉字): the unified ideographs with extension A, the compatibility block, and the
/// supplementary ideographic planes 2 and 3 (extensions B to H).
pub fn is_han(ch: char) -> bool {
    matches!(ch, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3FFFF}')
}

/// Private Use Area code points (GBK user-defined glyphs end up here).
pub fn is_private_use(ch: char) -> bool {
    matches!(ch, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{FFFFD}' | '\u{100000}'..='\u{10FFFD}')
}

/// Kana (hiragana and katakana): with Han, the ideographic letters that Latin text is spaced from.
pub fn is_kana(ch: char) -> bool {
    matches!(ch, '\u{3040}'..='\u{30FF}')
}

/// Whether `ch` belongs to the ideographic world: Han, kana, bopomofo, Hangul, CJK punctuation and
/// full-width forms, plus the quotes, dashes, ellipsis and middle dot that Chinese text shares with Latin
/// (set full width here). Between two such characters a line may break by clreq's rules rather than
/// UAX #14's, and a soft line break in Markdown joins with no space.
pub fn is_wide(ch: char) -> bool {
    // The common answers first: the unified ideographs, and everything below U+00B7 (ASCII among it).
    if matches!(ch, '\u{4E00}'..='\u{9FFF}') {
        return true;
    }
    if ch < '\u{B7}' {
        return false;
    }
    matches!(ch as u32,
        0x1100..=0x115F        // Hangul leading jamo
        | 0x2E80..=0x303F      // radicals, CJK symbols and punctuation
        | 0x3040..=0x33FF      // kana, bopomofo, Hangul compatibility jamo, enclosed and compatibility CJK
        | 0x3400..=0x4DBF      // Extension A
        | 0xA960..=0xA97F      // Hangul jamo extended A
        | 0xAC00..=0xD7AF      // Hangul syllables
        | 0xF900..=0xFAFF      // compatibility ideographs
        | 0xFE30..=0xFE4F      // compatibility forms
        | 0xFF00..=0xFFEF      // full-width (and half-width) forms
        | 0x20000..=0x3FFFF)   // supplementary ideographs
        || is_shared_with_latin(ch)
}

/// Whether `ch` is one of the quotes, dashes, ellipsis and middle dot Chinese text shares with Latin: set
/// full width in Chinese, but given a Latin face (half width) by software that decides by code point
/// alone (Word and LibreOffice without `w:hint="eastAsia"`).
pub fn is_shared_with_latin(ch: char) -> bool {
    matches!(ch as u32, 0x2014 | 0x2018 | 0x2019 | 0x201C | 0x201D | 0x2026 | 0x00B7 | 0x2E3A | 0x2E3B)
}

/// Whether `ch` is a Latin-script letter or digit (Greek and Cyrillic count too). Circled and
/// parenthesised numbers (①, ⑴, ❶: note markers, enumerations) are Chinese typography's own.
pub fn is_latin(ch: char) -> bool {
    // ASCII answered directly, and the CJK test before the Unicode tables: most characters are one or other.
    if ch.is_ascii() {
        return ch.is_ascii_alphanumeric();
    }
    !is_wide(ch) && ch.is_alphanumeric() && !matches!(ch, '\u{2460}'..='\u{24FF}' | '\u{2776}'..='\u{2793}')
}

/// Whether the quote `ch`, found between `prev` and `next`, is Latin punctuation (an English apostrophe)
/// rather than a Chinese quotation mark: `’` (or `‘` typed for it) between two Latin letters or digits
/// (`two’s`, `don‘t`), or `’` after one and before a space or the end (`students’ work`). Such a mark is
/// set as Latin text is: proportional, justified and broken with the word it belongs to, and in the face's
/// Latin rather than its full-width form.
pub fn is_latin_quote(prev: Option<char>, ch: char, next: Option<char>) -> bool {
    let after_latin = prev.is_some_and(is_latin);
    match ch {
        '’' => after_latin && next.is_none_or(|n| is_latin(n) || n.is_whitespace()),
        '‘' => after_latin && next.is_some_and(is_latin),
        _ => false,
    }
}

/// Whether `ch` is a mark [`is_latin_quote`] may find Latin in some place: `’` and `‘`.
pub fn may_be_latin_quote(ch: char) -> bool {
    matches!(ch, '’' | '‘')
}

/// [`is_wide`] for the character at `i` of `chars`, told by its neighbours where that matters: a quote
/// that [`is_latin_quote`] is not wide.
pub fn is_wide_at(chars: &[char], i: usize) -> bool {
    let Some(&ch) = chars.get(i) else { return false };
    is_wide(ch)
        && !is_latin_quote(
            i.checked_sub(1).and_then(|k| chars.get(k).copied()),
            ch,
            chars.get(i + 1).copied(),
        )
}

/// The width of `text` in ems of its size as a grid counts it, for backends that place a line without
/// measuring glyphs (the DOCX's and the EPUB's closing block): a wide character one, anything else a half
/// (digits and Latin letters set half-width).
pub fn width_em(text: &str) -> f32 {
    text.chars().map(|c| if is_wide(c) { 1.0 } else { 0.5 }).sum()
}

/// `text` cut where it passes between wide ([`is_wide`]) and other characters: each piece with whether it
/// is wide. Whitespace goes with the piece before it (leading whitespace with the first): `见 Nature 7` is
/// `见 ` and `Nature 7`.
pub fn wide_runs(text: &str) -> Vec<(&str, bool)> {
    let mut runs = Vec::new();
    let (mut start, mut class) = (0, None);
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            continue;
        }
        let wide = is_wide(c);
        if let Some(previous) = class.filter(|&k| k != wide) {
            runs.push((&text[start..i], previous));
            start = i;
        }
        class = Some(wide);
    }
    if start < text.len() {
        runs.push((&text[start..], class.unwrap_or(false)));
    }
    runs
}

/// Takes a run of characters satisfying `pred` from the start of `text`: (run, rest).
pub fn take_while(text: &str, pred: impl Fn(char) -> bool) -> (&str, &str) {
    let end = text.char_indices().find(|&(_, c)| !pred(c)).map_or(text.len(), |(i, _)| i);
    text.split_at(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_widths_count_half_width_digits_as_halves() {
        assert_eq!(width_em("2026年11月20日"), 7.0);
        assert_eq!(width_em("市教育局"), 4.0);
    }

    #[test]
    fn sentence_ends_ignore_closing_quotes() {
        assert!(ends_sentence("他说：“好。”"));
        assert!(ends_sentence("同志们："));
        assert!(!ends_sentence("分别就政府机构改革和职能转变"));
    }

    #[test]
    fn text_is_cut_between_wide_and_latin_runs() {
        assert_eq!(wide_runs("见 Nature 7，一文"), [("见 ", true), ("Nature 7", false), ("，一文", true)]);
        assert_eq!(wide_runs(" a"), [(" a", false)]);
        assert_eq!(wide_runs("  "), [("  ", false)]);
        assert!(wide_runs("").is_empty());
    }

    #[test]
    fn apostrophes_between_latin_letters_are_latin_and_chinese_quotes_stay_wide() {
        let wide_at = |text: &str, ch: char| {
            let chars: Vec<char> = text.chars().collect();
            let i = chars.iter().position(|&c| c == ch).expect("in the text");
            is_wide_at(&chars, i)
        };
        for text in ["two’s", "don‘t", "students’ work", "the 1990’s", "Jones’"] {
            let quote = if text.contains('‘') { '‘' } else { '’' };
            assert!(!wide_at(text, quote), "{text}");
        }
        for text in ["他说：‘好’。", "‘Hello’，他说", "Word’。", "甲’s", "Ж’ш"] {
            let quote = '’';
            let expected = !text.starts_with('Ж');
            assert_eq!(wide_at(text, quote), expected, "{text}");
        }
        assert!(!is_latin_quote(Some('s'), '”', None), "a double quote closes a quotation, Chinese or not");
    }

    #[test]
    fn han_is_a_subset_of_wide_and_latin_is_in_neither() {
        for ch in ['汉', '㐀', '豈', '𠀀', '𲎯'] {
            assert!(is_han(ch) && is_wide(ch), "{ch}");
        }
        for ch in ['，', '“', '—', '…', 'あ', '한'] {
            assert!(!is_han(ch) && is_wide(ch), "{ch}");
        }
        for ch in ['a', '1', ',', 'é', 'Ж'] {
            assert!(!is_han(ch) && !is_wide(ch), "{ch}");
        }
    }
}
