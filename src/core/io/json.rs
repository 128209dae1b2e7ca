//! The scenario JSON: saving (whole, or as a config without the lists) and loading with
//! migration of older schema versions.
//!
//! Versions: 0 = a bare `Settings` object (no `version`), 1 = a scenario before derived-field
//! markers and the lat/lon origin, 2 = now. Fields added since load with their defaults.

use serde::{Deserialize, Serialize};
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
    serde_json::to_string_pretty(&Out {
        scenario: sc,
        import_rules: rules,
    })
    .map_err(write_error)
}

/// The scenario without its customers and managers (they go to CSV): settings, departments,
/// seed, origin and rules — what `generate` writes as scenario.json.
pub fn config_to_json(sc: &Scenario, rules: &DeriveRules) -> Result<String, WriteError> {
    let mut v = serde_json::to_value(Out {
        scenario: sc,
        import_rules: rules,
    })
    .map_err(write_error)?;
    if let Some(o) = v.as_object_mut() {
        o.remove("customers");
        o.remove("managers");
    }
    serde_json::to_string_pretty(&v).map_err(write_error)
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
        Some(r) => DeriveRules::deserialize(r).map_err(|e| bad(format!("import_rules: {e}")))?,
        None => DeriveRules::default(),
    };
    let scenario: Scenario =
        serde_json::from_value(Value::Object(o)).map_err(|e| bad(e.to_string()))?;
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
