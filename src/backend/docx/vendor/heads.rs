//! Running heads (书眉) the way Word and LibreOffice both show them: one section per chapter, whose odd-page
//! header holds the chapter's title as text and whose first page (the chapter's opening) has no head. A
//! `STYLEREF` field would need one section only, but LibreOffice 7.4 shows its cached text, never the
//! current chapter. Even pages name the book. The section before the first chapter holds the title block:
//! with a title page of its own, its first page has neither head nor folio.
//!
//! docx-rs writes one section with at most one header of each kind, so these parts are written here: the
//! body marks where each section ends ([`section_mark`]), and [`apply`] writes the header parts, the
//! opening pages' footers and every section's properties, its page geometry copied from the section
//! docx-rs wrote.

use super::super::xml_escape;
use docx_rs::XMLDocx;
use memchr::memmem;

/// The running heads of a book.
pub(in crate::backend::docx) struct Heads {
    /// The head of even pages: the book's title; `None` for an untitled book, whose even pages name the
    /// chapter too (a file name is never printed as a title).
    pub book: Option<String>,
    /// The title block stands on a page of its own (the first chapter breaks): no head, no folio there.
    pub title_page: bool,
    /// The folio of a chapter's opening page, which has no head (a paragraph as footers hold it).
    pub opening_folio: Vec<u8>,
    /// Chapters open on a recto (odd) page: each chapter's section starts with an odd-page break
    /// (`w:type` `oddPage`), Word and LibreOffice putting a blank page before it where needed.
    pub recto: bool,
    /// The heads are shown; `false` for a style that has none but opens chapters on recto pages, whose
    /// sections only carry the odd-page break.
    pub running: bool,
    /// The odd-page head of each section: the book's title before the first chapter, then each chapter's.
    pub(super) sections: Vec<String>,
}

impl Heads {
    /// Heads for a book titled `book`.
    pub fn new(book: Option<String>, title_page: bool, recto: bool, opening_folio: Vec<u8>) -> Self {
        let sections = vec![book.clone().unwrap_or_default()];
        Heads { book, title_page, opening_folio, recto, running: true, sections }
    }

    /// No heads, one section per chapter so that each chapter opens on a recto page.
    pub fn recto_sections() -> Self {
        let sections = vec![String::new()];
        Heads {
            book: None,
            title_page: false,
            opening_folio: Vec::new(),
            recto: true,
            running: false,
            sections,
        }
    }
}

/// What the body holds where section `n` ends, replaced by its properties in [`apply`].
pub(super) fn section_mark(n: usize) -> String {
    format!(r#"<w:sectPr w:paibanSection="{n}"/>"#)
}

/// The paragraph that ends section `n`: as low as Word lets a paragraph be, off the grid, so that it does
/// not push the end of a chapter onto a page of its own.
pub(super) fn section_end(n: usize) -> Vec<u8> {
    let props = r#"<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>"#;
    format!("<w:p><w:pPr>{props}{}</w:pPr></w:p>", section_mark(n)).into_bytes()
}

const HEADER_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml";
const FOOTER_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml";
const REL_BASE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Writes the header parts and the opening pages' footers into `xml`, and every section's properties into
/// `document` (the section marks and the body's last `w:sectPr`); `None` if docx-rs's footer or section is
/// not as expected.
pub(super) fn apply(xml: &mut XMLDocx, document: &mut Vec<u8>, heads: &Heads) -> Option<()> {
    if !heads.running {
        return recto_sections(document, heads.sections.len());
    }
    // Footers' root element (with every namespace docx-rs's paragraphs use), for our headers and footers.
    let footer = xml.footers.first()?;
    let root_end = memmem::find(footer, b"<w:p")?;
    let root = std::str::from_utf8(footer.get(..root_end)?).ok()?.to_owned();
    let header_root = root.replacen("<w:ftr ", "<w:hdr ", 1);
    let part = |root: &str, close: &str, content: &str| format!("{root}{content}{close}").into_bytes();
    let head = |text: &str| {
        let text = xml_escape(&text.split_whitespace().collect::<Vec<_>>().join("\u{3000}"));
        format!(
            r#"<w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#
        )
    };
    let mut types = String::new();
    let mut rels = String::new();
    let mut add = |kind: &str, content: Vec<u8>, xml: &mut XMLDocx| {
        let (list, content_type) =
            if kind == "header" { (&mut xml.headers, HEADER_TYPE) } else { (&mut xml.footers, FOOTER_TYPE) };
        list.push(content);
        let n = list.len();
        let id = format!("rIdPaiban{kind}{n}");
        types.push_str(&format!(
            r#"<Override PartName="/word/{kind}{n}.xml" ContentType="{content_type}" />"#
        ));
        rels.push_str(&format!(
            r#"<Relationship Id="{id}" Type="{REL_BASE}/{kind}" Target="{kind}{n}.xml" />"#
        ));
        id
    };
    let empty_header = add("header", part(&header_root, "</w:hdr>", "<w:p/>"), xml);
    let book =
        heads.book.as_ref().map(|book| add("header", part(&header_root, "</w:hdr>", &head(book)), xml));
    let folio = std::str::from_utf8(&heads.opening_folio).ok()?;
    let opening_footer = add("footer", part(&root, "</w:ftr>", folio), xml);
    let title_footer = if heads.title_page {
        add("footer", part(&root, "</w:ftr>", "<w:p/>"), xml)
    } else {
        opening_footer.clone()
    };
    let mut odd_heads = Vec::with_capacity(heads.sections.len());
    for (n, title) in heads.sections.iter().enumerate() {
        let id = match &book {
            Some(book) if n == 0 && Some(title) == heads.book.as_ref() => book.clone(),
            _ if title.is_empty() => empty_header.clone(),
            _ => add("header", part(&header_root, "</w:hdr>", &head(title)), xml),
        };
        odd_heads.push(id);
    }

    // The section docx-rs wrote: its footer references and its page geometry.
    let (section, inner) = body_section(document)?;
    let mut footers = String::new();
    let (mut geometry, mut grid) = (String::new(), String::new());
    let mut rest = inner.as_str();
    while let Some(start) = rest.find('<') {
        let end = start + rest.get(start..)?.find("/>")? + 2;
        let element = rest.get(start..end)?;
        if element.starts_with("<w:footerReference") {
            footers.push_str(element);
        } else if element.starts_with("<w:docGrid") {
            grid.push_str(element);
        } else if !element.starts_with("<w:headerReference") && !element.starts_with("<w:titlePg") {
            geometry.push_str(element);
        }
        rest = rest.get(end..)?;
    }
    let properties = |n: usize| {
        let first_footer = if n == 0 { &title_footer } else { &opening_footer };
        let odd = odd_heads.get(n).unwrap_or(&empty_header);
        let even = book.as_ref().unwrap_or(odd);
        let start = if n > 0 && heads.recto { r#"<w:type w:val="oddPage" />"# } else { "" };
        format!(
            concat!(
                r#"<w:sectPr><w:headerReference w:type="default" r:id="{odd}" />"#,
                r#"<w:headerReference w:type="even" r:id="{book}" />"#,
                r#"<w:headerReference w:type="first" r:id="{empty}" />{footers}"#,
                r#"<w:footerReference w:type="first" r:id="{first}" />{start}{geometry}<w:titlePg />{grid}</w:sectPr>"#
            ),
            odd = odd,
            book = even,
            empty = empty_header,
            footers = footers,
            first = first_footer,
            start = start,
            geometry = geometry,
            grid = grid
        )
    };
    place_sections(document, section, heads.sections.len(), properties)?;

    let mut content_type = String::from_utf8(std::mem::take(&mut xml.content_type)).ok()?;
    content_type.insert_str(content_type.rfind("</Types>")?, &types);
    xml.content_type = content_type.into_bytes();
    let mut document_rels = String::from_utf8(std::mem::take(&mut xml.document_rels)).ok()?;
    document_rels.insert_str(document_rels.rfind("</Relationships>")?, &rels);
    xml.document_rels = document_rels.into_bytes();
    Some(())
}

/// The sections of a style without running heads: docx-rs's own section properties for each, every
/// chapter's starting on an odd page.
fn recto_sections(document: &mut Vec<u8>, count: usize) -> Option<()> {
    let (section, inner) = body_section(document)?;
    // `w:type` follows the header and footer references (CT_SectPr's order).
    let mut references_end = 0;
    while let Some(element) = inner.get(references_end..) {
        if !(element.starts_with("<w:headerReference") || element.starts_with("<w:footerReference")) {
            break;
        }
        references_end += element.find("/>")? + 2;
    }
    let (references, rest) = inner.split_at(references_end);
    let properties = |n: usize| {
        let start = if n > 0 { r#"<w:type w:val="oddPage" />"# } else { "" };
        format!("<w:sectPr>{references}{start}{rest}</w:sectPr>")
    };
    place_sections(document, section, count, properties)
}

/// Where the body's own `w:sectPr` (the one docx-rs wrote, the last) stands in `document`, and what it holds.
fn body_section(document: &[u8]) -> Option<(std::ops::Range<usize>, String)> {
    let open = memmem::rfind(document, b"<w:sectPr>")?;
    let close = open + memmem::find(document.get(open..)?, b"</w:sectPr>")?;
    let inner = std::str::from_utf8(document.get(open + b"<w:sectPr>".len()..close)?).ok()?.to_owned();
    Some((open..close + b"</w:sectPr>".len(), inner))
}

/// Puts the properties of the `count` sections in `document`: the last's over `last` (the body's own
/// `w:sectPr`), the others' over their marks.
fn place_sections(
    document: &mut Vec<u8>,
    last: std::ops::Range<usize>,
    count: usize,
    properties: impl Fn(usize) -> String,
) -> Option<()> {
    let final_section = count.saturating_sub(1);
    document.splice(last, properties(final_section).into_bytes());
    let mut out = Vec::with_capacity(document.len() + count * 512);
    let mut copied = 0;
    for n in 0..final_section {
        let mark = section_mark(n);
        let at = copied + memmem::find(document.get(copied..)?, mark.as_bytes())?;
        out.extend_from_slice(document.get(copied..at)?);
        out.extend_from_slice(properties(n).as_bytes());
        copied = at + mark.len();
    }
    out.extend_from_slice(document.get(copied..)?);
    *document = out;
    Some(())
}

#[cfg(test)]
mod tests {
    use super::super::testing::{skeleton, styled};
    use super::super::{assemble, Body, OwnParts, Para};
    use crate::backend::Timestamp;
    use std::io::Read;

    #[test]
    fn each_chapter_is_a_section_with_its_title_over_odd_pages() {
        let mut body = Body::new();
        body.running_heads(
            Some("石头记".to_owned()),
            true,
            false,
            Para::new(90).style("Footer").page_number(),
        );
        body.paragraph(styled(1, "石头记"));
        for (n, chapter) in ["第一回 甄士隐", "第二回 贾夫人"].into_iter().enumerate() {
            body.chapter(chapter);
            body.paragraph(styled(10 + n as u32, chapter));
        }
        let own =
            OwnParts { styles: vec![], settings: vec![], core: vec![], app: vec![], font_table: vec![] };
        let bytes = assemble(skeleton(), body, own, Timestamp::DEFAULT).expect("assembles");
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
        let mut part = |name: &str| {
            let mut s = String::new();
            archive.by_name(name).unwrap_or_else(|_| panic!("{name}")).read_to_string(&mut s).expect("reads");
            s
        };
        let document = part("word/document.xml");
        // Three sections: the title's and one per chapter, each with every header and the opening's footer.
        assert_eq!(document.matches("<w:sectPr>").count(), 3, "{document}");
        assert!(!document.contains("paibanSection"), "{document}");
        assert_eq!(document.matches("<w:titlePg />").count(), 3);
        let first = &document[document.find("<w:sectPr>").expect("a section")..];
        assert!(
            first.starts_with(r#"<w:sectPr><w:headerReference w:type="default" r:id="rIdPaibanheader2" />"#)
        );
        assert!(first.contains(r#"<w:footerReference w:type="first" r:id="rIdPaibanfooter4" />"#), "{first}");
        assert!(first.contains(r#"<w:pgSz w:w="11906" w:h="16838" />"#), "the geometry is copied: {first}");
        let last = &document[document.rfind("<w:sectPr>").expect("a section")..];
        assert!(last.contains(r#"w:type="default" r:id="rIdPaibanheader4""#), "{last}");
        assert!(last.contains(r#"<w:footerReference w:type="first" r:id="rIdPaibanfooter3" />"#), "{last}");
        assert!(part("word/header4.xml").contains(">第二回\u{3000}贾夫人</w:t>"));
        assert!(part("word/header2.xml").contains(">石头记</w:t>"));
        assert!(part("word/footer3.xml").contains("PAGE"));
        assert!(!part("word/footer4.xml").contains("PAGE"), "no folio on the title page");
        let declared = part("[Content_Types].xml") + &part("word/_rels/document.xml.rels");
        for n in 1..=4 {
            assert!(declared.contains(&format!("/word/header{n}.xml")), "{declared}");
        }
        assert!(declared.contains(r#"Target="footer4.xml""#), "{declared}");
    }

    #[test]
    fn an_untitled_books_even_pages_name_the_chapter() {
        let mut body = Body::new();
        body.running_heads(None, false, false, Para::new(90).style("Footer").page_number());
        body.paragraph(styled(1, "前言的文字。"));
        body.chapter("第一回 甄士隐");
        body.paragraph(styled(2, "正文。"));
        let own =
            OwnParts { styles: vec![], settings: vec![], core: vec![], app: vec![], font_table: vec![] };
        let bytes = assemble(skeleton(), body, own, Timestamp::DEFAULT).expect("assembles");
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
        let mut document = String::new();
        archive.by_name("word/document.xml").expect("a body").read_to_string(&mut document).expect("reads");
        let sections: Vec<&str> = document.split("<w:sectPr>").skip(1).collect();
        assert_eq!(sections.len(), 2, "{document}");
        let reference = |section: &str, kind: &str| {
            let key = format!(r#"<w:headerReference w:type="{kind}" r:id=""#);
            let at = section.find(&key).expect(kind) + key.len();
            section[at..].split('"').next().map(str::to_owned).filter(|id| id.starts_with("rIdPaiban"))
        };
        // Before the first chapter: no head at all (header1 is the empty one); then the chapter on both sides.
        assert_eq!(reference(sections[0], "default"), reference(sections[0], "first"));
        assert_eq!(reference(sections[0], "even"), reference(sections[0], "first"));
        assert_eq!(reference(sections[1], "even"), reference(sections[1], "default"));
        assert_ne!(reference(sections[1], "even"), reference(sections[1], "first"));
    }

    #[test]
    fn without_heads_each_chapter_is_a_section_opening_on_an_odd_page() {
        let mut body = Body::new();
        body.recto_sections();
        body.paragraph(styled(1, "前言。"));
        for (n, chapter) in ["第一回", "第二回"].into_iter().enumerate() {
            body.chapter(chapter);
            body.paragraph(styled(10 + n as u32, chapter));
        }
        let own =
            OwnParts { styles: vec![], settings: vec![], core: vec![], app: vec![], font_table: vec![] };
        let bytes = assemble(skeleton(), body, own, Timestamp::DEFAULT).expect("assembles");
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
        let mut document = String::new();
        archive.by_name("word/document.xml").expect("a body").read_to_string(&mut document).expect("reads");
        let sections: Vec<&str> = document.split("<w:sectPr>").skip(1).collect();
        assert_eq!(sections.len(), 3, "{document}");
        assert!(!document.contains("paibanSection") && !document.contains("rIdPaiban"), "{document}");
        assert!(!sections[0].contains("oddPage"));
        for section in &sections[1..] {
            // After the footer reference docx-rs wrote, before the page size, as CT_SectPr orders them.
            let (kind, size, footer) =
                (section.find("oddPage"), section.find("<w:pgSz"), section.find("<w:footerReference"));
            assert!(kind.is_some() && kind < size && footer < kind, "{section}");
        }
    }
}
