//! The AWS SDK's settings, as every AWS client of the gateway gets them: configured the
//! standard way (`AWS_ENDPOINT_URL`, `AWS_REGION`, the credentials chain), over rustls on
//! ring — the TLS stack the XMPP streams use — with the caller's deadlines.

use aws_config::SdkConfig;
use aws_config::timeout::TimeoutConfig;
use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};

pub async fn sdk_config(timeouts: TimeoutConfig) -> SdkConfig {
    let https = aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(CryptoMode::Ring))
        .build_https();
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .http_client(https)
        .timeout_config(timeouts)
        .load()
        .await
}
