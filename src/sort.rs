//! One stable sort for the engine, to keep the wasm small.
//!
//! Each `slice::sort_by` / `sort_by_key` call with its own element type or closure makes the
//! compiler emit another full copy of std's driftsort (5–7 KB of wasm each). These functions share
//! one non-generic merge sort over indices (`order`), so a call site costs a few hundred bytes.
//! The result is exactly std's stable sort: elements that compare equal keep their order.

use std::cmp::Ordering;

/// The stable order of `0..n` under `cmp`: bottom-up merge sort over indices.
fn order(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut a: Vec<usize> = (0..n).collect();
    // already in order (the engine's usual case: candidates by position): n - 1 comparisons
    if (1..n).all(|i| cmp(i, i - 1) != Ordering::Less) {
        return a;
    }
    let mut b = vec![0usize; n];
    let mut width = 1;
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            let (mut i, mut j) = (lo, mid);
            // runs already in order: copy
            if mid >= hi || cmp(a[mid], a[mid - 1]) != Ordering::Less {
                b[lo..hi].copy_from_slice(&a[lo..hi]);
                lo = hi;
                continue;
            }
            for slot in &mut b[lo..hi] {
                // Take from the right run only when strictly less: that keeps the sort stable.
                if j < hi && (i >= mid || cmp(a[j], a[i]) == Ordering::Less) {
                    *slot = a[j];
                    j += 1;
                } else {
                    *slot = a[i];
                    i += 1;
                }
            }
            lo = hi;
        }
        std::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    a
}

/// Puts `v` in the order `perm` (position `i` receives the element at `perm[i]`), by cycles.
fn apply<T>(v: &mut [T], mut perm: Vec<usize>) {
    if perm.iter().enumerate().all(|(i, &p)| i == p) {
        return;
    }
    for i in 0..v.len() {
        let mut j = i;
        loop {
            let k = perm[j];
            perm[j] = j;
            if k == i {
                break;
            }
            v.swap(j, k);
            j = k;
        }
    }
}

/// Stable sort by a comparator, as [`slice::sort_by`].
pub(crate) fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let perm = {
        let s = &*v;
        order(s.len(), &mut |i, j| cmp(&s[i], &s[j]))
    };
    apply(v, perm);
}

/// Stable sort by a key, as [`slice::sort_by_key`].
pub(crate) fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_as_std_stable_sort() {
        // Pairs (key, original position) with many ties, of every length up to 70.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for n in 0..70 {
            let v: Vec<(u8, usize)> = (0..n)
                .map(|i| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    ((seed % 5) as u8, i)
                })
                .collect();
            let mut ours = v.clone();
            sort_by_key(&mut ours, |p| p.0);
            let mut std = v.clone();
            std.sort_by_key(|p| p.0);
            assert_eq!(ours, std, "n = {n}");
            let mut rev = v.clone();
            sort_by(&mut rev, |a, b| b.0.cmp(&a.0));
            let mut std_rev = v;
            std_rev.sort_by(|a, b| b.0.cmp(&a.0));
            assert_eq!(rev, std_rev, "reversed, n = {n}");
        }
    }
}
