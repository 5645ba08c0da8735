//! Hostile batches through the real binary (issue 15): a file that would crash a worker, outputs that
//! would collide, links that lead out of the input folder, pipes, odd encodings, forged file names, closed
//! pipes and leftovers of killed runs. Each time the batch finishes, names the bad file in one line,
//! converts every other file, leaves no temporary file, and what it writes passes the validators.

mod common;

use common::{
    batch_folder as batch, convert, files_below, paiban, problem_lines, stderr, validate_outputs, GOOD,
};
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

fn names(list: &[&str]) -> Vec<PathBuf> {
    let mut names: Vec<PathBuf> = list.iter().map(PathBuf::from).collect();
    names.sort();
    names
}

/// `stem.docx`, `stem.epub`, `stem.pdf` for each stem.
fn outputs_of(stems: &[&str]) -> Vec<PathBuf> {
    let all: Vec<String> =
        stems.iter().flat_map(|stem| ["docx", "epub", "pdf"].map(|ext| format!("{stem}.{ext}"))).collect();
    names(&all.iter().map(String::as_str).collect::<Vec<_>>())
}

/// No `.paiban-*.part` file anywhere below `dir`.
fn assert_no_temporary_files(dir: &Path) {
    if dir.is_dir() {
        let temps: Vec<_> =
            files_below(dir).into_iter().filter(|p| p.to_string_lossy().ends_with(".part")).collect();
        assert!(temps.is_empty(), "temporary files left: {temps:?}");
    }
}

fn docx_text(path: &Path) -> String {
    common::zip_part(path, "word/document.xml")
}

// ---- 1. No file stops the batch -------------------------------------------------------------------

/// The first example and its kin: nesting that used to overflow a worker's stack (exit 134, every
/// other file lost, a `.part` left). Deep enough to crash the default 2 MiB stack, within what the worker
/// stack covers even without the readers' cap (and within the 256 levels xmllint takes).
#[test]
fn deeply_nested_markdown_that_crashed_a_worker_converts_with_the_rest() {
    let quotes = format!("{} 文字\n", ">".repeat(63));
    let lists: String = (0..100).map(|i| format!("{}- 第{i}层\n", "  ".repeat(i))).collect();
    // Each level a list item holding a quote holding the next level's list.
    let quotes_in_lists: String = (0..60).map(|i| format!("{}- > 第{i}层\n", "  > ".repeat(i))).collect();
    let (dir, input) = batch(&[
        ("q.md", quotes.as_bytes()),
        ("lists.md", lists.as_bytes()),
        ("quotes-in-lists.md", quotes_in_lists.as_bytes()),
    ]);
    let output = dir.path().join("out");
    let result = convert(&input, &output, &["-q"]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    assert_eq!(files_below(&output), outputs_of(&["good", "lists", "q", "quotes-in-lists"]));
    assert_no_temporary_files(&output);
    assert!(docx_text(&output.join("q.docx")).contains("文字"));
    validate_outputs(&output);
}

/// Nesting far past any stack: converted only once the Markdown reader caps nesting at `MAX_DEPTH` (helper
/// "md"'s part of issue 15); until then this test aborts with the worker's stack overflow.
#[test]
fn markdown_nested_far_past_the_cap_converts_with_the_rest() {
    let quotes = format!("{} 文字\n", ">".repeat(100_000));
    let lists: String = (0..3000).map(|i| format!("{}- 第{i}层\n", "  ".repeat(i))).collect();
    let emphasis = format!("{}强调{}\n", "*_".repeat(5_000), "_*".repeat(5_000));
    let html = format!("{}深处{}\n", "<div>".repeat(5_000), "</div>".repeat(5_000));
    let (dir, input) = batch(&[
        ("q.md", quotes.as_bytes()),
        ("lists.md", lists.as_bytes()),
        ("emphasis.md", emphasis.as_bytes()),
        ("html.md", html.as_bytes()),
    ]);
    let output = dir.path().join("out");
    let result = convert(&input, &output, &["-t", "docx"]);
    let text = stderr(&result);
    assert_eq!(result.status.code(), Some(0), "{text}");
    assert_eq!(
        files_below(&output),
        names(&["emphasis.docx", "good.docx", "html.docx", "lists.docx", "q.docx"])
    );
    assert_no_temporary_files(&output);
    for name in ["q.md", "lists.md"] {
        assert!(
            text.lines().any(|l| l.starts_with(&input.join(name).display().to_string())),
            "{name}: {text}"
        );
    }
    let parse = paiban().arg("parse").arg(input.join("q.md")).output().expect("runs");
    assert_eq!(parse.status.code(), Some(0), "{}", stderr(&parse));
}

// ---- 4. No output is lost ----------------------------------------------------------------------

/// A document whose text says which input it came from.
fn marked(name: &str) -> Vec<u8> {
    format!("来自{name}的正文。\n").into_bytes()
}

#[test]
fn inputs_whose_output_names_collide_all_keep_their_outputs_on_every_run() {
    // a.txt and a.md share `a`; the renamed a.txt → `a.txt` is a.txt.md's own name; A.md differs in case.
    let files = ["a.txt", "a.md", "a.txt.md", "A.md", "b.txt"];
    let contents: Vec<(&str, Vec<u8>)> = files.iter().map(|f| (*f, marked(f))).collect();
    let inputs: Vec<(&str, &[u8])> = contents.iter().map(|(f, c)| (*f, c.as_slice())).collect();
    let (dir, input) = batch(&inputs);
    if std::fs::read_dir(&input).expect("ls").count() < files.len() + 1 {
        eprintln!("skipping: this disk ignores case, so A.md and a.md cannot both exist");
        return;
    }
    let mut listings = Vec::new();
    for run in ["out1", "out2"] {
        let output = dir.path().join(run);
        let result = convert(&input, &output, &[]);
        assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
        let written: Vec<PathBuf> = files_below(&output);
        assert_eq!(written.len(), 3 * files.len() + 3, "every input has its three outputs: {written:?}");
        assert!(stderr(&result).contains(&format!(
            "converted {} files → {} outputs",
            files.len() + 1,
            written.len()
        )));
        // Each output holds the text of its own input: nothing was overwritten by another.
        let mut owners = Vec::new();
        for docx in written.iter().filter(|p| p.extension().is_some_and(|e| e == "docx")) {
            let text = docx_text(&output.join(docx));
            let owner = ["good"]
                .iter()
                .chain(&files)
                .find(|f| text.contains(&format!("来自{f}的")) || (**f == "good" && text.contains("读书月")));
            owners.push(owner.copied().unwrap_or_else(|| panic!("{} holds no input's text", docx.display())));
        }
        owners.sort();
        let mut expected: Vec<&str> = files.iter().copied().chain(["good"]).collect();
        expected.sort();
        assert_eq!(owners, expected, "one DOCX per input");
        assert_no_temporary_files(&output);
        listings.push(written);
        if run == "out1" {
            validate_outputs(&output);
        }
    }
    assert_eq!(listings[0], listings[1], "the same names on every run");
}

#[test]
fn an_output_is_never_written_over_a_folder_of_outputs_or_over_an_input() {
    // in/a.pdf/ is a folder of inputs, mirrored as out/a.pdf/: a.txt's PDF cannot be out/a.pdf.
    let (dir, input) = batch(&[("a.txt", &marked("a.txt")), ("a.pdf/b.txt", &marked("b.txt"))]);
    let output = dir.path().join("out");
    let result = convert(&input, &output, &["-t", "pdf,docx"]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    assert_eq!(
        files_below(&output),
        names(&["a.pdf/b.docx", "a.pdf/b.pdf", "a.txt.docx", "a.txt.pdf", "good.docx", "good.pdf"])
    );
    // Outputs written into the input folder: an input named like an output stays as it was.
    let named = input.join("notes.docx");
    std::fs::write(&named, "一份以文本保存的笔记。\n").expect("write");
    let result = paiban().arg(&named).arg("-o").arg(&input).args(["-t", "docx"]).output().expect("runs");
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    assert_eq!(std::fs::read_to_string(&named).expect("read"), "一份以文本保存的笔记。\n");
    assert!(docx_text(&input.join("notes.docx.docx")).contains("一份以文本保存的笔记"));
}

// ---- 7. What a folder's walk finds stays inside it ---------------------------------------------------

#[cfg(unix)]
#[test]
fn links_out_of_the_input_folder_are_skipped_with_one_line_each() {
    use std::os::unix::fs::symlink;
    let secret = "私钥内容绝不能出现在输出里。\n";
    let (dir, input) = batch(&[("sub/inner.txt", &marked("inner"))]);
    let outside = dir.path().join("home");
    std::fs::create_dir_all(outside.join(".ssh")).expect("mkdir");
    std::fs::write(outside.join(".ssh/id_rsa.txt"), secret).expect("write");
    std::fs::write(outside.join("notes.md"), secret).expect("write");
    symlink(outside.join(".ssh/id_rsa.txt"), input.join("notes.txt")).expect("symlink");
    symlink("../home/notes.md", input.join("relative.md")).expect("symlink");
    symlink("sub/../../home/.ssh", input.join("keys")).expect("symlink");
    symlink("notes.txt", input.join("chain.txt")).expect("symlink");
    symlink("sub/inner.txt", input.join("alias.txt")).expect("symlink");
    let output = dir.path().join("out");
    let result = convert(&input, &output, &[]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    let lines = problem_lines(&result);
    for name in ["chain.txt", "keys", "notes.txt", "relative.md"] {
        let about: Vec<&String> = lines.iter().filter(|l| l.contains(&format!("in/{name}:"))).collect();
        assert_eq!(about.len(), 1, "{name}: {lines:#?}");
        assert!(about[0].contains("outside the input folder"), "{about:?}");
    }
    // A link inside the folder is converted (once), the secret nowhere.
    assert_eq!(files_below(&output), outputs_of(&["alias", "good"]));
    for docx in ["alias.docx", "good.docx"] {
        assert!(!docx_text(&output.join(docx)).contains("私钥"), "{docx}");
    }
    validate_outputs(&output);
    // Named on the command line, the same file is the user's choice.
    let named = dir.path().join("named");
    let result = paiban()
        .arg(input.join("notes.txt"))
        .arg("-o")
        .arg(&named)
        .args(["-t", "docx"])
        .output()
        .expect("runs");
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    assert!(docx_text(&named.join("notes.docx")).contains("私钥内容"));
}

// ---- 9. Smaller: pipes, devices, encodings, names, boilerplate, leftovers ----------------------------

/// Runs paiban and waits for it, killing it after `limit` seconds so that a run that blocks fails the test
/// instead of hanging it (a guard against blocking, not a timing assertion).
fn run_guarded(mut command: std::process::Command, limit: u64) -> Output {
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
    for _ in 0..limit * 10 {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = child.kill();
    let output = child.wait_with_output().expect("output");
    panic!("paiban blocked and was killed after {limit} s: {}", stderr(&output));
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let made = std::process::Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(made.success());
}

#[cfg(unix)]
#[test]
fn a_named_pipe_never_blocks_the_batch() {
    let (dir, input) = batch(&[("other.md", &marked("other"))]);
    mkfifo(&input.join("pipe.txt"));
    mkfifo(&input.join("pipe.md"));
    let output = dir.path().join("out");
    let mut command = paiban();
    command.arg(&input).arg("-o").arg(&output).args(["-t", "docx"]);
    let result = run_guarded(command, 120);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    let lines = problem_lines(&result);
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert!(
        lines.iter().all(|l| l.contains("skipped: a named pipe (FIFO), not a regular file")),
        "{lines:#?}"
    );
    assert_eq!(files_below(&output), names(&["good.docx", "other.docx"]));
    // Named on the command line: refused in one line, the rest converted.
    let mut command = paiban();
    command.arg(input.join("pipe.txt")).arg(input.join("other.md")).arg("-o").arg(dir.path().join("named"));
    let result = run_guarded(command, 120);
    assert_eq!(result.status.code(), Some(1), "{}", stderr(&result));
    let lines = problem_lines(&result);
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(lines[0].contains("pipe.txt: error: not a regular file but a named pipe (FIFO)"), "{lines:?}");
    assert_eq!(files_below(&dir.path().join("named")), outputs_of(&["other"]));
}

#[test]
fn utf16_without_a_bom_is_converted_and_a_binary_file_is_told_to_use_encoding() {
    let text = "关于开展全民阅读活动的通知\n\n各区县：\n为推进书香社会建设，现将有关事项通知如下。\n";
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let (dir, input) = batch(&[("le.txt", &le), ("be.md", &be), ("data.txt", b"\x00\x01\x02binary\x00\xff")]);
    let output = dir.path().join("out");
    let result = convert(&input, &output, &["-q"]);
    assert_eq!(result.status.code(), Some(1), "{}", stderr(&result));
    let lines = problem_lines(&result);
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(
        lines[0].contains("data.txt: error: this looks like a binary file")
            && lines[0].contains("--encoding")
    );
    assert_eq!(files_below(&output), outputs_of(&["be", "good", "le"]));
    for name in ["le.docx", "be.docx"] {
        assert!(docx_text(&output.join(name)).contains("为推进书香社会建设"), "{name}");
    }
    validate_outputs(&output);
}

#[test]
fn encodings_without_a_decoder_are_a_usage_error_and_forced_garbage_is_refused() {
    let (dir, input) = batch(&[]);
    for label in ["hz-gb-2312", "iso-2022-kr", "csiso2022kr", "iso-2022-cn"] {
        let result = convert(&input, &dir.path().join("out"), &["--encoding", label]);
        assert_eq!(result.status.code(), Some(2), "{label}: {}", stderr(&result));
        let text = stderr(&result);
        assert!(
            text.contains(&format!("encoding '{label}' cannot be decoded here")) && text.contains("gb18030"),
            "{text}"
        );
    }
    assert!(!dir.path().join("out").exists());
    // A compressed file holds no NUL in its first bytes here, and decodes as garbage in any encoding forced.
    let mut state: u32 = 0x9E37_79B9;
    let noise: Vec<u8> = (0..20_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            (state >> 24) as u8 | 1
        })
        .collect();
    // Beside it, a document in the encoding forced, which converts.
    let traditional = "關於開展讀書月活動的通知\n\n各單位：\n為營造良好的讀書氛圍，現將有關事項通知如下。\n";
    for (label, document) in [("gbk", GOOD), ("utf-8", GOOD), ("big5", traditional)] {
        let encoding = paiban::read::decode::encoding_for_label(label).expect("label");
        let (bytes, _, unmappable) = encoding.encode(document);
        assert!(!unmappable);
        let dir = tempfile::tempdir().expect("tempdir");
        let input = dir.path().join("in");
        std::fs::create_dir_all(&input).expect("mkdir");
        std::fs::write(input.join("noise.txt"), &noise).expect("write");
        std::fs::write(input.join("notice.txt"), &bytes).expect("write");
        let output = dir.path().join("out");
        let result = convert(&input, &output, &["-q", "-t", "docx", "--encoding", label]);
        assert_eq!(result.status.code(), Some(1), "{label}: {}", stderr(&result));
        let lines = problem_lines(&result);
        assert_eq!(lines.len(), 1, "{lines:#?}");
        assert!(lines[0].contains("noise.txt: error: this does not look like text"), "{lines:?}");
        assert!(lines[0].contains("(--encoding); check that it is the file's encoding"), "{lines:?}");
        assert_eq!(files_below(&output), names(&["notice.docx"]));
        assert!(docx_text(&output.join("notice.docx")).contains("讀書月") || label != "big5");
    }
}

/// Runs paiban with its stderr (and stdout) closed before it writes anything, as `| head -1` does.
fn with_closed_pipes(mut command: std::process::Command) -> std::process::ExitStatus {
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
    drop(child.stdout.take());
    drop(child.stderr.take());
    child.wait().expect("wait")
}

#[test]
fn a_closed_pipe_ends_the_report_quietly_not_the_run() {
    let (dir, input) =
        batch(&[("a.txt", GOOD.as_bytes()), ("a.md", b"# A\n\nbody\n"), ("bad.txt", b"\x89PNG\0\0")]);
    let output = dir.path().join("out");
    let mut command = paiban();
    command.arg(&input).arg("-o").arg(&output).args(["-v", "-t", "docx"]);
    let status = with_closed_pipes(command);
    assert_eq!(status.code(), Some(1), "the bad file's exit code, not a panic's 101");
    assert_eq!(files_below(&output), names(&["a.md.docx", "a.txt.docx", "good.docx"]));
    for extra in [&[][..], &["--json"]] {
        let mut command = paiban();
        command.arg("parse").arg(input.join("a.md")).args(extra);
        assert_eq!(with_closed_pipes(command).code(), Some(0), "parse {extra:?}");
        let mut command = paiban();
        command.arg("parse").arg(input.join("bad.txt")).args(extra);
        assert_eq!(with_closed_pipes(command).code(), Some(1), "parse of a bad file {extra:?}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn unfinished_outputs_of_killed_runs_are_removed_and_counted_those_of_live_runs_kept() {
    let (dir, input) = batch(&[("sub/b.txt", GOOD.as_bytes())]);
    let output = dir.path().join("out");
    std::fs::create_dir_all(output.join("sub")).expect("mkdir");
    // Process ids above the kernel's limit (4194304) belong to no process: their writers are dead.
    std::fs::write(output.join(".paiban-4194305-a1b2c3.part"), "%PDF-1.7 partial").expect("write");
    std::fs::write(output.join("sub/.paiban-4194306-d4e5f6.part"), "PK partial").expect("write");
    // This test is alive: as far as paiban can tell, its file is another run's, still being written.
    let live = output.join(format!(".paiban-{}-g7h8i9.part", std::process::id()));
    std::fs::write(&live, "being written").expect("write");
    let result = convert(&input, &output, &["-t", "docx"]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    let lines = problem_lines(&result);
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(lines[0].contains("removed 2 unfinished output(s) (.paiban-*.part)"), "{lines:?}");
    assert_eq!(
        files_below(&output),
        names(&["good.docx", "sub/b.docx", &live.file_name().expect("name").to_string_lossy()])
    );

    // A real `kill -9` in the middle of a batch, then a second run: nothing unfinished is left.
    let body = "第一章 开端\n".to_owned() + &"这一段正文写得很长，用来填满许多页。\n".repeat(400);
    let many: Vec<(String, Vec<u8>)> =
        (0..40).map(|i| (format!("doc{i:02}.txt"), body.clone().into_bytes())).collect();
    let files: Vec<(&str, &[u8])> = many.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let (dir, input) = batch(&files);
    let output = dir.path().join("out");
    let mut child =
        paiban().arg(&input).arg("-o").arg(&output).args(["-q", "-j", "2"]).spawn().expect("spawn");
    while !output.is_dir() || files_below(&output).is_empty() {
        assert!(child.try_wait().expect("wait").is_none(), "the batch ended before it could be killed");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().expect("kill -9");
    child.wait().expect("wait");
    let result = convert(&input, &output, &["-q"]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    assert_no_temporary_files(&output);
    assert_eq!(files_below(&output).len(), 3 * 41);
}

#[cfg(unix)]
#[test]
fn control_characters_in_file_names_cannot_forge_report_lines() {
    use std::os::unix::ffi::OsStrExt;
    let binary: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    let (dir, input) = batch(&[]);
    let forged = "x.txt: error: forged\nreal.txt";
    for name in [&format!("{forged}.txt")[..], "tab\there.txt", "esc\u{1b}[31mred.txt", "rlo\u{202e}txt.md"] {
        std::fs::write(input.join(name), binary).expect("write");
    }
    std::fs::write(input.join(std::ffi::OsStr::from_bytes(b"latin1-\xe9t\xe9.txt")), binary).expect("write");
    let output = dir.path().join("out");
    let result = convert(&input, &output, &["-q", "-t", "docx"]);
    assert_eq!(result.status.code(), Some(1), "{}", stderr(&result));
    let lines = problem_lines(&result);
    assert_eq!(lines.len(), 5, "one line per bad file: {lines:#?}");
    let shown = input.display().to_string();
    assert!(lines
        .iter()
        .all(|l| l.starts_with(&shown) && l.contains(": error: this looks like a binary file")));
    assert!(lines.iter().all(|l| !l.contains(['\u{1b}', '\t', '\r', '\u{202e}'])), "{lines:#?}");
    for escaped in [
        "forged\\nreal.txt.txt",
        "tab\\there.txt",
        "esc\\u{1b}[31mred.txt",
        "rlo\\u{202e}txt.md",
        "latin1-\\xe9t\\xe9.txt",
    ] {
        assert!(lines.iter().any(|l| l.contains(escaped)), "{escaped}: {lines:#?}");
    }
    assert_eq!(files_below(&output), names(&["good.docx"]));
}

#[test]
fn sentences_are_never_dropped_as_boilerplate_and_an_all_boilerplate_file_fails() {
    let article =
        "关于网页脚本的说明\n\n\u{3000}\u{3000}在网页里插入<script>标签，浏览器就会运行其中的脚本。\n\
                   \u{3000}\u{3000}请用手机扫描下方二维码，填写报名信息后提交。\n\
                   \u{3000}\u{3000}操作完成前请勿关闭窗口，否则已填写的内容会丢失。\n\
                   问题的答案是：\ntrue\n";
    let furniture = "扫描二维码关注“笔苑”公众号\n打印本页\n关闭窗口\n";
    let (dir, input) = batch(&[("article.txt", article.as_bytes()), ("furniture.txt", furniture.as_bytes())]);
    let output = dir.path().join("out");
    let result = convert(&input, &output, &[]);
    assert_eq!(result.status.code(), Some(1), "{}", stderr(&result));
    let errors: Vec<String> =
        problem_lines(&result).into_iter().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("furniture.txt: error: nothing to typeset")
            && errors[0].contains("--keep-boilerplate")
    );
    assert_eq!(files_below(&output), outputs_of(&["article", "good"]));
    let text = docx_text(&output.join("article.docx"));
    for kept in ["&lt;script&gt;标签", "扫描下方二维码", "请勿关闭窗口", ">true<"] {
        assert!(text.contains(kept), "{kept} lost");
    }
    validate_outputs(&output);
    // Asked to keep boilerplate, the file converts.
    let kept = dir.path().join("kept");
    let result = convert(&input.join("furniture.txt"), &kept, &["-t", "docx", "--keep-boilerplate"]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    assert!(docx_text(&kept.join("furniture.docx")).contains("打印本页"));
}
