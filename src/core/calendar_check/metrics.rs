//! The contract's calendar metrics recomputed from the calendar (docs/contract.md definitions) and
//! compared with the reported ones.

use std::collections::{BTreeMap, BTreeSet};

use crate::core::metrics::{customer_tiers, market_manager_departments, staff_tiers, Metrics};
use crate::core::workload::WEEKS_PER_MONTH;

use super::ctx::{close, Ctx};
use super::violation::{Kind, Violation};

/// The calendar metrics recomputed and compared with the reported ones.
pub(super) fn check(cx: &mut Ctx) {
    let metrics = recompute(cx);
    compare(cx, &metrics, cx.reported);
    cx.metrics = metrics;
}

/// The contract's calendar metrics, from the recomputed quantities (docs/contract.md definitions).
fn recompute(cx: &Ctx) -> Metrics {
    let (sc, a, cal, work) = (cx.sc, cx.a, cx.cal, cx.work);
    let (t, cy, assignment_ok) = (&cx.totals, &cx.cycles, cx.assignment_ok);
    let s = &sc.settings;
    let n_customers = sc.customers.len();
    let months = f64::from(cx.weeks) / WEEKS_PER_MONTH;
    let visits: Vec<_> = cal
        .visits
        .iter()
        .enumerate()
        // A visit that found the shop closed made the trip but no visit.
        .filter(|(i, v)| cx.visit_ok[*i] && !v.closed)
        .map(|(_, v)| v)
        .collect();
    let mut m = Metrics {
        // Required visits done / required visits.
        coverage_rate: (cy.required > 0).then(|| cy.served as f64 / cy.required as f64),
        // (Customer, function) pairs that met every required cycle / the pairs the functions
        // reach (a pair with no cycle inside the horizon has nothing to miss).
        rigid_cycle_met_rate: (cy.pairs > 0).then(|| cy.pairs_met as f64 / cy.pairs as f64),
        travel_km_per_visit: (!visits.is_empty()).then(|| t.km / visits.len() as f64),
        travel_time_share: (t.travel + t.service > 0.0).then(|| t.travel / (t.travel + t.service)),
        overtime_hours: Some(t.overtime_min / 60.0),
        service_minutes_per_customer_month: (n_customers > 0 && months > 0.0)
            .then(|| t.service / n_customers as f64 / months),
        team_visits: Some(cal.teams.len() as f64),
        // Teams carrying a market manager per 4 weeks.
        joint_visits_per_month: (months > 0.0).then(|| {
            cal.teams
                .iter()
                .filter(|t| t.market_manager.is_some())
                .count() as f64
                / months
        }),
        ..Metrics::default()
    };
    // One market manager per department of the plan's staff: field minutes used over the
    // field share of every working day of the horizon.
    let mm = if assignment_ok {
        market_manager_departments(sc, a).len() as f64
    } else {
        0.0
    };
    let available = mm
        * cx.horizon_days as f64
        * s.team.market_manager_field_share.clamp(0.0, 1.0)
        * s.day_minutes.max(0.0);
    m.market_manager_utilisation =
        (assignment_ok && available > 0.0).then(|| t.mm_field / available);
    // Visits as the customer lives them: a team visit is one visit (docs/domain.md: "a team visit
    // counts once"), each other visit row is one.
    let mut units: BTreeMap<(usize, u32), (usize, BTreeSet<u32>)> = BTreeMap::new();
    let mut contacts: BTreeSet<(usize, usize)> = BTreeSet::new();
    for v in &visits {
        let e = units.entry((v.customer, v.day)).or_default();
        match v.team {
            Some(t) => {
                e.1.insert(t);
            }
            None => e.0 += 1,
        }
        contacts.insert((v.customer, v.staff));
    }
    let multi = units
        .values()
        .filter(|(rows, teams)| rows + teams.len() >= 2)
        .count();
    m.same_day_multi_visit_rate = (!units.is_empty()).then(|| multi as f64 / units.len() as f64);
    m.contacts_per_customer = (n_customers > 0).then(|| contacts.len() as f64 / n_customers as f64);
    // Travel minutes ÷ customers with a visit ÷ months.
    let served: BTreeSet<usize> = contacts.iter().map(|&(c, _)| c).collect();
    m.travel_minutes_per_customer =
        (!served.is_empty() && months > 0.0).then(|| t.travel / served.len() as f64 / months);
    if assignment_ok {
        // Skill inversion per visit; a team visit takes its best member's tier (docs/domain.md (simulation rules)).
        let ct = customer_tiers(sc);
        let st = staff_tiers(sc, work, a);
        let mut best: BTreeMap<u32, (usize, u8)> = BTreeMap::new();
        let (mut n, mut inverted) = (0usize, 0usize);
        for v in &visits {
            match v.team {
                Some(t) => {
                    let e = best.entry(t).or_insert((v.customer, u8::MAX));
                    e.1 = e.1.min(st[v.staff]);
                }
                None => {
                    n += 1;
                    inverted += usize::from(ct[v.customer] < st[v.staff]);
                }
            }
        }
        for (c, tier) in best.values() {
            n += 1;
            inverted += usize::from(ct[*c] < *tier);
        }
        m.skill_inversion_rate = (n > 0).then(|| inverted as f64 / n as f64);
        // Service minutes split among a visit's functions in proportion to the minutes the
        // customer needs of each, each share weighted by the visiting manager's skill in it.
        let mut skilled = 0.0;
        for v in &visits {
            let minutes = v.end - v.start;
            let mg = &sc.managers[a.staff[v.staff].manager];
            let planned: Vec<f64> = v
                .functions
                .iter()
                .map(|&f| work[v.customer].need(f).map_or(0.0, |n| n.minutes.max(0.0)))
                .collect();
            let sum: f64 = planned.iter().sum();
            for (k, &f) in v.functions.iter().enumerate() {
                let share = if sum > 0.0 {
                    planned[k] / sum
                } else {
                    1.0 / v.functions.len() as f64
                };
                skilled += minutes * share * mg.skills[f.index()] / 100.0;
            }
        }
        m.skilled_service_minutes_per_customer_month =
            (n_customers > 0 && months > 0.0).then(|| skilled / n_customers as f64 / months);
        // Pay of the managers in staff (the pay rule of the settings) plus travel at
        // cost_per_km, per 4 weeks.
        let used: BTreeSet<usize> = a.staff.iter().map(|x| x.manager).collect();
        let pay: f64 = used
            .iter()
            .map(|&mg| s.monthly_pay(sc.managers[mg].pay_grade))
            .sum();
        // The market managers' pay and km, outside the headcount, inside the cost.
        let pay = pay + mm * s.team.market_manager_monthly_pay;
        m.monthly_cost = (months > 0.0).then(|| pay + (t.km + t.mm_km) * s.cost_per_km / months);
    }
    m
}

/// Each metric recomputed (`want`) against the reported one (`got`); the tier and cost metrics
/// only when the assignment fits.
fn compare(cx: &mut Ctx, want: &Metrics, got: &Metrics) {
    let assignment_ok = cx.assignment_ok;
    let mut pairs = vec![
        ("coverage_rate", want.coverage_rate, got.coverage_rate),
        (
            "rigid_cycle_met_rate",
            want.rigid_cycle_met_rate,
            got.rigid_cycle_met_rate,
        ),
        (
            "travel_km_per_visit",
            want.travel_km_per_visit,
            got.travel_km_per_visit,
        ),
        (
            "travel_time_share",
            want.travel_time_share,
            got.travel_time_share,
        ),
        ("overtime_hours", want.overtime_hours, got.overtime_hours),
        (
            "service_minutes_per_customer_month",
            want.service_minutes_per_customer_month,
            got.service_minutes_per_customer_month,
        ),
        (
            "travel_minutes_per_customer",
            want.travel_minutes_per_customer,
            got.travel_minutes_per_customer,
        ),
        (
            "same_day_multi_visit_rate",
            want.same_day_multi_visit_rate,
            got.same_day_multi_visit_rate,
        ),
        (
            "contacts_per_customer",
            want.contacts_per_customer,
            got.contacts_per_customer,
        ),
        ("team_visits", want.team_visits, got.team_visits),
        (
            "joint_visits_per_month",
            want.joint_visits_per_month,
            got.joint_visits_per_month,
        ),
    ];
    if assignment_ok {
        pairs.push((
            "skill_inversion_rate",
            want.skill_inversion_rate,
            got.skill_inversion_rate,
        ));
        pairs.push(("monthly_cost", want.monthly_cost, got.monthly_cost));
        pairs.push((
            "market_manager_utilisation",
            want.market_manager_utilisation,
            got.market_manager_utilisation,
        ));
        pairs.push((
            "skilled_service_minutes_per_customer_month",
            want.skilled_service_minutes_per_customer_month,
            got.skilled_service_minutes_per_customer_month,
        ));
    }
    for (name, w, g) in pairs {
        let (e, f) = match (w, g) {
            (Some(w), Some(g)) if close(w, g) => continue,
            (None, None) => continue,
            (Some(w), Some(g)) => (w.to_string(), g.to_string()),
            (Some(w), None) => (w.to_string(), "absent".to_string()),
            (None, Some(g)) => ("absent (not computable)".to_string(), g.to_string()),
        };
        cx.push(Violation::new(Kind::Metric(name), e, f));
    }
}
