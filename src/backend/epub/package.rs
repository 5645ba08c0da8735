//! Our own navigation document and NCX: the headings nested as deep as they go, with `lang` and `dtb:uid`
//! (the packager's own nest one file deep and leave both out; `vendor` puts these in their place).

use super::xhtml::{escape_attr, escape_text, NavEntry};

/// Words the navigation shows, in the script of the book.
pub(super) struct Labels {
    /// 目录
    pub contents: &'static str,
    /// 标题页
    pub title_page: &'static str,
    /// 正文
    pub body: &'static str,
    /// 封面
    pub cover: &'static str,
}

impl Labels {
    /// Traditional characters for `zh-Hant`, `zh-TW`, `zh-HK` and `zh-MO`; simplified otherwise.
    pub fn for_lang(lang: &str) -> Labels {
        if crate::zh::script::is_traditional(lang) {
            Labels { contents: "目錄", title_page: "標題頁", body: "正文", cover: "封面" }
        } else {
            Labels { contents: "目录", title_page: "标题页", body: "正文", cover: "封面" }
        }
    }
}

/// One entry of the table of contents with the entries nested under it.
#[derive(Debug)]
struct Node<'a> {
    entry: &'a NavEntry,
    children: Vec<Node<'a>>,
}

/// Entries in reading order → a tree: each entry holds the following entries of a deeper level.
fn tree<'a>(entries: &'a [NavEntry], next: &mut usize, parent_level: u8) -> Vec<Node<'a>> {
    let mut nodes = Vec::new();
    while let Some(entry) = entries.get(*next) {
        if entry.level <= parent_level {
            break;
        }
        *next += 1;
        let children = tree(entries, next, entry.level);
        nodes.push(Node { entry, children });
    }
    nodes
}

fn depth(nodes: &[Node]) -> usize {
    nodes.iter().map(|n| 1 + depth(&n.children)).max().unwrap_or(0)
}

fn nav_list(nodes: &[Node], out: &mut String) {
    out.push_str("<ol>\n");
    for node in nodes {
        out.push_str(&format!(
            "<li><a href=\"{}\">{}</a>",
            escape_attr(&node.entry.href),
            escape_text(&node.entry.title)
        ));
        if !node.children.is_empty() {
            out.push('\n');
            nav_list(&node.children, out);
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n");
}

/// The page list: each page of the print edition (its number, and `file.xhtml#page-N` where it begins),
/// hidden from the reading as the landmarks are (it is for going to a page); nothing without pages.
fn page_list(pages: &[(usize, String)]) -> String {
    if pages.is_empty() {
        return String::new();
    }
    let mut out = String::from("<nav epub:type=\"page-list\" id=\"page-list\" hidden=\"hidden\">\n<ol>\n");
    for (n, href) in pages {
        out.push_str(&format!("<li><a href=\"{}\">{n}</a></li>\n", escape_attr(href)));
    }
    out.push_str("</ol>\n</nav>\n");
    out
}

/// The EPUB 3 navigation document: the nested table of contents, landmarks (title page, start of text) and
/// the print edition's `pages` if there are any. `entries` starts with the title page; `body_start` is the
/// first chapter's file, if any; `cover` the cover page's, if the book has one.
pub(super) fn nav_xhtml(
    lang: &str,
    entries: &[NavEntry],
    title_page: bool,
    body_start: Option<&str>,
    cover: Option<&str>,
    pages: &[(usize, String)],
) -> String {
    let mut next = 0;
    let nodes = tree(entries, &mut next, 0);
    let mut toc = String::new();
    nav_list(&nodes, &mut toc);
    let labels = Labels::for_lang(lang);
    let mut landmarks = String::new();
    if let Some(href) = cover {
        landmarks.push_str(&format!(
            "<li><a epub:type=\"cover\" href=\"{}\">{}</a></li>\n",
            escape_attr(href),
            labels.cover
        ));
    }
    if title_page {
        landmarks.push_str(&format!(
            "<li><a epub:type=\"titlepage\" href=\"titlepage.xhtml\">{}</a></li>\n",
            labels.title_page
        ));
    }
    // No `toc` landmark: the navigation document is not in the spine, and epubcheck (RSC-011) rejects
    // landmarks that point outside it.
    if let Some(href) = body_start {
        landmarks.push_str(&format!(
            "<li><a epub:type=\"bodymatter\" href=\"{}\">{}</a></li>\n",
            escape_attr(href),
            labels.body
        ));
    }
    let contents = labels.contents;
    let page_list = page_list(pages);
    let lang = escape_attr(lang);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" \
         xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\">\n<head>\n<title>{contents}</title>\n\
         <link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n<body>\n\
         <nav epub:type=\"toc\" id=\"toc\">\n<h1>{contents}</h1>\n{toc}</nav>\n\
         <nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n<ol>\n{landmarks}</ol>\n</nav>\n\
         {page_list}</body>\n</html>\n"
    )
}

fn nav_points(nodes: &[Node], order: &mut usize, indent: usize, out: &mut String) {
    for node in nodes {
        *order += 1;
        let pad = "  ".repeat(indent);
        out.push_str(&format!(
            "{pad}<navPoint id=\"navPoint-{order}\" playOrder=\"{order}\">\n{pad}  <navLabel><text>{}</text></navLabel>\n\
             {pad}  <content src=\"{}\"/>\n",
            escape_text(&node.entry.title),
            escape_attr(&node.entry.href),
        ));
        nav_points(&node.children, order, indent + 1, out);
        out.push_str(&format!("{pad}</navPoint>\n"));
    }
}

/// The EPUB 2 NCX, for reading systems that predate the navigation document.
pub(super) fn toc_ncx(lang: &str, uid: &str, title: &str, entries: &[NavEntry]) -> String {
    let mut next = 0;
    let nodes = tree(entries, &mut next, 0);
    let mut points = String::new();
    nav_points(&nodes, &mut 0, 2, &mut points);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" \
         version=\"2005-1\" xml:lang=\"{}\">\n  <head>\n    <meta name=\"dtb:uid\" content=\"{}\"/>\n    \
         <meta name=\"dtb:depth\" content=\"{}\"/>\n    <meta name=\"dtb:totalPageCount\" content=\"0\"/>\n    \
         <meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n  </head>\n  <docTitle><text>{}</text></docTitle>\n  \
         <navMap>\n{points}  </navMap>\n</ncx>\n",
        escape_attr(lang),
        escape_attr(uid),
        depth(&nodes).max(1),
        escape_text(title),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(level: u8, href: &str) -> NavEntry {
        NavEntry { level, href: href.to_owned(), title: href.to_owned() }
    }

    #[test]
    fn nav_nests_deeper_headings_under_shallower_ones() {
        let entries = [entry(1, "a"), entry(2, "b"), entry(3, "c"), entry(2, "d"), entry(1, "e")];
        let mut next = 0;
        let nodes = tree(&entries, &mut next, 0);
        assert_eq!(nodes.len(), 2);
        assert_eq!(nodes[0].children.len(), 2);
        assert_eq!(nodes[0].children[0].children.len(), 1);
        assert_eq!(depth(&nodes), 3);
    }
}
