//! Who is responsible for what: the plain data a staffing model produces (`Assignment`), read
//! by the work accounting, the calendar, the metrics and the exports. A file of its own so the
//! work each customer needs can be counted per staff member without depending on the models.

use serde::{Deserialize, Serialize};

use super::settings::Function;

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
    /// Per customer, per function (`Function::ALL` order): index into `staff`, `None` where
    /// the function does not reach the customer (routine service reaches every customer).
    pub responsible: Vec<[Option<usize>; 4]>,
}

impl Assignment {
    /// The customer's main staff member: the one doing its routine service (0 for a customer
    /// out of range or without service, which the model check refuses).
    pub fn main_staff(&self, customer: usize) -> usize {
        self.responsible
            .get(customer)
            .and_then(|row| row[Function::Service.index()])
            .unwrap_or(0)
    }

    /// The staff member doing function `f` for `customer`, if the function reaches it.
    pub fn responsible_for(&self, customer: usize, f: Function) -> Option<usize> {
        self.responsible
            .get(customer)
            .and_then(|row| row[f.index()])
    }

    /// (function, staff member) for every function that reaches `customer`.
    pub fn duties(&self, customer: usize) -> impl Iterator<Item = (Function, usize)> + '_ {
        Function::ALL
            .into_iter()
            .filter_map(move |f| self.responsible_for(customer, f).map(|st| (f, st)))
    }
}
