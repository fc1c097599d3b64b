//! The node's HTTP endpoint: the Beacon v2 API under `/api`, sharing the node, its
//! sessions and their policy decisions with the Flight SQL endpoint (one process, two
//! ports). Errors become Beacon error responses here, with their HTTP status.

use std::sync::Arc;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, Request as HttpRequest, StatusCode, header};
use axum::response::{IntoResponse, Response};
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
        let request = match parts.method {
            Method::GET | Method::HEAD => Request::from_query(parts.uri.query().unwrap_or(""))?,
            Method::POST => {
                let bytes = to_bytes(body, limit)
                    .await
                    .map_err(|_| BeaconError::TooLarge(limit))?;
                Request::from_body(&bytes)?
            }
            m => return Err(BeaconError::Method(m.to_string())),
        };
        Ok::<_, BeaconError>((route, request))
    };
    let (route, request) = match parsed.await {
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
    let reply = beacon.answer(&route, &request, Some(&session.remote)).await;
    if reply.status >= 500 {
        tracing::warn!(status = reply.status, path = %parts.uri.path(), "beacon request failed");
    }
    json(reply)
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
