//! The table: one row per assumption, each saying everything about its setting. Adding a
//! setting is one row here plus its texts in the two translation files; the assumptions panel,
//! the what-if panel, validation and the CLI all read this table.
//!
//! Values are in the units the panel shows (percent for shares, clock hours for opening hours).
//! The rows of the work that follows practice (reach, cycles by value group, group sessions,
//! lunch, the evening shift, segments, the low grade that training's reach reads) are in
//! `practice.rs`. Left out on purpose: the structural lists (format classes, posts), the
//! horizon (`weeks`, a run control of its own), the start date (a label) and the 档位 bands of
//! `cycle_overrides.by_grade`, a list set in the scenario file and checked by `edit::errors`.

use super::keys::{
    CLOCK, COST, DAY, DISTURB, HOURS, HYBRID, MIN, MODES, PCT, PER_4_WEEKS, STAFFING, TEAM, TIMES,
    TRAVEL, VALUE, WEEKS, WORK,
};
use super::pilot::{FROM_TODAY, PILOT_ROWS, STABILITY};
use super::practice::{
    CYCLE_GROUP_ROWS, EVENING_START, LONGEST_CYCLE, LUNCH, REACH_ROWS, SEGMENTS, SESSION_ROWS,
};
use super::row::{
    count, number, zone_id, Input, Part, Parts, Row, Section, Source, WhatIf, WhatIfLabel,
};
use super::territory::TERRITORY_ROWS;
use super::units::{flag, flag_input, hour, index_of, minutes_of, set_at, whole};
use crate::core::scenario::Zone;
use crate::core::settings::{Function, FunctionRule, Settings, TierScheme, ValueScheme, ZoneModel};

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
pub const ZONE_MODEL_OPTIONS: &[(&str, &str)] = &[
    ("region", "zone_model.region"),
    ("format", "zone_model.format"),
    ("value", "zone_model.value"),
    ("specialised", "zone_model.specialised"),
    ("specialised_value", "zone_model.specialised_value"),
    ("specialised_format", "zone_model.specialised_format"),
];

const WEIGHT_LABELS: &[&str] = &[
    "control.weight_loyalty",
    "control.weight_integrity",
    "control.weight_cooperation",
    "control.weight_growth",
    "control.weight_dependency",
];

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

fn cycle_get(s: &Settings, f: Function, p: Part) -> f64 {
    f64::from(s.cycle_weeks(f, p.index() as u8))
}

fn cycle_set(s: &mut Settings, f: Function, p: Part, x: f64) {
    set_at(&mut rule_mut(s, f).cycle_weeks, p.index(), whole(x) as u32);
}

fn minutes_get(s: &Settings, f: Function, p: Part) -> f64 {
    s.minutes(f, p.index() as u8)
}

fn minutes_set(s: &mut Settings, f: Function, p: Part, x: f64) {
    set_at(&mut rule_mut(s, f).minutes, p.index(), x);
}

fn cycle_input(_: &Settings, _: Part) -> Input {
    count(1.0, LONGEST_CYCLE)
}

fn minutes_input(_: &Settings, _: Part) -> Input {
    number(1.0, 240.0, 1.0)
}

fn pct_rate_input(_: &Settings, _: Part) -> Input {
    number(0.0, 50.0, 0.5)
}

fn team_minutes_input(_: &Settings, _: Part) -> Input {
    number(0.0, 120.0, 5.0)
}

/// Shown in the what-if panel as one field with this element id and label.
const fn shown(section: Section, element: fn(Part) -> String, label: &'static str) -> WhatIf {
    WhatIf {
        section,
        element,
        label: WhatIfLabel::Key(label),
        refusal: None,
        limit: usize::MAX,
    }
}

/// The cycle and minutes rows of one function.
macro_rules! function_rows {
    ($f:expr, $cycle:literal, $minutes:literal, $cycle_basis:literal, $minutes_basis:literal) => {
        [
            Row {
                id: concat!("cycle-", $cycle),
                key: concat!("cycle-", $cycle),
                group: WORK,
                name: concat!("learn.assume.cycle.", $cycle),
                unit: WEEKS,
                source: Source::Estimate,
                basis: $cycle_basis,
                parts: Parts::Classes,
                input: cycle_input,
                get: |s, p| cycle_get(s, $f, p),
                set: |s, p, x| cycle_set(s, $f, p, x),
                what_if: None,
            },
            Row {
                id: concat!("minutes-", $minutes),
                key: concat!("minutes-", $minutes),
                group: WORK,
                name: concat!("learn.assume.minutes.", $minutes),
                unit: MIN,
                source: Source::Estimate,
                basis: $minutes_basis,
                parts: Parts::Classes,
                input: minutes_input,
                get: |s, p| minutes_get(s, $f, p),
                set: |s, p, x| minutes_set(s, $f, p, x),
                what_if: None,
            },
        ]
    };
}

const SERVICE: [Row; 2] = function_rows!(
    Function::Service,
    "service",
    "service",
    "learn.assume.basis.cycle_service",
    "learn.assume.basis.minutes_service"
);
const BRAND: [Row; 2] = function_rows!(
    Function::Brand,
    "brand",
    "brand",
    "learn.assume.basis.cycle_brand",
    "learn.assume.basis.minutes_post"
);
const TRAINING: [Row; 2] = function_rows!(
    Function::Training,
    "training",
    "training",
    "learn.assume.basis.cycle_monthly",
    "learn.assume.basis.minutes_post"
);
const RESEARCH: [Row; 2] = function_rows!(
    Function::Research,
    "research",
    "research",
    "learn.assume.basis.cycle_monthly",
    "learn.assume.basis.minutes_post"
);

/// Every assumption, grouped, in the order the panel lists them.
pub static ROWS: &[Row] = &[
    Row {
        id: "day_minutes",
        key: "day_minutes",
        group: DAY,
        name: "learn.assume.day_minutes",
        unit: MIN,
        source: Source::Study,
        basis: "learn.assume.basis.day_minutes",
        parts: Parts::Whole,
        input: |_, _| number(240.0, 720.0, 10.0),
        get: |s, _| s.day_minutes,
        set: |s, _, x| s.day_minutes = x,
        what_if: None,
    },
    LUNCH,
    Row {
        id: "days_per_week",
        key: "days_per_week",
        group: DAY,
        name: "learn.assume.days_per_week",
        unit: Some("learn.assume.unit.days"),
        source: Source::Domain,
        basis: "learn.assume.basis.days_per_week",
        parts: Parts::Whole,
        input: |_, _| count(1.0, 7.0),
        get: |s, _| f64::from(s.days_per_week),
        set: |s, _, x| s.days_per_week = whole(x) as u32,
        what_if: None,
    },
    Row {
        id: "overtime_cap_minutes",
        key: "overtime_cap_minutes",
        group: DAY,
        name: "learn.assume.overtime_cap",
        unit: MIN,
        source: Source::Domain,
        basis: "learn.assume.basis.overtime_cap",
        parts: Parts::Whole,
        input: |_, _| number(0.0, 240.0, 5.0),
        get: |s, _| s.overtime_cap_minutes,
        set: |s, _, x| s.overtime_cap_minutes = x,
        what_if: None,
    },
    EVENING_START,
    Row {
        id: "road_factor",
        key: "road_factor",
        group: TRAVEL,
        name: "learn.assume.road_factor",
        unit: TIMES,
        source: Source::Estimate,
        basis: "learn.assume.basis.road_factor",
        parts: Parts::Whole,
        input: |_, _| number(1.0, 3.0, 0.05),
        get: |s, _| s.road_factor,
        set: |s, _, x| s.road_factor = x,
        what_if: None,
    },
    Row {
        id: "speed",
        key: "speed",
        group: TRAVEL,
        name: "learn.assume.speed",
        unit: Some("learn.assume.unit.kmh"),
        source: Source::Estimate,
        basis: "learn.assume.basis.speed",
        parts: Parts::Zones,
        input: |_, _| number(1.0, 120.0, 1.0),
        get: |s, p| s.speed_kmh.get(p.zone()),
        set: |s, p, x| match p.zone() {
            Zone::Urban => s.speed_kmh.urban = x,
            Zone::Town => s.speed_kmh.town = x,
            Zone::Rural => s.speed_kmh.rural = x,
        },
        what_if: Some(WhatIf {
            section: Section::Speeds,
            element: |p| format!("speed-{}", zone_id(p.zone())),
            label: WhatIfLabel::Part,
            refusal: None,
            limit: usize::MAX,
        }),
    },
    Row {
        what_if: Some(WhatIf {
            section: Section::ServiceCycle,
            element: |p| format!("cycle-{}", p.index()),
            label: WhatIfLabel::Part,
            refusal: None,
            // The drawer has room for the four classes of the presets.
            limit: 4,
        }),
        ..SERVICE[0]
    },
    Row {
        what_if: Some(WhatIf {
            section: Section::ServiceMinutes,
            element: |p| format!("service-min-{}", p.index()),
            label: WhatIfLabel::Part,
            refusal: Some("control.service_minutes"),
            limit: usize::MAX,
        }),
        ..SERVICE[1]
    },
    BRAND[0],
    BRAND[1],
    TRAINING[0],
    TRAINING[1],
    RESEARCH[0],
    RESEARCH[1],
    REACH_ROWS[0],
    REACH_ROWS[1],
    REACH_ROWS[2],
    REACH_ROWS[3],
    REACH_ROWS[4],
    CYCLE_GROUP_ROWS[0],
    CYCLE_GROUP_ROWS[1],
    CYCLE_GROUP_ROWS[2],
    CYCLE_GROUP_ROWS[3],
    SESSION_ROWS[0],
    SESSION_ROWS[1],
    SESSION_ROWS[2],
    Row {
        id: "specialist_factor",
        key: "specialist_factor",
        group: STAFFING,
        name: "learn.assume.specialist_factor",
        unit: TIMES,
        source: Source::Domain,
        basis: "learn.assume.basis.specialist_factor",
        parts: Parts::Whole,
        input: |_, _| number(0.1, 3.0, 0.05),
        get: |s, _| s.specialist_factor,
        set: |s, _, x| s.specialist_factor = x,
        what_if: None,
    },
    Row {
        id: "staffing_utilisation",
        key: "staffing_utilisation",
        group: STAFFING,
        name: "learn.assume.staffing_utilisation",
        unit: PCT,
        source: Source::Estimate,
        basis: "learn.assume.basis.staffing_utilisation",
        parts: Parts::Whole,
        input: |_, _| number(50.0, 100.0, 1.0),
        get: |s, _| s.staffing_utilisation * 100.0,
        set: |s, _, x| s.staffing_utilisation = x / 100.0,
        what_if: None,
    },
    Row {
        id: "coverage_target",
        key: "coverage_target",
        group: STAFFING,
        name: "learn.assume.coverage_target",
        unit: PCT,
        source: Source::Estimate,
        basis: "learn.assume.basis.coverage_target",
        parts: Parts::Whole,
        // A share of cycles in (0, 1], entered in percent; below 1 % it is no target at all.
        input: |_, _| number(1.0, 100.0, 0.5),
        get: |s, _| s.coverage_target * 100.0,
        set: |s, _, x| s.coverage_target = x / 100.0,
        what_if: None,
    },
    TERRITORY_ROWS[0],
    TERRITORY_ROWS[1],
    TERRITORY_ROWS[2],
    FROM_TODAY,
    STABILITY,
    Row {
        id: "tiers",
        key: "tiers",
        group: STAFFING,
        name: "learn.assume.tiers",
        unit: None,
        source: Source::Domain,
        basis: "learn.assume.basis.tiers",
        parts: Parts::Whole,
        input: |_, _| Input::Choice(TIER_OPTIONS),
        get: |s, _| index_of(&[TierScheme::Format, TierScheme::ValueGroup], &s.tiers),
        set: |s, _, x| {
            s.tiers = if whole(x) == 0.0 {
                TierScheme::Format
            } else {
                TierScheme::ValueGroup
            }
        },
        what_if: None,
    },
    Row {
        id: "top_tiers",
        key: "top_tiers",
        group: STAFFING,
        name: "learn.assume.top_tiers",
        unit: Some("learn.assume.unit.tiers"),
        source: Source::Study,
        basis: "learn.assume.basis.top_tiers",
        parts: Parts::Whole,
        input: |s, _| count(1.0, s.classes.len().max(1) as f64),
        get: |s, _| f64::from(s.top_tiers),
        set: |s, _, x| s.top_tiers = whole(x).min(f64::from(u8::MAX)) as u8,
        what_if: None,
    },
    Row {
        id: "research_desk_share",
        key: "research_desk_share",
        group: STAFFING,
        name: "learn.assume.research_desk",
        unit: PCT,
        source: Source::Estimate,
        basis: "learn.assume.basis.research_desk",
        parts: Parts::Whole,
        // `desk_minutes` keeps a research specialist below 90 % at the desk.
        input: |_, _| number(0.0, 90.0, 1.0),
        get: |s, _| s.research_desk_share * 100.0,
        set: |s, _, x| s.research_desk_share = x / 100.0,
        what_if: None,
    },
    Row {
        id: "small_class_managers",
        key: "format-small_class_managers",
        group: STAFFING,
        name: "learn.assume.small_class",
        unit: Some("learn.assume.unit.managers"),
        source: Source::Study,
        basis: "learn.assume.basis.small_class",
        parts: Parts::Whole,
        input: |_, _| number(0.0, 3.0, 0.1),
        get: |s, _| s.format.small_class_managers,
        set: |s, _, x| s.format.small_class_managers = x,
        what_if: None,
    },
    Row {
        id: "territorial_km",
        key: "format-territorial_km",
        group: STAFFING,
        name: "learn.assume.territorial_km",
        unit: Some("learn.assume.unit.km"),
        source: Source::Estimate,
        basis: "learn.assume.basis.territorial_km",
        parts: Parts::Whole,
        input: |_, _| number(0.0, 200.0, 0.5),
        get: |s, _| s.format.territorial_km,
        set: |s, _, x| s.format.territorial_km = x,
        what_if: None,
    },
    SEGMENTS,
    Row {
        id: "pay_per_month",
        key: "pay",
        group: COST,
        name: "learn.assume.pay",
        unit: Some("learn.assume.unit.cny_month"),
        source: Source::Estimate,
        basis: "learn.assume.basis.pay",
        parts: Parts::Grades,
        input: |_, _| number(0.0, 200_000.0, 100.0),
        get: |s, p| s.pay_per_month.get(p.index()).copied().unwrap_or(0.0),
        set: |s, p, x| {
            if let Some(v) = s.pay_per_month.get_mut(p.index()) {
                *v = x;
            }
        },
        what_if: None,
    },
    Row {
        id: "cost_per_km",
        key: "cost_per_km",
        group: COST,
        name: "learn.assume.cost_per_km",
        unit: Some("learn.assume.unit.cny_km"),
        source: Source::Estimate,
        basis: "learn.assume.basis.cost_per_km",
        parts: Parts::Whole,
        input: |_, _| number(0.0, 20.0, 0.1),
        get: |s, _| s.cost_per_km,
        set: |s, _, x| s.cost_per_km = x,
        what_if: None,
    },
    Row {
        id: "team_visits",
        key: "modes-team_visits",
        group: MODES,
        name: "learn.assume.team_visits",
        unit: None,
        source: Source::Study,
        basis: "learn.assume.basis.team_visits",
        parts: Parts::Whole,
        input: flag_input,
        get: |s, _| flag(s.modes.team_visits),
        set: |s, _, x| s.modes.team_visits = x != 0.0,
        what_if: Some(shown(
            Section::Modes,
            |_| "mode-team".into(),
            "control.team_visits",
        )),
    },
    Row {
        id: "staggering",
        key: "modes-staggering",
        group: MODES,
        name: "learn.assume.staggering",
        unit: None,
        source: Source::Study,
        basis: "learn.assume.basis.staggering",
        parts: Parts::Whole,
        input: flag_input,
        get: |s, _| flag(s.modes.staggering),
        set: |s, _, x| s.modes.staggering = x != 0.0,
        what_if: Some(shown(
            Section::Modes,
            |_| "mode-stagger".into(),
            "control.staggering",
        )),
    },
    Row {
        id: "flexible_hours",
        key: "modes-flexible_hours",
        group: MODES,
        name: "learn.assume.flexible_hours",
        unit: None,
        source: Source::Study,
        basis: "learn.assume.basis.flexible_hours",
        parts: Parts::Whole,
        input: flag_input,
        get: |s, _| flag(s.modes.flexible_hours),
        set: |s, _, x| s.modes.flexible_hours = x != 0.0,
        what_if: Some(shown(
            Section::Modes,
            |_| "mode-flexible".into(),
            "control.flexible_hours",
        )),
    },
    Row {
        id: "deep_visits",
        key: "modes-deep_visits",
        group: MODES,
        name: "learn.assume.deep_visits",
        unit: None,
        source: Source::Domain,
        basis: "learn.assume.basis.deep_visits",
        parts: Parts::Whole,
        input: flag_input,
        get: |s, _| flag(s.modes.deep_visits),
        set: |s, _, x| s.modes.deep_visits = x != 0.0,
        what_if: Some(shown(
            Section::Modes,
            |_| "mode-deep".into(),
            "control.deep_visits",
        )),
    },
    Row {
        id: "team_per_month",
        key: "team-per_month",
        group: TEAM,
        name: "learn.assume.team_per_month",
        unit: PER_4_WEEKS,
        source: Source::Estimate,
        basis: "learn.assume.basis.team_per_month",
        parts: Parts::Whole,
        input: |_, _| number(0.0, 4.0, 0.5),
        get: |s, _| s.team.per_month,
        set: |s, _, x| s.team.per_month = x,
        what_if: Some(shown(
            Section::Team,
            |_| "team-per-month".into(),
            "control.team_per_month",
        )),
    },
    Row {
        id: "team_max_members",
        key: "team-max_members",
        group: TEAM,
        name: "learn.assume.team_max_members",
        unit: Some("learn.assume.unit.people"),
        source: Source::Study,
        basis: "learn.assume.basis.team_max_members",
        parts: Parts::Whole,
        input: |_, _| count(2.0, 4.0),
        get: |s, _| f64::from(s.team.max_members),
        set: |s, _, x| s.team.max_members = whole(x) as u32,
        what_if: Some(shown(
            Section::Team,
            |_| "team-size".into(),
            "control.team_size",
        )),
    },
    Row {
        id: "team_prep_minutes",
        key: "team-prep_minutes",
        group: TEAM,
        name: "learn.assume.team_prep",
        unit: MIN,
        source: Source::Study,
        basis: "learn.assume.basis.team_prep",
        parts: Parts::Whole,
        input: team_minutes_input,
        get: |s, _| s.team.prep_minutes,
        set: |s, _, x| s.team.prep_minutes = x,
        what_if: None,
    },
    Row {
        id: "team_debrief_minutes",
        key: "team-debrief_minutes",
        group: TEAM,
        name: "learn.assume.team_debrief",
        unit: MIN,
        source: Source::Study,
        basis: "learn.assume.basis.team_debrief",
        parts: Parts::Whole,
        input: team_minutes_input,
        get: |s, _| s.team.debrief_minutes,
        set: |s, _, x| s.team.debrief_minutes = x,
        what_if: None,
    },
    Row {
        id: "market_manager_joins",
        key: "team-market_manager_joins",
        group: TEAM,
        name: "learn.assume.market_manager",
        unit: None,
        source: Source::Study,
        basis: "learn.assume.basis.market_manager",
        parts: Parts::Whole,
        input: flag_input,
        get: |s, _| flag(s.team.market_manager_joins),
        set: |s, _, x| s.team.market_manager_joins = x != 0.0,
        what_if: None,
    },
    Row {
        id: "joint_every_nth_multi",
        key: "team-joint_every_nth_multi",
        group: TEAM,
        name: "learn.assume.joint_every_nth",
        unit: None,
        source: Source::Estimate,
        basis: "learn.assume.basis.joint_every_nth",
        parts: Parts::Whole,
        input: |_, _| count(0.0, 12.0),
        get: |s, _| f64::from(s.team.joint_every_nth_multi),
        set: |s, _, x| s.team.joint_every_nth_multi = whole(x).min(1000.0) as u32,
        what_if: None,
    },
    Row {
        id: "market_manager_field_share",
        key: "team-market_manager_field_share",
        group: TEAM,
        name: "learn.assume.market_manager_field",
        unit: PCT,
        source: Source::Estimate,
        basis: "learn.assume.basis.market_manager_field",
        parts: Parts::Whole,
        input: |_, _| number(0.0, 100.0, 1.0),
        get: |s, _| s.team.market_manager_field_share * 100.0,
        set: |s, _, x| s.team.market_manager_field_share = x / 100.0,
        what_if: None,
    },
    Row {
        id: "market_manager_monthly_pay",
        key: "team-market_manager_monthly_pay",
        group: TEAM,
        name: "learn.assume.market_manager_pay",
        unit: Some("learn.assume.unit.cny_month"),
        source: Source::Estimate,
        basis: "learn.assume.basis.market_manager_pay",
        parts: Parts::Whole,
        input: |_, _| number(0.0, 200_000.0, 100.0),
        get: |s, _| s.team.market_manager_monthly_pay,
        set: |s, _, x| s.team.market_manager_monthly_pay = x,
        what_if: None,
    },
    Row {
        id: "deep_factor",
        key: "deep-factor",
        group: TEAM,
        name: "learn.assume.deep_factor",
        unit: TIMES,
        source: Source::Estimate,
        basis: "learn.assume.basis.deep_factor",
        parts: Parts::Whole,
        input: |_, _| number(1.0, 3.0, 0.1),
        get: |s, _| s.deep.factor,
        set: |s, _, x| s.deep.factor = x,
        what_if: Some(shown(
            Section::Team,
            |_| "deep-factor".into(),
            "control.deep_factor",
        )),
    },
    Row {
        id: "optional_cap",
        key: "deep-optional_cap_per_month",
        group: TEAM,
        name: "learn.assume.optional_cap",
        unit: PER_4_WEEKS,
        source: Source::Study,
        basis: "learn.assume.basis.optional_cap",
        parts: Parts::Whole,
        input: |_, _| count(0.0, 30.0),
        get: |s, _| f64::from(s.deep.optional_cap_per_month),
        set: |s, _, x| s.deep.optional_cap_per_month = whole(x) as u32,
        what_if: None,
    },
    Row {
        id: "value_scheme",
        key: "value-scheme",
        group: VALUE,
        name: "learn.assume.value_scheme",
        unit: None,
        source: Source::Study,
        basis: "learn.assume.basis.value_scheme",
        parts: Parts::Whole,
        input: |_, _| Input::Choice(VALUE_SCHEME_OPTIONS),
        get: |s, _| {
            index_of(
                &[ValueScheme::FiveDimensions, ValueScheme::ThreeDimensions],
                &s.value.scheme,
            )
        },
        set: |s, _, x| {
            s.value.scheme = if whole(x) == 0.0 {
                ValueScheme::FiveDimensions
            } else {
                ValueScheme::ThreeDimensions
            }
        },
        what_if: None,
    },
    Row {
        id: "value_weights",
        key: "value-weight",
        group: VALUE,
        name: "learn.assume.weights",
        unit: None,
        source: Source::Estimate,
        basis: "learn.assume.basis.weights",
        parts: Parts::Dimensions,
        input: |_, _| number(0.0, 10.0, 0.1),
        get: |s, p| s.value.weights.get(p.index()).copied().unwrap_or(0.0),
        set: |s, p, x| {
            if let Some(w) = s.value.weights.get_mut(p.index()) {
                *w = x;
            }
        },
        what_if: Some(WhatIf {
            section: Section::ValueGroups,
            element: |p| format!("weight-{}", p.index()),
            label: WhatIfLabel::PerPart(WEIGHT_LABELS),
            refusal: None,
            limit: usize::MAX,
        }),
    },
    Row {
        id: "high_value_share",
        key: "value-high_value_share",
        group: VALUE,
        name: "learn.assume.high_value",
        unit: PCT,
        source: Source::Estimate,
        basis: "learn.assume.basis.high_value",
        parts: Parts::Whole,
        input: |_, _| number(5.0, 90.0, 1.0),
        get: |s, _| s.value.high_value_share * 100.0,
        set: |s, _, x| s.value.high_value_share = x / 100.0,
        what_if: Some(shown(
            Section::ValueGroups,
            |_| "high-value".into(),
            "control.high_value_pct",
        )),
    },
    Row {
        id: "core_share",
        key: "value-core_share",
        group: VALUE,
        name: "learn.assume.core_share",
        unit: PCT,
        source: Source::Study,
        basis: "learn.assume.basis.core_share",
        parts: Parts::Whole,
        input: |_, _| number(1.0, 50.0, 1.0),
        get: |s, _| s.value.core_share * 100.0,
        set: |s, _, x| s.value.core_share = x / 100.0,
        what_if: Some(shown(
            Section::ValueGroups,
            |_| "core-share".into(),
            "control.core_pct",
        )),
    },
    Row {
        id: "night_group",
        key: "value-night_group",
        group: VALUE,
        name: "learn.assume.night_group",
        unit: None,
        source: Source::Study,
        basis: "learn.assume.basis.night_group",
        parts: Parts::Whole,
        input: flag_input,
        get: |s, _| flag(s.value.night_group),
        set: |s, _, x| s.value.night_group = x != 0.0,
        what_if: None,
    },
    Row {
        id: "hybrid",
        key: "hybrid",
        group: HYBRID,
        name: "learn.assume.hybrid",
        unit: None,
        source: Source::Study,
        basis: "learn.assume.basis.hybrid",
        parts: Parts::Zones,
        input: |_, _| Input::Choice(ZONE_MODEL_OPTIONS),
        get: |s, p| index_of(&ZoneModel::ALL, &s.hybrid.get(p.zone())),
        set: |s, p, x| {
            let m = ZoneModel::ALL
                .get(whole(x) as usize)
                .copied()
                .unwrap_or(ZoneModel::Region);
            match p.zone() {
                Zone::Urban => s.hybrid.urban = m,
                Zone::Town => s.hybrid.town = m,
                Zone::Rural => s.hybrid.rural = m,
            }
        },
        what_if: Some(WhatIf {
            section: Section::Hybrid,
            element: |p| format!("hybrid-{}", p.index()),
            label: WhatIfLabel::Part,
            refusal: None,
            limit: usize::MAX,
        }),
    },
    Row {
        id: "absence_rate",
        key: "disturbances-absence_rate",
        group: DISTURB,
        name: "learn.assume.absence",
        unit: PCT,
        source: Source::Estimate,
        basis: "learn.assume.basis.absence",
        parts: Parts::Whole,
        input: pct_rate_input,
        get: |s, _| s.disturbances.absence_rate * 100.0,
        set: |s, _, x| s.disturbances.absence_rate = x / 100.0,
        what_if: Some(shown(
            Section::Disturbances,
            |_| "absence".into(),
            "control.absence_pct",
        )),
    },
    Row {
        id: "closed_rate",
        key: "disturbances-closed_rate",
        group: DISTURB,
        name: "learn.assume.closed",
        unit: PCT,
        source: Source::Estimate,
        basis: "learn.assume.basis.closed",
        parts: Parts::Whole,
        input: pct_rate_input,
        get: |s, _| s.disturbances.closed_rate * 100.0,
        set: |s, _, x| s.disturbances.closed_rate = x / 100.0,
        what_if: Some(shown(
            Section::Disturbances,
            |_| "closed".into(),
            "control.closed_pct",
        )),
    },
    Row {
        id: "service_time_cv",
        key: "disturbances-service_time_cv",
        group: DISTURB,
        name: "learn.assume.service_cv",
        unit: None,
        source: Source::Estimate,
        basis: "learn.assume.basis.service_cv",
        parts: Parts::Whole,
        input: |_, _| number(0.0, 2.0, 0.05),
        get: |s, _| s.disturbances.service_time_cv,
        set: |s, _, x| s.disturbances.service_time_cv = x,
        what_if: None,
    },
    Row {
        id: "cover_absent",
        key: "disturbances-cover_absent",
        group: DISTURB,
        name: "learn.assume.cover_absent",
        unit: None,
        source: Source::Domain,
        basis: "learn.assume.basis.cover_absent",
        parts: Parts::Whole,
        input: flag_input,
        get: |s, _| flag(s.disturbances.cover_absent),
        set: |s, _, x| s.disturbances.cover_absent = x != 0.0,
        what_if: Some(shown(
            Section::Disturbances,
            |_| "cover".into(),
            "control.cover_absent",
        )),
    },
    Row {
        id: "day_hours",
        key: "hours-day",
        group: HOURS,
        name: "learn.assume.day_hours",
        unit: CLOCK,
        source: Source::Estimate,
        basis: "learn.assume.basis.hours",
        parts: Parts::OpenClose,
        // Opening and closing times bound each other, so a shop never closes before it opens.
        input: |s, p| match p {
            Part::Close => number(hour(s.hours.day_open) + 0.5, 30.0, 0.5),
            _ => number(0.0, (hour(s.hours.day_close) - 0.5).min(23.5), 0.5),
        },
        get: |s, p| match p {
            Part::Close => hour(s.hours.day_close),
            _ => hour(s.hours.day_open),
        },
        set: |s, p, x| match p {
            Part::Close => s.hours.day_close = minutes_of(x),
            _ => s.hours.day_open = minutes_of(x),
        },
        what_if: None,
    },
    Row {
        id: "night_hours",
        key: "hours-night",
        group: HOURS,
        name: "learn.assume.night_hours",
        unit: CLOCK,
        source: Source::Estimate,
        basis: "learn.assume.basis.hours",
        parts: Parts::OpenClose,
        input: |s, p| match p {
            Part::Close => number(hour(s.hours.night_open) + 0.5, 30.0, 0.5),
            _ => number(0.0, (hour(s.hours.night_close) - 0.5).min(23.5), 0.5),
        },
        get: |s, p| match p {
            Part::Close => hour(s.hours.night_close),
            _ => hour(s.hours.night_open),
        },
        set: |s, p, x| match p {
            Part::Close => s.hours.night_close = minutes_of(x),
            _ => s.hours.night_open = minutes_of(x),
        },
        what_if: None,
    },
    PILOT_ROWS[0],
    PILOT_ROWS[1],
    PILOT_ROWS[2],
    PILOT_ROWS[3],
    PILOT_ROWS[4],
    PILOT_ROWS[5],
    PILOT_ROWS[6],
    PILOT_ROWS[7],
    PILOT_ROWS[8],
    PILOT_ROWS[9],
    PILOT_ROWS[10],
    PILOT_ROWS[11],
    PILOT_ROWS[12],
    PILOT_ROWS[13],
    PILOT_ROWS[14],
    PILOT_ROWS[15],
    PILOT_ROWS[16],
];
