//! Bytes → text: detects the encoding (BOM, UTF-8, UTF-16, GB18030/GBK, Big5 …), decodes without ever
//! failing, and normalises what no backend should see (CR line ends, form feeds, XML-illegal controls).

use crate::diag::{Diagnostic, Error, Kind};
use encoding_rs::{Encoding, BIG5, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};

/// Decoded, normalised text and how it was obtained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text: `\n` line ends only, no XML-illegal characters.
    pub text: String,
    /// The encoding used, by the name users know (`UTF-8`, `GB18030`, `Big5`, `UTF-16LE`, …).
    pub encoding: &'static str,
    /// Byte sequences that were not valid in that encoding, each replaced by U+FFFD.
    pub replaced: usize,
    /// Control characters removed.
    pub removed_controls: usize,
    /// Lines of a mostly UTF-8 file that were GB18030 instead (a file pasted together from two sources).
    pub mixed_lines: usize,
}

impl Decoded {
    /// Diagnostics for what decoding changed.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        if self.replaced > 0 {
            out.push(Diagnostic::warning(
                Kind::Encoding,
                format!(
                    "{} byte sequence(s) are not valid {} and were replaced by U+FFFD; if the text looks wrong, \
                     try --encoding",
                    self.replaced, self.encoding
                ),
            ));
        }
        if self.mixed_lines > 0 {
            out.push(Diagnostic::warning(
                Kind::Encoding,
                format!(
                    "the file mixes encodings: {} line(s) are GB18030, not UTF-8 like the rest, and were decoded \
                     as GB18030; check them in the output",
                    self.mixed_lines
                ),
            ));
        }
        if self.removed_controls > 0 {
            out.push(Diagnostic::warning(
                Kind::Encoding,
                format!(
                    "{} control character(s) removed (not allowed in XML outputs)",
                    self.removed_controls
                ),
            ));
        }
        out
    }
}

/// Looks up an encoding by any WHATWG label (`gbk`, `gb2312`, `big5`, `utf-16le`, …) or `gb18030`.
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

/// Decodes `bytes`, detecting the encoding unless `forced` is given. Never panics on any input; fails only
/// for data that is evidently not text.
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Result<Decoded, Error> {
    let (encoding, body) = match (Encoding::for_bom(bytes), forced) {
        // A BOM that agrees with the forced encoding (or any BOM when nothing is forced) is dropped.
        (Some((bom_enc, len)), None) => (bom_enc, &bytes[len..]),
        (Some((bom_enc, len)), Some(f)) if bom_enc == f => (f, &bytes[len..]),
        (_, Some(f)) => (f, bytes),
        (None, None) => (detect(bytes)?, bytes),
    };
    let (raw, replaced, mixed_lines) = if encoding == UTF_8 && forced.is_none() {
        decode_utf8_lines(body)
    } else {
        let (raw, replaced) = decode_counting(encoding, body);
        (raw, replaced, 0)
    };
    let (text, removed_controls) = normalise(&raw);
    if forced.is_none() {
        refuse_garbage(&text, replaced + removed_controls, encoding)?;
    }
    Ok(Decoded { text, encoding: display_name(encoding), replaced, removed_controls, mixed_lines })
}

/// Binary data without NUL bytes still decodes in some single-byte encoding, as garbage full of control
/// characters and invalid sequences. Real text has next to none, so more than 5 % means "not text".
fn refuse_garbage(text: &str, bad: usize, encoding: &'static Encoding) -> Result<(), Error> {
    let total = text.chars().count() + bad;
    if total >= 64 && bad * 20 > total {
        return Err(Error::Input(format!(
            "this does not look like text: {}% of it is control characters or byte sequences invalid in {} \
             (the best guess); if it is text, pass --encoding",
            bad * 100 / total,
            display_name(encoding)
        )));
    }
    Ok(())
}

fn detect(bytes: &[u8]) -> Result<&'static Encoding, Error> {
    if let Some(utf16) = sniff_utf16(bytes) {
        return Ok(utf16);
    }
    if looks_binary(bytes) {
        return Err(Error::Input(
            "this looks like a binary file, not text (it contains NUL bytes); only .txt and .md text files \
             can be converted"
                .to_owned(),
        ));
    }
    if mostly_utf8(bytes) {
        return Ok(UTF_8);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Allow);
    // GBK and GB2312 text is decoded as GB18030, their superset, so no valid character is ever lost.
    Ok(if guess == GBK { GB18030 } else { guess })
}

/// UTF-16 without a BOM: in Chinese or ASCII text one byte of every pair is often zero, and always on the
/// same side.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let zero_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let zero_odd = sample.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if zero_odd * 4 > pairs && zero_even == 0 {
        Some(UTF_16LE)
    } else if zero_even * 4 > pairs && zero_odd == 0 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Valid UTF-8, or UTF-8 with damage or pasted-in lines of another encoding. Text in a legacy CJK encoding
/// forms a valid three-byte UTF-8 sequence (U+0800 and up, where all CJK is) only by accident: 1–4 for
/// every 100 malformed sequences in the corpus's GBK, GB18030 and Big5 files. So a file with at least one
/// such character for every four malformed sequences is UTF-8 that was damaged or mixed, and is read as
/// UTF-8 (bad bytes replaced, GB18030 lines recovered, both reported) instead of being guessed as, say,
/// windows-1252 and turned entirely into mojibake.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (wide, invalid) = utf8_counts(bytes);
    invalid == 0 || (wide >= 4 && wide * 4 >= invalid)
}

/// (well-formed characters from U+0800 up, malformed sequences) in `bytes` read as UTF-8.
fn utf8_counts(bytes: &[u8]) -> (usize, usize) {
    let mut wide = 0;
    let mut invalid = 0;
    for chunk in bytes.utf8_chunks() {
        wide += chunk.valid().chars().filter(|&c| c >= '\u{800}').count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    (wide, invalid)
}

/// Decodes a (mostly) UTF-8 file line by line. A line that is not UTF-8 and does not look like damaged
/// UTF-8 either (by the measure of [`mostly_utf8`]), but is valid GB18030, is taken as GB18030: files pasted together from a UTF-8 and a
/// GBK source are common, and this keeps every word of both. Other bad bytes become U+FFFD. Returns (text,
/// replaced sequences, lines decoded as GB18030).
fn decode_utf8_lines(bytes: &[u8]) -> (String, usize, usize) {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_owned(), 0, 0);
    }
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut replaced = 0;
    let mut mixed = 0;
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        if let Ok(text) = std::str::from_utf8(line) {
            out.push_str(text);
            continue;
        }
        let (wide, invalid) = utf8_counts(line);
        if wide * 4 < invalid {
            if let Some(text) = GB18030.decode_without_bom_handling_and_without_replacement(line) {
                out.push_str(&text);
                mixed += 1;
                continue;
            }
        }
        let (text, bad) = decode_counting(UTF_8, line);
        out.push_str(&text);
        replaced += bad;
    }
    (out, replaced, mixed)
}

fn looks_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(8192)].contains(&0)
}

/// Decodes with replacement, counting every malformed sequence.
fn decode_counting(encoding: &'static Encoding, bytes: &[u8]) -> (String, usize) {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder.max_utf8_buffer_length_without_replacement(bytes.len()).unwrap_or(bytes.len() * 3);
    let mut out = String::with_capacity(capacity);
    let mut input = bytes;
    let mut replaced = 0;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(input, &mut out, true);
        input = &input[read..];
        match result {
            encoding_rs::DecoderResult::InputEmpty => break,
            encoding_rs::DecoderResult::Malformed(_, _) => {
                replaced += 1;
                out.push('\u{FFFD}');
            }
            encoding_rs::DecoderResult::OutputFull => {
                out.reserve(input.len() * 3 + 16);
            }
        }
    }
    (out, replaced)
}

/// CRLF and lone CR become LF, a form feed becomes a line break, and characters XML 1.0 forbids (C0
/// controls other than TAB and LF, DEL, C1 controls, U+FFFE, U+FFFF) are removed and counted.
fn normalise(raw: &str) -> (String, usize) {
    let mut out = String::with_capacity(raw.len());
    let mut removed = 0;
    let mut chars = raw.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\u{0C}' => out.push('\n'),
            '\t' | '\n' => out.push(ch),
            '\u{00}'..='\u{1F}' | '\u{7F}'..='\u{9F}' | '\u{FFFE}' | '\u{FFFF}' => removed += 1,
            _ => out.push(ch),
        }
    }
    (out, removed)
}

fn display_name(encoding: &'static Encoding) -> &'static str {
    if encoding == GB18030 {
        "GB18030"
    } else if encoding == BIG5 {
        "Big5"
    } else {
        encoding.name()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom_and_crlf_is_normalised() {
        let decoded = decode(b"\xEF\xBB\xBF\xE4\xB8\xAD\r\n\xE6\x96\x87\r", None).expect("text");
        assert_eq!(decoded.text, "中\n文\n");
        assert_eq!(decoded.encoding, "UTF-8");
    }

    #[test]
    fn gbk_is_detected_and_decoded_as_gb18030() {
        let (bytes, _, _) = GB18030.encode("同志们：今天，市委召开人大工作会议，主要任务是深入学习贯彻。");
        let decoded = decode(&bytes, None).expect("text");
        assert_eq!(decoded.encoding, "GB18030");
        assert_eq!(decoded.text, "同志们：今天，市委召开人大工作会议，主要任务是深入学习贯彻。");
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let text = "中华人民共和国国务院令 abc";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let mut le_bom = vec![0xFF, 0xFE];
        le_bom.extend_from_slice(&le);
        assert_eq!(decode(&le_bom, None).expect("text").text, text);
        assert_eq!(decode(&be, None).expect("text").encoding, "UTF-16BE");
        assert_eq!(decode(&be, None).expect("text").text, text);
    }

    #[test]
    fn invalid_bytes_are_replaced_and_counted_never_panic() {
        let decoded = decode(b"abc\xFF\xFEdef", Some(UTF_8)).expect("text");
        assert_eq!(decoded.replaced, 2);
        assert_eq!(decoded.text, "abc\u{FFFD}\u{FFFD}def");
        assert_eq!(decoded.diagnostics().len(), 1);
    }

    #[test]
    fn control_characters_are_removed_and_counted() {
        let decoded = decode("a\u{1}b\u{0C}c\u{7F}".as_bytes(), None).expect("text");
        assert_eq!(decoded.text, "ab\nc");
        assert_eq!(decoded.removed_controls, 2);
    }

    #[test]
    fn binary_data_is_refused_with_a_clear_message() {
        let err = decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10", None).expect_err("binary");
        assert!(err.to_string().contains("binary"));
    }

    #[test]
    fn random_bytes_without_nul_are_refused_not_decoded_as_garbage() {
        // A deterministic pseudo-random byte stream with every NUL replaced, like a compressed file.
        let mut state: u32 = 0x2545_F491;
        let bytes: Vec<u8> = (0..300_000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                (state >> 24) as u8 | 1
            })
            .collect();
        let err = decode(&bytes, None).expect_err("not text");
        assert!(err.to_string().contains("does not look like text"), "{err}");
        // Forcing an encoding is the user's decision and is honoured.
        assert!(decode(&bytes, Some(UTF_8)).is_ok());
    }

    #[test]
    fn damaged_utf8_stays_utf8_with_the_bad_bytes_reported() {
        let mut bytes = "中文正文第一段。".as_bytes().to_vec();
        bytes.extend_from_slice(b"\xFF\xFE");
        bytes.extend_from_slice("还有内容。".as_bytes());
        let decoded = decode(&bytes, None).expect("text");
        assert_eq!(decoded.encoding, "UTF-8");
        assert_eq!(decoded.text, "中文正文第一段。\u{FFFD}\u{FFFD}还有内容。");
        assert_eq!(decoded.replaced, 2);
        assert!(decoded.diagnostics()[0].message.contains("not valid UTF-8"));
    }

    #[test]
    fn gb18030_lines_in_a_utf8_file_are_decoded_as_gb18030_and_reported() {
        let (gbk, _, _) = GB18030.encode("这是国标码的一行。\n");
        let mut bytes = "第一行是统一码。\n".as_bytes().to_vec();
        bytes.extend_from_slice(&gbk);
        bytes.extend_from_slice("最后一行又是统一码。\n".as_bytes());
        let decoded = decode(&bytes, None).expect("text");
        assert_eq!(decoded.encoding, "UTF-8");
        assert_eq!(decoded.text, "第一行是统一码。\n这是国标码的一行。\n最后一行又是统一码。\n");
        assert_eq!((decoded.mixed_lines, decoded.replaced), (1, 0));
        assert!(decoded.diagnostics()[0].message.contains("mixes encodings"));
    }

    #[test]
    fn forced_encoding_overrides_detection() {
        let (bytes, _, _) = BIG5.encode("憲法");
        let decoded = decode(&bytes, encoding_for_label("big5")).expect("text");
        assert_eq!(decoded.text, "憲法");
        assert_eq!(decoded.encoding, "Big5");
    }
}
