//! The data panel (import lists, open and save scenario files, the shareable link, clearing
//! stored data), its notice, the comparison's export buttons and a chart's PNG button. What the
//! buttons do is `persist` (and the worker, for the exports it writes).

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::app::outcome::Outcome;
use crate::app::protocol::{ExportKind, Query};
use crate::app::state::Notice;
use crate::app::state::{Msg, State};
use crate::core::io::ImportErrors;
use crate::i18n::{t, tf, Lang};
use crate::web::browser;
use crate::web::persist;
use crate::web::worker::Client;

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
        Callback::from(move |_: Event| persist::open_scenario(&state))
    };
    let on_share = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| match persist::share(&state) {
            Ok(link) => state.dispatch(Msg::ShowLink(Some(link))),
            Err(n) => state.dispatch(Msg::KitNotice(n)),
        })
    };
    let on_save = click(|s| persist::save_scenario(s));
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
                <button id="import-button" type="button" onclick={click(persist::import_lists)}>{ t(lang, "data.import_button") }</button>
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
/// calendar and the workbook of every model (written by the worker, which holds the calendars
/// and the workbook writer).
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
        Callback::from(move |_: MouseEvent| persist::export_metrics(&state))
    };
    // The worker writes the files for people: the page's language and start date.
    let ask = |kind: Option<ExportKind>| {
        let client = client.clone();
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let people = persist::people(&state);
            let query = match kind {
                Some(file) => Query::Export {
                    model: state.model,
                    file,
                    people: Some(people),
                },
                None => Query::Workbook { people },
            };
            if let Some(cl) = client.borrow().as_ref() {
                cl.query(0, query);
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
            <button id="export-assignments" type="button" disabled={!ready} onclick={ask(Some(ExportKind::Assignments))}>{ tf(lang, "export.assignments", &[("model", model.clone())]) }</button>
            <button id="export-schedule" type="button" disabled={!ready} onclick={ask(Some(ExportKind::Schedule))}>{ tf(lang, "export.schedule", &[("model", model)]) }</button>
            <button id="export-workbook" type="button" disabled={!ready} onclick={ask(None)}>{ t(lang, "export.workbook") }</button>
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
