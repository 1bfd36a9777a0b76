//! Logging in with a password, and logging out.

use crate::auth::logins::Ended;
use crate::auth::{Principal, password};
use crate::directory::access;
use crate::entities::{TokenEntity, UsernamePath};
use crate::routes::endpoint;
use crate::routes::{Anyone, Empty, Endpoint, Json, Req, Text};
use crate::sign_in::{TICKET_HEADER, grant};
use crate::{ApiError, Ctx};

/// `POST /rest/login/{username}`, body = the password.
pub struct Login;

impl Endpoint for Login {
    endpoint!(post "login", "/sparkweb/api/rest/login/{username}",
        "Log in with username and password (the body); returns {token, refreshToken}",
        caller: Anyone, path: UsernamePath, body: Text, reply: Json<TokenEntity>);

    async fn handle(ctx: &Ctx, _: Anyone, req: Req<Self>) -> Result<Json<TokenEntity>, ApiError> {
        let Text(password) = req.body;
        let user = req.path.username;
        password::verify(ctx, req.info.source, &user, &password).await?;
        // Kept sealed by the keeper, so sessions can be opened later without the password.
        ctx.keeper.remember_password(&user, &password).await?;
        let ticket = req.info.header(TICKET_HEADER);
        Ok(Json(grant(ctx, ticket, &user, &["pwd"]).await?))
    }
}

/// `POST /rest/logout`: the login of the token used ends (its tokens stop working, its
/// streams end), and when it was the user's last login the XMPP session ends.
pub struct Logout;

impl Endpoint for Logout {
    endpoint!(post "logout", "/sparkweb/api/rest/logout",
        "Log out: the token used is revoked and the user's XMPP session ends",
        caller: Principal, reply: Empty);

    async fn handle(ctx: &Ctx, user: Principal, _: Req<Self>) -> Result<Empty, ApiError> {
        access::end_login(ctx, &user.username, &user.claims.sid, Ended::LoggedOut).await?;
        Ok(Empty)
    }
}
