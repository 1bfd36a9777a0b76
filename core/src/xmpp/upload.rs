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
