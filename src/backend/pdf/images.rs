//! Images as PDF image XObjects: JPEG bytes go in as they are (`DCTDecode`); PNG is decoded (the `png`
//! crate: palettes, low bit depths and 16-bit samples expanded to 8-bit grey or RGB) and its alpha channel,
//! if any pixel is not opaque, becomes a soft mask. Streams without a filter are deflated with the rest.

use crate::diag::{Diagnostic, Kind};
use crate::layout::image::{probe, ImageFormat, ImageInfo};
use crate::layout::Layout;
use crate::model::Document;
use printpdf::{DictItem, ExternalStream, ExternalXObject, XObject, XObjectId};
use std::collections::BTreeMap;

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
            .and_then(|r| xobject(&r.data));
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
            Diagnostic::warning(Kind::Resource, format!("image `{src}` {reason}; it is left out")).at("pdf"),
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

fn external(dict: BTreeMap<String, DictItem>, content: Vec<u8>) -> XObject {
    // No width or height: the page's `cm` alone sizes the unit square the image fills.
    XObject::External(ExternalXObject {
        stream: ExternalStream { dict, content, compress: false },
        width: None,
        height: None,
        dpi: None,
    })
}

/// The XObject for an image's bytes, or why there is none.
fn xobject(data: &[u8]) -> Result<XObject, String> {
    let info = probe(data)?;
    match info.format {
        ImageFormat::Jpeg => Ok(jpeg(data, info)),
        ImageFormat::Png => png(data),
    }
}

fn jpeg(data: &[u8], info: ImageInfo) -> XObject {
    let color_space = match info.components {
        1 => "DeviceGray",
        4 => "DeviceCMYK",
        _ => "DeviceRGB",
    };
    let mut dict = image_dict(info.width_px, info.height_px, color_space);
    dict.insert("Filter".to_owned(), name("DCTDecode"));
    if info.components == 4 && info.adobe {
        // Adobe's CMYK JPEGs store inverted samples.
        dict.insert("Decode".to_owned(), DictItem::Array([1, 0, 1, 0, 1, 0, 1, 0].map(int).to_vec()));
    }
    external(dict, data.to_vec())
}

fn png(data: &[u8]) -> Result<XObject, String> {
    let damaged = |e: png::DecodingError| format!("is a PNG that cannot be decoded ({e})");
    let limits =
        png::Limits { bytes: 4 * usize::try_from(crate::layout::image::MAX_PIXELS).unwrap_or(usize::MAX) };
    let mut decoder = png::Decoder::new_with_limits(std::io::Cursor::new(data), limits);
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(damaged)?;
    let size = reader.output_buffer_size().ok_or("is a PNG too large to decode")?;
    let mut pixels = vec![0u8; size];
    let frame = reader.next_frame(&mut pixels).map_err(damaged)?;
    pixels.truncate(frame.buffer_size());
    let (color_space, colors, alpha) = match frame.color_type {
        png::ColorType::Grayscale => ("DeviceGray", 1, false),
        png::ColorType::GrayscaleAlpha => ("DeviceGray", 1, true),
        png::ColorType::Rgb => ("DeviceRGB", 3, false),
        png::ColorType::Rgba => ("DeviceRGB", 3, true),
        png::ColorType::Indexed => return Err("is a PNG whose palette could not be expanded".to_owned()),
    };
    if frame.bit_depth != png::BitDepth::Eight {
        return Err("is a PNG whose samples could not be converted to 8 bits".to_owned());
    }
    let mut dict = image_dict(frame.width, frame.height, color_space);
    if !alpha {
        return Ok(external(dict, pixels));
    }
    let stride = colors + 1;
    let mut color = Vec::with_capacity(pixels.len() / stride * colors);
    let mut mask = Vec::with_capacity(pixels.len() / stride);
    for pixel in pixels.chunks_exact(stride) {
        let (c, a) = pixel.split_at(colors);
        color.extend_from_slice(c);
        mask.extend_from_slice(a);
    }
    if mask.iter().any(|&a| a != 255) {
        let mask_dict = image_dict(frame.width, frame.height, "DeviceGray");
        let stream = ExternalStream { dict: mask_dict, content: mask, compress: false };
        dict.insert("SMask".to_owned(), DictItem::Stream { stream });
    }
    Ok(external(dict, color))
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

    #[test]
    fn a_png_with_transparency_gets_a_soft_mask_and_an_opaque_one_does_not() {
        let rgba = encode(2, 1, png::ColorType::Rgba, &[255, 0, 0, 255, 0, 0, 255, 128]);
        let object = xobject(&rgba).expect("decodes");
        let s = stream(&object);
        assert_eq!(s.content, [255, 0, 0, 0, 0, 255]);
        match s.dict.get("SMask") {
            Some(DictItem::Stream { stream }) => assert_eq!(stream.content, [255, 128]),
            other => panic!("no soft mask: {other:?}"),
        }
        let opaque = encode(1, 1, png::ColorType::Rgba, &[1, 2, 3, 255]);
        let object = xobject(&opaque).expect("decodes");
        assert!(!stream(&object).dict.contains_key("SMask"));
        assert_eq!(stream(&object).content, [1, 2, 3]);
    }

    #[test]
    fn a_damaged_png_is_refused_with_a_reason() {
        let mut data = encode(4, 4, png::ColorType::Grayscale, &[7; 16]);
        data.truncate(data.len() - 20);
        assert!(xobject(&data).is_err());
    }
}
