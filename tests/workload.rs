//! The work each customer needs (`core::workload`), measured on generated presets. These tests
//! live outside the core because they need the preset generator, which itself reads the work
//! (a test inside `workload.rs` would make the two files import each other).

use visit_sandbox::core::generate::{generate, Preset};
use visit_sandbox::core::models;
use visit_sandbox::core::workload::{
    book_minutes, department_work, generalist, generalist_with, team_of, Density, Work,
};

#[test]
fn more_service_minutes_mean_more_required_minutes() {
    let mut sc = generate(Preset::County, 3).expect("preset");
    let before: f64 = generalist(&sc).iter().map(Work::minutes_per_month).sum();
    for m in &mut sc.settings.functions[0].minutes {
        *m += 5.0;
    }
    let after: f64 = generalist(&sc).iter().map(Work::minutes_per_month).sum();
    assert!(after > before + 1.0, "{before} -> {after}");
}

#[test]
fn trips_follow_the_shortest_cycle() {
    use visit_sandbox::core::value_group::{groups, ValueGroup};
    let sc = generate(Preset::County, 3).expect("preset");
    let w = generalist(&sc);
    let g = groups(&sc);
    for ((c, w), g) in sc.customers.iter().zip(&w).zip(&g) {
        // Routine service is weekly for 甲乙 and core customers, fortnightly for the rest,
        // and every other function that reaches a shop has a cycle at least as long.
        let expected = if c.class <= 1 || *g == ValueGroup::Core {
            4.0
        } else {
            2.0
        };
        assert_eq!(w.trips_per_month, expected);
        assert!(w.travel_min_per_trip >= 0.0 && w.travel_min_per_trip.is_finite());
    }
}

#[test]
fn department_work_shares_out_all_the_work() {
    let sc = generate(Preset::County, 3).expect("preset");
    let work = generalist(&sc);
    let per_dept = department_work(&sc, &work);
    assert_eq!(per_dept.len(), sc.departments.len());
    let total: f64 = work.iter().map(Work::minutes_per_month).sum();
    let split: f64 = per_dept.iter().sum();
    assert!(
        (total - split).abs() < 1e-6 * total.max(1.0),
        "{total} vs {split}"
    );
}

#[test]
fn books_hold_every_customers_work_and_teams_start_with_the_main_staff() {
    let sc = generate(Preset::County, 3).expect("preset");
    let work = generalist(&sc);
    let a = models::by_id("region")
        .expect("model")
        .assign(&sc, &work)
        .expect("assign");
    let books = book_minutes(&sc, &work, &a);
    assert_eq!(books.len(), a.staff.len());
    assert!(books.iter().all(|m| m.is_finite() && *m >= 0.0));
    // Generalists: each book holds at least the work of the customers it serves.
    let total: f64 = work.iter().map(Work::minutes_per_month).sum();
    assert!(books.iter().sum::<f64>() >= total - 1e-6, "{books:?}");
    for c in 0..sc.customers.len() {
        if let Some((members, _)) = team_of(&sc, &a, c) {
            assert_eq!(members[0], a.main_staff(c));
        }
    }
}

#[test]
fn a_density_measured_once_gives_the_same_work_under_other_offices() {
    use visit_sandbox::core::geo::Point;
    let mut sc = generate(Preset::Rural, 4).expect("preset");
    let density = Density::of(&sc);
    assert_eq!(generalist_with(&sc, &density), generalist(&sc));
    // Other offices (what the import's department cut tries): the density still holds, and
    // the work changes with the offices.
    let before = generalist(&sc);
    for (k, d) in sc.departments.iter_mut().enumerate() {
        d.office = Point::new(d.office.x + 3.0 * k as f64, d.office.y - 2.0);
    }
    let moved = generalist(&sc);
    assert_ne!(moved, before, "the travel to base follows the offices");
    assert_eq!(generalist_with(&sc, &density), moved);
    // A density of other shops is not used: it is measured again.
    let other = Density::of(&generate(Preset::County, 4).expect("preset"));
    assert_eq!(generalist_with(&sc, &other), moved);
}
