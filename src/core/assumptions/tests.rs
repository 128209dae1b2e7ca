use super::edit::{all, errors, find, set, validate};
use super::error::SettingError;
use super::practice::{SEGMENT_OPTIONS, SEGMENT_SCOPES};
use super::row::{Input, Setting};
use super::table::{ROWS, ZONE_MODEL_OPTIONS};
use crate::core::scenario::Zone;
use crate::core::settings::{Function, GradeBand, Reach, SegmentScope, Settings, ZoneModel};

fn setting(s: &Settings, id: &str) -> Setting<'static> {
    find(s, id).expect(id)
}

#[test]
fn ids_are_unique_and_every_default_is_accepted_as_it_is() {
    let s = Settings::default();
    let every = all(&s);
    let mut ids: Vec<String> = every.iter().map(|x| x.id()).collect();
    ids.sort();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate setting id");
    let mut rows: Vec<&str> = ROWS.iter().map(|a| a.id).collect();
    rows.sort_unstable();
    let n = rows.len();
    rows.dedup();
    assert_eq!(rows.len(), n, "duplicate row id");
    for x in every {
        let v = x.get(&s);
        assert!(x.accepts(&s, v), "{}: default {v} refused", x.id());
        let back = x.apply(&s, v).expect("accepted");
        assert!((x.get(&back) - v).abs() < 1e-9, "{}", x.id());
    }
    // The examples named in the brief of the panel.
    let ids: Vec<String> = all(&s).iter().map(|x| x.id()).collect();
    for id in [
        "day_minutes",
        "speed-urban",
        "minutes-service-0",
        "cycle-research-3",
    ] {
        assert!(ids.iter().any(|x| x == id), "{id}");
    }
}

#[test]
fn each_setting_writes_its_own_field_and_nothing_else() {
    let s = Settings::default();
    let every = all(&s);
    for x in &every {
        // A valid value other than the current one: an end of the range or the other
        // option/state.
        let now = x.get(&s);
        let other = match x.input(&s) {
            Input::Number { lo, hi, .. } => {
                if (now - hi).abs() > 1e-9 {
                    hi
                } else {
                    lo
                }
            }
            Input::Flag => 1.0 - now,
            Input::Choice(o) => ((now as usize + 1) % o.len()) as f64,
        };
        let next = x.apply(&s, other).expect("valid value accepted");
        assert!(
            (x.get(&next) - other).abs() < 1e-9,
            "{} not written",
            x.id()
        );
        assert_ne!(next, s, "{} changed nothing", x.id());
        for y in every.iter().filter(|y| *y != x) {
            assert_eq!(
                y.get(&next),
                y.get(&s),
                "{} also changed {}",
                x.id(),
                y.id()
            );
        }
    }
}

#[test]
fn out_of_range_fractional_and_non_numbers_are_refused() {
    let s = Settings::default();
    let speed = setting(&s, "speed-urban");
    assert!(speed.apply(&s, 0.5).is_none());
    assert!(speed.apply(&s, 121.0).is_none());
    let day = setting(&s, "day_minutes");
    assert!(day.apply(&s, f64::NAN).is_none());
    assert!(day.apply(&s, f64::INFINITY).is_none());
    assert!(setting(&s, "cycle-service-0").apply(&s, 2.5).is_none());
    assert!(setting(&s, "modes-team_visits").apply(&s, 0.5).is_none());
    assert!(setting(&s, "hybrid-urban").apply(&s, 6.0).is_none());
    // A shop never closes before it opens.
    assert!(setting(&s, "hours-day_open").apply(&s, 21.0).is_none());
    assert!(setting(&s, "hours-day_close").apply(&s, 8.0).is_none());
    let later = setting(&s, "hours-day_close")
        .apply(&s, 22.5)
        .expect("22:30");
    assert_eq!(later.hours.day_close, 22 * 60 + 30);
    // Percent in the panel, a share in the settings.
    let absent = setting(&s, "disturbances-absence_rate")
        .apply(&s, 10.0)
        .expect("10 %");
    assert!((absent.disturbances.absence_rate - 0.1).abs() < 1e-12);
}

#[test]
fn rules_shorter_than_the_classes_are_padded_not_indexed_past_the_end() {
    let mut s = Settings::default();
    s.functions.truncate(1);
    s.functions[0].minutes = vec![20.0];
    let next = setting(&s, "minutes-service-2")
        .apply(&s, 12.0)
        .expect("valid");
    assert_eq!(next.functions[0].minutes, vec![20.0, 20.0, 12.0]);
    let next = setting(&s, "cycle-research-1")
        .apply(&s, 2.0)
        .expect("valid");
    assert_eq!(next.functions.len(), 4);
    assert_eq!(next.cycle_weeks(Function::Research, 1), 2);
    assert_eq!(next.cycle_weeks(Function::Research, 0), 4);
}

#[test]
fn zone_model_options_follow_zone_model_order() {
    assert_eq!(ZONE_MODEL_OPTIONS.len(), ZoneModel::ALL.len());
    for (o, m) in ZONE_MODEL_OPTIONS.iter().zip(ZoneModel::ALL) {
        assert_eq!(o.0, m.id());
        assert_eq!(o.1, format!("zone_model.{}", m.id()));
    }
}

#[test]
fn set_parses_numbers_flags_and_choices_and_says_why_it_refuses() {
    let s = Settings::default();
    let next = set(&s, "speed-town", " 33 ").expect("a number in range");
    assert_eq!(next.speed_kmh.get(Zone::Town), 33.0);
    let next = set(&s, "modes-team_visits", "off").expect("a flag");
    assert!(!next.modes.team_visits);
    let next = set(&next, "modes-team_visits", "TRUE").expect("a flag");
    assert!(next.modes.team_visits);
    let next = set(&s, "hybrid-rural", "specialised").expect("a choice id");
    assert_eq!(next.hybrid.rural, ZoneModel::Specialised);
    let e = |id: &str, text: &str| set(&s, id, text).expect_err(text);
    assert!(matches!(
        e("speed-town", "0"),
        SettingError::OutOfRange { .. }
    ));
    assert!(matches!(
        e("speed-town", "fast"),
        SettingError::NotANumber { .. }
    ));
    assert!(matches!(
        e("speed-town", "inf"),
        SettingError::NotANumber { .. }
    ));
    assert!(matches!(
        e("cycle-service-0", "2.5"),
        SettingError::NotWhole { .. }
    ));
    assert!(matches!(
        e("modes-staggering", "maybe"),
        SettingError::NotAFlag { .. }
    ));
    assert!(matches!(
        e("hybrid-town", "fifth"),
        SettingError::UnknownChoice { .. }
    ));
    assert!(matches!(e("no_such", "1"), SettingError::Unknown { .. }));
    let err = e("speed-town", "0");
    assert_eq!(err.to_string(), "speed-town: 0 is outside 1..=120");
    assert_eq!(err.key(), "error.setting.out_of_range");
    assert_eq!(
        err.args(),
        vec![
            ("id", "speed-town".to_string()),
            ("value", "0".to_string()),
            ("lo", "1".to_string()),
            ("hi", "120".to_string())
        ]
    );
}

#[test]
fn validate_names_the_first_setting_out_of_range() {
    let mut s = Settings::default();
    assert_eq!(validate(&s), Ok(()));
    s.road_factor = 7.0;
    s.disturbances.absence_rate = 0.9;
    let e = validate(&s).expect_err("out of range");
    assert_eq!(e.id(), "road_factor");
    assert_eq!(errors(&s).len(), 2);
}

/// The settings of the work that follows practice, by id, with their defaults in the panel's
/// units (percent for the sample share, clock hours for the evening shift).
const PRACTICE: &[(&str, f64)] = &[
    ("lunch_minutes", 60.0),
    ("evening_start", 14.0),
    ("reach-every_shop", 0.0),
    ("reach-brand-top_classes", 2.0),
    ("reach-brand-core", 1.0),
    ("reach-brand-key", 0.0),
    ("reach-brand-growth", 1.0),
    ("reach-brand-sample_share", 0.0),
    ("reach-training-difficulty", 1.0),
    ("reach-training-low_grade", 1.0),
    ("reach-training-all", 0.0),
    ("reach-research-sample_share", 10.0),
    ("reach-research-volatile", 0.0),
    ("low_grade", 10.0),
    ("cycle_by_group-service-core", 1.0),
    ("cycle_by_group-service-key", 0.0),
    ("cycle_by_group-brand-night", 0.0),
    ("cycle_by_group-research-regular", 0.0),
    ("training_sessions-on", 1.0),
    ("training_sessions-minutes", 60.0),
    ("training_sessions-prep_minutes", 30.0),
    ("segments", 0.0),
];

#[test]
fn the_practice_settings_are_rows_with_their_defaults_and_round_trip() {
    let s = Settings::default();
    for &(id, default) in PRACTICE {
        let x = setting(&s, id);
        assert_eq!(x.get(&s), default, "{id}");
        let back = x.apply(&s, default).expect("the default is accepted");
        assert_eq!(back, s, "{id}: writing the default changed something");
    }
    // Each writes the field `need` and the calendar read, in the settings' own units.
    let next = set(&s, "reach-research-sample_share", "25").expect("25 %");
    assert!((next.reach.functions[3].sample_share - 0.25).abs() < 1e-12);
    let next = set(&s, "reach-brand-key", "on").expect("a flag");
    assert!(next.reach.functions[1].key);
    let next = set(&s, "reach-brand-top_classes", "1").expect("a count");
    assert_eq!(next.reach.functions[1].top_classes, 1);
    let next = set(&s, "reach-every_shop", "on").expect("a flag");
    assert!(next.reach.every_shop);
    let next = set(&s, "cycle_by_group-training-night", "2").expect("weeks");
    assert_eq!(next.cycle_overrides.by_group[2], [0, 0, 0, 2]);
    let next = set(&s, "cycle_by_group-service-core", "0").expect("0 = by class");
    assert_eq!(next.cycle_overrides.by_group[0], [0; 4]);
    let next = set(&s, "low_grade", "5").expect("a grade");
    assert_eq!(next.low_grade, 5);
    let next = set(&s, "evening_start", "15.5").expect("15:30");
    assert_eq!(next.evening_start, 15 * 60 + 30);
    let next = set(&s, "lunch_minutes", "45").expect("minutes");
    assert_eq!(next.lunch_minutes, 45.0);
    let next = set(&s, "training_sessions-on", "off").expect("a flag");
    assert!(!next.training_sessions.on);
    let next = set(&s, "training_sessions-minutes", "90").expect("minutes");
    assert_eq!(next.training_sessions.minutes, 90.0);
    let next = set(&s, "training_sessions-prep_minutes", "0").expect("minutes");
    assert_eq!(next.training_sessions.prep_minutes, 0.0);
    let next = set(&s, "segments", "company").expect("a choice");
    assert_eq!(next.segments, SegmentScope::Company);
}

#[test]
fn practice_values_out_of_range_are_refused_with_their_range_and_change_nothing() {
    let s = Settings::default();
    for (id, bad, lo, hi) in [
        ("reach-research-sample_share", "150", 0.0, 100.0),
        ("cycle_by_group-service-core", "9", 0.0, 8.0),
        ("low_grade", "0", 1.0, 30.0),
        ("low_grade", "31", 1.0, 30.0),
        ("reach-brand-top_classes", "5", 0.0, 4.0),
        ("lunch_minutes", "121", 0.0, 120.0),
        ("evening_start", "23", 8.0, 20.0),
        ("training_sessions-minutes", "0", 5.0, 240.0),
        ("training_sessions-prep_minutes", "-5", 0.0, 120.0),
    ] {
        let before = s.clone();
        let e = set(&s, id, bad).expect_err(id);
        assert_eq!(
            e,
            SettingError::OutOfRange {
                id: id.to_string(),
                value: bad.parse().expect("a number"),
                lo,
                hi
            },
            "{id}"
        );
        assert_eq!(e.to_string(), format!("{id}: {bad} is outside {lo}..={hi}"));
        // What the panels write through: nothing to write, the settings as they were.
        let x = setting(&s, id);
        assert!(
            x.apply(&s, bad.parse().expect("a number")).is_none(),
            "{id}"
        );
        assert_eq!(s, before);
    }
    assert!(matches!(
        set(&s, "reach-brand-core", "2"),
        Err(SettingError::NotAFlag { .. })
    ));
    assert!(matches!(
        set(&s, "cycle_by_group-brand-key", "1.5"),
        Err(SettingError::NotWhole { .. })
    ));
    assert!(matches!(
        set(&s, "segments", "region"),
        Err(SettingError::UnknownChoice { ref accepted, .. }) if accepted == "department, company"
    ));
    // Service reaches every customer whatever its entry says: it has no reach row.
    assert!(find(&s, "reach-service-core").is_none());
}

#[test]
fn reach_and_overrides_missing_from_a_file_read_as_need_reads_them_and_are_padded() {
    let mut s = Settings::default();
    s.reach.functions.truncate(1);
    s.cycle_overrides.by_group.clear();
    assert_eq!(setting(&s, "reach-brand-core").get(&s), 0.0);
    assert_eq!(setting(&s, "cycle_by_group-service-core").get(&s), 0.0);
    let next = set(&s, "reach-research-growth", "on").expect("a flag");
    assert_eq!(next.reach.functions.len(), 4);
    assert!(next.reach.functions[3].growth);
    assert_eq!(next.reach.functions[1], Default::default());
    let next = set(&s, "cycle_by_group-training-key", "3").expect("weeks");
    assert_eq!(
        next.cycle_overrides.by_group,
        vec![[0; 4], [0; 4], [0, 3, 0, 0]]
    );
}

#[test]
fn segment_options_follow_the_scopes_serde_names() {
    assert_eq!(SEGMENT_OPTIONS.len(), SEGMENT_SCOPES.len());
    for (o, scope) in SEGMENT_OPTIONS.iter().zip(SEGMENT_SCOPES) {
        let j = serde_json::to_value(scope).expect("serialise");
        assert_eq!(j.as_str(), Some(o.0));
    }
}

#[test]
fn territory_measure_options_follow_serde_names() {
    use super::territory::{MEASURE_CHOICES, MEASURE_OPTIONS};
    assert_eq!(MEASURE_OPTIONS.len(), MEASURE_CHOICES.len());
    for (o, m) in MEASURE_OPTIONS.iter().zip(MEASURE_CHOICES) {
        let j = serde_json::to_value(m).expect("serialise");
        assert_eq!(j.as_str(), Some(o.0));
    }
}

fn band(function: Function, min_grade: u8, max_grade: u8, cycle_weeks: u32) -> GradeBand {
    GradeBand {
        function,
        min_grade,
        max_grade,
        cycle_weeks,
    }
}

#[test]
fn grade_bands_and_sample_shares_of_a_file_are_checked_naming_the_band_and_the_range() {
    let mut s = Settings::default();
    s.cycle_overrides.by_grade = vec![
        band(Function::Service, 1, 30, 1),
        band(Function::Training, 20, 20, 8),
    ];
    assert_eq!(validate(&s), Ok(()), "bands in range");
    let refused = |b: GradeBand| {
        let mut t = s.clone();
        t.cycle_overrides.by_grade.push(b);
        errors(&t)
    };
    let out = |id: &str, value: f64, lo: f64, hi: f64| SettingError::OutOfRange {
        id: id.to_string(),
        value,
        lo,
        hi,
    };
    assert_eq!(
        refused(band(Function::Brand, 12, 10, 2)),
        vec![out(
            "cycle_overrides.by_grade[2].min_grade",
            12.0,
            1.0,
            10.0
        )]
    );
    assert_eq!(
        refused(band(Function::Brand, 0, 10, 2)),
        vec![out("cycle_overrides.by_grade[2].min_grade", 0.0, 1.0, 10.0)]
    );
    assert_eq!(
        refused(band(Function::Brand, 5, 31, 2)),
        vec![out(
            "cycle_overrides.by_grade[2].max_grade",
            31.0,
            1.0,
            30.0
        )]
    );
    assert_eq!(
        refused(band(Function::Research, 5, 10, 9)),
        vec![out(
            "cycle_overrides.by_grade[2].cycle_weeks",
            9.0,
            1.0,
            8.0
        )]
    );
    assert_eq!(
        refused(band(Function::Research, 5, 10, 0)),
        vec![out(
            "cycle_overrides.by_grade[2].cycle_weeks",
            0.0,
            1.0,
            8.0
        )]
    );
    let e = validate(&{
        let mut t = s.clone();
        t.cycle_overrides.by_grade[1].cycle_weeks = 12;
        t
    })
    .expect_err("a cycle of 12 weeks");
    assert_eq!(
        e.to_string(),
        "cycle_overrides.by_grade[1].cycle_weeks: 12 is outside 1..=8"
    );

    // A share from a file: the rows' own check, in percent, for the functions with a row…
    let mut t = Settings::default();
    t.reach.functions[3].sample_share = 1.5;
    assert_eq!(
        errors(&t),
        vec![out("reach-research-sample_share", 150.0, 0.0, 100.0)]
    );
    // …and by its path, as a share, for the entries no row shows.
    let mut t = Settings::default();
    t.reach.functions[0].sample_share = -0.1;
    t.reach.functions.push(Reach {
        sample_share: 2.0,
        ..Reach::default()
    });
    assert_eq!(
        errors(&t),
        vec![
            out("reach.functions[0].sample_share", -0.1, 0.0, 1.0),
            out("reach.functions[4].sample_share", 2.0, 0.0, 1.0)
        ]
    );
}
