//! Measuring one paragraph before it is broken: each character in the face that draws it (per-character
//! fallback, uncovered characters counted), its advance, the blank half punctuation compression may take
//! from it, and the spacing between neighbours (adjacent marks, Han–Latin gaps).

use super::{MissingGlyphs, StyledChar};
use crate::diag::Error;
use crate::fonts::{Face, FontBook, Synthetic};
use crate::zh::chars::{is_han, is_kana, is_wide};

/// Where a character is blank in its em box (GB style, TYPOGRAPHY.md §1.2): that half can be removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Blank {
    None,
    Left,
    Right,
}

fn blank_side(ch: char) -> Blank {
    match ch {
        '，' | '。' | '、' | '：' | '；' | '！' | '？' | '）' | '】' | '》' | '」' | '』' | '〕' | '］'
        | '｝' | '〉' | '〗' | '”' | '’' | '．' => Blank::Right,
        '（' | '【' | '《' | '「' | '『' | '〔' | '［' | '｛' | '〈' | '〖' | '“' | '‘' => {
            Blank::Left
        }
        _ => Blank::None,
    }
}

/// A character measured in its resolved face.
#[derive(Debug, Clone)]
pub(super) struct Measured {
    pub(super) ch: char,
    pub(super) face: Face,
    pub(super) gid: Option<u16>,
    pub(super) synthetic: Synthetic,
    pub(super) size_pt: f32,
    pub(super) rise_pt: f32,
    pub(super) link: bool,
    pub(super) width_em: f32,
    pub(super) advance_pt: f32,
    /// How much of the advance punctuation compression may remove.
    pub(super) shrink_pt: f32,
    pub(super) blank: Blank,
    /// Blank removed for good from the glyph's left side (adjacent punctuation): its ink moves left.
    pub(super) cut_left_pt: f32,
    /// Han–Latin gap after the glyph, included in `advance_pt` (¼ em, shrinkable to ⅛, stretchable to ⅜);
    /// dropped when the glyph ends a line.
    pub(super) gap_pt: f32,
}

/// Han–Latin spacing (clreq §3.2.2, TYPOGRAPHY.md §1.5): the natural gap, in ems.
const HAN_LATIN_GAP_EM: f32 = 0.25;

/// Whether `ch` is an ideograph or kana: the side of a Han–Latin boundary that is not punctuation.
fn is_ideographic_letter(ch: char) -> bool {
    is_han(ch) || is_kana(ch)
}

/// Whether `ch` is a Latin-script letter or digit (Greek and Cyrillic count too): the other side. Circled
/// and parenthesised numbers (①, ⑴, ❶: note markers, enumerations) are Chinese typography's own.
fn is_latin(ch: char) -> bool {
    // ASCII answered directly, and the CJK test before the Unicode tables: most characters are one or other.
    if ch.is_ascii() {
        return ch.is_ascii_alphanumeric();
    }
    !is_wide(ch) && ch.is_alphanumeric() && !matches!(ch, '\u{2460}'..='\u{24FF}' | '\u{2776}'..='\u{2793}')
}

/// Adjacent full-width punctuation (clreq §3.1.6): two marks that would take 2 em take 1.5 em. The blank
/// half comes off the first mark's right side when it has one (`。”` `），` `」。`), else off the second's
/// left (`“（`). Then Han–Latin gaps. Neither on a character grid, where every character keeps its cell.
pub(super) fn adjust_neighbours(measured: &mut [Measured], on_grid: bool) {
    if on_grid {
        return;
    }
    for i in 1..measured.len() {
        let Some((before, after)) = measured.split_at_mut_checked(i) else { continue };
        let (Some(a), Some(b)) = (before.last_mut(), after.first_mut()) else { continue };
        if a.blank != Blank::None && b.blank != Blank::None {
            if a.blank == Blank::Right && a.shrink_pt > 0.0 {
                a.advance_pt -= a.shrink_pt;
                a.shrink_pt = 0.0;
            } else if a.blank == Blank::Left && b.blank == Blank::Left && b.shrink_pt > 0.0 {
                b.advance_pt -= b.shrink_pt;
                b.cut_left_pt = b.shrink_pt;
                b.shrink_pt = 0.0;
            }
        }
        if (is_ideographic_letter(a.ch) && is_latin(b.ch)) || (is_latin(a.ch) && is_ideographic_letter(b.ch))
        {
            let gap = HAN_LATIN_GAP_EM * a.size_pt.max(b.size_pt);
            a.gap_pt = gap;
            a.advance_pt += gap;
        }
    }
}

pub(super) fn measure(
    chars: &[StyledChar],
    fonts: &FontBook,
    missing: &mut MissingGlyphs,
) -> Result<Vec<Measured>, Error> {
    let mut out = Vec::with_capacity(chars.len());
    for sc in chars {
        let m = match fonts.resolve_glyph(sc.face, sc.ch)? {
            Some((file, info)) => {
                let gid = Some(info.id);
                let em = file.em(info).unwrap_or(1.0);
                let advance_pt = em * sc.size_pt + sc.tracking_pt;
                let blank = if em > 0.9 { blank_side(sc.ch) } else { Blank::None };
                let shrink_pt = if blank == Blank::None { 0.0 } else { advance_pt / 2.0 };
                Measured {
                    ch: sc.ch,
                    face: file.face(),
                    gid,
                    synthetic: sc.synthetic,
                    size_pt: sc.size_pt,
                    rise_pt: sc.rise_pt,
                    link: sc.link,
                    width_em: em,
                    advance_pt,
                    shrink_pt,
                    blank,
                    cut_left_pt: 0.0,
                    gap_pt: 0.0,
                }
            }
            None => {
                // Control characters are not glyphs; everything else uncovered is reported, never dropped.
                if !sc.ch.is_control() {
                    *missing.entry(sc.ch).or_insert(0) += 1;
                }
                Measured {
                    ch: sc.ch,
                    face: sc.face,
                    gid: None,
                    synthetic: sc.synthetic,
                    size_pt: sc.size_pt,
                    rise_pt: sc.rise_pt,
                    link: sc.link,
                    width_em: 1.0,
                    advance_pt: sc.size_pt + sc.tracking_pt,
                    shrink_pt: 0.0,
                    blank: Blank::None,
                    cut_left_pt: 0.0,
                    gap_pt: 0.0,
                }
            }
        };
        out.push(m);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::fonts::FontBook;
    use crate::layout::paragraph::fixtures::{advance_of, chars, left, spec};
    use crate::layout::paragraph::{set_paragraph, MissingGlyphs, ParagraphSpec};

    #[test]
    fn characters_no_face_covers_are_counted() {
        let book = FontBook::new(&[]);
        let mut missing = MissingGlyphs::new();
        let lines =
            set_paragraph(&chars("私\u{E000}有\u{E000}", 16.0, 0.0), &spec(300.0, 0.0), &book, &mut missing)
                .expect("fonts");
        assert_eq!(missing.get(&'\u{E000}'), Some(&2));
        assert_eq!(lines[0].text(), "私\u{E000}有\u{E000}", "kept in the text layer");
    }

    #[test]
    fn adjacent_full_width_marks_take_one_and_a_half_em() {
        let book = FontBook::new(&[]);
        let mut missing = MissingGlyphs::new();
        for pair in ["。”", "），", "」。", "，“", "）（"] {
            let text = format!("甲{pair}乙");
            let lines =
                set_paragraph(&chars(&text, 16.0, 0.0), &left(400.0), &book, &mut missing).expect("fonts");
            let g = &lines[0].glyphs;
            let pair_width = g[3].x_pt - g[1].x_pt;
            assert!((pair_width - 24.0).abs() < 0.01, "{pair}: {pair_width}");
        }
        // Two opening marks: the second loses its blank left half, and its ink moves left with it.
        let lines =
            set_paragraph(&chars("甲“（乙", 16.0, 0.0), &left(400.0), &book, &mut missing).expect("fonts");
        let g = &lines[0].glyphs;
        assert!((g[3].x_pt - g[1].x_pt - 24.0).abs() < 0.01);
        assert!((g[2].x_pt - (g[1].x_pt + 8.0)).abs() < 0.01, "（ drawn half an em early");
        // A single mark keeps its full em.
        let lines =
            set_paragraph(&chars("甲，乙", 16.0, 0.0), &left(400.0), &book, &mut missing).expect("fonts");
        assert!((advance_of(&lines[0], '，') - 16.0).abs() < 0.01);
    }

    #[test]
    fn a_grid_keeps_every_cell_whole() {
        let book = FontBook::new(&[]);
        let mut missing = MissingGlyphs::new();
        let spec = ParagraphSpec { on_grid: true, ..left(400.0) };
        let lines =
            set_paragraph(&chars("甲。”乙Word丙", 16.0, 0.0), &spec, &book, &mut missing).expect("fonts");
        assert!((advance_of(&lines[0], '。') - 16.0).abs() < 0.01);
        assert!((advance_of(&lines[0], '乙') - 16.0).abs() < 0.01, "no Han–Latin gap on a grid");
    }

    #[test]
    fn han_and_latin_are_spaced_a_quarter_em_but_not_at_line_edges() {
        let book = FontBook::new(&[]);
        let mut missing = MissingGlyphs::new();
        let lines =
            set_paragraph(&chars("汉字Typst排版2024年", 16.0, 0.0), &left(400.0), &book, &mut missing)
                .expect("fonts");
        let g = &lines[0].glyphs;
        assert!((g[2].x_pt - g[1].x_pt - 20.0).abs() < 0.01, "字|T: 1 em + ¼ em");
        let t = g.iter().position(|x| x.ch == 't').expect("t");
        assert!((g[t + 1].x_pt - g[t].x_pt - g[t].width_em * 16.0 - 4.0).abs() < 0.01, "t|排");
        let y = g.iter().position(|x| x.ch == '4').expect("4");
        assert!((g[y + 1].x_pt - g[y].x_pt - g[y].width_em * 16.0 - 4.0).abs() < 0.01, "4|年");
        // Broken right at a boundary: the first line ends flush without its gap, the next starts flush.
        let text = "一二三四五六七八九十汉字Typesetting排版";
        let lines = set_paragraph(&chars(text, 16.0, 0.0), &spec(12.0 * 16.0, 0.0), &book, &mut missing)
            .expect("fonts");
        assert_eq!(lines[0].text(), "一二三四五六七八九十汉字");
        assert!((lines[0].right_pt() - 192.0).abs() < 0.05, "justified without a trailing gap");
        let step = lines[0].glyphs[1].x_pt - lines[0].glyphs[0].x_pt;
        assert!((step - 16.0).abs() < 0.01, "the dropped gap is not spread over the line: {step}");
        assert!(lines[1].left_pt().abs() < 0.01, "no gap at line start");
    }
}
