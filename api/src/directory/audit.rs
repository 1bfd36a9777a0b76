//! The security audit log: every change an administrator makes through the admin API
//! (who, when, which route, on what path), kept for 90 days, read newest first by the REST
//! API plugin's `/logs/security`. Request bodies are never recorded (they carry passwords).

use serde::{Deserialize, Serialize};
use serde_json::json;
use xwg_core::store::{NewItem, Query};

use super::DirectoryError;
use crate::Ctx;

const LOG: &str = "audit-log";
const SEQUENCE: (&str, &str) = ("audit-log-sequence", "next");
/// How long an entry is kept.
const KEPT_SECS: i64 = 90 * 24 * 3600;
/// The most entries one read looks through.
const MAX_READ: usize = 10_000;

/// One entry (the plugin's `SecurityAuditLog`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub log_id: i64,
    /// Who: an administrator's username, or `(user service secret)`.
    pub username: String,
    /// When, in seconds since the epoch (as the plugin gives it).
    pub timestamp: i64,
    /// What: the route's description.
    pub summary: String,
    /// Where: the XMPP domain the gateway serves.
    pub node: String,
    /// The request's method and path (never its body or query).
    pub details: String,
}

/// Records a change an administrator made.
pub async fn record(
    ctx: &Ctx,
    username: &str,
    summary: &str,
    details: String,
) -> Result<(), DirectoryError> {
    let log_id = ctx.store.increment(SEQUENCE.0, SEQUENCE.1, 1).await?;
    let now = ctx.clock.now();
    let entry = Entry {
        log_id,
        username: username.to_string(),
        timestamp: now,
        summary: summary.to_string(),
        node: ctx.domain().to_string(),
        details,
    };
    ctx.store
        .put(NewItem {
            pk: LOG.into(),
            // Ordered by id: the newest last.
            sk: format!("{log_id:020}"),
            data: json!(entry),
            expires_at: Some(now + KEPT_SECS),
        })
        .await?;
    Ok(())
}

/// Which entries to read.
pub struct Filter<'a> {
    pub username: Option<&'a str>,
    /// Seconds since the epoch; 0 or none: unbounded.
    pub start: i64,
    pub end: i64,
    pub offset: usize,
    pub limit: usize,
}

/// The entries that pass `filter`, newest first.
pub async fn read(ctx: &Ctx, filter: &Filter<'_>) -> Result<Vec<Entry>, DirectoryError> {
    let mut entries = Vec::new();
    let mut after = None;
    let mut looked = 0;
    while looked < MAX_READ {
        let query = Query {
            prefix: String::new(),
            after,
            descending: true,
            limit: 500,
        };
        let page = ctx.store.query(LOG, &query).await?;
        looked += page.items.len();
        entries.extend(
            page.items
                .into_iter()
                .filter_map(|item| serde_json::from_value::<Entry>(item.data).ok())
                .filter(|e| filter.username.is_none_or(|u| e.username == u))
                .filter(|e| filter.start <= 0 || e.timestamp >= filter.start)
                .filter(|e| filter.end <= 0 || e.timestamp <= filter.end),
        );
        if entries.len() >= filter.offset + filter.limit {
            break;
        }
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    Ok(entries
        .into_iter()
        .skip(filter.offset)
        .take(filter.limit)
        .collect())
}
