//! A computation's models handed out one at a time: to the worker's own loop (`run_here`) or to
//! helper workers, one model each, on the machine's other cores (`web::worker`). Both ways
//! run `core::compare::run_one` per model and `finish` on the whole, so the reply is the same
//! (a test checks it through the helpers' JSON).
//!
//! The helpers speak their own messages (`ToHelper`, `HelperReply`), not the page's: the page
//! never reads a model's whole outcome, so its wasm carries no reader for one.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use super::error::RequestError;
use super::message::{Explain, Message};
use super::outcome::{nearest_of, Outcome};
use super::protocol::{Request, ToWorker};
use super::request_scenario::scenario_of;
use crate::core::compare::{self, run_one, start_order, Comparison, ModelOutcome, Options};
use crate::core::models::{self, ModelId};
use crate::core::scenario::Scenario;
use crate::core::workload::Work;

/// One model of a computation, for a helper.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelJob {
    /// The computation's id, echoed in the helper's replies.
    pub id: u64,
    /// The request as the page sent it: the helper assembles the same scenario from it.
    pub request: Request,
    pub model: ModelId,
    /// The model's assignment-only outcome on the same scenario, when the page's first phase
    /// left one: the helper lives it instead of assigning again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned: Option<Box<ModelOutcome>>,
}

/// A message from the worker to one of its helpers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToHelper {
    Run(Box<ModelJob>),
    /// A part of an imported list (`ToWorker::BaseCustomers`, then `ToWorker::Base`), sent
    /// once ahead of the jobs that name it (`app::upload`): the list is not written into every
    /// job.
    Base(Box<ToWorker>),
}

/// A message from a helper to the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HelperReply {
    /// The helper has loaded and listens.
    Ready,
    /// One step of the computation's count done (`core::compare::Progress`).
    Tick { id: u64 },
    /// The model's outcome.
    Done { id: u64, outcome: Box<ModelOutcome> },
    /// Why the model could not be run, in the user's language.
    Failed { id: u64, error: Message },
}

/// What a comparison computes for a request (the page never asks for the establishment
/// search: the staffing view has its own request).
fn options_of(req: &Request) -> Options {
    Options {
        calendar: req.calendar,
        headcount_search: false,
        replications: req.replications,
        ..Options::default()
    }
}

/// `req` without what tells its two phases and its replies apart (id, calendar).
pub(super) fn phase_free(req: &Request) -> Request {
    Request {
        id: 0,
        calendar: false,
        ..req.clone()
    }
}

/// An assignment-only computation, kept for the calendar request that follows.
pub(super) struct Assigned {
    /// The request it answered (`phase_free`).
    pub request: Request,
    pub scenario: Scenario,
    pub cmp: Comparison,
    /// The scenario's nearest customers (`outcome::nearest_of`).
    pub near: Vec<Vec<usize>>,
}

/// A computation under way: its scenario, the models not yet handed out and the outcomes
/// back so far.
pub struct Fanout {
    req: Request,
    /// What the helpers' jobs and replies carry (`ModelJob::id`): the page's request id unless
    /// the worker gives another (`set_tag`).
    tag: u64,
    /// The page has asked for it (a computation started by `follow` has not yet).
    claimed: bool,
    scenario: Scenario,
    opt: Options,
    /// Assignment-only outcomes of the same scenario, taken by the models' jobs.
    kept: Vec<ModelOutcome>,
    /// Models (indices into `models::all()`) not handed out yet, the longest first.
    queue: VecDeque<usize>,
    results: Vec<Option<ModelOutcome>>,
    done: usize,
    total: usize,
    /// The customers' work, computed on the first model run here.
    work: Option<Vec<Work>>,
    /// The scenario's nearest customers, for the map's colours: kept from the assignment for
    /// its calendars, else found at the end. (Finding them while the helpers run was slower:
    /// a third thread on two cores slows the helpers more than it saves.)
    near: Option<Vec<Vec<usize>>>,
}

impl Fanout {
    /// The computation `req` asks for. `assigned`, an assignment-only computation kept from
    /// the request before, saves computing the assignments again (they read nothing but the
    /// scenario) when its scenario is this request's.
    pub(super) fn new(req: &Request, assigned: Option<Assigned>) -> Result<Fanout, RequestError> {
        let (scenario, reuse) = match assigned {
            // The same request but for the phase (the page's usual second step): its
            // scenario as built and checked then, not built again (a city's takes a third of
            // a second).
            Some(a) if a.request == phase_free(req) => (a.scenario, Some((a.cmp, a.near))),
            other => {
                let scenario = scenario_of(req)?;
                let reuse = other
                    .filter(|a| a.scenario == scenario)
                    .map(|a| (a.cmp, a.near));
                (scenario, reuse)
            }
        };
        let (reuse, near) = match reuse {
            Some((cmp, near)) => (Some(cmp), Some(near)),
            None => (None, None),
        };
        // What `compare::prepare` refuses, refused before any model is handed out.
        models::require_people(&scenario)?;
        let kept = reuse.map(|c| c.models).unwrap_or_default();
        Ok(Fanout::start(req.clone(), scenario, kept, near, true))
    }

    /// A computation of `req` on `scenario`, every model still to hand out; `claimed`: the
    /// page has asked for it.
    fn start(
        req: Request,
        scenario: Scenario,
        kept: Vec<ModelOutcome>,
        near: Option<Vec<Vec<usize>>>,
        claimed: bool,
    ) -> Fanout {
        let opt = options_of(&req);
        let n = models::all().len();
        Fanout {
            tag: req.id,
            claimed,
            scenario,
            kept,
            queue: start_order().into(),
            results: (0..n).map(|_| None).collect(),
            done: 0,
            total: n * compare::steps_per_model(&opt),
            work: None,
            near,
            opt,
            req,
        }
    }

    /// The computation's id (the page's request id).
    pub fn id(&self) -> u64 {
        self.req.id
    }

    /// The id the helpers' jobs carry.
    pub fn tag(&self) -> u64 {
        self.tag
    }

    /// Gives the helpers' jobs their own id (the worker's count of computations): a
    /// computation started before the page asks for it has no page id yet.
    pub fn set_tag(&mut self, tag: u64) {
        self.tag = tag;
    }

    /// The calendars that follow this assignment-only computation, started before the page
    /// asks for them (it always does next): the same request with calendars, to run for the
    /// models whose assignments are back (the rest join as they come back, `feed`). The page's
    /// request is matched to it by `Session::adopt`. `None` if this computation has calendars
    /// or asked for replications (the page's first phase never does).
    pub fn follow(&self) -> Option<Fanout> {
        if self.req.calendar || self.req.replications > 1 {
            return None;
        }
        let req = Request {
            id: 0,
            calendar: true,
            ..self.req.clone()
        };
        let kept = self.results.iter().flatten().cloned().collect();
        let mut next = Fanout::start(req, self.scenario.clone(), kept, None, false);
        next.queue_kept();
        Some(next)
    }

    /// A model's assignment back for these calendars (`follow`): its calendar can start. A
    /// model whose calendar is back or still waiting is not queued again (the pool feeds each
    /// model once; one handed out and not back is not known here).
    pub fn feed(&mut self, assigned: ModelOutcome) {
        let back = models::all()
            .iter()
            .zip(&self.results)
            .any(|(m, r)| m.id() == assigned.model && r.is_some());
        if back || self.kept.iter().any(|k| k.model == assigned.model) {
            return;
        }
        self.kept.push(assigned);
        self.queue_kept();
    }

    /// The calendars that follow an assignment wait for exactly the models whose assignment
    /// is kept (`next_job` takes it), the longest first.
    fn queue_kept(&mut self) {
        let all = models::all();
        let kept = &self.kept;
        self.queue = start_order()
            .into_iter()
            .filter(|&i| {
                all.get(i)
                    .is_some_and(|m| kept.iter().any(|k| k.model == m.id()))
            })
            .collect();
    }

    /// Models are still waiting to be handed out.
    pub fn has_jobs(&self) -> bool {
        !self.queue.is_empty()
    }

    /// Makes a computation started by `follow` the answer to the page's request `req`, with
    /// `near` (kept with the assignment) if given. `false`, and nothing changed, if `req` is not
    /// the request it was started for.
    pub(super) fn adopt(&mut self, req: &Request, near: Option<Vec<Vec<usize>>>) -> bool {
        if self.claimed || phase_free(&self.req) != phase_free(req) || !req.calendar {
            return false;
        }
        self.claimed = true;
        self.req.id = req.id;
        if self.near.is_none() {
            self.near = near;
        }
        true
    }

    /// Started by `follow` and not yet asked for by the page.
    pub fn unclaimed(&self) -> bool {
        !self.claimed
    }

    /// The next model for a helper, `None` once every model is handed out.
    pub fn next_job(&mut self) -> Option<ModelJob> {
        let i = self.queue.pop_front()?;
        let model = models::all().get(i)?.id();
        Some(ModelJob {
            id: self.tag,
            request: self.req.clone(),
            model,
            assigned: self.take_kept(model).map(Box::new),
        })
    }

    fn take_kept(&mut self, model: ModelId) -> Option<ModelOutcome> {
        let i = self.kept.iter().position(|k| k.model == model)?;
        Some(self.kept.swap_remove(i))
    }

    /// One more step done (a helper's `Tick`): the progress to show.
    pub fn tick(&mut self) -> compare::Progress {
        self.done += 1;
        compare::Progress {
            done: self.done.min(self.total),
            total: self.total,
        }
    }

    /// A model's outcome back from a helper. Whether every model is now back.
    pub fn accept(&mut self, outcome: ModelOutcome) -> bool {
        let all = models::all();
        if let Some(i) = all.iter().position(|m| m.id() == outcome.model) {
            self.results[i] = Some(outcome);
        }
        self.complete()
    }

    /// Every model's outcome is back.
    pub fn complete(&self) -> bool {
        self.results.iter().all(Option::is_some)
    }

    /// Runs the models not handed out here, one after another, calling `progress` after each
    /// step.
    pub fn run_here(
        &mut self,
        progress: &mut dyn FnMut(compare::Progress),
    ) -> Result<(), RequestError> {
        let all = models::all();
        while let Some(i) = self.queue.pop_front() {
            let Some(m) = all.get(i) else { continue };
            if self.work.is_none() {
                self.work = Some(compare::prepare(&self.scenario)?);
            }
            let assigned = self.take_kept(m.id());
            let Fanout {
                scenario,
                opt,
                work,
                done,
                total,
                ..
            } = self;
            let work = work.as_deref().unwrap_or_default();
            let out = run_one(scenario, work, m.as_ref(), opt, assigned, &mut || {
                *done += 1;
                progress(compare::Progress {
                    done: (*done).min(*total),
                    total: *total,
                });
            })?;
            self.results[i] = Some(out);
        }
        Ok(())
    }

    /// The comparison of every model's outcome, shaped for the page, and the scenario's
    /// nearest customers. `None` while a model is not back (the caller waits for `accept` to
    /// say so).
    pub(super) fn finish(mut self) -> Option<Result<Finished, RequestError>> {
        let out: Vec<ModelOutcome> = self.results.into_iter().collect::<Option<_>>()?;
        let cmp = match compare::finish(&self.scenario, &self.opt, out) {
            Ok(cmp) => cmp,
            Err(e) => return Some(Err(e.into())),
        };
        let near = self
            .near
            .take()
            .unwrap_or_else(|| nearest_of(&self.scenario));
        let outcome = Outcome::of_near(self.scenario, &cmp, self.req.calendar, &near);
        Some(Ok(Finished { outcome, cmp, near }))
    }

    /// Whether the page asked for calendars (the second phase).
    pub(super) fn calendar(&self) -> bool {
        self.req.calendar
    }

    pub(super) fn request(&self) -> &Request {
        &self.req
    }
}

/// A computation done: the page's outcome, the comparison (for the queries) and the
/// scenario's nearest customers (kept with an assignment for its calendars).
pub(super) struct Finished {
    pub outcome: Outcome,
    pub cmp: Comparison,
    pub near: Vec<Vec<usize>>,
}

/// A helper's memory: the last request's scenario and work, for its next model (a helper
/// usually runs several models of one computation).
#[derive(Default)]
pub struct Helper {
    last: Option<(Request, Scenario, Vec<Work>)>,
}

impl Helper {
    /// Runs `job`, calling `tick` after each step; a failure is a `Failed` reply, never a
    /// panic.
    pub fn run(&mut self, job: ModelJob, tick: &mut dyn FnMut()) -> HelperReply {
        match self.outcome(job.request, job.model, job.assigned.map(|a| *a), tick) {
            Ok(outcome) => HelperReply::Done {
                id: job.id,
                outcome: Box::new(outcome),
            },
            Err(e) => HelperReply::Failed {
                id: job.id,
                error: e.message(),
            },
        }
    }

    fn outcome(
        &mut self,
        req: Request,
        model: ModelId,
        assigned: Option<ModelOutcome>,
        tick: &mut dyn FnMut(),
    ) -> Result<ModelOutcome, RequestError> {
        let key = phase_free(&req);
        let (sc, work) = match self.last.take() {
            Some((r, sc, work)) if r == key => (sc, work),
            _ => {
                let sc = scenario_of(&req)?;
                let work = compare::prepare(&sc)?;
                (sc, work)
            }
        };
        let all = models::all();
        let m = all
            .iter()
            .find(|m| m.id() == model)
            .ok_or(RequestError::UnknownModel)?;
        let out = run_one(&sc, &work, m.as_ref(), &options_of(&req), assigned, tick);
        self.last = Some((key, sc, work));
        Ok(out?)
    }
}
