//! `visit-sandbox compare`: every staffing model on one scenario, as a table or JSON.

use serde_json::{json, Value};
use visit_sandbox::app::limits::MAX_CLI_REPLICATIONS;
use visit_sandbox::core::compare::{Comparison, Options};
use visit_sandbox::core::generate::Preset;
use visit_sandbox::core::metrics;
use visit_sandbox::core::scenario::Scenario;
use visit_sandbox::core::settings::Function;
use visit_sandbox::i18n::{t, Lang};

use super::args::{ArgsError, Command, Flag, Parsed};
use super::parallel;
use super::scenario_args::{self, ScenarioArgs};

const FLAGS: &[Flag] = &[
    Flag::switch(
        "--json",
        "print the contract's JSON object instead of a table",
    ),
    // The range is MAX_CLI_REPLICATIONS (a test checks the text against it).
    Flag::value(
        "--replications",
        "N",
        "live each plan N times (1-1000) under the scenario's disturbances\n\
         (absences, closed shops, service-time noise) drawn from (seed, r): each\n\
         metric is the mean, metrics_ci95 its 95 % half-width (Student t);\n\
         1: the plan as planned, without disturbances",
    )
    .default("1"),
    Flag::switch(
        "--no-headcount-search",
        "skip the search for each model's least headcount for full coverage\n\
         (several calendars per model); headcount_for_full_coverage is then absent",
    ),
    Flag::value("--lang", "L", "language of the table's labels").default("en"),
];

pub static COMMAND: Command = Command {
    name: "compare",
    synopsis: "[scenario flags] [--json] [--lang zh-CN|en]",
    about: "Runs every staffing model on one scenario and prints the metrics.",
    positional: None,
    sections: &[("", FLAGS), (scenario_args::HEADING, scenario_args::FLAGS)],
    footer: "",
};

/// The flags of `compare` itself (the scenario flags are read by `scenario_args`).
#[derive(Debug, Clone, PartialEq)]
pub struct Args {
    pub json: bool,
    pub headcount_search: bool,
    pub replications: u32,
    pub lang: Lang,
}

pub fn read(p: &Parsed) -> Result<Args, ArgsError> {
    Ok(Args {
        json: p.switch("--json"),
        headcount_search: !p.switch("--no-headcount-search"),
        replications: replications(p)?,
        lang: lang(p),
    })
}

/// The value of `--replications` (shared with `claims`; each declares its own default).
pub fn replications(p: &Parsed) -> Result<u32, ArgsError> {
    Ok(p.whole_in("--replications", 1, MAX_CLI_REPLICATIONS)?
        .unwrap_or(1))
}

/// The value of `--lang` (shared with `claims`).
pub fn lang(p: &Parsed) -> Lang {
    Lang::from_tag(p.text("--lang").unwrap_or("en"))
}

/// The scenario echo of every JSON report: enough to reproduce the run from its output.
pub fn scenario_json(sc: &Scenario, replications: u32) -> Value {
    json!({
        "preset": sc.source,
        "seed": sc.seed,
        "customers": sc.customers.len(),
        "managers": sc.managers.len(),
        "departments": sc.departments.len(),
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
            // The required (customer, function) visits of the horizon, counted from this
            // model's own calendar: by the fairness rule the same in every model.
            if let (Some(cal), Some(obj)) = (&m.calendar, o.as_object_mut()) {
                let by_function: serde_json::Map<String, Value> = Function::ALL
                    .iter()
                    .map(|f| (f.id().to_string(), json!(cal.required_by_function[f.index()])))
                    .collect();
                obj.insert("required_function_visits".into(), Value::Object(by_function));
            }
            // The establishment per department and post (定编) against the coverage target,
            // and the search's path the answer is read from.
            if let (Some(e), Some(obj)) = (&m.staffing, o.as_object_mut()) {
                obj.insert(
                    "staffing".into(),
                    json!({
                        "coverage_target": e.coverage_target,
                        "table": e.table,
                        "curve": e.curve,
                        "search_limit": e.limit,
                    }),
                );
            }
            // Extension: the calendar's fingerprint (replication 0's with replications), the
            // figure the page shows so a plan can be matched across runs and platforms.
            let print = m.calendar_fingerprint.clone();
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
    let Some(p) = COMMAND.read(args)? else {
        return Ok(());
    };
    let scenario_flags = ScenarioArgs::read(&p).map_err(|e| e.to_string())?;
    let a = read(&p).map_err(|e| e.to_string())?;
    let sc = scenario_flags.load()?;
    let opt = Options {
        headcount_search: a.headcount_search,
        replications: a.replications,
        ..Options::default()
    };
    let cmp = parallel::compare(&sc, &opt).map_err(|e| e.to_string())?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_replications_help_names_the_limit() {
        let f = FLAGS
            .iter()
            .find(|f| f.name == "--replications")
            .expect("declared");
        assert!(f.help.contains(&format!("(1-{MAX_CLI_REPLICATIONS})")));
    }
}
