//! 按业态配置 (济南): each format class (甲乙丙丁…) gets its own managers, in proportion to the
//! class's workload, the strongest to 甲, then 乙, mid-level to 丙 and 丁. Territorial service
//! (属地管理、分类服务): a class whose workload is below a threshold gets no dedicated manager, and
//! a customer farther than a set distance from every territory of its class is served by the
//! territory it lies in.

use super::common::{
    per_segment_scope, serve_by_nearest, split_managers, staff_generalists, staff_specialists,
    Builder,
};
use super::model::{assign_whole, StaffingModel};
use crate::core::assignment::{Assignment, ModelId, Shift};
use crate::core::error::CoreError;
use crate::core::geo::{Grid, Point};
use crate::core::scenario::Scenario;
use crate::core::workload::Work;

pub struct Format;

/// How the format model splits customers and managers.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassPlan {
    /// (class, its customers, its managers strongest first) for classes with dedicated managers.
    pub dedicated: Vec<(u8, Vec<usize>, Vec<usize>)>,
    /// Customers served by the territory they lie in (small classes and far-off customers).
    pub territorial: Vec<usize>,
}

/// Splits `customers` by class and ranks `managers` into the classes.
pub fn plan(sc: &Scenario, work: &[Work], customers: &[usize], managers: &[usize]) -> ClassPlan {
    let n_class = sc.settings.classes.len().max(1);
    let class_of = |c: usize| (sc.customers[c].class as usize).min(n_class - 1);
    let mut by_class: Vec<Vec<usize>> = vec![Vec::new(); n_class];
    for &c in customers {
        by_class[class_of(c)].push(c);
    }
    let load: Vec<f64> = by_class
        .iter()
        .map(|cs| cs.iter().map(|&c| work[c].minutes_per_month()).sum())
        .collect();
    let total: f64 = load.iter().sum();
    let per_manager = total / managers.len().max(1) as f64;
    let threshold = sc.settings.format.small_class_managers * per_manager;
    let mut dedicated: Vec<usize> = (0..n_class)
        .filter(|&k| load[k] > 0.0 && load[k] >= threshold)
        .collect();
    if dedicated.is_empty() {
        // Even the largest class is "small": it still needs someone.
        if let Some(k) = (0..n_class).max_by(|&a, &b| load[a].total_cmp(&load[b]).then(b.cmp(&a))) {
            dedicated.push(k);
        }
    }
    dedicated.truncate(managers.len().max(1));
    let weights: Vec<f64> = dedicated.iter().map(|&k| load[k]).collect();
    let units: Vec<Vec<usize>> = dedicated.iter().map(|&k| by_class[k].clone()).collect();
    let ranked = split_managers(sc, work, &units, &weights, managers, |m| {
        sc.managers[m].competence
    });

    let mut territorial: Vec<usize> = (0..n_class)
        .filter(|k| !dedicated.contains(k))
        .flat_map(|k| by_class[k].iter().copied())
        .collect();
    let far = sc.settings.format.territorial_km;
    let mut out = Vec::new();
    for (i, &k) in dedicated.iter().enumerate() {
        let cs = &by_class[k];
        let pts: Vec<Point> = cs.iter().map(|&c| sc.customers[c].pos).collect();
        let mut keep = Vec::with_capacity(cs.len());
        match Grid::new(&pts, 4) {
            // A customer whose nearest same-class shop is farther than `far` is farther than
            // that from every territory of its class.
            Some(g) if cs.len() > 1 => {
                for (j, &c) in cs.iter().enumerate() {
                    let d = g
                        .nearest(&pts, j, 1)
                        .first()
                        .map(|x| x.1)
                        .unwrap_or(f64::INFINITY);
                    if d > far {
                        territorial.push(c);
                    } else {
                        keep.push(c);
                    }
                }
            }
            _ => keep.clone_from(cs),
        }
        if keep.is_empty() {
            // Every shop of the class is far from the others: there is no territory of the class
            // to lie in, so the class's manager serves them all rather than nobody.
            territorial.retain(|c| !cs.contains(c));
            keep.clone_from(cs);
        }
        out.push((k as u8, keep, ranked.get(i).cloned().unwrap_or_default()));
    }
    territorial.sort_unstable();
    ClassPlan {
        dedicated: out,
        territorial,
    }
}

/// Staffs `customers` with `managers` by format, as generalists or as specialist posts per class.
pub fn staff(
    b: &mut Builder,
    sc: &Scenario,
    work: &[Work],
    customers: &[usize],
    managers: &[usize],
    prefix: &str,
    specialists: bool,
) {
    // Like for like: classes are drawn per department (as region and specialised work), or
    // company-wide when the settings say so.
    per_segment_scope(
        sc,
        work,
        customers,
        managers,
        prefix,
        |segment, ms, prefix| {
            let p = plan(sc, work, segment, ms);
            for (k, cs, ms) in &p.dedicated {
                let group = format!("{prefix}class:{k}");
                if specialists {
                    staff_specialists(b, sc, work, cs, ms, &sc.settings.posts, Shift::Day, &group);
                } else {
                    staff_generalists(b, sc, work, cs, ms, Shift::Day, &group);
                }
            }
            serve_by_nearest(b, sc, &p.territorial, segment);
        },
    );
}

impl StaffingModel for Format {
    fn id(&self) -> ModelId {
        ModelId::Format
    }

    fn assign(&self, sc: &Scenario, work: &[Work]) -> Result<Assignment, CoreError> {
        assign_whole(sc, work, ModelId::Format, |b, cs, ms| {
            staff(b, sc, work, cs, ms, "", false)
        })
    }
}
