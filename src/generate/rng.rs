//! A tiny, dependency-free pseudo-random number generator.
//!
//! The generator is xoshiro256** seeded through splitmix64. It is not
//! cryptographically secure; it only has to be fast, statistically decent and
//! — above all — reproducible: the same seed always yields the same stream on
//! every platform.

/// One step of the splitmix64 sequence; also a good 64-bit mixing function.
pub fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    mix64(*state)
}

/// Stateless 64-bit finaliser (the splitmix64 output function).
///
/// Used to hash coordinates into pseudo-random reference bases.
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// xoshiro256** generator.
#[derive(Clone, Debug)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// Creates a generator whose state is expanded from `seed`.
    pub fn new(seed: u64) -> Self {
        let mut sm = seed;
        let mut s = [0u64; 4];
        for word in &mut s {
            *word = splitmix64(&mut sm);
        }
        // An all-zero state is the one fixed point of xoshiro; splitmix64 never
        // produces four zeros in a row, but be explicit about it.
        if s == [0; 4] {
            s[0] = 1;
        }
        Self { s }
    }

    /// Creates an independent generator for sub-stream `stream` of `seed`.
    pub fn stream(seed: u64, stream: u64) -> Self {
        Self::new(mix64(
            seed ^ mix64(stream.wrapping_add(0x5851_F42D_4C95_7F2D)),
        ))
    }

    /// Next raw 64-bit output.
    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform `f64` in `[0, 1)`.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform `f64` in `(0, 1]`; safe to pass to `ln`.
    pub fn uniform_open0(&mut self) -> f64 {
        1.0 - self.uniform()
    }

    /// Uniform integer in `0..n` (`n == 0` yields 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform `usize` in `0..n`.
    pub fn index(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }

    /// Uniform integer in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        debug_assert!(lo <= hi);
        lo + self.below((hi - lo) as u64 + 1) as i64
    }

    /// `true` with probability `p`.
    pub fn bernoulli(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// Log-uniform value in `[lo, hi)`.
    pub fn log_uniform(&mut self, lo: f64, hi: f64) -> f64 {
        (lo.ln() + (hi.ln() - lo.ln()) * self.uniform()).exp()
    }
}

/// Draws the gaps of a Bernoulli(p) process by geometric skipping.
///
/// Instead of flipping one coin per slot, [`Skipper::next_gap`] returns how
/// many failures precede the next success, so sparse events over millions of
/// genotype slots cost one logarithm per event rather than one draw per slot.
#[derive(Clone, Copy, Debug)]
pub struct Skipper {
    /// `ln(1 - p)`; `0.0` means "never", `-inf` means "always".
    log_q: f64,
}

impl Skipper {
    /// Creates a skipper for success probability `p` (clamped to `[0, 1]`).
    pub fn new(p: f64) -> Self {
        let p = p.clamp(0.0, 1.0);
        Self {
            log_q: (1.0 - p).ln(),
        }
    }

    /// Number of failures before the next success (`u64::MAX` if `p == 0`).
    pub fn next_gap(&self, rng: &mut Rng) -> u64 {
        if self.log_q == 0.0 {
            return u64::MAX;
        }
        if self.log_q == f64::NEG_INFINITY {
            return 0;
        }
        let gap = rng.uniform_open0().ln() / self.log_q;
        if gap >= u64::MAX as f64 {
            u64::MAX
        } else {
            gap as u64
        }
    }

    /// Visits the successful indices in `0..n` in increasing order.
    pub fn for_each(&self, rng: &mut Rng, n: usize, mut f: impl FnMut(&mut Rng, usize)) {
        let mut i = 0u64;
        loop {
            let gap = self.next_gap(rng);
            i = match i.checked_add(gap) {
                Some(v) if v < n as u64 => v,
                _ => return,
            };
            f(rng, i as usize);
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reproducible() {
        let a: Vec<u64> = {
            let mut r = Rng::new(7);
            (0..8).map(|_| r.next_u64()).collect()
        };
        let b: Vec<u64> = {
            let mut r = Rng::new(7);
            (0..8).map(|_| r.next_u64()).collect()
        };
        assert_eq!(a, b);
        assert_ne!(Rng::stream(7, 1).next_u64(), Rng::stream(7, 2).next_u64());
    }

    #[test]
    fn below_and_uniform_in_range() {
        let mut r = Rng::new(1);
        for _ in 0..10_000 {
            assert!(r.below(10) < 10);
            let u = r.uniform();
            assert!((0.0..1.0).contains(&u));
            assert!(r.uniform_open0() > 0.0);
        }
    }

    #[test]
    fn skipper_rate() {
        let mut r = Rng::new(3);
        let s = Skipper::new(0.02);
        let mut hits = 0usize;
        s.for_each(&mut r, 1_000_000, |_, _| hits += 1);
        assert!((18_000..22_000).contains(&hits), "{hits}");
        let mut none = 0;
        Skipper::new(0.0).for_each(&mut r, 1000, |_, _| none += 1);
        assert_eq!(none, 0);
        let mut all = 0;
        Skipper::new(1.0).for_each(&mut r, 1000, |_, _| all += 1);
        assert_eq!(all, 1000);
    }
}
