//! Compact URIs (`HP:0001250`) and the IRIs they abbreviate.

/// The OBO Foundry PURL base: `http://purl.obolibrary.org/obo/HP_0001250` is `HP:0001250`.
pub const OBO_PURL: &str = "http://purl.obolibrary.org/obo/";

/// Splits `PREFIX:LOCAL`; `None` unless the prefix is a name (letters, digits, `_`, `-`,
/// `.`, starting with a letter or `_`) and the local part is non-empty without spaces.
///
/// ```
/// use genofed_ontologies::curie;
/// assert_eq!(curie::split("MONDO:0005148"), Some(("MONDO", "0005148")));
/// assert_eq!(curie::split("http://example.org/x"), None);
/// ```
pub fn split(curie: &str) -> Option<(&str, &str)> {
    let (prefix, local) = curie.split_once(':')?;
    let mut chars = prefix.chars();
    let first = chars.next()?;
    let prefix_ok = (first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    let local_ok =
        !local.is_empty() && !local.starts_with("//") && !local.contains(char::is_whitespace);
    (prefix_ok && local_ok).then_some((prefix, local))
}

/// The CURIE of an IRI: OBO PURLs (`…/obo/HP_0001250`) and IRIs under one of `prefixes`
/// (name, IRI base). `None` if neither applies.
pub fn from_iri<'a>(
    iri: &str,
    prefixes: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Option<String> {
    if let Some(rest) = iri.strip_prefix(OBO_PURL) {
        let (prefix, local) = rest.split_once('_')?;
        let curie = format!("{prefix}:{local}");
        return split(&curie).is_some().then_some(curie);
    }
    prefixes.into_iter().find_map(|(name, base)| {
        let local = iri
            .strip_prefix(base)
            .filter(|l| !l.is_empty() && !base.is_empty())?;
        let curie = format!("{name}:{local}");
        split(&curie).is_some().then_some(curie)
    })
}

/// Finds CURIE-like tokens (`DUO_0000042`, `DUO:0000042`, or an OBO PURL) in free text, as
/// used in `term replaced by` annotations written as prose.
pub fn find_in_text(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '<' | '>'))
        .filter_map(|token| {
            let token = token.trim_end_matches('.');
            if token.starts_with("http") {
                return from_iri(token, []);
            }
            let (prefix, local) = token.split_once([':', '_'])?;
            let looks_like_id = prefix.chars().all(|c| c.is_ascii_alphabetic())
                && !prefix.is_empty()
                && !local.is_empty()
                && local.chars().all(|c| c.is_ascii_digit());
            looks_like_id.then(|| format!("{prefix}:{local}"))
        })
        .collect()
}
