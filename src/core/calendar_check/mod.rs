//! An independent checker of visit calendars: every rule of DOMAIN.md "Simulation rules" that a
//! calendar must keep, and the contract's calendar metrics recomputed from the calendar's public
//! data and the scenario alone.
//!
//! Independence is the point: nothing here calls `calendar`'s helpers or `calendar::metrics`.
//! Distances, travel minutes, visit minutes, served cycles and every metric are recomputed from
//! positions, settings and visit times, so a bug in the builder or in its metrics shows up as a
//! disagreement instead of being checked against itself. Only the tier helpers of `metrics` are
//! used, because tiers are defined outside the calendar.
//!
//! The checker is total: any input, however malformed (indices out of range, NaN times, a
//! calendar of another horizon), gives `Ok` or a list of violations, never a panic, and its work
//! is bounded by the scenario's horizon, not by numbers read from the calendar.
//!
//! Definitions mirrored on purpose (each is a rule of the domain, not an implementation detail):
//! - **Road km** of a leg = straight line × `road_factor`.
//! - **Travel minutes** of a leg = km / 2 × (1/v_a + 1/v_b) × 60, where each end travels at its
//!   zone's speed (`speed_kmh`, at least 1e-6 km/h) and the base takes the zone speed of the
//!   route's first customer (urban for an empty route): the mean of the two ends' paces, so a leg
//!   costs the same both ways.
//! - **Visit minutes** = the sum of the minutes of the functions listed; for a specialist (a staff
//!   member with a post) × `specialist_factor`, and × `deep.factor` when deep visits are on; plus
//!   `team.prep_minutes + team.debrief_minutes` for each member of a planned team visit (also
//!   accepted on any visit to a customer flagged for team visits: a planned team visit that did
//!   not happen as planned).
//! - **A team visit** is its members at the shop together: their visits share an instant (beyond
//!   the same customer and day).
//! - **Cycle** of a visit for function f = day / days_per_week / cycle_weeks(f, class); the
//!   required cycles are 0..weeks / cycle_weeks (wholly inside the horizon).
//!
//! One file per rule family; `check` runs them in order (`FAMILIES`). Adding a check is adding
//! a file and a line there. Families share what they recount through `ctx.rs`.

mod assignment;
mod covering;
mod ctx;
mod cycles;
mod metrics;
mod routes;
mod same_day;
mod teams;
#[cfg(test)]
mod tests;
mod violation;
mod visits;

pub use violation::{CheckSummary, Kind, Violation};

use crate::core::calendar::Calendar;
use crate::core::metrics::Metrics;
use crate::core::models::Assignment;
use crate::core::scenario::Scenario;
use crate::core::workload::Work;

use ctx::{Ctx, Cycles, Totals};

/// The rule families, in the order their violations are listed. Later families read what
/// earlier ones recounted: the visits' well-formedness (routes, cycles), the route totals and
/// the cycles (metrics).
const FAMILIES: &[fn(&mut Ctx)] = &[
    assignment::check,
    assignment::horizon,
    visits::check,
    routes::check,
    teams::check,
    same_day::check,
    cycles::check,
    metrics::check,
];

/// Checks calendar `cal` of assignment `a` on `sc` (with the workload `work` the assignment was
/// made from) and the calendar metrics `reported` for it. `Ok` holds what the checker recounted;
/// `Err` lists every violation found.
pub fn check(
    sc: &Scenario,
    work: &[Work],
    a: &Assignment,
    cal: &Calendar,
    reported: &Metrics,
) -> Result<CheckSummary, Vec<Violation>> {
    let s = &sc.settings;
    let weeks = s.weeks.max(1);
    let dpw = s.days_per_week.max(1);
    let mut cx = Ctx {
        sc,
        work,
        a,
        cal,
        reported,
        weeks,
        dpw,
        horizon_days: u64::from(weeks) * u64::from(dpw),
        assignment_ok: false,
        visit_ok: vec![false; cal.visits.len()],
        totals: Totals::default(),
        conflicts: 0,
        cycles: Cycles::default(),
        metrics: Metrics::default(),
        out: Vec::new(),
    };
    for family in FAMILIES {
        family(&mut cx);
    }
    if cx.out.is_empty() {
        Ok(CheckSummary {
            routes: cal.routes.len(),
            visits: cal.visits.len(),
            required: cx.cycles.required,
            served: cx.cycles.served,
            missed: cal.missed.len(),
            teams: cal.teams.len(),
            conflicts: cx.conflicts,
            metrics: cx.metrics,
        })
    } else {
        Err(cx.out)
    }
}
