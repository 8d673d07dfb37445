//! Error handling: configures timeouts and the retry policy, then calls
//! `GET /organizations/{organizationId}/check-team-permission` and reacts to every kind of
//! `make_com_api::Error` — API errors with Make's `code`/`message`/`detail` (and the typed body of
//! documented errors), timeouts, transport failures and undecodable responses.
//!
//! ```text
//! MAKE_API_TOKEN=your-api-token MAKE_ZONE=eu1.make.com MAKE_ORGANIZATION_ID=11 \
//!     cargo run -p make-com-api --example error_handling
//! ```
//!
//! - `MAKE_TEAM_PERMISSION`: the permission to check (default `scenario add`).
//! - `MAKE_ZONE` (a zone host, default `eu1.make.com`) or `MAKE_BASE_URL` (a White Label base URL
//!   including `/api/v2`) selects the server. Try a wrong token or organization ID to see the
//!   error branches.

use std::error::Error as StdError;
use std::process::ExitCode;
use std::time::Duration;

use make_com_api::{ApiError, Client, DocumentedError, Error, RetryPolicy, Zone};

#[tokio::main]
async fn main() -> ExitCode {
    let (client, organization_id) = match setup() {
        Ok(setup) => setup,
        Err(error) => {
            eprintln!("configuration: {error}");
            return ExitCode::from(2);
        }
    };
    let permission = std::env::var("MAKE_TEAM_PERMISSION").unwrap_or_else(|_| "scenario add".into());

    let result = client.organizations().check_team_permission(organization_id, permission.as_str()).send().await;
    match result {
        Ok(answer) => {
            let verdict = if answer.has_permission == Some(true) { "has" } else { "does not have" };
            println!("you {verdict} `{permission}` on a team of organization {organization_id}");
            ExitCode::SUCCESS
        }
        Err(Error::Api(api)) => {
            report_api_error(&api);
            ExitCode::FAILURE
        }
        Err(Error::Timeout(source)) => {
            // Already retried per the policy (timeouts of GET requests are retryable).
            eprintln!("timed out after every attempt: {source}");
            ExitCode::FAILURE
        }
        Err(Error::Transport(source)) => {
            eprintln!("could not reach Make (DNS, TLS, connection refused/reset): {source}");
            ExitCode::FAILURE
        }
        Err(Error::Decode { status, body, source }) => {
            // The server answered 2xx with a body the types do not match; the raw body is kept,
            // and `.send_raw()` gives the whole response for such cases.
            eprintln!("HTTP {status} with an unexpected body ({source}):\n{body}");
            ExitCode::FAILURE
        }
        Err(other) => {
            // Configuration and request-encoding errors (the enum is non-exhaustive).
            eprintln!("{other}");
            ExitCode::FAILURE
        }
    }
}

/// Explains an error response: Make's code and message, what to do, and the typed body when the
/// endpoint documents this error.
fn report_api_error(api: &ApiError) {
    eprintln!(
        "HTTP {} {}: {}",
        api.status,
        api.code.as_deref().unwrap_or("(no code)"),
        api.message.as_deref().unwrap_or("(no message)")
    );
    if let Some(detail) = &api.detail {
        eprintln!("  detail: {detail}");
    }
    for suberror in &api.suberrors {
        eprintln!("  - {suberror}");
    }
    let hint = match (api.status, api.code.as_deref()) {
        (401, _) => "the token is invalid or expired: create a new one in your Make profile",
        (403, _) => "the token lacks a scope (this call needs `organization:read`) or a team role",
        (404, _) => "no such organization in this zone: check MAKE_ORGANIZATION_ID and MAKE_ZONE",
        (406, Some("IM004")) => "the call needs an explicit confirmation (`confirmed=true`)",
        (429, _) => "rate limited even after the retries: slow down",
        (500..=599, _) => "Make had a server error even after the retries: try again later",
        _ => "see the message above",
    };
    eprintln!("  hint: {hint}");
    if let Some(wait) = api.retry_after {
        eprintln!("  the server asked to wait {wait:?} before retrying");
    }
    match &api.documented {
        Some(DocumentedError::ErrorMessage(body)) => {
            eprintln!("  documented error body: message={:?} code={:?}", body.message, body.code);
        }
        Some(other) => eprintln!("  documented error body: {other:?}"),
        None => eprintln!("  raw body: {}", api.body),
    }
}

/// Reads the environment and builds a client with explicit timeouts and retry policy.
fn setup() -> Result<(Client, i64), Box<dyn StdError>> {
    let token = std::env::var("MAKE_API_TOKEN").map_err(|_| "set MAKE_API_TOKEN")?;
    let organization_id = std::env::var("MAKE_ORGANIZATION_ID").map_err(|_| "set MAKE_ORGANIZATION_ID")?;
    let organization_id: i64 =
        organization_id.trim().parse().map_err(|error| format!("MAKE_ORGANIZATION_ID `{organization_id}`: {error}"))?;

    // Up to 4 attempts for 429/5xx/timeouts of idempotent calls (GET, PUT, DELETE, …), waiting
    // 1 s, 2 s, 4 s (±30 % jitter, at most 10 s each) or exactly what `Retry-After` asks for,
    // and never more than 60 s in total. POST/PATCH are not retried unless
    // `.retry_non_idempotent(true)`; `RetryPolicy::none()` turns retries off.
    let retry = RetryPolicy::default()
        .max_attempts(4)
        .initial_backoff(Duration::from_secs(1))
        .max_backoff(Duration::from_secs(10))
        .max_total_wait(Duration::from_secs(60))
        .jitter(0.3);
    let builder = Client::builder()
        .token(token)
        .timeout(Duration::from_secs(20))
        .connect_timeout(Duration::from_secs(5))
        .retry_policy(retry)
        .user_agent("make-com-api-example/error-handling");
    let builder = match std::env::var("MAKE_BASE_URL") {
        Ok(base_url) => builder.base_url(base_url),
        Err(_) => {
            let name = std::env::var("MAKE_ZONE").unwrap_or_else(|_| Zone::Eu1.to_string());
            let zone = Zone::ALL
                .into_iter()
                .find(|zone| zone.to_string() == name)
                .ok_or_else(|| format!("unknown MAKE_ZONE `{name}` (expected a host such as eu1.make.com)"))?;
            builder.zone(zone)
        }
    };
    // `build` fails with `Error::Config` for a malformed base URL or token; the token never
    // appears in `Debug` output or error messages.
    Ok((builder.build()?, organization_id))
}
