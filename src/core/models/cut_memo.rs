//! Territories remembered while one scenario's customers are staffed again and again with other
//! people (`remember`): the establishment search assigns the whole company in every round,
//! though only some departments' people changed, and cutting territories is most of an
//! assignment. A cut is a function of the scenario's customers and settings, the customers
//! being cut, their weights and the managers (who they are and in what order), so the same
//! inputs give back the same territories: the plans are the same bytes with or without it.
//!
//! The memory lives on the thread that asked for it, only while the `Remembering` it returned
//! is alive, and holds the most recently used `CAPACITY` cuts.

use std::cell::RefCell;

use crate::core::geo::Point;
use crate::core::scenario::{Manager, Scenario};
use crate::core::settings::Settings;

/// Cuts kept: a round of the search on a city cuts a few dozen segments; a put-back step needs
/// those of the round before.
const CAPACITY: usize = 256;

/// The inputs of one cut and its territories (each with its manager's place in `managers`).
struct Entry {
    items: Vec<usize>,
    pts: Vec<Point>,
    w: Vec<u64>,
    managers: Vec<Manager>,
    parts: Vec<(Vec<usize>, usize)>,
    used: u64,
}

/// The remembered cuts of one scenario (its settings and number of customers, checked on every
/// recall so that a cut of another scenario is never returned).
#[derive(Default)]
struct Memo {
    scope: Option<(Settings, usize)>,
    entries: Vec<Entry>,
    clock: u64,
}

thread_local! {
    static MEMO: RefCell<Option<Memo>> = const { RefCell::new(None) };
}

/// Territories are remembered on this thread until the value is dropped (then whatever was
/// remembered before is back).
pub struct Remembering {
    previous: Option<Memo>,
}

impl Drop for Remembering {
    fn drop(&mut self) {
        let previous = self.previous.take();
        MEMO.with(|m| *m.borrow_mut() = previous);
    }
}

/// Remember territories on this thread while the returned value lives.
pub fn remember() -> Remembering {
    let previous = MEMO.with(|m| m.replace(Some(Memo::default())));
    Remembering { previous }
}

/// How many cuts this thread remembers now (none when it is not remembering).
pub fn remembered() -> usize {
    MEMO.with(|m| m.borrow().as_ref().map_or(0, |x| x.entries.len()))
}

/// Whether `e` is the cut of these inputs.
fn same(
    e: &Entry,
    sc: &Scenario,
    items: &[usize],
    pts: &[Point],
    w: &[f64],
    managers: &[usize],
) -> bool {
    e.items == items
        && e.managers.len() == managers.len()
        && e.managers
            .iter()
            .zip(managers)
            .all(|(x, &m)| *x == sc.managers[m])
        && items
            .iter()
            .zip(e.pts.iter().zip(&e.w))
            .all(|(&c, (p, bits))| pts[c] == *p && w[c].to_bits() == *bits)
}

/// The territories of these inputs when they are remembered, each with its manager.
pub(super) fn recall(
    sc: &Scenario,
    items: &[usize],
    pts: &[Point],
    w: &[f64],
    managers: &[usize],
) -> Option<Vec<(Vec<usize>, usize)>> {
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        let memo = m.as_mut()?;
        let here = |x: &(Settings, usize)| x.0 == sc.settings && x.1 == sc.customers.len();
        if !memo.scope.as_ref().is_some_and(here) {
            // Another scenario: nothing remembered applies.
            memo.entries.clear();
            memo.scope = Some((sc.settings.clone(), sc.customers.len()));
            return None;
        }
        memo.clock += 1;
        let clock = memo.clock;
        let e = memo
            .entries
            .iter_mut()
            .find(|e| same(e, sc, items, pts, w, managers))?;
        e.used = clock;
        Some(
            e.parts
                .iter()
                .map(|(part, at)| (part.clone(), managers[*at]))
                .collect(),
        )
    })
}

/// Remembers the territories `parts` (each with its manager) of these inputs, when territories
/// are being remembered.
pub(super) fn keep(
    sc: &Scenario,
    items: &[usize],
    pts: &[Point],
    w: &[f64],
    managers: &[usize],
    parts: &[(Vec<usize>, usize)],
) {
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        let Some(memo) = m.as_mut() else { return };
        let Some(parts) = parts
            .iter()
            .map(|(p, who)| Some((p.clone(), managers.iter().position(|x| x == who)?)))
            .collect::<Option<Vec<_>>>()
        else {
            return;
        };
        memo.clock += 1;
        if memo.entries.len() >= CAPACITY {
            if let Some(oldest) = (0..memo.entries.len()).min_by_key(|&i| memo.entries[i].used) {
                memo.entries.swap_remove(oldest);
            }
        }
        memo.entries.push(Entry {
            items: items.to_vec(),
            pts: items.iter().map(|&c| pts[c]).collect(),
            w: items.iter().map(|&c| w[c].to_bits()).collect(),
            managers: managers.iter().map(|&x| sc.managers[x].clone()).collect(),
            parts,
            used: memo.clock,
        });
    })
}
