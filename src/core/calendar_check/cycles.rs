//! Required cycles: each served by its responsible staff member (or the colleague covering
//! for them) or listed as missed, never both; the missed list well-formed; `required` right.

use std::collections::BTreeSet;

use crate::core::settings::Function;

use super::ctx::{Ctx, Cycles};
use super::violation::{Kind, Violation};

/// Every required (customer, function, cycle) served by its responsible staff or missed, never
/// both; the missed list well-formed; `required` equal to the count.
pub(super) fn check(cx: &mut Ctx) {
    let (sc, cal) = (cx.sc, cx.cal);
    let mut served: BTreeSet<(usize, Function, u32)> = BTreeSet::new();
    for (i, v) in cal.visits.iter().enumerate() {
        if !cx.visit_ok[i] {
            continue;
        }
        for &f in &v.functions {
            if cx.responsible(v.customer, f) == Some(v.covers.unwrap_or(v.staff)) {
                served.insert((v.customer, f, cx.cycle_of(v.customer, f, v.day)));
            }
        }
    }
    let mut missed: BTreeSet<(usize, Function, u32)> = BTreeSet::new();
    for m in &cal.missed {
        let here = |e: String, f: String| {
            Violation::new(Kind::BadMissed, e, f)
                .customer(m.customer)
                .function(m.function)
                .staff(m.staff)
                .day(m.from_day)
        };
        if m.customer >= sc.customers.len() {
            cx.push(here(
                format!("customer below {}", sc.customers.len()),
                m.customer.to_string(),
            ));
            continue;
        }
        let cw = cx.cycle_weeks(m.customer, m.function);
        let cyc = cx.cycle_of(m.customer, m.function, m.from_day);
        let span = u64::from(cw) * u64::from(cx.dpw);
        let from = u64::from(cyc) * span;
        if (u64::from(m.from_day), u64::from(m.to_day)) != (from, from + span - 1) {
            cx.push(here(
                format!("days {from}–{}", from + span - 1),
                format!("days {}–{}", m.from_day, m.to_day),
            ));
        }
        let resp = cx.responsible(m.customer, m.function);
        if resp != Some(m.staff) {
            cx.push(here(
                format!("staff {}", resp.map_or("none".into(), |x| x.to_string())),
                format!("staff {}", m.staff),
            ));
        }
        if cyc >= cx.weeks / cw {
            cx.push(here(
                format!("a required cycle (below {})", cx.weeks / cw),
                format!("cycle {cyc}"),
            ));
        }
        if !missed.insert((m.customer, m.function, cyc)) {
            cx.push(here("listed once".into(), "listed twice".into()));
        }
    }
    let mut out = Cycles {
        required: 0,
        served: 0,
        pairs_met: 0,
        pairs: 0,
    };
    let mut by_function = [0usize; 4];
    for c in 0..sc.customers.len() {
        for f in Function::ALL {
            // Only the functions that reach the customer are required of anyone.
            if !cx.work.get(c).is_some_and(|w| w.reaches(f)) {
                continue;
            }
            out.pairs += 1;
            let mut met = true;
            for cyc in 0..cx.weeks / cx.cycle_weeks(c, f) {
                out.required += 1;
                by_function[f.index()] += 1;
                let (s, m) = (served.contains(&(c, f, cyc)), missed.contains(&(c, f, cyc)));
                if s {
                    out.served += 1;
                } else {
                    met = false;
                }
                let kind = match (s, m) {
                    (true, true) => Kind::ServedAndMissed,
                    (false, false) => Kind::Unaccounted,
                    _ => continue,
                };
                cx.push(
                    Violation::new(kind, "served or missed, not both", format!("cycle {cyc}"))
                        .customer(c)
                        .function(f),
                );
            }
            if met {
                out.pairs_met += 1;
            }
        }
    }
    if out.required != cal.required {
        cx.push(Violation::new(
            Kind::RequiredCount,
            out.required,
            cal.required,
        ));
    }
    for f in Function::ALL {
        let (want, got) = (by_function[f.index()], cal.required_by_function[f.index()]);
        if want != got {
            cx.push(Violation::new(Kind::RequiredCount, want, got).function(f));
        }
    }
    cx.cycles = out;
}
