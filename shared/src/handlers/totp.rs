//! TOTP two-factor: enrolment with the password, then logins with codes.

use std::time::Duration;

use http::StatusCode;
use lambda_http::{Body, Request, RequestExt, Response};
use serde::{Deserialize, Serialize};

use crate::auth::limiter::{self, Limit};
use crate::auth::totp::{self, Enrolment};
use crate::handlers::login::verify_password;
use crate::handlers::tokens::grant;
use crate::http_io::{body_text, ok_json, path_param};
use crate::store::StoreError;
use crate::xmpp::user_jid;
use crate::{ApiError, Ctx};

/// Failed codes allowed per user in 15 minutes; then the user waits (Retry-After).
const PER_USER: Limit = Limit {
    name: "TOTP",
    max: 5,
    window: Duration::from_secs(900),
};

/// SparkWeb's `TOTPEntity` (`url`: the QR code to scan, as a PNG data URL) and the
/// otpauth URL it encodes, for apps on the same device.
#[derive(Serialize)]
pub struct TotpEntity {
    pub url: String,
    pub otpauth: String,
}

/// `POST /rest/totp/register/{username}`, body = the password. Creates the user's TOTP
/// secret (once; until a first code confirms it, the same one is shown again).
pub async fn register(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let password = body_text(&req)?;
    let user = verify_password(ctx, &req, &path_param(&req, "username")?, &password).await?;
    ctx.keeper.remember_password(&user, &password).await?;
    let store = ctx.store.as_ref();
    let secret = match totp::load(store, &user).await? {
        Some((enrolment, _)) if enrolment.confirmed => {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "AlreadyEnrolled",
                "TOTP is already set up for this account; log in with a code from your authenticator app.",
            ));
        }
        Some((pending, _)) => pending.secret,
        None => {
            let enrolment = Enrolment {
                secret: totp::new_secret(),
                confirmed: false,
                last_step: 0,
            };
            match totp::save(store, &user, &enrolment, None).await {
                Ok(()) => enrolment.secret,
                // A concurrent enrolment won: show its secret.
                Err(StoreError::ConditionFailed) => match totp::load(store, &user).await? {
                    Some((pending, _)) if !pending.confirmed => pending.secret,
                    _ => {
                        return Err(ApiError::new(
                            StatusCode::CONFLICT,
                            "AlreadyEnrolled",
                            "TOTP was set up meanwhile.",
                        ));
                    }
                },
                Err(err) => return Err(err.into()),
            }
        }
    };
    let account = format!("{user}@{}", ctx.config.xmpp.domain);
    let totp = totp::totp(&secret, &account)?;
    let failed = |err: totp_rs::TotpError| {
        tracing::error!(error = %err, "TOTP QR code not made");
        ApiError::internal()
    };
    let qr = totp.to_qr_base64().map_err(failed)?;
    let otpauth = totp.to_url().map_err(failed)?;
    ok_json(&TotpEntity {
        url: format!("data:image/png;base64,{qr}"),
        otpauth,
    })
}

#[derive(Deserialize)]
struct CodeBody {
    code: String,
}

/// `POST /rest/totp/authenticate/{username}/{code}`, or `…/{username}` with `{"code": …}`
/// (so that the code need not sit in access logs). The first good code also confirms the
/// enrolment.
pub async fn authenticate(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let username = path_param(&req, "username")?;
    let jid = user_jid(&username, &ctx.config.xmpp.domain)?;
    let user = jid.node().map(|n| n.to_string()).unwrap_or(username);
    let code = match req.path_parameters().first("code") {
        Some(code) => code.to_string(),
        None => serde_json::from_str::<CodeBody>(&body_text(&req)?)
            .map(|body| body.code)
            .map_err(|_| {
                ApiError::bad_request("Send the code in the path or as {\"code\": \"123456\"}.")
            })?,
    };
    let (store, now) = (ctx.store.as_ref(), ctx.clock.now());
    limiter::reserve(store, &PER_USER, &user, now).await?;
    let refused = |message: &str| ApiError::unauthorized(message);
    let outcome = match totp::load(store, &user).await? {
        None => Err(refused(
            "TOTP is not set up for this account; set it up with your password first.",
        )),
        Some((enrolment, item)) => {
            let account = format!("{user}@{}", ctx.config.xmpp.domain);
            match totp::totp(&enrolment.secret, &account)?.check(code.trim(), now as u64) {
                None => Err(refused(
                    "Wrong or expired code; enter the code your authenticator app shows now.",
                )),
                Some(step) if step <= enrolment.last_step => Err(refused(
                    "This code was already used; wait for the next one.",
                )),
                Some(step) => {
                    let accepted = Enrolment {
                        confirmed: true,
                        last_step: step,
                        ..enrolment
                    };
                    match totp::save(store, &user, &accepted, Some(item.version)).await {
                        Ok(()) => Ok(()),
                        // The same code, accepted by a concurrent call: a replay.
                        Err(StoreError::ConditionFailed) => Err(refused(
                            "This code was already used; wait for the next one.",
                        )),
                        Err(err) => return Err(err.into()),
                    }
                }
            }
        }
    };
    // A failure keeps the attempt it reserved; a success forgets them all.
    outcome?;
    limiter::clear(store, &PER_USER, &user).await?;
    grant(ctx, &req, &user, &["otp"]).await
}
