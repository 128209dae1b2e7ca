//! `visit-sandbox compare`: every staffing model on one scenario, as a table or JSON.

use serde_json::{json, Value};
use visit_sandbox::core::compare::{compare, Comparison};
use visit_sandbox::core::generate::{generate, Preset};
use visit_sandbox::core::scenario::Scenario;
use visit_sandbox::i18n::{t, Lang};

pub const USAGE: &str = "\
visit-sandbox compare [--preset NAME] [--seed N] [--weeks N] [--json] [--lang zh-CN|en]

Runs every staffing model on one scenario and prints the metrics.
  --preset NAME   county (default), urban, rural or city
  --seed N        seed of the synthetic scenario (default 42)
  --weeks N       horizon in weeks (default 4)
  --json          print the contract's JSON object instead of a table
  --lang L        language of the table's labels (default en)";

/// The flags of `compare` after validation.
#[derive(Debug, Clone, PartialEq)]
pub struct Args {
    pub preset: Preset,
    pub seed: u64,
    pub weeks: Option<u32>,
    pub json: bool,
    pub lang: Lang,
}

pub fn parse(args: &[String]) -> Result<Option<Args>, String> {
    let mut out = Args {
        preset: Preset::County,
        seed: 42,
        weeks: None,
        json: false,
        lang: Lang::En,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match a.as_str() {
            "--preset" => {
                out.preset = Preset::parse(&value("--preset")?).map_err(|e| e.to_string())?
            }
            "--seed" => {
                let v = value("--seed")?;
                out.seed = v.parse().map_err(|_| {
                    format!("--seed: '{v}' is not a whole number from 0 to {}", u64::MAX)
                })?;
            }
            "--weeks" => {
                let v = value("--weeks")?;
                let w: u32 = v
                    .parse()
                    .map_err(|_| format!("--weeks: '{v}' is not a whole number"))?;
                if !(1..=52).contains(&w) {
                    return Err(format!("--weeks: {w} is outside 1..=52"));
                }
                out.weeks = Some(w);
            }
            "--json" => out.json = true,
            "--lang" => out.lang = Lang::from_tag(&value("--lang")?),
            "--help" | "-h" => return Ok(None),
            other => return Err(format!("unknown flag '{other}' (see --help)")),
        }
    }
    Ok(Some(out))
}

/// The contract's JSON: the scenario echo (with every setting used) and each model's metrics.
pub fn to_json(sc: &Scenario, cmp: &Comparison) -> Value {
    json!({
        "scenario": {
            "preset": sc.source,
            "seed": sc.seed,
            "customers": sc.customers.len(),
            "managers": sc.managers.len(),
            "weeks": sc.settings.weeks,
            "settings": sc.settings,
        },
        "models": cmp.models.iter().map(|m| json!({
            "model": m.model.id(),
            "metrics": m.metrics,
            // Extension: the plan before any visit (balance, compactness, manager changes).
            "plan": m.plan,
        })).collect::<Vec<_>>(),
    })
}

pub fn run(args: &[String]) -> Result<(), String> {
    let Some(a) = parse(args)? else {
        println!("{USAGE}");
        return Ok(());
    };
    let mut sc = generate(a.preset, a.seed).map_err(|e| e.to_string())?;
    if let Some(w) = a.weeks {
        sc.settings.weeks = w;
    }
    let cmp = compare(&sc).map_err(|e| e.to_string())?;
    if a.json {
        let text = serde_json::to_string_pretty(&to_json(&sc, &cmp)).map_err(|e| e.to_string())?;
        println!("{text}");
        return Ok(());
    }
    let lang = a.lang;
    let metrics: Vec<(String, Vec<Option<f64>>)> = {
        let objs: Vec<Value> = cmp.models.iter().map(|m| json!(m.metrics)).collect();
        let mut names: Vec<String> = Vec::new();
        for o in &objs {
            if let Some(map) = o.as_object() {
                for k in map.keys() {
                    if !names.contains(k) {
                        names.push(k.clone());
                    }
                }
            }
        }
        names
            .into_iter()
            .map(|n| {
                let vals = objs
                    .iter()
                    .map(|o| o.get(&n).and_then(Value::as_f64))
                    .collect();
                (n, vals)
            })
            .collect()
    };
    println!(
        "{}: {} · seed {} · {} / {}",
        t(lang, "cli.scenario"),
        t(lang, a.preset.key()),
        sc.seed,
        sc.customers.len(),
        sc.managers.len()
    );
    let mut header = format!("{:<36}", t(lang, "cli.metric"));
    for m in &cmp.models {
        header.push_str(&format!("{:>16}", t(lang, m.model.key())));
    }
    println!("{header}");
    for (name, vals) in metrics {
        let mut line = format!("{:<36}", t(lang, &format!("metric.{name}")));
        for v in vals {
            line.push_str(&match v {
                Some(v) => format!("{v:>16.3}"),
                None => format!("{:>16}", "—"),
            });
        }
        println!("{line}");
    }
    Ok(())
}
