//! A Flight SQL client of genofed nodes: `genofed sql --connect`, and a coordinator's
//! calls to its peers. It sends the passport as a bearer token and the declaration as
//! headers ([`crate::headers`]).

use std::path::Path;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use arrow::datatypes::SchemaRef;
use arrow::record_batch::RecordBatch;
use arrow_flight::decode::{DecodedPayload, FlightDataDecoder};
use arrow_flight::sql::CommandGetTables;
use arrow_flight::sql::client::FlightSqlServiceClient;
use arrow_flight::{FlightInfo, Ticket};
use futures::{Stream, StreamExt};
use tonic::transport::{Certificate, Channel, ClientTlsConfig, Endpoint};

use crate::error::ClientError;

/// A stream of record batches from a node.
pub type BatchStream = Pin<Box<dyn Stream<Item = Result<RecordBatch, ClientError>> + Send>>;

/// The channel to a node at `url` (`grpc://host:port` or `grpc+tls://host:port`),
/// connected on first use. `ca`: a CA certificate to trust for TLS.
pub fn channel(url: &str, ca: Option<&Path>, timeout: Duration) -> Result<Channel, ClientError> {
    let bad = |message: &str| ClientError::Url {
        url: url.to_string(),
        message: message.to_string(),
    };
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| bad("expected grpc://host:port or grpc+tls://host:port"))?;
    let tls = match scheme {
        "grpc" | "grpc+tcp" | "http" => false,
        "grpc+tls" | "https" => true,
        _ => return Err(bad("the scheme must be grpc or grpc+tls")),
    };
    let http = format!("{}://{rest}", if tls { "https" } else { "http" });
    let mut endpoint = Endpoint::from_shared(http)
        .map_err(|e| bad(&e.to_string()))?
        .connect_timeout(timeout)
        .tcp_nodelay(true);
    if tls {
        let mut config = ClientTlsConfig::new();
        if let Some(ca) = ca {
            let pem = std::fs::read(ca).map_err(|source| ClientError::Ca {
                path: ca.to_path_buf(),
                source,
            })?;
            config = config.ca_certificate(Certificate::from_pem(pem));
        }
        endpoint = endpoint
            .tls_config(config)
            .map_err(|e| bad(&e.to_string()))?;
    }
    Ok(endpoint.connect_lazy())
}

/// A Flight SQL client with a caller's credentials.
#[derive(Debug, Clone)]
pub struct Client {
    inner: FlightSqlServiceClient<Channel>,
    /// How long a call may wait for an answer (each batch of a stream included).
    timeout: Option<Duration>,
}

/// App metadata messages a server sent after its batches (a coordinator's per-node
/// report in partial-results mode).
pub type AppMetadata = Arc<Mutex<Vec<bytes::Bytes>>>;

/// A query's answer: its schema and its batches.
pub struct Answer {
    pub schema: SchemaRef,
    pub batches: BatchStream,
    pub app_metadata: AppMetadata,
}

impl std::fmt::Debug for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Answer")
            .field("schema", &self.schema)
            .finish()
    }
}

async fn within<T>(
    timeout: Option<Duration>,
    f: impl std::future::Future<Output = Result<T, ClientError>>,
) -> Result<T, ClientError> {
    match timeout {
        Some(t) => tokio::time::timeout(t, f)
            .await
            .map_err(|_| ClientError::Timeout(t.as_secs()))?,
        None => f.await,
    }
}

impl Client {
    pub fn new(channel: Channel) -> Self {
        let inner = FlightSqlServiceClient::new_from_inner(
            arrow_flight::flight_service_client::FlightServiceClient::new(channel)
                .max_decoding_message_size(256 << 20),
        );
        Self {
            inner,
            timeout: None,
        }
    }

    /// Each call (and each batch) must answer within `timeout`.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sends `token` as the bearer passport and `headers` (a declaration) with every call.
    pub fn authorize(&mut self, token: &str, headers: &[(&str, String)]) {
        self.inner.set_token(token.to_string());
        for (k, v) in headers {
            self.inner.set_header(*k, v.clone());
        }
    }

    /// Sets one more header.
    pub fn set_header(&mut self, key: &str, value: &str) {
        self.inner.set_header(key, value);
    }

    /// Runs `sql` and streams its answer.
    pub async fn query(&mut self, sql: &str) -> Result<Answer, ClientError> {
        let timeout = self.timeout;
        let info = within(timeout, async {
            self.inner
                .execute(sql.to_string(), None)
                .await
                .map_err(ClientError::from_flight)
        })
        .await?;
        self.fetch(info).await
    }

    /// Streams the endpoints of `info` one after the other.
    pub async fn fetch(&mut self, info: FlightInfo) -> Result<Answer, ClientError> {
        let schema: SchemaRef = Arc::new(info.clone().try_decode_schema()?);
        let app_metadata: AppMetadata = Arc::default();
        let mut streams = Vec::new();
        for endpoint in info.endpoint {
            let ticket = endpoint
                .ticket
                .ok_or_else(|| ClientError::Protocol("an endpoint has no ticket".into()))?;
            streams.push(self.decoder(ticket).await?);
        }
        let timeout = self.timeout;
        let meta = app_metadata.clone();
        let batches = futures::stream::iter(streams)
            .flatten()
            .filter_map(move |item| {
                let meta = meta.clone();
                async move {
                    match item {
                        Ok(data) => {
                            let extra = data.app_metadata();
                            if !extra.is_empty() {
                                meta.lock().unwrap_or_else(|p| p.into_inner()).push(extra);
                            }
                            match data.payload {
                                DecodedPayload::RecordBatch(b) => Some(Ok(b)),
                                _ => None,
                            }
                        }
                        Err(e) => Some(Err(ClientError::from_flight(e))),
                    }
                }
            });
        let batches: BatchStream = match timeout {
            Some(t) => Box::pin(
                tokio_stream::StreamExt::timeout(batches, t)
                    .map(move |r| r.unwrap_or(Err(ClientError::Timeout(t.as_secs())))),
            ),
            None => Box::pin(batches),
        };
        Ok(Answer {
            schema,
            batches,
            app_metadata,
        })
    }

    async fn decoder(&mut self, ticket: Ticket) -> Result<FlightDataDecoder, ClientError> {
        let timeout = self.timeout;
        within(timeout, async {
            Ok(self
                .inner
                .do_get(ticket)
                .await
                .map_err(ClientError::from_flight)?
                .into_inner())
        })
        .await
    }

    /// Every table the caller may see: (catalog, schema, table, columns).
    pub async fn tables(
        &mut self,
    ) -> Result<Vec<(String, String, String, SchemaRef)>, ClientError> {
        let request = CommandGetTables {
            catalog: None,
            db_schema_filter_pattern: None,
            table_name_filter_pattern: None,
            table_types: vec![],
            include_schema: true,
        };
        let timeout = self.timeout;
        let info = within(timeout, async {
            self.inner
                .get_tables(request)
                .await
                .map_err(ClientError::from_flight)
        })
        .await?;
        let batches = collect(self.fetch(info).await?.batches).await?;
        let mut out = Vec::new();
        for b in &batches {
            let text = |i: usize| {
                b.column(i)
                    .as_any()
                    .downcast_ref::<arrow::array::StringArray>()
                    .cloned()
            };
            let (Some(cat), Some(sch), Some(tab)) = (text(0), text(1), text(2)) else {
                continue;
            };
            let schemas = b
                .column(4)
                .as_any()
                .downcast_ref::<arrow::array::BinaryArray>()
                .cloned();
            for row in 0..b.num_rows() {
                let schema = match &schemas {
                    Some(s) => arrow::ipc::convert::try_schema_from_ipc_buffer(s.value(row))?,
                    None => continue,
                };
                out.push((
                    cat.value(row).to_string(),
                    sch.value(row).to_string(),
                    tab.value(row).to_string(),
                    Arc::new(schema),
                ));
            }
        }
        Ok(out)
    }
}

/// Every batch of a stream.
pub async fn collect(mut batches: BatchStream) -> Result<Vec<RecordBatch>, ClientError> {
    let mut out = Vec::new();
    while let Some(b) = batches.next().await {
        out.push(b?);
    }
    Ok(out)
}
