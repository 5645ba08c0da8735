//! The default style by document kind, checked on the project's own documents (samples, fixtures and
//! evaluation documents of a clear kind) and, when `../shared/corpus` is present, on every corpus file
//! against what `../shared/corpus/SOURCES.md` says each file is; and the CLI's `--style` override.

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

/// Documents the project keeps, with the style of their kind: 公文 (notices, letters, opinions, decisions
/// with their closing block) `gongwen`; a novel of several chapters `book`; statutes, speeches, essays, work
/// reports and Markdown guides `report`. The evaluation set's novels are one-chapter excerpts and have none
/// here.
const PROJECT_KINDS: [(&str, StyleName); 31] = [
    ("input/notice.txt", StyleName::Gongwen),
    ("input/story.txt", StyleName::Book),
    ("input/speech.txt", StyleName::Report),
    ("input/article.md", StyleName::Report),
    ("tests/fixtures/speech-rural-water.txt", StyleName::Report),
    ("tests/fixtures/markdown-gfm.md", StyleName::Report),
    ("tests/fixtures/markdown-hant.md", StyleName::Report),
    ("tests/eval/train/gw-1996-guobanfa-2-forwarding-notice.txt", StyleName::Gongwen),
    ("tests/eval/train/gw-2004-guobanhan-57-letter-liaoning.txt", StyleName::Gongwen),
    ("tests/eval/train/gw-2014-yanchi-holiday-notice.txt", StyleName::Gongwen),
    ("tests/eval/train/gw-2017-yueyang-yuebanfa-2-joint-notice.txt", StyleName::Gongwen),
    ("tests/eval/train/gw-2018-guobanfa-123-opinion.txt", StyleName::Gongwen),
    ("tests/eval/train/gw-2018-guobanfa-124-notice-pdfwrap.txt", StyleName::Gongwen),
    ("tests/eval/train/gw-2023-yixing-yizhengfa-158-decision.txt", StyleName::Gongwen),
    ("tests/eval/train/gx-2008-qianku-guangdian-notice-banji-attachments.txt", StyleName::Gongwen),
    ("tests/eval/train/gx-2011-sta-qingli-qingdian-notice-three-signers.txt", StyleName::Gongwen),
    ("tests/eval/train/gx-2016-guofa-73-xinxihua-guihua-notice-cms-repost.txt", StyleName::Gongwen),
    ("tests/eval/train/gx-2025-hegang-hezhengfa-4-joint-notice.txt", StyleName::Gongwen),
    ("tests/eval/train/law-2010-renmin-tiaojie-fa-toc-crlf.txt", StyleName::Report),
    ("tests/eval/train/law-2022-tiyu-fa-toc.txt", StyleName::Report),
    ("tests/eval/train/law-2023-duiwai-guanxi-fa-toc.txt", StyleName::Report),
    ("tests/eval/train/law-2023-xingzheng-fuyi-fa-jie.txt", StyleName::Report),
    ("tests/eval/train/hant-law-2024-labor-standards-ch1-2-moj.txt", StyleName::Report),
    ("tests/eval/train/lit-2022-qiyi-speech-speaker-dateline.txt", StyleName::Report),
    ("tests/eval/train/lit-2022-wushan-editorial-subtitle.txt", StyleName::Report),
    ("tests/eval/train/lit-2024-renbishi-dangxing-essay.txt", StyleName::Report),
    ("tests/eval/train/lit-2025-hanbin-gov-work-report.txt", StyleName::Report),
    ("tests/eval/train/lit-zhuziqing-beiying-fengqishe.txt", StyleName::Report),
    (
        "tests/eval/train/hant-tw-president-2016-inaugural-speech-thinkingtaiwan-truncated.txt",
        StyleName::Report,
    ),
    ("tests/eval/train/tx-hk-2018-legco-policy-address-debate-web.txt", StyleName::Report),
    ("tests/eval/train/tx-2010-taichung-wenshu-chuli-yaodian-print-itemlabels.txt", StyleName::Report),
];

#[test]
fn every_project_document_of_a_clear_kind_gets_the_style_of_its_kind() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut wrong = Vec::new();
    for (relative, kind) in PROJECT_KINDS {
        let parsed = read_path(&root.join(relative), ReadOptions::default()).expect("reads");
        let chosen = StyleName::for_document(&parsed.document);
        if chosen != kind {
            wrong.push(format!("{relative}: {} (expected {})", chosen.as_str(), kind.as_str()));
        }
    }
    assert!(wrong.is_empty(), "wrong choices:\n{}", wrong.join("\n"));
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
