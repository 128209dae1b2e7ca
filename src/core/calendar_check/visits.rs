//! Each visit on its own: indices, times, opening hours, functions (each its staff member's
//! own, or its absent colleague's when covering), minutes.

use std::collections::BTreeSet;

use super::covering;
use super::ctx::{close, not_after, Ctx};
use super::violation::{Kind, Violation};

/// Each visit on its own: indices, times, opening hours, minutes, functions.
pub(super) fn check(cx: &mut Ctx) {
    let (sc, a, cal) = (cx.sc, cx.a, cx.cal);
    for (i, v) in cal.visits.iter().enumerate() {
        let mut ok = true;
        if v.staff >= a.staff.len() {
            ok = false;
            cx.push(
                Violation::new(
                    Kind::BadIndex,
                    format!("staff below {}", a.staff.len()),
                    v.staff,
                )
                .visit(i),
            );
        }
        if v.customer >= sc.customers.len() {
            ok = false;
            cx.push(
                Violation::new(
                    Kind::BadIndex,
                    format!("customer below {}", sc.customers.len()),
                    v.customer,
                )
                .visit(i),
            );
        }
        if u64::from(v.day) >= cx.horizon_days {
            ok = false;
            cx.push(
                Violation::new(
                    Kind::BadIndex,
                    format!("day below {}", cx.horizon_days),
                    v.day,
                )
                .visit(i),
            );
        }
        cx.visit_ok[i] = ok;
        if !ok {
            continue;
        }
        let here = |kind, e: String, f: String| {
            Violation::new(kind, e, f)
                .visit(i)
                .staff(v.staff)
                .day(v.day)
                .customer(v.customer)
        };
        if !(v.start.is_finite() && v.end.is_finite() && v.end >= v.start) {
            cx.push(here(
                Kind::BadTime,
                "finite start ≤ end".into(),
                format!("{} – {}", v.start, v.end),
            ));
            continue;
        }
        let cu = &sc.customers[v.customer];
        let (open, shut) = (f64::from(cu.open_min), f64::from(cu.close_min));
        if !not_after(open, v.start) || !not_after(v.end, shut) {
            cx.push(here(
                Kind::OpeningHours,
                format!("within {open} – {shut}"),
                format!("{} – {}", v.start, v.end),
            ));
        }
        covering::check_visit(cx, i, v);
        // Functions: each one the staff member's own, none twice, some unless in a team.
        let mut seen = BTreeSet::new();
        for &f in &v.functions {
            if !seen.insert(f) {
                cx.push(
                    here(
                        Kind::Functions,
                        "each function once".into(),
                        format!("{f:?} twice"),
                    )
                    .function(f),
                );
            }
            let resp = cx.responsible(v.customer, f);
            // A covering visit does its absent colleague's functions.
            if resp != Some(v.covers.unwrap_or(v.staff)) {
                cx.push(
                    here(
                        Kind::NotResponsible,
                        format!(
                            "staff {} (responsible)",
                            resp.map_or("none".into(), |x| x.to_string())
                        ),
                        format!("staff {}", v.staff),
                    )
                    .function(f),
                );
            }
        }
        if v.closed {
            // A shop found closed (a disturbance): nothing done, no time spent there.
            if !v.functions.is_empty() || v.team.is_some() || !close(v.end, v.start) {
                cx.push(here(
                    Kind::Functions,
                    "a closed shop: no function, no team, no time".into(),
                    format!(
                        "{:?}, team {:?}, {} min",
                        v.functions,
                        v.team,
                        v.end - v.start
                    ),
                ));
            }
            continue;
        }
        // A visit with nothing done is a team visit's, or the host of a planned team visit
        // at a flagged customer that nobody could join (it prepared and went all the same).
        let lone_host = sc.settings.modes.team_visits && cu.team.any();
        if v.functions.is_empty() && v.team.is_none() && !lone_host {
            cx.push(here(
                Kind::Functions,
                "at least one function outside a team visit".into(),
                "none".into(),
            ));
        }
        // Minutes: the functions' minutes, plus each member's preparation and debrief at a
        // planned team visit. Another visit at a customer flagged for team visits may carry
        // them too: a planned team visit that did not happen as planned (members missing, or
        // joined with other same-day visits into an unplanned team).
        let fm = cx.visit_minutes(v.staff, v.customer, &v.functions);
        let s = &sc.settings;
        let overhead = s.team.prep_minutes.max(0.0) + s.team.debrief_minutes.max(0.0);
        let got = v.end - v.start;
        let planned = v
            .team
            .and_then(|t| usize::try_from(t).ok())
            .and_then(|t| cal.teams.get(t))
            .is_some_and(|t| t.planned);
        let flagged = s.modes.team_visits && cu.team.any();
        // Under disturbances service times carry noise: only the order of magnitude is known.
        let noisy = cal.replication.is_some() && s.disturbances.service_time_cv > 0.0;
        let ok = if noisy {
            got > 0.0 || fm + overhead == 0.0
        } else if planned {
            close(got, fm + overhead)
        } else {
            close(got, fm) || (flagged && close(got, fm + overhead))
        };
        if !ok {
            cx.push(here(
                Kind::VisitMinutes,
                format!("{fm} min (+ {overhead} at a planned team visit)"),
                format!("{got} min"),
            ));
        }
    }
}
