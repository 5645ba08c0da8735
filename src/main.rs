//! The `paiban` command: parse arguments, run the pipeline, print the report, exit with 0 / 1 / 2, or
//! 128 + the signal number (130 for Ctrl-C, 143 for SIGTERM) when interrupted.

mod cli;

use anyhow::{anyhow, Context};
use clap::Parser;
use cli::{Cli, Command, ConvertArgs, FormatArg, ParseArgs};
use paiban::diag::Severity;
use paiban::pipeline::{self, Config};
use paiban::read::{self, decode, ReadOptions};
use paiban::{Format, Timestamp};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

/// mimalloc: a render allocates thousands of small objects and a few large buffers per document, which glibc
/// malloc hands back to the kernel to fault in again for the next one (15 % of the CPU of a batch).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Parse(args)) => parse(&args),
        None => convert(cli.convert),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("paiban: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn encoding(label: Option<&str>) -> anyhow::Result<Option<&'static encoding_rs::Encoding>> {
    label
        .map(|label| {
            decode::encoding_for_label(label).ok_or_else(|| {
                anyhow!("unknown encoding '{label}' (try utf-8, gb18030, gbk, big5, utf-16le)")
            })
        })
        .transpose()
}

fn parse(args: &ParseArgs) -> anyhow::Result<ExitCode> {
    let options = ReadOptions { encoding: encoding(args.encoding.as_deref())? };
    let parsed = match read::read_path(&args.file, options) {
        Ok(parsed) => parsed,
        Err(error) => {
            eprintln!("{}: {error}", args.file.display());
            return Ok(ExitCode::from(1));
        }
    };
    let text = if args.json {
        serde_json::to_string_pretty(&parsed.document).context("serialising the document")? + "\n"
    } else {
        paiban::outline::outline(&parsed.document)
    };
    // `paiban parse big.txt | head` closes the pipe early: that is a normal end, not an error.
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        result => result.context("writing the outline")?,
    }
    for diagnostic in &parsed.diagnostics {
        eprintln!("{}: {diagnostic}", args.file.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn timestamp(flag: Option<i64>) -> anyhow::Result<Timestamp> {
    if let Some(seconds) = flag {
        return Ok(Timestamp(seconds));
    }
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) if !value.trim().is_empty() => value
            .trim()
            .parse()
            .map(Timestamp)
            .map_err(|_| anyhow!("SOURCE_DATE_EPOCH must be whole seconds since 1970, not '{value}'")),
        _ => Ok(Timestamp::DEFAULT),
    }
}

/// Ctrl-C, SIGTERM or SIGHUP during a batch: delete the temporary outputs being written, say so in one line
/// and exit at once with 128 + the signal number (the shell convention: 130, 143, 129). Outputs already
/// complete stay; none is ever partial, since each appears only by rename.
#[cfg(unix)]
fn stop_cleanly_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGXFSZ};
    // A write past a file size limit (`ulimit -f`) raises SIGXFSZ, which by default kills the process
    // mid-batch; with a handler installed the write fails instead and the report names the file.
    let _ = signal_hook::flag::register(SIGXFSZ, std::sync::Arc::default());
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else { return };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let removed = pipeline::abandon_temporary_files();
            eprintln!(
                "\npaiban: interrupted; outputs already written are complete, {removed} unfinished output(s) \
                 removed, the rest not written"
            );
            std::process::exit(128 + signal);
        }
    });
}

fn convert(args: ConvertArgs) -> anyhow::Result<ExitCode> {
    let mut formats: Vec<Format> = args
        .formats
        .iter()
        .map(|f| match f {
            FormatArg::Pdf => Format::Pdf,
            FormatArg::Docx => Format::Docx,
            FormatArg::Epub => Format::Epub,
        })
        .collect();
    formats.sort();
    formats.dedup();
    let style = args.style.name();
    for input in &args.inputs {
        if !input.exists() {
            return Err(anyhow!("{}: no such file or folder", input.display()));
        }
    }
    let config = Config {
        inputs: args.inputs,
        output: args.output,
        formats,
        style,
        encoding: encoding(args.encoding.as_deref())?,
        jobs: args.jobs,
        font_dirs: args.font_dir,
        timestamp: timestamp(args.timestamp)?,
        embed_fonts: !args.no_embed_fonts,
        keep_boilerplate: args.keep_boilerplate,
        progress: !args.quiet && std::io::stderr().is_terminal(),
    };
    #[cfg(unix)]
    stop_cleanly_on_signals();
    // The error is one complete sentence already; anyhow's chain would repeat its cause.
    let report = pipeline::run(&config).map_err(|e| anyhow!(e.to_string()))?;
    if report.files.is_empty() {
        eprintln!("paiban: no .txt, .text, .md or .markdown files found in the inputs");
        return Ok(ExitCode::from(2));
    }

    for diagnostic in &report.plan_diagnostics {
        if !args.quiet {
            eprintln!("{diagnostic}");
        }
    }
    for file in &report.files {
        let name = file.input.display();
        for (format, error) in &file.errors {
            match format {
                Some(format) => eprintln!("{name}: error: {}: {error}", format.extension()),
                None => eprintln!("{name}: error: {error}"),
            }
        }
        for diagnostic in &file.diagnostics {
            let shown = match diagnostic.severity {
                Severity::Warning => !args.quiet,
                Severity::Info => args.verbose,
            };
            if shown {
                eprintln!("{name}: {diagnostic}");
            }
        }
        if args.verbose {
            for path in &file.written {
                eprintln!("{name}: wrote {}", path.display());
            }
        }
    }
    if !args.quiet {
        eprintln!("{}", report.summary());
    }
    Ok(if report.failed() > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
