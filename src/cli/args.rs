//! The one flag reader of the CLI. Each command declares its flags (name, value or switch,
//! help line, default) in a `Command`; `Command::read` gives every command the same errors and
//! the same `--help`/`-h`, whose usage text is written from the declarations, so the help
//! cannot forget a flag the reader accepts. Hand-written because the CLI needs little (long
//! flags, one optional positional argument): a parser crate would add more to the build than
//! these lines do.

use std::collections::BTreeMap;
use std::fmt::Display;
use std::str::FromStr;

use thiserror::Error;

/// One flag a command accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flag {
    /// `--name`.
    pub name: &'static str,
    /// The value's placeholder (`N`, `FILE`); `None` for a switch.
    pub value: Option<&'static str>,
    /// Help text; `\n` starts a continuation line.
    pub help: &'static str,
    /// The value read when the flag is absent (shown in the help).
    pub default: Option<&'static str>,
    /// Whether the flag may be given several times, every value kept (otherwise the last wins).
    pub repeated: bool,
}

impl Flag {
    /// A flag without a value (`--json`).
    pub const fn switch(name: &'static str, help: &'static str) -> Flag {
        Flag {
            name,
            value: None,
            help,
            default: None,
            repeated: false,
        }
    }

    /// A flag with a value (`--seed N`).
    pub const fn value(name: &'static str, meta: &'static str, help: &'static str) -> Flag {
        Flag {
            name,
            value: Some(meta),
            help,
            default: None,
            repeated: false,
        }
    }

    pub const fn default(self, default: &'static str) -> Flag {
        Flag {
            default: Some(default),
            ..self
        }
    }

    pub const fn repeated(self) -> Flag {
        Flag {
            repeated: true,
            ..self
        }
    }
}

/// A command's declaration: what `--help` prints and what the reader accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Command {
    pub name: &'static str,
    /// The usage line after `visit-sandbox <name> `.
    pub synopsis: &'static str,
    /// What the command does (before the flags).
    pub about: &'static str,
    /// The one positional argument's name (`FILE.tsp`), if the command takes one (required).
    pub positional: Option<&'static str>,
    /// The flags, in groups: (heading, flags); an empty heading prints no heading line.
    pub sections: &'static [(&'static str, &'static [Flag])],
    /// Text after the flags (may be empty).
    pub footer: &'static str,
}

/// What went wrong reading a command line.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ArgsError {
    #[error("unknown flag {flag} for `{command}` (see visit-sandbox {command} --help)")]
    UnknownFlag { flag: String, command: &'static str },
    #[error("unexpected argument '{value}' for `{command}` (see visit-sandbox {command} --help)")]
    Unexpected {
        value: String,
        command: &'static str,
    },
    #[error("missing {what} (see visit-sandbox {command} --help)")]
    MissingPositional {
        what: &'static str,
        command: &'static str,
    },
    #[error("{0} needs a value")]
    NeedsValue(&'static str),
    #[error("{0} takes no value")]
    TakesNoValue(&'static str),
    #[error("{flag}: '{value}' is not a whole number")]
    NotWhole { flag: &'static str, value: String },
    #[error("{flag}: {value} is outside {lo}..={hi}")]
    OutOfRange {
        flag: &'static str,
        value: String,
        lo: String,
        hi: String,
    },
    #[error("{flag}: {reason}")]
    Invalid { flag: &'static str, reason: String },
    #[error("{flag} {meta} is required{hint}")]
    Required {
        flag: &'static str,
        meta: &'static str,
        hint: String,
    },
    #[error("{0} and {1} cannot be combined{2}")]
    Conflict(&'static str, &'static str, &'static str),
}

/// The outcome of reading a command line.
#[derive(Debug, Clone, PartialEq)]
pub enum Parse<'c> {
    /// `--help` or `-h` was given.
    Help,
    Run(Parsed<'c>),
}

/// The flags given, by name, and the positional argument; read with the typed getters.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed<'c> {
    command: &'c Command,
    given: BTreeMap<&'static str, Vec<String>>,
    positional: Option<String>,
}

impl Command {
    fn flags(&self) -> impl Iterator<Item = &'static Flag> + '_ {
        self.sections.iter().flat_map(|(_, f)| f.iter())
    }

    fn find(&self, name: &str) -> Option<&'static Flag> {
        self.flags().find(|f| f.name == name)
    }

    /// Reads `args` (without the command's name). `--help`/`-h` anywhere a flag may stand wins
    /// over any other problem of the line.
    pub fn parse(&self, args: &[String]) -> Result<Parse<'_>, ArgsError> {
        let mut given: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
        let mut positional = None;
        let mut first_error = None;
        let mut it = args.iter();
        while let Some(a) = it.next() {
            if a == "--help" || a == "-h" {
                return Ok(Parse::Help);
            }
            let (name, inline) = match a.split_once('=') {
                Some((n, v)) if a.starts_with("--") => (n, Some(v.to_string())),
                _ => (a.as_str(), None),
            };
            let found = if a.starts_with('-') && a.len() > 1 {
                match self.find(name) {
                    Some(f) => f,
                    None => {
                        first_error.get_or_insert(ArgsError::UnknownFlag {
                            flag: a.clone(),
                            command: self.name,
                        });
                        continue;
                    }
                }
            } else {
                if self.positional.is_none() || positional.is_some() {
                    first_error.get_or_insert(ArgsError::Unexpected {
                        value: a.clone(),
                        command: self.name,
                    });
                } else {
                    positional = Some(a.clone());
                }
                continue;
            };
            let value = match (found.value, inline) {
                (None, None) => String::new(),
                (None, Some(_)) => {
                    first_error.get_or_insert(ArgsError::TakesNoValue(found.name));
                    continue;
                }
                (Some(_), Some(v)) => v,
                // A value may start with '-' (`--seed -1` is then refused as a number).
                (Some(_), None) => match it.next() {
                    Some(v) if v != "--help" && v != "-h" => v.clone(),
                    Some(_) => return Ok(Parse::Help),
                    None => {
                        first_error.get_or_insert(ArgsError::NeedsValue(found.name));
                        continue;
                    }
                },
            };
            let values = given.entry(found.name).or_default();
            if !found.repeated {
                values.clear();
            }
            values.push(value);
        }
        if let Some(e) = first_error {
            return Err(e);
        }
        if let (Some(what), None) = (self.positional, &positional) {
            return Err(ArgsError::MissingPositional {
                what,
                command: self.name,
            });
        }
        Ok(Parse::Run(Parsed {
            command: self,
            given,
            positional,
        }))
    }

    /// Reads `args`; on `--help` prints the usage to stdout and returns `None` (the command
    /// then exits 0).
    pub fn read(&self, args: &[String]) -> Result<Option<Parsed<'_>>, String> {
        match self.parse(args).map_err(|e| e.to_string())? {
            Parse::Help => {
                println!("{}", self.usage());
                Ok(None)
            }
            Parse::Run(p) => Ok(Some(p)),
        }
    }

    /// The help text: usage line, description, every flag with its help and default.
    pub fn usage(&self) -> String {
        const COLUMN: usize = 20;
        let mut out = format!("visit-sandbox {} {}", self.name, self.synopsis);
        if !self.about.is_empty() {
            out.push_str("\n\n");
            out.push_str(self.about);
        }
        let line = |out: &mut String, left: String, help: String| {
            out.push('\n');
            out.push_str(&left);
            for (i, text) in help.lines().enumerate() {
                // At least two spaces between a flag and its help, or the help goes below.
                if i > 0 || left.chars().count() + 2 > COLUMN {
                    out.push('\n');
                    out.push_str(&" ".repeat(COLUMN));
                } else {
                    out.push_str(&" ".repeat(COLUMN - left.chars().count()));
                }
                out.push_str(text);
            }
        };
        for (i, (heading, flags)) in self.sections.iter().enumerate() {
            if !heading.is_empty() || i == 0 {
                out.push('\n');
            }
            if !heading.is_empty() {
                out.push('\n');
                out.push_str(heading);
                out.push(':');
            }
            for f in *flags {
                let left = match f.value {
                    Some(meta) => format!("  {} {meta}", f.name),
                    None => format!("  {}", f.name),
                };
                let mut help = f.help.to_string();
                if let Some(d) = f.default {
                    help.push_str(&format!(" (default {d})"));
                }
                if f.repeated {
                    help.push_str("; may be repeated");
                }
                line(&mut out, left, help);
            }
        }
        line(
            &mut out,
            "  -h, --help".to_string(),
            "print this help".to_string(),
        );
        if !self.footer.is_empty() {
            out.push('\n');
            out.push_str(self.footer);
        }
        out
    }
}

impl Parsed<'_> {
    fn declared(&self, name: &str) -> Option<&'static Flag> {
        let f = self.command.find(name);
        debug_assert!(
            f.is_some(),
            "{name} is not declared for {}",
            self.command.name
        );
        f
    }

    /// Whether the switch was given.
    pub fn switch(&self, name: &str) -> bool {
        self.declared(name).is_some() && self.given.contains_key(name)
    }

    /// The flag's (last) value, or its default.
    pub fn text(&self, name: &str) -> Option<&str> {
        let f = self.declared(name)?;
        self.given
            .get(name)
            .and_then(|v| v.last())
            .map(String::as_str)
            .or(f.default)
    }

    /// Every value of a repeated flag, in order.
    pub fn texts(&self, name: &str) -> &[String] {
        self.declared(name)
            .and_then(|_| self.given.get(name))
            .map_or(&[], Vec::as_slice)
    }

    /// The positional argument (required when the command declares one).
    pub fn positional(&self) -> Option<&str> {
        self.positional.as_deref()
    }

    /// The value converted by `f`; its error is reported after the flag's name.
    pub fn parse_with<T, E: Display>(
        &self,
        name: &'static str,
        f: impl Fn(&str) -> Result<T, E>,
    ) -> Result<Option<T>, ArgsError> {
        self.text(name)
            .map(|v| {
                f(v).map_err(|e| ArgsError::Invalid {
                    flag: name,
                    reason: e.to_string(),
                })
            })
            .transpose()
    }

    /// The value as a whole number.
    pub fn whole<T: FromStr>(&self, name: &'static str) -> Result<Option<T>, ArgsError> {
        self.text(name)
            .map(|v| {
                v.parse().map_err(|_| ArgsError::NotWhole {
                    flag: name,
                    value: v.to_string(),
                })
            })
            .transpose()
    }

    /// The value as a whole number within `lo..=hi`.
    pub fn whole_in<T: FromStr + PartialOrd + Display>(
        &self,
        name: &'static str,
        lo: T,
        hi: T,
    ) -> Result<Option<T>, ArgsError> {
        match self.whole::<T>(name)? {
            Some(n) if n < lo || n > hi => Err(ArgsError::OutOfRange {
                flag: name,
                value: n.to_string(),
                lo: lo.to_string(),
                hi: hi.to_string(),
            }),
            n => Ok(n),
        }
    }

    /// The value of a flag the command cannot run without; `hint` follows the message.
    pub fn required(&self, name: &'static str, hint: &str) -> Result<&str, ArgsError> {
        self.text(name).ok_or_else(|| ArgsError::Required {
            flag: name,
            meta: self.declared(name).and_then(|f| f.value).unwrap_or(""),
            hint: hint.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OWN: &[Flag] = &[
        Flag::switch("--json", "print JSON"),
        Flag::value("--replications", "N", "replications\nsecond line").default("1"),
        Flag::value("--set", "ID=VALUE", "a setting").repeated(),
        Flag::value("--out", "DIR", "output folder"),
    ];
    const SHARED: &[Flag] = &[
        Flag::value("--seed", "N", "seed"),
        Flag::value("--time-limit-ms", "N", "stop"),
    ];
    const CMD: Command = Command {
        name: "demo",
        synopsis: "[--json]",
        about: "Does a demo.",
        positional: None,
        sections: &[("", OWN), ("Scenario", SHARED)],
        footer: "The end.",
    };
    const FILE_CMD: Command = Command {
        name: "solve",
        synopsis: "FILE",
        about: "",
        positional: Some("FILE"),
        sections: &[("", &[Flag::value("--seed", "N", "seed").default("1")])],
        footer: "",
    };

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    fn run<'c>(c: &'c Command, a: &[&str]) -> Result<Parsed<'c>, ArgsError> {
        match c.parse(&args(a))? {
            Parse::Run(p) => Ok(p),
            Parse::Help => panic!("unexpected help"),
        }
    }

    #[test]
    fn switches_values_defaults_and_repeats_are_read() {
        let p = run(
            &CMD,
            &[
                "--json",
                "--set",
                "a=1",
                "--seed",
                "7",
                "--set=b=2",
                "--seed",
                "8",
            ],
        )
        .expect("valid");
        assert!(p.switch("--json"));
        assert_eq!(p.whole::<u64>("--seed"), Ok(Some(8)), "the last value wins");
        assert_eq!(p.texts("--set"), ["a=1", "b=2"]);
        assert_eq!(p.whole_in::<u32>("--replications", 1, 10), Ok(Some(1)));
        assert_eq!(p.text("--out"), None);
        let p = run(&CMD, &[]).expect("empty is valid");
        assert!(!p.switch("--json"));
        assert!(p.texts("--set").is_empty());
    }

    #[test]
    fn errors_are_uniform_and_name_the_flag() {
        let e = |a: &[&str]| run(&CMD, a).err().map(|e| e.to_string());
        assert_eq!(
            e(&["--bogus"]).as_deref(),
            Some("unknown flag --bogus for `demo` (see visit-sandbox demo --help)")
        );
        assert_eq!(e(&["--seed"]).as_deref(), Some("--seed needs a value"));
        assert_eq!(
            e(&["stray"]).as_deref(),
            Some("unexpected argument 'stray' for `demo` (see visit-sandbox demo --help)")
        );
        assert_eq!(e(&["--json=1"]).as_deref(), Some("--json takes no value"));
        let p = run(&CMD, &["--seed", "abc", "--replications", "0"]).expect("read");
        assert_eq!(
            p.whole::<u64>("--seed").map_err(|e| e.to_string()),
            Err("--seed: 'abc' is not a whole number".to_string())
        );
        assert_eq!(
            p.whole_in::<u32>("--replications", 1, 10)
                .map_err(|e| e.to_string()),
            Err("--replications: 0 is outside 1..=10".to_string())
        );
        assert_eq!(
            p.required("--out", ": the folder")
                .map_err(|e| e.to_string()),
            Err("--out DIR is required: the folder".to_string())
        );
        let p = run(&CMD, &["--seed", "-1"]).expect("a value may start with '-'");
        assert!(p.whole::<u64>("--seed").is_err());
        assert_eq!(
            p.parse_with("--seed", |v| v.parse::<i64>().map_err(|e| e.to_string())),
            Ok(Some(-1))
        );
    }

    #[test]
    fn help_wins_anywhere_and_lists_every_flag_with_its_default() {
        for a in [
            &["--help"][..],
            &["-h"],
            &["--bogus", "--help"],
            &["--seed", "-h"],
            &["--json", "stray", "-h"],
        ] {
            assert_eq!(CMD.parse(&args(a)), Ok(Parse::Help), "{a:?}");
        }
        let u = CMD.usage();
        assert!(u.starts_with("visit-sandbox demo [--json]\n\nDoes a demo.\n\n  --json "));
        for f in CMD.flags() {
            assert!(u.contains(f.name), "{} missing from\n{u}", f.name);
        }
        assert!(u.contains("  --replications N  replications\n"), "{u}");
        assert!(u.contains("\n                    second line (default 1)"));
        assert!(u.contains("\n  --set ID=VALUE    a setting; may be repeated"));
        assert!(u.contains("\n\nScenario:\n  --seed N"));
        assert!(
            u.contains("\n  --time-limit-ms N\n                    stop\n"),
            "{u}"
        );
        assert!(u.contains("  -h, --help        print this help\nThe end."));
    }

    #[test]
    fn one_positional_argument_when_declared() {
        let p = run(&FILE_CMD, &["a.tsp", "--seed", "3"]).expect("valid");
        assert_eq!(p.positional(), Some("a.tsp"));
        assert_eq!(p.whole::<u64>("--seed"), Ok(Some(3)));
        assert_eq!(
            run(&FILE_CMD, &["--seed", "3"]).err(),
            Some(ArgsError::MissingPositional {
                what: "FILE",
                command: "solve"
            })
        );
        assert!(matches!(
            run(&FILE_CMD, &["a", "b"]),
            Err(ArgsError::Unexpected { .. })
        ));
        assert_eq!(
            run(&FILE_CMD, &["a"]).map(|p| p.whole::<u64>("--seed")),
            Ok(Ok(Some(1)))
        );
    }
}
