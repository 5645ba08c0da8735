//! Bytes to all three outputs in memory, as the pipeline does for one file: the first byte picks the reader
//! and the style, the rest is the file. Every backend must return bytes or an error, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use paiban::backend::{self, Format, RenderOptions, Timestamp};
use paiban::fonts::FontBook;
use paiban::read::{self, InputFormat, ReadOptions};
use paiban::style::{Style, StyleName};
use paiban::transform;
use std::sync::OnceLock;

static FONTS: OnceLock<FontBook> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else { return };
    let format = if selector & 1 == 0 { InputFormat::Plain } else { InputFormat::Markdown };
    let style = Style::preset(match (selector >> 1) % 3 {
        0 => StyleName::Report,
        1 => StyleName::Book,
        _ => StyleName::Gongwen,
    });
    let Ok(parsed) = read::read_bytes(body, format, "fuzz", ReadOptions::default()) else { return };
    let mut document = parsed.document;
    if selector & 0x80 == 0 {
        transform::omit_boilerplate(&mut document);
    } else {
        transform::keep_boilerplate(&mut document);
    }
    let fonts = FONTS.get_or_init(|| FontBook::new(&[]));
    let options = RenderOptions { style: &style, fonts, timestamp: Timestamp::DEFAULT, embed_fonts: true };
    for format in Format::ALL {
        if let Ok(output) = backend::render(format, &document, &options) {
            assert!(!output.bytes.is_empty());
        }
    }
});
