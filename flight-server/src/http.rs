//! The node's HTTP endpoint: the Beacon v2 API under `/api`, sharing the node and its
//! policies with the Flight SQL endpoint (one process, two ports). At a coordinator,
//! entry queries are also sent on to the peers' Beacons ([`forward`]). Errors become
//! Beacon error responses here, with their HTTP status.

use std::sync::Arc;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, Request as HttpRequest, StatusCode, header};
use axum::response::{IntoResponse, Response};
use genofed_beacon::network::{self, Forward};
use genofed_beacon::{Beacon, BeaconError, Reply, Request, Route};
use tonic::Code;
use tonic::metadata::MetadataMap;

use crate::headers::PURPOSE;
use crate::sessions::Sessions;

/// What the HTTP handlers share.
#[derive(Debug, Clone)]
pub struct HttpState {
    pub beacon: Arc<Beacon>,
    pub sessions: Arc<Sessions>,
}

/// The router: every path under `/api`.
pub fn router(state: HttpState) -> Router {
    Router::new()
        .route("/api", axum::routing::any(handle))
        .route("/api/", axum::routing::any(handle))
        .route("/api/{*rest}", axum::routing::any(handle))
        .fallback(not_found)
        .with_state(state)
}

async fn not_found(State(state): State<HttpState>, request: HttpRequest<Body>) -> Response {
    let e = BeaconError::NotFound(format!("no endpoint `{}`", request.uri().path()));
    json(state.beacon.error(&e, &Request::default()))
}

fn json(reply: Reply) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_vec(&reply.body).unwrap_or_default();
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// A session failure as a Beacon error.
fn session_error(status: &tonic::Status) -> BeaconError {
    let message = status.message().to_string();
    match status.code() {
        Code::Unauthenticated => BeaconError::Unauthorized(message),
        Code::PermissionDenied => BeaconError::Forbidden(message),
        Code::InvalidArgument => BeaconError::BadRequest(message),
        _ => BeaconError::Internal(message.into()),
    }
}

async fn handle(State(state): State<HttpState>, request: HttpRequest<Body>) -> Response {
    let (parts, body) = request.into_parts();
    let beacon = &state.beacon;
    let limit = beacon.config().max_body_bytes;
    let parsed = async {
        let route = Route::parse(parts.uri.path())?;
        let request = match parts.method.clone() {
            Method::GET | Method::HEAD => Request::from_query(parts.uri.query().unwrap_or(""))?,
            Method::POST => {
                let bytes = to_bytes(body, limit)
                    .await
                    .map_err(|_| BeaconError::TooLarge(limit))?;
                let request = Request::from_body(&bytes)?;
                return Ok((route, request, Some(bytes.to_vec())));
            }
            m => return Err(BeaconError::Method(m.to_string())),
        };
        Ok::<_, BeaconError>((route, request, None))
    };
    let (route, request, body) = match parsed.await {
        Ok(r) => r,
        Err(e) => return json(beacon.error(&e, &Request::default())),
    };
    if !Beacon::needs_session(&route) {
        return json(beacon.answer(&route, &request, None).await);
    }
    let md = metadata(&parts.headers, &beacon.config().purpose);
    let session = match state.sessions.open_or_anonymous(&md).await {
        Ok(s) => s,
        Err(status) => return json(beacon.error(&session_error(&status), &request)),
    };
    let forward = forward(&parts, body);
    let reply = beacon
        .answer_all(&route, &request, Some(&session.remote), forward.as_ref())
        .await;
    if reply.status >= 500 {
        tracing::warn!(status = reply.status, path = %parts.uri.path(), "beacon request failed");
    }
    json(reply)
}

/// The request as a coordinator sends it on to its peers' Beacons: the path under `/api`,
/// the body, the passport and the declaration headers, marked as forwarded. `None` for a
/// request that was forwarded here (it is not sent further).
fn forward(parts: &axum::http::request::Parts, body: Option<Vec<u8>>) -> Option<Forward> {
    if parts.headers.contains_key(network::HOP) {
        return None;
    }
    let path = parts.uri.path();
    let mut path_and_query = path.strip_prefix("/api").unwrap_or(path).to_string();
    if let Some(q) = parts.uri.query() {
        path_and_query = format!("{path_and_query}?{q}");
    }
    let mut headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .filter(|(name, _)| {
            let n = name.as_str();
            n == header::AUTHORIZATION.as_str() || n.starts_with("x-genofed-")
        })
        .filter_map(|(name, value)| Some((name.to_string(), value.to_str().ok()?.to_string())))
        .collect();
    headers.push((network::HOP.to_string(), "1".to_string()));
    Some(Forward {
        path_and_query,
        body,
        headers,
    })
}

/// The request's headers as the sessions read them; without a declared purpose, the
/// Beacon's configured one.
fn metadata(headers: &HeaderMap, purpose: &str) -> MetadataMap {
    let mut headers = headers.clone();
    if !headers.contains_key(PURPOSE)
        && let Ok(v) = HeaderValue::from_str(purpose)
    {
        headers.insert(PURPOSE, v);
    }
    MetadataMap::from_headers(headers)
}
