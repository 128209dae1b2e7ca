//! What one row of the table is: a setting's id, texts, source, parts, how it is entered, how it
//! is read and written, and where the what-if panel shows it. A `Setting` is one part of a row
//! (one input: a class, a zone, a grade…).

use crate::core::scenario::Zone;
use crate::core::settings::Settings;
use crate::core::value_group::ValueGroup;

/// Where a default comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The study itself (the seed text), quoted or paraphrased in the basis.
    Study,
    /// docs/domain.md's default table or simulation rules.
    Domain,
    /// An estimate; the basis gives the reason.
    Estimate,
}

impl Source {
    pub fn key(self) -> &'static str {
        match self {
            Source::Study => "learn.assume.source.study",
            Source::Domain => "learn.assume.source.domain",
            Source::Estimate => "learn.assume.source.estimate",
        }
    }

    /// A stable id for styling.
    pub fn id(self) -> &'static str {
        match self {
            Source::Study => "study",
            Source::Domain => "domain",
            Source::Estimate => "estimate",
        }
    }
}

/// How a value is entered.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Input {
    /// A number within `lo..=hi`; `integer` refuses fractions (the setting is a count).
    Number {
        lo: f64,
        hi: f64,
        step: f64,
        integer: bool,
    },
    /// On (1) or off (0).
    Flag,
    /// One of the options (value id, translation key of its label); the value is its index.
    Choice(&'static [(&'static str, &'static str)]),
}

/// A number within `lo..=hi` in steps of `step`.
pub fn number(lo: f64, hi: f64, step: f64) -> Input {
    Input::Number {
        lo,
        hi,
        step,
        integer: false,
    }
}

/// A whole number within `lo..=hi`.
pub fn count(lo: f64, hi: f64) -> Input {
    Input::Number {
        lo,
        hi,
        step: 1.0,
        integer: true,
    }
}

impl Input {
    /// Whether `x` may be set: finite and in range, whole for a count, 0/1 for a flag, an
    /// option's index for a choice.
    pub fn accepts(self, x: f64) -> bool {
        if !x.is_finite() {
            return false;
        }
        match self {
            Input::Number {
                lo, hi, integer, ..
            } => x >= lo && x <= hi && !(integer && x.fract() != 0.0),
            Input::Flag => x == 0.0 || x == 1.0,
            Input::Choice(options) => x >= 0.0 && x.fract() == 0.0 && (x as usize) < options.len(),
        }
    }
}

/// Which of a row's several inputs a setting is (one row per assumption, one input per class,
/// zone, grade…).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Whole,
    Class(usize),
    Zone(Zone),
    /// Pay grade index (grade = index + 1).
    Grade(usize),
    /// Value dimension index (loyalty, integrity, cooperation, growth, dependency).
    Dimension(usize),
    /// Value group index in `ValueGroup::ALL` order (core, key, regular, night).
    Group(usize),
    /// Reach criterion index in `CRITERIA` order.
    Criterion(usize),
    Open,
    Close,
}

impl Part {
    /// The class, grade, dimension, value group or criterion index (0 for the other parts).
    pub fn index(self) -> usize {
        match self {
            Part::Class(k)
            | Part::Grade(k)
            | Part::Dimension(k)
            | Part::Group(k)
            | Part::Criterion(k) => k,
            Part::Zone(z) => Zone::ALL.iter().position(|y| *y == z).unwrap_or(0),
            _ => 0,
        }
    }

    /// The zone (urban for the other parts, which no row with zones has).
    pub fn zone(self) -> Zone {
        match self {
            Part::Zone(z) => z,
            _ => Zone::Urban,
        }
    }
}

/// Which parts a row has for given settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parts {
    Whole,
    /// One per format class of the settings.
    Classes,
    /// One per zone.
    Zones,
    /// One per pay grade of the settings.
    Grades,
    /// The five value dimensions.
    Dimensions,
    /// The four value groups (core, key, regular, night).
    Groups,
    /// The reach criteria (`CRITERIA`).
    Criteria,
    /// Opening and closing time.
    OpenClose,
}

/// Number of value dimensions (`ValueRule::weights`).
pub const DIMENSIONS: usize = 5;

/// The criteria of a function's reach (the fields of `Reach`), in the panel's order: the id a
/// setting's id ends with and the translation key of its name.
pub const CRITERIA: [(&str, &str); 9] = [
    ("all", "learn.assume.criterion.all"),
    ("top_classes", "learn.assume.criterion.top_classes"),
    ("core", "learn.assume.criterion.core"),
    ("key", "learn.assume.criterion.key"),
    ("growth", "learn.assume.criterion.growth"),
    ("volatile", "learn.assume.criterion.volatile"),
    ("difficulty", "learn.assume.criterion.difficulty"),
    ("low_grade", "learn.assume.criterion.low_grade"),
    ("sample_share", "learn.assume.criterion.sample_share"),
];

impl Parts {
    pub fn of(self, s: &Settings) -> Vec<Part> {
        match self {
            Parts::Whole => vec![Part::Whole],
            Parts::Classes => (0..s.classes.len()).map(Part::Class).collect(),
            Parts::Zones => Zone::ALL.iter().map(|&z| Part::Zone(z)).collect(),
            Parts::Grades => (0..s.pay_per_month.len()).map(Part::Grade).collect(),
            Parts::Dimensions => (0..DIMENSIONS).map(Part::Dimension).collect(),
            Parts::Groups => (0..ValueGroup::ALL.len()).map(Part::Group).collect(),
            Parts::Criteria => (0..CRITERIA.len()).map(Part::Criterion).collect(),
            Parts::OpenClose => vec![Part::Open, Part::Close],
        }
    }
}

pub fn zone_id(z: Zone) -> &'static str {
    match z {
        Zone::Urban => "urban",
        Zone::Town => "town",
        Zone::Rural => "rural",
    }
}

/// The fieldsets of the what-if panel, in the order it shows them. The ones marked `more` sit
/// in its "more settings" drawer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Modes,
    ServiceMinutes,
    /// Staff and horizon: run controls, no setting of the table (the page adds its own).
    StaffHorizon,
    Disturbances,
    Speeds,
    ServiceCycle,
    Team,
    ValueGroups,
    Hybrid,
}

impl Section {
    pub const ALL: [Section; 9] = [
        Section::Modes,
        Section::ServiceMinutes,
        Section::StaffHorizon,
        Section::Disturbances,
        Section::Speeds,
        Section::ServiceCycle,
        Section::Team,
        Section::ValueGroups,
        Section::Hybrid,
    ];

    /// Translation key of the fieldset's legend.
    pub fn key(self) -> &'static str {
        match self {
            Section::Modes => "control.modes",
            Section::ServiceMinutes => "control.service_minutes",
            Section::StaffHorizon => "control.staff_horizon",
            Section::Disturbances => "control.disturbances",
            Section::Speeds => "control.speeds",
            Section::ServiceCycle => "control.service_cycle",
            Section::Team => "control.team",
            Section::ValueGroups => "control.value_groups",
            Section::Hybrid => "control.hybrid",
        }
    }

    /// In the "more settings" drawer rather than always shown.
    pub fn more(self) -> bool {
        matches!(
            self,
            Section::Speeds
                | Section::ServiceCycle
                | Section::Team
                | Section::ValueGroups
                | Section::Hybrid
        )
    }
}

/// What names an input of the what-if panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhatIfLabel {
    /// The part's own name (a class, a zone).
    Part,
    /// One text for every part.
    Key(&'static str),
    /// One text per part, by the part's index.
    PerPart(&'static [&'static str]),
}

/// Where and how the what-if panel shows a row.
#[derive(Debug, Clone, Copy)]
pub struct WhatIf {
    pub section: Section,
    /// The element id of a part's input (the panel's own ids, older than the table's).
    pub element: fn(Part) -> String,
    pub label: WhatIfLabel,
    /// The name a refusal message gives the field, when not its label (a translation key).
    pub refusal: Option<&'static str>,
    /// At most this many parts are shown (the first ones).
    pub limit: usize,
}

/// One assumption: everything about one setting of `Settings`, in one place.
#[derive(Debug, Clone, Copy)]
pub struct Row {
    /// The row's id (stable; `data-assumption` in the page).
    pub id: &'static str,
    /// The settings' id stem: a part's id is this plus the part (`speed` → `speed-urban`).
    pub key: &'static str,
    /// Translation key of the section the row belongs to.
    pub group: &'static str,
    /// Translation keys of the name, the unit (none for switches and choices) and the basis.
    pub name: &'static str,
    pub unit: Option<&'static str>,
    pub source: Source,
    pub basis: &'static str,
    pub parts: Parts,
    /// How a part is entered (a range may depend on other settings).
    pub input: fn(&Settings, Part) -> Input,
    /// The value as the panel shows it: a number in the row's unit, 0/1 for a flag, the
    /// option's index for a choice.
    pub get: fn(&Settings, Part) -> f64,
    /// Writes a value `input` accepts, in the panel's units.
    pub set: fn(&mut Settings, Part, f64),
    /// Where the what-if panel shows the row (none: the assumptions panel only).
    pub what_if: Option<WhatIf>,
}

// By id and key: the functions are not compared (their addresses are not stable), and ids
// are unique in a table (a test checks it).
impl PartialEq for Row {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id && self.key == other.key
    }
}

/// One editable setting: a part of a row.
#[derive(Debug, Clone, Copy)]
pub struct Setting<'a> {
    pub row: &'a Row,
    pub part: Part,
}

impl PartialEq for Setting<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.row.key == other.row.key && self.part == other.part
    }
}

impl Setting<'_> {
    /// The setting's path, used in element ids (`assume-<id>`), `--set ID=VALUE` and errors:
    /// the row's key, then the part (`cycle_by_group-service-core`, `reach-brand-growth`).
    pub fn id(&self) -> String {
        let key = self.row.key;
        match self.part {
            Part::Whole => key.to_string(),
            Part::Class(k) | Part::Grade(k) | Part::Dimension(k) => format!("{key}-{k}"),
            Part::Zone(z) => format!("{key}-{}", zone_id(z)),
            Part::Group(k) => match ValueGroup::ALL.get(k) {
                Some(g) => format!("{key}-{}", g.id()),
                None => format!("{key}-{k}"),
            },
            Part::Criterion(k) => match CRITERIA.get(k) {
                Some((c, _)) => format!("{key}-{c}"),
                None => format!("{key}-{k}"),
            },
            Part::Open => format!("{key}_open"),
            Part::Close => format!("{key}_close"),
        }
    }

    /// How the value is entered.
    pub fn input(&self, s: &Settings) -> Input {
        (self.row.input)(s, self.part)
    }

    /// The value in the panel's units.
    pub fn get(&self, s: &Settings) -> f64 {
        (self.row.get)(s, self.part)
    }

    /// Whether `x` may be set.
    pub fn accepts(&self, s: &Settings, x: f64) -> bool {
        self.input(s).accepts(x)
    }

    /// A copy of `s` with this setting at `x`; `None` when `x` is not accepted.
    pub fn apply(&self, s: &Settings, x: f64) -> Option<Settings> {
        if !self.accepts(s, x) {
            return None;
        }
        let mut next = s.clone();
        (self.row.set)(&mut next, self.part, x);
        Some(next)
    }
}
