//! Bench (not a test): the seed → PDF warm in each style (target ≤ 8 ms; fonts are loaded once per process),
//! and 红楼梦 → book-style PDF (target ≤ 3 s). Prints the figures and the seed PDF's size per style.

/// The allocator of the `paiban` binary, so that the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use paiban::backend::{pdf, RenderOptions, Timestamp};
use paiban::fonts::FontBook;
use paiban::read::{read_path, ReadOptions};
use paiban::style::{Style, StyleName};
use std::path::Path;
use std::time::Instant;

fn render_ms(doc: &paiban::model::Document, style: &Style, fonts: &FontBook) -> (f64, usize) {
    let options = RenderOptions { style, fonts, timestamp: Timestamp::DEFAULT, embed_fonts: true };
    let start = Instant::now();
    let size = match pdf::render(doc, &options) {
        Ok(output) => output.bytes.len(),
        Err(e) => {
            eprintln!("render failed: {e}");
            0
        }
    };
    (start.elapsed().as_secs_f64() * 1000.0, size)
}

fn main() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let seed = corpus.join("seed-speech.txt");
    let Ok(parsed) = read_path(&seed, ReadOptions::default()) else {
        eprintln!("skipping pdf bench: {} is not present", seed.display());
        return;
    };
    let fonts = FontBook::new(&[]);
    let only = std::env::args().nth(1).filter(|a| !a.starts_with('-'));
    for name in [StyleName::Gongwen, StyleName::Report, StyleName::Book] {
        if only.as_deref().is_some_and(|o| o != name.as_str()) {
            continue;
        }
        let style = Style::preset(name);
        let (cold, size) = render_ms(&parsed.document, &style, &fonts);
        let iterations: usize =
            std::env::var("PDF_BENCH_ITERATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(20);
        let mut times: Vec<f64> =
            (0..iterations.max(1)).map(|_| render_ms(&parsed.document, &style, &fonts).0).collect();
        times.sort_by(f64::total_cmp);
        println!(
            "seed → PDF {:8}: first {cold:6.1} ms, warm median {:5.2} ms, best {:5.2} ms; {size} bytes",
            name.as_str(),
            times[times.len() / 2],
            times[0]
        );
    }
    if only.as_deref().is_some_and(|o| o != "hongloumeng") {
        return;
    }
    let novel = corpus.join("literature/hongloumeng.txt");
    let Ok(parsed) = read_path(&novel, ReadOptions::default()) else {
        eprintln!("skipping 红楼梦: {} is not present", novel.display());
        return;
    };
    let style = Style::preset(StyleName::Book);
    let (ms, size) = render_ms(&parsed.document, &style, &fonts);
    println!("红楼梦 → PDF book: {ms:.0} ms, {size} bytes");
}
