//! Tables in text: runs of TAB-separated rows → [`Table`], ragged rows padded to the widest.

use crate::model::{Align, Inline, Table};

/// Builds a table from rows of cells. The first row is the header when it holds no number while the body
/// does (the usual shape of a copied HTML table: `序号  名称  说明` over numbered rows).
pub fn build(rows: Vec<Vec<String>>) -> Table {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let is_number = |cell: &String| {
        !cell.is_empty() && cell.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '%' | ','))
    };
    let head_rows = match rows.split_first() {
        Some((first, rest))
            if !rest.is_empty()
                && !first.iter().any(is_number)
                && first.iter().filter(|c| !c.is_empty()).count() >= 2 =>
        {
            1
        }
        _ => 0,
    };
    let mut cells: Vec<Vec<Vec<Inline>>> = rows
        .into_iter()
        .map(|mut row| {
            row.resize(width, String::new());
            row.into_iter().map(|c| if c.is_empty() { Vec::new() } else { vec![Inline::Text(c)] }).collect()
        })
        .collect();
    let body = cells.split_off(head_rows.min(cells.len()));
    Table { columns: vec![Align::Default; width], head: cells, body }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| (*c).to_owned()).collect()
    }

    #[test]
    fn ragged_rows_are_padded_and_the_header_found() {
        let table = build(vec![
            row(&["坐标 编号", "X坐标", "Y坐标", "说 明"]),
            row(&["1", "15172.500", "103655.000"]),
        ]);
        assert_eq!(table.columns.len(), 4);
        assert_eq!(table.head.len(), 1);
        assert_eq!(table.body[0].len(), 4);
        assert!(table.body[0][3].is_empty());
    }

    #[test]
    fn numeric_first_row_is_body() {
        let table = build(vec![row(&["1", "甲"]), row(&["2", "乙"])]);
        assert!(table.head.is_empty());
        assert_eq!(table.body.len(), 2);
    }
}
