// Resolves once plotly.js has loaded, through Plotly.Blazor's own interop module (the same module instance its charts use).
// Why: Plotly.Blazor queues each chart's first draw until plotly.js has loaded and then runs the queue in one loop; a chart
// removed meanwhile (a tab clicked away) makes Plotly throw "No DOM element with id ..." and that throw ends the loop, so
// every chart queued after it is never drawn. Charts that wait here draw only once plotly.js is ready: nothing is queued.
export async function whenPlotlyReady(interopUrl, scriptId, scriptUrl) {
    const interop = await import(interopUrl);
    // Loads the script (or finds the element a chart already added; then it may still be loading).
    await interop.importScript(scriptId, scriptUrl);
    if (window.Plotly) return;
    const script = document.getElementById(scriptId);
    if (!script) return;
    await new Promise(resolve => {
        script.addEventListener('load', resolve, { once: true });
        script.addEventListener('error', resolve, { once: true });
    });
}
