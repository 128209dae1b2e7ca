//! Parsing single cells: numbers, yes/no, times of day.

/// A finite number (spaces ignored), or `None`.
pub fn number(s: &str) -> Option<f64> {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Yes/no in the spellings lists use.
pub fn boolean(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "是" | "有" | "√" | "y" | "yes" | "true" | "1" | "t" => Some(true),
        "否" | "无" | "×" | "n" | "no" | "false" | "0" | "f" => Some(false),
        _ => None,
    }
}

/// What exports write for a flag.
pub fn yes_no(b: bool) -> &'static str {
    if b {
        "是"
    } else {
        "否"
    }
}

/// A time of day as minutes after midnight: `HH:MM` (hours up to 47, for past midnight) or a
/// plain number of minutes.
pub fn time(s: &str) -> Option<u32> {
    let t = s.trim().replace('：', ":");
    if let Some((h, m)) = t.split_once(':') {
        let h: u32 = h.trim().parse().ok()?;
        // Seconds, if any, are ignored.
        let m: u32 = m.split(':').next()?.trim().parse().ok()?;
        (h < 48 && m < 60).then_some(h * 60 + m)
    } else {
        let v: u32 = t.parse().ok()?;
        (v < 48 * 60).then_some(v)
    }
}

/// `HH:MM` of minutes after midnight (hours may pass 24).
pub fn hhmm(min: u32) -> String {
    format!("{:02}:{:02}", min / 60, min % 60)
}

/// Opening hours `08:00-21:00` (also `~`, `—`, `至`).
pub fn hours(s: &str) -> Option<(u32, u32)> {
    let t = s.trim();
    let sep = ['-', '~', '—', '–', '至', '到'];
    let i = t.char_indices().skip(1).find(|(_, c)| sep.contains(c))?.0;
    let (a, b) = t.split_at(i);
    let b: String = b.chars().skip(1).collect();
    Some((time(a)?, time(&b)?))
}

/// `x` with at most `places` decimals, trailing zeros dropped (2.50 → 2.5, 3.00 → 3).
pub fn decimals(x: f64, places: usize) -> String {
    let s = format!("{x:.places$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" {
        "0".to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_parse() {
        assert_eq!(number(" 1.5 "), Some(1.5));
        assert_eq!(number("NaN"), None);
        assert_eq!(number("abc"), None);
        assert_eq!(boolean("是"), Some(true));
        assert_eq!(boolean("No"), Some(false));
        assert_eq!(boolean("maybe"), None);
        assert_eq!(time("08:30"), Some(510));
        assert_eq!(time("26:00"), Some(1560));
        assert_eq!(time("480"), Some(480));
        assert_eq!(time("25:61"), None);
        assert_eq!(hours("18:00-02:00"), Some((1080, 120)));
        assert_eq!(hours("8:00至21:00"), Some((480, 1260)));
        assert_eq!(hhmm(1560), "26:00");
    }

    #[test]
    fn decimals_drop_trailing_zeros() {
        assert_eq!(decimals(2.5, 2), "2.5");
        assert_eq!(decimals(3.0, 2), "3");
        assert_eq!(decimals(-0.0001, 2), "0");
        assert_eq!(decimals(1234.5678, 1), "1234.6");
        assert_eq!(decimals(10.0, 0), "10");
        assert_eq!(decimals(0.03 * 100.0, 3), "3");
    }
}
