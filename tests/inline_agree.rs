//! The PDF, the DOCX and the EPUB of one document agree on in-document links and on superscript and
//! subscript, each read back from the file itself: a link to a heading lands on that heading in all three
//! (a PDF destination at the heading, a DOCX bookmark around it, an EPUB fragment naming it), and `2ⁿ⁻¹`
//! and `H₂O` are set raised and lowered at the style's size and distances.

mod common;

use lopdf::Object;
use paiban::fonts::FontBook;
use paiban::link::slug;
use paiban::model::{Block, Document, Inline, Role};
use paiban::style::{Style, StyleName};
use paiban::{Format, RenderOptions, Timestamp};

const TARGET: &str = "二、具体措施";

fn document() -> Document {
    let text = |t: &str| Inline::Text(t.into());
    let mut doc = Document::default();
    doc.meta.title = Some("链接与上下标".into());
    doc.blocks = vec![
        Block::Heading { level: 1, content: vec![text("一、总体要求")] },
        Block::Paragraph {
            role: Role::Body,
            content: vec![
                text("详见"),
                Inline::Link { url: format!("#{}", slug(TARGET)), content: vec![text("具体措施")] },
                text("。有符号整数可以储存到2"),
                Inline::Superscript(vec![text("n-1")]),
                text("，水的化学式是H"),
                Inline::Subscript(vec![text("2")]),
                text("O。"),
            ],
        },
        Block::Heading { level: 1, content: vec![text(TARGET)] },
        Block::paragraph("各单位按照要求执行。"),
    ];
    doc
}

fn render(style: &Style, format: Format) -> Vec<u8> {
    let fonts = FontBook::new(&[]);
    let options = RenderOptions { style, fonts: &fonts, timestamp: Timestamp::DEFAULT, embed_fonts: true };
    paiban::backend::render(format, &document(), &options).expect("renders").bytes
}

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() < 0.05
}

#[test]
fn links_to_headings_land_on_the_heading_in_pdf_docx_and_epub() {
    let style = Style::preset(StyleName::Report);

    // PDF: the link's destination is on the page of the heading, at or just above its baseline.
    let pdf = render(&style, Format::Pdf);
    let lo = lopdf::Document::load_mem(&pdf).expect("lopdf reads it");
    let pages = lo.get_pages();
    let mut destinations = Vec::new();
    for (&number, &page) in &pages {
        let dict = lo.get_dictionary(page).expect("page");
        let Ok(annots) = dict.get(b"Annots").and_then(Object::as_array) else { continue };
        for annot in annots {
            let annot = lo.dereference(annot).expect("annotation").1.as_dict().expect("dict");
            let Ok(dest) = annot.get(b"Dest").and_then(Object::as_array) else { continue };
            let target = dest[0].as_reference().expect("a page");
            let top = dest.get(3).and_then(|o| o.as_float().ok()).expect("a top");
            let target_number = pages.iter().find(|(_, &id)| id == target).map(|(&n, _)| n).expect("a page");
            destinations.push((number, target_number, top));
        }
    }
    assert_eq!(destinations.len(), 1, "one link: {destinations:?}");
    let (_, target_page, top) = destinations[0];
    let runs = common::pdf::text_runs(&pdf, target_page);
    let heading =
        runs.iter().find(|r| r.text.contains(TARGET)).expect("the heading on the destination's page");
    let size = style.heading(1).size_pt;
    assert!(
        top >= heading.y && top <= heading.y + 2.0 * size,
        "destination {top} vs heading baseline {}",
        heading.y
    );

    // DOCX: the hyperlink's anchor is the bookmark that opens the heading's paragraph.
    let docx = render(&style, Format::Docx);
    let body = common::zip_text(&docx, "word/document.xml").expect("document.xml");
    let anchor =
        body.split("w:anchor=\"").nth(1).and_then(|r| r.split('"').next()).expect("a hyperlink anchor");
    let bookmark = format!("w:name=\"{anchor}\"");
    let at = body.find(&bookmark).unwrap_or_else(|| panic!("no bookmark {anchor}"));
    let paragraph_end = at + body[at..].find("</w:p>").expect("paragraph end");
    assert!(body[at..paragraph_end].contains(TARGET), "bookmark {anchor} is not on the heading");

    // EPUB: the link's fragment names the heading's element in the file the link names.
    let epub = render(&style, Format::Epub);
    let chapters: Vec<(String, String)> = (1..=9)
        .filter_map(|n| {
            let name = format!("chapter-{n:03}.xhtml");
            Some((name.clone(), common::zip_text(&epub, &format!("OEBPS/{name}"))?))
        })
        .collect();
    let href = chapters
        .iter()
        .find_map(|(_, x)| {
            x.split("<a class=\"link\" href=\"").nth(1).and_then(|r| r.split('"').next()).map(str::to_owned)
        })
        .expect("a link");
    let (file, id) = href.split_once('#').expect("a fragment");
    let (_, xhtml) = chapters.iter().find(|(name, _)| name == file).expect("the linked file");
    let element = xhtml.find(&format!("id=\"{id}\"")).expect("the fragment's element");
    let closing = element + xhtml[element..].find("</h").expect("a heading");
    assert!(xhtml[element..closing].contains(TARGET), "{href} names no heading {TARGET}");
}

#[test]
fn superscript_and_subscript_are_set_alike_in_pdf_docx_and_epub() {
    let style = Style::preset(StyleName::Report);
    let scripts = style.scripts;
    let body = style.body.size_pt;

    // PDF: smaller, and raised or lowered from the baseline of the text around them.
    let runs = common::pdf::text_runs(&render(&style, Format::Pdf), 1);
    let run = |text: &str| {
        runs.iter().find(|r| r.text == text).unwrap_or_else(|| panic!("no run {text}: {runs:?}"))
    };
    let base = runs.iter().find(|r| r.text.contains("储存到2")).expect("the paragraph");
    let (sup, sub) = (run("n-1"), run("2"));
    assert!(close(sup.size, body * scripts.size_ratio) && close(sub.size, body * scripts.size_ratio));
    assert!(close(sup.y - base.y, body * scripts.superscript_rise_em), "raised {}", sup.y - base.y);
    assert!(close(base.y - sub.y, body * scripts.subscript_drop_em), "lowered {}", base.y - sub.y);

    // DOCX: the runs are marked superscript and subscript.
    let docx = common::zip_text(&render(&style, Format::Docx), "word/document.xml").expect("document.xml");
    let run_props = |text: &str| {
        let at = docx.find(&format!(">{text}</w:t>")).unwrap_or_else(|| panic!("{text} in the DOCX"));
        let start = docx[..at].rfind("<w:r>").expect("run start");
        docx[start..at].to_owned()
    };
    assert!(run_props("n-1").contains("<w:vertAlign w:val=\"superscript\""), "{}", run_props("n-1"));
    assert!(run_props("2").contains("<w:vertAlign w:val=\"subscript\""), "{}", run_props("2"));

    // EPUB: the elements, and the stylesheet's size and distances (in ems of the smaller text).
    let epub = render(&style, Format::Epub);
    let xhtml = common::zip_text(&epub, "OEBPS/chapter-001.xhtml").expect("chapter 1");
    assert!(xhtml.contains("2<sup>n-1</sup>") && xhtml.contains("H<sub>2</sub>O"), "{xhtml}");
    let css = common::zip_text(&epub, "OEBPS/stylesheet.css").expect("stylesheet");
    let em = |v: f32| format!("{:.3}", v).trim_end_matches('0').trim_end_matches('.').to_owned();
    assert!(css.contains(&format!("sup, sub {{ font-size: {}em;", em(scripts.size_ratio))), "{css}");
    let rise = em(scripts.superscript_rise_em / scripts.size_ratio);
    let drop = em(scripts.subscript_drop_em / scripts.size_ratio);
    assert!(css.contains(&format!("sup {{ vertical-align: {rise}em; }}")), "{css}");
    assert!(css.contains(&format!("sub {{ vertical-align: -{drop}em; }}")), "{css}");
}
