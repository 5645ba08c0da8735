//! Vertical writing (竖排): the vertical form of each punctuation mark, and which runs of digits stand
//! upright in one square (縱中橫, tate-chu-yoko).
//!
//! The vertical forms are Unicode's presentation forms (U+FE10–FE19, U+FE30–FE44), which every bundled
//! Chinese face draws: the fonts' own `vert` substitutions would do the same, but an embedded subset keeps
//! only the glyphs its characters map to, not the alternates a layout feature reaches.

use std::borrow::Cow;

/// The vertical form of a punctuation mark, or `None` for a character set as it is. Quotation marks
/// become corner brackets, as vertical Chinese sets them (“” → ﹁﹂, ‘’ → ﹃﹄).
pub fn vertical_form(ch: char) -> Option<char> {
    Some(match ch {
        '，' => '︐',
        '、' => '︑',
        '。' => '︒',
        '：' => '︓',
        '；' => '︔',
        '！' => '︕',
        '？' => '︖',
        '「' | '“' => '﹁',
        '」' | '”' => '﹂',
        '『' | '‘' => '﹃',
        '』' | '’' => '﹄',
        '（' => '︵',
        '）' => '︶',
        '｛' => '︷',
        '｝' => '︸',
        '〔' => '︹',
        '〕' => '︺',
        '【' => '︻',
        '】' => '︼',
        '《' => '︽',
        '》' => '︾',
        '〈' => '︿',
        '〉' => '﹀',
        '〖' => '︗',
        '〗' => '︘',
        '…' => '︙',
        '—' => '︱',
        '–' => '︲',
        _ => return None,
    })
}

/// `text` with every punctuation mark in its vertical form.
pub fn vertical_text(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|ch| vertical_form(ch).is_some()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|ch| vertical_form(ch).unwrap_or(ch)).collect())
}

/// `text` cut into pieces, each marked `true` when it is a number of one or two ASCII digits standing alone
/// (not part of a longer run of Latin letters and digits): set upright in one square. Longer numbers and
/// Latin words are turned on their side, as vertical text sets them by default.
pub fn upright_runs(text: &str) -> Vec<(&str, bool)> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((i, ch)) = iter.next() {
        if !ch.is_ascii_alphanumeric() {
            continue;
        }
        // A run of Latin letters and digits: [i, end).
        let mut end = i + ch.len_utf8();
        let mut digits_only = ch.is_ascii_digit();
        while let Some(&(j, next)) = iter.peek() {
            if !next.is_ascii_alphanumeric() {
                break;
            }
            digits_only &= next.is_ascii_digit();
            end = j + next.len_utf8();
            iter.next();
        }
        if digits_only && end - i <= 2 {
            if start < i {
                pieces.push((&text[start..i], false));
            }
            pieces.push((&text[i..end], true));
            start = end;
        }
    }
    if start < text.len() {
        pieces.push((&text[start..], false));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_takes_its_vertical_form() {
        assert_eq!(vertical_text("他說：「好，走吧。」"), "他說︓﹁好︐走吧︒﹂");
        assert_eq!(vertical_text("《红楼梦》……"), "︽红楼梦︾︙︙");
        assert!(matches!(vertical_text("无标点"), Cow::Borrowed(_)));
    }

    #[test]
    fn one_or_two_digits_stand_upright_and_longer_runs_do_not() {
        assert_eq!(
            upright_runs("第12回，1954年，A4纸，7日"),
            vec![("第", false), ("12", true), ("回，1954年，A4纸，", false), ("7", true), ("日", false)]
        );
        assert_eq!(upright_runs("无数字"), vec![("无数字", false)]);
    }
}
