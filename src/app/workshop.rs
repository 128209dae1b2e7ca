//! Workshop exercises: a preset, a question, one change to make, and the figures to watch.
//! The answer is never written down: it is read from the two live results (before and after
//! the change), so it stays true when the model or the defaults change.
//!
//! Texts are translation keys: `exercise.<id>.title`, `.question`, `.change` and `.think` (a
//! prompt for the room's discussion that does not claim a direction).

use crate::core::generate::Preset;
use crate::core::metrics::{self, Metrics};
use crate::core::models::ModelId;
use crate::core::settings::{Settings, ZoneModel};

/// What an exercise changes from the preset as generated.
#[derive(Debug, Clone, Copy)]
pub enum Change {
    /// Edits the settings of the baseline result.
    Settings(fn(&mut Settings)),
    /// Keeps this share of the baseline's customer managers.
    HeadcountShare(f64),
}

/// One ready-made exercise.
#[derive(Debug, Clone, Copy)]
pub struct Exercise {
    pub id: &'static str,
    pub preset: Preset,
    pub change: Change,
    /// Contract metric names whose before and after make the answer.
    pub watch: &'static [&'static str],
    /// The models the answer speaks of (empty: all of them).
    pub models: &'static [ModelId],
}

/// The exercises, in the order a workshop would run them.
pub const EXERCISES: &[Exercise] = &[
    Exercise {
        id: "urban_format",
        preset: Preset::County,
        change: Change::Settings(|s| s.hybrid.urban = ZoneModel::Format),
        watch: &[
            "travel_minutes_per_customer",
            "skill_inversion_rate",
            "format_entropy_bits",
        ],
        models: &[ModelId::Hybrid],
    },
    Exercise {
        id: "fewer_staff",
        preset: Preset::County,
        change: Change::HeadcountShare(0.8),
        watch: &["coverage_rate", "overtime_hours"],
        models: &[],
    },
    Exercise {
        id: "no_team_visits",
        preset: Preset::County,
        change: Change::Settings(|s| s.modes.team_visits = false),
        watch: &["contacts_per_customer", "team_visits", "coverage_rate"],
        models: &[ModelId::Region, ModelId::Specialised],
    },
    Exercise {
        id: "deep_visits",
        preset: Preset::Rural,
        change: Change::Settings(|s| s.modes.deep_visits = true),
        watch: &["service_minutes_per_customer_month", "coverage_rate"],
        models: &[],
    },
    Exercise {
        id: "no_staggering",
        preset: Preset::Urban,
        change: Change::Settings(|s| s.modes.staggering = false),
        watch: &["rigid_cycle_met_rate", "workload_cv"],
        models: &[],
    },
    Exercise {
        id: "night_shops",
        preset: Preset::Urban,
        change: Change::Settings(|s| s.value.night_group = false),
        watch: &[
            "travel_minutes_per_customer",
            "coverage_rate",
            "overtime_hours",
        ],
        models: &[ModelId::Value],
    },
    Exercise {
        id: "every_shop",
        preset: Preset::County,
        change: Change::Settings(|s| s.reach.every_shop = true),
        watch: &[
            "coverage_rate",
            "contacts_per_customer",
            "travel_minutes_per_customer",
        ],
        models: &[ModelId::Region, ModelId::Specialised],
    },
];

/// How a figure moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Rose,
    Fell,
    Same,
}

impl Direction {
    /// Translation key of the word.
    pub fn key(self) -> &'static str {
        match self {
            Direction::Rose => "exercise.rose",
            Direction::Fell => "exercise.fell",
            Direction::Same => "exercise.same",
        }
    }
}

/// One figure of the answer: a model's metric before and after the change.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub model: ModelId,
    pub metric: String,
    pub before: f64,
    pub after: f64,
}

impl Line {
    /// Rose or fell by more than a part in a million of the larger value; else the same.
    pub fn direction(&self) -> Direction {
        let scale = self.before.abs().max(self.after.abs()).max(1e-12);
        let d = self.after - self.before;
        if d.abs() <= scale * 1e-6 {
            Direction::Same
        } else if d > 0.0 {
            Direction::Rose
        } else {
            Direction::Fell
        }
    }

    /// The relative change (`None` from zero).
    pub fn relative(&self) -> Option<f64> {
        (self.before.abs() > 1e-12).then(|| (self.after - self.before) / self.before.abs())
    }
}

fn value(m: &Metrics, name: &str) -> Option<f64> {
    metrics::rows(&[m])
        .into_iter()
        .find(|(n, _)| n == name)
        .and_then(|(_, v)| v.first().copied().flatten())
}

/// The answer from two results: for each model the exercise speaks of and each watched
/// metric, its figure before and after. A figure missing on either side is left out.
pub fn answer(
    ex: &Exercise,
    before: &[(ModelId, Metrics)],
    after: &[(ModelId, Metrics)],
) -> Vec<Line> {
    let mut out = Vec::new();
    for (model, b) in before {
        if !ex.models.is_empty() && !ex.models.contains(model) {
            continue;
        }
        let Some((_, a)) = after.iter().find(|(m, _)| m == model) else {
            continue;
        };
        for &name in ex.watch {
            if let (Some(x), Some(y)) = (value(b, name), value(a, name)) {
                out.push(Line {
                    model: *model,
                    metric: name.to_string(),
                    before: x,
                    after: y,
                });
            }
        }
    }
    out
}

/// Applies the exercise's change to the baseline's settings and headcount.
pub fn apply(ex: &Exercise, settings: &mut Settings, headcount: &mut usize) {
    match ex.change {
        Change::Settings(f) => f(settings),
        Change::HeadcountShare(share) => {
            *headcount = ((*headcount as f64 * share).round() as usize).max(1);
        }
    }
}
