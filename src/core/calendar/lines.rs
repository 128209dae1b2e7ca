//! Route lines (拜访线路): each staff member's stable weekday lines over one planning period,
//! from the periodic planner (`routing::periodic::solve_periodic`). A customer's allowed
//! patterns are "weekday d in the weeks w ≡ φ (mod k)" (k: its trip cycle); staff are planned
//! one after another, so staggering can keep them on different days.

use std::collections::BTreeMap;

use crate::core::assignment::Assignment;
use crate::core::geo::Point;
use crate::core::routing::matrix::{Costs, Matrix};
use crate::core::routing::never;
use crate::core::routing::periodic::{solve_periodic, PeriodicParams, PeriodicProblem};
use crate::core::routing::tw::{DayLimits, Site};
use crate::core::scenario::Scenario;
use crate::core::territory::bisection as territories;
use crate::core::workload::{Work, WEEKS_PER_MONTH};

use super::deep::visit_minutes;
use super::shifts::shift_window;
use super::stagger;
use super::tasks::Tasks;
use super::teams::TeamRoom;
use super::travel::leg;

/// Largest book planned in one piece by the periodic planner.
const CHUNK: usize = 250;

/// The route lines of every staff member over the planning period.
pub(super) struct Lines {
    /// Staff member -> slot (day of the period) -> customers, in route order.
    pub plan: Vec<Vec<Vec<usize>>>,
    /// Staff member -> slot -> planned minutes (travel and average service).
    pub load: Vec<Vec<f64>>,
}

/// What planning the lines reads, and the days each customer is already visited on.
struct Planner<'a> {
    sc: &'a Scenario,
    a: &'a Assignment,
    tasks: &'a Tasks,
    room: &'a TeamRoom,
    max_kicks: u64,
    /// Days on which each customer is already visited (slot masks), for staggering.
    used: Vec<u64>,
    /// Each staff member's rank among its department's staff, which seeds its planner: a
    /// department's lines then do not depend on the people of other departments, so a part
    /// of the calendar plans alone as in the whole (`part.rs`).
    rank: Vec<usize>,
}

/// Plans the route lines of assignment `a` (its tasks `tasks`, leaving `room` for team
/// visits) with `max_kicks` kicks of the periodic planner per staff member or part of a book.
pub(super) fn plan(
    sc: &Scenario,
    work: &[Work],
    a: &Assignment,
    tasks: &Tasks,
    room: &TeamRoom,
    max_kicks: u64,
) -> Lines {
    let slots = tasks.slots as usize;
    let mut planner = Planner {
        sc,
        a,
        tasks,
        room,
        max_kicks,
        used: vec![0; sc.customers.len()],
        rank: department_ranks(sc, a),
    };
    let mut lines = Lines {
        plan: Vec::with_capacity(a.staff.len()),
        load: vec![vec![0.0; slots]; a.staff.len()],
    };
    // Read by the cut of large books below: once for every staff member, not once each.
    let pts: Vec<Point> = sc.customers.iter().map(|c| c.pos).collect();
    let w: Vec<f64> = work.iter().map(Work::minutes_per_month).collect();
    for (st, fsets) in tasks.by_staff.iter().enumerate() {
        let book: Vec<usize> = fsets.keys().copied().collect();
        // A large book (a specialist covering a whole department) is cut into up to one compact
        // part per weekday, each planned on its own weekdays: the planner stays fast and the
        // weekday route lines stay geographic.
        let groups = book.len().div_ceil(CHUNK).clamp(1, tasks.dpw as usize);
        let parts = if groups > 1 {
            territories(&book, &pts, &w, groups)
        } else {
            vec![book.clone()]
        };
        let mut by_slot: Vec<Vec<usize>> = vec![Vec::new(); slots];
        for (g, custs) in parts.iter().enumerate() {
            planner.part(st, (g, groups), custs, &mut by_slot, &mut lines.load[st]);
        }
        lines.plan.push(by_slot);
    }
    lines
}

/// Each staff member's rank among the staff of its department, in staff order.
fn department_ranks(sc: &Scenario, a: &Assignment) -> Vec<usize> {
    let mut next: BTreeMap<Option<usize>, usize> = BTreeMap::new();
    a.staff
        .iter()
        .map(|s| {
            let d = sc.managers.get(s.manager).map(|m| m.department);
            let r = next.entry(d).or_default();
            *r += 1;
            *r - 1
        })
        .collect()
}

impl Planner<'_> {
    /// Plans part `g` of `groups` (customers `custs`) of staff member `st`'s book on its
    /// weekdays, adding its lines to `by_slot` and its planned minutes to `load`.
    fn part(
        &mut self,
        st: usize,
        (g, groups): (usize, usize),
        custs: &[usize],
        by_slot: &mut [Vec<usize>],
        load: &mut [f64],
    ) {
        let (sc, a, tasks) = (self.sc, self.a, self.tasks);
        let s = &sc.settings;
        let (dpw, period, slots) = (tasks.dpw, tasks.period, tasks.slots);
        let base = sc.base_of(a.staff[st].manager);
        let specialist = a.staff[st].post.is_some();
        let fsets = &tasks.by_staff[st];
        let weekday_ok = |d: u32| groups == 1 || d as usize % groups == g;
        let base_speed = custs
            .first()
            .map(|&c| s.speed_kmh.get(sc.customers[c].zone))
            .unwrap_or(s.speed_kmh.urban);
        let node = |i: usize| -> (Point, f64) {
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
            let k = tasks.trip_period(st, c);
            // Average minutes per trip: every function's minutes spread over the trips.
            let per_month: f64 = fs
                .iter()
                .map(|&f| {
                    visit_minutes(sc, c, &[f], specialist) * WEEKS_PER_MONTH
                        / f64::from(tasks.cycle_weeks(c, f))
                })
                .sum();
            let per_month = per_month + self.room.extra.get(&(st, c)).copied().unwrap_or(0.0);
            let service = per_month / (WEEKS_PER_MONTH / f64::from(k));
            let cu = &sc.customers[c];
            // The planner has no lunch break; the day lives one (`sched::Lunch`), so each shop
            // is planned to be reached early enough to be open even after it.
            let lunch = s.lunch_minutes.max(0.0);
            sites.push(Site {
                service,
                demand: 0.0,
                ready: f64::from(cu.open_min),
                due: (f64::from(cu.close_min) - service - lunch).max(f64::from(cu.open_min)),
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
            patterns.push(stagger::patterns(s.modes.staggering, all, self.used[c]));
        }
        let limits = DayLimits {
            vehicles: 1,
            capacity: f64::INFINITY,
            max_duration: (s.day_minutes
                - self.room.reserve[st]
                - s.desk_minutes(a.staff[st].post))
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
            max_kicks: self.max_kicks,
            // Less search than the benchmark's: three neighbours, pattern moves first and
            // one local search per day at the end, pruned pattern sums. Measured over
            // county/urban/rural x seeds 1-5 (and again 6-10): 38 % fewer instructions on
            // county (seed 42), per-model means within 0.0013 coverage and +0.9 %
            // km/visit, overtime 12-14 % lower for region and format, otherwise within
            // +2 % (the planner's own seed moves these by similar amounts).
            neighbours: 3,
            late_local_search: true,
            prune_patterns: true,
            seed: (self.rank[st] * 8 + g) as u64 + 1,
            ..PeriodicParams::default()
        };
        let sol = solve_periodic(&problem, &pp, &mut never());
        for (slot, routes) in sol.days.iter().enumerate().take(slots as usize) {
            for r in routes {
                by_slot[slot].extend(r.iter().filter(|&&v| v != 0).map(|&v| custs[v - 1]));
                // Planned minutes of the day: travel and (average) service.
                let mut prev = 0;
                for &v in r.iter().filter(|&&v| v != 0) {
                    load[slot] += m.time(prev, v) + sites[v].service;
                    prev = v;
                }
                load[slot] += m.time(prev, 0);
            }
        }
        for (i, &c) in custs.iter().enumerate() {
            if let Some(Some(mask)) = sol.pattern.get(i + 1) {
                self.used[c] |= mask;
            }
        }
    }
}
