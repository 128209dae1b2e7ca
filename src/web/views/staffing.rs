//! The staffing view (定编): coverage and monthly cost against headcount for every model.

use yew::prelude::*;

use crate::app::charts_data::staffing_charts;
use crate::app::state::{Msg, Phase, State};
use crate::app::sweep::Curve;
use crate::core::settings::Function;
use crate::i18n::{figure, t, tf, Lang};
use crate::web::dom::canvas_by_id;
use crate::web::draw;

/// The staffing view (定编): coverage and monthly cost against headcount for every model, with
/// each model's least headcount for full coverage marked; computed on demand in the worker.
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
    let names = |c: &Curve| t(lang, c.model.key()).to_string();
    html! {
        <section id="staffing-view" class="staffing-view">
            <p class="help">{ t(lang, "staffing.help") }</p>
            <div class="map-tools">
                <button id="staffing-run" type="button" disabled={busy} onclick={run}>{ t(lang, "staffing.run") }</button>
                <label for="staffing-post">{ t(lang, "staffing.post") }</label>
                <select id="staffing-post" onchange={on_post}>
                    <option value="" selected={state.staffing_post.is_none()}>{ t(lang, "staffing.all_posts") }</option>
                    { for Function::ALL.iter().map(|f| html! {
                        <option value={f.index().to_string()} selected={state.staffing_post == Some(f.index())}>{ t(lang, f.key()) }</option>
                    }) }
                </select>
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
                }
            </div>
            if let Some(curves) = state.staffing.as_ref() {
                <section class="charts">
                    <figure><canvas id="staffing-coverage" width="960" height="480" role="img"
                        aria-label={t(lang, "staffing.coverage_title").to_string()} /></figure>
                    <figure><canvas id="staffing-cost" width="960" height="480" role="img"
                        aria-label={t(lang, "staffing.cost_title").to_string()} /></figure>
                </section>
                <table id="staffing-table" class="metrics">
                    <caption>{ t(lang, "staffing.table") }</caption>
                    <thead><tr>
                        <th scope="col">{ t(lang, "control.model") }</th>
                        <th scope="col">{ t(lang, "metric.headcount_for_full_coverage") }</th>
                        <th scope="col">{ t(lang, "metric.monthly_cost") }</th>
                    </tr></thead>
                    <tbody>
                        { for curves.iter().map(|c| html! {
                            <tr data-model={c.model.id()}>
                                <th scope="row">{ names(c) }</th>
                                { match c.establishment.as_ref().map(|e| (e.headcount, e.limit)) {
                                    Some((Some(n), _)) => html! { <>
                                        <td class="full-coverage">{ n.to_string() }</td>
                                        <td>{ "—" }</td>
                                    </> },
                                    Some((None, limit)) => html! { <>
                                        <td>{ tf(lang, "staffing.not_within", &[("n", limit.to_string())]) }</td>
                                        <td>{ "—" }</td>
                                    </> },
                                    None => html! { <><td>{ "—" }</td><td>{ "—" }</td></> },
                                } }
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        </section>
    }
}

/// The two staffing charts: coverage and monthly cost against headcount, one line per model,
/// the least headcount for full coverage marked with a triangle.
pub fn draw_staffing(lang: Lang, curves: &[Curve], post: Option<usize>) {
    for (id, chart) in staffing_charts(lang, curves, post) {
        let Some(cv) = canvas_by_id(id) else {
            continue;
        };
        if let Err(e) = draw::line_chart(cv, &chart.lines, &chart.labels) {
            gloo::console::error!(e.to_string());
        }
    }
}
