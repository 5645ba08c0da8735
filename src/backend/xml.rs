//! XML text for the DOCX and EPUB backends: the one rule for characters XML 1.0 cannot carry, and escaping.
//!
//! The rule: a character XML 1.0 forbids (C0 controls other than tab and the line ends, U+FFFE, U+FFFF) is
//! replaced with U+FFFD and counted, and the count is reported. Both formats write the same text: the reader
//! sees where something was (a dropped character could join two words unseen), and the diagnostic says how
//! many there were. Refusing the document for one stray control would lose far more.

use crate::diag::{Diagnostic, Kind};
use std::borrow::Cow;

/// The character written in place of one XML cannot carry.
pub(crate) const REPLACEMENT: char = '\u{FFFD}';

/// Whether XML 1.0 allows `c` in a document (XML 1.0 §2.2, production `Char`).
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `text` with every character XML 1.0 cannot carry replaced by [`REPLACEMENT`], and the number replaced.
/// Clean text, nearly all of it, is borrowed.
pub(crate) fn sanitize(text: &str) -> (Cow<'_, str>, usize) {
    // Fast path: a byte scan for C0 controls and a search for the two noncharacters, instead of decoding
    // every character.
    let control = |b: u8| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r');
    let noncharacter = |c: char| memchr::memmem::find(text.as_bytes(), c.encode_utf8(&mut [0; 4]).as_bytes());
    if !text.bytes().any(control) && noncharacter('\u{FFFE}').is_none() && noncharacter('\u{FFFF}').is_none()
    {
        return (Cow::Borrowed(text), 0);
    }
    let count = text.chars().filter(|&c| !is_xml_char(c)).count();
    let clean = text.chars().map(|c| if is_xml_char(c) { c } else { REPLACEMENT }).collect();
    (Cow::Owned(clean), count)
}

/// The warning for `count` characters replaced under the rule, located at the backend `at` (`docx`, `epub`).
pub(crate) fn replaced(count: usize, at: &str) -> Diagnostic {
    Diagnostic::warning(
        Kind::Encoding,
        format!("{count} character(s) that XML cannot hold (control characters, U+FFFE, U+FFFF) were replaced with U+FFFD"),
    )
    .at(at)
}

/// Which quotation marks are escaped besides `&`, `<` and `>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quotes {
    /// None: element content.
    None,
    /// `"`: attribute values in double quotes.
    Double,
    /// `"` and `'`: text that may land in content or in an attribute of either quote.
    Both,
}

/// `text` escaped for XML, with characters XML cannot carry replaced by [`REPLACEMENT`].
pub(crate) fn escape(text: &str, quotes: Quotes) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text, quotes);
    out
}

/// Appends `text` escaped for XML to `out`, with characters XML cannot carry replaced by [`REPLACEMENT`].
pub(crate) fn push_escaped(out: &mut String, text: &str, quotes: Quotes) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if quotes != Quotes::None => out.push_str("&quot;"),
            '\'' if quotes == Quotes::Both => out.push_str("&apos;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push(REPLACEMENT),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_replaces_controls_and_noncharacters_and_borrows_clean_text() {
        let (clean, count) = sanitize("正文，“引号”\t制表\r\n换行\u{7F}\u{85}");
        assert!(matches!(clean, Cow::Borrowed(_)), "clean text is not copied; C1 controls are legal XML 1.0");
        assert_eq!(count, 0);
        let (fixed, count) = sanitize("甲\u{1}乙\u{FFFE}丙\u{FFFF}丁\u{B}");
        assert_eq!(fixed, "甲\u{FFFD}乙\u{FFFD}丙\u{FFFD}丁\u{FFFD}");
        assert_eq!(count, 4);
    }

    #[test]
    fn escaping_follows_the_same_rule_and_escapes_the_quotes_asked_for() {
        let text = "a<b>&\"c\"'d'\u{0}\u{1b}\u{FFFF}e";
        assert_eq!(escape(text, Quotes::None), "a&lt;b&gt;&amp;\"c\"'d'\u{FFFD}\u{FFFD}\u{FFFD}e");
        assert_eq!(escape(text, Quotes::Double), "a&lt;b&gt;&amp;&quot;c&quot;'d'\u{FFFD}\u{FFFD}\u{FFFD}e");
        assert_eq!(
            escape(text, Quotes::Both),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;\u{FFFD}\u{FFFD}\u{FFFD}e"
        );
        // What escaping writes is what `sanitize` gives, escaped.
        assert_eq!(escape("甲\u{1}乙", Quotes::None), sanitize("甲\u{1}乙").0);
    }
}
