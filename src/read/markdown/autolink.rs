//! GFM's extended autolinks: bare `http(s)://…` and `www.…` URLs and e-mail addresses in text become
//! links, outside links and code. One left-to-right pass over each text run, so the cost is linear in the
//! text whatever it holds.
//!
//! Where a URL ends is GFM's rule adapted to Chinese, where a sentence goes on right after a URL without a
//! space: a URL ends at whitespace, `<`, or CJK or full-width punctuation (`，。；：！？、）」』】》“”…`);
//! other non-ASCII characters are part of it (`https://zh.wikipedia.org/wiki/汉字` links whole) when they
//! begin a part of it (after `/`, `.`, `=`, `#`, `?`, `&`, `-`, `_`, `+` or another non-ASCII character)
//! but not when glued to an ASCII letter or digit: in `访问https://example.com了解更多` the URL is
//! `https://example.com`. Trailing punctuation (`.,:;!?'"*_~`), a `)` without its `(`, and an entity-like
//! `&name;` at the end are not part of it (GFM's extended autolink path validation).

use crate::model::{Block, Inline, MAX_DEPTH};

/// Turns URLs and addresses in the text runs of `blocks` (at depth `depth`) into links, where the link still
/// fits under [`MAX_DEPTH`] (a link puts its text one level deeper).
pub fn linkify_blocks(blocks: &mut [Block], depth: usize) {
    for block in blocks {
        match block {
            Block::Heading { content, .. } | Block::Paragraph { content, .. } => linkify(content, depth + 1),
            Block::List { items, .. } => items.iter_mut().for_each(|item| linkify_blocks(item, depth + 1)),
            Block::Quote { blocks } => linkify_blocks(blocks, depth + 1),
            Block::Table(table) => table
                .head
                .iter_mut()
                .chain(&mut table.body)
                .flatten()
                .for_each(|cell| linkify(cell, depth + 1)),
            Block::Figure { caption, .. } => linkify(caption, depth + 1),
            Block::Attachment { title, blocks, .. } => {
                linkify(title, depth + 1);
                linkify_blocks(blocks, depth + 1);
            }
            Block::Code { .. } | Block::Rule | Block::PageBreak => {}
        }
    }
}

/// Links the URLs in `inlines` (at depth `depth`), except inside links and code. Containers are walked in
/// place; the list is rebuilt only when one of its own text runs holds a URL.
fn linkify(inlines: &mut Vec<Inline>, depth: usize) {
    let mut has_urls = false;
    for inline in inlines.iter_mut() {
        match inline {
            Inline::Text(text) => has_urls |= depth < MAX_DEPTH && has_trigger(text),
            Inline::Emph(content)
            | Inline::Strong(content)
            | Inline::Strike(content)
            | Inline::Superscript(content)
            | Inline::Subscript(content) => linkify(content, depth + 1),
            Inline::Note(blocks) => linkify_blocks(blocks, depth + 1),
            Inline::Link { .. } | Inline::Code(_) | Inline::Image(_) | Inline::LineBreak => {}
        }
    }
    if !has_urls {
        return;
    }
    let mut out = Vec::with_capacity(inlines.len());
    for inline in inlines.drain(..) {
        match inline {
            Inline::Text(text) if has_trigger(&text) => split_links(&text, &mut out),
            other => out.push(other),
        }
    }
    *inlines = out;
}

fn has_trigger(text: &str) -> bool {
    text.contains("://") || text.contains('@') || text.contains("www.") || text.contains("WWW.")
}

/// A link found in text: its byte range and its target.
struct Found {
    start: usize,
    end: usize,
    url: String,
}

/// Appends `text` to `out` as text runs and links.
fn split_links(text: &str, out: &mut Vec<Inline>) {
    let mut emitted = 0;
    let mut position = 0;
    let bytes = text.as_bytes();
    while position < bytes.len() {
        let found = match bytes[position] {
            b'h' | b'H' => url_at(text, position),
            b'w' | b'W' => www_at(text, position),
            b'@' => email_at(text, position, emitted),
            _ => Err(position + 1),
        };
        match found {
            Ok(link) => {
                if link.start > emitted {
                    out.push(Inline::Text(text[emitted..link.start].to_owned()));
                }
                let shown = text[link.start..link.end].to_owned();
                out.push(Inline::Link { url: link.url, content: vec![Inline::Text(shown)] });
                emitted = link.end;
                position = link.end;
            }
            Err(next) => position = next.max(position + 1),
        }
        // Stay on a character boundary.
        while position < bytes.len() && !text.is_char_boundary(position) {
            position += 1;
        }
    }
    if emitted < text.len() {
        match out.last_mut() {
            Some(Inline::Text(previous)) if emitted == 0 => previous.push_str(text),
            _ => out.push(Inline::Text(text[emitted..].to_owned())),
        }
    }
}

/// Whether a link may start at `start`: at the start of the text or after a character that cannot be
/// part of a word in the URL's script (so `xhttp://` and `awww.` are not links, `见https://` is).
fn starts_word(text: &str, start: usize) -> bool {
    text[..start].chars().next_back().is_none_or(|c| !c.is_ascii_alphanumeric())
}

/// `http://` or `https://` at `start` followed by a host. `Err` gives where to look next.
fn url_at(text: &str, start: usize) -> Result<Found, usize> {
    let rest = &text[start..];
    let scheme = ["https://", "http://"]
        .into_iter()
        .find(|scheme| rest.get(..scheme.len()).is_some_and(|s| s.eq_ignore_ascii_case(scheme)))
        .ok_or(start + 1)?;
    if !starts_word(text, start) {
        return Err(start + scheme.len());
    }
    let host_start = start + scheme.len();
    let host_end = domain_end(text, host_start);
    if host_end == host_start || !valid_domain(&text[host_start..host_end], false) {
        return Err(host_end.max(host_start));
    }
    let end = trim_end(text, host_start, path_end(text, host_end));
    Ok(Found { start, end, url: text[start..end].to_owned() })
}

/// `www.` at `start` followed by a valid domain: linked as `http://www.…`.
fn www_at(text: &str, start: usize) -> Result<Found, usize> {
    if !text[start..].get(..4).is_some_and(|s| s.eq_ignore_ascii_case("www.")) || !starts_word(text, start) {
        return Err(start + 1);
    }
    let host_end = domain_end(text, start);
    if !valid_domain(&text[start..host_end], true) {
        // Every `www.` inside this domain ends at the same place and fails the same way.
        return Err(host_end.max(start + 4));
    }
    let end = trim_end(text, start, path_end(text, host_end));
    Ok(Found { start, end, url: format!("http://{}", &text[start..end]) })
}

/// An e-mail address around the `@` at `at`: `[A-Za-z0-9._+-]+@domain`, not reaching back before
/// `emitted`. Linked as `mailto:`.
fn email_at(text: &str, at: usize, emitted: usize) -> Result<Found, usize> {
    let local_start = text[emitted..at]
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '+'))
        .last()
        .map_or(at, |(i, _)| emitted + i);
    if local_start == at {
        return Err(at + 1);
    }
    let domain_start = at + 1;
    let mut end = text[domain_start..]
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
        .map_or(text.len(), |(i, _)| domain_start + i);
    // A full stop after the address ends the sentence.
    while end > domain_start && text.as_bytes()[end - 1] == b'.' {
        end -= 1;
    }
    let domain = &text[domain_start..end];
    let valid = domain.contains('.')
        && !domain.ends_with(['-', '_'])
        && domain.split('.').all(|label| !label.is_empty());
    if !valid {
        return Err(domain_start);
    }
    Ok(Found { start: local_start, end, url: format!("mailto:{}", &text[local_start..end]) })
}

/// Characters that end a URL: whitespace, controls, `<`, and CJK or full-width punctuation.
fn is_url_stop(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || c == '<'
        || matches!(c,
            '\u{A0}'..='\u{BF}'          // NBSP, «, », ·, ¿ …
            | '\u{2010}'..='\u{205E}'    // dashes, “ ” ‘ ’, …, ‰, ※ …
            | '\u{3000}'..='\u{303F}'    // 、。〈〉《》「」『』【】〔〕〜 …
            | '\u{FE10}'..='\u{FE1F}'    // vertical forms
            | '\u{FE30}'..='\u{FE6F}'    // CJK compatibility and small forms
            | '\u{FF01}'..='\u{FF0F}'    // ！＂＃＄％＆＇（）＊＋，－．／
            | '\u{FF1A}'..='\u{FF20}'    // ：；＜＝＞？＠
            | '\u{FF3B}'..='\u{FF40}'    // ［＼］＾＿｀
            | '\u{FF5B}'..='\u{FF65}') // ｛｜｝～ and half-width 。「」、・
}

/// Whether `c` (not a stop) continues a URL after `previous`: ASCII always; other characters only where
/// they begin a part of the URL or continue a run of their own, never glued to an ASCII letter or digit.
fn continues_url(previous: Option<char>, c: char) -> bool {
    if is_url_stop(c) {
        return false;
    }
    c.is_ascii()
        || previous
            .is_none_or(|p| !p.is_ascii() || matches!(p, '/' | '.' | '=' | '#' | '?' | '&' | '-' | '_' | '+'))
}

/// Where the domain starting at `start` ends: letters, digits, `-`, `_`, `.` and (under the glue rule)
/// non-ASCII letters.
fn domain_end(text: &str, start: usize) -> usize {
    let mut previous = text[..start].chars().next_back();
    for (i, c) in text[start..].char_indices() {
        let domain_char = c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') || !c.is_ascii();
        if !domain_char || !continues_url(previous, c) {
            return start + i;
        }
        previous = Some(c);
    }
    text.len()
}

/// GFM's valid domain: labels separated by `.`, no `_` in the last two labels; `www.` domains need a
/// label after `www`, and a trailing `.` is punctuation, not part of the domain.
fn valid_domain(domain: &str, www: bool) -> bool {
    let domain = domain.trim_end_matches('.');
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.iter().any(|label| label.is_empty()) || (www && labels.len() < 2) {
        return false;
    }
    labels.iter().rev().take(2).all(|label| !label.contains('_'))
}

/// Where the path after a domain ends: at a stop character, or a non-ASCII character glued to ASCII.
fn path_end(text: &str, start: usize) -> usize {
    let mut previous = text[..start].chars().next_back();
    for (i, c) in text[start..].char_indices() {
        if !continues_url(previous, c) {
            return start + i;
        }
        previous = Some(c);
    }
    text.len()
}

/// `end` moved back over trailing punctuation, unbalanced `)` and an entity-like `&name;` (GFM's path
/// validation), never before `floor`. Parentheses are counted once, so this is linear however many
/// there are.
fn trim_end(text: &str, floor: usize, mut end: usize) -> usize {
    let bytes = text.as_bytes();
    let opens = bytes[floor..end].iter().filter(|&&b| b == b'(').count();
    let mut closes = bytes[floor..end].iter().filter(|&&b| b == b')').count();
    while end > floor {
        match bytes[end - 1] {
            b'?' | b'!' | b'.' | b',' | b':' | b'*' | b'_' | b'~' | b'\'' | b'"' => end -= 1,
            b')' if closes > opens => {
                closes -= 1;
                end -= 1;
            }
            b';' => {
                let name_start = bytes[floor..end - 1]
                    .iter()
                    .rposition(|b| !b.is_ascii_alphanumeric())
                    .map_or(floor, |i| floor + i + 1);
                if name_start > floor && name_start < end - 1 && bytes[name_start - 1] == b'&' {
                    end = name_start - 1;
                } else {
                    end -= 1;
                }
            }
            _ => break,
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::plain_text;

    fn links(text: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        split_links(text, &mut out);
        assert_eq!(plain_text(&out), text, "no text lost or added");
        out.iter()
            .filter_map(|inline| match inline {
                Inline::Link { url, content } => Some((url.clone(), plain_text(content))),
                _ => None,
            })
            .collect()
    }

    fn urls(text: &str) -> Vec<String> {
        links(text).into_iter().map(|(url, _)| url).collect()
    }

    #[test]
    fn chinese_text_goes_on_right_after_a_url() {
        assert_eq!(
            urls("见https://zh.wikipedia.org/wiki/汉字。下文"),
            ["https://zh.wikipedia.org/wiki/汉字"]
        );
        assert_eq!(urls("访问https://example.com了解更多"), ["https://example.com"]);
        assert_eq!(urls("（https://a.org/b）和「https://c.org」，"), ["https://a.org/b", "https://c.org"]);
        assert_eq!(urls("https://a.org/x?q=北京&p=1，然后"), ["https://a.org/x?q=北京&p=1"]);
        assert_eq!(urls("链接：https://例子.测试/路径；"), ["https://例子.测试/路径"]);
    }

    #[test]
    fn trailing_punctuation_and_unbalanced_parentheses_are_not_part_of_a_url() {
        assert_eq!(
            urls("(see https://a.org/wiki/X_(y)), and http://b.org."),
            ["https://a.org/wiki/X_(y)", "http://b.org"]
        );
        assert_eq!(
            urls("www.google.com/search?q=commonmark&hl;"),
            ["http://www.google.com/search?q=commonmark"]
        );
        assert_eq!(urls("http://a.org/x\"*_~!"), ["http://a.org/x"]);
    }

    #[test]
    fn www_and_email_autolinks() {
        assert_eq!(
            links("访问www.example.com。"),
            [("http://www.example.com".into(), "www.example.com".into())]
        );
        assert_eq!(
            links("联系foo.bar+x@mail.example.com获取"),
            [("mailto:foo.bar+x@mail.example.com".into(), "foo.bar+x@mail.example.com".into())]
        );
        assert!(urls("not awww.a.b or xhttp://a.b or a@b or a@b.c_ or www.a_b.c_d").is_empty());
    }

    #[test]
    fn a_long_run_of_closing_parentheses_is_trimmed_in_linear_time() {
        let text = format!("http://a{}", ")".repeat(200_000));
        assert_eq!(urls(&text), ["http://a"]);
    }
}
