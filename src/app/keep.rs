//! Keep and share: the page's state as an autosave envelope (`save`/`restore`, a string the page
//! puts in localStorage) and as a shareable link (`to_fragment`/`from_fragment`, the URL part
//! after `#`). Pure functions over strings, tested natively; `web` only moves the strings.
//!
//! Both ways in run the same checks (`check`): whatever a stored envelope or a pasted link
//! holds, the page gets either a state it can run or a typed error naming the bad field, never a
//! panic. UI preferences (language, view, hidden models) fall back to defaults instead of
//! failing, so a page that changed its views still restores the run a user kept.
//!
//! The link format: `p=county&s=42&w=8&r=3&h=19&n=3000&x=…&k=…`, fields in that order, those
//! equal to their defaults left out (`w` 4, `r` 1, `h`/`n`/`x`/`k` absent). `k` is the locks,
//! the JSON list of `[customer id, manager id]` pairs, percent-encoded. `x` is the JSON of the
//! settings that differ from the preset's own (`Preset::settings`): objects recursed into, a
//! list of rules (`functions`) of unchanged length by index (`{"functions":{"0":{…}}}`), other
//! arrays replaced whole; percent-encoded (RFC 3986 unreserved characters kept).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use thiserror::Error;

use super::limits::{MAX_HEADCOUNT, MAX_PRESET_CUSTOMERS, MAX_REPLICATIONS, MIN_CUSTOMERS};
use super::message::{Explain, Message};
use crate::core::generate::Preset;
use crate::core::io::{self, json, validate, DeriveRules, ImportErrors, Loaded};
use crate::core::models::locks::Lock;
use crate::core::scenario::Scenario;
use crate::core::settings::Settings;
use crate::i18n::Lang;

/// Version of the autosave envelope; a newer one is refused (a newer page wrote it).
pub const SAVED_VERSION: u32 = 1;

/// The horizon and replications a link leaves out.
pub const DEFAULT_WEEKS: u32 = 4;
pub const DEFAULT_REPLICATIONS: u32 = 1;

use super::limits::MAX_WEEKS;

/// The page's views by id, the first the default.
pub const VIEWS: [&str; 7] = [
    "compare",
    "map",
    "calendar",
    "staffing",
    "learn",
    "exercises",
    "report",
];

/// A field of the envelope or the link, as errors name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Version,
    Preset,
    Seed,
    Weeks,
    Replications,
    Settings,
    Headcount,
    Customers,
    Scenario,
    Locks,
}

impl Field {
    /// The field's name in the envelope's JSON.
    pub fn id(self) -> &'static str {
        match self {
            Field::Version => "version",
            Field::Preset => "preset",
            Field::Seed => "seed",
            Field::Weeks => "weeks",
            Field::Replications => "replications",
            Field::Settings => "settings",
            Field::Headcount => "headcount",
            Field::Customers => "customers",
            Field::Scenario => "scenario",
            Field::Locks => "locks",
        }
    }

    /// The field's one-letter name in a link (`None`: not in links).
    pub fn short(self) -> Option<&'static str> {
        Some(match self {
            Field::Preset => "p",
            Field::Seed => "s",
            Field::Weeks => "w",
            Field::Replications => "r",
            Field::Headcount => "h",
            Field::Customers => "n",
            Field::Settings => "x",
            Field::Locks => "k",
            Field::Version | Field::Scenario => return None,
        })
    }

    /// Translation key of the field's name.
    pub fn key(self) -> &'static str {
        match self {
            Field::Version => "kit.field.version",
            Field::Preset => "kit.field.preset",
            Field::Seed => "kit.field.seed",
            Field::Weeks => "kit.field.weeks",
            Field::Replications => "kit.field.replications",
            Field::Settings => "kit.field.settings",
            Field::Headcount => "kit.field.headcount",
            Field::Customers => "kit.field.customers",
            Field::Scenario => "kit.field.scenario",
            Field::Locks => "kit.field.locks",
        }
    }

    const LINK: [Field; 8] = [
        Field::Preset,
        Field::Seed,
        Field::Weeks,
        Field::Replications,
        Field::Headcount,
        Field::Customers,
        Field::Settings,
        Field::Locks,
    ];
}

/// Why a saved state or a link cannot be used. `key()` names its text in the translation files;
/// `args()` fills its placeholders; `field()` says which field is bad.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KitError {
    #[error("the saved state is not a readable envelope: {0}")]
    BadEnvelope(String),
    #[error("the saved state has version {found}, newer than this page ({supported})")]
    NewerVersion { found: u32, supported: u32 },
    #[error("the {} field is missing", .0.id())]
    Missing(Field),
    #[error("the {} field appears twice", .0.id())]
    Duplicate(Field),
    #[error("unknown link field '{0}'")]
    UnknownField(String),
    #[error("{}: '{value}' is not a whole number", field.id())]
    NotANumber { field: Field, value: String },
    #[error("{}: the percent-encoding is broken", .0.id())]
    BadEncoding(Field),
    #[error("unknown preset '{value}': expected one of {accepted}")]
    UnknownPreset { value: String, accepted: String },
    #[error("{}: {value} is outside {min}..={max}", field.id())]
    OutOfRange {
        field: Field,
        value: String,
        min: String,
        max: String,
    },
    #[error("invalid settings: {0}")]
    InvalidSettings(String),
    #[error("the saved scenario cannot be loaded: {0}")]
    BadScenario(ImportErrors),
    #[error("the state cannot be written: {0}")]
    Save(String),
}

impl KitError {
    /// Translation key of the error's text.
    pub fn key(&self) -> &'static str {
        match self {
            KitError::BadEnvelope(_) => "kit.error.bad_envelope",
            KitError::NewerVersion { .. } => "kit.error.newer_version",
            KitError::Missing(_) => "kit.error.missing",
            KitError::Duplicate(_) => "kit.error.duplicate",
            KitError::UnknownField(_) => "kit.error.unknown_field",
            KitError::NotANumber { .. } => "kit.error.not_a_number",
            KitError::BadEncoding(_) => "kit.error.bad_encoding",
            KitError::UnknownPreset { .. } => "kit.error.unknown_preset",
            KitError::OutOfRange { .. } => "kit.error.out_of_range",
            KitError::InvalidSettings(_) => "kit.error.invalid_settings",
            KitError::BadScenario(_) => "kit.error.bad_scenario",
            KitError::Save(_) => "kit.error.save",
        }
    }

    /// The field the error is about, when it is about one.
    pub fn field(&self) -> Option<Field> {
        match self {
            KitError::NewerVersion { .. } => Some(Field::Version),
            KitError::Missing(f) | KitError::Duplicate(f) | KitError::BadEncoding(f) => Some(*f),
            KitError::NotANumber { field, .. } | KitError::OutOfRange { field, .. } => Some(*field),
            KitError::UnknownPreset { .. } => Some(Field::Preset),
            KitError::InvalidSettings(_) => Some(Field::Settings),
            KitError::BadScenario(_) => Some(Field::Scenario),
            KitError::BadEnvelope(_) | KitError::UnknownField(_) | KitError::Save(_) => None,
        }
    }

    /// The placeholders of the error's text. `{field}` is the field's id; the page may show
    /// the translation of `Field::key` instead.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        let mut a = Vec::new();
        if let Some(f) = self.field() {
            a.push(("field", f.id().to_string()));
        }
        match self {
            KitError::BadEnvelope(d) | KitError::InvalidSettings(d) | KitError::Save(d) => {
                a.push(("detail", d.clone()))
            }
            KitError::BadScenario(e) => a.push(("detail", e.to_string())),
            KitError::NewerVersion { found, supported } => {
                a.push(("found", found.to_string()));
                a.push(("supported", supported.to_string()));
            }
            KitError::UnknownField(v) | KitError::NotANumber { value: v, .. } => {
                a.push(("value", v.clone()))
            }
            KitError::UnknownPreset { value, accepted } => {
                a.push(("value", value.clone()));
                a.push(("accepted", accepted.clone()));
            }
            KitError::OutOfRange {
                value, min, max, ..
            } => {
                a.push(("value", value.clone()));
                a.push(("min", min.clone()));
                a.push(("max", max.clone()));
            }
            KitError::Missing(_) | KitError::Duplicate(_) | KitError::BadEncoding(_) => {}
        }
        a
    }
}

impl Explain for KitError {
    /// The field is named in the reader's language (its `Field::key`), the values as they are.
    fn message(&self) -> Message {
        let values = self.args().into_iter().filter(|(name, _)| *name != "field");
        let m = Message::of(self.key(), values);
        match self.field() {
            Some(f) => m.with_term("field", f.key()),
            None => m,
        }
    }
}

/// What a link carries: the run, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub preset: Preset,
    pub seed: u64,
    /// Horizon in weeks, 1..=MAX_WEEKS (wins over `settings.weeks`, as in `protocol::Request`).
    pub weeks: u32,
    /// 1..=limits::MAX_REPLICATIONS.
    pub replications: u32,
    /// The what-if settings; `None`: the preset's own. Settings equal to the preset's own are
    /// the same run and come back from a link as `None`.
    pub settings: Option<Settings>,
    /// Customer managers kept, 1..=limits::MAX_HEADCOUNT; `None`: the preset's staff.
    pub headcount: Option<usize>,
    /// The preset's size in customers, limits::MIN_CUSTOMERS up to
    /// limits::MAX_PRESET_CUSTOMERS (an imported list: up to its size); `None`: the preset's
    /// own.
    pub customers: Option<usize>,
    /// Customers kept with a chosen manager in every model (customer id, manager id), in
    /// customer id order.
    pub locks: Vec<Lock>,
}

impl Link {
    /// The preset's own run: default horizon and replications, nothing changed.
    pub fn new(preset: Preset, seed: u64) -> Link {
        Link {
            preset,
            seed,
            weeks: DEFAULT_WEEKS,
            replications: DEFAULT_REPLICATIONS,
            settings: None,
            headcount: None,
            customers: None,
            locks: Vec::new(),
        }
    }
}

fn default_weeks() -> u32 {
    DEFAULT_WEEKS
}

fn default_replications() -> u32 {
    DEFAULT_REPLICATIONS
}

/// The autosave envelope as stored. Fields are raw (strings, plain numbers): `restore` checks
/// them. Fields after `seed` may be missing (older envelopes) and then take their defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub version: u32,
    /// Preset id (`Preset::id`).
    pub preset: String,
    pub seed: u64,
    #[serde(default = "default_weeks")]
    pub weeks: u32,
    #[serde(default = "default_replications")]
    pub replications: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<Settings>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headcount: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customers: Option<usize>,
    /// The page's locks (customer id → manager id).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locks: Vec<Lock>,
    /// Models left out of the comparison (comparison order).
    #[serde(default)]
    pub hidden: [bool; 5],
    /// Language code (`Lang::code`); empty: none chosen.
    #[serde(default)]
    pub lang: String,
    /// View id (one of `VIEWS`).
    #[serde(default)]
    pub view: String,
    /// An imported scenario replacing the preset, as `core::io::to_json` writes it: the same
    /// versioned format as a saved scenario file, so older ones migrate on restore.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
}

impl Saved {
    /// The envelope of `link`, with no preferences and no imported scenario.
    pub fn from_link(link: &Link) -> Saved {
        Saved {
            version: SAVED_VERSION,
            preset: link.preset.id().to_string(),
            seed: link.seed,
            weeks: link.weeks,
            replications: link.replications,
            settings: link.settings.clone(),
            headcount: link.headcount,
            customers: link.customers,
            locks: link.locks.clone(),
            hidden: [false; 5],
            lang: String::new(),
            view: String::new(),
            scenario: None,
        }
    }

    /// Keeps `sc` (with the derivation rules it was imported with) in the envelope.
    pub fn set_scenario(&mut self, sc: &Scenario, rules: &DeriveRules) -> Result<(), KitError> {
        self.scenario = Some(io::to_json(sc, rules).map_err(|e| KitError::Save(e.to_string()))?);
        Ok(())
    }
}

/// What a browser's storage holds for one site, in UTF-16 code units (Chromium and Firefox: 5 Mi;
/// measured in headless Chromium: 5,241,856 of them for one value).
pub const STORAGE_UNITS: usize = 5 * 1024 * 1024;

/// Customers measured by `stored_units_estimate`: spread evenly through the list.
const SAMPLED_CUSTOMERS: usize = 200;

/// About how many UTF-16 code units `sc`'s customers take as compact JSON: those of customers
/// sampled evenly through the list, scaled to all of them (ids and names are of like length
/// across a list; the rest of a customer is numbers and field names). The stored text is
/// longer: pretty-printed, its quotes escaped inside the envelope, with the settings and
/// managers (1.7 times the estimate for the rural preset).
pub fn stored_units_estimate(sc: &Scenario) -> usize {
    let n = sc.customers.len();
    let step = (n / SAMPLED_CUSTOMERS).max(1);
    let (mut units, mut sampled) = (0usize, 0usize);
    for c in sc.customers.iter().step_by(step) {
        units += serde_json::to_string(c).map_or(0, |s| s.encode_utf16().count());
        sampled += 1;
    }
    units
        .checked_div(sampled)
        .map_or(0, |per| per.saturating_mul(n))
}

/// Whether `sc` may fit in `room` code units of storage: false when its customers alone are
/// estimated at more than the room. The page then saves the rest without trying: writing a
/// province's list (300,000 customers) only to have the browser refuse it held the page for
/// 2.5 s at every change.
pub fn may_fit(sc: &Scenario, room: usize) -> bool {
    stored_units_estimate(sc) <= room
}

/// A restored envelope: the run, checked, the preferences (defaults where unknown) and the
/// imported scenario, migrated and validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Restored {
    pub link: Link,
    /// At least two models shown; otherwise none hidden.
    pub hidden: [bool; 5],
    /// `None`: none saved or unknown (the page then picks by the browser's language).
    pub lang: Option<Lang>,
    /// One of `VIEWS` (the first when the saved one is unknown).
    pub view: &'static str,
    /// The imported scenario with its rules and the version it was saved in.
    pub scenario: Option<Loaded>,
}

/// The envelope as the text the page stores.
pub fn save(saved: &Saved) -> Result<String, KitError> {
    serde_json::to_string(saved).map_err(|e| KitError::Save(e.to_string()))
}

/// Reads an envelope written by `save` (this version or an older one).
pub fn restore(text: &str) -> Result<Restored, KitError> {
    let v: Value = serde_json::from_slice(text.as_bytes())
        .map_err(|e| KitError::BadEnvelope(e.to_string()))?;
    let Value::Object(o) = v else {
        return Err(KitError::BadEnvelope("expected an object".into()));
    };
    // The version first: a newer page may have changed the shape, and "newer" is the useful
    // message then, not whatever field fails to parse.
    let version = match o.get("version") {
        None => return Err(KitError::Missing(Field::Version)),
        Some(v) => v
            .as_u64()
            .and_then(|v| u32::try_from(v).ok())
            .ok_or_else(|| KitError::NotANumber {
                field: Field::Version,
                value: v.to_string(),
            })?,
    };
    if version > SAVED_VERSION {
        return Err(KitError::NewerVersion {
            found: version,
            supported: SAVED_VERSION,
        });
    }
    let saved: Saved = json::from_tree(&Value::Object(o)).map_err(KitError::BadEnvelope)?;
    let scenario = match &saved.scenario {
        Some(text) => Some(io::from_json(text.as_bytes()).map_err(KitError::BadScenario)?),
        None => None,
    };
    let link = check(
        Raw {
            preset: &saved.preset,
            seed: saved.seed,
            weeks: u64::from(saved.weeks),
            replications: u64::from(saved.replications),
            settings: saved.settings,
            headcount: saved.headcount.map(|n| n as u64),
            customers: saved.customers.map(|n| n as u64),
            locks: saved.locks,
        },
        scenario.as_ref().map(|l| &l.scenario),
    )?;
    let hidden = if saved.hidden.iter().filter(|h| !**h).count() >= 2 {
        saved.hidden
    } else {
        [false; 5]
    };
    Ok(Restored {
        link,
        hidden,
        lang: Lang::ALL.into_iter().find(|l| l.code() == saved.lang),
        view: VIEWS
            .into_iter()
            .find(|v| *v == saved.view)
            .unwrap_or(VIEWS[0]),
        scenario,
    })
}

/// A run as read, before any check: numbers wide enough that an out-of-range value is reported
/// as such rather than as a parse failure.
struct Raw<'a> {
    preset: &'a str,
    seed: u64,
    weeks: u64,
    replications: u64,
    settings: Option<Settings>,
    headcount: Option<u64>,
    customers: Option<u64>,
    locks: Vec<Lock>,
}

/// `value` if within `min..=max`, in the type the page keeps it in.
fn bounded<T: TryFrom<u64>>(field: Field, value: u64, min: u64, max: u64) -> Result<T, KitError> {
    let out_of_range = || KitError::OutOfRange {
        field,
        value: value.to_string(),
        min: min.to_string(),
        max: max.to_string(),
    };
    if !(min..=max).contains(&value) {
        return Err(out_of_range());
    }
    // The bounds fit `T`, so this holds; a bound changed beyond `T` is an error, not a
    // truncation.
    T::try_from(value).map_err(|_| out_of_range())
}

/// The checks of both ways in: the preset known, numbers in the page's ranges (those of
/// `request_scenario::scenario_of`), and the settings valid by the same validation as an imported scenario
/// (`validate::problems`), applied to `imported` when the run replaces the preset with one.
fn check(raw: Raw<'_>, imported: Option<&Scenario>) -> Result<Link, KitError> {
    let preset = Preset::ALL
        .into_iter()
        .find(|p| p.id() == raw.preset)
        .ok_or_else(|| KitError::UnknownPreset {
            value: raw.preset.chars().take(40).collect(),
            accepted: Preset::ALL.map(Preset::id).join(", "),
        })?;
    let weeks = bounded(Field::Weeks, raw.weeks, 1, u64::from(MAX_WEEKS))?;
    let replications = bounded(
        Field::Replications,
        raw.replications,
        1,
        u64::from(MAX_REPLICATIONS),
    )?;
    let headcount = raw
        .headcount
        .map(|n| bounded(Field::Headcount, n, 1, MAX_HEADCOUNT as u64))
        .transpose()?;
    // An imported list is kept in part, up to its size; a preset grows up to the largest
    // preset (the worker's assembler checks the same bounds).
    let most = imported.map_or(MAX_PRESET_CUSTOMERS, |sc| sc.customers.len()) as u64;
    let customers = raw
        .customers
        .map(|n| bounded(Field::Customers, n, MIN_CUSTOMERS as u64, most))
        .transpose()?;
    // The scenario the worker would run, without its lists unless imported: the settings'
    // own problems, and with an imported scenario its customers' classes against them.
    let mut probe = match imported {
        Some(sc) => sc.clone(),
        None => Scenario::empty(raw.seed),
    };
    if imported.is_none() || raw.settings.is_some() {
        probe.settings = raw.settings.clone().unwrap_or_else(|| preset.settings());
    }
    probe.settings.weeks = weeks;
    let problems = validate::problems(&probe);
    if !problems.is_empty() {
        return Err(KitError::InvalidSettings(problems.join("; ")));
    }
    Ok(Link {
        preset,
        seed: raw.seed,
        weeks,
        replications,
        settings: raw.settings,
        headcount,
        customers,
        locks: tidy_locks(raw.locks),
    })
}

/// Locks in customer id order, one per customer (the last one named wins, as the page's
/// map of them keeps it).
fn tidy_locks(locks: Vec<Lock>) -> Vec<Lock> {
    let by_customer: std::collections::BTreeMap<String, String> =
        locks.into_iter().map(|l| (l.customer, l.manager)).collect();
    by_customer
        .into_iter()
        .map(|(customer, manager)| Lock { customer, manager })
        .collect()
}

/// The link's fragment (without the `#`).
pub fn to_fragment(link: &Link) -> String {
    let mut parts = vec![
        format!("p={}", link.preset.id()),
        format!("s={}", link.seed),
    ];
    if link.weeks != DEFAULT_WEEKS {
        parts.push(format!("w={}", link.weeks));
    }
    if link.replications != DEFAULT_REPLICATIONS {
        parts.push(format!("r={}", link.replications));
    }
    if let Some(h) = link.headcount {
        parts.push(format!("h={h}"));
    }
    if let Some(n) = link.customers {
        parts.push(format!("n={n}"));
    }
    if let Some(x) = link
        .settings
        .as_ref()
        .and_then(|s| settings_diff(link.preset, s))
    {
        parts.push(format!("x={}", percent_encode(&x)));
    }
    if !link.locks.is_empty() {
        let pairs: Vec<[&str; 2]> = link
            .locks
            .iter()
            .map(|l| [l.customer.as_str(), l.manager.as_str()])
            .collect();
        if let Ok(k) = serde_json::to_string(&pairs) {
            parts.push(format!("k={}", percent_encode(&k)));
        }
    }
    parts.join("&")
}

/// Reads a fragment written by `to_fragment` (a leading `#` is allowed), checked like a
/// restored envelope.
pub fn from_fragment(fragment: &str) -> Result<Link, KitError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let mut values: [Option<String>; 8] = Default::default();
    // Empty parts (`a=1&&b=2`, a trailing `&`) are harmless: skipped.
    for part in fragment.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = part.split_once('=').unwrap_or((part, ""));
        let Some(i) = Field::LINK.iter().position(|f| f.short() == Some(name)) else {
            return Err(KitError::UnknownField(name.chars().take(40).collect()));
        };
        let field = Field::LINK[i];
        let slot = &mut values[i];
        if slot.is_some() {
            return Err(KitError::Duplicate(field));
        }
        *slot = Some(percent_decode(value).ok_or(KitError::BadEncoding(field))?);
    }
    let [p, s, w, r, h, n, x, k] = values;
    let number = |field: Field, v: Option<String>| -> Result<Option<u64>, KitError> {
        v.map(|v| parse_u64(&v).ok_or_else(|| not_a_number(field, &v)))
            .transpose()
    };
    let preset = p.ok_or(KitError::Missing(Field::Preset))?;
    let seed = number(Field::Seed, s)?.ok_or(KitError::Missing(Field::Seed))?;
    let weeks = number(Field::Weeks, w)?.unwrap_or(u64::from(DEFAULT_WEEKS));
    let replications = number(Field::Replications, r)?.unwrap_or(u64::from(DEFAULT_REPLICATIONS));
    let headcount = number(Field::Headcount, h)?;
    let customers = number(Field::Customers, n)?;
    let locks = match k {
        Some(k) => serde_json::from_slice::<Vec<(String, String)>>(k.as_bytes())
            .map_err(|_| KitError::BadEncoding(Field::Locks))?
            .into_iter()
            .map(|(customer, manager)| Lock { customer, manager })
            .collect(),
        None => Vec::new(),
    };
    // The settings are relative to the preset's: an unknown preset is the error to report.
    let base = Preset::ALL.into_iter().find(|q| q.id() == preset);
    let settings = match (x, base) {
        (Some(x), Some(base)) => Some(apply_diff(base, &x)?),
        _ => None,
    };
    check(
        Raw {
            preset: &preset,
            seed,
            weeks,
            replications,
            settings,
            headcount,
            customers,
            locks,
        },
        None,
    )
}

fn not_a_number(field: Field, v: &str) -> KitError {
    KitError::NotANumber {
        field,
        value: v.chars().take(40).collect(),
    }
}

/// Digits only (`str::parse` would also take a `+`), up to `u64::MAX`.
fn parse_u64(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// The JSON of what `s` changes from `preset`'s own settings (`None`: nothing).
fn settings_diff(preset: Preset, s: &Settings) -> Option<String> {
    let base = json::tree(&preset.settings()).ok()?;
    let target = json::tree(s).ok()?;
    diff(&base, &target).map(|d| d.to_string())
}

/// Whether an array holds objects or arrays (a list of rules), not plain values.
fn structured(a: &[Value]) -> bool {
    a.iter().any(|v| v.is_object() || v.is_array())
}

/// The parts of `target` that differ from `base`: objects key by key; an array of rules of the
/// same length element by element, as an object keyed by index (`{"0": …}`), so one changed
/// minute does not copy every function's rule into the link; anything else (plain arrays
/// included) whole. A key `base` has and `target` lacks (an optional setting cleared) is null.
fn diff(base: &Value, target: &Value) -> Option<Value> {
    match (base, target) {
        (Value::Object(b), Value::Object(t)) => {
            let mut out = Map::new();
            for (k, tv) in t {
                let d = match b.get(k) {
                    Some(bv) => diff(bv, tv),
                    None => Some(tv.clone()),
                };
                if let Some(d) = d {
                    out.insert(k.clone(), d);
                }
            }
            for k in b.keys().filter(|k| !t.contains_key(*k)) {
                out.insert(k.clone(), Value::Null);
            }
            (!out.is_empty()).then_some(Value::Object(out))
        }
        (Value::Array(b), Value::Array(t))
            if b.len() == t.len() && (structured(b) || structured(t)) =>
        {
            let out: Map<String, Value> = b
                .iter()
                .zip(t)
                .enumerate()
                .filter_map(|(i, (bv, tv))| diff(bv, tv).map(|d| (i.to_string(), d)))
                .collect();
            (!out.is_empty()).then_some(Value::Object(out))
        }
        _ => (base != target).then(|| target.clone()),
    }
}

/// The element of `a` an index key names (digits only).
fn element<'a>(a: &'a mut [Value], key: &str) -> Option<&'a mut Value> {
    a.get_mut(parse_u64(key).and_then(|i| usize::try_from(i).ok())?)
}

/// Puts `d` over `base` (the inverse of `diff`): objects key by key, an object over an array
/// index by index, anything else replaced. `Err` names a path that is not in `base`'s array.
fn patch(base: &mut Value, d: Value) -> Result<(), String> {
    match (base, d) {
        (Value::Object(b), Value::Object(d)) => {
            for (k, v) in d {
                match b.get_mut(&k) {
                    Some(bv) if v.is_object() && (bv.is_object() || bv.is_array()) => {
                        patch(bv, v).map_err(|p| format!("{k}.{p}"))?
                    }
                    _ => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (Value::Array(b), Value::Object(d)) => {
            for (k, v) in d {
                let Some(bv) = element(b, &k) else {
                    return Err(k);
                };
                patch(bv, v).map_err(|p| format!("{k}.{p}"))?;
            }
        }
        (b, d) => *b = d,
    }
    Ok(())
}

/// The first key path of `d` (other than a null, which clears) that `full` does not have: a
/// setting the program does not know, which serde would otherwise drop without a word.
fn unknown_path(full: &Value, d: &Value) -> Option<String> {
    let Value::Object(d) = d else {
        return None;
    };
    for (k, v) in d {
        let inner = match full {
            Value::Object(f) => f.get(k),
            Value::Array(a) => parse_u64(k)
                .and_then(|i| usize::try_from(i).ok())
                .and_then(|i| a.get(i)),
            _ => None,
        };
        match inner {
            None if !v.is_null() => return Some(k.clone()),
            Some(fv) => {
                if let Some(rest) = unknown_path(fv, v) {
                    return Some(format!("{k}.{rest}"));
                }
            }
            None => {}
        }
    }
    None
}

/// The settings a link's `x` describes over `preset`'s own.
fn apply_diff(preset: Preset, x: &str) -> Result<Settings, KitError> {
    let bad = |e: String| KitError::InvalidSettings(e);
    let d: Value = serde_json::from_slice(x.as_bytes()).map_err(|e| bad(e.to_string()))?;
    if !d.is_object() {
        return Err(bad("expected an object".into()));
    }
    let mut v = json::tree(&preset.settings()).map_err(|e| bad(e.to_string()))?;
    patch(&mut v, d.clone()).map_err(|p| bad(format!("unknown setting {p}")))?;
    let s: Settings = json::from_tree(&v).map_err(bad)?;
    let full = json::tree(&s).map_err(|e| bad(e.to_string()))?;
    if let Some(path) = unknown_path(&full, &d) {
        return Err(bad(format!("unknown setting {path}")));
    }
    Ok(s)
}

/// RFC 3986 percent-encoding: unreserved characters (letters, digits, `-._~`) kept, every other
/// byte of the UTF-8 text as `%XX`. Written here because it is a dozen lines and no crate in
/// the tree offers it.
fn percent_encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

/// The text of a percent-encoded string; `None` for a broken `%` or bytes that are not UTF-8.
/// Characters left unencoded (a browser may decode some) are kept as they are.
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'%' {
            let hi = char::from(*b.get(i + 1)?).to_digit(16)?;
            let lo = char::from(*b.get(i + 2)?).to_digit(16)?;
            out.push(u8::try_from(hi * 16 + lo).ok()?);
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::t;
    use proptest::prelude::*;

    #[test]
    fn the_storage_estimate_is_near_the_list_as_stored_and_decides_whether_to_try() {
        let sc = crate::core::generate::generate(Preset::Rural, 7).expect("preset");
        let rules = DeriveRules::default();
        let estimate = stored_units_estimate(&sc);
        let mut saved = Saved::from_link(&Link::new(Preset::Rural, 7));
        saved.set_scenario(&sc, &rules).expect("json");
        let stored = save(&saved).expect("save").encode_utf16().count();
        // Below the stored text (pretty, escaped, with settings and managers), and not far.
        assert!(estimate <= stored, "{estimate} > {stored}");
        assert!(estimate * 2 >= stored, "{estimate} far below {stored}");
        // The customers' compact JSON itself, within the sampling's error.
        let exact: usize = sc
            .customers
            .iter()
            .map(|c| {
                serde_json::to_string(c)
                    .expect("json")
                    .encode_utf16()
                    .count()
            })
            .sum();
        assert!(
            estimate.abs_diff(exact) * 50 <= exact,
            "{estimate} vs {exact}"
        );
        assert!(may_fit(&sc, stored));
        assert!(may_fit(&sc, estimate));
        assert!(!may_fit(&sc, estimate - 1));
        assert!(may_fit(&Scenario::empty(1), 0), "an empty list always fits");
    }

    #[test]
    fn percent_encoding_keeps_unreserved_and_round_trips_utf8() {
        assert_eq!(percent_encode("aZ09-._~"), "aZ09-._~");
        assert_eq!(percent_encode("{\"a\":1}"), "%7B%22a%22%3A1%7D");
        assert_eq!(percent_encode("甲"), "%E7%94%B2");
        assert_eq!(percent_decode("%e7%94%b2").as_deref(), Some("甲"));
        assert_eq!(percent_decode("a+b").as_deref(), Some("a+b"));
        for broken in ["%", "%4", "%G0", "%FF", "%E7%94"] {
            assert_eq!(percent_decode(broken), None, "{broken}");
        }
    }

    #[test]
    fn numbers_are_digits_only() {
        assert_eq!(parse_u64("0042"), Some(42));
        assert_eq!(parse_u64("18446744073709551615"), Some(u64::MAX));
        for bad in ["", "+1", "-1", "1e3", " 1", "18446744073709551616"] {
            assert_eq!(parse_u64(bad), None, "{bad}");
        }
    }

    #[test]
    fn diff_goes_into_objects_and_rule_lists_and_patch_undoes_it() {
        let base = serde_json::json!({
            "a": 1,
            "b": {"c": [1, 2], "d": true},
            "e": "x",
            "f": [{"m": [1, 2]}, {"m": [3]}],
        });
        let target = serde_json::json!({
            "a": 1,
            "b": {"c": [1, 3], "d": true},
            "f": [{"m": [1, 2]}, {"m": [4]}],
        });
        let d = diff(&base, &target).expect("a change");
        assert_eq!(
            d,
            serde_json::json!({"b": {"c": [1, 3]}, "e": null, "f": {"1": {"m": [4]}}})
        );
        assert_eq!(diff(&base, &base), None);
        let mut back = base.clone();
        patch(&mut back, d).expect("patches");
        let mut want = target.clone();
        want["e"] = Value::Null;
        assert_eq!(back, want);
        // A list of rules of another length is replaced whole.
        let shorter = serde_json::json!({"f": [{"m": [1]}]});
        assert_eq!(
            diff(&serde_json::json!({"f": base["f"].clone()}), &shorter),
            Some(shorter.clone())
        );
        // An index the list does not have is refused.
        let mut v = base.clone();
        assert_eq!(
            patch(&mut v, serde_json::json!({"f": {"2": {"m": [1]}}})),
            Err("f.2".to_string())
        );
        assert_eq!(
            patch(&mut v, serde_json::json!({"f": {"x": 1}})),
            Err("f.x".to_string())
        );
    }

    #[test]
    fn unknown_settings_in_a_link_are_refused() {
        let e = apply_diff(Preset::County, r#"{"modes":{"teem_visits":false}}"#).expect_err("typo");
        assert_eq!(
            e,
            KitError::InvalidSettings("unknown setting modes.teem_visits".into())
        );
        let s = apply_diff(Preset::County, r#"{"start_date":"2024-03-04"}"#).expect("known");
        assert_eq!(s.start_date.as_deref(), Some("2024-03-04"));
    }

    #[test]
    fn kit_errors_explain_themselves_in_both_languages() {
        let e = KitError::OutOfRange {
            field: Field::Weeks,
            value: "99".into(),
            min: "1".into(),
            max: "52".into(),
        };
        let m = e.message();
        assert_eq!(m.key, "kit.error.out_of_range");
        let args: Vec<(&str, &str)> = m
            .args
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(args, vec![("value", "99"), ("min", "1"), ("max", "52")]);
        // The field is a word of the page: named in the reader's language.
        assert_eq!(
            m.terms,
            vec![("field".to_string(), Field::Weeks.key().to_string())]
        );
        for lang in Lang::ALL {
            let text = m.text(lang);
            assert!(text.contains("99") && text.contains("52"), "{text}");
            assert!(!text.contains('{') && text != m.key, "{text}");
            assert!(text.contains(t(lang, Field::Weeks.key())), "{text}");
        }
        let newer = KitError::NewerVersion {
            found: 7,
            supported: SAVED_VERSION,
        }
        .message();
        assert!(newer.text(Lang::ZhCn).contains('7'));
        assert_ne!(newer.text(Lang::ZhCn), newer.text(Lang::En));
    }

    proptest! {
        #[test]
        fn percent_decode_inverts_encode(s in any::<String>()) {
            prop_assert_eq!(percent_decode(&percent_encode(&s)), Some(s));
        }
    }
}
