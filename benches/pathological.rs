//! Bench (not a test): the doubling check of issue 15. For each family of pathological Markdown input — a
//! footnote that refers to itself, headings, table rows, a long URL, closing parentheses after a URL, many
//! links, many footnotes, a long paragraph, nesting as deep as the model allows — it builds the input at size
//! n and 2n, converts each through the library as the pipeline does (read, link policy, all three formats
//! with the bundled fonts, on one thread so that the other core's load matters less; the best of five runs
//! of each size, the sizes alternating so that a swing in the machine's speed hits both) and prints the
//! ratio time(2n) ÷ time(n), which stays near 2 for a stage linear in its input and near 4 for a quadratic
//! one. Sizes are chosen so that one conversion takes a tenth of a second or more. Then the peak RSS of the
//! release binary converting the 2n input alone (`/usr/bin/time`, when present).
//!
//! `cargo bench --bench pathological`; `-- FAMILY…` runs only the families named (their first word).
//! Targets (issue 15): every ratio ≤ 2.3, every peak RSS ≤ 500 MB.

/// The allocator of the `paiban` binary, so that the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use paiban::fonts::FontBook;
use paiban::read::{read_bytes, InputFormat, ReadOptions};
use paiban::style::{Style, StyleName};
use paiban::{Format, RenderOptions, Timestamp};
use std::process::Command;
use std::time::Instant;

/// A family: its name, the size n measured (what n counts), and the Markdown of size n.
struct Family {
    name: &'static str,
    unit: &'static str,
    n: usize,
    make: fn(usize) -> String,
}

fn families() -> Vec<Family> {
    vec![
        // The example is 40 references (24.7 s before the expansion budget); the ratio needs more.
        Family { name: "self-footnotes", unit: "references", n: 20_000, make: self_footnotes },
        Family { name: "headings", unit: "headings", n: 50_000, make: headings },
        Family { name: "table-rows", unit: "rows", n: 20_000, make: table_rows },
        Family { name: "long-url", unit: "URL bytes", n: 2_000_000, make: long_url },
        Family { name: "closing-parens", unit: "`)` after a URL", n: 2_000_000, make: closing_parens },
        Family { name: "many-links", unit: "links in a paragraph", n: 10_000, make: many_links },
        Family { name: "many-footnotes", unit: "notes in a paragraph", n: 10_000, make: many_footnotes },
        Family { name: "long-paragraph", unit: "characters", n: 1_000_000, make: long_paragraph },
        Family { name: "deep-nesting", unit: "blocks nested 32 deep", n: 2_000, make: deep_nesting },
    ]
}

/// One footnote whose text refers to itself `n` times.
fn self_footnotes(n: usize) -> String {
    format!("正文[^a]。\n\n[^a]: 注{}\n", "[^a]".repeat(n))
}

fn headings(n: usize) -> String {
    (0..n).map(|k| format!("## 标题{k}\n\n")).collect()
}

fn table_rows(n: usize) -> String {
    let rows: String = (0..n).map(|k| format!("| {k} | 第{k}项工作 |\n")).collect();
    format!("| 序号 | 项目 |\n|---|---|\n{rows}")
}

/// One bare URL of `n` bytes in a sentence.
fn long_url(n: usize) -> String {
    format!("见 https://example.org/{} 。\n", "a".repeat(n.saturating_sub(20)))
}

fn closing_parens(n: usize) -> String {
    format!("见 http://a{} 。\n", ")".repeat(n))
}

fn many_links(n: usize) -> String {
    (0..n).map(|k| format!("[链接{k}](https://example.org/{k})，")).collect::<String>() + "\n"
}

fn many_footnotes(n: usize) -> String {
    let refs: String = (0..n).map(|k| format!("文字[^{k}]")).collect();
    let notes: String = (0..n).map(|k| format!("[^{k}]: 注释{k}。\n")).collect();
    format!("{refs}\n\n{notes}")
}

fn long_paragraph(n: usize) -> String {
    let sentence = "党的十八大以来，我们坚持以人民为中心的发展思想，推动各项工作取得新成就。";
    let count = n / sentence.chars().count() + 1;
    sentence.repeat(count) + "\n"
}

/// `n` blocks, each a quote in a list item in a quote… 28 levels deep around a paragraph holding emphasis
/// inside a link: depth 32, the deepest the model allows (`MAX_DEPTH`), many times over.
fn deep_nesting(n: usize) -> String {
    format!("{}[*深处*](https://example.org/深)\n\n", "- > ".repeat(14)).repeat(n)
}

/// Converts `markdown` to all three formats as the pipeline does; returns the total size of the outputs.
fn convert(markdown: &str, options: &RenderOptions) -> usize {
    let parsed = read_bytes(markdown.as_bytes(), InputFormat::Markdown, "bench.md", ReadOptions::default());
    let Ok(parsed) = parsed else { return 0 };
    let mut document = parsed.document;
    paiban::link::enforce(&mut document);
    let outputs = paiban::render_all(&Format::ALL, &document, options);
    outputs.iter().filter_map(|o| o.as_ref().ok()).map(|o| o.bytes.len()).sum()
}

/// Seconds of one conversion of `markdown`, and the outputs' size.
fn seconds(markdown: &str, options: &RenderOptions) -> (f64, usize) {
    let start = Instant::now();
    let size = convert(markdown, options);
    (start.elapsed().as_secs_f64(), size)
}

/// The best of `runs` conversions of each input, alternating between them: (best of `small`, best of
/// `large`, outputs' size of `large`).
fn best_of_pair(small: &str, large: &str, options: &RenderOptions, runs: usize) -> (f64, f64, usize) {
    let (mut best_small, mut best_large, mut size) = (f64::MAX, f64::MAX, 0);
    for _ in 0..runs {
        best_small = best_small.min(seconds(small, options).0);
        let (t, s) = seconds(large, options);
        best_large = best_large.min(t);
        size = s;
    }
    (best_small, best_large, size)
}

/// Peak RSS in MB of the release binary converting `markdown` to all three formats, if `/usr/bin/time`
/// is there to tell.
fn peak_rss_mb(name: &str, markdown: &str) -> Option<f64> {
    let dir = tempfile::tempdir().ok()?;
    let input = dir.path().join(format!("{name}.md"));
    std::fs::write(&input, markdown).ok()?;
    let output = Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(env!("CARGO_BIN_EXE_paiban"))
        .arg(&input)
        .arg("-o")
        .arg(dir.path().join("out"))
        .arg("-q")
        .output()
        .ok()?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let kb: f64 = stderr.lines().last()?.trim().parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let wanted: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let fonts = FontBook::new(&[]);
    let style = Style::preset(StyleName::Report);
    let options =
        RenderOptions { style: &style, fonts: &fonts, timestamp: Timestamp::DEFAULT, embed_fonts: true };
    let Ok(one_thread) = rayon::ThreadPoolBuilder::new().num_threads(1).build() else {
        eprintln!("no thread pool");
        return;
    };
    // Warm up: fonts are loaded once per process, as in a batch.
    convert("# 预热\n\n正文 https://example.org 。\n", &options);
    println!(
        "{:<16} {:>8} {:>8} {:>9} {:>9} {:>6} {:>9}  n counts",
        "family", "n", "2n", "t(n) s", "t(2n) s", "ratio", "RSS MB"
    );
    for family in families() {
        if !wanted.is_empty() && !wanted.iter().any(|w| w == family.name) {
            continue;
        }
        let small = (family.make)(family.n);
        let large = (family.make)(2 * family.n);
        let (t_small, t_large, size) = one_thread.install(|| best_of_pair(&small, &large, &options, 5));
        let rss = peak_rss_mb(family.name, &large).map_or_else(|| "n/a".to_owned(), |mb| format!("{mb:.0}"));
        println!(
            "{:<16} {:>8} {:>8} {:>9.3} {:>9.3} {:>6.2} {:>9}  {} ({} KB in, {} KB out at 2n)",
            family.name,
            family.n,
            2 * family.n,
            t_small,
            t_large,
            t_large / t_small,
            rss,
            family.unit,
            large.len() / 1024,
            size / 1024,
        );
    }
}
