//! The Web Worker entry point: trunk builds this binary to WebAssembly (`data-type="worker"`)
//! and the page runs its computations here, so the page never freezes.

#[cfg(target_arch = "wasm32")]
fn main() {
    visit_sandbox::web::worker::serve();
}

// Natively there is nothing to run: the worker is built by trunk (see README).
#[cfg(not(target_arch = "wasm32"))]
fn main() {}
