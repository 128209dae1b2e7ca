//! Why the worker could not do what the page asked, typed: a request that cannot run and a
//! query that cannot be answered. Each says what went wrong in the user's language
//! (`Explain`); the English `Display` is for logs and tests.

use thiserror::Error;

use super::message::{Explain, Message};
use super::scenario::ScenarioError;
use crate::core::error::CoreError;

/// Why a computation (a scenario's comparison or the staffing curves) cannot run.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum RequestError {
    #[error(transparent)]
    Core(#[from] CoreError),
    /// The request's scenario cannot be assembled (as the CLI would refuse it).
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    #[error("headcounts: {found} points, expected 1..={max}")]
    StaffingPoints { found: usize, max: usize },
    /// A helper was asked for a model this build does not have (a helper of another build).
    #[error("unknown model")]
    UnknownModel,
    /// A computation was finished before all its models were back (a bug, reported, not a
    /// panic).
    #[error("a computation finished before its models")]
    Unfinished,
}

impl Explain for RequestError {
    fn message(&self) -> Message {
        match self {
            RequestError::Core(e) => e.message(),
            RequestError::Scenario(e) => e.message(),
            RequestError::StaffingPoints { found, max } => {
                Message::new("error.app.staffing_points")
                    .with("found", found)
                    .with("max", max)
            }
            RequestError::UnknownModel => Message::new("error.app.unknown_model"),
            RequestError::Unfinished => Message::new("error.app.unfinished"),
        }
    }
}

/// Why a question about the last calendars cannot be answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum QueryError {
    #[error("no calendar computed yet")]
    NoCalendarYet,
    #[error("no model {0}")]
    NoModel(usize),
    #[error("no calendar for this model")]
    NoModelCalendar,
    #[error("no staff member {0}")]
    NoStaff(usize),
    #[error("no customer {0}")]
    NoCustomer(usize),
}

impl Explain for QueryError {
    fn message(&self) -> Message {
        match *self {
            QueryError::NoCalendarYet => Message::new("error.app.no_calendar_yet"),
            QueryError::NoModel(i) => Message::new("error.app.no_model").with("index", i),
            QueryError::NoModelCalendar => Message::new("error.app.no_model_calendar"),
            QueryError::NoStaff(i) => Message::new("error.app.no_staff").with("index", i),
            QueryError::NoCustomer(i) => Message::new("error.app.no_customer").with("index", i),
        }
    }
}

/// Failures at the worker boundary itself: the worker could not start, stopped, or a message
/// across the boundary does not parse. A JavaScript or JSON error's text is all there is to say
/// why, so it is kept as the detail.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WorkerError {
    #[error("the worker cannot start: {0}")]
    Start(String),
    #[error("worker stopped")]
    Stopped,
    #[error("{0}")]
    BadMessage(String),
    /// A helper worker stopped or said what the worker cannot read, while running a model.
    #[error("a helper stopped: {0}")]
    Helper(String),
}

impl Explain for WorkerError {
    fn message(&self) -> Message {
        match self {
            WorkerError::Start(detail) => {
                Message::new("error.app.worker_start").with("detail", detail)
            }
            WorkerError::Stopped => Message::new("error.app.worker_stopped"),
            WorkerError::BadMessage(detail) => {
                Message::new("error.app.bad_message").with("detail", detail)
            }
            WorkerError::Helper(detail) => {
                Message::new("error.app.helper_stopped").with("detail", detail)
            }
        }
    }
}
