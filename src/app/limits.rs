//! The ranges a run may ask for, in one place: the scenario assembler (CLI and worker), a
//! restored state or a link, and the page's fields all check these, so they refuse the same
//! values.

/// The fewest customers a sized-down preset keeps (a county needs a few per manager).
pub const MIN_CUSTOMERS: usize = 50;

/// The most customers a preset grows to (`--size`, the page's customers field): a province of
/// twenty prefecture cities. An imported list is kept in part, never grown.
pub const MAX_PRESET_CUSTOMERS: usize = crate::core::generate::MAX_SIZE;

/// The most staff a run may ask for: the workload method staffs the rural preset at up to one
/// manager per 100 customers (its stated 9-12 per 1,200), the others at fewer, so 10,000 staff
/// the largest preset (`MAX_PRESET_CUSTOMERS`); a fifth more leaves room to ask for more staff
/// than the method says.
pub const MAX_HEADCOUNT: usize = 12_000;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::generate::Preset;

    #[test]
    fn the_headcount_limit_staffs_every_preset_at_its_largest() {
        for p in Preset::ALL {
            // The most managers the preset's own size promises, at the largest size.
            let most = p.ranges().managers.1 * MAX_PRESET_CUSTOMERS / p.ranges().customers.0;
            assert!(most <= MAX_HEADCOUNT, "{}: {most}", p.id());
        }
        assert!(MIN_CUSTOMERS < Preset::ALL.map(Preset::size).into_iter().min().unwrap_or(0));
    }
}
