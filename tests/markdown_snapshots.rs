//! Markdown reader on real documents: reviewed outline snapshots (abbreviated like the plain reader's, so
//! they stay small and reviewable), and structure the GFM features must produce. The core runs on the
//! project's own Markdown (`tests/fixtures/markdown-*.md`, `input/article.md`); the same checks on
//! `../shared/corpus` are an extra that skips with a message when the corpus is absent. `UPDATE_GOLDEN=1`
//! rewrites the snapshots; a missing snapshot fails.

mod common;

use common::parse;
use paiban::model::{plain_text, Block, Document, Inline};
use std::path::Path;

/// Corpus files with a reviewed snapshot: (path under corpus/, snapshot name).
const SNAPSHOTS: [(&str, &str); 8] = [
    // A table whose cells hold backticked `\|` (`|`, `||`, `|=` operators).
    ("markdown/trpl-zh-cn-appendix-02-operators.md", "trpl-zh-cn-appendix-02-operators"),
    // GitHub alerts, `<details>`, badges (remote images) and raw HTML.
    ("markdown/llama-factory-README_zh.md", "llama-factory-README_zh"),
    // docsify `!>` / `?>` callouts.
    ("markdown/docsify-zh-helpers.md", "docsify-zh-helpers"),
    // UTF-8 with a BOM and CRLF line ends.
    ("encodings/docsify-zh-quickstart.utf8bom-crlf.md", "docsify-zh-quickstart.utf8bom-crlf"),
    // zh-Hant.
    ("hant/twlaw-roc-constitution.md", "twlaw-roc-constitution"),
    ("hant/chinese-copywriting-guidelines.zh-Hant.md", "chinese-copywriting-guidelines.zh-Hant"),
    // A government text in Markdown: numbered articles as headings.
    ("gov/lawref-2024-national-holidays-measures.md", "lawref-2024-national-holidays-measures"),
    // Big5-encoded Markdown.
    ("encodings/twlaw-roc-constitution.big5.md", "twlaw-roc-constitution.big5"),
];

/// Markdown written for the project, with a reviewed snapshot in `tests/snapshots/fixtures/`: (path under
/// the checkout, snapshot name).
const FIXTURE_SNAPSHOTS: [(&str, &str); 3] = [
    // Every GFM feature the corpus files bring: badges (remote images), GitHub alerts, a table whose cells
    // hold backticked `\|`, `<details>`, docsify `!>` / `?>` callouts, a task list, a footnote, autolinks.
    ("tests/fixtures/markdown-gfm.md", "markdown-gfm"),
    // zh-Hant: 壹、貳、 headings, a list, a table and a quote, every character in Big5.
    ("tests/fixtures/markdown-hant.md", "markdown-hant"),
    ("input/article.md", "input-article"),
];

/// The checkout's root.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn project_markdown_outlines_match_reviewed_snapshots() {
    common::check_outline_snapshots(root(), "fixtures", &FIXTURE_SNAPSHOTS);
}

#[test]
fn markdown_corpus_outlines_match_reviewed_snapshots() {
    let Some(shared) = common::shared_dir("markdown_corpus_outlines_match_reviewed_snapshots") else {
        return;
    };
    common::check_outline_snapshots(&shared.join("corpus"), "markdown", &SNAPSHOTS);
}

fn tables(blocks: &[Block], out: &mut Vec<paiban::model::Table>) {
    for block in blocks {
        match block {
            Block::Table(table) => out.push(table.clone()),
            Block::Quote { blocks } => tables(blocks, out),
            Block::List { items, .. } => items.iter().for_each(|item| tables(item, out)),
            _ => {}
        }
    }
}

#[test]
fn backticked_pipes_stay_inside_their_table_cells() {
    assert_pipes_stay_in_their_cells(&parse(&root().join("tests/fixtures/markdown-gfm.md")));
    let Some(shared) = common::shared_dir("backticked_pipes_stay_inside_their_table_cells (corpus part)")
    else {
        return;
    };
    assert_pipes_stay_in_their_cells(&parse(
        &shared.join("corpus/markdown/trpl-zh-cn-appendix-02-operators.md"),
    ));
}

/// The document's first table is an operator table: every row as wide as the table, and the `|`
/// operators whole in their first cells.
fn assert_pipes_stay_in_their_cells(doc: &Document) {
    let mut found = Vec::new();
    tables(&doc.blocks, &mut found);
    let first = found.first().expect("the operators table");
    let width = first.columns.len();
    assert!(first.body.iter().all(|row| row.len() == width), "every row has {width} cells");
    // The `|` operators are written `<code>&vert;</code>`, the others in backticks.
    let codes: Vec<String> =
        first.body.iter().filter_map(|row| row.first()).map(|cell| plain_text(cell)).collect();
    for operator in ["|", "|=", "!=", "&&"] {
        assert!(codes.iter().any(|c| c == operator), "operator {operator} in {codes:?}");
    }
}

/// Quotes (at any depth) whose first line is a bold alert label.
fn count_labelled_quotes(blocks: &[Block]) -> usize {
    let labels = ["注意", "提示", "重要", "警告", "小心"];
    blocks
        .iter()
        .map(|block| match block {
            Block::Quote { blocks } => {
                let labelled = matches!(blocks.first(), Some(Block::Paragraph { content, .. })
                    if matches!(content.as_slice(), [Inline::Strong(label)] if labels.contains(&plain_text(label).as_str())));
                usize::from(labelled) + count_labelled_quotes(blocks)
            }
            Block::List { items, .. } => items.iter().map(|item| count_labelled_quotes(item)).sum(),
            _ => 0,
        })
        .sum()
}

#[test]
fn github_alerts_become_labelled_quotes() {
    // The fixture's five alerts and two docsify callouts.
    assert_eq!(labelled_quotes(&root().join("tests/fixtures/markdown-gfm.md")), (7, 5));
    let Some(shared) = common::shared_dir("github_alerts_become_labelled_quotes (corpus part)") else {
        return;
    };
    let (labelled, alerts) = labelled_quotes(&shared.join("corpus/markdown/llama-factory-README_zh.md"));
    assert!(labelled >= alerts, "{labelled} labelled quotes for {alerts} alerts");
}

/// The labelled quotes the file at `path` reads into, and the GitHub alerts (`> [!`) its source holds.
fn labelled_quotes(path: &Path) -> (usize, usize) {
    let source = std::fs::read_to_string(path).expect("utf-8");
    let alerts = source.matches("> [!").count();
    assert!(alerts > 0, "{} has alerts", path.display());
    (count_labelled_quotes(&parse(path).blocks), alerts)
}

/// The project's Markdown stored as GB18030, Big5 (where every character has a code there), UTF-16 with and
/// without a BOM, and UTF-8 with a BOM and CRLF reads with the right encoding named and the outline of its
/// original.
#[test]
fn encoding_variants_of_project_markdown_read_like_their_originals() {
    let mut wrong = Vec::new();
    let mut big5 = 0;
    for (file, _) in FIXTURE_SNAPSHOTS {
        let (problems, has_big5) =
            common::encoding_variant_problems(&root().join(file), paiban::read::InputFormat::Markdown);
        wrong.extend(problems);
        big5 += usize::from(has_big5);
    }
    assert!(big5 >= 1, "the zh-Hant fixture has a Big5 variant");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_bom_and_crlf_read_like_the_plain_utf8_original() {
    let Some(shared) = common::shared_dir("a_bom_and_crlf_read_like_the_plain_utf8_original") else { return };
    let corpus = shared.join("corpus");
    let strip = |doc: &Document| {
        paiban::outline::outline(doc)
            .lines()
            .filter(|l| !l.starts_with("encoding:"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let variant = parse(&corpus.join("encodings/docsify-zh-quickstart.utf8bom-crlf.md"));
    let original = parse(&corpus.join("markdown/docsify-zh-quickstart.md"));
    assert_eq!(strip(&variant), strip(&original));
}

#[test]
fn front_matter_shows_in_the_parse_outline_header() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("doc.md");
    std::fs::write(
        &file,
        "---\ntitle: 春日随笔\nsubtitle: 一组短文\nauthor:\n  - name: 张三\n    role: 主编\ndate: 2024/3/5\n\
         lang: zh-TW\nseries: 随笔集\nseries_index: 3\nstyle: book\n---\n\n# 第一篇\n\n正文。\n",
    )
    .expect("write");
    let output = common::paiban().arg("parse").arg(&file).output().expect("run paiban parse");
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    let header: Vec<&str> = stdout.lines().take_while(|l| !l.is_empty()).collect();
    for expected in [
        "title: 春日随笔",
        "subtitle: 一组短文",
        "author: 张三 (主编)",
        "date: 2024-03-05",
        "series: 随笔集 #3",
        "lang: zh-TW",
    ] {
        assert!(header.contains(&expected), "{expected} missing from {header:?}");
    }
    assert!(stdout.contains("H1 第一篇"), "{stdout}");
}
