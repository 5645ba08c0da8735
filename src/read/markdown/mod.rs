//! The Markdown reader: CommonMark plus GFM (tables, strikethrough, task lists, footnotes, alerts), folded
//! from pulldown-cmark's event stream into our [`Document`].
//!
//! pulldown-cmark rather than comrak: it streams events we fold into our own model directly, with no
//! intermediate arena AST, and its GFM coverage (alerts included) is all we need.
//!
//! Beyond the events: front matter is parsed into [`Meta`] ([`front_matter`]); raw HTML is reduced to a safe
//! subset ([`html`]); docsify callouts (`!>`, `?>`) and GitHub alerts become labelled quotes; footnotes are
//! placed where they are referenced (`Inline::Note`); bare `http(s)://` URLs become links; images are
//! loaded from inside the input root only ([`resources`]); a single leading level-1 heading becomes the title.

pub mod front_matter;
pub mod html;
pub mod resources;

use crate::diag::{Diagnostic, Kind};
use crate::model::{plain_text, Align, Block, Document, Image, Inline, Meta, Role, Table};
use front_matter::Syntax;
use html::{Piece, Treatment};
use pulldown_cmark::{
    Alignment, BlockQuoteKind, CodeBlockKind, Event, HeadingLevel, MetadataBlockKind, Options, Parser, Tag,
    TagEnd,
};
pub use resources::ImageBase;
use std::collections::{BTreeMap, BTreeSet};

/// Parses Markdown text into a document plus diagnostics for anything degraded. Images are not loaded
/// (there is no folder to load them from); see [`read_markdown_with`].
pub fn read_markdown(text: &str) -> (Document, Vec<Diagnostic>) {
    read_markdown_with(text, None)
}

/// Parses Markdown text; images are loaded from `images` (the file's folder, confined to the input root)
/// into [`Document::resources`].
pub fn read_markdown_with(text: &str, images: Option<ImageBase<'_>>) -> (Document, Vec<Diagnostic>) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_GFM
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut builder = Builder::default();
    for event in Parser::new_ext(text, options) {
        builder.event(event);
    }
    let (mut document, mut diagnostics) = builder.finish();
    diagnostics.extend(resources::load_images(&mut document, images));
    (document, diagnostics)
}

/// Marks a footnote reference until the definitions are known: definitions may follow their references.
/// A NUL cannot come from Markdown (CommonMark replaces it), so no fenced block can forge this.
const FOOTNOTE_MARK: &str = "\0paiban-footnote";

/// Containers of blocks.
enum BlockContainer {
    Root,
    Quote(Option<BlockQuoteKind>),
    Item,
    Footnote(String),
    /// An HTML `<details>` element, closed by `</details>`.
    Details,
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
    Metadata(Syntax, String),
}

struct Builder {
    stack: Vec<Frame>,
    meta: Meta,
    /// Unsupported HTML elements dropped (their text kept, or hidden for scripts).
    html_fragments: usize,
    footnotes: BTreeMap<String, Vec<Block>>,
    diagnostics: Vec<Diagnostic>,
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
            footnotes: BTreeMap::new(),
            diagnostics: Vec::new(),
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
            Event::Html(html) => {
                if let Some(Frame::Html(buffer)) = self.stack.last_mut() {
                    buffer.push_str(&html);
                }
            }
            Event::InlineHtml(html) => self.inline_html(&html),
            Event::FootnoteReference(label) => {
                self.resolve_soft_break(Some('['));
                self.last_char = Some(']');
                let mark = Block::Code { lang: Some(FOOTNOTE_MARK.to_owned()), text: label.into_string() };
                self.inlines().push(Inline::Note(vec![mark]));
            }
            Event::SoftBreak => self.pending_soft_break = true,
            Event::HardBreak => {
                self.pending_soft_break = false;
                self.inlines().push(Inline::LineBreak);
            }
            Event::Rule => {
                self.close_implicit_paragraph();
                self.push_block(Block::Rule);
            }
            // The model has no checkbox; the ballot box characters say the same in every output.
            Event::TaskListMarker(done) => self.text(if done { "☑ " } else { "☐ " }),
        }
    }

    fn start(&mut self, tag: Tag) {
        let frame = match tag {
            Tag::Paragraph => Frame::Inlines(InlineContainer::Paragraph { implicit: false }, Vec::new()),
            Tag::Heading { level, .. } => {
                Frame::Inlines(InlineContainer::Heading(heading_level(level)), Vec::new())
            }
            Tag::BlockQuote(kind) => Frame::Blocks(BlockContainer::Quote(kind), Vec::new()),
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
            Tag::FootnoteDefinition(label) => {
                Frame::Blocks(BlockContainer::Footnote(label.into_string()), Vec::new())
            }
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
            Tag::MetadataBlock(kind) => {
                let syntax = match kind {
                    MetadataBlockKind::YamlStyle => Syntax::Yaml,
                    MetadataBlockKind::PlusesStyle => Syntax::Toml,
                };
                Frame::Metadata(syntax, String::new())
            }
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
                | Frame::Metadata(..)
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
            TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition => {
                self.close_implicit_paragraph();
                // A `<details>` left open inside this container ends with it.
                self.close_open_details();
            }
            _ => {}
        }
        // The root frame is never popped, so unbalanced input cannot empty the stack.
        if self.stack.len() <= 1 {
            return;
        }
        let Some(frame) = self.stack.pop() else { return };
        self.finish_frame(frame);
    }

    fn close_open_details(&mut self) {
        while self.stack.len() > 1
            && matches!(self.stack.last(), Some(Frame::Blocks(BlockContainer::Details, _)))
        {
            if let Some(frame) = self.stack.pop() {
                self.finish_frame(frame);
            }
            self.close_implicit_paragraph();
        }
    }

    fn finish_frame(&mut self, frame: Frame) {
        match frame {
            Frame::Blocks(BlockContainer::Quote(kind), mut blocks) => {
                if let Some(kind) = kind {
                    blocks.insert(0, label_paragraph(vec![Inline::Text(alert_label(kind).to_owned())]));
                }
                self.push_block(Block::Quote { blocks })
            }
            Frame::Blocks(BlockContainer::Details, blocks) => self.push_block(Block::Quote { blocks }),
            Frame::Blocks(BlockContainer::Footnote(label), blocks) => {
                self.footnotes.entry(label).or_insert(blocks);
            }
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
            Frame::Html(html) => self.html_block(&html),
            Frame::Metadata(syntax, text) => {
                let diagnostics = front_matter::apply(&text, syntax, &mut self.meta);
                self.diagnostics.extend(diagnostics);
            }
            Frame::Inlines(kind, content) => self.finish_inlines(kind, content),
        }
    }

    fn finish_inlines(&mut self, kind: InlineContainer, mut content: Vec<Inline>) {
        self.pending_soft_break = false;
        let inline = match kind {
            InlineContainer::Paragraph { .. } => {
                if let Some(label) = strip_docsify_callout(&mut content) {
                    let paragraph = Block::Paragraph { role: Role::Body, content };
                    let label = label_paragraph(vec![Inline::Text(label.to_owned())]);
                    return self.push_block(Block::Quote { blocks: vec![label, paragraph] });
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
            InlineContainer::Image(src) => Inline::Image(Image { src, alt: plain_text(&content) }),
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
            Some(Frame::Metadata(_, meta)) => return meta.push_str(text),
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

    /// Inline HTML arrives one tag at a time: `<br>` breaks the line, the safe subset vanishes silently
    /// (its text arrives as ordinary text events), every other tag vanishes and is counted.
    fn inline_html(&mut self, html: &str) {
        for piece in html::scan(html) {
            match piece {
                Piece::Text(text) => self.text(&text),
                Piece::Tag { name, .. } if name == "br" => {
                    self.pending_soft_break = false;
                    self.inlines().push(Inline::LineBreak);
                }
                Piece::Tag { name, closing } => {
                    if !closing && html::treatment(&name) != Treatment::Safe {
                        self.html_fragments += 1;
                    }
                }
            }
        }
    }

    /// An HTML block: its text becomes paragraphs, `<details>` opens a quote that `</details>` (in a later
    /// block) closes, `<summary>` becomes the quote's bold label line.
    fn html_block(&mut self, html: &str) {
        let mut inlines: Vec<Inline> = Vec::new();
        let mut summary: Option<Vec<Inline>> = None;
        let mut hidden = 0usize;
        for piece in html::scan(html) {
            match piece {
                Piece::Text(text) if hidden == 0 => {
                    push_html_text(summary.as_mut().unwrap_or(&mut inlines), &text)
                }
                Piece::Text(_) => {}
                Piece::Tag { name, closing } => match (html::treatment(&name), name.as_str(), closing) {
                    (Treatment::Hidden, _, false) => {
                        hidden += 1;
                        self.html_fragments += 1;
                    }
                    (Treatment::Hidden, _, true) => hidden = hidden.saturating_sub(1),
                    (_, "br", _) => summary.as_mut().unwrap_or(&mut inlines).push(Inline::LineBreak),
                    (_, "details", false) => {
                        self.flush_html_paragraph(&mut inlines);
                        self.close_implicit_paragraph();
                        self.stack.push(Frame::Blocks(BlockContainer::Details, Vec::new()));
                    }
                    (_, "details", true) => {
                        self.flush_html_paragraph(&mut inlines);
                        self.close_implicit_paragraph();
                        if let Some(frame) =
                            self.stack.pop_if(|f| matches!(f, Frame::Blocks(BlockContainer::Details, _)))
                        {
                            self.finish_frame(frame);
                        }
                    }
                    (_, "summary", false) => {
                        self.flush_html_paragraph(&mut inlines);
                        summary = Some(Vec::new());
                    }
                    (_, "summary", true) => {
                        if let Some(label) = summary.take() {
                            self.push_label(label);
                        }
                    }
                    (Treatment::Safe, ..) => {}
                    (Treatment::Unsupported, name, _) => {
                        if !closing {
                            self.html_fragments += 1;
                        }
                        if is_block_element(name) {
                            self.flush_html_paragraph(summary.as_mut().unwrap_or(&mut inlines));
                        }
                    }
                },
            }
        }
        if let Some(label) = summary.take() {
            self.push_label(label);
        }
        self.flush_html_paragraph(&mut inlines);
    }

    fn push_label(&mut self, mut label: Vec<Inline>) {
        trim_inlines(&mut label);
        if !plain_text(&label).trim().is_empty() {
            self.push_block(label_paragraph(label));
        }
    }

    fn flush_html_paragraph(&mut self, inlines: &mut Vec<Inline>) {
        let mut content = std::mem::take(inlines);
        trim_inlines(&mut content);
        if !plain_text(&content).trim().is_empty() {
            self.push_block(Block::Paragraph { role: Role::Body, content });
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
        let mut blocks = match self.stack.pop() {
            Some(Frame::Blocks(_, blocks)) => blocks,
            _ => Vec::new(),
        };
        let mut diagnostics = std::mem::take(&mut self.diagnostics);
        if self.html_fragments > 0 {
            diagnostics.push(Diagnostic::warning(
                Kind::Unsupported,
                format!("{} raw HTML element(s) dropped, their text kept", self.html_fragments),
            ));
        }
        let mut used = BTreeSet::new();
        for_each_inlines(&mut blocks, &mut |inlines| {
            resolve_footnotes(inlines, &self.footnotes, &mut used, 0);
            linkify(inlines);
        });
        let unused: Vec<&String> = self.footnotes.keys().filter(|label| !used.contains(*label)).collect();
        if !unused.is_empty() {
            let labels: Vec<String> = unused.iter().map(|l| format!("[^{l}]")).collect();
            diagnostics.push(Diagnostic::warning(
                Kind::Dropped,
                format!("footnote(s) defined but never referenced, omitted: {}", labels.join(" ")),
            ));
        }
        let mut document = Document { meta: self.meta, blocks, ..Document::default() };
        crate::transform::promote_title(&mut document);
        (document, diagnostics)
    }
}

/// A quote's first line: its label in bold (`注意`, a `<summary>`).
fn label_paragraph(label: Vec<Inline>) -> Block {
    Block::Paragraph { role: Role::Body, content: vec![Inline::Strong(label)] }
}

/// GitHub's own Chinese labels for its alerts; the same characters serve zh-Hans and zh-Hant.
fn alert_label(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "注意",
        BlockQuoteKind::Tip => "提示",
        BlockQuoteKind::Important => "重要",
        BlockQuoteKind::Warning => "警告",
        BlockQuoteKind::Caution => "小心",
    }
}

/// docsify's callouts: a paragraph starting `!> ` is an important notice, `?> ` a general tip. Removes the
/// marker and returns the label.
fn strip_docsify_callout(content: &mut [Inline]) -> Option<&'static str> {
    let Some(Inline::Text(first)) = content.first_mut() else { return None };
    let label = if first.starts_with("!>") {
        "重要"
    } else if first.starts_with("?>") {
        "提示"
    } else {
        return None;
    };
    *first = first[2..].trim_start().to_owned();
    Some(label)
}

/// HTML elements that end a paragraph: their text must not run into the next element's.
fn is_block_element(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "center"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "ul"
            | "ol"
            | "li"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "pre"
            | "hr"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "figure"
            | "figcaption"
            | "dl"
            | "dt"
            | "dd"
            | "html"
            | "head"
            | "body"
            | "title"
    )
}

/// HTML text as a browser shows it: runs of whitespace become one space, and none at all between two wide
/// (CJK) characters, the same rule as Markdown soft breaks.
fn push_html_text(inlines: &mut Vec<Inline>, text: &str) {
    let mut previous = match inlines.last() {
        Some(Inline::Text(t)) => t.chars().next_back(),
        Some(_) => Some('x'),
        None => None,
    };
    let mut out = String::new();
    let mut pending_space = false;
    for ch in text.chars() {
        if ch.is_whitespace() && ch != '\u{A0}' && ch != '\u{3000}' {
            pending_space = true;
            continue;
        }
        if pending_space && previous.is_some_and(|p| p != ' ' && !(is_wide(p) && is_wide(ch))) {
            out.push(' ');
        }
        pending_space = false;
        out.push(ch);
        previous = Some(ch);
    }
    if pending_space && previous.is_some_and(|p| p != ' ') {
        out.push(' ');
    }
    if out.is_empty() {
        return;
    }
    match inlines.last_mut() {
        Some(Inline::Text(t)) => t.push_str(&out),
        _ => inlines.push(Inline::Text(out)),
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

/// Calls `f` on every top-level inline run of `blocks` (paragraphs, headings, cells, captions), nested
/// blocks included.
fn for_each_inlines(blocks: &mut [Block], f: &mut dyn FnMut(&mut Vec<Inline>)) {
    for block in blocks {
        match block {
            Block::Heading { content, .. } | Block::Paragraph { content, .. } => f(content),
            Block::List { items, .. } => items.iter_mut().for_each(|item| for_each_inlines(item, f)),
            Block::Quote { blocks } => for_each_inlines(blocks, f),
            Block::Table(table) => table.head.iter_mut().chain(&mut table.body).flatten().for_each(&mut *f),
            Block::Figure { caption, .. } => f(caption),
            Block::Code { .. } | Block::Rule | Block::PageBreak => {}
        }
    }
}

/// The label of a footnote placeholder.
fn footnote_label(inline: &Inline) -> Option<&str> {
    match inline {
        Inline::Note(blocks) => match blocks.as_slice() {
            [Block::Code { lang: Some(lang), text }] if lang == FOOTNOTE_MARK => Some(text),
            _ => None,
        },
        _ => None,
    }
}

/// Footnotes nested deeper than this inside other footnotes are shown as their `[^label]`, which also
/// stops a footnote that refers to itself.
const MAX_NOTE_DEPTH: usize = 3;

/// Replaces footnote placeholders by the definitions' blocks; undefined ones become their `[^label]` text.
fn resolve_footnotes(
    inlines: &mut [Inline],
    definitions: &BTreeMap<String, Vec<Block>>,
    used: &mut BTreeSet<String>,
    depth: usize,
) {
    for inline in inlines.iter_mut() {
        if let Some(label) = footnote_label(inline).map(str::to_owned) {
            *inline = match definitions.get(&label) {
                Some(blocks) if depth < MAX_NOTE_DEPTH => {
                    used.insert(label);
                    let mut blocks = blocks.clone();
                    for_each_inlines(&mut blocks, &mut |nested| {
                        resolve_footnotes(nested, definitions, used, depth + 1)
                    });
                    Inline::Note(blocks)
                }
                _ => Inline::Text(format!("[^{label}]")),
            };
            continue;
        }
        match inline {
            Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) | Inline::Link { content: c, .. } => {
                resolve_footnotes(c, definitions, used, depth)
            }
            _ => {}
        }
    }
}

/// Bare `http://` and `https://` URLs in text become links (GFM's extended autolinks), except inside links
/// and code. A URL ends at whitespace, `<`, or the first non-ASCII character: in Chinese text the sentence
/// goes on right after the URL without a space. Trailing punctuation and an unbalanced `)` are not part
/// of it (the GFM rule).
fn linkify(inlines: &mut Vec<Inline>) {
    let needs_work = inlines.iter().any(|i| match i {
        Inline::Text(t) => t.contains("http://") || t.contains("https://"),
        Inline::Emph(_) | Inline::Strong(_) | Inline::Strike(_) | Inline::Note(_) => true,
        _ => false,
    });
    if !needs_work {
        return;
    }
    let mut out = Vec::with_capacity(inlines.len());
    for inline in inlines.drain(..) {
        match inline {
            Inline::Text(text) => split_urls(&text, &mut out),
            Inline::Emph(mut c) => {
                linkify(&mut c);
                out.push(Inline::Emph(c));
            }
            Inline::Strong(mut c) => {
                linkify(&mut c);
                out.push(Inline::Strong(c));
            }
            Inline::Strike(mut c) => {
                linkify(&mut c);
                out.push(Inline::Strike(c));
            }
            Inline::Note(mut blocks) => {
                for_each_inlines(&mut blocks, &mut linkify);
                out.push(Inline::Note(blocks));
            }
            other => out.push(other),
        }
    }
    *inlines = out;
}

fn split_urls(text: &str, out: &mut Vec<Inline>) {
    let mut rest = text;
    let mut plain = String::new();
    while let Some(start) = find_url_start(rest) {
        let candidate = &rest[start..];
        let end = candidate
            .find(|c: char| c.is_whitespace() || c == '<' || !c.is_ascii())
            .unwrap_or(candidate.len());
        let url = trim_url(&candidate[..end]);
        let scheme_len = if url.starts_with("https://") { 8 } else { 7 };
        if url.len() <= scheme_len {
            plain.push_str(&rest[..start + scheme_len.min(candidate.len())]);
            rest = &rest[start + scheme_len.min(candidate.len())..];
            continue;
        }
        plain.push_str(&rest[..start]);
        if !plain.is_empty() {
            out.push(Inline::Text(std::mem::take(&mut plain)));
        }
        out.push(Inline::Link { url: url.to_owned(), content: vec![Inline::Text(url.to_owned())] });
        rest = &candidate[url.len()..];
    }
    plain.push_str(rest);
    if !plain.is_empty() {
        out.push(Inline::Text(plain));
    }
}

/// Where the next `http(s)://` starts that is not glued to a preceding word.
fn find_url_start(text: &str) -> Option<usize> {
    let mut offset = 0;
    while let Some(found) = text[offset..].find("http") {
        let start = offset + found;
        let tail = &text[start..];
        let glued = text[..start].chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric());
        if !glued && (tail.starts_with("http://") || tail.starts_with("https://")) {
            return Some(start);
        }
        offset = start + 4;
    }
    None
}

fn trim_url(url: &str) -> &str {
    let mut url = url;
    loop {
        let trimmed = url.trim_end_matches(['.', ',', ':', ';', '!', '?', '\'', '"', '*', '_', '~']);
        let trimmed = if trimmed.ends_with(')') && trimmed.matches(')').count() > trimmed.matches('(').count()
        {
            &trimmed[..trimmed.len() - 1]
        } else {
            trimmed
        };
        if trimmed.len() == url.len() {
            return url;
        }
        url = trimmed;
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
    fn front_matter_fills_meta_and_is_not_rendered() {
        let (doc, diags) = read_markdown("---\ntitle: 测试\nauthor: 张三\n---\n\n# 第一章\n\n正文\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(doc.meta.title.as_deref(), Some("测试"));
        assert_eq!(doc.meta.authors[0].name, "张三");
        // With a front-matter title, the leading H1 stays a heading.
        assert!(matches!(&doc.blocks[0], Block::Heading { level: 1, .. }));
        assert_eq!(doc.blocks.len(), 2);
    }

    #[test]
    fn broken_front_matter_warns_and_the_body_still_converts() {
        let (doc, diags) = read_markdown("---\ntitle: [测试\n---\n\n正文\n");
        assert_eq!(doc.meta.title, None);
        assert!(diags.iter().any(|d| d.message.contains("front matter")), "{diags:?}");
        assert_eq!(texts(&doc.blocks), ["P 正文"]);
    }

    /// One line per block, `TAG text`, nested blocks indented: enough to pin structure in a test.
    fn texts(blocks: &[Block]) -> Vec<String> {
        let mut out = Vec::new();
        fn walk(blocks: &[Block], depth: usize, out: &mut Vec<String>) {
            for block in blocks {
                let pad = "  ".repeat(depth);
                match block {
                    Block::Paragraph { content, .. } => out.push(format!("{pad}P {}", plain_text(content))),
                    Block::Heading { level, content } => {
                        out.push(format!("{pad}H{level} {}", plain_text(content)))
                    }
                    Block::Quote { blocks } => {
                        out.push(format!("{pad}QUOTE"));
                        walk(blocks, depth + 1, out);
                    }
                    Block::List { items, .. } => {
                        for item in items {
                            out.push(format!("{pad}ITEM"));
                            walk(item, depth + 1, out);
                        }
                    }
                    other => out.push(format!("{pad}{other:?}")),
                }
            }
        }
        walk(blocks, 0, &mut out);
        out
    }

    fn first_paragraph(doc: &Document) -> &Vec<Inline> {
        match doc.blocks.first() {
            Some(Block::Paragraph { content, .. }) => content,
            other => panic!("paragraph expected, got {other:?}"),
        }
    }

    #[test]
    fn footnotes_become_notes_in_place_even_when_defined_first() {
        let md =
            "[^a]: 先定义的注。\n\n正文[^a]，再引[^b]，未定义[^zz]。\n\n[^b]: 后定义的注，含**粗体**。\n";
        let (doc, diags) = read_markdown(md);
        assert!(diags.is_empty(), "{diags:?}");
        let content = first_paragraph(&doc);
        let notes: Vec<String> = content
            .iter()
            .filter_map(|i| match i {
                Inline::Note(blocks) => Some(texts(blocks).join("|")),
                _ => None,
            })
            .collect();
        assert_eq!(notes, ["P 先定义的注。", "P 后定义的注，含粗体。"]);
        assert_eq!(plain_text(content), "正文，再引，未定义[^zz]。");
        assert_eq!(doc.blocks.len(), 1, "definitions are not body blocks");
    }

    #[test]
    fn unreferenced_footnotes_are_reported() {
        let (_, diags) = read_markdown("正文。\n\n[^x]: 没人引用。\n");
        assert!(diags.iter().any(|d| d.message.contains("[^x]")), "{diags:?}");
    }

    #[test]
    fn task_lists_show_ballot_boxes() {
        let (doc, _) = read_markdown("- [x] 完成\n- [ ] 待办\n");
        assert_eq!(texts(&doc.blocks), ["ITEM", "  P ☑ 完成", "ITEM", "  P ☐ 待办"]);
    }

    #[test]
    fn autolinks_bare_urls_and_reference_links_are_links() {
        let md = "见<https://a.org/x>和 https://b.org/y。以及https://c.org/z（全角括号）\n\n\
                  [参考][ref]与[[1]](https://d.org)。\n\n[ref]: https://e.org \"T\"\n";
        let (doc, _) = read_markdown(md);
        let urls = |content: &[Inline]| -> Vec<String> {
            content
                .iter()
                .filter_map(|i| match i {
                    Inline::Link { url, .. } => Some(url.clone()),
                    _ => None,
                })
                .collect()
        };
        let Block::Paragraph { content, .. } = &doc.blocks[0] else { panic!() };
        assert_eq!(urls(content), ["https://a.org/x", "https://b.org/y", "https://c.org/z"]);
        assert_eq!(
            plain_text(content),
            "见https://a.org/x和 https://b.org/y。以及https://c.org/z（全角括号）"
        );
        let Block::Paragraph { content, .. } = &doc.blocks[1] else { panic!() };
        assert_eq!(urls(content), ["https://e.org", "https://d.org"]);
    }

    #[test]
    fn urls_lose_trailing_punctuation_and_unbalanced_parentheses() {
        let (doc, _) = read_markdown("(see https://a.org/wiki/X_(y)), and http://b.org.\n");
        let links: Vec<String> = first_paragraph(&doc)
            .iter()
            .filter_map(|i| match i {
                Inline::Link { url, .. } => Some(url.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(links, ["https://a.org/wiki/X_(y)", "http://b.org"]);
    }

    #[test]
    fn hard_breaks_from_backslash_two_spaces_and_br() {
        let (doc, _) = read_markdown("一行\\\n二行  \n三行<br>四行\n");
        let breaks = first_paragraph(&doc).iter().filter(|i| matches!(i, Inline::LineBreak)).count();
        assert_eq!(breaks, 3);
        assert_eq!(plain_text(first_paragraph(&doc)), "一行\n二行\n三行\n四行");
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

    #[test]
    fn github_alerts_and_docsify_callouts_are_labelled_quotes() {
        let md = "> [!NOTE]\n> 说明文字。\n\n> [!WARNING]\n> 小心。\n\n!> **重要**内容\n\n?> 一般提示\n";
        let (doc, _) = read_markdown(md);
        assert_eq!(
            texts(&doc.blocks),
            [
                "QUOTE",
                "  P 注意",
                "  P 说明文字。",
                "QUOTE",
                "  P 警告",
                "  P 小心。",
                "QUOTE",
                "  P 重要",
                "  P 重要内容",
                "QUOTE",
                "  P 提示",
                "  P 一般提示"
            ]
        );
        let Block::Quote { blocks } = &doc.blocks[0] else { panic!() };
        assert!(
            matches!(&blocks[0], Block::Paragraph { content, .. } if matches!(content[0], Inline::Strong(_)))
        );
    }

    #[test]
    fn details_become_quotes_headed_by_their_summary() {
        let md = "<details>\n<summary>展开看</summary>\n\n隐藏的**内容**。\n\n- 项\n\n</details>\n\n之后。\n";
        let (doc, diags) = read_markdown(md);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            texts(&doc.blocks),
            ["QUOTE", "  P 展开看", "  P 隐藏的内容。", "  ITEM", "    P 项", "P 之后。"]
        );
    }

    #[test]
    fn sup_and_sub_keep_their_text_without_warning() {
        let (doc, diags) = read_markdown("H<sub>2</sub>O 与 x<sup>2</sup>\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(plain_text(first_paragraph(&doc)), "H2O 与 x2");
    }

    #[test]
    fn scripts_are_dropped_whole_and_reported() {
        let (doc, diags) =
            read_markdown("<script>\nalert('x')\n</script>\n\n<p align=\"center\">居中&amp;</p>\n");
        assert_eq!(texts(&doc.blocks), ["P 居中&"]);
        assert!(diags.iter().any(|d| d.message.contains("2 raw HTML")), "{diags:?}");
    }
}
