//! Measuring one paragraph before it is broken: each character in the face that draws it (per-character
//! fallback, uncovered characters counted), its advance, the blank half punctuation compression may take
//! from it, and the spacing between neighbours (adjacent marks, Han–Latin gaps).

use super::{ink, MissingGlyphs, StyledChar};
use crate::diag::Error;
use crate::fonts::{Face, FontBook, Synthetic};
use crate::zh::chars::{is_han, is_kana, is_latin, is_latin_quote, is_wide};

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
    /// Set as ideographic text is (full width, justified between any two characters): [`is_wide`], unless
    /// it is a quote that [`is_latin_quote`] in its place.
    pub(super) wide: bool,
    pub(super) width_em: f32,
    pub(super) advance_pt: f32,
    /// How much of the advance punctuation compression may remove: the blank half of the mark's em, or
    /// less when its ink reaches into that half (a centred ？ in 楷体 or in a Traditional face).
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
    for (i, sc) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|k| chars.get(k)).map(|c| c.ch);
        let latin_quote = is_latin_quote(prev, sc.ch, chars.get(i + 1).map(|c| c.ch));
        // A Latin apostrophe is drawn in its proportional form, measured and set like the word it is in.
        let proportional = if latin_quote { fonts.resolve_proportional(sc.face, sc.ch)? } else { None };
        let resolved = match proportional {
            Some(found) => Some(found),
            None => fonts.resolve_glyph(sc.face, sc.ch)?,
        };
        let m = match resolved {
            Some((file, info)) => {
                let gid = Some(info.id);
                let em = file.em(info).unwrap_or(1.0);
                let advance_pt = em * sc.size_pt + sc.tracking_pt;
                let blank = if em > 0.9 && !latin_quote { blank_side(sc.ch) } else { Blank::None };
                let shrink_pt = match blank {
                    Blank::None => 0.0,
                    side => (ink::blank_em(file, info.id, em, side == Blank::Left) * sc.size_pt)
                        .min(advance_pt / 2.0),
                };
                Measured {
                    ch: sc.ch,
                    face: file.face(),
                    gid,
                    synthetic: sc.synthetic,
                    size_pt: sc.size_pt,
                    rise_pt: sc.rise_pt,
                    link: sc.link,
                    wide: is_wide(sc.ch) && !latin_quote,
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
                    wide: is_wide(sc.ch) && !latin_quote,
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
    use crate::fonts::{Face, FontBook};
    use crate::layout::paragraph::fixtures::{advance_of, chars, left, spec, styled};
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

    #[test]
    fn an_apostrophe_between_latin_letters_is_set_as_latin() {
        let book = FontBook::new(&[]);
        let mut missing = MissingGlyphs::new();
        let serif = |text: &str| styled(text, Face::Serif, 16.0, 0.0);
        let straight = book.get(Face::Serif).expect("serif").advance_em('\'').expect("'") * 16.0;
        let lines = set_paragraph(&serif("甲two’s乙"), &left(400.0), &book, &mut missing).expect("fonts");
        let apostrophe = advance_of(&lines[0], '’');
        assert!(apostrophe > straight && apostrophe < 0.4 * 16.0, "’ {apostrophe} pt, ' {straight} pt");
        // Justified, the stretch goes between the Han characters, none inside the word.
        let text = "甲乙丙丁戊己庚 two’s 汉字汉字汉字，后面还有很多很多很多的字";
        let lines = set_paragraph(&serif(text), &spec(300.0, 0.0), &book, &mut missing).expect("fonts");
        let g = &lines[0].glyphs;
        let at = |ch: char| g.iter().position(|x| x.ch == ch).expect("on the first line");
        let (o, s) = (at('o'), at('s'));
        assert!((g[o].advance_pt - g[o].width_em * 16.0).abs() < 0.01, "o|’ stretched");
        assert!((g[at('’')].advance_pt - apostrophe).abs() < 0.01, "’|s stretched");
        assert!((g[s].x_pt - g[o].x_pt - g[o].advance_pt - apostrophe).abs() < 0.01);
        assert!(g[at('甲')].advance_pt > 16.0, "the line is stretched elsewhere");
        // A Chinese closing quote after Han text keeps its em, and its compression.
        let lines = set_paragraph(&serif("他说‘好’乙"), &left(400.0), &book, &mut missing).expect("fonts");
        assert!((advance_of(&lines[0], '’') - 16.0).abs() < 0.01);
        // A line never breaks inside the word, however narrow.
        let lines =
            set_paragraph(&serif("甲乙丙two’s丁"), &spec(60.0, 0.0), &book, &mut missing).expect("fonts");
        assert!(lines.iter().all(|l| !l.text().starts_with('s') && !l.text().ends_with('’')));
    }

    #[test]
    fn compression_takes_only_the_blank_side_of_a_centred_mark() {
        let book = FontBook::new(&[]);
        let mut missing = MissingGlyphs::new();
        let kai = |text: &str| styled(text, Face::Kai, 16.0, 0.0);
        let file = book.get(Face::Kai).expect("FandolKai");
        for pair in ["？！", "！？", "？」", "。」"] {
            let text = format!("甲{pair}乙");
            let lines = set_paragraph(&kai(&text), &left(400.0), &book, &mut missing).expect("fonts");
            let g = &lines[0].glyphs;
            let ink = |k: usize| {
                let (left, right) = file.ink_x(g[k].gid.expect("covered")).expect("ink");
                (g[k].x_pt + left * 16.0, g[k].x_pt + right * 16.0)
            };
            assert!(ink(1).1 < ink(2).0, "{pair}: {:?} runs into {:?}", ink(1), ink(2));
            assert!(g[2].x_pt - g[1].x_pt < 16.0 - 0.01, "{pair}: still compressed");
        }
    }
}
