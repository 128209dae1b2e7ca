//! 按区域配置: one generalist per territory, territories balanced on required hours.
//!
//! Territories come from recursive weighted bisection: split along the longer side at the
//! point where the required hours divide in proportion to the managers on each side. That
//! keeps territories compact (axis-aligned cells) and balanced to within one customer's work.

use super::{Assignment, ModelId, Staff, StaffingModel};
use crate::core::error::CoreError;
use crate::core::geo::{weighted_centroid, BBox, Point};
use crate::core::scenario::Scenario;
use crate::core::workload::Work;

pub struct Region;

impl StaffingModel for Region {
    fn id(&self) -> ModelId {
        ModelId::Region
    }

    fn assign(&self, sc: &Scenario, work: &[Work]) -> Result<Assignment, CoreError> {
        if sc.customers.is_empty() {
            return Err(CoreError::NoCustomers);
        }
        if sc.managers.is_empty() {
            return Err(CoreError::NoManagers);
        }
        let pts: Vec<Point> = sc.customers.iter().map(|c| c.pos).collect();
        let w: Vec<f64> = work.iter().map(Work::minutes_per_month).collect();
        let k = sc.managers.len();
        let mut idx: Vec<usize> = (0..pts.len()).collect();
        let mut parts = Vec::with_capacity(k);
        bisect(&mut idx, &pts, &w, k, &mut parts);

        // Match territories to managers by distance from the manager's base to the territory's
        // centre, nearest pairs first (greedy; the assignment issue refines this).
        let centres: Vec<Option<Point>> = parts
            .iter()
            .map(|p| {
                let ps: Vec<Point> = p.iter().map(|&i| pts[i]).collect();
                let ws: Vec<f64> = p.iter().map(|&i| w[i]).collect();
                weighted_centroid(&ps, &ws)
            })
            .collect();
        let mut pairs: Vec<(f64, usize, usize)> = Vec::with_capacity(k * k);
        for (t, c) in centres.iter().enumerate() {
            for m in 0..k {
                let d = c.map(|c| c.dist(sc.base_of(m))).unwrap_or(0.0);
                pairs.push((d, t, m));
            }
        }
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let mut manager_of = vec![usize::MAX; k];
        let mut used = vec![false; k];
        for (_, t, m) in pairs {
            if manager_of[t] == usize::MAX && !used[m] {
                manager_of[t] = m;
                used[m] = true;
            }
        }
        // Staff are listed in manager order so that staff i is manager i.
        let staff: Vec<Staff> = (0..k)
            .map(|m| Staff {
                manager: m,
                post: None,
            })
            .collect();
        let mut responsible = vec![[0usize; 4]; pts.len()];
        for (t, part) in parts.iter().enumerate() {
            for &c in part {
                responsible[c] = [manager_of[t]; 4];
            }
        }
        Ok(Assignment {
            model: ModelId::Region,
            staff,
            responsible,
        })
    }
}

/// Splits `items` into `k` parts of about equal total weight, recursively along the longer axis.
fn bisect(items: &mut [usize], pts: &[Point], w: &[f64], k: usize, out: &mut Vec<Vec<usize>>) {
    if k <= 1 {
        out.push(items.to_vec());
        return;
    }
    let k1 = k / 2;
    let bb = BBox::around(items.iter().map(|&i| pts[i]));
    let by_x = bb.map(|b| b.width() >= b.height()).unwrap_or(true);
    let key = |i: usize| if by_x { pts[i].x } else { pts[i].y };
    items.sort_by(|&a, &b| key(a).total_cmp(&key(b)).then(a.cmp(&b)));
    let total: f64 = items.iter().map(|&i| w[i]).sum();
    let target = total * k1 as f64 / k as f64;
    let mut acc = 0.0;
    let mut split = 0;
    let mut best = f64::INFINITY;
    for (pos, &i) in items.iter().enumerate() {
        // Split after `pos` if that brings the left sum closest to the target.
        acc += w[i];
        let err = (acc - target).abs();
        if err < best {
            best = err;
            split = pos + 1;
        }
    }
    let (left, right) = items.split_at_mut(split);
    bisect(left, pts, w, k1, out);
    bisect(right, pts, w, k - k1, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::generate::{generate, Preset};
    use crate::core::models::check;
    use crate::core::workload::generalist;

    #[test]
    fn county_territories_are_balanced_within_ten_percent() {
        let sc = generate(Preset::County, 42).expect("gen");
        let work = generalist(&sc);
        let a = Region.assign(&sc, &work).expect("assign");
        check(&sc, &a).expect("valid assignment");
        let mut load = vec![0.0; sc.managers.len()];
        for (c, row) in a.responsible.iter().enumerate() {
            load[row[0]] += work[c].minutes_per_month();
        }
        let mean = load.iter().sum::<f64>() / load.len() as f64;
        for l in &load {
            assert!((l / mean - 1.0).abs() <= 0.10, "load {l} vs mean {mean}");
        }
    }

    #[test]
    fn no_managers_or_customers_is_a_clear_error() {
        let mut sc = generate(Preset::County, 1).expect("gen");
        let work = generalist(&sc);
        let mut none = sc.clone();
        none.managers.clear();
        assert_eq!(Region.assign(&none, &work), Err(CoreError::NoManagers));
        sc.customers.clear();
        assert_eq!(Region.assign(&sc, &[]), Err(CoreError::NoCustomers));
    }
}
