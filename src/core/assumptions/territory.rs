//! The territory engine's rows (docs/domain.md "Territories"): the balance band of required
//! hours, customers and sales, and whether territories must be connected.

use super::keys::{PCT, STAFFING};
use super::row::{number, Input, Parts, Row, Source};
use super::units::{flag, flag_input, index_of, whole};
use crate::core::settings::TerritoryMeasures;

/// In `MEASURE_CHOICES` order (a test checks the ids against serde's).
pub const MEASURE_OPTIONS: &[(&str, &str)] = &[
    ("hours", "learn.assume.territory_measures.hours"),
    (
        "hours_customers",
        "learn.assume.territory_measures.hours_customers",
    ),
    ("all", "learn.assume.territory_measures.all"),
];

pub const MEASURE_CHOICES: [TerritoryMeasures; 3] = [
    TerritoryMeasures::Hours,
    TerritoryMeasures::HoursCustomers,
    TerritoryMeasures::All,
];

pub const TERRITORY_ROWS: [Row; 3] = [
    Row {
        id: "territory_measures",
        key: "territory_measures",
        group: STAFFING,
        name: "learn.assume.territory_measures",
        unit: None,
        source: Source::Study,
        basis: "learn.assume.basis.territory_measures",
        parts: Parts::Whole,
        input: |_, _| Input::Choice(MEASURE_OPTIONS),
        get: |s, _| index_of(&MEASURE_CHOICES, &s.territory_measures),
        set: |s, _, x| {
            s.territory_measures = MEASURE_CHOICES
                .get(whole(x) as usize)
                .copied()
                .unwrap_or_default()
        },
        what_if: None,
    },
    Row {
        id: "territory_tolerance",
        key: "territory_tolerance",
        group: STAFFING,
        name: "learn.assume.territory_tolerance",
        unit: PCT,
        source: Source::Study,
        basis: "learn.assume.basis.territory_tolerance",
        parts: Parts::Whole,
        // ±1 % is as tight as a book of a few dozen shops can be cut; past ±50 % nothing is
        // balanced any more.
        input: |_, _| number(1.0, 50.0, 0.5),
        get: |s, _| s.territory_tolerance * 100.0,
        set: |s, _, x| s.territory_tolerance = x / 100.0,
        what_if: None,
    },
    Row {
        id: "territory_connected",
        key: "territory_connected",
        group: STAFFING,
        name: "learn.assume.territory_connected",
        unit: None,
        source: Source::Estimate,
        basis: "learn.assume.basis.territory_connected",
        parts: Parts::Whole,
        input: flag_input,
        get: |s, _| flag(s.territory_connected),
        set: |s, _, x| s.territory_connected = x != 0.0,
        what_if: None,
    },
];
