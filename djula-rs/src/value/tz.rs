//! Django's time-zone state while a template renders: the settings
//! `USE_TZ` and `TIME_ZONE`, the zone a `{% timezone %}` block activates
//! (Django's `timezone.override`, a thread-local there too) and the
//! `{% localtime on|off %}` switch (Django's `context.use_tz`).
//!
//! The state is per thread because printing a value
//! ([`super::display`]) and the filters read it without a handle on
//! the renderer, as Django's do. A render enters it ([`enter`]) and the
//! state it replaced comes back when the render ends, so renders nested in
//! a render (a custom tag rendering a template) keep their own.

use std::cell::RefCell;

use filters::dates::jiff::tz::TimeZone;
use filters::dates::{AwareDateTime, DateValue, TzInfo};

/// The time-zone state of the render running on this thread.
#[derive(Clone, Debug)]
struct TimeState {
    /// `settings.USE_TZ`.
    use_tz: bool,
    /// `context.use_tz`: set inside `{% localtime on|off %}`.
    context_use_tz: Option<bool>,
    /// `get_default_timezone()`: the `TIME_ZONE` setting.
    default: TzInfo,
    /// The zone `{% timezone %}` activated, if any.
    active: Option<TzInfo>,
}

thread_local! {
    static STATE: RefCell<Option<TimeState>> = const { RefCell::new(None) };
    /// The last `TIME_ZONE` name resolved, and its zone: looking a name up
    /// in the database costs more than a short render.
    static LAST_ZONE: RefCell<Option<(Box<str>, TimeZone)>> = const { RefCell::new(None) };
}

/// The zone `name` names (Django's `TIME_ZONE`); UTC when the database
/// has no such zone.
pub(crate) fn default_zone(name: &str) -> TimeZone {
    LAST_ZONE.with(|last| {
        let Ok(mut last) = last.try_borrow_mut() else {
            return TimeZone::get(name).unwrap_or(TimeZone::UTC);
        };
        match &*last {
            Some((kept, tz)) if **kept == *name => tz.clone(),
            _ => {
                let tz = TimeZone::get(name).unwrap_or(TimeZone::UTC);
                *last = Some((name.into(), tz.clone()));
                tz
            }
        }
    })
}

/// While alive, the render it was made for is the one whose time-zone
/// state this thread reads; dropping it restores the state before.
pub(crate) struct Scope {
    previous: Option<TimeState>,
}

impl Drop for Scope {
    fn drop(&mut self) {
        let previous = self.previous.take();
        STATE.with(|s| {
            if let Ok(mut s) = s.try_borrow_mut() {
                *s = previous;
            }
        });
    }
}

/// Starts a render's time-zone state from the engine's settings
/// (`USE_TZ`, `TIME_ZONE`).
pub(crate) fn enter(use_tz: bool, time_zone: &str) -> Scope {
    let state = TimeState {
        use_tz,
        context_use_tz: None,
        default: TzInfo::Zone(default_zone(time_zone)),
        active: None,
    };
    let previous = STATE.with(|s| match s.try_borrow_mut() {
        Ok(mut s) => s.replace(state),
        Err(_) => None,
    });
    Scope { previous }
}

fn with_state<R>(f: impl FnOnce(Option<&mut TimeState>) -> R) -> R {
    STATE.with(|s| match s.try_borrow_mut() {
        Ok(mut s) => f(s.as_mut()),
        Err(_) => f(None),
    })
}

/// Sets `context.use_tz` (`{% localtime %}`); returns the value before.
pub(crate) fn set_context_use_tz(value: Option<bool>) -> Option<bool> {
    with_state(|s| match s {
        Some(s) => std::mem::replace(&mut s.context_use_tz, value),
        None => None,
    })
}

/// Activates a zone (`{% timezone %}`; `None`: the default zone); returns
/// the zone active before.
pub(crate) fn set_active(zone: Option<TzInfo>) -> Option<TzInfo> {
    with_state(|s| match s {
        Some(s) => std::mem::replace(&mut s.active, zone),
        None => None,
    })
}

/// Django's `get_default_timezone()`; `time_zone` (the setting) outside
/// renders.
pub(crate) fn default_tz(time_zone: &str) -> TzInfo {
    with_state(|s| match s {
        Some(s) => s.default.clone(),
        None => TzInfo::Zone(default_zone(time_zone)),
    })
}

/// The default zone of the render running, for printing values (which
/// have no handle on the settings); Django's default, `America/Chicago`,
/// outside renders.
pub(crate) fn render_default_zone() -> TimeZone {
    with_state(|s| match s {
        Some(TimeState {
            default: TzInfo::Zone(zone),
            ..
        }) => zone.clone(),
        _ => default_zone(filters::dates::DEFAULT_TIME_ZONE),
    })
}

/// Django's `get_current_timezone()`: the zone a `{% timezone %}` block
/// activated, else the default one (`time_zone` outside renders).
pub(crate) fn current_tz(time_zone: &str) -> TzInfo {
    with_state(|s| match s {
        Some(s) => s.active.clone().unwrap_or_else(|| s.default.clone()),
        None => TzInfo::Zone(default_zone(time_zone)),
    })
}

/// Django's `template_localtime(value, context.use_tz)`: an aware
/// datetime in the current time zone when the render converts them;
/// `None` when the value stays as it is.
pub(crate) fn template_localtime(value: &DateValue) -> Option<DateValue> {
    let DateValue::Aware(aware) = value else {
        return None;
    };
    if !aware.converts_to_local_time() {
        return None;
    }
    with_state(|s| {
        let s = s?;
        if !s.context_use_tz.unwrap_or(s.use_tz) {
            return None;
        }
        let zone = s.active.as_ref().unwrap_or(&s.default);
        aware.astimezone(zone).map(DateValue::aware)
    })
}

/// Django's `do_timezone(value, tz)`, the `localtime`, `utc` and
/// `timezone` filters: a datetime in `zone`, a naive one first read in
/// the default zone; `None` for anything else. The result is not
/// converted again when printed.
pub(crate) fn do_timezone(value: &DateValue, zone: &TzInfo, time_zone: &str) -> Option<DateValue> {
    let aware = match value {
        DateValue::Aware(a) => (**a).clone(),
        DateValue::DateTime(naive) => AwareDateTime::make_aware(*naive, &default_tz(time_zone))?,
        DateValue::Date(_) | DateValue::Time(_) => return None,
    };
    let converted = aware.astimezone(zone)?;
    // Django rebuilds the result from its fields (a `datetimeobject`),
    // which drops `fold`: a repeated wall time takes its first offset.
    let rebuilt = AwareDateTime::make_aware(converted.datetime(), zone)?;
    Some(DateValue::aware(rebuilt.keep_local_time()))
}

/// "Now" as `{% now %}` takes it: aware in the current zone with
/// `USE_TZ`, else the naive local time in `TIME_ZONE`.
pub(crate) fn now(use_tz: bool, time_zone: &str) -> Option<DateValue> {
    let instant = filters::dates::jiff::Timestamp::now();
    if use_tz {
        let zone = current_tz(time_zone);
        return AwareDateTime::from_timestamp(instant, &zone).map(DateValue::aware);
    }
    let zone = default_zone(time_zone);
    Some(DateValue::from(zone.to_datetime(instant)))
}
