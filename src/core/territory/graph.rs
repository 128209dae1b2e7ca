//! Distances between units: all shortest paths over a weighted undirected graph (Dijkstra from
//! every node), kept as a full matrix. The benchmark measures a territory's diameter by these
//! paths through the whole graph, not inside the territory.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Distances between every two units (row-major, symmetric, 0 on the diagonal; infinite
/// between units no path joins).
#[derive(Debug, Clone, PartialEq)]
pub struct DistMatrix {
    n: usize,
    d: Vec<f64>,
}

impl DistMatrix {
    /// Shortest paths over `edges` (`(a, b, length)`, undirected) between `n` nodes.
    pub fn shortest_paths(n: usize, edges: &[(usize, usize, f64)]) -> Self {
        let mut adj: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
        for &(a, b, w) in edges {
            if a < n && b < n {
                adj[a].push((b, w));
                adj[b].push((a, w));
            }
        }
        let mut d = vec![f64::INFINITY; n * n];
        let mut heap = BinaryHeap::new();
        for s in 0..n {
            let row = &mut d[s * n..(s + 1) * n];
            row[s] = 0.0;
            heap.push(Entry(0.0, s));
            while let Some(Entry(du, u)) = heap.pop() {
                if du > row[u] {
                    continue;
                }
                for &(v, w) in &adj[u] {
                    let dv = du + w;
                    if dv < row[v] {
                        row[v] = dv;
                        heap.push(Entry(dv, v));
                    }
                }
            }
        }
        // Sums along a path from either end can differ in the last bit; the larger of the two
        // is what a check that runs Dijkstra from every node of a district sees.
        for i in 0..n {
            for j in i + 1..n {
                let m = d[i * n + j].max(d[j * n + i]);
                d[i * n + j] = m;
                d[j * n + i] = m;
            }
        }
        DistMatrix { n, d }
    }

    pub fn len(&self) -> usize {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    #[inline]
    pub fn get(&self, i: usize, j: usize) -> f64 {
        self.d[i * self.n + j]
    }

    /// Row `i`: the distances from unit `i` to every unit.
    #[inline]
    pub fn row(&self, i: usize) -> &[f64] {
        &self.d[i * self.n..(i + 1) * self.n]
    }
}

/// A heap entry ordered by smallest distance first (ties by node, for a fixed order).
struct Entry(f64, usize);

impl PartialEq for Entry {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Entry {
    fn cmp(&self, o: &Self) -> Ordering {
        o.0.total_cmp(&self.0).then(o.1.cmp(&self.1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_go_round_through_other_nodes() {
        // A square 0-1-2-3-0 with a long diagonal 0-2: the short way round wins.
        let d = DistMatrix::shortest_paths(
            4,
            &[
                (0, 1, 1.0),
                (1, 2, 1.0),
                (2, 3, 1.0),
                (3, 0, 1.0),
                (0, 2, 5.0),
            ],
        );
        assert_eq!(d.get(0, 2), 2.0);
        assert_eq!(d.get(2, 0), 2.0);
        assert_eq!(d.get(1, 3), 2.0);
        let far = DistMatrix::shortest_paths(3, &[(0, 1, 1.0)]);
        assert!(far.get(0, 2).is_infinite());
    }
}
