//! A minimal XLSX reader: a worksheet's cells as text (the first one for imports; any one by
//! name, with whether each cell is a number, for checking the workbook the page exports).
//!
//! An .xlsx is a zip of XML parts. Reading one sheet needs only the zip's central directory,
//! raw-deflate (`miniz_oxide`) and a streaming XML reader (`quick-xml`) — far less code in the
//! wasm than a full spreadsheet crate. Every length and offset is checked (no panic on any
//! input) and decompression is capped (no zip bombs).

use std::collections::BTreeMap;

use std::io::{BufRead, BufReader, Read};

use miniz_oxide::inflate::stream::{inflate, InflateState};
use miniz_oxide::{DataFormat, MZError, MZFlush, MZStatus};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// The most bytes one zip entry read whole (the shared strings, the workbook's parts) may
/// inflate to.
const MAX_ENTRY_BYTES: usize = 256 * 1024 * 1024;

/// The most bytes a worksheet may inflate to. It is read as it inflates, never held whole,
/// so it may be larger: a million rows of a dozen cells is about 600 MB of XML. The cap ends a
/// zip bomb in an error after a few seconds.
const MAX_SHEET_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Cells beyond this column are ignored: lists have a few dozen columns, and a sheet with a
/// cell at column XFD in every row must not allocate 16,384 cells per row.
const MAX_COLUMNS: usize = 256;

/// One zip entry as the central directory describes it.
struct Entry {
    method: u16,
    comp_size: usize,
    local_offset: usize,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// The zip's entries by name.
fn directory(b: &[u8]) -> Result<BTreeMap<String, Entry>, String> {
    // The end-of-central-directory record sits in the last 22 + 65535 bytes.
    let lo = b.len().saturating_sub(22 + 65_535);
    let eocd = (lo..b.len().saturating_sub(21))
        .rev()
        .find(|&i| u32_at(b, i) == Some(0x0605_4b50))
        .ok_or("no zip directory (truncated file?)")?;
    let count = u16_at(b, eocd + 10).ok_or("truncated zip")? as usize;
    let mut at = u32_at(b, eocd + 16).ok_or("truncated zip")? as usize;
    let mut out = BTreeMap::new();
    for _ in 0..count {
        if u32_at(b, at) != Some(0x0201_4b50) {
            return Err("damaged zip directory".into());
        }
        let field = |off: usize| u16_at(b, at.saturating_add(off)).ok_or("truncated zip");
        let method = field(10)?;
        let comp_size = u32_at(b, at.saturating_add(20)).ok_or("truncated zip")? as usize;
        let name_len = field(28)? as usize;
        let extra_len = field(30)? as usize;
        let comment_len = field(32)? as usize;
        let local_offset = u32_at(b, at.saturating_add(42)).ok_or("truncated zip")? as usize;
        let name = b
            .get(at.saturating_add(46)..at.saturating_add(46 + name_len))
            .ok_or("truncated zip")?;
        let name = String::from_utf8_lossy(name).replace('\\', "/");
        out.insert(
            name,
            Entry {
                method,
                comp_size,
                local_offset,
            },
        );
        at = at.saturating_add(46 + name_len + extra_len + comment_len);
    }
    Ok(out)
}

/// The inflated bytes of entry `name`, or `None` when the zip has no such entry.
fn entry(b: &[u8], dir: &BTreeMap<String, Entry>, name: &str) -> Result<Option<Vec<u8>>, String> {
    let Some(mut r) = entry_reader(b, dir, name, MAX_ENTRY_BYTES as u64)? else {
        return Ok(None);
    };
    let mut out = Vec::new();
    r.read_to_end(&mut out)
        .map_err(|_| format!("cannot inflate {name}"))?;
    Ok(Some(out))
}

/// Entry `name` as a reader that inflates it a buffer at a time (at most `limit` bytes, so a
/// zip bomb ends in an error, not in memory), or `None` when the zip has no such entry.
fn entry_reader<'a>(
    b: &'a [u8],
    dir: &BTreeMap<String, Entry>,
    name: &str,
    limit: u64,
) -> Result<Option<Inflate<'a>>, String> {
    let Some(e) = dir.get(name) else {
        return Ok(None);
    };
    let lo = e.local_offset;
    if u32_at(b, lo) != Some(0x0403_4b50) {
        return Err(format!("damaged zip entry {name}"));
    }
    let n = u16_at(b, lo.saturating_add(26)).ok_or("truncated zip")? as usize;
    let x = u16_at(b, lo.saturating_add(28)).ok_or("truncated zip")? as usize;
    let start = lo.saturating_add(30 + n + x);
    let data = b
        .get(start..start.saturating_add(e.comp_size))
        .ok_or_else(|| format!("truncated zip entry {name}"))?;
    let state = match e.method {
        0 => None,
        8 => Some(InflateState::new_boxed(DataFormat::Raw)),
        m => return Err(format!("unsupported zip compression method {m}")),
    };
    Ok(Some(Inflate {
        src: data,
        state,
        written: 0,
        limit,
        done: false,
    }))
}

/// A zip entry's bytes as a reader: stored ones as they are, deflated ones inflated on the
/// way.
struct Inflate<'a> {
    src: &'a [u8],
    /// `None`: stored without compression.
    state: Option<Box<InflateState>>,
    written: u64,
    limit: u64,
    done: bool,
}

impl Read for Inflate<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let bad = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what);
        let Some(state) = self.state.as_mut() else {
            let n = self.src.read(buf)?;
            self.written += n as u64;
            if self.written > self.limit {
                return Err(bad("entry too large"));
            }
            return Ok(n);
        };
        if self.done || buf.is_empty() {
            return Ok(0);
        }
        loop {
            let r = inflate(state, self.src, buf, MZFlush::None);
            self.src = self.src.get(r.bytes_consumed..).unwrap_or_default();
            self.written += r.bytes_written as u64;
            if self.written > self.limit {
                return Err(bad("entry too large"));
            }
            match r.status {
                Ok(MZStatus::StreamEnd) => {
                    self.done = true;
                    return Ok(r.bytes_written);
                }
                Ok(_) if r.bytes_written > 0 => return Ok(r.bytes_written),
                Ok(_) if r.bytes_consumed > 0 => {}
                Err(MZError::Buf) if r.bytes_written > 0 => return Ok(r.bytes_written),
                _ => return Err(bad("cannot inflate")),
            }
        }
    }
}

fn attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// Every sheet of the workbook in its order, by name, with the path of its part (via
/// workbook.xml and its relationships; a sheet whose part cannot be found is left out).
fn sheet_paths(b: &[u8], dir: &BTreeMap<String, Entry>) -> Result<Vec<(String, String)>, String> {
    let Some(wb) = entry(b, dir, "xl/workbook.xml")? else {
        return Ok(Vec::new());
    };
    let mut sheets: Vec<(String, String)> = Vec::new();
    let mut r = Reader::from_reader(wb.as_slice());
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.local_name().as_ref() == b"sheet" => {
                if let Some(rid) = attr(&e, b"id") {
                    sheets.push((attr(&e, b"name").unwrap_or_default(), rid));
                }
            }
            Ok(Event::Eof) => break,
            Err(e) => return Err(format!("workbook.xml: {e}")),
            _ => {}
        }
    }
    let Some(rels) = entry(b, dir, "xl/_rels/workbook.xml.rels")? else {
        return Ok(Vec::new());
    };
    let mut targets: BTreeMap<String, String> = BTreeMap::new();
    let mut r = Reader::from_reader(rels.as_slice());
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e))
                if e.local_name().as_ref() == b"Relationship" =>
            {
                if let (Some(id), Some(t)) = (attr(&e, b"Id"), attr(&e, b"Target")) {
                    let path = match t.strip_prefix('/') {
                        Some(abs) => abs.to_string(),
                        None => format!("xl/{t}"),
                    };
                    targets.insert(id, path);
                }
            }
            Ok(Event::Eof) => break,
            Err(e) => return Err(format!("workbook.xml.rels: {e}")),
            _ => {}
        }
    }
    Ok(sheets
        .into_iter()
        .filter_map(|(name, rid)| targets.get(&rid).map(|p| (name, p.clone())))
        .collect())
}

/// The path of the workbook's first sheet, or the conventional path when workbook.xml or its
/// relationships are missing.
fn first_sheet_path(b: &[u8], dir: &BTreeMap<String, Entry>) -> Result<String, String> {
    Ok(sheet_paths(b, dir)?
        .into_iter()
        .next()
        .map_or_else(|| "xl/worksheets/sheet1.xml".to_string(), |(_, p)| p))
}

/// The names of the workbook's sheets, in order.
pub fn sheet_names(b: &[u8]) -> Result<Vec<String>, String> {
    let dir = directory(b)?;
    Ok(sheet_paths(b, &dir)?.into_iter().map(|(n, _)| n).collect())
}

/// One cell as read: its text, and whether the sheet stores it as a number (a cell without a
/// type or of type `n`) rather than as text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReadCell {
    pub text: String,
    pub number: bool,
}

/// Rows of cells, each with its spreadsheet row number (1-based).
pub type Rows = Vec<(usize, Vec<ReadCell>)>;

/// The sheet named `name` as rows of cells; `None` when the workbook has no such sheet.
pub fn read_sheet(b: &[u8], name: &str, max_rows: usize) -> Result<Option<Rows>, String> {
    let dir = directory(b)?;
    let Some((_, path)) = sheet_paths(b, &dir)?.into_iter().find(|(n, _)| n == name) else {
        return Ok(None);
    };
    read_part(b, &dir, &path, max_rows).map(Some)
}

/// The shared-string table (cells of type `s` index into it), read as it inflates.
fn shared_strings(xml: impl BufRead) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut r = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut cur: Option<String> = None;
    let (mut in_t, mut in_phonetic) = (false, false);
    loop {
        buf.clear();
        match r.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                b"si" => cur = Some(String::new()),
                b"t" => in_t = true,
                b"rPh" => in_phonetic = true,
                _ => {}
            },
            Ok(Event::Empty(e)) if e.local_name().as_ref() == b"si" => out.push(String::new()),
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                b"si" => out.push(cur.take().unwrap_or_default()),
                b"t" => in_t = false,
                b"rPh" => in_phonetic = false,
                _ => {}
            },
            Ok(Event::Text(t)) if in_t && !in_phonetic => {
                if let Some(c) = cur.as_mut() {
                    c.push_str(&t.unescape().map_err(|e| format!("sharedStrings: {e}"))?);
                }
            }
            Ok(Event::CData(t)) if in_t && !in_phonetic => {
                if let Some(c) = cur.as_mut() {
                    c.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Ok(Event::Eof) => return Ok(out),
            Err(quick_xml::Error::Io(_)) => {
                return Err("cannot inflate xl/sharedStrings.xml".to_string())
            }
            Err(e) => return Err(format!("sharedStrings: {e}")),
            _ => {}
        }
    }
}

/// Column index of a cell reference like "AB12" (A = 0).
fn column_of(r: &str) -> Option<usize> {
    let mut col = 0usize;
    let mut any = false;
    for c in r.chars().take_while(|c| c.is_ascii_alphabetic()) {
        col = col
            .checked_mul(26)?
            .checked_add((c.to_ascii_uppercase() as usize) - ('A' as usize) + 1)?;
        any = true;
    }
    // Excel has 16,384 columns; anything wider is a damaged file.
    (any && col <= 16_384).then(|| col - 1)
}

/// The first worksheet as rows of cell texts, each with its spreadsheet row number (1-based).
/// Reading stops after `max_rows` rows (the caller reports the limit).
pub fn read_first_sheet(b: &[u8], max_rows: usize) -> Result<Vec<(usize, Vec<String>)>, String> {
    let mut rows = Vec::new();
    each_first_sheet_row(b, &mut |n, cells| {
        rows.push((n, cells));
        rows.len() < max_rows
    })?;
    Ok(rows)
}

/// Each row of the first worksheet, in order, as cell texts with its spreadsheet row number
/// (1-based), read as the sheet inflates: `on_row` returns whether to go on.
pub fn each_first_sheet_row(
    b: &[u8],
    on_row: &mut dyn FnMut(usize, Vec<String>) -> bool,
) -> Result<(), String> {
    let dir = directory(b)?;
    let path = first_sheet_path(b, &dir)?;
    each_row(b, &dir, &path, &mut |n, cells| {
        on_row(n, cells.into_iter().map(|c| c.text).collect())
    })
}

/// The worksheet part at `path` as rows of cells (see `read_first_sheet`).
fn read_part(
    b: &[u8],
    dir: &BTreeMap<String, Entry>,
    path: &str,
    max_rows: usize,
) -> Result<Rows, String> {
    let mut rows: Rows = Vec::new();
    each_row(b, dir, path, &mut |n, cells| {
        rows.push((n, cells));
        rows.len() < max_rows
    })?;
    Ok(rows)
}

/// Each row of the worksheet part at `path`, read as it inflates; `on_row` returns whether to
/// go on.
fn each_row(
    b: &[u8],
    dir: &BTreeMap<String, Entry>,
    path: &str,
    on_row: &mut dyn FnMut(usize, Vec<ReadCell>) -> bool,
) -> Result<(), String> {
    let sst = match entry_reader(b, dir, "xl/sharedStrings.xml", MAX_ENTRY_BYTES as u64)? {
        Some(x) => shared_strings(BufReader::new(x))?,
        None => Vec::new(),
    };
    let xml = entry_reader(b, dir, path, MAX_SHEET_BYTES)?
        .ok_or_else(|| format!("no worksheet {path}"))?;
    let mut r = Reader::from_reader(BufReader::new(xml));
    let mut buf = Vec::new();
    let mut last_row: Option<usize> = None;
    let mut row: Option<(usize, Vec<ReadCell>)> = None;
    // The cell being read: column, type, text so far.
    let mut cell: Option<(usize, String, String)> = None;
    let mut in_value = false;
    loop {
        buf.clear();
        let ev = r.read_event_into(&mut buf).map_err(|e| match e {
            quick_xml::Error::Io(_) => format!("cannot inflate {path}"),
            e => format!("{path}: {e}"),
        })?;
        match ev {
            Event::Start(e) if e.local_name().as_ref() == b"row" => {
                let n = attr(&e, b"r")
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or_else(|| last_row.map(|r| r + 1).unwrap_or(1));
                row = Some((n, Vec::new()));
            }
            Event::End(e) if e.local_name().as_ref() == b"row" => {
                if let Some((n, cells)) = row.take() {
                    last_row = Some(n);
                    if !on_row(n, cells) {
                        return Ok(());
                    }
                }
            }
            Event::Start(e) if e.local_name().as_ref() == b"c" => {
                let next = row.as_ref().map(|r| r.1.len()).unwrap_or(0);
                let col = attr(&e, b"r").and_then(|v| column_of(&v)).unwrap_or(next);
                let t = attr(&e, b"t").unwrap_or_default();
                cell = Some((col, t, String::new()));
            }
            Event::Start(e) if matches!(e.local_name().as_ref(), b"v" | b"t") => {
                in_value = cell.is_some();
            }
            Event::End(e) if matches!(e.local_name().as_ref(), b"v" | b"t") => in_value = false,
            Event::Text(t) if in_value => {
                if let Some(c) = cell.as_mut() {
                    c.2.push_str(&t.unescape().map_err(|e| format!("{path}: {e}"))?);
                }
            }
            Event::End(e) if e.local_name().as_ref() == b"c" => {
                let cell = cell.take().filter(|c| c.0 < MAX_COLUMNS);
                if let (Some((col, t, text)), Some(rw)) = (cell, row.as_mut()) {
                    let value = match t.as_str() {
                        "s" => text
                            .trim()
                            .parse::<usize>()
                            .ok()
                            .and_then(|i| sst.get(i).cloned())
                            .ok_or_else(|| format!("{path}: bad shared string index {text}"))?,
                        "b" => if text.trim() == "1" { "TRUE" } else { "FALSE" }.to_string(),
                        _ => text,
                    };
                    if rw.1.len() <= col {
                        rw.1.resize(col + 1, ReadCell::default());
                    }
                    rw.1[col] = ReadCell {
                        text: value,
                        number: matches!(t.as_str(), "" | "n"),
                    };
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(column_of("A1"), Some(0));
        assert_eq!(column_of("Z9"), Some(25));
        assert_eq!(column_of("AA3"), Some(26));
        assert_eq!(column_of("12"), None);
        assert_eq!(column_of("ZZZZZZZZZZZZZZZZ1"), None);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(read_first_sheet(b"PK\x03\x04garbage", 10).is_err());
        assert!(read_first_sheet(b"", 10).is_err());
        let mut eocd = vec![0u8; 22];
        eocd[..4].copy_from_slice(&0x0605_4b50u32.to_le_bytes());
        eocd[10] = 5; // five entries that are not there
        assert!(read_first_sheet(&eocd, 10).is_err());
    }
}
