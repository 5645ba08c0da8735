//! DOCX backend: the document as a Word file that Word, WPS and LibreOffice open and people keep editing.
//!
//! Everything is built from *styles* (Normal, Title, Heading 1–6, Salutation, Signature, Date, Quote, Code,
//! List Paragraph…) derived from the [`Style`](crate::style::Style) preset, not from direct formatting, so a
//! user who changes “Heading 1” changes every heading. `body` builds every element of the body through
//! `vendor` (the mandated writer, behind one module), which writes each block as XML as soon as it is built
//! (so memory follows the output, not the writer's structures) and writes the rest (section, footer,
//! numbering definitions, relationships, content types); `parts` writes the styles, settings, core
//! properties and font table the writer cannot express; `vendor` splices the body in, swaps those parts in,
//! fixes up what the writer leaves unfinished and writes the container deterministically.
//!
//! Fonts: styles name the standard office faces (gongwen: 仿宋_GB2312, 楷体_GB2312, 黑体, 方正小标宋简体;
//! other presets 宋体/黑体/楷体/仿宋) with what Windows ships for the role as `w:altName` (see
//! `parts::office_face`).
//! The title block is set line for line as in PDF and EPUB, series line first, in the body, so that no reader
//! misses a line of it (pandoc reads no page headers). Images
//! from `Document::resources` are embedded (PNG, JPEG, GIF; size read by `image`), scaled to the type area.
//!
//! Determinism: the writer takes paragraph ids from a thread-local counter and hyperlink and footnote ids
//! from process-global atomics. Every such id is assigned by `body`, per document, so two renders of one
//! document give the same bytes on any thread.

mod body;
mod image;
mod parts;
mod vendor;

use super::{Output, RenderOptions};
use crate::diag::Error;
use crate::model::Document;

/// Renders `doc` as DOCX bytes.
pub fn render(doc: &Document, options: &RenderOptions) -> Result<Output, Error> {
    let lang = document_lang(&doc.meta.lang);
    let body::Built { skeleton, body, diagnostics } = body::build(doc, options.style);
    let (style, meta, timestamp) = (options.style, &doc.meta, options.timestamp);
    let own = vendor::OwnParts {
        styles: parts::styles(style, &lang),
        settings: parts::settings(style, &lang),
        core: parts::core(meta, &lang, timestamp),
        app: parts::app(meta),
        font_table: parts::font_table(style),
    };
    let bytes = vendor::assemble(skeleton, body, own, timestamp)?;
    Ok(Output { bytes, diagnostics })
}

/// Whether documents in `style` get a table of contents (a `TOC` field) when they have enough headings:
/// books and reports, not official documents, which GB/T 9704 gives none.
fn has_contents_field(style: &crate::style::Style) -> bool {
    matches!(style.name, crate::style::StyleName::Book | crate::style::StyleName::Report)
}

/// The document's language for `w:lang`, `themeFontLang` and `dc:language`: the meta tag when it looks
/// like a BCP 47 tag, else `zh-CN`.
fn document_lang(lang: &str) -> String {
    let lang = lang.trim();
    let plausible = !lang.is_empty()
        && lang.len() <= 35
        && lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && lang.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    if plausible {
        crate::zh::script::region_tag(lang)
    } else {
        "zh-CN".to_owned()
    }
}

/// Text escaped for XML content and attribute values alike (both quotes), under the one rule for characters
/// XML cannot carry ([`crate::backend::xml`]). For text we write ourselves (parts); body text goes through
/// [`sanitize`](crate::backend::xml::sanitize) so that replacements are counted and reported.
fn xml_escape(text: &str) -> String {
    super::xml::escape(text, super::xml::Quotes::Both)
}

#[cfg(test)]
mod tests;
