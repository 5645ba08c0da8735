//! Any bytes through the decoder, detected and with each forced encoding users are likely to pass: it must
//! never panic, and what it returns must hold its promises (no CR, no XML-illegal characters).
#![no_main]

use libfuzzer_sys::fuzz_target;
use paiban::read::decode;

fuzz_target!(|data: &[u8]| {
    let forced = [None, decode::encoding_for_label("utf-8"), decode::encoding_for_label("gb18030"),
        decode::encoding_for_label("big5"), decode::encoding_for_label("utf-16le")];
    for encoding in forced {
        if let Ok(decoded) = decode::decode(data, encoding) {
            assert!(!decoded.text.contains('\r'));
            assert!(!decoded
                .text
                .chars()
                .any(|c| matches!(c, '\u{0}'..='\u{8}' | '\u{B}'..='\u{1F}' | '\u{7F}'..='\u{9F}' | '\u{FFFE}' | '\u{FFFF}')));
        }
    }
});
