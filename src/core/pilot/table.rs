//! The establishment table as a department submits it (定编、定员、定薪 per 区域营销部): per
//! department × post the people needed at the coverage target (the establishment search), the
//! people of the department matched to the posts by skill with a least skill per post
//! (任职条件), the post's pay grade and the payroll against today's.

use serde::Serialize;

use crate::core::models::territories::hungarian_min;
use crate::core::scenario::Scenario;
use crate::core::staffing::{Establishment, Post};

/// A cost that keeps an unqualified person out of a post whenever a qualified one or an empty
/// place can take it (skills are 0-100).
const UNQUALIFIED: f64 = 1.0e6;

/// One department × post.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableRow {
    pub department: String,
    pub post: Post,
    /// People in the post in the stage's plan.
    pub people_now: usize,
    /// The least people with which the post meets the coverage target (when the search met it;
    /// else the people it had reached at its limit, `target_met` false).
    pub people_needed: usize,
    /// Share of the post's required cycles met with `people_needed`.
    pub coverage_rate: f64,
    /// The search met the coverage target in every cell within its limit.
    pub target_met: bool,
    /// Of the department's people, those matched to the post with at least `min_skill` in it.
    pub people_matched: usize,
    /// Places no qualified person of the department can fill (to hire or to train).
    pub shortfall: usize,
    pub min_skill: f64,
    pub pay_grade: u8,
    /// `people_needed` × the grade's monthly pay.
    pub monthly_pay: f64,
}

/// One department's payroll, today and as submitted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Payroll {
    pub department: String,
    /// Today's people at their own pay grades, per month.
    pub today: f64,
    /// The table's people at their posts' grades, per month.
    pub submitted: f64,
    /// Today's people no post of the table takes (qualified or not).
    pub people_unplaced: usize,
}

/// The table of departments `within` from the search's answer `est` (its rows' people
/// needed), matching `today`'s people (the scenario before the pilot) to the posts.
pub fn table(
    today: &Scenario,
    est: &Establishment,
    within: &[usize],
) -> (Vec<TableRow>, Vec<Payroll>) {
    let s = &today.settings;
    let mut rows = Vec::new();
    let mut payroll = Vec::new();
    for &d in within {
        let mine: Vec<&crate::core::staffing::EstablishmentRow> = est
            .table
            .iter()
            .filter(|r| r.department_index == d)
            .collect();
        let people: Vec<usize> = (0..today.managers.len())
            .filter(|&m| today.managers[m].department == d)
            .collect();
        // Places: one per person needed, post by post.
        let places: Vec<Post> = mine
            .iter()
            .flat_map(|r| std::iter::repeat_n(r.post, r.people_needed))
            .collect();
        let min_skill = |p: Post| p.function().map_or(0.0, |f| s.pilot.min_skill[f.index()]);
        let skill = |m: usize, p: Post| match p.function() {
            Some(f) => today.managers[m].skills[f.index()],
            None => today.managers[m].competence,
        };
        let n = people.len().max(places.len());
        // Square: a missing person or place costs nothing; a qualified match its −skill.
        let cost: Vec<Vec<f64>> = (0..n)
            .map(|i| {
                (0..n)
                    .map(|j| match (people.get(i), places.get(j)) {
                        (Some(&m), Some(&p)) if skill(m, p) >= min_skill(p) => -skill(m, p),
                        (Some(_), Some(_)) => UNQUALIFIED,
                        _ => 0.0,
                    })
                    .collect()
            })
            .collect();
        let col = hungarian_min(&cost);
        let mut matched = [0usize; 5];
        let mut unplaced = 0;
        for (i, &j) in col.iter().enumerate() {
            let Some(&m) = people.get(i) else { continue };
            match places.get(j) {
                Some(&p) if skill(m, p) >= min_skill(p) => matched[p as usize] += 1,
                _ => unplaced += 1,
            }
        }
        let dept = today
            .departments
            .get(d)
            .map_or(String::new(), |x| x.id.clone());
        let mut submitted = 0.0;
        for r in &mine {
            let grade = r
                .post
                .function()
                .map_or(s.pilot.pay_grade[0], |f| s.pilot.pay_grade[f.index()]);
            let pay = r.people_needed as f64 * s.monthly_pay(grade);
            submitted += pay;
            let got = matched[r.post as usize];
            rows.push(TableRow {
                department: dept.clone(),
                post: r.post,
                people_now: r.people_now,
                people_needed: r.people_needed,
                coverage_rate: r.coverage_rate,
                target_met: est.headcount.is_some(),
                people_matched: got,
                shortfall: r.people_needed.saturating_sub(got),
                min_skill: min_skill(r.post),
                pay_grade: grade,
                monthly_pay: pay,
            });
        }
        payroll.push(Payroll {
            department: dept,
            today: people
                .iter()
                .map(|&m| s.monthly_pay(today.managers[m].pay_grade))
                .sum(),
            submitted,
            people_unplaced: unplaced,
        });
    }
    (rows, payroll)
}
