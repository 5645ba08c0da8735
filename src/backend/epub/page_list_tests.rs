//! Tests of the page list: an EPUB made with the PDF marks where each of the PDF's pages begins.

use super::tests::{entries, entry_text, epubcheck_jar};
use super::*;
use crate::backend::{render_all, Format, Timestamp};
use crate::fonts::FontBook;
use crate::model::{Inline, Role};
use crate::style::{Style, StyleName};

/// A book of three chapters of long paragraphs with notes, emphasis, inline code and a line break, so
/// that pages begin inside paragraphs, after markup and past notes.
fn book() -> Document {
    let mut doc = Document::default();
    doc.meta.title = Some("页码对照".into());
    let sentence = "春风又绿江南岸，明月何时照我还。京口瓜洲一水间，钟山只隔数重山。";
    for chapter in ["第一回", "第二回", "第三回"] {
        doc.blocks.push(Block::Heading { level: 1, content: vec![Inline::Text(chapter.into())] });
        for k in 0..6 {
            let content = vec![
                Inline::Text(sentence.repeat(6)),
                Inline::Emph(vec![Inline::Text(format!("第{k}段着重。"))]),
                Inline::Note(vec![Block::paragraph("注文不入正文的字数。")]),
                Inline::Text(sentence.repeat(5)),
                Inline::Code("code".into()),
                Inline::LineBreak,
                Inline::Text(sentence.repeat(4)),
            ];
            doc.blocks.push(Block::Paragraph { role: Role::Body, content });
        }
    }
    doc
}

/// The PDF's layout and the EPUB made with it, in `style`.
fn made_together(doc: &Document, style: &Style) -> (crate::layout::Layout, Vec<u8>) {
    let fonts = FontBook::new(&[]);
    let options = RenderOptions { style, fonts: &fonts, timestamp: Timestamp::DEFAULT, embed_fonts: false };
    let layout = crate::layout::lay_out(doc, style, &fonts).expect("lays out");
    let mut outputs = render_all(&[Format::Pdf, Format::Epub], doc, &options);
    let epub = outputs.pop().expect("the EPUB").expect("renders").bytes;
    (layout, epub)
}

/// The characters of `xhtml` after the element with id `id`, markup and note references left out.
fn text_after(xhtml: &str, id: &str) -> String {
    let at = xhtml.find(&format!("id=\"{id}\"")).expect("the marker");
    let rest = xhtml.get(at..).unwrap_or_default();
    let rest = rest.get(rest.find('>').map_or(0, |k| k + 1)..).unwrap_or_default();
    let mut text = String::new();
    let mut in_tag = false;
    let mut in_noteref = false;
    for ch in rest.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            '[' if !in_tag => in_noteref = true,
            ']' if !in_tag => in_noteref = false,
            c if !in_tag && !in_noteref && !c.is_whitespace() => text.push(c),
            _ => {}
        }
        if text.chars().count() >= 6 {
            break;
        }
    }
    text
}

#[test]
fn each_page_of_the_pdf_is_marked_where_its_first_line_begins() {
    let doc = book();
    let style = Style::preset(StyleName::Book);
    let (layout, epub) = made_together(&doc, &style);
    assert!(layout.pages.len() >= 8, "{} pages", layout.pages.len());
    let nav = entry_text(&epub, "OEBPS/nav.xhtml");
    let list = nav.split("<nav epub:type=\"page-list\"").nth(1).expect("a page list");
    let hrefs: Vec<&str> = list.split("href=\"").skip(1).filter_map(|s| s.split('"').next()).collect();
    assert_eq!(hrefs.len(), layout.pages.len(), "one entry per page");
    for (k, href) in hrefs.iter().enumerate() {
        let n = k + 1;
        let (file, id) = href.split_once('#').expect("file#id");
        assert_eq!(id, format!("page-{n}"), "in page order");
        let xhtml = entry_text(&epub, &format!("OEBPS/{file}"));
        assert!(
            xhtml.contains(&format!(
                "<span epub:type=\"pagebreak\" id=\"page-{n}\" role=\"doc-pagebreak\" aria-label=\"{n}\"/>"
            )),
            "page {n} in {file}"
        );
        // A blank page begins where the next page with text does.
        let page = layout.pages.iter().skip(k).find(|p| !p.blank).expect("a page with text");
        let first: String = page.lines.first().map(|l| l.line.text()).unwrap_or_default();
        // The PDF's note markers (①) are the EPUB's note references, which `text_after` leaves out.
        let is_note_marker = |c: &char| ('\u{2460}'..='\u{2473}').contains(c);
        let first: String =
            first.chars().filter(|c| !c.is_whitespace() && !is_note_marker(c)).take(6).collect();
        assert!(!first.is_empty(), "page {n} has text");
        let after: String = text_after(&xhtml, id).chars().take(first.chars().count()).collect();
        assert_eq!(after, first, "page {n}: the EPUB goes on as the PDF's page begins");
    }
    assert!(marks_between_characters(&epub) > 0, "pages begin inside paragraphs, at the character");
}

/// How many markers stand between two characters of text (not before an element or at a paragraph's
/// start).
fn marks_between_characters(epub: &[u8]) -> usize {
    entries(epub)
        .into_iter()
        .filter(|(name, _, _)| name.starts_with("OEBPS/chapter-"))
        .map(|(_, _, data)| {
            let xhtml = String::from_utf8(data).expect("utf-8");
            let pieces: Vec<&str> = xhtml.split("<span epub:type=\"pagebreak\"").collect();
            pieces.iter().take(pieces.len().saturating_sub(1)).filter(|before| !before.ends_with('>')).count()
        })
        .sum()
}

#[test]
fn the_package_names_the_pdf_as_the_source_of_its_pages_and_says_so_in_its_summary() {
    let doc = book();
    let style = Style::preset(StyleName::Book);
    let (layout, epub) = made_together(&doc, &style);
    let opf = entry_text(&epub, "OEBPS/content.opf");
    let pages = layout.pages.len();
    assert!(
        opf.contains(&format!(
            "<dc:source id=\"pagination-source\">页码对照（PDF，共 {pages} 页）</dc:source>"
        )),
        "{opf}"
    );
    assert!(opf.contains("<meta refines=\"#pagination-source\" property=\"source-of\">pagination</meta>"));
    assert!(opf.contains("<meta property=\"schema:accessibilityFeature\">pageBreakMarkers</meta>"));
    assert!(opf.contains("<meta property=\"schema:accessibilityFeature\">pageNavigation</meta>"));
    assert!(opf.contains("页码与同时生成的 PDF 一致"), "{opf}");
    // The same run again gives the same bytes.
    assert!(made_together(&doc, &style).1 == epub, "deterministic");
}

#[test]
fn an_epub_made_without_the_pdf_claims_no_pages() {
    let style = Style::preset(StyleName::Book);
    let fonts = FontBook::new(&[]);
    let options =
        RenderOptions { style: &style, fonts: &fonts, timestamp: Timestamp::DEFAULT, embed_fonts: false };
    let alone = render_all(&[Format::Epub], &book(), &options).pop().expect("one").expect("renders").bytes;
    assert!(!entry_text(&alone, "OEBPS/nav.xhtml").contains("page-list"));
    let opf = entry_text(&alone, "OEBPS/content.opf");
    assert!(
        !opf.contains("dc:source") && !opf.contains("pageBreakMarkers") && !opf.contains("页码与"),
        "{opf}"
    );
}

#[test]
fn paginated_books_pass_epubcheck_across_and_vertical() {
    let Some(jar) = epubcheck_jar() else {
        crate::skip!("skipping: java or the epubcheck jar is not installed");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    for vertical in [false, true] {
        let mut style = Style::preset(StyleName::Book);
        style.vertical = vertical;
        let (_, epub) = made_together(&book(), &style);
        let path = dir.path().join(format!("paged-{vertical}.epub"));
        std::fs::write(&path, &epub).expect("write");
        let out = std::process::Command::new("java").arg("-jar").arg(&jar).arg(&path).output().expect("runs");
        let report =
            format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(out.status.success(), "vertical {vertical}:\n{report}");
        assert!(!report.contains("WARNING") && !report.contains("ERROR"), "vertical {vertical}:\n{report}");
    }
}
