//! The pilot's rows (docs/domain.md "Pilot"): how much the territories hold to today's plan,
//! who may hold a post (任职条件), what a post pays (定薪), and the KPI sheet's weights.

use super::keys::{PILOT, STAFFING};
use super::row::{count, number, Parts, Row, Source};
use super::units::{flag, flag_input, whole};
use crate::core::settings::Function;

/// How much leaving today's manager costs when territories are cut.
pub const STABILITY: Row = Row {
    id: "territory_stability",
    key: "territory_stability",
    group: STAFFING,
    name: "learn.assume.territory_stability",
    unit: Some("learn.assume.unit.km"),
    source: Source::Estimate,
    basis: "learn.assume.basis.territory_stability",
    parts: Parts::Whole,
    // 0 cuts from scratch; past 50 km no territory of a county moves a customer at all.
    input: |_, _| number(0.0, 50.0, 0.5),
    get: |s, _| s.territory_stability,
    set: |s, _, x| s.territory_stability = x.max(0.0),
    what_if: None,
};

/// Whether the models cut territories from today's plan.
pub const FROM_TODAY: Row = Row {
    id: "territory_from_today",
    key: "territory_from_today",
    group: STAFFING,
    name: "learn.assume.territory_from_today",
    unit: None,
    source: Source::Estimate,
    basis: "learn.assume.basis.territory_from_today",
    parts: Parts::Whole,
    input: flag_input,
    get: |s, _| flag(s.territory_from_today),
    set: |s, _, x| s.territory_from_today = x != 0.0,
    what_if: None,
};

/// A post's least skill: one row per post.
macro_rules! min_skill_row {
    ($f:expr, $id:literal) => {
        Row {
            id: concat!("post_min_skill_", $id),
            key: concat!("post_min_skill_", $id),
            group: PILOT,
            name: concat!("learn.assume.post_min_skill.", $id),
            unit: None,
            source: Source::Estimate,
            basis: "learn.assume.basis.post_min_skill",
            parts: Parts::Whole,
            input: |_, _| number(0.0, 100.0, 1.0),
            get: |s, _| s.pilot.min_skill[$f.index()],
            set: |s, _, x| s.pilot.min_skill[$f.index()] = x.clamp(0.0, 100.0),
            what_if: None,
        }
    };
}

/// A post's pay grade: one row per post.
macro_rules! pay_grade_row {
    ($f:expr, $id:literal) => {
        Row {
            id: concat!("post_pay_grade_", $id),
            key: concat!("post_pay_grade_", $id),
            group: PILOT,
            name: concat!("learn.assume.post_pay_grade.", $id),
            unit: Some("learn.assume.unit.pay_grade"),
            source: Source::Estimate,
            basis: "learn.assume.basis.post_pay_grade",
            parts: Parts::Whole,
            // The pay table's grades (a grade past its end is paid its last rate).
            input: |s, _| count(1.0, s.pay_per_month.len().max(1) as f64),
            get: |s, _| f64::from(s.pilot.pay_grade[$f.index()]),
            set: |s, _, x| s.pilot.pay_grade[$f.index()] = whole(x).clamp(1.0, 255.0) as u8,
            what_if: None,
        }
    };
}

/// A KPI weight: one row per indicator.
macro_rules! kpi_row {
    ($field:ident, $id:literal) => {
        Row {
            id: concat!("kpi_", $id),
            key: concat!("kpi_", $id),
            group: PILOT,
            name: concat!("learn.assume.kpi.", $id),
            unit: None,
            source: Source::Estimate,
            basis: "learn.assume.basis.kpi_weight",
            parts: Parts::Whole,
            input: |_, _| number(0.0, 10.0, 0.05),
            get: |s, _| s.pilot.kpi.$field,
            set: |s, _, x| s.pilot.kpi.$field = x.max(0.0),
            what_if: None,
        }
    };
}

pub const PILOT_ROWS: [Row; 17] = [
    min_skill_row!(Function::Service, "service"),
    min_skill_row!(Function::Brand, "brand"),
    min_skill_row!(Function::Training, "training"),
    min_skill_row!(Function::Research, "research"),
    pay_grade_row!(Function::Service, "service"),
    pay_grade_row!(Function::Brand, "brand"),
    pay_grade_row!(Function::Training, "training"),
    pay_grade_row!(Function::Research, "research"),
    kpi_row!(cycles, "cycles"),
    kpi_row!(visits, "visits"),
    kpi_row!(service, "service"),
    kpi_row!(team_visits, "team_visits"),
    kpi_row!(overtime, "overtime"),
    kpi_row!(coverage, "coverage"),
    kpi_row!(over_service, "over_service"),
    kpi_row!(travel, "travel"),
    Row {
        id: "kpi_team_share",
        key: "kpi_team_share",
        group: PILOT,
        name: "learn.assume.kpi.team_share",
        unit: Some("learn.assume.unit.pct"),
        source: Source::Study,
        basis: "learn.assume.basis.kpi_team_share",
        parts: Parts::Whole,
        input: |_, _| number(0.0, 100.0, 5.0),
        get: |s, _| s.pilot.kpi.team_share * 100.0,
        set: |s, _, x| s.pilot.kpi.team_share = (x / 100.0).clamp(0.0, 1.0),
        what_if: None,
    },
];
