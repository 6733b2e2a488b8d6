//! Translation at render time: the render's language, `{% translate %}`,
//! `{% blocktranslate %}` with Django's message ids, `_("…")`, the `trans`
//! filter, Djula's `{_ … _}`, `{% language %}` and `get_current_language`.

use super::{invalid_text, InvalidName};
use super::{Context, Renderer};
use crate::compile::{BlockTranslateNode, DjulaTranslateNode, MessagePiece, Node, TranslateNode};
use crate::error::Error;
use crate::i18n::trim_whitespace;
use crate::value::display::{text_of, write_value};
use crate::value::Value;

/// The application's catalogs, for the words Django's filters write:
/// they win over Django's own, as Django's `LOCALE_PATHS` catalogs do.
impl filters::l10n::Messages for Renderer<'_> {
    fn gettext(&self, context: Option<&str>, id: &str) -> Option<&str> {
        self.env
            .translations
            .gettext(self.current_language(), context, id)
    }

    fn ngettext(&self, context: Option<&str>, singular: &str, n: f64) -> Option<&str> {
        self.env
            .translations
            .ngettext(self.current_language(), context, singular, n)
    }
}

/// The language code of a render whose translation `{% language None %}`
/// deactivated: no catalog or locale has it (translation is the identity,
/// formats are English), and `get_current_language` reads it as `None`.
/// A NUL is no language code a template would name.
pub(crate) const NO_LANGUAGE: &str = "\0";

impl Renderer<'_> {
    /// The language of this render: `{% language %}`, `{% set-language %}`
    /// or the render call, else the `current_language` setting.
    pub(crate) fn current_language(&self) -> &str {
        self.language
            .as_deref()
            .unwrap_or(&self.env.settings.current_language)
    }

    /// Django's `get_language_bidi`: the base language is in
    /// `settings.LANGUAGES_BIDI`.
    pub(crate) fn current_language_bidi(&self) -> bool {
        let language = self.current_language().to_ascii_lowercase();
        let base = language.split('-').next().unwrap_or("");
        ["he", "ar", "ar-dz", "ckb", "fa", "ug", "ur"].contains(&base)
    }

    /// Whether a catalog (the application's or Django's own) serves the
    /// render's language (else translation is the identity, and the
    /// untranslated paths run).
    fn translating(&self) -> bool {
        self.env.translations.serves(self.current_language())
    }

    /// `gettext`/`pgettext` in the render's language; `None` when untranslated.
    fn lookup_message(&self, context: Option<&str>, msgid: &str) -> Option<String> {
        let msgid = msgid.replace("\r\n", "\n").replace('\r', "\n");
        self.env
            .translations
            .gettext(self.current_language(), context, &msgid)
            .map(str::to_string)
    }

    /// `_("…")`: Django's `gettext` of the `%`-doubled literal, safe.
    pub(crate) fn translated_literal(&self, msgid: &str) -> Value {
        if !self.translating() {
            return Value::safe(msgid);
        }
        match self.lookup_message(None, msgid) {
            Some(t) => Value::safe(t),
            None => Value::safe(msgid),
        }
    }

    /// The `trans` filter (Djula's): the value's text translated, keeping
    /// its safety.
    pub(crate) fn trans_filter(&self, value: Value) -> Value {
        let language = self.current_language();
        if !self.env.translations.has_language(language) {
            return value;
        }
        let text = text_of(&value).replace("\r\n", "\n").replace('\r', "\n");
        match self.env.translations.own_gettext(language, None, &text) {
            Some(t) if value.is_safe() => Value::safe(t),
            Some(t) => Value::str(t),
            None => value,
        }
    }

    pub(crate) fn message_context(
        &mut self,
        expr: Option<&crate::compile::Expr>,
        ctx: &Context,
    ) -> Result<Option<String>, Error> {
        match expr {
            Some(e) => Ok(Some(text_of(&self.eval(e, ctx, false)?))),
            None => Ok(None),
        }
    }

    /// The translation of `text` as `{% translate %}` looks it up (its `%`
    /// doubled, as Django's `Variable` does, and undoubled after), or
    /// `None`.
    fn translate_text(&self, context: Option<&str>, text: &str) -> Option<String> {
        let translated = self.lookup_message(context, &text.replace('%', "%%"))?;
        Some(translated.replace("%%", "%"))
    }

    /// `{% translate "literal" %}` (see [`Node::TranslateText`]): what the
    /// general tag renders for a literal message without options.
    ///
    /// [`Node::TranslateText`]: crate::compile::Node::TranslateText
    pub(crate) fn translate_literal_tag(&self, message: &str, out: &mut String) {
        let translated = if self.translating() {
            self.translate_text(None, message)
        } else {
            None
        };
        // A literal is safe: written as it is, as its translation.
        out.push_str(translated.as_deref().unwrap_or(message));
    }

    /// `{% translate %}` with catalogs loaded: translate the head's value
    /// (its `%` doubled, as Django's `Variable` does), then apply the filters.
    /// `Ok(None)` when nothing was translated (the caller renders as before).
    pub(crate) fn translate_tag(
        &mut self,
        node: &TranslateNode,
        ctx: &Context,
    ) -> Result<Option<Value>, Error> {
        if node.noop() || !self.translating() {
            return Ok(None);
        }
        let head = crate::compile::Expr {
            head: node.message.head.clone(),
            filters: crate::compile::expr::Filters::default(),
        };
        let value = self.eval(&head, ctx, false)?;
        let context = self.message_context(node.context(), ctx)?;
        let Some(translated) = self.translate_text(context.as_deref(), &text_of(&value)) else {
            return Ok(None);
        };
        let head = if value.is_safe() {
            Value::safe(translated)
        } else {
            Value::str(translated)
        };
        let expr = crate::compile::Expr {
            head: crate::compile::Head::Literal(head),
            filters: node.message.filters.clone(),
        };
        self.eval(&expr, ctx, false).map(Some)
    }

    /// `{% blocktranslate %}` with catalogs loaded, as Django renders it:
    /// the msgid with `%(name)s` placeholders looked up (`ngettext` with the
    /// catalog's plural rule under `count`), then `%`-formatted. `Ok(None)`
    /// when no catalog has the message or the translation does not format
    /// (the caller then renders the source, as Django's fallback does).
    /// The caller has pushed the `with` bindings and set the counter, and
    /// evaluated the message context before them (`context`).
    pub(crate) fn block_translate_catalog(
        &mut self,
        node: &BlockTranslateNode,
        ctx: &Context,
        count: Option<&Value>,
        context: Option<&str>,
    ) -> Result<Option<String>, Error> {
        if !self.translating() {
            return Ok(None);
        }
        let context = context.map(str::to_owned);
        let (singular, mut vars) = message_id(&node.singular, node.trimmed, self.source());
        let language = self.current_language().to_string();
        let translations = self.env.translations;
        let result = match count {
            Some(count) => {
                let (plural, plural_vars) = message_id(&node.plural, node.trimmed, self.source());
                vars.extend(plural_vars);
                let n = plural_number(count);
                let _ = plural;
                match translations.ngettext(&language, context.as_deref(), &singular, n) {
                    Some(t) => t.to_string(),
                    None => return Ok(None),
                }
            }
            None => match translations.gettext(&language, context.as_deref(), &singular) {
                Some(t) => t.to_string(),
                None => return Ok(None),
            },
        };
        let mut data = Vec::with_capacity(vars.len());
        for var in vars {
            let value = match ctx.get(&var).cloned() {
                Some(v) => v,
                None => Value::str(
                    invalid_text(self.env.settings, InvalidName::Key(&var))?.unwrap_or_default(),
                ),
            };
            let mut text = String::new();
            self.print_value(&mut text, &value, ctx.autoescape);
            data.push((var, text));
        }
        Ok(python_format(&result, &data))
    }

    /// Djula's `{_ "message" :name value _}`: the message translated, then
    /// its `:name` placeholders filled.
    pub(crate) fn djula_translate(
        &mut self,
        node: &DjulaTranslateNode,
        ctx: &Context,
    ) -> Result<String, Error> {
        let message = self.eval(&node.message, ctx, false)?;
        let message = self.trans_filter(message);
        let mut args = Vec::with_capacity(node.args.len());
        for (key, expr) in &node.args {
            let value = self.eval(expr, ctx, false)?;
            let mut text = String::new();
            write_value(&mut text, &value, ctx.autoescape);
            args.push((key.clone(), text));
        }
        let mut text = String::new();
        write_value(&mut text, &message, ctx.autoescape);
        // Each argument is one pass over the text: charged, so that many
        // arguments over a long message run out of fuel, not for minutes.
        let passes = args.len() as u64 * (text.len() as u64 / 16 + 1);
        self.burn(passes)?;
        Ok(fill_placeholders(&text, &mut args))
    }

    /// `{% language code %}`: renders the body in that language.
    pub(crate) fn language_block(
        &mut self,
        language: &crate::compile::Expr,
        body: &[Node],
        ctx: &mut Context,
        out: &mut String,
    ) -> Result<(), Error> {
        // Django's `translation.override(value)`: `None` deactivates
        // translation (the language reads `None`), a false value keeps the
        // current one, a string is the language; anything else fails where
        // Django reads it as a language code.
        let value = self.eval(language, ctx, false)?;
        let code = match &value {
            Value::None => NO_LANGUAGE.to_string(),
            Value::Str(_) | Value::Safe(_) if value.is_true() => text_of(&value),
            _ if !value.is_true() => self.current_language().to_string(),
            Value::List(_) | Value::Map(_) => {
                return Err(Error::render(format!(
                    "unhashable type: '{}'",
                    crate::value::methods::python_type(&value)
                )))
            }
            _ => {
                return Err(Error::render(format!(
                    "'{}' object has no attribute 'find'",
                    crate::value::methods::python_type(&value)
                )))
            }
        };
        let previous = self.set_language(Some(code));
        let result = self.render_nodes(body, ctx, out);
        self.set_language(previous);
        result
    }
}

/// Replaces Djula's `:name` placeholders with their rendered values,
/// longest names first so `:name` does not eat `:names`.
fn fill_placeholders(message: &str, args: &mut [(Box<str>, String)]) -> String {
    args.sort_by_key(|(key, _)| std::cmp::Reverse(key.len()));
    let mut text = message.to_string();
    for (key, value) in args.iter() {
        text = text.replace(&format!(":{key}"), value);
    }
    text
}

/// The count for a plural rule: Django passes the number itself (a float
/// stays a float in Python's rule).
fn plural_number(count: &Value) -> f64 {
    match count {
        Value::Int(i) => *i as f64,
        Value::BigInt(i) => **i as f64,
        Value::Float(f) => *f,
        Value::Bool(b) => f64::from(u8::from(*b)),
        _ => 0.0,
    }
}

/// Django's `BlockTranslateNode.render_token_list`: text with `%` doubled,
/// each `{{ name }}` as `%(name)s`; `trimmed` applies `trim_whitespace`.
/// Returns the message id and the names used.
/// `source` is the source of the template the pieces are from.
pub(crate) fn message_id(
    pieces: &[MessagePiece],
    trimmed: bool,
    source: &str,
) -> (String, Vec<String>) {
    let mut msgid = String::new();
    let mut vars = Vec::new();
    for piece in pieces {
        match piece {
            MessagePiece::Text(t) => msgid.push_str(&t.read(source).replace('%', "%%")),
            MessagePiece::OwnText(t) => msgid.push_str(&t.replace('%', "%%")),
            MessagePiece::Var(path) => {
                msgid.push_str("%(");
                msgid.push_str(&path.text());
                msgid.push_str(")s");
                vars.push(path.text().into_owned());
            }
        }
    }
    if trimmed {
        msgid = trim_whitespace(&msgid);
    }
    (msgid, vars)
}

/// Python's `msg % data` for `%(name)s` and `%%`; `None` for anything
/// else (Django then renders the untranslated message).
pub(crate) fn python_format(message: &str, data: &[(String, String)]) -> Option<String> {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    // Many placeholders are found by hash, not one search each.
    let index: Option<std::collections::HashMap<&str, &str>> =
        (data.len() > 16).then(|| data.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect());
    let value_of = |name: &str| match &index {
        Some(index) => index.get(name).copied(),
        None => data
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str()),
    };
    while let Some(at) = rest.find('%') {
        out.push_str(rest.get(..at)?);
        let after = rest.get(at + 1..)?;
        if let Some(tail) = after.strip_prefix('%') {
            out.push('%');
            rest = tail;
            continue;
        }
        let inner = after.strip_prefix('(')?;
        let close = inner.find(')')?;
        let name = inner.get(..close)?;
        let tail = inner.get(close + 1..)?.strip_prefix('s')?;
        out.push_str(value_of(name)?);
        rest = tail;
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_trims_like_python() {
        let data = vec![("n".to_string(), "3".to_string())];
        assert_eq!(python_format("%(n)s%% x", &data).as_deref(), Some("3% x"));
        assert_eq!(python_format("%(m)s", &data), None);
        assert_eq!(python_format("%d", &data), None);
    }
}
