//! Standard base64 (RFC 4648, with padding) for the bytes of a file crossing the worker
//! boundary, whose messages are JSON text: a third larger than the bytes, where a JSON array of
//! numbers would be three to four times larger. A result's per-customer columns cross the same
//! way (`indices`): read as a JSON array, one model of a province's took the page 54 ms.

use serde::{Deserialize, Deserializer, Serializer};

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// `bytes` as base64 text.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Each byte's value in the alphabet, 255 for a byte outside it: a province's owners are 1.6
/// million characters, read in one of the page's tasks.
const VALUES: [u8; 256] = {
    let mut t = [255u8; 256];
    let mut i = 0;
    while i < 64 {
        t[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    t
};

fn value(c: u8) -> Option<u32> {
    match VALUES[usize::from(c)] {
        255 => None,
        v => Some(u32::from(v)),
    }
}

/// The bytes of base64 `text`; `None` when it is not base64.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let b = text.as_bytes();
    if !b.len().is_multiple_of(4) {
        return None;
    }
    let Some(cut) = b.len().checked_sub(4) else {
        return Some(Vec::new());
    };
    let (body, last) = b.split_at(cut);
    let mut out = Vec::with_capacity(b.len() / 4 * 3);
    // Every group but the last is whole: no padding to look for.
    for g in body.chunks_exact(4) {
        let n = (value(g[0])? << 18) | (value(g[1])? << 12) | (value(g[2])? << 6) | value(g[3])?;
        out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
    }
    let pad = last.iter().rev().take_while(|&&c| c == b'=').count();
    if pad > 2 {
        return None;
    }
    let mut n = 0u32;
    for &c in &last[..4 - pad] {
        n = (n << 6) | value(c)?;
    }
    n <<= 6 * pad as u32;
    out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8][..3 - pad]);
    Some(out)
}

/// Serde: a byte field written as base64 text.
pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&encode(bytes))
}

/// Serde: a byte field read from base64 text.
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
    let text = String::deserialize(d)?;
    decode(&text).ok_or_else(|| serde::de::Error::custom("not base64"))
}

/// Serde: a column of indices (each below 2³²) written as base64 text of 32-bit little-endian
/// numbers.
pub mod indices {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(values: &[usize], s: S) -> Result<S::Ok, S::Error> {
        let mut bytes = Vec::with_capacity(values.len() * 4);
        for &v in values {
            let v = u32::try_from(v).map_err(|_| serde::ser::Error::custom("index over 2^32"))?;
            bytes.extend_from_slice(&v.to_le_bytes());
        }
        s.serialize_str(&super::encode(&bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<usize>, D::Error> {
        let text = String::deserialize(d)?;
        let bytes = super::decode(&text)
            .filter(|b| b.len().is_multiple_of(4))
            .ok_or_else(|| serde::de::Error::custom("not base64 of 32-bit numbers"))?;
        Ok(bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]) as usize)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn rfc_4648_vectors() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(encode(plain.as_bytes()), coded);
            assert_eq!(decode(coded).as_deref(), Some(plain.as_bytes()));
        }
        assert_eq!(decode("Zg="), None);
        assert_eq!(decode("Z=g="), None);
        assert_eq!(decode("Zg==Zg=="), None);
        assert_eq!(decode("Z*=="), None);
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Column {
        #[serde(with = "super::indices")]
        values: Vec<usize>,
    }

    proptest! {
        #[test]
        fn round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            prop_assert_eq!(decode(&encode(&bytes)), Some(bytes));
        }

        #[test]
        fn an_index_column_round_trips_through_json(
            values in proptest::collection::vec(0usize..(1 << 32), 0..100),
        ) {
            let c = Column { values };
            let text = serde_json::to_string(&c).expect("to json");
            prop_assert_eq!(serde_json::from_str::<Column>(&text).expect("from json"), c);
        }
    }

    #[test]
    fn a_column_of_another_length_or_alphabet_is_refused() {
        // Three bytes: not a whole number of 32-bit values.
        assert!(serde_json::from_str::<Column>(r#"{"values":"AAAA"}"#).is_err());
        assert!(serde_json::from_str::<Column>(r#"{"values":"AAAAAA=="}"#).is_ok());
        assert!(serde_json::from_str::<Column>(r#"{"values":"AA*AAA=="}"#).is_err());
        assert!(serde_json::from_str::<Column>(r#"{"values":[1,2]}"#).is_err());
    }
}
