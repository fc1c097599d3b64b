//! Beacon paths under `/api`.

use crate::{BeaconError, EntryType};

/// What a path asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `/api`, `/api/info`.
    Info,
    ServiceInfo,
    Configuration,
    Map,
    EntryTypes,
    FilteringTerms,
    /// `/api/{entry}`, `/api/{entry}/{id}`, `/api/{entry}/{id}/{nested}`.
    Entry {
        entry: EntryType,
        id: Option<String>,
        nested: Option<EntryType>,
    },
}

/// The nested paths each served entry type has (`/datasets/{id}/g_variants`).
pub const NESTED: &[(EntryType, EntryType)] = &[
    (EntryType::Individual, EntryType::GenomicVariant),
    (EntryType::Individual, EntryType::Biosample),
    (EntryType::Biosample, EntryType::Run),
    (EntryType::Biosample, EntryType::Analysis),
    (EntryType::Cohort, EntryType::GenomicVariant),
    (EntryType::Cohort, EntryType::Individual),
    (EntryType::Cohort, EntryType::Biosample),
    (EntryType::Cohort, EntryType::Run),
    (EntryType::Cohort, EntryType::Analysis),
    (EntryType::Dataset, EntryType::GenomicVariant),
    (EntryType::Dataset, EntryType::Individual),
    (EntryType::Dataset, EntryType::Biosample),
    (EntryType::Dataset, EntryType::Run),
    (EntryType::Dataset, EntryType::Analysis),
];

impl Route {
    /// Parses `path` (with or without the `/api` prefix; percent-encoded ids decoded).
    pub fn parse(path: &str) -> Result<Self, BeaconError> {
        let rest = path.strip_prefix("/api").unwrap_or(path);
        let parts: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
        let unknown = || BeaconError::NotFound(format!("no endpoint `{path}`"));
        let route = match parts.as_slice() {
            [] | ["info"] => Route::Info,
            ["service-info"] => Route::ServiceInfo,
            ["configuration"] => Route::Configuration,
            ["map"] => Route::Map,
            ["entry_types"] => Route::EntryTypes,
            ["filtering_terms"] => Route::FilteringTerms,
            [entry, more @ ..] if more.len() <= 2 => {
                let entry = EntryType::from_path(entry).ok_or_else(|| {
                    BeaconError::NotFound(format!("unknown entry type `{entry}`"))
                })?;
                if !EntryType::SERVED.contains(&entry) {
                    return Err(BeaconError::NotFound(format!(
                        "this beacon does not serve `{}`",
                        entry.path()
                    )));
                }
                let id = more
                    .first()
                    .map(|s| crate::percent::decode(s, false))
                    .transpose()?;
                let nested = match more.get(1) {
                    None => None,
                    Some(n) => {
                        let nested = EntryType::from_path(n).ok_or_else(unknown)?;
                        if !NESTED.contains(&(entry, nested)) {
                            return Err(unknown());
                        }
                        Some(nested)
                    }
                };
                Route::Entry { entry, id, nested }
            }
            _ => return Err(unknown()),
        };
        Ok(route)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(Route::parse("/api").unwrap(), Route::Info);
        assert_eq!(Route::parse("/api/map").unwrap(), Route::Map);
        assert_eq!(
            Route::parse("/api/g_variants/chr1-5-A-T").unwrap(),
            Route::Entry {
                entry: EntryType::GenomicVariant,
                id: Some("chr1-5-A-T".into()),
                nested: None
            }
        );
        assert_eq!(
            Route::parse("/api/datasets/a%20b/g_variants").unwrap(),
            Route::Entry {
                entry: EntryType::Dataset,
                id: Some("a b".into()),
                nested: Some(EntryType::GenomicVariant)
            }
        );
        assert_eq!(Route::parse("/api/nope").unwrap_err().status(), 404);
        assert_eq!(
            Route::parse("/api/g_variants/x/datasets")
                .unwrap_err()
                .status(),
            404
        );
        assert_eq!(Route::parse("/api/datasets/%zz").unwrap_err().status(), 400);
    }
}
