//! A list as a table of text cells, from CSV (any supported encoding, comma, semicolon or tab
//! separated) or from the first sheet of an XLSX file.

use super::decode::{decode, TextEncoding};
use super::error::{ImportError, ImportErrorKind, ImportErrors, Source};
use super::xlsx;

/// What kind of file a list came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Csv(TextEncoding),
    Xlsx,
}

/// A header and data rows; each row keeps its spreadsheet row number (the header's is
/// `header_row`, usually 1). Empty rows are dropped.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub headers: Vec<String>,
    pub header_row: usize,
    pub rows: Vec<(usize, Vec<String>)>,
    pub format: FileFormat,
}

/// Undoes the formula-injection guard of our own exports (`'=…` → `=…`) and trims.
pub fn clean_cell(s: &str) -> String {
    let s = match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => s,
    };
    s.trim().to_string()
}

/// The separator of a CSV text: the most frequent of comma, semicolon and tab in its first line.
fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let count = |c: char| first.matches(c).count();
    let mut best = (b',', count(','));
    for (d, c) in [(b'\t', '\t'), (b';', ';')] {
        if count(c) > best.1 {
            best = (d, count(c));
        }
    }
    best.0
}

fn csv_rows(text: &str, max_rows: usize) -> Result<Vec<(usize, Vec<String>)>, String> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    // The line each record starts on (what an editor shows, and Excel's row for plain files),
    // counted from byte offsets so that blank lines count too.
    let (mut seen_byte, mut seen_line) = (0usize, 1usize);
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| e.to_string())?;
        let line = match rec.position().map(|p| p.byte() as usize) {
            Some(mut b) if b >= seen_byte => {
                // A record's position may include the blank lines before it.
                while matches!(text.as_bytes().get(b), Some(b'\r' | b'\n')) {
                    b += 1;
                }
                let gap = text.as_bytes().get(seen_byte..b).unwrap_or_default();
                seen_line += gap.iter().filter(|&&c| c == b'\n').count();
                seen_byte = b;
                seen_line
            }
            _ => i + 1,
        };
        out.push((line, rec.iter().map(str::to_string).collect()));
        if out.len() >= max_rows {
            break;
        }
    }
    Ok(out)
}

/// Reads a list. At most `max_rows` data rows; more is an error naming the limit.
pub fn read(bytes: &[u8], source: Source, max_rows: usize) -> Result<Table, ImportErrors> {
    let err = |k| ImportErrors::one(ImportError::file(source, k));
    if bytes.is_empty() {
        return Err(err(ImportErrorKind::Empty));
    }
    // Header + the limit + one more, so that "too many" can be seen without reading it all.
    let cap = max_rows.saturating_add(2);
    let (raw, format) = if bytes.starts_with(b"PK\x03\x04") {
        let rows =
            xlsx::read_first_sheet(bytes, cap).map_err(|e| err(ImportErrorKind::BadXlsx(e)))?;
        (rows, FileFormat::Xlsx)
    } else if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err(err(ImportErrorKind::LegacyXls));
    } else {
        let (text, enc) = decode(bytes, source).map_err(ImportErrors::one)?;
        let rows = csv_rows(&text, cap).map_err(|e| err(ImportErrorKind::BadCsv(e)))?;
        (rows, FileFormat::Csv(enc))
    };
    let mut rows = raw
        .into_iter()
        .map(|(n, cells)| (n, cells.iter().map(|c| clean_cell(c)).collect::<Vec<_>>()))
        .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()));
    let Some((header_row, headers)) = rows.next() else {
        return Err(err(ImportErrorKind::Empty));
    };
    let rows: Vec<_> = rows.collect();
    if rows.len() > max_rows {
        return Err(err(ImportErrorKind::TooManyRows { limit: max_rows }));
    }
    Ok(Table {
        headers,
        header_row,
        rows,
        format,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_quotes_tabs_and_blank_rows() {
        let t = read(
            "id\tname\n1\t\"a\tb\"\n\n2\tc\n".as_bytes(),
            Source::Customers,
            10,
        )
        .expect("reads");
        assert_eq!(t.headers, vec!["id", "name"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].1[1], "a\tb");
        assert_eq!(t.rows[1].0, 4);
    }

    #[test]
    fn guard_is_undone_and_limit_is_enforced() {
        assert_eq!(clean_cell("'=1+1"), "=1+1");
        assert_eq!(clean_cell("'abc"), "'abc");
        let e = read(b"id\n1\n2\n3\n", Source::Customers, 2).expect_err("too many");
        assert_eq!(e.errors[0].kind, ImportErrorKind::TooManyRows { limit: 2 });
        assert!(read(b"id\n1\n2\n", Source::Customers, 2).is_ok());
        let e = read(b"\xD0\xCF\x11\xE0xx", Source::Customers, 2).expect_err("xls");
        assert_eq!(e.errors[0].kind, ImportErrorKind::LegacyXls);
    }
}
