//! Property tests of the visit calendar: on random small scenarios, under random visit modes and
//! horizons, every model's calendar and its metrics pass the independent checker
//! (`core::calendar_check`), and nothing panics.

use proptest::prelude::*;
use proptest::test_runner::RngSeed;

use visit_sandbox::core::calendar::{self, Calendar, CalendarParams, Reason};
use visit_sandbox::core::calendar_check::{self, CheckSummary, Kind, Violation};
use visit_sandbox::core::generate::{generate, Preset};
use visit_sandbox::core::metrics::{self, Metrics};
use visit_sandbox::core::models::{self, Assignment};
use visit_sandbox::core::scenario::Scenario;
use visit_sandbox::core::workload::{generalist, Work};

const MODELS: [&str; 5] = ["region", "format", "value", "specialised", "hybrid"];

/// A small random district: the first `customers` shops of a preset and `managers` managers
/// spread over its first `depts` departments (so every department index is valid and every
/// department has staff), under the given visit modes and horizon.
#[derive(Debug, Clone)]
struct Case {
    preset: usize,
    seed: u64,
    customers: usize,
    managers: usize,
    depts: usize,
    staggering: bool,
    team_visits: bool,
    flexible_hours: bool,
    deep_visits: bool,
    weeks: u32,
    /// Disturbances of this replication, or none.
    replication: Option<u64>,
}

fn scenario(k: &Case) -> Scenario {
    let preset = [Preset::Urban, Preset::County, Preset::Rural][k.preset % 3];
    let mut sc = generate(preset, k.seed).expect("preset");
    sc.customers_mut().truncate(k.customers);
    sc.managers.truncate(k.managers);
    let depts = k.depts.clamp(1, sc.departments.len().max(1));
    sc.departments.truncate(depts);
    for (i, m) in sc.managers.iter_mut().enumerate() {
        m.department = i % depts;
    }
    let modes = &mut sc.settings.modes;
    modes.staggering = k.staggering;
    modes.team_visits = k.team_visits;
    modes.flexible_hours = k.flexible_hours;
    modes.deep_visits = k.deep_visits;
    sc.settings.weeks = k.weeks;
    // Odd replications have absent staff covered by a colleague, with absences frequent
    // enough that covering happens in most cases.
    if k.replication.is_some_and(|r| r % 2 == 1) {
        sc.settings.disturbances.cover_absent = true;
        sc.settings.disturbances.absence_rate = 0.15;
    }
    sc
}

/// One model's plan of a scenario, its calendar, the metrics reported for it and the checker's
/// verdict.
struct Planned {
    work: Vec<Work>,
    a: Assignment,
    cal: Calendar,
    m: Metrics,
    verdict: Result<CheckSummary, Vec<Violation>>,
}

/// Plans `model` on `sc` and checks its calendar: `None` when the model cannot staff the
/// scenario (an error is an answer, not a failure).
fn plan(sc: &Scenario, model: &str) -> Option<Planned> {
    plan_with(sc, model, None)
}

/// `plan`, living the calendar under replication `replication`'s disturbances.
fn plan_with(sc: &Scenario, model: &str, replication: Option<u64>) -> Option<Planned> {
    let work = generalist(sc);
    let a = models::by_id(model)
        .expect("model")
        .assign(sc, &work)
        .ok()?;
    let params = CalendarParams {
        replication,
        ..CalendarParams::default()
    };
    let cal = calendar::build(sc, &work, &a, &params);
    let mut m = metrics::from_assignment(sc, &work, &a);
    calendar::metrics(sc, &work, &a, &cal, &mut m);
    let verdict = calendar_check::check(sc, &work, &a, &cal, &m);
    Some(Planned {
        work,
        a,
        cal,
        m,
        verdict,
    })
}

fn case() -> impl Strategy<Value = Case> {
    (
        0usize..3,
        any::<u64>(),
        60usize..=250,
        2usize..=6,
        1usize..=3,
        any::<[bool; 4]>(),
        2u32..=6,
        proptest::option::of(0u64..1000),
    )
        .prop_map(
            |(preset, seed, customers, managers, depts, modes, weeks, replication)| Case {
                preset,
                seed,
                customers,
                managers,
                depts,
                staggering: modes[0],
                team_visits: modes[1],
                flexible_hours: modes[2],
                deep_visits: modes[3],
                weeks,
                replication,
            },
        )
}

/// Few cases (a debug build plans five calendars per case) from a fixed seed, so every run
/// checks the same scenarios; `PROPTEST_CASES` and `PROPTEST_RNG_SEED` explore further.
fn config() -> ProptestConfig {
    let mut c = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        c.cases = 16;
    }
    if c.rng_seed == RngSeed::Random {
        c.rng_seed = RngSeed::Fixed(20_240_601);
    }
    c.failure_persistence = None;
    c
}

fn show(vs: &[Violation]) -> String {
    let mut s = format!("{} violations", vs.len());
    for v in vs.iter().take(6) {
        s.push_str("\n  ");
        s.push_str(&v.to_string());
    }
    s
}

proptest! {
    #![proptest_config(config())]

    /// Every model's calendar on every case passes the checker.
    #[test]
    fn every_models_calendar_passes_the_checker(k in case()) {
        let sc = scenario(&k);
        for model in MODELS {
            let Some(p) = plan_with(&sc, model, k.replication) else {
                continue;
            };
            if let Err(vs) = &p.verdict {
                prop_assert!(false, "{model} on {k:?}: {}", show(vs));
            }
            // Joint visits: each planned one is made, missed for capacity, or not held
            // because its host did not come; never more.
            let made = p.cal.teams.iter().filter(|t| t.market_manager.is_some()).count();
            prop_assert!(made + p.cal.market_manager_missed.len() <= p.cal.joint_visits_planned);
            prop_assert!(p.cal.market_manager_missed.iter().all(|x| x.reason == Reason::Capacity));
        }
    }
}

/// One planned calendar to corrupt (specialised, team visits on: every kind of record present).
fn corruptible() -> &'static (Scenario, Planned) {
    static P: std::sync::OnceLock<(Scenario, Planned)> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        let sc = smallest(4);
        let p = plan(&sc, "specialised").expect("plan");
        (sc, p)
    })
}

/// Applies edit `(what, at, n, x)` to a calendar, its metrics or its assignment: an index, a
/// day, a time or a figure set to an arbitrary value.
fn corrupt(p: &mut Planned, (what, at, n, x): (u8, usize, usize, f64)) {
    let cal = &mut p.cal;
    let (nv, nr, nt, nm) = (
        cal.visits.len().max(1),
        cal.routes.len().max(1),
        cal.teams.len().max(1),
        cal.missed.len().max(1),
    );
    let nmm = cal.market_managers.len().max(1);
    match what % 19 {
        0 => cal
            .visits
            .get_mut(at % nv)
            .into_iter()
            .for_each(|v| v.staff = n),
        1 => cal
            .visits
            .get_mut(at % nv)
            .into_iter()
            .for_each(|v| v.customer = n),
        2 => cal
            .visits
            .get_mut(at % nv)
            .into_iter()
            .for_each(|v| v.day = n as u32),
        3 => cal
            .visits
            .get_mut(at % nv)
            .into_iter()
            .for_each(|v| v.start = x),
        4 => cal
            .visits
            .get_mut(at % nv)
            .into_iter()
            .for_each(|v| v.team = Some(n as u32)),
        5 => cal
            .routes
            .get_mut(at % nr)
            .into_iter()
            .for_each(|r| r.visits.push(n)),
        6 => cal
            .routes
            .get_mut(at % nr)
            .into_iter()
            .for_each(|r| r.staff = n),
        7 => cal
            .routes
            .get_mut(at % nr)
            .into_iter()
            .for_each(|r| r.back = x),
        8 => cal
            .teams
            .get_mut(at % nt)
            .into_iter()
            .for_each(|t| t.members.push(n)),
        9 => cal
            .teams
            .get_mut(at % nt)
            .into_iter()
            .for_each(|t| t.customer = n),
        10 => cal
            .missed
            .get_mut(at % nm)
            .into_iter()
            .for_each(|m| m.customer = n),
        11 => cal
            .missed
            .get_mut(at % nm)
            .into_iter()
            .for_each(|m| m.from_day = n as u32),
        12 => {
            cal.weeks = n as u32;
            cal.days_per_week = at as u32;
        }
        13 => p.m.coverage_rate = Some(x),
        14 => {
            let rows = p.a.responsible.len().max(1);
            if let Some(row) = p.a.responsible.get_mut(at % rows) {
                row[n % 4] = (n % 2 == 0).then_some(n);
            }
        }
        15 => cal
            .market_managers
            .get_mut(at % nmm)
            .into_iter()
            .for_each(|r| r.department = n),
        16 => cal
            .market_managers
            .get_mut(at % nmm)
            .into_iter()
            .flat_map(|r| r.stops.first_mut())
            .for_each(|x| x.customer = n),
        17 => cal
            .market_managers
            .get_mut(at % nmm)
            .into_iter()
            .flat_map(|r| r.stops.last_mut())
            .for_each(|stop| {
                stop.team = n as u32;
                stop.end = x;
            }),
        _ => p.a.staff.iter_mut().take(1).for_each(|s| s.manager = n),
    }
}

fn value() -> impl Strategy<Value = (u8, usize, usize, f64)> {
    let n = prop_oneof![0usize..8, any::<usize>()];
    let x = prop_oneof![
        -1e4f64..3e3,
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY)
    ];
    (any::<u8>(), any::<usize>(), n, x)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..config() })]

    /// The checker is total: corrupted calendars, metrics and assignments give violations,
    /// never a panic.
    #[test]
    fn the_checker_never_panics_on_corrupted_input(
        edits in prop::collection::vec(value(), 1..6),
    ) {
        let (sc, base) = corruptible();
        let mut p = Planned {
            work: base.work.clone(),
            a: base.a.clone(),
            cal: base.cal.clone(),
            m: base.m.clone(),
            verdict: base.verdict.clone(),
        };
        for e in edits {
            corrupt(&mut p, e);
        }
        let _ = calendar_check::check(sc, &p.work, &p.a, &p.cal, &p.m);
    }
}

// ---------------------------------------------------------------------------------------------
// Bugs the property found, each on the smallest case a search found (customers 60..250 by 10, then
// managers 2..6, seeds 1..4 (1..6 for staggering), every preset; team visits on and weeks 4 for
// the team issues, staggering on, team visits off and weeks 2..6 for staggering).

/// County, seed 1, the first 60 shops, managers in one department, team visits on, staggering
/// and deep visits off, flexible hours on, 4 weeks (the team-visit issues).
fn smallest(managers: usize) -> Scenario {
    scenario(&Case {
        preset: 1,
        seed: 1,
        customers: 60,
        managers,
        depts: 1,
        staggering: false,
        team_visits: true,
        flexible_hours: true,
        deep_visits: false,
        weeks: 4,
        replication: None,
    })
}

fn kinds_of(sc: &Scenario, model: &str) -> Vec<Violation> {
    match plan(sc, model).expect("plan").verdict {
        Ok(_) => Vec::new(),
        Err(vs) => vs,
    }
}

#[test]
fn regression_a_team_visit_takes_its_best_members_tier() {
    let vs = kinds_of(&smallest(2), "specialised");
    let bad: Vec<_> = vs
        .into_iter()
        .filter(|v| v.kind == Kind::Metric("skill_inversion_rate"))
        .collect();
    assert!(bad.is_empty(), "{}", show(&bad));
}

#[test]
fn regression_team_members_are_at_the_shop_together() {
    let vs = kinds_of(&smallest(2), "specialised");
    let bad: Vec<_> = vs
        .into_iter()
        .filter(|v| v.kind == Kind::TeamApart)
        .collect();
    assert!(bad.is_empty(), "{}", show(&bad));
}

#[test]
fn regression_a_planned_team_day_joins_every_visit_that_day() {
    let vs = kinds_of(&smallest(4), "specialised");
    let bad: Vec<_> = vs
        .into_iter()
        .filter(|v| matches!(v.kind, Kind::NotJoined | Kind::ConflictCount))
        .collect();
    assert!(bad.is_empty(), "{}", show(&bad));
}

#[test]
fn regression_staggering_keeps_staff_apart_when_it_can() {
    // County, seed 2, 60 shops, 4 specialists, 2 weeks: the service post visits customer 3 (乙,
    // weekly service) on days 2 and 6 — weekdays 2 and 1, which no allowed pattern ("weekday d
    // every k weeks") holds — and the research post visits it on day 2 too: day 6 was a retry
    // of a visit dropped the day before, sent without looking at the other staff's days.
    let sc = scenario(&Case {
        preset: 1,
        seed: 2,
        customers: 60,
        managers: 4,
        depts: 1,
        staggering: true,
        team_visits: false,
        flexible_hours: false,
        deep_visits: false,
        weeks: 2,
        replication: None,
    });
    let vs = kinds_of(&sc, "specialised");
    let bad: Vec<_> = vs
        .into_iter()
        .filter(|v| v.kind == Kind::NotStaggered)
        .collect();
    assert!(bad.is_empty(), "{}", show(&bad));
}

#[test]
fn regression_a_dissolved_team_leaves_no_empty_visit() {
    // As `smallest(2)` with flexible hours off: on day 6 the brand specialist comes to customer
    // 23 (flagged) with nothing due, for preparation and debrief only, and the main staff member
    // does not come; the team is dissolved but the empty 30-minute visit stays.
    let mut sc = smallest(2);
    sc.settings.modes.flexible_hours = false;
    let vs = kinds_of(&sc, "specialised");
    let bad: Vec<_> = vs
        .into_iter()
        .filter(|v| v.kind == Kind::Functions)
        .collect();
    assert!(bad.is_empty(), "{}", show(&bad));
}
