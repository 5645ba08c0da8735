//! The PDF, the DOCX and the EPUB of one gongwen agree on the looks its style decides, each read back from
//! the file itself: the run-in lead sentence in 黑体 (仿宋 has no bold), emphasis in 楷体 with only its Latin
//! slanted, and the signature and date set flush right, 2 and 4 characters in from the right margin. And the
//! look of links, as each preset and a user's style file decide it.

mod common;

use common::have;
use paiban::fonts::{Face, FontBook};
use paiban::model::{Block, Document, Inline, Role};
use paiban::style::{Rgb, Style, StyleName};
use paiban::zh::chars::width_em;
use paiban::{Format, RenderOptions, Timestamp};

const LEAD: &str = "一是统一标准。";
const EMPHASISED: &str = "参见Nature论文";
const SIGNATURE: &str = "某某市人民政府办公室";
const DATE: &str = "2026年12月7日";

fn document() -> Document {
    let mut doc = Document::default();
    doc.meta.title = Some("关于做好排版工作的通知".into());
    let text = |t: &str| Inline::Text(t.into());
    doc.blocks = vec![
        Block::Paragraph {
            role: Role::Body,
            content: vec![Inline::Strong(vec![text(LEAD)]), text("各单位要按照要求执行。")],
        },
        Block::Paragraph {
            role: Role::Body,
            content: vec![text("正文"), Inline::Emph(vec![text(EMPHASISED)]), text("。")],
        },
        Block::Paragraph { role: Role::Signature, content: vec![text(SIGNATURE)] },
        Block::Paragraph { role: Role::Date, content: vec![text(DATE)] },
    ];
    doc
}

fn render(style: &Style, format: Format) -> Vec<u8> {
    render_doc(&document(), style, format)
}

fn render_doc(doc: &Document, style: &Style, format: Format) -> Vec<u8> {
    let fonts = FontBook::new(&[]);
    let options = RenderOptions { style, fonts: &fonts, timestamp: Timestamp::DEFAULT, embed_fonts: true };
    paiban::backend::render(format, doc, &options).expect("renders").bytes
}

/// The text of the EPUB's first chapter that holds `text`.
fn chapter_with(epub: &[u8], text: &str) -> String {
    let chapters = (1..=9).map(|n| format!("OEBPS/chapter-{n:03}.xhtml"));
    chapters
        .filter_map(|name| common::zip_text(epub, &name))
        .find(|xhtml| xhtml.contains(text))
        .unwrap_or_else(|| panic!("no chapter holds {text}"))
}

/// The text of page 1 of a PDF as runs: (the font's base name, whether it is slanted, the text), runs of
/// one font and slant merged.
fn pdf_runs(bytes: &[u8]) -> Vec<(String, bool, String)> {
    let mut runs: Vec<(String, bool, String)> = Vec::new();
    for run in common::pdf::text_runs(bytes, 1) {
        match runs.last_mut() {
            Some(last) if last.0 == run.font && last.1 == run.slanted => last.2.push_str(&run.text),
            _ => runs.push((run.font, run.slanted, run.text)),
        }
    }
    runs
}

/// The PDF font of the run holding `text`, and whether that run is slanted.
fn pdf_face_of<'a>(runs: &'a [(String, bool, String)], text: &str) -> (&'a str, bool) {
    runs.iter()
        .find(|(_, _, t)| t.contains(text))
        .map(|(font, slanted, _)| (font.as_str(), *slanted))
        .unwrap_or_else(|| panic!("no run holds {text}: {runs:?}"))
}

/// The PostScript name of a bundled face, as a PDF's `BaseFont` ends.
fn postscript(face: Face) -> &'static str {
    match face {
        Face::Sans => "NotoSansSC-Regular",
        Face::Kai => "FandolKai-Regular",
        Face::Fang => "FandolFang-Regular",
        other => panic!("not used here: {other:?}"),
    }
}

#[test]
fn lead_sentence_emphasis_and_closing_block_agree_in_pdf_docx_and_epub() {
    let style = Style::preset(StyleName::Gongwen);
    let accents = style.accents;
    let lead_face = accents.strong(style.body.face).0;
    let emph_face = accents.emph(style.body.face);
    assert_eq!(
        (lead_face, emph_face),
        (Face::Sans, Face::Kai),
        "GB/T 9704 practice: 黑体 leads, 楷体 emphasis"
    );

    // PDF: the fonts the text is drawn in, read from the content stream and each font's ToUnicode map.
    let runs = pdf_runs(&render(&style, Format::Pdf));
    let (font, _) = pdf_face_of(&runs, "统一标准");
    assert!(font.ends_with(postscript(lead_face)), "PDF lead sentence in {font}");
    let (font, slanted) = pdf_face_of(&runs, "论文");
    assert!(font.ends_with(postscript(emph_face)) && !slanted, "PDF emphasised Han in {font}, upright");
    let (font, slanted) = pdf_face_of(&runs, "Nature");
    assert!(font.ends_with(postscript(emph_face)) && slanted, "PDF emphasised Latin in {font}, slanted");

    // DOCX: the character styles name the same office faces; only the Latin run is italic.
    let docx = render(&style, Format::Docx);
    let styles = common::zip_text(&docx, "word/styles.xml").expect("word/styles.xml");
    let char_style = |id: &str| {
        let start = styles.find(&format!(r#"w:styleId="{id}""#)).expect(id);
        styles[start..].split("</w:style>").next().expect("style").to_owned()
    };
    let office = |face: Face| face.names().office_gb2312.name;
    assert!(char_style("RunInHeading").contains(&format!(r#"w:eastAsia="{}""#, office(lead_face))));
    let emphasis = char_style("Emphasis");
    assert!(emphasis.contains(&format!(r#"w:eastAsia="{}""#, office(emph_face))), "{emphasis}");
    assert!(!emphasis.contains("<w:i/>") && !emphasis.contains("w:em "), "{emphasis}");
    let body = common::zip_text(&docx, "word/document.xml").expect("word/document.xml");
    let run_of = |text: &str| {
        let at = body.find(text).unwrap_or_else(|| panic!("{text} in the DOCX"));
        let start = body[..at].rfind("<w:r>").expect("run start");
        body[start..at].to_owned()
    };
    assert!(
        run_of("Nature").contains("<w:i />") || run_of("Nature").contains("<w:i/>"),
        "{}",
        run_of("Nature")
    );
    assert!(!run_of("论文").contains("<w:i"), "{}", run_of("论文"));

    // EPUB: the stylesheet sets the same faces, upright, and only the Latin run is marked for slanting.
    let epub = render(&style, Format::Epub);
    let css = common::zip_text(&epub, "OEBPS/stylesheet.css").expect("OEBPS/stylesheet.css");
    let rule = |selector: &str| {
        css.lines()
            .find(|l| l.starts_with(&format!("{selector} {{")))
            .unwrap_or_else(|| panic!("{selector}"))
            .to_owned()
    };
    assert!(rule("strong").contains(lead_face.names().css) && rule("strong").contains("font-weight: normal"));
    assert!(rule("em").contains(emph_face.names().css) && rule("em").contains("font-style: normal"));
    assert!(rule("em span.latin").contains("italic"));
    let xhtml = chapter_with(&epub, "Nature");
    assert!(xhtml.contains(r#"<em>参见<span class="latin">Nature</span>论文</em>"#), "{xhtml}");

    // Signature and date: the style's distances, in characters, in all three.
    let closing = style.closing;
    assert_eq!((closing.signature_right_em, closing.date_right_em), (2.0, 4.0));
    // EPUB: each line's inset from `Closing::insets`, on the paragraph (it depends on the texts' widths).
    let width = paiban::zh::chars::width_em;
    let (signature_em, date_em) = closing.insets(width(SIGNATURE), width(DATE), false);
    let closing_xhtml = chapter_with(&epub, SIGNATURE);
    for (text, em) in [(SIGNATURE, signature_em), (DATE, date_em)] {
        assert!(
            closing_xhtml.contains(&format!("style=\"margin-right: {em}em;\">{text}<")),
            "{closing_xhtml}"
        );
    }
    for (id, em) in [("Signature", closing.signature_right_em), ("ClosingDate", closing.date_right_em)] {
        let s = char_style(id);
        assert!(s.contains(&format!(r#"w:rightChars="{}""#, em * 100.0)), "{s}");
    }
    if !have("pdftotext") {
        paiban::skip!("skipping the PDF closing-block positions: pdftotext is not installed");
        return;
    }
    let file = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(file.path(), render(&style, Format::Pdf)).expect("write");
    let out = std::process::Command::new("pdftotext").args(["-bbox"]).arg(file.path()).arg("-").output();
    let html = String::from_utf8(out.expect("pdftotext runs").stdout).expect("utf-8");
    let right_edge = |word: &str| {
        html.lines()
            .find(|l| l.contains(&format!(">{word}</word>")))
            .and_then(|l| l.split("xMax=\"").nth(1))
            .and_then(|r| r.split('"').next())
            .and_then(|v| v.parse::<f32>().ok())
            .unwrap_or_else(|| panic!("{word} in the PDF"))
    };
    // The type area's right edge, and the body size (the grid's character cell is a hair wider).
    let right_margin_pt = (style.page.width_mm - style.page.right_mm) * 72.0 / 25.4;
    let cell = style.page.text_width_mm() * 72.0 / 25.4 / 28.0;
    // The PDF places them by `Closing::insets` (GB/T 9704 §7.3.5.2), from their measured widths.
    let (signature_em, date_em) = (width_em(SIGNATURE), width_em(DATE));
    let (signature_right, date_right) = closing.insets(signature_em, date_em, false);
    for (word, em) in [(SIGNATURE, signature_right), (DATE, date_right)] {
        let inset = (right_margin_pt - right_edge(word)) / cell;
        assert!((inset - em).abs() < 0.2, "{word} sits {inset:.2} characters in, not {em}");
    }
}

const LINK_TEXT: &str = "排版规范";

/// A paragraph with a web link and a footnote, whose reference is no link in the model's sense.
fn linked_document() -> Document {
    let mut doc = Document::default();
    doc.meta.title = Some("链接".into());
    let text = |t: &str| Inline::Text(t.into());
    let content = vec![
        text("详见"),
        Inline::Link { url: "https://example.org/".into(), content: vec![text(LINK_TEXT)] },
        text("。"),
        Inline::Note(vec![Block::paragraph("注文。")]),
    ];
    doc.blocks = vec![Block::Paragraph { role: Role::Body, content }];
    doc
}

/// A colour as the PDF's operators give it, from 0 to 1.
fn unit(color: Option<Rgb>) -> [f32; 3] {
    color.map_or([0.0; 3], |c| c.0.map(|v| f32::from(v) / 255.0))
}

fn near(a: [f32; 3], b: [f32; 3]) -> bool {
    a.iter().zip(b).all(|(x, y)| (x - y).abs() < 0.003)
}

/// Checks that the PDF, the DOCX and the EPUB of [`linked_document`] set its link as `style.links` says,
/// and the text around it and the footnote reference as before.
fn check_link_look(style: &Style, label: &str) {
    let doc = linked_document();
    let links = style.links;

    // PDF: the link's glyphs filled in the colour, the text around it in black; an underline stroked just
    // under the link's baseline, in the same colour, if the style has one.
    let pdf = render_doc(&doc, style, Format::Pdf);
    let runs = common::pdf::text_runs(&pdf, 1);
    let run = |text: &str| {
        runs.iter().find(|r| r.text.contains(text)).unwrap_or_else(|| panic!("{label}: {text} in {runs:?}"))
    };
    let link = run(LINK_TEXT);
    assert!(near(link.fill, unit(links.color)), "{label}: PDF link filled {:?}", link.fill);
    assert!(near(run("详见").fill, [0.0; 3]), "{label}: the text before the link stays black");
    assert!(near(run("①").fill, [0.0; 3]), "{label}: the footnote marker is no link");
    let underlines: Vec<_> = common::pdf::stroked_lines(&pdf, 1)
        .into_iter()
        .filter(|l| l.from.1 < link.y && l.from.1 > link.y - 0.3 * link.size && l.from.1 == l.to.1)
        .collect();
    assert_eq!(!underlines.is_empty(), links.underline, "{label}: PDF underlines {underlines:?}");
    for line in &underlines {
        assert!(near(line.color, unit(links.color)), "{label}: underline in {:?}", line.color);
        assert!(line.from.0 >= link.x - 0.5 && line.to.0 > line.from.0, "{label}: {line:?} under {link:?}");
    }

    // DOCX: the link's runs take the Hyperlink character style, which says the colour and the underline.
    let docx = render_doc(&doc, style, Format::Docx);
    let styles = common::zip_text(&docx, "word/styles.xml").expect("word/styles.xml");
    let start = styles.find(r#"w:styleId="Hyperlink""#).expect("a Hyperlink style");
    let hyperlink = styles[start..].split("</w:style>").next().expect("style");
    let hex = links
        .color
        .map_or_else(|| "auto".to_owned(), |c| format!("{:02X}{:02X}{:02X}", c.0[0], c.0[1], c.0[2]));
    assert!(hyperlink.contains(&format!(r#"<w:color w:val="{hex}"/>"#)), "{label}: {hyperlink}");
    let u = if links.underline { "single" } else { "none" };
    assert!(hyperlink.contains(&format!(r#"<w:u w:val="{u}"/>"#)), "{label}: {hyperlink}");
    let body = common::zip_text(&docx, "word/document.xml").expect("word/document.xml");
    let at = body.find(LINK_TEXT).expect("the link text in the DOCX");
    let run_start = body[..at].rfind("<w:r>").expect("its run");
    assert!(body[run_start..at].contains(r#"w:val="Hyperlink""#), "{label}: {}", &body[run_start..at]);
    assert!(body[..run_start].contains("<w:hyperlink"), "{label}: the run is inside a hyperlink");

    // EPUB: the link marked `a.link`, whose rule says the same; the note reference has its own class.
    let epub = render_doc(&doc, style, Format::Epub);
    let css = common::zip_text(&epub, "OEBPS/stylesheet.css").expect("OEBPS/stylesheet.css");
    let color = links.color.map_or_else(|| "inherit".to_owned(), |_| format!("#{hex}"));
    let decoration = if links.underline { "underline" } else { "none" };
    let rule = format!("a.link {{ color: {color}; text-decoration: {decoration}; }}");
    assert!(css.lines().any(|l| l == rule), "{label}: no `{rule}` in\n{css}");
    let xhtml = chapter_with(&epub, LINK_TEXT);
    assert!(
        xhtml.contains(&format!(r#"<a class="link" href="https://example.org/">{LINK_TEXT}</a>"#)),
        "{xhtml}"
    );
    assert!(xhtml.contains(r#"<a class="noteref""#), "{label}: {xhtml}");
}

#[test]
fn link_look_agrees_in_pdf_docx_and_epub_and_follows_a_users_style() {
    // Printed documents show links as their text; the report a restrained colour.
    let gongwen = Style::preset(StyleName::Gongwen);
    assert_eq!((gongwen.links.color, gongwen.links.underline), (None, false));
    check_link_look(&gongwen, "gongwen");
    let report = Style::preset(StyleName::Report);
    assert!(report.links.color.is_some());
    check_link_look(&report, "report");

    // A style file changing only the links changes them in all three.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("links.toml");
    std::fs::write(&path, "base = \"report\"\n[links]\ncolor = \"#C00000\"\nunderline = true\n")
        .expect("write");
    let mine = paiban::style::load(&path).expect("the style file reads");
    assert_eq!((mine.links.color, mine.links.underline), (Some(Rgb([0xC0, 0, 0])), true));
    assert_eq!(Style { links: report.links, ..mine.clone() }, report, "only the links changed");
    check_link_look(&mine, "a user's style");
}
