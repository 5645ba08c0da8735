//! Markdown reader on real documents: reviewed outline snapshots (abbreviated like the plain reader's, so
//! they stay small and reviewable), and structure the GFM features must produce. Skips with a message when
//! `../shared/corpus` is absent. `UPDATE_GOLDEN=1` rewrites the snapshots; a missing snapshot fails.

mod common;

use paiban::model::{plain_text, Block, Document, Inline};
use paiban::read::{read_path, ReadOptions};
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

fn parse(path: &Path) -> Document {
    read_path(path, ReadOptions::default()).expect("corpus file parses").document
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
    let Some(shared) = common::shared_dir("backticked_pipes_stay_inside_their_table_cells") else { return };
    let doc = parse(&shared.join("corpus/markdown/trpl-zh-cn-appendix-02-operators.md"));
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
fn github_alerts_in_the_corpus_become_labelled_quotes() {
    let Some(shared) = common::shared_dir("github_alerts_in_the_corpus_become_labelled_quotes") else {
        return;
    };
    let path = shared.join("corpus/markdown/llama-factory-README_zh.md");
    let source = std::fs::read_to_string(&path).expect("utf-8");
    let alerts = source.matches("> [!").count();
    assert!(alerts > 0, "the fixture has alerts");
    let doc = parse(&path);
    let labelled = count_labelled_quotes(&doc.blocks);
    assert!(labelled >= alerts, "{labelled} labelled quotes for {alerts} alerts");
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
