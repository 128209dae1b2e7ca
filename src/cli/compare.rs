//! `visit-sandbox compare`: every staffing model on one scenario, as a table or JSON.

use serde_json::{json, Value};
use visit_sandbox::core::compare::{compare_with, Comparison, Options};
use visit_sandbox::core::fingerprint;
use visit_sandbox::core::generate::Preset;
use visit_sandbox::core::metrics;
use visit_sandbox::core::scenario::Scenario;
use visit_sandbox::i18n::{t, Lang};

use super::scenario_args::{self, ScenarioArgs};

pub const USAGE: &str = "\
visit-sandbox compare [scenario flags] [--json] [--lang zh-CN|en]

Runs every staffing model on one scenario and prints the metrics.
  --json          print the contract's JSON object instead of a table
  --replications N
                  live each plan N times (1-1000) under the scenario's disturbances
                  (absences, closed shops, service-time noise) drawn from (seed, r): each
                  metric is the mean, metrics_ci95 its 95 % half-width (Student t);
                  1 (default): the plan as planned, without disturbances
  --no-headcount-search
                  skip the search for each model's least headcount for full coverage
                  (several calendars per model); headcount_for_full_coverage is then absent
  --lang L        language of the table's labels (default en)";

/// The flags of `compare` itself (the scenario flags are parsed by `scenario_args`).
#[derive(Debug, Clone, PartialEq)]
pub struct Args {
    pub json: bool,
    pub headcount_search: bool,
    pub replications: u32,
    pub lang: Lang,
}

pub fn parse(args: &[String]) -> Result<Option<Args>, String> {
    let mut out = Args {
        json: false,
        headcount_search: true,
        replications: 1,
        lang: Lang::En,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" => out.json = true,
            "--no-headcount-search" => out.headcount_search = false,
            "--replications" => out.replications = replications(it.next())?,
            "--lang" => out.lang = lang(it.next())?,
            "--help" | "-h" => return Ok(None),
            other => return Err(format!("unknown flag '{other}' (see --help)")),
        }
    }
    Ok(Some(out))
}

/// The value of `--replications` (shared with `claims`).
pub fn replications(v: Option<&String>) -> Result<u32, String> {
    let v = v.ok_or_else(|| "--replications needs a value".to_string())?;
    let n: u32 = v
        .parse()
        .map_err(|_| format!("--replications: '{v}' is not a whole number"))?;
    if !(1..=1000).contains(&n) {
        return Err(format!("--replications: {n} is outside 1..=1000"));
    }
    Ok(n)
}

/// The value of `--lang` (shared with `claims`).
pub fn lang(v: Option<&String>) -> Result<Lang, String> {
    v.map(|v| Lang::from_tag(v))
        .ok_or_else(|| "--lang needs a value".to_string())
}

/// The scenario echo of every JSON report: enough to reproduce the run from its output.
pub fn scenario_json(sc: &Scenario, replications: u32) -> Value {
    json!({
        "preset": sc.source,
        "seed": sc.seed,
        "customers": sc.customers.len(),
        "managers": sc.managers.len(),
        "weeks": sc.settings.weeks,
        "replications": replications,
        "settings": sc.settings,
    })
}

/// The contract's JSON: the scenario echo (with every setting used) and each model's metrics.
pub fn to_json(sc: &Scenario, cmp: &Comparison) -> Value {
    json!({
        "scenario": scenario_json(sc, cmp.replications),
        "models": cmp.models.iter().map(|m| {
            let mut o = json!({
            "model": m.model.id(),
            "metrics": m.metrics,
            // Extension: the plan before any visit (balance, compactness, manager changes).
            "plan": m.plan,
            });
            if let (Some(ci), Some(obj)) = (&m.metrics_ci95, o.as_object_mut()) {
                obj.insert("metrics_ci95".into(), json!(ci));
            }
            // Extension: the calendar's fingerprint (replication 0's with replications), the
            // figure the page shows so a plan can be matched across runs and platforms.
            let print = m.calendar.as_ref().and_then(fingerprint::of);
            if let (Some(f), Some(obj)) = (print, o.as_object_mut()) {
                obj.insert("calendar_fingerprint".into(), json!(f));
            }
            o
        }).collect::<Vec<_>>(),
    })
}

/// The first line of every table report: which scenario it measures.
pub fn scenario_line(sc: &Scenario, lang: Lang) -> String {
    format!(
        "{}: {} · seed {} · {} / {}",
        t(lang, "cli.scenario"),
        Preset::parse(&sc.source)
            .map(|p| t(lang, p.key()))
            .unwrap_or(sc.source.as_str()),
        sc.seed,
        sc.customers.len(),
        sc.managers.len()
    )
}

pub fn run(args: &[String]) -> Result<(), String> {
    let (scenario_flags, rest) = ScenarioArgs::parse(args)?;
    let Some(a) = parse(&rest)? else {
        println!("{USAGE}\n\n{}", scenario_args::USAGE);
        return Ok(());
    };
    let sc = scenario_flags.load()?;
    let opt = Options {
        headcount_search: a.headcount_search,
        replications: a.replications,
        ..Options::default()
    };
    let cmp = compare_with(&sc, &opt).map_err(|e| e.to_string())?;
    if a.json {
        let text = serde_json::to_string_pretty(&to_json(&sc, &cmp)).map_err(|e| e.to_string())?;
        println!("{text}");
        return Ok(());
    }
    let lang = a.lang;
    let metrics = metrics::rows(&cmp.models.iter().map(|m| &m.metrics).collect::<Vec<_>>());
    println!("{}", scenario_line(&sc, lang));
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
