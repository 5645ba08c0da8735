//! Figures: an image from the document's resources as a block scaled to fit the text width and the page,
//! its caption centred below; images the PDF cannot embed are shown as their alt text, with one warning per
//! image and document (a missing or refused image was reported by the reader and is not reported again).

use super::Flow;
use crate::diag::{Diagnostic, Error, Kind};
use crate::image::Kind as ImageKind;
use crate::layout::marks::{PlacedImage, StructKind};
use crate::layout::page::{Row, PT_PER_MM};
use crate::layout::paragraph::StyledChar;
use crate::model::{Image, Inline, Resource};
use crate::style::{Align, TextStyle};

/// Why the PDF cannot draw `resource`, if it cannot: the PDF embeds JPEG as it is, decodes PNG, and draws
/// an SVG from the rendering the reader made of it; a GIF it does not embed.
fn unsupported(resource: &Resource) -> Option<String> {
    let kind = ImageKind::from_media_type(&resource.media_type);
    match kind {
        _ if resource.width_px == 0 || resource.height_px == 0 => Some("has no recorded size".to_owned()),
        Some(ImageKind::Png | ImageKind::Jpeg) => None,
        Some(ImageKind::Svg) if !resource.raster.is_empty() => None,
        Some(ImageKind::Gif) => Some("is a GIF, which the PDF output does not embed".to_owned()),
        _ => Some(format!("is of type `{}`, which the PDF output does not embed", resource.media_type)),
    }
}

impl Flow<'_> {
    /// Records a warning about an image unless the same one was recorded already: one per image and
    /// document, however often it is used.
    fn warn_once(&mut self, message: String) {
        if !self.diagnostics.iter().any(|d| d.message == message) {
            self.diagnostics.push(Diagnostic::warning(Kind::Resource, message).at("pdf"));
        }
    }

    /// Lays out a figure block (its structure element is already open).
    pub(super) fn figure(&mut self, image: &Image, caption: &[Inline]) -> Result<(), Error> {
        let Some(resource) = self.marking.resources.and_then(|r| r.get(&image.src)) else {
            // The reader has already said why it was not loaded.
            return self.figure_as_text(image, caption);
        };
        if let Some(reason) = unsupported(resource) {
            self.warn_once(format!("image `{}` {reason}; its alt text is shown instead", image.src));
            return self.figure_as_text(image, caption);
        }
        let s = self.style;
        let avail = (self.width_pt - self.left_pt).max(1.0);
        let page_height = s.page.text_height_mm() * PT_PER_MM;
        // Room for the caption under an image as tall as the page.
        let caption_room = s.figures.caption_room_lines * s.body.line_pitch_pt;
        let max_height = (page_height - caption_room - self.pending_space).max(page_height / 2.0);
        let (px_w, px_h) = (resource.width_px as f32, resource.height_px as f32);
        // At the style's pixels to the inch, unless that is wider than the text.
        let pt_per_px = 72.0 / s.image_px_per_inch;
        let mut width = (px_w * pt_per_px).min(avail);
        let mut height = width * px_h / px_w;
        if height > max_height {
            height = max_height;
            width = height * px_w / px_h;
        }
        // On a character grid the row takes whole lines, so the text after it stays on the grid.
        let row_height = match self.grid_pitch {
            Some(_) if s.body.line_pitch_pt > 0.0 => {
                (height / s.body.line_pitch_pt).ceil() * s.body.line_pitch_pt
            }
            _ => height,
        };
        let has_caption = !crate::model::plain_text(caption).trim().is_empty();
        self.push_row(Row {
            height_pt: row_height,
            space_before_pt: self.pending_space + s.body.space_before_pt,
            images: vec![PlacedImage {
                src: image.src.clone(),
                left_pt: self.left_pt + (avail - width) / 2.0,
                top_pt: (row_height - height) / 2.0,
                width_pt: width,
                height_pt: height,
                elem: self.marking.current(),
            }],
            keep_with_next: has_caption,
            ..Row::default()
        });
        self.pending_space = s.body.space_after_pt;
        if has_caption {
            let ts = &TextStyle { face: s.figures.caption_face, ..s.body };
            let mut chars = Vec::new();
            self.inlines(caption, ts.face, ts.size_pt, &mut chars);
            let outer = self.marking.open(StructKind::Caption, None);
            self.pending_space = 0.0;
            self.paragraph(&chars, ts, Align::Center, 0.0, 0.0, 0.0, None)?;
            self.marking.close(outer);
        }
        Ok(())
    }

    /// The figure as a centred line `［图：alt］` and its caption.
    fn figure_as_text(&mut self, image: &Image, caption: &[Inline]) -> Result<(), Error> {
        let ts = &self.style.body;
        let mut chars = self.styled(&format!("［图：{}］", image.alt), ts.face, ts.size_pt);
        if !caption.is_empty() && crate::model::plain_text(caption) != image.alt {
            let face = self.style.figures.caption_face;
            chars.push(StyledChar::plain('\n', face, ts.size_pt, 0.0));
            self.inlines(caption, face, ts.size_pt, &mut chars);
        }
        self.paragraph(&chars, ts, Align::Center, 0.0, 0.0, 0.0, None)
    }

    /// An image inside a line of text is shown as its alt text; one warning per image when it could have
    /// been drawn as a block (a missing image has been reported by the reader already).
    pub(super) fn inline_image(&mut self, image: &Image, look: super::Look, size_pt: f32) -> Vec<StyledChar> {
        if self.marking.resources.is_some_and(|r| r.contains_key(&image.src)) {
            self.warn_once(format!(
                "image `{}` sits inside a line of text; its alt text is shown there",
                image.src
            ));
        }
        self.styled(&format!("［图：{}］", image.alt), look, size_pt)
    }
}
