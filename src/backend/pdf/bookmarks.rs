//! The document outline (bookmarks): the headings nested by level, each pointing at its place on its page.

use super::save;
use super::text_string;
use crate::layout::page::OutlineEntry;
use lopdf::{Dictionary, Object, ObjectId};

/// Builds a nested outline from the headings (the writer's bookmarks are flat and sorted by name), in time
/// linear in their number: parents from one pass with a stack, then children, siblings and counts.
pub(super) fn add_outline(
    lo: &mut lopdf::Document,
    out: &mut save::Serialised,
    entries: &[OutlineEntry],
    page_ids: &[ObjectId],
    page_height: f32,
) -> Option<ObjectId> {
    let entries: Vec<&OutlineEntry> = entries.iter().filter(|e| page_ids.get(e.page).is_some()).collect();
    if entries.is_empty() {
        return None;
    }
    let root = lo.new_object_id();
    let ids: Vec<ObjectId> = entries.iter().map(|_| lo.new_object_id()).collect();
    // parent[i]: index of the nearest earlier entry with a smaller level.
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(entries.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        while stack.last().and_then(|&j| entries.get(j)).is_some_and(|p| p.level >= e.level) {
            stack.pop();
        }
        parent.push(stack.last().copied());
        stack.push(i);
    }
    // The children of each entry, and of the root (the last slot), in order.
    let top = entries.len();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); entries.len() + 1];
    for (i, p) in parent.iter().enumerate() {
        if let Some(list) = children.get_mut(p.unwrap_or(top)) {
            list.push(i);
        }
    }
    // Descendants of each entry: children come after their parent, so one backward pass sums them.
    let mut descendants = vec![0i64; entries.len()];
    for i in (0..entries.len()).rev() {
        let below = descendants.get(i).copied().unwrap_or(0);
        if let Some(count) = parent.get(i).copied().flatten().and_then(|p| descendants.get_mut(p)) {
            *count += 1 + below;
        }
    }
    let id_of = |k: &usize| ids.get(*k).copied();
    for (p, siblings) in children.iter().enumerate() {
        let parent_id = if p == top { root } else { ids.get(p).copied().unwrap_or(root) };
        for (pos, &i) in siblings.iter().enumerate() {
            let (Some(e), Some(&id)) = (entries.get(i), ids.get(i)) else { continue };
            let page_id = page_ids.get(e.page).copied().unwrap_or((0, 0));
            let mut dict = Dictionary::from_iter(vec![
                ("Title", text_string(&e.title)),
                ("Parent", Object::Reference(parent_id)),
                (
                    "Dest",
                    Object::Array(vec![
                        Object::Reference(page_id),
                        Object::Name(b"XYZ".to_vec()),
                        Object::Null,
                        Object::Real(page_height - e.top_pt),
                        Object::Null,
                    ]),
                ),
            ]);
            if let Some(prev) = pos.checked_sub(1).and_then(|k| siblings.get(k)).and_then(id_of) {
                dict.set("Prev", Object::Reference(prev));
            }
            if let Some(next) = siblings.get(pos + 1).and_then(id_of) {
                dict.set("Next", Object::Reference(next));
            }
            let kids = children.get(i).map_or(&[][..], Vec::as_slice);
            if let (Some(first), Some(last)) = (kids.first().and_then(id_of), kids.last().and_then(id_of)) {
                dict.set("First", Object::Reference(first));
                dict.set("Last", Object::Reference(last));
                dict.set("Count", Object::Integer(descendants.get(i).copied().unwrap_or(0)));
            }
            out.insert(id, &Object::Dictionary(dict));
        }
    }
    let top_kids = children.get(top).map_or(&[][..], Vec::as_slice);
    let mut root_dict = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Outlines".to_vec())),
        ("Count", Object::Integer(i64::try_from(entries.len()).unwrap_or(0))),
    ]);
    if let (Some(first), Some(last)) = (top_kids.first().and_then(id_of), top_kids.last().and_then(id_of)) {
        root_dict.set("First", Object::Reference(first));
        root_dict.set("Last", Object::Reference(last));
    }
    out.insert(root, &Object::Dictionary(root_dict));
    Some(root)
}
