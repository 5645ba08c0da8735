//! Images as PDF image XObjects: JPEG bytes go in as they are (`DCTDecode`); PNG — and the PNG rendering of
//! an SVG — is decoded (the `png` crate: palettes, low bit depths and 16-bit samples expanded to 8-bit grey
//! or RGB) a row at a time and deflated as it comes (flate2), its alpha channel, if any pixel is not opaque,
//! becoming a soft mask; so an image is never held decoded, only deflated (an interlaced PNG, whose rows
//! come out of order, is decoded whole first).
//!
//! The reader checked every image and kept the document within [`crate::image::MAX_DOCUMENT_PIXELS`];
//! each distinct image (by resource key) is decoded once here. Buffers are reserved fallibly: an image
//! that memory cannot hold is left out with a warning, and the process goes on.

use crate::diag::{Diagnostic, Kind as DiagKind};
use crate::image::{self, Kind};
use crate::layout::Layout;
use crate::model::{Document, Resource};
use flate2::write::ZlibEncoder;
use printpdf::{DictItem, ExternalStream, ExternalXObject, XObject, XObjectId};
use std::collections::BTreeMap;
use std::io::Write;

/// Deflate level of image samples: zlib's default, as for every other stream of the PDF. (flate2 rather
/// than the libdeflate of the other streams because it deflates a row at a time.)
const LEVEL: u32 = 6;

/// The images of a document, ready for printpdf: one XObject per distinct source, named in order of first
/// appearance so the output is deterministic.
#[derive(Debug, Default)]
pub(super) struct Images {
    /// Resource name of each image, by its source.
    pub(super) ids: BTreeMap<String, XObjectId>,
    /// The XObjects to register with the document.
    pub(super) objects: Vec<(XObjectId, XObject)>,
}

/// Makes an XObject of every image the pages place. An image that cannot be decoded is taken off the
/// pages (its space stays blank) and reported once.
pub(super) fn prepare(doc: &Document, layout: &mut Layout) -> Images {
    let mut images = Images::default();
    let mut failed: BTreeMap<String, String> = BTreeMap::new();
    for placed in layout.pages.iter().flat_map(|p| &p.images) {
        if images.ids.contains_key(&placed.src) || failed.contains_key(&placed.src) {
            continue;
        }
        let made = doc
            .resources
            .get(&placed.src)
            .ok_or_else(|| "is not among the document's resources".to_owned())
            .and_then(xobject);
        match made {
            Ok(object) => {
                let id = XObjectId(format!("Im{}", images.objects.len() + 1));
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

fn name(n: &str) -> DictItem {
    DictItem::Name(n.as_bytes().to_vec())
}

fn int(n: impl Into<i64>) -> DictItem {
    DictItem::Int(n.into())
}

/// An image XObject dictionary of the given size and colour space, 8 bits a sample.
fn image_dict(width: u32, height: u32, color_space: &str) -> BTreeMap<String, DictItem> {
    BTreeMap::from([
        ("Type".to_owned(), name("XObject")),
        ("Subtype".to_owned(), name("Image")),
        ("Width".to_owned(), int(width)),
        ("Height".to_owned(), int(height)),
        ("ColorSpace".to_owned(), name(color_space)),
        ("BitsPerComponent".to_owned(), int(8)),
    ])
}

fn external(stream: ExternalStream) -> XObject {
    // No width or height: the page's `cm` alone sizes the unit square the image fills.
    XObject::External(ExternalXObject { stream, width: None, height: None, dpi: None })
}

/// The XObject for a resource, or why there is none.
fn xobject(resource: &Resource) -> Result<XObject, String> {
    match Kind::from_media_type(&resource.media_type) {
        Some(Kind::Jpeg) => jpeg(&resource.data),
        Some(Kind::Png) => png(&resource.data),
        Some(Kind::Svg) if !resource.raster.is_empty() => png(&resource.raster),
        _ => Err(format!("is of type `{}`, which the PDF output does not embed", resource.media_type)),
    }
}

fn jpeg(data: &[u8]) -> Result<XObject, String> {
    // The colour layout is the one header fact the model does not carry: only a PDF needs it.
    let header = image::probe(data)?;
    let color_space = match header.components {
        1 => "DeviceGray",
        4 => "DeviceCMYK",
        _ => "DeviceRGB",
    };
    let mut dict = image_dict(header.width_px, header.height_px, color_space);
    dict.insert("Filter".to_owned(), name("DCTDecode"));
    if header.components == 4 && header.adobe {
        // Adobe's CMYK JPEGs store inverted samples.
        dict.insert("Decode".to_owned(), DictItem::Array([1, 0, 1, 0, 1, 0, 1, 0].map(int).to_vec()));
    }
    let mut content = Vec::new();
    content.try_reserve_exact(data.len()).map_err(|_| "needs memory that is not available".to_owned())?;
    content.extend_from_slice(data);
    Ok(external(ExternalStream { dict, content, compress: false }))
}

fn png(data: &[u8]) -> Result<XObject, String> {
    let damaged = |e: png::DecodingError| format!("is a PNG that cannot be decoded ({e})");
    // The reader held the image to MAX_PIXELS; this only keeps the decoder's own bound in step with it.
    let limit = 4 * usize::try_from(image::MAX_PIXELS).unwrap_or(usize::MAX) + (1 << 20);
    let mut decoder = png::Decoder::new_with_limits(std::io::Cursor::new(data), png::Limits { bytes: limit });
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(damaged)?;
    let (color_type, bit_depth) = reader.output_color_type();
    let (color_space, colors, alpha) = match color_type {
        png::ColorType::Grayscale => ("DeviceGray", 1, false),
        png::ColorType::GrayscaleAlpha => ("DeviceGray", 1, true),
        png::ColorType::Rgb => ("DeviceRGB", 3, false),
        png::ColorType::Rgba => ("DeviceRGB", 3, true),
        png::ColorType::Indexed => return Err("is a PNG whose palette could not be expanded".to_owned()),
    };
    if bit_depth != png::BitDepth::Eight {
        return Err("is a PNG whose samples could not be converted to 8 bits".to_owned());
    }
    let (width, height, interlaced) = {
        let info = reader.info();
        (info.width, info.height, info.interlaced)
    };
    // The deflated samples take about what the PNG's own compressed data takes.
    let mut samples = Samples::new(colors, alpha, data.len())?;
    if interlaced {
        // Adam7 passes come out of order: the whole image is decoded first (within MAX_PIXELS).
        let mut pixels = image::zeroed(reader.output_buffer_size().ok_or("is a PNG too large to decode")?)?;
        let frame = reader.next_frame(&mut pixels).map_err(damaged)?;
        pixels.truncate(frame.buffer_size());
        for row in pixels.chunks_exact(frame.line_size.max(1)) {
            samples.push_row(row)?;
        }
    } else {
        while let Some(row) = reader.next_row().map_err(damaged)? {
            samples.push_row(row.data())?;
        }
    }
    let (color, mask) = samples.finish()?;
    let mut dict = image_dict(width, height, color_space);
    dict.insert("Filter".to_owned(), name("FlateDecode"));
    if let Some(mask) = mask {
        let mut mask_dict = image_dict(width, height, "DeviceGray");
        mask_dict.insert("Filter".to_owned(), name("FlateDecode"));
        let stream = ExternalStream { dict: mask_dict, content: mask, compress: false };
        dict.insert("SMask".to_owned(), DictItem::Stream { stream });
    }
    Ok(external(ExternalStream { dict, content: color, compress: false }))
}

/// A PNG's samples deflated as they are decoded, a row at a time: the colour samples, and the alpha
/// samples as a soft mask. So an image never sits in memory decoded, only deflated.
struct Samples {
    colors: usize,
    color: ZlibEncoder<Vec<u8>>,
    /// The alpha samples, if the image has an alpha channel.
    alpha: Option<ZlibEncoder<Vec<u8>>>,
    /// Whether any pixel is not opaque: without one, the mask is dropped.
    translucent: bool,
    /// One row's colour and alpha samples, reused.
    row: (Vec<u8>, Vec<u8>),
}

impl Samples {
    fn new(colors: usize, alpha: bool, expected: usize) -> Result<Samples, String> {
        let buffer = || -> Result<Vec<u8>, String> {
            let mut out = Vec::new();
            out.try_reserve(expected).map_err(|_| "needs memory that is not available".to_owned())?;
            Ok(out)
        };
        let level = flate2::Compression::new(LEVEL);
        Ok(Samples {
            colors,
            color: ZlibEncoder::new(buffer()?, level),
            alpha: alpha.then(|| ZlibEncoder::new(Vec::new(), level)),
            translucent: false,
            row: (Vec::new(), Vec::new()),
        })
    }

    fn push_row(&mut self, row: &[u8]) -> Result<(), String> {
        let failed = |e: std::io::Error| format!("could not be deflated ({e})");
        let Some(alpha) = &mut self.alpha else {
            return self.color.write_all(row).map_err(failed);
        };
        let (colors, alphas) = &mut self.row;
        colors.clear();
        alphas.clear();
        for pixel in row.chunks_exact(self.colors + 1) {
            let (color, a) = pixel.split_at(self.colors);
            colors.extend_from_slice(color);
            alphas.extend_from_slice(a);
        }
        self.translucent |= alphas.iter().any(|&a| a != 255);
        self.color.write_all(colors).map_err(failed)?;
        alpha.write_all(alphas).map_err(failed)
    }

    /// The deflated colour samples, and the deflated mask if any pixel is not opaque.
    fn finish(self) -> Result<(Vec<u8>, Option<Vec<u8>>), String> {
        let failed = |e: std::io::Error| format!("could not be deflated ({e})");
        let color = self.color.finish().map_err(failed)?;
        let mask = match self.alpha {
            Some(alpha) if self.translucent => Some(alpha.finish().map_err(failed)?),
            _ => None,
        };
        Ok((color, mask))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(width: u32, height: u32, color: png::ColorType, pixels: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(color);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().expect("header");
        writer.write_image_data(pixels).expect("data");
        writer.finish().expect("finish");
        out
    }

    fn stream(object: &XObject) -> &ExternalStream {
        match object {
            XObject::External(e) => &e.stream,
            other => panic!("not external: {other:?}"),
        }
    }

    fn inflated(stream: &ExternalStream) -> Vec<u8> {
        use std::io::Read;
        assert!(matches!(stream.dict.get("Filter"), Some(DictItem::Name(n)) if n == b"FlateDecode"));
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(stream.content.as_slice()).read_to_end(&mut out).expect("inflates");
        out
    }

    #[test]
    fn a_png_with_transparency_gets_a_soft_mask_and_an_opaque_one_does_not() {
        let rgba = encode(2, 1, png::ColorType::Rgba, &[255, 0, 0, 255, 0, 0, 255, 128]);
        let object = png(&rgba).expect("decodes");
        let s = stream(&object);
        assert_eq!(inflated(s), [255, 0, 0, 0, 0, 255]);
        match s.dict.get("SMask") {
            Some(DictItem::Stream { stream }) => assert_eq!(inflated(stream), [255, 128]),
            other => panic!("no soft mask: {other:?}"),
        }
        let opaque = encode(1, 1, png::ColorType::Rgba, &[1, 2, 3, 255]);
        let object = png(&opaque).expect("decodes");
        assert!(!stream(&object).dict.contains_key("SMask"));
        assert_eq!(inflated(stream(&object)), [1, 2, 3]);
    }

    #[test]
    fn a_damaged_png_is_refused_with_a_reason() {
        let mut data = encode(4, 4, png::ColorType::Grayscale, &[7; 16]);
        data.truncate(data.len() - 20);
        assert!(png(&data).is_err());
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
        assert_eq!(inflated(stream(&xobject(&svg).expect("drawn"))), [9, 8, 7]);
        let gif =
            Resource { media_type: "image/gif".into(), data: b"GIF89a".to_vec(), ..Resource::default() };
        assert!(xobject(&gif).expect_err("not embedded").contains("image/gif"));
    }
}
