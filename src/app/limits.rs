//! The ranges a run may ask for, in one place: the scenario assembler (CLI and worker), a
//! restored state or a link, and the page's fields all check these, so they refuse the same
//! values.

/// The fewest customers a sized-down preset keeps (a county needs a few per manager).
pub const MIN_CUSTOMERS: usize = 50;

/// The most staff the page may ask for (four times the city preset's).
pub const MAX_HEADCOUNT: usize = 1500;

/// The most replications the page asks for (the CLI allows 1000; a page must stay usable).
pub const MAX_REPLICATIONS: u32 = 100;

/// The most headcounts one staffing request may plan at.
pub const MAX_STAFFING_POINTS: usize = 20;

/// The most replications the CLI runs (a batch job may take its time).
pub const MAX_CLI_REPLICATIONS: u32 = 1000;

/// The longest horizon in weeks (a year).
pub const MAX_WEEKS: u32 = 52;

/// The seed when neither the shell nor a config file gives one.
pub const DEFAULT_SEED: u64 = 42;
