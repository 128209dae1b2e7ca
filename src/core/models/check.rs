//! The independent validator of an assignment: every test and `compare::run_model` call it.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use thiserror::Error;

use crate::core::assignment::Assignment;
use crate::core::scenario::Scenario;
use crate::core::settings::Function;
use crate::core::workload::{book_minutes, Work, WEEKS_PER_MONTH};

/// What the checker found that is not an error: staff whose book needs more hours than a
/// working week holds (the calendar then reports what was left unvisited).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CheckReport {
    /// (staff index, required hours per week) for every staff member over the weekly limit.
    pub over_capacity: Vec<(usize, f64)>,
}

/// Why an assignment is invalid. `key` and `args` name the translated text; `Display` is the
/// English one the CLI prints.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum CheckError {
    #[error("{customers} customers but {rows} assignment rows")]
    RowCount { customers: usize, rows: usize },
    #[error("staff refers to manager {manager} of {managers}")]
    NoSuchManager { manager: usize, managers: usize },
    #[error("manager {0} holds two staff roles")]
    TwoRoles(usize),
    #[error("customer {customer} function {function}: staff {staff} does not exist")]
    NoSuchStaff {
        customer: usize,
        function: usize,
        staff: usize,
    },
    #[error("customer {customer} function {function}: the plan's duty does not match what the customer needs (needed: {needed})")]
    Reach {
        customer: usize,
        function: usize,
        needed: bool,
    },
    #[error("customer {customer}: {function:?} done by the {post:?} post")]
    WrongPost {
        customer: usize,
        function: Function,
        post: Function,
    },
    #[error("customer {customer} is locked to manager {manager}, whose staff does not do its {function:?}")]
    LockNotKept {
        customer: usize,
        manager: String,
        function: Function,
    },
}

impl CheckError {
    /// Translation key of the reason.
    pub fn key(&self) -> &'static str {
        match self {
            CheckError::RowCount { .. } => "error.check.row_count",
            CheckError::NoSuchManager { .. } => "error.check.no_such_manager",
            CheckError::TwoRoles(_) => "error.check.two_roles",
            CheckError::NoSuchStaff { .. } => "error.check.no_such_staff",
            CheckError::Reach { .. } => "error.check.reach",
            CheckError::WrongPost { .. } => "error.check.wrong_post",
            CheckError::LockNotKept { .. } => "error.check.lock_not_kept",
        }
    }

    /// The values the text names (`{customers}`, `{manager}`, …); a function is given by its
    /// id (`service`, …), which the upper layer may translate.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            CheckError::RowCount { customers, rows } => {
                vec![
                    ("customers", customers.to_string()),
                    ("rows", rows.to_string()),
                ]
            }
            CheckError::NoSuchManager { manager, managers } => vec![
                ("manager", manager.to_string()),
                ("managers", managers.to_string()),
            ],
            CheckError::TwoRoles(m) => vec![("manager", m.to_string())],
            CheckError::NoSuchStaff {
                customer,
                function,
                staff,
            } => vec![
                ("customer", customer.to_string()),
                ("function", function.to_string()),
                ("staff", staff.to_string()),
            ],
            CheckError::Reach {
                customer,
                function,
                needed,
            } => vec![
                ("customer", customer.to_string()),
                ("function", function.to_string()),
                ("needed", needed.to_string()),
            ],
            CheckError::WrongPost {
                customer,
                function,
                post,
            } => vec![
                ("customer", customer.to_string()),
                ("function", function.id().to_string()),
                ("post", post.id().to_string()),
            ],
            CheckError::LockNotKept {
                customer,
                manager,
                function,
            } => vec![
                ("customer", customer.to_string()),
                ("manager", manager.clone()),
                ("function", function.id().to_string()),
            ],
        }
    }
}

/// Checks an assignment against its scenario, independently of how it was made: one
/// responsible staff member per customer and function, staff indices valid, each manager in at
/// most one staff role, posts doing only their own function (or one without a post); the hours
/// each book needs are recomputed and compared with the working week. A locked customer whose
/// manager has a staff member in the plan has that member doing every function its post does
/// there (`check_locks`).
pub fn check(sc: &Scenario, work: &[Work], a: &Assignment) -> Result<CheckReport, CheckError> {
    if a.responsible.len() != sc.customers.len() {
        return Err(CheckError::RowCount {
            customers: sc.customers.len(),
            rows: a.responsible.len(),
        });
    }
    let mut seen = BTreeSet::new();
    for s in &a.staff {
        if s.manager >= sc.managers.len() {
            return Err(CheckError::NoSuchManager {
                manager: s.manager,
                managers: sc.managers.len(),
            });
        }
        if !seen.insert(s.manager) {
            return Err(CheckError::TwoRoles(s.manager));
        }
    }
    // Posts are judged within their segment: a zone may merge posts that another zone keeps.
    let mut posts: BTreeMap<&str, BTreeSet<Function>> = BTreeMap::new();
    for st in &a.staff {
        if let Some(p) = st.post {
            posts.entry(st.group.as_str()).or_default().insert(p);
        }
    }
    for (c, row) in a.responsible.iter().enumerate() {
        for (fi, &s) in row.iter().enumerate() {
            // A duty exactly where the function reaches the customer (service everywhere).
            let needed = work.get(c).is_none_or(|w| w.reaches(Function::ALL[fi]));
            let Some(s) = s else {
                if needed {
                    return Err(CheckError::Reach {
                        customer: c,
                        function: fi,
                        needed,
                    });
                }
                continue;
            };
            if !needed {
                return Err(CheckError::Reach {
                    customer: c,
                    function: fi,
                    needed,
                });
            }
            let Some(staff) = a.staff.get(s) else {
                return Err(CheckError::NoSuchStaff {
                    customer: c,
                    function: fi,
                    staff: s,
                });
            };
            if let Some(p) = staff.post {
                let f = Function::ALL[fi];
                let own = posts
                    .get(staff.group.as_str())
                    .is_some_and(|ps| ps.contains(&f));
                if p != f && own {
                    return Err(CheckError::WrongPost {
                        customer: c,
                        function: f,
                        post: p,
                    });
                }
            }
        }
    }
    check_locks(sc, work, a, &posts)?;
    let s = &sc.settings;
    let week_hours = s.day_minutes * f64::from(s.days_per_week) / 60.0;
    let over_capacity = book_minutes(sc, work, a)
        .iter()
        .enumerate()
        .map(|(i, m)| (i, m / WEEKS_PER_MONTH / 60.0))
        .filter(|(_, h)| *h > week_hours)
        .collect();
    Ok(CheckReport { over_capacity })
}

/// Locks, worked out from the plan's staff alone: for each customer locked to a manager who
/// holds a staff role, the functions that role does (all for a generalist; for a post its own,
/// plus, for the segment's catch-all post — service, else the first post — every function
/// without a post of its own there) that reach the customer are all that member's. A lock to
/// a manager with no role, or one whose post does nothing for the customer, is not checkable
/// (the comparison counts it as not kept).
fn check_locks(
    sc: &Scenario,
    work: &[Work],
    a: &Assignment,
    posts: &BTreeMap<&str, BTreeSet<Function>>,
) -> Result<(), CheckError> {
    if sc.customers.iter().all(|c| c.locked_to.is_none()) {
        return Ok(());
    }
    let ids: BTreeMap<&str, usize> = sc
        .managers
        .iter()
        .enumerate()
        .rev()
        .map(|(i, m)| (m.id.as_str(), i))
        .collect();
    let role: BTreeMap<usize, usize> = a
        .staff
        .iter()
        .enumerate()
        .map(|(s, st)| (st.manager, s))
        .collect();
    for (c, cu) in sc.customers.iter().enumerate() {
        let Some(id) = cu.locked_to.as_deref() else {
            continue;
        };
        let Some(&s) = ids.get(id).and_then(|m| role.get(m)) else {
            continue;
        };
        let Some(st) = a.staff.get(s) else {
            continue;
        };
        let group = posts.get(st.group.as_str());
        for f in Function::ALL {
            let does = match st.post {
                None => true,
                Some(p) if p == f => true,
                Some(p) => {
                    let own = group.is_some_and(|g| g.contains(&f));
                    let catch_all = group.and_then(|g| {
                        if g.contains(&Function::Service) {
                            Some(Function::Service)
                        } else {
                            g.iter().next().copied()
                        }
                    });
                    !own && catch_all == Some(p)
                }
            };
            let reached = work.get(c).is_none_or(|w| w.reaches(f));
            if does && reached && a.responsible_for(c, f) != Some(s) {
                return Err(CheckError::LockNotKept {
                    customer: c,
                    manager: id.to_string(),
                    function: f,
                });
            }
        }
    }
    Ok(())
}
