//! The parts of an official document around its body that the DOCX sets by GB/T 9704 rather than as
//! plain blocks: the closing block's insets (§7.3.5), the attachments (§7.3.7) and the 版记 (§7.4).

use super::{id, line_twips, mm_twips, twips, Builder, Context, Fmt};
use crate::backend::docx::vendor::{Para, RuledRow};
use crate::model::{plain_text, Block, Inline, Meta, Role};
use crate::style::PT_PER_MM;
use crate::title_block;
use crate::zh::chars::width_em;

/// Where a paragraph of the closing block sits: its right inset in body characters and the blank lines
/// above it (the first of the block only).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct ClosingLine {
    right_em: f32,
    space_lines: f32,
}

/// The closing line of `blocks[index]` when it is a signature or a date, placed with the date or signature
/// of the same closing block (the run of signature and date paragraphs it is in) by
/// [`Closing::insets`](crate::style::Closing::insets).
fn closing_line(builder: &Builder, blocks: &[Block], index: usize) -> Option<ClosingLine> {
    let sealed = builder.sealed;
    let role_of = |i: usize| match blocks.get(i) {
        Some(Block::Paragraph { role: role @ (Role::Signature | Role::Date), .. }) => Some(*role),
        _ => None,
    };
    let own = role_of(index)?;
    let width_of = |i: usize| match blocks.get(i) {
        Some(Block::Paragraph { content, .. }) => line_width(content),
        _ => 0.0,
    };
    let start = (0..index).rev().take_while(|&i| role_of(i).is_some()).last().unwrap_or(index);
    let end = (index..blocks.len()).take_while(|&i| role_of(i).is_some()).last().unwrap_or(index);
    // A signature pairs with the first date after it, a date with the last signature before it.
    let (signature, date) = match own {
        Role::Signature => (Some(index), (index + 1..=end).find(|&i| role_of(i) == Some(Role::Date))),
        _ => ((start..index).rev().find(|&i| role_of(i) == Some(Role::Signature)), Some(index)),
    };
    let closing = &builder.style.closing;
    let (signature_right, date_right) =
        closing.insets(signature.map_or(0.0, width_of), date.map_or(0.0, width_of), sealed);
    Some(ClosingLine {
        right_em: if own == Role::Signature { signature_right } else { date_right },
        space_lines: if index == start { closing.space_lines(sealed) } else { 0.0 },
    })
}

/// The width in body characters of a paragraph's longest line.
fn line_width(content: &[Inline]) -> f32 {
    plain_text(content).split('\n').map(|line| width_em(line.trim())).fold(0.0, f32::max)
}

impl Builder<'_> {
    /// `p` placed as the closing block's `line` says: its right inset in characters (grid cells; twips of
    /// the body size for readers without the grid) and its blank lines above, in lines of the grid.
    pub(super) fn place_closing(&self, p: Para, line: ClosingLine) -> Para {
        let body = &self.style.body;
        let right_twips = i32::try_from(twips(line.right_em * body.size_pt)).unwrap_or(0);
        let hundredths = (f64::from(line.right_em) * 100.0).round().clamp(0.0, f64::from(i32::MAX)) as i32;
        let p = p.indent_right_chars(right_twips, hundredths);
        if line.space_lines <= 0.0 {
            return p;
        }
        let space = (line_twips(body.line_pitch_pt) as f64 * f64::from(line.space_lines)).round();
        let hundredths = (f64::from(line.space_lines) * 100.0).round();
        p.space_before_lines(space.clamp(0.0, f64::from(u32::MAX)) as u32, hundredths.clamp(0.0, 1e6) as u32)
    }

    /// The blocks of a sequence (the document's, an attachment's), the closing block placed.
    pub(super) fn sequence(&mut self, blocks: &[Block]) {
        for (index, block) in blocks.iter().enumerate() {
            let closing = closing_line(self, blocks, index);
            self.block(block, Context { closing, ..Context::default() });
        }
    }

    /// An attachment (§7.3.7): its label in 黑体 顶格 opening a page, its title centred on the line the
    /// style says, then its text.
    pub(super) fn attachment(&mut self, label: &str, title: &[Inline], blocks: &[Block]) {
        self.text_paragraph(id::ATTACHMENT_LABEL, label);
        if !title.is_empty() {
            let p = self.styled(id::ATTACHMENT_TITLE);
            let p = self.inlines(p, title, Fmt::default());
            self.push(p);
        }
        self.sequence(blocks);
    }

    /// The 版记 (§7.4), when the document has one: its lines in a table floated to the foot of the last
    /// page's type area, a rule above each line and one under the last (the first and last rules
    /// `record_outer_rule_mm`, those between `record_inner_rule_mm`).
    pub(super) fn record(&mut self, meta: &Meta) {
        let record = title_block::record(meta);
        let printing = match (record.printed_by, record.printed_on) {
            (None, None) => None,
            // Office at the left, `…印发` at the right (the Record style's right tab).
            (by, on) => Some(format!("{}\t{}", by.unwrap_or_default(), on.unwrap_or_default())),
        };
        let lines: Vec<String> = record.copy_to.into_iter().chain(printing).collect();
        let official = &self.style.official;
        let eighths = |mm: f32| (f64::from(mm * PT_PER_MM) * 8.0).round().clamp(2.0, 96.0) as usize;
        let (outer, inner) = (eighths(official.record_outer_rule_mm), eighths(official.record_inner_rule_mm));
        let width = usize::try_from(mm_twips(self.style.page.text_width_mm())).unwrap_or(0);
        let last = lines.len().saturating_sub(1);
        let mut rows = Vec::with_capacity(lines.len());
        for (i, line) in lines.iter().enumerate() {
            let p = self.styled(id::RECORD);
            let p = self.text_runs(p, line, Fmt::default());
            let above = if i == 0 { outer } else { inner };
            rows.push(RuledRow { cells: vec![(width, p)], above, below: (i == last).then_some(outer) });
        }
        if rows.is_empty() {
            return;
        }
        let left = i32::try_from(mm_twips(self.style.page.left_mm)).unwrap_or(0);
        self.out.foot_table(left, vec![width], rows);
        // A floating table is anchored to the paragraph after it: without one LibreOffice drops the table.
        let anchor = self.styled(id::RECORD);
        self.push(anchor);
    }
}
