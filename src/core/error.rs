//! Typed errors of the core. Domain shortfalls (a visit that did not fit) are results, not errors.
//!
//! Every error names a translation key (`error.core.*`) and the values its text uses, so the
//! page shows it in the reader's language; `Display` is the English text the CLI prints.

use thiserror::Error;

use super::models::check::CheckError;

#[derive(Debug, Clone, PartialEq, Error)]
pub enum CoreError {
    #[error("the scenario has no customers: add or import at least one")]
    NoCustomers,
    #[error("the scenario has no managers: add or import at least one")]
    NoManagers,
    #[error("unknown preset '{0}': expected one of {1}")]
    UnknownPreset(String, String),
    /// A preset asked for at a size it is not generated at (`generate::MAX_SIZE`).
    #[error("a preset has 1..={max} customers, not {n}")]
    PresetSize { n: usize, max: usize },
    #[error("invalid setting {field}: {reason}")]
    InvalidSetting { field: &'static str, reason: String },
    /// A model left a customer's function without anyone responsible.
    #[error("invalid scenario: customer {customer} function {function} left without staff")]
    Unstaffed { customer: usize, function: usize },
    /// The independent checker rejected a model's assignment.
    #[error("invalid scenario: {0}")]
    InvalidAssignment(#[from] CheckError),
}

impl CoreError {
    /// Translation key of the error's text.
    pub fn key(&self) -> &'static str {
        match self {
            CoreError::NoCustomers => "error.core.no_customers",
            CoreError::NoManagers => "error.core.no_managers",
            CoreError::UnknownPreset(..) => "error.core.unknown_preset",
            CoreError::PresetSize { .. } => "error.core.preset_size",
            CoreError::InvalidSetting { .. } => "error.core.invalid_setting",
            CoreError::Unstaffed { .. } => "error.core.unstaffed",
            CoreError::InvalidAssignment(e) => e.key(),
        }
    }

    /// The values the text names: `{value}` and `{accepted}` of an unknown preset, `{field}`
    /// and `{reason}` of a setting, `{customer}` and `{function}` of a gap, the checker's own.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            CoreError::NoCustomers | CoreError::NoManagers => Vec::new(),
            CoreError::UnknownPreset(value, accepted) => {
                vec![("value", value.clone()), ("accepted", accepted.clone())]
            }
            CoreError::PresetSize { n, max } => {
                vec![("value", n.to_string()), ("max", max.to_string())]
            }
            CoreError::InvalidSetting { field, reason } => {
                vec![("field", field.to_string()), ("reason", reason.clone())]
            }
            CoreError::Unstaffed { customer, function } => vec![
                ("customer", customer.to_string()),
                ("function", function.to_string()),
            ],
            CoreError::InvalidAssignment(e) => e.args(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_a_core_or_check_key_and_keeps_its_english_text() {
        let e = CoreError::UnknownPreset("moon".into(), "county, urban".into());
        assert_eq!(e.key(), "error.core.unknown_preset");
        assert_eq!(
            e.args(),
            vec![
                ("value", "moon".to_string()),
                ("accepted", "county, urban".to_string())
            ]
        );
        assert_eq!(
            e.to_string(),
            "unknown preset 'moon': expected one of county, urban"
        );
        let e = CoreError::from(CheckError::TwoRoles(3));
        assert_eq!(e.key(), "error.check.two_roles");
        assert_eq!(
            e.to_string(),
            "invalid scenario: manager 3 holds two staff roles"
        );
        let e = CoreError::Unstaffed {
            customer: 4,
            function: 2,
        };
        assert_eq!(
            e.to_string(),
            "invalid scenario: customer 4 function 2 left without staff"
        );
    }
}
