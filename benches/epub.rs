//! Bench (not a test): the seed speech → EPUB with subsetted fonts must take ≤ 15 ms in release (issue 6);
//! also reports the time without fonts, the sizes, and allsorts subsetting Noto Serif SC alone.

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

    // The subsetter alone, on every character of the seed (the figure compared with other subsetters).
    let Ok(file) = fonts.get(Face::Serif) else { return };
    let text = String::from_utf8_lossy(&bytes);
    let glyphs: std::collections::BTreeSet<u16> =
        text.chars().filter_map(|c| file.parsed().glyph_index(c)).map(|g| g.0).filter(|&g| g != 0).collect();
    let ids: Vec<u16> = std::iter::once(0).chain(glyphs).collect();
    let mut size = 0;
    let (best, median) = time(30, || {
        let scope = allsorts::binary::read::ReadScope::new(file.data());
        let Ok(font) = scope.read::<allsorts::font_data::FontData<'_>>() else { return };
        let Ok(provider) = font.table_provider(0) else { return };
        let subset = allsorts::subset::subset(
            &provider,
            &ids,
            &allsorts::subset::SubsetProfile::Minimal,
            allsorts::subset::CmapTarget::Unicode,
        );
        size = subset.map(|s| s.len()).unwrap_or(0);
    });
    println!(
        "allsorts subset of Noto Serif SC to the seed's {} glyphs: {best:.2} ms best, {median:.2} ms median; {size} bytes",
        ids.len()
    );

    // Where the time goes: each face subsetted to a short heading's characters, and the deflate of the
    // body subset (fonts compress poorly, ~35 %).
    let few: Vec<char> = "提高政治站位坚定正确方向".chars().collect();
    for face in Face::ALL {
        let Ok(file) = fonts.get(face) else { continue };
        let ids: Vec<u16> = std::iter::once(0)
            .chain(few.iter().filter_map(|&c| file.parsed().glyph_index(c)).map(|g| g.0))
            .collect();
        let (best, _) = time(10, || {
            let scope = allsorts::binary::read::ReadScope::new(file.data());
            let Ok(font) = scope.read::<allsorts::font_data::FontData<'_>>() else { return };
            let Ok(provider) = font.table_provider(0) else { return };
            let subset = allsorts::subset::subset(
                &provider,
                &ids,
                &allsorts::subset::SubsetProfile::Minimal,
                allsorts::subset::CmapTarget::Unicode,
            );
            std::hint::black_box(subset.is_ok());
        });
        println!("  subset {:?} to {} glyphs: {best:.2} ms best", face, ids.len());
    }
    let scope = allsorts::binary::read::ReadScope::new(file.data());
    let subset = scope
        .read::<allsorts::font_data::FontData<'_>>()
        .ok()
        .and_then(|font| font.table_provider(0).ok())
        .and_then(|provider| {
            allsorts::subset::subset(
                &provider,
                &ids,
                &allsorts::subset::SubsetProfile::Minimal,
                allsorts::subset::CmapTarget::Unicode,
            )
            .ok()
        })
        .unwrap_or_default();
    for level in [1, 6] {
        let (best, _) = time(10, || {
            use std::io::Write;
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .compression_level(Some(level));
            let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            let ok = writer.start_file("f.ttf", options).is_ok() && writer.write_all(&subset).is_ok();
            std::hint::black_box(ok && writer.finish().is_ok());
        });
        println!("  deflate (level {level}) of the {} byte body subset: {best:.2} ms best", subset.len());
    }
}
