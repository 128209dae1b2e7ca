//! A plan's file as typed cells, before it is written: the CLI writes it in the contract's form
//! (column ids, value ids, day numbers from 0, `Sheet::contract_csv`), the page in its reader's
//! language and with figures rounded (`app::exports`), and the workbook as numbers and dates
//! (`app::workbook`). One builder per file (`export::assignments_sheet`, `schedule_sheet`), so
//! the three forms always carry the same rows.

use std::borrow::Cow;

/// The UTF-8 byte-order mark Excel needs to read UTF-8 CSV.
pub const BOM: &str = "\u{feff}";

/// A cell made safe for spreadsheets: one that starts with `=`, `+`, `-`, `@`, tab or CR gets
/// a leading apostrophe (OWASP's advice); importing undoes it.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// One CSV line of cells, quoted where needed, neutralised.
pub fn csv_line(cells: &[String]) -> String {
    let mut out = String::new();
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let c = neutralise(c);
        if c.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&c.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&c);
        }
    }
    out.push_str("\r\n");
    out
}

/// One cell of a plan's file.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Written as it is in every form: ids, names, HH:MM times.
    Text(String),
    /// A whole number (a team visit's id).
    Int(i64),
    /// A working day counted from 0 (the contract's `day`); people count from 1.
    Day(u32),
    /// An ISO date (`yyyy-mm-dd`), or empty when the plan has no start date.
    Date(String),
    /// A word of a vocabulary (`post`, `role`, `function`) by its contract id; people read it
    /// translated.
    Word(&'static str, &'static str),
    /// Several words of one vocabulary, joined with `+` (a visit's functions).
    Words(&'static str, Vec<&'static str>),
    Empty,
}

impl Cell {
    /// The cell as the contract writes it.
    pub fn contract(&self) -> String {
        match self {
            Cell::Text(s) | Cell::Date(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Day(d) => d.to_string(),
            Cell::Word(_, id) => (*id).to_string(),
            Cell::Words(_, ids) => ids.join("+"),
            Cell::Empty => String::new(),
        }
    }
}

/// A file of a plan: its column ids (the contract's headers) and its rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sheet {
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    /// The file as the CLI writes it (docs/contract.md): UTF-8 with a BOM, CRLF, the column
    /// ids as headers, every cell in its contract form.
    pub fn contract_csv(&self) -> String {
        let mut out = String::from(BOM);
        let head: Vec<String> = self.columns.iter().map(|c| c.to_string()).collect();
        out.push_str(&csv_line(&head));
        for row in &self.rows {
            let cells: Vec<String> = row.iter().map(Cell::contract).collect();
            out.push_str(&csv_line(&cells));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contract_form_keeps_ids_and_days_from_zero() {
        let s = Sheet {
            columns: vec!["day", "functions", "post", "team"],
            rows: vec![vec![
                Cell::Day(0),
                Cell::Words("function", vec!["service", "brand"]),
                Cell::Word("post", "generalist"),
                Cell::Empty,
            ]],
        };
        assert_eq!(
            s.contract_csv(),
            "\u{feff}day,functions,post,team\r\n0,service+brand,generalist,\r\n"
        );
    }
}
