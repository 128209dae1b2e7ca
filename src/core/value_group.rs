//! Customer value groups (客户价值群): each customer's value score and its group (core, key,
//! regular, night). Read by the value-group model, by the tiers of the skill-match metrics, and
//! by the reach and cycle rules of the work every model shares, so it sits below all of them.

use serde::{Deserialize, Serialize};

use super::scenario::Scenario;
use super::settings::{ValueRule, ValueScheme};

/// A customer value group (客户价值群), highest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueGroup {
    Core,
    Key,
    Regular,
    Night,
}

impl ValueGroup {
    pub const ALL: [ValueGroup; 4] = [
        ValueGroup::Core,
        ValueGroup::Key,
        ValueGroup::Regular,
        ValueGroup::Night,
    ];

    pub fn id(self) -> &'static str {
        match self {
            ValueGroup::Core => "core",
            ValueGroup::Key => "key",
            ValueGroup::Regular => "regular",
            ValueGroup::Night => "night",
        }
    }

    /// Translation key of the group's name.
    pub fn key(self) -> &'static str {
        match self {
            ValueGroup::Core => "group.core",
            ValueGroup::Key => "group.key",
            ValueGroup::Regular => "group.regular",
            ValueGroup::Night => "group.night",
        }
    }

    /// Customer tier under the value-group tier scheme (night shops rank with regular).
    pub fn tier(self) -> u8 {
        match self {
            ValueGroup::Core => 0,
            ValueGroup::Key => 1,
            ValueGroup::Regular | ValueGroup::Night => 2,
        }
    }
}

/// The value score of each customer (0-100): the weighted five dimensions, or under the
/// three-dimensional scheme the mean of the sales percentile and 档位 (value/contribution).
pub fn scores(sc: &Scenario) -> Vec<f64> {
    let rule = &sc.settings.value;
    match rule.scheme {
        ValueScheme::FiveDimensions => {
            let w = rule.weights.map(|x| x.max(0.0));
            let wsum: f64 = w.iter().sum();
            sc.customers
                .iter()
                .map(|c| {
                    let v = c.value;
                    let dims = [
                        v.loyalty,
                        v.integrity,
                        v.cooperation,
                        v.growth,
                        v.dependency,
                    ];
                    if wsum > 0.0 {
                        dims.iter().zip(&w).map(|(d, w)| d * w).sum::<f64>() / wsum
                    } else {
                        dims.iter().sum::<f64>() / 5.0
                    }
                })
                .collect()
        }
        ValueScheme::ThreeDimensions => {
            let n = sc.customers.len();
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by(|&a, &b| {
                sc.customers[a]
                    .monthly_sales
                    .total_cmp(&sc.customers[b].monthly_sales)
                    .then(a.cmp(&b))
            });
            let mut pct = vec![0.0; n];
            for (rank, &c) in order.iter().enumerate() {
                pct[c] = 100.0 * (rank as f64 + 0.5) / n.max(1) as f64;
            }
            sc.customers
                .iter()
                .enumerate()
                .map(|(i, c)| (pct[i] + f64::from(c.grade) / 30.0 * 100.0) / 2.0)
                .collect()
        }
    }
}

/// Value group of every customer (docs/domain.md "By customer value group"): high value = the top share by
/// score; among them core = loyalty above the threshold that makes core the core share of all
/// customers; key = the other high-value ones; regular = the rest; night shops apart when enabled.
pub fn groups(sc: &Scenario) -> Vec<ValueGroup> {
    let rule = &sc.settings.value;
    let n = sc.customers.len();
    let score = scores(sc);
    let candidates: Vec<usize> = (0..n)
        .filter(|&c| !(rule.night_group && sc.customers[c].night_shop))
        .collect();
    let mut by_score = candidates.clone();
    by_score.sort_by(|&a, &b| score[b].total_cmp(&score[a]).then(a.cmp(&b)));
    let (n_high, n_core) = sizes(rule, n, by_score.len());
    let mut high: Vec<usize> = by_score[..n_high].to_vec();
    high.sort_by(|&a, &b| {
        sc.customers[b]
            .value
            .loyalty
            .total_cmp(&sc.customers[a].value.loyalty)
            .then(a.cmp(&b))
    });
    let mut out = vec![ValueGroup::Regular; n];
    for (i, &c) in high.iter().enumerate() {
        out[c] = if i < n_core {
            ValueGroup::Core
        } else {
            ValueGroup::Key
        };
    }
    if rule.night_group {
        for (c, cu) in sc.customers.iter().enumerate() {
            if cu.night_shop {
                out[c] = ValueGroup::Night;
            }
        }
    }
    out
}

/// How many customers `groups` puts in each group, in `ValueGroup::ALL`'s order, without
/// ranking anyone: the groups' sizes follow from the shares and the count of night shops alone.
/// The import review shows them as a list arrives, and for a province the ranking took the page
/// 0.1 s.
pub fn counts(sc: &Scenario) -> [usize; 4] {
    let rule = &sc.settings.value;
    let n = sc.customers.len();
    let night = if rule.night_group {
        sc.customers.iter().filter(|c| c.night_shop).count()
    } else {
        0
    };
    let candidates = n - night;
    let (n_high, n_core) = sizes(rule, n, candidates);
    [n_core, n_high - n_core, candidates - n_high, night]
}

/// How many of `n` customers are of high value and how many of those are core, when
/// `candidates` of them may rank (night shops stand apart when they are a group of their own):
/// the shares are of all customers, as far as the candidates go.
fn sizes(rule: &ValueRule, n: usize, candidates: usize) -> (usize, usize) {
    let of_all = |share: f64| (share.clamp(0.0, 1.0) * n as f64).round() as usize;
    let high = of_all(rule.high_value_share).min(candidates);
    (high, of_all(rule.core_share).min(high))
}
