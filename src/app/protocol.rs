//! The messages between the page and its Web Worker: what to compute (`ToWorker`) and what
//! comes back (`Reply`). Plain data (no web dependency), so the protocol is tested natively;
//! `web::worker` only moves these messages across the thread boundary as JSON strings.

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use super::message::Message;
use super::outcome::{ModelView, Outcome};
use super::pilot_view::PilotView;
use super::sweep::Curve;
use crate::core::assignment::ModelId;
use crate::core::io::{DeriveRules, ImportErrors};
use crate::core::models::locks::Lock;
use crate::core::scenario::{Customer, Scenario};
use crate::core::settings::{Function, Settings};

/// What to compute. The page sends the whole request each time, except an imported list,
/// which goes to the worker once (`ToWorker::Base`, in parts) and is then named by number
/// (`kept_base`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// Echoed in every reply, so the page ignores replies to a request it has replaced.
    pub id: u64,
    /// Preset id (`county`, `urban`, `rural`, `city`).
    pub preset: String,
    pub seed: u64,
    /// Horizon in weeks (1-52).
    pub weeks: u32,
    /// Build the visit calendars (the contract's metrics) or the assignment only.
    pub calendar: bool,
    /// Replications under disturbances (1: the plan as planned).
    pub replications: u32,
    /// Settings replacing the preset's (the page's what-if controls); `None`: the preset's.
    /// `weeks` above wins over theirs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<Box<Settings>>,
    /// Customer managers to keep (the least competent leave first, median-skill staff join at
    /// the busiest department); `None`: the preset's staff.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headcount: Option<usize>,
    /// Customers kept from the preset (evenly through its list, so every cluster keeps its
    /// share), re-staffed by the workload method; `None`: all of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customers: Option<usize>,
    /// An opened or imported scenario replacing the preset (then `preset` only names it):
    /// its lists, departments and settings (`settings` above still wins). Without managers it
    /// is staffed by the workload method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<Rc<Scenario>>,
    /// Instead of `base`: the list sent earlier as `ToWorker::Base` with this number, which
    /// the worker keeps (`app::upload::Inbox` puts it back into the request).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kept_base: Option<u64>,
    /// The number `base` was named by, once the worker has put it back (`Inbox::fill`; never
    /// sent): a result whose customers are still that list's need not carry them back
    /// (`Reply::Done`'s `list`).
    #[serde(skip)]
    pub list: Option<u64>,
    /// The page's locks (customer id → manager id), replacing any the scenario had: customers
    /// every model keeps with that manager.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locks: Vec<Lock>,
}

impl Request {
    /// `preset` at `seed` as the preset is (its customers, staff and settings) over four weeks,
    /// the assignment only, once: the fields a caller wants otherwise are set on top.
    pub fn of_preset(preset: &str, seed: u64) -> Request {
        Request {
            id: 0,
            preset: preset.to_string(),
            seed,
            weeks: 4,
            calendar: false,
            replications: 1,
            settings: None,
            headcount: None,
            customers: None,
            list: None,
            base: None,
            kept_base: None,
            locks: Vec::new(),
        }
    }
}

/// A message from the worker to the page.
///
/// Externally tagged (`{"done": {…}}`), as are `ToWorker` and `Answer`: serde reads an
/// internally tagged enum (`"kind": …` inside) by first copying the whole message into a
/// buffer of its own, which for a city's outcome doubled the time the page spends reading it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reply {
    /// The worker has loaded and listens (messages sent before are lost).
    Ready,
    Progress {
        id: u64,
        done: usize,
        total: usize,
    },
    Done {
        id: u64,
        outcome: Box<Outcome>,
        /// The outcome's customers are the page's list with this number (`Request::list`),
        /// unchanged: they are left out, and the page puts its own back
        /// (`upload::Sender::fill`). A province's are 300,000 customers, read in 200 parts.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        list: Option<u64>,
    },
    /// The computation or query `id` could not be done: why, in the user's language.
    Failed {
        id: u64,
        error: Message,
    },
    /// The answer to a `ToWorker::Query` with the same id.
    Answer {
        id: u64,
        answer: Box<Answer>,
    },
    /// The curves of a `ToWorker::Staffing` with the same id.
    Staffing {
        id: u64,
        curves: Vec<Curve>,
    },
    /// The scenario built from a `ToWorker::Import`, or why it could not be.
    Imported {
        id: u64,
        scenario: Box<Scenario>,
    },
    ImportFailed {
        id: u64,
        errors: ImportErrors,
    },
    /// The list of a `ToWorker::Rederive` with the same id, derived again under `rules`. The
    /// worker keeps it as the list numbered `keep`, so the page need not send it back.
    Rederived {
        id: u64,
        keep: u64,
        rules: Box<DeriveRules>,
        scenario: Rc<Scenario>,
    },
    /// The pilot of a `ToWorker::Pilot` with the same id.
    Pilot {
        id: u64,
        view: Box<PilotView>,
    },
    /// A part of the customers of the `Done`, `Imported` or `Rederived` with the same id that follows
    /// without them (`app::parts`): a large scenario crosses in steps the page reads one at a
    /// time, staying answerable in between.
    Customers {
        id: u64,
        customers: Vec<Customer>,
    },
    /// One model of the `Done` with the same id that follows without its models (sent with
    /// `Customers`, for the same reason).
    Model {
        id: u64,
        model: Box<ModelView>,
    },
}

/// A message to the worker (externally tagged, see `Reply`: an import's bytes are large).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToWorker {
    Compute(Request),
    /// A question about the last computation's calendars (the map and calendar views).
    Query {
        id: u64,
        query: Query,
    },
    /// Coverage and cost against headcount (the staffing view).
    Staffing(StaffingRequest),
    /// Read customer (and manager) lists the user chose.
    Import(ImportRequest),
    /// Today's plan and a staged pilot in chosen departments (the pilot view).
    Pilot(PilotRequest),
    /// An imported list derived again under corrected rules (the import review).
    Rederive(RederiveRequest),
    /// A part of an imported list's customers going to the worker (`app::upload`), in order;
    /// `Base` with the same number ends it.
    BaseCustomers {
        base: u64,
        customers: Vec<Customer>,
    },
    /// The rest of the list numbered `base` (its customers came as `BaseCustomers`): the worker
    /// keeps it for the requests that name it.
    Base {
        base: u64,
        scenario: Box<Scenario>,
    },
    /// A plan of the last pilot as a CSV file (`Reply::Answer` with `Answer::File`).
    PilotExport {
        id: u64,
        /// 0 for today's plan, 1, 2, … for the stages.
        stage: usize,
        file: PilotFile,
        /// The page's language code: a Chinese page's files have Chinese headers.
        lang: String,
    },
}

impl ToWorker {
    /// The id its reply carries (0 for a list's parts, which have no reply).
    pub fn id(&self) -> u64 {
        match self {
            ToWorker::Compute(r) => r.id,
            ToWorker::Staffing(s) => s.id,
            ToWorker::Pilot(p) => p.id,
            ToWorker::Import(i) => i.id,
            ToWorker::Rederive(r) => r.id,
            ToWorker::Query { id, .. } | ToWorker::PilotExport { id, .. } => *id,
            ToWorker::BaseCustomers { .. } | ToWorker::Base { .. } => 0,
        }
    }

    /// The request whose scenario this message computes on, if it has one.
    pub fn request_mut(&mut self) -> Option<&mut Request> {
        match self {
            ToWorker::Compute(r) => Some(r),
            ToWorker::Staffing(s) => Some(&mut s.base),
            ToWorker::Pilot(p) => Some(&mut p.base),
            ToWorker::Rederive(r) => Some(&mut r.base),
            _ => None,
        }
    }
}

/// A staged pilot (试点) on the request's scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PilotRequest {
    pub id: u64,
    /// The scenario, assembled as a `Compute` request's (its `calendar` and `replications`
    /// are ignored: every plan is lived once, as planned).
    pub base: Request,
    /// The pilot departments' ids.
    pub departments: Vec<String>,
    pub model: ModelId,
    /// The posts of each stage.
    pub stages: Vec<Vec<Function>>,
}

/// The imported list derived again under corrected rules. For a province's list (300,000
/// customers) that held the page for a quarter of a second; the worker does it, keeps the new
/// list and sends it to the page, which then names it in its requests without sending it back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RederiveRequest {
    pub id: u64,
    /// The list, as a `Compute` request carries it (the rest of the request is not read).
    pub base: Request,
    /// The rules the list was derived under, and the corrected ones.
    pub from: Box<DeriveRules>,
    pub rules: Box<DeriveRules>,
    /// The number the worker keeps the new list under (the page's `upload::Sender` gives it).
    pub keep: u64,
}

/// The files of a pilot's plan the page can export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PilotFile {
    Assignments,
    Schedule,
    Kpi,
}

impl PilotFile {
    pub const ALL: [PilotFile; 3] = [PilotFile::Assignments, PilotFile::Schedule, PilotFile::Kpi];

    /// The file's name stem, as the CLI names the file in a stage's folder.
    pub fn id(self) -> &'static str {
        match self {
            PilotFile::Assignments => "assignments",
            PilotFile::Schedule => "schedule",
            PilotFile::Kpi => "kpi",
        }
    }
}

/// The bytes of the lists the user chose, read in the worker: parsing a large CSV or XLSX
/// must not freeze the page, and the decoders (GBK, XLSX) then live in the worker's wasm only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportRequest {
    pub id: u64,
    /// The seed of the scenario built from the lists.
    pub seed: u64,
    pub customers: Vec<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managers: Option<Vec<u8>>,
}

/// Details the views ask for on demand, so the page never holds whole calendars.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Query {
    /// One staff member's route on one day (indices as in the outcome).
    Route {
        model: usize,
        staff: usize,
        day: u32,
    },
    /// Who serves a customer, its visits and its missed visits with their reasons.
    Customer { model: usize, customer: usize },
    /// A model's assignments or calendar as a CSV file: the same bytes as the CLI's `plan`
    /// without `people`, in the page's language with it.
    Export {
        model: usize,
        file: ExportKind,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        people: Option<People>,
    },
    /// Every model's assignments and calendar, the comparison and the assumptions in one
    /// XLSX workbook (`Answer::Workbook`).
    Workbook { people: People },
}

/// How the page wants a file for its readers: headers and words in its language, figures
/// rounded, working days counted from 1 and dated from `start_date`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct People {
    /// The page's language code.
    pub lang: String,
    /// The first working day (ISO), as the page shows it: the settings' start date, or the
    /// coming Monday when the user set none. It wins over the computed scenario's (a date
    /// changed since needs no new computation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
}

/// The files the page can export from the worker's calendars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportKind {
    Assignments,
    Schedule,
}

/// One stop of a route, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StopView {
    pub customer: usize,
    pub start: f64,
    pub end: f64,
    pub functions: Vec<Function>,
    pub team: bool,
    pub closed: bool,
    /// The absent colleague this visit covers for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub covers: Option<usize>,
}

/// A staff member's day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RouteView {
    pub model: usize,
    pub staff: usize,
    pub day: u32,
    /// `None` when the staff member has no route that day (nothing planned, or absent).
    pub leave: Option<f64>,
    pub back: Option<f64>,
    pub km: f64,
    pub stops: Vec<StopView>,
}

/// One visit to a customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitView {
    pub day: u32,
    pub staff: usize,
    pub start: f64,
    pub end: f64,
    pub functions: Vec<Function>,
    pub team: bool,
    pub closed: bool,
}

/// A required visit not made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MissedView {
    pub function: Function,
    pub staff: usize,
    pub from_day: u32,
    pub to_day: u32,
    /// Reason id (`capacity`, `time_window`, `conflict`, `absent`, `closed`, `not_planned`).
    pub reason: String,
}

/// A customer under one model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerView {
    pub model: usize,
    pub customer: usize,
    /// The staff member responsible for each function (`Function::ALL` order); `None` where the
    /// function does not reach the customer.
    pub responsible: [Option<usize>; 4],
    pub visits: Vec<VisitView>,
    pub missed: Vec<MissedView>,
}

/// The answer to a query (externally tagged, see `Reply`: a file's text is large).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Route(RouteView),
    Customer(CustomerView),
    /// A file to download: its name and text.
    File {
        name: String,
        text: String,
    },
    /// A binary file to download (the XLSX workbook): its name and bytes (base64 in the JSON).
    Workbook {
        name: String,
        #[serde(with = "super::base64")]
        bytes: Vec<u8>,
    },
}

/// Coverage and cost against headcount (定编), per model: the staffing view's question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffingRequest {
    pub id: u64,
    /// The scenario (its `calendar` and `replications` are ignored: plans as planned).
    pub base: Request,
    /// Headcounts to plan at (1..=MAX_HEADCOUNT each, at most MAX_STAFFING_POINTS).
    pub headcounts: Vec<usize>,
    /// Also search each model's establishment (定编) against the coverage target.
    pub search: bool,
}
