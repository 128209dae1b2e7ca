//! Connectivity of territories in a neighbour graph: a territory is connected when its units'
//! induced subgraph is (a territory of one unit is).

/// True when the units with `member(i)` form a connected subgraph of `adj` (an empty set is).
pub fn is_connected_subset(adj: &[Vec<usize>], member: impl Fn(usize) -> bool) -> bool {
    let n = adj.len();
    let Some(first) = (0..n).find(|&i| member(i)) else {
        return true;
    };
    let total = (0..n).filter(|&i| member(i)).count();
    let mut seen = vec![false; n];
    seen[first] = true;
    let mut stack = vec![first];
    let mut reached = 1;
    while let Some(u) = stack.pop() {
        for &v in &adj[u] {
            if !seen[v] && member(v) {
                seen[v] = true;
                reached += 1;
                stack.push(v);
            }
        }
    }
    reached == total
}

/// The territories (of `p`) whose units are not connected in `adj`.
pub fn disconnected_territories(adj: &[Vec<usize>], territory: &[usize], p: usize) -> Vec<usize> {
    (0..p)
        .filter(|&k| !is_connected_subset(adj, |i| territory[i] == k))
        .collect()
}

/// Reusable scratch for the search's question "does territory `k` stay connected without unit
/// `v`?", answered by one walk over the territory from one of `v`'s neighbours in it.
pub(super) struct Walker {
    mark: Vec<u32>,
    epoch: u32,
    stack: Vec<usize>,
}

impl Walker {
    pub fn new(n: usize) -> Self {
        Walker {
            mark: vec![0; n],
            epoch: 0,
            stack: Vec::new(),
        }
    }

    /// `size` is territory `k`'s unit count with `v` in it.
    pub fn stays_connected_without(
        &mut self,
        adj: &[Vec<usize>],
        territory: &[usize],
        k: usize,
        v: usize,
        size: usize,
    ) -> bool {
        if size <= 2 {
            return true;
        }
        let Some(&start) = adj[v].iter().find(|&&u| territory[u] == k) else {
            // v touches nothing of its own territory: it was an island; removing it cannot
            // disconnect the rest any further than it is.
            return true;
        };
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            self.mark.iter_mut().for_each(|m| *m = 0);
            self.epoch = 1;
        }
        let e = self.epoch;
        self.mark[v] = e;
        self.mark[start] = e;
        self.stack.clear();
        self.stack.push(start);
        let mut reached = 1;
        while let Some(u) = self.stack.pop() {
            for &w in &adj[u] {
                if self.mark[w] != e && territory[w] == k {
                    self.mark[w] = e;
                    reached += 1;
                    self.stack.push(w);
                }
            }
        }
        reached == size - 1
    }
}

/// Makes every territory connected where it can: the units of a territory's smaller pieces join
/// the territory most of their outside neighbours are in (a locked unit stays). Balance is left
/// to the search that follows.
pub(super) fn repair(
    adj: &[Vec<usize>],
    t: &mut [usize],
    p: usize,
    locked: impl Fn(usize) -> bool,
) {
    let n = t.len();
    for _round in 0..8 {
        let mut changed = false;
        for k in 0..p {
            // Components of territory k, largest kept.
            let mut comp = vec![usize::MAX; n];
            let mut pieces: Vec<Vec<usize>> = Vec::new();
            for s in 0..n {
                if t[s] != k || comp[s] != usize::MAX {
                    continue;
                }
                let id = pieces.len();
                let mut piece = vec![s];
                comp[s] = id;
                let mut at = 0;
                while at < piece.len() {
                    let u = piece[at];
                    at += 1;
                    for &v in &adj[u] {
                        if t[v] == k && comp[v] == usize::MAX {
                            comp[v] = id;
                            piece.push(v);
                        }
                    }
                }
                pieces.push(piece);
            }
            if pieces.len() <= 1 {
                continue;
            }
            // The piece kept is one with a locked unit when there is one: a locked piece
            // cannot move, so keeping an unlocked piece would leave the territory cut for good.
            let keep = (0..pieces.len())
                .max_by_key(|&x| {
                    let has_lock = pieces[x].iter().any(|&u| locked(u));
                    (has_lock, pieces[x].len(), std::cmp::Reverse(x))
                })
                .unwrap_or(0);
            for (x, piece) in pieces.iter().enumerate() {
                if x == keep || piece.iter().any(|&u| locked(u)) {
                    continue;
                }
                let mut votes = vec![0usize; p];
                for &u in piece {
                    for &v in &adj[u] {
                        if t[v] != k {
                            votes[t[v]] += 1;
                        }
                    }
                }
                if let Some(to) = (0..p)
                    .filter(|&j| votes[j] > 0)
                    .max_by_key(|&j| (votes[j], std::cmp::Reverse(j)))
                {
                    for &u in piece {
                        t[u] = to;
                    }
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_breaks_in_the_middle_not_at_its_ends() {
        // 0-1-2-3 all in territory 0.
        let adj = vec![vec![1], vec![0, 2], vec![1, 3], vec![2]];
        let t = vec![0, 0, 0, 0];
        let mut w = Walker::new(4);
        assert!(w.stays_connected_without(&adj, &t, 0, 0, 4));
        assert!(!w.stays_connected_without(&adj, &t, 0, 1, 4));
        assert!(w.stays_connected_without(&adj, &t, 0, 3, 4));
        assert!(disconnected_territories(&adj, &[0, 1, 0, 1], 2) == vec![0, 1]);
        assert!(disconnected_territories(&adj, &[0, 0, 1, 1], 2).is_empty());
    }
}
