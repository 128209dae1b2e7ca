//! Reading and writing settings by id through a table: what `--set ID=VALUE`, `--config`
//! checking, the page's validation and both panels use. Every function takes the table, so a
//! test can pass the real one plus a row of its own.

use super::error::SettingError;
use super::practice::{LONGEST_CYCLE, TOP_GRADE};
use super::row::{Input, Row, Setting};
use super::table::ROWS;
use crate::core::settings::{Function, Settings};

/// Every setting of `s` in `rows` (parts expanded), in panel order.
pub fn all_in<'a>(rows: &'a [Row], s: &Settings) -> Vec<Setting<'a>> {
    rows.iter()
        .flat_map(|row| {
            row.parts
                .of(s)
                .into_iter()
                .map(move |part| Setting { row, part })
        })
        .collect()
}

/// The setting with id `id`, if `s` has it.
pub fn find_in<'a>(rows: &'a [Row], s: &Settings, id: &str) -> Option<Setting<'a>> {
    all_in(rows, s).into_iter().find(|x| x.id() == id)
}

/// Why `x` is refused for `setting`, if it is.
pub fn check(setting: &Setting<'_>, s: &Settings, x: f64) -> Result<(), SettingError> {
    let id = || setting.id();
    let input = setting.input(s);
    if input.accepts(x) {
        return Ok(());
    }
    Err(match input {
        Input::Number { lo, hi, .. } if x.is_finite() && x >= lo && x <= hi => {
            SettingError::NotWhole { id: id(), value: x }
        }
        Input::Number { lo, hi, .. } => SettingError::OutOfRange {
            id: id(),
            value: x,
            lo,
            hi,
        },
        Input::Flag => SettingError::NotAFlag {
            id: id(),
            text: x.to_string(),
        },
        Input::Choice(options) => SettingError::UnknownChoice {
            id: id(),
            text: x.to_string(),
            accepted: accepted(options),
        },
    })
}

fn accepted(options: &[(&str, &str)]) -> String {
    options
        .iter()
        .map(|(v, _)| *v)
        .collect::<Vec<_>>()
        .join(", ")
}

/// `text` as a value of `setting`: a number, a flag (`on/off/true/false/1/0`) or a choice's
/// id; checked against the setting's range.
pub fn parse(setting: &Setting<'_>, s: &Settings, text: &str) -> Result<f64, SettingError> {
    let t = text.trim();
    let x = match setting.input(s) {
        Input::Number { .. } => {
            t.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| SettingError::NotANumber {
                    id: setting.id(),
                    text: t.to_string(),
                })?
        }
        Input::Flag => match t.to_ascii_lowercase().as_str() {
            "on" | "true" | "1" => 1.0,
            "off" | "false" | "0" => 0.0,
            _ => {
                return Err(SettingError::NotAFlag {
                    id: setting.id(),
                    text: t.to_string(),
                })
            }
        },
        Input::Choice(options) => match options.iter().position(|(v, _)| *v == t) {
            Some(i) => i as f64,
            None => {
                return Err(SettingError::UnknownChoice {
                    id: setting.id(),
                    text: t.to_string(),
                    accepted: accepted(options),
                })
            }
        },
    };
    check(setting, s, x)?;
    Ok(x)
}

/// A copy of `s` with setting `id` set to `text`.
pub fn set_in(rows: &[Row], s: &Settings, id: &str, text: &str) -> Result<Settings, SettingError> {
    let setting = find_in(rows, s, id).ok_or_else(|| SettingError::Unknown { id: id.into() })?;
    let x = parse(&setting, s, text)?;
    setting.apply(s, x).ok_or_else(|| SettingError::NotANumber {
        id: id.into(),
        text: text.trim().to_string(),
    })
}

/// Every setting of `s` outside its accepted range, in panel order, then the values of the
/// lists no row shows (`list_errors`).
pub fn errors_in(rows: &[Row], s: &Settings) -> Vec<SettingError> {
    let mut out: Vec<SettingError> = all_in(rows, s)
        .iter()
        .filter_map(|x| check(x, s, x.get(s)).err())
        .collect();
    out.extend(list_errors(rows, s));
    out
}

/// `value` outside `lo..=hi`, named by its path in the scenario file.
fn outside(path: String, value: f64, lo: f64, hi: f64) -> Option<SettingError> {
    (!(lo..=hi).contains(&value)).then_some(SettingError::OutOfRange {
        id: path,
        value,
        lo,
        hi,
    })
}

/// The values of `s` that only a scenario file sets, outside their ranges, each named by its
/// path in the file: the 档位 bands of `cycle_overrides.by_grade` (1 ≤ lowest ≤ highest ≤ 30, a
/// cycle of 1 to 8 weeks) and the sample share of a reach entry no row of `rows` shows (0 to
/// 1). A band's function needs no check here: a file naming an unknown one is refused when
/// it is read.
fn list_errors(rows: &[Row], s: &Settings) -> Vec<SettingError> {
    let mut out = Vec::new();
    for (i, band) in s.cycle_overrides.by_grade.iter().enumerate() {
        let path = |field: &str| format!("cycle_overrides.by_grade[{i}].{field}");
        let max = f64::from(band.max_grade);
        out.extend(outside(path("max_grade"), max, 1.0, TOP_GRADE));
        let min = f64::from(band.min_grade);
        out.extend(outside(
            path("min_grade"),
            min,
            1.0,
            max.clamp(1.0, TOP_GRADE),
        ));
        let weeks = f64::from(band.cycle_weeks);
        out.extend(outside(path("cycle_weeks"), weeks, 1.0, LONGEST_CYCLE));
    }
    for (k, reach) in s.reach.functions.iter().enumerate() {
        let shown = Function::ALL
            .get(k)
            .is_some_and(|f| find_in(rows, s, &format!("reach-{}-sample_share", f.id())).is_some());
        if !shown {
            let path = format!("reach.functions[{k}].sample_share");
            out.extend(outside(path, reach.sample_share, 0.0, 1.0));
        }
    }
    out
}

/// The first setting of `s` outside its accepted range, if any.
pub fn validate_in(rows: &[Row], s: &Settings) -> Result<(), SettingError> {
    match errors_in(rows, s).into_iter().next() {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Every setting of `s` (parts expanded), in panel order.
pub fn all(s: &Settings) -> Vec<Setting<'static>> {
    all_in(ROWS, s)
}

/// The setting with id `id` (`day_minutes`, `speed-urban`, `cycle-service-2`…), if `s` has it.
pub fn find(s: &Settings, id: &str) -> Option<Setting<'static>> {
    find_in(ROWS, s, id)
}

/// A copy of `s` with setting `id` set to `text` (a number, `on/off/true/false/1/0`, or a
/// choice's id); refused when out of range.
pub fn set(s: &Settings, id: &str, text: &str) -> Result<Settings, SettingError> {
    set_in(ROWS, s, id, text)
}

/// Every setting of `s` within its accepted range; the first that is not, otherwise.
pub fn validate(s: &Settings) -> Result<(), SettingError> {
    validate_in(ROWS, s)
}

/// Every setting of `s` outside its accepted range.
pub fn errors(s: &Settings) -> Vec<SettingError> {
    errors_in(ROWS, s)
}
