//! Typed errors of the core. Domain shortfalls (a visit that did not fit) are results, not errors.

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Error)]
pub enum CoreError {
    #[error("the scenario has no customers: add or import at least one")]
    NoCustomers,
    #[error("the scenario has no managers: add or import at least one")]
    NoManagers,
    #[error("unknown preset '{0}': expected one of {1}")]
    UnknownPreset(String, String),
    #[error("invalid setting {field}: {reason}")]
    InvalidSetting { field: &'static str, reason: String },
    #[error("invalid scenario: {0}")]
    InvalidScenario(String),
}
