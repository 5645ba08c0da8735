//! Bytes → text: detects the encoding (BOM, UTF-8, UTF-16, GB18030/GBK, Big5 …), decodes without ever
//! failing, and normalises what no backend should see (CR line ends, form feeds, XML-illegal controls).

use crate::diag::{Diagnostic, Error, Kind};
use encoding_rs::{Encoding, BIG5, GB18030, GBK, REPLACEMENT, UTF_16BE, UTF_16LE, UTF_8};

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

/// Looks up an encoding by any WHATWG label (`gbk`, `gb2312`, `big5`, `utf-16le`, …) or `gb18030`; `None`
/// for an unknown label and for one that has no decoder here (see [`forced_encoding`]).
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    forced_encoding(label).ok()
}

/// The encoding `--encoding <label>` asks for, or a sentence saying why there is none and what to use.
/// Labels of encodings that cannot be decoded safely (`hz-gb-2312`, `iso-2022-kr`, `iso-2022-cn`) are known
/// to encoding_rs but mapped to its `replacement` encoding, which turns a whole file into one U+FFFD: they
/// are refused like unknown ones.
pub fn forced_encoding(label: &str) -> Result<&'static Encoding, String> {
    const CHOICES: &str = "utf-8, gb18030 (also for gbk and gb2312), big5, utf-16le, utf-16be, or another \
                           WHATWG label such as shift_jis or euc-kr";
    match Encoding::for_label(label.trim().as_bytes()) {
        Some(encoding) if encoding == REPLACEMENT => Err(format!(
            "encoding '{label}' cannot be decoded here (it would give one U+FFFD for the whole file); use one \
             of: {CHOICES}"
        )),
        Some(encoding) => Ok(encoding),
        None => Err(format!("unknown encoding '{label}'; use one of: {CHOICES}")),
    }
}

/// Decodes `bytes`, detecting the encoding unless `forced` is given. Never panics on any input; fails only
/// for data that is evidently not text, in the encoding detected or in the one forced.
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Result<Decoded, Error> {
    let (encoding, body) = match (Encoding::for_bom(bytes), forced) {
        // A BOM that agrees with the forced encoding (or any BOM when nothing is forced) is dropped.
        (Some((bom_enc, len)), None) => (bom_enc, &bytes[len..]),
        (Some((bom_enc, len)), Some(f)) if bom_enc == f => (f, &bytes[len..]),
        (_, Some(f)) => (f, bytes),
        (None, None) => (detect(bytes)?, bytes),
    };
    let (raw, replaced, mixed_lines) = if encoding == UTF_8 && forced.is_none() {
        decode_utf8_lines(body)?
    } else {
        let (raw, replaced) = decode_counting(encoding, body)?;
        (raw, replaced, 0)
    };
    let (text, removed_controls) = normalise(&raw)?;
    refuse_garbage(&text, replaced + removed_controls, encoding, forced.is_some())?;
    Ok(Decoded { text, encoding: display_name(encoding), replaced, removed_controls, mixed_lines })
}

/// Binary data without NUL bytes still decodes in some single-byte encoding, as garbage full of control
/// characters and invalid sequences, and so does text forced through the wrong encoding. Real text has next
/// to none, so more than 5 % means "not text", whether the encoding was guessed or forced.
fn refuse_garbage(text: &str, bad: usize, encoding: &'static Encoding, forced: bool) -> Result<(), Error> {
    let total = text.chars().count() + bad;
    if total >= 64 && bad * 20 > total {
        let (how, advice) = if forced {
            ("--encoding", "check that it is the file's encoding, or leave --encoding out to detect it")
        } else {
            ("the best guess", "if it is text, pass its encoding with --encoding")
        };
        return Err(Error::Input(format!(
            "this does not look like text: {}% of it is control characters or byte sequences invalid in {} \
             ({how}); {advice}",
            bad * 100 / total,
            display_name(encoding)
        )));
    }
    Ok(())
}

/// An empty string that can hold `capacity` bytes, or an error when memory for it cannot be had: sizes
/// here follow the input's size, and Rust would abort the whole process on a failed allocation.
fn text_with_capacity(capacity: usize) -> Result<String, Error> {
    let mut text = String::new();
    text.try_reserve_exact(capacity).map_err(|_| {
        Error::Input(format!(
            "not enough memory to decode this file ({} MB of text): close other programs, or convert fewer \
             files at once with -j",
            capacity >> 20
        ))
    })?;
    Ok(text)
}

fn detect(bytes: &[u8]) -> Result<&'static Encoding, Error> {
    // UTF-8 without NUL bytes is UTF-8: UTF-16 text forms it only when it is a few characters long.
    let utf8 = match std::str::from_utf8(bytes) {
        Ok(_) => true,
        // Cut inside the last character (as a sample may be), but valid up to there.
        Err(e) => e.error_len().is_none(),
    };
    if utf8 && !bytes.contains(&0) {
        return Ok(UTF_8);
    }
    if let Some(utf16) = sniff_utf16(bytes) {
        return Ok(utf16);
    }
    if looks_binary(bytes) {
        return Err(Error::Input(
            "this looks like a binary file, not text (it contains NUL bytes); only .txt and .md text files \
             can be converted; if it is text in an encoding that was not recognised, pass it with --encoding \
             (e.g. --encoding utf-16le)"
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

/// UTF-16 without a BOM, told by what its code units would be: in real text nearly all of them are common
/// characters (ASCII, CJK punctuation, full-width forms, and Han characters among the commonest: those of
/// GB 2312 or of Big5's first level, which cover more than 99 % of running Chinese text), and surrogates
/// come in pairs. Chinese UTF-16 has no zero bytes at all, so counting them is not enough. Other encodings
/// read as UTF-16 give code units spread over every block: Hangul, private use, lone surrogates, controls,
/// and rare Han characters (GBK, Big5 and UTF-8 bytes pair into Han code units only by accident, and then
/// into the rare ones as often as chance says, about 6 in 10). So a reading is taken when at least 95 % of
/// its code units are common and at least 90 % of its Han ones are, and the other byte order's is not.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    // A UTF-16 file has whole code units, and fewer than eight say too little to tell.
    if !bytes.len().is_multiple_of(2) || bytes.len() < 16 {
        return None;
    }
    let sample = &bytes[..bytes.len().min(16 * 1024)];
    let le = looks_like_utf16(sample.chunks_exact(2).map(|pair| u16::from_le_bytes([pair[0], pair[1]])));
    let be = looks_like_utf16(sample.chunks_exact(2).map(|pair| u16::from_be_bytes([pair[0], pair[1]])));
    match (le, be) {
        (true, false) => Some(UTF_16LE),
        (false, true) => Some(UTF_16BE),
        _ => None,
    }
}

/// Whether these code units read as text (see [`sniff_utf16`]).
fn looks_like_utf16(units: impl Iterator<Item = u16> + Clone) -> bool {
    let (mut total, mut common, mut han, mut common_han) = (0usize, 0usize, 0usize, 0usize);
    for decoded in char::decode_utf16(units) {
        total += 1;
        // A lone surrogate is never in text.
        let Ok(ch) = decoded else { return false };
        if crate::zh::chars::is_han(ch) {
            han += 1;
            if is_common_han(ch) {
                common_han += 1;
                common += 1;
            }
        } else if is_common_in_text(ch) {
            common += 1;
        }
    }
    total > 0 && common * 100 >= total * 95 && common_han * 10 >= han * 9
}

/// Characters besides Han ones that Chinese (and English) text is made of.
fn is_common_in_text(ch: char) -> bool {
    matches!(ch,
        '\t' | '\n' | '\r' | ' '..='~'
        | '\u{A0}'..='\u{FF}'           // Latin-1: ×, ·, accented letters
        | '\u{100}'..='\u{17F}' | '\u{1CD}'..='\u{1DC}' // pinyin's tone letters: ā ē ī ō ū, ǎ ǐ ǒ ǔ ǘ
        | '\u{2010}'..='\u{203B}'       // dashes, quotes, ellipsis, ※
        | '\u{2160}'..='\u{217F}'       // Roman numerals
        | '\u{2460}'..='\u{24FF}'       // ①
        | '\u{2500}'..='\u{25FF}'       // box drawing, ■ ●
        | '\u{3000}'..='\u{303F}'       // CJK punctuation
        | '\u{3040}'..='\u{30FF}'       // kana
        | '\u{3100}'..='\u{312F}'       // bopomofo
        | '\u{3200}'..='\u{33FF}'       // ㈠, ㎡
        | '\u{FE30}'..='\u{FE4F}'       // vertical forms
        | '\u{FF01}'..='\u{FF5E}'       // full-width forms
        | '\u{FEFF}' | '\u{10000}'..='\u{10FFFF}' // a BOM inside; whole surrogate pairs
    )
}

/// A Han character among the commonest: in GB 2312 (the 6763 of simplified Chinese) or in Big5's first
/// level (the 5401 of traditional Chinese).
fn is_common_han(ch: char) -> bool {
    let mut utf8 = [0u8; 4];
    let text: &str = ch.encode_utf8(&mut utf8);
    let in_table = |encoding: &'static Encoding, lead: std::ops::RangeInclusive<u8>, trail_min: u8| {
        let (bytes, _, unmappable) = encoding.encode(text);
        !unmappable && matches!(*bytes, [l, t] if lead.contains(&l) && t >= trail_min)
    };
    // GB 2312 hanzi: lead 0xB0–0xF7, trail 0xA1–0xFE. Big5 level 1: 0xA440–0xC67E.
    in_table(GBK, 0xB0..=0xF7, 0xA1) || in_table(BIG5, 0xA4..=0xC6, 0x40)
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
fn decode_utf8_lines(bytes: &[u8]) -> Result<(String, usize, usize), Error> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        let mut out = text_with_capacity(text.len())?;
        out.push_str(text);
        return Ok((out, 0, 0));
    }
    let mut out = text_with_capacity(bytes.len() + bytes.len() / 2)?;
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
        let (text, bad) = decode_counting(UTF_8, line)?;
        out.push_str(&text);
        replaced += bad;
    }
    Ok((out, replaced, mixed))
}

fn looks_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(8192)].contains(&0)
}

/// Decodes with replacement, counting every malformed sequence.
fn decode_counting(encoding: &'static Encoding, bytes: &[u8]) -> Result<(String, usize), Error> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder.max_utf8_buffer_length_without_replacement(bytes.len()).unwrap_or(bytes.len() * 3);
    let mut out = text_with_capacity(capacity)?;
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
    Ok((out, replaced))
}

/// CRLF and lone CR become LF, a form feed becomes a line break, and characters XML 1.0 forbids (C0
/// controls other than TAB and LF, DEL, C1 controls, U+FFFE, U+FFFF) are removed and counted.
fn normalise(raw: &str) -> Result<(String, usize), Error> {
    let mut out = text_with_capacity(raw.len())?;
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
    Ok((out, removed))
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
        assert!(err.to_string().contains("--encoding"), "{err}");
        // Forced encodings are checked too: garbage is garbage in any encoding.
        // (Random bytes read as UTF-16 are mostly valid code units, so the count cannot tell them apart.)
        for forced in [UTF_8, GB18030, BIG5] {
            let err = decode(&bytes, Some(forced)).expect_err("not text");
            assert!(err.to_string().contains("(--encoding); check that it is the file's encoding"), "{err}");
        }
    }

    #[test]
    fn chinese_utf16_without_a_bom_or_a_single_zero_byte_is_detected() {
        let text = "中华人民共和国国务院令第三号，现公布施行。各省、自治区、直辖市人民政府：";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert!(!le.contains(&0) && !be.contains(&0));
        assert_eq!(decode(&le, None).expect("text").encoding, "UTF-16LE");
        assert_eq!(decode(&be, None).expect("text").text, text);
        // GBK and Big5 are not taken for UTF-16.
        let traditional = "中華人民共和國國務院令第三號，現公布施行。各省、自治區、直轄市人民政府：";
        for (encoding, text) in [(GBK, text), (BIG5, traditional)] {
            let (bytes, _, unmappable) = encoding.encode(text);
            assert!(!unmappable);
            assert_eq!(decode(&bytes, None).expect("text").text, text);
        }
    }

    #[test]
    fn chinese_utf16_glossed_with_pinyin_is_detected() {
        // A converter's copy glosses many characters with their pinyin (`發(fā)布`, `關(guān)於`).
        let text =
            "發(fā)布日期:某某縣(xiàn)關(guān)於開(kāi)展工作的通知(zhī),請(qǐng)認(rèn)真執(zhí)行(xíng)。";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(&le, None).expect("text").text, text);
    }

    #[test]
    fn binary_data_is_refused_naming_encoding() {
        let err =
            decode(b"\x00\x01\x02\x03\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10", None).expect_err("binary");
        assert!(err.to_string().contains("--encoding"), "{err}");
    }

    #[test]
    fn labels_without_a_real_decoder_are_refused_with_the_good_ones() {
        for label in ["hz-gb-2312", "iso-2022-kr", "ISO-2022-CN", "replacement"] {
            let message = forced_encoding(label).expect_err("refused");
            assert!(message.contains("cannot be decoded here") && message.contains("gb18030"), "{message}");
            assert_eq!(encoding_for_label(label), None);
        }
        assert!(forced_encoding("klingon").expect_err("unknown").starts_with("unknown encoding 'klingon'"));
        assert_eq!(forced_encoding(" GBK ").expect("known"), GBK);
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
