//! The assumptions panel: every default a user can change, rendered from the panel's model
//! (`app::panels::assumptions_panel` over `core::assumptions::ROWS`), grouped, each with its
//! value in place, its unit and where it comes from.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::message::Message;
use crate::app::panels::{assumptions_panel, AssumptionRow, Field};
use crate::core::assumptions::{Input, ROWS};
use crate::core::settings::Settings;
use crate::i18n::{t, tf, Lang};
use crate::web::fields::{setting_check, setting_input, setting_select, SettingField};

/// One input bound to a field's setting, named `label` in a refusal.
pub fn assumption_input(
    lang: Lang,
    field: &Field<'static>,
    label: [String; 2],
    settings: &Rc<Settings>,
    on_change: &Callback<Settings>,
    on_reject: &Callback<Message>,
) -> Html {
    let x = field.setting;
    let id = field.element.clone();
    // `apply` checks again what the field checked, so a setting is only ever written through
    // the core's own rule.
    let write = move |s: &mut Settings, v: f64| {
        if let Some(next) = x.apply(s, v) {
            *s = next;
        }
    };
    match field.input {
        Input::Number {
            lo,
            hi,
            step,
            integer,
        } => setting_input(
            SettingField {
                id,
                label,
                value: field.value,
                lo,
                hi,
                step,
                integer,
            },
            settings,
            Rc::new(write),
            on_change,
            on_reject,
        ),
        Input::Flag => setting_check(
            id,
            field.value != 0.0,
            settings,
            Rc::new(move |s, on| write(s, if on { 1.0 } else { 0.0 })),
            on_change,
        ),
        Input::Choice(options) => setting_select(
            id,
            options
                .iter()
                .map(|(v, k)| (v.to_string(), t(lang, k).to_string()))
                .collect(),
            field.value as usize,
            settings,
            Rc::new(move |s, i| write(s, i as f64)),
            on_change,
        ),
    }
}

/// The assumptions panel. An edit within range calls `on_change` with the edited copy of
/// `settings`; anything else calls `on_reject` with the translated range message and changes
/// nothing.
pub fn assumptions_view(
    lang: Lang,
    settings: &Settings,
    on_change: Callback<Settings>,
    on_reject: Callback<Message>,
) -> Html {
    let shared = Rc::new(settings.clone());
    let groups = assumptions_panel(ROWS, settings);
    let row = |a: &AssumptionRow<'static>| {
        let name = t(lang, a.row.name).to_string();
        let single = a.fields.len() == 1;
        let inputs: Html = a
            .fields
            .iter()
            .map(|f| {
                let part = f.label.map(|l| l.text(lang, settings));
                // The field's name in every language: a refusal is read again after a switch.
                let label = Lang::ALL.map(|l| {
                    let name = t(l, a.row.name).to_string();
                    match f.label.map(|p| p.text(l, settings)) {
                        Some(p) => tf(l, "learn.assume.field", &[("name", name), ("part", p)]),
                        None => name,
                    }
                });
                let input = assumption_input(lang, f, label, &shared, &on_change, &on_reject);
                match part {
                    Some(p) if !single => html! {
                        <span class="part">
                            <label for={f.element.clone()}>{ p }</label>
                            { input }
                        </span>
                    },
                    _ => input,
                }
            })
            .collect();
        let first_id = a
            .fields
            .first()
            .filter(|_| single)
            .map(|f| f.element.clone());
        html! {
            <tr data-assumption={a.row.id}>
                <th scope="row">
                    if let Some(id) = first_id {
                        <label for={id}>{ name.clone() }</label>
                    } else {
                        { name.clone() }
                    }
                </th>
                <td class="value">{ inputs }</td>
                <td class="unit">{ a.row.unit.map(|u| t(lang, u)).unwrap_or_default() }</td>
                <td class="basis">
                    <span class={classes!("source", format!("source-{}", a.row.source.id()))}>
                        { t(lang, a.row.source.key()) }
                    </span>
                    { " " }
                    { t(lang, a.row.basis) }
                </td>
            </tr>
        }
    };
    html! {
        <section id="assumptions" class="assumptions">
            <p class="help">{ t(lang, "learn.assume.intro") }</p>
            <table id="assumptions-table" class="assumptions-table">
                <caption>{ t(lang, "learn.assume.title") }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ t(lang, "learn.assume.col.name") }</th>
                        <th scope="col">{ t(lang, "learn.assume.col.value") }</th>
                        <th scope="col">{ t(lang, "learn.assume.col.unit") }</th>
                        <th scope="col">{ t(lang, "learn.assume.col.basis") }</th>
                    </tr>
                </thead>
                { for groups.iter().map(|g| html! {
                    <tbody data-group={g.key.rsplit('.').next().unwrap_or_default().to_string()}>
                        <tr class="group">
                            <th scope="colgroup" colspan="4">{ t(lang, g.key) }</th>
                        </tr>
                        { for g.rows.iter().map(row) }
                    </tbody>
                }) }
            </table>
        </section>
    }
}

/// The assumptions panel for the shown settings with the last refusal under it: each edit
/// recomputes, a value out of range is refused with its range.
pub fn assumptions(
    lang: Lang,
    current: &Settings,
    input_error: Option<&Message>,
    on_change: Callback<Settings>,
    on_reject: Callback<Message>,
) -> Html {
    html! {
        <>
            { assumptions_view(lang, current, on_change, on_reject) }
            if let Some(msg) = input_error {
                <p id="assumption-error" class="error" role="alert">{ msg.text(lang) }</p>
            }
        </>
    }
}
