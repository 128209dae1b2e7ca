//! The contract's metrics (docs/contract.md). Each is `None` until the part of the core that
//! computes it honestly exists: a metric that cannot be computed is absent, never a placeholder.

use serde::{Deserialize, Serialize};

use super::models::Assignment;
use super::scenario::Scenario;
use super::settings::TierScheme;
use super::value_group::groups;
use super::workload::{book_minutes, Work, WEEKS_PER_MONTH};

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
    pub travel_minutes_per_customer: Option<f64>,
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
    pub skilled_service_minutes_per_customer_month: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub same_day_multi_visit_rate: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contacts_per_customer: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team_visits: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub joint_visits_per_month: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub market_manager_utilisation: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format_entropy_bits: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headcount: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headcount_for_full_coverage: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monthly_cost: Option<f64>,
}

/// How many metrics the contract names.
pub const METRIC_COUNT: usize = 21;

impl Metrics {
    /// Every metric by its contract name, in the contract's (and the JSON's) order, present or
    /// not: what a table or CSV with one column per metric needs, absent ones included.
    pub fn named(&self) -> [(&'static str, Option<f64>); METRIC_COUNT] {
        [
            ("coverage_rate", self.coverage_rate),
            ("rigid_cycle_met_rate", self.rigid_cycle_met_rate),
            ("travel_km_per_visit", self.travel_km_per_visit),
            ("travel_time_share", self.travel_time_share),
            (
                "travel_minutes_per_customer",
                self.travel_minutes_per_customer,
            ),
            ("workload_cv", self.workload_cv),
            ("max_over_mean_workload", self.max_over_mean_workload),
            ("overtime_hours", self.overtime_hours),
            ("skill_inversion_rate", self.skill_inversion_rate),
            (
                "top_customers_top_staff_rate",
                self.top_customers_top_staff_rate,
            ),
            (
                "service_minutes_per_customer_month",
                self.service_minutes_per_customer_month,
            ),
            (
                "skilled_service_minutes_per_customer_month",
                self.skilled_service_minutes_per_customer_month,
            ),
            ("same_day_multi_visit_rate", self.same_day_multi_visit_rate),
            ("contacts_per_customer", self.contacts_per_customer),
            ("team_visits", self.team_visits),
            ("joint_visits_per_month", self.joint_visits_per_month),
            (
                "market_manager_utilisation",
                self.market_manager_utilisation,
            ),
            ("format_entropy_bits", self.format_entropy_bits),
            ("headcount", self.headcount),
            (
                "headcount_for_full_coverage",
                self.headcount_for_full_coverage,
            ),
            ("monthly_cost", self.monthly_cost),
        ]
    }

    /// The contract's metric names, in order.
    pub fn names() -> [&'static str; METRIC_COUNT] {
        Metrics::default().named().map(|(n, _)| n)
    }
}

/// The metrics of several models as table rows: each metric present in any of them, by its
/// contract name (in `Metrics`' order), with one value per model (`None` where absent).
pub fn rows(models: &[&Metrics]) -> Vec<(String, Vec<Option<f64>>)> {
    let objs: Vec<serde_json::Value> = models
        .iter()
        // One JSON writer in the page's wasm (`io::json::tree`).
        .map(|m| crate::core::io::json::tree(m).unwrap_or_default())
        .collect();
    let mut names: Vec<String> = Vec::new();
    for o in &objs {
        if let Some(map) = o.as_object() {
            for k in map.keys() {
                if !names.contains(k) {
                    names.push(k.clone());
                }
            }
        }
    }
    names
        .into_iter()
        .map(|n| {
            let vals = objs
                .iter()
                .map(|o| o.get(&n).and_then(serde_json::Value::as_f64))
                .collect();
            (n, vals)
        })
        .collect()
}

/// Required hours per week of every staff member: what its book needs, travel included.
pub fn required_weekly_hours(sc: &Scenario, work: &[Work], a: &Assignment) -> Vec<f64> {
    book_minutes(sc, work, a)
        .iter()
        .map(|m| m / WEEKS_PER_MONTH / 60.0)
        .collect()
}

/// The departments whose market manager (市场经理) serves plan `a`: those of its staff's
/// managers. One market manager each, outside the managers' headcount, inside the cost.
pub fn market_manager_departments(sc: &Scenario, a: &Assignment) -> Vec<usize> {
    let set: std::collections::BTreeSet<usize> = a
        .staff
        .iter()
        .filter_map(|x| sc.managers.get(x.manager).map(|m| m.department))
        .collect();
    set.into_iter().collect()
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
    Some((var.sqrt() / mean, max / mean))
}

/// Shannon entropy in bits of a count distribution.
pub fn entropy_bits(counts: &[usize]) -> f64 {
    let n: usize = counts.iter().sum();
    if n == 0 {
        return 0.0;
    }
    let h = counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n as f64;
            -p * libm::log2(p)
        })
        .sum::<f64>();
    // One class gives -0.0: entropy is never negative, and `f64::max(-0.0, 0.0)` may keep the
    // sign on one platform and not another (wasm and x86 differ), so compare instead.
    if h > 0.0 {
        h
    } else {
        0.0
    }
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
/// specialist (docs/domain.md (simulation rules)).
pub fn staff_skill(sc: &Scenario, a: &Assignment, s: usize) -> f64 {
    let st = &a.staff[s];
    let m = &sc.managers[st.manager];
    match st.post {
        Some(p) => m.skills[p.index()],
        None => m.competence,
    }
}

/// Staff tiers: skill quantiles sized to each customer tier's share of the workload
/// (docs/domain.md (simulation rules)). Tier 0 is the highest.
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
        let mut seen: Vec<usize> = row.iter().flatten().copied().collect();
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

/// Two-sided 95 % quantile of Student's t with `df` degrees of freedom: exact table values
/// to 30, then the Cornish-Fisher expansion around the normal quantile.
pub fn t975(df: usize) -> f64 {
    const TABLE: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042,
    ];
    match df {
        0 => f64::NAN,
        1..=30 => TABLE[df - 1],
        _ => {
            let z: f64 = 1.959_964;
            let n = df as f64;
            z + (z.powi(3) + z) / (4.0 * n)
                + (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / (96.0 * n * n)
        }
    }
}

/// The mean of each metric over replications, and the half-width of its Student-t 95 %
/// confidence interval (docs/contract.md `metrics_ci95`). A metric absent from any replication is
/// absent from both.
pub fn mean_ci95(samples: &[Metrics]) -> (Metrics, Metrics) {
    let to_map = |m: &Metrics| match serde_json::to_value(m) {
        Ok(serde_json::Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    let maps: Vec<_> = samples.iter().map(to_map).collect();
    let mut mean = serde_json::Map::new();
    let mut half = serde_json::Map::new();
    if let Some(first) = maps.first() {
        for key in first.keys() {
            let xs: Vec<f64> = maps
                .iter()
                .filter_map(|m| m.get(key).and_then(serde_json::Value::as_f64))
                .collect();
            if xs.len() != maps.len() {
                continue;
            }
            let n = xs.len() as f64;
            let mu = xs.iter().sum::<f64>() / n;
            mean.insert(key.clone(), serde_json::json!(mu));
            if xs.len() > 1 {
                let var = xs.iter().map(|x| (x - mu) * (x - mu)).sum::<f64>() / (n - 1.0);
                let hw = t975(xs.len() - 1) * (var / n).sqrt();
                half.insert(key.clone(), serde_json::json!(hw));
            }
        }
    }
    let back = |map| serde_json::from_value(serde_json::Value::Object(map)).unwrap_or_default();
    (back(mean), back(half))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_lists_every_serialised_metric_in_order() {
        // Every name set to a distinct value: the struct must take them all (an unknown name
        // would be ignored and missing from the output) and write them back in the same order.
        let obj: serde_json::Map<String, serde_json::Value> = Metrics::names()
            .iter()
            .enumerate()
            .map(|(i, n)| (n.to_string(), serde_json::Value::from(i as f64)))
            .collect();
        let m: Metrics = serde_json::from_value(serde_json::Value::Object(obj)).expect("metrics");
        // Written straight to text, a struct keeps its declaration order (a `Value` map would
        // sort its keys): each name appears once, after the one before.
        let text = serde_json::to_string(&m).expect("json");
        let at: Vec<usize> = Metrics::names()
            .iter()
            .map(|n| {
                text.find(&format!("\"{n}\":"))
                    .expect("named metric written")
            })
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{text}");
        assert_eq!(text.matches("\":").count(), METRIC_COUNT);
        for (i, (n, v)) in m.named().iter().enumerate() {
            assert_eq!(*v, Some(i as f64), "{n}");
        }
    }

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
        assert!(
            entropy_bits(&[7, 0, 0, 0]).is_sign_positive(),
            "+0, never -0"
        );
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

    #[test]
    fn mean_and_student_t_half_width() {
        let mk = |c: f64| Metrics {
            coverage_rate: Some(c),
            headcount: Some(10.0),
            ..Metrics::default()
        };
        let (m, h) = mean_ci95(&[mk(0.90), mk(0.94), mk(0.98)]);
        assert!((m.coverage_rate.expect("mean") - 0.94).abs() < 1e-12);
        // s = 0.04, n = 3: 4.303 × 0.04 / √3.
        let want = 4.303 * 0.04 / 3f64.sqrt();
        assert!((h.coverage_rate.expect("half-width") - want).abs() < 1e-9);
        assert_eq!(h.headcount, Some(0.0));
        assert!(m.overtime_hours.is_none() && h.overtime_hours.is_none());
        assert!((t975(1000) - 1.962).abs() < 0.001);
        assert!((t975(31) - 2.040).abs() < 0.001);
    }
}
