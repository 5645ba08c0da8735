//! The device colour of text and lines. A plain PDF paints the style's colours in DeviceRGB, as it always
//! has; a file with a CMYK output intent (PDF/X-4, PDF/A-2) may not use DeviceRGB (ISO 15930-7 §6.2.4,
//! ISO 19005-2 §6.2.4.3): grey, black included, goes to DeviceGray, which prints on K alone, and any other
//! colour to DeviceCMYK by the separation the output intent describes ([`super::icc`]), so the red of a
//! 版头 (#FF0000) is 0/100/100/0 and no spot colour. The pixels of images for the press take the same
//! separation ([`separate`]).

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

/// An 8-bit sRGB pixel separated as [`Palette::Press`] separates colours: by the output intent's own model
/// ([`super::icc::srgb_to_cmyk`]), K takes the grey (255 − the brightest component) and C, M, Y what each
/// component lacks of the brightest, as a share of it. The intent prints CMYK as `(1−C)(1−K)` and so on,
/// which gives back each 8-bit sample exactly once rounded: the separation loses nothing. In integers, so
/// that every machine writes the same samples.
pub(super) fn separate([r, g, b]: [u8; 3]) -> [u8; 4] {
    let brightest = u32::from(r.max(g).max(b));
    if brightest == 0 {
        return [0, 0, 0, 255];
    }
    let lack =
        |v: u8| u8::try_from(((brightest - u32::from(v)) * 255 + brightest / 2) / brightest).unwrap_or(255);
    [lack(r), lack(g), lack(b), u8::try_from(255 - brightest).unwrap_or(0)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separating_a_pixel_is_the_intent_s_separation_and_printing_it_gives_the_pixel_back() {
        let unit = |v: u8| f64::from(v) / 255.0;
        for r in (0..=255u8).step_by(5) {
            for g in (0..=255u8).step_by(15) {
                for b in [0u8, 1, 64, 128, 200, 254, 255] {
                    let cmyk = separate([r, g, b]);
                    let exact = crate::backend::pdf::icc::srgb_to_cmyk([r, g, b].map(unit));
                    for (got, want) in cmyk.iter().zip(exact) {
                        assert!((unit(*got) - want).abs() <= 0.5 / 255.0 + 1e-9, "{r} {g} {b}: {cmyk:?}");
                    }
                    // The press model of the output intent prints it back.
                    let printed =
                        [0, 1, 2].map(|i| (255.0 * (1.0 - unit(cmyk[i])) * (1.0 - unit(cmyk[3]))).round());
                    assert_eq!(printed, [r, g, b].map(f64::from), "{r} {g} {b} → {cmyk:?}");
                }
            }
        }
        assert_eq!(separate([0, 0, 0]), [0, 0, 0, 255]);
        assert_eq!(separate([255, 255, 255]), [0, 0, 0, 0]);
        assert_eq!(separate([255, 0, 0]), [0, 255, 255, 0]);
    }

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
