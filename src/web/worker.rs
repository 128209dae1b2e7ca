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
//! Replies travel as UTF-8 bytes in a transferred `ArrayBuffer`, not as a string: a city's
//! outcome is megabytes, and a string is cloned between threads and then re-encoded from
//! UTF-16 on its way into the page's wasm (a third of the page's time reading a reply).
//! Messages to the worker are small and stay strings.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, DedicatedWorkerGlobalScope, MessageEvent, Url, Worker};

use crate::app::error::WorkerError;
use crate::app::message::Explain;
use crate::app::parts::{self, Assembler};
use crate::app::protocol::{
    ImportRequest, PilotFile, PilotRequest, Query, Reply, Request, StaffingRequest, ToWorker,
};
use crate::app::session::{self, Session};
use crate::core::compare::Progress;

/// The worker's script name as trunk writes it (the binary's name).
const WORKER: &str = "visit-sandbox-worker";

fn post(scope: &DedicatedWorkerGlobalScope, reply: Reply) {
    // A finished computation's scenario goes in parts (`app::parts`).
    for part in parts::into_parts(reply, parts::CUSTOMERS_PER_PART) {
        post_one(scope, &part);
    }
}

fn post_one(scope: &DedicatedWorkerGlobalScope, reply: &Reply) {
    if let Ok(bytes) = serde_json::to_vec(reply) {
        let array = js_sys::Uint8Array::from(bytes.as_slice());
        let transfer = js_sys::Array::of1(&array.buffer());
        let _ = scope.post_message_with_transfer(&array, &transfer);
    }
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
    let out = scope.clone();
    // The last calendars, kept for the views' queries.
    let mut session = Session::default();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let text = e.data().as_string().unwrap_or_default();
        let reply = match serde_json::from_str::<ToWorker>(&text) {
            Ok(ToWorker::Compute(req)) => session.compute(&req, &mut progress(&out, req.id)),
            Ok(ToWorker::Query { id, query }) => session.query(id, &query),
            Ok(ToWorker::Staffing(req)) => session.staffing(&req, &mut progress(&out, req.id)),
            Ok(ToWorker::Import(req)) => session::import(&req),
            Ok(ToWorker::Pilot(req)) => session.pilot(&req, &mut progress(&out, req.id)),
            Ok(ToWorker::PilotExport {
                id,
                stage,
                file,
                lang,
            }) => session.pilot_export(id, stage, file, &lang),
            Err(err) => Reply::Failed {
                id: 0,
                error: WorkerError::BadMessage(err.to_string()).message(),
            },
        };
        post(&out, reply);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as the page keeps it; the handler must too.
    on_message.forget();
    post(&scope, Reply::Ready);
}

/// The page's handle on one worker. Dropping it terminates the worker (how a run is
/// cancelled).
pub struct Client {
    worker: Worker,
    /// The request waiting for `Ready` (only the newest matters).
    pending: Rc<RefCell<Option<String>>>,
    ready: Rc<RefCell<bool>>,
    /// The id of the computation sent whose `Done` or `Failed` has not come back.
    busy: Rc<RefCell<Option<u64>>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
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
        let script = js_sys::Array::new();
        script.push(&JsValue::from_str(&format!(
            "importScripts({js:?}); wasm_bindgen({wasm:?});",
            js = format!("{base}{WORKER}.js"),
            wasm = format!("{base}{WORKER}_bg.wasm"),
        )));
        let opts = BlobPropertyBag::new();
        opts.set_type("text/javascript");
        let blob = Blob::new_with_str_sequence_and_options(&script, &opts)
            .map_err(|e| format!("{e:?}"))?;
        let url = Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
        let worker = Worker::new(&url).map_err(|e| format!("{e:?}"))?;
        let _ = Url::revoke_object_url(&url);

        let on_reply = Rc::new(on_reply);
        let pending: Rc<RefCell<Option<String>>> = Rc::default();
        let ready: Rc<RefCell<bool>> = Rc::default();
        let busy: Rc<RefCell<Option<u64>>> = Rc::default();
        let on_message = {
            let (worker, pending, ready, busy, on_reply) = (
                worker.clone(),
                pending.clone(),
                ready.clone(),
                busy.clone(),
                on_reply.clone(),
            );
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
                        if let Some(req) = pending.borrow_mut().take() {
                            let _ = worker.post_message(&JsValue::from_str(&req));
                        }
                    }
                    Ok(reply) => {
                        let running = *busy.borrow();
                        if let Reply::Done { id, .. }
                        | Reply::Failed { id, .. }
                        | Reply::Staffing { id, .. }
                        | Reply::Pilot { id, .. }
                        | Reply::Imported { id, .. }
                        | Reply::ImportFailed { id, .. } = &reply
                        {
                            if running == Some(*id) {
                                *busy.borrow_mut() = None;
                            }
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
            pending,
            ready,
            busy,
            _on_message: on_message,
            _on_error: on_error,
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
    pub fn import(&self, req: &ImportRequest) {
        self.post(req.id, &ToWorker::Import(req.clone()));
    }

    /// Starts the staffing curves (like `send`, a computation that may be cancelled).
    pub fn staffing(&self, req: &StaffingRequest) {
        self.post(req.id, &ToWorker::Staffing(req.clone()));
    }

    /// Starts a pilot (like `send`, a computation that may be cancelled).
    pub fn pilot(&self, req: &PilotRequest) {
        self.post(req.id, &ToWorker::Pilot(req.clone()));
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

    fn post(&self, id: u64, msg: &ToWorker) {
        let Ok(text) = serde_json::to_string(msg) else {
            return;
        };
        *self.busy.borrow_mut() = Some(id);
        if *self.ready.borrow() {
            let _ = self.worker.post_message(&JsValue::from_str(&text));
        } else {
            *self.pending.borrow_mut() = Some(text);
        }
    }

    /// Sends `req` now, or when the worker is ready.
    pub fn send(&self, req: &Request) {
        self.post(req.id, &ToWorker::Compute(req.clone()));
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}
