//! The posts of an establishment (定编): the generalist, or one of the four functions.

use serde::{Deserialize, Serialize};

use crate::core::settings::Function;

/// A post of the establishment: the generalist (region, format, value) or a specialist post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Post {
    Generalist,
    Service,
    Brand,
    Training,
    Research,
}

impl Post {
    pub fn of(post: Option<Function>) -> Post {
        match post {
            None => Post::Generalist,
            Some(Function::Service) => Post::Service,
            Some(Function::Brand) => Post::Brand,
            Some(Function::Training) => Post::Training,
            Some(Function::Research) => Post::Research,
        }
    }

    pub fn function(self) -> Option<Function> {
        match self {
            Post::Generalist => None,
            Post::Service => Some(Function::Service),
            Post::Brand => Some(Function::Brand),
            Post::Training => Some(Function::Training),
            Post::Research => Some(Function::Research),
        }
    }

    /// The id as the JSON writes it; the post's name is the translation key `post.<id>`.
    pub fn id(self) -> &'static str {
        match self {
            Post::Generalist => "generalist",
            Post::Service => "service",
            Post::Brand => "brand",
            Post::Training => "training",
            Post::Research => "research",
        }
    }
}
