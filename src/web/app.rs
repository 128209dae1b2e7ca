//! The app component: one reducer for state, effects at the edge (canvas drawing, document
//! title and language).

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};

use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use super::draw;
use super::worker::Client;
use crate::charts::compare;
use crate::charts::map::MapLabels;
use crate::charts::workload::WorkloadLabels;
use crate::core::generate::Preset;
use crate::core::geo::Point;
use crate::core::metrics::{self, balance};
use crate::core::settings::{Function, Settings};
use crate::i18n::{num, t, tf, Lang};
use crate::job::{Lived, Outcome, Reply, Request, MAX_HEADCOUNT, MAX_REPLICATIONS};

/// What the worker is doing for the page. A change of scenario first asks for the assignment
/// (fast: the charts appear at once), then for the visit calendars (seconds: the metric table
/// fills in, with a progress bar and a cancel button).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Idle,
    Assignment,
    Calendar,
}

/// The whole app state.
#[derive(Clone)]
pub struct State {
    pub lang: Lang,
    pub preset: Preset,
    pub seed: u64,
    /// Index of the model shown in the chart and the map (comparison order).
    pub model: usize,
    /// The seed text the user typed when it was not a valid seed.
    pub seed_error: Option<String>,
    /// Bumped whenever what the canvases show changes, so effects depend on a cheap value.
    pub version: u64,
    /// The id of the newest request; replies to older ones are ignored.
    pub request: u64,
    pub phase: Phase,
    /// Steps done and total of the running request.
    pub progress: Option<(usize, usize)>,
    /// The newest result (the assignment, then the calendars).
    pub outcome: Option<Rc<Outcome>>,
    /// Whether `outcome` includes the calendars.
    pub has_calendar: bool,
    pub error: Option<String>,
    pub cancelled: bool,
    /// The what-if settings (`None`: the preset's own).
    pub settings: Option<Settings>,
    /// Customer managers kept (`None`: the preset's staff).
    pub headcount: Option<usize>,
    pub weeks: u32,
    pub replications: u32,
}

pub enum Msg {
    SetPreset {
        preset: Preset,
    },
    /// New what-if settings (built from the shown ones by a control).
    SetSettings(Box<Settings>),
    SetHeadcount(usize),
    SetWeeks(u32),
    SetReplications(u32),
    SetSeed {
        text: String,
    },
    SelectModel {
        index: usize,
    },
    ToggleLang,
    Reply(Reply),
    /// The user cancelled the running computation (the worker was terminated).
    Cancel,
}

impl State {
    fn new() -> Self {
        State {
            lang: super::browser_lang(),
            preset: Preset::County,
            seed: 42,
            model: 0,
            seed_error: None,
            version: 1,
            request: 1,
            phase: Phase::Assignment,
            progress: None,
            outcome: None,
            has_calendar: false,
            error: None,
            cancelled: false,
            settings: None,
            headcount: None,
            weeks: 4,
            replications: 1,
        }
    }

    /// The request the current phase needs, if any.
    fn wanted(&self) -> Option<Request> {
        let calendar = match self.phase {
            Phase::Idle => return None,
            Phase::Assignment => false,
            Phase::Calendar => true,
        };
        Some(Request {
            id: self.request,
            preset: self.preset.id().to_string(),
            seed: self.seed,
            weeks: self.weeks,
            calendar,
            replications: if calendar { self.replications } else { 1 },
            settings: self.settings.clone().map(Box::new),
            headcount: self.headcount,
        })
    }

    fn restart(&mut self) {
        self.request += 1;
        self.phase = Phase::Assignment;
        self.progress = None;
        self.cancelled = false;
    }
}

impl Reducible for State {
    type Action = Msg;

    fn reduce(self: Rc<Self>, action: Msg) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Msg::ToggleLang => next.lang = self.lang.other(),
            Msg::SelectModel { index } => {
                next.model = index;
                next.version += 1;
            }
            Msg::SetPreset { preset } => {
                if preset == self.preset {
                    return self;
                }
                next.preset = preset;
                // The what-ifs belonged to the other preset.
                next.settings = None;
                next.headcount = None;
                next.restart();
            }
            Msg::SetSettings(settings) => {
                next.settings = Some(*settings);
                next.restart();
            }
            Msg::SetHeadcount(n) => {
                next.headcount = Some(n);
                next.restart();
            }
            Msg::SetWeeks(w) => {
                next.weeks = w;
                next.restart();
            }
            Msg::SetReplications(r) => {
                next.replications = r;
                next.restart();
            }
            Msg::SetSeed { text } => match text.trim().parse::<u64>() {
                Ok(seed) if seed == self.seed && self.seed_error.is_none() => return self,
                Ok(seed) => {
                    next.seed = seed;
                    next.seed_error = None;
                    next.restart();
                }
                // A bad seed keeps the current result and says why.
                Err(_) => next.seed_error = Some(text),
            },
            Msg::Cancel => {
                next.phase = Phase::Idle;
                next.progress = None;
                next.cancelled = true;
            }
            Msg::Reply(reply) => match reply {
                Reply::Ready => return self,
                Reply::Progress { id, done, total } if id == self.request => {
                    next.progress = Some((done, total));
                }
                Reply::Done { id, outcome } if id == self.request => {
                    next.error = None;
                    next.outcome = Some(Rc::new(*outcome));
                    next.has_calendar = self.phase == Phase::Calendar;
                    next.version += 1;
                    next.progress = None;
                    if self.phase == Phase::Assignment {
                        next.request += 1;
                        next.phase = Phase::Calendar;
                    } else {
                        next.phase = Phase::Idle;
                    }
                }
                Reply::Failed { id, message } if id == self.request || id == u64::MAX => {
                    next.error = Some(message);
                    next.phase = Phase::Idle;
                    next.progress = None;
                }
                // A reply to a request the page has replaced.
                _ => return self,
            },
        }
        Rc::new(next)
    }
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
    let state = use_reducer(State::new);
    let workload_ref = use_node_ref();
    let map_ref = use_node_ref();
    // The worker (outside the reducer: the handle is a side effect, not state to render).
    let client: Rc<RefCell<Option<Client>>> = use_mut_ref(|| None);
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
        // Each new request goes to the worker; one still running is abandoned by restarting
        // the worker (a worker cannot be interrupted mid-computation).
        let client = client.clone();
        let dispatcher = state.dispatcher();
        let wanted = state.wanted();
        use_effect_with(state.request, move |_| {
            if let Some(req) = wanted {
                let mut slot = client.borrow_mut();
                if slot.as_ref().is_some_and(|c| c.is_busy()) {
                    *slot = None;
                }
                if slot.is_none() {
                    let d = dispatcher.clone();
                    match Client::spawn(move |reply| d.dispatch(Msg::Reply(reply))) {
                        Ok(c) => *slot = Some(c),
                        Err(message) => dispatcher.dispatch(Msg::Reply(Reply::Failed {
                            id: u64::MAX,
                            message,
                        })),
                    }
                }
                if let Some(c) = slot.as_ref() {
                    c.send(&req);
                }
            }
        });
    }

    {
        let state = state.clone();
        let workload_ref = workload_ref.clone();
        let map_ref = map_ref.clone();
        use_effect_with((state.version, lang), move |_| {
            if let Some(c) = state.outcome.as_ref() {
                draw_all(&state, c, &workload_ref, &map_ref);
                if state.has_calendar {
                    draw_compare(state.lang, c);
                }
            }
        });
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
                    <button id="cancel" type="button" onclick={on_cancel}>{ t(lang, "run.cancel") }</button>
                </div>
            }
        }
    };
    let notice = if let Some(msg) = &state.error {
        html! { <p class="error" role="alert">{ tf(lang, "app.error", &[("msg", msg.clone())]) }</p> }
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
                    (
                        "preset",
                        Preset::parse(&sc.source)
                            .map(|p| t(lang, p.key()).to_string())
                            .unwrap_or_else(|_| sc.source.clone()),
                    ),
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
            html! {
                <>
                    <p id="scenario-summary">{ summary }</p>
                    <section class="charts">
                        <figure>
                            <canvas id="workload-chart" ref={workload_ref.clone()} width="960" height="420"
                                role="img" aria-label={t(lang, "chart.workload.y").to_string()} />
                            <figcaption id="workload-summary">{ workload_summary }</figcaption>
                        </figure>
                        <figure>
                            <canvas id="map" ref={map_ref.clone()} width="960" height="640"
                                role="img" aria-label={t(lang, "chart.map.km").to_string()} />
                        </figure>
                    </section>
                    if state.has_calendar {
                        <section class="charts" id="compare-charts">
                            { for COMPARE_CHARTS.iter().map(|(id, key)| html! {
                                <figure>
                                    <canvas id={*id} width="960" height="480" role="img"
                                        aria-label={t(lang, key).to_string()} />
                                </figure>
                            }) }
                        </section>
                    }
                    { metric_table(lang, c, state.has_calendar) }
                </>
            }
        }
    };

    html! {
        <>
            <header>
                <div>
                    <h1 id="title">{ t(lang, "app.title") }</h1>
                    <p class="subtitle">{ t(lang, "app.subtitle") }</p>
                </div>
                <button id="lang-switch" type="button" title={t(lang, "app.lang_switch_title").to_string()}
                    onclick={on_lang}>{ t(lang, "app.lang_switch") }</button>
            </header>
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
            { status }
            { notice }
            { body }
            <footer><p>{ t(lang, "app.offline_note") }</p></footer>
        </>
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
    let edit = |f: fn(&mut Settings, &str) -> bool| {
        let state = state.clone();
        let current = current.clone();
        Callback::from(move |e: Event| {
            let mut next = current.clone();
            if f(&mut next, &input_value(&e)) {
                state.dispatch(Msg::SetSettings(Box::new(next)));
            }
        })
    };
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
        Callback::from(move |e: Event| {
            if let Some(n) = parse_in(&input_value(&e), 1, MAX_HEADCOUNT) {
                state.dispatch(Msg::SetHeadcount(n));
            }
        })
    };
    let on_weeks = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            if let Some(w) = parse_in(&input_value(&e), 1, 52) {
                state.dispatch(Msg::SetWeeks(w));
            }
        })
    };
    let on_reps = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            if let Some(r) = parse_in(&input_value(&e), 1, MAX_REPLICATIONS) {
                state.dispatch(Msg::SetReplications(r));
            }
        })
    };
    let on_absence = edit(|s, v| match parse_in(v, 0.0, 50.0) {
        Some(p) => {
            s.disturbances.absence_rate = p / 100.0;
            true
        }
        None => false,
    });
    let on_closed = edit(|s, v| match parse_in(v, 0.0, 50.0) {
        Some(p) => {
            s.disturbances.closed_rate = p / 100.0;
            true
        }
        None => false,
    });
    html! {
        <section class="controls what-if" aria-label={t(lang, "control.what_if").to_string()}>
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
                <label for="headcount">{ t(lang, "control.headcount") }</label>
                <input id="headcount" type="number" min="1" max={MAX_HEADCOUNT.to_string()} step="1"
                    value={outcome.scenario.managers.len().to_string()} onchange={on_headcount} />
                <label for="weeks">{ t(lang, "control.weeks") }</label>
                <input id="weeks" type="number" min="1" max="52" step="1"
                    value={state.weeks.to_string()} onchange={on_weeks} />
            </fieldset>
            <fieldset>
                <legend>{ t(lang, "control.disturbances") }</legend>
                <label for="absence">{ t(lang, "control.absence_pct") }</label>
                <input id="absence" type="number" min="0" max="50" step="0.5"
                    value={num(current.disturbances.absence_rate * 100.0, 1)} onchange={on_absence} />
                <label for="closed">{ t(lang, "control.closed_pct") }</label>
                <input id="closed" type="number" min="0" max="50" step="0.5"
                    value={num(current.disturbances.closed_rate * 100.0, 1)} onchange={on_closed} />
                <label class="check" for="cover">
                    <input id="cover" type="checkbox" checked={current.disturbances.cover_absent}
                        onchange={toggle(|s| &mut s.disturbances.cover_absent)} />
                    { t(lang, "control.cover_absent") }
                </label>
                <label for="replications">{ t(lang, "control.replications") }</label>
                <input id="replications" type="number" min="1" max={MAX_REPLICATIONS.to_string()} step="1"
                    value={state.replications.to_string()} onchange={on_reps} />
            </fieldset>
        </section>
    }
}

/// The contract's metrics, one row each, one column per model: the same figures as
/// `visit-sandbox compare --json` for the same scenario. Each row's definition is its title.
fn metric_table(lang: Lang, c: &Outcome, has_calendar: bool) -> Html {
    if !has_calendar {
        return Html::default();
    }
    let rows = metrics::rows(&c.models.iter().map(|m| &m.metrics).collect::<Vec<_>>());
    html! {
        <table id="metrics-table" class="metrics">
            <caption>{ tf(lang, "metrics.caption", &[("weeks", c.scenario.settings.weeks.to_string())]) }</caption>
            <thead>
                <tr>
                    <th scope="col">{ t(lang, "cli.metric") }</th>
                    { for c.models.iter().map(|m| html! { <th scope="col" data-model={m.model.id()}>{ t(lang, m.model.key()) }</th> }) }
                </tr>
            </thead>
            <tbody>
                { for rows.iter().map(|(name, vals)| html! {
                    <tr data-metric={name.clone()}>
                        <th scope="row" title={t(lang, &format!("metric.{name}.def")).to_string()}>{ t(lang, &format!("metric.{name}")) }</th>
                        { for vals.iter().map(|v| html! {
                            <td data-value={v.map(|x| format!("{x:?}")).unwrap_or_default()}>
                                { v.map(|x| num(x, 3)).unwrap_or_else(|| "—".into()) }
                            </td>
                        }) }
                    </tr>
                }) }
            </tbody>
            <tfoot>
                <tr data-metric="calendar_fingerprint">
                    <th scope="row" title={t(lang, "metrics.fingerprint.def").to_string()}>{ t(lang, "metrics.fingerprint") }</th>
                    { for c.models.iter().map(|m| html! {
                        <td class="fingerprint" data-model={m.model.id()}>{ m.calendar_fingerprint.clone().unwrap_or_default() }</td>
                    }) }
                </tr>
            </tfoot>
        </table>
    }
}

/// The comparison charts: canvas id and the translation key of its title.
const COMPARE_CHARTS: [(&str, &str); 4] = [
    ("hours-chart", "chart.hours.title"),
    ("time-chart", "chart.time.title"),
    ("skill-chart", "chart.skill.title"),
    ("contacts-chart", "chart.contacts.title"),
];

fn canvas_by_id(id: &str) -> Option<HtmlCanvasElement> {
    use wasm_bindgen::JsCast;
    web_sys::window()?
        .document()?
        .get_element_by_id(id)?
        .dyn_into::<HtmlCanvasElement>()
        .ok()
}

/// Draws the comparison charts from the calendars' figures (every model side by side).
fn draw_compare(lang: Lang, c: &Outcome) {
    let lived: Vec<&Lived> = c.models.iter().filter_map(|m| m.lived.as_ref()).collect();
    if lived.len() != c.models.len() {
        return;
    }
    let names: Vec<String> = c
        .models
        .iter()
        .map(|m| t(lang, m.model.key()).to_string())
        .collect();
    let labels = |key: &str, y: &str| compare::Labels {
        title: t(lang, key).to_string(),
        y_desc: t(lang, y).to_string(),
        categories: names.clone(),
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
            c.models
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

fn canvas(r: &NodeRef) -> Option<HtmlCanvasElement> {
    r.cast::<HtmlCanvasElement>()
}

fn draw_all(state: &State, c: &Outcome, workload_ref: &NodeRef, map_ref: &NodeRef) {
    let lang = state.lang;
    let Some(shown) = c.models.get(state.model) else {
        return;
    };
    let model_name = t(lang, shown.model.key()).to_string();
    let s = &c.scenario.settings;
    let limit = s.day_minutes * f64::from(s.days_per_week) / 60.0;
    if let Some(cv) = canvas(workload_ref) {
        let labels = WorkloadLabels {
            title: tf(
                lang,
                "chart.workload.title",
                &[("model", model_name.clone())],
            ),
            x_desc: t(lang, "chart.workload.x").to_string(),
            y_desc: t(lang, "chart.workload.y").to_string(),
            limit: tf(lang, "chart.workload.line", &[("hours", num(limit, 0))]),
        };
        match draw::workload_chart(cv, &shown.staff_weekly_hours, limit, &labels) {
            Ok(()) => mark_first_chart(),
            Err(e) => gloo::console::error!(e.to_string()),
        }
    }
    if let Some(cv) = canvas(map_ref) {
        let pts: Vec<Point> = c.scenario.customers.iter().map(|c| c.pos).collect();
        let bases: Vec<Point> = c.scenario.departments.iter().map(|d| d.office).collect();
        let labels = MapLabels {
            title: tf(lang, "chart.map.title", &[("model", model_name)]),
            km: t(lang, "chart.map.km").to_string(),
            base: t(lang, "chart.map.base").to_string(),
        };
        if let Err(e) = draw::map_chart(cv, &pts, &shown.colours, &bases, &labels) {
            gloo::console::error!(e.to_string());
        }
    }
}
