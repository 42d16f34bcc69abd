using System.CommandLine;
using System.Diagnostics;
using Brink.Application;
using Brink.Backtest;
using Brink.Cluster;
using Brink.Scenarios;
using Brink.Simulation;

namespace Brink.Cli.Commands;

/// <summary>
/// <c>brink sweep simulate|sensitivity|whatif FILE …</c>, <c>brink sweep backtest deu FILE … --cluster postgres://…</c>: the single-machine command's work split into
/// chunks that the silos of an Orleans cluster compute (docs/cluster.md); prints the same <c>--format json</c> document,
/// byte for byte, whatever the number of silos or the chunk size. <c>sweep show ID</c> reattaches to a sweep (or prints
/// its stored result), <c>sweep cancel ID</c> stops it, <c>sweep list</c> lists them.
/// </summary>
public sealed class SweepCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var command = new Command("sweep", "Run simulate, sensitivity or a DEU back-test as a sweep on a cluster of silos (brink cluster silo); same output as the single-machine command.")
        {
            Simulate(context), Sensitivity(context), Show(context), Cancel(context), List(context), Backtest(context), WhatIf(context),
        };
        return command;
    }

    private static Option<string> ClusterOption() => new("--cluster")
    {
        Description = "The cluster's PostgreSQL database (as given to brink cluster silo --db): postgres://USER:PASSWORD@HOST:PORT/DATABASE.", Required = true,
    };

    private static Option<int> ChunkOption(string what) => new("--chunk-size") { Description = $"{what} per chunk (0 = the default).", DefaultValueFactory = _ => 0 };

    private static Option<bool> DetachOption() => new("--detach") { Description = "Print the sweep's id and return at once (brink sweep show ID --wait reattaches)." };

    private static Command Simulate(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "Scenario file (YAML, JSON or CSV)." };
        var draws = new Option<int>("--draws", "-n") { Description = "Number of Monte Carlo draws.", DefaultValueFactory = _ => 1000 };
        var seed = new Option<ulong>("--seed", "-s") { Description = "Seed of the random streams (same seed, same result whatever the silos, chunks or threads).", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads", "-t") { Description = "Accepted as in brink simulate; the silos run each chunk on one thread, one chunk per core." };
        var format = SimulationCli.FormatOption();
        var model = new Option<string[]>("--model", "-m") { Description = $"Model(s) to run (default: {string.Join(", ", ModelRunner.Models)}).", AllowMultipleArgumentsPerToken = true };
        var variant = new Option<string?>("--variant") { Description = "Model variant (default: the model's default)." };
        var noise = new Option<double?>("--noise") { Description = "Global noise for numbers without a range (as brink simulate)." };
        var issue = new Option<string?>("--issue") { Description = "Only this issue (default: every issue)." };
        var shocks = new Option<bool>("--shocks") { Description = "Add the stability summary (computed once the draws are merged)." };
        var bins = new Option<int>("--bins") { Description = "Histogram bins.", DefaultValueFactory = _ => 20 };
        var dyadCount = new Option<int>("--dyads") { Description = "Dyads shown per model in the table (as brink simulate).", DefaultValueFactory = _ => SimulateCommand.DefaultTopDyads };
        var cluster = ClusterOption();
        var chunk = ChunkOption($"Draws (default {SweepJob.DefaultSimulateChunk})");
        var detach = DetachOption();
        var command = new Command("simulate", "brink simulate as a sweep: chunks of draws on the cluster's silos.")
        {
            file, draws, seed, threads, format, model, variant, noise, issue, shocks, bins, dyadCount, cluster, chunk, detach,
        };
        command.SetAction(parse =>
        {
            var names = parse.GetValue(model) ?? [];
            if (names.SelectMany(n => n.Split(',', StringSplitOptions.TrimEntries)).Any(ModelRegistry.IsCrisis))
                return SimulationCli.Fail(context, $"sweep simulate: --model {RunCommand.CrisisModel} is not in sweeps yet; run brink simulate --model {RunCommand.CrisisModel}");
            if (parse.GetValue(dyadCount) < 0) return SimulationCli.Fail(context, $"--dyads must be 0 (all) or more (got {parse.GetValue(dyadCount)})");
            var path = parse.GetValue(file)!;
            if (!TryScenario(context, path, out var source)) return ExitCodes.BadInput;
            var spec = new SweepSpec
            {
                Kind = SweepKind.Simulate,
                ChunkSize = parse.GetValue(chunk),
                Simulate = new SimulateRequest
                {
                    Scenario = source, Draws = parse.GetValue(draws), Seed = parse.GetValue(seed), Threads = parse.GetValue(threads), Models = names,
                    Variant = parse.GetValue(variant), Noise = parse.GetValue(noise), Issue = parse.GetValue(issue), Shocks = parse.GetValue(shocks), Bins = parse.GetValue(bins),
                },
            };
            return Submit(context, spec, parse.GetValue(cluster)!, parse.GetValue(format)!, parse.GetValue(detach), parse.GetValue(dyadCount));
        });
        return command;
    }

    private static Command Sensitivity(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "Scenario file (YAML, JSON or CSV)." };
        var a = new SensitivityArguments("Accepted as in brink sensitivity; the silos run each chunk on one thread, one chunk per core.");
        var format = SimulationCli.FormatOption();
        var cluster = ClusterOption();
        var chunk = ChunkOption($"Model runs, in whole factors, trajectories or samples (default {SweepJob.DefaultSensitivityChunk})");
        var detach = DetachOption();
        var command = new Command("sensitivity", "brink sensitivity as a sweep: tornado factors, Morris trajectories and Sobol samples in chunks on the cluster's silos.")
        {
            file, a.Model, a.Variant, a.Issue, a.Samples, a.Trajectories, a.Seed, a.Threads, a.Measure, a.PositionRange, a.SalienceRange, a.CapabilityRange, format, cluster, chunk, detach,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!TryScenario(context, path, out var source)) return ExitCodes.BadInput;
            var spec = new SweepSpec
            {
                Kind = SweepKind.Sensitivity,
                ChunkSize = parse.GetValue(chunk),
                Sensitivity = new SensitivityRequest
                {
                    Scenario = source, Model = parse.GetValue(a.Model) ?? ModelRunner.DefaultModel, Variant = parse.GetValue(a.Variant), Issue = parse.GetValue(a.Issue),
                    Options = a.Read(parse),
                },
            };
            return Submit(context, spec, parse.GetValue(cluster)!, parse.GetValue(format)!, parse.GetValue(detach), SimulateCommand.DefaultTopDyads);
        });
        return command;
    }

    private static Command Backtest(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "A file in the DEU layout (tab-separated, columns found by header name)." };
        var models = new Option<string[]>("--models")
        {
            Description = $"Models to run, comma-separated (default: {string.Join(", ", BacktestModels.All.Select(m => m.Name))}; also {string.Join(", ", BacktestModels.Named.Select(m => m.Name))}).",
            AllowMultipleArgumentsPerToken = true,
        };
        var capabilities = new Option<string>("--capabilities") { Description = "Actor capabilities: votes (Council votes by treaty regime), gdp, or equal.", DefaultValueFactory = _ => "votes" };
        capabilities.AcceptOnlyFromAmong([.. DeuBacktestRequest.CapabilitySchemes]);
        var fit = new Option<string?>("--fit") { Description = "Fit learned models on this DEU file only and evaluate them on FILE (default: grouped cross-validation on FILE)." };
        var format = new Option<string>("--format") { Description = "Output format.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var protocolFile = new Option<string?>("--protocol") { Description = "Protocol JSON (folds, seeds, bootstrap); default: the built-in protocol, identical to backtest/protocol.json." };
        var outDir = new Option<string?>("--out") { Description = "Not in sweeps: run brink backtest deu --out for the per-issue files." };
        var cluster = ClusterOption();
        var chunk = ChunkOption($"Issues of direct forecasts and warnings (default {SweepJob.DefaultBacktestChunk}; a cross-validated model is one chunk per fold fit)");
        var detach = DetachOption();
        var deu = new Command("deu", "brink backtest deu as a sweep: forecasts in chunks of issues, one chunk per cross-validation fold fit, on the cluster's silos.")
        {
            file, models, capabilities, fit, format, protocolFile, outDir, cluster, chunk, detach,
        };
        deu.SetAction(parse =>
        {
            if (parse.GetValue(outDir) is not null) return SimulationCli.Fail(context, "sweep backtest: --out is not in sweeps yet; run brink backtest deu --out DIR");
            if (!TryText(context, parse.GetValue(file)!, out var data)) return ExitCodes.BadInput;
            ScenarioSource? fitSource = null;
            if (parse.GetValue(fit) is { } fitPath && !TryText(context, fitPath, out fitSource)) return ExitCodes.BadInput;
            string? protocolText = null;
            var protocolPath = parse.GetValue(protocolFile);
            if (protocolPath is not null && !Brink.Files.InputFile.TryReadText(protocolPath, Brink.Files.InputLimits.MaxInputBytes, out protocolText, out var error))
            {
                ScenarioInput.Print(context, [error!], [], "brink: ");
                return ExitCodes.BadInput;
            }
            var spec = new SweepSpec
            {
                Kind = SweepKind.Backtest,
                ChunkSize = parse.GetValue(chunk),
                Backtest = new DeuBacktestRequest
                {
                    Data = data!, Fit = fitSource, Models = parse.GetValue(models) ?? [], Capabilities = parse.GetValue(capabilities)!,
                    ProtocolText = protocolText, ProtocolName = protocolPath ?? "protocol.json",
                },
            };
            return Submit(context, spec, parse.GetValue(cluster)!, parse.GetValue(format)!, parse.GetValue(detach), SimulateCommand.DefaultTopDyads);
        });
        return new Command("backtest", "brink backtest as a sweep on a cluster of silos; same output as the single-machine command.") { deu };
    }

    private static Command WhatIf(CliContext context)
    {
        var options = new WhatIfCliOptions("Accepted as in brink whatif; the silos run each chunk on one thread, one chunk per core.");
        var format = SimulationCli.FormatOption();
        var cluster = ClusterOption();
        var chunk = ChunkOption($"Candidates (actor × parameter; default {SweepJob.DefaultWhatIfChunk})");
        var detach = DetachOption();
        var command = new Command("whatif", "brink whatif as a sweep: the candidate changes (actor × parameter) searched in chunks on the cluster's silos.");
        options.AddTo(command);
        foreach (var option in new Option[] { format, cluster, chunk, detach }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            if (!TryScenario(context, parse.GetValue(options.File)!, out var source)) return ExitCodes.BadInput;
            var spec = new SweepSpec { Kind = SweepKind.WhatIf, ChunkSize = parse.GetValue(chunk), WhatIf = options.Request(parse, source) };
            return Submit(context, spec, parse.GetValue(cluster)!, parse.GetValue(format)!, parse.GetValue(detach), SimulateCommand.DefaultTopDyads);
        });
        return command;
    }

    /// <summary>A DEU (or protocol) file as text, named by its path as in the single-machine command, so that every silo reads the same bytes.</summary>
    private static bool TryText(CliContext context, string path, out ScenarioSource? source)
    {
        source = null;
        if (!Brink.Files.InputFile.TryReadText(path, Brink.Files.InputLimits.MaxInputBytes, out var text, out var error))
        {
            ScenarioInput.Print(context, [error!], [], "brink: ");
            return false;
        }
        source = ScenarioSource.FromText(text, ScenarioFormat.Tsv, path);
        return true;
    }

    private static Command Show(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The sweep's id (sw-…), as printed when it was submitted." };
        var cluster = ClusterOption();
        var wait = new Option<bool>("--wait") { Description = "If it is still running, reattach: show progress and print the result when it ends." };
        var format = SimulationCli.FormatOption();
        format.DefaultValueFactory = _ => "json";
        var dyadCount = new Option<int>("--dyads") { Description = "Dyads shown per model in a simulate table.", DefaultValueFactory = _ => SimulateCommand.DefaultTopDyads };
        var command = new Command("show", "A sweep's result (its --format json document) or, while it runs, its progress; --wait reattaches.") { id, cluster, wait, format, dyadCount };
        command.SetAction(parse =>
        {
            if (!ClusterCli.TryConnectionString(context, parse.GetValue(cluster)!, "--cluster", out var connection, out var display)) return ExitCodes.BadInput;
            if (!ClusterCli.TryEnsureSchema(context, connection, display, "--cluster")) return ExitCodes.InternalError;
            var store = new PostgresSweepStore(connection);
            var sweepId = parse.GetValue(id)!;
            var record = store.GetAsync(sweepId).GetAwaiter().GetResult();
            if (record is null) return SimulationCli.Fail(context, $"no sweep '{sweepId}' in {display}; brink sweep list --cluster URL lists them");
            if (record.Status == SweepStatus.Running && parse.GetValue(wait))
            {
                record = Wait(context, store, sweepId);
                if (record is null) return Detached(context, sweepId);
            }
            return Print(context, store, record, parse.GetValue(format)!, parse.GetValue(dyadCount), printNotices: true);
        });
        return command;
    }

    private static Command Cancel(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The sweep's id (sw-…)." };
        var cluster = ClusterOption();
        var command = new Command("cancel", "Stop a running sweep (its finished chunks are kept; no result is made).") { id, cluster };
        command.SetAction(parse =>
        {
            if (!ClusterCli.TryConnectionString(context, parse.GetValue(cluster)!, "--cluster", out var connection, out var display)) return ExitCodes.BadInput;
            if (!ClusterCli.TryEnsureSchema(context, connection, display, "--cluster")) return ExitCodes.InternalError;
            var store = new PostgresSweepStore(connection);
            var sweepId = parse.GetValue(id)!;
            var record = store.GetAsync(sweepId).GetAwaiter().GetResult();
            if (record is null) return SimulationCli.Fail(context, $"no sweep '{sweepId}' in {display}");
            if (record.Status != SweepStatus.Running) return SimulationCli.Fail(context, $"sweep {sweepId} is {record.Status}, not running; nothing to cancel");
            if (!TryConnect(context, connection, display, out var client)) return ExitCodes.InternalError;
            try
            {
                var cancelled = client!.CancelAsync(sweepId).GetAwaiter().GetResult();
                context.Error.WriteLine(cancelled ? $"brink: sweep {sweepId} cancelled" : $"brink: sweep {sweepId} had already ended");
                return ExitCodes.Ok;
            }
            finally
            {
                client!.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        });
        return command;
    }

    private static Command List(CliContext context)
    {
        var cluster = ClusterOption();
        var limit = new Option<int>("--limit") { Description = "Most recent sweeps shown.", DefaultValueFactory = _ => 20 };
        var command = new Command("list", "The most recent sweeps: id, kind, status, chunks done, started.") { cluster, limit };
        command.SetAction(parse =>
        {
            if (!ClusterCli.TryConnectionString(context, parse.GetValue(cluster)!, "--cluster", out var connection, out var display)) return ExitCodes.BadInput;
            if (!ClusterCli.TryEnsureSchema(context, connection, display, "--cluster")) return ExitCodes.InternalError;
            foreach (var r in new PostgresSweepStore(connection).ListAsync(Math.Max(1, parse.GetValue(limit))).GetAwaiter().GetResult())
                context.Out.WriteLine($"{r.Id}\t{r.Kind}\t{r.Status}\t{r.ChunksDone}/{r.ChunksTotal} chunks\t{r.Retries} re-run\t{r.CreatedAt:yyyy-MM-dd HH:mm:ss}Z{(r.Error is { } e && r.Status == SweepStatus.Failed ? "\t" + e : "")}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The scenario as text (every silo parses the same bytes), named by its path as in the single-machine command.</summary>
    private static bool TryScenario(CliContext context, string path, out ScenarioSource source)
    {
        source = ScenarioSource.FromFile(path);
        if (File.Exists(path) && DeuImporter.LooksLikeDeu(path))
        {
            SimulationCli.Fail(context, $"{path}: DEU data files are not in sweeps yet; give a YAML, JSON or CSV scenario");
            return false;
        }
        if (!ScenarioLoader.Extensions.TryGetValue(Path.GetExtension(path), out var format))
        {
            // The single-machine loader names the problem (format from the extension).
            var load = ScenarioInputs.Load(source);
            ScenarioInput.Print(context, load.Diagnostics, load.Notices, "brink: ");
            return false;
        }
        if (!Brink.Files.InputFile.TryReadText(path, ScenarioLoader.MaxFileBytes, out var text, out var error))
        {
            ScenarioInput.Print(context, [error!], [], "brink: ");
            return false;
        }
        source = ScenarioSource.FromText(text, format, path);
        return true;
    }

    private static bool TryConnect(CliContext context, string connection, string display, out SweepClient? client)
    {
        client = null;
        try
        {
            client = SweepClient.ConnectAsync(connection, context.Cancellation).GetAwaiter().GetResult();
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            context.Error.WriteLine($"brink: no silo of the cluster on {display} answers ({ex.Message}); start one with brink cluster silo --db URL");
            return false;
        }
    }

    /// <summary>Checks the sweep as the single-machine command would, submits it, waits (with progress) and prints the result.</summary>
    private static int Submit(CliContext context, SweepSpec spec, string clusterUrl, string format, bool detach, int topDyads)
    {
        // Malformed or oversized requests stop here, before anything is sent (the coordinator checks again).
        var job = SweepJob.Create(spec, out var problems, out var notices);
        if (job is null)
        {
            ScenarioInput.Print(context, problems, notices, "brink: ");
            return ExitCodes.BadInput;
        }
        if (!ClusterCli.TryConnectionString(context, clusterUrl, "--cluster", out var connection, out var display)) return ExitCodes.BadInput;
        if (!ClusterCli.TryEnsureSchema(context, connection, display, "--cluster")) return ExitCodes.InternalError;
        var store = new PostgresSweepStore(connection);
        if (!TryConnect(context, connection, display, out var client)) return ExitCodes.InternalError;
        var id = SweepClient.NewId();
        try
        {
            var reply = client!.StartAsync(id, spec).GetAwaiter().GetResult();
            if (!reply.Accepted)
            {
                foreach (var p in reply.Problems) context.Error.WriteLine($"brink: {p}");
                return ExitCodes.BadInput;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            context.Error.WriteLine($"brink: the cluster on {display} did not take the sweep: {ex.Message}");
            return ExitCodes.InternalError;
        }
        finally
        {
            client!.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        context.Error.WriteLine($"brink: sweep {id}: {job.Items.Count} chunks, {job.Work}, on the cluster on {display}; " +
            $"reattach: brink sweep show {id} --cluster URL --wait; stop: brink sweep cancel {id} --cluster URL");
        if (detach)
        {
            context.Out.WriteLine(id);
            return ExitCodes.Ok;
        }
        var record = Wait(context, store, id);
        if (record is null) return Detached(context, id);
        ScenarioInput.Print(context, job.Diagnostics, [], "brink: ");
        return Print(context, store, record, format, topDyads, printNotices: true);
    }

    private static int Detached(CliContext context, string id)
    {
        context.Error.WriteLine($"brink: detached; sweep {id} keeps running: brink sweep show {id} --cluster URL --wait reattaches, brink sweep cancel {id} --cluster URL stops it");
        return 130;
    }

    /// <summary>Polls the store until the sweep ends (null when the user pressed Ctrl-C), showing progress on stderr.</summary>
    private static SweepRecord? Wait(CliContext context, ISweepStore store, string id)
    {
        SweepRecord? last = null;
        var total = store.GetAsync(id).GetAwaiter().GetResult()?.ChunksTotal ?? 1;
        return SimulationCli.WithProgress(context, $"sweep {id}: chunks", total, report =>
        {
            var shown = 0;
            var printed = -1;
            var clock = Stopwatch.StartNew();
            var lastLine = TimeSpan.Zero;
            while (!context.Cancellation.IsCancellationRequested)
            {
                try
                {
                    last = store.GetAsync(id).GetAwaiter().GetResult();
                }
                catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
                {
                    context.Error.WriteLine($"brink: sweep {id}: the database did not answer ({ex.Message}); trying again");
                }
                if (last is not null)
                {
                    if (last.ChunksDone > shown) { report(last.ChunksDone - shown); shown = last.ChunksDone; }
                    if (!context.InteractiveProgress && last.ChunksDone != printed && (clock.Elapsed - lastLine > TimeSpan.FromSeconds(2) || last.Status != SweepStatus.Running))
                    {
                        context.Error.WriteLine($"brink: sweep {id}: {last.ChunksDone} of {last.ChunksTotal} chunks{(last.Retries > 0 ? $", {last.Retries} re-run" : "")}");
                        printed = last.ChunksDone;
                        lastLine = clock.Elapsed;
                    }
                    if (last.Status != SweepStatus.Running) return last;
                }
                context.Cancellation.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(250));
            }
            return null;
        });
    }

    private static int Print(CliContext context, ISweepStore store, SweepRecord record, string format, int topDyads, bool printNotices)
    {
        switch (record.Status)
        {
            case SweepStatus.Running:
                context.Error.WriteLine($"brink: sweep {record.Id} is running: {record.ChunksDone} of {record.ChunksTotal} chunks; --wait reattaches");
                return ExitCodes.Ok;
            case SweepStatus.Cancelled:
                context.Error.WriteLine($"brink: sweep {record.Id} was cancelled ({record.ChunksDone} of {record.ChunksTotal} chunks had finished); no result");
                return ExitCodes.InternalError;
            case SweepStatus.Failed:
                context.Error.WriteLine($"brink: sweep {record.Id} failed: {record.Error}");
                return ExitCodes.InternalError;
        }
        if (printNotices && !string.IsNullOrEmpty(record.Notices))
            foreach (var line in record.Notices.Split('\n')) context.Error.WriteLine(line);
        if (format == "json")
        {
            context.Out.WriteLine(record.Result);
            return ExitCodes.Ok;
        }
        // The table is drawn from the same merged outcome, rebuilt here from the stored chunks.
        var job = SweepJob.Create(SweepSpec.FromJson(record.Spec), out var problems, out _);
        if (job is null)
        {
            ScenarioInput.Print(context, problems, [], "brink: ");
            return ExitCodes.BadInput;
        }
        switch (job.Merge(store.LoadChunksAsync(record.Id).GetAwaiter().GetResult()))
        {
            case SimulateOutcome { Report: { } report }:
                SimulateCommand.WriteTable(context, report, topDyads);
                break;
            case SensitivityOutcome { Result: { } result }:
                SensitivityCommand.WriteTable(context, result);
                break;
            case WhatIfOutcome { Result: { } whatIf }:
                WhatIfCommand.WriteTable(context, whatIf);
                break;
            case BacktestOutcome { Report: { } report }:
                BacktestCommand.WriteTables(context, report, job.Spec.Backtest!.Data.FileName);
                break;
        }
        return ExitCodes.Ok;
    }
}
