//! The package parts we write ourselves instead of the writer (see `vendor` for why): `styles.xml`,
//! `settings.xml`, `docProps/core.xml`, `docProps/app.xml` and `fontTable.xml`. Each of these parts is small
//! and fully determined by the style preset and the metadata, so we write them whole, in schema order, and
//! `vendor::assemble` swaps them in. `styles.xml` and the style ids are in [`styles`](mod@styles); the
//! units and office face names all parts share are here.

mod styles;

use super::xml_escape;
use crate::backend::Timestamp;
use crate::fonts::OfficeFace;
use crate::fonts::{traditional_family, Face};
use crate::model::Meta;
use crate::style::{OfficeFonts, Style};
use crate::title_block::LineKind;
use crate::zh::kinsoku::{NO_LINE_END, NO_LINE_START};
use std::fmt::Write as _;

pub(super) use styles::{id, styles};

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const XML_DECL: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;

/// Face used for the Latin letters of code: not bundled, but present on Windows and macOS and mapped to
/// Liberation Mono by LibreOffice. The Chinese of code stays in the preset's code face. Named rather than
/// the bundled DejaVu Sans Mono (the PDF's and EPUB's code face) for the reason `office_face` gives: a
/// DOCX embeds no fonts, and DejaVu Sans Mono is not on Windows or macOS.
pub(super) const MONO_LATIN: &str = "Courier New";

/// Twips (1/20 pt) of a length in points, rounded.
pub(super) fn twips(pt: f32) -> i64 {
    (f64::from(pt) * 20.0).round() as i64
}

/// Twips of a length in millimetres, rounded.
pub(super) fn mm_twips(mm: f32) -> i64 {
    (f64::from(mm) / 25.4 * 1440.0).round() as i64
}

/// Exact line spacing in twips: rounded *down*, so that a page of N lines at this pitch never needs more
/// room than N × the preset's pitch (gongwen: 28.99 pt → 579, and 22 × 579 fits the 225 mm type area).
pub(super) fn line_twips(pt: f32) -> i64 {
    (f64::from(pt) * 20.0 + 1e-6).floor() as i64
}

/// The character spacing (`w:spacing` of the run defaults, in twentieths of a point) that sets `grid_chars`
/// body characters on a full line, when the style asks for a character grid: the grid's pitch less the
/// type size, rounded down so that they always fit (gongwen: 442.2 pt / 28 = 15.79 pt a character, 16 pt
/// type, −5: condensed by 0.25 pt).
///
/// Why spacing and not the document grid's `linesAndChars` character pitch: Word squeezes each character
/// into a grid cell narrower than its type, but LibreOffice gives such a character two cells, and showed
/// 17–19 characters a line where Word shows 28 (the seed speech: 10 pages in LibreOffice 7.4, 7 in the
/// PDF). Condensed spacing on a grid of lines only is honoured by both: 28 characters a line and 7 pages in
/// LibreOffice, as in the PDF.
fn grid_spacing(style: &Style) -> Option<i64> {
    let chars = style.grid_chars.filter(|&c| c > 0)?;
    let width_pt = f64::from(style.page.text_width_mm()) / 25.4 * 72.0;
    let pitch = width_pt / f64::from(chars);
    Some(((pitch - f64::from(style.body.size_pt)) * 20.0).floor() as i64)
}

/// `word/settings.xml`, in ECMA-376 element order.
pub(super) fn settings(style: &Style, lang: &str) -> Vec<u8> {
    let mut out = String::with_capacity(1024);
    out.push_str(XML_DECL);
    let _ = write!(out, r#"<w:settings xmlns:w="{W_NS}">"#);
    out.push_str(r#"<w:zoom w:percent="100"/>"#);
    if style.facing_pages {
        // A bound book: the left margin is the inner (binding) one on every page, as in the PDF.
        out.push_str("<w:mirrorMargins/>");
    }
    // Tab stops every two body characters, as Chinese Word templates do.
    let _ = write!(out, r#"<w:defaultTabStop w:val="{}"/>"#, twips(style.body.size_pt * 2.0));
    if style.page_numbers.outside || style.running_head.is_some() {
        // Separate odd and even footers and headers: page numbers on the outside edge (GB/T 9704 §7.5),
        // the book's title on even pages and the chapter's on odd ones.
        out.push_str("<w:evenAndOddHeaders/>");
    }
    // 压缩标点: Word compresses adjacent full-width punctuation (clreq §1.2) only when asked.
    out.push_str(r#"<w:characterSpacingControl w:val="compressPunctuation"/>"#);
    // Kinsoku with the same sets as the PDF, for the document's East Asian language (Word applies a
    // custom set per language; without one it uses its own, which lets `—` and `…` start lines).
    // Word's custom kinsoku gets the PDF line breaker's own sets, so both wrap by the same rules.
    let (lang_attr, start, end) = (xml_escape(lang), xml_escape(NO_LINE_START), xml_escape(NO_LINE_END));
    let _ = write!(out, r#"<w:noLineBreaksAfter w:lang="{lang_attr}" w:val="{end}"/>"#);
    let _ = write!(out, r#"<w:noLineBreaksBefore w:lang="{lang_attr}" w:val="{start}"/>"#);
    out.push_str(r#"<w:compat><w:useFELayout/>"#);
    out.push_str(
        r#"<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>"#,
    );
    out.push_str("</w:compat>");
    let _ = write!(out, r#"<w:themeFontLang w:val="en-US" w:eastAsia="{lang_attr}"/>"#);
    out.push_str(r#"<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>"#);
    out.push_str("</w:settings>");
    out.into_bytes()
}

/// `docProps/core.xml`: title, subject (the subtitle), description (the series line), creators,
/// keywords, language and the run's timestamp.
pub(super) fn core(meta: &Meta, lang: &str, timestamp: Timestamp) -> Vec<u8> {
    let mut out = String::with_capacity(1024);
    out.push_str(XML_DECL);
    out.push_str(concat!(
        r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties""#,
        r#" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/""#,
        r#" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#
    ));
    let _ = write!(out, "<dc:title>{}</dc:title>", xml_escape(&meta.display_title()));
    if let Some(subtitle) = meta.subtitle.as_deref().filter(|s| !s.trim().is_empty()) {
        let _ = write!(out, "<dc:subject>{}</dc:subject>", xml_escape(subtitle.trim()));
    }
    let creators: Vec<&str> = meta.authors.iter().map(|p| p.name.trim()).filter(|n| !n.is_empty()).collect();
    if !creators.is_empty() {
        let _ = write!(out, "<dc:creator>{}</dc:creator>", xml_escape(&creators.join("; ")));
    }
    if !meta.keywords.is_empty() {
        let _ = write!(out, "<cp:keywords>{}</cp:keywords>", xml_escape(&meta.keywords.join("; ")));
    }
    if let Some(description) = description(meta) {
        let _ = write!(out, "<dc:description>{}</dc:description>", xml_escape(&description));
    }
    let _ = write!(out, "<dc:language>{}</dc:language>", xml_escape(lang));
    out.push_str("<cp:revision>1</cp:revision>");
    let when = timestamp.to_rfc3339();
    let _ = write!(out, r#"<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>"#);
    let _ = write!(out, r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>"#);
    out.push_str("</cp:coreProperties>");
    out.into_bytes()
}

/// The document's description: an explicit `description` from the reader, else its series line and date
/// as the title block prints them (`“日新月异”系列№4193；2022年7月15日`).
fn description(meta: &Meta) -> Option<String> {
    if let Some(d) = meta.extra.get("description").map(|d| d.trim()).filter(|d| !d.is_empty()) {
        return Some(d.to_owned());
    }
    let parts: Vec<String> = crate::title_block::lines(meta, &[])
        .into_iter()
        .filter(|l| matches!(l.kind, LineKind::Series | LineKind::Date))
        .map(|l| l.text.trim_start_matches('（').trim_end_matches('）').to_owned())
        .collect();
    (!parts.is_empty()).then(|| parts.join("；"))
}

/// `docProps/app.xml`: the producing application and the issuer as company. No version number and no
/// statistics: Word recomputes pages and words on save, and a version would make outputs differ between
/// releases for no reader's benefit.
pub(super) fn app(meta: &Meta) -> Vec<u8> {
    let mut out = String::with_capacity(512);
    out.push_str(XML_DECL);
    out.push_str(concat!(
        r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties""#,
        r#" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#
    ));
    out.push_str("<Application>paiban</Application><DocSecurity>0</DocSecurity>");
    if let Some(issuer) = meta.issuer.as_deref().map(str::trim).filter(|i| !i.is_empty()) {
        let _ = write!(out, "<Company>{}</Company>", xml_escape(issuer));
    }
    out.push_str("</Properties>");
    out.into_bytes()
}

/// The office face styles name for `face` in the style's set of names: the standard office face of its
/// role, not the bundled file.
///
/// Why office names rather than the bundled families: the DOCX is the format people keep *editing*, on
/// office machines that have these faces (Windows ships 宋体, 黑体, 仿宋, 楷体; government machines add
/// 仿宋_GB2312, 楷体_GB2312 and 方正小标宋简体, the names GB/T 9704 templates use). Named so, a received
/// file looks and measures like the office's own documents, its font box shows the expected names, and
/// text typed into it matches. The font table's `w:altName` then names what an office machine without
/// the face has ([`alt_name`]), never the bundled open faces, which no office machine has.
///
/// A bundled face with no Chinese of its own (the monospace) is named by the face that draws its Chinese,
/// its [`Face::fallback`], as the PDF and the EPUB draw it: 黑体, or Noto Sans TC in a Traditional document.
pub(super) fn office_face(style: &Style, face: Face) -> OfficeFace<'_> {
    let chinese = match face.fallback() {
        Some(fallback) if style.fonts.is_bundled(face) && traditional_family(face).is_none() => fallback,
        _ => face,
    };
    style.fonts.office(chinese, style.office_fonts)
}

/// The Windows names of the standard faces (Word's own font table gives these as `w:altName`).
const WINDOWS_NAMES: [(&str, &str); 4] =
    [("宋体", "SimSun"), ("黑体", "SimHei"), ("仿宋", "FangSong"), ("楷体", "KaiTi")];

/// The `w:altName` of the office face `name` of `face`: the face Windows ships for its role when `name` is
/// another (仿宋_GB2312 → 仿宋, 方正小标宋简体 → 宋体), else its Windows name (宋体 → SimSun), which
/// LibreOffice's substitution tables know; none for a face of neither kind.
fn alt_name(style: &Style, face: Face, name: &str) -> Option<&'static str> {
    let standard = style.fonts.office(face, OfficeFonts::Standard).name;
    let windows = |n: &str| WINDOWS_NAMES.iter().find(|(zh, _)| *zh == n).map(|&(_, en)| en);
    if standard != name {
        WINDOWS_NAMES.iter().find(|(zh, _)| *zh == standard).map(|&(zh, _)| zh)
    } else {
        windows(name)
    }
}

/// `word/fontTable.xml`: every office face the preset's styles name, with what stands in for it as
/// `w:altName` ([`alt_name`]) and the GB2312 character set, plus the monospace face of code.
pub(super) fn font_table(style: &Style) -> Vec<u8> {
    let mut out = String::with_capacity(2048);
    out.push_str(XML_DECL);
    let _ = write!(out, r#"<w:fonts xmlns:w="{W_NS}">"#);
    let mut seen: Vec<&str> = Vec::new();
    for face in Face::ALL {
        let OfficeFace { name, class: family, .. } = office_face(style, face);
        if seen.contains(&name) {
            continue;
        }
        seen.push(name);
        let _ = write!(out, r#"<w:font w:name="{}">"#, xml_escape(name));
        if let Some(alt) = alt_name(style, face, name) {
            let _ = write!(out, r#"<w:altName w:val="{alt}"/>"#);
        }
        let _ = write!(
            out,
            r#"<w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>"#
        );
    }
    // On every Windows and macOS machine (its alternative, the PDF's code face, matters only elsewhere).
    let _ = write!(
        out,
        r#"<w:font w:name="{MONO_LATIN}"><w:altName w:val="{}"/><w:charset w:val="00"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>"#,
        Face::Mono.family()
    );
    out.push_str("</w:fonts>");
    out.into_bytes()
}
