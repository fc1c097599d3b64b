//! The Flight SQL service of a node: statements, prepared statements, catalogs, schemas,
//! tables, table types and SqlInfo; every call authenticated by the caller's passport
//! and planned under the node's policies (see [`crate`]).

use std::pin::Pin;
use std::sync::Arc;

use arrow::datatypes::{Field, Schema, SchemaRef};
use arrow::ipc::writer::IpcWriteOptions;
use arrow_flight::encode::FlightDataEncoderBuilder;
use arrow_flight::error::FlightError;
use arrow_flight::flight_service_server::FlightService;
use arrow_flight::sql::metadata::{SqlInfoData, SqlInfoDataBuilder};
use arrow_flight::sql::server::{FlightSqlService, PeekableFlightDataStream};
use arrow_flight::sql::{
    ActionClosePreparedStatementRequest, ActionCreatePreparedStatementRequest,
    ActionCreatePreparedStatementResult, Any, CommandGetCatalogs, CommandGetDbSchemas,
    CommandGetSqlInfo, CommandGetTableTypes, CommandGetTables, CommandPreparedStatementQuery,
    CommandStatementQuery, DoPutPreparedStatementResult, ProstMessageExt, SqlInfo,
    TicketStatementQuery,
};
use arrow_flight::{
    FlightData, FlightDescriptor, FlightEndpoint, FlightInfo, HandshakeRequest, HandshakeResponse,
    IpcMessage, SchemaAsIpc, Ticket,
};
use datafusion::prelude::DataFrame;
use futures::{Stream, StreamExt, TryStreamExt};
use prost::Message;
use tonic::{Request, Response, Status, Streaming};

use crate::federation::Report;
use crate::sessions::{Caller, Session, Sessions};
use crate::ticket::{Claim, Signer};
use crate::{headers, metadata, params, status};

type DoGetStream = Pin<Box<dyn Stream<Item = Result<FlightData, Status>> + Send + 'static>>;

/// A node's Flight SQL service.
pub struct NodeService {
    sessions: Arc<Sessions>,
    signer: Signer,
    sql_info: SqlInfoData,
}

impl std::fmt::Debug for NodeService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NodeService").finish()
    }
}

impl NodeService {
    pub fn new(sessions: Arc<Sessions>, signer: Signer) -> Result<Self, Status> {
        let mut info = SqlInfoDataBuilder::new();
        info.append(SqlInfo::FlightSqlServerName, "genofed");
        info.append(SqlInfo::FlightSqlServerVersion, env!("CARGO_PKG_VERSION"));
        info.append(SqlInfo::FlightSqlServerArrowVersion, "59");
        info.append(SqlInfo::FlightSqlServerReadOnly, true);
        info.append(SqlInfo::FlightSqlServerSql, true);
        info.append(SqlInfo::FlightSqlServerSubstrait, false);
        info.append(SqlInfo::FlightSqlServerTransaction, 0i32);
        info.append(SqlInfo::FlightSqlServerCancel, false);
        info.append(SqlInfo::SqlDdlCatalog, false);
        info.append(SqlInfo::SqlDdlSchema, false);
        info.append(SqlInfo::SqlDdlTable, false);
        info.append(SqlInfo::SqlIdentifierQuoteChar, "\"");
        info.append(SqlInfo::SqlIdentifierCase, 3i32);
        info.append(SqlInfo::SqlQuotedIdentifierCase, 3i32);
        let sql_info = info.build().map_err(status::arrow)?;
        Ok(Self {
            sessions,
            signer,
            sql_info,
        })
    }

    async fn session<T>(&self, request: &Request<T>) -> Result<Arc<Session>, Status> {
        self.sessions.open(request.metadata()).await
    }

    /// Plans a claim's query (with its parameters) in `session`: a denial or a mistake
    /// is an error here, before any row is read.
    async fn plan(&self, session: &Session, claim: &Claim) -> Result<DataFrame, Status> {
        let df = session
            .remote
            .sql(&claim.sql)
            .await
            .map_err(status::query)?;
        unreachable_peers(session, df.logical_plan())?;
        match claim.params()? {
            Some(ipc) => df
                .with_param_values(params::values(&ipc)?)
                .map_err(status::query),
            None => Ok(df),
        }
    }

    /// A FlightInfo for `claim`'s query, planned (so denied here) in `session`: its
    /// schema and one ticket, signed for the caller.
    async fn info(
        &self,
        session: &Session,
        claim: Claim,
        descriptor: FlightDescriptor,
    ) -> Result<Response<FlightInfo>, Status> {
        let df = self.plan(session, &claim).await?;
        let schema = df.schema().as_arrow().clone();
        let handle = self.signer.sign(claim);
        let ticket = TicketStatementQuery {
            statement_handle: handle.into(),
        };
        let endpoint =
            FlightEndpoint::new().with_ticket(Ticket::new(ticket.as_any().encode_to_vec()));
        Ok(Response::new(
            FlightInfo::new()
                .try_with_schema(&schema)
                .map_err(status::arrow)?
                .with_endpoint(endpoint)
                .with_descriptor(descriptor),
        ))
    }

    /// A FlightInfo whose ticket is the command itself (metadata calls: the caller is
    /// authenticated again when it is redeemed).
    fn command_info(
        &self,
        schema: &Schema,
        command: impl ProstMessageExt,
        descriptor: FlightDescriptor,
    ) -> Result<Response<FlightInfo>, Status> {
        let endpoint =
            FlightEndpoint::new().with_ticket(Ticket::new(command.as_any().encode_to_vec()));
        Ok(Response::new(
            FlightInfo::new()
                .try_with_schema(schema)
                .map_err(status::arrow)?
                .with_endpoint(endpoint)
                .with_descriptor(descriptor),
        ))
    }

    async fn run(
        &self,
        session: &Session,
        claim: &Claim,
        partial: bool,
    ) -> Result<Response<DoGetStream>, Status> {
        let df = self.plan(session, claim).await?;
        let (mut state, plan) = df.into_parts();
        let report = Arc::new(Report::new(partial, &session.unavailable));
        state.config_mut().set_extension(report.clone());
        let df = DataFrame::new(state, plan);
        let schema: SchemaRef = Arc::new(df.schema().as_arrow().clone());
        let stream = df.execute_stream().await.map_err(status::query)?;
        let batches = stream.map_err(|e| FlightError::Tonic(Box::new(status::query(e))));
        let data = FlightDataEncoderBuilder::new()
            .with_schema(schema)
            .build(batches)
            .map_err(|e| match e {
                FlightError::Tonic(s) => *s,
                other => {
                    tracing::error!(error = %other, "cannot encode results");
                    Status::internal("the node cannot encode the results")
                }
            });
        let caller = session.caller.key.clone();
        // The per-node report rides on the stream's last message (a metadata-only
        // message would trip decoders): the stream runs one message behind.
        let data = futures::stream::unfold(
            (Box::pin(data), None::<FlightData>, false),
            move |(mut data, pending, done)| {
                let (report, caller) = (report.clone(), caller.clone());
                async move {
                    if done {
                        return None;
                    }
                    let mut pending = pending;
                    loop {
                        match data.next().await {
                            Some(Ok(next)) => match pending.replace(next) {
                                Some(previous) => {
                                    return Some((Ok(previous), (data, pending, false)));
                                }
                                None => continue,
                            },
                            Some(Err(e)) => return Some((Err(e), (data, None, true))),
                            None => {
                                let summary = report.summary();
                                tracing::info!(caller = %caller, nodes = %summary, "query done");
                                let last = pending.take()?;
                                let last = if report.partial() {
                                    last.with_app_metadata(bytes::Bytes::from(summary))
                                } else {
                                    last
                                };
                                return Some((Ok(last), (data, None, true)));
                            }
                        }
                    }
                }
            },
        );
        Ok(Response::new(Box::pin(data)))
    }

    fn batch_stream(
        batch: arrow::record_batch::RecordBatch,
    ) -> Result<Response<DoGetStream>, Status> {
        let schema = batch.schema();
        let stream = FlightDataEncoderBuilder::new()
            .with_schema(schema)
            .build(futures::stream::once(async { Ok(batch) }))
            .map_err(Status::from);
        Ok(Response::new(Box::pin(stream)))
    }
}

/// A query reading from a peer whose catalog could not be read (or from the unions,
/// which then lack it) fails naming the peer, unless partial results are asked for.
fn unreachable_peers(
    session: &Session,
    plan: &datafusion::logical_expr::LogicalPlan,
) -> Result<(), Status> {
    use datafusion::common::tree_node::{TreeNode, TreeNodeRecursion};
    if session.unavailable.is_empty() || session.partial {
        return Ok(());
    }
    let mut reads = false;
    let _ = plan.apply(|node| {
        if let datafusion::logical_expr::LogicalPlan::TableScan(scan) = node {
            let t = &scan.table_name;
            let peer = t
                .catalog()
                .is_some_and(|c| session.unavailable.iter().any(|(n, _)| n == c));
            if peer || t.schema() == Some(genofed_engine::FEDERATED_SCHEMA) {
                reads = true;
                return Ok(TreeNodeRecursion::Stop);
            }
        }
        Ok(TreeNodeRecursion::Continue)
    });
    match (reads, session.unavailable.first()) {
        (true, Some((node, error))) => Err(Status::unavailable(format!("node `{node}`: {error}"))),
        _ => Ok(()),
    }
}

fn partial<T>(request: &Request<T>) -> Result<bool, Status> {
    headers::partial(request.metadata()).map_err(status::header)
}

#[tonic::async_trait]
impl FlightSqlService for NodeService {
    type FlightService = NodeService;

    /// The handshake checks a passport sent as `authorization: Bearer …` and answers
    /// with the same header; genofed has no user names or passwords.
    async fn do_handshake(
        &self,
        request: Request<Streaming<HandshakeRequest>>,
    ) -> Result<
        Response<Pin<Box<dyn Stream<Item = Result<HandshakeResponse, Status>> + Send>>>,
        Status,
    > {
        let caller = Caller::from_metadata(request.metadata())?;
        let node = self.sessions.node().clone();
        let token = caller.token.clone();
        tokio::task::spawn_blocking(move || node.identities().principal(Some(&token)))
            .await
            .map_err(|_| Status::internal("the passport check stopped"))?
            .map_err(status::identity)?;
        let output = futures::stream::iter([Ok(HandshakeResponse::default())]);
        let mut response: Response<Pin<Box<dyn Stream<Item = _> + Send>>> =
            Response::new(Box::pin(output));
        let value = format!("Bearer {}", caller.token)
            .parse()
            .map_err(|_| Status::unauthenticated("the passport is not a valid header value"))?;
        response
            .metadata_mut()
            .insert(headers::AUTHORIZATION, value);
        Ok(response)
    }

    async fn get_flight_info_statement(
        &self,
        query: CommandStatementQuery,
        request: Request<FlightDescriptor>,
    ) -> Result<Response<FlightInfo>, Status> {
        let session = self.session(&request).await?;
        let claim = self.signer.claim(&session.caller.key, &query.query);
        self.info(&session, claim, request.into_inner()).await
    }

    async fn get_flight_info_prepared_statement(
        &self,
        query: CommandPreparedStatementQuery,
        request: Request<FlightDescriptor>,
    ) -> Result<Response<FlightInfo>, Status> {
        let session = self.session(&request).await?;
        let claim = self
            .signer
            .open(&query.prepared_statement_handle, &session.caller.key)?;
        self.info(&session, claim, request.into_inner()).await
    }

    async fn do_get_statement(
        &self,
        ticket: TicketStatementQuery,
        request: Request<Ticket>,
    ) -> Result<Response<<Self as FlightService>::DoGetStream>, Status> {
        let session = self.session(&request).await?;
        let claim = self
            .signer
            .open(&ticket.statement_handle, &session.caller.key)?;
        self.run(&session, &claim, partial(&request)?).await
    }

    async fn do_get_prepared_statement(
        &self,
        query: CommandPreparedStatementQuery,
        request: Request<Ticket>,
    ) -> Result<Response<<Self as FlightService>::DoGetStream>, Status> {
        let session = self.session(&request).await?;
        let claim = self
            .signer
            .open(&query.prepared_statement_handle, &session.caller.key)?;
        self.run(&session, &claim, partial(&request)?).await
    }

    async fn do_action_create_prepared_statement(
        &self,
        query: ActionCreatePreparedStatementRequest,
        request: Request<arrow_flight::Action>,
    ) -> Result<ActionCreatePreparedStatementResult, Status> {
        let session = self.session(&request).await?;
        let claim = self.signer.claim(&session.caller.key, &query.query);
        let df = session
            .remote
            .sql(&claim.sql)
            .await
            .map_err(status::query)?;
        let schema = df.schema().as_arrow().clone();
        let parameters = df
            .logical_plan()
            .get_parameter_types()
            .map_err(status::query)?;
        let mut names: Vec<_> = parameters.into_iter().collect();
        names.sort_by_key(|(n, _)| n.trim_start_matches('$').parse::<usize>().unwrap_or(0));
        let parameter_schema = Schema::new(
            names
                .into_iter()
                .map(|(n, t)| Field::new(n, t.unwrap_or(arrow::datatypes::DataType::Null), true))
                .collect::<Vec<_>>(),
        );
        Ok(ActionCreatePreparedStatementResult {
            prepared_statement_handle: self.signer.sign(claim).into(),
            dataset_schema: ipc_schema(&schema)?,
            parameter_schema: ipc_schema(&parameter_schema)?,
        })
    }

    async fn do_put_prepared_statement_query(
        &self,
        query: CommandPreparedStatementQuery,
        request: Request<PeekableFlightDataStream>,
    ) -> Result<DoPutPreparedStatementResult, Status> {
        let session = self.session(&request).await?;
        let claim = self
            .signer
            .open(&query.prepared_statement_handle, &session.caller.key)?;
        let stream = request
            .into_inner()
            .map_err(|s| FlightError::Tonic(Box::new(s)));
        let batches: Vec<_> =
            arrow_flight::decode::FlightRecordBatchStream::new_from_flight_data(stream)
                .try_collect()
                .await
                .map_err(|e| {
                    Status::invalid_argument(format!("cannot read the parameters: {e}"))
                })?;
        let ipc = params::encode(&batches)?;
        Ok(DoPutPreparedStatementResult {
            prepared_statement_handle: Some(self.signer.sign(claim.with_params(&ipc)).into()),
        })
    }

    async fn do_action_close_prepared_statement(
        &self,
        _query: ActionClosePreparedStatementRequest,
        _request: Request<arrow_flight::Action>,
    ) -> Result<(), Status> {
        // Handles are self-contained and signed: nothing is kept to close.
        Ok(())
    }

    async fn get_flight_info_catalogs(
        &self,
        query: CommandGetCatalogs,
        request: Request<FlightDescriptor>,
    ) -> Result<Response<FlightInfo>, Status> {
        self.session(&request).await?;
        let schema = query.into_builder().schema();
        self.command_info(&schema, query, request.into_inner())
    }

    async fn do_get_catalogs(
        &self,
        query: CommandGetCatalogs,
        request: Request<Ticket>,
    ) -> Result<Response<<Self as FlightService>::DoGetStream>, Status> {
        let session = self.session(&request).await?;
        Self::batch_stream(metadata::catalogs(&session, query)?)
    }

    async fn get_flight_info_schemas(
        &self,
        query: CommandGetDbSchemas,
        request: Request<FlightDescriptor>,
    ) -> Result<Response<FlightInfo>, Status> {
        self.session(&request).await?;
        let schema = query.clone().into_builder().schema();
        self.command_info(&schema, query, request.into_inner())
    }

    async fn do_get_schemas(
        &self,
        query: CommandGetDbSchemas,
        request: Request<Ticket>,
    ) -> Result<Response<<Self as FlightService>::DoGetStream>, Status> {
        let session = self.session(&request).await?;
        Self::batch_stream(metadata::schemas(&session, query)?)
    }

    async fn get_flight_info_tables(
        &self,
        query: CommandGetTables,
        request: Request<FlightDescriptor>,
    ) -> Result<Response<FlightInfo>, Status> {
        self.session(&request).await?;
        let schema = query.clone().into_builder().schema();
        self.command_info(&schema, query, request.into_inner())
    }

    async fn do_get_tables(
        &self,
        query: CommandGetTables,
        request: Request<Ticket>,
    ) -> Result<Response<<Self as FlightService>::DoGetStream>, Status> {
        let session = self.session(&request).await?;
        Self::batch_stream(metadata::tables(&session, query).await?)
    }

    async fn get_flight_info_table_types(
        &self,
        query: CommandGetTableTypes,
        request: Request<FlightDescriptor>,
    ) -> Result<Response<FlightInfo>, Status> {
        let schema = query.into_builder().schema();
        self.command_info(&schema, query, request.into_inner())
    }

    async fn do_get_table_types(
        &self,
        query: CommandGetTableTypes,
        _request: Request<Ticket>,
    ) -> Result<Response<<Self as FlightService>::DoGetStream>, Status> {
        let mut builder = query.into_builder();
        builder.append("TABLE");
        builder.append("VIEW");
        Self::batch_stream(builder.build().map_err(status::arrow)?)
    }

    async fn get_flight_info_sql_info(
        &self,
        query: CommandGetSqlInfo,
        request: Request<FlightDescriptor>,
    ) -> Result<Response<FlightInfo>, Status> {
        let schema = query.clone().into_builder(&self.sql_info).schema();
        self.command_info(&schema, query, request.into_inner())
    }

    async fn do_get_sql_info(
        &self,
        query: CommandGetSqlInfo,
        _request: Request<Ticket>,
    ) -> Result<Response<<Self as FlightService>::DoGetStream>, Status> {
        let batch = query
            .into_builder(&self.sql_info)
            .build()
            .map_err(status::arrow)?;
        Self::batch_stream(batch)
    }

    async fn do_get_fallback(
        &self,
        _request: Request<Ticket>,
        message: Any,
    ) -> Result<Response<<Self as FlightService>::DoGetStream>, Status> {
        Err(Status::unimplemented(format!(
            "genofed does not serve `{}`",
            message.type_url
        )))
    }

    async fn register_sql_info(&self, _id: i32, _result: &SqlInfo) {}
}

fn ipc_schema(schema: &Schema) -> Result<bytes::Bytes, Status> {
    let message: IpcMessage = SchemaAsIpc::new(schema, &IpcWriteOptions::default())
        .try_into()
        .map_err(status::arrow)?;
    Ok(message.0)
}
