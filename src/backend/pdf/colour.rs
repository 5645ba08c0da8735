//! The device colour of text and lines. A plain PDF paints the style's colours in DeviceRGB, as it always
//! has; a file with a CMYK output intent (PDF/X-4, PDF/A-2) may not use DeviceRGB (ISO 15930-7 §6.2.4,
//! ISO 19005-2 §6.2.4.3): grey, black included, goes to DeviceGray, which prints on K alone, and any other
//! colour to DeviceCMYK by the separation the output intent describes ([`super::icc`]), so the red of a
//! 版头 (#FF0000) is 0/100/100/0 and no spot colour.

use crate::style::Rgb;

/// A colour as an operator sets it, components from 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Ink {
    /// DeviceRGB (`rg`).
    Rgb([f32; 3]),
    /// DeviceGray (`g`): 0 black, 1 white.
    Gray(f32),
    /// DeviceCMYK (`k`).
    Cmyk([f32; 4]),
}

/// How the page's colours are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Palette {
    /// DeviceRGB.
    Screen,
    /// DeviceGray and DeviceCMYK.
    Press,
}

impl Palette {
    /// `color` (black for `None`) in this palette.
    pub(super) fn ink(self, color: Option<Rgb>) -> Ink {
        let [r, g, b] = color.map_or([0.0; 3], Rgb::unit);
        match self {
            Palette::Screen => Ink::Rgb([r, g, b]),
            Palette::Press if r == g && g == b => Ink::Gray(r),
            Palette::Press => {
                let [c, m, y, k] = super::icc::srgb_to_cmyk([r, g, b].map(f64::from));
                // Two decimals are finer than any plate's screen, and keep the numbers short.
                Ink::Cmyk([c, m, y, k].map(|v| (v * 100.0).round() as f32 / 100.0))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_press_palette_has_black_on_k_and_letterhead_red_on_m_and_y() {
        assert_eq!(Palette::Press.ink(None), Ink::Gray(0.0));
        assert_eq!(Palette::Press.ink(Some(Rgb([0xFF, 0, 0]))), Ink::Cmyk([0.0, 1.0, 1.0, 0.0]));
        assert_eq!(Palette::Screen.ink(None), Ink::Rgb([0.0; 3]));
        let Ink::Cmyk([c, _, _, k]) = Palette::Press.ink(Some(Rgb([0x1F, 0x4E, 0x79]))) else {
            panic!("a blue is CMYK");
        };
        assert!(c > 0.5 && k > 0.4);
    }
}
