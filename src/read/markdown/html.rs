//! Raw HTML in Markdown: tokenised by a real HTML tokenizer (html5gum, the WHATWG algorithm), then each
//! element classified by what it becomes in the model. Nothing is passed through as markup; what is reduced
//! or dropped is counted per element kind, with its first line, for [`Report::diagnostics`].

use crate::diag::{Diagnostic, Kind};
use html5gum::{State, Token, Tokenizer};
use std::collections::BTreeMap;
use std::ops::Range;

/// A token of an HTML fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HtmlToken {
    /// Text, character references decoded.
    Text(String),
    /// A start tag: lowercase name and the attributes paiban reads.
    Start {
        /// Element name, lowercase.
        name: String,
        /// The attributes that carry content.
        attributes: Attributes,
        /// Where the tag is written in the fragment, for elements shown as written ([`Element::Source`]).
        span: Range<usize>,
    },
    /// An end tag.
    End {
        /// Element name, lowercase.
        name: String,
        /// Where the tag is written in the fragment.
        span: Range<usize>,
    },
}

/// The attributes that carry content; every other attribute is presentation and is not kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attributes {
    /// `href` of `<a>`.
    pub href: Option<String>,
    /// `src` of `<img>`.
    pub src: Option<String>,
    /// `alt` of `<img>`.
    pub alt: Option<String>,
    /// A non-empty `title` (a tooltip, which the model has no place for).
    pub title: bool,
    /// `class`, for the language of `<pre class="language-rust">`.
    pub class: Option<String>,
}

/// The tokens of an HTML fragment, in order, each with the byte offset where it starts: text and tags;
/// comments, doctypes, processing instructions and CDATA vanish (none of them is shown by a browser). The
/// bodies of `<script>` and `<style>` are read as text up to their end tag, as a browser reads them, so a
/// `</p>` inside a script string is not a tag. Streamed, so a block of a million tags is never held twice.
pub fn tokens(fragment: &str) -> Tokens<'_> {
    Tokens {
        fragment,
        tokenizer: Tokenizer::new_with_emitter(fragment, html5gum::DefaultEmitter::<usize>::new_with_span()),
        pending: None,
    }
}

/// The iterator of [`tokens`].
#[derive(Debug)]
pub struct Tokens<'a> {
    fragment: &'a str,
    tokenizer: Tokenizer<html5gum::StringReader<'a>, html5gum::DefaultEmitter<usize>>,
    /// A tag read while looking for more text to join to the text before it.
    pending: Option<(usize, HtmlToken)>,
}

impl Tokens<'_> {
    /// The next token of interest from the tokenizer.
    fn next_token(&mut self) -> Option<(usize, HtmlToken)> {
        loop {
            // A string reader cannot fail: the error type is `Infallible`.
            let Ok(token) = self.tokenizer.next()?;
            match token {
                Token::StartTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                    let attribute = |key: &[u8]| {
                        tag.attributes
                            .get(key)
                            .map(|value| String::from_utf8_lossy(&value.value).into_owned())
                    };
                    let attributes = Attributes {
                        href: attribute(b"href"),
                        src: attribute(b"src"),
                        alt: attribute(b"alt"),
                        title: attribute(b"title").is_some_and(|t| !t.trim().is_empty()),
                        class: attribute(b"class"),
                    };
                    if !tag.self_closing {
                        if let Some(state) = text_state(&name) {
                            self.tokenizer.set_state(state);
                        }
                    }
                    let span = tag.span.start..tag.span.end.min(self.fragment.len());
                    return Some((tag.span.start, HtmlToken::Start { name, attributes, span }));
                }
                Token::EndTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                    let span = tag.span.start..tag.span.end.min(self.fragment.len());
                    return Some((tag.span.start, HtmlToken::End { name, span }));
                }
                Token::String(string) => {
                    let text = String::from_utf8_lossy(&string.value).into_owned();
                    return Some((string.span.start, HtmlToken::Text(text)));
                }
                Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
            }
        }
    }
}

impl Iterator for Tokens<'_> {
    type Item = (usize, HtmlToken);

    /// The next token; consecutive pieces of text come as one.
    fn next(&mut self) -> Option<(usize, HtmlToken)> {
        let (offset, token) = self.pending.take().or_else(|| self.next_token())?;
        let HtmlToken::Text(mut text) = token else { return Some((offset, token)) };
        while let Some((next_offset, next)) = self.next_token() {
            match next {
                HtmlToken::Text(more) => text.push_str(&more),
                other => {
                    self.pending = Some((next_offset, other));
                    break;
                }
            }
        }
        Some((offset, HtmlToken::Text(text)))
    }
}

/// The tokenizer state an element's content is read in: raw text for the hidden `<script>` and `<style>`
/// (HTML standard §13.2.5). The other raw-text elements are shown as their source ([`Element::Source`]), so
/// nothing after them is swallowed; `<iframe>`, `<noscript>` and the like hold fallback text paiban shows,
/// so tags inside them are tags.
fn text_state(name: &str) -> Option<State> {
    match name {
        "script" => Some(State::ScriptData),
        "style" => Some(State::RawText),
        _ => None,
    }
}

/// What an element becomes in the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Element {
    /// `<br>`: a line break.
    LineBreak,
    /// A block element with no meaning of its own (`<p>`, `<div>`, `<li>`…): in an HTML block it ends the
    /// paragraph, so its text does not run into the next element's.
    Boundary,
    /// A block structure the reader does not rebuild from HTML (lists, tables, definition lists): its
    /// items become paragraphs, reported.
    Flattened,
    /// `<h1>`…`<h6>` in an HTML block: a heading.
    Heading(u8),
    /// `<em>`, `<i>`.
    Emph,
    /// `<strong>`, `<b>`.
    Strong,
    /// `<del>`, `<s>`, `<strike>`.
    Strike,
    /// `<sup>`.
    Superscript,
    /// `<sub>`.
    Subscript,
    /// `<code>`, `<kbd>`, `<samp>`, `<tt>`: inline code.
    Code,
    /// `<a href>`: a link (without `href` it is an anchor, which the model has no place for).
    Link,
    /// `<img>`: an image, shown as its alt text where it cannot be loaded.
    Image,
    /// `<pre>` (and the obsolete `<listing>`) in an HTML block: a code block keeping line breaks and
    /// indentation.
    Preformatted,
    /// `<blockquote>`, `<details>` in an HTML block: a quote, which may span Markdown blocks until its end tag.
    Quote,
    /// `<summary>`: the bold label line of its `<details>` quote.
    Summary,
    /// `<hr>`: a thematic break.
    Rule,
    /// Markup with no visible effect of its own (`<span>`, `<html>`, `<body>`, `<center>`…): its text is kept
    /// and nothing is reported.
    Plain,
    /// Markup whose look the model cannot express yet (`<sup>`, `<sub>`, `<u>`, `<mark>`…; superscript and
    /// subscript are issue 17): its text is kept as plain text, reported.
    Undecorated,
    /// An element whose content a browser does not show (`<script>`, `<style>`, `<template>`): dropped with
    /// its content, reported.
    Hidden,
    /// The elements GFM's tag filter disallows because they change how what follows is parsed
    /// (`<textarea>`, `<title>`, `<xmp>`, `<plaintext>`, `<noembed>`, `<noframes>`): their tags are shown as
    /// written, as GitHub shows them, and their content as ordinary text. (`<script>`, `<style>` and
    /// `<iframe>`, also filtered by GFM, are hidden or dropped instead: printing scripts helps no reader.)
    Source,
    /// Anything else (`<iframe>`, `<video>`, `<input>`, custom elements…): dropped, its text kept, reported.
    Unknown,
}

impl Element {
    /// The element `name` (lowercase) is.
    pub fn of(name: &str) -> Element {
        match name {
            "br" => Element::LineBreak,
            "p" | "div" | "section" | "article" | "header" | "footer" | "main" | "nav" | "aside"
            | "figure" | "figcaption" | "address" | "li" | "dt" | "dd" | "tr" | "td" | "th" | "caption"
            | "thead" | "tbody" | "tfoot" | "center" | "picture" | "hgroup" | "fieldset" | "form"
            | "legend" => Element::Boundary,
            "ul" | "ol" | "dl" | "table" | "menu" => Element::Flattened,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                Element::Heading(name.as_bytes().get(1).map_or(1, |digit| digit - b'0'))
            }
            "em" | "i" | "cite" | "dfn" | "var" => Element::Emph,
            "strong" | "b" => Element::Strong,
            "del" | "s" | "strike" => Element::Strike,
            "sup" => Element::Superscript,
            "sub" => Element::Subscript,
            "code" | "kbd" | "samp" | "tt" => Element::Code,
            "a" => Element::Link,
            "img" => Element::Image,
            "pre" | "listing" => Element::Preformatted,
            "blockquote" | "details" => Element::Quote,
            "summary" => Element::Summary,
            "hr" => Element::Rule,
            "span" | "font" | "html" | "body" | "head" | "abbr" | "bdi" | "bdo" | "time" | "data" | "wbr"
            | "meta" | "link" | "source" | "nobr" | "label" | "q" => Element::Plain,
            "u" | "ins" | "mark" | "small" | "big" | "ruby" | "rt" | "rp" => Element::Undecorated,
            "script" | "style" | "template" => Element::Hidden,
            "textarea" | "title" | "xmp" | "plaintext" | "noembed" | "noframes" => Element::Source,
            _ => Element::Unknown,
        }
    }

    /// Whether the element never has content (so its start tag opens nothing).
    pub fn is_void(name: &str) -> bool {
        matches!(
            name,
            "area"
                | "base"
                | "br"
                | "col"
                | "embed"
                | "hr"
                | "img"
                | "input"
                | "link"
                | "meta"
                | "param"
                | "source"
                | "track"
                | "wbr"
        )
    }
}

/// What happened to an element, as the report says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fate {
    /// The element vanished; its text is kept.
    TextKept,
    /// The element and its content vanished.
    ContentDropped,
    /// A list or table whose items became paragraphs.
    Paragraphs,
    /// Superscript, underline…: shown as plain text.
    PlainText,
    /// `<a>` without `href`: an anchor, kept as its text.
    Anchor,
    /// `<img>` without `src`: its alt text is shown.
    AltOnly,
    /// A tag the GFM tag filter disallows, shown as written.
    Source,
}

impl Fate {
    fn describe(self) -> &'static str {
        match self {
            Fate::TextKept => "dropped, its text kept",
            Fate::ContentDropped => "dropped with its content",
            Fate::Paragraphs => "reduced to paragraphs, its text kept",
            Fate::PlainText => "shown as plain text (the model has no such style yet)",
            Fate::Anchor => "without href (an anchor) dropped, its text kept",
            Fate::AltOnly => "without src: its alt text is shown",
            Fate::Source => "shown as written, as GitHub shows it (GFM's tag filter)",
        }
    }
}

/// How many element kinds the report names one per line; the rest share one line, so that a file with
/// thousands of different made-up tags still gives a handful of lines.
const NAMED_KINDS: usize = 8;

/// Raw HTML reduced or dropped in one document, grouped by element name and fate.
#[derive(Debug, Default)]
pub struct Report {
    kinds: BTreeMap<(String, Fate), Occurrences>,
}

/// How often one kind of element met its fate, and where first.
#[derive(Debug, Clone, Copy)]
struct Occurrences {
    count: usize,
    first_line: usize,
}

impl Report {
    /// Records one `<name>` that met `fate` at `line`.
    pub fn record(&mut self, name: &str, fate: Fate, line: usize) {
        let entry =
            self.kinds.entry((name.to_owned(), fate)).or_insert(Occurrences { count: 0, first_line: line });
        entry.count += 1;
        entry.first_line = entry.first_line.min(line);
    }

    /// One warning per element kind, in the order of their first line (`line 12: raw HTML <iframe>
    /// dropped, its text kept`), the rarer kinds beyond the first few summed up in one more line.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut kinds: Vec<_> =
            self.kinds.iter().map(|((name, fate), seen)| (name.as_str(), *fate, *seen)).collect();
        kinds.sort_by_key(|(name, fate, seen)| (seen.first_line, *name, *fate));
        let mut out: Vec<Diagnostic> = kinds
            .iter()
            .take(NAMED_KINDS)
            .map(|(name, fate, seen)| {
                let times = if seen.count > 1 { format!(" ({} times)", seen.count) } else { String::new() };
                Diagnostic::warning(fate_kind(*fate), format!("raw HTML <{name}> {}{times}", fate.describe()))
                    .at(format!("line {}", seen.first_line))
            })
            .collect();
        let rest = kinds.get(NAMED_KINDS..).unwrap_or_default();
        if let Some(first) = rest.iter().map(|(_, _, seen)| seen.first_line).min() {
            let count: usize = rest.iter().map(|(_, _, seen)| seen.count).sum();
            let mut names: Vec<&str> = rest.iter().map(|(name, _, _)| *name).collect();
            names.dedup();
            let shown: Vec<String> = names.iter().take(5).map(|n| format!("<{n}>")).collect();
            let more =
                if names.len() > 5 { format!(" and {} more kinds", names.len() - 5) } else { String::new() };
            out.push(
                Diagnostic::warning(
                    Kind::Unsupported,
                    format!(
                        "{count} more raw HTML element(s) ({}{more}) dropped or reduced, their text kept",
                        shown.join(", ")
                    ),
                )
                .at(format!("line {first}")),
            );
        }
        out
    }
}

fn fate_kind(fate: Fate) -> Kind {
    match fate {
        Fate::ContentDropped => Kind::Dropped,
        _ => Kind::Unsupported,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A token as the tests write it: tags by name only.
    #[derive(Debug, PartialEq, Eq)]
    enum Kind {
        Text(String),
        Start(String),
        End(String),
    }

    fn start(name: &str) -> Kind {
        Kind::Start(name.into())
    }

    fn end(name: &str) -> Kind {
        Kind::End(name.into())
    }

    fn text(text: &str) -> Kind {
        Kind::Text(text.into())
    }

    fn kinds(fragment: &str) -> Vec<Kind> {
        tokens(fragment)
            .map(|(_, token)| match token {
                HtmlToken::Text(t) => Kind::Text(t),
                HtmlToken::Start { name, .. } => Kind::Start(name),
                HtmlToken::End { name, .. } => Kind::End(name),
            })
            .collect()
    }

    #[test]
    fn quoted_angle_brackets_stay_inside_attributes() {
        let fragment = "<span title=\"1 > 0\">文本</span>";
        let tokens: Vec<(usize, HtmlToken)> = tokens(fragment).collect();
        assert_eq!(tokens.len(), 3);
        let (0, HtmlToken::Start { name, attributes, span }) = &tokens[0] else { panic!("{tokens:?}") };
        assert_eq!((name.as_str(), attributes.title), ("span", true));
        assert_eq!(&fragment[span.clone()], "<span title=\"1 > 0\">");
        assert_eq!(tokens[1], (20, HtmlToken::Text("文本".into())));
        assert!(matches!(&tokens[2].1, HtmlToken::End { name, .. } if name == "span"));
    }

    #[test]
    fn script_bodies_are_text_up_to_their_end_tag() {
        assert_eq!(
            kinds("<script>if (a<b) x='</p>';</script>后"),
            [start("script"), text("if (a<b) x='</p>';"), end("script"), text("后")]
        );
    }

    #[test]
    fn comments_doctypes_and_processing_instructions_vanish_and_entities_decode() {
        assert_eq!(
            kinds("<!-- c --><!DOCTYPE html><?php x ?>a &lt; b &amp; &#20013;<BR/>"),
            [text("a < b & 中"), start("br")]
        );
    }

    #[test]
    fn image_attributes_are_read_and_decoded() {
        let tokens: Vec<(usize, HtmlToken)> =
            tokens("<img src=\"a.png\" alt='图 &amp; 说' title=t width=3>").collect();
        let [(_, HtmlToken::Start { name, attributes, .. })] = tokens.as_slice() else {
            panic!("{tokens:?}")
        };
        assert_eq!(name, "img");
        assert_eq!(attributes.src.as_deref(), Some("a.png"));
        assert_eq!(attributes.alt.as_deref(), Some("图 & 说"));
        assert!(attributes.title);
    }

    #[test]
    fn thousands_of_kinds_give_a_handful_of_report_lines() {
        let mut report = Report::default();
        for i in 0..10_000 {
            report.record(&format!("x-{i}"), Fate::TextKept, i + 1);
        }
        report.record("iframe", Fate::TextKept, 3);
        report.record("iframe", Fate::TextKept, 12);
        let lines = report.diagnostics();
        assert_eq!(lines.len(), NAMED_KINDS + 1);
        let first: Vec<String> = lines.iter().take(4).map(ToString::to_string).collect();
        assert_eq!(first[2], "warning: line 3: raw HTML <iframe> dropped, its text kept (2 times)");
        assert!(
            lines[NAMED_KINDS].message.contains("9993 more raw HTML element(s)"),
            "{}",
            lines[NAMED_KINDS]
        );
    }
}
