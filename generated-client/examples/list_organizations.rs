//! Lists every organization your user belongs to, following the pages with the `.stream()` of
//! `GET /organizations` (`pg[offset]`/`pg[limit]`), and prints one line per organization.
//!
//! Run it with an API token (scope `organizations:read`) and your zone:
//!
//! ```text
//! MAKE_API_TOKEN=your-api-token MAKE_ZONE=eu1.make.com \
//!     cargo run -p make-com-api --example list_organizations
//! ```
//!
//! - `MAKE_ZONE`: one of `eu1.make.com`, `eu2.make.com`, `us1.make.com`, `us2.make.com`,
//!   `eu1.make.celonis.com`, `us1.make.celonis.com` (default `eu1.make.com`).
//! - `MAKE_BASE_URL`: instead of a zone, the full base URL of a White Label instance, e.g.
//!   `https://make.example.com/api/v2`.
//! - `MAKE_PAGE_SIZE`: organizations per request (default 50).
//! - `MAKE_LOG=1`: print every HTTP attempt (one per page, and each retry) to stderr.

use std::error::Error as StdError;

use futures_util::TryStreamExt;
use make_com_api::{Client, Zone};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            // Print the error and its causes (`Display`, not `Debug`).
            eprintln!("error: {error}");
            let mut source = error.source();
            while let Some(cause) = source {
                eprintln!("  caused by: {cause}");
                source = cause.source();
            }
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn StdError>> {
    let client = client_from_env()?;
    let page_size = match std::env::var("MAKE_PAGE_SIZE") {
        Ok(text) => text.parse::<i64>().map_err(|error| format!("MAKE_PAGE_SIZE `{text}`: {error}"))?,
        Err(_) => 50,
    };

    // The stream requests `pg[offset]=0&pg[limit]=N`, then the next offset, and stops after a
    // page with fewer than N organizations. Pages are fetched only as the loop asks for items.
    let mut organizations = client
        .organizations()
        .list_user_organizations()
        .cols(["id", "name", "zone", "productName", "isPaused"])
        .sort_by("name")
        .limit(page_size)
        .stream();

    let mut count = 0;
    while let Some(organization) = organizations.try_next().await? {
        count += 1;
        println!(
            "{:>8}  {:<40}  {:<24}  {}{}",
            organization.id.map(|id| id.to_string()).unwrap_or_default(),
            organization.name.as_deref().unwrap_or("(no name)"),
            organization.zone.as_deref().unwrap_or("-"),
            organization.product_name.as_deref().unwrap_or("-"),
            if organization.is_paused == Some(true) { "  (paused)" } else { "" },
        );
    }
    println!("{count} organization(s)");
    Ok(())
}

/// Builds a client from `MAKE_API_TOKEN` and `MAKE_BASE_URL` or `MAKE_ZONE`.
fn client_from_env() -> Result<Client, Box<dyn StdError>> {
    let token = std::env::var("MAKE_API_TOKEN").map_err(|_| "set MAKE_API_TOKEN to your Make API token")?;
    let mut builder = Client::builder().token(token);
    if std::env::var_os("MAKE_LOG").is_some() {
        // One line per attempt: no header or body is shown, so the token stays out of the log.
        builder = builder.on_attempt(|attempt| {
            let outcome = match (attempt.status, attempt.error) {
                (Some(status), _) => format!("{status}"),
                (None, Some(error)) => format!("failed: {error}"),
                (None, None) => "no response".to_owned(),
            };
            let retry = attempt.retry_in.map(|wait| format!(", retrying in {wait:?}")).unwrap_or_default();
            eprintln!(
                "{} {} #{}: {outcome} in {:?}{retry}",
                attempt.method, attempt.url, attempt.number, attempt.elapsed
            );
        });
    }
    let builder = match std::env::var("MAKE_BASE_URL") {
        Ok(base_url) => builder.base_url(base_url),
        Err(_) => builder.zone(zone_from_env()?),
    };
    Ok(builder.build()?)
}

/// Reads `MAKE_ZONE` (a zone host such as `eu1.make.com`), defaulting to EU1.
fn zone_from_env() -> Result<Zone, Box<dyn StdError>> {
    let Ok(name) = std::env::var("MAKE_ZONE") else {
        return Ok(Zone::Eu1);
    };
    Zone::ALL.into_iter().find(|zone| zone.to_string() == name).ok_or_else(|| {
        let known: Vec<String> = Zone::ALL.iter().map(ToString::to_string).collect();
        format!("unknown MAKE_ZONE `{name}`; use one of {}", known.join(", ")).into()
    })
}
