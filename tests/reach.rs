//! What each customer needs (reach, cycle, minutes): the rules of "Reach follows practice",
//! the cycle overrides and the research panel's sample.

use visit_sandbox::core::generate::{generate, Preset};
use visit_sandbox::core::need::{table, Needs};
use visit_sandbox::core::scenario::{nearest_office, Scenario};
use visit_sandbox::core::settings::{Function, GradeBand};
use visit_sandbox::core::value_group::{groups, ValueGroup};

fn county() -> Scenario {
    generate(Preset::County, 42).expect("preset")
}

fn reached(t: &[Needs], f: Function) -> usize {
    t.iter().filter(|n| n[f.index()].is_some()).count()
}

#[test]
fn default_reach_follows_practice() {
    let sc = county();
    let t = table(&sc);
    let g = groups(&sc);
    let n = sc.customers.len();
    assert_eq!(reached(&t, Function::Service), n);
    // Brand: exactly the 甲乙, core and growth-flagged shops.
    for (c, cu) in sc.customers.iter().enumerate() {
        let brand = cu.class < 2 || g[c] == ValueGroup::Core || cu.team.growth_potential;
        assert_eq!(
            t[c][Function::Brand.index()].is_some(),
            brand,
            "customer {c}"
        );
        let training = cu.team.special_difficulty || cu.grade <= sc.settings.low_grade;
        assert_eq!(t[c][Function::Training.index()].is_some(), training);
    }
    // Research: the panel is 10 % of customers, to within one per stratum.
    let panel = reached(&t, Function::Research) as f64 / n as f64;
    assert!((panel - 0.10).abs() < 0.01, "panel share {panel}");
}

#[test]
fn every_shop_reaches_every_customer_for_every_function() {
    let mut sc = county();
    sc.settings.reach.every_shop = true;
    let t = table(&sc);
    for f in Function::ALL {
        assert_eq!(reached(&t, f), sc.customers.len());
    }
}

#[test]
fn cycles_combine_class_group_and_grade() {
    let mut sc = county();
    let g = groups(&sc);
    let t = table(&sc);
    for (c, cu) in sc.customers.iter().enumerate() {
        let weekly = cu.class < 2 || g[c] == ValueGroup::Core;
        let want = if weekly { 1 } else { 2 };
        assert_eq!(t[c][0].map(|n| n.cycle_weeks), Some(want), "customer {c}");
    }
    sc.settings.cycle_overrides.by_grade.push(GradeBand {
        function: Function::Service,
        min_grade: 25,
        max_grade: 30,
        cycle_weeks: 4,
    });
    let t = table(&sc);
    for (c, cu) in sc.customers.iter().enumerate() {
        if cu.grade >= 25 {
            assert_eq!(t[c][0].map(|n| n.cycle_weeks), Some(4));
        }
    }
}

#[test]
fn the_panel_is_stratified_and_seeded() {
    let sc = county();
    let a = table(&sc);
    let b = table(&sc);
    assert_eq!(a, b, "same seed, same panel");
    // Every department × class stratum of at least 20 shops gets its 10 % to within one.
    let mut strata: std::collections::BTreeMap<(usize, u8), (usize, usize)> = Default::default();
    for (c, cu) in sc.customers.iter().enumerate() {
        let e = strata
            .entry((nearest_office(&sc.departments, cu.pos), cu.class))
            .or_default();
        e.0 += 1;
        e.1 += usize::from(a[c][Function::Research.index()].is_some());
    }
    for ((d, k), (n, inside)) in strata {
        if n >= 20 {
            let want = n as f64 * 0.10;
            assert!(
                (inside as f64 - want).abs() <= 1.0 + 1e-9,
                "stratum ({d}, {k}): {inside} of {n}"
            );
        }
    }
    let mut other = county();
    other.seed = 43;
    let c = table(&other);
    assert_ne!(
        a.iter().map(|n| n[3].is_some()).collect::<Vec<_>>(),
        c.iter().map(|n| n[3].is_some()).collect::<Vec<_>>()
    );
}

/// The required (customer, function) visits per function are the same in every model: the
/// work is decided by the customers, never by the model. Counted from each model's own
/// calendar on the three smaller presets; on the city (50,000 customers, five calendars would
/// dominate the suite) from each model's own duties, which is what its calendar counts (the
/// calendar checker holds the two equal).
#[test]
fn required_function_visits_are_the_same_in_every_model_on_every_preset() {
    use visit_sandbox::core::calendar::required_cycles;
    use visit_sandbox::core::compare::{compare_with, Options};
    use visit_sandbox::core::models;
    use visit_sandbox::core::workload::generalist;
    for preset in [Preset::County, Preset::Urban, Preset::Rural] {
        let sc = generate(preset, 42).expect("preset");
        let opt = Options {
            headcount_search: false,
            ..Options::default()
        };
        let cmp = compare_with(&sc, &opt).expect("compare");
        let counts: Vec<[usize; 4]> = cmp
            .models
            .iter()
            .map(|m| m.calendar.as_ref().expect("calendar").required_by_function)
            .collect();
        assert!(
            counts[0].iter().all(|&n| n > 0),
            "{preset:?}: {:?}",
            counts[0]
        );
        for (m, c) in cmp.models.iter().zip(&counts) {
            assert_eq!(
                *c, counts[0],
                "{preset:?}: {:?} differs from region",
                m.model
            );
        }
        // Reach follows practice: far fewer brand, training and research visits than service.
        for f in [Function::Brand, Function::Training, Function::Research] {
            assert!(counts[0][f.index()] * 2 < counts[0][0], "{preset:?} {f:?}");
        }
    }
    let sc = generate(Preset::City, 42).expect("city");
    let work = generalist(&sc);
    let mut first: Option<[usize; 4]> = None;
    for m in models::all() {
        let a = m.assign(&sc, &work).expect("assign");
        let mut by_function = [0usize; 4];
        for r in required_cycles(&work, &a, sc.settings.weeks) {
            by_function[r.function.index()] += 1;
        }
        assert_eq!(
            *first.get_or_insert(by_function),
            by_function,
            "city {:?}",
            m.id()
        );
    }
}
