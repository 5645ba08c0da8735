//! XHTML content documents: the title page and the body chapters, written as well-formed XML by hand so that
//! every character of the input is escaped exactly once.
//! Blocks are written here, inline content by [`inline`], the parts of an official document around its
//! body by [`official`].

mod inline;
mod official;
mod page_breaks;

pub(super) use page_breaks::PageBreaks;

use super::embed::{bold_of, Usage};
use crate::backend::xml;
use crate::diag::{Diagnostic, Kind};
use crate::fonts::Face;
use crate::link::{self, Anchors};
use crate::model::{plain_text, Align, Block, Image, Inline, Meta, Resource, Role, Table};
use crate::style::{opens_attachment_note, Style};
use crate::title_block::{self, LineKind, Record};
use crate::zh::vertical;
use std::collections::{BTreeMap, BTreeSet};

/// A heading as the navigation document needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct NavEntry {
    /// Heading level, 1..=6.
    pub level: u8,
    /// `file.xhtml#id`.
    pub href: String,
    /// The heading's plain text.
    pub title: String,
}

/// One rendered content document.
#[derive(Debug, Clone)]
pub(super) struct Page {
    /// File name inside `OEBPS/`.
    pub href: String,
    /// The complete XHTML document.
    pub xhtml: String,
    /// Its headings, in order.
    pub headings: Vec<NavEntry>,
}

/// Text with `&`, `<` and `>` escaped, under the one rule for characters XML 1.0 forbids
/// ([`crate::backend::xml`]: replaced with U+FFFD; a malformed file is fatal to epubcheck).
pub(super) fn escape_text(text: &str) -> String {
    xml::escape(text, xml::Quotes::None)
}

/// Like [`escape_text`], also escaping `"` for attribute values.
pub(super) fn escape_attr(text: &str) -> String {
    xml::escape(text, xml::Quotes::Double)
}

/// The text a string keeps in metadata and navigation labels: characters XML cannot carry replaced as in
/// the text ([`xml::sanitize`]), whitespace runs (including line breaks) folded to one space, trimmed.
pub(super) fn clean_label(text: &str) -> String {
    xml::sanitize(text).0.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The opening of every content document; `lang` goes on `<html>` both as `lang` and `xml:lang` (EPUB 3
/// reading systems read either).
pub(super) fn document(lang: &str, title: &str, body: &str) -> String {
    let lang = escape_attr(lang);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" \
         xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\">\n<head>\n\
         <title>{}</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n\
         <body>\n{body}</body>\n</html>\n",
        escape_text(title)
    )
}

/// The cover page: the cover image alone, scaled to the screen. Its alt text is the book's title, which is
/// what a cover shows.
pub(super) fn cover_page(lang: &str, title: &str, image_href: &str) -> String {
    let body = format!(
        "<section class=\"cover\" epub:type=\"cover\">\n<img src=\"{}\" alt=\"{}\"/>\n</section>\n",
        escape_attr(image_href),
        escape_attr(title)
    );
    document(lang, title, &body)
}

/// The title page from `meta`: series, title, `——subtitle`, one line per author (`role  name`), date. The
/// characters of each line are recorded in `usage` under the face the stylesheet gives that line.
/// The print edition's page breaks in the title block go first. `None` when the title block is empty (an
/// untitled document: a file name is never printed as its title).
pub(super) fn title_page(
    meta: &Meta,
    blocks: &[Block],
    lang: &str,
    style: &Style,
    usage: &mut Usage,
    page_breaks: &mut PageBreaks,
) -> Option<Page> {
    let lines = title_block::lines(meta, blocks);
    if lines.is_empty() {
        return None;
    }
    let title = meta.display_title();
    // No `epub:type="titlepage"` here: pandoc's EPUB reader drops such sections as generated title pages,
    // losing the series line and offices; the navigation landmarks still mark this file as the title page.
    let mut body = String::from("<section class=\"titlepage\">\n");
    page_breaks.place_through(crate::layout::page_map::Anchor::Title, super::TITLE_PAGE, &mut body);
    let has = |kind| lines.iter().any(|l: &title_block::Line| l.kind == kind);
    // A decree's header is its 发文机关标志 (GB/T 9704 §10.2): a letterhead only makes it red.
    let (decree, red) = (has(LineKind::Decree), has(LineKind::Letterhead));
    for line in lines.iter().filter(|l| !(decree && l.kind == LineKind::Letterhead)) {
        let face = match line.kind {
            LineKind::Letterhead => style.official.letterhead.face,
            LineKind::Decree => style.official.decree.face,
            LineKind::DocNumber => style.official.doc_number.face,
            LineKind::Title => style.title.face,
            LineKind::Subtitle => style.subtitle.face,
            LineKind::Series | LineKind::Author | LineKind::Date => style.byline.face,
        };
        // A reflowable page breaks the title where its screen ends; the source's breaks are the PDF's.
        let line_text = line.text.replace('\n', "");
        let shown =
            if style.vertical { vertical::vertical_text(&line_text) } else { line_text.as_str().into() };
        usage.add(face, &shown);
        let text = escape_text(&shown);
        let element = match line.kind {
            LineKind::Series => format!("<p class=\"series\">{text}</p>\n"),
            LineKind::Letterhead => format!("<p class=\"letterhead\">{text}</p>\n"),
            LineKind::Decree if red => format!("<p class=\"decree red\">{text}</p>\n"),
            LineKind::Decree => format!("<p class=\"decree\">{text}</p>\n"),
            LineKind::DocNumber => format!("<p class=\"doc-number\">{text}</p>\n"),
            LineKind::Title => format!("<h1 class=\"title\">{}</h1>\n", last_two_kept(&shown)),
            LineKind::Subtitle => format!("<p class=\"subtitle\">{text}</p>\n"),
            // `.byline` keeps the two spaces between office and name. Not class `date`: that is the
            // closing date of the body, set flush right.
            LineKind::Author | LineKind::Date => format!("<p class=\"byline\">{text}</p>\n"),
        };
        body.push_str(&element);
    }
    body.push_str("</section>\n");
    Some(Page {
        href: super::TITLE_PAGE.to_owned(),
        xhtml: document(lang, &title, &body),
        headings: Vec::new(),
    })
}

/// `title` escaped, its last two characters kept together (class `keep`, not broken inside), so that a
/// title longer than a line never leaves one character alone on its last line.
fn last_two_kept(title: &str) -> String {
    let split = title.char_indices().rev().nth(1).map_or(0, |(i, _)| i);
    let (head, tail) = title.split_at(split);
    if head.is_empty() || tail.chars().any(char::is_whitespace) {
        return escape_text(title);
    }
    format!("{}<span class=\"keep\">{}</span>", escape_text(head), escape_text(tail))
}

/// An image copied into the container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ImageFile<'a> {
    /// Path inside `OEBPS/`.
    pub href: String,
    /// Its media type, as the reader recorded it.
    pub media_type: &'a str,
    /// The bytes the reader recorded: the file as read, or for SVG its sanitised re-serialisation.
    pub data: &'a [u8],
}

/// The file extension of an image EPUB 3.3 reading systems must show (a core media type, so no fallback
/// is needed): every kind the reader accepts is one.
pub(super) fn image_extension(media_type: &str) -> Option<&'static str> {
    crate::image::Kind::from_media_type(media_type).map(crate::image::Kind::extension)
}

/// Renders the body chapters. Heading ids and footnote numbers run through the whole book, so every
/// `href#id` is unique.
#[derive(Debug)]
pub(super) struct Writer<'a> {
    style: &'a Style,
    /// How far the quotes and lists open around the block being written indent it, in body ems.
    indented_em: f32,
    resources: &'a BTreeMap<String, Resource>,
    /// The face the stylesheet gives the element being written, and whether it is bold there.
    face: Face,
    bold: bool,
    /// Characters per face, for the embedded subsets.
    pub usage: Usage,
    /// Images referenced so far, by `Image::src`, in the order first met.
    pub images: BTreeMap<String, ImageFile<'a>>,
    out: String,
    headings: Vec<NavEntry>,
    href: String,
    heading_count: usize,
    note_count: usize,
    /// Rendered `<aside>`s waiting for the end of the current chapter, by note number.
    notes: Vec<(usize, String)>,
    /// Inside a link, where a nested `<a>` (a link or a note reference) would be invalid.
    in_link: bool,
    /// Inside a footnote body, where headings must not create navigation entries.
    in_note: bool,
    /// Inside emphasised text, whose Latin runs are marked for slanting.
    in_emph: bool,
    /// Inside an attachment, whose headings the navigation lists under it.
    in_attachment: bool,
    /// Attachments written so far, for their ids.
    attachment_count: usize,
    /// The document will be sealed: its closing block is placed as GB/T 9704 §7.3.5.1 says.
    pub sealed: bool,
    /// Whether a superscript or subscript was written: the stylesheet then sets them.
    pub scripts_used: bool,
    /// The headings links may point to ([`Writer::link_headings`]).
    anchors: Anchors,
    /// Each chapter file with the ordinal of its first heading (as [`Anchors`] counts them), in order.
    chapter_headings: Vec<(usize, String)>,
    /// Things the format cannot show.
    pub diagnostics: Vec<Diagnostic>,
    /// The images shown without a text alternative (neither alt text nor caption), by source.
    pub undescribed: BTreeSet<String>,
    /// The print edition's page breaks, to place as the body is written.
    pub page_breaks: PageBreaks,
    /// The blocks `blocks` is given next are the body's own, whose page breaks it places.
    in_body: bool,
    /// The next top-level block of the body.
    body_block: usize,
    /// In the text of a top-level paragraph: its index, and how many characters of its plain text are
    /// written.
    text_at: Option<(usize, usize)>,
}

impl<'a> Writer<'a> {
    /// A writer for a book in `style` whose images are `resources`.
    pub fn new(style: &'a Style, resources: &'a BTreeMap<String, Resource>) -> Writer<'a> {
        Writer {
            style,
            resources,
            face: style.body.face,
            bold: false,
            usage: Usage::default(),
            images: BTreeMap::new(),
            out: String::new(),
            headings: Vec::new(),
            href: String::new(),
            heading_count: 0,
            note_count: 0,
            notes: Vec::new(),
            in_link: false,
            in_note: false,
            in_emph: false,
            in_attachment: false,
            attachment_count: 0,
            sealed: false,
            scripts_used: false,
            anchors: Anchors::default(),
            chapter_headings: Vec::new(),
            diagnostics: Vec::new(),
            undescribed: BTreeSet::new(),
            indented_em: 0.0,
            page_breaks: PageBreaks::default(),
            in_body: false,
            body_block: 0,
            text_at: None,
        }
    }

    /// Lets links to headings become hrefs: `anchors` are the document's, `chapters` the chapter files
    /// in order with the blocks each will hold. A heading's id is `h-` and its ordinal from 1, as
    /// [`Writer::chapter`] numbers them.
    pub fn link_headings(&mut self, anchors: Anchors, chapters: &[(String, &[Block])]) {
        self.anchors = anchors;
        let mut first = 0;
        self.chapter_headings = chapters
            .iter()
            .map(|(href, blocks)| {
                let start = first;
                first += link::count_headings(blocks);
                (start, href.clone())
            })
            .collect();
    }

    /// Records `text` as set in the current face.
    fn used(&mut self, text: &str) {
        let face = if self.bold { bold_of(self.face) } else { self.face };
        self.usage.add(face, text);
    }

    /// Runs `write` with the current face set to `face` (and bold if `bold`), then restores it.
    fn in_face(&mut self, face: Face, bold: bool, write: impl FnOnce(&mut Self)) {
        let saved = (self.face, self.bold);
        self.face = face;
        self.bold = saved.1 || bold;
        write(self);
        (self.face, self.bold) = saved;
    }

    /// One chapter file holding `blocks`, closed by the document's 版记 when `record` is given (the last
    /// file: the 版记 is the document's last element, after its attachments).
    pub fn chapter(
        &mut self,
        href: &str,
        lang: &str,
        fallback_title: &str,
        blocks: &[Block],
        record: Option<&Record>,
    ) -> Page {
        self.href = href.to_owned();
        self.out.clear();
        self.headings.clear();
        self.notes.clear();
        self.out.push_str("<section class=\"chapter\" epub:type=\"chapter\">\n");
        self.in_body = true;
        self.blocks(blocks);
        self.close_body(self.body_block);
        self.out.push_str("</section>\n");
        if !self.notes.is_empty() {
            self.out.push_str("<section class=\"footnotes\">\n");
            // A note inside a note is finished first; list them in reading order.
            self.notes.sort_by_key(|(n, _)| *n);
            for (_, note) in std::mem::take(&mut self.notes) {
                self.out.push_str(&note);
            }
            self.out.push_str("</section>\n");
        }
        if let Some(record) = record {
            self.record(record);
        }
        let title = self.headings.first().map_or(fallback_title, |h| h.title.as_str()).to_owned();
        Page {
            href: href.to_owned(),
            xhtml: document(lang, &title, &self.out),
            headings: std::mem::take(&mut self.headings),
        }
    }

    /// Opens a quote or list indented `step_em` body ems, writing ` class="flat"` when the indent would
    /// take the measure past the narrowest the style allows ([`Style::nesting_room_em`]), so that deep
    /// nesting never squeezes the text out of a reading system's page; returns the indent given, for
    /// [`Writer::close_nested`].
    fn open_nested(&mut self, step_em: f32) -> f32 {
        if self.indented_em + step_em > self.style.nesting_room_em() {
            self.out.push_str(" class=\"flat\"");
            return 0.0;
        }
        self.indented_em += step_em;
        step_em
    }

    /// Closes what [`Writer::open_nested`] opened.
    fn close_nested(&mut self, given_em: f32) {
        self.indented_em -= given_em;
    }

    fn blocks(&mut self, blocks: &[Block]) {
        // Only the body's own blocks carry page breaks: what they hold comes after their page's marker.
        let body = std::mem::take(&mut self.in_body);
        let closing = official::closing_lines(blocks, &self.style.closing, self.sealed);
        for (block, line) in blocks.iter().zip(closing) {
            let index = self.body_block;
            if body {
                self.open_body_block(index, matches!(block, Block::Paragraph { .. }));
                self.body_block += 1;
            }
            match (block, line) {
                (Block::Paragraph { role, content }, Some(line)) => {
                    self.paragraph(*role, content, Some(line))
                }
                _ => self.block(block),
            }
            if body {
                self.close_body_block(index);
            }
        }
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Heading { level, content } => self.heading(*level, content),
            Block::Paragraph { role, content } => self.paragraph(*role, content, None),
            Block::List { ordered, start, items } => {
                let tag = if *ordered { "ol" } else { "ul" };
                self.out.push('<');
                self.out.push_str(tag);
                let given = self.open_nested(self.style.nesting.list_em);
                if *ordered && *start != 1 {
                    self.out.push_str(&format!(" start=\"{start}\""));
                }
                self.out.push_str(">\n");
                if *ordered {
                    // The list numbers are drawn in the list's own font.
                    let last = start.saturating_add(u32::try_from(items.len()).unwrap_or(u32::MAX));
                    self.used(&format!("{start}{last}0123456789."));
                }
                for item in items {
                    self.out.push_str("<li>");
                    self.blocks(item);
                    self.out.push_str("</li>\n");
                }
                self.close_nested(given);
                self.out.push_str(&format!("</{tag}>\n"));
            }
            Block::Quote { blocks } => {
                self.out.push_str("<blockquote");
                let given = self.open_nested(self.style.nesting.quote_em);
                self.out.push_str(">\n");
                self.in_face(self.style.quote.face, false, |w| w.blocks(blocks));
                self.close_nested(given);
                self.out.push_str("</blockquote>\n");
            }
            Block::Code { lang, text } => {
                let class: String = lang
                    .as_deref()
                    .unwrap_or_default()
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+'))
                    .collect();
                if class.is_empty() {
                    self.out.push_str("<pre><code>");
                } else {
                    self.out.push_str(&format!("<pre><code class=\"language-{class}\">"));
                }
                self.in_face(self.style.code.face, false, |w| w.used(text));
                self.out.push_str(&escape_text(text));
                self.out.push_str("</code></pre>\n");
            }
            Block::Table(table) => self.table(table),
            Block::Attachment { label, title, blocks } => self.attachment(label, title, blocks),
            Block::Figure { image, caption } => {
                self.out.push_str("<figure>\n");
                // Without alt text of its own, the caption describes the image.
                let fallback_alt = clean_label(&plain_text(caption));
                if self.image_href(image).is_some() {
                    self.image(image, &fallback_alt);
                    self.out.push('\n');
                } else {
                    self.out.push_str("<p class=\"figure-alt\">");
                    self.image(image, &fallback_alt);
                    self.out.push_str("</p>\n");
                }
                if !caption.is_empty() {
                    self.out.push_str("<figcaption>");
                    self.inlines(caption);
                    self.out.push_str("</figcaption>\n");
                }
                self.out.push_str("</figure>\n");
            }
            Block::Rule => self.out.push_str("<hr/>\n"),
            // A hint only: reflowable EPUB has no pages, but readers that paginate honour `break-after`.
            Block::PageBreak => self.out.push_str("<div class=\"page-break\"></div>\n"),
        }
    }

    fn heading(&mut self, level: u8, content: &[Inline]) {
        if self.in_note {
            // A heading inside a footnote is not part of the book's outline.
            self.out.push_str("<p class=\"note-heading\"><strong>");
            self.inlines(content);
            self.out.push_str("</strong></p>\n");
            return;
        }
        let level = level.clamp(1, 6);
        let face = self.style.heading(level).face;
        self.heading_count += 1;
        let id = format!("h-{}", self.heading_count);
        let mut title = clean_label(&plain_text(content));
        if title.is_empty() {
            title = format!("§{}", self.heading_count);
        }
        // Inside an attachment, a heading is listed under the attachment's entry.
        let nav_level = if self.in_attachment { (level + 1).min(6) } else { level };
        self.headings.push(NavEntry { level: nav_level, href: format!("{}#{id}", self.href), title });
        self.out.push_str(&format!("<h{level} id=\"{id}\">"));
        // The heading's face already carries its weight (`SansBold`), so it is not made bold again.
        self.in_face(face, false, |w| w.inlines(content));
        self.out.push_str(&format!("</h{level}>\n"));
    }

    /// A paragraph of `role`; a line of the closing block is placed as `closing` says.
    fn paragraph(&mut self, role: Role, content: &[Inline], closing: Option<official::ClosingLine>) {
        let class = match role {
            Role::Body => None,
            Role::Salutation => Some("salutation"),
            Role::Signature => Some("signature"),
            Role::Date => Some("date"),
            // The lines that continue an attachment note (`2. …`) sit under its first name.
            Role::Attachment if !opens_attachment_note(content) => Some("attachment-more"),
            Role::Attachment => Some("attachment"),
            Role::Note => Some("note"),
            Role::Contents => Some("contents"),
            // Kept in the model so nothing is lost silently; the reader reports it, outputs leave it out.
            Role::Boilerplate => return,
        };
        match (class, closing) {
            (Some(class), Some(line)) => {
                let opens = if line.opens { " closing" } else { "" };
                // The inset depends on the texts' widths: on the paragraph, not in the stylesheet.
                self.out.push_str(&format!(
                    "<p class=\"{class}{opens}\" style=\"margin-right: {};\">",
                    super::css::ems(line.right_em)
                ));
            }
            (Some(class), None) => self.out.push_str(&format!("<p class=\"{class}\">")),
            (None, _) => self.out.push_str("<p>"),
        }
        match official::run_in_lead(content, &self.style.accents) {
            Some((level, look, lead)) => {
                self.run_in(level, look, lead);
                self.inlines(content.get(1..).unwrap_or_default());
            }
            None => self.inlines(content),
        }
        self.out.push_str("</p>\n");
    }

    fn table(&mut self, table: &Table) {
        self.out.push_str("<table>\n");
        for (rows, tag, section) in [(&table.head, "th", "thead"), (&table.body, "td", "tbody")] {
            if rows.is_empty() {
                continue;
            }
            self.out.push_str(&format!("<{section}>\n"));
            for row in rows {
                self.out.push_str("<tr>");
                for (index, cell) in row.iter().enumerate() {
                    let align = table.columns.get(index).copied().unwrap_or_default();
                    let class = match align {
                        Align::Default => "",
                        Align::Left => " class=\"align-left\"",
                        Align::Center => " class=\"align-center\"",
                        Align::Right => " class=\"align-right\"",
                    };
                    self.out.push_str(&format!("<{tag}{class}>"));
                    // `th` is the body face's strong in the stylesheet when the style says so.
                    let (face, bold) = match tag {
                        "th" if self.style.table.head_strong => {
                            self.style.accents.strong(self.style.body.face)
                        }
                        _ => (self.face, false),
                    };
                    self.in_face(face, bold, |w| w.inlines(cell));
                    self.out.push_str(&format!("</{tag}>"));
                }
                self.out.push_str("</tr>\n");
            }
            self.out.push_str(&format!("</{section}>\n"));
        }
        self.out.push_str("</table>\n");
    }

    /// Where `image` is in the container, copying it there on first use; `None` if the document has no
    /// usable file for it (not among `Document.resources`, or a type reading systems need not show).
    fn image_href(&mut self, image: &Image) -> Option<String> {
        if let Some(file) = self.images.get(&image.src) {
            return Some(file.href.clone());
        }
        let resource = self.resources.get(&image.src)?;
        let ext = image_extension(&resource.media_type)?;
        let href = format!("images/image-{:03}.{ext}", self.images.len() + 1);
        let file =
            ImageFile { href: href.clone(), media_type: resource.media_type.as_str(), data: &resource.data };
        self.images.insert(image.src.clone(), file);
        Some(href)
    }

    /// The width in CSS pixels (96 to the inch) an image is shown at when the style's density is not CSS's
    /// own ([`Style::image_px_per_inch`]); `None` when it is, or the image's size is not known.
    fn width_px(&self, image: &Image) -> Option<u32> {
        let ppi = self.style.image_px_per_inch;
        let resource = self.resources.get(&image.src).filter(|r| r.width_px > 0)?;
        ((ppi - 96.0).abs() > 0.01).then(|| (resource.width_px as f32 * 96.0 / ppi).round().max(1.0) as u32)
    }

    /// An `<img>`, or its alt text in brackets when there is no file to show: with a warning when the file
    /// is of a type reading systems need not show, silently when the reader did not load it (it said why).
    /// `fallback_alt` serves when the image has no alt text of its own.
    fn image(&mut self, image: &Image, fallback_alt: &str) {
        let alt = clean_label(&image.alt);
        let alt = if alt.is_empty() { fallback_alt } else { alt.as_str() };
        if let Some(href) = self.image_href(image) {
            if alt.is_empty() {
                self.undescribed.insert(image.src.clone());
            }
            let (src, alt) = (escape_attr(&href), escape_attr(alt));
            match self.width_px(image) {
                Some(width) => {
                    self.out.push_str(&format!("<img src=\"{src}\" alt=\"{alt}\" width=\"{width}\"/>"))
                }
                None => self.out.push_str(&format!("<img src=\"{src}\" alt=\"{alt}\"/>")),
            }
            return;
        }
        let shown = if alt.is_empty() { "图" } else { alt };
        self.used(&format!("[{shown}]"));
        self.out.push_str(&format!("<span class=\"image-alt\">[{}]</span>", escape_text(shown)));
        if let Some(resource) = self.resources.get(&image.src) {
            let message = format!(
                "image `{}` is not embedded (its type `{}` is not one EPUB readers must show); its alt text \
                 is shown",
                image.src, resource.media_type
            );
            // One warning per image, however often it is used.
            if !self.diagnostics.iter().any(|d| d.message == message) {
                self.diagnostics.push(Diagnostic::warning(Kind::Resource, message).at("epub"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped_and_illegal_characters_replaced() {
        assert_eq!(escape_text("a<b>&c\u{1}\"d"), "a&lt;b&gt;&amp;c\u{FFFD}\"d");
        assert_eq!(escape_attr("\"x\"&"), "&quot;x&quot;&amp;");
    }
}
