//! Tagged PDF (ISO 32000-1 §14.7–14.8): every body line's text is a marked-content sequence
//! `/P <</MCID n>> BDC … EMC` (consecutive lines of one element share one), every image one `/Figure`
//! sequence; `finish` then writes the structure tree (Document → H1…H6, P, L/LI/LBody, Table/TR/TH/TD,
//! Figure with `/Alt`, Link with the annotation), the parent tree, `/StructParents` on the pages and
//! `/MarkInfo`. Page numbers and rules are artifacts, outside the tree.

use super::save::{write_object, Serialised};
use super::vendor::Content;
use crate::layout::marks::{StructElem, StructKind};
use crate::layout::page::Page;
use lopdf::{Dictionary, Object, ObjectId};

/// A marked-content sequence of body lines `first..=last`, all of element `elem`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Sequence {
    first: usize,
    last: usize,
    elem: usize,
}

/// The page's line sequences in order; their MCIDs are 0, 1, … and the images' follow.
fn sequences(page: &Page) -> Vec<Sequence> {
    let mut out: Vec<Sequence> = Vec::new();
    for (index, elem) in page.structure.iter().enumerate() {
        let Some(elem) = *elem else { continue };
        match out.last_mut() {
            Some(s) if s.elem == elem && s.last + 1 == index => s.last = index,
            _ => out.push(Sequence { first: index, last: index, elem }),
        }
    }
    out
}

/// The element of each MCID on `page` (the line sequences, then the images) and how far down the page it
/// starts, which orders it among its siblings.
fn mcid_elems(page: &Page) -> Vec<(Option<usize>, f32)> {
    let line_top = |s: &Sequence| page.lines.get(s.first).map_or(0.0, |l| l.baseline_pt);
    sequences(page)
        .iter()
        .map(|s| (Some(s.elem), line_top(s)))
        .chain(page.images.iter().map(|i| (i.elem, i.top_pt)))
        .collect()
}

/// Emits `BDC`/`EMC` around a page's body lines as `page_ops` walks them.
pub(super) struct Tagger<'a> {
    structure: &'a [StructElem],
    sequences: Vec<Sequence>,
    next: usize,
    open: bool,
}

impl<'a> Tagger<'a> {
    /// A tagger for `page`.
    pub(super) fn new(page: &Page, structure: &'a [StructElem]) -> Self {
        Tagger { structure, sequences: sequences(page), next: 0, open: false }
    }

    fn tag(&self, elem: usize) -> &'static str {
        self.structure.get(elem).map_or("Span", |e| e.kind.tag())
    }

    /// Called before line `index` is drawn (and with the first furniture line's index, to close).
    pub(super) fn before_line(&mut self, index: usize, ops: &mut Content) {
        if self.open && self.sequences.get(self.next).is_some_and(|s| s.last < index) {
            ops.end_tagged();
            self.open = false;
            self.next += 1;
        }
        if let Some(s) = self.sequences.get(self.next).filter(|s| !self.open && s.first == index) {
            ops.begin_tagged(self.tag(s.elem), self.next);
            self.open = true;
        }
    }

    /// Closes the last sequence.
    pub(super) fn end(&mut self, ops: &mut Content) {
        if self.open {
            ops.end_tagged();
            self.open = false;
            self.next += 1;
        }
    }

    /// The `BDC` for image `k` of the page.
    pub(super) fn begin_image(&self, k: usize, elem: Option<usize>, ops: &mut Content) {
        ops.begin_tagged(elem.map_or("Figure", |e| self.tag(e)), self.sequences.len() + k);
    }
}

/// The attributes PDF/UA-1 asks of an element of `kind` (ISO 14289-1 §7.5, §7.1): a header cell names the
/// cells it heads (a column: tables have one header row), and a code block is a block, which its standard
/// type, an inline one, does not say by itself.
fn ua_attributes(kind: StructKind) -> Option<Object> {
    let name = |n: &[u8]| Object::Name(n.to_vec());
    match kind {
        StructKind::HeaderCell => Some(Object::Dictionary(Dictionary::from_iter(vec![
            ("O", name(b"Table")),
            ("Scope", name(b"Column")),
        ]))),
        StructKind::Code => Some(Object::Dictionary(Dictionary::from_iter(vec![
            ("O", name(b"Layout")),
            ("Placement", name(b"Block")),
        ]))),
        _ => None,
    }
}

/// A link annotation to hang in the tree: its object, page and the element whose text it is in.
pub(super) struct AnnotRef {
    /// The annotation.
    pub(super) id: ObjectId,
    /// Its page.
    pub(super) page: ObjectId,
    /// The index of its page.
    pub(super) page_index: usize,
    /// The element it belongs to.
    pub(super) elem: Option<usize>,
    /// Its key in the parent tree (its `/StructParent`): numbers after the pages' own.
    pub(super) struct_parent: usize,
}

/// Document order of a kid: page, hundredths of a point down the page, MCID (a link annotation sorts after
/// its page's content).
type Key = (usize, i64, usize);

/// A kid of a structure element.
#[derive(Debug, Clone, Copy)]
enum Kid {
    /// Marked content `mcid` of page `page` (an index).
    Content { page: usize, mcid: usize },
    /// Another element (an index into the structure).
    Elem(usize),
    /// A `Link` element (its object).
    Link(ObjectId),
}

/// Writes the structure tree, serialised into `out`; returns the `StructTreeRoot`'s id. Pages get
/// `/StructParents` (their index); annotations carry their [`AnnotRef::struct_parent`] already. An
/// element whose content is on one page names it once (`/Pg`) and lists its MCIDs as plain numbers
/// (§14.7.4.2), rather than a marked-content reference dictionary each.
pub(super) fn structure_tree(
    lo: &mut lopdf::Document,
    out: &mut Serialised,
    structure: &[StructElem],
    pages: &[Page],
    page_ids: &[ObjectId],
    annots: &[AnnotRef],
    accessible: bool,
) -> ObjectId {
    let root = lo.new_object_id();
    let document = lo.new_object_id();
    let ids: Vec<ObjectId> = structure.iter().map(|_| lo.new_object_id()).collect();
    let elem_ref = |e: Option<usize>| e.and_then(|e| ids.get(e)).copied();
    let top = structure.len();
    // Every kid with its owner (an element, or the document: `top`) and its place in document order;
    // sorted once by owner and place.
    let mut kids: Vec<(usize, Key, Kid)> = Vec::new();
    let mut first_key: Vec<Option<Key>> = vec![None; structure.len()];
    // The parent tree, written as it is gathered: page index → the element of each MCID.
    let mut nums = b"<</Nums[".to_vec();
    for (p, (page, &page_id)) in pages.iter().zip(page_ids).enumerate() {
        let mut parents = Vec::new();
        for (mcid, (elem, y_pt)) in mcid_elems(page).into_iter().enumerate() {
            let owner = elem.filter(|&e| e < structure.len());
            parents.push(elem_ref(owner).map_or(Object::Null, Object::Reference));
            // Truncation is fine: this only orders positions on one page.
            let key = (p, (y_pt * 100.0) as i64, mcid);
            kids.push((owner.unwrap_or(top), key, Kid::Content { page: p, mcid }));
            if let Some(first) = owner.and_then(|e| first_key.get_mut(e)) {
                *first = Some(first.map_or(key, |f| f.min(key)));
            }
        }
        if let Ok(dict) = lo.get_object_mut(page_id).and_then(Object::as_dict_mut) {
            dict.set("StructParents", Object::Integer(i64::try_from(p).unwrap_or(0)));
        }
        write_object(&mut nums, &Object::Integer(i64::try_from(p).unwrap_or(0)));
        write_object(&mut nums, &Object::Array(parents));
    }
    // Link elements: one per annotation, inside the element whose text it covers.
    for (k, annot) in annots.iter().enumerate() {
        let link_id = lo.new_object_id();
        let parent = annot.elem.filter(|&e| e < structure.len());
        kids.push((parent.unwrap_or(top), (annot.page_index, i64::MAX, k), Kid::Link(link_id)));
        let objr = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"OBJR".to_vec())),
            ("Pg", Object::Reference(annot.page)),
            ("Obj", Object::Reference(annot.id)),
        ]);
        let link = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"StructElem".to_vec())),
            ("S", Object::Name(b"Link".to_vec())),
            ("P", Object::Reference(elem_ref(parent).unwrap_or(document))),
            ("Pg", Object::Reference(annot.page)),
            ("K", Object::Dictionary(objr)),
        ]);
        out.insert(link_id, &Object::Dictionary(link));
        write_object(&mut nums, &Object::Integer(i64::try_from(annot.struct_parent).unwrap_or(0)));
        write_object(&mut nums, &Object::Reference(link_id));
    }
    nums.extend_from_slice(b"]>>");
    // An element's place among its siblings is that of its first content; parents come before children,
    // so walking backwards carries every first key up to the root.
    for e in (0..structure.len()).rev() {
        let (Some(key), Some(parent)) =
            (first_key.get(e).copied().flatten(), structure.get(e).map(|s| s.parent))
        else {
            continue;
        };
        let slot = parent.filter(|&p| p < e).unwrap_or(top);
        kids.push((slot, key, Kid::Elem(e)));
        if let Some(first) = parent.filter(|&p| p < e).and_then(|p| first_key.get_mut(p)) {
            *first = Some(first.map_or(key, |f| f.min(key)));
        }
    }
    kids.sort_by_key(|&(owner, key, _)| (owner, key));
    let mut groups = kids.chunk_by(|a, b| a.0 == b.0).peekable();
    let mut kids_of = |owner: usize| -> &[(usize, Key, Kid)] {
        groups.next_if(|group| group.first().is_some_and(|k| k.0 == owner)).unwrap_or_default()
    };
    let page_ref = |p: usize| page_ids.get(p).copied().unwrap_or((0, 0));
    // The kids as `K` wants them: MCIDs on the element's own page (`on`) as numbers.
    let k_array = |kids: &[(usize, Key, Kid)], on: Option<usize>| -> Object {
        let items = kids.iter().map(|&(_, _, kid)| match kid {
            Kid::Content { page, mcid } if on == Some(page) => {
                Object::Integer(i64::try_from(mcid).unwrap_or(0))
            }
            Kid::Content { page, mcid } => Object::Dictionary(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"MCR".to_vec())),
                ("Pg", Object::Reference(page_ref(page))),
                ("MCID", Object::Integer(i64::try_from(mcid).unwrap_or(0))),
            ])),
            Kid::Elem(e) => elem_ref(Some(e)).map_or(Object::Null, Object::Reference),
            Kid::Link(id) => Object::Reference(id),
        });
        Object::Array(items.collect())
    };
    // Elements with no content on any page (an empty paragraph) are left out of the tree.
    for (e, elem) in structure.iter().enumerate() {
        let mine = kids_of(e);
        let Some(&id) = ids.get(e) else { continue };
        if first_key.get(e).copied().flatten().is_none() && mine.is_empty() {
            continue;
        }
        let parent = elem.parent.filter(|&p| p < e).and_then(|p| ids.get(p)).copied().unwrap_or(document);
        let on = mine.iter().find_map(|&(_, _, kid)| match kid {
            Kid::Content { page, .. } => Some(page),
            _ => None,
        });
        let mut dict = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"StructElem".to_vec())),
            ("S", Object::Name(elem.kind.tag().as_bytes().to_vec())),
            ("P", Object::Reference(parent)),
        ]);
        if let Some(page) = on {
            dict.set("Pg", Object::Reference(page_ref(page)));
        }
        dict.set("K", k_array(mine, on));
        if let Some(alt) = &elem.alt {
            dict.set("Alt", super::text_string(alt));
        }
        if let Some(attributes) = accessible.then(|| ua_attributes(elem.kind)).flatten() {
            dict.set("A", attributes);
        }
        out.insert(id, &Object::Dictionary(dict));
    }
    let top_kids = k_array(kids_of(top), None);
    let document_elem = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"StructElem".to_vec())),
        ("S", Object::Name(b"Document".to_vec())),
        ("P", Object::Reference(root)),
        ("K", top_kids),
    ]);
    out.insert(document, &Object::Dictionary(document_elem));
    let parent_tree = lo.new_object_id();
    out.insert_bytes(parent_tree, nums);
    let next_key = i64::try_from(pages.len() + annots.len()).unwrap_or(0);
    let tree_root = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"StructTreeRoot".to_vec())),
        ("K", Object::Reference(document)),
        ("ParentTree", Object::Reference(parent_tree)),
        ("ParentTreeNextKey", Object::Integer(next_key)),
    ]);
    out.insert(root, &Object::Dictionary(tree_root));
    root
}
