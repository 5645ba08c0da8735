//! The one door to docx-rs 0.4.22, pinned exactly in `Cargo.toml`: every call into it and every fix-up of
//! what it writes is in this module, so that an upgrade means reading this module and running its tests.
//!
//! What docx-rs does for the backend: it writes every element of the body ([`Para`], [`Run`], [`Link`],
//! tables, footnotes, pictures, list numbering) and the rest of the package (section, footers, numbering
//! definitions, relationships, content types: [`Skeleton`]). The body is not held in a `Docx`: [`Body`]
//! writes each block as XML as soon as it is built and drops it, so that memory follows the output, not
//! docx-rs's structs (a `Paragraph` is 2.4 KB before its children, a `Run` 0.7 KB), of which `Docx::build`
//! would hold the whole body, and then copies. What `Docx::build` collects from a whole body is collected
//! as the blocks stream past, with docx-rs's rules: the footnotes, the lists' numbering instances, the
//! external hyperlinks' relationships, the pictures' media parts (one part per distinct content, later uses
//! pointing at the first one's relationship) and whether any paragraph is numbered.
//!
//! docx-rs takes paragraph ids from a thread-local counter and hyperlink, footnote and picture ids from
//! process-global atomics: every such id is given here by the caller, per document, so two renders of one
//! document give the same bytes on any thread.
//!
//! The fix-ups of what docx-rs writes, each with its anchor (the exact text it depends on) and the test that
//! fails when docx-rs no longer writes that text:
//! 0. splicing: the streamed body goes into the `document.xml` docx-rs writes for the section alone, after
//!    the part's opening ([`BODY_OPEN`]), a table's rows before its end tag ([`TABLE_CLOSE`]), the footnotes
//!    into docx-rs's empty `footnotes.xml`, the numbering instances before [`NUMBERING_CLOSE`]
//!    (`docx_rs_writes_the_parts_the_body_is_spliced_into`, `the_streamed_body_is_what_docx_rs_would_write`);
//! 1. docx-rs opens every `w:pPr` with an empty `w:rPr` ([`EMPTY_PPR`]), which ECMA-376 places last: dropped
//!    (`docx_rs_opens_paragraph_properties_with_empty_run_properties`);
//! 2. a footnote has no `w:footnoteRef` mark (Word would show the note without its number): one goes after
//!    the first paragraph's properties (`docx_rs_writes_footnotes_without_their_mark`);
//! 3. `document.xml.rels` lists hyperlinks from a `HashMap`, in an order that changes from run to run: the
//!    `<Relationship …/>` elements are sorted (`docx_rs_writes_relationships_as_self_closed_elements`);
//! 4. no `w:tblHeader`: a header row's empty [`EMPTY_TR_PR`] gets one, so Word repeats the row on every page
//!    and pandoc reads it as the table head (`docx_rs_writes_rows_with_empty_properties`);
//! 5. pictures: every `wp:docPr` is [`DOC_PR`] (id 1, no description): each gets its own id and its alt
//!    text (`docx_rs_writes_every_picture_as_figure_1`); every media part is named `.png` whatever it holds:
//!    JPEG and GIF parts get their own extension, relationship target and content type
//!    (`docx_rs_names_every_media_part_png`);
//! 6. the body's `w:sectPr` children are out of ECMA-376 sequence (header and footer references and
//!    `w:titlePg` after `w:docGrid`): reordered (`docx_rs_writes_section_references_after_the_grid`);
//! 7. the container: docx-rs's zip stores every part with mode 0755 and the writer's time; the parts go
//!    into a deterministic container (`crate::backend::container`) under the names and in the order
//!    `XMLDocx::pack` gives them (`the_container_holds_what_docx_rs_would_pack`).
//! 8. a right indent in characters (`w:rightChars`, the closing block's insets on the grid): docx-rs
//!    writes twips only; the attribute goes after `w:right` (`docx_rs_writes_no_right_indent_in_characters`);
//! 10. the children of `w:pPr`, `w:rPr`, `w:tblPr` and `w:numPr` in the order docx-rs builds them (`numId`
//!     before `ilvl`, `tblStyle` and a floating table's `tblpPr` last, `rStyle` after `b`): put in the
//!     schema's sequence (`docx_rs_writes_property_children_out_of_schema_order`);
//! 11. every `w:gridCol` has a `w:type`, which the schema does not declare: dropped
//!     (`docx_rs_writes_grid_columns_with_a_type`);
//! 12. docx-rs writes `comments.xml`, `commentsExtended.xml` and `docProps/custom.xml` empty, and
//!     `footnotes.xml` without the separator notes (so LibreOffice draws no 脚注线): the empty parts are
//!     left out with their content types and relationships, the separators added and named in the settings
//!     (`docx_rs_writes_empty_parts_and_no_footnote_separator`).
//!
//! Parts docx-rs cannot write as Word needs them are written whole by `parts` and swapped in ([`OwnParts`]).
//! Measured on 0.4.22 (CRATES.md): its styles drop `firstLineChars`, cannot express `w:lang` or `w:em`, and
//! write style children out of ECMA-376 order (rPr before pPr, basedOn last); its settings put
//! `w:characterSpacingControl` *inside* `w:compat`, where Word ignores it; its core properties cannot carry
//! a title, creator or language.
//!
//! A missing anchor that would break the file (splicing, media names) is an error; one that would only keep
//! docx-rs's flaw a debug assertion.
//!
//! The boundary is this module and its files, one idea each: [`elements`] wraps docx-rs's builders,
//! [`stream`] writes the body as it is built, [`fixups`] holds fix-ups 1–6, 8 and 11, [`order`] fix-up 10, and [`package`] splices the
//! parts, swaps ours in and writes the container (fix-ups 0 and 7); the anchors are here, in one list.

mod elements;
mod fixups;
mod heads;
mod order;
mod package;
mod stream;

pub(super) use elements::{Link, ListLevel, Margins, Para, Run, Section, Skeleton};
pub(super) use package::{assemble, OwnParts};
pub(super) use stream::{Body, RuledRow};

/// The start tag of the body, after which blocks go.
const BODY_OPEN: &[u8] = b"<w:body>";
/// The end tag of a table, before which its rows go.
const TABLE_CLOSE: &[u8] = b"</w:tbl>";
/// The end of `numbering.xml`, before which the lists' numbering instances go.
const NUMBERING_CLOSE: &[u8] = b"</w:numbering>";
/// How docx-rs opens every paragraph's properties (fix-up 1).
const EMPTY_PPR: &[u8] = b"<w:pPr><w:rPr />";
/// The empty run properties of [`EMPTY_PPR`].
const EMPTY_RPR: &[u8] = b"<w:rPr />";
/// What [`EMPTY_PPR`] becomes.
const PPR: &[u8] = b"<w:pPr>";
/// The number mark of a footnote, which docx-rs does not write (fix-up 2).
const FOOTNOTE_MARK: &str =
    r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>"#;
/// docx-rs writes each picture's `wp:docPr` as this (fix-up 5); Word wants ids unique in the document.
const DOC_PR: &[u8] = br#"<wp:docPr id="1" name="Figure" />"#;
/// An empty row-properties element, where a header row gets `w:tblHeader` (fix-up 4).
const EMPTY_TR_PR: &[u8] = b"<w:trPr />";
/// The right indent's attribute in a `w:ind` docx-rs writes, after whose value `w:rightChars` goes
/// (fix-up 8).
const IND_RIGHT: &[u8] = b" w:right=";
/// A grid column, whose [`GRID_COL_TYPE`] goes (fix-up 11).
const GRID_COL: &[u8] = b"<w:gridCol ";
/// The attribute docx-rs gives every grid column, which the schema does not declare.
const GRID_COL_TYPE: &[u8] = br#" w:type="dxa""#;
/// The parts docx-rs writes empty whatever the document holds (fix-up 12).
const EMPTY_PARTS: [&str; 3] = ["docProps/custom.xml", "word/comments.xml", "word/commentsExtended.xml"];
/// The separator notes of `footnotes.xml` (fix-up 12): the rule above the notes (脚注线, which LibreOffice
/// draws only from this note) and the one above notes continued from the page before.
const FOOTNOTE_SEPARATORS: &[u8] = concat!(
    r#"<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>"#,
    r#"<w:r><w:separator/></w:r></w:p></w:footnote>"#,
    r#"<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>"#,
    r#"<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"#
)
.as_bytes();
/// The settings' reference to [`FOOTNOTE_SEPARATORS`].
const FOOTNOTE_PR: &[u8] = br#"<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>"#;
/// The settings' element before which [`FOOTNOTE_PR`] goes.
const SETTINGS_COMPAT: &[u8] = b"<w:compat>";
/// What [`EMPTY_TR_PR`] becomes in a header row.
const HEADER_TR_PR: &[u8] = b"<w:trPr><w:tblHeader /></w:trPr>";

/// What the tests of the fix-ups share: a paragraph and a skeleton as the body builder makes them.
#[cfg(test)]
mod testing {
    use super::{ListLevel, Margins, Para, Run, Section, Skeleton};
    use memchr::memmem;

    pub(super) fn text(xml: &[u8]) -> String {
        String::from_utf8(xml.to_vec()).expect("utf-8")
    }

    pub(super) fn contains(xml: &[u8], needle: &[u8]) -> bool {
        memmem::find(xml, needle).is_some()
    }

    /// A paragraph as the body builder makes them.
    pub(super) fn styled(n: u32, text: &str) -> Para {
        Para::new(n).style("Normal").run(Run::new().text(text))
    }

    /// A skeleton as the body builder finishes it: a list definition, a section with odd and even footers.
    pub(super) fn skeleton() -> Skeleton {
        let mut skeleton = Skeleton::new();
        let level = |l: i32| ListLevel {
            format: "decimal",
            text: format!("%{}.", l + 1),
            left: 640 * (l + 1),
            hanging: 640,
        };
        skeleton.abstract_numbering(2, (0..2).map(level).collect());
        skeleton.section(Section {
            width: 11906,
            height: 16838,
            margins: Margins { top: 2098, bottom: 1984, left: 1587, right: 1474, header: 850, footer: 992 },
            line_pitch: 579,
            footer: Para::new(90).style("FooterOdd").page_number(),
            even_footer: Some(Para::new(91).style("FooterEven").page_number()),
        });
        skeleton
    }
}
