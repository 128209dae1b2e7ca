//! The assumptions panel: one input per setting the user can change, each with its value,
//! unit and source. A pure render function of the language and the settings; the app owns
//! the state and wires the callbacks.

use std::rc::Rc;

use yew::prelude::*;

use super::fields::{setting_check, setting_input, setting_select, SettingField};
use crate::core::assumptions::{assumptions, Input, Part, Setting, DIMENSION_KEYS};
use crate::core::settings::Settings;
use crate::i18n::{t, tf, Lang};

/// What tells a row's several inputs apart (a class, a zone, a grade…), in `lang`.
fn part_label(lang: Lang, s: &Settings, part: Part) -> Option<String> {
    match part {
        Part::Whole => None,
        Part::Class(k) => Some(
            s.classes
                .get(k)
                .map(|c| {
                    if lang == Lang::ZhCn {
                        c.name_zh.clone()
                    } else {
                        c.name_en.clone()
                    }
                })
                .unwrap_or_else(|| (k + 1).to_string()),
        ),
        Part::Zone(z) => Some(t(lang, z.key()).to_string()),
        Part::Grade(g) => Some(tf(
            lang,
            "learn.assume.grade",
            &[("n", (g + 1).to_string())],
        )),
        Part::Dimension(i) => DIMENSION_KEYS.get(i).map(|k| t(lang, k).to_string()),
        Part::Open => Some(t(lang, "learn.assume.open").to_string()),
        Part::Close => Some(t(lang, "learn.assume.close").to_string()),
    }
}

/// One input of the assumptions panel, bound to `x`.
fn assumption_input(
    lang: Lang,
    x: Setting,
    label: String,
    settings: &Rc<Settings>,
    on_change: &Callback<Settings>,
    on_reject: &Callback<String>,
) -> Html {
    let id = format!("assume-{}", x.id());
    // `apply` checks again what the field checked, so a setting is only ever written through
    // the core's own rule.
    let write = move |s: &mut Settings, v: f64| {
        if let Some(next) = x.apply(s, v) {
            *s = next;
        }
    };
    match x.input(settings) {
        Input::Number {
            lo,
            hi,
            step,
            integer,
        } => setting_input(
            lang,
            SettingField {
                id,
                label,
                value: x.get(settings),
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
            x.get(settings) != 0.0,
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
            x.get(settings) as usize,
            settings,
            Rc::new(move |s, i| write(s, i as f64)),
            on_change,
        ),
    }
}

/// The assumptions panel: every default a user can change (`core::assumptions`), grouped, each
/// with its value in place, its unit and where it comes from. An edit within range calls
/// `on_change` with the edited copy of `settings`; anything else calls `on_reject` with the
/// translated range message and changes nothing.
pub fn assumptions_view(
    lang: Lang,
    settings: &Settings,
    on_change: Callback<Settings>,
    on_reject: Callback<String>,
) -> Html {
    let shared = Rc::new(settings.clone());
    let rows = assumptions(settings);
    // Consecutive rows of one group form one `<tbody>` under the group's heading.
    let mut groups: Vec<(&'static str, Vec<_>)> = Vec::new();
    for a in rows {
        match groups.last_mut() {
            Some((g, list)) if *g == a.group => list.push(a),
            _ => groups.push((a.group, vec![a])),
        }
    }
    let row = |a: &crate::core::assumptions::Assumption| {
        let name = t(lang, a.name).to_string();
        let single = a.settings.len() == 1;
        let inputs: Html = a
            .settings
            .iter()
            .map(|&x| {
                let part = part_label(lang, settings, x.part());
                let label = match &part {
                    Some(p) => tf(
                        lang,
                        "learn.assume.field",
                        &[("name", name.clone()), ("part", p.clone())],
                    ),
                    None => name.clone(),
                };
                let input = assumption_input(lang, x, label, &shared, &on_change, &on_reject);
                match part {
                    Some(p) if !single => html! {
                        <span class="part">
                            <label for={format!("assume-{}", x.id())}>{ p }</label>
                            { input }
                        </span>
                    },
                    _ => input,
                }
            })
            .collect();
        let first_id = a
            .settings
            .first()
            .filter(|_| single)
            .map(|x| format!("assume-{}", x.id()));
        html! {
            <tr data-assumption={a.id}>
                <th scope="row">
                    if let Some(id) = first_id {
                        <label for={id}>{ name.clone() }</label>
                    } else {
                        { name.clone() }
                    }
                </th>
                <td class="value">{ inputs }</td>
                <td class="unit">{ a.unit.map(|u| t(lang, u)).unwrap_or_default() }</td>
                <td class="basis">
                    <span class={classes!("source", format!("source-{}", a.source.id()))}>
                        { t(lang, a.source.key()) }
                    </span>
                    { " " }
                    { t(lang, a.basis) }
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
                { for groups.iter().map(|(group, list)| html! {
                    <tbody data-group={group.rsplit('.').next().unwrap_or_default().to_string()}>
                        <tr class="group">
                            <th scope="colgroup" colspan="4">{ t(lang, group) }</th>
                        </tr>
                        { for list.iter().map(row) }
                    </tbody>
                }) }
            </table>
        </section>
    }
}
