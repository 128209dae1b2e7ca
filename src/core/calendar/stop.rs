//! One stop of a day as it is lived, and the rules that decide, at each shop, whether and how a
//! staff member comes (the visit policies' hooks: see `days.rs`, `AT_THE_SHOP`).

use crate::core::geo::Point;
use crate::core::scenario::{Customer, Scenario};
use crate::core::settings::Function;

use super::deep::visit_minutes;
use super::types::{Reason, Visit};

/// One stop of a day as lived: the functions due, extra minutes (a team visit's preparation
/// and debrief) and the planned team visit it belongs to.
#[derive(Clone)]
pub(super) struct Stop {
    pub customer: usize,
    pub functions: Vec<Function>,
    pub overhead: f64,
    /// The team visit this stop is part of.
    pub group: Option<Group>,
    /// Earliest and latest start when meeting a team at the shop.
    pub window: Option<(f64, f64)>,
    /// Disturbances: the shop is closed when reached; service time multiplier.
    pub closed: bool,
    pub noise: f64,
    /// The absent colleague whose stop this is (covered); `None`: the staff member's own.
    pub owner: Option<usize>,
    /// Fixed once the stop is complete ([`Stop::prepared`]), read by every simulation of its
    /// day: its zone's speed, minutes at the shop, start window and road km from the base.
    pub speed: f64,
    pub dur: f64,
    pub ready: f64,
    pub latest: f64,
    pub base_km: f64,
}

impl Stop {
    /// A staff member's own stop at `customer` for the functions due, as the shop is found.
    pub(super) fn new(customer: usize, functions: Vec<Function>, closed: bool, noise: f64) -> Stop {
        Stop {
            customer,
            functions,
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
        }
    }

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
    pub(super) fn prepared(mut self, sc: &Scenario, base: Point, specialist: bool) -> Stop {
        let cu = &sc.customers[self.customer];
        self.speed = sc.settings.speed_kmh.get(cu.zone);
        self.dur = self.minutes(sc, specialist);
        (self.ready, self.latest) = start_window(cu, &self, self.dur);
        self.base_km = base.dist(cu.pos) * sc.settings.road_factor;
        self
    }
}

/// Earliest and latest start of stop `x` at shop `cu` for a visit of `dur` minutes: the
/// opening hours, narrowed to the team's arrival when the stop meets a team.
fn start_window(cu: &Customer, x: &Stop, dur: f64) -> (f64, f64) {
    let (mut ready, mut latest) = (f64::from(cu.open_min), f64::from(cu.close_min) - dur);
    if let Some((a, b)) = x.window {
        ready = ready.max(a);
        latest = latest.min(b);
    }
    (ready, latest)
}

/// The staff member living a day: who, from which base, and whether a specialist.
pub(super) struct Who {
    pub st: usize,
    pub base: Point,
    pub specialist: bool,
}

/// How visits are held together: a planned team visit (its index in the plan), or the visit
/// others met on the day (its index in `Calendar::visits`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Group {
    Planned(u32),
    Host(usize),
}

/// What a staff member's stop at a shop meets: who, when, and who is there already.
pub(super) struct At<'a> {
    pub sc: &'a Scenario,
    /// The first visit made at this shop today by someone else, if any.
    pub host: Option<usize>,
    /// The visits made so far, and the team visit each belongs to.
    pub visits: &'a [Visit],
    pub group: &'a [Option<Group>],
    /// The planned team visit of this staff member at this shop today, if any, and whether
    /// this staff member is its main one (the host).
    pub planned: Option<u32>,
    pub main: bool,
}

/// A rule's decision about a stop.
pub(super) enum Verdict {
    /// The staff member comes (with whatever the rule set on the stop).
    Come,
    /// No reason to come: the stop is left out, nothing is missed by it.
    Skip,
    /// The stop cannot be made today: its functions (if any) are dropped for `Reason` and
    /// retried another day.
    Drop(Reason),
}

/// One visit policy's rule at the shop: `None` leaves the decision to the next rule (the last
/// word, when no rule decides, is `Come`).
pub(super) type StopRule = fn(&At, &mut Stop) -> Option<Verdict>;
