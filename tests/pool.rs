//! The worker's pool of helpers (`app::pool`), driven natively: each helper is a `Helper` run
//! in place on the jobs its port received, every job and reply through JSON as between
//! workers, the helpers finishing in the order a test chooses. The page's replies must be those
//! of the worker's own loop, whatever the helpers do.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use visit_sandbox::app::fanout::{Helper, HelperReply, ToHelper};
use visit_sandbox::app::pool::{HelperPort, Pool, WARM_UP};
use visit_sandbox::app::protocol::{Reply, Request};
use visit_sandbox::app::session::Session;

mod common;
use common::through_json;

/// The page's request for `preset` at `seed`, once (no replications).
fn req(preset: &str, seed: u64, calendar: bool) -> Request {
    common::req(preset, seed, calendar, 1)
}

/// A helper's inbox: what the pool sent it, not yet run.
#[derive(Clone, Default)]
struct Inbox(Rc<RefCell<VecDeque<ToHelper>>>);

impl HelperPort for Inbox {
    fn send(&self, message: &ToHelper) -> bool {
        self.0.borrow_mut().push_back(through_json(message));
        true
    }
}

/// A pool with its helpers, and what the page has been sent.
struct Bench {
    pool: Pool<Inbox>,
    inboxes: Vec<Inbox>,
    helpers: Vec<Helper>,
    replies: Vec<Reply>,
    /// Calendar jobs run while the page had no answer for the assignment they follow.
    early_calendars: usize,
    /// The page has an answer for the assignment it asked for.
    answered: bool,
}

impl Bench {
    /// A pool with `helpers` helpers, ready and done with their warm-up jobs (the page's
    /// helpers before the user's first change).
    fn new(helpers: usize) -> Bench {
        let mut b = Bench::cold(helpers);
        b.drain();
        assert!(b.replies.is_empty(), "a warm-up was answered to the page");
        b
    }

    /// A pool whose helpers have just said Ready: each holds its warm-up job.
    fn cold(helpers: usize) -> Bench {
        let mut b = Bench {
            pool: Pool::default(),
            inboxes: Vec::new(),
            helpers: Vec::new(),
            replies: Vec::new(),
            early_calendars: 0,
            answered: false,
        };
        for _ in 0..helpers {
            let inbox = Inbox::default();
            let k = b.pool.join(inbox.clone());
            b.inboxes.push(inbox);
            b.helpers.push(Helper::default());
            b.tell(k, Ok(HelperReply::Ready));
        }
        b
    }

    fn tell(&mut self, k: usize, reply: Result<HelperReply, String>) {
        if let Some(r) = self.pool.on_helper(k, reply.map(|r| through_json(&r))) {
            if let Reply::Done { id, .. } = &r {
                self.answered |= id % 10 == 0;
            }
            self.replies.push(r);
        }
    }

    fn compute(&mut self, r: &Request) {
        self.answered = false;
        let mut progress = Vec::new();
        if let Some(reply) = self.pool.compute(r, &mut |p| progress.push(p)) {
            self.replies.push(reply);
        }
    }

    /// Helper `k` runs the next job in its inbox, if any.
    fn step(&mut self, k: usize) -> bool {
        let Some(ToHelper::Run(job)) = self.inboxes[k].0.borrow_mut().pop_front() else {
            return false;
        };
        if job.request.calendar && !self.answered && job.id != WARM_UP {
            self.early_calendars += 1;
        }
        let id = job.id;
        let mut ticks = 0;
        let reply = self.helpers[k].run(*job, &mut || ticks += 1);
        for _ in 0..ticks {
            self.tell(k, Ok(HelperReply::Tick { id }));
        }
        self.tell(k, Ok(reply));
        true
    }

    /// Runs helper 0 until it has nothing, then one job of each other helper, until no helper
    /// has anything (helper 0 is the fast one).
    fn drain(&mut self) {
        if self.inboxes.is_empty() {
            return;
        }
        loop {
            while self.step(0) {}
            let mut any = false;
            for k in 1..self.inboxes.len() {
                any |= self.step(k);
            }
            if !any && self.inboxes[0].0.borrow().is_empty() {
                return;
            }
        }
    }

    fn done(&self, id: u64) -> Vec<&Reply> {
        self.replies
            .iter()
            .filter(|r| matches!(r, Reply::Done { id: i, .. } | Reply::Failed { id: i, .. } if *i == id))
            .collect()
    }
}

fn alone(requests: &[Request]) -> Vec<Reply> {
    let mut s = Session::default();
    requests.iter().map(|r| s.compute(r, &mut |_| {})).collect()
}

#[test]
fn calendars_start_on_a_free_helper_before_the_assignment_is_answered_and_answer_the_page() {
    let (assign, live) = (req("county", 3, false), req("county", 3, true));
    let expected = alone(&[assign.clone(), live.clone()]);
    let mut b = Bench::new(2);
    b.compute(&assign);
    assert!(b.replies.is_empty(), "helpers compute it");
    b.drain();
    assert_eq!(b.done(assign.id), vec![&expected[0]]);
    // Helper 0 ran out of assignments while helper 1 still held one: it went on with
    // calendars of the models already assigned.
    assert!(b.early_calendars > 0, "no calendar started early");
    b.compute(&live);
    b.drain();
    assert_eq!(b.done(live.id), vec![&expected[1]]);
    // Progress only for what the page asked for, and never past its total.
    for r in &b.replies {
        if let Reply::Progress { id, done, total } = r {
            assert!([assign.id, live.id].contains(id), "progress of {id}");
            assert!(done <= total && *total > 0);
        }
    }
    // The views' queries read the calendars the page was answered with.
    let q = visit_sandbox::app::protocol::Query::Export {
        model: 1,
        file: visit_sandbox::app::protocol::ExportKind::Schedule,
        people: None,
    };
    let mut s = Session::default();
    s.compute(&assign, &mut |_| {});
    s.compute(&live, &mut |_| {});
    assert_eq!(b.pool.session.query(1, &q), s.query(1, &q));
}

#[test]
fn another_request_replaces_what_runs_and_its_replies_are_dropped() {
    let first = req("rural", 1, false);
    let (assign, live) = (req("rural", 2, false), req("rural", 2, true));
    let expected = alone(&[assign.clone(), live.clone()]);
    let mut b = Bench::new(2);
    b.compute(&first);
    assert!(b.step(0), "a job of the first request ran");
    b.compute(&assign);
    b.drain();
    assert!(
        b.done(first.id).is_empty(),
        "the replaced request was answered"
    );
    assert_eq!(b.done(assign.id), vec![&expected[0]]);
    // Calendars of another seed than the assignment's are computed afresh, not adopted.
    let other = req("rural", 4, true);
    b.compute(&other);
    b.drain();
    assert_eq!(
        b.done(other.id),
        vec![&alone(std::slice::from_ref(&other))[0]]
    );
    // The assignment's own calendars were given up with it: computed afresh as well.
    b.compute(&live);
    b.drain();
    assert_eq!(b.done(live.id), vec![&expected[1]]);
}

#[test]
fn a_helper_that_dies_with_a_model_fails_the_computation_and_the_rest_go_on() {
    let r = req("rural", 5, false);
    let mut b = Bench::new(2);
    b.compute(&r);
    b.tell(1, Err("gone".into()));
    let failed = b.done(r.id);
    assert!(
        matches!(failed.as_slice(), [Reply::Failed { .. }]),
        "{failed:?}"
    );
    // The next request runs on the helper that is left; the dead one gets nothing.
    b.inboxes[1].0.borrow_mut().clear();
    let again = Request {
        id: 77,
        ..r.clone()
    };
    b.compute(&again);
    assert!(b.inboxes[1].0.borrow().is_empty());
    b.drain();
    let Reply::Done { outcome, .. } = &alone(&[r])[0] else {
        panic!("the request failed alone");
    };
    assert!(
        matches!(b.done(77).as_slice(), [Reply::Done { outcome: o, .. }] if o == outcome),
        "{:?}",
        b.done(77)
    );
}

#[test]
fn a_helper_ready_with_nothing_to_do_warms_up_and_only_then() {
    let mut b = Bench::cold(2);
    // Each helper got one small calendar to compute and throw away.
    for inbox in &b.inboxes {
        let q = inbox.0.borrow();
        assert_eq!(q.len(), 1);
        let ToHelper::Run(job) = &q[0] else {
            panic!("not a job: {:?}", q[0]);
        };
        assert_eq!(job.id, WARM_UP);
        assert!(job.request.calendar && job.request.preset == "county");
    }
    // A request that comes meanwhile waits for the helpers and is answered as alone.
    let r = req("rural", 8, true);
    b.compute(&r);
    b.drain();
    assert_eq!(b.done(r.id), vec![&alone(std::slice::from_ref(&r))[0]]);
    assert!(
        b.replies.iter().all(|x| !matches!(x,
            Reply::Done { id, .. } | Reply::Failed { id, .. } | Reply::Progress { id, .. }
                if *id == WARM_UP)),
        "a warm-up reached the page"
    );
    // A helper that joins while a computation runs gets its models, not a warm-up.
    let next = req("rural", 9, true);
    b.compute(&next);
    let inbox = Inbox::default();
    let k = b.pool.join(inbox.clone());
    b.inboxes.push(inbox.clone());
    b.helpers.push(Helper::default());
    b.tell(k, Ok(HelperReply::Ready));
    let sent: Vec<u64> = inbox
        .0
        .borrow()
        .iter()
        .filter_map(|m| match m {
            ToHelper::Run(j) => Some(j.id),
            ToHelper::Base(_) => None,
        })
        .collect();
    assert!(!sent.is_empty() && !sent.contains(&WARM_UP), "{sent:?}");
    b.drain();
    assert_eq!(
        b.done(next.id),
        vec![&alone(std::slice::from_ref(&next))[0]]
    );
}

#[test]
fn without_a_ready_helper_the_worker_computes_at_once() {
    let r = req("rural", 6, true);
    let mut b = Bench::new(0);
    b.compute(&r);
    assert_eq!(b.replies, alone(&[r]));
}

/// Random schedules of the page's requests (an assignment, then its calendars once the
/// assignment is answered, sometimes replaced by a new seed before their answer), of helpers
/// joining and saying Ready (some before the first request, as on a warm page) and of helpers
/// finishing their jobs: the page's last request is always answered, with the worker's own
/// answer, and nothing is left waiting.
#[test]
fn any_order_of_joins_readies_and_replies_answers_the_page_last_request() {
    use rand::{RngExt, SeedableRng};
    // Calendar jobs run before the page had its assignment's answer, over all schedules: the
    // schedules must reach the calendars started early.
    let mut early = 0;
    for schedule in 0..60u64 {
        let mut rng = rand_pcg::Pcg64::seed_from_u64(schedule);
        let n = rng.random_range(0..4usize);
        let mut pool: Pool<Inbox> = Pool::default();
        let inboxes: Vec<Inbox> = (0..n).map(|_| Inbox::default()).collect();
        let mut helpers: Vec<Helper> = (0..n).map(|_| Helper::default()).collect();
        // Each helper: its number in the pool once joined, and whether it said Ready.
        let mut joined: Vec<Option<usize>> = vec![None; n];
        let mut ready = vec![false; n];
        let mut replies: Vec<Reply> = Vec::new();
        for k in 0..n {
            if rng.random_bool(0.5) {
                let at = pool.join(inboxes[k].clone());
                joined[k] = Some(at);
                ready[k] = true;
                assert_eq!(pool.on_helper(at, Ok(HelperReply::Ready)), None);
            }
        }
        let small = |seed: u64, calendar: bool| Request {
            customers: Some(120),
            ..req("rural", seed, calendar)
        };
        let mut seed = 1;
        let mut asked = small(seed, false);
        let compute = |pool: &mut Pool<Inbox>, r: &Request, replies: &mut Vec<Reply>| {
            if let Some(reply) = pool.compute(r, &mut |_| {}) {
                replies.push(reply);
            }
        };
        compute(&mut pool, &asked, &mut replies);
        let mut replaced = 0;
        let mut steps = 0;
        loop {
            steps += 1;
            assert!(steps < 10_000, "schedule {schedule}: no end");
            // The page answered: its next request, or the end.
            let answered = replies.iter().any(
                |r| matches!(r, Reply::Done { id, .. } | Reply::Failed { id, .. } if *id == asked.id),
            );
            if answered {
                if asked.calendar {
                    break;
                }
                asked = small(seed, true);
                compute(&mut pool, &asked, &mut replies);
                continue;
            }
            // What may happen now.
            let mut moves: Vec<(u8, usize)> = Vec::new();
            for k in 0..n {
                match (joined[k], ready[k]) {
                    (None, _) => moves.push((0, k)),
                    (Some(_), false) => moves.push((1, k)),
                    (Some(_), true) if !inboxes[k].0.borrow().is_empty() => {
                        // Finishing jobs is the usual event.
                        moves.extend([(2, k), (2, k), (2, k)]);
                    }
                    _ => {}
                }
            }
            if replaced < 3 {
                moves.push((3, 0));
            }
            assert!(
                !moves.is_empty(),
                "schedule {schedule}: the page waits for {} and nothing can happen",
                asked.id
            );
            let (what, k) = moves[rng.random_range(0..moves.len())];
            let tell = |pool: &mut Pool<Inbox>, reply: HelperReply, replies: &mut Vec<Reply>| {
                let at = joined[k].expect("joined");
                if let Some(r) = pool.on_helper(at, Ok(through_json(&reply))) {
                    replies.push(r);
                }
            };
            match what {
                0 => joined[k] = Some(pool.join(inboxes[k].clone())),
                1 => {
                    ready[k] = true;
                    tell(&mut pool, HelperReply::Ready, &mut replies);
                }
                2 => {
                    let Some(ToHelper::Run(job)) = inboxes[k].0.borrow_mut().pop_front() else {
                        continue;
                    };
                    early +=
                        usize::from(job.request.calendar && !asked.calendar && job.id != WARM_UP);
                    let id = job.id;
                    let mut ticks = 0;
                    let reply = helpers[k].run(*job, &mut || ticks += 1);
                    for _ in 0..ticks {
                        tell(&mut pool, HelperReply::Tick { id }, &mut replies);
                    }
                    tell(&mut pool, reply, &mut replies);
                }
                _ => {
                    // The user changes the seed before the answer: a new assignment.
                    replaced += 1;
                    seed += 1;
                    asked = small(seed, false);
                    compute(&mut pool, &asked, &mut replies);
                }
            }
        }
        let expected = alone(&[small(seed, false), small(seed, true)]);
        let got: Vec<&Reply> = replies
            .iter()
            .filter(
                |r| matches!(r, Reply::Done { id, .. } | Reply::Failed { id, .. } if *id == asked.id),
            )
            .collect();
        assert_eq!(got, vec![&expected[1]], "schedule {schedule}");
    }
    assert!(early > 0, "no schedule started calendars early");
}
