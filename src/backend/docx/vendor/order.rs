//! Fix-up 10: the children of the property elements docx-rs writes in the order it builds them, which is
//! not always ECMA-376's (`numPr` with `numId` before `ilvl`; `tblStyle` last in `tblPr`; `rStyle` after
//! `b` in a run's `rPr`; `spacing` after `ind` in `pPr`), put in the sequence of the transitional schema.
//! Word repairs such files on opening (and says so); strict readers reject them.
//!
//! The sequences list the elements of `wml.xsd`'s `CT_PPr`, `CT_RPr`, `CT_TblPr` and `CT_NumPr`. A child
//! not listed keeps its place after the child before it.

use memchr::memmem;
use std::borrow::Cow;

/// `CT_PPr`: `CT_PPrBase`, then the paragraph mark's run properties and the section.
const PPR: &[&str] = &[
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
];

/// `CT_RPr`: `EG_RPrBase` in the order of its sequence.
const RPR: &[&str] = &[
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
];

/// `CT_TblPr`.
const TBLPR: &[&str] = &[
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
];

/// `CT_NumPr`.
const NUMPR: &[&str] = &["ilvl", "numId"];

/// The property elements whose children are put in order, by start tag.
const ORDERED: &[(&[u8], &[&str])] =
    &[(b"<w:pPr>", PPR), (b"<w:rPr>", RPR), (b"<w:tblPr>", TBLPR), (b"<w:numPr>", NUMPR)];

/// `xml` with the children of every `pPr`, `rPr`, `tblPr` and `numPr` in schema order (borrowed when
/// all are in order already).
pub(super) fn in_schema_order(xml: &[u8]) -> Cow<'_, [u8]> {
    if !needs_ordering(xml) {
        return Cow::Borrowed(xml);
    }
    let mut out = Vec::with_capacity(xml.len());
    write_ordered(xml, &mut out);
    Cow::Owned(out)
}

/// Whether some property element of `xml` has its children out of order.
fn needs_ordering(xml: &[u8]) -> bool {
    ORDERED.iter().any(|&(open, sequence)| {
        memmem::find_iter(xml, open).any(|at| {
            let inner = inner_of(xml, at + open.len(), open);
            !is_sorted(&children(inner), sequence)
        })
    })
}

/// The content of the element opened by `open`, from `start` (after the start tag) to its end tag.
fn inner_of<'x>(xml: &'x [u8], start: usize, open: &[u8]) -> &'x [u8] {
    let rest = xml.get(start..).unwrap_or_default();
    let close = [b"</", open.get(1..).unwrap_or_default()].concat();
    rest.get(..memmem::find(rest, &close).unwrap_or(0)).unwrap_or_default()
}

/// Writes `xml` to `out`, each property element's children in order (and their own children in turn).
fn write_ordered(xml: &[u8], out: &mut Vec<u8>) {
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = xml.get(at..).and_then(|rest| memchr::memchr(b'<', rest)) {
        let start = at + found;
        let tag = xml.get(start..).unwrap_or_default();
        let Some(&(open, sequence)) = ORDERED.iter().find(|(open, _)| tag.starts_with(open)) else {
            at = start + 1;
            continue;
        };
        let inner_start = start + open.len();
        let inner = inner_of(xml, inner_start, open);
        out.extend_from_slice(xml.get(copied..inner_start).unwrap_or_default());
        let mut kids = children(inner);
        sort(&mut kids, sequence);
        for child in kids {
            write_ordered(child, out);
        }
        at = inner_start + inner.len();
        copied = at;
    }
    out.extend_from_slice(xml.get(copied..).unwrap_or_default());
}

/// The child elements of `inner` (an element's content of elements only), each whole.
fn children(inner: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut child_start = 0;
    let mut at = 0;
    while let Some(found) = inner.get(at..).and_then(|rest| memchr::memchr(b'<', rest)) {
        let start = at + found;
        let Some(end) = inner.get(start..).and_then(|rest| memchr::memchr(b'>', rest)).map(|e| start + e + 1)
        else {
            break;
        };
        let tag = inner.get(start..end).unwrap_or_default();
        if depth == 0 {
            child_start = start;
        }
        if tag.starts_with(b"</") {
            depth = depth.saturating_sub(1);
        } else if !tag.ends_with(b"/>") {
            depth += 1;
        }
        if depth == 0 {
            out.push(inner.get(child_start..end).unwrap_or_default());
        }
        at = end;
    }
    out
}

/// The local name of a child element (`<w:b />` → `b`).
fn local_name(child: &[u8]) -> &[u8] {
    let name = child.get(1..).unwrap_or_default();
    let end = name.iter().position(|&b| b == b' ' || b == b'/' || b == b'>').unwrap_or(name.len());
    let name = name.get(..end).unwrap_or_default();
    name.strip_prefix(b"w:").unwrap_or(name)
}

/// The place of each child in `sequence`; an unlisted child takes the place of the one before it. The
/// empty run properties docx-rs opens every `w:pPr` with stay first, where fix-up 1 drops them.
fn keys(children: &[&[u8]], sequence: &[&str]) -> Vec<usize> {
    let mut last = 0;
    children
        .iter()
        .map(|child| {
            if *child == super::EMPTY_RPR {
                return 0;
            }
            let name = local_name(child);
            if let Some(at) = sequence.iter().position(|s| s.as_bytes() == name) {
                last = at;
            }
            last
        })
        .collect()
}

fn is_sorted(children: &[&[u8]], sequence: &[&str]) -> bool {
    keys(children, sequence).windows(2).all(|w| w[0] <= w[1])
}

/// Puts `children` in `sequence`'s order, stably.
fn sort(children: &mut Vec<&[u8]>, sequence: &[&str]) {
    let keys = keys(children, sequence);
    let mut keyed: Vec<(usize, &[u8])> = keys.into_iter().zip(children.iter().copied()).collect();
    keyed.sort_by_key(|&(key, _)| key);
    *children = keyed.into_iter().map(|(_, child)| child).collect();
}

#[cfg(test)]
mod tests {
    use super::super::testing::text;
    use super::*;
    use docx_rs::BuildXML;

    #[test]
    fn docx_rs_writes_property_children_out_of_schema_order() {
        let numbered = super::super::Para::new(1).style("List").numbered(2, 0).0.build();
        assert!(text(&numbered).contains(r#"<w:numPr><w:numId w:val="2" /><w:ilvl w:val="0" /></w:numPr>"#));
        let fixed = text(&in_schema_order(&numbered));
        assert!(fixed.contains(r#"<w:numPr><w:ilvl w:val="0" /><w:numId w:val="2" /></w:numPr>"#), "{fixed}");
        let table =
            docx_rs::Table::without_borders(vec![]).style("TableGrid").width(100, docx_rs::WidthType::Dxa);
        let raw = text(&table.build());
        assert!(raw.contains(r#"<w:tblBorders /><w:tblStyle w:val="TableGrid" /></w:tblPr>"#), "{raw}");
        let fixed = text(&in_schema_order(raw.as_bytes()));
        assert!(fixed.contains(r#"<w:tblPr><w:tblStyle w:val="TableGrid" /><w:tblW "#), "{fixed}");
        let run = docx_rs::Run::new().bold().style("Strong").build();
        let raw = text(&run);
        assert!(raw.find("<w:b />") < raw.find("<w:rStyle"), "{raw}");
        let fixed = text(&in_schema_order(&run));
        assert!(fixed.starts_with(r#"<w:r><w:rPr><w:rStyle w:val="Strong" /><w:b />"#), "{fixed}");
        assert_eq!(fixed.len(), raw.len());
        // Nested: a paragraph mark's run properties inside the paragraph's, both out of order.
        let xml = br#"<w:pPr><w:rPr><w:b /><w:rStyle w:val="a" /></w:rPr><w:jc w:val="left" /><w:ind w:left="1" /><w:spacing w:before="0" /><w:pStyle w:val="p" /></w:pPr>"#;
        assert_eq!(
            text(&in_schema_order(xml)),
            r#"<w:pPr><w:pStyle w:val="p" /><w:spacing w:before="0" /><w:ind w:left="1" /><w:jc w:val="left" /><w:rPr><w:rStyle w:val="a" /><w:b /></w:rPr></w:pPr>"#
        );
        // docx-rs's empty run properties stay first, for fix-up 1.
        let xml = br#"<w:pPr><w:rPr /><w:pStyle w:val="p" /><w:numPr><w:numId w:val="2" /><w:ilvl w:val="0" /></w:numPr></w:pPr>"#;
        assert!(text(&in_schema_order(xml)).starts_with("<w:pPr><w:rPr /><w:pStyle"));
        let ordered = br#"<w:p><w:pPr><w:pStyle w:val="p" /></w:pPr><w:r><w:rPr /><w:t>x</w:t></w:r></w:p>"#;
        assert!(matches!(in_schema_order(ordered), Cow::Borrowed(_)));
    }
}
