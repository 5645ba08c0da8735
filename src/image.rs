//! Images: the one home of what paiban knows about an image file — its kind and pixel size read from the
//! header, whether its data is complete, the limits that keep a hostile image from exhausting memory, and
//! the sanitised form of an SVG.
//!
//! The Markdown reader checks every image with [`check`] before it enters the model and records what the
//! check found on the [`Resource`], so layout and the backends read fields instead of parsing headers again.
//! Nothing here touches the file system or the network: it is handed bytes.

mod raster;
mod svg;

use crate::model::Resource;

/// Largest image file read, in bytes: a document is not the place for larger ones, and each is held in
/// memory while the document is converted.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Image files read per document, in bytes, summed over distinct files. The model, each output being built
/// and the finished outputs all hold copies: measured, converting a document to all three formats takes
/// about 7.6 bytes of memory per byte of its images (two 29.8 MB PNGs: 529 MB at peak), so 48 MiB keeps
/// a document under 450 MB.
pub const MAX_DOCUMENT_BYTES: u64 = 48 * 1024 * 1024;

/// Largest raster image accepted, in pixels (width × height, checked from the header before anything is
/// decoded): an A4 page scanned at 600 dpi (4960 × 7016 = 34.8 M) or an 8K frame (7680 × 4320 = 33.2 M)
/// still fits. paiban decodes a PNG a row at a time, so the bound is not for its own memory (a document
/// with one 6000 × 6000 RGBA PNG peaks at 98 MB) but for time (1.6 s to check, decode and deflate it) and
/// for the reading systems and word processors that decode the image whole, at 4 bytes a pixel.
pub const MAX_PIXELS: u64 = 36_000_000;

/// Pixels the backends may decode per document, summed over distinct images: PNG files (checked by the
/// reader and decoded by the PDF backend) and the renderings of SVG images (made once, for the PDF and
/// DOCX). JPEG and GIF pass through every backend undecoded and do not count. Four images at
/// [`MAX_PIXELS`] take about 6 s to check, decode and deflate on this machine; past the budget an image is
/// shown as its alt text.
pub const MAX_DOCUMENT_PIXELS: u64 = 4 * MAX_PIXELS;

/// An image format paiban accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// PNG.
    Png,
    /// JPEG (8-bit Huffman-coded: baseline, extended or progressive).
    Jpeg,
    /// GIF (87a or 89a).
    Gif,
    /// SVG, sanitised (see [`check`]).
    Svg,
}

impl Kind {
    /// The IANA media type, as [`Resource::media_type`] records it.
    pub fn media_type(self) -> &'static str {
        match self {
            Kind::Png => "image/png",
            Kind::Jpeg => "image/jpeg",
            Kind::Gif => "image/gif",
            Kind::Svg => "image/svg+xml",
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Kind::Png => "png",
            Kind::Jpeg => "jpg",
            Kind::Gif => "gif",
            Kind::Svg => "svg",
        }
    }

    /// The kind a media type names (`image/jpg` too, which some tools write), if it is one of ours.
    pub fn from_media_type(media_type: &str) -> Option<Kind> {
        match media_type.trim().to_ascii_lowercase().as_str() {
            "image/png" => Some(Kind::Png),
            "image/jpeg" | "image/jpg" => Some(Kind::Jpeg),
            "image/gif" => Some(Kind::Gif),
            "image/svg+xml" => Some(Kind::Svg),
            _ => None,
        }
    }

    /// The kind the first bytes announce, never the file name: a mislabelled file is still read right.
    /// Only the signature is looked at; [`check`] says whether the rest is sound.
    pub fn sniff(data: &[u8]) -> Option<Kind> {
        if data.starts_with(raster::PNG_SIGNATURE) {
            return Some(Kind::Png);
        }
        if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
            return Some(Kind::Jpeg);
        }
        if data.starts_with(b"GIF87a") || data.starts_with(b"GIF89a") {
            return Some(Kind::Gif);
        }
        svg::looks_like_svg(data).then_some(Kind::Svg)
    }
}

/// What the header of a raster image says, read without decoding it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// Its format.
    pub kind: Kind,
    /// Width in pixels (non-zero).
    pub width_px: u32,
    /// Height in pixels (non-zero).
    pub height_px: u32,
    /// Colour components of a JPEG (1 grey, 3 YCbCr/RGB, 4 CMYK); 0 for other kinds.
    pub components: u8,
    /// A JPEG written by Adobe software (APP14): its CMYK samples are stored inverted.
    pub adobe: bool,
}

impl Header {
    /// Width × height.
    pub fn pixels(&self) -> u64 {
        u64::from(self.width_px) * u64::from(self.height_px)
    }
}

/// The header of a PNG, JPEG or GIF: kind, non-zero pixel size and (JPEG) colour layout, or why it has
/// none. Reads a few hundred bytes at most and allocates nothing; [`check`] also checks the data.
pub fn probe(data: &[u8]) -> Result<Header, String> {
    let header = match Kind::sniff(data) {
        Some(Kind::Png) => raster::png_header(data)?,
        Some(Kind::Jpeg) => raster::jpeg_header(data)?,
        Some(Kind::Gif) => raster::gif_header(data)?,
        Some(Kind::Svg) => return Err("is an SVG image, which has no pixel header".to_owned()),
        None => return Err("is not a PNG, JPEG, GIF or SVG image".to_owned()),
    };
    if header.width_px == 0 || header.height_px == 0 {
        return Err(format!("has no pixels ({} × {})", header.width_px, header.height_px));
    }
    if header.pixels() > MAX_PIXELS {
        return Err(format!(
            "is {} × {} pixels, more than the {} million an image may have",
            header.width_px,
            header.height_px,
            MAX_PIXELS / 1_000_000
        ));
    }
    Ok(header)
}

/// An image found sound, ready for the model.
#[derive(Debug)]
pub struct Checked {
    /// The resource to record: media type, the bytes to embed, pixel size, and for SVG its rendering.
    pub resource: Resource,
    /// Pixels a backend will decode (a PNG's, or the SVG rendering's); 0 for JPEG and GIF.
    pub decoded_pixels: u64,
    /// What sanitising removed or could not keep (SVG scripts, event handlers, remote references, text),
    /// for the one warning about this image; empty when nothing was changed.
    pub removed: Vec<String>,
}

/// Checks `data` as an image to embed: the kind from its signature; for PNG, JPEG and GIF a decodable
/// header with a sane non-zero size within [`MAX_PIXELS`] and data that is present and complete; for SVG,
/// a parse by usvg that fetches nothing, whose sanitised re-serialisation replaces the file and whose
/// rendering serves the formats that cannot show SVG. `pixels_left` is what the document's budget
/// ([`MAX_DOCUMENT_PIXELS`]) still allows; it is checked before anything is decoded. `Err` says why the
/// image cannot be used, in words that follow the image's name.
pub fn check(data: Vec<u8>, pixels_left: u64) -> Result<Checked, String> {
    let kind = Kind::sniff(&data).ok_or("is not a PNG, JPEG, GIF or SVG image")?;
    if kind == Kind::Svg {
        return svg::check(&data, pixels_left);
    }
    let header = probe(&data)?;
    let decoded_pixels = if kind == Kind::Png { header.pixels() } else { 0 };
    if decoded_pixels > pixels_left {
        return Err(over_budget(decoded_pixels));
    }
    match kind {
        Kind::Png => raster::check_png_data(&data)?,
        Kind::Jpeg => raster::check_jpeg_data(&data)?,
        Kind::Gif => raster::check_gif_data(&data)?,
        Kind::Svg => {}
    }
    let resource = Resource {
        media_type: kind.media_type().to_owned(),
        data,
        width_px: header.width_px,
        height_px: header.height_px,
        raster: Vec::new(),
    };
    Ok(Checked { resource, decoded_pixels, removed: Vec::new() })
}

/// The refusal of an image whose pixels the document's budget no longer covers.
fn over_budget(pixels: u64) -> String {
    format!(
        "would take the document's images past {} million decoded pixels (it has {:.1} million)",
        MAX_DOCUMENT_PIXELS / 1_000_000,
        pixels as f64 / 1e6
    )
}

/// A zeroed buffer of `len` bytes, or an error instead of the process aborting when memory is short.
pub(crate) fn zeroed(len: usize) -> Result<Vec<u8>, String> {
    let mut buffer = Vec::new();
    buffer
        .try_reserve_exact(len)
        .map_err(|_| format!("needs {} MB of memory that is not available", len >> 20))?;
    buffer.resize(len, 0);
    Ok(buffer)
}

#[cfg(test)]
mod tests;
