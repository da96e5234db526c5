//! A libSQL server stand-in speaking Hrana 3 over HTTP (`/v3/pipeline` and `/v3/cursor`), the
//! wire protocol libsql's remote client uses with sqld and Turso, neither of which can run
//! here. Statements run on a real embedded libSQL file; each stream (baton) keeps its own
//! connection, so transactions span requests as they do on a server. Requests without the
//! bearer token are refused with 401, like Turso.
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use libsql_hrana::proto::{
    Batch, BatchCond, BatchResult, BatchStreamResp, CloseSqlStreamResp, CloseStreamResp, Col,
    CursorEntry, CursorReqBody, CursorRespBody, DescribeCol, DescribeParam, DescribeResult,
    DescribeStreamResp, Error, ExecuteStreamResp, GetAutocommitStreamResp, PipelineReqBody,
    PipelineRespBody, Row, SequenceStreamResp, StepBeginEntry, StepEndEntry, StepErrorEntry, Stmt,
    StmtResult, StoreSqlStreamResp, StreamRequest, StreamResponse, StreamResult, Value,
};

pub struct FakeLibsqlServer {
    /// `http://127.0.0.1:PORT`, what MEMORY_DB_URL would hold.
    pub url: String,
    pub token: String,
    /// How many requests reached the server (so a test can tell the client really used it).
    pub requests: Arc<AtomicU64>,
    _dir: tempfile::TempDir,
    task: tokio::task::JoinHandle<()>,
}

/// One client stream: its connection and the SQL texts it stored by id.
struct Stream {
    conn: libsql::Connection,
    sqls: HashMap<i32, String>,
}

struct Shared {
    db: libsql::Database,
    streams: Mutex<HashMap<String, Stream>>,
    next_baton: AtomicU64,
    token: String,
    requests: Arc<AtomicU64>,
}

impl FakeLibsqlServer {
    pub async fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = libsql::Builder::new_local(dir.path().join("server.db"))
            .build()
            .await
            .unwrap();
        let token = format!("token-{}", uuid::Uuid::new_v4().simple());
        let requests = Arc::new(AtomicU64::new(0));
        let shared = Arc::new(Shared {
            db,
            streams: Mutex::new(HashMap::new()),
            next_baton: AtomicU64::new(1),
            token: token.clone(),
            requests: requests.clone(),
        });
        let app = Router::new()
            .route("/v3/pipeline", post(pipeline))
            .route("/v3/cursor", post(cursor))
            .with_state(shared);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Self {
            url,
            token,
            requests,
            _dir: dir,
            task,
        }
    }
}

impl Drop for FakeLibsqlServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn authorized(shared: &Shared, headers: &HeaderMap) -> bool {
    shared.requests.fetch_add(1, Ordering::Relaxed);
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == format!("Bearer {}", shared.token))
}

/// The stream named by `baton`, or a new one on a fresh connection.
fn open_stream(shared: &Shared, baton: Option<&str>) -> Option<Stream> {
    match baton {
        Some(b) => shared.streams.lock().unwrap().remove(b),
        None => {
            let conn = shared.db.connect().unwrap();
            // sqld waits for the write lock rather than failing a concurrent writer at once.
            conn.busy_timeout(std::time::Duration::from_secs(5))
                .unwrap();
            Some(Stream {
                conn,
                sqls: HashMap::new(),
            })
        }
    }
}

fn keep_stream(shared: &Shared, stream: Stream) -> String {
    let baton = format!("b{}", shared.next_baton.fetch_add(1, Ordering::Relaxed));
    shared.streams.lock().unwrap().insert(baton.clone(), stream);
    baton
}

fn error(e: impl std::fmt::Display) -> Error {
    Error {
        message: e.to_string(),
        code: "SQLITE_ERROR".into(),
    }
}

fn to_libsql(v: &Value) -> libsql::Value {
    match v {
        Value::None | Value::Null => libsql::Value::Null,
        Value::Integer { value } => libsql::Value::Integer(*value),
        Value::Float { value } => libsql::Value::Real(*value),
        Value::Text { value } => libsql::Value::Text(value.to_string()),
        Value::Blob { value } => libsql::Value::Blob(value.to_vec()),
    }
}

fn to_hrana(v: libsql::Value) -> Value {
    match v {
        libsql::Value::Null => Value::Null,
        libsql::Value::Integer(value) => Value::Integer { value },
        libsql::Value::Real(value) => Value::Float { value },
        libsql::Value::Text(s) => Value::Text { value: s.into() },
        libsql::Value::Blob(b) => Value::Blob { value: b.into() },
    }
}

/// Runs one statement: its columns, rows, and what it changed.
async fn execute(stream: &Stream, stmt: &Stmt) -> Result<StmtResult, Error> {
    let sql = match (&stmt.sql, stmt.sql_id) {
        (Some(sql), _) => sql.clone(),
        (None, Some(id)) => stream
            .sqls
            .get(&id)
            .cloned()
            .ok_or_else(|| error("unknown sql id"))?,
        (None, None) => return Err(error("a statement needs sql or sql_id")),
    };
    let params = if stmt.named_args.is_empty() {
        libsql::params::Params::Positional(stmt.args.iter().map(to_libsql).collect())
    } else {
        libsql::params::Params::Named(
            stmt.named_args
                .iter()
                .map(|a| (a.name.clone(), to_libsql(&a.value)))
                .collect(),
        )
    };
    let mut rows = stream.conn.query(&sql, params).await.map_err(error)?;
    let n = rows.column_count();
    let cols = (0..n)
        .map(|i| Col {
            name: rows.column_name(i).map(str::to_string),
            decltype: None,
        })
        .collect();
    let mut out = Vec::new();
    while let Some(row) = rows.next().await.map_err(error)? {
        let values = (0..n)
            .map(|i| row.get_value(i).map(to_hrana))
            .collect::<Result<Vec<_>, _>>()
            .map_err(error)?;
        out.push(Row { values });
    }
    Ok(StmtResult {
        cols,
        rows: if stmt.want_rows == Some(false) {
            Vec::new()
        } else {
            out
        },
        affected_row_count: stream.conn.changes(),
        last_insert_rowid: Some(stream.conn.last_insert_rowid()),
        replication_index: None,
        rows_read: 0,
        rows_written: 0,
        query_duration_ms: 0.0,
    })
}

/// What the client asks before binding parameters: their names and the result columns.
async fn describe(
    stream: &Stream,
    sql: Option<String>,
    sql_id: Option<i32>,
) -> Result<DescribeResult, Error> {
    let sql = match (sql, sql_id) {
        (Some(sql), _) => sql,
        (None, Some(id)) => stream
            .sqls
            .get(&id)
            .cloned()
            .ok_or_else(|| error("unknown sql id"))?,
        (None, None) => return Err(error("describe needs sql or sql_id")),
    };
    let stmt = stream.conn.prepare(&sql).await.map_err(error)?;
    let params = (1..=stmt.parameter_count() as i32)
        .map(|i| DescribeParam {
            name: stmt.parameter_name(i).map(str::to_string),
        })
        .collect();
    let cols = stmt
        .columns()
        .iter()
        .map(|c| DescribeCol {
            name: c.name().to_string(),
            decltype: c.decl_type().map(str::to_string),
        })
        .collect();
    let head = sql.trim_start().to_ascii_uppercase();
    Ok(DescribeResult {
        params,
        cols,
        is_explain: head.starts_with("EXPLAIN"),
        is_readonly: head.starts_with("SELECT") || head.starts_with("PRAGMA"),
    })
}

fn holds(cond: &BatchCond, results: &BatchResult, conn: &libsql::Connection) -> bool {
    let step = |s: &u32| *s as usize;
    match cond {
        BatchCond::None => true,
        BatchCond::Ok { step: s } => results
            .step_results
            .get(step(s))
            .is_some_and(Option::is_some),
        BatchCond::Error { step: s } => results
            .step_errors
            .get(step(s))
            .is_some_and(Option::is_some),
        BatchCond::Not { cond } => !holds(cond, results, conn),
        BatchCond::And(list) => list.conds.iter().all(|c| holds(c, results, conn)),
        BatchCond::Or(list) => list.conds.iter().any(|c| holds(c, results, conn)),
        BatchCond::IsAutocommit {} => conn.is_autocommit(),
    }
}

async fn run_batch(stream: &Stream, batch: &Batch) -> BatchResult {
    let mut results = BatchResult::default();
    for step in &batch.steps {
        let run = step
            .condition
            .as_ref()
            .is_none_or(|c| holds(c, &results, &stream.conn));
        let (ok, err) = if run {
            match execute(stream, &step.stmt).await {
                Ok(r) => (Some(r), None),
                Err(e) => (None, Some(e)),
            }
        } else {
            (None, None)
        };
        results.step_results.push(ok);
        results.step_errors.push(err);
    }
    results
}

async fn pipeline(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    raw: axum::body::Bytes,
) -> Response {
    if !authorized(&shared, &headers) {
        return (StatusCode::UNAUTHORIZED, "bad token").into_response();
    }
    // libsql's client sends JSON without a Content-Type, as sqld accepts.
    let body: PipelineReqBody = match serde_json::from_slice(&raw) {
        Ok(b) => b,
        Err(e) => return (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
    };
    let Some(mut stream) = open_stream(&shared, body.baton.as_deref()) else {
        return (StatusCode::BAD_REQUEST, "unknown baton").into_response();
    };
    let mut closed = false;
    let mut results = Vec::new();
    for req in body.requests {
        let response = match req {
            StreamRequest::None => Err(error("empty request")),
            StreamRequest::Close(_) => {
                closed = true;
                Ok(StreamResponse::Close(CloseStreamResp {}))
            }
            StreamRequest::Execute(e) => execute(&stream, &e.stmt)
                .await
                .map(|result| StreamResponse::Execute(ExecuteStreamResp { result })),
            StreamRequest::Batch(b) => Ok(StreamResponse::Batch(BatchStreamResp {
                result: run_batch(&stream, &b.batch).await,
            })),
            StreamRequest::Sequence(s) => match s.sql {
                Some(sql) => stream
                    .conn
                    .execute_batch(&sql)
                    .await
                    .map(|_| StreamResponse::Sequence(SequenceStreamResp {}))
                    .map_err(error),
                None => Err(error("a sequence needs sql")),
            },
            StreamRequest::StoreSql(s) => {
                stream.sqls.insert(s.sql_id, s.sql);
                Ok(StreamResponse::StoreSql(StoreSqlStreamResp {}))
            }
            StreamRequest::CloseSql(s) => {
                stream.sqls.remove(&s.sql_id);
                Ok(StreamResponse::CloseSql(CloseSqlStreamResp {}))
            }
            StreamRequest::GetAutocommit(_) => {
                Ok(StreamResponse::GetAutocommit(GetAutocommitStreamResp {
                    is_autocommit: stream.conn.is_autocommit(),
                }))
            }
            StreamRequest::Describe(d) => describe(&stream, d.sql, d.sql_id)
                .await
                .map(|result| StreamResponse::Describe(DescribeStreamResp { result })),
        };
        results.push(match response {
            Ok(response) => StreamResult::Ok { response },
            Err(error) => StreamResult::Error { error },
        });
    }
    let baton = (!closed).then(|| keep_stream(&shared, stream));
    Json(PipelineRespBody {
        baton,
        base_url: None,
        results,
    })
    .into_response()
}

/// A batch whose rows are streamed as JSON lines: the response header, then per step its
/// columns, rows and end (or its error).
async fn cursor(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    raw: axum::body::Bytes,
) -> Response {
    if !authorized(&shared, &headers) {
        return (StatusCode::UNAUTHORIZED, "bad token").into_response();
    }
    // libsql's client sends JSON without a Content-Type, as sqld accepts.
    let body: CursorReqBody = match serde_json::from_slice(&raw) {
        Ok(b) => b,
        Err(e) => return (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
    };
    let Some(stream) = open_stream(&shared, body.baton.as_deref()) else {
        return (StatusCode::BAD_REQUEST, "unknown baton").into_response();
    };
    let mut lines: Vec<String> = Vec::new();
    let mut results = BatchResult::default();
    let mut entries = Vec::new();
    for (i, step) in body.batch.steps.iter().enumerate() {
        let run = step
            .condition
            .as_ref()
            .is_none_or(|c| holds(c, &results, &stream.conn));
        if !run {
            results.step_results.push(None);
            results.step_errors.push(None);
            continue;
        }
        match execute(&stream, &step.stmt).await {
            Ok(r) => {
                entries.push(CursorEntry::StepBegin(StepBeginEntry {
                    step: i as u32,
                    cols: r.cols.clone(),
                }));
                for row in &r.rows {
                    entries.push(CursorEntry::Row { row: row.clone() });
                }
                entries.push(CursorEntry::StepEnd(StepEndEntry {
                    affected_row_count: r.affected_row_count,
                    last_insert_rowid: r.last_insert_rowid,
                }));
                results.step_results.push(Some(r));
                results.step_errors.push(None);
            }
            Err(e) => {
                entries.push(CursorEntry::StepError(StepErrorEntry {
                    step: i as u32,
                    error: e.clone(),
                }));
                results.step_results.push(None);
                results.step_errors.push(Some(e));
            }
        }
    }
    let baton = keep_stream(&shared, stream);
    lines.push(
        serde_json::to_string(&CursorRespBody {
            baton: Some(baton),
            base_url: None,
        })
        .unwrap(),
    );
    lines.extend(entries.iter().map(|e| serde_json::to_string(e).unwrap()));
    let mut body = lines.join("\n");
    body.push('\n');
    ([(header::CONTENT_TYPE, "text/plain")], body).into_response()
}
