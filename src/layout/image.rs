//! Image headers: the format and pixel size of an image's bytes, read without decoding it, so layout can
//! size a figure and tell early which images a backend can embed (PNG and baseline or progressive JPEG).

/// An image format the PDF backend embeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// PNG: decoded, written as deflated samples (alpha as a soft mask).
    Png,
    /// JPEG: written as is (`DCTDecode`).
    Jpeg,
}

/// What layout and the backend need to know about an image before drawing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageInfo {
    /// Its format.
    pub format: ImageFormat,
    /// Width in pixels.
    pub width_px: u32,
    /// Height in pixels.
    pub height_px: u32,
    /// Colour components of a JPEG (1 grey, 3 YCbCr/RGB, 4 CMYK); 0 for PNG, whose decoder says.
    pub components: u8,
    /// A JPEG written by Adobe software (APP14): its CMYK samples are stored inverted.
    pub adobe: bool,
}

/// Largest image accepted, in pixels: decoding a PNG takes four bytes a pixel, so this caps it at 256 MiB.
pub const MAX_PIXELS: u64 = 64 * 1024 * 1024;

/// The format and size of `data`, or why it cannot be embedded.
pub fn probe(data: &[u8]) -> Result<ImageInfo, String> {
    let info = if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        probe_png(data)?
    } else if data.starts_with(&[0xFF, 0xD8]) {
        probe_jpeg(data)?
    } else if data.starts_with(b"GIF8") {
        return Err("is a GIF, which the PDF output does not embed".to_owned());
    } else if data.starts_with(b"RIFF") && data.get(8..12) == Some(b"WEBP") {
        return Err("is a WebP image, which the PDF output does not embed".to_owned());
    } else {
        return Err("is not a PNG or JPEG image (SVG and other formats are not embedded in PDF)".to_owned());
    };
    if info.width_px == 0 || info.height_px == 0 {
        return Err("has no pixels".to_owned());
    }
    if u64::from(info.width_px) * u64::from(info.height_px) > MAX_PIXELS {
        return Err(format!("has more than {MAX_PIXELS} pixels"));
    }
    Ok(info)
}

fn be_u32(data: &[u8], at: usize) -> Option<u32> {
    let bytes: [u8; 4] = data.get(at..at + 4)?.try_into().ok()?;
    Some(u32::from_be_bytes(bytes))
}

fn be_u16(data: &[u8], at: usize) -> Option<u16> {
    let bytes: [u8; 2] = data.get(at..at + 2)?.try_into().ok()?;
    Some(u16::from_be_bytes(bytes))
}

/// The IHDR chunk comes first (PNG §5.6): width and height at bytes 16 and 20.
fn probe_png(data: &[u8]) -> Result<ImageInfo, String> {
    if data.get(12..16) != Some(b"IHDR") {
        return Err("is a damaged PNG (no header chunk)".to_owned());
    }
    let (Some(width_px), Some(height_px)) = (be_u32(data, 16), be_u32(data, 20)) else {
        return Err("is a damaged PNG (short header)".to_owned());
    };
    Ok(ImageInfo { format: ImageFormat::Png, width_px, height_px, components: 0, adobe: false })
}

/// Walks the marker segments to the frame header. Baseline, extended and progressive Huffman frames with
/// 8-bit samples are what PDF readers' `DCTDecode` filters handle everywhere; others are refused.
fn probe_jpeg(data: &[u8]) -> Result<ImageInfo, String> {
    let damaged = || "is a damaged JPEG (no frame header)".to_owned();
    let mut at = 2usize;
    let mut adobe = false;
    loop {
        // Markers may be padded with extra 0xFF bytes.
        while data.get(at) == Some(&0xFF) && data.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        if data.get(at) != Some(&0xFF) {
            return Err(damaged());
        }
        let marker = *data.get(at + 1).ok_or_else(damaged)?;
        let length = usize::from(be_u16(data, at + 2).ok_or_else(damaged)?);
        match marker {
            0xEE if data.get(at + 4..at + 9) == Some(b"Adobe") => adobe = true,
            0xC0..=0xC2 => {
                let precision = *data.get(at + 4).ok_or_else(damaged)?;
                if precision != 8 {
                    return Err(format!("is a {precision}-bit JPEG, which PDF readers do not decode"));
                }
                let height_px = u32::from(be_u16(data, at + 5).ok_or_else(damaged)?);
                let width_px = u32::from(be_u16(data, at + 7).ok_or_else(damaged)?);
                let components = *data.get(at + 9).ok_or_else(damaged)?;
                if !matches!(components, 1 | 3 | 4) {
                    return Err(format!("is a JPEG with {components} colour components"));
                }
                return Ok(ImageInfo { format: ImageFormat::Jpeg, width_px, height_px, components, adobe });
            }
            0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => {
                return Err(
                    "is a lossless or arithmetic-coded JPEG, which PDF readers do not decode".to_owned()
                )
            }
            0xDA | 0xD9 => return Err(damaged()),
            _ => {}
        }
        at += 2 + length;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_png_header_gives_its_size() {
        let mut data = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        data.extend_from_slice(&300u32.to_be_bytes());
        data.extend_from_slice(&200u32.to_be_bytes());
        data.extend_from_slice(&[8, 2, 0, 0, 0]);
        let info = probe(&data).expect("png");
        assert_eq!((info.format, info.width_px, info.height_px), (ImageFormat::Png, 300, 200));
    }

    #[test]
    fn a_jpeg_frame_header_gives_its_size_and_components() {
        // SOI, an APP0 segment to skip, then SOF0: precision 8, 40 high, 64 wide, 3 components.
        let mut data = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00];
        data.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 8, 0, 40, 0, 64, 3]);
        let info = probe(&data).expect("jpeg");
        assert_eq!(
            (info.format, info.width_px, info.height_px, info.components),
            (ImageFormat::Jpeg, 64, 40, 3)
        );
    }

    #[test]
    fn gif_svg_and_truncated_files_are_refused_with_a_reason() {
        assert!(probe(b"GIF89a\x01\x00\x01\x00").expect_err("gif").contains("GIF"));
        assert!(probe(b"<svg xmlns='http://www.w3.org/2000/svg'/>").is_err());
        assert!(probe(&[0xFF, 0xD8, 0xFF, 0xE0, 0x00]).expect_err("short").contains("damaged"));
        assert!(probe(b"\x89PNG\r\n\x1a\n").expect_err("short").contains("damaged"));
    }
}
