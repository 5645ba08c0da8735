//! Page-break markers of the print edition: when the PDF is made in the same run, its page map
//! ([`crate::layout::page_map`]) places `<span epub:type="pagebreak"/>` where each printed page begins, for
//! the navigation document's page list. A marker enters a paragraph at the character its page's first line
//! starts with; any other block it precedes.

use super::Writer;
use crate::layout::page_map::{Anchor, PageStart};
use std::collections::VecDeque;

/// The markers still to place, in document order, and those placed.
#[derive(Debug, Default)]
pub(in crate::backend::epub) struct PageBreaks {
    pending: VecDeque<PageStart>,
    /// How many top-level blocks the body has: after the last, the markers of [`Anchor::End`] go in.
    body_blocks: usize,
    /// Each marker placed: its page number and `file.xhtml#page-N`, in document order.
    pub placed: Vec<(usize, String)>,
}

impl PageBreaks {
    /// The markers of `map`, for a body of `body_blocks` top-level blocks.
    pub fn new(map: &[PageStart], body_blocks: usize) -> PageBreaks {
        let mut pending: Vec<PageStart> = map.to_vec();
        pending.sort_by_key(|p| (p.at, p.folio));
        PageBreaks { pending: pending.into(), body_blocks, placed: Vec::new() }
    }

    /// Where the next marker goes.
    fn next(&self) -> Option<Anchor> {
        self.pending.front().map(|p| p.at)
    }

    /// Writes to `out` (part of file `href`) every marker at or before `last`.
    pub fn place_through(&mut self, last: Anchor, href: &str, out: &mut String) {
        while let Some(page) = self.pending.pop_front() {
            if page.at > last {
                self.pending.push_front(page);
                break;
            }
            let n = page.folio;
            out.push_str(&format!(
                "<span epub:type=\"pagebreak\" id=\"page-{n}\" role=\"doc-pagebreak\" aria-label=\"{n}\"/>"
            ));
            self.placed.push((n, format!("{href}#page-{n}")));
        }
    }
}

/// Everything of top-level block `block`, to its last character.
fn whole(block: usize) -> Anchor {
    Anchor::Block { block, offset: usize::MAX }
}

impl Writer<'_> {
    /// Writes the markers up to and including `last`.
    fn page_breaks_through(&mut self, last: Anchor) {
        self.page_breaks.place_through(last, &self.href, &mut self.out);
    }

    /// Before top-level block `block`: the markers before it, and those inside it unless it is a paragraph
    /// (`enters`), whose text takes them where they fall ([`Writer::marked_text`]).
    pub(super) fn open_body_block(&mut self, block: usize, enters: bool) {
        if enters {
            if let Some(before) = block.checked_sub(1) {
                self.page_breaks_through(whole(before));
            }
            self.text_at = Some((block, 0));
        } else {
            self.page_breaks_through(whole(block));
        }
    }

    /// After top-level block `block`: what its text did not take (a paragraph that wrote nothing).
    pub(super) fn close_body_block(&mut self, block: usize) {
        self.text_at = None;
        self.page_breaks_through(whole(block));
    }

    /// At the end of a chapter file: the markers after the body when this file ends it.
    pub(super) fn close_body(&mut self, blocks_written: usize) {
        if blocks_written >= self.page_breaks.body_blocks {
            self.page_breaks_through(Anchor::End);
        }
    }

    /// `chars` characters of a body paragraph's plain text written as one piece (code, an image's alt text,
    /// a line break): the markers that fall inside go before it.
    pub(super) fn atom_of_text(&mut self, chars: usize) {
        if let Some((block, at)) = self.text_at {
            let last = (at + chars).saturating_sub(1).max(at);
            self.page_breaks_through(Anchor::Block { block, offset: last });
            self.text_at = Some((block, at + chars));
        }
    }

    /// Text of a body paragraph, markers placed between its characters where pages begin.
    pub(super) fn marked_text(&mut self, text: &str) {
        let Some((block, mut at)) = self.text_at else { return self.text(text) };
        let mut rest = text;
        while let Some(Anchor::Block { block: b, offset }) =
            self.page_breaks.next().filter(|_| !rest.is_empty())
        {
            if b != block {
                break;
            }
            let Some(split) = rest.char_indices().nth(offset.saturating_sub(at)).map(|(i, _)| i) else {
                break;
            };
            let (head, tail) = rest.split_at(split);
            self.text(head);
            at += head.chars().count();
            self.page_breaks_through(Anchor::Block { block, offset: at });
            rest = tail;
        }
        self.text(rest);
        self.text_at = Some((block, at + rest.chars().count()));
    }
}
