//! A preset at any size (`generate::generate_sized`, `--size`, the page's customers field):
//! sized down, its customers kept evenly through its list exactly as before; grown, more of its
//! territory side by side, with the preset's density, mix and department size.

use proptest::prelude::*;

use visit_sandbox::app::limits::{MAX_PRESET_CUSTOMERS, MIN_CUSTOMERS};
use visit_sandbox::app::scenario::{assemble, Files, Input, ScenarioError};
use visit_sandbox::core::departments::rederive;
use visit_sandbox::core::generate::{
    generate, generate_sized, staff_by_workload, Preset, MAX_SIZE,
};
use visit_sandbox::core::io;
use visit_sandbox::core::scenario::{nearest_office, Customer, Scenario, Zone};

/// The way a preset was sized down before it could grow (the assembler's own code then):
/// every (all ÷ n)-th customer kept, departments derived again, staffed by the workload method.
fn sized_down_as_before(preset: Preset, seed: u64, n: usize) -> Scenario {
    let mut sc = generate(preset, seed).expect("preset");
    let all = sc.customers.len();
    sc.customers = std::sync::Arc::new((0..n).map(|k| sc.customers[k * all / n].clone()).collect());
    rederive(&mut sc);
    staff_by_workload(&mut sc, seed);
    sc
}

fn share(sc: &Scenario, f: impl Fn(&Customer) -> bool) -> f64 {
    sc.customers.iter().filter(|c| f(c)).count() as f64 / sc.customers.len().max(1) as f64
}

/// Customers per km² of the rectangle the customers span.
fn density(sc: &Scenario) -> f64 {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for c in sc.customers.iter() {
        x0 = x0.min(c.pos.x);
        y0 = y0.min(c.pos.y);
        x1 = x1.max(c.pos.x);
        y1 = y1.max(c.pos.y);
    }
    sc.customers.len() as f64 / ((x1 - x0) * (y1 - y0)).max(1e-9)
}

/// The shares a preset's mix is made of: classes, zones, night shops, industries.
fn mix(sc: &Scenario) -> Vec<(String, f64)> {
    let mut out = Vec::new();
    for class in 0..4u8 {
        out.push((format!("class {class}"), share(sc, |c| c.class == class)));
    }
    for z in [Zone::Urban, Zone::Town, Zone::Rural] {
        out.push((format!("{z:?}"), share(sc, |c| c.zone == z)));
    }
    out.push(("night".into(), share(sc, |c| c.night_shop)));
    let mut industries: Vec<_> = sc.customers.iter().map(|c| c.industry).collect();
    industries.sort();
    industries.dedup();
    for i in industries {
        out.push((format!("{i:?}"), share(sc, |c| c.industry == i)));
    }
    out
}

#[test]
fn a_preset_at_its_own_size_is_the_preset() {
    for p in Preset::ALL {
        if p == Preset::City {
            continue; // 50,000 customers: the same code path, slow in a debug build
        }
        assert_eq!(generate_sized(p, 5, p.size()), generate(p, 5), "{}", p.id());
        assert_eq!(generate(p, 5).expect("preset").customers.len(), p.size());
    }
}

#[test]
fn sizing_down_is_unchanged() {
    for (p, n) in [
        (Preset::County, MIN_CUSTOMERS),
        (Preset::County, 600),
        (Preset::County, 2999),
        (Preset::Urban, 1234),
        (Preset::Rural, 700),
    ] {
        let before = sized_down_as_before(p, 11, n);
        assert_eq!(before.customers.len(), n);
        assert_eq!(
            generate_sized(p, 11, n).as_ref(),
            Ok(&before),
            "{} {n}",
            p.id()
        );
        let assembled = assemble(&Input {
            preset: Some(p.id()),
            seed: Some(11),
            customers: Some(n),
            ..Input::default()
        });
        assert_eq!(assembled.as_ref(), Ok(&before), "{} {n}", p.id());
    }
}

#[test]
fn a_grown_preset_keeps_its_density_mix_and_department_size() {
    for (p, times) in [(Preset::County, 4), (Preset::Urban, 9), (Preset::Rural, 4)] {
        let own = generate(p, 3).expect("preset");
        let n = p.size() * times;
        let grown = generate_sized(p, 3, n).expect("grown");
        assert_eq!(grown.customers.len(), n, "{}", p.id());
        // A grid of whole copies: the rectangle spanned grows with the customers.
        let ratio = density(&grown) / density(&own);
        assert!((0.8..1.25).contains(&ratio), "{} density × {ratio}", p.id());
        for ((name, a), (_, b)) in mix(&own).into_iter().zip(mix(&grown)) {
            assert!(
                (a - b).abs() < 0.02,
                "{} {name}: {a:.3} then {b:.3}",
                p.id()
            );
        }
        // As many departments per customer, as many staff per department.
        assert_eq!(grown.departments.len(), own.departments.len() * times);
        let per = |sc: &Scenario| sc.managers.len() as f64 / sc.customers.len() as f64;
        let staff = per(&grown) / per(&own);
        assert!((0.85..1.15).contains(&staff), "{} staff × {staff}", p.id());
        // Every department serves customers of its own copy: none is left empty or swollen.
        let mut served = vec![0usize; grown.departments.len()];
        for c in grown.customers.iter() {
            served[nearest_office(&grown.departments, c.pos)] += 1;
        }
        let usual = p.size() / own.departments.len();
        for (d, n) in served.iter().enumerate() {
            assert!(
                *n > usual / 10 && *n < usual * 5,
                "{} D{}: {n} customers",
                p.id(),
                d + 1
            );
        }
        // The ids stay unique, the managers' departments exist.
        let mut ids: Vec<&str> = grown.customers.iter().map(|c| c.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n);
        assert!(grown
            .managers
            .iter()
            .all(|m| m.department < grown.departments.len()));
        assert!(!grown.managers_invented);
    }
}

#[test]
fn whole_copies_start_with_the_preset_itself() {
    let own = generate(Preset::County, 8).expect("county");
    let grown = generate_sized(Preset::County, 8, 3 * Preset::County.size()).expect("grown");
    assert_eq!(grown.customers[..own.customers.len()], own.customers[..]);
    assert_eq!(
        grown.departments[..own.departments.len()],
        own.departments[..]
    );
    // The other copies are other territories, not the first one moved.
    let second = &grown.customers[own.customers.len()..2 * own.customers.len()];
    let shifted = second
        .iter()
        .zip(own.customers.iter())
        .filter(|(a, b)| (a.pos.y - b.pos.y).abs() < 1e-9)
        .count();
    assert!(shifted < 10, "{shifted}");
}

#[test]
fn a_grown_preset_is_valid_and_same_seed_same_scenario() {
    let a = generate_sized(Preset::Rural, 4, 5_000).expect("grown");
    assert_eq!(
        generate_sized(Preset::Rural, 4, 5_000).as_ref(),
        Ok(&a),
        "same seed"
    );
    let b = generate_sized(Preset::Rural, 5, 5_000).expect("grown");
    assert_ne!(a.customers[0].pos, b.customers[0].pos);
    assert!(io::validate::problems(&a).is_empty());
    // The assembler gives the same, so the page and the CLI do.
    let assembled = assemble(&Input {
        preset: Some("rural"),
        seed: Some(4),
        customers: Some(5_000),
        ..Input::default()
    });
    assert_eq!(assembled.as_ref(), Ok(&a));
}

#[test]
fn sizes_out_of_range_and_a_growing_list_are_refused() {
    assert!(generate_sized(Preset::County, 1, 0).is_err());
    assert!(generate_sized(Preset::County, 1, MAX_SIZE + 1).is_err());
    for n in [MIN_CUSTOMERS - 1, MAX_PRESET_CUSTOMERS + 1] {
        let e = assemble(&Input {
            preset: Some("urban"),
            customers: Some(n),
            ..Input::default()
        });
        assert_eq!(
            e,
            Err(ScenarioError::Customers {
                n,
                most: MAX_PRESET_CUSTOMERS
            })
        );
    }
    // A list is kept in part, up to all of it; one more is refused, naming its size.
    let rural = generate(Preset::Rural, 2).expect("rural");
    let list = io::customers_csv(&rural);
    let input = |n| Input {
        files: Files {
            customers: Some(list.as_bytes()),
            ..Files::default()
        },
        customers: Some(n),
        ..Input::default()
    };
    assert_eq!(
        assemble(&input(1200)).map(|sc| sc.customers.len()),
        Ok(1200)
    );
    assert_eq!(assemble(&input(300)).map(|sc| sc.customers.len()), Ok(300));
    assert_eq!(
        assemble(&input(1201)),
        Err(ScenarioError::ListCannotGrow {
            n: 1201,
            most: 1200
        })
    );
    // So is an opened scenario, whatever preset it names.
    let e = assemble(&Input {
        preset: Some("rural"),
        opened: Some(&rural),
        customers: Some(1300),
        ..Input::default()
    });
    assert_eq!(
        e,
        Err(ScenarioError::ListCannotGrow {
            n: 1300,
            most: 1200
        })
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// Any size between one and three counties: exactly that many customers, in copies of the
    /// county laid side by side (none overlapping), every customer served by a department.
    #[test]
    fn any_size_gives_exactly_that_many_customers(n in 3_001usize..9_000, seed in 0u64..1000) {
        let sc = generate_sized(Preset::County, seed, n).expect("grown");
        prop_assert_eq!(sc.customers.len(), n);
        let copies = (n + 1500) / 3000;
        prop_assert_eq!(sc.departments.len(), 3 * copies);
        prop_assert!(sc.customers.iter().all(|c| c.pos.x >= 0.0 && c.pos.y >= 0.0));
        let ratio = density(&sc) / density(&generate(Preset::County, seed).expect("county"));
        prop_assert!((0.6..1.5).contains(&ratio), "density × {}", ratio);
    }
}
