//! Keep and share (`visit_sandbox::app::keep`): the autosave envelope, the shareable link, and the
//! page's CSV exports, through the public API only.

use proptest::prelude::*;

use visit_sandbox::app::keep::{
    from_fragment, restore, save, to_fragment, Field, KitError, Link, Saved, SAVED_VERSION,
};
use visit_sandbox::app::limits::{
    MAX_HEADCOUNT, MAX_PRESET_CUSTOMERS, MAX_REPLICATIONS, MIN_CUSTOMERS,
};
use visit_sandbox::core::generate::{generate, Preset};
use visit_sandbox::core::io::export::{assignments_csv, metrics_csv, BOM};
use visit_sandbox::core::io::{self, DeriveRules};
use visit_sandbox::core::metrics::Metrics;
use visit_sandbox::core::models::{self, ModelId};
use visit_sandbox::core::scenario::Scenario;
use visit_sandbox::core::settings::Settings;
use visit_sandbox::core::workload;
use visit_sandbox::i18n::{self, Lang};

/// A link with every field set away from its default.
fn busy_link() -> Link {
    let mut settings = Preset::County.settings();
    settings.day_minutes = 450.0;
    settings.modes.staggering = false;
    settings.functions[0].minutes = vec![30.0, 20.0, 12.5, 9.0];
    Link {
        preset: Preset::County,
        seed: 42,
        weeks: 8,
        replications: 3,
        settings: Some(settings),
        headcount: Some(19),
        customers: Some(3000),
        locks: Vec::new(),
    }
}

fn envelope(link: &Link) -> String {
    save(&Saved::from_link(link)).expect("saves")
}

/// A small imported scenario: a sized-down rural preset (the lists, not the preset, travel).
fn small_scenario() -> Scenario {
    let mut sc = generate(Preset::Rural, 5).expect("preset");
    sc.customers_mut().truncate(60);
    sc.source = "imported".into();
    sc
}

#[test]
fn envelope_round_trips_with_preferences() {
    let link = busy_link();
    let mut saved = Saved::from_link(&link);
    saved.hidden = [false, true, false, true, false];
    saved.lang = "en".into();
    saved.view = "calendar".into();
    let r = restore(&save(&saved).expect("saves")).expect("restores");
    assert_eq!(r.link, link);
    assert_eq!(r.hidden, saved.hidden);
    assert_eq!(r.lang, Some(Lang::En));
    assert_eq!(r.view, "calendar");
    assert_eq!(r.scenario, None);
}

#[test]
fn envelope_keeps_an_imported_scenario() {
    let sc = small_scenario();
    let rules = DeriveRules::default();
    let mut saved = Saved::from_link(&Link::new(Preset::Urban, 9));
    saved.set_scenario(&sc, &rules).expect("scenario JSON");
    let r = restore(&save(&saved).expect("saves")).expect("restores");
    let loaded = r.scenario.expect("scenario kept");
    assert_eq!(loaded.scenario, sc);
    assert_eq!(loaded.rules, rules);
    assert_eq!(loaded.from_version, 2);
}

#[test]
fn customers_kept_are_bounded_by_the_imported_list_not_the_preset() {
    let mut sc = small_scenario();
    // An imported list larger than the preset it is filed under promises.
    let most = Preset::Rural.ranges().customers.1;
    while sc.customers.len() <= most {
        let mut c = sc.customers[sc.customers.len() % 50].clone();
        c.id = format!("X{}", sc.customers.len());
        sc.customers_mut().push(c);
    }
    let n = sc.customers.len();
    let mut saved = Saved::from_link(&Link::new(Preset::Rural, 3));
    saved
        .set_scenario(&sc, &DeriveRules::default())
        .expect("scenario JSON");
    saved.customers = Some(n);
    let r = restore(&save(&saved).expect("saves")).expect("all of the imported list kept");
    assert_eq!(r.link.customers, Some(n));
    saved.customers = Some(n + 1);
    assert!(matches!(
        restore(&save(&saved).expect("saves")),
        Err(KitError::OutOfRange { .. })
    ));
}

#[test]
fn a_preset_link_may_grow_the_preset_up_to_the_largest_size() {
    let mut link = Link::new(Preset::City, 42);
    link.customers = Some(300_000);
    let back = from_fragment(&to_fragment(&link)).expect("restores");
    assert_eq!(back.customers, Some(300_000));
    let mut saved = Saved::from_link(&link);
    saved.customers = Some(MAX_PRESET_CUSTOMERS);
    let r = restore(&save(&saved).expect("saves")).expect("the largest preset");
    assert_eq!(r.link.customers, Some(MAX_PRESET_CUSTOMERS));
}

#[test]
fn envelope_with_an_older_scenario_version_migrates() {
    let sc = small_scenario();
    let text = io::to_json(&sc, &DeriveRules::default()).expect("json");
    // Version 1: no import rules, no derived markers or origin (the preset has none).
    let mut v1: serde_json::Value = serde_json::from_str(&text).expect("json");
    v1["version"] = 1.into();
    v1.as_object_mut().expect("object").remove("import_rules");
    let mut saved = Saved::from_link(&Link::new(Preset::County, 1));
    saved.scenario = Some(v1.to_string());
    let r = restore(&save(&saved).expect("saves")).expect("v1 restores");
    let loaded = r.scenario.expect("scenario kept");
    assert_eq!(loaded.from_version, 1);
    assert_eq!(loaded.scenario, sc);
    // Version 0: a bare settings object.
    saved.scenario = Some(r#"{"weeks": 8, "day_minutes": 450}"#.into());
    let r = restore(&save(&saved).expect("saves")).expect("v0 restores");
    let loaded = r.scenario.expect("scenario kept");
    assert_eq!(loaded.from_version, 0);
    assert_eq!(loaded.scenario.settings.day_minutes, 450.0);
}

#[test]
fn older_envelope_missing_optional_fields_takes_defaults() {
    let r = restore(r#"{"version": 1, "preset": "rural", "seed": 7}"#).expect("restores");
    assert_eq!(r.link, Link::new(Preset::Rural, 7));
    assert_eq!(r.hidden, [false; 5]);
    assert_eq!(r.lang, None);
    assert_eq!(r.view, "compare");
    assert_eq!(r.scenario, None);
}

#[test]
fn unknown_preferences_fall_back_instead_of_failing() {
    let mut saved = Saved::from_link(&Link::new(Preset::County, 1));
    saved.lang = "fr".into();
    saved.view = "gantt".into();
    // Only one model shown: the comparison needs two, so none stays hidden.
    saved.hidden = [true, true, true, true, false];
    let r = restore(&save(&saved).expect("saves")).expect("restores");
    assert_eq!(r.lang, None);
    assert_eq!(r.view, "compare");
    assert_eq!(r.hidden, [false; 5]);
}

/// The envelope of `link` with `field` set to `value` (JSON).
fn with(field: &str, value: serde_json::Value) -> String {
    let mut v: serde_json::Value =
        serde_json::from_str(&envelope(&Link::new(Preset::County, 1))).expect("json");
    v[field] = value;
    v.to_string()
}

fn out_of_range(e: KitError) -> Field {
    match e {
        KitError::OutOfRange { field, .. } => field,
        other => panic!("expected out of range, got {other:?}"),
    }
}

#[test]
fn restore_refuses_bad_envelopes_naming_the_field() {
    for text in ["", "not json", "[1,2]", "{\"version\": 1"] {
        assert!(
            matches!(restore(text), Err(KitError::BadEnvelope(_))),
            "{text:?}"
        );
    }
    assert_eq!(
        restore(&with("version", 2.into())),
        Err(KitError::NewerVersion {
            found: 2,
            supported: SAVED_VERSION
        })
    );
    assert_eq!(
        restore(r#"{"preset": "county", "seed": 1}"#),
        Err(KitError::Missing(Field::Version))
    );
    assert!(matches!(
        restore(&with("preset", "moon".into())),
        Err(KitError::UnknownPreset { .. })
    ));
    let cases: [(&str, serde_json::Value, Field); 8] = [
        ("weeks", 0.into(), Field::Weeks),
        ("weeks", 53.into(), Field::Weeks),
        ("replications", 0.into(), Field::Replications),
        (
            "replications",
            (MAX_REPLICATIONS + 1).into(),
            Field::Replications,
        ),
        ("headcount", 0.into(), Field::Headcount),
        ("headcount", (MAX_HEADCOUNT + 1).into(), Field::Headcount),
        ("customers", (MIN_CUSTOMERS - 1).into(), Field::Customers),
        (
            "customers",
            (MAX_PRESET_CUSTOMERS + 1).into(),
            Field::Customers,
        ),
    ];
    for (field, value, want) in cases {
        let e = restore(&with(field, value.clone())).expect_err("out of range");
        assert_eq!(e.field(), Some(want), "{field} = {value}");
        assert_eq!(out_of_range(e), want);
    }
    let mut bad = Preset::County.settings();
    bad.day_minutes = 0.0;
    let e = restore(&with("settings", serde_json::to_value(&bad).expect("json")))
        .expect_err("invalid settings");
    assert!(matches!(e, KitError::InvalidSettings(_)), "{e:?}");
    bad = Preset::County.settings();
    bad.classes.clear();
    assert!(matches!(
        restore(&with("settings", serde_json::to_value(&bad).expect("json"))),
        Err(KitError::InvalidSettings(_))
    ));
    for scenario in ["not a scenario", r#"{"version": 99}"#, "[]"] {
        let e = restore(&with("scenario", scenario.into())).expect_err("bad scenario");
        assert!(matches!(e, KitError::BadScenario(_)), "{e:?}");
        assert_eq!(e.field(), Some(Field::Scenario));
    }
}

#[test]
fn settings_are_checked_against_the_imported_scenario() {
    // Four classes in the scenario's customers, one class in the saved settings: customers
    // would fall outside the classes, as an import with those settings would report.
    let sc = small_scenario();
    assert!(
        sc.customers.iter().any(|c| c.class > 0),
        "a class beyond the first"
    );
    let mut saved = Saved::from_link(&Link::new(Preset::County, 1));
    saved
        .set_scenario(&sc, &DeriveRules::default())
        .expect("json");
    let mut s = sc.settings.clone();
    s.classes.truncate(1);
    saved.settings = Some(s);
    let e = restore(&save(&saved).expect("saves")).expect_err("classes");
    assert!(matches!(e, KitError::InvalidSettings(_)), "{e:?}");
}

#[test]
fn fragment_omits_defaults_and_reads_back() {
    let link = Link {
        settings: None,
        ..busy_link()
    };
    assert_eq!(to_fragment(&link), "p=county&s=42&w=8&r=3&h=19&n=3000");
    assert_eq!(to_fragment(&Link::new(Preset::City, 7)), "p=city&s=7");
    assert_eq!(
        from_fragment("#p=county&s=42&w=8&r=3&h=19&n=3000"),
        Ok(link)
    );
    // Order and a trailing `&` do not matter.
    assert_eq!(from_fragment("s=7&p=city&"), Ok(Link::new(Preset::City, 7)));
}

#[test]
fn unchanged_settings_leave_no_settings_field() {
    for preset in Preset::ALL {
        let link = Link {
            settings: Some(preset.settings()),
            ..Link::new(preset, 3)
        };
        let f = to_fragment(&link);
        assert!(!f.contains("x="), "{f}");
        // The same run: the preset's own settings come back as `None`.
        assert_eq!(from_fragment(&f), Ok(Link::new(preset, 3)));
    }
}

#[test]
fn one_changed_setting_gives_a_short_link() {
    let mut s = Preset::Rural.settings();
    s.day_minutes = 450.0;
    let link = Link {
        settings: Some(s),
        ..Link::new(Preset::Rural, 42)
    };
    let f = to_fragment(&link);
    assert_eq!(f, "p=rural&s=42&x=%7B%22day_minutes%22%3A450.0%7D");
    assert!(f.len() < 200, "{} chars: {f}", f.len());
    assert_eq!(from_fragment(&f), Ok(link));
    // The service minutes changed: only that rule's minutes travel, by the rule's index, not
    // the whole list of rules.
    let mut s = Preset::County.settings();
    s.functions[0].minutes[0] = 30.0;
    let minutes = Link {
        settings: Some(s),
        ..Link::new(Preset::County, 42)
    };
    let f = to_fragment(&minutes);
    assert!(f.len() < 200, "{} chars: {f}", f.len());
    assert!(
        f.contains("%22functions%22%3A%7B%220%22%3A%7B%22minutes%22"),
        "{f}"
    );
    assert_eq!(from_fragment(&f), Ok(minutes));
    let busy = busy_link();
    let f = to_fragment(&busy);
    assert_eq!(from_fragment(&f), Ok(busy));
}

#[test]
fn bad_fragments_name_the_field() {
    let cases: [(&str, Field); 12] = [
        ("s=1", Field::Preset),
        ("p=county", Field::Seed),
        ("p=moon&s=1", Field::Preset),
        ("p=county&s=x", Field::Seed),
        ("p=county&s=-1", Field::Seed),
        ("p=county&s=18446744073709551616", Field::Seed),
        ("p=county&s=1&w=0", Field::Weeks),
        ("p=county&s=1&w=4&w=5", Field::Weeks),
        ("p=county&s=1&r=101", Field::Replications),
        ("p=county&s=1&h=99999999999999999999", Field::Headcount),
        ("p=county&s=1&n=%ZZ", Field::Customers),
        (
            "p=county&s=1&x=%7B%22day_minutes%22%3A0%7D",
            Field::Settings,
        ),
    ];
    for (f, field) in cases {
        let e = from_fragment(f).expect_err(f);
        assert_eq!(e.field(), Some(field), "{f}: {e:?}");
    }
    assert_eq!(
        from_fragment("p=county&s=1&q=2"),
        Err(KitError::UnknownField("q".into()))
    );
    // Settings the program does not know, or of the wrong type, are refused, not dropped.
    for x in [
        r#"{"day_minutess":1}"#,
        r#"{"day_minutes":"long"}"#,
        "[1]",
        "{",
    ] {
        let f = format!("p=county&s=1&x={}", x.replace('"', "%22"));
        assert!(
            matches!(from_fragment(&f), Err(KitError::InvalidSettings(_))),
            "{f}"
        );
    }
}

#[test]
fn link_and_envelope_share_their_checks() {
    let mut link = Link::new(Preset::County, 1);
    link.weeks = 60;
    let e = from_fragment(&to_fragment(&link)).expect_err("weeks");
    assert_eq!(restore(&envelope(&link)), Err(e));
    let mut s = Preset::County.settings();
    s.days_per_week = 9;
    let link = Link {
        settings: Some(s),
        ..Link::new(Preset::County, 1)
    };
    let e = from_fragment(&to_fragment(&link)).expect_err("days");
    assert!(matches!(e, KitError::InvalidSettings(_)));
    assert_eq!(restore(&envelope(&link)), Err(e));
}

#[test]
fn every_error_has_its_text_in_both_languages() {
    let errors = [
        restore("x").expect_err("json"),
        restore(&with("version", 9.into())).expect_err("newer"),
        from_fragment("s=1").expect_err("missing"),
        from_fragment("p=county&p=city&s=1").expect_err("twice"),
        from_fragment("p=county&s=1&zz=1").expect_err("unknown"),
        from_fragment("p=county&s=one").expect_err("number"),
        from_fragment("p=county&s=1&x=%").expect_err("encoding"),
        from_fragment("p=moon&s=1").expect_err("preset"),
        from_fragment("p=county&s=1&w=99").expect_err("range"),
        from_fragment("p=county&s=1&x=%7B%22weeks%22%3A0%2C%22classes%22%3A%5B%5D%7D")
            .expect_err("settings"),
        restore(&with("scenario", "{".into())).expect_err("scenario"),
    ];
    let en = i18n::keys(Lang::En);
    for e in &errors {
        assert!(en.contains(&e.key()), "{} missing", e.key());
        for lang in Lang::ALL {
            let text = i18n::tf(lang, e.key(), &e.args());
            assert!(!text.contains('{'), "{lang:?} {}: {text}", e.key());
        }
        if let Some(f) = e.field() {
            assert!(en.contains(&f.key()), "{} missing", f.key());
        }
    }
}

/// A link whose settings are the preset's with some numbers and switches changed (the kind of
/// change the page's controls make), staying valid.
fn arb_link() -> impl Strategy<Value = Link> {
    let preset = prop::sample::select(Preset::ALL.to_vec());
    let changes = (
        prop::option::of(60.0..720.0f64),
        prop::option::of(1.0..2.0f64),
        prop::option::of(prop::collection::vec(0.5..60.0f64, 1..6)),
        prop::option::of(any::<bool>()),
        prop::option::of(0.0..0.3f64),
        prop::option::of(1u32..=8),
    );
    (
        preset,
        any::<u64>(),
        1u32..=52,
        1u32..=MAX_REPLICATIONS,
        prop::option::of(1usize..=MAX_HEADCOUNT),
        prop::option::of(MIN_CUSTOMERS..=1150),
        prop::option::of(changes),
    )
        .prop_map(
            |(preset, seed, weeks, replications, headcount, customers, changes)| {
                let settings = changes.map(|(day, road, minutes, team, absence, cycle)| {
                    let mut s: Settings = preset.settings();
                    if let Some(x) = day {
                        s.day_minutes = x;
                    }
                    if let Some(x) = road {
                        s.road_factor = x;
                    }
                    if let Some(x) = minutes {
                        s.functions[1].minutes = x;
                    }
                    if let Some(x) = team {
                        s.modes.team_visits = x;
                    }
                    if let Some(x) = absence {
                        s.disturbances.absence_rate = x;
                    }
                    if let Some(x) = cycle {
                        s.functions[0].cycle_weeks[3] = x;
                    }
                    s
                });
                Link {
                    preset,
                    seed,
                    weeks,
                    replications,
                    // Settings equal to the preset's are written as none at all (the same run).
                    settings: settings.filter(|s| *s != preset.settings()),
                    headcount,
                    customers,
                    locks: Vec::new(),
                }
            },
        )
}

/// Mutations of a text: replace, insert or delete characters, or cut it short.
fn mutate(text: &str, edits: &[(usize, u8, char)]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for &(at, op, c) in edits {
        if chars.is_empty() {
            chars.push(c);
            continue;
        }
        let i = at % chars.len();
        match op % 4 {
            0 => chars[i] = c,
            1 => chars.insert(i, c),
            2 => {
                chars.remove(i);
            }
            _ => chars.truncate(i),
        }
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn link_round_trips_exactly(link in arb_link()) {
        let f = to_fragment(&link);
        prop_assert_eq!(from_fragment(&f), Ok(link.clone()), "{}", f);
        prop_assert_eq!(from_fragment(&format!("#{f}")), Ok(link.clone()));
        // And the envelope of the same run.
        prop_assert_eq!(restore(&envelope(&link)).map(|r| r.link), Ok(link));
    }

    #[test]
    fn from_fragment_never_panics(s in any::<String>()) {
        let _ = from_fragment(&s);
    }

    #[test]
    fn from_fragment_never_panics_on_near_links(
        s in "[pswrhnxq=&#%0-9A-Fa-f{}\":,._~-]{0,80}"
    ) {
        let _ = from_fragment(&s);
    }

    #[test]
    fn restore_never_panics(s in any::<String>()) {
        let _ = restore(&s);
    }

    #[test]
    fn restore_never_panics_on_mutated_envelopes(
        link in arb_link(),
        edits in prop::collection::vec((any::<usize>(), any::<u8>(), any::<char>()), 1..6),
    ) {
        let text = mutate(&envelope(&link), &edits);
        let _ = restore(&text);
    }

    #[test]
    fn restore_never_panics_on_wrong_field_values(
        field in prop::sample::select(vec![
            "version", "preset", "seed", "weeks", "replications", "settings", "headcount",
            "customers", "hidden", "lang", "view", "scenario",
        ]),
        value in prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            any::<u64>().prop_map(serde_json::Value::from),
            any::<f64>().prop_map(serde_json::Value::from),
            any::<String>().prop_map(serde_json::Value::from),
            Just(serde_json::json!([true, false])),
            Just(serde_json::json!({"weeks": -1})),
        ],
    ) {
        let _ = restore(&with(field, value));
    }
}

// --- CSV exports ---

#[test]
fn assignments_csv_neutralises_formula_names() {
    let mut sc = small_scenario();
    sc.customers_mut()[0].name = "=HYPERLINK(\"x\")".into();
    sc.customers_mut()[1].name = "+cmd".into();
    let work = workload::generalist(&sc);
    let a = models::by_id("region")
        .expect("model")
        .assign(&sc, &work)
        .expect("assigns");
    let text = assignments_csv(&sc, &a);
    let body = text.strip_prefix(BOM).expect("BOM first");
    let mut r = csv::ReaderBuilder::new().from_reader(body.as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("row")).collect();
    assert_eq!(rows.len(), sc.customers.len());
    assert_eq!(&rows[0][1], "'=HYPERLINK(\"x\")");
    assert_eq!(&rows[1][1], "'+cmd");
}

#[test]
fn metrics_csv_has_a_row_per_model_and_the_contract_columns() {
    let full = Metrics {
        coverage_rate: Some(0.975),
        travel_km_per_visit: Some(1.0 / 3.0),
        headcount: Some(19.0),
        ..Metrics::default()
    };
    let empty = Metrics::default();
    let rows = [(ModelId::Region, &full), (ModelId::Hybrid, &empty)];
    let text = metrics_csv(&rows);
    let body = text.strip_prefix(BOM).expect("BOM first");
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body.as_bytes());
    let lines: Vec<csv::StringRecord> = r.records().map(|x| x.expect("row")).collect();
    assert_eq!(lines.len(), 1 + rows.len());
    let head: Vec<&str> = lines[0].iter().collect();
    assert_eq!(head[0], "model");
    assert_eq!(head[1..], Metrics::names());
    // The contract's table, in its order.
    let contract = [
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
    assert_eq!(head[1..], contract);
    let col = |name: &str| head.iter().position(|h| *h == name).expect("column");
    assert_eq!(&lines[1][0], "region");
    assert_eq!(lines[1][col("coverage_rate")].parse::<f64>(), Ok(0.975));
    assert_eq!(
        lines[1][col("travel_km_per_visit")].parse::<f64>(),
        Ok(1.0 / 3.0),
        "full precision"
    );
    assert_eq!(&lines[1][col("workload_cv")], "", "absent is empty");
    assert_eq!(&lines[2][0], "hybrid");
    assert!(lines[2].iter().skip(1).all(str::is_empty));
}
