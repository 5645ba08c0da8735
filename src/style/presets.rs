//! The three presets, as numbers: `gongwen` (GB/T 9704-2012, `TYPOGRAPHY.md` §2), `book` (A5 novels and
//! long prose) and `report` (A4, what offices expect of a report that is not a 公文). Every value here is
//! also what `paiban style --dump` writes.

use super::{
    size, Accents, Align, ChapterStart, Closing, Displays, Families, Figures, Links, Nesting, Notes,
    OfficeFonts, Official, PageGeometry, PageNumbers, Placement, Print, Rgb, Roles, Rules, RunIn,
    RunningHead, Scripts, Style, StyleName, Synthesis, Tables, TextStyle, MM_PER_PT, PT_PER_MM,
};
use crate::fonts::Face;

fn text(face: Face, size_pt: f32, line_pitch_pt: f32, align: Align, indent_em: f32) -> TextStyle {
    TextStyle { face, size_pt, line_pitch_pt, align, indent_em, space_before_pt: 0.0, space_after_pt: 0.0 }
}

fn spaced(style: TextStyle, before: f32, after: f32) -> TextStyle {
    TextStyle { space_before_pt: before, space_after_pt: after, ..style }
}

/// The accents of every preset: Chinese practice, not a house style (lead sentences in 黑体 where the face
/// has no bold, emphasis in 楷体).
const CHINESE_ACCENTS: Accents = Accents {
    strong_without_bold: Face::Sans,
    emph: Face::Kai,
    emph_within: Face::Fang,
    emph_slants_latin: true,
    run_in: None,
};

/// The size of a 版头's 发文机关标志 and a decree's header: 小初, as office templates set them.
const MARK_PT: f32 = 36.0;

/// The red of a 版头: pure red, as office templates print it.
const LETTERHEAD_RED: Rgb = Rgb([0xFF, 0x00, 0x00]);

/// The official parts in a preset's own faces and sizes: the structure of GB/T 9704 (numbers centred,
/// attachments on pages of their own, the 版记 at the foot of the last page) with `title` and `body` for
/// the type.
fn official_parts(title: TextStyle, body: TextStyle, mark_pt: f32) -> Official {
    let centred = |style: TextStyle| TextStyle { align: Align::Center, indent_em: 0.0, ..style };
    let flush = |style: TextStyle| TextStyle { align: Align::Left, indent_em: 0.0, ..style };
    let small = TextStyle { size_pt: body.size_pt * 0.875, ..body };
    // The 发文机关标志 and a decree's header: the title's face, large.
    let mark = plain(TextStyle { size_pt: mark_pt, line_pitch_pt: mark_pt * 1.25, ..title });
    Official {
        doc_number: centred(plain(body)),
        letterhead: centred(mark),
        letterhead_top_mm: 35.0,
        letterhead_color: LETTERHEAD_RED,
        number_space_lines: 2.0,
        rule_below_number_mm: 4.0,
        rule_pt: 1.0,
        title_space_lines: 2.0,
        decree: centred(mark),
        decree_top_mm: 20.0,
        attachment_new_page: true,
        attachment_label: flush(plain(TextStyle { face: Face::Sans, ..body })),
        // Like the main title, a blank line below it (§7.3.7: the attachment is set as the document is).
        attachment_title: centred(TextStyle { space_before_pt: 0.0, ..title }),
        attachment_title_line: 3,
        record: flush(plain(small)),
        record_inset_em: 1.0,
        record_outer_rule_mm: 0.35,
        record_inner_rule_mm: 0.25,
    }
}

/// A text style without space of its own above or below.
fn plain(style: TextStyle) -> TextStyle {
    TextStyle { space_before_pt: 0.0, space_after_pt: 0.0, ..style }
}

/// Looks every preset shares: today's house values, one place to change them.
const RULES: Rules = Rules { table_pt: 0.5, horizontal_pt: 0.5, horizontal_share: 0.5 };
const TABLES: Tables =
    Tables { cell_padding_em: 0.3, cell_align: Align::Left, head_align: Align::Center, head_strong: true };
const NESTING: Nesting = Nesting { quote_em: 2.0, list_em: 2.0, min_measure_share: 0.5 };
/// GB/T 9704 §7.3: the addressee 顶格, a note 左空二字, the attachment note as [`Roles::attachment`] says.
const ROLES: Roles = Roles {
    salutation: Placement::FLUSH_LEFT,
    contents: Placement::FLUSH_LEFT,
    note: Placement { align: Align::Left, left_em: 0.0, first_em: 2.0 },
    attachment: Placement { align: Align::Left, left_em: 5.0, first_em: -3.0 },
    attachment_more: Placement { align: Align::Left, left_em: 6.0, first_em: -1.0 },
    attachment_space_lines: 1.0,
};
/// A short rule, a quarter of the measure, in 12 pt of space, as books set it; notes take at most half a
/// page before they continue overleaf (as TeX's `\\dimen\\footins` bounds them).
const NOTES: Notes = Notes { separation_pt: 12.0, rule_pt: 0.5, rule_share: 0.25, max_page_share: 0.5 };

/// The margin left beside a measure of `chars` characters of `size_pt` on paper `paper_mm` wide whose
/// other margin is `other_mm`: clreq's first rule of the 版心, a measure that is a whole number of body
/// characters, so that a full line of Han text fills it with no tracking.
fn margin_for_measure(paper_mm: f32, other_mm: f32, chars: u32, size_pt: f32) -> f32 {
    paper_mm - other_mm - chars as f32 * size_pt * MM_PER_PT
}

/// Tables and code blocks half a body line apart from the text, code indented two characters on a pale
/// grey ground, its long lines continued after `↪`.
fn displays(pitch_pt: f32) -> Displays {
    Displays {
        space_pt: pitch_pt / 2.0,
        code_inset_em: 2.0,
        code_padding_pt: 4.0,
        code_shade: Some(Rgb([0xF2, 0xF2, 0xF2])),
        code_wrap_mark: '↪',
    }
}

/// CSS pixels: 96 to the inch.
const PX_PER_INCH: f32 = 96.0;

/// What the PDF draws for a face without a bold or an italic file (see [`Synthesis`]).
const SYNTHESIS: Synthesis = Synthesis { bold_stroke_em: 0.03, slant: 0.2126 };

/// Links printed as the text around them: a printed official document or book shows no link colour, and a
/// link's address means nothing on paper.
const PRINTED_LINKS: Links = Links { color: None, underline: false };

pub(super) fn gongwen() -> Style {
    let page = PageGeometry {
        width_mm: 210.0,
        height_mm: 297.0,
        top_mm: 37.0,
        bottom_mm: 35.0,
        left_mm: 28.0,
        right_mm: 26.0,
    };
    // 225 mm / 22 lines: every element sits on this pitch so full pages hold exactly 22 lines.
    let pitch = page.text_height_mm() / 22.0 / MM_PER_PT;
    let body = text(Face::Fang, size::SAN, pitch, Align::Justify, 2.0);
    // 2号小标宋, centred; one blank grid line below (§7.3.1).
    let title = spaced(text(Face::SerifBold, size::ER, pitch, Align::Center, 0.0), 0.0, pitch);
    Style {
        name: StyleName::Gongwen,
        page,
        body,
        title,
        subtitle: text(Face::Kai, size::SAN, pitch, Align::Center, 0.0),
        byline: text(Face::Kai, size::SAN, pitch, Align::Center, 0.0),
        // §7.3.3: 一、黑体 → （一）楷体 → 1. 仿宋 → （1）仿宋, all 3号, indented like body text.
        headings: [
            text(Face::Sans, size::SAN, pitch, Align::Justify, 2.0),
            text(Face::Kai, size::SAN, pitch, Align::Justify, 2.0),
            text(Face::Fang, size::SAN, pitch, Align::Justify, 2.0),
            text(Face::Fang, size::SAN, pitch, Align::Justify, 2.0),
        ],
        quote: text(Face::Kai, size::SAN, pitch, Align::Justify, 2.0),
        footnote: text(Face::Fang, size::XIAO_SI, size::XIAO_SI * 1.5, Align::Justify, 0.0),
        code: text(Face::Mono, size::SI, pitch, Align::Left, 0.0),
        grid_chars: Some(28),
        page_numbers: PageNumbers {
            dashed: true,
            outside: true,
            inset_em: 1.0,
            face: Face::Serif,
            size_pt: size::SI,
            below_text_mm: 7.0,
            of_total: false,
        },
        chapter_sink_pt: None,
        title_page: false,
        running_head: None,
        widow_orphan_guard: false,
        table: TABLES,
        rules: RULES,
        nesting: NESTING,
        roles: ROLES,
        image_px_per_inch: PX_PER_INCH,
        // §7.3.3: a lead numbered 一、 in 黑体, （一） in 楷体, 1. and （1） in 仿宋 (1. bold, as offices set
        // it so that the lead still reads as one).
        accents: Accents {
            run_in: Some([
                RunIn { face: Face::Sans, bold: false },
                RunIn { face: Face::Kai, bold: false },
                RunIn { face: Face::Fang, bold: true },
                RunIn { face: Face::Fang, bold: false },
            ]),
            ..CHINESE_ACCENTS
        },
        synthesis: SYNTHESIS,
        links: PRINTED_LINKS,
        // §7.3.5.2 unsealed: one blank line, the signature 右空二字, the date two characters right of its
        // start; §7.3.5.1 sealed: the date 右空四字 under the seal, whose top stays within a line of the text.
        closing: Closing {
            space_lines: 1.0,
            signature_right_em: 2.0,
            date_after_signature_em: Some(2.0),
            date_right_em: 4.0,
            sealed_space_lines: 2.0,
            sealed_date_right_em: 4.0,
        },
        balanced_titles: true,
        vertical: false,
        official: Official {
            // 4号仿宋 on the body's pitch.
            record: TextStyle { size_pt: size::SI, ..official_parts(title, body, MARK_PT).record },
            ..official_parts(title, body, MARK_PT)
        },
        scripts: Scripts::USUAL,
        notes: NOTES,
        // Captions in the body face, as the PDF and EPUB always set them.
        figures: Figures { caption_face: Face::Fang, caption_room_lines: 2.0 },
        office_fonts: OfficeFonts::Gb2312,
        fonts: Families::bundled(),
        print: Print::NONE,
        facing_pages: false,
        chapter_start: ChapterStart::Any,
        // A 公文 sets its rare tables and code in the flow, on the grid.
        displays: Displays {
            space_pt: 0.0,
            code_inset_em: 0.0,
            code_padding_pt: 0.0,
            code_shade: None,
            ..displays(pitch)
        },
    }
}

pub(super) fn book() -> Style {
    // 30 characters of 五号 (111.125 mm), the inner (binding) margin wider than the outer one.
    let inner = 20.0;
    let page = PageGeometry {
        width_mm: 148.0,
        height_mm: 210.0,
        top_mm: 20.0,
        bottom_mm: 22.0,
        left_mm: inner,
        right_mm: margin_for_measure(148.0, inner, 30, size::WU),
    };
    let pitch = size::WU * 1.75;
    let body = text(Face::Serif, size::WU, pitch, Align::Justify, 2.0);
    let title =
        spaced(text(Face::SerifBold, size::XIAO_ER, size::XIAO_ER * 1.5, Align::Center, 0.0), 24.0, 12.0);
    Style {
        name: StyleName::Book,
        page,
        body,
        title,
        subtitle: text(Face::Kai, size::XIAO_SI, size::XIAO_SI * 1.6, Align::Center, 0.0),
        byline: text(Face::Kai, size::WU, pitch, Align::Center, 0.0),
        headings: [
            spaced(
                text(Face::SansBold, size::XIAO_SAN, size::XIAO_SAN * 1.5, Align::Center, 0.0),
                18.0,
                12.0,
            ),
            spaced(text(Face::SansBold, size::XIAO_SI, size::XIAO_SI * 1.5, Align::Left, 0.0), 12.0, 6.0),
            // Levels 3 and 4 at the body size, told apart by weight and indent: bold 黑体 flush left, then
            // regular 黑体 two characters in.
            spaced(text(Face::SansBold, size::WU, pitch, Align::Left, 0.0), 6.0, 0.0),
            text(Face::Sans, size::WU, pitch, Align::Left, 2.0),
        ],
        quote: text(Face::Kai, size::WU, pitch, Align::Justify, 2.0),
        code: text(Face::Mono, size::XIAO_WU, size::XIAO_WU * 1.5, Align::Left, 0.0),
        page_numbers: PageNumbers {
            dashed: false,
            // Folios flush with the outer edge of the type area, as books print them.
            outside: true,
            inset_em: 0.0,
            face: Face::Serif,
            size_pt: size::XIAO_WU,
            below_text_mm: 8.0,
            of_total: false,
        },
        // A chapter opens on a new page, a fifth of the way down, as novels are set (a "sink").
        chapter_sink_pt: Some(page.text_height_mm() * PT_PER_MM / 5.0),
        title_page: true,
        running_head: Some(RunningHead {
            face: Face::Serif,
            size_pt: size::XIAO_WU,
            baseline_above_text_mm: 7.0,
            rule_above_text_mm: 5.0,
            rule_width_pt: 0.4,
        }),
        links: PRINTED_LINKS,
        official: official_parts(title, body, MARK_PT),
        facing_pages: true,
        displays: displays(pitch),
        // Footnotes, the grid, widow control, tables, roles, accents, the closing block, figures and the
        // Office faces are the report's.
        ..report()
    }
}

pub(super) fn report() -> Style {
    // About Word's default A4 margins (2.54 / 3.18 cm), 小四 Song at 1.5 line spacing: what offices expect
    // of a report that is not a formal 公文. The sides are 30.9 mm, for a measure of 35 characters.
    let side = margin_for_measure(210.0, 0.0, 35, size::XIAO_SI) / 2.0;
    let page = PageGeometry {
        width_mm: 210.0,
        height_mm: 297.0,
        top_mm: 25.4,
        bottom_mm: 25.4,
        left_mm: side,
        right_mm: side,
    };
    let pitch = size::XIAO_SI * 1.5;
    let body = text(Face::Serif, size::XIAO_SI, pitch, Align::Justify, 2.0);
    let title = spaced(text(Face::SerifBold, size::ER, size::ER * 1.5, Align::Center, 0.0), 0.0, 12.0);
    Style {
        name: StyleName::Report,
        page,
        body,
        title,
        subtitle: text(Face::Kai, size::SAN, size::SAN * 1.5, Align::Center, 0.0),
        byline: text(Face::Kai, size::XIAO_SI, pitch, Align::Center, 0.0),
        headings: [
            spaced(text(Face::SansBold, size::XIAO_SAN, size::XIAO_SAN * 1.5, Align::Left, 0.0), 12.0, 6.0),
            spaced(text(Face::Sans, size::SI, size::SI * 1.5, Align::Left, 0.0), 6.0, 3.0),
            // Levels 3 and 4 at the body size, each unlike the body and the other: bold 黑体 flush left
            // with space above, then regular 黑体 two characters in (a 宋体 level 4 read as body text).
            spaced(text(Face::SansBold, size::XIAO_SI, pitch, Align::Left, 0.0), 6.0, 0.0),
            text(Face::Sans, size::XIAO_SI, pitch, Align::Left, 2.0),
        ],
        quote: text(Face::Kai, size::XIAO_SI, pitch, Align::Justify, 2.0),
        footnote: text(Face::Serif, size::XIAO_WU, size::XIAO_WU * 1.5, Align::Justify, 0.0),
        code: text(Face::Mono, size::WU, size::WU * 1.4, Align::Left, 0.0),
        grid_chars: None,
        // Plain centred folios: the `— n —` dashes are GB/T 9704's mark of an official document, and text
        // extracted from a plain number reads back clean (a lone number is recognisably not text).
        page_numbers: PageNumbers {
            dashed: false,
            outside: false,
            inset_em: 0.0,
            face: Face::Serif,
            size_pt: size::WU,
            below_text_mm: 10.0,
            of_total: false,
        },
        chapter_sink_pt: None,
        title_page: false,
        running_head: None,
        widow_orphan_guard: true,
        table: TABLES,
        rules: RULES,
        nesting: NESTING,
        roles: ROLES,
        image_px_per_inch: PX_PER_INCH,
        accents: CHINESE_ACCENTS,
        synthesis: SYNTHESIS,
        // A restrained dark blue, not underlined: a link reads as one on screen and as plain text in print.
        links: Links { color: Some(Rgb([0x1F, 0x4E, 0x79])), underline: false },
        closing: Closing::FLUSH_RIGHT,
        balanced_titles: true,
        vertical: false,
        official: official_parts(title, body, MARK_PT),
        scripts: Scripts::USUAL,
        notes: NOTES,
        // Captions in the body face, as the PDF and EPUB always set them.
        figures: Figures { caption_face: Face::Serif, caption_room_lines: 2.0 },
        office_fonts: OfficeFonts::Standard,
        fonts: Families::bundled(),
        print: Print::NONE,
        facing_pages: false,
        chapter_start: ChapterStart::Any,
        displays: displays(pitch),
    }
}
