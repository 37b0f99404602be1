//! The `specgen` command line: `generate`, `check`, `lint` and `diff`. Exit codes: 0 ok, 1 drift
//! (`check`) or examples that do not fit (`lint`), 2 error (bad spec, unreadable file, bad
//! arguments); `diff`: 0 no API change, 1 compatible changes only, 3 a breaking change.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use specgen::{Builder, Drift};

// Generation allocates and frees millions of small token and syntax-tree nodes; mimalloc
// takes about a third off the whole run (measured in BENCHMARKS.md). Only the command line
// uses it: the library, e.g. in a build script, leaves the allocator to its host.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// OpenAPI 3.0 and 3.1 → Rust client generator.
#[derive(Parser)]
#[command(name = "specgen", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check every `example`/`examples` value of SPEC against the types generated from its
    /// schemas; exit 1 when some do not fit.
    Lint {
        /// The OpenAPI 3.0 or 3.1 definition (YAML or JSON).
        spec: PathBuf,
        /// An OpenAPI Overlay (1.0/1.1) to apply to SPEC first; repeatable, applied in order.
        #[arg(long = "overlay", value_name = "FILE")]
        overlays: Vec<PathBuf>,
    },
    /// Write a complete crate (Cargo.toml, src/…) generated from SPEC into --out. Only files
    /// specgen wrote are overwritten or removed; anything else in the way stops the run
    /// (exit 2) before anything is written, unless --force.
    Generate(GenerateArgs),
    /// Exit 0 when --out holds exactly what `generate` would write, else 1 naming the first
    /// file that differs, is missing or is extra, with what regenerating would change in the
    /// Rust API.
    Check(CrateArgs),
    /// The change in the generated Rust API from OLD to NEW, each change breaking or
    /// compatible for callers, with a suggested version bump. Exit 0: no change, 1: only
    /// compatible changes, 3: something breaks, 2: error.
    Diff(DiffArgs),
}

/// What `generate` writes and `check` compares.
#[derive(Args)]
struct CrateArgs {
    /// The OpenAPI 3.0 or 3.1 definition (YAML or JSON).
    #[arg(required_unless_present = "config")]
    spec: Option<PathBuf>,
    /// A crate description file (specgen.toml): crate name and version, the spec, its
    /// overlays and subset. Options given here as well override it.
    #[arg(long, value_name = "FILE", conflicts_with = "spec")]
    config: Option<PathBuf>,
    /// An OpenAPI Overlay (1.0/1.1) to apply to SPEC first; repeatable, applied in order.
    #[arg(long = "overlay", value_name = "FILE")]
    overlays: Vec<PathBuf>,
    /// The crate directory.
    #[arg(long)]
    out: PathBuf,
    /// Package name of the generated crate (default: the spec file's name).
    #[arg(long)]
    crate_name: Option<String>,
    /// Package version of the generated crate (default 0.1.0).
    #[arg(long)]
    crate_version: Option<String>,
    /// Treat every warning (lenient fix-up or fallback) as an error.
    #[arg(long)]
    strict: bool,
    /// Also write tests/examples.rs, decoding every example of the spec through the types.
    #[arg(long)]
    example_tests: bool,
    /// Depend on the specgen-runtime crate instead of carrying the runtime's files in the
    /// generated crate: `registry` (the release of this specgen's version), a path, or a
    /// version requirement.
    #[arg(long, value_name = "registry|PATH|VERSION")]
    runtime_crate: Option<String>,
    /// One cargo feature per tag (operations without a tag: `untagged`; `default`: all);
    /// each compiles its operations and the types they reach.
    #[arg(long)]
    tag_features: bool,
    #[command(flatten)]
    select: SelectArgs,
}

/// Which operations to generate.
#[derive(Args)]
struct SelectArgs {
    /// Generate only the operations RULE names (repeatable): `tag:NAME`, `operation:ID`, or
    /// `path:PATTERN` (`*` within a segment, `**` across); types they do not reach are left out.
    #[arg(long = "include", value_name = "RULE")]
    include: Vec<String>,
    /// Leave out the operations RULE names (repeatable; same rules as --include).
    #[arg(long = "exclude", value_name = "RULE")]
    exclude: Vec<String>,
    /// Types only: no client and no HTTP dependencies.
    #[arg(long)]
    types_only: bool,
}

impl SelectArgs {
    fn apply(&self, builder: Builder) -> Builder {
        let builder = self.include.iter().fold(builder, Builder::include);
        let builder = self.exclude.iter().fold(builder, Builder::exclude);
        // Only a flag given here overrides the description file.
        if self.types_only {
            builder.types_only(true)
        } else {
            builder
        }
    }
}

/// `generate`'s options: those of `check`, and how to write.
#[derive(Args)]
struct GenerateArgs {
    #[command(flatten)]
    krate: CrateArgs,
    /// Overwrite or remove files in the way: files specgen did not write, or edited since.
    #[arg(long)]
    force: bool,
    /// List each file created, updated, unchanged and removed.
    #[arg(short, long)]
    verbose: bool,
}

impl CrateArgs {
    /// The builder: the description file's settings if there is one, then the options
    /// given on the command line.
    fn builder(&self) -> Result<Builder, specgen::Error> {
        let mut builder = match (&self.config, &self.spec) {
            (Some(config), _) => Builder::new().config(config)?,
            (None, Some(spec)) => Builder::new().spec(spec),
            (None, None) => {
                return Err(specgen::Error::Usage(
                    "give a SPEC or --config FILE".to_owned(),
                ));
            }
        };
        builder = self.overlays.iter().fold(builder, Builder::overlay);
        builder = self.select.apply(builder).example_tests(self.example_tests);
        if self.strict {
            builder = builder.strict(true);
        }
        // Only the flag given overrides the description file.
        if self.tag_features {
            builder = builder.tag_features(true);
        }
        if let Some(version) = &self.crate_version {
            builder = builder.crate_version(version);
        }
        if let Some(source) = &self.runtime_crate {
            builder = builder.runtime_crate(source);
        }
        if let Some(name) = &self.crate_name {
            builder = builder.crate_name(name);
        }
        Ok(builder)
    }
}

/// What `diff` compares: two versions of a spec, generated with the same options.
#[derive(Args)]
struct DiffArgs {
    /// The earlier version of the spec.
    old: PathBuf,
    /// The later version of the spec.
    new: PathBuf,
    /// An OpenAPI Overlay (1.0/1.1) to apply to both specs first; repeatable, applied in order.
    #[arg(long = "overlay", value_name = "FILE")]
    overlays: Vec<PathBuf>,
    /// An Overlay to apply to OLD only, after the `--overlay`s (e.g. a fix the vendor has made
    /// since); repeatable.
    #[arg(long = "old-overlay", value_name = "FILE")]
    old_overlays: Vec<PathBuf>,
    /// An Overlay to apply to NEW only, after the `--overlay`s; repeatable. What an overlay
    /// changes in the API: `diff SPEC SPEC --new-overlay FILE`.
    #[arg(long = "new-overlay", value_name = "FILE")]
    new_overlays: Vec<PathBuf>,
    /// Package name of the generated crates (default: the spec file's name).
    #[arg(long)]
    crate_name: Option<String>,
    /// Package version of the crate generated from OLD; the suggested bump applies to it.
    #[arg(long, default_value = "0.1.0")]
    crate_version: String,
    /// Treat every warning (lenient fix-up or fallback) as an error.
    #[arg(long)]
    strict: bool,
    #[command(flatten)]
    select: SelectArgs,
    /// `text` for people, `json` for CI (shape: `specgen::diff::ApiDiff`).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// How `diff` prints.
#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

impl DiffArgs {
    /// The builder of one side: `spec` with the shared overlays, then `own` (that side's).
    fn builder(&self, spec: &Path, own: &[PathBuf]) -> Builder {
        let builder = own
            .iter()
            .fold(builder_for(spec, &self.overlays), Builder::overlay)
            .crate_version(&self.crate_version)
            .strict(self.strict);
        let builder = self.select.apply(builder);
        match &self.crate_name {
            Some(name) => builder.crate_name(name),
            None => builder,
        }
    }
}

/// A builder for `spec` with `overlays` applied in the order given.
fn builder_for(spec: &Path, overlays: &[PathBuf]) -> Builder {
    overlays
        .iter()
        .fold(Builder::new().spec(spec), Builder::overlay)
}

/// Prints diagnostics with the offending source line under each.
fn print_diagnostics(diagnostics: &[specgen::Diagnostic]) {
    let mut sources: std::collections::HashMap<PathBuf, Option<String>> =
        std::collections::HashMap::new();
    for diagnostic in diagnostics {
        sources
            .entry(diagnostic.file.clone())
            .or_insert_with(|| std::fs::read_to_string(&diagnostic.file).ok());
    }
    // Lines are indexed once per file: a large spec can have hundreds of warnings.
    let lines: std::collections::HashMap<&PathBuf, Vec<&str>> = sources
        .iter()
        .map(|(file, text)| {
            (
                file,
                text.as_deref()
                    .map(|t| t.lines().collect())
                    .unwrap_or_default(),
            )
        })
        .collect();
    for diagnostic in diagnostics {
        let line = diagnostic.position.and_then(|(line, _)| {
            lines
                .get(&diagnostic.file)?
                .get(line.checked_sub(1)?)
                .copied()
        });
        eprintln!("{}\n", diagnostic.render_with_line(line));
    }
}

fn print_warnings(warnings: &[specgen::Diagnostic]) {
    print_diagnostics(warnings);
}

/// Prints an error: spec problems with their source lines, a count, others as they are.
fn print_error(error: &specgen::Error) {
    match error {
        specgen::Error::Spec(diagnostics) => {
            print_diagnostics(diagnostics);
            let errors = diagnostics
                .iter()
                .filter(|d| d.severity == specgen::Severity::Error)
                .count();
            eprintln!("specgen: the spec has {errors} error(s)");
        }
        specgen::Error::Ownership(conflicts) => {
            for conflict in conflicts {
                eprintln!("{conflict}\n");
            }
            eprintln!(
                "specgen: {} file(s) in the way; nothing was written. Move them away, or pass --force to replace them",
                conflicts.len()
            );
        }
        other => eprintln!("specgen: {other}"),
    }
}

/// What `generate` did: what it replaced by force (always), each file (with `-v`), and the
/// counts: `out: 3 updated, 4 unchanged, 1 removed`.
fn print_report(report: &specgen::WriteReport, verbose: bool) {
    for conflict in &report.forced {
        let verb = if conflict.removal {
            "removed"
        } else {
            "replaced"
        };
        eprintln!("{verb} {} ({})", conflict.file, conflict.reason());
    }
    if verbose {
        let lists = [
            ("created", &report.created),
            ("updated", &report.updated),
            ("unchanged", &report.unchanged),
            ("removed", &report.removed),
        ];
        for (what, files) in lists {
            for file in files {
                eprintln!("  {what:<9} {file}");
            }
        }
        if !report.adopted.is_empty() {
            eprintln!(
                "  adopted   {} (no manifest listed them)",
                report.adopted.join(", ")
            );
        }
    }
    eprintln!("{}: {report}", report.dir.display());
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Lint { spec, overlays } => match builder_for(&spec, &overlays).lint() {
            Ok((findings, warnings)) => {
                print_warnings(&warnings);
                print_diagnostics(&findings);
                if findings.is_empty() {
                    eprintln!("{}: every example fits its schema", spec.display());
                    ExitCode::SUCCESS
                } else {
                    eprintln!(
                        "{}: {} example(s) do not fit their schemas",
                        spec.display(),
                        findings.len()
                    );
                    ExitCode::from(1)
                }
            }
            Err(e) => {
                print_error(&e);
                ExitCode::from(2)
            }
        },
        Command::Generate(args) => {
            let out = &args.krate.out;
            match args
                .krate
                .builder()
                .and_then(|builder| builder.force(args.force).write_crate(out))
            {
                Ok(written) => {
                    print_warnings(&written.output.warnings);
                    print_report(&written.report, args.verbose);
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    print_error(&e);
                    ExitCode::from(2)
                }
            }
        }
        Command::Check(args) => {
            let out = &args.out;
            match args
                .builder()
                .and_then(|builder| builder.check_crate_output(out))
            {
                Ok((drift, output)) => {
                    print_warnings(&output.warnings);
                    if drift != Drift::None {
                        print_api_change(&output.files, out);
                    }
                    match drift {
                        Drift::None => {
                            eprintln!("{} is up to date", out.display());
                            ExitCode::SUCCESS
                        }
                        Drift::Missing(file) => {
                            eprintln!("{}: missing {file}; run `specgen generate`", out.display());
                            ExitCode::from(1)
                        }
                        Drift::Differs(file) => {
                            eprintln!(
                                "{}: {file} differs from what the spec generates; run `specgen generate`",
                                out.display()
                            );
                            ExitCode::from(1)
                        }
                        Drift::Extra(file) => {
                            eprintln!(
                                "{}: {file} is not generated from the spec; run `specgen generate`",
                                out.display()
                            );
                            ExitCode::from(1)
                        }
                    }
                }
                Err(e) => {
                    print_error(&e);
                    ExitCode::from(2)
                }
            }
        }
        Command::Diff(args) => diff(&args),
    }
}

/// `specgen diff`: the report on stdout, warnings and errors on stderr.
fn diff(args: &DiffArgs) -> ExitCode {
    let old = args.builder(&args.old, &args.old_overlays);
    let new = args.builder(&args.new, &args.new_overlays);
    let (diff, warnings) = match specgen::diff::between(&old, &new) {
        Ok(done) => done,
        Err(specgen::diff::DiffError::Old(e) | specgen::diff::DiffError::New(e)) => {
            print_error(&e);
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("specgen: {e}");
            return ExitCode::from(2);
        }
    };
    print_warnings(&warnings);
    let report = match args.format {
        Format::Text => diff.render_text(),
        Format::Json => match diff.to_json() {
            Ok(json) => json + "\n",
            Err(e) => {
                eprintln!("specgen: {e}");
                return ExitCode::from(2);
            }
        },
    };
    // A reader that stops early (`specgen diff … | head`) is no reason to fail or panic.
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), report.as_bytes());
    if diff.is_breaking() {
        ExitCode::from(3)
    } else if diff.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// On drift: what regenerating would change in the Rust API of the crate in `out` (its
/// files on disk against fresh output), so that a stale crate says more than its first file.
fn print_api_change(fresh: &[(String, String)], out: &Path) {
    use specgen::diff::{between_files, read_crate_files};
    let change = read_crate_files(out, fresh.iter().map(|(p, _)| p.as_str()))
        .and_then(|on_disk| between_files(&on_disk, fresh));
    match change {
        Ok(diff) => eprint!(
            "what `specgen generate` would change in the Rust API of {}:\n\n{}",
            out.display(),
            diff.render_text()
        ),
        Err(e) => eprintln!("specgen: cannot summarise the change to the Rust API: {e}"),
    }
}
