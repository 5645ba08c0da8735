//! Pictures in the DOCX: what Word is given for a resource — the file itself for PNG, JPEG and GIF, which
//! Word shows natively, and for SVG the reader's PNG rendering, as the writer cannot embed SVG — and the
//! kind of each media part, which the writer names `.png` whatever it holds (see `vendor`). Kind and size
//! come from the [`crate::image`] facts the reader recorded; nothing here parses a header.

use crate::image::Kind;
use crate::model::Resource;

/// What a picture is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Picture<'a> {
    /// The bytes to embed.
    pub bytes: &'a [u8],
    /// Width in pixels (96 to the inch, as Word assumes).
    pub width_px: u32,
    /// Height in pixels.
    pub height_px: u32,
}

/// The picture for `resource`, or why Word cannot be given one.
pub(super) fn picture(resource: &Resource) -> Result<Picture<'_>, String> {
    if resource.width_px == 0 || resource.height_px == 0 {
        return Err("has no recorded size".to_owned());
    }
    let bytes = match Kind::from_media_type(&resource.media_type) {
        Some(Kind::Png | Kind::Jpeg | Kind::Gif) => resource.data.as_slice(),
        Some(Kind::Svg) if !resource.raster.is_empty() => resource.raster.as_slice(),
        _ => return Err(format!("is of type `{}`, which Word does not show", resource.media_type)),
    };
    Ok(Picture { bytes, width_px: resource.width_px, height_px: resource.height_px })
}

/// The kind of a media part's bytes (their signature), for its extension and content type.
pub(super) fn media_kind(bytes: &[u8]) -> Option<Kind> {
    Kind::sniff(bytes).filter(|kind| *kind != Kind::Svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_svg_is_given_as_its_rendering_and_raster_images_as_they_are() {
        let png = Resource {
            media_type: "image/png".into(),
            data: b"\x89PNG\r\n\x1a\n".to_vec(),
            width_px: 30,
            height_px: 20,
            raster: Vec::new(),
        };
        assert_eq!(picture(&png), Ok(Picture { bytes: &png.data, width_px: 30, height_px: 20 }));
        let svg = Resource {
            media_type: "image/svg+xml".into(),
            data: b"<svg/>".to_vec(),
            width_px: 10,
            height_px: 10,
            raster: b"\x89PNG\r\n\x1a\nrendered".to_vec(),
        };
        assert_eq!(picture(&svg).map(|p| p.bytes), Ok(svg.raster.as_slice()));
        assert_eq!(media_kind(&svg.raster), Some(Kind::Png));
        let without_size = Resource { width_px: 0, ..png };
        assert!(picture(&without_size).is_err());
        assert_eq!(media_kind(b"GIF89a\x01\0\x01\0"), Some(Kind::Gif));
        assert_eq!(media_kind(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), None);
    }
}
