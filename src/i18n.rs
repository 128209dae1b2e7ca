//! Translation tables: every user-visible string comes from `static/i18n/<lang>.json`.
//!
//! The CLI and the worker compile the files in; the page fetches them from its own folder
//! before it starts (`web::start`), so its wasm stays small and the Learn texts cost nothing
//! until read. A test checks that both languages have the same keys and that every key the
//! code names exists.

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

    fn index(self) -> usize {
        match self {
            Lang::ZhCn => 0,
            Lang::En => 1,
        }
    }
}

/// A language's texts come in three files: the app's, the data layer's (imports, exports) and
/// the Learn view's and the assumptions panel's (long prose, kept apart from the UI labels).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    App,
    Data,
    Learn,
}

impl Part {
    pub const ALL: [Part; 3] = [Part::App, Part::Data, Part::Learn];

    /// The part's file for `lang`, as `static/i18n/` holds it and the page fetches it.
    pub fn file(self, lang: Lang) -> String {
        let prefix = match self {
            Part::App => "",
            Part::Data => "data.",
            Part::Learn => "learn.",
        };
        format!("{prefix}{}.json", lang.code())
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The texts compiled into the binary. The CLI and the tests read them directly; the worker
/// installs them (`install_compiled`). The page never names this function, so the linker
/// leaves the texts out of its wasm and the page fetches them instead (`install`).
fn compiled(lang: Lang, part: Part) -> &'static str {
    match (lang, part) {
        (Lang::ZhCn, Part::App) => include_str!("../static/i18n/zh-CN.json"),
        (Lang::ZhCn, Part::Data) => include_str!("../static/i18n/data.zh-CN.json"),
        (Lang::ZhCn, Part::Learn) => include_str!("../static/i18n/learn.zh-CN.json"),
        (Lang::En, Part::App) => include_str!("../static/i18n/en.json"),
        (Lang::En, Part::Data) => include_str!("../static/i18n/data.en.json"),
        (Lang::En, Part::Learn) => include_str!("../static/i18n/learn.en.json"),
    }
}

type Table = BTreeMap<String, String>;

// Consts only as the arrays' initialisers: each array element is a fresh, empty cell.
#[allow(clippy::declare_interior_mutable_const)] // reason: initialiser only, never read
const EMPTY: OnceLock<Table> = OnceLock::new();
#[allow(clippy::declare_interior_mutable_const)] // reason: initialiser only, never read
const LANGUAGE: [OnceLock<Table>; 3] = [EMPTY; 3];
static TABLES: [[OnceLock<Table>; 3]; 2] = [LANGUAGE; 2];

fn cell(lang: Lang, part: Part) -> &'static OnceLock<Table> {
    &TABLES[lang.index()][part.index()]
}

/// The part's table: natively the compiled texts, read on first use; in wasm what was
/// installed, if anything yet.
fn table(lang: Lang, part: Part) -> Option<&'static Table> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        // A malformed file is caught by the tests; at run time it degrades to showing keys.
        Some(cell(lang, part).get_or_init(|| {
            serde_json::from_str::<Table>(compiled(lang, part)).unwrap_or_default()
        }))
    }
    #[cfg(target_arch = "wasm32")]
    {
        cell(lang, part).get()
    }
}

/// Installs a part's texts from its file's JSON. `false` when the text is not a translation
/// file (nothing is installed) or the part was installed already (the first stays).
pub fn install(lang: Lang, part: Part, json: &str) -> bool {
    // Read from bytes, as the worker's replies are: one JSON reader in the page's wasm.
    match serde_json::from_slice::<Table>(json.as_bytes()) {
        Ok(t) => cell(lang, part).set(t).is_ok(),
        Err(_) => false,
    }
}

/// Installs every part of both languages from the compiled texts (the worker: its exports
/// and messages speak the page's language without a fetch).
pub fn install_compiled() {
    for lang in Lang::ALL {
        for part in Part::ALL {
            install(lang, part, compiled(lang, part));
        }
    }
}

/// Whether the part's texts are there to read.
pub fn installed(lang: Lang, part: Part) -> bool {
    table(lang, part).is_some()
}

/// The text of `key` in `lang`; the key itself when missing (never a panic).
pub fn t(lang: Lang, key: &str) -> &str {
    Part::ALL
        .iter()
        .filter_map(|&p| table(lang, p)?.get(key))
        .map(String::as_str)
        .next()
        .unwrap_or(key)
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
    let mut all: Vec<&'static str> = Part::ALL
        .iter()
        .filter_map(|&p| table(lang, p))
        .flat_map(|t| t.keys().map(String::as_str))
        .collect();
    all.sort_unstable();
    all.dedup();
    all
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
    fn the_files_the_page_fetches_are_the_compiled_ones() {
        for l in Lang::ALL {
            for p in Part::ALL {
                let path = format!("{}/static/i18n/{}", env!("CARGO_MANIFEST_DIR"), p.file(l));
                let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
                assert_eq!(on_disk, compiled(l, p), "{path}");
                assert!(installed(l, p));
                // Installed once: a second install (the page's fetch arriving late) is refused
                // and the texts stay.
                assert!(!install(l, p, "{\"app.panic\": \"x\"}"));
                assert_ne!(t(l, "app.panic"), "x");
            }
        }
        assert!(!install(Lang::En, Part::App, "not json"));
    }

    #[test]
    fn both_files_parse_and_have_the_same_keys() {
        for l in Lang::ALL {
            let mut seen = 0;
            for p in Part::ALL {
                let parsed: Result<Table, _> = serde_json::from_str(compiled(l, p));
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
