//! [`Render`]: values that write themselves as HTML.

use std::borrow::Cow;
use std::rc::Rc;
use std::sync::Arc;

use crate::escape::escape_into;
use crate::pyfloat::write_python_float;
use crate::safe::Safe;

/// A value that writes itself as HTML into an output buffer.
///
/// Text is escaped, [`Safe`] is copied, integers are printed with `itoa`,
/// floats as Python's `str(float)` prints them (`1.0`, `0.1`, `1e+16`, `inf`,
/// `nan`), booleans as Python's `True`/`False`, and `None` as nothing.
///
/// ```
/// use djula_filters::{Render, Safe};
///
/// let mut out = String::new();
/// "a<b".render_to(&mut out);
/// Safe::mark("<br>").render_to(&mut out);
/// 7u8.render_to(&mut out);
/// 1e16f64.render_to(&mut out);
/// Some(0.5f32).render_to(&mut out);
/// None::<i32>.render_to(&mut out);
/// assert_eq!(out, "a&lt;b<br>71e+160.5");
/// ```
///
/// Implement it for your own types to splice them into templates; write
/// untrusted parts through [`crate::escape_into`].
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be spliced into HTML: it does not implement `Render`",
    label = "spliced here",
    note = "implement `spinneret::Render` (or `djula_filters::Render`) for `{Self}`, or splice one of its fields"
)]
pub trait Render {
    /// Appends the HTML form of `self` to `out`.
    fn render_to(&self, out: &mut String);

    /// The HTML form of `self` as a [`Safe`] string.
    ///
    /// ```
    /// use djula_filters::Render;
    /// assert_eq!("<".render().as_str(), "&lt;");
    /// ```
    fn render(&self) -> Safe<String> {
        let mut out = String::new();
        self.render_to(&mut out);
        Safe::mark(out)
    }
}

impl Render for str {
    #[inline]
    fn render_to(&self, out: &mut String) {
        escape_into(out, self);
    }
}

impl Render for String {
    #[inline]
    fn render_to(&self, out: &mut String) {
        escape_into(out, self);
    }
}

impl Render for Cow<'_, str> {
    #[inline]
    fn render_to(&self, out: &mut String) {
        escape_into(out, self);
    }
}

impl Render for char {
    fn render_to(&self, out: &mut String) {
        escape_into(out, self.encode_utf8(&mut [0; 4]));
    }
}

impl<T: AsRef<str>> Render for Safe<T> {
    #[inline]
    fn render_to(&self, out: &mut String) {
        out.push_str(self.as_str());
    }
}

impl Render for bool {
    /// Python's spelling, as Django prints booleans.
    fn render_to(&self, out: &mut String) {
        out.push_str(if *self { "True" } else { "False" });
    }
}

macro_rules! render_integers {
    ($($int:ty)*) => {$(
        impl Render for $int {
            #[inline]
            fn render_to(&self, out: &mut String) {
                out.push_str(itoa::Buffer::new().format(*self));
            }
        }
    )*};
}
render_integers!(i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize);

impl Render for f64 {
    fn render_to(&self, out: &mut String) {
        write_python_float(out, *self);
    }
}

impl Render for f32 {
    /// Printed as the shortest text that reads back as the same `f32`
    /// (`0.1f32` is `0.1`), in Python's layout.
    fn render_to(&self, out: &mut String) {
        let shortest: f64 = self.to_string().parse().unwrap_or(f64::NAN);
        write_python_float(
            out,
            if self.is_finite() {
                shortest
            } else {
                f64::from(*self)
            },
        );
    }
}

impl<T: Render> Render for Option<T> {
    /// `None` renders nothing.
    fn render_to(&self, out: &mut String) {
        if let Some(value) = self {
            value.render_to(out);
        }
    }
}

impl<T: Render + ?Sized> Render for &T {
    #[inline]
    fn render_to(&self, out: &mut String) {
        (**self).render_to(out);
    }
}

impl<T: Render + ?Sized> Render for &mut T {
    fn render_to(&self, out: &mut String) {
        (**self).render_to(out);
    }
}

impl<T: Render + ?Sized> Render for Box<T> {
    fn render_to(&self, out: &mut String) {
        (**self).render_to(out);
    }
}

impl<T: Render + ?Sized> Render for Rc<T> {
    fn render_to(&self, out: &mut String) {
        (**self).render_to(out);
    }
}

impl<T: Render + ?Sized> Render for Arc<T> {
    fn render_to(&self, out: &mut String) {
        (**self).render_to(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html<R: Render>(value: R) -> String {
        value.render().into_inner()
    }

    #[test]
    fn text_is_escaped_safe_is_not() {
        assert_eq!(html("<&>"), "&lt;&amp;&gt;");
        assert_eq!(html(String::from("'")), "&#x27;");
        assert_eq!(html(Safe::mark("<&>")), "<&>");
        assert_eq!(html('<'), "&lt;");
    }

    #[test]
    fn numbers_and_booleans() {
        assert_eq!(html(-42i64), "-42");
        assert_eq!(html(u64::MAX), "18446744073709551615");
        assert_eq!(html(true), "True");
        assert_eq!(html(1.0f64), "1.0");
        assert_eq!(html(0.1f32), "0.1");
        assert_eq!(html(f32::INFINITY), "inf");
    }

    #[test]
    fn options_and_pointers() {
        assert_eq!(html(None::<&str>), "");
        assert_eq!(html(Some("<")), "&lt;");
        assert_eq!(html(Box::new(3)), "3");
        assert_eq!(html(Arc::new("&")), "&amp;");
    }
}
