//! `visit-sandbox pilot`: today's plan and a staged pilot in chosen departments (试点, 先少后多),
//! each plan written as CSV files and, with `--json`, the figures of every stage.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use visit_sandbox::core::io::export::{
    assignments_with_department_csv, schedule_csv, unvisited_csv,
};
use visit_sandbox::core::io::pilot::{days_csv, kpi_csv};
use visit_sandbox::core::models::{self, ModelId};
use visit_sandbox::core::pilot::{
    self, parse_departments, parse_stages, Options, Pilot, PilotSpec, StageResult,
};

use super::args::{ArgsError, Command, Flag, Parsed};
use super::compare::scenario_json;
use super::scenario_args::{self, ScenarioArgs};

const FLAGS: &[Flag] = &[
    Flag::value(
        "--departments",
        "IDS",
        "the pilot departments' ids, joined by ',' (e.g. D2 or D2,D3) (required)",
    ),
    Flag::value(
        "--model",
        "ID",
        "the model the pilot departments try: specialised or hybrid when stages are\n\
         given; without --stages any model, run once with the settings' posts",
    )
    .default("specialised"),
    Flag::value(
        "--stages",
        "LIST",
        "the posts each stage has created, stages joined by ',', posts by '+', e.g.\n\
         service+brand,service+brand+training+research; every stage keeps the service\n\
         post, which does the functions of the posts not yet created",
    ),
    Flag::value(
        "--out",
        "DIR",
        "output folder, created if missing (required)",
    ),
    Flag::switch("--json", "print every stage's figures as JSON"),
    Flag::switch(
        "--no-establishment",
        "skip the establishment search per stage (the table as submitted is then empty)",
    ),
];

pub static COMMAND: Command = Command {
    name: "pilot",
    synopsis: "[scenario flags] --departments D2[,D3] --model specialised --stages LIST --out DIR [--json]",
    about: "\
Plans today's plan (the customer list's 现客户经理, or the region model as generated) and each
stage of a pilot: the pilot departments run the model with the stage's posts, every other
customer keeps today's manager. Each plan is lived as a calendar and written to its folder
(DIR/baseline, DIR/stage-1, DIR/stage-2, ...):
  assignments.csv  the plan's columns (customer_id, customer_name, main_staff, per function
                   <function>_staff and <function>_post) and department (the customer's
                   department today); a function whose post does not exist yet shows service
  schedule.csv     every visit, as `plan` writes it
  unvisited.csv    every required visit not made, as `plan` writes it
  days.csv         every staff member's working day: day, date, staff, leave_min, back_min,
                   km, travel_min, service_min, working_min, overtime_min
  kpi.csv          the KPI sheet (双指标), one row per person: staff, name, department, post,
                   required_cycles, cycles_met, visits, service_minutes, team_visits,
                   overtime_hours, personal_score, department_coverage,
                   department_customers_over_cap, department_travel_share, team_score,
                   total_score
With --json it prints the figures: per stage the establishment per post, people moved,
customers changing manager (share of all customers, and their ids), the pilot's and the
company's coverage, travel, overtime and monthly cost, the before/after per person, the KPI
sheet and the establishment table as the pilot departments submit it.",
    positional: None,
    sections: &[("", FLAGS), (scenario_args::HEADING, scenario_args::FLAGS)],
    footer: "",
};

/// The flags of `pilot` itself (the scenario flags are read by `scenario_args`).
#[derive(Debug, Clone, PartialEq)]
pub struct Args {
    pub spec: PilotSpec,
    pub out: PathBuf,
    pub json: bool,
    pub establishment: bool,
}

pub fn read(p: &Parsed) -> Result<Args, ArgsError> {
    let departments = parse_departments(p.required("--departments", ": e.g. D2")?);
    let model = p
        .parse_with("--model", |v| {
            models::by_id(v)
                .map(|m| m.id())
                .ok_or_else(|| format!("unknown model '{v}': expected specialised or hybrid"))
        })?
        .unwrap_or(ModelId::Specialised);
    let stages = match p.text("--stages") {
        Some(text) => parse_stages(text).map_err(|e| ArgsError::Invalid {
            flag: "--stages",
            reason: e.to_string(),
        })?,
        None => Vec::new(),
    };
    let out = p.required("--out", "")?.into();
    Ok(Args {
        spec: PilotSpec {
            departments,
            model,
            stages,
        },
        out,
        json: p.switch("--json"),
        establishment: !p.switch("--no-establishment"),
    })
}

/// One plan's figures as the JSON prints them (the stage's plan and calendar stay out).
fn stage_json(r: &StageResult) -> Value {
    serde_json::to_value(r).unwrap_or(Value::Null)
}

/// The contract's JSON of a pilot.
pub fn to_json(sc: &visit_sandbox::core::scenario::Scenario, p: &Pilot) -> Value {
    json!({
        "scenario": scenario_json(sc, 1),
        "baseline_source": p.source,
        "customers_without_manager": p.customers_without_manager,
        "departments": p.departments,
        "model": p.model.id(),
        "baseline": stage_json(&p.baseline),
        "stages": p.stages.iter().map(stage_json).collect::<Vec<_>>(),
    })
}

fn write_plan(dir: &Path, r: &StageResult, dates: &[String]) -> Result<(), String> {
    let sc = &r.plan.scenario;
    let a = &r.plan.assignment;
    let cal = &r.calendar;
    let files = [
        ("assignments.csv", assignments_with_department_csv(sc, a)),
        ("schedule.csv", schedule_csv(sc, a, cal, dates)),
        ("unvisited.csv", unvisited_csv(sc, a, cal)),
        ("days.csv", days_csv(sc, a, cal, dates)),
        ("kpi.csv", kpi_csv(&r.kpi)),
    ];
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for (name, text) in &files {
        let p = dir.join(name);
        std::fs::write(&p, text).map_err(|e| format!("{}: {e}", p.display()))?;
    }
    Ok(())
}

pub fn run(args: &[String]) -> Result<(), String> {
    let Some(p) = COMMAND.read(args)? else {
        return Ok(());
    };
    let scenario_flags = ScenarioArgs::read(&p).map_err(|e| e.to_string())?;
    let a = read(&p).map_err(|e| e.to_string())?;
    let sc = scenario_flags.load()?;
    let opt = Options {
        establishment: a.establishment,
        ..Options::default()
    };
    let result = pilot::run(&sc, &a.spec, &opt, &mut |_, _| {}).map_err(|e| e.to_string())?;
    let all = std::iter::once(("baseline".to_string(), &result.baseline)).chain(
        result
            .stages
            .iter()
            .map(|r| (format!("stage-{}", r.stage), r)),
    );
    for (name, r) in all {
        let dates = super::plan::dates(&r.plan.scenario, &r.calendar, &scenario_flags)?;
        write_plan(&a.out.join(name), r, &dates)?;
    }
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&to_json(&sc, &result)).map_err(|e| e.to_string())?
        );
    }
    let shares: Vec<String> = result
        .stages
        .iter()
        .map(|r| {
            format!(
                "stage {} ({}): {:.1} % of customers change manager, pilot coverage {:.1} %",
                r.stage,
                r.posts.join("+"),
                100.0 * r.customers_changing_manager_share,
                100.0 * r.pilot.coverage_rate
            )
        })
        .collect();
    eprintln!(
        "wrote {}: baseline and {} stage(s) — {}",
        a.out.display(),
        result.stages.len(),
        shares.join("; ")
    );
    Ok(())
}
