//! Covering absent colleagues (`Disturbances::cover_absent`): an absent staff member's day goes
//! to the present colleague of the same post, shift and department with the fewest planned
//! stops; the cover makes the visits that need no one else at the shop, after its own day.

use std::collections::BTreeMap;

use crate::core::assignment::Assignment;
use crate::core::scenario::Scenario;

use super::stop::{Stop, Who};
use super::types::Reason;

/// Who covers each absent staff member today (`None`: nobody, or covering off). With covering,
/// the absent live their day first (`order` is re-sorted), so that it can be handed over.
pub(super) fn assign(
    sc: &Scenario,
    a: &Assignment,
    plan: &[Vec<Vec<usize>>],
    slot: usize,
    absent_today: &[bool],
    order: &mut [usize],
) -> Vec<Option<usize>> {
    let mut cover_of: Vec<Option<usize>> = vec![None; plan.len()];
    if sc.settings.disturbances.cover_absent {
        // Ties: the lower index.
        for st in (0..plan.len()).filter(|&st| absent_today[st]) {
            let dept = sc.managers[a.staff[st].manager].department;
            cover_of[st] = (0..plan.len())
                .filter(|&o| {
                    !absent_today[o]
                        && a.staff[o].post == a.staff[st].post
                        && a.staff[o].shift == a.staff[st].shift
                        && sc.managers[a.staff[o].manager].department == dept
                })
                .min_by_key(|&o| (plan[o][slot].len(), o));
        }
        order.sort_by_key(|&st| !absent_today[st]);
    }
    cover_of
}

/// The stops handed over today: cover -> stops of absent colleagues.
#[derive(Default)]
pub(super) struct Handed(BTreeMap<usize, Vec<Stop>>);

impl Handed {
    /// Absent staff member `st`'s day `todo`: covered, the colleague `cover` makes the visits
    /// that need no one else at the shop (no team to meet); the rest, or everything when nobody
    /// covers, is dropped (`drop`) and retried another day.
    pub(super) fn hand_over(
        &mut self,
        st: usize,
        cover: Option<usize>,
        todo: Vec<Stop>,
        drop: &mut dyn FnMut(&Stop, Reason),
    ) {
        for x in todo {
            match cover {
                Some(o) if x.window.is_none() && x.group.is_none() => {
                    let x = Stop {
                        owner: Some(st),
                        ..x
                    };
                    self.0.entry(o).or_default().push(x);
                }
                _ => drop(&x, Reason::Absent),
            }
        }
    }

    /// Whether staff member `st` has visits to take over today.
    pub(super) fn has(&self, st: usize) -> bool {
        self.0.get(&st).is_some_and(|x| !x.is_empty())
    }

    /// Visits taken over by staff member `who` from absent colleagues come after
    /// its own day `todo`, nearest first from its last stop: a day too full gives them up
    /// before its own visits (`fit.rs`). Not where the cover goes anyway, nor where another
    /// staff member already was today (`visited`: the visit would sit beside theirs): those
    /// are dropped (`drop`), retried by their owner instead.
    pub(super) fn take_over(
        &mut self,
        sc: &Scenario,
        who: &Who,
        todo: &mut Vec<Stop>,
        visited: impl Fn(usize) -> bool,
        drop: &mut dyn FnMut(&Stop, Reason),
    ) {
        let (base, specialist) = (who.base, who.specialist);
        let mut extra = self.0.remove(&who.st).unwrap_or_default();
        let mut from = todo
            .last()
            .map_or(base, |x: &Stop| sc.customers[x.customer].pos);
        while !extra.is_empty() {
            let k = (0..extra.len())
                .min_by(|&i, &j| {
                    let d = |k: usize| from.dist(sc.customers[extra[k].customer].pos);
                    d(i).total_cmp(&d(j))
                })
                .unwrap_or(0);
            let x = extra.remove(k);
            if todo.iter().any(|y| y.customer == x.customer) || visited(x.customer) {
                drop(&x, Reason::Absent);
                continue;
            }
            from = sc.customers[x.customer].pos;
            todo.push(x.prepared(sc, base, specialist));
        }
    }
}
