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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enabling_names_the_component_and_the_user_as_node() {
        // XEP-0357 §5, Example 9 (without a publish-options form).
        let component: Jid = "push.example.net".parse().unwrap();
        let enable = enable(&component, "yxs32uqsflafdk3iuqo");
        assert!(enable.is("enable", "urn:xmpp:push:0"));
        assert_eq!(enable.attr("jid"), Some("push.example.net"));
        assert_eq!(enable.attr("node"), Some("yxs32uqsflafdk3iuqo"));
    }
}
