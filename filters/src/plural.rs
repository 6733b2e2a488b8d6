//! GNU gettext `Expr-Forms` expressions: C's `?:`, `||`, `&&`,
//! comparisons, `+ - * / %` and `!` over the unsigned count `n`.
//! Parsing is bounded in length and nesting; evaluation never panics
//! (division by zero gives 0, arithmetic wraps).
//!
//! djula's gettext catalogs and the localized words of [`crate::l10n`]
//! both choose their plural forms with these rules.
//!
//! ```
//! use djula_filters::plural::Plural;
//! let polish = Plural::parse("(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)").unwrap();
//! assert_eq!(polish.index(22.0), Some(1));
//! ```

use std::fmt;

/// The longest expression accepted, in bytes.
const MAX_LEN: usize = 1000;
/// The deepest nesting accepted.
const MAX_DEPTH: usize = 64;

/// A parsed plural rule.
///
/// ```
/// use djula_filters::plural::Plural;
/// assert_eq!(Plural::parse("n != 1").unwrap().index(2.0), Some(1));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plural(Expr);

impl Plural {
    /// English (and the fallback): `n != 1`.
    ///
    /// ```
    /// use djula_filters::plural::Plural;
    /// assert_eq!(Plural::germanic().index(1.0), Some(0));
    /// ```
    pub fn germanic() -> Plural {
        Plural(Expr::germanic())
    }

    /// Parses a `plural=` expression.
    ///
    /// ```
    /// use djula_filters::plural::Plural;
    /// assert!(Plural::parse("n >").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Plural, PluralError> {
        Expr::parse(text).map(Plural)
    }

    /// Evaluates the rule for `n` as Python's `gettext` does for Django
    /// (`c2py`): floor division and modulo, `&&`/`||` giving an operand,
    /// comparisons giving 0 or 1; a float count stays a float.
    ///
    /// ```
    /// use djula_filters::plural::Plural;
    /// assert_eq!(Plural::parse("n % 10").unwrap().eval(-1.0), 9.0);
    /// ```
    pub fn eval(&self, n: f64) -> f64 {
        self.0.eval(n)
    }

    /// The plural form index for `n` (Python's `int()` of the result);
    /// `None` when negative or not a number.
    ///
    /// ```
    /// use djula_filters::plural::Plural;
    /// assert_eq!(Plural::parse("n > 1").unwrap().index(1.5), Some(1));
    /// ```
    pub fn index(&self, n: f64) -> Option<usize> {
        self.0.index(n)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Expr {
    N,
    Num(u64),
    Not(Box<Expr>),
    Binary(Op, Box<Expr>, Box<Expr>),
    Cond(Box<Expr>, Box<Expr>, Box<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Rem,
}

/// Why a plural expression was rejected.
///
/// ```
/// use djula_filters::plural::Plural;
/// assert!(Plural::parse("n $ 1").unwrap_err().0.contains("$"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluralError(pub String);

impl fmt::Display for PluralError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Expr {
    fn germanic() -> Expr {
        Expr::Binary(Op::Ne, Box::new(Expr::N), Box::new(Expr::Num(1)))
    }

    fn parse(text: &str) -> Result<Expr, PluralError> {
        if text.len() > MAX_LEN {
            return Err(PluralError(format!(
                "plural expression longer than {MAX_LEN} bytes"
            )));
        }
        let tokens = tokenize(text)?;
        let mut parser = Parser {
            tokens,
            pos: 0,
            depth: 0,
        };
        let expr = parser.ternary()?;
        if let Some(token) = parser.tokens.get(parser.pos) {
            return Err(PluralError(format!(
                "unexpected {token:?} in plural expression"
            )));
        }
        Ok(expr)
    }

    /// Evaluates the rule for `n` as Python's `gettext` does for Django
    /// (`c2py`): floor division and modulo, `&&`/`||` giving an operand,
    /// comparisons giving 0 or 1; a float count stays a float.
    fn eval(&self, n: f64) -> f64 {
        let truth = |b: bool| if b { 1.0 } else { 0.0 };
        match self {
            Expr::N => n,
            Expr::Num(v) => *v as f64,
            Expr::Not(e) => truth(e.eval(n) == 0.0),
            Expr::Cond(c, a, b) => {
                if c.eval(n) != 0.0 {
                    a.eval(n)
                } else {
                    b.eval(n)
                }
            }
            Expr::Binary(op, a, b) => {
                let x = a.eval(n);
                match op {
                    Op::Or if x != 0.0 => return x,
                    Op::And if x == 0.0 => return x,
                    Op::Or | Op::And => return b.eval(n),
                    _ => {}
                }
                let y = b.eval(n);
                match op {
                    Op::Eq => truth(x == y),
                    Op::Ne => truth(x != y),
                    Op::Lt => truth(x < y),
                    Op::Le => truth(x <= y),
                    Op::Gt => truth(x > y),
                    Op::Ge => truth(x >= y),
                    Op::Add => x + y,
                    Op::Sub => x - y,
                    Op::Mul => x * y,
                    Op::Div if y == 0.0 => 0.0,
                    Op::Div => (x / y).floor(),
                    Op::Rem if y == 0.0 => 0.0,
                    Op::Rem => x - y * (x / y).floor(),
                    Op::Or | Op::And => 0.0,
                }
            }
        }
    }

    /// The plural form index for `n` (Python's `int()` of the result);
    /// `None` when negative or not a number.
    fn index(&self, n: f64) -> Option<usize> {
        let v = self.eval(n).trunc();
        (0.0..=1e9).contains(&v).then_some(v as usize)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    N,
    Num(u64),
    Op(Op),
    Not,
    Question,
    Colon,
    Open,
    Close,
}

fn tokenize(text: &str) -> Result<Vec<Token>, PluralError> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        let next = chars.peek().map(|&(_, c)| c);
        let token = match (c, next) {
            (c, _) if c.is_whitespace() => continue,
            ('n', _) => Token::N,
            (d, _) if d.is_ascii_digit() => {
                let mut value = u64::from(d as u8 - b'0');
                while let Some(&(_, d)) = chars.peek() {
                    let Some(digit) = d.to_digit(10) else { break };
                    value = value
                        .checked_mul(10)
                        .and_then(|v| v.checked_add(u64::from(digit)))
                        .ok_or_else(|| {
                            PluralError("number too large in plural expression".into())
                        })?;
                    chars.next();
                }
                Token::Num(value)
            }
            ('|', Some('|')) => {
                chars.next();
                Token::Op(Op::Or)
            }
            ('&', Some('&')) => {
                chars.next();
                Token::Op(Op::And)
            }
            ('=', Some('=')) => {
                chars.next();
                Token::Op(Op::Eq)
            }
            ('!', Some('=')) => {
                chars.next();
                Token::Op(Op::Ne)
            }
            ('<', Some('=')) => {
                chars.next();
                Token::Op(Op::Le)
            }
            ('>', Some('=')) => {
                chars.next();
                Token::Op(Op::Ge)
            }
            ('<', _) => Token::Op(Op::Lt),
            ('>', _) => Token::Op(Op::Gt),
            ('+', _) => Token::Op(Op::Add),
            ('-', _) => Token::Op(Op::Sub),
            ('*', _) => Token::Op(Op::Mul),
            ('/', _) => Token::Op(Op::Div),
            ('%', _) => Token::Op(Op::Rem),
            ('!', _) => Token::Not,
            ('?', _) => Token::Question,
            (':', _) => Token::Colon,
            ('(', _) => Token::Open,
            (')', _) => Token::Close,
            (other, _) => {
                return Err(PluralError(format!(
                    "unexpected character '{other}' in plural expression"
                )))
            }
        };
        tokens.push(token);
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
}

fn precedence(op: Op) -> u8 {
    match op {
        Op::Or => 1,
        Op::And => 2,
        Op::Eq | Op::Ne => 3,
        Op::Lt | Op::Le | Op::Gt | Op::Ge => 4,
        Op::Add | Op::Sub => 5,
        Op::Mul | Op::Div | Op::Rem => 6,
    }
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn deeper(&mut self) -> Result<(), PluralError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(PluralError("plural expression nested too deeply".into()));
        }
        Ok(())
    }

    fn ternary(&mut self) -> Result<Expr, PluralError> {
        self.deeper()?;
        let cond = self.binary(1)?;
        let result = if self.peek() == Some(&Token::Question) {
            self.pos += 1;
            let yes = self.ternary()?;
            if self.peek() != Some(&Token::Colon) {
                return Err(PluralError("expected ':' in plural expression".into()));
            }
            self.pos += 1;
            let no = self.ternary()?;
            Expr::Cond(Box::new(cond), Box::new(yes), Box::new(no))
        } else {
            cond
        };
        self.depth -= 1;
        Ok(result)
    }

    fn binary(&mut self, min: u8) -> Result<Expr, PluralError> {
        let mut left = self.unary()?;
        while let Some(Token::Op(op)) = self.peek().cloned() {
            let p = precedence(op);
            if p < min {
                break;
            }
            self.pos += 1;
            self.deeper()?;
            let right = self.binary(p + 1)?;
            self.depth -= 1;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, PluralError> {
        let token = self.peek().cloned();
        self.pos += 1;
        match token {
            Some(Token::N) => Ok(Expr::N),
            Some(Token::Num(v)) => Ok(Expr::Num(v)),
            Some(Token::Not) => {
                self.deeper()?;
                let inner = self.unary()?;
                self.depth -= 1;
                Ok(Expr::Not(Box::new(inner)))
            }
            Some(Token::Open) => {
                let inner = self.ternary()?;
                if self.peek() != Some(&Token::Close) {
                    return Err(PluralError("expected ')' in plural expression".into()));
                }
                self.pos += 1;
                Ok(inner)
            }
            Some(other) => Err(PluralError(format!(
                "unexpected {other:?} in plural expression"
            ))),
            None => Err(PluralError("plural expression ends too early".into())),
        }
    }
}

/// Reads `nplurals` and `plural` from a `Expr-Forms` header value.
pub fn parse_plural_forms(value: &str) -> Result<(usize, Plural), PluralError> {
    let mut nplurals = None;
    let mut plural = None;
    for part in value.split(';') {
        let Some((key, v)) = part.split_once('=') else {
            continue;
        };
        match key.trim() {
            "nplurals" => {
                nplurals = Some(
                    v.trim()
                        .parse::<usize>()
                        .map_err(|_| PluralError(format!("invalid nplurals '{}'", v.trim())))?,
                )
            }
            "plural" => plural = Some(Plural::parse(v.trim())?),
            _ => {}
        }
    }
    match (nplurals, plural) {
        (Some(n), Some(p)) if (1..=16).contains(&n) => Ok((n, p)),
        (Some(n), Some(_)) => Err(PluralError(format!("nplurals={n} is out of range"))),
        _ => Err(PluralError(
            "Expr-Forms needs both nplurals and plural".into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polish() {
        let p = Plural::parse("(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)")
            .unwrap();
        let counts = [
            0.0, 1.0, 2.0, 4.0, 5.0, 12.0, 14.0, 22.0, 25.0, 112.0, 122.0, -1.0, -2.0, 1.5,
        ];
        let forms: Vec<Option<usize>> = counts.iter().map(|&n| p.index(n)).collect();
        let expected = [2, 0, 1, 1, 2, 2, 2, 1, 2, 2, 1, 2, 2, 2].map(Some);
        assert_eq!(forms, expected);
    }

    #[test]
    fn french_python_semantics_and_errors() {
        let p = Plural::parse("n > 1").unwrap();
        assert_eq!(
            (p.index(0.0), p.index(1.0), p.index(1.5)),
            (Some(0), Some(0), Some(1))
        );
        assert_eq!(Plural::parse("n - 5").unwrap().index(1.0), None);
        assert_eq!(Plural::parse("n && 2").unwrap().eval(3.0), 2.0);
        assert_eq!(Plural::parse("n % 10").unwrap().eval(-1.0), 9.0);
        assert_eq!(Plural::parse("n / 0").unwrap().eval(3.0), 0.0);
        assert!(Plural::parse("n >").is_err());
        assert!(Plural::parse("n ? 1").is_err());
        assert!(Plural::parse("n $ 1").is_err());
        assert!(Plural::parse(&"(".repeat(500)).is_err());
        assert!(Plural::parse(&"!".repeat(500)).is_err());
        let flat = format!("{}n", "n+".repeat(300));
        assert_eq!(Plural::parse(&flat).unwrap().eval(1.0), 301.0);
        assert!(Plural::parse(&format!("{}n", "n+".repeat(600))).is_err());
    }
}
