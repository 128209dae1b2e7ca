//! The parts of the page around the views: the header with its buttons, the scenario
//! controls, the running computation's status and the error notice.

use yew::prelude::*;

use super::present::tour_bubble;
use crate::app::charts_data::scenario_name;
use crate::app::outcome::Outcome;
use crate::app::state::{Msg, Phase, State};
use crate::core::generate::Preset;
use crate::i18n::{t, tf, Lang};
use crate::web::fields::TextField;

/// The title, and the buttons for the tour, presentation mode and the language; the tour's
/// bubble under it while the tour runs.
pub fn header(state: &UseReducerHandle<State>) -> Html {
    let lang = state.lang;
    let on_present = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Msg::Present(Some(0))))
    };
    let on_tour = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Msg::Tour(Some(0))))
    };
    let on_lang = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Msg::ToggleLang))
    };
    html! {
        <>
            <header>
                <div>
                    <h1 id="title">{ t(lang, "app.title") }</h1>
                    <p class="subtitle">{ t(lang, "app.subtitle") }</p>
                </div>
                <div class="header-buttons">
                    <button id="tour-button" type="button" onclick={on_tour}>{ t(lang, "tour.start") }</button>
                    <button id="present-button" type="button" disabled={state.outcome.is_none()}
                        title={t(lang, "present.title").to_string()} onclick={on_present}>{ t(lang, "present.start") }</button>
                    <button id="lang-switch" type="button" title={t(lang, "app.lang_switch_title").to_string()}
                        onclick={on_lang}>{ t(lang, "app.lang_switch") }</button>
                </div>
            </header>
            if let Some(step) = state.tour {
                { tour_bubble(state, step) }
            }
        </>
    }
}

/// The scenario controls: preset, seed and the model the workload chart and the map show.
pub fn controls(state: &UseReducerHandle<State>) -> Html {
    let lang = state.lang;
    let on_seed = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            state.dispatch(Msg::SetSeed {
                text: input.value(),
            });
        })
    };
    let on_model = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(index) = select.value().parse::<usize>() {
                state.dispatch(Msg::SelectModel { index });
            }
        })
    };
    let on_preset = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(preset) = Preset::parse(&select.value()) {
                state.dispatch(Msg::SetPreset { preset });
            }
        })
    };
    let model_options: Html = match state.outcome.as_ref() {
        Some(c) => c
            .models
            .iter()
            .enumerate()
            .map(|(i, m)| {
                html! {
                    <option value={i.to_string()} selected={i == state.model}>
                        { t(lang, m.model.key()) }
                    </option>
                }
            })
            .collect(),
        None => Html::default(),
    };
    html! {
        <section class="controls">
            <label for="preset">{ t(lang, "control.preset") }</label>
            <select id="preset" onchange={on_preset}>
                // An imported or opened list is none of the presets: the select says so.
                if let Some(name) = state.base.as_ref().map(|_| state.base_name.clone().unwrap_or_default()) {
                    <option value="" selected=true disabled=true>
                        { tf(lang, "control.preset_list", &[("name", name)]) }
                    </option>
                }
                { for Preset::ALL.iter().map(|p| html! {
                    <option value={p.id()} selected={state.base.is_none() && *p == state.preset}>{ t(lang, p.key()) }</option>
                }) }
            </select>
            <label for="seed">{ t(lang, "control.seed") }</label>
            <TextField id="seed" inputmode="numeric" value={state.seed.to_string()}
                onchange={on_seed} describedby="seed-help" />
            <span id="seed-help" class="help">{ t(lang, "control.seed_help") }</span>
            <label for="model">{ t(lang, "control.model") }</label>
            <select id="model" onchange={on_model}>{ model_options }</select>
            if state.seed_error.is_some() {
                <span id="seed-error" class="error" role="alert">{ t(lang, "control.seed_invalid") }</span>
            }
        </section>
    }
}

/// The running computation's progress with its cancel button (nothing when idle).
pub fn run_status(state: &State, on_cancel: Callback<MouseEvent>) -> Html {
    let lang = state.lang;
    match (state.progress, state.phase) {
        (_, Phase::Idle) => Html::default(),
        (progress, phase) => {
            let (counted, starting) = if phase == Phase::Calendar {
                ("run.calendar", "run.calendar_starting")
            } else {
                ("run.assignment", "run.assignment_starting")
            };
            // Until the worker has counted the steps, the bar runs without a count (a value-less
            // `progress` element is indeterminate) rather than showing a made-up "0/1".
            let (label, bar) = match progress {
                Some((done, total)) => (
                    tf(
                        lang,
                        counted,
                        &[("done", done.to_string()), ("total", total.to_string())],
                    ),
                    html! { <progress id="progress" max={total.to_string()} value={done.to_string()} /> },
                ),
                None => (
                    t(lang, starting).to_string(),
                    html! { <progress id="progress" /> },
                ),
            };
            html! {
                <div id="run-status" class="run-status" role="status">
                    <label for="progress">{ label }</label>
                    { bar }
                    <button id="cancel" type="button" onclick={on_cancel}>{ t(lang, "run.cancel") }</button>
                </div>
            }
        }
    }
}

/// The last computation's failure, or that it was cancelled.
pub fn error_notice(state: &State) -> Html {
    let lang = state.lang;
    if let Some(msg) = &state.error {
        html! { <p class="error" role="alert">{ tf(lang, "app.error", &[("msg", msg.text(lang))]) }</p> }
    } else if state.cancelled {
        html! { <p id="cancelled" class="help" role="status">{ t(lang, "run.cancelled") }</p> }
    } else {
        Html::default()
    }
}

/// The shown result's scenario in one line.
pub fn scenario_summary(lang: Lang, c: &Outcome) -> Html {
    let sc = &c.scenario;
    let summary = tf(
        lang,
        "app.scenario_summary",
        &[
            // The shown result's preset, which lags the selector while it computes.
            ("preset", scenario_name(lang, sc)),
            ("customers", sc.customers.len().to_string()),
            ("managers", sc.managers.len().to_string()),
            ("departments", sc.departments.len().to_string()),
        ],
    );
    html! { <p id="scenario-summary">{ summary }</p> }
}

/// Said where the figures are shown when the managers behind them were made up (a list
/// imported without them): which figures rest on them, and where the manager template is.
pub fn invented_note(lang: Lang, c: &Outcome) -> Html {
    let sc = &c.scenario;
    if !sc.managers_invented {
        return Html::default();
    }
    html! {
        <p id="invented-note" class="notice invented" role="note">
            { tf(lang, "invented.note", &[("n", sc.managers.len().to_string())]) }
            { " " }
            <a id="invented-template" href="samples/managers-template.csv" download="managers-template.csv">{ t(lang, "invented.template") }</a>
        </p>
    }
}

/// The question an exercise asks before it replaces an imported or opened list.
pub fn exercise_confirm(state: &UseReducerHandle<State>) -> Html {
    let lang = state.lang;
    let Some(index) = state.confirm_exercise else {
        return Html::default();
    };
    let answer = |yes: bool| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Msg::ConfirmExercise(yes)))
    };
    let name = state.base_name.clone().unwrap_or_default();
    html! {
        <div id="exercise-confirm" class="notice confirm" role="alertdialog" aria-labelledby="exercise-confirm-text">
            <p id="exercise-confirm-text">
                { tf(lang, "exercise.confirm", &[("name", name), ("n", (index + 1).to_string())]) }
            </p>
            <button id="exercise-confirm-yes" type="button" onclick={answer(true)}>{ t(lang, "exercise.confirm_yes") }</button>
            <button id="exercise-confirm-no" type="button" onclick={answer(false)}>{ t(lang, "exercise.confirm_no") }</button>
        </div>
    }
}
