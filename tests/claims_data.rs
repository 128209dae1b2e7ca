//! Claims measured on the data a scenario really holds: a customer list imported without
//! managers gets made-up managers, and the claims that read their skills are left unmeasured
//! (`holds: null`, `missing`); the two figures the claims are worded by (travel minutes per
//! customer, skill-weighted service minutes) recomputed by hand from a calendar; every claim's
//! texts in plain words.

use std::collections::BTreeSet;
use std::process::Command;

use visit_sandbox::app::scenario::{assemble, Files, Input};
use visit_sandbox::core::claims::{self, Kind, Missing};
use visit_sandbox::core::compare::{compare_with, Options};
use visit_sandbox::core::generate::{generate, Preset};
use visit_sandbox::core::io::{self, export};
use visit_sandbox::core::metrics::Metrics;
use visit_sandbox::core::scenario::Scenario;
use visit_sandbox::core::workload::WEEKS_PER_MONTH;
use visit_sandbox::i18n::{t, Lang};

/// The claims whose figure reads the managers' skills: inversions for region and format,
/// strong managers on high-value shops, and the skill-weighted depth.
const SKILL_CLAIMS: [&str; 4] = [
    "region_more_inversions",
    "format_fewer_inversions",
    "value_top_staff_on_top_customers",
    "specialised_deeper_service_skilled",
];

fn cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_visit-sandbox"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn claims_json(args: &[&str]) -> Vec<serde_json::Value> {
    let out = cli(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    v["claims"].as_array().expect("claims").clone()
}

#[test]
fn the_skill_claims_are_the_claims_whose_figure_reads_skills() {
    let needing: BTreeSet<&str> = claims::definitions()
        .iter()
        .filter(|d| d.figure.needs() == Some(Missing::ManagerSkills))
        .map(|d| d.id)
        .collect();
    assert_eq!(needing, SKILL_CLAIMS.into_iter().collect());
}

/// The same customers imported through the command line, once with their managers and once
/// without: with them every claim gets a verdict; without them exactly the skill claims get
/// none, name the data they miss and say in both languages what would measure them.
#[test]
fn a_list_imported_without_managers_leaves_exactly_the_skill_claims_unmeasured() {
    let dir = std::env::temp_dir().join(format!("visit-sandbox-claims-{}", std::process::id()));
    let d = dir.to_str().expect("utf-8 temp path");
    let out = cli(&["generate", "--preset", "rural", "--seed", "7", "--out", d]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file = |n: &str| dir.join(n).to_string_lossy().into_owned();
    let (customers, managers) = (file("customers.csv"), file("managers.csv"));
    let common = ["claims", "--weeks", "1", "--replications", "1", "--json"];
    let with: Vec<&str> = common
        .iter()
        .copied()
        .chain(["--customers", &customers, "--managers", &managers])
        .collect();
    let without: Vec<&str> = common
        .iter()
        .copied()
        .chain(["--customers", &customers])
        .collect();
    let with = claims_json(&with);
    let without = claims_json(&without);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(with.len(), claims::definitions().len());
    for c in &with {
        assert!(c["holds"].is_boolean(), "{c}");
        assert!(c.get("missing").is_none(), "{c}");
    }
    assert_eq!(without.len(), with.len());
    for c in &without {
        let id = c["id"].as_str().expect("id");
        if SKILL_CLAIMS.contains(&id) {
            assert!(c["holds"].is_null(), "{c}");
            assert_eq!(c["missing"], "manager_skills", "{c}");
            assert_eq!(
                c["figures"],
                serde_json::json!({}),
                "no figure from made-up skills"
            );
            let zh = c["missing_zh"].as_str().expect("missing_zh");
            let en = c["missing_en"].as_str().expect("missing_en");
            assert!(zh.contains("技能") && en.contains("skills"), "{zh} / {en}");
        } else {
            assert!(c["holds"].is_boolean(), "{c}");
            assert!(c.get("missing").is_none(), "{c}");
        }
    }
}

fn csv_of(sc: &Scenario) -> (String, String) {
    (export::customers_csv(sc), export::managers_csv(sc))
}

/// The flag's life: made-up managers for an imported list set it, a preset's never do, a
/// manager list imported later clears it, and it travels with the scenario file.
#[test]
fn made_up_managers_are_marked_until_a_manager_list_replaces_them() {
    let preset = assemble(&Input {
        preset: Some("rural"),
        customers: Some(300),
        ..Input::default()
    })
    .expect("preset");
    assert!(!preset.managers.is_empty());
    assert!(
        !preset.managers_invented,
        "a preset is synthetic, not invented"
    );
    let (customers, managers) = csv_of(&generate(Preset::Rural, 7).expect("gen"));
    let bare = assemble(&Input {
        files: Files {
            customers: Some(customers.as_bytes()),
            ..Files::default()
        },
        ..Input::default()
    })
    .expect("customers only");
    assert!(!bare.managers.is_empty(), "staffed by the workload method");
    assert!(bare.managers_invented);
    let json = serde_json::to_value(&bare).expect("json");
    assert_eq!(json["managers_invented"], true);
    let back: Scenario = serde_json::from_value(json).expect("back");
    assert!(back.managers_invented);
    assert!(serde_json::to_value(&preset).expect("json")["managers_invented"].is_null());
    // Opened again (the page's path), it stays marked.
    let reopened = assemble(&Input {
        opened: Some(&back),
        ..Input::default()
    })
    .expect("opened");
    assert!(reopened.managers_invented);
    let staffed = io::import_scenario(
        back,
        &io::DeriveRules::default(),
        None,
        Some(managers.as_bytes()),
    )
    .expect("managers import");
    assert!(!staffed.managers_invented, "real managers now");
    let both = assemble(&Input {
        files: Files {
            customers: Some(customers.as_bytes()),
            managers: Some(managers.as_bytes()),
            ..Files::default()
        },
        ..Input::default()
    })
    .expect("both lists");
    assert!(!both.managers_invented);
}

fn run(sc: &Scenario) -> Vec<(Metrics, f64, usize, f64)> {
    let opt = Options {
        headcount_search: false,
        ..Options::default()
    };
    let cmp = compare_with(sc, &opt).expect("compare");
    cmp.models
        .iter()
        .map(|m| {
            let cal = m.calendar.as_ref().expect("calendar");
            let travel: f64 = cal.routes.iter().map(|r| r.travel_min).sum();
            let served: BTreeSet<usize> = cal
                .visits
                .iter()
                .filter(|v| !v.closed)
                .map(|v| v.customer)
                .collect();
            let months = f64::from(cal.weeks) / WEEKS_PER_MONTH;
            (m.metrics.clone(), travel, served.len(), months)
        })
        .collect()
}

/// Travel minutes per customer is the routes' travel over the customers visited per 4 weeks;
/// skill-weighted service minutes equal the service minutes when every skill is 100, half of
/// them when every skill is 50, and lie below them on a preset's drawn skills.
#[test]
fn travel_per_customer_and_skill_weighted_minutes_follow_their_definitions() {
    let mut sc = assemble(&Input {
        preset: Some("rural"),
        customers: Some(200),
        weeks: Some(2),
        ..Input::default()
    })
    .expect("scenario");
    for (m, travel, served, months) in run(&sc) {
        let want = travel / served as f64 / months;
        let got = m.travel_minutes_per_customer.expect("travel per customer");
        assert!((got - want).abs() < 1e-9 * want.max(1.0), "{got} vs {want}");
        assert!(got > 0.0);
        let service = m.service_minutes_per_customer_month.expect("service");
        let skilled = m
            .skilled_service_minutes_per_customer_month
            .expect("skilled");
        assert!(skilled > 0.0 && skilled < service, "{skilled} vs {service}");
    }
    for (skill, ratio) in [(100.0, 1.0), (50.0, 0.5)] {
        for mg in &mut sc.managers {
            mg.skills = [skill; 4];
        }
        for (m, ..) in run(&sc) {
            let service = m.service_minutes_per_customer_month.expect("service");
            let skilled = m
                .skilled_service_minutes_per_customer_month
                .expect("skilled");
            assert!(
                (skilled - ratio * service).abs() < 1e-9 * service.max(1.0),
                "skill {skill}: {skilled} vs {service}"
            );
        }
    }
}

/// Every claim's texts in plain words (no metric name in them), and every emergent claim
/// says, in both languages, why it can fail.
#[test]
fn every_claim_is_worded_plainly_and_each_emergent_one_says_why_it_can_fail() {
    let mut ids: Vec<&str> = Metrics::names().to_vec();
    ids.push("book_spread_km");
    for d in claims::definitions() {
        for lang in [Lang::ZhCn, Lang::En] {
            for key in [format!("claim.{}", d.id), format!("claim.{}.how", d.id)] {
                let text = t(lang, &key);
                assert_ne!(text, key, "{key} untranslated");
                for m in &ids {
                    assert!(!text.contains(m), "{key} names the metric {m}: {text}");
                }
            }
            let why = format!("claim.{}.why", d.id);
            if d.kind == Kind::Emergent {
                assert_ne!(t(lang, &why), why, "{why} untranslated");
            }
        }
        assert_ne!(
            t(Lang::ZhCn, &format!("claim.{}.how", d.id)),
            t(Lang::En, &format!("claim.{}.how", d.id))
        );
    }
    for lang in [Lang::ZhCn, Lang::En] {
        let key = Missing::ManagerSkills.key();
        assert_ne!(t(lang, key), key);
        for m in [
            "travel_minutes_per_customer",
            "skilled_service_minutes_per_customer_month",
        ] {
            let key = format!("metric.{m}");
            assert_ne!(t(lang, &key), key);
            let def = format!("{key}.def");
            assert_ne!(t(lang, &def), def);
        }
    }
}
