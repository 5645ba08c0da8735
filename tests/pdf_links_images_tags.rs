//! PDF links, images and tags, end to end: a Markdown file with a link that wraps, an internal link, a PNG
//! with transparency, a JPEG and a GIF is read from a folder, rendered, and the PDF is opened again with
//! lopdf (and checked with poppler and qpdf when they are installed).

mod common;

use common::{have, rgba_png};
use lopdf::{Object, ObjectId};
use paiban::fonts::FontBook;
use paiban::layout::lay_out;
use paiban::model::Document;
use paiban::read::markdown::{read_markdown_with, ImageBase};
use paiban::style::{Style, StyleName};
use paiban::{RenderOptions, Timestamp};
use std::path::Path;

const URL: &str = "https://www.w3.org/TR/clreq/";

fn markdown() -> String {
    let long = "中文排版需求".repeat(12);
    format!(
        "# 标题\n\n## 第一章 开始\n\n正文先说几句，然后是一个很长的链接：[{long}]({URL})，它一定会折行。\n\n\
         ![透明的图](a.png)\n\n![照片](b.jpg)\n\n![动图](c.gif)\n\n- 一项\n- 两项\n\n\
         | 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n\n[回到开头](#第一章-开始)\n"
    )
}

/// Writes the Markdown and its images to a folder and reads it back as the CLI would.
fn document() -> (tempfile::TempDir, Document, Vec<paiban::diag::Diagnostic>) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("a.png"), rgba_png(40, 20)).expect("png");
    let jpeg = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny.jpg");
    std::fs::copy(jpeg, dir.path().join("b.jpg")).expect("jpeg");
    // 1 × 1, a two-colour table, one image of three bytes of LZW data, trailer.
    let gif =
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\0\0\0\xff\xff\xff,\0\0\0\0\x01\0\x01\0\0\x02\x02\x44\x01\0;";
    std::fs::write(dir.path().join("c.gif"), gif).expect("gif");
    let base = ImageBase { dir: dir.path(), root: dir.path() };
    let (doc, diagnostics) = read_markdown_with(&markdown(), Some(base));
    (dir, doc, diagnostics)
}

fn render(doc: &Document) -> paiban::backend::Output {
    let style = Style::preset(StyleName::Report);
    let fonts = FontBook::new(&[]);
    let options =
        RenderOptions { style: &style, fonts: &fonts, timestamp: Timestamp::DEFAULT, embed_fonts: true };
    paiban::backend::pdf::render(doc, &options).expect("renders")
}

fn dict<'a>(pdf: &'a lopdf::Document, object: &'a Object) -> &'a lopdf::Dictionary {
    match object {
        Object::Reference(id) => pdf.get_dictionary(*id).expect("dictionary"),
        Object::Dictionary(d) => d,
        other => panic!("not a dictionary: {other:?}"),
    }
}

fn name<'a>(d: &'a lopdf::Dictionary, key: &[u8]) -> &'a [u8] {
    d.get(key).and_then(Object::as_name).unwrap_or(b"")
}

/// Every annotation of every page, with its page number (0-based).
fn annotations(pdf: &lopdf::Document) -> Vec<(usize, &lopdf::Dictionary)> {
    let pages: Vec<ObjectId> = pdf.get_pages().into_values().collect();
    let mut out = Vec::new();
    for (p, id) in pages.iter().enumerate() {
        let page = pdf.get_dictionary(*id).expect("page");
        if let Ok(annots) = page.get(b"Annots").and_then(Object::as_array) {
            out.extend(annots.iter().map(|a| (p, dict(pdf, a))));
        }
    }
    out
}

#[test]
fn a_wrapped_link_gets_one_borderless_uri_annotation_per_line_piece() {
    let (_dir, doc, _) = document();
    let style = Style::preset(StyleName::Report);
    let layout = lay_out(&doc, &style, &FontBook::new(&[])).expect("lays out");
    let target = paiban::link::Target::Web(URL.to_owned());
    let areas: Vec<_> = layout
        .pages
        .iter()
        .flat_map(|p| &p.links)
        .filter(|l| layout.links.get(l.link) == Some(&target))
        .collect();
    assert!(areas.len() >= 2, "the long link wraps: {} pieces", areas.len());
    let pdf = lopdf::Document::load_mem(&render(&doc).bytes).expect("parses");
    let links: Vec<&lopdf::Dictionary> = annotations(&pdf)
        .into_iter()
        .map(|(_, a)| a)
        .filter(|a| name(a, b"Subtype") == b"Link")
        .filter(|a| {
            a.get(b"A").ok().map(|action| dict(&pdf, action)).and_then(|action| action.get(b"URI").ok())
                == Some(&Object::string_literal(URL))
        })
        .collect();
    assert_eq!(links.len(), areas.len());
    let page_height = style.page.height_mm * 72.0 / 25.4;
    for (link, area) in links.iter().zip(&areas) {
        let border: Vec<i64> = link
            .get(b"Border")
            .and_then(Object::as_array)
            .expect("border")
            .iter()
            .map(|o| o.as_i64().expect("int"))
            .collect();
        assert_eq!(border, [0, 0, 0], "no visible box");
        let rect: Vec<f32> = link
            .get(b"Rect")
            .and_then(Object::as_array)
            .expect("rect")
            .iter()
            .map(|o| o.as_float().expect("num"))
            .collect();
        let expected = [area.left_pt, page_height - area.bottom_pt, area.right_pt, page_height - area.top_pt];
        for (got, want) in rect.iter().zip(expected) {
            assert!((got - want).abs() < 0.02, "rect {rect:?} vs {expected:?}");
        }
        // The piece covers a line's worth of the link text, not a sliver.
        assert!(area.right_pt - area.left_pt > 20.0);
    }
}

#[test]
fn an_anchor_link_goes_to_its_heading() {
    let (_dir, doc, _) = document();
    let pdf = lopdf::Document::load_mem(&render(&doc).bytes).expect("parses");
    let internal: Vec<_> = annotations(&pdf).into_iter().filter(|(_, a)| a.get(b"Dest").is_ok()).collect();
    assert_eq!(internal.len(), 1);
    let dest = internal[0].1.get(b"Dest").and_then(Object::as_array).expect("dest");
    let first_page = *pdf.get_pages().get(&1).expect("page 1");
    assert_eq!(dest.first().and_then(|o| o.as_reference().ok()), Some(first_page));
}

#[test]
fn png_and_jpeg_are_embedded_and_a_gif_is_its_alt_text_with_one_warning() {
    let (_dir, doc, reader_diagnostics) = document();
    assert!(reader_diagnostics.is_empty(), "{reader_diagnostics:?}");
    assert_eq!(doc.resources.len(), 3);
    let output = render(&doc);
    let gif: Vec<_> = output.diagnostics.iter().filter(|d| d.message.contains("c.gif")).collect();
    assert_eq!(gif.len(), 1, "{:?}", output.diagnostics);
    assert!(!output.diagnostics.iter().any(|d| d.message.contains("a.png") || d.message.contains("b.jpg")));
    let pdf = lopdf::Document::load_mem(&output.bytes).expect("parses");
    let images: Vec<&lopdf::Dictionary> = pdf
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .map(|s| &s.dict)
        .filter(|d| name(d, b"Subtype") == b"Image")
        .collect();
    // The PNG, its soft mask, the JPEG.
    assert_eq!(images.len(), 3, "{images:?}");
    assert!(images
        .iter()
        .any(|d| name(d, b"Filter") == b"DCTDecode" && name(d, b"ColorSpace") == b"DeviceRGB"));
    let png = images.iter().find(|d| d.get(b"SMask").is_ok()).expect("PNG with a soft mask");
    assert_eq!(png.get(b"Width").and_then(Object::as_i64).ok(), Some(40));
    let drawn = pdf.get_pages().values().any(|&page| {
        // Decompressed by lopdf; `Do` paints an XObject.
        pdf.get_page_content(page).windows(3).any(|w| w == b" Do" || w == b"\nDo")
    });
    assert!(drawn, "images are drawn");
}

#[test]
fn a_figure_is_scaled_to_the_text_width_and_kept_whole_on_a_page() {
    let (_dir, mut doc, _) = document();
    let style = Style::preset(StyleName::Report);
    let fonts = FontBook::new(&[]);
    let text_width = style.page.text_width_mm() * 72.0 / 25.4;
    let text_height = style.page.text_height_mm() * 72.0 / 25.4;
    // A 4000 × 3000 pixel image: wider than the text, so it is scaled down to the text width.
    let big = doc.resources.get_mut("a.png").expect("png");
    (big.width_px, big.height_px) = (4000, 3000);
    let layout = lay_out(&doc, &style, &fonts).expect("lays out");
    let image = layout.pages.iter().flat_map(|p| &p.images).find(|i| i.src == "a.png").expect("placed");
    assert!((image.width_pt - text_width).abs() < 0.01, "{} vs {text_width}", image.width_pt);
    assert!((image.height_pt / image.width_pt - 0.75).abs() < 0.001);
    // A 1 × 10000 pixel strip is taller than the page: scaled down to fit it, never split.
    let strip = doc.resources.get_mut("a.png").expect("png");
    (strip.width_px, strip.height_px) = (1, 10_000);
    let layout = lay_out(&doc, &style, &fonts).expect("lays out");
    let (page, image) = layout
        .pages
        .iter()
        .enumerate()
        .find_map(|(n, p)| p.images.iter().find(|i| i.src == "a.png").map(|i| (n, i)))
        .expect("placed");
    assert!(image.height_pt <= text_height);
    assert!(page >= 1, "moved to a new page");
    let top = style.page.top_mm * 72.0 / 25.4;
    assert!(image.top_pt >= top - 0.01 && image.top_pt + image.height_pt <= top + text_height + 0.01);
}

#[test]
fn the_pdf_is_tagged_with_headings_lists_tables_figures_and_links() {
    let (_dir, doc, _) = document();
    let bytes = render(&doc).bytes;
    let pdf = lopdf::Document::load_mem(&bytes).expect("parses");
    let catalog = pdf.catalog().expect("catalog");
    let mark_info = dict(&pdf, catalog.get(b"MarkInfo").expect("MarkInfo"));
    assert_eq!(mark_info.get(b"Marked").and_then(Object::as_bool).ok(), Some(true));
    assert!(catalog.get(b"StructTreeRoot").is_ok());
    let alts: Vec<String> = pdf
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| name(d, b"S") == b"Figure")
        .filter_map(|d| d.get(b"Alt").ok())
        .map(|alt| match alt {
            Object::String(bytes, _) => {
                let units: Vec<u16> =
                    bytes.chunks_exact(2).skip(1).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
                String::from_utf16_lossy(&units)
            }
            other => panic!("alt is {other:?}"),
        })
        .collect();
    assert!(alts.contains(&"透明的图".to_owned()) && alts.contains(&"照片".to_owned()), "{alts:?}");
    if !have("pdfinfo") {
        paiban::skip!("skipping the poppler part: pdfinfo is not installed");
        return;
    }
    let file = tempfile::NamedTempFile::new().expect("temp");
    std::fs::write(file.path(), &bytes).expect("write");
    let run = |args: &[&str]| {
        let out =
            std::process::Command::new(args[0]).args(&args[1..]).arg(file.path()).output().expect("runs");
        (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let (ok, tree) = run(&["pdfinfo", "-struct-text"]);
    assert!(ok);
    for tag in
        ["H1 (block)", "P (block)", "L (block)", "LI (block)", "Table (block)", "TH", "TD", "Figure", "Link"]
    {
        assert!(tree.contains(tag), "no {tag} in\n{tree}");
    }
    assert!(tree.contains("\"第一章 开始\""), "heading text in the tree:\n{tree}");
    if have("qpdf") {
        let (ok, _) = run(&["qpdf", "--check"]);
        assert!(ok, "qpdf --check");
    }
}
