//! What a glyph's ink says that its advance does not: how much of a full-width mark's em is blank on the
//! side compression takes: a centred ？ in 楷体 or in a Traditional face has less than the half GB style
//! assumes.

use crate::fonts::FontFile;

/// The blank of glyph `gid` on its left side (`left`) or its right, in ems, for an em `advance_em` wide:
/// what compression can take without the ink running into the neighbour. At most half the advance, the
/// most clreq ever takes; a glyph with no ink is all blank.
pub(super) fn blank_em(file: &FontFile, gid: u16, advance_em: f32, left: bool) -> f32 {
    let half = advance_em / 2.0;
    let Some((ink_left, ink_right)) = file.ink_x(gid) else { return half };
    let blank = if left { ink_left } else { advance_em - ink_right };
    blank.clamp(0.0, half)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::{Face, FontBook};

    #[test]
    fn a_centred_mark_offers_only_its_blank_and_a_corner_mark_its_half() {
        let book = FontBook::new(&[]);
        let kai = book.get(Face::Kai).expect("FandolKai");
        let question = kai.glyph('？').expect("？");
        // FandolKai centres ？ (ink 0.32–0.68 em): 0.32 em to its right is blank, not 0.5.
        let right = blank_em(kai, question.id, 1.0, false);
        assert!(right > 0.2 && right < 0.45, "{right}");
        let serif = book.get(Face::Serif).expect("Noto Serif SC");
        let stop = serif.glyph('。').expect("。");
        assert!((blank_em(serif, stop.id, 1.0, false) - 0.5).abs() < 1e-6);
    }
}
