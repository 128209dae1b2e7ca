//! The assumptions panel's rows: every default of `Settings` a user can change, with its unit,
//! where the default comes from (DOMAIN.md: "Every number must be explainable: the assumptions
//! behind it are visible next to it and editable"), the range a typed value must fall in, and
//! how to read and write it.
//!
//! Values are in the units the panel shows (percent for shares, clock hours for opening hours),
//! so the page converts nothing and a native test can check every row. Texts are translation
//! keys (`learn.assume.*`). Left out on purpose: the structural lists (format classes, posts),
//! the horizon (`weeks`, a run control of its own), the start date (a label) and `low_grade`,
//! which no figure reads yet.

use super::scenario::Zone;
use super::settings::{Function, FunctionRule, Settings, TierScheme, ZoneModel};

/// Where a default comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The study itself (the seed text), quoted or paraphrased in the basis.
    Study,
    /// DOMAIN.md's default table or simulation rules.
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
    Open,
    Close,
}

/// Translation keys of the five value dimensions, in `ValueRule::weights` order.
pub const DIMENSION_KEYS: [&str; 5] = [
    "learn.assume.dim.loyalty",
    "learn.assume.dim.integrity",
    "learn.assume.dim.cooperation",
    "learn.assume.dim.growth",
    "learn.assume.dim.dependency",
];

const TIER_OPTIONS: &[(&str, &str)] = &[
    ("format", "learn.assume.tiers.format"),
    ("value_group", "learn.assume.tiers.value_group"),
];

const VALUE_SCHEME_OPTIONS: &[(&str, &str)] = &[
    ("five_dimensions", "learn.assume.value_scheme.five"),
    ("three_dimensions", "learn.assume.value_scheme.three"),
];

/// In `ZoneModel::ALL` order (a test checks it).
const ZONE_MODEL_OPTIONS: &[(&str, &str)] = &[
    ("region", "zone_model.region"),
    ("format", "zone_model.format"),
    ("value", "zone_model.value"),
    ("specialised", "zone_model.specialised"),
    ("specialised_value", "zone_model.specialised_value"),
    ("specialised_format", "zone_model.specialised_format"),
];

/// One editable setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    DayMinutes,
    DaysPerWeek,
    OvertimeCap,
    RoadFactor,
    Speed(Zone),
    CostPerKm,
    /// Cycle (weeks) of a function for a format class.
    Cycle(Function, usize),
    /// Minutes of a function at one visit to a format class.
    Minutes(Function, usize),
    SpecialistFactor,
    StaffingUtilisation,
    Tiers,
    TopTiers,
    ResearchDesk,
    SmallClass,
    TerritorialKm,
    Pay(usize),
    TeamVisits,
    Staggering,
    FlexibleHours,
    DeepVisits,
    TeamPerMonth,
    TeamMaxMembers,
    TeamPrep,
    TeamDebrief,
    MarketManagerJoins,
    DeepFactor,
    OptionalCap,
    ValueScheme,
    Weight(usize),
    HighValue,
    CoreShare,
    NightGroup,
    Hybrid(Zone),
    Absence,
    Closed,
    ServiceCv,
    CoverAbsent,
    DayOpen,
    DayClose,
    NightOpen,
    NightClose,
}

fn zone_id(z: Zone) -> &'static str {
    match z {
        Zone::Urban => "urban",
        Zone::Town => "town",
        Zone::Rural => "rural",
    }
}

fn number(lo: f64, hi: f64, step: f64) -> Input {
    Input::Number {
        lo,
        hi,
        step,
        integer: false,
    }
}

fn count(lo: f64, hi: f64) -> Input {
    Input::Number {
        lo,
        hi,
        step: 1.0,
        integer: true,
    }
}

/// The rule of `f`, created (4-weekly, 0 minutes: what `Settings` reads for a missing rule)
/// when a hand-written settings file has fewer rules.
fn rule_mut(s: &mut Settings, f: Function) -> &mut FunctionRule {
    while s.functions.len() <= f.index() {
        s.functions.push(FunctionRule {
            cycle_weeks: vec![4],
            minutes: vec![0.0],
        });
    }
    &mut s.functions[f.index()]
}

/// Sets `v[k]`, first padding with the last value, which is what `Settings` reads past the end,
/// so the classes in between keep the value they had.
fn set_at<T: Copy>(v: &mut Vec<T>, k: usize, x: T) {
    while v.len() <= k {
        let last = v.last().copied().unwrap_or(x);
        v.push(last);
    }
    v[k] = x;
}

fn hour(minutes: u32) -> f64 {
    f64::from(minutes) / 60.0
}

fn minutes_of(hours: f64) -> u32 {
    (hours * 60.0).round().max(0.0) as u32
}

fn flag(on: bool) -> f64 {
    if on {
        1.0
    } else {
        0.0
    }
}

fn index_of<T: PartialEq>(all: &[T], x: &T) -> f64 {
    all.iter().position(|y| y == x).unwrap_or(0) as f64
}

impl Setting {
    /// The setting's path, used in element ids (`assume-<id>`).
    pub fn id(self) -> String {
        use Setting::*;
        match self {
            DayMinutes => "day_minutes".into(),
            DaysPerWeek => "days_per_week".into(),
            OvertimeCap => "overtime_cap_minutes".into(),
            RoadFactor => "road_factor".into(),
            Speed(z) => format!("speed-{}", zone_id(z)),
            CostPerKm => "cost_per_km".into(),
            Cycle(f, k) => format!("cycle-{}-{k}", f.id()),
            Minutes(f, k) => format!("minutes-{}-{k}", f.id()),
            SpecialistFactor => "specialist_factor".into(),
            StaffingUtilisation => "staffing_utilisation".into(),
            Tiers => "tiers".into(),
            TopTiers => "top_tiers".into(),
            ResearchDesk => "research_desk_share".into(),
            SmallClass => "format-small_class_managers".into(),
            TerritorialKm => "format-territorial_km".into(),
            Pay(g) => format!("pay-{g}"),
            TeamVisits => "modes-team_visits".into(),
            Staggering => "modes-staggering".into(),
            FlexibleHours => "modes-flexible_hours".into(),
            DeepVisits => "modes-deep_visits".into(),
            TeamPerMonth => "team-per_month".into(),
            TeamMaxMembers => "team-max_members".into(),
            TeamPrep => "team-prep_minutes".into(),
            TeamDebrief => "team-debrief_minutes".into(),
            MarketManagerJoins => "team-market_manager_joins".into(),
            DeepFactor => "deep-factor".into(),
            OptionalCap => "deep-optional_cap_per_month".into(),
            ValueScheme => "value-scheme".into(),
            Weight(i) => format!("value-weight-{i}"),
            HighValue => "value-high_value_share".into(),
            CoreShare => "value-core_share".into(),
            NightGroup => "value-night_group".into(),
            Hybrid(z) => format!("hybrid-{}", zone_id(z)),
            Absence => "disturbances-absence_rate".into(),
            Closed => "disturbances-closed_rate".into(),
            ServiceCv => "disturbances-service_time_cv".into(),
            CoverAbsent => "disturbances-cover_absent".into(),
            DayOpen => "hours-day_open".into(),
            DayClose => "hours-day_close".into(),
            NightOpen => "hours-night_open".into(),
            NightClose => "hours-night_close".into(),
        }
    }

    /// Which of its row's inputs this is.
    pub fn part(self) -> Part {
        use Setting::*;
        match self {
            Speed(z) | Hybrid(z) => Part::Zone(z),
            Cycle(_, k) | Minutes(_, k) => Part::Class(k),
            Pay(g) => Part::Grade(g),
            Weight(i) => Part::Dimension(i),
            DayOpen | NightOpen => Part::Open,
            DayClose | NightClose => Part::Close,
            _ => Part::Whole,
        }
    }

    /// How the value is entered. Ranges are the what-if panel's where it has the same control;
    /// opening and closing times bound each other, so a shop never closes before it opens.
    pub fn input(self, s: &Settings) -> Input {
        use Setting::*;
        match self {
            DayMinutes => number(240.0, 720.0, 10.0),
            DaysPerWeek => count(1.0, 7.0),
            OvertimeCap => number(0.0, 240.0, 5.0),
            RoadFactor => number(1.0, 3.0, 0.05),
            Speed(_) => number(1.0, 120.0, 1.0),
            CostPerKm => number(0.0, 20.0, 0.1),
            Cycle(..) => count(1.0, 8.0),
            Minutes(..) => number(1.0, 240.0, 1.0),
            SpecialistFactor => number(0.1, 3.0, 0.05),
            StaffingUtilisation => number(50.0, 100.0, 1.0),
            Tiers => Input::Choice(TIER_OPTIONS),
            TopTiers => count(1.0, s.classes.len().max(1) as f64),
            // `desk_minutes` keeps a research specialist below 90 % at the desk.
            ResearchDesk => number(0.0, 90.0, 1.0),
            SmallClass => number(0.0, 3.0, 0.1),
            TerritorialKm => number(0.0, 200.0, 0.5),
            Pay(_) => number(0.0, 200_000.0, 100.0),
            TeamVisits | Staggering | FlexibleHours | DeepVisits | MarketManagerJoins
            | NightGroup | CoverAbsent => Input::Flag,
            TeamPerMonth => number(0.0, 4.0, 0.5),
            TeamMaxMembers => count(2.0, 4.0),
            TeamPrep | TeamDebrief => number(0.0, 120.0, 5.0),
            DeepFactor => number(1.0, 3.0, 0.1),
            OptionalCap => count(0.0, 30.0),
            ValueScheme => Input::Choice(VALUE_SCHEME_OPTIONS),
            Weight(_) => number(0.0, 10.0, 0.1),
            HighValue => number(5.0, 90.0, 1.0),
            CoreShare => number(1.0, 50.0, 1.0),
            Hybrid(_) => Input::Choice(ZONE_MODEL_OPTIONS),
            Absence | Closed => number(0.0, 50.0, 0.5),
            ServiceCv => number(0.0, 2.0, 0.05),
            DayOpen => number(0.0, (hour(s.hours.day_close) - 0.5).min(23.5), 0.5),
            DayClose => number(hour(s.hours.day_open) + 0.5, 30.0, 0.5),
            NightOpen => number(0.0, (hour(s.hours.night_close) - 0.5).min(23.5), 0.5),
            NightClose => number(hour(s.hours.night_open) + 0.5, 30.0, 0.5),
        }
    }

    /// The value as the panel shows it: a number in the row's unit, 0/1 for a flag, the
    /// option's index for a choice.
    pub fn get(self, s: &Settings) -> f64 {
        use Setting::*;
        match self {
            DayMinutes => s.day_minutes,
            DaysPerWeek => f64::from(s.days_per_week),
            OvertimeCap => s.overtime_cap_minutes,
            RoadFactor => s.road_factor,
            Speed(z) => s.speed_kmh.get(z),
            CostPerKm => s.cost_per_km,
            Cycle(f, k) => f64::from(s.cycle_weeks(f, k as u8)),
            Minutes(f, k) => s.minutes(f, k as u8),
            SpecialistFactor => s.specialist_factor,
            StaffingUtilisation => s.staffing_utilisation * 100.0,
            Tiers => index_of(&[TierScheme::Format, TierScheme::ValueGroup], &s.tiers),
            TopTiers => f64::from(s.top_tiers),
            ResearchDesk => s.research_desk_share * 100.0,
            SmallClass => s.format.small_class_managers,
            TerritorialKm => s.format.territorial_km,
            Pay(g) => s.pay_per_month.get(g).copied().unwrap_or(0.0),
            TeamVisits => flag(s.modes.team_visits),
            Staggering => flag(s.modes.staggering),
            FlexibleHours => flag(s.modes.flexible_hours),
            DeepVisits => flag(s.modes.deep_visits),
            TeamPerMonth => s.team.per_month,
            TeamMaxMembers => f64::from(s.team.max_members),
            TeamPrep => s.team.prep_minutes,
            TeamDebrief => s.team.debrief_minutes,
            MarketManagerJoins => flag(s.team.market_manager_joins),
            DeepFactor => s.deep.factor,
            OptionalCap => f64::from(s.deep.optional_cap_per_month),
            ValueScheme => index_of(
                &[
                    super::settings::ValueScheme::FiveDimensions,
                    super::settings::ValueScheme::ThreeDimensions,
                ],
                &s.value.scheme,
            ),
            Weight(i) => s.value.weights.get(i).copied().unwrap_or(0.0),
            HighValue => s.value.high_value_share * 100.0,
            CoreShare => s.value.core_share * 100.0,
            NightGroup => flag(s.value.night_group),
            Hybrid(z) => index_of(&ZoneModel::ALL, &s.hybrid.get(z)),
            Absence => s.disturbances.absence_rate * 100.0,
            Closed => s.disturbances.closed_rate * 100.0,
            ServiceCv => s.disturbances.service_time_cv,
            CoverAbsent => flag(s.disturbances.cover_absent),
            DayOpen => hour(s.hours.day_open),
            DayClose => hour(s.hours.day_close),
            NightOpen => hour(s.hours.night_open),
            NightClose => hour(s.hours.night_close),
        }
    }

    /// Whether `x` may be set: finite and in range, whole for a count, 0/1 for a flag, an
    /// option's index for a choice.
    pub fn accepts(self, s: &Settings, x: f64) -> bool {
        if !x.is_finite() {
            return false;
        }
        match self.input(s) {
            Input::Number {
                lo, hi, integer, ..
            } => x >= lo && x <= hi && !(integer && x.fract() != 0.0),
            Input::Flag => x == 0.0 || x == 1.0,
            Input::Choice(options) => x >= 0.0 && x.fract() == 0.0 && (x as usize) < options.len(),
        }
    }

    /// A copy of `s` with this setting at `x`; `None` when `x` is not accepted.
    pub fn apply(self, s: &Settings, x: f64) -> Option<Settings> {
        if !self.accepts(s, x) {
            return None;
        }
        let mut next = s.clone();
        self.set(&mut next, x);
        Some(next)
    }

    /// Writes `x` (in the panel's units; checked by `accepts`).
    fn set(self, s: &mut Settings, x: f64) {
        use Setting::*;
        let whole = x.round().max(0.0);
        let on = x != 0.0;
        match self {
            DayMinutes => s.day_minutes = x,
            DaysPerWeek => s.days_per_week = whole as u32,
            OvertimeCap => s.overtime_cap_minutes = x,
            RoadFactor => s.road_factor = x,
            Speed(Zone::Urban) => s.speed_kmh.urban = x,
            Speed(Zone::Town) => s.speed_kmh.town = x,
            Speed(Zone::Rural) => s.speed_kmh.rural = x,
            CostPerKm => s.cost_per_km = x,
            Cycle(f, k) => set_at(&mut rule_mut(s, f).cycle_weeks, k, whole as u32),
            Minutes(f, k) => set_at(&mut rule_mut(s, f).minutes, k, x),
            SpecialistFactor => s.specialist_factor = x,
            StaffingUtilisation => s.staffing_utilisation = x / 100.0,
            Tiers => {
                s.tiers = if whole == 0.0 {
                    TierScheme::Format
                } else {
                    TierScheme::ValueGroup
                }
            }
            TopTiers => s.top_tiers = whole.min(f64::from(u8::MAX)) as u8,
            ResearchDesk => s.research_desk_share = x / 100.0,
            SmallClass => s.format.small_class_managers = x,
            TerritorialKm => s.format.territorial_km = x,
            Pay(g) => {
                if let Some(p) = s.pay_per_month.get_mut(g) {
                    *p = x;
                }
            }
            TeamVisits => s.modes.team_visits = on,
            Staggering => s.modes.staggering = on,
            FlexibleHours => s.modes.flexible_hours = on,
            DeepVisits => s.modes.deep_visits = on,
            TeamPerMonth => s.team.per_month = x,
            TeamMaxMembers => s.team.max_members = whole as u32,
            TeamPrep => s.team.prep_minutes = x,
            TeamDebrief => s.team.debrief_minutes = x,
            MarketManagerJoins => s.team.market_manager_joins = on,
            DeepFactor => s.deep.factor = x,
            OptionalCap => s.deep.optional_cap_per_month = whole as u32,
            ValueScheme => {
                s.value.scheme = if whole == 0.0 {
                    super::settings::ValueScheme::FiveDimensions
                } else {
                    super::settings::ValueScheme::ThreeDimensions
                }
            }
            Weight(i) => {
                if let Some(w) = s.value.weights.get_mut(i) {
                    *w = x;
                }
            }
            HighValue => s.value.high_value_share = x / 100.0,
            CoreShare => s.value.core_share = x / 100.0,
            NightGroup => s.value.night_group = on,
            Hybrid(z) => {
                let m = ZoneModel::ALL
                    .get(whole as usize)
                    .copied()
                    .unwrap_or(ZoneModel::Region);
                match z {
                    Zone::Urban => s.hybrid.urban = m,
                    Zone::Town => s.hybrid.town = m,
                    Zone::Rural => s.hybrid.rural = m,
                }
            }
            Absence => s.disturbances.absence_rate = x / 100.0,
            Closed => s.disturbances.closed_rate = x / 100.0,
            ServiceCv => s.disturbances.service_time_cv = x,
            CoverAbsent => s.disturbances.cover_absent = on,
            DayOpen => s.hours.day_open = minutes_of(x),
            DayClose => s.hours.day_close = minutes_of(x),
            NightOpen => s.hours.night_open = minutes_of(x),
            NightClose => s.hours.night_close = minutes_of(x),
        }
    }
}

/// One assumption: a row of the panel, with one input per setting (one per class, zone…).
#[derive(Debug, Clone, PartialEq)]
pub struct Assumption {
    /// The row's id (stable; for tests and styling).
    pub id: &'static str,
    /// Translation key of the section the row belongs to.
    pub group: &'static str,
    /// Translation keys of the name, the unit (none for switches and choices) and the basis.
    pub name: &'static str,
    pub unit: Option<&'static str>,
    pub source: Source,
    pub basis: &'static str,
    pub settings: Vec<Setting>,
}

/// Every assumption of `s`, grouped, in the order the panel lists them. Rows per class and per
/// pay grade follow the settings' own lists.
pub fn assumptions(s: &Settings) -> Vec<Assumption> {
    use Setting::*;
    use Source::*;
    let classes = s.classes.len();
    let per_class = |f: fn(usize) -> Setting| (0..classes).map(f).collect::<Vec<_>>();
    let zones = |f: fn(Zone) -> Setting| Zone::ALL.iter().map(|&z| f(z)).collect::<Vec<_>>();
    let row = |id, group, name, unit, source, basis, settings| Assumption {
        id,
        group,
        name,
        unit,
        source,
        basis,
        settings,
    };
    const DAY: &str = "learn.assume.group.day";
    const TRAVEL: &str = "learn.assume.group.travel";
    const WORK: &str = "learn.assume.group.work";
    const STAFFING: &str = "learn.assume.group.staffing";
    const COST: &str = "learn.assume.group.cost";
    const MODES: &str = "learn.assume.group.modes";
    const TEAM: &str = "learn.assume.group.team";
    const VALUE: &str = "learn.assume.group.value";
    const HYBRID: &str = "learn.assume.group.hybrid";
    const DISTURB: &str = "learn.assume.group.disturbances";
    const HOURS: &str = "learn.assume.group.hours";
    let min = Some("learn.assume.unit.min");
    let weeks = Some("learn.assume.unit.weeks");
    let pct = Some("learn.assume.unit.pct");
    let times = Some("learn.assume.unit.times");
    let clock = Some("learn.assume.unit.clock");
    vec![
        row(
            "day_minutes",
            DAY,
            "learn.assume.day_minutes",
            min,
            Study,
            "learn.assume.basis.day_minutes",
            vec![DayMinutes],
        ),
        row(
            "days_per_week",
            DAY,
            "learn.assume.days_per_week",
            Some("learn.assume.unit.days"),
            Domain,
            "learn.assume.basis.days_per_week",
            vec![DaysPerWeek],
        ),
        row(
            "overtime_cap_minutes",
            DAY,
            "learn.assume.overtime_cap",
            min,
            Domain,
            "learn.assume.basis.overtime_cap",
            vec![OvertimeCap],
        ),
        row(
            "road_factor",
            TRAVEL,
            "learn.assume.road_factor",
            times,
            Estimate,
            "learn.assume.basis.road_factor",
            vec![RoadFactor],
        ),
        row(
            "speed",
            TRAVEL,
            "learn.assume.speed",
            Some("learn.assume.unit.kmh"),
            Estimate,
            "learn.assume.basis.speed",
            zones(Speed),
        ),
        row(
            "cycle-service",
            WORK,
            "learn.assume.cycle.service",
            weeks,
            Estimate,
            "learn.assume.basis.cycle_service",
            per_class(|k| Cycle(Function::Service, k)),
        ),
        row(
            "minutes-service",
            WORK,
            "learn.assume.minutes.service",
            min,
            Estimate,
            "learn.assume.basis.minutes_service",
            per_class(|k| Minutes(Function::Service, k)),
        ),
        row(
            "cycle-brand",
            WORK,
            "learn.assume.cycle.brand",
            weeks,
            Estimate,
            "learn.assume.basis.cycle_brand",
            per_class(|k| Cycle(Function::Brand, k)),
        ),
        row(
            "minutes-brand",
            WORK,
            "learn.assume.minutes.brand",
            min,
            Estimate,
            "learn.assume.basis.minutes_post",
            per_class(|k| Minutes(Function::Brand, k)),
        ),
        row(
            "cycle-training",
            WORK,
            "learn.assume.cycle.training",
            weeks,
            Estimate,
            "learn.assume.basis.cycle_monthly",
            per_class(|k| Cycle(Function::Training, k)),
        ),
        row(
            "minutes-training",
            WORK,
            "learn.assume.minutes.training",
            min,
            Estimate,
            "learn.assume.basis.minutes_post",
            per_class(|k| Minutes(Function::Training, k)),
        ),
        row(
            "cycle-research",
            WORK,
            "learn.assume.cycle.research",
            weeks,
            Estimate,
            "learn.assume.basis.cycle_monthly",
            per_class(|k| Cycle(Function::Research, k)),
        ),
        row(
            "minutes-research",
            WORK,
            "learn.assume.minutes.research",
            min,
            Estimate,
            "learn.assume.basis.minutes_post",
            per_class(|k| Minutes(Function::Research, k)),
        ),
        row(
            "specialist_factor",
            STAFFING,
            "learn.assume.specialist_factor",
            times,
            Domain,
            "learn.assume.basis.specialist_factor",
            vec![SpecialistFactor],
        ),
        row(
            "staffing_utilisation",
            STAFFING,
            "learn.assume.staffing_utilisation",
            pct,
            Estimate,
            "learn.assume.basis.staffing_utilisation",
            vec![StaffingUtilisation],
        ),
        row(
            "tiers",
            STAFFING,
            "learn.assume.tiers",
            None,
            Domain,
            "learn.assume.basis.tiers",
            vec![Tiers],
        ),
        row(
            "top_tiers",
            STAFFING,
            "learn.assume.top_tiers",
            Some("learn.assume.unit.tiers"),
            Study,
            "learn.assume.basis.top_tiers",
            vec![TopTiers],
        ),
        row(
            "research_desk_share",
            STAFFING,
            "learn.assume.research_desk",
            pct,
            Estimate,
            "learn.assume.basis.research_desk",
            vec![ResearchDesk],
        ),
        row(
            "small_class_managers",
            STAFFING,
            "learn.assume.small_class",
            Some("learn.assume.unit.managers"),
            Study,
            "learn.assume.basis.small_class",
            vec![SmallClass],
        ),
        row(
            "territorial_km",
            STAFFING,
            "learn.assume.territorial_km",
            Some("learn.assume.unit.km"),
            Estimate,
            "learn.assume.basis.territorial_km",
            vec![TerritorialKm],
        ),
        row(
            "pay_per_month",
            COST,
            "learn.assume.pay",
            Some("learn.assume.unit.cny_month"),
            Estimate,
            "learn.assume.basis.pay",
            (0..s.pay_per_month.len()).map(Pay).collect(),
        ),
        row(
            "cost_per_km",
            COST,
            "learn.assume.cost_per_km",
            Some("learn.assume.unit.cny_km"),
            Estimate,
            "learn.assume.basis.cost_per_km",
            vec![CostPerKm],
        ),
        row(
            "team_visits",
            MODES,
            "learn.assume.team_visits",
            None,
            Study,
            "learn.assume.basis.team_visits",
            vec![TeamVisits],
        ),
        row(
            "staggering",
            MODES,
            "learn.assume.staggering",
            None,
            Study,
            "learn.assume.basis.staggering",
            vec![Staggering],
        ),
        row(
            "flexible_hours",
            MODES,
            "learn.assume.flexible_hours",
            None,
            Study,
            "learn.assume.basis.flexible_hours",
            vec![FlexibleHours],
        ),
        row(
            "deep_visits",
            MODES,
            "learn.assume.deep_visits",
            None,
            Domain,
            "learn.assume.basis.deep_visits",
            vec![DeepVisits],
        ),
        row(
            "team_per_month",
            TEAM,
            "learn.assume.team_per_month",
            Some("learn.assume.unit.per_4_weeks"),
            Estimate,
            "learn.assume.basis.team_per_month",
            vec![TeamPerMonth],
        ),
        row(
            "team_max_members",
            TEAM,
            "learn.assume.team_max_members",
            Some("learn.assume.unit.people"),
            Study,
            "learn.assume.basis.team_max_members",
            vec![TeamMaxMembers],
        ),
        row(
            "team_prep_minutes",
            TEAM,
            "learn.assume.team_prep",
            min,
            Study,
            "learn.assume.basis.team_prep",
            vec![TeamPrep],
        ),
        row(
            "team_debrief_minutes",
            TEAM,
            "learn.assume.team_debrief",
            min,
            Study,
            "learn.assume.basis.team_debrief",
            vec![TeamDebrief],
        ),
        row(
            "market_manager_joins",
            TEAM,
            "learn.assume.market_manager",
            None,
            Study,
            "learn.assume.basis.market_manager",
            vec![MarketManagerJoins],
        ),
        row(
            "deep_factor",
            TEAM,
            "learn.assume.deep_factor",
            times,
            Estimate,
            "learn.assume.basis.deep_factor",
            vec![DeepFactor],
        ),
        row(
            "optional_cap",
            TEAM,
            "learn.assume.optional_cap",
            Some("learn.assume.unit.per_4_weeks"),
            Study,
            "learn.assume.basis.optional_cap",
            vec![OptionalCap],
        ),
        row(
            "value_scheme",
            VALUE,
            "learn.assume.value_scheme",
            None,
            Study,
            "learn.assume.basis.value_scheme",
            vec![ValueScheme],
        ),
        row(
            "value_weights",
            VALUE,
            "learn.assume.weights",
            None,
            Estimate,
            "learn.assume.basis.weights",
            (0..5).map(Weight).collect(),
        ),
        row(
            "high_value_share",
            VALUE,
            "learn.assume.high_value",
            pct,
            Estimate,
            "learn.assume.basis.high_value",
            vec![HighValue],
        ),
        row(
            "core_share",
            VALUE,
            "learn.assume.core_share",
            pct,
            Study,
            "learn.assume.basis.core_share",
            vec![CoreShare],
        ),
        row(
            "night_group",
            VALUE,
            "learn.assume.night_group",
            None,
            Study,
            "learn.assume.basis.night_group",
            vec![NightGroup],
        ),
        row(
            "hybrid",
            HYBRID,
            "learn.assume.hybrid",
            None,
            Study,
            "learn.assume.basis.hybrid",
            zones(Hybrid),
        ),
        row(
            "absence_rate",
            DISTURB,
            "learn.assume.absence",
            pct,
            Estimate,
            "learn.assume.basis.absence",
            vec![Absence],
        ),
        row(
            "closed_rate",
            DISTURB,
            "learn.assume.closed",
            pct,
            Estimate,
            "learn.assume.basis.closed",
            vec![Closed],
        ),
        row(
            "service_time_cv",
            DISTURB,
            "learn.assume.service_cv",
            None,
            Estimate,
            "learn.assume.basis.service_cv",
            vec![ServiceCv],
        ),
        row(
            "cover_absent",
            DISTURB,
            "learn.assume.cover_absent",
            None,
            Domain,
            "learn.assume.basis.cover_absent",
            vec![CoverAbsent],
        ),
        row(
            "day_hours",
            HOURS,
            "learn.assume.day_hours",
            clock,
            Estimate,
            "learn.assume.basis.hours",
            vec![DayOpen, DayClose],
        ),
        row(
            "night_hours",
            HOURS,
            "learn.assume.night_hours",
            clock,
            Estimate,
            "learn.assume.basis.hours",
            vec![NightOpen, NightClose],
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{t, Lang};

    fn every_setting(s: &Settings) -> Vec<Setting> {
        assumptions(s)
            .into_iter()
            .flat_map(|a| a.settings)
            .collect()
    }

    #[test]
    fn ids_are_unique_and_every_default_is_accepted_as_it_is() {
        let s = Settings::default();
        let all = every_setting(&s);
        let mut ids: Vec<String> = all.iter().map(|x| x.id()).collect();
        ids.sort();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate setting id");
        let mut rows: Vec<&str> = assumptions(&s).iter().map(|a| a.id).collect();
        rows.sort_unstable();
        let n = rows.len();
        rows.dedup();
        assert_eq!(rows.len(), n, "duplicate row id");
        for x in all {
            let v = x.get(&s);
            assert!(x.accepts(&s, v), "{}: default {v} refused", x.id());
            let back = x.apply(&s, v).expect("accepted");
            assert!((x.get(&back) - v).abs() < 1e-9, "{}", x.id());
        }
        // The examples named in the brief of the panel.
        let ids: Vec<String> = every_setting(&s).iter().map(|x| x.id()).collect();
        for id in [
            "day_minutes",
            "speed-urban",
            "minutes-service-0",
            "cycle-research-3",
        ] {
            assert!(ids.iter().any(|x| x == id), "{id}");
        }
    }

    #[test]
    fn each_setting_writes_its_own_field_and_nothing_else() {
        let s = Settings::default();
        let all = every_setting(&s);
        for x in &all {
            // A valid value other than the current one: an end of the range or the other
            // option/state.
            let now = x.get(&s);
            let other = match x.input(&s) {
                Input::Number { lo, hi, .. } => {
                    if (now - hi).abs() > 1e-9 {
                        hi
                    } else {
                        lo
                    }
                }
                Input::Flag => 1.0 - now,
                Input::Choice(o) => ((now as usize + 1) % o.len()) as f64,
            };
            let next = x.apply(&s, other).expect("valid value accepted");
            assert!(
                (x.get(&next) - other).abs() < 1e-9,
                "{} not written",
                x.id()
            );
            assert_ne!(next, s, "{} changed nothing", x.id());
            for y in all.iter().filter(|y| *y != x) {
                assert_eq!(
                    y.get(&next),
                    y.get(&s),
                    "{} also changed {}",
                    x.id(),
                    y.id()
                );
            }
        }
    }

    #[test]
    fn out_of_range_fractional_and_non_numbers_are_refused() {
        let s = Settings::default();
        assert!(Setting::Speed(Zone::Urban).apply(&s, 0.5).is_none());
        assert!(Setting::Speed(Zone::Urban).apply(&s, 121.0).is_none());
        assert!(Setting::DayMinutes.apply(&s, f64::NAN).is_none());
        assert!(Setting::DayMinutes.apply(&s, f64::INFINITY).is_none());
        assert!(Setting::Cycle(Function::Service, 0)
            .apply(&s, 2.5)
            .is_none());
        assert!(Setting::TeamVisits.apply(&s, 0.5).is_none());
        assert!(Setting::Hybrid(Zone::Urban).apply(&s, 6.0).is_none());
        // A shop never closes before it opens.
        assert!(Setting::DayOpen.apply(&s, 21.0).is_none());
        assert!(Setting::DayClose.apply(&s, 8.0).is_none());
        let later = Setting::DayClose.apply(&s, 22.5).expect("22:30");
        assert_eq!(later.hours.day_close, 22 * 60 + 30);
        // Percent in the panel, a share in the settings.
        let absent = Setting::Absence.apply(&s, 10.0).expect("10 %");
        assert!((absent.disturbances.absence_rate - 0.1).abs() < 1e-12);
    }

    #[test]
    fn rules_shorter_than_the_classes_are_padded_not_indexed_past_the_end() {
        let mut s = Settings::default();
        s.functions.truncate(1);
        s.functions[0].minutes = vec![20.0];
        let next = Setting::Minutes(Function::Service, 2)
            .apply(&s, 12.0)
            .expect("valid");
        assert_eq!(next.functions[0].minutes, vec![20.0, 20.0, 12.0]);
        let next = Setting::Cycle(Function::Research, 1)
            .apply(&s, 2.0)
            .expect("valid");
        assert_eq!(next.functions.len(), 4);
        assert_eq!(next.cycle_weeks(Function::Research, 1), 2);
        assert_eq!(next.cycle_weeks(Function::Research, 0), 4);
    }

    #[test]
    fn zone_model_options_follow_zone_model_order() {
        assert_eq!(ZONE_MODEL_OPTIONS.len(), ZoneModel::ALL.len());
        for (o, m) in ZONE_MODEL_OPTIONS.iter().zip(ZoneModel::ALL) {
            assert_eq!(o.0, m.id());
            assert_eq!(o.1, format!("zone_model.{}", m.id()));
        }
    }

    #[test]
    fn every_text_the_panel_names_is_translated() {
        let s = Settings::default();
        let mut keys: Vec<String> = DIMENSION_KEYS.iter().map(|k| k.to_string()).collect();
        for a in assumptions(&s) {
            keys.extend([a.group, a.name, a.basis, a.source.key()].map(String::from));
            keys.extend(a.unit.map(String::from));
            for x in &a.settings {
                if let Input::Choice(o) = x.input(&s) {
                    keys.extend(o.iter().map(|(_, k)| k.to_string()));
                }
            }
        }
        for lang in Lang::ALL {
            for k in &keys {
                assert_ne!(t(lang, k), k.as_str(), "{k} missing in {}", lang.code());
            }
        }
    }
}
