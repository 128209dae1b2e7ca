//! Market managers (市场经理) as people: one per department, with a working day and a route.
//! Once the staff have lived the horizon (so each planned joint visit's time at the shop is
//! known), each market manager lives its days: from the department office to the day's joint
//! visits in time order, there when each starts (waiting if early), staying for the team's
//! span at the shop, and back; one place at a time, calling at the office between two joint
//! visits far apart in time. The field (route plus each joint visit's
//! preparation and debrief) and the non-field share of the day at the office must fit the
//! working day plus the overtime cap, as a staff member's day. A joint visit that cannot be
//! reached in time or does not fit is not made (reason "capacity"): the staff's visit stands
//! without the market manager. Joint visits are optional, so nothing here touches coverage.

use std::collections::{BTreeMap, BTreeSet};

use crate::core::assignment::Shift;
use crate::core::scenario::Scenario;

use super::shifts::shift_window;
use super::stop::Group;
use super::teams::{team_minutes, TeamPlan};
use super::travel::leg;
use super::types::{MarketManagerDay, MarketManagerMiss, MarketManagerStop, Reason, Visit};

/// Slack on times, in minutes (visit times are sums of floats).
const TOL: f64 = 1e-9;

/// The market managers' days as lived, keyed by planned team visit until the teams get their
/// calendar ids (`teams::assemble`).
pub(super) struct MarketDays {
    pub days: Vec<MarketManagerDay>,
    /// The planned team visit of each miss, with the miss.
    pub missed: Vec<(u32, MarketManagerMiss)>,
    /// The planned team visits the market manager made.
    pub joined: BTreeSet<u32>,
}

/// A joint visit as the staff held it: its planned team visit, shop and span at the shop.
struct Candidate {
    team: u32,
    customer: usize,
    start: f64,
    end: f64,
}

/// The market managers' days over the calendar's visits (`group`: the team each visit was
/// lived in), for the joint visits `plan` planned.
pub(super) fn live(
    sc: &Scenario,
    visits: &[Visit],
    group: &[Option<Group>],
    plan: &TeamPlan,
) -> MarketDays {
    // (day, department) -> planned team -> the team's span at the shop.
    let mut by_day: BTreeMap<(u32, usize), BTreeMap<u32, Candidate>> = BTreeMap::new();
    for (v, g) in visits.iter().zip(group) {
        let Some(Group::Planned(t)) = *g else {
            continue;
        };
        let Some(d) = plan.planned.get(t as usize).and_then(|p| p.market_manager) else {
            continue;
        };
        let x = by_day
            .entry((v.day, d))
            .or_default()
            .entry(t)
            .or_insert(Candidate {
                team: t,
                customer: v.customer,
                start: v.start,
                end: v.end,
            });
        x.start = x.start.min(v.start);
        x.end = x.end.max(v.end);
    }
    let mut out = MarketDays {
        days: Vec::new(),
        missed: Vec::new(),
        joined: BTreeSet::new(),
    };
    for ((day, d), cands) in by_day {
        // Earliest end first: of joint visits that overlap in time, the one over soonest leaves
        // the most of the day for the others (the greedy rule that makes the most of a day of
        // intervals); each is kept if the route through it still works, so the kept ones are
        // in time order.
        let mut cands: Vec<Candidate> = cands.into_values().collect();
        cands.sort_by(|x, y| x.end.total_cmp(&y.end).then(x.team.cmp(&y.team)));
        let mut taken: Vec<Candidate> = Vec::new();
        for x in cands {
            taken.push(x);
            if route(sc, d, day, &taken).is_none() {
                if let Some(x) = taken.pop() {
                    out.missed.push((
                        x.team,
                        MarketManagerMiss {
                            department: d,
                            day,
                            customer: x.customer,
                            team: None,
                            reason: Reason::Capacity,
                        },
                    ));
                }
            }
        }
        if let Some(r) = route(sc, d, day, &taken) {
            out.joined.extend(taken.iter().map(|x| x.team));
            out.days.push(r);
        }
    }
    out
}

/// Department `d`'s market manager's day through the joint visits `stops` (in time order), or
/// `None` when one cannot be reached by its start, the day leaves the working window, or it does
/// not fit the working day plus the overtime cap (or there is no stop or no office). Between
/// two joint visits the market manager goes back to the office when the gap is longer than the
/// way there and out again (the time at the office is not field time).
fn route(sc: &Scenario, d: usize, day: u32, stops: &[Candidate]) -> Option<MarketManagerDay> {
    let s = &sc.settings;
    let office = sc.departments.get(d)?.office;
    let first = stops.first()?;
    let place = |c: usize| (sc.customers[c].pos, s.speed_kmh.get(sc.customers[c].zone));
    // The office takes the first shop's zone speed, as a staff member's base does.
    let base = (office, place(first.customer).1);
    let (mut km, mut travel, mut visit, mut office_gaps) = (0.0, 0.0, 0.0, 0.0);
    let mut leave = first.start;
    let mut out: Vec<MarketManagerStop> = Vec::with_capacity(stops.len());
    let mut prev: Option<&Candidate> = None;
    for x in stops {
        let here = place(x.customer);
        let (k_in, m_in) = leg(sc, base, here);
        let (arrive, from_office) = match prev {
            None => {
                leave = x.start - m_in;
                km += k_in;
                travel += m_in;
                (x.start, true)
            }
            Some(p) => {
                let there = place(p.customer);
                let (k, m) = leg(sc, there, here);
                let (k_out, m_out) = leg(sc, there, base);
                if m_out + m_in < x.start - p.end {
                    // Back to the office and out again, leaving as late as reaches the start.
                    km += k_out + k_in;
                    travel += m_out + m_in;
                    office_gaps += x.start - m_in - (p.end + m_out);
                    (x.start, true)
                } else {
                    km += k;
                    travel += m;
                    (p.end + m, false)
                }
            }
        };
        if arrive > x.start + TOL {
            return None;
        }
        visit += x.end - x.start;
        out.push(MarketManagerStop {
            team: x.team,
            customer: x.customer,
            arrive,
            start: x.start,
            end: x.end,
            from_office,
        });
        prev = Some(x);
    }
    let last = prev?;
    let (k, m) = leg(sc, place(last.customer), base);
    km += k;
    travel += m;
    let back = last.end + m;
    let share = s.team.market_manager_field_share.clamp(0.0, 1.0);
    let team_min = team_minutes(s) * stops.len() as f64;
    let r = MarketManagerDay {
        department: d,
        day,
        leave,
        back,
        km,
        travel_min: travel,
        visit_min: visit,
        field_min: back - leave - office_gaps + team_min,
        team_min,
        desk_min: (1.0 - share) * s.day_minutes.max(0.0),
        stops: out,
    };
    let (win_start, win_end) = shift_window(sc, Shift::Day);
    let fits = leave >= win_start - TOL
        && back <= win_end + TOL
        && r.working_minutes() <= s.day_minutes + s.overtime_cap_minutes + TOL;
    fits.then_some(r)
}
