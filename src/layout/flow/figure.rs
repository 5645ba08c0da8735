//! Figures: an image from the document's resources as a block scaled to fit the text width and the page,
//! its caption centred below; images the PDF cannot embed are shown as their alt text, with one warning.

use super::Flow;
use crate::diag::{Diagnostic, Error, Kind};
use crate::layout::image::probe;
use crate::layout::marks::{PlacedImage, StructKind};
use crate::layout::page::{Row, PT_PER_MM};
use crate::layout::paragraph::StyledChar;
use crate::model::{Image, Inline};
use crate::style::Align;

/// CSS pixels: an image is shown at 96 pixels to the inch unless that is wider than the text.
const PT_PER_PX: f32 = 72.0 / 96.0;

impl Flow<'_> {
    /// Lays out a figure block (its structure element is already open).
    pub(super) fn figure(&mut self, image: &Image, caption: &[Inline]) -> Result<(), Error> {
        let Some(resource) = self.marking.resources.and_then(|r| r.get(&image.src)) else {
            // The reader has already said why it was not loaded.
            return self.figure_as_text(image, caption);
        };
        let info = match probe(&resource.data) {
            Ok(info) => info,
            Err(reason) => {
                self.diagnostics.push(
                    Diagnostic::warning(
                        Kind::Resource,
                        format!("image `{}` {reason}; its alt text is shown instead", image.src),
                    )
                    .at("pdf"),
                );
                return self.figure_as_text(image, caption);
            }
        };
        let s = self.style;
        let avail = (self.width_pt - self.left_pt).max(1.0);
        let page_height = s.page.text_height_mm() * PT_PER_MM;
        // Room for the caption (two lines) under an image as tall as the page.
        let max_height =
            (page_height - 2.0 * s.body.line_pitch_pt - self.pending_space).max(page_height / 2.0);
        let (px_w, px_h) = (info.width_px as f32, info.height_px as f32);
        let mut width = (px_w * PT_PER_PX).min(avail);
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
            let ts = &s.body;
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
            chars.push(StyledChar::plain('\n', ts.face, ts.size_pt, 0.0));
            self.inlines(caption, ts.face, ts.size_pt, &mut chars);
        }
        self.paragraph(&chars, ts, Align::Center, 0.0, 0.0, 0.0, None)
    }

    /// An image inside a line of text is shown as its alt text; one warning when it could have been drawn
    /// as a block (a missing image has been reported by the reader already).
    pub(super) fn inline_image(&mut self, image: &Image, look: super::Look, size_pt: f32) -> Vec<StyledChar> {
        if self.marking.resources.is_some_and(|r| r.contains_key(&image.src)) {
            self.diagnostics.push(
                Diagnostic::warning(
                    Kind::Resource,
                    format!("image `{}` sits inside a line of text; its alt text is shown there", image.src),
                )
                .at("pdf"),
            );
        }
        self.styled(&format!("［图：{}］", image.alt), look, size_pt)
    }
}
