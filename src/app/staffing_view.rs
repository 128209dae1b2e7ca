//! The staffing view's establishment (定编), as data: which model's table is shown, its rows
//! per department and post with the difference to today and a total, and the search's path as
//! the curve a trainer reads. Pure, so the page only renders it.

use crate::app::sweep::Curve;
use crate::core::scenario::Department;
use crate::core::staffing::{Establishment, Post};

/// One row of the shown table: a department's post.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    /// The department's name (its id when the scenario does not name it).
    pub department: String,
    pub post: Post,
    pub now: usize,
    pub needed: usize,
    /// `needed - now`: people to add (positive) or that the post can spare (negative).
    pub change: i64,
    /// Share of the cell's required cycles met with today's people.
    pub coverage_now: f64,
    /// Share of the cell's required cycles met with `needed` people.
    pub coverage: f64,
    /// The cell misses the target (only when the search stopped at its limit).
    pub short: bool,
}

/// The establishment of one model as the view's table shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub rows: Vec<TableRow>,
    /// Sums over the rows.
    pub now: usize,
    pub needed: usize,
    pub change: i64,
    /// The least headcount meeting the target, when the search reached it.
    pub headcount: Option<usize>,
    /// The most people the search could try.
    pub limit: usize,
    pub target: f64,
}

/// The table of `e`, departments named from `departments` (matched by id: the index does not
/// travel from the worker).
pub fn establishment_table(e: &Establishment, departments: &[Department]) -> Table {
    let rows: Vec<TableRow> = e
        .table
        .iter()
        .map(|r| TableRow {
            department: departments
                .iter()
                .find(|d| d.id == r.department)
                .map_or_else(|| r.department.clone(), |d| d.name.clone()),
            post: r.post,
            now: r.people_now,
            needed: r.people_needed,
            change: r.people_needed as i64 - r.people_now as i64,
            coverage_now: r.coverage_now,
            coverage: r.coverage_rate,
            // A rounding's slack: the core compares the same shares.
            short: r.coverage_rate < e.coverage_target - 1e-9,
        })
        .collect();
    let now = rows.iter().map(|r| r.now).sum::<usize>();
    let needed = rows.iter().map(|r| r.needed).sum::<usize>();
    Table {
        now,
        needed,
        change: needed as i64 - now as i64,
        rows,
        headcount: e.headcount,
        limit: e.limit,
        target: e.coverage_target,
    }
}

/// The curve whose establishment the view shows: the chosen one (an index into `curves`) when
/// it has an establishment, else the first that has one.
pub fn shown_model(curves: &[Curve], chosen: Option<usize>) -> Option<usize> {
    chosen
        .filter(|&i| curves.get(i).is_some_and(|c| c.establishment.is_some()))
        .or_else(|| curves.iter().position(|c| c.establishment.is_some()))
}

/// The search's path as a curve: one point per headcount, the coverage the search last
/// reached with that many people, in order of headcount.
///
/// Drawn as the search went, the line retraces itself (a person taken out, then put back at
/// once when the department falls short), which reads as noise to a trainer; what they ask
/// is "with this many people, how much is covered". The search's last word at each headcount
/// keeps what matters: the path ends with the answer, and the step before it is the answer
/// less one person, so both sit side by side on the curve, either side of the target.
pub fn path_curve(e: &Establishment) -> Vec<(usize, f64)> {
    let mut last: std::collections::BTreeMap<usize, f64> = Default::default();
    for p in &e.curve {
        last.insert(p.headcount, p.coverage_rate);
    }
    last.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::geo::Point;
    use crate::core::models::ModelId;
    use crate::core::staffing::{CurvePoint, EstablishmentRow};

    fn row(department: &str, post: Post, now: usize, needed: usize, cov: f64) -> EstablishmentRow {
        EstablishmentRow {
            department: department.into(),
            // As it arrives from the worker: the index is not sent.
            department_index: 0,
            post,
            people_now: now,
            people_needed: needed,
            coverage_now: cov,
            coverage_rate: cov,
        }
    }

    fn department(id: &str, name: &str) -> Department {
        Department {
            id: id.into(),
            name: name.into(),
            office: Point::new(0.0, 0.0),
            market_manager: String::new(),
            office_derived: false,
        }
    }

    fn path(points: &[(usize, f64)]) -> Vec<CurvePoint> {
        points
            .iter()
            .map(|&(headcount, coverage_rate)| CurvePoint {
                headcount,
                coverage_rate,
            })
            .collect()
    }

    fn establishment(headcount: Option<usize>) -> Establishment {
        Establishment {
            coverage_target: 0.995,
            table: vec![
                row("D1", Post::Service, 2, 3, 1.0),
                row("D1", Post::Training, 1, 1, 0.996),
                row("D2", Post::Service, 3, 1, 0.99),
            ],
            curve: path(&[
                (6, 0.9),
                (7, 0.97),
                (6, 0.9),
                (5, 0.8),
                (6, 0.999),
                (5, 0.93),
            ]),
            headcount,
            limit: 24,
            calendars: 6,
            staffed: None,
        }
    }

    #[test]
    fn the_table_names_departments_sums_and_flags_short_cells() {
        let e = establishment(None);
        let t = establishment_table(&e, &[department("D2", "东区"), department("D1", "西区")]);
        let names: Vec<&str> = t.rows.iter().map(|r| r.department.as_str()).collect();
        // Named by id, not by the index (which the worker does not send).
        assert_eq!(names, ["西区", "西区", "东区"]);
        assert_eq!(t.rows[0].change, 1);
        assert_eq!(t.rows[2].change, -2);
        assert_eq!((t.now, t.needed, t.change), (6, 5, -1));
        // 99.6 % meets 99.5 %; 99 % does not.
        let short: Vec<bool> = t.rows.iter().map(|r| r.short).collect();
        assert_eq!(short, [false, false, true]);
        assert_eq!((t.headcount, t.limit), (None, 24));
        // Without the scenario the department's id stands in.
        let bare = establishment_table(&e, &[]);
        assert_eq!(bare.rows[2].department, "D2");
    }

    #[test]
    fn the_path_is_one_point_per_headcount_the_searchs_last_word() {
        let e = establishment(Some(5));
        assert_eq!(path_curve(&e), vec![(5, 0.93), (6, 0.999), (7, 0.97)]);
        assert!(path_curve(&Establishment {
            curve: Vec::new(),
            ..e
        })
        .is_empty());
    }

    #[test]
    fn the_shown_model_is_the_chosen_one_with_an_establishment_else_the_first() {
        let curve = |model, e: Option<Establishment>| Curve {
            model,
            points: Vec::new(),
            establishment: e,
        };
        let curves = vec![
            curve(ModelId::Region, None),
            curve(ModelId::Format, Some(establishment(Some(5)))),
            curve(ModelId::Value, Some(establishment(None))),
        ];
        assert_eq!(shown_model(&curves, None), Some(1));
        assert_eq!(shown_model(&curves, Some(2)), Some(2));
        assert_eq!(shown_model(&curves, Some(0)), Some(1));
        assert_eq!(shown_model(&curves, Some(9)), Some(1));
        assert_eq!(shown_model(&curves[..1], None), None);
    }
}
