//! Link annotations: one `/Link` annotation per line piece of a link, its rectangle the glyphs' em boxes,
//! with no border (printpdf's default draws a cyan box). External targets are URI actions; `#anchor`
//! targets go to the heading whose GitHub-style slug or text matches, and are dropped when none does.

use super::tags::AnnotRef;
use crate::layout::page::{OutlineEntry, Page};
use lopdf::{Dictionary, Object, ObjectId, StringFormat};

/// Adds the annotations of every page; returns them for the structure tree.
pub(super) fn annotate(
    lo: &mut lopdf::Document,
    pages: &[Page],
    page_ids: &[ObjectId],
    outline: &[OutlineEntry],
    page_height: f32,
) -> Vec<AnnotRef> {
    let mut made = Vec::new();
    for (page, &page_id) in pages.iter().zip(page_ids) {
        let mut annots = Vec::new();
        for area in &page.links {
            let action = match area.url.strip_prefix('#') {
                Some(anchor) => match heading_for(anchor, outline) {
                    Some(entry) => {
                        let Some(&target) = page_ids.get(entry.page) else { continue };
                        ("Dest", destination(target, page_height - entry.top_pt))
                    }
                    None => continue,
                },
                None => ("A", uri_action(&area.url)),
            };
            let rect = [area.left_pt, page_height - area.bottom_pt, area.right_pt, page_height - area.top_pt];
            let dict = Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Annot".to_vec())),
                ("Subtype", Object::Name(b"Link".to_vec())),
                ("Rect", Object::Array(rect.iter().map(|&v| Object::Real(round(v))).collect())),
                ("Border", Object::Array(vec![Object::Integer(0), Object::Integer(0), Object::Integer(0)])),
                ("P", Object::Reference(page_id)),
                action,
            ]);
            let id = lo.add_object(dict);
            annots.push(Object::Reference(id));
            made.push(AnnotRef { id, page: page_id, elem: area.elem });
        }
        if annots.is_empty() {
            continue;
        }
        if let Ok(dict) = lo.get_object_mut(page_id).and_then(Object::as_dict_mut) {
            if let Ok(Object::Array(existing)) = dict.get_mut(b"Annots") {
                existing.extend(annots);
            } else {
                dict.set("Annots", Object::Array(annots));
            }
            // Tab order follows the structure (PDF/UA asks for it on pages with annotations).
            dict.set("Tabs", Object::Name(b"S".to_vec()));
        }
    }
    made
}

/// Two decimals: enough for a click target, and stable across platforms' float printing.
fn round(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

fn destination(page: ObjectId, top_pt: f32) -> Object {
    Object::Array(vec![
        Object::Reference(page),
        Object::Name(b"XYZ".to_vec()),
        Object::Null,
        Object::Real(round(top_pt)),
        Object::Null,
    ])
}

/// A URI action. URIs are 7-bit ASCII (ISO 32000-1 §12.6.4.7): other bytes and spaces are percent-encoded.
fn uri_action(url: &str) -> Object {
    let mut uri = Vec::with_capacity(url.len());
    for &byte in url.trim().as_bytes() {
        if byte.is_ascii_graphic() {
            uri.push(byte);
        } else {
            uri.extend_from_slice(format!("%{byte:02X}").as_bytes());
        }
    }
    Object::Dictionary(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Action".to_vec())),
        ("S", Object::Name(b"URI".to_vec())),
        ("URI", Object::String(uri, StringFormat::Literal)),
    ]))
}

/// GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens (CJK kept as is).
fn slug(text: &str) -> String {
    text.trim()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

fn heading_for<'a>(anchor: &str, outline: &'a [OutlineEntry]) -> Option<&'a OutlineEntry> {
    let anchor = crate::read::markdown::resources::percent_decode(anchor);
    let wanted = slug(&anchor);
    outline.iter().find(|e| e.title == anchor || slug(&e.title) == wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_match_headings_by_github_slug() {
        let outline = [
            OutlineEntry { level: 1, title: "一、总体要求".into(), page: 0, top_pt: 100.0 },
            OutlineEntry { level: 2, title: "Getting Started!".into(), page: 1, top_pt: 50.0 },
        ];
        assert_eq!(heading_for("getting-started", &outline).map(|e| e.page), Some(1));
        assert_eq!(heading_for("一总体要求", &outline).map(|e| e.page), Some(0));
        assert_eq!(
            heading_for("%E4%B8%80%E6%80%BB%E4%BD%93%E8%A6%81%E6%B1%82", &outline).map(|e| e.page),
            Some(0)
        );
        assert!(heading_for("nowhere", &outline).is_none());
    }

    #[test]
    fn uris_are_percent_encoded_ascii() {
        let Object::Dictionary(action) = uri_action("https://例.cn/a b") else { panic!("not a dict") };
        let uri = action.get(b"URI").and_then(Object::as_str).expect("uri");
        assert_eq!(uri, b"https://%E4%BE%8B.cn/a%20b");
    }
}
