//! The default style by document kind, checked on every corpus file and bundled sample against what
//! `../shared/corpus/SOURCES.md` says each file is; and the CLI's `--style` override.

mod common;

use paiban::read::{read_path, ReadOptions};
use paiban::style::StyleName;
use std::path::Path;

/// What a file is, by its place in the corpus: official documents (gov.cn 公文, and the two Markdown notices
/// among the law references) are `gongwen`, the classical novels `book`, everything else — statutes,
/// government work reports, congress speeches, resolutions, Markdown guides, Lu Xun's one-line 野草 —
/// `report`.
fn expected(relative: &str) -> StyleName {
    let name = relative.rsplit('/').next().unwrap_or(relative);
    if name.starts_with("govcn-")
        || name.starts_with("lawref-1994-state-council-notice")
        || name.starts_with("lawref-1997-spp-notice")
        || relative == "input/notice.txt"
    {
        StyleName::Gongwen
    } else if relative.starts_with("literature/") || name.starts_with("hongloumeng") {
        StyleName::Book
    } else {
        StyleName::Report
    }
}

#[test]
fn every_corpus_file_and_sample_gets_the_style_of_its_kind() {
    let Some(shared) = common::shared_dir("every_corpus_file_and_sample_gets_the_style_of_its_kind") else {
        return;
    };
    let corpus = shared.join("corpus");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<(String, std::path::PathBuf)> = common::files_below(&corpus)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md") && !p.ends_with("SOURCES.md"))
        .map(|p| (p.display().to_string(), corpus.join(&p)))
        .collect();
    for sample in ["article.md", "notice.txt", "speech.txt"] {
        files.push((format!("input/{sample}"), root.join("input").join(sample)));
    }
    let mut wrong = Vec::new();
    for (relative, path) in &files {
        let parsed = read_path(path, ReadOptions::default()).expect("reads");
        let chosen = StyleName::for_document(&parsed.document);
        // The table is part of the check's record: `cargo test --test styles -- --nocapture` prints it.
        println!("{relative:70} {}", chosen.as_str());
        if chosen != expected(relative) {
            wrong.push(format!("{relative}: {} (expected {})", chosen.as_str(), expected(relative).as_str()));
        }
    }
    assert!(files.len() > 80, "only {} files", files.len());
    assert!(wrong.is_empty(), "wrong choices:\n{}", wrong.join("\n"));
}
