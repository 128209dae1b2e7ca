//! The app component: one reducer for state, the effects at the edge (the worker, the
//! autosave, the keyboard, drawing the shown charts, document title and language), and the
//! page put together from the views in `views`.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::browser;
use super::compute::idle_client;
use super::persist;
use super::reducer;
use super::views::map::Gesture;
use super::views::present;
use super::views::{
    self, calendar, compare, data, learn, map, page, pilot, report, review, staffing, verdict,
};
use super::worker::Client;
use crate::app::protocol::Query;
use crate::app::slides::TOUR;
use crate::app::state::{shown_models, Msg, State, View};
use crate::charts::map::Projection;
use crate::core::settings::Settings;
use crate::i18n::{t, Lang};

#[component]
pub fn App() -> Html {
    let state = use_reducer(reducer::start);
    let workload_ref = use_node_ref();
    let map_ref = use_node_ref();
    // The worker (outside the reducer: the handle is a side effect, not state to render).
    let client: Rc<RefCell<Option<Client>>> = use_mut_ref(|| None);
    // Where the map was last drawn (to turn a click into km), and a drag in progress.
    let projection: Rc<RefCell<Option<Projection>>> = use_mut_ref(|| None);
    let drag: Rc<RefCell<Gesture>> = use_mut_ref(Gesture::default);
    let lang = state.lang;

    {
        // Document language and title follow the app's language.
        use_effect_with(lang, move |lang| {
            if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
                doc.set_title(t(*lang, "app.title"));
                if let Some(html) = doc.document_element() {
                    let _ = html.set_attribute("lang", lang.code());
                }
            }
        });
    }

    {
        // Every kept change is stored in this browser (and only there).
        let state = state.clone();
        use_effect_with(state.saved_version, move |_| {
            if !state.save_paused {
                if let Err(n) = persist::autosave(&state) {
                    state.dispatch(Msg::KitNotice(n));
                }
            }
        });
    }

    {
        // A tour closed is remembered: later visits start without it.
        use_effect_with(state.tour_done, |done| {
            if *done {
                let _ = browser::store("toured", "1");
            }
        });
    }

    {
        // Presentation mode and the tour follow the keyboard (outside fields).
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            browser::on_keydown(move |key, typing| {
                if !typing {
                    dispatcher.dispatch(Msg::Key(key));
                }
            });
        });
    }

    {
        // First visit: the guided tour starts by itself (not when a shared link opened the
        // page: its reader came for the figures).
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            if browser::load("toured").is_none() && browser::fragment().is_empty() {
                dispatcher.dispatch(Msg::Tour(Some(0)));
            }
        });
    }

    {
        // The tour's step marks its element.
        let target = state.tour.and_then(|s| TOUR.get(s)).map(|(id, ..)| *id);
        use_effect_with(target, move |target| browser::highlight(*target));
    }

    {
        // Each new request goes to the worker; one still running is abandoned by restarting
        // the worker (a worker cannot be interrupted mid-computation).
        // The request is made when it is sent, not at every render: it holds the imported
        // list, which a render must not copy.
        let client = client.clone();
        let dispatcher = state.dispatcher();
        let shown = state.clone();
        use_effect_with(state.request, move |_| {
            if let Some(req) = shown.wanted() {
                if let Some(c) = idle_client(&client, &dispatcher).as_ref() {
                    c.send(&req);
                }
            }
        });
    }

    {
        // The staffing curves run in the worker like any computation (a busy worker restarts).
        let client = client.clone();
        let dispatcher = state.dispatcher();
        let shown = state.clone();
        use_effect_with(state.staffing_id, move |_| {
            let wanted = shown
                .staffing_running
                .then(|| shown.staffing_request())
                .flatten();
            if let Some(req) = wanted {
                if let Some(c) = idle_client(&client, &dispatcher).as_ref() {
                    c.staffing(&req);
                }
            }
        });
    }

    {
        // So does a list derived again under corrected rules.
        let client = client.clone();
        let dispatcher = state.dispatcher();
        let shown = state.clone();
        use_effect_with(state.rederive_id, move |_| {
            if let Some(req) = shown.rederive_request() {
                if let Some(c) = idle_client(&client, &dispatcher).as_ref() {
                    c.rederive(&req);
                }
            }
        });
    }

    {
        // So does a pilot.
        let client = client.clone();
        let dispatcher = state.dispatcher();
        let shown = state.clone();
        use_effect_with(state.pilot_id, move |_| {
            let wanted = shown.pilot_running.then(|| shown.pilot_request()).flatten();
            if let Some(req) = wanted {
                if let Some(c) = idle_client(&client, &dispatcher).as_ref() {
                    c.pilot(&req);
                }
            }
        });
    }

    {
        // The map's details come from the worker's calendars, on demand.
        let client = client.clone();
        let route = state
            .map_staff
            .filter(|_| state.has_calendar)
            .map(|staff| Query::Route {
                model: state.model,
                staff,
                day: state.map_day,
            });
        let customer =
            state
                .picked
                .filter(|_| state.has_calendar)
                .map(|customer| Query::Customer {
                    model: state.model,
                    customer,
                });
        let ids = (state.route_query, state.customer_query);
        use_effect_with(ids, move |(rq, cq)| {
            if let Some(c) = client.borrow().as_ref() {
                if let Some(q) = route {
                    c.query(*rq, q);
                }
                if let Some(q) = customer {
                    c.query(*cq, q);
                }
            }
        });
    }

    {
        // The charts of what is shown are drawn after it is rendered.
        let state = state.clone();
        let workload_ref = workload_ref.clone();
        let map_ref = map_ref.clone();
        let projection = projection.clone();
        let route_shown = state.route.clone();
        use_effect_with(
            (state.version, lang, route_shown.map(|r| (r.staff, r.day))),
            move |_| draw_shown(&state, &workload_ref, &map_ref, &projection),
        );
    }

    // The import review is made when the list (or the result it borrows departments from)
    // changes, not at each render: a progress update renders the page.
    let review = {
        let shown = state.clone();
        use_memo(state.review_key(), move |_| shown.review())
    };

    let on_cancel = {
        let state = state.clone();
        let client = client.clone();
        Callback::from(move |_| {
            // Terminating is the only way to stop a computation; the next request starts a
            // fresh worker.
            client.borrow_mut().take();
            state.dispatch(Msg::Cancel);
        })
    };
    let status = page::run_status(&state, on_cancel.clone());

    if let (Some(slide), Some(c)) = (state.present, state.outcome.as_ref()) {
        return html! {
            <>
                { status }
                { present::presentation(&state, c, slide, &workload_ref, &map_ref) }
            </>
        };
    }

    let body = match state.outcome.as_ref() {
        None => Html::default(),
        Some(c) => {
            let tabs = html! {
                <nav class="tabs" role="tablist" aria-label={t(lang, "view.label").to_string()}>
                    { for View::ALL.iter().map(|&v| {
                        let state = state.clone();
                        let selected = state.view == v;
                        html! {
                            <button id={format!("tab-{}", v.id())} type="button" role="tab"
                                aria-selected={selected.to_string()} class={classes!(selected.then_some("active"))}
                                onclick={Callback::from(move |_| state.dispatch(Msg::SetView(v)))}>
                                { t(lang, &format!("view.{}", v.id())) }
                            </button>
                        }
                    }) }
                </nav>
            };
            let content = match state.view {
                View::Compare => compare::compare_view(&state, c, lang, &workload_ref, &client),
                View::Map => map::map_view(&state, c, lang, &map_ref, &projection, &drag),
                View::Calendar => calendar::calendar_view(&state, c, lang),
                View::Staffing => staffing::staffing_view(&state, lang, on_cancel),
                View::Pilot => pilot::pilot_view(&state, c, lang, on_cancel, &client),
                View::Learn => html! {
                    <>
                        { learn::learn_view(lang, Some(c)) }
                        { assumptions(&state, lang) }
                    </>
                },
                View::Exercises => present::exercises_view(&state, lang),
                View::Report => {
                    report::report_view(&state, c, lang, &workload_ref, assumptions(&state, lang))
                }
            };
            html! {
                <>
                    { tabs }
                    { content }
                </>
            }
        }
    };

    html! {
        <>
            { page::header(&state) }
            { page::controls(&state) }
            if let Some(c) = state.outcome.as_ref() {
                { page::scenario_summary(lang, c) }
                { page::invented_note(lang, c) }
                { verdict::verdict_view(&state, c, lang) }
            }
            { page::exercise_confirm(&state) }
            { review::review_view(&state, review.as_ref().as_ref(), lang) }
            { what_if(&state, lang) }
            { data::data_panel(&state, lang) }
            if let Some(n) = &state.kit_notice {
                { data::notice(lang, n) }
            }
            { status }
            { page::error_notice(&state) }
            { body }
            <footer><p>{ t(lang, "app.offline_note") }</p></footer>
        </>
    }
}

/// Draws the charts of what the page shows now: in presentation mode whichever the slide has
/// (each draw finds its own canvas or nothing), else the active view's.
fn draw_shown(
    state: &State,
    workload_ref: &NodeRef,
    map_ref: &NodeRef,
    projection: &RefCell<Option<Projection>>,
) {
    let Some(c) = state.outcome.as_ref() else {
        return;
    };
    if state.present.is_some() {
        compare::draw_workload(state, c, workload_ref);
        *projection.borrow_mut() = map::draw_map(state, c, map_ref);
        if state.has_calendar {
            compare::draw_compare(state.lang, c, &shown_models(c, &state.hidden));
        }
        return;
    }
    match state.view {
        View::Compare | View::Report => {
            compare::draw_workload(state, c, workload_ref);
            if state.has_calendar {
                compare::draw_compare(state.lang, c, &shown_models(c, &state.hidden));
            }
        }
        View::Map => {
            *projection.borrow_mut() = map::draw_map(state, c, map_ref);
        }
        View::Calendar | View::Learn | View::Exercises => {}
        View::Staffing => {
            if let Some(curves) = state.staffing.as_ref() {
                staffing::draw_staffing(state.lang, curves, state.staffing_post);
            }
        }
        View::Pilot => {
            if let Some(v) = state.pilot.as_ref() {
                pilot::draw_pilot(state.lang, v);
            }
        }
    }
    if state.has_calendar {
        super::dom::mark_calendars_shown();
    }
}

/// The what-if panel (`views::what_if`) over the shown scenario: its edits become messages.
fn what_if(state: &UseReducerHandle<State>, lang: Lang) -> Html {
    let (Some(outcome), Some(current)) = (state.outcome.as_ref(), state.shown_settings()) else {
        return Html::default();
    };
    let panel = views::what_if::WhatIf {
        current: current.clone(),
        customers: outcome.scenario.customers.len(),
        managers: outcome.scenario.managers.len(),
        most_customers: state.most_customers(),
        weeks: state.weeks,
        replications: state.replications,
        input_error: state.input_error.clone(),
        on_settings: dispatch(state, |s: Settings| Msg::SetSettings(Box::new(s))),
        on_reject: dispatch(state, Msg::Reject),
        on_headcount: dispatch(state, Msg::SetHeadcount),
        on_customers: dispatch(state, Msg::SetCustomers),
        on_weeks: dispatch(state, Msg::SetWeeks),
        on_replications: dispatch(state, Msg::SetReplications),
        start_date: state
            .start_date()
            .map(str::to_string)
            .or_else(crate::web::browser::coming_monday)
            .unwrap_or_default(),
        on_start_date: dispatch(state, Msg::SetStartDate),
    };
    views::what_if::what_if(lang, &panel)
}

/// A callback that dispatches the message `msg` makes of its value.
fn dispatch<T: 'static>(state: &UseReducerHandle<State>, msg: fn(T) -> Msg) -> Callback<T> {
    let state = state.clone();
    Callback::from(move |x: T| state.dispatch(msg(x)))
}

/// The assumptions panel (`views::assumptions`) for the shown settings: its edits become
/// messages.
fn assumptions(state: &UseReducerHandle<State>, lang: Lang) -> Html {
    let Some(current) = state.shown_settings() else {
        return Html::default();
    };
    views::assumptions::assumptions(
        lang,
        current,
        state.input_error.as_ref(),
        dispatch(state, |s: Settings| Msg::SetSettings(Box::new(s))),
        dispatch(state, Msg::Reject),
    )
}
