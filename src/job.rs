//! One computation the page asks for, and what comes back: the messages between the page and
//! its Web Worker. Plain data and plain Rust (no web dependency), so the protocol and the
//! result are tested natively; `web::worker` only moves these messages across the thread
//! boundary as JSON strings.

use serde::{Deserialize, Serialize};

use crate::charts::palette::territory_colours;
use crate::core::calendar::Calendar;
use crate::core::compare::{compare_with_progress, Options, Progress};
use crate::core::fingerprint;
use crate::core::generate::{generate, Preset};
use crate::core::geo::Point;
use crate::core::io::validate;
use crate::core::metrics::Metrics;
use crate::core::models::ModelId;
use crate::core::scenario::Scenario;
use crate::core::settings::Settings;
use crate::core::staffing::with_headcount;
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
}

impl Lived {
    fn of(sc: &Scenario, staff: usize, cal: &Calendar) -> Lived {
        let s = &sc.settings;
        let weeks = f64::from(cal.weeks.max(1));
        let per = |minutes: f64| minutes / 60.0 / weeks / staff.max(1) as f64;
        let mut weekly_hours = vec![0.0; staff];
        let (mut service, mut travel, mut desk, mut worked, mut overtime) =
            (0.0, 0.0, 0.0, 0.0, 0.0);
        for r in &cal.routes {
            let len = r.working_minutes().max(0.0);
            if let Some(h) = weekly_hours.get_mut(r.staff) {
                *h += len / 60.0 / weeks;
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
        }
    }
}

/// The result of a request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub scenario: Scenario,
    pub models: Vec<ModelView>,
    pub replications: u32,
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
}

/// The most staff the page may ask for (four times the city preset's).
pub const MAX_HEADCOUNT: usize = 1500;

/// The most replications the page asks for (the CLI allows 1000; a page must stay usable).
pub const MAX_REPLICATIONS: u32 = 100;

/// Runs `req`, calling `progress` after each step; every failure is a `Failed` reply, never
/// a panic.
pub fn run(req: &Request, progress: &mut dyn FnMut(Progress)) -> Reply {
    match outcome(req, progress) {
        Ok(outcome) => Reply::Done {
            id: req.id,
            outcome: Box::new(outcome),
        },
        Err(message) => Reply::Failed {
            id: req.id,
            message,
        },
    }
}

fn outcome(req: &Request, progress: &mut dyn FnMut(Progress)) -> Result<Outcome, String> {
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
    let mut scenario = generate(preset, req.seed).map_err(|e| e.to_string())?;
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
            ModelView {
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
                    .map(|cal| Lived::of(&scenario, m.assignment.staff.len(), cal)),
            }
        })
        .collect();
    Ok(Outcome {
        scenario,
        models,
        replications: cmp.replications,
    })
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
