//! Training sessions (集中培训): each held by its department's leader, of the setting's
//! length, at most one per department per session cycle, and each route's session minutes
//! exactly the session held that day.

use std::collections::{BTreeMap, BTreeSet};

use crate::core::workload::{session_cycle_weeks, session_leaders, session_minutes};

use super::ctx::{close, Ctx};
use super::violation::{Kind, Violation};

pub(super) fn check(cx: &mut Ctx) {
    let (sc, a, cal) = (cx.sc, cx.a, cx.cal);
    let s = &sc.settings;
    let minutes = session_minutes(s);
    let leader: BTreeMap<usize, usize> = session_leaders(sc, a).into_iter().collect();
    let span = session_cycle_weeks(s) * cx.dpw;
    let mut held: BTreeSet<(usize, u32)> = BTreeSet::new();
    let mut per_cycle: BTreeSet<(usize, u32)> = BTreeSet::new();
    for x in &cal.sessions {
        let here = |e: String, f: String| {
            Violation::new(Kind::Session, e, f)
                .staff(x.staff)
                .day(x.day)
        };
        if leader.get(&x.department) != Some(&x.staff) {
            let want = leader
                .get(&x.department)
                .map_or("no session".to_string(), |st| format!("led by staff {st}"));
            cx.push(here(want, format!("led by staff {}", x.staff)));
        }
        if !close(x.minutes, minutes) {
            cx.push(here(format!("{minutes} min"), format!("{} min", x.minutes)));
        }
        if u64::from(x.day) >= cx.horizon_days {
            cx.push(here(
                format!("a day below {}", cx.horizon_days),
                x.day.to_string(),
            ));
        }
        if !per_cycle.insert((x.department, x.day / span.max(1))) {
            cx.push(here(
                "one session per department per cycle".into(),
                "another".into(),
            ));
        }
        held.insert((x.staff, x.day));
        let route = cal
            .routes
            .iter()
            .find(|r| (r.staff, r.day) == (x.staff, x.day));
        if !route.is_some_and(|r| close(r.session_min, x.minutes)) {
            cx.push(here(
                format!("a route with {} min of session", x.minutes),
                route.map_or("no route".to_string(), |r| format!("{} min", r.session_min)),
            ));
        }
    }
    for (ri, r) in cal.routes.iter().enumerate() {
        if r.session_min != 0.0 && !held.contains(&(r.staff, r.day)) {
            cx.push(
                Violation::new(
                    Kind::Session,
                    "no session minutes without a session".to_string(),
                    format!("{} min", r.session_min),
                )
                .route(ri)
                .staff(r.staff)
                .day(r.day),
            );
        }
    }
}
