//! Keep and share, the browser's side: the start-up restore (a shared link or the autosaved
//! state), the autosave, importing lists, opening and saving scenario files, the shareable
//! link and the downloads of exports. Reading and checking is `core::io` and `app::keep` (pure,
//! tested natively); this file only moves bytes between them and the browser. Nothing leaves
//! the browser. The data panel that offers all this is `views::data`.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::browser;
use super::worker::Client;
use crate::app::keep::{self as kit, KitError, Link, Restored, Saved};
use crate::app::message::Explain;
use crate::app::protocol::{ImportRequest, Reply};
use crate::app::state::{Msg, Notice, State};
use crate::core::io;
use crate::core::models::ModelId;
use crate::i18n::Lang;

/// What the page starts from: a shared link in the address (it wins: its reader came for
/// those figures), else the autosaved state, else nothing. A bad link or a corrupt stored
/// state is reported (in `lang`); the corrupt text is set aside under another key, not deleted.
pub fn startup(lang: Lang) -> (Option<Restored>, Option<Notice>) {
    let fragment = browser::fragment();
    if !fragment.is_empty() {
        browser::clear_fragment();
        return match kit::from_fragment(&fragment) {
            Ok(link) => (
                Some(Restored {
                    link,
                    hidden: [false; 5],
                    lang: None,
                    view: kit::VIEWS[0],
                    scenario: None,
                }),
                Some(("link.opened", Vec::new())),
            ),
            Err(e) => (None, Some(("link.bad", reason(lang, &e)))),
        };
    }
    let Some(text) = browser::load("state") else {
        return (None, None);
    };
    match kit::restore(&text) {
        Ok(r) => (Some(r), None),
        Err(e) => {
            let _ = browser::store("state.corrupt", &text);
            browser::remove("state");
            (None, Some(("storage.corrupt", reason(lang, &e))))
        }
    }
}

/// Why, in `lang`, as a notice's `{reason}`.
fn reason(lang: Lang, e: &KitError) -> Vec<(&'static str, String)> {
    vec![("reason", e.message().text(lang))]
}

/// The run the page shows now, as a link carries it.
fn link_of(state: &State) -> Link {
    Link {
        weeks: state.weeks,
        replications: state.replications,
        settings: state.settings.clone(),
        headcount: state.headcount,
        customers: state.customers,
        locks: state.lock_list(),
        ..Link::new(state.preset, state.seed)
    }
}

/// The envelope of what the page shows now.
pub fn saved_of(state: &State) -> Saved {
    let mut saved = Saved::from_link(&link_of(state));
    saved.hidden = state.hidden;
    saved.lang = state.lang.code().to_string();
    saved.view = state.view_id().to_string();
    saved
}

/// Stores the page's state; `Err` with a notice when the browser refuses (the imported list
/// is too large for its storage: the rest is stored without it).
pub fn autosave(state: &State) -> Result<(), Notice> {
    let mut saved = saved_of(state);
    // A list that cannot fit is not written out only to be refused.
    let fits = state
        .base
        .as_ref()
        .is_none_or(|base| kit::may_fit(base, kit::STORAGE_UNITS));
    if fits {
        if let Some(base) = state.base.as_ref() {
            if saved.set_scenario(base, &state.base_rules).is_err() {
                return Err(("storage.failed", Vec::new()));
            }
        }
        let text = kit::save(&saved).map_err(|e| ("storage.failed", reason(state.lang, &e)))?;
        if browser::store("state", &text).is_ok() {
            return Ok(());
        }
    }
    saved.scenario = None;
    let text = kit::save(&saved).map_err(|e| ("storage.failed", reason(state.lang, &e)))?;
    let _ = browser::store("state", &text);
    Err(("storage.too_large", Vec::new()))
}

fn chosen_file(id: &str) -> Option<web_sys::File> {
    web_sys::window()?
        .document()?
        .get_element_by_id(id)?
        .dyn_into::<web_sys::HtmlInputElement>()
        .ok()?
        .files()?
        .get(0)
}

thread_local! {
    /// The worker reading the last import (one of its own, so an import never interrupts a
    /// computation); replaced by the next import, dropped once it has answered.
    static IMPORTER: RefCell<Option<Client>> = const { RefCell::new(None) };
}

/// Builds the scenario from the chosen lists (customers required, managers optional; without
/// managers the worker staffs it by the workload method). The files are read and parsed in a
/// worker of their own.
pub fn import_lists(state: &UseReducerHandle<State>) {
    let Some(customers) = chosen_file("import-customers") else {
        state.dispatch(Msg::KitNotice(("import.choose", Vec::new())));
        return;
    };
    state.dispatch(Msg::KitNotice(("import.reading", Vec::new())));
    let managers = chosen_file("import-managers");
    let name = customers.name();
    let seed = state.seed;
    let on_reply = {
        let state = state.clone();
        move |reply: Reply| {
            match reply {
                Reply::Imported { scenario, .. } => state.dispatch(Msg::Opened {
                    scenario,
                    name: name.clone(),
                    rules: Box::default(),
                }),
                Reply::ImportFailed { errors, .. } => {
                    state.dispatch(Msg::ImportFailed(Rc::new(errors)))
                }
                Reply::Failed { error, .. } => state.dispatch(Msg::KitNotice((
                    "import.worker_failed",
                    vec![("reason", error.text(state.lang))],
                ))),
                _ => return,
            }
            // Done: the worker goes, but not from inside its own message handler.
            gloo::timers::callback::Timeout::new(0, || {
                IMPORTER.with(|slot| slot.borrow_mut().take());
            })
            .forget();
        }
    };
    match Client::spawn(on_reply) {
        Ok(client) => {
            client.import(
                &ImportRequest {
                    id: 1,
                    seed,
                    customers: Vec::new(),
                    managers: None,
                },
                &customers,
                managers.as_ref(),
            );
            IMPORTER.with(|slot| *slot.borrow_mut() = Some(client));
        }
        Err(reason) => state.dispatch(Msg::KitNotice((
            "import.worker_failed",
            vec![("reason", reason)],
        ))),
    }
}

/// Opens a scenario file: a whole scenario replaces the preset; a settings-only file (as the
/// CLI's `generate` writes) applies its settings to the shown scenario.
pub fn open_scenario(state: &UseReducerHandle<State>) {
    let Some(file) = chosen_file("open-scenario") else {
        return;
    };
    let name = file.name();
    let state = state.clone();
    browser::read_file(file, move |bytes| {
        let bytes = bytes.unwrap_or_default();
        match io::from_json(&bytes) {
            Ok(l) if l.has_customers => state.dispatch(Msg::Opened {
                scenario: Box::new(l.scenario),
                name,
                rules: Box::new(l.rules),
            }),
            Ok(l) => {
                state.dispatch(Msg::SetSettings(Box::new(l.scenario.settings)));
                state.dispatch(Msg::KitNotice(("open.settings_only", vec![("name", name)])));
            }
            Err(errs) => state.dispatch(Msg::ImportFailed(Rc::new(errs))),
        }
    });
}

fn file_stem(state: &State) -> String {
    match &state.base_name {
        Some(_) => format!("imported-{}", state.seed),
        None => format!("{}-{}", state.preset.id(), state.seed),
    }
}

pub fn save_scenario(state: &State) {
    let Some(c) = state.outcome.as_ref() else {
        return;
    };
    match io::to_json(&c.scenario, &state.base_rules) {
        Ok(text) => {
            let name = format!("scenario-{}.json", file_stem(state));
            if let Err(e) = browser::download(&name, "application/json", &text) {
                gloo::console::error!(e);
            }
        }
        Err(e) => gloo::console::error!(e.to_string()),
    }
}

/// The link that reproduces the shown figures, or why there is none.
pub fn share(state: &State) -> Result<String, Notice> {
    if state.base.is_some() {
        return Err(("link.imported", Vec::new()));
    }
    Ok(format!(
        "{}#{}",
        browser::page_address(),
        kit::to_fragment(&link_of(state))
    ))
}

/// Downloads the metric table of the result shown now (written when asked for, not copied
/// at every render).
pub fn export_metrics(state: &State) {
    let Some(c) = state.outcome.as_ref() else {
        return;
    };
    let rows: Vec<(ModelId, &crate::core::metrics::Metrics)> =
        c.models.iter().map(|m| (m.model, &m.metrics)).collect();
    // For the people reading it: in the page's language, figures as the table shows them.
    let text = crate::app::exports::metrics_csv(state.lang, &rows);
    let name = format!("comparison-{}.csv", file_stem(state));
    if let Err(e) = browser::download(&name, "text/csv;charset=utf-8", &text) {
        gloo::console::error!(e);
    }
}

/// A file the worker wrote (an export) goes straight to the user as a download.
pub fn deliver(name: &str, text: &str) {
    if let Err(e) = browser::download(name, "text/csv;charset=utf-8", text) {
        gloo::console::error!(e);
    }
}

/// The workbook the worker wrote goes straight to the user as a download.
pub fn deliver_workbook(name: &str, bytes: &[u8]) {
    let mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    if let Err(e) = browser::download_bytes(name, mime, bytes) {
        gloo::console::error!(e);
    }
}

/// What the page's exports are for: its language and the schedule's first working day (the
/// one the settings keep, else the coming Monday, as the date field shows it).
pub fn people(state: &State) -> crate::app::protocol::People {
    crate::app::protocol::People {
        lang: state.lang.code().to_string(),
        start_date: state
            .start_date()
            .map(str::to_string)
            .or_else(browser::coming_monday),
    }
}
