//! The whole 公文 in the DOCX (issue 18), from documents built from the model: a style per element of the
//! 版头, the closing block's insets from the style's closing fields, the 附件说明's lines, attachments on
//! pages of their own, run-in leads by level and the 版记 at the foot of the last page. Read from the
//! package's XML; where LibreOffice is installed, positions are read from its PDF as well.

mod common;

use common::{have, zip_text};
use paiban::fonts::FontBook;
use paiban::model::{Block, Document, Inline, Meta, Role};
use paiban::style::{Style, StyleName};
use paiban::{RenderOptions, Timestamp};

fn text(s: &str) -> Vec<Inline> {
    vec![Inline::Text(s.to_owned())]
}

fn para(role: Role, s: &str) -> Block {
    Block::Paragraph { role, content: text(s) }
}

/// A complete notice: red 版头 with its number, body with run-in leads, 附件说明 of two items, signature and
/// date, two attachments and a 版记.
fn notice(letterhead: bool, sealed: bool) -> Document {
    Document {
        meta: Meta {
            title: Some("关于做好冬季校园安全工作的通知".into()),
            doc_number: Some("某教发〔2026〕12号".into()),
            letterhead: letterhead.then(|| "某某市教育局文件".into()),
            sealed,
            copy_to: Some("市委办公室，市人大常委会办公室。".into()),
            printed_by: Some("某某市教育局办公室".into()),
            printed_on: Some("2026-11-20".into()),
            ..Meta::default()
        },
        blocks: vec![
            para(Role::Salutation, "各区教育局："),
            Block::Paragraph {
                role: Role::Body,
                content: vec![
                    Inline::Strong(text("（一）加强管理。")),
                    Inline::Text("全面排查隐患。".into()),
                ],
            },
            Block::Paragraph {
                role: Role::Body,
                content: vec![Inline::Strong(text("1.规范用电。")), Inline::Text("严禁私拉电线。".into())],
            },
            Block::Paragraph {
                role: Role::Body,
                content: vec![Inline::Strong(text("一要坚持标准，")), Inline::Text("不得降低。".into())],
            },
            para(Role::Attachment, "附件：1.冬季校园安全检查表"),
            para(Role::Attachment, "2.值班表"),
            para(Role::Signature, "某某市教育局"),
            para(Role::Date, "2026年11月20日"),
            Block::Attachment {
                label: "附件1".into(),
                title: text("冬季校园安全检查表"),
                blocks: vec![Block::paragraph("检查内容如下。")],
            },
            Block::Attachment {
                label: "附件2".into(),
                title: text("值班表"),
                blocks: vec![Block::paragraph("值班安排如下。")],
            },
        ],
        resources: Default::default(),
    }
}

fn render(doc: &Document) -> Vec<u8> {
    let style = Style::preset(StyleName::Gongwen);
    let fonts = FontBook::new(&[]);
    let options =
        RenderOptions { style: &style, fonts: &fonts, timestamp: Timestamp::DEFAULT, embed_fonts: false };
    paiban::backend::docx::render(doc, &options).expect("renders").bytes
}

fn document_xml(doc: &Document) -> String {
    zip_text(&render(doc), "word/document.xml").expect("document.xml")
}

fn styles_xml(doc: &Document) -> String {
    zip_text(&render(doc), "word/styles.xml").expect("styles.xml")
}

/// The paragraph holding `needle`.
fn paragraph_with<'x>(xml: &'x str, needle: &str) -> &'x str {
    let at = xml.find(needle).unwrap_or_else(|| panic!("no {needle}"));
    let start = xml[..at].rfind("<w:p ").or_else(|| xml[..at].rfind("<w:p>")).expect("a paragraph");
    let end = xml[at..].find("</w:p>").map_or(xml.len(), |e| at + e);
    &xml[start..end]
}

/// The `w:style` element with id `id`.
fn style_def<'s>(styles: &'s str, id: &str) -> &'s str {
    let start = styles.find(&format!(r#"w:styleId="{id}""#)).unwrap_or_else(|| panic!("no style {id}"));
    let end = styles[start..].find("</w:style>").map_or(styles.len(), |e| start + e);
    &styles[start..end]
}

fn style_of(paragraph: &str) -> &str {
    let at = paragraph.find(r#"<w:pStyle w:val=""#).expect("a style") + r#"<w:pStyle w:val=""#.len();
    &paragraph[at..at + paragraph[at..].find('"').expect("closed")]
}

#[test]
fn each_element_of_the_header_has_a_style_of_its_own() {
    let xml = document_xml(&notice(true, false));
    assert_eq!(style_of(paragraph_with(&xml, "某某市教育局文件")), "Letterhead");
    assert_eq!(style_of(paragraph_with(&xml, "某教发〔2026〕12号")), "DocNumberRuled");
    assert_eq!(xml.matches("某教发〔2026〕12号").count(), 1, "the number printed once");
    // Without a 版头 the number stands centred above the title, without the red rule.
    let plain = document_xml(&notice(false, false));
    assert_eq!(style_of(paragraph_with(&plain, "某教发〔2026〕12号")), "DocNumber");
    assert!(!plain.contains("某某市教育局文件"));

    let styles = styles_xml(&notice(true, false));
    let style = Style::preset(StyleName::Gongwen);
    let letterhead = style_def(&styles, "Letterhead");
    assert!(
        letterhead.contains(r#"<w:color w:val="FF0000"/>"#)
            && letterhead.contains(r#"<w:jc w:val="center"/>"#)
    );
    // 35 mm less the half leading of its 45 pt line (4.5 pt): 94.7 pt.
    let top = style.official.letterhead_top_mm * 72.0 / 25.4 - 4.5;
    assert!(letterhead.contains(&format!(r#"w:before="{}""#, (top * 20.0).round())), "{letterhead}");
    // Two blank lines of the grid's pitch under the mark.
    assert!(letterhead.contains(r#"w:after="1160""#), "{letterhead}");
    let ruled = style_def(&styles, "DocNumberRuled");
    assert!(
        ruled.contains(r#"<w:bottom w:val="single" w:sz="8" w:space="11" w:color="FF0000"/>"#),
        "a 1 pt red rule 4 mm under the number: {ruled}"
    );
    assert!(ruled.contains(r#"w:after="1160""#), "two lines above the title: {ruled}");
    assert!(style_def(&styles, "DocNumber").contains(r#"<w:jc w:val="center"/>"#));
    let decree = style_def(&styles, "Decree");
    assert!(decree.contains(r#"<w:jc w:val="center"/>"#), "{decree}");
}

#[test]
fn a_decree_has_its_header_and_number_styled() {
    let mut doc = notice(false, false);
    doc.meta.decree = Some("某某市人民政府令".into());
    doc.meta.doc_number = Some("第7号".into());
    let xml = document_xml(&doc);
    assert_eq!(style_of(paragraph_with(&xml, "某某市人民政府令")), "Decree");
    assert_eq!(style_of(paragraph_with(&xml, "第7号")), "DocNumber");
    assert!(xml.find("某某市人民政府令") < xml.find("第7号"));
    // With a letterhead the header itself turns red and the number is ruled; no second 发文机关标志.
    let mut doc = notice(true, false);
    doc.meta.decree = Some("某某市人民政府令".into());
    doc.meta.doc_number = Some("第7号".into());
    let xml = document_xml(&doc);
    assert_eq!(style_of(paragraph_with(&xml, "某某市人民政府令")), "DecreeRed");
    assert_eq!(style_of(paragraph_with(&xml, "第7号")), "DocNumberRuled");
    assert!(!xml.contains("某某市教育局文件"), "the decree's header stands for the letterhead");
    let styles = styles_xml(&doc);
    let red = style_def(&styles, "DecreeRed");
    assert!(
        red.contains(r#"<w:color w:val="FF0000"/>"#) && red.contains(r#"<w:basedOn w:val="Decree"/>"#),
        "{red}"
    );
}

#[test]
fn the_closing_block_is_placed_by_the_style_closing_fields() {
    // §7.3.5.2 unsealed: 某某市教育局 (6) and 2026年11月20日 (7, digits half): the date 右空二字, the
    // signature moved left to keep the date's start two characters right of its own: 2 + 7 + 2 − 6 = 5.
    let xml = document_xml(&notice(false, false));
    let signature = paragraph_with(&xml, "某某市教育局<");
    assert!(signature.contains(r#"w:rightChars="500""#), "{signature}");
    assert!(signature.contains(r#"w:beforeLines="100""#), "one blank line above: {signature}");
    let date = paragraph_with(&xml, "2026年11月20日<");
    assert!(date.contains(r#"w:rightChars="200""#) && !date.contains("beforeLines"), "{date}");
    // §7.3.5.1 sealed: the date 右空四字, the signature centred over it: 4 + (7 − 6) / 2 = 4.5.
    let xml = document_xml(&notice(false, true));
    let signature = paragraph_with(&xml, "某某市教育局<");
    assert!(signature.contains(r#"w:rightChars="450""#), "{signature}");
    assert!(signature.contains(r#"w:beforeLines="200""#), "two blank lines for the seal: {signature}");
    assert!(paragraph_with(&xml, "2026年11月20日<").contains(r#"w:rightChars="400""#));
}

#[test]
fn the_attachment_note_lines_up_without_blank_lines_between_its_items() {
    let xml = document_xml(&notice(false, false));
    assert_eq!(style_of(paragraph_with(&xml, "附件：1.")), "Attachment");
    assert_eq!(style_of(paragraph_with(&xml, "2.值班表")), "AttachmentList");
    let styles = styles_xml(&notice(false, false));
    let first = style_def(&styles, "Attachment");
    let more = style_def(&styles, "AttachmentList");
    assert!(first.contains(r#"w:before="580""#), "one blank line above the note: {first}");
    assert!(more.contains(r#"w:before="0""#) && more.contains(r#"w:after="0""#), "{more}");
    // 附件：1. hangs 3 characters from 5; 2. hangs 1 from 6: both numbers start 5 characters in.
    assert!(first.contains(r#"w:leftChars="500""#) && first.contains(r#"w:hangingChars="300""#), "{first}");
    assert!(more.contains(r#"w:leftChars="600""#) && more.contains(r#"w:hangingChars="100""#), "{more}");
}

#[test]
fn each_attachment_opens_a_page_with_its_label_and_title() {
    let xml = document_xml(&notice(false, false));
    for (label, title) in [("附件1", "冬季校园安全检查表<"), ("附件2", "值班表<")] {
        assert_eq!(style_of(paragraph_with(&xml, &format!(">{label}<"))), "AttachmentLabel");
        let title_at = xml.rfind(title).expect("title");
        assert_eq!(style_of(paragraph_with(&xml[title_at - 300..], title)), "AttachmentTitle");
    }
    // The attachment is no longer a run of plain blocks: no level-1 heading for its title.
    assert!(!xml.contains("Heading1"));
    let styles = styles_xml(&notice(false, false));
    let label = style_def(&styles, "AttachmentLabel");
    assert!(label.contains("<w:pageBreakBefore/>") && label.contains(r#"w:eastAsia="黑体""#), "{label}");
    assert!(label.contains(r#"<w:jc w:val="left"/>"#) && label.contains(r#"w:firstLine="0""#), "{label}");
    let title = style_def(&styles, "AttachmentTitle");
    // On the third line: one line of the grid (579 twips, 28.99 pt) under the label's.
    assert!(title.contains(r#"<w:jc w:val="center"/>"#) && title.contains(r#"w:before="580""#), "{title}");
}

#[test]
fn run_in_leads_take_the_face_of_their_level() {
    let xml = document_xml(&notice(false, false));
    let run_style = |needle: &str| {
        let p = paragraph_with(&xml, needle);
        let at = p.find(r#"<w:rStyle w:val=""#).expect("a run style") + r#"<w:rStyle w:val=""#.len();
        p[at..at + p[at..].find('"').expect("closed")].to_owned()
    };
    assert_eq!(run_style("（一）加强管理。"), "RunInHeading2");
    assert_eq!(run_style("1.规范用电。"), "RunInHeading3");
    // A lead without a number is strong text set as the style's run-in heading.
    assert_eq!(run_style("一要坚持标准，"), "RunInHeading");
    let styles = styles_xml(&notice(false, false));
    assert!(style_def(&styles, "RunInHeading1").contains(r#"w:eastAsia="黑体""#));
    assert!(style_def(&styles, "RunInHeading2").contains(r#"w:eastAsia="楷体_GB2312""#));
    let third = style_def(&styles, "RunInHeading3");
    assert!(third.contains(r#"w:eastAsia="仿宋_GB2312""#) && third.contains("<w:b/>"), "{third}");
    assert!(!style_def(&styles, "RunInHeading4").contains("<w:b/>"));
}

#[test]
fn the_record_is_a_table_at_the_foot_of_the_last_page() {
    let xml = document_xml(&notice(false, false));
    let table = &xml[xml.rfind("<w:tbl>").expect("the record's table")..];
    assert!(xml.rfind("值班安排如下。") < xml.rfind("<w:tbl>"), "after the attachments");
    assert!(table.starts_with("<w:tbl><w:tblPr><w:tblpPr "), "{table}");
    assert!(table.contains(r#"w:vertAnchor="margin""#) && table.contains(r#"w:tblpYSpec="bottom""#));
    assert!(table.contains("抄送：市委办公室，市人大常委会办公室。"));
    assert!(table.contains("某某市教育局办公室</w:t><w:tab />"), "office, tab, date: {table}");
    assert!(table.contains("2026年11月20日印发"));
    // 0.35 mm rules first and last (8 eighths of a point), 0.25 mm between (6).
    let rules: Vec<&str> = table.matches(r#"w:val="single" w:sz=""#).collect();
    assert_eq!(rules.len(), 3, "{table}");
    let sizes: Vec<&str> =
        table.split(r#"w:val="single" w:sz=""#).skip(1).map(|s| &s[..s.find('"').expect("closed")]).collect();
    assert_eq!(sizes, ["8", "6", "8"]);
    let styles = styles_xml(&notice(false, false));
    let record = style_def(&styles, "Record");
    // One character of 4号 (14 pt) in from both ends; the date ends there, on a right tab.
    assert!(record.contains(r#"w:left="280" w:right="280""#), "{record}");
    assert!(record.contains(r#"<w:tab w:val="right" w:pos="8564"/>"#), "{record}");
    // Without a 版记, no table.
    let mut doc = notice(false, false);
    (doc.meta.copy_to, doc.meta.printed_by, doc.meta.printed_on) = (None, None, None);
    assert!(!document_xml(&doc).contains("<w:tbl>"));
}

/// The record at the foot of the last page and the attachments' labels at the top of theirs, as LibreOffice
/// sets the file (where it is installed).
#[test]
fn libreoffice_sets_the_record_at_the_foot_and_attachments_on_their_pages() {
    if !(have("soffice") && have("pdftotext")) {
        eprintln!("skipped: soffice or pdftotext missing");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let docx = dir.path().join("notice.docx");
    std::fs::write(&docx, render(&notice(true, false))).expect("writes");
    let status = std::process::Command::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&docx)
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let bbox = std::process::Command::new("pdftotext")
        .args(["-bbox"])
        .arg(dir.path().join("notice.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let html = String::from_utf8_lossy(&bbox.stdout).into_owned();
    let pages: Vec<&str> = html.split("<page ").skip(1).collect();
    let y_of = |page: &str, word: &str| -> Option<(f32, f32)> {
        let at = page.find(&format!(">{word}</word>"))?;
        let tag = &page[page[..at].rfind("<word")?..at];
        let attr = |name: &str| -> f32 {
            let from = tag.find(&format!(r#"{name}=""#)).expect("attribute") + name.len() + 2;
            tag[from..from + tag[from..].find('"').expect("closed")].parse().expect("a number")
        };
        Some((attr("yMin"), attr("yMax")))
    };
    let style = Style::preset(StyleName::Gongwen);
    let pt = |mm: f32| mm * 72.0 / 25.4;
    let type_top = pt(style.page.top_mm);
    let type_bottom = pt(style.page.height_mm - style.page.bottom_mm);
    let last = pages.last().expect("pages");
    let (_, printing_bottom) = y_of(last, "某某市教育局办公室").expect("the printing line on the last page");
    assert!(
        (type_bottom - printing_bottom).abs() < pt(5.0),
        "the 版记 ends at the foot of the type area ({type_bottom}): {printing_bottom}"
    );
    // The label (`附件1`) is on the page with the attachment's title.
    for title in ["冬季校园安全检查表", "值班表"] {
        let page = pages.iter().find(|p| p.contains(&format!(">{title}</word>"))).expect("the title's page");
        let label_at = page.find(">附").expect("the label");
        let label = &page[label_at + 1..label_at + page[label_at..].find("</word>").expect("closed")];
        let (top, _) = y_of(page, label).expect("the label");
        let (title_top, _) = y_of(page, title).expect("the title");
        assert!(top < title_top, "the label above the title");
        assert!(top - type_top < pt(10.0), "the label on the page's first line: {top} vs {type_top}");
    }
}
