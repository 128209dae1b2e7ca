//! The import review (`app::review`): after a list is imported, what it gave and what the
//! import derived, with the rule used and the counts, and the rules' corrections, which
//! re-derive the list and run it again.

use yew::prelude::*;

use crate::app::review::{rule_values, Review};
use crate::app::state::{Msg, State};
use crate::core::io::derive::{industry_code, ALL_INDUSTRIES as INDUSTRIES};
use crate::core::io::DeriveRules;
use crate::core::scenario::{DepartmentsRule, Industry, Scenario, Zone};
use crate::core::value_group::ValueGroup;
use crate::i18n::{t, tf, Lang};
use crate::web::fields::{plain, TextField};

/// One counted value: its name and how many customers have it, for the eye and for checks.
fn count(kind: &'static str, key: String, name: String, n: usize) -> Html {
    html! {
        <span class="review-count" data-kind={kind} data-key={key} data-count={n.to_string()}>
            { name }{ " " }<b>{ n }</b>
        </span>
    }
}

fn hhmm(min: u32) -> String {
    format!("{:02}:{:02}", (min / 60) % 24, min % 60)
}

/// What a field's derivation gave, as counts.
fn result(lang: Lang, sc: &Scenario, r: &Review, field: &str) -> Html {
    match field {
        "class" => r
            .classes
            .iter()
            .enumerate()
            .map(|(k, n)| {
                let name = sc
                    .settings
                    .classes
                    .get(k)
                    .map(|c| match lang {
                        Lang::ZhCn => c.name_zh.clone(),
                        Lang::En => c.name_en.clone(),
                    })
                    .unwrap_or_default();
                count("class", k.to_string(), name, *n)
            })
            .collect::<Html>(),
        "zone" => Zone::ALL
            .iter()
            .zip(r.zones)
            .map(|(z, n)| {
                // The key's last part is the zone's id (`zone.urban` → `urban`).
                let id = z.key().trim_start_matches("zone.").to_string();
                count("zone", id, t(lang, z.key()).to_string(), n)
            })
            .collect::<Html>(),
        "value" => ValueGroup::ALL
            .iter()
            .zip(r.groups)
            .map(|(g, n)| count("group", g.id().to_string(), t(lang, g.key()).to_string(), n))
            .collect::<Html>(),
        "night_shop" => count(
            "night",
            "night".into(),
            t(lang, "review.night_shops").to_string(),
            r.night_shops,
        ),
        "hours" => r
            .hours
            .iter()
            .map(|((o, c), n)| {
                let w = format!("{}-{}", hhmm(*o), hhmm(*c));
                count("hours", w.clone(), w, *n)
            })
            .collect::<Html>(),
        _ => Html::default(),
    }
}

/// One rule's field: a number input committed on change.
fn rule_field(state: &UseReducerHandle<State>, lang: Lang, id: &'static str, value: f64) -> Html {
    let onchange = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            state.dispatch(Msg::SetRule {
                id: id.to_string(),
                text: input.value(),
            });
        })
    };
    let html_id = format!("rule-{id}");
    html! {
        <label class="review-rule" for={html_id.clone()}>
            { t(lang, &format!("review.rule.{id}")) }
            <TextField id={html_id} kind="number" value={plain(value)} {onchange} />
        </label>
    }
}

/// The night formats as checkboxes.
fn night_formats(state: &UseReducerHandle<State>, lang: Lang, rules: &DeriveRules) -> Html {
    html! {
        <span id="rule-night-formats" class="review-formats">
            { for INDUSTRIES.iter().map(|&i| {
                let on = rules.night_formats.contains(&i);
                let onchange = {
                    let state = state.clone();
                    let now = rules.night_formats.clone();
                    Callback::from(move |_: Event| {
                        let next: Vec<Industry> = INDUSTRIES
                            .iter()
                            .copied()
                            .filter(|x| if *x == i { !on } else { now.contains(x) })
                            .collect();
                        state.dispatch(Msg::SetNightFormats(next));
                    })
                };
                let code = industry_code(i);
                html! {
                    <label>
                        <input type="checkbox" data-format={code} checked={on} {onchange} />
                        { t(lang, &format!("review.industry.{code}")) }
                    </label>
                }
            }) }
        </span>
    }
}

/// More departments than this are listed folded.
const FOLD_DEPARTMENTS: usize = 12;

/// The review panel of the imported scenario (nothing for a preset); `review` is
/// `State::review`.
pub fn review_view(state: &UseReducerHandle<State>, review: Option<&Review>, lang: Lang) -> Html {
    let (Some(sc), Some(name), Some(r)) = (state.base.as_deref(), state.base_name.as_ref(), review)
    else {
        return Html::default();
    };
    // The texts say how the list was derived; the fields show the rules being applied.
    let rules = &*state.base_rules;
    let shown = state.rules_shown();
    let rule_text = |field: &str| {
        let args = [
            ("link_km", plain(rules.link_km)),
            ("urban", rules.urban_min_shops.to_string()),
            ("town", rules.town_min_shops.to_string()),
            ("large", rules.large_supermarket_grade.to_string()),
            ("small", rules.small_hospitality_grade.to_string()),
            ("base", plain(rules.amount_base)),
            ("per_grade", plain(rules.amount_per_grade)),
            (
                "formats",
                rules
                    .night_formats
                    .iter()
                    .map(|i| t(lang, &format!("review.industry.{}", industry_code(*i))).to_string())
                    .collect::<Vec<_>>()
                    .join("、"),
            ),
        ];
        tf(lang, &format!("review.how.{field}"), &args)
    };
    let values = rule_values(shown);
    let value = |id: &str| {
        values
            .iter()
            .find(|(k, _)| *k == id)
            .map(|p| p.1)
            .unwrap_or(0.0)
    };
    html! {
        <details id="import-review" class="controls import-review" open=true>
            <summary>{ tf(lang, "review.title", &[("name", name.clone()), ("n", r.customers.to_string())]) }</summary>
            <p class="help">{ t(lang, "review.intro") }</p>
            if state.rules_wanted.is_some() {
                <p id="review-rederiving" class="help" role="status">{ t(lang, "review.rederiving") }</p>
            }
            <table id="review-fields" class="review-table">
                <thead>
                    <tr>
                        <th scope="col">{ t(lang, "review.col.field") }</th>
                        <th scope="col">{ t(lang, "review.col.read") }</th>
                        <th scope="col">{ t(lang, "review.col.derived") }</th>
                        <th scope="col">{ t(lang, "review.col.rule") }</th>
                        <th scope="col">{ t(lang, "review.col.result") }</th>
                    </tr>
                </thead>
                <tbody>
                    { for r.fields.iter().map(|f| html! {
                        <tr data-field={f.field} data-read={f.read.to_string()} data-derived={f.derived.to_string()}
                            class={classes!((f.derived > 0).then_some("derived"))}>
                            <th scope="row">{ t(lang, &format!("review.field.{}", f.field)) }</th>
                            <td class="num">{ f.read }</td>
                            <td class="num">{ f.derived }</td>
                            <td class="rule">
                                if f.derived > 0 { { rule_text(f.field) } } else { { t(lang, "review.from_list") } }
                            </td>
                            <td class="result">{ result(lang, sc, r, f.field) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            // A province's list has hundreds of departments: folded, so the figures below are
            // not thousands of pixels away.
            <details id="review-departments-list" class="review-departments" open={r.departments.len() <= FOLD_DEPARTMENTS}>
            <summary>{ tf(lang, "review.departments", &[("n", r.departments.len().to_string())]) }</summary>
            <table id="review-departments" class="review-table">
                <thead>
                    <tr>
                        <th scope="col">{ t(lang, "review.col.department") }</th>
                        <th scope="col">{ t(lang, "review.col.office") }</th>
                        <th scope="col">{ t(lang, "review.col.customers") }</th>
                    </tr>
                </thead>
                <tbody>
                    { for r.departments.iter().map(|d| html! {
                        <tr data-customers={d.customers.to_string()}>
                            <th scope="row">{ d.name.clone() }</th>
                            <td>
                                { match d.lon_lat {
                                    Some((lon, lat)) => format!("{lon:.4}, {lat:.4}"),
                                    None => format!("{:.1}, {:.1} km", d.office.x, d.office.y),
                                } }
                                if d.office_derived { { " " }<small>{ t(lang, "review.office_derived") }</small> }
                            </td>
                            <td class="num">{ d.customers }</td>
                        </tr>
                    }) }
                    if r.departments.is_empty() {
                        <tr><td colspan="3">{ t(lang, "review.no_departments") }</td></tr>
                    }
                </tbody>
            </table>
            </details>
            <p id="review-managers" data-invented={r.managers_invented.to_string()}>
                if r.managers_invented {
                    { t(lang, "review.managers_invented") }
                } else {
                    { tf(lang, "review.managers_read", &[("n", r.managers.to_string())]) }
                }
            </p>
            if let Some(rule) = &sc.departments_rule {
                <p id="review-departments-rule">{ match rule {
                    DepartmentsRule::Column { header } => tf(lang, "review.departments_column", &[("header", header.clone())]),
                    DepartmentsRule::Geography { managers, headcount } => tf(lang, "review.departments_geography", &[
                        ("managers", managers.to_string()),
                        ("headcount", headcount.to_string()),
                    ]),
                } }</p>
                if matches!(rule, DepartmentsRule::Geography { .. }) {
                    <div class="review-rule-group">
                        { rule_field(state, lang, "department_managers", value("department_managers")) }
                    </div>
                }
            }
            if r.any_derived() {
                <fieldset id="review-rules">
                    <legend>{ t(lang, "review.correct") }</legend>
                    <p class="help">{ t(lang, "review.correct_help") }</p>
                    // The what-if panel, where refusals are shown, may be folded: a refused
                    // rule is said here, beside the field.
                    if let Some(msg) = &state.input_error {
                        <p id="review-error" class="error" role="alert">{ msg.text(lang) }</p>
                    }
                    <div class="review-rule-group">
                        <span class="review-rule-title">{ t(lang, "review.field.zone") }</span>
                        { rule_field(state, lang, "link_km", value("link_km")) }
                        { rule_field(state, lang, "urban_min_shops", value("urban_min_shops")) }
                        { rule_field(state, lang, "town_min_shops", value("town_min_shops")) }
                    </div>
                    <div class="review-rule-group">
                        <span class="review-rule-title">{ t(lang, "review.field.class") }</span>
                        { rule_field(state, lang, "large_supermarket_grade", value("large_supermarket_grade")) }
                        { rule_field(state, lang, "small_hospitality_grade", value("small_hospitality_grade")) }
                    </div>
                    <div class="review-rule-group">
                        <span class="review-rule-title">{ t(lang, "review.night_formats") }</span>
                        { night_formats(state, lang, shown) }
                    </div>
                </fieldset>
            }
        </details>
    }
}
