//! Routes: membership, base to base, time order, km, travel and service minutes, day length
//! (the working day plus the overtime cap, desk time included).

use std::collections::BTreeSet;

use super::ctx::{close, not_after, Ctx, Totals};
use super::violation::{Kind, Violation};

/// Routes: membership, base to base, time order, km, travel and service minutes, day length.
pub(super) fn check(cx: &mut Ctx) {
    let (sc, a, cal) = (cx.sc, cx.a, cx.cal);
    let s = &sc.settings;
    let cap = s.day_minutes + s.overtime_cap_minutes;
    let mut totals = Totals::default();
    let mut membership = vec![0u32; cal.visits.len()];
    let mut days: BTreeSet<(usize, u32)> = BTreeSet::new();
    for (ri, r) in cal.routes.iter().enumerate() {
        let here = |kind, e: String, f: String| {
            Violation::new(kind, e, f)
                .route(ri)
                .staff(r.staff)
                .day(r.day)
        };
        let mut ok = true;
        if r.staff >= a.staff.len() {
            ok = false;
            cx.push(here(
                Kind::BadIndex,
                format!("staff below {}", a.staff.len()),
                r.staff.to_string(),
            ));
        }
        if u64::from(r.day) >= cx.horizon_days {
            ok = false;
            cx.push(here(
                Kind::BadIndex,
                format!("day below {}", cx.horizon_days),
                r.day.to_string(),
            ));
        }
        if !days.insert((r.staff, r.day)) {
            cx.push(here(
                Kind::DuplicateRoute,
                "one route per staff member and day".into(),
                "another".into(),
            ));
        }
        for &vi in &r.visits {
            let Some(v) = cal.visits.get(vi) else {
                ok = false;
                cx.push(here(
                    Kind::BadIndex,
                    format!("visit below {}", cal.visits.len()),
                    vi.to_string(),
                ));
                continue;
            };
            membership[vi] += 1;
            if (v.staff, v.day) != (r.staff, r.day) {
                ok = false;
                cx.push(
                    here(
                        Kind::RouteMembership,
                        format!("a visit of staff {} on day {}", r.staff, r.day),
                        format!("staff {} on day {}", v.staff, v.day),
                    )
                    .visit(vi),
                );
            } else if !cx.visit_ok[vi] {
                ok = false;
            }
        }
        // The desk time is the research specialist's share of the day, nobody else's.
        let desk = a.staff.get(r.staff).map_or(0.0, |x| s.desk_minutes(x.post));
        if !close(r.desk_min, desk) {
            cx.push(here(
                Kind::DayTooLong,
                format!("{desk} min at the desk"),
                format!("{} min", r.desk_min),
            ));
        }
        // A lunch break is the setting's length or none: a longer one would hide work.
        let lunch = s.lunch_minutes.max(0.0);
        if !(r.lunch_min == 0.0 || close(r.lunch_min, lunch)) {
            cx.push(here(
                Kind::DayTooLong,
                format!("a lunch break of 0 or {lunch} min"),
                format!("{} min", r.lunch_min),
            ));
        }
        let day = r.working_minutes();
        if !(r.leave.is_finite() && r.back.is_finite() && not_after(day, cap)) {
            cx.push(here(
                Kind::DayTooLong,
                format!("back − leave − lunch + desk ≤ {cap} min"),
                format!(
                    "{day} min ({} – {}, lunch {}, desk {})",
                    r.leave, r.back, r.lunch_min, r.desk_min
                ),
            ));
        }
        let Some(base) = cx.base(r.staff).filter(|_| ok) else {
            continue;
        };
        // Base to base through the visits in route order.
        let base_speed = r
            .visits
            .first()
            .map_or(s.speed_kmh.urban, |&vi| cx.speed(cal.visits[vi].customer));
        let mut at = (base, base_speed);
        let (mut km, mut travel, mut service, mut free) = (0.0, 0.0, 0.0, r.leave);
        for &vi in &r.visits {
            let v = &cal.visits[vi];
            let next = (sc.customers[v.customer].pos, cx.speed(v.customer));
            let (lk, lm) = cx.leg(at, next);
            km += lk;
            travel += lm;
            if !not_after(free + lm, v.start) {
                cx.push(
                    here(
                        Kind::TimeOrder,
                        format!("start ≥ {} (previous end {free} + travel {lm})", free + lm),
                        v.start.to_string(),
                    )
                    .visit(vi)
                    .customer(v.customer),
                );
            }
            service += v.end - v.start;
            free = v.end;
            at = next;
        }
        let (lk, lm) = cx.leg(at, (base, base_speed));
        km += lk;
        travel += lm;
        if !r.visits.is_empty() && !not_after(free + lm, r.back) {
            cx.push(here(
                Kind::ReturnTooEarly,
                format!("back ≥ {} (last end {free} + travel {lm})", free + lm),
                r.back.to_string(),
            ));
        }
        for (kind, want, got) in [
            (Kind::RouteKm, km, r.km),
            (Kind::RouteTravel, travel, r.travel_min),
            (Kind::RouteService, service, r.service_min),
        ] {
            if !close(want, got) {
                cx.push(here(kind, want.to_string(), got.to_string()));
            }
        }
        totals.km += km;
        totals.travel += travel;
        totals.service += service;
        totals.overtime_min += (r.working_minutes() - s.day_minutes).max(0.0);
    }
    for (vi, &n) in membership.iter().enumerate() {
        if n != 1 {
            let v = &cal.visits[vi];
            cx.push(
                Violation::new(
                    Kind::RouteMembership,
                    "in exactly one route",
                    format!("in {n}"),
                )
                .visit(vi)
                .staff(v.staff)
                .day(v.day)
                .customer(v.customer),
            );
        }
    }
    cx.totals = totals;
}
