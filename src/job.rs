//! One computation the page asks for, and what comes back: the messages between the page and
//! its Web Worker. Plain data and plain Rust (no web dependency), so the protocol and the
//! result are tested natively; `web::worker` only moves these messages across the thread
//! boundary as JSON strings.

use serde::{Deserialize, Serialize};

use crate::charts::map::hull;
use crate::charts::palette::territory_colours;
use crate::core::calendar::{required_cycles, Calendar};
use crate::core::claims::{self, ClaimResult, Kind, Test};
use crate::core::compare::{compare_with_progress, run_model, Comparison, Options, Progress};
use crate::core::dates::working_dates;
use crate::core::fingerprint;
use crate::core::generate::{generate, staff_by_workload, Preset};
use crate::core::geo::Point;
use crate::core::io::{self, export, validate, ImportErrors};
use crate::core::metrics::Metrics;
use crate::core::models::{self, Assignment, ModelId, Staff, StaffingModel};
use crate::core::scenario::Scenario;
use crate::core::settings::{Function, Settings};
use crate::core::staffing::{headcount_for_full_coverage, with_headcount};
use crate::core::workload;

/// What to compute. The page sends the whole request each time: the worker keeps no state a
/// request depends on.
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
    pub base: Option<Box<Scenario>>,
}

/// One model's result, as the page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelView {
    pub model: ModelId,
    pub metrics: Metrics,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics_ci95: Option<Metrics>,
    /// Required hours per week of each staff member.
    pub staff_weekly_hours: Vec<f64>,
    /// Per customer, its territory colour (palette index; neighbours differ).
    pub colours: Vec<u8>,
    /// Per customer, its main staff member (index into `staff`).
    pub owner: Vec<usize>,
    /// Per staff member: the outline of its territory (the convex hull of the customers it
    /// mainly serves) and its palette colour. Computed once here, not at every map redraw.
    pub outlines: Vec<Vec<Point>>,
    pub staff_colours: Vec<u8>,
    /// The model's staff: manager, post, shift, segment.
    pub staff: Vec<Staff>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar_fingerprint: Option<String>,
    /// What the calendar shows (absent without one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lived: Option<Lived>,
}

/// Figures the charts take from a model's calendar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lived {
    /// Hours per week of each staff member, base to base, as lived.
    pub weekly_hours: Vec<f64>,
    /// Mean hours per staff member per week: service, travel, the rest of the working time
    /// (waiting for a shop to open, team preparation and debrief), and capacity left unused
    /// (working days not filled, absent days).
    pub service_h: f64,
    pub travel_h: f64,
    /// Market-research specialists' desk time.
    pub desk_h: f64,
    pub other_h: f64,
    pub unused_h: f64,
    /// Mean overtime hours per staff member per week (part of the lived hours above the day).
    pub overtime_h: f64,
    /// Customers visited by 0, 1, 2, 3 and 4 or more distinct staff.
    pub contacts: [usize; 5],
    /// Per staff member and working day: visits made and minutes worked (0 without a route).
    pub day_visits: Vec<Vec<u32>>,
    pub day_minutes: Vec<Vec<f64>>,
    /// Required cycles missed, by reason id (`capacity`, `absent`, …).
    pub missed: std::collections::BTreeMap<String, usize>,
    /// Per week: the share of the required (customer, function) cycles ending that week that
    /// were met (`None` for a week where no cycle ends).
    pub weekly_coverage: Vec<Option<f64>>,
}

impl Lived {
    fn of(sc: &Scenario, a: &Assignment, cal: &Calendar) -> Lived {
        let staff = a.staff.len();
        let s = &sc.settings;
        let weeks = f64::from(cal.weeks.max(1));
        let per = |minutes: f64| minutes / 60.0 / weeks / staff.max(1) as f64;
        let mut weekly_hours = vec![0.0; staff];
        let days = (cal.weeks * cal.days_per_week) as usize;
        let mut day_visits = vec![vec![0u32; days]; staff];
        let mut day_minutes = vec![vec![0.0; days]; staff];
        let (mut service, mut travel, mut desk, mut worked, mut overtime) =
            (0.0, 0.0, 0.0, 0.0, 0.0);
        for r in &cal.routes {
            let len = r.working_minutes().max(0.0);
            if let Some(h) = weekly_hours.get_mut(r.staff) {
                *h += len / 60.0 / weeks;
            }
            let d = r.day as usize;
            if let Some(x) = day_minutes.get_mut(r.staff).and_then(|row| row.get_mut(d)) {
                *x = len;
            }
            if let Some(x) = day_visits.get_mut(r.staff).and_then(|row| row.get_mut(d)) {
                *x = r.visits.len() as u32;
            }
            service += r.service_min;
            travel += r.travel_min;
            desk += r.desk_min;
            worked += len;
            overtime += (len - s.day_minutes).max(0.0);
        }
        let capacity =
            staff as f64 * f64::from(cal.weeks) * f64::from(cal.days_per_week) * s.day_minutes;
        let mut seen: Vec<std::collections::BTreeSet<usize>> =
            vec![Default::default(); sc.customers.len()];
        for v in cal.visits.iter().filter(|v| !v.closed) {
            if let Some(set) = seen.get_mut(v.customer) {
                set.insert(v.staff);
            }
        }
        // Required cycles by the week they end (cycles wholly inside the horizon, as the
        // calendar counts them), and the missed ones by the week their cycle ends.
        let weeks = cal.weeks as usize;
        let mut due = vec![0usize; weeks];
        for r in required_cycles(sc, a, cal.weeks) {
            if let Some(d) = due.get_mut(((r.cycle + 1) * r.cycle_weeks - 1) as usize) {
                *d += 1;
            }
        }
        let mut lost = vec![0usize; weeks];
        for m in &cal.missed {
            let w = (m.to_day / cal.days_per_week.max(1)) as usize;
            if let Some(x) = lost.get_mut(w) {
                *x += 1;
            }
        }
        let weekly_coverage = due
            .iter()
            .zip(&lost)
            .map(|(&d, &l)| (d > 0).then(|| 1.0 - l as f64 / d as f64))
            .collect();
        let mut contacts = [0usize; 5];
        for set in &seen {
            contacts[set.len().min(4)] += 1;
        }
        Lived {
            weekly_hours,
            service_h: per(service),
            travel_h: per(travel),
            desk_h: per(desk),
            other_h: per((worked - service - travel - desk).max(0.0)),
            unused_h: per((capacity - (worked - overtime)).max(0.0)),
            overtime_h: per(overtime),
            contacts,
            day_visits,
            day_minutes,
            missed: cal.missed.iter().fold(Default::default(), |mut m, x| {
                *m.entry(x.reason.id().to_string()).or_default() += 1;
                m
            }),
            weekly_coverage,
        }
    }
}

/// The result of a request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub scenario: Scenario,
    pub models: Vec<ModelView>,
    pub replications: u32,
    /// The study's claims measured on this result (with calendars only; empty otherwise).
    #[serde(default)]
    pub claims: Vec<ClaimView>,
}

/// One claim of the study measured on the page's scenario (`claims::ClaimResult` with owned
/// names, so it crosses the worker boundary).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimView {
    /// The claim's id; its texts are `claim.<id>` and `claim.<id>.how`.
    pub id: String,
    pub kind: Kind,
    pub subject: ModelId,
    /// The figure's name (a contract metric, or `book_spread_km`).
    pub metric: String,
    #[serde(flatten)]
    pub test: Test,
    /// The figure for each model, by model id.
    pub figures: std::collections::BTreeMap<String, f64>,
    /// `None` when a model the claim needs is missing or its figure cannot be computed.
    pub holds: Option<bool>,
}

impl From<ClaimResult> for ClaimView {
    fn from(c: ClaimResult) -> Self {
        ClaimView {
            id: c.id.to_string(),
            kind: c.kind,
            subject: c.subject,
            metric: c.metric.to_string(),
            test: c.test,
            figures: c
                .figures
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            holds: c.holds,
        }
    }
}

/// A message from the worker to the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
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
    },
    Failed {
        id: u64,
        message: String,
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
}

/// The fewest customers a sized-down preset keeps (a county needs a few per manager).
pub const MIN_CUSTOMERS: usize = 50;

/// The most staff the page may ask for (four times the city preset's).
pub const MAX_HEADCOUNT: usize = 1500;

/// The most replications the page asks for (the CLI allows 1000; a page must stay usable).
pub const MAX_REPLICATIONS: u32 = 100;

/// Runs `req`, calling `progress` after each step; every failure is a `Failed` reply, never
/// a panic.
pub fn run(req: &Request, progress: &mut dyn FnMut(Progress)) -> Reply {
    Session::default().compute(req, progress)
}

/// A message to the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
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

/// Builds a scenario from the lists (`core::io::import_scenario`): every problem found is in
/// `ImportFailed`, row by row; nothing is half-imported.
pub fn import(req: &ImportRequest) -> Reply {
    let mut base = Scenario::empty(req.seed);
    base.source = "imported".to_string();
    match io::import_scenario(
        base,
        &io::DeriveRules::default(),
        Some(&req.customers),
        req.managers.as_deref(),
    ) {
        Ok(scenario) => Reply::Imported {
            id: req.id,
            scenario: Box::new(scenario),
        },
        Err(errors) => Reply::ImportFailed { id: req.id, errors },
    }
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
    /// A model's assignments or calendar as a CSV file (the same bytes as the CLI's `plan`).
    Export { model: usize, file: ExportKind },
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
    /// The staff member responsible for each function (`Function::ALL` order).
    pub responsible: [usize; 4],
    pub visits: Vec<VisitView>,
    pub missed: Vec<MissedView>,
}

/// The answer to a query.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Answer {
    Route(RouteView),
    Customer(CustomerView),
    /// A file to download: its name and text.
    File {
        name: String,
        text: String,
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
    /// Also search each model's least headcount for full coverage.
    pub search: bool,
}

/// One model's plan at one headcount.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffingPoint {
    pub headcount: usize,
    pub coverage: f64,
    pub monthly_cost: f64,
    /// Coverage of each post's function (`Function::ALL` order: service, brand, training,
    /// research); `None` for a function with no required cycle.
    pub coverage_by_post: Vec<Option<f64>>,
}

/// Required visits done / required, per function (`Function::ALL` order).
fn coverage_by_function(sc: &Scenario, a: &Assignment, cal: &Calendar) -> Vec<Option<f64>> {
    let mut due = [0usize; 4];
    for r in required_cycles(sc, a, cal.weeks) {
        due[r.function.index()] += 1;
    }
    let mut lost = [0usize; 4];
    for m in &cal.missed {
        lost[m.function.index()] += 1;
    }
    due.iter()
        .zip(lost)
        .map(|(&d, l)| (d > 0).then(|| 1.0 - l as f64 / d as f64))
        .collect()
}

/// One model's coverage and cost against headcount.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Curve {
    pub model: ModelId,
    pub points: Vec<StaffingPoint>,
    /// The least headcount that meets every rigid cycle, with its cost (when searched and
    /// found).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_coverage: Option<StaffingPoint>,
    /// The largest headcount the search tried (when searched).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search_limit: Option<usize>,
}

/// The most headcounts one staffing request may plan at.
pub const MAX_STAFFING_POINTS: usize = 20;

/// Plans `model` on `sc` with `n` staff (as planned, no disturbances).
fn plan_at(sc: &Scenario, n: usize, model: &dyn StaffingModel) -> Result<StaffingPoint, String> {
    let work = workload::generalist(sc);
    let at = with_headcount(sc, &work, n);
    let work = workload::generalist(&at);
    let opt = Options {
        headcount_search: false,
        ..Options::default()
    };
    let out = run_model(&at, &work, model, &opt).map_err(|e| e.to_string())?;
    let coverage_by_post = out
        .calendar
        .as_ref()
        .map(|cal| coverage_by_function(&at, &out.assignment, cal))
        .unwrap_or_default();
    Ok(StaffingPoint {
        headcount: n,
        coverage: out.metrics.coverage_rate.unwrap_or(0.0),
        monthly_cost: out.metrics.monthly_cost.unwrap_or(0.0),
        coverage_by_post,
    })
}

fn staffing(
    req: &StaffingRequest,
    progress: &mut dyn FnMut(Progress),
) -> Result<Vec<Curve>, String> {
    if req.headcounts.is_empty() || req.headcounts.len() > MAX_STAFFING_POINTS {
        return Err(format!(
            "headcounts: {} points, expected 1..={MAX_STAFFING_POINTS}",
            req.headcounts.len()
        ));
    }
    if let Some(n) = req
        .headcounts
        .iter()
        .find(|n| !(1..=MAX_HEADCOUNT).contains(*n))
    {
        return Err(format!("headcount: {n} is outside 1..={MAX_HEADCOUNT}"));
    }
    let sc = scenario_of(&req.base)?;
    let all = models::all();
    let total = all.len() * (req.headcounts.len() + usize::from(req.search));
    let mut done = 0;
    let mut tick = || {
        done += 1;
        progress(Progress { done, total });
    };
    let mut curves = Vec::new();
    for m in &all {
        let mut points = Vec::new();
        for &n in &req.headcounts {
            points.push(plan_at(&sc, n, m.as_ref())?);
            tick();
        }
        let (mut full_coverage, mut search_limit) = (None, None);
        if req.search {
            let work = workload::generalist(&sc);
            let found = headcount_for_full_coverage(&sc, &work, m.as_ref(), &Default::default());
            search_limit = Some(found.limit);
            if let Some(n) = found.full_coverage {
                full_coverage = Some(plan_at(&sc, n, m.as_ref())?);
            }
            tick();
        }
        curves.push(Curve {
            model: m.id(),
            points,
            full_coverage,
            search_limit,
        });
    }
    Ok(curves)
}

/// The worker's memory: the last computation with calendars, for the queries.
#[derive(Default)]
pub struct Session {
    last: Option<(Scenario, Comparison)>,
}

impl Session {
    /// Runs `req` (see `run`) and keeps its calendars for later queries.
    pub fn compute(&mut self, req: &Request, progress: &mut dyn FnMut(Progress)) -> Reply {
        match outcome(req, progress) {
            Ok((outcome, cmp)) => {
                if req.calendar {
                    self.last = Some((outcome.scenario.clone(), cmp));
                }
                Reply::Done {
                    id: req.id,
                    outcome: Box::new(outcome),
                }
            }
            Err(message) => Reply::Failed {
                id: req.id,
                message,
            },
        }
    }

    /// Coverage and cost against headcount for every model (the staffing view).
    pub fn staffing(&self, req: &StaffingRequest, progress: &mut dyn FnMut(Progress)) -> Reply {
        match staffing(req, progress) {
            Ok(curves) => Reply::Staffing { id: req.id, curves },
            Err(message) => Reply::Failed {
                id: req.id,
                message,
            },
        }
    }

    /// Answers `query` from the last computation with calendars.
    pub fn query(&self, id: u64, query: &Query) -> Reply {
        match self.answer(query) {
            Ok(answer) => Reply::Answer {
                id,
                answer: Box::new(answer),
            },
            Err(message) => Reply::Failed { id, message },
        }
    }

    fn answer(&self, query: &Query) -> Result<Answer, String> {
        let (sc, cmp) = self
            .last
            .as_ref()
            .map(|(s, c)| (s, c))
            .ok_or("no calendar computed yet")?;
        let (model, cal, a) = {
            let m = match query {
                Query::Route { model, .. }
                | Query::Customer { model, .. }
                | Query::Export { model, .. } => *model,
            };
            let out = cmp.models.get(m).ok_or(format!("no model {m}"))?;
            let cal = out.calendar.as_ref().ok_or("no calendar for this model")?;
            (m, cal, &out.assignment)
        };
        Ok(match *query {
            Query::Route { staff, day, .. } => {
                if staff >= a.staff.len() {
                    return Err(format!("no staff member {staff}"));
                }
                let route = cal.routes.iter().find(|r| r.staff == staff && r.day == day);
                Answer::Route(RouteView {
                    model,
                    staff,
                    day,
                    leave: route.map(|r| r.leave),
                    back: route.map(|r| r.back),
                    km: route.map_or(0.0, |r| r.km),
                    stops: route
                        .map(|r| {
                            r.visits
                                .iter()
                                .filter_map(|&i| cal.visits.get(i))
                                .map(|v| StopView {
                                    customer: v.customer,
                                    start: v.start,
                                    end: v.end,
                                    functions: v.functions.clone(),
                                    team: v.team.is_some(),
                                    closed: v.closed,
                                    covers: v.covers,
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                })
            }
            Query::Export { file, .. } => {
                let id = cmp.models.get(model).map_or("model", |m| m.model.id());
                match file {
                    ExportKind::Assignments => Answer::File {
                        name: format!("assignments-{id}.csv"),
                        text: export::assignments_csv(sc, a),
                    },
                    ExportKind::Schedule => Answer::File {
                        name: format!("schedule-{id}.csv"),
                        text: export::schedule_csv(sc, a, cal, &dates(sc, cal)),
                    },
                }
            }
            Query::Customer { customer, .. } => {
                let responsible = *a
                    .responsible
                    .get(customer)
                    .ok_or(format!("no customer {customer}"))?;
                Answer::Customer(CustomerView {
                    model,
                    customer,
                    responsible,
                    visits: cal
                        .visits
                        .iter()
                        .filter(|v| v.customer == customer)
                        .map(|v| VisitView {
                            day: v.day,
                            staff: v.staff,
                            start: v.start,
                            end: v.end,
                            functions: v.functions.clone(),
                            team: v.team.is_some(),
                            closed: v.closed,
                        })
                        .collect(),
                    missed: cal
                        .missed
                        .iter()
                        .filter(|m| m.customer == customer)
                        .map(|m| MissedView {
                            function: m.function,
                            staff: m.staff,
                            from_day: m.from_day,
                            to_day: m.to_day,
                            reason: m.reason.id().to_string(),
                        })
                        .collect(),
                })
            }
        })
    }
}

/// Each working day's date when the settings give a start date (empty labels otherwise), as
/// the CLI's `plan` writes them.
fn dates(sc: &Scenario, cal: &Calendar) -> Vec<String> {
    sc.settings
        .start_date
        .as_deref()
        .and_then(|start| working_dates(start, cal.weeks * cal.days_per_week, cal.days_per_week))
        .unwrap_or_default()
}

/// The scenario a request describes: the preset, the page's settings and staff, checked.
fn scenario_of(req: &Request) -> Result<Scenario, String> {
    let preset = Preset::parse(&req.preset).map_err(|e| e.to_string())?;
    if !(1..=52).contains(&req.weeks) {
        return Err(format!("weeks: {} is outside 1..=52", req.weeks));
    }
    if !(1..=MAX_REPLICATIONS).contains(&req.replications) {
        return Err(format!(
            "replications: {} is outside 1..={MAX_REPLICATIONS}",
            req.replications
        ));
    }
    let mut scenario = match &req.base {
        Some(base) => {
            let mut sc = (**base).clone();
            if sc.managers.is_empty() {
                staff_by_workload(&mut sc, req.seed);
            }
            sc
        }
        None => generate(preset, req.seed).map_err(|e| e.to_string())?,
    };
    if let Some(n) = req.customers {
        let all = scenario.customers.len();
        if !(MIN_CUSTOMERS..=all).contains(&n) {
            return Err(format!("customers: {n} is outside {MIN_CUSTOMERS}..={all}"));
        }
        if n < all {
            let keep: Vec<usize> = (0..n).map(|k| k * all / n).collect();
            scenario.customers = keep
                .iter()
                .map(|&i| scenario.customers[i].clone())
                .collect();
            staff_by_workload(&mut scenario, req.seed);
        }
    }
    if let Some(settings) = &req.settings {
        scenario.settings = (**settings).clone();
    }
    scenario.settings.weeks = req.weeks;
    // Settings from the page are checked like an imported file's before anything runs.
    let problems = validate::problems(&scenario);
    if !problems.is_empty() {
        return Err(problems.join("; "));
    }
    if let Some(n) = req.headcount {
        if !(1..=MAX_HEADCOUNT).contains(&n) {
            return Err(format!("headcount: {n} is outside 1..={MAX_HEADCOUNT}"));
        }
        let work = workload::generalist(&scenario);
        scenario = with_headcount(&scenario, &work, n);
    }
    Ok(scenario)
}

fn outcome(
    req: &Request,
    progress: &mut dyn FnMut(Progress),
) -> Result<(Outcome, Comparison), String> {
    let scenario = scenario_of(req)?;
    let opt = Options {
        calendar: req.calendar,
        headcount_search: false,
        replications: req.replications,
        ..Options::default()
    };
    let cmp = compare_with_progress(&scenario, &opt, progress).map_err(|e| e.to_string())?;
    let pts: Vec<Point> = scenario.customers.iter().map(|c| c.pos).collect();
    let models = cmp
        .models
        .iter()
        .map(|m| {
            let owner: Vec<usize> = (0..pts.len()).map(|c| m.assignment.main_staff(c)).collect();
            let staff_colour = territory_colours(&pts, &owner, m.assignment.staff.len());
            let mut territory: Vec<Vec<Point>> = vec![Vec::new(); m.assignment.staff.len()];
            for (&o, p) in owner.iter().zip(&pts) {
                if let Some(t) = territory.get_mut(o) {
                    t.push(*p);
                }
            }
            ModelView {
                outlines: territory.iter().map(|t| hull(t)).collect(),
                staff_colours: staff_colour.clone(),
                owner: owner.clone(),
                staff: m.assignment.staff.clone(),
                model: m.model,
                metrics: m.metrics.clone(),
                metrics_ci95: m.metrics_ci95.clone(),
                staff_weekly_hours: m.staff_weekly_hours.clone(),
                colours: owner
                    .iter()
                    .map(|&s| staff_colour.get(s).copied().unwrap_or(0))
                    .collect(),
                calendar_fingerprint: m.calendar.as_ref().and_then(fingerprint::of),
                lived: m
                    .calendar
                    .as_ref()
                    .map(|cal| Lived::of(&scenario, &m.assignment, cal)),
            }
        })
        .collect();
    let claims = if req.calendar {
        claims::measure(&scenario, &cmp)
            .into_iter()
            .map(ClaimView::from)
            .collect()
    } else {
        Vec::new()
    };
    let outcome = Outcome {
        scenario,
        models,
        replications: cmp.replications,
        claims,
    };
    Ok((outcome, cmp))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(preset: &str) -> Request {
        Request {
            id: 7,
            preset: preset.into(),
            seed: 42,
            weeks: 4,
            calendar: false,
            replications: 1,
            settings: None,
            headcount: None,
            customers: None,
            base: None,
        }
    }

    #[test]
    fn a_reply_survives_the_json_round_trip_between_threads() {
        let mut steps = Vec::new();
        let reply = run(&req("rural"), &mut |p| steps.push(p));
        assert_eq!(steps.len(), 5);
        let Reply::Done { id, outcome } = &reply else {
            panic!("not done: {reply:?}");
        };
        assert_eq!(*id, 7);
        assert_eq!(outcome.models.len(), 5);
        for m in &outcome.models {
            assert_eq!(m.colours.len(), outcome.scenario.customers.len());
            assert_eq!(m.outlines.len(), m.staff.len());
            assert_eq!(m.staff_colours.len(), m.staff.len());
            // A staff member with three or more customers has a polygon around them.
            for (s, o) in m.outlines.iter().enumerate() {
                let owned = m.owner.iter().filter(|&&x| x == s).count();
                assert!(o.len() <= owned && (owned < 3 || o.len() >= 2), "staff {s}");
            }
            assert!(m.metrics.coverage_rate.is_none(), "no calendar asked for");
        }
        let text = serde_json::to_string(&reply).expect("json");
        let back: Reply = serde_json::from_str(&text).expect("parse");
        assert_eq!(back, reply);
    }

    #[test]
    fn lived_time_adds_up_to_capacity_and_contacts_to_customers() {
        let r = Request {
            calendar: true,
            weeks: 2,
            ..req("rural")
        };
        let Reply::Done { outcome, .. } = run(&r, &mut |_| {}) else {
            panic!("not done");
        };
        let s = &outcome.scenario.settings;
        let week_h = s.day_minutes * f64::from(s.days_per_week) / 60.0;
        for m in &outcome.models {
            let l = m.lived.as_ref().expect("calendar asked for");
            // service + travel + other is the lived time; minus overtime plus unused is the
            // working week.
            let sum = l.service_h + l.travel_h + l.desk_h + l.other_h - l.overtime_h + l.unused_h;
            assert!(
                (sum - week_h).abs() < 1e-6,
                "{:?}: {sum} vs {week_h}",
                m.model
            );
            let mean = l.weekly_hours.iter().sum::<f64>() / l.weekly_hours.len() as f64;
            assert!((mean - (l.service_h + l.travel_h + l.desk_h + l.other_h)).abs() < 1e-6);
            assert_eq!(
                l.contacts.iter().sum::<usize>(),
                outcome.scenario.customers.len()
            );
            // Weekly coverage: each week's share in 0..1, and over the weeks (weighted by the
            // cycles ending in them) the overall coverage.
            assert_eq!(l.weekly_coverage.len(), 2);
            assert!(l
                .weekly_coverage
                .iter()
                .flatten()
                .all(|x| (0.0..=1.0).contains(x)));
            let missed: usize = l.missed.values().sum();
            let cov = m.metrics.coverage_rate.expect("coverage");
            assert_eq!(missed == 0, (cov - 1.0).abs() < 1e-12);
            let contacts = m.metrics.contacts_per_customer.expect("metric");
            let from_hist = l
                .contacts
                .iter()
                .enumerate()
                .map(|(k, n)| k * n)
                .sum::<usize>() as f64
                / outcome.scenario.customers.len() as f64;
            // Equal unless someone is visited by five or more staff (counted as 4).
            assert!(from_hist <= contacts + 1e-12);
        }
    }

    #[test]
    fn queries_answer_from_the_last_calendars() {
        let mut session = Session::default();
        assert!(matches!(
            session.query(
                1,
                &Query::Customer {
                    model: 0,
                    customer: 0
                }
            ),
            Reply::Failed { .. }
        ));
        let r = Request {
            calendar: true,
            weeks: 2,
            ..req("rural")
        };
        let Reply::Done { outcome, .. } = session.compute(&r, &mut |_| {}) else {
            panic!("not done");
        };
        let lived = outcome.models[0].lived.as_ref().expect("lived");
        // The busiest day of staff 0 answers with its stops, in time order, as many as the
        // calendar grid says.
        let (day, n) = lived.day_visits[0]
            .iter()
            .enumerate()
            .max_by_key(|x| x.1)
            .map(|(d, n)| (d as u32, *n))
            .expect("days");
        let Reply::Answer { id, answer } = session.query(
            9,
            &Query::Route {
                model: 0,
                staff: 0,
                day,
            },
        ) else {
            panic!("no answer");
        };
        assert_eq!(id, 9);
        let Answer::Route(route) = *answer else {
            panic!("not a route");
        };
        assert_eq!(route.stops.len(), n as usize);
        assert!(route.stops.windows(2).all(|w| w[0].end <= w[1].start));
        // A customer on that route lists that visit, by that staff member.
        let c = route.stops[0].customer;
        let Reply::Answer { answer, .. } = session.query(
            10,
            &Query::Customer {
                model: 0,
                customer: c,
            },
        ) else {
            panic!("no answer");
        };
        let Answer::Customer(cv) = *answer else {
            panic!("not a customer");
        };
        assert!(cv.visits.iter().any(|v| v.day == day && v.staff == 0));
        assert!(cv.responsible.contains(&0));
        // Out of range: a failure with the query's id, not a panic.
        for q in [
            Query::Customer {
                model: 0,
                customer: usize::MAX,
            },
            Query::Route {
                model: 7,
                staff: 0,
                day: 0,
            },
        ] {
            assert!(matches!(
                session.query(11, &q),
                Reply::Failed { id: 11, .. }
            ));
        }
        let text = serde_json::to_string(&ToWorker::Query {
            id: 3,
            query: Query::Route {
                model: 1,
                staff: 2,
                day: 3,
            },
        })
        .expect("json");
        assert!(serde_json::from_str::<ToWorker>(&text).is_ok(), "{text}");
    }

    #[test]
    fn staffing_curves_rise_with_headcount_and_mark_full_coverage() {
        let r = StaffingRequest {
            id: 5,
            base: Request {
                weeks: 2,
                ..req("rural")
            },
            headcounts: vec![5, 11, 20],
            search: true,
        };
        let mut steps = 0;
        let Reply::Staffing { id, curves } = Session::default().staffing(&r, &mut |_| steps += 1)
        else {
            panic!("no curves");
        };
        assert_eq!((id, steps), (5, 5 * 4));
        assert_eq!(curves.len(), 5);
        let region = &curves[0];
        let cov: Vec<f64> = region.points.iter().map(|p| p.coverage).collect();
        assert!(cov[0] < cov[1] && cov[1] <= cov[2] + 1e-12, "{cov:?}");
        let cost: Vec<f64> = region.points.iter().map(|p| p.monthly_cost).collect();
        assert!(cost[0] < cost[1] && cost[1] < cost[2], "{cost:?}");
        let full = region
            .full_coverage
            .as_ref()
            .expect("region reaches full coverage");
        assert!((full.coverage - 1.0).abs() < 1e-12);
        // Per post: every function is covered fully at full coverage, and the posts' coverage
        // weighted by their required visits is the overall coverage.
        assert!(full
            .coverage_by_post
            .iter()
            .flatten()
            .all(|x| (x - 1.0).abs() < 1e-12));
        for c in &curves {
            for p in &c.points {
                assert_eq!(p.coverage_by_post.len(), 4);
                let lo = p
                    .coverage_by_post
                    .iter()
                    .flatten()
                    .fold(1.0f64, |a, &b| a.min(b));
                assert!(
                    lo <= p.coverage + 1e-12,
                    "{:?}: {lo} > {}",
                    c.model,
                    p.coverage
                );
            }
        }
        let bad = StaffingRequest {
            headcounts: vec![0],
            ..r
        };
        assert!(matches!(
            Session::default().staffing(&bad, &mut |_| {}),
            Reply::Failed { id: 5, .. }
        ));
    }

    #[test]
    fn an_opened_scenario_replaces_the_preset_and_one_without_staff_is_staffed() {
        let mut base = generate(Preset::Rural, 7).expect("rural");
        base.customers.truncate(300);
        let staffed = base.managers.len();
        let r = Request {
            base: Some(Box::new(base.clone())),
            ..req("county")
        };
        let Reply::Done { outcome, .. } = run(&r, &mut |_| {}) else {
            panic!("not done");
        };
        assert_eq!(outcome.scenario.customers, base.customers);
        assert_eq!(outcome.scenario.managers.len(), staffed);
        // The request survives the JSON boundary with its scenario.
        let text = serde_json::to_string(&ToWorker::Compute(r)).expect("json");
        assert!(matches!(
            serde_json::from_str::<ToWorker>(&text),
            Ok(ToWorker::Compute(Request { base: Some(_), .. }))
        ));
        base.managers.clear();
        let Reply::Done { outcome, .. } = run(
            &Request {
                base: Some(Box::new(base)),
                ..req("county")
            },
            &mut |_| {},
        ) else {
            panic!("not done");
        };
        let n = outcome.scenario.managers.len();
        assert!((1..staffed * 3).contains(&n), "{n} staff for 300 customers");
    }

    #[test]
    fn exports_are_the_calendars_files() {
        let mut session = Session::default();
        let r = Request {
            calendar: true,
            weeks: 2,
            ..req("rural")
        };
        let Reply::Done { outcome, .. } = session.compute(&r, &mut |_| {}) else {
            panic!("not done");
        };
        let file = |session: &Session, kind| match session.query(
            3,
            &Query::Export {
                model: 1,
                file: kind,
            },
        ) {
            Reply::Answer { id: 3, answer } => match *answer {
                Answer::File { name, text } => (name, text),
                other => panic!("not a file: {other:?}"),
            },
            other => panic!("no answer: {other:?}"),
        };
        let (name, text) = file(&session, ExportKind::Assignments);
        assert_eq!(
            name,
            format!("assignments-{}.csv", outcome.models[1].model.id())
        );
        // A header, then one row per customer.
        assert_eq!(text.lines().count(), outcome.scenario.customers.len() + 1);
        let (name, text) = file(&session, ExportKind::Schedule);
        assert!(name.starts_with("schedule-"));
        let visits: u32 = outcome.models[1]
            .lived
            .as_ref()
            .expect("lived")
            .day_visits
            .iter()
            .flatten()
            .sum();
        assert_eq!(text.lines().count(), visits as usize + 1);
        // Without a start date the date column is empty; with one it labels working days.
        assert!(text
            .lines()
            .nth(1)
            .is_some_and(|l| l.split(',').nth(1) == Some("")));
        let mut settings = outcome.scenario.settings.clone();
        settings.start_date = Some("2026-03-02".into());
        session.compute(
            &Request {
                settings: Some(Box::new(settings)),
                ..r.clone()
            },
            &mut |_| {},
        );
        let (_, text) = file(&session, ExportKind::Schedule);
        let first = text.lines().nth(1).expect("a visit");
        assert!(first.starts_with("0,2026-03-02,"), "{first}");
        assert!(matches!(
            session.query(
                4,
                &Query::Export {
                    model: 9,
                    file: ExportKind::Schedule
                }
            ),
            Reply::Failed { id: 4, .. }
        ));
    }

    #[test]
    fn imports_build_a_scenario_or_list_every_bad_row() {
        let csv = "客户编码,客户名称,经度,纬度,业态,月销量,档位\n\
                   C1,甲店,117.01,36.65,食杂店,6.5,7\n\
                   C2,乙店,117.02,36.66,便利店,18.2,13\n\
                   C3,丙店,abc,36.67,超市,30,20\n\
                   C4,丁店,117.04,36.68,超市,-3,20\n";
        let req = ImportRequest {
            id: 5,
            seed: 3,
            customers: csv.as_bytes().to_vec(),
            managers: None,
        };
        // Through the JSON boundary, as the page sends it.
        let text = serde_json::to_string(&ToWorker::Import(req)).expect("json");
        let Ok(ToWorker::Import(req)) = serde_json::from_str::<ToWorker>(&text) else {
            panic!("not an import");
        };
        let reply = import(&req);
        let back: Reply =
            serde_json::from_str(&serde_json::to_string(&reply).expect("json")).expect("parse");
        assert_eq!(back, reply);
        let Reply::ImportFailed { id: 5, errors } = reply else {
            panic!("bad rows accepted: {reply:?}");
        };
        let rows: Vec<Option<usize>> = errors.errors.iter().map(|e| e.row).collect();
        assert_eq!(rows, vec![Some(4), Some(5)], "{errors}");
        let good: String = csv
            .lines()
            .take(3)
            .map(|l| format!("{}\n", l.trim()))
            .collect();
        let Reply::Imported { id: 6, scenario } = import(&ImportRequest {
            id: 6,
            customers: good.into_bytes(),
            ..req
        }) else {
            panic!("good rows refused");
        };
        assert_eq!(scenario.customers.len(), 2);
        assert_eq!(scenario.source, "imported");
    }

    #[test]
    fn claims_come_with_the_calendars_only() {
        let Reply::Done { outcome, .. } = run(&req("rural"), &mut |_| {}) else {
            panic!("not done");
        };
        assert!(outcome.claims.is_empty());
        let r = Request {
            calendar: true,
            weeks: 2,
            ..req("rural")
        };
        let Reply::Done { outcome, .. } = run(&r, &mut |_| {}) else {
            panic!("not done");
        };
        assert_eq!(outcome.claims.len(), claims::definitions().len());
        for c in &outcome.claims {
            assert!(c.holds.is_some(), "{}", c.id);
            assert_eq!(c.figures.len(), 5, "{}", c.id);
        }
        let back: Outcome =
            serde_json::from_str(&serde_json::to_string(&*outcome).expect("json")).expect("parse");
        assert_eq!(back.claims, outcome.claims);
    }

    #[test]
    fn a_sized_down_preset_keeps_its_clusters_and_is_staffed_to_fit() {
        let full = run(&req("county"), &mut |_| {});
        let small = run(
            &Request {
                customers: Some(600),
                ..req("county")
            },
            &mut |_| {},
        );
        let (Reply::Done { outcome: f, .. }, Reply::Done { outcome: s, .. }) = (full, small) else {
            panic!("not done");
        };
        assert_eq!(s.scenario.customers.len(), 600);
        // Staffed by the workload method: about a fifth of the county's staff.
        let (nf, ns) = (f.scenario.managers.len(), s.scenario.managers.len());
        assert!(ns * 3 < nf && ns * 8 > nf, "{ns} of {nf}");
        // Every zone keeps customers in roughly its share.
        for z in ["urban", "town", "rural"] {
            let share = |o: &Outcome| {
                o.scenario
                    .customers
                    .iter()
                    .filter(|c| format!("{:?}", c.zone).eq_ignore_ascii_case(z))
                    .count() as f64
                    / o.scenario.customers.len() as f64
            };
            assert!((share(&f) - share(&s)).abs() < 0.05, "{z}");
        }
        let too_many = run(
            &Request {
                customers: Some(10_000),
                ..req("county")
            },
            &mut |_| {},
        );
        assert!(matches!(too_many, Reply::Failed { .. }));
    }

    #[test]
    fn bad_requests_fail_with_a_message_and_the_id() {
        for (r, needle) in [
            (req("atlantis"), "atlantis"),
            (
                Request {
                    weeks: 0,
                    ..req("rural")
                },
                "weeks",
            ),
            (
                Request {
                    replications: 1000,
                    ..req("rural")
                },
                "replications",
            ),
        ] {
            match run(&r, &mut |_| {}) {
                Reply::Failed { id, message } => {
                    assert_eq!(id, 7);
                    assert!(message.contains(needle), "{message}");
                }
                other => panic!("expected a failure, got {other:?}"),
            }
        }
    }
}
