//! Fewer bytes for the same page content ([`compact`], before the streams are deflated): the writer (see
//! `vendor`, fix-up 3) writes every glyph of a `TJ` array as a hex string of its own
//! (`[<0089><0197> -250<0047>] TJ`, six bytes a glyph); here adjacent strings of one array are merged and
//! written as one literal string (`[(…) -250(…)]TJ`, two bytes a glyph, a few more for the escaped `\` `(`
//! `)` and line ends). Showing two strings one after the other with no number between is showing their
//! concatenation (ISO 32000-1 §9.4.3), so the page is drawn exactly as before; the hex and the literal form
//! of a string are the same bytes (§7.3.4). On the seed this takes a sixth off the deflated page content,
//! and deflate has a third of the bytes to read.
//!
//! Only what the writer puts in a `TJ` operand is touched: an array of hex strings and numbers followed by
//! the `TJ` operator. Everything else (other arrays, strings, dictionaries, comments) is copied byte for
//! byte, and a stream with an inline image (`BI`) is copied from there on untouched. The pass knows PDF
//! syntax only; `vendor` checks that the writer still writes what it rewrites.

/// `content` with every `[…] TJ` array of hex strings and numbers compacted; everything else as it was.
pub(super) fn compact(content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() / 2);
    let mut i = 0;
    while let Some(&byte) = content.get(i) {
        let start = i;
        match byte {
            b'[' => {
                if let Some(end) = text_array(content, i, &mut out) {
                    i = end;
                    continue;
                }
                i += 1;
            }
            b'(' => i = literal_end(content, i),
            b'<' if content.get(i + 1) == Some(&b'<') => i += 2,
            b'<' => i = content.iter().skip(i).position(|&b| b == b'>').map_or(content.len(), |k| i + k + 1),
            b'%' => {
                i = content
                    .iter()
                    .skip(i)
                    .position(|&b| b == b'\n' || b == b'\r')
                    .map_or(content.len(), |k| i + k)
            }
            _ if is_white(byte) || is_delimiter(byte) => i += 1,
            _ => {
                i = token_end(content, i);
                if content.get(start..i) == Some(b"BI".as_slice()) {
                    // Inline image data may hold any byte: leave the rest alone.
                    i = content.len();
                }
            }
        }
        out.extend_from_slice(content.get(start..i).unwrap_or_default());
    }
    out
}

/// PDF white-space characters (ISO 32000-1 Table 1).
fn is_white(b: u8) -> bool {
    matches!(b, b'\0' | b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

/// PDF delimiter characters (ISO 32000-1 Table 2).
fn is_delimiter(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

/// The end of the regular-character token at `i` (an operator, number or the body of a name).
fn token_end(content: &[u8], i: usize) -> usize {
    let from = i + 1;
    content
        .iter()
        .skip(from)
        .position(|&b| is_white(b) || is_delimiter(b))
        .map_or(content.len(), |k| from + k)
}

/// The end of the literal string opening at `i` (balanced parentheses, backslash escapes).
fn literal_end(content: &[u8], i: usize) -> usize {
    let mut depth = 0usize;
    let mut k = i;
    while let Some(&b) = content.get(k) {
        match b {
            b'\\' => k += 1,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return k + 1;
                }
            }
            _ => {}
        }
        k += 1;
    }
    content.len()
}

/// If an array of hex strings and numbers opens at `open` and is the operand of `TJ`, writes it compacted
/// (with the operator) to `out` and returns where the operator ends; otherwise leaves `out` as it was.
fn text_array(content: &[u8], open: usize, out: &mut Vec<u8>) -> Option<usize> {
    let mark = out.len();
    let written = write_text_array(content, open, out);
    if written.is_none() {
        out.truncate(mark);
    }
    written
}

/// [`text_array`]'s work, straight into `out` (no buffer per string: a page holds thousands of them).
/// Adjacent strings are merged into one literal string, but only after an even number of bytes, so a merge
/// never joins the end of one string and the start of the next into a two-byte code.
fn write_text_array(content: &[u8], open: usize, out: &mut Vec<u8>) -> Option<usize> {
    // The open literal string's length in bytes, if one is open; whether the last element was a number.
    let mut open_string: Option<usize> = None;
    let mut previous_number = false;
    out.push(b'[');
    let mut i = open + 1;
    loop {
        let &b = content.get(i)?;
        match b {
            _ if is_white(b) => i += 1,
            b']' => break,
            b'<' if content.get(i + 1) != Some(&b'<') => {
                let end = i + 1 + content.iter().skip(i + 1).position(|&b| b == b'>')?;
                let length = match open_string {
                    Some(length) if length % 2 == 0 => length,
                    Some(_) => {
                        out.extend_from_slice(b")(");
                        0
                    }
                    None => {
                        out.push(b'(');
                        0
                    }
                };
                open_string = Some(length + push_hex_escaped(content.get(i + 1..end)?, out)?);
                previous_number = false;
                i = end + 1;
            }
            b'+' | b'-' | b'.' | b'0'..=b'9' => {
                let end = token_end(content, i);
                let number = content.get(i..end)?;
                if !is_number(number) {
                    return None;
                }
                if open_string.take().is_some() {
                    out.push(b')');
                } else if previous_number {
                    out.push(b' ');
                }
                out.extend_from_slice(number);
                previous_number = true;
                i = end;
            }
            _ => return None,
        }
    }
    let mut j = i + 1;
    while content.get(j).is_some_and(|&b| is_white(b)) {
        j += 1;
    }
    let after = j + 2;
    if content.get(j..after) != Some(b"TJ".as_slice())
        || content.get(after).is_some_and(|&b| !is_white(b) && !is_delimiter(b))
    {
        return None;
    }
    if open_string.is_some() {
        out.push(b')');
    }
    out.extend_from_slice(b"]TJ");
    Some(after)
}

/// Decodes a hex string's body (white space ignored; an odd final digit is followed by 0, §7.3.4.3) onto
/// `out` as the body of a literal string, escaping `\` `(` `)` and line ends; returns the bytes decoded.
fn push_hex_escaped(body: &[u8], out: &mut Vec<u8>) -> Option<usize> {
    let mut count = 0;
    let mut high: Option<u8> = None;
    let mut push = |byte: u8, out: &mut Vec<u8>| {
        match byte {
            b'\\' | b'(' | b')' => out.extend_from_slice(&[b'\\', byte]),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\n' => out.extend_from_slice(b"\\n"),
            _ => out.push(byte),
        }
        count += 1;
    };
    for &b in body {
        let digit = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            b'A'..=b'F' => b - b'A' + 10,
            _ if is_white(b) => continue,
            _ => return None,
        };
        match high.take() {
            Some(h) => push(h << 4 | digit, out),
            None => high = Some(digit),
        }
    }
    if let Some(h) = high {
        push(h << 4, out);
    }
    Some(count)
}

/// Whether `text` is a PDF number: an optional sign, digits with at most one period, at least one digit.
fn is_number(text: &[u8]) -> bool {
    let body = text.strip_prefix(b"+").or_else(|| text.strip_prefix(b"-")).unwrap_or(text);
    body.iter().any(u8::is_ascii_digit)
        && body.iter().all(|&b| b.is_ascii_digit() || b == b'.')
        && body.iter().filter(|&&b| b == b'.').count() <= 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::content::{Content, Operation};
    use lopdf::Object;

    /// The operations of `content`, with adjacent strings of `TJ` arrays merged and every string compared
    /// as its bytes (hex and literal strings are the same string).
    fn normalised(content: &[u8]) -> Vec<Operation> {
        let decoded = Content::decode(content).expect("lopdf decodes the stream");
        decoded
            .operations
            .into_iter()
            .map(|mut op| {
                let bytes_only = |o: Object| match o {
                    Object::String(bytes, _) => Object::String(bytes, lopdf::StringFormat::Literal),
                    other => other,
                };
                op.operands = op.operands.into_iter().map(bytes_only).collect();
                if op.operator == "TJ" {
                    for operand in &mut op.operands {
                        let Object::Array(items) = operand else { continue };
                        let mut merged: Vec<Object> = Vec::new();
                        for item in items.drain(..) {
                            match (merged.last_mut(), bytes_only(item)) {
                                (Some(Object::String(a, _)), Object::String(b, _)) => a.extend(b),
                                (_, item) => merged.push(item),
                            }
                        }
                        *items = merged;
                    }
                }
                op
            })
            .collect()
    }

    /// Compacts `content`, checks it decodes to the same operations, and returns it.
    fn same_operations(content: &[u8]) -> Vec<u8> {
        let compacted = compact(content);
        let (before, after) = (normalised(content), normalised(&compacted));
        assert_eq!(before.len(), after.len(), "{}", String::from_utf8_lossy(&compacted));
        for (a, b) in before.iter().zip(&after) {
            assert_eq!(a.operator, b.operator);
            assert_eq!(a.operands, b.operands, "operator {}", a.operator);
        }
        compacted
    }

    #[test]
    fn a_painted_page_keeps_every_operation() {
        let page = b"BT\n/P <</MCID 0>> BDC\n/SERIFR 12 Tf\n90.14173 756.3298 Td\n0.2119 Tc\n\
            [<0089><0197><0047>] TJ\n0 -18 Td\n0 Tc\n\
            [<0189><0023> -331.89233<0002> -331.89236<0016><0189>] TJ\nEMC\n\
            /SANSBD 12 Tf\n24 -18 Td\n[<0004><007C> 20.441055<008F> 500<008E> -250.0012<00D7>] TJ\nET\n";
        let compacted = same_operations(page);
        let text = String::from_utf8_lossy(&compacted);
        assert!(
            text.contains("/P <</MCID 0>> BDC\n/SERIFR 12 Tf\n90.14173 756.3298 Td\n0.2119 Tc\n["),
            "{text}"
        );
        assert!(text.contains("-331.89233(\0\u{2})-331.89236("), "{text}");
        // 13 glyphs, four bytes fewer each; two parentheses for each of the 8 merged strings; no space before
        // the 3 TJs and the 5 numbers.
        assert_eq!(compacted.len(), page.len() - 13 * 4 + 8 * 2 - 3 - 5);
    }

    #[test]
    fn codes_holding_delimiters_backslashes_and_line_ends_are_escaped() {
        // 0x28 '(', 0x29 ')', 0x5C '\', 0x0D CR, 0x0A LF in either byte of a code, and unbalanced.
        let page = b"BT /F 12 Tf [<0028><2900><005C><5C5C><000D><0A0D><2828><0029>] TJ \
            [<0D0A> 12<0A0A> -3.5<5C29>] TJ [<00>] TJ ET";
        let compacted = same_operations(page);
        let text = String::from_utf8_lossy(&compacted);
        let first: &[u8] = b"[(\0\\(\\)\0\0\\\\\\\\\\\\\0\\r\\n\\r\\(\\(\0\\))]TJ";
        assert!(compacted.windows(first.len()).any(|w| w == first), "{text}");
        assert!(!compacted.contains(&b'\r') && !compacted.contains(&b'\n'), "{text}");
    }

    #[test]
    fn everything_but_tj_arrays_is_copied_as_is() {
        let untouched: &[&[u8]] = &[
            b"q 1 0 0 1 0 0 cm [3 2] 0 d 0 0 m 10 10 l S Q",
            b"BT /F 12 Tf (a [<0001>] TJ) Tj [(lit)<0002>] TJ ET",
            b"BT /F 12 Tf [<0001>] Tj [<0001> /Name] TJ [<0001> 1e3] TJ ET",
            b"/Span <</ActualText <FEFF0041> /Alt (x\\) [<01>] TJ)>> BDC EMC % [<0001>] TJ\n",
            b"BT /F 12 Tf [<0001>] TJx ET",
        ];
        for &content in untouched {
            assert_eq!(compact(content), content, "{}", String::from_utf8_lossy(content));
        }
        // A literal string beside a hex one: the array is not the writer's, so it stays; later ones are compacted.
        let mixed = b"BT [(lit)<0002>] TJ [<0003><0004>] TJ ET";
        assert_eq!(compact(mixed), b"BT [(lit)<0002>] TJ [(\0\x03\0\x04)]TJ ET");
    }

    #[test]
    fn an_inline_image_ends_the_compaction() {
        let content = b"BT [<0001><0002>] TJ ET BI /W 1 /H 1 /BPC 8 /CS /G ID \x28[<0001>] TJ EI [<0003>] TJ";
        let compacted = compact(content);
        assert!(compacted.starts_with(b"BT [(\0\x01\0\x02)]TJ ET BI"));
        assert!(compacted.ends_with(b"ID \x28[<0001>] TJ EI [<0003>] TJ"));
    }

    #[test]
    fn numbers_stay_as_written_and_apart() {
        let compacted = same_operations(b"[<0001> 5 -6 .5 +7.25<0002><>] TJ");
        assert_eq!(compacted, b"[(\0\x01)5 -6 .5 +7.25(\0\x02)]TJ");
        assert_eq!(same_operations(b"[<0001 0>]TJ"), b"[(\0\x01\0)]TJ");
        assert_eq!(same_operations(b"[<0001 0><0002><0003>]TJ"), b"[(\0\x01\0)(\0\x02\0\x03)]TJ");
        assert_eq!(same_operations(b"[] TJ"), b"[]TJ");
    }
}
