//! Between the panel's units and the settings' own: switches as 0/1, counts and option indices
//! as whole numbers, clock hours as minutes after midnight, lists padded before they are
//! written. Shared by the table's files.

use super::row::{Input, Part};
use crate::core::settings::Settings;

/// Sets `v[k]`, first padding with the last value, which is what `Settings` reads past the end,
/// so the classes in between keep the value they had.
pub fn set_at<T: Copy>(v: &mut Vec<T>, k: usize, x: T) {
    while v.len() <= k {
        let last = v.last().copied().unwrap_or(x);
        v.push(last);
    }
    v[k] = x;
}

/// Minutes after midnight as an hour of the clock.
pub fn hour(minutes: u32) -> f64 {
    f64::from(minutes) / 60.0
}

/// An hour of the clock as minutes after midnight.
pub fn minutes_of(hours: f64) -> u32 {
    (hours * 60.0).round().max(0.0) as u32
}

pub fn flag(on: bool) -> f64 {
    if on {
        1.0
    } else {
        0.0
    }
}

/// A count or an option index as written (checked whole and non-negative before).
pub fn whole(x: f64) -> f64 {
    x.round().max(0.0)
}

pub fn index_of<T: PartialEq>(all: &[T], x: &T) -> f64 {
    all.iter().position(|y| y == x).unwrap_or(0) as f64
}

pub fn flag_input(_: &Settings, _: Part) -> Input {
    Input::Flag
}
