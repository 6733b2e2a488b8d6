//! Localization as Django does it: each language's formats (`DATE_FORMAT`,
//! `DECIMAL_SEPARATOR`, `NUMBER_GROUPING`, …) and Django's own
//! translations of the words its filters write (month and day names,
//! `a.m.`, `timesince` units, `yesno`'s default, `filesizeformat` units,
//! humanize's words), for every language Django ships.
//!
//! The data (`l10n_data.rs`) is generated from Django 6.1 by
//! `filters/tools/gen_l10n.py`, which reads Django's `formats.py` modules
//! through `get_format` (so `de-ch` falls back to `de`, and a language
//! Django has no catalog for gets `global_settings`' formats) and its `.mo`
//! catalogs in Django's precedence (contrib.humanize's over the core one,
//! a language's own catalog over its base language's, else English).
//! Regenerate with
//! `/tmp/djenv/bin/python filters/tools/gen_l10n.py > filters/src/l10n_data.rs`.
//!
//! A [`Lang`] is what the filters take: a language's data and, optionally,
//! an application's own catalogs ([`Messages`]), which win over Django's
//! words as Django's `LOCALE_PATHS` catalogs do.
//!
//! ```
//! use djula_filters::l10n::Lang;
//! let de = Lang::new("de");
//! assert_eq!(de.format("DATE_FORMAT"), Some("j. F Y"));
//! assert_eq!(de.decimal_separator(), ",");
//! assert_eq!(Lang::new("de-AT").format("SHORT_DATE_FORMAT"), Some("d.m.Y"));
//! ```

use std::sync::OnceLock;

use crate::plural::Plural;

#[path = "l10n_data.rs"]
mod data;

pub(crate) use data::{p, w};

/// One language's formats (Django's `formats.py` names, lowercased).
#[derive(Debug)]
pub(crate) struct Formats {
    pub(crate) date_format: &'static str,
    pub(crate) datetime_format: &'static str,
    pub(crate) time_format: &'static str,
    pub(crate) year_month_format: &'static str,
    pub(crate) month_day_format: &'static str,
    pub(crate) short_date_format: &'static str,
    pub(crate) short_datetime_format: &'static str,
    pub(crate) decimal_separator: &'static str,
    pub(crate) thousand_separator: &'static str,
    /// Python's `locale` grouping: sizes from the right, a final `0`
    /// repeats the last size; empty is no grouping.
    pub(crate) number_grouping: &'static [u8],
    pub(crate) first_day_of_week: u8,
}

/// A plural message's forms and the index of its catalog's rule in `RULES`.
#[derive(Debug)]
pub(crate) struct Forms {
    pub(crate) rule: usize,
    pub(crate) forms: &'static [&'static str],
}

/// One language's data, as Django resolves it (generated).
#[derive(Debug)]
pub struct Locale {
    #[allow(dead_code)]
    code: &'static str,
    formats: Formats,
    words: [&'static str; data::MSGIDS.len()],
    month_titles: [&'static str; 12],
    plurals: [Option<Forms>; data::PLURAL_MSGIDS.len()],
}

/// An application's own translations for the render's language (djula's
/// catalogs), consulted before Django's words.
///
/// ```
/// use djula_filters::l10n::{Lang, Messages};
/// struct Mine;
/// impl Messages for Mine {
///     fn gettext(&self, _: Option<&str>, id: &str) -> Option<&str> {
///         (id == "noon").then_some("Mittag!")
///     }
///     fn ngettext(&self, _: Option<&str>, _: &str, _: f64) -> Option<&str> { None }
/// }
/// let de = Lang::new("de").with_messages(&Mine);
/// assert_eq!(de.noon(), "Mittag!");
/// ```
pub trait Messages {
    /// `pgettext(context, id)` / `gettext(id)`; `None` when untranslated.
    fn gettext(&self, context: Option<&str>, id: &str) -> Option<&str>;
    /// The form for `n` of `(context, singular)`; `None` when untranslated.
    fn ngettext(&self, context: Option<&str>, singular: &str, n: f64) -> Option<&str>;
}

/// A word of `django.contrib.humanize` with one form.
///
/// ```
/// use djula_filters::l10n::{HumanizeWord, Lang};
/// assert_eq!(Lang::new("de").humanize_word(HumanizeWord::ApNumber(3)), "drei");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HumanizeWord {
    /// `apnumber`'s word for 1 to 9 (others give `""`).
    ApNumber(u8),
    /// `naturalday`'s `today`.
    Today,
    /// `naturalday`'s `tomorrow`.
    Tomorrow,
    /// `naturalday`'s `yesterday`.
    Yesterday,
    /// `naturaltime`'s `%(delta)s ago`.
    PastDay,
    /// `naturaltime`'s `now`.
    Now,
    /// `naturaltime`'s `%(delta)s from now`.
    FutureDay,
    /// `ordinal`'s `{}st` for 1 (context `ordinal is 1`).
    OrdinalIsOne,
    /// `ordinal`'s `{}th` for 11, 12, 13 (context `ordinal 11, 12, 13`).
    OrdinalTeen,
    /// `ordinal`'s template for a last digit 0 to 9 (context `ordinal N`).
    Ordinal(u8),
}

/// A plural message of `django.contrib.humanize`.
///
/// ```
/// use djula_filters::l10n::{HumanizePlural, Lang};
/// assert_eq!(Lang::new("de").humanize_plural(HumanizePlural::IntWord(0), 2.0), "%(value)s Millionen");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HumanizePlural {
    /// `intword`'s `%(value)s million` (0) … `decillion` (9), `googol` (10).
    IntWord(usize),
    /// `an hour ago` / `%(count)s hours ago`.
    PastHour,
    /// `a minute ago` / `%(count)s minutes ago`.
    PastMinute,
    /// `a second ago` / `%(count)s seconds ago`.
    PastSecond,
    /// `a second from now` / `%(count)s seconds from now`.
    FutureSecond,
    /// `a minute from now` / `%(count)s minutes from now`.
    FutureMinute,
    /// `an hour from now` / `%(count)s hours from now`.
    FutureHour,
}

/// The language filters format in: a pointer to its data, and optionally
/// the application's own catalogs. Cheap to copy.
///
/// ```
/// use djula_filters::l10n::Lang;
/// assert_eq!(Lang::new("fr").month_name(6), "juin");
/// assert!(Lang::english().is_english());
/// ```
#[derive(Clone, Copy)]
pub struct Lang<'a> {
    data: &'static Locale,
    messages: Option<&'a dyn Messages>,
    /// Whether the locale's words come from `messages` first
    /// ([`Lang::with_messages`]), or only [`Lang::gettext`] reads them
    /// ([`Lang::with_catalogs`]).
    words_from_messages: bool,
    /// Django's `USE_THOUSAND_SEPARATOR`: localized numbers are grouped.
    thousands: bool,
}

impl std::fmt::Debug for Lang<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Lang({})", self.data.code)
    }
}

/// Django's data for `code` (`de`, `pt-BR`, `de_CH`): the language,
/// else its base language (`de-at` → `de`), else the fallback (English
/// words, `global_settings` formats).
///
/// ```
/// use djula_filters::l10n::locale;
/// assert!(std::ptr::eq(locale("de-AT"), locale("de")));
/// ```
pub fn locale(code: &str) -> &'static Locale {
    let find = |c: &str| {
        data::LOCALES
            .binary_search_by(|(k, _)| k.cmp(&c))
            .ok()
            .and_then(|i| data::LOCALES.get(i))
            .map(|(_, l)| *l)
    };
    let lower = code.trim().replace('_', "-").to_ascii_lowercase();
    find(&lower)
        .or_else(|| lower.split_once('-').and_then(|(base, _)| find(base)))
        .unwrap_or(data::FALLBACK)
}

/// Whether Django ships data for `code` (or its base language): false
/// when [`locale`] gives the fallback.
///
/// ```
/// use djula_filters::l10n::has_locale;
/// assert!(has_locale("de-AT"));
/// assert!(!has_locale("iw")); // Python's old code for Hebrew: no format module
/// ```
pub fn has_locale(code: &str) -> bool {
    !std::ptr::eq(locale(code), data::FALLBACK)
}

fn rules() -> &'static [Plural] {
    static RULES: OnceLock<Vec<Plural>> = OnceLock::new();
    RULES.get_or_init(|| {
        data::RULES
            .iter()
            .map(|r| Plural::parse(r).unwrap_or_else(|_| Plural::germanic()))
            .collect()
    })
}

impl<'a> Lang<'a> {
    /// The language `code` (see [`locale`]).
    ///
    /// ```
    /// use djula_filters::l10n::Lang;
    /// assert_eq!(Lang::new("ja").format("DATE_FORMAT"), Some("Y年n月j日"));
    /// ```
    pub fn new(code: &str) -> Lang<'static> {
        Lang {
            data: locale(code),
            messages: None,
            words_from_messages: false,
            thousands: false,
        }
    }

    /// The language whose data is `locale` (see [`locale`]).
    ///
    /// ```
    /// use djula_filters::l10n::{locale, Lang};
    /// assert_eq!(Lang::of(locale("de")).noon(), "Mittag");
    /// ```
    pub fn of(locale: &'static Locale) -> Lang<'static> {
        Lang {
            data: locale,
            messages: None,
            words_from_messages: false,
            thousands: false,
        }
    }

    /// This language's data.
    ///
    /// ```
    /// use djula_filters::l10n::{locale, Lang};
    /// assert!(std::ptr::eq(Lang::new("de").locale(), locale("de")));
    /// ```
    pub fn locale(&self) -> &'static Locale {
        self.data
    }

    /// English (`en`), djula's default language.
    ///
    /// ```
    /// use djula_filters::l10n::Lang;
    /// assert_eq!(Lang::english().format("DATE_FORMAT"), Some("N j, Y"));
    /// ```
    pub fn english() -> Lang<'static> {
        static EN: OnceLock<&'static Locale> = OnceLock::new();
        Lang {
            data: EN.get_or_init(|| locale("en")),
            messages: None,
            words_from_messages: false,
            thousands: false,
        }
    }

    /// The same language with the application's own catalogs on top.
    ///
    /// ```
    /// use djula_filters::l10n::{Lang, Messages};
    /// struct None_;
    /// impl Messages for None_ {
    ///     fn gettext(&self, _: Option<&str>, _: &str) -> Option<&str> { None }
    ///     fn ngettext(&self, _: Option<&str>, _: &str, _: f64) -> Option<&str> { None }
    /// }
    /// assert_eq!(Lang::new("de").with_messages(&None_).noon(), "Mittag");
    /// ```
    pub fn with_messages<'b>(self, messages: &'b dyn Messages) -> Lang<'b> {
        Lang {
            data: self.data,
            messages: Some(messages),
            words_from_messages: true,
            thousands: self.thousands,
        }
    }

    /// The same language, with catalogs that only [`Lang::gettext`]
    /// reads: the words of the locale data stay Django's (a render whose
    /// application catalogs do not serve the language).
    ///
    /// ```
    /// use djula_filters::l10n::{Lang, Messages};
    /// struct Fr;
    /// impl Messages for Fr {
    ///     fn gettext(&self, _: Option<&str>, id: &str) -> Option<&str> {
    ///         (id == "German").then_some("Allemand")
    ///     }
    ///     fn ngettext(&self, _: Option<&str>, _: &str, _: f64) -> Option<&str> { None }
    /// }
    /// let fr = Lang::new("fr").with_catalogs(&Fr);
    /// assert_eq!(fr.gettext("German"), Some("Allemand"));
    /// assert_eq!(fr.noon(), "midi");
    /// ```
    pub fn with_catalogs<'b>(self, catalogs: &'b dyn Messages) -> Lang<'b> {
        Lang {
            data: self.data,
            messages: Some(catalogs),
            words_from_messages: false,
            thousands: self.thousands,
        }
    }

    /// The same language under Django's `USE_THOUSAND_SEPARATOR`:
    /// localized numbers (printed, `floatformat`, `filesizeformat`,
    /// `localize`) are grouped with the language's separator.
    ///
    /// ```
    /// use djula_filters::l10n::Lang;
    /// use djula_filters::numbers::number_format_in;
    /// let de = Lang::new("de").with_thousand_separator(true);
    /// assert_eq!(number_format_in("1234567.5", None, false, de), "1.234.567,5");
    /// assert!(!Lang::new("de").groups_thousands());
    /// ```
    pub fn with_thousand_separator(self, on: bool) -> Lang<'a> {
        Lang {
            thousands: on,
            ..self
        }
    }

    /// Whether localized numbers are grouped (see
    /// [`Lang::with_thousand_separator`]).
    pub fn groups_thousands(&self) -> bool {
        self.thousands
    }

    /// Whether this is the English data with no catalogs of the
    /// application's: the output Django gives without localization, so
    /// callers may take their unlocalized fast paths.
    ///
    /// ```
    /// use djula_filters::l10n::Lang;
    /// assert!(!Lang::new("de").is_english());
    /// ```
    pub fn is_english(&self) -> bool {
        self.word_messages().is_none() && std::ptr::eq(self.data, Lang::english().data)
    }

    /// A named format (`DATE_FORMAT`, `DECIMAL_SEPARATOR`, …) as Django's
    /// `get_format` gives it; `None` for other names.
    ///
    /// ```
    /// use djula_filters::l10n::Lang;
    /// assert_eq!(Lang::new("de").format("TIME_FORMAT"), Some("H:i"));
    /// assert_eq!(Lang::new("de").format("j"), None);
    /// ```
    pub fn format(&self, name: &str) -> Option<&'static str> {
        let f = &self.data.formats;
        Some(match name {
            "DATE_FORMAT" => f.date_format,
            "DATETIME_FORMAT" => f.datetime_format,
            "TIME_FORMAT" => f.time_format,
            "YEAR_MONTH_FORMAT" => f.year_month_format,
            "MONTH_DAY_FORMAT" => f.month_day_format,
            "SHORT_DATE_FORMAT" => f.short_date_format,
            "SHORT_DATETIME_FORMAT" => f.short_datetime_format,
            "DECIMAL_SEPARATOR" => f.decimal_separator,
            "THOUSAND_SEPARATOR" => f.thousand_separator,
            _ => return None,
        })
    }

    /// `DECIMAL_SEPARATOR`.
    ///
    /// ```
    /// use djula_filters::l10n::Lang;
    /// assert_eq!(Lang::new("fr").decimal_separator(), ",");
    /// ```
    pub fn decimal_separator(&self) -> &'static str {
        self.data.formats.decimal_separator
    }

    /// `THOUSAND_SEPARATOR`.
    ///
    /// ```
    /// use djula_filters::l10n::Lang;
    /// assert_eq!(Lang::new("de").thousand_separator(), ".");
    /// ```
    pub fn thousand_separator(&self) -> &'static str {
        self.data.formats.thousand_separator
    }

    /// `NUMBER_GROUPING` as group sizes from the right (a last `0` repeats
    /// the size before it); empty when the language does not group.
    ///
    /// ```
    /// use djula_filters::l10n::Lang;
    /// assert_eq!(Lang::new("de").number_grouping(), &[3, 0]);
    /// ```
    pub fn number_grouping(&self) -> &'static [u8] {
        self.data.formats.number_grouping
    }

    /// `FIRST_DAY_OF_WEEK` (0 is Sunday).
    ///
    /// ```
    /// use djula_filters::l10n::Lang;
    /// assert_eq!(Lang::new("de").first_day_of_week(), 1);
    /// ```
    pub fn first_day_of_week(&self) -> u8 {
        self.data.formats.first_day_of_week
    }

    /// `gettext(id)` from the catalogs this language was given
    /// ([`Lang::with_messages`], [`Lang::with_catalogs`]); `None` when
    /// none translates `id`.
    ///
    /// ```
    /// use djula_filters::l10n::Lang;
    /// assert_eq!(Lang::new("fr").gettext("English"), None); // no catalogs given
    /// ```
    pub fn gettext(&self, id: &str) -> Option<&'a str> {
        self.messages?.gettext(None, id)
    }

    /// The catalogs the locale's words come from first, if any.
    #[inline]
    fn word_messages(&self) -> Option<&'a dyn Messages> {
        self.messages.filter(|_| self.words_from_messages)
    }

    /// A one-form word by its index in the generated table.
    pub(crate) fn word(&self, index: usize) -> &'a str {
        if let (Some(m), Some((ctx, id))) = (self.word_messages(), data::MSGIDS.get(index)) {
            if let Some(t) = m.gettext(*ctx, id) {
                return t;
            }
        }
        self.data.words.get(index).copied().unwrap_or("")
    }

    /// A plural message's form for `n` (Django's `ngettext`: the catalog's
    /// rule, or English's `n == 1` when no catalog translates it).
    pub(crate) fn plural(&self, index: usize, n: f64) -> &'a str {
        let Some((ctx, singular, plural)) = data::PLURAL_MSGIDS.get(index) else {
            return "";
        };
        if let Some(m) = self.word_messages() {
            if let Some(t) = m.ngettext(*ctx, singular, n) {
                return t;
            }
        }
        if let Some(Some(forms)) = self.data.plurals.get(index) {
            let chosen = rules()
                .get(forms.rule)
                .and_then(|r| r.index(n))
                .and_then(|i| forms.forms.get(i));
            if let Some(text) = chosen {
                return text;
            }
        }
        if n == 1.0 {
            singular
        } else {
            plural
        }
    }

    /// The month's name (`F`), 1-based.
    ///
    /// ```
    /// use djula_filters::l10n::Lang;
    /// assert_eq!(Lang::new("de").month_name(3), "März");
    /// ```
    pub fn month_name(&self, month: usize) -> &'a str {
        self.word(w::MONTH_0 + month.wrapping_sub(1) % 12)
    }

    /// The three-letter lowercase month (`b`), 1-based.
    pub(crate) fn month_3(&self, month: usize) -> &'a str {
        self.word(w::MONTH_3_0 + month.wrapping_sub(1) % 12)
    }

    /// `M`: Python's `title()` of the `b` word.
    pub(crate) fn month_title(&self, month: usize) -> std::borrow::Cow<'a, str> {
        let i = month.wrapping_sub(1) % 12;
        if let Some(m) = self.word_messages() {
            if let Some(t) = m.gettext(None, data::MSGIDS.get(w::MONTH_3_0 + i).map_or("", |x| x.1))
            {
                return std::borrow::Cow::Owned(crate::text::title(t));
            }
        }
        std::borrow::Cow::Borrowed(self.data.month_titles.get(i).copied().unwrap_or(""))
    }

    /// The AP-style month (`N`), 1-based.
    pub(crate) fn month_ap(&self, month: usize) -> &'a str {
        self.word(w::MONTH_AP_0 + month.wrapping_sub(1) % 12)
    }

    /// The alternative (genitive) month name (`E`), 1-based.
    pub(crate) fn month_alt(&self, month: usize) -> &'a str {
        self.word(w::MONTH_ALT_0 + month.wrapping_sub(1) % 12)
    }

    /// The weekday's name (`l`), Monday is 0.
    pub(crate) fn weekday(&self, day: usize) -> &'a str {
        self.word(w::WEEKDAY_0 + day % 7)
    }

    /// The weekday's abbreviation (`D`), Monday is 0.
    pub(crate) fn weekday_abbr(&self, day: usize) -> &'a str {
        self.word(w::WEEKDAY_ABBR_0 + day % 7)
    }

    /// `yesno`'s default argument (`gettext("yes,no,maybe")`).
    ///
    /// ```
    /// use djula_filters::l10n::Lang;
    /// assert_eq!(Lang::new("de").yes_no_maybe(), "Ja,Nein,Vielleicht");
    /// ```
    pub fn yes_no_maybe(&self) -> &'a str {
        self.word(w::YES_NO_MAYBE)
    }

    /// A word of humanize's in this language.
    ///
    /// ```
    /// use djula_filters::l10n::{HumanizeWord, Lang};
    /// assert_eq!(Lang::new("fr").humanize_word(HumanizeWord::Today), "aujourd'hui");
    /// ```
    pub fn humanize_word(&self, word: HumanizeWord) -> &'a str {
        let index = match word {
            HumanizeWord::ApNumber(n @ 1..=9) => w::APNUMBER_0 + usize::from(n - 1),
            HumanizeWord::ApNumber(_) => return "",
            HumanizeWord::Today => w::TODAY,
            HumanizeWord::Tomorrow => w::TOMORROW,
            HumanizeWord::Yesterday => w::YESTERDAY,
            HumanizeWord::PastDay => w::PAST_DAY,
            HumanizeWord::Now => w::NOW,
            HumanizeWord::FutureDay => w::FUTURE_DAY,
            HumanizeWord::OrdinalIsOne => w::ORDINAL_IS_1,
            HumanizeWord::OrdinalTeen => w::ORDINAL_11_12_13,
            HumanizeWord::Ordinal(n) => w::ORDINAL_0 + usize::from(n % 10),
        };
        self.word(index)
    }

    /// A plural message of humanize's, in the form for `n`.
    ///
    /// ```
    /// use djula_filters::l10n::{HumanizePlural, Lang};
    /// assert_eq!(Lang::english().humanize_plural(HumanizePlural::PastHour, 1.0), "an hour ago");
    /// ```
    pub fn humanize_plural(&self, message: HumanizePlural, n: f64) -> &'a str {
        let index = match message {
            HumanizePlural::IntWord(i) if i <= 10 => p::INTWORD_MILLION + i,
            HumanizePlural::IntWord(_) => return "",
            HumanizePlural::PastHour => p::PAST_HOUR,
            HumanizePlural::PastMinute => p::PAST_MINUTE,
            HumanizePlural::PastSecond => p::PAST_SECOND,
            HumanizePlural::FutureSecond => p::FUTURE_SECOND,
            HumanizePlural::FutureMinute => p::FUTURE_MINUTE,
            HumanizePlural::FutureHour => p::FUTURE_HOUR,
        };
        self.plural(index, n)
    }

    /// `noon` (`P`).
    ///
    /// ```
    /// use djula_filters::l10n::Lang;
    /// assert_eq!(Lang::english().noon(), "noon");
    /// ```
    pub fn noon(&self) -> &'a str {
        self.word(w::NOON)
    }
}
