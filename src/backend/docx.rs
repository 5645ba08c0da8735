//! DOCX backend: the document as a Word file that Word, WPS and LibreOffice open and people keep editing.
//!
//! Everything is built from *styles* (Normal, Title, Heading 1–6, Salutation, Signature, Date, Quote, Code,
//! List Paragraph…) derived from the [`Style`](crate::style::Style) preset, not from direct formatting, so a
//! user who changes “Heading 1” changes every heading. `body` builds every element of the body through
//! [`vendor`] (the mandated writer, behind one file), which writes each block as XML as soon as it is built
//! (so memory follows the output, not the writer's structures) and writes the rest (section, footer,
//! numbering definitions, relationships, content types); `parts` writes the styles, settings, core
//! properties and font table the writer cannot express; `vendor` splices the body in, swaps those parts in,
//! fixes up what the writer leaves unfinished and writes the container deterministically.
//!
//! Fonts: styles name the standard office faces (gongwen: 仿宋_GB2312, 楷体_GB2312, 黑体, 方正小标宋简体;
//! other presets 宋体/黑体/楷体/仿宋) with the bundled open family as `w:altName` (see `parts::office_face`).
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

/// The document's language for `w:lang`, `themeFontLang` and `dc:language`: the meta tag when it looks
/// like a BCP 47 tag, else `zh-CN`.
fn document_lang(lang: &str) -> String {
    let lang = lang.trim();
    let plausible = !lang.is_empty()
        && lang.len() <= 35
        && lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && lang.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    if plausible {
        lang.to_owned()
    } else {
        "zh-CN".to_owned()
    }
}

/// Escapes text for XML content and attribute values, and replaces characters XML 1.0 forbids (C0
/// controls other than tab and newlines, U+FFFE, U+FFFF) with U+FFFD. For text we write ourselves (parts);
/// body text goes through [`sanitize`] so that replacements are counted and reported.
fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in sanitize(text).0.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// Text with every character XML 1.0 cannot carry replaced by U+FFFD, and the number replaced. The writer
/// escapes markup characters itself but passes control characters through, which would make the part
/// ill-formed.
fn sanitize(text: &str) -> (std::borrow::Cow<'_, str>, usize) {
    // Fast path, as nearly all text is clean: a byte scan for C0 controls and a search for the two
    // noncharacters, instead of decoding every character.
    let control = |b: u8| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r');
    let noncharacter = |c: char| memchr::memmem::find(text.as_bytes(), c.encode_utf8(&mut [0; 4]).as_bytes());
    if !text.bytes().any(control) && noncharacter('\u{FFFE}').is_none() && noncharacter('\u{FFFF}').is_none()
    {
        return (std::borrow::Cow::Borrowed(text), 0);
    }
    let bad = |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}');
    let count = text.chars().filter(|&c| bad(c)).count();
    let clean = text.chars().map(|c| if bad(c) { '\u{FFFD}' } else { c }).collect();
    (std::borrow::Cow::Owned(clean), count)
}

#[cfg(test)]
mod tests;
