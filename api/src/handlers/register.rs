//! `POST /rest/register/{username}`: a new account, where registration is on.

use crate::directory::profiles;
use crate::directory::registration::create_account;
use crate::entities::{TokenEntity, UsernamePath};
use crate::routes::endpoint;
use crate::routes::{Anyone, Endpoint, Json, Req, Text};
use crate::sign_in::{TICKET_HEADER, grant};
use crate::{ApiError, Ctx};
use xwg_core::identity::Username;

/// Body = the password: creates the account and logs in.
pub struct Register;

impl Endpoint for Register {
    endpoint!(post "register", "/sparkweb/api/rest/register/{username}",
        "Create an account (in-band registration; body: the password) and log in; returns {token, \
         refreshToken}",
        caller: Anyone, path: UsernamePath, body: Text, reply: Json<TokenEntity>);

    async fn handle(ctx: &Ctx, _: Anyone, req: Req<Self>) -> Result<Json<TokenEntity>, ApiError> {
        let Text(password) = req.body;
        let ticket = req.info.header(TICKET_HEADER);
        create_account(
            ctx,
            req.info.source,
            &req.path.username,
            &password,
            async |user| {
                ctx.keeper.remember_password(user, &password).await?;
                named_after_account(ctx, user).await?;
                Ok(Json(grant(ctx, ticket, user, &["pwd"]).await?))
            },
        )
        .await
    }
}

/// A new account's name is its username and its email its address, as upstream fills
/// them in (the user changes them with `PUT user`): in the vCard where the session can
/// set it now, in the gateway's profile always.
async fn named_after_account(ctx: &Ctx, user: &Username) -> Result<(), ApiError> {
    let (name, email) = (user.to_string(), user.at(ctx.domain()).to_string());
    if let Err(err) =
        profiles::change(ctx, user.as_str(), Some(name.clone()), Some(email.clone())).await
    {
        tracing::warn!(%user, error = %err, "the new account's vCard was not set; its profile is");
        let profile = profiles::Profile {
            name,
            email,
            ..profiles::Profile::default()
        };
        profiles::put(ctx, user.as_str(), &profile).await?;
    }
    Ok(())
}
