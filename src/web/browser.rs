//! The few browser services the workshop kit needs, as small functions over web-sys: the
//! page's own storage, downloads, the URL fragment, reading a chosen file, printing, the
//! keyboard and the browser's language. Everything stays in this browser: nothing here talks to a network.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Storage, Url};

use crate::i18n::Lang;

/// The browser's preferred language, mapped onto the app's.
pub fn language() -> Lang {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .map(|l| Lang::from_tag(&l))
        .unwrap_or(Lang::ZhCn)
}

/// Every key the app stores begins with this, so "clear stored data" removes exactly ours.
pub const PREFIX: &str = "visit-sandbox.";

fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The stored text under `PREFIX + key`, if any.
pub fn load(key: &str) -> Option<String> {
    storage()?
        .get_item(&format!("{PREFIX}{key}"))
        .ok()
        .flatten()
}

/// Stores `value` under `PREFIX + key`; `Err` when the browser refuses (storage full or
/// disabled), so the caller can say so instead of losing data silently.
pub fn store(key: &str, value: &str) -> Result<(), ()> {
    let s = storage().ok_or(())?;
    s.set_item(&format!("{PREFIX}{key}"), value).map_err(|_| ())
}

pub fn remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&format!("{PREFIX}{key}"));
    }
}

/// Removes every key of this app from the browser's storage; returns how many.
pub fn clear_all() -> usize {
    let Some(s) = storage() else {
        return 0;
    };
    let n = s.length().unwrap_or(0);
    let ours: Vec<String> = (0..n)
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(PREFIX))
        .collect();
    for k in &ours {
        let _ = s.remove_item(k);
    }
    ours.len()
}

/// Offers `data` as a file download named `name` (made in the page: nothing is uploaded).
pub fn download(name: &str, mime: &str, data: &str) -> Result<(), String> {
    let parts = js_sys::Array::new();
    parts.push(&JsValue::from_str(data));
    let opts = BlobPropertyBag::new();
    opts.set_type(mime);
    let blob =
        Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(|e| format!("{e:?}"))?;
    let url = Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    let done = click_link(&url, name);
    // The click has started the download; the object URL is no longer needed.
    let _ = Url::revoke_object_url(&url);
    done
}

/// Offers `bytes` as a download named `name` (a binary file: the XLSX workbook).
pub fn download_bytes(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let parts = js_sys::Array::new();
    parts.push(&js_sys::Uint8Array::from(bytes));
    let opts = BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &opts)
        .map_err(|e| format!("{e:?}"))?;
    let url = Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    let done = click_link(&url, name);
    let _ = Url::revoke_object_url(&url);
    done
}

/// The first working day when the user chose none: the coming Monday of the browser's local
/// date (today on a Monday). The page is the only place that reads the clock.
pub fn coming_monday() -> Option<String> {
    let now = js_sys::Date::new_0();
    let today = crate::core::dates::iso_of(
        i64::from(now.get_full_year()),
        i64::from(now.get_month()) + 1,
        i64::from(now.get_date()),
    )?;
    crate::core::dates::coming_monday(&today)
}

/// Offers the canvas `id` as a PNG download.
pub fn download_canvas(id: &str, name: &str) -> Result<(), String> {
    let canvas = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        .ok_or_else(|| format!("no chart {id}"))?;
    let url = canvas
        .to_data_url_with_type("image/png")
        .map_err(|e| format!("{e:?}"))?;
    click_link(&url, name)
}

fn click_link(href: &str, name: &str) -> Result<(), String> {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: HtmlAnchorElement = doc
        .create_element("a")
        .map_err(|e| format!("{e:?}"))?
        .dyn_into()
        .map_err(|_| "not an anchor")?;
    a.set_href(href);
    a.set_download(name);
    a.click();
    Ok(())
}

/// The URL fragment without its `#` (empty when there is none).
pub fn fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.trim_start_matches('#').to_string())
        .unwrap_or_default()
}

/// The page's address without its fragment (the base of a shareable link).
pub fn page_address() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default()
}

/// Drops the fragment from the address bar without reloading, once a link has been read: a
/// later reload restores the autosaved state (which has the user's later changes).
pub fn clear_fragment() {
    let Some(w) = web_sys::window() else {
        return;
    };
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&page_address()));
    }
}

/// Reads the file the user chose; `done` gets its bytes (or why not) when the browser has read
/// it. The file never leaves the page.
pub fn read_file(file: web_sys::File, done: impl FnOnce(Result<Vec<u8>, String>) + 'static) {
    let reader = match web_sys::FileReader::new() {
        Ok(r) => r,
        Err(e) => return done(Err(format!("{e:?}"))),
    };
    let r = reader.clone();
    let on_load = Closure::once(move |_: web_sys::Event| {
        let bytes = r
            .result()
            .map(|v| js_sys::Uint8Array::new(&v).to_vec())
            .map_err(|e| format!("{e:?}"));
        done(bytes);
    });
    reader.set_onloadend(Some(on_load.as_ref().unchecked_ref()));
    // The reader holds the only reference to the handler until it fires once.
    on_load.forget();
    if let Err(e) = reader.read_as_array_buffer(&file) {
        gloo::console::error!(format!("{e:?}"));
    }
}

/// Fetches `url` (relative to the page: a file beside index.html) as text; `done` gets the
/// text, or `None` when the file is missing or the browser refuses. Only the page's own files
/// are fetched: nothing here reaches another host.
pub fn fetch_text(url: &str, done: impl FnOnce(Option<String>) + 'static) {
    let Some(w) = web_sys::window() else {
        return done(None);
    };
    // Whichever of the callbacks fires first answers; the others find `done` taken.
    let done = std::rc::Rc::new(std::cell::RefCell::new(Some(done)));
    let answer = {
        let done = done.clone();
        move |text: Option<String>| {
            if let Some(d) = done.borrow_mut().take() {
                d(text);
            }
        }
    };
    let fail = {
        let answer = answer.clone();
        Closure::<dyn FnMut(JsValue)>::new(move |_| answer(None))
    };
    let on_response = {
        let answer = answer.clone();
        Closure::<dyn FnMut(JsValue)>::new(move |v: JsValue| {
            let text = v
                .dyn_into::<web_sys::Response>()
                .ok()
                .filter(web_sys::Response::ok)
                .and_then(|r| r.text().ok());
            let Some(p) = text else {
                return answer(None);
            };
            let ok = {
                let answer = answer.clone();
                Closure::<dyn FnMut(JsValue)>::new(move |v: JsValue| answer(v.as_string()))
            };
            let no = {
                let answer = answer.clone();
                Closure::<dyn FnMut(JsValue)>::new(move |_| answer(None))
            };
            let _ = p.then2(&ok, &no);
            ok.forget();
            no.forget();
        })
    };
    let _ = w.fetch_with_str(url).then2(&on_response, &fail);
    // The promises hold the only references to the handlers; a few per file, once.
    on_response.forget();
    fail.forget();
}

/// Opens the browser's print dialog (print or save as PDF) with the print stylesheet.
pub fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

/// Calls `on_key` with the key name of every key pressed on the page (for presentation mode);
/// the listener lives as long as the page.
pub fn on_keydown(on_key: impl Fn(String, bool) + 'static) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let handler =
        Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |e: web_sys::KeyboardEvent| {
            // A key typed into a field is the field's, not a slide change; space on a button
            // presses the button (moving on once, not twice).
            let key = e.key();
            let tag = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .map(|el| el.tag_name())
                .unwrap_or_default();
            let typing = matches!(tag.as_str(), "INPUT" | "SELECT" | "TEXTAREA")
                || (tag == "BUTTON" && key == " ");
            on_key(key, typing);
        });
    let _ = doc.add_event_listener_with_callback("keydown", handler.as_ref().unchecked_ref());
    handler.forget();
}

/// Marks the element `id` as the guided tour's target (and scrolls it into view), unmarking
/// the previous one.
pub fn highlight(id: Option<&str>) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Ok(old) = doc.query_selector_all(".tour-target") {
        for i in 0..old.length() {
            if let Some(el) = old
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                let _ = el.class_list().remove_1("tour-target");
            }
        }
    }
    if let Some(el) = id.and_then(|id| doc.get_element_by_id(id)) {
        let _ = el.class_list().add_1("tour-target");
        el.scroll_into_view();
    }
}
