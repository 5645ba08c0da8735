//! The `paiban` command: parse arguments, run the pipeline, print the report, exit with 0 / 1 / 2, or
//! 128 + the signal number (130 for Ctrl-C, 143 for SIGTERM) when interrupted.

mod cli;
mod settings;

use anyhow::anyhow;
use clap::Parser;
use cli::{Cli, Command, ConvertArgs, FormatArg, ParseArgs, StyleArg, StyleArgs};
use paiban::diag::{shown, Severity};
use paiban::pipeline::{self, Config, Shard, Status};
use paiban::read::{self, decode, ReadOptions};
use paiban::{Diagnostic, Error, Format, Timestamp};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

/// mimalloc: a render allocates thousands of small objects and a few large buffers per document, which glibc
/// malloc hands back to the kernel to fault in again for the next one (15 % of the CPU of a batch).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Parse(args)) => parse(&args),
        Some(Command::Style(args)) => dump_style(&args),
        None => convert(cli.convert),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            say(format_args!("paiban: {error:#}"));
            ExitCode::from(2)
        }
    }
}

/// Set once stderr turned out to be a closed pipe.
static STDERR_CLOSED: AtomicBool = AtomicBool::new(false);

/// Writes one report line to stderr. When the reader has gone (`paiban in/ 2>&1 | head -1`), the lines
/// stop quietly and the run goes on to its end and its exit code: `eprintln!` would panic instead (Rust
/// ignores SIGPIPE, so the write fails with EPIPE), ending the batch with exit code 101.
fn say(line: impl std::fmt::Display) {
    if STDERR_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    if let Err(e) = writeln!(std::io::stderr().lock(), "{line}") {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            STDERR_CLOSED.store(true, Ordering::Relaxed);
        }
        // Any other failure to report leaves nothing better to do than to go on.
    }
}

fn encoding(label: Option<&str>) -> anyhow::Result<Option<&'static encoding_rs::Encoding>> {
    label.map(|label| decode::forced_encoding(label).map_err(|message| anyhow!(message))).transpose()
}

fn parse(args: &ParseArgs) -> anyhow::Result<ExitCode> {
    let options = ReadOptions { encoding: encoding(args.encoding.as_deref())? };
    let (file, json) = (&args.file, args.json);
    // On a worker's stack, as in a batch: the main thread's may be smaller than the deepest document needs.
    let parsed = pipeline::on_worker_stack(|| -> Result<(String, Vec<Diagnostic>), Error> {
        let parsed = read::read_path(file, options)?;
        let text = if json {
            let json = serde_json::to_string_pretty(&parsed.document).map_err(|e| Error::Bug {
                message: format!("the document cannot be written as JSON: {e}"),
            })?;
            json + "\n"
        } else {
            paiban::outline::outline(&parsed.document)
        };
        Ok((text, parsed.diagnostics))
    });
    let (text, diagnostics) = match parsed.and_then(|result| result) {
        Ok(parsed) => parsed,
        Err(error) => {
            say(format_args!("{}: error: {error}", shown(file)));
            return Ok(ExitCode::from(1));
        }
    };
    // `paiban parse big.txt | head` closes the pipe early: that is a normal end, not an error.
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        result => result.map_err(|e| anyhow!("cannot write the outline: {e}"))?,
    }
    for diagnostic in &diagnostics {
        say(format_args!("{}: {diagnostic}", shown(file)));
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
            say(format_args!(
                "\npaiban: interrupted; outputs already written are complete, {removed} unfinished output(s) \
                 removed, the rest not written"
            ));
            std::process::exit(128 + signal);
        }
    });
}

/// `paiban style --dump X`: the preset or style file, complete, on stdout.
fn dump_style(args: &StyleArgs) -> anyhow::Result<ExitCode> {
    let style =
        style(&args.dump)?.ok_or_else(|| anyhow!("auto is chosen per document: name a preset to dump"))?;
    match std::io::stdout().lock().write_all(paiban::style::dump(&style).as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(anyhow!("cannot write the style: {e}")),
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// The style `--style` asks for; `None` for auto.
fn style(arg: &StyleArg) -> anyhow::Result<Option<paiban::style::Style>> {
    Ok(match arg {
        StyleArg::Auto => None,
        StyleArg::Preset(name) => Some(paiban::style::Style::preset(*name)),
        StyleArg::File(path) => Some(paiban::style::load(path).map_err(|e| anyhow!("{e}"))?),
    })
}

fn convert(args: ConvertArgs) -> anyhow::Result<ExitCode> {
    let settings = settings::find(args.config.as_deref(), &args.inputs)?;
    if let (Some(path), false) = (&settings.path, args.quiet) {
        say(format_args!("paiban: settings from {}", shown(path)));
    }
    let mut formats: Vec<Format> = args
        .formats
        .or(settings.formats)
        .unwrap_or_else(|| vec![FormatArg::Pdf, FormatArg::Docx, FormatArg::Epub])
        .iter()
        .map(|f| match f {
            FormatArg::Pdf => Format::Pdf,
            FormatArg::Docx => Format::Docx,
            FormatArg::Epub => Format::Epub,
        })
        .collect();
    formats.sort();
    formats.dedup();
    let style = style(args.style.as_ref().or(settings.style.as_ref()).unwrap_or(&StyleArg::Auto))?;
    for input in &args.inputs {
        if !input.exists() {
            return Err(anyhow!("{}: no such file or folder", shown(input)));
        }
    }
    let shard = match args.shard {
        Some(shard) => shard.resolve(|name| std::env::var(name).ok()).map_err(|why| anyhow!(why))?,
        None => Shard::WHOLE,
    };
    let config = Config {
        inputs: args.inputs,
        output: args.output.or(settings.output).unwrap_or_else(|| "output".into()),
        formats,
        style,
        encoding: encoding(args.encoding.as_deref().or(settings.encoding.as_deref()))?,
        jobs: args.jobs.or(settings.jobs),
        font_dirs: args.font_dir.into_iter().chain(settings.font_dirs).collect(),
        timestamp: timestamp(args.timestamp.or(settings.timestamp))?,
        embed_fonts: !args.no_embed_fonts && settings.embed_fonts.unwrap_or(true),
        keep_boilerplate: args.keep_boilerplate || settings.keep_boilerplate.unwrap_or(false),
        official: paiban::transform::Official {
            letterhead: args.letterhead.or(settings.letterhead),
            seal: args.seal || settings.seal.unwrap_or(false),
        },
        print: paiban::pipeline::PrintOverride {
            pdf_standards: args.pdf_standard.or(settings.pdf_standards),
            bleed_mm: args.bleed.or(settings.bleed_mm),
            marks: (args.marks || settings.marks.unwrap_or(false)).then_some(true),
        },
        progress: !args.quiet && std::io::stderr().is_terminal(),
        shard,
        force: args.force,
        vertical: args.vertical || settings.vertical.unwrap_or(false),
    };
    if config.vertical && config.formats.iter().any(|&f| f != Format::Epub) && !args.quiet {
        say("paiban: --vertical sets the EPUB vertically (竖排); the PDF and DOCX stay horizontal");
    }
    #[cfg(unix)]
    stop_cleanly_on_signals();
    // The error is one complete sentence already; anyhow's chain would repeat its cause.
    let report = pipeline::run(&config).map_err(|e| anyhow!(e.to_string()))?;
    if !args.quiet {
        for diagnostic in &report.plan_diagnostics {
            say(diagnostic);
        }
    }
    if report.planned == 0 {
        say("paiban: no .txt, .text, .md or .markdown files found in the inputs");
        return Ok(ExitCode::from(2));
    }
    for file in &report.files {
        // File names are escaped: a newline in one would otherwise forge a report line.
        let name = shown(&file.input);
        for (format, error) in &file.errors {
            match format {
                Some(format) => say(format_args!("{name}: error: {}: {error}", format.extension())),
                None => say(format_args!("{name}: error: {error}")),
            }
        }
        for diagnostic in &file.diagnostics {
            let wanted = match diagnostic.severity {
                Severity::Warning => !args.quiet,
                Severity::Info => args.verbose,
            };
            if wanted {
                say(format_args!("{name}: {diagnostic}"));
            }
        }
        if args.verbose {
            for path in &file.written {
                say(format_args!("{name}: wrote {}", shown(path)));
            }
            if file.status() == Status::Skipped {
                say(format_args!("{name}: unchanged, outputs kept"));
            }
        }
    }
    if let Err(error) = &report.manifest {
        say(format_args!("paiban: error: the manifest was not written, so a rerun converts again: {error}"));
    }
    let mut failed = report.failed() > 0 || report.manifest.is_err();
    if let Some(path) = &args.report {
        if let Err(error) = pipeline::write_json_report(&report, path) {
            say(format_args!("paiban: error: the report was not written: {error}"));
            failed = true;
        }
    }
    if !args.quiet {
        say(report.summary());
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
