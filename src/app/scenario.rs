//! The one scenario assembler: what a shell gives (a preset and seed, an opened scenario, or the
//! bytes of a config file and customer and manager lists; the settings, `--set` edits, size,
//! horizon and headcount) becomes one checked `Scenario`. The page's worker and the CLI both
//! call `assemble`, so a scenario one of them refuses the other refuses too, with the same
//! typed error. The shells read files; this module only sees bytes.
//!
//! The run limits live here, once: every control, flag, link field and check uses these.

use thiserror::Error;

use crate::app::message::{Explain, Message};
use crate::core::assumptions::{self, SettingError};
use crate::core::departments::rederive;
use crate::core::error::CoreError;
use crate::core::generate::{generate, generate_sized, keep_evenly, staff_by_workload, Preset};
use crate::core::io::{self, validate, DeriveRules, ImportErrors};
use crate::core::models::locks::{with_locks, Lock};
use crate::core::scenario::Scenario;
use crate::core::settings::Settings;
use crate::core::staffing::with_headcount;
use crate::core::workload;

use super::limits::{
    DEFAULT_SEED, MAX_HEADCOUNT, MAX_PRESET_CUSTOMERS, MAX_REPLICATIONS, MAX_WEEKS, MIN_CUSTOMERS,
};

/// The bytes of the files a scenario is read from (the CLI's `--config`, `--customers`,
/// `--managers`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Files<'a> {
    /// Scenario JSON: settings, departments, derivation rules, and possibly the lists.
    pub config: Option<&'a [u8]>,
    /// Customer list (CSV or XLSX); replaces the preset.
    pub customers: Option<&'a [u8]>,
    /// Manager list (CSV or XLSX).
    pub managers: Option<&'a [u8]>,
    /// Lock file (CSV or XLSX; `core::io::locks`): customers kept with a chosen manager,
    /// read against the scenario as assembled (sized, set and staffed); its locks join the
    /// scenario's own.
    pub locks: Option<&'a [u8]>,
}

/// Everything a scenario is assembled from. `Input::default()` is the county preset at seed 42.
#[derive(Debug, Clone, Default)]
pub struct Input<'a> {
    /// Preset id; default the config's preset, else county. Checked even when `opened` is
    /// given (then it only names the scenario).
    pub preset: Option<&'a str>,
    /// Seed of the preset and of the workload staffing; default the config's, else
    /// `DEFAULT_SEED`. With `files` it becomes the scenario's seed; an `opened` scenario keeps
    /// its own.
    pub seed: Option<u64>,
    /// A scenario the page opened or imported, taken as it is (staffed by the workload method
    /// when it has no managers); `files` are then not read.
    pub opened: Option<&'a Scenario>,
    pub files: Files<'a>,
    /// The scenario's size in customers (`--size`, the page's customers field), re-staffed by
    /// the workload method. Fewer than the list: kept evenly through it, so every cluster keeps
    /// its share (`generate::keep_evenly`), a preset or an imported list alike. More: a preset
    /// grows (`generate::generate_sized`: more of its territory, same density and mix), up to
    /// `MAX_PRESET_CUSTOMERS`; a list is refused (`ListCannotGrow`), as real customers cannot
    /// be made up. `MIN_CUSTOMERS` at least.
    pub customers: Option<usize>,
    /// Settings replacing the scenario's (the page's what-if controls).
    pub settings: Option<&'a Settings>,
    /// Single settings as (id, value text), applied in order after `settings`; ids are the
    /// assumptions panel's (`day_minutes`, `speed-urban`, `modes-team_visits`, …).
    pub set: &'a [(String, String)],
    /// Horizon in weeks, 1..=`MAX_WEEKS`; wins over the settings'.
    pub weeks: Option<u32>,
    /// Replications the run will ask for, 1..=`MAX_REPLICATIONS` (checked here so a request is
    /// refused whole; the CLI checks its own larger limit and leaves this `None`).
    pub replications: Option<u32>,
    /// Customer managers kept, 1..=`MAX_HEADCOUNT` (the least competent leave first,
    /// median-skill staff join at the busiest department).
    pub headcount: Option<usize>,
    /// The page's locks (customer id, manager id), replacing every lock the scenario had; a
    /// customer the scenario lacks is skipped, a manager it lacks is kept as the lock says
    /// (the models count such a lock as not kept). `None`: the scenario's own locks.
    pub locks: Option<&'a [Lock]>,
}

/// Why a scenario cannot be assembled. `key()` names its text in the translation files,
/// `args()` fills the placeholders; `Display` is the English text the CLI prints.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ScenarioError {
    #[error("unknown preset '{value}': expected one of {accepted}")]
    UnknownPreset { value: String, accepted: String },
    #[error("a preset and a customer list cannot be combined: the list is the scenario")]
    PresetWithCustomers,
    #[error("weeks: {0} is outside 1..={MAX_WEEKS}")]
    Weeks(u32),
    #[error("replications: {0} is outside 1..={MAX_REPLICATIONS}")]
    Replications(u32),
    #[error("customers: {n} is outside {MIN_CUSTOMERS}..={most}")]
    Customers { n: usize, most: usize },
    /// More customers than an imported (or opened) list has: only a preset grows.
    #[error("customers: {n} is more than the list's {most}: a list is kept in part, not grown")]
    ListCannotGrow { n: usize, most: usize },
    #[error("headcount: {0} is outside 1..={MAX_HEADCOUNT}")]
    Headcount(usize),
    /// The files' problems, each with its file, row, column and value.
    #[error("{0}")]
    Import(ImportErrors),
    #[error("{0}")]
    Core(CoreError),
    #[error("the scenario has no customers")]
    NoCustomers,
    #[error("unknown setting '{id}'")]
    UnknownSetting { id: String },
    #[error("{id}: '{text}' is not a number")]
    NotANumber { id: String, text: String },
    #[error("{id}: '{text}' is not one of {accepted}")]
    NotAnOption {
        id: String,
        text: String,
        accepted: String,
    },
    #[error("{id}: {value} is outside {lo}..={hi}")]
    OutOfRange {
        id: String,
        value: String,
        lo: String,
        hi: String,
    },
    /// What `io::validate` finds (ids, numbers, indices), joined by "; ".
    #[error("{0}")]
    Invalid(String),
}

impl ScenarioError {
    /// Translation key of the error's text. An import error's is its first problem's (the
    /// data layer's texts).
    pub fn key(&self) -> &'static str {
        use ScenarioError::*;
        match self {
            UnknownPreset { .. } => "error.scenario.unknown_preset",
            PresetWithCustomers => "error.scenario.preset_with_customers",
            Weeks(_) => "error.scenario.weeks",
            Replications(_) => "error.scenario.replications",
            Customers { .. } => "error.scenario.customers",
            ListCannotGrow { .. } => "error.scenario.list_cannot_grow",
            Headcount(_) => "error.scenario.headcount",
            Import(e) => e
                .first()
                .map_or("error.scenario.import", |first| first.kind.key()),
            Core(_) => "error.scenario.core",
            NoCustomers => "error.scenario.no_customers",
            UnknownSetting { .. } => "error.scenario.unknown_setting",
            NotANumber { .. } => "error.scenario.not_a_number",
            NotAnOption { .. } => "error.scenario.not_an_option",
            OutOfRange { .. } => "error.scenario.out_of_range",
            Invalid(_) => "error.scenario.invalid",
        }
    }

    /// The placeholders of the error's text.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        use ScenarioError::*;
        match self {
            UnknownPreset { value, accepted } => {
                vec![("value", value.clone()), ("accepted", accepted.clone())]
            }
            PresetWithCustomers | NoCustomers => Vec::new(),
            Weeks(n) => vec![("value", n.to_string()), ("max", MAX_WEEKS.to_string())],
            Replications(n) => vec![
                ("value", n.to_string()),
                ("max", MAX_REPLICATIONS.to_string()),
            ],
            Customers { n, most } => vec![
                ("value", n.to_string()),
                ("min", MIN_CUSTOMERS.to_string()),
                ("max", most.to_string()),
            ],
            ListCannotGrow { n, most } => vec![("value", n.to_string()), ("max", most.to_string())],
            Headcount(n) => vec![("value", n.to_string()), ("max", MAX_HEADCOUNT.to_string())],
            Import(e) => e
                .first()
                .map_or_else(|| vec![("detail", e.to_string())], |first| first.args()),
            Core(e) => vec![("detail", e.to_string())],
            Invalid(d) => vec![("detail", d.clone())],
            UnknownSetting { id } => vec![("id", id.clone())],
            NotANumber { id, text } => vec![("id", id.clone()), ("value", text.clone())],
            NotAnOption { id, text, accepted } => vec![
                ("id", id.clone()),
                ("value", text.clone()),
                ("accepted", accepted.clone()),
            ],
            OutOfRange { id, value, lo, hi } => vec![
                ("id", id.clone()),
                ("value", value.clone()),
                ("min", lo.clone()),
                ("max", hi.clone()),
            ],
        }
    }

    /// The setting id the error is about (an unknown, unreadable or out-of-range setting).
    pub fn setting(&self) -> Option<&str> {
        use ScenarioError::*;
        match self {
            UnknownSetting { id }
            | NotANumber { id, .. }
            | NotAnOption { id, .. }
            | OutOfRange { id, .. } => Some(id),
            _ => None,
        }
    }
}

impl Explain for ScenarioError {
    fn message(&self) -> Message {
        Message::of(self.key(), self.args())
    }
}

fn check<T: PartialOrd + Copy>(
    x: Option<T>,
    lo: T,
    hi: T,
    err: impl Fn(T) -> ScenarioError,
) -> Result<(), ScenarioError> {
    match x {
        Some(x) if x < lo || x > hi => Err(err(x)),
        _ => Ok(()),
    }
}

/// The scenario `input` describes, checked: built from the opened scenario, the files or the
/// preset; sized down; settings replaced and edited; horizon set; validated (every setting in
/// its range, the scenario's ids, numbers and indices); then staffed to the headcount.
pub fn assemble(input: &Input) -> Result<Scenario, ScenarioError> {
    let preset = input
        .preset
        .map(|p| {
            Preset::parse(p).map_err(|_| ScenarioError::UnknownPreset {
                value: p.to_string(),
                accepted: Preset::ALL.map(Preset::id).join(", "),
            })
        })
        .transpose()?;
    check(input.weeks, 1, MAX_WEEKS, ScenarioError::Weeks)?;
    check(
        input.replications,
        1,
        MAX_REPLICATIONS,
        ScenarioError::Replications,
    )?;
    check(input.headcount, 1, MAX_HEADCOUNT, ScenarioError::Headcount)?;
    check(input.customers, MIN_CUSTOMERS, MAX_PRESET_CUSTOMERS, |n| {
        ScenarioError::Customers {
            n,
            most: MAX_PRESET_CUSTOMERS,
        }
    })?;
    let mut sc = match input.opened {
        Some(opened) => {
            let mut sc = opened.clone();
            if sc.departments.is_empty() && sc.departments_rule.is_some() {
                // The page's import review asked for departments cut again (another usual
                // size): cut here, in the worker, by the rule the scenario records.
                rederive(&mut sc);
            }
            if sc.managers.is_empty() {
                let seed = input.seed.unwrap_or(sc.seed);
                staff_by_workload(&mut sc, seed);
            }
            sc
        }
        None => from_files(preset, input.seed, &input.files, input.customers)?,
    };
    let seed = input.seed.unwrap_or(sc.seed);
    if let Some(n) = input.customers {
        // A preset asked to grow was generated at its size; a list has what it has.
        let all = sc.customers.len();
        if n > all {
            return Err(ScenarioError::ListCannotGrow { n, most: all });
        }
        keep_evenly(&mut sc, n, seed);
    }
    if let Some(settings) = input.settings {
        sc.settings = settings.clone();
    }
    for (id, text) in input.set {
        sc.settings = apply_set(&sc.settings, id, text)?;
    }
    if let Some(w) = input.weeks {
        sc.settings.weeks = w;
    }
    if sc.customers.is_empty() {
        return Err(ScenarioError::NoCustomers);
    }
    check(Some(sc.settings.weeks), 1, MAX_WEEKS, ScenarioError::Weeks)?;
    check_ranges(&sc.settings)?;
    let problems = validate::problems(&sc);
    if !problems.is_empty() {
        return Err(ScenarioError::Invalid(problems.join("; ")));
    }
    if let Some(n) = input.headcount {
        let work = workload::generalist(&sc);
        sc = with_headcount(&sc, &work, n);
    }
    if let Some(locks) = input.locks {
        sc = with_locks(&sc, locks);
    }
    if let Some(bytes) = input.files.locks {
        // Read against the finished scenario; a bad file leaves nothing half-locked.
        sc = io::import_locks(bytes, &sc).map_err(ScenarioError::Import)?;
    }
    Ok(sc)
}

/// The scenario of the files (or the preset without them). Precedence: a customer list
/// replaces the preset and the config's lists; a manager list replaces the managers; the
/// config's settings and departments apply to a preset.
fn from_files(
    preset: Option<Preset>,
    seed: Option<u64>,
    files: &Files,
    size: Option<usize>,
) -> Result<Scenario, ScenarioError> {
    if preset.is_some() && files.customers.is_some() {
        return Err(ScenarioError::PresetWithCustomers);
    }
    let (base, rules, has_customers) = match files.config {
        Some(bytes) => {
            let l = io::from_json(bytes).map_err(ScenarioError::Import)?;
            (Some(l.scenario), l.rules, l.has_customers)
        }
        None => (None, DeriveRules::default(), false),
    };
    let seed = seed
        .or(base.as_ref().map(|b| b.seed))
        .unwrap_or(DEFAULT_SEED);
    let mut sc = if let Some(cust) = files.customers {
        let mut base = base.unwrap_or_else(|| Scenario::empty(seed));
        if base.source.is_empty() || Preset::parse(&base.source).is_err() {
            base.source = "imported".to_string();
        }
        let keep_managers = files.managers.is_none() && !base.managers.is_empty();
        let mut sc = io::import_scenario(base, &rules, Some(cust), files.managers)
            .map_err(ScenarioError::Import)?;
        if files.managers.is_none() && !keep_managers {
            staff_by_workload(&mut sc, seed);
        }
        sc
    } else if let (Some(b), true) = (&base, has_customers) {
        io::import_scenario(b.clone(), &rules, None, files.managers)
            .map_err(ScenarioError::Import)?
    } else {
        let preset = preset
            .or_else(|| base.as_ref().and_then(|b| Preset::parse(&b.source).ok()))
            .unwrap_or(Preset::County);
        // A preset grows as it is generated (a larger territory); it is sized down later, as
        // every scenario is, so a smaller preset is the one a list of it would give.
        let sc = match size {
            Some(n) if n > preset.size() => generate_sized(preset, seed, n),
            _ => generate(preset, seed),
        };
        let mut sc = sc.map_err(ScenarioError::Core)?;
        if let Some(b) = base {
            // The config's settings and departments; the preset's people stay (staffed at
            // the defaults, so one changed setting does not change the headcount).
            sc.settings = b.settings;
            if b.departments.len() == sc.departments.len() {
                sc.departments = b.departments;
            }
            sc.origin = b.origin;
        }
        if files.managers.is_some() {
            sc = io::import_scenario(sc, &rules, None, files.managers)
                .map_err(ScenarioError::Import)?;
        }
        sc
    };
    sc.seed = seed;
    Ok(sc)
}

/// A setting the assumptions table refuses, in the terms of the scenario's errors.
fn refused(e: SettingError) -> ScenarioError {
    match e {
        SettingError::Unknown { id } => ScenarioError::UnknownSetting { id },
        SettingError::NotANumber { id, text } => ScenarioError::NotANumber { id, text },
        SettingError::OutOfRange { id, value, lo, hi } => ScenarioError::OutOfRange {
            id,
            value: value.to_string(),
            lo: lo.to_string(),
            hi: hi.to_string(),
        },
        SettingError::NotWhole { id, value } => ScenarioError::NotANumber {
            id,
            text: value.to_string(),
        },
        SettingError::NotAFlag { id, text } => ScenarioError::NotAnOption {
            id,
            text,
            accepted: "on, off".to_string(),
        },
        SettingError::UnknownChoice { id, text, accepted } => {
            ScenarioError::NotAnOption { id, text, accepted }
        }
    }
}

/// Every setting within its range (a config file or a stored state may carry any number):
/// the assumptions table's own check, which also checks what only a file sets (the 档位 bands
/// of the cycle overrides, a reach entry no row shows), naming each by its path in the file.
fn check_ranges(s: &Settings) -> Result<(), ScenarioError> {
    assumptions::validate(s).map_err(refused)
}

/// `s` with the setting `id` at the value `text` (in the panel's units: percent for shares,
/// clock hours for opening hours; on/off for a switch; an option's id for a choice).
fn apply_set(s: &Settings, id: &str, text: &str) -> Result<Settings, ScenarioError> {
    assumptions::set(s, id, text.trim()).map_err(refused)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::settings::{Function, GradeBand};
    use crate::i18n::{keys, Lang};

    fn set(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn default_input_is_the_county_preset_at_the_default_seed() {
        let sc = assemble(&Input::default()).expect("county");
        let county = generate(Preset::County, DEFAULT_SEED).expect("county");
        assert_eq!(sc, county);
    }

    #[test]
    fn every_preset_passes_its_own_checks() {
        for p in Preset::ALL {
            let sc = generate(p, 7).expect("preset");
            assert_eq!(check_ranges(&sc.settings), Ok(()), "{}", p.id());
            let input = Input {
                preset: Some(p.id()),
                seed: Some(7),
                ..Input::default()
            };
            assert_eq!(assemble(&input), Ok(sc));
        }
    }

    #[test]
    fn set_changes_one_setting_and_names_the_id_when_it_cannot() {
        let pairs = set(&[
            ("day_minutes", "480"),
            ("modes-team_visits", "off"),
            ("hybrid-urban", "specialised"),
        ]);
        let input = Input {
            preset: Some("rural"),
            set: &pairs,
            ..Input::default()
        };
        let sc = assemble(&input).expect("valid edits");
        assert_eq!(sc.settings.day_minutes, 480.0);
        assert!(!sc.settings.modes.team_visits);
        let rural = generate(Preset::Rural, DEFAULT_SEED).expect("rural");
        assert_ne!(sc.settings, rural.settings);
        assert_eq!(sc.customers, rural.customers);
        for (pair, variant) in [
            (("no_such_setting", "1"), "unknown"),
            (("day_minutes", "9999"), "range"),
            (("day_minutes", "long"), "number"),
            (("modes-team_visits", "maybe"), "option"),
        ] {
            let pairs = set(&[pair]);
            let input = Input {
                preset: Some("rural"),
                set: &pairs,
                ..Input::default()
            };
            let e = assemble(&input).expect_err(variant);
            assert_eq!(e.setting(), Some(pair.0), "{variant}");
            assert!(e.to_string().contains(pair.0), "{e}");
        }
        let pairs = set(&[("day_minutes", "9999")]);
        let e = assemble(&Input {
            set: &pairs,
            ..Input::default()
        });
        assert_eq!(
            e.map_err(|e| e.to_string()),
            Err("day_minutes: 9999 is outside 240..=720".to_string())
        );
    }

    #[test]
    fn a_config_with_a_setting_out_of_range_is_refused() {
        let mut sc = generate(Preset::Rural, 3).expect("rural");
        sc.settings.day_minutes = 5000.0;
        let config = io::config_to_json(&sc, &DeriveRules::default()).expect("json");
        let input = Input {
            files: Files {
                config: Some(config.as_bytes()),
                ..Files::default()
            },
            ..Input::default()
        };
        let e = assemble(&input).expect_err("out of range");
        assert_eq!(e.setting(), Some("day_minutes"));
        assert_eq!(e.key(), "error.scenario.out_of_range");
    }

    #[test]
    fn practice_settings_out_of_range_are_refused_set_or_read_from_a_config() {
        // `--set` and the page's what-if flow: the range in the panel's units.
        for (id, value, range) in [
            ("reach-research-sample_share", "150", "0..=100"),
            ("cycle_by_group-service-core", "9", "0..=8"),
            ("low_grade", "0", "1..=30"),
        ] {
            let pairs = set(&[(id, value)]);
            let e = assemble(&Input {
                preset: Some("rural"),
                set: &pairs,
                ..Input::default()
            })
            .expect_err(id);
            assert_eq!(e.setting(), Some(id));
            assert_eq!(e.to_string(), format!("{id}: {value} is outside {range}"));
        }
        // A 档位 band only a file sets: named by its place in the file, with its range.
        let config = |sc: &Scenario| io::config_to_json(sc, &DeriveRules::default()).expect("json");
        let read = |json: &str| {
            assemble(&Input {
                files: Files {
                    config: Some(json.as_bytes()),
                    ..Files::default()
                },
                ..Input::default()
            })
        };
        let mut sc = generate(Preset::Rural, 3).expect("rural");
        let band = GradeBand {
            function: Function::Training,
            min_grade: 1,
            max_grade: 5,
            cycle_weeks: 2,
        };
        sc.settings.cycle_overrides.by_grade = vec![band];
        let ok = read(&config(&sc)).expect("a band in range");
        assert_eq!(ok.settings.cycle_overrides.by_grade, vec![band]);
        sc.settings.cycle_overrides.by_grade[0].min_grade = 12;
        assert_eq!(
            read(&config(&sc)),
            Err(ScenarioError::OutOfRange {
                id: "cycle_overrides.by_grade[0].min_grade".into(),
                value: "12".into(),
                lo: "1".into(),
                hi: "5".into(),
            })
        );
        sc.settings.cycle_overrides.by_grade[0] = GradeBand {
            cycle_weeks: 9,
            ..band
        };
        let e = read(&config(&sc)).expect_err("a 9-week band");
        assert_eq!(
            e.to_string(),
            "cycle_overrides.by_grade[0].cycle_weeks: 9 is outside 1..=8"
        );
        // A function the sandbox does not know is refused when the file is read.
        sc.settings.cycle_overrides.by_grade[0] = band;
        let known = config(&sc);
        let unknown = known.replace("\"function\": \"training\"", "\"function\": \"sales\"");
        assert!(unknown != known, "the band's function is in the file");
        assert!(matches!(read(&unknown), Err(ScenarioError::Import(_))));
        // A sample share a file sets as a share (0..1): in percent, its row's range.
        let mut sc = generate(Preset::Rural, 3).expect("rural");
        sc.settings.reach.functions[3].sample_share = 1.5;
        let e = read(&config(&sc)).expect_err("150 %");
        assert_eq!(
            e.to_string(),
            "reach-research-sample_share: 150 is outside 0..=100"
        );
    }

    #[test]
    fn limits_are_checked_before_anything_is_built() {
        let cases = [
            (
                Input {
                    weeks: Some(MAX_WEEKS + 1),
                    ..Input::default()
                },
                ScenarioError::Weeks(MAX_WEEKS + 1),
            ),
            (
                Input {
                    weeks: Some(0),
                    ..Input::default()
                },
                ScenarioError::Weeks(0),
            ),
            (
                Input {
                    replications: Some(MAX_REPLICATIONS + 1),
                    ..Input::default()
                },
                ScenarioError::Replications(MAX_REPLICATIONS + 1),
            ),
            (
                Input {
                    headcount: Some(MAX_HEADCOUNT + 1),
                    ..Input::default()
                },
                ScenarioError::Headcount(MAX_HEADCOUNT + 1),
            ),
        ];
        for (input, want) in cases {
            assert_eq!(assemble(&input), Err(want));
        }
        let e = assemble(&Input {
            preset: Some("rural"),
            customers: Some(MIN_CUSTOMERS - 1),
            ..Input::default()
        });
        assert!(matches!(e, Err(ScenarioError::Customers { n, .. }) if n == MIN_CUSTOMERS - 1));
        let e = assemble(&Input {
            preset: Some("moon"),
            ..Input::default()
        });
        assert!(e.is_err_and(|e| e.to_string().contains("moon")));
        let e = assemble(&Input {
            preset: Some("rural"),
            files: Files {
                customers: Some(b"id\n"),
                ..Files::default()
            },
            ..Input::default()
        });
        assert_eq!(e, Err(ScenarioError::PresetWithCustomers));
    }

    #[test]
    fn an_opened_scenario_keeps_its_seed_and_is_sized_weeks_and_staff() {
        let opened = generate(Preset::Rural, 9).expect("rural");
        let input = Input {
            preset: Some("county"),
            seed: Some(1),
            opened: Some(&opened),
            customers: Some(600),
            weeks: Some(8),
            headcount: Some(5),
            ..Input::default()
        };
        let sc = assemble(&input).expect("valid");
        assert_eq!(sc.seed, 9);
        assert_eq!(sc.customers.len(), 600);
        assert_eq!(sc.settings.weeks, 8);
        assert_eq!(sc.managers.len(), 5);
    }

    #[test]
    fn every_error_has_its_text_in_both_languages() {
        let errors = [
            ScenarioError::UnknownPreset {
                value: "x".into(),
                accepted: "y".into(),
            },
            ScenarioError::PresetWithCustomers,
            ScenarioError::Weeks(0),
            ScenarioError::Replications(0),
            ScenarioError::Customers { n: 1, most: 2 },
            ScenarioError::ListCannotGrow { n: 3, most: 2 },
            ScenarioError::Headcount(0),
            ScenarioError::Core(CoreError::NoCustomers),
            ScenarioError::NoCustomers,
            ScenarioError::UnknownSetting { id: "x".into() },
            ScenarioError::NotANumber {
                id: "x".into(),
                text: "y".into(),
            },
            ScenarioError::NotAnOption {
                id: "x".into(),
                text: "y".into(),
                accepted: "z".into(),
            },
            ScenarioError::OutOfRange {
                id: "x".into(),
                value: "1".into(),
                lo: "2".into(),
                hi: "3".into(),
            },
            ScenarioError::Invalid("x".into()),
        ];
        for lang in Lang::ALL {
            let known = keys(lang);
            for e in &errors {
                assert!(known.contains(&e.key()), "{} missing", e.key());
                let text = e.message().text(lang);
                assert!(
                    !text.contains('{'),
                    "{}: unfilled placeholder in {text}",
                    e.key()
                );
            }
        }
        let import = ScenarioError::Import(ImportErrors::one(io::ImportError::file(
            io::Source::Customers,
            io::ImportErrorKind::Empty,
        )));
        assert_eq!(import.key(), "import.error.empty");
    }
}
