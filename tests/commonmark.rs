//! Conformance: every CommonMark 0.31.2 spec example and every GFM addition (tables, strikethrough,
//! autolinks, tag filter, task lists, and cmark-gfm's extension tests), read by the Markdown reader and
//! written by the EPUB backend, compared with the spec's expected HTML as a reader of the book sees it:
//! the visible text, and the structure (block and inline kinds).
//!
//! The requirement: no example loses or adds visible text; the structure is the spec's except for the
//! differences by design listed in [`BY_DESIGN`], each with its reason. A difference not listed fails
//! the test, and so does a listed one that no longer differs (so the list stays true). The fixtures and
//! their provenance are in `tests/fixtures/commonmark/`.

use html5gum::{Token, Tokenizer};
use paiban::backend::epub;
use paiban::fonts::FontBook;
use paiban::read::markdown::read_markdown;
use paiban::style::{Style, StyleName};
use paiban::{RenderOptions, Timestamp};
use rayon::prelude::*;
use std::io::Read;
use std::path::Path;

/// One spec example.
struct Example {
    /// `cm` (CommonMark 0.31.2), `gfm` (GFM spec additions) or `ext` (cmark-gfm extension tests).
    suite: &'static str,
    /// Its number in its file, counting every example of the file (the spec's own numbering).
    number: usize,
    /// The heading of the spec section it is in.
    section: String,
    markdown: String,
    html: String,
}

/// The examples of a spec file (`→` stands for a tab), keeping those whose fence info `keep` accepts.
fn examples(file: &str, suite: &'static str, keep: fn(&str) -> bool) -> Vec<Example> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/commonmark").join(file);
    let text = std::fs::read_to_string(&path).expect("spec fixture");
    let fence = "`".repeat(32);
    let opening = format!("{fence} example");
    let mut out = Vec::new();
    let mut section = String::new();
    let mut number = 0;
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some(info) = line.strip_prefix(&opening) {
            number += 1;
            let mut markdown = String::new();
            for line in lines.by_ref().take_while(|l| *l != ".") {
                markdown.push_str(line);
                markdown.push('\n');
            }
            let mut html = String::new();
            for line in lines.by_ref().take_while(|l| *l != fence) {
                html.push_str(line);
                html.push('\n');
            }
            if keep(info.trim()) {
                let (markdown, html) = (markdown.replace('→', "\t"), html.replace('→', "\t"));
                out.push(Example { suite, number, section: section.clone(), markdown, html });
            }
        } else if line.starts_with('#') {
            section = line.trim_start_matches('#').trim().to_owned();
        }
    }
    out
}

// Why an example differs from the spec, by design.
const TITLE: &str =
    "a lone leading level-1 heading becomes the document's title (plain text, on the title page) \
                     and the other headings move up a level";
const HTML_TEXT: &str =
    "the text of a raw HTML block becomes a paragraph: the model has no text outside blocks";
const HTML_TABLE: &str =
    "a raw HTML table becomes paragraphs, reported: the reader does not rebuild tables from HTML";
const HTML_SPAN: &str =
    "a raw inline element (`<del>`) does not reach across Markdown blocks: it ends with its HTML block";
const AUTOLINKS: &str = "GFM's extended autolinks are on: bare URLs and e-mail addresses are links";
const LINK_POLICY: &str =
    "the link policy (src/link.rs) keeps a URL that does not parse as a real address (host `..`, a \
                           backslash) as text, with a warning, instead of a link that leads nowhere";
const STYLE: &str =
    "`<style>` is dropped with its content up to the end of its paragraph, reported (GFM's tag \
                     filter shows it as text; printing style sheets helps no reader)";
const TAG_FILTER: &str =
    "`<textarea>` is shown as written, as GitHub's tag filter shows it (CommonMark has no tag \
                          filter, so the spec expects a text area)";

/// Structure differences by design: (suite, example number, reason). The README copies this table.
const BY_DESIGN: &[(&str, usize, &str)] = &[
    ("cm", 62, TITLE),
    ("cm", 66, TITLE),
    ("cm", 72, TITLE),
    ("cm", 80, TITLE),
    ("cm", 81, TITLE),
    ("cm", 82, TITLE),
    ("cm", 115, TITLE),
    ("cm", 148, HTML_TABLE),
    ("cm", 149, HTML_TABLE),
    ("cm", 150, HTML_TEXT),
    ("cm", 151, HTML_TEXT),
    ("cm", 155, HTML_TEXT),
    ("cm", 159, HTML_TEXT),
    ("cm", 160, HTML_TABLE),
    ("cm", 161, HTML_TEXT),
    ("cm", 162, HTML_TEXT),
    ("cm", 163, HTML_TEXT),
    ("cm", 164, HTML_TEXT),
    ("cm", 165, HTML_TEXT),
    ("cm", 166, HTML_TEXT),
    ("cm", 167, HTML_SPAN),
    ("cm", 171, HTML_TEXT),
    ("cm", 174, HTML_TEXT),
    ("cm", 177, HTML_TEXT),
    ("cm", 178, HTML_TEXT),
    ("cm", 180, HTML_TEXT),
    ("cm", 185, HTML_TEXT),
    ("cm", 186, HTML_TEXT),
    ("cm", 189, HTML_TEXT),
    ("cm", 190, HTML_TABLE),
    ("cm", 191, HTML_TABLE),
    ("cm", 600, LINK_POLICY),
    ("cm", 602, AUTOLINKS),
    ("cm", 603, LINK_POLICY),
    ("cm", 606, AUTOLINKS),
    ("cm", 608, AUTOLINKS),
    ("cm", 611, AUTOLINKS),
    ("cm", 612, AUTOLINKS),
    ("gfm", 653, STYLE),
];

/// Visible text differences by design: (suite, example number, reason). Only the raw HTML elements GFM's
/// tag filter is about, where CommonMark, GFM and issue 15 (no script or style text in a document) cannot
/// all be followed.
const TEXT_BY_DESIGN: &[(&str, usize, &str)] = &[("cm", 171, TAG_FILTER), ("gfm", 653, STYLE)];

/// What a reader of the rendering sees: its visible text (whitespace collapsed) and its structure, a
/// sequence of block kinds (`p`, `h1`…`h6`, `ul`/`ol`/`li` and their ends, `blockquote`, `pre`, `table`,
/// `hr`) and the inline kinds inside them (`em`, `strong`, `del`, `code`, `a`, `img`).
#[derive(Debug, Default, PartialEq, Eq)]
struct Seen {
    text: String,
    structure: String,
}

/// Which side of the comparison a rendering is, for the few conventions each side has.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    /// The spec's HTML: raw HTML passes through, `<input type=checkbox>` for task lists, cmark-gfm's
    /// footnote markup.
    Spec,
    /// paiban's XHTML: `[alt]` for images it cannot embed, figures, note references and numbers.
    Paiban,
}

/// How an open element's content counts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Text and structure count.
    Shown,
    /// Nothing inside counts (scripts, note numbers, captions that repeat an alt text).
    Hidden,
    /// paiban's `[alt]` of an image it cannot embed: the text inside is an alt text.
    Alt,
}

/// The normaliser. Conventions that differ between the sides without changing what a reader sees:
/// - `<i>`/`<b>`/`<s>`/`<strike>`/`<kbd>`/`<samp>`/`<tt>` count as `em`/`strong`/`del`/`code`, as they look;
/// - a `p` directly in an `li` is not counted (the model has no tight or loose lists: every item holds
///   blocks), nor one directly in a note (`section.footnotes li`, `aside`);
/// - footnote reference numbers, back-links and note numbers are not text, and the list that holds the
///   notes (`section.footnotes > ol > li`) is not structure;
/// - a task list checkbox is the ballot box paiban writes (☐, ☑);
/// - paiban's `<span class="image-alt">[alt]</span>` is the image `alt` (`[图]` is its placeholder for an
///   empty alt), a `<figure>` is the paragraph holding its image, and its caption, which repeats the alt
///   text, is not counted twice;
/// - an `a` is counted only where the spec's href is an absolute http(s) or mailto URL: which other
///   targets stay clickable in an EPUB is the link policy's decision, not the reader's (the reader keeps
///   every link in the model, as its unit tests check).
fn seen(html: &str, side: Side) -> Seen {
    let mut text = String::new();
    let mut structure: Vec<String> = Vec::new();
    let mut open: Vec<(String, Mode)> = Vec::new();
    let mut alt: Option<String> = None;
    let mut tokenizer = Tokenizer::new(html);
    while let Some(Ok(token)) = tokenizer.next() {
        let inside = |open: &[(String, Mode)], mode: Mode| open.iter().any(|(_, m)| *m == mode);
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                let attribute = |key: &[u8]| {
                    tag.attributes
                        .get(key)
                        .map(|v| String::from_utf8_lossy(&v.value).into_owned())
                        .unwrap_or_default()
                };
                let class = attribute(b"class");
                if !tag.self_closing {
                    let state = match name.as_str() {
                        "script" => Some(html5gum::State::ScriptData),
                        "style" | "xmp" => Some(html5gum::State::RawText),
                        "textarea" | "title" => Some(html5gum::State::RcData),
                        "plaintext" => Some(html5gum::State::PlainText),
                        _ => None,
                    };
                    if let Some(state) = state {
                        tokenizer.set_state(state);
                    }
                }
                let void = matches!(
                    name.as_str(),
                    "br" | "hr"
                        | "img"
                        | "input"
                        | "meta"
                        | "link"
                        | "wbr"
                        | "col"
                        | "area"
                        | "base"
                        | "source"
                );
                let hidden_here = matches!(name.as_str(), "script" | "style" | "template" | "title")
                    || match side {
                        Side::Spec => {
                            (name == "sup" && class.contains("footnote-ref"))
                                || (name == "a" && class.contains("footnote-backref"))
                        }
                        Side::Paiban => {
                            class.contains("noteref") || class.contains("note-number") || name == "figcaption"
                        }
                    };
                let alt_here = side == Side::Paiban && name == "span" && class.contains("image-alt");
                let mode = if inside(&open, Mode::Hidden) || hidden_here {
                    Mode::Hidden
                } else if inside(&open, Mode::Alt) || alt_here {
                    Mode::Alt
                } else {
                    Mode::Shown
                };
                if mode != Mode::Hidden && !inside(&open, Mode::Alt) {
                    let in_notes = open.iter().any(|(n, _)| n == "section.footnotes");
                    let parent = open.last().map(|(n, _)| n.as_str()).unwrap_or_default();
                    let in_pre = open.iter().any(|(n, _)| n == "pre");
                    if is_block_boundary(&name) {
                        text.push(' ');
                    }
                    let kind = match name.as_str() {
                        "p" if parent == "li" || parent == "aside" => None,
                        "p" if side == Side::Paiban && class.contains("figure-alt") => None,
                        "figure" if side == Side::Paiban => Some("p"),
                        "ol" | "li" if in_notes => None,
                        "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "pre" | "hr" | "table" | "ul"
                        | "ol" | "li" | "blockquote" => Some(name.as_str()),
                        "em" | "i" => Some("em"),
                        "strong" | "b" => Some("strong"),
                        "del" | "s" | "strike" => Some("del"),
                        "code" | "kbd" | "samp" | "tt" if !in_pre => Some("code"),
                        "a" => {
                            let href = attribute(b"href").to_ascii_lowercase();
                            let web = ["http://", "https://", "mailto:"].iter().any(|s| href.starts_with(s));
                            (side == Side::Paiban || web).then_some("a")
                        }
                        "img" => Some("img"),
                        "span" if alt_here => Some("img"),
                        _ => None,
                    };
                    if let Some(kind) = kind {
                        structure.push(kind.to_owned());
                    }
                    if name == "img" {
                        text.push_str(&attribute(b"alt"));
                    }
                    if name == "input" && attribute(b"type").eq_ignore_ascii_case("checkbox") {
                        let checked = tag.attributes.contains_key(&b"checked"[..]);
                        text.push_str(if checked { "☑" } else { "☐" });
                    }
                    if alt_here {
                        alt = Some(String::new());
                    }
                }
                if !void {
                    let key = if name == "section" && class.contains("footnotes") {
                        "section.footnotes".to_owned()
                    } else {
                        name
                    };
                    open.push((key, mode));
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                let matches = |n: &str| n == name || (name == "section" && n == "section.footnotes");
                let Some(position) = open.iter().rposition(|(n, _)| matches(n)) else { continue };
                let closed: Vec<(String, Mode)> = open.drain(position..).rev().collect();
                for (element, mode) in closed {
                    let outer_hidden = inside(&open, Mode::Hidden);
                    if mode == Mode::Alt && !inside(&open, Mode::Alt) && !outer_hidden {
                        if let Some(shown) = alt.take() {
                            let shown = shown.trim();
                            let shown =
                                shown.strip_prefix('[').and_then(|s| s.strip_suffix(']')).unwrap_or(shown);
                            text.push_str(if shown == "图" { "" } else { shown });
                        }
                    }
                    if mode == Mode::Shown && !outer_hidden {
                        if is_block_boundary(&element) {
                            text.push(' ');
                        }
                        let in_notes = open.iter().any(|(n, _)| n == "section.footnotes");
                        let counted = matches!(element.as_str(), "ul" | "ol" | "li" | "blockquote" | "table")
                            && !(in_notes && matches!(element.as_str(), "ol" | "li"));
                        if counted {
                            structure.push(format!("/{element}"));
                        }
                    }
                }
            }
            Token::String(string) => {
                let value = String::from_utf8_lossy(&string.value);
                if inside(&open, Mode::Hidden) {
                } else if let Some(buffer) = alt.as_mut() {
                    buffer.push_str(&value);
                } else {
                    text.push_str(&value);
                }
            }
            Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    Seen { text: text.split_whitespace().collect::<Vec<_>>().join(" "), structure: structure.join(" ") }
}

/// Elements that separate the text before them from the text after them.
fn is_block_boundary(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "pre"
            | "hr"
            | "br"
            | "ul"
            | "ol"
            | "li"
            | "blockquote"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "figure"
            | "figcaption"
            | "aside"
            | "section"
            | "details"
            | "summary"
    )
}

/// The body of every content document paiban wrote for `markdown`, in reading order: the title page when
/// the document has a title of its own (a lone leading H1 becomes it), then the chapters.
fn paiban_html(markdown: &str, options: &RenderOptions) -> String {
    let (doc, _) = read_markdown(markdown);
    let output = epub::render(&doc, options).expect("the EPUB is written");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(output.bytes)).expect("a zip container");
    let mut names: Vec<String> =
        zip.file_names().filter(|name| name.starts_with("OEBPS/chapter-")).map(str::to_owned).collect();
    names.sort();
    if doc.meta.title.is_some() {
        names.insert(0, "OEBPS/titlepage.xhtml".to_owned());
    }
    let mut html = String::new();
    for name in names {
        let mut xhtml = String::new();
        zip.by_name(&name).expect("listed entry").read_to_string(&mut xhtml).expect("UTF-8 XHTML");
        let body = xhtml.split_once("<body>").map_or("", |(_, rest)| rest);
        html.push_str(body.split_once("</body>").map_or(body, |(body, _)| body));
    }
    html
}

#[test]
fn spec_examples_keep_their_text_and_structure_through_the_epub_backend() {
    let mut all = examples("commonmark-spec-0.31.2.txt", "cm", |_| true);
    let commonmark = all.len();
    all.extend(examples("gfm-spec.txt", "gfm", |info| !info.is_empty()));
    let gfm = all.len() - commonmark;
    all.extend(examples("gfm-extensions.txt", "ext", |_| true));
    let extensions = all.len() - commonmark - gfm;

    let style = Style::preset(StyleName::Report);
    let fonts = FontBook::new(&[]);
    let options =
        RenderOptions { style: &style, fonts: &fonts, timestamp: Timestamp::DEFAULT, embed_fonts: false };
    let results: Vec<(Seen, Seen)> = all
        .par_iter()
        .map(|example| {
            (seen(&example.html, Side::Spec), seen(&paiban_html(&example.markdown, &options), Side::Paiban))
        })
        .collect();

    let mut failures = Vec::new();
    let mut by_design = 0;
    let mut ignored = 0;
    let mut text_by_design = 0;
    for (example, (expected, actual)) in all.iter().zip(&results) {
        let id = format!("{} {} ({})", example.suite, example.number, example.section);
        let listed =
            BY_DESIGN.iter().find(|(suite, number, _)| *suite == example.suite && *number == example.number);
        if example.html.trim() == "<IGNORE>" {
            // cmark-gfm checks only that this input does not crash; so does this test, by getting here.
            ignored += 1;
            continue;
        }
        let show = || {
            format!(
                "{id}\n  markdown: {:?}\n  spec:   {:?}\n          {}\n  paiban: {:?}\n          {}",
                example.markdown, expected.text, expected.structure, actual.text, actual.structure
            )
        };
        let text_listed = TEXT_BY_DESIGN
            .iter()
            .find(|(suite, number, _)| *suite == example.suite && *number == example.number);
        match (expected.text == actual.text, text_listed) {
            (true, Some((_, _, reason))) => {
                failures.push(format!("text listed as differing ({reason}) but equal: {id}"))
            }
            (false, None) => failures.push(format!("text differs: {}", show())),
            (false, Some(_)) => text_by_design += 1,
            (true, None) => {}
        }
        match (expected.structure == actual.structure, listed) {
            (true, Some((_, _, reason))) => {
                failures.push(format!("listed as differing ({reason}) but equal: {id}"))
            }
            (false, None) => failures.push(format!("structure differs: {}", show())),
            (false, Some(_)) => by_design += 1,
            (true, None) => {}
        }
    }
    println!(
        "commonmark: {} examples ({commonmark} CommonMark 0.31.2, {gfm} GFM, {extensions} cmark-gfm extensions; \
         {ignored} only checked not to crash), {by_design} structure differences by design, {text_by_design} \
         text differences by design (GFM's tag filter), {} text losses",
        all.len(),
        failures.iter().filter(|f| f.starts_with("text differs")).count()
    );
    assert!(failures.is_empty(), "{} unexpected differences:\n{}", failures.len(), failures.join("\n"));
}
