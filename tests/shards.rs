//! Batches split over processes and run again: `--shard I/N` and `auto/N`, the manifest that makes a rerun
//! skip what is up to date, and the `--report` JSON, on the project's own documents (input/ and the
//! fixtures).

mod common;

use common::{files_below, paiban};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;

/// A folder of real documents: the project's input/ and the fixtures' documents, some in a subfolder.
fn documents() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in");
    std::fs::create_dir_all(input.join("fixtures")).expect("mkdir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for name in ["article.md", "notice.txt", "speech.txt", "story.txt"] {
        std::fs::copy(root.join("input").join(name), input.join(name)).expect("copy");
    }
    for name in ["markdown-gfm.md", "markdown-hant.md", "speech-rural-water.txt", "tiny.jpg"] {
        std::fs::copy(root.join("tests/fixtures").join(name), input.join("fixtures").join(name))
            .expect("copy");
    }
    (dir, input)
}

const DOCUMENTS: usize = 7;

fn run(input: &Path, output: &Path, extra: &[&str]) -> Output {
    paiban().arg(input).arg("-o").arg(output).args(extra).output().expect("paiban runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs with `--report` and returns the run and the report.
fn reporting(input: &Path, output: &Path, extra: &[&str]) -> (Output, serde_json::Value) {
    let report = output.with_extension("report.json");
    let result = run(input, output, &[extra, &["--report", report.to_str().expect("utf-8 path")]].concat());
    let json =
        serde_json::from_slice(&std::fs::read(&report).expect("report written")).expect("report is JSON");
    (result, json)
}

/// Runs and returns the `--report` JSON, asserting the run succeeded.
fn run_reporting(input: &Path, output: &Path, extra: &[&str]) -> serde_json::Value {
    let (result, json) = reporting(input, output, extra);
    assert!(result.status.success(), "{}", stderr(&result));
    json
}

/// Each file's input and status, from a report.
fn statuses(report: &serde_json::Value) -> Vec<(String, String)> {
    report["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            (f["input"].as_str().expect("input").to_owned(), f["status"].as_str().expect("status").to_owned())
        })
        .collect()
}

fn with_status(report: &serde_json::Value, status: &str) -> Vec<String> {
    statuses(report).into_iter().filter(|(_, s)| s == status).map(|(input, _)| input).collect()
}

fn manifest_lines(output: &Path) -> Vec<String> {
    let mut lines: Vec<String> = std::fs::read_dir(output.join("manifest.d"))
        .expect("manifest folder")
        .flat_map(|part| {
            let text = std::fs::read_to_string(part.expect("entry").path()).expect("part");
            text.lines().map(str::to_owned).collect::<Vec<_>>()
        })
        .collect();
    lines.sort();
    lines
}

#[test]
fn shards_write_disjoint_outputs_whose_union_is_the_full_run() {
    let (dir, input) = documents();
    let full = dir.path().join("full");
    let report = run_reporting(&input, &full, &["-j", "1"]);
    assert_eq!(with_status(&report, "converted").len(), DOCUMENTS, "{report}");
    let names = files_below(&full);
    assert_eq!(names.len(), 3 * DOCUMENTS);
    for count in [1, 3, 7] {
        let output = dir.path().join(format!("shards-{count}"));
        // All N processes at once, as a job array runs them.
        let children: Vec<_> = (0..count)
            .map(|index| {
                let report = dir.path().join(format!("shards-{count}-{index}.json"));
                let child = paiban()
                    .arg(&input)
                    .arg("-o")
                    .arg(&output)
                    .args(["-j", "1", "--shard", &format!("{index}/{count}"), "--report"])
                    .arg(&report)
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("paiban starts");
                (child, report)
            })
            .collect();
        let mut written: Vec<String> = Vec::new();
        let mut inputs: Vec<String> = Vec::new();
        for (child, report) in children {
            let result = child.wait_with_output().expect("paiban ends");
            assert!(result.status.success(), "{}", stderr(&result));
            let report: serde_json::Value =
                serde_json::from_slice(&std::fs::read(&report).expect("report")).expect("JSON");
            for file in report["files"].as_array().expect("files") {
                assert_eq!(file["status"], "converted", "{file}");
                inputs.push(file["input"].as_str().expect("input").to_owned());
                let outputs = file["outputs"].as_array().expect("outputs");
                written.extend(outputs.iter().map(|o| o.as_str().expect("path").to_owned()));
            }
        }
        let distinct: BTreeSet<&String> = written.iter().collect();
        assert_eq!(distinct.len(), written.len(), "{count} shards: an output was written twice");
        assert_eq!(inputs.len(), DOCUMENTS, "{count} shards: {inputs:?}");
        assert_eq!(files_below(&output), names, "{count} shards");
        for name in &names {
            let a = std::fs::read(full.join(name)).expect("read");
            let b = std::fs::read(output.join(name)).expect("read");
            assert!(a == b, "{count} shards: {} differs from the full run", name.display());
        }
        assert_eq!(manifest_lines(&output), manifest_lines(&full), "{count} shards: the manifest parts");
        assert_eq!(std::fs::read_dir(output.join("manifest.d")).expect("parts").count(), count);
    }
}

#[test]
fn auto_takes_the_index_from_either_job_system_and_refuses_without_one() {
    let (dir, input) = documents();
    let shard = |index: usize, env: Option<&str>| {
        let output = dir.path().join(format!("out-{index}-{}", env.unwrap_or("fixed")));
        let report = output.with_extension("json");
        let mut command = paiban();
        command.arg(&input).arg("-o").arg(&output).args(["-t", "docx", "--report"]).arg(&report);
        command.env_remove("JOB_COMPLETION_INDEX").env_remove("SLURM_ARRAY_TASK_ID");
        match env {
            Some(variable) => command.env(variable, index.to_string()).args(["--shard", "auto/3"]),
            None => command.args(["--shard", &format!("{index}/3")]),
        };
        let result = command.output().expect("runs");
        assert!(result.status.success(), "{}", stderr(&result));
        statuses(&serde_json::from_slice(&std::fs::read(&report).expect("report")).expect("JSON"))
    };
    let mut all = Vec::new();
    for index in 0..3 {
        let fixed = shard(index, None);
        assert_eq!(shard(index, Some("JOB_COMPLETION_INDEX")), fixed, "shard {index}");
        assert_eq!(shard(index, Some("SLURM_ARRAY_TASK_ID")), fixed, "shard {index}");
        all.extend(fixed);
    }
    assert_eq!(all.len(), DOCUMENTS);

    let refused = |env: &[(&str, &str)]| {
        let mut command = paiban();
        command.arg(&input).arg("-o").arg(dir.path().join("refused")).args(["--shard", "auto/3"]);
        command.env_remove("JOB_COMPLETION_INDEX").env_remove("SLURM_ARRAY_TASK_ID");
        command.envs(env.iter().copied());
        let result = command.output().expect("runs");
        assert_eq!(result.status.code(), Some(2), "{}", stderr(&result));
        stderr(&result)
    };
    let neither = refused(&[]);
    assert!(neither.contains("JOB_COMPLETION_INDEX") && neither.contains("SLURM_ARRAY_TASK_ID"), "{neither}");
    let beyond = refused(&[("SLURM_ARRAY_TASK_ID", "3")]);
    assert!(beyond.contains("--array=0-2"), "{beyond}");
    assert!(!dir.path().join("refused").exists(), "nothing is written when the shard is refused");
}

#[test]
fn a_rerun_skips_what_is_up_to_date_and_redoes_what_changed() {
    let (dir, input) = documents();
    std::fs::write(input.join("broken.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0").expect("write");
    let output = dir.path().join("out");
    let (_, first) = reporting(&input, &output, &[]);
    let broken = input.join("broken.txt").display().to_string();
    assert_eq!(with_status(&first, "failed"), std::slice::from_ref(&broken));
    assert_eq!(with_status(&first, "converted").len(), DOCUMENTS);
    let failed =
        &first["files"].as_array().expect("files").iter().find(|f| f["status"] == "failed").expect("one");
    assert!(failed["error"].as_str().is_some_and(|e| e.contains("binary")), "{failed}");
    let part = output.join("manifest.d/shard-0-of-1.jsonl");
    let manifest = std::fs::read(&part).expect("manifest");
    assert_eq!(manifest_lines(&output).len(), 3 * DOCUMENTS, "one line per output, none for the failed file");

    // Nothing changed: every file is skipped (the failed one is tried again), the manifest stays the same.
    let (result, second) = reporting(&input, &output, &[]);
    assert_eq!(result.status.code(), Some(1));
    assert!(stderr(&result).contains(&format!("{DOCUMENTS} skipped (unchanged)")), "{}", stderr(&result));
    assert_eq!(with_status(&second, "skipped").len(), DOCUMENTS, "{second}");
    assert_eq!(with_status(&second, "failed"), [broken]);
    let markdown = second["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|f| f["input"].as_str().is_some_and(|i| i.ends_with("gfm.md")))
        .expect("listed");
    assert!(
        markdown["warnings"].as_array().is_some_and(|w| w
            .iter()
            .any(|w| w.as_str().is_some_and(|w| w.starts_with("warning: pdf: U+2610")))),
        "a skipped file keeps its outputs' warnings: {markdown}"
    );
    assert_eq!(std::fs::read(&part).expect("manifest"), manifest, "the manifest is the same after a rerun");
    std::fs::remove_file(input.join("broken.txt")).expect("rm");

    // One input changed: exactly that one is converted again.
    let story = input.join("story.txt");
    let mut text = std::fs::read_to_string(&story).expect("read");
    text.push_str("\n又及：此段为后加。\n");
    std::fs::write(&story, text).expect("write");
    let changed = run_reporting(&input, &output, &[]);
    assert_eq!(with_status(&changed, "converted"), [story.display().to_string()]);
    assert_eq!(with_status(&changed, "skipped").len(), DOCUMENTS - 1);

    // One output deleted: its input is converted again, and the output is back.
    std::fs::remove_file(output.join("notice.epub")).expect("rm");
    let deleted = run_reporting(&input, &output, &[]);
    assert_eq!(with_status(&deleted, "converted"), [input.join("notice.txt").display().to_string()]);
    assert!(output.join("notice.epub").is_file());

    // An output changed by someone else, its length kept, is not taken for this run's.
    let pdf = output.join("fixtures/markdown-gfm.pdf");
    let mut bytes = std::fs::read(&pdf).expect("read");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 1;
    std::fs::write(&pdf, bytes).expect("write");
    let edited = run_reporting(&input, &output, &[]);
    assert_eq!(
        with_status(&edited, "converted"),
        [input.join("fixtures/markdown-gfm.md").display().to_string()]
    );

    // --force converts everything.
    let forced = run_reporting(&input, &output, &["--force"]);
    assert_eq!(with_status(&forced, "converted").len(), DOCUMENTS);
    // Other options than the run's: another timestamp changes every output, so every input is converted.
    let dated = run_reporting(&input, &output, &["--timestamp", "0"]);
    assert_eq!(with_status(&dated, "converted").len(), DOCUMENTS);
}

#[test]
fn a_damaged_manifest_line_is_reported_and_its_input_converted_again() {
    let (dir, input) = documents();
    let output = dir.path().join("out");
    run_reporting(&input, &output, &["-t", "docx"]);
    let part = output.join("manifest.d/shard-0-of-1.jsonl");
    let text = std::fs::read_to_string(&part).expect("manifest");
    // A part cut short in its last line, as by a full disk, and a line of garbage.
    let cut = text.trim_end().rfind('\n').expect("several lines") + 20;
    let damaged = format!("not json\n{}", &text[..cut]);
    std::fs::write(&part, damaged).expect("write");
    let last = text.trim_end().lines().last().expect("a line").to_owned();
    let line: serde_json::Value = serde_json::from_str(&last).expect("JSON");
    let result =
        run(&input, &output, &["-t", "docx", "--report", dir.path().join("r.json").to_str().expect("utf-8")]);
    assert!(result.status.success(), "{}", stderr(&result));
    let said = stderr(&result);
    let warnings: Vec<&str> = said.lines().filter(|l| l.contains("unreadable manifest line")).collect();
    assert_eq!(warnings.len(), 2, "{said}");
    assert!(warnings[0].contains("shard-0-of-1.jsonl:1:"), "{warnings:?}");
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("r.json")).expect("report")).expect("JSON");
    assert_eq!(with_status(&report, "converted"), [line["input"].as_str().expect("input").to_owned()]);
    assert_eq!(with_status(&report, "skipped").len(), DOCUMENTS - 1);
    assert_eq!(std::fs::read_to_string(&part).expect("manifest"), text, "the part is whole again");
}

#[test]
fn the_manifest_is_never_taken_for_an_input_when_the_output_is_inside_the_input() {
    let (_dir, input) = documents();
    for output in [input.join("out"), input.clone()] {
        let first = run_reporting(&input, &output, &["-t", "docx"]);
        let second = run_reporting(&input, &output, &["-t", "docx"]);
        assert_eq!(first["planned"], DOCUMENTS, "{first}");
        assert_eq!(second["planned"], DOCUMENTS, "{second}");
        assert_eq!(with_status(&second, "skipped").len(), DOCUMENTS, "{second}");
    }
}
