//! Importing a manager list: people, their departments (created as named), skills and pay
//! grades; offices from base coordinates when given.

use std::collections::BTreeMap;

use super::cells;
use super::columns::{Columns, MANAGER_COLUMNS};
use super::error::{Collector, ImportError, ImportErrorKind, ImportErrors, Source};
use super::project;
use super::table::{self, FileFormat};
use crate::core::geo::Point;
use crate::core::scenario::{Department, GeoOrigin, Manager};
use crate::core::settings::Settings;

/// The most managers one list may hold.
pub const MAX_MANAGERS: usize = 10_000;

/// Competence of a manager whose list gives none (the middle of the generator's spread).
pub const DEFAULT_COMPETENCE: f64 = 70.0;

const SRC: Source = Source::Managers;

/// A successful manager import: the managers and every department (the known ones first, in
/// their order, then new ones in order of first mention).
#[derive(Debug, Clone, PartialEq)]
pub struct ManagerImport {
    pub managers: Vec<Manager>,
    pub departments: Vec<Department>,
    /// New departments with no base coordinates: their offices are placed from the customers.
    pub unplaced: Vec<usize>,
    pub format: FileFormat,
}

/// Pay grade from competence, as the generator assigns it, capped at the grades that exist.
pub fn pay_grade_for(competence: f64, grades: usize) -> u8 {
    let g = if competence < 65.0 {
        1
    } else if competence < 78.0 {
        2
    } else {
        3
    };
    g.min(grades.clamp(1, 255) as u8)
}

/// Imports a manager list. `known` are the departments the scenario already has (from its
/// JSON); rows name them by id or name. Base coordinates must be in the customers' system:
/// lon/lat when `origin` is set, x/y km otherwise.
pub fn import_managers(
    bytes: &[u8],
    settings: &Settings,
    known: &[Department],
    origin: Option<GeoOrigin>,
) -> Result<ManagerImport, ImportErrors> {
    let table = table::read(bytes, SRC, MAX_MANAGERS)?;
    let cols = Columns::resolve(&table, MANAGER_COLUMNS, SRC)?;
    let mut errs = Collector::default();
    cols.require(MANAGER_COLUMNS, "manager_id", SRC, &mut errs);
    if !errs.is_empty() {
        return Err(errs.into_err());
    }
    if table.rows.is_empty() {
        return Err(ImportError::file(SRC, ImportErrorKind::NoManagers).into());
    }
    let mut departments = known.to_vec();
    // Base positions given for each department created here.
    let mut bases: BTreeMap<usize, Vec<Point>> = BTreeMap::new();
    let mut managers = Vec::new();
    let mut first_row: BTreeMap<String, usize> = BTreeMap::new();
    let grades = settings.pay_per_month.len().max(1);
    for (row, cells) in &table.rows {
        let row = *row;
        let before = errs.count();
        let get = |id: &str| cols.get(cells, id);
        let fail = |errs: &mut Collector, id: &str, v: &str, kind| {
            errs.push(ImportError::cell(
                SRC,
                row,
                &cols.header_of(MANAGER_COLUMNS, id),
                v,
                kind,
            ))
        };
        let ranged = |errs: &mut Collector, id: &str, lo: f64, hi: f64| -> Option<f64> {
            let s = get(id)?;
            match cells::number(s) {
                None => {
                    fail(errs, id, s, ImportErrorKind::NotANumber);
                    None
                }
                Some(v) if !(lo..=hi).contains(&v) => {
                    fail(
                        errs,
                        id,
                        s,
                        ImportErrorKind::OutOfRange {
                            min: lo.to_string(),
                            max: hi.to_string(),
                        },
                    );
                    None
                }
                Some(v) => Some(v),
            }
        };
        let id = get("manager_id").map(str::to_string);
        let competence = ranged(&mut errs, "competence", 0.0, 100.0);
        let skill_ids = [
            "skill_service",
            "skill_brand",
            "skill_training",
            "skill_research",
        ];
        let skills = skill_ids.map(|s| ranged(&mut errs, s, 0.0, 100.0));
        let pay = ranged(&mut errs, "pay_grade", 1.0, grades as f64);
        if let Some(g) = pay.filter(|g| g.fract() != 0.0) {
            let kind = ImportErrorKind::OutOfRange {
                min: "1".into(),
                max: grades.to_string(),
            };
            fail(&mut errs, "pay_grade", &g.to_string(), kind);
        }
        let pay = pay.map(|g| g as u8);
        let base = if origin.is_some() {
            let lon = ranged(&mut errs, "base_longitude", -180.0, 180.0);
            let lat = ranged(&mut errs, "base_latitude", -90.0, 90.0);
            match (lon, lat, origin) {
                (Some(lon), Some(lat), Some(o)) => Some(project::to_plane(o, lon, lat)),
                _ => None,
            }
        } else {
            None
        };
        let xy = {
            let x = ranged(&mut errs, "base_x_km", -10_000.0, 10_000.0);
            let y = ranged(&mut errs, "base_y_km", -10_000.0, 10_000.0);
            x.zip(y).map(|(x, y)| Point::new(x, y))
        };
        // x/y in km win, as in customer lists.
        let base = xy.or(base);
        let Some(id) = id else {
            fail(&mut errs, "manager_id", "", ImportErrorKind::EmptyValue);
            continue;
        };
        if let Some(&first) = first_row.get(&id) {
            fail(
                &mut errs,
                "manager_id",
                &id,
                ImportErrorKind::DuplicateId { first_row: first },
            );
            continue;
        }
        first_row.insert(id.clone(), row);
        if errs.count() > before {
            continue;
        }
        let dept_id = get("department_id");
        let dept_name = get("department");
        let key = dept_id.or(dept_name);
        let found = match key {
            Some(k) => departments.iter().position(|d| d.id == k || d.name == k),
            // No department column: the first department, or a new one.
            None => (!departments.is_empty()).then_some(0),
        };
        let d = match found {
            Some(d) => d,
            None => {
                let n = departments.len() + 1;
                departments.push(Department {
                    id: dept_id.map_or_else(|| format!("D{n}"), str::to_string),
                    name: dept_name
                        .or(dept_id)
                        .map_or_else(|| format!("客户服务部{n}"), str::to_string),
                    office: Point::default(),
                    market_manager: String::new(),
                    office_derived: true,
                });
                departments.len() - 1
            }
        };
        if d >= known.len() {
            if let Some(b) = base {
                bases.entry(d).or_default().push(b);
            }
        }
        if let (Some(mm), Some(dep)) = (get("market_manager"), departments.get_mut(d)) {
            if dep.market_manager.is_empty() {
                dep.market_manager = mm.to_string();
            }
        }
        let competence = competence.unwrap_or(DEFAULT_COMPETENCE);
        managers.push(Manager {
            name: get("manager_name").map_or_else(|| id.clone(), str::to_string),
            id,
            department: d,
            competence,
            skills: skills.map(|s| s.unwrap_or(competence)),
            pay_grade: pay.unwrap_or_else(|| pay_grade_for(competence, grades)),
            post: None,
        });
    }
    if !errs.is_empty() {
        return Err(errs.into_err());
    }
    for (d, pts) in &bases {
        if let (Some(dep), Some(first)) = (departments.get_mut(*d), pts.first()) {
            // The common base exactly when all agree (the usual case: the office), else the mean.
            dep.office = if pts.iter().all(|p| p == first) {
                *first
            } else {
                let n = pts.len() as f64;
                Point::new(
                    pts.iter().map(|p| p.x).sum::<f64>() / n,
                    pts.iter().map(|p| p.y).sum::<f64>() / n,
                )
            };
            dep.office_derived = false;
        }
    }
    let unplaced = (known.len()..departments.len())
        .filter(|d| !bases.contains_key(d))
        .collect();
    Ok(ManagerImport {
        managers,
        departments,
        unplaced,
        format: table.format,
    })
}
