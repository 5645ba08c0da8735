//! Tables: a grid of equal columns, each cell set in its column and ruled around, header rows set as the
//! style's [`Tables`](crate::style::Tables) say and repeated (as artifacts) on every page the table
//! continues on; a table too wide for the page is set as lines of text instead, with a warning.

use super::{baseline_in, marking, Flow, Look};
use crate::diag::{Diagnostic, Error, Kind};
use crate::layout::marks::StructKind;
use crate::layout::page::{Row, RowLine, Stroke, TableContinuation};
use crate::layout::paragraph::{set_paragraph, ParagraphSpec};
use crate::model::{self, Inline};
use crate::style::Align;

impl Flow<'_> {
    /// A simple grid: equal columns, every cell set in its column, borders around every cell.
    pub(super) fn table(&mut self, table: &model::Table) -> Result<(), Error> {
        let ts = &self.style.body;
        let columns =
            table.head.iter().chain(&table.body).map(Vec::len).max().unwrap_or(0).max(table.columns.len());
        if columns == 0 {
            return Ok(());
        }
        let total = self.width_pt - self.left_pt;
        let col_w = total / columns as f32;
        let looks = &self.style.table;
        let pad = ts.size_pt * looks.cell_padding_em;
        let rule_pt = self.style.rules.table_pt;
        if let Some(message) = self.style.table_too_wide(columns, total) {
            self.diagnostics.push(Diagnostic::warning(Kind::Unsupported, message).at("pdf"));
            return self.table_as_lines(table);
        }
        let pitch = ts.line_pitch_pt;
        let head_rows = table.head.len();
        let rows: Vec<(usize, &Vec<Vec<Inline>>)> =
            table.head.iter().chain(&table.body).enumerate().collect();
        let count = rows.len();
        // The header rows as they are repeated on later pages: artifacts, without structure or links.
        let mut repeated_head: Vec<Row> = Vec::new();
        let mut continuation: Option<TableContinuation> = None;
        for (r, cells) in rows {
            let look = self.cell_look(r < head_rows);
            let table_outer = self.marking.open(StructKind::TableRow, None);
            let (mut row_links, mut row_structure) = (Vec::new(), Vec::new());
            let mut row_lines = Vec::new();
            let mut max_lines = 1usize;
            for (c, cell) in cells.iter().enumerate() {
                let align = match table.columns.get(c) {
                    Some(model::Align::Left) => Align::Left,
                    Some(model::Align::Center) => Align::Center,
                    Some(model::Align::Right) => Align::Right,
                    _ if r < head_rows => looks.head_align,
                    _ => looks.cell_align,
                };
                let mut chars = Vec::new();
                // Cells are not on the grid: plain em widths.
                for inline in cell {
                    self.inlines(std::slice::from_ref(inline), look, ts.size_pt, &mut chars);
                }
                for ch in &mut chars {
                    ch.tracking_pt = 0.0;
                }
                let spec = ParagraphSpec {
                    width_pt: col_w,
                    left_pt: pad,
                    right_pt: pad,
                    first_indent_pt: 0.0,
                    align,
                    on_grid: false,
                };
                let lines = set_paragraph(&chars, &spec, self.fonts, &mut self.missing)?;
                max_lines = max_lines.max(lines.len());
                let x0 = self.left_pt + c as f32 * col_w;
                let cell_kind = if r < head_rows { StructKind::HeaderCell } else { StructKind::DataCell };
                let row_elem = self.marking.open(cell_kind, None);
                let cell_elem = self.marking.current();
                let links = self.marking.take_links(&chars, &lines, cell_elem);
                self.marking.close(row_elem);
                for (k, line) in lines.into_iter().enumerate() {
                    let baseline = k as f32 * pitch + baseline_in(pitch, ts.size_pt);
                    row_links.extend(marking::place(links.get(k), x0, baseline));
                    row_structure.push(cell_elem);
                    row_lines.push(RowLine {
                        x_pt: x0,
                        baseline_pt: k as f32 * pitch + baseline_in(pitch, ts.size_pt),
                        line,
                    });
                }
            }
            let height = max_lines as f32 * pitch;
            let mut strokes = Vec::new();
            let (x_left, x_right) = (self.left_pt, self.left_pt + total);
            strokes.push(Stroke {
                x1_pt: x_left,
                y1_pt: 0.0,
                x2_pt: x_right,
                y2_pt: 0.0,
                width_pt: rule_pt,
                color: None,
            });
            if r + 1 == count {
                strokes.push(Stroke {
                    x1_pt: x_left,
                    y1_pt: height,
                    x2_pt: x_right,
                    y2_pt: height,
                    width_pt: rule_pt,
                    color: None,
                });
            }
            for c in 0..=columns {
                let x = x_left + c as f32 * col_w;
                strokes.push(Stroke {
                    x1_pt: x,
                    y1_pt: 0.0,
                    x2_pt: x,
                    y2_pt: height,
                    width_pt: rule_pt,
                    color: None,
                });
            }
            // A table stands apart from the text above and below it ([`crate::style::Displays`]).
            let space = if r == 0 { self.pending_space + self.style.displays.space_pt } else { 0.0 };
            let mut notes = Vec::new();
            for (_, note) in std::mem::take(&mut self.note_refs) {
                notes.extend(self.footnote(note)?);
            }
            let row = Row {
                notes,
                height_pt: height,
                space_before_pt: space,
                lines: row_lines,
                strokes,
                links: row_links,
                structure: row_structure,
                ..Row::default()
            };
            if r < head_rows {
                repeated_head.push(Row {
                    space_before_pt: 0.0,
                    links: Vec::new(),
                    structure: Vec::new(),
                    ..row.clone()
                });
                // A header never ends a page: it goes with the first body row.
                self.push_row(Row { keep_with_next: true, ..row });
            } else {
                let table = continuation.get_or_insert_with(|| TableContinuation {
                    head: std::mem::take(&mut repeated_head).into(),
                    rule_x_pt: (x_left, x_right),
                    rule_width_pt: rule_pt,
                });
                self.push_row(Row { table: Some(table.clone()), ..row });
            }
            self.marking.close(table_outer);
        }
        self.pending_space = ts.space_after_pt + self.style.displays.space_pt;
        Ok(())
    }

    /// The look of a cell's text: the body face, header cells strong if the style says so.
    fn cell_look(&self, head: bool) -> Look {
        let face = Look::from(self.style.body.face);
        if head && self.style.table.head_strong {
            face.strong(&self.style.accents)
        } else {
            face
        }
    }

    /// A table too wide for the page, as text: each row one paragraph of its cells separated by ` | `
    /// (header rows bold), in the table's structure as a row of one cell.
    fn table_as_lines(&mut self, table: &model::Table) -> Result<(), Error> {
        let ts = &self.style.body;
        let head_rows = table.head.len();
        for (r, cells) in table.head.iter().chain(&table.body).enumerate() {
            let look = self.cell_look(r < head_rows);
            let mut chars = Vec::new();
            for (c, cell) in cells.iter().enumerate() {
                if c > 0 {
                    chars.extend(self.styled(" | ", look, ts.size_pt));
                }
                self.inlines(cell, look, ts.size_pt, &mut chars);
            }
            let row = self.marking.open(StructKind::TableRow, None);
            let cell_kind = if r < head_rows { StructKind::HeaderCell } else { StructKind::DataCell };
            let cell = self.marking.open(cell_kind, None);
            self.paragraph(&chars, ts, Align::Left, 0.0, 0.0, 0.0, None)?;
            self.marking.close(cell);
            self.marking.close(row);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::fonts::FontBook;
    use crate::layout::flow::lay_out;
    use crate::layout::page::Page;
    use crate::model::{self, Block, Document, Inline};
    use crate::style::{Style, StyleName};

    #[test]
    fn a_table_broken_across_pages_repeats_its_header_as_an_artifact_and_closes_each_page() {
        let cell = |t: String| vec![Inline::Text(t)];
        let table = model::Table {
            columns: Vec::new(),
            head: vec![vec![cell("序号".into()), cell("项目".into())]],
            body: (1..=80).map(|i| vec![cell(i.to_string()), cell(format!("第{i}项工作"))]).collect(),
        };
        let mut doc = Document::default();
        doc.blocks.push(Block::Table(table));
        let layout = lay_out(&doc, &Style::preset(StyleName::Report), &FontBook::new(&[])).expect("lays out");
        let body_pages: Vec<&Page> = layout.pages.iter().filter(|p| p.lines.len() > p.furniture).collect();
        assert!(body_pages.len() >= 2, "80 rows take more than a page");
        let header_lines = |p: &Page| p.lines.iter().filter(|l| l.line.text() == "序号").count();
        for page in &body_pages[1..] {
            let first = page.lines.first().expect("a line");
            assert_eq!(first.line.text(), "序号", "each later page opens with the header");
            assert_eq!(page.structure.first().copied().flatten(), None, "the repeat is outside the tree");
            assert_eq!(header_lines(page), 1);
        }
        // Every page but the last ends with a rule under its last row, not only the table's final row.
        for page in &body_pages[..body_pages.len() - 1] {
            let body = &page.lines[..page.lines.len() - page.furniture];
            let lowest_text = body.iter().map(|l| l.baseline_pt).fold(0.0, f32::max);
            assert!(
                page.strokes.iter().any(|s| s.y1_pt == s.y2_pt && s.y1_pt > lowest_text),
                "no closing rule"
            );
        }
        let numbered: usize =
            layout.pages.iter().flat_map(|p| &p.lines).filter(|l| l.line.text().starts_with("第")).count();
        assert_eq!(numbered, 80, "no row lost or doubled");
    }
}
