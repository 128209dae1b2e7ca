//! The KPI sheet (双指标: 团队业绩 + 个人业绩): per person the post's own indicators, per team
//! (department) the shared ones, each weighed by `Settings::pilot.kpi`.
//!
//! Every figure is read from the calendar as the exports show it, so `kpi.csv` can be
//! recomputed from `schedule.csv` (visits, minutes at the shops in whole minutes, team visits,
//! visits per customer), `days.csv` (overtime, travel) and `unvisited.csv` (cycles missed):
//!
//! - a person's attainment per indicator: own required cycles met ÷ required (1 with none);
//!   visits, minutes and team visits each ÷ the mean of the same post in the same department
//!   (1 when that mean is 0), capped at `CAP`; overtime 1 − hours ÷ the horizon's overtime cap
//!   (days × `overtime_cap_minutes`), at least 0. The personal score is 100 × the weighted mean.
//! - a team's: coverage ÷ the coverage target (at most 1); 1 − the share of its customers
//!   visited more than the over-service cap (`deep.optional_cap_per_month` per 4 weeks, a team
//!   visit counted once); 1 − the share of its working time spent travelling. The team score is
//!   100 × the weighted mean.
//! - a person's total: (1 − `team_share`) × personal + `team_share` × their team's.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::core::assignment::Assignment;
use crate::core::calendar::{required_cycles, Calendar};
use crate::core::scenario::Scenario;
use crate::core::settings::KpiWeights;
use crate::core::workload::Work;

/// The most an indicator measured against the post's mean counts for (20 % above the mean).
pub const CAP: f64 = 1.2;

/// One person's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonKpi {
    /// `Manager::id`.
    pub staff: String,
    pub name: String,
    /// `Department::id`.
    pub department: String,
    /// The post's id (`generalist` for a generalist).
    pub post: &'static str,
    pub required_cycles: usize,
    pub cycles_met: usize,
    pub visits: usize,
    /// Minutes at the shops, each visit from its start to its end in whole minutes.
    pub service_minutes: f64,
    pub team_visits: usize,
    pub overtime_hours: f64,
    pub personal_score: f64,
    pub team_score: f64,
    pub total_score: f64,
}

/// One team's (department's) row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamKpi {
    pub department: String,
    pub people: usize,
    pub required_cycles: usize,
    pub cycles_met: usize,
    pub coverage_rate: f64,
    pub customers: usize,
    pub customers_over_cap: usize,
    pub travel_share: f64,
    pub team_score: f64,
}

/// The sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiSheet {
    pub weights: KpiWeights,
    pub people: Vec<PersonKpi>,
    pub teams: Vec<TeamKpi>,
}

/// A visit's minutes as the schedule writes its start and end (whole minutes).
pub fn shown_minutes(start: f64, end: f64) -> f64 {
    end.round().max(0.0) - start.round().max(0.0)
}

#[derive(Default, Clone)]
struct Tally {
    post: Option<&'static str>,
    required: usize,
    missed: usize,
    visits: usize,
    minutes: f64,
    teams: usize,
    overtime_min: f64,
    travel_min: f64,
    working_min: f64,
}

/// The weighted mean of `parts` (weight, attainment) × 100; 0 when no weight is positive.
fn score(parts: &[(f64, f64)]) -> f64 {
    let w: f64 = parts.iter().map(|(w, _)| w.max(0.0)).sum();
    if w <= 0.0 {
        return 0.0;
    }
    100.0 * parts.iter().map(|(wt, a)| wt.max(0.0) * a).sum::<f64>() / w
}

fn ratio(x: f64, mean: f64) -> f64 {
    if mean > 0.0 {
        (x / mean).min(CAP)
    } else {
        1.0
    }
}

/// The KPI sheet of plan `a` lived as `cal` on `sc` (`work` the customers' work).
pub fn sheet(sc: &Scenario, work: &[Work], a: &Assignment, cal: &Calendar) -> KpiSheet {
    let s = &sc.settings;
    let wts = s.pilot.kpi.clone();
    let person_of = |st: usize| a.staff.get(st).map(|x| x.manager);
    let mut t: BTreeMap<usize, Tally> = BTreeMap::new();
    for x in &a.staff {
        let e = t.entry(x.manager).or_default();
        e.post
            .get_or_insert(x.post.map_or("generalist", |f| f.id()));
    }
    for r in required_cycles(work, a, cal.weeks) {
        if let Some(m) = person_of(r.staff) {
            t.entry(m).or_default().required += 1;
        }
    }
    for x in &cal.missed {
        if let Some(m) = person_of(x.staff) {
            t.entry(m).or_default().missed += 1;
        }
    }
    // Visits per customer, a team visit once (its rows share day, customer and team).
    let mut contacts: BTreeMap<usize, usize> = BTreeMap::new();
    let mut team_seen = std::collections::BTreeSet::new();
    for v in &cal.visits {
        if let Some(m) = person_of(v.staff) {
            let e = t.entry(m).or_default();
            e.visits += 1;
            e.minutes += shown_minutes(v.start, v.end);
            e.teams += usize::from(v.team.is_some());
        }
        let first = match v.team {
            Some(id) => team_seen.insert((v.day, v.customer, id)),
            None => true,
        };
        if first {
            *contacts.entry(v.customer).or_default() += 1;
        }
    }
    for r in &cal.routes {
        if let Some(m) = person_of(r.staff) {
            let e = t.entry(m).or_default();
            let w = r.working_minutes();
            e.overtime_min += (w - s.day_minutes).max(0.0);
            e.travel_min += r.travel_min;
            e.working_min += w;
        }
    }
    let dept_of = |m: usize| sc.managers.get(m).map_or(0, |x| x.department);
    let dept_id = |d: usize| {
        sc.departments
            .get(d)
            .map_or(String::new(), |x| x.id.clone())
    };
    // Means of each indicator per (department, post).
    let mut means: BTreeMap<(usize, &str), (f64, f64, f64, f64)> = BTreeMap::new();
    for (&m, x) in &t {
        let e = means
            .entry((dept_of(m), x.post.unwrap_or("generalist")))
            .or_default();
        e.0 += x.visits as f64;
        e.1 += x.minutes;
        e.2 += x.teams as f64;
        e.3 += 1.0;
    }
    let horizon_cap_min = f64::from(s.horizon_days()) * s.overtime_cap_minutes;
    // Teams.
    let cap = f64::from(s.deep.optional_cap_per_month) * f64::from(cal.weeks) / 4.0;
    let mut teams: BTreeMap<usize, TeamKpi> = BTreeMap::new();
    let mut travel: BTreeMap<usize, (f64, f64)> = BTreeMap::new();
    for (&m, x) in &t {
        let d = dept_of(m);
        let e = teams.entry(d).or_insert_with(|| TeamKpi {
            department: dept_id(d),
            people: 0,
            required_cycles: 0,
            cycles_met: 0,
            coverage_rate: 1.0,
            customers: 0,
            customers_over_cap: 0,
            travel_share: 0.0,
            team_score: 0.0,
        });
        e.people += 1;
        e.required_cycles += x.required;
        e.cycles_met += x.required.saturating_sub(x.missed);
        let tr = travel.entry(d).or_default();
        tr.0 += x.travel_min;
        tr.1 += x.working_min;
    }
    for (c, cust) in sc.customers.iter().enumerate() {
        let Some(d) = cust.department else { continue };
        if let Some(e) = teams.get_mut(&d) {
            e.customers += 1;
            if contacts.get(&c).copied().unwrap_or(0) as f64 > cap + 1e-9 {
                e.customers_over_cap += 1;
            }
        }
    }
    let target = s.coverage_target.max(1e-9);
    for (d, e) in teams.iter_mut() {
        e.coverage_rate = if e.required_cycles == 0 {
            1.0
        } else {
            e.cycles_met as f64 / e.required_cycles as f64
        };
        let (tm, wm) = travel.get(d).copied().unwrap_or_default();
        e.travel_share = if wm > 0.0 { tm / wm } else { 0.0 };
        let over = if e.customers == 0 {
            0.0
        } else {
            e.customers_over_cap as f64 / e.customers as f64
        };
        e.team_score = score(&[
            (wts.coverage, (e.coverage_rate / target).min(1.0)),
            (wts.over_service, 1.0 - over),
            (wts.travel, 1.0 - e.travel_share),
        ]);
    }
    let share = wts.team_share.clamp(0.0, 1.0);
    let people = t
        .iter()
        .map(|(&m, x)| {
            let d = dept_of(m);
            let post = x.post.unwrap_or("generalist");
            let (v, mi, tv, n) = means.get(&(d, post)).copied().unwrap_or_default();
            let n = n.max(1.0);
            let met = x.required.saturating_sub(x.missed);
            let personal = score(&[
                (
                    wts.cycles,
                    if x.required == 0 {
                        1.0
                    } else {
                        met as f64 / x.required as f64
                    },
                ),
                (wts.visits, ratio(x.visits as f64, v / n)),
                (wts.service, ratio(x.minutes, mi / n)),
                (wts.team_visits, ratio(x.teams as f64, tv / n)),
                (
                    wts.overtime,
                    if horizon_cap_min > 0.0 {
                        (1.0 - x.overtime_min / horizon_cap_min).max(0.0)
                    } else {
                        1.0
                    },
                ),
            ]);
            let team = teams.get(&d).map_or(0.0, |e| e.team_score);
            let mg = &sc.managers[m];
            PersonKpi {
                staff: mg.id.clone(),
                name: mg.name.clone(),
                department: dept_id(d),
                post,
                required_cycles: x.required,
                cycles_met: met,
                visits: x.visits,
                service_minutes: x.minutes,
                team_visits: x.teams,
                overtime_hours: x.overtime_min / 60.0,
                personal_score: personal,
                team_score: team,
                total_score: (1.0 - share) * personal + share * team,
            }
        })
        .collect();
    KpiSheet {
        weights: wts,
        people,
        teams: teams.into_values().collect(),
    }
}
