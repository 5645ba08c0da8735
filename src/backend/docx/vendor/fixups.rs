//! The fix-ups 1–6, 8 and 11 of what docx-rs writes (listed in [`vendor`](super)), each a function over the XML it
//! wrote, with the test that fails when docx-rs no longer writes its anchor.

use super::super::image;
use super::super::xml_escape;
use super::{
    DOC_PR, EMPTY_PPR, EMPTY_TR_PR, FOOTNOTE_MARK, GRID_COL, GRID_COL_TYPE, HEADER_TR_PR, IND_RIGHT, PPR,
};
use docx_rs::XMLDocx;
use memchr::memmem;

/// A footnote element as docx-rs writes it, finished: its number mark (fix-up 2) and no empty paragraph run
/// properties (fix-up 1).
pub(super) fn fix_footnote(xml: &[u8]) -> Vec<u8> {
    drop_empty_paragraph_run_properties(&add_footnote_marks(xml))
}

/// Fix-up 1: [`EMPTY_PPR`] → `<w:pPr>` throughout a part (headers, footers, footnotes). An empty `w:rPr`
/// says nothing, and dropping it puts `w:pStyle` first, where strict readers expect it.
pub(super) fn drop_empty_paragraph_run_properties(xml: &[u8]) -> Vec<u8> {
    debug_assert_eq!(
        memmem::find_iter(xml, PPR).count(),
        memmem::find_iter(xml, EMPTY_PPR).count(),
        "docx-rs no longer opens every `w:pPr` with an empty `w:rPr`"
    );
    let mut out = Vec::with_capacity(xml.len());
    let mut copied = 0;
    for at in memmem::find_iter(xml, EMPTY_PPR) {
        out.extend_from_slice(xml.get(copied..at).unwrap_or_default());
        out.extend_from_slice(PPR);
        copied = at + EMPTY_PPR.len();
    }
    out.extend_from_slice(xml.get(copied..).unwrap_or_default());
    out
}

/// The body's fix-ups in one pass over a piece of `word/document.xml` (whole blocks or table rows, as the
/// body streams), appended to `out`, tag by tag, rather than a pass, a UTF-8 check and a copy each:
/// - fix-up 1: [`EMPTY_PPR`] becomes `<w:pPr>`;
/// - fix-up 4: in a header row (`header_row`: the piece is one), the empty `<w:trPr />` becomes
///   `<w:trPr><w:tblHeader /></w:trPr>`;
/// - fix-up 11: a grid column's `w:type`, which `CT_TblGridCol` does not have (its width is in twips
///   anyway), is dropped;
/// - fix-up 5: when there are alt texts, the n-th [`DOC_PR`] of the part gets the id n and the n-th alt
///   text as its description (what screen readers and Word's “Alt Text” pane show); `described` counts
///   them across pieces.
pub(super) fn fix_document_into(
    xml: &[u8],
    header_row: bool,
    alts: &[String],
    described: &mut usize,
    out: &mut Vec<u8>,
) {
    // `xml[..copied]` is in `out`; tags are looked for from `at`.
    let mut copied = 0;
    let mut at = 0;
    // A header row whose `<w:trPr />` is still to be marked.
    let mut header_pending = header_row;
    while let Some(found) = xml.get(at..).and_then(|rest| memchr::memchr(b'<', rest)) {
        let start = at + found;
        let tag = xml.get(start..).unwrap_or_default();
        let replaced: Option<(usize, std::borrow::Cow<[u8]>)> = if tag.starts_with(EMPTY_PPR) {
            Some((EMPTY_PPR.len(), PPR.into()))
        } else if header_pending && tag.starts_with(EMPTY_TR_PR) {
            header_pending = false;
            Some((EMPTY_TR_PR.len(), HEADER_TR_PR.into()))
        } else if tag.starts_with(GRID_COL) {
            let end = memmem::find(tag, b"/>").map_or(0, |e| e + 2);
            let element = tag.get(..end).unwrap_or_default();
            memmem::find(element, GRID_COL_TYPE).map(|type_at| {
                let kept = [
                    element.get(..type_at).unwrap_or_default(),
                    element.get(type_at + GRID_COL_TYPE.len()..).unwrap_or_default(),
                ];
                (end, kept.concat().into())
            })
        } else if !alts.is_empty() && tag.starts_with(DOC_PR) {
            let alt = alts.get(*described).map_or(String::new(), |a| xml_escape(a));
            *described += 1;
            let n = *described;
            let with_alt = format!(r#"<wp:docPr id="{n}" name="Picture {n}" descr="{alt}" />"#);
            Some((DOC_PR.len(), with_alt.into_bytes().into()))
        } else {
            debug_assert!(!tag.starts_with(PPR), "docx-rs no longer opens `w:pPr` with an empty `w:rPr`");
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
    debug_assert!(!header_pending, "docx-rs no longer writes a row's empty properties as `<w:trPr />`");
    out.extend_from_slice(xml.get(copied..).unwrap_or_default());
}

/// Fix-up 6: puts the body's `w:sectPr` children in ECMA-376 sequence: docx-rs writes the header and footer
/// references and `w:titlePg` after `w:docGrid`, but they come first (references) and just before it.
/// The body's section properties are its last element, so only the part's tail is read and rewritten.
pub(super) fn order_section_properties(mut xml: Vec<u8>) -> Vec<u8> {
    const OPEN: &[u8] = b"<w:sectPr>";
    const CLOSE: &[u8] = b"</w:sectPr>";
    let unexpected = |xml| {
        debug_assert!(false, "docx-rs no longer writes `w:sectPr` as a list of self-closed children");
        xml
    };
    let (Some(start), Some(end)) = (memmem::rfind(&xml, OPEN), memmem::rfind(&xml, CLOSE)) else {
        return unexpected(xml);
    };
    let inner_start = start + OPEN.len();
    let Some(inner) = xml.get(inner_start..end).and_then(|inner| std::str::from_utf8(inner).ok()) else {
        return unexpected(xml);
    };
    let mut references = Vec::new();
    let mut others = Vec::new();
    let mut title_page = false;
    let mut rest = inner;
    while let Some(open) = rest.find('<') {
        // Every child docx-rs writes here is self-closed.
        let Some(close) = rest[open..].find("/>").map(|c| open + c + 2) else { return unexpected(xml) };
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
        return unexpected(xml);
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

/// Fix-up 5, media parts holding JPEG or GIF: docx-rs names them all `.png`. Points the relationships at the
/// right extension, declares its content type, and returns the (old, new) part names for the container
/// (`package::write_container`); `None` if the relationships or content types are not as docx-rs writes them.
pub(super) fn media_extensions(
    xml: &mut XMLDocx,
    media: &[(String, &[u8])],
) -> Option<Vec<(String, String)>> {
    let mut renames = Vec::new();
    let mut kinds: Vec<crate::image::Kind> = Vec::new();
    let mut rels = String::from_utf8(xml.document_rels.clone()).ok()?;
    let mut types = String::from_utf8(xml.content_type.clone()).ok()?;
    for (id, bytes) in media {
        let Some(kind) = image::media_kind(bytes).filter(|k| *k != crate::image::Kind::Png) else {
            continue;
        };
        let ext = kind.extension();
        let target = format!(r#"Target="media/{id}.png""#);
        if !rels.contains(&target) {
            return None;
        }
        rels = rels.replace(&target, &format!(r#"Target="media/{id}.{ext}""#));
        renames.push((format!("word/media/{id}.png"), format!("word/media/{id}.{ext}")));
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    if !kinds.is_empty() {
        let at = types.find("<Default ")?;
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
    Some(renames)
}

/// Fix-up 8: the paragraph's right indent in hundredths of a character, `w:rightChars`, which docx-rs
/// cannot write, after the `w:right` of its `w:ind` (the first: the paragraph's own properties come before
/// its runs). On a character grid Word then counts the indent in grid cells, as the PDF places the closing
/// block (GB/T 9704 §7.3.5), rather than in twips of the type size.
pub(super) fn add_right_chars(xml: Vec<u8>, hundredths: i32) -> Vec<u8> {
    let value_at = memmem::find(&xml, b"<w:ind ").and_then(|ind| {
        let end = ind + memmem::find(xml.get(ind..)?, b"/>")?;
        let right = ind + memmem::find(xml.get(ind..end)?, IND_RIGHT)? + IND_RIGHT.len();
        // Past the value's opening quote, to its closing one.
        let value = right + 1;
        Some(value + memchr::memchr(b'"', xml.get(value..end)?)? + 1)
    });
    let Some(at) = value_at else {
        debug_assert!(false, "docx-rs no longer writes a paragraph's right indent as `w:right`");
        return xml;
    };
    let mut out = xml;
    out.splice(at..at, format!(r#" w:rightChars="{hundredths}""#).into_bytes());
    out
}

/// Fix-up 2: inserts [`FOOTNOTE_MARK`] at the start of the first paragraph of every footnote (after its
/// `w:pPr`), where Word expects the note's number.
pub(super) fn add_footnote_marks(xml: &[u8]) -> Vec<u8> {
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
                out.push_str(FOOTNOTE_MARK);
                rest = tail;
            }
            _ => {
                debug_assert!(false, "docx-rs no longer writes a footnote's paragraph properties");
                out.push_str("<w:footnote ");
                rest = from_note.get("<w:footnote ".len()..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out.into_bytes()
}

/// Fix-up 3: sorts the `<Relationship …/>` elements of a relationships part, and drops exact duplicates, so
/// that their order no longer depends on docx-rs's `HashMap` iteration.
pub(super) fn sort_relationships(xml: &[u8]) -> Vec<u8> {
    let unexpected = || {
        debug_assert!(false, "docx-rs no longer writes relationships as self-closed elements");
        xml.to_vec()
    };
    let Ok(text) = std::str::from_utf8(xml) else { return unexpected() };
    let (Some(first), Some(close)) = (text.find("<Relationship "), text.rfind("</Relationships>")) else {
        return unexpected();
    };
    let (head, rest) = text.split_at(first);
    let (body, tail) = rest.split_at(close - first);
    let mut items: Vec<&str> = Vec::new();
    let mut remaining = body;
    while let Some(start) = remaining.find("<Relationship ") {
        let from = remaining.get(start..).unwrap_or("");
        let Some(end) = from.find("/>") else { return unexpected() };
        let (item, after) = from.split_at(end + 2);
        items.push(item);
        remaining = after;
    }
    if !remaining.trim().is_empty() {
        // Something other than self-closed relationships: leave the part as docx-rs wrote it.
        return unexpected();
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

#[cfg(test)]
mod tests {
    use super::super::testing::{contains, skeleton, styled, text};
    use super::super::{Body, Link, Para, RuledRow, Run};
    use super::*;
    use docx_rs::{BuildXML, Footnote, TableCell, TableRow, WidthType};

    #[test]
    fn docx_rs_opens_paragraph_properties_with_empty_run_properties() {
        let raw = styled(1, "正文").0.build();
        assert!(contains(&raw, b"<w:pPr><w:rPr /><w:pStyle w:val=\"Normal\" />"), "{}", text(&raw));
        let mut body = Body::new();
        body.paragraph(styled(1, "正文"));
        let fixed = text(&body.document);
        assert!(
            fixed.contains("<w:pPr><w:pStyle w:val=\"Normal\" />") && !fixed.contains("<w:pPr><w:rPr />"),
            "{fixed}"
        );
        let footer = drop_empty_paragraph_run_properties(&raw);
        assert!(!contains(&footer, EMPTY_PPR) && contains(&footer, b"<w:pPr><w:pStyle"));
    }

    #[test]
    fn docx_rs_writes_no_right_indent_in_characters() {
        let p = Para::new(1).style("Signature").indent_right_chars(640, 200).run(Run::new().text("市政府"));
        let raw = text(&p.0.build());
        assert!(raw.contains(r#"<w:ind w:left="0" w:right="640" />"#), "{raw}");
        assert!(!raw.contains("rightChars"), "docx-rs writes characters now: {raw}");
        let mut body = Body::new();
        body.paragraph(p);
        let fixed = text(&body.document[body.head_len..]);
        assert!(fixed.contains(r#"<w:ind w:left="0" w:right="640" w:rightChars="200" />"#), "{fixed}");
    }

    #[test]
    fn docx_rs_writes_grid_columns_with_a_type() {
        let raw = text(&docx_rs::Table::without_borders(vec![]).set_grid(vec![100, 200]).build());
        assert!(raw.contains(r#"<w:gridCol w:w="100" w:type="dxa" />"#), "{raw}");
        let mut body = Body::new();
        body.table_start("TableGrid", 300, vec![100, 200]);
        body.table_end();
        let fixed = text(&body.document[body.head_len..]);
        assert!(
            fixed.contains(r#"<w:tblGrid><w:gridCol w:w="100" /><w:gridCol w:w="200" /></w:tblGrid>"#),
            "{fixed}"
        );
        // A floating table's position, last as docx-rs writes it, first after fix-up 10.
        let mut body = Body::new();
        let row =
            RuledRow { cells: vec![(8000, styled(1, "抄送：各部门。"))], above: 8, below: Some(8) };
        body.foot_table(1587, vec![8000], vec![row]);
        let fixed = text(&body.document[body.head_len..]);
        assert!(fixed.starts_with("<w:tbl><w:tblPr><w:tblpPr "), "{fixed}");
        assert!(fixed.contains(r#"w:vertAnchor="margin""#) && fixed.contains(r#"w:tblpYSpec="bottom""#));
    }

    #[test]
    fn docx_rs_writes_footnotes_without_their_mark() {
        let raw = Footnote { id: 1, content: vec![styled(2, "注文").0] }.build();
        let raw_text = text(&raw);
        assert!(raw_text.starts_with("<w:footnote ") && raw_text.contains("</w:pPr>"), "{raw_text}");
        assert!(!raw_text.contains("w:footnoteRef"), "docx-rs writes the mark itself now: {raw_text}");
        let fixed = text(&fix_footnote(&raw));
        let expected = format!("<w:pStyle w:val=\"Normal\" /></w:pPr>{FOOTNOTE_MARK}<w:r>");
        assert!(fixed.contains(&expected), "{fixed}");
        assert_eq!(fixed.matches("w:footnoteRef").count(), 1);
    }

    #[test]
    fn docx_rs_writes_relationships_as_self_closed_elements() {
        let mut body = Body::new();
        let links: Vec<Link> =
            (1..=3).rev().map(|n| body.external_link(n, &format!("https://example.com/{n}?a&b"))).collect();
        let mut p = Para::new(1);
        for link in links {
            p = p.link(link, Para::scratch().run(Run::new().text("链接")));
        }
        body.paragraph(p);
        let mut docx = skeleton().0;
        let raw = body.prepare(&mut docx).build();
        let raw_text = text(&raw);
        assert!(raw_text.contains("<Relationship ") && raw_text.ends_with("</Relationships>"), "{raw_text}");
        assert_eq!(raw_text.matches("<Relationship ").count(), raw_text.matches("/>").count(), "{raw_text}");
        assert!(raw_text.contains(r#"Target="https://example.com/1?a&amp;b""#), "{raw_text}");
        let sorted = text(&sort_relationships(&raw));
        let at = |id: &str| sorted.find(&format!("Id=\"{id}\"")).unwrap_or_else(|| panic!("{id}: {sorted}"));
        assert!(at("rIdHyperlink1") < at("rIdHyperlink2") && at("rIdHyperlink2") < at("rIdHyperlink3"));
        assert_eq!(sorted.len(), raw.len());
        // The unit case: sorted and deduplicated.
        let xml = br#"<?xml version="1.0"?><Relationships xmlns="x"><Relationship Id="b" /><Relationship Id="a" /><Relationship Id="b" /></Relationships>"#;
        assert_eq!(
            text(&sort_relationships(xml)),
            r#"<?xml version="1.0"?><Relationships xmlns="x"><Relationship Id="a" /><Relationship Id="b" /></Relationships>"#
        );
    }

    #[test]
    fn docx_rs_writes_rows_with_empty_properties() {
        let cells = || vec![(1000, styled(1, "甲")), (1000, styled(2, "乙"))];
        let raw = TableRow::new(
            cells()
                .into_iter()
                .map(|(w, p)| TableCell::new().width(w, WidthType::Dxa).add_paragraph(p.0))
                .collect(),
        )
        .build();
        assert!(raw.starts_with(b"<w:tr>") && contains(&raw, EMPTY_TR_PR), "{}", text(&raw));
        let mut body = Body::new();
        body.table_start("TableGrid", 2000, vec![1000, 1000]);
        body.table_row(cells(), true);
        body.table_row(cells(), false);
        body.table_end();
        let fixed = text(&body.document[body.head_len..]);
        assert_eq!(fixed.matches("<w:trPr><w:tblHeader /></w:trPr>").count(), 1, "{fixed}");
        assert!(fixed.find("<w:tblHeader />") < fixed.rfind("<w:trPr />"), "only the header row: {fixed}");
        assert!(fixed.starts_with("<w:tbl>") && fixed.ends_with("</w:tr></w:tbl>"), "{fixed}");
    }

    #[test]
    fn docx_rs_writes_every_picture_as_figure_1() {
        let picture = |rid: &str| Para::new(1).picture(rid.to_owned(), (40, 30), (381_000, 285_750));
        let raw = picture("rIdImage1").0.build();
        assert!(contains(&raw, DOC_PR), "{}", text(&raw));
        let mut body = Body::new();
        let png: &[u8] = b"\x89PNG\r\n\x1a\n";
        let first = body.picture("rIdImage1".to_owned(), png, "猫 & 狗".to_owned());
        body.paragraph(picture(&first));
        let again = body.picture("rIdImage2".to_owned(), png, String::new());
        assert_eq!(again, "rIdImage1", "equal bytes, one media part");
        body.paragraph(picture(&again));
        let fixed = text(&body.document[body.head_len..]);
        assert!(fixed.contains(r#"<wp:docPr id="1" name="Picture 1" descr="猫 &amp; 狗" />"#), "{fixed}");
        assert!(fixed.contains(r#"<wp:docPr id="2" name="Picture 2" descr="" />"#), "{fixed}");
        assert_eq!(body.pictures_described, 2);
        // Without alt texts, pictures stay as docx-rs wrote them.
        let (mut out, mut described) = (Vec::new(), 0);
        fix_document_into(DOC_PR, false, &[], &mut described, &mut out);
        assert_eq!(out, DOC_PR);
    }

    #[test]
    fn docx_rs_names_every_media_part_png() {
        let mut body = Body::new();
        let jpeg: &[u8] = b"\xFF\xD8\xFF\xE0jpeg";
        let rid = body.picture("rIdImage1".to_owned(), jpeg, String::new());
        body.paragraph(Para::new(1).picture(rid, (4, 3), (38_100, 28_575)));
        let mut docx = skeleton().0;
        let rels = body.prepare(&mut docx).build();
        let mut xml = docx.build();
        xml.document_rels = rels;
        assert!(
            contains(&xml.document_rels, br#"Target="media/rIdImage1.png""#),
            "{}",
            text(&xml.document_rels)
        );
        assert!(contains(&xml.content_type, b"<Default "), "{}", text(&xml.content_type));
        let renames = media_extensions(&mut xml, &body.media).expect("renamed");
        assert_eq!(renames, [("word/media/rIdImage1.png".to_owned(), "word/media/rIdImage1.jpg".to_owned())]);
        assert!(contains(&xml.document_rels, br#"Target="media/rIdImage1.jpg""#));
        assert!(
            contains(&xml.content_type, br#"<Default Extension="jpg" ContentType="image/jpeg" />"#),
            "{}",
            text(&xml.content_type)
        );
        // Relationships not as docx-rs writes them: no renaming that would break the reference.
        xml.document_rels = b"<Relationships/>".to_vec();
        assert!(media_extensions(&mut xml, &body.media).is_none());
    }

    #[test]
    fn docx_rs_writes_section_references_after_the_grid() {
        let raw = text(&skeleton().0.build().document);
        let section = &raw[raw.rfind("<w:sectPr>").expect("a section")..];
        let grid = section.find("<w:docGrid").expect("a grid");
        assert!(section.find("<w:footerReference").is_some_and(|f| f > grid), "{section}");
        let ordered = text(&order_section_properties(raw.clone().into_bytes()));
        let section = &ordered[ordered.rfind("<w:sectPr>").expect("a section")..];
        assert!(section.starts_with("<w:sectPr><w:footerReference"), "{section}");
        assert_eq!(ordered.len(), raw.len());
        // The unit case, with a header and a title page.
        let xml = br#"<w:body><w:sectPr><w:pgSz /><w:docGrid /><w:footerReference a="1" /><w:headerReference b="2" /><w:titlePg /></w:sectPr></w:body>"#;
        assert_eq!(
            text(&order_section_properties(xml.to_vec())),
            r#"<w:body><w:sectPr><w:headerReference b="2" /><w:footerReference a="1" /><w:pgSz /><w:titlePg /><w:docGrid /></w:sectPr></w:body>"#
        );
    }
}
