//! The package parts we write ourselves instead of docx-rs: `styles.xml`, `settings.xml`, `docProps/core.xml`
//! and `fontTable.xml`.
//!
//! Why not docx-rs's own serializers (measured on 0.4.22, see `CRATES.md`): its styles drop `firstLineChars`,
//! cannot express `w:lang` or `w:em`, and write style children out of ECMA-376 order (rPr before pPr, basedOn
//! last); its settings put `w:characterSpacingControl` *inside* `w:compat`, where Word ignores it; its core
//! properties cannot carry a title, creator or language. Each of these parts is small and fully determined by
//! the style preset and the metadata, so we write them whole, in schema order, and swap them into the
//! `XMLDocx` that `Docx::build()` returns (see `package::assemble`).

use super::xml_escape;
use crate::backend::Timestamp;
use crate::fonts::Face;
use crate::model::Meta;
use crate::style::{Align, Style, TextStyle};
use std::fmt::Write as _;

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const XML_DECL: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;

/// Face used for the Latin letters of code: not bundled, but present on Windows and macOS and mapped to
/// Liberation Mono by LibreOffice. The Chinese of code stays in the preset's code face.
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

/// Half-points of a type size (`w:sz`).
fn half_points(pt: f32) -> i64 {
    (f64::from(pt) * 2.0).round() as i64
}

/// What a paragraph style adds to the preset's [`TextStyle`].
#[derive(Default, Clone, Copy)]
struct Extra {
    keep_next: bool,
    outline: Option<u8>,
    /// Right indent in characters (gongwen signature and date sit two characters in from the right).
    right_chars: Option<u32>,
    /// A bottom border (the thematic break).
    bottom_border: bool,
    /// Latin face overriding the style's face (code).
    latin: Option<&'static str>,
    /// Extra run formatting: bold.
    bold: bool,
}

/// Writes one `w:style` of type paragraph.
fn para_style(
    out: &mut String,
    (id, name): (&str, &str),
    next: Option<&str>,
    ts: &TextStyle,
    body: &TextStyle,
    extra: Extra,
) {
    let _ = write!(out, r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{name}"/>"#);
    out.push_str(r#"<w:basedOn w:val="Normal"/>"#);
    if let Some(next) = next {
        let _ = write!(out, r#"<w:next w:val="{next}"/>"#);
    }
    out.push_str("<w:qFormat/><w:pPr>");
    if extra.keep_next {
        out.push_str("<w:keepNext/><w:keepLines/>");
    }
    if extra.bottom_border {
        out.push_str(r#"<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>"#);
    }
    // A size off the body's character grid would be spread over several grid cells (gongwen titles).
    if (ts.size_pt - body.size_pt).abs() > 0.01 {
        out.push_str(r#"<w:snapToGrid w:val="0"/>"#);
    }
    spacing(out, ts);
    indent(out, ts, extra.right_chars);
    jc(out, ts.align);
    if let Some(level) = extra.outline {
        let _ = write!(out, r#"<w:outlineLvl w:val="{level}"/>"#);
    }
    out.push_str("</w:pPr><w:rPr>");
    fonts(out, extra.latin.unwrap_or(ts.face.family()), ts.face.family());
    if ts.face.is_bold() || extra.bold {
        out.push_str("<w:b/><w:bCs/>");
    }
    let hp = half_points(ts.size_pt);
    let _ = write!(out, r#"<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/>"#);
    out.push_str("</w:rPr></w:style>");
}

fn spacing(out: &mut String, ts: &TextStyle) {
    let _ = write!(
        out,
        r#"<w:spacing w:before="{}" w:after="{}" w:line="{}" w:lineRule="exact"/>"#,
        twips(ts.space_before_pt),
        twips(ts.space_after_pt),
        line_twips(ts.line_pitch_pt)
    );
}

/// `w:ind` with the first-line indent in characters (what Word shows as “首行缩进 2 字符”, and what survives
/// a change of type size) and in twips as the fallback for readers that ignore the `Chars` attributes.
fn indent(out: &mut String, ts: &TextStyle, right_chars: Option<u32>) {
    let chars = (f64::from(ts.indent_em) * 100.0).round() as i64;
    let first = twips(ts.indent_em * ts.size_pt);
    out.push_str("<w:ind");
    if let Some(rc) = right_chars {
        let _ = write!(out, r#" w:right="{}" w:rightChars="{}""#, twips(rc as f32 * ts.size_pt), rc * 100);
    }
    let _ = write!(out, r#" w:firstLine="{first}" w:firstLineChars="{chars}"/>"#);
}

fn jc(out: &mut String, align: Align) {
    let val = match align {
        Align::Justify => "both",
        Align::Left => "left",
        Align::Center => "center",
        Align::Right => "right",
    };
    let _ = write!(out, r#"<w:jc w:val="{val}"/>"#);
}

fn fonts(out: &mut String, latin: &str, east_asia: &str) {
    let (latin, east_asia) = (xml_escape(latin), xml_escape(east_asia));
    let _ = write!(
        out,
        r#"<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" w:cs="{latin}"/>"#
    );
}

fn char_style(out: &mut String, (id, name): (&str, &str), rpr: &str) {
    let _ = write!(
        out,
        r#"<w:style w:type="character" w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="20"/><w:qFormat/><w:rPr>{rpr}</w:rPr></w:style>"#
    );
}

/// Paragraph style ids, shared with the body builder so that names cannot drift apart.
pub(super) mod id {
    pub const TITLE: &str = "Title";
    pub const SUBTITLE: &str = "Subtitle";
    pub const SERIES: &str = "Series";
    pub const AUTHOR: &str = "Author";
    pub const TITLE_DATE: &str = "TitleDate";
    pub const SALUTATION: &str = "Salutation";
    pub const SIGNATURE: &str = "Signature";
    pub const DATE: &str = "Date";
    pub const ATTACHMENT: &str = "Attachment";
    pub const NOTE: &str = "Note";
    pub const QUOTE: &str = "Quote";
    pub const CODE: &str = "Code";
    pub const LIST: &str = "ListParagraph";
    pub const TABLE_TEXT: &str = "TableText";
    pub const TABLE_HEADING: &str = "TableHeading";
    pub const FIGURE: &str = "Figure";
    pub const CAPTION: &str = "Caption";
    pub const RULE: &str = "Rule";
    pub const FOOTNOTE_TEXT: &str = "FootnoteText";
    pub const FOOTER: &str = "Footer";
    pub const STRONG: &str = "Strong";
    pub const EMPHASIS: &str = "Emphasis";
    pub const CODE_CHAR: &str = "VerbatimChar";
    pub const HYPERLINK: &str = "Hyperlink";
    pub const TABLE: &str = "TableGrid";
    /// `Heading1` … `Heading6`.
    pub const HEADINGS: [&str; 6] = ["Heading1", "Heading2", "Heading3", "Heading4", "Heading5", "Heading6"];
}

/// `word/styles.xml`: docDefaults and Normal from the body style, then every style the body builder uses.
pub(super) fn styles(style: &Style, lang: &str) -> Vec<u8> {
    let body = &style.body;
    let flat = |ts: &TextStyle| TextStyle { indent_em: 0.0, ..*ts };
    let mut out = String::with_capacity(16 * 1024);
    out.push_str(XML_DECL);
    let _ = write!(out, r#"<w:styles xmlns:w="{W_NS}">"#);

    // Run defaults: faces, size and languages. `w:eastAsia` of `w:lang` is what makes Word pick Chinese
    // line-breaking rules and the Chinese proofing tools.
    out.push_str("<w:docDefaults><w:rPrDefault><w:rPr>");
    fonts(&mut out, body.face.family(), body.face.family());
    let hp = half_points(body.size_pt);
    let _ = write!(
        out,
        r#"<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/><w:lang w:val="en-US" w:eastAsia="{}" w:bidi="ar-SA"/>"#,
        xml_escape(lang)
    );
    // clreq §1.3: Chinese publications do not hang punctuation; Word does unless told not to.
    out.push_str(r#"</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:overflowPunct w:val="0"/>"#);
    out.push_str("</w:pPr></w:pPrDefault></w:docDefaults>");

    // Normal: the body paragraph. Everything else is based on it.
    out.push_str(
        r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr>"#,
    );
    // No widow control: it moves single lines to the next page and breaks the fixed lines-per-page grid
    // (GB/T 9704: 22 lines on every full page); Chinese Word templates turn it off too.
    out.push_str(r#"<w:widowControl w:val="0"/>"#);
    spacing(&mut out, body);
    indent(&mut out, body, None);
    jc(&mut out, body.align);
    out.push_str("</w:pPr></w:style>");
    out.push_str(
        r#"<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>"#,
    );
    out.push_str(
        r#"<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#,
    );
    out.push_str(
        r#"<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>"#,
    );

    // Title block.
    para_style(&mut out, (id::TITLE, "Title"), Some(id::SUBTITLE), &style.title, body, Extra::default());
    para_style(
        &mut out,
        (id::SUBTITLE, "Subtitle"),
        Some(id::AUTHOR),
        &style.subtitle,
        body,
        Extra::default(),
    );
    para_style(&mut out, (id::SERIES, "Series"), Some(id::TITLE), &style.byline, body, Extra::default());
    para_style(&mut out, (id::AUTHOR, "Author"), Some(id::TITLE_DATE), &style.byline, body, Extra::default());
    para_style(
        &mut out,
        (id::TITLE_DATE, "Title Date"),
        Some("Normal"),
        &style.byline,
        body,
        Extra::default(),
    );

    // Headings: Word's built-in names (`heading 1`), so the navigation pane, TOC fields, LibreOffice and
    // pandoc all recognise them; outline levels 0-based.
    for (n, heading_id) in (1u8..).zip(id::HEADINGS) {
        let name = format!("heading {n}");
        let extra = Extra { keep_next: true, outline: Some(n - 1), ..Extra::default() };
        para_style(&mut out, (heading_id, &name), Some("Normal"), style.heading(n), body, extra);
    }

    // Roles of body paragraphs.
    let flush_left = TextStyle { align: Align::Left, ..flat(body) };
    para_style(&mut out, (id::SALUTATION, "Salutation"), Some("Normal"), &flush_left, body, Extra::default());
    // GB/T 9704 §7.3.5: signature and date sit right, two characters in on the grid preset.
    let right = TextStyle { align: Align::Right, ..flat(body) };
    let right_extra = Extra { right_chars: style.grid_chars.map(|_| 2), ..Extra::default() };
    para_style(&mut out, (id::SIGNATURE, "Signature"), Some(id::DATE), &right, body, right_extra);
    para_style(&mut out, (id::DATE, "Date"), Some("Normal"), &right, body, right_extra);
    para_style(&mut out, (id::ATTACHMENT, "Attachment"), Some(id::ATTACHMENT), body, body, Extra::default());
    para_style(&mut out, (id::NOTE, "Note"), Some("Normal"), body, body, Extra::default());
    para_style(&mut out, (id::QUOTE, "Quote"), Some("Normal"), &style.quote, body, Extra::default());
    let code = TextStyle { align: Align::Left, ..flat(&style.code) };
    let code_extra = Extra { latin: Some(MONO_LATIN), ..Extra::default() };
    // Named “Source Code”, the name pandoc and Word-to-Markdown tools read as a code block.
    para_style(&mut out, (id::CODE, "Source Code"), Some(id::CODE), &code, body, code_extra);
    para_style(&mut out, (id::LIST, "List Paragraph"), Some(id::LIST), &flat(body), body, Extra::default());

    // Tables, figures, rules, notes, footer.
    let cell = TextStyle { align: Align::Left, ..flat(body) };
    para_style(&mut out, (id::TABLE_TEXT, "Table Text"), None, &cell, body, Extra::default());
    let head = TextStyle { align: Align::Center, ..cell };
    let bold = Extra { bold: true, keep_next: true, ..Extra::default() };
    para_style(&mut out, (id::TABLE_HEADING, "Table Heading"), None, &head, body, bold);
    let centred = TextStyle { align: Align::Center, ..flat(body) };
    para_style(&mut out, (id::FIGURE, "Figure"), Some(id::CAPTION), &centred, body, Extra::default());
    let caption = TextStyle { face: style.byline.face, ..centred };
    para_style(&mut out, (id::CAPTION, "caption"), Some("Normal"), &caption, body, Extra::default());
    let rule = Extra { bottom_border: true, ..Extra::default() };
    para_style(&mut out, (id::RULE, "Rule"), Some("Normal"), &flat(body), body, rule);
    let note_size = (body.size_pt * 0.75).max(9.0);
    let footnote =
        TextStyle { size_pt: note_size, line_pitch_pt: note_size * 1.4, align: Align::Justify, ..flat(body) };
    para_style(&mut out, (id::FOOTNOTE_TEXT, "footnote text"), None, &footnote, body, Extra::default());
    let pn = &style.page_numbers;
    let footer = TextStyle {
        face: pn.face,
        size_pt: pn.size_pt,
        line_pitch_pt: pn.size_pt * 1.25,
        align: Align::Center,
        indent_em: 0.0,
        space_before_pt: 0.0,
        space_after_pt: 0.0,
    };
    para_style(&mut out, (id::FOOTER, "footer"), None, &footer, body, Extra::default());

    // Character styles. Emphasis is the 着重号 (a dot under each character, `w:em="dot"`): the traditional
    // Chinese emphasis; synthetic italic slants hanzi, which Chinese typography does not do (clreq).
    char_style(&mut out, (id::STRONG, "Strong"), "<w:b/><w:bCs/>");
    char_style(&mut out, (id::EMPHASIS, "Emphasis"), r#"<w:em w:val="dot"/>"#);
    let mut code_rpr = String::new();
    fonts(&mut code_rpr, MONO_LATIN, style.code.face.family());
    char_style(&mut out, (id::CODE_CHAR, "Verbatim Char"), &code_rpr);
    char_style(&mut out, (id::HYPERLINK, "Hyperlink"), r#"<w:color w:val="0563C1"/><w:u w:val="single"/>"#);
    char_style(
        &mut out,
        ("FootnoteReference", "footnote reference"),
        r#"<w:vertAlign w:val="superscript"/>"#,
    );

    // Table style: a full grid, so the borders are one style the user can swap, not per-cell formatting.
    let _ = write!(
        out,
        r#"<w:style w:type="table" w:styleId="{}"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="39"/><w:tblPr><w:tblBorders>"#,
        id::TABLE
    );
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        let _ = write!(out, r#"<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>"#);
    }
    out.push_str("</w:tblBorders></w:tblPr></w:style>");
    out.push_str("</w:styles>");
    out.into_bytes()
}

/// `word/settings.xml`, in ECMA-376 element order.
pub(super) fn settings(lang: &str, body_size_pt: f32) -> Vec<u8> {
    let mut out = String::with_capacity(1024);
    out.push_str(XML_DECL);
    let _ = write!(out, r#"<w:settings xmlns:w="{W_NS}">"#);
    out.push_str(r#"<w:zoom w:percent="100"/>"#);
    // Tab stops every two body characters, as Chinese Word templates do.
    let _ = write!(out, r#"<w:defaultTabStop w:val="{}"/>"#, twips(body_size_pt * 2.0));
    // 压缩标点: Word compresses adjacent full-width punctuation (clreq §1.2) only when asked.
    out.push_str(r#"<w:characterSpacingControl w:val="compressPunctuation"/>"#);
    out.push_str(r#"<w:compat><w:useFELayout/>"#);
    out.push_str(
        r#"<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>"#,
    );
    out.push_str("</w:compat>");
    let _ = write!(out, r#"<w:themeFontLang w:val="en-US" w:eastAsia="{}"/>"#, xml_escape(lang));
    out.push_str(r#"<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>"#);
    out.push_str("</w:settings>");
    out.into_bytes()
}

/// `docProps/core.xml`: title, subject (the subtitle), creators, keywords, language and the run's timestamp.
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
        let _ = write!(out, "<dc:subject>{}</dc:subject>", xml_escape(subtitle));
    }
    let creators: Vec<&str> =
        meta.authors.iter().map(|p| p.name.as_str()).filter(|n| !n.is_empty()).collect();
    if !creators.is_empty() {
        let _ = write!(out, "<dc:creator>{}</dc:creator>", xml_escape(&creators.join("; ")));
    }
    if !meta.keywords.is_empty() {
        let _ = write!(out, "<cp:keywords>{}</cp:keywords>", xml_escape(&meta.keywords.join("; ")));
    }
    let _ = write!(out, "<dc:language>{}</dc:language>", xml_escape(lang));
    out.push_str("<cp:revision>1</cp:revision>");
    let when = timestamp.to_rfc3339();
    let _ = write!(out, r#"<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>"#);
    let _ = write!(out, r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>"#);
    out.push_str("</cp:coreProperties>");
    out.into_bytes()
}

/// The office face each bundled family stands in for, offered to Word as `w:altName`: on a machine without
/// the bundled fonts Word and WPS substitute the office font of the same role instead of a random default.
fn office_name(face: Face) -> &'static str {
    match face {
        Face::Serif | Face::SerifBold => "宋体",
        Face::Sans | Face::SansBold => "黑体",
        Face::Fang => "仿宋",
        Face::Kai => "楷体",
    }
}

/// `word/fontTable.xml`: every bundled family the styles name, with its office stand-in and the GB2312
/// character set, plus the monospace face of code.
pub(super) fn font_table() -> Vec<u8> {
    let mut out = String::with_capacity(2048);
    out.push_str(XML_DECL);
    let _ = write!(out, r#"<w:fonts xmlns:w="{W_NS}">"#);
    let mut seen: Vec<&str> = Vec::new();
    for face in Face::ALL {
        if seen.contains(&face.family()) {
            continue;
        }
        seen.push(face.family());
        let family = match face {
            Face::Sans | Face::SansBold => "swiss",
            _ => "roman",
        };
        let _ = write!(
            out,
            r#"<w:font w:name="{}"><w:altName w:val="{}"/><w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>"#,
            xml_escape(face.family()),
            office_name(face)
        );
    }
    let _ = write!(
        out,
        r#"<w:font w:name="{MONO_LATIN}"><w:charset w:val="00"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>"#
    );
    out.push_str("</w:fonts>");
    out.into_bytes()
}
