using Brink.Scenarios;

namespace Brink.Web.Components;

/// <summary>The scenario being edited and the last results, kept for the browser tab's circuit (one per user session).</summary>
public sealed class WorkbenchState
{
    public string Text { get; set; } = "";
    public ScenarioFormat Format { get; set; } = ScenarioFormat.Yaml;
    public string FileName { get; set; } = "scenario.yaml";
    /// <summary>Id of the last simulation job started from this tab.</summary>
    public string? SimulationJob { get; set; }
    /// <summary>Id of the last DEU back-test job started from this tab.</summary>
    public string? BacktestJob { get; set; }

    public Brink.Application.ScenarioSource Source() => Brink.Application.ScenarioSource.FromText(Text, Format, FileName);
}
