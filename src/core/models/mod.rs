//! Staffing models: one file per model behind one interface. Adding a model is adding a file
//! and a line in `all()`. `common.rs` holds the building blocks they share, `model.rs` the interface,
//! `check.rs` the independent validator.

// The plan's plain data and the validator are named through here for the code above the core's
// models; the models themselves import them from their own files.
pub use super::assignment::{Assignment, ModelId, Shift, Staff};
pub use check::{check, CheckError, CheckReport};
pub use model::{require_people, StaffingModel};

pub mod check;
pub mod common;
pub mod cut_memo;
pub mod format;
pub mod hybrid;
pub mod locks;
pub mod model;
pub mod region;
pub mod specialised;
pub mod territories;
pub mod value;

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
