//! The yew shell (wasm32 only): renders state and sends messages; all simulation is in `core`.

mod app;
mod draw;

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

/// The browser's preferred language, mapped onto the app's.
pub(crate) fn browser_lang() -> Lang {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .map(|l| Lang::from_tag(&l))
        .unwrap_or(Lang::ZhCn)
}

/// Every model's calendar fingerprint on a preset, as JSON (model id → 16 hex digits, or
/// `{"error": …}`), computed by the same core the page runs. Exposed to scripts as
/// `wasmBindings.calendar_fingerprints` so that the browser test can prove that wasm plans
/// exactly what the native CLI plans (`compare --json`'s `calendar_fingerprint`).
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn calendar_fingerprints(preset: &str, seed: u32, weeks: u32) -> String {
    use crate::core::compare::{compare_with, Options};
    use crate::core::generate::{generate, Preset};
    let run = || -> Result<serde_json::Value, String> {
        let p = Preset::parse(preset).map_err(|e| e.to_string())?;
        let mut sc = generate(p, u64::from(seed)).map_err(|e| e.to_string())?;
        sc.settings.weeks = weeks.clamp(1, 52);
        let opt = Options {
            headcount_search: false,
            ..Options::default()
        };
        let cmp = compare_with(&sc, &opt).map_err(|e| e.to_string())?;
        let mut out = serde_json::Map::new();
        for m in &cmp.models {
            let f = m.calendar.as_ref().and_then(crate::core::fingerprint::of);
            out.insert(m.model.id().into(), serde_json::json!(f));
        }
        Ok(serde_json::Value::Object(out))
    };
    run()
        .unwrap_or_else(|e| serde_json::json!({ "error": e }))
        .to_string()
}
