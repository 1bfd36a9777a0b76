//! `POST /rest/xmpp`: a raw stanza from the client, sent on the user's session.

use crate::auth::Principal;
use crate::routes::endpoint;
use crate::routes::{Empty, Endpoint, Req, StanzaXml};
use crate::{ApiError, Ctx};
use xwg_core::protocol::stanza;

/// The body must be one `<message/>`, `<presence/>` or `<iq/>` in `jabber:client` (the
/// namespace of a stanza without `xmlns`, as upstream takes it); its `from` is dropped, so the server stamps the user's own address on it.
pub struct PostStanza;

impl Endpoint for PostStanza {
    endpoint!(post "post_stanza", "/sparkweb/api/rest/xmpp",
        "Send a raw stanza (the body, XML); its from is the user",
        caller: Principal, body: StanzaXml, reply: Empty);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Empty, ApiError> {
        if stanza::changes_account(&req.body.0) {
            return Err(ApiError::forbidden(
                "Account changes (jabber:iq:register) go through DELETE /rest/user and the \
                 password routes, which end the account's logins with them.",
            ));
        }
        let stanza = stanza::from_client(req.body.0).map_err(|err| {
            ApiError::bad_request(format!(
                "The body is not a message, presence or iq in the jabber:client namespace ({err})."
            ))
        })?;
        ctx.keeper.send(&user.username, stanza).await?;
        Ok(Empty)
    }
}
