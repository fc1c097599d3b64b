//! Regions for GS (geographical restriction): ISO 3166-1 alpha-2 countries, and the EU
//! and EEA as named groups.

/// The 27 member states of the European Union (ISO 3166-1 alpha-2; Greece is `GR`).
pub const EU: &[&str] = &[
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
];

/// The European Economic Area: the EU plus Iceland, Liechtenstein and Norway.
pub const EEA_EXTRA: &[&str] = &["IS", "LI", "NO"];

/// Whether `code` names a region: `EU`, `EEA` or two uppercase letters.
pub fn is_region(code: &str) -> bool {
    matches!(code, "EU" | "EEA")
        || (code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()))
}

/// Whether `country` (alpha-2, any case) lies in `region`.
pub fn contains(region: &str, country: &str) -> bool {
    let country = country.to_ascii_uppercase();
    match region {
        "EU" => EU.contains(&country.as_str()),
        "EEA" => EU.contains(&country.as_str()) || EEA_EXTRA.contains(&country.as_str()),
        code => code == country,
    }
}
