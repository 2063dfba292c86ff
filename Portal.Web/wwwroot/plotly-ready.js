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

// Plotly's responsive mode follows window resizes only: a panel that changes width without one (the navigation drawer
// opening after a phone-width window widened to a desktop, a grid column reflowing) left the plot at its old width,
// overflowing its panel until a reload. Each chart's own element is watched instead, and redrawn at its new width.
const followed = new Set();
const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(entries => {
    for (const entry of entries) {
        const gd = entry.target;
        if (!gd.isConnected) {
            observer.unobserve(gd);
            followed.delete(gd);
            continue;
        }
        const width = Math.round(entry.contentRect.width);
        // Not drawn yet (its first draw takes the width it has then), hidden, or already at this width.
        if (!gd._fullLayout || width === 0 || gd._portalWidth === width) continue;
        gd._portalWidth = width;
        window.Plotly?.Plots.resize(gd)?.catch(() => { });
    }
});

// Plotly.Blazor gives each chart's element min-height: 350px, which Plotly's resize needs (it measures the element), but
// which left a blank strip under a shorter chart: the element's minimum becomes the chart's own height.
export function followWidth(id, height) {
    const gd = document.getElementById(id);
    if (!gd) return;
    if (height > 0) gd.style.minHeight = `${height}px`;
    if (!observer) return;
    // Charts removed from the page (a tab clicked away) are let go.
    for (const old of followed) {
        if (!old.isConnected) {
            observer.unobserve(old);
            followed.delete(old);
        }
    }
    followed.add(gd);
    observer.observe(gd);
}
