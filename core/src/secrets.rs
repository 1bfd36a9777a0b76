//! In the cloud the secrets (token keys, seal key, keeper secret, user-service secret, VAPID
//! key, XMPP admin password) come from AWS Secrets Manager, not from the template's
//! parameters: `XWG_SECRETS_ARN` names the secrets — one, or several separated by commas
//! (a function reads those its route is granted; the keeper reads them all, and one of its
//! own) — each a JSON object of `XWG_*`
//! variables ([`crate::config::secret_vars`]). A function or keeper reads them once, when
//! it starts, and their variables are added to the environment's (a secret's value wins).

use std::collections::HashMap;
use std::time::Duration;

use aws_sdk_secretsmanager::Client;

/// The environment's variables with the secrets' added, when `XWG_SECRETS_ARN` is set.
pub async fn with_secrets(
    mut vars: HashMap<String, String>,
) -> Result<HashMap<String, String>, String> {
    let arns: Vec<String> = vars
        .get("XWG_SECRETS_ARN")
        .map(|arns| {
            arns.split(',')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default();
    if arns.is_empty() {
        return Ok(vars);
    }
    let timeouts = aws_config::timeout::TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(1))
        .operation_timeout(Duration::from_secs(3))
        .build();
    let client = Client::new(&crate::aws::sdk_config(timeouts).await);
    for arn in arns {
        let value = client
            .get_secret_value()
            .secret_id(&arn)
            .send()
            .await
            .map_err(|e| {
                format!(
                    "XWG_SECRETS_ARN: cannot read {arn}: {}",
                    aws_sdk_secretsmanager::error::DisplayErrorContext(e)
                )
            })?;
        let text = value
            .secret_string()
            .ok_or_else(|| format!("XWG_SECRETS_ARN: {arn} has no string value"))?;
        vars.extend(crate::config::secret_vars(text)?);
    }
    Ok(vars)
}
