//! Travel between two places: road km and minutes at the two zones' mean speed.

use crate::core::geo::Point;
use crate::core::scenario::Scenario;

/// Travel between two positions: road km, and minutes at the two zones' mean speed (symmetric).
pub(super) fn leg(sc: &Scenario, a: (Point, f64), b: (Point, f64)) -> (f64, f64) {
    let km = a.0.dist(b.0) * sc.settings.road_factor;
    (km, leg_minutes(km, a.1, b.1))
}

/// Minutes of a leg of `km` road km between zones of speeds `sa` and `sb` (the second half of
/// [`leg`], for legs whose km are already known: the distance is the costly part).
#[inline]
pub(super) fn leg_minutes(km: f64, sa: f64, sb: f64) -> f64 {
    km / 2.0 * (1.0 / sa.max(1e-6) + 1.0 / sb.max(1e-6)) * 60.0
}
