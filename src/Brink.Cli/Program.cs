using Brink.Cli;

#if BRINK_NATIVE
// The native build runs only what it was verified to run; any other command line becomes the full (ReadyToRun) CLI.
if (!NativeBuild.RunsHere(args)) return NativeBuild.HandOver(args, Console.Error);
#endif
CommandWarmup.Start(args);
var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl-C asks long work to stop cleanly and keep partial results; a second one kills.
    if (cts.IsCancellationRequested) return;
    e.Cancel = true;
    cts.Cancel();
};
// Piped or redirected output is read by scripts: lines are never wrapped (a wide width), so an
// identifier is never split; a terminal gets its own width (at least 80 columns).
var context = new CliContext(Console.Out, Console.Error, ansi: !Console.IsOutputRedirected, width: Console.IsOutputRedirected ? CliContext.PipedWidth : Math.Max(80, Console.WindowWidth))
{
    Cancellation = cts.Token,
    InteractiveProgress = !Console.IsErrorRedirected,
    Input = Console.In,
};
return BrinkApp.Run(args, context);
