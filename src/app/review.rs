//! The import review: what a list gave and what the import derived, counted from the scenario
//! itself (so the panel's figures are the scenario's), with the rules used. The page shows it
//! after an import and lets the user correct the rules (`Msg::SetRule`); the worker derives the
//! list again (`rederived`) and the page runs it again.

use crate::core::geo::Point;
use crate::core::io::{rederive, DeriveRules};
use crate::core::scenario::{nearest_office, DepartmentsRule, Derived, Scenario, Zone};
use crate::core::value_group;

/// The fields an import may derive, in the order the panel lists them (the ids of
/// `Derived::names`, which are also the translation keys' last part: `review.field.<id>`).
pub const FIELDS: [&str; 7] = [
    "class",
    "zone",
    "grade",
    "amount",
    "value",
    "night_shop",
    "hours",
];

/// One field: how many customers' values came from the list and how many were derived.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldRow {
    pub field: &'static str,
    pub read: usize,
    pub derived: usize,
}

/// One department: its office and its customers.
#[derive(Debug, Clone, PartialEq)]
pub struct DepartmentRow {
    pub name: String,
    pub office: Point,
    /// The office in longitude/latitude, when the list came with them.
    pub lon_lat: Option<(f64, f64)>,
    /// Its customers: those fixed to it, else those nearest its office.
    pub customers: usize,
    /// The office was placed by a rule (no coordinates were given for it).
    pub office_derived: bool,
}

/// Everything the review panel shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    pub customers: usize,
    pub fields: Vec<FieldRow>,
    /// Customers per format class (index = class, 0 = 甲).
    pub classes: Vec<usize>,
    /// Customers per zone, in `Zone::ALL` order.
    pub zones: [usize; 3],
    /// Customers per value group, in `ValueGroup::ALL` order.
    pub groups: [usize; 4],
    pub night_shops: usize,
    /// Opening hours and how many customers keep them, most common first (at most four).
    pub hours: Vec<((u32, u32), usize)>,
    pub departments: Vec<DepartmentRow>,
    /// Managers in the list (0 when none came with it).
    pub managers: usize,
    /// The managers are made up (staffed by the workload method for a list without them).
    pub managers_invented: bool,
}

impl Review {
    /// The review of `sc` as it stands.
    pub fn of(sc: &Scenario) -> Review {
        let n = sc.customers.len();
        // A list's customers share a few patterns of derived fields: the patterns are counted,
        // then their fields (field by field over every customer, a province's list made 2.1
        // million lists of names).
        let mut patterns: Vec<(Derived, usize)> = Vec::new();
        for c in sc.customers.iter() {
            match patterns.iter_mut().find(|(d, _)| *d == c.derived) {
                Some((_, k)) => *k += 1,
                None => patterns.push((c.derived, 1)),
            }
        }
        let fields = FIELDS
            .iter()
            .map(|&field| {
                let derived = patterns
                    .iter()
                    .filter(|(d, _)| d.names().contains(&field))
                    .map(|(_, k)| k)
                    .sum();
                FieldRow {
                    field,
                    read: n - derived,
                    derived,
                }
            })
            .collect();
        let mut classes = vec![0; sc.settings.classes.len().max(1)];
        let mut zones = [0; 3];
        let mut hours: Vec<((u32, u32), usize)> = Vec::new();
        for c in sc.customers.iter() {
            if let Some(k) = classes.get_mut(usize::from(c.class)) {
                *k += 1;
            }
            if let Some(k) = Zone::ALL.iter().position(|z| *z == c.zone) {
                zones[k] += 1;
            }
            let w = (c.open_min, c.close_min);
            match hours.iter_mut().find(|(h, _)| *h == w) {
                Some((_, k)) => *k += 1,
                None => hours.push((w, 1)),
            }
        }
        // Most common first; equal counts by opening time, so the order is stable.
        hours.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        hours.truncate(4);
        let groups = value_group::counts(sc);
        let departments = departments(sc);
        Review {
            customers: n,
            fields,
            classes,
            zones,
            groups,
            night_shops: sc.customers.iter().filter(|c| c.night_shop).count(),
            hours,
            departments,
            managers: sc.managers.len(),
            managers_invented: sc.managers_invented || sc.managers.is_empty(),
        }
    }

    /// Whether anything was derived at all (a full list needs no review of its rules).
    pub fn any_derived(&self) -> bool {
        self.fields.iter().any(|f| f.derived > 0)
    }
}

/// `sc`, derived under `from`, derived again under `to`. Departments cut by geography follow a
/// change of their usual size; other corrections keep them, so the offices do not move under
/// the user. The cut itself is the scenario assembler's (it cuts the departments a scenario asks
/// for), so this stays light.
pub fn rederived(sc: &Scenario, from: &DeriveRules, to: &DeriveRules) -> Scenario {
    let mut out = rederive(sc, to);
    let resize = matches!(
        out.departments_rule,
        Some(DepartmentsRule::Geography { .. })
    ) && to.department_managers != from.department_managers;
    if resize {
        out.departments.clear();
        for c in out.customers_mut() {
            c.department = None;
        }
        out.departments_rule = Some(DepartmentsRule::Geography {
            managers: to.department_managers,
            headcount: 0,
        });
    }
    out
}

/// The rules the panel lets the user correct, as (id, value) pairs in the panel's units: the
/// density thresholds of the zone rule, the size thresholds of the class rule.
pub fn rule_values(r: &DeriveRules) -> [(&'static str, f64); 6] {
    [
        ("department_managers", r.department_managers as f64),
        ("link_km", r.link_km),
        ("urban_min_shops", r.urban_min_shops as f64),
        ("town_min_shops", r.town_min_shops as f64),
        (
            "large_supermarket_grade",
            f64::from(r.large_supermarket_grade),
        ),
        (
            "small_hospitality_grade",
            f64::from(r.small_hospitality_grade),
        ),
    ]
}

/// Why a rule value was refused: a translation key and the accepted range.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{id}: {text} is not within {lo}..{hi}")]
pub struct RuleError {
    pub id: String,
    pub text: String,
    pub lo: f64,
    pub hi: f64,
}

/// `r` with rule `id` set to `text` (what the user typed), or why not. Every number is checked
/// against a range that keeps the rule meaningful (a link of 0 km would make every shop rural).
pub fn set_rule(r: &DeriveRules, id: &str, text: &str) -> Result<DeriveRules, RuleError> {
    let (lo, hi) = match id {
        "link_km" => (0.05, 5.0),
        "urban_min_shops" | "town_min_shops" => (1.0, 100_000.0),
        "large_supermarket_grade" | "small_hospitality_grade" => (1.0, 30.0),
        "department_managers" => (1.0, 100.0),
        _ => (0.0, 0.0),
    };
    let bad = || RuleError {
        id: id.to_string(),
        text: text.to_string(),
        lo,
        hi,
    };
    let v: f64 = text.trim().parse().map_err(|_| bad())?;
    if !(lo..=hi).contains(&v) || (id != "link_km" && v.fract() != 0.0) {
        return Err(bad());
    }
    let mut out = r.clone();
    match id {
        "link_km" => out.link_km = v,
        "urban_min_shops" => out.urban_min_shops = v as usize,
        "town_min_shops" => out.town_min_shops = v as usize,
        "large_supermarket_grade" => out.large_supermarket_grade = v as u8,
        "small_hospitality_grade" => out.small_hospitality_grade = v as u8,
        "department_managers" => out.department_managers = v as usize,
        _ => return Err(bad()),
    }
    Ok(out)
}

/// The departments with their offices and how many customers each has (a customer without a
/// department counts at its nearest office).
pub fn departments(sc: &Scenario) -> Vec<DepartmentRow> {
    let mut per_dept = vec![0; sc.departments.len()];
    for c in sc.customers.iter() {
        let d = c
            .department
            .unwrap_or_else(|| nearest_office(&sc.departments, c.pos));
        if let Some(k) = per_dept.get_mut(d) {
            *k += 1;
        }
    }
    sc.departments
        .iter()
        .zip(per_dept)
        .map(|(d, customers)| DepartmentRow {
            name: d.name.clone(),
            office: d.office,
            lon_lat: sc
                .origin
                .map(|o| crate::core::io::project::to_lon_lat(o, d.office)),
            customers,
            office_derived: d.office_derived,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::generate::{generate, Preset};

    #[test]
    fn the_counts_are_the_scenarios() {
        let sc = generate(Preset::County, 3).expect("county");
        let r = Review::of(&sc);
        assert_eq!(r.customers, sc.customers.len());
        assert_eq!(r.classes.iter().sum::<usize>(), sc.customers.len());
        assert_eq!(r.zones.iter().sum::<usize>(), sc.customers.len());
        assert_eq!(r.groups.iter().sum::<usize>(), sc.customers.len());
        let urban = sc
            .customers
            .iter()
            .filter(|c| c.zone == Zone::Urban)
            .count();
        assert_eq!(r.zones[0], urban);
        let jia = sc.customers.iter().filter(|c| c.class == 0).count();
        assert_eq!(r.classes[0], jia);
        // A preset derives nothing.
        assert!(!r.any_derived());
        assert_eq!(r.departments.len(), sc.departments.len());
        assert_eq!(
            r.departments.iter().map(|d| d.customers).sum::<usize>(),
            sc.customers.len()
        );
        assert!(!r.managers_invented);
    }

    #[test]
    fn derived_fields_are_counted_per_field() {
        let mut sc = generate(Preset::Rural, 5).expect("rural");
        for (i, c) in sc.customers_mut().iter_mut().enumerate() {
            c.derived.class = i % 2 == 0;
            c.derived.zone = i % 3 == 0;
            c.derived.hours = i % 7 == 0;
        }
        let r = Review::of(&sc);
        let n = sc.customers.len();
        for row in &r.fields {
            let want = sc
                .customers
                .iter()
                .filter(|c| c.derived.names().contains(&row.field))
                .count();
            assert_eq!((row.derived, row.read), (want, n - want), "{}", row.field);
        }
        let count = |f: &str| r.fields.iter().find(|x| x.field == f).map(|x| x.derived);
        assert_eq!(count("class"), Some(n.div_ceil(2)));
        assert_eq!(count("grade"), Some(0));
    }

    #[test]
    fn rules_are_checked() {
        let r = DeriveRules::default();
        let s = set_rule(&r, "urban_min_shops", "40").expect("40");
        assert_eq!(s.urban_min_shops, 40);
        assert!(set_rule(&r, "urban_min_shops", "4.5").is_err());
        assert!(set_rule(&r, "link_km", "0").is_err());
        assert!(set_rule(&r, "link_km", "abc").is_err());
        assert!(set_rule(&r, "nonsense", "1").is_err());
        assert_eq!(set_rule(&r, "link_km", "0.8").expect("0.8").link_km, 0.8);
        assert_eq!(
            rule_values(&s)
                .iter()
                .find(|(id, _)| *id == "urban_min_shops")
                .map(|p| p.1),
            Some(40.0)
        );
    }
}
