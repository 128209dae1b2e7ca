//! The result of a computation as the page shows it: per model the metrics, the territories
//! (colours, owners, outlines) and the figures the charts take from the calendar, and the
//! study's claims measured on it. Shaped here from the core's `Comparison`, so whole calendars
//! never cross the worker boundary.

use serde::{Deserialize, Serialize};

use crate::charts::colouring::{nearest_customers, territory_colours_near};
use crate::charts::map::hull;
use crate::core::calendar::Calendar;
use crate::core::claims::{self, ClaimResult, Kind, Missing, Test};
use crate::core::compare::Comparison;
use crate::core::geo::Point;
use crate::core::metrics::Metrics;
use crate::core::models::territories::TerritoryFigures;
use crate::core::models::{Assignment, ModelId, Staff};
use crate::core::scenario::Scenario;

/// One model's result, as the page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelView {
    pub model: ModelId,
    pub metrics: Metrics,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics_ci95: Option<Metrics>,
    /// Required hours per week of each staff member.
    pub staff_weekly_hours: Vec<f64>,
    /// Per customer, its territory colour (palette index; neighbours differ). The two
    /// per-customer columns cross to the page as base64 (`app::base64`), not as arrays of
    /// numbers, which took the page 54 ms per model of a province.
    #[serde(with = "super::base64")]
    pub colours: Vec<u8>,
    /// Per customer, its main staff member (index into `staff`).
    #[serde(with = "super::base64::indices")]
    pub owner: Vec<usize>,
    /// Per staff member: the outline of its territory (the convex hull of the customers it
    /// mainly serves) and its palette colour. Computed once here, not at every map redraw.
    pub outlines: Vec<Vec<Point>>,
    pub staff_colours: Vec<u8>,
    /// The model's staff: manager, post, shift, segment.
    pub staff: Vec<Staff>,
    /// Each staff member's territory: customers, required hours, sales and their deviations
    /// from the mean of the territories cut together.
    #[serde(default)]
    pub territories: Vec<TerritoryFigures>,
    /// Share of customers whose main manager is not today's (the list's 现客户经理, or the
    /// region plan a preset is generated with).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager_change_rate: Option<f64>,
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
    /// The market managers (市场经理), one per department of the plan's staff, in
    /// `metrics::market_manager_departments` order: in the calendar after the staff (row
    /// `staff.len() + k` is the k-th), each with its joint visits and field minutes per day.
    #[serde(default)]
    pub market: Vec<MarketRow>,
    /// Required cycles missed, by reason id (`capacity`, `absent`, …).
    pub missed: std::collections::BTreeMap<String, usize>,
    /// Per week: the share of the required (customer, function) cycles ending that week that
    /// were met (`None` for a week where no cycle ends).
    pub weekly_coverage: Vec<Option<f64>>,
}

/// A market manager's row of the calendar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarketRow {
    /// Index into `Scenario::departments`.
    pub department: usize,
    /// Per working day: joint visits made and field minutes (0 without a route).
    pub day_visits: Vec<u32>,
    pub day_minutes: Vec<f64>,
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
        let mut due = cal.required_by_week.clone();
        due.resize(weeks, 0);
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
        let market = crate::core::metrics::market_manager_departments(sc, a)
            .into_iter()
            .map(|d| {
                let mut row = MarketRow {
                    department: d,
                    day_visits: vec![0; days],
                    day_minutes: vec![0.0; days],
                };
                for r in cal.market_managers.iter().filter(|r| r.department == d) {
                    if let Some(x) = row.day_visits.get_mut(r.day as usize) {
                        *x = r.stops.len() as u32;
                    }
                    if let Some(x) = row.day_minutes.get_mut(r.day as usize) {
                        *x = r.field_minutes();
                    }
                }
                row
            })
            .collect();
        Lived {
            weekly_hours,
            market,
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
    /// `None` when a model the claim needs is missing, its figure cannot be computed, or the
    /// data it rests on is missing (`missing`).
    pub holds: Option<bool>,
    /// The data the scenario lacks to measure the claim (its sentence: `Missing::key`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing: Option<Missing>,
    /// A second figure shown for context: its metric name and its value per model id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub also: Option<(String, std::collections::BTreeMap<String, f64>)>,
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
            missing: c.missing,
            also: c.also.map(|a| {
                (
                    a.metric.to_string(),
                    a.figures
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect(),
                )
            }),
        }
    }
}

/// Each customer's nearest customers in `scenario` (what the map's territory colouring reads),
/// found once for every model.
pub fn nearest_of(scenario: &Scenario) -> Vec<Vec<usize>> {
    let pts: Vec<Point> = scenario.customers.iter().map(|c| c.pos).collect();
    nearest_customers(&pts)
}

impl Outcome {
    /// Shapes `cmp`, the comparison run on `scenario`, for the page; the claims are measured
    /// when the comparison has calendars (`calendar`).
    pub fn of(scenario: Scenario, cmp: &Comparison, calendar: bool) -> Outcome {
        let near = nearest_of(&scenario);
        Outcome::of_near(scenario, cmp, calendar, &near)
    }

    /// `of`, given `near`, the scenario's nearest customers (`nearest_of`): the worker finds
    /// them while its helpers run the models, and keeps them for the calendars that follow.
    pub fn of_near(
        scenario: Scenario,
        cmp: &Comparison,
        calendar: bool,
        near: &[Vec<usize>],
    ) -> Outcome {
        let pts: Vec<Point> = scenario.customers.iter().map(|c| c.pos).collect();
        // The same list under every model: its nearest customers are found once.
        let near = if near.len() == pts.len() {
            std::borrow::Cow::Borrowed(near)
        } else {
            std::borrow::Cow::Owned(nearest_customers(&pts))
        };
        let models = cmp
            .models
            .iter()
            .map(|m| {
                let owner: Vec<usize> =
                    (0..pts.len()).map(|c| m.assignment.main_staff(c)).collect();
                let staff_colour =
                    territory_colours_near(&pts, &near, &owner, m.assignment.staff.len());
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
                    territories: m.plan.territories.clone(),
                    manager_change_rate: m.plan.manager_change_rate,
                    model: m.model,
                    metrics: m.metrics.clone(),
                    metrics_ci95: m.metrics_ci95.clone(),
                    staff_weekly_hours: m.staff_weekly_hours.clone(),
                    colours: owner
                        .iter()
                        .map(|&s| staff_colour.get(s).copied().unwrap_or(0))
                        .collect(),
                    calendar_fingerprint: m.calendar_fingerprint.clone(),
                    lived: m
                        .calendar
                        .as_ref()
                        .map(|cal| Lived::of(&scenario, &m.assignment, cal)),
                }
            })
            .collect();
        let claims = if calendar {
            claims::measure(&scenario, cmp)
                .into_iter()
                .map(ClaimView::from)
                .collect()
        } else {
            Vec::new()
        };
        Outcome {
            scenario,
            models,
            replications: cmp.replications,
            claims,
        }
    }
}
