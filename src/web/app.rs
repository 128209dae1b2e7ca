//! The app component: one reducer for state, effects at the edge (canvas drawing, document
//! title and language).

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};

use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use super::browser;
use super::draw;
use super::fields::{setting_input, SettingField};
use super::kit as datakit;
use super::present;
use super::reducer;
use super::worker::Client;
use crate::app::error::WorkerError;
use crate::app::limits::{MAX_HEADCOUNT, MAX_REPLICATIONS, MIN_CUSTOMERS};
use crate::app::message::Explain;
use crate::app::outcome::{Lived, ModelView, Outcome};
use crate::app::protocol::{Answer, Query, Reply};
use crate::app::slides::{COMPARE_CHARTS, TOUR};
use crate::app::state::{shown_models, Msg, Phase, State, View};
use crate::app::sweep::{Curve, StaffingPoint};
use crate::charts::compare;
use crate::charts::map::MapLabels;
use crate::charts::map::{Overlay, Projection};
use crate::charts::workload::WorkloadLabels;
use crate::core::generate::Preset;
use crate::core::geo::Point;
use crate::core::metrics::{self, balance};
use crate::core::scenario::Scenario;
use crate::core::settings::{Function, Settings, ZoneModel};
use crate::i18n::{figure, num, t, tf, Lang};

/// The worker, ready for a new computation: a busy one is terminated and replaced (a worker
/// cannot be interrupted mid-computation), a missing one started. A worker that cannot start
/// is reported as a failure.
fn idle_client<'a>(
    client: &'a RefCell<Option<Client>>,
    dispatcher: &UseReducerDispatcher<State>,
) -> std::cell::RefMut<'a, Option<Client>> {
    let mut slot = client.borrow_mut();
    if slot.as_ref().is_some_and(|c| c.is_busy()) {
        *slot = None;
    }
    if slot.is_none() {
        let d = dispatcher.clone();
        match Client::spawn(move |reply| match reply {
            // An export goes straight to the user as a file.
            Reply::Answer { answer, .. } if matches!(*answer, Answer::File { .. }) => {
                if let Answer::File { name, text } = *answer {
                    datakit::deliver(&name, &text);
                }
            }
            reply => d.dispatch(Msg::Reply(reply)),
        }) {
            Ok(c) => *slot = Some(c),
            Err(detail) => dispatcher.dispatch(Msg::Reply(Reply::Failed {
                id: u64::MAX,
                error: WorkerError::Start(detail).message(),
            })),
        }
    }
    slot
}

static FIRST_CHART_MARKED: AtomicBool = AtomicBool::new(false);

/// Marks the first drawn chart for the browser test's timing (navigation → first chart).
fn mark_first_chart() {
    if !FIRST_CHART_MARKED.swap(true, Ordering::Relaxed) {
        if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
            let _ = p.mark("first-chart");
        }
    }
}

#[component]
pub fn App() -> Html {
    let state = use_reducer(reducer::start);
    let workload_ref = use_node_ref();
    let map_ref = use_node_ref();
    // The worker (outside the reducer: the handle is a side effect, not state to render).
    let client: Rc<RefCell<Option<Client>>> = use_mut_ref(|| None);
    // Where the map was last drawn (to turn a click into km), and a drag in progress.
    let projection: Rc<RefCell<Option<Projection>>> = use_mut_ref(|| None);
    let drag: Rc<RefCell<Gesture>> = use_mut_ref(Gesture::default);
    let lang = state.lang;

    {
        // Document language and title follow the app's language.
        use_effect_with(lang, move |lang| {
            if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
                doc.set_title(t(*lang, "app.title"));
                if let Some(html) = doc.document_element() {
                    let _ = html.set_attribute("lang", lang.code());
                }
            }
        });
    }

    {
        // Every kept change is stored in this browser (and only there).
        let state = state.clone();
        use_effect_with(state.saved_version, move |_| {
            if !state.save_paused {
                if let Err(n) = datakit::autosave(&state) {
                    state.dispatch(Msg::KitNotice(n));
                }
            }
        });
    }

    {
        // Presentation mode and the tour follow the keyboard (outside fields).
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            browser::on_keydown(move |key, typing| {
                if !typing {
                    dispatcher.dispatch(Msg::Key(key));
                }
            });
        });
    }

    {
        // First visit: the guided tour starts by itself (not when a shared link opened the
        // page: its reader came for the figures).
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            if browser::load("toured").is_none() && browser::fragment().is_empty() {
                dispatcher.dispatch(Msg::Tour(Some(0)));
            }
        });
    }

    {
        // A tour closed is remembered: later visits start without it.
        use_effect_with(state.tour_done, |done| {
            if *done {
                let _ = browser::store("toured", "1");
            }
        });
    }

    {
        // The tour's step marks its element.
        let target = state.tour.and_then(|s| TOUR.get(s)).map(|(id, ..)| *id);
        use_effect_with(target, move |target| browser::highlight(*target));
    }

    {
        // Each new request goes to the worker; one still running is abandoned by restarting
        // the worker (a worker cannot be interrupted mid-computation).
        let client = client.clone();
        let dispatcher = state.dispatcher();
        let wanted = state.wanted();
        use_effect_with(state.request, move |_| {
            if let Some(req) = wanted {
                if let Some(c) = idle_client(&client, &dispatcher).as_ref() {
                    c.send(&req);
                }
            }
        });
    }

    {
        // The staffing curves run in the worker like any computation (a busy worker restarts).
        let client = client.clone();
        let dispatcher = state.dispatcher();
        let wanted = state
            .staffing_running
            .then(|| state.staffing_request())
            .flatten();
        use_effect_with(state.staffing_id, move |_| {
            if let Some(req) = wanted {
                if let Some(c) = idle_client(&client, &dispatcher).as_ref() {
                    c.staffing(&req);
                }
            }
        });
    }

    {
        // The map's details come from the worker's calendars, on demand.
        let client = client.clone();
        let route = state
            .map_staff
            .filter(|_| state.has_calendar)
            .map(|staff| Query::Route {
                model: state.model,
                staff,
                day: state.map_day,
            });
        let customer =
            state
                .picked
                .filter(|_| state.has_calendar)
                .map(|customer| Query::Customer {
                    model: state.model,
                    customer,
                });
        let ids = (state.route_query, state.customer_query);
        use_effect_with(ids, move |(rq, cq)| {
            if let Some(c) = client.borrow().as_ref() {
                if let Some(q) = route {
                    c.query(*rq, q);
                }
                if let Some(q) = customer {
                    c.query(*cq, q);
                }
            }
        });
    }

    {
        let state = state.clone();
        let workload_ref = workload_ref.clone();
        let map_ref = map_ref.clone();
        let projection = projection.clone();
        let route_shown = state.route.clone();
        use_effect_with(
            (state.version, lang, route_shown.map(|r| (r.staff, r.day))),
            move |_| {
                if let Some(c) = state.outcome.as_ref() {
                    if state.present.is_some() {
                        // Only the slide's canvas exists: each draw finds its own or nothing.
                        draw_workload(&state, c, &workload_ref);
                        *projection.borrow_mut() = draw_map(&state, c, &map_ref);
                        if state.has_calendar {
                            draw_compare(state.lang, c, &shown_models(c, &state.hidden));
                        }
                        return;
                    }
                    match state.view {
                        View::Compare | View::Report => {
                            draw_workload(&state, c, &workload_ref);
                            if state.has_calendar {
                                draw_compare(state.lang, c, &shown_models(c, &state.hidden));
                            }
                        }
                        View::Map => {
                            *projection.borrow_mut() = draw_map(&state, c, &map_ref);
                        }
                        View::Calendar | View::Learn | View::Exercises => {}
                        View::Staffing => {
                            if let Some(curves) = state.staffing.as_ref() {
                                draw_staffing(state.lang, curves, state.staffing_post);
                            }
                        }
                    }
                }
            },
        );
    }

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
    let on_lang = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Msg::ToggleLang))
    };
    let on_cancel = {
        let state = state.clone();
        let client = client.clone();
        Callback::from(move |_| {
            // Terminating is the only way to stop a computation; the next request starts a
            // fresh worker.
            client.borrow_mut().take();
            state.dispatch(Msg::Cancel);
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

    let status = match (state.progress, state.phase) {
        (_, Phase::Idle) => Html::default(),
        (progress, phase) => {
            let (done, total) = progress.unwrap_or((0, 1));
            let label = if phase == Phase::Calendar {
                "run.calendar"
            } else {
                "run.assignment"
            };
            html! {
                <div id="run-status" class="run-status" role="status">
                    <label for="progress">{ tf(lang, label, &[("done", done.to_string()), ("total", total.to_string())]) }</label>
                    <progress id="progress" max={total.to_string()} value={done.to_string()} />
                    <button id="cancel" type="button" onclick={on_cancel.clone()}>{ t(lang, "run.cancel") }</button>
                </div>
            }
        }
    };
    let notice = if let Some(error) = &state.error {
        html! { <p class="error" role="alert">{ tf(lang, "app.error", &[("msg", error.text(lang))]) }</p> }
    } else if state.cancelled {
        html! { <p id="cancelled" class="help" role="status">{ t(lang, "run.cancelled") }</p> }
    } else {
        Html::default()
    };

    let body = match state.outcome.as_ref() {
        None => Html::default(),
        Some(c) => {
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
            let workload_summary = c
                .models
                .get(state.model)
                .and_then(|m| {
                    let h = &m.staff_weekly_hours;
                    let (cv, _) = balance(h)?;
                    let mean = h.iter().sum::<f64>() / h.len() as f64;
                    let max = h.iter().copied().fold(f64::MIN, f64::max);
                    let min = h.iter().copied().fold(f64::MAX, f64::min);
                    Some(tf(
                        lang,
                        "summary.workload",
                        &[
                            ("mean", num(mean, 2)),
                            ("min", num(min, 2)),
                            ("max", num(max, 2)),
                            ("cv", num(cv, 4)),
                        ],
                    ))
                })
                .unwrap_or_default();
            let tabs = html! {
                <nav class="tabs" role="tablist" aria-label={t(lang, "view.label").to_string()}>
                    { for View::ALL.iter().map(|&v| {
                        let state = state.clone();
                        let selected = state.view == v;
                        html! {
                            <button id={format!("tab-{}", v.id())} type="button" role="tab"
                                aria-selected={selected.to_string()} class={classes!(selected.then_some("active"))}
                                onclick={Callback::from(move |_| state.dispatch(Msg::SetView(v)))}>
                                { t(lang, &format!("view.{}", v.id())) }
                            </button>
                        }
                    }) }
                </nav>
            };
            let content = match state.view {
                View::Compare => html! {
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
                                                    state.dispatch(Msg::Reject(t(lang, "control.two_models").to_string()));
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
                                <figcaption id="workload-summary">{ workload_summary }</figcaption>
                                { datakit::png_button(lang, "workload-chart") }
                            </figure>
                        </section>
                        if state.has_calendar {
                            <section class="charts" id="compare-charts">
                                { for COMPARE_CHARTS.iter().map(|(id, key)| html! {
                                    <figure>
                                        <canvas id={*id} width="960" height="480" role="img"
                                            aria-label={t(lang, key).to_string()} />
                                        { datakit::png_button(lang, id) }
                                    </figure>
                                }) }
                            </section>
                        }
                        { datakit::exports(&state, c, lang, &client) }
                        { metric_table(lang, c, &shown_models(c, &state.hidden), state.has_calendar) }
                    </>
                },
                View::Map => map_view(&state, c, lang, &map_ref, &projection, &drag),
                View::Calendar => calendar_view(&state, c, lang),
                View::Staffing => staffing_view(&state, lang, on_cancel.clone()),
                View::Learn => html! {
                    <>
                        { super::learn::learn_view(lang, Some(c)) }
                        { assumptions(&state, lang) }
                    </>
                },
                View::Exercises => present::exercises_view(&state, lang),
                View::Report => report_view(&state, c, lang, &workload_ref),
            };
            html! {
                <>
                    <p id="scenario-summary">{ summary }</p>
                    { tabs }
                    { content }
                </>
            }
        }
    };

    if let (Some(slide), Some(c)) = (state.present, state.outcome.as_ref()) {
        return html! {
            <>
                { status }
                { present::presentation(&state, c, slide, &workload_ref, &map_ref) }
            </>
        };
    }
    let on_present = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Msg::Present(Some(0))))
    };
    let on_tour = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Msg::Tour(Some(0))))
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
                { present::tour_bubble(&state, step) }
            }
            <section class="controls">
                <label for="preset">{ t(lang, "control.preset") }</label>
                <select id="preset" onchange={on_preset}>
                    { for Preset::ALL.iter().map(|p| html! {
                        <option value={p.id()} selected={*p == state.preset}>{ t(lang, p.key()) }</option>
                    }) }
                </select>
                <label for="seed">{ t(lang, "control.seed") }</label>
                <input id="seed" type="text" inputmode="numeric" value={state.seed.to_string()}
                    onchange={on_seed} aria-describedby="seed-help" />
                <span id="seed-help" class="help">{ t(lang, "control.seed_help") }</span>
                <label for="model">{ t(lang, "control.model") }</label>
                <select id="model" onchange={on_model}>{ model_options }</select>
                if state.seed_error.is_some() {
                    <span id="seed-error" class="error" role="alert">{ t(lang, "control.seed_invalid") }</span>
                }
            </section>
            { what_if(&state, lang) }
            { datakit::data_panel(&state, lang) }
            if let Some(n) = &state.kit_notice {
                { datakit::notice(lang, n) }
            }
            { status }
            { notice }
            { body }
            <footer><p>{ t(lang, "app.offline_note") }</p></footer>
        </>
    }
}

/// Pointers down on the map: where each is, where a one-pointer gesture began (a click or a
/// drag), and the spread and midpoint of a two-finger pinch when it last zoomed.
#[derive(Default)]
pub struct Gesture {
    pointers: Vec<(i32, (f64, f64))>,
    start: Option<(f64, f64)>,
    pinch: Option<(f64, (f64, f64))>,
}

impl Gesture {
    /// The distance between the first two pointers and their midpoint.
    fn spread(&self) -> Option<(f64, (f64, f64))> {
        let (a, b) = (self.pointers.first()?.1, self.pointers.get(1)?.1);
        let d = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
        Some((d, ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0)))
    }
}

/// The canvas pixel under a mouse or pointer event (the canvas is scaled by CSS).
fn canvas_pixel(e: &MouseEvent) -> Option<(f64, f64)> {
    use wasm_bindgen::JsCast;
    let cv: HtmlCanvasElement = e.target()?.dyn_into().ok()?;
    let (cw, ch) = (f64::from(cv.client_width()), f64::from(cv.client_height()));
    if cw <= 0.0 || ch <= 0.0 {
        return None;
    }
    Some((
        f64::from(e.offset_x()) * f64::from(cv.width()) / cw,
        f64::from(e.offset_y()) * f64::from(cv.height()) / ch,
    ))
}

/// A staff member's name for lists: "张三 · 客户服务岗".
fn staff_name(lang: Lang, c: &Outcome, model: usize, staff: usize) -> String {
    let Some(st) = c.models.get(model).and_then(|m| m.staff.get(staff)) else {
        return staff.to_string();
    };
    let name = c
        .scenario
        .managers
        .get(st.manager)
        .map_or_else(|| staff.to_string(), |m| m.name.clone());
    match st.post {
        Some(p) => format!("{name} · {}", t(lang, p.key())),
        None => name,
    }
}

fn day_label(lang: Lang, c: &Outcome, day: u32) -> String {
    let dpw = c.scenario.settings.days_per_week.max(1);
    tf(
        lang,
        "calendar.day",
        &[
            ("week", (day / dpw + 1).to_string()),
            ("day", (day % dpw + 1).to_string()),
        ],
    )
}

/// The map view: territories, a staff member's day route, a customer's details; zoom and pan
/// with the buttons, the wheel or a drag (mouse or touch).
fn map_view(
    state: &UseReducerHandle<State>,
    c: &Outcome,
    lang: Lang,
    map_ref: &NodeRef,
    projection: &Rc<RefCell<Option<Projection>>>,
    drag: &Rc<RefCell<Gesture>>,
) -> Html {
    let Some(shown) = c.models.get(state.model) else {
        return Html::default();
    };
    let days = c.scenario.settings.weeks * c.scenario.settings.days_per_week;
    let on_staff = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            state.dispatch(Msg::SelectStaff(select.value().parse::<usize>().ok()));
        })
    };
    let on_day = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(d) = select.value().parse::<u32>() {
                state.dispatch(Msg::SelectDay(d));
            }
        })
    };
    let centre = |state: &State| {
        state.window().map_or(Point::new(0.0, 0.0), |w| {
            Point::new((w.min.x + w.max.x) / 2.0, (w.min.y + w.max.y) / 2.0)
        })
    };
    let zoom = |f: f64| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Msg::Zoom(f, centre(&state))))
    };
    let on_reset = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Msg::ResetMap))
    };
    let on_wheel = {
        let state = state.clone();
        let projection = projection.clone();
        Callback::from(move |e: WheelEvent| {
            e.prevent_default();
            let Some((px, py)) = canvas_pixel(&e) else {
                return;
            };
            if let Some(p) = *projection.borrow() {
                let f = if e.delta_y() < 0.0 { 1.25 } else { 0.8 };
                state.dispatch(Msg::Zoom(f, p.to_km(px, py)));
            }
        })
    };
    let on_down = {
        let drag = drag.clone();
        Callback::from(move |e: PointerEvent| {
            if let Some(at) = canvas_pixel(&e) {
                let mut g = drag.borrow_mut();
                g.pointers.retain(|p| p.0 != e.pointer_id());
                g.pointers.push((e.pointer_id(), at));
                // One finger (or the mouse) may click or drag; two pinch.
                g.start = (g.pointers.len() == 1).then_some(at);
                g.pinch = g.spread();
            }
        })
    };
    let on_move = {
        let state = state.clone();
        let drag = drag.clone();
        let projection = projection.clone();
        Callback::from(move |e: PointerEvent| {
            let Some(at) = canvas_pixel(&e) else {
                return;
            };
            let mut g = drag.borrow_mut();
            if let Some(p) = g.pointers.iter_mut().find(|p| p.0 == e.pointer_id()) {
                p.1 = at;
            }
            // A pinch zooms by the change in the fingers' spread, around their midpoint.
            if let (Some(before), Some(now), Some(proj)) =
                (g.pinch, g.spread(), *projection.borrow())
            {
                let f = now.0 / before.0.max(1.0);
                if (f - 1.0).abs() > 0.08 {
                    g.pinch = Some(now);
                    state.dispatch(Msg::Zoom(f, proj.to_km(now.1 .0, now.1 .1)));
                }
            }
        })
    };
    let on_up = {
        let state = state.clone();
        let drag = drag.clone();
        let projection = projection.clone();
        Callback::from(move |e: PointerEvent| {
            let mut g = drag.borrow_mut();
            g.pointers.retain(|p| p.0 != e.pointer_id());
            let start = if g.pointers.is_empty() {
                g.start.take()
            } else {
                None
            };
            if g.pointers.len() < 2 {
                g.pinch = None;
            }
            drop(g);
            let (Some(start), Some(end), Some(p)) = (start, canvas_pixel(&e), *projection.borrow())
            else {
                return;
            };
            let (dx, dy) = (end.0 - start.0, end.1 - start.1);
            if dx.abs() + dy.abs() < 6.0 {
                // A click: the nearest customer.
                state.dispatch(Msg::ClickMap(p.to_km(end.0, end.1)));
            } else if let Some(w) = state.window() {
                // A drag moves the map with the pointer.
                let km = |d: f64| d / p.scale;
                state.dispatch(Msg::Pan(
                    -km(dx) / w.width().max(1e-9),
                    km(dy) / w.height().max(1e-9),
                ));
            }
        })
    };
    let on_find = {
        let state = state.clone();
        // Looked up when the user asks, not copied at every render (50,000 ids on the city).
        Callback::from(move |e: Event| {
            let want = input_value(&e).trim().to_string();
            let found = state.outcome.as_ref().and_then(|o| {
                o.scenario
                    .customers
                    .iter()
                    .position(|x| x.id.eq_ignore_ascii_case(&want))
            });
            match found {
                Some(i) => state.dispatch(Msg::PickCustomer(i)),
                None => state.dispatch(Msg::Reject(tf(lang, "map.not_found", &[("id", want)]))),
            }
        })
    };
    let route = state
        .route
        .as_ref()
        .filter(|r| Some(r.staff) == state.map_staff && r.day == state.map_day);
    let functions = |fs: &[Function]| {
        fs.iter()
            .map(|f| t(lang, f.key()))
            .collect::<Vec<_>>()
            .join("、")
    };
    let customer_name = |i: usize| {
        c.scenario
            .customers
            .get(i)
            .map_or_else(|| i.to_string(), |cu| format!("{} {}", cu.id, cu.name))
    };
    let route_panel = match (state.map_staff, route) {
        (None, _) => html! { <p class="help">{ t(lang, "map.pick_staff") }</p> },
        (Some(_), None) => html! { <p class="help">{ t(lang, "map.loading") }</p> },
        (Some(staff), Some(r)) if r.stops.is_empty() => html! {
            <p id="route-summary">{ tf(lang, "map.no_route", &[("staff", staff_name(lang, c, state.model, staff)), ("day", day_label(lang, c, r.day))]) }</p>
        },
        (Some(staff), Some(r)) => html! {
            <>
                <p id="route-summary">{ tf(lang, "map.route", &[
                    ("staff", staff_name(lang, c, state.model, staff)),
                    ("day", day_label(lang, c, r.day)),
                    ("leave", r.leave.map(clock).unwrap_or_default()),
                    ("back", r.back.map(clock).unwrap_or_default()),
                    ("km", num(r.km, 1)),
                    ("stops", r.stops.len().to_string()),
                ]) }</p>
                <ol id="route-stops" class="stops">
                    { for r.stops.iter().map(|x| html! {
                        <li>
                            { format!("{}–{} {}", clock(x.start), clock(x.end), customer_name(x.customer)) }
                            <span class="help">
                                { format!(" {}", functions(&x.functions)) }
                                if x.team { { format!(" · {}", t(lang, "map.team")) } }
                                if x.closed { { format!(" · {}", t(lang, "map.closed")) } }
                            </span>
                        </li>
                    }) }
                </ol>
            </>
        },
    };
    let customer_panel = match (state.picked, state.customer.as_ref()) {
        (None, _) => html! { <p class="help">{ t(lang, "map.pick_customer") }</p> },
        (Some(i), None) => {
            html! { <p class="help">{ format!("{} · {}", customer_name(i), t(lang, "map.loading")) }</p> }
        }
        (Some(_), Some(cv)) => {
            let cu = c.scenario.customers.get(cv.customer);
            let class = cu
                .and_then(|cu| c.scenario.settings.classes.get(cu.class as usize))
                .map(|k| {
                    if lang == Lang::ZhCn {
                        k.name_zh.clone()
                    } else {
                        k.name_en.clone()
                    }
                })
                .unwrap_or_default();
            html! {
                <div id="customer-details">
                    <h3>{ format!("{} · {class}", customer_name(cv.customer)) }</h3>
                    <ul>
                        { for Function::ALL.iter().zip(cv.responsible).map(|(f, s)| html! {
                            <li>{ format!("{}: {}", t(lang, f.key()), staff_name(lang, c, cv.model, s)) }</li>
                        }) }
                    </ul>
                    <h4>{ tf(lang, "map.visits", &[("n", cv.visits.len().to_string())]) }</h4>
                    <ul class="visits">
                        { for cv.visits.iter().map(|v| html! {
                            <li>{ format!("{} {}–{} {} · {}{}{}",
                                day_label(lang, c, v.day), clock(v.start), clock(v.end),
                                staff_name(lang, c, cv.model, v.staff), functions(&v.functions),
                                if v.team { format!(" · {}", t(lang, "map.team")) } else { String::new() },
                                if v.closed { format!(" · {}", t(lang, "map.closed")) } else { String::new() }) }</li>
                        }) }
                    </ul>
                    if !cv.missed.is_empty() {
                        <h4>{ tf(lang, "map.missed", &[("n", cv.missed.len().to_string())]) }</h4>
                        <ul class="missed">
                            { for cv.missed.iter().map(|m| html! {
                                <li>{ format!("{} ({}–{}), {}: {}",
                                    t(lang, m.function.key()), day_label(lang, c, m.from_day), day_label(lang, c, m.to_day),
                                    staff_name(lang, c, cv.model, m.staff), t(lang, &format!("reason.{}", m.reason))) }</li>
                            }) }
                        </ul>
                    }
                </div>
            }
        }
    };
    html! {
        <section id="map-view" class="map-view">
            <div class="map-tools">
                <label for="map-staff">{ t(lang, "map.staff") }</label>
                <select id="map-staff" onchange={on_staff}>
                    <option value="" selected={state.map_staff.is_none()}>{ t(lang, "map.all_staff") }</option>
                    { for (0..shown.staff.len()).map(|i| html! {
                        <option value={i.to_string()} selected={state.map_staff == Some(i)}>
                            { format!("{} {}", i + 1, staff_name(lang, c, state.model, i)) }
                        </option>
                    }) }
                </select>
                <label for="map-day">{ t(lang, "map.day") }</label>
                <select id="map-day" onchange={on_day}>
                    { for (0..days).map(|d| html! {
                        <option value={d.to_string()} selected={state.map_day == d}>{ day_label(lang, c, d) }</option>
                    }) }
                </select>
                <button id="zoom-in" type="button" title={t(lang, "map.zoom_in").to_string()} onclick={zoom(1.5)}>{ "+" }</button>
                <button id="zoom-out" type="button" title={t(lang, "map.zoom_out").to_string()} onclick={zoom(1.0 / 1.5)}>{ "−" }</button>
                <button id="zoom-reset" type="button" onclick={on_reset}>{ t(lang, "map.reset") }</button>
                <label for="find-customer">{ t(lang, "map.find") }</label>
                <input id="find-customer" type="search" placeholder={t(lang, "map.find_hint").to_string()} onchange={on_find} />
                if !state.has_calendar {
                    <span class="help">{ t(lang, "map.wait_calendar") }</span>
                }
            </div>
            <div class="map-layout">
                <figure>
                    <canvas id="map" ref={map_ref.clone()} width="960" height="720" role="img"
                        aria-label={t(lang, "map.aria").to_string()}
                        onwheel={on_wheel} onpointerdown={on_down} onpointermove={on_move}
                        onpointerup={on_up.clone()} onpointercancel={on_up} />
                </figure>
                <aside id="map-details" aria-live="polite">
                    { route_panel }
                    { customer_panel }
                </aside>
            </div>
        </section>
    }
}

/// The staffing view (定编): coverage and monthly cost against headcount for every model, with
/// each model's least headcount for full coverage marked; computed on demand in the worker.
fn staffing_view(
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
                                { match (&c.full_coverage, c.search_limit) {
                                    (Some(p), _) => html! { <>
                                        <td class="full-coverage">{ p.headcount.to_string() }</td>
                                        <td>{ figure(p.monthly_cost, 0) }</td>
                                    </> },
                                    (None, limit) => html! { <>
                                        <td>{ tf(lang, "staffing.not_within", &[("n", limit.unwrap_or(0).to_string())]) }</td>
                                        <td>{ "—" }</td>
                                    </> },
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
fn draw_staffing(lang: Lang, curves: &[Curve], post: Option<usize>) {
    type Figure = Box<dyn Fn(&StaffingPoint) -> f64>;
    let line = |c: &Curve, y: &Figure| compare::Line {
        name: t(lang, c.model.key()).to_string(),
        points: c
            .points
            .iter()
            .map(|p| (p.headcount as f64, y(p)))
            .collect(),
        mark: c.full_coverage.as_ref().map(|p| (p.headcount as f64, y(p))),
        colour: c.model.index(),
    };
    // The chosen post's coverage, or the whole's; a post nobody needs counts as covered.
    let coverage: Figure = match post {
        Some(k) => Box::new(move |p: &StaffingPoint| {
            p.coverage_by_post.get(k).copied().flatten().unwrap_or(1.0)
        }),
        None => Box::new(|p: &StaffingPoint| p.coverage),
    };
    let cost: Figure = Box::new(|p: &StaffingPoint| p.monthly_cost);
    let charts = [
        (
            "staffing-coverage",
            "staffing.coverage_title",
            "metric.coverage_rate",
            coverage,
        ),
        (
            "staffing-cost",
            "staffing.cost_title",
            "metric.monthly_cost",
            cost,
        ),
    ];
    for (id, title, y, f) in charts {
        let Some(cv) = canvas_by_id(id) else {
            continue;
        };
        let lines: Vec<compare::Line> = curves.iter().map(|c| line(c, &f)).collect();
        let labels = compare::LineLabels {
            title: t(lang, title).to_string(),
            x_desc: t(lang, "staffing.headcount").to_string(),
            y_desc: t(lang, y).to_string(),
        };
        if let Err(e) = draw::line_chart(cv, &lines, &labels) {
            gloo::console::error!(e.to_string());
        }
    }
}

/// The calendar view: staff × working days, each cell the day's visits and hours; a day over
/// the working day is marked, and a cell opens that day's route on the map.
fn calendar_view(state: &UseReducerHandle<State>, c: &Outcome, lang: Lang) -> Html {
    let Some(shown) = c.models.get(state.model) else {
        return Html::default();
    };
    let Some(lived) = shown.lived.as_ref() else {
        return html! { <p class="help">{ t(lang, "map.wait_calendar") }</p> };
    };
    let day_min = c.scenario.settings.day_minutes;
    let days = lived.day_minutes.first().map_or(0, Vec::len) as u32;
    html! {
        <section id="calendar-view" class="calendar-view">
            <p class="help">{ t(lang, "calendar.help") }</p>
            <div class="grid-scroll">
                <table id="calendar-grid" class="calendar-grid">
                    <thead>
                        <tr>
                            <th scope="col">{ t(lang, "map.staff") }</th>
                            { for (0..days).map(|d| html! { <th scope="col">{ day_label(lang, c, d) }</th> }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for lived.day_minutes.iter().zip(&lived.day_visits).enumerate().map(|(s, (mins, visits))| html! {
                            <tr>
                                <th scope="row">{ format!("{} {}", s + 1, staff_name(lang, c, state.model, s)) }</th>
                                { for mins.iter().zip(visits).enumerate().map(|(d, (&m, &n))| {
                                    let state = state.clone();
                                    let over = m > day_min + 1e-9;
                                    let title = tf(lang, "calendar.cell", &[
                                        ("visits", n.to_string()), ("hours", num(m / 60.0, 1)),
                                    ]);
                                    html! {
                                        <td class={classes!(over.then_some("over"), (n == 0).then_some("empty"))}>
                                            <button type="button" title={title}
                                                onclick={Callback::from(move |_| state.dispatch(Msg::PickDay { staff: s, day: d as u32 }))}>
                                                { if n == 0 { "·".to_string() } else { format!("{n} / {}", num(m / 60.0, 1)) } }
                                            </button>
                                        </td>
                                    }
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// A number typed into a control, if it is one within `lo..=hi`.
fn parse_in<T: std::str::FromStr + PartialOrd>(text: &str, lo: T, hi: T) -> Option<T> {
    text.trim()
        .parse::<T>()
        .ok()
        .filter(|x| *x >= lo && *x <= hi)
}

fn input_value(e: &Event) -> String {
    let input: web_sys::HtmlInputElement = e.target_unchecked_into();
    input.value()
}

/// The what-if controls: visit modes, routine service minutes per class, staff, horizon and
/// disturbances. Each edits a copy of the shown scenario's settings and recomputes; a value
/// out of range is refused by the browser's own bounds and ignored here.
fn what_if(state: &UseReducerHandle<State>, lang: Lang) -> Html {
    let Some(outcome) = state.outcome.as_ref() else {
        return Html::default();
    };
    let current: Settings = state
        .settings
        .clone()
        .unwrap_or_else(|| outcome.scenario.settings.clone());
    let toggle = |f: fn(&mut Settings) -> &mut bool| {
        let state = state.clone();
        let current = current.clone();
        Callback::from(move |_: Event| {
            let mut next = current.clone();
            let flag = f(&mut next);
            *flag = !*flag;
            state.dispatch(Msg::SetSettings(Box::new(next)));
        })
    };
    let modes = [
        (
            "mode-team",
            "control.team_visits",
            current.modes.team_visits,
            toggle(|s| &mut s.modes.team_visits),
        ),
        (
            "mode-stagger",
            "control.staggering",
            current.modes.staggering,
            toggle(|s| &mut s.modes.staggering),
        ),
        (
            "mode-flexible",
            "control.flexible_hours",
            current.modes.flexible_hours,
            toggle(|s| &mut s.modes.flexible_hours),
        ),
        (
            "mode-deep",
            "control.deep_visits",
            current.modes.deep_visits,
            toggle(|s| &mut s.modes.deep_visits),
        ),
    ];
    let service = Function::Service;
    let minutes: Html = current
        .classes
        .iter()
        .enumerate()
        .map(|(k, class)| {
            let name = if lang == Lang::ZhCn {
                &class.name_zh
            } else {
                &class.name_en
            };
            let id = format!("service-min-{k}");
            let shown = num(current.minutes(service, k as u8), 0);
            let state = state.clone();
            let current = current.clone();
            let on = Callback::from(move |e: Event| {
                let Some(m) = parse_in(&input_value(&e), 1.0, 240.0) else {
                    reject(&state, lang, "control.service_minutes", 1, 240);
                    return;
                };
                let mut next = current.clone();
                if let Some(rule) = next.functions.get_mut(service.index()) {
                    if let Some(x) = rule.minutes.get_mut(k) {
                        *x = m;
                        state.dispatch(Msg::SetSettings(Box::new(next)));
                    }
                }
            });
            html! {
                <>
                    <label for={id.clone()}>{ name.clone() }</label>
                    <input id={id} type="number" min="1" max="240" step="1"
                        value={shown} onchange={on} />
                </>
            }
        })
        .collect();
    let on_headcount = {
        let state = state.clone();
        Callback::from(
            move |e: Event| match parse_in(&input_value(&e), 1, MAX_HEADCOUNT) {
                Some(n) => state.dispatch(Msg::SetHeadcount(n)),
                None => reject(&state, lang, "control.headcount", 1, MAX_HEADCOUNT),
            },
        )
    };
    let on_customers = {
        let state = state.clone();
        let full = state.full_size.unwrap_or(MIN_CUSTOMERS);
        Callback::from(
            move |e: Event| match parse_in(&input_value(&e), MIN_CUSTOMERS, full) {
                Some(n) => state.dispatch(Msg::SetCustomers(n)),
                None => state.dispatch(Msg::Reject(tf(
                    lang,
                    "control.out_of_range",
                    &[
                        ("field", t(lang, "control.customers").to_string()),
                        ("lo", MIN_CUSTOMERS.to_string()),
                        ("hi", full.to_string()),
                    ],
                ))),
            },
        )
    };
    let on_weeks = {
        let state = state.clone();
        Callback::from(move |e: Event| match parse_in(&input_value(&e), 1, 52) {
            Some(w) => state.dispatch(Msg::SetWeeks(w)),
            None => reject(&state, lang, "control.weeks", 1, 52),
        })
    };
    let on_reps = {
        let state = state.clone();
        Callback::from(
            move |e: Event| match parse_in(&input_value(&e), 1, MAX_REPLICATIONS) {
                Some(r) => state.dispatch(Msg::SetReplications(r)),
                None => reject(&state, lang, "control.replications", 1, MAX_REPLICATIONS),
            },
        )
    };
    let pct = |id, key: &str, value: f64, set: Setter| {
        number_field(
            state,
            lang,
            &current,
            id,
            t(lang, key).to_string(),
            value * 100.0,
            (0.0, 50.0, 0.5),
            set,
        )
    };
    let absence = pct(
        "absence",
        "control.absence_pct",
        current.disturbances.absence_rate,
        |s, x| s.disturbances.absence_rate = x / 100.0,
    );
    let closed = pct(
        "closed",
        "control.closed_pct",
        current.disturbances.closed_rate,
        |s, x| s.disturbances.closed_rate = x / 100.0,
    );
    html! {
        <details id="what-if" class="controls what-if" open=true>
            <summary>{ t(lang, "control.what_if") }</summary>
            <fieldset>
                <legend>{ t(lang, "control.modes") }</legend>
                { for modes.into_iter().map(|(id, key, on, cb)| html! {
                    <label class="check" for={id}>
                        <input id={id} type="checkbox" checked={on} onchange={cb} />
                        { t(lang, key) }
                    </label>
                }) }
            </fieldset>
            <fieldset>
                <legend>{ t(lang, "control.service_minutes") }</legend>
                { minutes }
            </fieldset>
            <fieldset>
                <legend>{ t(lang, "control.staff_horizon") }</legend>
                <label for="customers">{ t(lang, "control.customers") }</label>
                <input id="customers" type="number" min={MIN_CUSTOMERS.to_string()}
                    max={state.full_size.unwrap_or(MIN_CUSTOMERS).to_string()} step="1"
                    value={outcome.scenario.customers.len().to_string()} onchange={on_customers} />
                <label for="headcount">{ t(lang, "control.headcount") }</label>
                <input id="headcount" type="number" min="1" max={MAX_HEADCOUNT.to_string()} step="1"
                    value={outcome.scenario.managers.len().to_string()} onchange={on_headcount} />
                <label for="weeks">{ t(lang, "control.weeks") }</label>
                <input id="weeks" type="number" min="1" max="52" step="1"
                    value={state.weeks.to_string()} onchange={on_weeks} />
            </fieldset>
            <fieldset>
                <legend>{ t(lang, "control.disturbances") }</legend>
                { absence }
                { closed }
                <label class="check" for="cover">
                    <input id="cover" type="checkbox" checked={current.disturbances.cover_absent}
                        onchange={toggle(|s| &mut s.disturbances.cover_absent)} />
                    { t(lang, "control.cover_absent") }
                </label>
                <label for="replications">{ t(lang, "control.replications") }</label>
                <input id="replications" type="number" min="1" max={MAX_REPLICATIONS.to_string()} step="1"
                    value={state.replications.to_string()} onchange={on_reps} />
            </fieldset>
            { more_settings(state, lang, &current) }
            if let Some(msg) = &state.input_error {
                <p id="input-error" class="error" role="alert">{ msg.clone() }</p>
            }
        </details>
    }
}

type Setter = fn(&mut Settings, f64);

/// Says which range a control allows, leaving the scenario as it was.
fn reject<T: std::fmt::Display>(
    state: &UseReducerHandle<State>,
    lang: Lang,
    key: &str,
    lo: T,
    hi: T,
) {
    state.dispatch(Msg::Reject(tf(
        lang,
        "control.out_of_range",
        &[
            ("field", t(lang, key).to_string()),
            ("lo", lo.to_string()),
            ("hi", hi.to_string()),
        ],
    )));
}

/// A number field bound to one setting, with its label: a value outside `lo..=hi` is refused
/// with a message naming the range, and the scenario is left as it was (the same field as the
/// assumptions panel's, `fields::setting_input`).
#[allow(clippy::too_many_arguments)]
fn number_field(
    state: &UseReducerHandle<State>,
    lang: Lang,
    current: &Settings,
    id: &'static str,
    label: String,
    value: f64,
    (lo, hi, step): (f64, f64, f64),
    set: Setter,
) -> Html {
    let on_change = {
        let state = state.clone();
        Callback::from(move |s: Settings| state.dispatch(Msg::SetSettings(Box::new(s))))
    };
    let on_reject = {
        let state = state.clone();
        Callback::from(move |m: String| state.dispatch(Msg::Reject(m)))
    };
    let field = SettingField {
        id: id.to_string(),
        label: label.clone(),
        value,
        lo,
        hi,
        step,
        integer: false,
    };
    html! {
        <>
            <label for={id}>{ label }</label>
            { setting_input(lang, field, &Rc::new(current.clone()), Rc::new(set), &on_change, &on_reject) }
        </>
    }
}

/// The rest of the assumptions a workshop changes: speeds, routine cycles, team visits, value
/// groups, deep visits and the hybrid's model per zone.
fn more_settings(state: &UseReducerHandle<State>, lang: Lang, current: &Settings) -> Html {
    let field = |id, key: &str, value, range, set: Setter| {
        number_field(
            state,
            lang,
            current,
            id,
            t(lang, key).to_string(),
            value,
            range,
            set,
        )
    };
    let zone_name = |k: &str| t(lang, k).to_string();
    let speeds = html! {
        <fieldset>
            <legend>{ t(lang, "control.speeds") }</legend>
            { number_field(state, lang, current, "speed-urban", zone_name("zone.urban"), current.speed_kmh.urban, (1.0, 120.0, 1.0), |s, x| s.speed_kmh.urban = x) }
            { number_field(state, lang, current, "speed-town", zone_name("zone.town"), current.speed_kmh.town, (1.0, 120.0, 1.0), |s, x| s.speed_kmh.town = x) }
            { number_field(state, lang, current, "speed-rural", zone_name("zone.rural"), current.speed_kmh.rural, (1.0, 120.0, 1.0), |s, x| s.speed_kmh.rural = x) }
        </fieldset>
    };
    let service = Function::Service;
    let cycles: Html = current
        .classes
        .iter()
        .enumerate()
        .take(4)
        .map(|(k, class)| {
            let name = if lang == Lang::ZhCn {
                &class.name_zh
            } else {
                &class.name_en
            };
            // One setter per class index (fn pointers cannot capture it).
            let set: Setter = match k {
                0 => |s, x| set_cycle(s, 0, x),
                1 => |s, x| set_cycle(s, 1, x),
                2 => |s, x| set_cycle(s, 2, x),
                _ => |s, x| set_cycle(s, 3, x),
            };
            let id: &'static str = ["cycle-0", "cycle-1", "cycle-2", "cycle-3"][k];
            number_field(
                state,
                lang,
                current,
                id,
                name.clone(),
                f64::from(current.cycle_weeks(service, k as u8)),
                (1.0, 8.0, 1.0),
                set,
            )
        })
        .collect();
    let hybrid: Html = [("zone.urban", 0usize), ("zone.town", 1), ("zone.rural", 2)]
        .iter()
        .map(|&(key, z)| {
            let now = match z {
                0 => current.hybrid.urban,
                1 => current.hybrid.town,
                _ => current.hybrid.rural,
            };
            let id = format!("hybrid-{z}");
            let state = state.clone();
            let cur = current.clone();
            let on = Callback::from(move |e: Event| {
                let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
                let Some(m) = ZoneModel::ALL.iter().find(|m| m.id() == select.value()) else {
                    return;
                };
                let mut next = cur.clone();
                match z {
                    0 => next.hybrid.urban = *m,
                    1 => next.hybrid.town = *m,
                    _ => next.hybrid.rural = *m,
                }
                state.dispatch(Msg::SetSettings(Box::new(next)));
            });
            html! {
                <>
                    <label for={id.clone()}>{ t(lang, key) }</label>
                    <select id={id} onchange={on}>
                        { for ZoneModel::ALL.iter().map(|m| html! {
                            <option value={m.id()} selected={*m == now}>
                                { t(lang, &format!("zone_model.{}", m.id())) }
                            </option>
                        }) }
                    </select>
                </>
            }
        })
        .collect();
    html! {
        <details id="more-settings" class="more-settings">
            <summary>{ t(lang, "control.more") }</summary>
            { speeds }
            <fieldset>
                <legend>{ t(lang, "control.service_cycle") }</legend>
                { cycles }
            </fieldset>
            <fieldset>
                <legend>{ t(lang, "control.team") }</legend>
                { field("team-per-month", "control.team_per_month", current.team.per_month, (0.0, 4.0, 0.5), |s, x| s.team.per_month = x) }
                { field("team-size", "control.team_size", f64::from(current.team.max_members), (2.0, 4.0, 1.0), |s, x| s.team.max_members = x as u32) }
                { field("deep-factor", "control.deep_factor", current.deep.factor, (1.0, 3.0, 0.1), |s, x| s.deep.factor = x) }
            </fieldset>
            <fieldset>
                <legend>{ t(lang, "control.value_groups") }</legend>
                { field("weight-0", "control.weight_loyalty", current.value.weights[0], (0.0, 10.0, 0.1), |s, x| s.value.weights[0] = x) }
                { field("weight-1", "control.weight_integrity", current.value.weights[1], (0.0, 10.0, 0.1), |s, x| s.value.weights[1] = x) }
                { field("weight-2", "control.weight_cooperation", current.value.weights[2], (0.0, 10.0, 0.1), |s, x| s.value.weights[2] = x) }
                { field("weight-3", "control.weight_growth", current.value.weights[3], (0.0, 10.0, 0.1), |s, x| s.value.weights[3] = x) }
                { field("weight-4", "control.weight_dependency", current.value.weights[4], (0.0, 10.0, 0.1), |s, x| s.value.weights[4] = x) }
                { field("high-value", "control.high_value_pct", current.value.high_value_share * 100.0, (5.0, 90.0, 1.0), |s, x| s.value.high_value_share = x / 100.0) }
                { field("core-share", "control.core_pct", current.value.core_share * 100.0, (1.0, 50.0, 1.0), |s, x| s.value.core_share = x / 100.0) }
            </fieldset>
            <fieldset>
                <legend>{ t(lang, "control.hybrid") }</legend>
                { hybrid }
            </fieldset>
        </details>
    }
}

fn set_cycle(s: &mut Settings, class: usize, weeks: f64) {
    if let Some(rule) = s.functions.get_mut(Function::Service.index()) {
        if let Some(c) = rule.cycle_weeks.get_mut(class) {
            *c = weeks as u32;
        }
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
                                    { v.map(|x| figure(x, 3)).unwrap_or_else(|| "—".into()) }
                                </td>
                            }) }
                        </tr>
                    }
                }) }
            </tbody>
            <tfoot>
                <tr data-metric="calendar_fingerprint">
                    <th scope="row" title={t(lang, "metrics.fingerprint.def").to_string()}>{ t(lang, "metrics.fingerprint") }</th>
                    { for models.iter().map(|m| html! {
                        <td class="fingerprint" data-model={m.model.id()}>{ m.calendar_fingerprint.clone().unwrap_or_default() }</td>
                    }) }
                </tr>
            </tfoot>
        </table>
    }
}

fn canvas_by_id(id: &str) -> Option<HtmlCanvasElement> {
    use wasm_bindgen::JsCast;
    web_sys::window()?
        .document()?
        .get_element_by_id(id)?
        .dyn_into::<HtmlCanvasElement>()
        .ok()
}

/// Draws the comparison charts from the calendars' figures (every model side by side).
fn draw_compare(lang: Lang, c: &Outcome, models: &[&ModelView]) {
    let lived: Vec<&Lived> = models.iter().filter_map(|m| m.lived.as_ref()).collect();
    if lived.len() != models.len() {
        return;
    }
    let names: Vec<String> = models
        .iter()
        .map(|m| t(lang, m.model.key()).to_string())
        .collect();
    let labels = |key: &str, y: &str| compare::Labels {
        title: t(lang, key).to_string(),
        y_desc: t(lang, y).to_string(),
        categories: names.clone(),
        colours: models.iter().map(|m| m.model.index()).collect(),
    };
    let series = |key: &str, values: Vec<f64>| compare::Series {
        name: t(lang, key).to_string(),
        values,
    };
    let s = &c.scenario.settings;
    let week = s.day_minutes * f64::from(s.days_per_week) / 60.0;
    let mut results = Vec::new();
    if let Some(cv) = canvas_by_id("hours-chart") {
        let data: Vec<Vec<f64>> = lived.iter().map(|l| l.weekly_hours.clone()).collect();
        let limit = tf(lang, "chart.workload.line", &[("hours", num(week, 0))]);
        results.push(draw::boxplot_chart(
            cv,
            &data,
            week,
            &limit,
            &labels("chart.hours.title", "chart.hours.y"),
        ));
    }
    if let Some(cv) = canvas_by_id("coverage-chart") {
        let lines: Vec<compare::Line> = models
            .iter()
            .zip(&lived)
            .map(|(m, l)| compare::Line {
                name: t(lang, m.model.key()).to_string(),
                points: l
                    .weekly_coverage
                    .iter()
                    .enumerate()
                    .filter_map(|(w, x)| x.map(|x| (w as f64 + 1.0, x)))
                    .collect(),
                mark: None,
                colour: m.model.index(),
            })
            .collect();
        let labels = compare::LineLabels {
            title: t(lang, "chart.coverage.title").to_string(),
            x_desc: t(lang, "chart.coverage.x").to_string(),
            y_desc: t(lang, "metric.coverage_rate").to_string(),
        };
        results.push(draw::line_chart(cv, &lines, &labels));
    }
    if let Some(cv) = canvas_by_id("time-chart") {
        let split = [
            series(
                "chart.time.service",
                lived.iter().map(|l| l.service_h).collect(),
            ),
            series(
                "chart.time.travel",
                lived.iter().map(|l| l.travel_h).collect(),
            ),
            series(
                "chart.time.other",
                lived.iter().map(|l| l.other_h).collect(),
            ),
            series(
                "chart.time.unused",
                lived.iter().map(|l| l.unused_h).collect(),
            ),
        ];
        results.push(draw::bar_chart(
            cv,
            &split,
            true,
            &labels("chart.time.title", "chart.hours.y"),
        ));
    }
    if let Some(cv) = canvas_by_id("skill-chart") {
        let rate = |f: fn(&crate::core::metrics::Metrics) -> Option<f64>| {
            models
                .iter()
                .map(|m| f(&m.metrics).unwrap_or(f64::NAN))
                .collect()
        };
        let skill = [
            series(
                "metric.top_customers_top_staff_rate",
                rate(|m| m.top_customers_top_staff_rate),
            ),
            series(
                "metric.skill_inversion_rate",
                rate(|m| m.skill_inversion_rate),
            ),
        ];
        results.push(draw::bar_chart(
            cv,
            &skill,
            false,
            &labels("chart.skill.title", "chart.share"),
        ));
    }
    if let Some(cv) = canvas_by_id("contacts-chart") {
        let keys = [
            "chart.contacts.0",
            "chart.contacts.1",
            "chart.contacts.2",
            "chart.contacts.3",
            "chart.contacts.4",
        ];
        let shares: Vec<compare::Series> = keys
            .iter()
            .enumerate()
            .map(|(k, key)| {
                series(
                    key,
                    lived
                        .iter()
                        .map(|l| {
                            let n = l.contacts.iter().sum::<usize>().max(1);
                            l.contacts[k] as f64 / n as f64
                        })
                        .collect(),
                )
            })
            .collect();
        results.push(draw::bar_chart(
            cv,
            &shares,
            true,
            &labels("chart.contacts.title", "chart.share"),
        ));
    }
    for r in results {
        if let Err(e) = r {
            gloo::console::error!(e.to_string());
        }
    }
}

/// Which way a metric is better: `Some(true)` higher, `Some(false)` lower, `None` neither (a
/// count or a property, not a verdict).
fn better_high(metric: &str) -> Option<bool> {
    match metric {
        "coverage_rate"
        | "rigid_cycle_met_rate"
        | "top_customers_top_staff_rate"
        | "service_minutes_per_customer_month" => Some(true),
        "travel_km_per_visit"
        | "travel_time_share"
        | "workload_cv"
        | "max_over_mean_workload"
        | "overtime_hours"
        | "skill_inversion_rate"
        | "same_day_multi_visit_rate"
        | "headcount_for_full_coverage"
        | "monthly_cost" => Some(false),
        _ => None,
    }
}

/// The columns holding a row's best and worst values (ties all marked; none when all equal or
/// the metric has no better direction).
fn best_and_worst(metric: &str, vals: &[Option<f64>]) -> (Vec<usize>, Vec<usize>) {
    let Some(high) = better_high(metric) else {
        return (Vec::new(), Vec::new());
    };
    let xs: Vec<(usize, f64)> = vals
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|x| (i, x)))
        .collect();
    let max = xs.iter().map(|x| x.1).fold(f64::MIN, f64::max);
    let min = xs.iter().map(|x| x.1).fold(f64::MAX, f64::min);
    // Equal within display precision: no winner.
    if xs.len() < 2 || (max - min).abs() < 5e-4 * max.abs().max(1e-9) {
        return (Vec::new(), Vec::new());
    }
    let at = |v: f64| {
        xs.iter()
            .filter(|x| x.1 == v)
            .map(|x| x.0)
            .collect::<Vec<_>>()
    };
    if high {
        (at(max), at(min))
    } else {
        (at(min), at(max))
    }
}

fn canvas(r: &NodeRef) -> Option<HtmlCanvasElement> {
    r.cast::<HtmlCanvasElement>()
}

fn draw_workload(state: &State, c: &Outcome, workload_ref: &NodeRef) {
    let lang = state.lang;
    let Some(shown) = c.models.get(state.model) else {
        return;
    };
    let model_name = t(lang, shown.model.key()).to_string();
    let s = &c.scenario.settings;
    let limit = s.day_minutes * f64::from(s.days_per_week) / 60.0;
    if let Some(cv) = canvas(workload_ref) {
        let labels = WorkloadLabels {
            title: tf(lang, "chart.workload.title", &[("model", model_name)]),
            x_desc: t(lang, "chart.workload.x").to_string(),
            y_desc: t(lang, "chart.workload.y").to_string(),
            limit: tf(lang, "chart.workload.line", &[("hours", num(limit, 0))]),
        };
        match draw::workload_chart(cv, &shown.staff_weekly_hours, limit, &labels) {
            Ok(()) => mark_first_chart(),
            Err(e) => gloo::console::error!(e.to_string()),
        }
    }
}

/// Minutes after midnight as HH:MM (an evening past midnight reads 24:10, 25:30).
fn clock(minutes: f64) -> String {
    let m = minutes.max(0.0).round() as u64;
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// The territory map with the chosen staff member's customers, day route and the picked
/// customer; returns where the km plane landed.
fn draw_map(state: &State, c: &Outcome, map_ref: &NodeRef) -> Option<Projection> {
    let lang = state.lang;
    let shown = c.models.get(state.model)?;
    let cv = canvas(map_ref)?;
    let model_name = t(lang, shown.model.key()).to_string();
    let pts: Vec<Point> = c.scenario.customers.iter().map(|c| c.pos).collect();
    let bases: Vec<Point> = c.scenario.departments.iter().map(|d| d.office).collect();
    let labels = MapLabels {
        title: tf(lang, "chart.map.title", &[("model", model_name)]),
        km: t(lang, "chart.map.km").to_string(),
        base: t(lang, "chart.map.base").to_string(),
    };
    let highlight: Option<Vec<bool>> = state
        .map_staff
        .map(|s| shown.owner.iter().map(|&o| o == s).collect());
    let mut route: Vec<Point> = Vec::new();
    let mut stop_labels: Vec<String> = Vec::new();
    if let Some(r) = state
        .route
        .as_ref()
        .filter(|r| Some(r.staff) == state.map_staff && r.day == state.map_day)
    {
        if !r.stops.is_empty() {
            let base = shown
                .staff
                .get(r.staff)
                .map(|st| c.scenario.base_of(st.manager))
                .unwrap_or_default();
            route.push(base);
            for (k, stop) in r.stops.iter().enumerate() {
                if let Some(cu) = c.scenario.customers.get(stop.customer) {
                    route.push(cu.pos);
                    stop_labels.push(format!(" {} {}", k + 1, clock(stop.start)));
                }
            }
            route.push(base);
        }
    }
    // Territory outlines (only the chosen staff member's when one is chosen).
    let outlines: Vec<(&[Point], u8)> = shown
        .outlines
        .iter()
        .zip(&shown.staff_colours)
        .enumerate()
        .filter(|(s, _)| state.map_staff.is_none_or(|m| m == *s))
        .map(|(_, (o, &c))| (o.as_slice(), c))
        .collect();
    let overlay = Overlay {
        outlines: &outlines,
        highlight: highlight.as_deref(),
        route: &route,
        stop_labels: &stop_labels,
        selected: state
            .picked
            .and_then(|i| c.scenario.customers.get(i))
            .map(|cu| cu.pos),
        view: state.map_window,
    };
    match draw::map_chart(cv, &pts, &shown.colours, &bases, &labels, &overlay) {
        Ok(p) => Some(p),
        Err(e) => {
            gloo::console::error!(e.to_string());
            None
        }
    }
}

/// The assumptions panel for the shown settings: each edit recomputes, a value out of range is
/// refused with its range.
fn assumptions(state: &UseReducerHandle<State>, lang: Lang) -> Html {
    let Some(c) = state.outcome.as_ref() else {
        return Html::default();
    };
    let current = state
        .settings
        .clone()
        .unwrap_or_else(|| c.scenario.settings.clone());
    let on_change = {
        let state = state.clone();
        Callback::from(move |s: Settings| state.dispatch(Msg::SetSettings(Box::new(s))))
    };
    let on_reject = {
        let state = state.clone();
        Callback::from(move |m: String| state.dispatch(Msg::Reject(m)))
    };
    html! {
        <>
            { super::learn::assumptions_view(lang, &current, on_change, on_reject) }
            if let Some(msg) = &state.input_error {
                <p id="assumption-error" class="error" role="alert">{ msg.clone() }</p>
            }
        </>
    }
}

/// The handout: scenario, assumptions, metric table, charts and claims on one page, with a
/// print stylesheet (print or save as PDF from the browser's dialog).
fn report_view(
    state: &UseReducerHandle<State>,
    c: &Outcome,
    lang: Lang,
    workload_ref: &NodeRef,
) -> Html {
    let on_print = Callback::from(|_: MouseEvent| browser::print());
    html! {
        <section id="report" class="report">
            <div class="report-actions">
                <button id="print" type="button" onclick={on_print}>{ t(lang, "report.print") }</button>
                <span class="help">{ t(lang, "report.help") }</span>
            </div>
            <h2>{ t(lang, "report.title") }</h2>
            <p id="report-summary">{ report_summary(state, c, lang) }</p>
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
            { super::learn::claims_table(lang, Some(c)) }
            <h3>{ t(lang, "report.assumptions") }</h3>
            { assumptions(state, lang) }
        </section>
    }
}

/// What the report was computed on: the scenario, its size, seed, horizon and replications,
/// and the models compared.
fn report_summary(state: &State, c: &Outcome, lang: Lang) -> String {
    let sc = &c.scenario;
    let source = state
        .base_name
        .clone()
        .unwrap_or_else(|| scenario_name(lang, sc));
    let models: Vec<&str> = shown_models(c, &state.hidden)
        .iter()
        .map(|m| t(lang, m.model.key()))
        .collect();
    tf(
        lang,
        "report.summary",
        &[
            ("source", source),
            ("customers", sc.customers.len().to_string()),
            ("managers", sc.managers.len().to_string()),
            ("departments", sc.departments.len().to_string()),
            ("seed", state.seed.to_string()),
            ("weeks", sc.settings.weeks.to_string()),
            ("replications", c.replications.to_string()),
            ("models", models.join("、")),
        ],
    )
}

/// The shown scenario's name: its preset's, or "imported scenario" (the result's own source,
/// which lags the selector while a new one computes).
pub fn scenario_name(lang: Lang, sc: &Scenario) -> String {
    match Preset::parse(&sc.source) {
        Ok(p) => t(lang, p.key()).to_string(),
        Err(_) => t(lang, "data.imported_source").to_string(),
    }
}
