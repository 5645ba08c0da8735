//! A checker of the WordprocessingML rules of ECMA-376 (5th edition, transitional schema `wml.xsd`) that
//! Word and LibreOffice enforce or that the issue found broken: the child order of the property elements
//! (`pPr`, `rPr`, `tblPr`, `numPr`, `sectPr`, `tcPr`, `trPr`, `style`, `lvl` and the border and margin
//! lists inside them), the elements a context does not allow (`rPr` in a numbering level's or a style's
//! `pPr`, which are `CT_PPrGeneral`), and attributes the schema does not declare (`w:type` on `gridCol`)
//! or values outside their enumeration (`w:hint`). Not the whole schema: the XSD files are 600 KB and no
//! validator of them is in Debian's default install; these are the rules paiban's writer could break.

use quick_xml::events::{BytesStart, Event};

/// `w:pPr` of a paragraph (`CT_PPr`): `CT_PPrBase`, then the paragraph mark's `rPr`, `sectPr`, `pPrChange`.
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

/// The elements of [`PPR`] a `CT_PPrGeneral` (a style's or numbering level's `pPr`) does not have.
const PPR_ONLY_IN_PARAGRAPHS: &[&str] = &["rPr", "sectPr"];

/// `w:rPr` (`CT_RPr`, `CT_ParaRPr`): the revision marks, `EG_RPrBase` in the order of its sequence, then
/// `rPrChange`.
const RPR: &[&str] = &[
    "ins",
    "del",
    "moveFrom",
    "moveTo",
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
    "rPrChange",
];

/// `w:tblPr` (`CT_TblPr`).
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
    "tblPrChange",
];

/// `w:numPr` (`CT_NumPr`).
const NUMPR: &[&str] = &["ilvl", "numId", "numberingChange", "ins"];

/// `w:sectPr` (`CT_SectPr`): header and footer references in any order, then the section's contents.
const SECTPR: &[&str] = &[
    "headerReference|footerReference",
    "footnotePr",
    "endnotePr",
    "type",
    "pgSz",
    "pgMar",
    "paperSrc",
    "pgBorders",
    "lnNumType",
    "pgNumType",
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
];

/// `w:tcPr` (`CT_TcPr`).
const TCPR: &[&str] = &[
    "cnfStyle",
    "tcW",
    "gridSpan",
    "hMerge",
    "vMerge",
    "tcBorders",
    "shd",
    "noWrap",
    "tcMar",
    "textDirection",
    "tcFitText",
    "vAlign",
    "hideMark",
    "headers",
    "cellIns|cellDel|cellMerge",
    "tcPrChange",
];

/// `w:trPr` (`CT_TrPr`): its base properties are a choice, in any order, then the revision marks.
const TRPR: &[&str] = &[
    "cnfStyle|divId|gridBefore|gridAfter|wBefore|wAfter|cantSplit|trHeight|tblHeader|tblCellSpacing|jc|hidden",
    "ins",
    "del",
    "trPrChange",
];

/// `w:style` (`CT_Style`).
const STYLE: &[&str] = &[
    "name",
    "aliases",
    "basedOn",
    "next",
    "link",
    "autoRedefine",
    "hidden",
    "uiPriority",
    "semiHidden",
    "unhideWhenUsed",
    "qFormat",
    "locked",
    "personal",
    "personalCompose",
    "personalReply",
    "rsid",
    "pPr",
    "rPr",
    "tblPr",
    "trPr",
    "tcPr",
    "tblStylePr",
];

/// `w:lvl` (`CT_Lvl`).
const LVL: &[&str] = &[
    "start",
    "numFmt",
    "lvlRestart",
    "pStyle",
    "isLgl",
    "suff",
    "lvlText",
    "lvlPicBulletId",
    "legacy",
    "lvlJc",
    "pPr",
    "rPr",
];

/// `w:pBdr` (`CT_PBdr`).
const PBDR: &[&str] = &["top", "left", "bottom", "right", "between", "bar"];

/// `w:tblBorders`, `w:tcBorders` (with the diagonals), `w:tblCellMar`, `w:tcMar`: top, leading side, bottom,
/// trailing side.
const BORDERS: &[&str] =
    &["top", "left|start", "bottom", "right|end", "insideH", "insideV", "tl2br", "tr2bl"];

/// `w:footnotePr` in the settings: the position and format, then the special notes.
const FOOTNOTE_PR: &[&str] = &["pos", "numFmt", "numStart", "numRestart", "footnote"];

/// The sequence a parent's children follow, given the parent's parent (a `pPr` in a style or numbering
/// level is `CT_PPrGeneral`, whose children are [`PPR`] without [`PPR_ONLY_IN_PARAGRAPHS`]).
fn sequence(parent: &str) -> Option<&'static [&'static str]> {
    Some(match parent {
        "pPr" => PPR,
        "rPr" => RPR,
        "tblPr" => TBLPR,
        "numPr" => NUMPR,
        "sectPr" => SECTPR,
        "tcPr" => TCPR,
        "trPr" => TRPR,
        "style" => STYLE,
        "lvl" => LVL,
        "pBdr" => PBDR,
        "tblBorders" | "tcBorders" | "tblCellMar" | "tcMar" => BORDERS,
        "footnotePr" => FOOTNOTE_PR,
        _ => return None,
    })
}

/// The place of `child` in `sequence`, where an entry may name alternatives (`a|b`).
fn position(sequence: &[&str], child: &str) -> Option<usize> {
    sequence.iter().position(|entry| entry.split('|').any(|name| name == child))
}

/// An open element: its local name (WordprocessingML only) and the place in its parent's sequence its
/// last child took.
struct Open {
    name: String,
    wml: bool,
    last: usize,
}

/// The violations of the rules above in one part (`part` names it in the messages).
pub fn check_part(part: &str, xml: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<Open> = Vec::new();
    let mut errors = Vec::new();
    loop {
        let (element, empty) = match reader.read_event() {
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::End(_)) => {
                stack.pop();
                continue;
            }
            Ok(Event::Eof) => break,
            Ok(_) => continue,
            Err(e) => {
                errors.push(format!("{part}: not well-formed: {e}"));
                break;
            }
        };
        let (name, wml) = local_name(&element);
        let mut names: Vec<&str> = stack.iter().map(|o| o.name.as_str()).collect();
        names.push(&name);
        let path = format!("{part}: {}", names.join("/"));
        if wml {
            errors.extend(check_attributes(&name, &element).into_iter().map(|e| format!("{path}: {e}")));
        }
        // A `pPr` in a style or numbering level is `CT_PPrGeneral`.
        let general = stack.len() >= 2
            && stack
                .get(stack.len() - 2)
                .is_some_and(|g| matches!(g.name.as_str(), "lvl" | "style" | "pPrDefault"));
        if let Some(parent) = stack.last_mut().filter(|p| p.wml && wml) {
            if let Some(seq) = sequence(&parent.name) {
                let general = general && parent.name == "pPr";
                match position(seq, &name) {
                    Some(_) if general && PPR_ONLY_IN_PARAGRAPHS.contains(&name.as_str()) => {
                        errors.push(format!("{path}: not allowed in a style's or numbering level's pPr"))
                    }
                    Some(at) if at < parent.last => {
                        errors.push(format!("{path}: out of order (after {})", seq[parent.last]))
                    }
                    Some(at) => parent.last = at,
                    None => errors.push(format!("{path}: not a child the schema allows here")),
                }
            }
        }
        if !empty {
            stack.push(Open { name, wml, last: 0 });
        }
    }
    errors
}

/// The local name of `element` and whether it is in WordprocessingML's namespace (prefix `w`, as every
/// writer of these parts binds it).
fn local_name(element: &BytesStart) -> (String, bool) {
    let qname = String::from_utf8_lossy(element.name().as_ref()).into_owned();
    match qname.split_once(':') {
        Some(("w", local)) => (local.to_owned(), true),
        _ => (qname, false),
    }
}

/// Attributes the schema does not declare, or values outside their enumeration.
fn check_attributes(name: &str, element: &BytesStart) -> Vec<String> {
    let mut errors = Vec::new();
    for attribute in element.attributes().flatten() {
        let key = String::from_utf8_lossy(attribute.key.as_ref()).into_owned();
        let value = String::from_utf8_lossy(&attribute.value).into_owned();
        match (name, key.as_str()) {
            // `CT_TblGridCol` has `w:w` alone.
            ("gridCol", k) if k != "w:w" => errors.push(format!("attribute {k} is not declared")),
            ("rFonts", "w:hint") if !matches!(value.as_str(), "default" | "eastAsia" | "cs") => {
                errors.push(format!("w:hint=\"{value}\" is not an ST_Hint"))
            }
            _ => {}
        }
    }
    errors
}

#[cfg(test)]
mod self_tests {
    use super::check_part;

    fn errors(xml: &str) -> Vec<String> {
        check_part("t", &format!(r#"<w:document xmlns:w="w">{xml}</w:document>"#))
    }

    #[test]
    fn the_checker_finds_each_kind_of_violation() {
        assert!(errors(r#"<w:p><w:pPr><w:pStyle w:val="a"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr><w:jc w:val="left"/><w:rPr><w:b/></w:rPr></w:pPr></w:p>"#).is_empty());
        let numpr = errors(r#"<w:numPr><w:numId w:val="2"/><w:ilvl w:val="0"/></w:numPr>"#);
        assert!(numpr.len() == 1 && numpr[0].contains("numPr/ilvl: out of order"), "{numpr:?}");
        let tblpr = errors(r#"<w:tblPr><w:tblW w:w="0"/><w:tblStyle w:val="a"/></w:tblPr>"#);
        assert!(tblpr.len() == 1 && tblpr[0].contains("tblStyle: out of order"), "{tblpr:?}");
        let grid = errors(r#"<w:tblGrid><w:gridCol w:w="10" w:type="dxa"/></w:tblGrid>"#);
        assert!(grid.len() == 1 && grid[0].contains("w:type is not declared"), "{grid:?}");
        let lvl = errors(r#"<w:lvl><w:start w:val="1"/><w:pPr><w:rPr/><w:ind w:left="1"/></w:pPr></w:lvl>"#);
        assert!(lvl.iter().any(|e| e.contains("lvl/pPr/rPr: not allowed")), "{lvl:?}");
        let sect = errors(r#"<w:sectPr><w:pgSz/><w:footerReference/></w:sectPr>"#);
        assert!(sect.len() == 1 && sect[0].contains("out of order"), "{sect:?}");
        let unknown = errors(r#"<w:rPr><w:bold/></w:rPr>"#);
        assert!(unknown.len() == 1 && unknown[0].contains("not a child"), "{unknown:?}");
        let hint = errors(r#"<w:rPr><w:rFonts w:hint="eastasia"/></w:rPr>"#);
        assert!(hint.len() == 1 && hint[0].contains("ST_Hint"), "{hint:?}");
        assert!(errors(r#"<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>"#).is_empty(), "a choice");
    }
}
