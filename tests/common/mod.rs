//! What the tests of the worker's helpers share (tests/fanout.rs, tests/pool.rs).

use visit_sandbox::app::protocol::Request;

/// The page's request for `preset` at `seed` over two weeks; its id tells seed and phase apart
/// (`seed * 10`, plus 1 for calendars).
pub fn req(preset: &str, seed: u64, calendar: bool, replications: u32) -> Request {
    Request {
        id: seed * 10 + u64::from(calendar),
        weeks: 2,
        calendar,
        replications,
        ..Request::of_preset(preset, seed)
    }
}

/// `x` written to JSON and read back, as every message between workers is.
pub fn through_json<T: serde::Serialize + serde::de::DeserializeOwned>(x: &T) -> T {
    let text = serde_json::to_string(x).expect("json");
    serde_json::from_str(&text).expect("parse")
}
