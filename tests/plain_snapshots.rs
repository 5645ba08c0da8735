//! Plain reader on real documents: reviewed outline snapshots, encoding variants equal to their originals,
//! and no text lost. The core runs on documents the project keeps (the evaluation set in `tests/eval/`, the
//! fixtures in `tests/fixtures/`, the samples in `input/`); the same checks on `../shared/corpus` are an extra
//! that skips with a message when the corpus is absent.

mod common;

use common::{outline_without_encoding, parse};
use paiban::model::{plain_text, Block, Document, Inline};
use paiban::read::ReadOptions;
use std::collections::BTreeMap;
use std::path::Path;

/// Corpus files with a reviewed snapshot: (path under corpus/, snapshot name).
const SNAPSHOTS: [(&str, &str); 29] = [
    ("seed-speech.txt", "seed-speech"),
    ("gov/govcn-1981-guofa-88-notice.txt", "govcn-1981-guofa-88-notice"),
    ("gov/govcn-1996-guobanfa-25-notice.txt", "govcn-1996-guobanfa-25-notice"),
    ("gov/govcn-1997-guobanfa-11-notice.txt", "govcn-1997-guobanfa-11-notice"),
    ("gov/govcn-2004-guofa-18-notice.txt", "govcn-2004-guofa-18-notice"),
    ("gov/govcn-2005-guobanhan-57-letter.txt", "govcn-2005-guobanhan-57-letter"),
    ("gov/govcn-2006-guohan-132-approval.txt", "govcn-2006-guohan-132-approval"),
    ("gov/govcn-2018-guobanfa-108-circular.txt", "govcn-2018-guobanfa-108-circular"),
    ("gov/govcn-2018-guobanfa-126-notice.txt", "govcn-2018-guobanfa-126-notice"),
    ("gov/govcn-2018-guoling-707-regulation.txt", "govcn-2018-guoling-707-regulation"),
    ("gov/govcn-2004-guobanfa-7-circular.txt", "govcn-2004-guobanfa-7-circular"),
    ("gov/govcn-2018-guobanfa-114-notice.txt", "govcn-2018-guobanfa-114-notice"),
    ("gov/report-national-1988.txt", "report-national-1988"),
    ("gov/report-national-2008.txt", "report-national-2008"),
    ("gov/report-prov-2026-guangdong.txt", "report-prov-2026-guangdong"),
    ("gov/report-prov-2026-qinghai.txt", "report-prov-2026-qinghai"),
    ("gov/report-prov-2026-shanghai.txt", "report-prov-2026-shanghai"),
    ("gov/report-prov-2026-sichuan.txt", "report-prov-2026-sichuan"),
    ("gov/report-prov-2026-beijing.txt", "report-prov-2026-beijing"),
    ("gov/report-prov-2026-guizhou.txt", "report-prov-2026-guizhou"),
    ("gov/report-prov-2026-ningxia.txt", "report-prov-2026-ningxia"),
    ("gov/report-prov-2026-xinjiang.txt", "report-prov-2026-xinjiang"),
    ("gov/speech-cpc-congress-10.txt", "speech-cpc-congress-10"),
    ("gov/speech-cpc-congress-19.txt", "speech-cpc-congress-19"),
    ("gov/resolution-npc-2025-on-work-report.txt", "resolution-npc-2025-on-work-report"),
    ("hant/report-national-1954.zh-Hant.txt", "report-national-1954.zh-Hant"),
    ("hant/luxun-yecao-pg-nolinebreaks.txt", "luxun-yecao-pg-nolinebreaks"),
    ("literature/sanguoyanyi.txt", "sanguoyanyi"),
    ("literature/xiyouji.txt", "xiyouji"),
];

/// Evaluation documents of the train split with a reviewed snapshot in `tests/snapshots/eval/` (file stems
/// under `tests/eval/train/`): every class of the set — 公文 (`gw`, `gx`), statutes (`law`), Traditional
/// Chinese (`hant`, `tx`), speeches, essays and novels (`lit`) — with their damage (site furniture, tables
/// of contents, hard wraps, lost line breaks, half-width punctuation). The held-out split has no snapshot:
/// it is scored, never shown line by line to whoever changes the reader (`tests/eval/FORMAT.md`).
const EVAL_SNAPSHOTS: [&str; 35] = [
    "gw-2018-guobanfa-123-opinion",
    "gw-2017-yueyang-yuebanfa-2-joint-notice",
    "gw-2018-guobanfa-124-notice-pdfwrap",
    "gw-2019-qiqihar-qizhengbanfa-29-infotable-nav",
    "gw-2004-guobanhan-71-letter-sichuan-nolinebreaks",
    "gw-2003-jian-jifufa-37-notice-truncated",
    "gx-2008-qianku-guangdian-notice-banji-attachments",
    "gx-2011-sta-qingli-qingdian-notice-three-signers",
    "gx-2017-yuncheng-yingji-guihua-zerenfenjie-fourlevels",
    "gx-2007-alashan-ashubanfa-22-gongwen-xize-docsite-toc",
    "gx-2016-guofa-73-xinxihua-guihua-notice-cms-repost",
    "gx-1997-guoling-227-jigou-bianzhi-tiaoli-lawsite-wrap",
    "law-2023-xingzheng-fuyi-fa-jie",
    "law-2022-tiyu-fa-toc",
    "law-2021-jiashizheng-guiding-pdfprint-truncated",
    "law-2023-renti-qiguan-tiaoli-nolinebreaks",
    "law-2013-xiaobao-xiugai-jueding-zhuxiling",
    "hant-law-2024-labor-standards-ch1-2-moj",
    "hant-novel-sanguo-ch037-midchapter-crlf",
    "hant-poetry-quantangshi-vol001-excerpt",
    "hant-tw-president-2016-inaugural-speech-thinkingtaiwan-truncated",
    "hant-essay-bowengu-fuai-title-twice-tiji",
    "hant-novel-hongloushenmeng-ch46-wikisource-nav",
    "tx-2010-taichung-wenshu-chuli-yaodian-print-itemlabels",
    "tx-hk-2018-legco-policy-address-debate-web",
    "tx-2021-kmnp-closure-extension-notice-web",
    "tx-2022-kh-school-admin-notice-web",
    "tx-laocan-zixu-ch01-i520i-hans-truncated",
    "lit-2022-qiyi-speech-speaker-dateline",
    "lit-2025-laowenmi-sanji-ganbu-speech",
    "lit-2022-wushan-editorial-subtitle",
    "lit-zhuziqing-beiying-fengqishe",
    "lit-luxun-nala-zhesa-hant",
    "lit-shuihu-tianyabook-xiezi",
    "lit-laocan-iixs-renwubiao-hardwrap",
];

/// Documents written for the project with a reviewed snapshot in `tests/snapshots/fixtures/`: (path under
/// the checkout, snapshot name).
const FIXTURE_SNAPSHOTS: [(&str, &str); 5] = [
    ("tests/fixtures/speech-rural-water.txt", "speech-rural-water"),
    ("input/notice.txt", "input-notice"),
    ("input/official-notice.txt", "input-official-notice"),
    ("input/speech.txt", "input-speech"),
    ("input/story.txt", "input-story"),
];

/// The checkout's root.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every plain-text document the project keeps: both splits of the evaluation set, the fixtures and the
/// samples, sorted.
fn project_documents() -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for dir in ["tests/eval/train", "tests/eval/heldout", "tests/fixtures", "input"] {
        let entries = std::fs::read_dir(root().join(dir)).expect("a project folder");
        files.extend(
            entries.map(|e| e.expect("entry").path()).filter(|p| p.extension().is_some_and(|x| x == "txt")),
        );
    }
    files.sort();
    files
}

#[test]
fn project_document_outlines_match_reviewed_snapshots() {
    let eval: Vec<(String, &str)> =
        EVAL_SNAPSHOTS.iter().map(|name| (format!("tests/eval/train/{name}.txt"), *name)).collect();
    let eval: Vec<(&str, &str)> = eval.iter().map(|(file, name)| (file.as_str(), *name)).collect();
    common::check_outline_snapshots(root(), "eval", &eval);
    common::check_outline_snapshots(root(), "fixtures", &FIXTURE_SNAPSHOTS);
}

#[test]
fn corpus_outlines_match_reviewed_snapshots() {
    let Some(shared) = common::shared_dir("corpus_outlines_match_reviewed_snapshots") else { return };
    common::check_outline_snapshots(&shared.join("corpus"), "plain", &SNAPSHOTS);
}

#[test]
fn novels_have_their_real_chapter_counts() {
    let Some(shared) = common::shared_dir("novels_have_their_real_chapter_counts") else { return };
    for (file, chapters) in [
        ("literature/hongloumeng.txt", 120),
        ("literature/xiyouji.txt", 100),
        ("literature/sanguoyanyi.txt", 120),
    ] {
        let doc = parse(&shared.join("corpus").join(file));
        let h1 = doc.blocks.iter().filter(|b| matches!(b, Block::Heading { level: 1, .. })).count();
        assert_eq!(h1, chapters, "{file}");
    }
}

/// Every project document, stored as GB18030, Big5 (where it can be), UTF-16 with and without a BOM, and
/// UTF-8 with a BOM and CRLF line ends, reads with the right encoding named and the outline of its UTF-8
/// original.
#[test]
fn encoding_variants_of_project_documents_read_like_their_originals() {
    let mut big5 = 0;
    let mut wrong = Vec::new();
    for path in project_documents() {
        let (problems, has_big5) = common::encoding_variant_problems(&path, paiban::read::InputFormat::Plain);
        wrong.extend(problems);
        big5 += usize::from(has_big5);
    }
    assert!(big5 >= 20, "only {big5} documents have a Big5 variant");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn encoding_variants_read_like_their_originals() {
    let Some(shared) = common::shared_dir("encoding_variants_read_like_their_originals") else { return };
    let corpus = shared.join("corpus");
    for (variant, original) in [
        ("encodings/seed-speech.gbk.txt", "seed-speech.txt"),
        ("encodings/hongloumeng.gb18030.txt", "literature/hongloumeng.txt"),
        ("encodings/luxun-yecao-pg-nolinebreaks.big5.txt", "hant/luxun-yecao-pg-nolinebreaks.txt"),
        ("encodings/govcn-2006-guohan-132-approval.gbk.txt", "gov/govcn-2006-guohan-132-approval.txt"),
        ("encodings/govcn-2019-guofa-4-notice.gbk.txt", "gov/govcn-2019-guofa-4-notice.txt"),
        (
            "encodings/govcn-2018-guobanfamingdian-15-notice.utf8bom-crlf.txt",
            "gov/govcn-2018-guobanfamingdian-15-notice.txt",
        ),
    ] {
        let a = outline_without_encoding(&parse(&corpus.join(variant)));
        let b = outline_without_encoding(&parse(&corpus.join(original)));
        assert!(a == b, "{variant} reads differently from {original}");
    }
}

fn push_inline_text(inlines: &[Inline], out: &mut String) {
    out.push_str(&plain_text(inlines));
}

fn push_block_text(block: &Block, out: &mut String) {
    match block {
        Block::Heading { content, .. } | Block::Paragraph { content, .. } => push_inline_text(content, out),
        Block::Table(table) => {
            for cell in table.head.iter().chain(&table.body).flatten() {
                push_inline_text(cell, out);
            }
        }
        Block::Quote { blocks } => blocks.iter().for_each(|b| push_block_text(b, out)),
        Block::List { items, .. } => items.iter().flatten().for_each(|b| push_block_text(b, out)),
        Block::Code { text, .. } => out.push_str(text),
        Block::Figure { image, caption } => {
            out.push_str(&image.alt);
            push_inline_text(caption, out);
        }
        Block::Attachment { label, title, blocks } => {
            out.push_str(label);
            push_inline_text(title, out);
            blocks.iter().for_each(|b| push_block_text(b, out));
        }
        Block::Rule | Block::PageBreak => {}
    }
}

/// Every text of the document: metadata (including the written forms kept in `extra`) and blocks.
fn document_text(doc: &Document) -> String {
    let meta = &doc.meta;
    let mut out = String::new();
    for text in [
        &meta.title,
        &meta.subtitle,
        &meta.issuer,
        &meta.doc_number,
        &meta.classification,
        &meta.urgency,
        &meta.decree,
    ]
    .into_iter()
    .flatten()
    {
        out.push_str(text);
    }
    // The 版记 as the backends print it; the printing date as written is kept in `extra`.
    let record = paiban::title_block::record(meta);
    for text in [record.copy_to, record.printed_by, record.printed_on].into_iter().flatten() {
        out.push_str(&text);
    }
    for person in &meta.authors {
        out.push_str(&person.name);
        out.push_str(person.role.as_deref().unwrap_or(""));
    }
    if let Some(series) = &meta.series {
        out.push_str(&series.name);
    }
    for value in meta.extra.values() {
        out.push_str(value);
    }
    for block in &doc.blocks {
        push_block_text(block, &mut out);
    }
    out
}

fn char_counts(text: &str) -> BTreeMap<char, i64> {
    let mut counts = BTreeMap::new();
    for ch in text.chars().filter(|c| !c.is_whitespace() && *c != '\u{FEFF}') {
        *counts.entry(ch).or_insert(0) += 1;
    }
    counts
}

/// The characters of the file at `path` that its reading lost (`'x'×n`), apart from whitespace and a BOM.
fn lost_characters(path: &Path) -> Vec<String> {
    let input = std::fs::read_to_string(path).expect("a UTF-8 file");
    let doc = parse(path);
    let mut missing = char_counts(&input);
    for (ch, n) in char_counts(&document_text(&doc)) {
        *missing.entry(ch).or_insert(0) -= n;
    }
    missing.iter().filter(|(_, &n)| n > 0).map(|(ch, n)| format!("{ch:?}×{n}")).collect()
}

/// Project documents whose reading loses characters today, and exactly which: the marks around a doc number
/// (`( 吉府发〔2003〕37号 )`), the 《》 around a title, the `文件` of a 版头 read as the issuer, a list bullet.
/// The written forms should be kept (DESIGN: nothing is lost silently); until they are, any other loss fails,
/// and so does a loss that went away (remove its line).
/// An attachment's label is kept without its trailing punctuation (`附件1：` → `附件1`, the model's contract).
const KNOWN_LOSSES: [(&str, &str); 9] = [
    ("tests/eval/heldout/gw-2007-kaifeng-bianzheng-26-circular.txt", "'('×1 ')'×1"),
    ("tests/eval/heldout/gx-2001-chengdu-bangongting-notice-hant-repost.txt", "'《'×1 '》'×1"),
    ("tests/eval/train/gw-2003-jian-jifufa-37-notice-truncated.txt", "'('×1 ')'×1"),
    ("tests/eval/train/gw-2009-hunan-xiangzhengbanfa-24-notice-docsite.txt", "'件'×1 '文'×1"),
    ("tests/eval/train/gw-2016-beijing-jingzhengbanfa-26-notice.txt", "'《'×1 '》'×1"),
    ("tests/eval/train/gx-2007-alashan-ashubanfa-22-gongwen-xize-docsite-toc.txt", "'('×1 ')'×1"),
    ("tests/eval/train/gx-2008-qianku-guangdian-notice-banji-attachments.txt", "'：'×2"),
    ("tests/eval/train/lit-webnovel-jizhanzhichu-xuyan.txt", "'「'×1 '」'×1"),
    ("tests/eval/train/tx-hk-2022-ce-statement-npcsc-blog-repost-truncated.txt", "'•'×1"),
];

/// Every character of every project document reaches the model (text, metadata or its written forms),
/// apart from the [`KNOWN_LOSSES`].
#[test]
fn no_text_is_lost_from_project_documents() {
    let files = project_documents();
    assert!(files.len() >= 170, "{} documents", files.len());
    let known: BTreeMap<&str, &str> = KNOWN_LOSSES.into_iter().collect();
    let mut wrong = Vec::new();
    for path in &files {
        let relative = path.strip_prefix(root()).expect("below the checkout").to_str().expect("a UTF-8 path");
        let lost = lost_characters(path).join(" ");
        let expected = known.get(relative).copied().unwrap_or("");
        if lost != expected {
            wrong.push(format!("{relative}: characters lost: {lost:?}, known: {expected:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_text_is_lost() {
    let Some(shared) = common::shared_dir("no_text_is_lost") else { return };
    let corpus = shared.join("corpus");
    let files = [
        "seed-speech.txt",
        "gov/govcn-1981-guofa-88-notice.txt",
        "gov/govcn-2006-guohan-132-approval.txt",
        "gov/govcn-2005-guobanhan-57-letter.txt",
        "gov/report-prov-2026-beijing.txt",
        "gov/report-prov-2026-ningxia.txt",
        "gov/report-prov-2026-shaanxi.txt",
        "gov/speech-cpc-congress-19.txt",
        "gov/resolution-npc-2025-on-work-report.txt",
        "gov/report-prov-2026-guangdong.txt",
        "gov/report-prov-2026-sichuan.txt",
        "gov/govcn-2004-guofa-18-notice.txt",
        "gov/govcn-2004-guobanhan-80-reply-letter.txt",
        "gov/govcn-2018-guoling-707-regulation.txt",
        "hant/luxun-yecao-pg-nolinebreaks.txt",
        "literature/sanguoyanyi.txt",
        "literature/xiyouji.txt",
    ];
    for file in files {
        let lost = lost_characters(&corpus.join(file)).join(" ");
        // The punctuation after its attachments' labels (`附件1.`, `附件2：`), by the model's contract.
        let known = if file.ends_with("guohan-132-approval.txt") { "'.'×1 '：'×1" } else { "" };
        assert_eq!(lost, known, "{file}: characters lost");
    }
}

#[test]
fn empty_and_whitespace_only_files_are_an_error() {
    for bytes in [&b""[..], b" \n\t\r\n", "　　\n".as_bytes()] {
        let result = paiban::read::read_bytes(
            bytes,
            paiban::read::InputFormat::Plain,
            "empty.txt",
            ReadOptions::default(),
        );
        let error = result.expect_err("no text is an error");
        assert!(error.to_string().contains("no text"), "{error}");
    }
}

#[test]
fn giant_line_of_two_megabytes_is_split() {
    let sentence = "我将大笑，我将歌唱。天地有如此静穆，我不能大笑而且歌唱！";
    let text = sentence.repeat(2 * 1024 * 1024 / sentence.len());
    let parsed = paiban::read::read_bytes(
        text.as_bytes(),
        paiban::read::InputFormat::Plain,
        "giant.txt",
        ReadOptions::default(),
    )
    .expect("parses");
    let longest = parsed
        .document
        .blocks
        .iter()
        .map(|b| {
            let mut s = String::new();
            push_block_text(b, &mut s);
            s.chars().count()
        })
        .max()
        .unwrap_or(0);
    assert!(parsed.document.blocks.len() > 1000, "{} blocks", parsed.document.blocks.len());
    assert!(longest <= 400, "longest paragraph {longest}");
    assert!(parsed.diagnostics.iter().any(|d| d.message.contains("lost its line breaks")));
}

/// Block texts of a document, one per block, for comparing two readings.
fn block_texts(doc: &Document) -> Vec<String> {
    doc.blocks
        .iter()
        .map(|b| {
            let mut s = String::new();
            push_block_text(b, &mut s);
            s
        })
        .collect()
}

/// Hard-wraps every line of `text` at `width` characters, as an e-text site or an old editor does: each
/// paragraph indented by two ideographic spaces, lines cut wherever the width falls (mid-word, before a
/// comma, after a full stop).
fn hard_wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() * 11 / 10);
    for line in text.lines() {
        let line = line.trim_start_matches([' ', '\u{3000}']);
        let indented = if line.is_empty() { String::new() } else { format!("\u{3000}\u{3000}{line}") };
        let chars: Vec<char> = indented.chars().collect();
        if chars.is_empty() {
            out.push('\n');
        }
        for chunk in chars.chunks(width) {
            out.extend(chunk);
            out.push('\n');
        }
    }
    out
}

/// Project documents that read the same hard-wrapped at 40 columns (each paragraph indented two ideographic
/// spaces, every line cut at 40 characters): the speech written for the project and the train documents
/// of the evaluation set that do today. Not `input/speech.txt`: wrapped, the first line of each paragraph
/// reads as a paragraph of its own.
const HARD_WRAPPED: [&str; 19] = [
    "tests/eval/train/gw-2024-lufeng-changwu-huiyi-guize-notice-notitle.txt",
    "tests/eval/train/gx-2006-sh-czj-shuishou-piaozheng-notice-halfwidth.txt",
    "tests/eval/train/gx-2009-zhongbu-jueqi-guihua-page3-zhang-jie-trad.txt",
    "tests/eval/train/gx-2016-guofa-73-xinxihua-guihua-notice-cms-repost.txt",
    "tests/eval/train/gx-2019-fengqiu-fengzhengban-26-notice-hant-pinyin-damage.txt",
    "tests/eval/train/gx-2025-hegang-hezhengfa-4-joint-notice.txt",
    "tests/eval/train/hant-law-2025-company-act-ch1-halfwidth.txt",
    "tests/eval/train/hant-novel-hongloushenmeng-ch46-wikisource-nav.txt",
    "tests/eval/train/hant-novel-sanguo-ch001-excerpt.txt",
    "tests/eval/train/hant-novel-sanguo-ch037-midchapter-crlf.txt",
    "tests/eval/train/lit-2020-cenews-commentary-breadcrumb-subhead.txt",
    "tests/eval/train/lit-2025-hanbin-gov-work-report.txt",
    "tests/eval/train/lit-puapp-chengxiang-essay.txt",
    "tests/eval/train/lit-rulin-91oem-bookpage-lostbreaks.txt",
    "tests/eval/train/lit-shuihu-tianyabook-xiezi.txt",
    "tests/eval/train/tx-hk-2022-ce-statement-npcsc-blog-repost-truncated.txt",
    "tests/eval/train/tx-laocan-zixu-ch01-i520i-hans-truncated.txt",
    "tests/eval/train/tx-wubianfengyue-zixu-footbinding-truncated.txt",
    "tests/fixtures/speech-rural-water.txt",
];

#[test]
fn hard_wrapped_project_documents_read_like_their_originals() {
    for file in HARD_WRAPPED {
        let original = std::fs::read_to_string(root().join(file)).expect("a UTF-8 project document");
        assert_hard_wrap_reads_like_the_original(file, &original);
    }
}

#[test]
fn hard_wrapped_corpus_documents_read_like_their_originals() {
    let Some(shared) = common::shared_dir("hard_wrapped_corpus_documents_read_like_their_originals") else {
        return;
    };
    for file in [
        "gov/report-prov-2026-guizhou.txt",
        "gov/report-prov-2026-sichuan.txt",
        "gov/govcn-2019-guofa-4-notice.txt",
        "literature/hongloumeng.txt",
    ] {
        let original = std::fs::read_to_string(shared.join("corpus").join(file)).expect("utf-8 corpus file");
        assert_hard_wrap_reads_like_the_original(file, &original);
    }
}

/// `original` hard-wrapped at 40 columns reads into the same blocks and the same title block.
fn assert_hard_wrap_reads_like_the_original(file: &str, original: &str) {
    let (plain, _) = paiban::read::plain::read_plain(original);
    let wrapped = hard_wrap(original, 40);
    let (lines, wrapped_lines) = (original.lines().count(), wrapped.lines().count());
    assert!(wrapped_lines >= lines * 3 / 2 && wrapped_lines >= lines + 10, "{file}: the variant is wrapped");
    let (rewrapped, _) = paiban::read::plain::read_plain(&wrapped);
    let (a, b) = (block_texts(&plain), block_texts(&rewrapped));
    let first_difference = a.iter().zip(&b).position(|(x, y)| x != y);
    // Where the two readings part: the characters after their common prefix.
    let tail = |x: &String, y: &String| -> String {
        let common = x.chars().zip(y.chars()).take_while(|(p, q)| p == q).count();
        x.chars().skip(common.saturating_sub(10)).take(30).collect()
    };
    let parted =
        first_difference.and_then(|i| Some((tail(a.get(i)?, b.get(i)?), tail(b.get(i)?, a.get(i)?))));
    assert!(
        a == b,
        "{file}: {} blocks unwrapped, {} wrapped; first difference at block {first_difference:?}: {parted:?}",
        a.len(),
        b.len(),
    );
    assert_eq!(plain.meta, rewrapped.meta, "{file}: the title block reads the same");
}

/// Whether a paragraph is a sentence someone wrote: ends on a full stop and holds ten letters beyond ASCII
/// (Han characters, in these documents; the test keeps no Han range of its own).
fn is_written_sentence(text: &str) -> bool {
    let letters = text.chars().filter(|c| !c.is_ascii() && c.is_alphabetic()).count();
    letters >= 10 && text.trim_end_matches(['”', '」', '）']).ends_with(['。', '！', '？'])
}

/// A document's text is never read as site furniture wholesale: of the paragraphs that are whole sentences,
/// fewer than a quarter are boilerplate in any document that has five or more (licence footers and a
/// page's voice are furniture written as sentences, but never most of a text). A safety net under the
/// recognition rules, which once read a novel whose chapters open alike entirely as furniture.
#[test]
fn written_text_is_never_read_as_furniture_wholesale() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    let mut add_dir = |dir: &Path| {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        files.extend(
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "txt")),
        );
    };
    add_dir(&root.join("tests/eval/train"));
    add_dir(&root.join("tests/eval/heldout"));
    if let Some(shared) =
        common::shared_dir("written_text_is_never_read_as_furniture_wholesale (corpus part)")
    {
        for sub in ["gov", "hant", "literature", "encodings", "."] {
            add_dir(&shared.join("corpus").join(sub));
        }
    }
    // Generated: chapters that all open with the same sentence.
    let mut novel = String::from("《石头记》\n\n");
    for n in ["一", "二", "三", "四", "五", "六"] {
        novel.push_str(&format!(
            "第{n}回　甄士隐梦幻识通灵　贾雨村风尘怀闺秀\n\n    列位看官：你道此书从何而来？\n\n"
        ));
    }
    let generated = std::env::temp_dir().join(format!("paiban-refrain-{}.txt", std::process::id()));
    std::fs::write(&generated, novel).expect("temp file");
    files.push(generated.clone());
    files.sort();
    assert!(files.len() >= 170, "{} documents", files.len());
    let mut bad = Vec::new();
    for path in &files {
        let doc = parse(path);
        let (mut written, mut furniture) = (0, 0);
        for block in &doc.blocks {
            if let Block::Paragraph { role, content } = block {
                if is_written_sentence(&plain_text(content)) {
                    written += 1;
                    furniture += usize::from(*role == paiban::model::Role::Boilerplate);
                }
            }
        }
        if written >= 5 && furniture * 4 >= written {
            bad.push(format!("{}: {furniture} of {written}", path.display()));
        }
    }
    let _ = std::fs::remove_file(&generated);
    assert!(bad.is_empty(), "written paragraphs read as furniture: {bad:?}");
}
