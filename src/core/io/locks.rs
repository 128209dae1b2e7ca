//! Reading a lock file: the customers to keep with a chosen manager whatever the model
//! (`Customer::locked_to`, kept by `models::locks`).
//!
//! A CSV (UTF-8 with or without BOM, GBK, as the lists) or XLSX with a `customer_id` column and
//! an optional `main_staff` column naming the manager by id. A row without a manager locks the
//! customer to today's: the current manager the customer list names (`current_manager`, when
//! it is a manager of the scenario), else the main staff of the region model run on the
//! scenario without its locks (for a preset, the plan as generated). Every bad row is reported
//! with its row, column, value and reason; on any, nothing is locked (the caller keeps the
//! scenario it had).

use std::collections::BTreeMap;

use super::columns::{ColumnDef, Columns, CUSTOMER_ID_ALIASES};
use super::customers::MAX_CUSTOMERS;
use super::error::{Collector, ImportError, ImportErrorKind, ImportErrors, Source};
use super::table;
use crate::core::models::locks::manager_index;
use crate::core::pilot::baseline::region_plan;
use crate::core::scenario::Scenario;

const SRC: Source = Source::Locks;

/// Columns of a lock file. Required: customer_id (the customer list's headers for it).
/// Optional: main_staff, the manager's id (the manager list's id headers, and the customer
/// list's current-manager ones, which name the same people).
pub const LOCK_COLUMNS: &[ColumnDef] = &[
    ColumnDef {
        id: "customer_id",
        aliases: CUSTOMER_ID_ALIASES,
    },
    ColumnDef {
        id: "main_staff",
        aliases: &[
            "主办客户经理",
            "客户经理编码",
            "员工编号",
            "工号",
            "现客户经理",
            "客户经理",
            "main_staff",
            "manager_id",
            "current_manager",
            "manager",
        ],
    },
];

/// One row of a lock file, checked against the scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockRow {
    /// The spreadsheet row (the header is row 1).
    pub row: usize,
    /// Index into `Scenario::customers`.
    pub customer: usize,
    /// Index into `Scenario::managers`; `None`: today's manager.
    pub manager: Option<usize>,
}

/// Reads a lock file against `sc`: every customer and manager id must be the scenario's, and a
/// customer may be named once.
pub fn read_locks(bytes: &[u8], sc: &Scenario) -> Result<Vec<LockRow>, ImportErrors> {
    let table = table::read(bytes, SRC, MAX_CUSTOMERS)?;
    let cols = Columns::resolve(&table, LOCK_COLUMNS, SRC)?;
    let mut errs = Collector::default();
    if !cols.require(LOCK_COLUMNS, "customer_id", SRC, &mut errs) {
        return Err(errs.into_err());
    }
    if table.rows.is_empty() {
        return Err(ImportError::file(SRC, ImportErrorKind::NoRows).into());
    }
    let mut customers: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, c) in sc.customers.iter().enumerate() {
        customers.entry(c.id.as_str()).or_insert(i);
    }
    let managers = manager_index(sc);
    let mut first_row: BTreeMap<usize, usize> = BTreeMap::new();
    let mut out = Vec::with_capacity(table.rows.len());
    for (row, cells) in &table.rows {
        let row = *row;
        let fail = |errs: &mut Collector, id: &str, v: &str, kind| {
            errs.push(ImportError::cell(
                SRC,
                row,
                &cols.header_of(LOCK_COLUMNS, id),
                v,
                kind,
            ))
        };
        let customer = match cols.get(cells, "customer_id") {
            None => {
                fail(&mut errs, "customer_id", "", ImportErrorKind::EmptyValue);
                None
            }
            Some(id) => match customers.get(id) {
                None => {
                    fail(
                        &mut errs,
                        "customer_id",
                        id,
                        ImportErrorKind::UnknownCustomer,
                    );
                    None
                }
                Some(&c) => match first_row.get(&c) {
                    Some(&first) => {
                        fail(
                            &mut errs,
                            "customer_id",
                            id,
                            ImportErrorKind::DuplicateId { first_row: first },
                        );
                        None
                    }
                    None => {
                        first_row.insert(c, row);
                        Some(c)
                    }
                },
            },
        };
        let manager = match cols.get(cells, "main_staff") {
            None => Ok(None),
            Some(id) => match managers.get(id) {
                Some(&m) => Ok(Some(m)),
                None => {
                    fail(&mut errs, "main_staff", id, ImportErrorKind::UnknownManager);
                    Err(())
                }
            },
        };
        if let (Some(customer), Ok(manager)) = (customer, manager) {
            out.push(LockRow {
                row,
                customer,
                manager,
            });
        }
    }
    errs.finish(out)
}

/// Today's manager of every customer in the region model as generated.
fn region_managers(sc: &Scenario) -> Result<Vec<usize>, ImportErrors> {
    region_plan(sc).map_err(|e| {
        ImportErrors::one(ImportError::file(
            SRC,
            ImportErrorKind::InvalidScenario(e.to_string()),
        ))
    })
}

/// `sc` with the lock file's locks added (a customer the file names is locked to the file's
/// manager, replacing a lock it had); the whole file or nothing: on any error `sc` is not
/// touched and every problem is returned.
pub fn import_locks(bytes: &[u8], sc: &Scenario) -> Result<Scenario, ImportErrors> {
    let rows = read_locks(bytes, sc)?;
    let managers = manager_index(sc);
    let current = |c: usize| {
        sc.customers[c]
            .current_manager
            .as_deref()
            .and_then(|id| managers.get(id).copied())
    };
    // The region model runs only when some row needs it.
    let needs_today = rows
        .iter()
        .any(|r| r.manager.is_none() && current(r.customer).is_none());
    let today = if needs_today {
        region_managers(sc)?
    } else {
        Vec::new()
    };
    let mut out = sc.clone();
    for r in &rows {
        let m = r
            .manager
            .or_else(|| current(r.customer))
            .or_else(|| today.get(r.customer).copied());
        if let (Some(m), Some(cu)) = (
            m.and_then(|m| sc.managers.get(m)),
            out.customers_mut().get_mut(r.customer),
        ) {
            cu.locked_to = Some(m.id.clone());
        }
    }
    Ok(out)
}
