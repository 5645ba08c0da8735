//! Link annotations: one `/Link` annotation per line piece of a link, its rectangle the glyphs' em boxes,
//! with no border (the writer's own draw a cyan box). Targets are those the link policy accepted
//! ([`crate::link`]), each once in [`Layout::links`](crate::layout::Layout::links): a web target is one URI
//! action object, shared by every piece of every link to it, so a long URL is written once; a heading target
//! is a destination at the top of the heading.

use super::save::Serialised;
use super::tags::AnnotRef;
use crate::layout::page::OutlineEntry;
use crate::layout::Layout;
use crate::link::Target;
use crate::style::{PdfStandard, Print};
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use std::collections::BTreeMap;

/// Adds the annotations of every page, serialised into `out`; returns them for the structure tree, which
/// keys them after the pages (their `/StructParent` is the page count plus their index).
pub(super) fn annotate(
    lo: &mut lopdf::Document,
    out: &mut Serialised,
    layout: &Layout,
    page_ids: &[ObjectId],
    page_height: f32,
    extras: Extras,
) -> Vec<AnnotRef> {
    let (pages, targets, outline) = (&layout.pages, &layout.links, &layout.outline);
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
            // The action, and what the link leads to in words (PDF/UA's alternate description).
            let (action, description) = match targets.get(area.link) {
                Some(Target::Web(uri)) => {
                    let Some(slot) = actions.get_mut(area.link) else { continue };
                    let id = *slot.get_or_insert_with(|| out.add(lo, uri_action(uri)));
                    (("A", Object::Reference(id)), uri.as_str())
                }
                Some(Target::Heading(ordinal)) => {
                    let Some(entry) = headings.get(ordinal) else { continue };
                    let Some(&target) = page_ids.get(entry.page) else { continue };
                    (("Dest", destination(target, page_height - entry.top_pt)), entry.title.as_str())
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
            let mut dict = dict;
            if extras.printed {
                dict.set("F", Object::Integer(PRINT_FLAG));
            }
            if extras.described {
                dict.set("Contents", super::text_string(description));
            }
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

/// The annotation flag `Print` (ISO 32000-1 §12.5.3), which PDF/A wants on every annotation.
const PRINT_FLAG: i64 = 4;

/// What a standard adds to each annotation.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Extras {
    /// The `Print` flag (PDF/A, PDF/X).
    printed: bool,
    /// `/Contents`, where the link leads (PDF/UA §7.18.5).
    described: bool,
}

impl Extras {
    /// What `print`'s standards ask for.
    pub(super) fn for_print(print: &Print) -> Extras {
        Extras { printed: !print.pdf_standards.is_empty(), described: print.claims(PdfStandard::Ua1) }
    }
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
