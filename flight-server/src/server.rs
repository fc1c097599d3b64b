//! `genofed serve`: the node's Flight SQL endpoint, on a bound port, with optional TLS
//! and graceful shutdown.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use arrow_flight::flight_service_server::FlightServiceServer;
use genofed_engine::Node;
use tokio::net::TcpListener;
use tokio_stream::wrappers::TcpListenerStream;
use tonic::transport::{Identity, ServerTlsConfig};

use crate::error::ServerError;
use crate::federation::Federation;
use crate::service::NodeService;
use crate::sessions::Sessions;
use crate::ticket::Signer;

/// A node's Flight SQL server, bound and ready to serve.
#[derive(Debug)]
pub struct Server {
    listener: TcpListener,
    address: SocketAddr,
    tls: Option<ServerTlsConfig>,
    service: NodeService,
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
        let signer = Signer::new(config.ticket_seconds)
            .map_err(|e| ServerError::Invalid(format!("no randomness for tickets: {e}")))?;
        let service = NodeService::new(sessions, signer)
            .map_err(|e| ServerError::Invalid(e.message().to_string()))?;
        let listener = TcpListener::bind(address)
            .await
            .map_err(|source| ServerError::Bind {
                address: address.to_string(),
                source,
            })?;
        let address = listener.local_addr().map_err(|source| ServerError::Bind {
            address: address.to_string(),
            source,
        })?;
        Ok(Self {
            listener,
            address,
            tls,
            service,
        })
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
        let mut builder = tonic::transport::Server::builder().tcp_nodelay(true);
        if let Some(tls) = self.tls {
            builder = builder.tls_config(tls)?;
        }
        let service = FlightServiceServer::new(self.service)
            .max_decoding_message_size(64 << 20)
            .max_encoding_message_size(256 << 20);
        builder
            .add_service(service)
            .serve_with_incoming_shutdown(TcpListenerStream::new(self.listener), shutdown)
            .await?;
        Ok(())
    }
}
