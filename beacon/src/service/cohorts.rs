//! `cohorts`: each dataset with individuals is a study-defined cohort.

use genofed_engine::access::RemoteSession;
use serde_json::{Value, json};

use super::Beacon;
use crate::entities::{INDIVIDUALS, Scope};
use crate::response;
use crate::{BeaconError, EntryType, Request};

impl Beacon {
    /// The cohorts the caller may discover, with their size where its decisions let it
    /// count the individuals (and the count is not withheld).
    pub(super) async fn cohorts(
        &self,
        session: &RemoteSession,
        request: &Request,
        id: Option<&str>,
    ) -> Result<Value, BeaconError> {
        let mut out = Vec::new();
        for name in self.discoverable(session, id)? {
            let access = &session.access().datasets[name];
            let Some(table) = access.tables.get(INDIVIDUALS.table) else {
                continue;
            };
            let mut c = json!({
                "id": name,
                "name": self.description(name).unwrap_or_else(|| name.to_string()),
                "cohortType": "study-defined",
            });
            if !matches!(table.mode, genofed_engine::access::Mode::Denied { .. })
                && let Ok(Some(n)) = self
                    .count(session, name, INDIVIDUALS, &Scope::default(), &[])
                    .await
            {
                c["cohortSize"] = Value::from(n);
            }
            out.push(c);
        }
        if let Some(i) = id
            && out.is_empty()
        {
            return Err(BeaconError::NotFound(format!("no cohort `{i}`")));
        }
        Ok(response::collections(
            &self.config.id,
            EntryType::Cohort,
            request,
            out,
        ))
    }
}
