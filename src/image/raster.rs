//! PNG, JPEG and GIF: the header (kind, size, JPEG colour layout) read by hand from a few bytes, and the
//! structure checked to the end, so a header-only or truncated file never reaches an output (qpdf rejects
//! a PDF with a damaged JPEG; epubcheck reports PKG-021 for a corrupt image).
//!
//! PNG data is checked by the `png` crate, row by row (memory for one row, not the image). JPEG and GIF are
//! walked segment by segment and block by block: small, and nothing is decoded.

use super::{Header, Kind};

/// The eight bytes every PNG starts with (PNG §5.2).
pub(super) const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Memory the PNG decoder may take while checking a file: one row of the widest image at 16-bit RGBA and
/// its previous row (2 × 8 × 65 535 px), with room for palette and metadata chunks.
const PNG_CHECK_BYTES: usize = 4 * 1024 * 1024;

fn be16(data: &[u8], at: usize) -> Option<u32> {
    let bytes: [u8; 2] = data.get(at..at.checked_add(2)?)?.try_into().ok()?;
    Some(u32::from(u16::from_be_bytes(bytes)))
}

fn be32(data: &[u8], at: usize) -> Option<u32> {
    let bytes: [u8; 4] = data.get(at..at.checked_add(4)?)?.try_into().ok()?;
    Some(u32::from_be_bytes(bytes))
}

fn le16(data: &[u8], at: usize) -> Option<u32> {
    let bytes: [u8; 2] = data.get(at..at.checked_add(2)?)?.try_into().ok()?;
    Some(u32::from(u16::from_le_bytes(bytes)))
}

/// The IHDR chunk comes first (PNG §5.6): width and height at bytes 16 and 20.
pub(super) fn png_header(data: &[u8]) -> Result<Header, String> {
    if data.get(12..16) != Some(b"IHDR") {
        return Err("is a damaged PNG (no header chunk)".to_owned());
    }
    let (Some(width_px), Some(height_px)) = (be32(data, 16), be32(data, 20)) else {
        return Err("is a damaged PNG (its header is cut short)".to_owned());
    };
    Ok(Header { kind: Kind::Png, width_px, height_px, components: 0, adobe: false })
}

/// Decodes every row (checksums, filters, the whole deflate stream) and reads on to the end chunk.
pub(super) fn check_png_data(data: &[u8]) -> Result<(), String> {
    let damaged = |e: png::DecodingError| format!("is a damaged PNG ({e})");
    let limits = png::Limits { bytes: PNG_CHECK_BYTES };
    let mut decoder = png::Decoder::new_with_limits(std::io::Cursor::new(data), limits);
    decoder.set_ignore_text_chunk(true);
    let mut reader = decoder.read_info().map_err(damaged)?;
    while reader.next_row().map_err(damaged)?.is_some() {}
    reader.finish().map_err(damaged)
}

/// Start-of-frame markers whose samples PDF readers, EPUB reading systems and Word all decode: baseline,
/// extended sequential and progressive, Huffman-coded.
fn is_supported_frame(marker: u8) -> bool {
    matches!(marker, 0xC0..=0xC2)
}

/// Every other start-of-frame marker (lossless, hierarchical, arithmetic-coded).
fn is_other_frame(marker: u8) -> bool {
    matches!(marker, 0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF)
}

/// One marker segment of a JPEG: the marker and where its payload (after the length) starts and ends.
struct Segment {
    marker: u8,
    payload: std::ops::Range<usize>,
}

/// The segment whose marker is at `at` (fill bytes before it skipped), or why there is none.
fn jpeg_segment(data: &[u8], mut at: usize) -> Result<Segment, String> {
    let cut = || "is a truncated JPEG (it ends inside its headers)".to_owned();
    while data.get(at) == Some(&0xFF) && data.get(at + 1) == Some(&0xFF) {
        at += 1;
    }
    match data.get(at) {
        Some(0xFF) => {}
        Some(_) => return Err("is a damaged JPEG (a marker is missing)".to_owned()),
        None => return Err(cut()),
    }
    let marker = *data.get(at + 1).ok_or_else(cut)?;
    // Markers without a payload: TEM, RST0–7, SOI, EOI.
    if matches!(marker, 0x01 | 0xD0..=0xD9) {
        return Ok(Segment { marker, payload: at + 2..at + 2 });
    }
    let length = usize::try_from(be16(data, at + 2).ok_or_else(cut)?).unwrap_or(0);
    if length < 2 {
        return Err("is a damaged JPEG (a segment length is invalid)".to_owned());
    }
    let end = at + 2 + length;
    if end > data.len() {
        return Err(cut());
    }
    Ok(Segment { marker, payload: at + 4..end })
}

/// Walks the marker segments to the first frame header, which gives the size and colour components.
pub(super) fn jpeg_header(data: &[u8]) -> Result<Header, String> {
    let mut at = 2;
    let mut adobe = false;
    loop {
        let segment = jpeg_segment(data, at)?;
        let payload = data.get(segment.payload.clone()).unwrap_or_default();
        match segment.marker {
            0xEE if payload.starts_with(b"Adobe") => adobe = true,
            marker if is_supported_frame(marker) => return frame_header(payload, adobe),
            marker if is_other_frame(marker) => {
                return Err("is a lossless, hierarchical or arithmetic-coded JPEG, which readers do not \
                            all decode"
                    .to_owned())
            }
            0xD8..=0xDA => return Err("is a damaged JPEG (no frame header before its data)".to_owned()),
            _ => {}
        }
        at = segment.payload.end;
    }
}

/// The frame header's payload: precision, height, width, components (ITU T.81 §B.2.2).
fn frame_header(payload: &[u8], adobe: bool) -> Result<Header, String> {
    let short = || "is a damaged JPEG (its frame header is cut short)".to_owned();
    let precision = *payload.first().ok_or_else(short)?;
    if precision != 8 {
        return Err(format!("is a {precision}-bit JPEG, which readers do not all decode"));
    }
    let height_px = be16(payload, 1).ok_or_else(short)?;
    let width_px = be16(payload, 3).ok_or_else(short)?;
    let components = *payload.get(5).ok_or_else(short)?;
    if !matches!(components, 1 | 3 | 4) {
        return Err(format!("is a JPEG with {components} colour components"));
    }
    if height_px == 0 {
        // A height of 0 is defined later, by a DNL segment, which PDF readers do not all honour.
        return Err("is a JPEG whose height is given only after its data".to_owned());
    }
    Ok(Header { kind: Kind::Jpeg, width_px, height_px, components, adobe })
}

/// Walks the whole file: every segment in bounds, at least one scan with entropy-coded data after the
/// frame header, and the end-of-image marker (what a header-only or truncated file lacks).
pub(super) fn check_jpeg_data(data: &[u8]) -> Result<(), String> {
    let mut at = 2;
    let mut scans = 0usize;
    loop {
        let segment = jpeg_segment(data, at)?;
        at = segment.payload.end;
        match segment.marker {
            0xD9 if scans > 0 => return Ok(()),
            0xD9 => return Err("is a JPEG with no image data (it has headers only)".to_owned()),
            0xDA => {
                let coded = entropy_coded_len(data.get(at..).unwrap_or_default());
                if coded == 0 {
                    return Err("is a JPEG with no image data after its scan header".to_owned());
                }
                at += coded;
                if at >= data.len() {
                    return Err("is a truncated JPEG (its image data is cut short)".to_owned());
                }
                scans += 1;
            }
            0xD8 => return Err("is a damaged JPEG (a second start-of-image marker)".to_owned()),
            _ => {}
        }
    }
}

/// Bytes of entropy-coded data at the start of `data`: up to the first marker other than a stuffed zero
/// (`FF 00`) or a restart marker (`FF D0`–`FF D7`).
fn entropy_coded_len(data: &[u8]) -> usize {
    let mut at = 0;
    while let Some(found) = memchr::memchr(0xFF, data.get(at..).unwrap_or_default()) {
        let marker_at = at + found;
        match data.get(marker_at + 1) {
            Some(0x00 | 0xD0..=0xD7 | 0xFF) => at = marker_at + 1,
            _ => return marker_at,
        }
    }
    data.len()
}

/// The logical screen (GIF89a §18) gives the size; a GIF whose screen is 0 × 0 takes its first image's.
pub(super) fn gif_header(data: &[u8]) -> Result<Header, String> {
    let short = || "is a damaged GIF (its header is cut short)".to_owned();
    let (width, height) = (le16(data, 6).ok_or_else(short)?, le16(data, 8).ok_or_else(short)?);
    let (width_px, height_px) = if width == 0 || height == 0 {
        let first = gif_blocks(data)?.first_image.ok_or("is a GIF with no image in it")?;
        (first.0, first.1)
    } else {
        (width, height)
    };
    Ok(Header { kind: Kind::Gif, width_px, height_px, components: 0, adobe: false })
}

/// What walking a GIF's blocks found.
struct GifBlocks {
    /// Size of the first image, if any.
    first_image: Option<(u32, u32)>,
}

/// Walks the blocks of a GIF after its header: extensions and images, each with its data sub-blocks in
/// bounds, to the trailer or the end of the file at a block boundary (which browsers accept too).
fn gif_blocks(data: &[u8]) -> Result<GifBlocks, String> {
    let cut = || "is a truncated GIF (it ends inside a block)".to_owned();
    let packed = *data.get(10).ok_or_else(cut)?;
    let mut at = 13 + color_table_len(packed);
    let mut first_image = None;
    loop {
        match data.get(at) {
            // The trailer, or a file that simply ends after a complete block.
            Some(0x3B) | None => return Ok(GifBlocks { first_image }),
            Some(0x21) => at = skip_sub_blocks(data, at + 2).ok_or_else(cut)?,
            Some(0x2C) => {
                let descriptor = data.get(at + 1..at + 10).ok_or_else(cut)?;
                let size = (le16(descriptor, 4).unwrap_or(0), le16(descriptor, 6).unwrap_or(0));
                let local_table = color_table_len(descriptor.get(8).copied().unwrap_or(0));
                let code_size_at = at + 10 + local_table;
                let code_size = *data.get(code_size_at).ok_or_else(cut)?;
                if !(1..=11).contains(&code_size) {
                    return Err("is a damaged GIF (an image has an invalid code size)".to_owned());
                }
                if data.get(code_size_at + 1).is_none_or(|&first| first == 0) {
                    return Err("is a GIF with an image that has no data".to_owned());
                }
                at = skip_sub_blocks(data, code_size_at + 1).ok_or_else(cut)?;
                first_image.get_or_insert(size);
            }
            Some(other) => return Err(format!("is a damaged GIF (unknown block 0x{other:02X})")),
        }
    }
}

/// Bytes of the colour table a packed field announces (its top bit says whether there is one).
fn color_table_len(packed: u8) -> usize {
    if packed & 0x80 == 0 {
        0
    } else {
        3 << ((packed & 0x07) + 1)
    }
}

/// The position after the data sub-blocks starting at `at` (each a length byte and that many bytes,
/// ended by a zero length), or `None` when they run past the end.
fn skip_sub_blocks(data: &[u8], mut at: usize) -> Option<usize> {
    loop {
        let len = usize::from(*data.get(at)?);
        at += 1;
        if len == 0 {
            return Some(at);
        }
        at += len;
        if at > data.len() {
            return None;
        }
    }
}

/// A GIF with at least one complete image.
pub(super) fn check_gif_data(data: &[u8]) -> Result<(), String> {
    match gif_blocks(data)?.first_image {
        Some(_) => Ok(()),
        None => Err("is a GIF with no image in it (it has headers only)".to_owned()),
    }
}
