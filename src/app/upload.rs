//! An imported list going to the worker once, in parts. A province's list (300,000 customers)
//! written into every request held the page for 2-4 s at each change: the JSON text, its
//! conversion to a JavaScript string and the post, all on the page's thread. Now the page sends
//! a list once, its customers a part per task (`Upload`), and each request names it by number
//! (`Request::kept_base`); the worker keeps the last list it was sent (`Inbox`) and puts it
//! back into the requests. The worker does the same with its helpers, whose jobs carry the
//! request (`fanout::ToHelper::Base`). A result whose customers are still the list's comes
//! back without them (`Reply::Done`'s `list`), and the page puts its own back (`Sender::fill`).
//! Plain data on both sides, so both are tested natively; `web::worker` only posts and
//! receives.

use std::rc::Rc;

use super::error::WorkerError;
use super::message::Explain;
use super::protocol::{Reply, Request, ToWorker};
use crate::core::scenario::{Customer, Scenario};

/// The page's end: the messages that carry one list, made one at a time as they are posted.
#[derive(Debug)]
pub struct Upload {
    base: u64,
    scenario: Rc<Scenario>,
    /// Customers already handed out.
    sent: usize,
    per_part: usize,
    finished: bool,
}

impl Upload {
    /// The list `scenario`, numbered `base`, in parts of `per_part` customers.
    pub fn new(base: u64, scenario: Rc<Scenario>, per_part: usize) -> Upload {
        Upload {
            base,
            scenario,
            sent: 0,
            per_part: per_part.max(1),
            finished: false,
        }
    }

    /// The next message: the customers in parts, then the rest of the list; `None` after that.
    pub fn next_message(&mut self) -> Option<ToWorker> {
        let customers = &self.scenario.customers;
        if self.sent < customers.len() {
            let end = (self.sent + self.per_part).min(customers.len());
            let part = customers[self.sent..end].to_vec();
            self.sent = end;
            return Some(ToWorker::BaseCustomers {
                base: self.base,
                customers: part,
            });
        }
        if self.finished {
            return None;
        }
        self.finished = true;
        Some(ToWorker::Base {
            base: self.base,
            scenario: Box::new(self.scenario.with_customers(Vec::new())),
        })
    }
}

/// The page's record of the list its worker holds (or is being sent), so a list goes once.
#[derive(Debug, Default)]
pub struct Sender {
    kept: Option<(u64, Rc<Scenario>)>,
    upload: Option<Upload>,
    numbered: u64,
}

impl Sender {
    /// Takes the list out of `msg`'s request and names it instead (`kept_base`); a list the
    /// worker was not sent before starts an upload (replacing one under way).
    pub fn name_base(&mut self, msg: &mut ToWorker, per_part: usize) {
        if let Some(req) = msg.request_mut() {
            self.name_request(req, per_part);
        }
    }

    /// `name_base` for a request itself (a helper's job carries one).
    pub fn name_request(&mut self, req: &mut Request, per_part: usize) {
        let Some(base) = req.base.take() else {
            return;
        };
        let number = match &self.kept {
            Some((k, held)) if Rc::ptr_eq(held, &base) => *k,
            _ => {
                self.numbered += 1;
                let k = self.numbered;
                self.upload = Some(Upload::new(k, base.clone(), per_part));
                self.kept = Some((k, base));
                k
            }
        };
        req.kept_base = Some(number);
    }

    /// A number for a list the worker will make itself (`ToWorker::Rederive`'s `keep`).
    pub fn reserve(&mut self) -> u64 {
        self.numbered += 1;
        self.numbered
    }

    /// The worker made `list` and keeps it as `number` (a reserved one): requests holding
    /// this very list name it without sending it. While another list is under way the page has
    /// moved on, and that one is what the worker will hold.
    pub fn adopt(&mut self, number: u64, list: Rc<Scenario>) {
        if self.upload.is_none() {
            self.kept = Some((number, list));
        }
    }

    /// The next part of the list under way, if any.
    pub fn next_part(&mut self) -> Option<ToWorker> {
        let part = self.upload.as_mut()?.next_message();
        if part.is_none() {
            self.upload = None;
        }
        part
    }

    /// Whether parts remain to be sent.
    pub fn uploading(&self) -> bool {
        self.upload.is_some()
    }

    /// `reply` with the customers the worker left out (a `Done`'s `list`) put back from the
    /// list of that number, shared rather than copied; every other reply as it is. A list the
    /// page no longer holds cannot be put back: the reply becomes its failure (it answers a
    /// request the page has replaced, or the worker and the page disagree).
    pub fn fill(&self, reply: Reply) -> Reply {
        let Reply::Done {
            id,
            mut outcome,
            list: Some(k),
        } = reply
        else {
            return reply;
        };
        match &self.kept {
            Some((held, sc)) if *held == k => {
                outcome.scenario.customers = sc.customers.clone();
                Reply::Done {
                    id,
                    outcome,
                    list: None,
                }
            }
            _ => Reply::Failed {
                id,
                error: WorkerError::BadMessage(format!("list {k} is not the page's")).message(),
            },
        }
    }
}

/// The worker's end: gathers a list's parts and keeps the last list whole.
#[derive(Debug, Default)]
pub struct Inbox {
    receiving: Option<(u64, Vec<Customer>)>,
    kept: Option<(u64, Rc<Scenario>)>,
}

impl Inbox {
    /// `Ok(None)` for a part of a list (kept); the message to act on otherwise, its request
    /// holding the list it names. A request naming a list this worker was not sent is an
    /// error (the page sends a list again to a restarted worker).
    pub fn take(&mut self, mut msg: ToWorker) -> Result<Option<ToWorker>, WorkerError> {
        match msg {
            ToWorker::BaseCustomers { base, customers } => {
                match &mut self.receiving {
                    Some((k, gathered)) if *k == base => gathered.extend(customers),
                    // A list replaced before it was whole: its parts are dropped.
                    _ => self.receiving = Some((base, customers)),
                }
                Ok(None)
            }
            ToWorker::Base { base, mut scenario } => {
                if let Some((k, gathered)) = self.receiving.take() {
                    if k == base {
                        scenario.customers = gathered.into();
                    }
                }
                self.kept = Some((base, Rc::from(scenario)));
                Ok(None)
            }
            _ => {
                if let Some(req) = msg.request_mut() {
                    self.fill(req)?;
                }
                Ok(Some(msg))
            }
        }
    }

    /// Keeps `list`, which this worker made, as the list numbered `number` (`Sender::adopt`).
    pub fn keep(&mut self, number: u64, list: Rc<Scenario>) {
        self.receiving = None;
        self.kept = Some((number, list));
    }

    /// Puts the list `req` names back into it (nothing to do for a request that names none).
    pub fn fill(&self, req: &mut Request) -> Result<(), WorkerError> {
        let Some(k) = req.kept_base else {
            return Ok(());
        };
        match &self.kept {
            Some((held, sc)) if *held == k => {
                req.base = Some(sc.clone());
                req.kept_base = None;
                req.list = Some(k);
                Ok(())
            }
            _ => Err(WorkerError::BadMessage(format!(
                "list {k} was not sent to this worker"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::protocol::{PilotRequest, StaffingRequest};
    use crate::core::assignment::ModelId;
    use crate::core::generate::{generate, Preset};

    fn list() -> Rc<Scenario> {
        let mut sc = generate(Preset::Rural, 3).expect("preset");
        sc.source = "imported".into();
        Rc::new(sc)
    }

    fn compute(id: u64, base: Option<Rc<Scenario>>) -> ToWorker {
        ToWorker::Compute(Request {
            id,
            base,
            ..Request::of_preset("county", 1)
        })
    }

    /// Through JSON, as the messages cross.
    fn crossed(m: &ToWorker) -> ToWorker {
        serde_json::from_str(&serde_json::to_string(m).expect("to json")).expect("from json")
    }

    /// Everything the page posts for `msg`: the list's parts, then `msg`.
    fn posted(page: &mut Sender, mut msg: ToWorker, per_part: usize) -> Vec<ToWorker> {
        page.name_base(&mut msg, per_part);
        let mut out = Vec::new();
        while let Some(p) = page.next_part() {
            out.push(p);
        }
        out.push(msg);
        out
    }

    /// What the worker acts on. A request that named a list records the number (`list`; what
    /// it is for is tested in `a_result_of_the_pages_own_list_comes_back_without_its_customers`),
    /// taken out here so the requests compare with the page's.
    fn received(worker: &mut Inbox, msgs: Vec<ToWorker>) -> Vec<ToWorker> {
        msgs.iter()
            .filter_map(|m| worker.take(crossed(m)).expect("known list"))
            .map(|mut m| {
                if let Some(r) = m.request_mut() {
                    assert_eq!(r.list.is_some(), r.base.is_some(), "{r:?}");
                    r.list = None;
                }
                m
            })
            .collect()
    }

    #[test]
    fn a_list_goes_once_in_parts_and_every_request_gets_it_back_whole() {
        let sc = list();
        let n = sc.customers.len();
        assert!(n > 1000, "{n} customers");
        let (mut page, mut worker) = (Sender::default(), Inbox::default());

        let first = posted(&mut page, compute(1, Some(sc.clone())), 250);
        assert_eq!(
            first.len(),
            n.div_ceil(250) + 2,
            "parts, the rest, the request"
        );
        assert!(first[..n.div_ceil(250)].iter().all(
            |m| matches!(m, ToWorker::BaseCustomers { base: 1, customers } if customers.len() <= 250)
        ));
        assert!(
            matches!(&first[n.div_ceil(250)], ToWorker::Base { base: 1, scenario } if scenario.customers.is_empty())
        );
        let ToWorker::Compute(sent) = first.last().expect("request") else {
            panic!("not a request");
        };
        assert_eq!((sent.base.is_none(), sent.kept_base), (true, Some(1)));
        assert_eq!(
            received(&mut worker, first),
            vec![compute(1, Some(sc.clone()))]
        );

        // The same list again (the page's own `Rc`): the request alone, which names it.
        let again = posted(&mut page, compute(2, Some(sc.clone())), 250);
        assert_eq!(again.len(), 1);
        assert_eq!(
            received(&mut worker, again),
            vec![compute(2, Some(sc.clone()))]
        );

        // A staffing run and a pilot on it name it too.
        let staffing = ToWorker::Staffing(StaffingRequest {
            id: 3,
            base: Request {
                base: Some(sc.clone()),
                ..Request::of_preset("county", 1)
            },
            headcounts: vec![5, 6],
            search: false,
        });
        let pilot = ToWorker::Pilot(PilotRequest {
            id: 4,
            base: Request {
                base: Some(sc.clone()),
                ..Request::of_preset("county", 1)
            },
            departments: vec!["D1".into()],
            model: ModelId::Specialised,
            stages: Vec::new(),
        });
        for m in [staffing, pilot] {
            let sent = posted(&mut page, m.clone(), 250);
            assert_eq!(sent.len(), 1, "{sent:?}");
            assert_eq!(received(&mut worker, sent), vec![m]);
        }

        // Requests without a list pass as they are.
        let plain = compute(5, None);
        assert_eq!(
            received(&mut worker, posted(&mut page, plain.clone(), 250)),
            vec![plain]
        );
    }

    #[test]
    fn a_new_list_replaces_the_old_and_a_list_cut_short_is_not_mixed_in() {
        let (a, b) = (
            list(),
            Rc::new(generate(Preset::County, 4).expect("preset")),
        );
        let (mut page, mut worker) = (Sender::default(), Inbox::default());
        // `a` starts going up; `b` replaces it after two parts.
        let mut first = compute(1, Some(a.clone()));
        page.name_base(&mut first, 300);
        let early: Vec<ToWorker> = (0..2).filter_map(|_| page.next_part()).collect();
        assert!(page.uploading());
        assert_eq!(received(&mut worker, early), Vec::new());
        let second = posted(&mut page, compute(2, Some(b.clone())), 300);
        assert_eq!(
            received(&mut worker, second),
            vec![compute(2, Some(b.clone()))]
        );
        assert!(!page.uploading());
        // Back to `a`: a list of its own again, whole.
        let third = posted(&mut page, compute(3, Some(a.clone())), 300);
        assert!(third.len() > 2);
        assert_eq!(
            received(&mut worker, third),
            vec![compute(3, Some(a.clone()))]
        );
    }

    #[test]
    fn a_helper_gets_the_list_once_ahead_of_its_jobs() {
        use crate::app::fanout::{ModelJob, ToHelper};
        let sc = list();
        let (mut worker, mut helper) = (Sender::default(), Inbox::default());
        let job = |id: u64| ModelJob {
            id,
            request: Request {
                id,
                base: Some(sc.clone()),
                ..Request::of_preset("county", 1)
            },
            model: ModelId::Region,
            assigned: None,
        };
        for (id, parts_wanted) in [(1, sc.customers.len().div_ceil(500) + 1), (2, 0)] {
            // What the worker posts to the helper for one job: the list's parts, then the job.
            let mut sent = job(id);
            worker.name_request(&mut sent.request, 500);
            let mut parts = 0;
            while let Some(part) = worker.next_part() {
                let crossed: ToHelper = serde_json::from_str(
                    &serde_json::to_string(&ToHelper::Base(Box::new(part))).expect("to json"),
                )
                .expect("from json");
                let ToHelper::Base(part) = crossed else {
                    panic!("not a part");
                };
                assert_eq!(helper.take(*part).expect("a part"), None);
                parts += 1;
            }
            assert_eq!(parts, parts_wanted, "job {id}");
            let crossed: ToHelper = serde_json::from_str(
                &serde_json::to_string(&ToHelper::Run(Box::new(sent))).expect("to json"),
            )
            .expect("from json");
            let ToHelper::Run(mut got) = crossed else {
                panic!("not a job");
            };
            helper.fill(&mut got.request).expect("the list");
            assert_eq!(
                got.request.list.take(),
                Some(1),
                "the worker's number for it"
            );
            assert_eq!(*got, job(id));
        }
    }

    /// The page's end of a reply: its parts through JSON, gathered, the list put back.
    fn on_page(page: &Sender, reply: Reply, per_part: usize) -> Reply {
        use crate::app::parts::{into_parts, Assembler};
        let mut assembler = Assembler::default();
        let mut whole = None;
        for part in into_parts(reply, per_part) {
            let part: Reply = serde_json::from_slice(&serde_json::to_vec(&part).expect("to json"))
                .expect("from json");
            whole = assembler.take(part).or(whole);
        }
        page.fill(whole.expect("a whole reply"))
    }

    #[test]
    fn a_result_of_the_pages_own_list_comes_back_without_its_customers() {
        use crate::app::session::{self, Session};
        use crate::core::models::locks::Lock;
        use std::sync::Arc;
        let sc = list();
        let n = sc.customers.len();
        let req = |id: u64, locks: Vec<Lock>| Request {
            id,
            base: Some(sc.clone()),
            locks,
            ..Request::of_preset("county", 1)
        };
        let (mut page, mut worker) = (Sender::default(), Inbox::default());
        let mut session = Session::default();
        let mut at_worker = |page: &mut Sender, r: Request| {
            let got: Vec<ToWorker> = posted(page, ToWorker::Compute(r), 500)
                .iter()
                .filter_map(|m| worker.take(crossed(m)).expect("known list"))
                .collect();
            match got.as_slice() {
                [ToWorker::Compute(r)] => r.clone(),
                other => panic!("not one request: {other:?}"),
            }
        };

        // The worker's request records the list's number; its result leaves the customers out.
        let r = at_worker(&mut page, req(1, Vec::new()));
        assert_eq!(r.list, Some(1));
        let reply = session.compute(&r, &mut |_| {});
        let Reply::Done { outcome, list, .. } = &reply else {
            panic!("not done: {reply:?}");
        };
        assert_eq!(*list, Some(1));
        assert!(outcome.scenario.customers.is_empty());
        let parts = crate::app::parts::into_parts(reply.clone(), 500);
        assert!(
            !parts.iter().any(|p| matches!(p, Reply::Customers { .. })),
            "no customer goes back"
        );
        assert_eq!(parts.len(), 6, "five models one by one, then the rest");
        // On the page: the same reply as one that carried them, holding the page's own list.
        let whole = on_page(&page, reply, 500);
        assert_eq!(whole, session::run(&req(1, Vec::new()), &mut |_| {}));
        let Reply::Done { outcome, .. } = &whole else {
            panic!("not done: {whole:?}");
        };
        assert!(Arc::ptr_eq(&outcome.scenario.customers, &sc.customers));
        assert_eq!(outcome.scenario.customers.len(), n);

        // A lock changes a customer: the result carries its customers, and the page's list is
        // left as it was.
        let lock = Lock {
            customer: sc.customers[0].id.clone(),
            manager: sc.managers[0].id.clone(),
        };
        let r = at_worker(&mut page, req(2, vec![lock.clone()]));
        let reply = session.compute(&r, &mut |_| {});
        assert!(
            matches!(&reply, Reply::Done { list: None, .. }),
            "{reply:?}"
        );
        let whole = on_page(&page, reply, 500);
        assert_eq!(whole, session::run(&req(2, vec![lock]), &mut |_| {}));
        let Reply::Done { outcome, .. } = &whole else {
            panic!("not done: {whole:?}");
        };
        assert_eq!(outcome.scenario.customers.len(), n);
        assert!(outcome.scenario.customers[0].locked_to.is_some());
        assert!(sc.customers[0].locked_to.is_none());

        // A page that no longer holds the list gets the reply's failure, not an empty list.
        let r = at_worker(&mut page, req(3, Vec::new()));
        let reply = session.compute(&r, &mut |_| {});
        match on_page(&Sender::default(), reply, 500) {
            Reply::Failed { id, error } => {
                assert_eq!(id, 3);
                assert!(format!("{error:?}").contains('1'), "{error:?}");
            }
            other => panic!("not a failure: {other:?}"),
        }
    }

    #[test]
    fn a_request_naming_a_list_the_worker_never_got_is_refused() {
        let mut worker = Inbox::default();
        let mut req = compute(1, None);
        if let Some(r) = req.request_mut() {
            r.kept_base = Some(7);
        }
        let err = worker.take(req).expect_err("no list 7");
        assert!(err.to_string().contains('7'), "{err}");
    }

    #[test]
    fn a_list_without_customers_still_goes_and_comes_back() {
        let mut sc = Scenario::empty(2);
        sc.source = "opened".into();
        let sc = Rc::new(sc);
        let (mut page, mut worker) = (Sender::default(), Inbox::default());
        let sent = posted(&mut page, compute(1, Some(sc.clone())), 100);
        assert_eq!(sent.len(), 2, "the rest and the request");
        assert_eq!(received(&mut worker, sent), vec![compute(1, Some(sc))]);
    }

    #[test]
    fn a_list_the_worker_derived_is_named_by_the_page_without_going_back() {
        let sc = list();
        let (mut page, mut worker) = (Sender::default(), Inbox::default());
        let first = posted(&mut page, compute(1, Some(sc.clone())), 500);
        received(&mut worker, first);
        // The worker derives a new list and keeps it under a number the page reserved.
        let keep = page.reserve();
        let mut derived = (*sc).clone();
        derived.customers_mut().truncate(300);
        let derived = Rc::new(derived);
        worker.keep(keep, derived.clone());
        // The page takes the list from the reply (its own `Rc` from now on).
        let on_page = Rc::new((*derived).clone());
        page.adopt(keep, on_page.clone());
        let sent = posted(&mut page, compute(2, Some(on_page.clone())), 500);
        assert_eq!(sent.len(), 1, "the request alone: {sent:?}");
        assert_eq!(
            received(&mut worker, sent),
            vec![compute(2, Some(derived.clone()))]
        );
        // The old list is not the worker's any more: it goes again.
        let old = posted(&mut page, compute(3, Some(sc.clone())), 500);
        assert!(old.len() > 1);
        assert_eq!(
            received(&mut worker, old),
            vec![compute(3, Some(sc.clone()))]
        );

        // A list under way when a derived one comes back: the page has moved on, and the
        // list under way is what the worker will hold.
        let other = Rc::new((*derived).clone());
        let mut msg = compute(4, Some(other.clone()));
        page.name_base(&mut msg, 100);
        let keep = page.reserve();
        page.adopt(keep, derived.clone());
        assert!(page.uploading());
        let mut rest = Vec::new();
        while let Some(p) = page.next_part() {
            rest.push(p);
        }
        rest.push(msg);
        assert_eq!(received(&mut worker, rest), vec![compute(4, Some(other))]);
    }
}
