//! Training's group sessions (集中培训): one per department per training cycle at the
//! department office, led by one staff member (`workload::session_leaders`) and counted as
//! that person's working time, not as customer visits.

use std::collections::BTreeMap;

use crate::core::assignment::Assignment;
use crate::core::scenario::Scenario;
use crate::core::workload::{session_cycle_weeks, session_leaders, session_minutes};

use super::tasks::Tasks;
use super::types::Session;

/// The sessions of the horizon: each department's in the first week of every training cycle
/// wholly inside the horizon, on the leader's least loaded day of that week by the route lines
/// (`load`: staff member -> slot -> planned minutes), so the session displaces the fewest
/// visits; the earlier day among equals.
pub(super) fn plan(
    sc: &Scenario,
    a: &Assignment,
    tasks: &Tasks,
    load: &[Vec<f64>],
) -> Vec<Session> {
    let s = &sc.settings;
    let minutes = session_minutes(s);
    if minutes <= 0.0 {
        return Vec::new();
    }
    let cw = session_cycle_weeks(s);
    let mut out = Vec::new();
    for (department, staff) in session_leaders(sc, a) {
        for cycle in 0..tasks.weeks / cw {
            let first = cycle * cw * tasks.dpw;
            let planned = |d: u32| {
                load.get(staff)
                    .and_then(|l| l.get((d % tasks.slots.max(1)) as usize))
                    .copied()
                    .unwrap_or(0.0)
            };
            let day = (first..first + tasks.dpw)
                .min_by(|&x, &y| planned(x).total_cmp(&planned(y)).then(x.cmp(&y)))
                .unwrap_or(first);
            out.push(Session {
                department,
                staff,
                day,
                minutes,
            });
        }
    }
    out.sort_by_key(|x| (x.day, x.staff));
    out
}

/// Minutes of sessions each (staff member, day) holds.
pub(super) fn by_staff_day(sessions: &[Session]) -> BTreeMap<(usize, u32), f64> {
    let mut out = BTreeMap::new();
    for x in sessions {
        *out.entry((x.staff, x.day)).or_insert(0.0) += x.minutes;
    }
    out
}
