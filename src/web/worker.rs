//! The page's Web Worker: both ends of the thread boundary. `serve` runs inside the worker
//! (`src/bin/worker.rs`); `Client` is the page's handle. Messages are `protocol::ToWorker` and
//! `protocol::Reply` as JSON strings, so what crosses the boundary is the tested protocol.
//!
//! Recipe (trunk 0.21, verified offline): index.html has a second rust link with
//! `data-type="worker"`; trunk builds that binary with wasm-bindgen's `no-modules` target into
//! `visit-sandbox-worker.js` and `visit-sandbox-worker_bg.wasm` (names without a hash). The
//! page starts the worker from a small Blob script that imports the two by absolute URL
//! (resolved against the document, so dist/ works under any sub-path). A worker that is not
//! yet listening drops messages, so the client holds the request until the worker says
//! `Ready`. Cancelling terminates the worker and starts a fresh one.
//!
//! The worker runs a computation's models on helper workers, one per core (at most four),
//! handing each the next model as it finishes one (`app::fanout`): the models are independent,
//! so on two cores the calendars take about half the time. The page still talks to one worker,
//! which keeps the calendars for the views' queries. The page starts the helpers once the worker
//! has given its first figures, joins each to it by a `MessageChannel` once it listens, and
//! terminates them with the worker (a nested worker would run on after its parent's
//! termination until its current model ends). A computation asked for before any helper is
//! joined runs in the worker itself, as does everything on a one-core machine.
//!
//! Replies travel as UTF-8 bytes in a transferred `ArrayBuffer`, not as a string: a city's
//! outcome is megabytes, and a string is cloned between threads and then re-encoded from
//! UTF-16 on its way into the page's wasm (a third of the page's time reading a reply).
//! Messages to the worker stay strings: an imported list goes once, its customers a part per
//! task (`app::upload`), and the requests name it; an import's files go as the `File`s
//! themselves, read in the worker.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Blob, BlobPropertyBag, DedicatedWorkerGlobalScope, MessageEvent, MessagePort, Url, Worker,
};

use crate::app::error::WorkerError;
use crate::app::fanout::{Helper, HelperReply, ToHelper};
use crate::app::message::Explain;
use crate::app::parts::{self, Assembler};
use crate::app::pool::{self, HelperPort};
use crate::app::protocol::{
    ImportRequest, PilotFile, PilotRequest, Query, RederiveRequest, Reply, Request,
    StaffingRequest, ToWorker,
};
use crate::app::session;
use crate::app::upload::{Inbox, Sender};
use crate::core::compare::Progress;

/// The worker's script name as trunk writes it (the binary's name).
const WORKER: &str = "visit-sandbox-worker";

fn post(scope: &DedicatedWorkerGlobalScope, reply: Reply) {
    // A finished computation's scenario goes in parts (`app::parts`).
    for part in parts::into_parts(reply, parts::CUSTOMERS_PER_PART) {
        post_one(scope, &part);
    }
}

fn post_one(scope: &DedicatedWorkerGlobalScope, reply: &impl serde::Serialize) {
    if let Some((array, transfer)) = as_bytes(reply) {
        let _ = scope.post_message_with_transfer(&array, &transfer);
    }
}

/// A message as UTF-8 JSON bytes and the list that transfers their buffer (how every reply
/// crosses: to the page, and from a helper to the worker).
fn as_bytes(message: &impl serde::Serialize) -> Option<(js_sys::Uint8Array, js_sys::Array)> {
    let bytes = serde_json::to_vec(message).ok()?;
    let array = js_sys::Uint8Array::from(bytes.as_slice());
    let transfer = js_sys::Array::of1(&array.buffer());
    Some((array, transfer))
}

/// A reply's bytes as the worker posted them (`post`); empty for anything else, which then
/// fails to parse as a reply.
fn reply_bytes(data: &JsValue) -> Vec<u8> {
    match data.dyn_ref::<js_sys::Uint8Array>() {
        Some(array) => array.to_vec(),
        None => Vec::new(),
    }
}

/// Posts each step of computation `id` to the page.
fn progress(scope: &DedicatedWorkerGlobalScope, id: u64) -> impl FnMut(Progress) + '_ {
    move |p| {
        post(
            scope,
            Reply::Progress {
                id,
                done: p.done,
                total: p.total,
            },
        )
    }
}

/// The global a helper's start-up script sets: the wasm then serves as a helper.
const HELPER_GLOBAL: &str = "visitSandboxHelper";
/// Helpers at most: five models, and each helper holds its own copy of the scenario.
const MAX_HELPERS: usize = 4;

/// Helpers for a machine of `cores` cores: one per core, none on one core.
fn helper_count(cores: f64) -> usize {
    if cores >= 2.0 {
        (cores as usize).min(MAX_HELPERS)
    } else {
        0
    }
}

/// The script that starts the worker's wasm from `base`, with `prelude` run first.
fn start_script(base: &str, prelude: &str) -> Result<String, String> {
    let script = js_sys::Array::new();
    script.push(&JsValue::from_str(&format!(
        "{prelude}importScripts({js:?}); wasm_bindgen({wasm:?});",
        js = format!("{base}{WORKER}.js"),
        wasm = format!("{base}{WORKER}_bg.wasm"),
    )));
    let opts = BlobPropertyBag::new();
    opts.set_type("text/javascript");
    let blob =
        Blob::new_with_str_sequence_and_options(&script, &opts).map_err(|e| format!("{e:?}"))?;
    Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))
}

/// A worker running the worker's wasm from `base`.
fn start_worker(base: &str, prelude: &str) -> Result<Worker, String> {
    let url = start_script(base, prelude)?;
    let worker = Worker::new(&url).map_err(|e| format!("{e:?}"));
    let _ = Url::revoke_object_url(&url);
    worker
}

/// Inside the worker: answer each request, with progress, then say `Ready`.
pub fn serve() {
    std::panic::set_hook(Box::new(|info| {
        gloo::console::error!(info.to_string());
    }));
    // The worker's exports and messages read the texts compiled into its own wasm.
    crate::i18n::install_compiled();
    let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else {
        gloo::console::error!("visit-sandbox-worker: not running in a dedicated worker");
        return;
    };
    let helper = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str(HELPER_GLOBAL))
        .is_ok_and(|v| v.is_truthy());
    if helper {
        serve_helper(scope);
        return;
    }
    let out = scope.clone();
    let pool = Rc::new(RefCell::new(Pool::default()));
    let on_message = {
        let pool = pool.clone();
        let mut inbox = Inbox::default();
        Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            // A helper joined by the page: its end of their channel.
            let ports = e.ports();
            if ports.length() > 0 {
                for port in ports.iter() {
                    if let Ok(port) = port.dyn_into::<MessagePort>() {
                        join_helper(&pool, &out, port);
                    }
                }
                return;
            }
            // A message is a JSON string, or an array of one and the files of an import.
            let data = e.data();
            let (text, files) = match data.dyn_ref::<js_sys::Array>() {
                Some(a) => (
                    a.get(0).as_string().unwrap_or_default(),
                    a.slice(1, a.length()),
                ),
                None => (data.as_string().unwrap_or_default(), js_sys::Array::new()),
            };
            let mut guard = pool.borrow_mut();
            let pool = &mut *guard;
            // An imported list arrives once, in parts, and requests name it (`app::upload`).
            let msg = match serde_json::from_str::<ToWorker>(&text) {
                Ok(msg) => {
                    let id = msg.id();
                    inbox.take(msg).map_err(|err| (id, err))
                }
                Err(err) => Err((0, WorkerError::BadMessage(err.to_string()))),
            };
            let reply = match msg {
                Ok(None) | Ok(Some(ToWorker::BaseCustomers { .. } | ToWorker::Base { .. })) => {
                    return
                }
                Ok(Some(ToWorker::Compute(req))) => {
                    match pool.compute(&req, &mut progress(&out, req.id)) {
                        Some(reply) => reply,
                        None => return,
                    }
                }
                Ok(Some(ToWorker::Query { id, query })) => pool.session.query(id, &query),
                Ok(Some(ToWorker::Staffing(req))) => {
                    pool.session.staffing(&req, &mut progress(&out, req.id))
                }
                Ok(Some(ToWorker::Import(mut req))) => match read_files(&files) {
                    Ok(lists) => {
                        // Files sent with the request are its lists: customers, then managers.
                        let mut lists = lists.into_iter();
                        if let Some(customers) = lists.next() {
                            req.customers = customers;
                            req.managers = lists.next();
                        }
                        session::import(&req)
                    }
                    Err(detail) => Reply::Failed {
                        id: req.id,
                        error: WorkerError::BadMessage(detail).message(),
                    },
                },
                Ok(Some(ToWorker::Pilot(req))) => {
                    pool.session.pilot(&req, &mut progress(&out, req.id))
                }
                Ok(Some(ToWorker::Rederive(req))) => {
                    let reply = session::rederive(&req);
                    // Kept for the requests to come, which name it rather than carry it.
                    if let Reply::Rederived { keep, scenario, .. } = &reply {
                        inbox.keep(*keep, scenario.clone());
                    }
                    reply
                }
                Ok(Some(ToWorker::PilotExport {
                    id,
                    stage,
                    file,
                    lang,
                })) => pool.session.pilot_export(id, stage, file, &lang),
                Err((id, err)) => Reply::Failed {
                    id,
                    error: err.message(),
                },
            };
            post(&out, reply);
        })
    };
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as the page keeps it; the handler must too.
    on_message.forget();
    post(&scope, Reply::Ready);
}

/// The bytes of the files posted with a message, read here in the worker.
fn read_files(files: &js_sys::Array) -> Result<Vec<Vec<u8>>, String> {
    if files.length() == 0 {
        return Ok(Vec::new());
    }
    let reader = web_sys::FileReaderSync::new().map_err(|e| format!("{e:?}"))?;
    files
        .iter()
        .map(|file| {
            let blob = file
                .dyn_into::<web_sys::Blob>()
                .map_err(|_| "not a file".to_string())?;
            let bytes = reader
                .read_as_array_buffer(&blob)
                .map_err(|e| format!("the file could not be read: {e:?}"))?;
            Ok(js_sys::Uint8Array::new(&bytes).to_vec())
        })
        .collect()
}

/// The worker's end of a helper's channel: jobs go as JSON strings. An imported list goes
/// once, its parts ahead of the first job that names it (`app::upload`); the worker's thread
/// is not the page's, so they go at once.
struct Port {
    port: MessagePort,
    sender: RefCell<Sender>,
}

impl Port {
    fn post(&self, message: &ToHelper) -> bool {
        serde_json::to_string(message)
            .is_ok_and(|text| self.port.post_message(&JsValue::from_str(&text)).is_ok())
    }
}

impl HelperPort for Port {
    fn send(&self, message: &ToHelper) -> bool {
        let ToHelper::Run(job) = message else {
            return self.post(message);
        };
        if job.request.base.is_none() {
            return self.post(message);
        }
        let mut job = job.clone();
        let mut sender = self.sender.borrow_mut();
        sender.name_request(&mut job.request, parts::CUSTOMERS_PER_PART);
        while let Some(part) = sender.next_part() {
            if !self.post(&ToHelper::Base(Box::new(part))) {
                return false;
            }
        }
        self.post(&ToHelper::Run(job))
    }
}

type Pool = pool::Pool<Port>;

/// Takes a helper the page joined to this worker: `port` is this end of their channel.
fn join_helper(pool: &Rc<RefCell<Pool>>, out: &DedicatedWorkerGlobalScope, port: MessagePort) {
    let k = pool.borrow_mut().join(Port {
        port: port.clone(),
        sender: RefCell::default(),
    });
    let on_message = {
        let (pool, out) = (pool.clone(), out.clone());
        Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let reply = serde_json::from_slice::<HelperReply>(&reply_bytes(&e.data()))
                .map_err(|err| err.to_string());
            let answer = pool.borrow_mut().on_helper(k, reply);
            if let Some(reply) = answer {
                post(&out, reply);
            }
        })
    };
    // Setting the handler starts the port: what the helper sent before waits until then.
    port.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The channel lives as long as the worker.
    on_message.forget();
}

/// Inside a helper: say `Ready` to the page, which answers with this end of a channel to the
/// worker; then run each model the worker hands over, with a tick per step.
fn serve_helper(scope: DedicatedWorkerGlobalScope) {
    let mut helper = Helper::default();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let Some(port) = e
            .ports()
            .iter()
            .find_map(|p| p.dyn_into::<MessagePort>().ok())
        else {
            return;
        };
        let out = port.clone();
        let send = move |reply: &HelperReply| {
            if let Some((array, transfer)) = as_bytes(reply) {
                let _ = out.post_message_with_transferable(&array, &transfer);
            }
        };
        let mut helper = std::mem::take(&mut helper);
        let mut inbox = Inbox::default();
        let on_job = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let text = e.data().as_string().unwrap_or_default();
            match serde_json::from_str::<ToHelper>(&text) {
                Ok(ToHelper::Base(part)) => {
                    // A part of a list: kept (a request of the page's kind is never sent here).
                    let _ = inbox.take(*part);
                }
                Ok(ToHelper::Run(mut job)) => {
                    let id = job.id;
                    let reply = match inbox.fill(&mut job.request) {
                        Ok(()) => helper.run(*job, &mut || send(&HelperReply::Tick { id })),
                        Err(err) => HelperReply::Failed {
                            id,
                            error: err.message(),
                        },
                    };
                    send(&reply);
                }
                Err(err) => send(&HelperReply::Failed {
                    id: 0,
                    error: WorkerError::BadMessage(err.to_string()).message(),
                }),
            }
        });
        port.set_onmessage(Some(on_job.as_ref().unchecked_ref()));
        on_job.forget();
        if let Some((array, transfer)) = as_bytes(&HelperReply::Ready) {
            let _ = port.post_message_with_transferable(&array, &transfer);
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post_one(&scope, &HelperReply::Ready);
}

/// The page's handle on one worker. Dropping it terminates the worker (how a run is
/// cancelled).
pub struct Client {
    worker: Worker,
    /// What waits to be posted: an imported list's parts, then the newest request.
    outbox: Rc<RefCell<Outbox>>,
    ready: Rc<RefCell<bool>>,
    /// The id of the computation sent whose `Done` or `Failed` has not come back.
    busy: Rc<RefCell<Option<u64>>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
    /// The worker's helpers, terminated with it.
    helpers: Rc<RefCell<Helpers>>,
}

/// What the page sends its worker, in order: the parts of a list the worker was not sent
/// (`app::upload`), then the newest request (only the newest matters).
#[derive(Default)]
struct Outbox {
    sender: Sender,
    request: Option<JsValue>,
    /// A task posting the next part is scheduled.
    scheduled: bool,
    /// The worker is terminated: nothing more is posted.
    closed: bool,
}

/// Posts what waits, once the worker is ready: the next part of a list, in a task of its own
/// (a part is 1,500 customers of JSON, written in one task of the page), or else the request.
fn pump(worker: &Worker, outbox: &Rc<RefCell<Outbox>>, ready: &Rc<RefCell<bool>>) {
    let mut ob = outbox.borrow_mut();
    if !*ready.borrow() || ob.scheduled || ob.closed {
        return;
    }
    if let Some(part) = ob.sender.next_part() {
        if let Ok(text) = serde_json::to_string(&part) {
            let _ = worker.post_message(&JsValue::from_str(&text));
        }
        ob.scheduled = true;
        let (worker, outbox, ready) = (worker.clone(), outbox.clone(), ready.clone());
        next_task(move || {
            outbox.borrow_mut().scheduled = false;
            pump(&worker, &outbox, &ready);
        });
        return;
    }
    if let Some(request) = ob.request.take() {
        let _ = worker.post_message(&request);
    }
}

/// Runs `f` in a task of its own, as soon as the page's thread is free: a message on a channel
/// the page keeps for this. A timeout of 0 ms, nested, is held back 4 ms by the browser: for
/// the 200 parts of a province's list that was 0.8 s of waiting.
fn next_task(f: impl FnOnce() + 'static) {
    NEXT_TASKS.with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot.is_none() {
            let Ok(channel) = web_sys::MessageChannel::new() else {
                gloo::timers::callback::Timeout::new(0, f).forget();
                return;
            };
            // One message, one queued task, in order.
            let run = Closure::<dyn FnMut(MessageEvent)>::new(|_e: MessageEvent| {
                let task = NEXT_TASKS.with(|s| s.borrow_mut().as_mut()?.queue.pop_front());
                if let Some(task) = task {
                    task();
                }
            });
            channel
                .port2()
                .set_onmessage(Some(run.as_ref().unchecked_ref()));
            *slot = Some(NextTasks {
                channel,
                _run: run,
                queue: std::collections::VecDeque::new(),
            });
        }
        if let Some(t) = slot.as_mut() {
            t.queue.push_back(Box::new(f));
            let _ = t.channel.port1().post_message(&JsValue::NULL);
        }
    });
}

/// `next_task`'s channel, its handler and the tasks waiting for their message.
struct NextTasks {
    channel: web_sys::MessageChannel,
    _run: Closure<dyn FnMut(MessageEvent)>,
    queue: std::collections::VecDeque<Box<dyn FnOnce()>>,
}

thread_local! {
    static NEXT_TASKS: RefCell<Option<NextTasks>> = const { RefCell::new(None) };
}

/// The helpers of one worker: started once (`start_helpers`), terminated with the client.
#[derive(Default)]
struct Helpers {
    base: String,
    /// How many to start.
    count: usize,
    workers: Vec<Worker>,
    handlers: Vec<Closure<dyn FnMut(MessageEvent)>>,
    on_error: Option<Closure<dyn FnMut(web_sys::Event)>>,
}

/// Starts the helpers (once). Each says `Ready` when it listens, and is then joined to the
/// worker (which is ready: it has answered) by a channel whose ends go one to each.
fn start_helpers(helpers: &Rc<RefCell<Helpers>>, worker: &Worker, on_reply: &Rc<dyn Fn(Reply)>) {
    let mut set = helpers.borrow_mut();
    if !set.workers.is_empty() || set.count == 0 {
        return;
    }
    let on_reply = on_reply.clone();
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_e: web_sys::Event| {
        on_reply(Reply::Failed {
            id: u64::MAX,
            error: WorkerError::Stopped.message(),
        });
    });
    for _ in 0..set.count {
        // A helper that does not start leaves the work to the others (or to the worker).
        let Ok(h) = start_worker(&set.base, &format!("self.{HELPER_GLOBAL} = true; ")) else {
            continue;
        };
        let (h2, worker) = (h.clone(), worker.clone());
        let mut joined = false;
        let on_ready = Closure::<dyn FnMut(MessageEvent)>::new(move |_e: MessageEvent| {
            if joined {
                return;
            }
            let Ok(channel) = web_sys::MessageChannel::new() else {
                return;
            };
            let (a, b) = (channel.port1(), channel.port2());
            joined = h2
                .post_message_with_transfer(&JsValue::NULL, &js_sys::Array::of1(&b))
                .and_then(|()| {
                    worker.post_message_with_transfer(&JsValue::NULL, &js_sys::Array::of1(&a))
                })
                .is_ok();
        });
        h.set_onmessage(Some(on_ready.as_ref().unchecked_ref()));
        h.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        set.workers.push(h);
        set.handlers.push(on_ready);
    }
    set.on_error = Some(on_error);
}

/// The worker script's absolute URL base: the document's directory.
fn base_url() -> Option<String> {
    let doc = web_sys::window()?.document()?;
    let base = doc.base_uri().ok().flatten()?;
    Some(match base.rfind('/') {
        Some(i) => base[..=i].to_string(),
        None => format!("{base}/"),
    })
}

impl Client {
    /// Starts a worker; `on_reply` receives every reply except `Ready`, and a `Failed` with id
    /// `u64::MAX` if the worker dies (a panic aborts it).
    pub fn spawn(on_reply: impl Fn(Reply) + 'static) -> Result<Client, String> {
        let base = base_url().ok_or("no document base URL")?;
        let worker = start_worker(&base, "")?;
        let cores = web_sys::window().map_or(1.0, |w| w.navigator().hardware_concurrency());
        let helpers = Rc::new(RefCell::new(Helpers {
            base,
            count: helper_count(cores),
            ..Helpers::default()
        }));

        let on_reply: Rc<dyn Fn(Reply)> = Rc::new(on_reply);
        let outbox: Rc<RefCell<Outbox>> = Rc::default();
        let ready: Rc<RefCell<bool>> = Rc::default();
        let busy: Rc<RefCell<Option<u64>>> = Rc::default();
        let on_message = {
            let (worker, outbox, ready, busy, on_reply) = (
                worker.clone(),
                outbox.clone(),
                ready.clone(),
                busy.clone(),
                on_reply.clone(),
            );
            let helpers = helpers.clone();
            // A large reply arrives in parts (`app::parts`), each read as its own task.
            let mut assembler = Assembler::default();
            Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                let reply = match serde_json::from_slice::<Reply>(&reply_bytes(&e.data())) {
                    Ok(reply) => match assembler.take(reply) {
                        Some(whole) => Ok(whole),
                        None => return,
                    },
                    Err(err) => Err(err),
                };
                match reply {
                    Ok(Reply::Ready) => {
                        *ready.borrow_mut() = true;
                        pump(&worker, &outbox, &ready);
                    }
                    Ok(reply) => {
                        // A result of the page's own list came without its customers.
                        let reply = outbox.borrow().sender.fill(reply);
                        let running = *busy.borrow();
                        // The list the worker derived and keeps: the page's requests holding
                        // it name it, rather than send it back.
                        if let Reply::Rederived {
                            id, keep, scenario, ..
                        } = &reply
                        {
                            if running == Some(*id) {
                                outbox.borrow_mut().sender.adopt(*keep, scenario.clone());
                            }
                        }
                        if let Reply::Done { id, .. }
                        | Reply::Failed { id, .. }
                        | Reply::Staffing { id, .. }
                        | Reply::Pilot { id, .. }
                        | Reply::Imported { id, .. }
                        | Reply::ImportFailed { id, .. }
                        | Reply::Rederived { id, .. } = &reply
                        {
                            if running == Some(*id) {
                                *busy.borrow_mut() = None;
                            }
                        }
                        // The helpers start once the first figures are shown. Started with
                        // the worker or when it is ready, they slowed the first chart by
                        // 0.1-0.3 s; started now, they are cold for the next request (the
                        // county's seed change takes 0.1 s longer).
                        if matches!(reply, Reply::Done { .. }) {
                            start_helpers(&helpers, &worker, &on_reply);
                        }
                        on_reply(reply)
                    }
                    Err(err) => on_reply(Reply::Failed {
                        id: u64::MAX,
                        error: WorkerError::BadMessage(err.to_string()).message(),
                    }),
                }
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_e: web_sys::Event| {
            on_reply(Reply::Failed {
                id: u64::MAX,
                error: WorkerError::Stopped.message(),
            });
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Client {
            worker,
            outbox,
            ready,
            busy,
            _on_message: on_message,
            _on_error: on_error,
            helpers,
        })
    }

    /// Whether a request is running (its result has not come back).
    pub fn is_busy(&self) -> bool {
        self.busy.borrow().is_some()
    }

    /// Asks the worker about its last calendars; the answer comes as `Reply::Answer` (or
    /// `Failed`) with `id`. Dropped if the worker is not ready yet.
    pub fn query(&self, id: u64, query: Query) {
        if !*self.ready.borrow() {
            return;
        }
        if let Ok(text) = serde_json::to_string(&ToWorker::Query { id, query }) {
            let _ = self.worker.post_message(&JsValue::from_str(&text));
        }
    }

    /// Reads the chosen lists into a scenario (`Reply::Imported` or `ImportFailed`).
    /// The files themselves go to the worker, which reads them (`read_files`): a province's
    /// list is 70 MB, and read here and written into the request it held the page for 1.4 s.
    pub fn import(
        &self,
        req: &ImportRequest,
        customers: &web_sys::File,
        managers: Option<&web_sys::File>,
    ) {
        let Ok(text) = serde_json::to_string(&ToWorker::Import(req.clone())) else {
            return;
        };
        let message = js_sys::Array::of2(&JsValue::from_str(&text), customers);
        if let Some(m) = managers {
            message.push(m);
        }
        self.post_value(req.id, message.into());
    }

    /// Starts the staffing curves (like `send`, a computation that may be cancelled).
    pub fn staffing(&self, req: &StaffingRequest) {
        self.post(req.id, ToWorker::Staffing(req.clone()));
    }

    /// Derives the imported list again under corrected rules (`Reply::Rederived`); the worker
    /// keeps the new list under a number given here, so it need not come back.
    pub fn rederive(&self, req: &RederiveRequest) {
        let mut req = req.clone();
        req.keep = self.outbox.borrow_mut().sender.reserve();
        self.post(req.id, ToWorker::Rederive(req));
    }

    /// Starts a pilot (like `send`, a computation that may be cancelled).
    pub fn pilot(&self, req: &PilotRequest) {
        self.post(req.id, ToWorker::Pilot(req.clone()));
    }

    /// Asks for a file of the last pilot; it comes as `Reply::Answer` with a file. Dropped if
    /// the worker is not ready yet.
    pub fn pilot_export(&self, stage: usize, file: PilotFile, lang: &str) {
        if !*self.ready.borrow() {
            return;
        }
        let msg = ToWorker::PilotExport {
            id: 0,
            stage,
            file,
            lang: lang.to_string(),
        };
        if let Ok(text) = serde_json::to_string(&msg) {
            let _ = self.worker.post_message(&JsValue::from_str(&text));
        }
    }

    fn post(&self, id: u64, mut msg: ToWorker) {
        // An imported list goes once, ahead of the request, which then names it.
        self.outbox
            .borrow_mut()
            .sender
            .name_base(&mut msg, parts::CUSTOMERS_PER_PART);
        let Ok(text) = serde_json::to_string(&msg) else {
            return;
        };
        self.post_value(id, JsValue::from_str(&text));
    }

    fn post_value(&self, id: u64, request: JsValue) {
        *self.busy.borrow_mut() = Some(id);
        self.outbox.borrow_mut().request = Some(request);
        pump(&self.worker, &self.outbox, &self.ready);
    }

    /// Sends `req` now, or when the worker is ready (and has its list).
    pub fn send(&self, req: &Request) {
        self.post(req.id, ToWorker::Compute(req.clone()));
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        // The handlers go before the closures they point to are freed: a reply already queued
        // when the worker is terminated (a progress message during a cancel) is still
        // dispatched, and a freed closure would throw in the page.
        self.outbox.borrow_mut().closed = true;
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
        for h in &self.helpers.borrow().workers {
            h.set_onmessage(None);
            h.set_onerror(None);
            h.terminate();
        }
    }
}
