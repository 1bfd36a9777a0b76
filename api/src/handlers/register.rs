//! `POST /rest/register/{username}`: a new account, where registration is on.

use crate::directory::registration::create_account;
use crate::entities::{TokenEntity, UsernamePath};
use crate::routes::endpoint;
use crate::routes::{Anyone, Endpoint, Json, Req, Text};
use crate::sign_in::{TICKET_HEADER, grant};
use crate::{ApiError, Ctx};

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
                Ok(Json(grant(ctx, ticket, user, &["pwd"]).await?))
            },
        )
        .await
    }
}
