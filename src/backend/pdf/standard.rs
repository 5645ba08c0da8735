//! What a PDF claiming PDF/X-4, PDF/A-2 or PDF/UA-1 carries beyond a plain one, and the print shop's page
//! boxes and crop marks ([`Print`]); without any of these settings nothing here touches the file.
//!
//! - The XMP metadata packet ([`super::xmp`]), unfiltered, and `/Trapped /False` (and `GTS_PDFXVersion`)
//!   in the document info.
//! - A CMYK output intent whose profile is generated ([`super::icc::cmyk_output`]); one profile
//!   object serves the PDF/X and the PDF/A intent, as ISO 19005-2 §6.2.3 asks of two intents.
//! - RGB images separated to CMYK under PDF/X-4 ([`separates_images`]), tagged with an sRGB profile
//!   instead of DeviceRGB under PDF/A-2 alone (text and rules are grey or CMYK already: [`palette`]).
//! - Page boxes: the TrimBox is the paper, the BleedBox the bleed around it, the MediaBox (and CropBox)
//!   the bleed and the crop marks beyond it; the content stays where it was, the boxes reach into negative
//!   coordinates.
//! - Crop marks: one content stream, shared by every page, in registration black (all four inks), marked
//!   as an artifact.
//! - PDF/X-4 is a PDF 1.6 standard: the header says 1.6 (nothing in the file is newer).

use super::colour::Palette;
use super::icc;
use crate::backend::Timestamp;
use crate::diag::{Diagnostic, Error, Kind as DiagKind};
use crate::layout::marks::{StructElem, StructKind};
use crate::layout::page::PT_PER_MM;
use crate::style::{PdfStandard, Print};
use lopdf::{Dictionary, Object, ObjectId, Stream};

/// Whether the file has a CMYK output intent, and so grey and CMYK colour only.
fn has_output_intent(print: &Print) -> bool {
    [PdfStandard::X4, PdfStandard::A2b, PdfStandard::A2u].iter().any(|&s| print.claims(s))
}

/// The colours' device spaces under `print`.
pub(super) fn palette(print: &Print) -> Palette {
    if has_output_intent(print) {
        Palette::Press
    } else {
        Palette::Screen
    }
}

/// Whether the images are separated to CMYK ([`super::images`]): in a PDF/X-4 file, which goes to a press.
/// PDF/A-2 alone keeps an RGB image as it is, tagged sRGB ([`tag_rgb_images`]): device-independent, which an
/// archive wants, and a JPEG keeps its own compression.
pub(super) fn separates_images(print: &Print) -> bool {
    print.claims(PdfStandard::X4)
}

/// Whether `print` changes anything in the file.
pub(super) fn active(print: &Print) -> bool {
    !print.pdf_standards.is_empty() || print.bleed_mm > 0.0 || print.marks
}

/// The document info's texts, which the XMP packet repeats.
pub(super) struct InfoText<'a> {
    /// `/Title`.
    pub title: &'a str,
    /// `/Author`.
    pub author: Option<&'a str>,
    /// `/Subject`.
    pub subject: Option<&'a str>,
    /// `/Keywords`.
    pub keywords: Option<&'a str>,
    /// `/Creator`.
    pub creator: &'a str,
    /// `/Producer`.
    pub producer: &'a str,
    /// The catalog's `/Lang`.
    pub lang: &'a str,
}

/// Adds what `print` asks for to the finished document `lo` (its info, catalog and pages in place); the
/// paper is `paper_mm` (width, height).
pub(super) fn finish(
    lo: &mut lopdf::Document,
    print: &Print,
    info: &InfoText<'_>,
    timestamp: Timestamp,
    paper_mm: (f32, f32),
    deflate: fn(&[u8]) -> Option<Vec<u8>>,
) -> Result<(), Error> {
    if !active(print) {
        return Ok(());
    }
    let page_ids: Vec<ObjectId> = lo.get_pages().into_values().collect();
    set_boxes(lo, print, &page_ids, paper_mm);
    if print.marks {
        let marks = lo.add_object(Stream::new(Dictionary::new(), crop_marks(print, paper_mm)));
        for &page in &page_ids {
            append_content(lo, page, marks);
        }
    }
    if print.claims(PdfStandard::X4) {
        lo.version = "1.6".to_owned();
    }
    let mut catalog_entries: Vec<(&str, Object)> = Vec::new();
    if has_output_intent(print) {
        let profile = icc_stream(&icc::cmyk_output(), 4, deflate)?;
        let profile = lo.add_object(profile);
        tag_rgb_images(lo, deflate)?;
        let intents: Vec<Object> = [(PdfStandard::X4, "GTS_PDFX"), (PdfStandard::A2b, "GTS_PDFA1")]
            .iter()
            .filter(|(s, _)| print.claims(*s) || (*s == PdfStandard::A2b && print.claims(PdfStandard::A2u)))
            .map(|(_, subtype)| Object::Dictionary(output_intent(subtype, profile)))
            .collect();
        catalog_entries.push(("OutputIntents", Object::Array(intents)));
    }
    if !print.pdf_standards.is_empty() {
        let date = timestamp.to_rfc3339();
        let id = document_uuid(lo, &page_ids, timestamp);
        let packet = super::xmp::packet(&super::xmp::Metadata {
            info,
            date: &date,
            id: &id,
            standards: &print.pdf_standards,
        });
        let metadata = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Metadata".to_vec())),
            ("Subtype", Object::Name(b"XML".to_vec())),
        ]);
        let metadata = lo.add_object(Stream::new(metadata, packet));
        catalog_entries.push(("Metadata", Object::Reference(metadata)));
        let info_dict = super::vendor::trailer_dict(lo, b"Info")
            .map_err(|e| Error::backend("pdf", format!("no document info: {e}")))?;
        info_dict.set("Trapped", Object::Name(b"False".to_vec()));
        if print.claims(PdfStandard::X4) {
            info_dict.set("GTS_PDFXVersion", Object::string_literal("PDF/X-4"));
        }
    }
    let catalog = lo.catalog_mut().map_err(|e| Error::backend("pdf", format!("no catalog: {e}")))?;
    for (key, value) in catalog_entries {
        catalog.set(key, value);
    }
    Ok(())
}

/// What keeps the file from the standards it claims, which paiban cannot mend: figures without alternative
/// text (PDF/UA-1 §7.3) and characters no font has, drawn as `.notdef` (PDF/A-2 §6.2.11.8, PDF/UA-1 §7.21.8).
pub(super) fn warnings(print: &Print, structure: &[StructElem], reported: &[Diagnostic]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if print.claims(PdfStandard::Ua1) {
        let bare = structure
            .iter()
            .filter(|e| e.kind == StructKind::Figure && e.alt.as_deref().is_none_or(|a| a.trim().is_empty()))
            .count();
        if bare > 0 {
            out.push(
                Diagnostic::warning(
                    DiagKind::Resource,
                    format!(
                        "{bare} image(s) have no alternative text, which PDF/UA-1 requires: write it in the \
                         Markdown image's brackets, ![like this](figure.png)"
                    ),
                )
                .at("pdf"),
            );
        }
    }
    let strict = [PdfStandard::A2b, PdfStandard::A2u, PdfStandard::Ua1].iter().any(|&s| print.claims(s));
    if strict && reported.iter().any(|d| d.kind == DiagKind::MissingGlyph) {
        out.push(
            Diagnostic::warning(
                DiagKind::MissingGlyph,
                "characters no font has are drawn as .notdef, which PDF/A-2 and PDF/UA-1 forbid: the file \
                 does not conform until a font with them is given (--font-dir)",
            )
            .at("pdf"),
        );
    }
    out
}

/// Whether `stream` is an XMP metadata stream, which PDF/A wants unfiltered (so that a tool that does
/// not know PDF can find the packet).
pub(super) fn is_metadata(stream: &Stream) -> bool {
    stream.dict.get(b"Type").and_then(Object::as_name).is_ok_and(|n| n == b"Metadata")
}

/// Points, rounded to hundredths (what the boxes and marks are written with).
fn pt(mm: f32) -> f32 {
    (mm * PT_PER_MM * 100.0).round() / 100.0
}

fn rect(left: f32, bottom: f32, right: f32, top: f32) -> Object {
    Object::Array([left, bottom, right, top].map(Object::Real).to_vec())
}

fn set_boxes(lo: &mut lopdf::Document, print: &Print, pages: &[ObjectId], (width_mm, height_mm): (f32, f32)) {
    let (w, h) = (pt(width_mm), pt(height_mm));
    let (media, bleed) = (pt(print.media_margin_mm()), pt(print.bleed_mm));
    for &page in pages {
        if let Ok(dict) = lo.get_object_mut(page).and_then(Object::as_dict_mut) {
            dict.set("MediaBox", rect(-media, -media, w + media, h + media));
            dict.set("CropBox", rect(-media, -media, w + media, h + media));
            dict.set("BleedBox", rect(-bleed, -bleed, w + bleed, h + bleed));
            dict.set("TrimBox", rect(0.0, 0.0, w, h));
        }
    }
}

/// The crop marks: at each corner of the trim, a horizontal and a vertical line on the trim's edges,
/// starting [`Print::mark_start_mm`] out and [`Print::mark_length_mm`] long.
fn crop_marks(print: &Print, (width_mm, height_mm): (f32, f32)) -> Vec<u8> {
    let (w, h) = (pt(width_mm), pt(height_mm));
    let (start, end) = (pt(print.mark_start_mm()), pt(print.mark_start_mm() + print.mark_length_mm));
    let mut ops = format!("/Artifact BMC q {} w 1 1 1 1 K\n", print.mark_width_pt);
    for (x, y, out_x, out_y) in
        [(0.0, 0.0, -1.0, -1.0), (w, 0.0, 1.0, -1.0), (0.0, h, -1.0, 1.0), (w, h, 1.0, 1.0)]
    {
        // Along the horizontal edge, then along the vertical one, pointing away from the page.
        ops.push_str(&format!("{} {y} m {} {y} l ", x + out_x * start, x + out_x * end));
        ops.push_str(&format!("{x} {} m {x} {} l\n", y + out_y * start, y + out_y * end));
    }
    ops.push_str("S Q EMC\n");
    ops.into_bytes()
}

/// Adds `stream` after the page's own content.
fn append_content(lo: &mut lopdf::Document, page: ObjectId, stream: ObjectId) {
    let Ok(dict) = lo.get_object_mut(page).and_then(Object::as_dict_mut) else { return };
    let contents = match dict.get(b"Contents") {
        Ok(Object::Reference(own)) => vec![Object::Reference(*own), Object::Reference(stream)],
        Ok(Object::Array(items)) => items.iter().cloned().chain([Object::Reference(stream)]).collect(),
        _ => vec![Object::Reference(stream)],
    };
    dict.set("Contents", Object::Array(contents));
}

/// An ICC profile stream of `components` components, deflated.
fn icc_stream(
    profile: &[u8],
    components: i64,
    deflate: fn(&[u8]) -> Option<Vec<u8>>,
) -> Result<Stream, Error> {
    let deflated = deflate(profile).ok_or_else(|| Error::backend("pdf", "cannot deflate an ICC profile"))?;
    let dict = Dictionary::from_iter(vec![
        ("N", Object::Integer(components)),
        ("Filter", Object::Name(b"FlateDecode".to_vec())),
    ]);
    Ok(Stream::new(dict, deflated))
}

fn output_intent(subtype: &str, profile: ObjectId) -> Dictionary {
    Dictionary::from_iter(vec![
        ("Type", Object::Name(b"OutputIntent".to_vec())),
        ("S", Object::Name(subtype.as_bytes().to_vec())),
        ("OutputConditionIdentifier", Object::string_literal("Custom")),
        ("OutputCondition", Object::string_literal("paiban plain CMYK press")),
        (
            "Info",
            Object::string_literal("Plain subtractive CMYK: sRGB separated with all grey on K (paiban)"),
        ),
        ("RegistryName", Object::string_literal("")),
        ("DestOutputProfile", Object::Reference(profile)),
    ])
}

/// Gives every DeviceRGB image the sRGB profile (embedded once, if there is such an image): its samples
/// stay as they are (a JPEG is not decoded and coded again), their colour defined for any press.
fn tag_rgb_images(lo: &mut lopdf::Document, deflate: fn(&[u8]) -> Option<Vec<u8>>) -> Result<(), Error> {
    let is_rgb_image = |stream: &Stream| {
        stream.dict.get(b"ColorSpace").and_then(Object::as_name).is_ok_and(|n| n == b"DeviceRGB")
            && stream.dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|n| n == b"Image")
    };
    if !lo.objects.values().any(|o| o.as_stream().is_ok_and(is_rgb_image)) {
        return Ok(());
    }
    let srgb = lo.add_object(icc_stream(&icc::srgb(), 3, deflate)?);
    let icc_based = Object::Array(vec![Object::Name(b"ICCBased".to_vec()), Object::Reference(srgb)]);
    for object in lo.objects.values_mut() {
        if let Some(stream) = object.as_stream_mut().ok().filter(|s| is_rgb_image(s)) {
            stream.dict.set("ColorSpace", icc_based.clone());
        }
    }
    Ok(())
}

/// A UUID URN made from the pages' content and the timestamp: the same document gives the same id.
fn document_uuid(lo: &lopdf::Document, pages: &[ObjectId], timestamp: Timestamp) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    hasher.update(timestamp.0.to_be_bytes());
    for &page in pages {
        let contents = lo.get_dictionary(page).and_then(|d| d.get(b"Contents"));
        let ids: Vec<ObjectId> = match contents {
            Ok(Object::Reference(id)) => vec![*id],
            Ok(Object::Array(items)) => items.iter().filter_map(|o| o.as_reference().ok()).collect(),
            _ => Vec::new(),
        };
        for id in ids {
            if let Ok(stream) = lo.get_object(id).and_then(Object::as_stream) {
                hasher.update(&stream.content);
            }
        }
    }
    let hex: String = hasher.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("uuid:{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crop_marks_stand_outside_the_bleed_at_each_corner() {
        let print = Print { bleed_mm: 3.0, marks: true, ..Print::NONE };
        let marks = String::from_utf8(crop_marks(&print, (100.0, 100.0))).expect("ASCII");
        assert_eq!(marks.matches(" m ").count(), 8);
        // 3 mm (8.5 pt) to 8 mm (22.68 pt) left of the trim, on the bottom edge.
        assert!(marks.contains("-8.5 0 m -22.68 0 l"), "{marks}");
        assert!(marks.starts_with("/Artifact BMC") && marks.ends_with("EMC\n"));
    }

    #[test]
    fn nothing_asked_changes_nothing() {
        assert!(!active(&Print::NONE));
        assert_eq!(palette(&Print::NONE), Palette::Screen);
        let ua = Print { pdf_standards: vec![PdfStandard::Ua1], ..Print::NONE };
        assert!(active(&ua) && palette(&ua) == Palette::Screen);
        let x4 = Print { pdf_standards: vec![PdfStandard::X4], ..Print::NONE };
        assert_eq!(palette(&x4), Palette::Press);
    }
}
