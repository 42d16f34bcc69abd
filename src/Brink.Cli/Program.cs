using Brink.Cli;

var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl-C asks long work to stop cleanly and keep partial results; a second one kills.
    if (cts.IsCancellationRequested) return;
    e.Cancel = true;
    cts.Cancel();
};
var context = new CliContext(Console.Out, Console.Error, ansi: !Console.IsOutputRedirected, width: Console.IsOutputRedirected ? 160 : Math.Max(80, Console.WindowWidth))
{
    Cancellation = cts.Token,
    InteractiveProgress = !Console.IsErrorRedirected,
};
return BrinkApp.Run(args, context);
