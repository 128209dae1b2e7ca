//! The work each customer needs, independent of the staffing model (the fairness rule:
//! the same work per customer in every model), and the classic workload method for headcount.

use std::collections::BTreeMap;

use super::assignment::Assignment;
use super::geo::{nearest_of, Grid, Point};
use super::need::{self, Need, Needs};
use super::scenario::{nearest_office, Scenario};
use super::settings::{Function, Settings};

/// Weeks in a month everywhere in the sandbox.
pub const WEEKS_PER_MONTH: f64 = 4.0;

/// Neighbours over which the local density of shops is measured.
const DENSITY_NEIGHBOURS: usize = 10;

/// Beardwood–Halton–Hammersley constant: a good tour through n random points in area A is
/// about 0.7124 √(n A) long.
const BHH: f64 = 0.7124;

/// The base round trip counted for a shop is at most this share of the working day (a shop
/// further out still gets a finite, if large, estimate).
const MAX_BASE_SHARE: f64 = 0.75;

/// What one customer needs from a generalist per month (4 weeks).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Work {
    /// Per function: reached or not, its cycle and minutes (`core::need`).
    pub need: Needs,
    /// Trips a generalist makes: every function that falls due rides along the most frequent one.
    pub trips_per_month: f64,
    /// Service minutes per month, all functions added up.
    pub service_min_per_month: f64,
    /// Estimated travel minutes a trip to this customer adds to a route.
    pub travel_min_per_trip: f64,
    /// Preparation and debrief of the main staff member's team visits (flagged customers, team
    /// visits on).
    pub team_min_per_month: f64,
}

impl Work {
    /// Required minutes per month, travel included.
    pub fn minutes_per_month(&self) -> f64 {
        self.service_min_per_month
            + self.trips_per_month * self.travel_min_per_trip
            + self.team_min_per_month
    }
}

impl Work {
    /// The need of function `f`, `None` when the function does not reach the customer.
    pub fn need(&self, f: Function) -> Option<Need> {
        self.need[f.index()]
    }

    /// Whether function `f` reaches the customer.
    pub fn reaches(&self, f: Function) -> bool {
        self.need[f.index()].is_some()
    }

    /// The cycle of `f` in weeks (1 for a function that does not reach the customer, which no
    /// caller asks for: they count and plan reached functions only).
    pub fn cycle_weeks(&self, f: Function) -> u32 {
        self.need(f).map_or(1, |n| n.cycle_weeks.max(1))
    }

    /// Trips per month for function `f` alone (4 weeks ÷ its cycle; 0 when it does not reach).
    pub fn function_trips(&self, f: Function) -> f64 {
        self.need(f)
            .map_or(0.0, |n| WEEKS_PER_MONTH / f64::from(n.cycle_weeks.max(1)))
    }
}

/// Required minutes per month when one staff member does the functions in `fs` for customer `c`
/// (one trip per due date of the most frequent of them, the minutes of every due function added
/// up). A specialist's minutes are scaled by the specialist factor, and by the deep factor when
/// deep visits are on. This one rule serves generalists, specialists and merged posts alike.
pub fn minutes_for(
    sc: &Scenario,
    work: &[Work],
    c: usize,
    fs: &[Function],
    specialist: bool,
) -> f64 {
    let s = &sc.settings;
    let Some(w) = work.get(c) else {
        return 0.0;
    };
    let mut trips: f64 = 0.0;
    let mut minutes = 0.0;
    for &f in fs {
        if let Some(n) = w.need(f) {
            let t = w.function_trips(f);
            trips = trips.max(t);
            minutes += t * n.minutes;
        }
    }
    if specialist {
        minutes *= s.specialist_factor.max(0.0);
        if s.modes.deep_visits {
            minutes *= s.deep.factor.max(0.0);
        }
    }
    minutes + trips * w.travel_min_per_trip
}

/// The generalist's work for every customer of `sc`, in customer order.
///
/// Travel per trip is estimated in two parts, both from the scenario alone (no model):
/// - **Between shops.** The stops of one day are the shops due that day, a share `f` of all
///   shops (trips per working day ÷ shops), so they lie as far apart as points at `f` times the
///   local density: Beardwood–Halton–Hammersley's 0.7124 / √density per stop, with the density
///   measured over the shop's `DENSITY_NEIGHBOURS` nearest neighbours.
/// - **To and from base.** Every day starts and ends at a department office; a shop whose
///   nearest office is `T` minutes away (both ways) sits in days of which only `D - T` minutes
///   are left for shops, so its trip carries the share `T / (D - T)` of its own time.
pub fn generalist(sc: &Scenario) -> Vec<Work> {
    generalist_with(sc, &Density::of(sc))
}

/// Each shop's local density of shops (shops per km²), measured over its `DENSITY_NEIGHBOURS`
/// nearest; `None` where it cannot be. It depends on the positions alone, so estimates made
/// again for the same shops under other departments reuse it (`generalist_with`): the import's
/// department cut estimates a province's workload three times.
#[derive(Debug, Clone)]
pub struct Density(Vec<Option<f64>>);

impl Density {
    pub fn of(sc: &Scenario) -> Density {
        let pts: Vec<_> = sc.customers.iter().map(|c| c.pos).collect();
        // Small cells: a query scans whole cells around the shop, and a city core is far
        // denser than the list's mean (the nearest found are exact whatever the cell size).
        let Some(grid) = Grid::new(&pts, 1) else {
            return Density(vec![None; pts.len()]);
        };
        Density(
            (0..pts.len())
                .map(|i| {
                    let nn = grid.nearest(&pts, i, DENSITY_NEIGHBOURS);
                    match nn.last() {
                        // k neighbours within radius r: density k / (π r²).
                        Some(&(_, r)) if r > 0.0 => {
                            Some(nn.len() as f64 / (std::f64::consts::PI * r * r))
                        }
                        _ => None,
                    }
                })
                .collect(),
        )
    }
}

/// `generalist` with the shops' density measured before (`Density::of` on a scenario with
/// the same customers' positions; one of another length is measured again).
pub fn generalist_with(sc: &Scenario, density: &Density) -> Vec<Work> {
    let fresh;
    let density = if density.0.len() == sc.customers.len() {
        density
    } else {
        fresh = Density::of(sc);
        &fresh
    };
    let s = &sc.settings;
    let needs = need::table(sc);
    let per_customer: Vec<(f64, f64)> = needs
        .iter()
        .map(|row| {
            let mut trips: f64 = 0.0;
            let mut minutes = 0.0;
            for n in row.iter().flatten() {
                let per_month = WEEKS_PER_MONTH / f64::from(n.cycle_weeks.max(1));
                trips = trips.max(per_month);
                minutes += per_month * n.minutes;
            }
            (trips, minutes)
        })
        .collect();
    // Share of all shops due on one working day.
    let days_per_month = WEEKS_PER_MONTH * f64::from(s.days_per_week.max(1));
    let trips: f64 = per_customer.iter().map(|x| x.0).sum();
    let due_share = (trips / days_per_month / sc.customers.len().max(1) as f64).clamp(1e-6, 1.0);
    let day = s.day_minutes.max(1.0);
    let offices: Vec<Point> = sc.departments.iter().map(|d| d.office).collect();
    sc.customers
        .iter()
        .enumerate()
        .zip(per_customer.iter().zip(&needs))
        .map(|((i, c), (&(trips, minutes), &need))| {
            let km = match density.0.get(i).copied().flatten() {
                Some(d) => BHH / (d * due_share).sqrt(),
                None => 0.0,
            };
            let between = s.travel_minutes(km, c.zone);
            let base_km = nearest_of(c.pos, offices.len(), |k| offices[k]).1;
            let round_trip = if base_km.is_finite() {
                (2.0 * s.travel_minutes(base_km, c.zone)).min(MAX_BASE_SHARE * day)
            } else {
                0.0
            };
            let per_trip = minutes / trips.max(1e-9) + between;
            Work {
                need,
                trips_per_month: trips,
                service_min_per_month: minutes,
                travel_min_per_trip: between + per_trip * round_trip / (day - round_trip),
                team_min_per_month: if c.team.any() {
                    team_minutes_per_month(s)
                } else {
                    0.0
                },
            }
        })
        .collect()
}

/// Preparation and debrief one team member spends per flagged customer per month (0 with
/// team visits off).
pub fn team_minutes_per_month(s: &Settings) -> f64 {
    if s.modes.team_visits {
        s.team.per_month.max(0.0) * (s.team.prep_minutes.max(0.0) + s.team.debrief_minutes.max(0.0))
    } else {
        0.0
    }
}

/// Weeks between a department's training group sessions (集中培训): training's shortest cycle.
pub fn session_cycle_weeks(s: &Settings) -> u32 {
    (0..s.classes.len().max(1))
        .map(|k| s.cycle_weeks(Function::Training, k as u8))
        .min()
        .unwrap_or(4)
        .max(1)
}

/// Minutes of one training group session, preparation included (0 with sessions off).
pub fn session_minutes(s: &Settings) -> f64 {
    if s.training_sessions.on {
        s.training_sessions.minutes.max(0.0) + s.training_sessions.prep_minutes.max(0.0)
    } else {
        0.0
    }
}

/// Minutes of training sessions one department holds per month.
pub fn session_minutes_per_month(s: &Settings) -> f64 {
    session_minutes(s) * WEEKS_PER_MONTH / f64::from(session_cycle_weeks(s))
}

/// The leader of each department's training sessions in plan `a`, as (department, staff
/// member), for departments with staff and sessions on: the training specialist where there
/// is one, else the department's generalist, else whoever does training there, else anyone
/// of the department; among equals the highest training skill (then the lowest index).
pub fn session_leaders(sc: &Scenario, a: &Assignment) -> Vec<(usize, usize)> {
    if session_minutes(&sc.settings) <= 0.0 {
        return Vec::new();
    }
    let mut trains = vec![false; a.staff.len()];
    for c in 0..a.responsible.len() {
        if let Some(st) = a.responsible_for(c, Function::Training) {
            if let Some(t) = trains.get_mut(st) {
                *t = true;
            }
        }
    }
    let mut best: BTreeMap<usize, (u8, f64, usize)> = BTreeMap::new();
    for (st, staff) in a.staff.iter().enumerate() {
        let Some(m) = sc.managers.get(staff.manager) else {
            continue;
        };
        let rank = match staff.post {
            Some(Function::Training) => 0,
            None => 1,
            Some(_) if trains[st] => 2,
            Some(_) => 3,
        };
        let skill = m.skills[Function::Training.index()];
        let better = |b: &(u8, f64, usize)| rank < b.0 || (rank == b.0 && skill > b.1);
        let e = best.entry(m.department).or_insert((rank, skill, st));
        if better(e) {
            *e = (rank, skill, st);
        }
    }
    best.into_iter().map(|(d, (_, _, st))| (d, st)).collect()
}

/// Visiting minutes one manager has per month at the planned utilisation.
pub fn available_minutes_per_month(s: &Settings) -> f64 {
    WEEKS_PER_MONTH * f64::from(s.days_per_week) * s.day_minutes * s.staffing_utilisation
}

/// The workload method: headcount = required minutes ÷ available minutes, rounded up, at least 1.
/// The required minutes are the customers' and each department's training sessions.
pub fn headcount(sc: &Scenario, work: &[Work]) -> usize {
    let s = &sc.settings;
    let sessions = sc.departments.len().max(1) as f64 * session_minutes_per_month(s);
    let need: f64 = work.iter().map(Work::minutes_per_month).sum::<f64>() + sessions;
    let avail = available_minutes_per_month(s).max(1.0);
    ((need / avail).ceil() as usize).max(1)
}

/// Required minutes per month of each department's customers: those fixed to it
/// (`Customer::department`), and of the others those nearest its office.
pub fn department_work(sc: &Scenario, work: &[Work]) -> Vec<f64> {
    let mut out = vec![0.0; sc.departments.len()];
    for (c, w) in sc.customers.iter().zip(work) {
        let d = c
            .department
            .filter(|&d| d < out.len())
            .unwrap_or_else(|| nearest_office(&sc.departments, c.pos));
        if let Some(x) = out.get_mut(d) {
            *x += w.minutes_per_month();
        }
    }
    out
}

/// Required minutes per month of every staff member's book, recomputed from the customers'
/// work: for each (customer, staff) pair, the functions that staff member does there.
pub fn book_minutes(sc: &Scenario, work: &[Work], a: &Assignment) -> Vec<f64> {
    let mut minutes = vec![0.0; a.staff.len()];
    for (c, row) in a.responsible.iter().enumerate() {
        let mut by_staff: BTreeMap<usize, Vec<Function>> = BTreeMap::new();
        for (fi, st) in row.iter().enumerate() {
            if let Some(st) = *st {
                by_staff.entry(st).or_default().push(Function::ALL[fi]);
            }
        }
        for (st, fs) in by_staff {
            if let Some(staff) = a.staff.get(st) {
                minutes[st] += minutes_for(sc, work, c, &fs, staff.post.is_some());
            }
        }
        // Team visits: each member's preparation and debrief, and for the members other than
        // the main staff member a trip to join.
        if let Some((members, _)) = team_of(sc, a, c) {
            let team = team_minutes_per_month(&sc.settings);
            let trip = work.get(c).map_or(0.0, |w| w.travel_min_per_trip);
            for (k, &st) in members.iter().enumerate() {
                if let Some(m) = minutes.get_mut(st) {
                    *m += team;
                    if k > 0 {
                        *m += sc.settings.team.per_month.max(0.0) * trip;
                    }
                }
            }
        }
    }
    // A market-research specialist's desk time is part of what its post needs, and so are
    // the training sessions a staff member leads.
    let desk_days = f64::from(sc.settings.days_per_week) * WEEKS_PER_MONTH;
    for (m, staff) in minutes.iter_mut().zip(&a.staff) {
        *m += sc.settings.desk_minutes(staff.post) * desk_days;
    }
    for (_, st) in session_leaders(sc, a) {
        if let Some(m) = minutes.get_mut(st) {
            *m += session_minutes_per_month(&sc.settings);
        }
    }
    minutes
}

/// The team of customer `c` when team visits are on and it is flagged (团队拜访): the main
/// staff member first, then the customer's other staff in function order up to the largest
/// team; and the department (the main staff member's manager's) whose market manager may join
/// its planned team visits as a joint visit: every one of a single-staff customer's (with
/// `team.market_manager_joins`, else it has no team), every `team.joint_every_nth_multi`-th of
/// a multi-staff customer's (see [`joint_visit`]). `None` when there is no team.
pub fn team_of(sc: &Scenario, a: &Assignment, c: usize) -> Option<(Vec<usize>, Option<usize>)> {
    let s = &sc.settings;
    if !s.modes.team_visits || s.team.per_month <= 0.0 || !sc.customers.get(c)?.team.any() {
        return None;
    }
    let max_members = (s.team.max_members as usize).clamp(2, 4);
    let main = a.main_staff(c);
    let mut members = vec![main];
    for st in a.responsible.get(c)?.iter().flatten().copied() {
        if !members.contains(&st) && members.len() < max_members {
            members.push(st);
        }
    }
    let joins = if members.len() < 2 {
        s.team.market_manager_joins
    } else {
        s.team.joint_every_nth_multi > 0
    };
    let market_manager = joins
        .then(|| {
            sc.managers
                .get(a.staff.get(main)?.manager)
                .map(|m| m.department)
        })
        .flatten();
    (members.len() >= 2 || market_manager.is_some()).then_some((members, market_manager))
}

/// Whether the `k`-th planned team visit (from 0) of a customer with `members` staff, ranked
/// `rank` among the customers with team visits, is a joint visit with the market manager:
/// always for a single-staff customer, every `joint_every_nth_multi`-th for a multi-staff one,
/// alternating by `k + rank` so that about that share of the teams in any horizon (even one
/// with a single team visit per customer) carries the market manager.
pub fn joint_visit(s: &Settings, members: usize, k: usize, rank: usize) -> bool {
    if members < 2 {
        return s.team.market_manager_joins;
    }
    let n = s.team.joint_every_nth_multi as usize;
    n > 0 && (k + rank).is_multiple_of(n)
}
