//! Hostile and tricky Markdown through the real binary (issue 15, items 1, 2, 9 and 10): deep nesting of
//! every kind, expensive footnotes and URLs, raw HTML that used to leak or lose text, autolinks, links and
//! front matter. In every batch the other file converts, every file gives its outputs, each problem is
//! named in one warning line with the file and the line, no temporary file is left, and the outputs pass
//! qpdf --check, xmllint and EPUBCheck (each skipped with one printed line when absent).

mod common;

use common::{batch_folder, convert, files_below, paiban, stderr, validate_outputs_with};
use paiban::model::{Block, Document, Inline};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Output;

/// A converted batch: `in/good.txt` and the given files, converted to `formats` into `out/`.
struct Batch {
    _dir: tempfile::TempDir,
    input: PathBuf,
    output: PathBuf,
    result: Output,
}

impl Batch {
    fn convert(files: &[(&str, Vec<u8>)], formats: &str) -> Batch {
        let files: Vec<(&str, &[u8])> = files.iter().map(|(name, bytes)| (*name, bytes.as_slice())).collect();
        let (dir, input) = batch_folder(&files);
        let output = dir.path().join("out");
        let result = convert(&input, &output, &["-t", formats]);
        Batch { _dir: dir, input, output, result }
    }

    fn stderr(&self) -> String {
        stderr(&self.result)
    }

    /// The stderr lines about input `name`.
    fn lines_about(&self, name: &str) -> Vec<String> {
        let prefix = format!("{}: ", self.input.join(name).display());
        self.stderr().lines().filter(|line| line.starts_with(&prefix)).map(str::to_owned).collect()
    }

    /// The batch finished with exit 0, every input (good.txt included) has an output per format, and no
    /// temporary file is left.
    fn assert_complete(&self, names: &[&str], formats: &[&str]) {
        let stderr = self.stderr();
        assert_eq!(self.result.status.code(), Some(0), "{stderr}");
        let mut expected: Vec<PathBuf> = std::iter::once("good")
            .chain(names.iter().map(|name| name.rsplit_once('.').map_or(*name, |(stem, _)| stem)))
            .flat_map(|stem| formats.iter().map(move |ext| PathBuf::from(format!("{stem}.{ext}"))))
            .collect();
        expected.sort();
        assert_eq!(files_below(&self.output), expected, "{stderr}");
        let temporary: Vec<PathBuf> = files_below(self.input.parent().expect("batch folder"))
            .into_iter()
            .filter(|p| p.to_string_lossy().contains(".paiban-") || p.to_string_lossy().ends_with(".part"))
            .collect();
        assert!(temporary.is_empty(), "temporary files left: {temporary:?}");
    }

    fn output_path(&self, stem: &str, ext: &str) -> PathBuf {
        self.output.join(format!("{stem}.{ext}"))
    }

    /// The text of every XHTML content document of the EPUB of `stem`, in reading order.
    fn epub_xhtml(&self, stem: &str) -> String {
        let bytes = std::fs::read(self.output_path(stem, "epub")).expect("epub written");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
        let mut names: Vec<String> = zip
            .file_names()
            .filter(|n| n.ends_with(".xhtml") && !n.ends_with("nav.xhtml"))
            .map(str::to_owned)
            .collect();
        names.sort_by_key(|n| (!n.contains("titlepage"), n.clone()));
        let mut all = String::new();
        for name in names {
            zip.by_name(&name).expect("entry").read_to_string(&mut all).expect("utf-8");
        }
        all
    }

    fn epub_entry(&self, stem: &str, entry: &str) -> String {
        let bytes = std::fs::read(self.output_path(stem, "epub")).expect("epub written");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
        let mut out = String::new();
        zip.by_name(entry).expect("entry").read_to_string(&mut out).expect("utf-8");
        out
    }
}

/// `paiban parse --json` of a Markdown text, as the model.
fn parsed(markdown: &str) -> (Document, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("doc.md");
    std::fs::write(&path, markdown).expect("write");
    let out = paiban().args(["parse", "--json"]).arg(&path).output().expect("paiban parse runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let document = serde_json::from_slice(&out.stdout).expect("the model as JSON");
    (document, String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Every inline of a document, notes included, in reading order (the documents here are capped, so a
/// recursive walk is fine).
fn inlines(doc: &Document) -> Vec<&Inline> {
    fn blocks<'a>(list: &'a [Block], out: &mut Vec<&'a Inline>) {
        for block in list {
            match block {
                Block::Heading { content, .. } | Block::Paragraph { content, .. } => items(content, out),
                Block::List { items: list, .. } => list.iter().for_each(|item| blocks(item, out)),
                Block::Quote { blocks: inner } => blocks(inner, out),
                Block::Figure { caption, .. } => items(caption, out),
                Block::Table(table) => {
                    table.head.iter().chain(&table.body).flatten().for_each(|c| items(c, out))
                }
                _ => {}
            }
        }
    }
    fn items<'a>(content: &'a [Inline], out: &mut Vec<&'a Inline>) {
        for inline in content {
            out.push(inline);
            match inline {
                Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) | Inline::Link { content: c, .. } => {
                    items(c, out)
                }
                Inline::Note(inner) => blocks(inner, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    blocks(&doc.blocks, &mut out);
    out
}

fn md(text: impl Into<String>) -> Vec<u8> {
    text.into().into_bytes()
}

#[test]
fn deep_nesting_of_every_kind_converts_with_one_warning_naming_the_line() {
    let n = 100_000;
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("quotes.md", md(format!("{} 文字\n", ">".repeat(63)))),
        ("quotes-100k.md", md(format!("{} 文字\n", ">".repeat(n)))),
        ("lists.md", md(format!("{}文字\n", "- ".repeat(n)))),
        ("quotes-in-lists.md", md(format!("{}文字\n", "- > ".repeat(n)))),
        ("ordered.md", md(format!("正文\n\n{}文字\n", "1. ".repeat(300)))),
        ("emphasis.md", md(format!("{}文字{}\n", "*a ".repeat(n), " a*".repeat(n)))),
        ("strike.md", md(format!("{}文字{}\n", "~~a ".repeat(n), " a~~".repeat(n)))),
        ("html-em.md", md(format!("<div>{}文字{}</div>\n", "<em>".repeat(n), "</em>".repeat(n)))),
        (
            "html-details.md",
            md(format!("{}文字\n\n{}", "<details>\n\n".repeat(3000), "</details>\n\n".repeat(3000))),
        ),
        (
            "footnote-chain.md",
            md(format!(
                "正文[^0]\n\n{}",
                (0..20_000).map(|i| format!("[^{i}]: 注{i}[^{}]\n\n", i + 1)).collect::<String>()
            )),
        ),
    ];
    let names: Vec<&str> = files.iter().map(|(name, _)| *name).collect();
    let batch = Batch::convert(&files, "pdf,docx,epub");
    batch.assert_complete(&names, &["pdf", "docx", "epub"]);
    let expected_line = |name: &str| match name {
        "ordered.md" => 3,
        "html-details.md" => 61,
        "footnote-chain.md" => 31,
        _ => 1,
    };
    for name in &names {
        let lines = batch.lines_about(name);
        assert_eq!(lines.len(), 1, "{name}: {lines:?}");
        assert!(
            lines[0].contains(&format!("warning: line {}: ", expected_line(name)))
                && lines[0].contains("nested deeper than 32"),
            "{name}: {lines:?}"
        );
        // The innermost text is kept.
        let stem = name.trim_end_matches(".md");
        let xhtml = batch.epub_xhtml(stem);
        assert!(xhtml.contains("文字") || xhtml.contains("注19999"), "{name}: text kept");
    }
    validate_outputs_with(&batch.output, |stem| {
        ["quotes-100k", "footnote-chain", "html-details"].contains(&stem)
    });
}

#[test]
fn expensive_footnotes_and_urls_are_bounded_and_keep_their_text() {
    // A note that refers to itself 40 times (O(N³) copies before) and a URL followed by 80 000 closing
    // parentheses (quadratic trimming before) convert with the rest of the batch.
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("self-note.md", md(format!("正文[^a]\n\n[^a]: {}\n", "自引[^a]".repeat(40)))),
        ("parentheses.md", md(format!("见 http://a{}\n", ")".repeat(80_000)))),
    ];
    let names: Vec<&str> = files.iter().map(|(name, _)| *name).collect();
    let batch = Batch::convert(&files, "pdf,docx,epub");
    batch.assert_complete(&names, &["pdf", "docx", "epub"]);
    let self_note = batch.lines_about("self-note.md");
    assert_eq!(self_note.len(), 1, "{self_note:?}");
    assert!(self_note[0].contains("line 3: footnote [^a] refers to itself"), "{self_note:?}");
    assert!(batch.epub_xhtml("self-note").contains(&"自引[^a]".repeat(40)));
    assert!(batch.lines_about("parentheses.md").is_empty());
    validate_outputs_with(&batch.output, |stem| ["self-note"].contains(&stem));

    // The structure, through `paiban parse --json`.
    let (doc, _) = parsed(&format!("正文[^a]\n\n[^a]: {}\n", "自引[^a]".repeat(40)));
    let notes: Vec<&Inline> = inlines(&doc).into_iter().filter(|i| matches!(i, Inline::Note(_))).collect();
    assert_eq!(notes.len(), 1, "the note is placed once, its references to itself stay labels");
    let Inline::Note(blocks) = notes[0] else { unreachable!() };
    let Block::Paragraph { content, .. } = &blocks[0] else { panic!("{blocks:?}") };
    assert_eq!(paiban::model::plain_text(content), "自引[^a]".repeat(40));

    let (doc, _) = parsed(&format!("见 http://a{}\n", ")".repeat(80_000)));
    let links: Vec<&Inline> =
        inlines(&doc).into_iter().filter(|i| matches!(i, Inline::Link { .. })).collect();
    assert!(matches!(links.as_slice(), [Inline::Link { url, .. }] if url == "http://a"), "{links:?}");
    let Block::Paragraph { content, .. } = &doc.blocks[0] else { panic!() };
    assert_eq!(paiban::model::plain_text(content), format!("见 http://a{}", ")".repeat(80_000)));

    // Copies within the budget: a 1 KB note referenced 100 000 times, and a fan-out of notes each
    // referring to the next one 12 times, 5 deep (250 000 copies), stop with one warning, their
    // references past the budget kept as their labels.
    let fan: String =
        (0..5).map(|i| format!("[^f{i}]: 扇{i}{}\n\n", format!("[^f{}]", i + 1).repeat(12))).collect();
    for markdown in [
        format!("{}\n\n[^a]: {}\n", "引[^a]".repeat(100_000), "长".repeat(340)),
        format!("正文[^f0]\n\n{fan}[^f5]: 底\n"),
    ] {
        let (doc, stderr) = parsed(&markdown);
        let warnings: Vec<&str> = stderr.lines().collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("would copy more than"), "{warnings:?}");
        let all = inlines(&doc);
        let placed = all.iter().filter(|i| matches!(i, Inline::Note(_))).count();
        let labels = all.iter().filter(|i| matches!(i, Inline::Text(t) if t.contains("[^"))).count();
        assert!(placed > 100 && labels > 0, "{placed} notes placed, {labels} left as labels");
    }
}

#[test]
fn markdown_that_lost_or_garbled_text_keeps_it() {
    let mut iframes = String::from("正文。\n\n");
    for i in 0..10_000 {
        iframes.push_str(&format!("<iframe src=\"x{i}\">框</iframe><x-{n}>自定义</x-{n}>\n", n = i % 50));
    }
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("mid-rules.md", md("上文。\n\n---\n注意: 本文仅供参考\n---\n\n下文。\n")),
        ("mid-title.md", md("# 真标题\n\n正文。\n\n---\ntitle: 假标题\n---\n")),
        ("attribute.md", md("<span title=\"1 > 0\">文本</span>，<del>删除的文字</del>。\n")),
        ("image.md", md("文前<img src=\"pic.jpg\" alt=\"图片说明\">文后。\n")),
        ("pre.md", md("<pre>\n第一行\n    缩进的第二行\n第三行</pre>\n")),
        ("script.md", md("正文<script>var secret = 1;</script>继续。\n\n<style>\np { color: red }\n</style>\n")),
        (
            "autolinks.md",
            md("写信给<foo@bar.example.com>，访问www.example.com和https://zh.wikipedia.org/wiki/汉字，然后继续。\n"),
        ),
        ("links.md", md("见[上节](#intro)和[附件](./附件.md \"说明\")。\n\n## 上节 {#intro}\n\n正文。\n")),
        ("iframes.md", md(iframes)),
    ];
    let names: Vec<&str> = files.iter().map(|(name, _)| *name).collect();
    let mut with_image = files.clone();
    let jpeg = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny.jpg"))
        .expect("fixture");
    with_image.push(("pic.jpg", jpeg));
    let batch = Batch::convert(&with_image, "pdf,docx,epub");
    batch.assert_complete(&names, &["pdf", "docx", "epub"]);

    let mid = batch.epub_xhtml("mid-rules");
    assert!(mid.contains("注意: 本文仅供参考") && mid.contains("下文。"), "{mid}");
    assert!(batch.lines_about("mid-rules.md").is_empty());
    let opf = batch.epub_entry("mid-title", "OEBPS/content.opf");
    let titles: Vec<&str> =
        opf.split("<dc:title>").skip(1).filter_map(|t| t.split("</dc:title>").next()).collect();
    assert_eq!(titles, ["真标题"], "{opf}");
    assert!(batch.epub_xhtml("mid-title").contains("title: 假标题"));

    let attribute = batch.epub_xhtml("attribute");
    // Untitled, the book opens with this paragraph, print page 1's marker at its start.
    assert!(attribute.contains("aria-label=\"1\"/>文本，<del>删除的文字</del>。</p>"), "{attribute}");
    assert!(!attribute.contains("0\"&gt;"), "no markup leaks: {attribute}");

    let image = batch.epub_xhtml("image");
    assert!(image.contains("alt=\"图片说明\""), "{image}");
    assert!(batch.epub_entry("image", "OEBPS/content.opf").contains("image/jpeg"));

    let pre = batch.epub_xhtml("pre");
    assert!(pre.contains("<pre><code>第一行\n    缩进的第二行\n第三行</code></pre>"), "{pre}");

    let script = batch.epub_xhtml("script");
    assert!(
        script.contains("正文继续。") && !script.contains("secret") && !script.contains("color"),
        "{script}"
    );
    let script_lines = batch.lines_about("script.md");
    assert_eq!(script_lines.len(), 2, "{script_lines:?}");
    assert!(
        script_lines[0].contains("line 1: raw HTML <script> dropped with its content"),
        "{script_lines:?}"
    );
    assert!(
        script_lines[1].contains("line 3: raw HTML <style> dropped with its content"),
        "{script_lines:?}"
    );

    let autolinks = batch.epub_xhtml("autolinks");
    assert!(autolinks.contains("href=\"mailto:foo@bar.example.com\""), "{autolinks}");
    // The link policy writes each URL in its checked ASCII form.
    assert!(autolinks.contains("href=\"http://www.example.com/\""), "{autolinks}");
    assert!(
        autolinks.contains("href=\"https://zh.wikipedia.org/wiki/%E6%B1%89%E5%AD%97\">https://zh.wikipedia.org/wiki/汉字</a>，然后继续。"),
        "{autolinks}"
    );

    // (Which links stay clickable, and what is said about the others, is the backends' link policy.)
    let titles: Vec<String> =
        batch.lines_about("links.md").into_iter().filter(|line| line.contains("title")).collect();
    assert_eq!(titles.len(), 1, "{titles:?}");
    assert!(titles[0].contains("line 1: 1 link or image title(s) dropped"), "{titles:?}");
    let (doc, _) = parsed("见[上节](#intro)和[附件](./附件.md \"说明\")。\n");
    let urls: Vec<&str> = inlines(&doc)
        .into_iter()
        .filter_map(|i| match i {
            Inline::Link { url, .. } => Some(url.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(urls, ["#intro", "./附件.md"], "relative and fragment links stay in the model");

    let iframes = batch.lines_about("iframes.md");
    assert!(iframes.len() <= 10, "a handful of lines for 20 000 tags: {iframes:?}");
    assert!(
        iframes[0].contains("line 3: raw HTML <iframe> dropped, its text kept (10000 times)"),
        "{iframes:?}"
    );
    assert!(batch.epub_xhtml("iframes").contains(&"框自定义".repeat(100)));

    validate_outputs_with(&batch.output, |stem| ["image", "autolinks"].contains(&stem));
}

#[test]
fn front_matter_of_the_wrong_shape_is_reported_and_the_body_converts() {
    let laughs = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n\
                  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n";
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("wrong-types.md", md("---\ntitle: [1, 2]\ndate: {a: 1}\nkeywords: 3\n---\n\n正文一。\n")),
        (
            "deep.md",
            md(format!(
                "---\ntitle: 题\nx: {}1{}\n---\n\n正文二。\n",
                "[".repeat(10_000),
                "]".repeat(10_000)
            )),
        ),
        (
            "nested.md",
            md(format!(
                "---\n{}---\n\n正文三。\n",
                (0..200).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect::<String>()
            )),
        ),
        ("huge.md", md(format!("---\ntitle: 题\nnote: \"{}\"\n---\n\n正文四。\n", "长".repeat(30_000)))),
        ("laughs.md", md(format!("---\ntitle: 笑\n{laughs}---\n\n正文五。\n"))),
    ];
    let names: Vec<&str> = files.iter().map(|(name, _)| *name).collect();
    let batch = Batch::convert(&files, "pdf,docx,epub");
    batch.assert_complete(&names, &["pdf", "docx", "epub"]);

    let wrong = batch.lines_about("wrong-types.md");
    assert_eq!(wrong.len(), 3, "{wrong:?}");
    assert!(wrong[0].contains("front matter `title` should be text, not a list"), "{wrong:?}");
    assert!(wrong[1].contains("front matter `date` should be a date"), "{wrong:?}");
    assert!(
        wrong[2].contains("front matter `keywords` should be a list of words")
            && wrong[2].contains("the number 3")
    );
    for (name, needle) in [
        ("deep.md", "could not be read"),
        ("nested.md", "nested deeper than 16 levels"),
        ("huge.md", "larger than 64 KiB"),
    ] {
        let lines = batch.lines_about(name);
        assert_eq!(lines.len(), 1, "{name}: {lines:?}");
        assert!(lines[0].contains("front matter") && lines[0].contains(needle), "{name}: {lines:?}");
    }
    let laughs = batch.lines_about("laughs.md");
    assert_eq!(laughs.len(), 1, "{laughs:?}");
    assert!(laughs[0].contains("alias(es) in the front matter are not expanded"), "{laughs:?}");
    assert!(batch.epub_entry("laughs", "OEBPS/content.opf").contains(">笑</dc:title>"));
    for (stem, body) in
        [("wrong-types", "正文一。"), ("deep", "正文二。"), ("nested", "正文三。"), ("huge", "正文四。")]
    {
        assert!(batch.epub_xhtml(stem).contains(body), "{stem}");
    }
    validate_outputs_with(&batch.output, |stem| ["wrong-types"].contains(&stem));
}
