//! What a user is told when something fails: a translation key and the values its text names,
//! so the page shows the error in the reader's language and the CLI in English. Typed errors
//! turn into a `Message` at the edge (`Explain`), never into an English string in between.

use serde::{Deserialize, Serialize};

use crate::i18n::{t, tf, Lang};

/// A failure as the user reads it: `key` names a text in the translation files, `args` fill
/// its `{name}` placeholders with values as they are (numbers, ids, what the user typed), and
/// `terms` fill them with words of the application (a post, a field), given as translation
/// keys so they are read in the same language as the text around them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub key: String,
    pub args: Vec<(String, String)>,
    #[serde(default)]
    pub terms: Vec<(String, String)>,
    /// Placeholders filled by a text given in every language (in `Lang::ALL`'s order): a
    /// label the page composes rather than reads from one key.
    #[serde(default)]
    pub localized: Vec<(String, Vec<String>)>,
}

impl Message {
    pub fn new(key: &str) -> Self {
        Message {
            key: key.to_string(),
            args: Vec::new(),
            terms: Vec::new(),
            localized: Vec::new(),
        }
    }

    /// `key` with the placeholder values `args`, as a typed error's `key()` and `args()` give
    /// them.
    pub fn of<'a>(key: &str, args: impl IntoIterator<Item = (&'a str, String)>) -> Self {
        args.into_iter()
            .fold(Message::new(key), |m, (name, value)| m.with(name, value))
    }

    /// Adds one placeholder's value.
    pub fn with(mut self, name: &str, value: impl ToString) -> Self {
        self.args.push((name.to_string(), value.to_string()));
        self
    }

    /// Adds one placeholder filled by the translation of `term_key`.
    pub fn with_term(mut self, name: &str, term_key: &str) -> Self {
        self.terms.push((name.to_string(), term_key.to_string()));
        self
    }

    /// Adds one placeholder filled by `texts[i]` in `Lang::ALL[i]`.
    pub fn with_localized(mut self, name: &str, texts: &[String; 2]) -> Self {
        self.localized.push((name.to_string(), texts.to_vec()));
        self
    }

    /// The text in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let args: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .chain(
                self.terms
                    .iter()
                    .map(|(k, term)| (k.as_str(), t(lang, term).to_string())),
            )
            .chain(self.localized.iter().map(|(k, texts)| {
                let i = Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0);
                (k.as_str(), texts.get(i).cloned().unwrap_or_default())
            }))
            .collect();
        tf(lang, &self.key, &args)
    }
}

/// A typed error that can say what went wrong in the user's language.
pub trait Explain {
    fn message(&self) -> Message;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_read_in_the_language_of_the_text() {
        let m = Message::new("error.check.wrong_post")
            .with("customer", 4)
            .with_term("function", "function.brand")
            .with_term("post", "function.service");
        let en = m.text(Lang::En);
        assert!(en.contains("brand cultivation") && en.contains('4'), "{en}");
        let zh = m.text(Lang::ZhCn);
        assert!(!zh.contains("brand") && !zh.contains('{'), "{zh}");
        assert!(zh.contains(t(Lang::ZhCn, "function.brand")), "{zh}");
    }
}
