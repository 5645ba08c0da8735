//! The link policy: which link targets become clickable, one rule for the PDF, the DOCX and the EPUB.
//!
//! A link is clickable when its target is
//! - an absolute `http`, `https` or `mailto` URL that the WHATWG URL parser (the `url` crate: the standard
//!   browsers and epubcheck follow) accepts without a repair that changes where it points (a bad `%` escape,
//!   a missing `//`, a backslash, credentials before the host), whose host is a well-formed DNS name or IP
//!   address, and which is at most [`MAX_URL_BYTES`] long; outputs write its ASCII serialisation
//!   ([`Target::Web`]: punycode host, percent-encoded path), so every output writes the same valid URI;
//! - or `#anchor` naming a heading of the document by its GitHub-style slug ([`Anchors`]).
//!
//! Everything else — other schemes (`javascript:`, `vbscript:`, `data:`, `file:`), paths to other files,
//! malformed or over-long URLs, anchors that name no heading — keeps its text and loses its link. [`enforce`]
//! applies the policy to a document once, after reading, and reports each refused link once for all outputs;
//! every backend resolves links through [`Anchors::resolve`] as well, so none writes a refused link even when
//! it is called without [`enforce`].

use crate::diag::{Diagnostic, Kind};
use crate::model::{plain_text, Block, Document, Inline};
use crate::percent;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use url::{Host, SyntaxViolation, Url};

/// The longest link target accepted, in bytes, before and after serialisation. Real URLs stay far below it
/// (browsers and servers commonly stop at 8 KB too); a longer target is kept as text, so no output copies it.
pub const MAX_URL_BYTES: usize = 8 * 1024;

/// Where an accepted link goes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    /// An absolute `http`, `https` or `mailto` URL, serialised as printable ASCII that is valid in a PDF
    /// `/URI`, a DOCX relationship and an EPUB `href` alike.
    Web(String),
    /// A heading of the document: its ordinal (from 0) among the headings [`Anchors`] counts.
    Heading(usize),
}

/// Why a link target is not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Longer than [`MAX_URL_BYTES`]; the length in bytes.
    TooLong(usize),
    /// A scheme outside the allow-list (lower case, as the parser gives it).
    Scheme(String),
    /// A path to another file (relative, absolute or a Windows drive path), which no output carries.
    File,
    /// Not a well-formed URL; what is wrong.
    Malformed(String),
    /// An `#anchor` that names no heading of the document.
    NoHeading,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::TooLong(bytes) => {
                write!(f, "it is {bytes} bytes long, more than the {MAX_URL_BYTES} a link may have")
            }
            Refusal::Scheme(scheme) => write!(
                f,
                "the scheme `{}:` is not allowed (only http, https, mailto and #headings are)",
                escaped(scheme, 20)
            ),
            Refusal::File => f.write_str("it points to another file, which is not part of the outputs"),
            Refusal::Malformed(why) => write!(f, "it is not a valid URL ({why})"),
            Refusal::NoHeading => f.write_str("no heading of the document has that anchor"),
        }
    }
}

/// The headings links can point to: every heading outside footnotes, numbered in document order (the
/// ordinal of [`Target::Heading`]), under its GitHub-style slug ([`slug`]; a repeated slug gets `-1`, `-2`…
/// as GitHub numbers them).
#[derive(Debug, Clone, Default)]
pub struct Anchors {
    by_slug: BTreeMap<String, usize>,
}

impl Anchors {
    /// The anchors of `doc`'s headings.
    pub fn new(doc: &Document) -> Anchors {
        let mut by_slug = BTreeMap::new();
        // How often each base slug was seen, as github-slugger counts.
        let mut occurrences: BTreeMap<String, usize> = BTreeMap::new();
        let mut ordinal = 0;
        for_each_heading(&doc.blocks, |content| {
            let base = slug(&plain_text(content));
            let mut unique = base.clone();
            while occurrences.contains_key(&unique) {
                let count = occurrences.entry(base.clone()).or_insert(0);
                *count += 1;
                unique = format!("{base}-{count}");
            }
            occurrences.insert(unique.clone(), 0);
            by_slug.insert(unique, ordinal);
            ordinal += 1;
        });
        Anchors { by_slug }
    }

    /// Where a link to `url` goes, if the policy accepts it.
    pub fn resolve(&self, url: &str) -> Result<Target, Refusal> {
        let url = url.trim();
        if url.len() > MAX_URL_BYTES {
            return Err(Refusal::TooLong(url.len()));
        }
        match url.strip_prefix('#') {
            Some(anchor) => self.heading(anchor).map(Target::Heading).ok_or(Refusal::NoHeading),
            None => web(url).map(Target::Web),
        }
    }

    /// The ordinal of the heading `anchor` (percent-encoded or not) names: by its slug, or by its text.
    fn heading(&self, anchor: &str) -> Option<usize> {
        let anchor = percent::decode(anchor);
        if anchor.is_empty() {
            return None;
        }
        self.by_slug.get(&anchor).or_else(|| self.by_slug.get(&slug(&anchor))).copied()
    }
}

/// Calls `visit` with the content of every heading [`Anchors`] counts, in document order: headings in the
/// body, in lists and in quotes, not those inside footnotes (no output can link to those).
fn for_each_heading(blocks: &[Block], mut visit: impl FnMut(&[Inline])) {
    // An explicit stack of the blocks still to visit, last first: no recursion, whatever the nesting.
    let mut pending: Vec<&Block> = blocks.iter().rev().collect();
    while let Some(block) = pending.pop() {
        match block {
            Block::Heading { content, .. } => visit(content),
            Block::List { items, .. } => {
                pending.extend(items.iter().rev().flat_map(|item| item.iter().rev()))
            }
            Block::Quote { blocks } => pending.extend(blocks.iter().rev()),
            // An attachment's title is not a heading links can name; its text's headings are.
            Block::Attachment { blocks, .. } => pending.extend(blocks.iter().rev()),
            Block::Paragraph { .. }
            | Block::Code { .. }
            | Block::Table(_)
            | Block::Figure { .. }
            | Block::Rule
            | Block::PageBreak => {}
        }
    }
}

/// How many headings [`Anchors`] counts in `blocks`: a backend that splits the document (the EPUB's chapter
/// files) learns from it which part holds which heading ordinal.
pub fn count_headings(blocks: &[Block]) -> usize {
    let mut count = 0;
    for_each_heading(blocks, |_| count += 1);
    count
}

/// GitHub's heading anchor rule: lower case, characters other than letters, digits, spaces, `-` and `_`
/// dropped, spaces turned into hyphens; Chinese is kept as it is (`一、总体要求` → `一总体要求`).
pub fn slug(text: &str) -> String {
    text.trim()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The repairs of the WHATWG parser that change where a URL points, or hide where: such a URL is refused
/// rather than silently retargeted. (Spaces and other characters it percent-encodes, and surrounding
/// whitespace it drops, do not change the target.)
fn changes_target(violation: SyntaxViolation) -> bool {
    matches!(
        violation,
        SyntaxViolation::Backslash
            | SyntaxViolation::EmbeddedCredentials
            | SyntaxViolation::ExpectedDoubleSlash
            | SyntaxViolation::ExpectedFileDoubleSlash
            | SyntaxViolation::FileWithHostAndWindowsDrive
            | SyntaxViolation::NullInFragment
            | SyntaxViolation::PercentDecode
            | SyntaxViolation::UnencodedAtSign
    )
}

/// Checks an absolute URL against the allow-list and returns its serialisation.
fn web(url: &str) -> Result<String, Refusal> {
    let violations = RefCell::new(Vec::new());
    let record = |v: SyntaxViolation| violations.borrow_mut().push(v);
    let parsed = Url::options().syntax_violation_callback(Some(&record)).parse(url);
    let parsed = match parsed {
        Ok(parsed) => parsed,
        Err(url::ParseError::RelativeUrlWithoutBase) => return Err(Refusal::File),
        Err(e) => return Err(Refusal::Malformed(e.to_string())),
    };
    match parsed.scheme() {
        "http" | "https" => check_host(&parsed)?,
        "mailto" => check_mailbox(&parsed)?,
        // `C:\notes\a.txt`: a Windows path, which the parser takes for a one-letter scheme.
        scheme if scheme.len() == 1 => return Err(Refusal::File),
        scheme => return Err(Refusal::Scheme(scheme.to_owned())),
    }
    if let Some(violation) = violations.into_inner().into_iter().find(|&v| changes_target(v)) {
        return Err(Refusal::Malformed(violation.description().to_owned()));
    }
    let serialised = uri_ascii(parsed.as_str());
    if serialised.len() > MAX_URL_BYTES {
        return Err(Refusal::TooLong(serialised.len()));
    }
    if !percent_escapes_are_whole(&serialised) {
        return Err(Refusal::Malformed("a `%` not followed by two hex digits".to_owned()));
    }
    Ok(serialised)
}

/// A web URL's host must be a DNS name that resolvers accept (labels of 1–63 bytes, 253 in all; epubcheck
/// checks this, the WHATWG parser does not) or an IP address.
fn check_host(url: &Url) -> Result<(), Refusal> {
    match url.host() {
        Some(Host::Domain(domain)) => {
            let name = domain.strip_suffix('.').unwrap_or(domain);
            if name.len() > 253 {
                return Err(Refusal::Malformed("the host name is longer than 253 bytes".to_owned()));
            }
            if name.split('.').any(|label| label.is_empty() || label.len() > 63) {
                return Err(Refusal::Malformed(
                    "a part of the host name is empty or longer than 63 bytes".into(),
                ));
            }
            Ok(())
        }
        Some(Host::Ipv4(_) | Host::Ipv6(_)) => Ok(()),
        None => Err(Refusal::Malformed("no host".to_owned())),
    }
}

/// A `mailto:` URL must name at least one address `local@domain`.
fn check_mailbox(url: &Url) -> Result<(), Refusal> {
    let to = percent::decode(url.path());
    let valid = |address: &str| {
        address.rsplit_once('@').is_some_and(|(local, domain)| {
            !local.trim().is_empty() && !domain.trim().is_empty() && !domain.contains(char::is_whitespace)
        })
    };
    if to.split(',').all(|address| valid(address.trim())) {
        Ok(())
    } else {
        Err(Refusal::Malformed("no valid e-mail address".to_owned()))
    }
}

/// `serialised` with every character RFC 3986 does not allow in a URI percent-encoded. The WHATWG
/// serialisation leaves a few in queries and fragments (`{`, `|`, `^`, spaces in a `mailto:` path) which
/// epubcheck and PDF `/URI` strings reject; escaping them keeps the target.
fn uri_ascii(serialised: &str) -> String {
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&b);
    if serialised.bytes().all(allowed) {
        return serialised.to_owned();
    }
    let mut out = String::with_capacity(serialised.len() + 16);
    for byte in serialised.bytes() {
        if allowed(byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Whether every `%` in `text` starts an escape of two hex digits.
fn percent_escapes_are_whole(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .filter(|(_, &b)| b == b'%')
        .all(|(i, _)| bytes.get(i + 1..i + 3).is_some_and(|pair| pair.iter().all(u8::is_ascii_hexdigit)))
}

/// At most `limit` characters of `text` for a message, controls escaped (a newline in a link must not start a
/// line of the report), `…` where it was cut.
fn escaped(text: &str, limit: usize) -> String {
    let mut out: String = text
        .chars()
        .take(limit)
        .flat_map(|c| if c.is_control() { c.escape_default().collect::<Vec<_>>() } else { vec![c] })
        .collect();
    if text.chars().nth(limit).is_some() {
        out.push('…');
    }
    out
}

/// Applies the policy to `doc`: every link it refuses becomes its text (the link's content, in place), and
/// each such link is reported once, naming its target and why. Run once after reading, so a refused link
/// is reported once rather than by every output.
pub fn enforce(doc: &mut Document) -> Vec<Diagnostic> {
    let anchors = Anchors::new(doc);
    let mut diagnostics = Vec::new();
    let mut enforcer = Enforcer { anchors: &anchors, diagnostics: &mut diagnostics };
    enforcer.blocks(&mut doc.blocks);
    diagnostics
}

/// The walk of [`enforce`]. It recurses: the model nests at most [`crate::model::MAX_DEPTH`] deep.
struct Enforcer<'a> {
    anchors: &'a Anchors,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Enforcer<'_> {
    fn blocks(&mut self, blocks: &mut [Block]) {
        for block in blocks {
            match block {
                Block::Heading { content, .. } | Block::Paragraph { content, .. } => self.inlines(content),
                Block::List { items, .. } => items.iter_mut().for_each(|item| self.blocks(item)),
                Block::Quote { blocks } => self.blocks(blocks),
                Block::Table(table) => {
                    for cell in table.head.iter_mut().chain(&mut table.body).flatten() {
                        self.inlines(cell);
                    }
                }
                Block::Figure { caption, .. } => self.inlines(caption),
                Block::Attachment { title, blocks, .. } => {
                    self.inlines(title);
                    self.blocks(blocks);
                }
                Block::Code { .. } | Block::Rule | Block::PageBreak => {}
            }
        }
    }

    fn inlines(&mut self, inlines: &mut Vec<Inline>) {
        if !inlines.iter().any(|i| matches!(i, Inline::Link { .. }) || has_children(i)) {
            return;
        }
        let mut kept = Vec::with_capacity(inlines.len());
        for mut inline in std::mem::take(inlines) {
            match &mut inline {
                Inline::Emph(c)
                | Inline::Strong(c)
                | Inline::Strike(c)
                | Inline::Superscript(c)
                | Inline::Subscript(c) => self.inlines(c),
                Inline::Note(blocks) => self.blocks(blocks),
                Inline::Link { url, content } => {
                    self.inlines(content);
                    if let Err(refusal) = self.anchors.resolve(url) {
                        self.diagnostics.push(Diagnostic::warning(
                            Kind::Unsupported,
                            format!(
                                "link `{}` (text “{}”) is kept as text, not clickable in any output: {refusal}",
                                escaped(url, 80),
                                escaped(&plain_text(content), 30)
                            ),
                        ));
                        kept.append(content);
                        continue;
                    }
                }
                Inline::Text(_) | Inline::Code(_) | Inline::Image(_) | Inline::LineBreak => {}
            }
            kept.push(inline);
        }
        *inlines = kept;
    }
}

/// Whether `inline` holds other content that may hold links.
fn has_children(inline: &Inline) -> bool {
    matches!(
        inline,
        Inline::Emph(_)
            | Inline::Strong(_)
            | Inline::Strike(_)
            | Inline::Superscript(_)
            | Inline::Subscript(_)
            | Inline::Note(_)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;

    fn text(t: &str) -> Inline {
        Inline::Text(t.into())
    }

    fn heading(t: &str) -> Block {
        Block::Heading { level: 2, content: vec![text(t)] }
    }

    fn anchors_of(blocks: Vec<Block>) -> Anchors {
        Anchors::new(&Document { blocks, ..Document::default() })
    }

    fn web_target(url: &str) -> Result<Target, Refusal> {
        Anchors::default().resolve(url)
    }

    #[test]
    fn web_and_mail_urls_are_accepted_in_their_ascii_form() {
        let ok = |url: &str| match web_target(url) {
            Ok(Target::Web(href)) => href,
            other => panic!("{url}: {other:?}"),
        };
        assert_eq!(ok("https://example.org"), "https://example.org/");
        assert_eq!(ok(" HTTP://Example.org/a b?q={x}#f|g "), "http://example.org/a%20b?q=%7Bx%7D#f%7Cg");
        assert_eq!(ok("https://例子.中国/路径"), "https://xn--fsqu00a.xn--fiqs8s/%E8%B7%AF%E5%BE%84");
        assert_eq!(
            ok("https://zh.wikipedia.org/wiki/汉字"),
            "https://zh.wikipedia.org/wiki/%E6%B1%89%E5%AD%97"
        );
        assert_eq!(ok("https://[::1]:8080/x"), "https://[::1]:8080/x");
        assert_eq!(
            ok("mailto:a@example.org?subject=问候"),
            "mailto:a@example.org?subject=%E9%97%AE%E5%80%99"
        );
        assert_eq!(ok("MAILTO:a@example.org,b@example.org"), "mailto:a@example.org,b@example.org");
    }

    #[test]
    fn other_schemes_and_files_are_refused() {
        for (url, scheme) in [
            ("javascript:alert(1)", "javascript"),
            (" JavaScript:alert(1)", "javascript"),
            ("java\tscript:alert(1)", "javascript"),
            ("vbscript:msgbox(1)", "vbscript"),
            ("data:text/html,<script>alert(1)</script>", "data"),
            ("file://host/share/a.txt", "file"),
            ("ftp://example.org/a", "ftp"),
        ] {
            assert_eq!(web_target(url), Err(Refusal::Scheme(scheme.into())), "{url}");
        }
        for url in ["other.md", "./a/b.html", "/etc/passwd", "//example.org/x", "C:\\notes\\a.txt", "?q=1"] {
            assert_eq!(web_target(url), Err(Refusal::File), "{url}");
        }
    }

    #[test]
    fn malformed_web_urls_are_refused() {
        let label = "a".repeat(64);
        for url in [
            "http://example.org:99999/",
            "http://example.org/%zz",
            "http://exa mple.org/",
            "http://",
            "http:///path",
            "http:example.org",
            "https://user:pass@example.org/",
            "https://example.org\\evil",
            &format!("http://{label}.example.org/"),
            "http://a..b.org/",
            "http://999.1.1.1/",
            "mailto:",
            "mailto:nobody",
        ] {
            assert!(matches!(web_target(url), Err(Refusal::Malformed(_))), "{url}: {:?}", web_target(url));
        }
        let long = format!("https://example.org/{}", "a".repeat(MAX_URL_BYTES));
        assert_eq!(web_target(&long), Err(Refusal::TooLong(long.len())));
    }

    #[test]
    fn anchors_follow_github_slugs_and_skip_headings_in_notes() {
        let note = Inline::Note(vec![heading("注中标题")]);
        let anchors = anchors_of(vec![
            heading("一、总体要求"),
            Block::Paragraph { role: Role::Body, content: vec![note] },
            Block::Quote { blocks: vec![heading("Getting Started!")] },
            heading("Getting Started"),
            Block::List { ordered: false, start: 1, items: vec![vec![heading("getting-started")]] },
        ]);
        let resolve = |a: &str| anchors.resolve(a);
        assert_eq!(resolve("#一总体要求"), Ok(Target::Heading(0)));
        assert_eq!(resolve("#一、总体要求"), Ok(Target::Heading(0)));
        assert_eq!(resolve("#%E4%B8%80%E6%80%BB%E4%BD%93%E8%A6%81%E6%B1%82"), Ok(Target::Heading(0)));
        assert_eq!(resolve("#getting-started"), Ok(Target::Heading(1)));
        assert_eq!(resolve("#Getting-Started-1"), Ok(Target::Heading(2)));
        assert_eq!(resolve("#getting-started-2"), Ok(Target::Heading(3)));
        assert_eq!(resolve("#注中标题"), Err(Refusal::NoHeading));
        assert_eq!(resolve("#"), Err(Refusal::NoHeading));
        assert_eq!(count_headings(&[heading("a"), Block::Quote { blocks: vec![heading("b")] }]), 2);
    }

    #[test]
    fn enforce_keeps_the_text_of_refused_links_and_reports_each_once() {
        let link = |url: &str, t: &str| Inline::Link { url: url.into(), content: vec![text(t)] };
        let mut doc = Document {
            blocks: vec![
                heading("目录"),
                Block::Paragraph {
                    role: Role::Body,
                    content: vec![
                        text("请"),
                        link("javascript:alert(1)", "点我"),
                        Inline::Strong(vec![link("https://example.org", "官网")]),
                        Inline::Note(vec![
                            Block::paragraph("注"),
                            Block::Paragraph {
                                role: Role::Body,
                                content: vec![link("other.md", "另一篇"), link("#目录", "回到目录")],
                            },
                        ]),
                    ],
                },
            ],
            ..Document::default()
        };
        let diagnostics = enforce(&mut doc);
        assert_eq!(diagnostics.len(), 2, "{diagnostics:?}");
        assert!(
            diagnostics[0].message.contains("javascript:alert(1)") && diagnostics[0].message.contains("点我")
        );
        assert!(diagnostics[1].message.contains("other.md"));
        let Block::Paragraph { content, .. } = &doc.blocks[1] else { panic!("a paragraph") };
        assert_eq!(content[1], text("点我"));
        assert!(matches!(&content[2], Inline::Strong(c) if matches!(&c[0], Inline::Link { .. })));
        let Inline::Note(note) = &content[3] else { panic!("a note") };
        let Block::Paragraph { content: inner, .. } = &note[1] else { panic!("a paragraph") };
        assert_eq!(inner[0], text("另一篇"));
        assert!(matches!(&inner[1], Inline::Link { url, .. } if url == "#目录"));
        assert!(enforce(&mut doc).is_empty(), "a second pass finds nothing");
    }

    #[test]
    fn messages_escape_controls_and_cut_long_targets() {
        assert_eq!(escaped("a\nb", 10), "a\\nb");
        assert_eq!(escaped("abcdef", 3), "abc…");
    }
}
