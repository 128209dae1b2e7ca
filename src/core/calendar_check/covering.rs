//! Covering absent colleagues: a visit made for a colleague (`Visit::covers`) is allowed only
//! with covering on, for a colleague of the same post and department who was not at work that
//! day. (Whose functions such a visit may do and which cycles it serves are checked with the
//! visits and the cycles.)

use crate::core::calendar::Visit;

use super::ctx::Ctx;
use super::violation::{Kind, Violation};

/// Visit `i` (`v`, whose staff, customer and day are in range) covers whom it may.
pub(super) fn check_visit(cx: &mut Ctx, i: usize, v: &Visit) {
    let (sc, cal) = (cx.sc, cx.cal);
    let Some(o) = v.covers else {
        return;
    };
    let same = |x: usize| {
        let (p, q) = (&cx.a.staff[x], &cx.a.staff[v.staff]);
        p.post == q.post && sc.managers[p.manager].department == sc.managers[q.manager].department
    };
    let at_work = cal.routes.iter().any(|r| r.staff == o && r.day == v.day);
    if !sc.settings.disturbances.cover_absent
        || o == v.staff
        || o >= cx.a.staff.len()
        || !same(o)
        || at_work
    {
        cx.push(
            Violation::new(
                Kind::BadCover,
                "an absent colleague of the same post and department, covering on",
                format!("covers staff {o}"),
            )
            .visit(i)
            .staff(v.staff)
            .day(v.day)
            .customer(v.customer),
        );
    }
}
