//! The assumptions as data: every default of `Settings` a user can change, one row each in one
//! table (`table::ROWS`), with its unit, where the default comes from (docs/domain.md: "Every number
//! must be explainable: the assumptions behind it are visible next to it and editable"), the
//! range a value must fall in, how to read and write it, and where the what-if panel shows it.
//! The assumptions panel, the what-if panel, validation (`validate`, for `--config` checking)
//! and the CLI's `--set ID=VALUE` all read that table, so a new setting is one row plus its
//! two texts. Validation also checks the few values only a scenario file sets (the 档位 bands
//! of the cycle overrides), naming each by its path in the file. Scenario loading
//! (`io::validate::problems`) keeps its own looser checks: links and files with values outside
//! the panel's ranges stay loadable as before.
//!
//! Files: `row.rs` what a row is, `table.rs` the table, `practice.rs` its rows of the work that
//! follows practice (reach, cycles by value group, group sessions, lunch, evening shift,
//! segments), `keys.rs` the groups' and units' keys, `units.rs` the panel's units, `edit.rs`
//! reading, writing and checking by id, `error.rs` why a value is refused.
//!
//! Texts are translation keys (`learn.assume.*`, `control.*`).

mod edit;
mod error;
mod keys;
mod pilot;
mod practice;
mod row;
mod table;
mod territory;
mod units;

pub use edit::{
    all, all_in, check, errors, errors_in, find, find_in, parse, set, set_in, validate, validate_in,
};
pub use error::SettingError;
pub use row::{
    count, number, Input, Part, Parts, Row, Section, Setting, Source, WhatIf, WhatIfLabel,
    CRITERIA, DIMENSIONS,
};
pub use table::{DIMENSION_KEYS, ROWS, ZONE_MODEL_OPTIONS};

#[cfg(test)]
mod tests;
