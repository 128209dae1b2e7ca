//! The Learn view (学习) and the claims table: pure render functions of the language and the
//! shown result. Nothing here computes a figure, it only shows the worker's.
//!
//! The texts come from the study (the seed) through `static/i18n/learn.*.json`. Numbers in the
//! prose are placeholders filled from the shown scenario's settings or its result, so the page
//! never states a figure the sandbox is not using.

use yew::prelude::*;

use crate::app::charts_data::scenario_name;
use crate::app::outcome::{ClaimView, Outcome};
use crate::app::verdict::{percent, unit_of, Unit};
use crate::core::claims::{Kind, Test};
use crate::core::models::ModelId;
use crate::core::scenario::{Scenario, Zone};
use crate::core::settings::{Function, Settings};
use crate::i18n::{num, t, tf, Lang};
use crate::web::fields::plain;

/// The four steps of specialisation: heading and text keys.
const STEPS: [(&str, &str); 4] = [
    ("learn.step.division.title", "learn.step.division.text"),
    ("learn.step.staffing.title", "learn.step.staffing.text"),
    ("learn.step.process.title", "learn.step.process.text"),
    ("learn.step.training.title", "learn.step.training.text"),
];

/// What the Learn view says about one staffing model (text keys).
struct ModelText {
    model: ModelId,
    what: &'static str,
    assign: &'static str,
    pros: &'static [&'static str],
    cons: &'static [&'static str],
}

const MODELS: [ModelText; 5] = [
    ModelText {
        model: ModelId::Region,
        what: "learn.model.region.what",
        assign: "learn.model.region.assign",
        pros: &[
            "learn.model.region.pro1",
            "learn.model.region.pro2",
            "learn.model.region.pro3",
        ],
        cons: &[
            "learn.model.region.con1",
            "learn.model.region.con2",
            "learn.model.region.con3",
        ],
    },
    ModelText {
        model: ModelId::Format,
        what: "learn.model.format.what",
        assign: "learn.model.format.assign",
        pros: &[
            "learn.model.format.pro1",
            "learn.model.format.pro2",
            "learn.model.format.pro3",
            "learn.model.format.pro4",
        ],
        cons: &["learn.model.format.con1", "learn.model.format.con2"],
    },
    ModelText {
        model: ModelId::Value,
        what: "learn.model.value.what",
        assign: "learn.model.value.assign",
        pros: &["learn.model.value.pro1", "learn.model.value.pro2"],
        cons: &["learn.model.value.con1", "learn.model.value.con2"],
    },
    ModelText {
        model: ModelId::Specialised,
        what: "learn.model.specialised.what",
        assign: "learn.model.specialised.assign",
        pros: &[
            "learn.model.specialised.pro1",
            "learn.model.specialised.pro2",
            "learn.model.specialised.pro3",
        ],
        cons: &[
            "learn.model.specialised.con1",
            "learn.model.specialised.con2",
            "learn.model.specialised.con3",
        ],
    },
    ModelText {
        model: ModelId::Hybrid,
        what: "learn.model.hybrid.what",
        assign: "learn.model.hybrid.assign",
        pros: &["learn.model.hybrid.pro1"],
        cons: &["learn.model.hybrid.con1"],
    },
];

/// The specialised model's four posts, in `Function::ALL` order.
const POSTS: [(Function, &str); 4] = [
    (Function::Service, "learn.post.service"),
    (Function::Brand, "learn.post.brand"),
    (Function::Training, "learn.post.training"),
    (Function::Research, "learn.post.research"),
];

/// A what-if switch: the translation key of its name, and whether it is on.
type Switch = (&'static str, fn(&Settings) -> bool);

/// One visit-service mode: its id, text keys, and the what-if switches that turn it on.
struct ModeText {
    id: &'static str,
    title: &'static str,
    what: &'static str,
    sim: &'static str,
    switches: &'static [Switch],
}

const MODES: [ModeText; 3] = [
    ModeText {
        id: "team",
        title: "learn.mode.team.title",
        what: "learn.mode.team.what",
        sim: "learn.mode.team.sim",
        switches: &[("control.team_visits", |s| s.modes.team_visits)],
    },
    ModeText {
        id: "flexible",
        title: "learn.mode.flexible.title",
        what: "learn.mode.flexible.what",
        sim: "learn.mode.flexible.sim",
        switches: &[
            ("control.staggering", |s| s.modes.staggering),
            ("control.flexible_hours", |s| s.modes.flexible_hours),
        ],
    },
    ModeText {
        id: "deep",
        title: "learn.mode.deep.title",
        what: "learn.mode.deep.what",
        sim: "learn.mode.deep.sim",
        switches: &[("control.deep_visits", |s| s.modes.deep_visits)],
    },
];

/// The Learn view: the reform's four steps, the staffing models, the visit-service modes and
/// the study's claims measured on the shown result (`outcome`; the prose falls back to the
/// default settings before the first result arrives).
pub fn learn_view(lang: Lang, outcome: Option<&Outcome>) -> Html {
    let default = Settings::default();
    let settings = outcome.map_or(&default, |o| &o.scenario.settings);
    html! {
        <section id="learn" class="learn">
            <h2>{ t(lang, "learn.title") }</h2>
            <p class="lead">{ t(lang, "learn.intro") }</p>
            { steps(lang) }
            { models(lang, settings) }
            { modes(lang, settings, outcome.map(|o| &o.scenario)) }
            <section id="learn-claims" class="learn-section">
                <h3>{ t(lang, "learn.claims.title") }</h3>
                <p>{ t(lang, "learn.claims.intro") }</p>
                { claims_table(lang, outcome) }
            </section>
        </section>
    }
}

fn steps(lang: Lang) -> Html {
    html! {
        <section id="learn-steps" class="learn-section">
            <h3>{ t(lang, "learn.steps.title") }</h3>
            <p>{ t(lang, "learn.steps.intro") }</p>
            <ol class="learn-steps">
                { for STEPS.iter().map(|(title, text)| html! {
                    <li>
                        <h4>{ t(lang, title) }</h4>
                        <p>{ t(lang, text) }</p>
                    </li>
                }) }
            </ol>
            <p>{ t(lang, "learn.steps.why") }</p>
        </section>
    }
}

/// The placeholders of the models' "how customers are assigned" texts, from the settings.
fn model_args(lang: Lang, s: &Settings) -> Vec<(&'static str, String)> {
    let zone_model = |z: Zone| t(lang, &format!("zone_model.{}", s.hybrid.get(z).id())).to_string();
    vec![
        ("small", plain(s.format.small_class_managers)),
        ("km", plain(s.format.territorial_km)),
        ("high", plain(s.value.high_value_share * 100.0)),
        ("core", plain(s.value.core_share * 100.0)),
        ("urban", zone_model(Zone::Urban)),
        ("town", zone_model(Zone::Town)),
        ("rural", zone_model(Zone::Rural)),
    ]
}

fn models(lang: Lang, s: &Settings) -> Html {
    let args = model_args(lang, s);
    let desk = [("desk", plain(s.research_desk_share.clamp(0.0, 0.9) * 100.0))];
    let list = |keys: &[&str], class: &'static str| {
        html! {
            <ul class={class}>
                { for keys.iter().map(|k| html! { <li>{ t(lang, k) }</li> }) }
            </ul>
        }
    };
    html! {
        <section id="learn-models" class="learn-section">
            <h3>{ t(lang, "learn.models.title") }</h3>
            <p>{ t(lang, "learn.models.intro") }</p>
            { for MODELS.iter().map(|m| html! {
                <article class="learn-model" data-model={m.model.id()}>
                    <h4>{ t(lang, m.model.key()) }</h4>
                    <dl>
                        <dt>{ t(lang, "learn.what") }</dt>
                        <dd>{ t(lang, m.what) }</dd>
                        if m.model == ModelId::Specialised {
                            <dt>{ t(lang, "learn.posts") }</dt>
                            <dd>
                                <ul class="posts">
                                    { for POSTS.iter().map(|(f, k)| html! {
                                        <li data-post={f.id()}>{ tf(lang, k, &desk) }</li>
                                    }) }
                                </ul>
                            </dd>
                        }
                        <dt>{ t(lang, "learn.assign") }</dt>
                        <dd>{ tf(lang, m.assign, &args) }</dd>
                        <dt>{ t(lang, "learn.pros") }</dt>
                        <dd>{ list(m.pros, "pros") }</dd>
                        <dt>{ t(lang, "learn.cons") }</dt>
                        <dd>{ list(m.cons, "cons") }</dd>
                    </dl>
                </article>
            }) }
        </section>
    }
}

fn modes(lang: Lang, s: &Settings, scenario: Option<&Scenario>) -> Html {
    let args = [
        ("per_month", plain(s.team.per_month)),
        ("members", s.team.max_members.clamp(2, 4).to_string()),
        ("prep", plain(s.team.prep_minutes)),
        ("debrief", plain(s.team.debrief_minutes)),
        ("hours", plain(s.day_minutes / 60.0)),
        ("factor", plain(s.deep.factor)),
        ("cap", s.deep.optional_cap_per_month.to_string()),
    ];
    // The share of flagged shops is the scenario's own, so it is shown only with a scenario.
    let flagged = scenario.filter(|sc| !sc.customers.is_empty()).map(|sc| {
        let n = sc.customers.iter().filter(|c| c.team.any()).count();
        num(100.0 * n as f64 / sc.customers.len() as f64, 1)
    });
    html! {
        <section id="learn-modes" class="learn-section">
            <h3>{ t(lang, "learn.modes.title") }</h3>
            <p>{ t(lang, "learn.modes.intro") }</p>
            { for MODES.iter().map(|m| html! {
                <article class="learn-mode" data-mode={m.id}>
                    <h4>{ t(lang, m.title) }</h4>
                    <p class="mode-switches">
                        { for m.switches.iter().map(|(key, on)| {
                            let on = on(s);
                            html! {
                                <span class={classes!("switch", if on { "on" } else { "off" })}>
                                    { tf(lang, "learn.mode.switch", &[
                                        ("name", t(lang, key).to_string()),
                                        ("state", t(lang, if on { "learn.mode.on" } else { "learn.mode.off" }).to_string()),
                                    ]) }
                                </span>
                            }
                        }) }
                    </p>
                    <dl>
                        <dt>{ t(lang, "learn.mode.what") }</dt>
                        <dd>{ t(lang, m.what) }</dd>
                        <dt>{ t(lang, "learn.mode.sim") }</dt>
                        <dd>
                            { tf(lang, m.sim, &args) }
                            if let (Some(share), "team") = (flagged.clone(), m.id) {
                                { " " }
                                { tf(lang, "learn.mode.team.flagged", &[("share", share)]) }
                            }
                        </dd>
                    </dl>
                </article>
            }) }
        </section>
    }
}

/// Digits a claim's figure is shown with: enough to see the differences the verdicts rest on
/// (the full value is in the cell's title and `data-value`).
fn decimals(metric: &str) -> usize {
    match metric {
        "service_minutes_per_customer_month"
        | "skilled_service_minutes_per_customer_month"
        | "travel_minutes_per_customer" => 1,
        "book_spread_km" => 2,
        _ => 3,
    }
}

/// A claim's figure as people read it: a share as a percentage (one decimal of a percent is
/// the three decimals of the fraction), anything else with `digits` decimals.
fn claim_figure(metric: &str, x: f64, digits: usize) -> String {
    if unit_of(metric) == Unit::Share {
        percent(x)
    } else {
        num(x, digits)
    }
}

/// The models a claim compares its subject with.
fn rivals(c: &ClaimView, models: &[ModelId]) -> Vec<ModelId> {
    match &c.test {
        Test::Lowest => models.iter().copied().filter(|m| *m != c.subject).collect(),
        Test::Above { than } | Test::Below { than } => than.clone(),
    }
}

/// The study's pros and cons as measured claims (`outcome.claims`), one row each with its
/// figure for every model in the outcome's order; a short note instead while no calendar has
/// been computed (the claims need the calendars' figures).
pub fn claims_table(lang: Lang, outcome: Option<&Outcome>) -> Html {
    let Some(c) = outcome.filter(|c| !c.claims.is_empty()) else {
        return html! {
            <p id="claims-pending" class="help claims-pending">{ t(lang, "learn.claims.pending") }</p>
        };
    };
    let sc = &c.scenario;
    let mut caption = tf(
        lang,
        "learn.claims.caption",
        &[
            ("preset", scenario_name(lang, sc)),
            ("customers", sc.customers.len().to_string()),
            ("managers", sc.managers.len().to_string()),
            ("weeks", sc.settings.weeks.to_string()),
        ],
    );
    if c.replications > 1 {
        caption.push(' ');
        caption.push_str(&tf(
            lang,
            "learn.claims.replications",
            &[("n", c.replications.to_string())],
        ));
    }
    let models: Vec<ModelId> = c.models.iter().map(|m| m.model).collect();
    html! {
        <>
            <table id="claims-table" class="claims">
                <caption>{ caption }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ t(lang, "learn.claims.col.claim") }</th>
                        <th scope="col">{ t(lang, "learn.claims.col.kind") }</th>
                        { for models.iter().map(|m| html! {
                            <th scope="col" data-model={m.id()}>{ t(lang, m.key()) }</th>
                        }) }
                        <th scope="col">{ t(lang, "learn.claims.col.verdict") }</th>
                    </tr>
                </thead>
                <tbody>
                    { for c.claims.iter().map(|claim| claim_row(lang, claim, &models)) }
                </tbody>
            </table>
            <p class="help claims-legend">{ t(lang, "learn.claims.legend") }</p>
        </>
    }
}

fn claim_row(lang: Lang, claim: &ClaimView, models: &[ModelId]) -> Html {
    let (class, verdict) = match claim.holds {
        Some(true) => ("holds", "claim.holds"),
        Some(false) => ("fails", "claim.fails"),
        None => ("unknown", "claim.unknown"),
    };
    let (kind, kind_def) = match claim.kind {
        Kind::Structural => ("claim.kind.structural", "learn.claims.structural_def"),
        Kind::Emergent => ("claim.kind.emergent", "learn.claims.emergent_def"),
    };
    let rivals = rivals(claim, models);
    let digits = decimals(&claim.metric);
    // A failing emergent claim is a finding: say what can make it fail.
    let why = (claim.holds == Some(false) && claim.kind == Kind::Emergent)
        .then(|| t(lang, &format!("claim.{}.why", claim.id)).to_string());
    let also = claim.also.as_ref();
    html! {
        <tr class={class} data-claim={claim.id.clone()}>
            <th scope="row" class="claim-text">
                <span>{ t(lang, &format!("claim.{}", claim.id)) }</span>
                <small class="claim-how">
                    { t(lang, "learn.claims.how") }
                    { t(lang, &format!("claim.{}.how", claim.id)) }
                </small>
                if let Some(m) = claim.missing {
                    <small class="claim-missing">{ t(lang, m.key()) }</small>
                }
                if let Some(why) = why {
                    <small class="claim-why">
                        { t(lang, "learn.claims.why") }
                        { why }
                    </small>
                }
            </th>
            <td class="kind" data-kind={if claim.kind == Kind::Structural { "structural" } else { "emergent" }}
                title={t(lang, kind_def).to_string()}>{ t(lang, kind) }</td>
            { for models.iter().map(|m| {
                let role = if *m == claim.subject {
                    Some(("subject", "learn.claims.subject"))
                } else if rivals.contains(m) {
                    Some(("rival", "learn.claims.rival"))
                } else {
                    None
                };
                let x = claim.figures.get(m.id()).copied();
                let full = x.map(|x| num(x, 6)).unwrap_or_default();
                let title = match role {
                    Some((_, key)) => tf(lang, "learn.claims.cell", &[
                        ("role", t(lang, key).to_string()),
                        ("value", full.clone()),
                    ]),
                    None => full,
                };
                html! {
                    <td class={classes!("figure", role.map(|r| r.0))} data-model={m.id()}
                        data-value={x.map(|x| format!("{x:?}")).unwrap_or_default()} title={title}>
                        { x.map(|x| claim_figure(&claim.metric, x, digits)).unwrap_or_else(|| "—".into()) }
                        if let Some(share) = also.and_then(|(metric, f)| Some((metric, *f.get(m.id())?))) {
                            <small class="claim-also" data-metric={share.0.clone()}
                                title={t(lang, &format!("metric.{}", share.0)).to_string()}>
                                { tf(lang, "learn.claims.also", &[("share", num(100.0 * share.1, 1))]) }
                            </small>
                        }
                    </td>
                }
            }) }
            <td class="verdict" data-verdict={class}>{ t(lang, verdict) }</td>
        </tr>
    }
}
