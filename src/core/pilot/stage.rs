//! One stage of a pilot planned: the pilot departments run the model with the stage's posts,
//! everyone else keeps today's plan.

use super::baseline::Baseline;
use super::spec::PilotError;
use crate::core::assignment::{Assignment, ModelId};
use crate::core::models::common::Builder;
use crate::core::models::{locks, StaffingModel};
use crate::core::scenario::Scenario;
use crate::core::settings::Function;
use crate::core::workload::Work;

/// The scenario every stage and the baseline are planned on: each customer held in its
/// department of today and named with today's manager, territories cut from today's plan (so
/// that leaving today's manager is priced, `Settings::territory_stability`).
pub fn held(sc: &Scenario, base: &Baseline) -> Scenario {
    let mut out = sc.clone();
    out.settings.territory_from_today = true;
    for (c, cust) in out.customers_mut().iter_mut().enumerate() {
        cust.department = base.department.get(c).copied();
        cust.current_manager = base
            .manager
            .get(c)
            .and_then(|&m| sc.managers.get(m))
            .map(|m| m.id.clone());
    }
    out
}

/// The pilot's part of a scenario: its departments' customers and people as a scenario of
/// their own (what the model and the establishment search see), and where they sit in the whole.
#[derive(Debug, Clone)]
pub struct Part {
    pub scenario: Scenario,
    pub work: Vec<Work>,
    /// The whole scenario's indices of the part's customers and people, in the part's order.
    pub customers: Vec<usize>,
    pub people: Vec<usize>,
    pub is_inside: Vec<bool>,
}

impl Part {
    pub fn of(sc: &Scenario, work: &[Work], base: &Baseline, pilot: &[usize]) -> Part {
        let is_inside: Vec<bool> = (0..sc.customers.len())
            .map(|c| base.department.get(c).is_some_and(|d| pilot.contains(d)))
            .collect();
        let customers: Vec<usize> = (0..sc.customers.len()).filter(|&c| is_inside[c]).collect();
        let people: Vec<usize> = (0..sc.managers.len())
            .filter(|&m| pilot.contains(&sc.managers[m].department))
            .collect();
        let mut scenario = sc.clone();
        scenario.customers =
            std::sync::Arc::new(customers.iter().map(|&c| sc.customers[c].clone()).collect());
        scenario.managers = people.iter().map(|&m| sc.managers[m].clone()).collect();
        let work = customers
            .iter()
            .filter_map(|&c| work.get(c).copied())
            .collect();
        Part {
            scenario,
            work,
            customers,
            people,
            is_inside,
        }
    }
}

/// A stage's plan: the scenario it was planned on (the held scenario with the stage's posts,
/// and each pilot person paid at their post's grade, 定薪) and the whole company's assignment.
#[derive(Debug, Clone, PartialEq)]
pub struct StagePlan {
    pub posts: Vec<Function>,
    pub scenario: Scenario,
    pub assignment: Assignment,
}

/// Plans one stage on `held` (see `held`): the pilot departments' customers and people run
/// `model` with `posts`; every other customer keeps today's manager for every function.
pub fn plan(
    held: &Scenario,
    work: &[Work],
    base: &Baseline,
    pilot: &[usize],
    model: &dyn StaffingModel,
    posts: &[Function],
) -> Result<StagePlan, PilotError> {
    let mut sc = held.clone();
    sc.settings.posts = posts.to_vec();
    if model.id() == ModelId::Specialised {
        // The stage names the posts it creates: each is staffed while the department has a
        // person for it, however small its work (the model alone merges a post below half a
        // manager's work into service; a pilot's stage has decided otherwise).
        sc.settings.format.small_class_managers = 0.0;
    }
    let part = Part::of(&sc, work, base, pilot);
    let mut b = Builder::new(sc.customers.len());
    // Outside the pilot: today's manager, every function, as today.
    for c in (0..sc.customers.len()).filter(|&c| !part.is_inside[c]) {
        base.keep_today(&mut b, c);
    }
    if !part.customers.is_empty() {
        let a = model.assign(&part.scenario, &part.work)?;
        for (j, &c) in part.customers.iter().enumerate() {
            for f in Function::ALL {
                let Some(s) = a.responsible_for(j, f) else {
                    continue;
                };
                let Some(st) = a.staff.get(s) else { continue };
                let Some(&m) = part.people.get(st.manager) else {
                    continue;
                };
                let idx = b.staff(m, st.post, st.shift, &st.group);
                b.give(c, f, idx);
            }
        }
    }
    let mut assignment = b.finish(model.id(), work)?;
    locks::keep(&sc, work, &mut assignment);
    // 定薪: a pilot person is paid at the grade of the post they hold.
    for st in &assignment.staff {
        if let (Some(f), Some(m)) = (st.post, sc.managers.get_mut(st.manager)) {
            if pilot.contains(&m.department) {
                m.pay_grade = held.settings.pilot.pay_grade[f.index()];
            }
        }
    }
    Ok(StagePlan {
        posts: posts.to_vec(),
        scenario: sc,
        assignment,
    })
}

/// Today's plan as a stage (the baseline's own figures are measured the same way).
pub fn baseline_plan(
    held: &Scenario,
    base: &Baseline,
    work: &[Work],
) -> Result<StagePlan, PilotError> {
    Ok(StagePlan {
        posts: Vec::new(),
        scenario: held.clone(),
        assignment: base.assignment(work)?,
    })
}
