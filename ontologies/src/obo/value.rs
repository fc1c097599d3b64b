//! OBO tag values: escapes, trailing `{qualifiers}` and `! comments`, quoted strings.

/// An unquoted value with escapes resolved and any trailing qualifier block or comment
/// removed: `HP:0000001 {source="x"} ! All` → `HP:0000001`.
pub(super) fn plain(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    // Where an unescaped ` {` opens, and whether the last character was an unescaped `}`.
    let mut qualifiers: Option<usize> = None;
    let mut closed = false;
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '!' {
            closed = false;
        }
        match c {
            '\\' => match chars.next() {
                Some(e) => out.push(unescape(e)),
                None => out.push('\\'),
            },
            '!' => break,
            '{' if out.ends_with(' ') => {
                qualifiers = Some(out.len());
                out.push(c);
            }
            '}' => {
                closed = true;
                out.push(c);
            }
            c if c.is_whitespace() && out.ends_with('}') => {
                closed = true;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    if let Some(at) = qualifiers.filter(|_| closed) {
        out.truncate(at);
    }
    out.trim().to_string()
}

/// A leading quoted string and what follows it: `"text" EXACT []` → (`text`, `EXACT []`).
/// `None` if the value does not start with `"` or the quote is not closed.
pub(super) fn quoted(value: &str) -> Option<(String, &str)> {
    let rest = value.strip_prefix('"')?;
    let mut out = String::with_capacity(rest.len());
    let mut chars = rest.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => out.push(unescape(chars.next()?.1)),
            '"' => return Some((out, rest[i + 1..].trim_start())),
            _ => out.push(c),
        }
    }
    None
}

fn unescape(c: char) -> char {
    match c {
        'n' => '\n',
        't' => '\t',
        'W' => ' ',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_values() {
        assert_eq!(plain("HP:0000001 ! All"), "HP:0000001");
        assert_eq!(plain("HP:0000001 {source=\"x\"} ! All"), "HP:0000001");
        assert_eq!(plain("Growth \\! abnormality"), "Growth ! abnormality");
        assert_eq!(plain("Abnormality of the {x"), "Abnormality of the {x");
    }

    #[test]
    fn quoted_values() {
        assert_eq!(
            quoted("\"a \\\"b\\\"\" [X:1]"),
            Some(("a \"b\"".to_string(), "[X:1]"))
        );
        assert_eq!(quoted("\"open"), None);
        assert_eq!(quoted("bare"), None);
    }
}
