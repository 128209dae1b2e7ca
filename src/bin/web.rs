//! The browser entry point: trunk builds this binary to WebAssembly.

#[cfg(target_arch = "wasm32")]
fn main() {
    visit_sandbox::web::start();
}

// Natively there is nothing to run: the page is built by trunk (see README).
#[cfg(not(target_arch = "wasm32"))]
fn main() {}
