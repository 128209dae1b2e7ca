//! What a calendar cell says about a day: worked within the working day, overtime within the
//! allowed cap, over the cap (the only days marked), or blank; and the week pages the calendar
//! is shown in, so that it fits the screen.

use std::ops::Range;

/// A staff member's day as the calendar marks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayKind {
    /// No route that day: no visits and no working time.
    Blank,
    /// Within the working day.
    Normal,
    /// Over the working day but within the overtime a day may run over by.
    Overtime,
    /// Over the working day plus the overtime cap: the days worth a look.
    OverCap,
}

/// Half a minute: lengths are shown to the minute, so a day longer than the cap by less is not
/// called over it.
const ROUNDING_MINUTES: f64 = 0.5;

/// The kind of a day with `visits` visits and `minutes` worked (base to base), for a working
/// day of `day_minutes` and an overtime cap of `cap_minutes`.
pub fn classify(visits: u32, minutes: f64, day_minutes: f64, cap_minutes: f64) -> DayKind {
    if visits == 0 && minutes <= 0.0 {
        DayKind::Blank
    } else if minutes > limit(day_minutes, cap_minutes) {
        DayKind::OverCap
    } else if minutes > day_minutes + ROUNDING_MINUTES {
        DayKind::Overtime
    } else {
        DayKind::Normal
    }
}

/// The longest day not marked as over the cap, minutes.
pub fn limit(day_minutes: f64, cap_minutes: f64) -> f64 {
    day_minutes + cap_minutes.max(0.0) + ROUNDING_MINUTES
}

/// The days over the cap in rows of minutes per day (`day_minutes[staff][day]`).
pub fn over_cap_days(rows: &[Vec<f64>], day_minutes: f64, cap_minutes: f64) -> usize {
    rows.iter()
        .flatten()
        .filter(|&&m| m > limit(day_minutes, cap_minutes))
        .count()
}

/// The week (from 0) holding `day`, with `days_per_week` working days a week, within `weeks`.
pub fn week_of(day: u32, days_per_week: u32, weeks: u32) -> u32 {
    (day / days_per_week.max(1)).min(weeks.saturating_sub(1))
}

/// The days of week `week`.
pub fn days_of_week(week: u32, days_per_week: u32) -> Range<u32> {
    let dpw = days_per_week.max(1);
    week * dpw..(week + 1) * dpw
}

/// The same weekday in week `week` as `day` (a week page keeps the chosen weekday).
pub fn same_weekday(day: u32, week: u32, days_per_week: u32) -> u32 {
    let dpw = days_per_week.max(1);
    week * dpw + day % dpw
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_days_over_the_cap_are_marked() {
        // An 8-hour day with 30 minutes of overtime allowed.
        assert_eq!(classify(0, 0.0, 480.0, 30.0), DayKind::Blank);
        assert_eq!(classify(12, 470.0, 480.0, 30.0), DayKind::Normal);
        assert_eq!(classify(12, 480.4, 480.0, 30.0), DayKind::Normal);
        // Six minutes over the working day: overtime within the cap, not marked.
        assert_eq!(classify(20, 486.0, 480.0, 30.0), DayKind::Overtime);
        assert_eq!(classify(20, 510.0, 480.0, 30.0), DayKind::Overtime);
        assert_eq!(classify(20, 511.0, 480.0, 30.0), DayKind::OverCap);
        // A day at the office (a training session) with no visits is not blank.
        assert_eq!(classify(0, 90.0, 480.0, 30.0), DayKind::Normal);
        // No overtime allowed: any minute over is over the cap.
        assert_eq!(classify(5, 482.0, 480.0, 0.0), DayKind::OverCap);
        let rows = vec![vec![486.0, 511.0, 0.0], vec![530.0, 300.0, 509.0]];
        assert_eq!(over_cap_days(&rows, 480.0, 30.0), 2);
    }

    #[test]
    fn week_pages_cover_the_horizon_and_keep_the_weekday() {
        assert_eq!(week_of(0, 5, 4), 0);
        assert_eq!(week_of(9, 5, 4), 1);
        assert_eq!(week_of(19, 5, 4), 3);
        assert_eq!(
            week_of(25, 5, 4),
            3,
            "a day past the horizon: the last week"
        );
        assert_eq!(days_of_week(2, 5), 10..15);
        assert_eq!(same_weekday(9, 3, 5), 19);
        assert_eq!(same_weekday(16, 0, 5), 1);
        let all: Vec<u32> = (0..4).flat_map(|w| days_of_week(w, 5)).collect();
        assert_eq!(all, (0..20).collect::<Vec<_>>());
    }
}
