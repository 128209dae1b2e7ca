//! Placeholder replaced by the Learn view.
use yew::prelude::*;

use crate::core::settings::Settings;
use crate::i18n::Lang;
use crate::job::Outcome;

pub fn learn_view(_lang: Lang, _outcome: Option<&Outcome>) -> Html {
    Html::default()
}

pub fn claims_table(_lang: Lang, _outcome: Option<&Outcome>) -> Html {
    Html::default()
}

pub fn assumptions_view(
    _lang: Lang,
    _settings: &Settings,
    _on_change: Callback<Settings>,
    _on_reject: Callback<String>,
) -> Html {
    Html::default()
}
