//! Percent-decoding (RFC 3986 §2.1), below both the readers and the link policy: the Markdown reader decodes
//! image paths with it (`my%20pic.png`), [`crate::link`] anchors and local link targets.

/// `text` with every `%XX` escape (`X` an ASCII hex digit, either case) decoded, the bytes read as UTF-8
/// with invalid sequences replaced by U+FFFD. A `%` not followed by two hex digits (`100%`, `%4`, `%zz`,
/// `%+F`) stays as it is written.
pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        // `to_digit` takes hex digits only; a parser of numbers (`from_str_radix`) would also take a sign.
        let hex = |k: usize| bytes.get(k).and_then(|&b| char::from(b).to_digit(16));
        match (byte, hex(i + 1), hex(i + 2)) {
            (b'%', Some(high), Some(low)) => {
                // Two hex digits are at most 0xFF.
                out.push(u8::try_from(high * 16 + low).unwrap_or(b'?'));
                i += 3;
            }
            _ => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn escapes_decode_as_utf8_and_incomplete_ones_stay_as_written() {
        assert_eq!(decode("%E4%B8%AD"), "中");
        assert_eq!(decode("%e4%b8%ad%41"), "中A", "either case");
        assert_eq!(decode("my%20pic%E5%9B%BE.png"), "my pic图.png");
        for kept in ["%", "%4", "%zz", "%+F", "%-1", "% 4", "100%.png", "a%", "%%41"] {
            let expected = if kept == "%%41" { "%A" } else { kept };
            assert_eq!(decode(kept), expected, "{kept}");
        }
        assert_eq!(decode("%E4%B8%80%zz%4"), "一%zz%4");
    }

    #[test]
    fn invalid_utf8_becomes_the_replacement_character() {
        assert_eq!(decode("%FF.png"), "\u{FFFD}.png");
        assert_eq!(decode("%E4%B8"), "\u{FFFD}", "a cut sequence");
        assert_eq!(decode("%C0%80"), "\u{FFFD}\u{FFFD}", "an overlong NUL");
        assert_eq!(decode("%00"), "\u{0}", "valid UTF-8, left to the caller");
    }

    #[test]
    fn text_without_escapes_and_non_ascii_text_are_kept() {
        assert_eq!(decode(""), "");
        assert_eq!(decode("图%E7%89%87"), "图片");
        assert_eq!(decode("中%文"), "中%文", "a `%` before a multi-byte character");
    }
}
