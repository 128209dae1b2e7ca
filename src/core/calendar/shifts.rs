//! Shifts and flexible hours: the window in which a staff member's day lies.

use crate::core::assignment::Shift;
use crate::core::scenario::Scenario;

/// The working window of a staff member: (earliest departure, latest return).
pub(super) fn shift_window(sc: &Scenario, shift: Shift) -> (f64, f64) {
    let s = &sc.settings;
    let span = s.day_minutes + s.overtime_cap_minutes;
    if s.modes.flexible_hours {
        // Flexible hours: the 8 hours may lie anywhere from the morning to past midnight.
        (8.0 * 60.0, 26.0 * 60.0)
    } else {
        match shift {
            Shift::Day => (8.0 * 60.0, 8.0 * 60.0 + span),
            Shift::Evening => (18.0 * 60.0, 18.0 * 60.0 + span),
        }
    }
}
