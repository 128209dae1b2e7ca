//! The page's state under yew: the reducer is `app::reduce` (pure, tested natively); this file
//! only plugs it into `use_reducer` and builds the state at start-up from what the browser holds.

use std::rc::Rc;

use yew::Reducible;

use super::browser;
use super::persist;
use crate::app::reduce::reduce;
use crate::app::state::{Msg, State};

impl Reducible for State {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        reduce(self, msg)
    }
}

/// The page at start-up: a shared link, else the autosaved state, else the defaults, in the
/// browser's language unless one was kept.
pub fn start() -> State {
    let lang = browser::language();
    let (restored, notice) = persist::startup(lang);
    State::restored(lang, restored, notice)
}
