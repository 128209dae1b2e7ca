//! The worker's helpers and the computations they run: which helper gets which model, which
//! helper replies still count, and when the calendars that follow an assignment start. Plain
//! logic over a port to each helper (`HelperPort`), so it is tested natively with helpers run
//! in place (tests/pool.rs); the web shell (`web::worker`) gives it message ports.
//!
//! One computation the page asked for runs at a time (`running`). An assignment is always
//! followed by the page's request for its calendars, so they start before it asks: on any
//! helper left without a model while the assignment's last models are still running, and with
//! the rest once the assignment is complete (`next`). The page's request is then matched to
//! them (`Session::adopt`); any other request replaces both, and the helpers' replies to them
//! are dropped by their tag.

use super::error::WorkerError;
use super::fanout::{Fanout, HelperReply, ModelJob, ToHelper};
use super::message::Explain;
use super::protocol::{Reply, Request};
use super::session::Session;
use crate::core::compare::Progress;
use crate::core::generate::Preset;
use crate::core::models::ModelId;

/// The worker's end of a channel to one helper.
pub trait HelperPort {
    /// Sends `message`; `false` if it could not be sent.
    fn send(&self, message: &ToHelper) -> bool;
}

/// The tag of a helper's warm-up job (`Pool::warm_up`): computations' tags count from 1.
pub const WARM_UP: u64 = u64::MAX;

struct Slot<P> {
    port: P,
    /// It has said `Ready`.
    ready: bool,
    /// Running a model (of a computation still under way or of one replaced meanwhile).
    busy: bool,
}

/// The worker's memory: the session (the calendars kept for queries), its helpers and the
/// computations they run.
pub struct Pool<P> {
    pub session: Session,
    helpers: Vec<Slot<P>>,
    /// The computation the page asked for last, or the calendars that follow an assignment
    /// once it has been answered (unclaimed until the page asks for them).
    running: Option<Fanout>,
    /// The calendars that follow `running`, an assignment still under way.
    next: Option<Fanout>,
    /// Computations handed to the helpers so far (their jobs' tags).
    tags: u64,
}

impl<P> Default for Pool<P> {
    fn default() -> Self {
        Pool {
            session: Session::default(),
            helpers: Vec::new(),
            running: None,
            next: None,
            tags: 0,
        }
    }
}

impl<P: HelperPort> Pool<P> {
    /// Takes a helper; its number, as `on_helper` names it. It gets work once it says `Ready`.
    pub fn join(&mut self, port: P) -> usize {
        self.helpers.push(Slot {
            port,
            ready: false,
            busy: false,
        });
        self.helpers.len() - 1
    }

    /// The page asks for `req`. The reply if it is answered at once (refused, already
    /// computed, or computed here for want of a helper, with `progress` after each step);
    /// `None` while helpers compute it (`on_helper` gives the reply).
    pub fn compute(&mut self, req: &Request, progress: &mut dyn FnMut(Progress)) -> Option<Reply> {
        // The calendars started after the assignment, before the page asked, are the answer
        // if this is the request they were started for. Anything else under way is replaced.
        self.next = None;
        let adopted = match self.running.take() {
            Some(mut f) if f.unclaimed() => self.session.adopt(&mut f, req).then_some(f),
            _ => None,
        };
        let started = match adopted {
            Some(f) => Ok(f),
            None => self.session.begin(req),
        };
        match started {
            Err(reply) => Some(reply),
            Ok(fanout) if fanout.complete() => Some(self.session.end(fanout)),
            Ok(mut fanout) if self.helpers.iter().all(|h| !h.ready) => {
                Some(match fanout.run_here(progress) {
                    Ok(()) => self.session.end(fanout),
                    Err(e) => Reply::Failed {
                        id: req.id,
                        error: e.message(),
                    },
                })
            }
            Ok(mut fanout) => {
                if fanout.tag() == req.id {
                    fanout.set_tag(self.new_tag());
                }
                self.running = Some(fanout);
                self.dispatch();
                None
            }
        }
    }

    /// Hands the next models to the helpers that are free: the running computation's first,
    /// then the calendars that follow it.
    fn dispatch(&mut self) {
        let free = self.helpers.iter().filter(|h| h.ready && !h.busy).count();
        if free == 0 {
            return;
        }
        let starts_next = self.next.is_none()
            && self
                .running
                .as_ref()
                .is_some_and(|f| !f.unclaimed() && !f.has_jobs() && !f.complete());
        if starts_next {
            if let Some(mut next) = self.running.as_ref().and_then(Fanout::follow) {
                next.set_tag(self.new_tag());
                self.next = Some(next);
            }
        }
        let Pool {
            helpers,
            running,
            next,
            ..
        } = self;
        for h in helpers.iter_mut().filter(|h| h.ready && !h.busy) {
            let job = running
                .as_mut()
                .and_then(Fanout::next_job)
                .or_else(|| next.as_mut().and_then(Fanout::next_job));
            let Some(job) = job else { break };
            if h.port.send(&ToHelper::Run(Box::new(job))) {
                h.busy = true;
            }
        }
    }

    /// What helper `k` said (`Err`: it could not be understood, or has died); the reply to
    /// post to the page, if any.
    pub fn on_helper(&mut self, k: usize, reply: Result<HelperReply, String>) -> Option<Reply> {
        let running = self.running.as_ref().map(Fanout::tag);
        let next = self.next.as_ref().map(Fanout::tag);
        // The page's id of what is running; none for calendars it has not asked for yet.
        let page_id = self
            .running
            .as_ref()
            .filter(|f| !f.unclaimed())
            .map(Fanout::id);
        let mut answer = None;
        match reply {
            Ok(HelperReply::Ready) => {
                if let Some(h) = self.helpers.get_mut(k) {
                    h.ready = true;
                }
                if self.running.is_none() && self.next.is_none() {
                    self.warm_up(k);
                }
            }
            Ok(HelperReply::Tick { id }) if running == Some(id) => {
                if let Some(f) = self.running.as_mut() {
                    let p = f.tick();
                    answer = page_id.map(|id| Reply::Progress {
                        id,
                        done: p.done,
                        total: p.total,
                    });
                }
            }
            Ok(HelperReply::Tick { id }) => {
                if let Some(f) = self.next.as_mut().filter(|_| next == Some(id)) {
                    f.tick();
                }
            }
            Ok(HelperReply::Done { id, outcome }) => {
                self.free(k);
                if running == Some(id) {
                    if let Some(next) = self.next.as_mut() {
                        next.feed((*outcome).clone());
                    }
                    let complete = self.running.as_mut().is_some_and(|f| f.accept(*outcome));
                    // Calendars the page has not asked for yet wait, complete, for its request.
                    if complete && page_id.is_some() {
                        if let Some(done) = self.running.take() {
                            // The calendars the page asks for next run on while the
                            // assignment is shaped for the page.
                            self.running = self.next.take().or_else(|| {
                                let mut f = done.follow()?;
                                f.set_tag(self.new_tag());
                                Some(f)
                            });
                            self.dispatch();
                            answer = Some(self.session.end(done));
                        }
                    }
                } else if next == Some(id) {
                    if let Some(f) = self.next.as_mut() {
                        f.accept(*outcome);
                    }
                }
            }
            Ok(HelperReply::Failed { id, error }) => {
                self.free(k);
                if running == Some(id) {
                    self.running = None;
                    self.next = None;
                    answer = page_id.map(|id| Reply::Failed { id, error });
                } else if next == Some(id) {
                    // The page's request for these calendars will compute them afresh.
                    self.next = None;
                }
            }
            // A helper that cannot be understood or has died is not used again; a model it
            // held fails its computation rather than leave it waiting for ever.
            Err(detail) => {
                let held = self.helpers.get_mut(k).is_some_and(|h| {
                    let busy = h.busy;
                    h.ready = false;
                    h.busy = false;
                    busy
                });
                if held && (running.is_some() || next.is_some()) {
                    self.running = None;
                    self.next = None;
                    answer = page_id.map(|id| Reply::Failed {
                        id,
                        error: WorkerError::Helper(detail).message(),
                    });
                }
            }
        }
        self.dispatch();
        answer
    }

    /// Hands helper `k`, just ready with nothing to do, one model of the county preset with its
    /// calendar to compute and throw away (its replies carry `WARM_UP` and are dropped). A fresh
    /// helper runs its code unoptimised until the browser has compiled what runs most: its first
    /// models took up to twice as long, and the first change after the page opened took
    /// 0.34-0.35 s, against 0.26-0.30 s with this warm-up (a fifth of the county over two weeks
    /// warmed up less). A request that comes meanwhile waits for the job, a few tenths of a
    /// second at most, or runs on the other helpers.
    fn warm_up(&mut self, k: usize) {
        let Some(h) = self.helpers.get_mut(k) else {
            return;
        };
        let models = [
            ModelId::Specialised,
            ModelId::Value,
            ModelId::Hybrid,
            ModelId::Region,
        ];
        let job = ModelJob {
            id: WARM_UP,
            request: Request {
                calendar: true,
                ..Request::of_preset(Preset::County.id(), 1)
            },
            model: models[k % models.len()],
            assigned: None,
        };
        if h.port.send(&ToHelper::Run(Box::new(job))) {
            h.busy = true;
        }
    }

    /// A new tag for a computation's jobs.
    fn new_tag(&mut self) -> u64 {
        self.tags += 1;
        self.tags
    }

    fn free(&mut self, k: usize) {
        if let Some(h) = self.helpers.get_mut(k) {
            h.busy = false;
        }
    }
}
