//! Bench (not a test): CPU time per document, measured as the target is stated (“all three formats
//! of a seed-sized document in ≤ 10 ms of CPU”), and a loop to run under `perf record` or callgrind.
//!
//! `cargo bench --bench cpu -- [FORMATS] [ITERATIONS] [FILE]`: reads FILE (default the seed) as the pipeline
//! does (decode, reader, boilerplate omitted, the style it would choose), renders it in FORMATS
//! (comma-separated `pdf,docx,epub`, or `all`; default all) ITERATIONS times (default 200) after one warm-up
//! render (fonts load once per process, as in a batch), and prints CPU (user + system, every thread of the
//! process, from `/proc/self/stat`) and wall time per iteration. CPU is what a batch pays: the PDF backend
//! subsets beside painting with `rayon::join`, so its wall time is below its CPU time. With
//! `RAYON_NUM_THREADS=1` everything runs on one thread, as in a `-j1` batch (otherwise idle rayon workers
//! spin a little before they sleep, and the process's CPU time counts that too).

/// The allocator of the `paiban` binary, so that the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use paiban::read::{read_bytes, InputFormat, ReadOptions};
use paiban::style::{Style, StyleName};
use paiban::{Format, RenderOptions, Timestamp};
use std::time::Instant;

/// CPU time of this process so far (user + system, all threads), in milliseconds; `None` off Linux.
/// `/proc/self/stat` counts in clock ticks (USER_HZ, 100 on Linux), so measure over many iterations.
fn process_cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces): state is field 3,
    // utime and stime are fields 14 and 15.
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i - 3)?.parse::<f64>().ok();
    Some((ticks(14)? + ticks(15)?) * 10.0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let formats: Vec<Format> = match args.first().map(String::as_str) {
        None | Some("all") => Format::ALL.to_vec(),
        Some(list) => list
            .split(',')
            .filter_map(|f| Format::ALL.into_iter().find(|x| x.extension() == f.trim()))
            .collect(),
    };
    let iterations: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(200).max(1);
    let path = args.get(2).map_or_else(
        || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/seed-speech.txt"),
        std::path::PathBuf::from,
    );
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("skipping cpu bench: {} is not present", path.display());
        return;
    };
    let fonts = paiban::fonts::FontBook::new(&[]);
    let read = |bytes: &[u8]| {
        let format = InputFormat::from_path(&path).unwrap_or(InputFormat::Plain);
        let mut parsed = read_bytes(bytes, format, "seed", ReadOptions::default()).ok()?;
        paiban::transform::omit_boilerplate(&mut parsed.document);
        Some(parsed.document)
    };
    let Some(doc) = read(&bytes) else {
        eprintln!("cpu bench: {} does not parse", path.display());
        return;
    };
    let style = Style::preset(StyleName::for_document(&doc));
    let options =
        RenderOptions { style: &style, fonts: &fonts, timestamp: Timestamp::DEFAULT, embed_fonts: true };
    let render_all = || {
        let doc = read(&bytes)?;
        // As the pipeline does: all formats of a document at once, sharing the PDF's and EPUB's fonts.
        let mut size = 0;
        for output in paiban::render_all(&formats, &doc, &options) {
            size += output.ok()?.bytes.len();
        }
        Some(size)
    };
    let Some(size) = render_all() else {
        eprintln!("cpu bench: rendering failed");
        return;
    };
    let cpu_start = process_cpu_ms();
    let start = Instant::now();
    for _ in 0..iterations {
        std::hint::black_box(render_all());
    }
    let wall = start.elapsed().as_secs_f64() * 1000.0 / iterations as f64;
    let cpu = cpu_start.zip(process_cpu_ms()).map(|(a, b)| (b - a) / iterations as f64);
    let names: Vec<&str> = formats.iter().map(|f| f.extension()).collect();
    println!(
        "{} → {} ({}): {} ms CPU, {wall:.2} ms wall per document over {iterations}; {size} bytes",
        path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        names.join("+"),
        style.name.as_str(),
        cpu.map_or("n/a".to_owned(), |c| format!("{c:.2}")),
    );
}
