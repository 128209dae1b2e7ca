//! What every rule family shares: the inputs, the tolerances, what is known to be well-formed,
//! the violations found so far, and the quantities one family recounts for another.

use crate::core::assignment::Assignment;
use crate::core::calendar::Calendar;
use crate::core::geo::Point;
use crate::core::metrics::Metrics;
use crate::core::scenario::Scenario;
use crate::core::settings::Function;
use crate::core::workload::Work;

use super::violation::Violation;

/// Slack on times, in minutes (visit times are sums of floats).
const TIME_TOL: f64 = 1e-6;
/// Relative tolerance on recomputed quantities (km, minutes, metrics).
const REL_TOL: f64 = 1e-9;

/// `a` and `b` agree to `REL_TOL` relative to the larger of them (and to 1, so values near zero
/// compare absolutely). NaN never agrees.
pub(super) fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= REL_TOL * a.abs().max(b.abs()).max(1.0)
}

/// `a ≤ b` up to `TIME_TOL` minutes; false when either is NaN.
pub(super) fn not_after(a: f64, b: f64) -> bool {
    a <= b + TIME_TOL
}

/// Everything the checks share: the inputs and what is known to be well-formed.
pub(super) struct Ctx<'a> {
    pub sc: &'a Scenario,
    pub work: &'a [Work],
    pub a: &'a Assignment,
    pub cal: &'a Calendar,
    /// The calendar metrics reported with the calendar.
    pub reported: &'a Metrics,
    pub weeks: u32,
    pub dpw: u32,
    pub horizon_days: u64,
    /// The assignment fits the scenario and the workload (tiers can be computed).
    pub assignment_ok: bool,
    /// Visits whose staff, customer and day are in range.
    pub visit_ok: Vec<bool>,
    /// Recounted by the route, same-day and cycle checks, read by the metrics check.
    pub totals: Totals,
    pub conflicts: usize,
    pub cycles: Cycles,
    /// The calendar metrics as recomputed.
    pub metrics: Metrics,
    pub out: Vec<Violation>,
}

/// Per-route recomputations the metrics use (only routes that could be recomputed count).
#[derive(Default)]
pub(super) struct Totals {
    pub km: f64,
    pub travel: f64,
    pub service: f64,
    pub overtime_min: f64,
    /// Market managers' road km and field minutes (route plus preparation and debrief).
    pub mm_km: f64,
    pub mm_field: f64,
}

/// Required cycles recounted.
#[derive(Default)]
pub(super) struct Cycles {
    pub required: usize,
    pub served: usize,
    /// (customer, function) pairs that met every required cycle.
    pub pairs_met: usize,
    /// The (customer, function) pairs the functions reach.
    pub pairs: usize,
}

impl Ctx<'_> {
    pub(super) fn push(&mut self, v: Violation) {
        self.out.push(v);
    }

    /// The staff member responsible for (c, f), if both exist.
    pub(super) fn responsible(&self, c: usize, f: Function) -> Option<usize> {
        self.a.responsible_for(c, f)
    }

    /// The base of staff member `st`, if its manager exists.
    pub(super) fn base(&self, st: usize) -> Option<Point> {
        let m = self.a.staff.get(st)?.manager;
        (m < self.sc.managers.len()).then(|| self.sc.base_of(m))
    }

    pub(super) fn speed(&self, c: usize) -> f64 {
        let s = &self.sc.settings;
        self.sc
            .customers
            .get(c)
            .map_or(s.speed_kmh.urban, |cu| s.speed_kmh.get(cu.zone))
    }

    /// Road km and travel minutes between two (position, speed) ends.
    pub(super) fn leg(&self, a: (Point, f64), b: (Point, f64)) -> (f64, f64) {
        let km = a.0.dist(b.0) * self.sc.settings.road_factor;
        let min = km / 2.0 * (1.0 / a.1.max(1e-6) + 1.0 / b.1.max(1e-6)) * 60.0;
        (km, min)
    }

    /// The cycle of function f at customer c, from what the customer needs.
    pub(super) fn cycle_weeks(&self, c: usize, f: Function) -> u32 {
        self.work.get(c).map_or(1, |w| w.cycle_weeks(f))
    }

    /// The cycle of function f at customer c that day `day` falls in.
    pub(super) fn cycle_of(&self, c: usize, f: Function, day: u32) -> u32 {
        day / self.dpw / self.cycle_weeks(c, f)
    }

    /// Minutes a visit by `st` listing `fs` at `c` takes.
    pub(super) fn visit_minutes(&self, st: usize, c: usize, fs: &[Function]) -> f64 {
        let s = &self.sc.settings;
        let class = self.sc.customers.get(c).map_or(0, |cu| cu.class);
        let mut m: f64 = fs.iter().map(|&f| s.minutes(f, class)).sum();
        if self.a.staff.get(st).is_some_and(|x| x.post.is_some()) {
            m *= s.specialist_factor.max(0.0);
            if s.modes.deep_visits {
                m *= s.deep.factor.max(0.0);
            }
        }
        m
    }
}
