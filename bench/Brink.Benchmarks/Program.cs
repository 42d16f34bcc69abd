using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Brink.Benchmarks -- --filter '*Eum*' [--job dry]
BenchmarkSwitcher.FromAssembly(typeof(Brink.Benchmarks.EumBenchmarks).Assembly).Run(args);
