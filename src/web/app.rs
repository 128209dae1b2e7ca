//! The app component: one reducer for state, the effects at the edge (the worker, the
//! autosave, the keyboard, drawing the shown charts, document title and language), and the
//! page put together from the views in `views`.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::browser;
use super::compute::idle_client;
use super::dom::{input_value, parse_in};
use super::fields::{setting_input, SettingField};
use super::keep;
use super::reducer;
use super::views::map::Gesture;
use super::views::present;
use super::views::{calendar, compare, data, learn, map, page, report, staffing};
use super::worker::Client;
use crate::app::limits::{MAX_HEADCOUNT, MAX_REPLICATIONS, MIN_CUSTOMERS};
use crate::app::protocol::Query;
use crate::app::slides::TOUR;
use crate::app::state::{shown_models, Msg, State, View};
use crate::charts::map::Projection;
use crate::core::settings::{Function, Settings, ZoneModel};
use crate::i18n::{num, t, tf, Lang};

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
                if let Err(n) = keep::autosave(&state) {
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
        // A tour closed is remembered: later visits start without it.
        use_effect_with(state.tour_done, |done| {
            if *done {
                let _ = browser::store("toured", "1");
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
        let client = client.clone();
        let dispatcher = state.dispatcher();
        let wanted = state.wanted();
        use_effect_with(state.request, move |_| {
            if let Some(req) = wanted {
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
        let wanted = state
            .staffing_running
            .then(|| state.staffing_request())
            .flatten();
        use_effect_with(state.staffing_id, move |_| {
            if let Some(req) = wanted {
                if let Some(c) = idle_client(&client, &dispatcher).as_ref() {
                    c.staffing(&req);
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
                    { page::scenario_summary(lang, c) }
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
    }
}

/// The what-if controls: visit modes, routine service minutes per class, staff, horizon and
/// disturbances. Each edits a copy of the shown scenario's settings and recomputes; a value
/// out of range is refused by the browser's own bounds and ignored here.
fn what_if(state: &UseReducerHandle<State>, lang: Lang) -> Html {
    let Some(outcome) = state.outcome.as_ref() else {
        return Html::default();
    };
    let current: Settings = state
        .settings
        .clone()
        .unwrap_or_else(|| outcome.scenario.settings.clone());
    let toggle = |f: fn(&mut Settings) -> &mut bool| {
        let state = state.clone();
        let current = current.clone();
        Callback::from(move |_: Event| {
            let mut next = current.clone();
            let flag = f(&mut next);
            *flag = !*flag;
            state.dispatch(Msg::SetSettings(Box::new(next)));
        })
    };
    let modes = [
        (
            "mode-team",
            "control.team_visits",
            current.modes.team_visits,
            toggle(|s| &mut s.modes.team_visits),
        ),
        (
            "mode-stagger",
            "control.staggering",
            current.modes.staggering,
            toggle(|s| &mut s.modes.staggering),
        ),
        (
            "mode-flexible",
            "control.flexible_hours",
            current.modes.flexible_hours,
            toggle(|s| &mut s.modes.flexible_hours),
        ),
        (
            "mode-deep",
            "control.deep_visits",
            current.modes.deep_visits,
            toggle(|s| &mut s.modes.deep_visits),
        ),
    ];
    let service = Function::Service;
    let minutes: Html = current
        .classes
        .iter()
        .enumerate()
        .map(|(k, class)| {
            let name = if lang == Lang::ZhCn {
                &class.name_zh
            } else {
                &class.name_en
            };
            let id = format!("service-min-{k}");
            let shown = num(current.minutes(service, k as u8), 0);
            let state = state.clone();
            let current = current.clone();
            let on = Callback::from(move |e: Event| {
                let Some(m) = parse_in(&input_value(&e), 1.0, 240.0) else {
                    reject(&state, lang, "control.service_minutes", 1, 240);
                    return;
                };
                let mut next = current.clone();
                if let Some(rule) = next.functions.get_mut(service.index()) {
                    if let Some(x) = rule.minutes.get_mut(k) {
                        *x = m;
                        state.dispatch(Msg::SetSettings(Box::new(next)));
                    }
                }
            });
            html! {
                <>
                    <label for={id.clone()}>{ name.clone() }</label>
                    <input id={id} type="number" min="1" max="240" step="1"
                        value={shown} onchange={on} />
                </>
            }
        })
        .collect();
    let on_headcount = {
        let state = state.clone();
        Callback::from(
            move |e: Event| match parse_in(&input_value(&e), 1, MAX_HEADCOUNT) {
                Some(n) => state.dispatch(Msg::SetHeadcount(n)),
                None => reject(&state, lang, "control.headcount", 1, MAX_HEADCOUNT),
            },
        )
    };
    let on_customers = {
        let state = state.clone();
        let full = state.full_size.unwrap_or(MIN_CUSTOMERS);
        Callback::from(
            move |e: Event| match parse_in(&input_value(&e), MIN_CUSTOMERS, full) {
                Some(n) => state.dispatch(Msg::SetCustomers(n)),
                None => state.dispatch(Msg::Reject(tf(
                    lang,
                    "control.out_of_range",
                    &[
                        ("field", t(lang, "control.customers").to_string()),
                        ("lo", MIN_CUSTOMERS.to_string()),
                        ("hi", full.to_string()),
                    ],
                ))),
            },
        )
    };
    let on_weeks = {
        let state = state.clone();
        Callback::from(move |e: Event| match parse_in(&input_value(&e), 1, 52) {
            Some(w) => state.dispatch(Msg::SetWeeks(w)),
            None => reject(&state, lang, "control.weeks", 1, 52),
        })
    };
    let on_reps = {
        let state = state.clone();
        Callback::from(
            move |e: Event| match parse_in(&input_value(&e), 1, MAX_REPLICATIONS) {
                Some(r) => state.dispatch(Msg::SetReplications(r)),
                None => reject(&state, lang, "control.replications", 1, MAX_REPLICATIONS),
            },
        )
    };
    let pct = |id, key: &str, value: f64, set: Setter| {
        number_field(
            state,
            lang,
            &current,
            id,
            t(lang, key).to_string(),
            value * 100.0,
            (0.0, 50.0, 0.5),
            set,
        )
    };
    let absence = pct(
        "absence",
        "control.absence_pct",
        current.disturbances.absence_rate,
        |s, x| s.disturbances.absence_rate = x / 100.0,
    );
    let closed = pct(
        "closed",
        "control.closed_pct",
        current.disturbances.closed_rate,
        |s, x| s.disturbances.closed_rate = x / 100.0,
    );
    html! {
        <details id="what-if" class="controls what-if" open=true>
            <summary>{ t(lang, "control.what_if") }</summary>
            <fieldset>
                <legend>{ t(lang, "control.modes") }</legend>
                { for modes.into_iter().map(|(id, key, on, cb)| html! {
                    <label class="check" for={id}>
                        <input id={id} type="checkbox" checked={on} onchange={cb} />
                        { t(lang, key) }
                    </label>
                }) }
            </fieldset>
            <fieldset>
                <legend>{ t(lang, "control.service_minutes") }</legend>
                { minutes }
            </fieldset>
            <fieldset>
                <legend>{ t(lang, "control.staff_horizon") }</legend>
                <label for="customers">{ t(lang, "control.customers") }</label>
                <input id="customers" type="number" min={MIN_CUSTOMERS.to_string()}
                    max={state.full_size.unwrap_or(MIN_CUSTOMERS).to_string()} step="1"
                    value={outcome.scenario.customers.len().to_string()} onchange={on_customers} />
                <label for="headcount">{ t(lang, "control.headcount") }</label>
                <input id="headcount" type="number" min="1" max={MAX_HEADCOUNT.to_string()} step="1"
                    value={outcome.scenario.managers.len().to_string()} onchange={on_headcount} />
                <label for="weeks">{ t(lang, "control.weeks") }</label>
                <input id="weeks" type="number" min="1" max="52" step="1"
                    value={state.weeks.to_string()} onchange={on_weeks} />
            </fieldset>
            <fieldset>
                <legend>{ t(lang, "control.disturbances") }</legend>
                { absence }
                { closed }
                <label class="check" for="cover">
                    <input id="cover" type="checkbox" checked={current.disturbances.cover_absent}
                        onchange={toggle(|s| &mut s.disturbances.cover_absent)} />
                    { t(lang, "control.cover_absent") }
                </label>
                <label for="replications">{ t(lang, "control.replications") }</label>
                <input id="replications" type="number" min="1" max={MAX_REPLICATIONS.to_string()} step="1"
                    value={state.replications.to_string()} onchange={on_reps} />
            </fieldset>
            { more_settings(state, lang, &current) }
            if let Some(msg) = &state.input_error {
                <p id="input-error" class="error" role="alert">{ msg.clone() }</p>
            }
        </details>
    }
}

type Setter = fn(&mut Settings, f64);

/// Says which range a control allows, leaving the scenario as it was.
fn reject<T: std::fmt::Display>(
    state: &UseReducerHandle<State>,
    lang: Lang,
    key: &str,
    lo: T,
    hi: T,
) {
    state.dispatch(Msg::Reject(tf(
        lang,
        "control.out_of_range",
        &[
            ("field", t(lang, key).to_string()),
            ("lo", lo.to_string()),
            ("hi", hi.to_string()),
        ],
    )));
}

/// A number field bound to one setting, with its label: a value outside `lo..=hi` is refused
/// with a message naming the range, and the scenario is left as it was (the same field as the
/// assumptions panel's, `fields::setting_input`).
#[allow(clippy::too_many_arguments)]
fn number_field(
    state: &UseReducerHandle<State>,
    lang: Lang,
    current: &Settings,
    id: &'static str,
    label: String,
    value: f64,
    (lo, hi, step): (f64, f64, f64),
    set: Setter,
) -> Html {
    let on_change = {
        let state = state.clone();
        Callback::from(move |s: Settings| state.dispatch(Msg::SetSettings(Box::new(s))))
    };
    let on_reject = {
        let state = state.clone();
        Callback::from(move |m: String| state.dispatch(Msg::Reject(m)))
    };
    let field = SettingField {
        id: id.to_string(),
        label: label.clone(),
        value,
        lo,
        hi,
        step,
        integer: false,
    };
    html! {
        <>
            <label for={id}>{ label }</label>
            { setting_input(lang, field, &Rc::new(current.clone()), Rc::new(set), &on_change, &on_reject) }
        </>
    }
}

/// The rest of the assumptions a workshop changes: speeds, routine cycles, team visits, value
/// groups, deep visits and the hybrid's model per zone.
fn more_settings(state: &UseReducerHandle<State>, lang: Lang, current: &Settings) -> Html {
    let field = |id, key: &str, value, range, set: Setter| {
        number_field(
            state,
            lang,
            current,
            id,
            t(lang, key).to_string(),
            value,
            range,
            set,
        )
    };
    let zone_name = |k: &str| t(lang, k).to_string();
    let speeds = html! {
        <fieldset>
            <legend>{ t(lang, "control.speeds") }</legend>
            { number_field(state, lang, current, "speed-urban", zone_name("zone.urban"), current.speed_kmh.urban, (1.0, 120.0, 1.0), |s, x| s.speed_kmh.urban = x) }
            { number_field(state, lang, current, "speed-town", zone_name("zone.town"), current.speed_kmh.town, (1.0, 120.0, 1.0), |s, x| s.speed_kmh.town = x) }
            { number_field(state, lang, current, "speed-rural", zone_name("zone.rural"), current.speed_kmh.rural, (1.0, 120.0, 1.0), |s, x| s.speed_kmh.rural = x) }
        </fieldset>
    };
    let service = Function::Service;
    let cycles: Html = current
        .classes
        .iter()
        .enumerate()
        .take(4)
        .map(|(k, class)| {
            let name = if lang == Lang::ZhCn {
                &class.name_zh
            } else {
                &class.name_en
            };
            // One setter per class index (fn pointers cannot capture it).
            let set: Setter = match k {
                0 => |s, x| set_cycle(s, 0, x),
                1 => |s, x| set_cycle(s, 1, x),
                2 => |s, x| set_cycle(s, 2, x),
                _ => |s, x| set_cycle(s, 3, x),
            };
            let id: &'static str = ["cycle-0", "cycle-1", "cycle-2", "cycle-3"][k];
            number_field(
                state,
                lang,
                current,
                id,
                name.clone(),
                f64::from(current.cycle_weeks(service, k as u8)),
                (1.0, 8.0, 1.0),
                set,
            )
        })
        .collect();
    let hybrid: Html = [("zone.urban", 0usize), ("zone.town", 1), ("zone.rural", 2)]
        .iter()
        .map(|&(key, z)| {
            let now = match z {
                0 => current.hybrid.urban,
                1 => current.hybrid.town,
                _ => current.hybrid.rural,
            };
            let id = format!("hybrid-{z}");
            let state = state.clone();
            let cur = current.clone();
            let on = Callback::from(move |e: Event| {
                let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
                let Some(m) = ZoneModel::ALL.iter().find(|m| m.id() == select.value()) else {
                    return;
                };
                let mut next = cur.clone();
                match z {
                    0 => next.hybrid.urban = *m,
                    1 => next.hybrid.town = *m,
                    _ => next.hybrid.rural = *m,
                }
                state.dispatch(Msg::SetSettings(Box::new(next)));
            });
            html! {
                <>
                    <label for={id.clone()}>{ t(lang, key) }</label>
                    <select id={id} onchange={on}>
                        { for ZoneModel::ALL.iter().map(|m| html! {
                            <option value={m.id()} selected={*m == now}>
                                { t(lang, &format!("zone_model.{}", m.id())) }
                            </option>
                        }) }
                    </select>
                </>
            }
        })
        .collect();
    html! {
        <details id="more-settings" class="more-settings">
            <summary>{ t(lang, "control.more") }</summary>
            { speeds }
            <fieldset>
                <legend>{ t(lang, "control.service_cycle") }</legend>
                { cycles }
            </fieldset>
            <fieldset>
                <legend>{ t(lang, "control.team") }</legend>
                { field("team-per-month", "control.team_per_month", current.team.per_month, (0.0, 4.0, 0.5), |s, x| s.team.per_month = x) }
                { field("team-size", "control.team_size", f64::from(current.team.max_members), (2.0, 4.0, 1.0), |s, x| s.team.max_members = x as u32) }
                { field("deep-factor", "control.deep_factor", current.deep.factor, (1.0, 3.0, 0.1), |s, x| s.deep.factor = x) }
            </fieldset>
            <fieldset>
                <legend>{ t(lang, "control.value_groups") }</legend>
                { field("weight-0", "control.weight_loyalty", current.value.weights[0], (0.0, 10.0, 0.1), |s, x| s.value.weights[0] = x) }
                { field("weight-1", "control.weight_integrity", current.value.weights[1], (0.0, 10.0, 0.1), |s, x| s.value.weights[1] = x) }
                { field("weight-2", "control.weight_cooperation", current.value.weights[2], (0.0, 10.0, 0.1), |s, x| s.value.weights[2] = x) }
                { field("weight-3", "control.weight_growth", current.value.weights[3], (0.0, 10.0, 0.1), |s, x| s.value.weights[3] = x) }
                { field("weight-4", "control.weight_dependency", current.value.weights[4], (0.0, 10.0, 0.1), |s, x| s.value.weights[4] = x) }
                { field("high-value", "control.high_value_pct", current.value.high_value_share * 100.0, (5.0, 90.0, 1.0), |s, x| s.value.high_value_share = x / 100.0) }
                { field("core-share", "control.core_pct", current.value.core_share * 100.0, (1.0, 50.0, 1.0), |s, x| s.value.core_share = x / 100.0) }
            </fieldset>
            <fieldset>
                <legend>{ t(lang, "control.hybrid") }</legend>
                { hybrid }
            </fieldset>
        </details>
    }
}

fn set_cycle(s: &mut Settings, class: usize, weeks: f64) {
    if let Some(rule) = s.functions.get_mut(Function::Service.index()) {
        if let Some(c) = rule.cycle_weeks.get_mut(class) {
            *c = weeks as u32;
        }
    }
}

/// The assumptions panel for the shown settings: each edit recomputes, a value out of range is
/// refused with its range.
fn assumptions(state: &UseReducerHandle<State>, lang: Lang) -> Html {
    let Some(c) = state.outcome.as_ref() else {
        return Html::default();
    };
    let current = state
        .settings
        .clone()
        .unwrap_or_else(|| c.scenario.settings.clone());
    let on_change = {
        let state = state.clone();
        Callback::from(move |s: Settings| state.dispatch(Msg::SetSettings(Box::new(s))))
    };
    let on_reject = {
        let state = state.clone();
        Callback::from(move |m: String| state.dispatch(Msg::Reject(m)))
    };
    html! {
        <>
            { super::learn::assumptions_view(lang, &current, on_change, on_reject) }
            if let Some(msg) = &state.input_error {
                <p id="assumption-error" class="error" role="alert">{ msg.clone() }</p>
            }
        </>
    }
}
