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
    } else if relative.starts_with("literature/")
        || name.starts_with("hongloumeng")
        || relative == "input/story.txt"
    {
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
    for sample in ["article.md", "notice.txt", "speech.txt", "story.txt"] {
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

/// Page widths (points, from `/MediaBox`) of a PDF.
fn page_width(pdf: &[u8]) -> Option<f32> {
    // Page dictionaries sit in compressed object streams: read the file back with lopdf.
    let doc = lopdf::Document::load_mem(pdf).ok()?;
    let first = *doc.get_pages().values().next()?;
    let media_box = doc.get_dictionary(first).ok()?.get(b"MediaBox").ok()?.as_array().ok()?;
    media_box.get(2)?.as_float().ok()
}

/// Converts `text` (saved as `name`) to PDF with `args`, returning the page width in millimetres.
fn converted_width_mm(name: &str, text: &str, args: &[&str]) -> f32 {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join(name);
    std::fs::write(&input, text).expect("write input");
    let out = dir.path().join("out");
    let status = common::paiban()
        .arg(&input)
        .args(["-t", "pdf", "-q", "-o"])
        .arg(&out)
        .args(args)
        .status()
        .expect("runs paiban");
    assert!(status.success());
    let pdf = std::fs::read(out.join(name).with_extension("pdf")).expect("pdf written");
    page_width(&pdf).expect("a MediaBox") * 25.4 / 72.0
}

const NOTICE: &str = "关于做好冬季校园安全工作的通知\n\n各区教育局，市属各学校：\n\
    现将有关事项通知如下。\n一、提高思想认识\n各单位要切实把各项防范措施落到实处。\n市教育局\n2026年11月20日\n";

#[test]
fn without_style_an_official_notice_is_set_as_gongwen_on_a4_and_a_novel_as_a_book_on_a5() {
    assert!((converted_width_mm("notice.txt", NOTICE, &[]) - 210.0).abs() < 0.5);
    let mut novel = String::from("《石头记》\n\n");
    for n in ["一", "二", "三", "四", "五", "六"] {
        novel.push_str(&format!(
            "第{n}回　甄士隐梦幻识通灵　贾雨村风尘怀闺秀\n\n    列位看官：你道此书从何而来？\n\n"
        ));
    }
    assert!((converted_width_mm("novel.txt", &novel, &[]) - 148.0).abs() < 0.5);
    assert!((converted_width_mm("novel.txt", &novel, &["--style", "auto"]) - 148.0).abs() < 0.5);
}

#[test]
fn an_explicit_style_always_wins_over_the_kind() {
    assert!((converted_width_mm("notice.txt", NOTICE, &["--style", "book"]) - 148.0).abs() < 0.5);
    let article = "# 札记\n\n正文。\n";
    assert!((converted_width_mm("a.md", article, &["--style", "book"]) - 148.0).abs() < 0.5);
    assert!((converted_width_mm("a.md", article, &[]) - 210.0).abs() < 0.5);
}
