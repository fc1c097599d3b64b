//! `genofed serve`: the node's Flight SQL endpoint, on a bound port, with optional TLS
//! and graceful shutdown.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use arrow_flight::flight_service_server::FlightServiceServer;
use genofed_beacon::Beacon;
use genofed_engine::Node;
use tokio::net::TcpListener;
use tokio_stream::wrappers::TcpListenerStream;
use tonic::transport::{Identity, ServerTlsConfig};

use crate::error::ServerError;
use crate::federation::Federation;
use crate::service::NodeService;
use crate::sessions::Sessions;
use crate::ticket::Signer;

/// A node's Flight SQL server (and, bound with [`Server::with_beacon`], its Beacon v2
/// HTTP endpoint on a second port, sharing the node), bound and ready to serve.
#[derive(Debug)]
pub struct Server {
    listener: TcpListener,
    address: SocketAddr,
    tls: Option<ServerTlsConfig>,
    service: NodeService,
    sessions: Arc<Sessions>,
    http: Option<(TcpListener, SocketAddr, Arc<Beacon>)>,
}

async fn listen(address: &str) -> Result<(TcpListener, SocketAddr), ServerError> {
    let bind = |source| ServerError::Bind {
        address: address.to_string(),
        source,
    };
    let listener = TcpListener::bind(address).await.map_err(bind)?;
    let local = listener.local_addr().map_err(bind)?;
    Ok((listener, local))
}

fn read(path: &std::path::Path) -> Result<Vec<u8>, ServerError> {
    std::fs::read(path).map_err(|source| ServerError::TlsFile {
        path: path.to_path_buf(),
        source,
    })
}

impl Server {
    /// Binds the node's `[server] flight` address (port 0: any free port).
    pub async fn bind(node: Arc<Node>) -> Result<Self, ServerError> {
        let address = node.config().server.flight.clone();
        Self::bind_to(node, &address).await
    }

    /// Binds `address` instead of the configured one.
    pub async fn bind_to(node: Arc<Node>, address: &str) -> Result<Self, ServerError> {
        let config = node.config().server.clone();
        let tls = match &config.tls {
            Some(t) => Some(
                ServerTlsConfig::new().identity(Identity::from_pem(read(&t.cert)?, read(&t.key)?)),
            ),
            None => None,
        };
        let federation = node
            .config()
            .federation
            .as_ref()
            .filter(|f| !f.peers.is_empty())
            .map(|f| Arc::new(Federation::new(f)));
        let sessions = Arc::new(Sessions::new(node, federation));
        let shared = sessions.clone();
        let signer = Signer::new(config.ticket_seconds)
            .map_err(|e| ServerError::Invalid(format!("no randomness for tickets: {e}")))?;
        let service = NodeService::new(sessions, signer)
            .map_err(|e| ServerError::Invalid(e.message().to_string()))?;
        let (listener, address) = listen(address).await?;
        Ok(Self {
            listener,
            address,
            tls,
            service,
            sessions: shared,
            http: None,
        })
    }

    /// Also serves the node's Beacon v2 API (its `[beacon]` section) over HTTP at
    /// `address` (`None`: the section's `http`).
    pub async fn with_beacon(mut self, address: Option<&str>) -> Result<Self, ServerError> {
        let node = self.sessions.node().clone();
        let config = node.config().beacon.clone().ok_or_else(|| {
            ServerError::Invalid("the node config has no `[beacon]` section".into())
        })?;
        let (listener, local) = listen(address.unwrap_or(&config.http)).await?;
        let root = format!("http://{local}/api");
        let beacon = Beacon::new(node, &root).map_err(|e| ServerError::Invalid(e.to_string()))?;
        self.http = Some((listener, local, Arc::new(beacon)));
        Ok(self)
    }

    /// The Beacon API's URL (`http://host:port/api`), when served.
    pub fn beacon_url(&self) -> Option<String> {
        self.http
            .as_ref()
            .map(|(_, a, _)| format!("http://{a}/api"))
    }

    /// The bound address.
    pub fn local_addr(&self) -> SocketAddr {
        self.address
    }

    /// The URL clients connect to (`grpc://` or `grpc+tls://`).
    pub fn url(&self) -> String {
        let scheme = if self.tls.is_some() {
            "grpc+tls"
        } else {
            "grpc"
        };
        format!("{scheme}://{}", self.address)
    }

    /// Serves until `shutdown` completes, then lets running calls finish.
    pub async fn serve(self, shutdown: impl Future<Output = ()> + Send) -> Result<(), ServerError> {
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let signal = async move {
            shutdown.await;
            let _ = stop.send(true);
        };
        let wait = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
            let _ = rx.wait_for(|s| *s).await;
        };
        let http = match self.http {
            Some((listener, _, beacon)) => {
                // The Beacon answers from this node's own datasets (a coordinator's peers
                // answer for theirs, to their own Beacon), so its sessions do not read
                // the peers' tables over Flight SQL.
                let node = self.sessions.node().clone();
                let app = crate::http::router(crate::http::HttpState {
                    beacon,
                    sessions: Arc::new(Sessions::new(node, None)),
                });
                let rx = stopped.clone();
                Some(tokio::spawn(async move {
                    axum::serve(listener, app)
                        .with_graceful_shutdown(wait(rx))
                        .await
                }))
            }
            None => None,
        };
        let flight = Self::serve_flight(self.listener, self.tls, self.service, wait(stopped));
        let (flight, ()) = tokio::join!(flight, signal);
        flight?;
        if let Some(h) = http {
            h.await
                .map_err(|e| ServerError::Invalid(format!("the HTTP server stopped: {e}")))?
                .map_err(|e| ServerError::Invalid(format!("the HTTP server failed: {e}")))?;
        }
        Ok(())
    }

    async fn serve_flight(
        listener: TcpListener,
        tls: Option<ServerTlsConfig>,
        service: NodeService,
        shutdown: impl Future<Output = ()> + Send,
    ) -> Result<(), ServerError> {
        let mut builder = tonic::transport::Server::builder().tcp_nodelay(true);
        if let Some(tls) = tls {
            builder = builder.tls_config(tls)?;
        }
        let service = FlightServiceServer::new(service)
            .max_decoding_message_size(64 << 20)
            .max_encoding_message_size(256 << 20);
        builder
            .add_service(service)
            .serve_with_incoming_shutdown(TcpListenerStream::new(listener), shutdown)
            .await?;
        Ok(())
    }
}
