//! The pilot planner (试点, 先少后多): today's plan as the baseline, and a staged pilot in chosen
//! departments, each stage measured against today (docs/domain.md "Pilot").
//!
//! Every stage is planned on the same held scenario (`stage::held`): customers stay in their
//! department of today, named with today's manager, so the territories price moving them
//! (`Settings::territory_stability`). Outside the pilot departments every customer keeps
//! today's manager for every function; inside, the model runs with the stage's posts, and the
//! functions of posts not yet created stay with the service post. Each plan is lived as a
//! calendar over the horizon and measured: the pilot's and the company's figures, the
//! before/after per person, the KPI sheet and the establishment table as submitted.

pub mod baseline;
pub mod figures;
pub mod kpi;
pub mod spec;
pub mod stage;
pub mod table;

use serde::Serialize;

pub use baseline::{today, Baseline, BaselineSource};
pub use figures::{ManagerRow, Scope, Side};
pub use kpi::{KpiSheet, PersonKpi, TeamKpi};
pub use spec::{parse_departments, parse_stages, PilotError, PilotSpec};
pub use stage::StagePlan;
pub use table::{Payroll, TableRow};

use crate::core::assignment::ModelId;
use crate::core::calendar::{self, Calendar, CalendarParams};
use crate::core::error::CoreError;
use crate::core::fingerprint;
use crate::core::metrics::{self, Metrics};
use crate::core::models::{self, check};
use crate::core::scenario::Scenario;
use crate::core::staffing::establishment;
use crate::core::workload;

/// What a pilot run computes beyond the plans and their calendars.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    pub calendar_params: CalendarParams,
    /// Search each stage's establishment in the pilot departments (several calendars of the
    /// pilot per stage) for the table as submitted.
    pub establishment: bool,
}

/// People per post in the pilot departments.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PostCount {
    pub post: &'static str,
    pub people: usize,
}

/// One plan (today's, or a stage's) with everything measured.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageResult {
    /// 0 for today's plan, 1, 2, … for the stages.
    pub stage: usize,
    pub posts: Vec<&'static str>,
    /// People per post in the pilot departments.
    pub establishment: Vec<PostCount>,
    /// People of the pilot departments whose job changed from the stage before (today for the
    /// first): a post other than the one held before, the generalist and the service post
    /// counting as one job (the service post keeps what the posts not yet created would do).
    pub people_moved: usize,
    /// The share of all customers whose main staff member is not today's manager.
    pub customers_changing_manager_share: f64,
    /// Their ids.
    pub customers_changing_manager: Vec<String>,
    pub pilot: Scope,
    pub company: Scope,
    /// The pilot departments' people, today against this plan.
    pub managers: Vec<ManagerRow>,
    /// The establishment as the pilot departments submit it (with `Options::establishment`).
    pub table: Vec<TableRow>,
    pub payroll: Vec<Payroll>,
    pub kpi: KpiSheet,
    /// The contract's metrics of the whole company's plan.
    pub metrics: Metrics,
    /// The calendar's fingerprint (16 hex digits).
    pub fingerprint: String,
    #[serde(skip)]
    pub plan: StagePlan,
    #[serde(skip)]
    pub calendar: Calendar,
}

/// A pilot run: today's plan and each stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pilot {
    pub source: BaselineSource,
    /// Customers the list left without a manager (given their nearest named neighbour's).
    pub customers_without_manager: usize,
    pub departments: Vec<String>,
    pub model: ModelId,
    pub baseline: StageResult,
    pub stages: Vec<StageResult>,
}

/// The job a person holds for `people_moved`: the service post continues the generalist's.
fn job(post: &str) -> &str {
    if post == "service" {
        "generalist"
    } else {
        post
    }
}

/// Runs the pilot `spec` on `sc`; `on_step` is called after each plan (today's, then each
/// stage's) with (done, total).
pub fn run(
    sc: &Scenario,
    spec: &PilotSpec,
    opt: &Options,
    on_step: &mut dyn FnMut(usize, usize),
) -> Result<Pilot, PilotError> {
    models::require_people(sc)?;
    let (pilot, stages) = spec.check(sc)?;
    let model = models::by_id(spec.model.id()).ok_or(PilotError::ModelWithoutPosts {
        model: spec.model.id(),
    })?;
    let base = today(sc)?;
    let held = stage::held(sc, &base);
    // The work of the held scenario: the same for today's plan and every stage.
    let work = workload::generalist(&held);
    let total = stages.len() + 1;
    let measure = |index: usize,
                   plan: StagePlan,
                   before: Option<&figures::SidesOf>,
                   previous: &std::collections::BTreeMap<usize, &'static str>|
     -> Result<(StageResult, figures::SidesOf), PilotError> {
        check(&plan.scenario, &work, &plan.assignment).map_err(CoreError::from)?;
        let cal = calendar::build(
            &plan.scenario,
            &work,
            &plan.assignment,
            &opt.calendar_params,
        );
        let mut m = metrics::from_assignment(&plan.scenario, &work, &plan.assignment);
        calendar::metrics(&plan.scenario, &work, &plan.assignment, &cal, &mut m);
        let sides = figures::sides(&plan.scenario, &work, &plan.assignment, &cal);
        let mut counts: std::collections::BTreeMap<&'static str, usize> = Default::default();
        let mut moved = 0;
        for (&mg, side) in &sides {
            if !pilot.contains(&plan.scenario.managers[mg].department) || side.post.is_empty() {
                continue;
            }
            *counts.entry(side.post).or_default() += 1;
            let was = previous.get(&mg).copied().unwrap_or("generalist");
            moved += usize::from(job(was) != job(side.post));
        }
        let a = &plan.assignment;
        let changing: Vec<String> = (0..plan.scenario.customers.len())
            .filter(|&c| a.staff.get(a.main_staff(c)).map(|x| x.manager) != Some(base.manager[c]))
            .map(|c| plan.scenario.customers[c].id.clone())
            .collect();
        let n = plan.scenario.customers.len().max(1);
        let (table, payroll) = if opt.establishment && index > 0 {
            let part = stage::Part::of(&plan.scenario, &work, &base, &pilot);
            let est = establishment(
                &part.scenario,
                &part.work,
                model.as_ref(),
                &opt.calendar_params,
                held.settings.coverage_target,
            )?;
            table::table(&held, &est, &pilot)
        } else {
            (Vec::new(), Vec::new())
        };
        let result = StageResult {
            stage: index,
            posts: plan.posts.iter().map(|f| f.id()).collect(),
            establishment: counts
                .into_iter()
                .map(|(post, people)| PostCount { post, people })
                .collect(),
            people_moved: moved,
            customers_changing_manager_share: changing.len() as f64 / n as f64,
            customers_changing_manager: changing,
            pilot: figures::scope(&plan.scenario, &work, a, &cal, &base.manager, Some(&pilot)),
            company: figures::scope(&plan.scenario, &work, a, &cal, &base.manager, None),
            managers: before
                .map(|b| figures::before_after(&plan.scenario, b, &sides, &pilot))
                .unwrap_or_else(|| figures::before_after(&plan.scenario, &sides, &sides, &pilot)),
            table,
            payroll,
            kpi: kpi::sheet(&plan.scenario, &work, a, &cal),
            metrics: m,
            fingerprint: fingerprint::of(&cal).unwrap_or_default(),
            plan,
            calendar: cal,
        };
        Ok((result, sides))
    };
    let (baseline, today_sides) = measure(
        0,
        stage::baseline_plan(&held, &base, &work)?,
        None,
        &Default::default(),
    )?;
    on_step(1, total);
    let mut previous: std::collections::BTreeMap<usize, &'static str> =
        today_sides.iter().map(|(&m, s)| (m, s.post)).collect();
    let mut out = Vec::new();
    for (i, posts) in stages.iter().enumerate() {
        let plan = stage::plan(&held, &work, &base, &pilot, model.as_ref(), posts)?;
        let (r, sides) = measure(i + 1, plan, Some(&today_sides), &previous)?;
        previous = sides.iter().map(|(&m, s)| (m, s.post)).collect();
        out.push(r);
        on_step(i + 2, total);
    }
    Ok(Pilot {
        source: base.source,
        customers_without_manager: base.filled,
        departments: pilot
            .iter()
            .filter_map(|&d| sc.departments.get(d).map(|x| x.id.clone()))
            .collect(),
        model: spec.model,
        baseline,
        stages: out,
    })
}
