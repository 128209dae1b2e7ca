//! Largest-remainder apportionment: how managers are split between departments, zones,
//! classes and groups in proportion to their work. Neutral ground shared by the preset
//! generator and the staffing models.

/// Splits `n` into parts proportional to `weights` (largest remainder), each non-empty weight
/// getting at least one when `n` allows.
pub fn apportion(n: usize, weights: &[f64]) -> Vec<usize> {
    let total: f64 = weights.iter().sum();
    if weights.is_empty() || total <= 0.0 {
        return vec![0; weights.len()];
    }
    let quotas: Vec<f64> = weights.iter().map(|w| w / total * n as f64).collect();
    let mut out: Vec<usize> = quotas.iter().map(|q| *q as usize).collect();
    let mut left = n - out.iter().sum::<usize>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        (quotas[b] - quotas[b].floor())
            .total_cmp(&(quotas[a] - quotas[a].floor()))
            .then(a.cmp(&b))
    });
    for &k in order.iter().cycle().take(weights.len() * 2) {
        if left == 0 {
            break;
        }
        out[k] += 1;
        left -= 1;
    }
    // Give an empty part with work one from the largest part, when there is one to spare.
    for k in 0..out.len() {
        if out[k] == 0 && weights[k] > 0.0 {
            if let Some(big) = (0..out.len())
                .filter(|&j| out[j] > 1)
                .max_by_key(|&j| (out[j], usize::MAX - j))
            {
                out[big] -= 1;
                out[k] += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportion_adds_up_and_feeds_every_part() {
        assert_eq!(apportion(10, &[1.0, 1.0, 2.0]).iter().sum::<usize>(), 10);
        assert_eq!(apportion(3, &[100.0, 1.0, 1.0]), vec![1, 1, 1]);
        assert_eq!(apportion(5, &[0.0, 0.0]), vec![0, 0]);
    }
}
