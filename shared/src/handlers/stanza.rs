//! `POST /rest/xmpp`: a raw stanza from the client, sent on the user's session.

use lambda_http::{Body, Request, Response};
use tokio_xmpp::Stanza;
use tokio_xmpp::minidom::Element;

use crate::auth::Principal;
use crate::http_io::{body_text, ok_empty};
use crate::{ApiError, Ctx};

/// The body must be one `<message/>`, `<presence/>` or `<iq/>` in `jabber:client`; its
/// `from` is dropped, so the server stamps the user's own address on it.
pub async fn post_stanza(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let principal = Principal::of(&req)?;
    let xml = body_text(&req)?;
    let element: Element = xml.trim().parse().map_err(|err| {
        ApiError::bad_request(format!("The body is not well-formed XML ({err})."))
    })?;
    let mut stanza = Stanza::try_from(element).map_err(|err| {
        ApiError::bad_request(format!(
            "The body is not a message, presence or iq in the jabber:client namespace ({err})."
        ))
    })?;
    match &mut stanza {
        Stanza::Message(message) => message.from = None,
        Stanza::Presence(presence) => presence.from = None,
        Stanza::Iq(iq) => match iq {
            tokio_xmpp::parsers::iq::Iq::Get { from, .. }
            | tokio_xmpp::parsers::iq::Iq::Set { from, .. }
            | tokio_xmpp::parsers::iq::Iq::Result { from, .. }
            | tokio_xmpp::parsers::iq::Iq::Error { from, .. } => *from = None,
        },
    }
    ctx.keeper.send(&principal.username, stanza).await?;
    ok_empty()
}
