//! HTTP upload slots (XEP-0363) from the server's upload service.

use tokio_xmpp::jid::Jid;
use tokio_xmpp::parsers::http_upload::{SlotRequest, SlotResult};

use super::On;
use crate::keeper::{IqKind, KeeperError};

/// Where to PUT a file (with which headers) and where it can then be fetched.
#[derive(Debug)]
pub struct Slot {
    pub put_url: String,
    pub headers: Vec<(String, String)>,
    pub get_url: String,
}

impl On<'_> {
    /// A slot for a file of `size` bytes from the upload `service`.
    pub async fn upload_slot(
        &self,
        service: Jid,
        filename: String,
        size: u64,
        content_type: Option<String>,
    ) -> Result<Slot, KeeperError> {
        let request = SlotRequest {
            filename,
            size,
            content_type,
        };
        let answer = self
            .keeper
            .iq(self.user, Some(service), IqKind::Get, request.into())
            .await?
            .ok_or_else(|| {
                KeeperError::Internal("the upload service answered with no slot".into())
            })?;
        let slot = SlotResult::try_from(answer)
            .map_err(|err| KeeperError::Internal(format!("unreadable upload slot: {err}")))?;
        Ok(Slot {
            put_url: slot.put.url,
            headers: slot
                .put
                .headers
                .into_iter()
                .map(|header| (header.name.as_str().to_string(), header.value))
                .collect(),
            get_url: slot.get.url,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keeper::fake::{Call, FakeKeeper};

    #[tokio::test]
    async fn a_slot_is_requested_and_read_as_in_the_xep() {
        // XEP-0363 §4, Examples 4 and 5 (the slot with its Authorization header).
        let keeper = FakeKeeper::new();
        keeper.answer_xml(
            "<slot xmlns='urn:xmpp:http:upload:0'>\
             <put url='https://upload.montague.tld/4a771ac1-f0b2-4a4a-9700-f2a26fa2bb67/tr%C3%A8s%20cool.jpg'>\
             <header name='Authorization'>Basic Base64String==</header>\
             <header name='Cookie'>foo=bar; user=romeo</header></put>\
             <get url='https://download.montague.tld/4a771ac1-f0b2-4a4a-9700-f2a26fa2bb67/tr%C3%A8s%20cool.jpg'/></slot>",
        );
        let slot = On::new(&keeper, "romeo")
            .upload_slot(
                "upload.montague.tld".parse().unwrap(),
                "très cool.jpg".into(),
                23456,
                Some("image/jpeg".into()),
            )
            .await
            .unwrap();
        assert!(slot.put_url.starts_with("https://upload.montague.tld/"));
        assert!(slot.get_url.starts_with("https://download.montague.tld/"));
        assert_eq!(
            slot.headers,
            [
                (
                    "Authorization".to_string(),
                    "Basic Base64String==".to_string()
                ),
                ("Cookie".to_string(), "foo=bar; user=romeo".to_string()),
            ]
        );
        let Call::Iq {
            payload,
            kind: IqKind::Get,
            ..
        } = &keeper.calls()[0]
        else {
            panic!("an IQ get");
        };
        assert_eq!(payload.attr("filename"), Some("très cool.jpg"));
        assert_eq!(payload.attr("size"), Some("23456"));
        assert_eq!(payload.attr("content-type"), Some("image/jpeg"));
    }

    #[tokio::test]
    async fn an_empty_answer_is_an_error_not_a_slot() {
        let keeper = FakeKeeper::new();
        keeper.answer([crate::keeper::fake::Answer::Iq(Ok(None))]);
        let on = On::new(&keeper, "romeo");
        assert!(
            on.upload_slot("upload.montague.tld".parse().unwrap(), "a".into(), 1, None)
                .await
                .is_err()
        );
    }
}
