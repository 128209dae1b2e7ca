//! Why a setting's value was refused: typed, with a translation key and the values its text
//! names (the page shows it in the reader's language, the CLI in English through `Display`).

use thiserror::Error;

/// A value a setting does not accept, or a setting that does not exist.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum SettingError {
    #[error("unknown setting {id}")]
    Unknown { id: String },
    #[error("{id}: {text} is not a number")]
    NotANumber { id: String, text: String },
    #[error("{id}: {value} is outside {lo}..={hi}")]
    OutOfRange {
        id: String,
        value: f64,
        lo: f64,
        hi: f64,
    },
    #[error("{id}: {value} is not a whole number")]
    NotWhole { id: String, value: f64 },
    #[error("{id}: {text} is neither on nor off (on, off, true, false, 1, 0)")]
    NotAFlag { id: String, text: String },
    #[error("{id}: {text} is not one of {accepted}")]
    UnknownChoice {
        id: String,
        text: String,
        accepted: String,
    },
}

impl SettingError {
    /// Translation key of the message.
    pub fn key(&self) -> &'static str {
        match self {
            SettingError::Unknown { .. } => "error.setting.unknown",
            SettingError::NotANumber { .. } => "error.setting.not_a_number",
            SettingError::OutOfRange { .. } => "error.setting.out_of_range",
            SettingError::NotWhole { .. } => "error.setting.not_whole",
            SettingError::NotAFlag { .. } => "error.setting.not_a_flag",
            SettingError::UnknownChoice { .. } => "error.setting.unknown_choice",
        }
    }

    /// The setting's id, as given.
    pub fn id(&self) -> &str {
        match self {
            SettingError::Unknown { id }
            | SettingError::NotANumber { id, .. }
            | SettingError::OutOfRange { id, .. }
            | SettingError::NotWhole { id, .. }
            | SettingError::NotAFlag { id, .. }
            | SettingError::UnknownChoice { id, .. } => id,
        }
    }

    /// The values the message names, by placeholder.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        let id = ("id", self.id().to_string());
        match self {
            SettingError::Unknown { .. } => vec![id],
            SettingError::NotANumber { text, .. } | SettingError::NotAFlag { text, .. } => {
                vec![id, ("text", text.clone())]
            }
            SettingError::OutOfRange { value, lo, hi, .. } => vec![
                id,
                ("value", value.to_string()),
                ("lo", lo.to_string()),
                ("hi", hi.to_string()),
            ],
            SettingError::NotWhole { value, .. } => vec![id, ("value", value.to_string())],
            SettingError::UnknownChoice { text, accepted, .. } => {
                vec![id, ("text", text.clone()), ("accepted", accepted.clone())]
            }
        }
    }
}
