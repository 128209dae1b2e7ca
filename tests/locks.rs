//! Locks (`Customer::locked_to`): every model keeps a locked customer with its manager, the
//! checker verifies it, the comparison counts it; lock files are read with row/column errors and
//! a bad one changes nothing.

use std::rc::Rc;

use proptest::prelude::*;
use visit_sandbox::app::keep::{self, Link, Saved};
use visit_sandbox::app::protocol::{Reply, Request};
use visit_sandbox::app::reduce::reduce;
use visit_sandbox::app::scenario::{assemble, Files, Input, ScenarioError};
use visit_sandbox::app::session;
use visit_sandbox::app::state::{Msg, State};
use visit_sandbox::core::compare::{compare_with, Options};
use visit_sandbox::core::generate::{generate, Preset};
use visit_sandbox::core::io::{self, ImportErrorKind, Source};
use visit_sandbox::core::models::locks::{self, with_locks, Lock};
use visit_sandbox::core::models::{self, check, Assignment, CheckError};
use visit_sandbox::core::scenario::Scenario;
use visit_sandbox::core::settings::Function;
use visit_sandbox::core::workload::{generalist, Work};
use visit_sandbox::i18n::Lang;

fn run(sc: &Scenario, id: &str) -> (Vec<Work>, Assignment) {
    let work = generalist(sc);
    let m = models::by_id(id).expect("model exists");
    let a = m.assign(sc, &work).expect("assign");
    check(sc, &work, &a).expect("checker accepts the assignment");
    (work, a)
}

const MODELS: [&str; 5] = ["region", "format", "value", "specialised", "hybrid"];

/// A smaller rural county (re-staffed by the workload method), quick in every model.
fn small(n: usize, seed: u64) -> Scenario {
    assemble(&Input {
        preset: Some("rural"),
        seed: Some(seed),
        customers: Some(n),
        ..Input::default()
    })
    .expect("rural")
}

/// The staff member of manager `m` in `a`.
fn role(a: &Assignment, m: usize) -> Option<usize> {
    a.staff.iter().position(|s| s.manager == m)
}

/// Locks every `step`-th customer to a manager other than the one serving it in the region
/// model (the manager of the customer `shift` places further on), so a lock moves something.
fn moved_locks(sc: &Scenario, step: usize, shift: usize) -> Vec<Lock> {
    let (_, a) = run(sc, "region");
    let n = sc.customers.len();
    (0..n)
        .step_by(step)
        .map(|c| {
            let other = a.staff[a.main_staff((c + shift) % n)].manager;
            Lock {
                customer: sc.customers[c].id.clone(),
                manager: sc.managers[other].id.clone(),
            }
        })
        .collect()
}

#[test]
fn every_model_keeps_each_locked_customer_with_its_manager() {
    let sc = generate(Preset::Rural, 3).expect("rural");
    let locks = moved_locks(&sc, 23, sc.customers.len() / 2);
    let locked = with_locks(&sc, &locks);
    let ids = locks::manager_index(&locked);
    let (_, before) = run(&sc, "region");
    let moved = locks
        .iter()
        .filter(|l| {
            let c = sc
                .customers
                .iter()
                .position(|c| c.id == l.customer)
                .expect("c");
            sc.managers[before.staff[before.main_staff(c)].manager].id != l.manager
        })
        .count();
    assert!(moved > 10, "the locks move customers: {moved}");
    for id in MODELS {
        let (work, a) = run(&locked, id);
        let report = locks::report(&locked, &work, &a);
        assert_eq!(report.kept + report.unkept.len(), locks.len(), "{id}");
        assert!(report.kept > 0, "{id}: some locks are kept");
        for (c, cu) in locked.customers.iter().enumerate() {
            let Some(m) = cu.locked_to.as_deref() else {
                continue;
            };
            let m = ids[m];
            let Some(s) = role(&a, m) else {
                assert!(report.unkept.contains(&c), "{id}: no role, not kept");
                continue;
            };
            match a.staff[s].post {
                // A generalist keeps the whole customer.
                None => {
                    assert_eq!(a.main_staff(c), s, "{id}: customer {c}");
                    for (_, st) in a.duties(c) {
                        assert_eq!(st, s, "{id}: customer {c}");
                    }
                }
                // A post keeps its own function wherever it reaches the customer.
                Some(p) if work[c].reaches(p) => {
                    assert_eq!(a.responsible_for(c, p), Some(s), "{id}: customer {c}");
                }
                Some(_) => {}
            }
        }
        // The comparison says so, per model.
        let one = models::by_id(id).expect("model");
        let out = visit_sandbox::core::compare::run_model(
            &locked,
            &work,
            one.as_ref(),
            &Options::assignment_only(),
        )
        .expect("run");
        assert_eq!(out.plan.locks_kept, Some(report.kept), "{id}");
        assert_eq!(out.plan.locks_unkept, Some(report.unkept.len()), "{id}");
    }
}

#[test]
fn without_locks_every_model_plans_as_before() {
    let sc = small(300, 5);
    // Locks to people the scenario does not have are skipped at model time: same plans.
    let ghost: Vec<Lock> = sc
        .customers
        .iter()
        .step_by(7)
        .map(|c| Lock {
            customer: c.id.clone(),
            manager: "nobody".into(),
        })
        .collect();
    let ghosts = with_locks(&sc, &ghost);
    for id in MODELS {
        let (work, a) = run(&sc, id);
        let mut again = a.clone();
        let r = locks::keep(&sc, &work, &mut again);
        assert_eq!(again, a, "{id}: the pass leaves an unlocked plan as it is");
        assert_eq!(r, locks::LockReport::default());
        let (_, g) = run(&ghosts, id);
        assert_eq!(g, a, "{id}: locks nobody can keep change nothing");
        let rg = locks::report(&ghosts, &work, &g);
        assert_eq!((rg.kept, rg.unkept.len()), (0, ghost.len()), "{id}");
    }
    // No locks: the plan summary does not mention them.
    let cmp = compare_with(&sc, &Options::assignment_only()).expect("cmp");
    for m in &cmp.models {
        assert_eq!((m.plan.locks_kept, m.plan.locks_unkept), (None, None));
        let json = serde_json::to_value(&m.plan).expect("json");
        assert!(json.get("locks_kept").is_none());
    }
}

#[test]
fn locking_a_region_customer_to_its_own_manager_changes_nothing() {
    let sc = small(300, 8);
    let (_, a) = run(&sc, "region");
    let same: Vec<Lock> = (0..sc.customers.len())
        .step_by(3)
        .map(|c| Lock {
            customer: sc.customers[c].id.clone(),
            manager: sc.managers[a.staff[a.main_staff(c)].manager].id.clone(),
        })
        .collect();
    let (_, b) = run(&with_locks(&sc, &same), "region");
    assert_eq!(a, b);
}

#[test]
fn the_checker_refuses_a_plan_that_drops_a_lock() {
    let sc = small(200, 2);
    let locks = moved_locks(&sc, 5, 50);
    let locked = with_locks(&sc, &locks);
    let (work, a) = run(&locked, "region");
    // Undo one kept lock: give the customer back to someone else.
    let (c, m) = locked
        .customers
        .iter()
        .enumerate()
        .find_map(|(c, cu)| {
            let m = locks::manager_index(&locked)[cu.locked_to.as_deref()?];
            Some((c, m))
        })
        .expect("a lock");
    let s = role(&a, m).expect("region staffs everyone");
    let other = (s + 1) % a.staff.len();
    let mut bad = a.clone();
    bad.responsible[c][Function::Service.index()] = Some(other);
    let e = check(&locked, &work, &bad).expect_err("dropped lock");
    assert!(
        matches!(&e, CheckError::LockNotKept { customer, function: Function::Service, .. } if *customer == c),
        "{e:?}"
    );
    assert_eq!(e.key(), "error.check.lock_not_kept");
}

#[test]
fn locks_survive_the_scenario_file() {
    let sc = small(120, 4);
    let locked = with_locks(
        &sc,
        &[Lock {
            customer: sc.customers[3].id.clone(),
            manager: sc.managers[0].id.clone(),
        }],
    );
    let json = io::to_json(&locked, &io::DeriveRules::default()).expect("json");
    let back = io::from_json(json.as_bytes()).expect("loads").scenario;
    assert_eq!(back.customers[3].locked_to, Some(sc.managers[0].id.clone()));
    assert_eq!(locks::locks_of(&back).len(), 1);
    // An unlocked scenario writes no lock field (older files and readers are unaffected).
    let plain = io::to_json(&sc, &io::DeriveRules::default()).expect("json");
    assert!(!plain.contains("locked_to"));
}

// ---------------------------------------------------------------------------------------------
// Lock files

/// Where an import error is and why: (row, column, kind).
type Place = (Option<usize>, Option<String>, ImportErrorKind);

fn kinds(e: &io::ImportErrors) -> Vec<Place> {
    e.errors
        .iter()
        .map(|x| (x.row, x.column.clone(), x.kind.clone()))
        .collect()
}

#[test]
fn a_lock_file_locks_to_the_named_manager_or_todays() {
    let sc = small(200, 6);
    let (c0, c1, c2) = (
        &sc.customers[0].id,
        &sc.customers[1].id,
        &sc.customers[2].id,
    );
    let m = &sc.managers[1].id;
    let text = format!("customer_id,main_staff\n{c0},{m}\n{c1},\n");
    let out = io::import_locks(text.as_bytes(), &sc).expect("reads");
    assert_eq!(out.customers[0].locked_to.as_deref(), Some(m.as_str()));
    // Today's manager of a preset: the region model's main staff.
    let (_, a) = run(&sc, "region");
    let today = &sc.managers[a.staff[a.main_staff(1)].manager].id;
    assert_eq!(out.customers[1].locked_to.as_deref(), Some(today.as_str()));
    assert_eq!(out.customers[2].locked_to, None);
    // The list's current manager wins over the region model when it names one of ours.
    let other = (a.staff[a.main_staff(2)].manager + 1) % sc.managers.len();
    let mut named = sc.clone();
    named.customers_mut()[2].current_manager = Some(sc.managers[other].id.clone());
    let out = io::import_locks(format!("customer_id\n{c2}\n").as_bytes(), &named).expect("ok");
    assert_eq!(
        out.customers[2].locked_to,
        Some(sc.managers[other].id.clone())
    );
    // Chinese headers, GBK and a BOM.
    let zh = format!("客户编码,客户经理编码\n{c0},{m}\n");
    let (gbk, _, _) = encoding_rs::GBK.encode(&zh);
    let out = io::import_locks(&gbk, &sc).expect("gbk");
    assert_eq!(out.customers[0].locked_to.as_deref(), Some(m.as_str()));
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(zh.as_bytes());
    let out = io::import_locks(&bom, &sc).expect("bom");
    assert_eq!(out.customers[0].locked_to.as_deref(), Some(m.as_str()));
}

#[test]
fn a_bad_lock_file_names_row_column_and_reason() {
    let sc = small(200, 6);
    let c0 = &sc.customers[0].id;
    let m = &sc.managers[0].id;
    let cases: Vec<(String, Vec<Place>)> = vec![
        (
            format!("customer_id,main_staff\n{c0},{m}\nNOPE,{m}\n"),
            vec![(
                Some(3),
                Some("customer_id".into()),
                ImportErrorKind::UnknownCustomer,
            )],
        ),
        (
            format!("customer_id,main_staff\n{c0},ghost\n"),
            vec![(
                Some(2),
                Some("main_staff".into()),
                ImportErrorKind::UnknownManager,
            )],
        ),
        (
            format!("customer_id\n{c0}\n\n{c0}\n"),
            vec![(
                Some(4),
                Some("customer_id".into()),
                ImportErrorKind::DuplicateId { first_row: 2 },
            )],
        ),
        (
            format!("main_staff\n{m}\n"),
            vec![(
                Some(1),
                Some("客户编码".into()),
                ImportErrorKind::MissingColumn {
                    accepted: io::locks::LOCK_COLUMNS[0].aliases.join("/"),
                },
            )],
        ),
        (
            format!("customer_id,main_staff\n,{m}\n"),
            vec![(
                Some(2),
                Some("customer_id".into()),
                ImportErrorKind::EmptyValue,
            )],
        ),
        (
            "customer_id\n".into(),
            vec![(None, None, ImportErrorKind::NoRows)],
        ),
        ("".into(), vec![(None, None, ImportErrorKind::Empty)]),
    ];
    for (text, want) in cases {
        let e = io::import_locks(text.as_bytes(), &sc).expect_err(&text);
        assert_eq!(kinds(&e), want, "{text}");
        assert!(e.errors.iter().all(|x| x.source == Source::Locks));
    }
    // Every bad row at once, in order.
    let text = format!("customer_id,main_staff\nX1,{m}\n{c0},ghost\nX2,\n");
    let e = io::import_locks(text.as_bytes(), &sc).expect_err("three");
    let rows: Vec<Option<usize>> = e.errors.iter().map(|x| x.row).collect();
    assert_eq!(rows, [Some(2), Some(3), Some(4)]);
    assert!(e
        .to_string()
        .contains("lock file, row 3, column 'main_staff', value 'ghost'"));
}

#[test]
fn a_failed_lock_file_leaves_the_scenario_untouched() {
    let base = Input {
        preset: Some("rural"),
        customers: Some(150),
        ..Input::default()
    };
    let plain = assemble(&base).expect("plain");
    let c0 = plain.customers[0].id.clone();
    let good = format!("customer_id,main_staff\n{c0},{}\n", plain.managers[2].id);
    let with = |bytes: &[u8]| {
        assemble(&Input {
            files: Files {
                locks: Some(bytes),
                ..Files::default()
            },
            ..base.clone()
        })
    };
    let locked = with(good.as_bytes()).expect("good file");
    assert_eq!(
        locked.customers[0].locked_to,
        Some(plain.managers[2].id.clone())
    );
    let mut unlocked = locked.clone();
    unlocked.customers_mut()[0].locked_to = None;
    assert_eq!(unlocked, plain, "only the lock differs");
    // One good row and one bad: nothing is locked, the error names the bad one.
    let bad = format!("{good}{c0}x,{}\n", plain.managers[2].id);
    match with(bad.as_bytes()) {
        Err(ScenarioError::Import(e)) => {
            assert_eq!(e.errors.len(), 1);
            assert_eq!(e.errors[0].row, Some(3));
            assert_eq!(e.errors[0].kind, ImportErrorKind::UnknownCustomer);
        }
        other => panic!("expected an import error, got {other:?}"),
    }
    let e = io::import_locks(bad.as_bytes(), &plain).expect_err("bad");
    assert_eq!(e.errors.len(), 1);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Random lock sets (some to managers a model may not staff, some to nobody) never make a
    /// model fail, and each lock whose manager has a role doing something for the customer is
    /// kept, as the checker confirms.
    #[test]
    fn random_locks_never_panic_and_are_kept_where_they_can_be(
        picks in prop::collection::vec((0usize..80, 0usize..40), 0..30),
        headcount in prop::option::of(2usize..12),
    ) {
        let sc = assemble(&Input {
            preset: Some("rural"),
            seed: Some(11),
            customers: Some(80),
            headcount,
            ..Input::default()
        }).expect("small");
        let locks: Vec<Lock> = picks
            .iter()
            .map(|&(c, m)| Lock {
                customer: sc.customers[c % sc.customers.len()].id.clone(),
                manager: sc.managers.get(m).map_or_else(|| format!("gone{m}"), |x| x.id.clone()),
            })
            .collect();
        let locked = with_locks(&sc, &locks);
        let n_locked = locks::locks_of(&locked).len();
        for id in MODELS {
            let work = generalist(&locked);
            let a = models::by_id(id).expect("model").assign(&locked, &work).expect("assign");
            prop_assert!(check(&locked, &work, &a).is_ok(), "{}", id);
            let r = locks::report(&locked, &work, &a);
            prop_assert_eq!(r.kept + r.unkept.len(), n_locked);
            let ids = locks::manager_index(&locked);
            for &c in &r.unkept {
                // Not kept only when the manager has no role, or its post does nothing here.
                let m = locked.customers[c].locked_to.as_deref().and_then(|m| ids.get(m));
                if let Some(s) = m.and_then(|&m| role(&a, m)) {
                    prop_assert!(a.staff[s].post.is_some(), "{}: a generalist always keeps", id);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The page: lock messages, requests, autosave and link

/// The page with its first result in (the assignment of a small rural county), as the map
/// view's lock controls see it.
fn page() -> Rc<State> {
    let mut s = State::new(Lang::En);
    s.preset = Preset::Rural;
    s.customers = Some(120);
    let s = Rc::new(s);
    let req = s.wanted().expect("a request");
    let Reply::Done { id, outcome, .. } = session::run(&req, &mut |_| {}) else {
        panic!("computed");
    };
    reduce(
        s,
        Msg::Reply(Reply::Done {
            id,
            outcome,
            list: None,
        }),
    )
}

/// The outcome a state's request computes, with the locks it carries.
fn computed(req: &Request) -> Box<visit_sandbox::app::outcome::Outcome> {
    match session::run(req, &mut |_| {}) {
        Reply::Done { outcome, .. } => outcome,
        other => panic!("not done: {other:?}"),
    }
}

#[test]
fn the_page_locks_a_customer_a_book_and_a_department_and_clears_them() {
    let s = page();
    let o = s.outcome.clone().expect("result");
    let shown = &o.models[s.model];
    let manager_of = |c: usize| {
        o.scenario.managers[shown.staff[shown.owner[c]].manager]
            .id
            .clone()
    };
    let before = s.request;
    let saved = s.saved_version;
    // One customer: to the manager serving it in the model shown; a new run, kept.
    let one = reduce(s.clone(), Msg::LockCustomer(7));
    assert_eq!(one.locks.len(), 1);
    assert_eq!(
        one.locks.get(&o.scenario.customers[7].id),
        Some(&manager_of(7))
    );
    assert!(one.request > before && one.saved_version > saved);
    let req = one.wanted().expect("request");
    assert_eq!(req.locks.len(), 1);
    // Locking it again changes nothing (the same state).
    let again = reduce(one.clone(), Msg::LockCustomer(7));
    assert!(Rc::ptr_eq(&again, &one));
    // The request's scenario carries the lock; every model keeps it (generalists or posts).
    let out = computed(&req);
    assert_eq!(
        out.scenario.customers[7].locked_to.as_deref(),
        Some(manager_of(7).as_str())
    );
    // A manager's book: every customer that manager serves in the model shown.
    let m = shown.staff[shown.owner[30]].manager;
    let book = reduce(one.clone(), Msg::LockBook(m));
    let served = (0..o.scenario.customers.len())
        .filter(|&c| shown.staff[shown.owner[c]].manager == m)
        .count();
    let extra = usize::from(shown.staff[shown.owner[7]].manager != m);
    assert_eq!(book.locks.len(), served + extra);
    // A department: its customers, each to its own main staff's manager.
    let d = o.scenario.managers[m].department;
    let dept = reduce(s.clone(), Msg::LockDepartment(d));
    let in_dept = (0..o.scenario.customers.len())
        .filter(|&c| o.scenario.managers[shown.staff[shown.owner[c]].manager].department == d)
        .count();
    assert_eq!(dept.locks.len(), in_dept);
    for (c, cu) in o.scenario.customers.iter().enumerate() {
        if let Some(id) = dept.locks.get(&cu.id) {
            assert_eq!(*id, manager_of(c));
        }
    }
    // Unlock one, then clear all.
    let fewer = reduce(dept.clone(), Msg::UnlockCustomer(30));
    assert_eq!(fewer.locks.len(), in_dept - 1);
    let none = reduce(fewer, Msg::ClearLocks);
    assert!(none.locks.is_empty());
    assert!(none.wanted().expect("request").locks.is_empty());
    let still = reduce(none.clone(), Msg::ClearLocks);
    assert!(Rc::ptr_eq(&still, &none), "nothing to clear");
    // Another preset: the locks named the old scenario's customers.
    let other = reduce(
        one,
        Msg::SetPreset {
            preset: Preset::County,
        },
    );
    assert!(other.locks.is_empty());
}

#[test]
fn the_page_s_locks_survive_autosave_and_the_link_and_an_opened_file_brings_its_own() {
    let s = page();
    let locked = reduce(s, Msg::LockCustomer(3));
    let lock = locked.lock_list();
    assert_eq!(lock.len(), 1);
    let link = Link {
        locks: lock.clone(),
        customers: locked.customers,
        ..Link::new(locked.preset, locked.seed)
    };
    // Autosave.
    let text = keep::save(&Saved::from_link(&link)).expect("saves");
    let r = keep::restore(&text).expect("restores");
    assert_eq!(r.link.locks, lock);
    let back = State::restored(Lang::En, Some(r), None);
    assert_eq!(back.lock_list(), lock);
    // Link.
    let f = keep::to_fragment(&link);
    assert!(f.contains("&k="), "{f}");
    assert_eq!(keep::from_fragment(&f).expect("reads").locks, lock);
    let e = keep::from_fragment("p=rural&s=42&k=%5B1").expect_err("bad");
    assert_eq!(e.field(), Some(keep::Field::Locks));
    // An old envelope without locks restores with none.
    let plain = keep::save(&Saved::from_link(&Link::new(Preset::Rural, 42))).expect("saves");
    assert!(!plain.contains("locks"));
    assert!(keep::restore(&plain)
        .expect("restores")
        .link
        .locks
        .is_empty());
    // An opened scenario file with locks: the page takes them as its own.
    let o = locked.outcome.clone().expect("result");
    let file = with_locks(
        &o.scenario,
        &[Lock {
            customer: o.scenario.customers[5].id.clone(),
            manager: o.scenario.managers[0].id.clone(),
        }],
    );
    let opened = reduce(
        locked,
        Msg::Opened {
            scenario: Box::new(file),
            name: "s.json".into(),
            rules: Box::default(),
        },
    );
    assert_eq!(opened.locks.len(), 1);
    assert_eq!(
        opened.locks.get(&o.scenario.customers[5].id),
        Some(&o.scenario.managers[0].id)
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// `with_locks` leaves the scenario it is given as it was, gives every customer the lock
    /// asked for (or none), and copies the customers only when that changes one: unchanged,
    /// the result shares them (what lets a result of the page's own list leave them out).
    #[test]
    fn locks_are_set_on_a_copy_that_shares_the_customers_while_none_changes(
        every in 1usize..40,
        again in any::<bool>(),
    ) {
        let sc = small(200, 3);
        let wanted: Vec<Lock> = sc
            .customers
            .iter()
            .step_by(every)
            .zip(sc.managers.iter().cycle())
            .map(|(c, m)| Lock { customer: c.id.clone(), manager: m.id.clone() })
            .collect();
        let locked = with_locks(&sc, &wanted);
        prop_assert!(sc.customers.iter().all(|c| c.locked_to.is_none()), "the original is untouched");
        prop_assert!(!std::sync::Arc::ptr_eq(&locked.customers, &sc.customers));
        for (k, c) in locked.customers.iter().enumerate() {
            let want = (k % every == 0).then(|| &wanted[k / every].manager);
            prop_assert_eq!(c.locked_to.as_ref(), want);
        }
        // The same locks again, or none on an unlocked list: nothing changes, nothing is copied.
        let (from, locks) = if again { (&locked, &wanted[..]) } else { (&sc, &[][..]) };
        let same = with_locks(from, locks);
        prop_assert!(std::sync::Arc::ptr_eq(&same.customers, &from.customers));
        prop_assert_eq!(&same, from);
    }
}
