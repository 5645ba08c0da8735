//! DOCX parts of a small canonical document against reviewed goldens in `tests/golden/docx/`.
//!
//! XML is compared structurally: both sides are parsed into element trees (names, attributes sorted,
//! text), so attribute order and formatting whitespace do not matter, and a difference is reported as
//! the path of the first element that differs. Timestamps never reach these two parts. `UPDATE_GOLDEN=1`
//! rewrites the goldens (pretty-printed, so a review reads them); a missing golden fails.

mod common;

use paiban::fonts::FontBook;
use paiban::model::{Align, Block, Document, Image, Inline, Meta, Person, Resource, Role, Table};
use paiban::style::{Style, StyleName};
use paiban::{RenderOptions, Timestamp};
use std::path::PathBuf;

fn text(s: &str) -> Vec<Inline> {
    vec![Inline::Text(s.to_owned())]
}

/// A 4 × 2 pixel PNG header: all the backend reads of it.
fn png() -> Vec<u8> {
    let mut data = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    data.extend_from_slice(&[0, 0, 0, 4, 0, 0, 0, 2, 8, 6, 0, 0, 0]);
    data
}

/// One of everything a Chinese office document has, kept small enough to review by eye.
fn canonical() -> Document {
    let mut doc = Document {
        meta: Meta {
            title: Some("关于开展社区图书馆建设的通知".into()),
            subtitle: Some("在推进会上的讲话".into()),
            authors: vec![Person { name: "林若溪".into(), role: Some("局长".into()) }],
            date: Some("2026-03-18".into()),
            ..Meta::default()
        },
        blocks: vec![
            Block::Paragraph { role: Role::Salutation, content: text("各区文化局：") },
            Block::paragraph("为推进全民阅读，现将有关事项通知如下。"),
            Block::Heading { level: 1, content: text("一、总体要求") },
            Block::Paragraph {
                role: Role::Body,
                content: vec![
                    Inline::Strong(text("一要坚持标准，")),
                    Inline::Text("详见".into()),
                    Inline::Link { url: "https://example.org/".into(), content: text("网站") },
                    Inline::Text("。".into()),
                    Inline::Note(vec![Block::paragraph("以正式文件为准。")]),
                ],
            },
            Block::Heading { level: 2, content: text("（一）清单") },
            Block::List { ordered: true, start: 1, items: vec![vec![Block::paragraph("图书")]] },
            Block::Table(Table {
                columns: vec![Align::Left, Align::Right],
                head: vec![vec![text("区"), text("数量")]],
                body: vec![vec![text("东区"), text("12")]],
            }),
            Block::Figure {
                image: Image { src: "map.png".into(), alt: "分布图".into() },
                caption: text("图1"),
            },
            Block::Paragraph { role: Role::Attachment, content: text("附件：1. 名单") },
            Block::Paragraph { role: Role::Signature, content: text("市文化局") },
            Block::Paragraph { role: Role::Date, content: text("2026年3月18日") },
        ],
        resources: Default::default(),
    };
    let map =
        Resource { media_type: "image/png".into(), data: png(), width_px: 4, height_px: 2, raster: vec![] };
    doc.resources.insert("map.png".into(), map);
    doc
}

fn render(name: StyleName) -> Vec<u8> {
    let style = Style::preset(name);
    let fonts = FontBook::new(&[]);
    let options =
        RenderOptions { style: &style, fonts: &fonts, timestamp: Timestamp::DEFAULT, embed_fonts: false };
    paiban::backend::docx::render(&canonical(), &options).expect("renders").bytes
}

fn part(bytes: &[u8], name: &str) -> String {
    common::zip_text(bytes, name).unwrap_or_else(|| panic!("no {name}"))
}

/// An XML element tree: enough of XML for comparing parts we write (no DTDs, no CDATA, no comments
/// inside elements that matter).
#[derive(Debug, PartialEq)]
enum Node {
    Element { name: String, attributes: Vec<(String, String)>, children: Vec<Node> },
    Text(String),
}

/// Parses `xml` into its root element. Text that is only whitespace between elements is dropped, as is
/// the declaration; attributes are sorted.
fn parse(xml: &str) -> Result<Node, String> {
    let mut stack: Vec<Node> =
        vec![Node::Element { name: String::new(), attributes: Vec::new(), children: Vec::new() }];
    let mut rest = xml;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('<') {
            let end = after.find('>').ok_or("unclosed tag")?;
            let tag = &after[..end];
            rest = &after[end + 1..];
            if tag.starts_with('?') || tag.starts_with('!') {
                continue;
            }
            if let Some(name) = tag.strip_prefix('/') {
                let node = stack.pop().ok_or("unbalanced")?;
                match (&node, stack.last_mut()) {
                    (Node::Element { name: open, .. }, Some(Node::Element { children, .. }))
                        if open == name.trim() =>
                    {
                        children.push(node)
                    }
                    _ => return Err(format!("mismatched </{name}>")),
                }
                continue;
            }
            let closed = tag.ends_with('/');
            let tag = tag.trim_end_matches('/');
            let (name, mut attrs) = tag.split_once(char::is_whitespace).unwrap_or((tag, ""));
            let mut attributes = Vec::new();
            while let Some(eq) = attrs.find('=') {
                let key = attrs[..eq].trim().to_owned();
                let value = attrs[eq + 1..].trim_start();
                let quote = value.chars().next().ok_or("attribute without value")?;
                let value = &value[1..];
                let close = value.find(quote).ok_or("unclosed attribute")?;
                attributes.push((key, value[..close].to_owned()));
                attrs = &value[close + 1..];
            }
            attributes.sort();
            let node = Node::Element { name: name.to_owned(), attributes, children: Vec::new() };
            if closed {
                if let Some(Node::Element { children, .. }) = stack.last_mut() {
                    children.push(node);
                }
            } else {
                stack.push(node);
            }
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let text = &rest[..end];
            rest = &rest[end..];
            if !text.trim().is_empty() {
                if let Some(Node::Element { children, .. }) = stack.last_mut() {
                    children.push(Node::Text(text.to_owned()));
                }
            }
        }
    }
    match stack.pop() {
        Some(Node::Element { mut children, .. }) if stack.is_empty() && children.len() == 1 => {
            children.pop().ok_or_else(|| "empty".to_owned())
        }
        _ => Err("not exactly one root element".to_owned()),
    }
}

/// The path to the first difference between two trees, or `None` when they are equal.
fn first_difference(a: &Node, b: &Node, path: &str) -> Option<String> {
    match (a, b) {
        (
            Node::Element { name: na, attributes: aa, children: ca },
            Node::Element { name: nb, attributes: ab, children: cb },
        ) => {
            let here = format!("{path}/{na}");
            if na != nb || aa != ab {
                return Some(format!("{here}: {na} {aa:?}\n  vs {nb} {ab:?}"));
            }
            for (i, (x, y)) in ca.iter().zip(cb).enumerate() {
                if let Some(d) = first_difference(x, y, &format!("{here}[{i}]")) {
                    return Some(d);
                }
            }
            (ca.len() != cb.len()).then(|| format!("{here}: {} children vs {}", ca.len(), cb.len()))
        }
        (Node::Text(x), Node::Text(y)) if x == y => None,
        _ => Some(format!("{path}: {a:?}\n  vs {b:?}")),
    }
}

/// Pretty-prints `xml` one element per line, for goldens a reviewer can read.
fn pretty(node: &Node, depth: usize, out: &mut String) {
    let indent = "  ".repeat(depth);
    match node {
        Node::Text(t) => {
            out.push_str(&indent);
            out.push_str(t);
            out.push('\n');
        }
        Node::Element { name, attributes, children } => {
            out.push_str(&indent);
            out.push('<');
            out.push_str(name);
            for (k, v) in attributes {
                out.push_str(&format!(" {k}=\"{v}\""));
            }
            if children.is_empty() {
                out.push_str("/>\n");
                return;
            }
            // Text stays on the element's line, exactly as written: its spaces are content.
            if let [Node::Text(t)] = children.as_slice() {
                out.push_str(&format!(">{t}</{name}>\n"));
                return;
            }
            out.push_str(">\n");
            for child in children {
                pretty(child, depth + 1, out);
            }
            out.push_str(&format!("{indent}</{name}>\n"));
        }
    }
}

fn check_golden(file: &str, actual_xml: &str) {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "golden", "docx", file].iter().collect();
    let actual = parse(actual_xml).unwrap_or_else(|e| panic!("{file}: rendered part is not XML: {e}"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let mut out = String::new();
        pretty(&actual, 0, &mut out);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, out).expect("write golden");
        return;
    }
    let golden = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!("missing golden {}: run with UPDATE_GOLDEN=1 and review it", path.display())
    });
    let expected = parse(&golden).unwrap_or_else(|e| panic!("{file}: golden is not XML: {e}"));
    if let Some(difference) = first_difference(&expected, &actual, "") {
        panic!("{file} differs from its golden (UPDATE_GOLDEN=1 rewrites it):\n{difference}");
    }
}

#[test]
fn gongwen_document_xml_matches_its_golden() {
    check_golden("gongwen-document.xml", &part(&render(StyleName::Gongwen), "word/document.xml"));
}

#[test]
fn gongwen_styles_xml_matches_its_golden() {
    check_golden("gongwen-styles.xml", &part(&render(StyleName::Gongwen), "word/styles.xml"));
}

#[test]
fn report_styles_xml_matches_its_golden() {
    check_golden("report-styles.xml", &part(&render(StyleName::Report), "word/styles.xml"));
}

#[test]
fn structural_comparison_ignores_formatting_but_not_content() {
    let a = parse(r#"<?xml version="1.0"?><a x="1" y="2"><b>t</b></a>"#).expect("xml");
    let b = parse("<a y=\"2\"  x='1'>\n  <b>t</b>\n</a>").expect("xml");
    assert_eq!(first_difference(&a, &b, ""), None);
    let c = parse(r#"<a x="1" y="3"><b>t</b></a>"#).expect("xml");
    assert!(first_difference(&a, &c, "").is_some_and(|d| d.contains("/a")));
    assert!(parse("<a><b></a>").is_err());
}
