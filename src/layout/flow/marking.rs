//! The flow's bookkeeping for what the page carries besides glyphs: the structure element each block opens
//! (for tagged PDF), the label a list item's marker is, and the character ranges of links, turned into link
//! areas once a paragraph is set.

use crate::layout::marks::{glyph_sources, link_areas, Label, LinkArea, LinkRange, StructElem, StructKind};
use crate::layout::page::Row;
use crate::layout::paragraph::{Line, StyledChar};
use crate::link::{Anchors, Target};
use crate::model::{Block, Resource, Role};
use std::collections::BTreeMap;

/// Structure elements made so far, the one open now, the document's link targets and the links of the
/// paragraph being built.
#[derive(Debug, Default)]
pub(super) struct Marking<'a> {
    /// Every element, in document order.
    pub(super) elems: Vec<StructElem>,
    current: Option<usize>,
    /// The label element of the list item being opened, until its marker is set.
    label: Option<usize>,
    links: Vec<LinkRange>,
    /// The headings links may point to.
    pub(super) anchors: Anchors,
    /// Every link target of the document, each once: link areas refer to them by index, so a link broken
    /// over many lines does not copy its URL into each piece.
    pub(super) targets: Vec<Target>,
    /// The index of each target in `targets`.
    target_index: BTreeMap<Target, usize>,
    /// The document's images, for figures.
    pub(super) resources: Option<&'a BTreeMap<String, Resource>>,
}

impl Marking<'_> {
    /// Opens an element of `kind` inside the current one; returns what to pass to [`Marking::close`].
    pub(super) fn open(&mut self, kind: StructKind, alt: Option<String>) -> Option<usize> {
        let previous = self.current;
        self.current = Some(self.elems.len());
        self.elems.push(StructElem { kind, parent: previous, alt });
        previous
    }

    /// Closes what the matching [`Marking::open`] opened.
    pub(super) fn close(&mut self, previous: Option<usize>) {
        self.current = previous;
    }

    /// Opens the element `block` stands for; blocks without content of their own (rules, page breaks,
    /// omitted boilerplate) open nothing, and closing them restores the same element.
    pub(super) fn open_block(&mut self, block: &Block) -> Option<usize> {
        let kind = match block {
            Block::Heading { level, .. } => StructKind::Heading(*level),
            Block::Paragraph { role: Role::Boilerplate, .. } => return self.current,
            Block::Paragraph { .. } => StructKind::Paragraph,
            Block::List { .. } => StructKind::List,
            Block::Quote { .. } => StructKind::Quote,
            Block::Code { .. } => StructKind::Code,
            Block::Table(_) => StructKind::Table,
            Block::Figure { image, .. } => return self.open(StructKind::Figure, Some(image.alt.clone())),
            // Its parts open their own elements.
            Block::Attachment { .. } => return self.current,
            Block::Rule | Block::PageBreak => return self.current,
        };
        self.open(kind, None)
    }

    /// Adds the label of the list item now open; the paragraph that sets its marker takes it
    /// ([`Marking::take_label`]).
    pub(super) fn open_label(&mut self) {
        self.label = Some(self.elems.len());
        self.elems.push(StructElem { kind: StructKind::Label, parent: self.current, alt: None });
    }

    /// The label waiting for its marker, once.
    pub(super) fn take_label(&mut self) -> Option<usize> {
        self.label.take()
    }

    /// The element now open.
    pub(super) fn current(&self) -> Option<usize> {
        self.current
    }

    /// The element a paragraph's lines belong to: the open one, or a paragraph of its own for text no
    /// block stands for (title block, the end notes' heading).
    pub(super) fn paragraph_elem(&mut self) -> Option<usize> {
        if self.current.is_none() {
            self.elems.push(StructElem { kind: StructKind::Paragraph, parent: None, alt: None });
            return Some(self.elems.len() - 1);
        }
        self.current
    }

    /// Records that `chars[start..end]` of the paragraph being built link to `url`, if the link policy
    /// accepts it, and says whether it did; a refused link stays text (the policy's transform reports it).
    pub(super) fn link(&mut self, start: usize, end: usize, url: &str) -> bool {
        if end <= start {
            return false;
        }
        let Ok(target) = self.anchors.resolve(url) else { return false };
        let next = self.targets.len();
        let link = match self.target_index.get(&target) {
            Some(&index) => index,
            None => {
                self.target_index.insert(target.clone(), next);
                self.targets.push(target);
                next
            }
        };
        self.links.push(LinkRange { start, end, link });
        true
    }

    /// The link areas of each of `lines`, set from `chars` (relative to the line box and its baseline);
    /// the paragraph's links are consumed.
    pub(super) fn take_links(
        &mut self,
        chars: &[StyledChar],
        lines: &[Line],
        elem: Option<usize>,
    ) -> Vec<Vec<LinkArea>> {
        let links = std::mem::take(&mut self.links);
        link_areas(chars, &links, lines, elem)
    }
}

/// Records that the first `marker_len` characters of `chars`, set as `row`'s first line, are label `elem`:
/// as many glyphs as show them (setting drops spaces).
pub(super) fn mark_label(row: &mut Row, chars: &[StyledChar], marker_len: usize, elem: usize) {
    let Some(first) = row.lines.first() else { return };
    let sources = glyph_sources(chars, std::slice::from_ref(&first.line));
    let shown = sources
        .first()
        .map_or(0, |line| line.iter().take_while(|source| source.is_some_and(|s| s < marker_len)).count());
    if shown > 0 {
        row.labels.push(Label { line: 0, glyphs: shown, elem });
    }
}

/// `areas` of one line placed with its box's left edge at `x_pt` and its baseline at `baseline_pt`.
pub(super) fn place(areas: Option<&Vec<LinkArea>>, x_pt: f32, baseline_pt: f32) -> Vec<LinkArea> {
    areas.map_or_else(Vec::new, |areas| areas.iter().map(|a| a.moved(x_pt, baseline_pt)).collect())
}
