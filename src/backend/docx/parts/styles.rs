//! `word/styles.xml`, the largest part we write: docDefaults and Normal from the preset's body style, a
//! paragraph style per role, heading, quote, list, table text, footnote and footer (placements mapped to
//! indents, spacing and alignment), the character styles of strong, emphasis, code and links, and the table
//! style, each with its children in ECMA-376 order. The style ids are shared with the body builder ([`id`]).

use super::super::xml_escape;
use super::{grid_spacing, line_twips, mm_twips, office_face, twips, MONO_LATIN, W_NS, XML_DECL};
use crate::style::{Align, Placement, Rgb, Style, TextStyle};
use std::fmt::Write as _;

mod official;
use official::official_styles;

/// Half-points of a type size (`w:sz`).
fn half_points(pt: f32) -> i64 {
    (f64::from(pt) * 2.0).round() as i64
}

/// What a paragraph style adds to the preset's [`TextStyle`].
#[derive(Default, Clone, Copy)]
struct Extra {
    keep_next: bool,
    /// Starts a new page (`w:pageBreakBefore`).
    page_break_before: bool,
    outline: Option<u8>,
    /// Right indent in characters (the closing block's distances, a footer's one); none when zero.
    right_chars: Option<f32>,
    /// Left indent and first-line indent from it in characters, a negative one hanging; replaces the
    /// style's first-line indent.
    left_chars: Option<(f32, f32)>,
    /// Left and right indent in twips, and no first-line indent (the thematic break's span, a code
    /// block's inset).
    sides_twips: Option<(i64, i64)>,
    /// No space between paragraphs of this same style (`w:contextualSpacing`).
    contextual: bool,
    /// A bottom border (the thematic break, the 版头's red rule).
    bottom_border: Option<Border>,
    /// Text colour (the 版头's red); none: automatic.
    color: Option<Rgb>,
    /// A right-aligned tab stop this many twips from the left indent (the 版记's printing date).
    right_tab: Option<i64>,
    /// Latin face overriding the style's face (code).
    latin: Option<&'static str>,
    /// A shaded box around the paragraphs of this style, set apart from their text by this many points
    /// (code blocks): `w:shd` and borders of the fill's colour, whose `w:space` Word and LibreOffice leave
    /// between box and text; consecutive paragraphs of the style share one box.
    shade: Option<(Rgb, u32)>,
    /// Extra run formatting: bold.
    bold: bool,
}

/// A paragraph border: `eighths` of a point wide, `space_pt` points from the text, in `color` (none:
/// automatic).
#[derive(Clone, Copy)]
struct Border {
    eighths: u32,
    space_pt: u32,
    color: Option<Rgb>,
}

/// Writes one `w:style` of type paragraph, based on `Normal` unless `based_on` says otherwise.
fn para_style(
    out: &mut String,
    (id, name): (&str, &str),
    next: Option<&str>,
    ts: &TextStyle,
    style: &Style,
    extra: Extra,
) {
    para_style_on(out, (id, name), "Normal", next, ts, style, extra);
}

fn para_style_on(
    out: &mut String,
    (id, name): (&str, &str),
    based_on: &str,
    next: Option<&str>,
    ts: &TextStyle,
    style: &Style,
    extra: Extra,
) {
    let body = &style.body;
    let _ = write!(out, r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{name}"/>"#);
    let _ = write!(out, r#"<w:basedOn w:val="{based_on}"/>"#);
    if let Some(next) = next {
        let _ = write!(out, r#"<w:next w:val="{next}"/>"#);
    }
    out.push_str("<w:qFormat/><w:pPr>");
    if extra.keep_next {
        out.push_str("<w:keepNext/><w:keepLines/>");
    }
    if extra.page_break_before {
        out.push_str("<w:pageBreakBefore/>");
    }
    if let Some(Border { eighths, space_pt, color }) = extra.bottom_border {
        let color = color.map_or_else(|| "auto".to_owned(), Rgb::hex);
        let _ = write!(
            out,
            r#"<w:pBdr><w:bottom w:val="single" w:sz="{eighths}" w:space="{space_pt}" w:color="{color}"/></w:pBdr>"#
        );
    }
    if let Some((fill, space)) = extra.shade {
        let fill = fill.hex();
        out.push_str("<w:pBdr>");
        for side in ["top", "left", "bottom", "right"] {
            let _ = write!(out, r#"<w:{side} w:val="single" w:sz="2" w:space="{space}" w:color="{fill}"/>"#);
        }
        let _ = write!(out, r#"</w:pBdr><w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>"#);
    }
    if let Some(pos) = extra.right_tab {
        let _ = write!(out, r#"<w:tabs><w:tab w:val="right" w:pos="{pos}"/></w:tabs>"#);
    }
    // A size off the body's character grid would be spread over several grid cells (gongwen titles).
    if (ts.size_pt - body.size_pt).abs() > 0.01 {
        out.push_str(r#"<w:snapToGrid w:val="0"/>"#);
    }
    spacing(out, ts);
    match (extra.left_chars, extra.sides_twips) {
        (_, Some((left, right))) => {
            let _ = write!(out, r#"<w:ind w:left="{left}" w:right="{right}" w:firstLine="0"/>"#);
        }
        (Some((left, first)), None) => left_indent(out, ts, left, first),
        (None, None) => indent(out, ts, extra.right_chars),
    }
    if extra.contextual {
        out.push_str("<w:contextualSpacing/>");
    }
    jc(out, ts.align);
    if let Some(level) = extra.outline {
        let _ = write!(out, r#"<w:outlineLvl w:val="{level}"/>"#);
    }
    out.push_str("</w:pPr><w:rPr>");
    let face = office_face(style, ts.face);
    fonts(out, extra.latin.unwrap_or(face.name), face.name);
    if face.bold || extra.bold {
        out.push_str("<w:b/><w:bCs/>");
    }
    if let Some(color) = extra.color {
        let _ = write!(out, r#"<w:color w:val="{}"/>"#, color.hex());
    }
    let hp = half_points(ts.size_pt);
    let _ = write!(out, r#"<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/>"#);
    out.push_str("</w:rPr></w:style>");
}

fn spacing(out: &mut String, ts: &TextStyle) {
    if ts.line_pitch_pt <= 0.0 {
        // No fixed pitch (figures): single spacing that grows with the content.
        let _ = write!(
            out,
            r#"<w:spacing w:before="{}" w:after="{}" w:line="240" w:lineRule="auto"/>"#,
            twips(ts.space_before_pt),
            twips(ts.space_after_pt)
        );
        return;
    }
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
fn indent(out: &mut String, ts: &TextStyle, right_chars: Option<f32>) {
    let chars = (f64::from(ts.indent_em) * 100.0).round() as i64;
    let first = twips(ts.indent_em * ts.size_pt);
    out.push_str("<w:ind");
    if let Some(rc) = right_chars.filter(|&rc| rc > 0.0) {
        let hundredths = (f64::from(rc) * 100.0).round() as i64;
        let _ = write!(out, r#" w:right="{}" w:rightChars="{hundredths}""#, twips(rc * ts.size_pt));
    }
    let _ = write!(out, r#" w:firstLine="{first}" w:firstLineChars="{chars}"/>"#);
}

/// `w:ind` with a left indent: lines start `left` characters in, the first line `first` characters further
/// (a negative `first` hangs it to the left); characters and the twips fallback as in [`indent`].
fn left_indent(out: &mut String, ts: &TextStyle, left: f32, first: f32) {
    let hundredths = |chars: f32| (f64::from(chars) * 100.0).round() as i64;
    let _ = write!(out, r#"<w:ind w:left="{}" w:leftChars="{}""#, twips(left * ts.size_pt), hundredths(left));
    let (kind, by) = if first > 0.0 { ("firstLine", first) } else { ("hanging", -first) };
    let _ = write!(out, r#" w:{kind}="{}" w:{kind}Chars="{}"/>"#, twips(by * ts.size_pt), hundredths(by));
}

/// The text style and extra of a paragraph placed as `placement` says, from the body style `body` with
/// no first-line indent of its own.
fn placed(body: &TextStyle, placement: &Placement) -> (TextStyle, Extra) {
    let flat = TextStyle { align: placement.align, indent_em: 0.0, ..*body };
    if placement.left_em == 0.0 && placement.first_em >= 0.0 {
        (TextStyle { indent_em: placement.first_em, ..flat }, Extra::default())
    } else {
        (flat, Extra { left_chars: Some((placement.left_em, placement.first_em)), ..Extra::default() })
    }
}

/// `w:sz` of a border `pt` points wide: eighths of a point, within the 2 to 96 Word draws.
fn border_eighths(pt: f32) -> u32 {
    (f64::from(pt) * 8.0).round().clamp(2.0, 96.0) as u32
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
pub(in crate::backend::docx) mod id;

/// `word/styles.xml`: docDefaults and Normal from the body style, then every style the body builder uses.
pub(in crate::backend::docx) fn styles(style: &Style, lang: &str) -> Vec<u8> {
    let body = &style.body;
    let flat = |ts: &TextStyle| TextStyle { indent_em: 0.0, ..*ts };
    let mut out = String::with_capacity(16 * 1024);
    out.push_str(XML_DECL);
    let _ = write!(out, r#"<w:styles xmlns:w="{W_NS}">"#);

    // Run defaults: faces, size and languages. `w:eastAsia` of `w:lang` is what makes Word pick Chinese
    // line-breaking rules and the Chinese proofing tools.
    out.push_str("<w:docDefaults><w:rPrDefault><w:rPr>");
    let body_face = office_face(style, body.face).name;
    fonts(&mut out, body_face, body_face);
    if let Some(spacing) = grid_spacing(style) {
        let _ = write!(out, r#"<w:spacing w:val="{spacing}"/>"#);
    }
    let hp = half_points(body.size_pt);
    let _ = write!(
        out,
        r#"<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/><w:lang w:val="en-US" w:eastAsia="{}" w:bidi="ar-SA"/>"#,
        xml_escape(lang)
    );
    // Kinsoku (禁则, clreq §3.1) and the Han–Latin/Han–digit spacing (autoSpaceDE/DN) are on for every
    // paragraph, written out rather than left to the application's default, which differs between Word,
    // WPS and LibreOffice. clreq §1.3: Chinese publications do not hang punctuation; Word does unless told
    // not to (`overflowPunct` off).
    out.push_str("</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>");
    out.push_str(r#"<w:kinsoku/><w:overflowPunct w:val="0"/><w:autoSpaceDE/><w:autoSpaceDN/>"#);
    out.push_str("</w:pPr></w:pPrDefault></w:docDefaults>");

    // Normal: the body paragraph. Everything else is based on it.
    out.push_str(
        r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr>"#,
    );
    // Widow control as the style says (on a grid it is off: it moves single lines to the next page and
    // breaks the fixed lines-per-page grid, GB/T 9704's 22 lines; Chinese Word templates turn it off too).
    if style.widow_orphan_guard {
        out.push_str("<w:widowControl/>");
    } else {
        out.push_str(r#"<w:widowControl w:val="0"/>"#);
    }
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

    let none = Extra::default();
    // Title block.
    para_style(&mut out, (id::TITLE, "Title"), Some(id::SUBTITLE), &style.title, style, none);
    para_style(&mut out, (id::SUBTITLE, "Subtitle"), Some(id::AUTHOR), &style.subtitle, style, none);
    para_style(&mut out, (id::SERIES, "Series"), Some(id::TITLE), &style.byline, style, none);
    para_style(&mut out, (id::AUTHOR, "Author"), Some(id::TITLE_DATE), &style.byline, style, none);
    // Named “Date” (Word's built-in name), which pandoc and other readers take as the document's date
    // when it leads the document with Title and Author; the closing date is “Closing Date”.
    para_style(&mut out, (id::TITLE_DATE, "Date"), Some("Normal"), &style.byline, style, none);
    official_styles(&mut out, style);

    // Headings: Word's built-in names (`heading 1`), so the navigation pane, TOC fields, LibreOffice and
    // pandoc all recognise them; outline levels 0-based.
    for (n, heading_id) in (1u8..).zip(id::HEADINGS) {
        let name = format!("heading {n}");
        let mut heading = *style.heading(n);
        let mut extra = Extra { keep_next: true, outline: Some(n - 1), ..none };
        if let (1, Some(sink)) = (n, style.chapter_sink_pt) {
            // A chapter opens a new page, its heading sunk below the top of the type area.
            extra.page_break_before = true;
            heading.space_before_pt += sink;
        }
        para_style(&mut out, (heading_id, &name), Some("Normal"), &heading, style, extra);
    }

    // Roles of body paragraphs, placed as the style's roles say.
    let roles = &style.roles;
    let (salutation, salutation_extra) = placed(body, &roles.salutation);
    para_style(
        &mut out,
        (id::SALUTATION, "Salutation"),
        Some("Normal"),
        &salutation,
        style,
        salutation_extra,
    );
    // Signature and date flush right, as far in from the right margin as the style's closing block says.
    let right = TextStyle { align: Align::Right, ..flat(body) };
    let signature = Extra { right_chars: Some(style.closing.signature_right_em), ..none };
    let date = Extra { right_chars: Some(style.closing.date_right_em), ..none };
    para_style(&mut out, (id::SIGNATURE, "Signature"), Some(id::DATE), &right, style, signature);
    para_style(&mut out, (id::DATE, "Closing Date"), Some("Normal"), &right, style, date);
    // GB/T 9704 §7.3.4: a blank line under the body, 附件 two characters in, and a long name wraps under
    // its own first character (`Roles::attachment`). `contextualSpacing` keeps the blank line from
    // repeating between two `附件…` lines; the `2. …` lines that follow have none above.
    let (attachment, attachment_extra) = placed(body, &roles.attachment);
    let attachment =
        TextStyle { space_before_pt: roles.attachment_space_lines * body.line_pitch_pt, ..attachment };
    para_style(
        &mut out,
        (id::ATTACHMENT, "Attachment"),
        Some(id::ATTACHMENT_LIST),
        &attachment,
        style,
        Extra { contextual: true, ..attachment_extra },
    );
    // `2. …` lines: the number under the first name's `1.`; a long name still wraps under its first
    // character (`Roles::attachment_more`).
    let (more, more_extra) = placed(body, &roles.attachment_more);
    para_style_on(
        &mut out,
        (id::ATTACHMENT_LIST, "Attachment List"),
        id::ATTACHMENT,
        Some(id::ATTACHMENT_LIST),
        &more,
        style,
        Extra { contextual: true, ..more_extra },
    );
    let (note, note_extra) = placed(body, &roles.note);
    para_style(&mut out, (id::NOTE, "Note"), Some("Normal"), &note, style, note_extra);
    let (contents, contents_extra) = placed(body, &roles.contents);
    para_style(&mut out, (id::CONTENTS, "Contents"), Some(id::CONTENTS), &contents, style, contents_extra);
    if super::super::has_contents_field(style) {
        // The table of contents Word builds from its field: a heading like a level-1 heading's, on a page of
        // its own where chapters open pages (not on the title page), and one style per level, each two
        // characters further in.
        let heading = TextStyle { align: Align::Center, ..flat(&style.headings[0]) };
        let own_page = Extra { page_break_before: style.chapter_sink_pt.is_some(), ..none };
        para_style(&mut out, (id::TOC_HEADING, "TOC Heading"), None, &heading, style, own_page);
        for (level, toc) in (1..).zip(id::TOC_LEVELS) {
            let indent = Extra { left_chars: Some((2.0 * (level - 1) as f32, 0.0)), ..none };
            para_style(&mut out, (toc, &format!("toc {level}")), None, &flat(body), style, indent);
        }
    }
    // A quote is indented as the style's nesting says; deeper quotes get their indent in the body.
    let quote = Placement {
        align: style.quote.align,
        left_em: style.nesting.quote_em,
        first_em: style.quote.indent_em,
    };
    let (quote_ts, quote_extra) = placed(&style.quote, &quote);
    para_style(&mut out, (id::QUOTE, "Quote"), Some("Normal"), &quote_ts, style, quote_extra);
    // A code block stands apart as in the PDF and the EPUB (`displays`): space above and below, the
    // inset, the padding (inside the shading when there is one) and the shade.
    let displays = &style.displays;
    let padding = if displays.code_shade.is_some() { 0.0 } else { displays.code_padding_pt };
    let code = TextStyle {
        align: Align::Left,
        space_before_pt: style.code.space_before_pt + displays.space_pt + padding,
        space_after_pt: style.code.space_after_pt + displays.space_pt + padding,
        ..flat(&style.code)
    };
    // w:space is whole points, 31 at most.
    let space = displays.code_padding_pt.round().clamp(0.0, 31.0) as u32;
    let code_extra = Extra {
        latin: Some(MONO_LATIN),
        contextual: true,
        sides_twips: Some((twips(displays.code_inset_em * body.size_pt), twips(displays.code_padding_pt))),
        shade: displays.code_shade.map(|fill| (fill, space)),
        ..none
    };
    // Named “Source Code”, the name pandoc and Word-to-Markdown tools read as a code block.
    para_style(&mut out, (id::CODE, "Source Code"), Some(id::CODE), &code, style, code_extra);
    para_style(&mut out, (id::LIST, "List Paragraph"), Some(id::LIST), &flat(body), style, none);

    // Tables, figures, rules, notes, footer.
    let cell = TextStyle { align: style.table.cell_align, ..flat(body) };
    para_style(&mut out, (id::TABLE_TEXT, "Table Text"), None, &cell, style, none);
    // Header cells as strong text (`Accents::strong`): bold, or in the face strong text takes instead.
    let mut head = TextStyle { align: style.table.head_align, ..cell };
    let mut head_extra = Extra { keep_next: true, ..none };
    if style.table.head_strong {
        match style.accents.strong(body.face) {
            (_, true) => head_extra.bold = true,
            (face, false) => head.face = face,
        }
    }
    para_style(&mut out, (id::TABLE_HEADING, "Table Heading"), None, &head, style, head_extra);
    let centred = TextStyle { align: Align::Center, ..flat(body) };
    // A picture is taller than the grid line: exact line spacing would clip it to one line.
    let figure = TextStyle { line_pitch_pt: 0.0, ..centred };
    para_style(
        &mut out,
        (id::FIGURE, "Figure"),
        Some(id::CAPTION),
        &figure,
        style,
        Extra { keep_next: true, ..none },
    );
    let caption = TextStyle { face: style.figures.caption_face, ..centred };
    para_style(&mut out, (id::CAPTION, "caption"), Some("Normal"), &caption, style, none);
    // The thematic break: a bottom border as wide as the style's share of the text width, centred.
    let side = mm_twips(style.page.text_width_mm() * (1.0 - style.rules.horizontal_share) / 2.0);
    let rule = Extra {
        bottom_border: Some(Border {
            eighths: border_eighths(style.rules.horizontal_pt),
            space_pt: 1,
            color: None,
        }),
        sides_twips: Some((side, side)),
        ..none
    };
    para_style(&mut out, (id::RULE, "Rule"), Some("Normal"), &flat(body), style, rule);
    para_style(&mut out, (id::FOOTNOTE_TEXT, "footnote text"), None, &flat(&style.footnote), style, none);
    let pn = &style.page_numbers;
    let footer = TextStyle {
        face: pn.face,
        size_pt: pn.size_pt,
        // Exactly the em box: the footer distance places the number's baseline from it.
        line_pitch_pt: pn.size_pt,
        align: Align::Center,
        indent_em: 0.0,
        space_before_pt: 0.0,
        space_after_pt: 0.0,
    };
    para_style(&mut out, (id::FOOTER, "footer"), None, &footer, style, none);
    // Numbers on the outer edge, `inset_em` in (GB/T 9704 §7.5: 单页码居右空一字，双页码居左空一字).
    let odd = TextStyle { align: Align::Right, ..footer };
    para_style_on(
        &mut out,
        (id::FOOTER_ODD, "Footer Odd"),
        id::FOOTER,
        None,
        &odd,
        style,
        Extra { right_chars: Some(pn.inset_em), ..none },
    );
    let even = Placement { align: Align::Left, left_em: pn.inset_em, first_em: 0.0 };
    let (even, even_extra) = placed(&footer, &even);
    para_style_on(&mut out, (id::FOOTER_EVEN, "Footer Even"), id::FOOTER, None, &even, style, even_extra);
    if let Some(head) = &style.running_head {
        // The running head (书眉): one line of its em box, centred, the rule under it as the paragraph's
        // bottom border, as far below the baseline as the PDF draws it (whole points, as Word counts).
        let header =
            TextStyle { face: head.face, size_pt: head.size_pt, line_pitch_pt: head.size_pt, ..footer };
        let gap_mm = head.baseline_above_text_mm - head.rule_above_text_mm;
        let below_pt = gap_mm * crate::style::PT_PER_MM - crate::style::EM_BOX_DEPTH * head.size_pt;
        let rule = Border {
            eighths: border_eighths(head.rule_width_pt),
            space_pt: below_pt.round().max(0.0) as u32,
            color: None,
        };
        let extra = Extra { bottom_border: Some(rule), ..none };
        para_style(&mut out, (id::HEADER, "header"), None, &header, style, extra);
    }

    // Character styles: strong and emphasis as the style's accents set them in every format.
    let strong = strong_rpr(style);
    char_style(&mut out, (id::STRONG, "Strong"), &strong);
    // Run-in headings (`一要坚持党的全面领导，`) get a style of their own so an office can restyle the lead
    // sentences (often 楷体 or bold 仿宋 by house rule) without touching other strong text.
    char_style(&mut out, (id::RUN_IN, "Run-in Heading"), &strong);
    // GB/T 9704 §7.3.3: a numbered lead in the face of its level (`一、` 黑体, `（一）` 楷体, `1.` `（1）` 仿宋).
    if let Some(levels) = &style.accents.run_in {
        for (n, (level_id, run_in)) in (1..).zip(id::RUN_IN_LEVELS.iter().zip(levels)) {
            let mut rpr = String::new();
            let name = office_face(style, run_in.face).name;
            fonts(&mut rpr, name, name);
            if run_in.bold {
                rpr.push_str("<w:b/><w:bCs/>");
            }
            char_style(&mut out, (level_id, &format!("Run-in Heading {n}")), &rpr);
        }
    }
    char_style(&mut out, (id::EMPHASIS, "Emphasis"), &emph_rpr(style));
    let mut code_rpr = String::new();
    fonts(&mut code_rpr, MONO_LATIN, office_face(style, style.code.face).name);
    char_style(&mut out, (id::CODE_CHAR, "Verbatim Char"), &code_rpr);
    char_style(&mut out, (id::HYPERLINK, "Hyperlink"), &link_rpr(&style.links));
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
    let eighths = border_eighths(style.rules.table_pt);
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        let _ = write!(out, r#"<w:{side} w:val="single" w:sz="{eighths}" w:space="0" w:color="auto"/>"#);
    }
    // The cell padding every backend gives a cell's text (Word's own default is 5.4 pt whatever the size).
    let padding = twips(style.body.size_pt * style.table.cell_padding_em);
    let _ = write!(
        out,
        r#"</w:tblBorders><w:tblCellMar><w:left w:w="{padding}" w:type="dxa"/><w:right w:w="{padding}" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#
    );
    out.push_str("</w:styles>");
    out.into_bytes()
}

/// Run properties of link text ([`crate::style::Links`]). Plain links say so outright (automatic colour, no
/// underline): LibreOffice maps the `Hyperlink` style to its own blue, underlined `Internet Link`, whose
/// look would show through properties left out.
fn link_rpr(links: &crate::style::Links) -> String {
    let color = links.color.map_or_else(|| "auto".to_owned(), |c| c.hex());
    let underline = if links.underline { "single" } else { "none" };
    format!(r#"<w:color w:val="{color}"/><w:u w:val="{underline}"/>"#)
}

/// Run properties of strong text in `style`'s body face ([`crate::style::Accents::strong`]).
fn strong_rpr(style: &Style) -> String {
    let mut rpr = String::new();
    match style.accents.strong(style.body.face) {
        (_, true) => rpr.push_str("<w:b/><w:bCs/>"),
        (face, false) => {
            let name = office_face(style, face).name;
            fonts(&mut rpr, name, name);
        }
    }
    rpr
}

/// Run properties of emphasised text in `style`'s body face ([`crate::style::Accents::emph`]): its face for
/// Latin and Chinese alike, as the PDF sets it. Latin runs are slanted by the body writer, run by run, since
/// `w:i` on the style would slant the Han characters too.
fn emph_rpr(style: &Style) -> String {
    let mut rpr = String::new();
    let name = office_face(style, style.accents.emph(style.body.face)).name;
    fonts(&mut rpr, name, name);
    rpr
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::{Displays, StyleName};

    /// The `w:style` element with id `id` in `styles`.
    fn style_def<'s>(styles: &'s str, id: &str) -> &'s str {
        let open = format!(r#"w:styleId="{id}""#);
        let start = styles.find(&open).unwrap_or_else(|| panic!("no style {id}"));
        let end = styles[start..].find("</w:style>").map_or(styles.len(), |e| start + e);
        &styles[start..end]
    }

    #[test]
    fn the_looks_of_the_style_reach_the_word_styles() {
        let mut report = Style::preset(StyleName::Report);
        report.rules.table_pt = 1.0;
        report.rules.horizontal_pt = 0.75;
        report.nesting.quote_em = 3.0;
        let xml = String::from_utf8(styles(&report, "zh-CN")).expect("utf-8");
        assert!(style_def(&xml, "Normal").contains("<w:widowControl/>"), "the guard is on in report");
        assert!(style_def(&xml, id::TABLE).contains(r#"w:sz="8""#), "1 pt borders");
        let rule = style_def(&xml, id::RULE);
        assert!(rule.contains(r#"<w:bottom w:val="single" w:sz="6""#), "{rule}");
        // Half the text width, centred: a quarter of it in from each side.
        let side = mm_twips(report.page.text_width_mm() / 4.0);
        assert!(rule.contains(&format!(r#"<w:ind w:left="{side}" w:right="{side}""#)), "{rule}");
        assert!(style_def(&xml, id::QUOTE).contains(r#"w:leftChars="300""#), "quotes indent 3 characters");
        assert!(style_def(&xml, id::NOTE).contains(r#"<w:jc w:val="left"/>"#), "notes flush left");
        let head = style_def(&xml, id::TABLE_HEADING);
        assert!(head.contains("<w:b/>") && head.contains(r#"<w:jc w:val="center"/>"#), "{head}");

        let gongwen = String::from_utf8(styles(&Style::preset(StyleName::Gongwen), "zh-CN")).expect("utf-8");
        assert!(style_def(&gongwen, "Normal").contains(r#"<w:widowControl w:val="0"/>"#), "off on the grid");
        let head = style_def(&gongwen, id::TABLE_HEADING);
        assert!(
            head.contains(r#"w:eastAsia="黑体""#) && !head.contains("<w:b/>"),
            "strong 仿宋 is 黑体: {head}"
        );
        // The lines after `附件：1. …` have no blank line above them.
        assert!(style_def(&gongwen, id::ATTACHMENT).contains(r#"w:before="580""#));
        assert!(style_def(&gongwen, id::ATTACHMENT_LIST).contains(r#"w:before="0""#));

        let book = String::from_utf8(styles(&Style::preset(StyleName::Book), "zh-CN")).expect("utf-8");
        let chapter = style_def(&book, "Heading1");
        assert!(chapter.contains("<w:pageBreakBefore/>"), "chapters open pages: {chapter}");
        assert!(!style_def(&book, "Heading2").contains("pageBreakBefore"));
    }

    #[test]
    fn a_code_block_is_shaded_inset_and_spaced_from_the_displays_and_its_chinese_follows_the_script() {
        let report = Style::preset(StyleName::Report);
        let displays = report.displays;
        let fill = displays.code_shade.expect("the report shades code");
        let xml = String::from_utf8(styles(&report, "zh-CN")).expect("utf-8");
        let code = style_def(&xml, id::CODE);
        assert!(code.contains(&format!(r#"<w:shd w:val="clear" w:color="auto" w:fill="{}"/>"#, fill.hex())));
        let space = displays.code_padding_pt.round() as u32;
        assert!(code.contains(&format!(r#"<w:left w:val="single" w:sz="2" w:space="{space}""#)), "{code}");
        let inset = twips(displays.code_inset_em * report.body.size_pt);
        assert!(code.contains(&format!(r#"<w:ind w:left="{inset}""#)), "{code}");
        let before = twips(report.code.space_before_pt + displays.space_pt);
        assert!(code.contains(&format!(r#"w:before="{before}""#)) && code.contains("<w:contextualSpacing/>"));
        assert!(code.contains(r#"w:eastAsia="黑体""#), "{code}");
        // Unshaded, the padding is space and indent of its own.
        let plain = Style { displays: Displays { code_shade: None, ..displays }, ..report.clone() };
        let xml = String::from_utf8(styles(&plain, "zh-CN")).expect("utf-8");
        assert!(!style_def(&xml, id::CODE).contains("w:shd"));
        // A Traditional document's code sets its Chinese in the face its PDF and EPUB draw it in.
        let hant = Style { fonts: report.fonts.traditional(), ..report };
        let xml = String::from_utf8(styles(&hant, "zh-TW")).expect("utf-8");
        let code = style_def(&xml, id::CODE);
        assert!(code.contains(r#"w:eastAsia="Noto Sans TC""#) && !code.contains("黑体"), "{code}");
    }
}
