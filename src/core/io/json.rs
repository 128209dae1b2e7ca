//! The scenario JSON: saving (whole, or as a config without the lists) and loading with
//! migration of older schema versions.
//!
//! Versions: 0 = a bare `Settings` object (no `version`), 1 = a scenario before derived-field
//! markers and the lat/lon origin, 2 = now. Fields added since load with their defaults.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};
use thiserror::Error;

use super::derive::DeriveRules;
use super::error::{ImportError, ImportErrorKind, ImportErrors, Source};
use super::validate;
use crate::core::scenario::{Scenario, SCHEMA_VERSION};

const SRC: Source = Source::Scenario;

/// A loaded scenario JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub scenario: Scenario,
    /// The derivation rules saved with it (defaults when absent).
    pub rules: DeriveRules,
    /// Whether the file carried the lists (a config written by `generate` does not).
    pub has_customers: bool,
    pub has_managers: bool,
    /// The version the file was written in (before migration).
    pub from_version: u32,
}

#[derive(Serialize)]
struct Out<'a> {
    #[serde(flatten)]
    scenario: &'a Scenario,
    import_rules: &'a DeriveRules,
}

/// Writing a scenario as JSON failed: serde could not represent a value (the detail is
/// serde's own message, shown as it is).
#[derive(Debug, Clone, PartialEq, Error)]
#[error("cannot write the scenario as JSON: {0}")]
pub struct WriteError(pub String);

impl WriteError {
    /// Translation key of the error's text.
    pub fn key(&self) -> &'static str {
        "error.io.write_json"
    }

    /// The `{detail}` its text names.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        vec![("detail", self.0.clone())]
    }
}

fn write_error(e: serde_json::Error) -> WriteError {
    WriteError(e.to_string())
}

/// The whole scenario (lists included) as pretty JSON.
pub fn to_json(sc: &Scenario, rules: &DeriveRules) -> Result<String, WriteError> {
    let compact = serde_json::to_string(&Out {
        scenario: sc,
        import_rules: rules,
    })
    .map_err(write_error)?;
    Ok(pretty(&compact))
}

/// The scenario without its customers and managers (they go to CSV): settings, departments,
/// seed, origin and rules — what `generate` writes as scenario.json.
pub fn config_to_json(sc: &Scenario, rules: &DeriveRules) -> Result<String, WriteError> {
    let mut v = tree(&Out {
        scenario: sc,
        import_rules: rules,
    })
    .map_err(write_error)?;
    if let Some(o) = v.as_object_mut() {
        o.remove("customers");
        o.remove("managers");
    }
    Ok(pretty(&serde_json::to_string(&v).map_err(write_error)?))
}

// The page's wasm carries serde's code once per type and per reader or writer: the replies
// are read from bytes (`serde_json::from_slice`) and the requests written compactly
// (`serde_json::to_vec`). The JSON trees, the pretty files and the saved state go through those
// two as well, rather than through serde_json's `Value` reader and writer and its pretty writer,
// each of which would add a second copy of every type's code (about 100 KB of the page's wasm).

/// `t` as a JSON tree, by way of its compact text (what `serde_json::to_value` gives).
pub fn tree<T: Serialize + ?Sized>(t: &T) -> Result<Value, serde_json::Error> {
    serde_json::from_slice(&serde_json::to_vec(t)?)
}

/// A `T` read from the JSON tree `v` (what `serde_json::from_value` gives), its error worded
/// as that one's: without a place in a text the user never saw.
pub fn from_tree<T: DeserializeOwned>(v: &Value) -> Result<T, String> {
    let text = serde_json::to_vec(v).map_err(|e| e.to_string())?;
    serde_json::from_slice(&text).map_err(|e| {
        let msg = e.to_string();
        let place = format!(" at line {} column {}", e.line(), e.column());
        match msg.strip_suffix(&place) {
            Some(m) => m.to_string(),
            None => msg,
        }
    })
}

/// Compact JSON (as `serde_json::to_string` writes it: no whitespace outside strings) laid out
/// as `serde_json::to_string_pretty` lays it out: two spaces per level, `": "` after a key,
/// empty objects and arrays kept on one line.
pub fn pretty(compact: &str) -> String {
    let bytes = compact.as_bytes();
    let mut out = String::with_capacity(compact.len() + compact.len() / 4);
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n(' ', 2 * depth));
    };
    let mut depth = 0usize;
    // The text is copied in runs between its structural characters, which are ASCII: every cut
    // falls on a character boundary.
    let mut run = 0;
    let (mut in_string, mut escaped) = (false, false);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        i += 1;
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        if !matches!(b, b'{' | b'[' | b'}' | b']' | b',' | b':') {
            in_string = b == b'"';
            continue;
        }
        // The run before this character, and the character itself but for a closing one,
        // which goes after the line break.
        let closing = matches!(b, b'}' | b']');
        out.push_str(&compact[run..if closing { i - 1 } else { i }]);
        match b {
            // An empty object or array stays `{}` / `[]`.
            b'{' | b'[' if matches!(bytes.get(i), Some(b'}' | b']')) => {
                out.push_str(&compact[i..=i]);
                i += 1;
            }
            b'{' | b'[' => {
                depth += 1;
                newline(&mut out, depth);
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(char::from(b));
            }
            b',' => newline(&mut out, depth),
            _ => out.push(' '),
        }
        run = i;
    }
    out.push_str(&compact[run..]);
    out
}

fn bad(msg: impl Into<String>) -> ImportErrors {
    ImportError::file(SRC, ImportErrorKind::BadJson(msg.into())).into()
}

/// Brings an object of any known version to the current one.
fn migrate(mut o: Map<String, Value>) -> Result<(Map<String, Value>, u32), ImportErrors> {
    let from = match o.get("version") {
        None => 0,
        Some(v) => v
            .as_u64()
            .and_then(|v| u32::try_from(v).ok())
            .ok_or_else(|| bad("version is not a whole number"))?,
    };
    if from > SCHEMA_VERSION {
        return Err(ImportError::file(
            SRC,
            ImportErrorKind::NewerVersion {
                found: from,
                supported: SCHEMA_VERSION,
            },
        )
        .into());
    }
    if from == 0 && !o.contains_key("settings") {
        // Version 0: the object is the settings themselves.
        let settings = Value::Object(std::mem::take(&mut o));
        o.insert("settings".into(), settings);
    }
    // 0/1 → 2: derived markers and origin default (serde), nothing to move.
    o.insert("version".into(), Value::from(SCHEMA_VERSION));
    o.entry("source").or_insert_with(|| Value::from("config"));
    o.entry("seed").or_insert_with(|| Value::from(42u64));
    o.entry("departments")
        .or_insert_with(|| Value::Array(Vec::new()));
    o.entry("settings")
        .or_insert_with(|| Value::Object(Map::new()));
    Ok((o, from))
}

/// Loads a scenario JSON of any known version; the result is validated.
pub fn from_json(bytes: &[u8]) -> Result<Loaded, ImportErrors> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::file(SRC, ImportErrorKind::Empty).into());
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let v: Value = serde_json::from_slice(bytes).map_err(|e| bad(e.to_string()))?;
    let Value::Object(o) = v else {
        return Err(bad("expected an object"));
    };
    let (mut o, from_version) = migrate(o)?;
    let has_customers = o.contains_key("customers");
    let has_managers = o.contains_key("managers");
    o.entry("customers")
        .or_insert_with(|| Value::Array(Vec::new()));
    o.entry("managers")
        .or_insert_with(|| Value::Array(Vec::new()));
    let rules = match o.remove("import_rules") {
        Some(r) => from_tree(&r).map_err(|e| bad(format!("import_rules: {e}")))?,
        None => DeriveRules::default(),
    };
    let scenario: Scenario = from_tree(&Value::Object(o)).map_err(bad)?;
    let problems = validate::problems(&scenario);
    if !problems.is_empty() {
        let mut errs = super::error::Collector::default();
        for p in problems {
            errs.push(ImportError::file(SRC, ImportErrorKind::InvalidScenario(p)));
        }
        return Err(errs.into_err());
    }
    Ok(Loaded {
        scenario,
        rules,
        has_customers,
        has_managers,
        from_version,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::generate::{generate, Preset};

    /// The file's bytes are those of serde_json's pretty writer, key order included.
    #[test]
    fn to_json_writes_what_serde_jsons_pretty_writer_writes() {
        let mut sc = generate(Preset::Rural, 2).expect("preset");
        sc.customers_mut()[0].name = "a \"{[,:]}\" \\ 店".into();
        let rules = DeriveRules::default();
        let theirs = serde_json::to_string_pretty(&Out {
            scenario: &sc,
            import_rules: &rules,
        })
        .expect("pretty");
        assert_eq!(to_json(&sc, &rules).expect("json"), theirs);
        let mut v = serde_json::to_value(Out {
            scenario: &sc,
            import_rules: &rules,
        })
        .expect("value");
        if let Some(o) = v.as_object_mut() {
            o.remove("customers");
            o.remove("managers");
        }
        assert_eq!(
            config_to_json(&sc, &rules).expect("json"),
            serde_json::to_string_pretty(&v).expect("pretty")
        );
    }
}
