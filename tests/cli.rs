//! The command-line contract (docs/contract.md), driven through the real binary.

use std::process::Command;

fn cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_visit-sandbox"))
        .args(args)
        .output()
        .expect("the binary runs")
}

#[test]
fn compare_json_lists_all_five_models_with_contract_metrics_and_the_scenario_echo() {
    // The rural preset keeps the headcount search (several calendars per model) quick.
    let out = cli(&["compare", "--preset", "rural", "--seed", "42", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(v["scenario"]["preset"], "rural");
    assert_eq!(v["scenario"]["seed"], 42);
    assert_eq!(v["scenario"]["customers"], 1200);
    assert!(
        v["scenario"]["settings"]["day_minutes"].is_number(),
        "settings are echoed"
    );
    let models: Vec<&str> = v["models"]
        .as_array()
        .expect("models array")
        .iter()
        .map(|m| m["model"].as_str().expect("model id"))
        .collect();
    assert_eq!(
        models,
        ["region", "format", "value", "specialised", "hybrid"]
    );
    // The required visits per function, from each model's own calendar, equal in every model.
    let required: Vec<&serde_json::Value> = v["models"]
        .as_array()
        .expect("models")
        .iter()
        .map(|m| &m["required_function_visits"])
        .collect();
    for f in ["service", "brand", "training", "research"] {
        assert!(required[0][f].as_u64().is_some_and(|n| n > 0), "{f}");
    }
    assert!(required.iter().all(|r| *r == required[0]), "{required:?}");
    for m in v["models"].as_array().expect("models") {
        assert_staffing(m);
        let metrics = m["metrics"].as_object().expect("metrics object");
        // Every metric of the contract, as a number; rates within 0..1.
        for k in CONTRACT_METRICS {
            assert!(metrics[k].is_number(), "{k} missing for {}", m["model"]);
        }
        for k in [
            "coverage_rate",
            "rigid_cycle_met_rate",
            "travel_time_share",
            "skill_inversion_rate",
            "top_customers_top_staff_rate",
            "same_day_multi_visit_rate",
        ] {
            let r = metrics[k].as_f64().expect("number");
            assert!((0.0..=1.0).contains(&r), "{k} = {r}");
        }
    }
}

/// A model's `staffing` object: the target, a table per department and post whose people
/// needed sum to `headcount_for_full_coverage`, and the search's path ending with the answer,
/// one person fewer just before it.
fn assert_staffing(m: &serde_json::Value) {
    let st = &m["staffing"];
    assert_eq!(
        st["coverage_target"].as_f64(),
        Some(0.995),
        "{}",
        m["model"]
    );
    let table = st["table"].as_array().expect("staffing.table");
    assert!(!table.is_empty());
    let mut needed = 0;
    for row in table {
        assert!(
            row["department"]
                .as_str()
                .is_some_and(|d| d.starts_with('D')),
            "{row}"
        );
        let post = row["post"].as_str().expect("post");
        assert!(
            ["generalist", "service", "brand", "training", "research"].contains(&post),
            "{post}"
        );
        assert!(row["people_now"].is_u64(), "{row}");
        needed += row["people_needed"].as_u64().expect("people_needed");
        let rate = row["coverage_rate"].as_f64().expect("coverage_rate");
        assert!((0.995..=1.0).contains(&rate), "{row}");
    }
    // Metrics are numbers in floating point (a mean under replications).
    let answer = m["metrics"]["headcount_for_full_coverage"]
        .as_f64()
        .expect("the target is met") as u64;
    assert_eq!(needed, answer, "{}", m["model"]);
    let curve = st["curve"].as_array().expect("staffing.curve");
    let heads: Vec<u64> = curve
        .iter()
        .map(|p| p["headcount"].as_u64().expect("headcount"))
        .collect();
    assert_eq!(
        heads.first().copied(),
        m["metrics"]["headcount"].as_f64().map(|h| h as u64)
    );
    assert_eq!(heads.last().copied(), Some(answer));
    if heads.len() > 1 {
        assert_eq!(heads[heads.len() - 2] + 1, answer, "{heads:?}");
    }
    for p in curve {
        assert!((0.0..=1.0).contains(&p["coverage_rate"].as_f64().expect("coverage_rate")));
    }
}

/// The metric names of docs/contract.md's table.
const CONTRACT_METRICS: [&str; 21] = [
    "coverage_rate",
    "rigid_cycle_met_rate",
    "travel_km_per_visit",
    "travel_time_share",
    "travel_minutes_per_customer",
    "workload_cv",
    "max_over_mean_workload",
    "overtime_hours",
    "skill_inversion_rate",
    "top_customers_top_staff_rate",
    "service_minutes_per_customer_month",
    "skilled_service_minutes_per_customer_month",
    "same_day_multi_visit_rate",
    "contacts_per_customer",
    "team_visits",
    "joint_visits_per_month",
    "market_manager_utilisation",
    "format_entropy_bits",
    "headcount",
    "headcount_for_full_coverage",
    "monthly_cost",
];

#[test]
fn generate_then_import_gives_identical_comparison() {
    let dir = std::env::temp_dir().join(format!("visit-sandbox-cli-{}", std::process::id()));
    let d = dir.to_str().expect("utf-8 temp path");
    let out = cli(&["generate", "--preset", "rural", "--seed", "7", "--out", d]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file = |n: &str| dir.join(n).to_string_lossy().into_owned();
    let imported = cli(&[
        "compare",
        "--customers",
        &file("customers.csv"),
        "--managers",
        &file("managers.csv"),
        "--config",
        &file("scenario.json"),
        "--no-headcount-search",
        "--json",
    ]);
    let preset = cli(&[
        "compare",
        "--preset",
        "rural",
        "--seed",
        "7",
        "--json",
        "--no-headcount-search",
    ]);
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    assert_eq!(imported.stdout, preset.stdout);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_input_exits_non_zero_with_a_message_naming_the_problem() {
    let out = cli(&["compare", "--preset", "moon"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("moon"));
    let out = cli(&["compare", "--customers", "/nonexistent/customers.csv"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("customers.csv"));
    let out = cli(&["frobnicate"]);
    assert!(!out.status.success());
}

#[test]
fn replications_add_95_percent_half_widths_and_bad_counts_are_refused() {
    let out = cli(&[
        "compare",
        "--preset",
        "rural",
        "--seed",
        "5",
        "--json",
        "--no-headcount-search",
        "--replications",
        "3",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(v["scenario"]["replications"], 3);
    for m in v["models"].as_array().expect("models") {
        let ci = m["metrics_ci95"].as_object().expect("metrics_ci95");
        assert!(ci["coverage_rate"].as_f64().expect("number") >= 0.0);
        assert!(!m["metrics"]
            .as_object()
            .expect("metrics")
            .contains_key("headcount_for_full_coverage"));
    }
    for bad in ["0", "many", "5000"] {
        let out = cli(&["compare", "--preset", "rural", "--replications", bad]);
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("--replications"));
    }
}

#[test]
fn bench_prints_a_figure_per_row_with_what_it_includes() {
    let out = cli(&[
        "bench",
        "--preset",
        "rural",
        "--no-headcount-search",
        "--replications",
        "2",
    ]);
    let rows = bench_rows(&out);
    let figures: Vec<&str> = rows.iter().map(|r| r[2].as_str()).collect();
    assert_eq!(figures, ["generate", "compare", "pilot", "replications"]);
    for r in &rows {
        assert_eq!(r[0], "rural");
        assert!(r[3].parse::<f64>().expect("seconds") >= 0.0);
        assert!(!r[5].is_empty(), "each figure says what it includes");
    }
    assert!(!cli(&["bench", "--preset", "moon"]).status.success());
}

/// `bench`'s rows below its header, each split at the tabs; the run must have succeeded.
fn bench_rows(out: &std::process::Output) -> Vec<Vec<String>> {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(1)
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

#[test]
fn bench_times_an_import_in_three_rows() {
    let template = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("static/samples/customers-template.csv");
    let path = template.to_string_lossy().into_owned();
    let out = cli(&["bench", "--import", &path]);
    let rows = bench_rows(&out);
    let figures: Vec<&str> = rows.iter().map(|r| r[2].as_str()).collect();
    // The presets are timed only when named.
    assert_eq!(figures, ["parse", "departments", "staffed"]);
    let customers = std::fs::read_to_string(&template)
        .expect("template")
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .count();
    assert_eq!(rows[0][0], "customers-template.csv");
    assert!(
        rows[0][5].contains(&format!("{customers} customers")),
        "{rows:?}"
    );
    let out = cli(&["bench", "--import", "/no/such/list.csv"]);
    assert!(!out.status.success());
}

/// Every command of `visit-sandbox --help`.
const COMMANDS: [&str; 10] = [
    "compare",
    "claims",
    "generate",
    "plan",
    "pilot",
    "route",
    "pvrp",
    "vrptw",
    "districts",
    "bench",
];

#[test]
fn every_command_prints_its_help_and_exits_0() {
    for cmd in COMMANDS {
        for flag in ["--help", "-h"] {
            let out = cli(&[cmd, flag]);
            assert!(out.status.success(), "{cmd} {flag}");
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(
                text.starts_with(&format!("visit-sandbox {cmd} ")),
                "{cmd} {flag}: {text}"
            );
            assert!(text.contains("-h, --help"), "{cmd}: {text}");
            assert!(out.stderr.is_empty(), "{cmd}: help goes to stdout");
        }
    }
    // The scenario commands list the shared flags, --set included.
    for cmd in ["compare", "claims", "plan", "pilot"] {
        let text = String::from_utf8_lossy(&cli(&[cmd, "--help"]).stdout).into_owned();
        for flag in [
            "--preset",
            "--seed",
            "--size N",
            "--config",
            "--weeks",
            "--set ID=VALUE",
        ] {
            assert!(text.contains(flag), "{cmd} help lacks {flag}");
        }
    }
    // Help wins over a bad flag or value anywhere on the line.
    assert!(cli(&["compare", "--bogus", "--seed", "x", "--help"])
        .status
        .success());
}

#[test]
fn flag_errors_are_the_same_for_every_command() {
    for cmd in COMMANDS {
        let out = cli(&[cmd, "--bogus"]);
        assert_eq!(out.status.code(), Some(2), "{cmd}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!("unknown flag --bogus for `{cmd}`")),
            "{cmd}: {err}"
        );
    }
    for (line, want) in [
        (&["compare", "--seed"][..], "--seed needs a value"),
        (
            &["compare", "--seed", "abc"],
            "--seed: 'abc' is not a whole number",
        ),
        (
            &["generate", "--seed", "abc"],
            "--seed: 'abc' is not a whole number",
        ),
        (
            &["bench", "--seed", "-1"],
            "--seed: '-1' is not a whole number",
        ),
        (
            &["compare", "--weeks", "53"],
            "--weeks: 53 is outside 1..=52",
        ),
        (
            &["claims", "--replications", "0"],
            "--replications: 0 is outside 1..=1000",
        ),
        (
            &["route", "x.tsp", "--seed", "abc"],
            "--seed: 'abc' is not a whole number",
        ),
        (&["route"], "missing FILE.tsp"),
        (&["plan", "--out", "x"], "--model ID is required"),
        (
            &["compare", "--preset", "county", "--customers", "c.csv"],
            "cannot be combined",
        ),
    ] {
        let out = cli(line);
        assert_eq!(out.status.code(), Some(2), "{line:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(want), "{line:?}: {err}");
    }
}

#[test]
fn set_changes_one_setting_and_refuses_unknown_ids_and_values_out_of_range() {
    let out = cli(&[
        "compare",
        "--preset",
        "rural",
        "--set",
        "day_minutes=480",
        "--json",
        "--no-headcount-search",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(v["scenario"]["settings"]["day_minutes"], 480.0);
    for (pair, want) in [
        ("no_such_setting=1", "unknown setting 'no_such_setting'"),
        ("day_minutes=9999", "day_minutes: 9999 is outside 240..=720"),
        ("day_minutes=long", "day_minutes: 'long' is not a number"),
        ("day_minutes", "'day_minutes' is not ID=VALUE"),
    ] {
        let out = cli(&["compare", "--preset", "rural", "--set", pair]);
        assert_eq!(out.status.code(), Some(2), "{pair}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("--set") && err.contains(want), "{pair}: {err}");
    }
}

#[test]
fn set_refuses_reach_and_cycle_overrides_out_of_range_naming_the_range() {
    for (pair, want) in [
        (
            "reach-research-sample_share=150",
            "reach-research-sample_share: 150 is outside 0..=100",
        ),
        (
            "cycle_by_group-service-core=9",
            "cycle_by_group-service-core: 9 is outside 0..=8",
        ),
        ("low_grade=0", "low_grade: 0 is outside 1..=30"),
        // The establishment's coverage target, in percent: (0, 100] less what is no target.
        ("coverage_target=0", "coverage_target: 0 is outside 1..=100"),
        (
            "coverage_target=100.5",
            "coverage_target: 100.5 is outside 1..=100",
        ),
        (
            "reach-brand-top_classes=5",
            "reach-brand-top_classes: 5 is outside 0..=4",
        ),
    ] {
        let out = cli(&["compare", "--preset", "rural", "--set", pair]);
        assert_eq!(out.status.code(), Some(2), "{pair}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("--set") && err.contains(want), "{pair}: {err}");
        assert!(out.stdout.is_empty(), "{pair}: nothing compared");
    }
}

/// A generated rural config with its settings changed by `edit`, run by `compare --config`:
/// it must be refused (exit 2). Returns the config's path and the error printed.
fn refused_config(tag: &str, edit: impl FnOnce(&mut serde_json::Value)) -> (String, String) {
    let dir = std::env::temp_dir().join(format!("visit-sandbox-{tag}-{}", std::process::id()));
    let d = dir.to_str().expect("utf-8 temp path");
    let out = cli(&["generate", "--preset", "rural", "--out", d]);
    assert!(out.status.success());
    let path = dir.join("scenario.json");
    let text = std::fs::read_to_string(&path).expect("config written");
    let mut v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    edit(&mut v["settings"]);
    std::fs::write(&path, v.to_string()).expect("config rewritten");
    let p = path.to_string_lossy().into_owned();
    let out = cli(&["compare", "--config", &p]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    let _ = std::fs::remove_dir_all(&dir);
    (p, err)
}

#[test]
fn a_config_with_a_grade_band_out_of_range_is_refused_naming_the_file_and_band() {
    let (p, err) = refused_config("band", |s| {
        s["cycle_overrides"]["by_grade"] = serde_json::json!([
            { "function": "training", "min_grade": 1, "max_grade": 10, "cycle_weeks": 2 },
            { "function": "brand", "min_grade": 5, "max_grade": 40, "cycle_weeks": 2 }
        ]);
    });
    assert!(
        err.contains(&p)
            && err.contains("cycle_overrides.by_grade[1].max_grade: 40 is outside 1..=30"),
        "{err}"
    );
}

#[test]
fn a_config_with_a_setting_out_of_range_is_refused_naming_the_file_and_setting() {
    let (p, err) = refused_config("cfg", |s| s["day_minutes"] = 5000.0.into());
    assert!(
        err.contains(&p) && err.contains("day_minutes: 5000 is outside 240..=720"),
        "{err}"
    );
}

#[test]
fn compare_with_a_lock_file_counts_the_locks_kept_and_a_bad_file_names_row_and_column() {
    use visit_sandbox::core::generate::{generate, Preset};
    let sc = generate(Preset::Rural, 42).expect("rural");
    let dir = std::env::temp_dir().join(format!("visit-sandbox-locks-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (c, m) = (&sc.customers, &sc.managers);
    let good = dir.join("locks.csv");
    std::fs::write(
        &good,
        format!(
            "customer_id,main_staff\n{},{}\n{},{}\n{},\n",
            c[0].id, m[1].id, c[500].id, m[1].id, c[900].id
        ),
    )
    .expect("written");
    let g = good.to_string_lossy().into_owned();
    let base = ["compare", "--preset", "rural", "--no-headcount-search"];
    let out = cli(&[&base[..], &["--weeks", "1", "--lock", &g, "--json"]].concat());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    for model in v["models"].as_array().expect("models") {
        let plan = &model["plan"];
        let (kept, unkept) = (plan["locks_kept"].as_u64(), plan["locks_unkept"].as_u64());
        assert_eq!(kept.zip(unkept).map(|(k, u)| k + u), Some(3), "{plan}");
        if model["model"] == "region" {
            // Generalists: every lock is kept.
            assert_eq!(kept, Some(3), "{plan}");
        }
    }
    // Without the file the plan says nothing of locks.
    let out = cli(&[&base[..], &["--weeks", "1", "--json"]].concat());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(v["models"][0]["plan"].get("locks_kept").is_none());
    // A bad row: exit 2, naming the file, the row, the column and the reason.
    let bad = dir.join("bad.csv");
    std::fs::write(
        &bad,
        format!(
            "customer_id,main_staff\n{},{}\n{},ghost\n",
            c[0].id, m[1].id, c[1].id
        ),
    )
    .expect("written");
    let b = bad.to_string_lossy().into_owned();
    let out = cli(&[&base[..], &["--lock", &b, "--json"]].concat());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{b}, row 3, column 'main_staff', value 'ghost'")),
        "{err}"
    );
    assert!(
        err.contains("no manager of the scenario has this id"),
        "{err}"
    );
    assert!(
        out.stdout.is_empty(),
        "nothing is printed for a refused scenario"
    );
    let plan_dir = dir.join("plan");
    let p = plan_dir.to_string_lossy().into_owned();
    let out = cli(&[
        "plan", "--preset", "rural", "--model", "region", "--lock", &b, "--out", &p,
    ]);
    assert_eq!(out.status.code(), Some(2), "plan reads --lock too");
    assert!(String::from_utf8_lossy(&out.stderr).contains("row 3"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn size_grows_or_shrinks_a_preset_for_compare_plan_and_generate_and_is_refused_out_of_range() {
    // compare: the scenario echo counts the customers asked for, grown beyond the preset.
    let out = cli(&[
        "compare",
        "--preset",
        "rural",
        "--size",
        "2500",
        "--weeks",
        "1",
        "--no-headcount-search",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(v["scenario"]["customers"], 2500);
    let rural_departments = 7;
    assert_eq!(v["scenario"]["departments"], 2 * rural_departments);
    let dir = std::env::temp_dir().join(format!("visit-sandbox-size-{}", std::process::id()));
    let d = dir.to_str().expect("utf-8 temp path");
    let rows = |name: &str| {
        std::fs::read_to_string(dir.join(name))
            .expect("written")
            .lines()
            .count()
            - 1
    };
    // generate: the files of the sized preset, which read back at that size.
    let out = cli(&[
        "generate", "--preset", "urban", "--size", "4100", "--out", d,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(rows("customers.csv"), 4100);
    // plan: one row per customer kept, a preset sized down.
    let out = cli(&[
        "plan", "--preset", "urban", "--size", "300", "--weeks", "1", "--model", "region", "--out",
        d,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(rows("assignments.csv"), 300);
    // Out of range, and a list grown: exit 2 naming the flag and the range or the list's size.
    let list = dir.join("customers.csv").to_string_lossy().into_owned();
    for (line, want) in [
        (
            vec!["compare", "--size", "49"],
            "--size: customers: 49 is outside 50..=1000000",
        ),
        (
            vec!["claims", "--preset", "city", "--size", "1000001"],
            "outside 50..=1000000",
        ),
        (
            vec!["generate", "--size", "2000000", "--out", d],
            "--size: customers: 2000000 is outside",
        ),
        (
            vec!["compare", "--customers", &list, "--size", "4101"],
            "--size: customers: 4101 is more than the list's 4100",
        ),
        (
            vec!["compare", "--size", "many"],
            "--size: 'many' is not a whole number",
        ),
    ] {
        let out = cli(&line);
        assert_eq!(out.status.code(), Some(2), "{line:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(want), "{line:?}: {err}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
