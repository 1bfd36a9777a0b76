//! XEP-0357 push: asking the user's server to notify the gateway's push component while
//! the user has no session.

use tokio_xmpp::jid::Jid;
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::push::Enable;

/// The IQ payload that enables push toward `component`; the node is the username, which
/// the component checks against the sender.
pub fn enable(component: &Jid, user: &str) -> Element {
    Enable {
        jid: component.to_bare(),
        node: Some(user.to_string()),
        form: None,
    }
    .into()
}
