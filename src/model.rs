//! The document model: what every reader produces and every backend consumes.
//!
//! Readers know nothing of outputs and backends know nothing of inputs; this module is the contract between
//! them, so it imports nothing else of ours. Its JSON form (serde, adjacently tagged like pandoc's
//! `{"t": …, "c": …}`) is what `paiban parse --json` prints.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One parsed document: metadata (the title block) and the body.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Document {
    /// Title block and provenance.
    pub meta: Meta,
    /// The body, in reading order. The title block is not repeated here.
    pub blocks: Vec<Block>,
    /// Files the body refers to (images), by key; each [`Image::src`] that is a key here is shown from it,
    /// any other as its alt text. The Markdown reader keys a file by its path below the input folder
    /// (`/`-separated, symbolic links resolved), so every spelling of one file (`a.png`, `./a.png`,
    /// `a.png?v=1`, `%61.png`) shares one resource: read once, decoded once per backend, embedded once per
    /// output. It fills the map only with images it checked (see [`Resource`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub resources: BTreeMap<String, Resource>,
}

/// An image embedded in the document. A reader records it only once the bytes were checked (a decodable
/// header, a sane size, complete data; SVG parsed and sanitised), together with what the check learnt, so
/// that layout and the backends read these fields instead of parsing headers again.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Resource {
    /// IANA media type: `image/png`, `image/jpeg`, `image/gif`, `image/svg+xml`.
    pub media_type: String,
    /// The bytes to embed: the file as read for PNG, JPEG and GIF; for SVG, its sanitised re-serialisation
    /// (no scripts, event handlers or references outside the file), never the file as written.
    pub data: Vec<u8>,
    /// Width in pixels: a raster image's own; an SVG's width in CSS pixels (1/96 inch).
    #[serde(default)]
    pub width_px: u32,
    /// Height in pixels, as for [`Resource::width_px`].
    #[serde(default)]
    pub height_px: u32,
    /// For SVG, a PNG rendering of it for the formats that cannot show SVG (PDF, DOCX); empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub raster: Vec<u8>,
}

/// Document metadata. The title block of a Chinese document (title, speaker, date, series) lives here and
/// each backend renders it from here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Meta {
    /// Main title.
    pub title: Option<String>,
    /// Subtitle, e.g. the `——在…会议上的讲话` line, without its leading dashes.
    pub subtitle: Option<String>,
    /// Authors or speakers, in order.
    pub authors: Vec<Person>,
    /// Date in ISO 8601 (`2022-07-15`, `2026-11` or `2026`).
    pub date: Option<String>,
    /// BCP 47 language tag, e.g. `zh-CN` or `zh-TW`.
    pub lang: String,
    /// Series the document belongs to.
    pub series: Option<Series>,
    /// Issuing body (发文机关).
    pub issuer: Option<String>,
    /// 发文字号 or a decree's number, as written: `国办发〔2018〕114号`, `第707号`.
    pub doc_number: Option<String>,
    /// 密级 as written (`秘密`, `机密★1年`).
    pub classification: Option<String>,
    /// 紧急程度 as written (`特急`, `加急`).
    pub urgency: Option<String>,
    /// A decree's header as written (`某某市人民政府令`, GB/T 9704 §10.2); its number is `doc_number`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decree: Option<String>,
    /// The 发文机关标志 to print as a red 版头 (`某某市人民政府文件`, §7.2.4). Only when asked for (front
    /// matter, `paiban.toml`, `--letterhead`): a red header is the issuing office's mark, never guessed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub letterhead: Option<String>,
    /// The document will be sealed: its closing block leaves the seal room (§7.3.5.1); unsealed (§7.3.5.2)
    /// otherwise.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub sealed: bool,
    /// The 版记's 抄送机关 (§7.4.2), the names without their label: `市委各部门，市人大常委会办公室。`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copy_to: Option<String>,
    /// The 版记's 印发机关 (§7.4.3): `某某市人民政府办公室`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub printed_by: Option<String>,
    /// The 版记's 印发日期 (§7.4.3), ISO 8601.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub printed_on: Option<String>,
    /// Keywords (主题词).
    pub keywords: Vec<String>,
    /// Where the text came from.
    pub source: Source,
    /// Anything else a reader found, by key; `BTreeMap` so output order is stable.
    pub extra: BTreeMap<String, String>,
}

impl Default for Meta {
    fn default() -> Self {
        Meta {
            title: None,
            subtitle: None,
            authors: Vec::new(),
            date: None,
            lang: "zh-CN".to_owned(),
            series: None,
            issuer: None,
            doc_number: None,
            classification: None,
            urgency: None,
            decree: None,
            letterhead: None,
            sealed: false,
            copy_to: None,
            printed_by: None,
            printed_on: None,
            keywords: Vec::new(),
            source: Source::default(),
            extra: BTreeMap::new(),
        }
    }
}

impl Meta {
    /// The title to print, with a `\n` where the source broke it over lines, when it did and the lines
    /// still give this title ([`TITLE_AS_WRITTEN`]); a title setter keeps those breaks where it can.
    /// `None` when the document has no title of its own: a file name is never printed as a title.
    pub fn printed_title(&self) -> Option<String> {
        let title = self.own_title()?;
        Some(match self.extra.get(TITLE_AS_WRITTEN) {
            Some(written) if written.replace('\n', "") == title => written.clone(),
            _ => title.to_owned(),
        })
    }

    /// The document's own title, when it has one.
    pub fn own_title(&self) -> Option<&str> {
        self.title.as_deref().filter(|t| !t.trim().is_empty())
    }

    /// The title to name the file by (a PDF's and an EPUB's metadata, a reader's library): the document's
    /// own, else the source file's stem, else `未命名` ("untitled"). Never printed on a page.
    pub fn display_title(&self) -> String {
        if let Some(title) = self.own_title() {
            return title.to_owned();
        }
        self.source
            .path
            .as_deref()
            .and_then(|p| std::path::Path::new(p).file_stem())
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_else(|| "未命名".to_owned())
    }
}

/// [`Meta::extra`] key: the title over the lines the source gave it, joined by `\n`.
pub const TITLE_AS_WRITTEN: &str = "title_as_written";

/// A person named in the title block: `市委书记  闫晨曦` is `{ name: "闫晨曦", role: "市委书记" }`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Person {
    /// The name as written, without letter-spacing.
    pub name: String,
    /// Office or role, when the document gives one.
    pub role: Option<String>,
}

/// A series line such as `“日新月异”系列№4193`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Series {
    /// Series name.
    pub name: String,
    /// Position in the series.
    pub index: Option<u32>,
}

/// Provenance of the text: the file and how its bytes were decoded.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Source {
    /// Input path as given (relative to the input root where there is one).
    pub path: Option<String>,
    /// Encoding the bytes were decoded from (WHATWG name, e.g. `UTF-8`, `gb18030`, `Big5`, `UTF-16LE`).
    pub encoding: Option<String>,
}

/// A block-level element of the body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", content = "c")]
pub enum Block {
    /// A heading, level 1 (highest) to 6.
    Heading {
        /// 1..=6.
        level: u8,
        /// Heading text, including its own numbering (`一、`) as written.
        content: Vec<Inline>,
    },
    /// A paragraph with its role in the document.
    Paragraph {
        /// What the paragraph is for; decides its style.
        role: Role,
        /// Text of the paragraph.
        content: Vec<Inline>,
    },
    /// A bulleted or numbered list.
    List {
        /// Numbered (true) or bulleted.
        ordered: bool,
        /// First number of an ordered list.
        start: u32,
        /// Items, each a sequence of blocks.
        items: Vec<Vec<Block>>,
    },
    /// A block quotation.
    Quote {
        /// Quoted blocks.
        blocks: Vec<Block>,
    },
    /// Preformatted code.
    Code {
        /// Language tag of a fenced block, if any.
        lang: Option<String>,
        /// The code, lines separated by `\n`, without a trailing newline.
        text: String,
    },
    /// A table.
    Table(Table),
    /// An image with a caption.
    Figure {
        /// The image.
        image: Image,
        /// Caption (may be empty).
        caption: Vec<Inline>,
    },
    /// An attachment (附件) set after the document's closing (GB/T 9704 §7.3.7): a page of its own in
    /// print, a file of its own in an EPUB.
    Attachment {
        /// Its label as written, without trailing punctuation: `附件`, `附件1`, `附件2`.
        label: String,
        /// Its title (may be empty).
        title: Vec<Inline>,
        /// Its text.
        blocks: Vec<Block>,
    },
    /// A thematic break.
    Rule,
    /// A forced page break.
    PageBreak,
}

/// The role of a paragraph. Backends style by role; `Boilerplate` is kept in the model (so nothing is lost
/// silently) but omitted from outputs by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Role {
    /// Ordinary body text.
    #[default]
    Body,
    /// 称谓 / 主送机关: `同志们：`, `各省、自治区、直辖市人民政府：`.
    Salutation,
    /// 署名: the issuer or author at the end.
    Signature,
    /// 成文日期: the date at the end.
    Date,
    /// 附件说明: `附件：1. …`.
    Attachment,
    /// 附注: `（此件公开发布）`.
    Note,
    /// Non-content lines (QR-code captions, site navigation, download ads).
    Boilerplate,
    /// A line of a table of contents printed in the source (`目录`, `第一章　总则`), set as written.
    Contents,
}

/// A table: column alignments, header rows and body rows; each cell is inline content.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Table {
    /// One alignment per column.
    pub columns: Vec<Align>,
    /// Header rows.
    pub head: Vec<Vec<Vec<Inline>>>,
    /// Body rows.
    pub body: Vec<Vec<Vec<Inline>>>,
}

/// Horizontal alignment of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Align {
    /// Not specified: backends use their default.
    #[default]
    Default,
    /// Flush left.
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
}

/// An image reference.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Image {
    /// Which image: once a reader has loaded the file, its key in [`Document::resources`]; as written in
    /// the source where no input folder was known to load it from; empty where the reader refused it
    /// (missing, outside the input folder, remote, damaged, over a limit), having said why in a warning
    /// that names the `src` as written. An empty `src` can never name a resource, so a refused image is
    /// always shown as its alt text, and no backend reports it again.
    pub src: String,
    /// Alternative text, used wherever the image cannot be shown.
    pub alt: String,
}

/// Inline content. There is no `Space` token: Chinese is not space-separated, so a `Text` run keeps its
/// spaces as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", content = "c")]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// Emphasis (着重).
    Emph(Vec<Inline>),
    /// Strong emphasis; also run-in headings such as `一要坚持党的全面领导，`.
    Strong(Vec<Inline>),
    /// Struck-out text.
    Strike(Vec<Inline>),
    /// Superscript (`2<sup>n-1</sup>`): smaller and raised, since `2n-1` would mean something else.
    Superscript(Vec<Inline>),
    /// Subscript (`H<sub>2</sub>O`): smaller and lowered.
    Subscript(Vec<Inline>),
    /// Inline code.
    Code(String),
    /// A hyperlink.
    Link {
        /// Target URL.
        url: String,
        /// Link text.
        content: Vec<Inline>,
    },
    /// An inline image (shown as its alt text where images are not supported inline).
    Image(Image),
    /// A forced line break.
    LineBreak,
    /// A footnote, its body given in place.
    Note(Vec<Block>),
}

impl Block {
    /// A body paragraph holding one text run.
    pub fn paragraph(text: impl Into<String>) -> Block {
        Block::Paragraph { role: Role::Body, content: vec![Inline::Text(text.into())] }
    }

    /// An attachment as a run of plain blocks: its label as an [`Role::Attachment`] line, its title as a
    /// level-1 heading, then its text. What a walk that has no use for the attachment as a whole reads.
    pub fn attachment_parts(label: &str, title: &[Inline], blocks: &[Block]) -> Vec<Block> {
        let mut parts =
            vec![Block::Paragraph { role: Role::Attachment, content: vec![Inline::Text(label.to_owned())] }];
        if !title.is_empty() {
            parts.push(Block::Heading { level: 1, content: title.to_vec() });
        }
        parts.extend(blocks.iter().cloned());
        parts
    }
}

/// The deepest a document may nest: the number of nodes (blocks and inlines) on the longest path from a
/// top-level block down to a leaf. A top-level paragraph of plain text has depth 2; each list item, quote,
/// footnote, emphasis or link around it adds one. Readers flatten anything deeper, with a warning naming the
/// line, so every walk over the model may recurse this deep and no deeper, and the pipeline's workers have a
/// stack sized for it. 32 is far beyond what documents use (Word numbers lists 9 levels deep).
pub const MAX_DEPTH: usize = 32;

impl Document {
    /// The document's nesting depth as [`MAX_DEPTH`] counts it. Iterative, so it answers for any document,
    /// however deep.
    pub fn depth(&self) -> usize {
        let mut deepest = 0;
        let mut pending: Vec<(Node<'_>, usize)> = self.blocks.iter().map(|b| (Node::Block(b), 1)).collect();
        while let Some((node, depth)) = pending.pop() {
            deepest = deepest.max(depth);
            let below = depth + 1;
            match node {
                Node::Block(block) => match block {
                    Block::Heading { content, .. } | Block::Paragraph { content, .. } => {
                        pending.extend(content.iter().map(|i| (Node::Inline(i), below)))
                    }
                    Block::List { items, .. } => {
                        pending.extend(items.iter().flatten().map(|b| (Node::Block(b), below)))
                    }
                    Block::Quote { blocks } => pending.extend(blocks.iter().map(|b| (Node::Block(b), below))),
                    Block::Table(table) => pending.extend(
                        table
                            .head
                            .iter()
                            .chain(&table.body)
                            .flatten()
                            .flatten()
                            .map(|i| (Node::Inline(i), below)),
                    ),
                    Block::Figure { caption, .. } => {
                        pending.extend(caption.iter().map(|i| (Node::Inline(i), below)))
                    }
                    Block::Attachment { title, blocks, .. } => {
                        pending.extend(title.iter().map(|i| (Node::Inline(i), below)));
                        pending.extend(blocks.iter().map(|b| (Node::Block(b), below)));
                    }
                    Block::Code { .. } | Block::Rule | Block::PageBreak => {}
                },
                Node::Inline(inline) => match inline {
                    Inline::Emph(c)
                    | Inline::Strong(c)
                    | Inline::Strike(c)
                    | Inline::Superscript(c)
                    | Inline::Subscript(c)
                    | Inline::Link { content: c, .. } => {
                        pending.extend(c.iter().map(|i| (Node::Inline(i), below)))
                    }
                    Inline::Note(blocks) => pending.extend(blocks.iter().map(|b| (Node::Block(b), below))),
                    Inline::Text(_) | Inline::Code(_) | Inline::Image(_) | Inline::LineBreak => {}
                },
            }
        }
        deepest
    }
}

/// A node of the model, for walks that keep their own stack.
#[derive(Clone, Copy)]
enum Node<'a> {
    Block(&'a Block),
    Inline(&'a Inline),
}

/// The plain text of inline content: markup dropped, line breaks as `\n`, footnotes left out.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain_text(inlines, &mut out);
    out
}

fn push_plain_text(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c) => push_plain_text(c, out),
            Inline::Link { content, .. } => push_plain_text(content, out),
            Inline::Image(image) => out.push_str(&image.alt),
            Inline::LineBreak => out.push('\n'),
            Inline::Note(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_counts_nodes_on_the_longest_path_without_recursing() {
        let text = |t: &str| Inline::Text(t.into());
        let flat = Document { blocks: vec![Block::paragraph("正文")], ..Document::default() };
        assert_eq!(flat.depth(), 2);
        let nested = Document {
            blocks: vec![Block::Quote {
                blocks: vec![Block::Paragraph {
                    role: Role::Body,
                    content: vec![Inline::Emph(vec![text("强调")])],
                }],
            }],
            ..Document::default()
        };
        assert_eq!(nested.depth(), 4);
        // Far deeper than any recursive walk could go on a small stack.
        let mut block = Block::paragraph("底");
        for _ in 0..200_000 {
            block = Block::Quote { blocks: vec![block] };
        }
        let deep = Document { blocks: vec![block], ..Document::default() };
        assert_eq!(deep.depth(), 200_002);
        // Dropping it must not recurse either; the reader never builds one, so take it apart here.
        let mut pending = deep.blocks;
        while let Some(block) = pending.pop() {
            if let Block::Quote { blocks } = block {
                pending.extend(blocks);
            }
        }
    }

    #[test]
    fn plain_text_flattens_markup_and_skips_notes() {
        let content = vec![
            Inline::Strong(vec![Inline::Text("一要".into())]),
            Inline::Text("坚持".into()),
            Inline::Note(vec![Block::paragraph("注")]),
            Inline::Link { url: "https://example.org".into(), content: vec![Inline::Text("链接".into())] },
        ];
        assert_eq!(plain_text(&content), "一要坚持链接");
    }
}
