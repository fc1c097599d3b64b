//! The framework's informational endpoints: `/info`, `/service-info`,
//! `/configuration`, `/map`, `/entry_types`, `/filtering_terms`. They describe only
//! what this node serves.

use genofed_engine::BeaconConfig;
use serde_json::{Map, Value, json};

use crate::response::informational_meta;
use crate::route::NESTED;
use crate::{API_VERSION, EntryType};

const CONFIGURATION_SCHEMA: &str = "https://raw.githubusercontent.com/ga4gh-beacon/beacon-v2/main/framework/json/configuration/beaconConfigurationSchema.json";
const MAP_SCHEMA: &str = "https://raw.githubusercontent.com/ga4gh-beacon/beacon-v2/main/framework/json/configuration/beaconMapSchema.json";

pub fn info(c: &BeaconConfig) -> Value {
    let mut organization = json!({
        "id": c.organization.id,
        "name": c.organization.name,
        "welcomeUrl": c.organization.url,
    });
    if !c.organization.description.is_empty() {
        organization["description"] = Value::from(c.organization.description.clone());
    }
    if let Some(u) = &c.organization.contact_url {
        organization["contactUrl"] = Value::from(u.clone());
    }
    let mut response = json!({
        "id": c.id,
        "name": c.name,
        "apiVersion": API_VERSION,
        "environment": c.environment.name(),
        "organization": organization,
        "version": env!("CARGO_PKG_VERSION"),
    });
    if !c.description.is_empty() {
        response["description"] = Value::from(c.description.clone());
    }
    json!({"meta": informational_meta(&c.id, &[]), "response": response})
}

/// GA4GH service-info (a bare object, no envelope).
pub fn service_info(c: &BeaconConfig) -> Value {
    let mut v = json!({
        "id": c.id,
        "name": c.name,
        "type": {"group": "org.ga4gh", "artifact": "beacon", "version": API_VERSION},
        "organization": {"name": c.organization.name, "url": c.organization.url},
        "version": env!("CARGO_PKG_VERSION"),
        "environment": c.environment.name(),
    });
    if !c.description.is_empty() {
        v["description"] = Value::from(c.description.clone());
    }
    if let Some(u) = &c.organization.contact_url {
        v["contactUrl"] = Value::from(u.clone());
    }
    v
}

fn entry_type(e: EntryType) -> Value {
    let (term, label) = e.ontology_term();
    json!({
        "id": e.id(),
        "name": e.name(),
        "ontologyTermForThisType": {"id": term, "label": label},
        "partOfSpecification": format!("Beacon {API_VERSION}"),
        "defaultSchema": {
            "id": e.schema(),
            "name": format!("Default schema for {}", e.name().to_lowercase()),
            "referenceToSchemaDefinition": e.schema_url(),
            "schemaVersion": API_VERSION,
        },
        "nonFilteredQueriesAllowed": true,
    })
}

fn entry_types() -> Map<String, Value> {
    EntryType::SERVED
        .iter()
        .map(|e| (e.id().to_string(), entry_type(*e)))
        .collect()
}

pub fn configuration(c: &BeaconConfig) -> Value {
    let production = match c.environment {
        genofed_engine::config::Environment::Prod => "PROD",
        genofed_engine::config::Environment::Test
        | genofed_engine::config::Environment::Staging => "TEST",
        genofed_engine::config::Environment::Dev => "DEV",
    };
    json!({
        "meta": informational_meta(&c.id, &[]),
        "response": {
            "$schema": CONFIGURATION_SCHEMA,
            "maturityAttributes": {"productionStatus": production},
            "securityAttributes": {
                "defaultGranularity": "boolean",
                // Anonymous callers see what the node's policies give anyone; a
                // passport (registered) and its visas (controlled) open more.
                "securityLevels": ["PUBLIC", "REGISTERED", "CONTROLLED"],
            },
            "entryTypes": entry_types(),
        }
    })
}

pub fn entry_types_response(c: &BeaconConfig) -> Value {
    json!({
        "meta": informational_meta(&c.id, &[]),
        "response": {"entryTypes": entry_types()},
    })
}

pub fn map(c: &BeaconConfig, root: &str) -> Value {
    let root = root.trim_end_matches('/');
    let mut sets = Map::new();
    for e in EntryType::SERVED {
        let mut endpoints = Map::new();
        for (outer, inner) in NESTED.iter().filter(|(o, _)| *o == e) {
            endpoints.insert(
                inner.id().to_string(),
                json!({
                    "url": format!("{root}/{}/{{id}}/{}", outer.path(), inner.path()),
                    "returnedEntryType": inner.id(),
                }),
            );
        }
        let mut set = json!({
            "entryType": e.id(),
            "rootUrl": format!("{root}/{}", e.path()),
            "singleEntryUrl": format!("{root}/{}/{{id}}", e.path()),
        });
        if !endpoints.is_empty() {
            set["endpoints"] = Value::Object(endpoints);
        }
        sets.insert(format!("{}Endpoints", e.id()), set);
    }
    json!({
        "meta": informational_meta(&c.id, &[]),
        "response": {"$schema": MAP_SCHEMA, "endpointSets": sets},
    })
}
