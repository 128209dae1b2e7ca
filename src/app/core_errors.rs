//! The core's typed errors as the user reads them: each names its translation key
//! (`error.core.*`, `error.check.*`) and the values its text uses, and becomes a `Message`
//! here, at the edge, never an English string in between.

use super::message::{Explain, Message};
use crate::core::assumptions::SettingError;
use crate::core::error::CoreError;
use crate::core::io::json::WriteError;
use crate::core::models::check::CheckError;

impl Explain for CoreError {
    fn message(&self) -> Message {
        Message::of(self.key(), self.args())
    }
}

impl Explain for CheckError {
    fn message(&self) -> Message {
        match self {
            // The posts are words of the application: read in the text's language.
            CheckError::WrongPost {
                customer,
                function,
                post,
            } => Message::new(self.key())
                .with("customer", customer)
                .with_term("function", function.key())
                .with_term("post", post.key()),
            CheckError::LockNotKept {
                customer,
                manager,
                function,
            } => Message::new(self.key())
                .with("customer", customer)
                .with("manager", manager)
                .with_term("function", function.key()),
            _ => Message::of(self.key(), self.args()),
        }
    }
}

impl Explain for SettingError {
    fn message(&self) -> Message {
        Message::of(self.key(), self.args())
    }
}

impl Explain for WriteError {
    fn message(&self) -> Message {
        Message::of(self.key(), self.args())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::settings::Function;
    use crate::i18n::Lang;

    /// One error of every kind.
    fn every_error() -> Vec<CoreError> {
        let checks = vec![
            CheckError::RowCount {
                customers: 3,
                rows: 2,
            },
            CheckError::NoSuchManager {
                manager: 7,
                managers: 5,
            },
            CheckError::TwoRoles(1),
            CheckError::NoSuchStaff {
                customer: 4,
                function: 2,
                staff: 9,
            },
            CheckError::Reach {
                customer: 4,
                function: 1,
                needed: true,
            },
            CheckError::WrongPost {
                customer: 4,
                function: Function::Brand,
                post: Function::Service,
            },
            CheckError::LockNotKept {
                customer: 4,
                manager: "M01".into(),
                function: Function::Service,
            },
        ];
        let mut all = vec![
            CoreError::NoCustomers,
            CoreError::NoManagers,
            CoreError::UnknownPreset("moon".into(), "county, urban".into()),
            CoreError::PresetSize { n: 0, max: 9 },
            CoreError::InvalidSetting {
                field: "day_minutes",
                reason: "0".into(),
            },
            CoreError::Unstaffed {
                customer: 4,
                function: 2,
            },
        ];
        all.extend(checks.into_iter().map(CoreError::from));
        all
    }

    #[test]
    fn every_core_error_reads_in_both_languages_with_its_values_filled_in() {
        for e in every_error() {
            let m = e.message();
            for lang in [Lang::En, Lang::ZhCn] {
                let text = m.text(lang);
                assert_ne!(text, m.key, "{:?} has no text for {}", lang, m.key);
                assert!(!text.contains('{'), "{lang:?} {}: unfilled: {text}", m.key);
                for (_, value) in &m.args {
                    assert!(
                        text.contains(value.as_str()),
                        "{lang:?}: {text} lacks {value}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_json_write_error_reads_in_both_languages() {
        let m = WriteError("key must be a string".into()).message();
        for lang in [Lang::En, Lang::ZhCn] {
            let text = m.text(lang);
            assert_ne!(text, m.key);
            assert!(text.contains("key must be a string"), "{text}");
        }
    }

    #[test]
    fn the_checkers_error_reads_the_same_alone_and_wrapped() {
        let e = CheckError::TwoRoles(2);
        assert_eq!(e.message(), CoreError::from(e.clone()).message());
    }
}
