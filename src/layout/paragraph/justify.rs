//! Setting one broken line: its glyphs placed after compression when it is over-full (the line-end mark
//! first, GB/T 15834 §5.1.10), stretching when it is justified (Han–Latin gaps first, then the gaps between
//! characters, clreq §1.4), and the offset of a centred or right-aligned line.

use super::direction::draw_right_to_left;
use super::measure::{Blank, Measured};
use super::{Glyph, Line, ParagraphSpec, EPS};
use crate::style::Align;
use crate::zh::kinsoku::is_inseparable;

/// Positions the glyphs of one line: compression if it is over-full, even spacing if it must be justified.
pub(super) fn set_line(
    slice: &[Measured],
    spec: &ParagraphSpec,
    indent: f32,
    avail: f32,
    justify: bool,
) -> Line {
    // Trailing spaces are not set.
    let mut used = slice.len();
    while used > 0 && slice.get(used - 1).is_some_and(|m| m.ch == ' ' || m.ch == '\n') {
        used -= 1;
    }
    let slice = slice.get(..used).unwrap_or(&[]);
    // A Han–Latin gap never ends a line (clreq: not at line start or end). Advances and gaps per glyph are
    // computed where used rather than collected: this runs for every line of every document.
    let last = slice.len().wrapping_sub(1);
    let advance_of = |i: usize, m: &Measured| if i == last { m.advance_pt - m.gap_pt } else { m.advance_pt };
    let gap_of = |i: usize, m: &Measured| if i == last { 0.0 } else { m.gap_pt };
    let gaps = || slice.iter().enumerate().map(|(i, m)| gap_of(i, m));
    let natural: f32 = slice.iter().enumerate().map(|(i, m)| advance_of(i, m)).sum();
    // Per glyph: what compression removes (and, for a left-blank mark, moves its ink by), what expansion adds.
    let mut shrink = vec![0.0f32; slice.len()];
    let mut extra = vec![0.0f32; slice.len()];
    let mut width = natural;
    if natural > avail + EPS {
        // Shrink, in clreq's order: the line-end mark to half width (GB/T 15834 §5.1.10), then the other
        // compressible marks in proportion to what each can give, then Han–Latin gaps down to ⅛ em.
        let mut deficit = natural - avail;
        if let (Some(last), Some(s)) = (slice.last(), shrink.last_mut()) {
            *s = last.shrink_pt.min(deficit);
            deficit -= *s;
        }
        let count = slice.len().saturating_sub(1);
        let rest: f32 = slice.iter().take(count).map(|m| m.shrink_pt).sum();
        if deficit > 0.0 && rest > 0.0 {
            let ratio = (deficit / rest).min(1.0);
            for (m, s) in slice.iter().zip(shrink.iter_mut()).take(count) {
                *s = m.shrink_pt * ratio;
            }
            deficit -= rest * ratio;
        }
        let gap_room: f32 = gaps().map(|g| g / 2.0).sum();
        if deficit > 0.0 && gap_room > 0.0 {
            let ratio = (deficit / gap_room).min(1.0);
            for (e, g) in extra.iter_mut().zip(gaps()) {
                *e = -g / 2.0 * ratio;
            }
        }
        width = natural - shrink.iter().sum::<f32>() + extra.iter().sum::<f32>();
    } else if justify && slice.len() > 1 {
        // Stretch: Han–Latin gaps first, up to ⅜ em, then every gap between characters evenly, except inside
        // Latin words and numbers and inside —— / …… (clreq §1.4).
        let mut surplus = avail - natural;
        let gap_room: f32 = gaps().map(|g| g / 2.0).sum();
        if gap_room > 0.0 {
            let ratio = (surplus / gap_room).min(1.0);
            for (e, g) in extra.iter_mut().zip(gaps()) {
                *e = g / 2.0 * ratio;
            }
            surplus -= gap_room * ratio;
        }
        let stretchable = || {
            slice.windows(2).map(|w| match w {
                [a, b] => !is_inseparable(a.ch, b.ch) && (a.wide || b.wide || a.ch == ' ' || b.ch == ' '),
                _ => false,
            })
        };
        let mut count = stretchable().filter(|&s| s).count();
        let all = count == 0;
        if all {
            count = slice.len().saturating_sub(1);
        }
        if count > 0 && surplus > 0.0 {
            let each = surplus / count as f32;
            for (e, s) in extra.iter_mut().zip(stretchable()) {
                if s || all {
                    *e += each;
                }
            }
        }
        width = avail;
    }
    // A centred line ending in a mark blank on its right (`，` `。` `”`) is centred on its ink, as if that
    // blank half were trimmed (GB/T 15834 §5.1.10), so it does not look pushed left.
    let trailing_blank = slice.last().zip(shrink.last()).map_or(0.0, |(m, s)| {
        if m.blank == Blank::Right {
            m.shrink_pt - s
        } else {
            0.0
        }
    });
    let offset = match spec.align {
        Align::Center => (avail - width + trailing_blank) / 2.0,
        Align::Right => avail - width,
        Align::Justify | Align::Left => 0.0,
    };
    let mut pen = spec.left_pt + indent + offset;
    let mut glyphs = Vec::with_capacity(slice.len());
    for (i, ((m, s), e)) in slice.iter().zip(&shrink).zip(&extra).enumerate() {
        let natural = advance_of(i, m);
        // A mark blank on its left loses that side: its ink moves left with the pen.
        let cut = m.cut_left_pt + if m.blank == Blank::Left { *s } else { 0.0 };
        let x = pen - cut;
        let advance = natural - s + e;
        glyphs.push(Glyph {
            ch: m.ch,
            face: m.face,
            gid: m.gid,
            synthetic: m.synthetic,
            size_pt: m.size_pt,
            rise_pt: m.rise_pt,
            link: m.link,
            x_pt: x,
            advance_pt: advance,
            width_em: m.width_em,
        });
        pen += advance;
    }
    draw_right_to_left(&mut glyphs);
    Line { glyphs, color: None }
}

#[cfg(test)]
mod tests {
    use crate::fonts::FontBook;
    use crate::layout::paragraph::fixtures::{advance_of, chars, left, spec, SAMPLE};
    use crate::layout::paragraph::{set_paragraph, Line, MissingGlyphs, ParagraphSpec};

    #[test]
    fn justified_lines_fill_the_width() {
        let book = FontBook::new(&[]);
        let mut missing = MissingGlyphs::new();
        let text = format!("{SAMPLE}Typst 0.13 与 Word 2019 的比较。{SAMPLE}");
        for width in [200.0, 333.3, 447.0] {
            let lines = set_paragraph(&chars(&text, 16.0, 0.0), &spec(width, 32.0), &book, &mut missing)
                .expect("fonts");
            assert!(lines.len() > 2);
            for line in &lines[..lines.len() - 1] {
                assert!(
                    (line.right_pt() - width).abs() < 0.1,
                    "{} ends at {} of {width}",
                    line.text(),
                    line.right_pt()
                );
            }
        }
    }

    #[test]
    fn the_first_line_is_indented_two_ems_and_the_others_are_flush() {
        let book = FontBook::new(&[]);
        let mut missing = MissingGlyphs::new();
        for size in [10.5, 12.0, 16.0] {
            let lines =
                set_paragraph(&chars(SAMPLE, size, 0.0), &spec(20.0 * size, 2.0 * size), &book, &mut missing)
                    .expect("fonts");
            assert!((lines[0].left_pt() - 2.0 * size).abs() < 0.01, "first line at {}", lines[0].left_pt());
            assert!((lines[0].right_pt() - 20.0 * size).abs() < 0.1, "and still flush right");
            for line in &lines[1..] {
                assert!(line.left_pt().abs() < 0.01, "{} at {}", line.text(), line.left_pt());
            }
        }
        // A hanging indent (lists): the first line sticks out, the rest are indented.
        let hanging = ParagraphSpec { left_pt: 24.0, first_indent_pt: -24.0, ..spec(240.0, 0.0) };
        let lines = set_paragraph(&chars(SAMPLE, 12.0, 0.0), &hanging, &book, &mut missing).expect("fonts");
        assert!(lines[0].left_pt().abs() < 0.01);
        assert!(lines[1..].iter().all(|l| (l.left_pt() - 24.0).abs() < 0.01));
    }

    #[test]
    fn han_latin_gaps_stretch_to_three_eighths_before_other_gaps_and_shrink_to_an_eighth() {
        let book = FontBook::new(&[]);
        let mut missing = MissingGlyphs::new();
        let text = "汉字ABC汉字ABC汉字DEF汉字尾巴后面还有很多很多很多很多的字";
        let natural =
            set_paragraph(&chars(text, 16.0, 0.0), &left(1000.0), &book, &mut missing).expect("fonts");
        let width_of = |line: &Line, upto: usize| line.glyphs[upto].x_pt - line.glyphs[0].x_pt;
        // Find the natural width of the first 18 glyphs (six gaps), then ask for 6 pt more: each gap +1 pt.
        let w18 = width_of(&natural[0], 18);
        let lines =
            set_paragraph(&chars(text, 16.0, 0.0), &spec(w18 + 6.0 + 0.001, 0.0), &book, &mut missing)
                .expect("fonts");
        assert_eq!(lines[0].glyphs.len(), 18, "{}", lines[0].text());
        let g = &lines[0].glyphs;
        assert!(
            (g[2].x_pt - g[1].x_pt - 21.0).abs() < 0.01,
            "gap stretched by 1 pt: {}",
            g[2].x_pt - g[1].x_pt
        );
        assert!((g[1].x_pt - g[0].x_pt - 16.0).abs() < 0.01, "Han pairs untouched while gaps can stretch");
        // 6 pt less than natural: the gaps (6 × 4 pt, shrinkable by 12 pt) give it, no mark to compress.
        let lines =
            set_paragraph(&chars(text, 16.0, 0.0), &spec(w18 - 6.0 + 0.001, 0.0), &book, &mut missing)
                .expect("fonts");
        let g = &lines[0].glyphs;
        if lines[0].glyphs.len() == 18 {
            assert!((g[2].x_pt - g[1].x_pt - 19.0).abs() < 0.01, "gap shrunk by 1 pt");
        }
    }

    #[test]
    fn a_line_end_mark_is_trimmed_only_when_the_line_needs_it() {
        let book = FontBook::new(&[]);
        let mut missing = MissingGlyphs::new();
        let text = "一二三四五六七八九十。后面的文字";
        let lines =
            set_paragraph(&chars(text, 16.0, 0.0), &spec(168.0, 0.0), &book, &mut missing).expect("fonts");
        assert_eq!(lines[0].text(), "一二三四五六七八九十。");
        assert!((advance_of(&lines[0], '。') - 8.0).abs() < 0.01, "half width at line end");
        assert!((lines[0].right_pt() - 168.0).abs() < 0.05);
        // With room to spare the mark keeps its em and the line is stretched instead.
        let lines =
            set_paragraph(&chars(text, 16.0, 0.0), &spec(180.0, 0.0), &book, &mut missing).expect("fonts");
        assert_eq!(lines[0].text(), "一二三四五六七八九十。");
        assert!(advance_of(&lines[0], '。') >= 16.0 - 0.01);
    }
}
