//! Typed import errors: what went wrong, where (file, row, column, value), and a translation key.
//!
//! An import reports every bad row it finds (up to `MAX_REPORTED`, then a count of the rest)
//! and changes nothing unless the whole file is good.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// How many errors an import lists before it only counts the rest.
pub const MAX_REPORTED: usize = 50;

/// Which input an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Customers,
    Managers,
    Scenario,
    /// A lock file: customers kept with a chosen manager (`core::io::locks`).
    Locks,
}

impl Source {
    pub fn key(self) -> &'static str {
        match self {
            Source::Customers => "import.source.customers",
            Source::Managers => "import.source.managers",
            Source::Scenario => "import.source.scenario",
            Source::Locks => "import.source.locks",
        }
    }

    fn en(self) -> &'static str {
        match self {
            Source::Customers => "customer list",
            Source::Managers => "manager list",
            Source::Scenario => "scenario file",
            Source::Locks => "lock file",
        }
    }
}

/// The reason of an import error. `key()` names its text in the translation files.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportErrorKind {
    #[error("the file is empty")]
    Empty,
    #[error("the file has a header but no data rows")]
    NoRows,
    #[error("the file is not text: it looks like binary data (is it the right file?)")]
    Binary,
    #[error("the text encoding is neither UTF-8 nor GBK; save the file as CSV UTF-8")]
    UnknownEncoding,
    #[error("this is an old Excel .xls file; save it as .xlsx or CSV")]
    LegacyXls,
    #[error("the Excel file cannot be read: {0}")]
    BadXlsx(String),
    #[error("the CSV cannot be read: {0}")]
    BadCsv(String),
    #[error("the file is larger than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("more than {limit} data rows (the documented limit)")]
    TooManyRows { limit: usize },
    #[error("required column missing (accepted headers: {accepted})")]
    MissingColumn { accepted: String },
    #[error("the column appears twice")]
    DuplicateColumn,
    #[error("required value is empty")]
    EmptyValue,
    #[error("the id also appears in row {first_row}")]
    DuplicateId { first_row: usize },
    #[error("not a number")]
    NotANumber,
    #[error("coordinate out of range ({range})")]
    CoordinateOutOfRange { range: String },
    #[error("point lies {km} km from the median of the list (swapped longitude and latitude?)")]
    CoordinateFarAway { km: u64 },
    #[error("unknown format (accepted: {accepted})")]
    UnknownFormat { accepted: String },
    #[error("unknown format class (accepted: {accepted})")]
    UnknownClass { accepted: String },
    #[error("unknown zone (accepted: 城区/乡镇/农村, urban/town/rural)")]
    UnknownZone,
    #[error("sales cannot be negative")]
    NegativeSales,
    #[error("value outside {min}..={max}")]
    OutOfRange { min: String, max: String },
    #[error("not a yes/no value (是/否, 1/0, yes/no, true/false)")]
    NotABool,
    #[error("not a time of day (HH:MM, or minutes after midnight)")]
    NotATime,
    #[error("the list has no customers")]
    NoCustomers,
    #[error("the manager list has no one in it")]
    NoManagers,
    #[error("the JSON cannot be read: {0}")]
    BadJson(String),
    #[error(
        "scenario version {found} is newer than this program ({supported}); update the program"
    )]
    NewerVersion { found: u32, supported: u32 },
    #[error("invalid scenario: {0}")]
    InvalidScenario(String),
    #[error("no customer of the scenario has this id")]
    UnknownCustomer,
    #[error("no manager of the scenario has this id")]
    UnknownManager,
}

impl ImportErrorKind {
    /// Translation key of the reason; its text may use `{row}`, `{column}`, `{value}` and the
    /// kind's own fields (see `args`).
    pub fn key(&self) -> &'static str {
        use ImportErrorKind::*;
        match self {
            Empty => "import.error.empty",
            NoRows => "import.error.no_rows",
            Binary => "import.error.binary",
            UnknownEncoding => "import.error.unknown_encoding",
            LegacyXls => "import.error.legacy_xls",
            BadXlsx(_) => "import.error.bad_xlsx",
            BadCsv(_) => "import.error.bad_csv",
            TooLarge { .. } => "import.error.too_large",
            TooManyRows { .. } => "import.error.too_many_rows",
            MissingColumn { .. } => "import.error.missing_column",
            DuplicateColumn => "import.error.duplicate_column",
            EmptyValue => "import.error.empty_value",
            DuplicateId { .. } => "import.error.duplicate_id",
            NotANumber => "import.error.not_a_number",
            CoordinateOutOfRange { .. } => "import.error.coordinate_out_of_range",
            CoordinateFarAway { .. } => "import.error.coordinate_far_away",
            UnknownFormat { .. } => "import.error.unknown_format",
            UnknownClass { .. } => "import.error.unknown_class",
            UnknownZone => "import.error.unknown_zone",
            NegativeSales => "import.error.negative_sales",
            OutOfRange { .. } => "import.error.out_of_range",
            NotABool => "import.error.not_a_bool",
            NotATime => "import.error.not_a_time",
            NoCustomers => "import.error.no_customers",
            NoManagers => "import.error.no_managers",
            BadJson(_) => "import.error.bad_json",
            NewerVersion { .. } => "import.error.newer_version",
            InvalidScenario(_) => "import.error.invalid_scenario",
            UnknownCustomer => "import.error.unknown_customer",
            UnknownManager => "import.error.unknown_manager",
        }
    }

    /// The kind's own placeholders for its translated text.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        use ImportErrorKind::*;
        match self {
            BadXlsx(d) | BadCsv(d) | BadJson(d) | InvalidScenario(d) => {
                vec![("detail", d.clone())]
            }
            TooLarge { limit } | TooManyRows { limit } => vec![("limit", limit.to_string())],
            MissingColumn { accepted } | UnknownFormat { accepted } | UnknownClass { accepted } => {
                vec![("accepted", accepted.clone())]
            }
            DuplicateId { first_row } => vec![("first_row", first_row.to_string())],
            CoordinateOutOfRange { range } => vec![("range", range.clone())],
            CoordinateFarAway { km } => vec![("km", km.to_string())],
            OutOfRange { min, max } => vec![("min", min.clone()), ("max", max.clone())],
            NewerVersion { found, supported } => vec![
                ("found", found.to_string()),
                ("supported", supported.to_string()),
            ],
            _ => Vec::new(),
        }
    }
}

/// One problem in one input: where it is and why. Rows are spreadsheet rows (the header is
/// row 1, the first data row is row 2), as Excel shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportError {
    pub source: Source,
    pub row: Option<usize>,
    /// The column's header as written in the file (or its dictionary name when missing).
    pub column: Option<String>,
    /// The offending cell, shortened to 40 characters.
    pub value: Option<String>,
    pub kind: ImportErrorKind,
}

impl ImportError {
    pub fn file(source: Source, kind: ImportErrorKind) -> Self {
        ImportError {
            source,
            row: None,
            column: None,
            value: None,
            kind,
        }
    }

    pub fn cell(
        source: Source,
        row: usize,
        column: &str,
        value: &str,
        kind: ImportErrorKind,
    ) -> Self {
        ImportError {
            source,
            row: Some(row),
            column: Some(column.to_string()),
            value: Some(shorten(value)),
            kind,
        }
    }

    /// Every placeholder for the translated message: row, column, value, source and the
    /// kind's own.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        let mut a = vec![("source", self.source.en().to_string())];
        if let Some(r) = self.row {
            a.push(("row", r.to_string()));
        }
        if let Some(c) = &self.column {
            a.push(("column", c.clone()));
        }
        if let Some(v) = &self.value {
            a.push(("value", v.clone()));
        }
        a.extend(self.kind.args());
        a
    }
}

fn shorten(v: &str) -> String {
    let mut s: String = v.chars().take(40).collect();
    if v.chars().count() > 40 {
        s.push('…');
    }
    s
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.source.en())?;
        if let Some(r) = self.row {
            write!(f, ", row {r}")?;
        }
        if let Some(c) = &self.column {
            write!(f, ", column '{c}'")?;
        }
        if let Some(v) = &self.value {
            write!(f, ", value '{v}'")?;
        }
        write!(f, ": {}", self.kind)
    }
}

impl std::error::Error for ImportError {}

/// Everything wrong with one import: the first `MAX_REPORTED` errors and how many more there
/// were. Never empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportErrors {
    pub errors: Vec<ImportError>,
    /// Errors found beyond the ones listed.
    pub more: usize,
}

impl ImportErrors {
    pub fn one(e: ImportError) -> Self {
        ImportErrors {
            errors: vec![e],
            more: 0,
        }
    }

    /// The first error (there always is one).
    pub fn first(&self) -> Option<&ImportError> {
        self.errors.first()
    }

    /// Translation key of the "and N more" line.
    pub const MORE_KEY: &'static str = "import.error.more";
}

impl From<ImportError> for ImportErrors {
    fn from(e: ImportError) -> Self {
        ImportErrors::one(e)
    }
}

impl std::fmt::Display for ImportErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        if self.more > 0 {
            write!(f, "\n… and {} more errors", self.more)?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportErrors {}

/// Collects errors up to the cap, counting the rest.
#[derive(Debug, Default)]
pub struct Collector {
    errors: Vec<ImportError>,
    more: usize,
}

impl Collector {
    pub fn push(&mut self, e: ImportError) {
        if self.errors.len() < MAX_REPORTED {
            self.errors.push(e);
        } else {
            self.more += 1;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// Errors collected so far, listed or not.
    pub fn count(&self) -> usize {
        self.errors.len() + self.more
    }

    /// The collected errors (callers check `is_empty` first).
    pub fn into_err(self) -> ImportErrors {
        ImportErrors {
            errors: self.errors,
            more: self.more,
        }
    }

    /// Adds every error of `other`, keeping the cap.
    pub fn extend(&mut self, other: ImportErrors) {
        for e in other.errors {
            self.push(e);
        }
        self.more += other.more;
    }

    /// `Ok(v)` when nothing was collected, else every error collected.
    pub fn finish<T>(self, v: T) -> Result<T, ImportErrors> {
        if self.errors.is_empty() {
            Ok(v)
        } else {
            Err(ImportErrors {
                errors: self.errors,
                more: self.more,
            })
        }
    }
}
