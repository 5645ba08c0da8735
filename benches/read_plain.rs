//! Bench (not a test): the plain reader on 红楼梦 (2.4 MB) must stay linear, ≤ 50 ms in release.

/// The allocator of the `paiban` binary, so that the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use paiban::read::{read_bytes, InputFormat, ReadOptions};
use std::time::Instant;

fn main() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/literature/hongloumeng.txt");
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("skipping read_plain bench: {} is not present", path.display());
        return;
    };
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let mut best = f64::MAX;
    for _ in 0..10 {
        let start = Instant::now();
        let (doc, _) = paiban::read::plain::read_plain(&text);
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        std::hint::black_box(doc);
        best = best.min(ms);
    }
    let start = Instant::now();
    let parsed = read_bytes(&bytes, InputFormat::Plain, "hongloumeng.txt", ReadOptions::default());
    let total = start.elapsed().as_secs_f64() * 1000.0;
    std::hint::black_box(parsed.is_ok());
    println!(
        "read_plain 红楼梦 ({} bytes): reader {best:.1} ms (best of 10), decode + read {total:.1} ms",
        bytes.len()
    );
    // The same size as one line without breaks: the giant-line split must keep the reader linear.
    let sentence = "我将大笑，我将歌唱。天地有如此静穆，我不能大笑而且歌唱！";
    let giant = sentence.repeat(bytes.len() / sentence.len());
    let mut best_giant = f64::MAX;
    for _ in 0..3 {
        let start = Instant::now();
        let (doc, _) = paiban::read::plain::read_plain(&giant);
        best_giant = best_giant.min(start.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(doc);
    }
    println!("read_plain one {} byte line: reader {best_giant:.1} ms (best of 3)", giant.len());
}
