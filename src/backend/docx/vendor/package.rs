//! The package: the skeleton built by docx-rs, the streamed body and footnotes and numbering instances
//! spliced into its parts (fix-up 0), our own parts swapped in ([`OwnParts`]), the fix-ups of whole parts
//! applied, and every part written into a deterministic container (fix-up 7).

use super::elements::Skeleton;
use super::fixups::{
    drop_empty_paragraph_run_properties, fix_document_into, media_extensions, order_section_properties,
    sort_relationships,
};
use super::heads;
use super::stream::Body;
use super::{DOC_PR, EMPTY_PARTS, FOOTNOTE_PR, FOOTNOTE_SEPARATORS, NUMBERING_CLOSE, SETTINGS_COMPAT};
use crate::backend::container::{Container, Method};
use crate::backend::Timestamp;
use crate::diag::Error;
use docx_rs::{BuildXML, XMLDocx};

/// The parts written whole instead of docx-rs's (see `parts`).
pub(in crate::backend::docx) struct OwnParts {
    /// `word/styles.xml`.
    pub styles: Vec<u8>,
    /// `word/settings.xml`.
    pub settings: Vec<u8>,
    /// `docProps/core.xml`.
    pub core: Vec<u8>,
    /// `docProps/app.xml`.
    pub app: Vec<u8>,
    /// `word/fontTable.xml`.
    pub font_table: Vec<u8>,
}

/// The DOCX bytes of `skeleton` (everything but the body) with the streamed `body` and our own parts, the
/// container's entries dated `timestamp`.
pub(in crate::backend::docx) fn assemble(
    skeleton: Skeleton,
    mut body: Body,
    own: OwnParts,
    timestamp: Timestamp,
) -> Result<Vec<u8>, Error> {
    let unexpected =
        |part: &str| Error::backend("docx", format!("docx-rs wrote {part} in an unexpected form"));
    if let Some(what) = body.unexpected {
        return Err(unexpected(what));
    }
    let mut docx = skeleton.0;
    let relationships = body.prepare(&mut docx);
    let mut xml = docx.build();
    xml.document_rels = relationships.build();
    xml.styles = own.styles;
    xml.settings = own.settings;
    xml.doc_props.core = own.core;
    xml.doc_props.app = own.app;
    xml.font_table = own.font_table;
    if !body.numberings.is_empty() {
        // After docx-rs's own `w:num` (its default list), where docx-rs would have put them.
        xml.numberings = with_last_children(&xml.numberings, &body.numberings, NUMBERING_CLOSE)
            .ok_or_else(|| unexpected("numbering.xml"))?;
    }
    xml.numberings = drop_empty_paragraph_run_properties(&xml.numberings);
    if !body.footnotes.is_empty() {
        // Fix-up 12: the separator notes first, which the settings name.
        let notes = [FOOTNOTE_SEPARATORS, body.footnotes.as_slice()].concat();
        xml.footnotes = with_children(&xml.footnotes, &notes).ok_or_else(|| unexpected("footnotes.xml"))?;
        xml.settings = with_footnote_separators(&xml.settings).ok_or_else(|| unexpected("settings.xml"))?;
    }
    drop_empty_parts(&mut xml, body.footnotes.is_empty())
        .ok_or_else(|| unexpected("the package's relationships"))?;
    debug_assert_eq!(
        body.pictures_described,
        body.picture_alts.len(),
        "docx-rs no longer writes each picture's `wp:docPr` as `{}`",
        String::from_utf8_lossy(DOC_PR)
    );
    // The body goes where docx-rs's document of the section alone has none: after the part's opening,
    // which the body began with, and before the section properties.
    let mut document = std::mem::take(&mut body.document);
    let section = xml
        .document
        .get(body.head_len..)
        .filter(|_| body.head_len > 0 && xml.document.get(..body.head_len) == document.get(..body.head_len))
        .ok_or_else(|| unexpected("document.xml"))?;
    let mut described = 0;
    fix_document_into(section, false, &[], &mut described, &mut document);
    xml.document = order_section_properties(document);
    for part in xml.headers.iter_mut().chain(xml.footers.iter_mut()) {
        *part = drop_empty_paragraph_run_properties(part);
    }
    if let Some(heads) = &body.heads {
        let mut document = std::mem::take(&mut xml.document);
        heads::apply(&mut xml, &mut document, heads).ok_or_else(|| unexpected("the section"))?;
        xml.document = document;
    }
    let renames =
        media_extensions(&mut xml, &body.media).ok_or_else(|| unexpected("the media's relationships"))?;
    xml.document_rels = sort_relationships(&xml.document_rels);
    write_container(xml, &body.media, timestamp, &renames).map_err(|e| Error::backend("docx", e))
}

/// Fix-up 12: the settings naming the separator notes of [`FOOTNOTE_SEPARATORS`], before `w:compat` as
/// `CT_Settings` orders them.
fn with_footnote_separators(settings: &[u8]) -> Option<Vec<u8>> {
    let at = memchr::memmem::find(settings, SETTINGS_COMPAT)?;
    Some([settings.get(..at)?, FOOTNOTE_PR, settings.get(at..)?].concat())
}

/// Fix-up 12: the parts docx-rs writes whatever the document holds, which say nothing here (comments,
/// commentsExtended, custom properties; footnotes when there are none), left out of the container
/// ([`part_list`]), with their content types and relationships; `None` if these are not as docx-rs writes
/// them.
pub(super) fn drop_empty_parts(xml: &mut XMLDocx, no_footnotes: bool) -> Option<()> {
    let mut types = String::from_utf8(std::mem::take(&mut xml.content_type)).ok()?;
    let mut rels = String::from_utf8(std::mem::take(&mut xml.rels)).ok()?;
    let mut document_rels = String::from_utf8(std::mem::take(&mut xml.document_rels)).ok()?;
    for part in EMPTY_PARTS {
        types = without_element(&types, "<Override ", &format!(r#"PartName="/{part}""#))?;
    }
    rels = without_element(&rels, "<Relationship ", r#"Target="docProps/custom.xml""#)?;
    document_rels = without_element(&document_rels, "<Relationship ", r#"Target="commentsExtended.xml""#)?;
    if no_footnotes {
        xml.footnotes.clear();
    }
    xml.content_type = types.into_bytes();
    xml.rels = rels.into_bytes();
    xml.document_rels = document_rels.into_bytes();
    Some(())
}

/// `xml` without the one self-closed element that opens with `open` and holds `needle`; `None` if there is
/// none.
fn without_element(xml: &str, open: &str, needle: &str) -> Option<String> {
    let at = xml.find(needle)?;
    let start = xml.get(..at)?.rfind(open)?;
    let end = at + xml.get(at..)?.find("/>")? + 2;
    Some([xml.get(..start)?, xml.get(end..)?].concat())
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

/// The names and bytes of the parts, as docx-rs's `XMLDocx::pack` gives them (its `zipper::zip`: same names,
/// same order; its directory entries left out, as OPC has no folders; media parts renamed as `renames`
/// says), but for the empty parts of fix-up 12 ([`EMPTY_PARTS`]; footnotes when cleared).
fn part_list<'x>(
    xml: &'x XMLDocx,
    media: &[(String, &'x [u8])],
    renames: &[(String, String)],
) -> Vec<(String, &'x [u8])> {
    let mut parts: Vec<(String, &[u8])> = vec![
        ("[Content_Types].xml".into(), &xml.content_type),
        ("_rels/.rels".into(), &xml.rels),
        ("docProps/app.xml".into(), &xml.doc_props.app),
        ("docProps/core.xml".into(), &xml.doc_props.core),
        ("word/_rels/document.xml.rels".into(), &xml.document_rels),
        ("word/document.xml".into(), &xml.document),
        ("word/styles.xml".into(), &xml.styles),
        ("word/settings.xml".into(), &xml.settings),
        ("word/fontTable.xml".into(), &xml.font_table),
        ("word/numbering.xml".into(), &xml.numberings),
    ];
    if !xml.footnotes.is_empty() {
        parts.push(("word/footnotes.xml".into(), &xml.footnotes));
    }
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
    parts
}

/// Fix-up 7: writes the parts ([`part_list`]) every one deflated, dated `timestamp` and given mode 0644 —
/// so the bytes depend on the content only (docx-rs's own zip stores them with mode 0755 and the writer's
/// time, and reading it back cost more than writing it).
fn write_container(
    xml: XMLDocx,
    media: &[(String, &[u8])],
    timestamp: Timestamp,
    renames: &[(String, String)],
) -> Result<Vec<u8>, String> {
    let parts = part_list(&xml, media, renames);
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
    use super::super::fixups::add_footnote_marks;
    use super::super::testing::{contains, skeleton, text};
    use super::super::{BODY_OPEN, TABLE_CLOSE};
    use super::*;
    use docx_rs::Table;
    use std::io::Read;

    #[test]
    fn docx_rs_writes_the_parts_the_body_is_spliced_into() {
        // Fix-up 0: the opening of `document.xml`, repeated by the skeleton's own build.
        let empty = docx_rs::Document::new().build();
        assert!(contains(&empty, BODY_OPEN), "{}", text(&empty));
        let body = Body::new();
        assert!(body.head_len > 0);
        let xml = skeleton().0.build();
        assert_eq!(xml.document.get(..body.head_len), body.document.get(..body.head_len));
        // …a table's end tag, last, before which its rows go…
        let table = Table::without_borders(Vec::new()).style("TableGrid").build();
        assert!(table.ends_with(TABLE_CLOSE), "{}", text(&table));
        // …`numbering.xml` ending with its end tag, and `footnotes.xml` an empty element.
        assert!(xml.numberings.ends_with(NUMBERING_CLOSE), "{}", text(&xml.numberings));
        assert!(xml.footnotes.ends_with(b" />"), "{}", text(&xml.footnotes));
        let filled = with_children(&xml.footnotes, b"<w:footnote w:id=\"1\"></w:footnote>").expect("fills");
        assert!(
            text(&filled).ends_with("><w:footnote w:id=\"1\"></w:footnote></w:footnotes>"),
            "{}",
            text(&filled)
        );
    }

    #[test]
    fn the_container_holds_what_docx_rs_would_pack() {
        let xml = skeleton().0.build();
        let mut packed = std::io::Cursor::new(Vec::new());
        skeleton().0.build().pack(&mut packed).expect("docx-rs packs");
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(packed.into_inner())).expect("a zip");
        let theirs: Vec<String> = (0..archive.len())
            .filter_map(|i| {
                let file = archive.by_index(i).expect("entry");
                (!file.is_dir()).then(|| file.name().to_owned())
            })
            .filter(|name| !EMPTY_PARTS.contains(&name.as_str()))
            .collect();
        let ours: Vec<String> = part_list(&xml, &[], &[]).into_iter().map(|(name, _)| name).collect();
        assert_eq!(ours, theirs);
        // …written with one time and content alone.
        let bytes = write_container(xml, &[], Timestamp::DEFAULT, &[]).expect("writes");
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
        let mut document = String::new();
        archive.by_name("word/document.xml").expect("document").read_to_string(&mut document).expect("reads");
        assert!(document.contains("<w:body>"));
    }

    #[test]
    fn docx_rs_writes_empty_parts_and_no_footnote_separator() {
        let xml = skeleton().0.build();
        assert!(text(&xml.comments).ends_with(" />") && text(&xml.doc_props.custom).ends_with(" />"));
        assert!(
            contains(&xml.comments_extended, b"<w15:commentsEx ") && contains(&xml.comments_extended, b" />")
        );
        assert!(!contains(&xml.footnotes, b"w:separator"), "{}", text(&xml.footnotes));
        assert!(
            contains(&xml.numberings, b"<w:lvlJc w:val=\"left\" /><w:pPr><w:rPr />"),
            "{}",
            text(&xml.numberings)
        );
        let own = || OwnParts {
            styles: vec![],
            settings: b"<w:settings><w:compat></w:compat></w:settings>".to_vec(),
            core: vec![],
            app: vec![],
            font_table: vec![],
        };
        let names_and = |body: Body, part: &str| {
            let bytes = assemble(skeleton(), body, own(), Timestamp::DEFAULT).expect("assembles");
            let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
            let names: Vec<String> = archive.file_names().map(str::to_owned).collect();
            let mut read = |name: &str| {
                let mut s = String::new();
                if let Ok(mut f) = archive.by_name(name) {
                    f.read_to_string(&mut s).expect("reads");
                }
                s
            };
            (
                names,
                read(part),
                read("[Content_Types].xml") + &read("_rels/.rels") + &read("word/_rels/document.xml.rels"),
                read("word/settings.xml"),
                read("word/numbering.xml"),
            )
        };
        let (names, footnotes, declared, settings, numbering) = names_and(Body::new(), "word/footnotes.xml");
        for part in EMPTY_PARTS.iter().chain(&["word/footnotes.xml"]) {
            assert!(!names.iter().any(|n| n == part), "{part} in {names:?}");
            assert!(!declared.contains(part.rsplit('/').next().unwrap_or(part)), "{part}: {declared}");
        }
        assert!(footnotes.is_empty() && !settings.contains("footnotePr"));
        assert!(!numbering.contains("<w:rPr />") || !numbering.contains("<w:pPr><w:rPr />"), "{numbering}");
        let mut body = Body::new();
        body.footnote(1, vec![super::super::testing::styled(2, "注")]);
        let (names, footnotes, _, settings, _) = names_and(body, "word/footnotes.xml");
        assert!(names.iter().any(|n| n == "word/footnotes.xml"));
        assert!(footnotes.contains(r#"<w:footnote w:type="separator" w:id="-1">"#), "{footnotes}");
        assert!(footnotes.find("w:separator/") < footnotes.find(r#"<w:footnote w:id="1""#), "{footnotes}");
        assert!(
            settings.contains(
                r#"<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr><w:compat>"#
            ),
            "{settings}"
        );
    }

    #[test]
    fn a_missing_anchor_is_reported() {
        // Where the package would break: an error.
        let mut body = Body::new();
        body.unexpected = Some("a table");
        let own =
            || OwnParts { styles: vec![], settings: vec![], core: vec![], app: vec![], font_table: vec![] };
        assert!(assemble(skeleton(), body, own(), Timestamp::DEFAULT).is_err());
        let mut body = Body::new();
        body.head_len = 0;
        assert!(assemble(skeleton(), body, own(), Timestamp::DEFAULT).is_err());
        // Where only docx-rs's flaw would stay: a debug assertion.
        if cfg!(debug_assertions) {
            let panics = |f: fn()| std::panic::catch_unwind(f).is_err();
            assert!(panics(|| {
                drop_empty_paragraph_run_properties(br#"<w:p><w:pPr><w:pStyle w:val="x" /></w:pPr></w:p>"#);
            }));
            assert!(panics(|| {
                fix_document_into(
                    b"<w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr>",
                    true,
                    &[],
                    &mut 0,
                    &mut Vec::new(),
                );
            }));
            assert!(panics(|| {
                add_footnote_marks(br#"<w:footnote w:id="1"><w:p></w:p></w:footnote>"#);
            }));
            assert!(panics(|| {
                sort_relationships(b"<Relationships></Relationships>");
            }));
            assert!(panics(|| {
                order_section_properties(b"<w:sectPr><w:pgSz></w:pgSz></w:sectPr>".to_vec());
            }));
        }
    }
}
