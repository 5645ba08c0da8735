//! Any UTF-8 text through the plain-text reader (after the decoder's normalisation, as in the tool).
#![no_main]

use libfuzzer_sys::fuzz_target;
use paiban::read::{self, InputFormat, ReadOptions};

fuzz_target!(|data: &[u8]| {
    let _ = read::read_bytes(data, InputFormat::Plain, "fuzz.txt", ReadOptions::default());
});
