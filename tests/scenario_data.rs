//! Scenario data: round trips (generate → export → import → compare), every import error class,
//! GBK and XLSX files, property tests on generated scenarios, and a no-panic fuzz target over
//! the importers.

use proptest::prelude::*;
use visit_sandbox::core::compare::{compare_with, Comparison, Options};

/// Every model with its calendar; the headcount search (several calendars per model) is
/// tested on its own.
fn compare(sc: &Scenario) -> Result<Comparison, visit_sandbox::core::error::CoreError> {
    let opt = Options {
        headcount_search: false,
        ..Options::default()
    };
    compare_with(sc, &opt)
}
use visit_sandbox::core::generate::{generate, Preset};
use visit_sandbox::core::io::{
    self, columns, import_customers, import_managers, DeriveRules, ImportErrorKind, ImportErrors,
    Source, MAX_CUSTOMERS,
};
use visit_sandbox::core::scenario::{GeoOrigin, Industry, Scenario, Zone};
use visit_sandbox::core::settings::Settings;
use visit_sandbox::i18n::{keys, tf, Lang};

// The CLI's modules, compiled into this test as they are into the binary (the flag reader
// first: the other two read their flags with it).
#[allow(dead_code)]
#[path = "../src/cli/args.rs"]
mod args;

#[allow(dead_code)]
#[path = "../src/cli/scenario_args.rs"]
mod scenario_args;

#[allow(dead_code)]
#[path = "../src/cli/generate.rs"]
mod generate_cli;

use scenario_args::{ScenarioArgs, ScenarioFiles};

const GBK_CSV: &[u8] = include_bytes!("data/customers-gbk.csv");
const XLSX: &[u8] = include_bytes!("data/customers.xlsx");
const TEMPLATE_CUSTOMERS: &[u8] = include_bytes!("../static/samples/customers-template.csv");
const TEMPLATE_MANAGERS: &[u8] = include_bytes!("../static/samples/managers-template.csv");

fn customers(bytes: &[u8]) -> Result<io::CustomerImport, ImportErrors> {
    import_customers(bytes, &Settings::default(), &DeriveRules::default(), None)
}

fn kinds(e: &ImportErrors) -> Vec<ImportErrorKind> {
    e.errors.iter().map(|e| e.kind.clone()).collect()
}

/// The scenario `generate` writes for `preset`, read back through the shared CLI parser.
fn round_trip(sc: &Scenario) -> Scenario {
    let files = generate_cli::files(sc).expect("export");
    let get = |n: &str| {
        files
            .iter()
            .find(|(f, _)| *f == n)
            .map(|(_, t)| t.as_bytes().to_vec())
    };
    let args = ScenarioArgs {
        customers: Some("customers.csv".into()),
        managers: Some("managers.csv".into()),
        config: Some("scenario.json".into()),
        ..Default::default()
    };
    args.build(&ScenarioFiles {
        customers: get("customers.csv"),
        managers: get("managers.csv"),
        config: get("scenario.json"),
        locks: None,
    })
    .expect("imports back")
}

// ---------------------------------------------------------------------------------------------
// Round trips

#[test]
fn generate_export_import_gives_the_identical_scenario_and_metrics() {
    for preset in [Preset::County, Preset::Urban, Preset::Rural] {
        let sc = generate(preset, 42).expect("generate");
        let back = round_trip(&sc);
        assert_eq!(
            back, sc,
            "{preset:?}: scenario differs after the round trip"
        );
        let a = compare(&sc).expect("compare");
        let b = compare(&back).expect("compare");
        assert_eq!(a, b, "{preset:?}: metrics differ after the round trip");
    }
}

#[test]
fn round_trip_with_geographic_origin_and_awkward_text() {
    let mut sc = generate(Preset::Urban, 7).expect("generate");
    sc.origin = Some(GeoOrigin {
        lat: 31.21,
        lon: 121.47,
    });
    sc.customers_mut()[0].name = "=HYPERLINK(\"http://x\")".into();
    sc.customers_mut()[1].name = "a, \"quoted\"\nname".into();
    sc.customers_mut()[2].id = "-42".into();
    sc.customers_mut()[3].current_manager = Some("@张三".into());
    sc.customers_mut()[4].derived.class = true;
    sc.customers_mut()[4].derived.value = true;
    let files = generate_cli::files(&sc).expect("export");
    for (_, text) in &files {
        for line in text.lines() {
            for cell in line.split(',') {
                let c = cell.trim_start_matches('"');
                assert!(
                    !c.starts_with(['=', '+', '@']) && !c.starts_with("-4"),
                    "unneutralised cell {cell}"
                );
            }
        }
    }
    let back = round_trip(&sc);
    assert_eq!(back, sc);
}

#[test]
fn scenario_json_round_trips_and_older_versions_load() {
    let sc = generate(Preset::Rural, 3).expect("generate");
    let text = io::to_json(&sc, &DeriveRules::default()).expect("json");
    let l = io::from_json(text.as_bytes()).expect("loads");
    assert_eq!(l.scenario, sc);
    assert!(l.has_customers && l.has_managers);
    // Version 1: no derived markers, no origin.
    let mut v: serde_json::Value = serde_json::from_str(&text).expect("json");
    v["version"] = 1.into();
    v.as_object_mut().expect("object").remove("import_rules");
    let l1 = io::from_json(v.to_string().as_bytes()).expect("v1 loads");
    assert_eq!(l1.from_version, 1);
    assert_eq!(l1.scenario, sc);
    // Version 0: a bare settings object.
    let l0 = io::from_json(br#"{"weeks": 8, "day_minutes": 450}"#).expect("v0 loads");
    assert_eq!(l0.from_version, 0);
    assert_eq!(l0.scenario.settings.weeks, 8);
    assert_eq!(l0.scenario.settings.day_minutes, 450.0);
    assert!(!l0.has_customers);
    // A newer version is refused with a clear error.
    let e = io::from_json(br#"{"version": 99}"#).expect_err("newer");
    assert_eq!(
        kinds(&e),
        vec![ImportErrorKind::NewerVersion {
            found: 99,
            supported: 2
        }]
    );
    assert!(matches!(
        kinds(&io::from_json(b"[1,2]").expect_err("not an object"))[0],
        ImportErrorKind::BadJson(_)
    ));
}

/// The scenario file is laid out by `io::json::pretty` over the compact text: the same bytes as
/// serde_json's pretty writer, whose second copy of every type's code the page does without.
#[test]
fn the_scenario_file_is_laid_out_as_serde_json_lays_it_out() {
    let mut sc = generate(Preset::County, 5).expect("generate");
    // Strings with what the layout must not touch inside them.
    sc.customers_mut()[0].name = "店 {a: [1, 2]}, \"quoted\" \\ back\\\"slash".into();
    let text = io::to_json(&sc, &DeriveRules::default()).expect("json");
    let want = serde_json::to_string_pretty(
        &serde_json::from_str::<serde_json::Value>(&text).expect("parse"),
    )
    .expect("pretty");
    // Key order aside (a `Value` sorts them), the same layout; and the exact bytes for a tree.
    assert_eq!(text.len(), want.len());
    assert!(text.contains("\"by_grade\": []"));
    let v: serde_json::Value = serde_json::from_str(&text).expect("parse");
    assert_eq!(
        io::json::pretty(&serde_json::to_string(&v).expect("compact")),
        serde_json::to_string_pretty(&v).expect("pretty")
    );
    assert_eq!(io::from_json(text.as_bytes()).expect("loads").scenario, sc);
}

fn json_tree() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1e12f64..1e12).prop_map(Value::from),
        "[a-z{}\\[\\]:,\"\\\\ 店\n\t]{0,8}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 40, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map("[a-z\"{:]{0,4}", inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn pretty_layout_equals_serde_jsons(v in json_tree()) {
        let compact = serde_json::to_string(&v).expect("compact");
        prop_assert_eq!(io::json::pretty(&compact), serde_json::to_string_pretty(&v).expect("pretty"));
        // The tree read back through the compact text is the tree.
        prop_assert_eq!(io::json::tree(&v).expect("tree"), v.clone());
    }
}

/// `from_tree` and `tree` give what `serde_json::from_value` and `to_value` give, errors worded
/// alike.
#[test]
fn trees_read_and_written_through_the_compact_text_equal_serde_jsons() {
    let s = Preset::City.settings();
    assert_eq!(
        io::json::tree(&s).expect("tree"),
        serde_json::to_value(&s).expect("value")
    );
    let v = serde_json::to_value(&s).expect("value");
    assert_eq!(io::json::from_tree::<Settings>(&v).expect("settings"), s);
    // Every field has a default: what fails is a wrong type or an unknown name.
    let with = |key: &str, x: serde_json::Value| {
        let mut w = v.clone();
        w[key] = x;
        w
    };
    for wrong in [
        with("day_minutes", "four".into()),
        with("segments", "nowhere".into()),
        with("modes", serde_json::json!({"staggering": 1})),
        with("functions", serde_json::json!([{"cycle_weeks": [1, 2]}])),
        serde_json::json!("settings"),
        serde_json::json!(null),
    ] {
        let theirs = serde_json::from_value::<Settings>(wrong.clone())
            .map(|_| ())
            .map_err(|e| e.to_string());
        let ours = io::json::from_tree::<Settings>(&wrong).map(|_| ());
        assert!(ours.is_err(), "{wrong}");
        assert_eq!(ours, theirs, "{wrong}: {ours:?} {theirs:?}");
    }
}

#[test]
fn config_flags_override_and_preset_with_config_keeps_people() {
    let sc = generate(Preset::County, 42).expect("generate");
    let mut config_sc = sc.clone();
    config_sc.settings.weeks = 8;
    let config = io::config_to_json(&config_sc, &DeriveRules::default()).expect("json");
    let args = ScenarioArgs {
        config: Some("c.json".into()),
        weeks: Some(2),
        ..Default::default()
    };
    let built = args
        .build(&ScenarioFiles {
            config: Some(config.into_bytes()),
            ..Default::default()
        })
        .expect("builds");
    assert_eq!(built.settings.weeks, 2, "the flag overrides the config");
    assert_eq!(built.managers, sc.managers);
    assert_eq!(built.source, "county");
    // The shared flags read next to a command's own.
    const CMD: args::Command = args::Command {
        name: "test",
        synopsis: "",
        about: "",
        positional: None,
        sections: &[
            ("", &[args::Flag::value("--model", "ID", "model")]),
            (scenario_args::HEADING, scenario_args::FLAGS),
        ],
        footer: "",
    };
    let read = |line: &[&str]| -> Result<(ScenarioArgs, Option<String>), String> {
        let line: Vec<String> = line.iter().map(|s| s.to_string()).collect();
        match CMD.parse(&line).map_err(|e| e.to_string())? {
            args::Parse::Run(p) => Ok((
                ScenarioArgs::read(&p).map_err(|e| e.to_string())?,
                p.text("--model").map(str::to_string),
            )),
            args::Parse::Help => Err("help".to_string()),
        }
    };
    let (a, model) =
        read(&["--preset", "urban", "--model", "region", "--seed", "5"]).expect("parses");
    assert_eq!(a.preset, Some(Preset::Urban));
    assert_eq!(a.seed, Some(5));
    assert_eq!(model.as_deref(), Some("region"));
    assert!(read(&["--weeks", "0"]).is_err());
    assert!(read(&["--preset", "county", "--customers", "x.csv"]).is_err());
}

// ---------------------------------------------------------------------------------------------
// Thin lists, encodings, XLSX

#[test]
fn thin_template_is_completed_by_the_rules_and_marked_derived() {
    let imp = customers(TEMPLATE_CUSTOMERS).expect("template imports");
    assert!(imp.origin.is_some(), "lat/lon lists keep their origin");
    let by_id = |id: &str| {
        imp.customers
            .iter()
            .find(|c| c.id == id)
            .expect("customer present")
    };
    let mall = by_id("C00003");
    assert_eq!(mall.industry, Industry::Mall);
    assert_eq!(mall.class, 0);
    assert!(mall.derived.class && mall.derived.zone && mall.derived.value);
    assert!(!mall.derived.grade, "the template has 档位");
    assert_eq!(by_id("C00001").class, 3, "食杂店 is 丁");
    let night = imp.customers.iter().filter(|c| c.night_shop).count();
    assert!(night >= 1, "the template's KTV is a night shop");
    for c in imp.customers.iter() {
        assert!(c.open_min < c.close_min);
        assert!(c.derived.hours);
    }
    // The whole template pair builds a scenario through the CLI parser.
    let args = ScenarioArgs {
        customers: Some("c.csv".into()),
        managers: Some("m.csv".into()),
        ..Default::default()
    };
    let sc = args
        .build(&ScenarioFiles {
            customers: Some(TEMPLATE_CUSTOMERS.to_vec()),
            managers: Some(TEMPLATE_MANAGERS.to_vec()),
            config: None,
            locks: None,
        })
        .expect("templates build");
    assert!(!sc.managers.is_empty() && !sc.departments.is_empty());
    compare(&sc).expect("compare runs on the templates");
}

#[test]
fn customer_list_without_managers_is_staffed_by_the_workload_method() {
    let args = ScenarioArgs {
        customers: Some("c.csv".into()),
        ..Default::default()
    };
    let sc = args
        .build(&ScenarioFiles {
            customers: Some(TEMPLATE_CUSTOMERS.to_vec()),
            ..Default::default()
        })
        .expect("builds");
    assert!(!sc.managers.is_empty());
    assert_eq!(sc.source, "imported");
}

#[test]
fn gbk_csv_from_chinese_excel_imports() {
    let imp = customers(GBK_CSV).expect("GBK imports");
    assert_eq!(
        imp.format,
        io::table::FileFormat::Csv(io::decode::TextEncoding::Gbk)
    );
    assert_eq!(imp.customers.len(), 4);
    assert_eq!(imp.customers[0].name, "城关食杂店");
    assert_eq!(imp.customers[1].current_manager.as_deref(), Some("李四"));
    assert_eq!(imp.customers[3].current_manager, None);
    assert_eq!(imp.customers[3].industry, Industry::TobaccoLiquor);
}

#[test]
fn xlsx_imports_shared_and_inline_strings() {
    let imp = customers(XLSX).expect("XLSX imports");
    assert_eq!(imp.format, io::table::FileFormat::Xlsx);
    let ids: Vec<&str> = imp.customers.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, vec!["X001", "X002", "X003 & Co"]);
    assert_eq!(imp.customers[0].monthly_sales, 88.25);
    assert_eq!(imp.customers[0].class, 0, "a 超市 of 档位 24 is large: 甲");
    assert_eq!(imp.customers[1].class, 1);
    assert!(imp.customers[1].night_shop);
    assert_eq!(imp.customers[2].name, "X003 & Co", "no name: the id");
}

// ---------------------------------------------------------------------------------------------
// Error classes

const HEAD: &str = "客户编码,客户名称,经度,纬度,业态,月销量,档位\n";

fn csv(rows: &str) -> Vec<u8> {
    format!("{HEAD}{rows}").into_bytes()
}

#[test]
fn error_empty_file() {
    assert_eq!(
        kinds(&customers(b"").expect_err("empty")),
        vec![ImportErrorKind::Empty]
    );
    assert_eq!(
        kinds(&customers(b"\xEF\xBB\xBF  \r\n").expect_err("blank")),
        vec![ImportErrorKind::Empty]
    );
}

#[test]
fn error_binary_garbage() {
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00";
    assert_eq!(
        kinds(&customers(png).expect_err("binary")),
        vec![ImportErrorKind::Binary]
    );
    let e = customers(b"PK\x03\x04not really a zip").expect_err("bad xlsx");
    assert!(matches!(e.errors[0].kind, ImportErrorKind::BadXlsx(_)));
    let e = customers(b"\xD0\xCF\x11\xE0\xA1\xB1\x1a\xE1").expect_err("xls");
    assert_eq!(kinds(&e), vec![ImportErrorKind::LegacyXls]);
}

#[test]
fn error_unknown_encoding() {
    // A lone GBK lead byte followed by a space: neither UTF-8 nor GBK.
    let mut b = HEAD.as_bytes().to_vec();
    b.extend_from_slice(b"C1,\x81 \xFF,117.0,36.6,\xB1\x20,1,1\n");
    assert_eq!(
        kinds(&customers(&b).expect_err("encoding")),
        vec![ImportErrorKind::UnknownEncoding]
    );
}

#[test]
fn error_missing_required_columns_are_all_named() {
    let e = customers("客户编码,名称\nC1,a\n".as_bytes()).expect_err("missing");
    let cols: Vec<String> = e.errors.iter().filter_map(|e| e.column.clone()).collect();
    assert_eq!(cols, vec!["业态", "月销量", "经度", "纬度"]);
    assert!(e
        .errors
        .iter()
        .all(|e| matches!(e.kind, ImportErrorKind::MissingColumn { .. })));
}

#[test]
fn error_duplicate_id_names_both_rows() {
    let e = customers(&csv(
        "C1,a,117.0,36.6,食杂店,1,5\nC2,b,117.0,36.6,食杂店,1,5\nC1,c,117.0,36.6,食杂店,1,5\n",
    ))
    .expect_err("duplicate");
    let x = &e.errors[0];
    assert_eq!(x.kind, ImportErrorKind::DuplicateId { first_row: 2 });
    assert_eq!((x.row, x.value.as_deref()), (Some(4), Some("C1")));
}

#[test]
fn error_coordinates_out_of_range_or_not_numbers() {
    let e = customers(&csv(
        "C1,a,181,36.6,食杂店,1,5\nC2,b,117.0,abc,食杂店,1,5\nC3,c,0,0,食杂店,1,5\n",
    ))
    .expect_err("coordinates");
    let got: Vec<(Option<usize>, Option<String>, bool)> = e
        .errors
        .iter()
        .map(|e| {
            (
                e.row,
                e.column.clone(),
                matches!(e.kind, ImportErrorKind::CoordinateOutOfRange { .. }),
            )
        })
        .collect();
    assert_eq!(got[0], (Some(2), Some("经度".into()), true));
    assert_eq!(got[1], (Some(3), Some("纬度".into()), false));
    assert_eq!(e.errors[1].kind, ImportErrorKind::NotANumber);
    assert_eq!(e.errors.len(), 4, "(0, 0) is two errors: {e}");
    // Swapped columns put a point thousands of km away.
    let e = customers(&csv(
        "C1,a,117.0,36.6,食杂店,1,5\nC2,b,117.1,36.6,食杂店,1,5\nC3,c,36.6,117.0,食杂店,1,5\n",
    ));
    // 117 is not a latitude: out of range.
    assert!(e.is_err());
    let e = customers(&csv(
        "C1,a,117.0,36.6,食杂店,1,5\nC2,b,117.1,36.6,食杂店,1,5\nC3,c,80.0,36.6,食杂店,1,5\n",
    ))
    .expect_err("far away");
    assert!(matches!(
        e.errors[0].kind,
        ImportErrorKind::CoordinateFarAway { .. }
    ));
    assert_eq!(e.errors[0].row, Some(4));
}

#[test]
fn error_unknown_format() {
    let e = customers(&csv("C1,a,117.0,36.6,宇宙飞船,1,5\n")).expect_err("format");
    assert!(matches!(
        e.errors[0].kind,
        ImportErrorKind::UnknownFormat { .. }
    ));
    assert_eq!(e.errors[0].value.as_deref(), Some("宇宙飞船"));
}

#[test]
fn error_negative_sales() {
    let e = customers(&csv("C1,a,117.0,36.6,食杂店,-3,5\n")).expect_err("negative");
    assert_eq!(kinds(&e), vec![ImportErrorKind::NegativeSales]);
    assert_eq!(e.errors[0].column.as_deref(), Some("月销量"));
}

#[test]
fn error_more_rows_than_the_limit() {
    let mut s = String::from(HEAD);
    for i in 0..=MAX_CUSTOMERS {
        s.push_str(&format!("C{i},a,117.0,36.6,食杂店,1,5\n"));
    }
    let e = customers(s.as_bytes()).expect_err("too many");
    assert_eq!(
        kinds(&e),
        vec![ImportErrorKind::TooManyRows {
            limit: MAX_CUSTOMERS
        }]
    );
}

#[test]
fn error_manager_list_with_no_one_in_it() {
    let e = import_managers(
        "客户经理编码,姓名,部门\n".as_bytes(),
        &Settings::default(),
        &[],
        None,
    )
    .expect_err("empty list");
    assert_eq!(kinds(&e), vec![ImportErrorKind::NoManagers]);
    let e = customers(HEAD.as_bytes()).expect_err("no customers");
    assert_eq!(kinds(&e), vec![ImportErrorKind::NoCustomers]);
}

#[test]
fn every_bad_row_is_reported_capped_with_a_count_and_nothing_changes() {
    let mut rows = String::new();
    for i in 0..120 {
        rows.push_str(&format!("C{i},a,117.0,36.6,食杂店,oops,5\n"));
    }
    let e = customers(&csv(&rows)).expect_err("bad rows");
    assert_eq!(e.errors.len(), io::error::MAX_REPORTED);
    assert_eq!(e.more, 120 - io::error::MAX_REPORTED);
    assert_eq!(e.errors[7].row, Some(9));
    // A failed import of one list leaves the scenario as it was (the call returns nothing else).
    let base = generate(Preset::Urban, 1).expect("generate");
    let before = base.clone();
    let r = io::import_scenario(
        base.clone(),
        &DeriveRules::default(),
        Some(&csv(&rows)),
        None,
    );
    assert!(r.is_err());
    assert_eq!(base, before);
}

#[test]
fn errors_have_translations_and_english_text() {
    let e = customers(&csv("C1,a,117.0,36.6,食杂店,-3,5\n")).expect_err("negative");
    let x = &e.errors[0];
    for lang in Lang::ALL {
        let msg = tf(lang, x.kind.key(), &x.args());
        assert!(
            !msg.contains('{') && msg.contains('2') && msg.contains("-3"),
            "{msg}"
        );
    }
    let s = e.to_string();
    assert!(
        s.contains("row 2") && s.contains("月销量") && s.contains("negative"),
        "{s}"
    );
    // Every column of the dictionary has a name in both languages.
    let all = keys(Lang::En);
    for d in columns::CUSTOMER_COLUMNS
        .iter()
        .chain(columns::MANAGER_COLUMNS)
    {
        let k = format!("import.column.{}", d.id);
        assert!(all.contains(&k.as_str()), "missing {k}");
    }
    let _ = Source::Managers.key();
}

// ---------------------------------------------------------------------------------------------
// Properties

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn every_generated_scenario_is_valid(seed in any::<u64>(), p in 0usize..3) {
        let preset = [Preset::County, Preset::Urban, Preset::Rural][p];
        let sc = generate(preset, seed).expect("generate");
        let problems = io::validate::problems(&sc);
        prop_assert!(problems.is_empty(), "{:?}", problems);
        prop_assert!(!sc.managers.is_empty());
        for c in sc.customers.iter() {
            prop_assert!(c.derived.is_none());
        }
    }
}

/// Feeds bytes to every importer; none may panic (errors are fine).
fn feed(bytes: &[u8]) {
    let s = Settings::default();
    let r = DeriveRules::default();
    let _ = import_customers(bytes, &s, &r, None);
    let _ = import_managers(bytes, &s, &[], None);
    let _ = io::from_json(bytes);
    let _ = io::xlsx::read_first_sheet(bytes, 100);
}

/// Valid inputs to mutate (built once).
fn seeds() -> &'static [Vec<u8>] {
    static SEEDS: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    SEEDS.get_or_init(make_seeds)
}

/// Valid inputs to mutate: a CSV export, the GBK list, the XLSX file, a scenario JSON.
fn make_seeds() -> Vec<Vec<u8>> {
    let mut sc = generate(Preset::Urban, 5).expect("generate");
    sc.customers_mut().truncate(20);
    sc.managers.truncate(4);
    vec![
        io::customers_csv(&sc).into_bytes(),
        io::managers_csv(&sc).into_bytes(),
        io::config_to_json(&sc, &DeriveRules::default())
            .expect("json")
            .into_bytes(),
        GBK_CSV.to_vec(),
        XLSX.to_vec(),
        TEMPLATE_CUSTOMERS.to_vec(),
    ]
}

fn mutate(base: &[u8], edits: &[(usize, u8, u8)]) -> Vec<u8> {
    let mut b = base.to_vec();
    for &(at, byte, op) in edits {
        if b.is_empty() {
            b.push(byte);
            continue;
        }
        let i = at % b.len();
        match op % 4 {
            0 => b[i] = byte,
            1 => b.insert(i, byte),
            2 => {
                b.remove(i);
            }
            _ => b.truncate(i),
        }
    }
    b
}

fn fuzz_config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(fuzz_config(1500))]

    #[test]
    fn importers_never_panic_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        feed(&bytes);
    }

    #[test]
    fn importers_never_panic_on_mutated_valid_files(
        which in 0usize..6,
        edits in prop::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..8),
    ) {
        let s = seeds();
        feed(&mutate(&s[which], &edits));
    }
}

proptest! {
    #![proptest_config(fuzz_config(100_000))]

    /// The long run (`cargo test --test scenario_data -- --ignored`), for the fuzz volume.
    #[test]
    #[ignore]
    fn long_fuzz_mutated_files(
        which in 0usize..6,
        edits in prop::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..12),
    ) {
        feed(&mutate(&seeds()[which], &edits));
    }
}

#[test]
fn density_rule_recovers_generated_zones_mostly() {
    // The zone rule is an estimate; on a generated county it should agree with the truth for
    // most shops (urban core, towns, villages).
    let sc = generate(Preset::County, 42).expect("generate");
    let pts: Vec<_> = sc.customers.iter().map(|c| c.pos).collect();
    let z = DeriveRules::default().zones_by_density(&pts);
    let agree = sc
        .customers
        .iter()
        .zip(&z)
        .filter(|(c, z)| c.zone == **z)
        .count() as f64
        / sc.customers.len() as f64;
    assert!(agree > 0.7, "agreement {agree}");
    let urban = z.iter().filter(|z| **z == Zone::Urban).count();
    assert!(urban > 0);
}
