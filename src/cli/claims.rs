//! `visit-sandbox claims`: the study's claims measured on one scenario, and how each model's
//! coverage holds up under disturbances.

use serde_json::{json, Value};
use visit_sandbox::core::calendar::CalendarParams;
use visit_sandbox::core::claims::{self, ClaimResult, Kind, Robustness};
use visit_sandbox::core::compare::Options;
use visit_sandbox::core::models::ModelId;
use visit_sandbox::core::scenario::Scenario;
use visit_sandbox::i18n::{t, tf, Lang};

use super::args::{ArgsError, Command, Flag, Parsed};
use super::compare;
use super::parallel;
use super::scenario_args::{self, ScenarioArgs};

const FLAGS: &[Flag] = &[
    Flag::switch(
        "--json",
        "print the JSON object (claims, plus robustness; see docs/contract.md)",
    ),
    Flag::value(
        "--replications",
        "N",
        "replications under disturbances for the robustness report (1-1000);\n\
         1 skips it",
    )
    .default("5"),
    Flag::value("--lang", "L", "language of the table").default("en"),
];

pub static COMMAND: Command = Command {
    name: "claims",
    synopsis: "[scenario flags] [--json] [--replications N] [--lang zh-CN|en]",
    about: "\
Measures each claim of the study (docs/domain.md) on the scenario: the claim in 中文 and English,
structural or emergent, the figure for every model, and whether it holds. Claims are measured
on the plans lived as planned; then each plan is lived N times under the scenario's
disturbances to show how every model's coverage degrades.",
    positional: None,
    sections: &[("", FLAGS), (scenario_args::HEADING, scenario_args::FLAGS)],
    footer: "",
};

/// The flags of `claims` itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Args {
    pub json: bool,
    pub replications: u32,
    pub lang: Lang,
}

pub fn read(p: &Parsed) -> Result<Args, ArgsError> {
    Ok(Args {
        json: p.switch("--json"),
        replications: compare::replications(p)?,
        lang: compare::lang(p),
    })
}

/// The claims and the robustness report of `sc`: planned calendars for the claims, and N
/// disturbed replications (N > 1) for the robustness.
pub fn measure(
    sc: &Scenario,
    replications: u32,
) -> Result<(Vec<ClaimResult>, Vec<Robustness>), String> {
    // No claim is about the least headcount: skip the search (several calendars per model).
    let planned_opt = Options {
        headcount_search: false,
        ..Options::default()
    };
    let planned = parallel::compare(sc, &planned_opt).map_err(|e| e.to_string())?;
    let found = claims::measure(sc, &planned);
    let robust = if replications > 1 {
        let opt = Options {
            replications,
            calendar_params: CalendarParams::default(),
            ..planned_opt
        };
        let disturbed = parallel::compare(sc, &opt).map_err(|e| e.to_string())?;
        claims::robustness(&planned, &disturbed)
    } else {
        Vec::new()
    };
    Ok((found, robust))
}

/// The contract's JSON: the scenario echo, each claim with its texts, and the robustness.
pub fn to_json(
    sc: &Scenario,
    replications: u32,
    found: &[ClaimResult],
    robust: &[Robustness],
) -> Value {
    let claims: Vec<Value> = found
        .iter()
        .map(|c| {
            let mut o = json!(c);
            if let Some(obj) = o.as_object_mut() {
                let key = format!("claim.{}", c.id);
                let how = format!("{key}.how");
                obj.insert("text_zh".into(), json!(t(Lang::ZhCn, &key)));
                obj.insert("text_en".into(), json!(t(Lang::En, &key)));
                obj.insert("measure_zh".into(), json!(t(Lang::ZhCn, &how)));
                obj.insert("measure_en".into(), json!(t(Lang::En, &how)));
                if let Some(m) = c.missing {
                    obj.insert("missing_zh".into(), json!(t(Lang::ZhCn, m.key())));
                    obj.insert("missing_en".into(), json!(t(Lang::En, m.key())));
                }
                if let Some(why) = why_key(c) {
                    obj.insert("why_zh".into(), json!(t(Lang::ZhCn, &why)));
                    obj.insert("why_en".into(), json!(t(Lang::En, &why)));
                }
            }
            o
        })
        .collect();
    let mut out = json!({
        "scenario": compare::scenario_json(sc, 1),
        "claims": claims,
    });
    if let (false, Some(obj)) = (robust.is_empty(), out.as_object_mut()) {
        obj.insert(
            "robustness".into(),
            json!({ "replications": replications, "models": robust }),
        );
    }
    out
}

/// The key of why a failing emergent claim can fail (`claim.<id>.why`); `None` otherwise.
fn why_key(c: &ClaimResult) -> Option<String> {
    (c.kind == Kind::Emergent && c.holds == Some(false)).then(|| format!("claim.{}.why", c.id))
}

fn verdict(lang: Lang, holds: Option<bool>) -> &'static str {
    t(
        lang,
        match holds {
            Some(true) => "claim.holds",
            Some(false) => "claim.fails",
            None => "claim.unknown",
        },
    )
}

pub fn run(args: &[String]) -> Result<(), String> {
    let Some(p) = COMMAND.read(args)? else {
        return Ok(());
    };
    let scenario_flags = ScenarioArgs::read(&p).map_err(|e| e.to_string())?;
    let a = read(&p).map_err(|e| e.to_string())?;
    let sc = scenario_flags.load()?;
    let (found, robust) = measure(&sc, a.replications)?;
    if a.json {
        let text = serde_json::to_string_pretty(&to_json(&sc, a.replications, &found, &robust))
            .map_err(|e| e.to_string())?;
        println!("{text}");
        return Ok(());
    }
    let lang = a.lang;
    println!("{}", compare::scenario_line(&sc, lang));
    for c in &found {
        let kind = match c.kind {
            Kind::Structural => "claim.kind.structural",
            Kind::Emergent => "claim.kind.emergent",
        };
        println!(
            "\n[{}] {} ({})",
            verdict(lang, c.holds),
            t(lang, &format!("claim.{}", c.id)),
            t(lang, kind)
        );
        println!("    {}", t(lang, &format!("claim.{}.how", c.id)));
        // In the comparison's order, not the map's alphabetical one.
        let figures: Vec<String> = ModelId::ALL
            .iter()
            .filter_map(|m| {
                let x = c.figures.get(m.id())?;
                Some(format!("{} {x:.3}", t(lang, m.key())))
            })
            .collect();
        if !figures.is_empty() {
            println!("    {}", figures.join(" · "));
        }
        if let Some(also) = &c.also {
            let shares: Vec<String> = ModelId::ALL
                .iter()
                .filter_map(|m| {
                    let x = also.figures.get(m.id())?;
                    Some(format!("{} {x:.3}", t(lang, m.key())))
                })
                .collect();
            println!(
                "    {}: {}",
                t(lang, &format!("metric.{}", also.metric)),
                shares.join(" · ")
            );
        }
        if let Some(m) = c.missing {
            println!("    {}", t(lang, m.key()));
        }
        if let Some(why) = why_key(c) {
            println!("    {}{}", t(lang, "learn.claims.why"), t(lang, &why));
        }
    }
    if !robust.is_empty() {
        println!(
            "\n{}",
            tf(
                lang,
                "claim.robustness",
                &[("n", a.replications.to_string())]
            )
        );
        println!("{}", t(lang, "claim.robustness.columns"));
        for r in &robust {
            println!(
                "{:<16}{:>9.2} %{:>9.2} % ± {:.2}{:>9.2}",
                t(lang, r.model.key()),
                100.0 * r.coverage_planned,
                100.0 * r.coverage_disturbed,
                100.0 * r.coverage_disturbed_ci95,
                100.0 * r.coverage_drop
            );
        }
    }
    Ok(())
}
