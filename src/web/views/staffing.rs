//! The staffing view (定编): each model's establishment per department and post against the
//! coverage target, the search's path to it, and coverage and monthly cost against headcount.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::charts_data::{plain_pct, staffing_charts};
use crate::app::message::Message;
use crate::app::panels::assumptions_panel;
use crate::app::staffing_view::{establishment_table, shown_model, Table};
use crate::app::state::{Msg, Phase, State};
use crate::app::sweep::Curve;
use crate::core::assumptions::ROWS;
use crate::core::settings::{Function, Settings};
use crate::i18n::{num, t, tf, Lang};
use crate::web::dom::canvas_by_id;
use crate::web::draw;
use crate::web::views::assumptions::assumption_input;

/// The assumptions table's row the view edits.
const TARGET_ROW: &str = "coverage_target";

/// The coverage target's field: the assumptions table's own input (its range, step, refusal
/// message and write), so an edit here is an edit of the setting like any other.
fn target_field(state: &UseReducerHandle<State>, lang: Lang) -> Html {
    let Some(settings) = state.shown_settings() else {
        return Html::default();
    };
    let groups = assumptions_panel(ROWS, settings);
    let Some(row) = groups
        .iter()
        .flat_map(|g| &g.rows)
        .find(|r| r.row.id == TARGET_ROW)
    else {
        return Html::default();
    };
    let Some(field) = row.fields.first() else {
        return Html::default();
    };
    // Its own element id: the assumptions panel may be on the page too (Learn, report).
    let mut field = field.clone();
    field.element = "staffing-target".to_string();
    let name = t(lang, row.row.name).to_string();
    let shared = Rc::new(settings.clone());
    let on_change = {
        let state = state.clone();
        Callback::from(move |s: Settings| state.dispatch(Msg::SetSettings(Box::new(s))))
    };
    let on_reject = {
        let state = state.clone();
        Callback::from(move |m: Message| state.dispatch(Msg::Reject(m)))
    };
    html! {
        <span class="staffing-target">
            <label for="staffing-target">{ name.clone() }</label>
            { assumption_input(lang, &field, Lang::ALL.map(|l| t(l, row.row.name).to_string()), &shared, &on_change, &on_reject) }
            <span class="unit">{ row.row.unit.map(|u| t(lang, u)).unwrap_or_default() }</span>
        </span>
    }
}

/// A difference of people with its sign ("+2", "−1", "0").
fn signed(n: i64) -> String {
    match n {
        0 => "0".to_string(),
        n if n > 0 => format!("+{n}"),
        n => format!("−{}", n.unsigned_abs()),
    }
}

/// The chosen model's establishment: per department and post, people now and needed, the
/// difference and the cell's coverage, with a total row.
fn establishment_view(lang: Lang, model: &str, table: &Table) -> Html {
    let headline = match table.headcount {
        Some(n) => html! {
            <p id="establishment-headcount" class="establishment-answer" data-headcount={n.to_string()}>
                { tf(lang, "staffing.answer", &[
                    ("model", model.to_string()),
                    ("n", n.to_string()),
                    ("now", table.now.to_string()),
                    ("pct", plain_pct(table.target)),
                ]) }
            </p>
        },
        None => html! {
            <p id="establishment-headcount" class="establishment-answer short" role="status">
                { tf(lang, "staffing.answer_not_within", &[
                    ("model", model.to_string()),
                    ("n", table.limit.to_string()),
                    ("pct", plain_pct(table.target)),
                ]) }
            </p>
        },
    };
    html! {
        <>
            { headline }
            <table id="establishment-table" class="metrics establishment">
                <caption>{ tf(lang, "staffing.establishment_caption", &[("pct", plain_pct(table.target))]) }</caption>
                <thead><tr>
                    <th scope="col">{ t(lang, "staffing.department") }</th>
                    <th scope="col">{ t(lang, "staffing.post_col") }</th>
                    <th scope="col">{ t(lang, "staffing.people_now") }</th>
                    <th scope="col">{ t(lang, "staffing.cell_coverage_now") }</th>
                    <th scope="col">{ t(lang, "staffing.people_needed") }</th>
                    <th scope="col">{ t(lang, "staffing.change") }</th>
                    <th scope="col">{ t(lang, "staffing.cell_coverage") }</th>
                </tr></thead>
                <tbody>
                    { for table.rows.iter().map(|r| html! {
                        <tr data-post={r.post.id()} class={classes!(r.short.then_some("short"))}>
                            <th scope="row">{ r.department.clone() }</th>
                            <td class="post">{ t(lang, &format!("post.{}", r.post.id())) }</td>
                            <td>{ r.now.to_string() }</td>
                            <td class="coverage-now">{ format!("{}%", num(r.coverage_now * 100.0, 1)) }</td>
                            <td class="needed" data-needed={r.needed.to_string()}>{ r.needed.to_string() }</td>
                            <td class={classes!("change", (r.change > 0).then_some("more"), (r.change < 0).then_some("fewer"))}>
                                { signed(r.change) }
                            </td>
                            <td>{ format!("{}%", num(r.coverage * 100.0, 1)) }</td>
                        </tr>
                    }) }
                </tbody>
                <tfoot><tr class="total">
                    <th scope="row" colspan="2">{ t(lang, "staffing.total") }</th>
                    <td>{ table.now.to_string() }</td>
                    <td></td>
                    <td class="needed" data-needed={table.needed.to_string()}>{ table.needed.to_string() }</td>
                    <td class="change">{ signed(table.change) }</td>
                    <td></td>
                </tr></tfoot>
            </table>
        </>
    }
}

/// The staffing view (定编): the coverage target, each model's least headcount meeting it, the
/// chosen model's establishment per department and post, the search's path, and coverage and
/// cost against headcount; computed on demand in the worker.
pub fn staffing_view(
    state: &UseReducerHandle<State>,
    lang: Lang,
    on_cancel: Callback<MouseEvent>,
) -> Html {
    let run = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Msg::RunStaffing))
    };
    let busy = state.phase != Phase::Idle || state.staffing_running;
    let on_post = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            state.dispatch(Msg::StaffingPost(select.value().parse::<usize>().ok()));
        })
    };
    let on_model = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            state.dispatch(Msg::StaffingModel(select.value().parse::<usize>().ok()));
        })
    };
    let names = |c: &Curve| t(lang, c.model.key()).to_string();
    let departments = state
        .outcome
        .as_ref()
        .map(|o| o.scenario.departments.as_slice())
        .unwrap_or_default();
    let chosen = state
        .staffing
        .as_ref()
        .and_then(|curves| shown_model(curves, state.staffing_model));
    html! {
        <section id="staffing-view" class="staffing-view">
            <p class="help">{ t(lang, "staffing.help") }</p>
            <div class="map-tools staffing-tools">
                { target_field(state, lang) }
                <button id="staffing-run" type="button" disabled={busy} onclick={run}>{ t(lang, "staffing.run") }</button>
                if state.staffing_running {
                    <div id="staffing-status" class="run-status" role="status">
                        <label for="staffing-progress">{ tf(lang, "staffing.progress", &[
                            ("done", state.staffing_progress.map_or(0, |p| p.0).to_string()),
                            ("total", state.staffing_progress.map_or(1, |p| p.1).to_string()),
                        ]) }</label>
                        <progress id="staffing-progress" max={state.staffing_progress.map_or(1, |p| p.1).to_string()}
                            value={state.staffing_progress.map_or(0, |p| p.0).to_string()} />
                        <button id="staffing-cancel" type="button" onclick={on_cancel}>{ t(lang, "run.cancel") }</button>
                    </div>
                } else if state.staffing_again {
                    <p id="staffing-pending" class="help" role="status">{ t(lang, "staffing.pending") }</p>
                }
            </div>
            if let Some(msg) = &state.input_error {
                <p id="staffing-target-error" class="error" role="alert">{ msg.text(lang) }</p>
            }
            if let Some(curves) = state.staffing.as_ref() {
                <table id="staffing-table" class="metrics">
                    <caption>{ t(lang, "staffing.table") }</caption>
                    <thead><tr>
                        <th scope="col">{ t(lang, "control.model") }</th>
                        <th scope="col">{ t(lang, "metric.headcount_for_full_coverage") }</th>
                        <th scope="col">{ t(lang, "staffing.people_now") }</th>
                        <th scope="col">{ t(lang, "staffing.change") }</th>
                    </tr></thead>
                    <tbody>
                        { for curves.iter().map(|c| {
                            let now = c.establishment.as_ref().map(|e| e.table.iter().map(|r| r.people_now).sum::<usize>());
                            html! {
                                <tr data-model={c.model.id()}>
                                    <th scope="row">{ names(c) }</th>
                                    { match (c.establishment.as_ref().map(|e| (e.headcount, e.limit)), now) {
                                        (Some((Some(n), _)), Some(now)) => html! { <>
                                            <td class="full-coverage">{ n.to_string() }</td>
                                            <td>{ now.to_string() }</td>
                                            <td>{ signed(n as i64 - now as i64) }</td>
                                        </> },
                                        (Some((None, limit)), _) => html! { <>
                                            <td class="not-within">{ tf(lang, "staffing.not_within", &[("n", limit.to_string())]) }</td>
                                            <td>{ now.map_or_else(|| "—".to_string(), |n| n.to_string()) }</td>
                                            <td>{ "—" }</td>
                                        </> },
                                        _ => html! { <><td>{ "—" }</td><td>{ "—" }</td><td>{ "—" }</td></> },
                                    } }
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
                <section class="establishment-section">
                    <figure class="staffing-path"><canvas id="staffing-path" width="800" height="500" role="img"
                        aria-label={t(lang, "staffing.path_title").to_string()} />
                        <figcaption class="help">{ t(lang, "staffing.path_note") }</figcaption>
                    </figure>
                    <div class="establishment-panel">
                        <label for="establishment-model">{ t(lang, "staffing.establishment_of") }</label>
                        <select id="establishment-model" onchange={on_model}>
                            { for curves.iter().enumerate().filter(|(_, c)| c.establishment.is_some()).map(|(i, c)| html! {
                                <option value={i.to_string()} selected={chosen == Some(i)}>{ names(c) }</option>
                            }) }
                        </select>
                        { chosen.and_then(|i| curves.get(i)).and_then(|c| {
                            let e = c.establishment.as_ref()?;
                            Some(establishment_view(lang, &names(c), &establishment_table(e, departments)))
                        }).unwrap_or_default() }
                    </div>
                </section>
                <div class="map-tools">
                    <label for="staffing-post">{ t(lang, "staffing.post") }</label>
                    <select id="staffing-post" onchange={on_post}>
                        <option value="" selected={state.staffing_post.is_none()}>{ t(lang, "staffing.all_posts") }</option>
                        { for Function::ALL.iter().map(|f| html! {
                            <option value={f.index().to_string()} selected={state.staffing_post == Some(f.index())}>{ t(lang, f.key()) }</option>
                        }) }
                    </select>
                </div>
                <section class="charts">
                    <figure><canvas id="staffing-coverage" width="800" height="480" role="img"
                        aria-label={t(lang, "staffing.coverage_title").to_string()} /></figure>
                    <figure><canvas id="staffing-cost" width="800" height="480" role="img"
                        aria-label={t(lang, "staffing.cost_title").to_string()} /></figure>
                </section>
            }
        </section>
    }
}

/// The staffing charts: the search's path with the target and each model's answer, then
/// coverage and monthly cost against headcount, one line per model.
pub fn draw_staffing(lang: Lang, curves: &[Curve], post: Option<usize>) {
    for (id, chart) in staffing_charts(lang, curves, post) {
        let Some(cv) = canvas_by_id(id) else {
            continue;
        };
        if let Err(e) = draw::line_chart(cv, &chart.lines, chart.reference.as_ref(), &chart.labels)
        {
            gloo::console::error!(e.to_string());
        }
    }
}
