//! Translation tables: every user-visible string comes from `static/i18n/<lang>.json`.
//!
//! The files are compiled in (no fetch at run time, so the page works offline); a test checks
//! that both languages have the same keys and that every key the code names exists.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The languages the app speaks; zh-CN first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    ZhCn,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::ZhCn, Lang::En];

    /// BCP 47 code, as used in `<html lang>` and URLs.
    pub fn code(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The language for a browser or CLI language tag: English for `en*`, otherwise 中文.
    pub fn from_tag(tag: &str) -> Lang {
        if tag.to_ascii_lowercase().starts_with("en") {
            Lang::En
        } else {
            Lang::ZhCn
        }
    }

    /// The other language (the switch button's target).
    pub fn other(self) -> Lang {
        match self {
            Lang::ZhCn => Lang::En,
            Lang::En => Lang::ZhCn,
        }
    }

    /// The language's translation files: the app's, the data layer's (imports, exports), then
    /// the Learn view's and the assumptions panel's (long prose, kept apart from the UI labels).
    fn sources(self) -> [&'static str; 3] {
        match self {
            Lang::ZhCn => [
                include_str!("../static/i18n/zh-CN.json"),
                include_str!("../static/i18n/data.zh-CN.json"),
                include_str!("../static/i18n/learn.zh-CN.json"),
            ],
            Lang::En => [
                include_str!("../static/i18n/en.json"),
                include_str!("../static/i18n/data.en.json"),
                include_str!("../static/i18n/learn.en.json"),
            ],
        }
    }
}

type Table = BTreeMap<String, String>;

fn table(lang: Lang) -> &'static Table {
    static ZH: OnceLock<Table> = OnceLock::new();
    static EN: OnceLock<Table> = OnceLock::new();
    let cell = match lang {
        Lang::ZhCn => &ZH,
        Lang::En => &EN,
    };
    // A malformed file is caught by the tests; at run time it degrades to showing keys.
    cell.get_or_init(|| {
        let mut t = Table::new();
        for src in lang.sources() {
            t.extend(serde_json::from_str::<Table>(src).unwrap_or_default());
        }
        t
    })
}

/// The text of `key` in `lang`; the key itself when missing (never a panic).
pub fn t(lang: Lang, key: &str) -> &str {
    match table(lang).get(key) {
        Some(s) => s.as_str(),
        None => key,
    }
}

/// The text of `key` with `{name}` placeholders replaced.
pub fn tf(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    let mut s = t(lang, key).to_string();
    for (name, value) in args {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

/// A number with `decimals` digits after the point; both languages use the same digits.
pub fn num(x: f64, decimals: usize) -> String {
    format!("{x:.decimals$}")
}

/// A figure as a table shows it: large amounts (≥ 1000, e.g. a monthly cost) whole and with
/// thousands grouped by commas, as both zh-CN and en write them; smaller ones with `decimals`.
pub fn figure(x: f64, decimals: usize) -> String {
    if !x.is_finite() || x.abs() < 1000.0 {
        return num(x, decimals);
    }
    let whole = format!("{:.0}", x.abs());
    let mut out = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if x < 0.0 {
        out.insert(0, '-');
    }
    out
}

/// Every key of `lang`'s table (for tests and tooling).
pub fn keys(lang: Lang) -> Vec<&'static str> {
    table(lang).keys().map(String::as_str).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_group_thousands_and_keep_small_decimals() {
        assert_eq!(figure(151957.172, 3), "151,957");
        assert_eq!(figure(2537856.995, 3), "2,537,857");
        assert_eq!(figure(-1234.0, 3), "-1,234");
        assert_eq!(figure(999.5, 3), "999.500");
        assert_eq!(figure(0.25, 3), "0.250");
    }

    #[test]
    fn both_files_parse_and_have_the_same_keys() {
        for l in Lang::ALL {
            let mut seen = 0;
            for src in l.sources() {
                let parsed: Result<Table, _> = serde_json::from_str(src);
                assert!(
                    parsed.is_ok(),
                    "{} does not parse: {:?}",
                    l.code(),
                    parsed.err()
                );
                seen += parsed.map(|t| t.len()).unwrap_or(0);
            }
            // No key may be defined in two files (the later would silently win).
            assert_eq!(
                seen,
                keys(l).len(),
                "a key of {} is defined twice",
                l.code()
            );
        }
        assert_eq!(keys(Lang::ZhCn), keys(Lang::En));
        for k in keys(Lang::En) {
            assert!(!t(Lang::En, k).trim().is_empty(), "empty en text for {k}");
            assert!(!t(Lang::ZhCn, k).trim().is_empty(), "empty zh text for {k}");
        }
    }

    #[test]
    fn every_key_named_in_the_code_exists() {
        // Scans the sources for string literals that look like translation keys used with
        // t()/tf()/key() and checks that each is in the table.
        let mut missing = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        let known = keys(Lang::En);
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("src readable") {
                let p = entry.expect("entry").path();
                if p.is_dir() {
                    stack.push(p);
                    continue;
                }
                if p.extension().and_then(|e| e.to_str()) != Some("rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&p).expect("utf-8 source");
                for (i, _) in text.match_indices('"') {
                    let rest = &text[i + 1..];
                    let Some(end) = rest.find('"') else { continue };
                    let lit = &rest[..end];
                    let prefixes = [
                        "learn.",
                        "claim.",
                        "zone_model.",
                        "app.",
                        "chart.",
                        "control.",
                        "metric.",
                        "model.",
                        "zone.",
                        "function.",
                        "preset.",
                        "summary.",
                        "assume.",
                        "basis.",
                        "cli.",
                        "error.",
                        "group.",
                        "import.",
                        "reason.",
                        "kit.",
                        "view.",
                        "present.",
                        "tour.",
                        "exercise.",
                        "report.",
                        "data.",
                        "link.",
                        "storage.",
                        "export.",
                        "open.",
                    ];
                    let looks_like_key = prefixes.iter().any(|p| lit.starts_with(p))
                        && lit.chars().all(|c| {
                            c.is_ascii_lowercase() || c == '.' || c == '_' || c.is_ascii_digit()
                        })
                        && !lit.ends_with('.');
                    if looks_like_key && !known.contains(&lit) {
                        missing.push(format!("{}: {lit}", p.display()));
                    }
                }
            }
        }
        missing.sort();
        missing.dedup();
        assert!(
            missing.is_empty(),
            "keys missing from the translation files: {missing:#?}"
        );
    }

    #[test]
    fn missing_key_falls_back_to_the_key_and_placeholders_fill() {
        assert_eq!(t(Lang::En, "no.such.key"), "no.such.key");
        assert_eq!(Lang::from_tag("en-GB"), Lang::En);
        assert_eq!(Lang::from_tag("zh-TW"), Lang::ZhCn);
        assert_eq!(Lang::from_tag("fr"), Lang::ZhCn);
        let s = tf(
            Lang::En,
            "summary.workload",
            &[
                ("mean", "1".into()),
                ("min", "0".into()),
                ("max", "2".into()),
                ("cv", "3".into()),
            ],
        );
        assert!(s.contains('1') && s.contains('2') && s.contains('3') && !s.contains('{'));
    }
}
