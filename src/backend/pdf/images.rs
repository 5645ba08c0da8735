//! Images as PDF image XObjects: JPEG bytes go in as they are (`DCTDecode`); so does the compressed data of
//! an opaque, non-interlaced PNG (`FlateDecode` with the PNG predictor). Any other PNG — and the PNG
//! rendering of an SVG — is decoded (the `png` crate: palettes, low bit depths and 16-bit samples expanded
//! to 8-bit grey or RGB), its alpha channel, if any pixel is not opaque, becoming a soft mask, and its rows
//! PNG-filtered again before they are deflated.
//!
//! Separated for the press (a PDF/X-4 file, [`super::standard::separates_images`]): every RGB image — PNG,
//! SVG rendering, and a colour JPEG, decoded by `zune-jpeg` — is converted to DeviceCMYK pixel by pixel
//! ([`super::colour::separate`], the output intent's own separation) and deflated, losslessly; alpha stays a
//! soft mask. Grey images and CMYK JPEGs go in as they are: the intent prints both.
//!
//! The reader checked every image and kept the document within [`crate::image::MAX_DOCUMENT_PIXELS`]
//! (JPEGs, which it passes on undecoded, uncounted: the colour ones separated here have a budget of the same
//! size of their own);
//! each distinct image (by resource key) is decoded once here. Buffers are reserved fallibly: an image
//! that memory cannot hold is left out with a warning, and the process goes on.

use super::vendor::{ImageStream, Value};
use crate::diag::{Diagnostic, Kind as DiagKind};
use crate::image::{self, Kind};
use crate::layout::Layout;
use crate::model::{Document, Resource};
use std::collections::BTreeMap;

/// Deflate level of image samples: zlib's default, as for every other stream of the PDF.
const LEVEL: u32 = 6;

/// The images of a document, ready for the writer: one XObject per distinct source, named in order of first
/// appearance so the output is deterministic.
#[derive(Debug, Default)]
pub(super) struct Images {
    /// Resource name of each image, by its source.
    pub(super) ids: BTreeMap<String, String>,
    /// The XObjects to register with the document, by resource name.
    pub(super) objects: Vec<(String, ImageStream)>,
}

/// Makes an XObject of every image the pages place, RGB ones separated to CMYK if `separate`. An image
/// that cannot be decoded is taken off the pages (its space stays blank) and reported once.
pub(super) fn prepare(doc: &Document, layout: &mut Layout, separate: bool) -> Images {
    let mut images = Images::default();
    let mut failed: BTreeMap<String, String> = BTreeMap::new();
    let mut jpeg_pixels_left = image::MAX_DOCUMENT_PIXELS;
    for placed in layout.pages.iter().flat_map(|p| &p.images) {
        if images.ids.contains_key(&placed.src) || failed.contains_key(&placed.src) {
            continue;
        }
        let made = doc
            .resources
            .get(&placed.src)
            .ok_or_else(|| "is not among the document's resources".to_owned())
            .and_then(|resource| {
                if separate && is_colour_jpeg(resource) {
                    let pixels = u64::from(resource.width_px) * u64::from(resource.height_px);
                    jpeg_pixels_left = jpeg_pixels_left.checked_sub(pixels).ok_or_else(|| {
                        format!(
                            "is a colour JPEG past the {} million pixels decoded to separate them for the press",
                            image::MAX_DOCUMENT_PIXELS / 1_000_000
                        )
                    })?;
                }
                xobject(resource, separate)
            });
        match made {
            Ok(object) => {
                let id = format!("Im{}", images.objects.len() + 1);
                images.ids.insert(placed.src.clone(), id.clone());
                images.objects.push((id, object));
            }
            Err(reason) => {
                failed.insert(placed.src.clone(), reason);
            }
        }
    }
    for page in &mut layout.pages {
        page.images.retain(|i| !failed.contains_key(&i.src));
    }
    for (src, reason) in failed {
        layout.diagnostics.push(
            Diagnostic::warning(DiagKind::Resource, format!("image `{src}` {reason}; it is left out"))
                .at("pdf"),
        );
    }
    images
}

fn name(n: &'static str) -> Value {
    Value::Name(n)
}

fn int(n: impl Into<i64>) -> Value {
    Value::Int(n.into())
}

/// An image XObject dictionary of the given size and colour space, 8 bits a sample.
fn image_dict(width: u32, height: u32, color_space: &'static str) -> BTreeMap<String, Value> {
    BTreeMap::from([
        ("Type".to_owned(), name("XObject")),
        ("Subtype".to_owned(), name("Image")),
        ("Width".to_owned(), int(width)),
        ("Height".to_owned(), int(height)),
        ("ColorSpace".to_owned(), name(color_space)),
        ("BitsPerComponent".to_owned(), int(8)),
    ])
}

/// The XObject for a resource, RGB separated to CMYK if `separate`, or why there is none.
fn xobject(resource: &Resource, separate: bool) -> Result<ImageStream, String> {
    match Kind::from_media_type(&resource.media_type) {
        Some(Kind::Jpeg) => jpeg(&resource.data, separate),
        Some(Kind::Png) => png(&resource.data, separate),
        Some(Kind::Svg) if !resource.raster.is_empty() => png(&resource.raster, separate),
        _ => Err(format!("is of type `{}`, which the PDF output does not embed", resource.media_type)),
    }
}

/// Whether `resource` is a JPEG of three components, which separating decodes.
fn is_colour_jpeg(resource: &Resource) -> bool {
    Kind::from_media_type(&resource.media_type) == Some(Kind::Jpeg)
        && image::probe(&resource.data).is_ok_and(|h| h.components == 3)
}

fn jpeg(data: &[u8], separate: bool) -> Result<ImageStream, String> {
    // The colour layout is the one header fact the model does not carry: only a PDF needs it.
    let header = image::probe(data)?;
    if separate && header.components == 3 {
        return jpeg_separated(data);
    }
    let color_space = match header.components {
        1 => "DeviceGray",
        4 => "DeviceCMYK",
        _ => "DeviceRGB",
    };
    let mut dict = image_dict(header.width_px, header.height_px, color_space);
    dict.insert("Filter".to_owned(), name("DCTDecode"));
    if header.components == 4 && header.adobe {
        // Adobe's CMYK JPEGs store inverted samples.
        dict.insert("Decode".to_owned(), Value::Array([1, 0, 1, 0, 1, 0, 1, 0].map(int).to_vec()));
    }
    let mut content = Vec::new();
    content.try_reserve_exact(data.len()).map_err(|_| "needs memory that is not available".to_owned())?;
    content.extend_from_slice(data);
    Ok(ImageStream { dict, content })
}

fn png(data: &[u8], separate: bool) -> Result<ImageStream, String> {
    let damaged = |e: png::DecodingError| format!("is a PNG that cannot be decoded ({e})");
    let decoder = png::Decoder::new(std::io::Cursor::new(data));
    let reader = decoder.read_info().map_err(damaged)?;
    let grey = matches!(reader.info().color_type, png::ColorType::Grayscale);
    if !separate || grey {
        if let Some(object) = png_as_is(data, reader.info())? {
            return Ok(object);
        }
    }
    png_decoded(data, separate)
}

/// A PNG whose samples a PDF reads as they are: not interlaced, no transparency, grey, RGB or a palette.
/// Its compressed image data (the `IDAT` chunks, a zlib stream of rows that each start with a PNG filter
/// byte) becomes the stream, with the PNG predictor declared (ISO 32000-1 §7.4.4.4): nothing is decoded or
/// deflated again, and the PDF holds exactly the bytes the PNG did. `None` for the other PNGs.
fn png_as_is(data: &[u8], info: &png::Info) -> Result<Option<ImageStream>, String> {
    let bits = info.bit_depth as u8;
    let color_space = match (info.color_type, bits) {
        _ if info.interlaced || info.trns.is_some() => return Ok(None),
        (png::ColorType::Grayscale, _) => name("DeviceGray"),
        (png::ColorType::Rgb, 8 | 16) => name("DeviceRGB"),
        (png::ColorType::Indexed, _) => {
            let Some(palette) = info.palette.as_deref().filter(|p| !p.is_empty() && p.len() % 3 == 0) else {
                return Ok(None);
            };
            Value::Array(vec![
                name("Indexed"),
                name("DeviceRGB"),
                int(i64::try_from(palette.len() / 3 - 1).unwrap_or(0)),
                Value::Bytes(palette.to_vec()),
            ])
        }
        _ => return Ok(None),
    };
    let colors = match info.color_type {
        png::ColorType::Rgb => 3,
        _ => 1,
    };
    let mut dict = image_dict(info.width, info.height, "DeviceGray");
    dict.insert("ColorSpace".to_owned(), color_space);
    dict.insert("BitsPerComponent".to_owned(), int(bits));
    dict.insert("Filter".to_owned(), name("FlateDecode"));
    dict.insert("DecodeParms".to_owned(), predictor(colors, bits, info.width));
    let content = idat(data)?;
    Ok(Some(ImageStream { dict, content }))
}

/// `<< /Predictor 15 /Colors c /BitsPerComponent b /Columns w >>`: rows carry PNG filter bytes.
fn predictor(colors: u8, bits: u8, width: u32) -> Value {
    Value::Dict(BTreeMap::from([
        ("Predictor".to_owned(), int(15)),
        ("Colors".to_owned(), int(colors)),
        ("BitsPerComponent".to_owned(), int(bits)),
        ("Columns".to_owned(), int(width)),
    ]))
}

/// The concatenated data of a PNG's `IDAT` chunks. The reader has decoded the file whole to check it; a
/// file cut short is still refused here, since its bytes would go into the PDF undecoded.
fn idat(data: &[u8]) -> Result<Vec<u8>, String> {
    let mut chunks: Vec<&[u8]> = Vec::new();
    let mut at = 8;
    let mut ended = false;
    while let Some(header) = data.get(at..at + 8) {
        let len =
            usize::try_from(u32::from_be_bytes([header[0], header[1], header[2], header[3]])).unwrap_or(0);
        let Some(body) = data.get(at + 8..at + 8 + len) else { break };
        match &header[4..8] {
            b"IDAT" => chunks.push(body),
            b"IEND" => {
                ended = true;
                break;
            }
            _ => {}
        }
        at += 12 + len;
    }
    if !ended || chunks.is_empty() {
        return Err("is a PNG cut short (no complete image data)".to_owned());
    }
    let mut out = Vec::new();
    out.try_reserve_exact(chunks.iter().map(|c| c.len()).sum())
        .map_err(|_| "needs memory that is not available".to_owned())?;
    chunks.iter().for_each(|chunk| out.extend_from_slice(chunk));
    Ok(out)
}

/// Any other PNG (alpha, transparency, interlacing, grey-and-alpha, 16-bit RGB with alpha), and every RGB
/// one when `separate`: decoded to 8-bit samples (RGB separated to CMYK), the alpha channel split off as a
/// soft mask if any pixel is not opaque, each row PNG-filtered (the predictor halves smooth images) and
/// deflated by the one engine. The planes are held filtered, at most [`image::MAX_PIXELS`] × 5 bytes,
/// which the reader's checks bound.
fn png_decoded(data: &[u8], separate: bool) -> Result<ImageStream, String> {
    let damaged = |e: png::DecodingError| format!("is a PNG that cannot be decoded ({e})");
    // The reader held the image to MAX_PIXELS; this only keeps the decoder's own bound in step with it.
    let limit = 4 * usize::try_from(image::MAX_PIXELS).unwrap_or(usize::MAX) + (1 << 20);
    let mut decoder = png::Decoder::new_with_limits(std::io::Cursor::new(data), png::Limits { bytes: limit });
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(damaged)?;
    let (color_type, bit_depth) = reader.output_color_type();
    let (mut space, alpha) = match color_type {
        png::ColorType::Grayscale => (Space::Gray, false),
        png::ColorType::GrayscaleAlpha => (Space::Gray, true),
        png::ColorType::Rgb => (Space::Rgb, false),
        png::ColorType::Rgba => (Space::Rgb, true),
        png::ColorType::Indexed => return Err("is a PNG whose palette could not be expanded".to_owned()),
    };
    let (decoded, alpha_channels) = (space, usize::from(alpha));
    if separate && space == Space::Rgb {
        space = Space::Cmyk;
    }
    if bit_depth != png::BitDepth::Eight {
        return Err("is a PNG whose samples could not be converted to 8 bits".to_owned());
    }
    let (width, height, interlaced) = {
        let info = reader.info();
        (info.width, info.height, info.interlaced)
    };
    let pixels = usize::try_from(u64::from(width) * u64::from(height)).unwrap_or(usize::MAX);
    let mut planes = Planes::new(space.colors(), alpha, pixels, usize::try_from(height).unwrap_or(0))?;
    let mut separated = Vec::new();
    let mut push = |row: &[u8]| {
        if space == decoded {
            planes.push_row(row);
        } else {
            separate_row(row, alpha_channels, &mut separated);
            planes.push_row(&separated);
        }
    };
    if interlaced {
        // Adam7 passes come out of order: the whole image is decoded first (within MAX_PIXELS).
        let mut pixels = image::zeroed(reader.output_buffer_size().ok_or("is a PNG too large to decode")?)?;
        let frame = reader.next_frame(&mut pixels).map_err(damaged)?;
        pixels.truncate(frame.buffer_size());
        for row in pixels.chunks_exact(frame.line_size.max(1)) {
            push(row);
        }
    } else {
        while let Some(row) = reader.next_row().map_err(damaged)? {
            push(row.data());
        }
    }
    planes.into_object(width, height, space)
}

/// A colour JPEG for the press: decoded (by the scalar decoder, the same samples on every machine) to RGB,
/// separated to CMYK and deflated. The decoded image is held whole, 3 bytes a pixel, and the reader kept it
/// within [`image::MAX_PIXELS`].
fn jpeg_separated(data: &[u8]) -> Result<ImageStream, String> {
    use zune_jpeg::zune_core::{bytestream::ZCursor, colorspace::ColorSpace, options::DecoderOptions};
    let damaged = |e: zune_jpeg::errors::DecodeErrors| format!("is a JPEG that cannot be decoded ({e})");
    // A JPEG frame is at most 65 535 pixels each way; the decoder's own default stops at 16 384.
    let largest = usize::from(u16::MAX);
    let options = DecoderOptions::default()
        .jpeg_set_out_colorspace(ColorSpace::RGB)
        .set_max_width(largest)
        .set_max_height(largest);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(data), options);
    decoder.decode_headers().map_err(damaged)?;
    let (width, height) = decoder.dimensions().ok_or("is a JPEG without a frame")?;
    let mut rgb = image::zeroed(decoder.output_buffer_size().ok_or("is a JPEG too large to decode")?)?;
    decoder.decode_into(&mut rgb).map_err(damaged)?;
    let (width, height) = (u32::try_from(width).unwrap_or(0), u32::try_from(height).unwrap_or(0));
    let pixels = usize::try_from(u64::from(width) * u64::from(height)).unwrap_or(usize::MAX);
    let rows = usize::try_from(height).unwrap_or(0);
    let mut planes = Planes::new(Space::Cmyk.colors(), false, pixels, rows)?;
    let mut separated = Vec::new();
    for row in rgb.chunks_exact(3 * usize::try_from(width).unwrap_or(0).max(1)) {
        separate_row(row, 0, &mut separated);
        planes.push_row(&separated);
    }
    planes.into_object(width, height, Space::Cmyk)
}

/// The colour space of decoded samples.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Space {
    Gray,
    Rgb,
    Cmyk,
}

impl Space {
    fn colors(self) -> usize {
        match self {
            Space::Gray => 1,
            Space::Rgb => 3,
            Space::Cmyk => 4,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Space::Gray => "DeviceGray",
            Space::Rgb => "DeviceRGB",
            Space::Cmyk => "DeviceCMYK",
        }
    }
}

/// A row of RGB pixels (each followed by `alphas` alpha samples) as CMYK ones, into `out`.
fn separate_row(row: &[u8], alphas: usize, out: &mut Vec<u8>) {
    out.clear();
    for pixel in row.chunks_exact(3 + alphas) {
        let (rgb, alpha) = pixel.split_at(3);
        out.extend_from_slice(&super::colour::separate([rgb[0], rgb[1], rgb[2]]));
        out.extend_from_slice(alpha);
    }
}

/// A decoded PNG's samples, split into a colour plane and an alpha plane, each row PNG-filtered.
struct Planes {
    colors: usize,
    alpha_channel: bool,
    color: Vec<u8>,
    alpha: Vec<u8>,
    /// Whether any pixel is not opaque: without one, the mask is dropped.
    translucent: bool,
    /// The previous row of each plane (the `Up` and `Paeth` filters read it), and the current one.
    previous: (Vec<u8>, Vec<u8>),
    current: (Vec<u8>, Vec<u8>),
}

impl Planes {
    fn new(colors: usize, alpha_channel: bool, pixels: usize, rows: usize) -> Result<Planes, String> {
        let reserved = |len: usize| -> Result<Vec<u8>, String> {
            let mut out = Vec::new();
            out.try_reserve_exact(len).map_err(|_| "needs memory that is not available".to_owned())?;
            Ok(out)
        };
        Ok(Planes {
            colors,
            alpha_channel,
            color: reserved(pixels.saturating_mul(colors).saturating_add(rows))?,
            alpha: if alpha_channel { reserved(pixels.saturating_add(rows))? } else { Vec::new() },
            translucent: false,
            previous: (Vec::new(), Vec::new()),
            current: (Vec::new(), Vec::new()),
        })
    }

    fn push_row(&mut self, row: &[u8]) {
        let (colors, alphas) = &mut self.current;
        colors.clear();
        alphas.clear();
        if self.alpha_channel {
            for pixel in row.chunks_exact(self.colors + 1) {
                let (color, a) = pixel.split_at(self.colors);
                colors.extend_from_slice(color);
                alphas.push(a[0]);
            }
            self.translucent |= alphas.iter().any(|&a| a != 255);
            filter_row(alphas, &self.previous.1, 1, &mut self.alpha);
        } else {
            colors.extend_from_slice(row);
        }
        filter_row(colors, &self.previous.0, self.colors, &mut self.color);
        std::mem::swap(&mut self.previous, &mut self.current);
    }

    /// The image XObject of these planes, `width` × `height` pixels in `space`, the alpha plane its soft
    /// mask if any pixel is not opaque.
    fn into_object(self, width: u32, height: u32, space: Space) -> Result<ImageStream, String> {
        let deflated = |samples: &[u8]| crate::deflate::zlib(LEVEL, samples);
        let mut dict = image_dict(width, height, space.name());
        dict.insert("Filter".to_owned(), name("FlateDecode"));
        dict.insert("DecodeParms".to_owned(), predictor(space.colors() as u8, 8, width));
        if self.translucent {
            let mut mask_dict = image_dict(width, height, "DeviceGray");
            mask_dict.insert("Filter".to_owned(), name("FlateDecode"));
            mask_dict.insert("DecodeParms".to_owned(), predictor(1, 8, width));
            let mask = ImageStream { dict: mask_dict, content: deflated(&self.alpha)? };
            dict.insert("SMask".to_owned(), Value::Stream(mask));
        }
        Ok(ImageStream { dict, content: deflated(&self.color)? })
    }
}

/// Appends `row` PNG-filtered (RFC 2083 §6) to `out`: the filter byte, then the filtered samples. The filter
/// is chosen per row by the usual heuristic, the smallest sum of absolute differences, among Sub, Up and
/// Paeth (None when the row is the first and Sub does not help).
fn filter_row(row: &[u8], above: &[u8], bpp: usize, out: &mut Vec<u8>) {
    let above_at = |i: usize| above.get(i).copied().unwrap_or(0);
    let left_at = |i: usize| if i >= bpp { row[i - bpp] } else { 0 };
    let upper_left_at = |i: usize| if i >= bpp { above_at(i - bpp) } else { 0 };
    let paeth = |a: u8, b: u8, c: u8| {
        let p = i16::from(a) + i16::from(b) - i16::from(c);
        let (pa, pb, pc) = ((p - i16::from(a)).abs(), (p - i16::from(b)).abs(), (p - i16::from(c)).abs());
        if pa <= pb && pa <= pc {
            a
        } else if pb <= pc {
            b
        } else {
            c
        }
    };
    let predicted = |kind: u8, i: usize| match kind {
        1 => left_at(i),
        2 => above_at(i),
        3 => paeth(left_at(i), above_at(i), upper_left_at(i)),
        _ => 0,
    };
    // Filtered bytes read as signed: small magnitudes compress best.
    let cost = |kind: u8| -> u64 {
        (0..row.len())
            .map(|i| u64::from((row[i].wrapping_sub(predicted(kind, i)) as i8).unsigned_abs()))
            .sum()
    };
    let kinds: &[u8] = if above.is_empty() { &[0, 1] } else { &[0, 1, 2, 3] };
    let best = kinds.iter().copied().min_by_key(|&kind| cost(kind)).unwrap_or(0);
    out.push(if best == 3 { 4 } else { best });
    out.extend((0..row.len()).map(|i| row[i].wrapping_sub(predicted(best, i))));
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::testing::png as encode;

    fn inflated(stream: &ImageStream) -> Vec<u8> {
        use std::io::Read;
        assert_eq!(stream.dict.get("Filter"), Some(&Value::Name("FlateDecode")));
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(stream.content.as_slice()).read_to_end(&mut out).expect("inflates");
        out
    }

    /// The samples of a stream whose rows carry PNG filter bytes (`/Predictor 15`), as a PDF reader
    /// recovers them; `bpp` bytes a pixel, `width` pixels a row.
    fn samples(stream: &ImageStream, bpp: usize, width: usize) -> Vec<u8> {
        let filtered = inflated(stream);
        let mut out: Vec<u8> = Vec::new();
        for (r, row) in filtered.chunks_exact(1 + bpp * width).enumerate() {
            let start = out.len();
            for (i, &byte) in row[1..].iter().enumerate() {
                let left = if i >= bpp { out[start + i - bpp] } else { 0 };
                let up = if r > 0 { out[start + i - bpp * width] } else { 0 };
                let upper_left = if r > 0 && i >= bpp { out[start + i - bpp - bpp * width] } else { 0 };
                let predicted = match row[0] {
                    0 => 0,
                    1 => left,
                    2 => up,
                    4 => {
                        let p = i16::from(left) + i16::from(up) - i16::from(upper_left);
                        let (pa, pb, pc) = (
                            (p - i16::from(left)).abs(),
                            (p - i16::from(up)).abs(),
                            (p - i16::from(upper_left)).abs(),
                        );
                        if pa <= pb && pa <= pc {
                            left
                        } else if pb <= pc {
                            up
                        } else {
                            upper_left
                        }
                    }
                    other => panic!("filter {other} is never written"),
                };
                out.push(byte.wrapping_add(predicted));
            }
        }
        out
    }

    #[test]
    fn a_png_with_transparency_gets_a_soft_mask_and_an_opaque_one_does_not() {
        let rgba = encode(2, 1, png::ColorType::Rgba, &[255, 0, 0, 255, 0, 0, 255, 128]);
        let object = png(&rgba, false).expect("decodes");
        let s = &object;
        assert_eq!(samples(s, 3, 2), [255, 0, 0, 0, 0, 255]);
        match s.dict.get("SMask") {
            Some(Value::Stream(stream)) => assert_eq!(samples(stream, 1, 2), [255, 128]),
            other => panic!("no soft mask: {other:?}"),
        }
        let opaque = encode(1, 1, png::ColorType::Rgba, &[1, 2, 3, 255]);
        let object = png(&opaque, false).expect("decodes");
        assert!(!&object.dict.contains_key("SMask"));
        assert_eq!(samples(&object, 3, 1), [1, 2, 3]);
    }

    #[test]
    fn filtered_rows_give_back_every_sample() {
        // A gradient with noise, so every filter wins some row.
        let (w, h) = (37, 23);
        let pixels: Vec<u8> =
            (0..w * h * 4).map(|i| ((i % (w * 4)) * 3 + (i / (w * 4)) * 5 + (i * 7919) % 13) as u8).collect();
        let object = png(&encode(w as u32, h as u32, png::ColorType::Rgba, &pixels), false).expect("decodes");
        let color: Vec<u8> = pixels.chunks_exact(4).flat_map(|p| p[..3].to_vec()).collect();
        let alpha: Vec<u8> = pixels.chunks_exact(4).map(|p| p[3]).collect();
        let s = &object;
        assert_eq!(samples(s, 3, w), color);
        match s.dict.get("SMask") {
            Some(Value::Stream(stream)) => assert_eq!(samples(stream, 1, w), alpha),
            other => panic!("no soft mask: {other:?}"),
        }
    }

    #[test]
    fn an_opaque_png_goes_in_as_its_own_compressed_data() {
        let pixels: Vec<u8> = (0..8 * 5 * 3).map(|i| (i * 11) as u8).collect();
        let data = encode(8, 5, png::ColorType::Rgb, &pixels);
        let object = png(&data, false).expect("embeds");
        let s = &object;
        assert!(data.windows(s.content.len()).any(|w| w == s.content.as_slice()), "the IDAT bytes");
        assert_eq!(samples(s, 3, 8), pixels);
        let gray = encode(3, 2, png::ColorType::Grayscale, &[1, 2, 3, 4, 5, 6]);
        assert_eq!(samples(&png(&gray, false).expect("embeds"), 1, 3), [1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn a_damaged_png_is_refused_with_a_reason() {
        let mut data = encode(4, 4, png::ColorType::Grayscale, &[7; 16]);
        data.truncate(data.len() - 20);
        assert!(png(&data, false).is_err());
    }

    #[test]
    fn an_svg_is_drawn_from_its_rendering_and_a_gif_is_not_embedded() {
        let svg = Resource {
            media_type: "image/svg+xml".into(),
            data: b"<svg/>".to_vec(),
            width_px: 1,
            height_px: 1,
            raster: encode(1, 1, png::ColorType::Rgb, &[9, 8, 7]),
        };
        assert_eq!(samples(&xobject(&svg, false).expect("drawn"), 3, 1), [9, 8, 7]);
        let gif =
            Resource { media_type: "image/gif".into(), data: b"GIF89a".to_vec(), ..Resource::default() };
        assert!(xobject(&gif, false).expect_err("not embedded").contains("image/gif"));
    }

    #[test]
    fn separated_for_the_press_rgb_images_are_cmyk_and_grey_ones_stay_grey() {
        let rgba = encode(2, 1, png::ColorType::Rgba, &[255, 0, 0, 255, 10, 20, 30, 128]);
        let object = png(&rgba, true).expect("decodes");
        assert_eq!(object.dict.get("ColorSpace"), Some(&Value::Name("DeviceCMYK")));
        let cmyk: Vec<u8> = [[255, 0, 0], [10, 20, 30]]
            .iter()
            .flat_map(|&p| crate::backend::pdf::colour::separate(p))
            .collect();
        assert_eq!(samples(&object, 4, 2), cmyk);
        match object.dict.get("SMask") {
            Some(Value::Stream(stream)) => assert_eq!(samples(stream, 1, 2), [255, 128]),
            other => panic!("no soft mask: {other:?}"),
        }
        let opaque = encode(1, 1, png::ColorType::Rgb, &[0, 0, 0]);
        assert_eq!(samples(&png(&opaque, true).expect("decodes"), 4, 1), [0, 0, 0, 255]);
        let gray = encode(3, 1, png::ColorType::Grayscale, &[1, 2, 3]);
        let object = png(&gray, true).expect("embeds");
        assert_eq!(object.dict.get("ColorSpace"), Some(&Value::Name("DeviceGray")));
        assert_eq!(samples(&object, 1, 3), [1, 2, 3]);
    }

    #[test]
    fn a_colour_jpeg_for_the_press_is_decoded_and_separated() {
        let data =
            std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tiny.jpg")).expect("fixture");
        let as_is = jpeg(&data, false).expect("embeds");
        assert_eq!(as_is.content, data);
        let object = jpeg(&data, true).expect("decodes");
        assert_eq!(object.dict.get("ColorSpace"), Some(&Value::Name("DeviceCMYK")));
        assert_eq!((object.dict.get("Width"), object.dict.get("Height")), (Some(&int(3)), Some(&int(4))));
        assert_eq!(samples(&object, 4, 3).len(), 3 * 4 * 4);
        assert!(jpeg(&data[..data.len() / 2], true).is_err(), "a JPEG cut short is refused");
    }

    #[test]
    fn colour_jpegs_separated_past_their_budget_are_left_out_with_a_warning() {
        let data =
            std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tiny.jpg")).expect("fixture");
        let mut doc = Document::default();
        let mut page = crate::layout::page::Page::default();
        // Two JPEGs each said to be as large as the whole budget: the first is separated, the second not.
        for src in ["a.jpg", "b.jpg"] {
            let side = 12_000;
            assert_eq!(u64::from(side) * u64::from(side), image::MAX_DOCUMENT_PIXELS);
            let resource = Resource {
                media_type: "image/jpeg".into(),
                data: data.clone(),
                width_px: side,
                height_px: side,
                ..Resource::default()
            };
            doc.resources.insert(src.into(), resource);
            page.images.push(crate::layout::marks::PlacedImage {
                src: src.into(),
                left_pt: 0.0,
                top_pt: 0.0,
                width_pt: 10.0,
                height_pt: 10.0,
                elem: None,
            });
        }
        let mut layout = Layout { pages: vec![page], ..Layout::default() };
        assert_eq!(prepare(&doc, &mut layout.clone(), false).objects.len(), 2, "as they are, both go in");
        let images = prepare(&doc, &mut layout, true);
        assert_eq!(images.ids.keys().collect::<Vec<_>>(), ["a.jpg"]);
        assert_eq!(layout.pages[0].images.len(), 1);
        assert!(layout
            .diagnostics
            .iter()
            .any(|d| d.message.contains("b.jpg") && d.message.contains("million")));
    }
}
