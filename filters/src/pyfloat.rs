//! Floats printed exactly as Python's `str(float)` / `repr(float)` prints them.
//!
//! Python writes the shortest digits that read back as the same float (as Rust
//! does), but lays them out differently: fixed notation when the decimal
//! exponent is in `-4..16`, with a `.0` on whole numbers; otherwise scientific
//! with a signed two-digit-minimum exponent (`1e+16`, `1.5e-05`).

use std::fmt::{self, Write};

/// Appends `value` to `out` as Python's `str(value)` would print it.
///
/// ```
/// let mut out = String::new();
/// for v in [1.0, 0.1, 1e16, 1.5e-5, -0.0, f64::INFINITY, f64::NAN, 123456.789] {
///     djula_filters::write_python_float(&mut out, v);
///     out.push(' ');
/// }
/// assert_eq!(out, "1.0 0.1 1e+16 1.5e-05 -0.0 inf nan 123456.789 ");
/// ```
pub fn write_python_float(out: &mut String, value: f64) {
    if value.is_nan() {
        out.push_str("nan");
        return;
    }
    if value.is_infinite() {
        out.push_str(if value > 0.0 { "inf" } else { "-inf" });
        return;
    }
    // Fixed notation both ways (Python's repr between 1e-4 and 1e16, and
    // ryu without an exponent): ryu's text is Python's, the same shortest
    // digits in the same places.
    let magnitude = value.abs();
    if (1e-4..1e16).contains(&magnitude) {
        let mut buffer = ryu::Buffer::new();
        let text = buffer.format_finite(value);
        if !text.contains('e') {
            out.push_str(text);
            return;
        }
    }
    write_python_float_slow(out, value);
}

/// [`write_python_float`] for finite values, from the shortest digits
/// and their exponent.
fn write_python_float_slow(out: &mut String, value: f64) {
    let (negative, digits, exponent) = shortest_digits(value);
    let digits = digits.as_str();
    if negative {
        out.push('-');
    }
    if (-4..16).contains(&exponent) {
        write_fixed(out, digits, exponent);
    } else {
        write_scientific(out, digits, exponent);
    }
}

/// The shortest digits that read back as `value` (finite), without
/// trailing zeros, and the decimal exponent of the first: `-1.25e-7` is
/// `(true, "125", -7)`, zero is `(_, "0", 0)`.
///
/// `ryu` finds them (Rust's `{:e}` finds the same digits, ten times slower
/// through `fmt`); its text is either fixed (`0.001`, `123.5`) or
/// scientific (`1.5e-5`).
fn shortest_digits(value: f64) -> (bool, StackText, i32) {
    let mut buffer = ryu::Buffer::new();
    let text = buffer.format_finite(value);
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, scale) = text.split_once('e').unwrap_or((text, "0"));
    let scale: i32 = scale.parse().unwrap_or(0);
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let (digits, exponent) = if int_part != "0" {
        let mut digits = StackText::digits_of(int_part);
        let _ = digits.write_str(frac_part);
        (digits, i32::try_from(int_part.len()).unwrap_or(0) - 1)
    } else {
        let significant = frac_part.trim_start_matches('0');
        let zeros = i32::try_from(frac_part.len() - significant.len()).unwrap_or(0);
        if significant.is_empty() {
            (StackText::digits_of("0"), 0)
        } else {
            (StackText::digits_of(significant), -zeros - 1)
        }
    };
    (negative, digits.without_trailing_zeros(), exponent + scale)
}

/// `digits` is d1d2d3…, the value is 0.d1d2d3… × 10^(exponent + 1).
fn write_fixed(out: &mut String, digits: &str, exponent: i32) {
    if exponent < 0 {
        out.push_str("0.");
        for _ in 0..(-exponent - 1) {
            out.push('0');
        }
        out.push_str(digits);
        return;
    }
    let int_len = exponent as usize + 1;
    if digits.len() <= int_len {
        out.push_str(digits);
        for _ in digits.len()..int_len {
            out.push('0');
        }
        out.push_str(".0");
    } else {
        let (int_part, frac_part) = digits.split_at(int_len);
        out.push_str(int_part);
        out.push('.');
        out.push_str(frac_part);
    }
}

fn write_scientific(out: &mut String, digits: &str, exponent: i32) {
    let (first, rest) = digits.split_at(1.min(digits.len()));
    out.push_str(first);
    if !rest.is_empty() {
        out.push('.');
        out.push_str(rest);
    }
    out.push('e');
    out.push(if exponent < 0 { '-' } else { '+' });
    if exponent.abs() < 10 {
        out.push('0');
    }
    out.push_str(itoa::Buffer::new().format(exponent.unsigned_abs()));
}

/// A float wrapper whose `Display` is Python's `str(float)`.
///
/// ```
/// assert_eq!(djula_filters::PythonFloat(2.5e-7).to_string(), "2.5e-07");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct PythonFloat(pub f64);

impl fmt::Display for PythonFloat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        write_python_float(&mut out, self.0);
        f.write_str(&out)
    }
}

/// A small fixed buffer, so formatting a float allocates nothing.
/// 40 bytes hold any `{:e}` form of an f64 (17 digits, sign, point, exponent).
struct StackText {
    bytes: [u8; 40],
    len: usize,
}

impl Default for StackText {
    fn default() -> Self {
        StackText {
            bytes: [0; 40],
            len: 0,
        }
    }
}

impl StackText {
    fn as_str(&self) -> &str {
        std::str::from_utf8(self.bytes.get(..self.len).unwrap_or_default()).unwrap_or_default()
    }

    /// The same digits without trailing zeros (at least one digit stays).
    fn without_trailing_zeros(mut self) -> StackText {
        while self.len > 1 && self.bytes.get(self.len - 1) == Some(&b'0') {
            self.len -= 1;
        }
        self
    }

    /// The mantissa's digits with the decimal point removed.
    fn digits_of(mantissa: &str) -> StackText {
        let mut digits = StackText::default();
        for c in mantissa.chars().filter(char::is_ascii_digit) {
            let _ = digits.write_char(c);
        }
        digits
    }
}

impl Write for StackText {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        let slot = self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?;
        slot.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::PythonFloat;

    /// The fixed-notation shortcut writes what the digits-and-exponent
    /// path writes, across magnitudes, edges and fractions.
    #[test]
    fn the_fixed_shortcut_agrees_with_the_full_path() {
        let mut values = vec![1e-4, 0.00011, 9.999e15, 1e16, 0.1, 0.5, 1.0, 19.99, 1234.5];
        let mut x = 1.0e-5_f64;
        while x < 1e17 {
            values.extend([x, x * 1.000_000_1, x / 3.0, x * 7.13]);
            x *= 1.7;
        }
        for i in 0..5000 {
            values.push(f64::from(i) / 100.0 + 0.005);
        }
        for v in values {
            for v in [v, -v] {
                let (mut fast, mut slow) = (String::new(), String::new());
                super::write_python_float(&mut fast, v);
                super::write_python_float_slow(&mut slow, v);
                assert_eq!(fast, slow, "{v:e}");
            }
        }
    }

    /// The digits as Rust's `{:e}` gives them: a second opinion on `ryu`'s.
    fn digits_by_fmt(value: f64) -> (bool, String, i32) {
        let sci = format!("{value:e}");
        let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
        let (negative, mantissa) = match mantissa.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, mantissa),
        };
        let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
        (negative, digits, exponent.parse().unwrap_or(0))
    }

    #[test]
    fn ryu_digits_are_the_shortest_digits_fmt_finds() {
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut values = vec![
            0.0,
            -0.0,
            1.0,
            0.1,
            1e16,
            1e-5,
            123456.789,
            5e-324,
            f64::MAX,
            100.0,
            0.001,
        ];
        for _ in 0..50_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let v = f64::from_bits(seed);
            if v.is_finite() {
                values.push(v);
            }
            values.push((seed % 1_000_000) as f64 / 100.0);
        }
        for v in values {
            let (negative, digits, exponent) = super::shortest_digits(v);
            let (fmt_negative, fmt_digits, _) = digits_by_fmt(v);
            // As short as `fmt`'s and reading back as `v`. They differ only
            // on exact ties, where `ryu` rounds to even as Python's repr does
            // (1658206780088562.25 prints …562.2 in Python, …562.3 by `fmt`).
            assert_eq!(negative, fmt_negative, "{v:e}");
            assert_eq!(digits.as_str().len(), fmt_digits.len(), "{v:e}");
            let (first, rest) = digits.as_str().split_at(1);
            let back: f64 = format!("{first}.{rest}0e{exponent}").parse().unwrap();
            assert_eq!(back.abs(), v.abs(), "{v:e}");
        }
    }

    fn py(v: f64) -> String {
        PythonFloat(v).to_string()
    }

    #[test]
    fn matches_python_repr() {
        // Expected values printed by CPython 3.12's str(float).
        let cases = [
            (1.0, "1.0"),
            (0.1, "0.1"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (9999999999999998.0, "9999999999999998.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-5, "1.5e-05"),
            (-2.5, "-2.5"),
            (-0.0, "-0.0"),
            (0.0, "0.0"),
            (1e100, "1e+100"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (123456789.125, "123456789.125"),
            (0.1 + 0.2, "0.30000000000000004"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
            (1.25e22, "1.25e+22"),
        ];
        for (value, expected) in cases {
            assert_eq!(py(value), expected, "{value:e}");
        }
    }
}
