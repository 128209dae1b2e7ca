//! Territory colours that tell neighbours apart: a neighbour graph of the territories (their
//! customers' nearest neighbours, and each territory's nearest territories by centre), coloured
//! greedily (DSatur) so that no two neighbours share a colour while the palette allows, each
//! colour used about equally often.

use std::collections::BTreeSet;

use super::palette::PALETTE;
use crate::core::geo::{Grid, Point};

/// Nearest customers looked at around each customer: a territory whose customers are among
/// another's nearest touches it.
const NEAREST_CUSTOMERS: usize = 6;
/// Nearest territories by centre each territory is linked to, so that territories that do not
/// touch but sit side by side (across an empty stretch) still differ.
const NEAREST_CENTRES: usize = 2;

/// Each customer's nearest customers: the part of the neighbour graph that does not depend
/// on the territories, so one computation serves every model drawn on the same list.
pub fn nearest_customers(pts: &[Point]) -> Vec<Vec<usize>> {
    match Grid::new(pts, 4) {
        Some(grid) => (0..pts.len())
            .map(|i| {
                grid.nearest(pts, i, NEAREST_CUSTOMERS)
                    .into_iter()
                    .map(|(j, _)| j)
                    .collect()
            })
            .collect(),
        None => Vec::new(),
    }
}

/// The neighbours of each of `n` territories, `owner[i]` being customer `i`'s territory: two
/// territories are neighbours when a customer of one is among the nearest customers of a
/// customer of the other, or when one's centre is among the other's nearest centres.
pub fn neighbours(pts: &[Point], owner: &[usize], n: usize) -> Vec<BTreeSet<usize>> {
    neighbours_near(pts, &nearest_customers(pts), owner, n)
}

/// `neighbours` with the customers' nearest customers given (`nearest_customers(pts)`).
pub fn neighbours_near(
    pts: &[Point],
    near: &[Vec<usize>],
    owner: &[usize],
    n: usize,
) -> Vec<BTreeSet<usize>> {
    let mut adj = vec![BTreeSet::new(); n];
    let mut link = |a: usize, b: usize| {
        if a != b && a < n && b < n {
            adj[a].insert(b);
            adj[b].insert(a);
        }
    };
    for (&a, close) in owner.iter().zip(near) {
        for &j in close {
            if let Some(&b) = owner.get(j) {
                link(a, b);
            }
        }
    }
    let centres = centres(pts, owner, n);
    for (a, ca) in centres.iter().enumerate() {
        let Some(ca) = ca else { continue };
        let mut near: Vec<(f64, usize)> = centres
            .iter()
            .enumerate()
            .filter(|&(b, _)| b != a)
            .filter_map(|(b, cb)| cb.map(|cb| (ca.dist(cb), b)))
            .collect();
        near.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
        for &(_, b) in near.iter().take(NEAREST_CENTRES) {
            link(a, b);
        }
    }
    adj
}

/// The centre (mean position) of each territory's customers; `None` for an empty one.
pub fn centres(pts: &[Point], owner: &[usize], n: usize) -> Vec<Option<Point>> {
    let mut sum = vec![(0.0, 0.0, 0usize); n];
    for (p, &o) in pts.iter().zip(owner) {
        if let Some(s) = sum.get_mut(o) {
            s.0 += p.x;
            s.1 += p.y;
            s.2 += 1;
        }
    }
    sum.into_iter()
        .map(|(x, y, k)| (k > 0).then(|| Point::new(x / k as f64, y / k as f64)))
        .collect()
}

/// Colours the graph `adj` with `colours` colours (DSatur: the territory whose neighbours
/// already hold the most distinct colours next). A territory takes a colour none of its
/// neighbours has, the one used least so far (so the map spreads over the whole palette);
/// only when every colour is taken by a neighbour does it share the one fewest neighbours have.
pub fn colour_graph(adj: &[BTreeSet<usize>], colours: usize) -> Vec<u8> {
    let n = adj.len();
    let colours = colours.clamp(1, usize::from(u8::MAX));
    let mut colour: Vec<Option<usize>> = vec![None; n];
    let mut used = vec![0usize; colours];
    for _ in 0..n {
        let saturation = |v: usize| {
            adj[v]
                .iter()
                .filter_map(|&w| colour.get(w).copied().flatten())
                .collect::<BTreeSet<_>>()
                .len()
        };
        let Some(v) = (0..n).filter(|&v| colour[v].is_none()).max_by(|&a, &b| {
            saturation(a)
                .cmp(&saturation(b))
                .then(adj[a].len().cmp(&adj[b].len()))
                // The lower index first among equals (max_by keeps the last maximum).
                .then(b.cmp(&a))
        }) else {
            break;
        };
        let mut clash = vec![0usize; colours];
        for &w in &adj[v] {
            if let Some(c) = colour.get(w).copied().flatten() {
                clash[c] += 1;
            }
        }
        let pick = (0..colours)
            .min_by_key(|&c| (clash[c], used[c], c))
            .unwrap_or(0);
        colour[v] = Some(pick);
        used[pick] += 1;
    }
    colour
        .into_iter()
        .map(|c| u8::try_from(c.unwrap_or(0)).unwrap_or(0))
        .collect()
}

/// A palette colour per territory (`owner[i]`: customer `i`'s territory among `n`), neighbours
/// in different colours.
pub fn territory_colours(pts: &[Point], owner: &[usize], n: usize) -> Vec<u8> {
    territory_colours_near(pts, &nearest_customers(pts), owner, n)
}

/// `territory_colours` with the customers' nearest customers given (`nearest_customers(pts)`).
pub fn territory_colours_near(
    pts: &[Point],
    near: &[Vec<usize>],
    owner: &[usize],
    n: usize,
) -> Vec<u8> {
    colour_graph(&neighbours_near(pts, near, owner, n), PALETTE.len())
}

/// Pairs of neighbouring territories that share a colour (none when the colouring is proper).
pub fn clashes(adj: &[BTreeSet<usize>], colour: &[u8]) -> Vec<(usize, usize)> {
    adj.iter()
        .enumerate()
        .flat_map(|(a, ns)| ns.iter().map(move |&b| (a, b)))
        .filter(|&(a, b)| a < b && colour.get(a) == colour.get(b))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_that_touch_differ_and_the_palette_is_spread() {
        // A 60 × 10 lattice cut into six vertical strips: each touches the next.
        let mut pts = Vec::new();
        let mut owner = Vec::new();
        for x in 0..60 {
            for y in 0..10 {
                pts.push(Point::new(f64::from(x) * 0.1, f64::from(y) * 0.1));
                owner.push((x / 10) as usize);
            }
        }
        let adj = neighbours(&pts, &owner, 6);
        for (s, ns) in adj.iter().enumerate().take(5) {
            assert!(ns.contains(&(s + 1)), "{s} touches {}", s + 1);
        }
        assert!(!adj[0].contains(&5), "the ends are far apart");
        let c = territory_colours(&pts, &owner, 6);
        assert!(clashes(&adj, &c).is_empty(), "{c:?}");
        // Six territories, nine colours: each its own (the least used colour is taken).
        assert_eq!(c.iter().collect::<BTreeSet<_>>().len(), 6, "{c:?}");
        assert!(c.iter().all(|&x| usize::from(x) < PALETTE.len()));
    }

    #[test]
    fn a_clique_larger_than_the_palette_shares_as_little_as_it_can() {
        // Five territories all neighbours of each other, three colours: one clash per extra.
        let adj: Vec<BTreeSet<usize>> = (0..5)
            .map(|a| (0..5).filter(|&b| b != a).collect())
            .collect();
        let c = colour_graph(&adj, 3);
        assert_eq!(clashes(&adj, &c).len(), 2, "{c:?}");
        let c = colour_graph(&adj, 5);
        assert!(clashes(&adj, &c).is_empty(), "{c:?}");
    }

    #[test]
    fn a_lone_territory_is_linked_to_its_nearest() {
        // Two clusters of ten customers 50 km apart: no customer has a nearest neighbour in
        // the other, yet they are neighbours by their centres.
        let mut pts = Vec::new();
        let mut owner = Vec::new();
        for (t, x0) in [0.0, 50.0].into_iter().enumerate() {
            for k in 0..10 {
                pts.push(Point::new(x0 + f64::from(k) * 0.1, 0.0));
                owner.push(t);
            }
        }
        let adj = neighbours(&pts, &owner, 2);
        assert!(adj[0].contains(&1));
        let c = territory_colours(&pts, &owner, 2);
        assert_ne!(c[0], c[1]);
    }
}
