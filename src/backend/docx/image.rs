//! Pixel size and kind of an embedded image, read from its header: a few bytes of PNG, GIF and JPEG are all
//! the DOCX backend needs to keep an image's aspect ratio, so the heavy `image` crate stays out.

/// A raster format Word displays natively.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Png,
    Jpeg,
    Gif,
}

impl Kind {
    /// File extension of the part in `word/media/`.
    pub(super) fn extension(self) -> &'static str {
        match self {
            Kind::Png => "png",
            Kind::Jpeg => "jpeg",
            Kind::Gif => "gif",
        }
    }

    /// Media type for `[Content_Types].xml`.
    pub(super) fn media_type(self) -> &'static str {
        match self {
            Kind::Png => "image/png",
            Kind::Jpeg => "image/jpeg",
            Kind::Gif => "image/gif",
        }
    }
}

/// What the header says: format and size in pixels (both non-zero).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Info {
    pub kind: Kind,
    pub width: u32,
    pub height: u32,
}

/// The format and pixel size of `data`, or `None` when it is not a PNG, GIF or JPEG whose header gives a
/// non-zero size. The bytes decide, not the declared media type: a mislabelled file is still read right.
pub(super) fn probe(data: &[u8]) -> Option<Info> {
    let (kind, width, height) = if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        // The IHDR chunk always comes first: width and height are big-endian at bytes 16 and 20.
        (Kind::Png, be32(data, 16)?, be32(data, 20)?)
    } else if data.starts_with(b"GIF87a") || data.starts_with(b"GIF89a") {
        // Logical screen width and height, little-endian, right after the signature.
        let le16 = |at: usize| Some(u32::from(u16::from_le_bytes([*data.get(at)?, *data.get(at + 1)?])));
        (Kind::Gif, le16(6)?, le16(8)?)
    } else if data.starts_with(&[0xFF, 0xD8]) {
        let (width, height) = jpeg_size(data)?;
        (Kind::Jpeg, width, height)
    } else {
        return None;
    };
    (width > 0 && height > 0).then_some(Info { kind, width, height })
}

fn be16(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_be_bytes([*data.get(at)?, *data.get(at + 1)?])))
}

fn be32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes([*data.get(at)?, *data.get(at + 1)?, *data.get(at + 2)?, *data.get(at + 3)?]))
}

/// Walks the JPEG marker segments to the first start-of-frame (SOF0–SOF15 except DHT, JPG and DAC), whose
/// payload holds the height and width.
fn jpeg_size(data: &[u8]) -> Option<(u32, u32)> {
    let mut at = 2;
    loop {
        if *data.get(at)? != 0xFF {
            return None;
        }
        let marker = *data.get(at + 1)?;
        match marker {
            // Fill bytes before a marker.
            0xFF => at += 1,
            // Markers without a length: TEM, RST0–7, SOI.
            0x01 | 0xD0..=0xD8 => at += 2,
            // End of image or start of scan before any frame header: nothing to find.
            0xD9 | 0xDA => return None,
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                return Some((be16(data, at + 7)?, be16(data, at + 5)?));
            }
            _ => at += 2 + usize::try_from(be16(data, at + 2)?).ok()?,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_gif_and_jpeg_sizes_are_read_from_their_headers() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&[0, 0, 1, 44, 0, 0, 0, 150]);
        assert_eq!(probe(&png), Some(Info { kind: Kind::Png, width: 300, height: 150 }));
        let gif = b"GIF89a\x40\x01\xf0\x00\0\0";
        assert_eq!(probe(gif), Some(Info { kind: Kind::Gif, width: 320, height: 240 }));
        // SOI, an APP0 segment of 16 bytes, then SOF0: precision 8, height 480, width 640.
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
        jpeg.extend_from_slice(&[0; 14]);
        jpeg.extend_from_slice(&[0xFF, 0xC0, 0, 17, 8, 0x01, 0xE0, 0x02, 0x80, 3]);
        assert_eq!(probe(&jpeg), Some(Info { kind: Kind::Jpeg, width: 640, height: 480 }));
    }

    #[test]
    fn truncated_or_unknown_data_gives_no_size() {
        assert_eq!(probe(b"\x89PNG\r\n\x1a\n\0\0"), None);
        assert_eq!(probe(&[0xFF, 0xD8, 0xFF, 0xE0, 0xFF]), None);
        assert_eq!(probe(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), None);
        assert_eq!(probe(b""), None);
    }
}
