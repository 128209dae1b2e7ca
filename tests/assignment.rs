//! Behaviour and property tests of the staffing models (issue "Assignment engine"). Every
//! assignment is validated by the independent checker `models::check`.

use proptest::prelude::*;
use visit_sandbox::core::error::CoreError;
use visit_sandbox::core::generate::{generate, Preset};
use visit_sandbox::core::geo::Point;
use visit_sandbox::core::models::{self, check, Assignment, ModelId};
use visit_sandbox::core::scenario::{Scenario, Zone};
use visit_sandbox::core::settings::Function;
use visit_sandbox::core::value_group::{counts, groups, ValueGroup};
use visit_sandbox::core::workload::{generalist, Work};

fn assign(sc: &Scenario, id: &str) -> (Vec<Work>, Assignment) {
    let work = generalist(sc);
    let m = models::by_id(id).expect("model exists");
    let a = m.assign(sc, &work).expect("assign");
    check(sc, &work, &a).expect("checker accepts the assignment");
    (work, a)
}

/// A scenario built from a preset's first customer and manager as templates, so fixtures keep
/// compiling when the data model grows.
fn fixture(customers: &[(f64, f64, u8)], managers: &[f64]) -> Scenario {
    let mut sc = generate(Preset::County, 1).expect("preset");
    let ct = sc.customers[0].clone();
    let mt = sc.managers[0].clone();
    sc.customers = customers
        .iter()
        .enumerate()
        .map(|(i, &(x, y, class))| {
            let mut c = ct.clone();
            c.id = format!("T{i}");
            c.pos = Point::new(x, y);
            c.class = class;
            c.zone = Zone::Urban;
            c.night_shop = false;
            c
        })
        .collect::<Vec<_>>()
        .into();
    sc.managers = managers
        .iter()
        .enumerate()
        .map(|(i, &comp)| {
            let mut m = mt.clone();
            m.id = format!("M{i}");
            m.competence = comp;
            m.skills = [comp; 4];
            m.department = 0;
            m
        })
        .collect();
    sc.departments.truncate(1);
    sc
}

fn hours_by_group(
    sc: &Scenario,
    work: &[Work],
    a: &Assignment,
) -> std::collections::BTreeMap<String, Vec<f64>> {
    let h = visit_sandbox::core::metrics::required_weekly_hours(sc, work, a);
    let mut out: std::collections::BTreeMap<String, Vec<f64>> = Default::default();
    for (s, st) in a.staff.iter().enumerate() {
        out.entry(st.group.clone()).or_default().push(h[s]);
    }
    out
}

#[test]
fn region_territories_within_ten_percent_on_every_preset() {
    for p in Preset::ALL {
        let sc = generate(p, 42).expect("preset");
        let (work, a) = assign(&sc, "region");
        let h = visit_sandbox::core::metrics::required_weekly_hours(&sc, &work, &a);
        let mean = h.iter().sum::<f64>() / h.len() as f64;
        let worst = h.iter().map(|x| (x / mean - 1.0).abs()).fold(0.0, f64::max);
        assert!(worst <= 0.10, "{}: worst deviation {worst:.3}", p.id());
        assert_eq!(a.staff.len(), sc.managers.len());
    }
}

#[test]
fn format_ranks_competence_monotonically_across_classes() {
    // Classes are drawn per department (like for like), so the ranking holds within each
    // department: its strongest managers take its highest class.
    let sc = generate(Preset::County, 42).expect("preset");
    let (_, a) = assign(&sc, "format");
    let mut by_dept: std::collections::BTreeMap<
        String,
        std::collections::BTreeMap<String, Vec<f64>>,
    > = Default::default();
    for st in &a.staff {
        let (dept, class) = st.group.split_once('/').expect("dept:d/class:k");
        by_dept
            .entry(dept.to_string())
            .or_default()
            .entry(class.to_string())
            .or_default()
            .push(sc.managers[st.manager].competence);
    }
    assert!(by_dept.len() >= 2, "{by_dept:?}");
    assert!(by_dept.values().any(|c| c.len() >= 3), "{by_dept:?}");
    for by_class in by_dept.values() {
        let groups: Vec<&Vec<f64>> = by_class.values().collect(); // class:0 < class:1 < …
        for w in groups.windows(2) {
            let lower_min = w[0].iter().copied().fold(f64::MAX, f64::min);
            let next_max = w[1].iter().copied().fold(f64::MIN, f64::max);
            assert!(lower_min >= next_max, "{by_dept:?}");
        }
    }
}

#[test]
fn value_groups_follow_the_rule_and_rank_competence() {
    let sc = generate(Preset::County, 42).expect("preset");
    let g = groups(&sc);
    let n = g.len() as f64;
    let share = |x: ValueGroup| g.iter().filter(|&&y| y == x).count() as f64 / n;
    let night = sc.customers.iter().filter(|c| c.night_shop).count() as f64 / n;
    assert!(
        (share(ValueGroup::Core) - 0.10).abs() < 0.01,
        "core {}",
        share(ValueGroup::Core)
    );
    assert!((share(ValueGroup::Core) + share(ValueGroup::Key) - 0.35).abs() < 0.02);
    assert!((share(ValueGroup::Night) - night).abs() < 1e-12);
    let (_, a) = assign(&sc, "value");
    // Groups are drawn per department (like for like): within each department the strongest
    // managers take core, then key, then regular (a group too small for anyone is skipped).
    let order = ["value:core", "value:key", "value:regular"];
    let comp = |dept: usize, grp: &str| -> Vec<f64> {
        let name = format!("dept:{dept}/{grp}");
        a.staff
            .iter()
            .filter(|s| s.group == name)
            .map(|s| sc.managers[s.manager].competence)
            .collect()
    };
    let mut compared = 0;
    for d in 0..sc.departments.len() {
        let ranked: Vec<Vec<f64>> = order
            .iter()
            .map(|g| comp(d, g))
            .filter(|v| !v.is_empty())
            .collect();
        for w in ranked.windows(2) {
            compared += 1;
            assert!(
                w[0].iter().copied().fold(f64::MAX, f64::min)
                    >= w[1].iter().copied().fold(f64::MIN, f64::max)
            );
        }
    }
    assert!(compared >= 2, "at least two ranked pairs of groups");
    // Night-shop staff work the evening shift under flexible hours.
    let night: Vec<_> = a
        .staff
        .iter()
        .filter(|s| s.group.ends_with("value:night"))
        .collect();
    assert!(!night.is_empty());
    assert!(night.iter().all(|s| s.shift == models::Shift::Evening));
}

#[test]
fn territorial_rule_serves_far_and_small_class_customers_by_territory() {
    // 甲: a cluster at the origin plus one shop 40 km away; 乙: two shops only (a small class);
    // 丁: a big cluster around the far 甲 shop and another at the origin.
    let mut cs = Vec::new();
    for i in 0..30 {
        cs.push((0.1 * (i % 6) as f64, 0.1 * (i / 6) as f64, 0));
    }
    cs.push((40.0, 0.0, 0)); // the far 甲 shop: index 30
    cs.push((0.25, 0.25, 1));
    cs.push((0.35, 0.25, 1)); // 乙: indices 31, 32, inside the 甲 cluster
    for i in 0..120 {
        let (cx, cy) = if i % 2 == 0 { (40.0, 0.5) } else { (0.5, 0.5) };
        cs.push((cx + 0.05 * (i % 10) as f64, cy + 0.05 * (i / 10) as f64, 3));
    }
    let sc = fixture(&cs, &[90.0, 80.0, 70.0, 60.0, 50.0]);
    let (_, a) = assign(&sc, "format");
    let group_of = |c: usize| a.staff[a.main_staff(c)].group.clone();
    // One department: its segments carry its name.
    assert_eq!(group_of(0), "dept:0/class:0");
    assert_eq!(
        group_of(30),
        "dept:0/class:3",
        "the far 甲 shop is served by the territory it lies in"
    );
    assert!(
        a.staff.iter().all(|s| s.group != "dept:0/class:1"),
        "乙 is too small for a dedicated manager"
    );
    assert_eq!(
        group_of(31),
        group_of(0),
        "乙 shops join the territory they lie in (the 甲 one)"
    );
}

#[test]
fn manager_to_post_assignment_is_optimal() {
    // One department, 3..=8 managers with unlike post skills; the specialised model's 定员 must
    // reach the brute-force best total skill for the post counts it chose.
    for m in 3..=8usize {
        let mut sc = generate(Preset::Urban, 5).expect("preset");
        sc.managers.truncate(m);
        for (i, mg) in sc.managers.iter_mut().enumerate() {
            mg.department = 0;
            for (f, s) in mg.skills.iter_mut().enumerate() {
                *s = ((i * 37 + f * 11) % 23) as f64 * 4.0;
            }
        }
        sc.departments.truncate(1);
        let (_, a) = assign(&sc, "specialised");
        let posts: Vec<Function> = a
            .staff
            .iter()
            .map(|s| s.post.expect("specialist"))
            .collect();
        let got: f64 = a
            .staff
            .iter()
            .map(|s| sc.managers[s.manager].skills[s.post.expect("post").index()])
            .sum();
        let mgrs: Vec<usize> = a.staff.iter().map(|s| s.manager).collect();
        let mut best = f64::MIN;
        permute(&mut mgrs.clone(), 0, &mut |perm| {
            let v: f64 = perm
                .iter()
                .zip(&posts)
                .map(|(&mg, p)| sc.managers[mg].skills[p.index()])
                .sum();
            best = best.max(v);
        });
        assert!(
            (got - best).abs() < 1e-9,
            "{m} managers: {got} vs optimum {best}"
        );
    }
}

fn permute(v: &mut Vec<usize>, k: usize, f: &mut impl FnMut(&[usize])) {
    if k == v.len() {
        f(v);
        return;
    }
    for i in k..v.len() {
        v.swap(k, i);
        permute(v, k + 1, f);
        v.swap(k, i);
    }
}

#[test]
fn within_class_and_group_balance_meets_the_region_tolerance_where_geometry_allows() {
    let sc = generate(Preset::County, 42).expect("preset");
    for id in ["format", "value"] {
        let (work, a) = assign(&sc, id);
        for (group, h) in hours_by_group(&sc, &work, &a) {
            if h.len() < 2 {
                continue;
            }
            let mean = h.iter().sum::<f64>() / h.len() as f64;
            let worst = h.iter().map(|x| (x / mean - 1.0).abs()).fold(0.0, f64::max);
            assert!(worst <= 0.10, "{id} {group}: {h:?}");
        }
    }
}

#[test]
fn every_model_on_every_small_preset_passes_the_checker_and_is_deterministic() {
    for p in [Preset::County, Preset::Urban, Preset::Rural] {
        let sc = generate(p, 11).expect("preset");
        for id in ModelId::ALL {
            let (_, a) = assign(&sc, id.id());
            let (_, b) = assign(&sc, id.id());
            assert_eq!(a, b, "{} on {} is not deterministic", id.id(), p.id());
        }
    }
}

#[test]
fn no_managers_or_no_customers_is_a_clear_error() {
    let mut sc = generate(Preset::Rural, 3).expect("preset");
    let work = generalist(&sc);
    let mut none = sc.clone();
    none.managers.clear();
    for m in models::all() {
        assert_eq!(m.assign(&none, &work).err(), Some(CoreError::NoManagers));
    }
    sc.customers_mut().clear();
    for m in models::all() {
        assert_eq!(m.assign(&sc, &[]).err(), Some(CoreError::NoCustomers));
    }
}

fn random_scenario(n: usize, m: usize, skew: u8, depts: usize, seed: u64) -> Scenario {
    let mut r = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = move || {
        r ^= r << 13;
        r ^= r >> 7;
        r ^= r << 17;
        (r >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut cs = Vec::with_capacity(n);
    for _ in 0..n {
        // Skewed formats: with skew s, class 3 dominates and classes above s stay empty.
        let u = next();
        let class = if u < 0.7 { 3 } else { (3.0 * next()) as u8 }.max(skew.min(3));
        cs.push((next() * 40.0, next() * 30.0, class));
    }
    let comps: Vec<f64> = (0..m).map(|_| 40.0 + 55.0 * next()).collect();
    let mut sc = fixture(&cs, &comps);
    let mut zone = 0;
    for c in sc.customers_mut() {
        zone += 1;
        c.zone = Zone::ALL[zone % 3];
        c.night_shop = zone % 9 == 0;
    }
    let base = generate(Preset::County, 1).expect("preset").departments;
    sc.departments = base.into_iter().cycle().take(depts).collect();
    for (i, mg) in sc.managers.iter_mut().enumerate() {
        mg.department = i % depts;
    }
    sc
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]
    #[test]
    fn every_model_passes_the_checker_on_random_scenarios(
        n in 0usize..700,
        m in 1usize..40,
        skew in 0u8..4,
        depts in 1usize..4,
        seed in any::<u64>(),
    ) {
        let sc = random_scenario(n, m, skew, depts, seed);
        let work = generalist(&sc);
        for model in models::all() {
            match model.assign(&sc, &work) {
                Ok(a) => { check(&sc, &work, &a).map_err(|e| TestCaseError::fail(e.to_string()))?; }
                Err(CoreError::NoCustomers) => prop_assert_eq!(n, 0),
                Err(e) => return Err(TestCaseError::fail(format!("{}: {e}", model.id().id()))),
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]
    /// The review's group sizes (no ranking) are the tally of the groups themselves, whatever
    /// the shares, the night rule and the list.
    #[test]
    fn value_group_counts_are_the_tally_of_the_groups(
        n in 0usize..400,
        high in 0.0f64..1.2,
        core in -0.1f64..1.1,
        night_group in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let mut sc = random_scenario(n, 1, 0, 1, seed);
        for (i, c) in sc.customers_mut().iter_mut().enumerate() {
            // Ties in value: the ranking's order must not matter to the sizes.
            c.value.loyalty = ((i as u64 ^ seed) % 7) as f64 * 10.0;
        }
        sc.settings.value.high_value_share = high;
        sc.settings.value.core_share = core;
        sc.settings.value.night_group = night_group;
        let g = groups(&sc);
        let tally = ValueGroup::ALL.map(|x| g.iter().filter(|&&y| y == x).count());
        prop_assert_eq!(counts(&sc), tally);
    }
}

#[test]
fn regression_format_with_every_shop_far_from_its_class_still_serves_them() {
    // Found by the property test: two shops 30 km apart and one manager left both shops
    // "territorial" with no territory to join.
    let sc = fixture(&[(0.0, 0.0, 3), (30.0, 0.0, 3)], &[70.0]);
    let (_, a) = assign(&sc, "format");
    assert_eq!(a.staff.len(), 1);
    assert_eq!(a.main_staff(0), a.main_staff(1));
}

#[test]
fn large_random_scenario_with_five_thousand_customers_and_a_hundred_managers() {
    let sc = random_scenario(5000, 100, 0, 3, 99);
    let work = generalist(&sc);
    for model in models::all() {
        let a = model.assign(&sc, &work).expect("assign");
        check(&sc, &work, &a).expect("checker");
    }
}

/// With few managers a department's share of a zone rounds down to nobody; every zone with
/// customers still gets staff of its own, so the model chosen for it is the one that runs.
#[test]
fn every_hybrid_zone_runs_its_own_model_even_with_few_managers() {
    use visit_sandbox::core::settings::ZoneModel;
    use visit_sandbox::core::staffing::with_headcount;
    let sc = generate(Preset::Rural, 42).expect("preset");
    let small = with_headcount(&sc, &generalist(&sc), 6);
    let work = generalist(&small);
    let hybrid = models::by_id("hybrid").expect("hybrid");
    let a = hybrid.assign(&small, &work).expect("assigns");
    check(&small, &work, &a).expect("valid");
    for z in Zone::ALL {
        if small.customers.iter().any(|c| c.zone == z) {
            let tag = format!("zone:{}/", format!("{z:?}").to_lowercase());
            assert!(
                a.staff.iter().any(|s| s.group.starts_with(&tag)),
                "no staff for {z:?}: {:?}",
                a.staff.iter().map(|s| &s.group).collect::<Vec<_>>()
            );
        }
    }
    let mut other = small.clone();
    // Format, not region: with six managers the rural specialists' small posts merge into the
    // service post, which then draws the same territories as region would.
    other.settings.hybrid.rural = if small.settings.hybrid.rural == ZoneModel::Format {
        ZoneModel::Specialised
    } else {
        ZoneModel::Format
    };
    let b = hybrid.assign(&other, &work).expect("assigns");
    assert_ne!(
        a.responsible, b.responsible,
        "the rural zone's model made no difference"
    );
}

/// Like for like: the format and value models draw their segments per department, as region
/// and specialised do, so every customer is served from the department region serves it from;
/// company-wide segments remain a setting.
#[test]
fn format_and_value_segments_are_drawn_per_department() {
    use visit_sandbox::core::settings::SegmentScope;
    let sc = generate(Preset::County, 42).expect("preset");
    assert_eq!(sc.settings.segments, SegmentScope::Department);
    let work = generalist(&sc);
    let dept_of = |a: &visit_sandbox::core::assignment::Assignment, c: usize| {
        sc.managers[a.staff[a.main_staff(c)].manager].department
    };
    let region = models::by_id("region")
        .expect("region")
        .assign(&sc, &work)
        .expect("assign");
    for id in ["format", "value"] {
        let a = models::by_id(id)
            .expect("model")
            .assign(&sc, &work)
            .expect("assign");
        check(&sc, &work, &a).expect("valid");
        let across = (0..sc.customers.len())
            .filter(|&c| dept_of(&a, c) != dept_of(&region, c))
            .count();
        assert_eq!(across, 0, "{id}: customers served from another department");
        assert!(a.staff.iter().all(|s| s.group.starts_with("dept:")), "{id}");
    }
    let mut company = sc.clone();
    company.settings.segments = SegmentScope::Company;
    let a = models::by_id("format")
        .expect("format")
        .assign(&company, &work)
        .expect("assign");
    check(&company, &work, &a).expect("valid");
    assert!(a.staff.iter().all(|s| !s.group.starts_with("dept:")));
    let across = (0..sc.customers.len())
        .filter(|&c| dept_of(&a, c) != dept_of(&region, c))
        .count();
    assert!(across > 0, "company-wide classes cross departments");
}
