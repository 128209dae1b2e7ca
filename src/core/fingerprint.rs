//! A fingerprint of a calendar: the same scenario and seed must give the same plan natively
//! and in wasm, and two runs (or the page and the CLI) can be compared by one short figure.
//!
//! The hash is FNV-1a (64 bit) over the calendar's JSON. JSON floats are written in the
//! shortest form that reads back to the same bits, so any difference in any visit time, km or
//! missed visit changes the fingerprint; field order is the structs' declaration order, so it
//! does not depend on a map's iteration order.

use serde::Serialize;

/// FNV-1a as a `Write` sink, so the value is hashed as it is serialised (a city calendar's
/// JSON is tens of megabytes and never needs to exist whole).
struct Fnv(u64);

impl std::io::Write for Fnv {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        for &b in buf {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The 64-bit fingerprint of any serialisable value (a calendar, an assignment), as 16 hex
/// digits. `None` only if the value cannot be serialised (a map with non-string keys).
pub fn of<T: Serialize>(value: &T) -> Option<String> {
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    serde_json::to_writer(&mut h, value).ok()?;
    Some(format!("{:016x}", h.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_of_known_bytes_and_sensitivity_to_one_float_bit() {
        // FNV-1a 64 of the JSON string "a" (3 bytes: quote, a, quote).
        let mut h = Fnv(0xcbf2_9ce4_8422_2325);
        std::io::Write::write_all(&mut h, b"\"a\"").expect("write");
        assert_eq!(of(&"a"), Some(format!("{:016x}", h.0)));
        let x = 0.1_f64 + 0.2;
        let y = f64::from_bits(x.to_bits() + 1);
        assert_ne!(of(&x), of(&y));
        assert_eq!(of(&vec![1.0, x]), of(&vec![1.0, 0.1 + 0.2]));
    }
}
