//! Any bytes through the Markdown reader (front matter, HTML subset, callouts, tables), without images.
#![no_main]

use libfuzzer_sys::fuzz_target;
use paiban::read::{self, InputFormat, ReadOptions};

fuzz_target!(|data: &[u8]| {
    let _ = read::read_bytes(data, InputFormat::Markdown, "fuzz.md", ReadOptions::default());
});
