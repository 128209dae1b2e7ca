//! The app component: one reducer for state, effects at the edge (canvas drawing, document
//! title and language).

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};

use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use super::browser;
use super::draw;
use super::kit::{self as datakit, Notice};
use super::present::{self, slides, TOUR};
use super::views;
use super::worker::Client;
use crate::charts::compare;
use crate::charts::map::MapLabels;
use crate::charts::map::{full_view, Overlay, Projection};
use crate::charts::workload::WorkloadLabels;
use crate::core::generate::Preset;
use crate::core::geo::BBox;
use crate::core::geo::Point;
use crate::core::io::ImportErrors;
use crate::core::metrics::{self, balance, Metrics};
use crate::core::models::ModelId;
use crate::core::scenario::Scenario;
use crate::core::settings::{Function, Settings};
use crate::i18n::{figure, num, t, tf, Lang};
use crate::job::{
    Answer, Curve, CustomerView, Lived, ModelView, Outcome, Query, Reply, Request, RouteView,
    StaffingPoint, StaffingRequest, MAX_HEADCOUNT, MIN_CUSTOMERS,
};
use crate::workshop::{self, EXERCISES};

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
    pub view: View,
    /// The map's chosen staff member (index into the shown model's staff) and day.
    pub map_staff: Option<usize>,
    pub map_day: u32,
    /// The customer clicked on the map.
    pub picked: Option<usize>,
    /// The km window the map shows (`None`: everything).
    pub map_window: Option<BBox>,
    /// Ids of the newest route and customer queries; answers to older ones are ignored.
    pub route_query: u64,
    pub customer_query: u64,
    pub route: Option<Rc<RouteView>>,
    pub customer: Option<Rc<CustomerView>>,
    /// The staffing view's computation: its id, whether it runs, its progress and curves.
    pub staffing_id: u64,
    pub staffing_running: bool,
    pub staffing_progress: Option<(usize, usize)>,
    pub staffing: Option<Rc<Vec<Curve>>>,
    /// A value a control refused, with the allowed range.
    pub input_error: Option<String>,
    /// Models left out of the comparison's table and charts (comparison order).
    pub hidden: [bool; 5],
    /// The post (function index) whose coverage the staffing chart shows; `None`: all.
    pub staffing_post: Option<usize>,
    /// Customers kept from the preset (`None`: all), and the preset's full size once known.
    pub customers: Option<usize>,
    pub full_size: Option<usize>,
    /// An opened or imported scenario replacing the preset, with the name it came from.
    pub base: Option<Rc<Scenario>>,
    pub base_name: Option<String>,
    /// Presentation mode's slide (`None`: the normal page).
    pub present: Option<usize>,
    /// The guided tour's step (`None`: no tour).
    pub tour: Option<usize>,
    /// The running workshop exercise.
    pub exercise: Option<ExerciseRun>,
    /// A message of the data panel (import done, link opened, stored data cleared, …).
    pub kit_notice: Option<Notice>,
    /// Why the last import failed, row by row (the scenario shown was kept).
    pub import_errors: Option<Rc<ImportErrors>>,
    /// The shareable link, once asked for.
    pub share_link: Option<String>,
    /// "Clear stored data" asked, waiting for the confirmation.
    pub confirm_clear: bool,
    /// Bumped by every change the autosave keeps.
    pub saved_version: u64,
    /// After clearing stored data, nothing is stored again until the user changes something.
    pub save_paused: bool,
}

/// A workshop exercise in progress: the figures before its change and after it.
#[derive(Clone, PartialEq)]
pub struct ExerciseRun {
    pub index: usize,
    pub changed: bool,
    pub before: Option<Rc<Vec<(ModelId, Metrics)>>>,
    pub after: Option<Rc<Vec<(ModelId, Metrics)>>>,
    pub revealed: bool,
}

/// The models the comparison shows (all but the hidden ones).
pub fn shown_models<'a>(c: &'a Outcome, hidden: &[bool; 5]) -> Vec<&'a ModelView> {
    c.models
        .iter()
        .enumerate()
        .filter(|(i, _)| !hidden.get(*i).copied().unwrap_or(false))
        .map(|(_, m)| m)
        .collect()
}

/// Staffing computations take ids far above the scenario requests', so that replies are told
/// apart.
const STAFFING_IDS: u64 = 1 << 40;

/// The page's views.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Compare,
    Map,
    Calendar,
    Staffing,
    Learn,
    Exercises,
    Report,
}

impl View {
    const ALL: [View; 7] = [
        View::Compare,
        View::Map,
        View::Calendar,
        View::Staffing,
        View::Learn,
        View::Exercises,
        View::Report,
    ];

    fn id(self) -> &'static str {
        match self {
            View::Compare => "compare",
            View::Map => "map",
            View::Calendar => "calendar",
            View::Staffing => "staffing",
            View::Learn => "learn",
            View::Exercises => "exercises",
            View::Report => "report",
        }
    }
}

pub enum Msg {
    SetView(View),
    /// The post whose coverage the staffing chart shows (`None`: all).
    StaffingPost(Option<usize>),
    /// Show or hide a model in the comparison.
    ToggleModel(usize),
    /// A control refused a value (the message says the allowed range).
    Reject(String),
    /// Compute coverage and cost against headcount (the staffing view).
    RunStaffing,
    SelectStaff(Option<usize>),
    SelectDay(u32),
    /// A click on the map at this km position: the nearest customer is picked.
    ClickMap(Point),
    /// Zoom the map by this factor (> 1: in) around a km position, or pan by a share of the
    /// window; `ResetMap` shows everything again.
    Zoom(f64, Point),
    Pan(f64, f64),
    ResetMap,
    /// A customer chosen by its id (the keyboard's way to the map's details).
    PickCustomer(usize),
    /// A calendar cell: show that staff member's day on the map.
    PickDay {
        staff: usize,
        day: u32,
    },
    SetPreset {
        preset: Preset,
    },
    /// New what-if settings (built from the shown ones by a control).
    SetSettings(Box<Settings>),
    SetHeadcount(usize),
    /// Keep this many of the preset's customers (re-staffed by the workload method).
    SetCustomers(usize),
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
    /// Enter, move in or leave (`None`) presentation mode.
    Present(Option<usize>),
    /// A key pressed outside a field (presentation mode and the tour listen).
    Key(String),
    /// Show a step of the guided tour, or end it (`None`).
    Tour(Option<usize>),
    /// A message for the data panel.
    KitNotice(Notice),
    /// Show the shareable link (`None`: hide it).
    ShowLink(Option<String>),
    /// Ask (or stop asking) to confirm clearing stored data; `Cleared`: done, this many keys.
    AskClear(bool),
    Cleared(usize),
    /// An imported list or an opened scenario file replaces the preset.
    Opened {
        scenario: Box<Scenario>,
        name: String,
    },
    /// An import or a scenario file was refused; the scenario shown is kept.
    ImportFailed(Rc<ImportErrors>),
    /// Workshop exercises: start one (its preset as generated), make its change, show the
    /// answer, leave it.
    StartExercise(usize),
    ChangeExercise,
    RevealExercise,
    EndExercise,
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
            view: View::Compare,
            map_staff: None,
            map_day: 0,
            picked: None,
            map_window: None,
            route_query: 0,
            customer_query: 0,
            route: None,
            customer: None,
            staffing_id: STAFFING_IDS,
            staffing_running: false,
            staffing_progress: None,
            staffing: None,
            input_error: None,
            hidden: [false; 5],
            staffing_post: None,
            customers: None,
            full_size: None,
            base: None,
            base_name: None,
            present: None,
            tour: None,
            exercise: None,
            kit_notice: None,
            import_errors: None,
            share_link: None,
            confirm_clear: false,
            saved_version: 0,
            save_paused: false,
        }
    }

    /// The page at start-up: a shared link, else the autosaved state, else the defaults.
    fn start() -> Self {
        let mut s = State::new();
        let (restored, notice) = datakit::startup();
        s.kit_notice = notice;
        if let Some(r) = restored {
            s.preset = r.link.preset;
            s.seed = r.link.seed;
            s.weeks = r.link.weeks;
            s.replications = r.link.replications;
            s.settings = r.link.settings;
            s.headcount = r.link.headcount;
            s.customers = r.link.customers;
            s.hidden = r.hidden;
            if let Some(lang) = r.lang {
                s.lang = lang;
            }
            s.view = View::ALL
                .into_iter()
                .find(|v| v.id() == r.view)
                .unwrap_or(View::Compare);
            if let Some(l) = r.scenario {
                s.base = Some(Rc::new(l.scenario));
                s.base_name = Some(t(s.lang, "data.imported_source").to_string());
            }
        }
        s
    }

    /// The shown view's id (as stored and linked).
    pub fn view_id(&self) -> &'static str {
        self.view.id()
    }

    /// Whether no computation runs (the worker can answer at once).
    pub fn is_idle(&self) -> bool {
        self.phase == Phase::Idle && !self.staffing_running
    }

    /// The staffing request for the shown scenario: headcounts from half to three times
    /// today's, and the search for each model's least headcount for full coverage.
    fn staffing_request(&self) -> Option<StaffingRequest> {
        let now = self.outcome.as_ref()?.scenario.managers.len().max(1);
        let mut headcounts: Vec<usize> = [0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0]
            .iter()
            .map(|f| ((now as f64 * f).round() as usize).clamp(1, MAX_HEADCOUNT))
            .collect();
        headcounts.dedup();
        let mut base = self.wanted_with(true)?;
        base.replications = 1;
        Some(StaffingRequest {
            id: self.staffing_id,
            base,
            headcounts,
            search: true,
        })
    }

    /// Asks again for the route and the picked customer (after a new result or model).
    fn requery(&mut self) {
        self.route = None;
        self.customer = None;
        self.route_query = self.route_query.max(self.customer_query) + 1;
        self.customer_query = self.route_query + 1;
    }

    /// The km window the map shows now.
    fn window(&self) -> Option<BBox> {
        self.map_window.or_else(|| {
            let c = self.outcome.as_ref()?;
            let pts: Vec<Point> = c.scenario.customers.iter().map(|x| x.pos).collect();
            let bases: Vec<Point> = c.scenario.departments.iter().map(|d| d.office).collect();
            Some(full_view(&pts, &bases))
        })
    }

    /// The request the current phase needs, if any.
    fn wanted(&self) -> Option<Request> {
        let calendar = match self.phase {
            Phase::Idle => return None,
            Phase::Assignment => false,
            Phase::Calendar => true,
        };
        self.wanted_with(calendar)
    }

    fn wanted_with(&self, calendar: bool) -> Option<Request> {
        Some(Request {
            id: self.request,
            preset: self.preset.id().to_string(),
            seed: self.seed,
            weeks: self.weeks,
            calendar,
            replications: if calendar { self.replications } else { 1 },
            settings: self.settings.clone().map(Box::new),
            headcount: self.headcount,
            customers: self.customers,
            base: self.base.as_ref().map(|b| Box::new((**b).clone())),
        })
    }

    fn restart(&mut self) {
        self.touched();
        // Curves of another scenario mean nothing here.
        self.staffing = None;
        self.staffing_running = false;
        self.staffing_progress = None;
        self.request += 1;
        self.phase = Phase::Assignment;
        self.progress = None;
        self.cancelled = false;
    }
}

impl State {
    /// Another scenario replaces the shown one (a preset, or an imported one with its name):
    /// the what-ifs, size and staff belonged to the old one.
    fn replace_scenario(&mut self, preset: Preset, base: Option<(Scenario, String)>) {
        self.preset = preset;
        (self.base, self.base_name) = match base {
            Some((sc, name)) => (Some(Rc::new(sc)), Some(name)),
            None => (None, None),
        };
        self.settings = None;
        self.headcount = None;
        self.customers = None;
        self.full_size = None;
        self.restart();
    }

    /// A change the autosave keeps.
    fn touched(&mut self) {
        self.saved_version += 1;
        self.save_paused = false;
        self.share_link = None;
    }
}

impl Reducible for State {
    type Action = Msg;

    fn reduce(self: Rc<Self>, action: Msg) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Msg::ToggleLang => {
                next.lang = self.lang.other();
                next.touched();
            }
            Msg::KitNotice(n) => next.kit_notice = Some(n),
            Msg::ShowLink(link) => next.share_link = link,
            Msg::AskClear(ask) => next.confirm_clear = ask,
            Msg::Cleared(n) => {
                // The page starts over from the defaults, in the language in use, and stores
                // nothing until the user changes something.
                let mut fresh = State::new();
                fresh.lang = self.lang;
                fresh.request = self.request + 1;
                fresh.staffing_id = self.staffing_id + 1;
                fresh.save_paused = true;
                fresh.saved_version = self.saved_version + 1;
                fresh.kit_notice = Some(("storage.cleared", vec![("n", n.to_string())]));
                return Rc::new(fresh);
            }
            Msg::Opened { scenario, name } => {
                next.import_errors = None;
                next.kit_notice = Some((
                    "data.opened",
                    vec![
                        ("name", name.clone()),
                        ("customers", scenario.customers.len().to_string()),
                        ("managers", scenario.managers.len().to_string()),
                    ],
                ));
                next.exercise = None;
                next.map_window = None;
                next.picked = None;
                next.map_staff = None;
                next.replace_scenario(self.preset, Some((*scenario, name)));
            }
            Msg::ImportFailed(errs) => {
                // The scenario shown stays as it was.
                next.import_errors = Some(errs);
                next.kit_notice = None;
            }
            Msg::Present(slide) => {
                let n = slides(self.has_calendar).len();
                next.present = slide.map(|i| i.min(n.saturating_sub(1)));
                next.tour = None;
                next.version += 1;
            }
            Msg::Key(key) => {
                if self.tour.is_some() && key == "Escape" {
                    return self.reduce(Msg::Tour(None));
                }
                let Some(i) = self.present else {
                    return self;
                };
                let last = slides(self.has_calendar).len().saturating_sub(1);
                let to = match key.as_str() {
                    "ArrowRight" | "PageDown" | " " => Some((i + 1).min(last)),
                    "ArrowLeft" | "PageUp" => Some(i.saturating_sub(1)),
                    "Home" => Some(0),
                    "End" => Some(last),
                    "Escape" => None,
                    _ => return self,
                };
                if to == self.present {
                    return self;
                }
                next.present = to;
                next.version += 1;
            }
            Msg::Tour(step) => {
                if step.is_none() && self.tour.is_some() {
                    // Seen once: later visits start without it (the tour button remains).
                    let _ = browser::store("toured", "1");
                }
                next.tour = step.filter(|s| *s < TOUR.len());
            }
            Msg::StartExercise(index) => {
                let Some(ex) = EXERCISES.get(index) else {
                    return self;
                };
                next.exercise = Some(ExerciseRun {
                    index,
                    changed: false,
                    before: None,
                    after: None,
                    revealed: false,
                });
                // The baseline is the preset as generated (the page's seed and horizon).
                next.replace_scenario(ex.preset, None);
            }
            Msg::ChangeExercise => {
                let (Some(run), Some(c)) = (self.exercise.as_ref(), self.outcome.as_ref()) else {
                    return self;
                };
                let Some(ex) = EXERCISES.get(run.index) else {
                    return self;
                };
                if run.before.is_none() || run.changed {
                    return self;
                }
                let mut settings = c.scenario.settings.clone();
                let staff = c.scenario.managers.len();
                let mut headcount = staff;
                workshop::apply(ex, &mut settings, &mut headcount);
                next.settings = Some(settings);
                if headcount != staff {
                    next.headcount = Some(headcount);
                }
                if let Some(r) = next.exercise.as_mut() {
                    r.changed = true;
                }
                next.restart();
            }
            Msg::RevealExercise => match next.exercise.as_mut() {
                Some(r) if r.after.is_some() => r.revealed = true,
                _ => return self,
            },
            Msg::EndExercise => next.exercise = None,
            Msg::SelectModel { index } => {
                next.model = index;
                // Staff indices belong to the model.
                next.map_staff = None;
                next.requery();
                next.version += 1;
            }
            Msg::SetView(view) => {
                next.view = view;
                next.version += 1;
                next.touched();
            }
            Msg::Reject(message) => next.input_error = Some(message),
            Msg::StaffingPost(post) => {
                next.staffing_post = post;
                next.version += 1;
            }
            Msg::ToggleModel(i) => {
                if let Some(h) = next.hidden.get_mut(i) {
                    *h = !*h;
                }
                // At least two models stay: a comparison of one is not a comparison.
                if next.hidden.iter().filter(|h| !**h).count() < 2 {
                    return self;
                }
                next.version += 1;
                next.touched();
            }
            Msg::RunStaffing => {
                if self.phase != Phase::Idle || self.staffing_running || self.outcome.is_none() {
                    return self;
                }
                next.staffing_id += 1;
                next.staffing_running = true;
                next.staffing_progress = None;
                next.error = None;
                next.cancelled = false;
            }
            Msg::SelectStaff(staff) => {
                next.map_staff = staff;
                next.requery();
                next.version += 1;
            }
            Msg::SelectDay(day) => {
                next.map_day = day;
                next.requery();
                next.version += 1;
            }
            Msg::PickDay { staff, day } => {
                next.map_staff = Some(staff);
                next.map_day = day;
                next.view = View::Map;
                next.requery();
                next.version += 1;
            }
            Msg::PickCustomer(i) => {
                next.picked = Some(i);
                next.input_error = None;
                next.requery();
                next.version += 1;
            }
            Msg::ClickMap(p) => {
                let Some(c) = self.outcome.as_ref() else {
                    return self;
                };
                next.picked = c
                    .scenario
                    .customers
                    .iter()
                    .enumerate()
                    .min_by(|a, b| a.1.pos.dist(p).total_cmp(&b.1.pos.dist(p)))
                    .map(|(i, _)| i);
                next.requery();
                next.version += 1;
            }
            Msg::Zoom(factor, at) => {
                let Some(w) = self.window() else {
                    return self;
                };
                let f = factor.clamp(0.1, 10.0);
                let (hw, hh) = (w.width() / 2.0 / f, w.height() / 2.0 / f);
                // Keep `at` where it is on the screen.
                let cx = at.x + ((w.min.x + w.max.x) / 2.0 - at.x) / f;
                let cy = at.y + ((w.min.y + w.max.y) / 2.0 - at.y) / f;
                if hw < 0.05 || hh < 0.05 {
                    return self;
                }
                next.map_window = Some(BBox {
                    min: Point::new(cx - hw, cy - hh),
                    max: Point::new(cx + hw, cy + hh),
                });
                next.version += 1;
            }
            Msg::Pan(dx, dy) => {
                let Some(w) = self.window() else {
                    return self;
                };
                let (mx, my) = (dx * w.width(), dy * w.height());
                next.map_window = Some(BBox {
                    min: Point::new(w.min.x + mx, w.min.y + my),
                    max: Point::new(w.max.x + mx, w.max.y + my),
                });
                next.version += 1;
            }
            Msg::ResetMap => {
                next.map_window = None;
                next.version += 1;
            }
            Msg::SetPreset { preset } => {
                if preset == self.preset && self.base.is_none() {
                    return self;
                }
                next.replace_scenario(preset, None);
            }
            Msg::SetSettings(settings) => {
                next.settings = Some(*settings);
                next.input_error = None;
                next.restart();
            }
            Msg::SetHeadcount(n) => {
                next.headcount = Some(n);
                next.restart();
            }
            Msg::SetCustomers(n) => {
                next.customers = (Some(n) != self.full_size).then_some(n);
                // The smaller county is staffed by the workload method again.
                next.headcount = None;
                next.input_error = None;
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
                next.staffing_running = false;
                next.staffing_progress = None;
                next.cancelled = true;
            }
            Msg::Reply(reply) => match reply {
                Reply::Ready => return self,
                Reply::Progress { id, done, total } if id == self.request => {
                    next.progress = Some((done, total));
                }
                Reply::Progress { id, done, total } if id == self.staffing_id => {
                    next.staffing_progress = Some((done, total));
                }
                Reply::Staffing { id, curves } if id == self.staffing_id => {
                    next.staffing = Some(Rc::new(curves));
                    next.staffing_running = false;
                    next.staffing_progress = None;
                    next.version += 1;
                }
                Reply::Failed { id, message } if id == self.staffing_id => {
                    next.error = Some(message);
                    next.staffing_running = false;
                    next.staffing_progress = None;
                }
                Reply::Answer { id, answer } => match *answer {
                    Answer::Route(r) if id == self.route_query => next.route = Some(Rc::new(r)),
                    Answer::Customer(c) if id == self.customer_query => {
                        next.customer = Some(Rc::new(c));
                    }
                    _ => return self,
                },
                Reply::Done { id, outcome } if id == self.request => {
                    next.error = None;
                    if self.outcome.as_ref().map(|o| o.scenario.source.as_str())
                        != Some(outcome.scenario.source.as_str())
                    {
                        // Another place: the old window and pick mean nothing there.
                        next.map_window = None;
                        next.picked = None;
                    }
                    if outcome
                        .models
                        .get(self.model)
                        .is_none_or(|m| self.map_staff.is_some_and(|s| s >= m.staff.len()))
                    {
                        next.map_staff = None;
                    }
                    if next
                        .picked
                        .is_some_and(|c| c >= outcome.scenario.customers.len())
                    {
                        next.picked = None;
                    }
                    if self.customers.is_none() {
                        next.full_size = Some(outcome.scenario.customers.len());
                    }
                    if self.phase == Phase::Calendar {
                        // An exercise reads its before and after from the calendars.
                        if let Some(run) = next.exercise.as_mut() {
                            if !run.changed && run.before.is_none() {
                                run.before = Some(present::figures(&outcome));
                            } else if run.changed && run.after.is_none() {
                                run.after = Some(present::figures(&outcome));
                            }
                        }
                    }
                    next.outcome = Some(Rc::new(*outcome));
                    next.has_calendar = self.phase == Phase::Calendar;
                    next.requery();
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
            Err(message) => dispatcher.dispatch(Msg::Reply(Reply::Failed {
                id: u64::MAX,
                message,
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
    let state = use_reducer(State::start);
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

fn input_value(e: &Event) -> String {
    let input: web_sys::HtmlInputElement = e.target_unchecked_into();
    input.value()
}

/// The what-if panel (`views::what_if`) over the shown scenario: its edits become messages.
fn what_if(state: &UseReducerHandle<State>, lang: Lang) -> Html {
    let Some(outcome) = state.outcome.as_ref() else {
        return Html::default();
    };
    let panel = views::what_if::WhatIf {
        current: state
            .settings
            .clone()
            .unwrap_or_else(|| outcome.scenario.settings.clone()),
        customers: outcome.scenario.customers.len(),
        managers: outcome.scenario.managers.len(),
        full_size: state.full_size.unwrap_or(MIN_CUSTOMERS),
        weeks: state.weeks,
        replications: state.replications,
        input_error: state.input_error.clone(),
        on_settings: dispatch(state, |s: Settings| Msg::SetSettings(Box::new(s))),
        on_reject: dispatch(state, Msg::Reject),
        on_headcount: dispatch(state, Msg::SetHeadcount),
        on_customers: dispatch(state, Msg::SetCustomers),
        on_weeks: dispatch(state, Msg::SetWeeks),
        on_replications: dispatch(state, Msg::SetReplications),
    };
    views::what_if::what_if(lang, &panel)
}

/// A callback that dispatches the message `msg` makes of its value.
fn dispatch<T: 'static>(state: &UseReducerHandle<State>, msg: fn(T) -> Msg) -> Callback<T> {
    let state = state.clone();
    Callback::from(move |x: T| state.dispatch(msg(x)))
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

/// The comparison charts: canvas id and the translation key of its title.
pub const COMPARE_CHARTS: [(&str, &str); 5] = [
    ("hours-chart", "chart.hours.title"),
    ("coverage-chart", "chart.coverage.title"),
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

/// The assumptions panel (`views::assumptions`) for the shown settings: its edits become
/// messages.
fn assumptions(state: &UseReducerHandle<State>, lang: Lang) -> Html {
    let Some(c) = state.outcome.as_ref() else {
        return Html::default();
    };
    let current = state
        .settings
        .clone()
        .unwrap_or_else(|| c.scenario.settings.clone());
    views::assumptions::assumptions(
        lang,
        &current,
        state.input_error.as_deref(),
        dispatch(state, |s: Settings| Msg::SetSettings(Box::new(s))),
        dispatch(state, Msg::Reject),
    )
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
