//! The yew shell (wasm32 only): renders state and sends messages; all simulation is in `core`.

mod app;
mod browser;
mod compute;
mod dom;
mod draw;
mod fields;
mod persist;
mod reducer;
mod views;
pub mod worker;

use wasm_bindgen::JsCast;

use crate::i18n::{t, Lang};

/// Mounts the app into `#app` (or the body) after installing the panic hook.
pub fn start() {
    install_panic_hook();
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(el) => {
            yew::Renderer::<app::App>::with_root(el).render();
        }
        None => {
            yew::Renderer::<app::App>::new().render();
        }
    }
}

/// With `panic = "abort"` a panic stops the program; say so on the page instead of freezing
/// silently, in both languages since the hook cannot know the current one.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        gloo::console::error!(info.to_string());
        let doc = web_sys::window().and_then(|w| w.document());
        if let Some(el) = doc.and_then(|d| d.get_element_by_id("panic")) {
            el.set_text_content(Some(&format!(
                "{} / {}",
                t(Lang::ZhCn, "app.panic"),
                t(Lang::En, "app.panic")
            )));
            if let Ok(h) = el.dyn_into::<web_sys::HtmlElement>() {
                h.set_hidden(false);
            }
        }
    }));
}
