//! The map view: territories, a staff member's day route and a customer's details; zoom and
//! pan with the buttons, the wheel, a drag or a pinch.

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::app::charts_data::{clock, day_label, map_data, staff_name};
use crate::app::message::Message;
use crate::app::outcome::Outcome;
use crate::app::state::{Msg, State};
use crate::charts::map::{Overlay, Projection};
use crate::core::geo::Point;
use crate::core::settings::Function;
use crate::i18n::{num, t, tf, Lang};
use crate::web::dom::{canvas, input_value};
use crate::web::draw;

/// The map view: territories, a staff member's day route, a customer's details; zoom and pan
/// with the buttons, the wheel or a drag (mouse or touch).
pub fn map_view(
    state: &UseReducerHandle<State>,
    c: &Outcome,
    lang: Lang,
    map_ref: &NodeRef,
    projection: &Rc<RefCell<Option<Projection>>>,
    drag: &Rc<RefCell<Gesture>>,
) -> Html {
    let Some(shown) = c.models.get(state.model) else {
        return Html::default();
    };
    let days = c.scenario.settings.weeks * c.scenario.settings.days_per_week;
    let on_staff = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            state.dispatch(Msg::SelectStaff(select.value().parse::<usize>().ok()));
        })
    };
    let on_day = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(d) = select.value().parse::<u32>() {
                state.dispatch(Msg::SelectDay(d));
            }
        })
    };
    let centre = |state: &State| {
        state.window().map_or(Point::new(0.0, 0.0), |w| {
            Point::new((w.min.x + w.max.x) / 2.0, (w.min.y + w.max.y) / 2.0)
        })
    };
    let zoom = |f: f64| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Msg::Zoom(f, centre(&state))))
    };
    let on_reset = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Msg::ResetMap))
    };
    let on_wheel = {
        let state = state.clone();
        let projection = projection.clone();
        Callback::from(move |e: WheelEvent| {
            e.prevent_default();
            let Some((px, py)) = canvas_pixel(&e) else {
                return;
            };
            if let Some(p) = *projection.borrow() {
                let f = if e.delta_y() < 0.0 { 1.25 } else { 0.8 };
                state.dispatch(Msg::Zoom(f, p.to_km(px, py)));
            }
        })
    };
    let on_down = {
        let drag = drag.clone();
        Callback::from(move |e: PointerEvent| {
            if let Some(at) = canvas_pixel(&e) {
                let mut g = drag.borrow_mut();
                g.pointers.retain(|p| p.0 != e.pointer_id());
                g.pointers.push((e.pointer_id(), at));
                // One finger (or the mouse) may click or drag; two pinch.
                g.start = (g.pointers.len() == 1).then_some(at);
                g.pinch = g.spread();
            }
        })
    };
    let on_move = {
        let state = state.clone();
        let drag = drag.clone();
        let projection = projection.clone();
        Callback::from(move |e: PointerEvent| {
            let Some(at) = canvas_pixel(&e) else {
                return;
            };
            let mut g = drag.borrow_mut();
            if let Some(p) = g.pointers.iter_mut().find(|p| p.0 == e.pointer_id()) {
                p.1 = at;
            }
            // A pinch zooms by the change in the fingers' spread, around their midpoint.
            if let (Some(before), Some(now), Some(proj)) =
                (g.pinch, g.spread(), *projection.borrow())
            {
                let f = now.0 / before.0.max(1.0);
                if (f - 1.0).abs() > 0.08 {
                    g.pinch = Some(now);
                    state.dispatch(Msg::Zoom(f, proj.to_km(now.1 .0, now.1 .1)));
                }
            }
        })
    };
    let on_up = {
        let state = state.clone();
        let drag = drag.clone();
        let projection = projection.clone();
        Callback::from(move |e: PointerEvent| {
            let mut g = drag.borrow_mut();
            g.pointers.retain(|p| p.0 != e.pointer_id());
            let start = if g.pointers.is_empty() {
                g.start.take()
            } else {
                None
            };
            if g.pointers.len() < 2 {
                g.pinch = None;
            }
            drop(g);
            let (Some(start), Some(end), Some(p)) = (start, canvas_pixel(&e), *projection.borrow())
            else {
                return;
            };
            let (dx, dy) = (end.0 - start.0, end.1 - start.1);
            if dx.abs() + dy.abs() < 6.0 {
                // A click: the nearest customer.
                state.dispatch(Msg::ClickMap(p.to_km(end.0, end.1)));
            } else if let Some(w) = state.window() {
                // A drag moves the map with the pointer.
                let km = |d: f64| d / p.scale;
                state.dispatch(Msg::Pan(
                    -km(dx) / w.width().max(1e-9),
                    km(dy) / w.height().max(1e-9),
                ));
            }
        })
    };
    let on_find = {
        let state = state.clone();
        // Looked up when the user asks, not copied at every render (50,000 ids on the city).
        Callback::from(move |e: Event| {
            let want = input_value(&e).trim().to_string();
            let found = state.outcome.as_ref().and_then(|o| {
                o.scenario
                    .customers
                    .iter()
                    .position(|x| x.id.eq_ignore_ascii_case(&want))
            });
            match found {
                Some(i) => state.dispatch(Msg::PickCustomer(i)),
                None => state.dispatch(Msg::Reject(Message::new("map.not_found").with("id", want))),
            }
        })
    };
    // An id of the shown scenario's own customers (an imported list has its own ids).
    let find_hint = c.scenario.customers.first().map_or_else(
        || t(lang, "map.find_hint").to_string(),
        |cu| tf(lang, "map.find_example", &[("id", cu.id.clone())]),
    );
    let lock_tools = lock_tools(state, c, lang);
    let route = state
        .route
        .as_ref()
        .filter(|r| Some(r.staff) == state.map_staff && r.day == state.map_day);
    let functions = |fs: &[Function]| {
        fs.iter()
            .map(|f| t(lang, f.key()))
            .collect::<Vec<_>>()
            .join("、")
    };
    let customer_name = |i: usize| {
        c.scenario
            .customers
            .get(i)
            .map_or_else(|| i.to_string(), |cu| format!("{} {}", cu.id, cu.name))
    };
    let route_panel = match (state.map_staff, route) {
        (None, _) => html! { <p class="help">{ t(lang, "map.pick_staff") }</p> },
        (Some(_), None) => html! { <p class="help">{ t(lang, "map.loading") }</p> },
        (Some(staff), Some(r)) if r.stops.is_empty() => html! {
            <p id="route-summary">{ tf(lang, "map.no_route", &[("staff", staff_name(lang, c, state.model, staff)), ("day", day_label(lang, c, r.day))]) }</p>
        },
        (Some(staff), Some(r)) => html! {
            <>
                <p id="route-summary">{ tf(lang, "map.route", &[
                    ("staff", staff_name(lang, c, state.model, staff)),
                    ("day", day_label(lang, c, r.day)),
                    ("leave", r.leave.map(clock).unwrap_or_default()),
                    ("back", r.back.map(clock).unwrap_or_default()),
                    ("km", num(r.km, 1)),
                    ("stops", r.stops.len().to_string()),
                ]) }</p>
                <p id="route-fit" class="help">{ tf(lang, "map.route_fit", &[("reset", t(lang, "map.reset").to_string())]) }</p>
                <ol id="route-stops" class="stops">
                    { for r.stops.iter().map(|x| html! {
                        <li>
                            { format!("{}–{} {}", clock(x.start), clock(x.end), customer_name(x.customer)) }
                            <span class="help">
                                { format!(" {}", functions(&x.functions)) }
                                if x.team { { format!(" · {}", t(lang, "map.team")) } }
                                if x.closed { { format!(" · {}", t(lang, "map.closed")) } }
                            </span>
                        </li>
                    }) }
                </ol>
            </>
        },
    };
    let customer_panel = match (state.picked, state.customer.as_ref()) {
        (None, _) => html! { <p class="help">{ t(lang, "map.pick_customer") }</p> },
        (Some(i), None) => {
            html! { <p class="help">{ format!("{} · {}", customer_name(i), t(lang, "map.loading")) }</p> }
        }
        (Some(_), Some(cv)) => {
            let cu = c.scenario.customers.get(cv.customer);
            let class = cu
                .and_then(|cu| c.scenario.settings.classes.get(cu.class as usize))
                .map(|k| {
                    if lang == Lang::ZhCn {
                        k.name_zh.clone()
                    } else {
                        k.name_en.clone()
                    }
                })
                .unwrap_or_default();
            html! {
                <div id="customer-details">
                    <h3>{ format!("{} · {class}", customer_name(cv.customer)) }</h3>
                    if let Some(m) = cu.and_then(|cu| state.locks.get(&cu.id)) {
                        <p id="customer-lock" class="locked">{ tf(lang, "map.lock.locked_to", &[("manager", manager_label(c, m))]) }</p>
                    }
                    <ul>
                        { for Function::ALL.iter().zip(cv.responsible).map(|(f, s)| html! {
                            <li>{ format!("{}: {}", t(lang, f.key()), s.map_or_else(|| t(lang, "map.not_reached").to_string(), |s| staff_name(lang, c, cv.model, s))) }</li>
                        }) }
                    </ul>
                    <h4>{ tf(lang, "map.visits", &[("n", cv.visits.len().to_string())]) }</h4>
                    <ul class="visits">
                        { for cv.visits.iter().map(|v| html! {
                            <li>{ format!("{} {}–{} {} · {}{}{}",
                                day_label(lang, c, v.day), clock(v.start), clock(v.end),
                                staff_name(lang, c, cv.model, v.staff), functions(&v.functions),
                                if v.team { format!(" · {}", t(lang, "map.team")) } else { String::new() },
                                if v.closed { format!(" · {}", t(lang, "map.closed")) } else { String::new() }) }</li>
                        }) }
                    </ul>
                    if !cv.missed.is_empty() {
                        <h4>{ tf(lang, "map.missed", &[("n", cv.missed.len().to_string())]) }</h4>
                        <ul class="missed">
                            { for cv.missed.iter().map(|m| html! {
                                <li>{ format!("{} ({}–{}), {}: {}",
                                    t(lang, m.function.key()), day_label(lang, c, m.from_day), day_label(lang, c, m.to_day),
                                    staff_name(lang, c, cv.model, m.staff), t(lang, &format!("reason.{}", m.reason))) }</li>
                            }) }
                        </ul>
                    }
                </div>
            }
        }
    };
    html! {
        <section id="map-view" class="map-view">
            <div class="map-tools">
                <label for="map-staff">{ t(lang, "map.staff") }</label>
                <select id="map-staff" onchange={on_staff}>
                    <option value="" selected={state.map_staff.is_none()}>{ t(lang, "map.all_staff") }</option>
                    { for (0..shown.staff.len()).map(|i| html! {
                        <option value={i.to_string()} selected={state.map_staff == Some(i)}>
                            { format!("{} {}", i + 1, staff_name(lang, c, state.model, i)) }
                        </option>
                    }) }
                    // The market managers (市场经理) after the staff: their day routes too.
                    { for (0..shown.lived.as_ref().map_or(0, |l| l.market.len())).map(|k| {
                        let i = shown.staff.len() + k;
                        html! {
                            <option value={i.to_string()} selected={state.map_staff == Some(i)}>
                                { staff_name(lang, c, state.model, i) }
                            </option>
                        }
                    }) }
                </select>
                <label for="map-day">{ t(lang, "map.day") }</label>
                <select id="map-day" onchange={on_day}>
                    { for (0..days).map(|d| html! {
                        <option value={d.to_string()} selected={state.map_day == d}>{ day_label(lang, c, d) }</option>
                    }) }
                </select>
                <button id="zoom-in" type="button" title={t(lang, "map.zoom_in").to_string()} onclick={zoom(1.5)}>{ "+" }</button>
                <button id="zoom-out" type="button" title={t(lang, "map.zoom_out").to_string()} onclick={zoom(1.0 / 1.5)}>{ "−" }</button>
                <button id="zoom-reset" type="button" onclick={on_reset}>{ t(lang, "map.reset") }</button>
                <label for="find-customer">{ t(lang, "map.find") }</label>
                <input id="find-customer" type="search" placeholder={find_hint} onchange={on_find} />
                if !state.has_calendar {
                    <span class="help">{ t(lang, "map.wait_calendar") }</span>
                }
            </div>
            { lock_tools }
            <div class="map-layout">
                <figure>
                    <canvas id="map" ref={map_ref.clone()} width="960" height="720" role="img"
                        aria-label={t(lang, "map.aria").to_string()}
                        onwheel={on_wheel} onpointerdown={on_down} onpointermove={on_move}
                        onpointerup={on_up.clone()} onpointercancel={on_up} />
                </figure>
                <aside id="map-details" aria-live="polite">
                    { route_panel }
                    { customer_panel }
                </aside>
            </div>
        </section>
    }
}

/// A manager's name and id, for the lock texts (the id alone when the scenario lacks it).
fn manager_label(c: &Outcome, id: &str) -> String {
    c.scenario
        .managers
        .iter()
        .find(|m| m.id == id)
        .map_or_else(|| id.to_string(), |m| format!("{} ({})", m.name, m.id))
}

/// The lock controls: the picked customer locked to (or freed from) the manager serving it in
/// the model shown, a manager's book, a department, all locks cleared, and how many customers
/// are locked. Each change runs the comparison again, like any scenario edit.
fn lock_tools(state: &UseReducerHandle<State>, c: &Outcome, lang: Lang) -> Html {
    let Some(shown) = c.models.get(state.model) else {
        return Html::default();
    };
    let picked = state.picked.filter(|&i| i < c.scenario.customers.len());
    let picked_locked = picked
        .and_then(|i| c.scenario.customers.get(i))
        .is_some_and(|cu| state.locks.contains_key(&cu.id));
    let serving = picked
        .and_then(|i| shown.owner.get(i))
        .and_then(|&s| shown.staff.get(s))
        .and_then(|st| c.scenario.managers.get(st.manager))
        .map(|m| format!("{} ({})", m.name, m.id));
    let on_customer = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(i) = picked {
                state.dispatch(if picked_locked {
                    Msg::UnlockCustomer(i)
                } else {
                    Msg::LockCustomer(i)
                });
            }
        })
    };
    let on_book = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(m) = select.value().parse::<usize>() {
                state.dispatch(Msg::LockBook(m));
            }
            select.set_value("");
        })
    };
    let on_department = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(d) = select.value().parse::<usize>() {
                state.dispatch(Msg::LockDepartment(d));
            }
            select.set_value("");
        })
    };
    let on_clear = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Msg::ClearLocks))
    };
    let customer_label = match (picked_locked, serving) {
        (true, _) => t(lang, "map.lock.unlock_customer").to_string(),
        (false, Some(m)) => tf(lang, "map.lock.customer_to", &[("manager", m)]),
        (false, None) => t(lang, "map.lock.customer").to_string(),
    };
    html! {
        <div id="lock-tools" class="map-tools">
            <span id="lock-count" class="help">{ tf(lang, "map.lock.count", &[("n", state.locks.len().to_string())]) }</span>
            <button id="lock-customer" type="button" disabled={picked.is_none()} onclick={on_customer}>{ customer_label }</button>
            <label for="lock-book">{ t(lang, "map.lock.book") }</label>
            <select id="lock-book" onchange={on_book}>
                <option value="" selected=true>{ t(lang, "map.lock.choose") }</option>
                { for shown.staff.iter().enumerate().map(|(i, st)| html! {
                    <option value={st.manager.to_string()}>{ staff_name(lang, c, state.model, i) }</option>
                }) }
            </select>
            <label for="lock-department">{ t(lang, "map.lock.department") }</label>
            <select id="lock-department" onchange={on_department}>
                <option value="" selected=true>{ t(lang, "map.lock.choose") }</option>
                { for c.scenario.departments.iter().enumerate().map(|(d, dep)| html! {
                    <option value={d.to_string()}>{ dep.name.clone() }</option>
                }) }
            </select>
            <button id="lock-clear" type="button" disabled={state.locks.is_empty()} onclick={on_clear}>{ t(lang, "map.lock.clear") }</button>
            <span class="help">{ t(lang, "map.lock.help") }</span>
        </div>
    }
}

/// Pointers down on the map: where each is, where a one-pointer gesture began (a click or a
/// drag), and the spread and midpoint of a two-finger pinch when it last zoomed.
#[derive(Default)]
pub struct Gesture {
    pointers: Vec<(i32, (f64, f64))>,
    start: Option<(f64, f64)>,
    pinch: Option<(f64, (f64, f64))>,
}

impl Gesture {
    /// The distance between the first two pointers and their midpoint.
    fn spread(&self) -> Option<(f64, (f64, f64))> {
        let (a, b) = (self.pointers.first()?.1, self.pointers.get(1)?.1);
        let d = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
        Some((d, ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0)))
    }
}

/// The canvas pixel under a mouse or pointer event (the canvas is scaled by CSS).
fn canvas_pixel(e: &MouseEvent) -> Option<(f64, f64)> {
    use wasm_bindgen::JsCast;
    let cv: HtmlCanvasElement = e.target()?.dyn_into().ok()?;
    let (cw, ch) = (f64::from(cv.client_width()), f64::from(cv.client_height()));
    if cw <= 0.0 || ch <= 0.0 {
        return None;
    }
    Some((
        f64::from(e.offset_x()) * f64::from(cv.width()) / cw,
        f64::from(e.offset_y()) * f64::from(cv.height()) / ch,
    ))
}

/// The territory map with the chosen staff member's customers, day route and the picked
/// customer; returns where the km plane landed. The canvas is drawn at the size it is shown
/// times the device pixel ratio (4:3), its text sized for that; the km window and the stops'
/// pixel box are written on it (`data-km-window`, `data-stops-box`) for checks.
pub fn draw_map(state: &State, c: &Outcome, map_ref: &NodeRef) -> Option<Projection> {
    let cv = canvas(map_ref)?;
    let shown_w = f64::from(cv.client_width());
    if shown_w > 0.0 {
        let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
        let w = (shown_w * dpr.clamp(1.0, 4.0)).round() as u32;
        if cv.width() != w {
            cv.set_width(w);
            cv.set_height(w * 3 / 4);
        }
    }
    // Canvas pixels per CSS pixel, whatever the ratio came from.
    let px = if shown_w > 0.0 {
        f64::from(cv.width()) / shown_w
    } else {
        1.0
    };
    let m = map_data(
        state.lang,
        c,
        state.model,
        state.map_staff,
        state.map_day,
        state.route.as_deref(),
        state.picked,
    )?;
    let overlay = Overlay {
        outlines: &m.outlines,
        highlight: m.highlight.as_deref(),
        route: &m.route,
        stop_labels: &m.stop_labels,
        selected: m.selected,
        view: state.map_window,
        territory_labels: &m.territory_labels,
        department_outlines: &m.department_outlines,
        office_labels: &m.office_labels,
        px,
    };
    match draw::map_chart(cv.clone(), &m.pts, m.colours, &m.bases, &m.labels, &overlay) {
        Ok(d) => {
            let p = d.projection;
            let (w, h) = (f64::from(cv.width()), f64::from(cv.height()));
            let (a, b) = (p.to_km(0.0, h), p.to_km(w, 0.0));
            let window = format!("{:.3},{:.3},{:.3},{:.3}", a.x, a.y, b.x, b.y);
            // Attributes for checks only: failing to write one changes nothing drawn.
            let _ = cv.set_attribute("data-km-window", &window);
            let stops = d.stops_box.map_or_else(String::new, |r| {
                format!("{:.0},{:.0},{:.0},{:.0}", r[0], r[1], r[2], r[3])
            });
            let _ = cv.set_attribute("data-stops-box", &stops);
            Some(p)
        }
        Err(e) => {
            gloo::console::error!(e.to_string());
            None
        }
    }
}
