using Brink.Web;

return await BrinkWebHost.RunAsync(args);

/// <summary>Entry point of the API + workbench host (also what WebApplicationFactory starts in the tests).</summary>
public partial class Program;
