//! Living the days: the period's route lines lived day by day over the horizon. Each day, staff
//! are drawn absent or present (disturbances), absent staff are covered, and each staff member
//! goes through its planned stops (plus team visits it joins and retries), asking the visit
//! policies' rules at each shop whether and how it comes (`AT_THE_SHOP`); the day is then
//! fitted into the working window (`fit.rs`) and its visits recorded. A dropped visit is
//! retried another day of its cycle (`retry.rs`).

use std::collections::BTreeMap;

use crate::core::assignment::Assignment;
use crate::core::geo::Point;
use crate::core::scenario::Scenario;

use super::cover::{self, Handed};
use super::disturb::Disturbances;
use super::fit::{fit, Limits};
use super::retry::{Lived, RetryRules};
use super::sched::Sched;
use super::shifts::shift_window;
use super::stagger::{self, Planners};
use super::stop::{At, Group, Stop, StopRule, Verdict, Who};
use super::tasks::Tasks;
use super::teams::{self, TeamPlan};
use super::types::{Calendar, DayRoute, Reason, Visit};

/// The visit policies' say at each shop, in order: the first rule that decides wins; a stop no
/// rule decides is made. A new visit mode adds its rule here.
const AT_THE_SHOP: &[StopRule] = &[
    teams::due_or_team,
    teams::join_host,
    stagger::keep_apart,
    teams::host_planned,
];

/// Living the route lines day by day.
pub(super) struct Living<'a> {
    sc: &'a Scenario,
    a: &'a Assignment,
    tasks: &'a Tasks,
    /// Minutes of training session each (staff member, day) leads at the office (none until
    /// the sessions are planned).
    pub sessions: BTreeMap<(usize, u32), f64>,
    /// Staff member -> slot -> customers (the route lines).
    plan: &'a [Vec<Vec<usize>>],
    teams: &'a TeamPlan,
    rules: RetryRules<'a>,
    dist: Disturbances,
    pub lived: Lived,
    /// Per visit of the calendar: the team visit it belongs to, if any.
    pub group: Vec<Option<Group>>,
}

/// A staff member's time at the office on one day: desk time and a training session it leads,
/// and when the day starts (for a day spent wholly at the office).
#[derive(Debug, Clone, Copy)]
struct Office {
    desk: f64,
    session: f64,
    at: f64,
}

/// Visits made today at each customer (indices into `Calendar::visits`).
type Today = BTreeMap<usize, Vec<usize>>;

impl<'a> Living<'a> {
    pub(super) fn new(
        sc: &'a Scenario,
        a: &'a Assignment,
        tasks: &'a Tasks,
        plan: &'a [Vec<Vec<usize>>],
        teams: &'a TeamPlan,
        planners: &'a Planners,
        replication: Option<u64>,
    ) -> Living<'a> {
        let mut lived = Lived::default();
        for tv in &teams.planned {
            lived.note_optional(sc, tv.customer, tv.day);
        }
        Living {
            sc,
            a,
            tasks,
            sessions: BTreeMap::new(),
            plan,
            teams,
            rules: RetryRules {
                sc,
                tasks,
                planners,
                slots: tasks.slots,
            },
            dist: Disturbances::new(sc, replication),
            lived,
            group: Vec::new(),
        }
    }

    /// Lives day `day` of every staff member into `cal`.
    pub(super) fn day(&mut self, day: u32, cal: &mut Calendar) {
        let slot = (day % self.tasks.slots) as usize;
        let mut today = Today::new();
        // Members joining a planned team visit live their day after the staff they join.
        let mut order: Vec<usize> = (0..self.plan.len()).collect();
        order.sort_by_key(|&st| self.teams.joins.contains(&(day, st)));
        // Absences drawn in the living order (the same draws whether or not anyone covers).
        let mut absent_today = vec![false; self.plan.len()];
        for &st in &order {
            absent_today[st] = self.dist.absent();
        }
        let cover_of = cover::assign(self.sc, self.a, self.plan, slot, &absent_today, &mut order);
        let mut handed = Handed::default();
        for st in order {
            // A present colleague with nothing planned still goes out for the visits it takes
            // over (it is the one chosen first: the fewest planned stops).
            let session = self.sessions.get(&(st, day)).copied().unwrap_or(0.0);
            let todo = match self.stops(cal, st, day, &today) {
                Some(todo) => todo,
                None if !absent_today[st] && (handed.has(st) || session > 0.0) => Vec::new(),
                None => continue,
            };
            let who = self.who(st);
            let (lived, rules) = (&mut self.lived, &self.rules);
            let mut drop =
                |x: &Stop, r: Reason| lived.dropped(rules, x.owner.unwrap_or(st), day, x, r);
            if absent_today[st] {
                handed.hand_over(st, cover_of[st], todo, &mut drop);
                continue;
            }
            let mut todo = todo;
            let visited = |c: usize| today.contains_key(&c);
            handed.take_over(self.sc, &who, &mut todo, visited, &mut drop);
            // Desk time (a research specialist's) and a training session end the day at the
            // office: the route has that much less of the day and of the working window.
            let s = &self.sc.settings;
            let desk = s.desk_minutes(self.a.staff[st].post);
            let office = desk + session;
            let (win_start, win_end) = shift_window(self.sc, self.a.staff[st].shift);
            let lim = Limits {
                win_start,
                win_end: win_end - office,
                cap: s.day_minutes + s.overtime_cap_minutes - office,
            };
            let office_day = Office {
                desk,
                session,
                at: win_start,
            };
            match fit(self.sc, &mut todo, &lim, &mut drop) {
                Some(sched) => {
                    self.record(cal, (st, day, office_day), &todo, &sched, &mut today);
                }
                // A day of nothing but the session is still a working day at the office.
                None if session > 0.0 => {
                    let idle = Sched::at_base(office_day.at);
                    self.record(cal, (st, day, office_day), &[], &idle, &mut today);
                }
                None => {}
            }
        }
    }

    fn who(&self, st: usize) -> Who {
        Who {
            st,
            base: self.sc.base_of(self.a.staff[st].manager),
            specialist: self.a.staff[st].post.is_some(),
        }
    }

    /// Staff member `st`'s stops on day `day` with what is due at each, as the visit policies'
    /// rules decide; `None` when it has nowhere to go.
    fn stops(&mut self, cal: &Calendar, st: usize, day: u32, today: &Today) -> Option<Vec<Stop>> {
        let (sc, tasks) = (self.sc, self.tasks);
        let who = self.who(st);
        let week = day / tasks.dpw;
        let slot = (day % tasks.slots) as usize;
        // The planned stops, with any team visit this member joins today and any retry
        // inserted where they add the least distance.
        let mut stops: Vec<usize> = self.plan[st][slot].clone();
        let joining = self
            .teams
            .extras
            .get(&(st, day))
            .into_iter()
            .flatten()
            .map(|&(c, _)| c);
        let retrying = self.lived.retry.remove(&(st, day)).unwrap_or_default();
        // The day's legs, measured at the first insertion and kept through the others (a day
        // that retries many visits takes them one by one).
        let mut legs = Vec::new();
        for c in joining.chain(retrying) {
            if !stops.contains(&c) {
                insert_cheapest(sc, who.base, &mut stops, &mut legs, c);
            }
        }
        if stops.is_empty() {
            return None;
        }
        let mut todo: Vec<Stop> = Vec::new();
        for &c in &stops {
            let lived = &self.lived;
            let due = tasks.due(st, c, week, |f, cyc| lived.has_served(st, c, f, cyc));
            let (closed, noise) = self.dist.at_shop();
            let mut x = Stop::new(c, due, closed, noise);
            let (planned, main) = self.teams.of(st, day, c);
            let at = At {
                sc,
                host: today.get(&c).and_then(|v| v.first().copied()),
                visits: &cal.visits,
                group: &self.group,
                planned,
                main,
            };
            let verdict = AT_THE_SHOP
                .iter()
                .find_map(|rule| rule(&at, &mut x))
                .unwrap_or(Verdict::Come);
            match verdict {
                Verdict::Come => {}
                Verdict::Skip => continue,
                Verdict::Drop(reason) => {
                    if !x.functions.is_empty() {
                        self.lived.dropped(&self.rules, st, day, &x, reason);
                    }
                    continue;
                }
            }
            if !x.functions.is_empty() || x.group.is_some() {
                todo.push(x.prepared(sc, who.base, who.specialist));
            }
        }
        Some(todo)
    }

    /// Records the day `todo` lived as `sched` by staff member `st` on `day` (with its office
    /// time): its visits, the cycles they served, and its route.
    fn record(
        &mut self,
        cal: &mut Calendar,
        (st, day, office): (usize, u32, Office),
        todo: &[Stop],
        sched: &Sched,
        today: &mut Today,
    ) {
        let week = day / self.tasks.dpw;
        let mut idx = Vec::with_capacity(todo.len());
        for (x, (start, end)) in todo.iter().zip(&sched.times) {
            if x.closed {
                // Found closed: the trip was made, nothing done; retried later.
                idx.push(cal.visits.len());
                self.group.push(None);
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
                let owner = x.owner.unwrap_or(st);
                self.lived
                    .dropped(&self.rules, owner, day, x, Reason::Closed);
                continue;
            }
            for &f in &x.functions {
                let cyc = week / self.tasks.cycle_weeks(x.customer, f);
                self.lived.serve(x.owner.unwrap_or(st), x.customer, f, cyc);
            }
            let vi = cal.visits.len();
            if let Some(Group::Host(h)) = x.group {
                self.group[h] = Some(Group::Host(h));
            }
            self.group.push(x.group);
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
            desk_min: office.desk,
            lunch_min: sched.lunch.map_or(0.0, |l| l.1),
            session_min: office.session,
            visits: idx,
        });
    }
}

/// Inserts customer `c` into the day `stops` (from `base` and back) where it adds the least
/// distance; each place's added distance is measured once (the first of equals wins). `legs`
/// holds the distance between each two consecutive places of the day (base first and last),
/// measured here when it does not match the day and kept up to date with the insertion.
fn insert_cheapest(
    sc: &Scenario,
    base: Point,
    stops: &mut Vec<usize>,
    legs: &mut Vec<f64>,
    c: usize,
) {
    let p = sc.customers[c].pos;
    let at = |i: usize| {
        if i == 0 || i > stops.len() {
            base
        } else {
            sc.customers[stops[i - 1]].pos
        }
    };
    if legs.len() != stops.len() + 1 {
        legs.clear();
        legs.extend((0..=stops.len()).map(|k| at(k).dist(at(k + 1))));
    }
    // The distance from `c` to the stop after a place is the distance to the stop before the
    // next place: measured once (`hypot` is symmetric to the bit).
    let mut to_prev = at(0).dist(p);
    let best = (0..=stops.len())
        .map(|k| {
            let to_next = p.dist(at(k + 1));
            let added = to_prev + to_next - legs[k];
            let split = (to_prev, to_next);
            to_prev = to_next;
            (added, k, split)
        })
        .min_by(|x, y| x.0.total_cmp(&y.0))
        .map(|x| (x.1, x.2));
    let (best, (into, out)) = best.unwrap_or((0, (0.0, 0.0)));
    stops.insert(best, c);
    // The leg across the place becomes the two legs through `c`, as measured above (the same
    // bits as measuring them afresh).
    legs[best] = into;
    legs.insert(best + 1, out);
}
