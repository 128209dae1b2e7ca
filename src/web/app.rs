//! The app component: one reducer for state, the effects at the edge (the worker, the
//! autosave, the keyboard, drawing the shown charts, document title and language), and the
//! page put together from the views in `views`.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::browser;
use super::compute::idle_client;
use super::dom::{input_value, parse_in};
use super::fields::{setting_input, SettingField};
use super::keep::{self, Notice};
use super::views::map::Gesture;
use super::views::present::{self, slides, TOUR};
use super::views::{calendar, compare, data, learn, map, page, report, staffing};
use super::worker::Client;
use crate::charts::map::{full_view, Projection};
use crate::core::generate::Preset;
use crate::core::geo::BBox;
use crate::core::geo::Point;
use crate::core::io::ImportErrors;
use crate::core::metrics::Metrics;
use crate::core::models::ModelId;
use crate::core::scenario::Scenario;
use crate::core::settings::{Function, Settings, ZoneModel};
use crate::i18n::{num, t, tf, Lang};
use crate::job::{
    Answer, Curve, CustomerView, ModelView, Outcome, Query, Reply, Request, RouteView,
    StaffingRequest, MAX_HEADCOUNT, MAX_REPLICATIONS, MIN_CUSTOMERS,
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
        let (restored, notice) = keep::startup();
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
    pub fn window(&self) -> Option<BBox> {
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
                if let Err(n) = keep::autosave(&state) {
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
        // The charts of what is shown are drawn after it is rendered.
        let state = state.clone();
        let workload_ref = workload_ref.clone();
        let map_ref = map_ref.clone();
        let projection = projection.clone();
        let route_shown = state.route.clone();
        use_effect_with(
            (state.version, lang, route_shown.map(|r| (r.staff, r.day))),
            move |_| draw_shown(&state, &workload_ref, &map_ref, &projection),
        );
    }

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
    let status = page::run_status(&state, on_cancel.clone());

    if let (Some(slide), Some(c)) = (state.present, state.outcome.as_ref()) {
        return html! {
            <>
                { status }
                { present::presentation(&state, c, slide, &workload_ref, &map_ref) }
            </>
        };
    }

    let body = match state.outcome.as_ref() {
        None => Html::default(),
        Some(c) => {
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
                View::Compare => compare::compare_view(&state, c, lang, &workload_ref, &client),
                View::Map => map::map_view(&state, c, lang, &map_ref, &projection, &drag),
                View::Calendar => calendar::calendar_view(&state, c, lang),
                View::Staffing => staffing::staffing_view(&state, lang, on_cancel),
                View::Learn => html! {
                    <>
                        { learn::learn_view(lang, Some(c)) }
                        { assumptions(&state, lang) }
                    </>
                },
                View::Exercises => present::exercises_view(&state, lang),
                View::Report => {
                    report::report_view(&state, c, lang, &workload_ref, assumptions(&state, lang))
                }
            };
            html! {
                <>
                    { page::scenario_summary(lang, c) }
                    { tabs }
                    { content }
                </>
            }
        }
    };

    html! {
        <>
            { page::header(&state) }
            { page::controls(&state) }
            { what_if(&state, lang) }
            { data::data_panel(&state, lang) }
            if let Some(n) = &state.kit_notice {
                { data::notice(lang, n) }
            }
            { status }
            { page::error_notice(&state) }
            { body }
            <footer><p>{ t(lang, "app.offline_note") }</p></footer>
        </>
    }
}

/// Draws the charts of what the page shows now: in presentation mode whichever the slide has
/// (each draw finds its own canvas or nothing), else the active view's.
fn draw_shown(
    state: &State,
    workload_ref: &NodeRef,
    map_ref: &NodeRef,
    projection: &RefCell<Option<Projection>>,
) {
    let Some(c) = state.outcome.as_ref() else {
        return;
    };
    if state.present.is_some() {
        compare::draw_workload(state, c, workload_ref);
        *projection.borrow_mut() = map::draw_map(state, c, map_ref);
        if state.has_calendar {
            compare::draw_compare(state.lang, c, &shown_models(c, &state.hidden));
        }
        return;
    }
    match state.view {
        View::Compare | View::Report => {
            compare::draw_workload(state, c, workload_ref);
            if state.has_calendar {
                compare::draw_compare(state.lang, c, &shown_models(c, &state.hidden));
            }
        }
        View::Map => {
            *projection.borrow_mut() = map::draw_map(state, c, map_ref);
        }
        View::Calendar | View::Learn | View::Exercises => {}
        View::Staffing => {
            if let Some(curves) = state.staffing.as_ref() {
                staffing::draw_staffing(state.lang, curves, state.staffing_post);
            }
        }
    }
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
