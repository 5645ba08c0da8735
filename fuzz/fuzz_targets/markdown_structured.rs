//! Structured Markdown: libFuzzer's bytes drive a generator of documents built from the constructs that
//! stress a reader and the backends together — nesting of every container, footnotes that refer to each other
//! and to themselves, images under many spellings of one file, links of every scheme, raw HTML, tables, code,
//! front matter — so the fuzzer spends its time on well-formed but hostile documents instead of rediscovering
//! Markdown syntax byte by byte. Each document is read (with an image folder) and rendered to all three
//! formats in memory; nothing may panic, and the model must stay within `MAX_DEPTH`.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use paiban::backend::{self, Format, RenderOptions, Timestamp};
use paiban::fonts::FontBook;
use paiban::model::MAX_DEPTH;
use paiban::read::{self, markdown::ImageBase, InputFormat, ReadOptions};
use paiban::style::{Style, StyleName};
use std::fmt::Write;
use std::path::PathBuf;
use std::sync::OnceLock;

/// A whole document: optional front matter, then blocks.
#[derive(Debug, Arbitrary)]
struct Doc {
    front_matter: Option<Vec<(Key, Scalar)>>,
    blocks: Vec<BlockNode>,
    style: u8,
}

#[derive(Debug, Arbitrary)]
enum BlockNode {
    Paragraph(Vec<InlineNode>),
    Heading(u8, Vec<InlineNode>),
    /// `depth` levels of `>` around the content, written on one line as a hostile file would.
    Quotes(u8, Vec<InlineNode>),
    Quote(Vec<BlockNode>),
    List { ordered: bool, items: Vec<Vec<BlockNode>> },
    /// `depth` nested list markers on one line.
    DeepList(u8, bool, Words),
    Code(Option<Words>, Words),
    Html(HtmlNode),
    FootnoteDefinition(u8, Vec<InlineNode>),
    Table { columns: u8, rows: Vec<Vec<Vec<InlineNode>>> },
    Rule,
    /// A `---` pair in the middle of a document, as a hostile or careless author writes it.
    DashedBlock(Vec<(Key, Scalar)>),
}

#[derive(Debug, Arbitrary)]
enum InlineNode {
    Text(Words),
    Emph(Vec<InlineNode>),
    Strong(Vec<InlineNode>),
    Strike(Vec<InlineNode>),
    /// `depth` stacked delimiters around a word: `***…word…***`.
    DeepEmphasis(u8, u8, Words),
    Code(Words),
    Link(Url, Vec<InlineNode>, Option<Words>),
    Autolink(Url),
    BareUrl(Url, u8),
    Image(ImageSrc, Words),
    FootnoteRef(u8),
    Html(HtmlNode),
    LineBreak,
}

#[derive(Debug, Arbitrary)]
enum HtmlNode {
    Element { tag: Tag, attributes: Vec<(Attribute, Words)>, children: Vec<HtmlNode> },
    /// `depth` nested copies of one element.
    Deep(Tag, u8, Words),
    Text(Words),
    Comment(Words),
    Entity(u32),
    Unclosed(Tag),
}

#[derive(Debug, Arbitrary)]
enum Tag {
    Div, Span, P, Details, Summary, Pre, Img, Del, S, Sup, Sub, Em, B, A, Br, Script, Style, Table, Td, Iframe,
    Svg, Code,
}

#[derive(Debug, Arbitrary)]
enum Attribute { Href, Src, Alt, Title, Onclick, Style, Class }

#[derive(Debug, Arbitrary)]
enum Url {
    Http(Words),
    Javascript,
    Data,
    File,
    Mailto(Words),
    Fragment(Words),
    Relative(Words),
    Odd(OddUrl),
    Long(u16),
    Parentheses(u16),
}

#[derive(Debug, Arbitrary)]
enum OddUrl { BadPort, BadEscape, SpaceInHost, EmptyHost, LongLabel, Unicode, Www, Email }

#[derive(Debug, Arbitrary)]
enum ImageSrc { Plain, Dotted, Query, Fragment, Escaped, Missing, Outside, Absolute, Remote, Svg, Truncated }

#[derive(Debug, Arbitrary)]
enum Key { Title, Author, Date, Lang, Keywords, Style, Other }

#[derive(Debug, Arbitrary)]
enum Scalar { Text(Words), Number(i64), List(Vec<Words>), Map(Words), Nested(u8), Alias }

/// Text from a small vocabulary of Chinese, Latin and Markdown-significant pieces.
#[derive(Debug, Arbitrary)]
struct Words(Vec<u8>);

const VOCABULARY: &[&str] = &[
    "中文", "排版", "，", "。", "“引号”", "（括号）", "word", " ", "*", "_", "[", "]", "(", ")", "<", ">", "&amp;",
    "&#x4E2D;", "\\", "`", "|", "#", "-", "1.", "!", "~", "\n", "　", "שלום", "😀", "𠀾", "\u{0}", "http://",
];

impl Words {
    fn write(&self, out: &mut String) {
        for &b in self.0.iter().take(24) {
            out.push_str(VOCABULARY[usize::from(b) % VOCABULARY.len()]);
        }
    }
    fn string(&self) -> String {
        let mut s = String::new();
        self.write(&mut s);
        s
    }
}

/// Bounds on what one input may generate, so that each run stays fast (the hostile *shapes* matter, not size).
const MAX_REPEAT: usize = 400;

fn clamp(n: impl Into<usize>) -> usize {
    n.into().min(MAX_REPEAT)
}

impl Doc {
    fn markdown(&self) -> String {
        let mut out = String::new();
        if let Some(pairs) = &self.front_matter {
            out.push_str("---\n");
            pairs.iter().for_each(|(k, v)| write_pair(&mut out, k, v));
            out.push_str("---\n\n");
        }
        for block in &self.blocks {
            block.write(&mut out, "");
            out.push('\n');
        }
        out
    }
}

fn write_pair(out: &mut String, key: &Key, value: &Scalar) {
    let key = match key {
        Key::Title => "title",
        Key::Author => "author",
        Key::Date => "date",
        Key::Lang => "lang",
        Key::Keywords => "keywords",
        Key::Style => "style",
        Key::Other => "x-other",
    };
    let _ = write!(out, "{key}: ");
    match value {
        Scalar::Text(w) => {
            let _ = writeln!(out, "\"{}\"", w.string().replace(['"', '\n', '\\'], ""));
        }
        Scalar::Number(n) => {
            let _ = writeln!(out, "{n}");
        }
        Scalar::List(items) => {
            let items: Vec<String> = items.iter().map(|w| w.string().replace(['"', '\n', '\\'], "")).collect();
            let _ = writeln!(out, "[\"{}\"]", items.join("\", \""));
        }
        Scalar::Map(w) => {
            let _ = writeln!(out, "{{a: \"{}\"}}", w.string().replace(['"', '\n', '\\', '{', '}'], ""));
        }
        Scalar::Nested(depth) => {
            let depth = clamp(*depth);
            let _ = writeln!(out, "{}1{}", "[".repeat(depth), "]".repeat(depth));
        }
        Scalar::Alias => out.push_str("&a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: [*b, *b, *b, *b]\n"),
    }
}

impl BlockNode {
    fn write(&self, out: &mut String, prefix: &str) {
        out.push_str(prefix);
        match self {
            BlockNode::Paragraph(inlines) => write_inlines(out, inlines),
            BlockNode::Heading(level, inlines) => {
                out.push_str(&"#".repeat(usize::from(level % 7).max(1)));
                out.push(' ');
                write_inlines(out, inlines);
            }
            BlockNode::Quotes(depth, inlines) => {
                out.push_str(&">".repeat(clamp(*depth)));
                out.push(' ');
                write_inlines(out, inlines);
            }
            BlockNode::Quote(blocks) => {
                let inner = format!("{prefix}> ");
                out.push_str("> ");
                for (i, block) in blocks.iter().enumerate() {
                    block.write(out, if i == 0 { "" } else { &inner });
                    out.push('\n');
                    out.push_str(&inner);
                }
            }
            BlockNode::List { ordered, items } => {
                for (i, item) in items.iter().enumerate() {
                    let marker = if *ordered { format!("{}. ", i + 1) } else { "- ".to_owned() };
                    let inner = format!("{prefix}{}", " ".repeat(marker.len()));
                    if i > 0 {
                        out.push_str(prefix);
                    }
                    out.push_str(&marker);
                    for (j, block) in item.iter().enumerate() {
                        block.write(out, if j == 0 { "" } else { &inner });
                        out.push('\n');
                    }
                    if item.is_empty() {
                        out.push('\n');
                    }
                }
            }
            BlockNode::DeepList(depth, ordered, words) => {
                let marker = if *ordered { "1. " } else { "- " };
                out.push_str(&marker.repeat(clamp(*depth)));
                words.write(out);
            }
            BlockNode::Code(lang, code) => {
                out.push_str("```");
                if let Some(lang) = lang {
                    out.push_str(&lang.string().replace(['`', '\n'], ""));
                }
                out.push('\n');
                out.push_str(&code.string().replace("```", "``"));
                out.push_str("\n```");
            }
            BlockNode::Html(node) => node.write(out),
            BlockNode::FootnoteDefinition(label, inlines) => {
                let _ = write!(out, "[^n{}]: ", label % 8);
                write_inlines(out, inlines);
            }
            BlockNode::Table { columns, rows } => {
                let columns = usize::from(*columns % 12).max(1);
                out.push_str(&"| h ".repeat(columns));
                out.push_str("|\n");
                out.push_str(&"|---".repeat(columns));
                out.push_str("|\n");
                for row in rows.iter().take(MAX_REPEAT) {
                    for cell in row.iter().take(columns) {
                        out.push_str("| ");
                        let mut text = String::new();
                        write_inlines(&mut text, cell);
                        out.push_str(&text.replace(['\n', '|'], " "));
                    }
                    out.push_str("|\n");
                }
            }
            BlockNode::Rule => out.push_str("***"),
            BlockNode::DashedBlock(pairs) => {
                out.push_str("---\n");
                pairs.iter().for_each(|(k, v)| write_pair(out, k, v));
                out.push_str("---");
            }
        }
        out.push('\n');
    }
}

fn write_inlines(out: &mut String, inlines: &[InlineNode]) {
    for inline in inlines {
        inline.write(out);
    }
}

impl InlineNode {
    fn write(&self, out: &mut String) {
        match self {
            InlineNode::Text(w) => w.write(out),
            InlineNode::Emph(c) => wrap(out, "*", c),
            InlineNode::Strong(c) => wrap(out, "**", c),
            InlineNode::Strike(c) => wrap(out, "~~", c),
            InlineNode::DeepEmphasis(depth, kind, w) => {
                let mark = ["*", "_", "**", "~~"][usize::from(kind % 4)].repeat(clamp(*depth));
                out.push_str(&mark);
                w.write(out);
                out.push_str(&mark);
            }
            InlineNode::Code(w) => {
                out.push('`');
                out.push_str(&w.string().replace('`', ""));
                out.push('`');
            }
            InlineNode::Link(url, content, title) => {
                out.push('[');
                write_inlines(out, content);
                out.push_str("](");
                out.push_str(&url.string().replace([' ', '(', ')'], "%20"));
                if let Some(title) = title {
                    let _ = write!(out, " \"{}\"", title.string().replace('"', ""));
                }
                out.push(')');
            }
            InlineNode::Autolink(url) => {
                let _ = write!(out, "<{}>", url.string().replace([' ', '<', '>'], ""));
            }
            InlineNode::BareUrl(url, tail) => {
                out.push_str(&url.string());
                out.push_str(["", "。", "，继续", ")", "）", "汉字"][usize::from(tail % 6)]);
            }
            InlineNode::Image(src, alt) => {
                let _ = write!(out, "![{}]({})", alt.string().replace([']', '['], ""), src.path());
            }
            InlineNode::FootnoteRef(label) => {
                let _ = write!(out, "[^n{}]", label % 8);
            }
            InlineNode::Html(node) => node.write(out),
            InlineNode::LineBreak => out.push_str("  \n"),
        }
    }
}

fn wrap(out: &mut String, mark: &str, content: &[InlineNode]) {
    out.push_str(mark);
    write_inlines(out, content);
    out.push_str(mark);
}

impl Url {
    fn string(&self) -> String {
        match self {
            Url::Http(w) => format!("https://example.org/{}", w.string()),
            Url::Javascript => "javascript:alert(1)".to_owned(),
            Url::Data => "data:text/html;base64,PHNjcmlwdD4=".to_owned(),
            Url::File => "file://host/share/secret.txt".to_owned(),
            Url::Mailto(w) => format!("mailto:{}@example.org", w.string()),
            Url::Fragment(w) => format!("#{}", w.string()),
            Url::Relative(w) => format!("../{}.md", w.string()),
            Url::Odd(odd) => match odd {
                OddUrl::BadPort => "http://example.org:99999/".to_owned(),
                OddUrl::BadEscape => "http://example.org/%zz".to_owned(),
                OddUrl::SpaceInHost => "http://exa mple.org/".to_owned(),
                OddUrl::EmptyHost => "http:///path".to_owned(),
                OddUrl::LongLabel => format!("http://{}.org/", "a".repeat(64)),
                OddUrl::Unicode => "https://zh.wikipedia.org/wiki/汉字".to_owned(),
                OddUrl::Www => "www.example.org/路径".to_owned(),
                OddUrl::Email => "someone@example.org".to_owned(),
            },
            Url::Long(n) => format!("https://example.org/{}", "x".repeat(usize::from(*n) * 8)),
            Url::Parentheses(n) => format!("http://a{}", ")".repeat(usize::from(*n))),
        }
    }
}

impl ImageSrc {
    fn path(&self) -> &'static str {
        match self {
            ImageSrc::Plain => "a.png",
            ImageSrc::Dotted => "./a.png",
            ImageSrc::Query => "a.png?1",
            ImageSrc::Fragment => "a.png#x",
            ImageSrc::Escaped => "%61.png",
            ImageSrc::Missing => "missing.png",
            ImageSrc::Outside => "../outside.png",
            ImageSrc::Absolute => "/etc/passwd",
            ImageSrc::Remote => "https://example.org/a.png",
            ImageSrc::Svg => "hostile.svg",
            ImageSrc::Truncated => "truncated.jpg",
        }
    }
}

impl Tag {
    fn name(&self) -> &'static str {
        match self {
            Tag::Div => "div",
            Tag::Span => "span",
            Tag::P => "p",
            Tag::Details => "details",
            Tag::Summary => "summary",
            Tag::Pre => "pre",
            Tag::Img => "img",
            Tag::Del => "del",
            Tag::S => "s",
            Tag::Sup => "sup",
            Tag::Sub => "sub",
            Tag::Em => "em",
            Tag::B => "b",
            Tag::A => "a",
            Tag::Br => "br",
            Tag::Script => "script",
            Tag::Style => "style",
            Tag::Table => "table",
            Tag::Td => "td",
            Tag::Iframe => "iframe",
            Tag::Svg => "svg",
            Tag::Code => "code",
        }
    }
}

impl HtmlNode {
    fn write(&self, out: &mut String) {
        match self {
            HtmlNode::Element { tag, attributes, children } => {
                let _ = write!(out, "<{}", tag.name());
                for (attribute, value) in attributes.iter().take(4) {
                    let name = match attribute {
                        Attribute::Href => "href",
                        Attribute::Src => "src",
                        Attribute::Alt => "alt",
                        Attribute::Title => "title",
                        Attribute::Onclick => "onclick",
                        Attribute::Style => "style",
                        Attribute::Class => "class",
                    };
                    let _ = write!(out, " {name}=\"{}\"", value.string().replace('"', "&quot;"));
                }
                out.push('>');
                children.iter().for_each(|child| child.write(out));
                let _ = write!(out, "</{}>", tag.name());
            }
            HtmlNode::Deep(tag, depth, words) => {
                let depth = clamp(*depth);
                for _ in 0..depth {
                    let _ = write!(out, "<{}>", tag.name());
                }
                words.write(out);
                for _ in 0..depth {
                    let _ = write!(out, "</{}>", tag.name());
                }
            }
            HtmlNode::Text(w) => w.write(out),
            HtmlNode::Comment(w) => {
                let _ = write!(out, "<!-- {} -->", w.string().replace("--", ""));
            }
            HtmlNode::Entity(code) => {
                let _ = write!(out, "&#x{code:X};");
            }
            HtmlNode::Unclosed(tag) => {
                let _ = write!(out, "<{} title=\"1 > 0\"", tag.name());
            }
        }
    }
}

/// A folder holding the images the generator names: a small PNG, a hostile SVG and a truncated JPEG, with
/// `outside.png` beside (not inside) it.
fn image_folder() -> &'static PathBuf {
    static FOLDER: OnceLock<PathBuf> = OnceLock::new();
    FOLDER.get_or_init(|| {
        let base = std::env::temp_dir().join(format!("paiban-fuzz-{}", std::process::id()));
        let root = base.join("doc");
        let _ = std::fs::create_dir_all(&root);
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\0\x05\0\x01\xff\x89\x99=\x1d\0\0\0\0IEND\xaeB`\x82";
        let _ = std::fs::write(root.join("a.png"), png);
        let _ = std::fs::write(base.join("outside.png"), png);
        let _ = std::fs::write(
            root.join("hostile.svg"),
            "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>\
             <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\" onload=\"alert(1)\">\
             <script>alert(2)</script><image href=\"http://example.org/x.png\" width=\"5\" height=\"5\"/>\
             <text>&b;</text><rect width=\"5\" height=\"5\"/></svg>",
        );
        let _ = std::fs::write(root.join("truncated.jpg"), [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F']);
        root
    })
}

static FONTS: OnceLock<FontBook> = OnceLock::new();

fuzz_target!(|doc: Doc| {
    let text = doc.markdown();
    // To see what an artifact is: `PAIBAN_FUZZ_SHOW=1 target/…/markdown_structured ARTIFACT`.
    if std::env::var_os("PAIBAN_FUZZ_SHOW").is_some() {
        eprintln!("{text}");
    }
    let root = image_folder();
    let images = ImageBase { dir: root, root };
    let Ok(parsed) =
        read::read_bytes_in(text.as_bytes(), InputFormat::Markdown, "fuzz.md", ReadOptions::default(), Some(images))
    else {
        return;
    };
    let document = parsed.document;
    assert!(document.depth() <= MAX_DEPTH, "depth {} past the cap", document.depth());
    let style = Style::preset(match doc.style % 3 {
        0 => StyleName::Report,
        1 => StyleName::Book,
        _ => StyleName::Gongwen,
    });
    let fonts = FONTS.get_or_init(|| FontBook::new(&[]));
    let options = RenderOptions { style: &style, fonts, timestamp: Timestamp::DEFAULT, embed_fonts: true };
    for output in backend::render_all(&Format::ALL, &document, &options).into_iter().flatten() {
        assert!(!output.bytes.is_empty());
    }
});
