//! The establishment (定编) of a model: per department × post (a generalist is one post), the
//! least number of people whose plan meets the post's rigid cycles at a coverage target.
//!
//! The search holds what a real 区域营销部 holds: each customer stays in the department the model
//! first put it in (`Customer::department`), and each person in the post the model first gave
//! them (`Manager::post`). A cell (department, post) is then short when the share of its
//! required (customer, function) cycles met falls below the target, and the search adds the
//! short post in the short department, never elsewhere.
//!
//! Departments are planned independently once their customers are fixed (their people, routes,
//! team visits and sessions are their own), so one calendar per round answers a step in every
//! department at once: in each round a department with a short cell adds people to every short
//! cell (a first estimate of the shortfall, then one by one), and a department whose cells all
//! meet the target tries one person fewer in one cell — kept when the department still meets
//! it, put back otherwise (then that cell is tight until something else in its department
//! changes). The search stops when every cell meets the target and is tight: then one person
//! fewer in any cell misses it. A round plans only the departments that took a step (and any
//! whose share of the model's assignment moved with them), each alone as the whole calendar
//! would plan it; the other departments' figures stand (`eval.rs`). A round that puts people
//! back combines the departments' figures of two calendars. Figures put together either way
//! are checked: the final establishment is assigned once more as a whole, every department
//! whose share of that assignment is not the one its figures came from is planned again, and
//! the search goes on if that plan falls short.
//!
//! The path the search took is the curve the answer is read from: the company's headcount and
//! coverage after each department's step (steps of one round taken one department at a time,
//! the company's figure the sum of the departments'), so it ends with the answer and, before it,
//! the answer less one person.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::eval::{cell_of, evaluate, evaluate_after, people, Cell};
use super::headcount::median_manager;
pub use super::post::Post;
use crate::core::calendar::CalendarParams;
use crate::core::error::CoreError;
use crate::core::models::common::balanced_departments;
use crate::core::models::cut_memo;
use crate::core::models::StaffingModel;
use crate::core::scenario::{Manager, Scenario};
use crate::core::workload::{self, Work};

/// How far above the workload estimate the search may go: the larger of this many times the
/// estimate and the estimate plus `SEARCH_SPAN_MIN`.
const SEARCH_FACTOR: usize = 4;
const SEARCH_SPAN_MIN: usize = 10;
/// Rounds after which the search gives up (each is one calendar; a department converges in a
/// handful, so this only guards against a model that never settles).
const MAX_ROUNDS: usize = 200;

/// One cell of the establishment table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EstablishmentRow {
    /// The department's id.
    pub department: String,
    /// Index into `Scenario::departments`.
    #[serde(skip)]
    pub department_index: usize,
    pub post: Post,
    /// People in the cell with today's headcount, as the model places them.
    pub people_now: usize,
    /// The least people with which the cell meets the target (the others as found).
    pub people_needed: usize,
    /// Share of the cell's required cycles met with today's people (1 for a cell without any).
    pub coverage_now: f64,
    /// Share of the cell's required cycles met with `people_needed` (1 for a cell without any).
    pub coverage_rate: f64,
}

/// One step of the search: the company's headcount and coverage after it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CurvePoint {
    pub headcount: usize,
    pub coverage_rate: f64,
}

/// A model's establishment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Establishment {
    /// The share of required (customer, function) cycles each cell must meet.
    pub coverage_target: f64,
    /// Department × post, in department order, the generalist first and then the posts.
    pub table: Vec<EstablishmentRow>,
    /// The search's path, from today's headcount to the answer.
    pub curve: Vec<CurvePoint>,
    /// The least headcount meeting the target (the table's sum), when every cell meets it
    /// within the search's limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headcount: Option<usize>,
    /// The largest headcount the search may reach.
    pub limit: usize,
    /// Calendars planned by the search.
    pub calendars: usize,
    /// The scenario of the answer: customers held in their departments, each person in a post,
    /// the table's people (what the establishment's figures were measured on).
    #[serde(skip)]
    pub staffed: Option<Scenario>,
}

/// `sc` as the search holds it: customers fixed in the departments the model splits them into
/// with today's people, and each person in the post the model gives them.
fn hold(sc: &Scenario, work: &[Work], model: &dyn StaffingModel) -> Result<Scenario, CoreError> {
    let a = model.assign(sc, work)?;
    let mut held = sc.clone();
    let all: Vec<usize> = (0..sc.customers.len()).collect();
    let everyone: Vec<usize> = (0..sc.managers.len()).collect();
    let customers = held.customers_mut();
    for (d, cs) in balanced_departments(sc, work, &all, &everyone) {
        for c in cs {
            customers[c].department = Some(d);
        }
    }
    for s in &a.staff {
        if let Some(m) = held.managers.get_mut(s.manager) {
            if m.post.is_none() {
                m.post = s.post;
            }
        }
    }
    Ok(held)
}

/// What a department does in one round.
#[derive(Debug, Clone)]
enum Step {
    /// People added (whole managers, ids already drawn), one or more per short cell.
    Add(Vec<Manager>),
    /// One person fewer in a cell: the manager's id.
    Remove(Cell, String),
}

fn apply(sc: &Scenario, steps: &[(usize, Step)]) -> Scenario {
    let mut out = sc.clone();
    for (_, s) in steps {
        match s {
            Step::Add(ms) => out.managers.extend(ms.iter().cloned()),
            Step::Remove(_, id) => out.managers.retain(|m| &m.id != id),
        }
    }
    out
}

/// The person a cell gives up: the least skilled for its post (the generalist's competence),
/// the latest in the list among equals (so people the search added go first).
fn least_for_post(sc: &Scenario, cell: Cell) -> Option<String> {
    let skill = |m: usize| {
        let x = &sc.managers[m];
        match cell.1.function() {
            None => x.competence,
            Some(f) => x.skills[f.index()],
        }
    };
    (0..sc.managers.len())
        .filter(|&m| cell_of(sc, m) == cell)
        .min_by(|&a, &b| skill(a).total_cmp(&skill(b)).then(b.cmp(&a)))
        .map(|m| sc.managers[m].id.clone())
}

/// Each cell's share of its required cycles met when `model` plans `sc` (customers and posts as
/// `sc` holds them; a cell is a department and the post its people hold); `None` when the model
/// cannot plan `sc`.
pub fn coverage_by_cell(
    sc: &Scenario,
    work: &[Work],
    model: &dyn StaffingModel,
    params: &CalendarParams,
) -> Option<BTreeMap<(usize, Post), f64>> {
    let ev = evaluate(sc, work, model, params);
    (!ev.failed).then(|| ev.cells.keys().map(|c| (*c, ev.coverage(c))).collect())
}

/// `sc` with one person fewer in department `department`'s post `post`: the least skilled for
/// the post, as the search removes them; `None` when the cell is empty.
pub fn without_one(sc: &Scenario, department: usize, post: Post) -> Option<Scenario> {
    let id = least_for_post(sc, (department, post))?;
    let mut out = sc.clone();
    out.managers.retain(|m| m.id != id);
    Some(out)
}

/// People to add to a short cell of `n` people at coverage `cov`: the shortfall's share of the
/// people it took to reach `cov`, at least one.
fn estimate_short(n: usize, cov: f64, target: f64) -> usize {
    let k = (n.max(1) as f64 * (target - cov) / cov.max(0.3)).ceil();
    (k.max(1.0) as usize).min(n.max(1))
}

/// The establishment of `model` on `sc` at `target` (a share of required cycles in (0, 1]).
pub fn establishment(
    sc: &Scenario,
    work: &[Work],
    model: &dyn StaffingModel,
    params: &CalendarParams,
    target: f64,
) -> Result<Establishment, CoreError> {
    // The search assigns the whole company each round though few departments changed: their
    // territories are remembered rather than cut again (the same territories either way).
    let _cuts = cut_memo::remember();
    let mut cur = hold(sc, work, model)?;
    let now = people(&cur);
    let estimate = workload::headcount(sc, work);
    let limit = (SEARCH_FACTOR * estimate)
        .max(estimate + SEARCH_SPAN_MIN)
        .max(cur.managers.len());
    let mut calendars = 1;
    let mut ev = evaluate(&cur, work, model, params);
    let first = ev.clone();
    let mut composed = false;
    let mut curve = vec![CurvePoint {
        headcount: cur.managers.len(),
        coverage_rate: ev.rate(),
    }];
    let mut tight: BTreeSet<Cell> = BTreeSet::new();
    let mut added = 0usize;
    let mut met = false;
    for _ in 0..MAX_ROUNDS {
        let cells = people(&cur);
        let depts: BTreeSet<usize> = cells.keys().map(|c| c.0).collect();
        let mut steps: Vec<(usize, Step)> = Vec::new();
        for &d in &depts {
            let mine: Vec<(Cell, usize)> = cells
                .range((d, Post::Generalist)..=(d, Post::Research))
                .map(|(&c, &n)| (c, n))
                .collect();
            let short: Vec<(Cell, usize)> = mine
                .iter()
                .copied()
                .filter(|(c, _)| !ev.meets(c, target))
                .collect();
            if !short.is_empty() {
                let mut ms = Vec::new();
                for (c, n) in short {
                    for _ in 0..estimate_short(n, ev.coverage(&c), target) {
                        let id = loop {
                            added += 1;
                            let id = format!("NEW{added:03}");
                            if !cur.managers.iter().any(|m| m.id == id) {
                                break id;
                            }
                        };
                        let mut m = median_manager(sc, id, d);
                        m.post = c.1.function();
                        ms.push(m);
                    }
                }
                steps.push((d, Step::Add(ms)));
            } else if let Some((c, _)) = mine
                .iter()
                .filter(|(c, n)| *n > 1 && !tight.contains(c))
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
            {
                if let Some(id) = least_for_post(&cur, *c) {
                    steps.push((d, Step::Remove(*c, id)));
                }
            }
        }
        if steps.is_empty() {
            if !composed {
                met = !ev.failed;
                break;
            }
            // The figures were put together from several calendars: assign the answer as a
            // whole and plan again every department whose share of that assignment is not the
            // one its figures were measured on (its figure replaces the put-together one at the
            // path's end).
            ev = evaluate_after(&cur, work, model, params, Some((&ev, &BTreeSet::new())));
            calendars += 1;
            composed = false;
            let point = CurvePoint {
                headcount: cur.managers.len(),
                coverage_rate: ev.rate(),
            };
            match curve.last_mut() {
                Some(last) if last.headcount == point.headcount => *last = point,
                _ => curve.push(point),
            }
            continue;
        }
        let adding: usize = steps
            .iter()
            .map(|(_, s)| match s {
                Step::Add(ms) => ms.len(),
                Step::Remove(..) => 0,
            })
            .sum();
        if cur.managers.len() + adding > limit {
            break;
        }
        let trial = apply(&cur, &steps);
        // Only the departments that took a step are planned again: the others' figures are
        // what they were (their plan does not depend on other departments' people).
        let partial = !ev.failed;
        let stepped: BTreeSet<usize> = steps.iter().map(|(d, _)| *d).collect();
        let tev = evaluate_after(&trial, work, model, params, Some((&ev, &stepped)));
        calendars += 1;
        // Each department's step in turn, the company's figure the sum of the departments'.
        let mut head = cur.managers.len();
        let mut shown = ev.clone();
        let mut kept: Vec<(usize, Step)> = Vec::new();
        let mut reverted = false;
        for (d, s) in steps {
            shown = shown.with_department(d, &tev);
            match &s {
                Step::Add(ms) => {
                    head += ms.len();
                    curve.push(CurvePoint {
                        headcount: head,
                        coverage_rate: shown.rate(),
                    });
                    tight.retain(|c| c.0 != d);
                    kept.push((d, s));
                }
                Step::Remove(c, _) => {
                    curve.push(CurvePoint {
                        headcount: head - 1,
                        coverage_rate: shown.rate(),
                    });
                    let dept_meets = people(&trial)
                        .range((d, Post::Generalist)..=(d, Post::Research))
                        .all(|(cell, _)| tev.meets(cell, target));
                    if dept_meets && !tev.failed {
                        head -= 1;
                        tight.retain(|x| x.0 != d);
                        kept.push((d, s));
                    } else {
                        // Put back: the department's figures as they were.
                        tight.insert(*c);
                        shown = shown.with_department(d, &ev);
                        curve.push(CurvePoint {
                            headcount: head,
                            coverage_rate: shown.rate(),
                        });
                        reverted = true;
                    }
                }
            }
        }
        if reverted {
            cur = apply(&cur, &kept);
            ev = shown;
            composed = true;
        } else {
            cur = trial;
            ev = tev;
            // Figures put together from departments planned apart are checked by planning
            // the answer whole before the search ends.
            composed = partial;
        }
    }
    // The path ends with the answer and, just before it, the answer less one person. When the
    // search's last step was not a failed trial (every cell it could still test was tested
    // earlier, or every cell is down to one person), that point is planned here: one person
    // fewer in a cell of several (the least skilled for the post), else in the last cell.
    let n = cur.managers.len();
    let before = curve.len().checked_sub(2).map(|i| curve[i].headcount);
    if met && n > 1 && before != Some(n - 1) {
        let found = people(&cur);
        let cell = found
            .iter()
            .filter(|(_, &k)| k > 1)
            .map(|(c, _)| *c)
            .next()
            .or_else(|| found.keys().next_back().copied());
        if let Some((d, fewer)) = cell.and_then(|(d, p)| Some((d, without_one(&cur, d, p)?))) {
            let fev = evaluate_after(
                &fewer,
                work,
                model,
                params,
                Some((&ev, &BTreeSet::from([d]))),
            );
            calendars += 1;
            curve.push(CurvePoint {
                headcount: n - 1,
                coverage_rate: fev.rate(),
            });
            curve.push(CurvePoint {
                headcount: n,
                coverage_rate: ev.rate(),
            });
        }
    }
    let found = people(&cur);
    let mut keys: BTreeSet<Cell> = now.keys().copied().collect();
    keys.extend(found.keys().copied());
    let table = keys
        .into_iter()
        .map(|c| EstablishmentRow {
            department: sc
                .departments
                .get(c.0)
                .map(|d| d.id.clone())
                .unwrap_or_default(),
            department_index: c.0,
            post: c.1,
            people_now: now.get(&c).copied().unwrap_or(0),
            people_needed: found.get(&c).copied().unwrap_or(0),
            coverage_now: first.coverage(&c),
            coverage_rate: ev.coverage(&c),
        })
        .collect();
    Ok(Establishment {
        coverage_target: target,
        table,
        curve,
        headcount: met.then_some(cur.managers.len()),
        limit,
        calendars,
        staffed: Some(cur),
    })
}
