//! Visa `conditions` (GA4GH AAI 1.2): a list of alternatives (OR), each a list of clauses
//! (AND) that another visa of the same passport must satisfy. A clause names a visa
//! `type` and may constrain `value` and `source` (`const:TEXT`, or `pattern:GLOB` where
//! `?` is one character and `*` any run) and `by` (exact). Only visas without conditions
//! of their own can satisfy a clause. Any other form (`split_pattern:`, other fields) is
//! not evaluated: the visa is set aside with that reason.

use super::claims::{Visa, VisaType};

enum Matcher<'a> {
    Const(&'a str),
    Pattern(&'a str),
}

impl Matcher<'_> {
    fn matches(&self, text: &str) -> bool {
        match self {
            Matcher::Const(c) => *c == text,
            Matcher::Pattern(p) => glob(p.as_bytes(), text.as_bytes()),
        }
    }
}

/// `?` matches one character (byte of ASCII; any UTF-8 sequence is compared bytewise),
/// `*` any run; iterative with one backtrack point.
fn glob(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == b'?' || pattern[p] == text[t]) {
            p += 1;
            t += 1;
        } else if p < pattern.len() && pattern[p] == b'*' {
            star = Some((p, t));
            p += 1;
        } else if let Some((sp, st)) = star {
            p = sp + 1;
            t = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|b| *b == b'*')
}

fn matcher<'a>(field: &str, v: &'a serde_json::Value) -> Result<Matcher<'a>, String> {
    let s = v
        .as_str()
        .ok_or_else(|| format!("condition `{field}` is not a string"))?;
    if let Some(c) = s.strip_prefix("const:") {
        Ok(Matcher::Const(c))
    } else if let Some(p) = s.strip_prefix("pattern:") {
        Ok(Matcher::Pattern(p))
    } else {
        let prefix = s.split(':').next().unwrap_or_default();
        Err(format!(
            "condition `{field}` uses the form `{prefix}:`, which genofed does not evaluate"
        ))
    }
}

struct Clause<'a> {
    kind: VisaType,
    value: Option<Matcher<'a>>,
    source: Option<Matcher<'a>>,
    by: Option<&'a str>,
}

impl Clause<'_> {
    fn satisfied_by(&self, v: &Visa) -> bool {
        v.kind == self.kind
            && self.value.as_ref().is_none_or(|m| m.matches(&v.value))
            && self.source.as_ref().is_none_or(|m| m.matches(&v.source))
            && self.by.is_none_or(|b| v.by.as_deref() == Some(b))
    }
}

fn clause(v: &serde_json::Value) -> Result<Clause<'_>, String> {
    let obj = v
        .as_object()
        .ok_or_else(|| "a condition clause is not an object".to_string())?;
    let mut kind = None;
    let mut c = Clause {
        kind: VisaType::Other(String::new()),
        value: None,
        source: None,
        by: None,
    };
    for (k, v) in obj {
        match k.as_str() {
            "type" => kind = v.as_str().map(VisaType::parse),
            "value" => c.value = Some(matcher(k, v)?),
            "source" => c.source = Some(matcher(k, v)?),
            "by" => {
                c.by = Some(
                    v.as_str()
                        .ok_or_else(|| "condition `by` is not a string".to_string())?,
                );
            }
            other => {
                return Err(format!(
                    "condition field `{other}` is not one genofed evaluates"
                ));
            }
        }
    }
    c.kind = kind.ok_or_else(|| "a condition clause has no `type`".to_string())?;
    Ok(c)
}

/// Whether `conditions` hold given the passport's unconditioned visas; `Err` says why they
/// cannot be evaluated.
pub(crate) fn hold(conditions: &serde_json::Value, visas: &[&Visa]) -> Result<bool, String> {
    let alternatives = conditions
        .as_array()
        .ok_or_else(|| "`conditions` is not a list of lists".to_string())?;
    // Parse everything first, so an unsupported form anywhere sets the visa aside.
    let mut parsed = Vec::with_capacity(alternatives.len());
    for alt in alternatives {
        let clauses = alt
            .as_array()
            .ok_or_else(|| "`conditions` is not a list of lists".to_string())?;
        if clauses.is_empty() {
            return Err("`conditions` has an empty alternative".to_string());
        }
        parsed.push(clauses.iter().map(clause).collect::<Result<Vec<_>, _>>()?);
    }
    Ok(parsed
        .iter()
        .any(|all| all.iter().all(|c| visas.iter().any(|v| c.satisfied_by(v)))))
}

#[cfg(test)]
mod tests {
    use super::glob;

    #[test]
    fn globs() {
        assert!(glob(b"*@example.org", b"faculty@example.org"));
        assert!(glob(b"fac?lty@*", b"faculty@x"));
        assert!(!glob(b"fac?lty@*", b"facilty"));
        assert!(glob(b"*", b""));
        assert!(!glob(b"a*b", b"acbd"));
        assert!(glob(b"a*b*c", b"aXbYbZc"));
    }
}
