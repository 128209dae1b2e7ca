//! The comparison view: the workload chart of the chosen model, the comparison charts of every
//! shown model side by side, the exports and the metric table. Its table and charts also
//! appear in the report and in presentation mode.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::data::{exports, png_button};
use crate::app::charts_data::{
    best_and_worst, compare_chart, workload_chart, workload_summary, CompareChart,
};
use crate::app::message::Message;
use crate::app::outcome::{ModelView, Outcome};
use crate::app::slides::COMPARE_CHARTS;
use crate::app::state::{shown_models, Msg, State};
use crate::app::verdict::{metric_text, percent};
use crate::core::metrics;
use crate::i18n::{t, tf, Lang};
use crate::web::dom::{canvas, canvas_by_id, mark_first_chart};
use crate::web::draw;
use crate::web::worker::Client;

/// The comparison view: which models are shown (at least two), the charts, the exports and the
/// metric table.
pub fn compare_view(
    state: &UseReducerHandle<State>,
    c: &Outcome,
    lang: Lang,
    workload_ref: &NodeRef,
    client: &Rc<RefCell<Option<Client>>>,
) -> Html {
    html! {
        <>
            <fieldset id="shown-models" class="shown-models">
                <legend>{ t(lang, "control.models_shown") }</legend>
                { for c.models.iter().enumerate().map(|(i, m)| {
                    let state = state.clone();
                    let id = format!("show-{}", m.model.id());
                    html! {
                        <label class="check" for={id.clone()}>
                            <input id={id} type="checkbox" checked={!state.hidden[i.min(4)]}
                                onchange={Callback::from(move |e: Event| {
                                    let shown = state.hidden.iter().filter(|h| !**h).count();
                                    if shown <= 2 && !state.hidden[i.min(4)] {
                                        // The box must stay ticked: the browser has
                                        // already unticked it.
                                        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                                        input.set_checked(true);
                                        state.dispatch(Msg::Reject(Message::new("control.two_models")));
                                    } else {
                                        state.dispatch(Msg::ToggleModel(i));
                                    }
                                })} />
                            { t(lang, m.model.key()) }
                        </label>
                    }
                }) }
            </fieldset>
            <section class="charts">
                <figure>
                    <canvas id="workload-chart" ref={workload_ref.clone()} width="960" height="420"
                        role="img" aria-label={t(lang, "chart.workload.y").to_string()} />
                    <figcaption id="workload-summary">{ workload_summary(lang, c, state.model) }</figcaption>
                    { png_button(lang, "workload-chart") }
                </figure>
            </section>
            if state.has_calendar {
                <section class="charts" id="compare-charts">
                    { for COMPARE_CHARTS.iter().map(|(id, key)| html! {
                        <figure>
                            <canvas id={*id} width="960" height="480" role="img"
                                aria-label={t(lang, key).to_string()} />
                            { png_button(lang, id) }
                        </figure>
                    }) }
                </section>
            }
            { exports(state, c, lang, client) }
            { metric_table(lang, c, &shown_models(c, &state.hidden), state.has_calendar) }
        </>
    }
}

/// The contract's metrics, one row each, one column per model: the same figures as
/// `visit-sandbox compare --json` for the same scenario. Each row's definition is its title.
pub fn metric_table(lang: Lang, c: &Outcome, models: &[&ModelView], has_calendar: bool) -> Html {
    if !has_calendar {
        return Html::default();
    }
    let rows = metrics::rows(&models.iter().map(|m| &m.metrics).collect::<Vec<_>>());
    html! {
        <>
        <table id="metrics-table" class="metrics">
            <caption>{ tf(lang, "metrics.caption", &[("weeks", c.scenario.settings.weeks.to_string())]) }</caption>
            <thead>
                <tr>
                    <th scope="col">{ t(lang, "cli.metric") }</th>
                    { for models.iter().map(|m| html! { <th scope="col" data-model={m.model.id()}>{ t(lang, m.model.key()) }</th> }) }
                </tr>
            </thead>
            <tbody>
                { for rows.iter().map(|(name, vals)| {
                    let (best, worst) = best_and_worst(name, vals);
                    html! {
                        <tr data-metric={name.clone()}>
                            <th scope="row" title={t(lang, &format!("metric.{name}.def")).to_string()}>{ t(lang, &format!("metric.{name}")) }</th>
                            { for vals.iter().enumerate().map(|(i, v)| html! {
                                <td data-value={v.map(|x| format!("{x:?}")).unwrap_or_default()}
                                    class={classes!(best.contains(&i).then_some("best"), worst.contains(&i).then_some("worst"))}
                                    title={if best.contains(&i) { t(lang, "metrics.best") } else if worst.contains(&i) { t(lang, "metrics.worst") } else { "" }}>
                                    { v.map(|x| metric_text(lang, name, x)).unwrap_or_else(|| "—".into()) }
                                </td>
                            }) }
                        </tr>
                    }
                }) }
            </tbody>
            <tfoot>
                <tr data-metric="manager_change_rate">
                    <th scope="row" title={t(lang, "metrics.manager_change.def").to_string()}>{ t(lang, "metrics.manager_change") }</th>
                    { for models.iter().map(|m| html! {
                        <td data-model={m.model.id()} data-value={m.manager_change_rate.map(|x| format!("{x:?}")).unwrap_or_default()}>
                            { m.manager_change_rate.map(percent).unwrap_or_else(|| "—".into()) }
                        </td>
                    }) }
                </tr>
            </tfoot>
        </table>
        // The fingerprints are for checking a plan against another run, not for reading:
        // a details line under the table.
        <table id="fingerprints" class="fingerprints">
            <tr data-metric="calendar_fingerprint">
                <th scope="row" title={t(lang, "metrics.fingerprint.def").to_string()}>{ t(lang, "metrics.fingerprint") }</th>
                { for models.iter().map(|m| html! {
                    <td class="fingerprint" data-model={m.model.id()} title={t(lang, m.model.key()).to_string()}>
                        { m.calendar_fingerprint.clone().unwrap_or_default() }
                    </td>
                }) }
            </tr>
        </table>
        </>
    }
}

/// Draws the comparison charts the page shows now from the calendars' figures (every model
/// side by side).
pub fn draw_compare(lang: Lang, c: &Outcome, models: &[&ModelView]) {
    for (id, _) in COMPARE_CHARTS {
        let Some(cv) = canvas_by_id(id) else {
            continue;
        };
        let drawn = match compare_chart(lang, c, models, id) {
            None => continue,
            Some(CompareChart::Box(b)) => {
                draw::boxplot_chart(cv, &b.data, b.limit, &b.limit_name, &b.labels)
            }
            Some(CompareChart::Lines(l)) => {
                draw::line_chart(cv, &l.lines, l.reference.as_ref(), &l.labels)
            }
            Some(CompareChart::Bars(b)) => draw::bar_chart(cv, &b.series, b.stacked, &b.labels),
        };
        if let Err(e) = drawn {
            gloo::console::error!(e.to_string());
        }
    }
}

/// Draws the chosen model's workload chart, if its canvas is shown.
pub fn draw_workload(state: &State, c: &Outcome, workload_ref: &NodeRef) {
    let Some(chart) = workload_chart(state.lang, c, state.model) else {
        return;
    };
    if let Some(cv) = canvas(workload_ref) {
        match draw::workload_chart(cv, chart.hours, chart.limit, &chart.labels) {
            Ok(()) => mark_first_chart(),
            Err(e) => gloo::console::error!(e.to_string()),
        }
    }
}
