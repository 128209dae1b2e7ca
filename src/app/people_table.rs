//! A file or sheet for people: a header and rows of text, figures and dates. The CSV writer
//! here and the workbook (`app::workbook`) write the same tables; a figure is rounded in the
//! CSV and stored whole in the workbook (its display format rounds it).

use super::units::percent;
use crate::core::io::export::{csv_line, BOM};
use crate::i18n::num;

/// How a figure is rounded and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fmt {
    /// A whole number.
    Whole,
    /// A figure with this many decimals.
    Dec(usize),
    /// A share in [0, 1] as a percentage with one decimal (`0.799` → `79.9%`).
    Percent,
    /// 元, whole (the workbook groups thousands).
    Money,
    /// A setting as entered: up to four decimals, trailing zeros dropped.
    General,
}

/// One cell of a people's table.
#[derive(Debug, Clone, PartialEq)]
pub enum Out {
    Text(String),
    /// A figure: the workbook stores the number (rounded only by its display format), the CSV
    /// writes it rounded.
    Num(f64, Fmt),
    /// An ISO date (the workbook stores a date).
    Date(String),
    Empty,
}

impl Out {
    /// The cell as the CSV writes it.
    pub fn text(&self) -> String {
        match self {
            Out::Text(s) | Out::Date(s) => s.clone(),
            Out::Num(x, f) if x.is_finite() => match f {
                Fmt::Whole | Fmt::Money => whole(*x),
                Fmt::Dec(d) => num(*x, *d),
                Fmt::Percent => percent(*x),
                Fmt::General => general(*x),
            },
            Out::Num(..) | Out::Empty => String::new(),
        }
    }
}

/// `x` rounded to a whole number, without a `-0`.
fn whole(x: f64) -> String {
    let r = x.round();
    if r == 0.0 {
        "0".to_string()
    } else {
        format!("{r:.0}")
    }
}

/// `x` with up to four decimals and no trailing zeros (`0.35`, `12`).
pub fn general(x: f64) -> String {
    let s = num(x, 4);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" || s.is_empty() {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// One file or sheet: its name (the sheet's; the CSV's file name is the caller's), header and
/// rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Out>>,
}

impl Table {
    /// The table as CSV: UTF-8 with a BOM (Excel reads Chinese), CRLF, cells that a spreadsheet
    /// would run as a formula neutralised.
    pub fn csv(&self) -> String {
        let mut out = String::from(BOM);
        out.push_str(&csv_line(&self.header));
        for row in &self.rows {
            out.push_str(&csv_line(&row.iter().map(Out::text).collect::<Vec<_>>()));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_rounded_for_people() {
        assert_eq!(Out::Num(12.0, Fmt::Whole).text(), "12");
        assert_eq!(Out::Num(-0.2, Fmt::Whole).text(), "0");
        assert_eq!(Out::Num(2.345, Fmt::Dec(1)).text(), "2.3");
        assert_eq!(Out::Num(0.7994, Fmt::Percent).text(), "79.9%");
        assert_eq!(Out::Num(151_957.17, Fmt::Money).text(), "151957");
        assert_eq!(Out::Num(0.30000000000000004, Fmt::General).text(), "0.3");
        assert_eq!(Out::Num(45.0, Fmt::General).text(), "45");
        assert_eq!(Out::Num(f64::NAN, Fmt::Dec(1)).text(), "");
    }
}
