//! Importing a customer list (CSV or XLSX): columns through the dictionary, every bad cell
//! reported, thin lists completed by the derivation rules with derived fields marked.

use std::collections::BTreeMap;

use super::cells;
use super::columns::{Columns, CUSTOMER_COLUMNS};
use super::derive::{self, DeriveRules};
use super::error::{Collector, ImportError, ImportErrorKind, ImportErrors, Source};
use super::project;
use super::table::{self, FileFormat};
use crate::core::geo::Point;
use crate::core::scenario::{Customer, Derived, GeoOrigin, Industry, TeamFlags, ValueScores, Zone};
use crate::core::settings::Settings;

/// The most customers one list may hold: a province (the city preset has 50,000). The list
/// streams in, so memory grows with the customers, not with the file.
pub const MAX_CUSTOMERS: usize = 1_000_000;

const SRC: Source = Source::Customers;

/// A successful customer import.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerImport {
    pub customers: Vec<Customer>,
    /// Set when positions came from longitude/latitude.
    pub origin: Option<GeoOrigin>,
    /// Each customer's department column (for placing offices), when the list has one.
    pub departments: Vec<Option<String>>,
    /// The department column's header as written, when the list has one.
    pub department_header: Option<String>,
    pub format: FileFormat,
}

/// One row after cell parsing, before derivation.
struct Parsed {
    row: usize,
    id: String,
    name: String,
    pos: (f64, f64),
    industry: Industry,
    class: Option<u8>,
    zone: Option<Zone>,
    grade: Option<u8>,
    sales: f64,
    amount: Option<f64>,
    value: Option<ValueScores>,
    night: Option<bool>,
    hours: Option<(u32, u32)>,
    team: TeamFlags,
    current_manager: Option<String>,
    department: Option<String>,
    derived: Derived,
}

/// Parses cells of one row, reporting each bad one.
struct RowReader<'a> {
    cols: &'a Columns,
    cells: &'a [&'a str],
    row: usize,
    errs: &'a mut Collector,
}

impl RowReader<'_> {
    fn fail(&mut self, id: &str, v: &str, kind: ImportErrorKind) {
        let col = self.cols.header_of(CUSTOMER_COLUMNS, id);
        self.errs
            .push(ImportError::cell(SRC, self.row, &col, v, kind));
    }

    fn text(&self, id: &str) -> Option<&str> {
        self.cols.get(self.cells, id)
    }

    /// A required cell; an empty one is reported.
    fn required(&mut self, id: &str) -> Option<String> {
        let v = self.text(id).map(str::to_string);
        if v.is_none() {
            self.fail(id, "", ImportErrorKind::EmptyValue);
        }
        v
    }

    fn number(&mut self, id: &str) -> Option<f64> {
        let s = self.text(id)?.to_string();
        let v = cells::number(&s);
        if v.is_none() {
            self.fail(id, &s, ImportErrorKind::NotANumber);
        }
        v
    }

    fn ranged(&mut self, id: &str, lo: f64, hi: f64) -> Option<f64> {
        let v = self.number(id)?;
        if !(lo..=hi).contains(&v) {
            let s = self.text(id).unwrap_or("").to_string();
            self.fail(
                id,
                &s,
                ImportErrorKind::OutOfRange {
                    min: lo.to_string(),
                    max: hi.to_string(),
                },
            );
            return None;
        }
        Some(v)
    }

    fn flag(&mut self, id: &str) -> Option<bool> {
        let s = self.text(id)?.to_string();
        let v = cells::boolean(&s);
        if v.is_none() {
            self.fail(id, &s, ImportErrorKind::NotABool);
        }
        v
    }

    fn time(&mut self, id: &str) -> Option<u32> {
        let s = self.text(id)?.to_string();
        let v = cells::time(&s);
        if v.is_none() {
            self.fail(id, &s, ImportErrorKind::NotATime);
        }
        v
    }
}

fn class_by_name(s: &str, settings: &Settings) -> Option<u8> {
    let t = s.trim();
    settings
        .classes
        .iter()
        .position(|c| c.name_zh == t || c.name_en.eq_ignore_ascii_case(t))
        .and_then(|i| u8::try_from(i).ok())
}

/// Reads one data row; `None` when a cell was bad (already reported).
fn parse_row(
    r: &mut RowReader,
    use_xy: bool,
    settings: &Settings,
    rules: &DeriveRules,
) -> Option<Parsed> {
    let before = r.errs_len();
    let id = r.required("customer_id");
    let name = r.text("name").map(str::to_string);
    // Coordinates: x/y in km win when both kinds are given (our own exports write both).
    let pos = if use_xy {
        let lim = 10_000.0;
        let x = r.required("x_km").and(r.ranged("x_km", -lim, lim));
        let y = r.required("y_km").and(r.ranged("y_km", -lim, lim));
        x.zip(y)
    } else {
        let lon = r.required("longitude").and(r.number("longitude"));
        let lat = r.required("latitude").and(r.number("latitude"));
        let lon = lon.filter(|v| {
            let ok = (-180.0..=180.0).contains(v) && *v != 0.0;
            if !ok {
                let s = r.text("longitude").unwrap_or("").to_string();
                r.fail(
                    "longitude",
                    &s,
                    ImportErrorKind::CoordinateOutOfRange {
                        range: "-180..180, not 0".into(),
                    },
                );
            }
            ok
        });
        let lat = lat.filter(|v| {
            let ok = (-90.0..=90.0).contains(v) && *v != 0.0;
            if !ok {
                let s = r.text("latitude").unwrap_or("").to_string();
                r.fail(
                    "latitude",
                    &s,
                    ImportErrorKind::CoordinateOutOfRange {
                        range: "-90..90, not 0".into(),
                    },
                );
            }
            ok
        });
        lon.zip(lat)
    };
    let industry = match r.required("format") {
        Some(f) => {
            let i = rules.industry(&f);
            if i.is_none() {
                r.fail(
                    "format",
                    &f,
                    ImportErrorKind::UnknownFormat {
                        accepted: rules.accepted_formats(),
                    },
                );
            }
            i
        }
        None => None,
    };
    let class = match r.text("class").map(str::to_string) {
        Some(s) => {
            let c = class_by_name(&s, settings);
            if c.is_none() {
                let accepted = settings
                    .classes
                    .iter()
                    .map(|c| format!("{}/{}", c.name_zh, c.name_en))
                    .collect::<Vec<_>>()
                    .join(", ");
                r.fail("class", &s, ImportErrorKind::UnknownClass { accepted });
            }
            c
        }
        None => None,
    };
    let zone = match r.text("zone").map(str::to_string) {
        Some(s) => {
            let z = derive::zone_from_name(&s);
            if z.is_none() {
                r.fail("zone", &s, ImportErrorKind::UnknownZone);
            }
            z
        }
        None => None,
    };
    let grade = r.ranged("grade", 1.0, 30.0).and_then(|g| {
        if g.fract() != 0.0 {
            let s = r.text("grade").unwrap_or("").to_string();
            r.fail(
                "grade",
                &s,
                ImportErrorKind::OutOfRange {
                    min: "1".into(),
                    max: "30".into(),
                },
            );
            return None;
        }
        Some(g as u8)
    });
    let sales = r.required("monthly_sales").and(r.number("monthly_sales"));
    let sales = sales.filter(|s| {
        if *s < 0.0 {
            let v = r.text("monthly_sales").unwrap_or("").to_string();
            r.fail("monthly_sales", &v, ImportErrorKind::NegativeSales);
        }
        *s >= 0.0
    });
    let amount = r.number("monthly_amount").filter(|a| {
        if *a < 0.0 {
            let v = r.text("monthly_amount").unwrap_or("").to_string();
            r.fail("monthly_amount", &v, ImportErrorKind::NegativeSales);
        }
        *a >= 0.0
    });
    let dims = [
        "loyalty",
        "integrity",
        "cooperation",
        "growth",
        "dependency",
    ]
    .map(|d| r.ranged(d, 0.0, 100.0));
    let value = match dims {
        [Some(a), Some(b), Some(c), Some(d), Some(e)] => Some(ValueScores {
            loyalty: a,
            integrity: b,
            cooperation: c,
            growth: d,
            dependency: e,
        }),
        _ => None,
    };
    let night = r.flag("night_shop");
    let open = r.time("open");
    let close = r.time("close");
    let hours = match (open, close) {
        (Some(o), Some(c)) => Some((o, c)),
        _ => match r.text("hours").map(str::to_string) {
            Some(s) => {
                let h = cells::hours(&s);
                if h.is_none() {
                    r.fail("hours", &s, ImportErrorKind::NotATime);
                }
                h
            }
            None => None,
        },
    }
    // Closing before opening means past midnight.
    .map(|(o, c)| if c <= o { (o, c + 1440) } else { (o, c) });
    let team = TeamFlags {
        growth_potential: r.flag("growth_potential").unwrap_or(false),
        volatile_sales: r.flag("volatile_sales").unwrap_or(false),
        special_difficulty: r.flag("special_difficulty").unwrap_or(false),
    };
    let mut derived = Derived::default();
    if let Some(d) = r.text("derived") {
        for name in d.split([';', ',', ' ', '|']).filter(|s| !s.is_empty()) {
            derived.set(name);
        }
    }
    let zone = zone.or_else(|| r.text("admin").and_then(derive::zone_from_admin));
    if r.errs_len() > before {
        return None;
    }
    let id = id?;
    Some(Parsed {
        row: r.row,
        name: name.unwrap_or_else(|| id.clone()),
        id,
        pos: pos?,
        industry: industry?,
        class,
        zone,
        grade,
        sales: sales?,
        amount,
        value,
        night,
        hours,
        team,
        current_manager: r.text("current_manager").map(str::to_string),
        // The organisational column wins over the area one for the whole list (a list may
        // name both a 营销部 and a 区县).
        department: if r.cols.has("department") {
            r.text("department")
        } else {
            r.text("district")
        }
        .map(str::to_string),
        derived,
    })
}

impl RowReader<'_> {
    fn errs_len(&self) -> usize {
        // Any error so far in this import counts; the caller compares before/after.
        self.errs.count()
    }
}

/// The list as it streams in (`table::stream`): the header resolved, then each row parsed
/// straight into a `Parsed`, duplicates and bad cells reported as they come.
struct Reading<'a> {
    settings: &'a Settings,
    rules: &'a DeriveRules,
    /// The columns, once the header is read and has every required column.
    cols: Option<Columns>,
    /// What was wrong with the header (a column twice, a required one missing): reported
    /// instead of the rows'.
    header_errors: Option<ImportErrors>,
    use_xy: bool,
    /// Data rows seen (good or bad).
    rows: usize,
    parsed: Vec<Parsed>,
    first_row: BTreeMap<String, usize>,
    errs: Collector,
}

impl table::Rows for Reading<'_> {
    fn header(&mut self, row: usize, cells: &[&str]) {
        let cols = match Columns::of_headers(cells, row, CUSTOMER_COLUMNS, SRC) {
            Ok(c) => c,
            Err(e) => {
                self.header_errors = Some(e.into());
                return;
            }
        };
        let mut errs = Collector::default();
        self.use_xy = cols.has("x_km") && cols.has("y_km");
        for id in ["customer_id", "format", "monthly_sales"] {
            cols.require(CUSTOMER_COLUMNS, id, SRC, &mut errs);
        }
        if !self.use_xy {
            cols.require(CUSTOMER_COLUMNS, "longitude", SRC, &mut errs);
            cols.require(CUSTOMER_COLUMNS, "latitude", SRC, &mut errs);
        }
        if errs.is_empty() {
            self.cols = Some(cols);
        } else {
            self.header_errors = Some(errs.into_err());
        }
    }

    fn row(&mut self, row: usize, cells: &[&str]) {
        self.rows += 1;
        let Some(cols) = &self.cols else {
            return;
        };
        let mut rr = RowReader {
            cols,
            cells,
            row,
            errs: &mut self.errs,
        };
        let Some(p) = parse_row(&mut rr, self.use_xy, self.settings, self.rules) else {
            return;
        };
        if let Some(&first) = self.first_row.get(&p.id) {
            let col = cols.header_of(CUSTOMER_COLUMNS, "customer_id");
            self.errs.push(ImportError::cell(
                SRC,
                p.row,
                &col,
                &p.id,
                ImportErrorKind::DuplicateId { first_row: first },
            ));
        } else {
            self.first_row.insert(p.id.clone(), p.row);
            self.parsed.push(p);
        }
    }
}

/// Imports a customer list. `origin` is the scenario's (when it was saved with one), so that
/// re-imported lat/lon land where they were; otherwise the list's own centre is used.
///
/// The list streams in row by row (`table::stream`): no table of its text is held, only the
/// parsed rows, so a list of `MAX_CUSTOMERS` rows costs little more than its customers.
pub fn import_customers(
    bytes: &[u8],
    settings: &Settings,
    rules: &DeriveRules,
    origin: Option<GeoOrigin>,
) -> Result<CustomerImport, ImportErrors> {
    import_customers_limited(bytes, settings, rules, origin, MAX_CUSTOMERS)
}

/// `import_customers` with another row limit (tests check the limit's behaviour on small
/// lists with it).
pub fn import_customers_limited(
    bytes: &[u8],
    settings: &Settings,
    rules: &DeriveRules,
    origin: Option<GeoOrigin>,
    max_rows: usize,
) -> Result<CustomerImport, ImportErrors> {
    let mut reading = Reading {
        settings,
        rules,
        cols: None,
        header_errors: None,
        use_xy: false,
        rows: 0,
        parsed: Vec::new(),
        first_row: BTreeMap::new(),
        errs: Collector::default(),
    };
    let format = table::stream(bytes, SRC, max_rows, &mut reading)?;
    let Reading {
        cols,
        header_errors,
        use_xy,
        rows,
        parsed,
        first_row,
        mut errs,
        ..
    } = reading;
    drop(first_row);
    if let Some(e) = header_errors {
        return Err(e);
    }
    let Some(cols) = cols else {
        return Err(ImportError::file(SRC, ImportErrorKind::Empty).into());
    };
    if rows == 0 {
        return Err(ImportError::file(SRC, ImportErrorKind::NoCustomers).into());
    }
    if !errs.is_empty() {
        return Err(errs.into_err());
    }
    let department_header = ["department", "district"]
        .iter()
        .find(|id| cols.has(id))
        .map(|id| cols.header_of(CUSTOMER_COLUMNS, id));

    // Positions.
    let (points, origin) = if use_xy {
        let pts: Vec<Point> = parsed
            .iter()
            .map(|p| Point::new(p.pos.0, p.pos.1))
            .collect();
        (pts, origin)
    } else {
        let ll: Vec<(f64, f64)> = parsed.iter().map(|p| p.pos).collect();
        let median = |k: usize| {
            let mut v: Vec<f64> = ll.iter().map(|p| if k == 0 { p.0 } else { p.1 }).collect();
            v.sort_by(f64::total_cmp);
            v.get(v.len() / 2).copied().unwrap_or(0.0)
        };
        let mid = GeoOrigin {
            lon: median(0),
            lat: median(1),
        };
        let col = cols.header_of(CUSTOMER_COLUMNS, "longitude");
        for p in &parsed {
            let d = project::to_plane(mid, p.pos.0, p.pos.1).dist(Point::default());
            if d > rules.max_spread_km {
                errs.push(ImportError::cell(
                    SRC,
                    p.row,
                    &col,
                    &format!("{}, {}", p.pos.0, p.pos.1),
                    ImportErrorKind::CoordinateFarAway { km: d as u64 },
                ));
            }
        }
        if !errs.is_empty() {
            return Err(errs.into_err());
        }
        let o = origin.or_else(|| project::origin_of(&ll)).unwrap_or(mid);
        let pts: Vec<Point> = ll
            .iter()
            .map(|&(lon, lat)| project::to_plane(o, lon, lat))
            .collect();
        (pts, Some(o))
    };

    // Derivations over the whole list.
    let sales: Vec<f64> = parsed.iter().map(|p| p.sales).collect();
    let pct = derive::percentiles(&sales);
    let density = if parsed.iter().any(|p| p.zone.is_none()) {
        rules.zones_by_density(&points)
    } else {
        Vec::new()
    };
    let hours_default = &settings.hours;
    let departments: Vec<Option<String>> = parsed.iter().map(|p| p.department.clone()).collect();
    let customers = parsed
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let mut d = p.derived;
            let grade = p.grade.unwrap_or_else(|| {
                d.grade = true;
                derive::grade_from_percentile(pct[i])
            });
            let class = p.class.unwrap_or_else(|| {
                d.class = true;
                rules.class(p.industry, grade, settings.classes.len())
            });
            let zone = p.zone.unwrap_or_else(|| {
                d.zone = true;
                density.get(i).copied().unwrap_or(Zone::Rural)
            });
            let amount = p.amount.unwrap_or_else(|| {
                d.amount = true;
                rules.amount(p.sales, grade)
            });
            let value = p.value.unwrap_or_else(|| {
                d.value = true;
                derive::value_from(pct[i], grade)
            });
            let night = p.night.unwrap_or_else(|| {
                d.night_shop = true;
                match p.hours {
                    // Hours that start late or run past midnight are a night shop's.
                    Some((o, c)) => o >= 17 * 60 || c > 24 * 60,
                    None => rules.night(p.industry),
                }
            });
            let (open_min, close_min) = p.hours.unwrap_or_else(|| {
                d.hours = true;
                if night {
                    (hours_default.night_open, hours_default.night_close)
                } else {
                    (hours_default.day_open, hours_default.day_close)
                }
            });
            Customer {
                id: p.id,
                name: p.name,
                pos: points[i],
                zone,
                class,
                industry: p.industry,
                grade,
                monthly_sales: p.sales,
                monthly_amount: amount,
                value,
                night_shop: night,
                open_min,
                close_min,
                team: p.team,
                current_manager: p.current_manager,
                department: None,
                locked_to: None,
                derived: d,
                listed_department: p.department,
            }
        })
        .collect();
    Ok(CustomerImport {
        customers,
        origin,
        departments,
        department_header,
        format,
    })
}
