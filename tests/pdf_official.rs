//! GB/T 9704 proof of what closes an official document, read back from the PDF's content streams: the
//! attachment note's names aligned (§7.3.4), the signature and date of an unsealed and a sealed document
//! (§7.3.5.1, §7.3.5.2), each attachment on a page of its own (§7.3.7), run-in leads in the face of their
//! level (§7.3.3) and the 版记 at the foot of the last page between its rules (§7.4). The documents are
//! built from the model, so the test does not depend on what the reader recognises.

mod common;

use common::pdf::{render_preset, stroked_lines, text_runs, TextRun};
use paiban::model::{Block, Document, Inline, Role};
use paiban::style::StyleName;

const PT_PER_MM: f32 = 72.0 / 25.4;
/// The gongwen type area: left edge, width, top and bottom in PDF user space (y up, A4 842 pt high).
const LEFT: f32 = 28.0 * PT_PER_MM;
const WIDTH: f32 = 156.0 * PT_PER_MM;
const PAPER: f32 = 297.0 * PT_PER_MM;
const TOP: f32 = PAPER - 37.0 * PT_PER_MM;
const BOTTOM: f32 = PAPER - (37.0 + 225.0) * PT_PER_MM;
/// One grid cell and one grid line.
const CELL: f32 = WIDTH / 28.0;
const PITCH: f32 = 225.0 * PT_PER_MM / 22.0;

fn text(t: &str) -> Vec<Inline> {
    vec![Inline::Text(t.into())]
}

fn para(role: Role, t: &str) -> Block {
    Block::Paragraph { role, content: text(t) }
}

/// A paragraph opening with a `Strong` lead.
fn led(lead: &str, rest: &str) -> Block {
    Block::Paragraph {
        role: Role::Body,
        content: vec![Inline::Strong(text(lead)), Inline::Text(rest.into())],
    }
}

/// A complete notice: run-in leads of the four levels, a two-item attachment note whose first name wraps,
/// signature, date, note, two attachments and a 版记.
fn notice(sealed: bool) -> Document {
    let mut doc = Document::default();
    doc.meta.title = Some("关于做好冬季校园安全工作的通知".into());
    doc.meta.sealed = sealed;
    doc.meta.copy_to = Some("市委各部门，市人大常委会办公室，市政协办公室。".into());
    doc.meta.printed_by = Some("某某市教育局办公室".into());
    doc.meta.printed_on = Some("2026-11-20".into());
    doc.blocks = vec![
        para(Role::Salutation, "各区教育局，市属各学校："),
        led("一、提高思想认识。", "冬季是火灾和流感的多发季节。"),
        led("（一）加强消防管理。", "重点检查宿舍和食堂。"),
        led("1.全面排查隐患。", "发现问题立即整改。"),
        led("（1）坚持晨检制度。", "及时登记并通知家长。"),
        led("一是压实责任，", "层层落实。"),
        para(Role::Attachment, &format!("附件：1.{}", "某某市冬季校园安全检查".repeat(3))),
        para(Role::Attachment, "2.值班表"),
        para(Role::Signature, "市教育局"),
        para(Role::Date, "2026年11月20日"),
        para(Role::Note, "（此件公开发布）"),
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
    ];
    doc
}

fn render(doc: &Document) -> Vec<u8> {
    let bytes = render_preset(doc, StyleName::Gongwen);
    if let Ok(dir) = std::env::var("PAIBAN_KEEP_PDF") {
        let name = format!("official-{}.pdf", if doc.meta.sealed { "sealed" } else { "unsealed" });
        std::fs::write(std::path::Path::new(&dir).join(name), &bytes).expect("write");
    }
    bytes
}

fn page_count(bytes: &[u8]) -> u32 {
    lopdf::Document::load_mem(bytes).expect("reads").get_pages().len() as u32
}

/// The runs of `page` that make up the line holding `needle`, left to right: every run on its baseline.
fn line_of(bytes: &[u8], page: u32, needle: &str) -> Vec<TextRun> {
    let runs = text_runs(bytes, page);
    let Some(y) = runs.iter().find(|r| r.text.contains(needle)).map(|r| r.y) else {
        panic!("{needle:?} not on page {page}: {runs:?}")
    };
    let mut line: Vec<TextRun> = runs.into_iter().filter(|r| (r.y - y).abs() < 0.5).collect();
    line.sort_by(|a, b| a.x.total_cmp(&b.x));
    line
}

/// The left edge of the line holding `needle` and its baseline.
fn start_of(bytes: &[u8], page: u32, needle: &str) -> (f32, f32) {
    let line = line_of(bytes, page, needle);
    (line[0].x, line[0].y)
}

/// The page `needle` is on.
fn page_of(bytes: &[u8], needle: &str) -> u32 {
    (1..=page_count(bytes))
        .find(|&p| text_runs(bytes, p).iter().any(|r| r.text.contains(needle)))
        .unwrap_or_else(|| panic!("{needle:?} is on no page"))
}

fn near(a: f32, b: f32) -> bool {
    (a - b).abs() < 0.1
}

/// Width of `text` on the gongwen grid: a wide character takes a cell, a digit half an em less the
/// grid's tracking, as the PDF sets them.
fn grid_width(text: &str) -> f32 {
    let tracking = CELL - 16.0;
    text.chars().map(|c| if c.is_ascii() { 8.0 + tracking } else { CELL }).sum()
}

#[test]
fn unsealed_signature_ends_two_cells_in_and_the_date_starts_two_cells_right_of_it() {
    let bytes = render(&notice(false));
    let page = page_of(&bytes, "市教育局");
    let (signature_x, signature_y) = start_of(&bytes, page, "市教育局");
    let (date_x, date_y) = start_of(&bytes, page, "2026");
    // 2026年11月20日 is longer than 市教育局: the date stands 右空二字 and the signature moves left to
    // start two cells before it (§7.3.5.2).
    let right = LEFT + WIDTH;
    let date_end = date_x + grid_width("2026年11月20日");
    assert!(near(date_end, right - 2.0 * CELL), "date ends at {date_end}, not two cells in from {right}");
    assert!(near(date_x - signature_x, 2.0 * CELL), "signature at {signature_x}, date at {date_x}");
    assert!(near(signature_y - date_y, PITCH), "the date on the next line");
    // One blank line between the attachment note's last line and the signature.
    let (_, note_y) = start_of(&bytes, page, "2.值班表");
    assert!(near(note_y - signature_y, 2.0 * PITCH), "note at {note_y}, signature at {signature_y}");
}

#[test]
fn a_long_signature_ends_two_cells_in_with_the_date_two_cells_right_of_its_start() {
    let mut doc = notice(false);
    for block in &mut doc.blocks {
        if let Block::Paragraph { role: Role::Signature, content } = block {
            *content = text("某某市教育局某某市财政局联合工作组");
        }
    }
    let bytes = render(&doc);
    let page = page_of(&bytes, "联合工作组");
    let (signature_x, _) = start_of(&bytes, page, "联合工作组");
    let signature_end = signature_x + grid_width("某某市教育局某某市财政局联合工作组");
    assert!(near(signature_end, LEFT + WIDTH - 2.0 * CELL), "signature ends at {signature_end}");
    let (date_x, _) = start_of(&bytes, page, "2026");
    assert!(near(date_x - signature_x, 2.0 * CELL), "signature at {signature_x}, date at {date_x}");
}

#[test]
fn sealed_date_stands_four_cells_in_under_a_centred_signature() {
    let bytes = render(&notice(true));
    let page = page_of(&bytes, "市教育局");
    let (signature_x, signature_y) = start_of(&bytes, page, "市教育局");
    let (date_x, _) = start_of(&bytes, page, "2026");
    let date_end = date_x + grid_width("2026年11月20日");
    assert!(near(date_end, LEFT + WIDTH - 4.0 * CELL), "sealed date ends at {date_end} (右空四字)");
    let signature_mid = signature_x + grid_width("市教育局") / 2.0;
    assert!(near(signature_mid, (date_x + date_end) / 2.0), "signature centred over the date");
    // Two blank lines above the signature: room for the seal.
    let (_, note_y) = start_of(&bytes, page, "2.值班表");
    assert!(near(note_y - signature_y, 3.0 * PITCH), "note at {note_y}, signature at {signature_y}");
}

/// The words `pdftotext -bbox` finds on page `page`: (x min, x max, y min, text), y down from the top.
fn words(bytes: &[u8], page: u32) -> Vec<(f32, f32, f32, String)> {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("doc.pdf");
    std::fs::write(&file, bytes).expect("write");
    let page = page.to_string();
    let out = std::process::Command::new("pdftotext")
        .args(["-bbox", "-enc", "UTF-8", "-f", &page, "-l", &page])
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    let attr = |tag: &str, name: &str| -> f32 {
        let key = format!("{name}=\"");
        let value = tag.split(&key).nth(1).and_then(|rest| rest.split('"').next());
        value.and_then(|v| v.parse().ok()).unwrap_or(f32::NAN)
    };
    html.split("<word ")
        .skip(1)
        .filter_map(|w| w.split_once('>'))
        .map(|(tag, rest)| {
            let text = rest.split("</word>").next().unwrap_or("").to_owned();
            (attr(tag, "xMin"), attr(tag, "xMax"), attr(tag, "yMin"), text)
        })
        .collect()
}

#[test]
fn attachment_note_items_align_under_the_first_item_s_number_and_names_under_names() {
    if !common::have("pdftotext") {
        paiban::skip!("skipping: pdftotext not available");
        return;
    }
    let bytes = render(&notice(false));
    let page = page_of(&bytes, "附件：1.");
    let words = words(&bytes, page);
    let line = |needle: &str| words.iter().find(|w| w.3.contains(needle)).expect(needle).clone();
    let (first, wrapped, second) = (line("附件：1."), line("安全检查"), line("2.值班表"));
    let wrapped = if wrapped.3.starts_with("附件") {
        words.iter().find(|w| w.3.starts_with("某某市")).expect("the wrapped name").clone()
    } else {
        wrapped
    };
    assert!(near(first.0, LEFT + 2.0 * CELL), "附件 two cells in: {first:?}");
    let number_x = first.0 + 3.0 * CELL;
    assert!(near(second.0, number_x), "`2.` under `1.`: {second:?}, not at {number_x}");
    // The first line ends with 22 characters of name, the wrapped line starts a name: both start where
    // the second item's name does, after its number. A word's box ends with its last glyph's em, a
    // tracking's width past its cell.
    let overhang = 16.0 - CELL;
    let name_x = second.1 - overhang - grid_width("值班表");
    let first_name_x = first.1 - overhang - 22.0 * CELL;
    assert!(near(first_name_x, name_x), "the first name at {first_name_x}, the second at {name_x}");
    assert!(near(wrapped.0, name_x), "a wrapped name under the name's first character: {wrapped:?}");
    assert!(near(second.2 - wrapped.2, PITCH), "no blank line between the items");
    // Baselines from the content stream: a box's top depends on the face's ascent.
    let (_, body_y) = start_of(&bytes, page, "层层落实");
    let (_, note_y) = start_of(&bytes, page, "附件：1.");
    assert!(near(body_y - note_y, 2.0 * PITCH), "one blank line above the note: {body_y} {note_y}");
}

#[test]
fn each_attachment_starts_a_page_its_label_top_left_in_hei_its_title_centred_on_the_third_line() {
    let bytes = render(&notice(false));
    let first_line = TOP - (PITCH - 16.0) / 2.0 - 0.88 * 16.0;
    let mut pages = Vec::new();
    for (label, title) in [("附件1", "冬季校园安全检查表"), ("附件2", "值班表")] {
        let page = page_of(&bytes, label);
        pages.push(page);
        let runs = text_runs(&bytes, page);
        let top = runs.iter().filter(|r| r.y < TOP && r.y > BOTTOM).map(|r| r.y).fold(f32::MIN, f32::max);
        let line = line_of(&bytes, page, label);
        assert_eq!(line[0].text, label, "the label alone on its line");
        assert!(near(line[0].y, top), "{label} on the first line of page {page}");
        assert!(
            near(line[0].y, first_line),
            "{label} at {}, not on the first grid line {first_line}",
            line[0].y
        );
        assert!(near(line[0].x, LEFT), "{label} 顶格: {}", line[0].x);
        assert!(line[0].font.contains("Sans"), "{label} in 黑体: {}", line[0].font);
        assert!(near(line[0].size, 16.0), "{label} in 3号");
        let heading = line_of(&bytes, page, title);
        let (x, y) = (heading[0].x, heading[0].y);
        let centre = x + 22.0 * title.chars().count() as f32 / 2.0;
        assert!(near(centre, LEFT + WIDTH / 2.0), "{title} centred: starts at {x}");
        assert!(near(heading[0].size, 22.0), "{title} in 2号");
        let third = TOP - 2.0 * PITCH - (PITCH - 22.0) / 2.0 - 0.88 * 22.0;
        assert!(near(y, third), "{title} on the third line: {y}, not {third}");
    }
    assert!(pages[0] > page_of(&bytes, "（此件公开发布）") && pages[1] > pages[0], "{pages:?}");
}

#[test]
fn run_in_leads_take_the_face_of_their_level() {
    let bytes = render(&notice(false));
    let runs = text_runs(&bytes, 1);
    let font_of = |needle: &str| runs.iter().find(|r| r.text.contains(needle)).expect(needle).font.clone();
    let face = |name: &str| name.split('+').next_back().unwrap_or(name).to_owned();
    let body = face(&font_of("冬季是火灾"));
    let leads = ["一、", "（一）", "1.", "（1）", "一是"].map(|l| face(&font_of(l)));
    assert!(leads[0].contains("Sans"), "一、 in 黑体: {leads:?}");
    assert!(leads[1].contains("Kai") || leads[1].contains("kai"), "（一） in 楷体: {leads:?}");
    assert_eq!(leads[2], body, "1. in 仿宋: {leads:?}");
    assert_eq!(leads[3], body, "（1） in 仿宋: {leads:?}");
    assert!(leads[4].contains("Sans"), "a lead without a number is strong text, 黑体: {leads:?}");
}

#[test]
fn the_record_sits_on_the_last_page_its_last_rule_on_the_bottom_of_the_type_area() {
    let bytes = render(&notice(false));
    let last = page_count(&bytes);
    assert_eq!(page_of(&bytes, "抄送"), last, "the 版记 on the last page");
    let rules: Vec<_> = stroked_lines(&bytes, last)
        .into_iter()
        .filter(|l| near(l.from.0, LEFT) && near(l.to.0, LEFT + WIDTH) && near(l.from.1, l.to.1))
        .collect();
    let widths: Vec<f32> = rules.iter().map(|r| r.width / PT_PER_MM).collect();
    assert_eq!(rules.len(), 3, "{rules:?}");
    let ys: Vec<f32> = rules.iter().map(|r| r.from.1).collect();
    assert!(near(ys[2], BOTTOM), "last rule on the type area's bottom: {ys:?}");
    assert!(near(ys[1], BOTTOM + PITCH) && near(ys[0], BOTTOM + 2.0 * PITCH), "one grid line each: {ys:?}");
    assert!((widths[0] - 0.35).abs() < 0.01 && (widths[2] - 0.35).abs() < 0.01, "{widths:?}");
    assert!((widths[1] - 0.25).abs() < 0.01, "{widths:?}");
    let copy = line_of(&bytes, last, "抄送");
    assert!(near(copy[0].x, LEFT + 14.0) && near(copy[0].size, 14.0), "抄送 4号, 左空一字: {copy:?}");
    assert!(copy[0].y < ys[0] && copy[0].y > ys[1], "抄送 between the first two rules");
    let printing = line_of(&bytes, last, "印发");
    let office = printing.iter().find(|r| r.text.starts_with("某某市")).expect("the office");
    assert!(near(office.x, LEFT + 14.0), "office 左空一字: {printing:?}");
    let date = printing.iter().find(|r| r.text.contains("2026")).expect("the date");
    let date_end = date.x + 14.0 * (3.0 + 2.0) + 7.0 * 8.0;
    assert!(near(date_end, LEFT + WIDTH - 14.0), "印发 右空一字: ends at {date_end}");
    assert!(office.y < ys[1] && office.y > ys[2], "the printing line between the last two rules");
}

/// Printed on both sides, the 版记 ends the document on an even page (§7.4.3): at the foot of the text's
/// last page when that page is even and has room, else on the next even page, after a blank page when
/// the text ends on an even page; that blank page and the 版记's page carry no folio (§7.5).
#[test]
fn the_record_ends_on_an_even_page_after_an_unnumbered_blank_page_where_needed() {
    let (mut blank_before, mut moved_on) = (0, 0);
    for paragraphs in 8..52 {
        let mut doc = Document::default();
        doc.meta.title = Some("关于做好冬季校园安全工作的通知".into());
        doc.meta.copy_to = Some("市委各部门，市人大常委会办公室。".into());
        doc.meta.printed_by = Some("某某市教育局办公室".into());
        doc.meta.printed_on = Some("2026-11-20".into());
        doc.blocks = vec![para(Role::Salutation, "各区教育局：")];
        doc.blocks.extend((1..=paragraphs).map(|n| para(Role::Body, &format!("第{n}项工作按期完成。"))));
        doc.blocks.push(para(Role::Signature, "市教育局"));
        doc.blocks.push(para(Role::Date, "2026年11月20日"));
        let bytes = render(&doc);
        let last = page_count(&bytes);
        assert_eq!(page_of(&bytes, "抄送"), last, "{paragraphs} paragraphs: the 版记 on the last page");
        assert_eq!(last % 2, 0, "{paragraphs} paragraphs: the 版记 on page {last}, an odd page");
        let folio = |page: u32| text_runs(&bytes, page).iter().any(|r| r.text.contains('—'));
        let previous = text_runs(&bytes, last - 1);
        if previous.is_empty() {
            blank_before += 1;
            assert!(!folio(last), "{paragraphs} paragraphs: no folio on the 版记's page after a blank one");
        } else {
            assert!(folio(last), "{paragraphs} paragraphs: the 版记's page is numbered");
            let date_page = page_of(&bytes, "2026年11月20日");
            moved_on += usize::from(date_page < last);
        }
    }
    assert!(blank_before > 0, "some length ends the text on an even page without room for the 版记");
    assert!(moved_on > 0, "some length ends the text on an odd page, the 版记 overleaf");
}
