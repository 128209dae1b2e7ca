//! Reads a districting instance from GraphML (the Delivery Territory Design benchmark's
//! format): nodes with activity measures as `<data>` values, undirected edges with a length.
//! The `<key>` table maps each key id to its attribute name, so files whose ids differ read
//! the same. Text in, typed errors out: no file access here.

use std::collections::BTreeMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use thiserror::Error;

/// A graph of basic units with their measures.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphInstance {
    /// Node ids as written in the file.
    pub ids: Vec<String>,
    /// `measures[a][i]`, in the order of the names asked for.
    pub measures: Vec<Vec<f64>>,
    /// `(a, b, length)` between node indices.
    pub edges: Vec<(usize, usize, f64)>,
}

impl GraphInstance {
    /// Each node's neighbours.
    pub fn adjacency(&self) -> Vec<Vec<usize>> {
        let mut adj = vec![Vec::new(); self.ids.len()];
        for &(a, b, _) in &self.edges {
            if a != b {
                adj[a].push(b);
                adj[b].push(a);
            }
        }
        for l in &mut adj {
            l.sort_unstable();
            l.dedup();
        }
        adj
    }
}

#[derive(Debug, Clone, PartialEq, Error)]
pub enum GraphmlError {
    #[error("not well-formed GraphML at byte {at}: {reason}")]
    Xml { at: u64, reason: String },
    #[error("the file has no <graph> with nodes")]
    NoNodes,
    #[error("the graph is directed; districts need an undirected graph")]
    Directed,
    #[error("no node attribute '{0}' is declared in the <key> table")]
    MissingKey(String),
    #[error("no edge attribute '{0}' is declared in the <key> table")]
    MissingEdgeKey(String),
    #[error("node '{node}' has no '{name}' value")]
    MissingValue { node: String, name: String },
    #[error("node '{node}': '{name}' is '{value}', not a finite number of at least 0")]
    BadNumber {
        node: String,
        name: String,
        value: String,
    },
    #[error("edge {from}–{to}: length '{value}' is not a finite number of at least 0")]
    BadLength {
        from: String,
        to: String,
        value: String,
    },
    #[error("edge {from}–{to} has no length")]
    MissingLength { from: String, to: String },
    #[error("node id '{0}' appears twice")]
    DuplicateNode(String),
    #[error("an edge names node '{0}', which the file does not have")]
    UnknownNode(String),
    #[error("a <{0}> has no '{1}' attribute")]
    MissingAttribute(&'static str, &'static str),
}

fn attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

enum Open {
    None,
    Node(usize),
    Edge(usize),
}

/// Parses `text`, reading the node measures named `measures` and the edge length `length`.
pub fn parse_graphml(
    text: &str,
    measures: &[&str],
    length: &str,
) -> Result<GraphInstance, GraphmlError> {
    let mut r = Reader::from_str(text);
    let mut node_keys: BTreeMap<String, String> = BTreeMap::new();
    let mut edge_keys: BTreeMap<String, String> = BTreeMap::new();
    let mut ids: Vec<String> = Vec::new();
    let mut values: Vec<BTreeMap<String, String>> = Vec::new();
    let mut raw_edges: Vec<RawEdge> = Vec::new();
    let mut open = Open::None;
    let mut data_key: Option<String> = None;
    let mut text_buf = String::new();
    // Elements open at the end of the text: a file cut short reads as well-formed XML up to
    // the cut, so the open ones are counted and the end refused unless every one is closed.
    let mut depth = 0usize;
    loop {
        let at = r.buffer_position();
        let ev = r.read_event().map_err(|e| GraphmlError::Xml {
            at,
            reason: e.to_string(),
        })?;
        match &ev {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Eof if depth > 0 => {
                return Err(GraphmlError::Xml {
                    at,
                    reason: format!("the text ends with {depth} element(s) still open"),
                })
            }
            _ => {}
        }
        match ev {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"key" => {
                let (Some(id), Some(name)) = (attr(&e, b"id"), attr(&e, b"attr.name")) else {
                    return Err(GraphmlError::MissingAttribute("key", "id"));
                };
                match attr(&e, b"for").as_deref() {
                    Some("edge") => edge_keys.insert(id, name),
                    _ => node_keys.insert(id, name),
                };
            }
            Event::Start(e) | Event::Empty(e)
                if e.local_name().as_ref() == b"graph"
                    && attr(&e, b"edgedefault").as_deref() == Some("directed") =>
            {
                return Err(GraphmlError::Directed);
            }
            Event::Start(e) if e.local_name().as_ref() == b"node" => {
                let id = attr(&e, b"id").ok_or(GraphmlError::MissingAttribute("node", "id"))?;
                ids.push(id);
                values.push(BTreeMap::new());
                open = Open::Node(ids.len() - 1);
            }
            Event::Empty(e) if e.local_name().as_ref() == b"node" => {
                let id = attr(&e, b"id").ok_or(GraphmlError::MissingAttribute("node", "id"))?;
                ids.push(id);
                values.push(BTreeMap::new());
            }
            Event::Start(e) if e.local_name().as_ref() == b"edge" => {
                raw_edges.push(edge_ends(&e)?);
                open = Open::Edge(raw_edges.len() - 1);
            }
            Event::Empty(e) if e.local_name().as_ref() == b"edge" => {
                raw_edges.push(edge_ends(&e)?);
            }
            Event::Start(e) if e.local_name().as_ref() == b"data" => {
                data_key = attr(&e, b"key");
                text_buf.clear();
            }
            Event::Text(t) if data_key.is_some() => {
                let s = t.unescape().map_err(|e| GraphmlError::Xml {
                    at,
                    reason: e.to_string(),
                })?;
                text_buf.push_str(&s);
            }
            Event::End(e) if e.local_name().as_ref() == b"data" => {
                if let Some(k) = data_key.take() {
                    let v = text_buf.trim().to_string();
                    match open {
                        Open::Node(i) => {
                            if let Some(name) = node_keys.get(&k) {
                                values[i].insert(name.clone(), v);
                            }
                        }
                        Open::Edge(x) => {
                            if edge_keys.get(&k).is_some_and(|n| n == length) {
                                raw_edges[x].2 = Some(v);
                            }
                        }
                        Open::None => {}
                    }
                }
            }
            Event::End(e) if matches!(e.local_name().as_ref(), b"node" | b"edge") => {
                open = Open::None;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if ids.is_empty() {
        return Err(GraphmlError::NoNodes);
    }
    for m in measures {
        if !node_keys.values().any(|n| n == m) {
            return Err(GraphmlError::MissingKey((*m).to_string()));
        }
    }
    if !raw_edges.is_empty() && !edge_keys.values().any(|n| n == length) {
        return Err(GraphmlError::MissingEdgeKey(length.to_string()));
    }
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, id) in ids.iter().enumerate() {
        if index.insert(id.as_str(), i).is_some() {
            return Err(GraphmlError::DuplicateNode(id.clone()));
        }
    }
    let mut ms = vec![Vec::with_capacity(ids.len()); measures.len()];
    for (i, vals) in values.iter().enumerate() {
        for (a, name) in measures.iter().enumerate() {
            let raw = vals.get(*name).ok_or_else(|| GraphmlError::MissingValue {
                node: ids[i].clone(),
                name: (*name).to_string(),
            })?;
            let v: f64 = raw
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite() && *v >= 0.0)
                .ok_or_else(|| GraphmlError::BadNumber {
                    node: ids[i].clone(),
                    name: (*name).to_string(),
                    value: raw.clone(),
                })?;
            ms[a].push(v);
        }
    }
    let mut edges = Vec::with_capacity(raw_edges.len());
    for (s, t, len) in raw_edges {
        let a = *index
            .get(s.as_str())
            .ok_or_else(|| GraphmlError::UnknownNode(s.clone()))?;
        let b = *index
            .get(t.as_str())
            .ok_or_else(|| GraphmlError::UnknownNode(t.clone()))?;
        let raw = len.ok_or_else(|| GraphmlError::MissingLength {
            from: s.clone(),
            to: t.clone(),
        })?;
        let w: f64 = raw
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite() && *v >= 0.0)
            .ok_or_else(|| GraphmlError::BadLength {
                from: s.clone(),
                to: t.clone(),
                value: raw.clone(),
            })?;
        edges.push((a, b, w));
    }
    Ok(GraphInstance {
        ids,
        measures: ms,
        edges,
    })
}

type RawEdge = (String, String, Option<String>);

fn edge_ends(e: &BytesStart) -> Result<RawEdge, GraphmlError> {
    let s = attr(e, b"source").ok_or(GraphmlError::MissingAttribute("edge", "source"))?;
    let t = attr(e, b"target").ok_or(GraphmlError::MissingAttribute("edge", "target"))?;
    Ok((s, t, None))
}
