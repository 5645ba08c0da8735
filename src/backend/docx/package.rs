//! From docx-rs's `XMLDocx` to the final bytes: splice in the streamed body, swap in our own parts, repair
//! what docx-rs leaves unfinished, and zip deterministically.
//!
//! Every edit of docx-rs output lives in this file, so that upgrading docx-rs means reading one place:
//! 0. the body, which `stream` writes block by block, goes into the `document.xml` docx-rs writes for the
//!    section alone (after the part's opening, before `w:sectPr`), its footnotes into docx-rs's empty
//!    `footnotes.xml`, its lists' numbering instances at the end of `numbering.xml`, and its pictures'
//!    media parts into the container;
//! 1. `styles.xml`, `settings.xml`, `docProps/core.xml`, `docProps/app.xml`, `fontTable.xml` are replaced
//!    whole (see `parts`);
//! 2. each footnote gets its `w:footnoteRef` mark, which docx-rs does not write (Word would show the note
//!    without its number);
//! 3. `document.xml.rels` is sorted, an order that depends on the ids alone (docx-rs's own, from a
//!    `HashMap` of the body's hyperlinks, changed from run to run);
//! 4. header rows of tables get `w:tblHeader` (docx-rs cannot write it): Word repeats them on every page
//!    and pandoc reads them as the table head;
//! 5. pictures: docx-rs writes every `wp:docPr` with id 1 and no description, and names every media part
//!    `.png` whatever it holds; each picture gets its own id and its alt text as `descr`, and JPEG and GIF
//!    parts get their own extension (relationship targets and content types follow);
//! 6. the parts go straight into the container (`crate::backend::container`), under the names and in the
//!    order docx-rs's `XMLDocx::pack` gives them, each deflated once and dated with the run's timestamp
//!    (docx-rs's own zip stores them with a 0755 mode and the writer's time, and reading it back cost
//!    more than writing it).
//!
//! The fix-ups of `word/document.xml`, the largest part, are one pass over each piece of it as the body
//! streams (see [`fix_document_into`]) rather than a pass, a UTF-8 check and a copy each.

use super::stream::Stream;
use super::{image, parts, xml_escape};
use crate::backend::container::{Container, Method};
use crate::backend::Timestamp;
use crate::diag::Error;
use crate::model::Meta;
use crate::style::Style;
use docx_rs::XMLDocx;
use memchr::memmem;

/// What packaging needs besides docx-rs's parts.
pub(super) struct Parts<'a> {
    /// The preset (styles, settings, fonts).
    pub style: &'a Style,
    /// Metadata for the properties parts.
    pub meta: &'a Meta,
    /// The document's language tag.
    pub lang: &'a str,
    /// The run's timestamp: property dates and zip entry times.
    pub timestamp: Timestamp,
}

/// Finishes the parts of `xml` — docx-rs's build of everything but the body — with the streamed `body`,
/// and returns the DOCX bytes.
pub(super) fn assemble(mut xml: XMLDocx, body: Stream, parts: &Parts) -> Result<Vec<u8>, Error> {
    let unexpected =
        |part: &str| Error::backend("docx", format!("docx-rs wrote {part} in an unexpected form"));
    xml.styles = parts::styles(parts.style, parts.lang);
    xml.settings = parts::settings(parts.style, parts.lang);
    xml.doc_props.core = parts::core(parts.meta, parts.lang, parts.timestamp);
    xml.doc_props.app = parts::app(parts.meta);
    xml.font_table = parts::font_table(parts.style);
    if !body.numberings.is_empty() {
        // After docx-rs's own `w:num` (its default list), where docx-rs would have put them.
        xml.numberings = with_last_children(&xml.numberings, &body.numberings, b"</w:numbering>")
            .ok_or_else(|| unexpected("numbering.xml"))?;
    }
    if !body.footnotes.is_empty() {
        xml.footnotes =
            with_children(&xml.footnotes, &body.footnotes).ok_or_else(|| unexpected("footnotes.xml"))?;
    }
    // The body goes where docx-rs's document of the section alone has none: after the part's opening,
    // which the stream began with, and before the section properties.
    let mut document = body.document;
    let section = xml
        .document
        .get(body.head_len..)
        .filter(|_| xml.document.get(..body.head_len) == document.get(..body.head_len))
        .ok_or_else(|| unexpected("document.xml"))?;
    let mut described = 0;
    fix_document_into(section, &[], &mut described, &mut document);
    xml.document = order_section_properties(document);
    for part in xml.headers.iter_mut().chain(xml.footers.iter_mut()) {
        *part = drop_empty_paragraph_run_properties(part);
    }
    let renames = media_extensions(&mut xml, &body.media);
    xml.document_rels = sort_relationships(&xml.document_rels);
    write_container(xml, &body.media, parts.timestamp, &renames).map_err(|e| Error::backend("docx", e))
}

/// The part `empty`, an element written without children (`<root … />`), with `children` inside it: as
/// docx-rs writes the element when it has children (`<root …>children</root>`).
fn with_children(empty: &[u8], children: &[u8]) -> Option<Vec<u8>> {
    let open = empty.strip_suffix(b" />")?;
    let root_at = memchr::memrchr(b'<', open)?;
    let name_end = open.get(root_at + 1..)?.iter().position(|&b| b == b' ').map(|n| root_at + 1 + n)?;
    let name = open.get(root_at + 1..name_end)?;
    let mut out = Vec::with_capacity(open.len() + children.len() + name.len() + 4);
    out.extend_from_slice(open);
    out.push(b'>');
    out.extend_from_slice(children);
    out.extend_from_slice(b"</");
    out.extend_from_slice(name);
    out.push(b'>');
    Some(out)
}

/// The part `xml`, which ends with the end tag `close`, with `children` before that tag.
fn with_last_children(xml: &[u8], children: &[u8], close: &[u8]) -> Option<Vec<u8>> {
    let open = xml.strip_suffix(close)?;
    let mut out = Vec::with_capacity(xml.len() + children.len());
    out.extend_from_slice(open);
    out.extend_from_slice(children);
    out.extend_from_slice(close);
    Some(out)
}

/// A footnote element as docx-rs writes it, finished: its number mark (see [`add_footnote_marks`]) and no
/// empty paragraph run properties.
pub(super) fn fix_footnote(xml: &[u8]) -> Vec<u8> {
    drop_empty_paragraph_run_properties(&add_footnote_marks(xml))
}

/// docx-rs opens every `w:pPr` with an empty `w:rPr`, which ECMA-376 places last: an empty one says
/// nothing, so it is dropped and `w:pStyle` comes first, where strict readers expect it.
const EMPTY_PPR: &[u8] = b"<w:pPr><w:rPr />";

/// [`EMPTY_PPR`] → `<w:pPr>` throughout a part (headers, footers, footnotes).
fn drop_empty_paragraph_run_properties(xml: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(xml.len());
    let mut copied = 0;
    for at in memmem::find_iter(xml, EMPTY_PPR) {
        out.extend_from_slice(xml.get(copied..at).unwrap_or_default());
        out.extend_from_slice(b"<w:pPr>");
        copied = at + EMPTY_PPR.len();
    }
    out.extend_from_slice(xml.get(copied..).unwrap_or_default());
    out
}

/// docx-rs writes each picture's `wp:docPr` as this; Word wants ids unique in the document.
const DOC_PR: &[u8] = br#"<wp:docPr id="1" name="Figure" />"#;
/// An empty row-properties element, where a header row gets `w:tblHeader`.
const EMPTY_TR_PR: &[u8] = b"<w:trPr />";
const ROW_START: &[u8] = b"<w:tr>";
const ROW_END: &[u8] = b"</w:tr>";

/// The body's fix-ups in one pass over a piece of `word/document.xml` (whole blocks or table rows, as the
/// body streams), appended to `out`, tag by tag:
/// - [`EMPTY_PPR`] becomes `<w:pPr>` (see [`drop_empty_paragraph_run_properties`]);
/// - in every table row whose cells use the Table Heading style, the empty `<w:trPr />` becomes
///   `<w:trPr><w:tblHeader /></w:trPr>`: Word repeats such rows on every page and pandoc reads them as the
///   table head (docx-rs cannot write it). Our cells hold paragraphs only (no nested tables), so a row runs
///   from `<w:tr>` to the next `</w:tr>`;
/// - when there are alt texts, the n-th [`DOC_PR`] of the part gets the id n and the n-th alt text as its
///   description (what screen readers and Word's “Alt Text” pane show); `described` counts them across
///   pieces.
pub(super) fn fix_document_into(xml: &[u8], alts: &[String], described: &mut usize, out: &mut Vec<u8>) {
    let heading = format!(r#"<w:pStyle w:val="{}" />"#, parts::id::TABLE_HEADING);
    let heading = memmem::Finder::new(heading.as_bytes());
    let row_end = memmem::Finder::new(ROW_END);
    // `xml[..copied]` is in `out`; tags are looked for from `at`.
    let mut copied = 0;
    let mut at = 0;
    // Inside a header row whose `<w:trPr />` is still to be marked.
    let mut header_row = false;
    while let Some(found) = xml.get(at..).and_then(|rest| memchr::memchr(b'<', rest)) {
        let start = at + found;
        let tag = xml.get(start..).unwrap_or_default();
        let replaced: Option<(usize, std::borrow::Cow<[u8]>)> = if tag.starts_with(EMPTY_PPR) {
            Some((EMPTY_PPR.len(), b"<w:pPr>".as_slice().into()))
        } else if tag.starts_with(ROW_START) {
            let row = row_end.find(tag).map_or(tag, |end| tag.get(..end).unwrap_or(tag));
            header_row = heading.find(row).is_some();
            None
        } else if header_row && tag.starts_with(EMPTY_TR_PR) {
            header_row = false;
            Some((EMPTY_TR_PR.len(), b"<w:trPr><w:tblHeader /></w:trPr>".as_slice().into()))
        } else if tag.starts_with(ROW_END) {
            header_row = false;
            None
        } else if !alts.is_empty() && tag.starts_with(DOC_PR) {
            let alt = alts.get(*described).map_or(String::new(), |a| xml_escape(a));
            *described += 1;
            let n = *described;
            let with_alt = format!(r#"<wp:docPr id="{n}" name="Picture {n}" descr="{alt}" />"#);
            Some((DOC_PR.len(), with_alt.into_bytes().into()))
        } else {
            None
        };
        match replaced {
            Some((len, with)) => {
                out.extend_from_slice(xml.get(copied..start).unwrap_or_default());
                out.extend_from_slice(&with);
                at = start + len;
                copied = at;
            }
            None => at = start + 1,
        }
    }
    out.extend_from_slice(xml.get(copied..).unwrap_or_default());
}

/// Puts the body's `w:sectPr` children in ECMA-376 sequence: docx-rs writes the header and footer
/// references and `w:titlePg` after `w:docGrid`, but they come first (references) and just before it.
/// The body's section properties are its last element, so only the part's tail is read and rewritten.
fn order_section_properties(mut xml: Vec<u8>) -> Vec<u8> {
    const OPEN: &[u8] = b"<w:sectPr>";
    const CLOSE: &[u8] = b"</w:sectPr>";
    let (Some(start), Some(end)) = (memmem::rfind(&xml, OPEN), memmem::rfind(&xml, CLOSE)) else {
        return xml;
    };
    let inner_start = start + OPEN.len();
    let Some(inner) = xml.get(inner_start..end).and_then(|inner| std::str::from_utf8(inner).ok()) else {
        return xml;
    };
    let mut references = Vec::new();
    let mut others = Vec::new();
    let mut title_page = false;
    let mut rest = inner;
    while let Some(open) = rest.find('<') {
        // Every child docx-rs writes here is self-closed.
        let Some(close) = rest[open..].find("/>").map(|c| open + c + 2) else { return xml };
        let element = &rest[open..close];
        if element.starts_with("<w:headerReference") || element.starts_with("<w:footerReference") {
            references.push(element);
        } else if element.starts_with("<w:titlePg") {
            title_page = true;
        } else {
            others.push(element);
        }
        rest = &rest[close..];
    }
    if !rest.trim().is_empty() {
        return xml;
    }
    // Headers before footers; their relative order otherwise as written.
    references.sort_by_key(|r| r.starts_with("<w:footerReference"));
    let mut ordered = String::with_capacity(inner.len() + 16);
    for r in references {
        ordered.push_str(r);
    }
    for element in others {
        if title_page && element.starts_with("<w:docGrid") {
            ordered.push_str("<w:titlePg />");
        }
        ordered.push_str(element);
    }
    xml.splice(inner_start..end, ordered.into_bytes());
    xml
}

/// Media parts holding JPEG or GIF: docx-rs names them all `.png`. Points the relationships at the right
/// extension, declares its content type, and returns the (old, new) part names for [`write_container`].
fn media_extensions(xml: &mut XMLDocx, media: &[(String, &[u8])]) -> Vec<(String, String)> {
    let mut renames = Vec::new();
    let mut kinds: Vec<crate::image::Kind> = Vec::new();
    let (Ok(rels), Ok(types)) =
        (String::from_utf8(xml.document_rels.clone()), String::from_utf8(xml.content_type.clone()))
    else {
        return renames;
    };
    let mut rels = rels;
    for (id, bytes) in media {
        let Some(kind) = image::media_kind(bytes).filter(|k| *k != crate::image::Kind::Png) else {
            continue;
        };
        let ext = kind.extension();
        rels = rels.replace(&format!(r#"Target="media/{id}.png""#), &format!(r#"Target="media/{id}.{ext}""#));
        renames.push((format!("word/media/{id}.png"), format!("word/media/{id}.{ext}")));
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    let mut types = types;
    if let Some(at) = types.find("<Default ") {
        for kind in kinds {
            let decl = format!(
                r#"<Default Extension="{}" ContentType="{}" />"#,
                kind.extension(),
                kind.media_type()
            );
            types.insert_str(at, &decl);
        }
    }
    xml.document_rels = rels.into_bytes();
    xml.content_type = types.into_bytes();
    renames
}

/// Inserts `<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>` at the start
/// of the first paragraph of every footnote (after its `w:pPr`), where Word expects the note's number.
fn add_footnote_marks(xml: &[u8]) -> Vec<u8> {
    const MARK: &str = r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>"#;
    let Ok(text) = std::str::from_utf8(xml) else { return xml.to_vec() };
    let mut out = String::with_capacity(text.len() + 256);
    let mut rest = text;
    while let Some(start) = rest.find("<w:footnote ") {
        let (before, from_note) = rest.split_at(start);
        out.push_str(before);
        let end_of_note = from_note.find("</w:footnote>");
        // The first paragraph's properties end at the first `</w:pPr>` (or a self-closed `<w:pPr />`),
        // looked for inside this note only: searching the rest of the part for each note is quadratic.
        let note = from_note.get(..end_of_note.unwrap_or(0)).unwrap_or_default();
        let end_of_ppr = match (note.find("</w:pPr>"), note.find("<w:pPr />")) {
            (Some(close), _) => Some(close + "</w:pPr>".len()),
            (None, Some(empty)) => Some(empty + "<w:pPr />".len()),
            (None, None) => None,
        };
        match (end_of_ppr, end_of_note) {
            (Some(at), Some(note_end)) if at < note_end => {
                let (head, tail) = from_note.split_at(at);
                out.push_str(head);
                out.push_str(MARK);
                rest = tail;
            }
            _ => {
                out.push_str("<w:footnote ");
                rest = from_note.get("<w:footnote ".len()..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out.into_bytes()
}

/// Sorts the `<Relationship …/>` elements of a relationships part, and drops exact duplicates, so that
/// their order no longer depends on docx-rs's `HashMap` iteration.
fn sort_relationships(xml: &[u8]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(xml) else { return xml.to_vec() };
    let (Some(first), Some(close)) = (text.find("<Relationship "), text.rfind("</Relationships>")) else {
        return xml.to_vec();
    };
    let (head, rest) = text.split_at(first);
    let (body, tail) = rest.split_at(close - first);
    let mut items: Vec<&str> = Vec::new();
    let mut remaining = body;
    while let Some(start) = remaining.find("<Relationship ") {
        let from = remaining.get(start..).unwrap_or("");
        let Some(end) = from.find("/>") else { return xml.to_vec() };
        let (item, after) = from.split_at(end + 2);
        items.push(item);
        remaining = after;
    }
    if !remaining.trim().is_empty() {
        // Something other than self-closed relationships: leave the part as docx-rs wrote it.
        return xml.to_vec();
    }
    items.sort_unstable();
    items.dedup();
    let mut out = String::with_capacity(text.len());
    out.push_str(head);
    for item in items {
        out.push_str(item);
    }
    out.push_str(tail);
    out.into_bytes()
}

/// Writes the parts as docx-rs's `XMLDocx::pack` would (its `zipper::zip`: same names, same order; its
/// directory entries left out, as OPC has no folders; media parts renamed as `renames` says), every part
/// deflated, dated `timestamp` and given mode 0644 — so the bytes depend on the content only.
fn write_container(
    xml: XMLDocx,
    media: &[(String, &[u8])],
    timestamp: Timestamp,
    renames: &[(String, String)],
) -> Result<Vec<u8>, String> {
    let mut parts: Vec<(String, &[u8])> = vec![
        ("[Content_Types].xml".into(), &xml.content_type),
        ("_rels/.rels".into(), &xml.rels),
        ("docProps/app.xml".into(), &xml.doc_props.app),
        ("docProps/core.xml".into(), &xml.doc_props.core),
        ("docProps/custom.xml".into(), &xml.doc_props.custom),
        ("word/_rels/document.xml.rels".into(), &xml.document_rels),
        ("word/document.xml".into(), &xml.document),
        ("word/styles.xml".into(), &xml.styles),
        ("word/settings.xml".into(), &xml.settings),
        ("word/fontTable.xml".into(), &xml.font_table),
        ("word/comments.xml".into(), &xml.comments),
        ("word/numbering.xml".into(), &xml.numberings),
        ("word/commentsExtended.xml".into(), &xml.comments_extended),
        ("word/footnotes.xml".into(), &xml.footnotes),
    ];
    for (kind, bodies, rels) in
        [("header", &xml.headers, &xml.header_rels), ("footer", &xml.footers, &xml.footer_rels)]
    {
        for (i, body) in bodies.iter().enumerate() {
            let n = i + 1;
            parts.push((format!("word/{kind}{n}.xml"), body));
            if let Some(rels) = rels.get(i) {
                parts.push((format!("word/_rels/{kind}{n}.xml.rels"), rels));
            }
        }
    }
    for &(ref id, data) in media {
        let name = format!("word/media/{id}.png");
        let name = renames.iter().find(|(old, _)| *old == name).map_or(name, |(_, new)| new.clone());
        parts.push((name, data));
    }
    if let Some(taskpanes) = &xml.taskpanes {
        parts.push(("word/webextensions/taskpanes.xml".into(), taskpanes));
        parts.push(("word/webextensions/_rels/taskpanes.xml.rels".into(), &xml.taskpanes_rels));
        for (i, extension) in xml.web_extensions.iter().enumerate() {
            parts.push((format!("word/webextensions/webextension{}.xml", i + 1), extension));
        }
    }
    for (i, item) in xml.custom_items.iter().enumerate() {
        let n = i + 1;
        if let Some(rels) = xml.custom_item_rels.get(i) {
            parts.push((format!("customXml/_rels/item{n}.xml.rels"), rels));
        }
        parts.push((format!("customXml/item{n}.xml"), item));
        if let Some(props) = xml.custom_item_props.get(i) {
            parts.push((format!("customXml/itemProps{n}.xml"), props));
        }
    }
    let when = crate::backend::container::zip_time(timestamp);
    let capacity = parts.iter().map(|(_, data)| data.len()).sum();
    let mut out = Container::new(capacity, when.datepart(), when.timepart());
    for (name, data) in &parts {
        out.add(name, data, Method::Deflated(6))?;
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relationships_are_sorted_and_deduplicated() {
        let xml = br#"<?xml version="1.0"?><Relationships xmlns="x"><Relationship Id="b" /><Relationship Id="a" /><Relationship Id="b" /></Relationships>"#;
        let sorted = String::from_utf8(sort_relationships(xml)).expect("utf-8");
        assert_eq!(
            sorted,
            r#"<?xml version="1.0"?><Relationships xmlns="x"><Relationship Id="a" /><Relationship Id="b" /></Relationships>"#
        );
    }

    #[test]
    fn section_properties_follow_schema_order() {
        let xml = br#"<w:body><w:sectPr><w:pgSz /><w:docGrid /><w:footerReference a="1" /><w:headerReference b="2" /><w:titlePg /></w:sectPr></w:body>"#;
        let out = String::from_utf8(order_section_properties(xml.to_vec())).expect("utf-8");
        assert_eq!(
            out,
            r#"<w:body><w:sectPr><w:headerReference b="2" /><w:footerReference a="1" /><w:pgSz /><w:titlePg /><w:docGrid /></w:sectPr></w:body>"#
        );
    }

    #[test]
    fn document_pass_marks_header_rows_describes_pictures_and_drops_empty_run_properties() {
        let heading = format!(r#"<w:pStyle w:val="{}" />"#, parts::id::TABLE_HEADING);
        let xml = format!(
            r#"<w:tbl><w:tr><w:trPr /><w:tc><w:p><w:pPr><w:rPr />{heading}</w:pPr></w:p></w:tc></w:tr><w:tr><w:trPr /><w:tc><w:p><w:pPr><w:rPr /></w:pPr></w:p></w:tc></w:tr></w:tbl><wp:docPr id="1" name="Figure" /><wp:docPr id="1" name="Figure" />"#
        );
        let fixed = |xml: &[u8], alts: &[String]| {
            let (mut out, mut described) = (Vec::new(), 0);
            fix_document_into(xml, alts, &mut described, &mut out);
            out
        };
        // In two pieces, as the body streams: the second picture is still the document's second.
        let (first, second) = xml.split_at(xml.rfind("<wp:docPr").expect("two pictures"));
        let alts = ["猫 & 狗".to_owned()];
        let (mut out, mut described) = (Vec::new(), 0);
        fix_document_into(first.as_bytes(), &alts, &mut described, &mut out);
        fix_document_into(second.as_bytes(), &alts, &mut described, &mut out);
        let out = String::from_utf8(out).expect("utf-8");
        assert_eq!(
            out,
            format!(
                r#"<w:tbl><w:tr><w:trPr><w:tblHeader /></w:trPr><w:tc><w:p><w:pPr>{heading}</w:pPr></w:p></w:tc></w:tr><w:tr><w:trPr /><w:tc><w:p><w:pPr></w:pPr></w:p></w:tc></w:tr></w:tbl><wp:docPr id="1" name="Picture 1" descr="猫 &amp; 狗" /><wp:docPr id="2" name="Picture 2" descr="" />"#
            )
        );
        let untouched = fixed(br#"<wp:docPr id="1" name="Figure" />"#, &[]);
        assert_eq!(
            untouched, br#"<wp:docPr id="1" name="Figure" />"#,
            "no alt texts: pictures as docx-rs wrote them"
        );
    }

    #[test]
    fn footnotes_get_their_reference_mark() {
        let xml = br#"<w:footnotes><w:footnote w:id="1"><w:p><w:pPr><w:rPr /></w:pPr><w:r><w:t>x</w:t></w:r></w:p></w:footnote></w:footnotes>"#;
        let out = String::from_utf8(add_footnote_marks(xml)).expect("utf-8");
        assert!(out.contains(r#"</w:pPr><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t>x"#), "{out}");
    }
}
