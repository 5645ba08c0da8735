//! Where the pages break: which rows open a new page. Decided before anything is placed, from the rows'
//! heights and bonds alone, so that the two pages of a spread can be tried together: a book keeps its
//! grid, both pages of a spread ending on the same line. When widow and orphan control would end one page
//! of a spread a line short, it moves a line on the other page too, or, when that cannot be done, yields.

use super::{fitting_notes, Row, EPS};
use crate::style::Notes;

/// What the plan needs of a row.
struct Step {
    /// Opens a page that must be a recto (a chapter, [`crate::style::ChapterStart::Recto`]).
    recto: bool,
    /// Must be set on a verso (the 版记 of a two-sided document): it ends an odd page before it.
    verso: bool,
    height: f32,
    before: f32,
    page_break: bool,
    keep: bool,
    /// Heights of the footnotes the row references, in the order they are set.
    notes: Vec<f32>,
    /// The row's table (by the identity of its shared header rows) and the heights of those header rows,
    /// repeated at the top of a page the row opens.
    table: Option<(usize, Vec<f32>)>,
}

/// The state of the page being filled.
#[derive(Clone)]
struct Cursor {
    /// Height filled so far.
    y: f32,
    /// Nothing placed yet in the whole document.
    fresh: bool,
    /// Heights of the notes at this page's foot (carried over and referenced here), and their sum.
    foot: Vec<f32>,
    foot_height: f32,
}

/// Whether a row opens a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Opens {
    /// It follows the row before on its page.
    No,
    /// It opens the next page.
    Page,
    /// It opens the page after a blank one (a chapter kept to a recto, a 版记 to a verso).
    AfterBlank,
}

/// Why a page ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// The next row asks for a new page, or the rows ran out.
    Break,
    /// The next row does not fit.
    Full,
    /// The next row fits but is bound to rows that do not (widow and orphan control, a heading).
    Keep,
}

/// One page filled: the first row of the next page, the height filled, why it ended, the state at its end.
struct Fill {
    next: usize,
    depth: f32,
    end: End,
    cursor: Cursor,
}

/// The rows, their page's capacity and the notes' share of it.
pub(super) struct Planner<'a> {
    steps: Vec<Step>,
    full_height: f32,
    area: &'a Notes,
    /// Where the rows set at the foot of the last page start, and their height together.
    at_foot: Option<(usize, f32)>,
}

impl<'a> Planner<'a> {
    pub(super) fn new(rows: &[Row], full_height: f32, area: &'a Notes) -> Self {
        let steps = rows
            .iter()
            .map(|row| Step {
                recto: row.recto,
                verso: row.verso,
                height: row.height_pt,
                before: row.space_before_pt,
                page_break: row.page_break_before,
                keep: row.keep_with_next,
                notes: note_heights(&row.notes),
                table: row.table.as_ref().map(|t| {
                    (
                        std::sync::Arc::as_ptr(&t.head) as *const Row as usize,
                        t.head.iter().map(|h| h.height_pt).collect(),
                    )
                }),
            })
            .collect();
        let at_foot = rows.iter().position(|r| r.at_foot);
        let at_foot = at_foot.map(|k| (k, rows.iter().skip(k).map(|r| r.height_pt).sum()));
        Planner { steps, full_height, area, at_foot }
    }

    /// For each row, whether it opens a new page, numbered from `first_number`. With `facing` each spread
    /// (an even page and the odd one after it) ends on one line.
    pub(super) fn plan(&self, first_number: usize, facing: bool) -> Vec<Opens> {
        let mut opens = vec![Opens::No; self.steps.len()];
        let mut cursor = Cursor { y: 0.0, fresh: true, foot: Vec::new(), foot_height: 0.0 };
        let mut start = 0;
        let mut number = first_number;
        while start < self.steps.len() {
            let step = self.steps.get(start);
            let wrong_side = if number.is_multiple_of(2) {
                step.is_some_and(|s| s.recto)
            } else {
                step.is_some_and(|s| s.verso)
            };
            if start > 0 && wrong_side {
                // A chapter that must open on a recto, or a 版记 that must stand on a verso: a blank page
                // before it.
                if let Some(o) = opens.get_mut(start) {
                    *o = Opens::AfterBlank;
                }
                number += 1;
            }
            let odd = !number.is_multiple_of(2);
            let verso = self.fill(cursor.clone(), start, None, true, odd);
            let fills = if facing && number.is_multiple_of(2) && verso.end != End::Break {
                let (verso, recto) = self.spread(cursor, start, verso);
                vec![verso, recto]
            } else {
                vec![verso]
            };
            number += fills.len();
            let Some(last) = fills.last() else { break };
            for fill in &fills {
                if let Some(o) = opens.get_mut(fill.next) {
                    *o = Opens::Page;
                }
            }
            start = last.next;
            cursor = self.open(&last.cursor, start);
        }
        opens
    }

    /// A spread from row `start`, whose verso alone fills as `verso` says: the recto ends where the verso
    /// does; when a bond would end it higher, both pages end there; failing that the recto's bonds yield.
    fn spread(&self, cursor: Cursor, start: usize, verso: Fill) -> (Fill, Fill) {
        let recto =
            self.fill(self.open(&verso.cursor, verso.next), verso.next, Some(verso.depth), true, true);
        if recto.end != End::Keep {
            return (verso, recto);
        }
        let shorter = self.fill(cursor, start, Some(recto.depth), true, false);
        if shorter.end != End::Break && shorter.next > start {
            let opened = self.open(&shorter.cursor, shorter.next);
            let matching = self.fill(opened, shorter.next, Some(shorter.depth), true, true);
            if matching.end != End::Keep {
                return (shorter, matching);
            }
        }
        let opened = self.open(&verso.cursor, verso.next);
        let yielding = self.fill(opened, verso.next, Some(verso.depth), false, true);
        (verso, yielding)
    }

    /// The state at the top of the page row `next` opens after a page that ended as `cursor` says: the
    /// notes that did not fit at its foot, and the header rows of a table continued.
    fn open(&self, cursor: &Cursor, next: usize) -> Cursor {
        let fit = fitting_notes(cursor.foot.iter().copied(), cursor.y, self.full_height, self.area);
        let foot: Vec<f32> = cursor.foot.iter().skip(fit).copied().collect();
        let foot_height = foot.iter().sum();
        let mut y = 0.0;
        if let Some((_, heads)) = self.steps.get(next).and_then(|s| s.table.as_ref()) {
            for h in heads {
                y += h;
            }
        }
        Cursor { y, fresh: false, foot, foot_height }
    }

    /// Fills one page from row `start` (its first, already on it): no deeper than `limit` when given,
    /// bonds kept when `keeps`; an `odd` page ends before a row kept to a verso.
    fn fill(&self, mut cursor: Cursor, start: usize, limit: Option<f32>, keeps: bool, odd: bool) -> Fill {
        for (index, step) in self.steps.iter().enumerate().skip(start) {
            let notes_height = step.notes.iter().sum::<f32>();
            let reserved =
                (cursor.foot_height + notes_height).min(self.full_height * self.area.max_page_share);
            let mut height = if reserved > 0.0 {
                self.full_height - reserved - self.area.separation_pt
            } else {
                self.full_height
            };
            if let Some(limit) = limit {
                height = height.min(limit);
            }
            let mut before = if cursor.fresh { 0.0 } else { step.before };
            if index > start && !cursor.fresh {
                let end = self.ends_before(index, &cursor, before, height, keeps, odd);
                if let Some(end) = end {
                    return Fill { next: index, depth: cursor.y, end, cursor };
                }
            } else if index == start {
                before = 0.0;
            }
            if let Some((_, foot_height)) = self.at_foot.filter(|&(k, _)| k == index) {
                before = (height - cursor.y - foot_height).max(0.0);
            }
            cursor.y = cursor.y + before + step.height;
            cursor.foot.extend(step.notes.iter().copied());
            cursor.foot_height += notes_height;
            cursor.fresh = false;
        }
        Fill { next: self.steps.len(), depth: cursor.y, end: End::Break, cursor }
    }

    /// Why the page must end before row `index`, if it must: the rules of placing one row after another
    /// on a page `height` deep.
    fn ends_before(
        &self,
        index: usize,
        cursor: &Cursor,
        before: f32,
        height: f32,
        keeps: bool,
        odd: bool,
    ) -> Option<End> {
        let step = self.steps.get(index)?;
        if step.page_break || (step.verso && odd) {
            return Some(End::Break);
        }
        if cursor.y + before + step.height > height + EPS {
            return Some(End::Full);
        }
        if let Some((_, foot_height)) = self.at_foot.filter(|&(k, _)| k == index) {
            if cursor.y + foot_height > height + EPS {
                return Some(End::Full);
            }
        }
        if keeps && step.keep {
            // A row kept with the next moves to the next page with its whole chain when the chain does not
            // fit here. A chain taller than a page is not enforced.
            let mut need = before + step.height;
            let mut j = index;
            while self.steps.get(j).is_some_and(|s| s.keep) {
                j += 1;
                let Some(next) = self.steps.get(j) else { break };
                need += next.before + next.height;
                if need > height {
                    break;
                }
            }
            if need <= height + EPS && cursor.y + need > height + EPS {
                return Some(End::Keep);
            }
        }
        None
    }
}

/// The heights of `notes` in the order they are set at the foot: each followed by the notes its own text
/// references.
fn note_heights(notes: &[Row]) -> Vec<f32> {
    let mut out = Vec::new();
    for note in notes {
        out.push(note.height_pt);
        out.extend(note_heights(&note.notes));
    }
    out
}
