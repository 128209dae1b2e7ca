//! What the establishment search measures of a plan: each cell's (department × post) required
//! and missed cycles, and what each department's plan was made from.
//!
//! A round of the search changes the people of some departments only. A department's plan
//! depends on the others only through the model's assignment (a model may read the whole
//! company, as the hybrid model's zones do), so a round re-plans the departments that took a
//! step and those whose share of the assignment changed, each planned alone as the whole
//! would plan it (`calendar::build_part`); the other departments' figures stand.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::post::Post;
use crate::core::assignment::{Assignment, Shift};
use crate::core::calendar::{self, required_cycles, CalendarParams};
use crate::core::models::StaffingModel;
use crate::core::scenario::Scenario;
use crate::core::settings::Function;
use crate::core::workload::Work;

pub(super) type Cell = (usize, Post);

/// Required and missed cycles per cell (a missed cycle is a required one of the same staff
/// member, so missed never exceeds required; the shares saturate all the same, since a wrap
/// would be a wrong figure and a panic in a debug build).
#[derive(Debug, Clone, Default)]
pub(super) struct Eval {
    pub cells: BTreeMap<Cell, (usize, usize)>,
    /// The plan could not be made (too few people for the model's posts): nothing meets.
    pub failed: bool,
    /// Per department: the share of the assignment its figures were measured on.
    shares: BTreeMap<usize, Arc<Share>>,
}

/// What a department's plan reads from an assignment: its staff in order (manager id, post,
/// shift, segment) and each of its customers with the staff of each function (their place in
/// that order). Two assignments with the same share plan the department alike.
#[derive(Debug, Default, PartialEq)]
struct Share {
    staff: Vec<(String, Option<Function>, Shift, String)>,
    customers: Vec<(usize, [Option<usize>; 4])>,
}

/// Each department's share of `a` (a customer is its main staff member's department's).
fn shares(sc: &Scenario, a: &Assignment) -> BTreeMap<usize, Arc<Share>> {
    let dept = |st: usize| {
        a.staff
            .get(st)
            .and_then(|s| sc.managers.get(s.manager))
            .map(|m| m.department)
    };
    let mut out: BTreeMap<usize, Share> = BTreeMap::new();
    let mut place = vec![0; a.staff.len()];
    for (st, s) in a.staff.iter().enumerate() {
        let Some(d) = dept(st) else { continue };
        let share = out.entry(d).or_default();
        place[st] = share.staff.len();
        share.staff.push((
            sc.managers[s.manager].id.clone(),
            s.post,
            s.shift,
            s.group.clone(),
        ));
    }
    for (c, row) in a.responsible.iter().enumerate() {
        if let Some(d) = dept(a.main_staff(c)) {
            let row = row.map(|x| x.map(|st| place[st]));
            out.entry(d).or_default().customers.push((c, row));
        }
    }
    out.into_iter().map(|(d, s)| (d, Arc::new(s))).collect()
}

impl Eval {
    pub(super) fn cell(&self, c: &Cell) -> (usize, usize) {
        self.cells.get(c).copied().unwrap_or((0, 0))
    }

    pub(super) fn coverage(&self, c: &Cell) -> f64 {
        let (req, miss) = self.cell(c);
        if req == 0 {
            1.0
        } else {
            req.saturating_sub(miss) as f64 / req as f64
        }
    }

    pub(super) fn meets(&self, c: &Cell, target: f64) -> bool {
        let (req, miss) = self.cell(c);
        // Counted in whole cycles, so that 0.995 of 200 needs 199 (a float product can land a
        // hair above).
        !self.failed && (req == 0 || req.saturating_sub(miss) as f64 >= target * req as f64 - 1e-9)
    }

    /// These figures with department `d`'s taken from `other`.
    pub(super) fn with_department(&self, d: usize, other: &Eval) -> Eval {
        let mut out = self.clone();
        out.cells.retain(|&(x, _), _| x != d);
        for (&c, &v) in other
            .cells
            .range((d, Post::Generalist)..=(d, Post::Research))
        {
            out.cells.insert(c, v);
        }
        out.failed = self.failed || other.failed;
        match other.shares.get(&d) {
            Some(s) => out.shares.insert(d, Arc::clone(s)),
            None => out.shares.remove(&d),
        };
        out
    }

    pub(super) fn rate(&self) -> f64 {
        let (req, miss) = self
            .cells
            .values()
            .fold((0, 0), |(r, m), &(rq, ms)| (r + rq, m + ms));
        if self.failed {
            0.0
        } else if req == 0 {
            1.0
        } else {
            req.saturating_sub(miss) as f64 / req as f64
        }
    }
}

/// The cell of each manager of `sc`.
pub(super) fn cell_of(sc: &Scenario, m: usize) -> Cell {
    let x = &sc.managers[m];
    (x.department, Post::of(x.post))
}

/// People per cell.
pub(super) fn people(sc: &Scenario) -> BTreeMap<Cell, usize> {
    let mut out = BTreeMap::new();
    for m in 0..sc.managers.len() {
        *out.entry(cell_of(sc, m)).or_default() += 1;
    }
    out
}

/// Plans `sc` and counts each cell's required and missed cycles (a cell is its people's, by the
/// post they hold).
pub(super) fn evaluate(
    sc: &Scenario,
    work: &[Work],
    model: &dyn StaffingModel,
    params: &CalendarParams,
) -> Eval {
    evaluate_after(sc, work, model, params, None)
}

/// `evaluate` of a trial that changed the people of departments `stepped` in the plan `before`
/// measured: the model assigns the whole of `sc` (it may read the whole company), and only the
/// departments that stepped or whose share of the assignment changed are planned, alone
/// (`calendar::build_part`); the others keep `before`'s figures. The whole is planned when
/// `before` failed, or when those departments share a customer with the others.
pub(super) fn evaluate_after(
    sc: &Scenario,
    work: &[Work],
    model: &dyn StaffingModel,
    params: &CalendarParams,
    after: Option<(&Eval, &BTreeSet<usize>)>,
) -> Eval {
    let Ok(a) = model.assign(sc, work) else {
        return Eval {
            failed: true,
            ..Eval::default()
        };
    };
    let shares = shares(sc, &a);
    let Some((before, stepped)) = after.filter(|(b, _)| !b.failed) else {
        let cal = calendar::build(sc, work, &a, params);
        let missed = cal.missed.iter().map(|m| m.staff);
        return tally(sc, work, &a, cal.weeks, missed, None, shares);
    };
    let mut planned = stepped.clone();
    planned.extend(
        shares
            .keys()
            .chain(before.shares.keys())
            .filter(|d| shares.get(d) != before.shares.get(d)),
    );
    let keep: Vec<bool> = a
        .staff
        .iter()
        .map(|s| planned.contains(&sc.managers[s.manager].department))
        .collect();
    let fresh = match calendar::build_part(sc, work, &a, params, &keep) {
        Some(part) => {
            let missed = part.calendar.missed.iter().map(|m| part.staff[m.staff]);
            tally(
                sc,
                work,
                &a,
                part.calendar.weeks,
                missed,
                Some(&planned),
                shares,
            )
        }
        // Departments that share customers: the whole plan's figures, every department's.
        None => {
            let cal = calendar::build(sc, work, &a, params);
            let missed = cal.missed.iter().map(|m| m.staff);
            return tally(sc, work, &a, cal.weeks, missed, None, shares);
        }
    };
    planned
        .iter()
        .fold(before.clone(), |e, &d| e.with_department(d, &fresh))
}

/// The figures of assignment `a` whose calendar over `weeks` missed the cycles of the staff
/// members `missed` (indexed like `a.staff`): each cell's required and missed cycles, of the
/// departments `only` names (every department when `None`).
fn tally(
    sc: &Scenario,
    work: &[Work],
    a: &Assignment,
    weeks: u32,
    missed: impl Iterator<Item = usize>,
    only: Option<&BTreeSet<usize>>,
    shares: BTreeMap<usize, Arc<Share>>,
) -> Eval {
    let counted = |c: &Cell| only.is_none_or(|d| d.contains(&c.0));
    let cell_of_staff = |st: usize| {
        a.staff
            .get(st)
            .map(|s| cell_of(sc, s.manager))
            .filter(counted)
    };
    let mut cells: BTreeMap<Cell, (usize, usize)> = people(sc)
        .keys()
        .filter(|c| counted(c))
        .map(|c| (*c, (0, 0)))
        .collect();
    for r in required_cycles(work, a, weeks) {
        if let Some(c) = cell_of_staff(r.staff) {
            cells.entry(c).or_default().0 += 1;
        }
    }
    for st in missed {
        if let Some(c) = cell_of_staff(st) {
            cells.entry(c).or_default().1 += 1;
        }
    }
    Eval {
        cells,
        failed: false,
        shares,
    }
}
