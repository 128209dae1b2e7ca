//! Staffing (定编): the least headcount with which a model meets every rigid cycle.
//!
//! docs/domain.md (simulation rules): a deterministic run without disturbances,
//! searching upward from the workload-method estimate to the first headcount whose plan meets
//! every rigid cycle within the capacity rule. Added staff have median skill and sit at
//! department bases (each one joins the department with the most work per manager); removed
//! staff are the least competent.
//!
//! The search doubles its step from the estimate until a headcount meets every cycle, then
//! bisects between the last one that did not and the first one that did: a handful of
//! calendars instead of one per headcount. Bisection assumes that more staff never lose
//! coverage, which is not guaranteed: a model re-partitions its posts at every headcount, and
//! a specialist post can come out overloaded at a larger headcount than at a smaller one. When
//! no galloping step meets, the search falls back to the literal one-by-one scan. The
//! headcount reported always meets every cycle; with a non-monotone model a smaller one may
//! too.

use serde::Serialize;

use super::calendar::{self, CalendarParams};
use super::models::StaffingModel;
use super::scenario::{Manager, Scenario};
use super::workload::{self, department_work, Work};

/// How far above the estimate the search looks before giving up: the larger of this many
/// times the estimate and the estimate plus `SEARCH_SPAN_MIN`. Specialist posts can need
/// two to three times today's headcount before the last overloaded post meets its cycles.
const SEARCH_FACTOR: usize = 4;
const SEARCH_SPAN_MIN: usize = 10;

/// The outcome of one search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeadcountSearch {
    /// The workload-method estimate the search started from.
    pub estimate: usize,
    /// The least headcount found that meets every rigid cycle; `None` when no headcount up to
    /// `limit` does (then the metric is absent).
    pub full_coverage: Option<usize>,
    /// The largest headcount tried.
    pub limit: usize,
    /// Calendars built by the search.
    pub calendars: usize,
}

/// `sc` with exactly `n` managers (n ≥ 1): the least competent removed, or staff of median
/// skill added at the office of the department with the most work per manager.
pub fn with_headcount(sc: &Scenario, work: &[Work], n: usize) -> Scenario {
    let mut out = sc.clone();
    let n = n.max(1);
    if out.managers.len() > n {
        // Keep the most competent (ties: the earlier in the list), in their original order.
        let mut order: Vec<usize> = (0..out.managers.len()).collect();
        order.sort_by(|&a, &b| {
            out.managers[b]
                .competence
                .total_cmp(&out.managers[a].competence)
                .then(a.cmp(&b))
        });
        let mut keep = vec![false; out.managers.len()];
        for &i in &order[..n] {
            keep[i] = true;
        }
        let mut k = 0;
        out.managers.retain(|_| {
            k += 1;
            keep[k - 1]
        });
        return out;
    }
    if out.managers.len() == n || out.departments.is_empty() {
        return out;
    }
    let median = |f: &dyn Fn(&Manager) -> f64| {
        let mut v: Vec<f64> = sc.managers.iter().map(f).collect();
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(70.0)
    };
    let competence = median(&|m| m.competence);
    let skills = [0, 1, 2, 3].map(|k| median(&|m: &Manager| m.skills[k]));
    let pay_grade = median(&|m| f64::from(m.pay_grade)) as u8;
    let dept_work = department_work(&out, work);
    let mut dept_staff = vec![0usize; out.departments.len()];
    for m in &out.managers {
        if let Some(x) = dept_staff.get_mut(m.department) {
            *x += 1;
        }
    }
    let mut k = 0;
    while out.managers.len() < n {
        let d = (0..dept_work.len())
            .max_by(|&a, &b| {
                let per = |i: usize| dept_work[i] / (dept_staff[i] + 1) as f64;
                per(a).total_cmp(&per(b)).then(b.cmp(&a))
            })
            .unwrap_or(0);
        dept_staff[d] += 1;
        k += 1;
        out.managers.push(Manager {
            id: format!("ADD{k:03}"),
            name: format!("+{k}"),
            department: d,
            competence,
            skills,
            pay_grade,
        });
    }
    out
}

/// True when `model` on `sc` with `n` managers meets every rigid cycle (no missed visit).
fn meets(
    sc: &Scenario,
    work: &[Work],
    model: &dyn StaffingModel,
    n: usize,
    params: &CalendarParams,
) -> bool {
    let trial = with_headcount(sc, work, n);
    match model.assign(&trial, work) {
        Ok(a) => calendar::build(&trial, work, &a, params).missed.is_empty(),
        // A headcount the model cannot organise (too few for its posts) does not meet.
        Err(_) => false,
    }
}

/// The least headcount with which `model` meets every rigid cycle on `sc`.
pub fn headcount_for_full_coverage(
    sc: &Scenario,
    work: &[Work],
    model: &dyn StaffingModel,
    params: &CalendarParams,
) -> HeadcountSearch {
    let estimate = workload::headcount(sc, work);
    let limit = (SEARCH_FACTOR * estimate).max(estimate + SEARCH_SPAN_MIN);
    let mut calendars = 0;
    let mut test = |n: usize| {
        calendars += 1;
        meets(sc, work, model, n, params)
    };
    if test(estimate) {
        return HeadcountSearch {
            estimate,
            full_coverage: Some(estimate),
            limit,
            calendars: 1,
        };
    }
    // Gallop: estimate + 1, + 2, + 4, … until one meets.
    let (mut bad, mut good) = (estimate, None);
    let mut step = 1;
    while estimate + step <= limit {
        if test(estimate + step) {
            good = Some(estimate + step);
            break;
        }
        bad = estimate + step;
        step *= 2;
    }
    if good.is_none() && bad < limit && test(limit) {
        good = Some(limit);
    }
    // A model whose coverage is not monotone in headcount can fail at every galloping step:
    // then the literal search, one by one upward, over the headcounts not tried yet.
    if good.is_none() {
        let tried = |n: usize| n == limit || (n > estimate && (n - estimate).is_power_of_two());
        good = (estimate + 1..limit).find(|&n| !tried(n) && test(n));
        if let Some(g) = good {
            bad = g - 1;
        }
    }
    // Bisect (bad, good].
    if let Some(mut g) = good {
        while g - bad > 1 {
            let mid = bad + (g - bad) / 2;
            if test(mid) {
                g = mid;
            } else {
                bad = mid;
            }
        }
        good = Some(g);
    }
    HeadcountSearch {
        estimate,
        full_coverage: good,
        limit,
        calendars,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::generate::{generate, Preset};
    use crate::core::models;
    use crate::core::workload::generalist;

    #[test]
    fn headcount_changes_add_median_staff_or_remove_the_least_competent() {
        let sc = generate(Preset::Urban, 4).expect("preset");
        let work = generalist(&sc);
        let n = sc.managers.len();
        let fewer = with_headcount(&sc, &work, n - 2);
        assert_eq!(fewer.managers.len(), n - 2);
        let min_kept = fewer
            .managers
            .iter()
            .map(|m| m.competence)
            .fold(f64::INFINITY, f64::min);
        let removed: Vec<&Manager> = sc
            .managers
            .iter()
            .filter(|m| !fewer.managers.iter().any(|k| k.id == m.id))
            .collect();
        assert_eq!(removed.len(), 2);
        assert!(removed.iter().all(|m| m.competence <= min_kept));
        let more = with_headcount(&sc, &work, n + 3);
        assert_eq!(more.managers.len(), n + 3);
        assert_eq!(&more.managers[..n], &sc.managers[..]);
        for m in &more.managers[n..] {
            assert!(m.department < sc.departments.len());
            assert!(m.competence > 0.0);
        }
    }

    #[test]
    fn the_search_finds_a_headcount_that_meets_every_cycle_and_one_less_does_not() {
        // A small district cut from the urban preset keeps the test quick in debug builds.
        let mut sc = generate(Preset::Urban, 6).expect("preset");
        sc.customers.truncate(260);
        let work = generalist(&sc);
        let est = workload::headcount(&sc, &work);
        sc = with_headcount(&sc, &work, est);
        let model = models::by_id("region").expect("region");
        let params = CalendarParams::default();
        let found = headcount_for_full_coverage(&sc, &work, model.as_ref(), &params);
        assert_eq!(found.estimate, est);
        let n = found.full_coverage.expect("a headcount meets every cycle");
        assert!(n >= est && n <= found.limit);
        assert!(meets(&sc, &work, model.as_ref(), n, &params));
        if n > est {
            assert!(!meets(&sc, &work, model.as_ref(), n - 1, &params));
        }
    }
}
