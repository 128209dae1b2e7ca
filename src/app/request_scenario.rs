//! The scenario a worker request describes: the page's request read as the scenario
//! assembler's input (`scenario::assemble`, the one the CLI uses too), so the page and the CLI
//! build and check a scenario the same way.

use super::error::RequestError;
use super::protocol::Request;
use super::scenario::{assemble, Input};
use crate::core::scenario::Scenario;

/// The scenario a request describes: the preset (or the opened scenario), sized down, with the
/// page's settings and staff, checked before anything runs.
pub(super) fn scenario_of(req: &Request) -> Result<Scenario, RequestError> {
    let input = Input {
        preset: Some(&req.preset),
        seed: Some(req.seed),
        opened: req.base.as_deref(),
        customers: req.customers,
        settings: req.settings.as_deref(),
        weeks: Some(req.weeks),
        replications: Some(req.replications),
        headcount: req.headcount,
        locks: Some(&req.locks),
        ..Input::default()
    };
    Ok(assemble(&input)?)
}
