//! A computation's models run by helpers (the page's helper workers) give the reply the
//! worker's own loop gives: every job and every reply crosses as JSON, as between workers.

use visit_sandbox::app::fanout::{Helper, HelperReply, ModelJob, ToHelper};
use visit_sandbox::app::protocol::{Reply, Request};
use visit_sandbox::app::session::Session;

mod common;
use common::{req, through_json};

/// Runs `req` on `session` with `helpers` helpers taking the jobs in turn; the outcomes are
/// accepted last first (helpers finish in any order). Returns the reply, the ticks counted
/// and the jobs that came with a kept assignment.
fn with_helpers(
    session: &mut Session,
    helpers: &mut [Helper],
    req: &Request,
) -> (Reply, usize, usize) {
    let mut fanout = match session.begin(req) {
        Ok(f) => f,
        Err(reply) => return (reply, 0, 0),
    };
    let mut back = Vec::new();
    let mut ticks = 0;
    let mut kept = 0;
    let mut turn = 0;
    while let Some(job) = fanout.next_job() {
        kept += usize::from(job.assigned.is_some());
        let ToHelper::Run(job) = through_json(&ToHelper::Run(Box::new(job))) else {
            panic!("not a job");
        };
        let helper = &mut helpers[turn % helpers.len()];
        turn += 1;
        let reply = helper.run(*job, &mut || ticks += 1);
        back.push(through_json(&reply));
    }
    assert!(
        !fanout.complete(),
        "nothing is back before the helpers answer"
    );
    while let Some(reply) = back.pop() {
        match reply {
            HelperReply::Done { id, outcome } => {
                assert_eq!(id, req.id);
                fanout.accept(*outcome);
            }
            other => panic!("a helper failed: {other:?}"),
        }
    }
    for _ in 0..ticks {
        fanout.tick();
    }
    assert!(fanout.complete());
    (session.end(fanout), ticks, kept)
}

#[test]
fn helpers_give_the_reply_of_the_workers_own_loop_in_both_phases() {
    for (preset, seed, replications) in [("rural", 3, 1), ("county", 5, 2)] {
        let mut alone = Session::default();
        let mut fanned = Session::default();
        let mut helpers = [Helper::default(), Helper::default()];
        let assign = req(preset, seed, false, replications);
        let live = req(preset, seed, true, replications);

        let mut steps = 0;
        let first = alone.compute(&assign, &mut |_| steps += 1);
        let (first_f, ticks, kept) = with_helpers(&mut fanned, &mut helpers, &assign);
        assert!(matches!(first, Reply::Done { .. }), "{first:?}");
        assert_eq!(first_f, first, "{preset}: assignments");
        assert_eq!((ticks, kept), (steps, 0));

        // The calendars: each job carries its model's kept assignment.
        steps = 0;
        let second = alone.compute(&live, &mut |_| steps += 1);
        let (second_f, ticks, kept) = with_helpers(&mut fanned, &mut helpers, &live);
        assert!(matches!(second, Reply::Done { .. }), "{second:?}");
        assert_eq!(second_f, second, "{preset}: calendars");
        assert_eq!((ticks, kept), (steps, 5));
        assert_eq!(steps, 5 * replications as usize);

        // Both sessions answer the views' queries from the same calendars.
        let q = visit_sandbox::app::protocol::Query::Export {
            model: 2,
            file: visit_sandbox::app::protocol::ExportKind::Schedule,
            people: None,
        };
        assert_eq!(fanned.query(1, &q), alone.query(1, &q));
    }
}

#[test]
fn a_helper_answers_another_request_from_its_own_scenario() {
    // One helper, two requests in turn: the second is not answered from the first's
    // scenario.
    let mut helpers = [Helper::default()];
    let mut fanned = Session::default();
    for seed in [1, 2, 1] {
        let r = req("rural", seed, true, 1);
        let (reply, _, _) = with_helpers(&mut fanned, &mut helpers, &r);
        assert_eq!(
            reply,
            Session::default().compute(&r, &mut |_| {}),
            "seed {seed}"
        );
    }
}

#[test]
fn a_request_that_cannot_run_fails_before_any_job_and_a_bad_job_fails_in_the_helper() {
    let mut session = Session::default();
    let bad = Request {
        weeks: 0,
        ..req("rural", 1, false, 1)
    };
    let Err(Reply::Failed { id, .. }) = session.begin(&bad) else {
        panic!("weeks 0 began");
    };
    assert_eq!(id, bad.id);
    let job = ModelJob {
        id: 9,
        request: Request {
            preset: "atlantis".into(),
            ..req("rural", 1, false, 1)
        },
        model: visit_sandbox::core::models::ModelId::Region,
        assigned: None,
    };
    let reply = Helper::default().run(job, &mut || {});
    let HelperReply::Failed { id, error } = reply else {
        panic!("an unknown preset ran: {reply:?}");
    };
    assert_eq!(id, 9);
    assert!(error.key.starts_with("error."), "{error:?}");
}

/// Runs every job `fanout` still has on `helper`, through JSON, and accepts the outcomes.
fn run_jobs(fanout: &mut visit_sandbox::app::fanout::Fanout, helper: &mut Helper, at_most: usize) {
    for _ in 0..at_most {
        let Some(job) = fanout.next_job() else { return };
        let ToHelper::Run(job) = through_json(&ToHelper::Run(Box::new(job))) else {
            panic!("not a job");
        };
        match through_json(&helper.run(*job, &mut || {})) {
            HelperReply::Done { outcome, .. } => {
                fanout.accept(*outcome);
            }
            other => panic!("a helper failed: {other:?}"),
        }
    }
}

#[test]
fn calendars_started_before_the_page_asks_answer_its_request_and_no_other() {
    let alone_reply = |r: &Request| {
        let mut s = Session::default();
        s.compute(&req("county", 7, false, 1), &mut |_| {});
        s.compute(r, &mut |_| {})
    };
    let mut helper = Helper::default();
    for (asked, adopted) in [
        (req("county", 7, true, 1), true),
        // Another seed, and replications the first phase did not have: not adopted, and the
        // session answers them as it would have.
        (req("county", 8, true, 1), false),
        (req("county", 7, true, 2), false),
    ] {
        let mut session = Session::default();
        let mut first = session.begin(&req("county", 7, false, 1)).expect("begins");
        run_jobs(&mut first, &mut helper, 5);
        assert!(first.complete());
        let mut next = first.follow().expect("calendars follow an assignment");
        assert!(next.unclaimed());
        // Two of the five models run before the page's request comes.
        run_jobs(&mut next, &mut helper, 2);
        let shown = session.end(first);
        assert!(matches!(shown, Reply::Done { .. }), "{shown:?}");
        assert_eq!(session.adopt(&mut next, &asked), adopted);
        let reply = if adopted {
            assert!(!next.unclaimed());
            assert_eq!(next.id(), asked.id);
            run_jobs(&mut next, &mut helper, 5);
            session.end(next)
        } else {
            assert!(
                next.unclaimed(),
                "a refused request changed the computation"
            );
            session.compute(&asked, &mut |_| {})
        };
        assert_eq!(reply, alone_reply(&asked), "{asked:?}");
    }
    // Calendars follow an assignment-only computation, for the models whose assignments are
    // back: none at first, then each as it comes back.
    let mut session = Session::default();
    let live = session.begin(&req("county", 7, true, 1)).expect("begins");
    assert!(live.follow().is_none());
    let mut partial = session.begin(&req("county", 7, false, 1)).expect("begins");
    let mut next = partial.follow().expect("calendars follow an assignment");
    assert!(!next.has_jobs());
    let job = partial.next_job().expect("a model");
    let model = job.model;
    let HelperReply::Done { outcome, .. } = helper.run(job, &mut || {}) else {
        panic!("the model failed");
    };
    next.feed((*outcome).clone());
    next.feed(*outcome);
    let job = next.next_job().expect("its calendar");
    assert_eq!(job.model, model);
    assert!(job.request.calendar && job.assigned.is_some());
    assert!(!next.has_jobs(), "a model fed twice runs once");
}
