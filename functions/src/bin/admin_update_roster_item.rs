#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run("admin_update_roster_item").await
}
