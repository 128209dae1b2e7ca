//! Staffing (定编): headcount changes (`with_headcount`) and the establishment per department
//! and post against a coverage target (`establishment`).
//!
//! Added staff have median skill and sit at their department's office; removed staff are the
//! least competent (for the post, in the establishment search).

mod establishment;
mod eval;
mod headcount;
mod post;

pub use establishment::{
    coverage_by_cell, establishment, without_one, CurvePoint, Establishment, EstablishmentRow, Post,
};
pub use headcount::with_headcount;
