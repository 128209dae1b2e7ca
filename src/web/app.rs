//! The app component: one reducer for state, effects at the edge (canvas drawing, document
//! title and language).

use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};

use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use super::draw;
use crate::charts::map::MapLabels;
use crate::charts::palette::territory_colours;
use crate::charts::workload::WorkloadLabels;
use crate::core::compare::{compare_with, Comparison, Options};
use crate::core::generate::{generate, Preset};
use crate::core::geo::Point;
use crate::core::metrics::balance;
use crate::core::scenario::Scenario;
use crate::i18n::{num, t, tf, Lang};

/// What one computation produced, ready to render.
pub struct Computed {
    pub scenario: Scenario,
    pub comparison: Comparison,
    /// Per model (comparison order), the map colour of each customer.
    pub colours: Vec<Vec<u8>>,
}

fn compute(preset: Preset, seed: u64) -> Result<Computed, String> {
    let scenario = generate(preset, seed).map_err(|e| e.to_string())?;
    // The calendar takes seconds in wasm: the page shows the assignment until the comparison
    // runs in a worker.
    let comparison =
        compare_with(&scenario, &Options::assignment_only()).map_err(|e| e.to_string())?;
    // Each customer in its main staff member's territory colour, per model.
    let pts: Vec<Point> = scenario.customers.iter().map(|c| c.pos).collect();
    let colours = comparison
        .models
        .iter()
        .map(|m| {
            let owner: Vec<usize> = (0..pts.len()).map(|c| m.assignment.main_staff(c)).collect();
            let staff_colour = territory_colours(&pts, &owner, m.assignment.staff.len());
            owner
                .iter()
                .map(|&s| staff_colour.get(s).copied().unwrap_or(0))
                .collect()
        })
        .collect();
    Ok(Computed {
        scenario,
        comparison,
        colours,
    })
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
    pub result: Rc<Result<Computed, String>>,
}

pub enum Msg {
    SetSeed { text: String },
    SelectModel { index: usize },
    ToggleLang,
}

impl State {
    fn new() -> Self {
        let (preset, seed) = (Preset::County, 42);
        State {
            lang: super::browser_lang(),
            preset,
            seed,
            model: 0,
            seed_error: None,
            version: 1,
            result: Rc::new(compute(preset, seed)),
        }
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
            Msg::SetSeed { text } => match text.trim().parse::<u64>() {
                Ok(seed) if seed == self.seed && self.seed_error.is_none() => return self,
                Ok(seed) => {
                    next.seed = seed;
                    next.seed_error = None;
                    next.version += 1;
                    next.result = Rc::new(compute(self.preset, seed));
                }
                // A bad seed keeps the current result and says why.
                Err(_) => next.seed_error = Some(text),
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
        let state = state.clone();
        let workload_ref = workload_ref.clone();
        let map_ref = map_ref.clone();
        use_effect_with((state.version, lang), move |_| {
            if let Ok(c) = state.result.as_ref() {
                draw_all(&state, c, &workload_ref, &map_ref);
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
    let on_lang = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Msg::ToggleLang))
    };

    let model_options: Html = match state.result.as_ref() {
        Ok(c) => c
            .comparison
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
        Err(_) => Html::default(),
    };

    let body = match state.result.as_ref() {
        Err(msg) => html! {
            <p class="error" role="alert">{ tf(lang, "app.error", &[("msg", msg.clone())]) }</p>
        },
        Ok(c) => {
            let sc = &c.scenario;
            let summary = tf(
                lang,
                "app.scenario_summary",
                &[
                    ("preset", t(lang, state.preset.key()).to_string()),
                    ("customers", sc.customers.len().to_string()),
                    ("managers", sc.managers.len().to_string()),
                    ("departments", sc.departments.len().to_string()),
                ],
            );
            let workload_summary = c
                .comparison
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
            { body }
            <footer><p>{ t(lang, "app.offline_note") }</p></footer>
        </>
    }
}

fn canvas(r: &NodeRef) -> Option<HtmlCanvasElement> {
    r.cast::<HtmlCanvasElement>()
}

fn draw_all(state: &State, c: &Computed, workload_ref: &NodeRef, map_ref: &NodeRef) {
    let lang = state.lang;
    let Some(shown) = c.comparison.models.get(state.model) else {
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
        let colours = c.colours.get(state.model).map(Vec::as_slice).unwrap_or(&[]);
        if let Err(e) = draw::map_chart(cv, &pts, colours, &bases, &labels) {
            gloo::console::error!(e.to_string());
        }
    }
}
