//! Right-to-left runs (Hebrew, Arabic and their kin) on a set line, drawn from right to left while the
//! glyphs keep the text order, so that boxes come in reading order and text extraction gives the text back.

use super::Glyph;
use crate::zh::chars::is_wide;

/// Whether `ch` belongs to a right-to-left script: Hebrew, Arabic, Syriac, Thaana, N'Ko and the rest of
/// U+0590–U+08FF, their presentation forms, and the right-to-left scripts of the supplementary planes.
fn is_right_to_left(ch: char) -> bool {
    matches!(ch as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFC | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
}

/// Draws each right-to-left run of a set line from right to left, as a reader of it reads: the glyphs keep
/// their order (the text order, which links and notes count in) and trade places within the span the run
/// takes. A run is right-to-left characters and what stands between two of them but is neither a letter,
/// a digit nor Chinese (spaces, punctuation, marks). Not the whole Unicode bidirectional algorithm: no
/// bundled face draws these scripts (their glyphs are reported and drawn as boxes), but the boxes come in
/// reading order, and text extraction, which reads a line in the order it is drawn, gives the text back.
pub(super) fn draw_right_to_left(glyphs: &mut [Glyph]) {
    let mut start = 0;
    while start < glyphs.len() {
        if !glyphs.get(start).is_some_and(|g| is_right_to_left(g.ch)) {
            start += 1;
            continue;
        }
        // The run ends at its last right-to-left glyph before a letter, digit or Chinese character.
        let mut end = start;
        let mut k = start + 1;
        while let Some(g) = glyphs.get(k) {
            if is_right_to_left(g.ch) {
                end = k;
            } else if g.ch.is_alphanumeric() || is_wide(g.ch) {
                break;
            }
            k += 1;
        }
        if let (Some(first), Some(last)) = (glyphs.get(start), glyphs.get(end)) {
            let span = first.x_pt + last.x_pt + last.advance_pt;
            for g in glyphs.get_mut(start..=end).unwrap_or_default() {
                g.x_pt = span - g.x_pt - g.advance_pt;
            }
        }
        start = end + 1;
    }
}

#[cfg(test)]
mod tests {
    use crate::fonts::FontBook;
    use crate::layout::paragraph::fixtures::{chars, spec};
    use crate::layout::paragraph::{set_paragraph, MissingGlyphs};

    #[test]
    fn a_right_to_left_run_is_drawn_from_right_to_left_in_text_order() {
        let book = FontBook::new(&[]);
        let mut missing = MissingGlyphs::new();
        let text = "见שלום עולם。再见";
        let lines =
            set_paragraph(&chars(text, 10.0, 0.0), &spec(400.0, 0.0), &book, &mut missing).expect("fonts");
        let glyphs = &lines[0].glyphs;
        assert_eq!(lines[0].text(), text, "the glyphs keep the text order");
        let x = |ch: char| glyphs.iter().find(|g| g.ch == ch).map(|g| g.x_pt).expect("a glyph");
        // ש is the first letter read and the rightmost drawn; the run stays between 见 and 。.
        assert!(x('ש') > x('ל') && x('ל') > x('ו') && x('ו') > x('ם'));
        assert!(x('ש') > x('ע'), "the second word is left of the first");
        assert!(x('见') < x('ם') && x('ש') < x('。'));
        let ends: Vec<f32> = glyphs.iter().map(|g| g.x_pt + g.advance_pt).collect();
        assert!((lines[0].right_pt() - ends.iter().copied().fold(0.0, f32::max)).abs() < 1e-4);
    }
}
