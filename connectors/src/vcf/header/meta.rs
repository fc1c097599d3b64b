//! Parsing of structured meta lines such as `##INFO=<ID=DP,Number=1,Type=Integer,...>`.

/// Splits the inside of `<...>` into key/value pairs, honouring quoted values with `\"`
/// and `\\` escapes. Returns `None` if the structure is malformed.
pub fn parse_structure(s: &str) -> Option<Vec<(String, String)>> {
    let inner = s.strip_prefix('<')?.strip_suffix('>')?;
    let mut pairs = Vec::new();
    let mut chars = inner.chars().peekable();
    loop {
        let mut key = String::new();
        for c in chars.by_ref() {
            if c == '=' {
                break;
            }
            key.push(c);
        }
        if key.is_empty() {
            return None;
        }
        let mut value = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            let mut closed = false;
            while let Some(c) = chars.next() {
                match c {
                    '\\' => value.push(chars.next()?),
                    '"' => {
                        closed = true;
                        break;
                    }
                    c => value.push(c),
                }
            }
            if !closed {
                return None;
            }
            match chars.next() {
                None => {
                    pairs.push((key, value));
                    return Some(pairs);
                }
                Some(',') => {}
                Some(_) => return None,
            }
        } else {
            let mut end = true;
            for c in chars.by_ref() {
                if c == ',' {
                    end = false;
                    break;
                }
                value.push(c);
            }
            pairs.push((key, value));
            if end {
                return Some(pairs);
            }
        }
    }
}

/// Looks up a key in parsed pairs.
pub fn get<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_quoted_values_with_commas() {
        let p = parse_structure(
            r#"<ID=AF,Number=A,Type=Float,Description="Allele \"freq\", per alt">"#,
        )
        .unwrap();
        assert_eq!(get(&p, "ID"), Some("AF"));
        assert_eq!(get(&p, "Description"), Some(r#"Allele "freq", per alt"#));
        assert!(parse_structure("<ID=AF,Description=\"open>").is_none());
    }
}
