//! The page's tables (`app::people_table::Table`) as one XLSX workbook, one sheet each, written by
//! `rust_xlsxwriter`: header row bold and frozen, figures stored as numbers (rounded only by
//! their display format, so a sum in Excel adds the exact figures), dates as dates.
//!
//! Only the worker calls this (the page's wasm does not carry the writer). The bytes depend
//! on the tables alone: the document's creation time is set from the plan's start date (a
//! fixed date without one), not read from the clock, so the same tables give the same file.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use super::people_table::{Fmt, Out, Table};
use crate::core::dates::parse_iso_date;

/// Excel's longest sheet name.
const MAX_SHEET_NAME: usize = 31;

/// The rows read to size a column (a long sheet's width is set by its first rows).
const WIDTH_ROWS: usize = 200;

/// A sheet name Excel accepts: none of `[]:*?/\`, no apostrophe at either end, at most 31
/// characters, not empty, and unlike the names already `taken` (Excel compares them without
/// case): a repeat gets a number.
pub fn sheet_name(wanted: &str, taken: &[String]) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    // Apostrophes and spaces at the ends go (again after cutting to length).
    let strip = |s: &str| {
        s.trim_matches(|c: char| c == '\'' || c.is_whitespace())
            .to_string()
    };
    let clean = strip(&clean);
    let base = if clean.is_empty() { "Sheet" } else { &clean };
    let fits = |s: &str, room: usize| strip(&s.chars().take(room).collect::<String>());
    let is_taken = |n: &str| taken.iter().any(|t| t.to_lowercase() == n.to_lowercase());
    let first = fits(base, MAX_SHEET_NAME);
    if !is_taken(&first) {
        return first;
    }
    (2..)
        .map(|k| {
            let tail = format!(" ({k})");
            format!(
                "{}{tail}",
                fits(base, MAX_SHEET_NAME - tail.chars().count())
            )
        })
        .find(|n| !is_taken(n))
        .unwrap_or(first)
}

/// The year, month and day of an ISO date.
fn ymd(iso: &str) -> Option<(u16, u8, u8)> {
    parse_iso_date(iso)?;
    let y = iso.get(0..4)?.parse().ok()?;
    let m = iso.get(5..7)?.parse().ok()?;
    let d = iso.get(8..10)?.parse().ok()?;
    Some((y, m, d))
}

/// The excel date of an ISO date (`None` for a bad date or one Excel cannot hold).
fn excel_date(iso: &str) -> Option<ExcelDateTime> {
    let (y, m, d) = ymd(iso)?;
    ExcelDateTime::from_ymd(y, m, d).ok()
}

/// How wide a text shows: CJK characters take two columns.
fn width_of(s: &str) -> usize {
    s.chars()
        .map(|c| if c as u32 >= 0x2E80 { 2 } else { 1 })
        .sum()
}

/// The workbook of `tables`, one sheet each in order. `start` (ISO) dates the document.
pub fn write(tables: &[Table], start: Option<&str>) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let created = start
        .and_then(excel_date)
        .map_or_else(|| ExcelDateTime::from_ymd(2000, 1, 1), Ok)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let bold = Format::new().set_bold();
    let number = |f: Fmt| {
        Format::new().set_num_format(match f {
            Fmt::Whole => "0",
            Fmt::Dec(1) => "0.0",
            Fmt::Dec(2) => "0.00",
            Fmt::Dec(_) => "0.000",
            Fmt::Percent => "0.0%",
            Fmt::Money => "#,##0",
            Fmt::General => "General",
        })
    };
    let formats = [
        Fmt::Whole,
        Fmt::Dec(1),
        Fmt::Dec(2),
        Fmt::Dec(3),
        Fmt::Percent,
        Fmt::Money,
        Fmt::General,
    ]
    .map(|f| (f, number(f)));
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let mut names: Vec<String> = Vec::new();
    for table in tables {
        let name = sheet_name(&table.name, &names);
        let sheet = book.add_worksheet();
        sheet.set_name(name.as_str())?;
        names.push(name);
        for (c, h) in table.header.iter().enumerate() {
            let col = u16::try_from(c).map_err(|_| XlsxError::RowColumnLimitError)?;
            sheet.write_string_with_format(0, col, h.as_str(), &bold)?;
            let widest = table
                .rows
                .iter()
                .take(WIDTH_ROWS)
                .filter_map(|r| r.get(c))
                .map(|x| width_of(&x.text()))
                .chain([width_of(h)])
                .max()
                .unwrap_or(8);
            sheet.set_column_width(col, (widest as f64 + 2.0).clamp(6.0, 60.0))?;
        }
        sheet.set_freeze_panes(1, 0)?;
        for (r, row) in table.rows.iter().enumerate() {
            let at = u32::try_from(r + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
            for (c, cell) in row.iter().enumerate() {
                let col = u16::try_from(c).map_err(|_| XlsxError::RowColumnLimitError)?;
                match cell {
                    Out::Text(s) => {
                        sheet.write_string(at, col, s.as_str())?;
                    }
                    Out::Num(x, f) if x.is_finite() => {
                        let fmt = formats
                            .iter()
                            .find(|(g, _)| g == f)
                            .map_or(&formats[6].1, |(_, fmt)| fmt);
                        sheet.write_number_with_format(at, col, *x, fmt)?;
                    }
                    Out::Date(s) => match excel_date(s) {
                        Some(d) => {
                            sheet.write_datetime_with_format(at, col, &d, &date)?;
                        }
                        None => {
                            sheet.write_string(at, col, s.as_str())?;
                        }
                    },
                    Out::Num(..) | Out::Empty => {}
                }
            }
        }
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_what_excel_accepts() {
        assert_eq!(sheet_name("按区域-分配", &[]), "按区域-分配");
        assert_eq!(sheet_name("a/b:c[d]*?\\", &[]), "a_b_c_d____");
        assert_eq!(sheet_name("'quoted'", &[]), "quoted");
        assert_eq!(sheet_name("", &[]), "Sheet");
        let long = "By value group - assignments and more";
        let n = sheet_name(long, &[]);
        assert_eq!(n.chars().count(), 31);
        let again = sheet_name(long, std::slice::from_ref(&n));
        assert_eq!(again.chars().count(), 31);
        assert!(again.ends_with(" (2)"), "{again}");
        assert_eq!(sheet_name("Sheet", &["SHEET".to_string()]), "Sheet (2)");
    }

    proptest::proptest! {
        #[test]
        fn any_wanted_name_becomes_a_valid_new_one(
            wanted in "\\PC{0,40}",
            taken in proptest::collection::vec("\\PC{0,35}", 0..4),
        ) {
            let mut taken: Vec<String> = taken.iter().map(|t| sheet_name(t, &[])).collect();
            taken.dedup();
            let n = sheet_name(&wanted, &taken);
            proptest::prop_assert!(!n.is_empty() && n.chars().count() <= MAX_SHEET_NAME);
            proptest::prop_assert!(!n.contains(['[', ']', ':', '*', '?', '/', '\\']));
            proptest::prop_assert!(!n.starts_with('\'') && !n.ends_with('\''));
            proptest::prop_assert!(!taken.iter().any(|t| t.to_lowercase() == n.to_lowercase()));
        }
    }

    #[test]
    fn dates_outside_excel_stay_text() {
        assert!(excel_date("2026-03-02").is_some());
        assert!(excel_date("2026-02-30").is_none());
        assert!(excel_date("1800-01-01").is_none());
    }
}
