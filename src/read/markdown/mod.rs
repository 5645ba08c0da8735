//! The Markdown reader: CommonMark plus GFM (tables, strikethrough, task lists, footnotes, alerts, extended
//! autolinks), folded from pulldown-cmark's event stream into our [`Document`].
//!
//! pulldown-cmark rather than comrak: it streams events we fold into our own model directly, with no
//! intermediate arena AST, and its GFM coverage (alerts included) is all we need. It parses without
//! recursion and in linear time, however deep or long the input.
//!
//! The fold: each event goes to a builder that keeps a stack of open elements (`stack`); a Markdown start
//! tag opens a frame and its end folds the frame into the model (`tags`); raw HTML is folded element by
//! element in the same way (`html_fold`). Text and soft breaks are handled here.
//!
//! Beyond the events: front matter, only at the top of the file, is parsed into [`Meta`]
//! ([`front_matter`]); raw HTML is tokenised by a real HTML tokenizer and what it means is mapped onto the
//! model, the rest reported ([`html`]); docsify callouts (`!>`, `?>`) and GitHub alerts become labelled
//! quotes (`callouts`); footnotes are copied where they are referenced, within a budget (`footnotes`); bare
//! URLs, `www.` and e-mail addresses become links (`autolink`); images are loaded from inside the input root
//! only ([`resources`]); a single leading level-1 heading becomes the title.
//!
//! Nesting: the reader never builds a document deeper than [`MAX_DEPTH`]. A quote, list, emphasis, link or
//! HTML element that would reach deeper is flattened into its parent (its text kept, in order), with one
//! warning per document naming the first line where that happened. The builder keeps its own stack of open
//! elements and every later pass recurses over the capped model only, so no input can exhaust the stack.

mod autolink;
mod callouts;
mod footnotes;
pub mod front_matter;
pub mod html;
mod html_fold;
pub mod resources;
mod stack;
mod tags;

use crate::diag::{Diagnostic, Kind};
use crate::model::{Block, Document, Inline, Meta, MAX_DEPTH};
use crate::zh::chars::is_wide;
use footnotes::Footnotes;
use pulldown_cmark::{Event, Options, Parser};
pub use resources::ImageBase;
use stack::{BlockContainer, Frame, Level};

/// Parses Markdown text into a document plus diagnostics for anything degraded. Images are not loaded
/// (there is no folder to load them from); see [`read_markdown_with`].
pub fn read_markdown(text: &str) -> (Document, Vec<Diagnostic>) {
    read_markdown_with(text, None)
}

/// Parses Markdown text; images are loaded from `images` (the file's folder, confined to the input root)
/// into [`Document::resources`].
pub fn read_markdown_with(text: &str, images: Option<ImageBase<'_>>) -> (Document, Vec<Diagnostic>) {
    // No metadata-block options: pulldown-cmark would take a `---` block anywhere for front matter, and
    // front matter is only ever the first block of the file (`front_matter::split`).
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_GFM;
    let mut builder = Builder::new(text);
    let (front, body_start) = front_matter::split(text);
    // The language is the script the text is written in, as for plain text, unless front matter says.
    builder.meta.lang = crate::zh::script::script_lang(text.get(body_start..).unwrap_or_default()).to_owned();
    if let Some(front) = front {
        let diagnostics = front_matter::apply(front.text, front.syntax, &mut builder.meta);
        builder.diagnostics.extend(diagnostics);
    }
    let body = text.get(body_start..).unwrap_or_default();
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        builder.offset = body_start + range.start;
        builder.event(event);
    }
    let (mut document, mut diagnostics) = builder.finish();
    diagnostics.extend(resources::load_images(&mut document, images));
    (document, diagnostics)
}

/// Line numbers of byte offsets, for diagnostics.
struct LineIndex {
    /// Byte offset where each line starts.
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The 1-based line holding byte `offset`.
    fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset).max(1)
    }
}

struct Builder {
    lines: LineIndex,
    input_len: usize,
    /// Source offset of the event being folded.
    offset: usize,
    /// The line of the HTML token being folded, inside an HTML block.
    html_line: Option<usize>,
    stack: Vec<Level>,
    meta: Meta,
    footnotes: Footnotes,
    html_report: html::Report,
    /// Inside an element whose content is not shown (`<script>`…), until its end tag or the end of the
    /// paragraph or HTML block it began in: its name.
    hidden: Option<String>,
    /// HTML quotes opened past [`MAX_DEPTH`], whose end tags close nothing.
    flattened_html_quotes: usize,
    /// The first line where nesting was flattened.
    flattened_at: Option<usize>,
    /// Link and image titles dropped: how many, and the first line.
    titles: Option<(usize, usize)>,
    diagnostics: Vec<Diagnostic>,
    /// A soft line break waiting for the next character to decide between a space and nothing.
    pending_soft_break: bool,
    last_char: Option<char>,
}

impl Builder {
    fn new(text: &str) -> Builder {
        Builder {
            lines: LineIndex::new(text),
            input_len: text.len(),
            offset: 0,
            html_line: None,
            stack: vec![Level {
                frame: Frame::Blocks(BlockContainer::Root, Vec::new()),
                depth: 1,
                flattened: 0,
                html: None,
            }],
            meta: Meta::default(),
            footnotes: Footnotes::default(),
            html_report: html::Report::default(),
            hidden: None,
            flattened_html_quotes: 0,
            flattened_at: None,
            titles: None,
            diagnostics: Vec::new(),
            pending_soft_break: false,
            last_char: None,
        }
    }

    fn line(&self) -> usize {
        self.html_line.unwrap_or_else(|| self.lines.line(self.offset))
    }

    fn note_flattened(&mut self) {
        self.flattened_at_line(self.line());
    }

    fn flattened_at_line(&mut self, line: usize) {
        self.flattened_at = Some(self.flattened_at.map_or(line, |first| first.min(line)));
    }

    fn note_title(&mut self) {
        let line = self.line();
        let (count, first) = self.titles.get_or_insert((0, line));
        *count += 1;
        *first = (*first).min(line);
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(&text),
            Event::Code(code) => {
                if self.hidden.is_none() {
                    self.resolve_soft_break(code.chars().next());
                    self.note_last_char(&code);
                    self.inlines().push(Inline::Code(code.into_string()));
                }
            }
            Event::InlineMath(math) | Event::DisplayMath(math) => self.text(&math),
            Event::Html(html) => {
                if let Some(Level { frame: Frame::Html { text, .. }, .. }) = self.stack.last_mut() {
                    text.push_str(&html);
                }
            }
            Event::InlineHtml(html) => self.inline_html(&html),
            Event::FootnoteReference(label) => {
                if self.hidden.is_none() {
                    self.resolve_soft_break(Some('['));
                    self.last_char = Some(']');
                    let note = self.footnotes.reference(label.into_string(), self.line());
                    self.inlines().push(note);
                }
            }
            Event::SoftBreak => self.pending_soft_break = self.hidden.is_none(),
            Event::HardBreak => {
                if self.hidden.is_none() {
                    self.pending_soft_break = false;
                    self.inlines().push(Inline::LineBreak);
                }
            }
            Event::Rule => {
                self.close_open_inlines();
                self.push_block(Block::Rule);
            }
            // The model has no checkbox; the ballot box characters say the same in every output.
            Event::TaskListMarker(done) => self.text(if done { "☑ " } else { "☐ " }),
        }
    }

    fn text(&mut self, text: &str) {
        match self.stack.last_mut() {
            Some(Level { frame: Frame::Code { text: code, .. }, .. }) => return code.push_str(text),
            Some(Level { frame: Frame::Html { text: html, .. }, .. }) => return html.push_str(text),
            _ => {}
        }
        if self.hidden.is_some() {
            return;
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

    fn finish(mut self) -> (Document, Vec<Diagnostic>) {
        while self.stack.len() > 1 {
            self.pop();
        }
        let mut blocks = match self.stack.pop() {
            Some(Level { frame: Frame::Blocks(_, blocks), .. }) => blocks,
            _ => Vec::new(),
        };
        let mut diagnostics = std::mem::take(&mut self.diagnostics);
        diagnostics.extend(self.html_report.diagnostics());
        if let Some((count, line)) = self.titles {
            diagnostics.push(
                Diagnostic::warning(
                    Kind::Dropped,
                    format!(
                        "{count} link or image title(s) dropped: a link keeps its text and target, an image its \
                         alt text"
                    ),
                )
                .at(format!("line {line}")),
            );
        }
        let footnotes = std::mem::take(&mut self.footnotes);
        let resolved = footnotes.resolve(&mut blocks, footnotes::budget(self.input_len));
        diagnostics.extend(resolved.diagnostics);
        if let Some(line) = resolved.flattened_at {
            self.flattened_at_line(line);
        }
        if let Some(line) = self.flattened_at {
            diagnostics.push(
                Diagnostic::warning(
                    Kind::Unsupported,
                    format!(
                        "quotes, lists, notes, emphasis or links nested deeper than {MAX_DEPTH} levels are \
                         flattened; their text is kept in order"
                    ),
                )
                .at(format!("line {line}")),
            );
        }
        autolink::linkify_blocks(&mut blocks, 1);
        let mut document = Document { meta: self.meta, blocks, ..Document::default() };
        crate::transform::promote_title(&mut document);
        debug_assert!(document.depth() <= MAX_DEPTH, "the reader built a document {} deep", document.depth());
        (document, diagnostics)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::plain_text;

    #[test]
    fn the_language_is_the_script_of_the_text_unless_front_matter_names_one() {
        let traditional = "# 總統談話\n\n我們會從這個時代開始，為國家的發展與進步努力。\n";
        assert_eq!(read_markdown(traditional).0.meta.lang, "zh-TW");
        assert_eq!(read_markdown("# 总统谈话\n\n我们会从这个时代开始。\n").0.meta.lang, "zh-CN");
        let named = format!("---\nlang: zh-TW\n---\n{traditional}");
        assert_eq!(read_markdown(&named).0.meta.lang, "zh-TW");
    }

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
    pub(super) fn texts(blocks: &[Block]) -> Vec<String> {
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

    pub(super) fn first_paragraph(doc: &Document) -> &Vec<Inline> {
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
    fn autolinks_www_and_email_become_links() {
        let md = "写信给<foo@bar.example.com>或foo+x@mail.example.org，访问www.example.com和\
                  https://zh.wikipedia.org/wiki/汉字，然后继续。\n";
        let (doc, _) = read_markdown(md);
        assert_eq!(
            link_urls(&doc.blocks),
            [
                "mailto:foo@bar.example.com",
                "mailto:foo+x@mail.example.org",
                "http://www.example.com",
                "https://zh.wikipedia.org/wiki/汉字"
            ]
        );
        assert_eq!(
            plain_text(first_paragraph(&doc)),
            "写信给foo@bar.example.com或foo+x@mail.example.org，访问www.example.com和https://zh.wikipedia.org/wiki/汉字，然后继续。"
        );
    }

    #[test]
    fn relative_and_fragment_links_stay_links_and_titles_are_reported() {
        let md = "见[上节](#intro)和[附件](./附件.md \"说明\")。\n\n![图](a.png \"图题\")\n\n[空]()\n";
        let (doc, diags) = read_markdown(md);
        assert_eq!(link_urls(&doc.blocks), ["#intro", "./附件.md", ""]);
        let titles: Vec<String> =
            diags.iter().filter(|d| d.message.contains("title")).map(ToString::to_string).collect();
        assert_eq!(
            titles,
            ["warning: line 1: 2 link or image title(s) dropped: a link keeps its text and target, an image its alt text"]
        );
    }

    #[test]
    fn front_matter_is_only_the_first_block_of_the_file() {
        let (doc, diags) = read_markdown("上文。\n\n---\n注意: 本文仅供参考\n---\n\n下文。\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(doc.meta.title, None);
        assert_eq!(texts(&doc.blocks), ["P 上文。", "Rule", "H2 注意: 本文仅供参考", "P 下文。"]);

        let (doc, _) = read_markdown("# 真标题\n\n正文。\n\n---\ntitle: 假标题\n---\n");
        assert_eq!(doc.meta.title.as_deref(), Some("真标题"));
        assert_eq!(texts(&doc.blocks), ["P 正文。", "Rule", "H1 title: 假标题"]);

        let (doc, _) = read_markdown("---\n\ntitle: 不是元数据\n");
        assert_eq!(doc.meta.title, None);
        assert_eq!(texts(&doc.blocks), ["Rule", "P title: 不是元数据"]);
    }

    #[test]
    fn wrong_typed_front_matter_keys_are_reported() {
        let md = "---\ntitle: [1, 2]\ndate: {a: 1}\nkeywords: 3\nauthor: {role: 主编}\n---\n\n正文\n";
        let (doc, diags) = read_markdown(md);
        assert_eq!(doc.meta.title, None);
        assert_eq!(doc.meta.date, None);
        assert!(doc.meta.keywords.is_empty());
        let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(messages[0].starts_with("front matter `title` should be text, not a list"), "{messages:?}");
        assert!(messages[1].starts_with("front matter `date` should be a date such as 2024-03-05, not a map"));
        assert!(messages[2].starts_with("front matter `keywords` should be a list of words"), "{messages:?}");
        assert!(messages[2].contains("the number 3"), "{messages:?}");
        assert!(messages[3].starts_with("front matter `author` should be a name"), "{messages:?}");
        assert_eq!(doc.meta.extra.get("title").map(String::as_str), Some("1, 2"));
    }

    #[test]
    fn deep_or_huge_front_matter_is_refused_with_a_warning() {
        let deep =
            format!("---\ntitle: 题\nx: {}1{}\n---\n\n正文\n", "[".repeat(100_000), "]".repeat(100_000));
        let nested: String = (0..200).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect();
        for md in [
            deep,
            format!("---\n{nested}---\n\n正文\n"),
            format!("---\ntitle: 题\nx: \"{}\"\n---\n\n正文\n", "长".repeat(40_000)),
        ] {
            let (doc, diags) = read_on_small_stack(md);
            assert_eq!(doc.meta.title, None);
            assert_eq!(texts(&doc.blocks), ["P 正文"]);
            assert_eq!(diags.len(), 1, "{diags:?}");
            assert!(diags[0].message.contains("front matter"), "{diags:?}");
        }
    }

    /// Every link target, in reading order.
    fn link_urls(blocks: &[Block]) -> Vec<String> {
        fn inlines(content: &[Inline], out: &mut Vec<String>) {
            for inline in content {
                match inline {
                    Inline::Link { url, content } => {
                        out.push(url.clone());
                        inlines(content, out);
                    }
                    Inline::Emph(c)
                    | Inline::Strong(c)
                    | Inline::Strike(c)
                    | Inline::Superscript(c)
                    | Inline::Subscript(c) => inlines(c, out),
                    Inline::Note(blocks) => walk(blocks, out),
                    _ => {}
                }
            }
        }
        fn walk(blocks: &[Block], out: &mut Vec<String>) {
            for block in blocks {
                match block {
                    Block::Paragraph { content, .. } | Block::Heading { content, .. } => {
                        inlines(content, out)
                    }
                    Block::Quote { blocks } => walk(blocks, out),
                    Block::List { items, .. } => items.iter().for_each(|item| walk(item, out)),
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(blocks, &mut out);
        out
    }

    /// Reads `markdown` on a thread with a small stack (1 MiB, a tenth of what the deep inputs below would
    /// need if any walk recursed with the input's nesting).
    pub(super) fn read_on_small_stack(markdown: String) -> (Document, Vec<Diagnostic>) {
        std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || read_markdown(&markdown))
            .expect("thread")
            .join()
            .expect("the reader does not overflow its stack")
    }

    #[test]
    fn definitions_of_a_label_already_defined_are_reported() {
        // `[^a]: [^a]: x` is three definitions in a row, not nested ones; GFM uses the first.
        let (doc, diags) = read_on_small_stack(format!("正文[^a]\n\n{}文字\n", "[^a]: ".repeat(100_000)));
        assert!(doc.depth() <= MAX_DEPTH);
        let messages: Vec<String> = diags.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0]
            .starts_with("warning: line 3: footnote [^a] is defined again here (99999 definition(s)"));
    }
}
