//! Team visits (团队拜访): customers flagged for potential, volatility or difficulty get
//! planned team visits of their staff (or one staff member and the department's market
//! manager). The route lines leave room for them, the day loop brings the members together at
//! the shop (any staff member finding a colleague at a shop joins them, as one team), and the
//! calendar lists the teams as they happened.

use std::collections::{BTreeMap, BTreeSet};

use crate::core::assignment::Assignment;
use crate::core::scenario::Scenario;
use crate::core::settings::{Function, Settings};
use crate::core::workload::{joint_visit, team_of, Work, WEEKS_PER_MONTH};

use super::deep::visit_minutes;
use super::stop::{At, Group, Stop, Verdict};
use super::tasks::Tasks;
use super::types::{Calendar, TeamVisit};

/// Preparation and debrief of a planned team visit, for each member.
pub(super) fn team_minutes(s: &Settings) -> f64 {
    s.team.prep_minutes.max(0.0) + s.team.debrief_minutes.max(0.0)
}

/// The room team visits need in the route lines.
pub(super) struct TeamRoom {
    /// (staff, customer) -> minutes per month the main staff member's trips carry.
    pub extra: BTreeMap<(usize, usize), f64>,
    /// Minutes per day each staff member keeps for joining others' team visits.
    pub reserve: Vec<f64>,
}

/// Team visits cost time the route lines must leave room for: the main staff member's
/// preparation and debrief ride on its planned trips (spread over them), and a member who
/// joins another's trip keeps a daily reserve for it (its share of those visits per day).
pub(super) fn room(sc: &Scenario, work: &[Work], a: &Assignment, tasks: &Tasks) -> TeamRoom {
    let s = &sc.settings;
    let team_minutes = team_minutes(s);
    let mut extra: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    let mut reserve = vec![0.0; a.staff.len()];
    let days_per_month = WEEKS_PER_MONTH * f64::from(tasks.dpw);
    for c in 0..sc.customers.len() {
        if let Some((members, _)) = team_of(sc, a, c) {
            let per_month = s.team.per_month.max(0.0);
            extra.insert((members[0], c), team_minutes * per_month);
            for &st in &members[1..] {
                let own: Vec<Function> = tasks.by_staff[st].get(&c).cloned().unwrap_or_default();
                let visit = visit_minutes(sc, c, &own, a.staff[st].post.is_some());
                let trip = work.get(c).map_or(0.0, |w| w.travel_min_per_trip);
                reserve[st] += (team_minutes + visit + trip) * per_month / days_per_month;
            }
        }
    }
    TeamRoom { extra, reserve }
}

/// A planned team visit before the day is lived.
pub(super) struct PlannedTeam {
    pub id: u32,
    pub day: u32,
    pub customer: usize,
    pub members: Vec<usize>,
    /// The department whose market manager is to join (a joint visit, 协同拜访), by the rule
    /// of `workload::joint_visit`; whether they make it is decided once the day is lived
    /// (`market.rs`).
    pub market_manager: Option<usize>,
}

/// The planned team visits, indexed for the day loop.
pub(super) struct TeamPlan {
    pub planned: Vec<PlannedTeam>,
    /// (staff, day, customer) -> the planned team visit it is part of.
    pub at: BTreeMap<(usize, u32, usize), u32>,
    /// (staff, day) -> (customer, team) visits a member adds to its planned stops to join.
    pub extras: BTreeMap<(usize, u32), Vec<(usize, u32)>>,
    /// Members (other than the main staff member) of each day's planned team visits: they live
    /// their day after the staff they join, so that they can meet them at the shop.
    pub joins: BTreeSet<(u32, usize)>,
}

impl TeamPlan {
    /// Team visits on the route lines `plan` (staff -> slot -> customers) with their planned
    /// minutes `load` (staff -> slot).
    pub(super) fn new(
        sc: &Scenario,
        a: &Assignment,
        plan: &[Vec<Vec<usize>>],
        load: &[Vec<f64>],
        tasks: &Tasks,
    ) -> TeamPlan {
        let planned = plan_teams(sc, a, plan, load, tasks.slots, tasks.horizon_days);
        let mut extras: BTreeMap<(usize, u32), Vec<(usize, u32)>> = BTreeMap::new();
        let mut at: BTreeMap<(usize, u32, usize), u32> = BTreeMap::new();
        for tv in &planned {
            for &st in &tv.members {
                at.insert((st, tv.day, tv.customer), tv.id);
                if !plan[st][(tv.day % tasks.slots) as usize].contains(&tv.customer) {
                    extras
                        .entry((st, tv.day))
                        .or_default()
                        .push((tv.customer, tv.id));
                }
            }
        }
        let mut joins: BTreeSet<(u32, usize)> = BTreeSet::new();
        for tv in &planned {
            for &st in &tv.members[1..] {
                joins.insert((tv.day, st));
            }
        }
        TeamPlan {
            planned,
            at,
            extras,
            joins,
        }
    }

    /// The planned team visit of staff member `st` at customer `c` on day `day`, if any, and
    /// whether `st` is its main staff member.
    pub(super) fn of(&self, st: usize, day: u32, c: usize) -> (Option<u32>, bool) {
        let planned = self.at.get(&(st, day, c)).copied();
        let main = planned.is_some_and(|t| self.planned[t as usize].members[0] == st);
        (planned, main)
    }
}

/// Team visits for the customers flagged for potential, volatility or difficulty: `per_month`
/// per 4 weeks, each on the lightest day of its window on which the customer's main staff
/// member visits it anyway; the members are the main staff member and the customer's other staff (up
/// to the largest team), and the department's market manager is planned to join by the joint
/// visit rule (`workload::joint_visit`: a single-staff customer's every team visit, a
/// multi-staff customer's every n-th). Optional visits stay within the over-service cap.
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
    let team_minutes = team_minutes(s);
    // The customer's rank among the customers with team visits, for the joint visit rule.
    let mut rank = 0;
    for c in 0..sc.customers.len() {
        let Some((members, department)) = team_of(sc, a, c) else {
            continue;
        };
        rank += 1;
        let main = members[0];
        let mut k = 0;
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
                let joint = joint_visit(s, members.len(), k, rank - 1);
                k += 1;
                out.push(PlannedTeam {
                    id: out.len() as u32,
                    day,
                    customer: c,
                    members: members.clone(),
                    market_manager: department.filter(|_| joint),
                });
            }
            start += window;
        }
    }
    out
}

/// Nothing due and not its planned team visit: no reason to come.
pub(super) fn due_or_team(at: &At, x: &mut Stop) -> Option<Verdict> {
    let own_team = match at.host {
        Some(h) => at
            .planned
            .is_some_and(|t| at.group[h] == Some(Group::Planned(t))),
        None => at.main,
    };
    (x.functions.is_empty() && !own_team).then_some(Verdict::Skip)
}

/// Someone is at the shop today already: this visit meets theirs, as part of their team visit
/// (planned or not), so the customer sees one team. Members meet at the host's start (waiting
/// if early), so the whole team is at the shop together from then on.
pub(super) fn join_host(at: &At, x: &mut Stop) -> Option<Verdict> {
    let h = at.host.filter(|_| at.sc.settings.modes.team_visits)?;
    x.group = Some(at.group[h].unwrap_or(Group::Host(h)));
    let v = &at.visits[h];
    x.window = Some((v.start, v.start));
    // Joining a planned team visit means preparing and debriefing too.
    if matches!(at.group[h], Some(Group::Planned(_))) {
        x.overhead = team_minutes(&at.sc.settings);
    }
    Some(Verdict::Come)
}

/// The main staff member hosts its planned team visit; a member whose host is not there comes
/// only for its own functions.
pub(super) fn host_planned(at: &At, x: &mut Stop) -> Option<Verdict> {
    let t = at.planned?;
    if at.main {
        x.overhead = team_minutes(&at.sc.settings);
        x.group = Some(Group::Planned(t));
    }
    Some(Verdict::Come)
}

/// Team visits as they happened: a planned one needs its host and at least one other member
/// or the market manager (`joined`: the planned team visits the market manager made); visits
/// that met on the day form a team of their own (`group`: the team each visit of `cal` was
/// lived in). Whatever else shares a customer-day is a conflict. Returns the team id of each
/// planned team visit that happened.
pub(super) fn assemble(
    cal: &mut Calendar,
    group: &[Option<Group>],
    plan: &TeamPlan,
    joined: &BTreeSet<u32>,
) -> BTreeMap<u32, u32> {
    let mut ids = BTreeMap::new();
    let mut by_group: BTreeMap<Group, Vec<usize>> = BTreeMap::new();
    for (i, g) in group.iter().enumerate() {
        if let Some(g) = g {
            by_group.entry(*g).or_default().push(i);
        }
    }
    for (g, idx) in by_group {
        let market_manager = match g {
            Group::Planned(t) if joined.contains(&t) => plan.planned[t as usize].market_manager,
            _ => None,
        };
        if idx.len() < 2 && market_manager.is_none() {
            continue;
        }
        let id = cal.teams.len() as u32;
        if let Group::Planned(t) = g {
            ids.insert(t, id);
        }
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
    // A conflict is a customer-day of more than one contact (a team, or a visit outside any)
    // and more than one staff member. Counted over the visits sorted by customer-day, not
    // gathered in maps of sets: a city's calendar has hundreds of thousands of visits.
    let mut met: Vec<(usize, u32, u32, usize)> = cal
        .visits
        .iter()
        .filter(|v| !v.closed)
        .map(|v| {
            let contact = v.team.unwrap_or(u32::MAX - v.staff as u32);
            (v.customer, v.day, contact, v.staff)
        })
        .collect();
    met.sort_unstable();
    cal.conflicts = met
        .chunk_by(|x, y| (x.0, x.1) == (y.0, y.1))
        .filter(|g| {
            let (first, last) = (g[0], g[g.len() - 1]);
            first.2 != last.2 && g.iter().any(|x| x.3 != first.3)
        })
        .count();
    ids
}
