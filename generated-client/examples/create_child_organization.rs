//! Make Managed Services (MMS): creates a child organization under your parent organization with
//! `POST /organizations/{organizationId}/managed-organizations`, then lists the children.
//!
//! Without `--execute` it only prints the request it would send, so you can check it first:
//!
//! ```text
//! MAKE_API_TOKEN=your-api-token MAKE_ZONE=eu1.make.com \
//! MAKE_ORGANIZATION_ID=11 MAKE_CHILD_NAME="Acme Client Org" \
//! MAKE_CHILD_USER_EMAIL=jane.doe@acme.example MAKE_CHILD_USER_NAME="Jane Doe" \
//! MAKE_REGION_ID=1 MAKE_COUNTRY_ID=58 MAKE_OPERATIONS=10000 \
//!     cargo run -p make-com-api --example create_child_organization -- --execute
//! ```
//!
//! - The token needs the scopes `managed-organizations:write` and `managed-organizations:read`.
//! - `MAKE_REGION_ID` comes from `GET /enums/imt-regions`, `MAKE_COUNTRY_ID` from
//!   `GET /enums/countries`; `MAKE_OPERATIONS` must be a multiple of 10000.
//! - `MAKE_ZONE` (a zone host, default `eu1.make.com`) or `MAKE_BASE_URL` (a White Label base URL
//!   including `/api/v2`) selects the server.

use std::error::Error as StdError;

use make_com_api::types::CreateChildOrganizationBody;
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
    let execute = std::env::args().skip(1).any(|arg| arg == "--execute");
    let parent_id: i64 = parse_var("MAKE_ORGANIZATION_ID")?;
    let operations: i64 = parse_var("MAKE_OPERATIONS")?;
    if operations <= 0 || operations % 10_000 != 0 {
        return Err(format!("MAKE_OPERATIONS must be a positive multiple of 10000, got {operations}").into());
    }
    let body = CreateChildOrganizationBody {
        organization_name: Some(var("MAKE_CHILD_NAME")?),
        user_email: Some(var("MAKE_CHILD_USER_EMAIL")?),
        user_name: Some(var("MAKE_CHILD_USER_NAME")?),
        region_id: Some(parse_var("MAKE_REGION_ID")?),
        country_id: Some(parse_var("MAKE_COUNTRY_ID")?),
        operations: Some(operations),
        ..CreateChildOrganizationBody::default()
    };

    println!("POST /organizations/{parent_id}/managed-organizations");
    println!("{}", serde_json::to_string_pretty(&body)?);
    if !execute {
        println!("dry run: pass `--execute` to create the child organization");
        return Ok(());
    }

    let client = client_from_env()?;
    let created = client.mms().create_child_organization(parent_id).body(body).send().await?;
    println!(
        "created child organization {} on {} for {} ({}); the parent now has {} operations",
        created.child_organization_id.map(|id| id.to_string()).unwrap_or_else(|| "?".into()),
        created.domain.as_deref().unwrap_or("?"),
        created.user_email.as_deref().unwrap_or("?"),
        if created.user_existed == Some(1) { "existing user" } else { "new user" },
        created.new_parent_operations.map(|n| n.to_string()).unwrap_or_else(|| "?".into()),
    );

    let children = client.mms().list_child_organizations(parent_id).send().await?;
    for child in children.managed_organizations.unwrap_or_default() {
        println!(
            "{:>8}  {:<40}  {:>10} operations  {}",
            child.organization_id.map(|id| id.to_string()).unwrap_or_default(),
            child.organization_name.as_deref().unwrap_or("(no name)"),
            child.operations_allocated.unwrap_or_default(),
            child.zone_domain.as_deref().unwrap_or("-"),
        );
    }
    Ok(())
}

/// A required environment variable.
fn var(name: &str) -> Result<String, Box<dyn StdError>> {
    std::env::var(name).map_err(|_| format!("set {name}").into())
}

/// A required environment variable holding an integer.
fn parse_var(name: &str) -> Result<i64, Box<dyn StdError>> {
    let text = var(name)?;
    text.trim().parse().map_err(|error| format!("{name} `{text}` is not an integer: {error}").into())
}

/// Builds a client from `MAKE_API_TOKEN` and `MAKE_BASE_URL` or `MAKE_ZONE`.
fn client_from_env() -> Result<Client, Box<dyn StdError>> {
    let builder = Client::builder().token(var("MAKE_API_TOKEN")?);
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
    Ok(builder.build()?)
}
