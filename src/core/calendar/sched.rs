//! Simulating a day: the stops in order from the base and back, leaving as late as avoids
//! waiting, with every time, km and minute of the route.

use crate::core::scenario::Scenario;

use super::stop::Stop;
use super::travel::leg_minutes;

/// A simulated day.
pub(super) struct Sched {
    pub leave: f64,
    pub back: f64,
    pub km: f64,
    pub travel: f64,
    pub service: f64,
    pub times: Vec<(f64, f64)>,
    /// Minutes from each stop back to base.
    pub home: Vec<f64>,
    /// First stop whose shop is closed by the time it is reached.
    pub late: Option<usize>,
    /// The lunch break taken: after which stop, and how long (not work).
    pub lunch: Option<(usize, f64)>,
}

impl Sched {
    /// A day with no stop: leaving and back at `at`, nothing travelled.
    pub fn at_base(at: f64) -> Sched {
        Sched {
            leave: at,
            back: at,
            km: 0.0,
            travel: 0.0,
            service: 0.0,
            times: Vec::new(),
            home: Vec::new(),
            late: None,
            lunch: None,
        }
    }

    /// Minutes of lunch taken after one of the stops before stop `k` (a day cut after stop
    /// `k` goes home from there, having had that lunch or none).
    pub fn lunch_before(&self, k: usize) -> f64 {
        self.lunch
            .filter(|&(after, _)| after < k)
            .map_or(0.0, |l| l.1)
    }

    /// The day's work base to base: the clock minus the lunch break.
    pub fn work(&self) -> f64 {
        self.back - self.leave - self.lunch.map_or(0.0, |l| l.1)
    }
}

/// The lunch break of a day: taken after the first stop that ends at least `after_work`
/// minutes after leaving (half the working day), before the next stop (a day ending there
/// goes home instead), `minutes` long, overlapping any wait for the next shop to open. A day
/// shorter than that has none.
#[derive(Debug, Clone, Copy)]
pub(super) struct Lunch {
    pub after_work: f64,
    pub minutes: f64,
}

impl Lunch {
    pub(super) fn of(sc: &Scenario) -> Lunch {
        let s = &sc.settings;
        Lunch {
            after_work: s.day_minutes.max(0.0) / 2.0,
            minutes: s.lunch_minutes.max(0.0),
        }
    }
}

/// Road km between two stops.
pub(super) fn stop_km(sc: &Scenario, a: &Stop, b: &Stop) -> f64 {
    let (p, q) = (sc.customers[a.customer].pos, sc.customers[b.customer].pos);
    p.dist(q) * sc.settings.road_factor
}

pub(super) fn simulate(sc: &Scenario, todo: &[Stop], earliest: f64) -> Sched {
    let mut out = Sched::at_base(earliest);
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
        Lunch::of(sc),
        Some(&mut out),
    );
    out
}

/// Lives a day of `n` stops (`stop(k)`, with `km_into(k)` road km from stop `k - 1` to stop
/// `k` for `k >= 1`) from the base: returns the first stop reached after its latest start and
/// the day's km, and fills `out` (times, travel, return) when given. Without `out`, a day with
/// a late stop ends there and its km is NaN. The base's speed is the first stop's zone's.
pub(super) fn run_day<'s>(
    n: usize,
    stop: impl Fn(usize) -> &'s Stop,
    km_into: impl Fn(usize) -> f64,
    earliest: f64,
    lunch: Lunch,
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
    // The lunch falls where the day below takes it: after the first stop that ends half a
    // working day in, unless it is the last.
    let mut prefix = 0.0;
    let mut lunch_planned = lunch.minutes <= 0.0;
    for k in 0..n {
        let x = stop(k);
        prefix += into(k).1;
        lo = lo.max(x.ready - prefix);
        hi = hi.min(x.latest - prefix);
        prefix += x.dur;
        if !lunch_planned && prefix >= lunch.after_work && k + 1 < n {
            prefix += lunch.minutes;
            lunch_planned = true;
        }
    }
    let mut lunched = lunch.minutes <= 0.0;
    let mut lunch_at = None;
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
        let mut start = arrive.max(x.ready);
        // Lunch (not work) after the first stop that ends half the working day in, before
        // the next one: a wait for the next shop to open is spent at lunch first.
        if !lunched && k > 0 && t - leave >= lunch.after_work {
            start = x.ready.max(arrive + lunch.minutes);
            lunched = true;
            lunch_at = Some((k - 1, lunch.minutes));
        }
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
        o.lunch = lunch_at;
    }
    (late, km_sum)
}
