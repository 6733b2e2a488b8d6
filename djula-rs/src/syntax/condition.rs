//! `{% if %}` conditions: Django's `smartif` top-down operator-precedence
//! parser, with its precedence table and its error messages.
//!
//! Chains of `and`/`or` are kept flat, and nesting is bounded, so neither
//! parsing nor evaluating a hostile 100,000-term condition can exhaust the
//! stack.

/// A binary comparison or membership operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Compare {
    In,
    NotIn,
    Is,
    IsNot,
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

/// A parsed condition over operands of type `T`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Condition<T> {
    Operand(T),
    Not(Box<Condition<T>>),
    And(Vec<Condition<T>>),
    Or(Vec<Condition<T>>),
    Compare(Compare, Box<Condition<T>>, Box<Condition<T>>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Or,
    And,
    Not,
    Cmp(Compare),
}

impl Op {
    fn from_token(token: &str) -> Option<Op> {
        Some(match token {
            "or" => Op::Or,
            "and" => Op::And,
            "not" => Op::Not,
            "in" => Op::Cmp(Compare::In),
            "not in" => Op::Cmp(Compare::NotIn),
            "is" => Op::Cmp(Compare::Is),
            "is not" => Op::Cmp(Compare::IsNot),
            "==" => Op::Cmp(Compare::Eq),
            "!=" => Op::Cmp(Compare::Ne),
            ">" => Op::Cmp(Compare::Gt),
            ">=" => Op::Cmp(Compare::Ge),
            "<" => Op::Cmp(Compare::Lt),
            "<=" => Op::Cmp(Compare::Le),
            _ => return None,
        })
    }

    /// Django's binding powers.
    fn binding_power(self) -> u8 {
        match self {
            Op::Or => 6,
            Op::And => 7,
            Op::Not => 8,
            Op::Cmp(Compare::In | Compare::NotIn) => 9,
            Op::Cmp(_) => 10,
        }
    }
}

enum Item<'a, T> {
    Operand(T, &'a str),
    Op(Op, &'a str),
    /// Djula's grouping parentheses.
    Open,
    Close,
}

/// Parses the bits of an `{% if %}` tag (after `if`), compiling each operand
/// with `compile`. `max_depth` bounds the nesting of the result.
pub(crate) fn parse<'a, T, E>(
    bits: &[&'a str],
    mut compile: impl FnMut(&'a str) -> Result<T, E>,
    max_depth: usize,
) -> Result<Condition<T>, ConditionError<E>> {
    let mut items = Vec::with_capacity(bits.len());
    let mut i = 0;
    while let Some(&bit) = bits.get(i) {
        let next = bits.get(i + 1).copied();
        let (token, width) = match (bit, next) {
            ("is", Some("not")) => ("is not", 2),
            ("not", Some("in")) => ("not in", 2),
            _ => (bit, 1),
        };
        items.push(match (token, Op::from_token(token)) {
            ("(", _) => Item::Open,
            (")", _) => Item::Close,
            (_, Some(op)) => Item::Op(op, token),
            (_, None) => Item::Operand(compile(bit).map_err(ConditionError::Operand)?, bit),
        });
        i += width;
    }
    let mut parser = Parser {
        items: items.into_iter().peekable(),
        max_depth,
    };
    let condition = parser.expression(0, 0)?;
    if let Some(item) = parser.items.next() {
        let shown = match item {
            Item::Operand(_, text) | Item::Op(_, text) => text,
            Item::Open => "(",
            Item::Close => ")",
        };
        return Err(ConditionError::Syntax(format!(
            "Unused '{shown}' at end of if expression."
        )));
    }
    Ok(condition)
}

/// Why a condition did not parse.
#[derive(Debug)]
pub(crate) enum ConditionError<E> {
    /// Django's own message for a malformed condition.
    Syntax(String),
    /// An operand failed to compile.
    Operand(E),
    /// The condition nests deeper than the limit.
    TooDeep,
}

struct Parser<'a, T, I: Iterator<Item = Item<'a, T>>> {
    items: std::iter::Peekable<I>,
    max_depth: usize,
}

impl<'a, T, I: Iterator<Item = Item<'a, T>>> Parser<'a, T, I> {
    fn next_power(&mut self) -> u8 {
        match self.items.peek() {
            Some(Item::Op(op, _)) => op.binding_power(),
            _ => 0,
        }
    }

    fn expression<E>(&mut self, rbp: u8, depth: usize) -> Result<Condition<T>, ConditionError<E>> {
        if depth > self.max_depth {
            return Err(ConditionError::TooDeep);
        }
        let mut left = match self.items.next() {
            None => {
                return Err(ConditionError::Syntax(
                    "Unexpected end of expression in if tag.".into(),
                ))
            }
            Some(Item::Operand(t, _)) => Condition::Operand(t),
            Some(Item::Op(Op::Not, _)) => Condition::Not(Box::new(
                self.expression(Op::Not.binding_power(), depth + 1)?,
            )),
            Some(Item::Open) => {
                let inner = self.expression(0, depth + 1)?;
                match self.items.next() {
                    Some(Item::Close) => inner,
                    _ => return Err(ConditionError::Syntax("Unclosed '(' in if tag.".into())),
                }
            }
            Some(Item::Close) => {
                return Err(ConditionError::Syntax(
                    "Not expecting ')' in this position in if tag.".into(),
                ))
            }
            Some(Item::Op(_, text)) => {
                return Err(ConditionError::Syntax(format!(
                    "Not expecting '{text}' in this position in if tag."
                )))
            }
        };
        let mut nested = depth;
        while rbp < self.next_power() {
            let Some(Item::Op(op, text)) = self.items.next() else {
                break;
            };
            let right = match op {
                Op::Not => {
                    return Err(ConditionError::Syntax(format!(
                        "Not expecting '{text}' as infix operator in if tag."
                    )))
                }
                _ => self.expression(op.binding_power(), depth + 1)?,
            };
            left = match (op, left) {
                (Op::And, Condition::And(mut terms)) => {
                    terms.push(right);
                    Condition::And(terms)
                }
                (Op::Or, Condition::Or(mut terms)) => {
                    terms.push(right);
                    Condition::Or(terms)
                }
                (Op::And, l) => Condition::And(vec![l, right]),
                (Op::Or, l) => Condition::Or(vec![l, right]),
                (Op::Cmp(c), l) => {
                    nested += 1;
                    if nested > self.max_depth {
                        return Err(ConditionError::TooDeep);
                    }
                    Condition::Compare(c, Box::new(l), Box::new(right))
                }
                (Op::Not, _) => return Err(ConditionError::TooDeep),
            };
        }
        Ok(left)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(src: &str) -> Result<Condition<String>, String> {
        let bits: Vec<&str> = src.split_whitespace().collect();
        parse(&bits, |b| Ok::<_, ()>(b.to_string()), 100).map_err(|e| match e {
            ConditionError::Syntax(m) => m,
            ConditionError::TooDeep => "deep".into(),
            ConditionError::Operand(()) => "operand".into(),
        })
    }

    fn op(s: &str) -> Condition<String> {
        Condition::Operand(s.to_string())
    }

    #[test]
    fn precedence() {
        assert_eq!(
            p("a or b and c").unwrap(),
            Condition::Or(vec![op("a"), Condition::And(vec![op("b"), op("c")])])
        );
        assert_eq!(
            p("not a == b").unwrap(),
            Condition::Not(Box::new(Condition::Compare(
                Compare::Eq,
                Box::new(op("a")),
                Box::new(op("b"))
            )))
        );
        assert_eq!(
            p("a not in b").unwrap(),
            Condition::Compare(Compare::NotIn, Box::new(op("a")), Box::new(op("b")))
        );
    }

    #[test]
    fn parentheses_group() {
        assert_eq!(
            p("a and ( b or c )").unwrap(),
            Condition::And(vec![op("a"), Condition::Or(vec![op("b"), op("c")])])
        );
        assert_eq!(p("( a").unwrap_err(), "Unclosed '(' in if tag.");
    }

    #[test]
    fn chains_stay_flat() {
        let src = vec!["a"; 1000].join(" and ");
        match p(&src).unwrap() {
            Condition::And(terms) => assert_eq!(terms.len(), 1000),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn errors() {
        assert_eq!(p("a b").unwrap_err(), "Unused 'b' at end of if expression.");
        assert_eq!(
            p("and a").unwrap_err(),
            "Not expecting 'and' in this position in if tag."
        );
        assert_eq!(
            p("a and").unwrap_err(),
            "Unexpected end of expression in if tag."
        );
        assert_eq!(p(&"not ".repeat(500)).unwrap_err(), "deep");
    }
}
