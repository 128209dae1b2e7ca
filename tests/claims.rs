//! The study's claims report (`visit-sandbox claims`, `core::claims`).

use std::process::Command;

use visit_sandbox::core::claims::{self, Kind};
use visit_sandbox::core::compare::{compare_with, Options};
use visit_sandbox::core::generate::{generate, Preset};

#[test]
fn claims_json_names_every_claim_in_both_languages_with_figures_and_robustness() {
    let out = Command::new(env!("CARGO_BIN_EXE_visit-sandbox"))
        .args([
            "claims",
            "--preset",
            "rural",
            "--seed",
            "42",
            "--weeks",
            "2",
            "--replications",
            "2",
            "--json",
        ])
        .output()
        .expect("the binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(v["scenario"]["preset"], "rural");
    assert_eq!(v["scenario"]["weeks"], 2);
    let found = v["claims"].as_array().expect("claims array");
    let defs = claims::definitions();
    assert_eq!(found.len(), defs.len());
    for (c, d) in found.iter().zip(&defs) {
        assert_eq!(c["id"], d.id);
        for k in ["text_zh", "text_en", "measure_zh", "measure_en"] {
            let text = c[k].as_str().expect("text");
            assert!(
                !text.is_empty() && !text.starts_with("claim."),
                "{} {k}: '{text}' is not translated",
                d.id
            );
        }
        let kind = c["kind"].as_str().expect("kind");
        assert!(kind == "structural" || kind == "emergent");
        let figures = c["figures"].as_object().expect("figures");
        for m in ["region", "format", "value", "specialised", "hybrid"] {
            assert!(figures[m].is_number(), "{} lacks {m}", d.id);
        }
        assert!(c["holds"].is_boolean(), "{}", d.id);
        if kind == "structural" {
            assert_eq!(c["holds"], true, "{} is structural", d.id);
        }
    }
    // Chinese and English texts differ: both were looked up, not one copied.
    assert_ne!(found[0]["text_zh"], found[0]["text_en"]);
    let robust = &v["robustness"];
    assert_eq!(robust["replications"], 2);
    let models = robust["models"].as_array().expect("robustness per model");
    assert_eq!(models.len(), 5);
    for m in models {
        let planned = m["coverage_planned"].as_f64().expect("planned");
        let disturbed = m["coverage_disturbed"].as_f64().expect("disturbed");
        assert!((0.0..=1.0).contains(&planned) && (0.0..=1.0).contains(&disturbed));
        let drop = m["coverage_drop"].as_f64().expect("drop");
        assert!((drop - (planned - disturbed)).abs() < 1e-12);
        assert!(m["coverage_disturbed_ci95"].as_f64().expect("ci") >= 0.0);
    }
}

#[test]
fn the_table_says_which_claims_fail_and_replications_one_skips_robustness() {
    let out = Command::new(env!("CARGO_BIN_EXE_visit-sandbox"))
        .args([
            "claims",
            "--preset",
            "rural",
            "--weeks",
            "1",
            "--replications",
            "1",
            "--lang",
            "zh-CN",
        ])
        .output()
        .expect("the binary runs");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("按业态：每位客户经理所辖客户业态单一"),
        "{text}"
    );
    assert!(text.contains("[成立]"), "{text}");
    assert!(
        !text.contains("扰动下的覆盖率"),
        "no robustness with one replication"
    );
    let bad = Command::new(env!("CARGO_BIN_EXE_visit-sandbox"))
        .args(["claims", "--replications", "0"])
        .output()
        .expect("the binary runs");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--replications"));
}

/// When every shop has one format, no book can mix formats: the value-group model's
/// "one customer group contains different formats" (emergent) must fail, and so must the
/// region model's "each book mixes formats"; the report says so, with the figures that show
/// why.
#[test]
fn an_emergent_claim_fails_where_the_scenario_makes_it_false() {
    let mut sc = generate(Preset::Rural, 7).expect("gen");
    for c in sc.customers_mut() {
        c.class = 2;
    }
    let cmp = compare_with(&sc, &Options::assignment_only()).expect("compare");
    let found = claims::measure(&sc, &cmp);
    for id in ["value_books_mix_formats", "region_undifferentiated"] {
        let c = found.iter().find(|c| c.id == id).expect("measured");
        assert_eq!(c.kind, Kind::Emergent);
        assert_eq!(c.holds, Some(false), "{id}: {:?}", c.figures);
        assert!(c.figures.values().all(|&x| x == 0.0), "{:?}", c.figures);
    }
    // The same claims hold on the preset as generated: the failure is the scenario's.
    let sc = generate(Preset::Rural, 7).expect("gen");
    let cmp = compare_with(&sc, &Options::assignment_only()).expect("compare");
    let found = claims::measure(&sc, &cmp);
    for id in ["value_books_mix_formats", "region_undifferentiated"] {
        let c = found.iter().find(|c| c.id == id).expect("measured");
        assert_eq!(c.holds, Some(true), "{id}: {:?}", c.figures);
    }
}

/// Structural claims hold by construction on every preset; a claim whose figure needs the
/// calendar has no verdict without it (absent, never guessed).
#[test]
fn structural_claims_hold_and_calendar_figures_are_absent_without_a_calendar() {
    for p in [Preset::County, Preset::Urban, Preset::Rural] {
        let sc = generate(p, 42).expect("gen");
        let cmp = compare_with(&sc, &Options::assignment_only()).expect("compare");
        let found = claims::measure(&sc, &cmp);
        let homogeneous = found
            .iter()
            .find(|c| c.id == "format_homogeneous_books")
            .expect("measured");
        assert_eq!(homogeneous.holds, Some(true), "{p:?}");
        let travel = found
            .iter()
            .find(|c| c.id == "region_least_travel")
            .expect("measured");
        assert_eq!(travel.holds, None);
        assert!(travel.figures.is_empty());
    }
}
