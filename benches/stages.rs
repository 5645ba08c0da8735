//! Bench (not a test): where the time goes, stage by stage, for documents of three sizes, and what a batch
//! does with both cores. Prints one table; `scripts/bench-report.sh` runs it.
//!
//! Stages per document (best of a few runs, wall time, warm: fonts are loaded once per process, as in a
//! batch): decode, plain reader, Markdown reader (the same text written as Markdown), layout, PDF (layout,
//! painting, subsetting and writing), DOCX, EPUB (with subset fonts). Sizes: the seed speech (~10 KB), the
//! first ~500 KB of 红楼梦, and all of 红楼梦 (2.4 MB); without `../shared/corpus` a generated text stands in.
//!
//! “All three” is what the target is about: the CPU time (user + system, every thread of the
//! process, from `/proc/self/stat`) of decoding, reading and rendering the three formats of one document,
//! measured over a loop of many documents (≥ 2 s for the seed), since the PDF backend subsets beside
//! painting with `rayon::join` and its wall time is below its CPU time. The wall-time sum is shown beside it.
//!
//! Batch: `BENCH_COPIES` copies of the seed (default 200) converted by the release binary with `-j1` and `-j2`
//! (wall time, CPU time of the child — user + system, from this process's `cutime`/`cstime` — per document,
//! speed-up) and each run's peak RSS (from `/usr/bin/time -v`, when present).

/// The allocator of the `paiban` binary, so that the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use paiban::fonts::FontBook;
use paiban::read::decode::decode;
use paiban::style::{Style, StyleName};
use paiban::{Format, RenderOptions, Timestamp};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Fields 14–17 of `/proc/self/stat` (utime, stime, cutime, cstime) in milliseconds: CPU time of this
/// process (all threads) and of its waited-for children. `None` off Linux. The kernel counts in clock ticks
/// (USER_HZ, 100 on Linux), so measure over many iterations.
fn cpu_times_ms() -> Option<[f64; 4]> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // After the command name (in parentheses, may hold spaces) comes field 3, the state.
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ms = |field: usize| Some(fields.get(field - 3)?.parse::<f64>().ok()? * 10.0);
    Some([ms(14)?, ms(15)?, ms(16)?, ms(17)?])
}

/// CPU milliseconds (user + system) of this process so far.
fn own_cpu_ms() -> Option<f64> {
    cpu_times_ms().map(|t| t[0] + t[1])
}

/// CPU milliseconds (user, system) of the children waited for so far.
fn children_cpu_ms() -> Option<(f64, f64)> {
    cpu_times_ms().map(|t| (t[2], t[3]))
}

/// Best of `runs` timings of `f`, in milliseconds.
fn best_ms<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed().as_secs_f64() * 1000.0
        })
        .fold(f64::MAX, f64::min)
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

/// The texts measured: name, bytes (UTF-8).
fn inputs() -> Vec<(String, Vec<u8>)> {
    let seed = std::fs::read(corpus().join("seed-speech.txt"));
    let novel = std::fs::read(corpus().join("literature/hongloumeng.txt"));
    let (seed, novel) = match (seed, novel) {
        (Ok(seed), Ok(novel)) => (seed, novel),
        _ => {
            eprintln!("note: ../shared/corpus is absent; generated texts stand in for the seed and 红楼梦");
            let paragraph =
                "同志们，今天我们召开工作会议，主要任务是深入学习贯彻会议精神，安排部署下一阶段工作。\n";
            let chapter = |i: usize| format!("第{i}回　标题第{i}回\n{}", paragraph.repeat(40));
            let novel: String = (1..=300).map(chapter).collect();
            (paragraph.repeat(110).into_bytes(), novel.into_bytes())
        }
    };
    // ~500 KB of the novel, cut at a line end.
    let cut = novel.iter().skip(500_000).position(|&b| b == b'\n').map_or(novel.len(), |p| 500_001 + p);
    let middle = novel.get(..cut).unwrap_or(&novel).to_vec();
    vec![("seed".to_owned(), seed), ("红楼梦 500 KB".to_owned(), middle), ("红楼梦".to_owned(), novel)]
}

/// The same text as Markdown: chapter lines become headings, every line a paragraph.
fn as_markdown(text: &str) -> String {
    let mut md = String::with_capacity(text.len() * 11 / 10);
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line.starts_with('第') && line.chars().take(8).any(|c| matches!(c, '回' | '章')) {
            md.push_str("## ");
        }
        md.push_str(line);
        md.push_str("\n\n");
    }
    md
}

struct Row {
    name: String,
    kib: f64,
    stages: Vec<(&'static str, f64)>,
    /// CPU milliseconds per document (one thread) for PDF, DOCX and EPUB alone, if measurable.
    cpu: [Option<f64>; 3],
    /// The same for decode, read and all three formats.
    all_cpu: Option<f64>,
}

fn measure(name: &str, bytes: &[u8], fonts: &FontBook) -> Option<Row> {
    let runs = if bytes.len() > 100_000 { 2 } else { 15 };
    let decoded = decode(bytes, None).ok()?;
    let t_decode = best_ms(runs, || decode(bytes, None).map(|d| d.text.len()));
    let t_plain = best_ms(runs, || paiban::read::plain::read_plain(&decoded.text).0.blocks.len());
    let markdown = as_markdown(&decoded.text);
    let t_markdown = best_ms(runs, || paiban::read::markdown::read_markdown(&markdown).0.blocks.len());
    let (mut doc, _) = paiban::read::plain::read_plain(&decoded.text);
    paiban::transform::omit_boilerplate(&mut doc);
    // Each size in the style paiban would give it (the seed a report, the novel a book).
    let style = Style::preset(if bytes.len() > 100_000 { StyleName::Book } else { StyleName::Report });
    let options = RenderOptions { style: &style, fonts, timestamp: Timestamp::DEFAULT, embed_fonts: true };
    // Warm-up: loads the faces this document uses (once per process).
    for format in [Format::Pdf, Format::Epub] {
        paiban::render(format, &doc, &options).ok()?;
    }
    let t_layout = best_ms(runs, || paiban::layout::lay_out(&doc, &style, fonts).map(|l| l.pages.len()));
    let t_pdf = best_ms(runs, || paiban::render(Format::Pdf, &doc, &options).map(|o| o.bytes.len()));
    let t_docx = best_ms(runs, || paiban::render(Format::Docx, &doc, &options).map(|o| o.bytes.len()));
    let t_epub = best_ms(runs, || paiban::render(Format::Epub, &doc, &options).map(|o| o.bytes.len()));
    // CPU per document as a `-j1` batch pays it: one document after another on one rayon thread (a pool of
    // one, so that `rayon::join` and parallel iterators run inline instead of waking idle workers that spin
    // before they sleep), each loop ≥ ~1 s of CPU. Each format alone, then decode + read + all three.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().ok()?;
    let cpu_ms = |estimate_ms: f64, f: &(dyn Fn() -> Option<usize> + Sync)| -> Option<f64> {
        let loops = ((1000.0 / estimate_ms.max(0.01)).ceil() as usize).clamp(1, 2000);
        pool.install(|| {
            let start = own_cpu_ms()?;
            for _ in 0..loops {
                std::hint::black_box(f());
            }
            Some((own_cpu_ms()? - start) / loops as f64)
        })
    };
    let (doc, options) = (&doc, &options);
    let one = |format: Format| move || paiban::render(format, doc, options).ok().map(|o| o.bytes.len());
    let cpu = [
        cpu_ms(t_pdf, &one(Format::Pdf)),
        cpu_ms(t_docx, &one(Format::Docx)),
        cpu_ms(t_epub, &one(Format::Epub)),
    ];
    let all_three = || -> Option<usize> {
        let decoded = decode(bytes, None).ok()?;
        let (mut doc, _) = paiban::read::plain::read_plain(&decoded.text);
        paiban::transform::omit_boilerplate(&mut doc);
        // As the pipeline renders them: together, the PDF and the EPUB sharing their font cuts.
        let mut size = 0;
        for output in paiban::render_all(&Format::ALL, &doc, options) {
            size += output.ok()?.bytes.len();
        }
        Some(size)
    };
    let all_cpu = cpu_ms(t_decode + t_plain + t_pdf + t_docx + t_epub, &all_three);
    Some(Row {
        name: format!("{name} ({})", style.name.as_str()),
        kib: bytes.len() as f64 / 1024.0,
        stages: vec![
            ("decode", t_decode),
            ("plain", t_plain),
            ("markdown", t_markdown),
            ("layout", t_layout),
            ("pdf", t_pdf),
            ("docx", t_docx),
            ("epub", t_epub),
        ],
        cpu,
        all_cpu,
    })
}

/// One batch run: wall seconds, CPU seconds of the child (user + system), peak RSS in MB.
struct Batch {
    wall: f64,
    /// CPU seconds (user, system).
    cpu: Option<(f64, f64)>,
    rss: Option<f64>,
}

/// Runs the binary over `dir` with `-jN`; peak RSS comes from `/usr/bin/time`, when present.
fn batch(dir: &Path, out: &Path, jobs: usize) -> Option<Batch> {
    let binary = env!("CARGO_BIN_EXE_paiban");
    let _ = std::fs::remove_dir_all(out);
    let time = Path::new("/usr/bin/time");
    let mut command = if time.exists() {
        let mut c = Command::new(time);
        c.arg("-v").arg(binary);
        c
    } else {
        Command::new(binary)
    };
    command.arg(dir).arg("-o").arg(out).arg(format!("-j{jobs}")).arg("-q");
    let cpu_before = children_cpu_ms();
    let start = Instant::now();
    let output = command.output().ok()?;
    let wall = start.elapsed().as_secs_f64();
    // `output` waits for the child (and `time` for paiban), so their CPU time is in `cutime`/`cstime` now.
    let cpu = cpu_before.zip(children_cpu_ms()).map(|(a, b)| ((b.0 - a.0) / 1000.0, (b.1 - a.1) / 1000.0));
    if !output.status.success() {
        eprintln!("batch -j{jobs} failed: {}", String::from_utf8_lossy(&output.stderr));
        return None;
    }
    let rss = String::from_utf8_lossy(&output.stderr)
        .lines()
        .find_map(|l| {
            l.trim().strip_prefix("Maximum resident set size (kbytes):").map(str::trim).map(str::to_owned)
        })
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| kb / 1024.0);
    Some(Batch { wall, cpu, rss })
}

fn main() {
    let fonts = FontBook::new(&[]);
    let inputs = inputs();
    let rows: Vec<Row> = inputs
        .iter()
        .filter_map(|(name, bytes)| {
            let row = measure(name, bytes, &fonts);
            if row.is_none() {
                eprintln!("{name}: could not be measured");
            }
            row
        })
        .collect();
    let na = |v: Option<f64>, digits: usize| v.map_or("n/a".to_owned(), |v| format!("{v:.digits$}"));

    println!("## Stages (ms wall, best of runs; pdf includes layout)\n");
    println!(
        "| document | KiB | decode | plain | markdown | layout | pdf | docx | epub | sum (decode…epub) |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for row in &rows {
        let get = |stage: &str| row.stages.iter().find(|(s, _)| *s == stage).map_or(0.0, |(_, t)| *t);
        let all = get("decode") + get("plain") + get("pdf") + get("docx") + get("epub");
        let cells: Vec<String> = row.stages.iter().map(|(_, t)| format!("{t:.2}")).collect();
        println!("| {} | {:.0} | {} | {all:.1} |", row.name, row.kib, cells.join(" | "));
    }

    println!(
        "\n## CPU per document (ms, user + system, one thread as in a -j1 batch; target: all three ≤ 10)\n"
    );
    println!("| document | pdf | docx | epub | all three (with decode + read) | ms/MB (all three) |");
    println!("|---|---:|---:|---:|---:|---:|");
    for row in &rows {
        let [pdf, docx, epub] = row.cpu;
        println!(
            "| {} | {} | {} | {} | {} | {} |",
            row.name,
            na(pdf, 2),
            na(docx, 2),
            na(epub, 2),
            na(row.all_cpu, 2),
            na(row.all_cpu.map(|c| c / (row.kib / 1024.0)), 0)
        );
    }

    // The peer figures, CPU per seed-sized document (500 KB for the second Typst figure).
    if let Some(seed) = rows.first() {
        let [pdf, docx, epub] = seed.cpu;
        let ratio =
            |peer: f64, ours: Option<f64>| ours.map_or("n/a".to_owned(), |o| format!("{:.0}×", peer / o));
        println!("\n## Against the peers (their CPU ÷ ours, seed unless noted)\n");
        println!("| peer | their ms | ours ms | ratio |");
        println!("|---|---:|---:|---:|");
        let peers = [
            ("pandoc → DOCX", 60.0, docx),
            ("pandoc → EPUB", 59.0, epub),
            ("Typst → PDF", 360.0, pdf),
            ("Typst → PDF, 500 KB", 950.0, rows.get(1).and_then(|r| r.cpu[0])),
            ("LibreOffice batch → PDF", 75.0, pdf),
            ("LibreOffice batch → DOCX", 37.0, docx),
            ("XeLaTeX → PDF", 3200.0, pdf),
        ];
        for (peer, theirs, ours) in peers {
            println!("| {peer} | {theirs:.0} | {} | {} |", na(ours, 2), ratio(theirs, ours));
        }
    }

    let copies: usize = std::env::var("BENCH_COPIES").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
    let Some((_, seed)) = inputs.first() else { return };
    let Ok(work) = tempfile::tempdir() else { return };
    let input = work.path().join("in");
    if std::fs::create_dir_all(&input).is_err() {
        return;
    }
    for i in 0..copies {
        if std::fs::write(input.join(format!("seed-{i:04}.txt")), seed).is_err() {
            return;
        }
    }
    println!("\n## Batch: {copies} copies of the seed → PDF + DOCX + EPUB each (release binary)\n");
    // System time is the kernel's file-system work (creating, syncing and renaming 3 files a document) and
    // page faults; it depends on the file system and its state far more than on paiban.
    println!(
        "| jobs | wall s | wall ms per document | CPU s | CPU ms per document | of which user | of which system | peak RSS MB |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut walls = Vec::new();
    for jobs in [1, 2] {
        let Some(run) = batch(&input, &work.path().join(format!("out{jobs}")), jobs) else {
            continue;
        };
        walls.push(run.wall);
        let rss = run.rss.map_or("n/a (no /usr/bin/time)".to_owned(), |mb| format!("{mb:.0}"));
        let per_doc = |seconds: f64| format!("{:.1}", seconds * 1000.0 / copies as f64);
        let (cpu, cpu_per_doc, user, system) = match run.cpu {
            Some((user, system)) => {
                (format!("{:.2}", user + system), per_doc(user + system), per_doc(user), per_doc(system))
            }
            None => ("n/a".to_owned(), "n/a".to_owned(), "n/a".to_owned(), "n/a".to_owned()),
        };
        println!(
            "| {jobs} | {:.2} | {:.1} | {cpu} | {cpu_per_doc} | {user} | {system} | {rss} |",
            run.wall,
            run.wall * 1000.0 / copies as f64
        );
    }
    if let [j1, j2] = walls[..] {
        println!("\nspeed-up j2 over j1: {:.2}", j1 / j2);
    }
}
