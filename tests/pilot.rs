//! The pilot planner: today's plan as the baseline, staged pilots in chosen departments, the
//! before/after and the KPI sheet, recomputed here from the files a pilot writes.

use std::collections::BTreeMap;
use std::process::Command;

use visit_sandbox::core::assignment::ModelId;
use visit_sandbox::core::generate::{generate, Preset};
use visit_sandbox::core::io::export::{
    assignments_with_department_csv, schedule_csv, unvisited_csv,
};
use visit_sandbox::core::io::pilot::{days_csv, kpi_csv};
use visit_sandbox::core::io::{customers_csv, import_scenario, DeriveRules};
use visit_sandbox::core::pilot::baseline::with_todays_managers;
use visit_sandbox::core::pilot::{
    parse_stages, run, BaselineSource, Options, Pilot, PilotError, PilotSpec,
};
use visit_sandbox::core::scenario::Scenario;
use visit_sandbox::core::settings::{Function, KpiWeights};

fn spec(departments: &[&str], model: ModelId, stages: &str) -> PilotSpec {
    PilotSpec {
        departments: departments.iter().map(|d| d.to_string()).collect(),
        model,
        stages: parse_stages(stages).expect("stages"),
    }
}

const TWO_STAGES: &str = "service+brand,service+brand+training+research";

fn pilot(sc: &Scenario, s: &PilotSpec) -> Pilot {
    run(sc, s, &Options::default(), &mut |_, _| {}).expect("pilot runs")
}

fn county() -> Scenario {
    generate(Preset::County, 42).expect("county")
}

#[test]
fn outside_the_pilot_every_customer_keeps_todays_staff_in_every_stage() {
    let sc = county();
    for model in [ModelId::Specialised, ModelId::Hybrid] {
        let p = pilot(&sc, &spec(&["D2"], model, TWO_STAGES));
        assert_eq!(p.source, BaselineSource::Region);
        let d2 = sc
            .departments
            .iter()
            .position(|d| d.id == "D2")
            .expect("D2");
        let base = &p.baseline.plan;
        let mut inside_changed = 0;
        for st in &p.stages {
            let a = &st.plan.assignment;
            for c in 0..sc.customers.len() {
                let held = st.plan.scenario.customers[c].department;
                assert_eq!(held, base.scenario.customers[c].department);
                let today = base.assignment.main_staff(c);
                let today_m = base.assignment.staff[today].manager;
                if held == Some(d2) {
                    inside_changed += usize::from(a.staff[a.main_staff(c)].manager != today_m);
                    continue;
                }
                for (f, s) in a.duties(c) {
                    assert_eq!(
                        a.staff[s].manager, today_m,
                        "{model:?} stage {}: customer {c} {f:?}",
                        st.stage
                    );
                    assert_eq!(
                        a.staff[s].post, None,
                        "outside the pilot people stay generalists"
                    );
                }
            }
            // Posts not yet created: their functions stay with the service post.
            for c in 0..sc.customers.len() {
                if st.plan.scenario.customers[c].department != Some(d2) {
                    continue;
                }
                for (f, s) in a.duties(c) {
                    let post = a.staff[s].post;
                    if model == ModelId::Specialised {
                        let created = st.posts.contains(&f.id());
                        if !created {
                            assert_eq!(post, Some(Function::Service), "stage {} {f:?}", st.stage);
                        }
                    }
                }
            }
            assert_eq!(
                st.company.customers_changing_manager,
                st.customers_changing_manager.len()
            );
            assert_eq!(
                st.pilot.customers_changing_manager, st.company.customers_changing_manager,
                "only pilot customers change"
            );
        }
        assert!(inside_changed > 0, "{model:?}: the pilot changes something");
    }
}

#[test]
fn the_baseline_changes_nothing_and_its_figures_are_the_contract_metrics() {
    let sc = county();
    let p = pilot(&sc, &spec(&["D2", "D3"], ModelId::Specialised, TWO_STAGES));
    assert_eq!(p.baseline.customers_changing_manager_share, 0.0);
    assert_eq!(p.baseline.people_moved, 0);
    for r in std::iter::once(&p.baseline).chain(&p.stages) {
        let m = &r.metrics;
        let close = |a: f64, b: Option<f64>| (a - b.expect("metric")).abs() < 1e-6;
        assert!(
            close(r.company.coverage_rate, m.coverage_rate),
            "stage {}",
            r.stage
        );
        assert!(
            close(r.company.monthly_cost, m.monthly_cost),
            "stage {}",
            r.stage
        );
        assert!(
            close(r.company.overtime_hours, m.overtime_hours),
            "stage {}",
            r.stage
        );
        assert!((0.0..=1.0).contains(&r.pilot.coverage_rate));
        assert!(r.pilot.customers <= r.company.customers);
        assert_eq!(r.company.customers, sc.customers.len());
        // The before/after rows are the pilot departments' people.
        assert_eq!(
            r.managers.len(),
            sc.managers
                .iter()
                .filter(|m| ["D2", "D3"].contains(&sc.departments[m.department].id.as_str()))
                .count()
        );
        for row in &r.managers {
            let before: usize = row.before.customers;
            assert_eq!(
                row.after.customers as i64 - before as i64,
                row.gained as i64 - row.lost as i64,
                "{}",
                row.staff
            );
        }
    }
    // Stage by stage the pilot's posts grow (先少后多).
    let posts: Vec<usize> = p.stages.iter().map(|s| s.establishment.len()).collect();
    assert!(posts.windows(2).all(|w| w[0] <= w[1]), "{posts:?}");
}

#[test]
fn the_same_seed_gives_the_same_pilot() {
    let sc = county();
    let s = spec(&["D2"], ModelId::Specialised, TWO_STAGES);
    let no_search = Options::default();
    let a = run(&sc, &s, &no_search, &mut |_, _| {}).expect("a");
    let b = run(&sc, &s, &no_search, &mut |_, _| {}).expect("b");
    assert_eq!(a, b);
}

/// The changing share of a one-stage pilot at each stability.
fn shares(sc: &Scenario, s: &PilotSpec, weights: &[f64]) -> Vec<f64> {
    weights
        .iter()
        .map(|&w| {
            let mut x = sc.clone();
            x.settings.territory_stability = w;
            pilot(&x, s)
                .stages
                .iter()
                .map(|st| st.customers_changing_manager_share)
                .sum()
        })
        .collect()
}

#[test]
fn raising_the_stability_never_raises_the_changing_share() {
    let weights = [0.0, 0.5, 2.0, 8.0, 32.0];
    for (preset, seed, dept) in [
        (Preset::Urban, 42, "D1"),
        (Preset::Urban, 7, "D2"),
        (Preset::County, 42, "D1"),
    ] {
        let sc = generate(preset, seed).expect("preset");
        let got = shares(
            &sc,
            &spec(&[dept], ModelId::Specialised, "service+brand"),
            &weights,
        );
        assert!(
            got.windows(2).all(|w| w[1] <= w[0] + 1e-12),
            "{preset:?} {seed} {dept}: {got:?}"
        );
        assert!(
            got[weights.len() - 1] < got[0],
            "{preset:?} {seed} {dept}: stability keeps some customers: {got:?}"
        );
    }
}

#[test]
fn bad_requests_are_refused_by_name_and_change_nothing() {
    let sc = county();
    let before = sc.clone();
    let err =
        |s: PilotSpec| run(&sc, &s, &Options::default(), &mut |_, _| {}).expect_err("refused");
    match err(spec(&["D9"], ModelId::Specialised, "service")) {
        PilotError::UnknownDepartment { id, known } => {
            assert_eq!(id, "D9");
            assert!(known.contains("D1"), "{known}");
        }
        e => panic!("{e:?}"),
    }
    assert!(matches!(
        err(spec(&["D2"], ModelId::Region, "service+brand")),
        PilotError::ModelWithoutPosts { model: "region" }
    ));
    assert!(matches!(
        err(PilotSpec {
            departments: Vec::new(),
            model: ModelId::Specialised,
            stages: Vec::new()
        }),
        PilotError::NoDepartments
    ));
    assert!(matches!(
        err(spec(&["D2"], ModelId::Specialised, "brand")),
        PilotError::NoServicePost { stage: 1 }
    ));
    assert!(matches!(
        parse_stages("service+brand,,service"),
        Err(PilotError::EmptyStage { stage: 2 })
    ));
    match parse_stages("service+brand,service+marketing") {
        Err(PilotError::UnknownPost { stage, name }) => {
            assert_eq!((stage, name.as_str()), (2, "marketing"))
        }
        e => panic!("{e:?}"),
    }
    // Without stages any model runs once with the settings' posts.
    let once = run(
        &sc,
        &PilotSpec {
            departments: vec!["D2".into()],
            model: ModelId::Value,
            stages: Vec::new(),
        },
        &Options::default(),
        &mut |_, _| {},
    )
    .expect("one stage");
    assert_eq!(once.stages.len(), 1);
    // A list naming a manager nobody is.
    let mut odd = sc.clone();
    odd.customers_mut()[5].current_manager = Some("Nobody".into());
    match run(
        &odd,
        &spec(&["D2"], ModelId::Specialised, "service"),
        &Options::default(),
        &mut |_, _| {},
    ) {
        Err(PilotError::UnknownCurrentManager { customer, manager }) => {
            assert_eq!(customer, sc.customers[5].id);
            assert_eq!(manager, "Nobody");
        }
        e => panic!("{e:?}"),
    }
    assert_eq!(sc, before);
}

#[test]
fn a_generated_list_reads_back_with_todays_managers_and_the_same_pilot() {
    let sc = generate(Preset::Rural, 7).expect("rural");
    let named = with_todays_managers(&sc).expect("named");
    assert!(named.customers.iter().all(|c| c.current_manager.is_some()));
    let csv = customers_csv(&named);
    assert!(csv.lines().next().is_some_and(|h| h.contains("现客户经理")));
    let mut base = sc.clone();
    base.customers_mut().clear();
    let back = import_scenario(base, &DeriveRules::default(), Some(csv.as_bytes()), None)
        .expect("reads back");
    assert_eq!(
        back.customers
            .iter()
            .map(|c| c.current_manager.clone())
            .collect::<Vec<_>>(),
        named
            .customers
            .iter()
            .map(|c| c.current_manager.clone())
            .collect::<Vec<_>>()
    );
    let s = spec(&["D1"], ModelId::Specialised, TWO_STAGES);
    let from_preset = pilot(&sc, &s);
    let from_list = pilot(&back, &s);
    assert_eq!(from_list.source, BaselineSource::Named);
    assert_eq!(from_preset.source, BaselineSource::Region);
    assert_eq!(
        from_list.baseline.fingerprint,
        from_preset.baseline.fingerprint
    );
    for (a, b) in from_list.stages.iter().zip(&from_preset.stages) {
        assert_eq!(a.fingerprint, b.fingerprint, "stage {}", a.stage);
        assert_eq!(
            a.customers_changing_manager_share,
            b.customers_changing_manager_share
        );
    }
}

#[test]
fn the_establishment_table_matches_people_by_skill_and_pays_by_post() {
    let sc = county();
    let s = spec(&["D2"], ModelId::Specialised, TWO_STAGES);
    let opt = Options {
        establishment: true,
        ..Options::default()
    };
    let p = run(&sc, &s, &opt, &mut |_, _| {}).expect("pilot");
    for st in &p.stages {
        assert!(!st.table.is_empty(), "stage {}", st.stage);
        let mut submitted = 0.0;
        for r in &st.table {
            assert_eq!(r.department, "D2");
            assert!(r.target_met, "stage {}: {r:?}", st.stage);
            assert!(
                r.coverage_rate >= sc.settings.coverage_target - 1e-9,
                "{r:?}"
            );
            assert!(r.people_matched <= r.people_needed);
            assert_eq!(r.shortfall, r.people_needed - r.people_matched);
            let f = r.post.function().expect("a post");
            assert_eq!(r.pay_grade, sc.settings.pilot.pay_grade[f.index()]);
            assert_eq!(r.min_skill, sc.settings.pilot.min_skill[f.index()]);
            assert_eq!(
                r.monthly_pay,
                r.people_needed as f64 * sc.settings.monthly_pay(r.pay_grade)
            );
            submitted += r.monthly_pay;
        }
        let pay = &st.payroll[0];
        assert_eq!(pay.submitted, submitted);
        let today: f64 = sc
            .managers
            .iter()
            .filter(|m| sc.departments[m.department].id == "D2")
            .map(|m| sc.settings.monthly_pay(m.pay_grade))
            .sum();
        assert_eq!(pay.today, today);
    }
    // Nobody qualifies at a least skill above the scale: every place is a shortfall.
    let mut strict = sc.clone();
    strict.settings.pilot.min_skill = [101.0; 4];
    let p = run(&strict, &s, &opt, &mut |_, _| {}).expect("pilot");
    for r in p.stages.iter().flat_map(|s| &s.table) {
        assert_eq!(r.people_matched, 0);
        assert_eq!(r.shortfall, r.people_needed);
    }
}

/// A CSV's rows as maps from header to cell (the BOM dropped).
fn rows(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let head: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    r.records()
        .map(|rec| {
            let rec = rec.expect("row");
            head.iter()
                .cloned()
                .zip(rec.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

fn minutes(hhmm: &str) -> f64 {
    let (h, m) = hhmm.split_once(':').expect("HH:MM");
    h.parse::<f64>().expect("hours") * 60.0 + m.parse::<f64>().expect("minutes")
}

fn num(row: &BTreeMap<String, String>, k: &str) -> f64 {
    row.get(k)
        .unwrap_or_else(|| panic!("column {k}"))
        .parse()
        .unwrap_or_else(|_| panic!("{k} = {:?}", row.get(k)))
}

/// The KPI sheet recomputed from `schedule.csv`, `days.csv`, `unvisited.csv` and
/// `assignments.csv` alone (with the settings' weights), against `kpi.csv`.
fn check_kpi_from_files(sc: &Scenario, files: &BTreeMap<&str, String>, w: &KpiWeights) {
    let kpi = rows(&files["kpi.csv"]);
    let schedule = rows(&files["schedule.csv"]);
    let days = rows(&files["days.csv"]);
    let unvisited = rows(&files["unvisited.csv"]);
    let assignments = rows(&files["assignments.csv"]);
    let s = &sc.settings;
    #[derive(Default, Clone)]
    struct P {
        visits: f64,
        minutes: f64,
        teams: f64,
        overtime: f64,
        travel: f64,
        working: f64,
        missed: f64,
    }
    let mut per: BTreeMap<String, P> = BTreeMap::new();
    let mut contacts: BTreeMap<String, f64> = BTreeMap::new();
    let mut seen_team = std::collections::BTreeSet::new();
    for r in schedule.iter().filter(|r| r["role"] == "manager") {
        let p = per.entry(r["staff"].clone()).or_default();
        p.visits += 1.0;
        p.minutes += minutes(&r["end"]) - minutes(&r["start"]);
        let team = &r["team"];
        p.teams += f64::from(u8::from(!team.is_empty()));
        if team.is_empty()
            || seen_team.insert((r["day"].clone(), r["customer"].clone(), team.clone()))
        {
            *contacts.entry(r["customer"].clone()).or_default() += 1.0;
        }
    }
    for r in &days {
        let p = per.entry(r["staff"].clone()).or_default();
        p.overtime += num(r, "overtime_min");
        p.travel += num(r, "travel_min");
        p.working += num(r, "working_min");
    }
    for r in &unvisited {
        per.entry(r["staff"].clone()).or_default().missed += 1.0;
    }
    // Teams: each person's department from kpi.csv, customers' from assignments.csv.
    let dept_of: BTreeMap<String, String> = kpi
        .iter()
        .map(|r| (r["staff"].clone(), r["department"].clone()))
        .collect();
    #[derive(Default)]
    struct T {
        required: f64,
        met: f64,
        travel: f64,
        working: f64,
        customers: f64,
        over: f64,
    }
    let mut teams: BTreeMap<String, T> = BTreeMap::new();
    let cap = f64::from(s.deep.optional_cap_per_month) * f64::from(s.weeks) / 4.0;
    for r in &assignments {
        let t = teams.entry(r["department"].clone()).or_default();
        t.customers += 1.0;
        if contacts.get(&r["customer_id"]).copied().unwrap_or(0.0) > cap + 1e-9 {
            t.over += 1.0;
        }
    }
    for r in &kpi {
        let p = per.get(&r["staff"]).cloned().unwrap_or_default();
        assert_eq!(num(r, "visits"), p.visits, "{}", r["staff"]);
        assert_eq!(num(r, "service_minutes"), p.minutes, "{}", r["staff"]);
        assert_eq!(num(r, "team_visits"), p.teams, "{}", r["staff"]);
        assert!(
            (num(r, "overtime_hours") - p.overtime / 60.0).abs() < 0.006,
            "{}",
            r["staff"]
        );
        let required = num(r, "required_cycles");
        assert_eq!(required - num(r, "cycles_met"), p.missed, "{}", r["staff"]);
        let t = teams.entry(dept_of[&r["staff"]].clone()).or_default();
        t.required += required;
        t.met += num(r, "cycles_met");
        t.travel += p.travel;
        t.working += p.working;
    }
    // The scores, from the recomputed figures.
    let score = |parts: &[(f64, f64)]| {
        let tw: f64 = parts.iter().map(|p| p.0).sum();
        100.0 * parts.iter().map(|(wt, a)| wt * a).sum::<f64>() / tw
    };
    let mut team_score = BTreeMap::new();
    for (d, t) in &teams {
        if t.required == 0.0 && t.working == 0.0 {
            continue;
        }
        let coverage = if t.required > 0.0 {
            t.met / t.required
        } else {
            1.0
        };
        let travel = if t.working > 0.0 {
            t.travel / t.working
        } else {
            0.0
        };
        let over = if t.customers > 0.0 {
            t.over / t.customers
        } else {
            0.0
        };
        let sc_t = score(&[
            (w.coverage, (coverage / s.coverage_target).min(1.0)),
            (w.over_service, 1.0 - over),
            (w.travel, 1.0 - travel),
        ]);
        team_score.insert(d.clone(), (sc_t, coverage, travel, t.over));
    }
    // Means per (department, post) of visits, minutes and team visits.
    let mut means: BTreeMap<(String, String), (f64, f64, f64, f64)> = BTreeMap::new();
    for r in &kpi {
        let p = &per[&r["staff"]];
        let e = means
            .entry((r["department"].clone(), r["post"].clone()))
            .or_default();
        e.0 += p.visits;
        e.1 += p.minutes;
        e.2 += p.teams;
        e.3 += 1.0;
    }
    let ratio = |x: f64, mean: f64| if mean > 0.0 { (x / mean).min(1.2) } else { 1.0 };
    let cap_min = f64::from(s.weeks * s.days_per_week) * s.overtime_cap_minutes;
    for r in &kpi {
        let p = &per[&r["staff"]];
        let (v, mi, tv, n) = means[&(r["department"].clone(), r["post"].clone())];
        let required = num(r, "required_cycles");
        let met = num(r, "cycles_met");
        let personal = score(&[
            (w.cycles, if required > 0.0 { met / required } else { 1.0 }),
            (w.visits, ratio(p.visits, v / n)),
            (w.service, ratio(p.minutes, mi / n)),
            (w.team_visits, ratio(p.teams, tv / n)),
            (w.overtime, (1.0 - p.overtime / cap_min).max(0.0)),
        ]);
        let (team, coverage, travel, over) = team_score[&r["department"]];
        assert!(
            (num(r, "personal_score") - personal).abs() < 0.051,
            "{}: {personal}",
            r["staff"]
        );
        assert!(
            (num(r, "team_score") - team).abs() < 0.051,
            "{}: {team}",
            r["staff"]
        );
        let total = (1.0 - w.team_share) * personal + w.team_share * team;
        assert!(
            (num(r, "total_score") - total).abs() < 0.1,
            "{}: {total}",
            r["staff"]
        );
        assert!((num(r, "department_coverage") - coverage).abs() < 5e-5);
        assert!((num(r, "department_travel_share") - travel).abs() < 5e-5);
        assert_eq!(num(r, "department_customers_over_cap"), over);
    }
}

#[test]
fn kpi_csv_is_recomputed_from_schedule_csv() {
    let mut sc = county();
    // Team visits and a tight over-service cap, so those columns are not all zero.
    sc.settings.deep.optional_cap_per_month = 4;
    let p = pilot(&sc, &spec(&["D2"], ModelId::Specialised, TWO_STAGES));
    let mut checked_teams = 0;
    for r in std::iter::once(&p.baseline).chain(&p.stages) {
        let (s, a, cal) = (&r.plan.scenario, &r.plan.assignment, &r.calendar);
        let files: BTreeMap<&str, String> = [
            ("kpi.csv", kpi_csv(&r.kpi)),
            ("schedule.csv", schedule_csv(s, a, cal, &[])),
            ("days.csv", days_csv(s, a, cal, &[])),
            ("unvisited.csv", unvisited_csv(s, a, cal)),
            ("assignments.csv", assignments_with_department_csv(s, a)),
        ]
        .into_iter()
        .collect();
        check_kpi_from_files(s, &files, &s.settings.pilot.kpi);
        checked_teams += r.kpi.people.iter().filter(|x| x.team_visits > 0).count();
        assert_eq!(
            r.kpi.people.len(),
            sc.managers.len(),
            "every person has a row"
        );
    }
    assert!(checked_teams > 0, "some team visits were checked");
}

#[test]
fn kpi_weights_are_editable_and_change_the_scores() {
    let sc = county();
    let s = spec(&["D2"], ModelId::Specialised, "service+brand");
    let a = pilot(&sc, &s);
    let mut heavy = sc.clone();
    heavy.settings.pilot.kpi.team_share = 1.0;
    let b = pilot(&heavy, &s);
    for (x, y) in a.stages[0].kpi.people.iter().zip(&b.stages[0].kpi.people) {
        assert_eq!(x.personal_score, y.personal_score);
        assert_eq!(y.total_score, y.team_score, "all weight on the team");
    }
}

fn cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_visit-sandbox"))
        .args(args)
        .output()
        .expect("the binary runs")
}

#[test]
fn the_pilot_command_writes_every_plan_and_its_json() {
    let dir = std::env::temp_dir().join(format!("visit-sandbox-pilot-{}", std::process::id()));
    let d = dir.to_str().expect("utf-8 temp path");
    let out = cli(&[
        "pilot",
        "--preset",
        "county",
        "--departments",
        "D2",
        "--model",
        "specialised",
        "--stages",
        TWO_STAGES,
        "--no-establishment",
        "--out",
        d,
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let stages = v["stages"].as_array().expect("stages");
    assert_eq!(stages.len(), 2);
    for (i, st) in stages.iter().enumerate() {
        let share = st["customers_changing_manager_share"]
            .as_f64()
            .expect("share");
        assert!((0.0..=1.0).contains(&share));
        let listed = st["customers_changing_manager"]
            .as_array()
            .expect("list")
            .len();
        assert_eq!(share, listed as f64 / 3000.0);
        for k in [
            "establishment",
            "people_moved",
            "pilot",
            "company",
            "managers",
            "kpi",
        ] {
            assert!(!st[k].is_null(), "stage {i}: {k}");
        }
        assert!(st["pilot"]["coverage_rate"].is_number());
        assert!(st["company"]["monthly_cost"].is_number());
    }
    for sub in ["baseline", "stage-1", "stage-2"] {
        for f in [
            "assignments.csv",
            "schedule.csv",
            "kpi.csv",
            "days.csv",
            "unvisited.csv",
        ] {
            assert!(dir.join(sub).join(f).is_file(), "{sub}/{f}");
        }
    }
    // Stage 1 has no training post: training shows as done by the service post.
    let text = std::fs::read_to_string(dir.join("stage-1/assignments.csv")).expect("read");
    let a = rows(&text);
    let head: Vec<&String> = a[0].keys().collect();
    assert!(head.iter().any(|h| *h == "department"), "{head:?}");
    let in_d2: Vec<_> = a.iter().filter(|r| r["department"] == "D2").collect();
    assert!(!in_d2.is_empty());
    assert!(in_d2
        .iter()
        .filter(|r| !r["training_staff"].is_empty())
        .all(|r| r["training_post"] == "service"));
    assert!(in_d2.iter().any(|r| r["brand_post"] == "brand"));
    assert!(a
        .iter()
        .filter(|r| r["department"] != "D2")
        .all(|r| r["service_post"] == "generalist"));
    // Bad input: named, exit 2, nothing written.
    for (args, needle) in [
        (vec!["--departments", "D9", "--stages", "service"], "D9"),
        (
            vec!["--departments", "D2", "--stages", "service+sales"],
            "sales",
        ),
        (
            vec!["--departments", "D2", "--stages", "service,,service"],
            "stage 2",
        ),
        (
            vec![
                "--departments",
                "D2",
                "--model",
                "format",
                "--stages",
                "service",
            ],
            "format",
        ),
    ] {
        let bad = dir.join("bad");
        let mut full = vec![
            "pilot",
            "--preset",
            "county",
            "--out",
            bad.to_str().expect("utf-8"),
        ];
        full.extend(args);
        let out = cli(&full);
        assert_eq!(out.status.code(), Some(2), "{full:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{full:?}: {err}");
        assert!(!bad.exists(), "a refused pilot writes nothing");
    }
    // A lock on a customer the list does not have is named.
    let lock = dir.join("locks.csv");
    std::fs::write(&lock, "customer_id,main_staff\nC99999,M001\n").expect("write");
    let out = cli(&[
        "pilot",
        "--preset",
        "county",
        "--departments",
        "D2",
        "--stages",
        "service+brand",
        "--lock",
        lock.to_str().expect("utf-8"),
        "--out",
        dir.join("locked").to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("C99999"));
    assert!(!dir.join("locked").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_person_new_to_a_book_gets_a_full_territory_when_cut_from_todays_plan() {
    use visit_sandbox::core::models::{self, StaffingModel};
    use visit_sandbox::core::workload::{book_minutes, generalist};
    let sc = with_todays_managers(&county()).expect("today");
    let mut grown = sc.clone();
    grown.settings.territory_from_today = true;
    // Customers held in their department of today, as a pilot holds them.
    let dept_of: std::collections::BTreeMap<&str, usize> = sc
        .managers
        .iter()
        .map(|m| (m.id.as_str(), m.department))
        .collect();
    for c in grown.customers_mut() {
        c.department = c
            .current_manager
            .as_deref()
            .and_then(|m| dept_of.get(m).copied());
    }
    // The first department doubles (as an establishment search may grow a post): nobody's
    // customers are the newcomers' today.
    let d0 = sc.managers[0].department;
    let today_people = sc.managers.iter().filter(|m| m.department == d0).count();
    for k in 0..today_people {
        let mut m = sc.managers[0].clone();
        m.id = format!("NEW{k}");
        m.name = m.id.clone();
        grown.managers.push(m);
    }
    let work = generalist(&grown);
    let region = models::by_id("region").expect("region");
    let a = region.assign(&grown, &work).expect("plan");
    models::check(&grown, &work, &a).expect("valid");
    let hours = book_minutes(&grown, &work, &a);
    let d = d0;
    let dept: Vec<f64> = a
        .staff
        .iter()
        .zip(&hours)
        .filter(|(s, _)| grown.managers[s.manager].department == d)
        .map(|(_, h)| *h)
        .collect();
    let mean = dept.iter().sum::<f64>() / dept.len() as f64;
    for (s, h) in a.staff.iter().zip(&hours) {
        if grown.managers[s.manager].id.starts_with("NEW") {
            assert!(
                *h > 0.8 * mean,
                "{}: {h} of a mean {mean}",
                grown.managers[s.manager].id
            );
        }
    }
    // Outside the department nobody moves; inside, today's people keep most of the book they
    // keep at all (half of it goes to the newcomers).
    let mut kept_inside = 0;
    let mut inside = 0;
    for c in 0..sc.customers.len() {
        let now = &grown.managers[a.staff[a.main_staff(c)].manager].id;
        let same = Some(now) == sc.customers[c].current_manager.as_ref();
        if grown.customers[c].department == Some(d0) {
            inside += 1;
            kept_inside += usize::from(same);
        } else {
            assert!(same, "customer {c} outside the department moved");
        }
    }
    assert!(
        kept_inside * 10 > inside * 4,
        "{kept_inside} of {inside} kept"
    );
    let _ = StaffingModel::id(region.as_ref());
}
