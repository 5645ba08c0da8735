//! Markdown elements in and out of the stack: a start tag opens the frame that collects the element's
//! content (checked against the depth bound), and a frame that ends folds into the one below as what the
//! model makes of it: a block, an inline, a list item, a table cell or a footnote definition.

use super::stack::{BlockContainer, Frame, InlineContainer, Level, Origin};
use super::{callouts, Builder};
use crate::model::{plain_text, Align, Block, Image, Inline, Role, Table};
use pulldown_cmark::{Alignment, CodeBlockKind, HeadingLevel, LinkType, Tag};

impl Builder {
    pub(super) fn start(&mut self, tag: Tag) {
        let inline_container = matches!(
            tag,
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
        );
        if inline_container && self.hidden.is_some() {
            self.open(Frame::Inlines(InlineContainer::Discard, Vec::new()), 0, None);
            return;
        }
        match tag {
            Tag::Paragraph => {
                self.open_block(Frame::Inlines(InlineContainer::Paragraph(Origin::Markdown), Vec::new()), 1)
            }
            Tag::Heading { level, .. } => {
                self.open_block(Frame::Inlines(InlineContainer::Heading(heading_level(level)), Vec::new()), 1)
            }
            Tag::BlockQuote(kind) => {
                self.open_block(Frame::Blocks(BlockContainer::Quote(kind), Vec::new()), 2)
            }
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().map(str::to_owned),
                    CodeBlockKind::Indented => None,
                };
                self.open_block(Frame::Code { lang, text: String::new() }, 0)
            }
            Tag::HtmlBlock => self.open_block(Frame::Html { text: String::new(), start: self.offset }, 0),
            Tag::List(start) => self.open_block(
                Frame::List {
                    ordered: start.is_some(),
                    start: start.and_then(|n| u32::try_from(n).ok()).unwrap_or(1),
                    items: Vec::new(),
                },
                2,
            ),
            Tag::Item => {
                self.close_open_inlines();
                if matches!(self.stack.last(), Some(Level { frame: Frame::List { .. }, .. })) {
                    self.open(Frame::Blocks(BlockContainer::Item, Vec::new()), 0, None);
                } else if let Some(top) = self.stack.last_mut() {
                    // The item of a flattened list: its blocks go where the list's went.
                    top.flattened += 1;
                }
            }
            Tag::FootnoteDefinition(label) => {
                self.open_block(Frame::Blocks(BlockContainer::Footnote(label.into_string()), Vec::new()), 0)
            }
            Tag::Table(alignments) => self.open_block(
                Frame::Table {
                    columns: alignments.into_iter().map(align).collect(),
                    head: Vec::new(),
                    body: Vec::new(),
                    row: Vec::new(),
                },
                1,
            ),
            Tag::TableHead | Tag::TableRow => {}
            Tag::TableCell => {
                self.open(Frame::Inlines(InlineContainer::Cell, Vec::new()), 0, None);
            }
            Tag::Emphasis => self.open_inline(InlineContainer::Emph),
            Tag::Strong => self.open_inline(InlineContainer::Strong),
            Tag::Strikethrough => self.open_inline(InlineContainer::Strike),
            Tag::Link { link_type, dest_url, title, .. } => {
                if !title.is_empty() {
                    self.note_title();
                }
                let url = match link_type {
                    // `<foo@bar.example.com>`: pulldown-cmark gives the bare address.
                    LinkType::Email if !dest_url.to_ascii_lowercase().starts_with("mailto:") => {
                        format!("mailto:{dest_url}")
                    }
                    _ => dest_url.into_string(),
                };
                self.open_inline(InlineContainer::Link(url))
            }
            Tag::Image { dest_url, title, .. } => {
                if !title.is_empty() {
                    self.note_title();
                }
                self.open(
                    Frame::Inlines(InlineContainer::Image(dest_url.into_string()), Vec::new()),
                    0,
                    None,
                );
            }
            // Not enabled or not in the model yet: keep their text.
            _ => {
                self.open(Frame::Inlines(InlineContainer::Transparent, Vec::new()), 0, None);
            }
        }
    }

    pub(super) fn finish_frame(&mut self, level: Level) {
        let Level { frame, depth, html, .. } = level;
        match frame {
            Frame::Blocks(BlockContainer::Quote(kind), mut blocks) => {
                if let Some(kind) = kind {
                    let label = vec![Inline::Text(callouts::alert_label(kind).to_owned())];
                    blocks.insert(0, self.label_paragraph(label, depth));
                }
                self.push_block(Block::Quote { blocks })
            }
            Frame::Blocks(BlockContainer::HtmlQuote, blocks) => self.push_block(Block::Quote { blocks }),
            Frame::Blocks(BlockContainer::Footnote(label), blocks) => {
                let line = self.line();
                self.footnotes.define(label, blocks, line)
            }
            Frame::Blocks(BlockContainer::Item, blocks) => match self.stack.last_mut() {
                Some(Level { frame: Frame::List { items, .. }, .. }) => items.push(blocks),
                _ => blocks.into_iter().for_each(|b| self.push_block(b)),
            },
            Frame::Blocks(BlockContainer::Root, blocks) => {
                blocks.into_iter().for_each(|b| self.push_block(b))
            }
            Frame::List { ordered, start, items } => self.push_block(Block::List { ordered, start, items }),
            Frame::Table { columns, head, body, .. } => {
                self.push_block(Block::Table(Table { columns, head, body }))
            }
            Frame::Code { lang, text } => {
                let text = if html.is_some() {
                    // `<pre>`: HTML ignores the line break right after the start tag; the last one too here.
                    text.trim_start_matches(['\r', '\n']).trim_end().to_owned()
                } else {
                    text.strip_suffix('\n').map(str::to_owned).unwrap_or(text)
                };
                self.push_block(Block::Code { lang, text });
            }
            Frame::Html { text, start } => self.html_block(&text, start),
            Frame::Inlines(kind, content) => self.finish_inlines(kind, content, depth, html.is_some()),
        }
    }

    /// Folds finished inline content; `depth` is where the content sits, `from_html` whether raw HTML
    /// opened the frame.
    fn finish_inlines(
        &mut self,
        kind: InlineContainer,
        mut content: Vec<Inline>,
        depth: usize,
        from_html: bool,
    ) {
        self.pending_soft_break = false;
        let inline = match kind {
            InlineContainer::Paragraph(origin) => {
                // Hidden content begun inside a paragraph ends with it.
                self.hidden = None;
                if origin == Origin::Html {
                    trim_inlines(&mut content);
                    if content.is_empty() {
                        return;
                    }
                }
                if let Some(quote) = self.docsify_callout(&mut content, depth) {
                    return self.push_block(quote);
                }
                let block = match content.as_slice() {
                    [Inline::Image(image)] => {
                        let caption = vec![Inline::Text(image.alt.clone())];
                        Block::Figure { image: image.clone(), caption }
                    }
                    _ => Block::Paragraph { role: Role::Body, content },
                };
                return self.push_block(block);
            }
            InlineContainer::Heading(level) => {
                self.hidden = None;
                if from_html {
                    trim_inlines(&mut content);
                }
                return self.push_block(Block::Heading { level, content });
            }
            InlineContainer::Label { strong } => {
                trim_inlines(&mut content);
                if !content.is_empty() {
                    let content = if strong { vec![Inline::Strong(content)] } else { content };
                    self.push_block(Block::Paragraph { role: Role::Body, content });
                }
                return;
            }
            InlineContainer::Cell => {
                self.hidden = None;
                if let Some(Level { frame: Frame::Table { row, .. }, .. }) = self.stack.last_mut() {
                    row.push(content);
                }
                return;
            }
            // `<em></em>`, `<a href="x"></a>` and the like show nothing.
            InlineContainer::Emph
            | InlineContainer::Strong
            | InlineContainer::Strike
            | InlineContainer::Superscript
            | InlineContainer::Subscript
            | InlineContainer::Code
            | InlineContainer::Link(_)
                if from_html && content.is_empty() =>
            {
                return
            }
            InlineContainer::Emph => Inline::Emph(content),
            InlineContainer::Strong => Inline::Strong(content),
            InlineContainer::Strike => Inline::Strike(content),
            InlineContainer::Superscript => Inline::Superscript(content),
            InlineContainer::Subscript => Inline::Subscript(content),
            InlineContainer::Code => Inline::Code(plain_text(&content)),
            InlineContainer::Link(url) => Inline::Link { url, content },
            InlineContainer::Image(src) => Inline::Image(Image { src, alt: plain_text(&content) }),
            InlineContainer::Transparent => {
                self.inlines().extend(content);
                return;
            }
            InlineContainer::Discard => return,
        };
        self.inlines().push(inline);
    }
}

/// Removes leading and trailing spaces of an inline run.
fn trim_inlines(inlines: &mut Vec<Inline>) {
    if let Some(Inline::Text(t)) = inlines.first_mut() {
        *t = t.trim_start().to_owned();
    }
    if let Some(Inline::Text(t)) = inlines.last_mut() {
        *t = t.trim_end().to_owned();
    }
    inlines.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
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

#[cfg(test)]
mod tests {
    use crate::model::{Align, Block, Inline};
    use crate::read::markdown::read_markdown;
    use crate::read::markdown::tests::texts;

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
    fn nested_quotes_in_lists_and_lists_in_quotes() {
        let (doc, _) = read_markdown("> 外层\n>\n> > 内层\n>\n> - 项\n\n- 列表\n\n  > 引用\n");
        assert_eq!(
            texts(&doc.blocks),
            [
                "QUOTE",
                "  P 外层",
                "  QUOTE",
                "    P 内层",
                "  ITEM",
                "    P 项",
                "ITEM",
                "  P 列表",
                "  QUOTE",
                "    P 引用"
            ]
        );
    }
}
