//! Names and avatars (vCards, XEP-0054, with the photo as XEP-0153 puts it there): anyone's
//! card as the user's session reads it, and the user's own avatar. vCards are what both
//! Prosody (which mirrors them to XEP-0084 PEP avatars) and ejabberd keep.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use xwg_core::identity::Address;
use xwg_core::xmpp::vcard::{MAX_PHOTO, PHOTO_TYPES, Photo, is_image};

use crate::auth::Principal;
use crate::routes::endpoint;
use crate::routes::{Empty, Endpoint, Json, Req};
use crate::{ApiError, Ctx};

const AVATAR: &str = "/sparkweb/api/rest/user/avatar";

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct CardPath {
    /// Whose card: a JID, or a local username.
    #[param(value_type = String)]
    jid: Address,
}

/// What someone's vCard says.
#[derive(Serialize, ToSchema)]
pub struct CardEntity {
    jid: String,
    /// The name they chose (FN, else NICKNAME), at most 200 characters.
    name: Option<String>,
    /// Their avatar as a `data:` URL of a PNG, JPEG, GIF or WebP image (at most 128 KiB);
    /// none when they have none, or one of another type or size.
    avatar: Option<String>,
}

/// `GET /rest/vcard/{jid}`: someone's name and avatar, read on the user's session.
pub struct GetCard;

impl Endpoint for GetCard {
    endpoint!(get "get_card", "/sparkweb/api/rest/vcard/{jid}",
        "Someone's name and avatar from their vCard: {jid, name, avatar (a data: URL)}",
        caller: Principal, path: CardPath, reply: Json<CardEntity>);

    async fn handle(
        ctx: &Ctx,
        user: Principal,
        req: Req<Self>,
    ) -> Result<Json<CardEntity>, ApiError> {
        let whose = req.path.jid.resolve(ctx.domain()).to_bare();
        let card = ctx.on(&user.username).vcard_card_of(&whose).await?;
        let avatar = card.photo.map(|photo| {
            format!(
                "data:{};base64,{}",
                photo.mime,
                STANDARD.encode(photo.bytes)
            )
        });
        Ok(Json(CardEntity {
            jid: whose.to_string(),
            name: card.name,
            avatar,
        }))
    }
}

/// A new avatar.
#[derive(Deserialize, ToSchema)]
pub struct AvatarBody {
    /// `image/png`, `image/jpeg`, `image/gif` or `image/webp`.
    #[serde(rename = "type")]
    mime: String,
    /// The image, base64, at most 128 KiB once decoded.
    data: String,
}

fn photo_of(body: AvatarBody) -> Result<Photo, ApiError> {
    let mime = body.mime.to_lowercase();
    if !PHOTO_TYPES.contains(&mime.as_str()) {
        return Err(ApiError::bad_request(format!(
            "An avatar is one of {}.",
            PHOTO_TYPES.join(", ")
        )));
    }
    // The base64 as it is, wrapped over lines, or as a `data:` URL.
    let data = body
        .data
        .rsplit_once(";base64,")
        .map_or(body.data.as_str(), |(_, data)| data);
    let data: String = data.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    if data.is_empty() {
        return Err(ApiError::bad_request(
            "`data` is empty: send the image, in base64.",
        ));
    }
    let bytes = STANDARD
        .decode(data)
        .map_err(|_| ApiError::bad_request("`data` is not base64."))?;
    if bytes.len() > MAX_PHOTO {
        return Err(ApiError::bad_request(format!(
            "An avatar is at most {} KiB.",
            MAX_PHOTO / 1024
        )));
    }
    if !is_image(&mime, &bytes) {
        return Err(ApiError::bad_request(format!(
            "`data` is not an image of the type given ({mime})."
        )));
    }
    Ok(Photo { mime, bytes })
}

/// `PUT /rest/user/avatar`, body `{type, data}`: the user's avatar, in their vCard.
pub struct PutAvatar;

impl Endpoint for PutAvatar {
    endpoint!(put "put_avatar", AVATAR,
        "Set the user's avatar (body {type, data: base64}; PNG, JPEG, GIF or WebP, at most 128 KiB)",
        caller: Principal, body: Json<AvatarBody>, reply: Empty);

    /// The image in base64, and room for the rest of the JSON.
    const BODY_LIMIT: usize = MAX_PHOTO / 3 * 4 + 1024;

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Empty, ApiError> {
        let Json(body) = req.body;
        let photo = photo_of(body)?;
        ctx.on(&user.username)
            .vcard_set_own_photo(Some(&photo))
            .await?;
        Ok(Empty)
    }
}

/// `DELETE /rest/user/avatar`: no avatar any more.
pub struct DeleteAvatar;

impl Endpoint for DeleteAvatar {
    endpoint!(delete "delete_avatar", AVATAR, "Remove the user's avatar",
        caller: Principal, reply: Empty);

    async fn handle(ctx: &Ctx, user: Principal, _: Req<Self>) -> Result<Empty, ApiError> {
        ctx.on(&user.username).vcard_set_own_photo(None).await?;
        Ok(Empty)
    }
}
