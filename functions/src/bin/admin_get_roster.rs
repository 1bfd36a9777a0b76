#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    functions::run("admin_get_roster").await
}
