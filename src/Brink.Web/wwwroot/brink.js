// Plotly.Blazor 7.2's interop queues the charts drawn while plotly.js loads and draws them in one loop
// when it has loaded; a chart whose element left the page meanwhile (the user picked another actor) makes
// Plotly throw and stops the loop, so every chart queued after it stays empty. Each Plotly instance assigned
// to window.Plotly is wrapped so that a call for an element no longer on the page does nothing.
(() => {
  const byId = ["newPlot", "react", "update", "relayout", "restyle", "extendTraces", "prependTraces",
    "addTraces", "deleteTraces", "purge"];
  const guard = (plotly) => {
    if (!plotly || plotly.__brinkGuarded) return plotly;
    for (const name of byId) {
      const original = plotly[name];
      if (typeof original !== "function") continue;
      plotly[name] = function (target, ...rest) {
        if (typeof target === "string" && document.getElementById(target) === null) return Promise.resolve();
        return original.call(this, target, ...rest);
      };
    }
    plotly.__brinkGuarded = true;
    return plotly;
  };
  let current = guard(window.Plotly);
  Object.defineProperty(window, "Plotly", {
    configurable: true,
    get: () => current,
    set: (value) => { current = guard(value); },
  });
})();

// Saves bytes sent by the server (a DotNetStreamReference) as a file download: reports, scenario text.
window.brinkDownload = async (fileName, contentType, streamRef) => {
  const buffer = await streamRef.arrayBuffer();
  const url = URL.createObjectURL(new Blob([buffer], { type: contentType }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
};
