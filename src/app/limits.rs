//! The ranges the page may ask for: checked by the worker before it computes and by a restored
//! state or a link before the page runs it, so both refuse the same values.

/// The fewest customers a sized-down preset keeps (a county needs a few per manager).
pub const MIN_CUSTOMERS: usize = 50;

/// The most staff the page may ask for (four times the city preset's).
pub const MAX_HEADCOUNT: usize = 1500;

/// The most replications the page asks for (the CLI allows 1000; a page must stay usable).
pub const MAX_REPLICATIONS: u32 = 100;

/// The most headcounts one staffing request may plan at.
pub const MAX_STAFFING_POINTS: usize = 20;
