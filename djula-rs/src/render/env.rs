//! What a render needs from above: the settings, hooks the application
//! registered, and other templates. The engine provides all of it; the
//! renderer sees other templates only through [`TemplateSource`], so this
//! layer never reaches up into the engine.

use std::sync::Arc;

use crate::compile::CompiledTemplate;
use crate::error::Error;
use crate::i18n::Translations;
use crate::settings::Settings;
use crate::value::Value;

/// A URL resolver for `{% url %}`: name, positional and keyword arguments.
pub type UrlResolver =
    Arc<dyn Fn(&str, &[Value], &[(String, Value)]) -> Option<String> + Send + Sync>;

/// Other templates, for `{% include %}`, `{% extends %}` and Djula's
/// `{% ssi … parse %}`. The engine implements it with its loaders and cache.
pub(crate) trait TemplateSource: Sync {
    /// The compiled template `name`, as `current` names it: relative names
    /// resolved against `current`, `name#partial` selecting a partial, and
    /// (Djula's rule) a plain name not in the search path tried in
    /// `current`'s directory.
    fn load(&self, name: &str, current: Option<&str>) -> Result<Arc<CompiledTemplate>, Error>;

    /// The template `name` from the first loader not in `skip`: an
    /// `{% extends %}` of a name its chain already holds, which Django
    /// reads as the next copy of that name in the search path.
    fn load_skipping(&self, name: &str, skip: &[u32]) -> Result<Arc<CompiledTemplate>, Error>;

    /// Compiles a source that is not one of the engine's templates.
    fn compile(&self, name: &str, source: String) -> Result<Arc<CompiledTemplate>, Error>;
}

/// Everything a render reads but does not own.
#[derive(Clone, Copy)]
pub(crate) struct RenderEnv<'e> {
    pub settings: &'e Settings,
    pub templates: &'e dyn TemplateSource,
    pub url_resolver: Option<&'e UrlResolver>,
    pub translations: &'e Translations,
}
