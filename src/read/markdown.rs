//! The Markdown reader: CommonMark plus GFM tables and strikethrough, folded from pulldown-cmark's event
//! stream into our [`Document`].
//!
//! First version: headings, paragraphs, emphasis, lists, quotes, code, links, images, tables. Raw HTML is
//! reduced to its text (never passed through) and reported. Front matter is kept, unparsed, in
//! `meta.extra["front_matter"]`. A single leading level-1 heading becomes the title.

use crate::diag::{Diagnostic, Kind};
use crate::model::{Align, Block, Document, Image, Inline, Meta, Role, Table};
use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Parses Markdown text into a document plus diagnostics for anything degraded.
pub fn read_markdown(text: &str) -> (Document, Vec<Diagnostic>) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut builder = Builder::default();
    for event in Parser::new_ext(text, options) {
        builder.event(event);
    }
    builder.finish()
}

/// Containers of blocks.
enum BlockContainer {
    Root,
    Quote,
    Item,
}

/// Containers of inlines.
enum InlineContainer {
    /// A paragraph; `implicit` when pulldown-cmark gave text directly inside a tight list item.
    Paragraph {
        implicit: bool,
    },
    Heading(u8),
    Emph,
    Strong,
    Strike,
    Link(String),
    Image(String),
    Cell,
    /// Markup we keep only the text of (superscript, subscript, …).
    Transparent,
}

enum Frame {
    Blocks(BlockContainer, Vec<Block>),
    Inlines(InlineContainer, Vec<Inline>),
    List {
        ordered: bool,
        start: u32,
        items: Vec<Vec<Block>>,
    },
    Table {
        columns: Vec<Align>,
        head: Vec<Vec<Vec<Inline>>>,
        body: Vec<Vec<Vec<Inline>>>,
        row: Vec<Vec<Inline>>,
    },
    Code {
        lang: Option<String>,
        text: String,
    },
    Html(String),
    Metadata(String),
}

struct Builder {
    stack: Vec<Frame>,
    meta: Meta,
    html_fragments: usize,
    /// A soft line break waiting for the next character to decide between a space and nothing.
    pending_soft_break: bool,
    last_char: Option<char>,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            stack: vec![Frame::Blocks(BlockContainer::Root, Vec::new())],
            meta: Meta::default(),
            html_fragments: 0,
            pending_soft_break: false,
            last_char: None,
        }
    }
}

impl Builder {
    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(&text),
            Event::Code(code) => {
                self.resolve_soft_break(code.chars().next());
                self.note_last_char(&code);
                self.inlines().push(Inline::Code(code.into_string()));
            }
            Event::InlineMath(math) | Event::DisplayMath(math) => self.text(&math),
            Event::Html(html) => self.html_block_text(&html),
            Event::InlineHtml(html) => self.inline_html(&html),
            Event::FootnoteReference(label) => self.text(&format!("[^{label}]")),
            Event::SoftBreak => self.pending_soft_break = true,
            Event::HardBreak => {
                self.pending_soft_break = false;
                self.inlines().push(Inline::LineBreak);
            }
            Event::Rule => {
                self.close_implicit_paragraph();
                self.push_block(Block::Rule);
            }
            Event::TaskListMarker(done) => self.text(if done { "☑ " } else { "☐ " }),
        }
    }

    fn start(&mut self, tag: Tag) {
        let frame = match tag {
            Tag::Paragraph => Frame::Inlines(InlineContainer::Paragraph { implicit: false }, Vec::new()),
            Tag::Heading { level, .. } => {
                Frame::Inlines(InlineContainer::Heading(heading_level(level)), Vec::new())
            }
            Tag::BlockQuote(_) => Frame::Blocks(BlockContainer::Quote, Vec::new()),
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().map(str::to_owned),
                    CodeBlockKind::Indented => None,
                };
                Frame::Code { lang, text: String::new() }
            }
            Tag::HtmlBlock => Frame::Html(String::new()),
            Tag::List(start) => Frame::List {
                ordered: start.is_some(),
                start: start.and_then(|n| u32::try_from(n).ok()).unwrap_or(1),
                items: Vec::new(),
            },
            Tag::Item => Frame::Blocks(BlockContainer::Item, Vec::new()),
            Tag::Table(alignments) => Frame::Table {
                columns: alignments.into_iter().map(align).collect(),
                head: Vec::new(),
                body: Vec::new(),
                row: Vec::new(),
            },
            Tag::TableHead | Tag::TableRow => return,
            Tag::TableCell => Frame::Inlines(InlineContainer::Cell, Vec::new()),
            Tag::Emphasis => Frame::Inlines(InlineContainer::Emph, Vec::new()),
            Tag::Strong => Frame::Inlines(InlineContainer::Strong, Vec::new()),
            Tag::Strikethrough => Frame::Inlines(InlineContainer::Strike, Vec::new()),
            Tag::Link { dest_url, .. } => {
                Frame::Inlines(InlineContainer::Link(dest_url.into_string()), Vec::new())
            }
            Tag::Image { dest_url, .. } => {
                Frame::Inlines(InlineContainer::Image(dest_url.into_string()), Vec::new())
            }
            Tag::MetadataBlock(_) => Frame::Metadata(String::new()),
            // Not enabled or not in the model yet: keep their text.
            _ => Frame::Inlines(InlineContainer::Transparent, Vec::new()),
        };
        let opens_block = matches!(
            frame,
            Frame::Blocks(..)
                | Frame::List { .. }
                | Frame::Table { .. }
                | Frame::Code { .. }
                | Frame::Html(_)
                | Frame::Metadata(_)
                | Frame::Inlines(InlineContainer::Paragraph { .. } | InlineContainer::Heading(_), _)
        );
        if opens_block {
            self.close_implicit_paragraph();
            self.pending_soft_break = false;
            self.last_char = None;
        }
        self.stack.push(frame);
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::TableHead => {
                if let Some(Frame::Table { head, row, .. }) = self.stack.last_mut() {
                    head.push(std::mem::take(row));
                }
                return;
            }
            TagEnd::TableRow => {
                if let Some(Frame::Table { body, row, .. }) = self.stack.last_mut() {
                    body.push(std::mem::take(row));
                }
                return;
            }
            TagEnd::Item | TagEnd::BlockQuote(_) => self.close_implicit_paragraph(),
            _ => {}
        }
        // The root frame is never popped, so unbalanced input cannot empty the stack.
        if self.stack.len() <= 1 {
            return;
        }
        let Some(frame) = self.stack.pop() else { return };
        self.finish_frame(frame);
    }

    fn finish_frame(&mut self, frame: Frame) {
        match frame {
            Frame::Blocks(BlockContainer::Quote, blocks) => self.push_block(Block::Quote { blocks }),
            Frame::Blocks(BlockContainer::Item, blocks) => match self.stack.last_mut() {
                Some(Frame::List { items, .. }) => items.push(blocks),
                _ => blocks.into_iter().for_each(|b| self.push_block(b)),
            },
            Frame::Blocks(BlockContainer::Root, blocks) => {
                blocks.into_iter().for_each(|b| self.push_block(b))
            }
            Frame::List { ordered, start, items } => self.push_block(Block::List { ordered, start, items }),
            Frame::Table { columns, head, body, .. } => {
                self.push_block(Block::Table(Table { columns, head, body }))
            }
            Frame::Code { lang, mut text } => {
                if text.ends_with('\n') {
                    text.pop();
                }
                self.push_block(Block::Code { lang, text });
            }
            Frame::Html(html) => {
                let text = strip_tags(&html);
                if !text.trim().is_empty() {
                    self.push_block(Block::paragraph(text.trim()));
                }
            }
            Frame::Metadata(text) => {
                self.meta.extra.insert("front_matter".to_owned(), text.trim_end().to_owned());
            }
            Frame::Inlines(kind, content) => self.finish_inlines(kind, content),
        }
    }

    fn finish_inlines(&mut self, kind: InlineContainer, content: Vec<Inline>) {
        self.pending_soft_break = false;
        let inline = match kind {
            InlineContainer::Paragraph { .. } => {
                let block = match content.as_slice() {
                    [Inline::Image(image)] => {
                        let caption = vec![Inline::Text(image.alt.clone())];
                        Block::Figure { image: image.clone(), caption }
                    }
                    _ => Block::Paragraph { role: Role::Body, content },
                };
                return self.push_block(block);
            }
            InlineContainer::Heading(level) => return self.push_block(Block::Heading { level, content }),
            InlineContainer::Cell => {
                if let Some(Frame::Table { row, .. }) = self.stack.last_mut() {
                    row.push(content);
                }
                return;
            }
            InlineContainer::Emph => Inline::Emph(content),
            InlineContainer::Strong => Inline::Strong(content),
            InlineContainer::Strike => Inline::Strike(content),
            InlineContainer::Link(url) => Inline::Link { url, content },
            InlineContainer::Image(src) => {
                Inline::Image(Image { src, alt: crate::model::plain_text(&content) })
            }
            InlineContainer::Transparent => {
                self.inlines().extend(content);
                return;
            }
        };
        self.inlines().push(inline);
    }

    fn text(&mut self, text: &str) {
        match self.stack.last_mut() {
            Some(Frame::Code { text: code, .. }) => return code.push_str(text),
            Some(Frame::Html(html)) => return html.push_str(text),
            Some(Frame::Metadata(meta)) => return meta.push_str(text),
            _ => {}
        }
        self.resolve_soft_break(text.chars().next());
        self.note_last_char(text);
        let inlines = self.inlines();
        if let Some(Inline::Text(previous)) = inlines.last_mut() {
            previous.push_str(text);
        } else {
            inlines.push(Inline::Text(text.to_owned()));
        }
    }

    /// A soft break between two East Asian wide characters disappears; elsewhere it is a space (the rule
    /// of pandoc's `east_asian_line_breaks`).
    fn resolve_soft_break(&mut self, next: Option<char>) {
        if !std::mem::take(&mut self.pending_soft_break) {
            return;
        }
        let joins_cjk = self.last_char.is_some_and(is_wide) && next.is_some_and(is_wide);
        if !joins_cjk {
            let inlines = self.inlines();
            match inlines.last_mut() {
                Some(Inline::Text(previous)) => previous.push(' '),
                _ => inlines.push(Inline::Text(" ".to_owned())),
            }
        }
    }

    fn note_last_char(&mut self, text: &str) {
        if let Some(ch) = text.chars().next_back() {
            self.last_char = Some(ch);
        }
    }

    fn inline_html(&mut self, html: &str) {
        let tag = html.trim().to_ascii_lowercase();
        if tag.starts_with("<br") {
            self.pending_soft_break = false;
            self.inlines().push(Inline::LineBreak);
        } else if !tag.starts_with("<!--") {
            self.html_fragments += 1;
        }
    }

    fn html_block_text(&mut self, html: &str) {
        if let Some(Frame::Html(buffer)) = self.stack.last_mut() {
            buffer.push_str(html);
        }
        if !html.trim_start().starts_with("<!--") {
            self.html_fragments += 1;
        }
    }

    /// The inline list being filled; text directly inside a block container opens an implicit paragraph.
    fn inlines(&mut self) -> &mut Vec<Inline> {
        if !matches!(self.stack.last(), Some(Frame::Inlines(..))) {
            self.stack.push(Frame::Inlines(InlineContainer::Paragraph { implicit: true }, Vec::new()));
        }
        match self.stack.last_mut() {
            Some(Frame::Inlines(_, inlines)) => inlines,
            _ => unreachable!("an inline frame was just pushed"),
        }
    }

    fn close_implicit_paragraph(&mut self) {
        if matches!(self.stack.last(), Some(Frame::Inlines(InlineContainer::Paragraph { implicit: true }, _)))
        {
            if let Some(frame) = self.stack.pop() {
                self.finish_frame(frame);
            }
        }
    }

    /// Appends a finished block to the nearest block container.
    fn push_block(&mut self, block: Block) {
        for frame in self.stack.iter_mut().rev() {
            if let Frame::Blocks(_, blocks) = frame {
                blocks.push(block);
                return;
            }
        }
    }

    fn finish(mut self) -> (Document, Vec<Diagnostic>) {
        while self.stack.len() > 1 {
            if let Some(frame) = self.stack.pop() {
                self.finish_frame(frame);
            }
        }
        let blocks = match self.stack.pop() {
            Some(Frame::Blocks(_, blocks)) => blocks,
            _ => Vec::new(),
        };
        let mut diagnostics = Vec::new();
        if self.html_fragments > 0 {
            diagnostics.push(Diagnostic::warning(
                Kind::Unsupported,
                format!("{} raw HTML fragment(s) reduced to their text", self.html_fragments),
            ));
        }
        let mut document = Document { meta: self.meta, blocks, ..Document::default() };
        crate::transform::promote_title(&mut document);
        (document, diagnostics)
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn align(alignment: Alignment) -> Align {
    match alignment {
        Alignment::None => Align::Default,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}

/// East Asian wide characters: hanzi, kana, hangul, CJK punctuation and full-width forms.
fn is_wide(ch: char) -> bool {
    matches!(ch,
        '\u{1100}'..='\u{115F}' | '\u{2E80}'..='\u{303E}' | '\u{3041}'..='\u{33FF}' | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}' | '\u{A960}'..='\u{A97F}' | '\u{AC00}'..='\u{D7A3}' | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}' | '\u{FF00}'..='\u{FF60}' | '\u{FFE0}'..='\u{FFE6}' | '\u{20000}'..='\u{3FFFD}'
        | '“' | '”' | '‘' | '’' | '—' | '…' | '·')
}

/// The text of an HTML fragment: tags and comments removed, entities left as written.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        let close = if after.starts_with("<!--") {
            after.find("-->").map(|i| i + 3)
        } else {
            after.find('>').map(|i| i + 1)
        };
        match close {
            Some(end) => rest = &after[end..],
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::plain_text;

    #[test]
    fn headings_paragraphs_and_emphasis() {
        let (doc, diags) = read_markdown("# 标题\n\n## 小节\n\n正文**加粗**和*强调*，`code`。\n");
        assert!(diags.is_empty());
        assert_eq!(doc.meta.title.as_deref(), Some("标题"));
        assert_eq!(doc.blocks.len(), 2);
        assert!(matches!(&doc.blocks[0], Block::Heading { level: 1, .. }));
        let Block::Paragraph { content, .. } = &doc.blocks[1] else { panic!("paragraph expected") };
        assert!(matches!(content[1], Inline::Strong(_)));
        assert!(matches!(content[3], Inline::Emph(_)));
        assert_eq!(plain_text(content), "正文加粗和强调，code。");
    }

    #[test]
    fn soft_breaks_vanish_between_hanzi_but_stay_spaces_between_words() {
        let (doc, _) = read_markdown("中文段落\n继续写。\n\nEnglish words\nwrap here.\n");
        let texts: Vec<String> = doc
            .blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph { content, .. } => plain_text(content),
                _ => String::new(),
            })
            .collect();
        assert_eq!(texts, ["中文段落继续写。", "English words wrap here."]);
    }

    #[test]
    fn nested_lists_quotes_code_and_tables() {
        let md = "1. 一\n2. 二\n   - 甲\n\n> 引用\n\n```rust\nfn main() {}\n```\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n";
        let (doc, _) = read_markdown(md);
        let Block::List { ordered: true, start: 1, items } = &doc.blocks[0] else { panic!("list") };
        assert_eq!(items.len(), 2);
        assert!(matches!(items[1].last(), Some(Block::List { ordered: false, .. })));
        assert!(matches!(&doc.blocks[1], Block::Quote { blocks } if blocks.len() == 1));
        assert!(
            matches!(&doc.blocks[2], Block::Code { lang: Some(l), text } if l == "rust" && text == "fn main() {}")
        );
        let Block::Table(table) = &doc.blocks[3] else { panic!("table") };
        assert_eq!(table.columns, [Align::Left, Align::Right]);
        assert_eq!(table.head.len(), 1);
        assert_eq!(table.body.len(), 1);
    }

    #[test]
    fn links_and_lone_images() {
        let (doc, _) = read_markdown("见[文档](https://example.org)。\n\n![图一](a.png)\n");
        let Block::Paragraph { content, .. } = &doc.blocks[0] else { panic!("paragraph") };
        assert!(matches!(&content[1], Inline::Link { url, .. } if url == "https://example.org"));
        assert!(
            matches!(&doc.blocks[1], Block::Figure { image, .. } if image.src == "a.png" && image.alt == "图一")
        );
    }

    #[test]
    fn raw_html_is_reduced_to_text_and_reported() {
        let (doc, diags) =
            read_markdown("<div align=\"center\">\n<b>居中</b>\n</div>\n\n文字<span>内</span>\n");
        let all: Vec<String> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph { content, .. } => Some(plain_text(content)),
                _ => None,
            })
            .collect();
        assert!(all.iter().any(|t| t.contains("居中")), "{all:?}");
        assert!(all.iter().any(|t| t == "文字内"), "{all:?}");
        assert_eq!(diags.len(), 1);
    }

    #[test]
    fn front_matter_is_kept_not_rendered() {
        let (doc, _) = read_markdown("---\ntitle: 测试\n---\n\n正文\n");
        assert_eq!(doc.meta.extra.get("front_matter").map(String::as_str), Some("title: 测试"));
        assert_eq!(doc.blocks.len(), 1);
    }
}
