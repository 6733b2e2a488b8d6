//! Decimal digits of integers, written in fixed-size pieces: the one rule
//! djula's printing of integers and spinneret's splices share.
//!
//! Numbers below 10,000 (table cells, counters, scores, years) are copied
//! from constant tables of `&str`, one or two bytes at a time: LLVM sees
//! that every entry of a table has the same length and copies it with one
//! store, where pushing itoa's buffer costs a `memcpy` call of unknown
//! length. Longer numbers go through `itoa`.

/// The decimal digits, each a `&str` of length one.
static DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

/// `"00"` to `"99"`, each a `&str` of length two.
// Indexing in a constant: out of range would fail the build, not panic.
#[allow(clippy::indexing_slicing)]
static DIGIT_PAIRS: [&str; 100] = {
    const PAIRS: &[u8; 200] = b"\
        0001020304050607080910111213141516171819\
        2021222324252627282930313233343536373839\
        4041424344454647484950515253545556575859\
        6061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899";
    let mut table = [""; 100];
    let mut i = 0;
    while i < 100 {
        let (_, rest) = PAIRS.split_at(2 * i);
        let (pair, _) = rest.split_at(2);
        table[i] = match std::str::from_utf8(pair) {
            Ok(pair) => pair,
            Err(_) => "",
        };
        i += 1;
    }
    table
};

/// Hands the decimal digits of `n` to `push`, in pieces: fixed-size
/// copies from constant tables below 10,000, itoa's text above.
///
/// ```
/// let mut out = String::new();
/// for n in [0, 7, 42, 305, 2015, 123_456] {
///     djula_filters::digits::write_u64_with(n, |piece| out.push_str(piece));
///     out.push(' ');
/// }
/// assert_eq!(out, "0 7 42 305 2015 123456 ");
/// ```
#[inline(always)]
pub fn write_u64_with(n: u64, mut push: impl FnMut(&str)) {
    let digit = |n: u64| DIGITS.get(n as usize).copied().unwrap_or_default();
    let pair = |n: u64| DIGIT_PAIRS.get(n as usize).copied().unwrap_or_default();
    if n < 10 {
        push(digit(n));
    } else if n < 100 {
        push(pair(n));
    } else if n < 10_000 {
        let (high, low) = (n / 100, n % 100);
        // Two calls, not one of either table: each copy keeps its fixed
        // length (one store), which a merged `&str` would lose.
        if high < 10 {
            push(digit(high));
        } else {
            push(pair(high));
        }
        push(pair(low));
    } else {
        push(itoa::Buffer::new().format(n));
    }
}

/// The two digits of `n` below 100, zero-padded (`"07"`); `""` from 100.
///
/// ```
/// assert_eq!(djula_filters::digits::two_digits(7), "07");
/// assert_eq!(djula_filters::digits::two_digits(42), "42");
/// ```
#[inline(always)]
pub fn two_digits(n: u8) -> &'static str {
    DIGIT_PAIRS.get(usize::from(n)).copied().unwrap_or_default()
}

/// Writes the decimal digits of `i`, with `-` below zero, to `out`.
///
/// ```
/// let mut out = String::new();
/// djula_filters::digits::write_i64(&mut out, -2015);
/// djula_filters::digits::write_i64(&mut out, 9);
/// djula_filters::digits::write_i64(&mut out, i64::MIN);
/// assert_eq!(out, "-20159-9223372036854775808");
/// ```
#[inline(always)]
pub fn write_i64(out: &mut String, i: i64) {
    if i < 0 {
        out.push('-');
    }
    write_u64_with(i.unsigned_abs(), |piece| out.push_str(piece));
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_number_reads_as_rust_prints_it() {
        let edges = [0, 9, 10, 99, 100, 999, 1000, 9999, 10_000, u64::MAX];
        for n in (0..20_000).chain(edges) {
            let mut out = String::new();
            super::write_u64_with(n, |piece| out.push_str(piece));
            assert_eq!(out, n.to_string());
        }
        for i in [-1, -10, -9999, -10_000, i64::MIN, i64::MAX] {
            let mut out = String::new();
            super::write_i64(&mut out, i);
            assert_eq!(out, i.to_string());
        }
    }
}
