//! Team visits (团队拜访): ids in range, one customer and day per team, members the staff of
//! its visits, all at the shop together, none while the mode is off.

use std::collections::{BTreeMap, BTreeSet};

use super::ctx::{not_after, Ctx};
use super::violation::{Kind, Violation};

/// Team visits: ids in range, one customer and day per team, members = the visits' staff.
pub(super) fn check(cx: &mut Ctx) {
    let (sc, cal) = (cx.sc, cx.cal);
    let on = sc.settings.modes.team_visits;
    if !on && (!cal.teams.is_empty() || cal.visits.iter().any(|v| v.team.is_some())) {
        cx.push(Violation::new(
            Kind::TeamsOff,
            "no team visits (mode off)",
            format!("{} teams", cal.teams.len()),
        ));
    }
    // Staff of the visit rows of each team, and the span all of them share.
    let mut rows: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    let mut together: BTreeMap<u32, (f64, f64)> = BTreeMap::new();
    for (i, v) in cal.visits.iter().enumerate() {
        let Some(t) = v.team else { continue };
        let Some(team) = usize::try_from(t).ok().and_then(|ti| cal.teams.get(ti)) else {
            cx.push(
                Violation::new(Kind::BadIndex, format!("team below {}", cal.teams.len()), t)
                    .visit(i)
                    .team(t),
            );
            continue;
        };
        rows.entry(t).or_default().push(v.staff);
        let span = together
            .entry(t)
            .or_insert((f64::NEG_INFINITY, f64::INFINITY));
        *span = (span.0.max(v.start), span.1.min(v.end));
        if (team.customer, team.day) != (v.customer, v.day) {
            cx.push(
                Violation::new(
                    Kind::Team,
                    format!("customer {} on day {}", team.customer, team.day),
                    format!("customer {} on day {}", v.customer, v.day),
                )
                .visit(i)
                .team(t)
                .staff(v.staff),
            );
        }
        if !team.members.contains(&v.staff) {
            cx.push(
                Violation::new(Kind::Team, format!("one of {:?}", team.members), v.staff)
                    .visit(i)
                    .team(t)
                    .customer(v.customer)
                    .day(v.day),
            );
        }
    }
    for (&t, &(from, to)) in &together {
        if !not_after(from, to) {
            let team = usize::try_from(t).ok().and_then(|ti| cal.teams.get(ti));
            let mut v = Violation::new(
                Kind::TeamApart,
                "one instant shared by every member's visit",
                format!("latest start {from}, earliest end {to}"),
            )
            .team(t);
            if let Some(team) = team {
                v = v.customer(team.customer).day(team.day);
            }
            cx.push(v);
        }
    }
    for (ti, team) in cal.teams.iter().enumerate() {
        let here = |e: String, f: String| {
            Violation::new(Kind::Team, e, f)
                .team(team.id)
                .customer(team.customer)
                .day(team.day)
        };
        if usize::try_from(team.id).ok() != Some(ti) {
            cx.push(here(format!("id {ti} (its index)"), team.id.to_string()));
        }
        if team.customer >= sc.customers.len() || u64::from(team.day) >= cx.horizon_days {
            cx.push(here(
                "a customer and day in range".into(),
                format!("customer {}, day {}", team.customer, team.day),
            ));
        }
        if let Some(d) = team.market_manager {
            if d >= sc.departments.len() {
                cx.push(here(
                    format!("a department below {}", sc.departments.len()),
                    d.to_string(),
                ));
            }
        }
        let members: BTreeSet<usize> = team.members.iter().copied().collect();
        let mut staff = rows.get(&(ti as u32)).cloned().unwrap_or_default();
        staff.sort_unstable();
        let distinct: BTreeSet<usize> = staff.iter().copied().collect();
        if members.len() != team.members.len()
            || distinct.len() != staff.len()
            || members != distinct
        {
            cx.push(here(
                format!("members {:?}, each with one visit row", team.members),
                format!("visit rows of staff {staff:?}"),
            ));
        }
    }
}
