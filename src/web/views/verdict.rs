//! The first screen's answer (`app::verdict`): a card per shown model with its coverage, cost,
//! overtime and travel, the best of each marked, and the sentence that sums them up. A card's
//! name chosen shows its model in the charts and the map below.

use yew::prelude::*;

use crate::app::outcome::Outcome;
use crate::app::state::{shown_models, Msg, State};
use crate::app::verdict::{card_text, verdict, CARD_METRICS};
use crate::i18n::{t, Lang};

/// The verdict section (nothing before the first result).
pub fn verdict_view(state: &UseReducerHandle<State>, c: &Outcome, lang: Lang) -> Html {
    let models = shown_models(c, &state.hidden);
    let v = verdict(lang, &models);
    let shown = c.models.get(state.model).map(|m| m.model);
    html! {
        <section id="verdict" class="verdict" aria-labelledby="verdict-title">
            <h2 id="verdict-title">{ t(lang, "verdict.title") }</h2>
            <div class="verdict-cards">
                { for v.cards.iter().map(|card| {
                    let index = c.models.iter().position(|m| m.model == card.model).unwrap_or(0);
                    let onclick = {
                        let state = state.clone();
                        Callback::from(move |_: MouseEvent| state.dispatch(Msg::SelectModel { index }))
                    };
                    let chosen = shown == Some(card.model);
                    html! {
                        <article class={classes!("verdict-card", chosen.then_some("chosen"))}
                            data-model={card.model.id()}>
                            <button type="button" class="verdict-model" aria-pressed={chosen.to_string()}
                                title={t(lang, "verdict.choose").to_string()} {onclick}>
                                { t(lang, card.model.key()) }
                            </button>
                            <dl>
                                { for CARD_METRICS.iter().enumerate().map(|(k, name)| html! {
                                    <div class={classes!("verdict-figure", card.best[k].then_some("best"))}
                                        data-metric={*name}
                                        data-value={card.figures[k].map(|x| format!("{x:?}")).unwrap_or_default()}>
                                        <dt>{ t(lang, &format!("verdict.{name}")) }</dt>
                                        <dd>
                                            { card.figures[k].map(|x| card_text(lang, name, x)).unwrap_or_else(|| "…".into()) }
                                            if card.best[k] {
                                                <span class="best-mark">{ t(lang, "verdict.best") }</span>
                                            }
                                        </dd>
                                    </div>
                                }) }
                            </dl>
                        </article>
                    }
                }) }
            </div>
            <p id="verdict-sentence" class="verdict-sentence" role="status">
                { v.sentence.unwrap_or_else(|| t(lang, "verdict.pending").to_string()) }
            </p>
        </section>
    }
}
