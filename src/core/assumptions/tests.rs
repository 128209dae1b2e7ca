use super::edit::{all, errors, find, set, validate};
use super::error::SettingError;
use super::row::{Input, Setting};
use super::table::{ROWS, ZONE_MODEL_OPTIONS};
use crate::core::scenario::Zone;
use crate::core::settings::{Function, Settings, ZoneModel};

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
