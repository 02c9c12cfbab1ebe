//! Log-linear latency buckets: exact below 8 µs, then 8 buckets per power of two, so a
//! percentile read from them is within 12.5 % of the truth, from microseconds to minutes.

/// Sub-buckets per power of two, as bits.
const SUB_BITS: u32 = 3;
const SUB: u64 = 1 << SUB_BITS;
/// The largest power of two with its own buckets (2^26 µs ≈ 67 s); slower lands in the last.
const MAX_POWER: u32 = 26;

/// How many buckets a histogram has.
pub const BUCKETS: usize = (SUB + (MAX_POWER + 1 - SUB_BITS) as u64 * SUB) as usize;

/// The bucket of a duration in microseconds.
pub fn index(micros: u64) -> usize {
    if micros < SUB {
        return micros as usize;
    }
    let power = (63 - micros.leading_zeros()).min(MAX_POWER);
    if power == MAX_POWER && micros >> power > 1 {
        return BUCKETS - 1;
    }
    let offset = (micros >> (power - SUB_BITS)) & (SUB - 1);
    (SUB + u64::from(power - SUB_BITS) * SUB + offset) as usize
}

/// The largest duration in microseconds that falls in `index` (what a percentile reports, so
/// it never understates).
pub fn upper_bound(index: usize) -> u64 {
    let index = index as u64;
    if index < SUB {
        return index;
    }
    let power = (index - SUB) / SUB + u64::from(SUB_BITS);
    let offset = (index - SUB) % SUB;
    let width = 1 << (power - u64::from(SUB_BITS));
    (1 << power) + (offset + 1) * width - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_duration_lands_in_a_bucket_whose_bound_is_close_above_it() {
        let mut micros = 0;
        while micros < (1 << MAX_POWER) {
            let bucket = index(micros);
            assert!(bucket < BUCKETS);
            let bound = upper_bound(bucket);
            assert!(bound >= micros, "{micros} > bound {bound}");
            assert!(
                bound - micros <= micros / 8,
                "{micros}: bound {bound} too loose"
            );
            micros = micros * 17 / 16 + 1;
        }
    }

    #[test]
    fn buckets_are_in_order_and_contiguous() {
        for bucket in 1..BUCKETS - 1 {
            assert_eq!(index(upper_bound(bucket - 1) + 1), bucket);
        }
        assert_eq!(index(u64::MAX), BUCKETS - 1);
    }
}
