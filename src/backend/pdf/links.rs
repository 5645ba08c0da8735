//! Link annotations: one `/Link` annotation per line piece of a link, its rectangle the glyphs' em boxes,
//! with no border (the writer's own draw a cyan box). Targets are those the link policy accepted
//! ([`crate::link`]), each once in [`Layout::links`](crate::layout::Layout::links): a web target is one URI
//! action object, shared by every piece of every link to it, so a long URL is written once; a heading target
//! is a destination at the top of the heading.

use super::save::Serialised;
use super::tags::AnnotRef;
use crate::layout::page::{OutlineEntry, Page};
use crate::link::Target;
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use std::collections::BTreeMap;

/// Adds the annotations of every page, serialised into `out`; returns them for the structure tree, which
/// keys them after the pages (their `/StructParent` is the page count plus their index).
pub(super) fn annotate(
    lo: &mut lopdf::Document,
    out: &mut Serialised,
    pages: &[Page],
    page_ids: &[ObjectId],
    targets: &[Target],
    outline: &[OutlineEntry],
    page_height: f32,
) -> Vec<AnnotRef> {
    // Where each heading a link may point to is.
    let headings: BTreeMap<usize, &OutlineEntry> =
        outline.iter().filter_map(|e| Some((e.heading?, e))).collect();
    // The URI action of each web target, made when first used.
    let mut actions: Vec<Option<ObjectId>> = vec![None; targets.len()];
    let mut made = Vec::new();
    for (page_index, (page, &page_id)) in pages.iter().zip(page_ids).enumerate() {
        let mut annots = Vec::new();
        for area in &page.links {
            let struct_parent = pages.len() + made.len();
            let action = match targets.get(area.link) {
                Some(Target::Web(uri)) => {
                    let Some(slot) = actions.get_mut(area.link) else { continue };
                    let id = *slot.get_or_insert_with(|| out.add(lo, uri_action(uri)));
                    ("A", Object::Reference(id))
                }
                Some(Target::Heading(ordinal)) => {
                    let found = headings.get(ordinal).and_then(|e| Some((*page_ids.get(e.page)?, e.top_pt)));
                    let Some((target, top_pt)) = found else { continue };
                    ("Dest", destination(target, page_height - top_pt))
                }
                None => continue,
            };
            let rect = [area.left_pt, page_height - area.bottom_pt, area.right_pt, page_height - area.top_pt];
            let dict = Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Annot".to_vec())),
                ("Subtype", Object::Name(b"Link".to_vec())),
                ("Rect", Object::Array(rect.iter().map(|&v| Object::Real(round(v))).collect())),
                ("Border", Object::Array(vec![Object::Integer(0), Object::Integer(0), Object::Integer(0)])),
                ("P", Object::Reference(page_id)),
                action,
                ("StructParent", Object::Integer(i64::try_from(struct_parent).unwrap_or(0))),
            ]);
            let id = out.add(lo, dict);
            annots.push(Object::Reference(id));
            made.push(AnnotRef { id, page: page_id, page_index, elem: area.elem, struct_parent });
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

/// A URI action. URIs are 7-bit ASCII (ISO 32000-1 §12.6.4.7), which the link policy's serialisation is.
fn uri_action(uri: &str) -> Dictionary {
    Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Action".to_vec())),
        ("S", Object::Name(b"URI".to_vec())),
        ("URI", Object::String(uri.as_bytes().to_vec(), StringFormat::Literal)),
    ])
}
