//! Which routes the tests exercise. With `XWG_ROUTE_LOG` set (`local/test` sets it), every
//! in-process gateway appends, per request, the route that answered and its status to a
//! file of its process in that folder; `tests/tests/exercised.rs`, which `local/test` runs
//! after the suite, fails for a route that no test reached past authentication.

use std::io::Write;
use std::path::PathBuf;

use axum::Router;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::Method;
use xwg_api::routes::Route;
use xwg_api::table::ROUTES;

/// The folder of the records.
pub const LOG_DIR: &str = "XWG_ROUTE_LOG";

/// `app`, recording what it serves when `XWG_ROUTE_LOG` is set.
pub fn record(app: Router) -> Router {
    if std::env::var_os(LOG_DIR).is_none() {
        return app;
    }
    app.layer(axum::middleware::from_fn(note))
}

/// The row that serves `method` on `path`: of the rows whose template matches, the one with
/// the fewest parameters (`roster/requests` before `roster/{jid}`), as the router picks.
pub fn route_of(method: &Method, path: &str) -> Option<&'static Route> {
    let method = if method == Method::HEAD {
        &Method::GET
    } else {
        method
    };
    ROUTES
        .iter()
        .copied()
        .filter(|route| route.method == method && route.match_path(path).is_some())
        .min_by_key(|route| route.path.matches('{').count())
}

async fn note(req: Request, next: Next) -> Response {
    let route = route_of(req.method(), req.uri().path());
    let response = next.run(req).await;
    if let (Some(route), Some(dir)) = (route, std::env::var_os(LOG_DIR)) {
        let file = PathBuf::from(dir).join(std::process::id().to_string());
        let line = format!("{} {}\n", route.name, response.status().as_u16());
        // Lines are short, written whole with O_APPEND: test tasks of one process do not
        // interleave them.
        if let Ok(mut file) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(file)
        {
            let _ = file.write_all(line.as_bytes());
        }
    }
    response
}
