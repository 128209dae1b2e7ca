//! `visit-sandbox`: the command-line shell over the simulation core (see docs/contract.md).

#[cfg(not(target_arch = "wasm32"))]
mod cli;

// The native shell's allocator (why, in Cargo.toml); the core never names one.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(not(target_arch = "wasm32"))]
const USAGE: &str = "\
visit-sandbox — customer-manager staffing and visit sandbox (客户经理配置与拜访沙盘)

Usage: visit-sandbox <command> [flags]   (visit-sandbox <command> --help for its flags)

Commands:
  compare   run every staffing model on one scenario; a table, or --json
  claims    measure the study's claims on one scenario, and coverage under disturbances
  generate  write a preset's customers.csv, managers.csv and scenario.json
  plan      write one model's assignments.csv, schedule.csv and unvisited.csv
  pilot     today's plan and a staged pilot in chosen departments, with KPI sheets
  route     solve a TSPLIB EUC_2D instance (benchmark)
  pvrp      solve a Cordeau periodic VRP instance (benchmark)
  vrptw     solve a Solomon VRPTW instance (benchmark)
  districts partition a GraphML graph into balanced compact districts (benchmark)
  bench     time the presets (compare, headcount search, replications) and print figures";

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    quiet_broken_pipe();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        std::process::exit(2);
    };
    let result = match cmd.as_str() {
        "compare" => cli::compare::run(rest),
        "claims" => cli::claims::run(rest),
        "bench" => cli::bench::run(rest),
        "generate" => cli::generate::run(rest),
        "plan" => cli::plan::run(rest),
        "pilot" => cli::pilot::run(rest),
        "route" => cli::route::run(rest),
        "pvrp" => cli::pvrp::run(rest),
        "vrptw" => cli::vrptw::run(rest),
        "districts" => cli::districts::run(rest),
        "--help" | "-h" | "help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command '{other}'\n\n{USAGE}")),
    };
    if let Err(e) = result {
        eprintln!("visit-sandbox: {e}");
        std::process::exit(2);
    }
}

/// `visit-sandbox compare | head` closes the pipe early; Rust ignores SIGPIPE, so `println!`
/// panics. Exit quietly with the shell's SIGPIPE status instead of printing a backtrace.
#[cfg(not(target_arch = "wasm32"))]
fn quiet_broken_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let msg = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("");
        if msg.contains("Broken pipe") {
            std::process::exit(141);
        }
        default(info);
    }));
}

// The CLI is a native tool; on wasm32 this binary exists only so the package builds.
#[cfg(target_arch = "wasm32")]
fn main() {}
