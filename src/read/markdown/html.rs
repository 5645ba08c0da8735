//! Raw HTML in Markdown, reduced to what paiban can show safely. Nothing of it is passed through: a small
//! subset has a meaning in the model (`<br>`, `<details>`/`<summary>`, `<sup>`/`<sub>` whose text is kept),
//! every other tag is dropped and its text kept, and script or style bodies are dropped whole.

/// A piece of an HTML fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Text between tags, entities decoded.
    Text(String),
    /// A tag: lowercase name, and whether it is a closing tag.
    Tag {
        /// Element name, lowercase (`br`, `details`, …).
        name: String,
        /// `</name>`.
        closing: bool,
    },
}

/// What paiban does with an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Treatment {
    /// Part of the safe subset: handled, no warning.
    Safe,
    /// Dropped with its text kept, and reported.
    Unsupported,
    /// Dropped together with its content (script, style), and reported.
    Hidden,
}

/// How an element name is treated.
pub fn treatment(name: &str) -> Treatment {
    match name {
        "br" | "details" | "summary" | "sup" | "sub" => Treatment::Safe,
        "script" | "style" | "template" | "noscript" => Treatment::Hidden,
        _ => Treatment::Unsupported,
    }
}

/// Splits an HTML fragment into text and tags; comments, doctypes and processing instructions vanish.
pub fn scan(html: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let (before, after) = rest.split_at(open);
        push_text(&mut pieces, before);
        let end = if after.starts_with("<!--") {
            after.find("-->").map(|i| i + 3)
        } else {
            after.find('>').map(|i| i + 1)
        };
        let Some(end) = end else {
            // An unclosed `<`: text, as a browser would show it.
            push_text(&mut pieces, after);
            return pieces;
        };
        let tag = &after[..end];
        if let Some(piece) = parse_tag(tag) {
            pieces.push(piece);
        } else if !tag.starts_with("<!") && !tag.starts_with("<?") {
            // Not a tag at all (`a < b > c`): keep it as text.
            push_text(&mut pieces, tag);
        }
        rest = &after[end..];
    }
    push_text(&mut pieces, rest);
    pieces
}

fn parse_tag(tag: &str) -> Option<Piece> {
    let inner = tag.strip_prefix('<')?.strip_suffix('>')?;
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let name: String = inner.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    Some(Piece::Tag { name: name.to_ascii_lowercase(), closing })
}

fn push_text(pieces: &mut Vec<Piece>, text: &str) {
    if text.is_empty() {
        return;
    }
    let decoded = decode_entities(text);
    if let Some(Piece::Text(previous)) = pieces.last_mut() {
        previous.push_str(&decoded);
    } else {
        pieces.push(Piece::Text(decoded));
    }
}

/// The common named entities and numeric references; unknown ones stay as written.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let entity = after.find(';').filter(|&end| end <= 10).map(|end| &after[1..end]);
        let decoded = entity.and_then(|name| match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{A0}'),
            _ => {
                let number = name.strip_prefix('#')?;
                let code = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => number.parse().ok()?,
                };
                char::from_u32(code).filter(|c| *c != '\0')
            }
        });
        match (decoded, entity) {
            (Some(ch), Some(name)) => {
                out.push(ch);
                rest = &after[name.len() + 2..];
            }
            _ => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(name: &str, closing: bool) -> Piece {
        Piece::Tag { name: name.into(), closing }
    }

    #[test]
    fn fragments_split_into_text_and_tags_without_comments() {
        let pieces = scan("<details open>\n<summary>标题&amp;</summary><!-- c --><BR/>a < b");
        assert_eq!(
            pieces,
            [
                tag("details", false),
                Piece::Text("\n".into()),
                tag("summary", false),
                Piece::Text("标题&".into()),
                tag("summary", true),
                tag("br", false),
                Piece::Text("a < b".into()),
            ]
        );
    }

    #[test]
    fn entities_decode_and_unknown_ones_stay() {
        assert_eq!(decode_entities("&lt;a&gt; &#20013;&#x6587; &copy; & x"), "<a> 中文 &copy; & x");
    }
}
