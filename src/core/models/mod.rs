//! Staffing models: one file per model behind one interface. Adding a model is adding a file
//! and a line in `all()`.

use serde::{Deserialize, Serialize};

use super::error::CoreError;
use super::scenario::Scenario;
use super::settings::Function;
use super::workload::Work;

pub mod region;

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

/// One staff member of a plan: a manager, in a post (none = generalist doing every function).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Staff {
    /// Index into `Scenario::managers`.
    pub manager: usize,
    pub post: Option<Function>,
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
    vec![Box::new(region::Region)]
}

/// Checks an assignment against its scenario, independently of how it was made: one
/// responsible staff member per customer and function, staff indices valid, each manager
/// used at most once per post.
pub fn check(sc: &Scenario, a: &Assignment) -> Result<(), String> {
    if a.responsible.len() != sc.customers.len() {
        return Err(format!(
            "{} customers but {} assignment rows",
            sc.customers.len(),
            a.responsible.len()
        ));
    }
    for s in &a.staff {
        if s.manager >= sc.managers.len() {
            return Err(format!(
                "staff refers to manager {} of {}",
                s.manager,
                sc.managers.len()
            ));
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for s in &a.staff {
        if !seen.insert((s.manager, s.post)) {
            return Err(format!(
                "manager {} appears twice in post {:?}",
                s.manager, s.post
            ));
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
                if p.index() != fi {
                    return Err(format!("customer {c} function {fi}: served by post {p:?}"));
                }
            }
        }
    }
    Ok(())
}
