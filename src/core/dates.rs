//! Calendar dates for the plan's working days: an ISO start date and the working days after
//! it (Monday first, rest days skipped). Pure integer arithmetic, no clock and no time zone.

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01 (`civil_from_days`).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Parses a strict ISO date `yyyy-mm-dd` into days since 1970-01-01.
pub fn parse_iso_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = s.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&m) || d < 1 {
        return None;
    }
    let z = days_from_civil(y, m, d);
    // An impossible day (Feb 30) comes back as another date.
    (civil_from_days(z) == (y, m, d)).then_some(z)
}

/// The date label of each of the first `days` working days from `start` (ISO), with
/// `per_week` working days a week from Monday; a start on a rest day moves to the next Monday.
pub fn working_dates(start: &str, days: u32, per_week: u32) -> Option<Vec<String>> {
    let z = parse_iso_date(start)?;
    let per_week = i64::from(per_week.max(1));
    // 1970-01-01 was a Thursday: Monday = 0.
    let weekday = (z + 3).rem_euclid(7);
    if per_week >= 7 {
        return Some((0..i64::from(days)).map(|d| iso(z + d)).collect());
    }
    // The Monday of the first working week, and the first day's place in that week.
    let (monday, first) = if weekday < per_week {
        (z - weekday, weekday)
    } else {
        (z - weekday + 7, 0)
    };
    Some(
        (0..i64::from(days))
            .map(|d| {
                let p = first + d;
                iso(monday + 7 * (p / per_week) + p % per_week)
            })
            .collect(),
    )
}

/// The date a plan starts when the user chose none: `today` (ISO) if it is a Monday, else the
/// Monday after it. The shell reads today from its clock; this stays pure.
pub fn coming_monday(today: &str) -> Option<String> {
    let z = parse_iso_date(today)?;
    // 1970-01-01 was a Thursday: Monday = 0.
    let weekday = (z + 3).rem_euclid(7);
    Some(iso(z + (7 - weekday) % 7))
}

/// The ISO date of a year, month (1-12) and day, as a clock gives them; `None` if there is
/// no such day.
pub fn iso_of(year: i64, month: i64, day: i64) -> Option<String> {
    let s = format!("{year:04}-{month:02}-{day:02}");
    parse_iso_date(&s).map(|_| s)
}

fn iso(z: i64) -> String {
    let (y, m, d) = civil_from_days(z);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_coming_monday_is_today_on_a_monday_else_the_next() {
        // 2026-03-02 is a Monday (the calendar of March 2026).
        assert_eq!(coming_monday("2026-03-02").as_deref(), Some("2026-03-02"));
        assert_eq!(coming_monday("2026-03-03").as_deref(), Some("2026-03-09"));
        assert_eq!(coming_monday("2026-03-08").as_deref(), Some("2026-03-09"));
        // Across a year's end: 2026-12-31 is a Thursday.
        assert_eq!(coming_monday("2026-12-31").as_deref(), Some("2027-01-04"));
        assert_eq!(coming_monday("nonsense"), None);
        assert_eq!(iso_of(2026, 2, 29), None);
        assert_eq!(iso_of(2028, 2, 29).as_deref(), Some("2028-02-29"));
    }

    #[test]
    fn iso_dates_parse_strictly() {
        assert_eq!(parse_iso_date("1970-01-01"), Some(0));
        assert_eq!(parse_iso_date("2024-02-29"), Some(19_782));
        assert_eq!(parse_iso_date("2023-02-29"), None);
        assert_eq!(parse_iso_date("2024-13-01"), None);
        assert_eq!(parse_iso_date("2024-1-01"), None);
        assert_eq!(parse_iso_date("2024-01-+1"), None);
        assert_eq!(parse_iso_date("tomorrow"), None);
    }

    #[test]
    fn working_days_skip_the_weekend() {
        // 2024-03-04 is a Monday.
        let d = working_dates("2024-03-04", 7, 5).expect("date");
        assert_eq!(
            d,
            [
                "2024-03-04",
                "2024-03-05",
                "2024-03-06",
                "2024-03-07",
                "2024-03-08",
                "2024-03-11",
                "2024-03-12"
            ]
        );
        // A Wednesday start: day 2 is the Friday, day 3 the Monday after.
        let d = working_dates("2024-03-06", 5, 5).expect("date");
        assert_eq!(d[2], "2024-03-08");
        assert_eq!(d[3], "2024-03-11");
        // A Saturday start moves to Monday; six-day weeks keep Saturdays.
        assert_eq!(
            working_dates("2024-03-09", 1, 5).expect("date")[0],
            "2024-03-11"
        );
        assert_eq!(
            working_dates("2024-03-04", 7, 6).expect("date")[5],
            "2024-03-09"
        );
        assert_eq!(
            working_dates("2024-12-31", 2, 7).expect("date")[1],
            "2025-01-01"
        );
    }
}
