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

use std::cell::Cell;
use std::rc::Rc;

use crate::i18n::{install, installed, t, Lang, Part};

/// Fetches the translation files (both languages, every part: the page switches language
/// without waiting), then mounts the app into `#app` (or the body). A file that cannot be
/// read leaves the page's static notice (`#texts-failed` in index.html) instead of an app of
/// bare keys.
pub fn start() {
    install_panic_hook();
    crate::charts::set_text_measure(draw::text_width);
    let files: Vec<(Lang, Part)> = Lang::ALL
        .iter()
        .flat_map(|&l| Part::ALL.iter().map(move |&p| (l, p)))
        .collect();
    let left = Rc::new(Cell::new(files.len()));
    let failed = Rc::new(Cell::new(false));
    for (lang, part) in files {
        let (left, failed) = (left.clone(), failed.clone());
        browser::fetch_text(&format!("i18n/{}", part.file(lang)), move |text| {
            let ok = text.is_some_and(|t| install(lang, part, &t) || installed(lang, part));
            failed.set(failed.get() || !ok);
            left.set(left.get() - 1);
            if left.get() == 0 {
                if failed.get() {
                    show("texts-failed");
                } else {
                    mount();
                }
            }
        });
    }
}

fn mount() {
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

/// Unhides the element `id` of index.html.
fn show(id: &str) {
    let doc = web_sys::window().and_then(|w| w.document());
    if let Some(h) = doc
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        h.set_hidden(false);
    }
}

/// With `panic = "abort"` a panic stops the program; say so on the page instead of freezing
/// silently, in both languages since the hook cannot know the current one.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        gloo::console::error!(info.to_string());
        let doc = web_sys::window().and_then(|w| w.document());
        if let Some(el) = doc.and_then(|d| d.get_element_by_id("panic")) {
            // Before the texts are in, index.html's own wording stays.
            if installed(Lang::ZhCn, Part::App) && installed(Lang::En, Part::App) {
                el.set_text_content(Some(&format!(
                    "{} / {}",
                    t(Lang::ZhCn, "app.panic"),
                    t(Lang::En, "app.panic")
                )));
            }
            if let Ok(h) = el.dyn_into::<web_sys::HtmlElement>() {
                h.set_hidden(false);
            }
        }
    }));
}
