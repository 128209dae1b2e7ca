//! For the room: presentation mode (one chart at a time, large, arrow keys), the guided tour
//! for first-time users, and the workshop exercises whose answers come from the live results.

use yew::prelude::*;

use super::compare::metric_table;
use super::learn::claims_table;
use crate::app::outcome::Outcome;
use crate::app::slides::{slides, Slide, CLAIMS_PER_SLIDE, TOUR};
use crate::app::state::{shown_models, ExerciseRun, Msg, State};
use crate::app::workshop::{answer, EXERCISES};
use crate::core::metrics;
use crate::core::models::ModelId;
use crate::i18n::{figure, t, tf, Lang};

/// Presentation mode: the slide, its number and the buttons (the keyboard does the same:
/// → / PageDown / space next, ← / PageUp back, Esc leaves).
pub fn presentation(
    state: &UseReducerHandle<State>,
    c: &Outcome,
    index: usize,
    workload_ref: &NodeRef,
    map_ref: &NodeRef,
) -> Html {
    let lang = state.lang;
    let all = slides(state.has_calendar);
    let i = index.min(all.len().saturating_sub(1));
    let go = |to: Option<usize>| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Msg::Present(to)))
    };
    let slide = all.get(i).copied().unwrap_or(Slide::Workload);
    let body = match slide {
        Slide::Workload => html! {
            <canvas id="workload-chart" ref={workload_ref.clone()} width="1120" height="560"
                role="img" aria-label={t(lang, "chart.workload.y").to_string()} />
        },
        Slide::Map => html! {
            <canvas id="map" ref={map_ref.clone()} width="1120" height="560"
                role="img" aria-label={t(lang, "view.map").to_string()} />
        },
        Slide::Chart(id, key) => html! {
            <canvas id={id} width="1120" height="560" role="img" aria-label={t(lang, key).to_string()} />
        },
        Slide::Metrics => {
            let models = shown_models(c, &state.hidden);
            // The type is sized to the rows (one line each), so all fit the slide.
            let rows =
                metrics::rows(&models.iter().map(|m| &m.metrics).collect::<Vec<_>>()).len() + 3;
            html! {
                <>
                    <h2 class="slide-title">{ tf(lang, "present.metrics_title", &[("weeks", c.scenario.settings.weeks.to_string())]) }</h2>
                    <FitBody rows={Some(rows)}>
                        { metric_table(lang, c, &models, true) }
                    </FitBody>
                </>
            }
        }
        Slide::Claims { page, pages } => html! {
            <>
                <h2 class="slide-title">{ tf(lang, "present.claims_title", &[("n", (page + 1).to_string()), ("total", pages.to_string())]) }</h2>
                <FitBody rows={None::<usize>}>
                    // Only this page's rows are shown; the table (its header, its columns) is
                    // the page's one.
                    <style>{ claims_page_rule(page) }</style>
                    { claims_table(lang, Some(c)) }
                </FitBody>
                <p class="slide-note">{ t(lang, "present.claims_legend") }</p>
            </>
        },
    };
    let kind = match slide {
        Slide::Workload | Slide::Map | Slide::Chart(..) => "chart",
        Slide::Metrics => "metrics",
        Slide::Claims { .. } => "claims",
    };
    html! {
        <div id="presentation" class="presentation" role="region"
            aria-label={t(lang, "present.label").to_string()}>
            <nav class="present-bar">
                <button id="present-prev" type="button" disabled={i == 0}
                    onclick={go(Some(i.saturating_sub(1)))}>{ t(lang, "present.prev") }</button>
                <span id="present-count">{ tf(lang, "present.count", &[("n", (i + 1).to_string()), ("total", all.len().to_string())]) }</span>
                <button id="present-next" type="button" disabled={i + 1 >= all.len()}
                    onclick={go(Some(i + 1))}>{ t(lang, "present.next") }</button>
                <span class="help">{ t(lang, "present.keys") }</span>
                <button id="present-exit" type="button" onclick={go(None)}>{ t(lang, "present.exit") }</button>
            </nav>
            <div class="slide" data-slide={i.to_string()} data-kind={kind}>{ body }</div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct FitBodyProps {
    /// The table's rows, when its type is sized to them (`--rows`).
    rows: Option<usize>,
    children: Html,
}

/// A slide's body whose type shrinks until its content fits: the type is sized to the slide
/// by the style sheet, and a language or a scenario with longer text (a claim that fails says
/// why) is fitted here, after it is laid out, rather than cut.
#[function_component(FitBody)]
fn fit_body(props: &FitBodyProps) -> Html {
    let node = use_node_ref();
    let base = props
        .rows
        .map(|r| format!("--rows: {r};"))
        .unwrap_or_default();
    {
        let node = node.clone();
        let base = base.clone();
        use_effect(move || fit(&node, &base));
    }
    html! {
        <div class="slide-body" ref={node} style={base}>{ props.children.clone() }</div>
    }
}

/// Shrinks the type of `node`'s content (`--fit`, a factor the style sheet applies) step by
/// step until nothing overflows, down to half.
fn fit(node: &NodeRef, base: &str) {
    let Some(el) = node.cast::<web_sys::Element>() else {
        return;
    };
    let overflows = |el: &web_sys::Element| {
        el.scroll_height() > el.client_height() + 1 || el.scroll_width() > el.client_width() + 1
    };
    let mut f = 1.0_f64;
    let _ = el.set_attribute("style", base);
    while overflows(&el) && f > 0.5 {
        f *= 0.94;
        let _ = el.set_attribute("style", &format!("{base} --fit: {f:.3};"));
    }
    let _ = el.set_attribute("data-fit", &format!("{f:.3}"));
}

/// The style rule that hides every claims row but page `page`'s.
fn claims_page_rule(page: usize) -> String {
    let first = page * CLAIMS_PER_SLIDE + 1;
    let last = first + CLAIMS_PER_SLIDE - 1;
    format!(
        "#presentation #claims-table tbody tr:not(:nth-child(n+{first}):nth-child(-n+{last})) {{ display: none; }}"
    )
}

pub fn tour_bubble(state: &UseReducerHandle<State>, step: usize) -> Html {
    let lang = state.lang;
    let Some((_, title, body)) = TOUR.get(step) else {
        return Html::default();
    };
    let go = |to: Option<usize>| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Msg::Tour(to)))
    };
    let last = step + 1 >= TOUR.len();
    html! {
        <div id="tour" class="tour" role="dialog" aria-labelledby="tour-title">
            <p class="tour-step">{ tf(lang, "tour.count", &[("n", (step + 1).to_string()), ("total", TOUR.len().to_string())]) }</p>
            <h2 id="tour-title">{ t(lang, title) }</h2>
            <p id="tour-body">{ t(lang, body) }</p>
            <div class="tour-buttons">
                <button id="tour-prev" type="button" disabled={step == 0}
                    onclick={go(Some(step.saturating_sub(1)))}>{ t(lang, "tour.prev") }</button>
                if last {
                    <button id="tour-done" type="button" onclick={go(None)}>{ t(lang, "tour.done") }</button>
                } else {
                    <button id="tour-next" type="button" onclick={go(Some(step + 1))}>{ t(lang, "tour.next") }</button>
                    <button id="tour-skip" type="button" onclick={go(None)}>{ t(lang, "tour.skip") }</button>
                }
            </div>
        </div>
    }
}

fn models_named(lang: Lang, models: &[ModelId]) -> String {
    if models.is_empty() {
        return t(lang, "exercise.all_models").to_string();
    }
    models
        .iter()
        .map(|m| t(lang, m.key()))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The exercises: each with its preset, question and change; the running one shows its steps
/// and, once both results are in, the answer from their figures.
pub fn exercises_view(state: &UseReducerHandle<State>, lang: Lang) -> Html {
    html! {
        <section id="exercises" class="exercises">
            <h2>{ t(lang, "exercise.heading") }</h2>
            <p class="help">{ t(lang, "exercise.intro") }</p>
            { for EXERCISES.iter().enumerate().map(|(i, ex)| {
                let running = state.exercise.as_ref().filter(|r| r.index == i);
                let start = {
                    let state = state.clone();
                    Callback::from(move |_: MouseEvent| state.dispatch(Msg::StartExercise(i)))
                };
                let key = |part: &str| format!("exercise.{}.{part}", ex.id);
                html! {
                    <article class={classes!("exercise", running.is_some().then_some("running"))}
                        id={format!("exercise-{}", ex.id)} data-exercise={ex.id}>
                        <h3>{ format!("{}. {}", i + 1, t(lang, &key("title"))) }</h3>
                        <p class="exercise-meta">{ tf(lang, "exercise.meta", &[
                            ("preset", t(lang, ex.preset.key()).to_string()),
                            ("models", models_named(lang, ex.models)),
                        ]) }</p>
                        <p class="exercise-question">{ t(lang, &key("question")) }</p>
                        <p class="exercise-change">{ tf(lang, "exercise.change_label", &[("change", t(lang, &key("change")).to_string())]) }</p>
                        {
                            match running {
                                None => html! {
                                    <button type="button" class="exercise-start" onclick={start}>{ t(lang, "exercise.start") }</button>
                                },
                                Some(run) => exercise_steps(state, lang, run),
                            }
                        }
                    </article>
                }
            }) }
        </section>
    }
}

fn exercise_steps(state: &UseReducerHandle<State>, lang: Lang, run: &ExerciseRun) -> Html {
    let Some(ex) = EXERCISES.get(run.index) else {
        return Html::default();
    };
    let send = |m: fn() -> Msg| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(m()))
    };
    let step = |done: bool, text: String| {
        html! { <li class={classes!(done.then_some("done"))}>{ text }</li> }
    };
    let preset = t(lang, ex.preset.key()).to_string();
    html! {
        <div class="exercise-run">
            <ol class="exercise-steps">
                { step(run.before.is_some(), tf(lang, "exercise.step_baseline", &[("preset", preset)])) }
                { step(run.after.is_some(), t(lang, "exercise.step_change").to_string()) }
                { step(run.revealed, t(lang, "exercise.step_reveal").to_string()) }
            </ol>
            if run.before.is_some() && !run.changed {
                <button type="button" id="exercise-apply" onclick={send(|| Msg::ChangeExercise)}>{ t(lang, "exercise.apply") }</button>
            }
            if run.after.is_some() && !run.revealed {
                <button type="button" id="exercise-reveal" onclick={send(|| Msg::RevealExercise)}>{ t(lang, "exercise.reveal") }</button>
            }
            if run.revealed {
                { exercise_answer(lang, run) }
            }
            <button type="button" id="exercise-end" class="secondary" onclick={send(|| Msg::EndExercise)}>{ t(lang, "exercise.end") }</button>
        </div>
    }
}

fn exercise_answer(lang: Lang, run: &ExerciseRun) -> Html {
    let (Some(ex), Some(before), Some(after)) = (
        EXERCISES.get(run.index),
        run.before.as_ref(),
        run.after.as_ref(),
    ) else {
        return Html::default();
    };
    let lines = answer(ex, before, after);
    html! {
        <div id="exercise-answer" class="exercise-answer">
            <table>
                <thead><tr>
                    <th scope="col">{ t(lang, "exercise.col.model") }</th>
                    <th scope="col">{ t(lang, "exercise.col.metric") }</th>
                    <th scope="col">{ t(lang, "exercise.col.before") }</th>
                    <th scope="col">{ t(lang, "exercise.col.after") }</th>
                    <th scope="col">{ t(lang, "exercise.col.change") }</th>
                </tr></thead>
                <tbody>
                    { for lines.iter().map(|l| {
                        let change = match l.relative() {
                            Some(r) => format!("{} ({}{} %)", t(lang, l.direction().key()), if r >= 0.0 { "+" } else { "" }, figure(r * 100.0, 1)),
                            None => t(lang, l.direction().key()).to_string(),
                        };
                        html! {
                            <tr data-model={l.model.id()} data-metric={l.metric.clone()}
                                data-before={format!("{:?}", l.before)} data-after={format!("{:?}", l.after)}>
                                <td>{ t(lang, l.model.key()) }</td>
                                <td>{ t(lang, &format!("metric.{}", l.metric)) }</td>
                                <td>{ figure(l.before, 3) }</td>
                                <td>{ figure(l.after, 3) }</td>
                                <td class={l.direction().key().replace('.', "-")}>{ change }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            <p class="exercise-think"><strong>{ t(lang, "exercise.think") }</strong>{ " " }{ t(lang, &format!("exercise.{}.think", ex.id)) }</p>
        </div>
    }
}
