//! Reading a message archive (MAM, XEP-0313): the user's own, or a room's. The results come
//! as messages on the user's session, which the keeper hands back with the query's `<fin/>`.

use serde::Serialize;
use tokio_xmpp::jid::Jid;
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::data_forms::{DataForm, DataFormType, Field, FieldType};
use tokio_xmpp::parsers::date::DateTime;
use tokio_xmpp::parsers::mam::{Fin, Query, QueryId, Result_};
use tokio_xmpp::parsers::message::Message;
use tokio_xmpp::parsers::ns;
use tokio_xmpp::parsers::rsm::SetQuery;

use crate::http_io::query_param;
use crate::{ApiError, Ctx};

/// The largest page one request returns.
const MAX_PAGE: usize = 500;

/// What to read: a time range, one correspondent, a page.
#[derive(Debug, Default)]
pub struct Filter {
    pub with: Option<Jid>,
    pub start: Option<DateTime>,
    pub end: Option<DateTime>,
    pub max: usize,
    /// Continue after this archive id (a page's `last`).
    pub after: Option<String>,
    /// Only messages whose body contains this (any case); applied to the page read.
    pub keywords: Option<String>,
}

impl Filter {
    /// `start`, `end` (XEP-0082 date-times, e.g. 2026-11-25T10:00:00Z), `max` (default 100,
    /// at most 500), `after` and `keywords` from the query string.
    pub fn from_query(req: &lambda_http::Request) -> Result<Self, ApiError> {
        let date = |name: &str| {
            query_param(req, name)
                .filter(|v| !v.is_empty())
                .map(|v| {
                    v.parse::<DateTime>().map_err(|_| {
                        ApiError::bad_request(format!(
                            "`{name}` is a date-time like 2026-11-25T10:00:00Z."
                        ))
                    })
                })
                .transpose()
        };
        let max = match query_param(req, "max").filter(|v| !v.is_empty()) {
            None => 100,
            Some(v) => v
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=MAX_PAGE).contains(n))
                .ok_or_else(|| ApiError::bad_request(format!("`max` is 1 to {MAX_PAGE}.")))?,
        };
        Ok(Self {
            with: None,
            start: date("start")?,
            end: date("end")?,
            max,
            after: query_param(req, "after").filter(|v| !v.is_empty()),
            keywords: query_param(req, "keywords").filter(|v| !v.is_empty()),
        })
    }
}

/// SparkWeb's `ArchivedMessage` (with the archive id, to page on).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Archived {
    pub id: String,
    pub from: String,
    pub to: String,
    pub body: String,
    pub sent_date: String,
    #[serde(rename = "type")]
    pub kind: String,
}

/// A page of the archive, oldest first.
#[derive(Debug, Serialize)]
pub struct Page {
    pub messages: Vec<Archived>,
    /// Where the next page starts (`after=`); absent on the last page.
    pub last: Option<String>,
    pub complete: bool,
}

/// Reads the archive of `archive` (`None`: the user's own) as the user.
pub async fn read(
    ctx: &Ctx,
    user: &str,
    archive: Option<Jid>,
    filter: &Filter,
) -> Result<Page, ApiError> {
    let mut fields = vec![Field::new("FORM_TYPE", FieldType::Hidden).with_value(ns::MAM)];
    if let Some(with) = &filter.with {
        fields.push(Field::new("with", FieldType::JidSingle).with_value(&with.to_string()));
    }
    if let Some(start) = &filter.start {
        fields.push(Field::text_single("start", &start.0.to_rfc3339()));
    }
    if let Some(end) = &filter.end {
        fields.push(Field::text_single("end", &end.0.to_rfc3339()));
    }
    let queryid = uuid::Uuid::new_v4().simple().to_string();
    let query = Query {
        queryid: Some(QueryId(queryid.clone())),
        node: None,
        form: Some(DataForm::new(DataFormType::Submit, ns::MAM, fields)),
        set: Some(SetQuery {
            max: Some(filter.max),
            after: filter.after.clone(),
            before: None,
            index: None,
        }),
        flip_page: false,
    };
    let (fin, results) = ctx
        .keeper
        .query(user, archive, Element::from(query), &queryid)
        .await?;
    let fin = fin.and_then(|fin| Fin::try_from(fin).ok());
    let needle = filter.keywords.as_deref().map(str::to_lowercase);
    let messages = results
        .into_iter()
        .filter_map(archived)
        .filter(|m| {
            needle
                .as_ref()
                .is_none_or(|n| m.body.to_lowercase().contains(n))
        })
        .collect();
    let complete = fin.as_ref().is_some_and(|fin| fin.complete);
    Ok(Page {
        messages,
        last: fin.and_then(|fin| fin.set.last).filter(|_| !complete),
        complete,
    })
}

/// One result message's archived message, when it has a body.
fn archived(element: Element) -> Option<Archived> {
    let message = Message::try_from(element).ok()?;
    let result = message
        .payloads
        .iter()
        .find_map(|p| Result_::try_from(p.clone()).ok())?;
    let original = &result.forwarded.message;
    let (_, body) = original.get_best_body_cloned(vec![])?;
    Some(Archived {
        id: result.id,
        from: original
            .from
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        to: original
            .to
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        body,
        sent_date: result
            .forwarded
            .delay
            .map(|d| d.stamp.0.to_rfc3339())
            .unwrap_or_default(),
        kind: format!("{:?}", original.type_).to_lowercase(),
    })
}
