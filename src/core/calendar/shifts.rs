//! Shifts and flexible hours: the window in which a staff member's day lies.

use crate::core::assignment::Shift;
use crate::core::scenario::Scenario;

/// Earliest departure of a day shift (08:00).
const DAY_START: f64 = 8.0 * 60.0;
/// Latest return under flexible hours (02:00 the next morning).
const FLEXIBLE_END: f64 = 26.0 * 60.0;

/// The working window of a staff member: (earliest departure, latest return). The clock span
/// of a day is the working day, the lunch break (not work) and the overtime cap.
pub(super) fn shift_window(sc: &Scenario, shift: Shift) -> (f64, f64) {
    let s = &sc.settings;
    let span = s.day_minutes.max(0.0) + s.lunch_minutes.max(0.0) + s.overtime_cap_minutes.max(0.0);
    let evening = f64::from(s.evening_start);
    match (shift, s.modes.flexible_hours) {
        // The evening shift is the same day shifted later: night-shop staff start at the
        // evening start and reach the night shops once they open.
        (Shift::Evening, _) => (evening, evening + span),
        // Flexible hours: the day may lie anywhere from the morning to past midnight, so a
        // generalist can place its day where its shops need it.
        (Shift::Day, true) => (DAY_START, FLEXIBLE_END.max(DAY_START + span)),
        (Shift::Day, false) => (DAY_START, DAY_START + span),
    }
}
