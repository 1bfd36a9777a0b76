//! `GET /rest/upload/{fileName}/{fileSize}`: an HTTP upload slot (XEP-0363) from the
//! server's upload service, requested on the user's session.

use lambda_http::{Body, Request, Response};
use serde::Serialize;
use std::collections::BTreeMap;
use tokio_xmpp::jid::Jid;
use tokio_xmpp::parsers::http_upload::{SlotRequest, SlotResult};

use crate::auth::Principal;
use crate::http_io::{ok_json, path_param, query_param};
use crate::keeper::{IqKind, KeeperError};
use crate::{ApiError, Ctx};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UploadSlot {
    /// Where to PUT the file, with `headers`.
    put_url: String,
    headers: BTreeMap<String, String>,
    /// Where the file can be fetched once uploaded.
    get_url: String,
}

pub async fn upload_slot(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let principal = Principal::of(&req)?;
    let filename = path_param(&req, "fileName")?;
    let size: u64 = path_param(&req, "fileSize")?
        .parse()
        .ok()
        .filter(|size| *size > 0)
        .ok_or_else(|| ApiError::bad_request("fileSize is the file's size in bytes, above 0."))?;
    let service = Jid::new(&ctx.config.upload_service).map_err(|_| {
        tracing::error!(service = %ctx.config.upload_service, "XWG_UPLOAD_SERVICE is not a JID");
        ApiError::internal()
    })?;
    let request = SlotRequest {
        filename,
        size,
        content_type: query_param(&req, "contentType"),
    };
    let answer = ctx
        .keeper
        .iq(
            &principal.username,
            Some(service),
            IqKind::Get,
            request.into(),
        )
        .await
        .map_err(|err| match err {
            KeeperError::XmppError(condition) if condition == "not-acceptable" => ApiError::new(
                http::StatusCode::PAYLOAD_TOO_LARGE,
                "FileTooLarge",
                "The upload service does not take a file of this size.",
            ),
            other => other.into(),
        })?
        .ok_or_else(ApiError::xmpp_unavailable)?;
    let slot = SlotResult::try_from(answer).map_err(|err| {
        tracing::error!(error = %err, "unreadable upload slot");
        ApiError::internal()
    })?;
    ok_json(&UploadSlot {
        put_url: slot.put.url,
        headers: slot
            .put
            .headers
            .into_iter()
            .map(|header| (header.name.as_str().to_string(), header.value))
            .collect(),
        get_url: slot.get.url,
    })
}
