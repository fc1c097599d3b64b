//! The request headers of genofed's Flight SQL endpoint: the passport as a bearer
//! token, and the declared research purpose.
//!
//! | header | value |
//! | --- | --- |
//! | `authorization` | `Bearer <GA4GH Passport JWT>` |
//! | `x-genofed-purpose` | `GRU`, `HMB`, `DS`, `POA`, `CC` or a DUO term id |
//! | `x-genofed-disease` | diseases of the purpose, comma-separated CURIEs |
//! | `x-genofed-facets` | any of `methods`, `genetic`, `ancestry`, comma-separated |
//! | `x-genofed-project` | the project the request is made for |
//! | `x-genofed-commercial` | `true` or `false` |
//! | `x-genofed-access-granted` | `YYYY-MM-DD`, when access was granted (DUO TS) |
//! | `x-genofed-attest` | attestations: `irb`, `col`, `pub`, `rtn`, `mor`, `rs` |
//! | `x-genofed-partial-results` | `true`: a coordinator answers without failing peers |

use genofed_engine::access::Declaration;
use tonic::metadata::MetadataMap;

pub const AUTHORIZATION: &str = "authorization";
pub const PURPOSE: &str = "x-genofed-purpose";
pub const DISEASE: &str = "x-genofed-disease";
pub const FACETS: &str = "x-genofed-facets";
pub const PROJECT: &str = "x-genofed-project";
pub const COMMERCIAL: &str = "x-genofed-commercial";
pub const ACCESS_GRANTED: &str = "x-genofed-access-granted";
pub const ATTEST: &str = "x-genofed-attest";
pub const PARTIAL: &str = "x-genofed-partial-results";

/// The headers a request carries, in the order a coordinator forwards them.
pub const DECLARATION_HEADERS: &[&str] = &[
    PURPOSE,
    DISEASE,
    FACETS,
    PROJECT,
    COMMERCIAL,
    ACCESS_GRANTED,
    ATTEST,
];

/// A header that cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("header `{header}`: {message}")]
pub struct HeaderError {
    pub header: &'static str,
    pub message: String,
}

fn bad(header: &'static str, message: impl Into<String>) -> HeaderError {
    HeaderError {
        header,
        message: message.into(),
    }
}

fn text<'a>(md: &'a MetadataMap, header: &'static str) -> Result<Option<&'a str>, HeaderError> {
    match md.get(header) {
        None => Ok(None),
        Some(v) => v
            .to_str()
            .map(|s| Some(s.trim()).filter(|s| !s.is_empty()))
            .map_err(|_| bad(header, "not visible ASCII")),
    }
}

fn list(md: &MetadataMap, header: &'static str) -> Result<Vec<String>, HeaderError> {
    Ok(text(md, header)?
        .map(|s| {
            s.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default())
}

fn boolean(md: &MetadataMap, header: &'static str) -> Result<Option<bool>, HeaderError> {
    match text(md, header)? {
        None => Ok(None),
        Some(v) if v.eq_ignore_ascii_case("true") => Ok(Some(true)),
        Some(v) if v.eq_ignore_ascii_case("false") => Ok(Some(false)),
        Some(v) => Err(bad(header, format!("`{v}` is neither `true` nor `false`"))),
    }
}

/// The passport of `authorization: Bearer …`, if the header is there.
pub fn bearer(md: &MetadataMap) -> Result<Option<String>, HeaderError> {
    let Some(value) = text(md, AUTHORIZATION)? else {
        return Ok(None);
    };
    let (scheme, token) = value.split_once(' ').unwrap_or((value, ""));
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(bad(
            AUTHORIZATION,
            "expected `Bearer <passport>` (genofed takes GA4GH Passports as bearer tokens)",
        ));
    }
    Ok(Some(token.trim().to_string()))
}

/// The declaration of a request, if it names a purpose. The day is the server's.
pub fn declaration(md: &MetadataMap) -> Result<Option<Declaration>, HeaderError> {
    let Some(purpose) = text(md, PURPOSE)? else {
        return Ok(None);
    };
    let mut d = Declaration::new(purpose);
    d.diseases = list(md, DISEASE)?;
    for facet in list(md, FACETS)? {
        match facet.to_ascii_lowercase().as_str() {
            "methods" => d.methods = true,
            "genetic" => d.genetic = true,
            "ancestry" => d.ancestry = true,
            other => {
                return Err(bad(
                    FACETS,
                    format!("unknown facet `{other}` (methods, genetic, ancestry)"),
                ));
            }
        }
    }
    d.project = text(md, PROJECT)?.map(String::from);
    d.commercial = boolean(md, COMMERCIAL)?;
    d.access_granted = match text(md, ACCESS_GRANTED)? {
        None => None,
        Some(v) => Some(
            v.parse()
                .map_err(|_| bad(ACCESS_GRANTED, format!("`{v}` is not YYYY-MM-DD")))?,
        ),
    };
    for a in list(md, ATTEST)? {
        let attestation = Declaration::attestation(&a).ok_or_else(|| {
            bad(
                ATTEST,
                format!("unknown attestation `{a}` (irb, col, pub, rtn, mor, rs)"),
            )
        })?;
        d.attestations.push(attestation);
    }
    Ok(Some(d))
}

/// Whether the request asks for partial results when peers fail.
pub fn partial(md: &MetadataMap) -> Result<bool, HeaderError> {
    Ok(boolean(md, PARTIAL)?.unwrap_or(false))
}

/// The headers that declare `d` (the inverse of [`declaration`]).
pub fn declaration_headers(d: &Declaration) -> Vec<(&'static str, String)> {
    let mut out = vec![(PURPOSE, d.purpose.clone())];
    if !d.diseases.is_empty() {
        out.push((DISEASE, d.diseases.join(",")));
    }
    let facets: Vec<&str> = [
        (d.methods, "methods"),
        (d.genetic, "genetic"),
        (d.ancestry, "ancestry"),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, n)| *n)
    .collect();
    if !facets.is_empty() {
        out.push((FACETS, facets.join(",")));
    }
    if let Some(p) = &d.project {
        out.push((PROJECT, p.clone()));
    }
    if let Some(c) = d.commercial {
        out.push((COMMERCIAL, c.to_string()));
    }
    if let Some(g) = d.access_granted {
        out.push((ACCESS_GRANTED, g.to_string()));
    }
    if !d.attestations.is_empty() {
        let names: Vec<&str> = d
            .attestations
            .iter()
            .map(|a| Declaration::attestation_name(*a))
            .collect();
        out.push((ATTEST, names.join(",")));
    }
    out
}
