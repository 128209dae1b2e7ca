//! The contract's metrics (CONTRACT.md). Each is `None` until the part of the core that
//! computes it honestly exists: a metric that cannot be computed is absent, never a placeholder.

use serde::{Deserialize, Serialize};

use super::models::value::groups;
use super::models::{book_minutes, Assignment};
use super::scenario::Scenario;
use super::settings::TierScheme;
use super::workload::{Work, WEEKS_PER_MONTH};

/// Every metric of the contract, by its contract name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coverage_rate: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rigid_cycle_met_rate: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub travel_km_per_visit: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub travel_time_share: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workload_cv: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_over_mean_workload: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overtime_hours: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skill_inversion_rate: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub top_customers_top_staff_rate: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_minutes_per_customer_month: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub same_day_multi_visit_rate: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contacts_per_customer: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team_visits: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format_entropy_bits: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headcount: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headcount_for_full_coverage: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monthly_cost: Option<f64>,
}

/// Required hours per week of every staff member: what its book needs, travel included.
pub fn required_weekly_hours(sc: &Scenario, work: &[Work], a: &Assignment) -> Vec<f64> {
    book_minutes(sc, work, a)
        .iter()
        .map(|m| m / WEEKS_PER_MONTH / 60.0)
        .collect()
}

/// Coefficient of variation and max/mean of `xs`; `None` when the mean is not positive.
pub fn balance(xs: &[f64]) -> Option<(f64, f64)> {
    if xs.is_empty() {
        return None;
    }
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    if mean <= 0.0 {
        return None;
    }
    let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n;
    let max = xs.iter().copied().fold(f64::MIN, f64::max);
    Some((libm::sqrt(var) / mean, max / mean))
}

/// Shannon entropy in bits of a count distribution.
pub fn entropy_bits(counts: &[usize]) -> f64 {
    let n: usize = counts.iter().sum();
    if n == 0 {
        return 0.0;
    }
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n as f64;
            -p * libm::log2(p)
        })
        .sum::<f64>()
        // One class gives -0.0 (printed "-0.000"): entropy is never negative.
        .max(0.0)
}

/// Number of customer tiers under the scenario's tier scheme.
pub fn tier_count(sc: &Scenario) -> usize {
    match sc.settings.tiers {
        TierScheme::Format => sc.settings.classes.len().max(1),
        TierScheme::ValueGroup => 3,
    }
}

/// Tiers counted as "top" for the skill-match metric: 甲/乙 (the `top_tiers` setting) under
/// the format scale, core under the value-group scale.
pub fn top_tier_count(sc: &Scenario) -> u8 {
    match sc.settings.tiers {
        TierScheme::Format => sc.settings.top_tiers.max(1),
        TierScheme::ValueGroup => 1,
    }
}

/// Each customer's tier (0 = highest), on the one scale shared by all models.
pub fn customer_tiers(sc: &Scenario) -> Vec<u8> {
    let n = tier_count(sc);
    match sc.settings.tiers {
        TierScheme::Format => sc
            .customers
            .iter()
            .map(|c| (c.class as usize).min(n - 1) as u8)
            .collect(),
        TierScheme::ValueGroup => groups(sc).iter().map(|g| g.tier()).collect(),
    }
}

/// A staff member's skill for tiering: competence for a generalist, the post's skill for a
/// specialist (DOMAIN.md "Tiers").
pub fn staff_skill(sc: &Scenario, a: &Assignment, s: usize) -> f64 {
    let st = &a.staff[s];
    let m = &sc.managers[st.manager];
    match st.post {
        Some(p) => m.skills[p.index()],
        None => m.competence,
    }
}

/// Staff tiers: skill quantiles sized to each customer tier's share of the workload
/// (DOMAIN.md "Tiers"). Tier 0 is the highest.
pub fn staff_tiers(sc: &Scenario, work: &[Work], a: &Assignment) -> Vec<u8> {
    let tiers = tier_count(sc);
    let ct = customer_tiers(sc);
    let mut tier_work = vec![0.0; tiers];
    for (c, w) in work.iter().enumerate() {
        tier_work[ct[c] as usize] += w.minutes_per_month();
    }
    let total: f64 = tier_work.iter().sum();
    let mut order: Vec<usize> = (0..a.staff.len()).collect();
    order.sort_by(|&x, &y| {
        staff_skill(sc, a, y)
            .total_cmp(&staff_skill(sc, a, x))
            .then(x.cmp(&y))
    });
    let n = order.len().max(1) as f64;
    let mut out = vec![0u8; a.staff.len()];
    for (rank, &s) in order.iter().enumerate() {
        let q = (rank as f64 + 0.5) / n;
        let mut acc = 0.0;
        let mut t = tiers - 1;
        for (k, tw) in tier_work.iter().enumerate() {
            acc += if total > 0.0 {
                tw / total
            } else {
                1.0 / tiers as f64
            };
            if q <= acc {
                t = k;
                break;
            }
        }
        out[s] = t as u8;
    }
    out
}

/// The metrics computable from an assignment alone (the calendar adds the rest).
pub fn from_assignment(sc: &Scenario, work: &[Work], a: &Assignment) -> Metrics {
    let hours = required_weekly_hours(sc, work, a);
    let (cv, max_mean) = match balance(&hours) {
        Some((cv, mm)) => (Some(cv), Some(mm)),
        None => (None, None),
    };
    let classes = sc.settings.classes.len().max(1);
    let mut per_staff = vec![vec![0usize; classes]; a.staff.len()];
    for (c, row) in a.responsible.iter().enumerate() {
        let mut seen: Vec<usize> = row.to_vec();
        seen.sort_unstable();
        seen.dedup();
        for s in seen {
            per_staff[s][(sc.customers[c].class as usize).min(classes - 1)] += 1;
        }
    }
    let serving: Vec<&Vec<usize>> = per_staff
        .iter()
        .filter(|v| v.iter().sum::<usize>() > 0)
        .collect();
    let entropy = if serving.is_empty() {
        None
    } else {
        Some(serving.iter().map(|v| entropy_bits(v)).sum::<f64>() / serving.len() as f64)
    };
    let top_n = top_tier_count(sc);
    let high = |tier: u8| tier < top_n;
    let tiers = staff_tiers(sc, work, a);
    let ct = customer_tiers(sc);
    let top: Vec<usize> = (0..sc.customers.len()).filter(|&c| high(ct[c])).collect();
    let top_rate = if top.is_empty() {
        None
    } else {
        let ok = top
            .iter()
            .filter(|&&c| high(tiers[a.main_staff(c)]))
            .count();
        Some(ok as f64 / top.len() as f64)
    };
    let used: std::collections::BTreeSet<usize> = a.staff.iter().map(|s| s.manager).collect();
    Metrics {
        workload_cv: cv,
        max_over_mean_workload: max_mean,
        format_entropy_bits: entropy,
        top_customers_top_staff_rate: top_rate,
        headcount: Some(used.len() as f64),
        ..Metrics::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balance_of_equal_loads_is_perfect() {
        assert_eq!(balance(&[2.0, 2.0, 2.0]), Some((0.0, 1.0)));
        let (cv, mm) = balance(&[1.0, 3.0]).expect("positive mean");
        assert!((cv - 0.5).abs() < 1e-12);
        assert!((mm - 1.5).abs() < 1e-12);
        assert_eq!(balance(&[]), None);
        assert_eq!(balance(&[0.0]), None);
    }

    #[test]
    fn entropy_of_uniform_four_is_two_bits() {
        assert!((entropy_bits(&[5, 5, 5, 5]) - 2.0).abs() < 1e-12);
        assert_eq!(entropy_bits(&[7, 0, 0, 0]), 0.0);
        assert_eq!(entropy_bits(&[]), 0.0);
    }

    #[test]
    fn absent_metrics_are_not_serialised() {
        let m = Metrics {
            headcount: Some(3.0),
            ..Metrics::default()
        };
        let j = serde_json::to_string(&m).expect("json");
        assert_eq!(j, r#"{"headcount":3.0}"#);
    }
}
