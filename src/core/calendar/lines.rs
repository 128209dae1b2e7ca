//! Route lines (拜访线路): each staff member's stable weekday lines over one planning period.
//! A book is cut into one compact part per weekday, and each part is planned on its weekday
//! over its own period by the periodic planner (`routing::periodic::solve_periodic`): a
//! customer's allowed patterns are "the part's weekday in the weeks w ≡ φ (mod k)" (k: its
//! trip cycle). Staff are planned one after another, so staggering can keep them on different
//! days: parts take the weekdays others leave free, and a shop others visit on every one of its
//! part's days is offered the other weekdays.

use std::collections::BTreeMap;

use crate::core::assignment::Assignment;
use crate::core::geo::Point;
use crate::core::routing::matrix::{Costs, Matrix};
use crate::core::routing::never;
use crate::core::routing::periodic::{solve_periodic, PeriodicParams, PeriodicProblem};
use crate::core::routing::tw::{DayLimits, Site};
use crate::core::scenario::Scenario;
use crate::core::territory::bisection as territories;
use crate::core::workload::WEEKS_PER_MONTH;

use super::deep::visit_minutes;
use super::shifts::shift_window;
use super::stagger;
use super::tasks::{lcm, Tasks};
use super::teams::TeamRoom;
use super::travel::leg;

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
    a: &Assignment,
    tasks: &Tasks,
    room: &TeamRoom,
    max_kicks: u64,
) -> Lines {
    let slots = tasks.slots as usize;
    let mut planner = Planner::new(sc, a, tasks, room, max_kicks);
    let mut lines = Lines {
        plan: Vec::with_capacity(a.staff.len()),
        load: vec![vec![0.0; slots]; a.staff.len()],
    };
    // Read by the cut of every book below: once for every staff member, not once each. `w`
    // holds the current member's minutes at each of its shops, read by the cut, the choice of
    // weekdays and the planner's service times.
    let pts: Vec<Point> = sc.customers.iter().map(|c| c.pos).collect();
    let mut w: Vec<f64> = vec![0.0; sc.customers.len()];
    for (st, fsets) in tasks.by_staff.iter().enumerate() {
        let book: Vec<usize> = fsets.keys().copied().collect();
        // Every book is cut into one compact part per weekday (fewer with fewer customers),
        // balanced by the member's own minutes at each shop, and each part is planned on its
        // own weekday: a weekday's line covers one neighbourhood, as a manager's 拜访线路 do.
        // Against planning the whole book over every weekday this plans 6-13 % fewer km per
        // visit with about half the overtime, in less time (docs/figures.md).
        for &c in &book {
            w[c] = planner.minutes_per_month(st, c);
        }
        let groups = book.len().clamp(1, tasks.dpw as usize);
        let parts = if groups > 1 {
            territories(&book, &pts, &w, groups)
        } else {
            vec![book.clone()]
        };
        let days = planner.weekdays(st, &parts, groups, &w);
        let mut by_slot: Vec<Vec<usize>> = vec![Vec::new(); slots];
        for (g, custs) in parts.iter().enumerate() {
            let part = Part {
                index: g,
                weekdays: days[g],
                groups,
            };
            planner.part(st, part, custs, &w, &mut by_slot, &mut lines.load[st]);
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

/// One compact part of a staff member's book: its index (which seeds its planner) and the
/// weekdays it is planned on, those `d` with `d % groups == weekdays`.
#[derive(Clone, Copy)]
struct Part {
    index: usize,
    weekdays: usize,
    groups: usize,
}

impl Part {
    fn has(self, d: u32) -> bool {
        self.groups <= 1 || d as usize % self.groups == self.weekdays
    }
}

/// The day masks of a customer visited every `k` weeks on one of the part's weekdays: weekday
/// `d` in the weeks `w ≡ φ (mod k)` of a `period`-week planning period of `dpw` days a week.
fn masks(part: Part, dpw: u32, period: u32, k: u32) -> Vec<u64> {
    let mut all = Vec::new();
    for d in (0..dpw).filter(|&d| part.has(d)) {
        for phase in 0..k {
            let mut mask = 0u64;
            for w in (phase..period).step_by(k as usize) {
                mask |= 1u64 << (w * dpw + d);
            }
            all.push(mask);
        }
    }
    all
}

/// The order in which `weekdays` tries the assignments of parts to weekday groups: every
/// permutation of `0..n`, the identity first.
fn permutations(n: usize) -> Vec<Vec<usize>> {
    if n <= 1 {
        return vec![(0..n).collect()];
    }
    let mut out = Vec::new();
    for rest in permutations(n - 1) {
        for at in (0..n).rev() {
            let mut p = rest.clone();
            p.insert(at, n - 1);
            out.push(p);
        }
    }
    out
}

impl<'a> Planner<'a> {
    fn new(
        sc: &'a Scenario,
        a: &'a Assignment,
        tasks: &'a Tasks,
        room: &'a TeamRoom,
        max_kicks: u64,
    ) -> Self {
        Planner {
            sc,
            a,
            tasks,
            room,
            max_kicks,
            used: vec![0; sc.customers.len()],
            rank: department_ranks(sc, a),
        }
    }

    /// Minutes a month staff member `st` spends at customer `c`: every function's minutes
    /// over its cycle, and any team visit it hosts there.
    fn minutes_per_month(&self, st: usize, c: usize) -> f64 {
        let (sc, tasks) = (self.sc, self.tasks);
        let specialist = self.a.staff[st].post.is_some();
        let own: f64 = tasks.by_staff[st].get(&c).map_or(0.0, |fs| {
            fs.iter()
                .map(|&f| {
                    visit_minutes(sc, c, &[f], specialist) * WEEKS_PER_MONTH
                        / f64::from(tasks.cycle_weeks(c, f))
                })
                .sum()
        });
        own + self.room.extra.get(&(st, c)).copied().unwrap_or(0.0)
    }

    /// The weekday group of each part: with staggering on, the assignment under which the
    /// fewest minutes fall on shops that other staff already visit on every day the part
    /// could take them (the identity when nothing is shared, as for a generalist's book).
    /// `minutes[c]`: the member's minutes a month at shop `c` (`minutes_per_month`).
    fn weekdays(
        &self,
        st: usize,
        parts: &[Vec<usize>],
        groups: usize,
        minutes: &[f64],
    ) -> Vec<usize> {
        let tasks = self.tasks;
        let identity: Vec<usize> = (0..parts.len()).collect();
        // Every order is tried: at most 7! = 5,040 for a seven-day week (a longer one, which
        // the settings do not allow, would keep its order).
        if !self.sc.settings.modes.staggering || parts.len() != groups || groups > 7 {
            return identity;
        }
        // clash[g][h]: minutes of part g that cannot avoid other staff on weekday group h.
        let mut clash = vec![vec![0.0; groups]; groups];
        for (g, custs) in parts.iter().enumerate() {
            for &c in custs.iter().filter(|&&c| self.used[c] != 0) {
                let k = tasks.trip_period(st, c);
                for (h, cell) in clash[g].iter_mut().enumerate() {
                    let part = Part {
                        index: g,
                        weekdays: h,
                        groups,
                    };
                    let free = masks(part, tasks.dpw, tasks.period, k)
                        .iter()
                        .any(|m| m & self.used[c] == 0);
                    if !free {
                        *cell += minutes[c];
                    }
                }
            }
        }
        if clash.iter().flatten().all(|&x| x == 0.0) {
            return identity;
        }
        let cost = |p: &[usize]| -> f64 { p.iter().enumerate().map(|(g, &h)| clash[g][h]).sum() };
        let mut best = (cost(&identity), identity);
        for p in permutations(groups) {
            let c = cost(&p);
            if c < best.0 - 1e-9 {
                best = (c, p);
            }
        }
        best.1
    }

    /// Plans `part` (customers `custs`, `minutes[c]` a month at each) of staff member `st`'s
    /// book on its weekdays, adding its lines to `by_slot` and its planned minutes to `load`.
    fn part(
        &mut self,
        st: usize,
        part: Part,
        custs: &[usize],
        minutes: &[f64],
        by_slot: &mut [Vec<usize>],
        load: &mut [f64],
    ) {
        let (sc, a, tasks) = (self.sc, self.a, self.tasks);
        let s = &sc.settings;
        let (dpw, period) = (tasks.dpw, tasks.period);
        // The part is planned over its own period, the weeks after which its customers' trips
        // repeat, and the lines are repeated over the calendar's period: a department's lines
        // then do not depend on the trip cycles of other departments (which set the period
        // everyone shares), and a part of weekly customers plans one week, not four.
        let own = custs
            .iter()
            .fold(1, |p, &c| lcm(p, tasks.trip_period(st, c)));
        let own = if period % own == 0 { own } else { period };
        let copies = period / own;
        let own_slots = (own * dpw) as usize;
        // A mask over the part's own period, repeated over the calendar's (`period * dpw` is at
        // most 64 slots, so no shift overflows).
        let tile = |m: u64| (0..copies).fold(0u64, |t, j| t | m << (j * own * dpw));
        let base = sc.base_of(a.staff[st].manager);
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
            let k = tasks.trip_period(st, c);
            // Average minutes per trip: every function's minutes spread over the trips.
            let service = minutes[c] / (WEEKS_PER_MONTH / f64::from(k));
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
            let used = self.used[c];
            let taken = |m: u64| tile(m) & used != 0;
            let mut all = masks(part, dpw, own, k);
            // A shop other staff visit on every one of the part's days is offered the other
            // weekdays (a short extra line that day) rather than a day with them.
            if s.modes.staggering && all.iter().all(|&m| taken(m)) {
                let every_weekday = Part { groups: 1, ..part };
                all = masks(every_weekday, dpw, own, k);
            }
            patterns.push(stagger::patterns(s.modes.staggering, all, taken));
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
            days: vec![limits; own_slots],
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
            seed: (self.rank[st] * 8 + part.index) as u64 + 1,
            ..PeriodicParams::default()
        };
        let sol = solve_periodic(&problem, &pp, &mut never());
        for (slot, routes) in sol.days.iter().enumerate().take(own_slots) {
            for r in routes {
                let stops: Vec<usize> = r.iter().copied().filter(|&v| v != 0).collect();
                // Planned minutes of the day: travel and (average) service.
                let mut minutes = 0.0;
                let mut prev = 0;
                for &v in &stops {
                    minutes += m.time(prev, v) + sites[v].service;
                    prev = v;
                }
                minutes += m.time(prev, 0);
                for j in 0..copies as usize {
                    let at = slot + j * own_slots;
                    by_slot[at].extend(stops.iter().map(|&v| custs[v - 1]));
                    load[at] += minutes;
                }
            }
        }
        for (i, &c) in custs.iter().enumerate() {
            if let Some(Some(mask)) = sol.pattern.get(i + 1) {
                self.used[c] |= tile(*mask);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::generate::{generate, Preset};
    use crate::core::models;
    use crate::core::workload::generalist;

    fn county_region() -> (Scenario, Vec<crate::core::workload::Work>, Assignment) {
        county("region")
    }

    fn county(model: &str) -> (Scenario, Vec<crate::core::workload::Work>, Assignment) {
        let mut sc = generate(Preset::County, 3).expect("preset");
        sc.settings.weeks = 4;
        let work = generalist(&sc);
        let a = models::by_id(model)
            .expect("model")
            .assign(&sc, &work)
            .expect("assign");
        (sc, work, a)
    }

    #[test]
    fn permutations_are_every_order_once_identity_first() {
        for n in 0..=5usize {
            let ps = permutations(n);
            assert_eq!(ps.len(), (1..=n).product::<usize>());
            assert_eq!(ps[0], (0..n).collect::<Vec<_>>());
            let distinct: std::collections::BTreeSet<&Vec<usize>> = ps.iter().collect();
            assert_eq!(distinct.len(), ps.len());
            for p in &ps {
                let mut q = p.clone();
                q.sort_unstable();
                assert_eq!(q, (0..n).collect::<Vec<_>>());
            }
        }
    }

    #[test]
    fn masks_tile_the_part_weekdays_slots() {
        let part = Part {
            index: 0,
            weekdays: 2,
            groups: 5,
        };
        let ms = masks(part, 5, 4, 2);
        assert_eq!(ms.len(), 2);
        assert!(ms.iter().all(|m| m.count_ones() == 2));
        assert_eq!(ms[0] & ms[1], 0);
        let want = (1u64 << 2) | (1 << 7) | (1 << 12) | (1 << 17);
        assert_eq!(ms[0] | ms[1], want);
        // One group: every weekday is the part's.
        let whole = Part {
            index: 0,
            weekdays: 0,
            groups: 1,
        };
        assert_eq!(masks(whole, 5, 4, 4).len(), 20);
    }

    #[test]
    fn each_weekday_line_covers_its_own_neighbourhood() {
        let (sc, work, a) = county_region();
        let tasks = Tasks::new(&sc, &work, &a, None);
        let room = super::super::teams::room(&sc, &work, &a, &tasks);
        let lines = plan(&sc, &a, &tasks, &room, 0);
        let dpw = tasks.dpw as usize;
        let mut checked = 0;
        for (st, by_slot) in lines.plan.iter().enumerate() {
            let mut weekday_of: BTreeMap<usize, usize> = BTreeMap::new();
            for (slot, custs) in by_slot.iter().enumerate() {
                for &c in custs {
                    let d = slot % dpw;
                    let first = *weekday_of.entry(c).or_insert(d);
                    assert_eq!(first, d, "staff {st}: customer {c} on two weekdays");
                }
            }
            assert_eq!(
                weekday_of.len(),
                tasks.by_staff[st].len(),
                "every customer planned"
            );
            // The weekday groups are cells of a bisection: their boxes do not overlap.
            let mut boxes: Vec<Option<(Point, Point)>> = vec![None; dpw];
            for (&c, &d) in &weekday_of {
                let p = sc.customers[c].pos;
                let b = boxes[d].get_or_insert((p, p));
                b.0 = Point {
                    x: b.0.x.min(p.x),
                    y: b.0.y.min(p.y),
                };
                b.1 = Point {
                    x: b.1.x.max(p.x),
                    y: b.1.y.max(p.y),
                };
            }
            let bs: Vec<(Point, Point)> = boxes.into_iter().flatten().collect();
            assert_eq!(bs.len(), dpw.min(weekday_of.len()));
            for (i, p) in bs.iter().enumerate() {
                for q in &bs[i + 1..] {
                    let apart =
                        p.1.x <= q.0.x || q.1.x <= p.0.x || p.1.y <= q.0.y || q.1.y <= p.0.y;
                    assert!(apart, "staff {st}: weekday neighbourhoods overlap");
                }
            }
            checked += 1;
        }
        assert!(checked > 5);
    }

    #[test]
    fn parts_take_the_weekdays_other_staff_leave_free() {
        let (mut sc, work, a) = county_region();
        sc.settings.modes.staggering = true;
        let mut off = sc.clone();
        off.settings.modes.staggering = false;
        let tasks = Tasks::new(&sc, &work, &a, None);
        let room = super::super::teams::room(&sc, &work, &a, &tasks);
        let planner = |sc| Planner::new(sc, &a, &tasks, &room, 0);
        let book: Vec<usize> = tasks.by_staff[0].keys().copied().collect();
        let dpw = tasks.dpw as usize;
        let pts: Vec<Point> = sc.customers.iter().map(|c| c.pos).collect();
        let parts = territories(&book, &pts, &vec![1.0; pts.len()], dpw);
        let identity: Vec<usize> = (0..dpw).collect();
        let mut on = planner(&sc);
        let minutes: Vec<f64> = (0..pts.len()).map(|c| on.minutes_per_month(0, c)).collect();
        // Nobody else visits: the identity.
        assert_eq!(on.weekdays(0, &parts, dpw, &minutes), identity);
        // Someone visits part 0's shops on weekday 0 of every week and part 1's on weekday 1:
        // both parts move off those weekdays; every part still has its own weekday.
        let every_week =
            |d: usize| (0..tasks.period as usize).fold(0u64, |m, w| m | 1 << (w * dpw + d));
        let mut off = planner(&off);
        for (k, used) in [(0, every_week(0)), (1, every_week(1))] {
            for &c in &parts[k] {
                on.used[c] = used;
                off.used[c] = used;
            }
        }
        let days = on.weekdays(0, &parts, dpw, &minutes);
        assert_ne!(days[0], 0);
        assert_ne!(days[1], 1);
        let mut sorted = days.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, identity);
        // With staggering off the shared days do not matter.
        assert_eq!(off.weekdays(0, &parts, dpw, &minutes), identity);
    }

    #[test]
    fn lines_repeat_after_each_members_own_period() {
        // Specialists: the posts' cycles differ, so some repeat sooner than the period.
        let (sc, work, a) = county("specialised");
        let tasks = Tasks::new(&sc, &work, &a, None);
        let room = super::super::teams::room(&sc, &work, &a, &tasks);
        let lines = plan(&sc, &a, &tasks, &room, 0);
        let dpw = tasks.dpw as usize;
        let mut shorter = 0;
        for (st, by_slot) in lines.plan.iter().enumerate() {
            let own = tasks.by_staff[st]
                .keys()
                .fold(1, |p, &c| lcm(p, tasks.trip_period(st, c)));
            if own >= tasks.period {
                continue;
            }
            shorter += 1;
            let step = own as usize * dpw;
            for s in 0..by_slot.len() - step {
                assert_eq!(by_slot[s], by_slot[s + step], "staff {st}, slot {s}");
                assert_eq!(lines.load[st][s], lines.load[st][s + step]);
            }
        }
        assert!(
            shorter > 0,
            "some member's trips repeat sooner than the period"
        );
    }

    #[test]
    fn a_shop_taken_on_its_parts_days_gets_another_weekday() {
        let (mut sc, work, a) = county_region();
        sc.settings.modes.staggering = true;
        let tasks = Tasks::new(&sc, &work, &a, None);
        let room = super::super::teams::room(&sc, &work, &a, &tasks);
        let mut planner = Planner::new(&sc, &a, &tasks, &room, 0);
        let dpw = tasks.dpw as usize;
        let book: Vec<usize> = tasks.by_staff[0].keys().copied().collect();
        let pts: Vec<Point> = sc.customers.iter().map(|c| c.pos).collect();
        let parts = territories(&book, &pts, &vec![1.0; pts.len()], dpw);
        let taken = parts[0][0];
        let every_week = (0..tasks.period as usize).fold(0u64, |m, w| m | 1 << (w * dpw));
        planner.used[taken] = every_week;
        let mut by_slot = vec![Vec::new(); tasks.slots as usize];
        let mut load = vec![0.0; tasks.slots as usize];
        let part = Part {
            index: 0,
            weekdays: 0,
            groups: dpw,
        };
        let minutes: Vec<f64> = (0..pts.len())
            .map(|c| planner.minutes_per_month(0, c))
            .collect();
        planner.part(0, part, &parts[0], &minutes, &mut by_slot, &mut load);
        for (slot, custs) in by_slot.iter().enumerate() {
            for &c in custs {
                if c == taken {
                    assert_ne!(slot % dpw, 0, "the taken shop on a taken day");
                } else {
                    assert_eq!(slot % dpw, 0, "customer {c} off its part's weekday");
                }
            }
        }
        assert!(by_slot.iter().flatten().any(|&c| c == taken));
        assert_eq!(planner.used[taken] & every_week, every_week);
        assert!(
            planner.used[taken] != every_week,
            "its own days are recorded"
        );
    }
}
