//! The required cycles as lived: each one served, or listed as missed with the last reason a
//! visit for it was dropped (never planned when none was).

use crate::core::assignment::Assignment;
use crate::core::workload::Work;

use super::retry::Lived;
use super::tasks::required_cycles;
use super::types::{Calendar, Missed, Reason};

/// Counts every (customer, function) cycle wholly inside the horizon into `cal.required` and
/// lists those `lived` did not serve in `cal.missed`.
pub(super) fn account(work: &[Work], a: &Assignment, lived: &Lived, cal: &mut Calendar) {
    let dpw = cal.days_per_week;
    for r in required_cycles(work, a, cal.weeks) {
        let (c, f, st, cyc, cw) = (r.customer, r.function, r.staff, r.cycle, r.cycle_weeks);
        cal.required += 1;
        cal.required_by_function[f.index()] += 1;
        if let Some(n) = cal.required_by_week.get_mut(((cyc + 1) * cw - 1) as usize) {
            *n += 1;
        }
        if !lived.has_served(st, c, f, cyc) {
            cal.missed.push(Missed {
                customer: c,
                function: f,
                staff: st,
                from_day: cyc * cw * dpw,
                to_day: (cyc + 1) * cw * dpw - 1,
                reason: lived
                    .failed
                    .get(&(st, c, f))
                    .copied()
                    .unwrap_or(Reason::NotPlanned),
            });
        }
    }
}
