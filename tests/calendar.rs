//! The visit calendar (work in progress for the "Visit calendar" issue): invariants checked
//! independently of how the calendar was built, and the region model's coverage.

use std::collections::BTreeSet;

use visit_sandbox::core::calendar::{self, Calendar, CalendarParams};
use visit_sandbox::core::generate::{generate, Preset};
use visit_sandbox::core::models::{self, Assignment};
use visit_sandbox::core::scenario::Scenario;
use visit_sandbox::core::settings::Function;
use visit_sandbox::core::workload::generalist;

fn plan(sc: &Scenario, model: &str) -> (Assignment, Calendar) {
    let work = generalist(sc);
    let a = models::by_id(model)
        .expect("model")
        .assign(sc, &work)
        .expect("assign");
    let cal = calendar::build(sc, &work, &a, &CalendarParams::default());
    check(sc, &a, &cal);
    (a, cal)
}

/// An independent check of a calendar: visits only for functions the staff member is
/// responsible for, inside opening hours, in route order with the travel between them, days
/// within the working day plus the overtime cap, and every required cycle either served or
/// listed as missed.
fn check(sc: &Scenario, a: &Assignment, cal: &Calendar) {
    let s = &sc.settings;
    let cap = s.day_minutes + s.overtime_cap_minutes;
    for r in &cal.routes {
        assert!(
            r.back - r.leave <= cap + 1e-6,
            "day of staff {} too long",
            r.staff
        );
        let mut t = r.leave;
        let mut at = sc.base_of(a.staff[r.staff].manager);
        let mut km = 0.0;
        for &i in &r.visits {
            let v = &cal.visits[i];
            assert_eq!((v.staff, v.day), (r.staff, r.day));
            let c = &sc.customers[v.customer];
            km += at.dist(c.pos) * s.road_factor;
            assert!(
                v.start + 1e-6 >= t,
                "visit starts before the previous ended"
            );
            assert!(
                v.start + 1e-6 >= f64::from(c.open_min) && v.end <= f64::from(c.close_min) + 1e-6
            );
            for f in &v.functions {
                assert_eq!(
                    a.responsible[v.customer][f.index()],
                    v.staff,
                    "visit for a function of someone else"
                );
            }
            t = v.end;
            at = c.pos;
        }
        km += at.dist(sc.base_of(a.staff[r.staff].manager)) * s.road_factor;
        assert!(
            (km - r.km).abs() < 1e-6,
            "route km {} vs recomputed {km}",
            r.km
        );
    }
    // Served cycles recomputed from the visits; together with the missed list they are exactly
    // the required cycles.
    let mut served = BTreeSet::new();
    for v in &cal.visits {
        for f in &v.functions {
            let cw = s.cycle_weeks(*f, sc.customers[v.customer].class);
            served.insert((v.customer, *f, v.day / cal.days_per_week / cw));
        }
    }
    let mut required = 0;
    for c in 0..sc.customers.len() {
        for f in Function::ALL {
            let cw = s.cycle_weeks(f, sc.customers[c].class);
            for cyc in 0..cal.weeks / cw {
                required += 1;
                let missed = cal.missed.iter().any(|m| {
                    m.customer == c && m.function == f && m.from_day / cal.days_per_week / cw == cyc
                });
                assert_ne!(
                    served.contains(&(c, f, cyc)),
                    missed,
                    "customer {c} {f:?} cycle {cyc}"
                );
            }
        }
    }
    assert_eq!(required, cal.required);
}

fn coverage(cal: &Calendar) -> f64 {
    1.0 - cal.missed.len() as f64 / cal.required as f64
}

#[test]
fn region_covers_at_least_98_percent_on_the_county_and_urban_presets() {
    for p in [Preset::County, Preset::Urban] {
        let sc = generate(p, 42).expect("preset");
        let (_, cal) = plan(&sc, "region");
        let cov = coverage(&cal);
        assert!(cov >= 0.98, "{}: coverage {cov:.3}", p.id());
        // No systematic overtime: under 15 minutes per staff member per week on average.
        let ot: f64 = cal
            .routes
            .iter()
            .map(|r| (r.back - r.leave - sc.settings.day_minutes).max(0.0))
            .sum();
        let per_staff_week = ot / sc.managers.len() as f64 / f64::from(cal.weeks);
        assert!(
            per_staff_week < 15.0,
            "{}: {per_staff_week:.1} min overtime per staff-week",
            p.id()
        );
    }
}

#[test]
fn fewer_staff_means_lower_coverage() {
    let mut sc = generate(Preset::Urban, 3).expect("preset");
    let (_, full) = plan(&sc, "region");
    let n = sc.managers.len();
    sc.managers.truncate(n * 2 / 3);
    let (_, short) = plan(&sc, "region");
    assert!(
        coverage(&short) < coverage(&full) - 0.05,
        "{} vs {}",
        coverage(&short),
        coverage(&full)
    );
}

#[test]
fn staggering_keeps_specialists_apart_and_the_calendar_is_deterministic() {
    let mut sc = generate(Preset::Urban, 8).expect("preset");
    // A small district with enough staff for four posts per department.
    sc.customers.truncate(300);
    sc.managers.truncate(8);
    for m in &mut sc.managers {
        m.department = 0;
    }
    sc.settings.modes.team_visits = false;
    sc.settings.modes.staggering = true;
    let (_, on) = plan(&sc, "specialised");
    sc.settings.modes.staggering = false;
    let (_, off) = plan(&sc, "specialised");
    assert!(
        on.conflicts < off.conflicts,
        "staggering on {} vs off {}",
        on.conflicts,
        off.conflicts
    );
    let (_, again) = plan(&sc, "specialised");
    assert_eq!(off, again);
}
