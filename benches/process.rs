//! Bench (not a test): what one whole `paiban` process costs for one small document → PDF, as a batch
//! split into a process per shard, or per file in a pipeline, pays it: wall time from spawn to exit, user
//! and system CPU, and peak resident memory (from GNU time's `%M`).
//!
//! `cargo bench --bench process -- [FILE] [RUNS] [--binary PATH]` (RUNS is the argument that is a number): FILE defaults to the seed
//! (`../shared/corpus/seed-speech.txt`), else the project's speech fixture; RUNS to 30 (after two warm-up
//! runs, so the font files are in the page cache as in a running batch); PATH to the binary this bench
//! was built with. Give a binary built from another commit as PATH to compare before and after a change.
//! Every run is `--force`d into one temporary folder, so each converts.
//!
//! Measured on the development machine (2 shared cores), the seed → PDF, 30 runs, before and after the
//! font files were mapped instead of read whole: see README.md, "Many processes".

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// GNU time, which reports a child's peak resident set size.
const TIME: &str = "/usr/bin/time";

struct Run {
    wall_ms: f64,
    user_s: f64,
    system_s: f64,
    peak_kb: u64,
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let binary = args
        .iter()
        .position(|a| a == "--binary")
        .and_then(|i| args.get(i + 1))
        .map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_paiban")), PathBuf::from);
    let positional: Vec<&String> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| !a.starts_with("--") && (*i == 0 || args[i - 1] != "--binary"))
        .map(|(_, a)| a)
        .collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let runs: Option<usize> = positional.iter().find_map(|a| a.parse().ok());
    let file =
        positional.iter().find(|a| a.parse::<usize>().is_err()).map(PathBuf::from).unwrap_or_else(|| {
            let seed = root.join("../shared/corpus/seed-speech.txt");
            if seed.is_file() {
                seed
            } else {
                root.join("tests/fixtures/speech-rural-water.txt")
            }
        });
    let runs = runs.unwrap_or(30).max(1);
    if !Path::new(TIME).is_file() {
        eprintln!("skipping process bench: {TIME} (GNU time) is not installed");
        return;
    }
    let Ok(output) = tempfile::tempdir() else {
        eprintln!("process bench: no temporary folder");
        return;
    };
    let once = || -> Option<Run> {
        let started = Instant::now();
        let result = Command::new(TIME)
            .args(["-f", "%U %S %M"])
            .arg(&binary)
            .arg(&file)
            .args(["-t", "pdf", "-q", "--force", "-o"])
            .arg(output.path())
            .output()
            .ok()?;
        let wall_ms = started.elapsed().as_secs_f64() * 1e3;
        if !result.status.success() {
            eprintln!("process bench: the run failed: {}", String::from_utf8_lossy(&result.stderr));
            return None;
        }
        let stderr = String::from_utf8_lossy(&result.stderr);
        let fields: Vec<&str> = stderr.lines().last()?.split_whitespace().collect();
        Some(Run {
            wall_ms,
            user_s: fields.first()?.parse().ok()?,
            system_s: fields.get(1)?.parse().ok()?,
            peak_kb: fields.get(2)?.parse().ok()?,
        })
    };
    for _ in 0..2 {
        if once().is_none() {
            return;
        }
    }
    let measured: Vec<Run> = (0..runs).filter_map(|_| once()).collect();
    if measured.is_empty() {
        return;
    }
    let n = measured.len() as f64;
    let mut wall: Vec<f64> = measured.iter().map(|r| r.wall_ms).collect();
    let mut peak: Vec<f64> = measured.iter().map(|r| r.peak_kb as f64 / 1024.0).collect();
    let user_ms = measured.iter().map(|r| r.user_s).sum::<f64>() / n * 1e3;
    let system_ms = measured.iter().map(|r| r.system_s).sum::<f64>() / n * 1e3;
    let fastest = wall.iter().copied().fold(f64::INFINITY, f64::min);
    println!("{} → PDF, {} processes of {}", file.display(), measured.len(), binary.display());
    println!(
        "wall {:.1} ms median ({fastest:.1} fastest), CPU {user_ms:.1} ms user + {system_ms:.1} ms system (mean), \
         peak RSS {:.1} MB median",
        median(&mut wall),
        median(&mut peak)
    );
}
