//! `GET /rest/upload/{fileName}/{fileSize}`: an HTTP upload slot (XEP-0363) from the
//! server's upload service, requested on the user's session.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Principal;
use crate::routes::endpoint;
use crate::routes::errors::{About, keeper_refusal};
use crate::routes::{Endpoint, Json, Req};
use crate::{ApiError, Ctx};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct FilePath {
    #[serde(rename = "fileName")]
    #[param(rename = "fileName")]
    file_name: String,
    /// The file's size in bytes.
    #[serde(rename = "fileSize")]
    #[param(rename = "fileSize", value_type = u64)]
    file_size: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadQuery {
    /// The file's MIME type.
    #[serde(rename = "contentType")]
    #[param(rename = "contentType")]
    content_type: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UploadSlotEntity {
    /// Where to PUT the file, with `headers`.
    put_url: String,
    headers: BTreeMap<String, String>,
    /// Where the file can be fetched once uploaded.
    get_url: String,
    /// Upstream's names: `put` is `putUrl`, `get` is `getUrl`.
    put: String,
    get: String,
}

pub struct UploadSlot;

impl Endpoint for UploadSlot {
    endpoint!(get "upload_slot", "/sparkweb/api/rest/upload/{fileName}/{fileSize}",
        "An HTTP upload slot (XEP-0363): {putUrl, headers, getUrl}",
        caller: Principal, path: FilePath, query: UploadQuery, reply: Json<UploadSlotEntity>);

    async fn handle(
        ctx: &Ctx,
        user: Principal,
        req: Req<Self>,
    ) -> Result<Json<UploadSlotEntity>, ApiError> {
        let size: u64 = req
            .path
            .file_size
            .parse()
            .ok()
            .filter(|size| *size > 0)
            .ok_or_else(|| {
                ApiError::bad_request("fileSize is the file's size in bytes, above 0.")
            })?;
        let slot = ctx
            .on(&user.username)
            .upload_slot(
                ctx.config.upload_service.clone(),
                req.path.file_name,
                size,
                req.query.content_type,
            )
            .await
            .map_err(|err| keeper_refusal(err, About::Upload))?;
        Ok(Json(UploadSlotEntity {
            put: slot.put_url.clone(),
            get: slot.get_url.clone(),
            put_url: slot.put_url,
            headers: slot.headers.into_iter().collect(),
            get_url: slot.get_url,
        }))
    }
}
