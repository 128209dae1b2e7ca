//! The pilot view's data and the worker's handling of a pilot: the figures the page shows are
//! the core's, refused pilots change nothing, customers outside the pilot never change manager,
//! and the exports are the core's files with the page's language in the header row.

use std::collections::BTreeSet;
use std::rc::Rc;

use visit_sandbox::app::pilot_view::{pilot_view, PilotForm, PilotView, OUTSIDE};
use visit_sandbox::app::protocol::{Answer, PilotFile, PilotRequest, Reply, Request};
use visit_sandbox::app::reduce::reduce;
use visit_sandbox::app::scenario::{assemble, Input};
use visit_sandbox::app::session::{run, Session};
use visit_sandbox::app::state::{Msg, State};
use visit_sandbox::core::io::export::assignments_with_department_csv;
use visit_sandbox::core::io::pilot::kpi_csv;
use visit_sandbox::core::models::ModelId;
use visit_sandbox::core::pilot::{self, Options, PilotSpec};
use visit_sandbox::core::settings::Function;
use visit_sandbox::i18n::Lang;

fn base() -> Request {
    Request {
        id: 1,
        calendar: true,
        ..Request::of_preset("county", 42)
    }
}

fn request(departments: &[&str]) -> PilotRequest {
    PilotRequest {
        id: 9,
        base: base(),
        departments: departments.iter().map(|d| d.to_string()).collect(),
        model: ModelId::Specialised,
        stages: vec![
            vec![Function::Service, Function::Brand],
            Function::ALL.to_vec(),
        ],
    }
}

fn run_pilot(session: &mut Session, req: &PilotRequest) -> PilotView {
    let mut steps = Vec::new();
    match session.pilot(req, &mut |p| steps.push((p.done, p.total))) {
        Reply::Pilot { id, view } => {
            assert_eq!(id, req.id);
            // One step per plan: today's, then each stage's.
            assert_eq!(steps, vec![(1, 3), (2, 3), (3, 3)]);
            *view
        }
        other => panic!("no pilot: {other:?}"),
    }
}

#[test]
fn the_view_shows_the_cores_figures_for_every_plan() {
    let mut session = Session::default();
    let req = request(&["D2"]);
    let view = run_pilot(&mut session, &req);
    // The same scenario as a comparison's, run by the core directly.
    let sc = assemble(&Input {
        preset: Some("county"),
        seed: Some(42),
        weeks: Some(4),
        replications: Some(1),
        ..Input::default()
    })
    .expect("county");
    let spec = PilotSpec {
        departments: vec!["D2".into()],
        model: ModelId::Specialised,
        stages: req.stages.clone(),
    };
    let opt = Options {
        establishment: true,
        ..Options::default()
    };
    let core = pilot::run(&sc, &spec, &opt, &mut |_, _| {}).expect("pilot");
    assert_eq!(view, pilot_view(&core));
    assert_eq!(view.departments, ["D2"]);
    assert_eq!(view.plans.len(), 3);
    for (p, r) in view
        .plans
        .iter()
        .zip(std::iter::once(&core.baseline).chain(&core.stages))
    {
        assert_eq!(p.stage, r.stage);
        assert_eq!(p.fingerprint, r.fingerprint);
        assert_eq!(p.changing_share, r.customers_changing_manager_share);
        assert_eq!(p.changing, r.customers_changing_manager.len());
        assert_eq!(p.pilot.coverage_rate, r.pilot.coverage_rate);
        assert_eq!(p.pilot.monthly_cost, r.pilot.monthly_cost);
        assert_eq!(p.company.travel_hours, r.company.travel_hours);
        assert_eq!(p.managers.len(), r.managers.len());
        assert_eq!(p.people.len(), r.kpi.people.len());
        assert_eq!(p.teams.len(), r.kpi.teams.len());
        assert_eq!(p.table.len(), r.table.len());
        let est: Vec<(String, usize)> = p
            .establishment
            .iter()
            .map(|e| (e.post.clone(), e.people))
            .collect();
        let core_est: Vec<(String, usize)> = r
            .establishment
            .iter()
            .map(|e| (e.post.to_string(), e.people))
            .collect();
        assert_eq!(est, core_est);
    }
    // Today's plan changes nobody; the stages do, and submit an establishment.
    assert_eq!(view.plans[0].changing, 0);
    assert!(view.plans[0].table.is_empty());
    assert!(view.plans[1].changing > 0 && !view.plans[2].table.is_empty());
    assert!(view.plans[1].managers.iter().all(|m| m.department == "D2"));
    // The kept pilot is the core's.
    assert_eq!(session.last_pilot().map(pilot_view), Some(view.clone()));
    // The reply crosses the worker boundary intact.
    let reply = Reply::Pilot {
        id: 9,
        view: Box::new(view),
    };
    let back: Reply =
        serde_json::from_str(&serde_json::to_string(&reply).expect("json")).expect("parse");
    assert_eq!(back, reply);
}

#[test]
fn outside_the_pilot_nobody_changes_and_the_map_says_when_each_customer_does() {
    let mut session = Session::default();
    let view = run_pilot(&mut session, &request(&["D2"]));
    let p = session.last_pilot().expect("kept");
    let sc = &p.baseline.plan.scenario;
    let d2 = sc
        .departments
        .iter()
        .position(|d| d.id == "D2")
        .expect("D2");
    assert_eq!(view.map.points.len(), sc.customers.len());
    assert_eq!(view.map.change.len(), sc.customers.len());
    assert_eq!(view.map.offices, vec![sc.departments[d2].office]);
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for (k, stage) in p.stages.iter().enumerate() {
        for id in &stage.customers_changing_manager {
            let c = sc
                .customers
                .iter()
                .position(|x| &x.id == id)
                .expect("a customer");
            assert_eq!(
                sc.customers[c].department,
                Some(d2),
                "{id} outside the pilot"
            );
            // The map's stage is the first in which the customer changes.
            let first = if seen.insert(id) {
                k + 1
            } else {
                usize::try_from(view.map.change[c]).expect("a stage")
            };
            assert_eq!(view.map.change[c], first as i8, "{id}");
            assert!(first <= k + 1);
        }
    }
    for (c, cust) in sc.customers.iter().enumerate() {
        let inside = cust.department == Some(d2);
        assert_eq!(view.map.change[c] != OUTSIDE, inside, "{}", cust.id);
        if view.map.change[c] == 0 {
            assert!(!seen.contains(cust.id.as_str()));
        }
    }
    let changing = view.map.change.iter().filter(|&&c| c > 0).count();
    assert_eq!(changing, seen.len());
    assert!(changing > 0);
    // The company's figures count the same customers as changing as the pilot's.
    for plan in &view.plans {
        assert_eq!(
            plan.company.customers_changing_manager,
            plan.pilot.customers_changing_manager
        );
        assert_eq!(plan.changing, plan.pilot.customers_changing_manager);
    }
}

#[test]
fn a_refused_pilot_says_why_and_keeps_the_last_one() {
    let mut session = Session::default();
    let bad = request(&["D99"]);
    let Reply::Failed { id, error } = session.pilot(&bad, &mut |_| {}) else {
        panic!("an unknown department was accepted");
    };
    assert_eq!(id, 9);
    assert_eq!(error.key, "error.pilot.unknown_department");
    for lang in Lang::ALL {
        let text = error.text(lang);
        assert!(text.contains("D99") && text.contains("D2"), "{text}");
        assert!(!text.contains('{'), "{text}");
    }
    assert!(session.last_pilot().is_none());
    // Exports before any pilot: a failure, not a panic.
    assert!(matches!(
        session.pilot_export(3, 1, PilotFile::Kpi, "en"),
        Reply::Failed { id: 3, .. }
    ));
    let view = run_pilot(&mut session, &request(&["D2"]));
    let no_service = PilotRequest {
        stages: vec![vec![Function::Brand]],
        ..request(&["D2"])
    };
    let Reply::Failed { error, .. } = session.pilot(&no_service, &mut |_| {}) else {
        panic!("a stage without the service post was accepted");
    };
    assert_eq!(error.key, "error.pilot.no_service_post");
    assert_eq!(session.last_pilot().map(pilot_view), Some(view));
}

/// A file of the session's last pilot.
fn file(session: &Session, stage: usize, f: PilotFile, lang: &str) -> (String, String) {
    match session.pilot_export(4, stage, f, lang) {
        Reply::Answer { id: 4, answer } => match *answer {
            Answer::File { name, text } => (name, text),
            other => panic!("not a file: {other:?}"),
        },
        other => panic!("no answer: {other:?}"),
    }
}

#[test]
fn exports_are_the_cores_files_with_headers_in_the_pages_language() {
    let mut session = Session::default();
    run_pilot(&mut session, &request(&["D2"]));
    let p = session.last_pilot().expect("kept").clone();
    // English: the contract's bytes.
    let (name, en) = file(&session, 1, PilotFile::Assignments, "en");
    assert_eq!(name, "pilot-stage-1-assignments.csv");
    let r = &p.stages[0];
    assert_eq!(
        en,
        assignments_with_department_csv(&r.plan.scenario, &r.plan.assignment)
    );
    let (name, en_kpi) = file(&session, 0, PilotFile::Kpi, "en");
    assert_eq!(name, "pilot-baseline-kpi.csv");
    assert_eq!(en_kpi, kpi_csv(&p.baseline.kpi));
    // Chinese: the header row translated, every other line the same.
    for f in PilotFile::ALL {
        let (_, en) = file(&session, 2, f, "en");
        let (_, zh) = file(&session, 2, f, "zh-CN");
        let (en_head, en_rows) = en.split_once('\n').expect("a header");
        let (zh_head, zh_rows) = zh.split_once('\n').expect("a header");
        assert_eq!(en_rows, zh_rows, "{f:?}");
        assert!(zh_head.starts_with('\u{feff}'), "{f:?}: {zh_head}");
        assert_eq!(
            zh_head.split(',').count(),
            en_head.split(',').count(),
            "{f:?}"
        );
        // Every column has a Chinese name.
        assert!(
            zh_head
                .split(',')
                .all(|h| !h.chars().any(|c| c.is_ascii_lowercase())),
            "{f:?}: {zh_head}"
        );
    }
    let (_, zh) = file(&session, 1, PilotFile::Assignments, "zh-CN");
    assert!(zh.starts_with("\u{feff}客户编码,客户名称,"), "{zh}");
    assert!(matches!(
        session.pilot_export(5, 3, PilotFile::Schedule, "en"),
        Reply::Failed { id: 5, .. }
    ));
}

#[test]
fn the_form_keeps_the_service_post_and_at_least_one_stage() {
    let sc = assemble(&Input {
        preset: Some("county"),
        seed: Some(42),
        ..Input::default()
    })
    .expect("county");
    let form = PilotForm::for_scenario(&sc);
    assert_eq!(form.departments, [sc.departments[1].id.clone()]);
    assert_eq!(form.stages.len(), 2);
    assert_eq!(form.stages[0], [Function::Service, Function::Brand]);
    assert_eq!(form.stages[1], Function::ALL);
    assert_eq!(form.with_post(0, Function::Service, false), form);
    let f = form.with_post(0, Function::Research, true);
    assert_eq!(
        f.stages[0],
        [Function::Service, Function::Brand, Function::Research]
    );
    assert_eq!(f.with_post(0, Function::Brand, false).stages[0].len(), 2);
    let f = form.with_stage_added();
    assert_eq!(f.stages.len(), 3);
    assert_eq!(f.stages[2], f.stages[1]);
    let one = form.with_stage_removed().with_stage_removed();
    assert_eq!(one.stages.len(), 1);
    // Departments stay in the scenario's order.
    let both = form.with_department(&sc, &sc.departments[0].id, true);
    assert_eq!(
        both.departments,
        [sc.departments[0].id.clone(), sc.departments[1].id.clone()]
    );
    assert!(both
        .with_department(&sc, &sc.departments[0].id, false)
        .with_department(&sc, &sc.departments[1].id, false)
        .departments
        .is_empty());
}

#[test]
fn the_page_refuses_a_pilot_without_departments_and_runs_a_good_one() {
    let outcome = match run(&base(), &mut |_| {}) {
        Reply::Done { outcome, .. } => outcome,
        other => panic!("not done: {other:?}"),
    };
    let mut state = Rc::new(State::new(Lang::En));
    // The assignment, then the calendars: the page is idle.
    for _ in 0..2 {
        let id = state.request;
        state = reduce(
            state,
            Msg::Reply(Reply::Done {
                id,
                outcome: outcome.clone(),
                list: None,
            }),
        );
    }
    assert!(state.is_idle());
    let form = state.pilot_inputs().expect("a form");
    assert_eq!(form.departments, ["D2"]);
    state = reduce(
        state,
        Msg::PilotDepartment {
            id: "D2".into(),
            on: false,
        },
    );
    let id = state.pilot_id;
    state = reduce(state, Msg::RunPilot);
    let error = state.pilot_error.clone().expect("refused");
    assert_eq!(error.key, "error.pilot.no_departments");
    assert!(!state.pilot_running && state.pilot_id == id, "nothing sent");
    state = reduce(
        state,
        Msg::PilotDepartment {
            id: "D2".into(),
            on: true,
        },
    );
    state = reduce(state, Msg::RunPilot);
    assert!(state.pilot_running && state.pilot_error.is_none());
    let req = state.pilot_request().expect("a request");
    assert_eq!(req.id, state.pilot_id);
    assert_eq!(req.departments, ["D2"]);
    let mut session = Session::default();
    let reply = session.pilot(&req, &mut |_| {});
    state = reduce(state, Msg::Reply(reply));
    assert!(!state.pilot_running);
    let view = state.pilot.clone().expect("shown");
    assert_eq!(view.plans.len(), 3);
    assert_eq!(state.pilot_stage, 1);
    // Cancelling (of anything) ends the worker and the pilot it kept for the exports.
    let cancelled = reduce(state.clone(), Msg::Cancel);
    assert!(cancelled.pilot.is_none());
    // A new scenario: the pilot of the old one is gone.
    state = reduce(state, Msg::SetWeeks(2));
    assert!(state.pilot.is_none());
}
