//! The simulator's random streams: xoshiro256++ seeded through splitmix64.
//!
//! The generator is written out here (rather than taken from a crate whose default generator
//! may change between versions) so a seed gives the same numbers on every machine and every
//! release. Each replication derives its own streams from the run's seed and its index, so
//! results do not depend on which thread runs which replication.

use rand::RngCore;

/// One step of splitmix64: advances `state` and returns a well-mixed 64-bit value.
pub(crate) fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The seed of stream `stream` (arrivals, service, patience, ...) of replication `rep`.
pub(crate) fn stream_seed(seed: u64, rep: u64, stream: u64) -> u64 {
    let mut s = seed;
    let a = splitmix64(&mut s);
    let mut s = a ^ rep.wrapping_mul(0xD1B5_4A32_D192_ED03);
    let b = splitmix64(&mut s);
    let mut s = b ^ stream.wrapping_mul(0xA24B_AED4_963E_E407);
    splitmix64(&mut s)
}

/// xoshiro256++ (Blackman and Vigna): small, fast, 256 bits of state.
#[derive(Debug, Clone)]
pub(crate) struct Xoshiro {
    s: [u64; 4],
}

impl Xoshiro {
    /// A generator whose state is filled from `seed` by splitmix64 (never all zero).
    pub(crate) fn new(seed: u64) -> Self {
        let mut sm = seed;
        let s = [
            splitmix64(&mut sm),
            splitmix64(&mut sm),
            splitmix64(&mut sm),
            splitmix64(&mut sm),
        ];
        Self { s }
    }

    /// A uniform draw in `[0, 1)` with 53 bits of precision.
    #[inline]
    pub(crate) fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

impl RngCore for Xoshiro {
    #[inline]
    fn next_u32(&mut self) -> u32 {
        // The high bits are the best ones.
        u32::try_from(self.next_u64() >> 32).unwrap_or(0)
    }

    #[inline]
    fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    fn fill_bytes(&mut self, dst: &mut [u8]) {
        for chunk in dst.chunks_mut(8) {
            let bytes = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_differ_and_repeat() {
        let a = stream_seed(42, 0, 0);
        assert_eq!(a, stream_seed(42, 0, 0));
        assert_ne!(a, stream_seed(42, 1, 0));
        assert_ne!(a, stream_seed(42, 0, 1));
        assert_ne!(a, stream_seed(43, 0, 0));
        let mut r = Xoshiro::new(a);
        let mut q = Xoshiro::new(a);
        for _ in 0..10 {
            assert_eq!(r.next_u64(), q.next_u64());
        }
    }

    #[test]
    fn uniform_mean_is_half() {
        let mut r = Xoshiro::new(7);
        let n = 100_000;
        let m: f64 = (0..n).map(|_| r.uniform()).sum::<f64>() / f64::from(n);
        assert!((m - 0.5).abs() < 0.01, "{m}");
        let mut buf = [0u8; 13];
        r.fill_bytes(&mut buf);
        assert!(buf.iter().any(|&b| b != 0));
    }
}
