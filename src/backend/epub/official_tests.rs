//! Tests of the EPUB's official parts (issue 18): the 版头 on the title page, the closing block, the
//! attachment note, attachments as files of their own, run-in leads and the 版记, read from the XHTML and
//! the stylesheet of a complete notice built from the model, and checked by EPUBCheck when it is installed.

use super::tests::{entries, entry_text, epubcheck_jar, render_opts};
use super::*;
use crate::model::{Inline, Role};
use crate::style::{Style, StyleName};
use crate::zh::chars::width_em;

const SIGNATURE: &str = "某市人民政府";
const DATE: &str = "2026年11月20日";

fn text(t: &str) -> Inline {
    Inline::Text(t.into())
}

fn para(role: Role, t: &str) -> Block {
    Block::Paragraph { role, content: vec![text(t)] }
}

/// A paragraph opening with a strong lead.
fn led(lead: &str, rest: &str) -> Block {
    Block::Paragraph { role: Role::Body, content: vec![Inline::Strong(vec![text(lead)]), text(rest)] }
}

/// A notice with everything around its body: 版头, 发文字号, run-in leads, attachment note, closing block,
/// 附注, two attachments and a 版记.
fn notice(letterhead: bool, sealed: bool) -> Document {
    let mut doc = Document::default();
    let meta = &mut doc.meta;
    meta.title = Some("某市人民政府关于做好防汛工作的通知".into());
    meta.doc_number = Some("某政发〔2026〕3号".into());
    meta.letterhead = letterhead.then(|| "某市人民政府文件".into());
    meta.sealed = sealed;
    meta.date = Some("2026-11-20".into());
    meta.copy_to = Some("市委各部门，市人大常委会办公室。".into());
    meta.printed_by = Some("某市人民政府办公室".into());
    meta.printed_on = Some("2026-11-20".into());
    doc.blocks = vec![
        para(Role::Salutation, "各区人民政府，市政府各部门："),
        led("一、总体要求。", "坚持人民至上。"),
        led("（一）加强监测预警。", "密切关注雨情水情。"),
        led("1.压实责任。", "层层落实。"),
        led("（1）其他。", "按规定执行。"),
        led("一是", "强化值守。"),
        para(Role::Attachment, "附件：1. 防汛责任人名单"),
        para(Role::Attachment, "2. 防汛物资储备清单"),
        para(Role::Signature, SIGNATURE),
        para(Role::Date, DATE),
        para(Role::Note, "（此件公开发布）"),
        Block::Attachment {
            label: "附件1".into(),
            title: vec![text("防汛责任人名单")],
            blocks: vec![
                Block::Heading { level: 1, content: vec![text("一、市级责任人")] },
                para(Role::Body, "张三，市长。"),
            ],
        },
        Block::Attachment {
            label: "附件2".into(),
            title: vec![text("防汛物资储备清单")],
            blocks: vec![para(Role::Body, "编织袋十万条。")],
        },
    ];
    doc
}

fn gongwen(doc: &Document) -> Vec<u8> {
    render_opts(doc, StyleName::Gongwen, false).bytes
}

/// The declarations of the stylesheet's rule for `selector`.
fn rule(css: &str, selector: &str) -> String {
    css.lines()
        .find(|l| l.starts_with(&format!("{selector} {{")))
        .unwrap_or_else(|| panic!("no rule {selector} in\n{css}"))
        .to_owned()
}

/// The value of `property` in a rule or a `style` attribute, as a number of ems (`0` bare).
fn em_value(declarations: &str, property: &str) -> f32 {
    let value = declarations
        .split(&format!("{property}: "))
        .nth(1)
        .and_then(|rest| rest.split([';', ' ', '"']).next())
        .unwrap_or_else(|| panic!("no {property} in {declarations}"));
    value.trim_end_matches("em").parse().unwrap_or_else(|_| panic!("{property}: {value}"))
}

/// Chapter files in spine order, with their XHTML.
fn chapters(bytes: &[u8]) -> Vec<(String, String)> {
    entries(bytes)
        .into_iter()
        .filter(|(name, _, _)| name.starts_with("OEBPS/chapter-"))
        .map(|(name, _, data)| (name, String::from_utf8(data).expect("utf-8")))
        .collect()
}

/// The start tag of the paragraph of `xhtml` whose text opens with `text`.
fn paragraph_with<'x>(xhtml: &'x str, text: &str) -> &'x str {
    let xhtml = xhtml.split_once("<body>").map_or(xhtml, |(_, body)| body);
    let at = xhtml.find(&format!(">{text}")).unwrap_or_else(|| panic!("{text} in\n{xhtml}"));
    let start = xhtml[..at].rfind("<p").expect("paragraph start");
    &xhtml[start..=at]
}

#[test]
fn the_letterhead_decree_and_number_are_set_from_the_official_styles() {
    let style = Style::preset(StyleName::Gongwen);
    let official = style.official;
    let out = gongwen(&notice(true, false));
    let page = entry_text(&out, "OEBPS/titlepage.xhtml");
    let order: Vec<usize> =
        ["<p class=\"letterhead\">某市人民政府文件</p>", "<p class=\"doc-number\">", "<h1"]
            .iter()
            .map(|needle| page.find(needle).unwrap_or_else(|| panic!("{needle} in {page}")))
            .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "版头, number, title in order: {page}");
    let css = entry_text(&out, "OEBPS/stylesheet.css");
    let red = format!("#{}", official.letterhead_color.hex());
    let letterhead = rule(&css, "p.letterhead");
    assert!(letterhead.contains(&format!("color: {red};")), "{letterhead}");
    assert!(letterhead.contains(official.letterhead.face.names().css), "{letterhead}");
    assert!(letterhead.contains("text-align: center;"), "{letterhead}");
    let size = |pt: f32| format!("font-size: {}em;", css::num(pt / style.body.size_pt));
    assert!(letterhead.contains(&size(official.letterhead.size_pt)), "{letterhead}");
    assert!(rule(&css, "p.doc-number").contains(&size(official.doc_number.size_pt)));
    assert!(rule(&css, "p.decree").contains(official.decree.face.names().css));
    assert!(rule(&css, "p.decree.red").contains(&red), "a decree's header red when a 版头 is asked for");
    // §7.2.5: two blank lines of the body's pitch above the number; §7.2.7: the red rule 4 mm below it.
    let pitch = style.body.line_pitch_pt;
    let number = rule(&css, "p.letterhead ~ p.doc-number, p.decree ~ p.doc-number");
    let number_em = official.number_space_lines * pitch / official.doc_number.size_pt;
    assert!((em_value(&number, "margin-top") - number_em).abs() < 0.001, "{number}");
    let ruled = rule(&css, "p.letterhead ~ p.doc-number, p.decree.red ~ p.doc-number");
    assert!(
        ruled.contains(&format!("border-bottom: {}pt solid {red};", css::num(official.rule_pt))),
        "{ruled}"
    );
    let below_em = official.rule_below_number_mm * crate::style::PT_PER_MM / official.doc_number.size_pt;
    assert!((em_value(&ruled, "padding-bottom") - below_em).abs() < 0.001, "{ruled}");
    // §7.3.1: two blank lines between the rule and the title.
    let title = rule(&css, "p.letterhead ~ h1.title, p.decree ~ h1.title");
    let title_em = official.title_space_lines * pitch / style.title.size_pt;
    assert!((em_value(&title, "margin-top") - title_em).abs() < 0.001, "{title}");

    // A decree asked for a 版头: its header is the mark, red, and printed once.
    let mut decree = notice(true, false);
    decree.meta.decree = Some("某市人民政府令".into());
    let page = entry_text(&gongwen(&decree), "OEBPS/titlepage.xhtml");
    assert!(
        page.contains("<p class=\"decree red\">某市人民政府令</p>") && !page.contains("某市人民政府文件"),
        "{page}"
    );

    // Without a 版头, no red mark: the number alone on the line above the title.
    let plain = entry_text(&gongwen(&notice(false, false)), "OEBPS/titlepage.xhtml");
    assert!(!plain.contains("letterhead") && plain.contains("<p class=\"doc-number\">某政发〔2026〕3号</p>"));
    assert_eq!(plain.matches("某政发〔2026〕3号").count(), 1, "the number once: {plain}");
}

#[test]
fn signature_and_date_stand_where_the_closing_insets_put_them() {
    let style = Style::preset(StyleName::Gongwen);
    let closing = style.closing;
    for sealed in [false, true] {
        let out = gongwen(&notice(false, sealed));
        let first = &chapters(&out)[0].1;
        let (signature_right, date_right) = closing.insets(width_em(SIGNATURE), width_em(DATE), sealed);
        let signature = paragraph_with(first, SIGNATURE);
        let date = paragraph_with(first, DATE);
        assert!(signature.starts_with("<p class=\"signature closing\""), "{signature}");
        assert!(date.starts_with("<p class=\"date\""), "{date}");
        assert!((em_value(signature, "margin-right") - signature_right).abs() < 0.001, "{signature}");
        assert!((em_value(date, "margin-right") - date_right).abs() < 0.001, "{date}");
        if !sealed {
            // §7.3.5.2: the date's first character two characters right of the signature's; the date, longer
            // than the signature leaves room for, 右空二字, and the signature moved left.
            let starts = (signature_right + width_em(SIGNATURE)) - (date_right + width_em(DATE));
            assert_eq!((starts, date_right, signature_right), (2.0, 2.0, 5.0));
        }
        // The blank lines above the signature, in the body's line pitch.
        let css = entry_text(&out, "OEBPS/stylesheet.css");
        let space = rule(&css, "p.closing");
        let space_em = closing.space_lines(sealed) * style.body.line_pitch_pt / style.body.size_pt;
        assert!((em_value(&space, "margin-top") - space_em).abs() < 0.001, "sealed {sealed}: {space}");
        assert!(rule(&css, "p.signature, p.date").contains("text-align: right;"));
    }
}

#[test]
fn the_attachment_notes_items_stand_under_the_first_items_number() {
    let style = Style::preset(StyleName::Gongwen);
    let out = gongwen(&notice(false, false));
    let first = &chapters(&out)[0].1;
    assert!(paragraph_with(first, "附件：1.").starts_with("<p class=\"attachment\">"));
    assert!(paragraph_with(first, "2. 防汛").starts_with("<p class=\"attachment-more\">"));
    let css = entry_text(&out, "OEBPS/stylesheet.css");
    let (note, more) = (rule(&css, "p.attachment"), rule(&css, "p.attachment-more"));
    // One blank line above the note, none between its items (GB/T 9704 §7.3.4).
    let blank_em = style.roles.attachment_space_lines * style.body.line_pitch_pt / style.body.size_pt;
    assert!((em_value(&note, "margin-top") - blank_em).abs() < 0.001, "{note}");
    assert_eq!((em_value(&note, "margin-bottom"), em_value(&more, "margin-top")), (0.0, 0.0));
    // `2.` starts where the names of the first line start (after `附件：`), its wrapped name under the name.
    let first_name = em_value(&note, "margin-left");
    let second_start = em_value(&more, "margin-left") + em_value(&more, "text-indent");
    assert_eq!((first_name, second_start), (5.0, 5.0), "{note}\n{more}");
    assert_eq!(em_value(&note, "margin-left") + em_value(&note, "text-indent"), 2.0, "附件 左空二字");
}

#[test]
fn each_attachment_is_a_file_of_its_own_named_in_the_navigation() {
    let style = Style::preset(StyleName::Gongwen);
    let out = gongwen(&notice(false, false));
    let files = chapters(&out);
    assert_eq!(files.len(), 3, "the notice, then one file per attachment");
    for (n, (name, xhtml)) in files.iter().enumerate().skip(1) {
        let label = format!("附件{n}");
        assert!(
            xhtml.contains(&format!(
                "<div class=\"attachment\" id=\"attachment-{n}\">\n<p class=\"attachment-label\">{label}</p>\n\
                 <h1 class=\"attachment-title\">"
            )),
            "{name}: {xhtml}"
        );
        assert!(xhtml.contains(&format!("<title>{label} ")), "the file is named by label and title");
        assert!(!files[0].1.contains(&label), "not in the notice's file");
    }
    let nav = entry_text(&out, "OEBPS/nav.xhtml");
    for (href, title) in [
        ("chapter-002.xhtml#attachment-1", "附件1 防汛责任人名单"),
        ("chapter-003.xhtml#attachment-2", "附件2 防汛物资储备清单"),
    ] {
        assert!(nav.contains(&format!("<a href=\"{href}\">{title}</a>")), "{title} in {nav}");
    }
    // The attachment's own heading is listed under it.
    let under = nav.split("附件1 防汛责任人名单</a>").nth(1).expect("entry");
    assert!(under.trim_start().starts_with("<ol>") && under.contains("一、市级责任人"), "{nav}");
    let css = entry_text(&out, "OEBPS/stylesheet.css");
    let official = style.official;
    let label = rule(&css, "p.attachment-label");
    assert!(
        label.contains(official.attachment_label.face.names().css) && label.contains("text-align: left;")
    );
    assert!(label.contains("text-indent: 0em;"), "顶格: {label}");
    let title = rule(&css, "h1.attachment-title");
    assert!(
        title.contains("text-align: center;") && title.contains(official.attachment_title.face.names().css)
    );
    // On the third line: one blank line of the body's pitch between the label's line and the title's.
    let blank = (official.attachment_title_line - 2) as f32 * style.body.line_pitch_pt;
    let margin = em_value(&title, "margin-top");
    assert!((margin - blank / official.attachment_title.size_pt).abs() < 0.001, "{title}");
}

#[test]
fn run_in_leads_take_the_face_of_their_numbers_level() {
    let style = Style::preset(StyleName::Gongwen);
    let run_in = style.accents.run_in.expect("gongwen sets run-in leads");
    let doc = notice(false, false);
    let out = gongwen(&doc);
    let first = &chapters(&out)[0].1;
    for (level, lead) in
        ["一、总体要求。", "（一）加强监测预警。", "1.压实责任。", "（1）其他。"].iter().enumerate()
    {
        assert!(
            first.contains(&format!("<p><strong class=\"run-in-{level}\">{lead}</strong>")),
            "{lead}: {first}"
        );
    }
    assert!(first.contains("<p><strong>一是</strong>"), "a lead without a number stays strong text");
    let css = entry_text(&out, "OEBPS/stylesheet.css");
    for (level, look) in run_in.iter().enumerate() {
        let declared = rule(&css, &format!("strong.run-in-{level}"));
        let weight = if look.bold { "bold" } else { "normal" };
        assert!(declared.contains(look.face.names().css), "{declared}");
        assert!(declared.contains(&format!("font-weight: {weight};")), "{declared}");
    }
    // The characters are recorded in the lead's face, for the embedded subsets.
    let fonts = crate::fonts::FontBook::new(&[]);
    let options = RenderOptions {
        style: &style,
        fonts: &fonts,
        timestamp: crate::backend::Timestamp::DEFAULT,
        embed_fonts: true,
    };
    let usage = prepare(&doc, &options, &[]).expect("prepared").usage();
    let kai = usage.get(&crate::fonts::Face::Kai).expect("楷体 used");
    assert!("监测预警".chars().all(|c| kai.contains(&c)), "（一）'s lead in 楷体");
}

#[test]
fn the_record_closes_the_last_file_between_its_rules() {
    let style = Style::preset(StyleName::Gongwen);
    let out = gongwen(&notice(false, false));
    let files = chapters(&out);
    let (last, earlier) = files.split_last().expect("files");
    assert!(earlier.iter().all(|(_, x)| !x.contains("class=\"record\"")), "once, in the last file");
    let at = last.1.find("<div class=\"record\">").expect("record");
    assert!(last.1.find("编织袋十万条").expect("attachment text") < at, "after the attachments");
    assert!(last.1[at..].contains(
        "<p class=\"copy-to\">抄送：市委各部门，市人大常委会办公室。</p>\n<p class=\"printing\">\
         <span class=\"printed-by\">某市人民政府办公室</span> <span class=\"printed-on\">2026年11月20日印发</span></p>"
    ));
    let css = entry_text(&out, "OEBPS/stylesheet.css");
    let official = style.official;
    let outer = format!("{}mm solid", css::num(official.record_outer_rule_mm));
    let record = rule(&css, "div.record");
    assert!(
        record.contains(&format!("border-top: {outer}"))
            && record.contains(&format!("border-bottom: {outer}"))
    );
    let inner = rule(&css, "div.record p + p");
    assert!(inner.contains(&format!("border-top: {}mm solid", css::num(official.record_inner_rule_mm))));
    let lines = rule(&css, "div.record p");
    assert!(lines.contains(&format!("padding: 0 {}em;", css::num(official.record_inset_em))), "{lines}");
    assert!(lines.contains(official.record.face.names().css), "{lines}");
    assert!(rule(&css, "p.printing").contains("justify-content: space-between;"));
    // No 版记 without its texts.
    let mut bare = notice(false, false);
    (bare.meta.copy_to, bare.meta.printed_by, bare.meta.printed_on) = (None, None, None);
    assert!(chapters(&gongwen(&bare)).iter().all(|(_, x)| !x.contains("class=\"record\"")));
}

#[test]
fn a_record_alone_still_gets_a_file() {
    let mut doc = Document::default();
    doc.meta.printed_on = Some("2026-11-20".into());
    let files = chapters(&gongwen(&doc));
    assert_eq!(files.len(), 1);
    assert!(files[0].1.contains("<span class=\"printed-on\">2026年11月20日印发</span>"));
}

#[test]
fn complete_notices_pass_epubcheck() {
    let Some(jar) = epubcheck_jar() else {
        crate::skip!("skipping: java or the epubcheck jar is not installed");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let keep = std::env::var_os("PAIBAN_EPUB_SAMPLES");
    for (name, letterhead, sealed, style) in [
        ("notice-letterhead.epub", true, false, StyleName::Gongwen),
        ("notice-sealed.epub", false, true, StyleName::Gongwen),
        ("notice-report.epub", false, false, StyleName::Report),
    ] {
        let bytes = render_opts(&notice(letterhead, sealed), style, true).bytes;
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).expect("write sample");
        if let Some(keep) = &keep {
            std::fs::create_dir_all(keep).expect("samples dir");
            std::fs::write(std::path::Path::new(keep).join(name), &bytes).expect("keep sample");
        }
        let out = std::process::Command::new("java").arg("-jar").arg(&jar).arg(&path).output().expect("runs");
        let report =
            format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(out.status.success(), "{name}:\n{report}");
        assert!(!report.contains("WARNING") && !report.contains("ERROR"), "{name}:\n{report}");
    }
}
