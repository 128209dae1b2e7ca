//! Bytes to text: UTF-8, UTF-8 with BOM, UTF-16 with BOM and GBK (what Chinese Excel writes
//! when it saves CSV), detected automatically; binary data is refused before decoding.

use super::error::{ImportError, ImportErrorKind, Source};

/// The largest file an import accepts (bytes): a county's list is a few MB, a province's
/// million customers 70-200 MB as CSV.
pub const MAX_FILE_BYTES: usize = 256 * 1024 * 1024;

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

/// How a file's text reaches the CSV reader: the file's own bytes when they are UTF-8 (no
/// copy), else decoded on the fly, a few kilobytes at a time (no second copy of the file).
#[derive(Debug, Clone, Copy)]
pub struct Text<'a> {
    bytes: &'a [u8],
    /// `None`: `bytes` are UTF-8 already (a BOM removed).
    decoder: Option<&'static encoding_rs::Encoding>,
    /// The start of the text: at least its first 64K characters and its first line (what the
    /// checks and the separator are read from).
    head: &'a str,
}

/// The first 64K characters (what `looks_binary` reads) and, if longer, up to the first line
/// break.
const HEAD_CHARS: usize = 64 * 1024;

impl<'a> Text<'a> {
    /// The beginning of the text (see `head`).
    pub fn head(&self) -> &str {
        self.head
    }

    /// A reader of the text as UTF-8.
    pub fn reader(&self) -> TextReader<'a> {
        TextReader {
            src: self.bytes,
            decoder: self.decoder.map(new_decoder),
            out: Vec::new(),
            at: 0,
            done: false,
        }
    }
}

fn new_decoder(e: &'static encoding_rs::Encoding) -> encoding_rs::Decoder {
    if e == encoding_rs::GBK {
        e.new_decoder_without_bom_handling()
    } else {
        // UTF-16: the BOM says which byte order, and is dropped.
        e.new_decoder()
    }
}

/// The text of a file as UTF-8 bytes, decoded a chunk at a time.
pub struct TextReader<'a> {
    src: &'a [u8],
    decoder: Option<encoding_rs::Decoder>,
    /// Decoded bytes not yet read, from `at`.
    out: Vec<u8>,
    at: usize,
    /// The decoder has seen the end of the input.
    done: bool,
}

/// Decoded bytes made per step.
const CHUNK: usize = 64 * 1024;

impl std::io::Read for TextReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let Some(dec) = self.decoder.as_mut() else {
            return self.src.read(buf);
        };
        while self.at >= self.out.len() {
            if self.done {
                return Ok(0);
            }
            self.out.resize(CHUNK, 0);
            let (res, read, written) =
                dec.decode_to_utf8_without_replacement(self.src, &mut self.out, true);
            self.src = self.src.get(read..).unwrap_or_default();
            self.out.truncate(written);
            self.at = 0;
            match res {
                encoding_rs::DecoderResult::InputEmpty => self.done = true,
                encoding_rs::DecoderResult::OutputFull => {}
                encoding_rs::DecoderResult::Malformed(_, _) => {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        "undecodable text",
                    ))
                }
            }
        }
        let rest = self.out.get(self.at..).unwrap_or_default();
        let n = buf.len().min(rest.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.at += n;
        Ok(n)
    }
}

/// Checks that `bytes` decode as `enc` from start to end without a replacement, a chunk at a
/// time, and returns the start of the text (`HEAD_CHARS` and the first line) and whether any
/// character is not white space. `None`: undecodable.
fn check_decodes(bytes: &[u8], enc: &'static encoding_rs::Encoding) -> Option<(String, bool)> {
    let mut dec = new_decoder(enc);
    let mut src = bytes;
    let mut buf = vec![0u8; CHUNK];
    let mut head = String::new();
    let (mut head_chars, mut head_done, mut line_seen) = (0usize, false, false);
    let mut visible = false;
    loop {
        let (res, read, written) = dec.decode_to_utf8_without_replacement(src, &mut buf, true);
        src = src.get(read..).unwrap_or_default();
        if let encoding_rs::DecoderResult::Malformed(_, _) = res {
            return None;
        }
        let chunk = std::str::from_utf8(buf.get(..written)?).ok()?;
        if !visible {
            visible = chunk.chars().any(|c| !c.is_whitespace());
        }
        if !head_done {
            for c in chunk.chars() {
                if head_chars >= HEAD_CHARS && line_seen {
                    head_done = true;
                    break;
                }
                head.push(c);
                head_chars += 1;
                line_seen |= c == '\n';
            }
        }
        if matches!(res, encoding_rs::DecoderResult::InputEmpty) {
            return Some((head, visible));
        }
    }
}

/// The start of `text` as `Text::head` holds it.
fn head_of(text: &str) -> &str {
    let cut = text
        .char_indices()
        .nth(HEAD_CHARS)
        .map_or(text.len(), |(i, _)| i);
    let line = text.find('\n').map_or(text.len(), |i| i + 1);
    &text[..cut.max(line).min(text.len())]
}

/// Detects a text file's encoding and checks it whole (decodable, not binary, not blank)
/// without copying it: what `decode` refuses, this refuses with the same error.
pub fn detect<'a>(
    bytes: &'a [u8],
    source: Source,
    head_buf: &'a mut String,
) -> Result<(Text<'a>, TextEncoding), ImportError> {
    let err = |k| ImportError::file(source, k);
    if bytes.len() > MAX_FILE_BYTES {
        return Err(err(ImportErrorKind::TooLarge {
            limit: MAX_FILE_BYTES,
        }));
    }
    let utf8 = |b: &'a [u8], enc| -> Result<(Text<'a>, TextEncoding), ImportError> {
        let s = std::str::from_utf8(b).map_err(|_| err(ImportErrorKind::UnknownEncoding))?;
        let t = Text {
            bytes: b,
            decoder: None,
            head: head_of(s),
        };
        if looks_binary(t.head) {
            return Err(err(ImportErrorKind::Binary));
        }
        if s.trim().is_empty() {
            return Err(err(ImportErrorKind::Empty));
        }
        Ok((t, enc))
    };
    let (enc, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest, TextEncoding::Utf8Bom);
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        // Excel's "Unicode text" is UTF-16 with a BOM (tab-separated).
        (TextEncoding::Utf16, encoding_rs::UTF_16LE)
    } else if std::str::from_utf8(bytes).is_ok() {
        return utf8(bytes, TextEncoding::Utf8);
    } else {
        if bytes.contains(&0) {
            return Err(err(ImportErrorKind::Binary));
        }
        (TextEncoding::Gbk, encoding_rs::GBK)
    };
    let Some((head, visible)) = check_decodes(bytes, encoding) else {
        if enc == TextEncoding::Gbk {
            // Undecodable: binary when it is full of control bytes, else an encoding we do
            // not read (Big5, Shift-JIS, a broken file). `looks_binary` reads 64K
            // characters, which come from at most four times as many bytes.
            let prefix = bytes.get(..4 * HEAD_CHARS + 4).unwrap_or(bytes);
            if looks_binary(&String::from_utf8_lossy(prefix)) {
                return Err(err(ImportErrorKind::Binary));
            }
        }
        return Err(err(ImportErrorKind::UnknownEncoding));
    };
    *head_buf = head;
    if looks_binary(head_buf) {
        return Err(err(ImportErrorKind::Binary));
    }
    if !visible {
        return Err(err(ImportErrorKind::Empty));
    }
    Ok((
        Text {
            bytes,
            decoder: Some(encoding),
            head: head_buf,
        },
        enc,
    ))
}

/// Decodes a text file whole, detecting its encoding (`detect`, then its reader read out).
pub fn decode(bytes: &[u8], source: Source) -> Result<(String, TextEncoding), ImportError> {
    use std::io::Read;
    let mut head = String::new();
    let (text, enc) = detect(bytes, source, &mut head)?;
    let mut out = String::new();
    text.reader()
        .read_to_string(&mut out)
        .map_err(|_| ImportError::file(source, ImportErrorKind::UnknownEncoding))?;
    Ok((out, enc))
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
