//! Fitting a day into the working window: late shops moved to a feasible place, then stops
//! dropped (visits taken over first, team joins next, then the last stops) until the day is
//! no longer than the working day plus the overtime cap and every shop is reached while open.

use crate::core::scenario::Scenario;

use super::sched::{run_day, simulate, stop_km, Lunch, Sched};
use super::stop::Stop;
use super::travel::leg_minutes;
use super::types::Reason;

/// Late stops per staff-day moved to a feasible place before the rest are dropped (each
/// move tries every place: quadratic in the day's stops).
const MAX_MOVES: usize = 3;

/// The bounds of one staff member's day.
pub(super) struct Limits {
    /// The working window: earliest departure and latest return.
    pub win_start: f64,
    pub win_end: f64,
    /// The longest route, base to base.
    pub cap: f64,
}

/// Drops stops from `todo` until the day fits `lim`, handing each dropped stop to `drop` with
/// its reason; returns the day as lived, or `None` when no stop is left.
pub(super) fn fit(
    sc: &Scenario,
    todo: &mut Vec<Stop>,
    lim: &Limits,
    drop: &mut dyn FnMut(&Stop, Reason),
) -> Option<Sched> {
    let (win_start, win_end, cap) = (lim.win_start, lim.win_end, lim.cap);
    // A stop dropped because the day is too full is a capacity miss; a time-window miss
    // is a shop that cannot be served within the working window even on its own.
    let alone_reason = |x: &Stop| {
        let alone = simulate(sc, std::slice::from_ref(x), win_start);
        if alone.late.is_some() || alone.back > win_end || alone.work() > cap {
            Reason::TimeWindow
        } else {
            Reason::Capacity
        }
    };
    // Drop stops until the day fits: closed shops first, then the last stops. A shop
    // reached after closing (the day's minutes differ from the plan's averages) is
    // first moved to the place in the day where it and every other stop are reached
    // while open; a stop that cannot meet its team at the shop comes on its own (or not
    // at all with nothing of its own due); only then is a stop dropped.
    let mut moved = 0;
    loop {
        let sched = simulate(sc, todo, win_start);
        let too_long = sched.work() > cap || sched.back > win_end;
        if sched.late.is_some() || (!todo.is_empty() && too_long) {
            // Covering never costs the cover its own visits: while the day does not
            // fit, the visits taken over go first (the last one first), retried by
            // their owner.
            if let Some(i) = todo.iter().rposition(|x| x.owner.is_some()) {
                let x = todo.remove(i);
                let reason = alone_reason(&x);
                drop(&x, reason);
                continue;
            }
        }
        if let Some(i) = sched.late {
            if moved < MAX_MOVES {
                moved += 1;
                if let Some(j) = feasible_place(sc, todo, i, win_start) {
                    let x = todo.remove(i);
                    todo.insert(j, x);
                    continue;
                }
            }
            if todo[i].window.is_some() {
                // It cannot meet the staff already at the shop: it only came to join,
                // or it comes another day (the staff must not be there apart).
                let x = todo.remove(i);
                drop(&x, Reason::Conflict);
                continue;
            }
            let x = todo.remove(i);
            let reason = alone_reason(&x);
            drop(&x, reason);
            continue;
        }
        if !todo.is_empty() && (sched.work() > cap || sched.back > win_end) {
            // Joining a team is optional: a full day gives it up before any rigid visit.
            if let Some(i) = todo.iter().rposition(|x| x.window.is_some()) {
                let x = todo.remove(i);
                drop(&x, Reason::Conflict);
                continue;
            }
            // Leaving at the start of the working window, the times of the first k
            // stops do not depend on the stops after them: the day keeps the longest
            // prefix that fits, exactly what dropping the last stop one by one gives.
            let mut keep = todo.len() - 1;
            if sched.leave <= win_start + 1e-9 {
                while keep > 0 {
                    let back = sched.times[keep - 1].1 + sched.home[keep - 1];
                    let work = back - sched.leave - sched.lunch_before(keep - 1);
                    if work <= cap && back <= win_end {
                        break;
                    }
                    keep -= 1;
                }
            }
            for x in todo.split_off(keep).iter().rev() {
                let reason = alone_reason(x);
                drop(x, reason);
            }
            continue;
        }
        if todo.is_empty() {
            return None;
        }
        return Some(sched);
    }
}

/// The position (in the day without stop `i`) where stop `i` can be put so that no stop of
/// the day is reached after closing, preferring the least added travel.
///
/// Every candidate day is the others in order with stop `i` at one place, so the legs between
/// consecutive others and between stop `i` and each other are measured once, not once per
/// candidate.
fn feasible_place(sc: &Scenario, todo: &[Stop], i: usize, earliest: f64) -> Option<usize> {
    place(sc, todo, i, earliest, true)
}

/// The places where a stop `x` may go in the day of the others (`rest`), with the legs every
/// candidate day is made of, measured once.
struct Places<'a> {
    x: &'a Stop,
    rest: Vec<&'a Stop>,
    /// km between rest[k - 1] and rest[k] (0 for k = 0), and between x and rest[k].
    between: Vec<f64>,
    to_x: Vec<f64>,
    earliest: f64,
    lunch: Lunch,
}

impl<'a> Places<'a> {
    fn new(sc: &Scenario, todo: &'a [Stop], i: usize, earliest: f64) -> Places<'a> {
        let x = &todo[i];
        let rest: Vec<&Stop> = todo
            .iter()
            .enumerate()
            .filter(|&(k, _)| k != i)
            .map(|(_, y)| y)
            .collect();
        let between: Vec<f64> = (0..rest.len())
            .map(|k| {
                if k == 0 {
                    0.0
                } else {
                    stop_km(sc, rest[k - 1], rest[k])
                }
            })
            .collect();
        let to_x: Vec<f64> = rest.iter().map(|y| stop_km(sc, x, y)).collect();
        Places {
            x,
            rest,
            between,
            to_x,
            earliest,
            lunch: Lunch::of(sc),
        }
    }

    /// The day rest[..j], x, rest[j..] lived (`run_day` without its times).
    fn live(&self, j: usize) -> (Option<usize>, f64) {
        let (rest, x, between, to_x) = (&self.rest, self.x, &self.between, &self.to_x);
        let at = |k: usize| match k.cmp(&j) {
            std::cmp::Ordering::Less => rest[k],
            std::cmp::Ordering::Equal => x,
            std::cmp::Ordering::Greater => rest[k - 1],
        };
        let km_into = |k: usize| match k.cmp(&j) {
            std::cmp::Ordering::Less => between[k],
            std::cmp::Ordering::Equal => to_x[k - 1],
            std::cmp::Ordering::Greater if k == j + 1 => to_x[j],
            std::cmp::Ordering::Greater => between[k - 1],
        };
        run_day(rest.len() + 1, at, km_into, self.earliest, self.lunch, None)
    }
}

/// `feasible_place`, with the candidates that are surely late skipped unlived (`skip`) or
/// every candidate lived (the tests' reference).
fn place(sc: &Scenario, todo: &[Stop], i: usize, earliest: f64, skip: bool) -> Option<usize> {
    let places = Places::new(sc, todo, i, earliest);
    let Places {
        x,
        rest,
        between,
        to_x,
        ..
    } = &places;
    // A candidate's km is the others' km plus what putting x there adds: candidates are lived
    // cheapest first, and once one fits, those adding more than it (beyond rounding) cannot be
    // chosen and are not lived. Among equal km the earliest place wins, as in a plain scan.
    let n = rest.len();
    let rest_km: f64 = between.iter().sum::<f64>()
        + rest.first().map_or(0.0, |y| y.base_km)
        + rest.last().map_or(0.0, |y| y.base_km);
    let added = |j: usize| {
        let prev = if j == 0 { x.base_km } else { to_x[j - 1] };
        let next = if j == n { x.base_km } else { to_x[j] };
        let skipped = match (j, n) {
            (_, 0) => 0.0,
            (0, _) => rest[0].base_km,
            (j, n) if j == n => rest[n - 1].base_km,
            (j, _) => between[j],
        };
        prev + next - skipped
    };
    let mut order: Vec<(f64, usize)> = (0..=n).map(|j| (added(j), j)).collect();
    order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let slack = 1e-9 * (1.0 + rest_km + order.last().map_or(0.0, |o| o.0.abs()));
    // Most candidates of a day that does not fit are late anywhere (in the presets, nine in
    // ten calls find no place): a lower bound on each candidate's times tells most of those
    // apart without living the day.
    let bound = skip.then(|| LateBound::new(&places));
    let mut best: Option<(f64, usize)> = None;
    for &(add, j) in &order {
        if best.is_some_and(|b| rest_km + add > b.0 + slack) {
            break;
        }
        if bound.as_ref().is_some_and(|b| b.surely_late(&places, j)) {
            continue;
        }
        let (late, km) = places.live(j);
        if late.is_none() && best.is_none_or(|b| km < b.0 || (km == b.0 && j < b.1)) {
            best = Some((km, j));
        }
    }
    best.map(|b| b.1)
}

/// How much later than its latest start a stop is reached, at the least, in a day of `rest`
/// with one more stop put in at some place: a bound that `run_day` can only exceed. Leaving
/// no earlier than `earliest`, a stop is started no earlier than the departure plus the legs
/// and visits before it, nor than any earlier stop's opening plus the legs and visits between
/// (waiting there); lunch and the departure chosen only add to that. Measured once per day in
/// prefix and suffix maxima, so each candidate place costs a few operations.
struct LateBound {
    /// Minutes from departure to reaching `rest[k]`, without waiting or lunch.
    reach: Vec<f64>,
    /// The latest departure that waiting up to `rest[k]` amounts to: `earliest`, or an
    /// opening less the minutes to reach it.
    wait: Vec<f64>,
    /// Some `rest[i]` with `i < k` is surely late (`late_before[k]`).
    late_before: Vec<bool>,
    /// `max over k' >= k` of `reach[k'] - latest[k']`.
    suffix: Vec<f64>,
    /// `max over k <= k'` in `k..` of a wait at `rest[k]` carried to `rest[k']`'s lateness:
    /// the rest's own lateness from `k` on, whatever comes before.
    own: Vec<f64>,
}

/// Beyond rounding: sums of a day's minutes are off by far less, and `run_day` calls a stop
/// late beyond 1e-9 minutes.
const LATE_MARGIN: f64 = 1e-6;

impl LateBound {
    fn new(places: &Places) -> LateBound {
        let (rest, between, earliest) = (&places.rest, &places.between, places.earliest);
        let n = rest.len();
        let mut reach = Vec::with_capacity(n);
        let mut wait = Vec::with_capacity(n);
        let mut late_before = Vec::with_capacity(n + 1);
        late_before.push(false);
        let mut w = earliest;
        for (k, y) in rest.iter().enumerate() {
            let r = if k == 0 {
                leg_minutes(y.base_km, y.speed, y.speed)
            } else {
                let p = rest[k - 1];
                reach[k - 1] + p.dur + leg_minutes(between[k], p.speed, y.speed)
            };
            w = w.max(y.ready - r);
            reach.push(r);
            wait.push(w);
            let late = late_before[k] || w + r > y.latest + LATE_MARGIN;
            late_before.push(late);
        }
        let mut suffix = vec![f64::NEG_INFINITY; n + 1];
        let mut own = vec![f64::NEG_INFINITY; n + 1];
        for k in (0..n).rev() {
            suffix[k] = suffix[k + 1].max(reach[k] - rest[k].latest);
            own[k] = own[k + 1].max(rest[k].ready - reach[k] + suffix[k]);
        }
        LateBound {
            reach,
            wait,
            late_before,
            suffix,
            own,
        }
    }

    /// Whether the day `rest[..j]`, `x`, `rest[j..]` surely reaches a stop after its latest
    /// start.
    fn surely_late(&self, places: &Places, j: usize) -> bool {
        let (rest, x, to_x) = (&places.rest, places.x, &places.to_x);
        if self.late_before[j] {
            return true;
        }
        let (reach_x, wait) = match j.checked_sub(1) {
            None => (leg_minutes(x.base_km, x.speed, x.speed), places.earliest),
            Some(p) => (
                self.reach[p] + rest[p].dur + leg_minutes(to_x[p], rest[p].speed, x.speed),
                self.wait[p],
            ),
        };
        let wait = wait.max(x.ready - reach_x);
        if wait + reach_x > x.latest + LATE_MARGIN {
            return true;
        }
        let Some(next) = rest.get(j) else {
            return false;
        };
        // The stops after x are reached `shift` minutes later than in `rest`.
        let shift = reach_x + x.dur + leg_minutes(to_x[j], x.speed, next.speed) - self.reach[j];
        wait + shift + self.suffix[j] > LATE_MARGIN || self.own[j] > LATE_MARGIN
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::generate::{generate, Preset};
    use crate::core::settings::Function;
    use proptest::prelude::*;

    /// A day of county shops with the given (customer, minutes, opening, open for) and the
    /// department's office as base: windows narrow enough that many places are late.
    fn day(sc: &Scenario, picks: &[(usize, u16, u16, u16)]) -> Vec<Stop> {
        let base = sc.departments[0].office;
        picks
            .iter()
            .map(|&(c, dur, open, open_for)| {
                let c = c % sc.customers.len();
                let mut x =
                    Stop::new(c, vec![Function::Service], false, 1.0).prepared(sc, base, false);
                x.dur = f64::from(dur);
                x.ready = f64::from(open);
                x.latest = f64::from(open) + f64::from(open_for);
                x
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// The bound only skips places that `run_day` finds late, so the place chosen is the
        /// one every candidate lived would give.
        #[test]
        fn a_place_skipped_as_late_is_late_and_the_choice_is_unchanged(
            picks in proptest::collection::vec((0usize..3000, 5u16..60, 480u16..1000, 0u16..400), 1..30),
            earliest in 420u16..600,
        ) {
            let sc = generate(Preset::County, 3).expect("preset");
            let todo = day(&sc, &picks);
            let earliest = f64::from(earliest);
            for i in 0..todo.len() {
                let places = Places::new(&sc, &todo, i, earliest);
                let bound = LateBound::new(&places);
                for j in 0..todo.len() {
                    if bound.surely_late(&places, j) {
                        prop_assert!(places.live(j).0.is_some(), "stop {i} at {j} skipped but on time");
                    }
                }
                prop_assert_eq!(
                    place(&sc, &todo, i, earliest, true),
                    place(&sc, &todo, i, earliest, false)
                );
            }
        }
    }

    #[test]
    fn the_bound_skips_most_places_of_a_day_that_cannot_fit() {
        // Twenty shops open one after another for an hour each, in reverse of the route: a
        // shop that closes first moved anywhere but the front is late.
        let sc = generate(Preset::County, 3).expect("preset");
        let picks: Vec<(usize, u16, u16, u16)> = (0..20)
            .map(|k| (k * 37, 20, 1000 - 25 * k as u16, 60))
            .collect();
        let todo = day(&sc, &picks);
        let places = Places::new(&sc, &todo, 0, 480.0);
        let bound = LateBound::new(&places);
        let skipped = (0..todo.len())
            .filter(|&j| bound.surely_late(&places, j))
            .count();
        let late = (0..todo.len())
            .filter(|&j| places.live(j).0.is_some())
            .count();
        assert!(late >= 15, "the day should be late at most places: {late}");
        assert!(
            skipped * 10 >= late * 8,
            "{skipped} of {late} late places skipped"
        );
    }
}
