//! The calendar view: staff × working days, each cell the day's visits and hours; then the
//! market managers (市场经理), each cell the day's joint visits and field hours.

use yew::prelude::*;

use crate::app::charts_data::{day_label, market_manager_name, staff_name};
use crate::app::outcome::Outcome;
use crate::app::state::{Msg, State};
use crate::i18n::{num, t, tf, Lang};

/// The calendar view: staff × working days, each cell the day's visits and hours; a day over
/// the working day is marked, and a cell opens that day's route on the map.
pub fn calendar_view(state: &UseReducerHandle<State>, c: &Outcome, lang: Lang) -> Html {
    let Some(shown) = c.models.get(state.model) else {
        return Html::default();
    };
    let Some(lived) = shown.lived.as_ref() else {
        return html! { <p class="help">{ t(lang, "map.wait_calendar") }</p> };
    };
    let day_min = c.scenario.settings.day_minutes;
    let n_staff = shown.staff.len();
    let days = lived.day_minutes.first().map_or(0, Vec::len) as u32;
    html! {
        <section id="calendar-view" class="calendar-view">
            <p class="help">{ t(lang, "calendar.help") }</p>
            if !lived.market.is_empty() {
                <p class="help">{ t(lang, "calendar.market_help") }</p>
            }
            <div class="grid-scroll">
                <table id="calendar-grid" class="calendar-grid">
                    <thead>
                        <tr>
                            <th scope="col">{ t(lang, "map.staff") }</th>
                            { for (0..days).map(|d| html! { <th scope="col">{ day_label(lang, c, d) }</th> }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for lived.day_minutes.iter().zip(&lived.day_visits).enumerate().map(|(s, (mins, visits))| html! {
                            <tr>
                                <th scope="row">{ format!("{} {}", s + 1, staff_name(lang, c, state.model, s)) }</th>
                                { for mins.iter().zip(visits).enumerate().map(|(d, (&m, &n))| {
                                    let state = state.clone();
                                    let over = m > day_min + 1e-9;
                                    let title = tf(lang, "calendar.cell", &[
                                        ("visits", n.to_string()), ("hours", num(m / 60.0, 1)),
                                    ]);
                                    html! {
                                        <td class={classes!(over.then_some("over"), (n == 0).then_some("empty"))}>
                                            <button type="button" title={title}
                                                onclick={Callback::from(move |_| state.dispatch(Msg::PickDay { staff: s, day: d as u32 }))}>
                                                { if n == 0 { "·".to_string() } else { format!("{n} / {}", num(m / 60.0, 1)) } }
                                            </button>
                                        </td>
                                    }
                                }) }
                            </tr>
                        }) }
                        { for lived.market.iter().enumerate().map(|(k, row)| html! {
                            <tr class="market-manager">
                                <th scope="row">{ market_manager_name(lang, c, row.department) }</th>
                                { for row.day_minutes.iter().zip(&row.day_visits).enumerate().map(|(d, (&m, &n))| {
                                    let state = state.clone();
                                    let staff = n_staff + k;
                                    let title = tf(lang, "calendar.cell", &[
                                        ("visits", n.to_string()), ("hours", num(m / 60.0, 1)),
                                    ]);
                                    html! {
                                        <td class={classes!((n == 0).then_some("empty"))}>
                                            <button type="button" title={title}
                                                onclick={Callback::from(move |_| state.dispatch(Msg::PickDay { staff, day: d as u32 }))}>
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
