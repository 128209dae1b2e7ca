//! Staggering (错时拜访): one staff member per customer and day. Staff are planned one after
//! another, and a customer's visit-day patterns that would put a second staff member on a day
//! another already visits it are removed while any remain; on the day, a second staff member
//! at a shop (when team visits are off) comes another day; a retry avoids the days others plan
//! the customer. What cannot be staggered becomes a team visit (`teams.rs`) or a conflict.

use super::stop::{At, Stop, Verdict};
use super::types::Reason;

/// The visit-day patterns (slot masks) offered to the planner for a customer, where
/// `taken(p)` says pattern `p` falls on a day other staff already visit it: the free ones
/// while any remain.
pub(super) fn patterns(on: bool, all: Vec<u64>, taken: impl Fn(u64) -> bool) -> Vec<u64> {
    let free: Vec<u64> = all.iter().copied().filter(|&p| !taken(p)).collect();
    if on && !free.is_empty() {
        free
    } else {
        all
    }
}

/// Who plans each customer on which slots (staff, slot mask), for retries that must not land
/// on another staff member's day.
pub(super) struct Planners(Vec<Vec<(usize, u64)>>);

impl Planners {
    /// From the route lines (staff -> slot -> customers) of `customers` customers.
    pub(super) fn new(plan: &[Vec<Vec<usize>>], customers: usize) -> Planners {
        let mut planners: Vec<Vec<(usize, u64)>> = vec![Vec::new(); customers];
        for (st, by_slot) in plan.iter().enumerate() {
            for (slot, cs) in by_slot.iter().enumerate() {
                for &c in cs {
                    match planners[c].iter_mut().find(|x| x.0 == st) {
                        Some(x) => x.1 |= 1u64 << slot,
                        None => planners[c].push((st, 1u64 << slot)),
                    }
                }
            }
        }
        Planners(planners)
    }

    /// Another staff member than `st` plans customer `c` on day `d` (of `slots`-day periods).
    pub(super) fn others_there(&self, c: usize, st: usize, d: u32, slots: u32) -> bool {
        let bit = 1u64 << (d % slots.max(1));
        self.0[c]
            .iter()
            .any(|&(o, mask)| o != st && mask & bit != 0)
    }
}

/// Staggering without team visits: never a second staff member on the same day; the visit
/// moves to another day of its cycle. (With team visits on, `teams::join_host` has decided
/// before this rule.)
pub(super) fn keep_apart(at: &At, _x: &mut Stop) -> Option<Verdict> {
    (at.host.is_some() && at.sc.settings.modes.staggering)
        .then_some(Verdict::Drop(Reason::Conflict))
}
