//! The page's state as plain data: what it shows (language, scenario, what-ifs, view, the
//! map's selection and window), the latest result, and where each computation stands. It
//! changes only through `reduce::reduce`; the web shell renders it and runs the effects (the
//! worker, storage, drawing) it asks for.

use std::collections::BTreeMap;
use std::rc::Rc;

use super::keep::Restored;
use super::limits::{MAX_HEADCOUNT, MAX_PRESET_CUSTOMERS};
use super::message::Message;
use super::outcome::{ModelView, Outcome};
use super::pilot_view::{PilotForm, PilotView};
use super::protocol::{
    CustomerView, PilotRequest, RederiveRequest, Reply, Request, RouteView, StaffingRequest,
};
use super::review::{self, Review};
use super::sweep::Curve;
use crate::charts::map::full_view;
use crate::core::generate::Preset;
use crate::core::geo::{BBox, Point};
use crate::core::io::{DeriveRules, ImportErrors};
use crate::core::metrics::Metrics;
use crate::core::models::locks::{locks_of, Lock};
use crate::core::models::ModelId;
use crate::core::scenario::{Industry, Scenario};
use crate::core::settings::{Function, Settings};
use crate::i18n::{t, Lang};

/// A message of the data panel: its translation key and arguments (translated at render, so
/// it follows a language switch).
pub type Notice = (&'static str, Vec<(&'static str, String)>);

/// What the worker is doing for the page. A change of scenario first asks for the assignment
/// (fast: the charts appear at once), then for the visit calendars (seconds: the metric table
/// fills in, with a progress bar and a cancel button). A small scenario, whose calendars take
/// no longer than the assignment's answer would, asks for the calendars at once
/// (`State::at_once`).
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
    /// Why the last computation failed, in the user's language at render.
    pub error: Option<Message>,
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
    /// The curve (index into `staffing`) whose establishment the staffing view's table shows;
    /// `None`: the first with one.
    pub staffing_model: Option<usize>,
    /// A setting changed in the staffing view cleared its result: run it again as soon as the
    /// new scenario's result is in (the worker does one computation at a time).
    pub staffing_again: bool,
    /// A value a control refused, with the allowed range.
    pub input_error: Option<Message>,
    /// Models left out of the comparison's table and charts (comparison order).
    pub hidden: [bool; 5],
    /// The post (function index) whose coverage the staffing chart shows; `None`: all.
    pub staffing_post: Option<usize>,
    /// The scenario's size in customers (`None`: the preset's own or the whole list), and that
    /// own size once known.
    pub customers: Option<usize>,
    pub full_size: Option<usize>,
    /// An opened or imported scenario replacing the preset, with the name it came from.
    pub base: Option<Rc<Scenario>>,
    pub base_name: Option<String>,
    /// The derivation rules the base was imported (or last re-derived) under: the import
    /// review shows and corrects them, and they are saved with the scenario.
    pub base_rules: Rc<DeriveRules>,
    /// Corrected rules the worker is deriving the list under (`rederive_request`), and the id
    /// of that computation. Until the new list comes back nothing else is sent to the worker:
    /// the list's results would be of the list about to be replaced.
    pub rules_wanted: Option<Rc<DeriveRules>>,
    pub rederive_id: u64,
    /// Presentation mode's slide (`None`: the normal page).
    pub present: Option<usize>,
    /// The guided tour's step (`None`: no tour).
    pub tour: Option<usize>,
    /// The tour was closed in this page: the page remembers it, so later visits start
    /// without it (the tour button remains).
    pub tour_done: bool,
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
    /// Customers kept with a chosen manager in every model: customer id → manager id (the
    /// map view's lock controls; sent with every request, saved and linked).
    pub locks: Rc<BTreeMap<String, String>>,
    /// The pilot view's inputs (`None`: the shown scenario's defaults).
    pub pilot_form: Option<PilotForm>,
    /// The pilot's computation: its id, whether it runs, its progress and result.
    pub pilot_id: u64,
    pub pilot_running: bool,
    pub pilot_progress: Option<(usize, usize)>,
    pub pilot: Option<Rc<PilotView>>,
    /// The plan the pilot view details (0: today's, 1, 2, …: the stages).
    pub pilot_stage: usize,
    /// Why the pilot was refused (the result shown, if any, is kept).
    pub pilot_error: Option<Message>,
    /// The scenario inputs of the result shown (what the controls go back to when a newer
    /// computation is cancelled or fails).
    pub shown: Option<Rc<Inputs>>,
    /// An exercise asked for while an imported or opened list is shown: it replaces the list
    /// only once the user agrees.
    pub confirm_exercise: Option<usize>,
}

/// What a scenario is computed from: the inputs the controls show. A result keeps the inputs
/// it was computed from, so that cancelling a newer computation (or its failure) puts the
/// controls back to what the figures on screen mean; an exercise keeps the user's inputs to
/// bring them back when it ends.
#[derive(Clone, Debug, PartialEq)]
pub struct Inputs {
    pub preset: Preset,
    pub seed: u64,
    pub weeks: u32,
    pub replications: u32,
    pub settings: Option<Settings>,
    pub headcount: Option<usize>,
    pub customers: Option<usize>,
    pub full_size: Option<usize>,
    pub base: Option<Rc<Scenario>>,
    pub base_name: Option<String>,
    pub base_rules: Rc<DeriveRules>,
    pub locks: Rc<BTreeMap<String, String>>,
}

/// A workshop exercise in progress: the figures before its change and after it.
#[derive(Clone, PartialEq)]
pub struct ExerciseRun {
    pub index: usize,
    pub changed: bool,
    pub before: Option<Rc<Vec<(ModelId, Metrics)>>>,
    pub after: Option<Rc<Vec<(ModelId, Metrics)>>>,
    pub revealed: bool,
    /// The user's scenario before the exercise, brought back when it ends.
    pub kept: Option<Rc<Inputs>>,
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
pub const STAFFING_IDS: u64 = 1 << 40;

/// Pilot computations take ids above the staffing ones', for the same reason.
pub const PILOT_IDS: u64 = 1 << 41;

/// A list's derivations take ids above the pilot ones', for the same reason.
pub const REDERIVE_IDS: u64 = 1 << 42;

/// The page's views.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Compare,
    Map,
    Calendar,
    Staffing,
    Pilot,
    Learn,
    Exercises,
    Report,
}

impl View {
    pub const ALL: [View; 8] = [
        View::Compare,
        View::Map,
        View::Calendar,
        View::Staffing,
        View::Pilot,
        View::Learn,
        View::Exercises,
        View::Report,
    ];

    /// The view's id (as stored and linked, and in its tab's element id).
    pub fn id(self) -> &'static str {
        match self {
            View::Compare => "compare",
            View::Map => "map",
            View::Calendar => "calendar",
            View::Staffing => "staffing",
            View::Pilot => "pilot",
            View::Learn => "learn",
            View::Exercises => "exercises",
            View::Report => "report",
        }
    }
}

/// What can happen to the page: a control used, a reply of the worker, a key pressed.
pub enum Msg {
    SetView(View),
    /// The post whose coverage the staffing chart shows (`None`: all).
    StaffingPost(Option<usize>),
    /// The model (index into the staffing curves) whose establishment the table shows.
    StaffingModel(Option<usize>),
    /// Show or hide a model in the comparison.
    ToggleModel(usize),
    /// A control refused a value (the message says the allowed range).
    Reject(Message),
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
    /// The scenario's size in customers: a preset sized down or grown, a list kept in part
    /// (re-staffed by the workload method).
    SetCustomers(usize),
    SetWeeks(u32),
    SetReplications(u32),
    /// The date field of the schedule's first working day (ISO `yyyy-mm-dd`; empty: none, the
    /// exports then date from the coming Monday). Kept with the settings; nothing is
    /// recomputed (dates only label the calendar's days).
    SetStartDate(String),
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
        /// The derivation rules it was imported under (a file's `import_rules`).
        rules: Box<DeriveRules>,
    },
    /// One derivation rule of the import review changed (its id and the text typed): the
    /// imported scenario is re-derived and run again.
    SetRule {
        id: String,
        text: String,
    },
    /// The night formats of the import review changed.
    SetNightFormats(Vec<Industry>),
    /// An import or a scenario file was refused; the scenario shown is kept.
    ImportFailed(Rc<ImportErrors>),
    /// Workshop exercises: start one (its preset as generated), make its change, show the
    /// answer, leave it.
    StartExercise(usize),
    /// The answer to "replace the imported list with the exercise's county?".
    ConfirmExercise(bool),
    ChangeExercise,
    RevealExercise,
    EndExercise,
    /// Lock a customer (index into the shown scenario) to the manager serving it in the model
    /// shown, or unlock it.
    LockCustomer(usize),
    UnlockCustomer(usize),
    /// Lock a manager's book (index into the scenario's managers): every customer whose main
    /// staff member is that manager in the model shown.
    LockBook(usize),
    /// Lock a department's customers (index into the scenario's departments: those whose main
    /// staff member belongs to it in the model shown), each to its main staff's manager.
    LockDepartment(usize),
    ClearLocks,
    /// The pilot view's inputs: a department in or out of the pilot, the model, a post of a
    /// stage (0-based) created or not, one stage more or less.
    PilotDepartment {
        id: String,
        on: bool,
    },
    PilotModel(ModelId),
    PilotPost {
        stage: usize,
        post: Function,
        on: bool,
    },
    PilotAddStage,
    PilotRemoveStage,
    /// Run the pilot the form describes (refused with the core's reason when it cannot run).
    RunPilot,
    /// The plan the pilot view details.
    PilotStage(usize),
}

impl State {
    /// The page's defaults, in `lang`.
    pub fn new(lang: Lang) -> Self {
        State {
            lang,
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
            staffing_model: None,
            staffing_again: false,
            input_error: None,
            hidden: [false; 5],
            staffing_post: None,
            customers: None,
            full_size: None,
            base: None,
            base_name: None,
            base_rules: Rc::default(),
            rules_wanted: None,
            rederive_id: REDERIVE_IDS,
            present: None,
            tour: None,
            tour_done: false,
            exercise: None,
            kit_notice: None,
            import_errors: None,
            share_link: None,
            confirm_clear: false,
            saved_version: 0,
            save_paused: false,
            locks: Rc::new(BTreeMap::new()),
            pilot_form: None,
            pilot_id: PILOT_IDS,
            pilot_running: false,
            pilot_progress: None,
            pilot: None,
            pilot_stage: 1,
            pilot_error: None,
            shown: None,
            confirm_exercise: None,
        }
    }

    /// The page at start-up from what it found (a shared link or the autosaved state, already
    /// checked; `None`: the defaults in `lang`) and what to tell the user about it.
    pub fn restored(lang: Lang, restored: Option<Restored>, notice: Option<Notice>) -> Self {
        let mut s = State::new(lang);
        s.kit_notice = notice;
        if let Some(r) = restored {
            s.preset = r.link.preset;
            s.seed = r.link.seed;
            s.weeks = r.link.weeks;
            s.replications = r.link.replications;
            s.settings = r.link.settings;
            s.headcount = r.link.headcount;
            s.customers = r.link.customers;
            s.locks = Rc::new(
                r.link
                    .locks
                    .into_iter()
                    .map(|l| (l.customer, l.manager))
                    .collect(),
            );
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
                s.base_rules = Rc::new(l.rules);
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
        self.phase == Phase::Idle && !self.staffing_running && !self.pilot_running
    }

    /// The pilot view's inputs: the user's, else the shown scenario's defaults.
    pub fn pilot_inputs(&self) -> Option<PilotForm> {
        self.pilot_form.clone().or_else(|| {
            self.outcome
                .as_ref()
                .map(|o| PilotForm::for_scenario(&o.scenario))
        })
    }

    /// The pilot request for the shown scenario and the pilot view's inputs.
    pub fn pilot_request(&self) -> Option<PilotRequest> {
        let form = self.pilot_inputs()?;
        let mut base = self.wanted_with(true)?;
        base.replications = 1;
        Some(PilotRequest {
            id: self.pilot_id,
            base,
            departments: form.departments,
            model: form.model,
            stages: form.stages,
        })
    }

    /// The most customers the customers field may ask for: an imported list's size (it is kept
    /// in part, never grown), else the largest preset (a preset grows).
    pub fn most_customers(&self) -> usize {
        self.base
            .as_ref()
            .map_or(MAX_PRESET_CUSTOMERS, |b| b.customers.len())
    }

    /// The staffing request for the shown scenario: headcounts from half to three times
    /// today's, and each model's establishment at the settings' coverage target.
    pub fn staffing_request(&self) -> Option<StaffingRequest> {
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
    pub(super) fn requery(&mut self) {
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
    pub fn wanted(&self) -> Option<Request> {
        let calendar = match self.phase {
            Phase::Idle => return None,
            Phase::Assignment => false,
            Phase::Calendar => true,
        };
        self.wanted_with(calendar)
    }

    /// The import review of the imported list (`None` for a preset). While the list's
    /// departments are being cut again (the worker's), it shows those of the last result.
    /// It reads every customer: the page makes it again only when `review_key` changes.
    pub fn review(&self) -> Option<Review> {
        let sc = self.base.as_deref()?;
        let mut r = Review::of(sc);
        if r.departments.is_empty() {
            if let Some(c) = self.outcome.as_ref() {
                r.departments = review::departments(&c.scenario);
            }
        }
        Some(r)
    }

    /// What `review` reads, by pointer (comparing the lists would read every customer): the
    /// imported list and, while its departments are being cut, the last result.
    pub fn review_key(&self) -> (usize, usize) {
        let Some(base) = self.base.as_ref() else {
            return (0, 0);
        };
        let outcome = match (base.departments.is_empty(), self.outcome.as_ref()) {
            (true, Some(c)) => Rc::as_ptr(c) as usize,
            _ => 0,
        };
        (Rc::as_ptr(base) as usize, outcome)
    }

    /// The rules the import review shows: those being applied, else the list's own.
    pub fn rules_shown(&self) -> &DeriveRules {
        self.rules_wanted.as_deref().unwrap_or(&self.base_rules)
    }

    /// The derivation the worker is asked for while corrected rules are being applied.
    pub fn rederive_request(&self) -> Option<RederiveRequest> {
        let rules = self.rules_wanted.as_ref()?;
        let mut base = self.request_with(false)?;
        base.base.as_ref()?;
        base.id = self.rederive_id;
        Some(RederiveRequest {
            id: self.rederive_id,
            base,
            from: Box::new((*self.base_rules).clone()),
            rules: Box::new((**rules).clone()),
            keep: 0,
        })
    }

    /// The request for the shown scenario, with or without the calendars; none while the list
    /// is being derived again (its reply starts the next computation).
    pub fn wanted_with(&self, calendar: bool) -> Option<Request> {
        if self.rules_wanted.is_some() {
            return None;
        }
        self.request_with(calendar)
    }

    fn request_with(&self, calendar: bool) -> Option<Request> {
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
            list: None,
            base: self.base.clone(),
            kept_base: None,
            locks: self.lock_list(),
        })
    }

    /// The page's locks as a request and a link carry them.
    pub fn lock_list(&self) -> Vec<Lock> {
        self.locks
            .iter()
            .map(|(customer, manager)| Lock {
                customer: customer.clone(),
                manager: manager.clone(),
            })
            .collect()
    }

    /// The scenario inputs the controls show now.
    pub fn inputs(&self) -> Inputs {
        Inputs {
            preset: self.preset,
            seed: self.seed,
            weeks: self.weeks,
            replications: self.replications,
            settings: self.settings.clone(),
            headcount: self.headcount,
            customers: self.customers,
            full_size: self.full_size,
            base: self.base.clone(),
            base_name: self.base_name.clone(),
            base_rules: self.base_rules.clone(),
            locks: self.locks.clone(),
        }
    }

    /// Puts the controls back to `inputs` (nothing is computed: the caller decides).
    pub(super) fn put_back(&mut self, inputs: &Inputs) {
        self.preset = inputs.preset;
        self.seed = inputs.seed;
        self.weeks = inputs.weeks;
        self.replications = inputs.replications;
        self.settings = inputs.settings.clone();
        self.headcount = inputs.headcount;
        self.customers = inputs.customers;
        self.full_size = inputs.full_size;
        self.base = inputs.base.clone();
        self.base_name = inputs.base_name.clone();
        self.base_rules = inputs.base_rules.clone();
        // A correction of another list's rules is given up with it.
        self.rules_wanted = None;
        self.locks = inputs.locks.clone();
        // A refusal was about a value the controls no longer show.
        self.seed_error = None;
        self.input_error = None;
    }

    /// A change of scenario: a new request, from the assignment.
    pub(super) fn restart(&mut self) {
        self.touched();
        // A refused value's message is about the scenario being replaced, and so is a
        // notice (a list loaded, a link opened, a link refused): gone with their cause.
        self.input_error = None;
        self.seed_error = None;
        self.kit_notice = None;
        // Curves of another scenario mean nothing here.
        self.staffing = None;
        self.staffing_running = false;
        self.staffing_progress = None;
        self.staffing_again = false;
        // So does a pilot of another scenario.
        self.pilot = None;
        self.pilot_running = false;
        self.pilot_progress = None;
        self.request += 1;
        self.phase = if self.at_once() {
            Phase::Calendar
        } else {
            Phase::Assignment
        };
        self.progress = None;
        self.cancelled = false;
    }

    /// Whether the next computation asks for the calendars at once, without the assignment
    /// first: once a result is shown (the worker's helpers then run), for a scenario of at most
    /// `AT_ONCE_CUSTOMERS` customers. Their calendars take a quarter of a second, and
    /// answering the assignment first cost a fifth of that: the worker shaping it and the page
    /// drawing it share the two cores with the helpers computing the calendars.
    fn at_once(&self) -> bool {
        let customers = self.customers.unwrap_or_else(|| {
            self.base
                .as_ref()
                .map_or(self.preset.size(), |b| b.customers.len())
        });
        self.outcome.is_some() && customers <= AT_ONCE_CUSTOMERS
    }
}

/// The most customers a scenario has for its calendars to be asked for at once (`State::at_once`).
pub const AT_ONCE_CUSTOMERS: usize = 5000;

impl State {
    /// The settings the panels edit: the what-if settings when the user changed any, else the
    /// shown result's. `None` before the first result.
    pub fn shown_settings(&self) -> Option<&Settings> {
        self.settings
            .as_ref()
            .or_else(|| self.outcome.as_ref().map(|c| &c.scenario.settings))
    }

    /// The start date the settings keep (`None`: the user set none).
    pub fn start_date(&self) -> Option<&str> {
        self.shown_settings()?.start_date.as_deref()
    }

    /// Another scenario replaces the shown one (a preset, or an imported one with its name):
    /// the what-ifs, size and staff belonged to the old one.
    pub(super) fn replace_scenario(&mut self, preset: Preset, base: Option<(Scenario, String)>) {
        self.preset = preset;
        (self.base, self.base_name) = match base {
            Some((sc, name)) => (Some(Rc::new(sc)), Some(name)),
            None => (None, None),
        };
        self.base_rules = Rc::default();
        self.rules_wanted = None;
        self.settings = None;
        self.headcount = None;
        self.customers = None;
        self.full_size = None;
        // Its departments are another scenario's.
        self.pilot_form = None;
        self.pilot_error = None;
        // Locks name the old scenario's customers; an opened one brings its own.
        self.locks = Rc::new(
            self.base
                .as_deref()
                .map(|b| {
                    locks_of(b)
                        .into_iter()
                        .map(|l| (l.customer, l.manager))
                        .collect()
                })
                .unwrap_or_default(),
        );
        self.restart();
    }

    /// A change the autosave keeps.
    pub(super) fn touched(&mut self) {
        self.saved_version += 1;
        self.save_paused = false;
        self.share_link = None;
    }
}

/// The figures of every model of a result (an exercise's before or after).
pub fn figures(c: &Outcome) -> Rc<Vec<(ModelId, Metrics)>> {
    Rc::new(
        c.models
            .iter()
            .map(|m| (m.model, m.metrics.clone()))
            .collect(),
    )
}
