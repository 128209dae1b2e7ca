//! Staggering (错时拜访) and joining: a customer-day with several staff is one team visit (team
//! visits on) or does not exist (staggering on); the calendar's conflict count is recounted.

use std::collections::{BTreeMap, BTreeSet};

use super::ctx::Ctx;
use super::violation::{Kind, Violation};

/// Customer-days with several staff: staggered apart, or one team visit. Recounts the
/// customer-days with several staff not joined in one team (the calendar's conflicts).
pub(super) fn check(cx: &mut Ctx) {
    let (cal, modes) = (cx.cal, &cx.sc.settings.modes);
    // Customer-day -> (staff, team ids of its visits).
    type Seen = (BTreeSet<usize>, BTreeSet<Option<u32>>);
    let mut cdays: BTreeMap<(usize, u32), Seen> = BTreeMap::new();
    for v in cal.visits.iter().filter(|v| !v.closed) {
        let e = cdays.entry((v.customer, v.day)).or_default();
        e.0.insert(v.staff);
        e.1.insert(v.team);
    }
    let mut conflicts = 0;
    for (&(c, d), (staff, teams)) in &cdays {
        let joined = teams.len() == 1 && teams.iter().all(Option::is_some);
        if staff.len() < 2 || joined {
            continue;
        }
        conflicts += 1;
        let found = format!("staff {staff:?}, teams {teams:?}");
        if modes.team_visits {
            cx.push(
                Violation::new(Kind::NotJoined, "one team visit", found)
                    .customer(c)
                    .day(d),
            );
        } else if modes.staggering {
            cx.push(
                Violation::new(Kind::NotStaggered, "one staff member", found)
                    .customer(c)
                    .day(d),
            );
        }
    }
    if conflicts != cal.conflicts {
        cx.push(Violation::new(
            Kind::ConflictCount,
            conflicts,
            cal.conflicts,
        ));
    }
    cx.conflicts = conflicts;
}
