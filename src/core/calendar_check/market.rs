//! Market managers' days (市场经理): each route recomputed from positions (office to the joint
//! visits and back, through the office between two where a stop says so: km and travel), in
//! time order, at each shop before the team starts and
//! for the team's whole span there, never at two places at once, within the working day plus
//! the overtime cap (the field route, each joint visit's preparation and debrief, and the
//! non-field share of the day at the office); and every team visit carrying a market manager
//! backed by exactly one stop of that market manager's day, and every stop by such a team.

use std::collections::{BTreeMap, BTreeSet};

use crate::core::geo::Point;

use super::ctx::{close, not_after, Ctx};
use super::violation::{Kind, Violation};

/// Market managers' routes, times, capacity and their link to the team visits.
pub(super) fn check(cx: &mut Ctx) {
    let (sc, cal) = (cx.sc, cx.cal);
    let s = &sc.settings;
    let cap = s.day_minutes + s.overtime_cap_minutes;
    let prep = s.team.prep_minutes.max(0.0) + s.team.debrief_minutes.max(0.0);
    // Road km and travel minutes of a leg, as for the staff (ctx.rs: the mean of the two ends'
    // paces).
    let leg = |a: (Point, f64), b: (Point, f64)| {
        let km = a.0.dist(b.0) * s.road_factor;
        (
            km,
            km / 2.0 * (1.0 / a.1.max(1e-6) + 1.0 / b.1.max(1e-6)) * 60.0,
        )
    };
    let desk = (1.0 - s.team.market_manager_field_share.clamp(0.0, 1.0)) * s.day_minutes.max(0.0);
    // Each team's span at the shop, from its members' visits.
    let mut span: BTreeMap<u32, (f64, f64)> = BTreeMap::new();
    for v in cal.visits.iter().filter(|v| !v.closed) {
        if let Some(t) = v.team {
            let e = span.entry(t).or_insert((v.start, v.end));
            *e = (e.0.min(v.start), e.1.max(v.end));
        }
    }
    // (team) -> the stops naming it, with their market manager's department and day.
    let mut backing: BTreeMap<u32, Vec<(usize, u32)>> = BTreeMap::new();
    let mut days: BTreeSet<(usize, u32)> = BTreeSet::new();
    let (mut km_total, mut field_total) = (0.0, 0.0);
    for r in &cal.market_managers {
        let here = |kind, e: String, f: String| {
            Violation::new(kind, e, f)
                .day(r.day)
                .department(r.department)
        };
        if r.department >= sc.departments.len() || u64::from(r.day) >= cx.horizon_days {
            cx.push(here(
                Kind::BadIndex,
                format!(
                    "a department below {} on a day below {}",
                    sc.departments.len(),
                    cx.horizon_days
                ),
                format!("department {}, day {}", r.department, r.day),
            ));
            continue;
        }
        if !days.insert((r.department, r.day)) {
            cx.push(here(
                Kind::DuplicateRoute,
                "one day per market manager".into(),
                "another".into(),
            ));
        }
        let office = sc.departments[r.department].office;
        let Some(first) = r.stops.first() else {
            cx.push(here(
                Kind::MarketManagerRoute,
                "at least one joint visit".into(),
                "none".into(),
            ));
            continue;
        };
        let mut ok = true;
        let pos = |c: usize| {
            sc.customers
                .get(c)
                .map(|cu| (cu.pos, s.speed_kmh.get(cu.zone)))
        };
        let Some(first_pos) = pos(first.customer) else {
            cx.push(here(
                Kind::BadIndex,
                format!("a customer below {}", sc.customers.len()),
                first.customer.to_string(),
            ));
            continue;
        };
        // The office travels at the first shop's zone speed, as a staff member's base.
        let base = (office, first_pos.1);
        let (mut km, mut travel, mut visit, mut office_gaps) = (0.0, 0.0, 0.0, 0.0);
        let mut at = (base, r.leave);
        for (k, x) in r.stops.iter().enumerate() {
            let Some(p) = pos(x.customer) else {
                ok = false;
                cx.push(here(
                    Kind::BadIndex,
                    format!("a customer below {}", sc.customers.len()),
                    x.customer.to_string(),
                ));
                break;
            };
            // The first stop comes from the office; a later one either straight from the
            // previous shop or back through the office (the time there is not field time).
            if k == 0 && !x.from_office {
                ok = false;
                cx.push(here(
                    Kind::MarketManagerTime,
                    "the first joint visit reached from the office".into(),
                    "from a shop".into(),
                ));
            }
            let m = if x.from_office && k > 0 {
                let (k_out, m_out) = leg(at.0, base);
                let (k_in, m_in) = leg(base, p);
                km += k_out + k_in;
                travel += m_out + m_in;
                office_gaps += x.arrive - m_in - (at.1 + m_out);
                m_out + m_in
            } else {
                let (k_leg, m) = leg(at.0, p);
                km += k_leg;
                travel += m;
                m
            };
            visit += x.end - x.start;
            let stop =
                |kind, e: String, f: String| here(kind, e, f).team(x.team).customer(x.customer);
            // Reached no earlier than the previous place left plus the way, there before the
            // start, and the previous stop over before this one starts.
            let order = not_after(at.1 + m, x.arrive)
                && not_after(x.arrive, x.start)
                && not_after(x.start, x.end)
                && x.arrive.is_finite()
                && x.end.is_finite();
            if !order {
                ok = false;
                cx.push(stop(
                    Kind::MarketManagerTime,
                    format!("arrive at or after {} and by the start", at.1 + m),
                    format!("arrive {}, start {}, end {}", x.arrive, x.start, x.end),
                ));
            }
            match span.get(&x.team) {
                Some(&(from, to)) if not_after(x.start, from) && not_after(to, x.end) => {}
                Some(&(from, to)) => {
                    ok = false;
                    cx.push(stop(
                        Kind::MarketManagerTime,
                        format!("a stay covering the team's span {from}-{to}"),
                        format!("{}-{}", x.start, x.end),
                    ));
                }
                None => {
                    ok = false;
                    cx.push(stop(
                        Kind::MarketManagerJoin,
                        "a team visit with visits".into(),
                        "none".into(),
                    ));
                }
            }
            backing
                .entry(x.team)
                .or_default()
                .push((r.department, r.day));
            at = (p, x.end);
        }
        if !ok {
            continue;
        }
        let (k, m) = leg(at.0, base);
        km += k;
        travel += m;
        if !not_after(at.1 + m, r.back) {
            cx.push(here(
                Kind::MarketManagerTime,
                format!("back at or after {}", at.1 + m),
                r.back.to_string(),
            ));
        }
        if !close(r.km, km) {
            cx.push(here(
                Kind::MarketManagerRoute,
                format!("{km} km"),
                r.km.to_string(),
            ));
        }
        if !close(r.travel_min, travel) || !close(r.visit_min, visit) {
            cx.push(here(
                Kind::MarketManagerRoute,
                format!("{travel} min travel, {visit} min at the shops"),
                format!("{}, {}", r.travel_min, r.visit_min),
            ));
        }
        let team_min = prep * r.stops.len() as f64;
        if !close(r.team_min, team_min) || !close(r.desk_min, desk) {
            cx.push(here(
                Kind::MarketManagerDay,
                format!("{team_min} min preparation and debrief, {desk} min at the office"),
                format!("{}, {}", r.team_min, r.desk_min),
            ));
        }
        let field = r.back - r.leave - office_gaps + team_min;
        if !close(r.field_min, field) {
            cx.push(here(
                Kind::MarketManagerDay,
                format!("{field} field minutes"),
                r.field_min.to_string(),
            ));
        }
        if !not_after(field + desk, cap) || !not_after(r.leave, r.stops[0].arrive) {
            cx.push(here(
                Kind::MarketManagerDay,
                format!("a working day of at most {cap} min"),
                (field + desk).to_string(),
            ));
        }
        km_total += km;
        field_total += field;
    }
    cx.totals.mm_km = km_total;
    cx.totals.mm_field = field_total;
    // Every team carrying a market manager has one stop of that market manager's day, and
    // every stop names such a team.
    for team in &cal.teams {
        let stops = backing.remove(&team.id).unwrap_or_default();
        let want: Vec<(usize, u32)> = team
            .market_manager
            .map(|d| (d, team.day))
            .into_iter()
            .collect();
        if stops != want {
            cx.push(
                Violation::new(
                    Kind::MarketManagerJoin,
                    format!("market manager stops {want:?}"),
                    format!("{stops:?}"),
                )
                .team(team.id)
                .customer(team.customer)
                .day(team.day),
            );
        }
    }
    for (t, stops) in backing {
        cx.push(
            Violation::new(
                Kind::MarketManagerJoin,
                format!("a team {t} with its market manager"),
                format!("stops {stops:?}"),
            )
            .team(t),
        );
    }
}
