//! Recursive weighted bisection: the quick split every territory search starts from when it has
//! no plan of today (and the calendar's split of a book into day groups).

use crate::core::geo::{BBox, Point};

/// Splits `items` into `k` compact parts of about equal weight by recursive bisection along the
/// longer side. Balance is exact to within one item's weight; parts are axis-aligned cells.
pub fn territories(items: &[usize], pts: &[Point], w: &[f64], k: usize) -> Vec<Vec<usize>> {
    let mut items = items.to_vec();
    let mut out = Vec::with_capacity(k);
    if k > 0 {
        bisect(&mut items, pts, w, k, &mut out);
    }
    out
}

fn bisect(items: &mut [usize], pts: &[Point], w: &[f64], k: usize, out: &mut Vec<Vec<usize>>) {
    if k <= 1 {
        out.push(items.to_vec());
        return;
    }
    let k1 = k / 2;
    let bb = BBox::around(items.iter().map(|&i| pts[i]));
    let by_x = bb.map(|b| b.width() >= b.height()).unwrap_or(true);
    let key = |i: usize| if by_x { pts[i].x } else { pts[i].y };
    items.sort_by(|&a, &b| key(a).total_cmp(&key(b)).then(a.cmp(&b)));
    let total: f64 = items.iter().map(|&i| w[i]).sum();
    let target = total * k1 as f64 / k as f64;
    let (mut acc, mut split, mut best) = (0.0, 0, f64::INFINITY);
    for (pos, &i) in items.iter().enumerate() {
        acc += w[i];
        let err = (acc - target).abs();
        if err < best {
            best = err;
            split = pos + 1;
        }
    }
    let (left, right) = items.split_at_mut(split);
    bisect(left, pts, w, k1, out);
    bisect(right, pts, w, k - k1, out);
}
