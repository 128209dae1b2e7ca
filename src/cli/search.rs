//! The search budget the routing benchmark commands (`route`, `pvrp`) read from their flags:
//! a wall-clock limit, a seed and an iteration budget, each command giving its own defaults.

use super::args::{ArgsError, Parsed};

/// `--time-limit-ms`, `--seed` (default 1) and `--max-kicks`, as given.
pub struct Search {
    pub time_limit_ms: Option<u64>,
    pub seed: u64,
    pub max_kicks: Option<u64>,
}

impl Search {
    pub fn read(p: &Parsed) -> Result<Search, String> {
        let read = || -> Result<Search, ArgsError> {
            Ok(Search {
                time_limit_ms: p.whole::<u64>("--time-limit-ms")?,
                seed: p.whole::<u64>("--seed")?.unwrap_or(1),
                max_kicks: p.whole::<u64>("--max-kicks")?,
            })
        };
        read().map_err(|e| e.to_string())
    }
}
