//! The assumptions as data: every default of `Settings` a user can change, one row each in one
//! table (`table::ROWS`), with its unit, where the default comes from (DOMAIN.md: "Every number
//! must be explainable: the assumptions behind it are visible next to it and editable"), the
//! range a value must fall in, how to read and write it, and where the what-if panel shows it.
//! The assumptions panel, the what-if panel, validation (`--config`, imports, links) and the
//! CLI's `--set ID=VALUE` all read that table, so a new setting is one row plus its two texts.
//!
//! Texts are translation keys (`learn.assume.*`, `control.*`).

mod edit;
mod error;
mod row;
mod table;

pub use edit::{all_in, check, errors_in, find_in, parse, set_in, validate_in};
pub use error::SettingError;
pub use row::{
    count, number, Input, Part, Parts, Row, Section, Setting, Source, WhatIf, WhatIfLabel,
    DIMENSIONS,
};
pub use table::{DIMENSION_KEYS, ROWS, ZONE_MODEL_OPTIONS};

use crate::core::settings::Settings;

/// Every setting of `s` (parts expanded), in panel order.
pub fn all(s: &Settings) -> Vec<Setting<'static>> {
    all_in(ROWS, s)
}

/// The setting with id `id` (`day_minutes`, `speed-urban`, `cycle-service-2`…), if `s` has it.
pub fn find(s: &Settings, id: &str) -> Option<Setting<'static>> {
    find_in(ROWS, s, id)
}

/// A copy of `s` with setting `id` set to `text` (a number, `on/off/true/false/1/0`, or a
/// choice's id); refused when out of range.
pub fn set(s: &Settings, id: &str, text: &str) -> Result<Settings, SettingError> {
    set_in(ROWS, s, id, text)
}

/// Every setting of `s` within its accepted range; the first that is not, otherwise.
pub fn validate(s: &Settings) -> Result<(), SettingError> {
    validate_in(ROWS, s)
}

/// Every setting of `s` outside its accepted range.
pub fn errors(s: &Settings) -> Vec<SettingError> {
    errors_in(ROWS, s)
}

#[cfg(test)]
mod tests;
