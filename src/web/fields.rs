//! Form fields bound to one setting: each edits a copy of the shown settings and hands it to
//! the app, which recomputes. A typed value is checked here, before anything runs, because a
//! value the core cannot use should be refused with its range, not reach the worker.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::app::message::Message;
use crate::core::io::cells::decimals;
use crate::core::settings::Settings;

/// Writes a checked value into a copy of the settings.
pub type Set<T> = Rc<dyn Fn(&mut Settings, T)>;

/// A number input: its id, the name a refusal message gives it, the value shown, and the range
/// a typed value must fall in.
#[derive(Debug, Clone, PartialEq)]
pub struct SettingField {
    pub id: String,
    /// Names the field in `control.out_of_range`'s `{field}`, in each of `Lang::ALL` (the
    /// refusal is read again in the other language after a switch).
    pub label: [String; 2],
    pub value: f64,
    pub lo: f64,
    pub hi: f64,
    pub step: f64,
    /// Refuse fractions: the setting is a count (weeks, days, people).
    pub integer: bool,
}

/// A number as a field shows it: at most three decimals and no trailing zeros, so a stored
/// share like 0.03 × 100 reads "3", not "3.000" or "3.0000000000000004".
pub fn plain(x: f64) -> String {
    decimals(x, 3)
}

/// `text` as a number within `lo..=hi` (whole when `integer`), if it is one.
pub fn parse_setting(text: &str, lo: f64, hi: f64, integer: bool) -> Option<f64> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite() && *x >= lo && *x <= hi && !(integer && x.fract() != 0.0))
}

/// What a [`TextField`] shows and does.
#[derive(Properties, PartialEq, Clone)]
pub struct TextFieldProps {
    pub id: AttrValue,
    /// `text` or `number`.
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    /// The value in use, as text.
    pub value: AttrValue,
    pub onchange: Callback<Event>,
    #[prop_or_default]
    pub min: Option<AttrValue>,
    #[prop_or_default]
    pub max: Option<AttrValue>,
    #[prop_or_default]
    pub step: Option<AttrValue>,
    #[prop_or_default]
    pub inputmode: Option<AttrValue>,
    #[prop_or_default]
    pub describedby: Option<AttrValue>,
}

/// A text or number input that keeps what is being typed until it is committed (Enter or
/// leaving the field). A plain `value=` input is set back to the value in use on every render,
/// and a running computation renders the page many times a second with its progress: what a
/// user typed meanwhile would vanish before it was committed. After the commit the field shows
/// the value in use again (a refused value is not left on screen as if it were used).
#[component]
pub fn TextField(p: &TextFieldProps) -> Html {
    let draft = use_state(|| None::<String>);
    let oninput = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                draft.set(Some(input.value()));
            }
        })
    };
    let onchange = {
        let draft = draft.clone();
        let commit = p.onchange.clone();
        Callback::from(move |e: Event| {
            commit.emit(e);
            draft.set(None);
        })
    };
    let shown = match &*draft {
        Some(text) => AttrValue::from(text.clone()),
        None => p.value.clone(),
    };
    html! {
        <input id={p.id.clone()} type={p.kind.clone()} value={shown} {oninput} {onchange}
            min={p.min.clone()} max={p.max.clone()} step={p.step.clone()}
            inputmode={p.inputmode.clone()} aria-describedby={p.describedby.clone()} />
    }
}

/// An `<input type="number">` bound to one setting. On change: a value within range becomes
/// `on_change(edited copy of settings)`; anything else is refused through `on_reject` with the
/// translated `control.out_of_range` message, and the field is set back to the value in use so
/// it never shows a number the results do not reflect.
pub fn setting_input(
    field: SettingField,
    settings: &Rc<Settings>,
    set: Set<f64>,
    on_change: &Callback<Settings>,
    on_reject: &Callback<Message>,
) -> Html {
    let SettingField {
        id,
        label,
        value,
        lo,
        hi,
        step,
        integer,
    } = field;
    let shown = plain(value);
    let on = {
        let settings = settings.clone();
        let on_change = on_change.clone();
        let on_reject = on_reject.clone();
        let shown = shown.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            match parse_setting(&input.value(), lo, hi, integer) {
                Some(x) => {
                    let mut next = (*settings).clone();
                    set(&mut next, x);
                    on_change.emit(next);
                }
                None => {
                    input.set_value(&shown);
                    on_reject.emit(
                        Message::new("control.out_of_range")
                            .with_localized("field", &label)
                            .with("lo", plain(lo))
                            .with("hi", plain(hi)),
                    );
                }
            }
        })
    };
    html! {
        <TextField id={id} kind="number" inputmode="decimal" min={plain(lo)} max={plain(hi)}
            step={plain(step)} value={shown} onchange={on} />
    }
}

/// A checkbox bound to one on/off setting.
pub fn setting_check(
    id: String,
    checked: bool,
    settings: &Rc<Settings>,
    set: Set<bool>,
    on_change: &Callback<Settings>,
) -> Html {
    let on = {
        let settings = settings.clone();
        let on_change = on_change.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let mut next = (*settings).clone();
            set(&mut next, input.checked());
            on_change.emit(next);
        })
    };
    html! { <input id={id} type="checkbox" checked={checked} onchange={on} /> }
}

/// A `<select>` bound to one setting with a fixed list of options (value id, label); `set`
/// receives the chosen option's index. An unknown value (a stale page) changes nothing.
pub fn setting_select(
    id: String,
    options: Vec<(String, String)>,
    selected: usize,
    settings: &Rc<Settings>,
    set: Set<usize>,
    on_change: &Callback<Settings>,
) -> Html {
    let ids: Vec<String> = options.iter().map(|(v, _)| v.clone()).collect();
    let on = {
        let settings = settings.clone();
        let on_change = on_change.clone();
        Callback::from(move |e: Event| {
            let Some(select) = e.target_dyn_into::<HtmlSelectElement>() else {
                return;
            };
            let Some(i) = ids.iter().position(|v| *v == select.value()) else {
                return;
            };
            let mut next = (*settings).clone();
            set(&mut next, i);
            on_change.emit(next);
        })
    };
    html! {
        <select id={id} onchange={on}>
            { for options.into_iter().enumerate().map(|(i, (value, label))| html! {
                <option value={value} selected={i == selected}>{ label }</option>
            }) }
        </select>
    }
}
