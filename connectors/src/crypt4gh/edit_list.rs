//! Data edit lists: alternating lengths to skip and keep over the plaintext, starting with
//! a skip; after an odd-length list (ending with a skip) the rest is kept.

/// A Crypt4GH data edit list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditList(pub Vec<u64>);

impl EditList {
    /// The plaintext ranges `(start, len)` the list keeps, in a plaintext of `plain_len`
    /// bytes (ranges past the end are cut; empty ones dropped).
    pub fn kept(&self, plain_len: u64) -> Vec<(u64, u64)> {
        let mut out = Vec::new();
        let mut pos = 0u64;
        let mut lengths = self.0.iter();
        while let Some(&skip) = lengths.next() {
            pos = pos.saturating_add(skip);
            let keep = match lengths.next() {
                Some(&keep) => keep,
                None => u64::MAX, // ended with a skip: keep the rest
            };
            if pos < plain_len {
                let len = keep.min(plain_len - pos);
                if len > 0 {
                    out.push((pos, len));
                }
            }
            pos = pos.saturating_add(keep);
            if pos >= plain_len {
                break;
            }
        }
        out
    }

    /// The list that keeps exactly `ranges` (sorted, not overlapping; others are cut to
    /// fit).
    pub fn from_kept(ranges: &[(u64, u64)]) -> Self {
        let mut lengths = Vec::with_capacity(ranges.len() * 2);
        let mut pos = 0;
        for &(start, len) in ranges {
            let start = start.max(pos);
            lengths.push(start - pos);
            lengths.push(len);
            pos = start + len;
        }
        Self(lengths)
    }

    /// Restricts kept `ranges` to the visible bytes `[start, end)` of their concatenation.
    pub fn restrict(ranges: &[(u64, u64)], start: u64, end: u64) -> Vec<(u64, u64)> {
        let mut out = Vec::new();
        let mut visible = 0u64;
        for &(s, len) in ranges {
            let (lo, hi) = (start.max(visible), end.min(visible + len));
            if lo < hi {
                out.push((s + (lo - visible), hi - lo));
            }
            visible += len;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_ranges() {
        assert_eq!(EditList(vec![10, 5]).kept(100), [(10, 5)]);
        assert_eq!(EditList(vec![10]).kept(100), [(10, 90)]);
        assert_eq!(EditList(vec![0, 5, 10, 5]).kept(100), [(0, 5), (15, 5)]);
        // An odd-length list ends with a skip, after which the rest is kept (as Python).
        assert_eq!(EditList(vec![10, 5, 80]).kept(100), [(10, 5), (95, 5)]);
        assert_eq!(EditList(vec![10, 5, 85]).kept(100), [(10, 5)]);
        assert_eq!(EditList(vec![10, 5, 20]).kept(100), [(10, 5), (35, 65)]);
        assert_eq!(EditList(vec![90, 50]).kept(100), [(90, 10)]);
        assert_eq!(EditList(vec![200, 5]).kept(100), []);
        assert_eq!(EditList(vec![]).kept(100), []);
    }

    #[test]
    fn round_trip_and_restrict() {
        let ranges = [(10, 5), (35, 65)];
        assert_eq!(EditList::from_kept(&ranges).kept(100), ranges);
        assert_eq!(EditList::restrict(&ranges, 3, 10), [(13, 2), (35, 5)]);
        assert_eq!(EditList::restrict(&ranges, 0, 1000), ranges);
    }
}
