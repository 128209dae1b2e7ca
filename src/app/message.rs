//! What a user is told when something fails: a translation key and the values its text names,
//! so the page shows the error in the reader's language and the CLI in English. Typed errors
//! turn into a `Message` at the edge (`Explain`), never into an English string in between.

use serde::{Deserialize, Serialize};

use crate::i18n::{tf, Lang};

/// A failure as the user reads it: `key` names a text in the translation files, `args` fill
/// its `{name}` placeholders.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub key: String,
    pub args: Vec<(String, String)>,
}

impl Message {
    pub fn new(key: &str) -> Self {
        Message {
            key: key.to_string(),
            args: Vec::new(),
        }
    }

    /// Adds one placeholder's value.
    pub fn with(mut self, name: &str, value: impl ToString) -> Self {
        self.args.push((name.to_string(), value.to_string()));
        self
    }

    /// The text in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let args: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect();
        tf(lang, &self.key, &args)
    }
}

/// A typed error that can say what went wrong in the user's language.
pub trait Explain {
    fn message(&self) -> Message;
}
