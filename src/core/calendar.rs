//! The visit calendar: every staff member's days, visit by visit, over the horizon, built from
//! an assignment with the routing engine, and the contract's metrics computed from it.
//!
//! Per staff member: each customer's trips recur every k weeks (k = the shortest cycle of the
//! functions that member does there). Stable weekday route lines (拜访线路) come from the
//! periodic planner (`routing::periodic::solve_periodic`) over one planning period of P weeks
//! (the least common multiple of the trip cycles, at most the horizon): a customer's allowed
//! patterns are "weekday d in the weeks w ≡ φ (mod k)". The period's plan is then lived day by
//! day over the horizon: at each stop the functions whose current cycle is still unserved are
//! done (a generalist does them all in one visit), times follow the shop's opening hours, and a
//! day that would run past the working day plus the overtime cap drops its last stops (reason
//! "capacity"); a stop that cannot start before closing is dropped too ("time window"). A
//! function whose cycle passes without a visit is listed as missed with the last reason seen.
//!
//! Staggering: staff are planned one after another, and a customer's patterns that would put a
//! second staff member on a day another already visits it are removed while any remain; what
//! cannot be staggered becomes a team visit (team visits on) or is counted as a conflict.

use std::collections::{BTreeMap, BTreeSet};

use rand::RngExt;
use serde::Serialize;

use super::metrics::{customer_tiers, staff_tiers, Metrics};
use super::models::common::territories;
use super::models::{Assignment, Shift};
use super::routing::matrix::{Costs, Matrix};
use super::routing::periodic::{solve_periodic, PeriodicParams, PeriodicProblem};
use super::routing::tw::{DayLimits, Site};
use super::scenario::Scenario;
use super::settings::Function;
use super::workload::{team_of, Work, WEEKS_PER_MONTH};

/// Largest book planned in one piece by the periodic planner.
const CHUNK: usize = 250;

/// Effort of the route-line optimisation (iteration counts: deterministic on any machine).
/// The default, no kicks, is the planner's insertion and descent only: the intra-route moves
/// evaluate whole routes, which is slow on 40-80-stop days (see the closing note of the calendar
/// work), so kicks stay opt-in until that is fixed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CalendarParams {
    /// Kicks of the periodic planner per staff member (or per part of a large book).
    pub max_kicks: u64,
    /// Live the plan under the scenario's disturbances (absences, closed shops, service-time
    /// noise) drawn for this replication from (scenario seed, replication); `None` lives the
    /// plan as planned. The plan itself never depends on it.
    pub replication: Option<u64>,
}

/// One visit by one staff member.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Visit {
    pub day: u32,
    /// Index into the assignment's staff.
    pub staff: usize,
    pub customer: usize,
    pub functions: Vec<Function>,
    /// Minutes after midnight of the visit day (may pass 1440 on an evening shift).
    pub start: f64,
    pub end: f64,
    /// The team visit this visit is part of (index into `Calendar::teams`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<u32>,
    /// The shop was found closed (a disturbance): nothing was done, the visit is retried.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub closed: bool,
    /// The absent colleague (same post, same department) whose visit this is, when absent
    /// staff are covered (`Disturbances::cover_absent`): the functions are theirs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub covers: Option<usize>,
}

/// One staff member's day: from base and back.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayRoute {
    pub staff: usize,
    pub day: u32,
    pub leave: f64,
    pub back: f64,
    pub km: f64,
    pub travel_min: f64,
    pub service_min: f64,
    /// Minutes at the desk after the route (a market-research specialist's share of the
    /// working day); part of the working day, not of the route.
    #[serde(skip_serializing_if = "is_zero")]
    pub desk_min: f64,
    /// Indices into `Calendar::visits`, in route order.
    pub visits: Vec<usize>,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

impl DayRoute {
    /// The working day: the route base to base plus the desk time.
    pub fn working_minutes(&self) -> f64 {
        self.back - self.leave + self.desk_min
    }
}

/// Why a required visit was not made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The day was full (working day plus the overtime cap).
    Capacity,
    /// The shop cannot be served while open within the staff member's working window, even
    /// as the only stop of a day.
    TimeWindow,
    /// Another staff member was at the shop that day and the two could neither be staggered
    /// nor meet as a team.
    Conflict,
    /// The staff member was absent that day (a disturbance).
    Absent,
    /// The shop was closed when visited (a disturbance).
    Closed,
    /// Not planned on any day of the cycle.
    NotPlanned,
}

impl Reason {
    pub fn key(self) -> &'static str {
        match self {
            Reason::Capacity => "reason.capacity",
            Reason::TimeWindow => "reason.time_window",
            Reason::Conflict => "reason.conflict",
            Reason::Absent => "reason.absent",
            Reason::Closed => "reason.closed",
            Reason::NotPlanned => "reason.not_planned",
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Reason::Capacity => "capacity",
            Reason::TimeWindow => "time_window",
            Reason::Conflict => "conflict",
            Reason::Absent => "absent",
            Reason::Closed => "closed",
            Reason::NotPlanned => "not_planned",
        }
    }
}

/// A required (customer, function, cycle) that no visit served.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Missed {
    pub customer: usize,
    pub function: Function,
    pub staff: usize,
    /// First and last day of the cycle.
    pub from_day: u32,
    pub to_day: u32,
    pub reason: Reason,
}

/// A team visit (协同拜访): several staff at one customer on one day, counted once.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamVisit {
    pub id: u32,
    pub day: u32,
    pub customer: usize,
    /// Staff (indices into the assignment's staff) with a visit row carrying this team id.
    pub members: Vec<usize>,
    /// The department whose market manager joined (the market manager is outside the staff).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub market_manager: Option<usize>,
    /// True for a flagged customer's planned team visit (preparation and debrief spent by each
    /// member); false for same-day visits that staggering could not separate, held together.
    pub planned: bool,
}

/// The whole calendar of one plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calendar {
    pub weeks: u32,
    pub days_per_week: u32,
    pub visits: Vec<Visit>,
    pub routes: Vec<DayRoute>,
    pub missed: Vec<Missed>,
    pub teams: Vec<TeamVisit>,
    /// Required (customer, function, cycle) triples: cycles wholly inside the horizon.
    pub required: usize,
    /// Customer-days visited by several staff that staggering could not separate.
    pub conflicts: usize,
    /// The replication whose disturbances were lived (`None`: the plan as planned).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replication: Option<u64>,
}

/// Travel between two positions: road km, and minutes at the two zones' mean speed (symmetric).
fn leg(sc: &Scenario, a: (super::geo::Point, f64), b: (super::geo::Point, f64)) -> (f64, f64) {
    let km = a.0.dist(b.0) * sc.settings.road_factor;
    (km, leg_minutes(km, a.1, b.1))
}

/// Minutes of a leg of `km` road km between zones of speeds `sa` and `sb` (the second half of
/// [`leg`], for legs whose km are already known: the distance is the costly part).
#[inline]
fn leg_minutes(km: f64, sa: f64, sb: f64) -> f64 {
    km / 2.0 * (1.0 / sa.max(1e-6) + 1.0 / sb.max(1e-6)) * 60.0
}

fn lcm(a: u32, b: u32) -> u32 {
    fn gcd(a: u32, b: u32) -> u32 {
        if b == 0 {
            a
        } else {
            gcd(b, a % b)
        }
    }
    a / gcd(a, b).max(1) * b
}

/// The minutes staff member `st` spends on the functions `fs` at customer `c`.
fn visit_minutes(sc: &Scenario, c: usize, fs: &[Function], specialist: bool) -> f64 {
    let s = &sc.settings;
    let class = sc.customers[c].class;
    let mut m: f64 = fs.iter().map(|&f| s.minutes(f, class)).sum();
    if specialist {
        m *= s.specialist_factor.max(0.0);
        if s.modes.deep_visits {
            m *= s.deep.factor.max(0.0);
        }
    }
    m
}

/// The working window of a staff member: (earliest departure, latest return).
fn shift_window(sc: &Scenario, shift: Shift) -> (f64, f64) {
    let s = &sc.settings;
    let span = s.day_minutes + s.overtime_cap_minutes;
    if s.modes.flexible_hours {
        // Flexible hours: the 8 hours may lie anywhere from the morning to past midnight.
        (8.0 * 60.0, 26.0 * 60.0)
    } else {
        match shift {
            Shift::Day => (8.0 * 60.0, 8.0 * 60.0 + span),
            Shift::Evening => (18.0 * 60.0, 18.0 * 60.0 + span),
        }
    }
}

/// One required visit: a (customer, function) cycle wholly inside the horizon (DOMAIN.md
/// "Time"), and the staff member responsible for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequiredCycle {
    pub customer: usize,
    pub function: Function,
    pub staff: usize,
    /// Index of the cycle from the start of the horizon, and its length.
    pub cycle: u32,
    pub cycle_weeks: u32,
}

/// Every required cycle of `a` over `weeks`, in (customer, function, cycle) order: what the
/// calendar counts as `required` and lists as missed, and what any per-week or per-post
/// coverage must count the same way.
pub fn required_cycles<'a>(
    sc: &'a Scenario,
    a: &'a Assignment,
    weeks: u32,
) -> impl Iterator<Item = RequiredCycle> + 'a {
    a.responsible.iter().enumerate().flat_map(move |(c, row)| {
        row.iter().enumerate().flat_map(move |(fi, &st)| {
            let f = Function::ALL[fi];
            let class = sc.customers.get(c).map_or(0, |x| x.class);
            let cw = sc.settings.cycle_weeks(f, class);
            (0..weeks / cw).map(move |cyc| RequiredCycle {
                customer: c,
                function: f,
                staff: st,
                cycle: cyc,
                cycle_weeks: cw,
            })
        })
    })
}

/// Builds the calendar of assignment `a` on `sc`.
pub fn build(sc: &Scenario, work: &[Work], a: &Assignment, params: &CalendarParams) -> Calendar {
    let s = &sc.settings;
    let weeks = s.weeks.max(1);
    let dpw = s.days_per_week.max(1);
    let horizon_days = weeks * dpw;
    // Tasks of each staff member: customer -> functions it does there.
    let mut tasks: Vec<BTreeMap<usize, Vec<Function>>> = vec![BTreeMap::new(); a.staff.len()];
    for (c, row) in a.responsible.iter().enumerate() {
        for (fi, &st) in row.iter().enumerate() {
            tasks[st].entry(c).or_default().push(Function::ALL[fi]);
        }
    }
    let trip_weeks = |c: usize, fs: &[Function]| -> u32 {
        fs.iter()
            .map(|&f| s.cycle_weeks(f, sc.customers[c].class))
            .min()
            .unwrap_or(1)
            .max(1)
    };
    // One planning period for everyone, so staggering can compare days across staff.
    let mut period = 1u32;
    for (t, fsets) in tasks.iter().enumerate() {
        let _ = t;
        for (&c, fs) in fsets {
            period = lcm(period, trip_weeks(c, fs).min(weeks));
        }
    }
    let period = period.min(weeks).clamp(1, 64 / dpw);
    let slots = period * dpw;

    // Team visits cost time the route lines must leave room for: the main staff member's
    // preparation and debrief ride on its planned trips (spread over them), and a member who
    // joins another's trip keeps a daily reserve for it (its share of those visits per day).
    let team_minutes = s.team.prep_minutes.max(0.0) + s.team.debrief_minutes.max(0.0);
    let mut team_extra: BTreeMap<(usize, usize), f64> = BTreeMap::new(); // (staff, customer) -> min/month
    let mut reserve = vec![0.0; a.staff.len()];
    let days_per_month = WEEKS_PER_MONTH * f64::from(dpw);
    for c in 0..sc.customers.len() {
        if let Some((members, _)) = team_of(sc, a, c) {
            let per_month = s.team.per_month.max(0.0);
            team_extra.insert((members[0], c), team_minutes * per_month);
            for &st in &members[1..] {
                let own: Vec<Function> = tasks[st].get(&c).cloned().unwrap_or_default();
                let visit = visit_minutes(sc, c, &own, a.staff[st].post.is_some());
                let trip = work.get(c).map_or(0.0, |w| w.travel_min_per_trip);
                reserve[st] += (team_minutes + visit + trip) * per_month / days_per_month;
            }
        }
    }

    // Days on which each customer is already visited (slot masks), for staggering.
    let mut used: Vec<u64> = vec![0; sc.customers.len()];
    let mut plan: Vec<Vec<Vec<usize>>> = Vec::with_capacity(a.staff.len()); // staff -> slot -> customers
    let mut load: Vec<Vec<f64>> = vec![vec![0.0; slots as usize]; a.staff.len()];
    for (st, fsets) in tasks.iter().enumerate() {
        let base = sc.base_of(a.staff[st].manager);
        let book: Vec<usize> = fsets.keys().copied().collect();
        let specialist = a.staff[st].post.is_some();
        // A large book (a specialist covering a whole department) is cut into up to one compact
        // part per weekday, each planned on its own weekdays: the planner stays fast and the
        // weekday route lines stay geographic.
        let groups = book.len().div_ceil(CHUNK).clamp(1, dpw as usize);
        let pts: Vec<super::geo::Point> = sc.customers.iter().map(|c| c.pos).collect();
        let w: Vec<f64> = work.iter().map(Work::minutes_per_month).collect();
        let parts = if groups > 1 {
            territories(&book, &pts, &w, groups)
        } else {
            vec![book.clone()]
        };
        let mut by_slot: Vec<Vec<usize>> = vec![Vec::new(); slots as usize];
        for (g, custs) in parts.iter().enumerate() {
            let weekday_ok = |d: u32| groups == 1 || d as usize % groups == g;
            let base_speed = custs
                .first()
                .map(|&c| s.speed_kmh.get(sc.customers[c].zone))
                .unwrap_or(s.speed_kmh.urban);
            let node = |i: usize| -> (super::geo::Point, f64) {
                if i == 0 {
                    (base, base_speed)
                } else {
                    let c = &sc.customers[custs[i - 1]];
                    (c.pos, s.speed_kmh.get(c.zone))
                }
            };
            let n = custs.len() + 1;
            // A leg's km and minutes are the same both ways (`leg` is symmetric).
            let m = Matrix::symmetric(n, |i, j| leg(sc, node(i), node(j)));
            let (start, end) = shift_window(sc, a.staff[st].shift);
            let mut sites = vec![Site {
                service: 0.0,
                demand: 0.0,
                ready: start,
                due: end,
            }];
            let mut patterns = vec![Vec::new()];
            for &c in custs {
                let fs = &fsets[&c];
                let k = trip_weeks(c, fs).min(period);
                // Average minutes per trip: every function's minutes spread over the trips.
                let per_month: f64 = fs
                    .iter()
                    .map(|&f| {
                        visit_minutes(sc, c, &[f], specialist) * WEEKS_PER_MONTH
                            / f64::from(s.cycle_weeks(f, sc.customers[c].class))
                    })
                    .sum();
                let per_month = per_month + team_extra.get(&(st, c)).copied().unwrap_or(0.0);
                let service = per_month / (WEEKS_PER_MONTH / f64::from(k));
                let cu = &sc.customers[c];
                sites.push(Site {
                    service,
                    demand: 0.0,
                    ready: f64::from(cu.open_min),
                    due: (f64::from(cu.close_min) - service).max(f64::from(cu.open_min)),
                });
                let mut all = Vec::new();
                for d in (0..dpw).filter(|&d| weekday_ok(d)) {
                    for phase in 0..k {
                        let mut mask = 0u64;
                        for w in (phase..period).step_by(k as usize) {
                            mask |= 1u64 << (w * dpw + d);
                        }
                        all.push(mask);
                    }
                }
                let free: Vec<u64> = all.iter().copied().filter(|p| p & used[c] == 0).collect();
                patterns.push(if s.modes.staggering && !free.is_empty() {
                    free
                } else {
                    all
                });
            }
            let limits = DayLimits {
                vehicles: 1,
                capacity: f64::INFINITY,
                max_duration: (s.day_minutes - reserve[st] - s.desk_minutes(a.staff[st].post))
                    .max(0.0),
                start,
                end,
            };
            let problem = PeriodicProblem {
                costs: &m,
                sites: &sites,
                depot: 0,
                days: vec![limits; slots as usize],
                patterns,
            };
            let pp = PeriodicParams {
                max_kicks: params.max_kicks,
                // Less search than the benchmark's: three neighbours, pattern moves first and
                // one local search per day at the end, pruned pattern sums. Measured over
                // county/urban/rural x seeds 1-5 (and again 6-10): 38 % fewer instructions on
                // county (seed 42), per-model means within 0.0013 coverage and +0.9 %
                // km/visit, overtime 12-14 % lower for region and format, otherwise within
                // +2 % (the planner's own seed moves these by similar amounts).
                neighbours: 3,
                late_local_search: true,
                prune_patterns: true,
                seed: (st * 8 + g) as u64 + 1,
                ..PeriodicParams::default()
            };
            let sol = solve_periodic(&problem, &pp, &mut super::routing::never());
            for (slot, routes) in sol.days.iter().enumerate().take(slots as usize) {
                for r in routes {
                    by_slot[slot].extend(r.iter().filter(|&&v| v != 0).map(|&v| custs[v - 1]));
                    // Planned minutes of the day: travel and (average) service.
                    let mut prev = 0;
                    for &v in r.iter().filter(|&&v| v != 0) {
                        load[st][slot] += m.time(prev, v) + sites[v].service;
                        prev = v;
                    }
                    load[st][slot] += m.time(prev, 0);
                }
            }
            for (i, &c) in custs.iter().enumerate() {
                if let Some(Some(mask)) = sol.pattern.get(i + 1) {
                    used[c] |= mask;
                }
            }
        }
        plan.push(by_slot);
    }

    // Planned team visits (协同拜访): flagged customers, on a day the main staff member already
    // visits them, joined by the customer's other staff (or the market manager).
    // Who plans each customer on which slots (staff, slot mask), for retries that must not
    // land on another staff member's day.
    let mut planners: Vec<Vec<(usize, u64)>> = vec![Vec::new(); sc.customers.len()];
    for (st, by_slot) in plan.iter().enumerate() {
        for (slot, cs) in by_slot.iter().enumerate() {
            for &c in cs {
                match planners[c].iter_mut().find(|x| x.0 == st) {
                    Some(x) => x.1 |= 1u64 << slot,
                    None => planners[c].push((st, 1u64 << slot)),
                }
            }
        }
    }
    let team_plan = plan_teams(sc, a, &plan, &load, slots, horizon_days);
    let rules = RetryRules {
        sc,
        planners: &planners,
        slots,
    };
    let mut extras: BTreeMap<(usize, u32), Vec<(usize, u32)>> = BTreeMap::new();
    let mut team_at: BTreeMap<(usize, u32, usize), u32> = BTreeMap::new();
    for tv in &team_plan {
        for &st in &tv.members {
            team_at.insert((st, tv.day, tv.customer), tv.id);
            if !plan[st][(tv.day % slots) as usize].contains(&tv.customer) {
                extras
                    .entry((st, tv.day))
                    .or_default()
                    .push((tv.customer, tv.id));
            }
        }
    }

    // Live the plan day by day.
    let mut cal = Calendar {
        weeks,
        days_per_week: dpw,
        visits: Vec::new(),
        routes: Vec::new(),
        missed: Vec::new(),
        teams: Vec::new(),
        required: 0,
        conflicts: 0,
        replication: params.replication,
    };
    // Disturbances: absences per (day, staff) from one stream, closed shops and service-time
    // noise per stop from another, both drawn in the calendar's fixed order.
    let dist = &s.disturbances;
    let mut absences = params
        .replication
        .map(|r| super::rng::rng(sc.seed, super::rng::Stream::Disturbance, 2 * r + 1));
    let mut at_shop = params
        .replication
        .map(|r| super::rng::rng(sc.seed, super::rng::Stream::Disturbance, 2 * r + 2));
    // Lognormal with mean 1 and the given coefficient of variation.
    let sigma = libm::sqrt(libm::log(1.0 + dist.service_time_cv.max(0.0).powi(2)));
    // (staff, customer, function) -> cycle index last served; last failure reason.
    let mut lived = Lived::default();
    let month_days = WEEKS_PER_MONTH as u32 * dpw;
    for tv in &team_plan {
        *lived
            .optional
            .entry((tv.customer, tv.day / month_days))
            .or_default() += 1;
    }
    let cap = s.day_minutes + s.overtime_cap_minutes;
    let team_minutes = s.team.prep_minutes.max(0.0) + s.team.debrief_minutes.max(0.0);
    // Members (other than the main staff member) of each day's planned team visits: they live
    // their day after the staff they join, so that they can meet them at the shop.
    let mut joins: BTreeSet<(u32, usize)> = BTreeSet::new();
    for tv in &team_plan {
        for &st in &tv.members[1..] {
            joins.insert((tv.day, st));
        }
    }
    // Per visit: the team visit it belongs to, if any.
    let mut group: Vec<Option<Group>> = Vec::new();
    for day in 0..horizon_days {
        let week = day / dpw;
        let slot = (day % slots) as usize;
        // Visits made today at each customer (indices into `cal.visits`).
        let mut today: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        let mut order: Vec<usize> = (0..plan.len()).collect();
        order.sort_by_key(|&st| joins.contains(&(day, st)));
        // Absences drawn in the living order (the same draws whether or not anyone covers).
        let mut absent_today = vec![false; plan.len()];
        for &st in &order {
            absent_today[st] = absences
                .as_mut()
                .is_some_and(|r| r.random::<f64>() < dist.absence_rate);
        }
        // With covering, each absent member's day goes to the present colleague of the same
        // post and department with the fewest planned stops today (ties: the lower index);
        // the absent live their day first, so that it can be handed over.
        let mut cover_of: Vec<Option<usize>> = vec![None; plan.len()];
        if dist.cover_absent {
            for st in (0..plan.len()).filter(|&st| absent_today[st]) {
                let dept = sc.managers[a.staff[st].manager].department;
                cover_of[st] = (0..plan.len())
                    .filter(|&o| {
                        !absent_today[o]
                            && a.staff[o].post == a.staff[st].post
                            && a.staff[o].shift == a.staff[st].shift
                            && sc.managers[a.staff[o].manager].department == dept
                    })
                    .min_by_key(|&o| (plan[o][slot].len(), o));
            }
            order.sort_by_key(|&st| !absent_today[st]);
        }
        let mut handed: BTreeMap<usize, Vec<Stop>> = BTreeMap::new();
        for st in order {
            let by_slot = &plan[st];
            let base = sc.base_of(a.staff[st].manager);
            let absent = absent_today[st];
            // The planned stops, with any team visit this member joins today and any retry
            // inserted where they add the least distance.
            let mut stops: Vec<usize> = by_slot[slot].clone();
            let joining = extras
                .get(&(st, day))
                .into_iter()
                .flatten()
                .map(|&(c, _)| c);
            let retrying = lived.retry.remove(&(st, day)).unwrap_or_default();
            for c in joining.chain(retrying) {
                if stops.contains(&c) {
                    continue;
                }
                let p = sc.customers[c].pos;
                let at = |i: usize| {
                    if i == 0 || i > stops.len() {
                        base
                    } else {
                        sc.customers[stops[i - 1]].pos
                    }
                };
                // Each place's added distance measured once (the first of equals wins).
                let best = (0..=stops.len())
                    .map(|k| (at(k).dist(p) + p.dist(at(k + 1)) - at(k).dist(at(k + 1)), k))
                    .min_by(|x, y| x.0.total_cmp(&y.0))
                    .map_or(0, |x| x.1);
                stops.insert(best, c);
            }
            if stops.is_empty() {
                continue;
            }
            let specialist = a.staff[st].post.is_some();
            // Functions due at each planned stop.
            let mut todo: Vec<Stop> = Vec::new();
            for &c in &stops {
                let class = sc.customers[c].class;
                let k = trip_weeks(c, &tasks[st][&c]).min(period);
                let due: Vec<Function> = tasks[st][&c]
                    .iter()
                    .copied()
                    .filter(|&f| {
                        let cw = s.cycle_weeks(f, class);
                        let cyc = week / cw;
                        // A function with a longer cycle than the trips is done at one of the
                        // cycle's visits, spread over customers so that the first week of every
                        // cycle is not the heaviest; later visits retry if that one is missed.
                        let offset = ((c + f.index()) as u32 % (cw / k).max(1)) * k;
                        week >= cyc * cw + offset
                            && !lived
                                .served
                                .get(&(st, c, f))
                                .is_some_and(|x| x.contains(&cyc))
                    })
                    .collect();
                // Someone already at this shop today: the visit to meet (its first one).
                let host = today.get(&c).and_then(|v| v.first().copied());
                // Members meet at the host's start (waiting if early), so the whole team is at
                // the shop together from then on.
                let meet = |h: usize| {
                    let v = &cal.visits[h];
                    Some((v.start, v.start))
                };
                let (closed, noise) = match at_shop.as_mut() {
                    Some(r) => {
                        let closed = r.random::<f64>() < dist.closed_rate;
                        let z = super::rng::normal(r);
                        (closed, libm::exp(sigma * z - sigma * sigma / 2.0))
                    }
                    None => (false, 1.0),
                };
                let mut x = Stop {
                    customer: c,
                    functions: due,
                    overhead: 0.0,
                    group: None,
                    window: None,
                    closed,
                    noise,
                    owner: None,
                    speed: 0.0,
                    dur: 0.0,
                    ready: 0.0,
                    latest: 0.0,
                    base_km: 0.0,
                };
                let planned = team_at.get(&(st, day, c)).copied();
                let hosts_planned =
                    |h: usize| planned.is_some_and(|t| group[h] == Some(Group::Planned(t)));
                let own_team = match host {
                    Some(h) => hosts_planned(h),
                    None => planned.is_some_and(|t| team_plan[t as usize].members[0] == st),
                };
                if x.functions.is_empty() && !own_team {
                    // Nothing due and not its planned team visit: no reason to come.
                    continue;
                }
                if let Some(h) = host.filter(|_| s.modes.team_visits) {
                    // Someone is at the shop today already: this visit meets theirs, as part
                    // of their team visit (planned or not), so the customer sees one team.
                    x.group = Some(group[h].unwrap_or(Group::Host(h)));
                    x.window = meet(h);
                    // Joining a planned team visit means preparing and debriefing too.
                    if matches!(group[h], Some(Group::Planned(_))) {
                        x.overhead = team_minutes;
                    }
                } else if host.is_some() && s.modes.staggering {
                    // Staggering without team visits: never a second staff member on the same
                    // day; the visit moves to another day of its cycle.
                    if !x.functions.is_empty() {
                        lived.dropped(&rules, st, day, &x, Reason::Conflict);
                    }
                    continue;
                } else if let Some(t) = team_at.get(&(st, day, c)).copied() {
                    // The main staff member hosts its planned team visit; a member whose host
                    // is not there comes only for its own functions.
                    if team_plan[t as usize].members[0] == st {
                        x.overhead = team_minutes;
                        x.group = Some(Group::Planned(t));
                    }
                }
                if !x.functions.is_empty() || x.group.is_some() {
                    todo.push(x.prepared(sc, base, specialist));
                }
            }
            if absent {
                // Covered: the colleague makes the visits that need no one else at the shop
                // (no team to meet); the rest, or everything when nobody covers, is retried
                // another day.
                for x in todo {
                    match cover_of[st] {
                        Some(o) if x.window.is_none() && x.group.is_none() => {
                            let x = Stop {
                                owner: Some(st),
                                ..x
                            };
                            handed.entry(o).or_default().push(x);
                        }
                        _ => lived.dropped(&rules, st, day, &x, Reason::Absent),
                    }
                }
                continue;
            }
            // Visits taken over from absent colleagues come after the cover's own day, nearest
            // first from its last stop: a day too full gives them up before its own visits.
            let mut extra = handed.remove(&st).unwrap_or_default();
            let mut from = todo
                .last()
                .map_or(base, |x: &Stop| sc.customers[x.customer].pos);
            while !extra.is_empty() {
                let k = (0..extra.len())
                    .min_by(|&i, &j| {
                        let d = |k: usize| from.dist(sc.customers[extra[k].customer].pos);
                        d(i).total_cmp(&d(j))
                    })
                    .unwrap_or(0);
                let x = extra.remove(k);
                // Not where the cover goes anyway, nor where another staff member already was
                // today (the visit would sit beside theirs): retried by its owner instead.
                if todo.iter().any(|y| y.customer == x.customer) || today.contains_key(&x.customer)
                {
                    let owner = x.owner.unwrap_or(st);
                    lived.dropped(&rules, owner, day, &x, Reason::Absent);
                    continue;
                }
                from = sc.customers[x.customer].pos;
                todo.push(x.prepared(sc, base, specialist));
            }
            // Desk time (a research specialist's) ends the day at the office: the route has
            // that much less of the day and of the working window.
            let desk = s.desk_minutes(a.staff[st].post);
            let cap = cap - desk;
            let (win_start, win_end) = shift_window(sc, a.staff[st].shift);
            let win_end = win_end - desk;
            // A stop dropped because the day is too full is a capacity miss; a time-window miss
            // is a shop that cannot be served within the working window even on its own.
            let alone_reason = |x: &Stop| {
                let alone = simulate(sc, std::slice::from_ref(x), win_start);
                if alone.late.is_some() || alone.back > win_end || alone.back - alone.leave > cap {
                    Reason::TimeWindow
                } else {
                    Reason::Capacity
                }
            };
            // Drop stops until the day fits: closed shops first, then the last stops. A shop
            // reached after closing (the day's minutes differ from the plan's averages) is
            // first moved to the place in the day where it and every other stop are reached
            // while open; a stop that cannot meet its team at the shop comes on its own (or not
            // at all with nothing of its own due); only then is a stop dropped.
            let mut moved = 0;
            loop {
                let sched = simulate(sc, &todo, win_start);
                let too_long = sched.back - sched.leave > cap || sched.back > win_end;
                if sched.late.is_some() || (!todo.is_empty() && too_long) {
                    // Covering never costs the cover its own visits: while the day does not
                    // fit, the visits taken over go first (the last one first), retried by
                    // their owner.
                    if let Some(i) = todo.iter().rposition(|x| x.owner.is_some()) {
                        let x = todo.remove(i);
                        let reason = alone_reason(&x);
                        lived.dropped(&rules, x.owner.unwrap_or(st), day, &x, reason);
                        continue;
                    }
                }
                if let Some(i) = sched.late {
                    if moved < MAX_MOVES {
                        moved += 1;
                        if let Some(j) = feasible_place(sc, &todo, i, win_start) {
                            let x = todo.remove(i);
                            todo.insert(j, x);
                            continue;
                        }
                    }
                    if todo[i].window.is_some() {
                        // It cannot meet the staff already at the shop: it only came to join,
                        // or it comes another day (the staff must not be there apart).
                        let x = todo.remove(i);
                        lived.dropped(&rules, x.owner.unwrap_or(st), day, &x, Reason::Conflict);
                        continue;
                    }
                    let x = todo.remove(i);
                    let reason = alone_reason(&x);
                    lived.dropped(&rules, x.owner.unwrap_or(st), day, &x, reason);
                    continue;
                }
                if !todo.is_empty() && (sched.back - sched.leave > cap || sched.back > win_end) {
                    // Joining a team is optional: a full day gives it up before any rigid visit.
                    if let Some(i) = todo.iter().rposition(|x| x.window.is_some()) {
                        let x = todo.remove(i);
                        lived.dropped(&rules, x.owner.unwrap_or(st), day, &x, Reason::Conflict);
                        continue;
                    }
                    // Leaving at the start of the working window, the times of the first k
                    // stops do not depend on the stops after them: the day keeps the longest
                    // prefix that fits, exactly what dropping the last stop one by one gives.
                    let mut keep = todo.len() - 1;
                    if sched.leave <= win_start + 1e-9 {
                        while keep > 0 {
                            let back = sched.times[keep - 1].1 + sched.home[keep - 1];
                            if back - sched.leave <= cap && back <= win_end {
                                break;
                            }
                            keep -= 1;
                        }
                    }
                    for x in todo.split_off(keep).iter().rev() {
                        let reason = alone_reason(x);
                        lived.dropped(&rules, x.owner.unwrap_or(st), day, x, reason);
                    }
                    continue;
                }
                if todo.is_empty() {
                    break;
                }
                let mut idx = Vec::with_capacity(todo.len());
                for (x, (start, end)) in todo.iter().zip(&sched.times) {
                    if x.closed {
                        // Found closed: the trip was made, nothing done; retried later.
                        idx.push(cal.visits.len());
                        group.push(None);
                        cal.visits.push(Visit {
                            day,
                            staff: st,
                            customer: x.customer,
                            functions: Vec::new(),
                            start: *start,
                            end: *start,
                            team: None,
                            closed: true,
                            covers: x.owner,
                        });
                        lived.dropped(&rules, x.owner.unwrap_or(st), day, x, Reason::Closed);
                        continue;
                    }
                    for &f in &x.functions {
                        let cyc = week / s.cycle_weeks(f, sc.customers[x.customer].class);
                        lived
                            .served
                            .entry((x.owner.unwrap_or(st), x.customer, f))
                            .or_default()
                            .insert(cyc);
                    }
                    let vi = cal.visits.len();
                    if let Some(Group::Host(h)) = x.group {
                        group[h] = Some(Group::Host(h));
                    }
                    group.push(x.group);
                    today.entry(x.customer).or_default().push(vi);
                    idx.push(vi);
                    cal.visits.push(Visit {
                        day,
                        staff: st,
                        customer: x.customer,
                        functions: x.functions.clone(),
                        start: *start,
                        end: *end,
                        team: None,
                        closed: false,
                        covers: x.owner,
                    });
                }
                cal.routes.push(DayRoute {
                    staff: st,
                    day,
                    leave: sched.leave,
                    back: sched.back,
                    km: sched.km,
                    travel_min: sched.travel,
                    service_min: sched.service,
                    desk_min: desk,
                    visits: idx,
                });
                break;
            }
        }
    }

    // Rigid cycles: every (customer, function) cycle wholly inside the horizon.
    for r in required_cycles(sc, a, weeks) {
        let (c, f, st, cyc, cw) = (r.customer, r.function, r.staff, r.cycle, r.cycle_weeks);
        cal.required += 1;
        if !lived
            .served
            .get(&(st, c, f))
            .is_some_and(|x| x.contains(&cyc))
        {
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

    // Team visits as they happened: a planned one needs its host and at least one other member
    // or the market manager; visits that met on the day form a team of their own. Whatever
    // else shares a customer-day is a conflict.
    let mut by_group: BTreeMap<Group, Vec<usize>> = BTreeMap::new();
    for (i, g) in group.iter().enumerate() {
        if let Some(g) = g {
            by_group.entry(*g).or_default().push(i);
        }
    }
    for (g, idx) in by_group {
        let market_manager = match g {
            Group::Planned(t) => team_plan[t as usize].market_manager,
            Group::Host(_) => None,
        };
        if idx.len() < 2 && market_manager.is_none() {
            continue;
        }
        let id = cal.teams.len() as u32;
        for &i in &idx {
            cal.visits[i].team = Some(id);
        }
        let v = &cal.visits[idx[0]];
        cal.teams.push(TeamVisit {
            id,
            day: v.day,
            customer: v.customer,
            members: idx.iter().map(|&i| cal.visits[i].staff).collect(),
            market_manager,
            planned: matches!(g, Group::Planned(_)),
        });
    }
    let mut by_cday: BTreeMap<(usize, u32), BTreeSet<Option<u32>>> = BTreeMap::new();
    let mut staff_of: BTreeMap<(usize, u32), BTreeSet<usize>> = BTreeMap::new();
    for v in cal.visits.iter().filter(|v| !v.closed) {
        // A visit outside any team is its own contact.
        let key = v.team.or(Some(u32::MAX - v.staff as u32));
        by_cday.entry((v.customer, v.day)).or_default().insert(key);
        staff_of
            .entry((v.customer, v.day))
            .or_default()
            .insert(v.staff);
    }
    cal.conflicts = by_cday
        .iter()
        .filter(|(k, contacts)| contacts.len() > 1 && staff_of[k].len() > 1)
        .count();
    cal
}

struct Sched {
    leave: f64,
    back: f64,
    km: f64,
    travel: f64,
    service: f64,
    times: Vec<(f64, f64)>,
    /// Minutes from each stop back to base.
    home: Vec<f64>,
    /// First stop whose shop is closed by the time it is reached.
    late: Option<usize>,
}

/// What living the calendar day by day keeps track of.
#[derive(Default)]
struct Lived {
    /// (staff, customer, function) -> cycles served.
    served: BTreeMap<(usize, usize, Function), BTreeSet<u32>>,
    /// (staff, customer, function) -> the last reason a visit was dropped.
    failed: BTreeMap<(usize, usize, Function), Reason>,
    /// (staff, day) -> customers to retry that day.
    retry: BTreeMap<(usize, u32), Vec<usize>>,
    /// (customer, 4-week window) -> optional visits (team visits, retries) so far.
    optional: BTreeMap<(usize, u32), u32>,
}

/// What deciding a retry needs: the scenario and who plans each customer on which slots.
struct RetryRules<'a> {
    sc: &'a Scenario,
    planners: &'a [Vec<(usize, u64)>],
    slots: u32,
}

impl Lived {
    /// A stop dropped from staff `st`'s day `day`: its functions are marked failed with
    /// `reason`, and the visit is retried on the next working day inside one of its functions'
    /// open cycles (with staggering on, a day on which no other staff member plans the
    /// customer), while the customer's optional visits stay within the over-service cap.
    fn dropped(&mut self, r: &RetryRules, st: usize, day: u32, x: &Stop, reason: Reason) {
        let s = &r.sc.settings;
        let dpw = s.days_per_week.max(1);
        let class = r.sc.customers[x.customer].class;
        for &f in &x.functions {
            self.failed.insert((st, x.customer, f), reason);
        }
        let horizon = s.weeks.max(1) * dpw;
        let cycle_end = x
            .functions
            .iter()
            .map(|&f| {
                let cw = s.cycle_weeks(f, class);
                (day / dpw / cw + 1) * cw * dpw
            })
            .max()
            .unwrap_or(0)
            .min(horizon);
        let others_there = |d: u32| {
            let bit = 1u64 << (d % r.slots.max(1));
            r.planners[x.customer]
                .iter()
                .any(|&(o, mask)| o != st && mask & bit != 0)
        };
        let Some(next) = (day + 1..cycle_end).find(|&d| !s.modes.staggering || !others_there(d))
        else {
            return;
        };
        let month_days = WEEKS_PER_MONTH as u32 * dpw;
        let used = self
            .optional
            .entry((x.customer, next / month_days))
            .or_default();
        if *used < s.deep.optional_cap_per_month {
            *used += 1;
            self.retry.entry((st, next)).or_default().push(x.customer);
        }
    }
}

/// One stop of a day as lived: the functions due, extra minutes (a team visit's preparation
/// and debrief) and the planned team visit it belongs to.
#[derive(Clone)]
struct Stop {
    customer: usize,
    functions: Vec<Function>,
    overhead: f64,
    /// The team visit this stop is part of.
    group: Option<Group>,
    /// Earliest and latest start when meeting a team at the shop.
    window: Option<(f64, f64)>,
    /// Disturbances: the shop is closed when reached; service time multiplier.
    closed: bool,
    noise: f64,
    /// The absent colleague whose stop this is (covered); `None`: the staff member's own.
    owner: Option<usize>,
    /// Fixed once the stop is complete ([`Stop::prepared`]), read by every simulation of its
    /// day: its zone's speed, minutes at the shop, start window and road km from the base.
    speed: f64,
    dur: f64,
    ready: f64,
    latest: f64,
    base_km: f64,
}

impl Stop {
    /// Minutes spent at the shop.
    fn minutes(&self, sc: &Scenario, specialist: bool) -> f64 {
        if self.closed {
            0.0
        } else {
            (visit_minutes(sc, self.customer, &self.functions, specialist) + self.overhead)
                * self.noise
        }
    }

    /// The stop with what simulating its day needs computed once: a day is simulated again
    /// after every dropped or moved stop, and each of those used to recompute every leg.
    fn prepared(mut self, sc: &Scenario, base: super::geo::Point, specialist: bool) -> Stop {
        let cu = &sc.customers[self.customer];
        self.speed = sc.settings.speed_kmh.get(cu.zone);
        self.dur = self.minutes(sc, specialist);
        (self.ready, self.latest) = start_window(cu, &self, self.dur);
        self.base_km = base.dist(cu.pos) * sc.settings.road_factor;
        self
    }
}

/// How visits are held together: a planned team visit (its index in the plan), or the visit
/// others met on the day (its index in `Calendar::visits`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Group {
    Planned(u32),
    Host(usize),
}

/// Late stops per staff-day moved to a feasible place before the rest are dropped (each
/// move tries every place: quadratic in the day's stops).
const MAX_MOVES: usize = 3;

/// A planned team visit before the day is lived.
struct PlannedTeam {
    id: u32,
    day: u32,
    customer: usize,
    members: Vec<usize>,
    market_manager: Option<usize>,
}

/// Team visits for the customers flagged for potential, volatility or difficulty: `per_month`
/// per 4 weeks, each on the lightest day of its window on which the customer's main staff
/// member visits it anyway; the members are the main staff member and the customer's other staff (up
/// to the largest team), and the department's market manager joins a team that would
/// otherwise be one person. Optional visits stay within the over-service cap.
fn plan_teams(
    sc: &Scenario,
    a: &Assignment,
    plan: &[Vec<Vec<usize>>],
    load: &[Vec<f64>],
    slots: u32,
    horizon_days: u32,
) -> Vec<PlannedTeam> {
    let s = &sc.settings;
    let mut out = Vec::new();
    if !s.modes.team_visits || s.team.per_month <= 0.0 || horizon_days == 0 {
        return out;
    }
    let dpw = s.days_per_week.max(1);
    let month_days = WEEKS_PER_MONTH as u32 * dpw;
    let window = ((f64::from(month_days) / s.team.per_month).round() as u32).max(1);
    // Optional visits allowed per customer per 4 weeks, in windows of this length.
    let cap_per_window = (f64::from(s.deep.optional_cap_per_month) * f64::from(window)
        / f64::from(month_days))
    .floor() as u32;
    if cap_per_window == 0 {
        return out;
    }
    // Minutes already added to a (staff, day) by team visits planned so far.
    let mut added: BTreeMap<(usize, u32), f64> = BTreeMap::new();
    let team_minutes = s.team.prep_minutes.max(0.0) + s.team.debrief_minutes.max(0.0);
    for c in 0..sc.customers.len() {
        let Some((members, market_manager)) = team_of(sc, a, c) else {
            continue;
        };
        let main = members[0];
        let mut start = 0;
        while start + window <= horizon_days {
            // Of the main staff member's planned days with this customer in the window, the one
            // whose busiest member is least loaded (planned minutes plus the team visits placed
            // so far; the earliest among equals), so preparation and debrief fit the day.
            let day_load = |d: u32| {
                members
                    .iter()
                    .map(|&st| {
                        load[st][(d % slots) as usize] + added.get(&(st, d)).copied().unwrap_or(0.0)
                    })
                    .fold(0.0, f64::max)
            };
            let day = (start..start + window)
                .filter(|&d| plan[main][(d % slots) as usize].contains(&c))
                .min_by(|&x, &y| day_load(x).total_cmp(&day_load(y)));
            if let Some(day) = day {
                for &st in &members {
                    *added.entry((st, day)).or_default() += team_minutes;
                }
                out.push(PlannedTeam {
                    id: out.len() as u32,
                    day,
                    customer: c,
                    members: members.clone(),
                    market_manager,
                });
            }
            start += window;
        }
    }
    out
}

/// The position (in the day without stop `i`) where stop `i` can be put so that no stop of
/// the day is reached after closing, preferring the least added travel.
///
/// Every candidate day is the others in order with stop `i` at one place, so the legs between
/// consecutive others and between stop `i` and each other are measured once, not once per
/// candidate.
fn feasible_place(sc: &Scenario, todo: &[Stop], i: usize, earliest: f64) -> Option<usize> {
    let x = &todo[i];
    let rest: Vec<&Stop> = todo
        .iter()
        .enumerate()
        .filter(|&(k, _)| k != i)
        .map(|(_, y)| y)
        .collect();
    // km between rest[k - 1] and rest[k], and between x and rest[k].
    let between: Vec<f64> = (0..rest.len())
        .map(|k| {
            if k == 0 {
                0.0
            } else {
                stop_km(sc, rest[k - 1], rest[k])
            }
        })
        .collect();
    let to_x: Vec<f64> = rest.iter().map(|y| stop_km(sc, x, y)).collect();
    // A candidate's km is the others' km plus what putting x there adds: candidates are lived
    // cheapest first, and once one fits, those adding more than it (beyond rounding) cannot be
    // chosen and are not lived. Among equal km the earliest place wins, as in a plain scan.
    let n = rest.len();
    let rest_km: f64 = between.iter().sum::<f64>()
        + rest.first().map_or(0.0, |y| y.base_km)
        + rest.last().map_or(0.0, |y| y.base_km);
    let added = |j: usize| {
        let prev = if j == 0 { x.base_km } else { to_x[j - 1] };
        let next = if j == n { x.base_km } else { to_x[j] };
        let skipped = match (j, n) {
            (_, 0) => 0.0,
            (0, _) => rest[0].base_km,
            (j, n) if j == n => rest[n - 1].base_km,
            (j, _) => between[j],
        };
        prev + next - skipped
    };
    let mut order: Vec<(f64, usize)> = (0..=n).map(|j| (added(j), j)).collect();
    order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let slack = 1e-9 * (1.0 + rest_km + order.last().map_or(0.0, |o| o.0.abs()));
    let mut best: Option<(f64, usize)> = None;
    for &(add, j) in &order {
        if best.is_some_and(|b| rest_km + add > b.0 + slack) {
            break;
        }
        // The day is rest[..j], x, rest[j..].
        let at = |k: usize| match k.cmp(&j) {
            std::cmp::Ordering::Less => rest[k],
            std::cmp::Ordering::Equal => x,
            std::cmp::Ordering::Greater => rest[k - 1],
        };
        let km_into = |k: usize| match k.cmp(&j) {
            std::cmp::Ordering::Less => between[k],
            std::cmp::Ordering::Equal => to_x[k - 1],
            std::cmp::Ordering::Greater if k == j + 1 => to_x[j],
            std::cmp::Ordering::Greater => between[k - 1],
        };
        let (late, km) = run_day(n + 1, at, km_into, earliest, None);
        if late.is_none() && best.is_none_or(|b| km < b.0 || (km == b.0 && j < b.1)) {
            best = Some((km, j));
        }
    }
    best.map(|b| b.1)
}

/// Road km between two stops.
fn stop_km(sc: &Scenario, a: &Stop, b: &Stop) -> f64 {
    let (p, q) = (sc.customers[a.customer].pos, sc.customers[b.customer].pos);
    p.dist(q) * sc.settings.road_factor
}

/// Earliest and latest start of stop `x` at shop `cu` for a visit of `dur` minutes: the
/// opening hours, narrowed to the team's arrival when the stop meets a team.
fn start_window(cu: &super::scenario::Customer, x: &Stop, dur: f64) -> (f64, f64) {
    let (mut ready, mut latest) = (f64::from(cu.open_min), f64::from(cu.close_min) - dur);
    if let Some((a, b)) = x.window {
        ready = ready.max(a);
        latest = latest.min(b);
    }
    (ready, latest)
}

fn simulate(sc: &Scenario, todo: &[Stop], earliest: f64) -> Sched {
    let mut out = Sched {
        leave: earliest,
        back: earliest,
        km: 0.0,
        travel: 0.0,
        service: 0.0,
        times: Vec::with_capacity(todo.len()),
        home: Vec::with_capacity(todo.len()),
        late: None,
    };
    if todo.is_empty() {
        return out;
    }
    let km: Vec<f64> = (0..todo.len())
        .map(|k| {
            if k == 0 {
                0.0
            } else {
                stop_km(sc, &todo[k - 1], &todo[k])
            }
        })
        .collect();
    run_day(
        todo.len(),
        |k| &todo[k],
        |k| km[k],
        earliest,
        Some(&mut out),
    );
    out
}

/// Lives a day of `n` stops (`stop(k)`, with `km_into(k)` road km from stop `k - 1` to stop
/// `k` for `k >= 1`) from the base: returns the first stop reached after its latest start and
/// the day's km, and fills `out` (times, travel, return) when given. Without `out`, a day with
/// a late stop ends there and its km is NaN. The base's speed is the first stop's zone's.
fn run_day<'s>(
    n: usize,
    stop: impl Fn(usize) -> &'s Stop,
    km_into: impl Fn(usize) -> f64,
    earliest: f64,
    mut out: Option<&mut Sched>,
) -> (Option<usize>, f64) {
    if n == 0 {
        return (None, 0.0);
    }
    let base_speed = stop(0).speed;
    // Leg into stop k: km and minutes (from the base for the first stop).
    let into = |k: usize| -> (f64, f64) {
        let x = stop(k);
        if k == 0 {
            (x.base_km, leg_minutes(x.base_km, base_speed, x.speed))
        } else {
            let km = km_into(k);
            (km, leg_minutes(km, stop(k - 1).speed, x.speed))
        }
    };
    // Leave as late as avoids waiting at any shop, but not so late that one closes first:
    // with no waiting, stop i is reached at leave + prefix_i.
    let (mut lo, mut hi) = (earliest, f64::INFINITY);
    let mut prefix = 0.0;
    for k in 0..n {
        let x = stop(k);
        prefix += into(k).1;
        lo = lo.max(x.ready - prefix);
        hi = hi.min(x.latest - prefix);
        prefix += x.dur;
    }
    let leave = if lo <= hi { lo } else { hi.max(earliest) };
    let mut t = leave;
    let (mut km_sum, mut travel, mut service) = (0.0, 0.0, 0.0);
    let mut late = None;
    for k in 0..n {
        let x = stop(k);
        let (km, min) = into(k);
        km_sum += km;
        travel += min;
        let arrive = t + min;
        let start = arrive.max(x.ready);
        if start > x.latest + 1e-9 && late.is_none() {
            late = Some(k);
            if out.is_none() {
                // Only asked whether the day fits: the rest cannot change the answer.
                return (late, f64::NAN);
            }
        }
        service += x.dur;
        if let Some(o) = out.as_deref_mut() {
            o.times.push((start, start + x.dur));
            o.home.push(leg_minutes(x.base_km, x.speed, base_speed));
        }
        t = start + x.dur;
    }
    let last = stop(n - 1);
    let (km, min) = (
        last.base_km,
        leg_minutes(last.base_km, last.speed, base_speed),
    );
    km_sum += km;
    travel += min;
    if let Some(o) = out {
        o.leave = leave;
        o.km = km_sum;
        o.travel = travel;
        o.service = service;
        o.back = t + min;
        o.late = late;
    }
    (late, km_sum)
}

/// The contract's metrics computed from the calendar (assignment metrics come from
/// `metrics::from_assignment`; this fills the calendar's).
pub fn metrics(sc: &Scenario, work: &[Work], a: &Assignment, cal: &Calendar, m: &mut Metrics) {
    let s = &sc.settings;
    // A shop found closed made a trip but no visit.
    let visits = cal.visits.iter().filter(|v| !v.closed).count();
    let months = f64::from(cal.weeks) / WEEKS_PER_MONTH;
    m.coverage_rate =
        (cal.required > 0).then(|| 1.0 - cal.missed.len() as f64 / cal.required as f64);
    let pairs = sc.customers.len() * Function::ALL.len();
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
    m.overtime_hours = Some(
        cal.routes
            .iter()
            .map(|r| (r.working_minutes() - s.day_minutes).max(0.0))
            .sum::<f64>()
            / 60.0,
    );
    let ct = customer_tiers(sc);
    let stt = staff_tiers(sc, work, a);
    // A team visit is one visit at its best member's tier (DOMAIN.md "Tiers"): the tier of
    // each contact is the best (lowest) staff tier among its visits.
    let mut contact_tier: BTreeMap<(usize, Option<u32>, usize), u8> = BTreeMap::new();
    for (i, v) in cal.visits.iter().enumerate().filter(|(_, v)| !v.closed) {
        let key = match v.team {
            Some(t) => (v.customer, Some(t), 0),
            None => (v.customer, None, i),
        };
        let tier = stt[v.staff];
        contact_tier
            .entry(key)
            .and_modify(|x| *x = (*x).min(tier))
            .or_insert(tier);
    }
    let inverted = contact_tier
        .iter()
        .filter(|(k, &tier)| ct[k.0] < tier)
        .count();
    m.skill_inversion_rate =
        (!contact_tier.is_empty()).then(|| inverted as f64 / contact_tier.len() as f64);
    m.service_minutes_per_customer_month = (!sc.customers.is_empty() && months > 0.0)
        .then(|| service / sc.customers.len() as f64 / months);
    let mut cdays: BTreeMap<(usize, u32), BTreeSet<Option<u32>>> = BTreeMap::new();
    let mut separate: BTreeMap<(usize, u32), usize> = BTreeMap::new();
    for v in cal.visits.iter().filter(|v| !v.closed) {
        cdays.entry((v.customer, v.day)).or_default().insert(v.team);
        if v.team.is_none() {
            *separate.entry((v.customer, v.day)).or_default() += 1;
        }
    }
    let multi = cdays
        .iter()
        .filter(|(k, teams)| {
            // A team visit counts once; separate visits each count.
            let n_sep = separate.get(k).copied().unwrap_or(0);
            let n_teams = teams.iter().filter(|t| t.is_some()).count();
            n_sep + n_teams >= 2
        })
        .count();
    m.same_day_multi_visit_rate = (!cdays.is_empty()).then(|| multi as f64 / cdays.len() as f64);
    let mut contacts: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); sc.customers.len()];
    for v in cal.visits.iter().filter(|v| !v.closed) {
        contacts[v.customer].insert(v.staff);
    }
    m.contacts_per_customer = (!sc.customers.is_empty()).then(|| {
        contacts.iter().map(BTreeSet::len).sum::<usize>() as f64 / sc.customers.len() as f64
    });
    m.team_visits = Some(cal.teams.len() as f64);
    let used: BTreeSet<usize> = a.staff.iter().map(|x| x.manager).collect();
    let pay: f64 = used
        .iter()
        .map(|&mg| s.monthly_pay(sc.managers[mg].pay_grade))
        .sum();
    m.monthly_cost = (months > 0.0).then(|| pay + km * s.cost_per_km / months);
}
