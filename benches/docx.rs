//! Bench (not a test): the seed speech rendered to DOCX, warm, must take ≤ 5 ms in release.

/// The allocator of the `paiban` binary, so that the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use paiban::fonts::FontBook;
use paiban::style::{Style, StyleName};
use paiban::{RenderOptions, Timestamp};
use std::time::Instant;

fn main() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/seed-speech.txt");
    let Ok(parsed) = paiban::read::read_path(&path, Default::default()) else {
        eprintln!("skipping docx bench: {} is not present", path.display());
        return;
    };
    let mut doc = parsed.document;
    paiban::transform::omit_boilerplate(&mut doc);
    let fonts = FontBook::new(&[]);
    for name in [StyleName::Gongwen, StyleName::Report] {
        let style = Style::preset(name);
        let options =
            RenderOptions { style: &style, fonts: &fonts, timestamp: Timestamp::DEFAULT, embed_fonts: false };
        // Warm-up: first-use costs (allocator, deflate tables) are not what a batch pays per file.
        let mut size = 0;
        for _ in 0..5 {
            size = paiban::backend::docx::render(&doc, &options).map_or(0, |o| o.bytes.len());
        }
        let runs = 50;
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs {
            let start = Instant::now();
            let out = paiban::backend::docx::render(&doc, &options);
            times.push(start.elapsed().as_secs_f64() * 1000.0);
            std::hint::black_box(out.is_ok());
        }
        times.sort_by(f64::total_cmp);
        let median = times.get(runs / 2).copied().unwrap_or(f64::NAN);
        let best = times.first().copied().unwrap_or(f64::NAN);
        println!(
            "docx seed → {} ({size} bytes): median {median:.2} ms, best {best:.2} ms over {runs} warm runs (target ≤ 5 ms)",
            name.as_str()
        );
    }
}
