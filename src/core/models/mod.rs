//! Staffing models: one file per model behind one interface. Adding a model is adding a file
//! and a line in `all()`. `common.rs` holds the building blocks they share.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::error::CoreError;
use super::scenario::Scenario;
use super::settings::Function;
use super::workload::{minutes_for, team_minutes_per_month, Work, WEEKS_PER_MONTH};

pub mod common;
pub mod format;
pub mod hybrid;
pub mod region;
pub mod specialised;
pub mod value;

/// Model identifiers as the CLI contract spells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelId {
    Region,
    Format,
    Value,
    Specialised,
    Hybrid,
}

impl ModelId {
    pub const ALL: [ModelId; 5] = [
        ModelId::Region,
        ModelId::Format,
        ModelId::Value,
        ModelId::Specialised,
        ModelId::Hybrid,
    ];

    /// The model's place in `ALL` (its colour in every comparison chart).
    pub fn index(self) -> usize {
        ModelId::ALL.iter().position(|m| *m == self).unwrap_or(0)
    }

    pub fn id(self) -> &'static str {
        match self {
            ModelId::Region => "region",
            ModelId::Format => "format",
            ModelId::Value => "value",
            ModelId::Specialised => "specialised",
            ModelId::Hybrid => "hybrid",
        }
    }

    /// Translation key of the model's name.
    pub fn key(self) -> &'static str {
        match self {
            ModelId::Region => "model.region",
            ModelId::Format => "model.format",
            ModelId::Value => "model.value",
            ModelId::Specialised => "model.specialised",
            ModelId::Hybrid => "model.hybrid",
        }
    }
}

/// When a staff member works: the 8-hour day, or the same 8 hours shifted to the evening
/// (night-shop staff under flexible hours).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum Shift {
    #[default]
    Day,
    Evening,
}

/// One staff member of a plan: a manager, in a post (none = generalist doing every function).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Staff {
    /// Index into `Scenario::managers`.
    pub manager: usize,
    pub post: Option<Function>,
    pub shift: Shift,
    /// The segment the staff member serves, e.g. `dept:0`, `class:1`, `value:core`,
    /// `zone:urban/value:key`.
    pub group: String,
}

/// Who is responsible for what: the output of a staffing model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    pub model: ModelId,
    pub staff: Vec<Staff>,
    /// Per customer, per function (`Function::ALL` order): index into `staff`.
    pub responsible: Vec<[usize; 4]>,
}

impl Assignment {
    /// The customer's main staff member: the one doing its routine service.
    pub fn main_staff(&self, customer: usize) -> usize {
        self.responsible[customer][Function::Service.index()]
    }
}

/// A staffing model.
pub trait StaffingModel {
    fn id(&self) -> ModelId;
    /// Assigns every customer and function to a staff member. `work` is the generalist's
    /// work per customer (`workload::generalist`), the same in every model.
    fn assign(&self, sc: &Scenario, work: &[Work]) -> Result<Assignment, CoreError>;
}

/// Every model that exists, in the order the comparison shows them.
pub fn all() -> Vec<Box<dyn StaffingModel>> {
    vec![
        Box::new(region::Region),
        Box::new(format::Format),
        Box::new(value::Value),
        Box::new(specialised::Specialised),
        Box::new(hybrid::Hybrid),
    ]
}

/// The model with contract id `id`.
pub fn by_id(id: &str) -> Option<Box<dyn StaffingModel>> {
    all().into_iter().find(|m| m.id().id() == id)
}

/// Every model needs at least one customer and one manager.
pub fn require_people(sc: &Scenario) -> Result<(), CoreError> {
    if sc.customers.is_empty() {
        return Err(CoreError::NoCustomers);
    }
    if sc.managers.is_empty() {
        return Err(CoreError::NoManagers);
    }
    Ok(())
}

/// Runs a model's `staff` step on every customer and manager of `sc` and finishes the
/// assignment (the hybrid model instead runs the steps per zone).
pub(crate) fn assign_whole(
    sc: &Scenario,
    id: ModelId,
    staff: impl FnOnce(&mut common::Builder, &[usize], &[usize]),
) -> Result<Assignment, CoreError> {
    require_people(sc)?;
    let mut b = common::Builder::new(sc.customers.len());
    let customers: Vec<usize> = (0..sc.customers.len()).collect();
    let managers: Vec<usize> = (0..sc.managers.len()).collect();
    staff(&mut b, &customers, &managers);
    b.finish(id)
}

/// Required minutes per month of every staff member's book, recomputed from the customers'
/// work: for each (customer, staff) pair, the functions that staff member does there.
pub fn book_minutes(sc: &Scenario, work: &[Work], a: &Assignment) -> Vec<f64> {
    let mut minutes = vec![0.0; a.staff.len()];
    for (c, row) in a.responsible.iter().enumerate() {
        let mut by_staff: BTreeMap<usize, Vec<Function>> = BTreeMap::new();
        for (fi, &st) in row.iter().enumerate() {
            by_staff.entry(st).or_default().push(Function::ALL[fi]);
        }
        for (st, fs) in by_staff {
            if let Some(staff) = a.staff.get(st) {
                minutes[st] += minutes_for(sc, work, c, &fs, staff.post.is_some());
            }
        }
        // Team visits: each member's preparation and debrief, and for the members other than
        // the main staff member a trip to join.
        if let Some((members, _)) = team_of(sc, a, c) {
            let team = team_minutes_per_month(&sc.settings);
            let trip = work.get(c).map_or(0.0, |w| w.travel_min_per_trip);
            for (k, &st) in members.iter().enumerate() {
                if let Some(m) = minutes.get_mut(st) {
                    *m += team;
                    if k > 0 {
                        *m += sc.settings.team.per_month.max(0.0) * trip;
                    }
                }
            }
        }
    }
    // A market-research specialist's desk time is part of what its post needs.
    let desk_days = f64::from(sc.settings.days_per_week) * crate::core::workload::WEEKS_PER_MONTH;
    for (m, staff) in minutes.iter_mut().zip(&a.staff) {
        *m += sc.settings.desk_minutes(staff.post) * desk_days;
    }
    minutes
}

/// The team of customer `c` when team visits are on and it is flagged (协同拜访): the main
/// staff member first, then the customer's other staff in function order up to the largest
/// team; the department's market manager joins a team that would otherwise be one person.
/// `None` when there is no team.
pub fn team_of(sc: &Scenario, a: &Assignment, c: usize) -> Option<(Vec<usize>, Option<usize>)> {
    let s = &sc.settings;
    if !s.modes.team_visits || s.team.per_month <= 0.0 || !sc.customers.get(c)?.team.any() {
        return None;
    }
    let max_members = (s.team.max_members as usize).clamp(2, 4);
    let main = a.main_staff(c);
    let mut members = vec![main];
    for &st in a.responsible.get(c)? {
        if !members.contains(&st) && members.len() < max_members {
            members.push(st);
        }
    }
    let market_manager = (members.len() < 2 && s.team.market_manager_joins)
        .then(|| {
            sc.managers
                .get(a.staff.get(main)?.manager)
                .map(|m| m.department)
        })
        .flatten();
    (members.len() >= 2 || market_manager.is_some()).then_some((members, market_manager))
}

/// What the checker found that is not an error: staff whose book needs more hours than a
/// working week holds (the calendar then reports what was left unvisited).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CheckReport {
    /// (staff index, required hours per week) for every staff member over the weekly limit.
    pub over_capacity: Vec<(usize, f64)>,
}

/// Checks an assignment against its scenario, independently of how it was made: one
/// responsible staff member per customer and function, staff indices valid, each manager in at
/// most one staff role, posts doing only their own function (or one without a post); the hours
/// each book needs are recomputed and compared with the working week.
pub fn check(sc: &Scenario, work: &[Work], a: &Assignment) -> Result<CheckReport, String> {
    if a.responsible.len() != sc.customers.len() {
        return Err(format!(
            "{} customers but {} assignment rows",
            sc.customers.len(),
            a.responsible.len()
        ));
    }
    let mut seen = BTreeSet::new();
    for s in &a.staff {
        if s.manager >= sc.managers.len() {
            return Err(format!(
                "staff refers to manager {} of {}",
                s.manager,
                sc.managers.len()
            ));
        }
        if !seen.insert(s.manager) {
            return Err(format!("manager {} holds two staff roles", s.manager));
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
            let Some(staff) = a.staff.get(s) else {
                return Err(format!(
                    "customer {c} function {fi}: staff {s} does not exist"
                ));
            };
            if let Some(p) = staff.post {
                let f = Function::ALL[fi];
                let own = posts
                    .get(staff.group.as_str())
                    .is_some_and(|ps| ps.contains(&f));
                if p != f && own {
                    return Err(format!("customer {c}: {f:?} done by the {p:?} post"));
                }
            }
        }
    }
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
