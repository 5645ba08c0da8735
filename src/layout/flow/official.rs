//! The official parts after the text: each attachment on a page of its own, its label 顶格 on the first
//! line and its title centred on the third (GB/T 9704 §7.3.7), and the 版记 at the foot of the last page
//! between its rules (§7.4).

use super::Flow;
use crate::diag::Error;
use crate::layout::marks::StructKind;
use crate::layout::page::{Bookmark, Row, Stroke, PT_PER_MM};
use crate::layout::paragraph::StyledChar;
use crate::model::{plain_text, Block, Inline, Meta};
use crate::style::{Align, TextStyle};
use crate::title_block;

impl Flow<'_> {
    /// Sets an attachment: a new page if the style asks (另面编排), the label on its first line, the title
    /// on line [`attachment_title_line`](crate::style::Official::attachment_title_line) as a heading, then
    /// the attachment's text as body text. The label and the title are kept with what follows them, so the
    /// label is never left alone at the foot of a page.
    pub(super) fn attachment(
        &mut self,
        label: &str,
        title: &[Inline],
        blocks: &[Block],
    ) -> Result<(), Error> {
        let o = &self.style.official;
        if o.attachment_new_page {
            self.page_break = true;
        }
        let first = self.rows.len();
        let label = label.trim();
        if !label.is_empty() {
            let ts = &o.attachment_label;
            let chars = self.styled(label, ts.face, ts.size_pt);
            let outer = self.marking.open(StructKind::Paragraph, None);
            self.paragraph(&chars, ts, ts.align, ts.indent_em * self.cell(ts.size_pt), 0.0, 0.0, None)?;
            self.marking.close(outer);
        }
        if !title.is_empty() {
            // The lines between the label and the title, blank: the title stands on its line of the page.
            let label_rows = self.rows.len() - first;
            let blank = o.attachment_title_line.saturating_sub(1) as usize;
            let blank = blank.saturating_sub(label_rows) as f32 * self.style.body.line_pitch_pt;
            if blank > 0.0 {
                self.push_row(Row {
                    height_pt: blank,
                    space_before_pt: self.pending_space,
                    ..Row::default()
                });
                self.pending_space = 0.0;
            }
            let ts = &o.attachment_title;
            let mut chars = Vec::new();
            self.inlines(title, ts.face, ts.size_pt, &mut chars);
            let outer = self.marking.open(StructKind::Heading(1), None);
            // A bookmark, but no link target: `link::Anchors` does not count an attachment's title.
            let bookmark = Bookmark { level: 1, title: plain_text(title), heading: None };
            self.paragraph(
                &chars,
                ts,
                ts.align,
                ts.indent_em * self.cell(ts.size_pt),
                0.0,
                0.0,
                Some(bookmark),
            )?;
            self.marking.close(outer);
        }
        for row in self.rows.get_mut(first..).unwrap_or_default() {
            row.keep_with_next = true;
        }
        self.blocks(blocks)
    }

    /// Sets the 版记 when `meta` has one (§7.4): the `抄送` line, then the printing office (左空一字) and
    /// the `…印发` date (右空一字) on one line, a rule as wide as the type area above, between and below
    /// them, all at the foot of the last page so that the last rule lies on the type area's bottom edge.
    pub(super) fn record(&mut self, meta: &Meta) -> Result<(), Error> {
        let record = title_block::record(meta);
        if record.is_empty() {
            return Ok(());
        }
        let o = &self.style.official;
        let ts = &o.record;
        let inset = o.record_inset_em * self.cell(ts.size_pt);
        self.pending_space = 0.0;
        let mut parts = Vec::new();
        if let Some(copy) = &record.copy_to {
            // A list of names that wraps aligns with its first name, after `抄送：`.
            let chars = self.styled(copy, ts.face, ts.size_pt);
            let label = copy.chars().position(|c| c == '：').map_or(0, |k| k + 1);
            let hang = self.measure(chars.get(..label).unwrap_or_default())?;
            parts.push(self.record_rows(&chars, ts, (Align::Left, inset + hang, -hang), inset)?);
        }
        let mut printing = Vec::new();
        if let Some(office) = &record.printed_by {
            let chars = self.styled(office, ts.face, ts.size_pt);
            printing.extend(self.record_rows(&chars, ts, (Align::Left, inset, 0.0), inset)?);
        }
        if let Some(date) = &record.printed_on {
            let chars = self.styled(date, ts.face, ts.size_pt);
            printing.extend(self.record_rows(&chars, ts, (Align::Right, inset, 0.0), inset)?);
        }
        if !printing.is_empty() {
            parts.push(on_one_line(printing));
        }
        let width = self.width_pt;
        let rule = |y_pt: f32, mm: f32| Stroke {
            x1_pt: 0.0,
            y1_pt: y_pt,
            x2_pt: width,
            y2_pt: y_pt,
            width_pt: mm * PT_PER_MM,
            color: None,
        };
        // Printed on both sides (page numbers on the outer edges, or facing pages), the 版记 ends the
        // document on the back of its last sheet, an even page (§7.4.3).
        let two_sided = self.style.page_numbers.outside || self.style.facing_pages;
        let count = parts.len();
        for (k, part) in parts.into_iter().enumerate() {
            let lines = part.len();
            for (i, mut row) in part.into_iter().enumerate() {
                if k == 0 && i == 0 {
                    row.strokes.push(rule(0.0, o.record_outer_rule_mm));
                    row.verso = two_sided;
                }
                if i + 1 == lines {
                    let mm = if k + 1 == count { o.record_outer_rule_mm } else { o.record_inner_rule_mm };
                    row.strokes.push(rule(row.height_pt, mm));
                }
                self.push_row(Row { at_foot: true, space_before_pt: 0.0, keep_with_next: false, ..row });
            }
        }
        Ok(())
    }

    /// The rows of one text of the 版记, set `(align, left, first-line indent)` and `right` in from the
    /// right, as a paragraph of its own in the structure.
    fn record_rows(
        &mut self,
        chars: &[StyledChar],
        ts: &TextStyle,
        (align, left, first): (Align, f32, f32),
        right: f32,
    ) -> Result<Vec<Row>, Error> {
        let start = self.rows.len();
        let outer = self.marking.open(StructKind::Paragraph, None);
        self.paragraph(chars, ts, align, first, left, right, None)?;
        self.marking.close(outer);
        Ok(self.rows.split_off(start))
    }
}

/// The printing office and the date on one row, when each takes one line and they do not meet; else as
/// they are, one under the other.
fn on_one_line(mut rows: Vec<Row>) -> Vec<Row> {
    let [office, date] = rows.as_mut_slice() else { return rows };
    let ([left], [right]) = (office.lines.as_slice(), date.lines.as_slice()) else { return rows };
    if left.x_pt + left.line.right_pt() >= right.x_pt + right.line.left_pt() {
        return rows;
    }
    let date = rows.pop().unwrap_or_default();
    let Some(office) = rows.first_mut() else { return vec![date] };
    office.lines.extend(date.lines);
    office.structure.extend(date.structure);
    office.links.extend(date.links);
    rows
}
