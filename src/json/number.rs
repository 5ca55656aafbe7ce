//! A JSON number, kept as the text it was written as: the package never computes with floats.

use std::fmt;

/// A JSON number, as written (`1024`, `-0.5`, `1e+21`). The parser checks the grammar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number(String);

/// The smallest decimal magnitude that rounds to infinity as a double: 2^1024 − 2^970 (halfway
/// between `f64::MAX` and 2^1024, and ties go to even, which is infinity). A number at or above
/// it is what `JSON.parse` reads as `Infinity`.
const OVERFLOW: &str = "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";

impl Number {
    /// Wraps text the parser has checked against the JSON grammar.
    pub(crate) fn from_checked(text: &str) -> Self {
        Number(text.to_owned())
    }

    /// A whole number.
    pub fn from_u64(n: u64) -> Self {
        Number(n.to_string())
    }

    /// The number's text, as it was written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number rounded down to a whole number, saturating at `u64::MAX`; `None` when it is
    /// negative (below zero after rounding down).
    pub fn floor_u64(&self) -> Option<u64> {
        let parts = Parts::of(&self.0);
        if parts.negative && !parts.is_zero() {
            return None;
        }
        let mut n: u64 = 0;
        // Digits before the decimal point, then as many as the exponent moves in front of it.
        let whole = parts.int.len() as i64 + parts.exp;
        for (i, d) in parts.digits().enumerate() {
            if i as i64 >= whole {
                break;
            }
            n = n
                .checked_mul(10)
                .and_then(|n| n.checked_add(u64::from(d - b'0')))
                .unwrap_or(u64::MAX);
        }
        // Zeros the exponent adds after the digits.
        let digits = parts.int.len() + parts.frac.len();
        for _ in digits as i64..whole {
            n = n.saturating_mul(10);
            if n == u64::MAX {
                break;
            }
        }
        Some(n)
    }

    /// Whether `JSON.parse` would read this as `±Infinity` (a magnitude past the double range).
    pub fn overflows_f64(&self) -> bool {
        let parts = Parts::of(&self.0);
        // The significant digits and the position of the decimal point among them.
        let digits: Vec<u8> = parts.digits().skip_while(|d| *d == b'0').collect();
        if digits.is_empty() {
            return false;
        }
        let leading_zeros = parts.digits().take_while(|d| *d == b'0').count() as i64;
        let point = parts.int.len() as i64 + parts.exp - leading_zeros;
        let limit = OVERFLOW.len() as i64;
        if point != limit {
            return point > limit;
        }
        // Same number of digits before the point: compare digit by digit, then any digit left.
        let mut rest = digits.iter();
        for want in OVERFLOW.bytes() {
            match rest.next() {
                Some(d) if *d > want => return true,
                Some(d) if *d < want => return false,
                Some(_) => {}
                None => return false,
            }
        }
        true
    }
}

/// The pieces of a number's text.
struct Parts<'a> {
    negative: bool,
    int: &'a [u8],
    frac: &'a [u8],
    exp: i64,
}

impl<'a> Parts<'a> {
    fn of(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let (negative, rest) = match bytes.split_first() {
            Some((b'-', rest)) => (true, rest),
            _ => (false, bytes),
        };
        let int_len = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        let (int, rest) = rest.split_at(int_len);
        let (frac, rest) = match rest.split_first() {
            Some((b'.', rest)) => {
                let n = rest.iter().take_while(|b| b.is_ascii_digit()).count();
                rest.split_at(n)
            }
            _ => (rest.get(..0).unwrap_or_default(), rest),
        };
        let exp = match rest.split_first() {
            Some((b'e' | b'E', rest)) => {
                let (sign, digits) = match rest.split_first() {
                    Some((b'-', d)) => (-1, d),
                    Some((b'+', d)) => (1, d),
                    _ => (1, rest),
                };
                let mut e: i64 = 0;
                for d in digits {
                    e = e.saturating_mul(10).saturating_add(i64::from(d - b'0'));
                }
                // Far past any digit count the package meets; keeps the arithmetic safe.
                sign * e.min(1 << 40)
            }
            _ => 0,
        };
        Parts {
            negative,
            int,
            frac,
            exp,
        }
    }

    fn digits(&self) -> impl Iterator<Item = u8> + 'a {
        self.int.iter().chain(self.frac.iter()).copied()
    }

    fn is_zero(&self) -> bool {
        self.digits().all(|d| d == b'0')
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// As a JSON number, written as it was (through a raw-number hook of the package's writer; other
/// serializers get it as a string).
impl serde::Serialize for Number {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(super::write::RAW_NUMBER, &self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> Number {
        Number::from_checked(text)
    }

    #[test]
    fn floors_to_whole_numbers_and_saturates() {
        let cases = [
            ("0", Some(0)),
            ("-0", Some(0)),
            ("-0.5", None),
            ("1024.7", Some(1024)),
            ("1e3", Some(1000)),
            ("1.5e1", Some(15)),
            ("12345e-2", Some(123)),
            ("1e-9", Some(0)),
            ("1e+21", Some(u64::MAX)),
            ("18446744073709551615", Some(u64::MAX)),
            ("18446744073709551616", Some(u64::MAX)),
            ("99999999999999999999999", Some(u64::MAX)),
            ("-1", None),
            ("0.000", Some(0)),
        ];
        for (text, want) in cases {
            assert_eq!(n(text).floor_u64(), want, "{text}");
        }
    }

    #[test]
    fn knows_where_doubles_end() {
        for (text, inf) in [
            ("1e308", false),
            ("1.7976931348623157e308", false),
            ("1.7976931348623158e308", false),
            ("1.79769313486231581e308", true),
            ("1.8e308", true),
            ("1e309", true),
            ("1e400", true),
            ("-1e400", true),
            ("0.0000001e315", false),
            ("0.0000001e316", true),
            ("1e-400", false),
            ("0e999", false),
            ("123", false),
        ] {
            assert_eq!(n(text).overflows_f64(), inf, "{text}");
            if !inf {
                assert!(text.parse::<f64>().is_ok_and(f64::is_finite), "{text}");
            } else {
                assert!(text.parse::<f64>().is_ok_and(f64::is_infinite), "{text}");
            }
        }
    }
}
