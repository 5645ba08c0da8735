//! Bench (not a test): the seed speech → EPUB with subsetted fonts must take ≤ 15 ms in release (issue 6);
//! also reports the time without fonts, the sizes, and the subsetter alone on each face.

/// The allocator of the `paiban` binary, so that the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use paiban::fonts::{Face, FontBook};
use paiban::read::{read_bytes, InputFormat, ReadOptions};
use paiban::style::{Style, StyleName};
use paiban::{Format, RenderOptions, Timestamp};
use std::time::Instant;

/// Best and median of `runs` timings of `f`, in milliseconds.
fn time(runs: usize, mut f: impl FnMut()) -> (f64, f64) {
    let mut ms: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    (ms.first().copied().unwrap_or(0.0), ms.get(ms.len() / 2).copied().unwrap_or(0.0))
}

fn main() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/seed-speech.txt");
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("skipping epub bench: {} is not present", path.display());
        return;
    };
    let Ok(parsed) = read_bytes(&bytes, InputFormat::Plain, "seed-speech.txt", ReadOptions::default()) else {
        eprintln!("skipping epub bench: the seed does not parse");
        return;
    };
    let fonts = FontBook::new(&[]);
    for style_name in [StyleName::Report, StyleName::Gongwen] {
        let style = Style::preset(style_name);
        for embed_fonts in [true, false] {
            let options =
                RenderOptions { style: &style, fonts: &fonts, timestamp: Timestamp::DEFAULT, embed_fonts };
            // The first render loads the faces (once per process, as in a batch); it is not timed.
            let Ok(first) = paiban::render(Format::Epub, &parsed.document, &options) else {
                eprintln!("epub bench: rendering failed");
                return;
            };
            let (best, median) = time(30, || {
                std::hint::black_box(paiban::render(Format::Epub, &parsed.document, &options).is_ok());
            });
            println!(
                "seed → EPUB ({}, fonts {}): {best:.2} ms best, {median:.2} ms median of 30; {} bytes",
                style_name.as_str(),
                if embed_fonts { "embedded" } else { "off" },
                first.bytes.len()
            );
        }
    }

    // Cutting alone, per face, on every character of the seed: both forms (PDF program and web font) and
    // the one deflate of the outlines they share.
    let chars: std::collections::BTreeSet<char> = String::from_utf8_lossy(&bytes).chars().collect();
    for face in Face::ALL {
        let Ok(file) = fonts.get(face) else { continue };
        let order = paiban::subset::GlyphOrder::new(file, &chars);
        let mut sizes = (0, 0);
        let (best, median) = time(10, || {
            if let Ok(cut) = paiban::subset::shared(file, &order) {
                sizes = (cut.pdf.deflated.len(), cut.web.deflated.len());
            }
        });
        println!(
            "  cut {face:?} to the seed's characters: {best:.2} ms best, {median:.2} ms median; \
             deflated {} bytes (PDF), {} bytes (web)",
            sizes.0, sizes.1
        );
    }
}
