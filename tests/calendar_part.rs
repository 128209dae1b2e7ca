//! A part of a calendar planned alone (`calendar::build_part`): the staff of some departments
//! live the same days alone as in the whole calendar, and a department's days do not depend on
//! the people of the others. The establishment search re-plans only the departments that took
//! a step on both counts.

use visit_sandbox::core::assignment::Assignment;
use visit_sandbox::core::calendar::{self, build_part, Calendar, CalendarParams};
use visit_sandbox::core::generate::{generate, Preset};
use visit_sandbox::core::models;
use visit_sandbox::core::scenario::Scenario;
use visit_sandbox::core::workload::{generalist, Work};

const MODELS: [&str; 5] = ["region", "format", "value", "specialised", "hybrid"];

/// The rural preset, every customer held in the department that first served it (as the
/// establishment search holds them), with team visits, joint visits and staggering on.
fn held(model: &str) -> (Scenario, Vec<Work>) {
    let mut sc = generate(Preset::Rural, 7).expect("preset");
    sc.settings.modes.team_visits = true;
    sc.settings.modes.staggering = true;
    sc.settings.team.market_manager_joins = true;
    let work = generalist(&sc);
    let a = assign(&sc, &work, model);
    for c in 0..sc.customers.len() {
        let m = a.staff[a.main_staff(c)].manager;
        sc.customers_mut()[c].department = Some(sc.managers[m].department);
    }
    (sc, work)
}

fn assign(sc: &Scenario, work: &[Work], model: &str) -> Assignment {
    models::by_id(model)
        .expect("model")
        .assign(sc, work)
        .expect("assign")
}

/// A visit or missed cycle as (manager id, whole customer, day or cycle, ...), independent of
/// how the staff are numbered.
type Row = (String, usize, u32, String);

fn rows(
    sc: &Scenario,
    a: &Assignment,
    cal: &Calendar,
    staff: &dyn Fn(usize) -> usize,
    customer: &dyn Fn(usize) -> usize,
    dept: usize,
) -> (Vec<Row>, Vec<Row>) {
    let id = |st: usize| {
        let m = &sc.managers[a.staff[staff(st)].manager];
        (m.department == dept).then(|| m.id.clone())
    };
    let visits = cal
        .visits
        .iter()
        .filter_map(|v| {
            let who = id(v.staff)?;
            let what = format!(
                "{:?} {:.3} {:.3} {:?}",
                v.functions, v.start, v.end, v.closed
            );
            Some((who, customer(v.customer), v.day, what))
        })
        .collect();
    let missed = cal
        .missed
        .iter()
        .filter_map(|m| {
            let who = id(m.staff)?;
            let what = format!("{:?} {:?}", m.function, m.reason);
            Some((who, customer(m.customer), m.from_day, what))
        })
        .collect();
    (visits, missed)
}

#[test]
fn a_department_planned_alone_lives_its_share_of_the_whole() {
    let params = CalendarParams::default();
    for model in MODELS {
        let (sc, work) = held(model);
        let a = assign(&sc, &work, model);
        let whole = calendar::build(&sc, &work, &a, &params);
        let depts: std::collections::BTreeSet<usize> =
            sc.managers.iter().map(|m| m.department).collect();
        assert!(depts.len() > 1, "several departments");
        for &d in &depts {
            let keep: Vec<bool> = a
                .staff
                .iter()
                .map(|s| sc.managers[s.manager].department == d)
                .collect();
            let part = build_part(&sc, &work, &a, &params, &keep).expect("separable");
            assert!(!part.calendar.visits.is_empty(), "{model} D{d}: visits");
            let mine = rows(&sc, &a, &whole, &|st| st, &|c| c, d);
            let alone = rows(
                &sc,
                &a,
                &part.calendar,
                &|st| part.staff[st],
                &|c| part.customers[c],
                d,
            );
            assert_eq!(alone.0, mine.0, "{model} D{d}: visits");
            assert_eq!(alone.1, mine.1, "{model} D{d}: missed cycles");
            let km = |cal: &Calendar, st: &dyn Fn(usize) -> usize| -> f64 {
                cal.routes
                    .iter()
                    .filter(|r| sc.managers[a.staff[st(r.staff)].manager].department == d)
                    .map(|r| r.km)
                    .sum()
            };
            let (w, p) = (
                km(&whole, &|st| st),
                km(&part.calendar, &|st| part.staff[st]),
            );
            assert!((w - p).abs() < 1e-9, "{model} D{d}: km {w} alone {p}");
        }
    }
}

#[test]
fn a_department_does_not_depend_on_the_people_of_the_others() {
    let params = CalendarParams::default();
    for model in MODELS {
        let (sc, work) = held(model);
        let a = assign(&sc, &work, model);
        let before = calendar::build(&sc, &work, &a, &params);
        // One more person in the first department, one fewer in the last.
        let mut more = sc.clone();
        let first = more.managers[0].clone();
        let last_dept = more.managers.iter().map(|m| m.department).max();
        more.managers.push(visit_sandbox::core::scenario::Manager {
            id: "EXTRA".into(),
            ..first.clone()
        });
        if let Some(i) = more
            .managers
            .iter()
            .rposition(|m| Some(m.department) == last_dept)
        {
            more.managers.remove(i);
        }
        let b = assign(&more, &work, model);
        let after = calendar::build(&more, &work, &b, &params);
        let middle: Vec<usize> = sc
            .managers
            .iter()
            .map(|m| m.department)
            .filter(|&d| d != first.department && Some(d) != last_dept)
            .collect();
        assert!(!middle.is_empty(), "{model}: a department in between");
        let mut compared = 0;
        for &d in &middle {
            // A model may read the whole company (the hybrid's zones share people out by the
            // company's work): only a department given the same share of the assignment must
            // live the same days.
            if share(&sc, &a, d) != share(&more, &b, d) {
                continue;
            }
            compared += 1;
            let x = rows(&sc, &a, &before, &|st| st, &|c| c, d);
            let y = rows(&more, &b, &after, &|st| st, &|c| c, d);
            assert_eq!(x, y, "{model} D{d}");
        }
        if model != "hybrid" {
            assert_eq!(
                compared,
                middle.len(),
                "{model}: every department in between"
            );
        }
    }
}

/// Department `d`'s share of `a`: its staff in order and its customers' staff, by manager id.
fn share(sc: &Scenario, a: &Assignment, d: usize) -> Vec<String> {
    let of = |st: usize| &sc.managers[a.staff[st].manager];
    let mut out: Vec<String> = (0..a.staff.len())
        .filter(|&st| of(st).department == d)
        .map(|st| {
            let s = &a.staff[st];
            format!("{} {:?} {:?} {}", of(st).id, s.post, s.shift, s.group)
        })
        .collect();
    for c in 0..sc.customers.len() {
        if of(a.main_staff(c)).department == d {
            let staff: Vec<(_, &str)> =
                a.duties(c).map(|(f, st)| (f, of(st).id.as_str())).collect();
            out.push(format!("{c} {staff:?}"));
        }
    }
    out
}

#[test]
fn a_customer_shared_with_staff_left_out_is_not_separable() {
    // Specialists on every shop, so that each customer has several staff.
    let mut sc = generate(Preset::Urban, 5).expect("preset");
    sc.customers_mut().truncate(300);
    sc.managers.truncate(6);
    sc.settings.reach.every_shop = true;
    let work = generalist(&sc);
    let a = assign(&sc, &work, "specialised");
    // A customer with two staff members; keep only the first of them.
    let (c, st) = (0..sc.customers.len())
        .find_map(|c| {
            let mut staff = a.duties(c).map(|(_, st)| st);
            let first = staff.next()?;
            staff.any(|st| st != first).then_some((c, first))
        })
        .expect("a customer of a specialist has another post");
    let mut keep = vec![false; a.staff.len()];
    keep[st] = true;
    assert!(a.duties(c).any(|(_, x)| !keep[x]));
    assert!(build_part(&sc, &work, &a, &CalendarParams::default(), &keep).is_none());
}
