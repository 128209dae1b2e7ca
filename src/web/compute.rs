//! The page's computing worker, kept outside the reducer (a handle is a side effect, not state
//! to render): ready for each new request, replaced when busy.

use std::cell::RefCell;

use yew::prelude::*;

use super::persist;
use super::worker::Client;
use crate::app::error::WorkerError;
use crate::app::message::Explain;
use crate::app::protocol::{Answer, Reply};
use crate::app::state::{Msg, State};

/// The worker, ready for a new computation: a busy one is terminated and replaced (a worker
/// cannot be interrupted mid-computation), a missing one started. A worker that cannot start
/// is reported as a failure.
pub fn idle_client<'a>(
    client: &'a RefCell<Option<Client>>,
    dispatcher: &UseReducerDispatcher<State>,
) -> std::cell::RefMut<'a, Option<Client>> {
    let mut slot = client.borrow_mut();
    if slot.as_ref().is_some_and(|c| c.is_busy()) {
        *slot = None;
    }
    if slot.is_none() {
        let d = dispatcher.clone();
        match Client::spawn(move |reply| match reply {
            // An export goes straight to the user as a file.
            Reply::Answer { answer, .. }
                if matches!(*answer, Answer::File { .. } | Answer::Workbook { .. }) =>
            {
                match *answer {
                    Answer::File { name, text } => persist::deliver(&name, &text),
                    Answer::Workbook { name, bytes } => persist::deliver_workbook(&name, &bytes),
                    _ => {}
                }
            }
            reply => d.dispatch(Msg::Reply(reply)),
        }) {
            Ok(c) => *slot = Some(c),
            Err(detail) => dispatcher.dispatch(Msg::Reply(Reply::Failed {
                id: u64::MAX,
                error: WorkerError::Start(detail).message(),
            })),
        }
    }
    slot
}
