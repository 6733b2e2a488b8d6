//! The `djula` command line as a user runs it: the built binary, real
//! files in a scratch directory, stdout, stderr and the exit status.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The `djula` binary this package builds.
fn djula() -> Command {
    Command::new(env!("CARGO_BIN_EXE_djula"))
}

/// The French and Polish catalogs djula's translation tests use.
fn locale_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../template-fixtures/locale")
}

/// A directory of its own under the system's temporary directory, removed
/// when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("djula-cli-{tag}-{}", std::process::id()));
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
fn makemessages_writes_a_pot_that_msgfmt_and_django_agree_with() {
    let scratch = Scratch::new("makemessages");
    scratch.write(
        "page.html",
        "{% load i18n %}\n{# Translators: shown on the home page #}\n<h1>{% translate \"Welcome to our shop\" %}</h1>\n{% trans \"Spring\" context \"season\" %} {% trans \"50% off\" noop %}\n{{ missing|default:_(\"Nothing here\") }}\n{% blocktranslate count counter=n context \"fruit basket\" %}{{ counter }} pear{% plural %}{{ counter }} pears{% endblocktranslate %}\n{% blocktranslate trimmed with name=user %}\n  Hello {{ name }},\n  \"you\" have 100% {{ total }} points\n{% endblocktranslate %}\n"
            .as_bytes(),
    );
    scratch.write(
        "sub/djula.html",
        b"{% load i18n %}{_ \"salute-person\" :name user.name _}\n{{ \"Shop title\"|trans }} {% translate \"Welcome to our shop\" %}\n",
    );
    let out_dir = Scratch::new("makemessages-out");
    let pot = out_dir.0.join("out.pot");
    let status = djula()
        .arg("makemessages")
        .arg(&scratch.0)
        .arg("--output")
        .arg(&pot)
        .status()
        .unwrap();
    assert!(status.success());
    let text = std::fs::read_to_string(&pot).unwrap();
    // The message ids are the ones Django's templatize() gives for page.html
    // (gettext('Welcome to our shop'), pgettext('season', 'Spring'),
    // gettext('50%% off'), _("Nothing here"), npgettext('fruit basket',
    // '%(counter)s pear', '%(counter)s pears', count), gettext('Hello
    // %(name)s, "you" have 100%% %(total)s points')).
    let expected = [
        "#. Translators: shown on the home page\n#: page.html:3 sub/djula.html:2\nmsgid \"Welcome to our shop\"\nmsgstr \"\"\n",
        "#: page.html:4\nmsgctxt \"season\"\nmsgid \"Spring\"\nmsgstr \"\"\n",
        "#: page.html:4\n#, python-format\nmsgid \"50%% off\"\nmsgstr \"\"\n",
        "#: page.html:5\nmsgid \"Nothing here\"\nmsgstr \"\"\n",
        "#: page.html:6\n#, python-format\nmsgctxt \"fruit basket\"\nmsgid \"%(counter)s pear\"\nmsgid_plural \"%(counter)s pears\"\nmsgstr[0] \"\"\nmsgstr[1] \"\"\n",
        "#: page.html:7\n#, python-format\nmsgid \"Hello %(name)s, \\\"you\\\" have 100%% %(total)s points\"\nmsgstr \"\"\n",
        "#: sub/djula.html:1\nmsgid \"salute-person\"\nmsgstr \"\"\n",
        "#: sub/djula.html:2\nmsgid \"Shop title\"\nmsgstr \"\"\n",
    ];
    for entry in expected {
        assert!(text.contains(entry), "missing\n{entry}\nin\n{text}");
    }
    assert_eq!(text.matches("msgid \"").count(), expected.len() + 1);

    // Filled in as a French catalog, it translates those templates.
    let fr = text
        .replace("nplurals=INTEGER; plural=EXPRESSION;", "nplurals=2; plural=(n > 1);")
        .replace(
            "msgid \"Welcome to our shop\"\nmsgstr \"\"",
            "msgid \"Welcome to our shop\"\nmsgstr \"Bienvenue\"",
        )
        .replace(
            "msgid_plural \"%(counter)s pears\"\nmsgstr[0] \"\"\nmsgstr[1] \"\"",
            "msgid_plural \"%(counter)s pears\"\nmsgstr[0] \"%(counter)s poire\"\nmsgstr[1] \"%(counter)s poires\"",
        );
    let locale = Scratch::new("makemessages-locale");
    locale.write("fr/LC_MESSAGES/django.po", fr.as_bytes());
    let mut engine = djula::Engine::new();
    engine.add_locale_directory(&locale.0, "django").unwrap();
    engine.add_template_directory(&scratch.0).unwrap();
    let out = engine
        .template("page.html")
        .unwrap()
        .render_in(&serde_json::json!({"n": 3}), "fr")
        .unwrap();
    assert!(
        out.contains("<h1>Bienvenue</h1>") && out.contains("3 poires"),
        "{out}"
    );
}

#[test]
fn render_command_takes_a_locale_and_a_language() {
    let scratch = Scratch::new("cli");
    scratch.write(
        "t.html",
        b"{% load i18n %}{% translate \"Welcome to our shop\" %}",
    );
    let out = djula()
        .args(["render", "t.html", "--dir"])
        .arg(&scratch.0)
        .arg("--locale")
        .arg(locale_dir())
        .args(["--language", "pl"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "Witamy w naszym sklepie"
    );
}
