//! The password step shared by every route that takes one (login, registration, passkey
//! and TOTP enrolment): guessing slowed down, then the XMPP server's own check (SASL); and
//! the rule new passwords follow.

use std::net::IpAddr;
use std::time::Duration;

use super::AuthError;
use super::guessing;
use super::limiter::Limit;
use crate::Ctx;
use crate::config::PasswordRule;
use xwg_core::identity::Username;
use xwg_core::protocol::password::{PasswordCheckError, check_password};

/// Failed password attempts in 15 minutes before further attempts are slowed down
/// ([`guessing`]): for one user from one source address; from one source address for any
/// users (spraying); and for one user from everywhere (many places guessing one password).
/// A right password always passes (after the wait, past a limit).
const PER_USER_AND_ADDRESS: Limit = Limit {
    name: "password",
    max: 10,
    window: Duration::from_secs(900),
};
const PER_ADDRESS: Limit = Limit {
    name: "password-from-address",
    max: 50,
    window: Duration::from_secs(900),
};
const PER_USER: Limit = Limit {
    name: "password-for-user",
    max: 100,
    window: Duration::from_secs(900),
};

/// Checks the password of `user` (from `source`, when known).
pub async fn verify(
    ctx: &Ctx,
    source: Option<IpAddr>,
    user: &Username,
    password: &str,
) -> Result<(), AuthError> {
    let jid = user.at(ctx.domain());
    if password.is_empty() {
        return Err(AuthError::Invalid(
            "Send the password as the request body (plain text).".into(),
        ));
    }
    let address = source.map_or_else(|| "unknown".to_string(), |a| a.to_string());
    let watched = vec![
        (&PER_USER_AND_ADDRESS, format!("{user}|{address}")),
        (&PER_ADDRESS, address),
        (&PER_USER, user.to_string()),
    ];
    let attempt = guessing::Attempt::begin(ctx, watched).await?;
    match check_password(&ctx.config.xmpp, &jid, password).await {
        Ok(()) => {
            // The user's failures from this place are forgotten; the others stay.
            attempt.passed(&[0]).await?;
            Ok(())
        }
        // Only a refused password counts.
        Err(PasswordCheckError::Refused) => {
            attempt.failed().await?;
            Err(AuthError::NotAuthorized(
                "The XMPP server refused this username and password; check both and try again."
                    .into(),
            ))
        }
        Err(PasswordCheckError::Unreachable(reason)) => {
            tracing::error!(%reason, "password check could not reach the XMPP server");
            Err(AuthError::XmppUnavailable(reason))
        }
    }
}

/// Checks a new password against the rule (registration, and creation or change by an
/// administrator; logins take whatever the server holds): its length in characters, and
/// not the username. The error names the rule.
pub fn check_new(rule: &PasswordRule, username: &str, password: &str) -> Result<(), AuthError> {
    let length = password.chars().count();
    let refused = |what: &str| {
        AuthError::Invalid(format!(
            "{what}: a password is {} to {} characters long (spaces and letters of any script \
             are fine) and is not the username; choose another.",
            rule.min, rule.max
        ))
    };
    if length < rule.min {
        return Err(refused(&format!("This password is {length} characters")));
    }
    if length > rule.max {
        return Err(refused(&format!("This password is {length} characters")));
    }
    if password.trim().to_lowercase() == username.to_lowercase() {
        return Err(refused("This password is the username"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_passwords_follow_the_rule_and_the_error_names_it() {
        let rule = PasswordRule { min: 8, max: 16 };
        for good in [
            "correct horse",
            "pässwörter",
            "密码密码密码密码",
            "        x",
        ] {
            assert!(check_new(&rule, "ann", good).is_ok(), "{good:?}");
        }
        for bad in [
            "x",
            "1234567",
            "seventeen chars!!",
            "annabelle",
            " Annabelle ",
        ] {
            let Err(AuthError::Invalid(message)) = check_new(&rule, "annabelle", bad) else {
                panic!("{bad:?} is refused as invalid input")
            };
            assert!(message.contains("8 to 16 characters"), "{message}");
        }
        assert!(
            check_new(&rule, "ann", "1234567")
                .unwrap_err()
                .to_string()
                .starts_with("This password is 7 characters")
        );
    }
}
