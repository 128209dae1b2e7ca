//! The assumptions table is the one place a setting is described: a row added to it (here one
//! of the test's own, with its two translations) appears in the assumptions panel, in the
//! what-if panel when flagged, in validation and in `find`/`set` (what `--set ID=VALUE` and
//! `--config` use). And for every setting of every preset, what `get` reads `set` writes back,
//! and values out of range are refused.

use proptest::prelude::*;
use visit_sandbox::app::panels::{assumptions_panel, missing_texts, what_if_panel, Label};
use visit_sandbox::core::assumptions::{
    self, all_in, count, find_in, set_in, validate_in, Input, Part, Parts, Row, Section,
    SettingError, Source, WhatIf, WhatIfLabel, ROWS,
};
use visit_sandbox::core::generate::Preset;
use visit_sandbox::core::settings::Settings;
use visit_sandbox::i18n::{t, Lang};

const NAME: &str = "learn.assume.test_only_overtime_days";
const BASIS: &str = "learn.assume.basis.test_only_overtime_days";

/// The test's texts, in both languages, over the translation files.
fn texts(lang: Lang, key: &str) -> Option<&'static str> {
    match (lang, key) {
        (Lang::ZhCn, NAME) => Some("每周加班天数"),
        (Lang::En, NAME) => Some("Overtime days a week"),
        (Lang::ZhCn, BASIS) => Some("测试用的设置。"),
        (Lang::En, BASIS) => Some("A setting of this test."),
        _ => None,
    }
}

/// A new setting: the week's days as a count 1..=6, shown in the what-if panel's team fieldset.
/// It reads and writes a field the table does not otherwise edit (the horizon in weeks) so the
/// test can see it land.
fn new_row() -> Row {
    Row {
        id: "test_weeks",
        key: "test-weeks",
        group: "learn.assume.group.day",
        name: NAME,
        unit: Some("learn.assume.unit.weeks"),
        source: Source::Estimate,
        basis: BASIS,
        parts: Parts::Whole,
        input: |_, _| count(1.0, 6.0),
        get: |s, _| f64::from(s.weeks),
        set: |s, _, x| s.weeks = x.round() as u32,
        what_if: Some(WhatIf {
            section: Section::Team,
            element: |_| "test-weeks".into(),
            label: WhatIfLabel::Key(NAME),
            refusal: None,
            limit: usize::MAX,
        }),
    }
}

fn table() -> Vec<Row> {
    // After the three rows of the working day, where a reader of the panel looks for it.
    let mut rows = ROWS.to_vec();
    rows.insert(3, new_row());
    rows
}

#[test]
fn a_new_row_is_in_both_panels_in_validation_and_in_set() {
    let rows = table();
    let s = Settings::default();

    // Its two texts are all it needs: without them the panels would name missing keys.
    let with = missing_texts(&rows, &s, &|l, k| texts(l, k).is_some() || t(l, k) != k);
    assert!(with.is_empty(), "{with:?}");
    let without = missing_texts(&rows, &s, &|l, k| t(l, k) != k);
    assert_eq!(
        without,
        vec![
            (Lang::ZhCn, BASIS),
            (Lang::ZhCn, NAME),
            (Lang::En, BASIS),
            (Lang::En, NAME)
        ]
    );
    let lookup = |l: Lang, k: &str| {
        texts(l, k)
            .map(String::from)
            .unwrap_or_else(|| t(l, k).into())
    };

    // The assumptions panel: in its group, one field, id `assume-test-weeks`.
    let groups = assumptions_panel(&rows, &s);
    let day = groups
        .iter()
        .find(|g| g.key == "learn.assume.group.day")
        .expect("day group");
    let row = day
        .rows
        .iter()
        .find(|r| r.row.id == "test_weeks")
        .expect("row in the assumptions panel");
    assert_eq!(row.fields.len(), 1);
    let f = &row.fields[0];
    assert_eq!(f.element, "assume-test-weeks");
    assert_eq!(f.value, f64::from(s.weeks));
    assert_eq!(
        f.input,
        Input::Number {
            lo: 1.0,
            hi: 6.0,
            step: 1.0,
            integer: true
        }
    );
    assert_eq!(lookup(Lang::En, row.row.name), "Overtime days a week");
    assert_eq!(lookup(Lang::ZhCn, row.row.name), "每周加班天数");

    // The what-if panel: in the team fieldset.
    let team = what_if_panel(&rows, &s)
        .into_iter()
        .find(|g| g.section == Section::Team)
        .expect("team fieldset");
    let f = team
        .fields
        .iter()
        .find(|f| f.id == "test-weeks")
        .expect("field in the what-if panel");
    assert_eq!(f.element, "test-weeks");
    assert_eq!(f.label, Some(Label::Key(NAME)));
    assert_eq!(
        f.label.map(|l| l.text_with(Lang::En, &s, &lookup)),
        Some("Overtime days a week".to_string())
    );
    // Without the row, neither panel has it.
    assert!(what_if_panel(ROWS, &s)
        .iter()
        .flat_map(|g| &g.fields)
        .all(|f| f.element != "test-weeks"));

    // find / set: what `--set test-weeks=3` and a `--config` check go through.
    assert!(find_in(&rows, &s, "test-weeks").is_some());
    assert!(find_in(ROWS, &s, "test-weeks").is_none());
    assert!(all_in(&rows, &s).iter().any(|x| x.id() == "test-weeks"));
    let next = set_in(&rows, &s, "test-weeks", "3").expect("in range");
    assert_eq!(next.weeks, 3);
    assert!(matches!(
        set_in(&rows, &s, "test-weeks", "9"),
        Err(SettingError::OutOfRange { ref id, .. }) if id == "test-weeks"
    ));
    assert!(matches!(
        set_in(ROWS, &s, "test-weeks", "3"),
        Err(SettingError::Unknown { .. })
    ));

    // validate: the same settings pass the table alone and fail with the new row, naming it.
    let mut long = s.clone();
    long.weeks = 12;
    assert_eq!(validate_in(ROWS, &long), Ok(()));
    let e = validate_in(&rows, &long).expect_err("12 weeks is out of range");
    assert_eq!(e.id(), "test-weeks");
    assert_eq!(e.key(), "error.setting.out_of_range");
}

#[test]
fn every_preset_passes_validation() {
    for p in Preset::ALL {
        assert_eq!(assumptions::validate(&p.settings()), Ok(()), "{}", p.id());
    }
}

/// The text `set` reads for a value `get` gives.
fn text_of(input: Input, x: f64) -> String {
    match input {
        Input::Number { .. } => x.to_string(),
        Input::Flag => if x != 0.0 { "on" } else { "off" }.to_string(),
        Input::Choice(o) => o[x as usize].0.to_string(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// For every setting of every preset: `set(id, get)` leaves the settings as they were, a
    /// value drawn in range is written and read back, and one beyond the range is refused with
    /// the setting's id.
    #[test]
    fn set_of_get_round_trips_and_out_of_range_is_refused(
        preset in 0..Preset::ALL.len(),
        u in 0.0f64..=1.0,
        beyond in 0.001f64..1000.0,
    ) {
        let s = Preset::ALL[preset].settings();
        for x in assumptions::all(&s) {
            let id = x.id();
            let input = x.input(&s);
            let now = x.get(&s);
            let same = assumptions::set(&s, &id, &text_of(input, now)).expect("own value");
            prop_assert_eq!(x.get(&same), now, "{}", id);
            prop_assert!(assumptions::find(&s, &id).is_some());
            match input {
                Input::Number { lo, hi, step, .. } => {
                    // On the field's step grid (clock hours are kept in whole minutes).
                    let v = (lo + (u * (hi - lo) / step).round() * step).clamp(lo, hi);
                    let next = assumptions::set(&s, &id, &v.to_string()).expect("in range");
                    prop_assert!((x.get(&next) - v).abs() < 1e-6, "{}: {} read back as {}", id, v, x.get(&next));
                    prop_assert_eq!(assumptions::validate(&next), Ok(()));
                    for bad in [lo - beyond, hi + beyond] {
                        let e = assumptions::set(&s, &id, &bad.to_string()).expect_err("out of range");
                        prop_assert!(matches!(e, SettingError::OutOfRange { .. }), "{}: {:?}", id, e);
                        prop_assert_eq!(e.id(), id.as_str());
                    }
                }
                Input::Flag => {
                    let flipped = text_of(input, 1.0 - now);
                    let next = assumptions::set(&s, &id, &flipped).expect("a flag");
                    prop_assert_eq!(x.get(&next), 1.0 - now);
                    prop_assert!(assumptions::set(&s, &id, "2").is_err());
                }
                Input::Choice(o) => {
                    let k = ((u * o.len() as f64) as usize).min(o.len() - 1);
                    let next = assumptions::set(&s, &id, o[k].0).expect("an option");
                    prop_assert_eq!(x.get(&next), k as f64);
                    prop_assert!(assumptions::set(&s, &id, &o.len().to_string()).is_err());
                }
            }
        }
    }
}

/// How docs/contract.md names a setting: its id, or its row's key with the part as a
/// placeholder (`k` a class, `g` a pay grade, `i` a value dimension, `v` a value group, `c` a
/// reach criterion).
fn documented(x: &assumptions::Setting<'_>) -> String {
    let key = x.row.key;
    match x.part {
        Part::Class(_) => format!("{key}-k"),
        Part::Grade(_) => format!("{key}-g"),
        Part::Dimension(_) => format!("{key}-i"),
        Part::Group(_) => format!("{key}-v"),
        Part::Criterion(_) => format!("{key}-c"),
        Part::Whole | Part::Zone(_) | Part::Open | Part::Close => x.id(),
    }
}

/// Every setting id is part of the CLI's contract: docs/contract.md lists each (or its row with
/// the part as a placeholder) with the row's source.
#[test]
fn every_setting_id_is_in_the_contract_with_its_source() {
    let contract = include_str!("../docs/contract.md");
    let s = Settings::default();
    for x in assumptions::all(&s) {
        let name = format!("`{}`", documented(&x));
        let line = contract
            .lines()
            .find(|l| {
                l.starts_with("| `") && l.split('|').nth(1).is_some_and(|cell| cell.contains(&name))
            })
            .unwrap_or_else(|| panic!("{name} is not in docs/contract.md's settings table"));
        let source = match x.row.source {
            Source::Study => "study",
            Source::Domain => "table",
            Source::Estimate => "estimate",
        };
        assert_eq!(
            line.trim_end()
                .trim_end_matches('|')
                .rsplit('|')
                .next()
                .map(str::trim),
            Some(source),
            "{name}: {line}"
        );
    }
}
