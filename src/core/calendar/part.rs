//! A part of a calendar planned alone: some staff members and the customers they serve, cut
//! out of a whole assignment and planned as the whole would plan them.
//!
//! Staff members meet only over the customers they share (staggering, team visits, covering)
//! and in their department (its market manager, its training sessions), so the staff of some
//! departments, with their customers, live the same days alone as in the whole. What the whole
//! numbers globally is carried over: each customer's long cycles are spread by its index in the
//! whole, and the planning period is the whole's. (A staff member's planner seed is its rank
//! in its department, the same in the part and the whole, and the same whatever the other
//! departments hold.) The establishment search re-plans only the departments
//! that changed this way (`staffing::establishment`); a test holds the part equal to the
//! whole's share.

use crate::core::assignment::Assignment;
use crate::core::scenario::Scenario;
use crate::core::workload::Work;

use super::tasks::{Tasks, Whole};
use super::types::{Calendar, CalendarParams};

/// A part's calendar, its staff and customers numbered by the part; `staff` and `customers`
/// map them to the whole's.
#[derive(Debug, Clone)]
pub struct Part {
    pub calendar: Calendar,
    /// Part's staff member -> the whole's.
    pub staff: Vec<usize>,
    /// Part's customer -> the whole's.
    pub customers: Vec<usize>,
}

/// The calendar of the staff members `keep` selects (indexed like `a.staff`) and the customers
/// they serve, planned alone as the whole calendar of `a` plans them. `None` when a customer
/// is served both by a selected staff member and by another: then the part is not separable.
pub fn build_part(
    sc: &Scenario,
    work: &[Work],
    a: &Assignment,
    params: &CalendarParams,
    keep: &[bool],
) -> Option<Part> {
    let kept = |st: usize| keep.get(st).copied().unwrap_or(false);
    let mut customers = Vec::new();
    for c in 0..a.responsible.len() {
        let (mut ours, mut theirs) = (false, false);
        for (_, st) in a.duties(c) {
            if kept(st) {
                ours = true;
            } else {
                theirs = true;
            }
        }
        match (ours, theirs) {
            (true, true) => return None,
            (true, false) => customers.push(c),
            _ => {}
        }
    }
    let staff: Vec<usize> = (0..a.staff.len()).filter(|&st| kept(st)).collect();
    let mut number = vec![usize::MAX; a.staff.len()];
    for (i, &st) in staff.iter().enumerate() {
        number[st] = i;
    }
    let period = Tasks::new(sc, work, a, None).period;
    // Every field but the customers as the whole has them (the managers too: staff members
    // point into them, and the departments' market managers and offices are read from them).
    let part_sc = sc.with_customers(customers.iter().map(|&c| sc.customers[c].clone()).collect());
    let part_work: Vec<Work> = customers
        .iter()
        .filter_map(|&c| work.get(c).copied())
        .collect();
    let part_a = Assignment {
        model: a.model,
        staff: staff.iter().map(|&st| a.staff[st].clone()).collect(),
        responsible: customers
            .iter()
            .map(|&c| a.responsible[c].map(|x| x.map(|st| number[st])))
            .collect(),
    };
    let whole = Whole {
        customers: customers.clone(),
        period,
    };
    let calendar = super::pipeline::build(&part_sc, &part_work, &part_a, params, Some(&whole));
    Some(Part {
        calendar,
        staff,
        customers,
    })
}
