//! Percent-decoding of URL path segments and query strings.

use crate::BeaconError;

/// Decodes `%XX` escapes (and `+` as a space, in query strings) into UTF-8 text.
pub fn decode(text: &str, plus_is_space: bool) -> Result<String, BeaconError> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            b'%' => {
                let byte = text
                    .get(i + 1..i + 3)
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or_else(|| BeaconError::bad(format!("bad percent-encoding in `{text}`")))?;
                out.push(byte);
                i += 3;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| BeaconError::bad(format!("`{text}` is not UTF-8")))
}
