//! What a push carries: SparkWeb's `NotificationEntity` as JSON, which the service worker
//! in `web/` shows (title = `subject`) with its actions.

use serde::{Deserialize, Serialize};

use super::{MAX_PAYLOAD, PushError};

/// SparkWeb's `NotificationActionEntity`: a button of a notification, and what the service
/// worker posts back to `webpush/action` when it is used.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schema(as = NotificationActionEntity))]
pub struct Action {
    #[serde(default)]
    pub action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// The action that answers a chat message: its text goes back as a chat message to `data`.
pub const REPLY: &str = "webpush.message";

/// SparkWeb's `NotificationEntity`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schema(as = NotificationEntity))]
pub struct Notification {
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    #[serde(default)]
    pub require_interaction: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Action>,
}

impl Notification {
    /// A chat message from `from`: its text, and a reply action answering `from`.
    pub fn message(from: &str, body: &str) -> Self {
        Self {
            subject: format!("Message from {from}"),
            body: body.to_string(),
            data: Some(from.to_string()),
            actions: vec![Action {
                action: REPLY.into(),
                title: Some("Reply".into()),
                kind: Some("text".into()),
                placeholder: Some("Type a reply".into()),
                ..Action::default()
            }],
            ..Self::default()
        }
    }

    /// The JSON the push carries; over Web Push's size the notification is refused.
    pub fn payload(&self) -> Result<Vec<u8>, PushError> {
        // Serialising plain strings and JSON values cannot fail.
        let payload = serde_json::to_vec(self).unwrap_or_default();
        if payload.len() > MAX_PAYLOAD {
            return Err(PushError::TooLarge {
                size: payload.len(),
                max: MAX_PAYLOAD,
            });
        }
        Ok(payload)
    }

    /// The same notification made to fit: the body is cut (at a character boundary, with
    /// `…`) until the payload fits. Used for messages the gateway pushes on its own.
    pub fn fitted(mut self) -> Self {
        while self.payload().is_err() && !self.body.is_empty() {
            let over = serde_json::to_vec(&self).map_or(0, |p| p.len()) - MAX_PAYLOAD;
            let mut keep = self
                .body
                .trim_end_matches('…')
                .len()
                .saturating_sub(over + 3);
            while !self.body.is_char_boundary(keep) {
                keep -= 1;
            }
            self.body.truncate(keep);
            self.body.push('…');
        }
        self
    }

    /// Pushes about one conversation replace each other at the push service while undelivered.
    pub fn topic(&self) -> Option<String> {
        use sha2::{Digest, Sha256};
        let data = self.data.as_deref()?;
        let digest = Sha256::digest(data.as_bytes());
        Some(base64::Engine::encode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            &digest[..24],
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_message_is_cut_to_fit_and_a_long_notification_refused() {
        let long = "ü".repeat(4000);
        let fitted = Notification::message("bob@example.org", &long).fitted();
        let size = fitted.payload().expect("fits").len();
        assert!(size <= MAX_PAYLOAD && size > MAX_PAYLOAD - 8, "{size}");
        assert!(fitted.body.ends_with('…'));
        let refused = Notification::message("bob@example.org", &long).payload();
        assert!(matches!(refused, Err(PushError::TooLarge { .. })));
    }

    #[test]
    fn the_topic_is_base64url_of_at_most_32_characters() {
        let topic = Notification::message("bob@example.org", "hi")
            .topic()
            .unwrap();
        assert_eq!(topic.len(), 32);
        assert!(
            topic
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
    }
}
