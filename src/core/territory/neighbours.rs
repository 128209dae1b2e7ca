//! A neighbour graph over points (customers have no streets): each point linked to its `k`
//! nearest, the links made symmetric, and separate clusters joined by their closest pair so
//! that connected territories are always possible.

use crate::core::geo::{Grid, Point};

/// How many nearest points of each point are looked at to join two clusters.
const JOIN_LOOK: usize = 16;

/// The symmetric `k`-nearest-neighbour graph of `pts`, connected.
pub fn neighbour_graph(pts: &[Point], k: usize) -> Vec<Vec<usize>> {
    let n = pts.len();
    let mut adj: Vec<Vec<usize>> = vec![Vec::new(); n];
    let Some(grid) = Grid::new(pts, 4) else {
        return adj;
    };
    // One query per point serves both the links and the joining of clusters below.
    let near: Vec<Vec<(usize, f64)>> = (0..n)
        .map(|i| grid.nearest(pts, i, k.max(JOIN_LOOK)))
        .collect();
    for (i, l) in near.iter().enumerate() {
        for &(j, _) in l.iter().take(k) {
            adj[i].push(j);
            adj[j].push(i);
        }
    }
    // Join the clusters (Borůvka's rounds): each piece to the nearest point outside it, all
    // pieces at once, until one is left.
    loop {
        let comp = components(&adj);
        let pieces = comp.iter().copied().max().map_or(0, |m| m + 1);
        if pieces <= 1 {
            break;
        }
        let mut best: Vec<Option<(f64, usize, usize)>> = vec![None; pieces];
        for i in 0..n {
            if let Some(&(j, d)) = near[i].iter().find(|&&(j, _)| comp[j] != comp[i]) {
                let b = &mut best[comp[i]];
                if b.is_none_or(|x| d < x.0) {
                    *b = Some((d, i, j));
                }
            }
        }
        for (piece, b) in best.iter_mut().enumerate() {
            if b.is_some() {
                continue;
            }
            // Nothing outside among its points' nearest: look at every point.
            for i in (0..n).filter(|&i| comp[i] == piece) {
                for j in (0..n).filter(|&j| comp[j] != piece) {
                    let d = pts[i].dist(pts[j]);
                    if b.is_none_or(|x| d < x.0) {
                        *b = Some((d, i, j));
                    }
                }
            }
        }
        for &(_, i, j) in best.iter().flatten() {
            adj[i].push(j);
            adj[j].push(i);
        }
    }
    for l in &mut adj {
        l.sort_unstable();
        l.dedup();
    }
    adj
}

/// The component of each node (numbered in order of their lowest node).
fn components(adj: &[Vec<usize>]) -> Vec<usize> {
    let n = adj.len();
    let mut comp = vec![usize::MAX; n];
    let mut next = 0;
    let mut stack = Vec::new();
    for s in 0..n {
        if comp[s] != usize::MAX {
            continue;
        }
        comp[s] = next;
        stack.push(s);
        while let Some(u) = stack.pop() {
            for &v in &adj[u] {
                if comp[v] == usize::MAX {
                    comp[v] = next;
                    stack.push(v);
                }
            }
        }
        next += 1;
    }
    comp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_far_clusters_are_joined_and_links_are_mutual() {
        let mut pts: Vec<Point> = (0..10).map(|i| Point::new(i as f64 * 0.1, 0.0)).collect();
        pts.extend((0..10).map(|i| Point::new(100.0 + i as f64 * 0.1, 5.0)));
        let adj = neighbour_graph(&pts, 3);
        assert_eq!(components(&adj).iter().max(), Some(&0));
        for (i, l) in adj.iter().enumerate() {
            assert!(!l.contains(&i));
            for &j in l {
                assert!(adj[j].contains(&i));
            }
        }
    }
}
