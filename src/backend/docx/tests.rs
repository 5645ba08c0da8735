//! Tests of the DOCX backend: parts are unzipped and checked as text.

use super::*;
use crate::backend::{RenderOptions, Timestamp};
use crate::diag::Kind;
use crate::fonts::FontBook;
use crate::model::plain_text;
use crate::model::{Block, Image, Inline, Meta, Person, Role, Series, Table};
use crate::style::{Style, StyleName};
use crate::testdoc::speech_document;
use std::io::Read;

fn render_with(doc: &Document, name: StyleName) -> Output {
    let style = Style::preset(name);
    let fonts = FontBook::new(&[]);
    let options =
        RenderOptions { style: &style, fonts: &fonts, timestamp: Timestamp::DEFAULT, embed_fonts: false };
    render(doc, &options).expect("docx renders")
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    let mut entry = archive.by_name(name).expect("part present");
    let mut text = String::new();
    entry.read_to_string(&mut text).expect("utf-8 part");
    text
}

fn text(s: &str) -> Vec<Inline> {
    vec![Inline::Text(s.to_owned())]
}

/// A document with every kind of block and inline.
fn constructed_document() -> Document {
    let item = |s: &str| vec![Block::paragraph(s)];
    Document {
        resources: Default::default(),
        meta: Meta {
            title: Some("测试文档 <&>".into()),
            subtitle: Some("在某会议上的讲话".into()),
            authors: vec![Person { name: "张三".into(), role: None }],
            date: Some("2026-11".into()),
            keywords: vec!["排版".into()],
            ..Meta::default()
        },
        blocks: vec![
            Block::Heading { level: 1, content: text("一、总体要求") },
            Block::Paragraph {
                role: Role::Body,
                content: vec![
                    Inline::Strong(text("一要坚持，")),
                    Inline::Text("正文有".into()),
                    Inline::Emph(text("着重")),
                    Inline::Text("、".into()),
                    Inline::Code("let x = 1;".into()),
                    Inline::Text("、".into()),
                    Inline::Strike(text("删除")),
                    Inline::Text("和".into()),
                    Inline::Link { url: "https://example.org/?a=1&b=2".into(), content: text("链接") },
                    Inline::Text("。".into()),
                    Inline::Note(vec![Block::paragraph("脚注内容。")]),
                    Inline::LineBreak,
                    Inline::Text("第二行\u{1}。".into()),
                ],
            },
            Block::Heading { level: 2, content: text("（一）有序列表") },
            Block::List {
                ordered: true,
                start: 3,
                items: vec![
                    item("第三项"),
                    vec![
                        Block::paragraph("第四项"),
                        Block::List { ordered: false, start: 1, items: vec![item("嵌套要点")] },
                        Block::paragraph("第四项续"),
                    ],
                ],
            },
            Block::Heading { level: 3, content: text("1. 代码") },
            Block::Code { lang: Some("rust".into()), text: "fn main() {\n    println!(\"<hi>\");\n}".into() },
            Block::Heading { level: 4, content: text("（1）表格") },
            Block::Table(Table {
                columns: vec![crate::model::Align::Left, crate::model::Align::Right],
                head: vec![vec![text("名称"), text("数量")]],
                body: vec![
                    vec![text("苹果"), text("3")],
                    vec![vec![Inline::Link { url: "https://example.com/梨".into(), content: text("梨") }]],
                ],
            }),
            Block::Quote { blocks: vec![Block::paragraph("引用的话。")] },
            Block::Figure {
                image: Image { src: "a.png".into(), alt: "示意图".into() },
                caption: text("图1 示意"),
            },
            Block::Rule,
            Block::PageBreak,
            Block::Paragraph { role: Role::Signature, content: text("某某委员会") },
            Block::Paragraph { role: Role::Date, content: text("2026年1月1日") },
            Block::Paragraph { role: Role::Boilerplate, content: text("广告行") },
        ],
    }
}

#[test]
fn document_contains_every_paragraph_in_order() {
    let doc = speech_document();
    let out = render_with(&doc, StyleName::Gongwen);
    let xml = part(&out.bytes, "word/document.xml");
    let mut from = 0;
    // Each inline is one run: a run-in lead (`Strong`) and the text after it are looked for one after the other.
    let runs = |content: &[Inline]| -> Vec<String> {
        content.iter().map(|inline| plain_text(std::slice::from_ref(inline))).collect()
    };
    for needle in [
        "“基层讲堂”系列№27",
        "在全县农村供水保障工作会议上的讲话",
        "县人民政府副县长  程远航",
        "2025年4月9日",
    ]
    .into_iter()
    .map(str::to_owned)
    .chain(doc.blocks.iter().flat_map(|b| match b {
        Block::Paragraph { role: Role::Boilerplate, .. } => Vec::new(),
        Block::Paragraph { content, .. } | Block::Heading { content, .. } => runs(content),
        _ => Vec::new(),
    })) {
        let at = xml[from..].find(&needle).unwrap_or_else(|| panic!("missing or out of order: {needle}"));
        from += at + needle.len();
    }
}

#[test]
fn boilerplate_is_omitted() {
    let xml = part(&render_with(&speech_document(), StyleName::Report).bytes, "word/document.xml");
    assert!(!xml.contains("扫描二维码"));
    let xml = part(&render_with(&constructed_document(), StyleName::Report).bytes, "word/document.xml");
    assert!(!xml.contains("广告行"));
}

#[test]
fn styles_carry_first_line_chars_east_asian_font_and_language() {
    let out = render_with(&constructed_document(), StyleName::Gongwen);
    let styles = part(&out.bytes, "word/styles.xml");
    assert!(styles.contains(r#"w:firstLineChars="200""#), "{styles}");
    assert!(styles.contains(r#"w:firstLine="640""#), "twips fallback for 2 × 16 pt");
    assert!(styles.contains(r#"w:eastAsia="仿宋_GB2312""#), "gongwen names the office face");
    let fonts = part(&out.bytes, "word/fontTable.xml");
    // The alternatives are what Windows ships for each role, never the bundled open faces.
    assert!(fonts.contains(r#"<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>"#), "{fonts}");
    assert!(fonts.contains(r#"<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>"#), "{fonts}");
    assert!(fonts.contains(r#"<w:font w:name="黑体"><w:altName w:val="SimHei"/>"#), "{fonts}");
    assert!(!fonts.contains("Fandol") && !fonts.contains("Noto"), "{fonts}");
    assert!(styles.contains(r#"<w:lang w:val="en-US" w:eastAsia="zh-CN""#));
    assert!(styles.contains(r#"<w:sz w:val="32"/>"#), "三号 = 32 half-points");
    assert!(styles.contains(r#"w:line="579" w:lineRule="exact""#));
    assert!(
        styles.contains(r#"<w:rFonts w:ascii="楷体_GB2312" w:hAnsi="楷体_GB2312" w:eastAsia="楷体_GB2312""#),
        "emphasis is 楷体, as in the PDF and the EPUB"
    );
    let settings = part(&out.bytes, "word/settings.xml");
    assert!(settings.contains(r#"<w:characterSpacingControl w:val="compressPunctuation"/>"#));
    assert!(settings.contains(r#"<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>"#));
    assert!(settings.contains(r#"<w:noLineBreaksBefore w:lang="zh-CN" w:val="、，；：。"#), "{settings}");
    assert!(settings.contains(r#"<w:noLineBreaksAfter w:lang="zh-CN" w:val="（【《"#));
    assert!(styles.contains(
        r#"<w:pPrDefault><w:pPr><w:kinsoku/><w:overflowPunct w:val="0"/><w:autoSpaceDE/><w:autoSpaceDN/>"#
    ));
}

#[test]
fn document_language_reaches_styles_settings_and_core() {
    let mut doc = constructed_document();
    doc.meta.lang = "zh-TW".into();
    let out = render_with(&doc, StyleName::Report);
    assert!(part(&out.bytes, "word/styles.xml").contains(r#"w:eastAsia="zh-TW""#));
    assert!(part(&out.bytes, "word/settings.xml")
        .contains(r#"<w:themeFontLang w:val="en-US" w:eastAsia="zh-TW"/>"#));
    assert!(part(&out.bytes, "docProps/core.xml").contains("<dc:language>zh-TW</dc:language>"));
}

#[test]
fn gongwen_page_numbers_sit_right_on_odd_and_left_on_even_pages() {
    let out = render_with(&constructed_document(), StyleName::Gongwen);
    let settings = part(&out.bytes, "word/settings.xml");
    assert!(settings.contains("<w:evenAndOddHeaders/>"), "{settings}");
    let xml = part(&out.bytes, "word/document.xml");
    assert!(
        xml.contains(r#"<w:footerReference w:type="default""#)
            && xml.contains(r#"<w:footerReference w:type="even""#),
        "{xml}"
    );
    let footers = [part(&out.bytes, "word/footer1.xml"), part(&out.bytes, "word/footer2.xml")];
    assert!(footers.iter().any(|f| f.contains(r#"<w:pStyle w:val="FooterOdd" />"#)));
    assert!(footers.iter().any(|f| f.contains(r#"<w:pStyle w:val="FooterEven" />"#)));
    for footer in &footers {
        assert!(footer.contains("— ") && footer.contains(" —") && footer.contains("PAGE"), "{footer}");
    }
    let styles = part(&out.bytes, "word/styles.xml");
    let odd = &styles[styles.find(r#"w:styleId="FooterOdd""#).expect("odd footer style")..];
    let odd = &odd[..odd.find("</w:style>").expect("closed")];
    assert!(odd.contains(r#"<w:jc w:val="right"/>"#) && odd.contains(r#"w:rightChars="100""#), "{odd}");
}

#[test]
fn a_book_mirrors_its_margins_as_the_pdf_does() {
    let book = part(&render_with(&constructed_document(), StyleName::Book).bytes, "word/settings.xml");
    let zoom = book.find("<w:zoom").expect("zoom");
    let mirror = book.find("<w:mirrorMargins/>").expect("mirrored margins in a book");
    assert!(zoom < mirror && mirror < book.find("<w:defaultTabStop").expect("tab stop"), "{book}");
    let report = part(&render_with(&constructed_document(), StyleName::Report).bytes, "word/settings.xml");
    assert!(!report.contains("mirrorMargins"), "{report}");
}

#[test]
fn report_page_numbers_are_centred_in_one_footer() {
    let out = render_with(&constructed_document(), StyleName::Report);
    assert!(!part(&out.bytes, "word/settings.xml").contains("evenAndOddHeaders"));
    let xml = part(&out.bytes, "word/document.xml");
    assert!(!xml.contains(r#"w:type="even""#));
    assert!(part(&out.bytes, "word/footer1.xml").contains(r#"<w:pStyle w:val="Footer" />"#));
}

#[test]
fn attachment_hangs_and_date_sits_four_characters_in() {
    let mut doc = constructed_document();
    doc.blocks.push(Block::Paragraph { role: Role::Attachment, content: text("附件：1. 名单") });
    doc.blocks.push(Block::Paragraph { role: Role::Attachment, content: text("2. 日程") });
    let out = render_with(&doc, StyleName::Gongwen);
    let xml = part(&out.bytes, "word/document.xml");
    assert!(xml.contains(r#"<w:pStyle w:val="Attachment" />"#));
    assert!(xml.contains(r#"<w:pStyle w:val="AttachmentList" />"#), "later names line up under the first");
    let styles = part(&out.bytes, "word/styles.xml");
    let def = |id: &str| {
        let at = styles.find(&format!(r#"w:styleId="{id}""#)).expect("style defined");
        styles[at..at + styles[at..].find("</w:style>").expect("closed")].to_owned()
    };
    let attachment = def("Attachment");
    assert!(attachment.contains(r#"w:leftChars="500" w:hanging="960" w:hangingChars="300""#), "{attachment}");
    assert!(attachment.contains("<w:contextualSpacing/>"));
    assert!(def("ClosingDate").contains(r#"w:rightChars="400""#));
    assert!(def("Signature").contains(r#"w:rightChars="200""#));
    assert!(def("RunInHeading").contains(r#"w:eastAsia="黑体""#), "FangSong's strong face is 黑体");
}

#[test]
fn app_and_core_properties_describe_the_document() {
    let mut doc = constructed_document();
    doc.meta.issuer = Some("某某委员会".into());
    doc.meta.series = Some(Series { name: "日新月异".into(), index: Some(7) });
    let out = render_with(&doc, StyleName::Report);
    let app = part(&out.bytes, "docProps/app.xml");
    assert!(
        app.contains("<Application>paiban</Application>") && app.contains("<Company>某某委员会</Company>")
    );
    let core = part(&out.bytes, "docProps/core.xml");
    assert!(core.contains("<dc:subject>在某会议上的讲话</dc:subject>"), "{core}");
    assert!(core.contains("<dc:description>“日新月异”系列№7；2026年11月</dc:description>"), "{core}");
    assert!(core.contains("<cp:keywords>排版</cp:keywords>"));
}

/// A PNG signature and IHDR of `w` × `h` pixels: the backend reads the size from the resource's fields and
/// copies the bytes as they are.
fn png(w: u32, h: u32) -> Vec<u8> {
    let mut data = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    data.extend_from_slice(&w.to_be_bytes());
    data.extend_from_slice(&h.to_be_bytes());
    data.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    data
}

#[test]
fn images_are_embedded_with_their_aspect_ratio_scaled_to_the_text_width() {
    let mut doc = constructed_document();
    let resource =
        |media_type: &str, data: Vec<u8>, (width_px, height_px): (u32, u32)| crate::model::Resource {
            media_type: media_type.into(),
            data,
            width_px,
            height_px,
            raster: Vec::new(),
        };
    doc.resources.insert("a.png".into(), resource("image/png", png(2000, 1000), (2000, 1000)));
    let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xC0, 0, 17, 8, 0, 100, 0, 200, 3];
    jpeg.extend_from_slice(&[0; 16]);
    doc.resources.insert("b.jpg".into(), resource("image/jpeg", jpeg, (200, 100)));
    // An SVG is given to Word as the PNG the reader rendered of it.
    let svg = crate::model::Resource {
        raster: png(80, 40),
        ..resource("image/svg+xml", b"<svg/>".to_vec(), (40, 20))
    };
    doc.resources.insert("c.svg".into(), svg);
    doc.blocks.push(Block::Paragraph {
        role: Role::Body,
        content: vec![
            Inline::Image(Image { src: "b.jpg".into(), alt: "小图".into() }),
            Inline::Image(Image { src: "c.svg".into(), alt: "矢量图".into() }),
        ],
    });
    let out = render_with(&doc, StyleName::Report);
    let xml = part(&out.bytes, "word/document.xml");
    // Report type area: 35 characters of 小四, 420 pt = 148.17 mm = 5 334 001 EMU wide (the margins'
    // rounding); 2000 × 1000 px keeps 2:1.
    assert!(xml.contains(r#"<wp:extent cx="5334001" cy="2667000" />"#), "{xml}");
    // 200 × 100 px at 96 dpi fits as it is.
    assert!(xml.contains(r#"<wp:extent cx="1905000" cy="952500" />"#));
    assert!(xml.contains(r#"<wp:docPr id="1" name="Picture 1" descr="示意图" />"#));
    assert!(xml.contains(r#"<wp:docPr id="2" name="Picture 2" descr="小图" />"#));
    // 40 × 20 CSS pixels, drawn from its 80 × 40 rendering.
    assert!(xml.contains(r#"<wp:extent cx="381000" cy="190500" />"#), "{xml}");
    assert!(xml.contains(r#"<wp:docPr id="3" name="Picture 3" descr="矢量图" />"#));
    assert!(!xml.contains("［图："), "every image is a picture");
    let rels = part(&out.bytes, "word/_rels/document.xml.rels");
    assert!(rels.contains(r#"Target="media/rIdImage2.jpg""#), "{rels}");
    let types = part(&out.bytes, "[Content_Types].xml");
    assert!(types.contains(r#"<Default Extension="jpg" ContentType="image/jpeg" />"#), "{types}");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&out.bytes)).expect("zip");
    assert!(archive.by_name("word/media/rIdImage1.png").is_ok());
    assert!(archive.by_name("word/media/rIdImage2.jpg").is_ok());
    assert!(archive.by_name("word/media/rIdImage3.png").is_ok());
    assert!(out.diagnostics.iter().all(|d| !d.message.contains("image")), "{:?}", out.diagnostics);
}

#[test]
fn headings_use_heading_styles_with_outline_levels() {
    let out = render_with(&constructed_document(), StyleName::Report);
    let xml = part(&out.bytes, "word/document.xml");
    let styles = part(&out.bytes, "word/styles.xml");
    for n in 1..=4 {
        assert!(xml.contains(&format!(r#"<w:pStyle w:val="Heading{n}" />"#)), "Heading{n} used");
        let at = styles.find(&format!(r#"w:styleId="Heading{n}""#)).expect("style defined");
        let def = &styles[at..at + styles[at..].find("</w:style>").expect("closed")];
        assert!(def.contains(&format!(r#"<w:name w:val="heading {n}"/>"#)));
        assert!(def.contains(&format!(r#"<w:outlineLvl w:val="{}"/>"#, n - 1)));
        assert!(def.contains("<w:keepNext/>"));
    }
}

#[test]
fn lists_use_numbering_definitions_not_typed_numbers() {
    let out = render_with(&constructed_document(), StyleName::Report);
    let xml = part(&out.bytes, "word/document.xml");
    let numbering = part(&out.bytes, "word/numbering.xml");
    assert!(xml.contains("<w:numPr>"), "list paragraphs are numbered by Word");
    assert!(xml.contains(">第三项<"), "the item text has no typed number");
    assert!(numbering.contains(r#"<w:numFmt w:val="decimal" />"#), "{numbering}");
    assert!(numbering.contains(r#"<w:numFmt w:val="bullet" />"#));
    assert!(numbering.contains(r#"<w:startOverride w:val="3" />"#), "the list starts at 3");
}

#[test]
fn inline_markup_links_notes_tables_and_title_block_are_written() {
    let out = render_with(&constructed_document(), StyleName::Report);
    let xml = part(&out.bytes, "word/document.xml");
    for needle in [
        r#"<w:rStyle w:val="RunInHeading" />"#,
        r#"<w:rStyle w:val="Emphasis" />"#,
        r#"<w:rStyle w:val="VerbatimChar" />"#,
        "<w:strike />",
        "<w:hyperlink",
        "<w:footnoteReference",
        "<w:tbl>",
        "<w:trPr><w:tblHeader /></w:trPr>",
        r#"<w:pStyle w:val="Code" />"#,
        r#"<w:pStyle w:val="Title" />"#,
        "测试文档 &lt;&amp;&gt;",
        "——在某会议上的讲话",
        // The 成文日期 at the close, and not again under the title.
        "2026年1月1日",
        "［图：示意图］",
        r#"    println!("#,
    ] {
        assert!(xml.contains(needle), "missing {needle}");
    }
    assert!(!xml.contains('\u{1}'), "control characters never reach the XML");
    assert!(!xml.contains("2026年11月"), "the date under the title gives way to the closing date");
    let rels = part(&out.bytes, "word/_rels/document.xml.rels");
    assert!(rels.contains(r#"Target="https://example.org/?a=1&amp;b=2" TargetMode="External""#), "{rels}");
    assert!(
        rels.contains(r#"Id="rIdHyperlink2""#) && xml.contains(r#"r:id="rIdHyperlink2""#),
        "link in a cell"
    );
    let notes = part(&out.bytes, "word/footnotes.xml");
    assert!(notes.contains("<w:footnoteRef/>") && notes.contains("脚注内容。"));
    let core = part(&out.bytes, "docProps/core.xml");
    assert!(core.contains("<dc:title>测试文档 &lt;&amp;&gt;</dc:title>"));
    assert!(core.contains("<dc:creator>张三</dc:creator>"));
    assert!(core.contains("<dc:language>zh-CN</dc:language>"));
    assert!(
        core.contains(r#"<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:created>"#)
    );
    let kinds: Vec<Kind> = out.diagnostics.iter().map(|d| d.kind).collect();
    // The figure without a resource is its alt text; the reader, not the DOCX, says why.
    assert!(xml.contains("［图：示意图］"));
    assert!(!out.diagnostics.iter().any(|d| d.message.contains("a.png")), "{:?}", out.diagnostics);
    assert!(kinds.contains(&Kind::Encoding), "the control character is reported");
}

#[test]
fn gongwen_section_has_the_28_by_22_grid() {
    let out = render_with(&constructed_document(), StyleName::Gongwen);
    let xml = part(&out.bytes, "word/document.xml");
    assert!(xml.contains(r#"<w:docGrid w:type="lines" w:linePitch="579" />"#), "{xml}");
    // 156 mm / 28 = 15.79 pt per character: the 16 pt type condensed by (15.79 − 16) × 20, rounded down,
    // twentieths of a point.
    let styles = part(&out.bytes, "word/styles.xml");
    let defaults = &styles[..styles.find("</w:rPrDefault>").expect("run defaults")];
    assert!(defaults.contains(r#"<w:spacing w:val="-5"/><w:sz w:val="32"/>"#), "{defaults}");
    let report = part(&render_with(&constructed_document(), StyleName::Report).bytes, "word/styles.xml");
    assert!(!report[..report.find("</w:rPrDefault>").expect("run defaults")].contains("w:spacing"));
    assert!(xml.contains(r#"<w:pgSz w:w="11906" w:h="16838""#));
    let footer = part(&out.bytes, "word/footer1.xml");
    assert!(footer.contains("— ") && footer.contains("PAGE"), "{footer}");
}

#[test]
fn renders_are_byte_identical_sequentially_and_in_parallel() {
    let docs = [speech_document(), constructed_document()];
    let first: Vec<Vec<u8>> = docs.iter().map(|d| render_with(d, StyleName::Gongwen).bytes).collect();
    let second: Vec<Vec<u8>> = docs.iter().map(|d| render_with(d, StyleName::Gongwen).bytes).collect();
    assert_eq!(first, second, "two renders in one thread");
    let parallel: Vec<Vec<Vec<u8>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                scope.spawn(|| {
                    docs.iter().map(|d| render_with(d, StyleName::Gongwen).bytes).collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("thread")).collect()
    });
    for run in parallel {
        assert_eq!(run, first, "renders on other threads");
    }
}

#[test]
fn a_table_wider_than_the_page_is_set_as_lines_with_one_warning_and_a_narrow_one_stays_a_grid() {
    let row = |prefix: &str, n: usize| (0..n).map(|c| text(&format!("{prefix}{c}"))).collect::<Vec<_>>();
    let table = |n: usize| {
        Block::Table(Table {
            columns: Vec::new(),
            head: vec![row("列", n)],
            body: vec![row("甲", n), row("乙", n)],
        })
    };
    let doc = |n: usize| Document { blocks: vec![table(n)], ..Document::default() };
    let style = Style::preset(StyleName::Report);
    let width_pt = style.page.text_width_mm() * crate::style::PT_PER_MM;
    let fitting = (1..1000).take_while(|&n| style.table_too_wide(n, width_pt).is_none()).count();
    assert!((10..100).contains(&fitting), "{fitting} columns fit");

    let grid = render_with(&doc(fitting), StyleName::Report);
    assert!(grid.diagnostics.is_empty(), "{:?}", grid.diagnostics);
    assert_eq!(part(&grid.bytes, "word/document.xml").matches("<w:tbl>").count(), 1);

    let wide = render_with(&doc(fitting + 1), StyleName::Report);
    assert_eq!(wide.diagnostics.len(), 1, "{:?}", wide.diagnostics);
    assert!(wide.diagnostics[0].message.contains(&format!("{} columns", fitting + 1)));
    let xml = part(&wide.bytes, "word/document.xml");
    assert!(!xml.contains("<w:tbl>"));
    // Every cell, in order, each row one paragraph whose cells are separated by `|`.
    let paragraphs: Vec<String> = xml
        .split("<w:p ")
        .filter(|p| p.contains(r#"<w:pStyle w:val="TableText" />"#))
        .map(|p| {
            p.split("<w:t xml:space=\"preserve\">").skip(1).filter_map(|t| t.split("</w:t>").next()).collect()
        })
        .collect();
    assert_eq!(paragraphs.len(), 3);
    for (k, prefix) in ["列", "甲", "乙"].iter().enumerate() {
        let expected = (0..=fitting).map(|c| format!("{prefix}{c}")).collect::<Vec<_>>().join(" | ");
        assert_eq!(paragraphs[k], expected);
    }
}
