//! Bytes to text: UTF-8, UTF-8 with BOM, UTF-16 with BOM and GBK (what Chinese Excel writes
//! when it saves CSV), detected automatically; binary data is refused before decoding.

use super::error::{ImportError, ImportErrorKind, Source};

/// The largest file an import accepts (bytes); a county's list is a few MB.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

/// The encoding a text file turned out to have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Utf16,
    Gbk,
}

impl TextEncoding {
    pub fn key(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "import.encoding.utf8",
            TextEncoding::Utf8Bom => "import.encoding.utf8_bom",
            TextEncoding::Utf16 => "import.encoding.utf16",
            TextEncoding::Gbk => "import.encoding.gbk",
        }
    }
}

/// True when `text` has control characters no spreadsheet writes (NUL and friends): the sign
/// of a binary file opened by mistake.
fn looks_binary(text: &str) -> bool {
    let mut bad = 0usize;
    let mut total = 0usize;
    for c in text.chars().take(64 * 1024) {
        total += 1;
        if c == '\0' {
            return true;
        }
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}') {
            bad += 1;
        }
    }
    // A stray control character in a real list is possible; a few percent is not.
    bad * 100 > total.max(1) || (bad > 0 && total < 16)
}

/// Decodes a text file, detecting its encoding.
pub fn decode(bytes: &[u8], source: Source) -> Result<(String, TextEncoding), ImportError> {
    let err = |k| ImportError::file(source, k);
    if bytes.len() > MAX_FILE_BYTES {
        return Err(err(ImportErrorKind::TooLarge {
            limit: MAX_FILE_BYTES,
        }));
    }
    let (text, enc) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        match std::str::from_utf8(rest) {
            Ok(s) => (s.to_string(), TextEncoding::Utf8Bom),
            Err(_) => return Err(err(ImportErrorKind::UnknownEncoding)),
        }
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        // Excel's "Unicode text" is UTF-16 with a BOM (tab-separated).
        let (s, _, had_errors) = encoding_rs::UTF_16LE.decode(bytes);
        if had_errors {
            return Err(err(ImportErrorKind::UnknownEncoding));
        }
        (s.into_owned(), TextEncoding::Utf16)
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        (s.to_string(), TextEncoding::Utf8)
    } else {
        if bytes.contains(&0) {
            return Err(err(ImportErrorKind::Binary));
        }
        match encoding_rs::GBK.decode_without_bom_handling_and_without_replacement(bytes) {
            Some(s) => (s.into_owned(), TextEncoding::Gbk),
            None => {
                // Undecodable: binary when it is full of control bytes, else an encoding we
                // do not read (Big5, Shift-JIS, a broken file).
                let lossy = String::from_utf8_lossy(bytes);
                if looks_binary(&lossy) {
                    return Err(err(ImportErrorKind::Binary));
                }
                return Err(err(ImportErrorKind::UnknownEncoding));
            }
        }
    };
    if looks_binary(&text) {
        return Err(err(ImportErrorKind::Binary));
    }
    if text.trim().is_empty() {
        return Err(err(ImportErrorKind::Empty));
    }
    Ok((text, enc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_encoding() {
        let s = "客户编码,经度\nC1,117.0\n";
        let (t, e) = decode(s.as_bytes(), Source::Customers).expect("utf8");
        assert_eq!((t.as_str(), e), (s, TextEncoding::Utf8));
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(s.as_bytes());
        let (t, e) = decode(&bom, Source::Customers).expect("bom");
        assert_eq!((t.as_str(), e), (s, TextEncoding::Utf8Bom));
        let (gbk, _, _) = encoding_rs::GBK.encode(s);
        let (t, e) = decode(&gbk, Source::Customers).expect("gbk");
        assert_eq!((t.as_str(), e), (s, TextEncoding::Gbk));
        let mut u16 = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            u16.extend_from_slice(&u.to_le_bytes());
        }
        let (t, e) = decode(&u16, Source::Customers).expect("utf16");
        assert_eq!((t.as_str(), e), (s, TextEncoding::Utf16));
    }

    #[test]
    fn refuses_empty_binary_and_unknown() {
        let k = |b: &[u8]| decode(b, Source::Customers).map(|_| ()).map_err(|e| e.kind);
        assert_eq!(k(b""), Err(ImportErrorKind::Empty));
        assert_eq!(k(b" \r\n"), Err(ImportErrorKind::Empty));
        assert_eq!(k(b"\x00\x01\x02\x03abc"), Err(ImportErrorKind::Binary));
        assert_eq!(
            k(b"\x89PNG\r\n\x1a\n\x00\x00"),
            Err(ImportErrorKind::Binary)
        );
        // A GBK lead byte before a space is neither GBK nor UTF-8.
        assert_eq!(
            k(b"id,name\n1,\x81 x\xFF\n"),
            Err(ImportErrorKind::UnknownEncoding)
        );
    }
}
