//! Scenario data in and out: customer and manager lists (CSV in UTF-8, UTF-8 with BOM, UTF-16
//! or GBK; XLSX), the scenario JSON with its versions, and CSV exports.
//!
//! Pure functions over bytes and strings: the CLI reads files and the browser reads `File`
//! objects, then both pass the bytes here. An import either succeeds whole or returns every
//! problem found (`ImportErrors`), changing nothing. See docs/data.md for the column
//! dictionary, the derivation rules and the limits.

pub mod cells;
pub mod columns;
pub mod customers;
pub mod decode;
pub mod derive;
pub mod error;
pub mod export;
pub mod json;
pub mod locks;
pub mod managers;
pub mod pilot;
pub mod project;
pub mod rederive;
pub mod sheet;
pub mod table;
pub mod validate;
pub mod xlsx;

pub use customers::{import_customers, CustomerImport, MAX_CUSTOMERS};
pub use derive::DeriveRules;
pub use error::{ImportError, ImportErrorKind, ImportErrors, Source};
pub use export::{customers_csv, managers_csv};
pub use json::{config_to_json, from_json, to_json, Loaded, WriteError};
pub use locks::{import_locks, read_locks, LockRow};
pub use managers::{import_managers, ManagerImport, MAX_MANAGERS};
pub use rederive::rederive;

use super::departments::derive_departments;
use super::geo::Point;
use super::scenario::Scenario;
use error::Collector;

/// Puts the offices of departments `unplaced` (created by a manager import without base
/// coordinates) among their customers: at the centroid of the customers whose department
/// column names them, else at the centroids of equal west-to-east slices of the customers.
fn place_offices(sc: &mut Scenario, unplaced: &[usize], tags: &[Option<String>]) {
    if sc.customers.is_empty() {
        return;
    }
    let centroid = |idx: &[usize]| {
        let n = idx.len().max(1) as f64;
        Point::new(
            idx.iter().map(|&i| sc.customers[i].pos.x).sum::<f64>() / n,
            idx.iter().map(|&i| sc.customers[i].pos.y).sum::<f64>() / n,
        )
    };
    let mut rest = Vec::new();
    let mut placed = Vec::new();
    for &d in unplaced {
        let Some(dep) = sc.departments.get(d) else {
            continue;
        };
        let mine: Vec<usize> = tags
            .iter()
            .enumerate()
            .filter(|(_, t)| t.as_deref().is_some_and(|t| t == dep.id || t == dep.name))
            .map(|(i, _)| i)
            .collect();
        if mine.is_empty() {
            rest.push(d);
        } else {
            placed.push((d, centroid(&mine)));
        }
    }
    if !rest.is_empty() {
        let mut order: Vec<usize> = (0..sc.customers.len()).collect();
        order.sort_by(|&a, &b| {
            sc.customers[a]
                .pos
                .x
                .total_cmp(&sc.customers[b].pos.x)
                .then(a.cmp(&b))
        });
        let k = rest.len();
        for (j, &d) in rest.iter().enumerate() {
            let lo = order.len() * j / k;
            let hi = (order.len() * (j + 1) / k).max(lo + 1).min(order.len());
            placed.push((d, centroid(&order[lo.min(hi)..hi])));
        }
    }
    for (d, p) in placed {
        if let Some(dep) = sc.departments.get_mut(d) {
            dep.office = p;
            dep.office_derived = true;
        }
    }
}

/// Builds a scenario from `base` (a loaded scenario JSON, or `Scenario::empty`) and the lists
/// given: customers replace `base`'s customers, managers (with their departments) replace its
/// managers. Problems in both lists are reported together; on any, nothing is returned.
/// A scenario left without managers is not an error here: the caller may staff it
/// (`generate::staff_by_workload`). A customer list given without managers, on a base without
/// departments of its own, gets departments derived from it by `rules`
/// (`core::departments::derive_departments`: the list's department column, else geography).
pub fn import_scenario(
    base: Scenario,
    rules: &DeriveRules,
    customers: Option<&[u8]>,
    managers: Option<&[u8]>,
) -> Result<Scenario, ImportErrors> {
    let mut sc = base;
    let mut errs = Collector::default();
    let mut tags = Vec::new();
    // A list without managers on a base without departments of its own (none, or derived for
    // an earlier list) gets departments derived from it.
    let derive = customers.is_some()
        && managers.is_none()
        && sc.managers.is_empty()
        && (sc.departments.is_empty() || sc.departments_rule.is_some());
    if let Some(bytes) = customers {
        match import_customers(bytes, &sc.settings, rules, sc.origin) {
            Ok(imp) => {
                sc.customers = imp.customers.into();
                sc.origin = imp.origin.or(sc.origin);
                sc.department_column = imp.department_header;
                tags = imp.departments;
            }
            Err(e) => errs.extend(e),
        }
    }
    if let Some(bytes) = managers {
        match import_managers(bytes, &sc.settings, &sc.departments, sc.origin) {
            Ok(imp) => {
                sc.managers = imp.managers;
                // Real managers now: their skills can be measured.
                sc.managers_invented = false;
                sc.departments = imp.departments;
                // The manager list's departments replace derived ones, whose customers were
                // fixed by index.
                if sc.departments_rule.take().is_some() {
                    for c in sc.customers_mut() {
                        c.department = None;
                    }
                }
                place_offices(&mut sc, &imp.unplaced, &tags);
            }
            Err(e) => errs.extend(e),
        }
    }
    if !errs.is_empty() {
        return Err(errs.into_err());
    }
    if derive && !sc.customers.is_empty() {
        derive_departments(&mut sc, rules);
    }
    let problems = validate::problems(&sc);
    for p in problems {
        errs.push(ImportError::file(
            Source::Scenario,
            ImportErrorKind::InvalidScenario(p),
        ));
    }
    errs.finish(sc)
}
