//! The rows of the work that follows practice (docs/domain.md "Reach follows practice" and
//! "Capacity"): which customers each function reaches, the 档位 counted as low, cycles by value
//! group, training's group sessions, the lunch break and the evening shift, and where the
//! format and value models draw their segments. `table::ROWS` lists them among the others.

use super::keys::{CYCLE_GROUPS, DAY, GRADE, MIN, REACH, SESSIONS, STAFFING, WEEKS};
use super::row::{count, number, Input, Part, Parts, Row, Source, CRITERIA};
use super::units::{flag, flag_input, hour, index_of, minutes_of, whole};
use crate::core::settings::{Function, Reach, SegmentScope, Settings};

/// The highest 档位.
pub const TOP_GRADE: f64 = 30.0;

/// The longest cycle a value group or a 档位 band may be given, as the cycles by class.
pub const LONGEST_CYCLE: f64 = 8.0;

/// In `SEGMENT_SCOPES` order (a test checks the ids against serde's).
pub const SEGMENT_OPTIONS: &[(&str, &str)] = &[
    ("department", "learn.assume.segments.department"),
    ("company", "learn.assume.segments.company"),
];

pub const SEGMENT_SCOPES: [SegmentScope; 2] = [SegmentScope::Department, SegmentScope::Company];

/// The reach of `f`, created (reaching nobody, what `need` reads for a missing entry) when a
/// hand-written file has fewer entries.
fn reach_mut(s: &mut Settings, f: Function) -> &mut Reach {
    while s.reach.functions.len() <= f.index() {
        s.reach.functions.push(Reach::default());
    }
    &mut s.reach.functions[f.index()]
}

fn criterion(p: Part) -> &'static str {
    CRITERIA.get(p.index()).map_or("", |c| c.0)
}

fn reach_input(s: &Settings, p: Part) -> Input {
    match criterion(p) {
        "top_classes" => count(0.0, s.classes.len() as f64),
        "sample_share" => number(0.0, 100.0, 1.0),
        _ => Input::Flag,
    }
}

/// A criterion's value in the panel's units: a switch, the number of top classes, or the
/// sample's share in percent.
fn reach_get(s: &Settings, f: Function, p: Part) -> f64 {
    let r = s.reach_of(f);
    match criterion(p) {
        "all" => flag(r.all),
        "top_classes" => f64::from(r.top_classes),
        "core" => flag(r.core),
        "key" => flag(r.key),
        "growth" => flag(r.growth),
        "volatile" => flag(r.volatile),
        "difficulty" => flag(r.difficulty),
        "low_grade" => flag(r.low_grade),
        "sample_share" => r.sample_share * 100.0,
        _ => 0.0,
    }
}

fn reach_set(s: &mut Settings, f: Function, p: Part, x: f64) {
    let on = x != 0.0;
    let r = reach_mut(s, f);
    match criterion(p) {
        "all" => r.all = on,
        "top_classes" => r.top_classes = whole(x).min(f64::from(u8::MAX)) as u8,
        "core" => r.core = on,
        "key" => r.key = on,
        "growth" => r.growth = on,
        "volatile" => r.volatile = on,
        "difficulty" => r.difficulty = on,
        "low_grade" => r.low_grade = on,
        "sample_share" => r.sample_share = x / 100.0,
        _ => {}
    }
}

/// The cycle of `f` for the value group of part `p`, 0 = the class's cycle (also for a
/// function or group a hand-written file leaves out, as `need` reads it).
fn by_group_get(s: &Settings, f: Function, p: Part) -> f64 {
    let weeks = s
        .cycle_overrides
        .by_group
        .get(f.index())
        .and_then(|row| row.get(p.index()))
        .copied()
        .unwrap_or(0);
    f64::from(weeks)
}

fn by_group_set(s: &mut Settings, f: Function, p: Part, x: f64) {
    let rows = &mut s.cycle_overrides.by_group;
    while rows.len() <= f.index() {
        rows.push([0; 4]);
    }
    if let Some(weeks) = rows[f.index()].get_mut(p.index()) {
        *weeks = whole(x) as u32;
    }
}

/// A function's reach: one row, one input per criterion.
macro_rules! reach_row {
    ($f:expr, $id:literal, $basis:literal) => {
        Row {
            id: concat!("reach_", $id),
            key: concat!("reach-", $id),
            group: REACH,
            name: concat!("learn.assume.reach.", $id),
            // Switches, a count and a percent: each part says its own.
            unit: None,
            source: Source::Estimate,
            basis: $basis,
            parts: Parts::Criteria,
            input: reach_input,
            get: |s, p| reach_get(s, $f, p),
            set: |s, p, x| reach_set(s, $f, p, x),
            what_if: None,
        }
    };
}

/// A function's cycles by value group: one row, one input per group.
macro_rules! by_group_row {
    ($f:expr, $id:literal, $basis:literal) => {
        Row {
            id: concat!("cycle_by_group_", $id),
            key: concat!("cycle_by_group-", $id),
            group: CYCLE_GROUPS,
            name: concat!("learn.assume.cycle_group.", $id),
            unit: WEEKS,
            source: Source::Estimate,
            basis: $basis,
            parts: Parts::Groups,
            input: |_, _| count(0.0, LONGEST_CYCLE),
            get: |s, p| by_group_get(s, $f, p),
            set: |s, p, x| by_group_set(s, $f, p, x),
            what_if: None,
        }
    };
}

/// The lunch break, after the working day's length.
pub const LUNCH: Row = Row {
    id: "lunch_minutes",
    key: "lunch_minutes",
    group: DAY,
    name: "learn.assume.lunch",
    unit: MIN,
    source: Source::Domain,
    basis: "learn.assume.basis.lunch",
    parts: Parts::Whole,
    input: |_, _| number(0.0, 120.0, 5.0),
    get: |s, _| s.lunch_minutes,
    set: |s, _, x| s.lunch_minutes = x,
    what_if: None,
};

/// The evening shift's start, with the working day.
pub const EVENING_START: Row = Row {
    id: "evening_start",
    key: "evening_start",
    group: DAY,
    name: "learn.assume.evening_start",
    unit: Some("learn.assume.unit.clock"),
    source: Source::Estimate,
    basis: "learn.assume.basis.evening_start",
    parts: Parts::Whole,
    // Later than a day shift's start, early enough for a whole day before the night shops close.
    input: |_, _| number(8.0, 20.0, 0.5),
    get: |s, _| hour(s.evening_start),
    set: |s, _, x| s.evening_start = minutes_of(x),
    what_if: None,
};

/// Who each function reaches, and the 档位 counted as low.
pub const REACH_ROWS: [Row; 5] = [
    Row {
        id: "reach_every_shop",
        key: "reach-every_shop",
        group: REACH,
        name: "learn.assume.reach.every_shop",
        unit: None,
        source: Source::Domain,
        basis: "learn.assume.basis.every_shop",
        parts: Parts::Whole,
        input: flag_input,
        get: |s, _| flag(s.reach.every_shop),
        set: |s, _, x| s.reach.every_shop = x != 0.0,
        what_if: None,
    },
    reach_row!(Function::Brand, "brand", "learn.assume.basis.reach_brand"),
    reach_row!(
        Function::Training,
        "training",
        "learn.assume.basis.reach_training"
    ),
    reach_row!(
        Function::Research,
        "research",
        "learn.assume.basis.reach_research"
    ),
    Row {
        id: "low_grade",
        key: "low_grade",
        group: REACH,
        name: "learn.assume.low_grade",
        unit: GRADE,
        source: Source::Estimate,
        basis: "learn.assume.basis.low_grade",
        parts: Parts::Whole,
        input: |_, _| count(1.0, TOP_GRADE),
        get: |s, _| f64::from(s.low_grade),
        set: |s, _, x| s.low_grade = whole(x).min(TOP_GRADE) as u8,
        what_if: None,
    },
];

/// Every function's cycles by value group.
pub const CYCLE_GROUP_ROWS: [Row; 4] = [
    by_group_row!(
        Function::Service,
        "service",
        "learn.assume.basis.cycle_group_service"
    ),
    by_group_row!(Function::Brand, "brand", "learn.assume.basis.cycle_group"),
    by_group_row!(
        Function::Training,
        "training",
        "learn.assume.basis.cycle_group"
    ),
    by_group_row!(
        Function::Research,
        "research",
        "learn.assume.basis.cycle_group"
    ),
];

/// Training's group sessions.
pub const SESSION_ROWS: [Row; 3] = [
    Row {
        id: "training_sessions",
        key: "training_sessions-on",
        group: SESSIONS,
        name: "learn.assume.sessions.on",
        unit: None,
        source: Source::Domain,
        basis: "learn.assume.basis.sessions",
        parts: Parts::Whole,
        input: flag_input,
        get: |s, _| flag(s.training_sessions.on),
        set: |s, _, x| s.training_sessions.on = x != 0.0,
        what_if: None,
    },
    Row {
        id: "training_session_minutes",
        key: "training_sessions-minutes",
        group: SESSIONS,
        name: "learn.assume.sessions.minutes",
        unit: MIN,
        source: Source::Estimate,
        basis: "learn.assume.basis.session_minutes",
        parts: Parts::Whole,
        input: |_, _| number(5.0, 240.0, 5.0),
        get: |s, _| s.training_sessions.minutes,
        set: |s, _, x| s.training_sessions.minutes = x,
        what_if: None,
    },
    Row {
        id: "training_session_prep",
        key: "training_sessions-prep_minutes",
        group: SESSIONS,
        name: "learn.assume.sessions.prep",
        unit: MIN,
        source: Source::Estimate,
        basis: "learn.assume.basis.session_prep",
        parts: Parts::Whole,
        input: |_, _| number(0.0, 120.0, 5.0),
        get: |s, _| s.training_sessions.prep_minutes,
        set: |s, _, x| s.training_sessions.prep_minutes = x,
        what_if: None,
    },
];

/// Where the format and value models draw their segments, with the other staffing rules.
pub const SEGMENTS: Row = Row {
    id: "segments",
    key: "segments",
    group: STAFFING,
    name: "learn.assume.segments",
    unit: None,
    source: Source::Domain,
    basis: "learn.assume.basis.segments",
    parts: Parts::Whole,
    input: |_, _| Input::Choice(SEGMENT_OPTIONS),
    get: |s, _| index_of(&SEGMENT_SCOPES, &s.segments),
    set: |s, _, x| {
        s.segments = SEGMENT_SCOPES
            .get(whole(x) as usize)
            .copied()
            .unwrap_or_default()
    },
    what_if: None,
};
