//! Small page helpers the views share: finding a canvas, reading a control's value, and the
//! marks the browser tests time (the first chart, calendars shown).

use std::sync::atomic::{AtomicBool, Ordering};

use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

/// The canvas with this element id, if the page shows it now.
pub fn canvas_by_id(id: &str) -> Option<HtmlCanvasElement> {
    web_sys::window()?
        .document()?
        .get_element_by_id(id)?
        .dyn_into::<HtmlCanvasElement>()
        .ok()
}

/// The canvas a node ref points at, if it is rendered.
pub fn canvas(r: &NodeRef) -> Option<HtmlCanvasElement> {
    r.cast::<HtmlCanvasElement>()
}

/// A number typed into a control, if it is one within `lo..=hi`.
pub fn parse_in<T: std::str::FromStr + PartialOrd>(text: &str, lo: T, hi: T) -> Option<T> {
    text.trim()
        .parse::<T>()
        .ok()
        .filter(|x| *x >= lo && *x <= hi)
}

/// The text of the input an event came from.
pub fn input_value(e: &Event) -> String {
    let input: web_sys::HtmlInputElement = e.target_unchecked_into();
    input.value()
}

static FIRST_CHART_MARKED: AtomicBool = AtomicBool::new(false);

/// Marks the first drawn chart for the browser test's timing (navigation → first chart).
pub fn mark_first_chart() {
    if !FIRST_CHART_MARKED.swap(true, Ordering::Relaxed) {
        if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
            let _ = p.mark("first-chart");
        }
    }
}

/// Marks that a result with calendars has been rendered and its charts drawn (the browser
/// test times a seed change from its `change` event to this mark). Only the last mark is kept.
pub fn mark_calendars_shown() {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        p.clear_marks_with_mark_name("calendars-shown");
        let _ = p.mark("calendars-shown");
    }
}
