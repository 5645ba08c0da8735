//! The `paiban` command: parse arguments, run the pipeline, print the report, exit with 0 / 1 / 2.

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
    let report = pipeline::run(&config).context("planning the conversion")?;
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
