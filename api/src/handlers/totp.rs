//! TOTP two-factor: enrolment with the password, then logins with codes.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use xwg_core::identity::Username;

use crate::ErrorKind;
use crate::auth::limiter::{self, Limit};
use crate::auth::password;
use crate::auth::totp::{self, Enrolment};
use crate::entities::{TokenEntity, UsernamePath};
use crate::routes::endpoint;
use crate::routes::{Anyone, Endpoint, Json, Req, Text};
use crate::sign_in::{TICKET_HEADER, grant};
use crate::{ApiError, Ctx};
use xwg_core::store::StoreError;

/// Failed codes allowed per user in 15 minutes; then the user waits (Retry-After).
const PER_USER: Limit = Limit {
    name: "TOTP",
    max: 5,
    window: Duration::from_secs(900),
};

/// SparkWeb's `TOTPEntity` (`url`: the QR code to scan, as a PNG data URL) and the
/// otpauth URL it encodes, for apps on the same device.
#[derive(Serialize, ToSchema)]
pub struct TotpEntity {
    pub url: String,
    pub otpauth: String,
}

fn already_enrolled(message: &str) -> ApiError {
    ApiError::conflict(ErrorKind::AlreadyEnrolled, message)
}

/// `POST /rest/totp/register/{username}`, body = the password. Creates the user's TOTP
/// secret (once; until a first code confirms it, the same one is shown again).
pub struct TotpRegister;

impl Endpoint for TotpRegister {
    endpoint!(post "totp_register", "/sparkweb/api/rest/totp/register/{username}",
        "Set up TOTP with the password (the body); returns {url: QR code PNG data URL, otpauth}",
        caller: Anyone, path: UsernamePath, body: Text, reply: Json<TotpEntity>);

    async fn handle(ctx: &Ctx, _: Anyone, req: Req<Self>) -> Result<Json<TotpEntity>, ApiError> {
        let Text(password) = req.body;
        let user = req.path.username;
        password::verify(ctx, req.info.source, &user, &password).await?;
        ctx.keeper.remember_password(&user, &password).await?;
        let store = ctx.store.as_ref();
        let secret = match totp::load(store, &ctx.sealer, &user).await? {
            Some((enrolment, _)) if enrolment.confirmed => {
                return Err(already_enrolled(
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
                match totp::save(store, &ctx.sealer, &user, &enrolment, None).await {
                    Ok(()) => enrolment.secret,
                    // A concurrent enrolment won: show its secret.
                    Err(StoreError::ConditionFailed) => {
                        match totp::load(store, &ctx.sealer, &user).await? {
                            Some((pending, _)) if !pending.confirmed => pending.secret,
                            _ => return Err(already_enrolled("TOTP was set up meanwhile.")),
                        }
                    }
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
        Ok(Json(TotpEntity {
            url: format!("data:image/png;base64,{qr}"),
            otpauth,
        }))
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct CodePath {
    /// The XMPP username (the part before the @).
    #[param(value_type = String)]
    username: Username,
    /// The code the authenticator app shows (or send it as `{code}` in the body).
    code: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct CodeBody {
    code: String,
}

/// `POST /rest/totp/authenticate/{username}/{code}`, or `…/{username}` with `{"code": …}`
/// (so that the code need not sit in access logs). The first good code also confirms the
/// enrolment.
pub struct TotpAuthenticate;

impl Endpoint for TotpAuthenticate {
    endpoint!(post "totp_authenticate", "/sparkweb/api/rest/totp/authenticate/{username}/{code}",
        "Log in with a TOTP code (in the path, or as {code} at the alias); returns {token, \
         refreshToken}",
        caller: Anyone, path: CodePath, body: Option<Json<CodeBody>>,
        reply: Json<TokenEntity>, also: &["/sparkweb/api/rest/totp/authenticate/{username}"]);

    async fn handle(ctx: &Ctx, _: Anyone, req: Req<Self>) -> Result<Json<TokenEntity>, ApiError> {
        let user = req.path.username;
        let code = match (req.path.code, req.body) {
            (Some(code), _) => code,
            (None, Some(Json(body))) => body.code,
            (None, None) => {
                return Err(ApiError::bad_request(
                    "Send the code in the path or as {\"code\": \"123456\"}.",
                ));
            }
        };
        let (store, now) = (ctx.store.as_ref(), ctx.clock.now());
        limiter::reserve(store, &PER_USER, &user, now).await?;
        // A failure keeps the attempt it reserved; a success forgets them all.
        check_code(ctx, &user, code.trim(), now).await?;
        limiter::clear(store, &PER_USER, &user).await?;
        let ticket = req.info.header(TICKET_HEADER);
        Ok(Json(grant(ctx, ticket, &user, &["otp"]).await?))
    }
}

/// Accepts the code once: right for now (±1 step) and newer than the last one accepted.
async fn check_code(ctx: &Ctx, user: &str, code: &str, now: i64) -> Result<(), ApiError> {
    let store = ctx.store.as_ref();
    let refused = |message: &str| ApiError::unauthorized(message);
    let replay = || refused("This code was already used; wait for the next one.");
    let Some((enrolment, item)) = totp::load(store, &ctx.sealer, user).await? else {
        return Err(refused(
            "TOTP is not set up for this account; set it up with your password first.",
        ));
    };
    let account = format!("{user}@{}", ctx.config.xmpp.domain);
    match totp::totp(&enrolment.secret, &account)?.check(code, now as u64) {
        None => Err(refused(
            "Wrong or expired code; enter the code your authenticator app shows now.",
        )),
        Some(step) if step <= enrolment.last_step => Err(replay()),
        Some(step) => {
            let accepted = Enrolment {
                confirmed: true,
                last_step: step,
                ..enrolment
            };
            match totp::save(store, &ctx.sealer, user, &accepted, Some(item.version)).await {
                Ok(()) => Ok(()),
                // The same code, accepted by a concurrent call: a replay.
                Err(StoreError::ConditionFailed) => Err(replay()),
                Err(err) => Err(err.into()),
            }
        }
    }
}
