//! The whole tool on a temporary folder: three valid outputs per input, a bad file that fails alone,
//! atomic writes, and byte-identical output across runs and job counts.

mod common;

use common::{files_below, have, paiban, zip_names, zip_part};
use std::path::{Path, PathBuf};

const SPEECH: &str = "在社区图书馆建设推进会上的讲话\n局长  林若溪\n（2026年3月18日）\n\n同志们：\n\
                      \u{3000}\u{3000}今天我们召开推进会，主要任务是总结工作、部署任务。“十五分钟阅读圈”已经建成。\n\
                      一、充分肯定成绩\n\u{3000}\u{3000}去年以来，全市新建社区图书馆四十二个，年接待读者超过三百六十万人次。\n";
const ARTICLE: &str =
    "# 排版札记\n\n中文段落两端对齐，\n版面整齐。\n\n- 句号\n- 逗号\n\n> 引文\n\n```\ncode\n```\n";

/// A fresh input folder: two good documents (one in a subfolder) and, when `with_bad`, a binary file
/// disguised as text.
fn input_folder(with_bad: bool) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in");
    std::fs::create_dir_all(input.join("sub")).expect("mkdir");
    std::fs::write(input.join("speech.txt"), SPEECH).expect("write");
    std::fs::write(input.join("sub/article.md"), ARTICLE).expect("write");
    if with_bad {
        std::fs::write(input.join("bad.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0").expect("write");
    }
    (dir, input)
}

fn run(input: &Path, output: &Path, extra: &[&str]) -> std::process::Output {
    paiban().arg(input).arg("-o").arg(output).args(extra).output().expect("paiban runs")
}

/// Structural checks that need no external tool.
fn assert_valid(path: &Path) {
    let bytes = std::fs::read(path).expect("output readable");
    match path.extension().and_then(|e| e.to_str()) {
        Some("pdf") => {
            assert!(bytes.starts_with(b"%PDF-"), "{}: not a PDF", path.display());
            let tail = String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(32)..]).into_owned();
            assert!(tail.contains("%%EOF"), "{}: truncated PDF", path.display());
        }
        Some("docx") => {
            let names = zip_names(&std::fs::read(path).expect("open zip"));
            assert!(names.iter().any(|n| n == "word/document.xml"), "{}: {names:?}", path.display());
            assert!(names.iter().any(|n| n == "[Content_Types].xml"), "{}: {names:?}", path.display());
        }
        Some("epub") => {
            let names = zip_names(&std::fs::read(path).expect("open zip"));
            assert_eq!(names.first().map(String::as_str), Some("mimetype"), "{}", path.display());
            assert_eq!(zip_part(path, "mimetype"), "application/epub+zip");
        }
        other => panic!("unexpected output {other:?}"),
    }
}

fn expected_outputs(stems: &[&str]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = stems
        .iter()
        .flat_map(|stem| ["docx", "epub", "pdf"].map(|ext| PathBuf::from(format!("{stem}.{ext}"))))
        .collect();
    out.sort();
    out
}

#[test]
fn a_folder_converts_to_three_valid_outputs_per_input() {
    let (dir, input) = input_folder(false);
    let output = dir.path().join("out");
    let result = run(&input, &output, &[]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{stderr}");
    assert!(stderr.contains("converted 2 files → 6 outputs"), "{stderr}");
    assert_eq!(files_below(&output), expected_outputs(&["speech", "sub/article"]));
    for file in files_below(&output) {
        assert_valid(&output.join(file));
    }
    // The full validators, when this machine has them (CI installs them in .ci/run).
    let checker = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/check-outputs.sh");
    if checker.is_file() && have("qpdf") && have("pdffonts") && have("java") && have("pandoc") {
        let check = std::process::Command::new("bash")
            .arg(&checker)
            .arg(&output)
            .env("CHECK_LO", "0")
            .output()
            .expect("check-outputs runs");
        let report = String::from_utf8_lossy(&check.stdout);
        assert!(check.status.success(), "check-outputs.sh failed:\n{report}");
        assert!(report.contains("6 passed, 0 failed"), "{report}");
    } else {
        // Without `../shared` (a clean clone) or one of its tools: the validators the tests carry, each
        // skipped in one line when its tool is missing.
        common::validate_outputs(&output);
    }
}

#[test]
fn a_bad_file_fails_alone_and_leaves_nothing_behind() {
    let (dir, input) = input_folder(true);
    let output = dir.path().join("out");
    let result = run(&input, &output, &["-q"]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    let error_lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(error_lines.len(), 1, "one line for the bad file: {stderr}");
    assert!(error_lines[0].contains("bad.txt") && error_lines[0].contains("binary"), "{stderr}");
    // Good outputs are all there; nothing for the bad file and no temporary files.
    assert_eq!(files_below(&output), expected_outputs(&["speech", "sub/article"]));
}

#[test]
fn outputs_are_identical_across_runs_job_counts_and_folders() {
    let (dir, input) = input_folder(false);
    // The same inputs copied to a different absolute path: nothing of the path may reach the outputs.
    let elsewhere = dir.path().join("copy/deeper/in");
    std::fs::create_dir_all(elsewhere.join("sub")).expect("mkdir");
    for name in ["speech.txt", "sub/article.md"] {
        std::fs::copy(input.join(name), elsewhere.join(name)).expect("copy");
    }
    let runs: Vec<(&PathBuf, PathBuf, &[&str])> = vec![
        (&input, dir.path().join("a"), &["-j", "2"]),
        (&input, dir.path().join("b"), &["-j", "2"]),
        (&input, dir.path().join("c"), &["-j", "1"]),
        (&elsewhere, dir.path().join("copy/other-output-folder"), &["-j", "1"]),
    ];
    for (input, output, flags) in &runs {
        let result = run(input, output, flags);
        assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    }
    let first = &runs[0].1;
    let names = files_below(first);
    assert_eq!(names.len(), 6);
    for (_, other, _) in &runs[1..] {
        assert_eq!(files_below(other), names);
        for name in &names {
            let a = std::fs::read(first.join(name)).expect("read");
            let b = std::fs::read(other.join(name)).expect("read");
            assert!(a == b, "{} differs between {} and {}", name.display(), first.display(), other.display());
        }
    }
}

#[test]
fn timestamp_changes_dates_only_when_asked() {
    let (dir, input) = input_folder(false);
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    assert!(run(&input, &a, &["-t", "epub"]).status.success());
    let result = paiban()
        .arg(&input)
        .arg("-o")
        .arg(&b)
        .args(["-t", "epub"])
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .expect("runs");
    assert!(result.status.success());
    assert_eq!(files_below(&a), [PathBuf::from("speech.epub"), PathBuf::from("sub/article.epub")]);
    let opf_a = zip_part(&a.join("speech.epub"), "OEBPS/content.opf");
    let opf_b = zip_part(&b.join("speech.epub"), "OEBPS/content.opf");
    assert!(opf_a.contains("2026-01-01T00:00:00Z"), "{opf_a}");
    assert!(opf_b.contains("2023-11-14T22:13:20Z"), "{opf_b}");
}

/// Documents nested exactly [`MAX_DEPTH`] deep, each along a different path through the model, built by
/// hand (no reader) so that they test the backends' walks alone.
mod deep {
    use paiban::model::{Block, Document, Image, Inline, Role, Table, MAX_DEPTH};

    /// One level of nesting.
    #[derive(Clone, Copy, Debug)]
    pub enum Level {
        List,
        Quote,
        Paragraph,
        Heading,
        TableCell,
        Caption,
        Emph,
        Strong,
        Strike,
        Link,
        Note,
    }

    enum Node {
        Block(Block),
        Inline(Inline),
    }

    impl Level {
        /// Whether this level stands where a block stands (else where an inline does).
        fn is_block(self) -> bool {
            matches!(
                self,
                Level::List
                    | Level::Quote
                    | Level::Paragraph
                    | Level::Heading
                    | Level::TableCell
                    | Level::Caption
            )
        }

        /// Whether what it holds are blocks (else inlines).
        fn holds_blocks(self) -> bool {
            matches!(self, Level::List | Level::Quote | Level::Note)
        }
    }

    /// The document whose longest path follows `path` (repeated) from the top until it is [`MAX_DEPTH`]
    /// deep; levels that do not fit where they come (an emphasis where a block must stand) are skipped.
    pub fn nested(path: &[Level]) -> Document {
        let mut next = 0;
        let node = build(1, true, path, &mut next);
        let Node::Block(block) = node else { unreachable!("the top is a block") };
        let doc = Document { blocks: vec![Block::paragraph("开头。"), block], ..Document::default() };
        assert_eq!(doc.depth(), MAX_DEPTH, "{path:?}");
        doc
    }

    fn text(t: &str) -> Inline {
        Inline::Text(t.to_owned())
    }

    /// The node at `depth` (1 = top level), a block when `block` is set.
    fn build(depth: usize, block: bool, path: &[Level], next: &mut usize) -> Node {
        if block && depth + 1 == MAX_DEPTH {
            return Node::Block(Block::paragraph(format!("第{depth}层的正文，最深处。")));
        }
        if block && depth == MAX_DEPTH {
            return Node::Block(Block::Code { lang: None, text: format!("第{depth}层") });
        }
        if !block && depth == MAX_DEPTH {
            return Node::Inline(text("最深处的文字"));
        }
        // The next level of the path that fits here; a path with none that fits gets a quote or an emphasis.
        let fits =
            (0..path.len()).map(|i| path[(*next + i) % path.len()]).position(|l| l.is_block() == block);
        let level = match fits {
            Some(offset) => {
                let level = path[(*next + offset) % path.len()];
                *next += offset + 1;
                level
            }
            None if block => Level::Quote,
            None => Level::Emph,
        };
        let child = build(depth + 1, level.holds_blocks(), path, next);
        let (child_block, child_inline) = match child {
            Node::Block(b) => (Some(b), None),
            Node::Inline(i) => (None, Some(i)),
        };
        let inlines =
            || vec![text("前文，"), child_inline.clone().unwrap_or_else(|| text("")), text("后文。")];
        let blocks = || vec![Block::paragraph("同层的段落。"), child_block.clone().unwrap_or(Block::Rule)];
        match level {
            Level::List => Node::Block(Block::List {
                ordered: depth.is_multiple_of(2),
                start: 1,
                items: vec![blocks(), vec![Block::paragraph("另一项。")]],
            }),
            Level::Quote => Node::Block(Block::Quote { blocks: blocks() }),
            Level::Paragraph => Node::Block(Block::Paragraph { role: Role::Body, content: inlines() }),
            Level::Heading => {
                Node::Block(Block::Heading { level: (depth % 6 + 1) as u8, content: inlines() })
            }
            Level::TableCell => Node::Block(Block::Table(Table {
                columns: vec![Default::default(); 2],
                head: vec![vec![vec![text("甲")], vec![text("乙")]]],
                body: vec![vec![inlines(), vec![text("丙")]]],
            })),
            Level::Caption => Node::Block(Block::Figure {
                image: Image { src: "missing.png".into(), alt: "图".into() },
                caption: inlines(),
            }),
            Level::Emph => Node::Inline(Inline::Emph(inlines())),
            Level::Strong => Node::Inline(Inline::Strong(inlines())),
            Level::Strike => Node::Inline(Inline::Strike(inlines())),
            Level::Link => {
                Node::Inline(Inline::Link { url: format!("https://example.org/{depth}"), content: inlines() })
            }
            Level::Note => Node::Inline(Inline::Note(blocks())),
        }
    }
}

/// Every walk a worker makes over a document: the three backends alone and together (as the batch
/// renders them, PDF and EPUB sharing fonts), the passes between reading and rendering, the outline and the
/// JSON model of `paiban parse`.
fn walk_every_way(doc: &paiban::Document) {
    let fonts = paiban::fonts::FontBook::new(&[]);
    let style = paiban::style::Style::preset(paiban::style::StyleName::Report);
    let options = paiban::RenderOptions {
        style: &style,
        fonts: &fonts,
        timestamp: paiban::Timestamp::DEFAULT,
        embed_fonts: true,
    };
    for format in paiban::Format::ALL {
        let output = paiban::render(format, doc, &options).expect("renders");
        assert!(!output.bytes.is_empty());
    }
    for output in paiban::render_all(&paiban::Format::ALL, doc, &options) {
        output.expect("renders");
    }
    let mut changed = doc.clone();
    paiban::transform::promote_title(&mut changed);
    paiban::transform::keep_boilerplate(&mut changed);
    paiban::transform::omit_boilerplate(&mut changed);
    assert!(paiban::outline::outline(doc).contains("开头。"));
    assert!(serde_json::to_string(doc).expect("serialises").contains("最深处"));
}

#[test]
fn a_document_at_max_depth_renders_on_a_quarter_of_the_worker_stack() {
    use deep::Level::*;
    let paths: [&[deep::Level]; 8] = [
        &[List, Quote],
        &[Quote],
        &[List],
        &[Paragraph, Emph, Link, Note],
        &[Paragraph, Emph, Strong, Strike, Link],
        &[Paragraph, Note],
        &[TableCell, Strong, Note, List, Heading, Strike, Link, Note, Quote, Caption, Emph],
        &[Quote, List, Caption, Link, Note, TableCell, Emph, Note, Heading, Strong],
    ];
    let documents: Vec<paiban::Document> = paths.iter().map(|path| deep::nested(path)).collect();
    // A pool like the batch's (two threads, so that the joins inside render_all run on both), with a
    // quarter of the stack: a stack overflow would abort this test.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .stack_size(paiban::pipeline::WORKER_STACK_BYTES / 4)
        .build()
        .expect("pool");
    pool.install(|| {
        for doc in &documents {
            walk_every_way(doc);
        }
    });
}
