//! Departments of a customer list imported without managers (`core::departments`): from the
//! list's department column, else compact clusters of a department's usual size; the same on
//! the command line's path and the page's.

use proptest::prelude::*;
use visit_sandbox::app::protocol::{ImportRequest, Reply};
use visit_sandbox::app::scenario::{assemble, Files, Input};
use visit_sandbox::app::session;
use visit_sandbox::core::calendar_check;
use visit_sandbox::core::compare::{compare_with, Options};
use visit_sandbox::core::departments::derive_departments;
use visit_sandbox::core::geo::Point;
use visit_sandbox::core::io::{self, DeriveRules};
use visit_sandbox::core::rng::{normal, rng, Stream};
use visit_sandbox::core::scenario::{DepartmentsRule, Scenario};
use visit_sandbox::core::workload;

const HEAD: &str = "客户编码,客户名称,x坐标,y坐标,业态,月销量,档位";

/// A list of `(x, y, department cell)` rows; the department column only when `column` names
/// its header.
fn list(rows: &[(f64, f64, &str)], column: Option<&str>) -> Vec<u8> {
    let formats = ["食杂店", "便利店", "超市", "烟酒店", "娱乐服务"];
    let mut out = String::from(HEAD);
    if let Some(h) = column {
        out.push(',');
        out.push_str(h);
    }
    out.push('\n');
    for (i, (x, y, d)) in rows.iter().enumerate() {
        let grade = 3 + (i * 7) % 25;
        out.push_str(&format!(
            "C{i:05},店{i},{x},{y},{},{},{grade}",
            formats[i % formats.len()],
            2.0 + grade as f64 * 1.5
        ));
        if column.is_some() {
            out.push(',');
            out.push_str(d);
        }
        out.push('\n');
    }
    out.into_bytes()
}

/// `n` shops around `centre`, σ km apart (seeded).
fn town(centre: Point, sigma: f64, n: usize, seed: u64) -> Vec<(f64, f64)> {
    let mut r = rng(seed, Stream::Customers, 0);
    (0..n)
        .map(|_| {
            (
                centre.x + sigma * normal(&mut r),
                centre.y + sigma * normal(&mut r),
            )
        })
        .collect()
}

fn import(bytes: &[u8], rules: &DeriveRules) -> Scenario {
    io::import_scenario(Scenario::empty(42), rules, Some(bytes), None).expect("imports")
}

/// Every customer fixed to a department that exists, and every department has a customer.
fn well_formed(sc: &Scenario) -> Result<(), String> {
    let mut count = vec![0usize; sc.departments.len()];
    for c in sc.customers.iter() {
        let d = c.department.ok_or(format!("{} has no department", c.id))?;
        *count
            .get_mut(d)
            .ok_or(format!("{}: department {d} missing", c.id))? += 1;
    }
    if let Some(d) = count.iter().position(|&n| n == 0) {
        return Err(format!("department {d} has no customer"));
    }
    Ok(())
}

#[test]
fn a_department_column_makes_the_departments() {
    // Three districts far apart, named in the list's 区县 column; two cells left blank, each
    // amid one district's shops.
    let centres = [
        (Point::new(0.0, 0.0), "东区"),
        (Point::new(40.0, 0.0), "西区"),
        (Point::new(20.0, 35.0), "北区"),
    ];
    let mut rows: Vec<(f64, f64, &str)> = Vec::new();
    for (k, &(c, name)) in centres.iter().enumerate() {
        for (x, y) in town(c, 2.0, 40, k as u64) {
            rows.push((x, y, name));
        }
    }
    rows[5].2 = "";
    rows[85].2 = "";
    let sc = import(&list(&rows, Some("区县")), &DeriveRules::default());
    let names: Vec<&str> = sc.departments.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(
        names,
        vec!["东区", "西区", "北区"],
        "in order of first mention"
    );
    assert_eq!(
        sc.departments_rule,
        Some(DepartmentsRule::Column {
            header: "区县".to_string()
        })
    );
    well_formed(&sc).expect("well formed");
    for (i, c) in sc.customers.iter().enumerate() {
        assert_eq!(
            c.department,
            Some(i / 40),
            "{} is in its named district (a blank cell in its neighbours')",
            c.id
        );
    }
    for (d, dep) in sc.departments.iter().enumerate() {
        assert!(dep.office_derived);
        assert!(
            sc.customers
                .iter()
                .any(|c| c.department == Some(d) && c.pos == dep.office),
            "{}'s office is at one of its own shops",
            dep.name
        );
    }
}

#[test]
fn the_column_can_be_ignored_and_other_headers_are_accepted() {
    let mut rows: Vec<(f64, f64, &str)> = Vec::new();
    for (x, y) in town(Point::new(0.0, 0.0), 1.0, 30, 1) {
        rows.push((x, y, "甲营销部"));
    }
    for (x, y) in town(Point::new(30.0, 0.0), 1.0, 30, 2) {
        rows.push((x, y, "乙营销部"));
    }
    for header in [
        "部门",
        "所属部门",
        "营销部",
        "区域营销部",
        "客户服务部",
        "所属区县",
        "片区",
    ] {
        let sc = import(&list(&rows, Some(header)), &DeriveRules::default());
        assert_eq!(sc.departments.len(), 2, "{header}");
        assert_eq!(sc.departments[1].name, "乙营销部", "{header}");
    }
    let ignore = DeriveRules {
        departments_from_column: false,
        ..DeriveRules::default()
    };
    let sc = import(&list(&rows, Some("部门")), &ignore);
    assert!(matches!(
        sc.departments_rule,
        Some(DepartmentsRule::Geography { .. })
    ));
    assert_eq!(
        sc.departments.len(),
        1,
        "60 shops: a small list, one department"
    );
}

/// Two towns 60 km apart, 1,500 shops each.
fn two_towns() -> (Vec<u8>, [Point; 2]) {
    let towns = [Point::new(0.0, 0.0), Point::new(60.0, 10.0)];
    let mut rows: Vec<(f64, f64, &str)> = Vec::new();
    for (k, &c) in towns.iter().enumerate() {
        for (x, y) in town(c, 2.5, 1_500, 10 + k as u64) {
            rows.push((x, y, ""));
        }
    }
    (list(&rows, None), towns)
}

#[test]
fn a_bare_list_over_two_towns_gets_departments_in_each() {
    let (bytes, towns) = two_towns();
    let sc = import(&bytes, &DeriveRules::default());
    well_formed(&sc).expect("well formed");
    assert!(
        sc.departments.len() >= 2,
        "{} departments",
        sc.departments.len()
    );
    for t in towns {
        let nearest = sc
            .departments
            .iter()
            .map(|d| d.office.dist(t))
            .fold(f64::INFINITY, f64::min);
        assert!(nearest < 6.0, "an office within 6 km of {t:?}: {nearest}");
    }
    // A department stays in its town: none has shops in both.
    for d in 0..sc.departments.len() {
        let xs: Vec<f64> = sc
            .customers
            .iter()
            .filter(|c| c.department == Some(d))
            .map(|c| c.pos.x)
            .collect();
        let west = xs.iter().any(|&x| x < 30.0);
        let east = xs.iter().any(|&x| x >= 30.0);
        assert!(!(west && east), "department {d} spans both towns");
    }
}

#[test]
fn the_usual_size_sets_the_number_of_departments() {
    let (bytes, _) = two_towns();
    let at = |m: usize| {
        let rules = DeriveRules {
            department_managers: m,
            ..DeriveRules::default()
        };
        import(&bytes, &rules)
    };
    let six = at(6);
    let three = at(3);
    let Some(DepartmentsRule::Geography {
        managers,
        headcount,
    }) = six.departments_rule.clone()
    else {
        panic!("geography: {:?}", six.departments_rule);
    };
    assert_eq!(managers, 6);
    assert_eq!(six.departments.len(), headcount.div_ceil(6));
    // The headcount the count came from is the workload method's with these offices.
    let work = workload::generalist(&six);
    assert_eq!(workload::headcount(&six, &work), headcount);
    assert!(
        three.departments.len() > six.departments.len(),
        "{} departments of 3 vs {} of 6",
        three.departments.len(),
        six.departments.len()
    );
    // Derived again with other rules, on the scenario itself.
    let mut again = six.clone();
    let done = derive_departments(
        &mut again,
        &DeriveRules {
            department_managers: 3,
            ..DeriveRules::default()
        },
    );
    assert_eq!(done.count, three.departments.len());
    assert_eq!(again.departments, three.departments);
    assert_eq!(done.customers.iter().sum::<usize>(), again.customers.len());
}

#[test]
fn derivation_is_deterministic() {
    let (bytes, _) = two_towns();
    let a = import(&bytes, &DeriveRules::default());
    let b = import(&bytes, &DeriveRules::default());
    assert_eq!(a, b);
    // Deriving again on the derived scenario changes nothing.
    let mut c = a.clone();
    derive_departments(&mut c, &DeriveRules::default());
    assert_eq!(a, c);
}

#[test]
fn a_small_list_gets_one_department() {
    let rows: Vec<(f64, f64, &str)> = town(Point::new(5.0, 5.0), 3.0, 50, 3)
        .into_iter()
        .map(|(x, y)| (x, y, ""))
        .collect();
    let sc = import(&list(&rows, None), &DeriveRules::default());
    assert_eq!(sc.departments.len(), 1);
    well_formed(&sc).expect("well formed");
    let staffed = assemble(&Input {
        opened: Some(&sc),
        ..Default::default()
    })
    .expect("assembles");
    assert!(staffed.managers.len() < 6);
}

#[test]
fn the_command_line_and_the_page_get_the_same_departments() {
    let (bytes, _) = two_towns();
    let cli = assemble(&Input {
        seed: Some(42),
        files: Files {
            customers: Some(&bytes),
            ..Default::default()
        },
        ..Default::default()
    })
    .expect("the command line's path");
    let Reply::Imported { scenario, .. } = session::import(&ImportRequest {
        id: 1,
        seed: 42,
        customers: bytes.clone(),
        managers: None,
    }) else {
        panic!("imports");
    };
    assert!(
        scenario.managers.is_empty(),
        "the page's import is unstaffed"
    );
    assert!(
        scenario.departments.len() >= 2,
        "departments before any run"
    );
    let page = assemble(&Input {
        opened: Some(&scenario),
        ..Default::default()
    })
    .expect("the page's path");
    assert_eq!(cli.departments, page.departments);
    assert_eq!(cli.customers, page.customers);
    assert_eq!(cli.managers, page.managers);
    // Every department is staffed.
    for d in 0..cli.departments.len() {
        assert!(cli.managers.iter().any(|m| m.department == d), "{d}");
    }
}

#[test]
fn a_list_cut_down_gets_its_departments_again() {
    let (bytes, _) = two_towns();
    let sc = import(&bytes, &DeriveRules::default());
    let cut = assemble(&Input {
        opened: Some(&sc),
        customers: Some(300),
        ..Default::default()
    })
    .expect("assembles");
    assert_eq!(cut.customers.len(), 300);
    well_formed(&cut).expect("well formed");
    assert!(cut.departments.len() < sc.departments.len());
}

#[test]
fn presets_and_manager_lists_keep_their_departments() {
    // A manager list brings its own departments: nothing is derived.
    let sc = io::import_scenario(
        Scenario::empty(1),
        &DeriveRules::default(),
        Some(&list(&[(0.0, 0.0, ""), (1.0, 1.0, "")], None)),
        Some("工号,姓名,部门\nM1,张三,一部\n".as_bytes()),
    )
    .expect("imports");
    assert_eq!(sc.departments_rule, None);
    assert!(sc.customers.iter().all(|c| c.department.is_none()));
}

#[test]
fn every_model_plans_a_derived_scenario_and_passes_the_checks() {
    let mut rows: Vec<(f64, f64, &str)> = Vec::new();
    for (k, c) in [Point::new(0.0, 0.0), Point::new(40.0, 5.0)]
        .into_iter()
        .enumerate()
    {
        for (x, y) in town(c, 2.0, 250, 20 + k as u64) {
            rows.push((x, y, ""));
        }
    }
    let rules = DeriveRules {
        department_managers: 1,
        ..DeriveRules::default()
    };
    let sc = import(&list(&rows, None), &rules);
    assert!(sc.departments.len() >= 2);
    let staffed = assemble(&Input {
        opened: Some(&sc),
        weeks: Some(1),
        ..Default::default()
    })
    .expect("assembles");
    let opt = Options {
        headcount_search: false,
        ..Options::default()
    };
    // compare_with validates every plan (models::check); the calendars are checked here.
    let cmp = compare_with(&staffed, &opt).expect("every model runs");
    assert_eq!(cmp.models.len(), 5);
    let work = workload::generalist(&staffed);
    for m in &cmp.models {
        let cal = m.calendar.as_ref().expect("a calendar");
        if let Err(vs) = calendar_check::check(&staffed, &work, &m.assignment, cal, &m.metrics) {
            let shown: Vec<String> = vs.iter().take(5).map(ToString::to_string).collect();
            panic!("{:?}: {}", m.model, shown.join("\n"));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn every_customer_gets_a_department_and_every_department_a_customer(
        pts in prop::collection::vec((0.0f64..80.0, 0.0f64..80.0, 0usize..5), 1..400),
        column in any::<bool>(),
        size in 1usize..9,
    ) {
        // Names: 0 is a blank cell.
        let names = ["", "一部", "二部", "三部", "四部"];
        let rows: Vec<(f64, f64, &str)> = pts.iter().map(|&(x, y, d)| (x, y, names[d])).collect();
        let rules = DeriveRules { department_managers: size, ..DeriveRules::default() };
        let sc = import(&list(&rows, column.then_some("部门")), &rules);
        prop_assert!(well_formed(&sc).is_ok(), "{:?}", well_formed(&sc));
        prop_assert!(!sc.departments.is_empty());
        if column && pts.iter().any(|p| p.2 > 0) {
            let named = pts.iter().filter(|p| p.2 > 0).map(|p| p.2).collect::<std::collections::BTreeSet<_>>();
            prop_assert_eq!(sc.departments.len(), named.len());
        }
    }
}

#[test]
fn the_import_review_resizes_departments_through_the_worker_s_assembler() {
    use std::rc::Rc;
    use visit_sandbox::app::reduce::reduce;
    use visit_sandbox::app::state::{Msg, State};
    use visit_sandbox::i18n::Lang;
    let (bytes, _) = two_towns();
    let six = import(&bytes, &DeriveRules::default());
    let three = import(
        &bytes,
        &DeriveRules {
            department_managers: 3,
            ..DeriveRules::default()
        },
    );
    let s = reduce(
        Rc::new(State::new(Lang::ZhCn)),
        Msg::Opened {
            scenario: Box::new(six.clone()),
            name: "towns.csv".into(),
            rules: Box::default(),
        },
    );
    let s = reduce(
        s,
        Msg::SetRule {
            id: "department_managers".into(),
            text: "3".into(),
        },
    );
    // The worker derives the list again.
    let req = s.rederive_request().expect("a derivation");
    let s = reduce(s, Msg::Reply(visit_sandbox::app::session::rederive(&req)));
    assert_eq!(s.base_rules.department_managers, 3);
    let base = s.base.as_deref().expect("base");
    // The page asks for the cut; the assembler (in the worker) makes it.
    assert!(base.departments.is_empty());
    let sc = assemble(&Input {
        opened: Some(base),
        ..Input::default()
    })
    .expect("assembles");
    assert_eq!(sc.departments.len(), three.departments.len());
    assert!(sc.departments.len() > six.departments.len());
    assert!(sc.customers.iter().all(|c| c.department.is_some()));
}
