//! OBO tag values: escapes, trailing `{qualifiers}` and `! comments`, quoted strings.

/// An unquoted value with escapes resolved and any trailing qualifier block or comment
/// removed: `HP:0000001 {source="x"} ! All` → `HP:0000001`. A `!` starts the comment
/// unless escaped or inside a quoted qualifier value; a `{` after whitespace opens the
/// qualifier block, which is dropped when the value ends with its `}`.
pub(super) fn plain(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut open: Option<usize> = None; // where the qualifier block starts in `out`
    let mut closed_at: Option<usize> = None; // `out.len()` just after its `}`
    let mut depth = 0usize;
    let mut in_quotes = false;
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push(chars.next().map_or('\\', unescape));
                continue;
            }
            '"' if depth > 0 => in_quotes = !in_quotes,
            '!' if !in_quotes => break,
            '{' if !in_quotes && out.ends_with(char::is_whitespace) => {
                if depth == 0 {
                    open = Some(out.len());
                }
                depth += 1;
            }
            '}' if !in_quotes && depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push(c);
                    closed_at = Some(out.len());
                    continue;
                }
            }
            _ => {}
        }
        out.push(c);
    }
    let end = out.trim_end().len();
    if let (Some(at), Some(close)) = (open, closed_at)
        && close == end
    {
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
        assert_eq!(plain("X:1 {source=\"a\"}  ! two spaces"), "X:1");
        assert_eq!(plain("X:1\t{comment=\"wow!\"} ! c"), "X:1");
        assert_eq!(plain("X:1 {a=\"b\", c=\"d\"}"), "X:1");
        assert_eq!(
            plain("name with {braces} inside"),
            "name with {braces} inside"
        );
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
