//! From docx-rs's `XMLDocx` to the final bytes: swap in our own parts, repair what docx-rs leaves
//! unfinished, and zip deterministically.
//!
//! Every edit of docx-rs output lives in this file, so that upgrading docx-rs means reading one place:
//! 1. `styles.xml`, `settings.xml`, `docProps/core.xml`, `docProps/app.xml`, `fontTable.xml` are replaced
//!    whole (see `parts`);
//! 2. each footnote gets its `w:footnoteRef` mark, which docx-rs does not write (Word would show the note
//!    without its number);
//! 3. `document.xml.rels` is sorted: docx-rs collects hyperlink relationships in a `HashMap`, so their order
//!    changes from run to run;
//! 4. header rows of tables get `w:tblHeader` (docx-rs cannot write it): Word repeats them on every page
//!    and pandoc reads them as the table head;
//! 5. pictures: docx-rs writes every `wp:docPr` with id 1 and no description, and names every media part
//!    `.png` whatever it holds; each picture gets its own id and its alt text as `descr`, and JPEG and GIF
//!    parts get their own extension (relationship targets and content types follow);
//! 6. the archive is re-zipped (`crate::backend::container`): docx-rs stores every part uncompressed with a
//!    0755 mode and the writer's default time; we deflate each part and stamp it with the run's timestamp.

use super::{image, parts, xml_escape};
use crate::backend::container::{Container, Method};
use crate::backend::Timestamp;
use crate::diag::Error;
use crate::model::Meta;
use crate::style::Style;
use docx_rs::XMLDocx;
use std::io::{Cursor, Read};

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
    /// Alt text of each picture, in document order.
    pub picture_alts: &'a [String],
}

/// Finishes the parts of `xml` and returns the DOCX bytes.
pub(super) fn assemble(mut xml: XMLDocx, parts: &Parts) -> Result<Vec<u8>, Error> {
    xml.styles = parts::styles(parts.style, parts.lang);
    xml.settings = parts::settings(parts.style, parts.lang);
    xml.doc_props.core = parts::core(parts.meta, parts.lang, parts.timestamp);
    xml.doc_props.app = parts::app(parts.meta);
    xml.font_table = parts::font_table(parts.style);
    xml.footnotes = add_footnote_marks(&xml.footnotes);
    xml.document = mark_header_rows(&xml.document);
    xml.document = describe_pictures(&xml.document, parts.picture_alts);
    xml.document = order_section_properties(&drop_empty_paragraph_run_properties(&xml.document));
    xml.footnotes = drop_empty_paragraph_run_properties(&xml.footnotes);
    for part in xml.headers.iter_mut().chain(xml.footers.iter_mut()) {
        *part = drop_empty_paragraph_run_properties(part);
    }
    let renames = media_extensions(&mut xml);
    xml.document_rels = sort_relationships(&xml.document_rels);

    // docx-rs stores the parts: the archive is their sum plus headers.
    let parts_len: usize = [&xml.document, &xml.styles, &xml.numberings, &xml.footnotes, &xml.content_type]
        .iter()
        .map(|p| p.len())
        .sum::<usize>()
        + xml.media.iter().map(|(_, m)| m.len()).sum::<usize>();
    let mut stored = Cursor::new(Vec::with_capacity(parts_len + 16_384));
    xml.pack(&mut stored).map_err(|e| Error::backend("docx", e))?;
    rezip(stored.get_ref(), parts.timestamp, &renames).map_err(|e| Error::backend("docx", e))
}

/// docx-rs opens every `w:pPr` with an empty `w:rPr`, which ECMA-376 places last: an empty one says
/// nothing, so it is dropped and `w:pStyle` comes first, where strict readers expect it.
fn drop_empty_paragraph_run_properties(xml: &[u8]) -> Vec<u8> {
    match std::str::from_utf8(xml) {
        Ok(text) => text.replace("<w:pPr><w:rPr />", "<w:pPr>").into_bytes(),
        Err(_) => xml.to_vec(),
    }
}

/// Puts the body's `w:sectPr` children in ECMA-376 sequence: docx-rs writes the header and footer
/// references and `w:titlePg` after `w:docGrid`, but they come first (references) and just before it.
fn order_section_properties(xml: &[u8]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(xml) else { return xml.to_vec() };
    let (Some(start), Some(end)) = (text.rfind("<w:sectPr>"), text.rfind("</w:sectPr>")) else {
        return xml.to_vec();
    };
    let inner_start = start + "<w:sectPr>".len();
    let Some(inner) = text.get(inner_start..end) else { return xml.to_vec() };
    let mut references = Vec::new();
    let mut others = Vec::new();
    let mut title_page = false;
    let mut rest = inner;
    while let Some(open) = rest.find('<') {
        // Every child docx-rs writes here is self-closed.
        let Some(close) = rest[open..].find("/>").map(|c| open + c + 2) else { return xml.to_vec() };
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
        return xml.to_vec();
    }
    // Headers before footers; their relative order otherwise as written.
    references.sort_by_key(|r| r.starts_with("<w:footerReference"));
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..inner_start]);
    for r in references {
        out.push_str(r);
    }
    for element in others {
        if title_page && element.starts_with("<w:docGrid") {
            out.push_str("<w:titlePg />");
        }
        out.push_str(element);
    }
    out.push_str(&text[end..]);
    out.into_bytes()
}

/// docx-rs writes each picture's `wp:docPr` as this; Word wants ids unique in the document.
const DOC_PR: &str = r#"<wp:docPr id="1" name="Figure" />"#;

/// Gives the n-th `wp:docPr` the id n and the n-th alt text as its description (what screen readers and
/// Word's “Alt Text” pane show).
fn describe_pictures(xml: &[u8], alts: &[String]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(xml) else { return xml.to_vec() };
    if alts.is_empty() || !text.contains(DOC_PR) {
        return xml.to_vec();
    }
    let mut out = String::with_capacity(text.len() + 64 * alts.len());
    for (n, piece) in text.split(DOC_PR).enumerate() {
        if n > 0 {
            let alt = alts.get(n - 1).map_or(String::new(), |a| xml_escape(a));
            out.push_str(&format!(r#"<wp:docPr id="{n}" name="Picture {n}" descr="{alt}" />"#));
        }
        out.push_str(piece);
    }
    out.into_bytes()
}

/// Media parts holding JPEG or GIF: docx-rs names them all `.png`. Points the relationships at the right
/// extension, declares its content type, and returns the (old, new) part names for [`rezip`].
fn media_extensions(xml: &mut XMLDocx) -> Vec<(String, String)> {
    let mut renames = Vec::new();
    let mut kinds: Vec<image::Kind> = Vec::new();
    let (Ok(rels), Ok(types)) =
        (String::from_utf8(xml.document_rels.clone()), String::from_utf8(xml.content_type.clone()))
    else {
        return renames;
    };
    let mut rels = rels;
    for (id, bytes) in &xml.media {
        let Some(kind) = image::probe(bytes).map(|i| i.kind).filter(|k| *k != image::Kind::Png) else {
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
        // The first paragraph's properties end at the first `</w:pPr>` (or a self-closed `<w:pPr />`).
        let end_of_ppr = match (from_note.find("</w:pPr>"), from_note.find("<w:pPr />")) {
            (Some(close), _) => Some(close + "</w:pPr>".len()),
            (None, Some(empty)) => Some(empty + "<w:pPr />".len()),
            (None, None) => None,
        };
        let end_of_note = from_note.find("</w:footnote>");
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

/// Turns the empty `<w:trPr />` of every table row whose cells use the Table Heading style into
/// `<w:trPr><w:tblHeader /></w:trPr>`. Our cells hold paragraphs only (no nested tables), so a row runs
/// from `<w:tr>` to the next `</w:tr>`.
fn mark_header_rows(xml: &[u8]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(xml) else { return xml.to_vec() };
    let heading = format!(r#"<w:pStyle w:val="{}" />"#, parts::id::TABLE_HEADING);
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(start) = rest.find("<w:tr>") {
        let (before, row_and_rest) = rest.split_at(start);
        out.push_str(before);
        let end = row_and_rest.find("</w:tr>").map_or(row_and_rest.len(), |e| e + "</w:tr>".len());
        let (row, after) = row_and_rest.split_at(end);
        if row.contains(&heading) {
            out.push_str(&row.replacen("<w:trPr />", "<w:trPr><w:tblHeader /></w:trPr>", 1));
        } else {
            out.push_str(row);
        }
        rest = after;
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

/// Rewrites a zip archive: same entries in the same order (directories dropped: OPC has no folders;
/// media parts renamed as `renames` says),
/// every part deflated, dated `timestamp` and given mode 0644 (docx-rs writes 0755) — so the bytes depend on
/// the content only. docx-rs stores its parts uncompressed, so reading them back is a copy; the container deflates each part
/// once, with a compressor that is reset rather than set up again per part.
fn rezip(stored: &[u8], timestamp: Timestamp, renames: &[(String, String)]) -> Result<Vec<u8>, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(stored)).map_err(|e| e.to_string())?;
    let (year, month, day, hour, minute, second) = timestamp.to_utc();
    // Zip dates start in 1980; earlier timestamps get the format's epoch.
    let when = u16::try_from(year)
        .ok()
        .and_then(|y| {
            let narrow = |v: u32| u8::try_from(v).ok();
            zip::DateTime::from_date_and_time(
                y,
                narrow(month)?,
                narrow(day)?,
                narrow(hour)?,
                narrow(minute)?,
                narrow(second)?,
            )
            .ok()
        })
        .unwrap_or(zip::DateTime::DEFAULT);
    let mut out = Container::new(stored.len(), when.datepart(), when.timepart());
    let mut buffer = Vec::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(|e| e.to_string())?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().to_owned();
        let name = renames.iter().find(|(old, _)| *old == name).map_or(name, |(_, new)| new.clone());
        buffer.clear();
        entry.read_to_end(&mut buffer).map_err(|e| e.to_string())?;
        out.add(&name, &buffer, Method::Deflated(6))?;
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
        let out = String::from_utf8(order_section_properties(xml)).expect("utf-8");
        assert_eq!(
            out,
            r#"<w:body><w:sectPr><w:headerReference b="2" /><w:footerReference a="1" /><w:pgSz /><w:titlePg /><w:docGrid /></w:sectPr></w:body>"#
        );
    }

    #[test]
    fn footnotes_get_their_reference_mark() {
        let xml = br#"<w:footnotes><w:footnote w:id="1"><w:p><w:pPr><w:rPr /></w:pPr><w:r><w:t>x</w:t></w:r></w:p></w:footnote></w:footnotes>"#;
        let out = String::from_utf8(add_footnote_marks(xml)).expect("utf-8");
        assert!(out.contains(r#"</w:pPr><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t>x"#), "{out}");
    }
}
