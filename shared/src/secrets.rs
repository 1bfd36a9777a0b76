//! In the cloud the secrets (token keys, seal key, keeper secret, user-service secret, VAPID
//! key, XMPP admin password) come from AWS Secrets Manager, not from the template's
//! parameters: `XWG_SECRETS_ARN` names one secret whose value is a JSON object of `XWG_*`
//! variables ([`crate::config::secret_vars`]). A function or keeper reads it once, when it
//! starts, and its variables are added to the environment's (a secret's value wins).

use std::collections::HashMap;
use std::time::Duration;

use aws_sdk_secretsmanager::Client;

/// The environment's variables with the secret's added, when `XWG_SECRETS_ARN` is set.
pub async fn with_secrets(
    mut vars: HashMap<String, String>,
) -> Result<HashMap<String, String>, String> {
    let Some(arn) = vars
        .get("XWG_SECRETS_ARN")
        .filter(|arn| !arn.is_empty())
        .cloned()
    else {
        return Ok(vars);
    };
    let timeouts = aws_config::timeout::TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(1))
        .operation_timeout(Duration::from_secs(3))
        .build();
    let config = crate::aws::sdk_config(timeouts).await;
    let value = Client::new(&config)
        .get_secret_value()
        .secret_id(&arn)
        .send()
        .await
        .map_err(|e| {
            format!(
                "XWG_SECRETS_ARN: cannot read the secret: {}",
                aws_sdk_secretsmanager::error::DisplayErrorContext(e)
            )
        })?;
    let text = value
        .secret_string()
        .ok_or("XWG_SECRETS_ARN: the secret has no string value")?;
    vars.extend(crate::config::secret_vars(text)?);
    Ok(vars)
}
