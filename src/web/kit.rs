//! Keep and share: the data panel (import lists, open and save scenario files, the shareable
//! link, clearing stored data), the exports, and the autosave at start-up. Reading and
//! checking is `core::io` and `kit` (pure, tested natively); this file only moves bytes
//! between them and the browser. Nothing leaves the browser.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::app::{Msg, State};
use super::browser;
use super::worker::Client;
use crate::core::io::{self, DeriveRules, ImportErrors};
use crate::core::models::ModelId;
use crate::i18n::{t, tf, Lang};
use crate::job::{ExportKind, ImportRequest, Outcome, Query, Reply};
use crate::kit::{self, KitError, Link, Restored, Saved};

/// A message of the data panel: its translation key and arguments (translated at render, so
/// it follows a language switch).
pub type Notice = (&'static str, Vec<(&'static str, String)>);

/// What the page starts from: a shared link in the address (it wins: its reader came for
/// those figures), else the autosaved state, else nothing. A bad link or a corrupt stored
/// state is reported; the corrupt text is set aside under another key, not deleted.
pub fn startup() -> (Option<Restored>, Option<Notice>) {
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
            Err(e) => (None, Some(("link.bad", reason(&e)))),
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
            (None, Some(("storage.corrupt", reason(&e))))
        }
    }
}

fn reason(e: &KitError) -> Vec<(&'static str, String)> {
    vec![("reason", e.to_string())]
}

/// The run the page shows now, as a link carries it.
fn link_of(state: &State) -> Link {
    Link {
        weeks: state.weeks,
        replications: state.replications,
        settings: state.settings.clone(),
        headcount: state.headcount,
        customers: state.customers,
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
    if let Some(base) = state.base.as_ref() {
        if saved.set_scenario(base, &DeriveRules::default()).is_err() {
            return Err(("storage.failed", Vec::new()));
        }
    }
    let text = kit::save(&saved).map_err(|e| ("storage.failed", reason(&e)))?;
    if browser::store("state", &text).is_ok() {
        return Ok(());
    }
    saved.scenario = None;
    let text = kit::save(&saved).map_err(|e| ("storage.failed", reason(&e)))?;
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
/// managers the worker staffs it by the workload method). The bytes are parsed in a worker.
fn import_lists(state: &UseReducerHandle<State>) {
    let Some(customers) = chosen_file("import-customers") else {
        state.dispatch(Msg::KitNotice(("import.choose", Vec::new())));
        return;
    };
    state.dispatch(Msg::KitNotice(("import.reading", Vec::new())));
    let managers = chosen_file("import-managers");
    let name = customers.name();
    let seed = state.seed;
    let state = state.clone();
    let finish = move |cust: Vec<u8>, mgr: Option<Vec<u8>>| {
        let on_reply = {
            let state = state.clone();
            move |reply: Reply| {
                match reply {
                    Reply::Imported { scenario, .. } => state.dispatch(Msg::Opened {
                        scenario,
                        name: name.clone(),
                    }),
                    Reply::ImportFailed { errors, .. } => {
                        state.dispatch(Msg::ImportFailed(Rc::new(errors)))
                    }
                    Reply::Failed { message, .. } => state.dispatch(Msg::KitNotice((
                        "import.worker_failed",
                        vec![("reason", message)],
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
                client.import(&ImportRequest {
                    id: 1,
                    seed,
                    customers: cust,
                    managers: mgr,
                });
                IMPORTER.with(|slot| *slot.borrow_mut() = Some(client));
            }
            Err(reason) => state.dispatch(Msg::KitNotice((
                "import.worker_failed",
                vec![("reason", reason)],
            ))),
        }
    };
    browser::read_file(customers, move |cust| {
        let Ok(cust) = cust else {
            return finish(Vec::new(), None);
        };
        match managers {
            Some(m) => browser::read_file(m, move |mgr| finish(cust, mgr.ok())),
            None => finish(cust, None),
        }
    });
}

/// Opens a scenario file: a whole scenario replaces the preset; a settings-only file (as the
/// CLI's `generate` writes) applies its settings to the shown scenario.
fn open_scenario(state: &UseReducerHandle<State>) {
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

fn save_scenario(state: &State) {
    let Some(c) = state.outcome.as_ref() else {
        return;
    };
    match io::to_json(&c.scenario, &DeriveRules::default()) {
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
fn share(state: &State) -> Result<String, Notice> {
    if state.base.is_some() {
        return Err(("link.imported", Vec::new()));
    }
    Ok(format!(
        "{}#{}",
        browser::page_address(),
        kit::to_fragment(&link_of(state))
    ))
}

/// Each import error on its own line: where (file, row, column) and why, translated.
fn error_list(lang: Lang, errs: &ImportErrors) -> Html {
    html! {
        <ul id="import-errors" class="error-list" role="alert">
            { for errs.errors.iter().map(|e| {
                let args = e.args();
                html! {
                    <li data-row={e.row.map(|r| r.to_string()).unwrap_or_default()}
                        data-column={e.column.clone().unwrap_or_default()}>
                        <span class="error-source">{ t(lang, e.source.key()) }{ "：" }</span>
                        { tf(lang, e.kind.key(), &args) }
                    </li>
                }
            }) }
            if errs.more > 0 {
                <li>{ tf(lang, ImportErrors::MORE_KEY, &[("more", errs.more.to_string())]) }</li>
            }
        </ul>
    }
}

/// The data panel: a statement that nothing leaves the browser, import, scenario files, the
/// link and clearing stored data.
pub fn data_panel(state: &UseReducerHandle<State>, lang: Lang) -> Html {
    let click = |f: fn(&UseReducerHandle<State>)| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| f(&state))
    };
    let on_open = {
        let state = state.clone();
        Callback::from(move |_: Event| open_scenario(&state))
    };
    let on_share = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| match share(&state) {
            Ok(link) => state.dispatch(Msg::ShowLink(Some(link))),
            Err(n) => state.dispatch(Msg::KitNotice(n)),
        })
    };
    let on_save = click(|s| save_scenario(s));
    let on_back = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Msg::SetPreset {
                preset: state.preset,
            })
        })
    };
    let ask_clear = |b: bool| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Msg::AskClear(b)))
    };
    let do_clear = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let n = browser::clear_all();
            state.dispatch(Msg::Cleared(n));
        })
    };
    html! {
        <details id="data-panel" class="controls data-panel">
            <summary>{ t(lang, "data.title") }</summary>
            <p id="privacy-note" class="privacy">{ t(lang, "data.privacy") }</p>
            if let Some(name) = &state.base_name {
                <p id="imported-note">
                    { tf(lang, "data.using_import", &[("name", name.clone())]) }
                    { " " }
                    <button id="back-to-preset" type="button" onclick={on_back}>{ t(lang, "data.back_to_preset") }</button>
                </p>
            }
            <fieldset>
                <legend>{ t(lang, "data.import") }</legend>
                <label for="import-customers">{ t(lang, "data.customers_file") }</label>
                <input id="import-customers" type="file" accept=".csv,.txt,.xlsx,text/csv" />
                <label for="import-managers">{ t(lang, "data.managers_file") }</label>
                <input id="import-managers" type="file" accept=".csv,.txt,.xlsx,text/csv" />
                <button id="import-button" type="button" onclick={click(import_lists)}>{ t(lang, "data.import_button") }</button>
                <p class="help">
                    { t(lang, "data.import_help") }{ " " }
                    <a id="template-customers" href="samples/customers-template.csv" download="customers-template.csv">{ t(lang, "data.template_customers") }</a>
                    { " · " }
                    <a id="template-managers" href="samples/managers-template.csv" download="managers-template.csv">{ t(lang, "data.template_managers") }</a>
                </p>
                if let Some(errs) = &state.import_errors {
                    <p id="import-failed" class="error">{ tf(lang, "data.import_failed", &[("n", (errs.errors.len() + errs.more).to_string())]) }</p>
                    { error_list(lang, errs) }
                }
            </fieldset>
            <fieldset>
                <legend>{ t(lang, "data.files") }</legend>
                <label for="open-scenario">{ t(lang, "data.open") }</label>
                <input id="open-scenario" type="file" accept=".json,application/json" onchange={on_open} />
                <button id="save-scenario" type="button" disabled={state.outcome.is_none()} onclick={on_save}>{ t(lang, "data.save") }</button>
                <button id="share-button" type="button" onclick={on_share}>{ t(lang, "data.share") }</button>
                if let Some(link) = &state.share_link {
                    <label for="share-link">{ t(lang, "data.link") }</label>
                    <input id="share-link" type="text" readonly=true value={link.clone()}
                        onfocus={Callback::from(|e: FocusEvent| {
                            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                            input.select();
                        })} />
                }
            </fieldset>
            <fieldset>
                <legend>{ t(lang, "data.stored") }</legend>
                <p class="help">{ t(lang, "data.stored_help") }</p>
                if state.confirm_clear {
                    <span>{ t(lang, "data.clear_confirm") }</span>
                    <button id="clear-yes" type="button" onclick={do_clear}>{ t(lang, "data.clear_yes") }</button>
                    <button id="clear-no" type="button" onclick={ask_clear(false)}>{ t(lang, "data.clear_no") }</button>
                } else {
                    <button id="clear-stored" type="button" onclick={ask_clear(true)}>{ t(lang, "data.clear") }</button>
                }
            </fieldset>
        </details>
    }
}

/// The notice of the data panel (import done, link opened, stored data cleared, …).
pub fn notice(lang: Lang, n: &Notice) -> Html {
    let (key, args) = n;
    html! {
        <p id="kit-notice" class="notice" role="status" data-key={*key}>{ tf(lang, key, args) }</p>
    }
}

/// The comparison's exports: the metric table (made here), a model's assignments and
/// calendar (written by the worker, which holds the calendars).
pub fn exports(
    state: &UseReducerHandle<State>,
    c: &Outcome,
    lang: Lang,
    client: &Rc<RefCell<Option<Client>>>,
) -> Html {
    let ready = state.has_calendar && state.is_idle();
    let on_metrics = {
        // The table is written when asked for, from the result shown then (not copied at
        // every render).
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(c) = state.outcome.as_ref() else {
                return;
            };
            let rows: Vec<(ModelId, &crate::core::metrics::Metrics)> =
                c.models.iter().map(|m| (m.model, &m.metrics)).collect();
            let text = io::export::metrics_csv(&rows);
            let name = format!("comparison-{}.csv", file_stem(&state));
            if let Err(e) = browser::download(&name, "text/csv;charset=utf-8", &text) {
                gloo::console::error!(e);
            }
        })
    };
    let ask = |kind: ExportKind| {
        let client = client.clone();
        let model = state.model;
        Callback::from(move |_: MouseEvent| {
            if let Some(cl) = client.borrow().as_ref() {
                cl.query(0, Query::Export { model, file: kind });
            }
        })
    };
    let model = c
        .models
        .get(state.model)
        .map(|m| t(lang, m.model.key()).to_string())
        .unwrap_or_default();
    html! {
        <div id="exports" class="exports">
            <span>{ t(lang, "export.label") }</span>
            <button id="export-metrics" type="button" disabled={!state.has_calendar} onclick={on_metrics}>{ t(lang, "export.metrics") }</button>
            <button id="export-assignments" type="button" disabled={!ready} onclick={ask(ExportKind::Assignments)}>{ tf(lang, "export.assignments", &[("model", model.clone())]) }</button>
            <button id="export-schedule" type="button" disabled={!ready} onclick={ask(ExportKind::Schedule)}>{ tf(lang, "export.schedule", &[("model", model)]) }</button>
        </div>
    }
}

/// A chart's "save as PNG" button.
pub fn png_button(lang: Lang, canvas_id: &'static str) -> Html {
    let on = Callback::from(move |_: MouseEvent| {
        if let Err(e) = browser::download_canvas(canvas_id, &format!("{canvas_id}.png")) {
            gloo::console::error!(e);
        }
    });
    html! {
        <button type="button" class="png" data-chart={canvas_id} onclick={on}>{ t(lang, "export.png") }</button>
    }
}

/// A file the worker wrote (an export) goes straight to the user as a download.
pub fn deliver(name: &str, text: &str) {
    if let Err(e) = browser::download(name, "text/csv;charset=utf-8", text) {
        gloo::console::error!(e);
    }
}
