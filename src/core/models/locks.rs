//! Locks: customers kept with a chosen manager whatever the model (`Customer::locked_to`).
//!
//! A pass over any model's finished assignment, so that every model honours locks the same
//! way without each knowing about them: the locked manager's staff member takes every function
//! its post does for the customer, among those that reach it; the customer's other functions
//! stay with whoever the model gave them. A lock whose manager has no staff member in the plan
//! (not used by the model, or gone with a smaller headcount), or whose post does nothing for
//! the customer, is left as the model made it and reported as not kept: a model never fails
//! over a lock (an unknown manager id is refused when the lock is made, not here).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::common::post_of;
use crate::core::assignment::Assignment;
use crate::core::scenario::{Customer, Scenario};
use crate::core::settings::Function;
use crate::core::workload::Work;

/// One lock as the page keeps it and a request carries it: a customer id and the id of the
/// manager it is locked to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Lock {
    pub customer: String,
    pub manager: String,
}

/// How a plan honours the scenario's locks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LockReport {
    /// Locked customers whose manager's staff member does its functions.
    pub kept: usize,
    /// Locked customers the plan could not keep with their manager (customer indices).
    pub unkept: Vec<usize>,
}

/// Every manager's index by id, built once per pass (the first of two equal ids, which the
/// scenario's validation refuses anyway).
pub fn manager_index(sc: &Scenario) -> BTreeMap<&str, usize> {
    let mut idx = BTreeMap::new();
    for (i, m) in sc.managers.iter().enumerate() {
        idx.entry(m.id.as_str()).or_insert(i);
    }
    idx
}

/// The locks of `sc`, as (customer id, manager id) in customer order.
pub fn locks_of(sc: &Scenario) -> Vec<Lock> {
    sc.customers
        .iter()
        .filter_map(|c| {
            c.locked_to.as_ref().map(|m| Lock {
                customer: c.id.clone(),
                manager: m.clone(),
            })
        })
        .collect()
}

/// Whether any customer of `sc` is locked.
pub fn any_locked(sc: &Scenario) -> bool {
    sc.customers.iter().any(|c| c.locked_to.is_some())
}

/// For each locked customer: its index and the staff member of its manager in `a`, or `None`
/// when the manager is unknown or has no place in the plan.
fn locked_staff(sc: &Scenario, a: &Assignment) -> Vec<(usize, Option<usize>)> {
    if !any_locked(sc) {
        return Vec::new();
    }
    let idx = manager_index(sc);
    // A manager holds at most one staff role (the checker refuses two); the first counts.
    let mut staff_of: BTreeMap<usize, usize> = BTreeMap::new();
    for (s, st) in a.staff.iter().enumerate() {
        staff_of.entry(st.manager).or_insert(s);
    }
    sc.customers
        .iter()
        .enumerate()
        .filter_map(|(c, cu)| {
            let id = cu.locked_to.as_deref()?;
            let s = idx.get(id).and_then(|m| staff_of.get(m)).copied();
            Some((c, s))
        })
        .collect()
}

/// The functions staff member `s` of `a` does: all for a generalist; for a post, those whose
/// owner among its segment's posts is that post (its own function, and what a post missing
/// from the segment hands to the catch-all), as the models share them out (`common::post_of`).
fn post_duties(a: &Assignment, s: usize) -> Vec<Function> {
    let Some(st) = a.staff.get(s) else {
        return Vec::new();
    };
    let Some(p) = st.post else {
        return Function::ALL.to_vec();
    };
    let mut posts: Vec<Function> = a
        .staff
        .iter()
        .filter(|x| x.group == st.group)
        .filter_map(|x| x.post)
        .collect();
    posts.sort();
    posts.dedup();
    let owner = post_of(&posts);
    Function::ALL
        .into_iter()
        .filter(|f| owner[f.index()] == p)
        .collect()
}

/// A locked customer, and its manager's staff member with the functions it does there.
type Locked = (usize, Option<(usize, Vec<Function>)>);

/// Each locked customer with its manager's staff member and the functions that member does
/// for it (those of its post that reach the customer); `None` when the manager is unknown or
/// has no place in the plan. The duties of a post are worked out once per staff member.
fn locked_duties(sc: &Scenario, work: &[Work], a: &Assignment) -> Vec<Locked> {
    let mut cache: BTreeMap<usize, Vec<Function>> = BTreeMap::new();
    locked_staff(sc, a)
        .into_iter()
        .map(|(c, s)| {
            let duties = s.map(|s| {
                let does = cache.entry(s).or_insert_with(|| post_duties(a, s));
                let fs: Vec<Function> = does
                    .iter()
                    .copied()
                    .filter(|&f| work.get(c).is_none_or(|w| w.reaches(f)))
                    .collect();
                (s, fs)
            });
            (c, duties)
        })
        .collect()
}

/// Gives each locked customer's functions to its manager's staff member (as the module says)
/// and reports which locks could not be kept. A plan without locks is returned untouched.
pub fn keep(sc: &Scenario, work: &[Work], a: &mut Assignment) -> LockReport {
    let mut report = LockReport::default();
    for (c, duties) in locked_duties(sc, work, a) {
        match (duties, a.responsible.get_mut(c)) {
            (Some((s, fs)), Some(row)) if !fs.is_empty() => {
                for f in fs {
                    row[f.index()] = Some(s);
                }
                report.kept += 1;
            }
            _ => report.unkept.push(c),
        }
    }
    report
}

/// How `a` honours the scenario's locks, without changing it (what `compare` reports).
pub fn report(sc: &Scenario, work: &[Work], a: &Assignment) -> LockReport {
    let mut report = LockReport::default();
    for (c, duties) in locked_duties(sc, work, a) {
        let held = duties.is_some_and(|(s, fs)| {
            !fs.is_empty() && fs.iter().all(|&f| a.responsible_for(c, f) == Some(s))
        });
        if held {
            report.kept += 1;
        } else {
            report.unkept.push(c);
        }
    }
    report
}

/// `sc` with every lock replaced by `locks` (customer id → manager id): a lock naming a
/// customer the scenario does not have is skipped (the page's locks outlive a smaller
/// county), and a manager id is taken as it is (one the models cannot place is not kept).
pub fn with_locks(sc: &Scenario, locks: &[Lock]) -> Scenario {
    let by_customer: BTreeMap<&str, &str> = locks
        .iter()
        .map(|l| (l.customer.as_str(), l.manager.as_str()))
        .collect();
    let wanted = |c: &Customer| by_customer.get(c.id.as_str()).copied();
    let mut out = sc.clone();
    // Unchanged, the customers stay shared with `sc` (the page's list, in the worker): a
    // result that carries them can then say so rather than send them back.
    if sc
        .customers
        .iter()
        .any(|c| c.locked_to.as_deref() != wanted(c))
    {
        for c in out.customers_mut() {
            c.locked_to = wanted(c).map(str::to_string);
        }
    }
    out
}
