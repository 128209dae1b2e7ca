//! The contract's calendar metrics, computed from the calendar.

use std::collections::{BTreeMap, BTreeSet};

use crate::core::assignment::Assignment;
use crate::core::metrics::{customer_tiers, market_manager_departments, staff_tiers, Metrics};
use crate::core::scenario::Scenario;
use crate::core::settings::Function;
use crate::core::workload::{Work, WEEKS_PER_MONTH};

use super::types::{Calendar, Visit};

/// The contract's metrics computed from the calendar (assignment metrics come from
/// `metrics::from_assignment`; this fills the calendar's).
pub fn metrics(sc: &Scenario, work: &[Work], a: &Assignment, cal: &Calendar, m: &mut Metrics) {
    let s = &sc.settings;
    // A shop found closed made a trip but no visit.
    let visits = cal.visits.iter().filter(|v| !v.closed).count();
    let months = f64::from(cal.weeks) / WEEKS_PER_MONTH;
    m.coverage_rate =
        (cal.required > 0).then(|| 1.0 - cal.missed.len() as f64 / cal.required as f64);
    // The (customer, function) pairs the functions reach: the pairs anyone is asked to serve.
    let pairs: usize = work
        .iter()
        .map(|w| Function::ALL.iter().filter(|&&f| w.reaches(f)).count())
        .sum();
    let failed_pairs: BTreeSet<(usize, Function)> = cal
        .missed
        .iter()
        .map(|x| (x.customer, x.function))
        .collect();
    m.rigid_cycle_met_rate = (pairs > 0).then(|| 1.0 - failed_pairs.len() as f64 / pairs as f64);
    let km: f64 = cal.routes.iter().map(|r| r.km).sum();
    let travel: f64 = cal.routes.iter().map(|r| r.travel_min).sum();
    let service: f64 = cal.routes.iter().map(|r| r.service_min).sum();
    m.travel_km_per_visit = (visits > 0).then(|| km / visits as f64);
    m.travel_time_share = (travel + service > 0.0).then(|| travel / (travel + service));
    // "集中拜访，节约时间" is about time: the travel one customer costs, per 4 weeks. Per
    // customer rather than per visit, so the specialists' several visits to one shop do not
    // dilute it.
    let served: BTreeSet<usize> = cal
        .visits
        .iter()
        .filter(|v| !v.closed)
        .map(|v| v.customer)
        .collect();
    m.travel_minutes_per_customer =
        (!served.is_empty() && months > 0.0).then(|| travel / served.len() as f64 / months);
    m.overtime_hours = Some(
        cal.routes
            .iter()
            .map(|r| (r.working_minutes() - s.day_minutes).max(0.0))
            .sum::<f64>()
            / 60.0,
    );
    let ct = customer_tiers(sc);
    let stt = staff_tiers(sc, work, a);
    // A team visit is one visit at its best member's tier (docs/domain.md (simulation rules)): the tier of
    // each contact is the best (lowest) staff tier among its visits.
    // A visit outside a team is a contact of its own; a team's visits are one. (Counted without
    // a map per visit: a province's calendar has millions of visits.)
    let mut contacts_n = 0usize;
    let mut inverted = 0usize;
    let mut team_tier: BTreeMap<(usize, u32), u8> = BTreeMap::new();
    for v in cal.visits.iter().filter(|v| !v.closed) {
        let tier = stt[v.staff];
        match v.team {
            Some(t) => {
                team_tier
                    .entry((v.customer, t))
                    .and_modify(|x| *x = (*x).min(tier))
                    .or_insert(tier);
            }
            None => {
                contacts_n += 1;
                inverted += usize::from(ct[v.customer] < tier);
            }
        }
    }
    contacts_n += team_tier.len();
    inverted += team_tier.iter().filter(|(k, &tier)| ct[k.0] < tier).count();
    m.skill_inversion_rate = (contacts_n > 0).then(|| inverted as f64 / contacts_n as f64);
    m.service_minutes_per_customer_month = (!sc.customers.is_empty() && months > 0.0)
        .then(|| service / sc.customers.len() as f64 / months);
    m.skilled_service_minutes_per_customer_month =
        (!sc.customers.is_empty() && months > 0.0).then(|| {
            let skilled: f64 = cal
                .visits
                .iter()
                .filter(|v| !v.closed)
                .map(|v| (v.end - v.start) * skill_weight(sc, work, a, v))
                .sum();
            skilled / sc.customers.len() as f64 / months
        });
    // Per (customer, day): a team visit counts once, separate visits each count.
    let mut by_day: Vec<(usize, u32, Option<u32>)> = cal
        .visits
        .iter()
        .filter(|v| !v.closed)
        .map(|v| (v.customer, v.day, v.team))
        .collect();
    by_day.sort_unstable();
    let (mut days_n, mut multi) = (0usize, 0usize);
    for group in by_day.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)) {
        days_n += 1;
        let separate = group.iter().filter(|x| x.2.is_none()).count();
        let mut teams: Vec<u32> = group.iter().filter_map(|x| x.2).collect();
        teams.dedup();
        multi += usize::from(separate + teams.len() >= 2);
    }
    m.same_day_multi_visit_rate = (days_n > 0).then(|| multi as f64 / days_n as f64);
    // Distinct staff per customer.
    let mut pairs_seen: Vec<(usize, usize)> = cal
        .visits
        .iter()
        .filter(|v| !v.closed)
        .map(|v| (v.customer, v.staff))
        .collect();
    pairs_seen.sort_unstable();
    pairs_seen.dedup();
    m.contacts_per_customer =
        (!sc.customers.is_empty()).then(|| pairs_seen.len() as f64 / sc.customers.len() as f64);
    m.team_visits = Some(cal.teams.len() as f64);
    // Market managers: joint visits made per 4 weeks, and the field minutes their days used of
    // the field share of every working day of the horizon.
    let joint = cal
        .teams
        .iter()
        .filter(|t| t.market_manager.is_some())
        .count();
    m.joint_visits_per_month = (months > 0.0).then(|| joint as f64 / months);
    let mm = market_manager_departments(sc, a).len() as f64;
    let field_available = mm
        * f64::from(cal.weeks * cal.days_per_week)
        * s.team.market_manager_field_share.clamp(0.0, 1.0)
        * s.day_minutes.max(0.0);
    let field_used: f64 = cal.market_managers.iter().map(|r| r.field_minutes()).sum();
    m.market_manager_utilisation = (field_available > 0.0).then(|| field_used / field_available);
    let mm_km: f64 = cal.market_managers.iter().map(|r| r.km).sum();
    let used: BTreeSet<usize> = a.staff.iter().map(|x| x.manager).collect();
    let pay: f64 = used
        .iter()
        .map(|&mg| s.monthly_pay(sc.managers[mg].pay_grade))
        .sum();
    // The market managers' pay and km are part of the cost (not of the headcount).
    let pay = pay + mm * s.team.market_manager_monthly_pay;
    m.monthly_cost = (months > 0.0).then(|| pay + (km + mm_km) * s.cost_per_km / months);
}

/// The deliverer's skill (0-1) over a visit's functions, each weighted by the minutes the
/// customer needs of it (a function not reaching the customer weighs nothing; a visit whose
/// functions all weigh nothing takes their plain mean).
fn skill_weight(sc: &Scenario, work: &[Work], a: &Assignment, v: &Visit) -> f64 {
    let Some(mg) = a
        .staff
        .get(v.staff)
        .and_then(|x| sc.managers.get(x.manager))
    else {
        return 0.0;
    };
    let need = |f: Function| {
        work.get(v.customer)
            .and_then(|w| w.need(f))
            .map_or(0.0, |n| n.minutes.max(0.0))
    };
    let total: f64 = v.functions.iter().map(|&f| need(f)).sum();
    v.functions
        .iter()
        .map(|&f| {
            let w = if total > 0.0 {
                need(f) / total
            } else {
                1.0 / v.functions.len() as f64
            };
            w * mg.skills[f.index()] / 100.0
        })
        .sum()
}
