//! 定编 for the staffing view: every model planned at several headcounts (coverage and cost,
//! also per post), and optionally each model's establishment against the coverage target.

use serde::{Deserialize, Serialize};

use super::error::RequestError;
use super::limits::{MAX_HEADCOUNT, MAX_STAFFING_POINTS};
use super::scenario::ScenarioError;
use crate::core::calendar::Calendar;
use crate::core::compare::{run_model, Options, Progress};
use crate::core::models::{self, ModelId, StaffingModel};
use crate::core::scenario::Scenario;
use crate::core::staffing::{establishment, with_headcount, Establishment};
use crate::core::workload;

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
fn coverage_by_function(cal: &Calendar) -> Vec<Option<f64>> {
    let due = cal.required_by_function;
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
    /// The establishment per department and post against the scenario's coverage target
    /// (when searched).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub establishment: Option<Establishment>,
}

/// Plans `model` on `sc` with `n` staff (as planned, no disturbances).
fn plan_at(
    sc: &Scenario,
    n: usize,
    model: &dyn StaffingModel,
) -> Result<StaffingPoint, RequestError> {
    let work = workload::generalist(sc);
    let at = with_headcount(sc, &work, n);
    let work = workload::generalist(&at);
    let opt = Options {
        headcount_search: false,
        ..Options::default()
    };
    let out = run_model(&at, &work, model, &opt)?;
    let coverage_by_post = out
        .calendar
        .as_ref()
        .map(coverage_by_function)
        .unwrap_or_default();
    Ok(StaffingPoint {
        headcount: n,
        coverage: out.metrics.coverage_rate.unwrap_or(0.0),
        monthly_cost: out.metrics.monthly_cost.unwrap_or(0.0),
        coverage_by_post,
    })
}

/// Checks the headcounts a staffing request asks for: 1..=MAX_STAFFING_POINTS of them, each
/// in 1..=MAX_HEADCOUNT.
pub fn check_headcounts(headcounts: &[usize]) -> Result<(), RequestError> {
    if headcounts.is_empty() || headcounts.len() > MAX_STAFFING_POINTS {
        return Err(RequestError::StaffingPoints {
            found: headcounts.len(),
            max: MAX_STAFFING_POINTS,
        });
    }
    if let Some(&n) = headcounts
        .iter()
        .find(|n| !(1..=MAX_HEADCOUNT).contains(*n))
    {
        return Err(ScenarioError::Headcount(n).into());
    }
    Ok(())
}

/// Every model's curve on `sc` at `headcounts` (checked by `check_headcounts`), with the
/// establishment at the scenario's coverage target when `search`; `progress` after each plan.
pub fn curves(
    sc: &Scenario,
    headcounts: &[usize],
    search: bool,
    progress: &mut dyn FnMut(Progress),
) -> Result<Vec<Curve>, RequestError> {
    let all = models::all();
    let total = all.len() * (headcounts.len() + usize::from(search));
    let mut done = 0;
    let mut tick = || {
        done += 1;
        progress(Progress { done, total });
    };
    let mut curves = Vec::new();
    for m in &all {
        let mut points = Vec::new();
        for &n in headcounts {
            points.push(plan_at(sc, n, m.as_ref())?);
            tick();
        }
        let mut found = None;
        if search {
            let work = workload::generalist(sc);
            found = Some(establishment(
                sc,
                &work,
                m.as_ref(),
                &Default::default(),
                sc.settings.coverage_target,
            )?);
            tick();
        }
        curves.push(Curve {
            model: m.id(),
            points,
            establishment: found,
        });
    }
    Ok(curves)
}
