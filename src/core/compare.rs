//! Runs one scenario through every staffing model: the comparison the app and the CLI show.

use serde::{Deserialize, Serialize};

use super::calendar::{self, Calendar, CalendarParams};
use super::error::CoreError;
use super::fingerprint;
use super::geo::Point;
use super::metrics::{self, Metrics};
use super::models::common::centres;
use super::models::territories::{figures, TerritoryFigures};
use super::models::{self, Assignment, ModelId};
use super::pilot::baseline::today;
use super::pilot::PilotError;
use super::scenario::Scenario;
use super::staffing::{establishment, Establishment};
use super::workload::{self, Work};

/// How a plan looks before any visit is made: balance and compactness of the books, and the
/// cost of the reform to relationships.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanSummary {
    /// Coefficient of variation of required weekly hours across staff.
    pub balance_cv: f64,
    /// Busiest staff member's required hours / the mean.
    pub balance_max_over_mean: f64,
    /// Mean distance (km) from a customer to the weighted centre of its main staff member's book.
    pub compactness_km: f64,
    /// Share of customers whose main manager differs from today's: the list's 现客户经理, or
    /// for a list that names none (a preset) the region model as generated (the pilot's
    /// baseline).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manager_change_rate: Option<f64>,
    /// Staff whose book needs more than a working week (the checker's report).
    pub over_capacity_staff: usize,
    /// Locked customers (`Customer::locked_to`) the plan keeps with their manager, and those
    /// it cannot (the manager has no place in this model's plan); absent without locks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locks_kept: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locks_unkept: Option<usize>,
    /// The balance band the territories were cut to (`Settings::territory_tolerance`).
    pub territory_tolerance: f64,
    /// Territories with a balanced measure (`territory_measures`) outside the band (locks,
    /// or customers too few or too uneven to cut finer, leave some there).
    pub territories_outside: usize,
    /// Each staff member's territory: its customers, required hours and sales, and the
    /// deviation of each from the mean of the territories cut together.
    pub territories: Vec<TerritoryFigures>,
}

/// One model's result on the scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelOutcome {
    pub model: ModelId,
    pub assignment: Assignment,
    /// Required hours per week of each staff member (same order as `assignment.staff`).
    pub staff_weekly_hours: Vec<f64>,
    pub plan: PlanSummary,
    pub metrics: Metrics,
    /// With replications: the half-width of each metric's 95 % confidence interval.
    pub metrics_ci95: Option<Metrics>,
    /// What the plan becomes over the horizon: every visit, route and missed visit (when the
    /// options asked for it).
    pub calendar: Option<Calendar>,
    /// The calendar's fingerprint (`fingerprint::of`), taken where the calendar is built: the
    /// models are lived in parallel (threads natively, helper workers in the page), while
    /// what gathers them runs alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar_fingerprint: Option<String>,
    /// The establishment per department and post against the coverage target (when the
    /// options asked for the search).
    pub staffing: Option<Establishment>,
}

/// What a comparison computes beyond the assignment.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Build each model's calendar and its metrics.
    pub calendar: bool,
    /// Search each model's least headcount for full coverage (several calendars per model).
    pub headcount_search: bool,
    pub calendar_params: CalendarParams,
    /// Replications under disturbances (N > 1): each metric becomes the mean over N calendars
    /// lived with replication r's disturbances, with its 95 % half-width. 0 or 1: the plan as
    /// planned, without disturbances.
    pub replications: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            calendar: true,
            headcount_search: true,
            calendar_params: CalendarParams::default(),
            replications: 1,
        }
    }
}

impl Options {
    /// The assignment and its metrics only: what the page shows until the calendar runs off
    /// the main thread.
    pub fn assignment_only() -> Self {
        Options {
            calendar: false,
            headcount_search: false,
            calendar_params: CalendarParams::default(),
            replications: 1,
        }
    }
}

/// Every model's result on one scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub models: Vec<ModelOutcome>,
    /// Replications lived (1: the plan without disturbances).
    pub replications: u32,
}

/// Runs every model on `sc` with everything computed (calendar and headcount search).
pub fn compare(sc: &Scenario) -> Result<Comparison, CoreError> {
    compare_with(sc, &Options::default())
}

/// Runs every model on `sc`, computing what `opt` asks for.
pub fn compare_with(sc: &Scenario, opt: &Options) -> Result<Comparison, CoreError> {
    compare_with_progress(sc, opt, &mut |_| {})
}

/// How far a comparison has come: steps are models (assignment only) or calendars lived;
/// the headcount search, whose length is not known in advance, counts as one step per model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// `compare_with`, calling `on_step` after each step (for a progress bar; the page's worker
/// forwards it).
pub fn compare_with_progress(
    sc: &Scenario,
    opt: &Options,
    on_step: &mut dyn FnMut(Progress),
) -> Result<Comparison, CoreError> {
    live_with_progress(sc, opt, None, on_step)
}

/// The steps of `Progress` one model takes under `opt`: its assignment alone, or each
/// calendar lived and the establishment search.
pub fn steps_per_model(opt: &Options) -> usize {
    if opt.calendar {
        opt.replications.max(1) as usize + usize::from(opt.headcount_search)
    } else {
        1
    }
}

/// `compare_with_progress` given `assigned`, an assignment-only comparison
/// (`Options::assignment_only`) of the same scenario `sc`: each model's assignment is taken
/// from it instead of computed again, and only the calendars (and what else `opt` asks for)
/// are added. The result equals `compare_with_progress(sc, opt, …)`. The page asks for the
/// assignment first and the calendars next; its worker keeps the first answer for the second.
/// A model missing from `assigned` is assigned afresh.
pub fn live_with_progress(
    sc: &Scenario,
    opt: &Options,
    assigned: Option<Comparison>,
    on_step: &mut dyn FnMut(Progress),
) -> Result<Comparison, CoreError> {
    let work = prepare(sc)?;
    let all = models::all();
    let total = all.len() * steps_per_model(opt);
    let mut done = 0;
    let mut kept: Vec<ModelOutcome> = assigned.map(|c| c.models).unwrap_or_default();
    let mut out = Vec::new();
    for m in all {
        let mut tick = || {
            done += 1;
            on_step(Progress {
                done: done.min(total),
                total,
            });
        };
        let assigned = kept
            .iter()
            .position(|k| k.model == m.id())
            .map(|i| kept.swap_remove(i));
        out.push(run_one(sc, &work, m.as_ref(), opt, assigned, &mut tick)?);
    }
    finish(sc, opt, out)
}

/// One model of `live_with_progress`: `assigned`, its assignment-only outcome on the same
/// scenario, is lived instead of assigned again. A shell that runs the models apart (the
/// page's helper workers) calls `prepare`, this once per model and `finish`, and gets what
/// `live_with_progress` returns.
pub fn run_one(
    sc: &Scenario,
    work: &[Work],
    m: &dyn models::StaffingModel,
    opt: &Options,
    assigned: Option<ModelOutcome>,
    tick: &mut dyn FnMut(),
) -> Result<ModelOutcome, CoreError> {
    let assigned = match assigned {
        Some(a) => a,
        None => assign_model(sc, work, m)?,
    };
    live_model(sc, work, m, opt, assigned, tick)
}

/// The models of `models::all()` in the order a shell that runs them side by side should
/// start them: the long ones first, so that none starts last and runs alone while the other
/// cores idle. Measured side by side on two cores with the establishment search: on the city
/// hybrid 35 s, value 27 s, specialised 23.5 s, format 7 s, region 6.5 s; on the county
/// specialised 0.50 s, value 0.30 s, hybrid 0.24 s, format 0.17 s, region 0.16 s. Without the
/// search the specialised model is the longest (city 3.1 s, hybrid 2.2 s, the others 1.2-1.7 s).
/// The specialised and hybrid models start together, so the two longest of the city's searches
/// never follow each other on one core: 54-55 s on two cores, against 62.5 s when the value
/// model started second; the county (0.72 s) and the searchless runs are unchanged.
pub fn start_order() -> Vec<usize> {
    let rank = |id: ModelId| match id {
        ModelId::Specialised => 0,
        ModelId::Hybrid => 1,
        ModelId::Value => 2,
        ModelId::Format => 3,
        ModelId::Region => 4,
    };
    let all = models::all();
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.sort_by_key(|&i| rank(all[i].id()));
    order
}

/// What every model of a comparison reads: the customers' work, computed once. A shell that
/// runs the models side by side (`run_model` per model) calls this first and `finish` last,
/// and gets what `compare_with` returns.
pub fn prepare(sc: &Scenario) -> Result<Vec<Work>, CoreError> {
    models::require_people(sc)?;
    Ok(workload::generalist(sc))
}

/// The comparison of the models' outcomes `out`, in `models::all()`'s order: each model's
/// change against today's plan is set here, since it reads the region model's plan.
pub fn finish(
    sc: &Scenario,
    opt: &Options,
    mut out: Vec<ModelOutcome>,
) -> Result<Comparison, CoreError> {
    against_today(sc, &mut out)?;
    Ok(Comparison {
        models: out,
        replications: opt.replications.max(1),
    })
}

/// Sets each model's `manager_change_rate` against today's plan (`pilot::today`): the region
/// model's own plan when the scenario names no manager and has no locks (today's plan is then
/// that plan), so nothing is planned twice.
fn against_today(sc: &Scenario, out: &mut [ModelOutcome]) -> Result<(), CoreError> {
    let named = sc.customers.iter().any(|c| c.current_manager.is_some());
    let region = out.iter().find(|m| m.model == ModelId::Region);
    let today: Vec<usize> = match region {
        Some(r) if !named && !models::locks::any_locked(sc) => (0..sc.customers.len())
            .map(|c| {
                r.assignment
                    .staff
                    .get(r.assignment.main_staff(c))
                    .map_or(0, |s| s.manager)
            })
            .collect(),
        _ => match today(sc) {
            Ok(b) => b.manager,
            // A list naming a manager who is not among the managers has no today's plan to
            // measure against: the rate stays absent (the pilot refuses such a list by name).
            Err(PilotError::UnknownCurrentManager { .. }) => return Ok(()),
            Err(PilotError::Core(e)) => return Err(e),
            Err(_) => return Ok(()),
        },
    };
    let n = sc.customers.len().max(1) as f64;
    for m in out.iter_mut() {
        let a = &m.assignment;
        let changed = (0..sc.customers.len())
            .filter(|&c| a.staff.get(a.main_staff(c)).map(|s| s.manager) != today.get(c).copied())
            .count();
        m.plan.manager_change_rate = Some(changed as f64 / n);
    }
    Ok(())
}

/// Runs one model on `sc` with the customers' `work`.
pub fn run_model(
    sc: &Scenario,
    work: &[Work],
    m: &dyn models::StaffingModel,
    opt: &Options,
) -> Result<ModelOutcome, CoreError> {
    run_one(sc, work, m, opt, None, &mut || {})
}

/// A model's assignment with what is measured on it alone (no calendar, no search).
fn assign_model(
    sc: &Scenario,
    work: &[Work],
    m: &dyn models::StaffingModel,
) -> Result<ModelOutcome, CoreError> {
    let assignment = m.assign(sc, work)?;
    let report = models::check(sc, work, &assignment)?;
    let staff_weekly_hours = metrics::required_weekly_hours(sc, work, &assignment);
    let plan = summary(
        sc,
        work,
        &assignment,
        &staff_weekly_hours,
        report.over_capacity.len(),
    );
    let metrics = metrics::from_assignment(sc, work, &assignment);
    Ok(ModelOutcome {
        model: m.id(),
        assignment,
        staff_weekly_hours,
        plan,
        metrics,
        metrics_ci95: None,
        calendar: None,
        calendar_fingerprint: None,
        staffing: None,
    })
}

/// `out` (`assign_model`'s outcome) lived as `opt` asks: its calendars, their metrics,
/// and the establishment search.
fn live_model(
    sc: &Scenario,
    work: &[Work],
    m: &dyn models::StaffingModel,
    opt: &Options,
    mut out: ModelOutcome,
    tick: &mut dyn FnMut(),
) -> Result<ModelOutcome, CoreError> {
    let a = &out.assignment;
    out.calendar = if opt.calendar && opt.replications > 1 {
        // The seed fixes scenario and plan; replication r lives it with its own disturbances.
        let mut samples = Vec::new();
        let mut first = None;
        for r in 0..u64::from(opt.replications) {
            let params = CalendarParams {
                replication: Some(r),
                ..opt.calendar_params.clone()
            };
            let cal = calendar::build(sc, work, a, &params);
            let mut m = out.metrics.clone();
            calendar::metrics(sc, work, a, &cal, &mut m);
            samples.push(m);
            first.get_or_insert(cal);
            tick();
        }
        let (mean, half) = metrics::mean_ci95(&samples);
        out.metrics = mean;
        out.metrics_ci95 = Some(half);
        first
    } else if opt.calendar {
        let cal = calendar::build(sc, work, a, &opt.calendar_params);
        calendar::metrics(sc, work, a, &cal, &mut out.metrics);
        tick();
        Some(cal)
    } else {
        tick();
        None
    };
    out.calendar_fingerprint = out.calendar.as_ref().and_then(fingerprint::of);
    if opt.calendar && opt.headcount_search {
        let found = establishment(
            sc,
            work,
            m,
            &opt.calendar_params,
            sc.settings.coverage_target,
        )?;
        tick();
        out.metrics.headcount_for_full_coverage = found.headcount.map(|n| n as f64);
        out.staffing = Some(found);
    }
    Ok(out)
}

fn summary(
    sc: &Scenario,
    work: &[Work],
    a: &Assignment,
    hours: &[f64],
    over: usize,
) -> PlanSummary {
    let (cv, mm) = metrics::balance(hours).unwrap_or((0.0, 1.0));
    let pts: Vec<Point> = sc.customers.iter().map(|c| c.pos).collect();
    let mut books: Vec<Vec<usize>> = vec![Vec::new(); a.staff.len()];
    for c in 0..sc.customers.len() {
        books[a.main_staff(c)].push(c);
    }
    let w: Vec<f64> = work.iter().map(Work::minutes_per_month).collect();
    let ctr = centres(&books, &pts, &w);
    let total: f64 = books
        .iter()
        .zip(&ctr)
        .map(|(b, c)| b.iter().map(|&i| pts[i].dist(*c)).sum::<f64>())
        .sum();
    let locks = models::locks::any_locked(sc).then(|| models::locks::report(sc, work, a));
    let territories = figures(sc, work, a);
    PlanSummary {
        balance_cv: cv,
        balance_max_over_mean: mm,
        compactness_km: total / sc.customers.len().max(1) as f64,
        // Set against today's plan once every model has run (`against_today`).
        manager_change_rate: None,
        over_capacity_staff: over,
        locks_kept: locks.as_ref().map(|r| r.kept),
        locks_unkept: locks.as_ref().map(|r| r.unkept.len()),
        territory_tolerance: sc.settings.territory_tolerance,
        // A hair over the band is rounding, not a territory outside it.
        territories_outside: territories
            .iter()
            .filter(|t| {
                t.deviation.largest(sc.settings.territory_measures.count())
                    > sc.settings.territory_tolerance + 1e-9
            })
            .count(),
        territories,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::generate::{generate, Preset};

    /// The calendar without the headcount search (tested in `staffing`), to keep debug
    /// builds quick.
    fn quick(sc: &Scenario) -> Comparison {
        let opt = Options {
            headcount_search: false,
            ..Options::default()
        };
        compare_with(sc, &opt).expect("cmp")
    }

    #[test]
    fn same_seed_same_comparison() {
        let a = quick(&generate(Preset::County, 9).expect("gen"));
        let b = quick(&generate(Preset::County, 9).expect("gen"));
        assert_eq!(a, b);
        let c = quick(&generate(Preset::County, 10).expect("gen"));
        assert_ne!(
            a.models[0].staff_weekly_hours,
            c.models[0].staff_weekly_hours
        );
    }

    #[test]
    fn progress_counts_every_step_once_up_to_the_total() {
        let sc = generate(Preset::Rural, 5).expect("gen");
        for (opt, total) in [
            (Options::assignment_only(), 5),
            (
                Options {
                    headcount_search: false,
                    replications: 2,
                    ..Options::default()
                },
                10,
            ),
        ] {
            let mut seen = Vec::new();
            let cmp = compare_with_progress(&sc, &opt, &mut |p| seen.push(p)).expect("cmp");
            assert_eq!(cmp.models.len(), 5);
            let want: Vec<Progress> = (1..=total).map(|done| Progress { done, total }).collect();
            assert_eq!(seen, want);
        }
    }

    #[test]
    fn all_five_models_with_metrics_in_range() {
        let cmp = quick(&generate(Preset::County, 42).expect("gen"));
        let ids: Vec<&str> = cmp.models.iter().map(|m| m.model.id()).collect();
        assert_eq!(ids, ["region", "format", "value", "specialised", "hybrid"]);
        for m in &cmp.models {
            let x = &m.metrics;
            let rate = x.top_customers_top_staff_rate.expect("computed");
            assert!((0.0..=1.0).contains(&rate));
            assert!(x.workload_cv.expect("computed") >= 0.0);
            assert!(x.max_over_mean_workload.expect("computed") >= 1.0);
            let e = x.format_entropy_bits.expect("computed");
            assert!((0.0..=2.0).contains(&e));
            // The calendar's metrics are present and in range.
            for rate in [
                x.coverage_rate,
                x.rigid_cycle_met_rate,
                x.travel_time_share,
                x.skill_inversion_rate,
                x.same_day_multi_visit_rate,
            ] {
                let r = rate.expect("computed from the calendar");
                assert!((0.0..=1.0).contains(&r), "{r}");
            }
            assert!(x.overtime_hours.expect("computed") >= 0.0);
            assert!(x.contacts_per_customer.expect("computed") > 0.0);
            assert!(m.plan.compactness_km > 0.0);
            // A preset's plan of today is the region model as generated.
            let rate = m.plan.manager_change_rate.expect("against today's plan");
            assert!((0.0..=1.0).contains(&rate));
            if m.model == ModelId::Region {
                assert_eq!(rate, 0.0, "the region model is today's plan");
            }
        }
    }
}
