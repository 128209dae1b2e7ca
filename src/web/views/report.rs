//! The report: a handout of the scenario, metric table, charts, claims and assumptions on one
//! page, with a print stylesheet (print or save as PDF from the browser's dialog).

use yew::prelude::*;

use super::compare::metric_table;
use super::learn::claims_table;
use crate::app::charts_data::report_summary;
use crate::app::outcome::Outcome;
use crate::app::slides::COMPARE_CHARTS;
use crate::app::state::{shown_models, State};
use crate::i18n::{t, Lang};
use crate::web::browser;

/// The handout: scenario, assumptions (the panel given, as the page shows it), metric table,
/// charts and claims.
pub fn report_view(
    state: &UseReducerHandle<State>,
    c: &Outcome,
    lang: Lang,
    workload_ref: &NodeRef,
    assumptions: Html,
) -> Html {
    let on_print = Callback::from(|_: MouseEvent| browser::print());
    html! {
        <section id="report" class="report">
            <div class="report-actions">
                <button id="print" type="button" onclick={on_print}>{ t(lang, "report.print") }</button>
                <span class="help">{ t(lang, "report.help") }</span>
            </div>
            <h2>{ t(lang, "report.title") }</h2>
            <p id="report-summary">{ report_summary(lang, c, state.base_name.as_deref(), state.seed, &shown_models(c, &state.hidden)) }</p>
            if !state.has_calendar {
                <p class="help">{ t(lang, "report.wait") }</p>
            }
            <h3>{ t(lang, "report.metrics") }</h3>
            { metric_table(lang, c, &shown_models(c, &state.hidden), state.has_calendar) }
            <h3>{ t(lang, "report.charts") }</h3>
            <section class="charts">
                <figure>
                    <canvas id="workload-chart" ref={workload_ref.clone()} width="960" height="420"
                        role="img" aria-label={t(lang, "chart.workload.y").to_string()} />
                </figure>
                if state.has_calendar {
                    { for COMPARE_CHARTS.iter().map(|(id, key)| html! {
                        <figure>
                            <canvas id={*id} width="960" height="480" role="img"
                                aria-label={t(lang, key).to_string()} />
                        </figure>
                    }) }
                }
            </section>
            <h3>{ t(lang, "report.claims") }</h3>
            { claims_table(lang, Some(c)) }
            // On paper there is nothing to hover: the claims' legend without its hover hint.
            <p class="help print-only">{ t(lang, "present.claims_legend") }</p>
            <h3>{ t(lang, "report.assumptions") }</h3>
            { assumptions }
        </section>
    }
}
