//! From docx-rs's `XMLDocx` to the final bytes: swap in our own parts, repair what docx-rs leaves
//! unfinished, and zip deterministically.
//!
//! Every edit of docx-rs output lives in this file, so that upgrading docx-rs means reading one place:
//! 1. `styles.xml`, `settings.xml`, `docProps/core.xml`, `fontTable.xml` are replaced whole (see `parts`);
//! 2. each footnote gets its `w:footnoteRef` mark, which docx-rs does not write (Word would show the note
//!    without its number);
//! 3. `document.xml.rels` is sorted: docx-rs collects hyperlink relationships in a `HashMap`, so their order
//!    changes from run to run;
//! 4. header rows of tables get `w:tblHeader` (docx-rs cannot write it): Word repeats them on every page
//!    and pandoc reads them as the table head;
//! 5. the archive is re-zipped: docx-rs stores every part uncompressed with a 0755 mode and the writer's
//!    default time; we deflate each part and stamp it with the run's timestamp.

use super::parts;
use crate::backend::Timestamp;
use crate::diag::Error;
use crate::model::Meta;
use crate::style::Style;
use docx_rs::XMLDocx;
use std::io::{Cursor, Read, Write};

/// Finishes the parts of `xml` and returns the DOCX bytes.
pub(super) fn assemble(
    mut xml: XMLDocx,
    style: &Style,
    meta: &Meta,
    lang: &str,
    timestamp: Timestamp,
) -> Result<Vec<u8>, Error> {
    xml.styles = parts::styles(style, lang);
    xml.settings = parts::settings(lang, style.body.size_pt);
    xml.doc_props.core = parts::core(meta, lang, timestamp);
    xml.font_table = parts::font_table();
    xml.footnotes = add_footnote_marks(&xml.footnotes);
    xml.document_rels = sort_relationships(&xml.document_rels);
    xml.document = mark_header_rows(&xml.document);

    let mut stored = Cursor::new(Vec::new());
    xml.pack(&mut stored).map_err(|e| Error::backend("docx", e))?;
    rezip(stored.get_ref(), timestamp).map_err(|e| Error::backend("docx", e))
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

/// Rewrites a zip archive: same entries in the same order (directories dropped: OPC has no folders),
/// every part deflated and dated `timestamp`, no Unix modes — so the bytes depend on the content only.
fn rezip(stored: &[u8], timestamp: Timestamp) -> zip::result::ZipResult<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(stored))?;
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
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(when);
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(stored.len() / 3)));
    let mut buffer = Vec::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index)?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().to_owned();
        buffer.clear();
        entry.read_to_end(&mut buffer)?;
        out.start_file(name, options)?;
        out.write_all(&buffer)?;
    }
    Ok(out.finish()?.into_inner())
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
    fn footnotes_get_their_reference_mark() {
        let xml = br#"<w:footnotes><w:footnote w:id="1"><w:p><w:pPr><w:rPr /></w:pPr><w:r><w:t>x</w:t></w:r></w:p></w:footnote></w:footnotes>"#;
        let out = String::from_utf8(add_footnote_marks(xml)).expect("utf-8");
        assert!(out.contains(r#"</w:pPr><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t>x"#), "{out}");
    }
}
