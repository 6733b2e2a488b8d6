//! Dates in contexts built from Rust values.
//!
//! Serde has no date type: chrono and jiff values serialize as plain strings,
//! which templates would print as text. Wrap them in [`TemplateDate`] to get
//! a real date that Django's `date`, `time`, `timesince` filters understand.

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::DateValue;
use filters::dates::jiff;

/// A date, date-time (naive or with a UTC offset) or time for a template
/// context. It serializes as the one-key object djula reads as a date
/// (`{"__datetime__": "2008-01-02T12:30:00"}`), so it also survives a trip
/// through JSON.
///
/// ```
/// use djula::TemplateDate;
/// use filters::dates::jiff::civil::date;
///
/// #[derive(serde::Serialize)]
/// struct Ctx { posted: TemplateDate }
/// let ctx = Ctx { posted: TemplateDate::from(date(2008, 1, 2).at(12, 30, 0, 0)) };
/// let html = djula::Engine::new().render_str("{{ posted|date:'D d M Y, H:i' }}", &ctx).unwrap();
/// assert_eq!(html, "Wed 02 Jan 2008, 12:30");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateDate(pub DateValue);

impl Serialize for TemplateDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (key, text) = match &self.0 {
            DateValue::Date(_) => ("__date__", self.0.to_string()),
            DateValue::Time(_) => ("__time__", self.0.to_string()),
            // Python's `str()` puts a space between date and time; the
            // parser reads ISO 8601's `T`.
            _ => ("__datetime__", self.0.to_string().replacen(' ', "T", 1)),
        };
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(key, &text)?;
        map.end()
    }
}

impl From<DateValue> for TemplateDate {
    fn from(value: DateValue) -> Self {
        TemplateDate(value)
    }
}

impl From<jiff::civil::Date> for TemplateDate {
    fn from(value: jiff::civil::Date) -> Self {
        TemplateDate(DateValue::from(value))
    }
}

impl From<jiff::civil::DateTime> for TemplateDate {
    fn from(value: jiff::civil::DateTime) -> Self {
        TemplateDate(DateValue::from(value))
    }
}

impl From<jiff::civil::Time> for TemplateDate {
    fn from(value: jiff::civil::Time) -> Self {
        TemplateDate(DateValue::from(value))
    }
}
