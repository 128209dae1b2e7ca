//! The calendar view, one week a page so that it fits the screen: staff × the week's working
//! days, each cell the day's visits and hours; then the market managers (市场经理), each cell
//! the day's joint visits and field hours. Only days over the overtime cap are marked, and a
//! blank day says why it is blank.

use yew::prelude::*;

use crate::app::charts_data::{day_label, market_manager_name, staff_name};
use crate::app::outcome::Outcome;
use crate::app::state::{Msg, State};
use crate::charts::calendar_days::{classify, days_of_week, same_weekday, week_of, DayKind};
use crate::i18n::{num, t, tf, Lang};

/// The calendar view: the week holding the chosen day (the map's day: the two views show the
/// same week), with a week selector; a cell opens that day's route on the map.
pub fn calendar_view(state: &UseReducerHandle<State>, c: &Outcome, lang: Lang) -> Html {
    let Some(shown) = c.models.get(state.model) else {
        return Html::default();
    };
    let model_name = t(lang, shown.model.key()).to_string();
    let title = html! {
        <h3 id="calendar-title">{ tf(lang, "calendar.title", &[("model", model_name)]) }</h3>
    };
    let Some(lived) = shown.lived.as_ref() else {
        return html! {
            <section id="calendar-view" class="calendar-view">
                { title }
                <p class="help">{ t(lang, "map.wait_calendar") }</p>
            </section>
        };
    };
    let s = &c.scenario.settings;
    let (day_min, cap_min) = (s.day_minutes, s.overtime_cap_minutes.max(0.0));
    let dpw = s.days_per_week.max(1);
    let n_staff = shown.staff.len();
    let days = lived.day_minutes.first().map_or(0, Vec::len) as u32;
    let weeks = days.div_ceil(dpw).max(1);
    let week = week_of(state.map_day, dpw, weeks);
    let this_week: Vec<u32> = days_of_week(week, dpw).filter(|&d| d < days).collect();
    let go = |w: u32| {
        let state = state.clone();
        let day = same_weekday(state.map_day, w, dpw);
        Callback::from(move |_: MouseEvent| state.dispatch(Msg::SelectDay(day)))
    };
    let on_week = {
        let state = state.clone();
        let day = state.map_day;
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(w) = select.value().parse::<u32>() {
                state.dispatch(Msg::SelectDay(same_weekday(day, w, dpw)));
            }
        })
    };
    // Absences are drawn only when the plan is lived several times under disturbances.
    let blank_reason = if c.replications > 1 {
        t(lang, "calendar.blank_or_absent")
    } else {
        t(lang, "calendar.blank")
    }
    .to_string();
    let blank_market = t(lang, "calendar.blank_market").to_string();
    let cap_text = num(cap_min, 0);
    let staff_cell = |s: usize, d: u32, m: f64, n: u32| {
        let state = state.clone();
        let kind = classify(n, m, day_min, cap_min);
        let over = (m - day_min).max(0.0);
        let title = match kind {
            DayKind::Blank => blank_reason.clone(),
            DayKind::Normal => tf(
                lang,
                "calendar.cell",
                &[("visits", n.to_string()), ("hours", num(m / 60.0, 1))],
            ),
            DayKind::Overtime | DayKind::OverCap => tf(
                lang,
                if kind == DayKind::OverCap {
                    "calendar.cell_over_cap"
                } else {
                    "calendar.cell_overtime"
                },
                &[
                    ("visits", n.to_string()),
                    ("hours", num(m / 60.0, 1)),
                    ("minutes", num(over, 0)),
                    ("cap", cap_text.clone()),
                ],
            ),
        };
        html! {
            <td class={classes!((kind == DayKind::OverCap).then_some("over"), (kind == DayKind::Blank).then_some("empty"))}
                data-minutes={format!("{m:.1}")} data-day={d.to_string()}>
                <button type="button" title={title}
                    onclick={Callback::from(move |_| state.dispatch(Msg::PickDay { staff: s, day: d }))}>
                    { if kind == DayKind::Blank { "·".to_string() } else { format!("{n} / {}", num(m / 60.0, 1)) } }
                </button>
            </td>
        }
    };
    html! {
        <section id="calendar-view" class="calendar-view">
            { title }
            <div class="calendar-pager">
                <button id="calendar-prev" type="button" disabled={week == 0} onclick={go(week.saturating_sub(1))}>
                    { t(lang, "calendar.prev") }
                </button>
                <label for="calendar-week">{ t(lang, "calendar.week") }</label>
                <select id="calendar-week" onchange={on_week}>
                    { for (0..weeks).map(|w| html! {
                        <option value={w.to_string()} selected={w == week}>
                            { tf(lang, "calendar.week_n", &[("week", (w + 1).to_string()), ("weeks", weeks.to_string())]) }
                        </option>
                    }) }
                </select>
                <button id="calendar-next" type="button" disabled={week + 1 >= weeks} onclick={go((week + 1).min(weeks - 1))}>
                    { t(lang, "calendar.next") }
                </button>
            </div>
            <ul id="calendar-legend" class="calendar-legend">
                <li>{ t(lang, "calendar.help") }</li>
                <li id="calendar-legend-over" data-limit-minutes={num(day_min + cap_min, 0)}>
                    <span class="swatch over" aria-hidden="true"></span>
                    { tf(lang, "calendar.legend_over", &[
                        ("day", num(day_min / 60.0, 1)),
                        ("cap", cap_text.clone()),
                        ("limit", num((day_min + cap_min) / 60.0, 1)),
                    ]) }
                </li>
                <li id="calendar-legend-blank">
                    <span class="swatch blank" aria-hidden="true">{ "·" }</span>
                    { tf(lang, "calendar.legend_blank", &[("reason", blank_reason.clone())]) }
                </li>
                if !lived.market.is_empty() {
                    <li>{ t(lang, "calendar.market_help") }</li>
                }
            </ul>
            <div class="grid-scroll">
                <table id="calendar-grid" class="calendar-grid" data-week={week.to_string()}>
                    <thead>
                        <tr>
                            <th scope="col">{ t(lang, "map.staff") }</th>
                            { for this_week.iter().map(|&d| html! { <th scope="col">{ day_label(lang, c, d) }</th> }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for lived.day_minutes.iter().zip(&lived.day_visits).enumerate().map(|(s, (mins, visits))| html! {
                            <tr>
                                <th scope="row">{ format!("{} {}", s + 1, staff_name(lang, c, state.model, s)) }</th>
                                { for this_week.iter().map(|&d| {
                                    let m = mins.get(d as usize).copied().unwrap_or(0.0);
                                    let n = visits.get(d as usize).copied().unwrap_or(0);
                                    staff_cell(s, d, m, n)
                                }) }
                            </tr>
                        }) }
                        { for lived.market.iter().enumerate().map(|(k, row)| html! {
                            <tr class="market-manager">
                                // The full name on hover where the column cuts it.
                                <th scope="row" title={market_manager_name(lang, c, row.department)}>{ market_manager_name(lang, c, row.department) }</th>
                                { for this_week.iter().map(|&d| {
                                    let m = row.day_minutes.get(d as usize).copied().unwrap_or(0.0);
                                    let n = row.day_visits.get(d as usize).copied().unwrap_or(0);
                                    let state = state.clone();
                                    let staff = n_staff + k;
                                    let title = if n == 0 {
                                        blank_market.clone()
                                    } else {
                                        tf(lang, "calendar.cell", &[("visits", n.to_string()), ("hours", num(m / 60.0, 1))])
                                    };
                                    html! {
                                        <td class={classes!((n == 0).then_some("empty"))}>
                                            <button type="button" title={title}
                                                onclick={Callback::from(move |_| state.dispatch(Msg::PickDay { staff, day: d }))}>
                                                { if n == 0 { "·".to_string() } else { format!("{n} / {}", num(m / 60.0, 1)) } }
                                            </button>
                                        </td>
                                    }
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}
