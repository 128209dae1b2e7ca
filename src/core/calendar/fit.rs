//! Fitting a day into the working window: late shops moved to a feasible place, then stops
//! dropped (visits taken over first, team joins next, then the last stops) until the day is
//! no longer than the working day plus the overtime cap and every shop is reached while open.

use crate::core::scenario::Scenario;

use super::sched::{run_day, simulate, stop_km, Lunch, Sched};
use super::stop::Stop;
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
    let x = &todo[i];
    let rest: Vec<&Stop> = todo
        .iter()
        .enumerate()
        .filter(|&(k, _)| k != i)
        .map(|(_, y)| y)
        .collect();
    // km between rest[k - 1] and rest[k], and between x and rest[k].
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
    let mut best: Option<(f64, usize)> = None;
    for &(add, j) in &order {
        if best.is_some_and(|b| rest_km + add > b.0 + slack) {
            break;
        }
        // The day is rest[..j], x, rest[j..].
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
        let (late, km) = run_day(n + 1, at, km_into, earliest, Lunch::of(sc), None);
        if late.is_none() && best.is_none_or(|b| km < b.0 || (km == b.0 && j < b.1)) {
            best = Some((km, j));
        }
    }
    best.map(|b| b.1)
}
