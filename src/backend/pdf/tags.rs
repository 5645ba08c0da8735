//! Tagged PDF (ISO 32000-1 §14.7–14.8): every body line's text is a marked-content sequence
//! `/P <</MCID n>> BDC … EMC` (consecutive lines of one element share one), every image one `/Figure`
//! sequence; `finish` then writes the structure tree (Document → H1…H6, P, L/LI/LBody, Table/TR/TH/TD,
//! Figure with `/Alt`, Link with the annotation), the parent tree, `/StructParents` on the pages and
//! `/MarkInfo`. Page numbers and rules are artifacts, outside the tree. In a PDF/UA file a list item's
//! marker is a sequence of its own, the item's `Lbl` beside its `LBody` (ISO 14289-1 §7.6); elsewhere it
//! stays in the text of the item's first line, as it always has.

use super::save::{write_object, Serialised};
use super::vendor::Content;
use crate::layout::marks::{StructElem, StructKind};
use crate::layout::page::Page;
use lopdf::{Dictionary, Object, ObjectId};

/// A place in a page's body text: (line, glyph).
pub(super) type At = (usize, usize);

/// A marked-content sequence of body text from `start` up to `end` (not included), all of element `elem`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Sequence {
    start: At,
    end: At,
    elem: usize,
}

/// The page's text sequences in order; their MCIDs are 0, 1, … and the images' follow. With `labels`, a
/// list item's marker is a sequence of its own.
fn sequences(page: &Page, labels: bool) -> Vec<Sequence> {
    let mut out: Vec<Sequence> = Vec::new();
    let mut push = |start: At, end: At, elem: usize| match out.last_mut() {
        Some(s) if s.elem == elem && s.end == start => s.end = end,
        _ => out.push(Sequence { start, end, elem }),
    };
    let mut marked = page.labels.iter().filter(|_| labels).peekable();
    for (index, elem) in page.structure.iter().enumerate() {
        let Some(elem) = *elem else { continue };
        while marked.next_if(|l| l.line < index).is_some() {}
        let mut from = 0;
        if let Some(label) = marked.next_if(|l| l.line == index) {
            push((index, 0), (index, label.glyphs), label.elem);
            from = label.glyphs;
        }
        let glyphs = page.lines.get(index).map_or(0, |l| l.line.glyphs.len());
        if from == 0 || from < glyphs {
            push((index, from), (index + 1, 0), elem);
        }
    }
    out
}

/// The element of each MCID on `page` (the text sequences, then the images) and how far down the page it
/// starts, which orders it among its siblings.
fn mcid_elems(page: &Page, labels: bool) -> Vec<(Option<usize>, f32)> {
    let line_top = |s: &Sequence| page.lines.get(s.start.0).map_or(0.0, |l| l.baseline_pt);
    sequences(page, labels)
        .iter()
        .map(|s| (Some(s.elem), line_top(s)))
        .chain(page.images.iter().map(|i| (i.elem, i.top_pt)))
        .collect()
}

/// Emits `BDC`/`EMC` around a page's body text as `page_ops` walks it.
pub(super) struct Tagger<'a> {
    structure: &'a [StructElem],
    sequences: Vec<Sequence>,
    next: usize,
    open: bool,
}

impl<'a> Tagger<'a> {
    /// A tagger for `page`; with `labels`, list item markers are tagged apart from the items' text.
    pub(super) fn new(page: &Page, structure: &'a [StructElem], labels: bool) -> Self {
        Tagger { structure, sequences: sequences(page, labels), next: 0, open: false }
    }

    fn tag(&self, elem: usize) -> &'static str {
        self.structure.get(elem).map_or("Span", |e| e.kind.tag())
    }

    /// Called before line `index` is drawn (and with the first furniture line's index, to close).
    pub(super) fn before_line(&mut self, index: usize, ops: &mut Content) {
        self.before((index, 0), ops);
    }

    /// Called before the glyph at `at` is drawn, where a sequence may end or start.
    pub(super) fn before(&mut self, at: At, ops: &mut Content) {
        if self.open && self.sequences.get(self.next).is_some_and(|s| s.end <= at) {
            ops.end_tagged();
            self.open = false;
            self.next += 1;
        }
        if let Some(s) = self.sequences.get(self.next).filter(|s| !self.open && s.start == at) {
            ops.begin_tagged(self.tag(s.elem), self.next);
            self.open = true;
        }
    }

    /// The glyph of line `index`, past its first, where a sequence starts (the text after a list item's
    /// marker): a run of glyphs must not reach across it.
    pub(super) fn boundary(&self, index: usize) -> Option<usize> {
        let ahead = self.sequences.get(self.next..).unwrap_or_default();
        ahead
            .iter()
            .take_while(|s| s.start.0 <= index)
            .find(|s| s.start.0 == index && s.start.1 > 0)
            .map(|s| s.start.1)
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
    // A list item's label is an element only where markers are tagged apart: elsewhere it has no content
    // and takes no object number, and the file is what it was before labels were made.
    let ids: Vec<Option<ObjectId>> = structure
        .iter()
        .map(|e| (accessible || e.kind != StructKind::Label).then(|| lo.new_object_id()))
        .collect();
    let elem_ref = |e: Option<usize>| e.and_then(|e| ids.get(e).copied().flatten());
    let top = structure.len();
    // Every kid with its owner (an element, or the document: `top`) and its place in document order;
    // sorted once by owner and place.
    let mut kids: Vec<(usize, Key, Kid)> = Vec::new();
    let mut first_key: Vec<Option<Key>> = vec![None; structure.len()];
    // The parent tree, written as it is gathered: page index → the element of each MCID.
    let mut nums = b"<</Nums[".to_vec();
    for (p, (page, &page_id)) in pages.iter().zip(page_ids).enumerate() {
        let mut parents = Vec::new();
        for (mcid, (elem, y_pt)) in mcid_elems(page, accessible).into_iter().enumerate() {
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
        let Some(id) = ids.get(e).copied().flatten() else { continue };
        if first_key.get(e).copied().flatten().is_none() && mine.is_empty() {
            continue;
        }
        let parent = elem_ref(elem.parent.filter(|&p| p < e)).unwrap_or(document);
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
