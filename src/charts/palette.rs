//! Colours: a colour-blind-safe palette (Paul Tol's "muted") and a map colouring that gives
//! neighbouring territories different colours.

use crate::core::geo::{Grid, Point};

/// Paul Tol's muted qualitative scheme: distinguishable under the common colour-vision
/// deficiencies.
pub const PALETTE: [(u8, u8, u8); 9] = [
    (0x33, 0x22, 0x88),
    (0x88, 0xCC, 0xEE),
    (0x44, 0xAA, 0x99),
    (0x11, 0x77, 0x33),
    (0x99, 0x99, 0x33),
    (0xDD, 0xCC, 0x77),
    (0xCC, 0x66, 0x77),
    (0x88, 0x22, 0x55),
    (0xAA, 0x44, 0x99),
];

/// Colours each territory (staff index per point) so that territories whose customers are
/// near neighbours differ where the palette allows (greedy Welsh-Powell colouring).
pub fn territory_colours(pts: &[Point], owner: &[usize], n_staff: usize) -> Vec<u8> {
    let mut adj = vec![std::collections::BTreeSet::new(); n_staff];
    if let Some(grid) = Grid::new(pts, 4) {
        for i in 0..pts.len() {
            for (j, _) in grid.nearest(pts, i, 6) {
                let (a, b) = (owner[i], owner[j]);
                if a != b && a < n_staff && b < n_staff {
                    adj[a].insert(b);
                    adj[b].insert(a);
                }
            }
        }
    }
    let mut order: Vec<usize> = (0..n_staff).collect();
    order.sort_by(|&a, &b| adj[b].len().cmp(&adj[a].len()).then(a.cmp(&b)));
    let mut colour = vec![u8::MAX; n_staff];
    for s in order {
        let mut used = [0usize; PALETTE.len()];
        for &n in &adj[s] {
            if let Some(c) = colour.get(n).filter(|&&c| c != u8::MAX) {
                used[*c as usize] += 1;
            }
        }
        // The first free colour; when all are taken, the one fewest neighbours use.
        let pick = (0..PALETTE.len())
            .min_by_key(|&c| (used[c], c))
            .unwrap_or(0);
        colour[s] = pick as u8;
    }
    colour
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjacent_territories_get_different_colours() {
        // A 30 × 10 lattice cut into three vertical strips: 0 | 1 | 2; 0-1 and 1-2 touch.
        let mut pts = Vec::new();
        let mut owner = Vec::new();
        for x in 0..30 {
            for y in 0..10 {
                pts.push(Point::new(x as f64 * 0.1, y as f64 * 0.1));
                owner.push(x / 10);
            }
        }
        let c = territory_colours(&pts, &owner, 3);
        assert_eq!(c.len(), 3);
        assert_ne!(c[0], c[1]);
        assert_ne!(c[1], c[2]);
        assert!(c.iter().all(|&x| (x as usize) < PALETTE.len()));
    }
}
