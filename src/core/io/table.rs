//! A list as a table of text cells, from CSV (any supported encoding, comma, semicolon or tab
//! separated) or from the first sheet of an XLSX file.

use super::decode::{detect, TextEncoding};
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
pub fn clean_cell(s: &str) -> &str {
    let s = match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => s,
    };
    s.trim()
}

/// What reads a list row by row (`stream`): its header first, then each data row with its
/// spreadsheet row number, cells cleaned (`clean_cell`); empty rows are skipped.
pub trait Rows {
    fn header(&mut self, row: usize, cells: &[&str]);
    fn row(&mut self, row: usize, cells: &[&str]);
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

/// A reader that notes where the line breaks it passes on are, until the line counter has
/// gone past them: the lines a record starts on, without keeping the text.
struct Breaks<R> {
    inner: R,
    /// Bytes passed on so far.
    offset: u64,
    /// Offsets of the `\r` and `\n` bytes not yet counted, and whether each is a `\n`.
    pending: std::collections::VecDeque<(u64, bool)>,
}

impl<R: std::io::Read> std::io::Read for Breaks<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for (i, &b) in buf.iter().take(n).enumerate() {
            if b == b'\n' || b == b'\r' {
                self.pending.push_back((self.offset + i as u64, b == b'\n'));
            }
        }
        self.offset += n as u64;
        Ok(n)
    }
}

impl<R> Breaks<R> {
    /// The line breaks before byte `at`, and those of the blank lines starting there (a
    /// record's position may include the blank lines before it), forgotten once counted.
    fn count_to(&mut self, mut at: u64) -> usize {
        let mut lines = 0;
        while let Some(&(o, lf)) = self.pending.front() {
            if o < at {
                lines += usize::from(lf);
            } else if o == at {
                lines += usize::from(lf);
                at += 1;
            } else {
                break;
            }
            self.pending.pop_front();
        }
        lines
    }
}

/// Feeds the non-empty rows of a file (row number, raw cells) to `sink`: the first as the
/// header, at most `max_rows` after it (one more is `TooManyRows`).
struct Feed<'s> {
    sink: &'s mut dyn Rows,
    max_rows: usize,
    header: bool,
    data: usize,
}

impl Feed<'_> {
    /// `Err` when this row is one too many.
    fn row<'r>(
        &mut self,
        n: usize,
        raw: impl Iterator<Item = &'r str>,
    ) -> Result<(), ImportErrorKind> {
        let cells: Vec<&str> = raw.map(clean_cell).collect();
        if cells.iter().all(|c| c.is_empty()) {
            Ok(())
        } else if !self.header {
            self.header = true;
            self.sink.header(n, &cells);
            Ok(())
        } else if self.data >= self.max_rows {
            Err(ImportErrorKind::TooManyRows {
                limit: self.max_rows,
            })
        } else {
            self.data += 1;
            self.sink.row(n, &cells);
            Ok(())
        }
    }
}

/// Reads a list row by row into `sink`, never holding more than one row of it (the file's
/// bytes aside): a CSV through its encoding's decoder, an XLSX sheet as its XML inflates.
/// At most `max_rows` data rows; more is an error naming the limit, and so is a file with no
/// row at all (`Empty`). On an error `sink` may have seen some rows: callers discard it.
pub fn stream(
    bytes: &[u8],
    source: Source,
    max_rows: usize,
    sink: &mut dyn Rows,
) -> Result<FileFormat, ImportErrors> {
    let err = |k| ImportErrors::one(ImportError::file(source, k));
    if bytes.is_empty() {
        return Err(err(ImportErrorKind::Empty));
    }
    let mut feed = Feed {
        sink,
        max_rows,
        header: false,
        data: 0,
    };
    let format = if bytes.starts_with(b"PK\x03\x04") {
        let mut too_many = None;
        xlsx::each_first_sheet_row(bytes, &mut |n, cells| match feed
            .row(n, cells.iter().map(String::as_str))
        {
            Ok(()) => true,
            Err(k) => {
                too_many = Some(k);
                false
            }
        })
        .map_err(|e| err(ImportErrorKind::BadXlsx(e)))?;
        if let Some(k) = too_many {
            return Err(err(k));
        }
        FileFormat::Xlsx
    } else if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err(err(ImportErrorKind::LegacyXls));
    } else {
        let mut head = String::new();
        let (text, enc) = detect(bytes, source, &mut head).map_err(ImportErrors::one)?;
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter(text.head()))
            .from_reader(Breaks {
                inner: text.reader(),
                offset: 0,
                pending: Default::default(),
            });
        let mut rec = csv::StringRecord::new();
        // The line each record starts on (what an editor shows, and Excel's row for plain
        // files), counted from byte offsets so that blank lines count too.
        let (mut seen_byte, mut seen_line) = (0u64, 1usize);
        let mut i = 0usize;
        while rdr
            .read_record(&mut rec)
            .map_err(|e| err(ImportErrorKind::BadCsv(e.to_string())))?
        {
            let line = match rec.position().map(|p| p.byte()) {
                Some(b) if b >= seen_byte => {
                    seen_line += rdr.get_mut().count_to(b);
                    seen_byte = b;
                    seen_line
                }
                _ => i + 1,
            };
            i += 1;
            feed.row(line, rec.iter()).map_err(err)?;
        }
        FileFormat::Csv(enc)
    };
    if !feed.header {
        return Err(err(ImportErrorKind::Empty));
    }
    Ok(format)
}

/// Collects a whole table (lists of a few thousand rows: managers, locks).
struct Collect {
    headers: Vec<String>,
    header_row: usize,
    rows: Vec<(usize, Vec<String>)>,
}

impl Rows for Collect {
    fn header(&mut self, row: usize, cells: &[&str]) {
        self.header_row = row;
        self.headers = cells.iter().map(|c| c.to_string()).collect();
    }

    fn row(&mut self, row: usize, cells: &[&str]) {
        self.rows
            .push((row, cells.iter().map(|c| c.to_string()).collect()));
    }
}

/// Reads a whole list. At most `max_rows` data rows; more is an error naming the limit.
pub fn read(bytes: &[u8], source: Source, max_rows: usize) -> Result<Table, ImportErrors> {
    let mut all = Collect {
        headers: Vec::new(),
        header_row: 1,
        rows: Vec::new(),
    };
    let format = stream(bytes, source, max_rows, &mut all)?;
    Ok(Table {
        headers: all.headers,
        header_row: all.header_row,
        rows: all.rows,
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

    /// The reader as it was before it streamed: the whole text decoded into one string, every
    /// record collected, lines counted over the text (the reference the stream must equal).
    fn whole_text_rows(bytes: &[u8]) -> Option<Table> {
        let text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
            std::str::from_utf8(rest).ok()?.to_string()
        } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
            encoding_rs::UTF_16LE.decode(bytes).0.into_owned()
        } else if let Ok(s) = std::str::from_utf8(bytes) {
            s.to_string()
        } else {
            encoding_rs::GBK
                .decode_without_bom_handling_and_without_replacement(bytes)?
                .into_owned()
        };
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter(&text))
            .from_reader(text.as_bytes());
        let mut out = Vec::new();
        let (mut seen_byte, mut seen_line) = (0usize, 1usize);
        for (i, rec) in rdr.records().enumerate() {
            let rec = rec.ok()?;
            let line = match rec.position().map(|p| p.byte() as usize) {
                Some(mut b) if b >= seen_byte => {
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
            let cells: Vec<String> = rec.iter().map(|c| clean_cell(c).to_string()).collect();
            if cells.iter().any(|c| !c.is_empty()) {
                out.push((line, cells));
            }
        }
        let mut rows = out.into_iter();
        let (header_row, headers) = rows.next()?;
        Some(Table {
            headers,
            header_row,
            rows: rows.collect(),
            format: FileFormat::Xlsx,
        })
    }

    /// A varied list: Chinese text, quotes with separators and line breaks inside, blank
    /// lines, CRLF or LF, guarded formulas, ragged rows; long enough to cross the decoder's
    /// chunks.
    fn varied_list(cells: &[(u8, u16)], sep: char, crlf: bool) -> String {
        let words = [
            "客户编码",
            "食杂店",
            "便利店",
            "'=1+1",
            " 烟酒店 ",
            "\"a,b\"",
            "\"第一行\n第二行\"",
            "117.05",
            "",
            "\"引号\"\"里\"",
            "超市;商场",
            "\t",
            "x",
        ];
        let nl = if crlf { "\r\n" } else { "\n" };
        let mut s = format!("客户编码{sep}客户名称{sep}经度{sep}业态{nl}");
        for (i, &(w, n)) in cells.iter().enumerate() {
            let row: Vec<String> = (0..(n % 5 + 1))
                .map(|k| {
                    let word = words[(usize::from(w) + k as usize) % words.len()];
                    format!("{word}{}", (usize::from(n) + i) % 97)
                })
                .collect();
            s.push_str(&row.join(&sep.to_string()));
            s.push_str(nl);
            if n % 11 == 0 {
                s.push_str(nl);
            }
        }
        s
    }

    fn encodings(text: &str) -> Vec<Vec<u8>> {
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        let mut utf16 = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        vec![text.as_bytes().to_vec(), bom, utf16, gbk.into_owned()]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

        /// The streaming reader gives the rows, row numbers and cells the whole-text reader
        /// gave, in every encoding.
        #[test]
        fn streaming_equals_the_whole_text_reader(
            cells in proptest::collection::vec((0u8..13, 0u16..2000), 1..3000),
            sep in proptest::sample::select(vec![',', ';', '\t']),
            crlf in proptest::bool::ANY,
        ) {
            let text = varied_list(&cells, sep, crlf);
            for bytes in encodings(&text) {
                let t = read(&bytes, Source::Customers, usize::MAX - 2).expect("reads");
                let want = whole_text_rows(&bytes).expect("reference");
                proptest::prop_assert_eq!(&t.headers, &want.headers);
                proptest::prop_assert_eq!(t.header_row, want.header_row);
                proptest::prop_assert_eq!(&t.rows, &want.rows);
            }
        }
    }
}
