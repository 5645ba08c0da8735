//! The builder's stack of open elements. Each frame collects what its element holds (blocks, inlines, list
//! items, table rows, code or HTML text) and knows the depth in the model of what it collects. A container
//! that would reach past [`MAX_DEPTH`] is not pushed but flattened into the frame below, which then takes its
//! end events: no input builds a document deeper than the bound, and the stack is the builder's own, so
//! none can exhaust the thread's.

use super::Builder;
use crate::model::{Align, Block, Inline, MAX_DEPTH};
use pulldown_cmark::{BlockQuoteKind, TagEnd};

/// Containers of blocks.
pub(super) enum BlockContainer {
    Root,
    Quote(Option<BlockQuoteKind>),
    Item,
    Footnote(String),
    /// An HTML `<blockquote>` or `<details>`, closed by its end tag (in a later HTML block, perhaps) or by
    /// the end of the Markdown container it is in.
    HtmlQuote,
}

/// Where a paragraph comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Origin {
    /// A Markdown paragraph.
    Markdown,
    /// Text directly inside a tight list item (or any block container): a paragraph that ends with its
    /// container.
    Implicit,
    /// Text of an HTML block: whitespace collapsed as a browser does, trimmed, dropped when empty.
    Html,
}

/// Containers of inlines.
pub(super) enum InlineContainer {
    Paragraph(Origin),
    Heading(u8),
    /// The label line of a quote (`<summary>`), bold when there is depth left for it.
    Label {
        strong: bool,
    },
    Emph,
    Strong,
    Strike,
    Superscript,
    Subscript,
    Link(String),
    Image(String),
    /// Inline code from raw HTML (`<code>`, `<kbd>`): its content becomes the code's text.
    Code,
    Cell,
    /// Markup we keep only the text of.
    Transparent,
    /// Content of an element whose content is not shown (`<script>` and what Markdown nests in it).
    Discard,
}

/// What an open element collects until it ends.
pub(super) enum Frame {
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
    /// An HTML block being collected, and the source offset where it starts.
    Html {
        text: String,
        start: usize,
    },
}

/// An open element of the builder's stack.
pub(super) struct Level {
    pub(super) frame: Frame,
    /// The depth in the model of the nodes this frame collects.
    pub(super) depth: usize,
    /// Markdown containers opened directly inside this one past [`MAX_DEPTH`], and flattened into it: their
    /// end events are counted off here instead of closing this frame.
    pub(super) flattened: usize,
    /// The raw HTML element that opened this frame, which its end tag closes.
    pub(super) html: Option<String>,
}

impl Level {
    /// Whether the frame ends with the Markdown element around it: raw HTML inline elements (which may be
    /// left unclosed) and paragraphs without an end event of their own. HTML quotes end with a container.
    fn ends_with_enclosing(&self, container_end: bool) -> bool {
        match &self.frame {
            Frame::Inlines(InlineContainer::Paragraph(Origin::Implicit | Origin::Html), _) => true,
            Frame::Inlines(..) => self.html.is_some(),
            Frame::Blocks(BlockContainer::HtmlQuote, _) => container_end,
            _ => false,
        }
    }
}

impl Builder {
    /// Opens a block-level frame: whatever inline content was open ends first.
    pub(super) fn open_block(&mut self, frame: Frame, need: usize) {
        self.close_open_inlines();
        self.pending_soft_break = false;
        self.last_char = None;
        self.open(frame, need, None);
    }

    pub(super) fn open_inline(&mut self, container: InlineContainer) {
        self.open(Frame::Inlines(container, Vec::new()), 1, None);
    }

    /// Pushes `frame` if its node, with `need` more levels below it, fits under [`MAX_DEPTH`]; otherwise
    /// flattens it: a Markdown container is counted on the frame below (whose end events it then takes),
    /// an HTML element is simply not opened. Returns whether it was pushed.
    pub(super) fn open(&mut self, frame: Frame, need: usize, html: Option<&str>) -> bool {
        let inline_level = matches!(
            frame,
            Frame::Inlines(
                InlineContainer::Emph
                    | InlineContainer::Strong
                    | InlineContainer::Strike
                    | InlineContainer::Superscript
                    | InlineContainer::Subscript
                    | InlineContainer::Link(_)
                    | InlineContainer::Image(_)
                    | InlineContainer::Code
                    | InlineContainer::Transparent
                    | InlineContainer::Discard,
                _
            )
        );
        if inline_level {
            // Inline markup directly in a tight list item: its paragraph opens first, so that the depth
            // checked is the one the markup will have.
            self.inlines();
        }
        let depth = self.stack.last().map_or(1, |level| level.depth);
        if depth + need > MAX_DEPTH {
            if html.is_none() {
                if let Some(top) = self.stack.last_mut() {
                    top.flattened += 1;
                }
            }
            self.note_flattened();
            return false;
        }
        let below = match &frame {
            // Items and cells are not nodes of the model: their content sits where the list's or table's does.
            Frame::Blocks(BlockContainer::Item, _)
            | Frame::Inlines(
                InlineContainer::Cell | InlineContainer::Transparent | InlineContainer::Discard,
                _,
            ) => depth,
            // A definition is copied to each reference; it is fitted there (footnotes::fit_blocks).
            Frame::Blocks(BlockContainer::Footnote(_), _) => 1,
            Frame::Inlines(InlineContainer::Label { strong: true }, _) => depth + 2,
            _ => depth + 1,
        };
        self.stack.push(Level { frame, depth: below, flattened: 0, html: html.map(str::to_owned) });
        true
    }

    pub(super) fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::TableHead => {
                self.close_open_inlines();
                if let Some(Level { frame: Frame::Table { head, row, .. }, .. }) = self.stack.last_mut() {
                    head.push(std::mem::take(row));
                }
                return;
            }
            TagEnd::TableRow => {
                self.close_open_inlines();
                if let Some(Level { frame: Frame::Table { body, row, .. }, .. }) = self.stack.last_mut() {
                    body.push(std::mem::take(row));
                }
                return;
            }
            _ => {}
        }
        let container_end = matches!(tag, TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition);
        // pulldown-cmark's start and end events nest, so this end belongs to the innermost Markdown element
        // still open: a flattened one counted on the top frame, or the top frame once the frames that end
        // with it (raw HTML elements, implicit paragraphs) are closed.
        while let Some(top) = self.stack.last_mut() {
            if top.flattened > 0 {
                top.flattened -= 1;
                return;
            }
            if !top.ends_with_enclosing(container_end) {
                break;
            }
            self.pop();
        }
        self.pop();
    }

    /// Pops the top frame (never the root, so unbalanced input cannot empty the stack) and folds it into
    /// the one below.
    pub(super) fn pop(&mut self) {
        if self.stack.len() > 1 {
            if let Some(level) = self.stack.pop() {
                self.finish_frame(level);
            }
        }
    }

    /// Closes the inline frames that end with their paragraph: raw HTML inline elements and implicit or
    /// HTML paragraphs (before a block starts, or at the end of an HTML block).
    pub(super) fn close_open_inlines(&mut self) {
        while let Some(top) = self.stack.last() {
            let inline = matches!(top.frame, Frame::Inlines(..));
            if top.flattened > 0 || !inline || !top.ends_with_enclosing(false) {
                return;
            }
            self.pop();
        }
    }

    /// The inline list being filled; text directly inside a block container opens an implicit paragraph.
    /// A block container always has room for one (it was opened only with two levels to spare), so the
    /// paragraph is pushed without a depth check.
    pub(super) fn inlines(&mut self) -> &mut Vec<Inline> {
        if !matches!(self.stack.last(), Some(Level { frame: Frame::Inlines(..), .. })) {
            let depth = self.stack.last().map_or(1, |level| level.depth);
            self.stack.push(Level {
                frame: Frame::Inlines(InlineContainer::Paragraph(Origin::Implicit), Vec::new()),
                depth: depth + 1,
                flattened: 0,
                html: None,
            });
        }
        match self.stack.last_mut() {
            Some(Level { frame: Frame::Inlines(_, inlines), .. }) => inlines,
            _ => unreachable!("an inline frame was just pushed"),
        }
    }

    /// Appends a finished block to the nearest block container.
    pub(super) fn push_block(&mut self, block: Block) {
        for level in self.stack.iter_mut().rev() {
            if let Frame::Blocks(_, blocks) = &mut level.frame {
                blocks.push(block);
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Block, Document, Inline, MAX_DEPTH};
    use crate::read::markdown::read_markdown;
    use crate::read::markdown::tests::read_on_small_stack;

    /// All the text of a document, notes and alt texts included, in reading order; iterative, so it can
    /// check any document.
    fn all_text(doc: &Document) -> String {
        enum Node<'a> {
            Block(&'a Block),
            Inline(&'a Inline),
        }
        let mut out = String::new();
        let mut pending: Vec<Node> = doc.blocks.iter().rev().map(Node::Block).collect();
        while let Some(node) = pending.pop() {
            match node {
                Node::Block(block) => match block {
                    Block::Heading { content, .. } | Block::Paragraph { content, .. } => {
                        pending.extend(content.iter().rev().map(Node::Inline))
                    }
                    Block::List { items, .. } => {
                        pending.extend(items.iter().flatten().rev().map(Node::Block))
                    }
                    Block::Quote { blocks } => pending.extend(blocks.iter().rev().map(Node::Block)),
                    Block::Code { text, .. } => out.push_str(text),
                    Block::Figure { caption, .. } => pending.extend(caption.iter().rev().map(Node::Inline)),
                    other => out.push_str(&format!("{other:?}")),
                },
                Node::Inline(inline) => match inline {
                    Inline::Text(t) | Inline::Code(t) => out.push_str(t),
                    Inline::Emph(c)
                    | Inline::Strong(c)
                    | Inline::Strike(c)
                    | Inline::Superscript(c)
                    | Inline::Subscript(c)
                    | Inline::Link { content: c, .. } => pending.extend(c.iter().rev().map(Node::Inline)),
                    Inline::Image(image) => out.push_str(&image.alt),
                    Inline::LineBreak => out.push('\n'),
                    Inline::Note(blocks) => pending.extend(blocks.iter().rev().map(Node::Block)),
                },
            }
        }
        out
    }

    #[test]
    fn deep_nesting_of_every_kind_is_flattened_with_its_text_and_one_warning() {
        let n = 100_000;
        let wrap = |open: &str, close: &str| format!("{}文字{}\n", open.repeat(n), close.repeat(n));
        // (input, the line the warning names; None where the input nests nothing in the model).
        let cases = [
            (format!("{} 文字\n", ">".repeat(n)), Some(1)),
            (format!("{}文字\n", "- ".repeat(n)), Some(1)),
            (format!("{}文字\n", "1. ".repeat(n)), Some(1)),
            (format!("{}文字\n", "- > ".repeat(n)), Some(1)),
            (wrap("*a ", " a*"), Some(1)),
            (wrap("**a ", " a**"), Some(1)),
            (wrap("~~a ", " a~~"), Some(1)),
            // Links cannot contain links, but image descriptions can hold images.
            (wrap("![a ", "](u)"), Some(1)),
            (wrap("<em>", "</em>"), Some(1)),
            (format!("<div>{}</div>\n", wrap("<del>", "</del>").trim_end()), Some(1)),
            (format!("<div>{}</div>\n", wrap("<blockquote>", "</blockquote>").trim_end()), Some(1)),
            // Thirty HTML quotes fit (a quote needs two levels below it); the 31st is on line 61.
            (format!("{}文字\n\n{}", "<details>\n\n".repeat(n), "</details>\n\n".repeat(n)), Some(61)),
            // Fifteen notes fit, each two levels below the last; the 16th is referred to from line 31.
            (
                format!(
                    "文字[^0]\n\n{}",
                    (0..n).map(|i| format!("[^{i}]: 注{i}[^{}]\n\n", i + 1)).collect::<String>()
                ),
                Some(31),
            ),
        ];
        for (case, (md, line)) in cases.into_iter().enumerate() {
            let (doc, diags) = read_on_small_stack(md);
            assert!(doc.depth() <= MAX_DEPTH, "case {case}: depth {}", doc.depth());
            let text = all_text(&doc);
            assert!(text.contains("文字"), "case {case}: text kept");
            if case == 12 {
                assert!(text.contains(&format!("注{}", n - 1)), "the whole chain's text is kept");
            }
            let flattened: Vec<String> = diags
                .iter()
                .filter(|d| d.message.contains("nested deeper"))
                .map(|d| d.location.clone())
                .collect();
            let expected: Vec<String> = line.map(|line| format!("line {line}")).into_iter().collect();
            assert_eq!(flattened, expected, "case {case}: {diags:?}");
        }
    }

    #[test]
    fn the_issue_example_keeps_its_text_under_the_depth_bound() {
        let (doc, diags) = read_markdown(&format!("{} 文字\n", ">".repeat(63)));
        assert!(doc.depth() <= MAX_DEPTH);
        assert_eq!(all_text(&doc), "文字");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].location, "line 1");
        // Shallow documents are untouched.
        let (doc, diags) = read_markdown(&format!("{} 文字\n", ">".repeat(20)));
        assert!(diags.is_empty());
        assert_eq!(doc.depth(), 22);
    }

    /// A small deterministic generator (xorshift), so the property test needs no dependency and every run
    /// checks the same inputs.
    struct Xorshift(u64);

    impl Xorshift {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    #[test]
    fn generated_nestings_never_exceed_the_depth_bound_and_keep_their_words() {
        const PREFIXES: [&str; 5] = ["> ", "- ", "1. ", "* ", "+ > "];
        const WRAPPERS: [(&str, &str); 9] = [
            ("*", "*"),
            ("**", "**"),
            ("~~", "~~"),
            ("[", "](u)"),
            ("<em>", "</em>"),
            ("<del>", "</del>"),
            ("<a href=\"#x\">", "</a>"),
            ("_", "_"),
            ("<b>", "</b>"),
        ];
        let mut random = Xorshift(0x9E37_79B9_7F4A_7C15);
        for case in 0..400 {
            let wrap = |word: &str, random: &mut Xorshift| {
                let mut text = format!("词{word}");
                for _ in 0..random.below(70) {
                    let (open, close) = WRAPPERS[random.below(WRAPPERS.len())];
                    text = format!("{open}x {text} y{close}");
                }
                text
            };
            let mut md = String::new();
            let details = random.below(40);
            md.push_str(&"<details>\n\n".repeat(details));
            let prefix: String =
                (0..random.below(70)).map(|_| PREFIXES[random.below(PREFIXES.len())]).collect();
            let notes = random.below(30);
            md.push_str(&format!(
                "{prefix}{}{}\n\n",
                wrap("甲", &mut random),
                if notes > 0 { "[^n0]" } else { "" }
            ));
            for i in 0..notes {
                let next = if i + 1 < notes { format!("[^n{}]", i + 1) } else { String::new() };
                md.push_str(&format!("[^n{i}]: {}{next}\n\n", wrap("注", &mut random)));
            }
            md.push_str(&"</details>\n\n".repeat(details));
            let (doc, _) = read_markdown(&md);
            assert!(doc.depth() <= MAX_DEPTH, "case {case}: depth {} for {md:?}", doc.depth());
            let text = all_text(&doc);
            assert!(text.contains("词甲"), "case {case}: {md:?}");
            assert_eq!(text.matches("词注").count(), notes, "case {case}: {md:?}");
        }
    }
}
