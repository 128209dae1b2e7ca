//! The what-if panel: the settings a workshop changes most, rendered from the panel's model
//! (`app::panels::what_if_panel` over `core::assumptions::ROWS`: which rows, in which fieldset,
//! with which element ids and labels), plus the run controls that are not settings (the
//! scenario's size in customers, headcount, horizon, replications). Each edit writes a copy
//! of the shown settings through the row's own rule and recomputes; a value out of range is
//! refused with its range.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::limits::{MAX_HEADCOUNT, MAX_REPLICATIONS, MAX_WEEKS, MIN_CUSTOMERS};
use crate::app::message::Message;
use crate::app::panels::{what_if_panel, Field, WhatIfGroup};
use crate::core::assumptions::{Input, Section, ROWS};
use crate::core::settings::Settings;
use crate::i18n::{t, Lang};
use crate::web::dom::{input_value, parse_in};
use crate::web::fields::{setting_input, setting_select, SettingField, TextField};

/// What the panel shows besides the settings, and where its edits go.
pub struct WhatIf {
    /// The settings shown (the user's edits, or the shown scenario's).
    pub current: Settings,
    /// Customers and managers of the shown scenario.
    pub customers: usize,
    pub managers: usize,
    /// The most customers the field may ask for (`State::most_customers`: a preset grows, an
    /// imported list is kept in part).
    pub most_customers: usize,
    pub weeks: u32,
    pub replications: u32,
    /// The last refusal.
    pub input_error: Option<Message>,
    pub on_settings: Callback<Settings>,
    pub on_reject: Callback<Message>,
    pub on_headcount: Callback<usize>,
    pub on_customers: Callback<usize>,
    pub on_weeks: Callback<u32>,
    pub on_replications: Callback<u32>,
    /// The schedule's first working day as the field shows it (the settings' or the coming
    /// Monday), and where a new one goes.
    pub start_date: String,
    pub on_start_date: Callback<String>,
}

/// Says which range a control allows, leaving the scenario as it was.
fn reject<T: std::fmt::Display>(on_reject: &Callback<Message>, key: &str, lo: T, hi: T) {
    on_reject.emit(
        Message::new("control.out_of_range")
            .with_term("field", key)
            .with("lo", lo)
            .with("hi", hi),
    );
}

/// One field of the model: a checkbox in its label for a flag, a label and a range-checked
/// number field (the assumptions panel's, `fields::setting_input`) or a select otherwise.
fn field_view(lang: Lang, w: &WhatIf, shared: &Rc<Settings>, f: &Field<'static>) -> Html {
    let s = &w.current;
    let label = f.label.map(|l| l.text(lang, s)).unwrap_or_default();
    let id = f.element.clone();
    let x = f.setting;
    // The row's own rule writes the value, so the panel repeats no range or field.
    let write = move |s: &mut Settings, v: f64| {
        if let Some(next) = x.apply(s, v) {
            *s = next;
        }
    };
    match f.input {
        Input::Flag => {
            let on = f.value != 0.0;
            let cb = {
                let current = shared.clone();
                let on_settings = w.on_settings.clone();
                Callback::from(move |_: Event| {
                    let mut next = (*current).clone();
                    write(&mut next, if on { 0.0 } else { 1.0 });
                    on_settings.emit(next);
                })
            };
            html! {
                <label class="check" for={id.clone()}>
                    <input id={id} type="checkbox" checked={on} onchange={cb} />
                    { label }
                </label>
            }
        }
        Input::Number {
            lo,
            hi,
            step,
            integer,
        } => {
            let named = Lang::ALL.map(|l| {
                f.refusal
                    .or(f.label)
                    .map(|x| x.text(l, s))
                    .unwrap_or_default()
            });
            let field = SettingField {
                id: id.clone(),
                label: named,
                value: f.value,
                lo,
                hi,
                step,
                integer,
            };
            html! {
                <>
                    <label for={id}>{ label }</label>
                    { setting_input(field, shared, Rc::new(write), &w.on_settings, &w.on_reject) }
                </>
            }
        }
        Input::Choice(options) => html! {
            <>
                <label for={id.clone()}>{ label }</label>
                { setting_select(
                    id,
                    options.iter().map(|(v, k)| (v.to_string(), t(lang, k).to_string())).collect(),
                    f.value as usize,
                    shared,
                    Rc::new(move |s, i| write(s, i as f64)),
                    &w.on_settings,
                ) }
            </>
        },
    }
}

/// Customers kept, headcount and horizon: run controls, not settings.
fn staff_horizon(lang: Lang, w: &WhatIf) -> Html {
    let on_headcount = {
        let (ok, no) = (w.on_headcount.clone(), w.on_reject.clone());
        Callback::from(
            move |e: Event| match parse_in(&input_value(&e), 1, MAX_HEADCOUNT) {
                Some(n) => ok.emit(n),
                None => reject(&no, "control.headcount", 1, MAX_HEADCOUNT),
            },
        )
    };
    let full = w.most_customers;
    let on_customers = {
        let (ok, no) = (w.on_customers.clone(), w.on_reject.clone());
        Callback::from(
            move |e: Event| match parse_in(&input_value(&e), MIN_CUSTOMERS, full) {
                Some(n) => ok.emit(n),
                None => reject(&no, "control.customers", MIN_CUSTOMERS, full),
            },
        )
    };
    let on_weeks = {
        let (ok, no) = (w.on_weeks.clone(), w.on_reject.clone());
        Callback::from(
            move |e: Event| match parse_in(&input_value(&e), 1, MAX_WEEKS) {
                Some(n) => ok.emit(n),
                None => reject(&no, "control.weeks", 1, MAX_WEEKS),
            },
        )
    };
    let on_start_date = {
        let ok = w.on_start_date.clone();
        Callback::from(move |e: Event| ok.emit(input_value(&e)))
    };
    html! {
        <>
            <label for="customers">{ t(lang, "control.customers") }</label>
            <TextField id="customers" kind="number" min={MIN_CUSTOMERS.to_string()}
                max={full.to_string()} step="1"
                value={w.customers.to_string()} onchange={on_customers} />
            <label for="headcount">{ t(lang, "control.headcount") }</label>
            <TextField id="headcount" kind="number" min="1" max={MAX_HEADCOUNT.to_string()} step="1"
                value={w.managers.to_string()} onchange={on_headcount} />
            <label for="weeks">{ t(lang, "control.weeks") }</label>
            <TextField id="weeks" kind="number" min="1" max={MAX_WEEKS.to_string()} step="1"
                value={w.weeks.to_string()} onchange={on_weeks} />
            <label for="start-date" title={t(lang, "control.start_date.help").to_string()}>{ t(lang, "control.start_date") }</label>
            <TextField id="start-date" kind="date" value={w.start_date.clone()}
                describedby="start-date-help" onchange={on_start_date} />
            <span id="start-date-help" class="help">{ t(lang, "control.start_date.help") }</span>
        </>
    }
}

/// The replications of a disturbed run: a run control, not a setting.
fn replications(lang: Lang, w: &WhatIf) -> Html {
    let on_reps = {
        let (ok, no) = (w.on_replications.clone(), w.on_reject.clone());
        Callback::from(
            move |e: Event| match parse_in(&input_value(&e), 1, MAX_REPLICATIONS) {
                Some(n) => ok.emit(n),
                None => reject(&no, "control.replications", 1, MAX_REPLICATIONS),
            },
        )
    };
    html! {
        <>
            <label for="replications">{ t(lang, "control.replications") }</label>
            <TextField id="replications" kind="number" min="1" max={MAX_REPLICATIONS.to_string()} step="1"
                value={w.replications.to_string()} onchange={on_reps} />
        </>
    }
}

/// One fieldset: its legend, its fields, and the run controls that belong there.
fn fieldset(lang: Lang, w: &WhatIf, shared: &Rc<Settings>, g: &WhatIfGroup<'static>) -> Html {
    if g.fields.is_empty() && g.section != Section::StaffHorizon {
        return Html::default();
    }
    html! {
        <fieldset>
            <legend>{ t(lang, g.section.key()) }</legend>
            { for g.fields.iter().map(|f| field_view(lang, w, shared, f)) }
            if g.section == Section::StaffHorizon {
                { staff_horizon(lang, w) }
            }
            if g.section == Section::Disturbances {
                { replications(lang, w) }
            }
        </fieldset>
    }
}

/// The what-if controls: visit modes, routine service minutes per class, staff, horizon and
/// disturbances, then the rest of the assumptions a workshop changes in "more settings".
pub fn what_if(lang: Lang, w: &WhatIf) -> Html {
    let shared = Rc::new(w.current.clone());
    let groups = what_if_panel(ROWS, &w.current);
    let (more, main): (Vec<_>, Vec<_>) = groups.into_iter().partition(|g| g.section.more());
    html! {
        <details id="what-if" class="controls what-if">
            <summary>{ t(lang, "control.what_if") }</summary>
            { for main.iter().map(|g| fieldset(lang, w, &shared, g)) }
            <details id="more-settings" class="more-settings">
                <summary>{ t(lang, "control.more") }</summary>
                { for more.iter().map(|g| fieldset(lang, w, &shared, g)) }
            </details>
            if let Some(msg) = &w.input_error {
                <p id="input-error" class="error" role="alert">{ msg.text(lang) }</p>
            }
        </details>
    }
}
