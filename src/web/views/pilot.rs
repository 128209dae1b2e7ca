//! The pilot view (试点, 先少后多): the pilot departments, the model and the stages with the
//! posts each creates; run in the worker, then the stages' headline figures, the before/after
//! per person, the map coloured by the stage in which each customer's manager changes, the KPI
//! sheet, the establishment as submitted, and the stage's files.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::app::outcome::Outcome;
use crate::app::pilot_view::{PilotForm, PilotView, PlanView, SideView, PILOT_MODELS};
use crate::app::protocol::PilotFile;
use crate::app::state::{Msg, Phase, State};
use crate::charts::pilot_map::{stage_colour, PilotMapLabels};
use crate::core::settings::Function;
use crate::i18n::{figure, num, t, tf, Lang};
use crate::web::dom::canvas_by_id;
use crate::web::draw;
use crate::web::worker::Client;

/// The map's canvas.
const MAP: &str = "pilot-map";

/// A share as a percentage with one decimal ("9.8%").
fn pct(x: f64) -> String {
    format!("{}%", num(x * 100.0, 1))
}

/// Hours with one decimal.
fn hours(x: f64) -> String {
    num(x, 1)
}

/// 元 per month, whole and grouped.
fn yuan(lang: Lang, x: f64) -> String {
    tf(lang, "pilot.yuan_month", &[("v", figure(x.round(), 0))])
}

/// A post's name (`generalist` or a post's id; empty: no duty).
fn post_name(lang: Lang, post: &str) -> String {
    if post.is_empty() {
        "—".to_string()
    } else {
        t(lang, &format!("post.{post}")).to_string()
    }
}

/// A plan's name: today's, or stage n.
fn plan_name(lang: Lang, stage: usize) -> String {
    if stage == 0 {
        t(lang, "pilot.baseline").to_string()
    } else {
        tf(lang, "pilot.stage_n", &[("n", stage.to_string())])
    }
}

/// A department's name from its id (the id when the scenario does not know it).
fn department_name(c: &Outcome, id: &str) -> String {
    c.scenario
        .departments
        .iter()
        .find(|d| d.id == id)
        .map_or_else(|| id.to_string(), |d| d.name.clone())
}

/// The inputs: departments, model, the stage timeline with its posts, and the run button.
fn form_view(state: &UseReducerHandle<State>, c: &Outcome, lang: Lang, form: &PilotForm) -> Html {
    let on_department = |id: String| {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            state.dispatch(Msg::PilotDepartment {
                id: id.clone(),
                on: input.checked(),
            });
        })
    };
    let on_model = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(m) = PILOT_MODELS.iter().find(|m| m.id() == select.value()) {
                state.dispatch(Msg::PilotModel(*m));
            }
        })
    };
    let on_post = |stage: usize, post: Function| {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            state.dispatch(Msg::PilotPost {
                stage,
                post,
                on: input.checked(),
            });
        })
    };
    let msg = |m: fn() -> Msg| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(m()))
    };
    let busy = state.phase != Phase::Idle || state.staffing_running || state.pilot_running;
    html! {
        <div class="pilot-form">
            <fieldset id="pilot-departments" class="pilot-departments">
                <legend>{ t(lang, "pilot.departments") }</legend>
                { for c.scenario.departments.iter().map(|d| {
                    let id = format!("pilot-dept-{}", d.id);
                    html! {
                        <label for={id.clone()} class="check">
                            <input id={id} type="checkbox" value={d.id.clone()}
                                checked={form.departments.contains(&d.id)}
                                onchange={on_department(d.id.clone())} />
                            { format!("{} ({})", d.name, d.id) }
                        </label>
                    }
                }) }
            </fieldset>
            <div class="pilot-model">
                <label for="pilot-model">{ t(lang, "pilot.model") }</label>
                <select id="pilot-model" onchange={on_model}>
                    { for PILOT_MODELS.iter().map(|m| html! {
                        <option value={m.id()} selected={*m == form.model}>{ t(lang, m.key()) }</option>
                    }) }
                </select>
            </div>
            <fieldset class="pilot-stages">
                <legend>{ t(lang, "pilot.stages") }</legend>
                <ol id="pilot-stage-inputs" class="stage-inputs">
                    { for form.stages.iter().enumerate().map(|(i, posts)| html! {
                        <li data-stage={(i + 1).to_string()}>
                            <span class="stage-name">{ plan_name(lang, i + 1) }</span>
                            { for Function::ALL.iter().map(|&f| {
                                let id = format!("pilot-stage-{}-{}", i + 1, f.id());
                                html! {
                                    <label for={id.clone()} class="check">
                                        <input id={id} type="checkbox" checked={posts.contains(&f)}
                                            disabled={f == Function::Service}
                                            onchange={on_post(i, f)} />
                                        { post_name(lang, f.id()) }
                                    </label>
                                }
                            }) }
                        </li>
                    }) }
                </ol>
                <button id="pilot-add-stage" type="button" onclick={msg(|| Msg::PilotAddStage)}>{ t(lang, "pilot.add_stage") }</button>
                <button id="pilot-remove-stage" type="button" disabled={form.stages.len() < 2}
                    onclick={msg(|| Msg::PilotRemoveStage)}>{ t(lang, "pilot.remove_stage") }</button>
            </fieldset>
            <button id="pilot-run" type="button" class="primary" disabled={busy} onclick={msg(|| Msg::RunPilot)}>{ t(lang, "pilot.run") }</button>
        </div>
    }
}

/// One plan's headline figures in the timeline; a click details it below.
fn timeline_item(state: &UseReducerHandle<State>, lang: Lang, p: &PlanView) -> Html {
    let stage = p.stage;
    let selected = state.pilot_stage == stage;
    let on = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Msg::PilotStage(stage)))
    };
    let posts = if p.posts.is_empty() {
        post_name(lang, "generalist")
    } else {
        p.posts
            .iter()
            .map(|x| post_name(lang, x))
            .collect::<Vec<_>>()
            .join(" + ")
    };
    html! {
        <li class={classes!("pilot-stage", selected.then_some("selected"))} data-stage={stage.to_string()}>
            <button type="button" class="stage-title" aria-pressed={selected.to_string()} onclick={on}>{ plan_name(lang, stage) }</button>
            <p class="posts">{ posts }</p>
            <dl>
                <dt>{ t(lang, "pilot.changing") }</dt>
                <dd class="changing" data-share={p.changing_share.to_string()}>
                    { tf(lang, "pilot.changing_value", &[("pct", pct(p.changing_share)), ("n", p.pilot.customers_changing_manager.to_string())]) }
                </dd>
                <dt>{ t(lang, "pilot.coverage") }</dt>
                <dd class="coverage">{ pct(p.pilot.coverage_rate) }</dd>
                <dt>{ t(lang, "pilot.cost") }</dt>
                <dd class="cost">{ yuan(lang, p.pilot.monthly_cost) }</dd>
                <dt>{ t(lang, "pilot.people_per_post") }</dt>
                <dd class="people">
                    { for p.establishment.iter().map(|e| html! { <span>{ format!("{} {}", post_name(lang, &e.post), e.people) }</span> }) }
                </dd>
                <dt>{ t(lang, "pilot.people_moved") }</dt>
                <dd class="moved">{ p.people_moved.to_string() }</dd>
            </dl>
        </li>
    }
}

/// "today → stage" of one figure.
fn pair(before: String, after: String) -> Html {
    if before == after {
        html! { <>{ after }</> }
    } else {
        html! { <>{ before }<span class="arrow">{ " → " }</span><strong>{ after }</strong></> }
    }
}

/// The before/after per person of the pilot departments.
fn managers_table(c: &Outcome, lang: Lang, p: &PlanView) -> Html {
    let side = |f: fn(&SideView) -> String, m: &crate::app::pilot_view::ManagerView| {
        pair(f(&m.before), f(&m.after))
    };
    html! {
        <div class="table-scroll">
        <table id="pilot-managers" class="metrics pilot-table">
            <caption>{ tf(lang, "pilot.managers_caption", &[("stage", plan_name(lang, p.stage))]) }</caption>
            <thead><tr>
                <th scope="col">{ t(lang, "pilot.col.person") }</th>
                <th scope="col">{ t(lang, "pilot.col.department") }</th>
                <th scope="col">{ t(lang, "pilot.col.post") }</th>
                <th scope="col">{ t(lang, "pilot.col.customers") }</th>
                <th scope="col">{ t(lang, "pilot.col.top") }</th>
                <th scope="col">{ t(lang, "pilot.col.hours") }</th>
                <th scope="col">{ t(lang, "pilot.col.km") }</th>
                <th scope="col">{ t(lang, "pilot.col.overtime") }</th>
                <th scope="col">{ t(lang, "pilot.col.gained") }</th>
                <th scope="col">{ t(lang, "pilot.col.lost") }</th>
            </tr></thead>
            <tbody>
                { for p.managers.iter().map(|m| html! {
                    <tr data-staff={m.staff.clone()}>
                        <th scope="row">{ m.name.clone() }</th>
                        <td>{ department_name(c, &m.department) }</td>
                        <td class="post">{ pair(post_name(lang, &m.before.post), post_name(lang, &m.after.post)) }</td>
                        <td class="customers">{ side(|s| s.customers.to_string(), m) }</td>
                        <td>{ side(|s| s.top_customers.to_string(), m) }</td>
                        <td>{ side(|s| hours(s.required_hours), m) }</td>
                        <td>{ side(|s| figure(s.km, 0), m) }</td>
                        <td>{ side(|s| hours(s.overtime_hours), m) }</td>
                        <td class="gained">{ m.gained.to_string() }</td>
                        <td class="lost">{ m.lost.to_string() }</td>
                    </tr>
                }) }
            </tbody>
        </table>
        </div>
    }
}

/// The map's canvas and its legend.
fn map_view(lang: Lang, v: &PilotView) -> Html {
    let stages = v.plans.len().saturating_sub(1);
    let swatch = |stage: i8, text: String| {
        let (r, g, b) = stage_colour(stage);
        html! {
            <li><span class="swatch" style={format!("background: rgb({r},{g},{b})")}></span>{ text }</li>
        }
    };
    html! {
        <figure class="pilot-map">
            <canvas id={MAP} width="900" height="640" role="img" aria-label={t(lang, "pilot.map_title").to_string()} />
            <figcaption>
                <ul class="legend">
                    { for (1..=stages).map(|s| swatch(i8::try_from(s).unwrap_or(i8::MAX),
                        tf(lang, "pilot.legend.stage", &[("n", s.to_string())]))) }
                    { swatch(0, t(lang, "pilot.legend.unchanged").to_string()) }
                    { swatch(-1, t(lang, "pilot.legend.outside").to_string()) }
                    <li><span class="marker">{ "▲" }</span>{ t(lang, "pilot.legend.office") }</li>
                </ul>
            </figcaption>
        </figure>
    }
}

/// The KPI sheet of a plan, its people.
fn kpi_people(c: &Outcome, lang: Lang, p: &PlanView) -> Html {
    html! {
        <div class="table-scroll">
        <table id="pilot-kpi-people" class="metrics pilot-table">
            <caption>{ tf(lang, "pilot.kpi_people", &[("stage", plan_name(lang, p.stage))]) }</caption>
            <thead><tr>
                <th scope="col">{ t(lang, "pilot.col.person") }</th>
                <th scope="col">{ t(lang, "pilot.col.department") }</th>
                <th scope="col">{ t(lang, "pilot.col.post") }</th>
                <th scope="col">{ t(lang, "pilot.kpi.cycles") }</th>
                <th scope="col">{ t(lang, "pilot.kpi.visits") }</th>
                <th scope="col">{ t(lang, "pilot.kpi.minutes") }</th>
                <th scope="col">{ t(lang, "pilot.kpi.team_visits") }</th>
                <th scope="col">{ t(lang, "pilot.col.overtime") }</th>
                <th scope="col">{ t(lang, "pilot.kpi.personal") }</th>
                <th scope="col">{ t(lang, "pilot.kpi.team") }</th>
                <th scope="col">{ t(lang, "pilot.kpi.total") }</th>
            </tr></thead>
            <tbody>
                { for p.people.iter().map(|k| html! {
                    <tr data-staff={k.staff.clone()}>
                        <th scope="row">{ k.name.clone() }</th>
                        <td>{ department_name(c, &k.department) }</td>
                        <td>{ post_name(lang, &k.post) }</td>
                        <td>{ format!("{}/{}", k.cycles_met, k.required_cycles) }</td>
                        <td>{ k.visits.to_string() }</td>
                        <td>{ figure(k.service_minutes, 0) }</td>
                        <td>{ k.team_visits.to_string() }</td>
                        <td>{ hours(k.overtime_hours) }</td>
                        <td>{ num(k.personal_score, 1) }</td>
                        <td>{ num(k.team_score, 1) }</td>
                        <td class="total">{ num(k.total_score, 1) }</td>
                    </tr>
                }) }
            </tbody>
        </table>
        </div>
    }
}

/// The KPI sheet of a plan, its teams (departments).
fn kpi_teams(c: &Outcome, lang: Lang, p: &PlanView) -> Html {
    html! {
        <div class="table-scroll">
        <table id="pilot-kpi-teams" class="metrics pilot-table">
            <caption>{ tf(lang, "pilot.kpi_teams", &[("stage", plan_name(lang, p.stage))]) }</caption>
            <thead><tr>
                <th scope="col">{ t(lang, "pilot.col.department") }</th>
                <th scope="col">{ t(lang, "pilot.kpi.people") }</th>
                <th scope="col">{ t(lang, "pilot.kpi.coverage") }</th>
                <th scope="col">{ t(lang, "pilot.kpi.over_cap") }</th>
                <th scope="col">{ t(lang, "pilot.kpi.travel_share") }</th>
                <th scope="col">{ t(lang, "pilot.kpi.team") }</th>
            </tr></thead>
            <tbody>
                { for p.teams.iter().map(|k| html! {
                    <tr>
                        <th scope="row">{ department_name(c, &k.department) }</th>
                        <td>{ k.people.to_string() }</td>
                        <td>{ pct(k.coverage_rate) }</td>
                        <td>{ format!("{}/{}", k.customers_over_cap, k.customers) }</td>
                        <td>{ pct(k.travel_share) }</td>
                        <td>{ num(k.team_score, 1) }</td>
                    </tr>
                }) }
            </tbody>
        </table>
        </div>
    }
}

/// The establishment as the pilot departments submit it, and their payroll.
fn establishment_tables(c: &Outcome, lang: Lang, p: &PlanView) -> Html {
    if p.table.is_empty() {
        return html! { <p id="pilot-table-none" class="help">{ t(lang, "pilot.table_none") }</p> };
    }
    html! {
        <>
        <div class="table-scroll">
        <table id="pilot-table" class="metrics pilot-table">
            <caption>{ tf(lang, "pilot.table_caption", &[("stage", plan_name(lang, p.stage))]) }</caption>
            <thead><tr>
                <th scope="col">{ t(lang, "pilot.col.department") }</th>
                <th scope="col">{ t(lang, "pilot.col.post") }</th>
                <th scope="col">{ t(lang, "pilot.est.now") }</th>
                <th scope="col">{ t(lang, "pilot.est.needed") }</th>
                <th scope="col">{ t(lang, "pilot.est.matched") }</th>
                <th scope="col">{ t(lang, "pilot.est.shortfall") }</th>
                <th scope="col">{ t(lang, "pilot.est.min_skill") }</th>
                <th scope="col">{ t(lang, "pilot.est.pay_grade") }</th>
                <th scope="col">{ t(lang, "pilot.est.monthly_pay") }</th>
            </tr></thead>
            <tbody>
                { for p.table.iter().map(|r| html! {
                    <tr data-post={r.post.id()} class={classes!((r.shortfall > 0).then_some("short"))}>
                        <th scope="row">{ department_name(c, &r.department) }</th>
                        <td>{ post_name(lang, r.post.id()) }</td>
                        <td>{ r.people_now.to_string() }</td>
                        <td class="needed">{ r.people_needed.to_string() }</td>
                        <td>{ r.people_matched.to_string() }</td>
                        <td class="shortfall">{ r.shortfall.to_string() }</td>
                        <td>{ num(r.min_skill, 0) }</td>
                        <td>{ r.pay_grade.to_string() }</td>
                        <td>{ yuan(lang, r.monthly_pay) }</td>
                    </tr>
                }) }
            </tbody>
        </table>
        </div>
        <table id="pilot-payroll" class="metrics pilot-table">
            <caption>{ t(lang, "pilot.payroll_caption") }</caption>
            <thead><tr>
                <th scope="col">{ t(lang, "pilot.col.department") }</th>
                <th scope="col">{ t(lang, "pilot.payroll.today") }</th>
                <th scope="col">{ t(lang, "pilot.payroll.submitted") }</th>
                <th scope="col">{ t(lang, "pilot.payroll.unplaced") }</th>
            </tr></thead>
            <tbody>
                { for p.payroll.iter().map(|r| html! {
                    <tr>
                        <th scope="row">{ department_name(c, &r.department) }</th>
                        <td>{ yuan(lang, r.today) }</td>
                        <td>{ yuan(lang, r.submitted) }</td>
                        <td>{ r.people_unplaced.to_string() }</td>
                    </tr>
                }) }
            </tbody>
        </table>
        </>
    }
}

/// The shown plan's files, written by the worker from the kept pilot.
fn exports(
    state: &UseReducerHandle<State>,
    lang: Lang,
    stage: usize,
    client: &Rc<RefCell<Option<Client>>>,
) -> Html {
    let ask = |file: PilotFile| {
        let client = client.clone();
        let code = lang.code();
        Callback::from(move |_: MouseEvent| {
            if let Some(cl) = client.borrow().as_ref() {
                cl.pilot_export(stage, file, code);
            }
        })
    };
    html! {
        <div id="pilot-exports" class="exports">
            <span>{ tf(lang, "pilot.export", &[("stage", plan_name(lang, stage))]) }</span>
            { for PilotFile::ALL.iter().map(|&f| html! {
                <button id={format!("pilot-export-{}", f.id())} type="button" disabled={!state.is_idle()}
                    onclick={ask(f)}>{ t(lang, &format!("pilot.export.{}", f.id())) }</button>
            }) }
        </div>
    }
}

/// The pilot view: its inputs, the run's progress or refusal, and the result.
pub fn pilot_view(
    state: &UseReducerHandle<State>,
    c: &Outcome,
    lang: Lang,
    on_cancel: Callback<MouseEvent>,
    client: &Rc<RefCell<Option<Client>>>,
) -> Html {
    let form = state.pilot_inputs().map(|f| form_view(state, c, lang, &f));
    let on_stage = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(s) = select.value().parse::<usize>() {
                state.dispatch(Msg::PilotStage(s));
            }
        })
    };
    let result = state.pilot.as_ref().map(|v| {
        let shown = v
            .plans
            .get(state.pilot_stage)
            .or_else(|| v.plans.last());
        let names = v.department_names.join(t(lang, "pilot.list_sep"));
        html! {
            <section id="pilot-result" class="pilot-result">
                <p class="pilot-summary">{ tf(lang, "pilot.summary", &[
                    ("departments", names),
                    ("model", t(lang, v.model.key()).to_string()),
                    ("stages", v.plans.len().saturating_sub(1).to_string()),
                ]) }</p>
                <ol id="pilot-timeline" class="pilot-timeline">
                    { for v.plans.iter().map(|p| timeline_item(state, lang, p)) }
                </ol>
                if let Some(p) = shown {
                    <div class="map-tools">
                        <label for="pilot-stage">{ t(lang, "pilot.show_stage") }</label>
                        <select id="pilot-stage" onchange={on_stage}>
                            { for v.plans.iter().map(|x| html! {
                                <option value={x.stage.to_string()} selected={x.stage == p.stage}>{ plan_name(lang, x.stage) }</option>
                            }) }
                        </select>
                        { exports(state, lang, p.stage, client) }
                    </div>
                    { managers_table(c, lang, p) }
                    <div class="pilot-grid">
                        { map_view(lang, v) }
                        <div class="pilot-side">
                            { kpi_teams(c, lang, p) }
                            { establishment_tables(c, lang, p) }
                        </div>
                    </div>
                    { kpi_people(c, lang, p) }
                }
            </section>
        }
    });
    html! {
        <section id="pilot-view" class="pilot-view">
            <p class="help">{ t(lang, "pilot.help") }</p>
            { form.unwrap_or_default() }
            if state.pilot_running {
                <div id="pilot-status" class="run-status" role="status">
                    <label for="pilot-progress">{ tf(lang, "pilot.progress", &[
                        ("done", state.pilot_progress.map_or(0, |p| p.0).to_string()),
                        ("total", state.pilot_progress.map_or(1, |p| p.1).to_string()),
                    ]) }</label>
                    <progress id="pilot-progress" max={state.pilot_progress.map_or(1, |p| p.1).to_string()}
                        value={state.pilot_progress.map_or(0, |p| p.0).to_string()} />
                    <button id="pilot-cancel" type="button" onclick={on_cancel}>{ t(lang, "run.cancel") }</button>
                </div>
            }
            if let Some(e) = &state.pilot_error {
                <p id="pilot-error" class="error" role="alert">{ e.text(lang) }</p>
            }
            { result.unwrap_or_default() }
        </section>
    }
}

/// Draws the pilot's map (when the view shows a result).
pub fn draw_pilot(lang: Lang, v: &PilotView) {
    let Some(cv) = canvas_by_id(MAP) else {
        return;
    };
    let labels = PilotMapLabels {
        title: t(lang, "pilot.map_title").to_string(),
        km: t(lang, "chart.map.km").to_string(),
    };
    if let Err(e) = draw::pilot_map_chart(cv, &v.map.points, &v.map.change, &v.map.offices, &labels)
    {
        gloo::console::error!(e.to_string());
    }
}
