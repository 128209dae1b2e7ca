//! Headcount changes: the scenario with exactly n managers, the least competent removed or
//! staff of median skill added at the busiest department's office.

use crate::core::scenario::{Manager, Scenario};
use crate::core::workload::{department_work, Work};

/// A person of median skill (over `sc`'s managers) in department `department`: what the
/// staffing changes add.
pub(crate) fn median_manager(sc: &Scenario, id: String, department: usize) -> Manager {
    let median = |f: &dyn Fn(&Manager) -> f64| {
        let mut v: Vec<f64> = sc.managers.iter().map(f).collect();
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(70.0)
    };
    Manager {
        name: format!("+{id}"),
        id,
        department,
        competence: median(&|m| m.competence),
        skills: [0, 1, 2, 3].map(|k| median(&|m: &Manager| m.skills[k])),
        pay_grade: median(&|m| f64::from(m.pay_grade)) as u8,
        post: None,
    }
}

/// `sc` with exactly `n` managers (n ≥ 1): the least competent removed, or staff of median
/// skill added at the office of the department with the most work per manager.
pub fn with_headcount(sc: &Scenario, work: &[Work], n: usize) -> Scenario {
    let mut out = sc.clone();
    let n = n.max(1);
    if out.managers.len() > n {
        // Keep the most competent (ties: the earlier in the list), in their original order.
        let mut order: Vec<usize> = (0..out.managers.len()).collect();
        order.sort_by(|&a, &b| {
            out.managers[b]
                .competence
                .total_cmp(&out.managers[a].competence)
                .then(a.cmp(&b))
        });
        let mut keep = vec![false; out.managers.len()];
        for &i in &order[..n] {
            keep[i] = true;
        }
        let mut k = 0;
        out.managers.retain(|_| {
            k += 1;
            keep[k - 1]
        });
        return out;
    }
    if out.managers.len() == n || out.departments.is_empty() {
        return out;
    }
    let dept_work = department_work(&out, work);
    let mut dept_staff = vec![0usize; out.departments.len()];
    for m in &out.managers {
        if let Some(x) = dept_staff.get_mut(m.department) {
            *x += 1;
        }
    }
    let mut k = 0;
    while out.managers.len() < n {
        let d = (0..dept_work.len())
            .max_by(|&a, &b| {
                let per = |i: usize| dept_work[i] / (dept_staff[i] + 1) as f64;
                per(a).total_cmp(&per(b)).then(b.cmp(&a))
            })
            .unwrap_or(0);
        dept_staff[d] += 1;
        k += 1;
        let mut m = median_manager(sc, format!("ADD{k:03}"), d);
        m.name = format!("+{k}");
        out.managers.push(m);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::generate::{generate, Preset};
    use crate::core::workload::generalist;

    #[test]
    fn headcount_changes_add_median_staff_or_remove_the_least_competent() {
        let sc = generate(Preset::Urban, 4).expect("preset");
        let work = generalist(&sc);
        let n = sc.managers.len();
        let fewer = with_headcount(&sc, &work, n - 2);
        assert_eq!(fewer.managers.len(), n - 2);
        let min_kept = fewer
            .managers
            .iter()
            .map(|m| m.competence)
            .fold(f64::INFINITY, f64::min);
        let removed: Vec<&Manager> = sc
            .managers
            .iter()
            .filter(|m| !fewer.managers.iter().any(|k| k.id == m.id))
            .collect();
        assert_eq!(removed.len(), 2);
        assert!(removed.iter().all(|m| m.competence <= min_kept));
        let more = with_headcount(&sc, &work, n + 3);
        assert_eq!(more.managers.len(), n + 3);
        assert_eq!(&more.managers[..n], &sc.managers[..]);
        for m in &more.managers[n..] {
            assert!(m.department < sc.departments.len());
            assert!(m.competence > 0.0);
        }
    }
}
