//! The inputs fit together: the assignment with the scenario and the workload, the calendar's
//! horizon with the settings.

use crate::core::settings::Function;

use super::ctx::Ctx;
use super::violation::{Kind, Violation};

/// The assignment fits the scenario and the workload; when it does not, the checks that need
/// tiers are skipped (`Ctx::assignment_ok`).
pub(super) fn check(cx: &mut Ctx) {
    let (sc, a, work) = (cx.sc, cx.a, cx.work);
    let mut ok = true;
    if a.responsible.len() != sc.customers.len() {
        ok = false;
        cx.push(Violation::new(
            Kind::Assignment,
            format!("{} rows (one per customer)", sc.customers.len()),
            format!("{} rows", a.responsible.len()),
        ));
    }
    if work.len() != sc.customers.len() {
        ok = false;
        cx.push(Violation::new(
            Kind::Assignment,
            format!("work for {} customers", sc.customers.len()),
            format!("work for {}", work.len()),
        ));
    }
    for (i, st) in a.staff.iter().enumerate() {
        if st.manager >= sc.managers.len() {
            ok = false;
            cx.push(
                Violation::new(
                    Kind::Assignment,
                    format!("a manager index below {}", sc.managers.len()),
                    st.manager,
                )
                .staff(i),
            );
        }
    }
    for (c, row) in a.responsible.iter().enumerate() {
        for f in Function::ALL {
            let Some(st) = row[f.index()] else {
                continue;
            };
            if st >= a.staff.len() {
                ok = false;
                cx.push(
                    Violation::new(
                        Kind::Assignment,
                        format!("a staff index below {}", a.staff.len()),
                        st,
                    )
                    .customer(c)
                    .function(f),
                );
            }
        }
    }
    cx.assignment_ok = ok;
}

/// The calendar's horizon is the scenario's.
pub(super) fn horizon(cx: &mut Ctx) {
    let (weeks, dpw, cal) = (cx.weeks, cx.dpw, cx.cal);
    if (cal.weeks, cal.days_per_week) != (weeks, dpw) {
        cx.push(Violation::new(
            Kind::Horizon,
            format!("{weeks} weeks of {dpw} days"),
            format!("{} weeks of {} days", cal.weeks, cal.days_per_week),
        ));
    }
}
