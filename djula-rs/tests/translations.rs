//! Translations against real Django: the French and Polish catalogs in
//! template-fixtures/locale (`.po` sources and the `.mo` files `msgfmt`
//! compiled from them), rendered by Django 6.1 with
//! template-fixtures/locale/django_render.py (LOCALE_PATHS = that directory,
//! `translation.override(language)`); the `django` values below are its
//! output, byte for byte. Djula's own forms (`{_ … _}`, the `trans`
//! filter) have no Django counterpart and are checked on their own.
//! The CLI's side (`djula makemessages`, `djula render --locale`) is tested
//! in djula-cli/tests/cli.rs.

use std::path::{Path, PathBuf};

fn locale_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../template-fixtures/locale")
}

struct Case {
    name: &'static str,
    language: &'static str,
    template: &'static str,
    context: &'static str,
    django: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "translate",
        language: "fr",
        template: r#"{% load i18n %}{% translate "Welcome to our shop" %}"#,
        context: r#"{}"#,
        django: r#"Bienvenue dans notre boutique"#,
    },
    Case {
        name: "translate",
        language: "pl",
        template: r#"{% load i18n %}{% translate "Welcome to our shop" %}"#,
        context: r#"{}"#,
        django: r#"Witamy w naszym sklepie"#,
    },
    Case {
        name: "translate",
        language: "en",
        template: r#"{% load i18n %}{% translate "Welcome to our shop" %}"#,
        context: r#"{}"#,
        django: r#"Welcome to our shop"#,
    },
    Case {
        name: "translate",
        language: "de",
        template: r#"{% load i18n %}{% translate "Welcome to our shop" %}"#,
        context: r#"{}"#,
        django: r#"Welcome to our shop"#,
    },
    Case {
        name: "translate",
        language: "fr-ca",
        template: r#"{% load i18n %}{% translate "Welcome to our shop" %}"#,
        context: r#"{}"#,
        django: r#"Bienvenue dans notre boutique"#,
    },
    Case {
        name: "trans",
        language: "fr",
        template: r#"{% load i18n %}{% trans 'Welcome to our shop' %}"#,
        context: r#"{}"#,
        django: r#"Bienvenue dans notre boutique"#,
    },
    Case {
        name: "context",
        language: "fr",
        template: r#"{% load i18n %}{% translate "Spring" context "season" %}/{% translate "Spring" context "mechanism" %}/{% translate "Spring" %}/{% translate "Spring" context which %}"#,
        context: r#"{"which": "season"}"#,
        django: r#"Printemps/Ressort/Spring/Printemps"#,
    },
    Case {
        name: "noop",
        language: "fr",
        template: r#"{% load i18n %}{% translate "Welcome to our shop" noop %}"#,
        context: r#"{}"#,
        django: r#"Welcome to our shop"#,
    },
    Case {
        name: "as",
        language: "fr",
        template: r#"{% load i18n %}{% translate "Welcome to our shop" as w %}[{{ w }}]"#,
        context: r#"{}"#,
        django: r#"[Bienvenue dans notre boutique]"#,
    },
    Case {
        name: "percent",
        language: "fr",
        template: r#"{% load i18n %}{% translate "50% off" %}"#,
        context: r#"{}"#,
        django: r#"50% de réduction"#,
    },
    Case {
        name: "percent",
        language: "en",
        template: r#"{% load i18n %}{% translate "50% off" %}"#,
        context: r#"{}"#,
        django: r#"50% off"#,
    },
    Case {
        name: "safety",
        language: "fr",
        template: r#"{% load i18n %}{% translate "Tom & Jerry" %}|{% translate t %}|{% translate "Shop title" %}"#,
        context: r#"{"t": "Shop title"}"#,
        django: r#"Tom & Jérôme|Titre &lt;de&gt; la boutique|Titre <de> la boutique"#,
    },
    Case {
        name: "safety",
        language: "en",
        template: r#"{% load i18n %}{% translate "Tom & Jerry" %}|{% translate t %}|{% translate "Shop title" %}"#,
        context: r#"{"t": "Shop title"}"#,
        django: r#"Tom & Jerry|Shop title|Shop title"#,
    },
    Case {
        name: "filters-after",
        language: "fr",
        template: r#"{% load i18n %}{% translate "Welcome to our shop"|upper %}"#,
        context: r#"{}"#,
        django: r#"BIENVENUE DANS NOTRE BOUTIQUE"#,
    },
    Case {
        name: "underscore",
        language: "fr",
        template: r#"{% load i18n %}{{ missing|default:_("Nothing here") }}|{{ _("Nothing here") }}|{{ _("50% off") }}"#,
        context: r#"{}"#,
        django: r#"Rien ici|Rien ici|50%% de réduction"#,
    },
    Case {
        name: "underscore",
        language: "en",
        template: r#"{% load i18n %}{{ missing|default:_("Nothing here") }}|{{ _("Nothing here") }}|{{ _("50% off") }}"#,
        context: r#"{}"#,
        django: r#"Nothing here|Nothing here|50%% off"#,
    },
    Case {
        name: "blocktranslate-with",
        language: "fr",
        template: r#"{% load i18n %}{% blocktranslate with name=user total=3 %}Hello {{ name }}, you have {{ total }} points{% endblocktranslate %}"#,
        context: r#"{"user": "Ana <b>"}"#,
        django: r#"Bonjour Ana &lt;b&gt;, vous avez 3 points"#,
    },
    Case {
        name: "blocktranslate-with",
        language: "en",
        template: r#"{% load i18n %}{% blocktranslate with name=user total=3 %}Hello {{ name }}, you have {{ total }} points{% endblocktranslate %}"#,
        context: r#"{"user": "Ana <b>"}"#,
        django: r#"Hello Ana &lt;b&gt;, you have 3 points"#,
    },
    Case {
        name: "blocktranslate-count",
        language: "fr",
        template: r#"{% load i18n %}{% for n in ns %}{% blocktranslate count counter=n %}There is {{ counter }} apple.{% plural %}There are {{ counter }} apples.{% endblocktranslate %}
{% endfor %}"#,
        context: r#"{"ns": [0, 1, 2, 4, 5, 12, 22, 25, 112, 122]}"#,
        django: r#"Il y a 0 pomme.
Il y a 1 pomme.
Il y a 2 pommes.
Il y a 4 pommes.
Il y a 5 pommes.
Il y a 12 pommes.
Il y a 22 pommes.
Il y a 25 pommes.
Il y a 112 pommes.
Il y a 122 pommes.
"#,
    },
    Case {
        name: "blocktranslate-count",
        language: "pl",
        template: r#"{% load i18n %}{% for n in ns %}{% blocktranslate count counter=n %}There is {{ counter }} apple.{% plural %}There are {{ counter }} apples.{% endblocktranslate %}
{% endfor %}"#,
        context: r#"{"ns": [0, 1, 2, 4, 5, 12, 22, 25, 112, 122]}"#,
        django: r#"Jest 0 jabłek.
Jest 1 jabłko.
Są 2 jabłka.
Są 4 jabłka.
Jest 5 jabłek.
Jest 12 jabłek.
Są 22 jabłka.
Jest 25 jabłek.
Jest 112 jabłek.
Są 122 jabłka.
"#,
    },
    Case {
        name: "blocktranslate-count",
        language: "en",
        template: r#"{% load i18n %}{% for n in ns %}{% blocktranslate count counter=n %}There is {{ counter }} apple.{% plural %}There are {{ counter }} apples.{% endblocktranslate %}
{% endfor %}"#,
        context: r#"{"ns": [0, 1, 2, 4, 5, 12, 22, 25, 112, 122]}"#,
        django: r#"There are 0 apples.
There is 1 apple.
There are 2 apples.
There are 4 apples.
There are 5 apples.
There are 12 apples.
There are 22 apples.
There are 25 apples.
There are 112 apples.
There are 122 apples.
"#,
    },
    Case {
        name: "blocktranslate-count-context",
        language: "fr",
        template: r#"{% load i18n %}{% for n in ns %}{% blocktranslate count counter=n context "fruit basket" %}{{ counter }} pear{% plural %}{{ counter }} pears{% endblocktranslate %}
{% endfor %}"#,
        context: r#"{"ns": [0, 1, 3, 5, 21, 24]}"#,
        django: r#"0 poire (panier)
1 poire (panier)
3 poires (panier)
5 poires (panier)
21 poires (panier)
24 poires (panier)
"#,
    },
    Case {
        name: "blocktranslate-count-context",
        language: "pl",
        template: r#"{% load i18n %}{% for n in ns %}{% blocktranslate count counter=n context "fruit basket" %}{{ counter }} pear{% plural %}{{ counter }} pears{% endblocktranslate %}
{% endfor %}"#,
        context: r#"{"ns": [0, 1, 3, 5, 21, 24]}"#,
        django: r#"0 gruszek
1 gruszka
3 gruszki
5 gruszek
21 gruszek
24 gruszki
"#,
    },
    Case {
        name: "blocktranslate-count-context",
        language: "en",
        template: r#"{% load i18n %}{% for n in ns %}{% blocktranslate count counter=n context "fruit basket" %}{{ counter }} pear{% plural %}{{ counter }} pears{% endblocktranslate %}
{% endfor %}"#,
        context: r#"{"ns": [0, 1, 3, 5, 21, 24]}"#,
        django: r#"0 pears
1 pear
3 pears
5 pears
21 pears
24 pears
"#,
    },
    Case {
        name: "blocktranslate-trimmed",
        language: "fr",
        template: r#"{% load i18n %}{% blocktranslate trimmed %}
  This is a long sentence
  spread over lines.
{% endblocktranslate %}"#,
        context: r#"{}"#,
        django: r#"C'est une longue phrase sur plusieurs lignes."#,
    },
    Case {
        name: "blocktranslate-trimmed",
        language: "en",
        template: r#"{% load i18n %}{% blocktranslate trimmed %}
  This is a long sentence
  spread over lines.
{% endblocktranslate %}"#,
        context: r#"{}"#,
        django: r#"This is a long sentence spread over lines."#,
    },
    Case {
        name: "blocktrans-with-two",
        language: "fr",
        template: r#"{% load i18n %}{% blocktrans with product=p price=pr %}{{ product }} costs {{ price }}{% endblocktrans %}"#,
        context: r#"{"p": "Tea", "pr": "3 €"}"#,
        django: r#"Tea coûte 3 €"#,
    },
    Case {
        name: "blocktranslate-context",
        language: "fr",
        template: r#"{% load i18n %}{% blocktranslate context "greeting" with name=n %}Hi {{ name }}{% endblocktranslate %}|{% blocktranslate with name=n %}Hi {{ name }}{% endblocktranslate %}"#,
        context: r#"{"n": "Ana"}"#,
        django: r#"Salut Ana|Hi Ana"#,
    },
    Case {
        name: "blocktranslate-broken",
        language: "fr",
        template: r#"{% load i18n %}{% blocktranslate with name="Ana" %}Broken {{ name }}{% endblocktranslate %}|{% blocktranslate %}Save 100% now{% endblocktranslate %}"#,
        context: r#"{}"#,
        django: r#"Broken Ana|Save 100% now"#,
    },
    Case {
        name: "blocktranslate-asvar",
        language: "fr",
        template: r#"{% load i18n %}{% blocktranslate asvar msg with name="<Ana>" context "greeting" %}Hi {{ name }}{% endblocktranslate %}<{{ msg }}>"#,
        context: r#"{}"#,
        django: r#"<Salut <Ana>>"#,
    },
    Case {
        name: "language",
        language: "fr",
        template: r#"{% load i18n %}{% translate "Welcome to our shop" %}|{% language "pl" %}{% translate "Welcome to our shop" %}|{% get_current_language as L %}{{ L }}{% endlanguage %}|{% get_current_language as L %}{{ L }}"#,
        context: r#"{}"#,
        django: r#"Bienvenue dans notre boutique|Witamy w naszym sklepie|pl|fr"#,
    },
    Case {
        name: "language",
        language: "en",
        template: r#"{% load i18n %}{% translate "Welcome to our shop" %}|{% language "pl" %}{% translate "Welcome to our shop" %}|{% get_current_language as L %}{{ L }}{% endlanguage %}|{% get_current_language as L %}{{ L }}"#,
        context: r#"{}"#,
        django: r#"Welcome to our shop|Witamy w naszym sklepie|pl|en"#,
    },
    Case {
        name: "language-variable",
        language: "en",
        template: r#"{% load i18n %}{% for code in codes %}{% language code %}{% translate "Welcome to our shop" %}
{% endlanguage %}{% endfor %}"#,
        context: r#"{"codes": ["fr", "pl", "en", "de"]}"#,
        django: r#"Bienvenue dans notre boutique
Witamy w naszym sklepie
Welcome to our shop
Welcome to our shop
"#,
    },
    Case {
        name: "untranslated-and-fuzzy",
        language: "fr",
        template: r#"{% load i18n %}{% translate "Untranslated" %}|{% translate "Unsure" %}|{% translate "" %}."#,
        context: r#"{}"#,
        django: r#"Untranslated|Unsure|."#,
    },
    Case {
        name: "blocktranslate-count-odd",
        language: "fr",
        template: r#"{% load i18n %}{% for n in ns %}{% blocktranslate count counter=n %}There is {{ counter }} apple.{% plural %}There are {{ counter }} apples.{% endblocktranslate %}
{% endfor %}"#,
        context: r#"{"ns": [-1, -2, -5, -12, -22, -112]}"#,
        django: r#"Il y a -1 pomme.
Il y a -2 pomme.
Il y a -5 pomme.
Il y a -12 pomme.
Il y a -22 pomme.
Il y a -112 pomme.
"#,
    },
    Case {
        name: "blocktranslate-count-odd",
        language: "pl",
        template: r#"{% load i18n %}{% for n in ns %}{% blocktranslate count counter=n %}There is {{ counter }} apple.{% plural %}There are {{ counter }} apples.{% endblocktranslate %}
{% endfor %}"#,
        context: r#"{"ns": [-1, -2, -5, -12, -22, -112]}"#,
        django: r#"Jest -1 jabłek.
Jest -2 jabłek.
Jest -5 jabłek.
Jest -12 jabłek.
Jest -22 jabłek.
Jest -112 jabłek.
"#,
    },
    Case {
        name: "blocktranslate-count-odd",
        language: "en",
        template: r#"{% load i18n %}{% for n in ns %}{% blocktranslate count counter=n %}There is {{ counter }} apple.{% plural %}There are {{ counter }} apples.{% endblocktranslate %}
{% endfor %}"#,
        context: r#"{"ns": [-1, -2, -5, -12, -22, -112]}"#,
        django: r#"There are -1 apples.
There are -2 apples.
There are -5 apples.
There are -12 apples.
There are -22 apples.
There are -112 apples.
"#,
    },
    Case {
        name: "blocktranslate-missing-var",
        language: "fr",
        template: r#"{% load i18n %}{% blocktranslate with name=user %}Hello {{ name }}, you have {{ total }} points{% endblocktranslate %}"#,
        context: r#"{"user": "Ana"}"#,
        django: r#"Bonjour Ana, vous avez  points"#,
    },
    Case {
        name: "unknown-language",
        language: "fr",
        template: r#"{% load i18n %}{% language "xx" %}{% translate "Welcome to our shop" %}{% get_current_language as L %} {{ L }}{% endlanguage %}"#,
        context: r#"{}"#,
        django: r#"Welcome to our shop xx"#,
    },
    Case {
        name: "translate-as-filters",
        language: "pl",
        template: r#"{% load i18n %}{% translate "Welcome to our shop" as w %}{{ w|upper }} {{ w|length }}"#,
        context: r#"{}"#,
        django: r#"WITAMY W NASZYM SKLEPIE 23"#,
    },
    Case {
        name: "blocktranslate-count-float",
        language: "fr",
        template: r#"{% load i18n %}{% for n in ns %}{% blocktranslate count counter=n %}An apple{% plural %}Apples{% endblocktranslate %}
{% endfor %}"#,
        context: r#"{"ns": [1.5, 2.0, 0.5, 1.0, 3.0, 22.0, 4.7, 0.0]}"#,
        django: r#"Des pommes
Des pommes
Une pomme
Une pomme
Des pommes
Des pommes
Des pommes
Une pomme
"#,
    },
    Case {
        name: "blocktranslate-count-float",
        language: "pl",
        template: r#"{% load i18n %}{% for n in ns %}{% blocktranslate count counter=n %}An apple{% plural %}Apples{% endblocktranslate %}
{% endfor %}"#,
        context: r#"{"ns": [1.5, 2.0, 0.5, 1.0, 3.0, 22.0, 4.7, 0.0]}"#,
        django: r#"Jabłek
Jabłka
Jabłek
Jabłko
Jabłka
Jabłka
Jabłek
Jabłek
"#,
    },
    Case {
        name: "blocktranslate-count-float",
        language: "en",
        template: r#"{% load i18n %}{% for n in ns %}{% blocktranslate count counter=n %}An apple{% plural %}Apples{% endblocktranslate %}
{% endfor %}"#,
        context: r#"{"ns": [1.5, 2.0, 0.5, 1.0, 3.0, 22.0, 4.7, 0.0]}"#,
        django: r#"Apples
Apples
Apples
An apple
Apples
Apples
Apples
Apples
"#,
    },
    Case {
        name: "bidi",
        language: "he",
        template: r#"{% load i18n %}{% get_current_language_bidi as B %}{{ B }}{% language 'fr' %}{% get_current_language_bidi as B %}{{ B }}{% endlanguage %}"#,
        context: r#"{}"#,
        django: r#"TrueFalse"#,
    },
    Case {
        name: "bidi",
        language: "ar-dz",
        template: r#"{% load i18n %}{% get_current_language_bidi as B %}{{ B }}{% language 'fr' %}{% get_current_language_bidi as B %}{{ B }}{% endlanguage %}"#,
        context: r#"{}"#,
        django: r#"TrueFalse"#,
    },
    Case {
        name: "bidi",
        language: "fa-ir",
        template: r#"{% load i18n %}{% get_current_language_bidi as B %}{{ B }}{% language 'fr' %}{% get_current_language_bidi as B %}{{ B }}{% endlanguage %}"#,
        context: r#"{}"#,
        django: r#"TrueFalse"#,
    },
    Case {
        name: "bidi",
        language: "fr",
        template: r#"{% load i18n %}{% get_current_language_bidi as B %}{{ B }}{% language 'fr' %}{% get_current_language_bidi as B %}{{ B }}{% endlanguage %}"#,
        context: r#"{}"#,
        django: r#"FalseFalse"#,
    },
    Case {
        name: "bidi",
        language: "en",
        template: r#"{% load i18n %}{% get_current_language_bidi as B %}{{ B }}{% language 'fr' %}{% get_current_language_bidi as B %}{{ B }}{% endlanguage %}"#,
        context: r#"{}"#,
        django: r#"FalseFalse"#,
    },
    Case {
        name: "blocktranslate-context-before-with",
        language: "fr",
        template: r#"{% load i18n %}{% blocktranslate with c="mechanism" context c %}Spring{% endblocktranslate %}|{% blocktranslate with c="mechanism" context c %}Spring {{ c }}{% endblocktranslate %}"#,
        context: r#"{"c": "season"}"#,
        django: r#"Printemps|Spring mechanism"#,
    },
    Case {
        name: "django-words-overridden",
        language: "fr",
        template: r#"{% load i18n %}{{ True|yesno }}|{{ None|yesno }}|{{ 2048|filesizeformat }}|{{ 1|filesizeformat }}|{{ 5|filesizeformat }}|{{ 123456789|filesizeformat }}|{{ 1234.5|floatformat:2 }}"#,
        context: r#"{}"#,
        django: "ouais|bof|2,0\u{a0}kilo-octets|1\u{a0}octet\u{a0}à\u{a0}nous|5\u{a0}octets\u{a0}à\u{a0}nous|117,7\u{a0}Mio|1234,50",
    },
    Case {
        name: "django-words-overridden",
        language: "fr-ca",
        template: r#"{% load i18n %}{{ True|yesno }}|{{ None|yesno }}|{{ 2048|filesizeformat }}|{{ 1|filesizeformat }}|{{ 5|filesizeformat }}|{{ 123456789|filesizeformat }}|{{ 1234.5|floatformat:2 }}"#,
        context: r#"{}"#,
        django: "ouais|bof|2,0\u{a0}kilo-octets|1\u{a0}octet\u{a0}à\u{a0}nous|5\u{a0}octets\u{a0}à\u{a0}nous|117,7\u{a0}Mio|1234,50",
    },
    Case {
        name: "django-words-overridden",
        language: "de",
        template: r#"{% load i18n %}{{ True|yesno }}|{{ None|yesno }}|{{ 2048|filesizeformat }}|{{ 1|filesizeformat }}|{{ 5|filesizeformat }}|{{ 123456789|filesizeformat }}|{{ 1234.5|floatformat:2 }}"#,
        context: r#"{}"#,
        django: "Ja|Vielleicht|2,0\u{a0}KB|1\u{a0}Byte|5\u{a0}Bytes|117,7\u{a0}MB|1234,50",
    },
    Case {
        name: "django-words-overridden",
        language: "pl",
        template: r#"{% load i18n %}{{ True|yesno }}|{{ None|yesno }}|{{ 2048|filesizeformat }}|{{ 1|filesizeformat }}|{{ 5|filesizeformat }}|{{ 123456789|filesizeformat }}|{{ 1234.5|floatformat:2 }}"#,
        context: r#"{}"#,
        django: "tak|może|2,0\u{a0}KB|1\u{a0}bajt|5\u{a0}bajtów|117,7\u{a0}MB|1234,50",
    },
    Case {
        name: "django-words-overridden",
        language: "en",
        template: r#"{% load i18n %}{{ True|yesno }}|{{ None|yesno }}|{{ 2048|filesizeformat }}|{{ 1|filesizeformat }}|{{ 5|filesizeformat }}|{{ 123456789|filesizeformat }}|{{ 1234.5|floatformat:2 }}"#,
        context: r#"{}"#,
        django: "yes|maybe|2.0\u{a0}KB|1\u{a0}byte|5\u{a0}bytes|117.7\u{a0}MB|1234.50",
    },
];

fn check_all(engine: &djula::Engine) -> Vec<String> {
    let mut failures = Vec::new();
    for case in CASES {
        let ctx: serde_json::Value = serde_json::from_str(case.context).unwrap();
        let got = engine
            .compile_str(case.name, case.template)
            .and_then(|t| t.render_in(&ctx, case.language));
        match got {
            Ok(out) if out == case.django => {}
            Ok(out) => failures.push(format!(
                "{} [{}]: got {out:?}, Django gave {:?}",
                case.name, case.language, case.django
            )),
            Err(e) => failures.push(format!("{} [{}]: error {e}", case.name, case.language)),
        }
    }
    failures
}

#[test]
fn renders_as_django_with_mo_catalogs() {
    let mut engine = djula::Engine::new();
    assert_eq!(
        engine.add_locale_directory(locale_dir(), "django").unwrap(),
        2
    );
    let failures = check_all(&engine);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A scratch directory removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("djula-translations-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn write(&self, relative: &str, bytes: &[u8]) -> PathBuf {
        let path = self.0.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn renders_as_django_with_po_catalogs() {
    let scratch = Scratch::new("po");
    for language in ["fr", "pl"] {
        let po = std::fs::read(locale_dir().join(language).join("LC_MESSAGES/django.po")).unwrap();
        scratch.write(&format!("{language}/LC_MESSAGES/django.po"), &po);
    }
    let mut engine = djula::Engine::new();
    assert_eq!(
        engine.add_locale_directory(&scratch.0, "django").unwrap(),
        2
    );
    let failures = check_all(&engine);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn without_catalogs_translation_is_the_identity() {
    let engine = djula::Engine::new();
    let t = engine
        .compile_str(
            "t",
            "{% load i18n %}{% translate 'Welcome to our shop' %}|{% get_current_language as L %}{{ L }}",
        )
        .unwrap();
    assert_eq!(t.render_in(&(), "fr").unwrap(), "Welcome to our shop|fr");
    assert_eq!(t.render(&()).unwrap(), "Welcome to our shop|en");
}

fn french_engine(settings: djula::Settings) -> djula::Engine {
    let mut engine = djula::Engine::with_settings(settings);
    engine.add_locale_directory(locale_dir(), "django").unwrap();
    engine
}

#[test]
fn current_language_setting_is_the_default() {
    let engine = french_engine(djula::Settings {
        current_language: "pl".into(),
        ..Default::default()
    });
    let t = engine
        .compile_str("t", "{% load i18n %}{% translate 'Welcome to our shop' %}")
        .unwrap();
    assert_eq!(t.render(&()).unwrap(), "Witamy w naszym sklepie");
    assert_eq!(
        t.render_in(&(), "fr").unwrap(),
        "Bienvenue dans notre boutique"
    );
    assert_eq!(
        t.render_in(&(), "fr_CA").unwrap(),
        "Bienvenue dans notre boutique"
    );
}

#[test]
fn djula_translation_syntax() {
    let engine = french_engine(djula::Settings::default());
    let ctx = serde_json::json!({"user": {"name": "Zoé <3"}, "greeting": "greeting"});
    let t = engine
        .compile_str(
            "t",
            "{_ \"salute-person\" :name user.name _}|{_ greeting _}|{_ \"Not in catalog\" _}",
        )
        .unwrap();
    assert_eq!(
        t.render_in(&ctx, "fr").unwrap(),
        "Salut, Zoé &lt;3 !|Bonjour|Not in catalog"
    );
    assert_eq!(
        t.render_in(&ctx, "pl").unwrap(),
        "Cześć, Zoé &lt;3!|greeting|Not in catalog"
    );
    assert_eq!(
        t.render(&ctx).unwrap(),
        "salute-person|greeting|Not in catalog"
    );
}

#[test]
fn djula_trans_filter_is_always_available() {
    let engine = french_engine(djula::Settings::default());
    let ctx = serde_json::json!({"title": "Shop title", "other": "Elsewhere"});
    let t = engine
        .compile_str("t", "{{ title|trans }}|{{ 'Shop title'|trans }}|{{ other|trans|upper }}|{{ title|trans|length }}")
        .unwrap();
    assert_eq!(
        t.render_in(&ctx, "fr").unwrap(),
        "Titre &lt;de&gt; la boutique|Titre <de> la boutique|ELSEWHERE|22"
    );
    assert_eq!(
        t.render(&ctx).unwrap(),
        "Shop title|Shop title|ELSEWHERE|10"
    );
}

#[test]
fn set_language_switches_the_rest_of_the_render() {
    let engine = french_engine(djula::Settings::default());
    let t = engine
        .compile_str(
            "t",
            "{_ \"greeting\" _}{% set-language fr %}|{_ \"greeting\" _}|{% show-language %}|{% load i18n %}{% translate 'Welcome to our shop' %}",
        )
        .unwrap();
    assert_eq!(
        t.render(&()).unwrap(),
        "greeting|Bonjour|FR|Bienvenue dans notre boutique"
    );
}

#[test]
fn language_block_restores_the_outer_language() {
    let engine = french_engine(djula::Settings::default());
    let t = engine
        .compile_str(
            "t",
            "{% load i18n %}{% language 'pl' %}{% language 'fr' %}{% get_current_language as L %}{{ L }}{% endlanguage %}{% get_current_language as L %}{{ L }}{% endlanguage %}{% get_current_language as L %}{{ L }}",
        )
        .unwrap();
    assert_eq!(t.render_in(&(), "de").unwrap(), "frplde");
}

#[test]
fn the_domain_is_configurable() {
    let scratch = Scratch::new("domain");
    scratch.write(
        "fr/LC_MESSAGES/djula.po",
        b"msgid \"greeting\"\nmsgstr \"Salut\"\n",
    );
    let mut engine = djula::Engine::new();
    assert_eq!(
        engine.add_locale_directory(&scratch.0, "django").unwrap(),
        0
    );
    assert_eq!(engine.add_locale_directory(&scratch.0, "djula").unwrap(), 1);
    let t = engine.compile_str("t", "{_ \"greeting\" _}").unwrap();
    assert_eq!(t.render_in(&(), "fr").unwrap(), "Salut");
}

#[test]
fn first_directory_wins() {
    let first = Scratch::new("first");
    let second = Scratch::new("second");
    first.write("fr/LC_MESSAGES/django.po", b"msgid \"a\"\nmsgstr \"A1\"\n");
    second.write(
        "fr/LC_MESSAGES/django.po",
        b"msgid \"a\"\nmsgstr \"A2\"\n\nmsgid \"b\"\nmsgstr \"B2\"\n",
    );
    let mut engine = djula::Engine::new();
    engine.add_locale_directory(&first.0, "django").unwrap();
    engine.add_locale_directory(&second.0, "django").unwrap();
    let t = engine.compile_str("t", "{_ \"a\" _}{_ \"b\" _}").unwrap();
    assert_eq!(t.render_in(&(), "fr").unwrap(), "A1B2");
}

fn load_error(file: &str, bytes: &[u8]) -> String {
    let scratch = Scratch::new("bad");
    scratch.write(file, bytes);
    let mut engine = djula::Engine::new();
    engine
        .add_locale_directory(&scratch.0, "django")
        .unwrap_err()
        .to_string()
}

#[test]
fn malformed_catalogs_name_file_and_line() {
    let e = load_error(
        "fr/LC_MESSAGES/django.po",
        b"msgid \"a\"\nmsgstr \"b\"\n\nmsgid \"c\nmsgstr \"d\"\n",
    );
    assert!(e.contains("fr/LC_MESSAGES/django.po:4"), "{e}");
    assert!(e.contains("quoted string"), "{e}");

    let e = load_error(
        "fr/LC_MESSAGES/django.po",
        b"msgid \"a\"\nmsgstring \"b\"\n",
    );
    assert!(
        e.contains("django.po:2") && e.contains("unknown keyword 'msgstring'"),
        "{e}"
    );

    let e = load_error(
        "fr/LC_MESSAGES/django.po",
        b"msgid \"a\"\nmsgid \"b\"\nmsgstr \"c\"\n",
    );
    assert!(
        e.contains("django.po:1") && e.contains("msgid without msgstr"),
        "{e}"
    );

    let e = load_error(
        "fr/LC_MESSAGES/django.po",
        b"msgid \"a\\q\"\nmsgstr \"b\"\n",
    );
    assert!(
        e.contains("django.po:1") && e.contains("unknown escape"),
        "{e}"
    );

    let e = load_error(
        "fr/LC_MESSAGES/django.po",
        b"msgid \"\"\nmsgstr \"\"\n\"Plural-Forms: nplurals=2; plural=(n > ;\\n\"\n",
    );
    assert!(
        e.contains("django.po:3") && e.contains("Plural-Forms"),
        "{e}"
    );

    let e = load_error(
        "fr/LC_MESSAGES/django.mo",
        b"\xde\x12\x04\x95\0\0\0\0\x05\0\0\0",
    );
    assert!(e.contains("django.mo") && e.contains("truncated"), "{e}");

    let e = load_error(
        "fr/LC_MESSAGES/django.po",
        b"msgid \"a\"\nmsgstr \"b\"\n\nmsgid \"a\"\nmsgstr \"c\"\n",
    );
    assert!(
        e.contains("django.po:4") && e.contains("duplicate message definition: msgid \"a\""),
        "{e}"
    );

    let e = load_error("fr/LC_MESSAGES/django.mo", b"not a catalog at all");
    assert!(
        e.contains("django.mo") && e.contains("bad magic number"),
        "{e}"
    );
}

#[test]
fn a_missing_locale_directory_is_an_error() {
    let mut engine = djula::Engine::new();
    let e = engine
        .add_locale_directory("/nonexistent/djula/locale", "django")
        .unwrap_err();
    assert_eq!(e.kind(), djula::ErrorKind::Io);
}

#[test]
fn damaged_catalogs_are_errors_never_panics() {
    let mo = std::fs::read(locale_dir().join("pl/LC_MESSAGES/django.mo")).unwrap();
    let po = std::fs::read(locale_dir().join("pl/LC_MESSAGES/django.po")).unwrap();
    let scratch = Scratch::new("damaged");
    let mut cases: Vec<(&str, Vec<u8>)> = Vec::new();
    for cut in (0..mo.len()).step_by(7) {
        cases.push(("django.mo", mo.get(..cut).unwrap().to_vec()));
    }
    for at in (0..mo.len()).step_by(13) {
        let mut bytes = mo.clone();
        bytes[at] ^= 0xff;
        cases.push(("django.mo", bytes));
    }
    for cut in (0..po.len()).step_by(11) {
        cases.push(("django.po", po.get(..cut).unwrap().to_vec()));
    }
    for (file, bytes) in cases {
        let dir = scratch.0.join("pl/LC_MESSAGES");
        let _ = std::fs::remove_dir_all(&dir);
        scratch.write(&format!("pl/LC_MESSAGES/{file}"), &bytes);
        let mut engine = djula::Engine::new();
        if engine.add_locale_directory(&scratch.0, "django").is_ok() {
            let t = engine
                .compile_str(
                    "t",
                    "{% load i18n %}{% blocktranslate count counter=n %}There is {{ counter }} apple.{% plural %}There are {{ counter }} apples.{% endblocktranslate %}",
                )
                .unwrap();
            t.render_in(&serde_json::json!({"n": 3}), "pl").unwrap();
        }
    }
}
