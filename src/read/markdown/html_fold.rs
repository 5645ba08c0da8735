//! Raw HTML folded into the builder. Inline HTML arrives one tag at a time inside a paragraph, an HTML
//! block whole; either way `html::tokens` splits it and each element does what its `html::Element` kind
//! means in the model: a line break, emphasis, a link, an image, a preformatted block, a quote headed by its
//! `<summary>`. Text between the tags is Markdown text inline and, in a block, whitespace collapsed as a
//! browser does. What is reduced or dropped is recorded for the report, with its line.

use super::html::{self, Attributes, Element, Fate, HtmlToken};
use super::stack::{BlockContainer, Frame, InlineContainer, Level, Origin};
use super::Builder;
use crate::model::{Block, Image, Inline, MAX_DEPTH};
use crate::zh::chars::is_wide;

/// Whether raw HTML stands between blocks (an HTML block) or inside a paragraph (inline HTML).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    Block,
    Inline,
}

impl Builder {
    fn report_html(&mut self, name: &str, fate: Fate) {
        let line = self.line();
        self.html_report.record(name, fate, line);
    }

    /// Inline HTML arrives one tag at a time, the text between the tags as Markdown text.
    pub(super) fn inline_html(&mut self, fragment: &str) {
        for (_, token) in html::tokens(fragment) {
            match token {
                HtmlToken::Text(text) => self.text(&text),
                HtmlToken::Start { name, attributes, span } => {
                    let source = fragment.get(span).unwrap_or_default();
                    self.html_start(&name, &attributes, source, Context::Inline)
                }
                HtmlToken::End { name, span } => {
                    self.html_end(&name, fragment.get(span).unwrap_or_default(), Context::Inline)
                }
            }
        }
    }

    /// An HTML block: its text becomes paragraphs (whitespace collapsed as a browser does), its elements
    /// what they mean in the model. `start` is its offset in the source, for the lines of the report.
    pub(super) fn html_block(&mut self, fragment: &str, start: usize) {
        let first_line = self.lines.line(start);
        let (mut counted, mut newlines) = (0, 0);
        for (offset, token) in html::tokens(fragment) {
            let offset = offset.min(fragment.len());
            newlines +=
                fragment.as_bytes()[counted.min(offset)..offset].iter().filter(|&&b| b == b'\n').count();
            counted = counted.max(offset);
            self.html_line = Some(first_line + newlines);
            match token {
                HtmlToken::Text(text) => self.html_text(&text),
                HtmlToken::Start { name, attributes, span } => {
                    let source = fragment.get(span).unwrap_or_default();
                    self.html_start(&name, &attributes, source, Context::Block)
                }
                HtmlToken::End { name, span } => {
                    self.html_end(&name, fragment.get(span).unwrap_or_default(), Context::Block)
                }
            }
        }
        self.close_open_inlines();
        if self.in_html_pre() {
            self.pop();
        }
        self.hidden = None;
        self.html_line = None;
    }

    /// Whether the top frame is a `<pre>` of an HTML block.
    fn in_html_pre(&self) -> bool {
        matches!(self.stack.last(), Some(Level { frame: Frame::Code { .. }, html: Some(_), .. }))
    }

    /// Text of an HTML block.
    fn html_text(&mut self, text: &str) {
        if self.hidden.is_some() {
            return;
        }
        if let Some(Level { frame: Frame::Code { text: code, .. }, html: Some(_), .. }) =
            self.stack.last_mut()
        {
            return code.push_str(text);
        }
        let in_paragraph = matches!(self.stack.last(), Some(Level { frame: Frame::Inlines(..), .. }));
        if !in_paragraph && text.trim().is_empty() {
            // Whitespace between block elements.
            return;
        }
        push_html_text(self.html_inlines(), text);
    }

    /// The inline list HTML block content goes into, opening a paragraph if none is open.
    fn html_inlines(&mut self) -> &mut Vec<Inline> {
        if !matches!(self.stack.last(), Some(Level { frame: Frame::Inlines(..), .. })) {
            let depth = self.stack.last().map_or(1, |level| level.depth);
            self.stack.push(Level {
                frame: Frame::Inlines(InlineContainer::Paragraph(Origin::Html), Vec::new()),
                depth: depth + 1,
                flattened: 0,
                html: None,
            });
        }
        self.inlines()
    }

    /// Where content of raw HTML goes: the open paragraph of an HTML block, or the Markdown paragraph.
    fn content_inlines(&mut self, context: Context) -> &mut Vec<Inline> {
        match context {
            Context::Block => self.html_inlines(),
            Context::Inline => self.inlines(),
        }
    }

    /// Text of raw HTML: an HTML block's (whitespace collapsed) or Markdown text (inline HTML).
    fn html_source_text(&mut self, text: &str, context: Context) {
        match context {
            Context::Block => self.html_text(text),
            Context::Inline => self.text(text),
        }
    }

    fn html_start(&mut self, name: &str, attributes: &Attributes, source: &str, context: Context) {
        if self.hidden.is_some() {
            // Everything up to the end tag is the hidden element's content.
            return;
        }
        let element = Element::of(name);
        if element == Element::Source {
            self.report_html(name, Fate::Source);
            return self.html_source_text(source, context);
        }
        if self.in_html_pre() {
            return self.pre_start(name, element, attributes);
        }
        let block = context == Context::Block;
        match element {
            Element::LineBreak => {
                if context == Context::Inline {
                    self.pending_soft_break = false;
                }
                self.content_inlines(context).push(Inline::LineBreak);
            }
            Element::Boundary => {
                if block {
                    self.close_open_inlines();
                }
            }
            Element::Flattened => {
                self.report_html(name, Fate::Paragraphs);
                if block {
                    self.close_open_inlines();
                }
            }
            Element::Heading(level) if block => {
                self.close_open_inlines();
                self.open(Frame::Inlines(InlineContainer::Heading(level), Vec::new()), 1, Some(name));
            }
            Element::Emph
            | Element::Strong
            | Element::Strike
            | Element::Superscript
            | Element::Subscript
            | Element::Code
            | Element::Link => {
                let container = match element {
                    Element::Emph => InlineContainer::Emph,
                    Element::Strong => InlineContainer::Strong,
                    Element::Strike => InlineContainer::Strike,
                    Element::Superscript => InlineContainer::Superscript,
                    Element::Subscript => InlineContainer::Subscript,
                    Element::Code => InlineContainer::Code,
                    _ => match &attributes.href {
                        Some(href) => InlineContainer::Link(href.trim().to_owned()),
                        None => return self.report_html(name, Fate::Anchor),
                    },
                };
                if attributes.title {
                    self.note_title();
                }
                if block {
                    self.html_inlines();
                }
                self.open(Frame::Inlines(container, Vec::new()), 1, Some(name));
            }
            Element::Image => {
                if attributes.title {
                    self.note_title();
                }
                let alt = attributes.alt.clone().unwrap_or_default();
                let inline = match attributes.src.as_deref().map(str::trim) {
                    Some(src) if !src.is_empty() => Inline::Image(Image { src: src.to_owned(), alt }),
                    _ => {
                        self.report_html(name, Fate::AltOnly);
                        Inline::Text(alt)
                    }
                };
                self.content_inlines(context).push(inline);
            }
            Element::Preformatted if block => {
                self.close_open_inlines();
                self.open(
                    Frame::Code { lang: code_language(attributes), text: String::new() },
                    0,
                    Some(name),
                );
            }
            Element::Quote if block => {
                self.close_open_inlines();
                if !self.open(Frame::Blocks(BlockContainer::HtmlQuote, Vec::new()), 2, Some(name)) {
                    self.flattened_html_quotes += 1;
                }
            }
            Element::Summary if block => {
                self.close_open_inlines();
                let depth = self.stack.last().map_or(1, |level| level.depth);
                let strong = depth + 2 <= MAX_DEPTH;
                if !strong {
                    self.note_flattened();
                }
                self.open(Frame::Inlines(InlineContainer::Label { strong }, Vec::new()), 1, Some(name));
            }
            Element::Rule if block => {
                self.close_open_inlines();
                self.push_block(Block::Rule);
            }
            // Block elements inside a paragraph keep their text.
            Element::Heading(_)
            | Element::Preformatted
            | Element::Quote
            | Element::Summary
            | Element::Rule => {}
            Element::Plain => {}
            Element::Undecorated => self.report_html(name, Fate::PlainText),
            Element::Hidden => {
                self.report_html(name, Fate::ContentDropped);
                if !Element::is_void(name) {
                    self.hidden = Some(name.to_owned());
                }
            }
            Element::Unknown => self.report_html(name, Fate::TextKept),
            Element::Source => {}
        }
    }

    /// A start tag inside `<pre>`: the text stays preformatted, so only line breaks and hidden elements
    /// mean something; styles are lost (reported), `<code>` and the like are what `<pre>` already is.
    fn pre_start(&mut self, name: &str, element: Element, attributes: &Attributes) {
        match element {
            // `<pre><code class="language-rust">`: the language is on the code element.
            Element::Code => {
                if let Some(Level { frame: Frame::Code { lang: lang @ None, .. }, .. }) =
                    self.stack.last_mut()
                {
                    *lang = code_language(attributes);
                }
            }
            Element::LineBreak => {
                if let Some(Level { frame: Frame::Code { text, .. }, .. }) = self.stack.last_mut() {
                    text.push('\n');
                }
            }
            Element::Hidden => {
                self.report_html(name, Fate::ContentDropped);
                self.hidden = Some(name.to_owned());
            }
            Element::Plain | Element::Boundary | Element::Preformatted => {}
            Element::Unknown | Element::Image => self.report_html(name, Fate::TextKept),
            _ => self.report_html(name, Fate::PlainText),
        }
    }

    fn html_end(&mut self, name: &str, source: &str, context: Context) {
        if let Some(hidden) = &self.hidden {
            if hidden == name {
                self.hidden = None;
            }
            return;
        }
        let element = Element::of(name);
        if element == Element::Source {
            return self.html_source_text(source, context);
        }
        if self.in_html_pre() {
            if element == Element::Preformatted {
                self.pop();
            }
            return;
        }
        let block = context == Context::Block;
        match element {
            Element::Boundary | Element::Flattened if block => self.close_open_inlines(),
            Element::Quote if block => {
                self.close_open_inlines();
                if self.flattened_html_quotes > 0 {
                    self.flattened_html_quotes -= 1;
                } else if matches!(
                    self.stack.last(),
                    Some(Level { frame: Frame::Blocks(BlockContainer::HtmlQuote, _), .. })
                ) {
                    self.pop();
                }
            }
            Element::Heading(_)
            | Element::Summary
            | Element::Emph
            | Element::Strong
            | Element::Strike
            | Element::Superscript
            | Element::Subscript
            | Element::Code
            | Element::Link => self.close_html_element(name),
            _ => {}
        }
    }

    /// Closes the innermost open raw HTML element `name`, and the HTML elements opened inside it, if it is
    /// open within the current paragraph; otherwise the end tag has nothing to close and is ignored.
    fn close_html_element(&mut self, name: &str) {
        let mut found = None;
        for (index, level) in self.stack.iter().enumerate().rev() {
            let open_html = level.flattened == 0 && matches!(level.frame, Frame::Inlines(..));
            match &level.html {
                Some(element) if open_html && element == name => {
                    found = Some(index);
                    break;
                }
                Some(_) if open_html => {}
                _ => break,
            }
        }
        if let Some(index) = found {
            while self.stack.len() > index {
                self.pop();
            }
        }
    }
}

/// The language of `class="language-rust"` (the HTML standard's convention for code).
fn code_language(attributes: &Attributes) -> Option<String> {
    let class = attributes.class.as_deref()?;
    class.split_whitespace().find_map(|c| c.strip_prefix("language-")).map(str::to_owned)
}

/// HTML text as a browser shows it: runs of whitespace become one space, and none at all between two wide
/// (CJK) characters, the same rule as Markdown soft breaks.
fn push_html_text(inlines: &mut Vec<Inline>, text: &str) {
    // A space left at the end of the previous text, between two wide characters, goes: the line break
    // it came from joins CJK text (the tags between do not matter).
    if let (Some(Inline::Text(last)), Some(next)) = (inlines.last_mut(), text.trim_start().chars().next()) {
        let before_space = last.strip_suffix(' ').and_then(|rest| rest.chars().next_back());
        if before_space.is_some_and(is_wide) && is_wide(next) {
            last.pop();
        }
    }
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

#[cfg(test)]
mod tests {
    use crate::model::{plain_text, Block, Image, Inline};
    use crate::read::markdown::read_markdown;
    use crate::read::markdown::tests::{first_paragraph, texts};

    #[test]
    fn html_blocks_become_paragraphs_with_their_inline_markup() {
        let (doc, diags) =
            read_markdown("<div align=\"center\">\n<b>居中</b>\n</div>\n\n文字<span>内</span>\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(texts(&doc.blocks), ["P 居中", "P 文字内"]);
        assert!(matches!(first_paragraph(&doc).as_slice(), [Inline::Strong(_)]));
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
    fn raw_inline_html_elements_map_onto_the_model() {
        let md = "<span title=\"1 > 0\">文本</span>，<del>删除</del><s>删</s>、<em>强调</em><i>斜</i>、\
                  <strong>粗</strong><b>体</b>、<code>a &lt; b</code>、<a href=\"https://a.org\">链接</a>。<!-- 注释 -->\n";
        let (doc, diags) = read_markdown(md);
        assert!(diags.is_empty(), "{diags:?}");
        let content = first_paragraph(&doc);
        assert_eq!(plain_text(content), "文本，删除删、强调斜、粗体、a < b、链接。");
        let kinds: Vec<&str> = content
            .iter()
            .filter_map(|inline| match inline {
                Inline::Strike(_) => Some("del"),
                Inline::Emph(_) => Some("em"),
                Inline::Strong(_) => Some("strong"),
                Inline::Code(code) if code == "a < b" => Some("code"),
                Inline::Link { url, .. } if url == "https://a.org" => Some("a"),
                Inline::Text(_) => None,
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        assert_eq!(kinds, ["del", "del", "em", "em", "strong", "strong", "code", "a"]);
    }

    #[test]
    fn raw_images_are_images_with_their_alt_text() {
        let md = "<p align=\"center\"><img src=\"logo.png\" alt=\"标志\" width=\"80\"></p>\n\n文中<img src='a.png' alt='图一'>图。\n";
        let (doc, _) = read_markdown(md);
        assert!(
            matches!(&doc.blocks[0], Block::Figure { image, .. } if image.src == "logo.png" && image.alt == "标志"),
            "{:?}",
            doc.blocks
        );
        let Block::Paragraph { content, .. } = &doc.blocks[1] else { panic!("{:?}", doc.blocks) };
        assert!(matches!(&content[1], Inline::Image(Image { src, alt }) if src == "a.png" && alt == "图一"));
    }

    #[test]
    fn raw_pre_keeps_line_breaks_and_indentation() {
        let md = "<pre>\n第一行\n    缩进的第二行<br>第三行 &amp; 完</pre>\n\n之后。\n\n\
                  <pre><code class=\"language-rust\">fn main() {\n    <b>x</b>();\n}\n</code></pre>\n";
        let (doc, diags) = read_markdown(md);
        assert_eq!(
            doc.blocks[0],
            Block::Code { lang: None, text: "第一行\n    缩进的第二行\n第三行 & 完".into() }
        );
        assert_eq!(texts(&doc.blocks[1..2]), ["P 之后。"]);
        assert_eq!(
            doc.blocks[2],
            Block::Code { lang: Some("rust".into()), text: "fn main() {\n    x();\n}".into() }
        );
        let messages: Vec<String> = diags.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            ["warning: line 8: raw HTML <b> shown as plain text (the model has no such style yet)"]
        );
    }

    #[test]
    fn script_and_style_bodies_are_never_shown() {
        let md = "<script>\nalert('块')\n</script>\n\n正文<script>alert(\"行内\")</script>继续<style>p{}</style>。\n\n\
                  <p align=\"center\">居中&amp;</p>\n";
        let (doc, diags) = read_markdown(md);
        assert_eq!(texts(&doc.blocks), ["P 正文继续。", "P 居中&"]);
        let lines: Vec<String> = diags.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "warning: line 1: raw HTML <script> dropped with its content (2 times)",
                "warning: line 5: raw HTML <style> dropped with its content"
            ]
        );
    }

    #[test]
    fn sup_and_sub_become_superscript_and_subscript() {
        let (doc, diags) = read_markdown("H<sub>2</sub>O 与 2<SUP>n-1</SUP>，<sup></sup>空的不算\n");
        let content = first_paragraph(&doc);
        assert_eq!(plain_text(content), "H2O 与 2n-1，空的不算");
        let text = |t: &str| Inline::Text(t.into());
        assert_eq!(content[1], Inline::Subscript(vec![text("2")]));
        assert_eq!(content[3], Inline::Superscript(vec![text("n-1")]));
        assert!(diags.is_empty(), "{diags:?}");
    }

    #[test]
    fn dropped_html_is_reported_per_kind_with_its_first_line() {
        let mut md = String::from("正文。\n\n");
        for i in 0..10_000 {
            md.push_str(&format!("<iframe src=\"x{i}\">框</iframe><x-{n}>自定义</x-{n}>\n", n = i % 50));
        }
        let (doc, diags) = read_markdown(&md);
        assert_eq!(diags.len(), 9, "{diags:?}");
        assert_eq!(
            diags[0].to_string(),
            "warning: line 3: raw HTML <iframe> dropped, its text kept (10000 times)"
        );
        assert!(diags[8].message.starts_with("8600 more raw HTML element(s) (<x-7>, <x-8>"), "{}", diags[8]);
        let Block::Paragraph { content, .. } = &doc.blocks[1] else { panic!() };
        assert_eq!(plain_text(content), "框自定义".repeat(10_000));
    }
}
