//! Django's language tables (`django.conf.locale.LANG_INFO` and the default
//! `settings.LANGUAGES`), data generated from Django 6.1, for the `i18n`
//! tags and filters.

use crate::value::{Map, Value};

enum Info {
    Lang {
        name: &'static str,
        name_local: &'static str,
        bidi: bool,
    },
    Fallback(&'static str),
}

const LANG_INFO: &[(&str, Info)] = &[
    (
        "af",
        Info::Lang {
            name: "Afrikaans",
            name_local: "Afrikaans",
            bidi: false,
        },
    ),
    (
        "ar",
        Info::Lang {
            name: "Arabic",
            name_local: "العربيّة",
            bidi: true,
        },
    ),
    (
        "ar-dz",
        Info::Lang {
            name: "Algerian Arabic",
            name_local: "العربية الجزائرية",
            bidi: true,
        },
    ),
    (
        "ast",
        Info::Lang {
            name: "Asturian",
            name_local: "asturianu",
            bidi: false,
        },
    ),
    (
        "az",
        Info::Lang {
            name: "Azerbaijani",
            name_local: "Azərbaycanca",
            bidi: true,
        },
    ),
    (
        "be",
        Info::Lang {
            name: "Belarusian",
            name_local: "беларуская",
            bidi: false,
        },
    ),
    (
        "bg",
        Info::Lang {
            name: "Bulgarian",
            name_local: "български",
            bidi: false,
        },
    ),
    (
        "bn",
        Info::Lang {
            name: "Bengali",
            name_local: "বাংলা",
            bidi: false,
        },
    ),
    (
        "br",
        Info::Lang {
            name: "Breton",
            name_local: "brezhoneg",
            bidi: false,
        },
    ),
    (
        "bs",
        Info::Lang {
            name: "Bosnian",
            name_local: "bosanski",
            bidi: false,
        },
    ),
    (
        "ca",
        Info::Lang {
            name: "Catalan",
            name_local: "català",
            bidi: false,
        },
    ),
    (
        "ckb",
        Info::Lang {
            name: "Central Kurdish (Sorani)",
            name_local: "کوردی",
            bidi: true,
        },
    ),
    (
        "cs",
        Info::Lang {
            name: "Czech",
            name_local: "česky",
            bidi: false,
        },
    ),
    (
        "cy",
        Info::Lang {
            name: "Welsh",
            name_local: "Cymraeg",
            bidi: false,
        },
    ),
    (
        "da",
        Info::Lang {
            name: "Danish",
            name_local: "dansk",
            bidi: false,
        },
    ),
    (
        "de",
        Info::Lang {
            name: "German",
            name_local: "Deutsch",
            bidi: false,
        },
    ),
    (
        "dsb",
        Info::Lang {
            name: "Lower Sorbian",
            name_local: "dolnoserbski",
            bidi: false,
        },
    ),
    (
        "el",
        Info::Lang {
            name: "Greek",
            name_local: "Ελληνικά",
            bidi: false,
        },
    ),
    (
        "en",
        Info::Lang {
            name: "English",
            name_local: "English",
            bidi: false,
        },
    ),
    (
        "en-au",
        Info::Lang {
            name: "Australian English",
            name_local: "Australian English",
            bidi: false,
        },
    ),
    (
        "en-gb",
        Info::Lang {
            name: "British English",
            name_local: "British English",
            bidi: false,
        },
    ),
    (
        "eo",
        Info::Lang {
            name: "Esperanto",
            name_local: "Esperanto",
            bidi: false,
        },
    ),
    (
        "es",
        Info::Lang {
            name: "Spanish",
            name_local: "español",
            bidi: false,
        },
    ),
    (
        "es-ar",
        Info::Lang {
            name: "Argentinian Spanish",
            name_local: "español de Argentina",
            bidi: false,
        },
    ),
    (
        "es-co",
        Info::Lang {
            name: "Colombian Spanish",
            name_local: "español de Colombia",
            bidi: false,
        },
    ),
    (
        "es-mx",
        Info::Lang {
            name: "Mexican Spanish",
            name_local: "español de Mexico",
            bidi: false,
        },
    ),
    (
        "es-ni",
        Info::Lang {
            name: "Nicaraguan Spanish",
            name_local: "español de Nicaragua",
            bidi: false,
        },
    ),
    (
        "es-ve",
        Info::Lang {
            name: "Venezuelan Spanish",
            name_local: "español de Venezuela",
            bidi: false,
        },
    ),
    (
        "et",
        Info::Lang {
            name: "Estonian",
            name_local: "eesti",
            bidi: false,
        },
    ),
    (
        "eu",
        Info::Lang {
            name: "Basque",
            name_local: "euskara",
            bidi: false,
        },
    ),
    (
        "fa",
        Info::Lang {
            name: "Persian",
            name_local: "فارسی",
            bidi: true,
        },
    ),
    (
        "fi",
        Info::Lang {
            name: "Finnish",
            name_local: "suomi",
            bidi: false,
        },
    ),
    (
        "fr",
        Info::Lang {
            name: "French",
            name_local: "français",
            bidi: false,
        },
    ),
    (
        "fy",
        Info::Lang {
            name: "Frisian",
            name_local: "frysk",
            bidi: false,
        },
    ),
    (
        "ga",
        Info::Lang {
            name: "Irish",
            name_local: "Gaeilge",
            bidi: false,
        },
    ),
    (
        "gd",
        Info::Lang {
            name: "Scottish Gaelic",
            name_local: "Gàidhlig",
            bidi: false,
        },
    ),
    (
        "gl",
        Info::Lang {
            name: "Galician",
            name_local: "galego",
            bidi: false,
        },
    ),
    (
        "he",
        Info::Lang {
            name: "Hebrew",
            name_local: "עברית",
            bidi: true,
        },
    ),
    (
        "hi",
        Info::Lang {
            name: "Hindi",
            name_local: "हिंदी",
            bidi: false,
        },
    ),
    (
        "hr",
        Info::Lang {
            name: "Croatian",
            name_local: "Hrvatski",
            bidi: false,
        },
    ),
    (
        "hsb",
        Info::Lang {
            name: "Upper Sorbian",
            name_local: "hornjoserbsce",
            bidi: false,
        },
    ),
    (
        "ht",
        Info::Lang {
            name: "Haitian Creole",
            name_local: "Kreyòl Ayisyen",
            bidi: false,
        },
    ),
    (
        "hu",
        Info::Lang {
            name: "Hungarian",
            name_local: "Magyar",
            bidi: false,
        },
    ),
    (
        "hy",
        Info::Lang {
            name: "Armenian",
            name_local: "հայերեն",
            bidi: false,
        },
    ),
    (
        "ia",
        Info::Lang {
            name: "Interlingua",
            name_local: "Interlingua",
            bidi: false,
        },
    ),
    (
        "io",
        Info::Lang {
            name: "Ido",
            name_local: "ido",
            bidi: false,
        },
    ),
    (
        "id",
        Info::Lang {
            name: "Indonesian",
            name_local: "Bahasa Indonesia",
            bidi: false,
        },
    ),
    (
        "ig",
        Info::Lang {
            name: "Igbo",
            name_local: "Asụsụ Ìgbò",
            bidi: false,
        },
    ),
    (
        "is",
        Info::Lang {
            name: "Icelandic",
            name_local: "Íslenska",
            bidi: false,
        },
    ),
    (
        "it",
        Info::Lang {
            name: "Italian",
            name_local: "italiano",
            bidi: false,
        },
    ),
    (
        "ja",
        Info::Lang {
            name: "Japanese",
            name_local: "日本語",
            bidi: false,
        },
    ),
    (
        "ka",
        Info::Lang {
            name: "Georgian",
            name_local: "ქართული",
            bidi: false,
        },
    ),
    (
        "kab",
        Info::Lang {
            name: "Kabyle",
            name_local: "taqbaylit",
            bidi: false,
        },
    ),
    (
        "kk",
        Info::Lang {
            name: "Kazakh",
            name_local: "Қазақ",
            bidi: false,
        },
    ),
    (
        "km",
        Info::Lang {
            name: "Khmer",
            name_local: "Khmer",
            bidi: false,
        },
    ),
    (
        "kn",
        Info::Lang {
            name: "Kannada",
            name_local: "Kannada",
            bidi: false,
        },
    ),
    (
        "ko",
        Info::Lang {
            name: "Korean",
            name_local: "한국어",
            bidi: false,
        },
    ),
    (
        "ky",
        Info::Lang {
            name: "Kyrgyz",
            name_local: "Кыргызча",
            bidi: false,
        },
    ),
    (
        "lb",
        Info::Lang {
            name: "Luxembourgish",
            name_local: "Lëtzebuergesch",
            bidi: false,
        },
    ),
    (
        "lt",
        Info::Lang {
            name: "Lithuanian",
            name_local: "Lietuviškai",
            bidi: false,
        },
    ),
    (
        "lv",
        Info::Lang {
            name: "Latvian",
            name_local: "latviešu",
            bidi: false,
        },
    ),
    (
        "mk",
        Info::Lang {
            name: "Macedonian",
            name_local: "Македонски",
            bidi: false,
        },
    ),
    (
        "ml",
        Info::Lang {
            name: "Malayalam",
            name_local: "മലയാളം",
            bidi: false,
        },
    ),
    (
        "mn",
        Info::Lang {
            name: "Mongolian",
            name_local: "Mongolian",
            bidi: false,
        },
    ),
    (
        "mr",
        Info::Lang {
            name: "Marathi",
            name_local: "मराठी",
            bidi: false,
        },
    ),
    (
        "ms",
        Info::Lang {
            name: "Malay",
            name_local: "Bahasa Melayu",
            bidi: false,
        },
    ),
    (
        "my",
        Info::Lang {
            name: "Burmese",
            name_local: "မြန်မာဘာသာ",
            bidi: false,
        },
    ),
    (
        "nb",
        Info::Lang {
            name: "Norwegian Bokmal",
            name_local: "norsk (bokmål)",
            bidi: false,
        },
    ),
    (
        "ne",
        Info::Lang {
            name: "Nepali",
            name_local: "नेपाली",
            bidi: false,
        },
    ),
    (
        "nl",
        Info::Lang {
            name: "Dutch",
            name_local: "Nederlands",
            bidi: false,
        },
    ),
    (
        "nn",
        Info::Lang {
            name: "Norwegian Nynorsk",
            name_local: "norsk (nynorsk)",
            bidi: false,
        },
    ),
    (
        "no",
        Info::Lang {
            name: "Norwegian",
            name_local: "norsk",
            bidi: false,
        },
    ),
    (
        "os",
        Info::Lang {
            name: "Ossetic",
            name_local: "Ирон",
            bidi: false,
        },
    ),
    (
        "pa",
        Info::Lang {
            name: "Punjabi",
            name_local: "Punjabi",
            bidi: false,
        },
    ),
    (
        "pl",
        Info::Lang {
            name: "Polish",
            name_local: "polski",
            bidi: false,
        },
    ),
    (
        "pt",
        Info::Lang {
            name: "Portuguese",
            name_local: "Português",
            bidi: false,
        },
    ),
    (
        "pt-br",
        Info::Lang {
            name: "Brazilian Portuguese",
            name_local: "Português Brasileiro",
            bidi: false,
        },
    ),
    (
        "ro",
        Info::Lang {
            name: "Romanian",
            name_local: "Română",
            bidi: false,
        },
    ),
    (
        "ru",
        Info::Lang {
            name: "Russian",
            name_local: "Русский",
            bidi: false,
        },
    ),
    (
        "sk",
        Info::Lang {
            name: "Slovak",
            name_local: "slovensky",
            bidi: false,
        },
    ),
    (
        "sl",
        Info::Lang {
            name: "Slovenian",
            name_local: "Slovenščina",
            bidi: false,
        },
    ),
    (
        "sq",
        Info::Lang {
            name: "Albanian",
            name_local: "shqip",
            bidi: false,
        },
    ),
    (
        "sr",
        Info::Lang {
            name: "Serbian",
            name_local: "српски",
            bidi: false,
        },
    ),
    (
        "sr-latn",
        Info::Lang {
            name: "Serbian Latin",
            name_local: "srpski (latinica)",
            bidi: false,
        },
    ),
    (
        "sv",
        Info::Lang {
            name: "Swedish",
            name_local: "svenska",
            bidi: false,
        },
    ),
    (
        "sw",
        Info::Lang {
            name: "Swahili",
            name_local: "Kiswahili",
            bidi: false,
        },
    ),
    (
        "ta",
        Info::Lang {
            name: "Tamil",
            name_local: "தமிழ்",
            bidi: false,
        },
    ),
    (
        "te",
        Info::Lang {
            name: "Telugu",
            name_local: "తెలుగు",
            bidi: false,
        },
    ),
    (
        "tg",
        Info::Lang {
            name: "Tajik",
            name_local: "тоҷикӣ",
            bidi: false,
        },
    ),
    (
        "th",
        Info::Lang {
            name: "Thai",
            name_local: "ภาษาไทย",
            bidi: false,
        },
    ),
    (
        "tk",
        Info::Lang {
            name: "Turkmen",
            name_local: "Türkmençe",
            bidi: false,
        },
    ),
    (
        "tr",
        Info::Lang {
            name: "Turkish",
            name_local: "Türkçe",
            bidi: false,
        },
    ),
    (
        "tt",
        Info::Lang {
            name: "Tatar",
            name_local: "Татарча",
            bidi: false,
        },
    ),
    (
        "udm",
        Info::Lang {
            name: "Udmurt",
            name_local: "Удмурт",
            bidi: false,
        },
    ),
    (
        "ug",
        Info::Lang {
            name: "Uyghur",
            name_local: "ئۇيغۇرچە",
            bidi: true,
        },
    ),
    (
        "uk",
        Info::Lang {
            name: "Ukrainian",
            name_local: "Українська",
            bidi: false,
        },
    ),
    (
        "ur",
        Info::Lang {
            name: "Urdu",
            name_local: "اردو",
            bidi: true,
        },
    ),
    (
        "uz",
        Info::Lang {
            name: "Uzbek",
            name_local: "oʻzbek tili",
            bidi: false,
        },
    ),
    (
        "vi",
        Info::Lang {
            name: "Vietnamese",
            name_local: "Tiếng Việt",
            bidi: false,
        },
    ),
    ("zh-cn", Info::Fallback("zh-hans")),
    (
        "zh-hans",
        Info::Lang {
            name: "Simplified Chinese",
            name_local: "简体中文",
            bidi: false,
        },
    ),
    (
        "zh-hant",
        Info::Lang {
            name: "Traditional Chinese",
            name_local: "繁體中文",
            bidi: false,
        },
    ),
    ("zh-hk", Info::Fallback("zh-hant")),
    ("zh-mo", Info::Fallback("zh-hant")),
    ("zh-my", Info::Fallback("zh-hans")),
    ("zh-sg", Info::Fallback("zh-hans")),
    ("zh-tw", Info::Fallback("zh-hant")),
];

/// Django's default `LANGUAGES`: code and English name.
pub(crate) const LANGUAGES: &[(&str, &str)] = &[
    ("af", "Afrikaans"),
    ("ar", "Arabic"),
    ("ar-dz", "Algerian Arabic"),
    ("ast", "Asturian"),
    ("az", "Azerbaijani"),
    ("bg", "Bulgarian"),
    ("be", "Belarusian"),
    ("bn", "Bengali"),
    ("br", "Breton"),
    ("bs", "Bosnian"),
    ("ca", "Catalan"),
    ("ckb", "Central Kurdish (Sorani)"),
    ("cs", "Czech"),
    ("cy", "Welsh"),
    ("da", "Danish"),
    ("de", "German"),
    ("dsb", "Lower Sorbian"),
    ("el", "Greek"),
    ("en", "English"),
    ("en-au", "Australian English"),
    ("en-gb", "British English"),
    ("eo", "Esperanto"),
    ("es", "Spanish"),
    ("es-ar", "Argentinian Spanish"),
    ("es-co", "Colombian Spanish"),
    ("es-mx", "Mexican Spanish"),
    ("es-ni", "Nicaraguan Spanish"),
    ("es-ve", "Venezuelan Spanish"),
    ("et", "Estonian"),
    ("eu", "Basque"),
    ("fa", "Persian"),
    ("fi", "Finnish"),
    ("fr", "French"),
    ("fy", "Frisian"),
    ("ga", "Irish"),
    ("gd", "Scottish Gaelic"),
    ("gl", "Galician"),
    ("he", "Hebrew"),
    ("hi", "Hindi"),
    ("hr", "Croatian"),
    ("hsb", "Upper Sorbian"),
    ("ht", "Haitian Creole"),
    ("hu", "Hungarian"),
    ("hy", "Armenian"),
    ("ia", "Interlingua"),
    ("id", "Indonesian"),
    ("ig", "Igbo"),
    ("io", "Ido"),
    ("is", "Icelandic"),
    ("it", "Italian"),
    ("ja", "Japanese"),
    ("ka", "Georgian"),
    ("kab", "Kabyle"),
    ("kk", "Kazakh"),
    ("km", "Khmer"),
    ("kn", "Kannada"),
    ("ko", "Korean"),
    ("ky", "Kyrgyz"),
    ("lb", "Luxembourgish"),
    ("lt", "Lithuanian"),
    ("lv", "Latvian"),
    ("mk", "Macedonian"),
    ("ml", "Malayalam"),
    ("mn", "Mongolian"),
    ("mr", "Marathi"),
    ("ms", "Malay"),
    ("my", "Burmese"),
    ("nb", "Norwegian Bokmål"),
    ("ne", "Nepali"),
    ("nl", "Dutch"),
    ("nn", "Norwegian Nynorsk"),
    ("os", "Ossetic"),
    ("pa", "Punjabi"),
    ("pl", "Polish"),
    ("pt", "Portuguese"),
    ("pt-br", "Brazilian Portuguese"),
    ("ro", "Romanian"),
    ("ru", "Russian"),
    ("sk", "Slovak"),
    ("sl", "Slovenian"),
    ("sq", "Albanian"),
    ("sr", "Serbian"),
    ("sr-latn", "Serbian Latin"),
    ("sv", "Swedish"),
    ("sw", "Swahili"),
    ("ta", "Tamil"),
    ("te", "Telugu"),
    ("tg", "Tajik"),
    ("th", "Thai"),
    ("tk", "Turkmen"),
    ("tr", "Turkish"),
    ("tt", "Tatar"),
    ("udm", "Udmurt"),
    ("ug", "Uyghur"),
    ("uk", "Ukrainian"),
    ("ur", "Urdu"),
    ("uz", "Uzbek"),
    ("vi", "Vietnamese"),
    ("zh-hans", "Simplified Chinese"),
    ("zh-hant", "Traditional Chinese"),
];

/// Django's `get_language_info`: the entry for `code` (following fallbacks,
/// then the generic code before `-`), as a dict with `code`, `name`,
/// `name_local`, `name_translated` (the name in `lang`, Django's
/// `gettext_lazy(name)` read where the tag runs) and `bidi`.
pub(crate) fn language_info(code: &str, lang: &filters::l10n::Lang<'_>) -> Option<Value> {
    let lookup = |c: &str| {
        LANG_INFO
            .iter()
            .find(|(k, _)| *k == c)
            .map(|(_, info)| info)
    };
    let (mut key, mut info) = match lookup(code) {
        Some(info) => (code, info),
        None => {
            let generic = code.split('-').next().filter(|g| *g != code)?;
            (generic, lookup(generic)?)
        }
    };
    for _ in 0..4 {
        match info {
            Info::Fallback(next) => {
                key = next;
                info = lookup(next)?;
            }
            Info::Lang {
                name,
                name_local,
                bidi,
            } => {
                let mut map = Map::new();
                map.insert("bidi", Value::Bool(*bidi));
                map.insert("code", Value::str(key));
                map.insert("name", Value::str(*name));
                map.insert("name_local", Value::str(*name_local));
                let translated = lang.gettext(name).unwrap_or(name);
                map.insert("name_translated", Value::str(translated));
                return Some(Value::from(map));
            }
        }
    }
    None
}

/// `get_language_info`, with Django's error for an unknown code.
pub(crate) fn language_info_or_error(
    code: &str,
    lang: &filters::l10n::Lang<'_>,
) -> Result<Value, crate::error::Error> {
    language_info(code, lang)
        .ok_or_else(|| crate::error::Error::render(format!("Unknown language code {code}.")))
}
